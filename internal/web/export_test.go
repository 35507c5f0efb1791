package web

import (
	"net/http"

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
