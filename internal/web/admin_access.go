package web

import (
	"net/http"

	"github.com/goalpost-civic/goalpost/templates"
)

// Offboarding: administrators disable and enable accounts, and see and
// revoke every account's API tokens.

func (s *Server) adminUserDisable(w http.ResponseWriter, r *http.Request) {
	s.adminUserSetDisabled(w, r, true)
}
func (s *Server) adminUserEnable(w http.ResponseWriter, r *http.Request) {
	s.adminUserSetDisabled(w, r, false)
}

// adminUserSetDisabled disables an account (its sessions and tokens end at
// once) or enables it again.
func (s *Server) adminUserSetDisabled(w http.ResponseWriter, r *http.Request, disabled bool) {
	admin := currentUser(r)
	id, err := pathID(r, "id")
	email := ""
	if err == nil {
		err = s.store.SetDisabled(r.Context(), admin, id, disabled)
	}
	if err == nil {
		if u, uerr := s.store.User(r.Context(), id); uerr == nil {
			email = u.Email
		}
	}
	key := "admin.user_enabled"
	if disabled {
		key = "admin.user_disabled"
	}
	s.adminDone(w, r, "/admin/users", err, key, email)
}

func (s *Server) adminTokens(w http.ResponseWriter, r *http.Request) {
	admin := currentUser(r)
	tokens, err := s.store.AllTokens(r.Context(), admin)
	if err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	p := s.page(w, r, "")
	p.Title = p.T("admin.tokens")
	s.render(w, r, http.StatusOK, templates.AdminTokensPage(p, tokens, s.sessions.PopString(r.Context(), sessionFlash)))
}

// adminTokenRevoke revokes anyone's token.
func (s *Server) adminTokenRevoke(w http.ResponseWriter, r *http.Request) {
	admin := currentUser(r)
	id, err := pathID(r, "id")
	if err == nil {
		err = s.store.RevokeToken(r.Context(), admin, id)
	}
	s.adminDone(w, r, "/admin/tokens", err, "account.token_revoked")
}
