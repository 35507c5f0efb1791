package postgres_test

import (
	"context"
	"sync"
	"testing"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/postgres"
	"github.com/goalpost-civic/goalpost/internal/testdb"
)

// reviewSetup: the Dalian plans (review required), an editor and a reviewer
// of 市生态环境局 (lead of PM2.5), and a reviewer of a responsible unit only.
func reviewSetup(t *testing.T) (db *postgres.DB, editor, reviewer, outsider *goalpost.User, pm *goalpost.Tracked) {
	t.Helper()
	db = testdb.Open(t)
	testdb.LoadBundledPlans(t, db)
	ctx := context.Background()
	var err error
	editor, err = db.CreateUser(ctx, "editor@dalian.gov.cn", "填报员", goalpost.UserEditor, "correct horse battery", []string{"ecology-environment"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	reviewer, err = db.CreateUser(ctx, "reviewer@dalian.gov.cn", "审核员", goalpost.UserEditor, "correct horse battery", nil, []string{"ecology-environment"})
	if err != nil {
		t.Fatal(err)
	}
	outsider, err = db.CreateUser(ctx, "drc@dalian.gov.cn", "发改委审核员", goalpost.UserEditor, "correct horse battery", nil, []string{"drc"})
	if err != nil {
		t.Fatal(err)
	}
	return db, editor, reviewer, outsider, targetByKey(t, db, "dalian-2023-livelihood", "t22-pm25-concentration")
}

func TestReviewFlow(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, editor, reviewer, outsider, pm := reviewSetup(t)

	first := addFigure(t, db, editor, pm.ID, "2024", 35, "")
	if first.State != goalpost.FigureSubmitted {
		t.Fatalf("state = %s, want submitted", first.State)
	}
	if got, _ := db.Target(ctx, pm.ID); got.Summary.Count != 0 {
		t.Error("a submitted figure is public")
	}
	if public, _ := db.Figures(ctx, pm.ID, false); len(public) != 0 {
		t.Errorf("public figures = %d", len(public))
	}
	queue, _ := db.ReviewQueue(ctx, reviewer)
	if len(queue) != 1 || queue[0].Figure.ID != first.ID || queue[0].Figure.Value != 35 {
		t.Fatalf("queue = %+v", queue)
	}
	if q, _ := db.ReviewQueue(ctx, outsider); len(q) != 0 {
		t.Errorf("a responsible unit's reviewer sees %d items", len(q))
	}

	p, _ := goalpost.ParsePeriod("2024")
	_, err := db.AddFigure(ctx, editor, goalpost.NewFigure{TargetID: pm.ID, Period: p, Value: 34})
	if goalpost.ErrorCode(err) != goalpost.ECONFLICT {
		t.Errorf("resubmitting while pending: %v, want conflict", err)
	}
	for _, tc := range []struct {
		name    string
		user    *goalpost.User
		approve bool
		reason  string
		code    string
	}{
		{"the editor reviewing", editor, true, "", goalpost.EFORBIDDEN},
		{"a responsible unit's reviewer", outsider, true, "", goalpost.EFORBIDDEN},
		{"a return without a reason", reviewer, false, " ", goalpost.EINVALID},
	} {
		if _, err := db.Decide(ctx, tc.user, first.ID, tc.approve, tc.reason); goalpost.ErrorCode(err) != tc.code {
			t.Errorf("%s: %v, want %s", tc.name, err, tc.code)
		}
	}

	returned, err := db.Decide(ctx, reviewer, first.ID, false, "请附监测公报")
	if err != nil || returned.State != goalpost.FigureReturned || returned.Review.Reason != "请附监测公报" {
		t.Fatalf("return: %+v %v", returned, err)
	}
	if _, err := db.Decide(ctx, reviewer, first.ID, true, ""); goalpost.ErrorCode(err) != goalpost.ECONFLICT {
		t.Errorf("deciding twice: %v, want conflict", err)
	}
	second := addFigure(t, db, editor, pm.ID, "2024", 34.6, "")
	if second.Revision != 2 || second.State != goalpost.FigureSubmitted {
		t.Fatalf("resubmission = revision %d %s", second.Revision, second.State)
	}
	approved, err := db.Decide(ctx, reviewer, second.ID, true, "")
	if err != nil || approved.State != goalpost.FigurePublished {
		t.Fatalf("approve: %+v %v", approved, err)
	}
	got, _ := db.Target(ctx, pm.ID)
	if got.Summary.Count != 1 || got.Summary.Latest.Value != 34.6 {
		t.Errorf("after approval the public sees %+v", got.Summary.Latest)
	}
	public, _ := db.Figures(ctx, pm.ID, false)
	all, _ := db.Figures(ctx, pm.ID, true)
	if len(public) != 1 || len(all) != 2 {
		t.Errorf("public %d, all %d, want 1 and 2", len(public), len(all))
	}
	// Correcting a published figure needs a reason, and waits for review too.
	_, err = db.AddFigure(ctx, editor, goalpost.NewFigure{TargetID: pm.ID, Period: p, Value: 34.2})
	if goalpost.ErrorCode(err) != goalpost.EINVALID {
		t.Errorf("correction without reason: %v", err)
	}
	third := addFigure(t, db, editor, pm.ID, "2024", 34.2, "公报修订")
	if got, _ := db.Target(ctx, pm.ID); got.Summary.Latest.Value != 34.6 {
		t.Errorf("an unapproved correction changed the public value to %v", got.Summary.Latest.Value)
	}
	if _, err := db.Decide(ctx, reviewer, third.ID, true, ""); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.Target(ctx, pm.ID); got.Summary.Latest.Value != 34.2 {
		t.Errorf("approved correction not public: %v", got.Summary.Latest.Value)
	}
	hist, _ := db.History(ctx, pm.ID, true)
	actions := map[string]int{}
	for _, h := range hist {
		actions[h.Entity+"/"+h.Action]++
	}
	if actions["figure_review/returned"] != 1 || actions["figure_review/approved"] != 2 {
		t.Errorf("history = %v", actions)
	}
}

// TestSimultaneousApprovals: two reviewers approving the same figure at
// once; exactly one decision is recorded, the other is told.
func TestSimultaneousApprovals(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, editor, reviewer, _, pm := reviewSetup(t)
	second, err := db.CreateUser(ctx, "reviewer2@dalian.gov.cn", "审核员二", goalpost.UserEditor, "correct horse battery", nil, []string{"ecology-environment"})
	if err != nil {
		t.Fatal(err)
	}
	fig := addFigure(t, db, editor, pm.ID, "2024", 35, "")
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, u := range []*goalpost.User{reviewer, second} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = db.Decide(ctx, u, fig.ID, true, "")
		}()
	}
	wg.Wait()
	ok, conflicts := 0, 0
	for _, err := range errs {
		switch goalpost.ErrorCode(err) {
		case "":
			ok++
		case goalpost.ECONFLICT:
			conflicts++
		default:
			t.Errorf("unexpected: %v", err)
		}
	}
	if ok != 1 || conflicts != 1 {
		t.Errorf("%d approvals, %d conflicts; want 1 and 1", ok, conflicts)
	}
	var decisions int
	_ = db.Pool.QueryRow(ctx, `SELECT count(*) FROM figure_reviews`).Scan(&decisions)
	if decisions != 1 {
		t.Errorf("%d decisions recorded", decisions)
	}
}
