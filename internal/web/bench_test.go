package web_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/planfile"
	"github.com/goalpost-civic/goalpost/internal/testdb"
	"github.com/xuri/excelize/v2"
)

// BenchmarkPlanPage renders the Dalian livelihood plan page (109 targets)
// through the whole stack: HTTP, sessions, CSRF, queries, templates.
func BenchmarkPlanPage(b *testing.B) {
	h := newHarness(b)
	url := h.srv.URL + "/plans/dalian-2023-livelihood"
	for b.Loop() {
		resp, err := http.Get(url)
		if err != nil || resp.StatusCode != http.StatusOK {
			b.Fatalf("%v %v", resp, err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
}

// BenchmarkLedgerUpload200 uploads a 200-row ledger with every row changed,
// previews it and confirms it: what a department does each month.
func BenchmarkLedgerUpload200(b *testing.B) {
	h := newHarness(b)
	value := 50.0
	f := &planfile.File{Slug: "ledger-bench", Title: "台账测试", ShortTitle: "台账测试", Issuer: "市政府",
		PeriodStart: planfile.Date{Time: time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)},
		PeriodEnd:   planfile.Date{Time: time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)},
		Departments: []planfile.Department{{Slug: "bench-bureau", Name: "测试局"}},
		Sections:    []planfile.Section{{Key: "一", Title: "任务"}}}
	for k := 0; k < 20; k++ {
		task := planfile.Task{Number: k + 1, Title: "任务", Lead: []string{"bench-bureau"}}
		for i := 0; i < 10; i++ {
			task.Targets = append(task.Targets, planfile.Target{Key: fmt.Sprintf("t-%d-%d", k, i), Title: "指标",
				Kind: "level", Comparator: ">=", Value: &value, Unit: "%", Deadline: f.PeriodEnd, SourceText: "原文"})
		}
		f.Sections[0].Tasks = append(f.Sections[0].Tasks, task)
	}
	if _, err := h.db.ImportPlan(b.Context(), f, "bench"); err != nil {
		b.Fatal(err)
	}
	testdb.PublishDirectly(b, h.db)
	h.user("bench@dalian.gov.cn", goalpost.UserEditor, "bench-bureau")
	c := h.client()
	c.login("bench@dalian.gov.cn")
	dept := "/departments/bench-bureau"
	n := 0
	for b.Loop() {
		n++
		b.StopTimer()
		book, err := excelize.OpenReader(bytes.NewReader(c.download(dept + "/ledger.xlsx")))
		if err != nil {
			b.Fatal(err)
		}
		rows, _ := book.GetRows("台账")
		for i := range rows[3:] {
			_ = book.SetCellValue("台账", fmt.Sprintf("J%d", i+4), float64(n)) // the 2024 column
			_ = book.SetCellValue("台账", fmt.Sprintf("L%d", i+4), "基准测试")     // 备注, the reason for corrections
		}
		var buf bytes.Buffer
		_ = book.Write(&buf)
		b.StartTimer()
		resp, doc := c.upload(dept+"/ledger", "ledger.xlsx", buf.Bytes(), dept)
		if got := doc.Find(`[data-testid="ledger-change"]`).Length(); resp.StatusCode != http.StatusOK || got != 200 {
			b.Fatalf("preview: %d, %d changes: %s", resp.StatusCode, got, doc.Find(`[data-testid="ledger-problems"]`).Text())
		}
		action, _ := doc.Find(`form[action$="/confirm"]`).Attr("action")
		if resp, _ := c.post(action, url.Values{"csrf_token": {c.csrf(dept)}, "department": {"bench-bureau"}}); resp.StatusCode != http.StatusSeeOther {
			b.Fatalf("confirm: %d", resp.StatusCode)
		}
	}
}
