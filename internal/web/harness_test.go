package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/postgres"
	"github.com/goalpost-civic/goalpost/internal/testdb"
	"github.com/goalpost-civic/goalpost/internal/web"
)

// harness is a real Goalpost server on a fresh database holding the Dalian plans.
type harness struct {
	t   testing.TB
	db  *postgres.DB
	srv *httptest.Server
}

func newHarness(t testing.TB) *harness {
	t.Helper()
	db := testdb.Open(t)
	testdb.LoadBundledPlans(t, db)
	s := web.New(db, db.Pool, web.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	return &harness{t: t, db: db, srv: srv}
}

// newHarnessAt is newHarness on a clock stopped at now, for rules that
// depend on whether a deadline has passed.
func newHarnessAt(t testing.TB, now time.Time) *harness {
	t.Helper()
	db := testdb.Open(t)
	testdb.LoadBundledPlans(t, db)
	clock := func() time.Time { return now }
	db.Now = clock
	s := web.New(db, db.Pool, web.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: clock})
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	return &harness{t: t, db: db, srv: srv}
}

// target finds a target by its key in the plan file.
func (h *harness) target(key string) *goalpost.Tracked {
	h.t.Helper()
	ts, err := h.db.Targets(context.Background(), postgres.TargetFilter{})
	if err != nil {
		h.t.Fatal(err)
	}
	for _, t := range ts {
		if t.Key == key {
			return t
		}
	}
	h.t.Fatalf("no target %s", key)
	return nil
}

func (h *harness) user(email string, role goalpost.UserRole, depts ...string) {
	h.t.Helper()
	if _, err := h.db.CreateUser(context.Background(), email, "用户"+email[:3], role, "correct horse battery", depts, nil); err != nil {
		h.t.Fatal(err)
	}
}

// client is a browser-like visitor with its own cookies.
type client struct {
	h    *harness
	http *http.Client
}

func (h *harness) client() *client {
	jar, _ := cookiejar.New(nil)
	return &client{h: h, http: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

// get fetches a page and parses it.
func (c *client) get(path string) (*http.Response, *goquery.Document) {
	c.h.t.Helper()
	resp, err := c.http.Get(c.h.srv.URL + path)
	return c.read(resp, err)
}

// read parses a response as the page a browser would show.
func (c *client) read(resp *http.Response, err error) (*http.Response, *goquery.Document) {
	c.h.t.Helper()
	if err != nil {
		c.h.t.Fatal(err)
	}
	defer resp.Body.Close()
	doc, err := goquery.NewDocumentFromReader(resp.Body)
	if err != nil {
		c.h.t.Fatal(err)
	}
	return resp, doc
}

// csrf returns the form token of the page at path, as a browser would see it.
func (c *client) csrf(path string) string {
	c.h.t.Helper()
	_, doc := c.get(path)
	token, ok := doc.Find(`input[name="csrf_token"]`).First().Attr("value")
	if !ok || token == "" {
		c.h.t.Fatalf("no csrf token on %s", path)
	}
	return token
}

// post submits a form the way a browser on this site does (with Origin).
func (c *client) post(path string, form url.Values) (*http.Response, *goquery.Document) {
	c.h.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, c.h.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", c.h.srv.URL)
	return c.read(c.http.Do(req))
}

func (c *client) login(email string) {
	c.h.t.Helper()
	resp, doc := c.post("/login", url.Values{"csrf_token": {c.csrf("/login")}, "email": {email}, "password": {"correct horse battery"}})
	if resp.StatusCode != http.StatusSeeOther {
		c.h.t.Fatalf("login %s: status %d: %s", email, resp.StatusCode, doc.Find("main").Text())
	}
}
