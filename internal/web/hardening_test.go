package web_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/testdb"
	"github.com/goalpost-civic/goalpost/internal/web"
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

// multipartPost sends files as one multipart form, the way a browser (or an
// attacker) does; chunked leaves the length out, so only reading finds it.
func (c *client) multipartPost(path, token, field string, files [][]byte, chunked bool) (*http.Response, *goquery.Document) {
	c.h.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	_ = mw.WriteField("csrf_token", token)
	_ = mw.WriteField("period", "2024")
	_ = mw.WriteField("value", "35")
	for i, data := range files {
		fw, _ := mw.CreateFormFile(field, fmt.Sprintf("file%d.xlsx", i))
		_, _ = fw.Write(data)
	}
	_ = mw.Close()
	var r io.Reader = &body
	if chunked {
		r = io.MultiReader(&body) // not a type whose length http.NewRequest knows
	}
	req, _ := http.NewRequest(http.MethodPost, c.h.srv.URL+path, r)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", c.h.srv.URL)
	return c.read(c.http.Do(req))
}

// TestUploadsLeaveNoTempFiles: multipart bodies spill to the temp
// directory while parsed; whatever the answer (refused by the CSRF check,
// served, too large), nothing stays there. Bodies over the limit are
// refused with 413 and a message that says so.
func TestUploadsLeaveNoTempFiles(t *testing.T) {
	h := newHarness(t)
	h.user("env@dalian.gov.cn", goalpost.UserEditor, "ecology-environment")
	pm := h.target("t22-pm25-concentration")
	figures := fmt.Sprintf("/targets/%d/figures", pm.ID)
	editor := h.client()
	editor.login("env@dalian.gov.cn")
	anonymous := h.client()
	targetToken := editor.csrf(fmt.Sprintf("/targets/%d", pm.ID))
	ledgerToken := editor.csrf("/departments/ecology-environment")

	dir := t.TempDir()
	t.Setenv("TMPDIR", dir) // where multipart parsing spills files
	empty := func(what string) {
		t.Helper()
		var left []os.DirEntry
		for range 20 {
			if left, _ = os.ReadDir(dir); len(left) == 0 {
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
		names := make([]string, len(left))
		for i, e := range left {
			names[i] = e.Name()
		}
		t.Errorf("%s left %d temp files: %v", what, len(left), names)
		for _, e := range left {
			_ = os.Remove(filepath.Join(dir, e.Name()))
		}
	}
	parts := func(n, size int) [][]byte {
		out := make([][]byte, n)
		for i := range out {
			out[i] = bytes.Repeat([]byte{byte('a' + i)}, size)
		}
		return out
	}

	resp, _ := anonymous.multipartPost(figures, "wrong-token", "evidence", parts(5, 9<<20), false)
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("anonymous with a wrong token: %d", resp.StatusCode)
	}
	empty("an anonymous upload refused by the CSRF check")

	resp, _ = editor.multipartPost(figures, targetToken, "evidence", parts(5, 9<<20), false)
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("signed in, five 9 MB files: %d", resp.StatusCode)
	}
	empty("a signed-in figure upload")

	resp, _ = editor.multipartPost("/departments/ecology-environment/ledger", ledgerToken, "file", parts(1, 4<<20), false)
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a 4 MB ledger that is no spreadsheet: %d", resp.StatusCode)
	}
	empty("a ledger upload")

	resp, _ = anonymous.multipartPost(fmt.Sprintf("/targets/%d", pm.ID), "wrong-token", "evidence", parts(2, 9<<20), false)
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("files posted to a page: %d", resp.StatusCode)
	}
	empty("files posted to a page")

	for _, chunked := range []bool{false, true} {
		resp, doc := editor.multipartPost("/departments/ecology-environment/ledger", ledgerToken, "file", parts(1, 6<<20), chunked)
		if msg := doc.Find("main").Text(); resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(msg, "文件太大（最多 5 MB）") {
			t.Errorf("a 6 MB ledger (chunked %t): %d %q", chunked, resp.StatusCode, strings.TrimSpace(msg))
		}
		empty("a ledger over the limit")
	}
	resp, doc := editor.multipartPost(figures, targetToken, "evidence", parts(6, 9<<20), false)
	if msg := doc.Find("main").Text(); resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(msg, "每个不超过 10 MB") {
		t.Errorf("54 MB of evidence: %d %q", resp.StatusCode, strings.TrimSpace(msg))
	}
	empty("evidence over the limit")
}

// TestBusyLedgerReaders: while as many ledgers as allowed are being read,
// another upload waits briefly, then is told to try again; afterwards it goes through.
func TestBusyLedgerReaders(t *testing.T) {
	t.Parallel()
	db := testdb.Open(t)
	testdb.LoadBundledPlans(t, db)
	s := web.New(db, db.Pool, web.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	s.SetSpreadsheetWait(50 * time.Millisecond)
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	h := &harness{t: t, db: db, srv: srv}
	h.user("env@dalian.gov.cn", goalpost.UserEditor, "ecology-environment")
	c := h.client()
	c.login("env@dalian.gov.cn")
	ledger := c.download("/departments/ecology-environment/ledger.xlsx")

	release := s.HoldSpreadsheetReaders()
	resp, doc := c.upload("/departments/ecology-environment/ledger", "ledger.xlsx", ledger, "/departments/ecology-environment")
	if msg := doc.Find("main").Text(); resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(msg, "请稍后再试") || resp.Header.Get("Retry-After") == "" {
		t.Errorf("upload while busy: %d %q (Retry-After %q)", resp.StatusCode, strings.TrimSpace(msg), resp.Header.Get("Retry-After"))
	}
	release()
	if resp, doc := c.upload("/departments/ecology-environment/ledger", "ledger.xlsx", ledger, "/departments/ecology-environment"); resp.StatusCode != http.StatusOK {
		t.Errorf("upload when free: %d %q", resp.StatusCode, strings.TrimSpace(doc.Find("main").Text()))
	}
}

// TestEvidenceCaching: unpublished evidence is never stored by a cache;
// published evidence is public and never changes, so caches may keep it.
func TestEvidenceCaching(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	h := newHarness(t) // review required
	h.user("env@dalian.gov.cn", goalpost.UserEditor, "ecology-environment")
	reviewer, err := h.db.CreateUser(ctx, "rev@dalian.gov.cn", "审核员", goalpost.UserEditor, "correct horse battery", nil, []string{"ecology-environment"})
	if err != nil {
		t.Fatal(err)
	}
	pm := h.target("t22-pm25-concentration")
	editor := h.client()
	editor.login("env@dalian.gov.cn")
	pdf := []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
	if resp, _ := editor.postFigure(fmt.Sprintf("/targets/%d", pm.ID), map[string]string{"period": "2024", "value": "35"}, map[string][]byte{"公报.pdf": pdf}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("with evidence: %d", resp.StatusCode)
	}
	_, doc := editor.get(fmt.Sprintf("/targets/%d", pm.ID))
	link, _ := doc.Find(`[data-testid="attachment"]`).Attr("href")
	cacheControl := func() string {
		t.Helper()
		resp, err := editor.http.Get(h.srv.URL + link)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d", link, resp.StatusCode)
		}
		return resp.Header.Get("Cache-Control")
	}
	if got := cacheControl(); got != "no-store" {
		t.Errorf("unpublished evidence: Cache-Control %q, want no-store", got)
	}
	figs, _ := h.db.Figures(ctx, pm.ID, true)
	if _, err := h.db.Decide(ctx, reviewer, figs[0].ID, true, ""); err != nil {
		t.Fatal(err)
	}
	if got := cacheControl(); got != "public, max-age=3600" {
		t.Errorf("published evidence: Cache-Control %q", got)
	}
}

// TestLedgerOverLimitSaysTooLarge: a ledger over 5 MB is refused as too
// large, with the limit, not as a form that expired.
func TestLedgerOverLimitSaysTooLarge(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.user("env@dalian.gov.cn", goalpost.UserEditor, "ecology-environment")
	c := h.client()
	c.login("env@dalian.gov.cn")
	resp, doc := c.upload("/departments/ecology-environment/ledger", "ledger.xlsx", bytes.Repeat([]byte("x"), 6<<20), "/departments/ecology-environment")
	if msg := doc.Find("main").Text(); resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(msg, "文件太大（最多 5 MB）") {
		t.Errorf("6 MB ledger: %d %q", resp.StatusCode, strings.TrimSpace(msg))
	}
	c.get("/departments/ecology-environment?lang=en")
	resp, doc = c.upload("/departments/ecology-environment/ledger", "ledger.xlsx", bytes.Repeat([]byte("x"), 6<<20), "/departments/ecology-environment")
	if msg := doc.Find("main").Text(); resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(msg, "File too large (max 5 MB)") {
		t.Errorf("6 MB ledger in English: %d %q", resp.StatusCode, strings.TrimSpace(msg))
	}
	// A plain form without a length, too long once read: also 413, not the CSRF page.
	form := "csrf_token=" + c.csrf("/login") + "&email=" + strings.Repeat("a", 100<<10)
	req, _ := http.NewRequest(http.MethodPost, h.srv.URL+"/login", io.MultiReader(strings.NewReader(form)))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", h.srv.URL)
	if resp, doc := c.read(c.http.Do(req)); resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("a 100 KB form sent chunked: %d %q", resp.StatusCode, strings.TrimSpace(doc.Find("main").Text()))
	}
	// The API answers in JSON.
	status, body := apiPost(t, h, "/api/v1/targets/1/figures", "", `{"note": "`+strings.Repeat("x", 100<<10)+`"}`)
	if errBody, _ := body["error"].(map[string]any); status != http.StatusRequestEntityTooLarge || errBody["message"] == nil {
		t.Errorf("100 KB to the API: %d %v", status, body)
	}
}

// TestForbiddenFigureNamesNoTarget: deciding on a figure of a target one
// may not review is refused without saying which target the figure is of.
func TestForbiddenFigureNamesNoTarget(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	h := newHarness(t)
	h.user("env@dalian.gov.cn", goalpost.UserEditor, "ecology-environment")
	if _, err := h.db.CreateUser(ctx, "edu@dalian.gov.cn", "教育审核", goalpost.UserEditor, "correct horse battery", nil, []string{"education"}); err != nil {
		t.Fatal(err)
	}
	editorToken, _ := h.db.CreateToken(ctx, "env@dalian.gov.cn", "")
	otherToken, _ := h.db.CreateToken(ctx, "edu@dalian.gov.cn", "")
	pm := h.target("t22-pm25-concentration")
	status, body := apiPost(t, h, fmt.Sprintf("/api/v1/targets/%d/figures", pm.ID), editorToken, `{"value": 35, "period": "2024"}`)
	if status != http.StatusCreated {
		t.Fatalf("submit: %d %v", status, body)
	}
	id := int64(body["id"].(float64))
	leaks := func(text string) bool {
		return strings.Contains(text, pm.Title) || strings.Contains(text, fmt.Sprintf("/targets/%d", pm.ID)) || strings.Contains(text, fmt.Sprint(pm.ID))
	}

	other := h.client()
	other.login("edu@dalian.gov.cn")
	for _, action := range []string{"approve", "return"} {
		resp, doc := other.post(fmt.Sprintf("/figures/%d/%s", id, action), map[string][]string{"csrf_token": {other.csrf("/review")}, "reason": {"不对"}})
		if msg := doc.Find("main").Text(); resp.StatusCode != http.StatusForbidden || leaks(msg) {
			t.Errorf("%s a figure of another department: %d %q", action, resp.StatusCode, strings.TrimSpace(msg))
		}
		status, body := apiPost(t, h, fmt.Sprintf("/api/v1/figures/%d/%s", id, action), otherToken, `{"reason": "不对"}`)
		if msg := fmt.Sprint(body); status != http.StatusForbidden || leaks(msg) {
			t.Errorf("API %s a figure of another department: %d %s", action, status, msg)
		}
	}
}

// TestHeadOnPages: HEAD answers like GET, without a body.
func TestHeadOnPages(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	pm := h.target("t22-pm25-concentration")
	for path, want := range map[string]int{
		"/": http.StatusOK, fmt.Sprintf("/targets/%d", pm.ID): http.StatusOK, "/plans/dalian-2023-livelihood": http.StatusOK,
		"/api/v1/targets": http.StatusOK, "/no-such-page": http.StatusNotFound,
	} {
		resp, err := http.Head(h.srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != want || len(b) != 0 || resp.Header.Get("Content-Type") == "" {
			t.Errorf("HEAD %s: %d, %d bytes, Content-Type %q; want %d", path, resp.StatusCode, len(b), resp.Header.Get("Content-Type"), want)
		}
	}
}

// TestStrictTransportSecurity: browsers are told to keep to https only
// when the site is served over TLS (secure cookies).
func TestStrictTransportSecurity(t *testing.T) {
	t.Parallel()
	db := testdb.Open(t)
	for _, secure := range []bool{false, true} {
		s := web.New(db, db.Pool, web.Options{SecureCookies: secure, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		srv := httptest.NewServer(s.Handler())
		resp, err := http.Get(srv.URL + "/")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		srv.Close()
		got := resp.Header.Get("Strict-Transport-Security")
		if secure && !strings.HasPrefix(got, "max-age=") || !secure && got != "" {
			t.Errorf("secure cookies %t: Strict-Transport-Security %q", secure, got)
		}
	}
}
