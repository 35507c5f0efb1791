package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// searchTitles lists the target titles a search page shows, best first.
func searchTitles(doc *goquery.Document) []string {
	var titles []string
	doc.Find(`[data-testid="search-targets"] [data-testid="target-row"] td:first-child a`).Each(func(_ int, s *goquery.Selection) {
		titles = append(titles, strings.TrimSpace(s.Text()))
	})
	return titles
}

// TestSearchFindsChinese: two Chinese characters find the target, plan and
// department that contain them; several words must all appear; a title
// that holds the words comes before a target that only quotes them.
func TestSearchFindsChinese(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	c := h.client()

	resp, doc := c.get("/search?q=" + url.QueryEscape("幼儿"))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	titles := searchTitles(doc)
	if len(titles) == 0 || !strings.Contains(strings.Join(titles, "|"), "普惠性幼儿园覆盖率") {
		t.Fatalf("幼儿 found %q", titles)
	}
	if got := doc.Find(`[data-testid="search-targets"] [data-testid="status"]`).Length(); got != len(titles) {
		t.Errorf("%d status lights for %d targets", got, len(titles))
	}
	if got := doc.Find(`input#search-q`).AttrOr("value", ""); got != "幼儿" {
		t.Errorf("the box keeps %q", got)
	}

	_, doc = c.get("/search?q=" + url.QueryEscape("幼儿园　覆盖率")) // a full-width space between words
	if titles := searchTitles(doc); len(titles) == 0 || titles[0] != "普惠性幼儿园覆盖率" {
		t.Errorf("幼儿园 覆盖率 found %q first", titles)
	}
	_, doc = c.get("/search?q=" + url.QueryEscape("幼儿园 填埋"))
	if titles := searchTitles(doc); len(titles) != 0 {
		t.Errorf("幼儿园 填埋 (no target has both) found %q", titles)
	}

	_, doc = c.get("/search?q=" + url.QueryEscape("社区服务"))
	if plans := doc.Find(`[data-testid="search-plans"] a`); plans.Length() != 1 || plans.AttrOr("href", "") != "/plans/dalian-2023-community" {
		t.Errorf("社区服务 found plans %q", plans.Text())
	}
	_, doc = c.get("/search?q=" + url.QueryEscape("教育局"))
	if depts := doc.Find(`[data-testid="search-departments"] a`); depts.Length() != 1 || depts.AttrOr("href", "") != "/departments/education" {
		t.Errorf("教育局 found departments %q", depts.Text())
	}
}

// TestSearchTakesWildcardsLiterally: % and _ are characters to find, not
// patterns (幼%率 would match 普惠性幼儿园覆盖率); nothing found says so.
func TestSearchTakesWildcardsLiterally(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	c := h.client()
	for _, q := range []string{"幼%率", "幼_园", `幼\`} {
		resp, doc := c.get("/search?q=" + url.QueryEscape(q))
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: status %d", q, resp.StatusCode)
		}
		if titles := searchTitles(doc); len(titles) != 0 {
			t.Errorf("%q found %q", q, titles)
		}
		if !strings.Contains(doc.Find(`[data-testid="search-none"]`).Text(), q) {
			t.Errorf("%q: no 'nothing found' message", q)
		}
	}
	_, doc := c.get("/search?q=" + url.QueryEscape("PM_2.5"))
	if titles := searchTitles(doc); len(titles) != 1 || titles[0] != "PM_2.5平均浓度" {
		t.Errorf("PM_2.5 found %q", titles)
	}
}

// TestSearchRefusesTooLong: a query over the limit is refused, saying the
// limit, in the reader's language.
func TestSearchRefusesTooLong(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	c := h.client()
	resp, doc := c.get("/search?q=" + url.QueryEscape(strings.Repeat("幼", 101)))
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("status %d", resp.StatusCode)
	}
	if msg := doc.Find(`[data-testid="search-error"]`).Text(); !strings.Contains(msg, "100") {
		t.Errorf("message %q", msg)
	}
	_, doc = c.get("/search?lang=en&q=" + url.QueryEscape("a b c d e f g h i"))
	if msg := doc.Find(`[data-testid="search-error"]`).Text(); !strings.Contains(msg, "Too many words: at most 8") {
		t.Errorf("English message %q", msg)
	}
}

// TestEveryPageHasSearch: the header of every page carries the search box.
func TestEveryPageHasSearch(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	c := h.client()
	for _, path := range []string{"/", "/plans/dalian-2023-livelihood", "/methodology"} {
		_, doc := c.get(path)
		if doc.Find(`header form[role="search"][action="/search"] input[name="q"]`).Length() != 1 {
			t.Errorf("%s: no search box in the header", path)
		}
	}
}
