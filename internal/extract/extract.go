// Package extract reads a policy document's text and proposes a draft plan:
// its metadata, sections and numbered tasks with their lead and responsible
// units, and every quantified target the document commits to, each with the
// sentence it comes from. It is deterministic and offline: rules for the
// patterns of the genre, no model. A person reviews the draft before it
// becomes a plan (internal/web, /admin/plans/new), or `goalpost extract`
// prints it as a plan file.
package extract

import "time"

// Draft is what the extractor proposes for one document.
type Draft struct {
	Plan     PlanMeta
	Sections []Section
	Tasks    []Task
	Targets  []Candidate
	// Text is the document as the extractor read it (after format
	// conversion); Candidate offsets index into it.
	Text string
}

// PlanMeta is the document's metadata as far as the text states it.
type PlanMeta struct {
	Title       string
	ShortTitle  string
	Issuer      string
	IssuedOn    *time.Time
	PeriodStart time.Time
	PeriodEnd   time.Time
	Source      string
}

// Section is a numbered part of the document as it writes it: key "一",
// "二(三)", "第一章", "专栏1"; Start is its offset in Draft.Text.
type Section struct {
	Key   string
	Title string
	Start int
}

// Task is a numbered task (重点任务) with its owners as the document names
// them (unit names, not slugs).
type Task struct {
	Section     string // key of its section
	Number      int
	Title       string
	Lead        []string
	Responsible []string
	Start       int
}

// Candidate is one proposed target.
type Candidate struct {
	Title        string   // what is measured, e.g. 普惠性幼儿园覆盖率
	Kind         string   // goalpost.Kind values: level, maintain, cumulative, annual, rate, ratio, zero, per_district, relative, trend, milestone
	Comparator   string   // >=, >, <=, <, =
	Value        *float64 // nil for kinds without a number
	Unit         string   // as written: %, 万人, 微克/立方米
	Deadline     time.Time
	Approximate  bool // 左右, 约
	Aspirational bool // 力争
	Section      string
	Task         int // 0 when not in a numbered task
	Lead         []string
	Responsible  []string
	Baseline     *Baseline
	SourceText   string // the clause or sentence it comes from, verbatim
	// Start and End are SourceText's byte offsets in Draft.Text, for
	// highlighting it in the document.
	Start, End int
	Confidence float64  // 0–1
	Doubts     []string // what the extractor was unsure of: Doubt* codes
}

// Baseline is a starting figure the document states (截至2023年底…为84%).
type Baseline struct {
	Value float64
	Date  time.Time
	Text  string
}

// What the extractor may be unsure of about a candidate; the review page
// says each in the administrator's language.
const (
	DoubtNoDeadline = "no_deadline"     // no date found; the plan's end is assumed
	DoubtUnit       = "unit_unknown"    // the unit is not one it knows
	DoubtOwner      = "owner_unmatched" // no owner found, or not an existing department
	DoubtTwoNumbers = "two_numbers"     // the clause holds two numbers
	DoubtKind       = "kind_guessed"    // the kind rests on weak evidence
)

// FromText extracts a draft from a document's plain text: paragraphs on
// their own lines, a table's rows as lines of tab-separated cells (what
// package docread makes of .txt, .html, .docx and .pdf files).
func FromText(text string) *Draft {
	d := fromText(text)
	for i := range d.Targets {
		c := &d.Targets[i]
		c.Comparator = planComparator(c.Comparator)
		if b := c.Baseline; b != nil && b.Date.IsZero() {
			// 已累计… with no date states the figure as the document
			// writes: as of its date, or else as the period begins.
			switch {
			case d.Plan.IssuedOn != nil:
				b.Date = *d.Plan.IssuedOn
			case !d.Plan.PeriodStart.IsZero():
				b.Date = d.Plan.PeriodStart.AddDate(0, 0, -1)
			}
		}
	}
	return d
}

// planComparator writes a trend's direction the way plan files do: a
// falling trend (逐年下降) is "<", a rising one ">".
func planComparator(c string) string {
	switch c {
	case "down":
		return "<"
	case "up":
		return ">"
	}
	return c
}
