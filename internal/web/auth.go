package web

import (
	"net"
	"net/http"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/i18n"
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
	s.render(w, r, http.StatusOK, templates.LoginPage(p, "", "", safeNext(r.URL.Query().Get("next")), false))
}

func (s *Server) loginSubmit(w http.ResponseWriter, r *http.Request) {
	email, password, next := r.PostFormValue("email"), r.PostFormValue("password"), safeNext(r.PostFormValue("next"))
	address := clientAddress(r)
	ctx := r.Context()
	// refuse shows the form again with the reason, or the error page for
	// anything that is not the visitor's to fix.
	refuse := func(err error) {
		status := map[string]int{goalpost.EINVALID: http.StatusBadRequest, goalpost.EUNAUTHORIZED: http.StatusUnauthorized,
			goalpost.EFORBIDDEN: http.StatusForbidden, goalpost.ETOOMANY: http.StatusTooManyRequests}[goalpost.ErrorCode(err)]
		if status == 0 {
			s.renderError(w, r, err, 0)
			return
		}
		s.log.Info("sign-in refused", "email", email, "address", address, "reason", goalpost.ErrorCode(err))
		p := s.page(w, r, "")
		p.Title = p.T("login.title")
		s.render(w, r, status, templates.LoginPage(p, email, goalpost.ErrorMessageIn(err, i18n.FromRequest(r)), next, status == http.StatusBadRequest || status == http.StatusUnauthorized))
	}
	// No password this long can be right; say so rather than count it.
	if err := goalpost.CheckPasswordLength(password); err != nil {
		refuse(err)
		return
	}
	// The attempt is counted (as a failure, until it proves otherwise) before
	// the password is checked, atomically with the limit.
	if err := s.store.LoginAttempt(ctx, email, address); err != nil {
		refuse(err)
		return
	}
	u, err := s.store.Authenticate(ctx, email, password)
	if err != nil {
		refuse(err)
		return
	}
	// A new session token at sign-in, so a token planted before it is worthless.
	if err := s.sessions.RenewToken(ctx); err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	if u.HasTOTP {
		// The password was right; the session is not signed in until the
		// code is, and the account's failures stand until then.
		if err := s.store.LoginPasswordOK(ctx, u.Email, address); err != nil {
			s.renderError(w, r, err, 0)
			return
		}
		s.sessions.Put(ctx, sessionTOTPPending, u.ID)
		s.sessions.Put(ctx, sessionTOTPNext, next)
		http.Redirect(w, r, "/login/totp", http.StatusSeeOther)
		return
	}
	if err := s.store.LoginSucceeded(ctx, u.Email, address); err != nil {
		s.renderError(w, r, err, 0)
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

// safeNext keeps a redirect target on this site: a path of this site
// ("/work?x=1#y"), or "/" for anything else. Browsers drop tabs and line
// breaks from a URL and read a backslash as a slash, so "/\t/evil.example"
// and "/\evil.example" would both leave the site: any control character or
// backslash is refused outright, as is anything with a scheme or a host.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") ||
		strings.ContainsRune(next, '\\') || strings.ContainsFunc(next, unicode.IsControl) || !utf8.ValidString(next) {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || !strings.HasPrefix(u.Path, "/") || strings.HasPrefix(u.Path, "//") {
		return "/"
	}
	return next
}

// signIn marks the session as u's, in u's current session epoch.
func (s *Server) signIn(r *http.Request, u *goalpost.User) {
	s.sessions.Put(r.Context(), sessionUserID, u.ID)
	s.sessions.Put(r.Context(), sessionEpoch, u.SessionEpoch)
}
