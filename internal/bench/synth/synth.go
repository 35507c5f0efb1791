package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Sizes says how large a city to add.
type Sizes struct {
	Plans, Targets, Figures int
	// Prefix begins the slugs of the plans and departments added, so a
	// second city can be added beside the first under another prefix.
	Prefix string
}

// Result names what the benchmarks look for.
type Result struct {
	// LargePlan is the slug of the plan of 3,000 targets (fewer when the
	// sizes are too small for one), LargePlanTargets its size.
	LargePlan        string
	LargePlanTargets int
	// ManyFigures is a target with 500 figure rows (fewer when the sizes
	// are too small), ManyFiguresCount how many.
	ManyFigures      int64
	ManyFiguresCount int
}

const (
	largePlanSize   = 3000
	manyFigureCount = 500
	targetsPerTask  = 10
	tasksPerSection = 10
	districtCount   = 10
	// figureBatch is about how many figure rows one COPY (and one
	// transaction) carries; whole targets go into a batch, so the
	// summary trigger summarises each target once.
	figureBatch = 500_000
)

var districts = [districtCount]string{"中山区", "西岗区", "沙河口区", "甘井子区", "旅顺口区", "金州区", "普兰店区", "瓦房店市", "庄河市", "长海县"}

// period is one reporting period of the synthetic figures.
type period struct {
	label      string
	start, end time.Time
}

var months, years []period

func init() {
	// Ten years of months up to October 2026, and ten calendar years up to
	// 2025: every period ends by the time the figures are said to be entered.
	first := time.Date(2016, 11, 1, 0, 0, 0, 0, time.UTC)
	for m := 0; m < 120; m++ {
		s := first.AddDate(0, m, 0)
		months = append(months, period{s.Format("2006-01"), s, s.AddDate(0, 1, -1)})
	}
	for y := 2016; y <= 2025; y++ {
		s := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
		years = append(years, period{fmt.Sprint(y), s, s.AddDate(1, 0, -1)})
	}
}

// target is a synthetic target as generated, before and after it is stored.
type target struct {
	id      int64
	plan    int // index of its plan
	index   int // position across the whole city, which decides its kind and review state
	kind    goalpost.Kind
	figures int
	monthly bool
}

// Load adds the city sized s to the database behind pool and writes the
// time each phase took to out.
func Load(ctx context.Context, pool *pgxpool.Pool, s Sizes, out io.Writer) (Result, error) {
	if s.Plans < 1 || s.Targets < s.Plans || s.Figures < 0 {
		return Result{}, errors.New("need at least one plan, a target per plan and no negative counts")
	}
	if s.Prefix == "" {
		s.Prefix = "synth"
	}
	var exists bool
	if err := pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM plans WHERE slug LIKE $1 || '-%')`, s.Prefix).Scan(&exists); err != nil {
		return Result{}, err
	}
	if exists {
		return Result{}, fmt.Errorf("plans with the prefix %q are already loaded: choose another -prefix", s.Prefix)
	}
	began := time.Now()
	phase := func(name string, start time.Time, detail string) {
		fmt.Fprintf(out, "%-10s %8.1f s  %s\n", name, time.Since(start).Seconds(), detail)
	}

	// How many targets each plan has: the first 3,000 (when there is room
	// for it beside one per other plan), the others share the rest unevenly.
	sizes := make([]int, s.Plans)
	large := min(largePlanSize, s.Targets/2, s.Targets-(s.Plans-1))
	if s.Plans == 1 {
		large = s.Targets
	}
	sizes[0] = large
	if s.Plans > 1 {
		rest := s.Targets - large
		var weights []int
		total := 0
		for i := 1; i < s.Plans; i++ {
			w := 5 + (i*7919)%11 // 5..15: plans of different sizes
			weights = append(weights, w)
			total += w
		}
		given := 0
		for i := 1; i < s.Plans; i++ {
			n := max(1, rest*weights[i-1]/total)
			sizes[i] = n
			given += n
		}
		// Whatever the rounding left over (or took too much) goes to the last plans.
		for i := s.Plans - 1; given != rest; i-- {
			if i == 0 {
				i = s.Plans - 1
			}
			switch {
			case given < rest:
				sizes[i]++
				given++
			case sizes[i] > 1:
				sizes[i]--
				given--
			}
		}
	}

	// How many figure rows each target has: one target 500 (in the second
	// plan, or the only one), the others share the rest.
	targets := make([]*target, 0, s.Targets)
	for p, n := range sizes {
		for j := 0; j < n; j++ {
			i := len(targets)
			k := goalpost.Kinds[i%len(goalpost.Kinds)]
			targets = append(targets, &target{plan: p, index: i, kind: k, monthly: k != goalpost.KindPerDistrict})
		}
	}
	many := 0
	if s.Plans > 1 {
		many = sizes[0]
	}
	manyCount := min(manyFigureCount, s.Figures/2)
	targets[many].figures = manyCount
	targets[many].kind = goalpost.KindPerDistrict
	targets[many].monthly = true
	rest := s.Figures - manyCount
	others := len(targets) - 1
	for i, t := range targets {
		if i == many || others == 0 {
			continue
		}
		// Figure counts vary by target (±50% around the mean), and add up.
		slot := i
		if i > many {
			slot--
		}
		lo, hi := rest*slot/others, rest*(slot+1)/others
		t.figures = hi - lo
		if slot%2 == 0 && slot+1 < others {
			t.figures += (hi - lo) / 2
		} else if slot%2 == 1 {
			t.figures -= (rest*slot/others - rest*(slot-1)/others) / 2
		}
	}

	start := time.Now()
	if err := structure(ctx, pool, s, sizes, targets); err != nil {
		return Result{}, fmt.Errorf("plans and targets: %w", err)
	}
	phase("structure", start, fmt.Sprintf("%d plans, their sections, tasks and departments, %d targets", s.Plans, len(targets)))

	start = time.Now()
	var copying, reviewing, auditing time.Duration
	rows := 0
	for lo := 0; lo < len(targets); {
		hi, n := lo, 0
		for hi < len(targets) && (n == 0 || n+targets[hi].figures <= figureBatch) {
			n += targets[hi].figures
			hi++
		}
		c, r, a, err := figures(ctx, pool, s.Prefix, targets[lo:hi])
		if err != nil {
			return Result{}, fmt.Errorf("figures: %w", err)
		}
		copying, reviewing, auditing = copying+c, reviewing+r, auditing+a
		rows += n
		lo = hi
	}
	phase("figures", start, fmt.Sprintf("%d rows: COPY with the summary trigger %.1f s, reviews %.1f s, audit trail %.1f s",
		rows, copying.Seconds(), reviewing.Seconds(), auditing.Seconds()))

	start = time.Now()
	if _, err := pool.Exec(ctx, `ANALYZE`); err != nil {
		return Result{}, fmt.Errorf("analyze: %w", err)
	}
	phase("analyze", start, "")
	var size string
	if err := pool.QueryRow(ctx, `SELECT pg_size_pretty(pg_database_size(current_database()))`).Scan(&size); err != nil {
		return Result{}, err
	}
	phase("total", began, "database size "+size)

	res := Result{LargePlan: planSlug(s.Prefix, 0), LargePlanTargets: sizes[0], ManyFigures: targets[many].id, ManyFiguresCount: manyCount}
	fmt.Fprintf(out, "plan of %d targets: /plans/%s\ntarget with %d figures: /targets/%d\n",
		res.LargePlanTargets, res.LargePlan, res.ManyFiguresCount, res.ManyFigures)
	return res, nil
}

func planSlug(prefix string, i int) string { return fmt.Sprintf("%s-%04d", prefix, i+1) }

// structure adds the plans, departments, sections, tasks, their owners and
// the targets in one transaction, reading back the ids COPY gave them.
func structure(ctx context.Context, pool *pgxpool.Pool, s Sizes, sizes []int, targets []*target) error {
	return pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"plans"},
			[]string{"slug", "title", "short_title", "issuer", "issued_on", "period_start", "period_end", "source"},
			pgx.CopyFromSlice(len(sizes), func(i int) ([]any, error) {
				return []any{planSlug(s.Prefix, i), fmt.Sprintf("合成市第%d号专项行动方案（2021—2027年）", i+1),
					fmt.Sprintf("合成方案%d", i+1), "合成市人民政府", d(2021, 3, 1), d(2021, 1, 1), d(2027, 12, 31), "synthetic"}, nil
			})); err != nil {
			return fmt.Errorf("plans: %w", err)
		}
		planIDs, err := idsBy(ctx, tx, `SELECT slug, id FROM plans WHERE slug LIKE $1 || '-%'`, s.Prefix)
		if err != nil {
			return err
		}
		departments := max(5, len(sizes)/5)
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"departments"}, []string{"slug", "name"},
			pgx.CopyFromSlice(departments, func(i int) ([]any, error) {
				return []any{fmt.Sprintf("%s-dept-%d", s.Prefix, i+1), fmt.Sprintf("%s合成局%d", s.Prefix, i+1)}, nil
			})); err != nil {
			return fmt.Errorf("departments: %w", err)
		}
		deptIDs, err := idsBy(ctx, tx, `SELECT slug, id FROM departments WHERE slug LIKE $1 || '-dept-%'`, s.Prefix)
		if err != nil {
			return err
		}

		// Sections of up to 100 targets, tasks of 10, in document order.
		type sec struct{ plan, n int }
		var sections []sec
		for p, n := range sizes {
			for k := 0; k*targetsPerTask*tasksPerSection < n; k++ {
				sections = append(sections, sec{p, k + 1})
			}
		}
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"sections"}, []string{"plan_id", "key", "title", "position"},
			pgx.CopyFromSlice(len(sections), func(i int) ([]any, error) {
				x := sections[i]
				return []any{planIDs[planSlug(s.Prefix, x.plan)], fmt.Sprintf("第%d章", x.n), fmt.Sprintf("第%d章 重点领域", x.n), x.n}, nil
			})); err != nil {
			return fmt.Errorf("sections: %w", err)
		}
		secIDs, err := idsBy(ctx, tx, `SELECT p.slug || '/' || s.key, s.id FROM sections s JOIN plans p ON p.id = s.plan_id WHERE p.slug LIKE $1 || '-%'`, s.Prefix)
		if err != nil {
			return err
		}
		type task struct{ plan, number, section int }
		var tasks []task
		for p, n := range sizes {
			for k := 0; k*targetsPerTask < n; k++ {
				tasks = append(tasks, task{p, k + 1, k/tasksPerSection + 1})
			}
		}
		secID := func(plan, n int) int64 { return secIDs[fmt.Sprintf("%s/第%d章", planSlug(s.Prefix, plan), n)] }
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"tasks"}, []string{"plan_id", "section_id", "number", "title", "position"},
			pgx.CopyFromSlice(len(tasks), func(i int) ([]any, error) {
				x := tasks[i]
				return []any{planIDs[planSlug(s.Prefix, x.plan)], secID(x.plan, x.section), x.number,
					fmt.Sprintf("推进第%d项重点任务", x.number), x.number}, nil
			})); err != nil {
			return fmt.Errorf("tasks: %w", err)
		}
		taskIDs, err := idsBy(ctx, tx, `SELECT p.slug || '/' || k.number, k.id FROM tasks k JOIN plans p ON p.id = k.plan_id WHERE p.slug LIKE $1 || '-%'`, s.Prefix)
		if err != nil {
			return err
		}
		taskID := func(plan, n int) int64 { return taskIDs[fmt.Sprintf("%s/%d", planSlug(s.Prefix, plan), n)] }
		// Each task: one lead department and one or two sharing it.
		dept := func(i int) int64 { return deptIDs[fmt.Sprintf("%s-dept-%d", s.Prefix, i%departments+1)] }
		var owners [][]any
		for i, x := range tasks {
			id := taskID(x.plan, x.number)
			owners = append(owners, []any{id, dept(i), "lead", 1}, []any{id, dept(i + 1), "responsible", 1})
			if i%3 == 0 {
				owners = append(owners, []any{id, dept(i + 2), "responsible", 2})
			}
		}
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"task_departments"}, []string{"task_id", "department_id", "role", "position"},
			pgx.CopyFromRows(owners)); err != nil {
			return fmt.Errorf("task owners: %w", err)
		}

		first := make([]int, len(sizes)) // index of each plan's first target
		for i := len(targets) - 1; i >= 0; i-- {
			first[targets[i].plan] = i
		}
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"targets"},
			[]string{"plan_id", "key", "section_id", "task_id", "related_task_id", "title", "title_en", "kind", "comparator",
				"target_value", "unit", "deadline", "approximate", "aspirational", "baseline_value", "baseline_date", "baseline_text",
				"source_text", "notes", "position", "cadence", "due_day"},
			pgx.CopyFromSlice(len(targets), func(i int) ([]any, error) {
				t := targets[i]
				j := i - first[t.plan] // position in its plan
				number := j/targetsPerTask + 1
				var task, related any = taskID(t.plan, number), nil
				if j%targetsPerTask == 9 {
					// Like the documents' 总体目标: no task of its own, owned through a related one.
					task, related = nil, taskID(t.plan, number)
				}
				comparator, value, unit := ">=", any(nil), "%"
				switch t.kind {
				case goalpost.KindRank:
					comparator, value, unit = "<=", 3.0, "名"
				case goalpost.KindZero:
					comparator, unit = "=", "起"
				case goalpost.KindRatio:
					value, unit = 1.2, ""
				case goalpost.KindCumulative, goalpost.KindAnnual:
					value, unit = 5000.0, "人"
				case goalpost.KindGrowth:
					value = 20.0
				default:
					if t.kind.HasValue() {
						value = float64(60 + j%40)
					}
				}
				var bValue, bDate any
				if j%4 == 0 && t.kind.HasValue() {
					bValue, bDate = 50.0, d(2020, 12, 31)
				}
				cadence := "monthly"
				if !t.monthly {
					cadence = "annual"
				}
				return []any{planIDs[planSlug(s.Prefix, t.plan)], fmt.Sprintf("t-%d", j+1), secID(t.plan, (number-1)/tasksPerSection+1),
					task, related, fmt.Sprintf("合成指标%d：%s类目标", j+1, t.kind), fmt.Sprintf("Synthetic target %d (%s)", j+1, t.kind),
					string(t.kind), comparator, value, unit, d(2027, 12, 31), j%7 == 0, j%11 == 0, bValue, bDate, "",
					fmt.Sprintf("到2027年，合成指标%d达到预期目标。", j+1), "", j + 1, cadence, 15}, nil
			})); err != nil {
			return fmt.Errorf("targets: %w", err)
		}
		rows, err := tx.Query(ctx, `SELECT t.id FROM targets t JOIN plans p ON p.id = t.plan_id
			WHERE p.slug LIKE $1 || '-%' ORDER BY p.slug, t.position`, s.Prefix)
		if err != nil {
			return err
		}
		ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return err
		}
		if len(ids) != len(targets) {
			return fmt.Errorf("stored %d targets of %d", len(ids), len(targets))
		}
		for i, id := range ids {
			targets[i].id = id
		}
		// Who entered and reviewed the figures; they cannot sign in.
		_, err = tx.Exec(ctx, `INSERT INTO users (email, name, role, password_hash) VALUES
			($1 || '-entry@synthetic.invalid', $1 || ' 填报员', 'editor', '!'), ($1 || '-review@synthetic.invalid', $1 || ' 审核员', 'editor', '!')`, s.Prefix)
		return err
	})
}

func idsBy(ctx context.Context, tx pgx.Tx, sql string, args ...any) (map[string]int64, error) {
	rows, err := tx.Query(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	m := map[string]int64{}
	var k string
	var id int64
	_, err = pgx.ForEachRow(rows, []any{&k, &id}, func() error { m[k] = id; return nil })
	return m, err
}

func d(y, m, day int) time.Time { return time.Date(y, time.Month(m), day, 0, 0, 0, 0, time.UTC) }

// entry is one figure row to write.
type entry struct {
	p           period
	district    string
	revision    int
	needsReview bool
}

// entries lays out a target's n figure rows: its newest periods first, each
// with every district (per-district targets), every seventh period
// corrected once; when the periods run out, older revisions are corrected
// again.
func entries(t *target, n int) []entry {
	ps := years
	if t.monthly {
		ps = months
	}
	ds := []string{""}
	if t.kind == goalpost.KindPerDistrict {
		ds = districts[:]
	}
	out := make([]entry, 0, n)
	for round := 0; len(out) < n; round++ {
		for i := len(ps) - 1; i >= 0 && len(out) < n; i-- {
			k := len(ps) - 1 - i
			for _, dist := range ds {
				if len(out) == n {
					break
				}
				switch {
				case round == 0:
					out = append(out, entry{p: ps[i], district: dist, revision: 1})
					if k%7 == 3 && len(out) < n {
						out = append(out, entry{p: ps[i], district: dist, revision: 2})
					}
				default:
					rev := round + 1
					if k%7 == 3 {
						rev++
					}
					out = append(out, entry{p: ps[i], district: dist, revision: rev})
				}
			}
		}
	}
	// One target in twenty has its newest figure waiting for review (and
	// then approved, returned or still waiting, decided in figures).
	if t.index%20 == 0 && len(out) > 0 {
		newest := 0
		for i, e := range out {
			if e.p == out[0].p && e.district == out[0].district && e.revision > out[newest].revision {
				newest = i
			}
		}
		out[newest].needsReview = true
	}
	return out
}

// value is a plausible figure for a target of kind k at the i-th entry.
func value(k goalpost.Kind, i int) (float64, any) {
	switch k {
	case goalpost.KindMilestone:
		return float64(min(3, i%4)), nil
	case goalpost.KindRank:
		return float64(1 + i%5), 14.0
	case goalpost.KindRelative:
		return 50 + float64(i%13), 48.0
	case goalpost.KindZero:
		return float64(i % 3), nil
	case goalpost.KindRatio:
		return 1 + float64(i%5)/10, nil
	case goalpost.KindCumulative, goalpost.KindAnnual:
		return float64(30 + i%50), nil
	}
	return 40 + float64(i%60)/2, nil
}

// figures writes the figure rows of a batch of targets in one transaction:
// one COPY (the statement-level summary trigger then summarises every
// target of the batch once), the review decisions of those waiting for
// one, and an audit entry per figure as the web form would write.
func figures(ctx context.Context, pool *pgxpool.Pool, prefix string, batch []*target) (copying, reviewing, auditing time.Duration, err error) {
	err = pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		var entrant, reviewer int64
		if err := tx.QueryRow(ctx, `SELECT (SELECT id FROM users WHERE email = $1 || '-entry@synthetic.invalid'),
			(SELECT id FROM users WHERE email = $1 || '-review@synthetic.invalid')`, prefix).Scan(&entrant, &reviewer); err != nil {
			return err
		}
		start := time.Now()
		ti, ei := 0, 0
		var es []entry
		ids := make([]int64, len(batch))
		for i, t := range batch {
			ids[i] = t.id
		}
		row := make([]any, 15)
		_, err := tx.CopyFrom(ctx, pgx.Identifier{"figures"},
			[]string{"target_id", "period", "period_start", "period_end", "district", "value", "reference_value",
				"revision", "reason", "note", "source_url", "sample", "entered_by", "needs_review", "entered_at"},
			pgx.CopyFromFunc(func() ([]any, error) {
				for ei >= len(es) {
					if ti == len(batch) {
						return nil, nil
					}
					es, ei = entries(batch[ti], batch[ti].figures), 0
					ti++
				}
				t, e := batch[ti-1], es[ei]
				ei++
				v, ref := value(t.kind, ei+e.revision)
				reason := ""
				if e.revision > 1 {
					reason = "统计口径调整，更正数据"
				}
				row[0], row[1], row[2], row[3], row[4], row[5], row[6] = t.id, e.p.label, e.p.start, e.p.end, e.district, v, ref
				row[7], row[8], row[9], row[10], row[11] = e.revision, reason, "", "https://stats.example.gov.cn/synthetic", false
				row[12], row[13], row[14] = entrant, e.needsReview, e.p.end.AddDate(0, 0, 10+e.revision)
				return row, nil
			}))
		if err != nil {
			return fmt.Errorf("copy: %w", err)
		}
		copying = time.Since(start)

		start = time.Now()
		// Of the targets with a figure waiting, a third are approved, a
		// third returned, a third still waiting.
		if _, err := tx.Exec(ctx, `
			INSERT INTO figure_reviews (figure_id, decision, reason, reviewer_id, at)
			SELECT f.id, CASE WHEN f.target_id % 3 = 0 THEN 'approved' ELSE 'returned' END,
				CASE WHEN f.target_id % 3 = 0 THEN '' ELSE '数据来源需补充说明' END, $2, f.entered_at + interval '2 days'
			FROM figures f WHERE f.target_id = ANY($1) AND f.needs_review AND f.target_id % 3 <> 2`, ids, reviewer); err != nil {
			return fmt.Errorf("reviews: %w", err)
		}
		reviewing = time.Since(start)

		start = time.Now()
		if _, err := tx.Exec(ctx, `
			INSERT INTO audit_log (at, user_id, actor, action, entity, entity_id, target_id, after)
			SELECT f.entered_at, f.entered_by, $2 || '-entry@synthetic.invalid',
				CASE WHEN f.revision = 1 THEN 'create' ELSE 'correct' END, 'figure', f.id, f.target_id,
				jsonb_build_object('period', f.period, 'district', f.district, 'value', f.value,
					'reference_value', f.reference_value, 'revision', f.revision, 'reason', f.reason, 'attachments', '[]'::jsonb)
			FROM figures f WHERE f.target_id = ANY($1)`, ids, prefix); err != nil {
			return fmt.Errorf("audit: %w", err)
		}
		auditing = time.Since(start)
		return nil
	})
	return copying, reviewing, auditing, err
}
