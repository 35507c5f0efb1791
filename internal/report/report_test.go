package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/i18n"
	"github.com/xuri/excelize/v2"
)

func tracked(id int64, lead string, status goalpost.Status, overdue bool) *goalpost.Tracked {
	t := &goalpost.Tracked{Target: goalpost.Target{ID: id, Title: "指标", Lead: []goalpost.Department{{Slug: lead, Name: lead}}}}
	t.Assessment = goalpost.Assessment{Status: status, UpdateOverdue: overdue, Reason: "原因"}
	return t
}

func TestBuild(t *testing.T) {
	t.Parallel()
	plan := goalpost.Plan{Slug: "p", ShortTitle: "规划"}
	now := []*goalpost.Tracked{
		tracked(1, "甲局", goalpost.StatusAchieved, false),
		tracked(2, "甲局", goalpost.StatusOffTrack, false),
		tracked(3, "乙局", goalpost.StatusOnTrack, false),
		tracked(4, "乙局", goalpost.StatusAchieved, true),
		tracked(5, "丙局", goalpost.StatusNoData, true),
		tracked(6, "丙局", goalpost.StatusMissed, false),
	}
	before := []*goalpost.Tracked{
		tracked(1, "甲局", goalpost.StatusAchieved, false), // achieved already: not "newly"
		tracked(2, "甲局", goalpost.StatusAtRisk, false),
		tracked(3, "乙局", goalpost.StatusOnTrack, false),
		tracked(4, "乙局", goalpost.StatusOnTrack, false),
		tracked(5, "丙局", goalpost.StatusNoData, false),
		tracked(6, "丙局", goalpost.StatusOffTrack, false),
	}
	r := Build(plan, "2024-06", now, before)
	if r.AsOf.Format("2006-01-02") != "2024-06-30" || r.Total != 6 || r.Reported != 5 {
		t.Errorf("as of %s, %d targets, %d reported", r.AsOf, r.Total, r.Reported)
	}
	if r.Counts[goalpost.StatusAchieved] != 2 || r.Previous[goalpost.StatusAchieved] != 1 {
		t.Errorf("achieved %d, before %d", r.Counts[goalpost.StatusAchieved], r.Previous[goalpost.StatusAchieved])
	}
	if len(r.Achieved) != 1 || r.Achieved[0].ID != 4 {
		t.Errorf("newly achieved = %+v", r.Achieved)
	}
	if len(r.Lagging) != 2 || r.Lagging[0].ID != 2 || r.Lagging[1].ID != 6 {
		t.Errorf("lagging = %+v", r.Lagging)
	}
	// 乙局 2/2 good, 甲局 1/2, 丙局 0/2.
	var order []string
	for _, d := range r.Departments {
		order = append(order, d.Name)
	}
	if len(order) != 3 || order[0] != "乙局" || order[1] != "甲局" || order[2] != "丙局" {
		t.Errorf("ranking = %v", order)
	}
	if len(r.NotReported) != 2 || r.NotReported[0] != "丙局" && r.NotReported[1] != "丙局" {
		t.Errorf("not reported = %v", r.NotReported)
	}
	if got := Changes(Report{Counts: r.Previous}, r); got == "" || got == "各状态数量未变，说明、排名或名单有更新" {
		t.Errorf("changes = %q", got)
	}
	if _, err := MonthEnd("2024"); err == nil {
		t.Error("a year is not a month")
	}
	if got := PreviousMonth("2024-01"); got != "2023-12" {
		t.Errorf("previous of 2024-01 = %s", got)
	}
}

// A retired target counts in no bulletin.
func TestBuildLeavesOutRetired(t *testing.T) {
	t.Parallel()
	retired := tracked(2, "甲局", goalpost.StatusOffTrack, false)
	retired.Retired = &goalpost.Retirement{Reason: "口径调整"}
	targets := []*goalpost.Tracked{tracked(1, "甲局", goalpost.StatusAchieved, false), retired}
	r := Build(goalpost.Plan{Slug: "p"}, "2024-06", targets, targets)
	if r.Total != 1 || r.Counts[goalpost.StatusOffTrack] != 0 || r.Previous[goalpost.StatusOffTrack] != 0 {
		t.Errorf("total %d, off track %d, before %d", r.Total, r.Counts[goalpost.StatusOffTrack], r.Previous[goalpost.StatusOffTrack])
	}
}

// A target past its deadline without its final figure counts in the
// bulletin under its own status, by its own word, in the page and the workbook.
func TestBuildCountsAwaitingFinal(t *testing.T) {
	t.Parallel()
	plan := goalpost.Plan{Slug: "p", ShortTitle: "规划"}
	now := []*goalpost.Tracked{tracked(1, "甲局", goalpost.StatusAwaitingFinal, false), tracked(2, "甲局", goalpost.StatusMissed, false)}
	before := []*goalpost.Tracked{tracked(1, "甲局", goalpost.StatusOnTrack, false), tracked(2, "甲局", goalpost.StatusMissed, false)}
	r := Build(plan, "2026-01", now, before)
	if got := r.Counts[goalpost.StatusAwaitingFinal]; got != 1 {
		t.Errorf("awaiting the final figure counted %d times, want 1", got)
	}
	if got := Changes(Report{Counts: r.Previous}, r); !strings.Contains(got, "待最终数据 0→1") {
		t.Errorf("changes = %q, want 待最终数据 0→1", got)
	}
	var buf bytes.Buffer
	if err := r.WriteXLSX(&buf); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows("总体情况")
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, row := range rows {
		if len(row) >= 2 && row[0] == "待最终数据" && row[1] == "1" {
			found = true
		}
	}
	if !found {
		t.Errorf("the workbook's overview has no row 待最终数据 1: %v", rows)
	}
}

// The workbook speaks the reader's language: sheet names, headings and
// status words (the published explanations stay as published).
func TestWorkbookInEnglish(t *testing.T) {
	t.Parallel()
	plan := goalpost.Plan{Slug: "p", ShortTitle: "规划"}
	now := []*goalpost.Tracked{tracked(1, "甲局", goalpost.StatusAwaitingFinal, false)}
	r := Build(plan, "2026-01", now, now)
	var buf bytes.Buffer
	if err := r.WriteXLSXIn(&buf, i18n.English); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows("Overview")
	if err != nil {
		t.Fatalf("no English overview sheet: %v (sheets %v)", err, f.GetSheetList())
	}
	found := false
	for _, row := range rows {
		if len(row) >= 2 && row[0] == i18n.English.T("status.awaiting_final") && row[1] == "1" {
			found = true
		}
	}
	if !found || rows[3][0] != "Status" {
		t.Errorf("the English overview: %v", rows)
	}
}
