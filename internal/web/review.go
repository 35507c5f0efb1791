package web

import (
	"fmt"
	"net/http"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/i18n"
	"github.com/goalpost-civic/goalpost/templates"
)

// reviewQueue lists the figures waiting for the signed-in reviewer.
func (s *Server) reviewQueue(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	if u == nil {
		http.Redirect(w, r, "/login?next=/review", http.StatusSeeOther)
		return
	}
	if !u.ReviewsAnything() {
		s.renderError(w, r, goalpost.Errorf(goalpost.EFORBIDDEN, "%s", i18n.FromRequest(r).T("review.not_reviewer")), 0)
		return
	}
	items, err := s.store.ReviewQueue(r.Context(), u)
	if err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	ids := make([]int64, len(items))
	for i, it := range items {
		ids[i] = it.Figure.ID
	}
	evidence, err := s.store.Attachments(r.Context(), ids)
	if err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	p := s.page(w, r, "")
	p.Title = p.T("review.title")
	s.render(w, r, http.StatusOK, templates.ReviewPage(p, items, evidence, s.sessions.PopString(r.Context(), sessionFlash)))
}

func (s *Server) figureApprove(w http.ResponseWriter, r *http.Request) { s.decide(w, r, true) }
func (s *Server) figureReturn(w http.ResponseWriter, r *http.Request)  { s.decide(w, r, false) }

// decide records a reviewer's decision from the queue and goes back to it,
// saying what happened (or why nothing did).
func (s *Server) decide(w http.ResponseWriter, r *http.Request, approve bool) {
	u := currentUser(r)
	if u == nil {
		s.renderError(w, r, goalpost.Errorf(goalpost.EUNAUTHORIZED, "%s", i18n.FromRequest(r).T("form.sign_in_first")), 0)
		return
	}
	id, err := pathID(r, "id")
	if err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	fig, err := s.store.Decide(r.Context(), u, id, approve, r.PostFormValue("reason"))
	lang := i18n.FromRequest(r)
	switch goalpost.ErrorCode(err) {
	case "":
		key := "review.approved"
		if !approve {
			key = "review.returned"
		}
		s.sessions.Put(r.Context(), sessionFlash, lang.T(key, fig.Period.Label, fmt.Sprint(fig.Revision)))
	case goalpost.EINVALID, goalpost.ECONFLICT:
		s.sessions.Put(r.Context(), sessionFlash, goalpost.ErrorMessageIn(err, i18n.FromRequest(r)))
	default:
		s.renderError(w, r, err, 0)
		return
	}
	http.Redirect(w, r, "/review", http.StatusSeeOther)
}
