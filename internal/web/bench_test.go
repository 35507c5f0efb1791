package web_test

import (
	"io"
	"net/http"
	"testing"
)

// BenchmarkPlanPage renders the Dalian livelihood plan page (111 targets)
// through the whole stack: HTTP, sessions, CSRF, queries, templates.
func BenchmarkPlanPage(b *testing.B) {
	h := newHarness(b)
	url := h.srv.URL + "/plans/dalian-2023-livelihood"
	for b.Loop() {
		resp, err := http.Get(url)
		if err != nil || resp.StatusCode != http.StatusOK {
			b.Fatalf("%v %v", resp, err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
}
