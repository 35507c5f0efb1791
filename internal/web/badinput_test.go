package web_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/testdb"
	"github.com/goalpost-civic/goalpost/internal/web"
)

// nastyParams are what an attacker or a fuzzer puts where an id, a slug or a
// period belongs: a NUL byte, ids beyond int4 and int8, signs, exponents,
// bytes that are not UTF-8.
var nastyParams = []string{"%00", "a%00b", "3000000000", "99999999999999999999", "-1", "1e3", "%ff", "%c3%28", "0x10", "%20"}

// nastyQueries are appended to a real address of every route.
var nastyQueries = []string{"section=%00", "department=%00", "status=%00", "plan=%00", "as_of=%00",
	"version=3000000000", "version=-1", "version=99999999999999999999", "version=%00", "draft=%00",
	"entity=%00", "actor=%00", "from=%00", "to=%00", "target=%00", "target=3000000000", "before=99999999999999999999",
	"next=%00", "lang=%00", "%00=1", "section=%ff", "actor=%ff"}

var routeParam = regexp.MustCompile(`\{[a-z]+\}`)

// realParams are existing values, so the query fuzzing reaches the handlers' work.
func realParams(h *harness) map[string]string {
	return map[string]string{"{slug}": "dalian-2023-livelihood", "{plan}": "dalian-2023-livelihood", "{period}": "2024-06",
		"{id}": fmt.Sprint(h.target("t22-pm25-concentration").ID)}
}

// TestNoRouteAnswers500ToBadInput requests every route of server.go with
// nasty path parameters and nasty query parameters, signed out, signed in as
// an administrator and with an API token: nothing may answer 500.
func TestNoRouteAnswers500ToBadInput(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	testdb.PublishDirectly(t, h.db)
	h.user("admin@dalian.gov.cn", goalpost.UserAdmin)
	token, err := h.db.CreateToken(context.Background(), "admin@dalian.gov.cn", "fuzz")
	if err != nil {
		t.Fatal(err)
	}
	anonymous, admin := h.client(), h.client()
	admin.login("admin@dalian.gov.cn")
	csrf := admin.csrf("/account")
	real := realParams(h)

	routes := web.Routes(web.New(h.db, h.db.Pool, web.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}))
	if len(routes) < 40 {
		t.Fatalf("only %d routes found", len(routes))
	}
	var paths []string
	for _, rt := range routes {
		method, pattern := rt[0], rt[1]
		if strings.HasSuffix(pattern, "/*") {
			continue
		}
		good := routeParam.ReplaceAllStringFunc(pattern, func(p string) string { return real[p] })
		candidates := []string{}
		if strings.Contains(pattern, "{") {
			for _, v := range nastyParams {
				candidates = append(candidates, routeParam.ReplaceAllString(pattern, v))
				// One parameter nasty, the others real.
				first := true
				candidates = append(candidates, routeParam.ReplaceAllStringFunc(pattern, func(p string) string {
					if first {
						first = false
						return real[p]
					}
					return v
				}))
			}
		}
		for _, q := range nastyQueries {
			candidates = append(candidates, good+"?"+q)
		}
		for _, path := range candidates {
			paths = append(paths, method+" "+path)
			for who, c := range map[string]*client{"anonymous": anonymous, "admin": admin} {
				var resp *http.Response
				var err error
				if method == http.MethodGet {
					resp, err = c.http.Get(h.srv.URL + path)
				} else {
					form := url.Values{"csrf_token": {csrf}}
					for _, f := range []string{"name", "note", "reason", "value", "period", "text", "slug", "email", "status", "cadence", "due_day", "code", "department"} {
						form.Set(f, "a\x00b")
					}
					req, _ := http.NewRequest(method, h.srv.URL+path, strings.NewReader(form.Encode()))
					req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
					req.Header.Set("Origin", h.srv.URL)
					resp, err = c.http.Do(req)
				}
				if err != nil {
					t.Fatalf("%s %s: %v", method, path, err)
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode >= 500 {
					t.Errorf("%s %s (%s): %d", method, path, who, resp.StatusCode)
				}
			}
			if strings.HasPrefix(path, "/api/") {
				req, _ := http.NewRequest(method, h.srv.URL+path, strings.NewReader(`{"value": "1\u0000", "period": "2024", "note": "a\u0000b", "reason": "\u0000"}`))
				req.Header.Set("Authorization", "Bearer "+token)
				req.Header.Set("Content-Type", "application/json")
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode >= 500 {
					t.Errorf("%s %s (token): %d", method, path, resp.StatusCode)
				}
			}
		}
	}
	t.Logf("%d requests on %d routes", 2*len(paths), len(routes))
}

// TestBadInputAnswersClearly: a NUL byte or invalid UTF-8 anywhere in a
// request is a 400 that says what is wrong (JSON in the API); ids beyond
// any stored one are 404s, a version beyond int a 400.
func TestBadInputAnswersClearly(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	testdb.PublishDirectly(t, h.db)
	h.user("env@dalian.gov.cn", goalpost.UserEditor, "ecology-environment")
	token, err := h.db.CreateToken(context.Background(), "env@dalian.gov.cn", "监测平台")
	if err != nil {
		t.Fatal(err)
	}
	pm := h.target("t22-pm25-concentration")
	c := h.client()
	for _, tc := range []struct {
		path   string
		status int
		text   string
	}{
		{"/departments/%00", 400, "空字符"},
		{"/departments/%ff", 400, "UTF-8"},
		{"/plans/dalian-2023-livelihood?section=%00", 400, "空字符"},
		{"/targets/3000000000", 404, "找不到该页面"},
		{"/targets/99999999999999999999", 404, "找不到该页面"},
		{"/reports/dalian-2023-livelihood/2024-06?version=3000000000", 400, "版本号无效"},
		{"/plans/dalian-2023-livelihood?section=%00&lang=en", 400, "NUL byte"}, // last: it sets the language cookie
	} {
		resp, doc := c.get(tc.path)
		if resp.StatusCode != tc.status || !strings.Contains(doc.Find("main").Text(), tc.text) {
			t.Errorf("GET %s: %d %q, want %d with %q", tc.path, resp.StatusCode, doc.Find("main").Text(), tc.status, tc.text)
		}
	}
	for _, tc := range []struct {
		method, path, body string
		status             int
		code, text         string
	}{
		{"GET", "/api/v1/targets?plan=%00", "", 400, "invalid", "空字符"},
		{"GET", "/api/v1/targets/3000000000", "", 404, "not_found", ""},
		{"POST", "/api/v1/targets/3000000000/figures", `{"value": 1, "period": "2024"}`, 404, "not_found", ""},
		{"POST", fmt.Sprintf("/api/v1/targets/%d/figures", pm.ID), `{"value": 30, "period": "2024", "note": "a\u0000b"}`, 400, "invalid", "空字符"},
		{"POST", fmt.Sprintf("/api/v1/targets/%d/figures?lang=en", pm.ID), `{"value": "3\u00000", "period": "2024"}`, 400, "invalid", "NUL byte"},
		{"POST", "/api/v1/figures/1/return", `{"reason": "\u0000"}`, 400, "invalid", "空字符"},
	} {
		req, _ := http.NewRequest(tc.method, h.srv.URL+tc.path, strings.NewReader(tc.body))
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var body struct {
			Error struct{ Code, Message string }
		}
		_ = json.NewDecoder(resp.Body).Decode(&body)
		resp.Body.Close()
		if resp.StatusCode != tc.status || body.Error.Code != tc.code || !strings.Contains(body.Error.Message, tc.text) {
			t.Errorf("%s %s: %d %+v, want %d %s with %q", tc.method, tc.path, resp.StatusCode, body, tc.status, tc.code, tc.text)
		}
	}

	// Forms: a NUL in a field, a file name that is not UTF-8.
	editor := h.client()
	editor.login("env@dalian.gov.cn")
	path := fmt.Sprintf("/targets/%d", pm.ID)
	resp, doc := editor.post(path+"/figures", url.Values{"csrf_token": {editor.csrf(path)}, "period": {"2024"}, "value": {"30"}, "note": {"a\x00b"}})
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(doc.Find("main").Text(), "空字符") {
		t.Errorf("form with NUL: %d %q", resp.StatusCode, doc.Find("main").Text())
	}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	_ = mw.WriteField("csrf_token", editor.csrf(path))
	_ = mw.WriteField("period", "2024")
	_ = mw.WriteField("value", "30")
	fw, _ := mw.CreateFormFile("evidence", "report\xff.pdf")
	_, _ = fw.Write([]byte("%PDF-1.4\n%%EOF\n"))
	_ = mw.Close()
	req, _ := http.NewRequest(http.MethodPost, h.srv.URL+path+"/figures", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", h.srv.URL)
	if resp, doc := editor.read(editor.http.Do(req)); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("file name not UTF-8: %d %s", resp.StatusCode, doc.Find("main").Text())
	}
	// A ledger whose notes hold a NUL byte is refused with the cell named.
	csvData := editor.download("/departments/ecology-environment/ledger.csv")
	lines := strings.Split(string(csvData), "\n")
	lines[3] += "\x00"
	resp, doc = editor.upload("/departments/ecology-environment/ledger", "ledger.csv", []byte(strings.Join(lines, "\n")), "/departments/ecology-environment")
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(doc.Find("main").Text(), "第 4 行") {
		t.Errorf("ledger with NUL: %d %q", resp.StatusCode, doc.Find("main").Text())
	}
	if n := figureCount(t, h); n != 0 {
		t.Errorf("%d figures written from bad input", n)
	}
}

// figureCount counts every figure stored.
func figureCount(t *testing.T, h *harness) int {
	t.Helper()
	var n int
	if err := h.db.Pool.QueryRow(context.Background(), `SELECT count(*) FROM figures`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestNoOffSiteSelfLinks: an address that a browser reads as another host
// (//evil.example/x, /\evil.example) must not come back as a link there,
// on the 404 page or anywhere else.
func TestNoOffSiteSelfLinks(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	for _, path := range []string{"//evil.example/x", "///evil.example/x", `/\evil.example`, "/%5Cevil.example", `/\/evil.example`,
		"//evil.example/x?lang=zh&a=b", "/.//evil.example", "/plans//evil.example", "//evil.example/plans/dalian-2023-livelihood"} {
		resp, doc := h.client().read(rawGet(h, path))
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("%s: status %d", path, resp.StatusCode)
		}
		doc.Find("[href], [action], [src]").Each(func(_ int, s *goquery.Selection) {
			for _, attr := range []string{"href", "action", "src"} {
				v, ok := s.Attr(attr)
				if !ok {
					continue
				}
				u, err := url.Parse(v)
				if err != nil || u.Scheme != "" || u.Host != "" || strings.HasPrefix(v, "//") || strings.Contains(v, `\`) || (v != "" && v[0] != '/' && v[0] != '#') {
					t.Errorf("%s: %s=%q leads off the site", path, attr, v)
				}
			}
		})
		if sw, _ := doc.Find(`[data-testid="lang-switch"]`).Attr("href"); !strings.HasSuffix(sw, "lang=en") {
			t.Errorf("%s: language switch %q", path, sw)
		}
	}
	// The switch keeps the page and its filters.
	_, doc := h.client().get("/plans/dalian-2023-livelihood?section=" + url.QueryEscape("二(八)") + "&lang=zh")
	if sw, _ := doc.Find(`[data-testid="lang-switch"]`).Attr("href"); sw != "/plans/dalian-2023-livelihood?section=%E4%BA%8C%28%E5%85%AB%29&lang=en" {
		t.Errorf("language switch on a filtered plan: %q", sw)
	}
}

// rawGet sends path as the request line has it, as a browser following a
// crafted link would; Go's client would make "//host/x" an absolute URL.
func rawGet(h *harness, path string) (*http.Response, error) {
	conn, err := net.Dial("tcp", h.srv.Listener.Addr().String())
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	if _, err := fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", path, h.srv.Listener.Addr()); err != nil {
		return nil, err
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		return nil, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body = io.NopCloser(bytes.NewReader(body))
	return resp, err
}
