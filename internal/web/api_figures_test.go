package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/testdb"
)

// apiPost sends JSON with an optional bearer token and decodes the answer.
func apiPost(t *testing.T, h *harness, path, token, body string, header ...string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, h.srv.URL+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out
}

func TestFiguresAPI(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	testdb.PublishDirectly(t, h.db)
	ctx := context.Background()
	h.user("hr@dalian.gov.cn", goalpost.UserEditor, "hrss")
	token, err := h.db.CreateToken(ctx, "hr@dalian.gov.cn", "人社局统计系统")
	if err != nil {
		t.Fatal(err)
	}
	jobs := h.target("overall-new-urban-jobs") // cumulative 38万人, owned by hrss via task 1
	pm := h.target("t22-pm25-concentration")   // owned by ecology-environment
	path := fmt.Sprintf("/api/v1/targets/%d/figures", jobs.ID)

	status, body := apiPost(t, h, path, token, `{"value": 13.0, "period": "2023", "note": "年报", "source_url": "https://rsj.dl.gov.cn/2023"}`)
	if status != http.StatusCreated || body["value"] != 13.0 || body["period"] != "2023" || body["revision"] != 1.0 {
		t.Fatalf("create: %d %v", status, body)
	}
	// A year before the plan's start is how baseline-year figures arrive.
	if status, body := apiPost(t, h, path, token, `{"value": "12.1万", "period": "2022"}`); status != http.StatusCreated || body["value"] != 12.1 {
		t.Errorf("baseline year as text: %d %v", status, body)
	}
	for _, tc := range []struct {
		name, token, body string
		status            int
		code, message     string
	}{
		{"no token", "", `{"value": 1, "period": "2024"}`, 401, "unauthorized", "需要 API 令牌"},
		{"bad token", "gp_nope", `{"value": 1, "period": "2024"}`, 401, "unauthorized", "令牌无效"},
		{"bad period", token, `{"value": 1, "period": "2024-13"}`, 400, "invalid", "2024-13"},
		{"bad value", token, `{"value": "一万", "period": "2024"}`, 400, "invalid", "一万"},
		{"unknown field", token, `{"value": 1, "period": "2024", "colour": "red"}`, 400, "invalid", "colour"},
		{"not JSON", token, `value=1`, 400, "invalid", "JSON"},
		{"correction without reason", token, `{"value": 13.5, "period": "2023"}`, 400, "invalid", "更正原因"},
		{"overlapping period", token, `{"value": 3, "period": "2023-Q4"}`, 400, "invalid", "重叠"},
	} {
		status, body := apiPost(t, h, path, tc.token, tc.body)
		e, _ := body["error"].(map[string]any)
		msg, _ := e["message"].(string)
		if status != tc.status || e["code"] != tc.code || !strings.Contains(msg, tc.message) {
			t.Errorf("%s: %d %v, want %d %s containing %q", tc.name, status, body, tc.status, tc.code, tc.message)
		}
	}
	if status, _ := apiPost(t, h, fmt.Sprintf("/api/v1/targets/%d/figures", pm.ID), token, `{"value": 30, "period": "2024"}`); status != http.StatusForbidden {
		t.Errorf("other department's target: %d, want 403", status)
	}
	if status, _ := apiPost(t, h, "/api/v1/targets/999999/figures", token, `{"value": 30, "period": "2024"}`); status != http.StatusNotFound {
		t.Errorf("unknown target: %d, want 404", status)
	}
	// A signed-in browser session is no credential for the API.
	c := h.client()
	c.login("hr@dalian.gov.cn")
	u, _ := url.Parse(h.srv.URL)
	var cookies []string
	for _, ck := range c.http.Jar.Cookies(u) {
		cookies = append(cookies, ck.Name+"="+ck.Value)
	}
	if status, _ := apiPost(t, h, path, "", `{"value": 1, "period": "2024"}`, "Cookie", strings.Join(cookies, "; ")); status != http.StatusUnauthorized {
		t.Errorf("cookie instead of token: %d, want 401", status)
	}

	resp, err := http.Get(h.srv.URL + fmt.Sprintf("/api/v1/targets/%d", jobs.ID))
	if err != nil {
		t.Fatal(err)
	}
	var one struct {
		Target  map[string]any   `json:"target"`
		Figures []map[string]any `json:"figures"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&one)
	resp.Body.Close()
	if len(one.Figures) != 2 || one.Target["current"] != 13.0 {
		t.Errorf("target: total %v, %d figures", one.Target["current"], len(one.Figures))
	}

	// Revoked tokens stop working.
	u1, _ := h.db.UserByToken(ctx, token)
	tokens, _ := h.db.Tokens(ctx, u1.ID)
	if len(tokens) != 1 || tokens[0].Name != "人社局统计系统" || tokens[0].LastUsedAt == nil {
		t.Fatalf("tokens = %+v", tokens)
	}
	if err := h.db.RevokeToken(ctx, u1, tokens[0].ID); err != nil {
		t.Fatal(err)
	}
	if status, _ := apiPost(t, h, path, token, `{"value": 1, "period": "2024"}`); status != http.StatusUnauthorized {
		t.Errorf("revoked token: %d, want 401", status)
	}
}

func TestReviewAPI(t *testing.T) {
	t.Parallel()
	h := newHarness(t) // review required
	ctx := context.Background()
	h.user("editor@dalian.gov.cn", goalpost.UserEditor, "ecology-environment")
	if _, err := h.db.CreateUser(ctx, "reviewer@dalian.gov.cn", "审核员", goalpost.UserEditor, "correct horse battery", nil, []string{"ecology-environment"}); err != nil {
		t.Fatal(err)
	}
	editorToken, _ := h.db.CreateToken(ctx, "editor@dalian.gov.cn", "")
	reviewerToken, _ := h.db.CreateToken(ctx, "reviewer@dalian.gov.cn", "")
	pm := h.target("t22-pm25-concentration")

	status, body := apiPost(t, h, fmt.Sprintf("/api/v1/targets/%d/figures", pm.ID), editorToken, `{"value": 35, "period": "2024"}`)
	if status != http.StatusCreated || body["state"] != "submitted" || body["current"] != false {
		t.Fatalf("submit: %d %v", status, body)
	}
	id := int64(body["id"].(float64))
	approve := fmt.Sprintf("/api/v1/figures/%d/approve", id)
	if status, _ := apiPost(t, h, approve, editorToken, ``); status != http.StatusForbidden {
		t.Errorf("editor approving: %d, want 403", status)
	}
	if status, body := apiPost(t, h, fmt.Sprintf("/api/v1/figures/%d/return", id), reviewerToken, `{}`); status != http.StatusBadRequest {
		t.Errorf("return without reason: %d %v", status, body)
	}
	if status, body := apiPost(t, h, approve, reviewerToken, ``); status != http.StatusOK || body["state"] != "published" {
		t.Errorf("approve: %d %v", status, body)
	}
	if status, _ := apiPost(t, h, approve, reviewerToken, ``); status != http.StatusConflict {
		t.Errorf("approving twice: %d, want 409", status)
	}
	if got, _ := h.db.Target(ctx, pm.ID); got.Summary.Latest == nil || got.Summary.Latest.Value != 35 {
		t.Error("approved figure not public")
	}
}

func TestTokensInTheAccountPage(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.user("hr@dalian.gov.cn", goalpost.UserEditor, "hrss")
	jobs := h.target("overall-new-urban-jobs")
	c := h.client()
	if resp, _ := c.get("/account"); resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/login") {
		t.Errorf("anonymous /account: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	c.login("hr@dalian.gov.cn")
	resp, doc := c.post("/account/tokens", url.Values{"csrf_token": {c.csrf("/account")}, "name": {"人社统计系统"}})
	token := doc.Find(`[data-testid="new-token"]`).Text()
	if resp.StatusCode != http.StatusCreated || !strings.HasPrefix(token, "gp_") {
		t.Fatalf("create: %d %q", resp.StatusCode, token)
	}
	if status, _ := apiPost(t, h, fmt.Sprintf("/api/v1/targets/%d/figures", jobs.ID), token, `{"value": 1, "period": "2024"}`); status != http.StatusCreated {
		t.Errorf("new token: %d", status)
	}
	_, doc = c.get("/account")
	if doc.Find(`[data-testid="new-token"]`).Length() != 0 {
		t.Error("the secret is shown again")
	}
	row := doc.Find(`[data-testid="token-row"]`)
	if row.Length() != 1 || !strings.Contains(row.Text(), "人社统计系统") || !strings.Contains(row.Text(), token[:9]) {
		t.Errorf("token row = %q", row.Text())
	}
	action, _ := row.Find("form").Attr("action")
	// Another account cannot revoke this one's tokens.
	h.user("edu@dalian.gov.cn", goalpost.UserEditor, "education")
	other := h.client()
	other.login("edu@dalian.gov.cn")
	if resp, _ := other.post(action, url.Values{"csrf_token": {other.csrf("/account")}}); resp.StatusCode != http.StatusNotFound {
		t.Errorf("revoking someone else's token: %d, want 404", resp.StatusCode)
	}
	if resp, _ := c.post(action, url.Values{"csrf_token": {c.csrf("/account")}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("revoke: %d", resp.StatusCode)
	}
	if status, _ := apiPost(t, h, fmt.Sprintf("/api/v1/targets/%d/figures", jobs.ID), token, `{"value": 1, "period": "2025"}`); status != http.StatusUnauthorized {
		t.Errorf("revoked token: %d, want 401", status)
	}
}

func TestAsOf(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	testdb.PublishDirectly(t, h.db)
	h.user("env@dalian.gov.cn", goalpost.UserEditor, "ecology-environment")
	token, _ := h.db.CreateToken(context.Background(), "env@dalian.gov.cn", "")
	pm := h.target("t22-pm25-concentration")
	for _, body := range []string{`{"value": 40, "period": "2023"}`, `{"value": 35, "period": "2024"}`} {
		if status, b := apiPost(t, h, fmt.Sprintf("/api/v1/targets/%d/figures", pm.ID), token, body); status != http.StatusCreated {
			t.Fatalf("%s: %d %v", body, status, b)
		}
	}
	get := func(query string) (int, map[string]any, []any) {
		resp, err := http.Get(fmt.Sprintf("%s/api/v1/targets/%d%s", h.srv.URL, pm.ID, query))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var body struct {
			Target  map[string]any `json:"target"`
			Figures []any          `json:"figures"`
		}
		_ = json.NewDecoder(resp.Body).Decode(&body)
		return resp.StatusCode, body.Target, body.Figures
	}
	_, then, figs := get("?as_of=2023-12-31")
	if then["status"] != "pending" || then["as_of"] != "2023-12-31" || len(figs) != 1 {
		t.Errorf("as of 2023: %v %v, %d figures", then["status"], then["status_reason"], len(figs))
	}
	_, then, _ = get("?as_of=2024-12-31")
	// Base 40 (first figure), target ≤ 32: progress (35−40)/(32−40) = 62.5%; 366 of 731 days from 2023-12-31 to
	// 2025-12-31 have passed (50.07%), so 12.43 points ahead.
	if then["status"] != "on_track" || then["progress"] != 0.625 || then["lag_points"] != -12.43 {
		t.Errorf("as of 2024: %v progress %v lag %v (%v)", then["status"], then["progress"], then["lag_points"], then["status_reason"])
	}
	if p, _ := then["projected_value"].(float64); p < 29.9 || p > 30.1 {
		t.Errorf("projected %v, want about 30 on the line through 40 and 35", then["projected_value"])
	}
	_, now, _ := get("")
	if now["update_overdue"] != true {
		t.Errorf("today the 2025 figure is overdue: %v", now["update_overdue"])
	}
	if status, _, _ := get("?as_of=2024-13-01"); status != http.StatusBadRequest {
		t.Errorf("bad as_of: %d", status)
	}
}
