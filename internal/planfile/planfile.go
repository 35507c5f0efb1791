// Package planfile reads the human-editable YAML files that describe a plan:
// its sections, tasks, owning departments and targets. Reading is strict —
// unknown keys, bad values and dangling references are errors naming the line —
// because a plan file is the source of truth that the importer loads whole or
// not at all.
package planfile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/i18n"
	"go.yaml.in/yaml/v3"
)

// File is a plan as written in a plan file.
type File struct {
	Slug        string `yaml:"slug"`
	Title       string `yaml:"title"`
	ShortTitle  string `yaml:"short_title,omitempty"`
	Issuer      string `yaml:"issuer"`
	IssuedOn    *Date  `yaml:"issued_on,omitempty"`
	PeriodStart Date   `yaml:"period_start"`
	PeriodEnd   Date   `yaml:"period_end"`
	Source      string `yaml:"source,omitempty"`
	// RequiresReview defaults to true: figures wait for a reviewer.
	RequiresReview *bool        `yaml:"requires_review,omitempty"`
	Departments    []Department `yaml:"departments"`
	Sections       []Section    `yaml:"sections"`
}

// ReviewRequired is the plan's review setting, true unless the file says otherwise.
func (f *File) ReviewRequired() bool { return f.RequiresReview == nil || *f.RequiresReview }

// Department is a unit named in the plan.
type Department struct {
	Slug string `yaml:"slug"`
	Name string `yaml:"name"`
	Line int    `yaml:"-"`
}

// Section is a numbered part of the plan.
type Section struct {
	Key     string   `yaml:"key"`
	Title   string   `yaml:"title"`
	Tasks   []Task   `yaml:"tasks,omitempty"`
	Targets []Target `yaml:"targets,omitempty"`
	Line    int      `yaml:"-"`
}

// Task is a numbered key task with its lead and responsible units (slugs).
type Task struct {
	Number      int      `yaml:"number"`
	Title       string   `yaml:"title"`
	Lead        []string `yaml:"lead,omitempty"`
	Responsible []string `yaml:"responsible,omitempty"`
	Targets     []Target `yaml:"targets,omitempty"`
	Line        int      `yaml:"-"`
}

// Target is one target as written in the file.
type Target struct {
	Key          string    `yaml:"key"`
	Title        string    `yaml:"title"`
	TitleEN      string    `yaml:"title_en,omitempty"`
	Kind         string    `yaml:"kind"`
	Comparator   string    `yaml:"comparator"`
	Value        *float64  `yaml:"value,omitempty"`
	Unit         string    `yaml:"unit,omitempty"`
	Deadline     Date      `yaml:"deadline"`
	Approximate  bool      `yaml:"approximate,omitempty"`
	Aspirational bool      `yaml:"aspirational,omitempty"`
	RelatedTask  int       `yaml:"related_task,omitempty"`
	Baseline     *Baseline `yaml:"baseline,omitempty"`
	SourceText   string    `yaml:"source_text"`
	Notes        string    `yaml:"notes,omitempty"`
	// Cadence and DueDay set when figures are due (default annual, the 15th).
	Cadence string `yaml:"cadence,omitempty"`
	DueDay  int    `yaml:"due_day,omitempty"`
	// Retired marks a target withdrawn by an administrator, with the reason;
	// it keeps its figures and takes no new ones.
	Retired *Retired `yaml:"retired,omitempty"`
	Line    int      `yaml:"-"`
}

// Retired says why a target was withdrawn.
type Retired struct {
	Reason string `yaml:"reason"`
}

// Domain is the target as the domain knows it, in a task numbered task (0
// for none), for the domain's validation.
func (t Target) Domain(task int) goalpost.Target {
	d := goalpost.Target{
		Key: t.Key, TaskNumber: task, RelatedTask: t.RelatedTask, Title: t.Title, TitleEN: t.TitleEN, Kind: goalpost.Kind(t.Kind),
		Comparator: goalpost.Comparator(t.Comparator), Value: t.Value, Unit: t.Unit, Deadline: t.Deadline.Time,
		Approximate: t.Approximate, Aspirational: t.Aspirational, SourceText: t.SourceText, Notes: t.Notes,
		Schedule: t.Schedule(),
	}
	if b := t.Baseline; b != nil {
		d.Baseline = &goalpost.Baseline{Date: b.Date.Time, Text: b.Text}
		if b.Value == nil {
			d.Baseline.Date = time.Time{} // a baseline without its value is as incomplete as one without its date
		} else {
			d.Baseline.Value = *b.Value
		}
	}
	if t.Retired != nil {
		d.Retired = &goalpost.Retirement{Reason: t.Retired.Reason}
	}
	return d
}

// Plan is the plan's own fields as the domain knows them.
func (f *File) Plan() goalpost.Plan {
	p := goalpost.Plan{Slug: f.Slug, Title: f.Title, ShortTitle: f.ShortTitle, Issuer: f.Issuer,
		PeriodStart: f.PeriodStart.Time, PeriodEnd: f.PeriodEnd.Time, Source: f.Source, RequiresReview: f.ReviewRequired()}
	if f.IssuedOn != nil {
		d := f.IssuedOn.Time
		p.IssuedOn = &d
	}
	return p
}

// Schedule is the target's reporting schedule, with the defaults filled in.
func (t Target) Schedule() goalpost.Schedule {
	s := goalpost.Schedule{Cadence: goalpost.Cadence(t.Cadence), DueDay: t.DueDay}
	if s.Cadence == "" {
		s.Cadence = goalpost.Annual
	}
	if s.DueDay == 0 {
		s.DueDay = 15
	}
	return s
}

// Baseline is a starting figure the document states.
type Baseline struct {
	Value *float64 `yaml:"value,omitempty"`
	Date  Date     `yaml:"date,omitempty"`
	Text  string   `yaml:"text,omitempty"`
}

// Date is a calendar date written as 2025-12-31.
type Date struct{ time.Time }

// UnmarshalYAML reads YYYY-MM-DD and nothing else, so that "2025" or
// "2025年" are reported instead of silently misread.
func (d *Date) UnmarshalYAML(n *yaml.Node) error {
	t, err := time.Parse("2006-01-02", n.Value)
	if err != nil {
		return &dateError{line: n.Line, value: n.Value}
	}
	d.Time = t
	return nil
}

// MarshalYAML writes the date as Read reads it.
func (d Date) MarshalYAML() (any, error) { return d.Format("2006-01-02"), nil }

// Write writes f as a plan file that Read accepts and reads back to the
// same plan: an administrator's download of a plan, the extractor's draft.
func Write(w io.Writer, f *File) error {
	enc := yaml.NewEncoder(w)
	enc.SetIndent(2)
	if err := enc.Encode(f); err != nil {
		return fmt.Errorf("planfile: write: %w", err)
	}
	return enc.Close()
}

// dateError is a date not written as 2025-12-31.
type dateError struct {
	line  int
	value string
}

func (e *dateError) msg() i18n.Msg { return atLine(e.line, "planfile.bad_date", e.value) }

func (e *dateError) Error() string { return e.msg().String() }

// Error lists every problem found in a file, each with its line.
type Error struct {
	Name string
	// Problems are the problems in Chinese, Msgs the same as the
	// catalogue's sentences, for a reader of another language.
	Problems []string
	Msgs     []i18n.Msg
}

func newError(name string, msgs []i18n.Msg) *Error {
	e := &Error{Name: name, Msgs: msgs}
	for _, m := range msgs {
		e.Problems = append(e.Problems, m.String())
	}
	return e
}

// Msg is the whole error as a sentence of the catalogue, for a
// goalpost.Error that each reader gets in their language.
func (e *Error) Msg() i18n.Msg {
	var list any = ""
	for i := len(e.Msgs) - 1; i >= 0; i-- {
		if i == len(e.Msgs)-1 {
			list = e.Msgs[i]
		} else {
			list = i18n.M("planfile.join", e.Msgs[i], list)
		}
	}
	return i18n.M("planfile.invalid", e.Name, list)
}

// In is the error in l.
func (e *Error) In(l i18n.Lang) string { return l.Text(e.Msg()) }

func (e *Error) Error() string { return e.In(i18n.Chinese) }

// atLine is the catalogue's sentence key with args, at a line of the file.
func atLine(line int, key string, args ...any) i18n.Msg {
	return i18n.M("planfile.at_line", line, i18n.M(key, args...))
}

// Read parses and validates a plan file; name is used in error messages.
func Read(name string, r io.Reader) (*File, error) {
	data, err := io.ReadAll(io.LimitReader(r, 8<<20))
	if err != nil {
		return nil, fmt.Errorf("planfile: read %s: %w", name, err)
	}
	var f File
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		return nil, newError(name, translateYAMLError(err))
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err == nil {
		f.assignLines(&root)
	}
	if problems := f.validate(); len(problems) > 0 {
		return nil, newError(name, problems)
	}
	return &f, nil
}

var (
	yamlLine         = regexp.MustCompile(`^line (\d+): (.*)$`)
	yamlUnknownField = regexp.MustCompile(`^field (\S+) not found in type`)
	yamlNotNumber    = regexp.MustCompile("^cannot unmarshal !!\\w+ `(.*)` into (?:float64|int)")
)

// translateYAMLError keeps the decoder's line numbers and says the common
// cases in the catalogue's words.
func translateYAMLError(err error) []i18n.Msg {
	var te *yaml.TypeError
	if errors.As(err, &te) {
		out := make([]i18n.Msg, len(te.Errors))
		for i, e := range te.Errors {
			m := yamlLine.FindStringSubmatch(e)
			if m == nil {
				out[i] = i18n.M("planfile.text", e)
				continue
			}
			line, _ := strconv.Atoi(m[1])
			if f := yamlUnknownField.FindStringSubmatch(m[2]); f != nil {
				out[i] = atLine(line, "planfile.unknown_field", f[1])
			} else if n := yamlNotNumber.FindStringSubmatch(m[2]); n != nil {
				out[i] = atLine(line, "planfile.not_a_number", n[1])
			} else {
				out[i] = atLine(line, "planfile.text", m[2])
			}
		}
		return out
	}
	var de *dateError
	if errors.As(err, &de) {
		return []i18n.Msg{de.msg()}
	}
	return []i18n.Msg{i18n.M("planfile.syntax", err.Error())}
}

// assignLines records where each element starts, for error messages.
func (f *File) assignLines(root *yaml.Node) {
	doc := root
	if doc.Kind == yaml.DocumentNode && len(doc.Content) > 0 {
		doc = doc.Content[0]
	}
	for i, n := range seq(field(doc, "departments")) {
		if i < len(f.Departments) {
			f.Departments[i].Line = n.Line
		}
	}
	for i, sn := range seq(field(doc, "sections")) {
		if i >= len(f.Sections) {
			break
		}
		s := &f.Sections[i]
		s.Line = sn.Line
		for j, tn := range seq(field(sn, "targets")) {
			if j < len(s.Targets) {
				s.Targets[j].Line = tn.Line
			}
		}
		for j, kn := range seq(field(sn, "tasks")) {
			if j >= len(s.Tasks) {
				break
			}
			s.Tasks[j].Line = kn.Line
			for k, tn := range seq(field(kn, "targets")) {
				if k < len(s.Tasks[j].Targets) {
					s.Tasks[j].Targets[k].Line = tn.Line
				}
			}
		}
	}
}

func field(n *yaml.Node, name string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == name {
			return n.Content[i+1]
		}
	}
	return nil
}

func seq(n *yaml.Node) []*yaml.Node {
	if n == nil || n.Kind != yaml.SequenceNode {
		return nil
	}
	return n.Content
}

// Validate checks a whole plan: the domain's rules for the plan and each
// target (goalpost.ValidatePlan, goalpost.ValidateTarget), and what only
// the whole file can say (duplicates, references between its parts). Each
// problem begins with its line (0 for a File built in memory).
func (f *File) Validate() []string {
	var out []string
	for _, m := range f.validate() {
		out = append(out, m.String())
	}
	return out
}

// domainMsg is a problem the domain found, as a sentence of the catalogue.
func domainMsg(p goalpost.Problem) i18n.Msg {
	if p.Msg.Key == "" {
		return i18n.M("planfile.text", p.Message)
	}
	return p.Msg
}

func (f *File) validate() []i18n.Msg {
	var problems []i18n.Msg
	add := func(line int, key string, args ...any) {
		problems = append(problems, atLine(line, key, args...))
	}
	for _, p := range goalpost.ValidatePlan(f.Plan()) {
		add(1, "planfile.text", domainMsg(p))
	}
	depts := map[string]bool{}
	names := map[string]bool{}
	for _, d := range f.Departments {
		if !goalpost.ValidSlug(d.Slug) {
			add(d.Line, "planfile.dept_slug", d.Slug)
		}
		if depts[d.Slug] {
			add(d.Line, "planfile.dept_slug_twice", d.Slug)
		}
		if strings.TrimSpace(d.Name) == "" {
			add(d.Line, "planfile.dept_no_name", d.Slug)
		} else if names[d.Name] {
			add(d.Line, "planfile.dept_name_twice", d.Name)
		}
		depts[d.Slug], names[d.Name] = true, true
	}
	tasks := map[int]bool{}
	for _, s := range f.Sections {
		for _, t := range s.Tasks {
			tasks[t.Number] = true
		}
	}
	sections, taskSeen, keys := map[string]bool{}, map[int]bool{}, map[string]bool{}
	plan := f.Plan()
	checkTarget := func(t *Target, task int) {
		for _, p := range goalpost.ValidateTarget(t.Domain(task), plan) {
			if p.Field == "key" {
				add(t.Line, "planfile.text", domainMsg(p))
			} else {
				add(t.Line, "planfile.target", t.Key, domainMsg(p))
			}
		}
		if goalpost.ValidSlug(t.Key) && keys[t.Key] {
			add(t.Line, "planfile.key_twice", t.Key)
		}
		keys[t.Key] = true
		if t.RelatedTask != 0 && task == 0 && !tasks[t.RelatedTask] {
			add(t.Line, "planfile.target", t.Key, i18n.M("planfile.no_related_task", t.RelatedTask))
		}
	}
	for i := range f.Sections {
		s := &f.Sections[i]
		if strings.TrimSpace(s.Key) == "" {
			add(s.Line, "planfile.section_no_key")
		} else if sections[s.Key] {
			add(s.Line, "planfile.section_twice", s.Key)
		}
		sections[s.Key] = true
		for j := range s.Targets {
			checkTarget(&s.Targets[j], 0)
		}
		for j := range s.Tasks {
			k := &s.Tasks[j]
			if k.Number <= 0 {
				add(k.Line, "planfile.task_no_number")
			} else if taskSeen[k.Number] {
				add(k.Line, "planfile.task_twice", k.Number)
			}
			taskSeen[k.Number] = true
			for _, slug := range append(append([]string(nil), k.Lead...), k.Responsible...) {
				if !depts[slug] {
					add(k.Line, "planfile.task_unknown_dept", k.Number, slug)
				}
			}
			for l := range k.Targets {
				checkTarget(&k.Targets[l], k.Number)
			}
		}
	}
	return problems
}
