package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// TestEmbedCardMayBeFramed: /targets/{id}/embed is a card a news site can
// put in an iframe: it says what the target is, its status and latest
// figure, and links to the full page; only that route lets other sites
// frame it.
func TestEmbedCardMayBeFramed(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	c := h.client()
	k := h.target("overall-inclusive-kindergarten-coverage")
	embed := fmt.Sprintf("/targets/%d/embed", k.ID)

	resp, doc := c.get(embed)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	if xfo := resp.Header.Get("X-Frame-Options"); xfo != "" {
		t.Errorf("the embed sends X-Frame-Options %q", xfo)
	}
	csp := resp.Header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "frame-ancestors *") || strings.Contains(csp, "frame-ancestors 'none'") {
		t.Errorf("the embed's CSP does not let other sites frame it: %q", csp)
	}
	if !strings.Contains(csp, "script-src 'none'") && !strings.Contains(csp, "script-src 'self'") {
		t.Errorf("the embed's CSP lost the script rule: %q", csp)
	}
	card := doc.Find(`[data-testid="embed-card"]`)
	if card.Length() != 1 {
		t.Fatalf("no card")
	}
	text := card.Text()
	for _, want := range []string{"普惠性幼儿园覆盖率", "≥ 90%", "无数据", "数据截至"} {
		if !strings.Contains(text, want) {
			t.Errorf("the card lacks %q: %s", want, text)
		}
	}
	link := card.Find(fmt.Sprintf(`a[href$="/targets/%d"]`, k.ID))
	if link.Length() == 0 || link.AttrOr("target", "") != "_blank" || !strings.Contains(link.AttrOr("rel", ""), "noopener") {
		t.Errorf("the card does not open the target's page in a new window")
	}
	if doc.Find(`header.site, form`).Length() != 0 {
		t.Errorf("the card carries the site's header or a form")
	}
	if lang := doc.Find("html").AttrOr("lang", ""); lang != "zh-CN" {
		t.Errorf("lang %q", lang)
	}
	_, doc = c.get(embed + "?lang=en")
	if s := doc.Find(`[data-testid="embed-card"]`).Text(); !strings.Contains(s, "No data") {
		t.Errorf("English card: %s", s)
	}

	// Every other page refuses to be framed.
	for _, path := range []string{fmt.Sprintf("/targets/%d", k.ID), "/", embed + "/x", "/targets/abc/embed", "/login"} {
		resp, _ := c.get(path)
		if resp.Header.Get("X-Frame-Options") != "DENY" || !strings.Contains(resp.Header.Get("Content-Security-Policy"), "frame-ancestors 'none'") {
			t.Errorf("%s may be framed: %q / %q", path, resp.Header.Get("X-Frame-Options"), resp.Header.Get("Content-Security-Policy"))
		}
	}
	resp, _ = c.get("/targets/999999/embed")
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("missing target's embed: status %d", resp.StatusCode)
	}

	// The target page offers the code to paste.
	_, doc = c.get(fmt.Sprintf("/targets/%d", k.ID))
	code := doc.Find(`[data-testid="embed-code"]`).Text()
	if !strings.Contains(code, `<iframe src="`+h.srv.URL+embed+`"`) && !strings.Contains(code, `<iframe src="`+h.srv.URL+embed+`?lang=en"`) {
		t.Errorf("embed code %q", code)
	}
}
