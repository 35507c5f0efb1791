package web_test

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"testing"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/postgres"
	"github.com/goalpost-civic/goalpost/internal/testdb"
	"github.com/goalpost-civic/goalpost/internal/web"
)

// behindProxy is a harness whose server trusts the proxies given (the test
// client connects from 127.0.0.1).
func behindProxy(t *testing.T, proxies string) *harness {
	t.Helper()
	trusted, err := web.ParseTrustedProxies(proxies)
	if err != nil {
		t.Fatal(err)
	}
	db := testdb.Open(t)
	s := web.New(db, db.Pool, web.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	srv := httptest.NewServer(web.TrustProxies(s.Handler(), trusted))
	t.Cleanup(srv.Close)
	h := &harness{t: t, db: db, srv: srv}
	h.user("env@dalian.gov.cn", goalpost.UserAdmin)
	return h
}

// signInFrom posts the sign-in form with X-Forwarded-For set to forwarded
// and returns the status.
func signInFrom(h *harness, forwarded, email, password string) int {
	h.t.Helper()
	c := h.client()
	form := url.Values{"csrf_token": {c.csrf("/login")}, "email": {email}, "password": {password}}
	req, _ := http.NewRequest(http.MethodPost, h.srv.URL+"/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", h.srv.URL)
	req.Header.Set("X-Forwarded-For", forwarded)
	resp, err := c.http.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// TestSignInThrottleSeesVisitorsBehindTrustedProxy: behind a load balancer
// listed in GOALPOST_TRUSTED_PROXIES, one guesser who uses up an address's
// failures locks out that address only (whatever they put at the front of
// X-Forwarded-For), not every visitor who comes through the same proxy.
func TestSignInThrottleSeesVisitorsBehindTrustedProxy(t *testing.T) {
	t.Parallel()
	h := behindProxy(t, "127.0.0.1/32, ::1")
	for i := range postgres.MaxFailuresPerAddress {
		// A fresh account name each time (the per-account limit is lower),
		// and a forged first hop: the proxy appends the real one.
		if s := signInFrom(h, fmt.Sprintf("10.9.9.%d, 203.0.113.7", i), fmt.Sprintf("guess%d@dalian.gov.cn", i), "wrong password!"); s != http.StatusUnauthorized {
			t.Fatalf("failure %d: %d, want 401", i+1, s)
		}
	}
	if s := signInFrom(h, "10.9.9.200, 203.0.113.7", "env@dalian.gov.cn", "correct horse battery"); s != http.StatusTooManyRequests {
		t.Errorf("the guesser's address after %d failures: %d, want 429", postgres.MaxFailuresPerAddress, s)
	}
	if s := signInFrom(h, "198.51.100.2", "env@dalian.gov.cn", "correct horse battery"); s != http.StatusSeeOther {
		t.Errorf("another visitor through the same proxy: %d, want 303 (signed in)", s)
	}
}

// TestForwardedForIsIgnoredFromOtherPeers: from a peer that is not a
// trusted proxy, X-Forwarded-For changes nothing: a guesser cannot claim a
// fresh address per try.
func TestForwardedForIsIgnoredFromOtherPeers(t *testing.T) {
	t.Parallel()
	h := behindProxy(t, "10.0.0.0/8")
	for i := range postgres.MaxFailuresPerAddress {
		if s := signInFrom(h, fmt.Sprintf("203.0.113.%d", i), fmt.Sprintf("guess%d@dalian.gov.cn", i), "wrong password!"); s != http.StatusUnauthorized {
			t.Fatalf("failure %d: %d, want 401", i+1, s)
		}
	}
	if s := signInFrom(h, "198.51.100.2", "env@dalian.gov.cn", "correct horse battery"); s != http.StatusTooManyRequests {
		t.Errorf("with a forged X-Forwarded-For after %d failures: %d, want 429", postgres.MaxFailuresPerAddress, s)
	}
}

func TestParseTrustedProxies(t *testing.T) {
	got, err := web.ParseTrustedProxies("10.0.0.0/8, 192.168.1.5 ::1")
	want := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("192.168.1.5/32"), netip.MustParsePrefix("::1/128")}
	if err != nil || fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got %v, %v; want %v", got, err, want)
	}
	if _, err := web.ParseTrustedProxies("nginx"); err == nil || !strings.Contains(err.Error(), `"nginx"`) {
		t.Errorf("a name: %v", err)
	}
}
