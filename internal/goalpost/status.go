package goalpost

import (
	"fmt"
	"math"
	"strings"
	"time"
)

// Status is the light shown beside a target. Every status has a word, so
// colour is never the only signal.
type Status string

// Statuses, from best to worst, then the two that say we cannot judge.
const (
	StatusAchieved Status = "achieved"  // 已完成
	StatusOnTrack  Status = "on_track"  // 正常
	StatusAtRisk   Status = "at_risk"   // 滞后
	StatusOffTrack Status = "off_track" // 严重滞后
	StatusMissed   Status = "missed"    // 未完成 (deadline passed)
	StatusPending  Status = "pending"   // 待评估 (one figure, no baseline)
	StatusNoData   Status = "no_data"   // 无数据
)

// Statuses lists every status in display order.
var Statuses = []Status{StatusAchieved, StatusOnTrack, StatusAtRisk, StatusOffTrack, StatusMissed, StatusPending, StatusNoData}

// Valid reports whether s is a known status.
func (s Status) Valid() bool {
	for _, x := range Statuses {
		if x == s {
			return true
		}
	}
	return false
}

// Rules are the thresholds of lag, in percentage points of the whole
// target, between the share of time elapsed and the share of the way
// covered (序时进度): up to OnTrackLag is on track, up to AtRiskLag at risk.
// An administrator can change them per instance.
type Rules struct {
	OnTrackLag float64 `json:"on_track_lag"`
	AtRiskLag  float64 `json:"at_risk_lag"`
}

// DefaultRules are the thresholds the methodology page documents.
var DefaultRules = Rules{OnTrackLag: 10, AtRiskLag: 30}

// Validate checks thresholds an administrator sets.
func (r Rules) Validate() error {
	if r.OnTrackLag < 0 || r.AtRiskLag <= r.OnTrackLag || r.AtRiskLag > 100 {
		return Errorf(EINVALID, "阈值应满足 0 ≤ 正常上限 < 滞后上限 ≤ 100，现为 %v 和 %v", r.OnTrackLag, r.AtRiskLag)
	}
	return nil
}

// Summary is what the status rule needs to know of a target's current
// figures (the latest revision of each period); storage computes it in one
// query for a whole page of targets.
type Summary struct {
	Count int
	// Latest and First are the figures with the latest and earliest reference dates.
	Latest, First *Figure
	// Previous is the figure before Latest, for trends.
	Previous *Figure
	// Total sums every period's value, for cumulative targets.
	Total float64
	// LatestYearTotal sums the values of the latest figure's calendar year.
	LatestYearTotal float64
	// Districts holds the latest value of each district, for per-district targets.
	Districts map[string]float64
	// Sample is true if any figure is demonstration data.
	Sample bool
	// YearTotals sums each calendar year's figures, for annual targets.
	YearTotals map[int]float64
	// Regression holds least-squares sums over the figures (x in days).
	Regression Regression
}

// Regression is the running sums of a least-squares line through points
// (x = reference date in days since 2000-01-01, y = value).
type Regression struct {
	N                int
	Sx, Sy, Sxy, Sxx float64
}

// epoch is day 0 of Regression's x axis.
var epoch = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// At is the fitted line's value at date d, if at least two distinct dates
// make a line.
func (r Regression) At(d time.Time) (float64, bool) {
	n := float64(r.N)
	den := n*r.Sxx - r.Sx*r.Sx
	if r.N < 2 || math.Abs(den) < 1e-9 {
		return 0, false
	}
	slope := (n*r.Sxy - r.Sx*r.Sy) / den
	intercept := (r.Sy - slope*r.Sx) / n
	return intercept + slope*d.Sub(epoch).Hours()/24, true
}

// Assessment is a status with the numbers behind it.
type Assessment struct {
	Status Status
	// Progress is the share of the way from the start to the target, 0–1,
	// where it makes sense (nil otherwise); Expected is the share of time elapsed.
	Progress, Expected *float64
	// Current is the figure the status is judged on, in the target's unit
	// (the total for cumulative targets, the year's total for annual ones).
	Current *float64
	AsOf    *time.Time
	// Reason is a sentence in Chinese naming the numbers behind the status.
	Reason string
	// LagPoints is 100 × (expected − progress) where both are known.
	LagPoints *float64
	// Projected is the figure the trend reaches at the deadline: a
	// least-squares line through the figures, or the pace of a cumulative
	// total. Information beside the status, not an input to it.
	Projected *float64
	// UpdateOverdue (待更新) says the figure for the last period due by
	// today has not arrived: a flag beside the status, never instead of it.
	UpdateOverdue bool
	// Override is a person's judgement that replaces Status; Computed keeps
	// what the rule said, so both can be shown.
	Override *Override
	Computed Status
}

// Override is a status set by a reviewer of the lead department or an
// administrator, with the reason.
type Override struct {
	Status Status
	Reason string
	By     string
	At     time.Time
}

// ApplyOverride makes o the status, keeping the computed one beside it.
func (a *Assessment) ApplyOverride(o *Override) {
	a.Computed = a.Status
	if o == nil {
		return
	}
	a.Override, a.Status = o, o.Status
}

// Assess applies the progress rule of the target's kind to its figures as of
// today. The rule is documented on the /methodology page and in the README.
func Assess(t *Target, s Summary, today time.Time) Assessment {
	return AssessWith(t, s, today, DefaultRules)
}

// AssessWith is Assess with an instance's thresholds.
func AssessWith(t *Target, s Summary, today time.Time, r Rules) Assessment {
	a := assess(t, s, today, r)
	if a.Progress != nil && a.Expected != nil {
		a.LagPoints = ptr(100 * (*a.Expected - *a.Progress))
	}
	a.Projected = project(t, s)
	if last, ok, _, _ := t.Schedule.Deadlines(t, today); ok && t.Schedule.Cadence.Valid() {
		a.UpdateOverdue = s.Latest == nil || s.Latest.Period.End.Before(last.End)
	}
	return a
}

// project extends the figures to the deadline: level-like targets along
// the least-squares line, cumulative ones at the pace so far.
func project(t *Target, s Summary) *float64 {
	switch t.Kind {
	case KindLevel, KindRatio, KindZero, KindMaintain, KindRate:
		reg := s.Regression
		if b := t.Baseline; b != nil {
			x := b.Date.Sub(epoch).Hours() / 24
			reg.N++
			reg.Sx, reg.Sy, reg.Sxy, reg.Sxx = reg.Sx+x, reg.Sy+b.Value, reg.Sxy+x*b.Value, reg.Sxx+x*x
		}
		if v, ok := reg.At(t.Deadline); ok {
			return ptr(v)
		}
	case KindCumulative:
		start := t.start(t.PlanStart)
		if s.Latest != nil && s.Latest.Period.End.After(start) && s.Total > 0 {
			elapsed := s.Latest.Period.End.Sub(start).Hours()
			return ptr(s.Total * t.Deadline.Sub(start).Hours() / elapsed)
		}
	}
	return nil
}

func assess(t *Target, s Summary, today time.Time, r Rules) Assessment {
	if s.Count == 0 && len(s.Districts) == 0 {
		return Assessment{Status: StatusNoData, Reason: "尚无报送数据"}
	}
	switch t.Kind {
	case KindLevel, KindRatio, KindZero:
		return assessLevel(t, s, today, r)
	case KindCumulative:
		return assessCumulative(t, s, today, r)
	case KindAnnual:
		return assessAnnual(t, s, today)
	case KindMaintain, KindRate:
		return assessThreshold(t, s, today)
	case KindRelative:
		return assessRelative(t, s, today)
	case KindTrend:
		return assessTrend(t, s, today)
	case KindPerDistrict:
		return assessPerDistrict(t, s, today, r)
	case KindMilestone:
		return assessMilestone(t, s, today)
	}
	return Assessment{Status: StatusPending, Reason: "未知的目标类型"}
}

// goal returns the value a target must reach; zero targets aim at 0.
func (t *Target) goal() (float64, Comparator) {
	if t.Kind == KindZero {
		return 0, AtMost
	}
	if t.Value == nil {
		return 0, t.Comparator
	}
	return *t.Value, t.Comparator
}

// start is where time is counted from: the baseline's date, else the given fallback.
func (t *Target) start(fallback time.Time) time.Time {
	if t.Baseline != nil {
		return t.Baseline.Date
	}
	return fallback
}

// timeShare is the share of [start, deadline] elapsed at date, clamped to [0, 1].
func timeShare(start, deadline, at time.Time) float64 {
	total := deadline.Sub(start).Hours()
	if total <= 0 {
		return 1
	}
	return clamp(at.Sub(start).Hours()/total, 0, 1)
}

func clamp(x, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, x)) }

func ptr[T any](v T) *T { return &v }

func pct(x float64) string { return fmt.Sprintf("%.1f%%", 100*x) }

// pastDeadline reports whether the deadline has passed today.
func pastDeadline(t *Target, today time.Time) bool { return today.After(t.Deadline) }

// byLag turns progress p against expected progress tau into a status.
func (r Rules) byLag(p, tau float64, what string) (Status, string) {
	lag := 100 * (tau - p)
	reason := fmt.Sprintf("按序时进度应完成 %s，%s %s", pct(tau), what, pct(p))
	switch {
	case math.Abs(lag) < 0.05:
		return StatusOnTrack, reason + "，与序时进度持平（正常）"
	case lag < 0:
		return StatusOnTrack, reason + "，快于序时进度（正常）"
	case lag <= r.OnTrackLag:
		return StatusOnTrack, reason + fmt.Sprintf("，落后 %.1f 个百分点（正常）", lag)
	case lag <= r.AtRiskLag:
		return StatusAtRisk, reason + fmt.Sprintf("，落后 %.1f 个百分点（滞后）", lag)
	}
	return StatusOffTrack, reason + fmt.Sprintf("，落后 %.1f 个百分点（严重滞后）", lag)
}

func assessLevel(t *Target, s Summary, today time.Time, r Rules) Assessment {
	goal, cmp := t.goal()
	latest := s.Latest
	a := Assessment{Current: ptr(latest.Value), AsOf: ptr(latest.Period.End)}
	if t.Value == nil && t.Kind != KindZero {
		a.Status, a.Reason = StatusPending, "目标值缺失"
		return a
	}
	if cmp.Meets(latest.Value, goal, t.Approximate) {
		a.Status, a.Progress = StatusAchieved, ptr(1.0)
		a.Reason = fmt.Sprintf("最新数值 %s 已达到目标 %s%s", fmtNum(latest.Value), cmp.Symbol(), fmtNum(goal))
		return a
	}
	if pastDeadline(t, today) && !latest.Period.End.Before(t.Deadline.AddDate(-1, 0, 1)) {
		a.Status = StatusMissed
		a.Reason = fmt.Sprintf("期限已过，最新数值 %s 未达到目标 %s%s", fmtNum(latest.Value), cmp.Symbol(), fmtNum(goal))
		return a
	}
	base, baseDate, baseWord := 0.0, time.Time{}, ""
	switch {
	case t.Baseline != nil:
		base, baseDate, baseWord = t.Baseline.Value, t.Baseline.Date, "基线"
	case s.Count >= 2:
		base, baseDate, baseWord = s.First.Value, s.First.Period.End, "基线取首个数据"
	default:
		a.Status = StatusPending
		a.Reason = fmt.Sprintf("仅有一个数据 %s 且文件未给出基线，暂无法判断进度", fmtNum(latest.Value))
		return a
	}
	if cmp.Meets(base, goal, t.Approximate) {
		// The target was met at the start and is no longer: it fell back.
		a.Status, a.Progress = StatusOffTrack, ptr(0.0)
		a.Reason = fmt.Sprintf("%s %s 曾达到目标 %s%s，最新数值 %s 已回落到目标以外", baseWord, fmtNum(base), cmp.Symbol(), fmtNum(goal), fmtNum(latest.Value))
		return a
	}
	if goal == base {
		a.Status, a.Reason = StatusPending, "基线已等于目标值，无法计算进度"
		return a
	}
	p := clamp((latest.Value-base)/(goal-base), 0, 1)
	tau := timeShare(baseDate, t.Deadline, latest.Period.End)
	a.Progress, a.Expected = ptr(p), ptr(tau)
	a.Status, a.Reason = r.byLag(p, tau, "实际完成")
	a.Reason = fmt.Sprintf("%s %s，", baseWord, fmtNum(base)) + a.Reason
	return a
}

func assessCumulative(t *Target, s Summary, today time.Time, r Rules) Assessment {
	goal, cmp := t.goal()
	a := Assessment{Current: ptr(s.Total), AsOf: ptr(s.Latest.Period.End)}
	if goal <= 0 {
		a.Status, a.Reason = StatusPending, "目标值缺失"
		return a
	}
	p := clamp(s.Total/goal, 0, 1)
	a.Progress = ptr(p)
	if cmp.Meets(s.Total, goal, t.Approximate) {
		a.Status, a.Reason = StatusAchieved, fmt.Sprintf("累计 %s，已达到目标 %s", fmtNum(s.Total), fmtNum(goal))
		return a
	}
	if pastDeadline(t, today) {
		a.Status, a.Reason = StatusMissed, fmt.Sprintf("期限已过，累计 %s，未达到目标 %s", fmtNum(s.Total), fmtNum(goal))
		return a
	}
	tau := timeShare(t.start(t.PlanStart), t.Deadline, s.Latest.Period.End)
	a.Expected = ptr(tau)
	a.Status, a.Reason = r.byLag(p, tau, fmt.Sprintf("累计 %s，完成", fmtNum(s.Total)))
	return a
}

func assessAnnual(t *Target, s Summary, today time.Time) Assessment {
	goal, cmp := t.goal()
	end := s.Latest.Period.End
	year := end.Year()
	yearStart := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)
	share := timeShare(yearStart, time.Date(year, 12, 31, 0, 0, 0, 0, time.UTC), end)
	due := goal * share
	a := Assessment{Current: ptr(s.LatestYearTotal), AsOf: ptr(end), Expected: ptr(share)}
	if goal > 0 {
		a.Progress = ptr(clamp(s.LatestYearTotal/goal, 0, 1))
	}
	var met bool
	if cmp.Falling() {
		// A cap for the year: exceeded is exceeded, whatever the date.
		met = cmp.Meets(s.LatestYearTotal, goal, t.Approximate)
	} else {
		// An amount for the year: on course if the year so far has its share.
		met = cmp.Meets(s.LatestYearTotal, due, t.Approximate) || (share < 1 && s.LatestYearTotal >= due)
	}
	if pastDeadline(t, today) && len(s.YearTotals) > 0 {
		// After the deadline: achieved only if every year of the plan met it.
		var short []string
		for y := t.PlanStart.Year(); y <= t.Deadline.Year(); y++ {
			if total, ok := s.YearTotals[y]; !ok || !cmp.Meets(total, goal, t.Approximate) {
				short = append(short, fmt.Sprint(y))
			}
		}
		if len(short) == 0 {
			a.Status, a.Reason = StatusAchieved, fmt.Sprintf("规划期内每年均达到年度目标 %s%s", cmp.Symbol(), fmtNum(goal))
		} else {
			a.Status, a.Reason = StatusMissed, fmt.Sprintf("期限已过，%s 年未达到或未报送年度目标 %s%s", strings.Join(short, "、"), cmp.Symbol(), fmtNum(goal))
		}
		return a
	}
	switch {
	case met && share >= 1 && pastDeadline(t, today):
		a.Status = StatusAchieved
	case met:
		a.Status = StatusOnTrack
	case pastDeadline(t, today):
		a.Status = StatusMissed
	default:
		a.Status = StatusOffTrack
	}
	verdict := "达到"
	if !met {
		verdict = "未达到"
	}
	if share < 1 {
		a.Reason = fmt.Sprintf("%d 年截至 %s 合计 %s，%s按时间折算的 %s（全年目标 %s）", year, end.Format("1月2日"), fmtNum(s.LatestYearTotal), verdict, fmtNum(math.Round(due*10)/10), fmtNum(goal))
	} else {
		a.Reason = fmt.Sprintf("%d 年全年合计 %s，%s年度目标 %s%s", year, fmtNum(s.LatestYearTotal), verdict, cmp.Symbol(), fmtNum(goal))
	}
	return a
}

func assessThreshold(t *Target, s Summary, today time.Time) Assessment {
	goal, cmp := t.goal()
	latest := s.Latest
	a := Assessment{Current: ptr(latest.Value), AsOf: ptr(latest.Period.End)}
	met := cmp.Meets(latest.Value, goal, t.Approximate)
	verdict := "符合"
	if !met {
		verdict = "不符合"
	}
	a.Reason = fmt.Sprintf("%s 的数值 %s %s要求 %s%s", latest.Period.Label, fmtNum(latest.Value), verdict, cmp.Symbol(), fmtNum(goal))
	switch {
	case met && pastDeadline(t, today):
		a.Status = StatusAchieved
	case met:
		a.Status = StatusOnTrack
	case pastDeadline(t, today):
		a.Status = StatusMissed
	default:
		a.Status = StatusOffTrack
	}
	return a
}

func assessRelative(t *Target, s Summary, today time.Time) Assessment {
	latest := s.Latest
	a := Assessment{Current: ptr(latest.Value), AsOf: ptr(latest.Period.End)}
	if latest.ReferenceValue == nil {
		a.Status, a.Reason = StatusPending, "最新数据未填写比较对象的数值，无法判断"
		return a
	}
	ref := *latest.ReferenceValue
	met := t.Comparator.Meets(latest.Value, ref, false)
	verdict := "符合"
	if !met {
		verdict = "不符合"
	}
	a.Reason = fmt.Sprintf("%s 的数值 %s，比较对象 %s，%s要求（%s）", latest.Period.Label, fmtNum(latest.Value), fmtNum(ref), verdict, t.Comparator.Symbol())
	switch {
	case met && pastDeadline(t, today):
		a.Status = StatusAchieved
	case met:
		a.Status = StatusOnTrack
	case pastDeadline(t, today):
		a.Status = StatusMissed
	default:
		a.Status = StatusOffTrack
	}
	return a
}

func assessTrend(t *Target, s Summary, today time.Time) Assessment {
	latest := s.Latest
	a := Assessment{Current: ptr(latest.Value), AsOf: ptr(latest.Period.End)}
	if s.Previous == nil {
		a.Status, a.Reason = StatusPending, "只有一个数据，无法判断趋势"
		return a
	}
	prev := s.Previous
	met := t.Comparator.Meets(latest.Value, prev.Value, false)
	word := "下降"
	if !t.Comparator.Falling() {
		word = "上升"
	}
	verdict := "符合"
	if !met {
		verdict = "不符合"
	}
	a.Reason = fmt.Sprintf("%s 为 %s，上期 %s 为 %s，%s逐期%s的要求", latest.Period.Label, fmtNum(latest.Value), prev.Period.Label, fmtNum(prev.Value), verdict, word)
	switch {
	case met && pastDeadline(t, today):
		a.Status = StatusAchieved
	case met:
		a.Status = StatusOnTrack
	case pastDeadline(t, today):
		a.Status = StatusMissed
	default:
		a.Status = StatusOffTrack
	}
	return a
}

func assessPerDistrict(t *Target, s Summary, today time.Time, r Rules) Assessment {
	goal, cmp := t.goal()
	meeting := 0
	for _, v := range s.Districts {
		if cmp.Meets(v, goal, t.Approximate) {
			meeting++
		}
	}
	n := len(s.Districts)
	a := Assessment{}
	if s.Latest != nil {
		a.AsOf = ptr(s.Latest.Period.End)
	}
	if n == 0 {
		a.Status, a.Reason = StatusPending, "尚无分地区数据"
		return a
	}
	p := float64(meeting) / float64(n)
	a.Progress = ptr(p)
	a.Current = ptr(float64(meeting))
	what := fmt.Sprintf("已报送的 %d 个地区中 %d 个达到要求", n, meeting)
	switch {
	case meeting == n:
		a.Status, a.Reason = StatusAchieved, what
	case pastDeadline(t, today):
		a.Status, a.Reason = StatusMissed, "期限已过，"+what
	default:
		at := today
		if a.AsOf != nil {
			at = *a.AsOf
		}
		tau := timeShare(t.start(t.PlanStart), t.Deadline, at)
		a.Expected = ptr(tau)
		a.Status, a.Reason = r.byLag(p, tau, "达标地区占比")
		a.Reason = what + "；" + a.Reason
	}
	return a
}

// StageNames are the milestone stages as officials name them.
var StageNames = []string{"未启动", "推进中", "基本完成", "已完成"}

func assessMilestone(t *Target, s Summary, today time.Time) Assessment {
	latest := s.Latest
	stage := int(latest.Value)
	a := Assessment{AsOf: ptr(latest.Period.End)}
	if !ValidStage(latest.Value) {
		a.Status, a.Reason = StatusPending, "阶段数值无效"
		return a
	}
	a.Progress = ptr(float64(stage) / StageDone)
	a.Reason = fmt.Sprintf("%s 报告阶段：%s", latest.Period.Label, StageNames[stage])
	tau := timeShare(t.PlanStart, t.Deadline, latest.Period.End)
	switch {
	case stage == StageDone:
		a.Status = StatusAchieved
	case pastDeadline(t, today):
		a.Status = StatusMissed
	case stage == StageMostlyDone || stage == StageUnderway:
		a.Status = StatusOnTrack
	case tau > 0.5:
		a.Status = StatusOffTrack
	default:
		a.Status = StatusAtRisk
	}
	return a
}

// fmtNum prints a number without float noise, for reasons.
func fmtNum(v float64) string {
	s := fmt.Sprintf("%.4f", v)
	for s[len(s)-1] == '0' {
		s = s[:len(s)-1]
	}
	return trimDot(s)
}

func trimDot(s string) string {
	if s[len(s)-1] == '.' {
		return s[:len(s)-1]
	}
	return s
}

// Tracked is a target with its figures summarised and its status assessed:
// what every page and the open data show for a target.
type Tracked struct {
	Target
	Summary    Summary
	Assessment Assessment
}
