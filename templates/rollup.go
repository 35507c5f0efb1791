package templates

import "github.com/goalpost-civic/goalpost/internal/goalpost"

// Rollup counts targets by status: never an average of values across
// targets, always with how many have figures at all.
type Rollup struct {
	Label    string
	Total    int
	Reported int
	Counts   map[goalpost.Status]int
}

// Tally counts targets into a roll-up; retired targets count in none.
func Tally(label string, targets []*goalpost.Tracked) Rollup {
	r := Rollup{Label: label, Counts: map[goalpost.Status]int{}}
	for _, t := range targets {
		if t.Retired != nil {
			continue
		}
		r.Total++
		r.Counts[t.Assessment.Status]++
		if t.Assessment.Status != goalpost.StatusNoData {
			r.Reported++
		}
	}
	return r
}

// SectionRollups is one roll-up per section, in document order.
func SectionRollups(groups []SectionGroup) []Rollup {
	var out []Rollup
	for _, g := range groups {
		out = append(out, Tally(g.Key+" "+g.Title, AllTargets([]SectionGroup{g})))
	}
	return out
}

// AllTargets flattens grouped targets.
func AllTargets(groups []SectionGroup) []*goalpost.Tracked {
	var ts []*goalpost.Tracked
	for _, g := range groups {
		for _, k := range g.Tasks {
			ts = append(ts, k.Targets...)
		}
	}
	return ts
}
