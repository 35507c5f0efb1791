package web

import (
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"
)

// Routes lists every route of the server as method and pattern, so tests can
// visit them all.
func Routes(s *Server) (routes [][2]string) {
	_ = chi.Walk(s.routes().(chi.Routes), func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		routes = append(routes, [2]string{method, route})
		return nil
	})
	return routes
}

// SetSpreadsheetWait sets how long an upload waits for a slot to be read;
// call it before serving.
func (s *Server) SetSpreadsheetWait(wait time.Duration) { s.readWait = wait }

// HoldSpreadsheetReaders takes every slot for reading uploaded
// spreadsheets, as uploads being read would; release frees them.
func (s *Server) HoldSpreadsheetReaders() (release func()) {
	for range cap(s.readers) {
		s.readers <- struct{}{}
	}
	return func() {
		for range cap(s.readers) {
			<-s.readers
		}
	}
}

// CacheListening reports whether the page cache has heard the database and
// serves from memory.
func (s *Server) CacheListening() bool {
	if s.cache == nil {
		return false
	}
	s.cache.mu.RLock()
	defer s.cache.mu.RUnlock()
	return s.cache.listening
}
