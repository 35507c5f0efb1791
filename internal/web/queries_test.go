package web_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"net/url"
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
