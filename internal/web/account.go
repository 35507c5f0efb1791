package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/i18n"
	"github.com/goalpost-civic/goalpost/templates"
)

// signedIn returns the user, or sends an anonymous visitor to sign in.
func (s *Server) signedIn(w http.ResponseWriter, r *http.Request) *goalpost.User {
	u := currentUser(r)
	if u == nil {
		if r.Method == http.MethodGet {
			http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.Path), http.StatusSeeOther)
		} else {
			s.renderError(w, r, goalpost.Errorf(goalpost.EUNAUTHORIZED, "%s", i18n.FromRequest(r).T("form.sign_in_first")), 0)
		}
	}
	return u
}

func (s *Server) accountShow(w http.ResponseWriter, r *http.Request) {
	s.renderAccount(w, r, http.StatusOK, "")
}

func (s *Server) renderAccount(w http.ResponseWriter, r *http.Request, status int, newToken string) {
	u := s.signedIn(w, r)
	if u == nil {
		return
	}
	tokens, err := s.store.Tokens(r.Context(), u.ID)
	if err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	p := s.page(w, r, "")
	p.Title = p.T("account.title")
	s.render(w, r, status, templates.AccountPage(p, tokens, newToken, s.sessions.PopString(r.Context(), sessionFlash)))
}

// tokenCreate makes a token and shows it in the response itself: the secret
// is never stored, not even in the session.
func (s *Server) tokenCreate(w http.ResponseWriter, r *http.Request) {
	u := s.signedIn(w, r)
	if u == nil {
		return
	}
	token, err := s.store.CreateToken(r.Context(), u.Email, strings.TrimSpace(r.PostFormValue("name")))
	if err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	s.renderAccount(w, r, http.StatusCreated, token)
}

func (s *Server) tokenRevoke(w http.ResponseWriter, r *http.Request) {
	u := s.signedIn(w, r)
	if u == nil {
		return
	}
	id, err := pathID(r, "id")
	if err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	if err := s.store.RevokeToken(r.Context(), u, id); err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	s.sessions.Put(r.Context(), sessionFlash, i18n.FromRequest(r).T("account.token_revoked"))
	http.Redirect(w, r, "/account", http.StatusSeeOther)
}
