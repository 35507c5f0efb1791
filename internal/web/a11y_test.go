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
		"/search?q=" + url.QueryEscape("幼儿园"),
		fmt.Sprintf("/targets/%d/embed", jobs),
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

// contrast is the WCAG contrast ratio of two colours as getComputedStyle
// writes them ("rgb(11, 61, 145)").
const contrastJS = `((a, b) => {
	const lum = c => {
		const [r, g, b] = c.match(/[\d.]+/g).slice(0, 3).map(v => {
			v = Number(v) / 255;
			return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
		});
		return 0.2126 * r + 0.7152 * g + 0.0722 * b;
	};
	const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
	return (x + 0.05) / (y + 0.05);
})`

// focusRing describes the focus indicator of the focused element: its
// contrast with the page behind it and its width.
const focusRing = `(() => {
	const el = document.activeElement, cs = getComputedStyle(el);
	let bg = "rgb(255, 255, 255)";
	for (let p = el.parentElement; p; p = p.parentElement) {
		const c = getComputedStyle(p).backgroundColor;
		if (c && !c.startsWith("rgba(0, 0, 0, 0")) { bg = c; break; }
	}
	return {
		what: el.tagName.toLowerCase() + " " + (el.textContent || "").trim().slice(0, 20),
		style: cs.outlineStyle, width: parseFloat(cs.outlineWidth),
		contrast: ` + contrastJS + `(cs.outlineColor, bg),
	};
})()`

// TestBrowserFocusRing: walking the header with the keyboard, each focused
// element shows a ring at least 2 px wide and at 3:1 contrast with the page,
// in the standard and the large-text mode.
func TestBrowserFocusRing(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := browser(t)
	for _, size := range []string{"standard", "large"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(h.srv.URL+"/reading?size="+size+"&back=/login")); err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 11; i++ { // the header's links, then the sign-in form
			if err := chromedp.Do(ctx, chromedp.KeyEvent("\t")); err != nil {
				t.Fatal(err)
			}
			ring, err := chromedp.Run(ctx, chromedp.Evaluate[struct {
				What     string  `json:"what"`
				Style    string  `json:"style"`
				Width    float64 `json:"width"`
				Contrast float64 `json:"contrast"`
			}](focusRing))
			if err != nil {
				t.Fatal(err)
			}
			if ring.Style == "none" || ring.Width < 2 || ring.Contrast < 3 {
				t.Errorf("%s mode, tab %d (%s): focus ring %s %.0f px at %.2f:1", size, i+1, ring.What, ring.Style, ring.Width, ring.Contrast)
			}
		}
	}
}

// TestBrowserLargeText: a visitor turns the large-text mode on with the link
// in the header (no script runs: the pages forbid it), reads larger type on
// every page after, and turns it off again.
func TestBrowserLargeText(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := browser(t)
	fontSize := func() float64 {
		px, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`parseFloat(getComputedStyle(document.querySelector("main p") || document.body).fontSize)`))
		if err != nil {
			t.Fatal(err)
		}
		return px
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(h.srv.URL+"/plans/dalian-2023-livelihood")); err != nil {
		t.Fatal(err)
	}
	standard := fontSize()
	if err := chromedp.Do(ctx,
		chromedp.Click(`[data-testid="reading-switch"]`),
		chromedp.WaitReady(`html.large-text`),
	); err != nil {
		t.Fatal(err)
	}
	if got := text(t, ctx, `[data-testid="reading-switch"]`); strings.TrimSpace(got) != "标准字号" {
		t.Errorf("switch reads %q in the large-text mode", got)
	}
	if url, err := chromedp.Run(ctx, chromedp.Location()); err != nil || !strings.HasSuffix(url, "/plans/dalian-2023-livelihood") {
		t.Errorf("after switching the browser is at %q, not back on the plan (%v)", url, err)
	}
	large := fontSize()
	if large < 1.25*standard || large < 20 {
		t.Errorf("text is %.1f px in the large-text mode, %.1f px normally", large, standard)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(h.srv.URL+"/methodology"), chromedp.WaitReady(`html.large-text`)); err != nil {
		t.Fatalf("the mode is not remembered on the next page: %v", err)
	}
	if got := fontSize(); got != large {
		t.Errorf("next page: %.1f px, want %.1f", got, large)
	}
	if err := chromedp.Do(ctx,
		chromedp.Click(`[data-testid="reading-switch"]`),
		chromedp.WaitReady(`html:not(.large-text) [data-testid="reading-switch"]`),
	); err != nil {
		t.Fatal(err)
	}
	if got := fontSize(); got != standard {
		t.Errorf("after switching off: %.1f px, want %.1f", got, standard)
	}
}

// TestBrowserErrorSummaryFocused: a figure form with problems comes back
// with the focus on its summary, in view, so a screen reader reads it first.
func TestBrowserErrorSummaryFocused(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.user("env@dalian.gov.cn", goalpost.UserEditor, "ecology-environment")
	pm := h.target("t22-pm25-concentration")
	b := signIn(t, h, "env@dalian.gov.cn")
	b.do(
		chromedp.Navigate(fmt.Sprintf("%s/targets/%d", h.srv.URL, pm.ID)),
		chromedp.SetValue(`input[name="period"]`, "2024-13"),
		chromedp.SendKeys(`input[name="value"]`, "三十"),
		chromedp.Click(`section.report button[type="submit"]`),
		chromedp.WaitVisible(`[data-testid="form-errors"]`),
	)
	got, err := chromedp.Run(b.ctx, chromedp.Evaluate[struct {
		ID     string `json:"id"`
		InView bool   `json:"inView"`
	}](`({id: document.activeElement.id,
		inView: (r => r.top >= 0 && r.top < window.innerHeight)(document.activeElement.getBoundingClientRect())})`))
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != "form-errors" || !got.InView {
		t.Errorf("after a refused form the focus is on #%s (in view: %v), want the error summary", got.ID, got.InView)
	}
}

// TestBrowserOfficialFormsFitPhone: the pages officials use — the figure
// form and the administrator's forms on a target page, My work, review,
// account, and the administration pages — fit a 390 px screen, in the
// standard and the large-text mode, and pass axe-core's WCAG 2.1 AA rules.
func TestBrowserOfficialFormsFitPhone(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.user("admin@dalian.gov.cn", goalpost.UserAdmin)
	pm := h.target("t22-pm25-concentration")
	b := signIn(t, h, "admin@dalian.gov.cn")
	source := axeSource(t)
	b.do(bypassCSP())
	for _, size := range []string{"standard", "large"} {
		b.do(chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(3), chromedp.EmulateMobile),
			chromedp.Navigate(h.srv.URL+"/reading?size="+size+"&back=/"))
		for _, path := range []string{
			fmt.Sprintf("/targets/%d", pm.ID), "/work", "/review", "/account",
			"/admin/users", "/admin/departments", "/admin/plans", "/admin/plans/new-empty",
			"/admin/plans/dalian-2023-livelihood/edit", "/admin/plans/dalian-2023-livelihood/targets/t22-pm25-concentration",
			"/admin/audit", "/admin/tokens", "/admin/drafts", "/admin/plans/new",
		} {
			b.do(chromedp.Navigate(h.srv.URL + path))
			if vs, err := runAxe(b.ctx, source); err != nil {
				t.Fatal(err)
			} else {
				for _, v := range vs {
					t.Errorf("%s: axe %s (%s): %s\n\t%s", path, v.ID, v.Impact, v.Help, strings.Join(v.Nodes, "\n\t"))
				}
			}
			wide, err := chromedp.Run(b.ctx, chromedp.Evaluate[float64](overflow))
			if err != nil {
				t.Fatal(err)
			}
			if wide > 0 {
				t.Errorf("%s (%s text): %.0f px wider than a 390 px screen", path, size, wide)
			}
		}
	}
}
