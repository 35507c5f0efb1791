package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"

	"github.com/a-h/templ"
	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/i18n"
	"github.com/goalpost-civic/goalpost/templates"
	"github.com/justinas/nosurf"
)

type contextKey int

const userKey contextKey = iota

// loadUser puts the signed-in user, if any, in the request context.
func (s *Server) loadUser(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := s.sessions.GetInt64(r.Context(), sessionUserID)
		if id != 0 {
			u, err := s.store.User(r.Context(), id)
			switch {
			case err == nil && !u.Disabled && u.SessionEpoch == s.sessions.GetInt(r.Context(), sessionEpoch):
				r = r.WithContext(context.WithValue(r.Context(), userKey, u))
			case err == nil, goalpost.ErrorCode(err) == goalpost.ENOTFOUND:
				// The password was reset since, the account was disabled or is
				// gone: the session must not outlive any of them.
				_ = s.sessions.Destroy(r.Context())
			default:
				s.renderError(w, r, err, 0)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// currentUser returns the signed-in user or nil.
func currentUser(r *http.Request) *goalpost.User {
	u, _ := r.Context().Value(userKey).(*goalpost.User)
	return u
}

// page builds the context every template needs.
func (s *Server) page(w http.ResponseWriter, r *http.Request, title string) templates.Page {
	lang := i18n.FromRequest(r)
	if q := r.URL.Query().Get("lang"); q != "" {
		http.SetCookie(w, &http.Cookie{Name: "lang", Value: string(lang), Path: "/", MaxAge: 365 * 24 * 3600, SameSite: http.SameSiteLaxMode, Secure: s.secure})
	}
	return templates.Page{
		Lang: lang, User: currentUser(r), CSRFToken: nosurf.Token(r),
		Path: selfPath(r.URL), Title: title, Now: s.now(), BaseURL: s.baseURL(r),
		LargeText: largeText(r),
	}
}

// selfPath is the current address as a link back to this site: the path
// cleaned so it cannot start with "//" (which a browser reads as another
// host, as it reads "/\"), escaped, with the query as sent.
func selfPath(u *url.URL) string {
	p := (&url.URL{Path: path.Clean("/" + u.Path)}).EscapedPath()
	if u.RawQuery != "" {
		p += "?" + u.RawQuery
	}
	return p
}

// render writes a component with a status code.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, c templ.Component) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	if err := c.Render(r.Context(), w); err != nil {
		s.log.Error("render", "path", r.URL.Path, "err", err)
	}
}

// renderError is where every error path of a page ends: it maps the domain
// code to a status and a page, and logs what the user is not shown.
func (s *Server) renderError(w http.ResponseWriter, r *http.Request, err error, status int) {
	code := errorCode(err)
	if code == goalpost.EUNAVAILABLE && strings.HasPrefix(r.URL.Path, "/api/") {
		s.apiError(w, r, err) // e.g. from the session middleware, ahead of the API handler
		return
	}
	p := s.page(w, r, "")
	heading, detail := p.T("error.internal"), ""
	switch code {
	case goalpost.ENOTFOUND:
		status, heading, detail = http.StatusNotFound, p.T("error.not_found"), p.T("error.not_found_help")
	case goalpost.EFORBIDDEN:
		status, heading, detail = http.StatusForbidden, p.T("error.forbidden"), goalpost.ErrorMessageIn(err, i18n.FromRequest(r))
	case goalpost.ETOOMANY:
		status, heading, detail = http.StatusTooManyRequests, p.T("error.bad_request"), goalpost.ErrorMessageIn(err, i18n.FromRequest(r))
	case goalpost.EUNAUTHORIZED:
		status, heading, detail = http.StatusUnauthorized, p.T("error.unauthorized"), goalpost.ErrorMessageIn(err, i18n.FromRequest(r))
	case goalpost.EUNAVAILABLE:
		s.dbSaw(err)
		w.Header().Set("Retry-After", retryAfter)
		status, heading, detail = http.StatusServiceUnavailable, p.T("error.unavailable"), p.T("error.unavailable_help")
	case goalpost.EINVALID, goalpost.ECONFLICT:
		if status == 0 {
			status = http.StatusBadRequest
		}
		heading, detail = p.T("error.bad_request"), goalpost.ErrorMessageIn(err, i18n.FromRequest(r))
	default:
		status = http.StatusInternalServerError
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		if errors.Is(err, context.Canceled) {
			return
		}
	}
	p.Title = heading
	s.render(w, r, status, templates.ErrorPage(p, heading, detail))
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.renderError(w, r, goalpost.Errorf(goalpost.ENOTFOUND, "%s", r.URL.Path), 0)
}

func (s *Server) csrfFailed(w http.ResponseWriter, r *http.Request) {
	p := s.page(w, r, "")
	s.log.Warn("csrf check failed", "path", r.URL.Path, "reason", nosurf.Reason(r))
	s.render(w, r, http.StatusForbidden, templates.ErrorPage(p, p.T("error.forbidden"), p.T("error.csrf")))
}

// pathID reads a numeric id from the URL; anything else is a 404, not a 500.
func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(chiURLParam(r, name), 10, 64)
	if err != nil || id <= 0 {
		return 0, goalpost.Errorf(goalpost.ENOTFOUND, "%s", chiURLParam(r, name))
	}
	return id, nil
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
