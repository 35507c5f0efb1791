package templates

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/i18n"
)

// Chart is the geometry of a target's SVG chart, computed in Go so the page
// needs no JavaScript. The x-axis runs from the start of the target (its
// baseline, else the plan's start) to its deadline, where the target is
// drawn; the y-axis has round ticks, carries the unit and starts at zero for
// counts and totals. Cumulative targets are drawn as the running total.
type Chart struct {
	Width, Height float64
	// The plot area inside the axes.
	Left, Right, Top, Bottom float64
	Points                   []ChartPoint
	Line                     string // SVG points of the figures
	// Unit is the unit of the y-axis, "" when the target has none.
	Unit string
	// Cumulative says the line is the running total, not period amounts;
	// Annual says each point is a calendar year's total.
	Cumulative, Annual bool
	// Rank says each point is a place among peers: lower is better, so the
	// y-axis runs from 1st at the top down to the number ranked.
	Rank bool
	// FromZero says the y-axis starts at zero.
	FromZero bool
	YTicks   []ChartTick
	XTicks   []ChartTick
	// The target: HasTarget with its value at TargetY. A target to reach by
	// the deadline is a marker at (DeadlineX, TargetY); one to hold every
	// period (maintain, rate, annual) is a line across (TargetAcross).
	HasTarget    bool
	TargetAcross bool
	TargetY      float64
	TargetValue  Bilingual // the number with its unit, e.g. 90%
	TargetSymbol string    // ≥, ≤ …
	Approximate  bool      // 左右: the page writes 约 instead of the symbol
	// Expected is the path of 序时进度, from the start to the target at the
	// deadline ("" when the target has none).
	Expected string
	// The deadline marker.
	Deadline  time.Time
	DeadlineX float64
	// Projection, when set, is the trend from the last figure to the deadline.
	Projection      string
	ProjectionY     float64
	ProjectionValue Bilingual
	// precision is the number of decimals the document and its figures use.
	precision int
	y         func(float64) float64
	lastX     float64
	lastY     float64
}

// ChartPoint is one figure on the chart. ValueY is where its value label
// stands; ShowValue is false when there are too many points to label each.
type ChartPoint struct {
	X, Y      float64
	Label     string
	Value     Bilingual
	ValueText string // the number alone, as labelled on the chart
	ValueY    float64
	ShowValue bool
}

// ChartTick is a labelled position on an axis (Pos is y for the y-axis,
// x for the x-axis).
type ChartTick struct {
	Pos   float64
	Label string
}

const (
	chartW, chartH = 640.0, 300.0
	padLeft        = 64.0
	padRight       = 56.0
	padTop         = 40.0
	padBottom      = 40.0
	// maxValueLabels is how many points are labelled with their value; with
	// more, only the first and the last are (the table has every one).
	maxValueLabels = 12
)

type chartPt struct {
	end   time.Time
	label string
	v     float64
	ref   *float64 // how many were ranked, for ranks
}

// NewChart lays out the current (latest-revision, published) figures of a
// target that are not per district. It returns nil when there is nothing to
// draw (milestones, per-district targets, no figures).
func NewChart(t *goalpost.Target, figures []goalpost.Figure) *Chart {
	if t.Kind == goalpost.KindMilestone || t.Kind == goalpost.KindPerDistrict {
		return nil
	}
	var pts []chartPt
	seen := map[string]bool{}
	for _, f := range figures { // figures come current revision first
		if f.District != "" || !f.Published() || seen[f.Period.Label] {
			continue
		}
		seen[f.Period.Label] = true
		pts = append(pts, chartPt{f.Period.End, f.Period.Label, f.Value, f.ReferenceValue})
	}
	if len(pts) == 0 {
		return nil
	}
	sort.Slice(pts, func(i, j int) bool { return pts[i].end.Before(pts[j].end) })
	c := &Chart{Width: chartW, Height: chartH, Left: padLeft, Right: chartW - padRight, Top: padTop, Bottom: chartH - padBottom,
		Unit: t.Unit, Deadline: t.Deadline, precision: Precision(t, figures)}

	// The start of the x-axis: the baseline, else the plan's start, else
	// the first figure's period.
	start := t.PlanStart
	if t.Baseline != nil {
		start = t.Baseline.Date
	}
	if start.IsZero() || pts[0].end.Before(start) {
		start = firstStart(figures, pts[0])
	}
	end := t.Deadline
	if end.IsZero() || pts[len(pts)-1].end.After(end) {
		end = pts[len(pts)-1].end
	}
	if !end.After(start) {
		end = start.AddDate(1, 0, 0)
	}

	goal, hasGoal := 0.0, false
	if t.Value != nil {
		goal, hasGoal = *t.Value, true
	}
	if t.Kind == goalpost.KindZero {
		goal, hasGoal = 0, true
	}
	switch t.Kind {
	case goalpost.KindCumulative:
		// The running total against the target, from zero at the start.
		c.Cumulative = true
		total := 0.0
		for i := range pts {
			total += pts[i].v
			pts[i].v = total
		}
		pts = append([]chartPt{{end: start, v: 0}}, pts...)
	case goalpost.KindAnnual:
		c.Annual = true
		pts = yearTotals(pts)
	}
	// Relative and trend targets have no value of their own to draw.
	hasGoal = hasGoal && t.Kind != goalpost.KindRelative && t.Kind != goalpost.KindTrend
	c.HasTarget = hasGoal
	// A rank is held at every figure, like a maintained level: the target
	// is a line across at the lowest place that counts (前3名: ≤ 3 or < 4).
	c.Rank = t.Kind == goalpost.KindRank
	c.TargetAcross = t.Kind == goalpost.KindMaintain || t.Kind == goalpost.KindRate || t.Kind == goalpost.KindAnnual || c.Rank
	if c.Rank && t.Comparator == goalpost.Below {
		goal--
	}
	if hasGoal {
		c.TargetValue = BothWithUnit(goal, t.Unit)
		c.TargetSymbol = t.Comparator.Symbol()
		c.Approximate = t.Approximate
		if c.Rank {
			n := Num(goal)
			c.TargetValue = Bilingual{Zh: i18n.Chinese.T("chart.rank_goal", n), En: i18n.English.T("chart.rank_goal", n)}
		}
	}

	// The expected path (序时进度): where the figures should stand at each
	// date to reach the target on time, from the same base the status uses.
	var expFrom *chartPt
	if hasGoal && !c.TargetAcross {
		switch {
		case c.Cumulative:
			expFrom = &chartPt{end: start, v: 0}
		case t.Baseline != nil:
			expFrom = &chartPt{end: t.Baseline.Date, v: t.Baseline.Value}
		case len(pts) >= 2:
			expFrom = &pts[0]
		}
	}

	// The y range: every value drawn, the target, the base.
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, p := range pts {
		lo, hi = math.Min(lo, p.v), math.Max(hi, p.v)
	}
	if hasGoal {
		lo, hi = math.Min(lo, goal), math.Max(hi, goal)
	}
	if expFrom != nil {
		lo, hi = math.Min(lo, expFrom.v), math.Max(hi, expFrom.v)
	}
	plotH := c.Bottom - c.Top
	if c.Rank {
		c.rankAxis(pts, hi)
	} else {
		c.FromZero = countLike(t) || (lo > 0 && lo < hi/2)
		if c.FromZero && lo > 0 {
			lo = 0
		}
		if c.FromZero && hi < 0 {
			hi = 0
		}
		lo, hi, step := niceRange(lo, hi)
		c.y = func(v float64) float64 { return round1(c.Top + (hi-v)/(hi-lo)*plotH) }
		for v := lo; v <= hi+step/2; v += step {
			c.YTicks = append(c.YTicks, ChartTick{Pos: c.y(v), Label: tickLabel(v, step)})
		}
	}
	x := func(d time.Time) float64 {
		return round1(c.Left + float64(d.Sub(start))/float64(end.Sub(start))*(c.Right-c.Left))
	}
	// Year ticks at the end of each year, labelled with the year, so a
	// yearly figure stands on its own year's tick.
	for yr := start.Year(); yr <= end.Year(); yr++ {
		d := time.Date(yr, 12, 31, 0, 0, 0, 0, time.UTC)
		if d.Before(start) || d.After(end) {
			continue
		}
		c.XTicks = append(c.XTicks, ChartTick{Pos: x(d), Label: strconv.Itoa(yr)})
	}

	var line []string
	labelled := len(pts)
	if c.Cumulative {
		labelled-- // the zero at the start is not a figure
	}
	for i, p := range pts {
		cp := ChartPoint{X: x(p.end), Y: c.y(p.v), Label: p.label, Value: BothWithUnit(c.round(p.v), t.Unit), ValueText: Num(c.round(p.v))}
		if c.Rank && p.ref != nil {
			cp.Value = Bilingual{Zh: i18n.Chinese.T("target.rank_of", Num(p.v), Num(*p.ref)), En: i18n.English.T("target.rank_of", Num(p.v), Num(*p.ref))}
		}
		cp.ValueY = cp.Y - 9
		if cp.ValueY < c.Top+10 {
			cp.ValueY = cp.Y + 20
		}
		cp.ShowValue = labelled <= maxValueLabels || i == len(pts)-1 || (i == 0 && !c.Cumulative) || (i == 1 && c.Cumulative)
		line = append(line, fmt.Sprintf("%s,%s", F(cp.X), F(cp.Y)))
		if c.Cumulative && i == 0 {
			continue // the start of the running total, not a figure
		}
		c.Points = append(c.Points, cp)
	}
	c.Line = strings.Join(line, " ")
	c.lastX, c.lastY = x(pts[len(pts)-1].end), c.y(pts[len(pts)-1].v)
	c.DeadlineX = x(t.Deadline)
	if t.Deadline.IsZero() {
		c.DeadlineX = c.Right
	}
	if hasGoal {
		c.TargetY = c.y(goal)
	}
	if expFrom != nil && !t.Deadline.IsZero() && t.Deadline.After(expFrom.end) {
		c.Expected = fmt.Sprintf("%s,%s %s,%s", F(x(expFrom.end)), F(c.y(expFrom.v)), F(c.DeadlineX), F(c.TargetY))
	}
	return c
}

// Project draws the trend from the last figure to the deadline, when the
// last figure is before it and the projection lies on the chart's scale.
// The value is rounded to the document's precision.
func (c *Chart) Project(v *float64, unit string) {
	if c == nil || v == nil || c.DeadlineX <= c.lastX+1 {
		return
	}
	y := c.y(*v)
	if y < c.Top-1 || y > c.Bottom+1 {
		return // off the scale: the sentence above the chart still gives it
	}
	c.ProjectionY = y
	c.ProjectionValue = BothWithUnit(c.round(*v), unit)
	c.Projection = fmt.Sprintf("%s,%s %s,%s", F(c.lastX), F(c.lastY), F(c.DeadlineX), F(y))
}

// rankAxis lays out the y-axis of a rank: 1st at the top, down to the
// number ranked (or the lowest place drawn), half a place of room at each
// end, with ticks on whole places: 1, then round steps, then the last.
func (c *Chart) rankAxis(pts []chartPt, hi float64) {
	c.FromZero = true // a rank starts at 1, its natural origin: no warning
	for _, p := range pts {
		if p.ref != nil {
			hi = math.Max(hi, *p.ref)
		}
	}
	hi = math.Max(math.Ceil(hi), 2)
	plotH := c.Bottom - c.Top
	c.y = func(v float64) float64 { return round1(c.Top + (v-0.5)/hi*plotH) }
	step := math.Max(1, math.Floor(niceStep((hi-1)/4))) // whole places: 2.5 becomes 2
	c.YTicks = append(c.YTicks, ChartTick{Pos: c.y(1), Label: "1"})
	for v := step; v < hi; v += step {
		if v-1 >= step/2 && hi-v >= step/2 {
			c.YTicks = append(c.YTicks, ChartTick{Pos: c.y(v), Label: Num(v)})
		}
	}
	c.YTicks = append(c.YTicks, ChartTick{Pos: c.y(hi), Label: Num(hi)})
}

// round rounds v to the chart's precision.
func (c *Chart) round(v float64) float64 { return RoundTo(v, c.precision) }

// firstStart is the start of the period of the earliest figure.
func firstStart(figures []goalpost.Figure, first chartPt) time.Time {
	for _, f := range figures {
		if f.Period.Label == first.label && !f.Period.Start.IsZero() {
			return f.Period.Start
		}
	}
	return first.end.AddDate(-1, 0, 0)
}

// yearTotals sums the figures of each calendar year, labelled by the year
// (or by the last period, while the year is still being reported).
func yearTotals(pts []chartPt) []chartPt {
	var out []chartPt
	for _, p := range pts {
		if n := len(out); n > 0 && out[n-1].end.Year() == p.end.Year() {
			out[n-1].v += p.v
			out[n-1].end = p.end
			out[n-1].label = strconv.Itoa(p.end.Year())
			if p.end.Month() != 12 || p.end.Day() != 31 {
				out[n-1].label = p.label
			}
			continue
		}
		out = append(out, p)
	}
	return out
}

// countLike reports whether a target counts things or adds them up, so its
// axis must start at zero: cumulative and annual totals, and levels
// measured in a unit of things (个, 所, 万人) rather than a share, a rate
// per head or a measurement.
func countLike(t *goalpost.Target) bool {
	switch t.Kind {
	case goalpost.KindCumulative, goalpost.KindAnnual:
		return true
	case goalpost.KindRate, goalpost.KindRatio:
		return false
	}
	u := t.Unit
	if u == "" || strings.ContainsAny(u, "%/:·") || strings.Contains(u, "百分点") || strings.Contains(u, "岁") {
		return false
	}
	for _, measure := range []string{"米", "克", "元", "度", "吨"} {
		if strings.Contains(u, measure) {
			return false
		}
	}
	return true
}

// niceRange widens [lo, hi] to round ticks: about five steps of 1, 2, 2.5
// or 5 times a power of ten.
func niceRange(lo, hi float64) (float64, float64, float64) {
	if hi == lo {
		pad := math.Max(math.Abs(hi)*0.1, 1)
		if lo >= 0 && lo-pad < 0 {
			lo, hi = 0, hi+pad
		} else {
			lo, hi = lo-pad, hi+pad
		}
	}
	step := niceStep((hi - lo) / 4)
	nlo := math.Floor(lo/step+1e-9) * step
	nhi := math.Ceil(hi/step-1e-9) * step
	// Leave room above the highest value for its label, and below the
	// lowest for its marker unless the axis starts at zero.
	if (nhi-hi)/(nhi-nlo) < 0.06 {
		nhi += step
	}
	if nlo != 0 && (lo-nlo)/(nhi-nlo) < 0.06 && !(nlo > 0 && nlo-step < 0) {
		nlo -= step
	}
	return nlo, nhi, step
}

func niceStep(raw float64) float64 {
	if raw <= 0 {
		return 1
	}
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if raw <= m*mag*(1+1e-9) {
			return m * mag
		}
	}
	return 10 * mag
}

// tickLabel formats a tick with as many decimals as its step needs.
func tickLabel(v, step float64) string {
	d := 0
	for d < 6 && math.Abs(step*math.Pow(10, float64(d))-math.Round(step*math.Pow(10, float64(d)))) > 1e-6 {
		d++
	}
	return Num(RoundTo(v, d))
}

// Precision is how many decimals a target's numbers are written with: the
// most of its target value, baseline and figures, at most 4. Projections
// are rounded to it, so a figure written 31.1 is never projected as 31.1408.
func Precision(t *goalpost.Target, figures []goalpost.Figure) int {
	d := 0
	see := func(v float64) {
		s := strconv.FormatFloat(v, 'f', -1, 64)
		if _, frac, ok := strings.Cut(s, "."); ok {
			d = max(d, min(len(frac), 4))
		}
	}
	if t.Value != nil {
		see(*t.Value)
	}
	if t.Baseline != nil {
		see(t.Baseline.Value)
	}
	for _, f := range figures {
		see(f.Value)
	}
	return d
}

// RoundTo rounds v to d decimals.
func RoundTo(v float64, d int) float64 {
	p := math.Pow(10, float64(d))
	r := math.Round(v*p) / p
	if r == 0 {
		return 0 // never "-0"
	}
	return r
}

func round1(x float64) float64 { return math.Round(x*10) / 10 }

// F formats a coordinate for an SVG attribute.
func F(x float64) string { return fmt.Sprintf("%.1f", x) }

// ProjectionText is the sentence under a target's status giving where the
// trend leads at the deadline, rounded to the document's precision, and in
// the past tense once the deadline has passed. "" when there is none.
func (p Page) ProjectionText(t *goalpost.Tracked, figures []goalpost.Figure) string {
	v := t.Assessment.Projected
	if v == nil {
		return ""
	}
	value := p.WithUnit(RoundTo(*v, Precision(&t.Target, figures)), t.Unit)
	if p.PastDeadline(t.Deadline) {
		return p.T("target.projection_past", value, Date(t.Deadline))
	}
	return p.T("target.projection", value, Date(t.Deadline))
}

// PastDeadline reports whether the page is shown after the deadline day d
// (a date, compared on Goalpost's clock).
func (p Page) PastDeadline(d time.Time) bool {
	return !p.Now.IsZero() && Local(p.Now).Format("2006-01-02") > Date(d)
}

// chartGoal is the target as the chart labels it: "≥ 90%", or "约90%".
func chartGoal(p Page, c *Chart) string {
	if c.Rank {
		return p.Pick(c.TargetValue) // 前 3 名: the place says how it compares
	}
	if c.Approximate {
		return p.T("target.approx") + p.Pick(c.TargetValue)
	}
	return c.TargetSymbol + " " + p.Pick(c.TargetValue)
}

// diamond is the SVG path of the target's marker at (x, y).
func diamond(x, y float64) string {
	return fmt.Sprintf("M%s %sL%s %sL%s %sL%s %sZ", F(x), F(y-7), F(x+7), F(y), F(x), F(y+7), F(x-7), F(y))
}

// Bilingual is a value with its unit as each language writes it (38万人,
// 380,000 people): a chart is built once, shown in the page's language.
type Bilingual struct{ Zh, En string }

// BothWithUnit writes v with its unit in both languages.
func BothWithUnit(v float64, unit string) Bilingual {
	b := Bilingual{Zh: WithUnit(v, unit), En: WithUnit(v, unit)}
	if en, ok := EnglishValue(v, unit); ok {
		b.En = en
	}
	return b
}

// Pick is b in the page's language.
func (p Page) Pick(b Bilingual) string {
	if p.Lang == i18n.English {
		return b.En
	}
	return b.Zh
}

// TargetTitle names a target inside a sentence of the page's language: its
// English title in English, or "this target" when it has none (the Chinese
// title is shown, marked, beside the chart).
func (p Page) TargetTitle(t *goalpost.Target) string {
	if p.Lang != i18n.English {
		return t.Title
	}
	if t.TitleEN != "" {
		return t.TitleEN
	}
	return p.T("chart.this_target")
}
