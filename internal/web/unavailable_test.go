package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/pgcluster"
	"github.com/goalpost-civic/goalpost/internal/postgres"
	"github.com/goalpost-civic/goalpost/internal/testdb"
	"github.com/goalpost-civic/goalpost/internal/web"
	"github.com/jackc/pgx/v5"
	"golang.org/x/crypto/bcrypt"
)

// lockedBuffer is a log destination that many request goroutines share.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

// count returns how many log lines contain s.
func (l *lockedBuffer) count(s string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, line := range strings.Split(l.b.String(), "\n") {
		if strings.Contains(line, s) {
			n++
		}
	}
	return n
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// privateServer is a harness whose database lives on a PostgreSQL server of
// its own, so that a test can stop that server under it.
type privateServer struct {
	*harness
	dir     string
	cluster *pgcluster.Cluster
	log     *lockedBuffer
}

func newPrivateServer(t *testing.T) *privateServer {
	t.Helper()
	ctx := context.Background()
	// When the tests run as root, the server runs as the postgres user,
	// which must be able to enter the directory (t.TempDir is 0700).
	base, err := os.MkdirTemp("", "goalpost-outage-")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(base, 0o755); err != nil {
		t.Fatal(err)
	}
	p := &privateServer{dir: filepath.Join(base, "pg"), log: &lockedBuffer{}}
	p.start(t)
	t.Cleanup(func() {
		if p.cluster != nil {
			_ = p.cluster.Stop(context.Background())
		}
		os.RemoveAll(base)
	})
	// As serve does: migrate as the owner, serve through the restricted role.
	m, err := postgres.Migrate(ctx, p.cluster.URL(), postgres.MigrateOptions{CreateServingRole: true})
	if err != nil {
		t.Fatal(err)
	}
	db, err := postgres.OpenAs(ctx, p.cluster.URL(), m.ServingRole, m.Password)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	db.PasswordCost = bcrypt.MinCost
	testdb.LoadBundledPlans(t, db)
	s := web.New(db, db.Pool, web.Options{Logger: slog.New(slog.NewTextHandler(p.log, nil))})
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	p.harness = &harness{t: t, db: db, srv: srv}
	return p
}

func (p *privateServer) start(t *testing.T) {
	t.Helper()
	c, err := pgcluster.Start(context.Background(), p.dir, "goalpost", nil, "fsync=off", "synchronous_commit=off")
	if errors.Is(err, pgcluster.ErrNoBinaries) {
		t.Skipf("skipping: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	p.cluster = c
}

func (p *privateServer) stop(t *testing.T) {
	t.Helper()
	if err := p.cluster.Stop(context.Background()); err != nil {
		t.Fatal(err)
	}
	p.cluster = nil
}

// superuserExec runs sql on the private server as its superuser.
func (p *privateServer) superuserExec(t *testing.T, sql string) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, p.cluster.URL())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, sql); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

// waitHealthz polls /healthz until it answers want.
func (p *privateServer) waitHealthz(t *testing.T, want int) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		resp, err := http.Get(p.srv.URL + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == want {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("/healthz did not answer %d within a minute (last: %v %v)", want, resp.Status, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// assertUnavailablePage checks that a page answer is the 503 page.
func assertUnavailablePage(t *testing.T, what string, resp *http.Response, body string) {
	t.Helper()
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("%s: status %d, want 503", what, resp.StatusCode)
	}
	if resp.Header.Get("Retry-After") == "" {
		t.Errorf("%s: no Retry-After", what)
	}
	if !strings.Contains(body, "服务暂时不可用") || !strings.Contains(body, "数据库暂时无法使用") {
		t.Errorf("%s: body does not explain the outage: %.300s", what, body)
	}
}

func get(t *testing.T, c *http.Client, u string) (*http.Response, string) {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// TestDatabaseDown stops PostgreSQL under a running server: pages, the API
// and /healthz answer 503 (not 500), the outage is logged once, not once per
// request, and everything answers again once PostgreSQL is back.
func TestDatabaseDown(t *testing.T) {
	p := newPrivateServer(t)
	p.user("env@dalian.gov.cn", goalpost.UserEditor, "ecology-environment")
	signedIn := p.client()
	signedIn.login("env@dalian.gov.cn")
	pm := p.target("t22-pm25-concentration")
	pages := []string{"/", fmt.Sprintf("/targets/%d", pm.ID), "/plans/dalian-2023-livelihood"}
	anon := &http.Client{}
	for _, path := range append(pages, "/api/v1/targets", "/healthz") {
		if resp, body := get(t, anon, p.srv.URL+path); resp.StatusCode != http.StatusOK {
			t.Fatalf("before the outage: %s: status %d: %.200s", path, resp.StatusCode, body)
		}
	}

	p.stop(t)
	for i := range 20 {
		for _, path := range pages {
			resp, body := get(t, anon, p.srv.URL+path)
			assertUnavailablePage(t, path, resp, body)
			resp, body = get(t, signedIn.http, p.srv.URL+path)
			assertUnavailablePage(t, "signed in: "+path, resp, body)
		}
		resp, body := get(t, anon, p.srv.URL+"/api/v1/targets")
		var e struct {
			Error struct{ Code, Message string }
		}
		if err := json.Unmarshal([]byte(body), &e); err != nil || resp.StatusCode != http.StatusServiceUnavailable ||
			e.Error.Code != "unavailable" || e.Error.Message == "" || resp.Header.Get("Retry-After") == "" {
			t.Errorf("API: status %d, Retry-After %q, body %s", resp.StatusCode, resp.Header.Get("Retry-After"), body)
		}
		if i%5 == 0 {
			resp, body := get(t, anon, p.srv.URL+"/healthz")
			if resp.StatusCode != http.StatusServiceUnavailable {
				t.Errorf("/healthz: status %d: %s", resp.StatusCode, body)
			}
		}
		// A figure sent while the database is down is refused with the page.
		resp, _ = signedIn.post(pages[1]+"/figures", url.Values{"csrf_token": {"x"}, "period": {"2024"}, "value": {"30"}})
		if resp.StatusCode != http.StatusServiceUnavailable {
			t.Errorf("figure POST: status %d, want 503", resp.StatusCode)
		}
	}
	if n := p.log.count("unavailable"); n != 1 {
		t.Errorf("%d log lines mention the outage, want 1:\n%s", n, p.log)
	}

	p.start(t)
	p.waitHealthz(t, http.StatusOK)
	for _, path := range pages {
		if resp, body := get(t, anon, p.srv.URL+path); resp.StatusCode != http.StatusOK {
			t.Errorf("after the outage: %s: status %d: %.200s", path, resp.StatusCode, body)
		}
		if resp, body := get(t, signedIn.http, p.srv.URL+path); resp.StatusCode != http.StatusOK || !strings.Contains(body, "退出") {
			t.Errorf("after the outage, signed in: %s: status %d: %.200s", path, resp.StatusCode, body)
		}
	}
	if resp, _ := get(t, anon, p.srv.URL+"/api/v1/targets"); resp.StatusCode != http.StatusOK {
		t.Errorf("after the outage: API status %d", resp.StatusCode)
	}
	if n := p.log.count("database available again"); n != 1 {
		t.Errorf("%d log lines say the database is back, want 1:\n%s", n, p.log)
	}
	if n := p.log.count("unavailable"); n != 1 {
		t.Errorf("%d log lines mention the outage, want 1:\n%s", n, p.log)
	}
}

// TestDatabaseReadOnly makes PostgreSQL refuse writes under a running
// server: /healthz says so, and a figure sent then is refused with the 503
// page rather than a 500, while anonymous visitors can still read.
func TestDatabaseReadOnly(t *testing.T) {
	p := newPrivateServer(t)
	testdb.PublishDirectly(t, p.db)
	p.user("env@dalian.gov.cn", goalpost.UserEditor, "ecology-environment")
	c := p.client()
	c.login("env@dalian.gov.cn")
	pm := p.target("t22-pm25-concentration")
	path := fmt.Sprintf("/targets/%d", pm.ID)
	token := c.csrf(path)

	p.superuserExec(t, "ALTER SYSTEM SET default_transaction_read_only = on")
	p.superuserExec(t, "SELECT pg_reload_conf()")
	// The reload reaches every session within moments; wait until the
	// pool's sessions see it.
	deadline := time.Now().Add(30 * time.Second)
	for readOnly := ""; readOnly != "on"; {
		_ = p.db.Pool.QueryRow(context.Background(), "SHOW transaction_read_only").Scan(&readOnly)
		if time.Now().After(deadline) {
			t.Fatal("the database did not become read-only")
		}
		time.Sleep(50 * time.Millisecond)
	}

	resp, doc := c.post(path+"/figures", url.Values{"csrf_token": {token}, "period": {"2024"}, "value": {"30"}})
	html, _ := doc.Html()
	assertUnavailablePage(t, "figure POST", resp, html)
	resp, body := get(t, &http.Client{}, p.srv.URL+"/healthz")
	if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(body, "read-only") {
		t.Errorf("/healthz: status %d: %s", resp.StatusCode, body)
	}
	if resp, _ := get(t, &http.Client{}, p.srv.URL+path); resp.StatusCode != http.StatusOK {
		t.Errorf("anonymous read while read-only: status %d, want 200", resp.StatusCode)
	}
	if n := p.log.count("unavailable"); n != 1 {
		t.Errorf("%d log lines mention the outage, want 1:\n%s", n, p.log)
	}

	p.superuserExec(t, "ALTER SYSTEM RESET default_transaction_read_only")
	p.superuserExec(t, "SELECT pg_reload_conf()")
	p.waitHealthz(t, http.StatusOK)
	resp, _ = c.post(path+"/figures", url.Values{"csrf_token": {c.csrf(path)}, "period": {"2024"}, "value": {"30"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Errorf("figure POST after read-only ends: status %d, want 303", resp.StatusCode)
	}
	if got, _ := p.db.Figures(context.Background(), pm.ID, true); len(got) != 1 {
		t.Errorf("%d figures stored, want 1", len(got))
	}
}
