package postgres_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/planfile"
	"github.com/goalpost-civic/goalpost/internal/postgres"
	"github.com/goalpost-civic/goalpost/internal/testdb"
)

func TestFigureRules(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := testdb.Open(t)
	testdb.LoadBundledPlans(t, db)
	testdb.PublishDirectly(t, db)
	admin := createUser(t, db, "admin@dalian.gov.cn", goalpost.UserAdmin)
	editor := createUser(t, db, "hr@dalian.gov.cn", goalpost.UserEditor, "hrss")
	period := func(s string) goalpost.Period { p, _ := goalpost.ParsePeriod(s); return p }
	jobs := targetByKey(t, db, "dalian-2023-livelihood", "overall-new-urban-jobs") // cumulative, owned by hrss via task 1
	pm := targetByKey(t, db, "dalian-2023-livelihood", "t22-pm25-concentration")
	hospice := targetByKey(t, db, "dalian-2023-livelihood", "overall-hospice-institutions-per-district")

	cases := []struct {
		name string
		user *goalpost.User
		nf   goalpost.NewFigure
		code string
	}{
		{"owner enters a figure", editor, goalpost.NewFigure{TargetID: jobs.ID, Period: period("2024-Q1"), Value: 3}, ""},
		{"overlapping cumulative period is refused", editor, goalpost.NewFigure{TargetID: jobs.ID, Period: period("2024"), Value: 12}, goalpost.EINVALID},
		{"correction without reason is refused", editor, goalpost.NewFigure{TargetID: jobs.ID, Period: period("2024-Q1"), Value: 3.2}, goalpost.EINVALID},
		{"another department is forbidden", editor, goalpost.NewFigure{TargetID: pm.ID, Period: period("2024"), Value: 30}, goalpost.EFORBIDDEN},
		{"per district needs a district", admin, goalpost.NewFigure{TargetID: hospice.ID, Period: period("2024"), Value: 1}, goalpost.EINVALID},
		{"per district with a district", admin, goalpost.NewFigure{TargetID: hospice.ID, Period: period("2024"), Value: 1, District: "庄河市"}, ""},
		{"district on a plain target is refused", admin, goalpost.NewFigure{TargetID: pm.ID, Period: period("2024"), Value: 30, District: "庄河市"}, goalpost.EINVALID},
		{"period far outside the plan is refused", admin, goalpost.NewFigure{TargetID: pm.ID, Period: period("2031"), Value: 30}, goalpost.EINVALID},
		{"source link must be http", admin, goalpost.NewFigure{TargetID: pm.ID, Period: period("2024"), Value: 30, SourceURL: "javascript:alert(1)"}, goalpost.EINVALID},
		{"negative amount for a cumulative target", admin, goalpost.NewFigure{TargetID: jobs.ID, Period: period("2024-Q2"), Value: -1}, goalpost.EINVALID},
	}
	for _, tc := range cases {
		_, err := db.AddFigure(ctx, tc.user, tc.nf)
		if got := goalpost.ErrorCode(err); got != tc.code {
			t.Errorf("%s: code %q (%v), want %q", tc.name, got, err, tc.code)
		}
	}
	got, _ := db.Target(ctx, jobs.ID)
	if got.Summary.Count != 1 || got.Summary.Total != 3 {
		t.Errorf("after refusals: %d figures totalling %v, want 1 and 3", got.Summary.Count, got.Summary.Total)
	}
}

func TestFiguresAreAppendOnly(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, _, _ := pm25Reported(t)
	for _, sql := range []string{`UPDATE figures SET value = 1`, `DELETE FROM figures`, `UPDATE audit_log SET actor = 'x'`, `DELETE FROM audit_log`} {
		if _, err := db.Pool.Exec(ctx, sql); err == nil {
			t.Errorf("%s succeeded", sql)
		}
	}
}

// TestConcurrentCorrections: officials correcting the same period at once
// each get their own revision; none is lost or duplicated.
func TestConcurrentCorrections(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, admin, pm := pm25Reported(t)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p, _ := goalpost.ParsePeriod("2024")
			_, err := db.AddFigure(ctx, admin, goalpost.NewFigure{TargetID: pm.ID, Period: p, Value: float64(30 + i), Reason: "并发更正"})
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	figs, _ := db.Figures(ctx, pm.ID, true)
	seen := map[int]bool{}
	for _, f := range figs {
		if seen[f.Revision] {
			t.Errorf("revision %d twice", f.Revision)
		}
		seen[f.Revision] = true
	}
	if len(figs) != 9 || !seen[9] {
		t.Errorf("%d revisions, want 9", len(figs))
	}
	got, _ := db.Target(ctx, pm.ID)
	if got.Summary.Count != 1 || got.Summary.Latest.Value != figs[0].Value {
		t.Errorf("summary shows %v, current revision is %v", got.Summary.Latest.Value, figs[0].Value)
	}
}

// pm25Reported is the Dalian plans with an administrator and one PM2.5
// figure (2024: 35).
func pm25Reported(t *testing.T) (*postgres.DB, *goalpost.User, *goalpost.Tracked) {
	t.Helper()
	db := testdb.Open(t)
	testdb.LoadBundledPlans(t, db)
	testdb.PublishDirectly(t, db)
	admin := createUser(t, db, "admin@dalian.gov.cn", goalpost.UserAdmin)
	pm := targetByKey(t, db, "dalian-2023-livelihood", "t22-pm25-concentration")
	addFigure(t, db, admin, pm.ID, "2024", 35, "")
	return db, admin, pm
}

// TestDocumentBaselineCannotBeReplaced: an administrator's baseline only
// fills a gap the document leaves, and a re-import leaves it alone.
func TestDocumentBaselineCannotBeReplaced(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := testdb.Open(t)
	pf := readBundled(t, "dalian-2023-livelihood.yaml")
	var withBaseline string
	for i := range pf.Sections {
		for j := range pf.Sections[i].Targets {
			if withBaseline == "" {
				v := 80.0
				pf.Sections[i].Targets[j].Baseline = &planfile.Baseline{Value: &v, Date: date("2022-12-31"), Text: "文件所载"}
				withBaseline = pf.Sections[i].Targets[j].Key
			}
		}
	}
	if _, err := db.ImportPlan(ctx, pf, "test"); err != nil {
		t.Fatal(err)
	}
	admin := createUser(t, db, "admin@dalian.gov.cn", goalpost.UserAdmin)
	doc := targetByKey(t, db, pf.Slug, withBaseline)
	v := 70.0
	if err := db.SetBaseline(ctx, admin, doc.ID, &v, time.Date(2022, 12, 31, 0, 0, 0, 0, time.UTC), "另设"); goalpost.ErrorCode(err) != goalpost.ECONFLICT {
		t.Errorf("replacing the document's baseline: %v, want conflict", err)
	}
	pm := targetByKey(t, db, pf.Slug, "t22-pm25-concentration")
	if err := db.SetBaseline(ctx, admin, pm.ID, &v, time.Date(2022, 12, 31, 0, 0, 0, 0, time.UTC), "2022年公报"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ImportPlan(ctx, pf, "test"); err != nil {
		t.Fatal(err)
	}
	got, _ := db.Target(ctx, pm.ID)
	if got.Baseline == nil || !got.Baseline.ByAdministrator || got.Baseline.Value != 70 {
		t.Errorf("after re-import the administrator's baseline is %+v", got.Baseline)
	}
	editor := createUser(t, db, "env@dalian.gov.cn", goalpost.UserEditor, "ecology-environment")
	if err := db.SetBaseline(ctx, editor, pm.ID, nil, time.Time{}, ""); goalpost.ErrorCode(err) != goalpost.EFORBIDDEN {
		t.Errorf("an editor setting a baseline: %v", err)
	}
}
