package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
)

// TestHomeListsPlansPageByPage: beside many plans the home page shows them
// fifty at a time, oldest first, with links between the pages, each card
// counting its own plan's targets; its cost is that of the plans it shows
// (issue 10), not of every plan the database holds.
func TestHomeListsPlansPageByPage(t *testing.T) {
	t.Parallel()
	h := newHarness(t) // the two Dalian plans
	ctx := context.Background()
	if _, err := h.db.Pool.Exec(ctx, `
		INSERT INTO plans (slug, title, short_title, issuer, period_start, period_end)
		SELECT 'county-' || i, '县级计划' || i, '县计划' || i, '某县', '2021-01-01', '2025-12-31' FROM generate_series(1, 60) i`); err != nil {
		t.Fatal(err)
	}
	c := h.client()
	resp, doc := c.get("/")
	cards := doc.Find(`[data-testid="plan-card"]`)
	if resp.StatusCode != http.StatusOK || cards.Length() != 50 {
		t.Fatalf("first page: %d, %d plans, want 50", resp.StatusCode, cards.Length())
	}
	if first := cards.First().Find("h2 a").AttrOr("href", ""); first != "/plans/dalian-2023-community" && first != "/plans/dalian-2023-livelihood" {
		t.Errorf("first plan %s, want a Dalian plan (the oldest)", first)
	}
	if got := doc.Find(`[data-testid="plan-card"]`).First().Text(); !strings.Contains(got, "11") {
		t.Errorf("the first card does not count its plan's 11 targets: %q", got)
	}
	next := doc.Find(`a[rel="next"]`).AttrOr("href", "")
	if next != "/?page=2" || doc.Find(`a[rel="prev"]`).Length() != 0 {
		t.Errorf("first page links: next %q, previous %d", next, doc.Find(`a[rel="prev"]`).Length())
	}
	resp, doc = c.get(next)
	if n := doc.Find(`[data-testid="plan-card"]`).Length(); resp.StatusCode != http.StatusOK || n != 12 {
		t.Errorf("second page: %d, %d plans, want 12", resp.StatusCode, n)
	}
	if prev := doc.Find(`a[rel="prev"]`).AttrOr("href", ""); prev != "/" || doc.Find(`a[rel="next"]`).Length() != 0 {
		t.Errorf("second page links: previous %q, next %d", prev, doc.Find(`a[rel="next"]`).Length())
	}
	for _, bad := range []string{"/?page=3", "/?page=0", "/?page=x"} {
		if resp, _ := c.get(bad); resp.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", bad, resp.StatusCode)
		}
	}
	// With few plans there is one page and no links.
	h2 := newHarness(t)
	_, doc = h2.client().get("/")
	if doc.Find(`a[rel="next"], a[rel="prev"]`).Length() != 0 || doc.Find(`[data-testid="plan-card"]`).Length() != 2 {
		t.Error("two plans: not one page without links")
	}
}
