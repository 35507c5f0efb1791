package web

import (
	"bytes"
	"encoding/base64"
	"image/png"
	"net/http"
	"strings"
	"time"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/i18n"
	"github.com/goalpost-civic/goalpost/templates"
	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

// Session keys of the second factor.
const (
	sessionTOTPPending = "totp_pending" // user id that passed the password step
	sessionTOTPNext    = "totp_next"
	sessionTOTPSetup   = "totp_setup" // secret being enrolled, until confirmed
)

// validCode checks a one-time code, allowing one step of clock drift.
func validCode(code, secret string) bool {
	ok, _ := totp.ValidateCustom(strings.TrimSpace(code), secret, time.Now(), totp.ValidateOpts{
		Period: 30, Skew: 1, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	return ok
}

func (s *Server) totpShow(w http.ResponseWriter, r *http.Request) {
	if s.sessions.GetInt64(r.Context(), sessionTOTPPending) == 0 {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return
	}
	p := s.page(w, r, "")
	p.Title = p.T("totp.title")
	s.render(w, r, http.StatusOK, templates.TOTPLoginPage(p, ""))
}

// totpSubmit is the second step of signing in.
func (s *Server) totpSubmit(w http.ResponseWriter, r *http.Request) {
	id := s.sessions.GetInt64(r.Context(), sessionTOTPPending)
	if id == 0 {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return
	}
	u, err := s.store.User(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	address := clientAddress(r)
	p := s.page(w, r, "")
	p.Title = p.T("totp.title")
	if err := s.store.LoginAllowed(r.Context(), u.Email, address); err != nil {
		if goalpost.ErrorCode(err) != goalpost.ETOOMANY {
			s.renderError(w, r, err, 0)
			return
		}
		s.render(w, r, http.StatusTooManyRequests, templates.TOTPLoginPage(p, goalpost.ErrorMessage(err)))
		return
	}
	secret, err := s.store.TOTPSecret(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	ok := secret != "" && validCode(r.PostFormValue("code"), secret)
	if err := s.store.RecordLogin(r.Context(), u.Email, address, ok); err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	if !ok {
		s.render(w, r, http.StatusUnauthorized, templates.TOTPLoginPage(p, p.T("totp.wrong")))
		return
	}
	next := safeNext(s.sessions.PopString(r.Context(), sessionTOTPNext))
	if err := s.sessions.RenewToken(r.Context()); err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	s.sessions.Remove(r.Context(), sessionTOTPPending)
	s.signIn(r, u)
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// totpStart begins enrolment: a new secret, kept in the session until the
// official proves their app has it.
func (s *Server) totpStart(w http.ResponseWriter, r *http.Request) {
	u := s.signedIn(w, r)
	if u == nil {
		return
	}
	key, err := totp.Generate(totp.GenerateOpts{Issuer: "Goalpost", AccountName: u.Email})
	if err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	s.sessions.Put(r.Context(), sessionTOTPSetup, key.String())
	s.renderTOTPSetup(w, r, key, "")
}

func (s *Server) renderTOTPSetup(w http.ResponseWriter, r *http.Request, key *otp.Key, problem string) {
	img, err := key.Image(220, 220)
	if err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	p := s.page(w, r, "")
	p.Title = p.T("totp.setup")
	status := http.StatusOK
	if problem != "" {
		status = http.StatusUnprocessableEntity
	}
	s.render(w, r, status, templates.TOTPSetupPage(p, "data:image/png;base64,"+base64.StdEncoding.EncodeToString(buf.Bytes()), key.Secret(), problem))
}

func (s *Server) totpConfirm(w http.ResponseWriter, r *http.Request) {
	u := s.signedIn(w, r)
	if u == nil {
		return
	}
	key, err := otp.NewKeyFromURL(s.sessions.GetString(r.Context(), sessionTOTPSetup))
	if err != nil {
		http.Redirect(w, r, "/account", http.StatusSeeOther)
		return
	}
	if !validCode(r.PostFormValue("code"), key.Secret()) {
		s.renderTOTPSetup(w, r, key, i18n.FromRequest(r).T("totp.wrong"))
		return
	}
	if err := s.store.SetTOTPSecret(r.Context(), u, key.Secret()); err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	s.sessions.Remove(r.Context(), sessionTOTPSetup)
	s.sessions.Put(r.Context(), sessionFlash, i18n.FromRequest(r).T("totp.enabled"))
	http.Redirect(w, r, "/account", http.StatusSeeOther)
}

func (s *Server) totpDisable(w http.ResponseWriter, r *http.Request) {
	u := s.signedIn(w, r)
	if u == nil {
		return
	}
	secret, err := s.store.TOTPSecret(r.Context(), u.ID)
	if err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	lang := i18n.FromRequest(r)
	if secret == "" || !validCode(r.PostFormValue("code"), secret) {
		s.sessions.Put(r.Context(), sessionFlash, lang.T("totp.wrong"))
	} else if err := s.store.SetTOTPSecret(r.Context(), u, ""); err != nil {
		s.renderError(w, r, err, 0)
		return
	} else {
		s.sessions.Put(r.Context(), sessionFlash, lang.T("totp.disabled"))
	}
	http.Redirect(w, r, "/account", http.StatusSeeOther)
}

func (s *Server) requireTOTPSet(w http.ResponseWriter, r *http.Request) {
	admin := s.admin(w, r)
	if admin == nil {
		return
	}
	err := s.store.SetRequireTOTP(r.Context(), admin, r.PostFormValue("require") == "true")
	s.adminDone(w, r, "/admin/users", err, "totp.policy_saved")
}

// enforceTOTP sends a signed-in account without a second factor to enrol,
// when administrators require one; only enrolment and signing out remain open.
func (s *Server) enforceTOTP(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u := currentUser(r)
		open := r.URL.Path == "/account" || strings.HasPrefix(r.URL.Path, "/account/totp") || r.URL.Path == "/logout" || strings.HasPrefix(r.URL.Path, "/static/")
		if u == nil || u.HasTOTP || open {
			next.ServeHTTP(w, r)
			return
		}
		required, err := s.store.RequireTOTP(r.Context())
		if err != nil {
			s.renderError(w, r, err, 0)
			return
		}
		if !required {
			next.ServeHTTP(w, r)
			return
		}
		if r.Method == http.MethodGet {
			http.Redirect(w, r, "/account#totp", http.StatusSeeOther)
			return
		}
		s.renderError(w, r, goalpost.Errorf(goalpost.EFORBIDDEN, "%s", i18n.FromRequest(r).T("totp.required")), 0)
	})
}
