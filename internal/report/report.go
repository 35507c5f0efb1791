// Package report builds the monthly progress bulletin (通报) of a plan: the
// targets' statuses at the end of a month, what changed since the month
// before, departments ranked, what is off track, what was newly achieved and
// who has not reported. A published report is this structure frozen as JSON,
// so later corrections never change what was handed to the press.
package report

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
)

// Report is one plan's bulletin for one month.
type Report struct {
	PlanSlug  string    `json:"plan"`
	PlanTitle string    `json:"plan_title"`
	Period    string    `json:"period"` // 2024-06
	AsOf      time.Time `json:"as_of"`  // the month's last day
	Total     int       `json:"total"`
	Reported  int       `json:"reported"`
	// Counts and Previous are the targets by status at the end of this
	// month and of the month before.
	Counts   map[goalpost.Status]int `json:"counts"`
	Previous map[goalpost.Status]int `json:"previous"`
	// PreviousPublished says Previous comes from last month's published
	// bulletin rather than from today's view of last month.
	PreviousPublished bool            `json:"previous_published"`
	Departments       []DepartmentRow `json:"departments"`
	Lagging           []TargetRow     `json:"lagging"`  // off track and missed
	Achieved          []TargetRow     `json:"achieved"` // newly achieved this month
	NotReported       []string        `json:"not_reported"`
}

// DepartmentRow ranks a lead department.
type DepartmentRow struct {
	Name    string `json:"name"`
	Slug    string `json:"slug"`
	Targets int    `json:"targets"`
	Good    int    `json:"good"` // achieved or on track
	OnTime  int    `json:"on_time"`
	Overdue int    `json:"overdue"`
}

// Share is the part of its targets achieved or on track.
func (d DepartmentRow) Share() float64 {
	if d.Targets == 0 {
		return 0
	}
	return float64(d.Good) / float64(d.Targets)
}

// TargetRow is a target named in the report.
type TargetRow struct {
	ID     int64           `json:"id"`
	Title  string          `json:"title"`
	Status goalpost.Status `json:"status"`
	Reason string          `json:"reason"`
	Lead   string          `json:"lead"`
}

// MonthEnd is the last day of a month period such as 2024-06.
func MonthEnd(period string) (time.Time, error) {
	p, err := goalpost.ParsePeriod(period)
	if err != nil || len(p.Label) != 7 {
		return time.Time{}, goalpost.E(goalpost.EINVALID, "err.report_period", period)
	}
	return p.End, nil
}

// PreviousMonth is the month before period (2024-06 → 2024-05).
func PreviousMonth(period string) string {
	end, _ := MonthEnd(period)
	return end.AddDate(0, 0, -end.Day()).Format("2006-01")
}

// Build makes the report from the targets assessed as of the month's end
// (now) and as of the month before's end (before).
func Build(plan goalpost.Plan, period string, now, before []*goalpost.Tracked) Report {
	end, _ := MonthEnd(period)
	r := Report{PlanSlug: plan.Slug, PlanTitle: plan.ShortTitle, Period: period, AsOf: end,
		Counts: map[goalpost.Status]int{}, Previous: map[goalpost.Status]int{}}
	wasAchieved := map[int64]bool{}
	for _, t := range before {
		if t.Retired != nil {
			continue // retired targets count in no roll-up
		}
		r.Previous[t.Assessment.Status]++
		wasAchieved[t.ID] = t.Assessment.Status == goalpost.StatusAchieved
	}
	depts := map[string]*DepartmentRow{}
	for _, t := range now {
		if t.Retired != nil {
			continue
		}
		a := t.Assessment
		r.Total++
		r.Counts[a.Status]++
		if a.Status != goalpost.StatusNoData {
			r.Reported++
		}
		row := TargetRow{ID: t.ID, Title: t.Title, Status: a.Status, Reason: a.Reason, Lead: names(t.Lead)}
		switch {
		case a.Status == goalpost.StatusOffTrack || a.Status == goalpost.StatusMissed:
			r.Lagging = append(r.Lagging, row)
		case a.Status == goalpost.StatusAchieved && !wasAchieved[t.ID]:
			r.Achieved = append(r.Achieved, row)
		}
		for _, d := range t.Lead {
			row := depts[d.Slug]
			if row == nil {
				row = &DepartmentRow{Name: d.Name, Slug: d.Slug}
				depts[d.Slug] = row
			}
			row.Targets++
			if a.Status == goalpost.StatusAchieved || a.Status == goalpost.StatusOnTrack {
				row.Good++
			}
			if a.UpdateOverdue {
				row.Overdue++
			} else {
				row.OnTime++
			}
		}
	}
	for _, d := range depts {
		r.Departments = append(r.Departments, *d)
		if d.Overdue > 0 {
			r.NotReported = append(r.NotReported, d.Name)
		}
	}
	sort.SliceStable(r.Departments, func(i, j int) bool {
		a, b := r.Departments[i], r.Departments[j]
		if a.Share() != b.Share() {
			return a.Share() > b.Share()
		}
		if a.OnTime != b.OnTime {
			return a.OnTime > b.OnTime
		}
		return a.Name < b.Name
	})
	sort.Strings(r.NotReported)
	return r
}

func names(ds []goalpost.Department) string {
	s := ""
	for i, d := range ds {
		if i > 0 {
			s += "、"
		}
		s += d.Name
	}
	return s
}

// Changes says in words how a republished report differs from the version
// before it: the counts that moved.
func Changes(old, new Report) string {
	var out []string
	for _, s := range goalpost.Statuses {
		if old.Counts[s] != new.Counts[s] {
			out = append(out, fmt.Sprintf("%s %d→%d", statusWords[s], old.Counts[s], new.Counts[s]))
		}
	}
	if len(out) == 0 {
		return "各状态数量未变，说明、排名或名单有更新"
	}
	return strings.Join(out, "，")
}
