package web_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/testdb"
)

// TestRankTargetTakesARankOfPeers: 保持全省前列 takes a place with the
// number of cities ranked, refuses a figure without it, and after the
// deadline, without the figure for 2025, is awaiting it, saying so in
// Chinese and in English (issue 9).
func TestRankTargetTakesARankOfPeers(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	testdb.PublishDirectly(t, h.db)
	h.user("admin@dalian.gov.cn", goalpost.UserAdmin)
	dibao := h.target("t06-dibao-standard-provincial-rank")
	path := fmt.Sprintf("/targets/%d", dibao.ID)
	admin := h.client()
	admin.login("admin@dalian.gov.cn")

	_, form := admin.get(path)
	if got := form.Find(`form[action$="/figures"]`).Text(); !strings.Contains(got, "名次（第几名）") || !strings.Contains(got, "参与排名的总数") {
		t.Errorf("the figure form of a rank target reads %q, want the rank and the number ranked", got)
	}
	_, doc := admin.post(path+"/figures", url.Values{"csrf_token": {admin.csrf(path)}, "period": {"2024"}, "value": {"2"}})
	if got := doc.Text(); !strings.Contains(got, "参与排名的总数") {
		t.Errorf("a rank without the number ranked: %q", strings.Join(strings.Fields(got), " "))
	}
	if got, _ := h.db.Target(t.Context(), dibao.ID); got.Summary.Count != 0 {
		t.Fatalf("a rank without the number ranked was stored")
	}
	admin.post(path+"/figures", url.Values{"csrf_token": {admin.csrf(path)}, "period": {"2024"}, "value": {"2"}, "reference": {"14"}})

	_, page := h.client().get(path)
	if got := page.Find(`[data-testid="latest"]`).Text(); got != "第 2 名（共 14 个）（2024）" {
		t.Errorf("latest = %q", got)
	}
	if got := strings.TrimSpace(page.Find(`[data-testid="status"]`).First().Text()); got != "待最终数据" {
		t.Errorf("status = %q, want 待最终数据 (today is past 2025 and the 2025 rank has not arrived)", got)
	}
	if got, want := page.Find(`[data-testid="status-reason"]`).Text(), "期限 2025年12月31日 已过，2025 年的最终数据尚未报送：最新排名第 2（共 14 个，2024）；2025 年须位列前 3 名"; got != want {
		t.Errorf("reason = %q, want %q", got, want)
	}
	_, en := h.client().get(path + "?lang=en")
	if got, want := en.Find(`[data-testid="status-reason"]`).Text(), "The deadline, 31 December 2025, has passed and the final figure, for 2025, has not arrived: the latest rank is 2 of 14 (2024); in 2025 it must be in the top 3"; got != want {
		t.Errorf("English reason = %q, want %q", got, want)
	}
	if got := strings.TrimSpace(en.Find(`[data-testid="status"]`).First().Text()); got != "Awaiting the final figure" {
		t.Errorf("English status = %q", got)
	}

	admin.post(path+"/figures", url.Values{"csrf_token": {admin.csrf(path)}, "period": {"2025"}, "value": {"5"}, "reference": {"14"}})
	if got, _ := h.db.Target(t.Context(), dibao.ID); got.Assessment.Status != goalpost.StatusMissed || got.Assessment.Reason != "2025 排名第 5（共 14 个），不符合要求（前 3 名）" {
		t.Errorf("5th of 14 in 2025: %s, %q", got.Assessment.Status, got.Assessment.Reason)
	}
}

// TestAwaitingFinalCountsInRollUps: the plan page and the home page count
// 待最终数据 as a status of its own, and it filters.
func TestAwaitingFinalCountsInRollUps(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	testdb.PublishDirectly(t, h.db)
	h.user("admin@dalian.gov.cn", goalpost.UserAdmin)
	kinder := h.target("overall-inclusive-kindergarten-coverage")
	path := fmt.Sprintf("/targets/%d", kinder.ID)
	admin := h.client()
	admin.login("admin@dalian.gov.cn")
	admin.post(path+"/figures", url.Values{"csrf_token": {admin.csrf(path)}, "period": {"2024"}, "value": {"87.6"}})

	_, home := h.client().get("/")
	counts := home.Find(`[data-testid="count-awaiting_final"]`).Map(func(_ int, s *goquery.Selection) string { return s.Text() })
	if got := strings.Join(counts, ","); got != "1" { // the home page lists the counts that are not zero
		t.Errorf("home page counts of 待最终数据 = %q, want 1 (the livelihood plan)", got)
	}
	_, plan := h.client().get("/plans/dalian-2023-livelihood?status=awaiting_final")
	rows := plan.Find(`[data-testid="target-row"]`)
	if rows.Length() != 1 || !strings.Contains(rows.Text(), "普惠性幼儿园覆盖率") || !strings.Contains(rows.Text(), "待最终数据") {
		t.Errorf("filtered plan page: %d rows, %q", rows.Length(), strings.Join(strings.Fields(rows.Text()), " "))
	}
}
