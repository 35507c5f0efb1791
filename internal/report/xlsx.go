package report

import (
	"fmt"
	"io"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/xuri/excelize/v2"
)

// statusWords are the status names a bulletin is written with, as the
// catalogue gives them in Chinese: frozen reports keep their own words.
var statusWords = map[goalpost.Status]string{goalpost.StatusAchieved: "已完成", goalpost.StatusOnTrack: "正常",
	goalpost.StatusAtRisk: "滞后", goalpost.StatusOffTrack: "严重滞后", goalpost.StatusMissed: "未完成",
	goalpost.StatusAwaitingFinal: "待最终数据", goalpost.StatusPending: "待评估", goalpost.StatusNoData: "无数据"}

// WriteXLSX writes the report as a workbook, one sheet per part.
func (r Report) WriteXLSX(w io.Writer) error {
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
	overview := [][]any{{r.PlanTitle + " " + r.Period + " 进展通报"}, {"数据截至", r.AsOf.Format("2006-01-02")},
		{fmt.Sprintf("%d 个目标中 %d 个有数据", r.Total, r.Reported)}, {"状态", "本月", "上月"}}
	for _, s := range goalpost.Statuses {
		overview = append(overview, []any{statusWords[s], r.Counts[s], r.Previous[s]})
	}
	depts := [][]any{{"排名", "牵头单位", "目标数", "已完成或正常", "占比", "按时报送", "逾期未报"}}
	for i, d := range r.Departments {
		depts = append(depts, []any{i + 1, d.Name, d.Targets, d.Good, fmt.Sprintf("%.0f%%", 100*d.Share()), d.OnTime, d.Overdue})
	}
	list := func(rows []TargetRow) [][]any {
		out := [][]any{{"编号", "目标", "状态", "说明", "牵头单位"}}
		for _, t := range rows {
			out = append(out, []any{t.ID, t.Title, statusWords[t.Status], t.Reason, t.Lead})
		}
		return out
	}
	missing := [][]any{{"未按时报送的单位"}}
	for _, n := range r.NotReported {
		missing = append(missing, []any{n})
	}
	for _, s := range []struct {
		name string
		rows [][]any
	}{{"总体情况", overview}, {"单位排名", depts}, {"严重滞后和未完成", list(r.Lagging)}, {"本月新完成", list(r.Achieved)}, {"未报送单位", missing}} {
		if err := sheet(s.name, s.rows); err != nil {
			return err
		}
	}
	if err := f.DeleteSheet("Sheet1"); err != nil {
		return err
	}
	return f.Write(w)
}
