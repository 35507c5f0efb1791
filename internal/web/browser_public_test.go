package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/testdb"
)

// TestBrowserSearch: a reader types 幼儿 into the header's search box and
// reaches the kindergarten target from the results.
func TestBrowserSearch(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := browser(t)
	if err := chromedp.Do(ctx,
		chromedp.Navigate(h.srv.URL+"/"),
		chromedp.SendKeys(chromedp.CSS(`header form[role="search"] input[name="q"]`), "幼儿\n"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="search-targets"]`)),
		chromedp.Click(`//section[@data-testid="search-targets"]//a[text()="普惠性幼儿园覆盖率"]`),
		chromedp.WaitVisible(chromedp.CSS(`h1`)),
	); err != nil {
		t.Fatal(err)
	}
	heading := text(t, ctx, `h1`)
	if heading != "普惠性幼儿园覆盖率" {
		t.Errorf("reached %q", heading)
	}
}

// TestBrowserFeed: the plan page announces its feed; Chromium's own XML
// parser reads it as Atom, with the figure just published.
func TestBrowserFeed(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	testdb.PublishDirectly(t, h.db)
	admin, err := h.db.CreateUser(context.Background(), "admin@dalian.gov.cn", "管理员", goalpost.UserAdmin, "correct horse battery", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	k := h.target("overall-inclusive-kindergarten-coverage")
	y, _ := goalpost.ParsePeriod("2024")
	if _, err := h.db.AddFigure(context.Background(), admin, goalpost.NewFigure{TargetID: k.ID, Period: y, Value: 87.6}); err != nil {
		t.Fatal(err)
	}
	ctx := browser(t)
	type read struct {
		Error     string `json:"error"`
		Root      string `json:"root"`
		Namespace string `json:"ns"`
		Entries   int    `json:"entries"`
		First     string `json:"first"`
		Link      string `json:"link"`
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(h.srv.URL+"/plans/dalian-2023-livelihood")); err != nil {
		t.Fatal(err)
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[read](`(async () => {
			const link = document.querySelector('link[rel="alternate"][type="application/atom+xml"]');
			const resp = await fetch(link.href);
			const doc = new DOMParser().parseFromString(await resp.text(), "application/xml");
			const err = doc.querySelector("parsererror");
			const ns = "http://www.w3.org/2005/Atom";
			const entries = doc.getElementsByTagNameNS(ns, "entry");
			const first = entries[0];
			return {
				error: err ? err.textContent : "",
				root: doc.documentElement.localName, ns: doc.documentElement.namespaceURI,
				entries: entries.length,
				first: first ? first.getElementsByTagNameNS(ns, "title")[0].textContent : "",
				link: first ? first.getElementsByTagNameNS(ns, "link")[0].getAttribute("href") : "",
			};
		})()`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	if got.Error != "" || got.Root != "feed" || got.Namespace != "http://www.w3.org/2005/Atom" {
		t.Fatalf("not Atom: %+v", got)
	}
	if got.Entries != 1 || !strings.Contains(got.First, "普惠性幼儿园覆盖率") || !strings.Contains(got.First, "87.6%") ||
		got.Link != fmt.Sprintf("%s/targets/%d", h.srv.URL, k.ID) {
		t.Errorf("feed read as %+v", got)
	}
}

// TestBrowserEmbed: a news site on another origin frames a target's card,
// and Chromium shows it; the target's full page refuses to be framed.
func TestBrowserEmbed(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	k := h.target("overall-inclusive-kindergarten-coverage")
	news := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!doctype html><html lang="zh-CN"><title>新闻</title><body><h1>新闻</h1>
<iframe id="card" src="%[1]s/targets/%[2]d/embed" width="500" height="260"></iframe>
<iframe id="page" src="%[1]s/targets/%[2]d" width="500" height="260"></iframe></body></html>`, h.srv.URL, k.ID)
	}))
	t.Cleanup(news.Close)
	ctx := browser(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(news.URL)); err != nil {
		t.Fatal(err)
	}
	card, err := chromedp.Run(ctx, chromedp.Nodes(chromedp.CSS(`iframe#card`)))
	if err != nil {
		t.Fatal(err)
	}
	page, err := chromedp.Run(ctx, chromedp.Nodes(chromedp.CSS(`iframe#page`)))
	if err != nil {
		t.Fatal(err)
	}
	shown, err := chromedp.Run(ctx, chromedp.Poll[string](`(() => { const c = document.querySelector('[data-testid="embed-card"]'); return c ? c.innerText : ""; })()`,
		chromedp.WithPollingInFrame(card[0]), chromedp.WithPollingTimeout(20*time.Second)))
	if err != nil {
		t.Fatalf("the framed card did not show: %v", err)
	}
	for _, want := range []string{"普惠性幼儿园覆盖率", "无数据"} {
		if !strings.Contains(shown, want) {
			t.Errorf("framed card %q lacks %q", shown, want)
		}
	}
	// The page, refused, shows Chromium's "blocked" page in its place.
	inFrame, _ := chromedp.Run(ctx, chromedp.Poll[string](`document.body && document.body.innerText.trim()`,
		chromedp.WithPollingInFrame(page[0]), chromedp.WithPollingTimeout(5*time.Second)))
	if strings.Contains(inFrame, "普惠性幼儿园覆盖率") {
		t.Errorf("the target's full page showed inside another site's frame: %q", inFrame)
	}
}

// TestBrowserFiltersApplyOnChoice: with JavaScript, choosing a status
// filters the plan at once (the button is gone), and the focus stays on
// the filter just chosen.
func TestBrowserFiltersApplyOnChoice(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := browser(t)
	eval := func(expr string) any {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[any](expr))
		if err != nil {
			t.Fatalf("%s: %v", expr, err)
		}
		return v
	}
	if err := chromedp.Do(ctx,
		chromedp.Navigate(h.srv.URL+"/plans/dalian-2023-livelihood"),
		chromedp.WaitReady(chromedp.CSS(`form.filters`)),
	); err != nil {
		t.Fatal(err)
	}
	buttonVisible := eval(`document.querySelector('form.filters button[type="submit"]').offsetParent !== null`) == true
	hintVisible := eval(`document.querySelector('[data-autosubmit-hint]').offsetParent !== null`) == true
	// Chosen after this evaluation returns: the page then navigates away.
	eval(`setTimeout(() => { const s = document.querySelector('form.filters select[name="status"]');
		s.focus(); s.value = "achieved"; s.dispatchEvent(new Event("change", {bubbles: true})); }, 0); true`)
	// Polled from here: a poll inside the page ends with the page it started on.
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		done, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`location.search.includes("status=achieved") && document.readyState === "complete"`))
		if err == nil && done {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("choosing a status did not filter the page (%v)", err)
		}
	}
	search, _ := eval(`location.search`).(string)
	focused, _ := eval(`document.activeElement ? document.activeElement.name || document.activeElement.tagName : ""`).(string)
	shown := text(t, ctx, `[data-testid="shown"]`)
	if buttonVisible || !hintVisible {
		t.Errorf("with JavaScript: button visible %v, hint visible %v", buttonVisible, hintVisible)
	}
	if !strings.Contains(search, "status=achieved") || focused != "status" {
		t.Errorf("after choosing: %q, focus on %q", search, focused)
	}
	if strings.Contains(shown, "111") {
		t.Errorf("the list is not filtered: %q", shown)
	}
}

// TestBrowserPrintTarget: printed, a target page keeps its facts and says
// where it came from, without the header, search, forms, downloads or the
// embed code.
func TestBrowserPrintTarget(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	k := h.target("overall-inclusive-kindergarten-coverage")
	ctx := browser(t)
	if err := chromedp.Do(ctx,
		chromedp.Navigate(fmt.Sprintf("%s/targets/%d", h.srv.URL, k.ID)),
		// On screen, the line for paper is not shown.
		chromedp.WaitNotVisible(chromedp.CSS(`[data-testid="printed-from"]`)),
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
			return err
		}),
	); err != nil {
		t.Fatal(err)
	}
	shown, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]bool](`(() => {
			const out = {};
			for (const sel of ['header.site nav', 'form.site-search', '[data-testid="downloads"]', 'details.embed-code',
					'[data-testid="printed-from"]', '[data-testid="goal"]', '[data-testid="source-text"]']) {
				const el = document.querySelector(sel);
				out[sel] = !!el && getComputedStyle(el).display !== "none" && el.getClientRects().length > 0;
			}
			return out;
		})()`))
	if err != nil {
		t.Fatal(err)
	}
	for sel, want := range map[string]bool{
		"header.site nav": false, "form.site-search": false, `[data-testid="downloads"]`: false, "details.embed-code": false,
		`[data-testid="printed-from"]`: true, `[data-testid="goal"]`: true, `[data-testid="source-text"]`: true,
	} {
		if shown[sel] != want {
			t.Errorf("printed, %s shown = %v, want %v", sel, shown[sel], want)
		}
	}
}
