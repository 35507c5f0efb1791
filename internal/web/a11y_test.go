package web_test

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/testdb"
)

// axeSource is axe-core, vendored (testdata/axe/README.md): the test never
// downloads it.
func axeSource(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("testdata/axe/axe.min.js")
	if err != nil {
		t.Fatalf("read the vendored axe-core: %v", err)
	}
	return string(b)
}

// axeViolation is one rule axe-core found broken, with where.
type axeViolation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

// runAxe checks the page loaded in ctx against the WCAG 2.0 and 2.1 A and AA
// rules of axe-core.
func runAxe(ctx context.Context, source string) ([]axeViolation, error) {
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](source)); err != nil {
		return nil, fmt.Errorf("inject axe-core: %w", err)
	}
	return chromedp.Run(ctx, chromedp.Evaluate[[]axeViolation](`
		axe.run(document, {
			runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
			resultTypes: ["violations"],
		}).then(r => r.violations.map(v => ({
			id: v.id, impact: v.impact || "", help: v.help,
			nodes: v.nodes.map(n => n.target.join(" ") + " — " + (n.failureSummary || "").replace(/\s+/g, " ")),
		})))`, chromedp.EvalAwaitPromise))
}

// smallText lists the visible text under the size a phone needs: 14 CSS
// px for text, 12 for the text of charts (an SVG scales its text with it).
const smallText = `(() => {
	const bad = [];
	const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
	while (walk.nextNode()) {
		const n = walk.currentNode, el = n.parentElement;
		if (!el || !n.textContent.trim() || el.closest("title, desc, script, style")) continue;
		const r = el.getBoundingClientRect(), cs = getComputedStyle(el);
		if ((r.width === 0 && r.height === 0) || cs.visibility === "hidden") continue;
		let px = parseFloat(cs.fontSize), min = 14;
		if (el.closest("svg")) {
			const m = el.getScreenCTM();
			px *= m ? Math.hypot(m.a, m.b) : 1;
			min = 12;
		}
		if (px < min - 0.01) bad.push(el.tagName.toLowerCase() + "." + el.getAttribute("class") + " " + px.toFixed(1) + "px: " + n.textContent.trim().slice(0, 30));
	}
	return bad;
})()`

// overflow is how far the page is wider than the screen, in CSS px.
const overflow = `document.documentElement.scrollWidth - window.innerWidth`

// a11yHarness is a server with figures on a cumulative, a level and a
// milestone target, and a published bulletin, so that every kind of public
// page shows what it can (charts, history, statuses).
func a11yHarness(t *testing.T) (*harness, []string) {
	t.Helper()
	h := newHarness(t)
	testdb.PublishDirectly(t, h.db)
	h.user("admin@dalian.gov.cn", goalpost.UserAdmin)
	admin := h.client()
	admin.login("admin@dalian.gov.cn")
	enter := func(key string, values map[string]string) int64 {
		target := h.target(key)
		path := fmt.Sprintf("/targets/%d", target.ID)
		for _, period := range []string{"2023", "2024"} {
			if values[period] == "" {
				continue
			}
			form := url.Values{"csrf_token": {admin.csrf(path)}, "period": {period}, "note": {"统计公报"}}
			if target.Kind == goalpost.KindMilestone {
				form.Set("stage", values[period])
			} else {
				form.Set("value", values[period])
			}
			if resp, doc := admin.post(path+"/figures", form); resp.StatusCode != 303 {
				t.Fatalf("enter %s %s: %d %s", key, period, resp.StatusCode, doc.Find(`[data-testid="form-errors"]`).Text())
			}
		}
		return target.ID
	}
	pm := enter("t22-pm25-concentration", map[string]string{"2023": "36", "2024": "34.5"})
	jobs := enter("overall-new-urban-jobs", map[string]string{"2023": "13.2", "2024": "12.1"})
	care := enter("overall-elderly-care-system-built", map[string]string{"2023": "1", "2024": "2"})
	report := "/reports/dalian-2023-livelihood/2024-12"
	admin.post(report+"/publish", url.Values{"csrf_token": {admin.csrf(report + "?draft=1")}})
	none := h.target("overall-quality-high-school-share")
	return h, []string{
		"/",
		"/methodology",
		"/plans/dalian-2023-livelihood",
		"/plans/dalian-2023-community",
		fmt.Sprintf("/targets/%d", pm),
		fmt.Sprintf("/targets/%d", jobs),
		fmt.Sprintf("/targets/%d", care),
		fmt.Sprintf("/targets/%d", none.ID),
		"/departments/ecology-environment",
		"/reports/dalian-2023-livelihood",
		report,
		"/login",
		"/no-such-page",
	}
}

// withLang adds ?lang= to a path.
func withLang(path, lang string) string {
	if strings.Contains(path, "?") {
		return path + "&lang=" + lang
	}
	return path + "?lang=" + lang
}

// bypassCSP lets the test inject axe-core into pages whose policy forbids
// every script.
func bypassCSP() chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, page.SetBypassCSP, page.SetBypassCSPParams{Enabled: true})
		return err
	})
}

// TestAccessibility: every public page, in Chinese and in English, on a
// phone (390 px) and on a desktop, has no WCAG 2.1 A or AA violation that
// axe-core finds; on the phone, and in the large-text mode too, no text is
// under 14 px (chart text under 12 px) and no page is wider than the screen.
func TestAccessibility(t *testing.T) {
	t.Parallel()
	h, pages := a11yHarness(t)
	source := axeSource(t)
	ctx := browser(t)
	if err := chromedp.Do(ctx, bypassCSP()); err != nil {
		t.Fatal(err)
	}
	type screen struct {
		name          string
		width, height int64
		opts          []chromedp.EmulateViewportOption
		large         bool
	}
	for _, sc := range []screen{
		{"phone", 390, 844, []chromedp.EmulateViewportOption{chromedp.EmulateScale(3), chromedp.EmulateMobile}, false},
		{"desktop", 1280, 900, nil, false},
		{"phone, large text", 390, 844, []chromedp.EmulateViewportOption{chromedp.EmulateScale(3), chromedp.EmulateMobile}, true},
	} {
		size := "standard"
		if sc.large {
			size = "large"
		}
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(sc.width, sc.height, sc.opts...),
			chromedp.Navigate(h.srv.URL+"/reading?size="+size+"&back=/")); err != nil {
			t.Fatal(err)
		}
		for _, lang := range []string{"zh", "en"} {
			for _, path := range pages {
				where := fmt.Sprintf("%s %s (%s)", withLang(path, lang), sc.name, lang)
				if err := chromedp.Do(ctx, chromedp.Navigate(h.srv.URL+withLang(path, lang))); err != nil {
					t.Fatalf("%s: %v", where, err)
				}
				violations, err := runAxe(ctx, source)
				if err != nil {
					t.Fatalf("%s: %v", where, err)
				}
				for _, v := range violations {
					t.Errorf("%s: axe %s (%s): %s\n\t%s", where, v.ID, v.Impact, v.Help, strings.Join(v.Nodes, "\n\t"))
				}
				if sc.width > 400 {
					continue
				}
				small, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](smallText))
				if err != nil {
					t.Fatal(err)
				}
				if len(small) > 0 {
					t.Errorf("%s: text too small on a phone:\n\t%s", where, strings.Join(small, "\n\t"))
				}
				wide, err := chromedp.Run(ctx, chromedp.Evaluate[float64](overflow))
				if err != nil {
					t.Fatal(err)
				}
				if wide > 0 {
					t.Errorf("%s: the page is %.0f px wider than a 390 px screen", where, wide)
				}
			}
		}
	}
}
