package templates

import (
	"testing"
	"time"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/i18n"
)

func v(x float64) *float64 { return &x }

func TestGoalTextReadsLikeTheDocument(t *testing.T) {
	t.Parallel()
	deadline := time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		name   string
		target goalpost.Target
		zh, en string
	}{
		{"rising level", goalpost.Target{Kind: goalpost.KindLevel, Comparator: goalpost.AtLeast, Value: v(90), Unit: "%"}, "到2025年 ≥ 90%", "≥ 90% by 2025"},
		{"falling level", goalpost.Target{Kind: goalpost.KindLevel, Comparator: goalpost.AtMost, Value: v(32), Unit: "微克/立方米"}, "到2025年 ≤ 32微克/立方米", "≤ 32 μg/m³ by 2025"},
		{"cumulative", goalpost.Target{Kind: goalpost.KindCumulative, Comparator: goalpost.AtLeast, Value: v(38), Unit: "万人"}, "到2025年累计 ≥ 38万人", "cumulative ≥ 380,000 people by 2025"},
		{"annual", goalpost.Target{Kind: goalpost.KindAnnual, Comparator: goalpost.Above, Value: v(500), Unit: "场"}, "每年 > 500场", "> 500 events every year"},
		{"maintain", goalpost.Target{Kind: goalpost.KindMaintain, Comparator: goalpost.AtLeast, Value: v(70), Unit: "%"}, "持续 ≥ 70%（至2025年）", "≥ 70% throughout, to 2025"},
		{"ratio", goalpost.Target{Kind: goalpost.KindRatio, Comparator: goalpost.AtMost, Value: v(1.2), Unit: ":1"}, "到2025年 ≤ 1.2:1", "≤ 1.2:1 by 2025"},
		{"approximate", goalpost.Target{Kind: goalpost.KindLevel, Comparator: goalpost.AtLeast, Value: v(90), Unit: "%", Approximate: true}, "到2025年 约90%", "about 90% by 2025"},
		{"aspirational", goalpost.Target{Kind: goalpost.KindLevel, Comparator: goalpost.AtLeast, Value: v(5.3), Unit: "万元", Aspirational: true}, "到2025年 ≥ 5.3万元（力争）", "≥ 53,000 yuan by 2025 (aspirational)"},
		{"zero", goalpost.Target{Kind: goalpost.KindZero, Comparator: goalpost.EqualTo}, "保持为零", "kept at zero"},
		{"per district", goalpost.Target{Kind: goalpost.KindPerDistrict, Comparator: goalpost.AtLeast, Value: v(1), Unit: "所"}, "每个地区 ≥ 1所", "≥ 1 in every district"},
		{"trend", goalpost.Target{Kind: goalpost.KindTrend, Comparator: goalpost.Below}, "逐年下降", "falling every year"},
		{"relative", goalpost.Target{Kind: goalpost.KindRelative, Comparator: goalpost.Above}, "高于比较对象", "above its comparison"},
		{"milestone", goalpost.Target{Kind: goalpost.KindMilestone, Comparator: goalpost.EqualTo}, "到2025年完成", "done by 2025"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.target.Deadline = deadline
			if got := (Page{Lang: i18n.Chinese}).GoalText(&tc.target); got != tc.zh {
				t.Errorf("zh: got %q, want %q", got, tc.zh)
			}
			if got := (Page{Lang: i18n.English}).GoalText(&tc.target); got != tc.en {
				t.Errorf("en: got %q, want %q", got, tc.en)
			}
		})
	}
}

func TestChartPlacesFiguresByDate(t *testing.T) {
	t.Parallel()
	target := &goalpost.Target{Kind: goalpost.KindLevel, Comparator: goalpost.AtMost, Value: v(32), Unit: "微克/立方米"}
	period := func(s string) goalpost.Period { p, _ := goalpost.ParsePeriod(s); return p }
	figures := []goalpost.Figure{ // current revision first, as storage returns them
		{Period: period("2025"), Value: 31, Revision: 1},
		{Period: period("2024"), Value: 35, Revision: 2},
		{Period: period("2024"), Value: 36, Revision: 1},
		{Period: period("2023"), Value: 40, Revision: 1},
	}
	c := NewChart(target, figures)
	if c == nil || len(c.Points) != 3 {
		t.Fatalf("chart = %+v, want 3 points (superseded revision left out)", c)
	}
	if c.Points[0].Label != "2023" || c.Points[1].Value.Zh != "35微克/立方米" {
		t.Errorf("points = %+v", c.Points)
	}
	gap1, gap2 := c.Points[1].X-c.Points[0].X, c.Points[2].X-c.Points[1].X
	if d := gap1 - gap2; d > 1 || d < -1 {
		t.Errorf("yearly points unevenly spaced: %v vs %v", gap1, gap2)
	}
	if !c.HasTarget || c.TargetY <= c.Points[1].Y {
		t.Errorf("target line at y=%v should lie below 35 (y=%v) on screen", c.TargetY, c.Points[1].Y)
	}
	if NewChart(&goalpost.Target{Kind: goalpost.KindMilestone}, figures) != nil {
		t.Error("milestones have no chart")
	}
}
