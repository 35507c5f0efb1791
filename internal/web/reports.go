package web

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"
	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/i18n"
	"github.com/goalpost-civic/goalpost/internal/postgres"
	"github.com/goalpost-civic/goalpost/internal/report"
	"github.com/goalpost-civic/goalpost/templates"
)

// buildReport computes a plan's report for a month from the figures as
// known now: what publishing would freeze.
func (s *Server) buildReport(r *http.Request, plan goalpost.Plan, period string) (report.Report, error) {
	end, err := report.MonthEnd(period)
	if err != nil {
		return report.Report{}, err
	}
	prevEnd, _ := report.MonthEnd(report.PreviousMonth(period))
	now, err := s.store.Targets(r.Context(), postgres.TargetFilter{PlanID: plan.ID, AsOf: end})
	if err != nil {
		return report.Report{}, err
	}
	before, err := s.store.Targets(r.Context(), postgres.TargetFilter{PlanID: plan.ID, AsOf: prevEnd})
	if err != nil {
		return report.Report{}, err
	}
	rep := report.Build(plan, period, now, before)
	// The change is told against the previous bulletin as it was published,
	// when there is one, not against today's view of last month.
	if prev, err := s.store.Report(r.Context(), plan.Slug, report.PreviousMonth(period), 0); err == nil {
		var old report.Report
		if json.Unmarshal(prev.Content, &old) == nil {
			rep.Previous, rep.PreviousPublished = old.Counts, true
		}
	} else if goalpost.ErrorCode(err) != goalpost.ENOTFOUND {
		return report.Report{}, err
	}
	return rep, nil
}

func (s *Server) reportsIndex(w http.ResponseWriter, r *http.Request) {
	plan, err := s.store.Plan(r.Context(), chi.URLParam(r, "plan"))
	if err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	pageShows(r, plan.ID)
	list, err := s.store.Reports(r.Context(), plan.Slug)
	if err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	p := s.page(w, r, "")
	p.Title = p.T("report.list_title", plan.ShortTitle)
	s.render(w, r, http.StatusOK, templates.ReportsIndexPage(p, plan, list, goalpost.InZone(s.now()).AddDate(0, -1, 0).Format("2006-01")))
}

// reportShow shows a published report (the latest version, or ?version=),
// or to an administrator the draft that publishing would freeze.
func (s *Server) reportShow(w http.ResponseWriter, r *http.Request) {
	plan, err := s.store.Plan(r.Context(), chi.URLParam(r, "plan"))
	if err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	pageShows(r, plan.ID)
	period, xlsx := strings.CutSuffix(chi.URLParam(r, "period"), ".xlsx")
	if _, err := report.MonthEnd(period); err != nil {
		s.renderError(w, r, goalpost.Errorf(goalpost.ENOTFOUND, "%s", period), 0)
		return
	}
	version := 0
	if q := r.URL.Query().Get("version"); q != "" {
		// Versions are int in SQL; anything else names no version.
		n, err := strconv.ParseInt(q, 10, 32)
		if err != nil || n <= 0 {
			s.renderError(w, r, goalpost.Errorf(goalpost.EINVALID, "%s", i18n.FromRequest(r).T("error.bad_version")), 0)
			return
		}
		version = int(n)
	}
	v := templates.ReportView{Plan: plan}
	u := currentUser(r)
	published, err := s.store.Report(r.Context(), plan.Slug, period, version)
	if err != nil && goalpost.ErrorCode(err) != goalpost.ENOTFOUND {
		s.renderError(w, r, err, 0)
		return
	}
	if published != nil && r.URL.Query().Get("draft") == "" {
		if err := json.Unmarshal(published.Content, &v.Report); err != nil {
			s.renderError(w, r, err, 0)
			return
		}
		v.Published = published
	} else {
		// Unpublished, or a draft asked for: only administrators see drafts.
		if u == nil || u.Role != goalpost.UserAdmin {
			s.renderError(w, r, goalpost.Errorf(goalpost.ENOTFOUND, "%s", period), 0)
			return
		}
		if v.Report, err = s.buildReport(r, plan, period); err != nil {
			s.renderError(w, r, err, 0)
			return
		}
		v.Draft = true
	}
	if xlsx {
		var buf bytes.Buffer
		if err := v.Report.WriteXLSXIn(&buf, i18n.FromRequest(r)); err != nil {
			s.renderError(w, r, err, 0)
			return
		}
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		w.Header().Set("Content-Disposition", `attachment; filename="goalpost-report-`+plan.Slug+`-`+period+`.xlsx"`)
		_, _ = w.Write(buf.Bytes())
		return
	}
	p := s.page(w, r, "")
	p.Title = p.T("report.title", plan.ShortTitle, period)
	s.render(w, r, http.StatusOK, templates.ReportPage(p, v, s.sessions.PopString(r.Context(), sessionFlash)))
}

// reportPublish freezes the report as it stands now, as the next version.
func (s *Server) reportPublish(w http.ResponseWriter, r *http.Request) {
	admin := currentUser(r)
	plan, err := s.store.Plan(r.Context(), chi.URLParam(r, "plan"))
	if err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	period := chi.URLParam(r, "period")
	rep, err := s.buildReport(r, plan, period)
	if err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	version, err := s.store.PublishReport(r.Context(), admin, plan.Slug, period, rep, func(previous []byte) string {
		var old report.Report
		_ = json.Unmarshal(previous, &old)
		return report.Changes(old, rep)
	})
	if err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	s.sessions.Put(r.Context(), sessionFlash, s.page(w, r, "").T("report.published", version))
	http.Redirect(w, r, "/reports/"+plan.Slug+"/"+period, http.StatusSeeOther)
}
