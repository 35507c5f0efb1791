package templates

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
)

// Chart is the geometry of a target's SVG chart: the current figures as a
// line, and the target as a dashed horizontal line. It is computed in Go so
// the page needs no JavaScript.
type Chart struct {
	Width, Height float64
	Points        []ChartPoint
	Line          string // SVG points of the figures
	TargetY       float64
	HasTarget     bool
	TargetLabel   string
	YTicks        []ChartTick
}

// ChartPoint is one figure on the chart.
type ChartPoint struct {
	X, Y  float64
	Label string
	Value string
}

// ChartTick is a labelled y value.
type ChartTick struct {
	Y     float64
	Label string
}

const (
	chartW, chartH            = 640.0, 260.0
	padLeft, padRight, padTop = 64.0, 16.0, 16.0
	padBottom                 = 40.0
)

// NewChart lays out the current (latest-revision) figures of a target that
// are not per district. It returns nil when there is nothing to draw.
func NewChart(t *goalpost.Target, figures []goalpost.Figure) *Chart {
	type pt struct {
		end   int64
		label string
		v     float64
	}
	var pts []pt
	seen := map[string]bool{}
	for _, f := range figures { // figures come current revision first
		if f.District != "" || !f.Published() || seen[f.Period.Label] {
			continue
		}
		seen[f.Period.Label] = true
		pts = append(pts, pt{f.Period.End.Unix(), f.Period.Label, f.Value})
	}
	if len(pts) == 0 || t.Kind == goalpost.KindMilestone {
		return nil
	}
	sort.Slice(pts, func(i, j int) bool { return pts[i].end < pts[j].end })
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, p := range pts {
		lo, hi = math.Min(lo, p.v), math.Max(hi, p.v)
	}
	c := &Chart{Width: chartW, Height: chartH}
	// Cumulative targets are reported per period; their target is the total,
	// so drawing it against period amounts would mislead.
	if t.Value != nil && t.Kind != goalpost.KindCumulative {
		c.HasTarget = true
		lo, hi = math.Min(lo, *t.Value), math.Max(hi, *t.Value)
		c.TargetLabel = t.Comparator.Symbol() + " " + WithUnit(*t.Value, t.Unit)
	}
	if t.Kind == goalpost.KindZero {
		c.HasTarget, c.TargetLabel = true, "0"
		lo = math.Min(lo, 0)
	}
	if lo > 0 && lo < hi/2 {
		lo = 0
	}
	if hi == lo {
		hi, lo = hi+1, lo-1
	}
	span := hi - lo
	hi, lo = hi+span*0.08, lo-span*0.08
	y := func(v float64) float64 { return padTop + (hi-v)/(hi-lo)*(chartH-padTop-padBottom) }
	// Points stand at their reference dates, so uneven reporting looks uneven.
	plotW := chartW - padLeft - padRight - 24
	first, last := pts[0].end, pts[len(pts)-1].end
	var line []string
	for _, p := range pts {
		x := padLeft + 12 + plotW/2
		if last > first {
			x = padLeft + 12 + float64(p.end-first)/float64(last-first)*plotW
		}
		cp := ChartPoint{X: round1(x), Y: round1(y(p.v)), Label: p.label, Value: WithUnit(p.v, t.Unit)}
		c.Points = append(c.Points, cp)
		line = append(line, fmt.Sprintf("%.1f,%.1f", cp.X, cp.Y))
	}
	c.Line = strings.Join(line, " ")
	if c.HasTarget {
		tv := 0.0
		if t.Value != nil {
			tv = *t.Value
		}
		c.TargetY = round1(y(tv))
	}
	for i := 0; i <= 4; i++ {
		v := lo + (hi-lo)*float64(i)/4
		c.YTicks = append(c.YTicks, ChartTick{Y: round1(y(v)), Label: Num(math.Round(v*100) / 100)})
	}
	return c
}

func round1(x float64) float64 { return math.Round(x*10) / 10 }

// F formats a coordinate for an SVG attribute.
func F(x float64) string { return fmt.Sprintf("%.1f", x) }
