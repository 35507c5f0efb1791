package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/pquerna/otp/totp"
)

// enrolTOTP gives the account a second factor and returns its secret.
func enrolTOTP(t *testing.T, h *harness, email string) string {
	t.Helper()
	ctx := context.Background()
	key, err := totp.Generate(totp.GenerateOpts{Issuer: "Goalpost", AccountName: email})
	if err != nil {
		t.Fatal(err)
	}
	u, err := h.db.Authenticate(ctx, email, "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if err := h.db.SetTOTPSecret(ctx, u, key.Secret()); err != nil {
		t.Fatal(err)
	}
	return key.Secret()
}

// passwordStep signs in with the password only; the session then waits for a code.
func (c *client) passwordStep(email string) {
	c.h.t.Helper()
	resp, doc := c.post("/login", url.Values{"csrf_token": {c.csrf("/login")}, "email": {email}, "password": {"correct horse battery"}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/login/totp" {
		c.h.t.Fatalf("password step for %s: %d → %s %s", email, resp.StatusCode, resp.Header.Get("Location"), doc.Find("main").Text())
	}
}

// code submits a one-time code and returns the status and the page's error.
func (c *client) code(code string) (int, string) {
	c.h.t.Helper()
	resp, doc := c.post("/login/totp", url.Values{"csrf_token": {c.csrf("/login/totp")}, "code": {code}})
	return resp.StatusCode, doc.Find(`[data-testid="totp-error"]`).Text()
}

// Knowing the password must not give unlimited guesses at the code: the
// password step no longer clears the account's failures.
func TestTwoStepCodesAreThrottled(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.user("env@dalian.gov.cn", goalpost.UserEditor, "ecology-environment")
	enrolTOTP(t, h, "env@dalian.gov.cn")

	checked, refused := 0, 0
	for round := range 5 {
		c := h.client()
		resp, _ := c.post("/login", url.Values{"csrf_token": {c.csrf("/login")}, "email": {"env@dalian.gov.cn"}, "password": {"correct horse battery"}})
		if resp.StatusCode == http.StatusTooManyRequests {
			refused++
			continue
		}
		for i := range 2 {
			switch status, msg := c.code(fmt.Sprintf("%06d", round*2+i)); status {
			case http.StatusUnauthorized:
				checked++
			case http.StatusTooManyRequests:
				refused++
				if !strings.Contains(msg, "登录失败次数过多") {
					t.Errorf("throttled code without the reason: %q", msg)
				}
			default:
				t.Fatalf("wrong code: status %d", status)
			}
		}
	}
	if checked > 5 || refused == 0 {
		t.Errorf("an attacker with the password had %d codes checked (%d refused); want at most 5", checked, refused)
	}
	// Locked out now, even with the right password.
	c := h.client()
	if resp, _ := c.post("/login", url.Values{"csrf_token": {c.csrf("/login")}, "email": {"env@dalian.gov.cn"}, "password": {"correct horse battery"}}); resp.StatusCode != http.StatusTooManyRequests {
		t.Errorf("right password after the code guesses: %d, want 429", resp.StatusCode)
	}
}

// The password alone is not a completed sign-in, so it clears nothing.
func TestPasswordStepDoesNotClearFailures(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.user("env@dalian.gov.cn", goalpost.UserEditor, "ecology-environment")
	enrolTOTP(t, h, "env@dalian.gov.cn")
	c := h.client()
	wrong := func() int {
		resp, _ := c.post("/login", url.Values{"csrf_token": {c.csrf("/login")}, "email": {"env@dalian.gov.cn"}, "password": {"wrong password"}})
		return resp.StatusCode
	}
	for range 4 {
		wrong()
	}
	c.passwordStep("env@dalian.gov.cn") // no code given
	if status := wrong(); status != http.StatusUnauthorized {
		t.Errorf("5th failure: %d, want 401", status)
	}
	if status := wrong(); status != http.StatusTooManyRequests {
		t.Errorf("after 5 wrong passwords, one password step between them without its code: %d, want 429", status)
	}

	// A completed sign-in does clear them.
	h2 := newHarness(t)
	h2.user("env@dalian.gov.cn", goalpost.UserEditor, "ecology-environment")
	secret := enrolTOTP(t, h2, "env@dalian.gov.cn")
	d := h2.client()
	for range 4 {
		d.post("/login", url.Values{"csrf_token": {d.csrf("/login")}, "email": {"env@dalian.gov.cn"}, "password": {"wrong password"}})
	}
	d.passwordStep("env@dalian.gov.cn")
	code, _ := totp.GenerateCode(secret, time.Now())
	if status, msg := d.code(code); status != http.StatusSeeOther {
		t.Fatalf("right code as the 5th attempt: %d %q", status, msg)
	}
	e := h2.client()
	for i := range 4 {
		if resp, _ := e.post("/login", url.Values{"csrf_token": {e.csrf("/login")}, "email": {"env@dalian.gov.cn"}, "password": {"wrong password"}}); resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("failure %d after a completed sign-in: %d", i+1, resp.StatusCode)
		}
	}
}

// A code that signed someone in cannot sign anyone in again.
func TestTwoStepCodeIsAcceptedOnce(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.user("env@dalian.gov.cn", goalpost.UserEditor, "ecology-environment")
	secret := enrolTOTP(t, h, "env@dalian.gov.cn")
	code, _ := totp.GenerateCode(secret, time.Now())

	first := h.client()
	first.passwordStep("env@dalian.gov.cn")
	if status, msg := first.code(code); status != http.StatusSeeOther {
		t.Fatalf("first use: %d %q", status, msg)
	}
	replay := h.client()
	replay.passwordStep("env@dalian.gov.cn")
	status, msg := replay.code(code)
	if status != http.StatusUnauthorized || !strings.Contains(msg, "已用过") {
		t.Errorf("replayed code: %d %q, want 401 saying it was used", status, msg)
	}
	if _, doc := replay.get("/"); doc.Find(`[data-testid="signed-in"]`).Length() != 0 {
		t.Error("a replayed code signed in")
	}
	// The next code works.
	next, _ := totp.GenerateCode(secret, time.Now().Add(30*time.Second))
	if status, msg := replay.code(next); status != http.StatusSeeOther {
		t.Errorf("next code: %d %q", status, msg)
	}
}

// 25 guesses at once against one account: the limit is 5, and so is the
// number of guesses that reach the password check.
func TestSignInThrottleCannotBeRaced(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.user("env@dalian.gov.cn", goalpost.UserEditor, "ecology-environment")
	const n = 25
	clients := make([]*client, n)
	tokens := make([]string, n)
	for i := range clients {
		clients[i] = h.client()
		tokens[i] = clients[i].csrf("/login")
	}
	start := make(chan struct{})
	statuses := make([]int, n)
	var wg sync.WaitGroup
	for i, c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			form := url.Values{"csrf_token": {tokens[i]}, "email": {"env@dalian.gov.cn"}, "password": {fmt.Sprintf("guess number %d", i)}}
			req, _ := http.NewRequest(http.MethodPost, h.srv.URL+"/login", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Origin", h.srv.URL)
			<-start
			resp, err := c.http.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
			statuses[i] = resp.StatusCode
		}()
	}
	close(start)
	wg.Wait()
	checked, throttled := 0, 0
	for _, s := range statuses {
		switch s {
		case http.StatusUnauthorized:
			checked++
		case http.StatusTooManyRequests:
			throttled++
		default:
			t.Errorf("status %d", s)
		}
	}
	if checked > 5 || checked+throttled != n {
		t.Errorf("%d of %d concurrent guesses reached the password check (%d throttled); want at most 5", checked, n, throttled)
	}
}

// After sign-in the browser goes to a page of this site, whatever next says.
func TestSignInRedirectStaysOnSite(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.user("env@dalian.gov.cn", goalpost.UserEditor, "ecology-environment")
	for _, next := range []string{"/\t/evil.example/x", "/\n/evil.example", "/\\evil.example", "//evil.example", "https://evil.example/", " //evil.example", "/x\r\n/evil"} {
		c := h.client()
		form := url.Values{"csrf_token": {c.csrf("/login?next=" + url.QueryEscape(next))}, "email": {"env@dalian.gov.cn"}, "password": {"correct horse battery"}, "next": {next}}
		req, _ := http.NewRequest(http.MethodPost, h.srv.URL+"/login", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", h.srv.URL)
		for _, ck := range c.http.Jar.Cookies(req.URL) {
			req.AddCookie(ck)
		}
		// The transport, not the client: the client refuses to parse a Location
		// with a tab in it, which a browser would follow after stripping it.
		resp, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		loc := resp.Header.Get("Location")
		if resp.StatusCode != http.StatusSeeOther || loc != "/" {
			t.Errorf("next=%q: %d → %q, want /", next, resp.StatusCode, loc)
		}
	}
	// A page of this site is kept.
	c := h.client()
	resp, _ := c.post("/login", url.Values{"csrf_token": {c.csrf("/login")}, "email": {"env@dalian.gov.cn"}, "password": {"correct horse battery"}, "next": {"/work?tab=due#top"}})
	if loc := resp.Header.Get("Location"); loc != "/work?tab=due#top" {
		t.Errorf("same-site next became %q", loc)
	}
}

// Bad input at sign-in is a clear refusal, never a server error.
func TestSignInRefusesBadInputClearly(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.user("env@dalian.gov.cn", goalpost.UserEditor, "ecology-environment")
	c := h.client()
	// A NUL byte is refused before sign-in runs, like a NUL in any form.
	resp, doc := c.post("/login", url.Values{"csrf_token": {c.csrf("/login")}, "email": {"a\x00@x"}, "password": {"correct horse battery"}})
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(doc.Find("main").Text(), "空字符") {
		t.Errorf("NUL in the email: %d %q", resp.StatusCode, doc.Find("main").Text())
	}
	// Another control character reaches the sign-in form's own check.
	resp, doc = c.post("/login", url.Values{"csrf_token": {c.csrf("/login")}, "email": {"a\x01@x"}, "password": {"correct horse battery"}})
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(doc.Find(`[data-testid="login-error"]`).Text(), "邮箱") {
		t.Errorf("NUL in the email: %d %q", resp.StatusCode, doc.Find("main").Text())
	}
	long := strings.Repeat("密", 26) // 78 bytes in UTF-8
	resp, doc = c.post("/login", url.Values{"csrf_token": {c.csrf("/login")}, "email": {"env@dalian.gov.cn"}, "password": {long}})
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(doc.Find(`[data-testid="login-error"]`).Text(), "72 字节") {
		t.Errorf("a 78-byte password: %d %q", resp.StatusCode, doc.Find("main").Text())
	}
}

// Setting a password longer than bcrypt takes is refused with the rule.
func TestPasswordLengthRule(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.user("admin@dalian.gov.cn", goalpost.UserAdmin)
	admin := h.client()
	admin.login("admin@dalian.gov.cn")
	flash := func() string {
		_, doc := admin.get("/admin/users")
		return doc.Find(`[data-testid="admin-flash"]`).Text()
	}
	long := strings.Repeat("密", 26)
	resp, _ := admin.post("/admin/users", url.Values{"csrf_token": {admin.csrf("/admin/users")}, "email": {"zhao@dalian.gov.cn"}, "name": {"赵敏"},
		"role": {"admin"}, "password": {long}})
	if got := flash(); resp.StatusCode != http.StatusSeeOther || !strings.Contains(got, "72 字节") || !strings.Contains(got, "24 个汉字") {
		t.Errorf("create with a 78-byte password: %d %q", resp.StatusCode, got)
	}
	admin.post("/admin/users", url.Values{"csrf_token": {admin.csrf("/admin/users")}, "email": {"zhao@dalian.gov.cn"}, "name": {"赵敏"},
		"role": {"admin"}, "password": {strings.Repeat("密", 24)}})
	u, err := h.db.Authenticate(context.Background(), "zhao@dalian.gov.cn", strings.Repeat("密", 24))
	if err != nil {
		t.Fatalf("24 Chinese characters (72 bytes) refused: %v", err)
	}
	resp, _ = admin.post(fmt.Sprintf("/admin/users/%d/password", u.ID), url.Values{"csrf_token": {admin.csrf("/admin/users")}, "password": {long}})
	if got := flash(); resp.StatusCode != http.StatusSeeOther || !strings.Contains(got, "72 字节") {
		t.Errorf("reset to a 78-byte password: %d %q", resp.StatusCode, got)
	}
	if _, doc := admin.get("/admin/users"); !strings.Contains(doc.Find("main").Text(), "72") {
		t.Error("the admin page does not state the password rule")
	}
}
