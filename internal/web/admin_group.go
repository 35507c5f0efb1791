package web

import (
	"net/http"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/i18n"
)

// requireAdmin guards the administrators' route group: a visitor is sent
// to sign in (a form posted without a session is refused, 401), a signed-in
// account that is not an administrator is refused (403). Handlers in the
// group take the administrator from currentUser.
func (s *Server) requireAdmin(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u := s.signedIn(w, r)
		if u == nil {
			return
		}
		if u.Role != goalpost.UserAdmin {
			s.renderError(w, r, goalpost.Errorf(goalpost.EFORBIDDEN, "%s", i18n.FromRequest(r).T("admin.only")), 0)
			return
		}
		next.ServeHTTP(w, r)
	})
}
