package postgres_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/planfile"
	"github.com/goalpost-civic/goalpost/internal/postgres"
)

// listen hears db's changes until the test ends, from its first Reset on:
// heard has what came since the last next, next waits for the next one.
func listen(t *testing.T, db *postgres.DB) (heard chan postgres.Change, next func(what string) postgres.Change) {
	t.Helper()
	heard = make(chan postgres.Change, 100)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	go db.ListenChanges(ctx, func(c postgres.Change) { heard <- c })
	next = func(what string) postgres.Change {
		t.Helper()
		select {
		case c := <-heard:
			return c
		case <-time.After(10 * time.Second):
			t.Fatalf("%s: nothing heard", what)
			return postgres.Change{}
		}
	}
	if c := next("connecting"); !c.Reset {
		t.Fatalf("the first announcement is %+v, want a Reset", c)
	}
	return heard, next
}

// TestEveryWriteAPageShowsIsAnnounced: each kind of write that changes a
// public page — a figure, a review, an override, a plan edit, a baseline,
// a schedule, a published report — announces its plan on commit, and one
// that every page may show (thresholds, a department's name) announces
// everything; a write rolled back announces nothing.
func TestEveryWriteAPageShowsIsAnnounced(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, editor, reviewer, _, pm := reviewSetup(t)
	admin, err := db.CreateUser(ctx, "admin@dalian.gov.cn", "管理员", goalpost.UserAdmin, "correct horse battery", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	heard, next := listen(t, db)
	expect := func(what string, want postgres.Change, write func() error) {
		t.Helper()
		if err := write(); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		got := []postgres.Change{next(what)}
		for more := true; more; {
			select {
			case c := <-heard:
				got = append(got, c)
			case <-time.After(50 * time.Millisecond):
				more = false
			}
		}
		// Everything covers whatever else the same write named.
		if !slices.Contains(got, want) || (len(got) > 1 && !want.All) {
			t.Errorf("%s: announced %+v, want %+v", what, got, want)
		}
	}
	plan := postgres.Change{PlanID: pm.PlanID}
	everything := postgres.Change{All: true}
	var submitted goalpost.Figure
	expect("a figure", plan, func() (err error) {
		submitted = addFigure(t, db, editor, pm.ID, "2024", 35, "")
		return nil
	})
	expect("a review", plan, func() error { _, err := db.Decide(ctx, reviewer, submitted.ID, true, ""); return err })
	expect("an override", plan, func() error {
		return db.SetOverride(ctx, admin, pm.ID, goalpost.StatusAtRisk, "监测站点调整，数据待核")
	})
	expect("a baseline", plan, func() error {
		v := 36.0
		return db.SetBaseline(ctx, admin, pm.ID, &v, time.Date(2022, 12, 31, 0, 0, 0, 0, time.UTC), "2022年36微克")
	})
	expect("a plan edit", plan, func() error {
		_, err := db.EditPlan(ctx, admin, "dalian-2023-livelihood", func(f *planfile.File) error {
			f.Title += "（修订）"
			return nil
		})
		return err
	})
	expect("a published report", plan, func() error {
		_, err := db.PublishReport(ctx, admin, "dalian-2023-livelihood", "2024-06", map[string]int{"targets": 109},
			func([]byte) string { return "" })
		return err
	})
	expect("the thresholds", everything, func() error {
		return db.SetRules(ctx, admin, goalpost.Rules{OnTrackLag: 5, AtRiskLag: 25})
	})
	expect("a department's name", everything, func() error {
		return db.SaveDepartment(ctx, admin, "ecology-environment", "大连市生态环境局")
	})
	expect("a new plan", everything, func() error {
		f, err := db.PlanFile(ctx, "dalian-2023-community")
		if err != nil {
			return err
		}
		f.Slug, f.Title = "dalian-2024-community", "大连市2024年社区服务行动计划"
		_, err = db.ImportPlan(ctx, f, "test")
		return err
	})
	// A refused write changes nothing and announces nothing.
	if err := db.SetOverride(ctx, editor, pm.ID, goalpost.StatusAtRisk, "无权"); err == nil {
		t.Fatal("an editor set an override")
	}
	select {
	case c := <-heard:
		t.Errorf("a refused write announced %+v", c)
	case <-time.After(200 * time.Millisecond):
	}
}

// TestListenerComesBack: when its connection is cut (a database restart, a
// network fault), the listener says the changes are Lost, reconnects, says
// Reset, and announces again.
func TestListenerComesBack(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, editor, _, _, pm := reviewSetup(t)
	_, next := listen(t, db)
	// Cut the listening connection, as a restart of PostgreSQL would (a
	// role may end its own sessions).
	var cut int
	if err := db.Pool.QueryRow(ctx, `
		SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity
		WHERE datname = current_database() AND query = 'LISTEN goalpost_changes') t`).Scan(&cut); err != nil || cut != 1 {
		t.Fatalf("cut %d listening connections: %v", cut, err)
	}
	if c := next("cut"); !c.Lost {
		t.Fatalf("after the cut: %+v, want Lost", c)
	}
	if c := next("back"); !c.Reset {
		t.Fatalf("after Lost: %+v, want a Reset", c)
	}
	addFigure(t, db, editor, pm.ID, "2024", 35, "")
	if c := next("a figure after coming back"); c.PlanID != pm.PlanID {
		t.Errorf("after coming back: %+v, want plan %d", c, pm.PlanID)
	}
}
