package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/jackc/pgx/v5"
)

// TargetFilter narrows a list of targets. Zero values mean "any".
type TargetFilter struct {
	Plan string // plan slug
	// PlanID is the plan by its id, for callers that have loaded the plan:
	// the planner then plans for that plan's size (a plan of 109 targets
	// beside one of 20,000 is not planned as one of 6,700).
	PlanID int64
	// PlanIDs: the targets of any of these plans.
	PlanIDs    []int64
	Section    string // section key, e.g. 二(一)
	Department string // department slug: targets it leads or shares
	ID         int64
	IDs        []int64
	// DepartmentIDs: targets any of these departments leads or shares.
	DepartmentIDs []int64
	// AsOf assesses the targets as of that date, from the published
	// figures whose reference date is on or before it; zero means today.
	AsOf time.Time
	// Figure: the target this figure was entered for.
	Figure int64
	// Known shows the targets as the public saw them at that moment: only
	// figures entered and published by then, the status override in force
	// then, assessed on that day (unless AsOf says otherwise); zero means
	// now.
	Known time.Time
}

// Targets lists the targets matching f in document order, each assessed as
// of today. It runs three queries however many targets match.
func (db *DB) Targets(ctx context.Context, f TargetFilter) ([]*goalpost.Tracked, error) {
	targets, err := db.targetRows(ctx, f)
	if err != nil {
		return nil, err
	}
	if err := db.summarise(ctx, targets, f.AsOf, f.Known); err != nil {
		return nil, err
	}
	today := db.today()
	if !f.Known.IsZero() {
		today = goalpost.Today(f.Known)
	}
	if !f.AsOf.IsZero() {
		today = f.AsOf
	}
	rules, err := db.Rules(ctx)
	if err != nil {
		return nil, err
	}
	for _, t := range targets {
		override := t.Assessment.Override
		t.Assessment = goalpost.AssessWith(&t.Target, t.Summary, today, rules)
		t.Assessment.ApplyOverride(override)
	}
	return targets, nil
}

// targetRows is Targets without the figures and the assessment: what a
// write checks (kind, owners, plan, retirement), in one query.
func (db *DB) targetRows(ctx context.Context, f TargetFilter) ([]*goalpost.Tracked, error) {
	// Only the filters given become conditions (each a parameter), the plan
	// by its id so that the index targets_plan finds its targets, and the
	// per-target lookups (override, owners) come after the filters: a page's
	// cost does not grow with the other plans the database holds
	// (BenchmarkDalianPlanTargetsBesideLargePlan).
	args := []any{nullTime(f.Known)}
	var where []string
	cond := func(sql string, v any) {
		args = append(args, v)
		where = append(where, strings.ReplaceAll(sql, "$?", "$"+strconv.Itoa(len(args))))
	}
	if f.Plan != "" {
		cond("t.plan_id = (SELECT id FROM plans WHERE slug = $?)", f.Plan)
	}
	if f.PlanID != 0 {
		cond("t.plan_id = $?", f.PlanID)
	}
	if len(f.PlanIDs) > 0 {
		cond("t.plan_id = ANY($?)", f.PlanIDs)
	}
	if f.Section != "" {
		cond("t.section_id IN (SELECT id FROM sections WHERE key = $?)", f.Section)
	}
	if f.Department != "" {
		// = ANY(ARRAY(…)), not IN (…): a condition on the target itself,
		// which the index targets_owner_task serves before any join (a
		// semi-join came after the per-target lookups of every target).
		cond(`coalesce(t.task_id, t.related_task_id) = ANY(ARRAY(
			SELECT td.task_id FROM task_departments td JOIN departments d ON d.id = td.department_id WHERE d.slug = $?))`, f.Department)
	}
	if f.ID != 0 {
		cond("t.id = $?", f.ID)
	}
	if len(f.IDs) > 0 {
		cond("t.id = ANY($?)", f.IDs)
	}
	if f.Figure != 0 {
		cond("t.id = (SELECT target_id FROM figures WHERE id = $?)", f.Figure)
	}
	if len(f.DepartmentIDs) > 0 {
		cond("coalesce(t.task_id, t.related_task_id) = ANY(ARRAY(SELECT task_id FROM task_departments WHERE department_id = ANY($?)))", f.DepartmentIDs)
	}
	// A target's section and tasks are its plan's (the import and the
	// editor only ever link those): saying so when the plan is given lets
	// the planner read only that plan's sections and tasks, not hash every
	// plan's. Without a plan it would lead the planner to walk every
	// section for a department's targets instead of their index.
	samePlan := func(string) string { return "" }
	if f.Plan != "" || f.PlanID != 0 || len(f.PlanIDs) > 0 {
		samePlan = func(alias string) string { return " AND " + alias + ".plan_id = t.plan_id" }
	}
	filter := ""
	if len(where) > 0 {
		filter = "WHERE " + strings.Join(where, " AND ")
	}
	rows, err := db.Pool.Query(ctx, `
		WITH owners AS MATERIALIZED (
			-- the departments of the tasks that own the targets listed, once
			-- per task (ten targets may share one), not once per target
			SELECT td.task_id, json_agg(json_build_object('id', d.id, 'slug', d.slug, 'name', d.name, 'role', td.role)
				ORDER BY td.role, td.position) AS owners
			FROM task_departments td JOIN departments d ON d.id = td.department_id
			WHERE td.task_id IN (SELECT coalesce(t.task_id, t.related_task_id) FROM targets t `+filter+`)
			GROUP BY td.task_id
		)
		SELECT t.id, t.plan_id, p.slug, p.short_title, p.period_start, t.key, s.key, s.title,
			coalesce(k.number, 0), coalesce(k.title, ''), coalesce(r.number, 0),
			t.title, t.kind, t.comparator, t.target_value::float8, t.unit, t.deadline, t.approximate, t.aspirational,
			t.baseline_value::float8, t.baseline_date, t.baseline_text, t.source_text, t.notes,
			coalesce(o.owners, '[]'), t.cadence, t.due_day,
			ov.status, coalesce(ov.reason, ''), coalesce(ov.name, ''), ov.at,
			t.admin_baseline_value::float8, t.admin_baseline_date, t.admin_baseline_text, t.retired_at, t.retired_reason, t.title_en
		FROM targets t
		JOIN plans p ON p.id = t.plan_id
		JOIN sections s ON s.id = t.section_id`+samePlan("s")+`
		LEFT JOIN tasks k ON k.id = t.task_id`+samePlan("k")+`
		LEFT JOIN tasks r ON r.id = t.related_task_id`+samePlan("r")+`
		LEFT JOIN owners o ON o.task_id = coalesce(t.task_id, t.related_task_id)
		LEFT JOIN LATERAL (
			SELECT so.status, so.reason, u.name, so.at FROM status_overrides so JOIN users u ON u.id = so.user_id
			WHERE so.target_id = t.id AND ($1::timestamptz IS NULL OR so.at <= $1) ORDER BY so.id DESC LIMIT 1
		) ov ON true
		`+filter+`
		ORDER BY p.id, s.position, t.position`, args...)
	if err != nil {
		return nil, fmt.Errorf("postgres: list targets: %w", err)
	}
	targets, err := pgx.CollectRows(rows, targetScanner())
	if err != nil {
		return nil, fmt.Errorf("postgres: list targets: %w", err)
	}
	return targets, nil
}

// nullTime is NULL for the zero time.
func nullTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// Target returns one target, or ENOTFOUND.
func (db *DB) Target(ctx context.Context, id int64) (*goalpost.Tracked, error) {
	return db.TargetAt(ctx, TargetFilter{ID: id})
}

// TargetAt returns the target f.ID assessed as f.AsOf and f.Known say, or
// ENOTFOUND.
func (db *DB) TargetAt(ctx context.Context, f TargetFilter) (*goalpost.Tracked, error) {
	ts, err := db.Targets(ctx, TargetFilter{ID: f.ID, AsOf: f.AsOf, Known: f.Known})
	if err != nil {
		return nil, err
	}
	if len(ts) == 0 {
		return nil, notFound("noun.target", f.ID)
	}
	return ts[0], nil
}

// targetScanner scans rows of the target list, with one ownersDecoder
// for the list.
func targetScanner() func(pgx.CollectableRow) (*goalpost.Tracked, error) {
	owners := ownersDecoder{}
	return func(row pgx.CollectableRow) (*goalpost.Tracked, error) { return scanTarget(row, owners) }
}

// ownersDecoder decodes the owners of a list's targets. Targets of one task
// share its owners: each distinct list is decoded once and its departments
// shared (decoding them was a tenth of a 3,000-target page).
type ownersDecoder map[string]taskOwners

type taskOwners struct{ lead, responsible []goalpost.Department }

func (d ownersDecoder) decode(raw []byte) (taskOwners, error) {
	if o, ok := d[string(raw)]; ok {
		return o, nil
	}
	var ds []struct {
		goalpost.Department
		Role goalpost.Role `json:"role"`
	}
	if err := json.Unmarshal(raw, &ds); err != nil {
		return taskOwners{}, err
	}
	var o taskOwners
	for _, dep := range ds {
		if dep.Role == goalpost.RoleLead {
			o.lead = append(o.lead, dep.Department)
		} else {
			o.responsible = append(o.responsible, dep.Department)
		}
	}
	d[string(raw)] = o
	return o, nil
}

func scanTarget(row pgx.CollectableRow, decoder ownersDecoder) (*goalpost.Tracked, error) {
	var t goalpost.Tracked
	var owners []byte
	var bValue *float64
	var bDate *time.Time
	var bText, ovReason, ovBy string
	var ovStatus *string
	var ovAt *time.Time
	var abValue *float64
	var abDate *time.Time
	var abText string
	var retiredAt *time.Time
	var retiredReason string
	err := row.Scan(&t.ID, &t.PlanID, &t.PlanSlug, &t.PlanTitle, &t.PlanStart, &t.Key, &t.SectionKey, &t.SectionTitle,
		&t.TaskNumber, &t.TaskTitle, &t.RelatedTask, &t.Title, &t.Kind, &t.Comparator, &t.Value, &t.Unit, &t.Deadline,
		&t.Approximate, &t.Aspirational, &bValue, &bDate, &bText, &t.SourceText, &t.Notes, &owners,
		&t.Schedule.Cadence, &t.Schedule.DueDay, &ovStatus, &ovReason, &ovBy, &ovAt, &abValue, &abDate, &abText, &retiredAt, &retiredReason, &t.TitleEN)
	if err != nil {
		return nil, err
	}
	if retiredAt != nil {
		t.Retired = &goalpost.Retirement{At: *retiredAt, Reason: retiredReason}
	}
	if ovStatus != nil && ovAt != nil {
		// Carried in the assessment until the target is assessed.
		t.Assessment.Override = &goalpost.Override{Status: goalpost.Status(*ovStatus), Reason: ovReason, By: ovBy, At: *ovAt}
	}
	if bValue != nil && bDate != nil {
		t.Baseline = &goalpost.Baseline{Value: *bValue, Date: *bDate, Text: bText}
	} else if abValue != nil && abDate != nil {
		t.Baseline = &goalpost.Baseline{Value: *abValue, Date: *abDate, Text: abText, ByAdministrator: true}
	}
	o, err := decoder.decode(owners)
	if err != nil {
		return nil, fmt.Errorf("owners of target %d: %w", t.ID, err)
	}
	// Full slices: a caller appending to one target's owners does not
	// write into another's.
	t.Lead, t.Responsible = o.lead[:len(o.lead):len(o.lead)], o.responsible[:len(o.responsible):len(o.responsible)]
	return &t, nil
}

// summarise fills each target's Summary from the current revision of each of
// its periods, in one query for all of them.
func (db *DB) summarise(ctx context.Context, targets []*goalpost.Tracked, asOf, known time.Time) error {
	if len(targets) == 0 {
		return nil
	}
	byID := make(map[int64]*goalpost.Tracked, len(targets))
	ids := make([]int64, len(targets))
	for i, t := range targets {
		byID[t.ID], ids[i] = t, t.ID
	}
	// Today's summaries are maintained by triggers on figures (migration
	// 00002), so this reads one row per target however many figures there
	// are; a past date is summarised on the spot.
	const columns = `target_id, figure_count, total, last_year_total, sample, ends, districts,
		district_period, district_start, district_end, year_totals, reg_n, reg_sx, reg_sy, reg_sxy, reg_sxx`
	var rows pgx.Rows
	var err error
	switch {
	case asOf.IsZero() && known.IsZero():
		rows, err = db.Pool.Query(ctx, `SELECT `+columns+` FROM target_summaries WHERE target_id = ANY($1)`, ids)
	default:
		rows, err = db.Pool.Query(ctx, `SELECT `+columns+` FROM figure_summaries_known($1, $2, $3)`, ids, nullTime(asOf), nullTime(known))
	}
	if err != nil {
		return fmt.Errorf("postgres: summarise figures: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var s goalpost.Summary
		var ends, districts, years []byte
		var dPeriod *string
		var dStart, dEnd *time.Time
		r := &s.Regression
		if err := rows.Scan(&id, &s.Count, &s.Total, &s.LatestYearTotal, &s.Sample, &ends, &districts, &dPeriod, &dStart, &dEnd,
			&years, &r.N, &r.Sx, &r.Sy, &r.Sxy, &r.Sxx); err != nil {
			return fmt.Errorf("postgres: summarise figures: %w", err)
		}
		if t := byID[id]; t != nil && t.Kind == goalpost.KindAnnual {
			// Only the annual rule reads them; decoding is most of the cost of a list.
			var byYear map[string]float64
			if err := json.Unmarshal(years, &byYear); err != nil {
				return fmt.Errorf("postgres: year totals of target %d: %w", id, err)
			}
			s.YearTotals = map[int]float64{}
			for y, v := range byYear {
				if n, err := strconv.Atoi(y); err == nil {
					s.YearTotals[n] = v
				}
			}
		}
		var es []struct {
			Period   string   `json:"period"`
			Start    string   `json:"start"`
			End      string   `json:"end"`
			Value    float64  `json:"value"`
			Ref      *float64 `json:"ref"`
			FromLast int      `json:"from_last"`
			First    bool     `json:"first"`
		}
		if err := json.Unmarshal(ends, &es); err != nil {
			return fmt.Errorf("postgres: summary of target %d: %w", id, err)
		}
		for _, e := range es {
			start, _ := time.Parse("2006-01-02", e.Start)
			end, _ := time.Parse("2006-01-02", e.End)
			fig := &goalpost.Figure{TargetID: id, Period: goalpost.Period{Label: e.Period, Start: start, End: end}, Value: e.Value, ReferenceValue: e.Ref}
			switch e.FromLast {
			case 1:
				s.Latest = fig
			case 2:
				s.Previous = fig
			}
			if e.First {
				s.First = fig
			}
		}
		if string(districts) != "{}" { // most targets have no districts: nothing to decode
			if err := json.Unmarshal(districts, &s.Districts); err != nil {
				return fmt.Errorf("postgres: districts of target %d: %w", id, err)
			}
		}
		if len(s.Districts) > 0 && s.Latest == nil && dPeriod != nil {
			s.Latest = &goalpost.Figure{TargetID: id, Period: goalpost.Period{Label: *dPeriod, Start: *dStart, End: *dEnd}}
		}
		if t := byID[id]; t != nil {
			t.Summary = s
		}
	}
	return rows.Err()
}

// SetSchedule changes when a target's figures are due (administrators).
func (db *DB) SetSchedule(ctx context.Context, u *goalpost.User, targetID int64, s goalpost.Schedule) error {
	if u == nil || u.Role != goalpost.UserAdmin {
		return goalpost.E(goalpost.EFORBIDDEN, "err.schedule_admin")
	}
	if err := s.Validate(); err != nil {
		return err
	}
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		var cadence string
		var due int
		err := tx.QueryRow(ctx, `SELECT cadence, due_day FROM targets WHERE id = $1 FOR UPDATE`, targetID).Scan(&cadence, &due)
		if err == pgx.ErrNoRows {
			return notFound("noun.target", targetID)
		} else if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE targets SET cadence = $2, due_day = $3, updated_at = now() WHERE id = $1`, targetID, s.Cadence, s.DueDay); err != nil {
			return err
		}
		before, _ := json.Marshal(map[string]any{"cadence": cadence, "due_day": due})
		after, _ := json.Marshal(map[string]any{"cadence": s.Cadence, "due_day": s.DueDay})
		return audit(ctx, tx, &u.ID, u.Email, "schedule", "target", targetID, targetID, string(before), string(after))
	})
	if err != nil && goalpost.ErrorCode(err) == goalpost.EINTERNAL {
		return fmt.Errorf("postgres: set schedule of target %d: %w", targetID, err)
	}
	return err
}

// SetBaseline sets (value non-nil) or clears an administrator's baseline for
// a target whose document gives none.
func (db *DB) SetBaseline(ctx context.Context, admin *goalpost.User, targetID int64, value *float64, date time.Time, text string) error {
	if err := requireAdmin(admin); err != nil {
		return err
	}
	t, err := db.Target(ctx, targetID)
	if err != nil {
		return err
	}
	if t.Baseline != nil && !t.Baseline.ByAdministrator {
		return goalpost.E(goalpost.ECONFLICT, "err.baseline_from_document")
	}
	if value != nil && (date.IsZero() || strings.TrimSpace(text) == "") {
		return goalpost.E(goalpost.EINVALID, "err.baseline_source")
	}
	var d *time.Time
	if value != nil {
		d = &date
	}
	return wrapAdmin("set baseline", db.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE targets SET admin_baseline_value = $2, admin_baseline_date = $3, admin_baseline_text = $4 WHERE id = $1`,
			targetID, value, d, strings.TrimSpace(text)); err != nil {
			return err
		}
		after, _ := json.Marshal(map[string]any{"value": value, "date": d, "text": text})
		return audit(ctx, tx, &admin.ID, admin.Email, "baseline", "target", targetID, targetID, "", string(after))
	}))
}
