package web_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/postgres"
	"github.com/goalpost-civic/goalpost/internal/testdb"
	"github.com/goalpost-civic/goalpost/internal/web"
)

// cachedServer serves db with the page cache on, as `goalpost serve` does,
// once the cache hears the database. counter, if not nil, counts the
// queries of pool.
func cachedServer(t testing.TB, db *postgres.DB) *httptest.Server {
	t.Helper()
	s := web.New(db, db.Pool, web.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), PageCache: true})
	ctx, cancel := context.WithCancel(context.Background())
	go s.Listen(ctx)
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(func() { srv.Close(); cancel() })
	for deadline := time.Now().Add(10 * time.Second); !s.CacheListening(); {
		if time.Now().After(deadline) {
			t.Fatal("the page cache never heard the database")
		}
		time.Sleep(10 * time.Millisecond)
	}
	return srv
}

func newCachedHarness(t testing.TB) *harness {
	t.Helper()
	db := testdb.Open(t)
	testdb.LoadBundledPlans(t, db)
	return &harness{t: t, db: db, srv: cachedServer(t, db)}
}

// fetch GETs url with the given headers (name, value, …) and reads the body.
func fetch(t testing.TB, url string, header ...string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	// The transport would otherwise ask for gzip itself and hide the encoding.
	resp, err := (&http.Client{Transport: &http.Transport{DisableCompression: true}}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(b)
}

// TestCachedPagesAreServedWithoutTheDatabase: the second reader of a public
// page is answered from memory — no query at all — with the same bytes.
func TestCachedPagesAreServedWithoutTheDatabase(t *testing.T) {
	t.Parallel()
	counter := &queryCounter{}
	db := tracedDB(t, testdb.URL(t), counter)
	testdb.LoadBundledPlans(t, db)
	srv := cachedServer(t, db)
	jobs := (&harness{t: t, db: db}).target("overall-new-urban-jobs")
	for _, path := range []string{"/", "/plans/dalian-2023-livelihood", fmt.Sprintf("/targets/%d", jobs.ID),
		"/departments/hrss", "/api/v1/targets?plan=dalian-2023-livelihood", "/api/v1/targets.csv",
		fmt.Sprintf("/api/v1/targets/%d", jobs.ID), "/plans/dalian-2023-livelihood/feed.atom", "/methodology"} {
		_, first := fetch(t, srv.URL+path)
		before := counter.n.Load()
		resp, second := fetch(t, srv.URL+path)
		if n := counter.n.Load() - before; n != 0 || resp.StatusCode != http.StatusOK {
			t.Errorf("%s: the second reader cost %d queries (status %d), want 0", path, n, resp.StatusCode)
		}
		if first != second {
			t.Errorf("%s: the stored answer differs from the rendered one", path)
		}
	}
}

// TestCacheNeverServesASignedInPage: what an official sees signed in is
// never kept for the public, and an official is never shown the public's
// kept copy.
func TestCacheNeverServesASignedInPage(t *testing.T) {
	t.Parallel()
	h := newCachedHarness(t)
	h.user("hr@dalian.gov.cn", goalpost.UserEditor, "hrss")
	jobs := h.target("overall-new-urban-jobs")
	page := fmt.Sprintf("/targets/%d", jobs.ID)
	for _, path := range []string{page, "/plans/dalian-2023-livelihood", "/"} {
		public := h.client()
		public.get(path) // kept for the public
		official := h.client()
		official.login("hr@dalian.gov.cn")
		_, doc := official.get(path)
		if doc.Find(`form[action="/logout"]`).Length() == 0 {
			t.Errorf("%s: an official was served the public's copy", path)
		}
		if path == page && doc.Find(`form[action$="/figures"]`).Length() == 0 {
			t.Errorf("%s: the official's page has no figure form", path)
		}
		_, doc = h.client().get(path)
		if doc.Find(`form[action="/logout"]`).Length() != 0 || strings.Contains(doc.Text(), "用户hr@") {
			t.Errorf("%s: the public was served an official's page", path)
		}
		// An API token holder is not served the public's copy either.
		resp, _ := fetch(t, h.srv.URL+"/api/v1/targets?plan=dalian-2023-livelihood", "Authorization", "Bearer gp_nonsense")
		if resp.Header.Get("ETag") != "" {
			t.Errorf("an answer to a token holder came from the public cache")
		}
	}
}

// TestCacheKeepsLanguagesApart: each language has its own copy, whether
// chosen by address, cookie or (in the API) Accept-Language.
func TestCacheKeepsLanguagesApart(t *testing.T) {
	t.Parallel()
	h := newCachedHarness(t)
	plan := h.srv.URL + "/plans/dalian-2023-livelihood"
	english := func(body string) bool { return strings.Contains(body, `<html lang="en"`) }
	for round := range 2 { // the second round is served from memory
		if _, body := fetch(t, plan+"?lang=en"); !english(body) {
			t.Errorf("round %d: ?lang=en is not English", round)
		}
		if _, body := fetch(t, plan); english(body) {
			t.Errorf("round %d: no choice is not Chinese", round)
		}
		if _, body := fetch(t, plan, "Cookie", "lang=en"); !english(body) {
			t.Errorf("round %d: the lang=en cookie is not English", round)
		}
		if _, body := fetch(t, plan+"?lang=en", "Cookie", "lang=zh"); !english(body) {
			t.Errorf("round %d: ?lang=en with a Chinese cookie is not English", round)
		}
		if _, body := fetch(t, plan, "Cookie", "lang=zh"); english(body) {
			t.Errorf("round %d: the lang=zh cookie is not Chinese", round)
		}
		// The API's figures read the same in every language, its errors do not.
		api := h.srv.URL + "/api/v1/targets?plan=dalian-2023-livelihood"
		if resp, _ := fetch(t, api, "Accept-Language", "en-GB,en;q=0.9"); !strings.Contains(resp.Header.Get("Vary"), "Accept-Language") {
			t.Errorf("round %d: the API's Vary %q omits Accept-Language", round, resp.Header.Get("Vary"))
		}
		_, en := fetch(t, h.srv.URL+"/api/v1/targets/99999999", "Accept-Language", "en-GB,en;q=0.9")
		_, zh := fetch(t, h.srv.URL+"/api/v1/targets/99999999", "Accept-Language", "zh-CN")
		if en == zh {
			t.Errorf("round %d: the API answers English and Chinese readers alike: %s", round, en)
		}
	}
	if resp, _ := fetch(t, plan+"?lang=en"); !strings.Contains(resp.Header.Get("Set-Cookie"), "lang=en") {
		t.Errorf("a kept ?lang=en page no longer remembers the choice: %q", resp.Header.Values("Set-Cookie"))
	}
	if resp, _ := fetch(t, plan); strings.Contains(strings.Join(resp.Header.Values("Set-Cookie"), ";"), "goalpost_csrf") {
		t.Errorf("a kept page hands one reader's CSRF cookie to the next")
	}
}

// TestCacheSpeaksHTTP: ETag and 304, compression once per copy, and the
// headers a CDN reads.
func TestCacheSpeaksHTTP(t *testing.T) {
	t.Parallel()
	h := newCachedHarness(t)
	plan := h.srv.URL + "/plans/dalian-2023-livelihood"
	resp, plain := fetch(t, plan)
	etag := resp.Header.Get("ETag")
	if etag == "" || !strings.Contains(resp.Header.Get("Cache-Control"), "max-age=") ||
		!strings.Contains(resp.Header.Get("Cache-Control"), "stale-while-revalidate=") ||
		!strings.Contains(resp.Header.Get("Vary"), "Cookie") || !strings.Contains(resp.Header.Get("Vary"), "Accept-Encoding") {
		t.Fatalf("public page headers: %v", resp.Header)
	}
	if resp, body := fetch(t, plan, "If-None-Match", etag); resp.StatusCode != http.StatusNotModified || body != "" {
		t.Errorf("If-None-Match its own ETag: %d, %d bytes", resp.StatusCode, len(body))
	}
	if resp, _ := fetch(t, plan, "If-None-Match", `"something-else"`); resp.StatusCode != http.StatusOK {
		t.Errorf("If-None-Match another ETag: %d", resp.StatusCode)
	}
	for _, enc := range []string{"gzip", "br"} {
		resp, body := fetch(t, plan, "Accept-Encoding", enc)
		var r io.Reader
		switch enc {
		case "gzip":
			zr, err := gzip.NewReader(strings.NewReader(body))
			if err != nil {
				t.Fatalf("gzip: %v", err)
			}
			r = zr
		case "br":
			r = brotli.NewReader(strings.NewReader(body))
		}
		got, err := io.ReadAll(r)
		if resp.Header.Get("Content-Encoding") != enc || err != nil || !bytes.Equal(got, []byte(plain)) || len(body) > len(plain)/4 {
			t.Errorf("%s: encoding %q, %d of %d bytes, decoded equal %v (%v)", enc, resp.Header.Get("Content-Encoding"),
				len(body), len(plain), bytes.Equal(got, []byte(plain)), err)
		}
		if resp.Header.Get("ETag") == etag {
			t.Errorf("%s: the compressed copy has the plain copy's ETag", enc)
		}
		if resp, _ := fetch(t, plan, "Accept-Encoding", enc, "If-None-Match", resp.Header.Get("ETag")); resp.StatusCode != http.StatusNotModified {
			t.Errorf("%s: If-None-Match its ETag: %d", enc, resp.StatusCode)
		}
	}
	// Signed-in pages stay out of every shared cache.
	h.user("hr@dalian.gov.cn", goalpost.UserEditor, "hrss")
	c := h.client()
	c.login("hr@dalian.gov.cn")
	resp, _ = c.get("/plans/dalian-2023-livelihood")
	if resp.Header.Get("Cache-Control") != "no-store" || resp.Header.Get("ETag") != "" {
		t.Errorf("a signed-in page: Cache-Control %q, ETag %q", resp.Header.Get("Cache-Control"), resp.Header.Get("ETag"))
	}
}

// TestReplicasSeeEachOthersWrites: two servers on one database are one
// site — a figure published through one shows on both servers' kept pages
// within a second.
func TestReplicasSeeEachOthersWrites(t *testing.T) {
	t.Parallel()
	db := testdb.Open(t)
	testdb.LoadBundledPlans(t, db)
	testdb.PublishDirectly(t, db)
	one, two := cachedServer(t, db), cachedServer(t, db)
	h := &harness{t: t, db: db, srv: one}
	h.user("eco@dalian.gov.cn", goalpost.UserEditor, "ecology-environment")
	token, err := db.CreateToken(context.Background(), "eco@dalian.gov.cn", "监测系统")
	if err != nil {
		t.Fatal(err)
	}
	pm := h.target("t22-pm25-concentration") // a level: the page shows the latest figure
	pages := []string{fmt.Sprintf("/targets/%d", pm.ID), "/plans/dalian-2023-livelihood",
		"/api/v1/targets?plan=dalian-2023-livelihood", "/"}
	for _, srv := range []*httptest.Server{one, two} {
		for _, p := range pages {
			if _, body := fetch(t, srv.URL+p); strings.Contains(body, "33.7") || strings.Contains(body, "31.9") {
				t.Fatalf("%s shows a figure before it is published", p) // kept on both
			}
		}
	}
	for i, value := range []string{"33.7", "31.9"} {
		status, body := apiPost(t, h, fmt.Sprintf("/api/v1/targets/%d/figures", pm.ID), token,
			fmt.Sprintf(`{"value": %s, "period": "%d"}`, value, 2023+i))
		if status != http.StatusCreated {
			t.Fatalf("publish through one: %d %v", status, body)
		}
		// Both servers within a second.
		published := time.Now()
		for _, srv := range []*httptest.Server{one, two} {
			for _, p := range pages[:3] {
				for {
					if _, body := fetch(t, srv.URL+p); strings.Contains(body, value) {
						break
					}
					if time.Since(published) > time.Second {
						t.Errorf("%s%s still lacks %s a second after it was published", srv.URL, p, value)
						break
					}
					time.Sleep(20 * time.Millisecond)
				}
			}
		}
	}
}

// TestCacheIsNotPoisonedByAHost: pages carry absolute links made from the
// request's host (link previews, feeds); a request naming another host
// gets its own copy, never planted in everyone else's.
func TestCacheIsNotPoisonedByAHost(t *testing.T) {
	t.Parallel()
	h := newCachedHarness(t)
	jobs := h.target("overall-new-urban-jobs")
	for _, path := range []string{fmt.Sprintf("/targets/%d", jobs.ID), "/plans/dalian-2023-livelihood/feed.atom"} {
		var b []byte
		for range 2 { // the second is served from memory
			req, _ := http.NewRequest(http.MethodGet, h.srv.URL+path, nil)
			req.Host = "evil.example"
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ = io.ReadAll(resp.Body)
			resp.Body.Close()
		}
		if !strings.Contains(string(b), "evil.example") {
			t.Fatalf("%s: the page carries no link made from its host; the test tests nothing", path)
		}
		for range 2 {
			if _, body := fetch(t, h.srv.URL+path); strings.Contains(body, "evil.example") {
				t.Errorf("%s: a reader was served links to another request's host", path)
			}
		}
	}
}

// TestKeptHomePageFollowsItsPlans: the home page is kept until one of the
// plans it shows changes, or a plan is added.
func TestKeptHomePageFollowsItsPlans(t *testing.T) {
	t.Parallel()
	h := newCachedHarness(t)
	testdb.PublishDirectly(t, h.db)
	admin, err := h.db.CreateUser(context.Background(), "admin@dalian.gov.cn", "管理员", goalpost.UserAdmin, "correct horse battery", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, kept := fetch(t, h.srv.URL+"/")
	within := func(what string, shows func(string) bool) {
		t.Helper()
		for start := time.Now(); ; time.Sleep(20 * time.Millisecond) {
			_, body := fetch(t, h.srv.URL+"/")
			if shows(body) {
				return
			}
			if time.Since(start) > time.Second {
				t.Errorf("the home page does not show %s a second later", what)
				return
			}
		}
	}
	h.figure(admin, "t22-pm25-concentration", "2024", 31.9)
	within("a new figure", func(body string) bool { return body != kept })
	f, err := h.db.PlanFile(context.Background(), "dalian-2023-community")
	if err != nil {
		t.Fatal(err)
	}
	f.Slug, f.Title, f.ShortTitle = "dalian-2024-community", "大连市2024年社区服务行动计划", "2024社区服务"
	if _, err := h.db.ImportPlan(context.Background(), f, "test"); err != nil {
		t.Fatal(err)
	}
	within("a new plan", func(body string) bool { return strings.Contains(body, "2024社区服务") })
}
