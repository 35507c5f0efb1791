package web_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/testdb"
)

// browser starts a headless Chromium for one test. Without Chromium the test
// is skipped, unless GOALPOST_REQUIRE_BROWSER=1 (as in CI), where it fails.
func browser(t *testing.T) context.Context {
	t.Helper()
	path := os.Getenv("CHROMIUM_PATH")
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if path != "" {
			break
		}
		path, _ = exec.LookPath(name)
	}
	if path == "" {
		if os.Getenv("GOALPOST_REQUIRE_BROWSER") == "1" {
			t.Fatal("no Chromium found and GOALPOST_REQUIRE_BROWSER=1")
		}
		t.Skip("no Chromium installed (apt-get install chromium); set GOALPOST_REQUIRE_BROWSER=1 to make this a failure")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		// Without these Chromium keeps calling home, which a closed network refuses.
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.WindowSize(412, 915), // a phone
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, cancelCtx := chromedp.NewContext(actx)
	t.Cleanup(func() { cancelCtx(); cancelAlloc() })
	// Start the browser on a context without a deadline (a deadline on the
	// first run would stop the browser), then bound the test's steps.
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	ctx, cancel := context.WithTimeout(bctx, 90*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// text reads the visible text of the first element matching sel.
func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(sel))
	if err != nil {
		t.Fatalf("read %s: %v", sel, err)
	}
	return s
}

// TestBrowserOfficialReportsFigure: an official signs in, adds a figure on a
// target page, and the public plan page shows it.
func TestBrowserOfficialReportsFigure(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	testdb.PublishDirectly(t, h.db)
	h.user("env@dalian.gov.cn", goalpost.UserEditor, "ecology-environment")
	pm := h.target("t22-pm25-concentration")
	b := signIn(t, h, "env@dalian.gov.cn")
	ctx := b.ctx

	row := fmt.Sprintf(`tr[data-target-id="%d"]`, pm.ID)
	if err := chromedp.Do(ctx,
		chromedp.Navigate(fmt.Sprintf("%s/targets/%d", h.srv.URL, pm.ID)),
		// First a mistake: the page says what is wrong and keeps the period.
		chromedp.SetValue(`input[name="period"]`, "2024"), // over the period due, filled in
		chromedp.SendKeys(`input[name="value"]`, "三十五"),
		chromedp.Click(`section.report button[type="submit"]`),
		chromedp.WaitVisible(`[data-testid="form-errors"]`),
	); err != nil {
		t.Fatal(err)
	}
	wrong := text(t, ctx, `[data-testid="form-errors"]`)
	if err := chromedp.Do(ctx,
		chromedp.Navigate(fmt.Sprintf("%s/targets/%d", h.srv.URL, pm.ID)),
		chromedp.SetValue(`input[name="period"]`, "2024"), // over the period due, filled in
		chromedp.SendKeys(`input[name="value"]`, "３５．２"),
		chromedp.Click(`section.report button[type="submit"]`),
		chromedp.WaitVisible(`[data-testid="saved"]`),
	); err != nil {
		t.Fatal(err)
	}
	saved := text(t, ctx, `[data-testid="saved"]`)
	if err := chromedp.Do(ctx, chromedp.Navigate(h.srv.URL+"/plans/dalian-2023-livelihood")); err != nil {
		t.Fatal(err)
	}
	latest := text(t, ctx, row+` [data-testid="latest"]`)
	status := text(t, ctx, row+` [data-testid="status"]`)
	if !strings.Contains(wrong, "三十五") {
		t.Errorf("error for 三十五 = %q", wrong)
	}
	if !strings.Contains(saved, "35.2") {
		t.Errorf("saved message = %q", saved)
	}
	if !strings.Contains(latest, "35.2微克/立方米（2024）") {
		t.Errorf("plan page shows latest %q", latest)
	}
	// The deadline (2025) has passed and this is the 2024 figure: the final one decides.
	if strings.TrimSpace(status) != "待最终数据" {
		t.Errorf("status = %q", status)
	}
}
