package goalpost_test

import (
	"testing"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
)

func TestPeriodDue(t *testing.T) {
	t.Parallel()
	target := func(c goalpost.Cadence) *goalpost.Target {
		return &goalpost.Target{Kind: goalpost.KindLevel, PlanStart: day("2023-01-01"), Deadline: day("2025-12-31"),
			Schedule: goalpost.Schedule{Cadence: c, DueDay: 15}}
	}
	fig := func(p string, rev int, state goalpost.FigureState) goalpost.Figure {
		period, _ := goalpost.ParsePeriod(p)
		return goalpost.Figure{Period: period, Revision: rev, State: state}
	}
	for _, tc := range []struct {
		name    string
		cadence goalpost.Cadence
		figures []goalpost.Figure
		today   string
		want    string // "" when nothing is due
		due     string
	}{
		{"nothing reported yet: the year that fell due", goalpost.Annual, nil, "2024-06-30", "2023", "2024-01-15"},
		{"last year reported: the year in progress", goalpost.Annual, []goalpost.Figure{fig("2023", 1, goalpost.FigurePublished)}, "2024-06-30", "2024", "2025-01-15"},
		{"waiting review counts as reported", goalpost.Annual, []goalpost.Figure{fig("2023", 1, goalpost.FigureSubmitted)}, "2024-06-30", "2024", "2025-01-15"},
		{"returned is still due", goalpost.Annual, []goalpost.Figure{fig("2023", 1, goalpost.FigureReturned)}, "2024-06-30", "2023", "2024-01-15"},
		{"a returned revision after a published one is still due", goalpost.Annual,
			[]goalpost.Figure{fig("2023", 2, goalpost.FigureReturned), fig("2023", 1, goalpost.FigurePublished)}, "2024-06-30", "2023", "2024-01-15"},
		{"before the first due day: the first period", goalpost.Quarterly, nil, "2023-02-01", "2023-Q1", "2023-04-15"},
		{"after the deadline: the final year", goalpost.Annual, []goalpost.Figure{fig("2024", 1, goalpost.FigurePublished)}, "2026-11-27", "2025", "2026-01-15"},
		{"everything reported after the deadline: nothing due", goalpost.Annual, []goalpost.Figure{fig("2025", 1, goalpost.FigurePublished)}, "2026-11-27", "", ""},
		{"monthly", goalpost.Monthly, []goalpost.Figure{fig("2024-05", 1, goalpost.FigurePublished)}, "2024-06-20", "2024-06", "2024-07-15"},
		{"no schedule", "", nil, "2024-06-30", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, due, ok := goalpost.PeriodDue(target(tc.cadence), tc.figures, day(tc.today))
			if got := p.Label; got != tc.want || ok != (tc.want != "") {
				t.Fatalf("period due = %q (ok %v), want %q", got, ok, tc.want)
			}
			if ok && due.Format("2006-01-02") != tc.due {
				t.Errorf("due %s, want %s", due.Format("2006-01-02"), tc.due)
			}
		})
	}
}
