package postgres_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/planfile"
	"github.com/goalpost-civic/goalpost/internal/postgres"
	"github.com/goalpost-civic/goalpost/internal/testdb"
)

func auditCount(t testing.TB, db *postgres.DB, where string) int {
	t.Helper()
	var n int
	if err := db.Pool.QueryRow(context.Background(), `SELECT count(*) FROM audit_log WHERE `+where).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// findTarget points at the target keyed key in f.
func findTarget(f *planfile.File, key string) *planfile.Target {
	for i := range f.Sections {
		s := &f.Sections[i]
		for j := range s.Targets {
			if s.Targets[j].Key == key {
				return &s.Targets[j]
			}
		}
		for k := range s.Tasks {
			for j := range s.Tasks[k].Targets {
				if s.Tasks[k].Targets[j].Key == key {
					return &s.Tasks[k].Targets[j]
				}
			}
		}
	}
	return nil
}

// A plan downloaded as a plan file reads back (planfile.Read) and imports
// as unchanged, with no audit entry, for each bundled plan, with an
// administrator's schedule, a retired target and direct publishing.
func TestPlanFileRoundTrip(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := testdb.Open(t)
	testdb.LoadBundledPlans(t, db)
	admin := createUser(t, db, "admin@example.gov.cn", goalpost.UserAdmin)
	pm := findBySource(t, mustTargets(t, db), "PM_2.5平均浓度降至32微克/立方米以下")
	if err := db.SetSchedule(ctx, admin, pm.ID, goalpost.Schedule{Cadence: goalpost.Monthly, DueDay: 5}); err != nil {
		t.Fatal(err)
	}
	if err := db.SetPlanReview(ctx, admin, "dalian-2023-community", false); err != nil {
		t.Fatal(err)
	}
	if _, err := db.EditPlan(ctx, admin, "dalian-2023-livelihood", func(f *planfile.File) error {
		findTarget(f, pm.Key).Retired = &planfile.Retired{Reason: "指标口径调整"}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	for _, slug := range []string{"dalian-2023-livelihood", "dalian-2023-community"} {
		f, err := db.PlanFile(ctx, slug)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := planfile.Write(&buf, f); err != nil {
			t.Fatal(err)
		}
		back, err := planfile.Read(slug+".yaml", &buf)
		if err != nil {
			t.Fatalf("%s: the download does not read back: %v", slug, err)
		}
		before := auditCount(t, db, "true")
		res, err := db.ImportPlan(ctx, back, "test")
		if err != nil {
			t.Fatal(err)
		}
		if res.Created+res.Updated+res.Removed != 0 {
			t.Errorf("%s: importing the download changed %+v", slug, res)
		}
		if got := auditCount(t, db, "true"); got != before {
			t.Errorf("%s: importing the download wrote %d audit entries", slug, got-before)
		}
	}
	got, _ := db.Target(ctx, pm.ID)
	if got.Retired == nil || got.Retired.Reason != "指标口径调整" || got.Schedule.Cadence != goalpost.Monthly {
		t.Errorf("after the round trip: retired %+v, schedule %+v", got.Retired, got.Schedule)
	}
	if p, _ := db.Plan(ctx, "dalian-2023-community"); p.RequiresReview {
		t.Error("the round trip turned review back on")
	}
}

// The editor's rule: a target with figures cannot be deleted, only retired
// with a reason; retiring keeps its figures and history and refuses new
// figures; a target without figures can be deleted. Each change is in the
// trail with the administrator.
func TestEditorRetiresRatherThanDeletes(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := testdb.Open(t)
	testdb.LoadBundledPlans(t, db)
	testdb.PublishDirectly(t, db)
	admin := createUser(t, db, "admin@example.gov.cn", goalpost.UserAdmin)
	all := mustTargets(t, db)
	pm := findBySource(t, all, "PM_2.5平均浓度降至32微克/立方米以下")
	addFigure(t, db, admin, pm.ID, "2023", 30.1, "")
	remove := func(key string) func(f *planfile.File) error {
		return func(f *planfile.File) error {
			drop := func(ts []planfile.Target) []planfile.Target {
				kept := ts[:0]
				for _, x := range ts {
					if x.Key != key {
						kept = append(kept, x)
					}
				}
				return kept
			}
			for i := range f.Sections {
				s := &f.Sections[i]
				s.Targets = drop(s.Targets)
				for k := range s.Tasks {
					s.Tasks[k].Targets = drop(s.Tasks[k].Targets)
				}
			}
			return nil
		}
	}
	_, err := db.EditPlan(ctx, admin, "dalian-2023-livelihood", remove(pm.Key))
	if goalpost.ErrorCode(err) != goalpost.ECONFLICT || !strings.Contains(goalpost.ErrorMessage(err), "停用") {
		t.Fatalf("deleting a reported target: %v", err)
	}
	if _, err := db.Target(ctx, pm.ID); err != nil {
		t.Fatalf("the refused delete removed the target: %v", err)
	}
	// Retiring needs a reason.
	_, err = db.EditPlan(ctx, admin, "dalian-2023-livelihood", func(f *planfile.File) error {
		findTarget(f, pm.Key).Retired = &planfile.Retired{Reason: " "}
		return nil
	})
	if goalpost.ErrorCode(err) != goalpost.EINVALID || !strings.Contains(goalpost.ErrorMessage(err), "须说明原因") {
		t.Fatalf("retiring without a reason: %v", err)
	}
	if _, err := db.EditPlan(ctx, admin, "dalian-2023-livelihood", func(f *planfile.File) error {
		findTarget(f, pm.Key).Retired = &planfile.Retired{Reason: "监测站点调整"}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	got, _ := db.Target(ctx, pm.ID)
	if got.Retired == nil || got.Retired.Reason != "监测站点调整" || got.Summary.Count != 1 {
		t.Errorf("retired: %+v, %d figures", got.Retired, got.Summary.Count)
	}
	hist, _ := db.History(ctx, pm.ID, true)
	if len(hist) == 0 || hist[0].Action != "retire" || hist[0].Actor != "测试用户" {
		t.Errorf("history of the retirement: %+v", hist)
	}
	p, _ := goalpost.ParsePeriod("2024")
	if _, err := db.AddFigure(ctx, admin, goalpost.NewFigure{TargetID: pm.ID, Period: p, Value: 29}); goalpost.ErrorCode(err) != goalpost.EINVALID || !strings.Contains(goalpost.ErrorMessage(err), "已停用") {
		t.Errorf("a figure for a retired target: %v", err)
	}
	// A target without figures is deleted, and the deletion is in the trail.
	other := findBySource(t, all, "普惠性幼儿园覆盖率达到90%")
	res, err := db.EditPlan(ctx, admin, "dalian-2023-livelihood", remove(other.Key))
	if err != nil {
		t.Fatal(err)
	}
	if res.Removed != 1 {
		t.Errorf("removed = %d", res.Removed)
	}
	if _, err := db.Target(ctx, other.ID); goalpost.ErrorCode(err) != goalpost.ENOTFOUND {
		t.Errorf("deleted target still there: %v", err)
	}
	if n := auditCount(t, db, "action = 'delete' AND entity = 'target' AND user_id IS NOT NULL"); n != 1 {
		t.Errorf("deletion entries with the administrator: %d", n)
	}
}

// A plan made from nothing, then given a section, a task with its units and
// a target; a changed wording keeps the figures and is in the history.
func TestEditorBuildsAPlanFromNothing(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := testdb.Open(t)
	testdb.LoadBundledPlans(t, db)
	admin := createUser(t, db, "admin@example.gov.cn", goalpost.UserAdmin)
	editor := createUser(t, db, "ed@example.gov.cn", goalpost.UserEditor, "education")
	nf := &planfile.File{Slug: "town-2026", Title: "某镇2026年民生实事", ShortTitle: "民生实事", Issuer: "某镇人民政府",
		PeriodStart: date("2026-01-01"), PeriodEnd: date("2026-12-31"), RequiresReview: new(bool)}
	if err := db.CreatePlan(ctx, editor, nf); goalpost.ErrorCode(err) != goalpost.EFORBIDDEN {
		t.Errorf("an editor creates a plan: %v", err)
	}
	if err := db.CreatePlan(ctx, admin, nf); err != nil {
		t.Fatal(err)
	}
	if err := db.CreatePlan(ctx, admin, nf); goalpost.ErrorCode(err) != goalpost.ECONFLICT {
		t.Errorf("the same slug twice: %v", err)
	}
	v := 3.0
	_, err := db.EditPlan(ctx, admin, "town-2026", func(f *planfile.File) error {
		f.Sections = append(f.Sections, planfile.Section{Key: "一", Title: "教育", Tasks: []planfile.Task{{
			Number: 1, Title: "新建幼儿园", Lead: []string{"education"}, Responsible: []string{"finance"},
			Targets: []planfile.Target{{Key: "kindergartens", Title: "新建幼儿园", Kind: "cumulative", Comparator: ">=",
				Value: &v, Unit: "所", Deadline: date("2026-12-31"), SourceText: "新建幼儿园3所"}},
		}}})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	k := targetByKey(t, db, "town-2026", "kindergartens")
	if len(k.Lead) != 1 || k.Lead[0].Slug != "education" || len(k.Responsible) != 1 {
		t.Errorf("owners = %+v %+v", k.Lead, k.Responsible)
	}
	addFigure(t, db, admin, k.ID, "2026-Q1", 1, "")
	if _, err := db.EditPlan(ctx, admin, "town-2026", func(f *planfile.File) error {
		findTarget(f, "kindergartens").Title = "新建公办幼儿园"
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	k = targetByKey(t, db, "town-2026", "kindergartens")
	hist, _ := db.History(ctx, k.ID, true)
	if k.Title != "新建公办幼儿园" || k.Summary.Count != 1 || len(hist) == 0 || hist[0].Action != "edit" || hist[0].Before["title"] != "新建幼儿园" {
		t.Errorf("after the new wording: %q, %d figures, history %+v", k.Title, k.Summary.Count, hist)
	}
	// An edit breaking a rule is refused whole, with the reason.
	_, err = db.EditPlan(ctx, admin, "town-2026", func(f *planfile.File) error {
		f.Title = "不应保存"
		findTarget(f, "kindergartens").Deadline = date("2020-12-31")
		return nil
	})
	if goalpost.ErrorCode(err) != goalpost.EINVALID || !strings.Contains(goalpost.ErrorMessage(err), "早于规划开始日期") || strings.Contains(goalpost.ErrorMessage(err), "第 0 行") {
		t.Errorf("invalid edit: %v", err)
	}
	if p, _ := db.Plan(ctx, "town-2026"); p.Title != "某镇2026年民生实事" {
		t.Error("a refused edit changed the plan")
	}
	if n := auditCount(t, db, "entity = 'plan' AND user_id IS NOT NULL"); n != 2 {
		t.Errorf("plan entries (created, section and task added) = %d, want 2", n)
	}
}
