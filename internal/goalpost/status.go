package goalpost

import (
	"fmt"
	"math"
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
	// StatusAwaitingFinal (待最终数据): the deadline has passed and the figure
	// for its period has not arrived, so the target is neither on track nor
	// missed: the final figure decides.
	StatusAwaitingFinal Status = "awaiting_final"
	StatusPending       Status = "pending" // 待评估 (one figure, no baseline)
	StatusNoData        Status = "no_data" // 无数据
)

// Statuses lists every status in display order.
var Statuses = []Status{StatusAchieved, StatusOnTrack, StatusAtRisk, StatusOffTrack, StatusMissed, StatusAwaitingFinal, StatusPending, StatusNoData}

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
		return E(EINVALID, "err.thresholds_order", r.OnTrackLag, r.AtRiskLag)
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
	// Reason is a sentence in Chinese naming the numbers behind the status
	// and the rule that judged them; ReasonEn is the same in English
	// (ReasonIn picks one).
	Reason, ReasonEn string
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

// ApplyOverride makes o the status, keeping the computed one beside it; the
// reason then says that a person set it, why, and what the rule computes.
func (a *Assessment) ApplyOverride(o *Override) {
	a.Computed = a.Status
	if o == nil {
		return
	}
	a.say(say("reason.override", statusText(o.Status), o.Reason, statusText(a.Status), a.reason()))
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
	case KindLevel, KindRatio, KindZero, KindMaintain, KindRate, KindGrowth:
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
		a := Assessment{Status: StatusNoData}
		a.say(say("reason.no_data"))
		return a
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
	case KindRank:
		return assessRank(t, s, today)
	case KindGrowth:
		return assessGrowth(t, s, today, r)
	case KindTrend:
		return assessTrend(t, s, today)
	case KindPerDistrict:
		return assessPerDistrict(t, s, today, r)
	case KindMilestone:
		return assessMilestone(t, s, today)
	}
	a := Assessment{Status: StatusPending}
	a.say(say("reason.unknown_kind"))
	return a
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

// finalYearStart is where the deadline's period begins: a figure for a
// period ending on or after it is a figure for the deadline's year.
func finalYearStart(t *Target) time.Time { return t.Deadline.AddDate(-1, 0, 1) }

// awaitingFinal reports whether the deadline has passed without the figure
// for its period: for a level, the deadline's year; for amounts that add
// up (cumulative, annual), a period reaching the deadline itself.
func awaitingFinal(t *Target, s Summary, today time.Time) bool {
	if !pastDeadline(t, today) {
		return false
	}
	if s.Latest == nil {
		return true
	}
	if t.Kind == KindCumulative || t.Kind == KindAnnual {
		return s.Latest.Period.End.Before(t.Deadline)
	}
	return s.Latest.Period.End.Before(finalYearStart(t))
}

// awaiting is the status of a target past its deadline whose final figure
// has not arrived: the sentence says that the deadline passed, what the
// latest figure was, and what the final one must be.
func awaiting(a Assessment, t *Target, latest, must text) Assessment {
	a.Status = StatusAwaitingFinal
	a.Expected, a.LagPoints = nil, nil
	a.say(say("reason.awaiting", dateText(t.Deadline), t.Deadline.Year(), latest, must))
	return a
}

// latestText is "the latest figure is 87.6% (2024)".
func latestText(t *Target, f *Figure) text {
	return say("reason.latest", valueText(f.Value, t.Unit), f.Period.Label)
}

// byLag turns progress p against expected progress tau into a status.
func (r Rules) byLag(p, tau float64, what text) (Status, text) {
	lag := 100 * (tau - p)
	head := say("reason.lag", pct(tau), what, pct(p))
	switch {
	case math.Abs(lag) < 0.05:
		return StatusOnTrack, head.then(say("reason.lag_even"))
	case lag < 0:
		return StatusOnTrack, head.then(say("reason.lag_ahead"))
	case lag <= r.OnTrackLag:
		return StatusOnTrack, head.then(say("reason.lag_behind", lag, statusText(StatusOnTrack)))
	case lag <= r.AtRiskLag:
		return StatusAtRisk, head.then(say("reason.lag_behind", lag, statusText(StatusAtRisk)))
	}
	return StatusOffTrack, head.then(say("reason.lag_behind", lag, statusText(StatusOffTrack)))
}

func assessLevel(t *Target, s Summary, today time.Time, r Rules) Assessment {
	goal, cmp := t.goal()
	latest := s.Latest
	a := Assessment{Current: ptr(latest.Value), AsOf: ptr(latest.Period.End)}
	if t.Value == nil && t.Kind != KindZero {
		a.Status = StatusPending
		a.say(say("reason.no_value"))
		return a
	}
	if awaitingFinal(t, s, today) {
		// An earlier figure that met the target does not say the final one does.
		return awaiting(a, t, latestText(t, latest), say("reason.must", goalText(t)))
	}
	if cmp.Meets(latest.Value, goal, t.Approximate) {
		a.Status, a.Progress = StatusAchieved, ptr(1.0)
		a.say(say("reason.met", valueText(latest.Value, t.Unit), goalText(t)))
		return a
	}
	if pastDeadline(t, today) {
		a.Status = StatusMissed
		a.say(say("reason.missed", dateText(t.Deadline), valueText(latest.Value, t.Unit), latest.Period.Label, goalText(t)))
		return a
	}
	var base float64
	var baseDate time.Time
	var baseWord text
	switch {
	case t.Baseline != nil:
		base, baseDate, baseWord = t.Baseline.Value, t.Baseline.Date, say("reason.base", fmtNum(t.Baseline.Value))
	case s.Count >= 2:
		base, baseDate, baseWord = s.First.Value, s.First.Period.End, say("reason.base_first", fmtNum(s.First.Value))
	default:
		a.Status = StatusPending
		a.say(say("reason.single", fmtNum(latest.Value)))
		return a
	}
	if cmp.Meets(base, goal, t.Approximate) {
		// The target was met at the start and is no longer: it fell back.
		a.Status, a.Progress = StatusOffTrack, ptr(0.0)
		a.say(say("reason.fell_back", baseWord, goalText(t), valueText(latest.Value, t.Unit)))
		return a
	}
	if goal == base {
		a.Status = StatusPending
		a.say(say("reason.base_is_goal"))
		return a
	}
	p := clamp((latest.Value-base)/(goal-base), 0, 1)
	tau := timeShare(baseDate, t.Deadline, latest.Period.End)
	a.Progress, a.Expected = ptr(p), ptr(tau)
	var why text
	a.Status, why = r.byLag(p, tau, say("reason.done"))
	a.say(join("reason.comma", baseWord, why))
	return a
}

func assessCumulative(t *Target, s Summary, today time.Time, r Rules) Assessment {
	goal, cmp := t.goal()
	a := Assessment{Current: ptr(s.Total), AsOf: ptr(s.Latest.Period.End)}
	if goal <= 0 {
		a.Status = StatusPending
		a.say(say("reason.no_value"))
		return a
	}
	p := clamp(s.Total/goal, 0, 1)
	a.Progress = ptr(p)
	total := valueText(s.Total, t.Unit)
	if cmp.Meets(s.Total, goal, t.Approximate) {
		// Amounts are never negative: a total once reached stays reached.
		a.Status = StatusAchieved
		a.say(say("reason.total_met", total, goalText(t)))
		return a
	}
	if awaitingFinal(t, s, today) {
		return awaiting(a, t, say("reason.latest_total", s.Latest.Period.Label, total),
			say("reason.must_total", goalText(t), valueText(goal-s.Total, t.Unit)))
	}
	if pastDeadline(t, today) {
		a.Status = StatusMissed
		a.say(say("reason.total_missed", dateText(t.Deadline), total, goalText(t)))
		return a
	}
	tau := timeShare(t.start(t.PlanStart), t.Deadline, s.Latest.Period.End)
	a.Expected = ptr(tau)
	var why text
	a.Status, why = r.byLag(p, tau, say("reason.total_done", fmtNum(s.Total)))
	a.say(why)
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
		// After the deadline: achieved only if every year of the plan met it;
		// missed as soon as a reported year fell short; otherwise the years
		// not yet reported decide.
		var short, missing []string
		for y := t.PlanStart.Year(); y <= t.Deadline.Year(); y++ {
			total, ok := s.YearTotals[y]
			switch {
			case !ok || (y == t.Deadline.Year() && awaitingFinal(t, s, today)):
				missing = append(missing, fmt.Sprint(y))
			case !cmp.Meets(total, goal, t.Approximate):
				short = append(short, fmt.Sprint(y))
			}
		}
		switch {
		case len(short) > 0:
			a.Status = StatusMissed
			a.say(say("reason.years_short", dateText(t.Deadline), list(short), goalText(t)))
		case len(missing) > 0:
			a.Status, a.Expected = StatusAwaitingFinal, nil
			a.say(say("reason.awaiting_years", dateText(t.Deadline), list(missing), goalText(t)))
		default:
			a.Status = StatusAchieved
			a.say(say("reason.years_met", goalText(t)))
		}
		return a
	}
	switch {
	case awaitingFinal(t, s, today):
		return awaiting(a, t, say("reason.latest_year", year, valueText(s.LatestYearTotal, t.Unit)), say("reason.must_year", t.Deadline.Year(), goalText(t)))
	case met && share >= 1 && pastDeadline(t, today):
		a.Status = StatusAchieved
	case met:
		a.Status = StatusOnTrack
	case pastDeadline(t, today):
		a.Status = StatusMissed
	default:
		a.Status = StatusOffTrack
	}
	verdict := say("reason.reached")
	if !met {
		verdict = say("reason.not_reached")
	}
	if share < 1 {
		a.say(say("reason.year_so_far", year, text{end.Format("1月2日"), end.Format("2 January")}, valueText(s.LatestYearTotal, t.Unit),
			verdict, valueText(math.Round(due*10)/10, t.Unit), goalText(t)))
	} else {
		a.say(say("reason.year_total", year, valueText(s.LatestYearTotal, t.Unit), verdict, goalText(t)))
	}
	return a
}

// bySide is the status of a target that holds or fails at each figure
// (maintain, rate, relative, rank, trend): met is on track and, with the
// figure for the deadline's year, achieved; not met is off track and then missed.
func bySide(met, past bool) Status {
	switch {
	case met && past:
		return StatusAchieved
	case met:
		return StatusOnTrack
	case past:
		return StatusMissed
	}
	return StatusOffTrack
}

func verdictText(met bool) text {
	if met {
		return say("reason.meets")
	}
	return say("reason.fails")
}

func assessThreshold(t *Target, s Summary, today time.Time) Assessment {
	goal, cmp := t.goal()
	latest := s.Latest
	a := Assessment{Current: ptr(latest.Value), AsOf: ptr(latest.Period.End)}
	met := cmp.Meets(latest.Value, goal, t.Approximate)
	if awaitingFinal(t, s, today) {
		return awaiting(a, t, latestText(t, latest), say("reason.must_year", t.Deadline.Year(), goalText(t)))
	}
	a.Status = bySide(met, pastDeadline(t, today))
	a.say(say("reason.threshold", latest.Period.Label, valueText(latest.Value, t.Unit), verdictText(met), goalText(t)))
	return a
}

func assessRelative(t *Target, s Summary, today time.Time) Assessment {
	latest := s.Latest
	a := Assessment{Current: ptr(latest.Value), AsOf: ptr(latest.Period.End)}
	if awaitingFinal(t, s, today) {
		return awaiting(a, t, latestText(t, latest), say("reason.must_relative", t.Deadline.Year(), t.Comparator.Symbol()))
	}
	if latest.ReferenceValue == nil {
		a.Status = StatusPending
		a.say(say("reason.no_reference"))
		return a
	}
	ref := *latest.ReferenceValue
	met := t.Comparator.Meets(latest.Value, ref, false)
	a.Status = bySide(met, pastDeadline(t, today))
	a.say(say("reason.relative", latest.Period.Label, fmtNum(latest.Value), fmtNum(ref), verdictText(met), t.Comparator.Symbol()))
	return a
}

// assessRank judges a place among peers: each figure is a rank (1 is first)
// and how many were ranked; the target says how high counts (前3名: ≤ 3).
func assessRank(t *Target, s Summary, today time.Time) Assessment {
	goal, cmp := t.goal()
	latest := s.Latest
	a := Assessment{Current: ptr(latest.Value), AsOf: ptr(latest.Period.End)}
	if t.Value == nil {
		a.Status = StatusPending
		a.say(say("reason.no_value"))
		return a
	}
	top := say("reason.top", fmtNum(goal))
	if cmp == Below {
		top = say("reason.top", fmtNum(goal-1))
	}
	if awaitingFinal(t, s, today) {
		was := say("reason.latest_rank_alone", fmtNum(latest.Value), latest.Period.Label)
		if latest.ReferenceValue != nil {
			was = say("reason.latest_rank", fmtNum(latest.Value), fmtNum(*latest.ReferenceValue), latest.Period.Label)
		}
		return awaiting(a, t, was, say("reason.must_rank", t.Deadline.Year(), top))
	}
	if latest.ReferenceValue == nil {
		a.Status = StatusPending
		a.say(say("reason.no_peers"))
		return a
	}
	met := cmp.Meets(latest.Value, goal, false)
	a.Status = bySide(met, pastDeadline(t, today))
	a.say(say("reason.rank", latest.Period.Label, fmtNum(latest.Value), fmtNum(*latest.ReferenceValue), verdictText(met), top))
	return a
}

// assessGrowth judges growth over the plan period: the latest figure is the
// growth since the base period (the baseline's date, else the plan's start),
// against the target pro-rated by the time elapsed: 8% after one year of a
// three-year 20% is ahead of the 6.7% due.
func assessGrowth(t *Target, s Summary, today time.Time, r Rules) Assessment {
	goal, cmp := t.goal()
	latest := s.Latest
	a := Assessment{Current: ptr(latest.Value), AsOf: ptr(latest.Period.End)}
	if t.Value == nil || goal == 0 {
		a.Status = StatusPending
		a.say(say("reason.no_value"))
		return a
	}
	grown := valueText(latest.Value, t.Unit)
	if awaitingFinal(t, s, today) {
		return awaiting(a, t, say("reason.latest_growth", grown, latest.Period.Label), say("reason.must_growth", goalText(t)))
	}
	if cmp.Meets(latest.Value, goal, t.Approximate) {
		a.Status, a.Progress = StatusAchieved, ptr(1.0)
		a.say(say("reason.growth_met", grown, goalText(t)))
		return a
	}
	if pastDeadline(t, today) {
		a.Status = StatusMissed
		a.say(say("reason.growth_missed", dateText(t.Deadline), grown, goalText(t)))
		return a
	}
	p := clamp(latest.Value/goal, 0, 1)
	tau := timeShare(t.start(t.PlanStart), t.Deadline, latest.Period.End)
	a.Progress, a.Expected = ptr(p), ptr(tau)
	var why text
	a.Status, why = r.byLag(p, tau, say("reason.done"))
	a.say(join("reason.semicolon", say("reason.growth_due", grown, valueText(math.Round(goal*tau*10)/10, t.Unit), goalText(t)), why))
	return a
}

func assessTrend(t *Target, s Summary, today time.Time) Assessment {
	latest := s.Latest
	a := Assessment{Current: ptr(latest.Value), AsOf: ptr(latest.Period.End)}
	lower := say("reason.lower")
	word := say("reason.falling")
	if !t.Comparator.Falling() {
		lower, word = say("reason.higher"), say("reason.rising")
	}
	if awaitingFinal(t, s, today) {
		return awaiting(a, t, latestText(t, latest), say("reason.must_trend", t.Deadline.Year(), lower, latest.Period.Label, valueText(latest.Value, t.Unit)))
	}
	if s.Previous == nil {
		a.Status = StatusPending
		a.say(say("reason.one_figure"))
		return a
	}
	prev := s.Previous
	met := t.Comparator.Meets(latest.Value, prev.Value, false)
	a.Status = bySide(met, pastDeadline(t, today))
	a.say(say("reason.trend", latest.Period.Label, fmtNum(latest.Value), prev.Period.Label, fmtNum(prev.Value), verdictText(met), word))
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
		a.Status = StatusPending
		a.say(say("reason.no_districts"))
		return a
	}
	p := float64(meeting) / float64(n)
	a.Progress = ptr(p)
	a.Current = ptr(float64(meeting))
	what := say("reason.districts", n, meeting)
	switch {
	case awaitingFinal(t, s, today):
		a.Progress = nil
		label := ""
		if s.Latest != nil {
			label = s.Latest.Period.Label
		}
		return awaiting(a, t, say("reason.latest_districts", what, label), say("reason.must_districts", t.Deadline.Year(), goalText(t)))
	case meeting == n:
		a.Status = StatusAchieved
		a.say(what)
	case pastDeadline(t, today):
		a.Status = StatusMissed
		a.say(say("reason.deadline_passed", dateText(t.Deadline)).then(what))
	default:
		at := today
		if a.AsOf != nil {
			at = *a.AsOf
		}
		tau := timeShare(t.start(t.PlanStart), t.Deadline, at)
		a.Expected = ptr(tau)
		var why text
		a.Status, why = r.byLag(p, tau, say("reason.district_share"))
		a.say(join("reason.semicolon", what, why))
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
		a.Status = StatusPending
		a.say(say("reason.stage_invalid"))
		return a
	}
	a.Progress = ptr(float64(stage) / StageDone)
	reported := say("reason.stage", latest.Period.Label, stageText(stage))
	required := say("reason.stage_required", stageText(StageDone), dateText(t.Deadline))
	tau := timeShare(t.PlanStart, t.Deadline, latest.Period.End)
	switch {
	case stage == StageDone:
		a.Status = StatusAchieved
		a.say(reported)
		return a
	case awaitingFinal(t, s, today):
		a.Progress = nil
		return awaiting(a, t, say("reason.latest_stage", stageText(stage), latest.Period.Label), say("reason.must_stage", stageText(StageDone)))
	case pastDeadline(t, today):
		a.Status = StatusMissed
	case stage == StageMostlyDone || stage == StageUnderway:
		a.Status = StatusOnTrack
	case tau > 0.5:
		a.Status = StatusOffTrack
		required = required.then(say("reason.stage_late", stageText(StageNotStarted)))
	default:
		a.Status = StatusAtRisk
		required = required.then(say("reason.stage_early", stageText(StageNotStarted)))
	}
	a.say(join("reason.semicolon", reported, required))
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
