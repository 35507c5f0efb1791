package goalpost

import (
	"sort"
	"time"
)

// WorkKind is why a target is on an official's list.
type WorkKind string

// What an official has to do, most pressing first.
const (
	WorkReturned WorkKind = "returned" // 退回待改: a reviewer sent a figure back
	WorkOverdue  WorkKind = "overdue"  // 逾期: the last period due has no figure
	WorkDueSoon  WorkKind = "due_soon" // 即将到期: the next period falls due soon
)

// WorkItem is one thing to do.
type WorkItem struct {
	Kind   WorkKind
	Target *Tracked
	Period Period
	Due    time.Time
	// Reason is the reviewer's, for returned figures.
	Reason string
}

// DueSoonWindow is how far ahead "due soon" looks.
const DueSoonWindow = 7 * 24 * time.Hour

// Agenda lists what is to be done on targets, as of today, from the latest
// revision of each period's figure (latest[target][period]): figures
// returned for rework, periods overdue (no figure, or only a returned one,
// after the due day) and periods falling due within DueSoonWindow.
func Agenda(targets []*Tracked, latest map[int64]map[string]Figure, today time.Time) []WorkItem {
	var items []WorkItem
	for _, t := range targets {
		if t.Retired != nil {
			continue // takes no figures: nothing is due
		}
		have := latest[t.ID]
		for _, f := range have {
			if f.State == FigureReturned {
				reason := ""
				if f.Review != nil {
					reason = f.Review.Reason
				}
				items = append(items, WorkItem{Kind: WorkReturned, Target: t, Period: f.Period, Reason: reason})
			}
		}
		if t.Kind == KindPerDistrict || t.Kind == KindRelative {
			continue // reported in other shapes; not tracked by period here
		}
		s := t.Schedule
		if !s.Cadence.Valid() {
			continue
		}
		reported := func(p Period) bool {
			f, ok := have[p.Label]
			return ok && f.State != FigureReturned
		}
		last, lastOK, next, nextOK := s.Deadlines(&t.Target, today)
		if lastOK && !reported(last) {
			items = append(items, WorkItem{Kind: WorkOverdue, Target: t, Period: last, Due: s.Due(last)})
		}
		if nextOK && !reported(next) && s.Due(next).Sub(today) <= DueSoonWindow {
			items = append(items, WorkItem{Kind: WorkDueSoon, Target: t, Period: next, Due: s.Due(next)})
		}
	}
	order := map[WorkKind]int{WorkReturned: 0, WorkOverdue: 1, WorkDueSoon: 2}
	sort.SliceStable(items, func(i, j int) bool {
		if order[items[i].Kind] != order[items[j].Kind] {
			return order[items[i].Kind] < order[items[j].Kind]
		}
		return items[i].Due.Before(items[j].Due)
	})
	return items
}
