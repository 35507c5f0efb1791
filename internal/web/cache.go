package web

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/andybalholm/brotli"
	"github.com/goalpost-civic/goalpost/internal/i18n"
	"github.com/goalpost-civic/goalpost/internal/postgres"
	"golang.org/x/sync/singleflight"
)

// The page cache keeps what the public is shown — the public pages and the
// API's answers, per language — as bytes in memory, so that a page read a
// thousand times between two changes is rendered once. Every committed
// write announces the plan it touched (postgres.ListenChanges); a page is
// kept as long as nothing it shows has changed since it began rendering.
// Anyone signed in, or presenting an API token, is never served from it.
//
// The cache sits outside every other middleware: a stored answer is written
// without a session lookup, a CSRF check or a database query.
//
// When a change makes a kept page stale, the next reader starts rendering
// it afresh and, like every reader until that is done, is given the stale
// copy: readers never wait for a render after a change, and no page is
// served stale for longer than staleLimit after the change.

const (
	// cacheBudget bounds the bytes kept (bodies and their compressed
	// forms); the least recently read go first.
	cacheBudget = 64 << 20
	// cacheEntryLimit: a larger answer (the whole city's CSV, say) is
	// streamed to its reader and not kept.
	cacheEntryLimit = 8 << 20
	// cacheTTL bounds how long an answer is kept even if nothing changes,
	// for what depends on the date rather than the data (a deadline passing).
	cacheTTL = time.Minute
	// publicCacheControl lets browsers and CDNs keep a public answer
	// briefly, and serve it a while longer while they ask again.
	publicCacheControl = "public, max-age=30, stale-while-revalidate=300"
	// staleLimit bounds how long after a change its pages may still be
	// served as they were, while they are rendered again.
	staleLimit = 500 * time.Millisecond
	// refreshTimeout bounds a render in the background.
	refreshTimeout = 30 * time.Second
	// ticks is how many recent changes' times are remembered.
	ticks = 1024
)

type pageCache struct {
	mu      sync.RWMutex
	entries map[pageKey]*cachedPage
	size    int
	// clock counts the changes heard; planSeen and allSeen are its value
	// at a plan's latest change and at the latest change to everything;
	// heardAt[n%ticks] is when change n was heard.
	clock     uint64
	planSeen  map[int64]uint64
	allSeen   uint64
	heardAt   [ticks]time.Time
	listening bool
	now       func() time.Time

	flight singleflight.Group
}

// cachedPage is one stored answer.
type cachedPage struct {
	status int
	header http.Header
	body   []byte
	hash   string // of body: the ETag's core
	// plans are the plans the answer shows; nil: it may show anything, and
	// is kept only until the next change of any kind.
	plans   []int64
	start   uint64 // the clock when rendering began
	expires time.Time
	stored  bool
	used    atomic.Bool // read since the last eviction sweep

	// The answer as sent, plain and in each encoding, each with its
	// complete header: made once, so that serving one is a copy of a few
	// header entries and one write.
	plain             variant
	gzipOnce, brOnce  sync.Once
	gzipped, brotlied variant
}

type variant struct {
	header http.Header
	body   []byte
}

func newPageCache() *pageCache {
	return &pageCache{entries: map[pageKey]*cachedPage{}, planSeen: map[int64]uint64{}, now: time.Now}
}

// heard takes one announcement from postgres.ListenChanges.
func (c *pageCache) heard(ch postgres.Change) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.clock++
	c.heardAt[c.clock%ticks] = c.now()
	switch {
	case ch.Reset, ch.Lost, ch.All:
		c.listening = !ch.Lost && (c.listening || ch.Reset)
		c.allSeen = c.clock
		c.entries, c.size = map[pageKey]*cachedPage{}, 0
	default:
		c.planSeen[ch.PlanID] = c.clock
	}
}

// fresh reports whether e still shows what the database holds, and is not
// too old; c.mu is held.
func (c *pageCache) fresh(e *cachedPage) bool {
	return c.now().Before(e.expires) && c.current(e)
}

// current reports whether nothing e shows has changed since it was
// rendered; c.mu is held.
func (c *pageCache) current(e *cachedPage) bool {
	if !c.listening || !e.stored {
		return false
	}
	if e.plans == nil {
		return e.start == c.clock
	}
	if c.allSeen > e.start {
		return false
	}
	for _, p := range e.plans {
		if c.planSeen[p] > e.start {
			return false
		}
	}
	return true
}

// lookup finds the copy kept under key: fresh, or stale but still fit to
// serve while a fresh one is rendered (stale), or nil.
func (c *pageCache) lookup(key pageKey) (e *cachedPage, stale bool) {
	c.mu.RLock()
	e = c.entries[key]
	switch {
	case e == nil:
	case c.fresh(e):
	case c.servableStale(e):
		stale = true
	default:
		e = nil
	}
	c.mu.RUnlock()
	if e != nil {
		e.used.Store(true)
	}
	return e, stale
}

// servableStale reports whether e, no longer fresh, may be served while it
// is rendered again: it is only past its time, or the first change since
// it was rendered was heard less than staleLimit ago (that change, or an
// earlier one than the change that made e stale: the bound errs on the
// side of rendering). c.mu is held.
func (c *pageCache) servableStale(e *cachedPage) bool {
	if c.current(e) {
		return true
	}
	if !c.listening || !e.stored || c.clock-e.start >= ticks {
		return false
	}
	return c.now().Sub(c.heardAt[(e.start+1)%ticks]) < staleLimit
}

// keep stores e under key if it is still fresh, making room if need be.
func (c *pageCache) keep(key pageKey, e *cachedPage) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.fresh(e) {
		return
	}
	if old := c.entries[key]; old != nil {
		c.size -= old.bytes()
	}
	c.entries[key] = e
	c.size += e.bytes()
	// Second chance: a sweep drops what was not read since the last one.
	for c.size > cacheBudget {
		for k, old := range c.entries {
			if c.size <= cacheBudget {
				break
			}
			if k != key && (!old.used.Swap(false) || !c.fresh(old)) {
				delete(c.entries, k)
				c.size -= old.bytes()
			}
		}
	}
}

// bytes is what e is counted as against the budget: its body, and room for
// the compressed copies made later on demand (a page compresses to a tenth
// or less in either encoding).
func (e *cachedPage) bytes() int { return len(e.body) + len(e.body)/4 }

// pageDeps collects, while a page renders, the plans it shows.
type pageDeps struct{ plans []int64 }

type pageDepsKey struct{}

// pageShows records that the answer being rendered shows plan planID (and
// nothing else of the database but what every page shows): it is kept until
// that plan changes. An answer that names no plan is kept until anything does.
func pageShows(r *http.Request, planID int64) {
	if d, _ := r.Context().Value(pageDepsKey{}).(*pageDeps); d != nil {
		d.plans = append(d.plans, planID)
	}
}

// cacheablePath reports whether GET path is a public page or API answer,
// the same for everyone who is not signed in.
func cacheablePath(path string) bool {
	switch {
	case path == "/", path == "/methodology", path == "/search":
		return true
	case strings.HasPrefix(path, "/departments/"):
		// The ledger files are the officials' working copies.
		return !strings.HasSuffix(path, "/ledger.xlsx") && !strings.HasSuffix(path, "/ledger.csv")
	case strings.HasPrefix(path, "/plans/"), strings.HasPrefix(path, "/targets/"),
		strings.HasPrefix(path, "/reports/"), strings.HasPrefix(path, "/api/v1/targets"):
		return true
	}
	return false
}

// pageKey is what distinguishes one public answer from another: the
// address — host included, since pages carry absolute links made from it
// (a request naming another host must not plant its links in everyone's
// copy) — the language and the reading preference.
type pageKey struct {
	lang              i18n.Lang
	large, tls        bool
	host, path, query string
}

func (k pageKey) String() string {
	return fmt.Sprintf("%s %t %t %s%s?%s", k.lang, k.large, k.tls, k.host, k.path, k.query)
}

// cacheKey is r's pageKey; ok is false for a request that must not be
// served from the cache.
func cacheKey(r *http.Request) (key pageKey, ok bool) {
	if r.Header.Get("Authorization") != "" || !cacheablePath(r.URL.Path) {
		return key, false
	}
	if _, err := r.Cookie(sessionCookie); err == nil {
		return key, false
	}
	var lang i18n.Lang
	if strings.HasPrefix(r.URL.Path, "/api/") {
		lang = i18n.FromAPIRequest(r)
	} else {
		lang = i18n.FromRequest(r)
	}
	return pageKey{lang: lang, large: largeText(r), tls: r.TLS != nil, host: r.Host, path: r.URL.Path, query: r.URL.RawQuery}, true
}

// middleware serves public answers from the cache.
func (c *pageCache) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key, ok := pageKey{}, r.Method == http.MethodGet || r.Method == http.MethodHead
		if ok {
			key, ok = cacheKey(r)
		}
		if !ok {
			next.ServeHTTP(w, r)
			return
		}
		if e, stale := c.lookup(key); e != nil {
			if stale {
				c.refresh(key, next, r)
			}
			e.serve(w, r)
			return
		}
		if r.Method == http.MethodHead {
			next.ServeHTTP(w, r) // a HEAD answer has no body to keep
			return
		}
		// Readers of a page that is not kept wait for one of them to render
		// it, rather than all rendering it at once.
		led := false
		v, _, _ := c.flight.Do(key.String(), func() (any, error) {
			led = true
			return c.fill(key, next, w, r), nil
		})
		switch e, _ := v.(*cachedPage); {
		case e != nil:
			e.serve(w, r)
		case !led:
			next.ServeHTTP(w, r)
		}
		// else: the answer was too large to keep and went to its reader as
		// it was written.
	})
}

// fill renders the answer to r and keeps it if it may be kept.
func (c *pageCache) fill(key pageKey, next http.Handler, w http.ResponseWriter, r *http.Request) *cachedPage {
	e := c.render(next, w, r)
	if e != nil && e.stored {
		c.keep(key, e)
	}
	return e
}

// refresh renders the answer to r again in the background, unless that is
// under way already.
func (c *pageCache) refresh(key pageKey, next http.Handler, r *http.Request) {
	again := r.Clone(context.WithoutCancel(r.Context()))
	again.Method = http.MethodGet // a HEAD reader's copy is kept for all
	c.flight.DoChan(key.String(), func() (any, error) {
		ctx, cancel := context.WithTimeout(again.Context(), refreshTimeout)
		defer cancel()
		return c.fill(key, next, discard{}, again.WithContext(ctx)), nil
	})
}

// discard is where a background render too large to keep goes.
type discard struct{}

func (discard) Header() http.Header         { return http.Header{} }
func (discard) WriteHeader(int)             {}
func (discard) Write(p []byte) (int, error) { return len(p), nil }

// render runs next for r into memory. It returns nil if the answer was too
// large to keep, having written it to w.
func (c *pageCache) render(next http.Handler, w http.ResponseWriter, r *http.Request) *cachedPage {
	c.mu.RLock()
	start, listening := c.clock, c.listening
	c.mu.RUnlock()
	deps := &pageDeps{}
	rec := &recorder{w: w, header: http.Header{}}
	next.ServeHTTP(rec, r.WithContext(context.WithValue(r.Context(), pageDepsKey{}, deps)))
	if rec.passing {
		return nil
	}
	if rec.status == 0 {
		rec.status = http.StatusOK
	}
	e := &cachedPage{status: rec.status, header: rec.header, body: rec.buf.Bytes(), start: start,
		expires: c.now().Add(cacheTTL), plans: deps.plans}
	keepOnlyLanguageCookie(e.header)
	// A page with a form carries its reader's CSRF token: never shared.
	e.stored = listening && e.status == http.StatusOK && r.Context().Err() == nil &&
		!bytes.Contains(e.body, []byte(`name="csrf_token"`))
	sum := sha256.Sum256(e.body)
	e.hash = hex.EncodeToString(sum[:12])
	if e.stored {
		e.header.Set("Cache-Control", publicCacheControl)
		vary := "Cookie, Accept-Encoding"
		if strings.HasPrefix(r.URL.Path, "/api/") {
			vary = "Accept-Language, " + vary
		}
		e.header.Set("Vary", vary)
	}
	e.plain = e.as("", e.body)
	return e
}

// keepOnlyLanguageCookie drops every cookie an answer sets but the
// language chosen by its address (?lang=), the same for all who ask: the
// CSRF cookie set for one anonymous reader must not go to the next.
func keepOnlyLanguageCookie(h http.Header) {
	var kept []string
	for _, line := range h.Values("Set-Cookie") {
		if strings.HasPrefix(line, "lang=") {
			kept = append(kept, line)
		}
	}
	h.Del("Set-Cookie")
	if kept != nil {
		h["Set-Cookie"] = kept
	}
}

// serve writes e to w, compressed if the reader accepts it, or 304 Not
// Modified if the reader already holds it.
func (e *cachedPage) serve(w http.ResponseWriter, r *http.Request) {
	v := &e.plain
	if e.stored && len(e.body) > 1024 && compressible(e.header.Get("Content-Type")) {
		switch acceptedEncoding(r.Header.Get("Accept-Encoding")) {
		case "br":
			v = e.brotli()
		case "gzip":
			v = e.gzip()
		}
	}
	h := w.Header()
	for k, vals := range v.header {
		h[k] = vals
	}
	if e.stored {
		if inm := r.Header.Get("If-None-Match"); inm != "" && etagMatches(inm, e.hash) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	w.WriteHeader(e.status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(v.body)
	}
}

// as is the answer sent with body in an encoding ("" for none).
func (e *cachedPage) as(encoding string, body []byte) variant {
	h := e.header.Clone()
	h["Content-Length"] = []string{strconv.Itoa(len(body))}
	if e.stored {
		tag := e.hash
		if encoding != "" {
			h["Content-Encoding"] = []string{encoding}
			tag += map[string]string{"gzip": "-gz", "br": "-br"}[encoding]
		}
		h["Etag"] = []string{`"` + tag + `"`}
	}
	return variant{header: h, body: body}
}

func (e *cachedPage) gzip() *variant {
	e.gzipOnce.Do(func() {
		var b bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
		_, _ = zw.Write(e.body)
		_ = zw.Close()
		e.gzipped = e.as("gzip", b.Bytes())
	})
	return &e.gzipped
}

func (e *cachedPage) brotli() *variant {
	e.brOnce.Do(func() {
		var b bytes.Buffer
		// Quality 9: within a few per cent of the best, at a fraction of
		// the time of 11, once per kept answer.
		bw := brotli.NewWriterLevel(&b, 9)
		_, _ = bw.Write(e.body)
		_ = bw.Close()
		e.brotlied = e.as("br", b.Bytes())
	})
	return &e.brotlied
}

func compressible(contentType string) bool {
	for _, t := range []string{"text/", "application/json", "application/atom+xml", "image/svg+xml"} {
		if strings.HasPrefix(contentType, t) {
			return true
		}
	}
	return false
}

// acceptedEncoding is "br", "gzip" or "" for an Accept-Encoding header,
// brotli first when both are accepted.
func acceptedEncoding(header string) string {
	if header == "" {
		return ""
	}
	var br, gz bool
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if q, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if f, err := strconv.ParseFloat(q, 64); err != nil || f == 0 {
				continue
			}
		}
		switch strings.ToLower(strings.TrimSpace(name)) {
		case "br":
			br = true
		case "gzip":
			gz = true
		}
	}
	switch {
	case br:
		return "br"
	case gz:
		return "gzip"
	}
	return ""
}

// etagMatches reports whether an If-None-Match header names any encoding
// of the answer whose hash is hash.
func etagMatches(header, hash string) bool {
	for _, tag := range strings.Split(header, ",") {
		tag = strings.Trim(strings.TrimPrefix(strings.TrimSpace(tag), "W/"), `"`)
		if tag == "*" || tag == hash || tag == hash+"-gz" || tag == hash+"-br" {
			return true
		}
	}
	return false
}

// recorder holds an answer in memory, up to cacheEntryLimit; past that it
// writes through to the reader's own writer.
type recorder struct {
	w       http.ResponseWriter
	header  http.Header
	status  int
	buf     bytes.Buffer
	passing bool
}

func (rec *recorder) Header() http.Header { return rec.header }

func (rec *recorder) WriteHeader(code int) {
	if rec.status == 0 {
		rec.status = code
	}
}

func (rec *recorder) Write(p []byte) (int, error) {
	if rec.status == 0 {
		rec.status = http.StatusOK
	}
	if !rec.passing && rec.buf.Len()+len(p) > cacheEntryLimit {
		h := rec.w.Header()
		for k, v := range rec.header {
			h[k] = v
		}
		rec.w.WriteHeader(rec.status)
		if _, err := rec.w.Write(rec.buf.Bytes()); err != nil {
			return 0, err
		}
		rec.passing = true
		rec.buf = bytes.Buffer{}
	}
	if rec.passing {
		return rec.w.Write(p)
	}
	return rec.buf.Write(p)
}
