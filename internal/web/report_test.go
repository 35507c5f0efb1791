package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/testdb"
)

// TestBrowserReportIsFrozen: an administrator publishes the 2024-12
// bulletin in the browser; a later correction changes the live status but
// not the published bulletin; republishing makes version 2 saying what moved.
func TestBrowserReportIsFrozen(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	testdb.PublishDirectly(t, h.db)
	h.user("admin@dalian.gov.cn", goalpost.UserAdmin)
	h.user("env@dalian.gov.cn", goalpost.UserEditor, "ecology-environment")
	pm := h.target("t22-pm25-concentration")
	editor := h.client()
	editor.login("env@dalian.gov.cn")
	path := fmt.Sprintf("/targets/%d", pm.ID)
	enter := func(period, value, reason string) {
		resp, doc := editor.post(path+"/figures", url.Values{"csrf_token": {editor.csrf(path)}, "period": {period}, "value": {value}, "reason": {reason}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("enter %s: %d %s", period, resp.StatusCode, doc.Find(`[data-testid="form-errors"]`).Text())
		}
	}
	enter("2023", "40", "")
	enter("2024", "38", "") // base 40 → 25% of the way in 50% of the time: at risk, not off track

	report := "/reports/dalian-2023-livelihood/2024-12"
	if resp, _ := h.client().get(report); resp.StatusCode != http.StatusNotFound {
		t.Errorf("an unpublished bulletin is public: %d", resp.StatusCode)
	}
	admin := signIn(t, h, "admin@dalian.gov.cn")
	admin.do(
		chromedp.Navigate(h.srv.URL+report+"?draft=1"),
		chromedp.WaitVisible(`[data-testid="report-draft"]`),
		chromedp.Click(`[data-testid="publish-report"]`),
		chromedp.WaitVisible(`[data-testid="report-version"]`),
	)
	if got := admin.text(`[data-testid="report-flash"]`); !strings.Contains(got, "已发布第 1 版") {
		t.Errorf("after publishing: %q", got)
	}
	count := func(page, status string) string {
		_, doc := h.client().get(page)
		return strings.TrimSpace(doc.Find(`[data-testid="report-counts"] tr[data-status="` + status + `"] td`).Eq(1).Text())
	}
	if got := count(report, "at_risk"); got != "1" {
		t.Fatalf("published at_risk count = %q", got)
	}

	// A correction that makes PM2.5 off track as of 2024.
	enter("2024", "39.5", "监测数据复核")
	if got := count(report, "at_risk"); got != "1" {
		t.Errorf("the published bulletin changed after a correction: at_risk = %s", got)
	}
	if got := count(report+"?draft=1", "at_risk"); got != "" { // drafts are for administrators only
		t.Errorf("the public sees a draft: %q", got)
	}
	adminHTTP := h.client()
	adminHTTP.login("admin@dalian.gov.cn")
	adminHTTP.post(report+"/publish", url.Values{"csrf_token": {adminHTTP.csrf(report)}})
	_, doc := h.client().get(report)
	if got := doc.Find(`[data-testid="report-version"]`).Text(); !strings.Contains(got, "第 2 版") || !strings.Contains(got, "滞后 1→0") || !strings.Contains(got, "严重滞后 0→1") {
		t.Errorf("version 2 = %q", got)
	}
	if got := count(report+"?version=1", "at_risk"); got != "1" {
		t.Errorf("version 1 is no longer what it was: %q", got)
	}
	_, doc = h.client().get("/reports/dalian-2023-livelihood")
	if n := doc.Find(`[data-testid="reports"] li`).Length(); n != 2 {
		t.Errorf("the list shows %d versions", n)
	}
	resp, err := adminHTTP.http.Get(h.srv.URL + report + ".xlsx")
	if err != nil || resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
		t.Errorf("xlsx: %v %v", resp.StatusCode, err)
	}
}
