package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/i18n"
	"github.com/goalpost-civic/goalpost/internal/numparse"
	"github.com/goalpost-civic/goalpost/internal/postgres"
	"github.com/goalpost-civic/goalpost/templates"
)

// editDepartments are the departments u enters figures for.
func editDepartments(u *goalpost.User) []int64 {
	var ids []int64
	for _, m := range u.Departments {
		if m.CanEdit {
			ids = append(ids, m.ID)
		}
	}
	return ids
}

// workShow is an official's "my work": what was returned, what is overdue,
// what falls due soon, what waits for their review, and their targets with
// their schedules.
func (s *Server) workShow(w http.ResponseWriter, r *http.Request) {
	u := s.signedIn(w, r)
	if u == nil {
		return
	}
	v := templates.WorkView{Today: s.now()}
	depts := editDepartments(u)
	if len(depts) > 0 || u.Role == goalpost.UserAdmin {
		targets, err := s.store.Targets(r.Context(), postgres.TargetFilter{DepartmentIDs: depts})
		if err != nil {
			s.renderError(w, r, err, 0)
			return
		}
		ids := make([]int64, len(targets))
		for i, t := range targets {
			ids[i] = t.ID
		}
		latest, err := s.store.LatestFigures(r.Context(), ids)
		if err != nil {
			s.renderError(w, r, err, 0)
			return
		}
		v.Targets = targets
		v.Items = goalpost.Agenda(targets, latest, goalpost.Today(s.now()))
	}
	drafts, err := s.store.Drafts(r.Context(), u.ID, 0)
	if err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	v.Drafts = drafts
	if u.ReviewsAnything() {
		queue, err := s.store.ReviewQueue(r.Context(), u)
		if err != nil {
			s.renderError(w, r, err, 0)
			return
		}
		v.ToReview = len(queue)
	}
	p := s.page(w, r, "")
	p.Title = p.T("work.title")
	s.render(w, r, http.StatusOK, templates.WorkPage(p, v))
}

// scheduleSet lets an administrator change when a target's figures are due.
func (s *Server) scheduleSet(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	id, err := pathID(r, "id")
	if err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	due, _ := strconv.Atoi(r.PostFormValue("due_day"))
	err = s.store.SetSchedule(r.Context(), u, id, goalpost.Schedule{Cadence: goalpost.Cadence(r.PostFormValue("cadence")), DueDay: due})
	if err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	s.sessions.Put(r.Context(), sessionFlash, i18n.FromRequest(r).T("schedule.saved"))
	http.Redirect(w, r, "/targets/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}

// Session keys of the override form's outcome, shown once beside the status.
const (
	sessionOverrideSaved = "override_saved"
	sessionOverrideError = "override_error"
)

// overrideSet records a reviewer's judgement of a target's status.
func (s *Server) overrideSet(w http.ResponseWriter, r *http.Request) {
	u := s.signedIn(w, r)
	if u == nil {
		return
	}
	id, err := pathID(r, "id")
	if err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	// The outcome is shown beside the status (the override form's place),
	// not in the figure form, which a reviewer who does not enter figures
	// never sees.
	err = s.store.SetOverride(r.Context(), u, id, goalpost.Status(r.PostFormValue("status")), r.PostFormValue("reason"))
	if code := goalpost.ErrorCode(err); code == goalpost.EINVALID {
		s.sessions.Put(r.Context(), sessionOverrideError, goalpost.ErrorMessageIn(err, i18n.FromRequest(r)))
	} else if err != nil {
		s.renderError(w, r, err, 0)
		return
	} else {
		s.sessions.Put(r.Context(), sessionOverrideSaved, i18n.FromRequest(r).T("override.saved"))
	}
	http.Redirect(w, r, "/targets/"+strconv.FormatInt(id, 10)+"#status", http.StatusSeeOther)
}

// rulesSet changes the instance's status thresholds.
func (s *Server) rulesSet(w http.ResponseWriter, r *http.Request) {
	admin := currentUser(r)
	onTrack, err1 := strconv.ParseFloat(r.PostFormValue("on_track_lag"), 64)
	atRisk, err2 := strconv.ParseFloat(r.PostFormValue("at_risk_lag"), 64)
	var err error
	if err1 != nil || err2 != nil {
		err = goalpost.E(goalpost.EINVALID, "err.thresholds")
	} else {
		err = s.store.SetRules(r.Context(), admin, goalpost.Rules{OnTrackLag: onTrack, AtRiskLag: atRisk})
	}
	s.adminDone(w, r, "/admin/plans", err, "rules.saved")
}

// baselineSet lets an administrator give a baseline the document lacks,
// read in the target's unit like any figure; an empty value clears it.
func (s *Server) baselineSet(w http.ResponseWriter, r *http.Request) {
	admin := currentUser(r)
	id, err := pathID(r, "id")
	if err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	t, err := s.store.Target(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	var value *float64
	var date time.Time
	if text := strings.TrimSpace(r.PostFormValue("value")); text != "" {
		v, perr := numparse.Parse(text, t.Unit)
		if perr != nil {
			err = goalpost.Errorf(goalpost.EINVALID, "%s", perr.(*numparse.Error).Message(string(i18n.FromRequest(r))))
		}
		value = &v
		if d, derr := time.Parse("2006-01-02", r.PostFormValue("date")); derr == nil {
			date = d
		}
	}
	if err == nil {
		err = s.store.SetBaseline(r.Context(), admin, id, value, date, r.PostFormValue("text"))
	}
	switch goalpost.ErrorCode(err) {
	case "":
		s.sessions.Put(r.Context(), sessionFlash, i18n.FromRequest(r).T("baseline.saved"))
	case goalpost.EINVALID, goalpost.ECONFLICT:
		s.sessions.Put(r.Context(), sessionFlash, goalpost.ErrorMessageIn(err, i18n.FromRequest(r)))
	default:
		s.renderError(w, r, err, 0)
		return
	}
	http.Redirect(w, r, "/targets/"+strconv.FormatInt(id, 10)+"#report", http.StatusSeeOther)
}
