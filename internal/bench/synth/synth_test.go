package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/goalpost-civic/goalpost/internal/postgres"
	"github.com/goalpost-civic/goalpost/internal/testdb"
	"github.com/goalpost-civic/goalpost/internal/web"
)

// TestSmallCity loads a small city beside the bundled plans and checks what
// a reader would see: the counts asked for, the summaries the pages read
// equal to summarising the figures afresh, and a synthetic plan's page and
// target page served with their rows.
func TestSmallCity(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d := testdb.New(t)
	db := testdb.OpenURL(t, d.Serving)
	testdb.LoadBundledPlans(t, db)
	owner := testdb.OpenURL(t, d.Owner)
	var log strings.Builder
	res, err := Load(ctx, owner.Pool, Sizes{Plans: 3, Targets: 300, Figures: 3000, Prefix: "synth"}, &log)
	if err != nil {
		t.Fatal(err)
	}
	t.Log(log.String())
	for _, phase := range []string{"structure", "figures", "analyze", "total"} {
		if !strings.Contains(log.String(), phase) {
			t.Errorf("no time for phase %s", phase)
		}
	}

	count := func(sql string) int {
		t.Helper()
		var n int
		if err := owner.Pool.QueryRow(ctx, sql).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	synth := `(SELECT t.id FROM targets t JOIN plans p ON p.id = t.plan_id WHERE p.slug LIKE 'synth-%')`
	got := []int{
		count(`SELECT count(*) FROM plans WHERE slug LIKE 'synth-%'`),
		count(`SELECT count(*) FROM targets WHERE id IN ` + synth),
		count(`SELECT count(*) FROM figures WHERE target_id IN ` + synth),
		count(`SELECT count(*) FROM plans WHERE slug LIKE 'dalian-%'`),
		count(`SELECT count(DISTINCT kind) FROM targets WHERE id IN ` + synth),
		count(fmt.Sprintf(`SELECT count(*) FROM figures WHERE target_id = %d`, res.ManyFigures)),
		count(`SELECT count(*) FROM audit_log WHERE target_id IN ` + synth),
	}
	want := []int{3, 300, 3000, 2, 13, 500, 3000}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("plans, targets, figures, Dalian plans, kinds, figures of the busiest target, audit entries: got %v, want %v", got, want)
	}
	// Some figures wait for review, some were approved, some returned.
	if n := count(`SELECT count(DISTINCT decision) FROM figure_reviews r JOIN figures f ON f.id = r.figure_id WHERE f.target_id IN ` + synth); n != 2 {
		t.Errorf("%d kinds of review decision, want approved and returned", n)
	}
	if n := count(`SELECT count(*) FROM figures f WHERE needs_review AND NOT EXISTS (SELECT 1 FROM figure_reviews r WHERE r.figure_id = f.id) AND target_id IN ` + synth); n == 0 {
		t.Error("no figure waits for review")
	}
	// The summaries the pages read are those of the figures as they are.
	if n := count(`SELECT count(*) FROM (
		(SELECT * FROM target_summaries WHERE target_id IN ` + synth + `
		 EXCEPT SELECT * FROM figure_summaries(ARRAY` + synth + `))
		UNION ALL
		(SELECT * FROM figure_summaries(ARRAY` + synth + `)
		 EXCEPT SELECT * FROM target_summaries WHERE target_id IN ` + synth + `)) x`); n != 0 {
		t.Errorf("%d summaries differ from the figures", n)
	}
	if n := count(`SELECT count(*) FROM target_summaries WHERE target_id IN ` + synth); n < 290 {
		t.Errorf("only %d of 300 targets summarised", n)
	}

	ts, err := db.Targets(ctx, postgres.TargetFilter{Plan: res.LargePlan})
	if err != nil || len(ts) != res.LargePlanTargets || res.LargePlanTargets != 150 {
		t.Fatalf("%d targets in %s (want %d), %v", len(ts), res.LargePlan, res.LargePlanTargets, err)
	}
	srv := httptest.NewServer(web.New(db, db.Pool, web.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}).Handler())
	t.Cleanup(srv.Close)
	page := func(path, rows string) int {
		t.Helper()
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		doc, err := goquery.NewDocumentFromReader(resp.Body)
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d, %v", path, resp.StatusCode, err)
		}
		return doc.Find(rows).Length()
	}
	if n := page("/plans/"+res.LargePlan, `[data-testid="target-row"]`); n != 150 {
		t.Errorf("plan page lists %d targets, want 150", n)
	}
	// The public sees the published figures: all 500 unless one waits.
	if n := page(fmt.Sprintf("/targets/%d", res.ManyFigures), `[data-testid="figure-row"]`); n < 499 {
		t.Errorf("target page shows %d figures, want 500", n)
	}
	if n := page("/api/v1/targets?plan="+res.LargePlan, "body"); n != 1 {
		t.Errorf("API list not served")
	}
	// A second city under the same prefix is refused, not mixed in.
	if _, err := Load(ctx, owner.Pool, Sizes{Plans: 1, Targets: 1, Figures: 0, Prefix: "synth"}, io.Discard); err == nil {
		t.Error("a second city with the same prefix was loaded")
	}
}
