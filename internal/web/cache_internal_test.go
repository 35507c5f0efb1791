package web

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/goalpost-civic/goalpost/internal/postgres"
)

// versionedPage is a page of plan 1 whose body is the number of times it
// was rendered; a render may be held until release is closed.
type versionedPage struct {
	renders atomic.Int64
	hold    chan struct{}
}

func (p *versionedPage) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if p.hold != nil {
		<-p.hold
	}
	pageShows(r, 1)
	n := p.renders.Add(1)
	w.Header().Set("Content-Type", "text/plain")
	_, _ = w.Write([]byte(strconv.FormatInt(n, 10)))
}

func read(t *testing.T, h http.Handler) string {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/plans/x", nil))
	return rec.Body.String()
}

// TestStaleCopiesAreBounded: after a change, readers may be given the copy
// as it was only while a fresh one renders and never more than staleLimit
// after the change; a lost listener serves nothing from memory.
func TestStaleCopiesAreBounded(t *testing.T) {
	now := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	c := newPageCache()
	c.now = func() time.Time { return now }
	page := &versionedPage{}
	h := c.middleware(page)

	if got := read(t, h); got != "1" {
		t.Fatalf("before listening: %s", got)
	}
	if got := read(t, h); got != "2" {
		t.Fatalf("a cache that has not heard the database kept a copy: %s", got)
	}
	c.heard(postgres.Change{Reset: true})
	read(t, h) // 3, kept
	if got := read(t, h); got != "3" {
		t.Fatalf("a kept copy was not served: %s", got)
	}
	c.heard(postgres.Change{PlanID: 2}) // another plan
	if got := read(t, h); got != "3" {
		t.Fatalf("a change to another plan renewed the page: %s", got)
	}

	// A change to plan 1: the next readers get the old copy while the new
	// one renders in the background, then the new one.
	page.hold = make(chan struct{})
	c.heard(postgres.Change{PlanID: 1})
	now = now.Add(100 * time.Millisecond)
	if got := read(t, h); got != "3" {
		t.Fatalf("while rendering afresh, a reader got %s, want the copy as it was", got)
	}
	close(page.hold)
	for deadline := time.Now().Add(5 * time.Second); read(t, h) != "4"; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the background render never replaced the stale copy")
		}
	}
	page.hold = nil

	// Past the bound, a stale copy is never served: the reader waits.
	c.heard(postgres.Change{PlanID: 1})
	now = now.Add(staleLimit)
	if got := read(t, h); got != "5" {
		t.Fatalf("%s after a change a reader got %s, want a fresh render", staleLimit, got)
	}

	// Nothing is kept longer than cacheTTL; past it the copy is renewed.
	now = now.Add(cacheTTL)
	read(t, h) // served as it was while renewed: same data
	for deadline := time.Now().Add(5 * time.Second); read(t, h) != "6"; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("an expired copy was never renewed")
		}
	}

	// A lost listener: nothing from memory until it is back.
	c.heard(postgres.Change{Lost: true})
	if a, b := read(t, h), read(t, h); a != "7" || b != "8" {
		t.Fatalf("with the listener lost, readers got %s and %s, want fresh renders", a, b)
	}
	c.heard(postgres.Change{Reset: true})
	read(t, h)
	if got := read(t, h); got != "9" {
		t.Fatalf("after the listener came back, a reader got %s, want the kept copy 9", got)
	}
}
