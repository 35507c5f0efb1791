package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"path"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/goalpost-civic/goalpost/internal/goalpost"
)

// TestEnglishOfficialPagesHaveNoChineseOutsideQuotes is the English walk
// of the pages only officials see: an editor and a reviewer of a
// department and an administrator, each in English mode, walk their work,
// the review queue, their account, the department's ledger (its preview,
// with a mistake and without), the figure form with an error shown, the
// administrator's pages, the plan editor (with an error shown) and a draft
// made from a document. Chinese may appear only where it is marked
// lang="zh-CN": the document's words, stored names and what officials
// wrote.
func TestEnglishOfficialPagesHaveNoChineseOutsideQuotes(t *testing.T) {
	t.Parallel()
	h := newHarness(t) // review required
	h.user("env@dalian.gov.cn", goalpost.UserEditor, "ecology-environment")
	h.user("admin@dalian.gov.cn", goalpost.UserAdmin)
	if _, err := h.db.CreateUser(context.Background(), "rev@dalian.gov.cn", "审核员", goalpost.UserEditor, "correct horse battery", nil, []string{"ecology-environment"}); err != nil {
		t.Fatal(err)
	}
	pm := h.target("t22-pm25-concentration")
	days := h.target("t22-heavy-pollution-days-ratio")
	pmPath := fmt.Sprintf("/targets/%d", pm.ID)
	daysPath := fmt.Sprintf("/targets/%d", days.ID)
	dept := "/departments/ecology-environment"

	var gaps []string
	seenGap := map[string]bool{}
	check := func(who, what string, doc *goquery.Document) {
		t.Helper()
		if lang, _ := doc.Find("html").Attr("lang"); lang != "en" {
			t.Errorf("%s %s: <html lang=%q>", who, what, lang)
		}
		for _, g := range chineseOutsideQuotes(doc) {
			if !seenGap[g] {
				seenGap[g] = true
				gaps = append(gaps, who+" "+what+": "+g)
			}
		}
	}
	english := func(email string) *client {
		c := h.client()
		c.login(email)
		if resp, _ := c.get("/?lang=en"); resp.StatusCode != http.StatusOK {
			t.Fatalf("home: %d", resp.StatusCode)
		}
		return c
	}

	// The editor enters figures: one is refused (the form shows the error),
	// two wait for review.
	editor := english("env@dalian.gov.cn")
	resp, doc := editor.post(pmPath+"/figures", url.Values{"csrf_token": {editor.csrf(pmPath)}, "period": {"2024"}, "value": {"三十五"}})
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a wrong figure: %d", resp.StatusCode)
	}
	check("editor", "figure form with an error", doc)
	for _, f := range []url.Values{
		{"period": {"2023"}, "value": {"36.1"}},
		{"period": {"2024"}, "value": {"34.5"}, "note": {"来自环境质量月报"}},
	} {
		f.Set("csrf_token", editor.csrf(pmPath))
		if resp, doc := editor.post(pmPath+"/figures", f); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("figure %v: %d %s", f, resp.StatusCode, doc.Find(".errors").Text())
		}
	}
	f := url.Values{"csrf_token": {editor.csrf(daysPath)}, "period": {"2024"}, "value": {"0.7"}}
	if resp, _ := editor.post(daysPath+"/figures", f); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("figure for heavy pollution days: %d", resp.StatusCode)
	}

	// The reviewer returns one with a reason and approves another.
	reviewer := english("rev@dalian.gov.cn")
	_, doc = reviewer.get("/review")
	check("reviewer", "/review", doc)
	returnAt, _ := doc.Find(`form[action$="/return"]`).First().Attr("action")
	reviewer.post(returnAt, url.Values{"csrf_token": {reviewer.csrf("/review")}, "reason": {"请附月报"}})
	_, doc = reviewer.get("/review")
	approveAt, _ := doc.Find(`form[action$="/approve"]`).First().Attr("action")
	reviewer.post(approveAt, url.Values{"csrf_token": {reviewer.csrf("/review")}})
	for _, p := range []string{"/work", "/review", "/account", dept, pmPath, daysPath} {
		_, doc := reviewer.get(p)
		check("reviewer", p, doc)
	}

	// The department's ledger: a mistake, then a change to confirm.
	original := editor.download(dept + "/ledger.xlsx")
	bad := fillXLSX(t, original, map[int64]map[string]string{pm.ID: {"2025": "三十五"}})
	resp, doc = editor.upload(dept+"/ledger", "ledger.xlsx", bad, dept)
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a wrong ledger: %d", resp.StatusCode)
	}
	check("editor", "ledger with a mistake", doc)
	good := fillXLSX(t, original, map[int64]map[string]string{days.ID: {"2025": "0.6"}})
	resp, doc = editor.upload(dept+"/ledger", "ledger.xlsx", good, dept)
	if resp.StatusCode != http.StatusOK {
		t.Errorf("a ledger: %d", resp.StatusCode)
	}
	check("editor", "ledger preview", doc)
	if action, ok := doc.Find(`form[action$="/confirm"]`).Attr("action"); ok {
		editor.post(action, url.Values{"csrf_token": {editor.csrf(dept)}, "department": {"ecology-environment"}})
	}
	for _, p := range walkOfficial(t, editor, "/work", "/account", dept, pmPath, daysPath) {
		_, doc := editor.get(p)
		check("editor", p, doc)
	}

	// The administrator: every page under /admin, the plan editor with an
	// error, a draft made from a document, a bulletin's draft.
	admin := english("admin@dalian.gov.cn")
	editPath := "/admin/plans/dalian-2023-livelihood/targets/" + pm.Key
	_, doc = admin.get(editPath)
	form := url.Values{"csrf_token": {admin.csrf(editPath)}}
	for _, name := range []string{"place", "title", "title_en", "kind", "comparator", "value", "unit", "deadline", "cadence", "due_day", "source_text", "notes", "baseline_value", "baseline_date", "baseline_text", "related_task"} {
		form.Set(name, fieldValue(doc, name))
	}
	form.Set("value", "三十")
	resp, doc = admin.post(editPath, form)
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a wrong target: %d", resp.StatusCode)
	}
	check("admin", "plan editor with an error", doc)
	// An administrator's mistake comes back as a message on the next page.
	admin.post("/admin/users", url.Values{"csrf_token": {admin.csrf("/admin/users")}, "role": {"admin"}, "email": {"没有邮箱"}, "name": {"张三"}, "password": {"correct horse battery"}})
	_, doc = admin.get("/admin/users")
	check("admin", "new user with an error", doc)
	if resp, doc := admin.uploadDocument("plan.txt", []byte(devText(t)), nil); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("a draft: %d %s", resp.StatusCode, doc.Find("main").Text())
	}
	for _, p := range walkOfficial(t, admin, "/admin/plans", "/admin/users", "/admin/tokens", "/admin/departments",
		"/admin/audit", "/admin/drafts", "/admin/plans/new", "/admin/plans/new-empty",
		"/admin/plans/dalian-2023-livelihood/edit", editPath, "/admin/plans/dalian-2023-livelihood/targets/new",
		"/reports/dalian-2023-livelihood/2024-06?draft=1", "/work", "/review", "/account", pmPath) {
		_, doc := admin.get(p)
		check("admin", p, doc)
	}

	if len(gaps) > 0 {
		sort.Strings(gaps)
		if len(gaps) > 80 {
			gaps = append(gaps[:80], fmt.Sprintf("… and %d more", len(gaps)-80))
		}
		t.Errorf("Chinese on officials' English pages outside lang=\"zh-CN\":\n%s", strings.Join(gaps, "\n"))
	}
}

// walkOfficial visits roots and follows the links of the officials' pages
// (under /admin, /work, /review, /account), at most a few pages for each
// kind of address so that the walk stays short, and returns every page it
// reached.
func walkOfficial(t *testing.T, c *client, roots ...string) []string {
	t.Helper()
	seen := map[string]bool{}
	perKind := map[string]int{}
	queue := append([]string(nil), roots...)
	for _, r := range roots {
		seen[r] = true
	}
	var out []string
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		resp, doc := c.get(p)
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s: %d", p, resp.StatusCode)
			continue
		}
		out = append(out, p)
		doc.Find("a[href]").Each(func(_ int, a *goquery.Selection) {
			href, _ := a.Attr("href")
			u, err := url.Parse(href)
			if err != nil || u.Host != "" || !strings.HasPrefix(u.Path, "/") || u.Query().Has("lang") {
				return
			}
			p := u.Path
			official := false
			for _, prefix := range []string{"/admin", "/work", "/review", "/account"} {
				if strings.HasPrefix(p, prefix) {
					official = true
				}
			}
			if !official || seen[p] || strings.Contains(path.Base(p), ".") || p == "/logout" {
				return
			}
			seen[p] = true
			kind := path.Dir(p)
			if perKind[kind] >= 3 {
				return
			}
			perKind[kind]++
			target := p
			if u.RawQuery != "" {
				target += "?" + u.RawQuery
			}
			queue = append(queue, target)
		})
	}
	return out
}

// A plan file that cannot be imported is refused with its lines' problems
// in the administrator's language.
func TestPlanFileProblemsInTheAdministratorsLanguage(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.user("admin@dalian.gov.cn", goalpost.UserAdmin)
	admin := h.client()
	admin.login("admin@dalian.gov.cn")
	data := admin.download("/admin/plans/dalian-2023-livelihood.yaml")
	bad := regexp.MustCompile(`deadline: "?2025-12-31"?`).ReplaceAllString(string(data), "deadline: 2025")
	for _, tc := range []struct{ lang, want, notWanted string }{
		{"zh", "日期“2025”应写成 2025-12-31 的形式", "write the date"},
		{"en", "the file is invalid; nothing was imported: Line ", "第 "},
	} {
		admin.get("/admin/plans?lang=" + tc.lang)
		resp, _ := admin.upload("/admin/plans/import", "plan.yaml", []byte(bad), "/admin/plans")
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s: import: %d", tc.lang, resp.StatusCode)
		}
		_, doc := admin.get("/admin/plans")
		got := strings.Join(strings.Fields(doc.Find(`[data-testid="admin-flash"]`).Text()), " ")
		if !strings.Contains(got, tc.want) || strings.Contains(got, tc.notWanted) {
			t.Errorf("%s: %q, want %q", tc.lang, got, tc.want)
		}
		if tc.lang == "en" {
			if gaps := chineseOutsideQuotes(doc); len(gaps) > 0 {
				t.Errorf("Chinese outside quotes: %v", gaps)
			}
		}
	}
}
