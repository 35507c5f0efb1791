package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

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

func TestOverrideAndThresholds(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	testdb.PublishDirectly(t, h.db)
	h.user("admin@dalian.gov.cn", goalpost.UserAdmin)
	h.user("env@dalian.gov.cn", goalpost.UserEditor, "ecology-environment")
	if _, err := h.db.CreateUser(t.Context(), "rev@dalian.gov.cn", "审核员", goalpost.UserEditor, "correct horse battery", nil, []string{"ecology-environment"}); err != nil {
		t.Fatal(err)
	}
	pm := h.target("t22-pm25-concentration")
	path := fmt.Sprintf("/targets/%d", pm.ID)
	editor := h.client()
	editor.login("env@dalian.gov.cn")
	for _, f := range [][2]string{{"2023", "40"}, {"2024", "35.8"}} { // base 40: 52.5% of the way by 2024, 50.07% of the time
		editor.post(path+"/figures", url.Values{"csrf_token": {editor.csrf(path)}, "period": {f[0]}, "value": {f[1]}})
	}
	status := func(query string) map[string]any {
		resp, err := http.Get(fmt.Sprintf("%s/api/v1/targets/%d%s", h.srv.URL, pm.ID, query))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var body struct {
			Target map[string]any `json:"target"`
		}
		_ = json.NewDecoder(resp.Body).Decode(&body)
		return body.Target
	}
	if got := status("?as_of=2024-12-31")["status"]; got != "on_track" {
		t.Fatalf("before: %v", got)
	}

	// Thresholds: an administrator makes "on track" stricter; the same figures now read differently.
	admin := h.client()
	admin.login("admin@dalian.gov.cn")
	admin.post("/admin/settings/rules", url.Values{"csrf_token": {admin.csrf("/admin/plans")}, "on_track_lag": {"-5"}, "at_risk_lag": {"20"}})
	_, doc := admin.get("/admin/plans")
	if !strings.Contains(doc.Find(`[data-testid="admin-flash"]`).Text(), "阈值应满足") {
		t.Error("negative threshold accepted")
	}
	admin.post("/admin/settings/rules", url.Values{"csrf_token": {admin.csrf("/admin/plans")}, "on_track_lag": {"5"}, "at_risk_lag": {"20"}})
	_, doc = admin.get("/admin/plans")
	if got := doc.Find(`[data-testid="admin-flash"]`).Text(); !strings.Contains(got, "状态阈值已保存") {
		t.Errorf("saving thresholds: %q", got)
	}
	_, doc = h.client().get("/methodology")
	if !strings.Contains(doc.Text(), "落后序时进度不超过 5 个百分点") {
		t.Errorf("the methodology page does not show the new threshold: %q", doc.Find(".statuses").Text())
	}

	// Override: not by an editor; by a reviewer of the lead department, with a reason; both are shown.
	if resp, _ := editor.post(path+"/override", url.Values{"csrf_token": {editor.csrf(path)}, "status": {"achieved"}, "reason": {"自评"}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("editor override: %d", resp.StatusCode)
	}
	reviewer := h.client()
	reviewer.login("rev@dalian.gov.cn")
	reviewer.post(path+"/override", url.Values{"csrf_token": {reviewer.csrf(path)}, "status": {"off_track"}, "reason": {"监测点位调整，数据不可比"}})
	_, doc = h.client().get(path)
	if got := doc.Find(`[data-testid="override"]`).Text(); !strings.Contains(got, "人工认定：严重滞后") || !strings.Contains(got, "监测点位调整") || !strings.Contains(got, "按规则计算为") {
		t.Errorf("override shown as %q", got)
	}
	now := status("")
	if now["status"] != "off_track" || now["computed_status"] == "off_track" || now["override"] == nil {
		t.Errorf("API: status %v computed %v override %v", now["status"], now["computed_status"], now["override"])
	}
	reviewer.post(path+"/override", url.Values{"csrf_token": {reviewer.csrf(path)}, "status": {""}, "reason": {"数据已可比"}})
	if now := status(""); now["override"] != nil {
		t.Errorf("cleared override still applies: %v", now["override"])
	}
	entries, _ := h.db.Audit(t.Context(), postgresFilter("status"))
	if len(entries) != 2 {
		t.Errorf("overrides in the trail: %d", len(entries))
	}
}

func TestAdministratorBaseline(t *testing.T) {
	t.Parallel()
	h := newHarnessAt(t, time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)) // before the deadline, progress is judged

	testdb.PublishDirectly(t, h.db)
	h.user("admin@dalian.gov.cn", goalpost.UserAdmin)
	pm := h.target("t22-pm25-concentration")
	path := fmt.Sprintf("/targets/%d", pm.ID)
	admin := h.client()
	admin.login("admin@dalian.gov.cn")
	admin.post(path+"/figures", url.Values{"csrf_token": {admin.csrf(path)}, "period": {"2024"}, "value": {"38"}})
	if got, _ := h.db.Target(t.Context(), pm.ID); got.Assessment.Status != goalpost.StatusPending {
		t.Fatalf("one figure, no baseline: %s", got.Assessment.Status)
	}
	admin.post(path+"/baseline", url.Values{"csrf_token": {admin.csrf(path)}, "value": {"45"}, "date": {"2022-12-31"}})
	_, doc := admin.get(path)
	if !strings.Contains(doc.Find(`[data-testid="saved"]`).Text(), "基线须有日期和来源说明") {
		t.Errorf("baseline without a source: %q", doc.Find(`[data-testid="saved"]`).Text())
	}
	admin.post(path+"/baseline", url.Values{"csrf_token": {admin.csrf(path)}, "value": {"45"}, "date": {"2022-12-31"}, "text": {"2022年环境状况公报"}})
	_, doc = h.client().get(path)
	if got := doc.Find(`[data-testid="baseline"]`).Text(); !strings.Contains(got, "45微克/立方米") || !strings.Contains(doc.Text(), "由管理员设定") {
		t.Errorf("baseline shown as %q", got)
	}
	got, _ := h.db.Target(t.Context(), pm.ID)
	if got.Assessment.Status == goalpost.StatusPending || got.Assessment.Progress == nil {
		t.Errorf("with a baseline the figure is assessable: %s %s", got.Assessment.Status, got.Assessment.Reason)
	}
}
