package templates

import (
	"net/url"
	"strconv"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
)

// PlanFilter is the filter of a plan page, kept in the URL so a view can be shared.
type PlanFilter struct {
	Section, Department, Status string
}

// Active reports whether any filter is set.
func (f PlanFilter) Active() bool { return f.Section != "" || f.Department != "" || f.Status != "" }

// PlanView is everything the plan page shows.
type PlanView struct {
	Plan        goalpost.Plan
	Sections    []goalpost.Section
	Departments []goalpost.Department
	Filter      PlanFilter
	Groups      []SectionGroup
	Shown       int
	// Overview counts the targets by status before the status filter, so
	// each count links to the list filtered to it.
	Overview Overview
}

// SectionGroup is a section and its targets, grouped by task.
type SectionGroup struct {
	Key, Title string
	Tasks      []TaskGroup
}

// TaskGroup is the targets of one task; Number 0 holds the section's own targets.
type TaskGroup struct {
	Number      int
	Title       string
	Lead        []goalpost.Department
	Responsible []goalpost.Department
	Targets     []*goalpost.Tracked
}

// GroupTargets arranges targets (in document order) by section and task.
func GroupTargets(targets []*goalpost.Tracked) []SectionGroup {
	var groups []SectionGroup
	for _, t := range targets {
		if len(groups) == 0 || groups[len(groups)-1].Key != t.SectionKey {
			groups = append(groups, SectionGroup{Key: t.SectionKey, Title: t.SectionTitle})
		}
		g := &groups[len(groups)-1]
		if len(g.Tasks) == 0 || g.Tasks[len(g.Tasks)-1].Number != t.TaskNumber {
			tg := TaskGroup{Number: t.TaskNumber, Title: t.TaskTitle}
			if t.TaskNumber != 0 {
				tg.Lead, tg.Responsible = t.Lead, t.Responsible
			}
			g.Tasks = append(g.Tasks, tg)
		}
		tg := &g.Tasks[len(g.Tasks)-1]
		tg.Targets = append(tg.Targets, t)
	}
	return groups
}

// GroupByPlan splits targets (ordered by plan) into one slice per plan.
func GroupByPlan(targets []*goalpost.Tracked) [][]*goalpost.Tracked {
	var out [][]*goalpost.Tracked
	for _, t := range targets {
		if len(out) == 0 || out[len(out)-1][0].PlanID != t.PlanID {
			out = append(out, nil)
		}
		out[len(out)-1] = append(out[len(out)-1], t)
	}
	return out
}

// SectionAnchor is the fragment that leads to a section on its plan's page
// (the section's id is "s-" and its key, as the document numbers it).
func SectionAnchor(key string) string { return url.PathEscape("s-" + key) }

// Count is how many targets the section shows.
func (g SectionGroup) Count() int {
	n := 0
	for _, k := range g.Tasks {
		n += len(k.Targets)
	}
	return n
}

// TargetURL is the public page of a target.
func TargetURL(t *goalpost.Tracked) string { return "/targets/" + strconv.FormatInt(t.ID, 10) }
