// Package ledger is the department's 台账 as a spreadsheet: built from the
// targets a department owns and the figures known, written as .xlsx or CSV,
// and read back after officials filled it in offline, into the figures that
// changed and the cells that are wrong. The same layout serves download and
// upload, so a file downloaded and uploaded unchanged changes nothing.
package ledger

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/i18n"
	"github.com/goalpost-civic/goalpost/internal/numparse"
)

// Fixed columns, before the periods and the notes column.
var fixedColumns = []string{"编号", "规划", "章节", "任务", "指标", "目标", "单位", "期限"}

// NotesColumn heads the column whose text becomes each figure's note, and
// the reason when a figure corrects a published one.
const NotesColumn = "备注"

// Sheet is a department's ledger.
type Sheet struct {
	Department goalpost.Department
	Generated  time.Time
	// Periods are the period columns, e.g. 2023, 2024, 2025.
	Periods []string
	Rows    []Row
}

// Row is one target of the department.
type Row struct {
	Target *goalpost.Tracked
	Goal   string
	// Latest holds the latest revision of each period's figure, in any
	// state, so a re-upload of the same value is no change.
	Latest map[string]goalpost.Figure
}

// ByWeb reports whether a target's figures need more than one number per
// period (districts, comparison values) and so are entered on the web only.
func (r Row) ByWeb() bool {
	return r.Target.Kind == goalpost.KindPerDistrict || r.Target.Kind.HasReference()
}

// Build lays out a department's ledger: one row per target it leads or
// shares, one column per year from the earliest plan start to the latest
// deadline. goal writes a target as a person reads it.
func Build(dept goalpost.Department, targets []*goalpost.Tracked, latest map[int64]map[string]goalpost.Figure, goal func(*goalpost.Target) string, now time.Time) Sheet {
	s := Sheet{Department: dept, Generated: now}
	first, last := 0, 0
	for _, t := range targets {
		if y := t.PlanStart.Year(); first == 0 || y < first {
			first = y
		}
		if y := t.Deadline.Year(); y > last {
			last = y
		}
		s.Rows = append(s.Rows, Row{Target: t, Goal: goal(&t.Target), Latest: latest[t.ID]})
	}
	for y := first; y > 0 && y <= last; y++ {
		s.Periods = append(s.Periods, strconv.Itoa(y))
	}
	return s
}

// Header is the column headings, as written and as expected back.
func (s Sheet) Header() []string {
	return append(append(append([]string(nil), fixedColumns...), s.Periods...), NotesColumn)
}

// Cells is a row's cells as written: text, or a float64 for numbers so a
// spreadsheet keeps them as numbers.
func (s Sheet) Cells(r Row) []any {
	t := r.Target
	task := ""
	if t.TaskNumber != 0 {
		task = fmt.Sprintf("%d. %s", t.TaskNumber, t.TaskTitle)
	}
	cells := []any{t.ID, t.PlanTitle, t.SectionKey + " " + t.SectionTitle, task, t.Title, r.Goal, t.Unit, t.Deadline.Format("2006-01-02")}
	for _, p := range s.Periods {
		f, ok := r.Latest[p]
		switch {
		case !ok:
			cells = append(cells, "")
		case t.Kind == goalpost.KindMilestone:
			cells = append(cells, goalpost.StageNames[int(f.Value)])
		default:
			cells = append(cells, f.Value)
		}
	}
	note := ""
	if r.ByWeb() {
		note = "请在网页填报（需分地区或比较对象数值）"
	}
	return append(cells, note)
}

// Title is the sheet's first line.
func (s Sheet) Title() string { return s.Department.Name + " 工作台账" }

// Subtitle is its second line: what it is and how to fill it in.
func (s Sheet) Subtitle() string {
	return fmt.Sprintf("生成于 %s。在年份列填写该年数值（按“单位”列的单位，可写 3.5万、90%%），更正已发布的数值须在“备注”列写明原因；不要改动编号列。填好后在 Goalpost 单位页面上传本文件。",
		goalpost.InZone(s.Generated).Format("2006-01-02 15:04"))
}

// Change is a figure the upload would enter.
type Change struct {
	Row    int // the spreadsheet's row number, from 1
	Column string
	Figure goalpost.NewFigure
	Title  string
	Unit   string
	// Old is the value it replaces, if the period had one.
	Old        *float64
	Correction bool
}

// Problem is a cell the upload cannot take, in words an official acts on.
type Problem struct {
	Row    int
	Column string
	// Message is what is wrong, in Chinese; Msg, Err or num say it in
	// the reader's language when set.
	Message string
	Msg     i18n.Msg
	Err     error
	num     *numparse.Error
}

// problem is what is wrong with row's column, as the catalogue's sentence key.
func problem(row int, column, key string, args ...any) Problem {
	m := i18n.M(key, args...)
	return Problem{Row: row, Column: column, Message: m.String(), Msg: m}
}

// In is the problem in l, with the row and column it is in.
func (p Problem) In(l i18n.Lang) string {
	msg := p.Message
	switch {
	case p.num != nil:
		msg = p.num.Message(string(l))
	case p.Err != nil:
		msg = goalpost.ErrorMessageIn(p.Err, l)
	case p.Msg.Key != "":
		msg = l.Text(p.Msg)
	}
	switch {
	case p.Row == 0:
		return msg
	case p.Column == "":
		return l.T("ledger.at_row", p.Row, msg)
	}
	return l.T("ledger.at_cell", p.Row, p.Column, msg)
}

func (p Problem) String() string { return p.In(i18n.Chinese) }

// Compare reads an uploaded table against the ledger: the figures that
// changed, and every cell that is wrong. Empty cells change nothing.
func (s Sheet) Compare(table [][]string) ([]Change, []Problem) {
	header := -1
	for i, row := range table {
		if len(row) > 0 && strings.TrimSpace(row[0]) == fixedColumns[0] {
			header = i
			break
		}
	}
	if header < 0 {
		return nil, []Problem{problem(1, "", "ledger.no_header")}
	}
	columns := map[string]int{}
	for j, h := range table[header] {
		columns[strings.TrimSpace(h)] = j
	}
	var problems []Problem
	for _, p := range s.Periods {
		if _, ok := columns[p]; !ok {
			problems = append(problems, problem(header+1, p, "ledger.missing_column"))
		}
	}
	notesAt, hasNotes := columns[NotesColumn]
	rows := map[int64]Row{}
	for _, r := range s.Rows {
		rows[r.Target.ID] = r
	}
	var changes []Change
	seen := map[int64]int{}
	for i := header + 1; i < len(table); i++ {
		line, cells := i+1, table[i]
		cell := func(j int) string {
			if j < len(cells) {
				return strings.TrimSpace(cells[j])
			}
			return ""
		}
		if cell(0) == "" {
			continue
		}
		id, err := strconv.ParseInt(cell(0), 10, 64)
		r, ok := rows[id]
		if err != nil || !ok {
			problems = append(problems, problem(line, fixedColumns[0], "ledger.not_an_id", cell(0)))
			continue
		}
		if first, dup := seen[id]; dup {
			problems = append(problems, problem(line, fixedColumns[0], "ledger.duplicate_id", id, first))
			continue
		}
		seen[id] = line
		note := ""
		if hasNotes {
			note = cell(notesAt)
		}
		for _, p := range s.Periods {
			j, ok := columns[p]
			if !ok || cell(j) == "" {
				continue
			}
			change, pr := r.compareCell(p, cell(j), note)
			switch {
			case pr != nil:
				pr.Row, pr.Column = line, p
				problems = append(problems, *pr)
			case change != nil:
				change.Row, change.Column = line, p
				changes = append(changes, *change)
			}
		}
	}
	return changes, problems
}

// compareCell reads one period's cell of a row: the change it makes, or
// what is wrong with it (without its row and column).
func (r Row) compareCell(period, text, note string) (*Change, *Problem) {
	t := r.Target
	old, had := r.Latest[period]
	var value float64
	if t.Kind == goalpost.KindMilestone {
		stage := -1
		for i, name := range goalpost.StageNames {
			if text == name || text == strconv.Itoa(i) {
				stage = i
			}
		}
		if stage < 0 {
			pr := problem(0, "", "ledger.not_a_stage", text)
			return nil, &pr
		}
		value = float64(stage)
	} else {
		v, err := numparse.Parse(text, t.Unit)
		if err != nil {
			if pe, ok := err.(*numparse.Error); ok {
				return nil, &Problem{Message: pe.Message("zh"), num: pe}
			}
			return nil, &Problem{Message: err.Error()}
		}
		value = v
	}
	if had && math.Abs(old.Value-value) < 1e-9 {
		return nil, nil // as downloaded: no change
	}
	if r.ByWeb() {
		pr := problem(0, "", "ledger.by_web")
		return nil, &pr
	}
	p, err := goalpost.ParsePeriod(period)
	if err != nil {
		return nil, &Problem{Message: goalpost.ErrorMessage(err), Err: err}
	}
	c := &Change{Title: t.Title, Unit: t.Unit, Figure: goalpost.NewFigure{TargetID: t.ID, Period: p, Value: value, Note: note}}
	if had {
		c.Old = &old.Value
		if old.Published() {
			c.Correction = true
			c.Figure.Reason = note
			if note == "" {
				pr := problem(0, "", "ledger.correction_reason", period, numparse.Format(old.Value), NotesColumn)
				return nil, &pr
			}
		}
	}
	return c, nil
}
