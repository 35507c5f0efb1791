package templates

import (
	"strings"
	"testing"
	"time"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/i18n"
)

func figs(t *testing.T, kv ...any) []goalpost.Figure {
	t.Helper()
	var out []goalpost.Figure
	for i := 0; i < len(kv); i += 2 {
		p, err := goalpost.ParsePeriod(kv[i].(string))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, goalpost.Figure{Period: p, Value: kv[i+1].(float64), Revision: 1})
	}
	return out
}

func tickLabels(c *Chart) string {
	var ls []string
	for _, tk := range c.YTicks {
		ls = append(ls, tk.Label)
	}
	return strings.Join(ls, " ")
}

// The ticks the issue found (79.2/82.1/87.9) are round now, for each kind.
func TestChartTicksAreRound(t *testing.T) {
	t.Parallel()
	deadline := time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)
	start := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		name    string
		target  goalpost.Target
		figures []goalpost.Figure
		ticks   string
	}{
		{"share", goalpost.Target{Kind: goalpost.KindLevel, Comparator: goalpost.AtLeast, Value: v(90), Unit: "%"},
			figs(t, "2023", 82.1, "2024", 86.3), "80 82 84 86 88 90 92"},
		{"count from zero", goalpost.Target{Kind: goalpost.KindLevel, Comparator: goalpost.AtLeast, Value: v(192), Unit: "个"},
			figs(t, "2023", 150.0, "2024", 170.0), "0 50 100 150 200 250"},
		{"annual totals from zero", goalpost.Target{Kind: goalpost.KindAnnual, Comparator: goalpost.Above, Value: v(500), Unit: "场"},
			figs(t, "2024-06", 260.0, "2024-12", 300.0, "2023", 520.0), "0 200 400 600"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.target.Deadline, tc.target.PlanStart = deadline, start
			c := NewChart(&tc.target, tc.figures)
			if got := tickLabels(c); got != tc.ticks {
				t.Errorf("ticks %q, want %q", got, tc.ticks)
			}
		})
	}
	annual := goalpost.Target{Kind: goalpost.KindAnnual, Comparator: goalpost.Above, Value: v(500), Unit: "场", Deadline: deadline, PlanStart: start}
	c := NewChart(&annual, figs(t, "2024-06", 260.0, "2024-12", 300.0, "2023", 520.0))
	var got []string
	for _, p := range c.Points {
		got = append(got, p.Label+"="+p.ValueText)
	}
	if strings.Join(got, " ") != "2023=520 2024=560" || !c.TargetAcross {
		t.Errorf("annual points %v (target across: %v), want each year's total against a line", got, c.TargetAcross)
	}
}

// A projection is rounded to the precision of the target and its figures.
func TestProjectionRoundedToThePrecision(t *testing.T) {
	t.Parallel()
	tr := &goalpost.Tracked{Target: goalpost.Target{Kind: goalpost.KindLevel, Comparator: goalpost.AtMost, Value: v(32), Unit: "微克/立方米",
		Deadline: time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)}}
	tr.Assessment.Projected = v(31.1408)
	figures := figs(t, "2023", 33.2, "2024", 32.5)
	before := Page{Lang: i18n.Chinese, Now: time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)}
	if got := before.ProjectionText(tr, figures); !strings.Contains(got, "预计 31.1微克/立方米") {
		t.Errorf("before the deadline: %q", got)
	}
	after := Page{Lang: i18n.English, Now: time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)}
	if got := after.ProjectionText(tr, figures); !strings.Contains(got, "would have stood at about 31.1 μg/m³") {
		t.Errorf("after the deadline: %q", got)
	}
}
