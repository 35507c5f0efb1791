package web_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/goalpost-civic/goalpost/internal/postgres"
	"github.com/goalpost-civic/goalpost/internal/web"
)

// BenchmarkCity renders public pages freshly, through the real handler
// (routing, sessions, CSRF, queries, templates) into memory, on the
// database GOALPOST_BENCH_DATABASE_URL names: a synthetic city loaded by
// internal/bench/synth beside the bundled plans, or for comparison a
// database of the bundled plans only (the synthetic pages then skip). It
// skips without the variable. Each sub-benchmark also reports its median
// (p50-ms). Commands and numbers: BENCHMARKS.md.
func BenchmarkCity(b *testing.B) {
	url := os.Getenv("GOALPOST_BENCH_DATABASE_URL")
	if url == "" {
		b.Skip("GOALPOST_BENCH_DATABASE_URL is not set: load a city with internal/bench/synth")
	}
	ctx := context.Background()
	db, err := postgres.Open(ctx, url)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(db.Close)
	handler := web.New(db, db.Pool, web.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}).Handler()

	// The synthetic city's landmarks (internal/bench/synth): its first plan
	// holds 3,000 targets, the first target of its second 500 figures.
	var large string
	var many int64
	_ = db.Pool.QueryRow(ctx, `SELECT slug FROM plans WHERE slug = 'synth-0001'`).Scan(&large)
	_ = db.Pool.QueryRow(ctx, `SELECT t.id FROM targets t JOIN plans p ON p.id = t.plan_id WHERE p.slug = 'synth-0002' AND t.key = 't-1'`).Scan(&many)
	var dalianTarget int64
	_ = db.Pool.QueryRow(ctx, `SELECT t.id FROM targets t JOIN plans p ON p.id = t.plan_id
		WHERE p.slug = 'dalian-2023-livelihood' ORDER BY t.position LIMIT 1`).Scan(&dalianTarget)

	pages := []struct {
		name, path string
		synthetic  bool
	}{
		{"DalianPlan", "/plans/dalian-2023-livelihood", false},
		{"DalianAPIList", "/api/v1/targets?plan=dalian-2023-livelihood", false},
		{"DalianTarget", fmt.Sprintf("/targets/%d", dalianTarget), false},
		{"DalianFeed", "/plans/dalian-2023-livelihood/feed.atom", false},
		{"DalianReports", "/reports/dalian-2023-livelihood", false},
		{"Department", "/departments/hrss", false},
		{"Home", "/", false},
		{"Search", "/search?q=%E5%B9%BC%E5%84%BF%E5%9B%AD", false}, // 幼儿园
		{"LargePlan", "/plans/" + large, true},
		{"LargePlanAPIList", "/api/v1/targets?plan=" + large, true},
		{"TargetWith500Figures", fmt.Sprintf("/targets/%d", many), true},
	}
	for _, p := range pages {
		b.Run(p.name, func(b *testing.B) {
			if p.synthetic && (large == "" || many == 0) {
				b.Skip("no synthetic city in this database")
			}
			var times []time.Duration
			for b.Loop() {
				start := time.Now()
				rec := httptest.NewRecorder()
				handler.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, p.path, nil))
				if rec.Code != http.StatusOK || rec.Body.Len() == 0 {
					b.Fatalf("%s: %d", p.path, rec.Code)
				}
				times = append(times, time.Since(start))
			}
			slices.Sort(times)
			b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "p50-ms")
		})
	}
}
