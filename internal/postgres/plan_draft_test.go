package postgres_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/goalpost-civic/goalpost/internal/extract"
	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/i18n"
	"github.com/goalpost-civic/goalpost/internal/postgres"
	"github.com/goalpost-civic/goalpost/internal/testdb"
)

func day(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }

func value(v float64) *float64 { return &v }

// countyReview is a draft of a county plan: a target in a task led by a
// unit Dalian does not have, one led by Dalian's 市教育局, one still pending.
func countyReview(slug string) *extract.Review {
	rv := extract.NewReview(&extract.Draft{
		Plan: extract.PlanMeta{Title: "青山县教育强县三年行动方案", Issuer: "青山县人民政府",
			PeriodStart: day("2024-01-01"), PeriodEnd: day("2026-12-31")},
		Sections: []extract.Section{{Key: "三", Title: "重点任务"}},
		Tasks: []extract.Task{{Section: "三", Number: 1, Title: "扩充学前教育资源", Lead: []string{"县教育局"}},
			{Section: "三", Number: 2, Title: "市级统筹", Lead: []string{"市教育局"}}},
		Targets: []extract.Candidate{
			{Title: "新建改扩建公办幼儿园", Kind: "cumulative", Comparator: ">=", Value: value(12), Unit: "所",
				Deadline: day("2026-12-31"), Section: "三", Task: 1, SourceText: "新建、改扩建公办幼儿园12所"},
			{Title: "普惠性幼儿园覆盖率", Kind: "level", Comparator: ">=", Value: value(90), Unit: "%",
				Deadline: day("2026-12-31"), Section: "三", Task: 2, SourceText: "普惠性幼儿园覆盖率达到90%"},
			{Title: "每年培训教师", Kind: "annual", Comparator: ">=", Value: value(2000), Unit: "人次",
				Deadline: day("2026-12-31"), Section: "三", Task: 1, SourceText: "每年培训教师不少于2000人次"},
		},
	}, slug)
	rv.Candidates[0].State = extract.Accepted
	rv.Candidates[1].State = extract.Accepted
	return rv
}

func newAdmin(t *testing.T, db *postgres.DB) *goalpost.User {
	t.Helper()
	u, err := db.CreateUser(context.Background(), "admin@dalian.gov.cn", "管理员", goalpost.UserAdmin, "correct horse battery", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func auditActions(t *testing.T, db *postgres.DB, entity string) []string {
	t.Helper()
	entries, err := db.Audit(context.Background(), postgres.AuditFilter{Entity: entity})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append([]string{e.Action}, out...)
	}
	return out
}

func TestPlanDraftCreateEditPublish(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := testdb.Open(t) // serving through the restricted role: UPDATE on plan_drafts must be granted
	testdb.LoadBundledPlans(t, db)
	admin := newAdmin(t, db)

	id, err := db.CreatePlanDraft(ctx, admin, "qingshan.txt", "青山县……", countyReview("qingshan-education"))
	if err != nil {
		t.Fatal(err)
	}
	// An edit made while another is pending: both kept.
	if err := db.EditPlanDraft(ctx, admin, id, func(rv *extract.Review) error {
		rv.Candidates[0].Value = value(15)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if err := db.EditPlanDraft(ctx, admin, id, func(rv *extract.Review) error {
		return goalpost.Errorf(goalpost.EINVALID, "no")
	}); goalpost.ErrorCode(err) != goalpost.EINVALID {
		t.Fatalf("a refused edit: %v", err)
	}
	d, err := db.PlanDraft(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if d.Text != "青山县……" || d.FileName != "qingshan.txt" || *d.Review.Candidates[0].Value != 15 || d.Review.Candidates[2].State != extract.Pending || !d.Open() {
		t.Fatalf("draft read back: %+v", d)
	}
	list, err := db.PlanDrafts(ctx)
	if err != nil || len(list) != 1 || list[0].Candidates != 3 || list[0].Accepted != 2 || list[0].Slug != "qingshan-education" {
		t.Fatalf("drafts = %+v, %v", list, err)
	}
	if _, err := db.Plan(ctx, "qingshan-education"); goalpost.ErrorCode(err) != goalpost.ENOTFOUND {
		t.Fatalf("a plan exists before publishing: %v", err)
	}

	slug, res, err := db.PublishPlanDraft(ctx, admin, id)
	if err != nil {
		t.Fatal(err)
	}
	if slug != "qingshan-education" || res.Created != 2 {
		t.Errorf("published %s: %+v", slug, res)
	}
	ts, err := db.Targets(ctx, postgres.TargetFilter{Plan: slug})
	if err != nil {
		t.Fatal(err)
	}
	if len(ts) != 2 {
		t.Fatalf("%d targets published, want the 2 accepted", len(ts))
	}
	for _, x := range ts {
		switch x.Title {
		case "新建改扩建公办幼儿园":
			if *x.Value != 15 || len(x.Lead) != 1 || x.Lead[0].Name != "县教育局" {
				t.Errorf("kindergartens: %v %+v", *x.Value, x.Lead)
			}
		case "普惠性幼儿园覆盖率":
			if len(x.Lead) != 1 || x.Lead[0].Slug != "education" { // Dalian's 市教育局, not a new one
				t.Errorf("coverage lead = %+v", x.Lead)
			}
		default:
			t.Errorf("published %q", x.Title)
		}
	}
	if got := strings.Join(auditActions(t, db, "plan_draft"), ","); got != "create,publish" {
		t.Errorf("draft audit = %s", got)
	}
	d, _ = db.PlanDraft(ctx, id)
	if d.PublishedPlan != slug || d.Open() {
		t.Errorf("after publishing: %+v", d)
	}
	// Published is final.
	if _, _, err := db.PublishPlanDraft(ctx, admin, id); goalpost.ErrorCode(err) != goalpost.ECONFLICT {
		t.Errorf("publishing again: %v", err)
	}
	if err := db.EditPlanDraft(ctx, admin, id, func(*extract.Review) error { return nil }); goalpost.ErrorCode(err) != goalpost.ECONFLICT {
		t.Errorf("editing a published draft: %v", err)
	}
}

func TestPlanDraftPublishRefusedWritesNothing(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := testdb.Open(t)
	testdb.LoadBundledPlans(t, db)
	admin := newAdmin(t, db)
	before, _ := db.Departments(ctx)

	rv := countyReview("qingshan")
	rv.Candidates[1].Value = nil // a level needs a value
	id, err := db.CreatePlanDraft(ctx, admin, "q.txt", "…", rv)
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = db.PublishPlanDraft(ctx, admin, id)
	var problems extract.Problems
	if !errors.As(err, &problems) || len(problems) != 1 || problems[0].Candidate != 1 ||
		problems[0].Message(i18n.Chinese) != "这种类型需要目标值" {
		t.Fatalf("publishing an invalid draft: %v", err)
	}
	// A pending candidate's problems do not count: only accepted ones are published.
	if err := db.EditPlanDraft(ctx, admin, id, func(rv *extract.Review) error {
		rv.Candidates[1].State = extract.Pending
		rv.Slug = "dalian-2023-livelihood"
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	_, _, err = db.PublishPlanDraft(ctx, admin, id)
	if !errors.As(err, &problems) || !strings.Contains(problems[0].Message(i18n.Chinese), "已被现有计划使用") {
		t.Fatalf("publishing over an existing plan: %v", err)
	}
	after, _ := db.Departments(ctx)
	ts, _ := db.Targets(ctx, postgres.TargetFilter{Plan: "dalian-2023-livelihood"})
	if len(after) != len(before) || len(ts) != 109 {
		t.Errorf("a refused publish wrote: %d departments (was %d), %d livelihood targets", len(after), len(before), len(ts))
	}
	if d, _ := db.PlanDraft(ctx, id); !d.Open() {
		t.Error("a refused publish closed the draft")
	}

	if err := db.DiscardPlanDraft(ctx, admin, id); err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.PublishPlanDraft(ctx, admin, id); goalpost.ErrorCode(err) != goalpost.ECONFLICT {
		t.Errorf("publishing a discarded draft: %v", err)
	}
	if got := strings.Join(auditActions(t, db, "plan_draft"), ","); got != "create,discard" {
		t.Errorf("draft audit = %s", got)
	}
	editor, _ := db.CreateUser(ctx, "e@dalian.gov.cn", "编辑", goalpost.UserEditor, "correct horse battery", nil, nil)
	if _, err := db.CreatePlanDraft(ctx, editor, "x.txt", "x", rv); goalpost.ErrorCode(err) != goalpost.EFORBIDDEN {
		t.Errorf("an editor creating a draft: %v", err)
	}
}
