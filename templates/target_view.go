package templates

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/a-h/templ"
	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/i18n"
	"github.com/goalpost-civic/goalpost/internal/postgres"
)

// TargetView is everything the target page shows.
type TargetView struct {
	Target  *goalpost.Tracked
	Figures []goalpost.Figure
	History []postgres.HistoryEntry
	Chart   *Chart
	// Attachments are the evidence of each figure, by figure id.
	Attachments map[int64][]goalpost.Attachment
	// CanEnter shows the form to the target's departments' editors;
	// CanReview links reviewers to their queue.
	CanEnter, CanReview bool
	Form                FigureForm
	// OverrideSaved and OverrideError are the outcome of the override form
	// just sent, shown beside the status.
	OverrideSaved, OverrideError string
	// current[i] is IsCurrent(i), computed once by WithCurrent.
	current []bool
}

// WithCurrent is v with every figure's IsCurrent worked out at once: a
// target with 500 figures asked figure by figure compared each with all
// before it (a third of its page's time).
func (v TargetView) WithCurrent() TargetView {
	type slot struct{ period, district string }
	seen := make(map[slot]bool, len(v.Figures))
	v.current = make([]bool, len(v.Figures))
	for i, f := range v.Figures {
		if !f.Published() {
			continue
		}
		k := slot{f.Period.Label, f.District}
		v.current[i] = !seen[k]
		seen[k] = true
	}
	return v
}

// FigureForm keeps what an official typed, so an error never loses it.
type FigureForm struct {
	// DraftSavedAt is set when the form shows a saved draft.
	DraftSavedAt                                                       time.Time
	Value, Period, District, Reference, Note, SourceURL, Reason, Stage string
	Errors                                                             []FormError
	Saved                                                              string
	// PeriodDue says which period is due and by when, when the form was
	// filled in with it.
	PeriodDue string
}

// FormError is one problem of a form: the field it is about (its name, ""
// for the form as a whole) and what is wrong.
type FormError struct{ Field, Message string }

// FieldErrors are the messages about field.
func (f FigureForm) FieldErrors(field string) []string {
	var out []string
	for _, e := range f.Errors {
		if e.Field == field {
			out = append(out, e.Message)
		}
	}
	return out
}

// Invalid reports whether field has a problem (its aria-invalid).
func (f FigureForm) Invalid(field string) bool { return len(f.FieldErrors(field)) > 0 }

// DescribedBy is the aria-describedby of field: its error, then its help
// (help is the id of its help text, or "").
func (f FigureForm) DescribedBy(field, help string) string {
	ids := []string{}
	if f.Invalid(field) {
		ids = append(ids, FieldID(field)+"-error")
	}
	if help != "" {
		ids = append(ids, help)
	}
	return strings.Join(ids, " ")
}

// FieldAttrs are the attributes of field's input that tie it to its label,
// its error and its help.
func (f FigureForm) FieldAttrs(field, help string) templ.Attributes {
	a := templ.Attributes{"id": FieldID(field)}
	if f.Invalid(field) {
		a["aria-invalid"] = "true"
	}
	if d := f.DescribedBy(field, help); d != "" {
		a["aria-describedby"] = d
	}
	return a
}

// FieldID is the id of the figure form's input for field.
func FieldID(field string) string { return "fig-" + strings.ReplaceAll(field, "_", "-") }

// SizeText is a file size as a person reads it.
func SizeText(n int) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d B", n)
}

// Fields is the form as a draft keeps it.
func (f FigureForm) Fields() map[string]string {
	return map[string]string{"value": f.Value, "period": f.Period, "district": f.District, "reference": f.Reference,
		"note": f.Note, "source_url": f.SourceURL, "reason": f.Reason, "stage": f.Stage}
}

// FormFromFields is the form of a saved draft.
func FormFromFields(m map[string]string) FigureForm {
	return FigureForm{Value: m["value"], Period: m["period"], District: m["district"], Reference: m["reference"],
		Note: m["note"], SourceURL: m["source_url"], Reason: m["reason"], Stage: m["stage"]}
}

// IsCurrent reports whether Figures[i] is the revision in force for its
// period: the newest published one (figures come newest revision first).
func (v TargetView) IsCurrent(i int) bool {
	if len(v.current) == len(v.Figures) && v.current != nil {
		return v.current[i]
	}
	f := v.Figures[i]
	if !f.Published() {
		return false
	}
	for _, g := range v.Figures[:i] {
		if g.Period.Label == f.Period.Label && g.District == f.District && g.Published() {
			return false
		}
	}
	return true
}

// FigureValue is a figure as the page shows it.
func (p Page) FigureValue(t *goalpost.Target, f goalpost.Figure) string {
	if t.Kind == goalpost.KindMilestone {
		return p.T(fmt.Sprintf("stage.%d", int(f.Value)))
	}
	return p.WithUnit(f.Value, t.Unit)
}

// historyValue is a definition's field as the history shows it: a date
// without its midnight, a kind or a yes/no in words, nothing as "—".
func (p Page) historyValue(field string, v any) string {
	switch x := v.(type) {
	case nil:
		return "—"
	case bool:
		if x {
			return p.T("history.yes")
		}
		return p.T("history.no")
	case string:
		switch {
		case x == "":
			return "—"
		case field == "kind" && i18n.Has("kind."+x):
			return p.T("kind." + x)
		}
		if d, err := time.Parse(time.RFC3339, x); err == nil && d.Equal(d.Truncate(24*time.Hour)) {
			return d.Format("2006-01-02")
		}
		return x
	}
	return fmt.Sprint(v)
}

// historyField names a definition's field in words; a field the catalogue
// does not know keeps its plan file name.
func (p Page) historyField(field string) string {
	if i18n.Has("history.field." + field) {
		return p.T("history.field." + field)
	}
	return field
}

// HistoryActor is who made a history entry: a person's name, or the
// program importing a plan file (the bundled ones at start-up, or
// `goalpost import` on the command line), in words.
func (p Page) HistoryActor(h postgres.HistoryEntry) []Part {
	for _, prefix := range []struct{ stored, key string }{
		{"bundled plan file ", "history.by_bundled"},
		{"goalpost import ", "history.by_cli"},
	} {
		if name, ok := strings.CutPrefix(h.Actor, prefix.stored); ok {
			return p.Parts(prefix.key, name)
		}
	}
	return []Part{{Text: h.Actor, Zh: HasChinese(h.Actor)}}
}

// HistoryText is one line of the trail in words, as plain text.
func (p Page) HistoryText(h postgres.HistoryEntry) string {
	var b strings.Builder
	for _, part := range p.HistoryParts(h) {
		b.WriteString(part.Text)
	}
	return b.String()
}

// HistoryLine is a history entry after its time: " who: what", in one run
// of text so that nothing comes between the actor and the colon.
func (p Page) HistoryLine(h postgres.HistoryEntry) []Part {
	line := []Part{{Text: " "}}
	line = append(line, p.HistoryActor(h)...)
	line = append(line, Part{Text: p.T("punct.colon")})
	return append(line, p.HistoryParts(h)...)
}

// HistoryParts is one line of the trail in words, what was quoted (a
// reason, a definition's wording) marked as such.
func (p Page) HistoryParts(h postgres.HistoryEntry) []Part {
	switch {
	case h.Entity == "figure" && h.Action == "correct":
		return p.Parts("history.correct", h.After["period"], h.Before["value"], h.After["value"], h.After["reason"])
	case h.Entity == "figure":
		return p.Parts("history.enter", h.After["period"], h.After["value"])
	case h.Entity == "figure_review" && h.Action == "approved":
		return p.Parts("history.approved", h.After["period"], h.After["revision"])
	case h.Entity == "figure_review":
		return p.Parts("history.returned", h.After["period"], h.After["revision"], h.After["reason"])
	case h.Entity == "target" && h.Action == "create":
		return p.Parts("history.imported")
	case h.Entity == "target" && h.Action == "add":
		return p.Parts("history.added")
	case h.Entity == "target" && h.Action == "retire":
		return p.Parts("history.retired", h.After["retired"])
	case h.Entity == "target" && (h.Action == "update" || h.Action == "edit"):
		type change struct{ field, before, after string }
		var changed []change
		for k, after := range h.After {
			if fmt.Sprint(h.Before[k]) != fmt.Sprint(after) {
				changed = append(changed, change{k, p.historyValue(k, h.Before[k]), p.historyValue(k, after)})
			}
		}
		for k, before := range h.Before {
			if _, ok := h.After[k]; !ok {
				changed = append(changed, change{k, p.historyValue(k, before), "—"})
			}
		}
		sort.Slice(changed, func(i, j int) bool { return historyOrder(changed[i].field) < historyOrder(changed[j].field) })
		out := p.Parts("history.edited")
		if h.Action == "update" {
			out = p.Parts("history.updated")
		}
		for i, c := range changed {
			if i > 0 {
				out = append(out, Part{Text: p.T("history.change_sep")})
			}
			out = append(out, p.Parts("history.change", p.historyField(c.field), c.before, c.after)...)
		}
		return out
	}
	return []Part{{Text: h.Action + " " + h.Entity}}
}

// historyFields are a definition's fields in the order the history names
// them, the order of the plan editor's form.
var historyFields = []string{"section", "task", "related_task", "title", "title_en", "kind", "comparator",
	"target_value", "unit", "deadline", "approximate", "aspirational", "baseline_value", "baseline_date",
	"baseline_text", "source_text", "notes", "retired"}

func historyOrder(field string) string {
	for i, f := range historyFields {
		if f == field {
			return fmt.Sprintf("%02d", i)
		}
	}
	return "99" + field
}
