package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/pquerna/otp/totp"
)

func TestTwoStepSignIn(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.user("env@dalian.gov.cn", goalpost.UserEditor, "ecology-environment")
	h.user("admin@dalian.gov.cn", goalpost.UserAdmin)
	c := h.client()
	c.login("env@dalian.gov.cn")

	_, doc := c.post("/account/totp/start", url.Values{"csrf_token": {c.csrf("/account")}})
	secret := doc.Find(`[data-testid="totp-secret"]`).Text()
	if len(secret) < 16 {
		t.Fatalf("no secret shown: %q", doc.Find("main").Text())
	}
	if resp, _ := c.post("/account/totp/confirm", url.Values{"csrf_token": {c.csrf("/account")}, "code": {"000000"}}); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("wrong code at enrolment: %d", resp.StatusCode)
	}
	code, _ := totp.GenerateCode(secret, time.Now())
	if resp, _ := c.post("/account/totp/confirm", url.Values{"csrf_token": {c.csrf("/account")}, "code": {code}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("enrol: %d", resp.StatusCode)
	}
	_, doc = c.get("/account")
	if doc.Find(`[data-testid="totp-on"]`).Length() != 1 {
		t.Error("account page does not say two-step sign-in is on")
	}

	// Signing in now takes the password and then a code.
	fresh := h.client()
	resp, _ := fresh.post("/login", url.Values{"csrf_token": {fresh.csrf("/login")}, "email": {"env@dalian.gov.cn"}, "password": {"correct horse battery"}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/login/totp" {
		t.Fatalf("password step: %d → %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	if _, doc := fresh.get("/"); doc.Find(`[data-testid="signed-in"]`).Length() != 0 {
		t.Error("signed in after the password alone")
	}
	resp, doc = fresh.post("/login/totp", url.Values{"csrf_token": {fresh.csrf("/login/totp")}, "code": {"123456"}})
	if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(doc.Find(`[data-testid="totp-error"]`).Text(), "验证码不正确") {
		t.Errorf("wrong code: %d", resp.StatusCode)
	}
	// The enrolment code is spent; the app's next one signs in.
	code, _ = totp.GenerateCode(secret, time.Now().Add(30*time.Second))
	if resp, _ := fresh.post("/login/totp", url.Values{"csrf_token": {fresh.csrf("/login/totp")}, "code": {code}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("code step: %d", resp.StatusCode)
	}
	if _, doc := fresh.get("/"); doc.Find(`[data-testid="signed-in"]`).Length() != 1 {
		t.Error("not signed in after the code")
	}

	// When administrators require it, an account without it can only enrol.
	admin := h.client()
	admin.login("admin@dalian.gov.cn")
	admin.post("/admin/settings/totp", url.Values{"csrf_token": {admin.csrf("/admin/users")}, "require": {"true"}})
	if resp, _ := admin.get("/work"); resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/account") {
		t.Errorf("admin without a second factor on /work: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	if resp, _ := admin.get("/account"); resp.StatusCode != http.StatusOK {
		t.Errorf("enrolment page: %d", resp.StatusCode)
	}
	if resp, _ := fresh.get("/work"); resp.StatusCode != http.StatusOK {
		t.Errorf("an account with a second factor: %d", resp.StatusCode)
	}
}
