package templates

import (
	"time"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
)

// Example is a worked example on the methodology page: a target, its
// figures, and what the status rule makes of them, computed by the same
// code that assesses real targets, so the page cannot drift from the rule.
type Example struct {
	Rule    string // catalogue key of the rule it illustrates
	Target  *goalpost.Tracked
	Figures string // the figures, as a person would list them
	Today   time.Time
}

func day(s string) time.Time { t, _ := time.Parse("2006-01-02", s); return t }

func fig(period string, v float64) *goalpost.Figure {
	p, _ := goalpost.ParsePeriod(period)
	return &goalpost.Figure{Period: p, Value: v}
}

func example(rules goalpost.Rules, rule string, t goalpost.Target, s goalpost.Summary, figures string, today string) Example {
	t.PlanStart = day("2023-01-01")
	if t.Deadline.IsZero() {
		t.Deadline = day("2025-12-31")
	}
	t.Schedule = goalpost.Schedule{Cadence: goalpost.Annual, DueDay: 15}
	tr := &goalpost.Tracked{Target: t, Summary: s}
	tr.Assessment = goalpost.AssessWith(&tr.Target, s, day(today), rules)
	return Example{Rule: rule, Target: tr, Figures: figures, Today: day(today)}
}

func num(v float64) *float64 { return &v }

// Examples are the worked examples, one per rule.
func Examples(r goalpost.Rules) []Example {
	return []Example{
		example(r, "method.deadline", goalpost.Target{Title: "普惠性幼儿园覆盖率", Kind: goalpost.KindLevel, Comparator: goalpost.AtLeast, Value: num(90), Unit: "%"},
			goalpost.Summary{Count: 2, First: fig("2023", 85.1), Previous: fig("2023", 85.1), Latest: fig("2024", 87.6)}, "2023 年 85.1%；2024 年 87.6%；2025 年尚未报送", "2026-11-27"),
		example(r, "method.deadline", goalpost.Target{Title: "累计新增城镇就业", Kind: goalpost.KindCumulative, Comparator: goalpost.AtLeast, Value: num(38), Unit: "万人"},
			goalpost.Summary{Count: 2, First: fig("2023", 13.2), Latest: fig("2024", 12.1), Total: 25.3}, "2023 年 13.2 万人；2024 年 12.1 万人；2025 年尚未报送", "2026-11-27"),
		example(r, "method.level", goalpost.Target{Title: "普惠性幼儿园覆盖率", Kind: goalpost.KindLevel, Comparator: goalpost.AtLeast, Value: num(90), Unit: "%",
			Baseline: &goalpost.Baseline{Value: 80, Date: day("2022-12-31"), Text: "（示例基线）"}},
			goalpost.Summary{Count: 1, Latest: fig("2024", 85), First: fig("2024", 85)}, "基线 2022 年 80%；2024 年 85%", "2025-03-01"),
		example(r, "method.level", goalpost.Target{Title: "PM2.5 平均浓度", Kind: goalpost.KindLevel, Comparator: goalpost.AtMost, Value: num(32), Unit: "微克/立方米"},
			goalpost.Summary{Count: 2, First: fig("2023", 40), Previous: fig("2023", 40), Latest: fig("2024", 38)}, "2023 年 40；2024 年 38", "2025-03-01"),
		example(r, "method.cumulative", goalpost.Target{Title: "累计新增城镇就业", Kind: goalpost.KindCumulative, Comparator: goalpost.AtLeast, Value: num(38), Unit: "万人"},
			goalpost.Summary{Count: 2, First: fig("2023", 13), Latest: fig("2024", 12.5), Total: 25.5}, "2023 年 13 万人；2024 年 12.5 万人", "2025-03-01"),
		example(r, "method.annual", goalpost.Target{Title: "群众性文化活动", Kind: goalpost.KindAnnual, Comparator: goalpost.Above, Value: num(500), Unit: "场"},
			goalpost.Summary{Count: 1, First: fig("2024-06", 230), Latest: fig("2024-06", 230), LatestYearTotal: 230}, "2024 年 1—6 月合计 230 场（按月报送）", "2024-07-20"),
		example(r, "method.maintain", goalpost.Target{Title: "异地住院费用直接结算率", Kind: goalpost.KindMaintain, Comparator: goalpost.AtLeast, Value: num(70), Unit: "%"},
			goalpost.Summary{Count: 1, First: fig("2024", 68.5), Latest: fig("2024", 68.5)}, "2024 年 68.5%", "2025-03-01"),
		example(r, "method.growth", goalpost.Target{Title: "全市慈善组织数量增长", Kind: goalpost.KindGrowth, Comparator: goalpost.AtLeast, Value: num(20), Unit: "%"},
			goalpost.Summary{Count: 1, First: fig("2023", 8), Latest: fig("2023", 8)}, "2023 年较 2022 年增长 8%", "2024-03-01"),
		example(r, "method.rank", goalpost.Target{Title: "全市城乡低保平均标准全省排名（前列：前3名）", Kind: goalpost.KindRank, Comparator: goalpost.AtMost, Value: num(3)},
			goalpost.Summary{Count: 1, Latest: &goalpost.Figure{Period: fig("2024", 0).Period, Value: 2, ReferenceValue: num(14)}}, "2024 年全省 14 个市中第 2", "2025-03-01"),
		example(r, "method.relative", goalpost.Target{Title: "农村居民人均可支配收入", Kind: goalpost.KindRelative, Comparator: goalpost.Above},
			goalpost.Summary{Count: 1, Latest: &goalpost.Figure{Period: fig("2024", 0).Period, Value: 2.31, ReferenceValue: num(2.31)}}, "2024 年 2.31 万元；全国 2.31 万元", "2025-03-01"),
		example(r, "method.per_district", goalpost.Target{Title: "开展安宁疗护的医疗机构", Kind: goalpost.KindPerDistrict, Comparator: goalpost.AtLeast, Value: num(1), Unit: "所"},
			goalpost.Summary{Latest: fig("2024", 0), Districts: map[string]float64{"中山区": 1, "西岗区": 2, "沙河口区": 0, "甘井子区": 1}}, "2024 年：中山区 1、西岗区 2、沙河口区 0、甘井子区 1", "2025-03-01"),
		example(r, "method.trend", goalpost.Target{Title: "生产安全事故死亡人数", Kind: goalpost.KindTrend, Comparator: goalpost.Below},
			goalpost.Summary{Count: 2, Previous: fig("2023", 120), Latest: fig("2024", 126)}, "2023 年 120 人；2024 年 126 人", "2025-03-01"),
		example(r, "method.milestone", goalpost.Target{Title: "老旧小区综合改造提升", Kind: goalpost.KindMilestone, Comparator: goalpost.EqualTo},
			goalpost.Summary{Count: 1, Latest: fig("2024-06", goalpost.StageUnderway)}, "2024 年 6 月：推进中", "2024-07-20"),
	}
}

// statusRule explains a status, with the instance's thresholds where it has any.
func statusRule(p Page, status string, r goalpost.Rules) string {
	switch status {
	case "on_track", "at_risk", "off_track":
		return p.T("method.status_"+status, r.OnTrackLag, r.AtRiskLag)
	}
	return p.T("method.status_" + status)
}
