package report

import (
	"fmt"
	"io"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/i18n"
	"github.com/xuri/excelize/v2"
)

// statusWords are the status names a bulletin is written with, as the
// catalogue gives them in Chinese: frozen reports keep their own words.
var statusWords = map[goalpost.Status]string{goalpost.StatusAchieved: "已完成", goalpost.StatusOnTrack: "正常",
	goalpost.StatusAtRisk: "滞后", goalpost.StatusOffTrack: "严重滞后", goalpost.StatusMissed: "未完成",
	goalpost.StatusAwaitingFinal: "待最终数据", goalpost.StatusPending: "待评估", goalpost.StatusNoData: "无数据"}

// WriteXLSX writes the report as a workbook in Chinese, one sheet per part.
func (r Report) WriteXLSX(w io.Writer) error { return r.WriteXLSXIn(w, i18n.Chinese) }

// WriteXLSXIn writes the report as a workbook in lang: sheet names, headings
// and status words from the catalogue. The explanations are the frozen
// sentences of the published bulletin, a record, as they were published.
func (r Report) WriteXLSXIn(w io.Writer, lang i18n.Lang) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := func(name string, rows [][]any) error {
		if _, err := f.NewSheet(name); err != nil {
			return err
		}
		for i, row := range rows {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			if err := f.SetSheetRow(name, cell, &row); err != nil {
				return err
			}
		}
		return nil
	}
	word := func(s goalpost.Status) string {
		if lang == i18n.Chinese {
			return statusWords[s]
		}
		return lang.T("status." + string(s))
	}
	heads := func(key string) []any {
		var out []any
		for _, h := range splitHeads(lang.T(key)) {
			out = append(out, h)
		}
		return out
	}
	overview := [][]any{{lang.T("xlsx.title", r.PlanTitle, r.Period)}, {lang.T("xlsx.as_of"), r.AsOf.Format("2006-01-02")},
		{lang.T("home.coverage", r.Total, r.Reported)}, heads("xlsx.status_heads")}
	for _, s := range goalpost.Statuses {
		overview = append(overview, []any{word(s), r.Counts[s], r.Previous[s]})
	}
	depts := [][]any{heads("xlsx.dept_heads")}
	for i, d := range r.Departments {
		depts = append(depts, []any{i + 1, d.Name, d.Targets, d.Good, fmt.Sprintf("%.0f%%", 100*d.Share()), d.OnTime, d.Overdue})
	}
	list := func(rows []TargetRow) [][]any {
		out := [][]any{heads("xlsx.target_heads")}
		for _, t := range rows {
			out = append(out, []any{t.ID, t.Title, word(t.Status), t.Reason, t.Lead})
		}
		return out
	}
	missing := [][]any{{lang.T("xlsx.missing_head")}}
	for _, n := range r.NotReported {
		missing = append(missing, []any{n})
	}
	for _, s := range []struct {
		name string
		rows [][]any
	}{{lang.T("xlsx.sheet_overview"), overview}, {lang.T("xlsx.sheet_depts"), depts}, {lang.T("xlsx.sheet_lagging"), list(r.Lagging)},
		{lang.T("xlsx.sheet_achieved"), list(r.Achieved)}, {lang.T("xlsx.sheet_missing"), missing}} {
		if err := sheet(s.name, s.rows); err != nil {
			return err
		}
	}
	if err := f.DeleteSheet("Sheet1"); err != nil {
		return err
	}
	return f.Write(w)
}

// splitHeads cuts a catalogue line of column headings at its "|".
func splitHeads(s string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '|' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}
