package postgres_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/goalpost-civic/goalpost/internal/planfile"
	"github.com/goalpost-civic/goalpost/internal/postgres"
	"github.com/goalpost-civic/goalpost/internal/testdb"
	"github.com/jackc/pgx/v5"
)

// largeCity builds a plan the size of a big city's: targets across sections
// and tasks, each with `months` monthly figures, most in revision 1 and every
// tenth period corrected once. It returns the database, connected as the
// serving role, and the plan's slug.
func largeCity(tb testing.TB, targets, months int) (*postgres.DB, string) {
	tb.Helper()
	_, db, slug := largeCityIn(tb, targets, months)
	return db, slug
}

// largeCityIn is largeCity that also gives the test database, for its
// owner's connection.
func largeCityIn(tb testing.TB, targets, months int) (testdb.Database, *postgres.DB, string) {
	tb.Helper()
	d := testdb.New(tb)
	db := testdb.OpenURL(tb, d.Serving)
	ctx := context.Background()
	f := &planfile.File{Slug: "big-city", Title: "大城市", ShortTitle: "大城市", Issuer: "市政府",
		PeriodStart: date("2021-01-01"), PeriodEnd: date("2025-12-31"),
		Departments: []planfile.Department{{Slug: "bureau", Name: "某局"}}}
	kinds := []string{"level", "cumulative", "annual", "maintain", "rate"}
	value := 100.0
	for s := 0; s < targets/100; s++ {
		sec := planfile.Section{Key: fmt.Sprintf("S%d", s), Title: "章节"}
		for k := 0; k < 10; k++ {
			task := planfile.Task{Number: s*10 + k + 1, Title: "任务", Lead: []string{"bureau"}}
			for i := 0; i < 10; i++ {
				task.Targets = append(task.Targets, planfile.Target{
					Key: fmt.Sprintf("t-%d-%d-%d", s, k, i), Title: "指标", Kind: kinds[i%len(kinds)], Comparator: ">=",
					Value: &value, Unit: "%", Deadline: date("2025-12-31"), SourceText: "原文",
				})
			}
			sec.Tasks = append(sec.Tasks, task)
		}
		f.Sections = append(f.Sections, sec)
	}
	if _, err := db.ImportPlan(ctx, f, "bench"); err != nil {
		tb.Fatal(err)
	}
	var rows [][]any
	start := time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)
	ids, err := pgx.CollectRows(mustQuery(tb, db, `SELECT id FROM targets WHERE plan_id = (SELECT id FROM plans WHERE slug = 'big-city')`), pgx.RowTo[int64])
	if err != nil {
		tb.Fatal(err)
	}
	for _, id := range ids {
		for m := 0; m < months; m++ {
			ps := start.AddDate(0, m, 0)
			period := ps.Format("2006-01")
			rows = append(rows, []any{id, period, ps, ps.AddDate(0, 1, -1), float64(m), 1, ""})
			if m%10 == 0 {
				rows = append(rows, []any{id, period, ps, ps.AddDate(0, 1, -1), float64(m) + 0.5, 2, "更正"})
			}
		}
	}
	if _, err := db.Pool.CopyFrom(ctx, pgx.Identifier{"figures"}, []string{"target_id", "period", "period_start", "period_end", "value", "revision", "reason"}, pgx.CopyFromRows(rows)); err != nil {
		tb.Fatal(err)
	}
	// Only the owner may analyse the tables (the serving role's ANALYZE
	// skips them all).
	if _, err := testdb.OpenURL(tb, d.Owner).Pool.Exec(ctx, "ANALYZE"); err != nil {
		tb.Fatal(err)
	}
	return d, db, f.Slug
}

func mustQuery(tb testing.TB, db *postgres.DB, sql string) pgx.Rows {
	rows, err := db.Pool.Query(context.Background(), sql)
	if err != nil {
		tb.Fatal(err)
	}
	return rows
}

func date(s string) planfile.Date {
	t, _ := time.Parse("2006-01-02", s)
	return planfile.Date{Time: t}
}

// BenchmarkPlanTargets is the plan page's data: 3,000 targets with five
// years of monthly figures (198,000 figure rows), listed and assessed.
func BenchmarkPlanTargets(b *testing.B) {
	db, slug := largeCity(b, 3000, 60)
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		ts, err := db.Targets(ctx, postgres.TargetFilter{Plan: slug})
		if err != nil || len(ts) != 3000 {
			b.Fatalf("%d targets, %v", len(ts), err)
		}
	}
}

// BenchmarkSectionTargets is a filtered plan page (one section, 100 targets)
// on the same data.
func BenchmarkSectionTargets(b *testing.B) {
	db, slug := largeCity(b, 3000, 60)
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		ts, err := db.Targets(ctx, postgres.TargetFilter{Plan: slug, Section: "S7"})
		if err != nil || len(ts) != 100 {
			b.Fatalf("%d targets, %v", len(ts), err)
		}
	}
}

// BenchmarkTargetPage is one target's page data on the same data.
func BenchmarkTargetPage(b *testing.B) {
	db, _ := largeCity(b, 3000, 60)
	ctx := context.Background()
	var id int64
	_ = db.Pool.QueryRow(ctx, `SELECT max(id) FROM targets`).Scan(&id)
	b.ResetTimer()
	for b.Loop() {
		if _, err := db.Target(ctx, id); err != nil {
			b.Fatal(err)
		}
		if figs, err := db.Figures(ctx, id, true); err != nil || len(figs) != 66 {
			b.Fatalf("%d figures, %v", len(figs), err)
		}
		if _, err := db.History(ctx, id, true); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDalianPlanTargets is the Dalian plan page's data on a database
// that holds only the bundled plans; BenchmarkDalianPlanTargetsBesideLargePlan
// the same with an unrelated plan of 20,000 targets loaded: a page's cost
// should not grow with what else the database holds (issue 10).
func BenchmarkDalianPlanTargets(b *testing.B) {
	d := testdb.New(b)
	db := testdb.OpenURL(b, d.Serving)
	testdb.LoadBundledPlans(b, db)
	if _, err := testdb.OpenURL(b, d.Owner).Pool.Exec(context.Background(), "ANALYZE"); err != nil {
		b.Fatal(err)
	}
	benchDalian(b, db)
}

func BenchmarkDalianPlanTargetsBesideLargePlan(b *testing.B) {
	d, db, _ := largeCityIn(b, 20000, 0)
	testdb.LoadBundledPlans(b, db)
	if _, err := testdb.OpenURL(b, d.Owner).Pool.Exec(context.Background(), "ANALYZE"); err != nil {
		b.Fatal(err)
	}
	benchDalian(b, db)
}

func benchDalian(b *testing.B, db *postgres.DB) {
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ts, err := db.Targets(ctx, postgres.TargetFilter{Plan: "dalian-2023-livelihood"})
		if err != nil || len(ts) != 109 {
			b.Fatalf("%d targets, %v", len(ts), err)
		}
	}
}
