package templates

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/planfile"
)

// FieldErrors are the problems of a form by field name, shown next to the
// field.
type FieldErrors map[string][]string

// Add records a problem for field.
func (e FieldErrors) Add(field, msg string) { e[field] = append(e[field], msg) }

// PlanForm is the plan's own fields as typed.
type PlanForm struct {
	Slug, Title, ShortTitle, Issuer, IssuedOn, PeriodStart, PeriodEnd, Source string
	RequiresReview                                                            bool
	Errors                                                                    FieldErrors
	// Problems are the plan's own problems no field holds.
	Problems []string
}

// PlanFormOf fills the form from a plan file.
func PlanFormOf(f *planfile.File) PlanForm {
	pf := PlanForm{Slug: f.Slug, Title: f.Title, ShortTitle: f.ShortTitle, Issuer: f.Issuer, Source: f.Source,
		PeriodStart: dateText(f.PeriodStart), PeriodEnd: dateText(f.PeriodEnd), RequiresReview: f.ReviewRequired()}
	if f.IssuedOn != nil {
		pf.IssuedOn = dateText(*f.IssuedOn)
	}
	return pf
}

func dateText(d planfile.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.Format("2006-01-02")
}

// PlanEditView is the plan editor's page: the plan as a plan file, with
// the forms for its parts.
type PlanEditView struct {
	File        *planfile.File
	Meta        PlanForm
	Departments []goalpost.Department
	// Problem is what refused the last change, for changes without a form
	// of their own on this page (reordering, deleting).
	Flash string
}

// TaskNumbers lists every task of the plan, for choosing where a target belongs.
func (v PlanEditView) TaskNumbers() []planfile.Task {
	var out []planfile.Task
	for _, s := range v.File.Sections {
		out = append(out, s.Tasks...)
	}
	return out
}

// TargetForm is a target as typed in the editor.
type TargetForm struct {
	New                                       bool
	Key, Title, Kind, Comparator, Value, Unit string
	TitleEN                                   string
	Deadline                                  string
	Approximate, Aspirational                 bool
	Place                                     string // "s:KEY" (in the section) or "t:N" (in task N)
	RelatedTask                               string
	BaselineValue, BaselineDate, BaselineText string
	SourceText, Notes                         string
	Cadence, DueDay                           string
	Retired                                   string
	Errors                                    FieldErrors
	Problems                                  []string
}

// TargetFormOf fills the form from a target of the plan file at place.
func TargetFormOf(t planfile.Target, place string) TargetForm {
	sched := t.Schedule()
	tf := TargetForm{Key: t.Key, Title: t.Title, TitleEN: t.TitleEN, Kind: t.Kind, Comparator: t.Comparator, Unit: t.Unit,
		Deadline: dateText(t.Deadline), Approximate: t.Approximate, Aspirational: t.Aspirational, Place: place,
		SourceText: t.SourceText, Notes: t.Notes, Cadence: string(sched.Cadence), DueDay: strconv.Itoa(sched.DueDay)}
	if t.Value != nil {
		tf.Value = strconv.FormatFloat(*t.Value, 'f', -1, 64)
	}
	if t.RelatedTask != 0 {
		tf.RelatedTask = strconv.Itoa(t.RelatedTask)
	}
	if b := t.Baseline; b != nil {
		if b.Value != nil {
			tf.BaselineValue = strconv.FormatFloat(*b.Value, 'f', -1, 64)
		}
		tf.BaselineDate, tf.BaselineText = dateText(b.Date), b.Text
	}
	if t.Retired != nil {
		tf.Retired = t.Retired.Reason
	}
	return tf
}

// TargetEditView is the page of one target in the editor.
type TargetEditView struct {
	Plan *planfile.File
	Form TargetForm
	// ID is the target's number on the public pages, 0 for a new one.
	ID int64
}

// PlaceLabel names a place a target can belong to.
func PlaceLabel(p Page, s planfile.Section, k *planfile.Task) string {
	if k == nil {
		return fmt.Sprintf("%s %s", s.Key, s.Title)
	}
	return fmt.Sprintf("%s › %s", s.Key, p.T("plan.task", k.Number, k.Title))
}

// Joined writes a list of slugs as the editor shows them.
func Joined(xs []string) string { return strings.Join(xs, "、") }

// Has reports whether xs holds x.
func Has(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
