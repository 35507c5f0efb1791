package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/goalpost-civic/goalpost/internal/extract"
	"github.com/goalpost-civic/goalpost/internal/extract/docread"
	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/planfile"
)

// extractCommand prints the draft plan extracted from a document: as a
// plan file `goalpost import` accepts as is, or with --json as the list of
// targets the extraction scorer reads (../shared/extract-eval/score.py).
func extractCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("extract", stderr)
	asJSON := fs.Bool("json", false, `print {"plan": …, "targets": […]} instead of a plan file`)
	slug := fs.String("slug", "", "the plan's slug (default: from the file's name)")
	useDB := fs.Bool("db", false, "match units to the database's departments, as the web review does")
	if err := fs.Parse(args); err != nil {
		return usageError(err.Error())
	}
	if fs.NArg() != 1 {
		return usageError("usage: goalpost extract [--json] [--slug SLUG] [--db] FILE")
	}
	path := fs.Arg(0)
	if *slug == "" {
		*slug = extract.SlugFromName(path)
	}
	draft, err := extractFile(path)
	if err != nil {
		return err
	}
	var depts []goalpost.Department
	if *useDB {
		err := withDatabase(ctx, stderr, func(db *database) error {
			var err error
			depts, err = db.Departments(ctx)
			return err
		})
		if err != nil {
			return err
		}
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(draftJSON(draft, *slug))
	}
	f, problems := draft.PlanFile(*slug, depts)
	if len(problems) > 0 {
		return fmt.Errorf("%s%s%s\n  %s", path, lang.T("punct.colon"), lang.T("cli.draft_invalid"), strings.ReplaceAll(problemList(draft, problems), "\n", "\n  "))
	}
	return planfile.Write(stdout, f)
}

// extractFile reads a document and extracts its draft; a file that cannot
// be read or holds no target is an error saying so.
func extractFile(path string) (*extract.Draft, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	text, err := docread.Read(path, f)
	if err != nil {
		var m interface{ Message(lang string) string }
		if errors.As(err, &m) {
			return nil, fmt.Errorf("%s%s%s", path, lang.T("punct.colon"), m.Message(string(lang)))
		}
		return nil, fmt.Errorf("%s%s%s%w", path, lang.T("punct.colon"), lang.T("cli.unreadable"), err)
	}
	if strings.TrimSpace(text) == "" {
		return nil, fmt.Errorf("%s%s%s", path, lang.T("punct.colon"), lang.T("plandraft.empty"))
	}
	d := extract.FromText(text)
	if len(d.Targets) == 0 {
		return nil, fmt.Errorf("%s%s%s", path, lang.T("punct.colon"), lang.T("plandraft.no_targets"))
	}
	return d, nil
}

func problemList(d *extract.Draft, problems extract.Problems) string {
	var lines []string
	for _, p := range problems {
		msg := p.Message(lang)
		if p.Candidate >= 0 {
			msg = lang.T("cli.draft_target", d.Targets[p.Candidate].Title, msg)
		}
		lines = append(lines, msg)
	}
	return strings.Join(lines, "\n")
}

// The JSON the scorer reads: each target with exactly these fields.
type jsonDraft struct {
	Plan    jsonPlan     `json:"plan"`
	Targets []jsonTarget `json:"targets"`
}

type jsonPlan struct {
	Slug        string        `json:"slug"`
	Title       string        `json:"title"`
	ShortTitle  string        `json:"short_title"`
	Issuer      string        `json:"issuer"`
	IssuedOn    *string       `json:"issued_on"`
	PeriodStart string        `json:"period_start"`
	PeriodEnd   string        `json:"period_end"`
	Source      string        `json:"source"`
	Sections    []jsonSection `json:"sections"`
	Tasks       []jsonTask    `json:"tasks"`
}

type jsonSection struct {
	Key   string `json:"key"`
	Title string `json:"title"`
}

type jsonTask struct {
	Section     string   `json:"section"`
	Number      int      `json:"number"`
	Title       string   `json:"title"`
	Lead        []string `json:"lead_units"`
	Responsible []string `json:"responsible_units"`
}

type jsonTarget struct {
	Title        string        `json:"title"`
	Kind         string        `json:"kind"`
	Comparator   string        `json:"comparator"`
	Value        *float64      `json:"value"`
	Unit         string        `json:"unit"`
	Deadline     string        `json:"deadline"`
	Approximate  bool          `json:"approximate"`
	Aspirational bool          `json:"aspirational"`
	Section      string        `json:"section"`
	Task         int           `json:"task"`
	Lead         []string      `json:"lead_units"`
	Responsible  []string      `json:"responsible_units"`
	Baseline     *jsonBaseline `json:"baseline"`
	SourceText   string        `json:"source_text"`
	Confidence   float64       `json:"confidence"`
}

type jsonBaseline struct {
	Value float64 `json:"value"`
	Date  string  `json:"date"`
}

func dateString(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func draftJSON(d *extract.Draft, slug string) jsonDraft {
	m := d.Meta()
	out := jsonDraft{Plan: jsonPlan{Slug: slug, Title: m.Title, ShortTitle: m.ShortTitle, Issuer: m.Issuer,
		PeriodStart: dateString(m.PeriodStart), PeriodEnd: dateString(m.PeriodEnd), Source: m.Source,
		Sections: []jsonSection{}, Tasks: []jsonTask{}}, Targets: []jsonTarget{}}
	if m.IssuedOn != nil {
		s := dateString(*m.IssuedOn)
		out.Plan.IssuedOn = &s
	}
	for _, s := range d.Sections {
		out.Plan.Sections = append(out.Plan.Sections, jsonSection{Key: s.Key, Title: s.Title})
	}
	for _, t := range d.Tasks {
		out.Plan.Tasks = append(out.Plan.Tasks, jsonTask{Section: t.Section, Number: t.Number, Title: t.Title,
			Lead: nonNil(t.Lead), Responsible: nonNil(t.Responsible)})
	}
	for _, c := range d.Targets {
		lead, responsible := d.UnitsOf(c)
		deadline := c.Deadline
		if deadline.IsZero() {
			deadline = m.PeriodEnd
		}
		t := jsonTarget{Title: c.Title, Kind: c.Kind, Comparator: c.Comparator, Value: c.Value, Unit: c.Unit,
			Deadline: dateString(deadline), Approximate: c.Approximate, Aspirational: c.Aspirational,
			Section: c.Section, Task: c.Task, Lead: nonNil(lead), Responsible: nonNil(responsible),
			SourceText: c.SourceText, Confidence: c.Confidence}
		if b := c.Baseline; b != nil {
			t.Baseline = &jsonBaseline{Value: b.Value, Date: dateString(b.Date)}
		}
		out.Targets = append(out.Targets, t)
	}
	return out
}
