package extract

import (
	"bytes"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/i18n"
	"github.com/goalpost-civic/goalpost/internal/planfile"
)

// A draft becomes a plan through a plan file: PlanFile converts it, and the
// file is validated by writing it and reading it back with package planfile,
// so that a published draft is exactly a plan imported from a file.

// Decision is an administrator's verdict on a candidate.
type Decision string

// The decisions; a new candidate is pending, and only accepted ones are published.
const (
	Pending  Decision = "pending"
	Accepted Decision = "accepted"
	Rejected Decision = "rejected"
)

// Reviewed is a candidate with the administrator's decision on it.
type Reviewed struct {
	Candidate
	State Decision
}

// Review is a draft as an administrator reviews it: the extractor's
// proposal as edited since, with a decision on every candidate. It is what
// the database keeps of a draft besides the document's text.
type Review struct {
	Slug       string
	Plan       PlanMeta
	Sections   []Section
	Tasks      []Task
	Candidates []Reviewed
}

// NewReview starts the review of d under slug: every candidate pending, the
// metadata the document does not state filled in as PlanFile would.
func NewReview(d *Draft, slug string) *Review {
	r := &Review{Slug: slug, Plan: d.Meta(), Sections: d.Sections, Tasks: d.Tasks}
	for _, c := range d.Targets {
		if c.Deadline.IsZero() {
			c.Deadline = r.Plan.PeriodEnd
		}
		r.Candidates = append(r.Candidates, Reviewed{Candidate: c, State: Pending})
	}
	return r
}

// Draft is the review's accepted candidates as a draft over text, and the
// index in r.Candidates of each of its targets.
func (r *Review) Draft(text string) (*Draft, []int) {
	d := &Draft{Plan: r.Plan, Sections: r.Sections, Tasks: r.Tasks, Text: text}
	var index []int
	for i, c := range r.Candidates {
		if c.State == Accepted {
			d.Targets = append(d.Targets, c.Candidate)
			index = append(index, i)
		}
	}
	return d, index
}

// Note is something to tell the administrator about a draft: a problem
// that stops it from being published, or a doubt of the extractor's. It is
// said through the message catalogue, or, for a plan file's own message, as
// that message.
type Note struct {
	// Candidate is the index of the candidate it is about (in the draft's
	// Targets, or the review's Candidates); -1 for the plan itself.
	Candidate int
	Key       string
	Args      []any
	Text      string
}

// Message says the note in lang.
func (n Note) Message(lang i18n.Lang) string {
	if n.Key == "" {
		return n.Text
	}
	return lang.T(n.Key, n.Args...)
}

// Problems is a list of notes that stop a draft from becoming a plan.
type Problems []Note

func (p Problems) Error() string {
	msgs := make([]string, len(p))
	for i, n := range p {
		msgs[i] = n.Message(i18n.Chinese)
	}
	return strings.Join(msgs, "\n")
}

// For the notes about candidate i.
func (p Problems) For(i int) []Note {
	var out []Note
	for _, n := range p {
		if n.Candidate == i {
			out = append(out, n)
		}
	}
	return out
}

// NotPublished is where a plan's text states no issuer.
const NotPublished = "（文件未写明）"

// Meta is the plan's metadata with what the text does not state filled in:
// the title from the first line, no issuer said as such, the period from
// the targets' deadlines.
func (d *Draft) Meta() PlanMeta {
	m := d.Plan
	if strings.TrimSpace(m.Title) == "" {
		for line := range strings.Lines(d.Text) {
			if line = strings.TrimSpace(line); line != "" {
				m.Title = truncate(line, 120)
				break
			}
		}
	}
	if strings.TrimSpace(m.ShortTitle) == "" {
		m.ShortTitle = m.Title
	}
	if strings.TrimSpace(m.Issuer) == "" {
		m.Issuer = NotPublished
	}
	// A title that names its years: 三年行动方案（2024—2026年）.
	if y := yearSpan.FindStringSubmatch(m.Title); y != nil && m.PeriodStart.IsZero() && m.PeriodEnd.IsZero() {
		from, _ := strconv.Atoi(y[1])
		to, _ := strconv.Atoi(y[2])
		if from <= to {
			m.PeriodStart = time.Date(from, 1, 1, 0, 0, 0, 0, time.UTC)
			m.PeriodEnd = time.Date(to, 12, 31, 0, 0, 0, 0, time.UTC)
		}
	}
	var first, last time.Time
	for _, c := range d.Targets {
		if c.Deadline.IsZero() {
			continue
		}
		if first.IsZero() || c.Deadline.Before(first) {
			first = c.Deadline
		}
		if c.Deadline.After(last) {
			last = c.Deadline
		}
	}
	if m.PeriodEnd.IsZero() {
		m.PeriodEnd = last
	}
	if m.PeriodStart.IsZero() {
		switch {
		case m.IssuedOn != nil:
			m.PeriodStart = time.Date(m.IssuedOn.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
		case !first.IsZero():
			m.PeriodStart = time.Date(first.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
		}
		if !m.PeriodStart.IsZero() && !first.IsZero() && first.Before(m.PeriodStart) {
			m.PeriodStart = time.Date(first.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
		}
	}
	return m
}

var yearSpan = regexp.MustCompile(`((?:19|20)\d\d)\s*(?:年)?\s*[—–\-－~～至到]+\s*((?:19|20)\d\d)\s*年`)

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

// SlugFromName proposes a plan slug from a file's name: its ASCII letters
// and digits, lowercased, or "plan" when there are none.
func SlugFromName(name string) string {
	base := strings.TrimSuffix(filepath.Base(name), filepath.Ext(name))
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(base) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		} else {
			dash = true
		}
	}
	if b.Len() == 0 {
		return "plan"
	}
	return truncate(b.String(), 60)
}

// Owners says how each unit the draft names maps to a department.
type Owners struct {
	// Slug of each unit name, existing or new.
	Slug map[string]string
	// New lists the departments publishing would create, in order of
	// first mention.
	New []planfile.Department
	// Existing lists the existing departments the draft names.
	Existing []planfile.Department
}

// MatchOwners matches every unit the draft names to an existing department
// (MatchDepartment) or proposes a new one with a slug dept-N not yet used.
func (d *Draft) MatchOwners(existing []goalpost.Department) Owners {
	o := Owners{Slug: map[string]string{}}
	used := map[string]bool{}
	for _, e := range existing {
		used[e.Slug] = true
	}
	n := 0
	add := func(name string) {
		name = strings.TrimSpace(name)
		if name == "" {
			return
		}
		if _, ok := o.Slug[name]; ok {
			return
		}
		if e, ok := MatchDepartment(name, existing); ok {
			o.Slug[name] = e.Slug
			if !slices.ContainsFunc(o.Existing, func(x planfile.Department) bool { return x.Slug == e.Slug }) {
				o.Existing = append(o.Existing, planfile.Department{Slug: e.Slug, Name: e.Name})
			}
			return
		}
		// Two spellings of one new unit (全角/半角, spaces) make one department.
		for _, nd := range o.New {
			if normalise(nd.Name) == normalise(name) {
				o.Slug[name] = nd.Slug
				return
			}
		}
		slug := ""
		for slug == "" || used[slug] {
			n++
			slug = fmt.Sprintf("dept-%d", n)
		}
		used[slug] = true
		o.Slug[name] = slug
		o.New = append(o.New, planfile.Department{Slug: slug, Name: name})
	}
	for _, t := range d.Tasks {
		for _, u := range append(slices.Clone(t.Lead), t.Responsible...) {
			add(u)
		}
	}
	for _, c := range d.Targets {
		for _, u := range append(slices.Clone(c.Lead), c.Responsible...) {
			add(u)
		}
	}
	return o
}

// MatchDepartment finds the existing department a unit name means: the
// same name (spaces and full-width forms aside); a name without its level
// (教育局) when exactly one 市/县/区 department has it; or a city's own name
// before it (大连市教育局 for 市教育局). A 县教育局 is never a 市教育局.
func MatchDepartment(name string, existing []goalpost.Department) (goalpost.Department, bool) {
	n := normalise(name)
	if n == "" {
		return goalpost.Department{}, false
	}
	for _, e := range existing {
		if normalise(e.Name) == n {
			return e, true
		}
	}
	var tries []string
	if r, _ := utf8.DecodeRuneInString(n); !strings.ContainsRune(levels, r) {
		for _, l := range levels {
			tries = append(tries, string(l)+n)
		}
	}
	// 大连市教育局 → 市教育局: a place name then its level.
	for _, l := range levels {
		if i := strings.IndexRune(n, l); i > 0 && i+len(string(l)) < len(n) {
			tries = append(tries, n[i:])
			break
		}
	}
	var found []goalpost.Department
	for _, e := range existing {
		if slices.Contains(tries, normalise(e.Name)) {
			found = append(found, e)
		}
	}
	if len(found) == 1 {
		return found[0], true
	}
	return goalpost.Department{}, false
}

const levels = "省市县区镇乡"

var leadMark = regexp.MustCompile(`\(牵头\)$`)

// normalise drops spaces, 牵头 marks and full-width forms, so that names
// typed two ways compare equal.
func normalise(s string) string {
	var b strings.Builder
	for _, r := range strings.TrimSpace(s) {
		switch {
		case r == '\u3000' || r == ' ' || r == '\t':
			continue
		case r >= '\uFF01' && r <= '\uFF5E':
			r -= 0xFEE0
		}
		b.WriteRune(r)
	}
	return leadMark.ReplaceAllString(b.String(), "")
}

// PlanFile converts the draft into a plan file under slug: its sections and
// numbered tasks, their owners matched to existing departments or proposed
// as new ones, and every target with a key of its place (t3-1: task 3's
// first; s2-1: section 2's first). The file is checked by writing it and
// reading it back, the plan-file validation itself; the problems, each
// about the plan (-1) or one target, say what stops it from being a plan.
// With problems the file is nil.
func (d *Draft) PlanFile(slug string, existing []goalpost.Department) (*planfile.File, Problems) {
	m := d.Meta()
	f := &planfile.File{
		Slug: slug, Title: strings.TrimSpace(m.Title), ShortTitle: strings.TrimSpace(m.ShortTitle),
		Issuer: strings.TrimSpace(m.Issuer), Source: strings.TrimSpace(m.Source),
		PeriodStart: planfile.Date{Time: m.PeriodStart}, PeriodEnd: planfile.Date{Time: m.PeriodEnd},
		Departments: []planfile.Department{},
	}
	if m.IssuedOn != nil {
		f.IssuedOn = &planfile.Date{Time: *m.IssuedOn}
	}
	var problems Problems
	plan := func(key string, args ...any) { problems = append(problems, Note{Candidate: -1, Key: key, Args: args}) }
	if !slugPattern.MatchString(slug) {
		plan("plandraft.problem_slug", slug)
	}
	if f.Title == "" {
		plan("plandraft.problem_title")
	}
	if f.ShortTitle == "" {
		plan("plandraft.problem_short_title")
	}
	if f.Issuer == "" {
		plan("plandraft.problem_issuer")
	}
	if m.PeriodStart.IsZero() || m.PeriodEnd.IsZero() {
		plan("plandraft.problem_period")
	} else if m.PeriodEnd.Before(m.PeriodStart) {
		plan("plandraft.problem_period_order")
	}

	owners := d.MatchOwners(existing)
	f.Departments = append(append(f.Departments, owners.Existing...), owners.New...)
	slugs := func(names []string) []string {
		var out []string
		for _, n := range names {
			if s, ok := owners.Slug[strings.TrimSpace(n)]; ok && !slices.Contains(out, s) {
				out = append(out, s)
			}
		}
		return out
	}

	// Sections in the document's order, then any a candidate names that the
	// extractor did not find; a candidate without one goes to 正文.
	sectionAt := map[string]int{}
	addSection := func(key, title string) int {
		key = strings.TrimSpace(key)
		if i, ok := sectionAt[key]; ok {
			return i
		}
		if title == "" {
			title = key
		}
		f.Sections = append(f.Sections, planfile.Section{Key: key, Title: title})
		sectionAt[key] = len(f.Sections) - 1
		return len(f.Sections) - 1
	}
	for _, s := range d.Sections {
		if strings.TrimSpace(s.Key) != "" {
			addSection(s.Key, strings.TrimSpace(s.Title))
		}
	}
	sectionOf := func(key string) int {
		if strings.TrimSpace(key) == "" {
			return addSection(mainSection, mainSection)
		}
		return addSection(key, "")
	}

	// Tasks: a plan file numbers them once for the whole plan; a document
	// that numbers them again in each part gets them renumbered in order.
	type taskRef struct {
		section string
		number  int
	}
	numbers := map[int]int{}
	for _, t := range d.Tasks {
		numbers[t.Number]++
	}
	renumber := false
	for _, n := range numbers {
		renumber = renumber || n > 1
	}
	taskAt := map[taskRef][2]int{} // section index, task index
	taskByNumber := map[int][2]int{}
	next := 0
	for _, t := range d.Tasks {
		if t.Number <= 0 {
			continue
		}
		ref := taskRef{strings.TrimSpace(t.Section), t.Number}
		if _, ok := taskAt[ref]; ok {
			continue
		}
		number := t.Number
		if renumber {
			next++
			number = next
		}
		si := sectionOf(t.Section)
		f.Sections[si].Tasks = append(f.Sections[si].Tasks, planfile.Task{
			Number: number, Title: strings.TrimSpace(t.Title), Lead: slugs(t.Lead), Responsible: slugs(t.Responsible),
		})
		at := [2]int{si, len(f.Sections[si].Tasks) - 1}
		taskAt[ref] = at
		if _, ok := taskByNumber[t.Number]; !ok {
			taskByNumber[t.Number] = at
		}
	}
	maxNumber := 0
	for _, s := range f.Sections {
		for _, t := range s.Tasks {
			maxNumber = max(maxNumber, t.Number)
		}
	}

	counts := map[string]int{}
	for i, c := range d.Targets {
		t := planfile.Target{
			Title: strings.TrimSpace(c.Title), Kind: c.Kind, Comparator: c.Comparator, Value: c.Value,
			Unit: strings.TrimSpace(c.Unit), Deadline: planfile.Date{Time: c.Deadline},
			Approximate: c.Approximate, Aspirational: c.Aspirational, SourceText: strings.TrimSpace(c.SourceText),
		}
		if t.Deadline.IsZero() {
			t.Deadline.Time = m.PeriodEnd
		}
		if b := c.Baseline; b != nil {
			v := b.Value
			t.Baseline = &planfile.Baseline{Value: &v, Date: planfile.Date{Time: b.Date}, Text: strings.TrimSpace(b.Text)}
		}
		problems = append(problems, checkCandidate(i, c, t, m)...)
		if c.Task > 0 {
			at, ok := taskAt[taskRef{strings.TrimSpace(c.Section), c.Task}]
			if !ok {
				at, ok = taskByNumber[c.Task]
			}
			if !ok {
				// A task the administrator typed that the extractor did not find.
				maxNumber++
				si := sectionOf(c.Section)
				f.Sections[si].Tasks = append(f.Sections[si].Tasks, planfile.Task{
					Number: maxNumber, Title: fmt.Sprintf("%d", c.Task), Lead: slugs(c.Lead), Responsible: slugs(c.Responsible),
				})
				at = [2]int{si, len(f.Sections[si].Tasks) - 1}
				taskAt[taskRef{strings.TrimSpace(c.Section), c.Task}] = at
				taskByNumber[c.Task] = at
			}
			task := &f.Sections[at[0]].Tasks[at[1]]
			// A task the document names no owners for takes its targets'.
			if len(task.Lead) == 0 && len(task.Responsible) == 0 {
				task.Lead, task.Responsible = slugs(c.Lead), slugs(c.Responsible)
			}
			prefix := fmt.Sprintf("t%d", task.Number)
			counts[prefix]++
			t.Key = fmt.Sprintf("%s-%d", prefix, counts[prefix])
			task.Targets = append(task.Targets, t)
			continue
		}
		si := sectionOf(c.Section)
		// A target outside the tasks whose owners are exactly one task's
		// belongs to that task for reporting (related_task).
		if lead := slugs(c.Lead); len(lead) > 0 {
			var match []int
			for _, s := range f.Sections {
				for _, k := range s.Tasks {
					if slices.Equal(k.Lead, lead) {
						match = append(match, k.Number)
					}
				}
			}
			if len(match) == 1 {
				t.RelatedTask = match[0]
			}
		}
		prefix := fmt.Sprintf("s%d", si+1)
		counts[prefix]++
		t.Key = fmt.Sprintf("%s-%d", prefix, counts[prefix])
		f.Sections[si].Targets = append(f.Sections[si].Targets, t)
	}
	if len(problems) > 0 {
		return nil, problems
	}
	// The plan file's own validation, on exactly what would be imported.
	var buf bytes.Buffer
	if err := planfile.Write(&buf, f); err != nil {
		return nil, Problems{{Candidate: -1, Text: err.Error()}}
	}
	back, err := planfile.Read(slug+".yaml", &buf)
	if err != nil {
		return nil, fileProblems(err, f, d)
	}
	return back, nil
}

// mainSection holds the targets of a document without parts.
const mainSection = "正文"

var slugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// checkCandidate says in the catalogue's words what the plan file would
// refuse about candidate i.
func checkCandidate(i int, c Candidate, t planfile.Target, m PlanMeta) Problems {
	var p Problems
	add := func(key string, args ...any) { p = append(p, Note{Candidate: i, Key: key, Args: args}) }
	if t.Title == "" {
		add("plandraft.problem_no_title")
	}
	if t.SourceText == "" {
		add("plandraft.problem_no_source")
	}
	kind := goalpost.Kind(c.Kind)
	switch {
	case !kind.Valid():
		add("plandraft.problem_kind", c.Kind)
	case kind.HasValue() && c.Value == nil:
		add("plandraft.problem_needs_value")
	case !kind.HasValue() && c.Value != nil:
		add("plandraft.problem_no_value")
	}
	if !goalpost.Comparator(c.Comparator).Valid() {
		add("plandraft.problem_comparator", c.Comparator)
	}
	if t.Deadline.IsZero() {
		add("plandraft.problem_no_deadline")
	} else if !m.PeriodStart.IsZero() && t.Deadline.Before(m.PeriodStart) {
		add("plandraft.problem_deadline_early", t.Deadline.Format(time.DateOnly), m.PeriodStart.Format(time.DateOnly))
	}
	if b := c.Baseline; b != nil && b.Date.IsZero() {
		add("plandraft.problem_baseline_date")
	}
	return p
}

var targetInMessage = regexp.MustCompile(`目标 (?:key “)?([a-z0-9-]+)`)

// fileProblems attributes the plan file's own messages to the targets they
// name; the rest are about the plan.
func fileProblems(err error, f *planfile.File, d *Draft) Problems {
	index := map[string]int{}
	// Keys were given in the order of d.Targets; find each one's candidate.
	keys := map[string]planfile.Target{}
	for _, s := range f.Sections {
		for _, t := range s.Targets {
			keys[t.Key] = t
		}
		for _, k := range s.Tasks {
			for _, t := range k.Targets {
				keys[t.Key] = t
			}
		}
	}
	for key, t := range keys {
		for i, c := range d.Targets {
			if strings.TrimSpace(c.SourceText) == t.SourceText && strings.TrimSpace(c.Title) == t.Title {
				index[key] = i
				break
			}
		}
	}
	var msgs []string
	if pe, ok := err.(*planfile.Error); ok {
		msgs = pe.Problems
	} else {
		msgs = []string{err.Error()}
	}
	var p Problems
	for _, msg := range msgs {
		n := Note{Candidate: -1, Text: lineless.ReplaceAllString(msg, "")}
		if m := targetInMessage.FindStringSubmatch(msg); m != nil {
			if i, ok := index[m[1]]; ok {
				n.Candidate = i
			}
		}
		p = append(p, n)
	}
	return p
}

// lineless drops the line number: the administrator sees no file.
var lineless = regexp.MustCompile(`^第 \d+ 行：`)

func (r *Review) owners(c Candidate) (lead, responsible []string) { return unitsOf(r.Tasks, c) }

// UnitsOf is the units of candidate c as they will be published: its
// task's, when the task names any, else its own.
func (d *Draft) UnitsOf(c Candidate) (lead, responsible []string) { return unitsOf(d.Tasks, c) }

func unitsOf(tasks []Task, c Candidate) (lead, responsible []string) {
	if c.Task > 0 {
		for _, t := range tasks {
			if t.Number == c.Task && (strings.TrimSpace(c.Section) == "" || t.Section == c.Section) && len(t.Lead)+len(t.Responsible) > 0 {
				return t.Lead, t.Responsible
			}
		}
	}
	return c.Lead, c.Responsible
}

// Doubts says, for each candidate, what the extractor was unsure of and
// what publishing would do that the administrator may not expect: a
// deadline assumed, a unit not recognised, two numbers in one clause, an
// owner that is not an existing department (it would be created).
func (r *Review) Doubts(existing []goalpost.Department) [][]Note {
	out := make([][]Note, len(r.Candidates))
	for i, c := range r.Candidates {
		add := func(key string, args ...any) { out[i] = append(out[i], Note{Candidate: i, Key: key, Args: args}) }
		for _, code := range c.Doubts {
			switch code {
			case DoubtNoDeadline:
				d := c.Deadline
				if d.IsZero() {
					d = r.Plan.PeriodEnd
				}
				add("plandraft.doubt_no_deadline", d.Format(time.DateOnly))
			case DoubtUnit:
				add("plandraft.doubt_unit", c.Unit)
			case DoubtTwoNumbers:
				add("plandraft.doubt_two_numbers")
			case DoubtKind:
				add("plandraft.doubt_kind")
			case DoubtOwner:
				// Said below, against the departments as they are now.
			default:
				out[i] = append(out[i], Note{Candidate: i, Text: code})
			}
		}
		lead, responsible := r.owners(c.Candidate)
		if len(lead) == 0 {
			add("plandraft.doubt_no_lead")
		}
		for _, u := range lead {
			if _, ok := MatchDepartment(u, existing); !ok && strings.TrimSpace(u) != "" {
				add("plandraft.doubt_new_lead", u)
			}
		}
		for _, u := range responsible {
			if _, ok := MatchDepartment(u, existing); !ok && strings.TrimSpace(u) != "" {
				add("plandraft.doubt_new_responsible", u)
			}
		}
	}
	return out
}
