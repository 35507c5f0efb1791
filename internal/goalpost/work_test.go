package goalpost_test

import (
	"testing"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
)

func TestAgenda(t *testing.T) {
	t.Parallel()
	monthly := func(id int64) *goalpost.Tracked {
		return &goalpost.Tracked{Target: goalpost.Target{ID: id, Kind: goalpost.KindLevel, PlanStart: day("2023-01-01"),
			Deadline: day("2025-12-31"), Schedule: goalpost.Schedule{Cadence: goalpost.Monthly, DueDay: 5}}}
	}
	fig := func(p string, state goalpost.FigureState) goalpost.Figure {
		period, _ := goalpost.ParsePeriod(p)
		f := goalpost.Figure{Period: period, State: state}
		if state == goalpost.FigureReturned {
			f.Review = &goalpost.Review{Reason: "请附来源"}
		}
		return f
	}
	targets := []*goalpost.Tracked{monthly(1), monthly(2), monthly(3), monthly(4)}
	latest := map[int64]map[string]goalpost.Figure{
		1: {"2024-05": fig("2024-05", goalpost.FigurePublished), "2024-06": fig("2024-06", goalpost.FigurePublished)}, // up to date
		2: {"2024-05": fig("2024-05", goalpost.FigureReturned)},                                                       // returned, and so overdue
		3: {"2024-05": fig("2024-05", goalpost.FigureSubmitted)},                                                      // waiting review counts as reported
	}
	items := goalpost.Agenda(targets, latest, day("2024-06-30")) // 2024-05 due 06-05; 2024-06 due 07-05
	var got []string
	for _, it := range items {
		got = append(got, string(it.Kind)+":"+string(rune('0'+it.Target.ID))+":"+it.Period.Label)
	}
	want := []string{"returned:2:2024-05", "overdue:2:2024-05", "overdue:4:2024-05", "due_soon:2:2024-06", "due_soon:3:2024-06", "due_soon:4:2024-06"}
	if len(got) != len(want) {
		t.Fatalf("agenda = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("item %d = %s, want %s", i, got[i], want[i])
		}
	}
	if items[0].Reason != "请附来源" {
		t.Errorf("returned reason = %q", items[0].Reason)
	}
}
