package extract

import "strings"

// attachBaselines gives each target the stated current value of the same
// indicator, matched by the longest run of characters their names share
// (at least three) and by unit. Counts of things to do (cumulative,
// annual) have no baseline.
func attachBaselines(ts []rawTarget, facts []baseFact) {
	for i := range ts {
		t := &ts[i]
		if t.base != nil {
			b := t.base
			t.c.Baseline = &Baseline{Value: b.value, Date: b.date, Text: b.text}
			continue
		}
		switch t.c.Kind {
		case "cumulative":
			// A running total (累计) starts from the total so far.
			if !strings.Contains(t.c.Title, "累计") {
				continue
			}
		case "annual", "per_district", "rate", "relative", "trend", "milestone":
			continue
		}
		best, bestLen := -1, 2
		for j, f := range facts {
			if t.c.Unit != "" && f.unit != t.c.Unit && !(t.c.Kind == "zero" && f.unit == "%") {
				continue
			}
			n := commonRun(t.c.Title, f.name)
			short := len([]rune(f.name))
			if lt := len([]rune(t.c.Title)); lt < short {
				short = lt
			}
			// 覆盖率 alone says nothing: the run must name the indicator.
			if n*2 < short || n < 4 && !(n == 3 && short == 3) {
				continue
			}
			// The measured word must agree (覆盖率 is not 占比).
			if fr := []rune(f.name); t.c.Kind != "zero" && len(fr) >= 2 && !strings.Contains(t.c.Title, string(fr[len(fr)-2:])) {
				continue
			}
			if n > bestLen {
				best, bestLen = j, n
			}
		}
		if best >= 0 {
			f := facts[best]
			t.c.Baseline = &Baseline{Value: f.value, Date: f.date, Text: f.text}
		}
	}
}

// commonRun is the length in characters of the longest common substring.
func commonRun(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	if len(ra) == 0 || len(rb) == 0 {
		return 0
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	best := 0
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			if ra[i-1] == rb[j-1] {
				cur[j] = prev[j-1] + 1
				if cur[j] > best {
					best = cur[j]
				}
			} else {
				cur[j] = 0
			}
		}
		prev, cur = cur, prev
	}
	return best
}
