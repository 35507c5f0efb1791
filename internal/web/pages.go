package web

import (
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"
	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/i18n"
	"github.com/goalpost-civic/goalpost/internal/postgres"
	"github.com/goalpost-civic/goalpost/templates"
)

func chiURLParam(r *http.Request, name string) string { return chi.URLParam(r, name) }

// healthz answers 200 only when the database answers and accepts writes, so
// a load balancer takes a server off while its database is down or read-only.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	err := s.probe(r.Context())
	if err == nil {
		_, _ = w.Write([]byte("ok\n"))
		return
	}
	msg := "database unavailable\n"
	if postgres.ReadOnly(err) {
		msg = "database read-only\n"
	}
	w.Header().Set("Retry-After", retryAfter)
	w.WriteHeader(http.StatusServiceUnavailable)
	_, _ = w.Write([]byte(msg))
}

// PlansPerPage is how many plans the home page shows at once: its cost is
// that of the plans it shows (a province's thousand plans on one page took
// 5.8 s to assess; issue 10).
const PlansPerPage = 50

func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	plans, err := s.store.Plans(r.Context())
	if err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	pager := templates.Pager{Page: 1, Pages: max(1, (len(plans)+PlansPerPage-1)/PlansPerPage)}
	if q := r.URL.Query().Get("page"); q != "" {
		n, err := strconv.Atoi(q)
		if err != nil || n < 1 || n > pager.Pages {
			s.renderError(w, r, goalpost.Errorf(goalpost.ENOTFOUND, "%s", r.URL.String()), 0)
			return
		}
		pager.Page = n
	}
	plans = plans[(pager.Page-1)*PlansPerPage : min(len(plans), pager.Page*PlansPerPage)]
	var targets []*goalpost.Tracked
	if len(plans) > 0 { // an empty filter would be every target
		ids := make([]int64, len(plans))
		for i, p := range plans {
			ids[i] = p.ID
			// A page of plans is kept until one of its plans changes (or
			// a plan is added or removed, which is a change to all).
			pageShows(r, p.ID)
		}
		if targets, err = s.store.Targets(r.Context(), postgres.TargetFilter{PlanIDs: ids}); err != nil {
			s.renderError(w, r, err, 0)
			return
		}
	}
	cards := make([]templates.PlanCard, len(plans))
	index := map[int64]*templates.PlanCard{}
	for i, p := range plans {
		cards[i] = templates.PlanCard{Plan: p, Counts: map[goalpost.Status]int{}}
		index[p.ID] = &cards[i]
	}
	for _, t := range targets {
		c := index[t.PlanID]
		if t.Retired != nil {
			continue // withdrawn: in no roll-up
		}
		c.Total++
		c.Counts[t.Assessment.Status]++
		if t.Assessment.Status != goalpost.StatusNoData {
			c.Reported++
		}
	}
	p := s.page(w, r, "")
	p.Title = p.T("home.title")
	p.Sample = templates.AnySample(targets)
	p.SetData(targets...)
	s.render(w, r, http.StatusOK, templates.Home(p, cards, pager))
}

func (s *Server) planShow(w http.ResponseWriter, r *http.Request) {
	plan, err := s.store.Plan(r.Context(), chi.URLParam(r, "slug"))
	if err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	pageShows(r, plan.ID)
	q := r.URL.Query()
	f := templates.PlanFilter{Section: q.Get("section"), Department: q.Get("department"), Status: q.Get("status")}
	if f.Status != "" && !goalpost.Status(f.Status).Valid() {
		f.Status = "" // an unknown status filters nothing rather than erroring
	}
	known, err := s.asKnown(r)
	if err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	targets, err := s.store.Targets(r.Context(), postgres.TargetFilter{PlanID: plan.ID, Section: f.Section, Department: f.Department, Known: known})
	if err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	overview := templates.NewOverview(templates.Tally("", targets), "/plans/"+plan.Slug, q)
	if f.Status != "" {
		kept := targets[:0]
		for _, t := range targets {
			if string(t.Assessment.Status) == f.Status {
				kept = append(kept, t)
			}
		}
		targets = kept
	}
	sections, err := s.store.Sections(r.Context(), plan.ID)
	if err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	depts, err := s.store.PlanDepartments(r.Context(), plan.ID)
	if err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	v := templates.PlanView{Plan: plan, Sections: sections, Departments: depts, Filter: f,
		Groups: templates.GroupTargets(targets), Shown: len(targets), Overview: overview}
	p := s.page(w, r, plan.ShortTitle)
	p.Sample = templates.AnySample(targets)
	p.Known = known
	p.SetData(targets...)
	p.Feed = "/plans/" + plan.Slug + "/feed.atom"
	p.Description = p.T("meta.plan", plan.Title, len(targets))
	s.render(w, r, http.StatusOK, templates.PlanPage(p, v))
}

func (s *Server) targetShow(w http.ResponseWriter, r *http.Request) {
	form := templates.FigureForm{Saved: s.sessions.PopString(r.Context(), sessionFlash)}
	if u := currentUser(r); u != nil {
		// A saved draft fills the form in again.
		if id, err := pathID(r, "id"); err == nil {
			drafts, err := s.store.Drafts(r.Context(), u.ID, id)
			if err != nil {
				s.renderError(w, r, err, 0)
				return
			}
			if len(drafts) == 1 {
				saved := form.Saved
				form = templates.FormFromFields(drafts[0].Fields)
				form.Saved, form.DraftSavedAt = saved, drafts[0].SavedAt
			}
		}
	}
	s.renderTarget(w, r, http.StatusOK, form)
}

// renderTarget shows the target page, with the figure form as given (so a
// rejected form keeps what was typed).
func (s *Server) renderTarget(w http.ResponseWriter, r *http.Request, status int, form templates.FigureForm) {
	id, err := pathID(r, "id")
	if err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	known, err := s.asKnown(r)
	if err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	t, err := s.store.TargetAt(r.Context(), postgres.TargetFilter{ID: id, Known: known})
	if err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	pageShows(r, t.PlanID)
	u := currentUser(r)
	// The target's own officials also see what waits for review or was
	// returned, and its history.
	// As the public saw it: published figures only, whoever asks.
	unpublished := u.CanSeeUnpublished(&t.Target) && known.IsZero()
	figures, err := s.store.FiguresKnown(r.Context(), id, unpublished, known)
	if err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	figureIDs := make([]int64, len(figures))
	for i, f := range figures {
		figureIDs[i] = f.ID
	}
	attachments, err := s.store.Attachments(r.Context(), figureIDs)
	if err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	history, err := s.store.History(r.Context(), id, unpublished)
	if err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	chart := templates.NewChart(&t.Target, figures)
	chart.Project(t.Assessment.Projected, t.Unit)
	if r.Method == http.MethodGet && form.Period == "" && u.CanEnterFigures(&t.Target) {
		// A fresh form starts at the period due (issue 9).
		if due, by, ok := goalpost.PeriodDue(&t.Target, figures, s.now()); ok {
			form.Period = due.Label
			form.PeriodDue = i18n.FromRequest(r).T("form.period_due", due.Label, templates.Date(by))
		}
	}
	v := templates.TargetView{Target: t, Figures: figures, History: history, Attachments: attachments,
		Chart: chart, CanEnter: u.CanEnterFigures(&t.Target), CanReview: u.CanReview(&t.Target),
		Form:          form,
		OverrideSaved: s.sessions.PopString(r.Context(), sessionOverrideSaved),
		OverrideError: s.sessions.PopString(r.Context(), sessionOverrideError)}.WithCurrent()
	p := s.page(w, r, t.Title)
	if p.Lang == i18n.English && t.TitleEN != "" {
		p.Title = t.TitleEN
	}
	p.Sample = t.Summary.Sample
	p.Known = known
	p.SetData(t)
	p.Description = p.T("meta.target", p.GoalText(&t.Target), p.StatusLabel(t.Assessment.Status), p.CurrentText(t))
	s.render(w, r, status, templates.TargetPage(p, v))
}

func (s *Server) departmentShow(w http.ResponseWriter, r *http.Request) {
	d, err := s.store.Department(r.Context(), chi.URLParam(r, "slug"))
	if err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	targets, err := s.store.Targets(r.Context(), postgres.TargetFilter{Department: d.Slug})
	if err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	p := s.page(w, r, d.Name)
	p.Sample = templates.AnySample(targets)
	p.SetData(targets...)
	p.Feed = "/departments/" + d.Slug + "/feed.atom"
	p.Description = p.T("meta.department", d.Name, len(targets))
	s.render(w, r, http.StatusOK, templates.DepartmentPage(p, templates.DepartmentView{Department: d, Targets: targets,
		KeepsLedger: canKeepLedger(currentUser(r), d), Flash: s.sessions.PopString(r.Context(), sessionFlash)}))
}

func (s *Server) methodology(w http.ResponseWriter, r *http.Request) {
	rules, err := s.store.Rules(r.Context())
	if err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	p := s.page(w, r, "")
	p.Title = p.T("method.title")
	s.render(w, r, http.StatusOK, templates.MethodologyPage(p, rules))
}
