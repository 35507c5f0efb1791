package web_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
)

// TestHistoryHidesUnpublishedFigures: the 变更记录 of a target shows a
// figure's submission, a pending correction and a return reason only to
// those who may see unpublished figures; the public sees them once published.
func TestHistoryHidesUnpublishedFigures(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	h := newHarness(t) // the livelihood plan requires review
	user := func(email string, role goalpost.UserRole, edit, review []string) *goalpost.User {
		u, err := h.db.CreateUser(ctx, email, "用户"+email[:3], role, "correct horse battery", edit, review)
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	editor := user("env@dalian.gov.cn", goalpost.UserEditor, []string{"ecology-environment"}, nil)
	reviewer := user("rev@dalian.gov.cn", goalpost.UserEditor, nil, []string{"ecology-environment"})
	user("edu@dalian.gov.cn", goalpost.UserEditor, []string{"education"}, []string{"education"})
	user("adm@dalian.gov.cn", goalpost.UserAdmin, nil, nil)
	pm := h.target("t22-pm25-concentration")
	add := func(period string, value float64, reason string) goalpost.Figure {
		t.Helper()
		p, err := goalpost.ParsePeriod(period)
		if err != nil {
			t.Fatal(err)
		}
		f, err := h.db.AddFigure(ctx, editor, goalpost.NewFigure{TargetID: pm.ID, Period: p, Value: value, Reason: reason})
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	decide := func(f goalpost.Figure, approve bool, reason string) {
		t.Helper()
		if _, err := h.db.Decide(ctx, reviewer, f.ID, approve, reason); err != nil {
			t.Fatal(err)
		}
	}
	decide(add("2024", 35.6, ""), true, "")            // published
	correction := add("2024", 29.3, "统计口径调整核减")        // pending correction
	add("2023", 41.7, "")                              // submitted
	decide(add("2022", 44.4, ""), false, "数据来源不明确请补充") // returned

	path := fmt.Sprintf("/targets/%d", pm.ID)
	secret := []string{"29.3", "统计口径调整核减", "41.7", "44.4", "数据来源不明确请补充"}
	look := func(c *client) (history, page string) {
		t.Helper()
		resp, doc := c.get(path)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d", path, resp.StatusCode)
		}
		return doc.Find(`[data-testid="history"]`).Text(), doc.Find("body").Text()
	}
	other := h.client()
	other.login("edu@dalian.gov.cn")
	for name, c := range map[string]*client{"anonymous": h.client(), "another department": other} {
		history, page := look(c)
		for _, s := range secret {
			if strings.Contains(page, s) {
				t.Errorf("%s sees %q on the target page; history: %s", name, s, history)
			}
		}
		if !strings.Contains(history, "报送 2024：35.6") || !strings.Contains(history, "批准 2024 第 1 版") {
			t.Errorf("%s does not see the published figure's history: %s", name, history)
		}
	}
	own, admin := h.client(), h.client()
	own.login("env@dalian.gov.cn")
	admin.login("adm@dalian.gov.cn")
	for name, c := range map[string]*client{"own official": own, "administrator": admin} {
		history, _ := look(c)
		for _, s := range secret {
			if !strings.Contains(history, s) {
				t.Errorf("%s does not see %q in the history: %s", name, s, history)
			}
		}
	}

	decide(correction, true, "")
	history, _ := look(h.client())
	if !strings.Contains(history, "更正 2024：35.6 → 29.3（原因：统计口径调整核减）") || !strings.Contains(history, "批准 2024 第 2 版") {
		t.Errorf("the public does not see the approved correction: %s", history)
	}
	for _, s := range []string{"41.7", "数据来源不明确请补充"} {
		if strings.Contains(history, s) {
			t.Errorf("after approving another figure the public sees %q: %s", s, history)
		}
	}
}
