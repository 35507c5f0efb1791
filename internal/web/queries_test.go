package web_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
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

// TestQueriesDoNotGrowWithTargets: a page runs as many queries for 109
// targets with figures as for 1.
func TestQueriesDoNotGrowWithTargets(t *testing.T) {
	t.Parallel()
	cfg, err := pgxpool.ParseConfig(testdb.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	counter := &queryCounter{}
	cfg.ConnConfig.Tracer = counter
	pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	db := &postgres.DB{Pool: pool, Now: time.Now}
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
	cfg, err := pgxpool.ParseConfig(testdb.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	counter := &sqlCounter{}
	cfg.ConnConfig.Tracer = counter
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	db := &postgres.DB{Pool: pool, Now: time.Now}
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
