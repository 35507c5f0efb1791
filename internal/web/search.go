package web

import (
	"errors"
	"net/http"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/postgres"
	"github.com/goalpost-civic/goalpost/templates"
)

// search answers /search?q=: plans, departments and targets whose text
// holds every term, targets with their status. Its queries do not grow
// with the number of targets found.
func (s *Server) search(w http.ResponseWriter, r *http.Request) {
	p := s.page(w, r, "")
	p.Title = p.T("search.title")
	v := templates.SearchView{Query: r.URL.Query().Get("q")}
	q, err := goalpost.ParseSearch(v.Query)
	switch {
	case errors.Is(err, goalpost.ErrSearchTooLong):
		v.Error = p.T("search.too_long", goalpost.MaxSearchRunes)
	case errors.Is(err, goalpost.ErrSearchTooMany):
		v.Error = p.T("search.too_many", goalpost.MaxSearchTerms)
	case err != nil:
		s.renderError(w, r, err, 0)
		return
	}
	if v.Error != "" {
		s.render(w, r, http.StatusBadRequest, templates.SearchPage(p, v))
		return
	}
	if !q.Empty() {
		p.Title = p.T("search.title_for", q.Text)
		res, err := s.store.Search(r.Context(), q)
		if err != nil {
			s.renderError(w, r, err, 0)
			return
		}
		v.Searched, v.Plans, v.Departments, v.TargetTotal = true, res.Plans, res.Departments, res.TargetTotal
		if len(res.TargetIDs) > 0 { // no IDs would mean every target
			ts, err := s.store.Targets(r.Context(), postgres.TargetFilter{IDs: res.TargetIDs})
			if err != nil {
				s.renderError(w, r, err, 0)
				return
			}
			byID := make(map[int64]*goalpost.Tracked, len(ts))
			for _, t := range ts {
				byID[t.ID] = t
			}
			for _, id := range res.TargetIDs { // best first, as found
				if t := byID[id]; t != nil {
					v.Targets = append(v.Targets, t)
				}
			}
			p.Sample = templates.AnySample(v.Targets)
		}
	}
	s.render(w, r, http.StatusOK, templates.SearchPage(p, v))
}
