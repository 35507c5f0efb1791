package goalpost

import (
	"errors"
	"math"
	"regexp"
	"strings"
	"time"
	"unicode"

	"github.com/goalpost-civic/goalpost/internal/i18n"
)

// One set of rules: a plan file, the browser editor, the extractor's draft,
// the figure form, the API and the ledger all check plans, targets and
// figures with the functions here, and differ only in how they say where
// (a line of a file, a field of a form, a row of a spreadsheet).

// Problem is one thing wrong with a definition: the field it concerns (as
// the plan file names it: "title", "kind", "deadline" …) and why, in words
// an administrator can act on.
type Problem struct {
	Field   string
	Message string   // in Chinese
	Msg     i18n.Msg // the same sentence, for any language
}

func (p Problem) String() string { return p.Message }

// In is the problem in l.
func (p Problem) In(l i18n.Lang) string {
	if p.Msg.Key == "" {
		return p.Message
	}
	return l.Text(p.Msg)
}

func problem(field, key string, args ...any) Problem {
	m := i18n.M(key, args...)
	return Problem{Field: field, Message: m.String(), Msg: m}
}

// Retirement records that a target was withdrawn: it keeps its figures and
// history, stays visible as retired, counts in no roll-up and takes no new
// figures.
type Retirement struct {
	At     time.Time
	Reason string
}

// MaxTextLength bounds every free text of a definition (title, source text,
// notes, reasons), so a pasted document cannot become a target's title.
const MaxTextLength = 2000

var slugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// ValidSlug reports whether s is a slug: lower-case letters, digits and
// single hyphens (plans, departments and target keys).
func ValidSlug(s string) bool { return slugPattern.MatchString(s) }

// ValidatePlan checks a plan's own fields: its slug, names and period.
func ValidatePlan(p Plan) []Problem {
	var out []Problem
	if !ValidSlug(p.Slug) {
		out = append(out, problem("slug", "err.slug", p.Slug))
	}
	for _, f := range []struct{ name, value string }{{"title", p.Title}, {"short_title", p.ShortTitle}, {"issuer", p.Issuer}} {
		if strings.TrimSpace(f.value) == "" {
			out = append(out, problem(f.name, "err.missing", f.name))
		}
	}
	if p.PeriodStart.IsZero() || p.PeriodEnd.IsZero() {
		out = append(out, problem("period", "err.period_missing"))
	} else if p.PeriodEnd.Before(p.PeriodStart) {
		out = append(out, problem("period", "err.period_order"))
	}
	return out
}

// ValidateTarget checks a target's definition within its plan: its key,
// wording, kind and value, comparator, deadline (not before the plan
// starts), related task, schedule, baseline and retirement. What needs the
// rest of the plan (duplicate keys, whether a related task exists) the
// caller checks against the whole plan.
func ValidateTarget(t Target, plan Plan) []Problem {
	var out []Problem
	add := func(field, key string, args ...any) { out = append(out, problem(field, key, args...)) }
	if !ValidSlug(t.Key) {
		add("key", "err.key", t.Key)
	}
	if strings.TrimSpace(t.Title) == "" {
		add("title", "err.missing", "title")
	}
	if strings.TrimSpace(t.SourceText) == "" {
		add("source_text", "err.source_text_missing")
	}
	for _, f := range []struct{ name, value string }{{"title", t.Title}, {"title_en", t.TitleEN}, {"source_text", t.SourceText}, {"notes", t.Notes}} {
		if len([]rune(f.value)) > MaxTextLength {
			add(f.name, "err.too_long", f.name, MaxTextLength)
		}
	}
	if strings.IndexFunc(t.TitleEN, func(r rune) bool { return unicode.Is(unicode.Han, r) }) >= 0 {
		add("title_en", "err.title_en_chinese")
	}
	switch {
	case !t.Kind.Valid():
		add("kind", "err.kind", t.Kind, kindList())
	case t.Kind.HasValue() && t.Value == nil:
		add("value", "err.value_needed", t.Kind)
	case !t.Kind.HasValue() && t.Value != nil:
		add("value", "err.value_unwanted", t.Kind)
	}
	if !t.Comparator.Valid() {
		add("comparator", "err.comparator", t.Comparator)
	}
	switch {
	case t.Kind == KindRank && t.Comparator.Valid() && !t.Comparator.Falling():
		add("comparator", "排名目标的比较符应为 <=（如前3名：value 3，comparator <=），名次越小越好")
	case t.Kind == KindRank && t.Value != nil && (*t.Value < 1 || *t.Value != math.Trunc(*t.Value)):
		add("value", "排名目标的 value 应为正整数：计为达到的最低名次（如前3名为 3）")
	case t.Kind == KindGrowth && t.Value != nil && *t.Value == 0:
		add("value", "增长目标的 value 不能为 0：写规划期内较基期的增长幅度（如增长20%%为 20）")
	}
	if t.Deadline.IsZero() {
		add("deadline", "err.missing", "deadline")
	} else if !plan.PeriodStart.IsZero() && t.Deadline.Before(plan.PeriodStart) {
		add("deadline", "err.deadline_early", t.Deadline.Format("2006-01-02"))
	}
	if t.RelatedTask != 0 && t.TaskNumber != 0 {
		add("related_task", "err.related_task")
	}
	if err := t.Schedule.Validate(); err != nil {
		var e *Error
		if errors.As(err, &e) && e.msg != nil {
			add("schedule", e.msg.Key, e.msg.Args...)
		}
	}
	if b := t.Baseline; b != nil && !b.ByAdministrator && b.Date.IsZero() {
		add("baseline", "err.baseline")
	}
	if r := t.Retired; r != nil && strings.TrimSpace(r.Reason) == "" {
		add("retired", "err.retired_reason")
	}
	return out
}

// validateRank checks a rank figure: a place (1 is first) among a number
// ranked that includes it.
func validateRank(nf *NewFigure) error {
	whole := func(v float64) bool { return v >= 1 && v == math.Trunc(v) }
	switch {
	case nf.ReferenceValue == nil:
		return E(EINVALID, "err.rank_needs_peers")
	case !whole(nf.Value):
		return E(EINVALID, "err.rank_place", fmtNum(nf.Value))
	case !whole(*nf.ReferenceValue):
		return E(EINVALID, "err.rank_peers", fmtNum(*nf.ReferenceValue))
	case nf.Value > *nf.ReferenceValue:
		return E(EINVALID, "err.rank_beyond", fmtNum(nf.Value), fmtNum(*nf.ReferenceValue))
	}
	return nil
}

func kindList() string {
	s := make([]string, len(Kinds))
	for i, k := range Kinds {
		s[i] = string(k)
	}
	return strings.Join(s, " / ")
}

// ValidateFigure checks a figure against its target before it is stored:
// that the target still takes figures, and what depends on its kind, its
// period and the figure's texts and files. It trims nf.District.
func ValidateFigure(t *Target, nf *NewFigure) error {
	if t.Retired != nil {
		return E(EINVALID, "err.retired_target", t.Title, t.Retired.Reason)
	}
	nf.District = strings.TrimSpace(nf.District)
	switch {
	case t.Kind == KindPerDistrict && nf.District == "":
		return E(EINVALID, "err.district_missing")
	case t.Kind != KindPerDistrict && nf.District != "":
		return E(EINVALID, "err.district_unwanted")
	case t.Kind == KindMilestone && !ValidStage(nf.Value):
		return E(EINVALID, "form.stage_missing")
	case t.Kind == KindRelative && nf.ReferenceValue == nil:
		return E(EINVALID, "err.reference_missing")
	case t.Kind == KindRank:
		if err := validateRank(nf); err != nil {
			return err
		}
	case (t.Kind == KindCumulative || t.Kind == KindAnnual) && nf.Value < 0:
		return E(EINVALID, "err.negative_amount")
	}
	if nf.Period.End.Year() < t.PlanStart.Year()-5 || nf.Period.Start.After(t.Deadline.AddDate(1, 0, 0)) {
		return E(EINVALID, "err.period_outside", nf.Period.Label, t.PlanStart.Year(), t.Deadline.Year())
	}
	if u := strings.TrimSpace(nf.SourceURL); u != "" && !strings.HasPrefix(u, "https://") && !strings.HasPrefix(u, "http://") {
		return E(EINVALID, "err.source_url")
	}
	if len([]rune(nf.Note)) > MaxTextLength || len([]rune(nf.Reason)) > MaxTextLength || len(nf.SourceURL) > MaxTextLength {
		return E(EINVALID, "err.figure_text_long", MaxTextLength)
	}
	if len(nf.Attachments) > MaxAttachmentsPerFig {
		return E(EINVALID, "err.attachments_many", MaxAttachmentsPerFig)
	}
	for _, a := range nf.Attachments {
		if _, err := CheckEvidence(a); err != nil {
			return err
		}
	}
	return nil
}
