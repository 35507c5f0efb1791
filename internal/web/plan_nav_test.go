package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestPlanPageJumpsToSections: a long plan page opens with a list of its
// sections, each a link to the section on the page.
func TestPlanPageJumpsToSections(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	c := h.client()
	_, doc := c.get("/plans/dalian-2023-livelihood")
	sections := doc.Find(`section.plan-section`).Length()
	links := doc.Find(`nav[data-testid="toc"] a`)
	if sections < 5 || links.Length() != sections {
		t.Fatalf("%d sections, %d links in the contents", sections, links.Length())
	}
	for i := range links.Length() {
		a := links.Eq(i)
		href := a.AttrOr("href", "")
		frag, err := url.PathUnescape(strings.TrimPrefix(href, "#"))
		if !strings.HasPrefix(href, "#") || err != nil {
			t.Fatalf("link %q", href)
		}
		target := doc.Find(`section.plan-section[id="` + frag + `"]`)
		if target.Length() != 1 {
			t.Errorf("%q leads nowhere", href)
			continue
		}
		if h2 := strings.TrimSpace(target.Find("h2").First().Text()); !strings.Contains(strings.Join(strings.Fields(a.Text()), " "), h2) {
			t.Errorf("link %q reads %q, its section %q", href, a.Text(), h2)
		}
	}
}

// TestPlanFiltersApplyWithoutButton: with JavaScript the filters apply as
// soon as one is chosen (the page loads our one script, which the CSP
// allows from this site only); without it the form keeps its button.
func TestPlanFiltersApplyWithoutButton(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	c := h.client()
	resp, doc := c.get("/plans/dalian-2023-livelihood")
	form := doc.Find(`form.filters[data-autosubmit]`)
	if form.Length() != 1 || form.Find(`button[type="submit"]`).Length() != 1 {
		t.Fatalf("the filter form is not marked to apply itself, or has no button")
	}
	if doc.Find(`script[src="/static/filters.js"]`).Length() != 1 {
		t.Errorf("the plan page does not load the filter script")
	}
	csp := resp.Header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") {
		t.Errorf("CSP %q", csp)
	}
	js, err := http.Get(h.srv.URL + "/static/filters.js")
	if err != nil {
		t.Fatal(err)
	}
	js.Body.Close()
	if js.StatusCode != http.StatusOK || !strings.Contains(js.Header.Get("Content-Type"), "javascript") {
		t.Errorf("filters.js: %d %s", js.StatusCode, js.Header.Get("Content-Type"))
	}
}
