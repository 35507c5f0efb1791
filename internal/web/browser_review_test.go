package web_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/testdb"
)

// signIn opens a browser signed in as email.
func signIn(t *testing.T, h *harness, email string) *browserSession {
	t.Helper()
	b := &browserSession{t: t, h: h, ctx: browser(t)}
	b.do(
		chromedp.Navigate(h.srv.URL+"/login"),
		chromedp.SendKeys(`input[name="email"]`, email),
		chromedp.SendKeys(`input[name="password"]`, "correct horse battery"),
		chromedp.Submit(`form.login`),
		chromedp.WaitVisible(`[data-testid="signed-in"]`),
	)
	return b
}

// browserSession is one person's browser.
type browserSession struct {
	t   *testing.T
	h   *harness
	ctx context.Context
}

func (b *browserSession) do(steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, steps...); err != nil {
		b.t.Fatal(err)
	}
}

func (b *browserSession) text(sel string) string {
	b.t.Helper()
	return text(b.t, b.ctx, sel)
}

// TestBrowserMakerChecker: enter → return → resubmit → approve → public.
func TestBrowserMakerChecker(t *testing.T) {
	t.Parallel()
	h := newHarness(t) // the Dalian plans require review
	h.user("editor@dalian.gov.cn", goalpost.UserEditor, "ecology-environment")
	if _, err := h.db.CreateUser(t.Context(), "reviewer@dalian.gov.cn", "审核员", goalpost.UserEditor, "correct horse battery", nil, []string{"ecology-environment"}); err != nil {
		t.Fatal(err)
	}
	pm := h.target("t22-pm25-concentration")
	targetURL := fmt.Sprintf("%s/targets/%d", h.srv.URL, pm.ID)
	row := fmt.Sprintf(`tr[data-target-id="%d"]`, pm.ID)

	editor := signIn(t, h, "editor@dalian.gov.cn")
	editor.do(
		chromedp.Navigate(targetURL),
		chromedp.SetValue(`input[name="period"]`, "2024"), // over the period due, filled in
		chromedp.SendKeys(`input[name="value"]`, "35"),
		chromedp.Click(`section.report button[type="submit"]`),
		chromedp.WaitVisible(`[data-testid="saved"]`),
	)
	if got := editor.text(`[data-testid="saved"]`); !strings.Contains(got, "等待牵头单位审核") {
		t.Errorf("after submitting: %q", got)
	}
	public := h.client()
	if _, doc := public.get("/plans/dalian-2023-livelihood"); !strings.Contains(doc.Find(row+` [data-testid="latest"]`).Text(), "暂无数据") {
		t.Error("a submitted figure is public")
	}

	reviewer := signIn(t, h, "reviewer@dalian.gov.cn")
	reviewer.do(
		chromedp.Navigate(h.srv.URL+"/review"),
		chromedp.WaitVisible(`[data-testid="queue-item"]`),
		chromedp.SendKeys(`[data-testid="queue-item"] input[name="reason"]`, "请附年度监测公报"),
		chromedp.Click(`[data-testid="return"]`),
		chromedp.WaitVisible(`[data-testid="queue-empty"]`),
	)
	if got := reviewer.text(`[data-testid="review-flash"]`); !strings.Contains(got, "已退回") {
		t.Errorf("after returning: %q", got)
	}

	editor.do(chromedp.Navigate(targetURL), chromedp.WaitVisible(`[data-testid="return-reason"]`))
	if got := editor.text(`[data-testid="return-reason"]`); !strings.Contains(got, "请附年度监测公报") {
		t.Errorf("editor sees %q", got)
	}
	editor.do(
		chromedp.SetValue(`input[name="period"]`, "2024"), // over the period due, filled in
		chromedp.SendKeys(`input[name="value"]`, "34.6"),
		chromedp.SendKeys(`textarea[name="note"]`, "已附公报"),
		chromedp.Click(`section.report button[type="submit"]`),
		chromedp.WaitVisible(`[data-testid="saved"]`),
	)

	reviewer.do(
		chromedp.Navigate(h.srv.URL+"/review"),
		chromedp.WaitVisible(`[data-testid="queue-item"]`),
	)
	if got := reviewer.text(`[data-testid="queue-value"]`); got != "34.6微克/立方米" {
		t.Errorf("queue shows %q", got)
	}
	reviewer.do(chromedp.Click(`[data-testid="approve"]`), chromedp.WaitVisible(`[data-testid="queue-empty"]`))

	_, doc := public.get("/plans/dalian-2023-livelihood")
	if got := doc.Find(row + ` [data-testid="latest"]`).Text(); !strings.Contains(got, "34.6微克/立方米（2024）") {
		t.Errorf("public plan page after approval: %q", got)
	}
	_, doc = public.get(fmt.Sprintf("/targets/%d", pm.ID))
	if n := doc.Find(`[data-testid="figure-row"]`).Length(); n != 1 {
		t.Errorf("the public sees %d figure rows, want only the approved one", n)
	}
}

// TestBrowserLedger: download the 台账, fill it in, upload, preview,
// confirm, and the public sees the figures.
func TestBrowserLedger(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	testdb.PublishDirectly(t, h.db)
	h.user("env@dalian.gov.cn", goalpost.UserEditor, "ecology-environment")
	pm := h.target("t22-pm25-concentration")
	dept := "/departments/ecology-environment"

	// The file an official downloads and fills in offline.
	c := h.client()
	c.login("env@dalian.gov.cn")
	filled := fillXLSX(t, c.download(dept+"/ledger.xlsx"), map[int64]map[string]string{pm.ID: {"2024": "34.5"}})
	path := filepath.Join(t.TempDir(), "台账.xlsx")
	if err := os.WriteFile(path, filled, 0o644); err != nil {
		t.Fatal(err)
	}

	b := signIn(t, h, "env@dalian.gov.cn")
	b.do(
		chromedp.Navigate(h.srv.URL+dept),
		chromedp.SetUploadFiles(`input[name="file"]`, []string{path}),
		chromedp.Click(`[data-testid="ledger-upload"]`),
		chromedp.WaitVisible(`[data-testid="ledger-changes"]`),
	)
	if got := b.text(`[data-testid="ledger-change"]`); !strings.Contains(got, "34.5微克/立方米") || !strings.Contains(got, "2024") {
		t.Errorf("preview row = %q", got)
	}
	b.do(chromedp.Click(`[data-testid="ledger-confirm"]`), chromedp.WaitVisible(`[data-testid="dept-flash"]`))
	if got := b.text(`[data-testid="dept-flash"]`); !strings.Contains(got, "已写入 1 个数值") {
		t.Errorf("after confirming: %q", got)
	}
	_, doc := h.client().get("/plans/dalian-2023-livelihood")
	if got := doc.Find(fmt.Sprintf(`tr[data-target-id="%d"] [data-testid="latest"]`, pm.ID)).Text(); !strings.Contains(got, "34.5微克/立方米（2024）") {
		t.Errorf("public plan page: %q", got)
	}
}
