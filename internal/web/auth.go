package web

import (
	"net"
	"net/http"
	"strings"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/templates"
)

// Session keys.
const (
	sessionUserID = "user_id"
	sessionEpoch  = "epoch"
	sessionFlash  = "flash"
)

func (s *Server) loginShow(w http.ResponseWriter, r *http.Request) {
	p := s.page(w, r, "")
	p.Title = p.T("login.title")
	s.render(w, r, http.StatusOK, templates.LoginPage(p, "", "", safeNext(r.URL.Query().Get("next"))))
}

func (s *Server) loginSubmit(w http.ResponseWriter, r *http.Request) {
	email, password, next := r.PostFormValue("email"), r.PostFormValue("password"), safeNext(r.PostFormValue("next"))
	address := clientAddress(r)
	refuse := func(status int, err error) {
		p := s.page(w, r, "")
		p.Title = p.T("login.title")
		s.render(w, r, status, templates.LoginPage(p, email, goalpost.ErrorMessage(err), next))
	}
	if err := s.store.LoginAllowed(r.Context(), email, address); goalpost.ErrorCode(err) == goalpost.ETOOMANY {
		s.log.Warn("sign-in throttled", "email", email, "address", address)
		refuse(http.StatusTooManyRequests, err)
		return
	} else if err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	u, err := s.store.Authenticate(r.Context(), email, password)
	if rerr := s.store.RecordLogin(r.Context(), email, address, err == nil); rerr != nil {
		s.renderError(w, r, rerr, 0)
		return
	}
	if goalpost.ErrorCode(err) == goalpost.EUNAUTHORIZED {
		s.log.Info("sign-in failed", "email", email, "address", address)
		refuse(http.StatusUnauthorized, err)
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
	if u.HasTOTP {
		// The password was right; the session is not signed in until the code is.
		s.sessions.Put(r.Context(), sessionTOTPPending, u.ID)
		s.sessions.Put(r.Context(), sessionTOTPNext, next)
		http.Redirect(w, r, "/login/totp", http.StatusSeeOther)
		return
	}
	s.signIn(r, u)
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if err := s.sessions.Destroy(r.Context()); err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// clientAddress is the peer's IP. Forwarded headers are not trusted: any
// client can set them, which would let a guesser pick a fresh address per try.
func clientAddress(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// safeNext keeps a redirect target on this site.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	return next
}

// signIn marks the session as u's, in u's current session epoch.
func (s *Server) signIn(r *http.Request, u *goalpost.User) {
	s.sessions.Put(r.Context(), sessionUserID, u.ID)
	s.sessions.Put(r.Context(), sessionEpoch, u.SessionEpoch)
}
