package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/testdb"
)

// An administrator creates a plan from nothing in the editor, gives it a
// section and a target, and the public plan page shows it.
func TestBrowserEditorCreatesPlan(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.user("admin@dalian.gov.cn", goalpost.UserAdmin)
	b := signIn(t, h, "admin@dalian.gov.cn")
	b.do(
		chromedp.Navigate(h.srv.URL+"/admin/plans"),
		chromedp.Click(`[data-testid="new-plan"]`),
		chromedp.WaitVisible(`input[name="slug"]`),
		chromedp.SendKeys(`input[name="slug"]`, "town-2026"),
		chromedp.SendKeys(`input[name="title"]`, "某镇2026年民生实事项目"),
		chromedp.SendKeys(`input[name="short_title"]`, "某镇民生实事"),
		chromedp.SendKeys(`input[name="issuer"]`, "某镇人民政府"),
		chromedp.SetValue(`input[name="period_start"]`, "2026-01-01"),
		chromedp.SetValue(`input[name="period_end"]`, "2026-12-31"),
		chromedp.Click(`[data-testid="create-plan"]`),
		chromedp.WaitVisible(`[data-testid="add-section-form"]`),
		chromedp.SendKeys(`[data-testid="add-section-form"] input[name="key"]`, "一"),
		chromedp.SendKeys(`[data-testid="add-section-form"] input[name="title"]`, "教育"),
		chromedp.Click(`[data-testid="add-section"]`),
		chromedp.WaitVisible(`[data-testid="editor-section"]`),
		chromedp.Click(`[data-testid="new-target"]`),
		chromedp.WaitVisible(`[data-testid="target-form"]`),
		chromedp.SendKeys(`input[name="key"]`, "kindergartens"),
		chromedp.SendKeys(`input[name="title"]`, "新建公办幼儿园"),
		chromedp.SetValue(`select[name="kind"]`, "cumulative"),
		chromedp.SendKeys(`input[name="value"]`, "3"),
		chromedp.SendKeys(`input[name="unit"]`, "所"),
		chromedp.SendKeys(`textarea[name="source_text"]`, "新建公办幼儿园3所"),
		chromedp.Click(`[data-testid="save-target"]`),
		chromedp.WaitVisible(`[data-testid="editor-target"]`),
		chromedp.Navigate(h.srv.URL+"/plans/town-2026"),
		chromedp.WaitVisible(`[data-testid="target-row"]`),
	)
	row := b.text(`[data-testid="target-row"]`)
	if !strings.Contains(row, "新建公办幼儿园") || !strings.Contains(row, "3所") {
		t.Errorf("public plan page row = %q", row)
	}
}

// An administrator changes a target's wording in the editor; its figures
// stay and the change is in its history.
func TestBrowserEditorKeepsFigures(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	testdb.PublishDirectly(t, h.db)
	h.user("admin@dalian.gov.cn", goalpost.UserAdmin)
	pm := h.target("t22-pm25-concentration")
	users, _ := h.db.Users(context.Background())
	p, _ := goalpost.ParsePeriod("2024")
	if _, err := h.db.AddFigure(context.Background(), users[0], goalpost.NewFigure{TargetID: pm.ID, Period: p, Value: 29.8}); err != nil {
		t.Fatal(err)
	}
	b := signIn(t, h, "admin@dalian.gov.cn")
	b.do(
		chromedp.Navigate(h.srv.URL+"/admin/plans/dalian-2023-livelihood/edit"),
		chromedp.Click(`a[href$="/targets/`+pm.Key+`"]`),
		chromedp.WaitVisible(`[data-testid="target-form"]`),
		chromedp.Clear(`input[name="title"]`),
		chromedp.SendKeys(`input[name="title"]`, "细颗粒物（PM2.5）年均浓度"),
		chromedp.Click(`[data-testid="save-target"]`),
		chromedp.WaitVisible(`[data-testid="admin-flash"]`),
		chromedp.Navigate(fmt.Sprintf("%s/targets/%d", h.srv.URL, pm.ID)),
		chromedp.WaitVisible(`[data-testid="history"]`),
	)
	title, latest, history := b.text(`h1`), b.text(`[data-testid="latest"]`), b.text(`[data-testid="history"]`)
	if title != "细颗粒物（PM2.5）年均浓度" || !strings.Contains(latest, "29.8") || !strings.Contains(history, "PM_2.5平均浓度 → 细颗粒物（PM2.5）年均浓度") {
		t.Errorf("after the new wording: title %q, latest %q, history %q", title, latest, history)
	}
}
