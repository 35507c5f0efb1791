package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/postgres"
	"github.com/goalpost-civic/goalpost/templates"
)

// auditFilter reads the filter form; dates are whole days in China time.
func auditFilter(r *http.Request) (templates.AuditFilterForm, postgres.AuditFilter) {
	q := r.URL.Query()
	form := templates.AuditFilterForm{Entity: q.Get("entity"), Actor: q.Get("actor"), From: q.Get("from"), To: q.Get("to")}
	f := postgres.AuditFilter{Entity: form.Entity, Actor: form.Actor}
	if d, err := time.ParseInLocation("2006-01-02", form.From, goalpost.Zone()); err == nil {
		f.From = d
	} else if form.From != "" {
		form.Errors = append(form.Errors, form.From)
	}
	if d, err := time.ParseInLocation("2006-01-02", form.To, goalpost.Zone()); err == nil {
		f.To = d.AddDate(0, 0, 1)
	} else if form.To != "" {
		form.Errors = append(form.Errors, form.To)
	}
	f.TargetID, f.BeforeID = queryID(r, "target"), queryID(r, "before")
	return form, f
}

func (s *Server) auditShow(w http.ResponseWriter, r *http.Request) {
	form, f := auditFilter(r)
	entries, err := s.store.Audit(r.Context(), f)
	if err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	p := s.page(w, r, "")
	p.Title = p.T("audit.title")
	s.render(w, r, http.StatusOK, templates.AuditPage(p, form, entries, r.URL.Query()))
}

// auditCSV exports the filtered trail, all of it (in pages of 5,000 rows
// read one after another, so memory stays flat).
func (s *Server) auditCSV(w http.ResponseWriter, r *http.Request) {
	_, f := auditFilter(r)
	f.Limit = 5000
	cw := startCSV(w, "goalpost-audit.csv", []string{"id", "at", "actor", "address", "action", "entity", "entity_id", "target_id", "before", "after"})
	for {
		entries, err := s.store.Audit(r.Context(), f)
		if err != nil {
			s.log.Error("audit export", "err", err)
			return
		}
		for _, e := range entries {
			target := ""
			if e.TargetID != nil {
				target = strconv.FormatInt(*e.TargetID, 10)
			}
			_ = cw.Write([]string{strconv.FormatInt(e.ID, 10), e.At.In(goalpost.Zone()).Format(time.RFC3339), e.Actor, e.Address,
				e.Action, e.Entity, strconv.FormatInt(e.EntityID, 10), target, e.Before, e.After})
		}
		if len(entries) < f.Limit {
			break
		}
		f.BeforeID = entries[len(entries)-1].ID
	}
	cw.Flush()
}
