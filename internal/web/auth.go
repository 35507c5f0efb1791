package web

import (
	"net/http"
	"strings"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/templates"
)

// Session keys.
const (
	sessionUserID = "user_id"
	sessionFlash  = "flash"
)

func (s *Server) loginShow(w http.ResponseWriter, r *http.Request) {
	p := s.page(w, r, "")
	p.Title = p.T("login.title")
	s.render(w, r, http.StatusOK, templates.LoginPage(p, "", "", safeNext(r.URL.Query().Get("next"))))
}

func (s *Server) loginSubmit(w http.ResponseWriter, r *http.Request) {
	email, password, next := r.PostFormValue("email"), r.PostFormValue("password"), safeNext(r.PostFormValue("next"))
	u, err := s.store.Authenticate(r.Context(), email, password)
	if goalpost.ErrorCode(err) == goalpost.EUNAUTHORIZED {
		p := s.page(w, r, "")
		p.Title = p.T("login.title")
		s.log.Info("sign-in failed", "email", email, "ip", r.RemoteAddr)
		s.render(w, r, http.StatusUnauthorized, templates.LoginPage(p, email, goalpost.ErrorMessage(err), next))
		return
	} else if err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	// A new session token at sign-in, so a token planted before it is worthless.
	if err := s.sessions.RenewToken(r.Context()); err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	s.sessions.Put(r.Context(), sessionUserID, u.ID)
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if err := s.sessions.Destroy(r.Context()); err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// safeNext keeps a redirect target on this site.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	return next
}
