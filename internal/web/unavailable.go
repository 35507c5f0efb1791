package web

import (
	"context"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/i18n"
	"github.com/goalpost-civic/goalpost/internal/postgres"
)

// The database as this server last saw it. While it is down, requests are
// answered 503 at once rather than each waiting for its own connection
// attempt to fail, and one request at a time, backing off up to probeMax,
// asks the database whether it is back. While it is read-only, anonymous
// reads still go through, since they need no write (a signed-in request
// renews its session, which is a write). Each change of state is logged
// once, so an outage is two log lines, not one per request.
const (
	dbUp int32 = iota
	dbReadOnly
	dbDown
)

const (
	// retryAfter is the Retry-After of every 503, in seconds.
	retryAfter   = "5"
	probeMin     = 250 * time.Millisecond
	probeMax     = 5 * time.Second
	probeTimeout = 2 * time.Second
)

// dbHealth is the state shared by every request; the zero value is "up".
type dbHealth struct {
	state     atomic.Int32
	probing   atomic.Bool  // a request is probing the database
	nextProbe atomic.Int64 // Unix nanoseconds before which nobody probes
	backoff   atomic.Int64 // current probe interval
}

// dbSaw records what a request learnt about the database from err, if err
// says anything about it.
func (s *Server) dbSaw(err error) {
	switch {
	case postgres.ReadOnly(err):
		s.setDBState(dbReadOnly, err)
	case postgres.Unavailable(err):
		s.setDBState(dbDown, err)
	}
}

// setDBState records the database's state and logs if it changed.
func (s *Server) setDBState(next int32, err error) {
	prev := s.health.state.Swap(next)
	if prev == next {
		return
	}
	if next == dbUp {
		s.log.Info("database available again")
		return
	}
	if prev == dbUp {
		s.health.backoff.Store(int64(probeMin))
		s.health.nextProbe.Store(time.Now().Add(probeMin).UnixNano())
	}
	if next == dbDown && s.pool != nil {
		// The pool's connections are to a server that went away; none
		// must be handed out once it is back.
		s.pool.Reset()
	}
	reason := "not answering"
	if next == dbReadOnly {
		reason = "read-only: it answers but refuses writes"
	}
	s.log.Error("database unavailable", "reason", reason, "err", err)
}

// dbState returns the database's state, first probing it if it was not up
// and a probe is due. Only one request probes at a time; the others take the
// state as it is and do not wait.
func (s *Server) dbState(ctx context.Context) int32 {
	h := &s.health
	st := h.state.Load()
	if st == dbUp || time.Now().UnixNano() < h.nextProbe.Load() || !h.probing.CompareAndSwap(false, true) {
		return st
	}
	defer h.probing.Store(false)
	if s.probe(ctx) != nil {
		b := min(2*time.Duration(h.backoff.Load()), probeMax)
		b = max(b, probeMin)
		h.backoff.Store(int64(b))
		h.nextProbe.Store(time.Now().Add(b).UnixNano())
	}
	return h.state.Load()
}

// probe asks the database whether it answers and accepts writes, records
// the answer and returns Ping's error.
func (s *Server) probe(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), probeTimeout)
	defer cancel()
	err := s.store.Ping(ctx)
	switch {
	case err == nil:
		s.setDBState(dbUp, nil)
	case postgres.ReadOnly(err):
		s.setDBState(dbReadOnly, err)
	default:
		// Whatever else made a bare query fail, nothing can be served.
		s.setDBState(dbDown, err)
	}
	return err
}

// guardDB answers 503 straight away while the database is known to be down
// (or read-only, for requests that would write), so that an outage costs no
// connection attempts and no wait per request. Static files never need the
// database and are served here, ahead of the session middleware, so that
// even an error page gets its stylesheet; /healthz always asks the database
// itself.
func (s *Server) guardDB(staticFiles, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/static/") {
			staticFiles.ServeHTTP(w, r)
			return
		}
		sw := &sealableWriter{ResponseWriter: w}
		if r.URL.Path != "/healthz" {
			switch s.dbState(r.Context()) {
			case dbDown:
				s.unavailable(sw, r)
				return
			case dbReadOnly:
				if !isRead(r) || hasSession(r, s.sessions.Cookie.Name) {
					s.unavailable(sw, r)
					return
				}
			}
		}
		next.ServeHTTP(sw, r)
	})
}

func isRead(r *http.Request) bool { return r.Method == http.MethodGet || r.Method == http.MethodHead }

func hasSession(r *http.Request, name string) bool {
	_, err := r.Cookie(name)
	return err == nil
}

// unavailable answers that the database cannot serve the request now: a
// page, or JSON for the API, with status 503 and Retry-After.
func (s *Server) unavailable(w http.ResponseWriter, r *http.Request) {
	s.renderError(w, r, goalpost.Errorf(goalpost.EUNAVAILABLE, "%s", i18n.FromRequest(r).T("error.unavailable_help")), 0)
}

// errorCode is goalpost.ErrorCode, except that a database that cannot
// answer is EUNAVAILABLE, whatever the storage call that ran into it.
func errorCode(err error) string {
	if postgres.Unavailable(err) {
		return goalpost.EUNAVAILABLE
	}
	return goalpost.ErrorCode(err)
}

// sessionError is the session manager's error handler: loading or saving a
// session fails when the database does, and that must be the same 503 as
// anywhere else, not the session library's bare 500.
func (s *Server) sessionError(w http.ResponseWriter, r *http.Request, err error) {
	sw, _ := w.(*sealableWriter)
	if sw != nil && sw.sealed {
		return
	}
	s.renderError(w, r, err, 0)
	if sw != nil {
		// The session manager saves the session as the handler starts
		// its answer and, if that fails, lets the handler write on
		// after this one: what it writes must not reach the client.
		sw.sealed = true
	}
}

// sealableWriter lets sessionError end a response: once sealed, whatever
// the handler still writes is dropped.
type sealableWriter struct {
	http.ResponseWriter
	sealed bool
}

func (w *sealableWriter) WriteHeader(code int) {
	if !w.sealed {
		w.ResponseWriter.WriteHeader(code)
	}
}

func (w *sealableWriter) Write(b []byte) (int, error) {
	if w.sealed {
		return len(b), nil
	}
	return w.ResponseWriter.Write(b)
}

func (w *sealableWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
