package web_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/goalpost-civic/goalpost/internal/goalpost"
)

func TestMyWork(t *testing.T) {
	t.Parallel()
	h := newHarness(t) // review required
	h.user("env@dalian.gov.cn", goalpost.UserEditor, "ecology-environment")
	h.user("admin@dalian.gov.cn", goalpost.UserAdmin)
	if _, err := h.db.CreateUser(context.Background(), "rev@dalian.gov.cn", "审核员", goalpost.UserEditor, "correct horse battery", nil, []string{"ecology-environment"}); err != nil {
		t.Fatal(err)
	}
	pm := h.target("t22-pm25-concentration")
	days := h.target("t22-heavy-pollution-days-ratio")
	path := fmt.Sprintf("/targets/%d", pm.ID)

	// An administrator makes PM2.5 a monthly target due on the 5th.
	admin := h.client()
	admin.login("admin@dalian.gov.cn")
	admin.post(path+"/schedule", url.Values{"csrf_token": {admin.csrf(path)}, "cadence": {"monthly"}, "due_day": {"5"}})
	_, doc := admin.get(path)
	if got := doc.Find(`[data-testid="schedule"]`).Text(); !strings.Contains(got, "每月报送，次月5日前") {
		t.Errorf("schedule reads %q", got)
	}
	if resp, _ := admin.post(path+"/schedule", url.Values{"csrf_token": {admin.csrf(path)}, "cadence": {"weekly"}, "due_day": {"5"}}); resp.StatusCode != 400 {
		t.Errorf("weekly: %d", resp.StatusCode)
	}

	editor := h.client()
	editor.login("env@dalian.gov.cn")
	items := func() map[string]string {
		_, doc := editor.get("/work")
		out := map[string]string{}
		doc.Find(`[data-testid="work-item"]`).Each(func(_ int, s *goquery.Selection) {
			kind, _ := s.Attr("data-kind")
			title := s.Find("a").Text()
			period := strings.TrimSpace(s.Find(`td`).Eq(2).Text())
			out[title+" "+period] = kind
		})
		return out
	}
	got := items()
	// Every plan period has ended: the last due periods are overdue.
	if got[pm.Title+" 2025-12"] != "overdue" || got[days.Title+" 2025"] != "overdue" {
		t.Fatalf("work items = %v", got)
	}

	// Entered (even if still waiting for review): no longer overdue.
	editor.post(path+"/figures", url.Values{"csrf_token": {editor.csrf(path)}, "period": {"2025-12"}, "value": {"31"}})
	if got := items(); got[pm.Title+" 2025-12"] != "" {
		t.Errorf("after entering 2025-12: %v", got[pm.Title+" 2025-12"])
	}
	reviewer := h.client()
	reviewer.login("rev@dalian.gov.cn")
	_, doc = reviewer.get("/work")
	if !strings.Contains(doc.Find(`[data-testid="work-review"]`).Text(), "有 1 条数据等待您审核") {
		t.Errorf("reviewer's work: %q", doc.Find("main").Text())
	}
	_, doc = reviewer.get("/review")
	action, _ := doc.Find(`form[action$="/return"]`).Attr("action")
	reviewer.post(action, url.Values{"csrf_token": {reviewer.csrf("/review")}, "reason": {"请附月报"}})
	got = items()
	if got[pm.Title+" 2025-12"] != "overdue" {
		t.Errorf("a returned figure does not count as reported: %v", got)
	}
	_, doc = editor.get("/work")
	if first := doc.Find(`[data-testid="work-item"]`).First(); first.AttrOr("data-kind", "") != "returned" || !strings.Contains(first.Text(), "请附月报") {
		t.Errorf("first item = %q", first.Text())
	}
}

func TestDrafts(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.user("env@dalian.gov.cn", goalpost.UserEditor, "ecology-environment")
	pm := h.target("t22-pm25-concentration")
	path := fmt.Sprintf("/targets/%d", pm.ID)
	c := h.client()
	c.login("env@dalian.gov.cn")
	// Half done, even invalid: kept as typed, nothing submitted.
	c.post(path+"/figures", url.Values{"csrf_token": {c.csrf(path)}, "action": {"draft"}, "period": {"2024"}, "value": {"约35"}, "note": {"待核实"}})
	if figs, _ := h.db.Figures(context.Background(), pm.ID, true); len(figs) != 0 {
		t.Fatal("a draft was submitted")
	}
	_, doc := c.get(path)
	if v, _ := doc.Find(`input[name="value"]`).Attr("value"); v != "约35" || doc.Find(`textarea[name="note"]`).Text() != "待核实" {
		t.Errorf("draft not restored: value %q", v)
	}
	if !strings.Contains(doc.Find(`[data-testid="saved"]`).Text(), "草稿已保存") || doc.Find(`[data-testid="draft-note"]`).Length() != 1 {
		t.Error("the page does not say it shows a draft")
	}
	_, doc = c.get("/work")
	if !strings.Contains(doc.Find(`[data-testid="drafts"]`).Text(), pm.Title) {
		t.Error("my work does not list the draft")
	}
	// Submitting it removes the draft.
	c.post(path+"/figures", url.Values{"csrf_token": {c.csrf(path)}, "action": {"submit"}, "period": {"2024"}, "value": {"35"}})
	if _, doc := c.get("/work"); doc.Find(`[data-testid="drafts"]`).Length() != 0 {
		t.Error("the draft outlived its submission")
	}
	// Another person does not see it.
	h.user("env2@dalian.gov.cn", goalpost.UserEditor, "ecology-environment")
	c.post(path+"/figures", url.Values{"csrf_token": {c.csrf(path)}, "action": {"draft"}, "period": {"2025"}, "value": {"30"}})
	other := h.client()
	other.login("env2@dalian.gov.cn")
	if _, doc := other.get(path); doc.Find(`[data-testid="draft-note"]`).Length() != 0 {
		t.Error("someone else's draft is shown")
	}
}
