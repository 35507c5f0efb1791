package goalpost_test

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
)

// Periods and figures are built by hand here so each case states exactly the
// dates the status rule sees.

func year(y string) goalpost.Period {
	return goalpost.Period{Label: y, Start: day(y + "-01-01"), End: day(y + "-12-31")}
}

func span(label, start, end string) goalpost.Period {
	return goalpost.Period{Label: label, Start: day(start), End: day(end)}
}

func fig(p goalpost.Period, v float64) *goalpost.Figure {
	return &goalpost.Figure{Period: p, Value: v}
}

// relFig is a figure of a relative target, carrying the value it is compared with.
func relFig(p goalpost.Period, v float64, ref *float64) *goalpost.Figure {
	return &goalpost.Figure{Period: p, Value: v, ReferenceValue: ref}
}

// one is the summary of a single figure.
func one(f *goalpost.Figure) goalpost.Summary {
	return goalpost.Summary{Count: 1, First: f, Latest: f, Total: f.Value, LatestYearTotal: f.Value}
}

// pair is the summary of two figures of different years.
func pair(first, latest *goalpost.Figure) goalpost.Summary {
	return goalpost.Summary{Count: 2, First: first, Previous: first, Latest: latest,
		Total: first.Value + latest.Value, LatestYearTotal: latest.Value}
}

func districts(meeting, failing int) map[string]float64 {
	names := []string{"中山区", "西岗区", "沙河口区", "甘井子区", "旅顺口区", "金州区", "普兰店区", "瓦房店市", "庄河市", "长海县"}
	m := map[string]float64{}
	for i := range meeting + failing {
		v := 2.0
		if i >= meeting {
			v = 0
		}
		m[names[i]] = v
	}
	return m
}

// days is the number of days from a to b, for expected shares of time.
func days(a, b string) float64 { return day(b).Sub(day(a)).Hours() / 24 }

func TestAssess(t *testing.T) {
	t.Parallel()

	// Targets of each kind, copied and adjusted by the cases that need a variant.
	rising := goalpost.Target{Kind: goalpost.KindLevel, Comparator: goalpost.AtLeast, Value: new(90.0), Unit: "%",
		PlanStart: day("2023-01-01"), Deadline: day("2025-12-31")}
	pm25 := goalpost.Target{Kind: goalpost.KindLevel, Comparator: goalpost.AtMost, Value: new(32.0), Unit: "微克/立方米",
		PlanStart: day("2022-01-01"), Deadline: day("2023-12-31")}
	// halfway is a level target whose baseline date (2021-12-31) and deadline
	// (2023-12-31) put a figure for 2022 (ending 2022-12-31) at τ = 0.5 exactly:
	// both years have 365 days.
	halfway := goalpost.Target{Kind: goalpost.KindLevel, Comparator: goalpost.AtLeast, Value: new(100.0), Unit: "%",
		PlanStart: day("2022-01-01"), Deadline: day("2023-12-31"),
		Baseline: &goalpost.Baseline{Value: 0, Date: day("2021-12-31"), Text: "2021年为0"}}
	lifeExpectancy := goalpost.Target{Kind: goalpost.KindLevel, Comparator: goalpost.AtLeast, Value: new(81.5), Unit: "岁",
		Approximate: true, PlanStart: day("2023-01-01"), Deadline: day("2025-12-31")}
	jobs := goalpost.Target{Kind: goalpost.KindCumulative, Comparator: goalpost.AtLeast, Value: new(38.0), Unit: "万人",
		PlanStart: day("2023-01-01"), Deadline: day("2025-12-31")}
	events := goalpost.Target{Kind: goalpost.KindAnnual, Comparator: goalpost.Above, Value: new(500.0), Unit: "场",
		PlanStart: day("2023-01-01"), Deadline: day("2025-12-31")}
	settlement := goalpost.Target{Kind: goalpost.KindMaintain, Comparator: goalpost.AtLeast, Value: new(70.0), Unit: "%",
		PlanStart: day("2023-01-01"), Deadline: day("2025-12-31")}
	growth := goalpost.Target{Kind: goalpost.KindRate, Comparator: goalpost.AtLeast, Value: new(8.0), Unit: "%",
		PlanStart: day("2023-01-01"), Deadline: day("2025-12-31")}
	ratio := goalpost.Target{Kind: goalpost.KindRatio, Comparator: goalpost.AtMost, Value: new(1.2), Unit: ":1",
		PlanStart: day("2022-01-01"), Deadline: day("2023-12-31")}
	zero := goalpost.Target{Kind: goalpost.KindZero, Unit: "户",
		PlanStart: day("2022-01-01"), Deadline: day("2023-12-31")}
	income := goalpost.Target{Kind: goalpost.KindRelative, Comparator: goalpost.Above, Unit: "元",
		PlanStart: day("2023-01-01"), Deadline: day("2025-12-31")}
	accidents := goalpost.Target{Kind: goalpost.KindTrend, Comparator: goalpost.Below, Unit: "起",
		PlanStart: day("2023-01-01"), Deadline: day("2025-12-31")}
	hospices := goalpost.Target{Kind: goalpost.KindPerDistrict, Comparator: goalpost.AtLeast, Value: new(1.0), Unit: "所",
		PlanStart: day("2023-01-01"), Deadline: day("2025-12-31")}
	renovation := goalpost.Target{Kind: goalpost.KindMilestone,
		PlanStart: day("2023-01-01"), Deadline: day("2025-12-31")}

	with := func(t goalpost.Target, change func(*goalpost.Target)) goalpost.Target {
		change(&t)
		return t
	}
	sumOf := func(count int, latest *goalpost.Figure, total float64) goalpost.Summary {
		return goalpost.Summary{Count: count, First: latest, Latest: latest, Total: total, LatestYearTotal: total}
	}
	yearTotal := func(latest *goalpost.Figure, total float64) goalpost.Summary {
		return goalpost.Summary{Count: 1, First: latest, Latest: latest, Total: total, LatestYearTotal: total}
	}
	perDistrict := func(latest *goalpost.Figure, d map[string]float64) goalpost.Summary {
		return goalpost.Summary{Count: len(d), First: latest, Latest: latest, Districts: d}
	}

	tests := []struct {
		name   string
		target goalpost.Target
		sum    goalpost.Summary
		today  string
		want   goalpost.Status
		// progress, expected and current are checked when set.
		progress, expected, current *float64
		// reason lists what the sentence must name; reasonIs, when set, is the whole sentence.
		reason   []string
		reasonIs string
		// bug, when set, describes a known defect; the case is skipped.
		bug string
	}{
		// No figures.
		{name: "no figures is no_data", target: rising, sum: goalpost.Summary{}, today: "2024-06-01",
			want: goalpost.StatusNoData, reasonIs: "尚无报送数据"},
		{name: "no figures of a per-district target is no_data", target: hospices, sum: goalpost.Summary{}, today: "2024-06-01",
			want: goalpost.StatusNoData, reasonIs: "尚无报送数据"},

		// Level.
		{name: "level rising met is achieved", target: rising, sum: pair(fig(year("2023"), 85), fig(year("2024"), 91)),
			today: "2025-03-01", want: goalpost.StatusAchieved, progress: new(1.0), current: new(91.0),
			reasonIs: "最新数值 91 已达到目标 ≥90"},
		{name: "level rising exactly at the value is achieved", target: rising, sum: one(fig(year("2024"), 90)),
			today: "2025-03-01", want: goalpost.StatusAchieved, progress: new(1.0), reason: []string{"90", "≥90"}},
		{name: "level falling PM2.5 at 30 under 32 is achieved", target: pm25, sum: pair(fig(year("2022"), 35), fig(year("2023"), 30)),
			today: "2024-01-15", want: goalpost.StatusAchieved, progress: new(1.0), current: new(30.0),
			reasonIs: "最新数值 30 已达到目标 ≤32"},
		{name: "level falling PM2.5 from 45 to 40 measures progress downwards", target: with(pm25, func(t *goalpost.Target) {
			t.Deadline = day("2023-12-31")
		}), sum: pair(fig(year("2021"), 45), fig(year("2022"), 40)), today: "2023-03-01",
			want: goalpost.StatusAtRisk, progress: new((45.0 - 40) / (45 - 32)), expected: new(0.5), current: new(40.0),
			reasonIs: "基线取首个数据 45，按序时进度应完成 50.0%，实际完成 38.5%，落后 11.5 个百分点（滞后）"},
		{name: "level single figure without baseline, not met, is pending", target: rising, sum: one(fig(year("2024"), 85)),
			today: "2025-03-01", want: goalpost.StatusPending, current: new(85.0),
			reason: []string{"仅有一个数据 85", "基线"}},
		{name: "level with a document baseline and one figure is assessed", target: with(halfway, func(t *goalpost.Target) {
			t.Value = new(90.0)
			t.Baseline = &goalpost.Baseline{Value: 80, Date: day("2021-12-31"), Text: "2021年为80%"}
		}), sum: one(fig(year("2022"), 85)), today: "2023-03-01",
			want: goalpost.StatusOnTrack, progress: new(0.5), expected: new(0.5),
			reason: []string{"基线 80，按序时进度应完成 50.0%，实际完成 50.0%", "与序时进度持平（正常）"}},
		{name: "level whose baseline already equals the value is pending", target: with(halfway, func(t *goalpost.Target) {
			t.Baseline = &goalpost.Baseline{Value: 100, Date: day("2021-12-31")}
			t.Comparator = goalpost.Above
		}), sum: one(fig(year("2022"), 100)), today: "2023-03-01",
			want: goalpost.StatusPending, reasonIs: "基线已等于目标值，无法计算进度"},

		// The lag thresholds, at τ = 0.5 exactly.
		{name: "lag ahead of time is on_track", target: halfway, sum: one(fig(year("2022"), 60)), today: "2023-03-01",
			want: goalpost.StatusOnTrack, progress: new(0.6), expected: new(0.5),
			reason: []string{"应完成 50.0%", "实际完成 60.0%", "快于序时进度（正常）"}},
		{name: "lag of exactly 10 points is on_track", target: halfway, sum: one(fig(year("2022"), 40)), today: "2023-03-01",
			want: goalpost.StatusOnTrack, progress: new(0.4), expected: new(0.5),
			reason: []string{"基线 0", "应完成 50.0%", "实际完成 40.0%", "落后 10.0 个百分点（正常）"}},
		{name: "lag of exactly 30 points is at_risk", target: halfway, sum: one(fig(year("2022"), 20)), today: "2023-03-01",
			want: goalpost.StatusAtRisk, progress: new(0.2), expected: new(0.5),
			reason: []string{"实际完成 20.0%", "落后 30.0 个百分点（滞后）"}},
		{name: "lag of 31 points is off_track", target: halfway, sum: one(fig(year("2022"), 19)), today: "2023-03-01",
			want: goalpost.StatusOffTrack, progress: new(0.19), expected: new(0.5),
			reason: []string{"实际完成 19.0%", "落后 31.0 个百分点（严重滞后）"}},
		{name: "lag from a zero-progress figure is off_track", target: halfway, sum: one(fig(year("2022"), -5)), today: "2023-03-01",
			want: goalpost.StatusOffTrack, progress: new(0.0), expected: new(0.5),
			reason: []string{"实际完成 0.0%", "落后 50.0 个百分点（严重滞后）"}},

		// Approximate (左右).
		{name: "approximate level within 5% is achieved", target: lifeExpectancy, sum: one(fig(year("2024"), 78)),
			today: "2025-03-01", want: goalpost.StatusAchieved, progress: new(1.0), reason: []string{"78", "≥81.5"}},
		{name: "approximate level just over 5% short is not achieved", target: lifeExpectancy, sum: one(fig(year("2024"), 77)),
			today: "2025-03-01", want: goalpost.StatusPending},
		{name: "approximate falling level within 5% above is achieved", target: with(pm25, func(t *goalpost.Target) {
			t.Approximate = true
		}), sum: one(fig(year("2023"), 33.5)), today: "2024-01-15", want: goalpost.StatusAchieved},

		// Deadlines.
		{name: "level past deadline, figure for the deadline year misses, is missed", target: rising,
			sum: pair(fig(year("2023"), 80), fig(year("2025"), 85)), today: "2026-03-01",
			want: goalpost.StatusMissed, current: new(85.0), reasonIs: "期限已过，最新数值 85 未达到目标 ≥90"},
		{name: "level past deadline, figure for a mid-year period of the deadline year misses, is missed", target: rising,
			sum: pair(fig(year("2023"), 80), fig(span("2025-Q1", "2025-01-01", "2025-03-31"), 85)), today: "2026-03-01",
			want: goalpost.StatusMissed},
		{name: "level past deadline, figure for the deadline year meets, is achieved", target: rising,
			sum: pair(fig(year("2023"), 80), fig(year("2025"), 92)), today: "2026-03-01",
			want: goalpost.StatusAchieved, progress: new(1.0)},
		{name: "level past deadline with only the year before's figure keeps the lag rule", target: rising,
			sum: pair(fig(year("2022"), 80), fig(year("2024"), 85)), today: "2026-03-01",
			want: goalpost.StatusAtRisk, progress: new(0.5), expected: new(days("2022-12-31", "2024-12-31") / days("2022-12-31", "2025-12-31")),
			reason: []string{"基线取首个数据 80", "66.7%", "50.0%", "滞后"}},
		{name: "level achieved early then falling back is judged on the latest figure", target: with(rising, func(t *goalpost.Target) {
			t.Baseline = &goalpost.Baseline{Value: 80, Date: day("2022-12-31")}
		}), sum: pair(fig(year("2023"), 92), fig(year("2024"), 85)), today: "2025-03-01",
			want: goalpost.StatusAtRisk, progress: new(0.5), current: new(85.0),
			expected: new(days("2022-12-31", "2024-12-31") / days("2022-12-31", "2025-12-31")),
			reasonIs: "基线 80，按序时进度应完成 66.7%，实际完成 50.0%，落后 16.7 个百分点（滞后）"},
		{name: "level achieved early then falling back, without a baseline, is not shown as 100% done", target: rising,
			sum: pair(fig(year("2023"), 92), fig(year("2024"), 85)), today: "2025-03-01",
			want: goalpost.StatusOffTrack, progress: new(0.0)},
		{name: "level without a target value is not achieved against zero", target: with(rising, func(t *goalpost.Target) {
			t.Value = nil
		}), sum: one(fig(year("2024"), 5)), today: "2025-03-01", want: goalpost.StatusPending},

		// Cumulative.
		{name: "cumulative total meeting the value is achieved", target: jobs,
			sum: goalpost.Summary{Count: 3, First: fig(year("2023"), 13), Previous: fig(year("2024"), 14),
				Latest: fig(span("2025-Q2", "2025-04-01", "2025-06-30"), 12), Total: 39, LatestYearTotal: 12},
			today: "2025-07-15", want: goalpost.StatusAchieved, progress: new(1.0), current: new(39.0),
			reasonIs: "累计 39，已达到目标 38"},
		{name: "cumulative partial total is behind by the lag rule from the plan start", target: jobs,
			sum: sumOf(2, fig(span("2024-Q2", "2024-04-01", "2024-06-30"), 4), 10), today: "2024-07-15",
			want: goalpost.StatusAtRisk, progress: new(10.0 / 38), current: new(10.0),
			expected: new(days("2023-01-01", "2024-06-30") / days("2023-01-01", "2025-12-31")),
			reason:   []string{"累计 10", "应完成 49.9%", "完成 26.3%", "落后 23.5 个百分点（滞后）"}},
		{name: "cumulative partial total ahead of time is on_track", target: jobs,
			sum: sumOf(2, fig(span("2024-Q2", "2024-04-01", "2024-06-30"), 8), 20), today: "2024-07-15",
			want: goalpost.StatusOnTrack, progress: new(20.0 / 38),
			expected: new(days("2023-01-01", "2024-06-30") / days("2023-01-01", "2025-12-31")),
			reason:   []string{"累计 20", "52.6%", "快于序时进度"}},
		{name: "cumulative lag counts from the baseline date when there is one", target: with(jobs, func(t *goalpost.Target) {
			t.Baseline = &goalpost.Baseline{Value: 0, Date: day("2024-06-30")}
		}), sum: sumOf(1, fig(year("2024"), 13), 13), today: "2025-01-15",
			want: goalpost.StatusOnTrack, expected: new(days("2024-06-30", "2024-12-31") / days("2024-06-30", "2025-12-31"))},
		{name: "cumulative short past the deadline is missed", target: jobs,
			sum: sumOf(3, fig(year("2025"), 10), 30), today: "2026-02-01",
			want: goalpost.StatusMissed, progress: new(30.0 / 38), current: new(30.0),
			reasonIs: "期限已过，累计 30，未达到目标 38"},
		{name: "cumulative without a value is pending", target: with(jobs, func(t *goalpost.Target) { t.Value = nil }),
			sum: sumOf(1, fig(year("2024"), 10), 10), today: "2025-01-15",
			want: goalpost.StatusPending, reasonIs: "目标值缺失"},

		// Annual.
		{name: "annual full year over 500 is on_track", target: events, sum: yearTotal(fig(year("2024"), 520), 520),
			today: "2025-02-01", want: goalpost.StatusOnTrack, progress: new(1.0), expected: new(1.0), current: new(520.0),
			reasonIs: "2024 年全年合计 520，达到年度目标 >500"},
		{name: "annual full year of exactly 500 is not over 500", target: events, sum: yearTotal(fig(year("2024"), 500), 500),
			today: "2025-02-01", want: goalpost.StatusOffTrack, progress: new(1.0), expected: new(1.0),
			reasonIs: "2024 年全年合计 500，未达到年度目标 >500"},
		{name: "annual half year with the pro-rated amount is on_track", target: events,
			sum:   yearTotal(fig(span("2024-Q2", "2024-04-01", "2024-06-30"), 140), 260),
			today: "2024-07-15", want: goalpost.StatusOnTrack, progress: new(260.0 / 500), current: new(260.0),
			expected: new(days("2024-01-01", "2024-06-30") / days("2024-01-01", "2024-12-31")),
			reasonIs: "2024 年截至 6月30日 合计 260，达到按时间折算的 247.9（全年目标 500）"},
		{name: "annual half year below the pro-rated amount is off_track", target: events,
			sum:   yearTotal(fig(span("2024-Q2", "2024-04-01", "2024-06-30"), 90), 200),
			today: "2024-07-15", want: goalpost.StatusOffTrack, progress: new(200.0 / 500),
			reason: []string{"合计 200", "未达到按时间折算的 247.9", "全年目标 500"}},
		{name: "annual deadline year met is achieved after the deadline", target: events,
			sum: yearTotal(fig(year("2025"), 510), 510), today: "2026-01-15", want: goalpost.StatusAchieved,
			reason: []string{"2025 年全年合计 510"}},
		{name: "annual deadline year short is missed after the deadline", target: events,
			sum: yearTotal(fig(year("2025"), 450), 450), today: "2026-01-15", want: goalpost.StatusMissed,
			reason: []string{"2025 年全年合计 450，未达到"}},
		{name: "annual falling cap already exceeded mid-year is off_track", target: with(events, func(t *goalpost.Target) {
			t.Comparator, t.Value = goalpost.AtMost, new(100.0)
		}), sum: yearTotal(fig(span("2024-Q2", "2024-04-01", "2024-06-30"), 80), 150), today: "2024-07-15",
			want: goalpost.StatusOffTrack},

		// Maintain and rate.
		{name: "maintain meeting is on_track", target: settlement, sum: one(fig(year("2024"), 72)), today: "2025-03-01",
			want: goalpost.StatusOnTrack, current: new(72.0), reasonIs: "2024 的数值 72 符合要求 ≥70"},
		{name: "maintain failing is off_track", target: settlement, sum: one(fig(year("2024"), 65)), today: "2025-03-01",
			want: goalpost.StatusOffTrack, reasonIs: "2024 的数值 65 不符合要求 ≥70"},
		{name: "maintain meeting past the deadline is achieved", target: settlement, sum: one(fig(year("2025"), 72)),
			today: "2026-03-01", want: goalpost.StatusAchieved, reason: []string{"72", "符合要求 ≥70"}},
		{name: "maintain failing past the deadline is missed", target: settlement, sum: one(fig(year("2025"), 65)),
			today: "2026-03-01", want: goalpost.StatusMissed, reason: []string{"65", "不符合要求 ≥70"}},
		{name: "rate meeting is on_track", target: growth, sum: one(fig(year("2024"), 8.5)), today: "2025-03-01",
			want: goalpost.StatusOnTrack, current: new(8.5), reasonIs: "2024 的数值 8.5 符合要求 ≥8"},
		{name: "rate failing is off_track", target: growth, sum: one(fig(year("2024"), 7.2)), today: "2025-03-01",
			want: goalpost.StatusOffTrack, reasonIs: "2024 的数值 7.2 不符合要求 ≥8"},
		{name: "rate meeting past the deadline is achieved", target: growth, sum: one(fig(year("2025"), 8)),
			today: "2026-03-01", want: goalpost.StatusAchieved},

		// Ratio.
		{name: "ratio at 1.19:1 meets 1.2:1 and is achieved", target: ratio, sum: pair(fig(year("2021"), 1.5), fig(year("2022"), 1.19)),
			today: "2023-03-01", want: goalpost.StatusAchieved, progress: new(1.0), reasonIs: "最新数值 1.19 已达到目标 ≤1.2"},
		{name: "ratio narrowing halfway at half time is on_track", target: ratio, sum: pair(fig(year("2021"), 1.5), fig(year("2022"), 1.35)),
			today: "2023-03-01", want: goalpost.StatusOnTrack, progress: new(0.5), expected: new(0.5),
			reason: []string{"基线取首个数据 1.5", "应完成 50.0%", "实际完成 50.0%"}},
		{name: "ratio widening is off_track", target: ratio, sum: pair(fig(year("2021"), 1.5), fig(year("2022"), 1.6)),
			today: "2023-03-01", want: goalpost.StatusOffTrack, progress: new(0.0), expected: new(0.5)},

		// Zero.
		{name: "zero reached is achieved", target: zero, sum: pair(fig(year("2021"), 10), fig(year("2022"), 0)),
			today: "2023-03-01", want: goalpost.StatusAchieved, progress: new(1.0), reasonIs: "最新数值 0 已达到目标 ≤0"},
		{name: "zero from 10 down to 3 is 70% of the way", target: zero, sum: pair(fig(year("2021"), 10), fig(year("2022"), 3)),
			today: "2023-03-01", want: goalpost.StatusOnTrack, progress: new(0.7), expected: new(0.5), current: new(3.0),
			reason: []string{"基线取首个数据 10", "实际完成 70.0%", "快于序时进度"}},

		// Relative.
		{name: "relative above the reference is on_track", target: income,
			sum: one(relFig(year("2024"), 25000, new(20000.0))), today: "2025-03-01",
			want: goalpost.StatusOnTrack, current: new(25000.0), reasonIs: "2024 的数值 25000，比较对象 20000，符合要求（>）"},
		{name: "relative below the reference is off_track", target: income,
			sum: one(relFig(year("2024"), 18000, new(20000.0))), today: "2025-03-01",
			want: goalpost.StatusOffTrack, reasonIs: "2024 的数值 18000，比较对象 20000，不符合要求（>）"},
		{name: "relative without a reference value is pending", target: income,
			sum: one(relFig(year("2024"), 25000, nil)), today: "2025-03-01",
			want: goalpost.StatusPending, reasonIs: "最新数据未填写比较对象的数值，无法判断"},
		{name: "relative above the reference past the deadline is achieved", target: income,
			sum: one(relFig(year("2025"), 25000, new(20000.0))), today: "2026-03-01", want: goalpost.StatusAchieved},
		{name: "relative below the reference past the deadline is missed", target: income,
			sum: one(relFig(year("2025"), 18000, new(20000.0))), today: "2026-03-01", want: goalpost.StatusMissed},

		// Trend.
		{name: "trend falling below the previous figure is on_track", target: accidents,
			sum: pair(fig(year("2023"), 60), fig(year("2024"), 50)), today: "2025-03-01",
			want: goalpost.StatusOnTrack, current: new(50.0), reasonIs: "2024 为 50，上期 2023 为 60，符合逐期下降的要求"},
		{name: "trend rising against a falling target is off_track", target: accidents,
			sum: pair(fig(year("2023"), 60), fig(year("2024"), 70)), today: "2025-03-01",
			want: goalpost.StatusOffTrack, reasonIs: "2024 为 70，上期 2023 为 60，不符合逐期下降的要求"},
		{name: "trend flat against a strictly falling target is off_track", target: accidents,
			sum: pair(fig(year("2023"), 60), fig(year("2024"), 60)), today: "2025-03-01", want: goalpost.StatusOffTrack},
		{name: "trend with only one figure is pending", target: accidents, sum: one(fig(year("2024"), 50)),
			today: "2025-03-01", want: goalpost.StatusPending, reasonIs: "只有一个数据，无法判断趋势"},
		{name: "trend rising target going up is on_track", target: with(accidents, func(t *goalpost.Target) { t.Comparator = goalpost.Above }),
			sum: pair(fig(year("2023"), 60), fig(year("2024"), 70)), today: "2025-03-01",
			want: goalpost.StatusOnTrack, reason: []string{"符合逐期上升的要求"}},
		{name: "trend falling in the deadline year is achieved", target: accidents,
			sum: pair(fig(year("2024"), 60), fig(year("2025"), 50)), today: "2026-03-01", want: goalpost.StatusAchieved},

		// Per district.
		{name: "per_district all six districts meeting is achieved", target: hospices,
			sum: perDistrict(fig(year("2024"), 2), districts(6, 0)), today: "2025-03-01",
			want: goalpost.StatusAchieved, progress: new(1.0), current: new(6.0), reasonIs: "已报送的 6 个地区中 6 个达到要求"},
		{name: "per_district three of six is half way and lagging", target: hospices,
			sum: perDistrict(fig(year("2024"), 2), districts(3, 3)), today: "2025-03-01",
			want: goalpost.StatusAtRisk, progress: new(0.5), current: new(3.0),
			expected: new(days("2023-01-01", "2024-12-31") / days("2023-01-01", "2025-12-31")),
			reason:   []string{"已报送的 6 个地区中 3 个达到要求", "应完成 66.7%", "达标地区占比 50.0%", "落后 16.7 个百分点（滞后）"}},
		{name: "per_district one reporting district meeting is achieved (share of reporting districts)", target: hospices,
			sum: perDistrict(fig(year("2024"), 2), districts(1, 0)), today: "2025-03-01",
			want: goalpost.StatusAchieved, progress: new(1.0), reasonIs: "已报送的 1 个地区中 1 个达到要求"},
		{name: "per_district three of six past the deadline is missed", target: hospices,
			sum: perDistrict(fig(year("2025"), 2), districts(3, 3)), today: "2026-03-01",
			want: goalpost.StatusMissed, progress: new(0.5), reasonIs: "期限已过，已报送的 6 个地区中 3 个达到要求"},
		{name: "per_district figures without districts is pending", target: hospices,
			sum: one(fig(year("2024"), 2)), today: "2025-03-01",
			want: goalpost.StatusPending, reasonIs: "尚无分地区数据"},

		// Milestone.
		{name: "milestone stage 3 is achieved", target: renovation, sum: one(fig(year("2024"), goalpost.StageDone)),
			today: "2025-03-01", want: goalpost.StatusAchieved, progress: new(1.0), reasonIs: "2024 报告阶段：已完成"},
		{name: "milestone stage 2 is on_track", target: renovation, sum: one(fig(year("2024"), goalpost.StageMostlyDone)),
			today: "2025-03-01", want: goalpost.StatusOnTrack, progress: new(2.0 / 3), reasonIs: "2024 报告阶段：基本完成"},
		{name: "milestone stage 1 is on_track", target: renovation, sum: one(fig(year("2024"), goalpost.StageUnderway)),
			today: "2025-03-01", want: goalpost.StatusOnTrack, progress: new(1.0 / 3), reasonIs: "2024 报告阶段：推进中"},
		{name: "milestone stage 0 late in the period is off_track", target: renovation,
			sum:   one(fig(span("2025-Q2", "2025-04-01", "2025-06-30"), goalpost.StageNotStarted)),
			today: "2025-07-15", want: goalpost.StatusOffTrack, progress: new(0.0), reasonIs: "2025-Q2 报告阶段：未启动"},
		{name: "milestone stage 0 early in the period is at_risk", target: renovation,
			sum:   one(fig(span("2023-Q2", "2023-04-01", "2023-06-30"), goalpost.StageNotStarted)),
			today: "2023-07-15", want: goalpost.StatusAtRisk, progress: new(0.0)},
		{name: "milestone stage 1 past the deadline is missed", target: renovation, sum: one(fig(year("2025"), goalpost.StageUnderway)),
			today: "2026-03-01", want: goalpost.StatusMissed},
		{name: "milestone invalid stage is pending without a progress", target: renovation, sum: one(fig(year("2024"), 5)),
			today: "2025-03-01", want: goalpost.StatusPending, reasonIs: "阶段数值无效"},

		// Unknown kind.
		{name: "unknown kind is pending", target: with(rising, func(t *goalpost.Target) { t.Kind = "bogus" }),
			sum: one(fig(year("2024"), 1)), today: "2025-03-01", want: goalpost.StatusPending, reasonIs: "未知的目标类型"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if tc.bug != "" {
				t.Skip("BUG: " + tc.bug)
			}
			target := tc.target
			a := goalpost.Assess(&target, tc.sum, day(tc.today))

			if got, want := a.Status, tc.want; got != want {
				t.Errorf("Status = %q, want %q (reason %q)", got, want, a.Reason)
			}
			checkFloat(t, "Progress", a.Progress, tc.progress)
			checkFloat(t, "Expected", a.Expected, tc.expected)
			checkFloat(t, "Current", a.Current, tc.current)
			if tc.reasonIs != "" {
				if got, want := a.Reason, tc.reasonIs; got != want {
					t.Errorf("Reason = %q, want %q", got, want)
				}
			}
			for _, want := range tc.reason {
				if !strings.Contains(a.Reason, want) {
					t.Errorf("Reason = %q, want it to name %q", a.Reason, want)
				}
			}

			// Rules that hold whatever the case.
			if !hasHan(a.Reason) {
				t.Errorf("Reason = %q, want a Chinese sentence", a.Reason)
			}
			if a.Status == goalpost.StatusPending || a.Status == goalpost.StatusNoData {
				if a.Progress != nil || a.Expected != nil {
					t.Errorf("status %q carries Progress %v / Expected %v, want neither", a.Status, deref(a.Progress), deref(a.Expected))
				}
			}
			for what, v := range map[string]*float64{"Progress": a.Progress, "Expected": a.Expected} {
				if v != nil && (*v < 0 || *v > 1) {
					t.Errorf("%s = %v, want a share within [0, 1]", what, *v)
				}
			}
			if tc.sum.Latest != nil && tc.target.Kind.Valid() {
				if a.AsOf == nil || !a.AsOf.Equal(tc.sum.Latest.Period.End) {
					t.Errorf("AsOf = %v, want the latest figure's end %v", deref(a.AsOf), tc.sum.Latest.Period.End)
				}
			}
		})
	}
}

func deref[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}

func checkFloat(t *testing.T, what string, got, want *float64) {
	t.Helper()
	switch {
	case want == nil:
	case got == nil:
		t.Errorf("%s = nil, want %v", what, *want)
	case math.Abs(*got-*want) > 1e-9:
		t.Errorf("%s = %v, want %v", what, *got, *want)
	}
}

func TestAssessDeadlineDay(t *testing.T) {
	t.Parallel()
	target := goalpost.Target{Kind: goalpost.KindMaintain, Comparator: goalpost.AtLeast, Value: new(70.0),
		PlanStart: day("2023-01-01"), Deadline: day("2025-12-31")}
	sum := one(fig(year("2025"), 72))
	tests := []struct {
		name  string
		today time.Time
		want  goalpost.Status
	}{
		{"the day before the deadline", day("2025-12-30"), goalpost.StatusOnTrack},
		{"the deadline itself", day("2025-12-31"), goalpost.StatusOnTrack},
		{"the day after the deadline", day("2026-01-01"), goalpost.StatusAchieved},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got, want := goalpost.Assess(&target, sum, tc.today).Status, tc.want; got != want {
				t.Errorf("Assess on %s: Status = %q, want %q", tc.today.Format(time.DateOnly), got, want)
			}
		})
	}
}

func TestComparatorMeets(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		c           goalpost.Comparator
		v, target   float64
		approximate bool
		want        bool
	}{
		{"at least, above", goalpost.AtLeast, 91, 90, false, true},
		{"at least, equal", goalpost.AtLeast, 90, 90, false, true},
		{"at least, below", goalpost.AtLeast, 89.9, 90, false, false},
		{"above, above", goalpost.Above, 501, 500, false, true},
		{"above, equal", goalpost.Above, 500, 500, false, false},
		{"above, below", goalpost.Above, 499, 500, false, false},
		{"at most, below", goalpost.AtMost, 30, 32, false, true},
		{"at most, equal", goalpost.AtMost, 32, 32, false, true},
		{"at most, above", goalpost.AtMost, 32.1, 32, false, false},
		{"below, below", goalpost.Below, 0.5, 0.6, false, true},
		{"below, equal", goalpost.Below, 0.6, 0.6, false, false},
		{"below, above", goalpost.Below, 0.7, 0.6, false, false},
		{"equal, equal", goalpost.EqualTo, 100, 100, false, true},
		{"equal, below", goalpost.EqualTo, 99.9, 100, false, false},
		{"equal, above", goalpost.EqualTo, 100.1, 100, false, false},
		{"approximate at least, 5% short", goalpost.AtLeast, 85.5, 90, true, true},
		{"approximate at least, over 5% short", goalpost.AtLeast, 85.4, 90, true, false},
		{"approximate at least, above", goalpost.AtLeast, 95, 90, true, true},
		{"approximate above, equal", goalpost.Above, 500, 500, true, true},
		{"approximate above, within 5% short", goalpost.Above, 480, 500, true, true},
		{"approximate above, over 5% short", goalpost.Above, 470, 500, true, false},
		{"approximate at most, within 5% over", goalpost.AtMost, 33.5, 32, true, true},
		{"approximate at most, over 5% over", goalpost.AtMost, 33.7, 32, true, false},
		{"approximate at most, well below", goalpost.AtMost, 10, 32, true, true},
		{"approximate below, within 5% over", goalpost.Below, 33.5, 32, true, true},
		{"approximate below, over 5% over", goalpost.Below, 33.7, 32, true, false},
		{"approximate equal, 5% under", goalpost.EqualTo, 95, 100, true, true},
		{"approximate equal, 5% over", goalpost.EqualTo, 105, 100, true, true},
		{"approximate equal, over 5% under", goalpost.EqualTo, 94.9, 100, true, false},
		{"approximate equal, over 5% over", goalpost.EqualTo, 105.1, 100, true, false},
		{"approximate at most zero has no tolerance", goalpost.AtMost, 0.1, 0, true, false},
		{"approximate at most zero, zero", goalpost.AtMost, 0, 0, true, true},
		{"approximate negative value uses its magnitude", goalpost.AtLeast, -10.4, -10, true, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got, want := tc.c.Meets(tc.v, tc.target, tc.approximate), tc.want; got != want {
				t.Errorf("%q.Meets(%v, %v, approximate=%v) = %v, want %v", tc.c, tc.v, tc.target, tc.approximate, got, want)
			}
		})
	}
}

func TestKindHasValue(t *testing.T) {
	t.Parallel()
	want := map[goalpost.Kind]bool{
		goalpost.KindLevel:       true,
		goalpost.KindMaintain:    true,
		goalpost.KindCumulative:  true,
		goalpost.KindAnnual:      true,
		goalpost.KindRate:        true,
		goalpost.KindRatio:       true,
		goalpost.KindPerDistrict: true,
		goalpost.KindZero:        false,
		goalpost.KindRelative:    false,
		goalpost.KindTrend:       false,
		goalpost.KindMilestone:   false,
	}
	if got, want := len(goalpost.Kinds), len(want); got != want {
		t.Errorf("len(Kinds) = %d, want %d: a kind was added without a HasValue case", got, want)
	}
	for _, k := range goalpost.Kinds {
		t.Run(string(k), func(t *testing.T) {
			t.Parallel()
			w, ok := want[k]
			if !ok {
				t.Fatalf("kind %q has no expected HasValue", k)
			}
			if got := k.HasValue(); got != w {
				t.Errorf("Kind(%q).HasValue() = %v, want %v", k, got, w)
			}
		})
	}
}
