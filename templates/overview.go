package templates

import (
	"net/url"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
)

// Overview is every target of a list at a glance: a bar of their statuses
// and the count of each status, linked to the list filtered to it.
type Overview struct {
	Total    int
	Segments []OverviewSegment
}

// OverviewSegment is one status of an overview.
type OverviewSegment struct {
	Status goalpost.Status
	Count  int
	// URL is the list filtered to this status; Current says the list is
	// filtered to it now.
	URL     string
	Current bool
	// X and W place the segment on the bar, 0–BarWidth; Label says whether
	// it is wide enough for its shape and count.
	X, W  float64
	Label bool
}

// BarWidth is the width of the status bar in its own units.
const BarWidth = 700.0

// NewOverview counts a roll-up's targets by status, in the order of
// goalpost.Statuses, each linked to base with the status added to query
// (which keeps any other filter). Statuses no target has are left out.
func NewOverview(r Rollup, base string, query url.Values) Overview {
	o := Overview{Total: r.Total}
	for _, s := range goalpost.Statuses {
		n := r.Counts[s]
		if n == 0 {
			continue
		}
		q := url.Values{}
		for k, v := range query {
			if k != "status" && k != "lang" && len(v) > 0 && v[0] != "" {
				q[k] = v
			}
		}
		q.Set("status", string(s))
		o.Segments = append(o.Segments, OverviewSegment{Status: s, Count: n, URL: base + "?" + q.Encode(),
			Current: query.Get("status") == string(s)})
	}
	x := 0.0
	for i := range o.Segments {
		sg := &o.Segments[i]
		sg.X = x
		sg.W = BarWidth * float64(sg.Count) / float64(max(o.Total, 1))
		sg.Label = sg.W >= 44
		x += sg.W
	}
	return o
}

// StatusGlyph is the shape beside a status's word, so statuses differ
// without colour (the stylesheet draws the same shapes on the badges).
func StatusGlyph(s goalpost.Status) string {
	switch s {
	case goalpost.StatusAchieved:
		return "✓"
	case goalpost.StatusOnTrack:
		return "●"
	case goalpost.StatusAtRisk:
		return "▲"
	case goalpost.StatusOffTrack:
		return "▼"
	case goalpost.StatusMissed:
		return "✕"
	case goalpost.StatusPending:
		return "?"
	case goalpost.StatusNoData:
		return "○"
	case "awaiting_final":
		return "◔"
	}
	return "■"
}
