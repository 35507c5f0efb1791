package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/postgres"
	"github.com/goalpost-civic/goalpost/internal/testdb"
)

// userID finds an account's id by email.
func (h *harness) userID(email string) int64 {
	h.t.Helper()
	users, err := h.db.Users(context.Background())
	if err != nil {
		h.t.Fatal(err)
	}
	for _, u := range users {
		if u.Email == email {
			return u.ID
		}
	}
	h.t.Fatalf("no account %s", email)
	return 0
}

// apiWorks pushes a figure (or its correction) with token and returns the
// status and the JSON error message, if any.
func apiWorks(t *testing.T, h *harness, token string) (int, string) {
	t.Helper()
	path := fmt.Sprintf("/api/v1/targets/%d/figures", h.target("overall-new-urban-jobs").ID)
	status, body := apiPost(t, h, path, token, `{"value": 1, "period": "2023", "reason": "核对统计口径"}`)
	msg := ""
	if e, ok := body["error"].(map[string]any); ok {
		msg, _ = e["message"].(string)
	}
	return status, msg
}

func auditHas(t *testing.T, h *harness, entity, action string, entityID int64) bool {
	t.Helper()
	entries, err := h.db.Audit(context.Background(), postgres.AuditFilter{Entity: entity})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Action == action && e.EntityID == entityID {
			return true
		}
	}
	return false
}

func TestPasswordResetRevokesTokens(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	testdb.PublishDirectly(t, h.db)
	ctx := context.Background()
	h.user("admin@dalian.gov.cn", goalpost.UserAdmin)
	h.user("hr@dalian.gov.cn", goalpost.UserEditor, "hrss")
	token, err := h.db.CreateToken(ctx, "hr@dalian.gov.cn", "统计系统")
	if err != nil {
		t.Fatal(err)
	}
	if status, msg := apiWorks(t, h, token); status != http.StatusCreated {
		t.Fatalf("token before the reset: %d %s", status, msg)
	}
	admin := h.client()
	admin.login("admin@dalian.gov.cn")
	id := h.userID("hr@dalian.gov.cn")
	admin.post(fmt.Sprintf("/admin/users/%d/password", id), url.Values{"csrf_token": {admin.csrf("/admin/users")}, "password": {"a brand new passphrase"}})
	if status, _ := apiWorks(t, h, token); status != http.StatusUnauthorized {
		t.Errorf("token after a password reset: %d, want 401", status)
	}
	tokens, _ := h.db.Tokens(ctx, id)
	if len(tokens) != 1 || tokens[0].RevokedAt == nil || !auditHas(t, h, "api_token", "revoke", tokens[0].ID) {
		t.Errorf("token not revoked in the record: %+v", tokens)
	}
}

func TestDisableAccount(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	testdb.PublishDirectly(t, h.db)
	ctx := context.Background()
	h.user("admin@dalian.gov.cn", goalpost.UserAdmin)
	h.user("hr@dalian.gov.cn", goalpost.UserEditor, "hrss")
	token, _ := h.db.CreateToken(ctx, "hr@dalian.gov.cn", "统计系统")
	hr := h.client()
	hr.login("hr@dalian.gov.cn")
	admin := h.client()
	admin.login("admin@dalian.gov.cn")
	id, adminID := h.userID("hr@dalian.gov.cn"), h.userID("admin@dalian.gov.cn")

	_, doc := admin.get("/admin/users")
	if doc.Find(fmt.Sprintf(`form[action="/admin/users/%d/disable"] input[name="csrf_token"]`, id)).Length() != 1 {
		t.Fatal("no disable button for the account on /admin/users")
	}
	// Not oneself: an administrator would lock themselves out.
	admin.post(fmt.Sprintf("/admin/users/%d/disable", adminID), url.Values{"csrf_token": {admin.csrf("/admin/users")}})
	if _, doc := admin.get("/admin/users"); !strings.Contains(doc.Find(`[data-testid="admin-flash"]`).Text(), "不能停用自己") {
		t.Errorf("self-disable: %q", doc.Find(`[data-testid="admin-flash"]`).Text())
	}
	// Only administrators.
	if resp, _ := hr.post(fmt.Sprintf("/admin/users/%d/disable", adminID), url.Values{"csrf_token": {hr.csrf("/")}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("an editor disabling an administrator: %d", resp.StatusCode)
	}

	resp, _ := admin.post(fmt.Sprintf("/admin/users/%d/disable", id), url.Values{"csrf_token": {admin.csrf("/admin/users")}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("disable: %d", resp.StatusCode)
	}
	_, doc = admin.get("/admin/users")
	if !strings.Contains(doc.Find(`[data-testid="admin-flash"]`).Text(), "已停用") {
		t.Errorf("flash after disabling: %q", doc.Find(`[data-testid="admin-flash"]`).Text())
	}
	// The open session ends at once, the token stops, and signing in is refused with the reason.
	if _, doc := hr.get("/"); doc.Find(`[data-testid="signed-in"]`).Length() != 0 {
		t.Error("the disabled account's session still works")
	}
	if status, msg := apiWorks(t, h, token); status != http.StatusUnauthorized || !strings.Contains(msg, "停用") {
		t.Errorf("the disabled account's token: %d %q", status, msg)
	}
	fresh := h.client()
	resp, doc = fresh.post("/login", url.Values{"csrf_token": {fresh.csrf("/login")}, "email": {"hr@dalian.gov.cn"}, "password": {"correct horse battery"}})
	if resp.StatusCode != http.StatusForbidden || !strings.Contains(doc.Find(`[data-testid="login-error"]`).Text(), "已停用") {
		t.Errorf("sign-in of a disabled account: %d %q", resp.StatusCode, doc.Find(`[data-testid="login-error"]`).Text())
	}
	// A wrong password does not learn that the account is disabled.
	resp, doc = fresh.post("/login", url.Values{"csrf_token": {fresh.csrf("/login")}, "email": {"hr@dalian.gov.cn"}, "password": {"wrong password"}})
	if resp.StatusCode != http.StatusUnauthorized || strings.Contains(doc.Text(), "停用") {
		t.Errorf("wrong password for a disabled account: %d", resp.StatusCode)
	}
	if !auditHas(t, h, "user", "disable", id) {
		t.Error("no audit entry for disabling")
	}

	admin.post(fmt.Sprintf("/admin/users/%d/enable", id), url.Values{"csrf_token": {admin.csrf("/admin/users")}})
	again := h.client()
	again.login("hr@dalian.gov.cn")
	if !auditHas(t, h, "user", "enable", id) {
		t.Error("no audit entry for enabling")
	}
	// Tokens of the disabled account were ended for good, like its sessions.
	if status, _ := apiWorks(t, h, token); status != http.StatusUnauthorized {
		t.Errorf("old token after re-enabling: %d, want 401", status)
	}
}

func TestAdministratorsRevokeAnyToken(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	testdb.PublishDirectly(t, h.db)
	ctx := context.Background()
	h.user("admin@dalian.gov.cn", goalpost.UserAdmin)
	h.user("hr@dalian.gov.cn", goalpost.UserEditor, "hrss")
	h.user("env@dalian.gov.cn", goalpost.UserEditor, "ecology-environment")
	token, _ := h.db.CreateToken(ctx, "hr@dalian.gov.cn", "人社局统计系统")
	apiWorks(t, h, token)
	tokens, _ := h.db.Tokens(ctx, h.userID("hr@dalian.gov.cn"))
	tokenID := tokens[0].ID

	// Another editor can neither see nor revoke it.
	env := h.client()
	env.login("env@dalian.gov.cn")
	if resp, _ := env.get("/admin/tokens"); resp.StatusCode != http.StatusForbidden {
		t.Errorf("editor on /admin/tokens: %d", resp.StatusCode)
	}
	env.post(fmt.Sprintf("/admin/tokens/%d/revoke", tokenID), url.Values{"csrf_token": {env.csrf("/")}})
	env.post(fmt.Sprintf("/account/tokens/%d/revoke", tokenID), url.Values{"csrf_token": {env.csrf("/")}})
	if status, _ := apiWorks(t, h, token); status == http.StatusUnauthorized || status == http.StatusForbidden {
		t.Fatalf("token after another editor tried to revoke it: %d", status)
	}

	admin := h.client()
	admin.login("admin@dalian.gov.cn")
	if _, doc := admin.get("/admin/users"); doc.Find(`a[href="/admin/tokens"]`).Length() == 0 {
		t.Error("/admin/users does not link the token list")
	}
	_, doc := admin.get("/admin/tokens")
	row := doc.Find(`[data-testid="token-row"]`)
	if row.Length() != 1 || !strings.Contains(row.Text(), "hr@dalian.gov.cn") || !strings.Contains(row.Text(), "人社局统计系统") {
		t.Fatalf("token list: %q", doc.Find("main").Text())
	}
	resp, _ := admin.post(fmt.Sprintf("/admin/tokens/%d/revoke", tokenID), url.Values{"csrf_token": {admin.csrf("/admin/tokens")}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("revoke: %d", resp.StatusCode)
	}
	if status, _ := apiWorks(t, h, token); status != http.StatusUnauthorized {
		t.Errorf("token revoked by an administrator: %d, want 401", status)
	}
	if _, doc := admin.get("/admin/tokens"); !strings.Contains(doc.Find(`[data-testid="token-row"]`).Text(), "已撤销") {
		t.Errorf("list does not show the token revoked: %q", doc.Find(`[data-testid="token-row"]`).Text())
	}
	if !auditHas(t, h, "api_token", "revoke", tokenID) {
		t.Error("no audit entry")
	}
}

func TestTokenNeedsRequiredTwoStep(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	testdb.PublishDirectly(t, h.db)
	ctx := context.Background()
	h.user("admin@dalian.gov.cn", goalpost.UserAdmin)
	h.user("hr@dalian.gov.cn", goalpost.UserEditor, "hrss")
	h.user("hr2@dalian.gov.cn", goalpost.UserEditor, "hrss")
	plain, _ := h.db.CreateToken(ctx, "hr@dalian.gov.cn", "")
	enrolled, _ := h.db.CreateToken(ctx, "hr2@dalian.gov.cn", "")
	enrolTOTP(t, h, "hr2@dalian.gov.cn")
	admin, err := h.db.Authenticate(ctx, "admin@dalian.gov.cn", "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if err := h.db.SetRequireTOTP(ctx, admin, true); err != nil {
		t.Fatal(err)
	}
	status, msg := apiWorks(t, h, plain)
	if status != http.StatusForbidden || !strings.Contains(msg, "两步验证") {
		t.Errorf("token of an account without the required second factor: %d %q", status, msg)
	}
	if status, msg := apiWorks(t, h, enrolled); status != http.StatusCreated {
		t.Errorf("token of an enrolled account: %d %q", status, msg)
	}
}
