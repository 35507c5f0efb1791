package web_test

import (
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserChartReadsOnAPhone opens a cumulative target's page and the
// home page in a phone-sized Chromium: every text of the chart renders at
// 12 CSS px or more, and the status bar is drawn (the page's CSP forbids
// inline styles, so a bar that relied on them would be flat).
func TestBrowserChartReadsOnAPhone(t *testing.T) {
	t.Parallel()
	h, admin := glanceHarness(t)
	h.figure(admin, "overall-new-urban-jobs", "2023", 13.2)
	h.figure(admin, "overall-new-urban-jobs", "2024", 12.1)
	b := &browserSession{t: t, h: h, ctx: browser(t)}
	b.do(chromedp.Navigate(h.srv.URL + fmt.Sprintf("/targets/%d", h.target("overall-new-urban-jobs").ID)))
	smallest, err := chromedp.Run(b.ctx, chromedp.Evaluate[float64](`(() => {
		const svg = document.querySelector('svg[data-testid="chart"]');
		const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
		let min = 1e9;
		for (const el of svg.querySelectorAll('text')) {
			min = Math.min(min, parseFloat(getComputedStyle(el).fontSize) * scale);
		}
		return min;
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	if smallest < 12 {
		t.Errorf("the smallest chart text renders at %.1f CSS px on a phone, want at least 12", smallest)
	}
	b.do(chromedp.Navigate(h.srv.URL + "/"))
	widest, err := chromedp.Run(b.ctx, chromedp.Evaluate[float64](`Math.max(...[...document.querySelectorAll('[data-testid="status-bar"] .seg')].map(r => r.getBoundingClientRect().width))`))
	if err != nil {
		t.Fatal(err)
	}
	if widest < 100 {
		t.Errorf("the widest segment of the status bar is %.1f px wide, want the bar drawn to scale", widest)
	}
}
