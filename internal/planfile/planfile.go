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
	"strings"
	"time"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
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
		return fmt.Errorf("第 %d 行：日期“%s”应写成 2025-12-31 的形式", n.Line, n.Value)
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

// Error lists every problem found in a file, each with its line.
type Error struct {
	Name     string
	Problems []string
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s：文件无效，未导入任何内容：\n  %s", e.Name, strings.Join(e.Problems, "\n  "))
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
		return nil, &Error{Name: name, Problems: []string{translateYAMLError(err)}}
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err == nil {
		f.assignLines(&root)
	}
	if problems := f.validate(); len(problems) > 0 {
		return nil, &Error{Name: name, Problems: problems}
	}
	return &f, nil
}

// translateYAMLError keeps the decoder's line numbers but says the common
// cases in Chinese.
func translateYAMLError(err error) string {
	var te *yaml.TypeError
	if errors.As(err, &te) {
		out := make([]string, len(te.Errors))
		for i, e := range te.Errors {
			e = strings.Replace(e, "line ", "第 ", 1)
			if strings.Contains(e, "not found in type") {
				e = strings.Replace(e, ": field ", " 行：未知的字段 ", 1)
				e = e[:strings.Index(e, " not found")] + "（请检查拼写）"
			}
			out[i] = e
		}
		return strings.Join(out, "；")
	}
	if strings.HasPrefix(err.Error(), "第 ") {
		return err.Error() // our own message, from Date.UnmarshalYAML
	}
	return "YAML 语法错误：" + err.Error()
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
func (f *File) Validate() []string { return f.validate() }

func (f *File) validate() []string {
	var problems []string
	add := func(line int, format string, args ...any) {
		problems = append(problems, fmt.Sprintf("第 %d 行：", line)+fmt.Sprintf(format, args...))
	}
	for _, p := range goalpost.ValidatePlan(f.Plan()) {
		add(1, "%s", p.Message)
	}
	depts := map[string]bool{}
	names := map[string]bool{}
	for _, d := range f.Departments {
		if !goalpost.ValidSlug(d.Slug) {
			add(d.Line, "单位 slug “%s” 只能由小写字母、数字和连字符组成", d.Slug)
		}
		if depts[d.Slug] {
			add(d.Line, "单位 slug “%s” 重复", d.Slug)
		}
		if strings.TrimSpace(d.Name) == "" {
			add(d.Line, "单位 “%s” 缺少名称", d.Slug)
		} else if names[d.Name] {
			add(d.Line, "单位名称 “%s” 重复", d.Name)
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
		where := fmt.Sprintf("目标 %s：", t.Key)
		for _, p := range goalpost.ValidateTarget(t.Domain(task), plan) {
			if p.Field == "key" {
				add(t.Line, "%s", p.Message)
			} else {
				add(t.Line, "%s%s", where, p.Message)
			}
		}
		if goalpost.ValidSlug(t.Key) && keys[t.Key] {
			add(t.Line, "目标 key “%s” 重复", t.Key)
		}
		keys[t.Key] = true
		if t.RelatedTask != 0 && task == 0 && !tasks[t.RelatedTask] {
			add(t.Line, where+"related_task %d 不存在", t.RelatedTask)
		}
	}
	for i := range f.Sections {
		s := &f.Sections[i]
		if strings.TrimSpace(s.Key) == "" {
			add(s.Line, "章节缺少 key")
		} else if sections[s.Key] {
			add(s.Line, "章节 key “%s” 重复", s.Key)
		}
		sections[s.Key] = true
		for j := range s.Targets {
			checkTarget(&s.Targets[j], 0)
		}
		for j := range s.Tasks {
			k := &s.Tasks[j]
			if k.Number <= 0 {
				add(k.Line, "任务缺少正整数 number")
			} else if taskSeen[k.Number] {
				add(k.Line, "任务编号 %d 重复", k.Number)
			}
			taskSeen[k.Number] = true
			for _, slug := range append(append([]string(nil), k.Lead...), k.Responsible...) {
				if !depts[slug] {
					add(k.Line, "任务 %d：单位 “%s” 未在 departments 中列出", k.Number, slug)
				}
			}
			for l := range k.Targets {
				checkTarget(&k.Targets[l], k.Number)
			}
		}
	}
	return problems
}
