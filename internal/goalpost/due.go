package goalpost

import "time"

// PeriodDue is the period whose figure an official should enter next on t,
// as of today, given its figures (every revision): the last period that fell
// due if it has no figure or only a returned one — the period My work lists
// as overdue — and otherwise the next period to fall due. ok is false when
// the schedule is unknown or no period remains in the reporting window.
func PeriodDue(t *Target, figures []Figure, today time.Time) (p Period, due time.Time, ok bool) {
	s := t.Schedule
	if !s.Cadence.Valid() {
		return Period{}, time.Time{}, false
	}
	latest := map[string]Figure{}
	for _, f := range figures {
		if g, seen := latest[f.Period.Label]; !seen || f.Revision > g.Revision {
			latest[f.Period.Label] = f
		}
	}
	reported := func(p Period) bool {
		f, ok := latest[p.Label]
		return ok && f.State != FigureReturned
	}
	last, lastOK, next, nextOK := s.Deadlines(t, today)
	switch {
	case lastOK && !reported(last):
		return last, s.Due(last), true
	case nextOK:
		return next, s.Due(next), true
	}
	return Period{}, time.Time{}, false
}
