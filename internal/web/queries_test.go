package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/postgres"
	"github.com/goalpost-civic/goalpost/internal/testdb"
	"github.com/goalpost-civic/goalpost/internal/web"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// queryCounter counts the statements sent to PostgreSQL.
type queryCounter struct{ n atomic.Int64 }

func (q *queryCounter) TraceQueryStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryStartData) context.Context {
	q.n.Add(1)
	return ctx
}
func (q *queryCounter) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

// tracedDB opens the database at url with tracer seeing every statement,
// configured as Goalpost's own connections are.
func tracedDB(t testing.TB, url string, tracer pgx.QueryTracer) *postgres.DB {
	t.Helper()
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		t.Fatal(err)
	}
	postgres.Configure(cfg)
	cfg.ConnConfig.Tracer = tracer
	pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	return &postgres.DB{Pool: pool, Now: time.Now}
}

// TestQueriesDoNotGrowWithTargets: a page runs as many queries for 109
// targets with figures as for 1.
func TestQueriesDoNotGrowWithTargets(t *testing.T) {
	t.Parallel()
	counter := &queryCounter{}
	db := tracedDB(t, testdb.URL(t), counter)
	pool := db.Pool
	testdb.LoadBundledPlans(t, db)
	testdb.PublishDirectly(t, db)
	admin, err := db.CreateUser(context.Background(), "admin@dalian.gov.cn", "管理员", goalpost.UserAdmin, "correct horse battery", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	all, _ := db.Targets(context.Background(), postgres.TargetFilter{Plan: "dalian-2023-livelihood"})
	for i, x := range all {
		for _, period := range []string{"2023", "2024"} {
			p, _ := goalpost.ParsePeriod(period)
			nf := goalpost.NewFigure{TargetID: x.ID, Period: p, Value: float64(i % 4), ReferenceValue: new(float64)}
			if x.Kind == goalpost.KindPerDistrict {
				nf.District = "甘井子区"
			}
			if x.Kind == goalpost.KindRank {
				nf.Value, nf.ReferenceValue = float64(1+i%4), new(14.0) // a place among Liaoning's 14 cities
			}
			if _, err := db.AddFigure(context.Background(), admin, nf); err != nil {
				t.Fatalf("%s: %v", x.Key, err)
			}
		}
	}
	srv := httptest.NewServer(web.New(db, pool, web.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}).Handler())
	t.Cleanup(srv.Close)
	h := &harness{t: t, db: db, srv: srv}
	c := h.client()
	count := func(path string) (int64, int) {
		c.get(path) // warm: the first visit creates the CSRF cookie
		before := counter.n.Load()
		_, doc := c.get(path)
		return counter.n.Load() - before, doc.Find(`[data-testid="target-row"]`).Length()
	}
	manyQ, manyRows := count("/plans/dalian-2023-livelihood")
	fewQ, fewRows := count("/plans/dalian-2023-livelihood?section=" + url.QueryEscape("三(二)"))
	if manyRows != 109 || fewRows != 1 {
		t.Fatalf("rows %d and %d", manyRows, fewRows)
	}
	if manyQ != fewQ {
		t.Errorf("plan page: %d queries for 109 targets, %d for 1", manyQ, fewQ)
	}
	// issue 9: search, feeds and the embed do not grow either.
	searchManyQ, searchMany := count("/search?q=" + url.QueryEscape("率"))
	searchFewQ, searchFew := count("/search?q=" + url.QueryEscape("幼儿园覆盖"))
	if searchMany < 20 || searchFew != 1 || searchManyQ != searchFewQ {
		t.Errorf("search: %d queries for %d targets, %d for %d", searchManyQ, searchMany, searchFewQ, searchFew)
	}
	feedManyQ, _ := count("/plans/dalian-2023-livelihood/feed.atom") // 222 figures
	feedFewQ, _ := count("/plans/dalian-2023-community/feed.atom")   // none
	deptFeedQ, _ := count("/departments/hrss/feed.atom")
	embedQ, _ := count(fmt.Sprintf("/targets/%d/embed", all[0].ID))
	if feedManyQ != feedFewQ || feedManyQ > 4 || deptFeedQ > 4 || embedQ > 6 || searchManyQ > 8 {
		t.Errorf("queries: feed %d (none: %d), department feed %d, embed %d, search %d", feedManyQ, feedFewQ, deptFeedQ, embedQ, searchManyQ)
	}
	homeQ, _ := count("/")
	deptQ, _ := count("/departments/hrss")
	target := fmt.Sprintf("/targets/%d", all[0].ID)
	targetQ, _ := count(target)
	t.Logf("queries per page: plan %d, home %d, department %d, target %d", manyQ, homeQ, deptQ, targetQ)
	if manyQ > 6 || homeQ > 6 || deptQ > 6 || targetQ > 8 {
		t.Errorf("too many queries: plan %d, home %d, department %d, target %d", manyQ, homeQ, deptQ, targetQ)
	}
}

// sqlCounter counts the statements sent to PostgreSQL, and among them the
// loads of targets (the target list query: its join of sections is in no
// other statement).
type sqlCounter struct{ all, targetLoads atomic.Int64 }

func (q *sqlCounter) TraceQueryStart(ctx context.Context, _ *pgx.Conn, d pgx.TraceQueryStartData) context.Context {
	q.all.Add(1)
	if strings.Contains(d.SQL, "JOIN sections s ON s.id = t.section_id") {
		q.targetLoads.Add(1)
	}
	return ctx
}
func (q *sqlCounter) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

// TestWriteLoadsTargetOnce: entering a figure (form, API, API with an
// idempotency key), deciding on one (queue, API) and overriding a status
// each load the target once, with every check still made (issue 10: it
// was loaded by the handler, again by storage, and locked a third time).
func TestWriteLoadsTargetOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	counter := &sqlCounter{}
	db := tracedDB(t, testdb.URL(t), counter)
	pool := db.Pool
	testdb.LoadBundledPlans(t, db) // review required
	srv := httptest.NewServer(web.New(db, pool, web.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}).Handler())
	t.Cleanup(srv.Close)
	h := &harness{t: t, db: db, srv: srv}
	h.user("editor@dalian.gov.cn", goalpost.UserEditor, "ecology-environment")
	if _, err := db.CreateUser(ctx, "reviewer@dalian.gov.cn", "审核员", goalpost.UserEditor, "correct horse battery", nil, []string{"ecology-environment"}); err != nil {
		t.Fatal(err)
	}
	h.user("stranger@dalian.gov.cn", goalpost.UserEditor, "hrss")
	editorToken, _ := db.CreateToken(ctx, "editor@dalian.gov.cn", "")
	reviewerToken, _ := db.CreateToken(ctx, "reviewer@dalian.gov.cn", "")
	strangerToken, _ := db.CreateToken(ctx, "stranger@dalian.gov.cn", "")
	pm := h.target("t22-pm25-concentration")
	page := fmt.Sprintf("/targets/%d", pm.ID)
	editor, reviewer := h.client(), h.client()
	editor.login("editor@dalian.gov.cn")
	reviewer.login("reviewer@dalian.gov.cn")

	// write runs one write and says how many statements and target loads it took.
	write := func(name string, fn func() int, wantStatus int) {
		t.Helper()
		all, loads := counter.all.Load(), counter.targetLoads.Load()
		status := fn()
		all, loads = counter.all.Load()-all, counter.targetLoads.Load()-loads
		t.Logf("%s: %d statements, target loaded %d times", name, all, loads)
		if status != wantStatus {
			t.Errorf("%s: status %d, want %d", name, status, wantStatus)
		}
		if loads != 1 {
			t.Errorf("%s: the target was loaded %d times, want once", name, loads)
		}
	}
	latest := func() int64 {
		t.Helper()
		var id int64
		if err := pool.QueryRow(ctx, `SELECT max(id) FROM figures WHERE target_id = $1`, pm.ID).Scan(&id); err != nil {
			t.Fatal(err)
		}
		return id
	}

	token := editor.csrf(page)
	write("figure form", func() int {
		resp, _ := editor.post(page+"/figures", url.Values{"csrf_token": {token}, "period": {"2023"}, "value": {"33"}})
		return resp.StatusCode
	}, http.StatusSeeOther)
	token = reviewer.csrf("/review")
	write("review approve", func() int {
		resp, _ := reviewer.post(fmt.Sprintf("/figures/%d/approve", latest()), url.Values{"csrf_token": {token}})
		return resp.StatusCode
	}, http.StatusSeeOther)
	write("API figure", func() int {
		status, _ := apiPost(t, h, fmt.Sprintf("/api/v1/targets/%d/figures", pm.ID), editorToken, `{"value": 32, "period": "2024"}`)
		return status
	}, http.StatusCreated)
	write("API return", func() int {
		status, _ := apiPost(t, h, fmt.Sprintf("/api/v1/figures/%d/return", latest()), reviewerToken, `{"reason": "口径不符"}`)
		return status
	}, http.StatusOK)
	write("API figure with idempotency key", func() int {
		status, _ := apiPost(t, h, fmt.Sprintf("/api/v1/targets/%d/figures", pm.ID), editorToken, `{"value": 31, "period": "2024"}`, "Idempotency-Key", "k-1")
		return status
	}, http.StatusCreated)
	token = reviewer.csrf(page)
	write("status override", func() int {
		resp, _ := reviewer.post(page+"/override", url.Values{"csrf_token": {token}, "status": {"at_risk"}, "reason": {"监测站点调整"}})
		return resp.StatusCode
	}, http.StatusSeeOther)

	// Every check is still made: another department's member is refused,
	// a reviewer may not decide on their own department's figure unless
	// they review for it, and the editor may not approve.
	write("API figure by a stranger", func() int {
		status, _ := apiPost(t, h, fmt.Sprintf("/api/v1/targets/%d/figures", pm.ID), strangerToken, `{"value": 30, "period": "2025"}`)
		return status
	}, http.StatusForbidden)
	write("API approve by the editor", func() int {
		status, _ := apiPost(t, h, fmt.Sprintf("/api/v1/figures/%d/approve", latest()), editorToken, ``)
		return status
	}, http.StatusForbidden)
	var figures, reviews, overrides int
	if err := pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM figures WHERE target_id = $1),
		(SELECT count(*) FROM figure_reviews r JOIN figures f ON f.id = r.figure_id WHERE f.target_id = $1),
		(SELECT count(*) FROM status_overrides WHERE target_id = $1)`, pm.ID).Scan(&figures, &reviews, &overrides); err != nil {
		t.Fatal(err)
	}
	if figures != 3 || reviews != 2 || overrides != 1 {
		t.Errorf("%d figures, %d reviews, %d overrides; want 3, 2, 1", figures, reviews, overrides)
	}
}

// statementLog keeps the statements sent to PostgreSQL with their
// arguments, while on.
type statementLog struct {
	mu   sync.Mutex
	on   bool
	sqls []loggedStatement
}

type loggedStatement struct {
	sql  string
	args []any
}

func (l *statementLog) TraceQueryStart(ctx context.Context, _ *pgx.Conn, d pgx.TraceQueryStartData) context.Context {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.on {
		l.sqls = append(l.sqls, loggedStatement{d.SQL, d.Args})
	}
	return ctx
}
func (l *statementLog) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

// run records the statements fn sends.
func (l *statementLog) run(fn func()) []loggedStatement {
	l.mu.Lock()
	l.on, l.sqls = true, nil
	l.mu.Unlock()
	fn()
	l.mu.Lock()
	defer l.mu.Unlock()
	l.on = false
	return l.sqls
}

// TestPagesDoNotGrowWithOtherPlans: the Dalian plan page, a target page,
// a department page, the plan's API list and its feed run as many
// statements beside an unrelated plan of 20,000 targets and 200,000
// figures as without it, and none of those statements reads a large
// table from end to end (EXPLAIN: no sequential scan of a table of more
// than 5,000 rows), so their cost does not grow with the other plans.
func TestPagesDoNotGrowWithOtherPlans(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d := testdb.New(t)
	log := &statementLog{}
	db := tracedDB(t, d.Serving, log)
	pool := db.Pool
	testdb.LoadBundledPlans(t, db)
	testdb.PublishDirectly(t, db)
	admin, err := db.CreateUser(ctx, "admin@dalian.gov.cn", "管理员", goalpost.UserAdmin, "correct horse battery", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	dalian, _ := db.Targets(ctx, postgres.TargetFilter{Plan: "dalian-2023-livelihood"})
	jobs := dalian[0]
	for _, period := range []string{"2023", "2024"} {
		p, _ := goalpost.ParsePeriod(period)
		if _, err := db.AddFigure(ctx, admin, goalpost.NewFigure{TargetID: jobs.ID, Period: p, Value: 10}); err != nil {
			t.Fatal(err)
		}
	}
	srv := httptest.NewServer(web.New(db, pool, web.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}).Handler())
	t.Cleanup(srv.Close)
	h := &harness{t: t, db: db, srv: srv}
	c := h.client()
	pages := []string{
		"/plans/dalian-2023-livelihood",
		fmt.Sprintf("/targets/%d", jobs.ID),
		"/departments/hrss",
		"/api/v1/targets?plan=dalian-2023-livelihood",
		"/plans/dalian-2023-livelihood/feed.atom",
	}
	visit := func() map[string][]loggedStatement {
		out := map[string][]loggedStatement{}
		for _, path := range pages {
			c.get(path) // the first visit creates the CSRF cookie
			out[path] = log.run(func() {
				if resp, _ := c.get(path); resp.StatusCode != http.StatusOK {
					t.Fatalf("%s: %d", path, resp.StatusCode)
				}
			})
		}
		return out
	}
	before := visit()
	options := func() int {
		_, doc := c.get("/plans/dalian-2023-livelihood")
		return doc.Find(`select[name="department"] option`).Length()
	}
	optionsBefore := options()

	// An unrelated plan of 20,000 targets with ten figures each.
	owner := testdb.OpenURL(t, d.Owner)
	for _, sql := range []string{
		`INSERT INTO plans (slug, title, short_title, issuer, period_start, period_end) VALUES ('large', '大计划', '大计划', '某市', '2021-01-01', '2025-12-31')`,
		`INSERT INTO departments (slug, name) VALUES ('large-bureau', '大计划局')`,
		`INSERT INTO sections (plan_id, key, title, position) SELECT p.id, 'S' || i, '章节', i FROM plans p, generate_series(1, 200) i WHERE p.slug = 'large'`,
		`INSERT INTO tasks (plan_id, section_id, number, title, position)
			SELECT s.plan_id, s.id, (s.position - 1) * 10 + k, '任务', k FROM sections s JOIN plans p ON p.id = s.plan_id, generate_series(1, 10) k WHERE p.slug = 'large'`,
		`INSERT INTO task_departments (task_id, department_id, role, position)
			SELECT k.id, d.id, 'lead', 1 FROM tasks k JOIN plans p ON p.id = k.plan_id, departments d WHERE p.slug = 'large' AND d.slug = 'large-bureau'`,
		`INSERT INTO targets (plan_id, key, section_id, task_id, title, kind, comparator, target_value, unit, deadline, source_text, position)
			SELECT k.plan_id, 't-' || k.number || '-' || i, k.section_id, k.id, '指标', 'level', '>=', 90, '%', '2025-12-31', '原文', i
			FROM tasks k JOIN plans p ON p.id = k.plan_id, generate_series(1, 10) i WHERE p.slug = 'large'`,
		`INSERT INTO figures (target_id, period, period_start, period_end, value, revision, entered_by)
			SELECT t.id, y::text, make_date(y, 1, 1), make_date(y, 12, 31), y - 2000, 1, ` + fmt.Sprint(admin.ID) + `
			FROM targets t JOIN plans p ON p.id = t.plan_id, generate_series(2016, 2025) y WHERE p.slug = 'large'`,
		`INSERT INTO audit_log (user_id, actor, action, entity, entity_id, target_id)
			SELECT f.entered_by, 'admin', 'create', 'figure', f.id, f.target_id FROM figures f JOIN targets t ON t.id = f.target_id
			JOIN plans p ON p.id = t.plan_id WHERE p.slug = 'large'`,
		`ANALYZE`,
	} {
		if _, err := owner.Pool.Exec(ctx, sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	after := visit()
	// The plan page offers its own plan's departments, not every one.
	if n := options(); n != optionsBefore {
		t.Errorf("the plan page's department filter has %d choices beside the large plan, %d without", n, optionsBefore)
	}

	for _, path := range pages {
		if len(after[path]) != len(before[path]) {
			t.Errorf("%s: %d statements beside the large plan, %d without", path, len(after[path]), len(before[path]))
		}
		for _, st := range after[path] {
			sql := strings.TrimSpace(st.sql)
			if !strings.HasPrefix(sql, "SELECT") && !strings.HasPrefix(sql, "WITH") {
				continue
			}
			var plan []byte
			if err := owner.Pool.QueryRow(ctx, "EXPLAIN (FORMAT JSON) "+sql, st.args...).Scan(&plan); err != nil {
				t.Fatalf("explain %s: %v", sql, err)
			}
			for _, rel := range seqScans(t, plan) {
				var rows float64
				_ = owner.Pool.QueryRow(ctx, `SELECT reltuples FROM pg_class WHERE oid = $1::regclass`, rel).Scan(&rows)
				if rows > 5000 {
					var text []string
					if r, err := owner.Pool.Query(ctx, "EXPLAIN "+sql, st.args...); err == nil {
						text, _ = pgx.CollectRows(r, pgx.RowTo[string])
					}
					t.Errorf("%s reads all %.0f rows of %s:\n%s\n%s", path, rows, rel, sql, strings.Join(text, "\n"))
				}
			}
		}
	}
}

// seqScans lists the relations a JSON query plan reads sequentially.
func seqScans(t *testing.T, plan []byte) []string {
	t.Helper()
	var doc []struct{ Plan map[string]any }
	if err := json.Unmarshal(plan, &doc); err != nil {
		t.Fatal(err)
	}
	var out []string
	var walk func(n map[string]any)
	walk = func(n map[string]any) {
		if n["Node Type"] == "Seq Scan" {
			out = append(out, n["Relation Name"].(string))
		}
		if kids, ok := n["Plans"].([]any); ok {
			for _, k := range kids {
				walk(k.(map[string]any))
			}
		}
	}
	for _, d := range doc {
		walk(d.Plan)
	}
	return out
}
