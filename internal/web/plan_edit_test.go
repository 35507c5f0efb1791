package web_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/goalpost-civic/goalpost/internal/extract"
	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/planfile"
	"github.com/goalpost-civic/goalpost/internal/testdb"
	"github.com/goalpost-civic/goalpost/internal/web"
)

// adminOnly reports whether a route is for administrators: everything under
// /admin/, and the administrators' actions on other pages.
func adminOnly(pattern string) bool {
	switch pattern {
	case "/targets/{id}/schedule", "/targets/{id}/baseline", "/reports/{plan}/{period}/publish":
		return true
	}
	return strings.HasPrefix(pattern, "/admin/")
}

// concrete fills a route's parameters with things that exist.
func concrete(h *harness, pattern string) string {
	pm := h.target("t22-pm25-concentration")
	return strings.NewReplacer("{slug}", "dalian-2023-livelihood", "{plan}", "dalian-2023-livelihood", "{period}", "2024-06",
		"{key}", pm.Key, "{id}", fmt.Sprint(pm.ID), "{index}", "0", "{number}", "1").Replace(pattern)
}

// Every administrators' route, walked from the route table: a visitor is
// sent to sign in (a form posted without a session is refused), a
// department member gets 403, an administrator gets every page.
func TestAdminRoutesAreOneGroup(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.user("admin@dalian.gov.cn", goalpost.UserAdmin)
	h.user("env@dalian.gov.cn", goalpost.UserEditor, "ecology-environment")
	admin, editor, visitor := h.client(), h.client(), h.client()
	admin.login("admin@dalian.gov.cn")
	editor.login("env@dalian.gov.cn")
	routes := web.Routes(web.New(h.db, h.db.Pool, web.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}))
	// A plan draft for the drafts' pages, made from a document's text.
	var adminUser *goalpost.User
	users, err := h.db.Users(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range users {
		if u.Role == goalpost.UserAdmin {
			adminUser = u
		}
	}
	text := "到2026年，普惠性幼儿园覆盖率达到90%以上。"
	draftID, err := h.db.CreatePlanDraft(context.Background(), adminUser, "plan.txt", text, extract.NewReview(extract.FromText(text), "test-plan"))
	if err != nil {
		t.Fatal(err)
	}
	gets := 0
	for _, rt := range routes {
		method, pattern := rt[0], rt[1]
		if !adminOnly(pattern) || (method != http.MethodGet && method != http.MethodPost) {
			continue
		}
		path := concrete(h, pattern)
		if strings.HasPrefix(pattern, "/admin/drafts/{id}") {
			path = strings.Replace(pattern, "{id}", fmt.Sprint(draftID), 1)
		}
		if method == http.MethodGet {
			gets++
			resp, _ := visitor.get(path)
			if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || loc != "/login?next="+url.QueryEscape(strings.SplitN(path, "?", 2)[0]) {
				t.Errorf("visitor GET %s: %d %s", path, resp.StatusCode, loc)
			}
			if resp, _ := editor.get(path); resp.StatusCode != http.StatusForbidden {
				t.Errorf("editor GET %s: %d, want 403", path, resp.StatusCode)
			}
			if resp, doc := admin.get(path); resp.StatusCode != http.StatusOK {
				t.Errorf("admin GET %s: %d %s", path, resp.StatusCode, doc.Find("main").Text())
			}
			continue
		}
		if resp, _ := visitor.post(path, url.Values{"csrf_token": {visitor.csrf("/login")}}); resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("visitor POST %s: %d, want 401", path, resp.StatusCode)
		}
		if resp, _ := editor.post(path, url.Values{"csrf_token": {editor.csrf("/")}}); resp.StatusCode != http.StatusForbidden {
			t.Errorf("editor POST %s: %d, want 403", path, resp.StatusCode)
		}
	}
	if gets < 10 {
		t.Errorf("only %d administrators' pages walked", gets)
	}
}

// The editor from nothing: a plan, a section, a task with its units and a
// target, each refused first with the problem next to its field and the
// form as typed; then the target on the public page, its wording changed
// with its figures kept and the change in its history.
func TestPlanEditorFromNothing(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := context.Background()
	h.user("admin@dalian.gov.cn", goalpost.UserAdmin)
	a := h.client()
	a.login("admin@dalian.gov.cn")
	token := a.csrf("/admin/plans/new-empty")

	resp, doc := a.post("/admin/plans/new-empty", url.Values{"csrf_token": {token}, "slug": {"Town 2026"}, "title": {"某镇2026年民生实事项目"},
		"short_title": {"某镇民生实事"}, "issuer": {""}, "period_start": {"2026-01-01"}, "period_end": {"2025-12-31"}, "requires_review": {"false"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(doc.Find(`[data-testid="error-slug"]`).Text(), "只能由小写字母") ||
		!strings.Contains(doc.Find(`[data-testid="error-issuer"]`).Text(), "缺少 issuer") ||
		!strings.Contains(doc.Find(`[data-testid="error-period"]`).Text(), "period_end 早于 period_start") {
		t.Fatalf("invalid new plan: %d %s", resp.StatusCode, doc.Find("main").Text())
	}
	if v, _ := doc.Find(`input[name="title"]`).Attr("value"); v != "某镇2026年民生实事项目" {
		t.Errorf("the form lost what was typed: %q", v)
	}
	resp, _ = a.post("/admin/plans/new-empty", url.Values{"csrf_token": {token}, "slug": {"town-2026"}, "title": {"某镇2026年民生实事项目"},
		"short_title": {"某镇民生实事"}, "issuer": {"某镇人民政府"}, "period_start": {"2026-01-01"}, "period_end": {"2026-12-31"}, "requires_review": {"false"}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/admin/plans/town-2026/edit" {
		t.Fatalf("create: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	edit := "/admin/plans/town-2026/edit"
	a.post("/admin/plans/town-2026/sections", url.Values{"csrf_token": {a.csrf(edit)}, "key": {"一"}, "title": {"教育"}})
	a.post("/admin/plans/town-2026/sections", url.Values{"csrf_token": {a.csrf(edit)}, "key": {"二"}, "title": {"养老"}})
	a.post("/admin/plans/town-2026/sections/1", url.Values{"csrf_token": {a.csrf(edit)}, "action": {"up"}})
	a.post("/admin/plans/town-2026/tasks", url.Values{"csrf_token": {a.csrf(edit)}, "section": {"一"}, "number": {"1"}, "title": {"学前教育"}})
	a.post("/admin/plans/town-2026/tasks/1", url.Values{"csrf_token": {a.csrf(edit)}, "number": {"1"}, "title": {"发展学前教育"},
		"lead": {"education"}, "responsible": {"finance"}})
	_, doc = a.get(edit)
	if got := doc.Find(`[data-testid="editor-section"] input[name="key"]`).First().AttrOr("value", ""); got != "二" {
		t.Errorf("the section moved up is not first: %q", got)
	}

	target := url.Values{"csrf_token": {a.csrf(edit)}, "key": {"kindergartens"}, "place": {"t:1"}, "title": {"新建公办幼儿园"},
		"kind": {"cumulative"}, "comparator": {">="}, "value": {"三所"}, "unit": {"所"}, "deadline": {"2025-12-31"},
		"source_text": {"新建公办幼儿园3所"}, "cadence": {"quarterly"}, "due_day": {"10"}}
	resp, doc = a.post("/admin/plans/town-2026/targets", target)
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(doc.Find(`[data-testid="error-value"]`).Text(), "不是数字") ||
		!strings.Contains(doc.Find(`[data-testid="error-deadline"]`).Text(), "早于规划开始日期") {
		t.Fatalf("invalid target: %d %s", resp.StatusCode, doc.Find("main").Text())
	}
	if v, _ := doc.Find(`input[name="title"]`).Attr("value"); v != "新建公办幼儿园" {
		t.Errorf("the target form lost what was typed: %q", v)
	}
	target.Set("value", "3")
	target.Set("deadline", "2026-12-31")
	if resp, doc := a.post("/admin/plans/town-2026/targets", target); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("valid target: %d %s", resp.StatusCode, doc.Find("main").Text())
	}
	k := h.target("kindergartens")
	if k.Schedule.Cadence != goalpost.Quarterly || k.Schedule.DueDay != 10 || len(k.Lead) != 1 || k.Lead[0].Slug != "education" {
		t.Errorf("stored target: %+v lead %+v", k.Schedule, k.Lead)
	}
	_, doc = a.get("/plans/town-2026")
	if !strings.Contains(doc.Find("main").Text(), "新建公办幼儿园") || !strings.Contains(doc.Find("main").Text(), "发展学前教育") {
		t.Errorf("public page lacks the new target: %s", doc.Find("main").Text())
	}

	// A new wording keeps the figures and is in the history.
	resp, _ = a.postFigure(fmt.Sprintf("/targets/%d", k.ID), map[string]string{"period": "2026-Q1", "value": "1"}, nil)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("figure: %d", resp.StatusCode)
	}
	page := "/admin/plans/town-2026/targets/kindergartens"
	_, doc = a.get(page)
	form := url.Values{"csrf_token": {a.csrf(page)}}
	for _, name := range []string{"place", "kind", "comparator", "value", "unit", "deadline", "cadence", "due_day", "source_text"} {
		form.Set(name, fieldValue(doc, name))
	}
	form.Set("title", "新建普惠性幼儿园")
	if resp, doc := a.post(page, form); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("new wording: %d %s", resp.StatusCode, doc.Find("main").Text())
	}
	got, _ := h.db.Target(ctx, k.ID)
	if got.Title != "新建普惠性幼儿园" || got.Summary.Count != 1 || got.Schedule.Cadence != goalpost.Quarterly {
		t.Errorf("after the new wording: %q, %d figures, %+v", got.Title, got.Summary.Count, got.Schedule)
	}
	_, doc = a.get(fmt.Sprintf("/targets/%d", k.ID))
	if h := doc.Find(`[data-testid="history"]`).Text(); !strings.Contains(h, "新建公办幼儿园 → 新建普惠性幼儿园") {
		t.Errorf("history lacks the new wording: %s", h)
	}
}

// fieldValue is what the editor's form holds for a field.
func fieldValue(doc *goquery.Document, name string) string {
	if s := doc.Find(`textarea[name="` + name + `"]`); s.Length() > 0 {
		return s.Text()
	}
	if s := doc.Find(`select[name="` + name + `"] option[selected]`); s.Length() > 0 {
		return s.AttrOr("value", "")
	}
	return doc.Find(`input[name="`+name+`"]`).AttrOr("value", "")
}

// A target with figures cannot be deleted, only retired with a reason: it
// keeps its figures and history, is marked on the public pages and out of
// the counts, and the figure form, the API and the ledger refuse new figures.
func TestRetiredTarget(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	testdb.PublishDirectly(t, h.db)
	ctx := context.Background()
	h.user("admin@dalian.gov.cn", goalpost.UserAdmin)
	h.user("env@dalian.gov.cn", goalpost.UserEditor, "ecology-environment")
	a, env := h.client(), h.client()
	a.login("admin@dalian.gov.cn")
	env.login("env@dalian.gov.cn")
	pm := h.target("t22-pm25-concentration")
	targetPage := fmt.Sprintf("/targets/%d", pm.ID)
	if resp, _ := env.postFigure(targetPage, map[string]string{"period": "2023", "value": "30.1"}, nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("figure: %d", resp.StatusCode)
	}
	_, doc := a.get("/")
	card := func(doc *goquery.Document) string {
		return doc.Find(`[data-testid="plan-card"]`).FilterFunction(func(_ int, s *goquery.Selection) bool {
			return strings.Contains(s.Text(), "民生")
		}).Text()
	}
	before := card(doc)

	page := "/admin/plans/dalian-2023-livelihood/targets/" + pm.Key
	resp, _ := a.post(page+"/delete", url.Values{"csrf_token": {a.csrf(page)}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("delete: %d", resp.StatusCode)
	}
	_, doc = a.get(page)
	if got := doc.Find(`[data-testid="form-errors"]`).Text(); !strings.Contains(got, "不能删除") || !strings.Contains(got, "停用") {
		t.Errorf("delete of a reported target: %q", got)
	}
	if _, err := h.db.Target(ctx, pm.ID); err != nil {
		t.Fatalf("deleted anyway: %v", err)
	}
	a.post(page+"/retire", url.Values{"csrf_token": {a.csrf(page)}, "reason": {""}})
	if got, _ := h.db.Target(ctx, pm.ID); got.Retired != nil {
		t.Fatal("retired without a reason")
	}
	a.post(page+"/retire", url.Values{"csrf_token": {a.csrf(page)}, "reason": {"监测口径调整，改用新指标"}})
	got, _ := h.db.Target(ctx, pm.ID)
	if got.Retired == nil || got.Summary.Count != 1 {
		t.Fatalf("retired: %+v, %d figures", got.Retired, got.Summary.Count)
	}

	// Public pages: marked with the reason, figures and history kept, out of the counts.
	_, doc = env.get(targetPage)
	if !strings.Contains(doc.Find(`[data-testid="retired-notice"]`).Text(), "监测口径调整") || doc.Find(`[data-testid="history"] li`).Length() < 2 {
		t.Errorf("target page: %q", doc.Find("main").Text())
	}
	_, doc = env.get("/plans/dalian-2023-livelihood")
	row := doc.Find(fmt.Sprintf(`[data-testid="target-row"][data-target-id="%d"]`, pm.ID))
	if !strings.Contains(row.Find(`[data-testid="retired"]`).Text(), "已停用") || !strings.Contains(row.Text(), "监测口径调整") {
		t.Errorf("plan page row: %q", row.Text())
	}
	_, doc = a.get("/")
	if after := card(doc); after == before || !strings.Contains(before, "109") || !strings.Contains(after, "108") {
		t.Errorf("home counts: before %q after %q", before, after)
	}

	// No new figures: the form, the API and the ledger say why.
	resp, doc = env.postFigure(targetPage, map[string]string{"period": "2024", "value": "29"}, nil)
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(doc.Find(`[data-testid="form-errors"]`).Text(), "已停用") {
		t.Errorf("figure form on a retired target: %d %q", resp.StatusCode, doc.Find(`[data-testid="form-errors"]`).Text())
	}
	token, _ := h.db.CreateToken(ctx, "env@dalian.gov.cn", "监测平台")
	status, body := apiPost(t, h, fmt.Sprintf("/api/v1/targets/%d/figures", pm.ID), token, `{"value": 29, "period": "2024"}`)
	if status != http.StatusBadRequest || !strings.Contains(fmt.Sprint(body), "已停用") {
		t.Errorf("API on a retired target: %d %v", status, body)
	}
	dept := "/departments/ecology-environment"
	ledger := fillXLSX(t, env.download(dept+"/ledger.xlsx"), map[int64]map[string]string{pm.ID: {"2024": "29"}})
	resp, doc = env.upload(dept+"/ledger", "ledger.xlsx", ledger, dept)
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(doc.Find(`[data-testid="ledger-problems"]`).Text(), "已停用") {
		t.Errorf("ledger on a retired target: %d %q", resp.StatusCode, doc.Find("main").Text())
	}
	if figs, _ := h.db.Figures(ctx, pm.ID, true); len(figs) != 1 {
		t.Errorf("figures of the retired target: %d", len(figs))
	}
}

// The plan downloads as a plan file that reads back and imports as
// unchanged through the administrators' import, with no audit entry.
func TestPlanDownloadImportsUnchanged(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := context.Background()
	h.user("admin@dalian.gov.cn", goalpost.UserAdmin)
	a := h.client()
	a.login("admin@dalian.gov.cn")
	data := a.download("/admin/plans/dalian-2023-livelihood.yaml")
	if _, err := planfile.Read("download.yaml", bytes.NewReader(data)); err != nil {
		t.Fatalf("the download does not read: %v", err)
	}
	var before int
	_ = h.db.Pool.QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE entity = 'target'`).Scan(&before)
	a.upload("/admin/plans/import", "download.yaml", data, "/admin/plans")
	_, doc := a.get("/admin/plans")
	if got := doc.Find(`[data-testid="admin-flash"]`).Text(); !strings.Contains(got, "新增 0，更新 0，未变 109，删除 0") {
		t.Errorf("import of the download: %q", got)
	}
	var after int
	_ = h.db.Pool.QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE entity = 'target'`).Scan(&after)
	if after != before {
		t.Errorf("import of the download wrote %d target entries", after-before)
	}
}
