package templates

import (
	"context"
	"math"
	"regexp"
	"strconv"
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

// A rank is better when lower: the chart runs with 1st at the top, from 1
// down to the number ranked, the target is a line across at the lowest rank
// that counts (前3名 whether written ≤ 3 or < 4), there is no expected path
// (holding a rank is not a rise), and the axis says it is a rank.
func TestRankChartReadsWithFirstAtTheTop(t *testing.T) {
	t.Parallel()
	figures := figs(t, "2023", 5.0, "2024", 3.0)
	for i := range figures {
		figures[i].ReferenceValue = v(14)
	}
	yTick := regexp.MustCompile(`<text[^>]* y="([0-9.]+)"[^>]*data-testid="y-tick">([^<]*)</text>`)
	for _, tc := range []struct {
		name  string
		cmp   goalpost.Comparator
		value float64
	}{{"top 3 as <= 3", goalpost.AtMost, 3}, {"top 3 as < 4", goalpost.Below, 4}} {
		t.Run(tc.name, func(t *testing.T) {
			target := goalpost.Target{Kind: goalpost.KindRank, Comparator: tc.cmp, Value: v(tc.value),
				Deadline: time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC), PlanStart: time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)}
			c := NewChart(&target, figures)
			if c == nil || len(c.Points) != 2 {
				t.Fatalf("chart %+v, want two points", c)
			}
			zh, en := renderChart(t, i18n.Chinese, c), renderChart(t, i18n.English, c)

			top, topLabel := math.Inf(1), ""
			var labels []string
			for _, m := range yTick.FindAllStringSubmatch(zh, -1) {
				y, _ := strconv.ParseFloat(m[1], 64)
				labels = append(labels, m[2])
				if y < top {
					top, topLabel = y, m[2]
				}
			}
			if topLabel != "1" || strings.Join(labels, " ") != "1 5 10 14" {
				t.Errorf("y ticks %v with %q at the top, want 1 5 10 14 with 1 at the top", labels, topLabel)
			}
			third, fifth := c.Points[1], c.Points[0]
			if third.Y >= fifth.Y {
				t.Errorf("3rd place drawn at y=%v, not above 5th at y=%v", third.Y, fifth.Y)
			}
			if !c.HasTarget || !c.TargetAcross || c.TargetY != third.Y {
				t.Errorf("target at y=%v (across: %v), want a line across at the 3rd place, y=%v", c.TargetY, c.TargetAcross, third.Y)
			}
			for _, want := range []string{"单位：名次（第 1 名在最上方）", "目标 前 3 名", "每期都应达到的目标 前 3 名", "2024：第 3 名（共 14 个）"} {
				if !strings.Contains(zh, want) {
					t.Errorf("zh chart lacks %q", want)
				}
			}
			for _, want := range []string{"Unit: rank (1st at the top)", "Target top 3", "2024: 3 of 14"} {
				if !strings.Contains(en, want) {
					t.Errorf("en chart lacks %q", want)
				}
			}
			for _, bad := range []string{`data-testid="expected-path"`, `data-testid="axis-not-zero"`, "≤", "&lt;"} {
				if strings.Contains(zh, bad) {
					t.Errorf("zh chart has %q", bad)
				}
			}
		})
	}
}

func renderChart(t *testing.T, lang i18n.Lang, c *Chart) string {
	t.Helper()
	var b strings.Builder
	if err := ChartView(Page{Lang: lang}, "排名", c).Render(context.Background(), &b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}
