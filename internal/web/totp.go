package web

import (
	"bytes"
	"crypto/subtle"
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

// totpOpts are the code parameters authenticator apps use by default.
var totpOpts = totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// matchCode finds the 30-second step whose code is code, allowing one step
// of clock drift either way. The step is what makes a code single-use:
// storage accepts each step once (UseTOTPStep).
func matchCode(code, secret string, now time.Time) (step int64, ok bool) {
	code = strings.TrimSpace(code)
	if len(code) != 6 || secret == "" {
		return 0, false
	}
	current := now.Unix() / 30
	for s := current - 1; s <= current+1; s++ {
		want, err := totp.GenerateCodeCustom(secret, time.Unix(s*30, 0), totpOpts)
		if err == nil && subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			step, ok = s, true
		}
	}
	return step, ok
}

// useCode checks a code of the account and spends it. It returns the
// catalogue key of the reason when the code is not accepted, "" when it is.
func (s *Server) useCode(r *http.Request, userID int64, code, secret string) (string, error) {
	step, ok := matchCode(code, secret, s.now())
	if !ok {
		return "totp.wrong", nil
	}
	fresh, err := s.store.UseTOTPStep(r.Context(), userID, step)
	if err != nil {
		return "", err
	}
	if !fresh {
		return "totp.reused", nil
	}
	return "", nil
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

// totpSubmit is the second step of signing in. Each code tried counts
// towards the sign-in throttle like a password; only a right code, not
// used before, completes the sign-in and clears the account's failures.
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
	if u.Disabled {
		s.sessions.Remove(r.Context(), sessionTOTPPending)
		s.render(w, r, http.StatusForbidden, templates.TOTPLoginPage(p, p.T("login.disabled")))
		return
	}
	if err := s.store.LoginAttempt(r.Context(), u.Email, address); err != nil {
		if goalpost.ErrorCode(err) != goalpost.ETOOMANY {
			s.renderError(w, r, err, 0)
			return
		}
		s.log.Warn("two-step sign-in throttled", "email", u.Email, "address", address)
		s.render(w, r, http.StatusTooManyRequests, templates.TOTPLoginPage(p, goalpost.ErrorMessageIn(err, i18n.FromRequest(r))))
		return
	}
	secret, err := s.store.TOTPSecret(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	problem, err := s.useCode(r, id, r.PostFormValue("code"), secret)
	if err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	if problem != "" {
		s.log.Info("two-step code refused", "email", u.Email, "address", address, "reason", problem)
		s.render(w, r, http.StatusUnauthorized, templates.TOTPLoginPage(p, p.T(problem)))
		return
	}
	if err := s.store.LoginSucceeded(r.Context(), u.Email, address); err != nil {
		s.renderError(w, r, err, 0)
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
	step, ok := matchCode(r.PostFormValue("code"), key.Secret(), s.now())
	if !ok {
		s.renderTOTPSetup(w, r, key, i18n.FromRequest(r).T("totp.wrong"))
		return
	}
	if err := s.store.SetTOTPSecret(r.Context(), u, key.Secret()); err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	// The code that confirmed enrolment is spent too.
	if _, err := s.store.UseTOTPStep(r.Context(), u.ID, step); err != nil {
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
	// Guessing codes here is throttled like signing in: a stolen session
	// must not be able to turn the second factor off by trying them all.
	if err := s.store.LoginAttempt(r.Context(), u.Email, clientAddress(r)); goalpost.ErrorCode(err) == goalpost.ETOOMANY {
		s.sessions.Put(r.Context(), sessionFlash, goalpost.ErrorMessageIn(err, i18n.FromRequest(r)))
		http.Redirect(w, r, "/account", http.StatusSeeOther)
		return
	} else if err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	problem, err := s.useCode(r, u.ID, r.PostFormValue("code"), secret)
	if err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	if problem != "" {
		s.sessions.Put(r.Context(), sessionFlash, lang.T(problem))
	} else if err := s.store.LoginSucceeded(r.Context(), u.Email, clientAddress(r)); err != nil {
		s.renderError(w, r, err, 0)
		return
	} else if err := s.store.SetTOTPSecret(r.Context(), u, ""); err != nil {
		s.renderError(w, r, err, 0)
		return
	} else {
		s.sessions.Put(r.Context(), sessionFlash, lang.T("totp.disabled"))
	}
	http.Redirect(w, r, "/account", http.StatusSeeOther)
}

func (s *Server) requireTOTPSet(w http.ResponseWriter, r *http.Request) {
	admin := currentUser(r)
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
