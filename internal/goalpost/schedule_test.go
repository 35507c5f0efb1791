package goalpost_test

import (
	"testing"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
)

func TestScheduleDeadlines(t *testing.T) {
	t.Parallel()
	target := &goalpost.Target{PlanStart: day("2023-01-01"), Deadline: day("2025-12-31")}
	cases := []struct {
		name          string
		schedule      goalpost.Schedule
		today         string
		lastDue, next string // "" when none
	}{
		{"monthly, before the 5th", goalpost.Schedule{Cadence: goalpost.Monthly, DueDay: 5}, "2024-07-04", "2024-05", "2024-06"},
		{"monthly, on the 5th", goalpost.Schedule{Cadence: goalpost.Monthly, DueDay: 5}, "2024-07-05", "2024-06", "2024-07"},
		{"quarterly", goalpost.Schedule{Cadence: goalpost.Quarterly, DueDay: 15}, "2024-08-01", "2024-Q2", "2024-Q3"},
		{"annual, early in the year", goalpost.Schedule{Cadence: goalpost.Annual, DueDay: 15}, "2024-01-10", "", "2023"}, // 2022 fell due, but is before the plan,
		{"before anything is due", goalpost.Schedule{Cadence: goalpost.Annual, DueDay: 15}, "2023-06-01", "", "2023"},
		{"after the plan", goalpost.Schedule{Cadence: goalpost.Annual, DueDay: 15}, "2027-03-01", "2025", ""},
		{"last month of the plan", goalpost.Schedule{Cadence: goalpost.Monthly, DueDay: 5}, "2026-01-06", "2025-12", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			last, lastOK, next, nextOK := tc.schedule.Deadlines(target, day(tc.today))
			got := ""
			if lastOK {
				got = last.Label
			}
			if got != tc.lastDue {
				t.Errorf("last due = %q, want %q", got, tc.lastDue)
			}
			got = ""
			if nextOK {
				got = next.Label
			}
			if got != tc.next {
				t.Errorf("next = %q, want %q", got, tc.next)
			}
		})
	}
	s := goalpost.Schedule{Cadence: goalpost.Quarterly, DueDay: 10}
	p, _ := goalpost.ParsePeriod("2024-Q4")
	if got := s.Due(p).Format("2006-01-02"); got != "2025-01-10" {
		t.Errorf("Q4 due %s", got)
	}
	for _, bad := range []goalpost.Schedule{{Cadence: "weekly", DueDay: 5}, {Cadence: goalpost.Monthly, DueDay: 31}, {Cadence: goalpost.Monthly}} {
		if goalpost.ErrorCode(bad.Validate()) != goalpost.EINVALID {
			t.Errorf("%+v accepted", bad)
		}
	}
}
