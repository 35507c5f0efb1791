package web_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/goalpost-civic/goalpost/internal/goalpost"
)

// TestBrowserDraftFromDocument: upload the development text → review → fix
// one candidate → publish → the public plan page shows it. Where the
// extractor finds nothing, the draft is made anyway and the target added
// by selecting its sentence, which the page offers without script.
func TestBrowserDraftFromDocument(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.user("admin@dalian.gov.cn", goalpost.UserAdmin)
	b := signIn(t, h, "admin@dalian.gov.cn")
	file, err := filepath.Abs("testdata/d1-education-county.txt")
	if err != nil {
		t.Fatal(err)
	}
	b.do(
		chromedp.Navigate(h.srv.URL+"/admin/plans/new"),
		chromedp.SetUploadFiles(`input[name="file"]`, []string{file}),
		chromedp.Click(`[data-testid="upload-document"]`),
		// Only the answer has either: the upload page had neither.
		chromedp.WaitVisible(`[data-testid="upload-error"], .draft-review`),
	)
	location := b.location()
	if strings.HasSuffix(location, "/admin/plans/new") {
		// Nothing extracted: the page says so, and offers to go on by hand.
		if got := b.text(`[data-testid="upload-error"]`); !strings.Contains(got, "没有找到任何量化目标") {
			t.Fatalf("upload refused: %q", got)
		}
		b.do(
			chromedp.Click(`input[name="allow_empty"]`),
			chromedp.SetUploadFiles(`input[name="file"]`, []string{file}),
			chromedp.Click(`[data-testid="upload-document"]`),
			chromedp.WaitVisible(`.draft-review`),
		)
	}
	if !has(b, `article[data-testid="candidate"]`) {
		// Add the target from its sentence: select it in the document.
		b.do(
			chromedp.Click(`//a[contains(@class, "add-sentence")][contains(., "每年培训教师")]`),
			chromedp.WaitVisible(`#new`),
		)
		if got := b.value(`#new textarea[name="source_text"]`); got != "每年培训教师不少于2000人次" {
			t.Errorf("the new target's sentence = %q", got)
		}
		b.do(
			chromedp.SetValue(`#new input[name="title"]`, "每年培训教师"),
			chromedp.SetValue(`#new select[name="kind"]`, "annual"),
			chromedp.SetValue(`#new input[name="value"]`, "２０００"),
			chromedp.SetValue(`#new input[name="unit"]`, "人次"),
			chromedp.Click(`[data-testid="add-candidate"]`),
			chromedp.WaitVisible(`#c0`),
		)
	}
	// Fix the first candidate: a wrong number first, said in the page and kept.
	original := b.value(`#c0 input[name="value"]`)
	title := b.value(`#c0 input[name="title"]`)
	b.do(
		chromedp.SetValue(`#c0 input[name="value"]`, "九十五"),
		chromedp.Click(`#c0 [data-testid="accept-candidate"]`),
		chromedp.WaitVisible(`#c0 [data-testid="candidate-errors"]`),
	)
	if got := b.text(`#c0 [data-testid="candidate-errors"]`); !strings.Contains(got, "九十五") {
		t.Errorf("error for 九十五 = %q", got)
	}
	if got := b.value(`#c0 input[name="value"]`); got != "九十五" {
		t.Errorf("typed value lost: %q", got)
	}
	fixed := title + "（已核对）"
	b.do(
		chromedp.SetValue(`#c0 input[name="value"]`, original),
		chromedp.SetValue(`#c0 input[name="title"]`, fixed),
		chromedp.Click(`#c0 [data-testid="accept-candidate"]`),
		chromedp.WaitVisible(`//p[@data-testid="admin-flash"][contains(., "已保存目标 #1")]`),
	)
	if got := b.text(`#c0 [data-testid="candidate-state"]`); got != "已采纳" {
		t.Errorf("state after accepting: %q", got)
	}
	b.do(
		chromedp.SetValue(`#plan input[name="slug"]`, "qingshan-education"),
		chromedp.Click(`[data-testid="save-meta"]`),
		// The page before had a message too: wait for this one.
		chromedp.WaitVisible(`//p[@data-testid="admin-flash"][contains(., "已保存计划信息")]`),
		chromedp.Click(`[data-testid="publish-draft"]`),
		chromedp.WaitVisible(`table.targets, [data-testid="publish-problems"]`),
	)
	location = b.location()
	if !strings.HasSuffix(location, "/plans/qingshan-education") {
		t.Fatalf("after publishing: at %s: %s", location, b.text(`main`))
	}
	if got := b.text(`main`); !strings.Contains(got, fixed) {
		t.Errorf("the public plan page does not show %q:\n%s", fixed, got)
	}
}

// has reports whether the page has an element matching sel.
func has(b *browserSession, sel string) bool {
	b.t.Helper()
	nodes, err := chromedp.Run(b.ctx, chromedp.Nodes(sel, chromedp.AtLeast(0)))
	if err != nil {
		b.t.Fatal(err)
	}
	return len(nodes) > 0
}

func (b *browserSession) location() string {
	b.t.Helper()
	loc, err := chromedp.Run(b.ctx, chromedp.Location())
	if err != nil {
		b.t.Fatal(err)
	}
	return loc
}

func (b *browserSession) value(sel string) string {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Value(sel))
	if err != nil {
		b.t.Fatal(err)
	}
	return v
}
