package goalpost_test

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/i18n"
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

	// dibao ranks among Liaoning's 14 cities; 前列 is read as the top 3.
	dibao := goalpost.Target{Kind: goalpost.KindRank, Comparator: goalpost.AtMost, Value: new(3.0),
		PlanStart: day("2023-01-01"), Deadline: day("2025-12-31")}
	// charities must grow 20% over the plan (2023–2025), from the end of 2022.
	charities := goalpost.Target{Kind: goalpost.KindGrowth, Comparator: goalpost.AtLeast, Value: new(20.0), Unit: "%",
		PlanStart: day("2023-01-01"), Deadline: day("2025-12-31")}
	burial := goalpost.Target{Kind: goalpost.KindGrowth, Comparator: goalpost.AtLeast, Value: new(5.0), Unit: "个百分点",
		PlanStart: day("2023-01-01"), Deadline: day("2025-12-31")}
	airDays := goalpost.Target{Kind: goalpost.KindLevel, Comparator: goalpost.AtLeast, Value: new(90.0), Unit: "%", Approximate: true,
		PlanStart: day("2023-01-01"), Deadline: day("2025-12-31")}
	rankFig := func(p goalpost.Period, rank float64, of *float64) *goalpost.Figure {
		return &goalpost.Figure{Period: p, Value: rank, ReferenceValue: of}
	}
	yearsOf := func(latest *goalpost.Figure, totals map[int]float64) goalpost.Summary {
		return goalpost.Summary{Count: len(totals), First: latest, Latest: latest, LatestYearTotal: totals[latest.Period.End.Year()], YearTotals: totals}
	}

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
		// reasonEn, when set, is the whole English sentence.
		reasonEn string
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
			reasonIs: "最新数值 91% 已达到目标 ≥90%"},
		{name: "level rising exactly at the value is achieved", target: rising, sum: one(fig(year("2024"), 90)),
			today: "2025-03-01", want: goalpost.StatusAchieved, progress: new(1.0), reason: []string{"90", "≥90"}},
		{name: "level falling PM2.5 at 30 under 32 is achieved", target: pm25, sum: pair(fig(year("2022"), 35), fig(year("2023"), 30)),
			today: "2024-01-15", want: goalpost.StatusAchieved, progress: new(1.0), current: new(30.0),
			reasonIs: "最新数值 30微克/立方米 已达到目标 ≤32微克/立方米"},
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
			today: "2025-03-01", want: goalpost.StatusAchieved, progress: new(1.0), reasonIs: "最新数值 78岁 已达到目标 约81.5岁（允许±5%，即≥77.425岁）"},
		{name: "approximate level just over 5% short is not achieved", target: lifeExpectancy, sum: one(fig(year("2024"), 77)),
			today: "2025-03-01", want: goalpost.StatusPending},
		{name: "approximate falling level within 5% above is achieved", target: with(pm25, func(t *goalpost.Target) {
			t.Approximate = true
		}), sum: one(fig(year("2023"), 33.5)), today: "2024-01-15", want: goalpost.StatusAchieved},

		// Deadlines.
		{name: "level past deadline, figure for the deadline year misses, is missed", target: rising,
			sum: pair(fig(year("2023"), 80), fig(year("2025"), 85)), today: "2026-03-01",
			want: goalpost.StatusMissed, current: new(85.0), reasonIs: "期限 2025年12月31日 已过，最新数值 85%（2025）未达到目标 ≥90%"},
		{name: "level past deadline, figure for a mid-year period of the deadline year misses, is missed", target: rising,
			sum: pair(fig(year("2023"), 80), fig(span("2025-Q1", "2025-01-01", "2025-03-31"), 85)), today: "2026-03-01",
			want: goalpost.StatusMissed},
		{name: "level past deadline, figure for the deadline year meets, is achieved", target: rising,
			sum: pair(fig(year("2023"), 80), fig(year("2025"), 92)), today: "2026-03-01",
			want: goalpost.StatusAchieved, progress: new(1.0)},
		{name: "level past deadline with only the year before's figure is awaiting the final figure", target: rising,
			sum: pair(fig(year("2022"), 80), fig(year("2024"), 85)), today: "2026-03-01",
			want: goalpost.StatusAwaitingFinal, current: new(85.0),
			reasonIs: "期限 2025年12月31日 已过，2025 年的最终数据尚未报送：最新数值为 85%（2024）；最终数据须为 ≥90% 方为完成",
			reasonEn: "The deadline, 31 December 2025, has passed and the final figure, for 2025, has not arrived: the latest figure is 85% (2024); the final figure must be ≥90% for the target to be met"},
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
			reasonIs: "累计 39万人，已达到目标 ≥38万人"},
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
			reasonIs: "期限 2025年12月31日 已过，累计 30万人，未达到目标 ≥38万人"},
		{name: "cumulative without a value is pending", target: with(jobs, func(t *goalpost.Target) { t.Value = nil }),
			sum: sumOf(1, fig(year("2024"), 10), 10), today: "2025-01-15",
			want: goalpost.StatusPending, reasonIs: "目标值缺失"},

		// Annual.
		{name: "annual full year over 500 is on_track", target: events, sum: yearTotal(fig(year("2024"), 520), 520),
			today: "2025-02-01", want: goalpost.StatusOnTrack, progress: new(1.0), expected: new(1.0), current: new(520.0),
			reasonIs: "2024 年全年合计 520场，达到年度目标 >500场"},
		{name: "annual full year of exactly 500 is not over 500", target: events, sum: yearTotal(fig(year("2024"), 500), 500),
			today: "2025-02-01", want: goalpost.StatusOffTrack, progress: new(1.0), expected: new(1.0),
			reasonIs: "2024 年全年合计 500场，未达到年度目标 >500场"},
		{name: "annual half year with the pro-rated amount is on_track", target: events,
			sum:   yearTotal(fig(span("2024-Q2", "2024-04-01", "2024-06-30"), 140), 260),
			today: "2024-07-15", want: goalpost.StatusOnTrack, progress: new(260.0 / 500), current: new(260.0),
			expected: new(days("2024-01-01", "2024-06-30") / days("2024-01-01", "2024-12-31")),
			reasonIs: "2024 年截至 6月30日 合计 260场，达到按时间折算的 247.9场（全年目标 >500场）"},
		{name: "annual half year below the pro-rated amount is off_track", target: events,
			sum:   yearTotal(fig(span("2024-Q2", "2024-04-01", "2024-06-30"), 90), 200),
			today: "2024-07-15", want: goalpost.StatusOffTrack, progress: new(200.0 / 500),
			reason: []string{"合计 200场", "未达到按时间折算的 247.9场", "全年目标 >500场"}},
		{name: "annual deadline year met is achieved after the deadline", target: events,
			sum: yearTotal(fig(year("2025"), 510), 510), today: "2026-01-15", want: goalpost.StatusAchieved,
			reason: []string{"2025 年全年合计 510"}},
		{name: "annual deadline year short is missed after the deadline", target: events,
			sum: yearTotal(fig(year("2025"), 450), 450), today: "2026-01-15", want: goalpost.StatusMissed,
			reason: []string{"2025 年全年合计 450场，未达到"}},
		{name: "annual falling cap already exceeded mid-year is off_track", target: with(events, func(t *goalpost.Target) {
			t.Comparator, t.Value = goalpost.AtMost, new(100.0)
		}), sum: yearTotal(fig(span("2024-Q2", "2024-04-01", "2024-06-30"), 80), 150), today: "2024-07-15",
			want: goalpost.StatusOffTrack},

		// Maintain and rate.
		{name: "maintain meeting is on_track", target: settlement, sum: one(fig(year("2024"), 72)), today: "2025-03-01",
			want: goalpost.StatusOnTrack, current: new(72.0), reasonIs: "2024 的数值 72% 符合要求 ≥70%"},
		{name: "maintain failing is off_track", target: settlement, sum: one(fig(year("2024"), 65)), today: "2025-03-01",
			want: goalpost.StatusOffTrack, reasonIs: "2024 的数值 65% 不符合要求 ≥70%"},
		{name: "maintain meeting past the deadline is achieved", target: settlement, sum: one(fig(year("2025"), 72)),
			today: "2026-03-01", want: goalpost.StatusAchieved, reason: []string{"72", "符合要求 ≥70"}},
		{name: "maintain failing past the deadline is missed", target: settlement, sum: one(fig(year("2025"), 65)),
			today: "2026-03-01", want: goalpost.StatusMissed, reason: []string{"65", "不符合要求 ≥70"}},
		{name: "rate meeting is on_track", target: growth, sum: one(fig(year("2024"), 8.5)), today: "2025-03-01",
			want: goalpost.StatusOnTrack, current: new(8.5), reasonIs: "2024 的数值 8.5% 符合要求 ≥8%"},
		{name: "rate failing is off_track", target: growth, sum: one(fig(year("2024"), 7.2)), today: "2025-03-01",
			want: goalpost.StatusOffTrack, reasonIs: "2024 的数值 7.2% 不符合要求 ≥8%"},
		{name: "rate meeting past the deadline is achieved", target: growth, sum: one(fig(year("2025"), 8)),
			today: "2026-03-01", want: goalpost.StatusAchieved},

		// Ratio.
		{name: "ratio at 1.19:1 meets 1.2:1 and is achieved", target: ratio, sum: pair(fig(year("2021"), 1.5), fig(year("2022"), 1.19)),
			today: "2023-03-01", want: goalpost.StatusAchieved, progress: new(1.0), reasonIs: "最新数值 1.19:1 已达到目标 ≤1.2:1"},
		{name: "ratio narrowing halfway at half time is on_track", target: ratio, sum: pair(fig(year("2021"), 1.5), fig(year("2022"), 1.35)),
			today: "2023-03-01", want: goalpost.StatusOnTrack, progress: new(0.5), expected: new(0.5),
			reason: []string{"基线取首个数据 1.5", "应完成 50.0%", "实际完成 50.0%"}},
		{name: "ratio widening is off_track", target: ratio, sum: pair(fig(year("2021"), 1.5), fig(year("2022"), 1.6)),
			today: "2023-03-01", want: goalpost.StatusOffTrack, progress: new(0.0), expected: new(0.5)},

		// Zero.
		{name: "zero reached is achieved", target: zero, sum: pair(fig(year("2021"), 10), fig(year("2022"), 0)),
			today: "2023-03-01", want: goalpost.StatusAchieved, progress: new(1.0), reasonIs: "最新数值 0户 已达到目标 ≤0户"},
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
			want: goalpost.StatusMissed, progress: new(0.5), reasonIs: "期限 2025年12月31日 已过，已报送的 6 个地区中 3 个达到要求"},
		{name: "per_district figures without districts is pending", target: hospices,
			sum: one(fig(year("2024"), 2)), today: "2025-03-01",
			want: goalpost.StatusPending, reasonIs: "尚无分地区数据"},

		// Milestone.
		{name: "milestone stage 3 is achieved", target: renovation, sum: one(fig(year("2024"), goalpost.StageDone)),
			today: "2025-03-01", want: goalpost.StatusAchieved, progress: new(1.0), reasonIs: "2024 报告阶段：已完成"},
		{name: "milestone stage 2 is on_track", target: renovation, sum: one(fig(year("2024"), goalpost.StageMostlyDone)),
			today: "2025-03-01", want: goalpost.StatusOnTrack, progress: new(2.0 / 3), reasonIs: "2024 报告阶段：基本完成；须在 2025年12月31日 前达到“已完成”"},
		{name: "milestone stage 1 is on_track", target: renovation, sum: one(fig(year("2024"), goalpost.StageUnderway)),
			today: "2025-03-01", want: goalpost.StatusOnTrack, progress: new(1.0 / 3), reasonIs: "2024 报告阶段：推进中；须在 2025年12月31日 前达到“已完成”"},
		{name: "milestone stage 0 late in the period is off_track", target: renovation,
			sum:   one(fig(span("2025-Q2", "2025-04-01", "2025-06-30"), goalpost.StageNotStarted)),
			today: "2025-07-15", want: goalpost.StatusOffTrack, progress: new(0.0), reasonIs: "2025-Q2 报告阶段：未启动；须在 2025年12月31日 前达到“已完成”；规划期已过半，“未启动”为严重滞后"},
		{name: "milestone stage 0 early in the period is at_risk", target: renovation,
			sum:   one(fig(span("2023-Q2", "2023-04-01", "2023-06-30"), goalpost.StageNotStarted)),
			today: "2023-07-15", want: goalpost.StatusAtRisk, progress: new(0.0)},
		{name: "milestone stage 1 past the deadline is missed", target: renovation, sum: one(fig(year("2025"), goalpost.StageUnderway)),
			today: "2026-03-01", want: goalpost.StatusMissed},
		{name: "milestone invalid stage is pending without a progress", target: renovation, sum: one(fig(year("2024"), 5)),
			today: "2025-03-01", want: goalpost.StatusPending, reasonIs: "阶段数值无效"},

		// After the deadline, without the figure for the deadline's period: 待最终数据 (issue 9).
		{name: "level past deadline without the final year's figure is awaiting it (普惠性幼儿园覆盖率)", target: rising,
			sum: one(fig(year("2024"), 87.6)), today: "2026-11-27", want: goalpost.StatusAwaitingFinal, current: new(87.6),
			reasonIs: "期限 2025年12月31日 已过，2025 年的最终数据尚未报送：最新数值为 87.6%（2024）；最终数据须为 ≥90% 方为完成"},
		{name: "level met before the deadline, final figure missing, is awaiting it and says the tolerance (空气优良天数比例)", target: airDays,
			sum: pair(fig(year("2023"), 84), fig(year("2024"), 86.3)), today: "2026-11-27", want: goalpost.StatusAwaitingFinal,
			reasonIs: "期限 2025年12月31日 已过，2025 年的最终数据尚未报送：最新数值为 86.3%（2024）；最终数据须为 约90%（允许±5%，即≥85.5%） 方为完成",
			reasonEn: "The deadline, 31 December 2025, has passed and the final figure, for 2025, has not arrived: the latest figure is 86.3% (2024); the final figure must be about 90% (±5% allowed, i.e. ≥85.5%) for the target to be met"},
		{name: "approximate level met names its tolerance", target: airDays, sum: one(fig(year("2024"), 86.3)), today: "2025-03-01",
			want: goalpost.StatusAchieved, reasonIs: "最新数值 86.3% 已达到目标 约90%（允许±5%，即≥85.5%）",
			reasonEn: "The latest figure, 86.3%, meets the target about 90% (±5% allowed, i.e. ≥85.5%)"},
		{name: "approximate falling level names its upper tolerance", target: with(pm25, func(t *goalpost.Target) { t.Approximate = true }),
			sum: one(fig(year("2023"), 33.5)), today: "2024-01-15", want: goalpost.StatusAchieved,
			reasonIs: "最新数值 33.5微克/立方米 已达到目标 约32微克/立方米（允许±5%，即≤33.6微克/立方米）"},
		{name: "approximate level missed names its tolerance", target: airDays, sum: pair(fig(year("2024"), 80), fig(year("2025"), 85)),
			today: "2026-03-01", want: goalpost.StatusMissed, reason: []string{"约90%（允许±5%，即≥85.5%）"}},
		{name: "zero reached before the deadline, final figure missing, is awaiting it", target: zero,
			sum: pair(fig(year("2021"), 10), fig(year("2022"), 0)), today: "2024-03-01", want: goalpost.StatusAwaitingFinal,
			reason: []string{"2023 年的最终数据尚未报送", "最新数值为 0户（2022）", "≤0户"}},
		{name: "cumulative short past deadline without the final year is awaiting it (累计新增城镇就业)", target: jobs,
			sum: sumOf(2, fig(year("2024"), 12.1), 25.3), today: "2026-11-27", want: goalpost.StatusAwaitingFinal,
			progress: new(25.3 / 38), current: new(25.3),
			reasonIs: "期限 2025年12月31日 已过，2025 年的最终数据尚未报送：截至 2024 累计 25.3万人；最终累计须为 ≥38万人，即还须新增 12.7万人",
			reasonEn: "The deadline, 31 December 2025, has passed and the final figure, for 2025, has not arrived: the total up to 2024 is 253,000 people; the final total must be ≥380,000 people, i.e. 127,000 people more"},
		{name: "cumulative short past deadline with figures up to mid-deadline-year is awaiting the rest", target: jobs,
			sum: sumOf(3, fig(span("2025-Q2", "2025-04-01", "2025-06-30"), 6), 31.3), today: "2026-03-01", want: goalpost.StatusAwaitingFinal},
		{name: "cumulative reached before the deadline stays achieved after it", target: jobs,
			sum: sumOf(2, fig(year("2024"), 20), 39), today: "2026-11-27", want: goalpost.StatusAchieved},
		{name: "annual past deadline, every reported year met, final year missing, is awaiting it", target: events,
			sum: yearsOf(fig(year("2024"), 520), map[int]float64{2023: 510, 2024: 520}), today: "2026-11-27",
			want: goalpost.StatusAwaitingFinal, reasonIs: "期限 2025年12月31日 已过，2025 年的数据尚未报送或尚不完整：已报送的年份均达到年度目标，这些年份也须达到 >500场 方为完成"},
		{name: "annual past deadline, a reported year short, is missed whatever is missing", target: events,
			sum: yearsOf(fig(year("2024"), 520), map[int]float64{2023: 450, 2024: 520}), today: "2026-11-27",
			want: goalpost.StatusMissed, reasonIs: "期限 2025年12月31日 已过，2023 年未达到年度目标 >500场"},
		{name: "annual past deadline, every year met, is achieved", target: events,
			sum: yearsOf(fig(year("2025"), 530), map[int]float64{2023: 510, 2024: 520, 2025: 530}), today: "2026-11-27",
			want: goalpost.StatusAchieved, reasonIs: "规划期内每年均达到年度目标 >500场"},
		{name: "annual past deadline, final year only half reported, is awaiting it", target: events,
			sum: yearsOf(fig(span("2025-06", "2025-06-01", "2025-06-30"), 40), map[int]float64{2023: 510, 2024: 520, 2025: 260}), today: "2026-11-27",
			want: goalpost.StatusAwaitingFinal, reason: []string{"2025 年的数据尚未报送或尚不完整"}},
		{name: "maintain past deadline without the final year is awaiting it", target: settlement, sum: one(fig(year("2024"), 72)),
			today: "2026-11-27", want: goalpost.StatusAwaitingFinal,
			reasonIs: "期限 2025年12月31日 已过，2025 年的最终数据尚未报送：最新数值为 72%（2024）；2025 年的数值须为 ≥70%"},
		{name: "rate past deadline without the final year is awaiting it", target: growth, sum: one(fig(year("2024"), 7)),
			today: "2026-11-27", want: goalpost.StatusAwaitingFinal, reason: []string{"2025 年的数值须为 ≥8%"}},
		{name: "relative past deadline without the final year is awaiting it", target: income,
			sum: one(relFig(year("2024"), 25000, new(20000.0))), today: "2026-11-27", want: goalpost.StatusAwaitingFinal,
			reason: []string{"最新数值为 25000元（2024）", "2025 年的数值须 > 比较对象"}},
		{name: "trend past deadline without the final year is awaiting it", target: accidents,
			sum: pair(fig(year("2023"), 60), fig(year("2024"), 50)), today: "2026-11-27", want: goalpost.StatusAwaitingFinal,
			reason: []string{"2025 年的数值须低于 2024 的 50起"}},
		{name: "per_district past deadline without the final year is awaiting it", target: hospices,
			sum: perDistrict(fig(year("2024"), 2), districts(3, 3)), today: "2026-11-27", want: goalpost.StatusAwaitingFinal,
			reasonIs: "期限 2025年12月31日 已过，2025 年的最终数据尚未报送：已报送的 6 个地区中 3 个达到要求（2024）；2025 年每个地区须为 ≥1所"},
		{name: "milestone past deadline with only an earlier stage is awaiting it (基本消除重污染天气)", target: renovation,
			sum: one(fig(year("2024"), goalpost.StageUnderway)), today: "2026-11-27", want: goalpost.StatusAwaitingFinal,
			reasonIs: "期限 2025年12月31日 已过，2025 年的最终数据尚未报送：最新报告阶段为“推进中”（2024）；须报告“已完成”方为完成",
			reasonEn: "The deadline, 31 December 2025, has passed and the final figure, for 2025, has not arrived: the latest stage reported is “Under way” (2024); it must be reported “Done” for the target to be met"},
		{name: "milestone past deadline, final year not done, is missed and says what was required", target: renovation,
			sum: one(fig(year("2025"), goalpost.StageMostlyDone)), today: "2026-03-01", want: goalpost.StatusMissed,
			reasonIs: "2025 报告阶段：基本完成；须在 2025年12月31日 前达到“已完成”",
			reasonEn: "Stage reported for 2025: Mostly done; “Done” is required by 31 December 2025"},
		{name: "milestone done before the deadline stays achieved after it", target: renovation,
			sum: one(fig(year("2024"), goalpost.StageDone)), today: "2026-11-27", want: goalpost.StatusAchieved},

		// Rank (保持全省前列: top 3 of Liaoning's 14 cities).
		{name: "rank 3rd of 14 for the top 3 is on_track", target: dibao, sum: one(rankFig(year("2024"), 3, new(14.0))),
			today: "2025-03-01", want: goalpost.StatusOnTrack, current: new(3.0),
			reasonIs: "2024 排名第 3（共 14 个），符合要求（前 3 名）",
			reasonEn: "2024: ranked 3 of 14, which meets the requirement (the top 3)"},
		{name: "rank 5th of 14 for the top 3 is off_track", target: dibao, sum: one(rankFig(year("2024"), 5, new(14.0))),
			today: "2025-03-01", want: goalpost.StatusOffTrack, reasonIs: "2024 排名第 5（共 14 个），不符合要求（前 3 名）"},
		{name: "rank without the number ranked is pending", target: dibao, sum: one(rankFig(year("2024"), 2, nil)),
			today: "2025-03-01", want: goalpost.StatusPending, reasonIs: "最新数据未填写参与排名的总数，无法判断"},
		{name: "rank in the top 3 in the deadline year is achieved", target: dibao, sum: one(rankFig(year("2025"), 1, new(14.0))),
			today: "2026-03-01", want: goalpost.StatusAchieved},
		{name: "rank outside the top 3 in the deadline year is missed", target: dibao, sum: one(rankFig(year("2025"), 4, new(14.0))),
			today: "2026-03-01", want: goalpost.StatusMissed},
		{name: "rank past deadline without the final year is awaiting it", target: dibao, sum: one(rankFig(year("2024"), 2, new(14.0))),
			today: "2026-11-27", want: goalpost.StatusAwaitingFinal,
			reasonIs: "期限 2025年12月31日 已过，2025 年的最终数据尚未报送：最新排名第 2（共 14 个，2024）；2025 年须位列前 3 名"},
		{name: "rank with a strict comparator names the places that count", target: with(dibao, func(t *goalpost.Target) { t.Comparator = goalpost.Below; t.Value = new(4.0) }),
			sum: one(rankFig(year("2024"), 3, new(14.0))), today: "2025-03-01", want: goalpost.StatusOnTrack, reason: []string{"前 3 名"}},

		// Growth over the plan period (增长20%以上 by 2025, 提高5个百分点).
		{name: "growth on schedule after one year is on_track, not off track (慈善组织数量增长20%以上)", target: charities,
			sum: one(fig(year("2023"), 8)), today: "2024-03-01", want: goalpost.StatusOnTrack, progress: new(0.4), current: new(8.0),
			expected: new(days("2023-01-01", "2023-12-31") / days("2023-01-01", "2025-12-31")),
			reasonIs: "较基期累计增长 8%，按序时进度此时应增长 6.6%（全期目标 ≥20%）；按序时进度应完成 33.2%，实际完成 40.0%，快于序时进度（正常）",
			reasonEn: "Growth since the base period is 8%; the target pro-rated by the time elapsed is 6.6% by now (≥20% for the whole period); by the time elapsed 33.2% should be done, done 40.0%, ahead of the time elapsed (on track)"},
		{name: "growth well behind the pro-rated target is off_track", target: charities,
			sum: pair(fig(year("2023"), 3), fig(year("2024"), 4)), today: "2025-03-01", want: goalpost.StatusOffTrack, progress: new(0.2),
			reason: []string{"较基期累计增长 4%", "严重滞后"}},
		{name: "growth in points a little behind is on_track (安葬率提高5个百分点)", target: burial,
			sum: one(fig(year("2024"), 3)), today: "2025-03-01", want: goalpost.StatusOnTrack, progress: new(0.6),
			reason: []string{"较基期累计增长 3个百分点", "全期目标 ≥5个百分点"}},
		{name: "growth reaching the target is achieved", target: charities, sum: one(fig(year("2024"), 21)),
			today: "2025-03-01", want: goalpost.StatusAchieved, progress: new(1.0), reasonIs: "较基期累计增长 21%，已达到目标 ≥20%"},
		{name: "approximate growth within its tolerance is achieved and says so (就业人数增长13%左右)", target: with(charities, func(t *goalpost.Target) {
			t.Value, t.Approximate = new(13.0), true
		}), sum: one(fig(year("2025"), 12.4)), today: "2026-03-01", want: goalpost.StatusAchieved,
			reasonIs: "较基期累计增长 12.4%，已达到目标 约13%（允许±5%，即≥12.35%）"},
		{name: "growth short in the deadline year is missed", target: charities, sum: one(fig(year("2025"), 15)),
			today: "2026-03-01", want: goalpost.StatusMissed, reasonIs: "期限 2025年12月31日 已过，较基期累计增长 15%，未达到目标 ≥20%"},
		{name: "growth past deadline without the final year is awaiting it", target: charities, sum: one(fig(year("2024"), 15)),
			today: "2026-11-27", want: goalpost.StatusAwaitingFinal,
			reasonIs: "期限 2025年12月31日 已过，2025 年的最终数据尚未报送：最新较基期累计增长 15%（2024）；较基期的最终累计增长须为 ≥20% 方为完成"},
		{name: "growth counts from the baseline's date when there is one", target: with(charities, func(t *goalpost.Target) {
			t.Baseline = &goalpost.Baseline{Value: 0, Date: day("2023-12-31")}
		}), sum: one(fig(year("2024"), 10)), today: "2025-03-01", want: goalpost.StatusOnTrack, progress: new(0.5),
			expected: new(days("2023-12-31", "2024-12-31") / days("2023-12-31", "2025-12-31"))},

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
			if tc.reasonEn != "" {
				if got, want := a.ReasonIn(i18n.English), tc.reasonEn; got != want {
					t.Errorf("English reason = %q, want %q", got, want)
				}
			}
			if a.ReasonEn == "" || a.ReasonEn == a.Reason {
				t.Errorf("ReasonEn = %q, want the reason %q in English", a.ReasonEn, a.Reason)
			}
			if a.Status == goalpost.StatusAwaitingFinal && (a.Expected != nil || a.LagPoints != nil) {
				t.Errorf("awaiting the final figure carries an expected share %v: no lag is judged after the deadline", deref(a.Expected))
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

// TestOverrideReasonSaysSo: a status a person set says so in its sentence,
// with their reason and what the rule computes, in both languages.
func TestOverrideReasonSaysSo(t *testing.T) {
	t.Parallel()
	target := goalpost.Target{Kind: goalpost.KindMaintain, Comparator: goalpost.AtLeast, Value: new(70.0), Unit: "%",
		PlanStart: day("2023-01-01"), Deadline: day("2025-12-31")}
	a := goalpost.Assess(&target, one(fig(year("2024"), 65)), day("2025-03-01"))
	a.ApplyOverride(&goalpost.Override{Status: goalpost.StatusOnTrack, Reason: "统计口径调整", By: "王芳", At: day("2025-03-02")})
	if got, want := a.Status, goalpost.StatusOnTrack; got != want {
		t.Errorf("Status = %q, want %q", got, want)
	}
	if got, want := a.Reason, "人工认定为“正常”（理由：统计口径调整）；按规则计算为“严重滞后”：2024 的数值 65% 不符合要求 ≥70%"; got != want {
		t.Errorf("Reason = %q, want %q", got, want)
	}
	if got, want := a.ReasonIn(i18n.English), "Set by a person to “On track” (reason: 统计口径调整); the rule computes “Off track”: The figure for 2024, 65%, does not meet the requirement ≥70%"; got != want {
		t.Errorf("English reason = %q, want %q", got, want)
	}
	b := goalpost.Assess(&target, one(fig(year("2024"), 65)), day("2025-03-01"))
	b.ApplyOverride(nil)
	if b.Reason != "2024 的数值 65% 不符合要求 ≥70%" {
		t.Errorf("without an override the reason is %q", b.Reason)
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
		goalpost.KindRank:        true,
		goalpost.KindGrowth:      true,
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
