package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"
	"unicode"

	"github.com/PuerkitoBio/goquery"
	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/testdb"
	"golang.org/x/net/html"
)

// TestEnglishPagesHaveNoChineseOutsideQuotes walks every public page a
// visitor reaches from the home page in English mode and fails on Chinese
// characters anywhere but inside an element marked lang="zh-CN" (the
// document's own words and the names stored in the plan). Attributes and
// the <title>, which cannot carry a lang of their own, may hold Chinese
// only where the same text appears marked as Chinese on the page.
func TestEnglishPagesHaveNoChineseOutsideQuotes(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	testdb.PublishDirectly(t, h.db)
	h.user("admin@dalian.gov.cn", goalpost.UserAdmin)
	admin := h.client()
	admin.login("admin@dalian.gov.cn")
	enter := func(key string, fields ...string) {
		t.Helper()
		path := fmt.Sprintf("/targets/%d", h.target(key).ID)
		form := url.Values{"csrf_token": {admin.csrf(path)}}
		for i := 0; i < len(fields); i += 2 {
			form.Set(fields[i], fields[i+1])
		}
		if resp, doc := admin.post(path+"/figures", form); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("figure for %s: %d %s", key, resp.StatusCode, doc.Find(".errors").Text())
		}
	}
	enter("overall-new-urban-jobs", "period", "2023", "value", "13.2")
	enter("overall-new-urban-jobs", "period", "2024", "value", "12.1")
	enter("overall-inclusive-kindergarten-coverage", "period", "2024", "value", "87.5")
	enter("overall-inclusive-kindergarten-coverage", "period", "2024", "value", "87.6", "reason", "统计口径调整")
	enter("overall-heavy-pollution-eliminated", "period", "2024", "stage", "1")
	enter("t18-mass-cultural-activities-per-year", "period", "2024", "value", "520")
	enter("t06-dibao-urban-rural-ratio", "period", "2024", "value", "1.3")
	enter("overall-hospice-institutions-per-district", "period", "2024", "district", "中山区", "value", "1")

	visitor := h.client()
	pages := crawlEnglish(t, visitor)
	if len(pages) < 100 {
		t.Fatalf("the walk reached only %d pages: %v", len(pages), pages)
	}
	var gaps []string
	for _, path := range pages {
		_, doc := visitor.get(path)
		for _, g := range chineseOutsideQuotes(doc) {
			gaps = append(gaps, path+": "+g)
		}
	}
	// Pages only an error shows.
	for _, path := range []string{"/no-such-page", "/targets/999999", "/login"} {
		_, doc := visitor.get(path)
		for _, g := range chineseOutsideQuotes(doc) {
			gaps = append(gaps, path+": "+g)
		}
	}
	if len(gaps) > 0 {
		sort.Strings(gaps)
		if len(gaps) > 60 {
			gaps = append(gaps[:60], fmt.Sprintf("… and %d more", len(gaps)-60))
		}
		t.Errorf("Chinese on English pages outside lang=\"zh-CN\":\n%s", strings.Join(gaps, "\n"))
	}
}

// allQuoted reports whether every Chinese word of s appears in quoted, the
// text of the page's elements marked as Chinese.
func allQuoted(s, quoted string) bool {
	for _, w := range strings.Fields(s) {
		if hasHan(w) && !strings.Contains(quoted, w) {
			return false
		}
	}
	return true
}

// crawlEnglish switches c to English and follows every link to a public
// page of the site, once per path.
func crawlEnglish(t *testing.T, c *client) []string {
	t.Helper()
	if resp, _ := c.get("/?lang=en"); resp.StatusCode != http.StatusOK {
		t.Fatalf("home: %d", resp.StatusCode)
	}
	seen := map[string]bool{"/": true}
	queue := []string{"/"}
	var out []string
	for len(queue) > 0 {
		path := queue[0]
		queue = queue[1:]
		resp, doc := c.get(path)
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s: %d", path, resp.StatusCode)
			continue
		}
		if lang, _ := doc.Find("html").Attr("lang"); lang != "en" {
			t.Errorf("%s: <html lang=%q> after switching to English", path, lang)
		}
		out = append(out, path)
		doc.Find("a[href]").Each(func(_ int, a *goquery.Selection) {
			href, _ := a.Attr("href")
			u, err := url.Parse(href)
			if err != nil || u.Host != "" || !strings.HasPrefix(u.Path, "/") || u.Query().Has("lang") {
				return
			}
			p := u.Path
			if seen[p] || strings.HasPrefix(p, "/admin") || strings.HasPrefix(p, "/api") ||
				strings.HasPrefix(p, "/attachments") || p == "/logout" || p == "/reading" || strings.Contains(p[strings.LastIndex(p, "/"):], ".") {
				return
			}
			seen[p] = true
			target := p
			if u.RawQuery != "" {
				target += "?" + u.RawQuery
			}
			queue = append(queue, target)
		})
		seen[strings.SplitN(path, "?", 2)[0]] = true
	}
	return out
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) || (r >= 0x3000 && r <= 0x303f) || (r >= 0xff00 && r <= 0xffef) {
			return true
		}
	}
	return false
}

// inChinese reports whether n sits inside an element marked as Chinese.
func inChinese(n *html.Node) bool {
	for ; n != nil; n = n.Parent {
		if n.Type != html.ElementNode {
			continue
		}
		for _, a := range n.Attr {
			if a.Key == "lang" {
				return strings.HasPrefix(strings.ToLower(a.Val), "zh")
			}
		}
	}
	return false
}

// chineseOutsideQuotes lists the Chinese texts of doc that are not marked
// lang="zh-CN".
func chineseOutsideQuotes(doc *goquery.Document) []string {
	var marked strings.Builder
	doc.Find(`[lang^="zh"]`).Each(func(_ int, s *goquery.Selection) { marked.WriteString(s.Text() + "\n") })
	quoted := marked.String()
	var out []string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			s := strings.TrimSpace(n.Data)
			if !hasHan(s) || inChinese(n) {
				return
			}
			if n.Parent != nil && n.Parent.Data == "title" && allQuoted(s, quoted) {
				return
			}
			if n.Parent != nil && (n.Parent.Data == "script" || n.Parent.Data == "style") {
				return
			}
			out = append(out, fmt.Sprintf("<%s> %q", n.Parent.Data, s))
		case html.ElementNode:
			for _, a := range n.Attr {
				switch a.Key {
				case "title", "aria-label", "placeholder", "alt", "value", "content":
					if hasHan(a.Val) && !inChinese(n) && !allQuoted(a.Val, quoted) {
						out = append(out, fmt.Sprintf("<%s %s=%q>", n.Data, a.Key, a.Val))
					}
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	for _, n := range doc.Nodes {
		walk(n)
	}
	return out
}

// The API gives its reasons in English when asked with ?lang=en or
// Accept-Language: en, and in Chinese otherwise.
func TestAPIReasonsInEnglish(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	id := h.target("overall-new-urban-jobs").ID
	for _, tc := range []struct {
		name, method, path, accept, want string
		status                           int
	}{
		{"?lang=en", "GET", "/api/v1/targets?as_of=2024-13-01&lang=en", "", `as_of="2024-13-01" is invalid: it must be a date such as 2024-12-31`, 400},
		{"Accept-Language", "GET", "/api/v1/targets?as_of=yesterday", "en-GB,en;q=0.9", `as_of="yesterday" is invalid: it must be a date such as 2024-12-31`, 400},
		{"Chinese by default", "GET", "/api/v1/targets?as_of=yesterday", "", `as_of="yesterday" 无效：应为日期，例如 2024-12-31`, 400},
		{"Chinese first", "GET", "/api/v1/targets?as_of=yesterday", "zh-CN,zh;q=0.9,en;q=0.5", `as_of="yesterday" 无效：应为日期，例如 2024-12-31`, 400},
		{"not found", "GET", "/api/v1/targets/999999", "en", "There is no target 999999", 404},
		{"token", "POST", fmt.Sprintf("/api/v1/targets/%d/figures?lang=en", id), "", "The API token is invalid or revoked", 401},
	} {
		req, _ := http.NewRequest(tc.method, h.srv.URL+tc.path, strings.NewReader(`{"period":"2024","value":"1"}`))
		if tc.accept != "" {
			req.Header.Set("Accept-Language", tc.accept)
		}
		if tc.method == "POST" {
			req.Header.Set("Authorization", "Bearer gp_nosuchtoken")
			req.Header.Set("Content-Type", "application/json")
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var body struct {
			Error struct{ Code, Message string }
		}
		err = json.NewDecoder(resp.Body).Decode(&body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != tc.status || body.Error.Message != tc.want {
			t.Errorf("%s: %d %q (%v), want %d %q", tc.name, resp.StatusCode, body.Error.Message, err, tc.status, tc.want)
		}
	}
}

// A plan may give a target an English title, in the browser editor or the
// plan file: English pages show it with the document's Chinese beside it,
// marked as Chinese; Chinese pages are unchanged; a Chinese "English
// title" is refused, in the editor's language.
func TestEnglishTargetTitles(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.user("admin@dalian.gov.cn", goalpost.UserAdmin)
	a := h.client()
	a.login("admin@dalian.gov.cn")
	pm := h.target("t22-pm25-concentration")
	page := "/admin/plans/dalian-2023-livelihood/targets/" + pm.Key
	_, doc := a.get(page + "?lang=en")
	form := url.Values{"csrf_token": {a.csrf(page)}}
	for _, name := range []string{"place", "title", "kind", "comparator", "value", "unit", "deadline", "cadence", "due_day", "source_text", "notes", "baseline_value", "baseline_date", "baseline_text", "related_task"} {
		form.Set(name, fieldValue(doc, name))
	}
	form.Set("title_en", "PM2.5 平均浓度")
	resp, doc := a.post(page, form)
	if got := doc.Find(`[data-testid="error-title_en"]`).Text(); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(got, "may contain no Chinese characters") {
		t.Fatalf("a Chinese English title: %d %q", resp.StatusCode, got)
	}
	form.Set("title_en", "Average PM2.5 concentration")
	if resp, doc := a.post(page, form); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("English title: %d %s", resp.StatusCode, doc.Find("main").Text())
	}
	target := fmt.Sprintf("/targets/%d", pm.ID)
	visitor := h.client()
	_, doc = visitor.get(target + "?lang=en")
	h1 := doc.Find("h1")
	original := h1.Find(`[data-testid="title-original"]`)
	if !strings.HasPrefix(strings.TrimSpace(h1.Text()), "Average PM2.5 concentration") || original.Text() != pm.Title || original.AttrOr("lang", "") != "zh-CN" {
		t.Errorf("English heading %q, original %q lang %q", h1.Text(), original.Text(), original.AttrOr("lang", ""))
	}
	if title := doc.Find("title").Text(); !strings.HasPrefix(title, "Average PM2.5 concentration") {
		t.Errorf("English <title> %q", title)
	}
	_, doc = visitor.get("/plans/dalian-2023-livelihood?lang=en")
	if got := doc.Find(fmt.Sprintf(`[data-target-id="%d"] td`, pm.ID)).First().Text(); !strings.Contains(got, "Average PM2.5 concentration") || !strings.Contains(got, pm.Title) {
		t.Errorf("plan page row %q", got)
	}
	_, doc = visitor.get(target + "?lang=zh")
	if got := strings.TrimSpace(doc.Find("h1").Text()); got != pm.Title {
		t.Errorf("Chinese heading %q, want %q", got, pm.Title)
	}
	data := a.download("/admin/plans/dalian-2023-livelihood.yaml")
	if !bytes.Contains(data, []byte("title_en: Average PM2.5 concentration")) {
		t.Error("the plan file download lacks title_en")
	}
	// The plan file carries it back: change it there and import.
	data = bytes.Replace(data, []byte("title_en: Average PM2.5 concentration"), []byte("title_en: Mean PM2.5 concentration"), 1)
	a.upload("/admin/plans/import", "plan.yaml", data, "/admin/plans")
	if got, _ := h.db.Target(context.Background(), pm.ID); got.TitleEN != "Mean PM2.5 concentration" {
		t.Errorf("after importing the plan file: title_en %q", got.TitleEN)
	}
	var body struct {
		Target struct {
			TitleEN string `json:"title_en"`
		} `json:"target"`
	}
	resp, err := http.Get(h.srv.URL + fmt.Sprintf("/api/v1/targets/%d", pm.ID))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil || body.Target.TitleEN != "Mean PM2.5 concentration" {
		t.Errorf("API title_en %q (%v)", body.Target.TitleEN, err)
	}
}
