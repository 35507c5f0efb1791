package web

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/i18n"
	"github.com/goalpost-civic/goalpost/internal/planfile"
	"github.com/goalpost-civic/goalpost/internal/postgres"
	"github.com/goalpost-civic/goalpost/templates"
)

// The plan editor. Every change is made to the plan as a plan file and
// stored by the storage's EditPlan, which validates it whole with the
// rules of plan files (goalpost.ValidatePlan, goalpost.ValidateTarget) and
// writes it through the import's path in one transaction. Forms are checked
// with the same domain functions first, so their problems show next to the
// field, with what was typed kept.

// planDownload sends the plan as a plan file; importing it changes nothing.
func (s *Server) planDownload(w http.ResponseWriter, r *http.Request) {
	f, err := s.store.PlanFile(r.Context(), chi.URLParam(r, "slug"))
	if err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	var buf bytes.Buffer
	if err := planfile.Write(&buf, f); err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	w.Header().Set("Content-Type", "application/yaml; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+f.Slug+`.yaml"`)
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(buf.Bytes())
}

func (s *Server) planNewShow(w http.ResponseWriter, r *http.Request) {
	p := s.page(w, r, "")
	p.Title = p.T("editor.new_plan")
	s.render(w, r, http.StatusOK, templates.PlanNewPage(p, templates.PlanForm{RequiresReview: true, Errors: templates.FieldErrors{}}))
}

// readPlanForm reads the plan's fields into f, returning the form as typed
// with the problems of its dates.
func readPlanForm(r *http.Request, f *planfile.File, isNew bool) templates.PlanForm {
	v := func(name string) string { return strings.TrimSpace(r.PostFormValue(name)) }
	form := templates.PlanForm{Slug: v("slug"), Title: v("title"), ShortTitle: v("short_title"), Issuer: v("issuer"),
		IssuedOn: v("issued_on"), PeriodStart: v("period_start"), PeriodEnd: v("period_end"), Source: v("source"),
		RequiresReview: r.PostFormValue("requires_review") != "false", Errors: templates.FieldErrors{}}
	if isNew {
		f.Slug = form.Slug
		if !form.RequiresReview {
			f.RequiresReview = new(bool)
		}
	}
	f.Title, f.ShortTitle, f.Issuer, f.Source = form.Title, form.ShortTitle, form.Issuer, form.Source
	f.IssuedOn = nil
	if form.IssuedOn != "" {
		if d, ok := parseDate(form.IssuedOn); ok {
			f.IssuedOn = &d
		} else {
			form.Errors.Add("issued_on", i18n.FromRequest(r).T("editor.bad_date"))
		}
	}
	f.PeriodStart, _ = parseDate(form.PeriodStart)
	f.PeriodEnd, _ = parseDate(form.PeriodEnd)
	for _, p := range goalpost.ValidatePlan(f.Plan()) {
		form.Errors.Add(p.Field, p.In(i18n.FromRequest(r)))
	}
	return form
}

func parseDate(s string) (planfile.Date, bool) {
	t, err := time.Parse("2006-01-02", strings.TrimSpace(s))
	return planfile.Date{Time: t}, err == nil
}

func (s *Server) planNewCreate(w http.ResponseWriter, r *http.Request) {
	admin := currentUser(r)
	f := &planfile.File{}
	form := readPlanForm(r, f, true)
	if len(form.Errors) == 0 {
		err := s.store.CreatePlan(r.Context(), admin, f)
		switch goalpost.ErrorCode(err) {
		case "":
			s.sessions.Put(r.Context(), sessionFlash, i18n.FromRequest(r).T("editor.plan_created", f.ShortTitle))
			http.Redirect(w, r, "/admin/plans/"+f.Slug+"/edit", http.StatusSeeOther)
			return
		case goalpost.EINVALID, goalpost.ECONFLICT:
			form.Errors.Add("slug", goalpost.ErrorMessageIn(err, i18n.FromRequest(r)))
		default:
			s.renderError(w, r, err, 0)
			return
		}
	}
	p := s.page(w, r, "")
	p.Title = p.T("editor.new_plan")
	s.render(w, r, http.StatusUnprocessableEntity, templates.PlanNewPage(p, form))
}

// planEditShow is the editor's page for a plan.
func (s *Server) planEditShow(w http.ResponseWriter, r *http.Request) {
	f, err := s.store.PlanFile(r.Context(), chi.URLParam(r, "slug"))
	if err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	meta := templates.PlanFormOf(f)
	meta.Errors = templates.FieldErrors{}
	s.renderPlanEdit(w, r, http.StatusOK, f, meta)
}

func (s *Server) renderPlanEdit(w http.ResponseWriter, r *http.Request, status int, f *planfile.File, meta templates.PlanForm) {
	depts, err := s.store.Departments(r.Context())
	if err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	p := s.page(w, r, "")
	p.Title = p.T("editor.edit_plan", f.ShortTitle)
	s.render(w, r, status, templates.PlanEditPage(p, templates.PlanEditView{File: f, Meta: meta, Departments: depts,
		Flash: s.sessions.PopString(r.Context(), sessionFlash)}))
}

// planEditSave changes the plan's own fields (not its slug).
func (s *Server) planEditSave(w http.ResponseWriter, r *http.Request) {
	slug := chi.URLParam(r, "slug")
	var form templates.PlanForm
	var shown *planfile.File
	_, err := s.store.EditPlan(r.Context(), currentUser(r), slug, func(f *planfile.File) error {
		form = readPlanForm(r, f, false)
		form.Slug, shown = slug, f
		if len(form.Errors) > 0 {
			return errFormInvalid
		}
		return nil
	})
	if err == errFormInvalid || goalpost.ErrorCode(err) == goalpost.EINVALID {
		if err != errFormInvalid {
			form.Problems = append(form.Problems, goalpost.ErrorMessageIn(err, i18n.FromRequest(r)))
		}
		s.renderPlanEdit(w, r, http.StatusUnprocessableEntity, shown, form)
		return
	}
	s.editDone(w, r, slug, err, "editor.saved")
}

// errFormInvalid stops an edit whose form has problems; nothing is written.
var errFormInvalid = goalpost.Errorf(goalpost.EINVALID, "form invalid")

// editDone goes back to the plan's editor page, saying what happened.
func (s *Server) editDone(w http.ResponseWriter, r *http.Request, slug string, err error, okKey string) {
	s.adminDone(w, r, "/admin/plans/"+slug+"/edit", err, okKey)
}

// sectionAdd adds a section at the end.
func (s *Server) sectionAdd(w http.ResponseWriter, r *http.Request) {
	slug := chi.URLParam(r, "slug")
	_, err := s.store.EditPlan(r.Context(), currentUser(r), slug, func(f *planfile.File) error {
		key := strings.TrimSpace(r.PostFormValue("key"))
		for _, x := range f.Sections {
			if x.Key == key {
				return goalpost.E(goalpost.EINVALID, "err.section_duplicate", key)
			}
		}
		f.Sections = append(f.Sections, planfile.Section{Key: key, Title: strings.TrimSpace(r.PostFormValue("title"))})
		return nil
	})
	s.editDone(w, r, slug, err, "editor.saved")
}

// sectionSave renames a section (its key and title), moves it up or down,
// or deletes it when it holds nothing.
func (s *Server) sectionSave(w http.ResponseWriter, r *http.Request) {
	slug := chi.URLParam(r, "slug")
	i, convErr := strconv.Atoi(chi.URLParam(r, "index"))
	_, err := s.store.EditPlan(r.Context(), currentUser(r), slug, func(f *planfile.File) error {
		if convErr != nil || i < 0 || i >= len(f.Sections) {
			return goalpost.E(goalpost.ENOTFOUND, "err.section_missing")
		}
		switch r.PostFormValue("action") {
		case "up":
			if i > 0 {
				f.Sections[i-1], f.Sections[i] = f.Sections[i], f.Sections[i-1]
			}
		case "down":
			if i < len(f.Sections)-1 {
				f.Sections[i+1], f.Sections[i] = f.Sections[i], f.Sections[i+1]
			}
		case "delete":
			if len(f.Sections[i].Targets) > 0 || len(f.Sections[i].Tasks) > 0 {
				return goalpost.E(goalpost.ECONFLICT, "err.section_not_empty", f.Sections[i].Key)
			}
			f.Sections = append(f.Sections[:i], f.Sections[i+1:]...)
		default:
			f.Sections[i].Key = strings.TrimSpace(r.PostFormValue("key"))
			f.Sections[i].Title = strings.TrimSpace(r.PostFormValue("title"))
		}
		return nil
	})
	s.editDone(w, r, slug, err, "editor.saved")
}

// taskAdd adds a numbered task at the end of a section.
func (s *Server) taskAdd(w http.ResponseWriter, r *http.Request) {
	slug := chi.URLParam(r, "slug")
	_, err := s.store.EditPlan(r.Context(), currentUser(r), slug, func(f *planfile.File) error {
		number, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue("number")))
		if err != nil || number <= 0 {
			return goalpost.E(goalpost.EINVALID, "err.task_number")
		}
		for i := range f.Sections {
			if f.Sections[i].Key == r.PostFormValue("section") {
				f.Sections[i].Tasks = append(f.Sections[i].Tasks, planfile.Task{Number: number, Title: strings.TrimSpace(r.PostFormValue("title"))})
				return nil
			}
		}
		return goalpost.E(goalpost.ENOTFOUND, "err.section_missing")
	})
	s.editDone(w, r, slug, err, "editor.saved")
}

// taskSave renumbers or renames a task and sets its lead and responsible
// units, or deletes it when it holds no target.
func (s *Server) taskSave(w http.ResponseWriter, r *http.Request) {
	slug := chi.URLParam(r, "slug")
	old, convErr := strconv.Atoi(chi.URLParam(r, "number"))
	_, err := s.store.EditPlan(r.Context(), currentUser(r), slug, func(f *planfile.File) error {
		for i := range f.Sections {
			sec := &f.Sections[i]
			for j := range sec.Tasks {
				k := &sec.Tasks[j]
				if convErr != nil || k.Number != old {
					continue
				}
				if r.PostFormValue("action") == "delete" {
					if len(k.Targets) > 0 {
						return goalpost.E(goalpost.ECONFLICT, "err.task_not_empty", old)
					}
					sec.Tasks = append(sec.Tasks[:j], sec.Tasks[j+1:]...)
					return clearRelated(f, old)
				}
				number, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue("number")))
				if err != nil || number <= 0 {
					return goalpost.E(goalpost.EINVALID, "err.task_number")
				}
				k.Number, k.Title = number, strings.TrimSpace(r.PostFormValue("title"))
				k.Lead, k.Responsible = r.PostForm["lead"], r.PostForm["responsible"]
				renumberRelated(f, old, number)
				return nil
			}
		}
		return goalpost.E(goalpost.ENOTFOUND, "err.not_found", i18n.M("noun.task"), chi.URLParam(r, "number"))
	})
	s.editDone(w, r, slug, err, "editor.saved")
}

// renumberRelated keeps targets outside the tasks pointing at a renumbered task.
func renumberRelated(f *planfile.File, from, to int) {
	for i := range f.Sections {
		for j := range f.Sections[i].Targets {
			if t := &f.Sections[i].Targets[j]; t.RelatedTask == from {
				t.RelatedTask = to
			}
		}
	}
}

// clearRelated refuses to delete a task that targets outside the tasks answer through.
func clearRelated(f *planfile.File, number int) error {
	for _, s := range f.Sections {
		for _, t := range s.Targets {
			if t.RelatedTask == number {
				return goalpost.E(goalpost.ECONFLICT, "err.task_units_used", t.Title, number)
			}
		}
	}
	return nil
}

// locateTarget finds the target keyed key: its section, task (nil in the
// section itself) and index.
func locateTarget(f *planfile.File, key string) (sec *planfile.Section, task *planfile.Task, i int) {
	for si := range f.Sections {
		s := &f.Sections[si]
		for j := range s.Targets {
			if s.Targets[j].Key == key {
				return s, nil, j
			}
		}
		for ki := range s.Tasks {
			for j := range s.Tasks[ki].Targets {
				if s.Tasks[ki].Targets[j].Key == key {
					return s, &s.Tasks[ki], j
				}
			}
		}
	}
	return nil, nil, -1
}

func placeOf(sec *planfile.Section, task *planfile.Task) string {
	if task != nil {
		return "t:" + strconv.Itoa(task.Number)
	}
	return "s:" + sec.Key
}

// removeTarget takes the target keyed key out of f, returning it.
func removeTarget(f *planfile.File, key string) (planfile.Target, bool) {
	sec, task, i := locateTarget(f, key)
	switch {
	case sec == nil:
		return planfile.Target{}, false
	case task != nil:
		t := task.Targets[i]
		task.Targets = append(task.Targets[:i], task.Targets[i+1:]...)
		return t, true
	}
	t := sec.Targets[i]
	sec.Targets = append(sec.Targets[:i], sec.Targets[i+1:]...)
	return t, true
}

// targetEditShow shows the target form, filled in ("new" for an empty one).
func (s *Server) targetEditShow(w http.ResponseWriter, r *http.Request) {
	f, err := s.store.PlanFile(r.Context(), chi.URLParam(r, "slug"))
	if err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	key := chi.URLParam(r, "key")
	var form templates.TargetForm
	if key == "" {
		form = templates.TargetForm{New: true, Kind: string(goalpost.KindLevel), Comparator: string(goalpost.AtLeast),
			Cadence: string(goalpost.Annual), DueDay: "15", Deadline: templates.PlanFormOf(f).PeriodEnd}
		if len(f.Sections) > 0 {
			form.Place = "s:" + f.Sections[0].Key
		}
	} else {
		sec, task, i := locateTarget(f, key)
		if sec == nil {
			s.renderError(w, r, goalpost.E(goalpost.ENOTFOUND, "err.not_found", i18n.M("noun.target"), key), 0)
			return
		}
		t := sec.Targets
		if task != nil {
			t = task.Targets
		}
		form = templates.TargetFormOf(t[i], placeOf(sec, task))
	}
	form.Errors = templates.FieldErrors{}
	if msg := s.sessions.PopString(r.Context(), sessionFlash); msg != "" {
		form.Problems = append(form.Problems, msg)
	}
	s.renderTargetEdit(w, r, http.StatusOK, f, form)
}

func (s *Server) renderTargetEdit(w http.ResponseWriter, r *http.Request, status int, f *planfile.File, form templates.TargetForm) {
	v := templates.TargetEditView{Plan: f, Form: form}
	if !form.New {
		if ts, err := s.store.Targets(r.Context(), postgres.TargetFilter{Plan: f.Slug}); err == nil {
			for _, t := range ts {
				if t.Key == form.Key {
					v.ID = t.ID
				}
			}
		}
	}
	p := s.page(w, r, "")
	p.Title = p.T("editor.new_target")
	if !form.New {
		p.Title = form.Title
	}
	s.render(w, r, status, templates.TargetEditPage(p, v))
}

// readTargetForm reads the target form into a plan file target, checking
// it with the domain's rules; problems go to the field they concern.
func readTargetForm(r *http.Request, f *planfile.File, old *planfile.Target) (planfile.Target, string, templates.TargetForm) {
	v := func(name string) string { return strings.TrimSpace(r.PostFormValue(name)) }
	form := templates.TargetForm{Key: v("key"), Title: v("title"), TitleEN: v("title_en"), Kind: v("kind"), Comparator: v("comparator"),
		Value: v("value"), Unit: v("unit"), Deadline: v("deadline"), Approximate: r.PostFormValue("approximate") == "true",
		Aspirational: r.PostFormValue("aspirational") == "true", Place: v("place"), RelatedTask: v("related_task"),
		BaselineValue: v("baseline_value"), BaselineDate: v("baseline_date"), BaselineText: v("baseline_text"),
		SourceText: v("source_text"), Notes: v("notes"), Cadence: v("cadence"), DueDay: v("due_day"),
		New: old == nil, Errors: templates.FieldErrors{}}
	t := planfile.Target{Key: form.Key, Title: form.Title, TitleEN: form.TitleEN, Kind: form.Kind, Comparator: form.Comparator, Unit: form.Unit,
		Approximate: form.Approximate, Aspirational: form.Aspirational, SourceText: form.SourceText, Notes: form.Notes,
		Cadence: form.Cadence}
	if old != nil {
		t.Key, form.Key, t.Retired = old.Key, old.Key, old.Retired
		if old.Retired != nil {
			form.Retired = old.Retired.Reason
		}
	}
	number := func(field, text string) *float64 {
		if text == "" {
			return nil
		}
		x, err := strconv.ParseFloat(strings.ReplaceAll(text, ",", ""), 64)
		if err != nil {
			form.Errors.Add(field, i18n.FromRequest(r).T("editor.not_number", text))
			return nil
		}
		return &x
	}
	t.Value = number("value", form.Value)
	if form.Deadline != "" {
		var ok bool
		if t.Deadline, ok = parseDate(form.Deadline); !ok {
			form.Errors.Add("deadline", i18n.FromRequest(r).T("editor.bad_date"))
		}
	}
	if form.DueDay != "" {
		if d, err := strconv.Atoi(form.DueDay); err == nil {
			t.DueDay = d
		} else {
			form.Errors.Add("schedule", i18n.FromRequest(r).T("editor.bad_due_day"))
		}
	}
	if form.BaselineValue != "" || form.BaselineDate != "" || form.BaselineText != "" {
		b := &planfile.Baseline{Value: number("baseline", form.BaselineValue), Text: form.BaselineText}
		b.Date, _ = parseDate(form.BaselineDate)
		t.Baseline = b
	}
	task := 0
	if n, ok := strings.CutPrefix(form.Place, "t:"); ok {
		task, _ = strconv.Atoi(n)
	}
	if form.RelatedTask != "" {
		t.RelatedTask, _ = strconv.Atoi(form.RelatedTask)
	}
	for _, p := range goalpost.ValidateTarget(t.Domain(task), f.Plan()) {
		if _, seen := form.Errors[p.Field]; p.Field == "value" && seen {
			continue // "not a number" says it already
		}
		form.Errors.Add(p.Field, p.In(i18n.FromRequest(r)))
	}
	if old == nil {
		if sec, _, _ := locateTarget(f, t.Key); sec != nil {
			form.Errors.Add("key", i18n.FromRequest(r).T("editor.duplicate_key", t.Key))
		}
	}
	return t, form.Place, form
}

// placeTarget puts t at place ("s:KEY" or "t:N") in f, at the end.
func placeTarget(f *planfile.File, place string, t planfile.Target) bool {
	for i := range f.Sections {
		s := &f.Sections[i]
		if place == "s:"+s.Key {
			s.Targets = append(s.Targets, t)
			return true
		}
		for j := range s.Tasks {
			if place == "t:"+strconv.Itoa(s.Tasks[j].Number) {
				s.Tasks[j].Targets = append(s.Tasks[j].Targets, t)
				return true
			}
		}
	}
	return false
}

// targetSave stores the target form: a new target, or every field of an
// existing one (its key stays: it is how figures stay attached). A target
// that stays where it is keeps its place in the document.
func (s *Server) targetSave(w http.ResponseWriter, r *http.Request) {
	slug, key := chi.URLParam(r, "slug"), chi.URLParam(r, "key")
	var form templates.TargetForm
	var shown *planfile.File
	_, err := s.store.EditPlan(r.Context(), currentUser(r), slug, func(f *planfile.File) error {
		var old *planfile.Target
		oldPlace := ""
		if key != "" {
			sec, task, i := locateTarget(f, key)
			if sec == nil {
				return goalpost.E(goalpost.ENOTFOUND, "err.not_found", i18n.M("noun.target"), key)
			}
			list := sec.Targets
			if task != nil {
				list = task.Targets
			}
			o := list[i]
			old, oldPlace = &o, placeOf(sec, task)
		}
		shown = f
		var t planfile.Target
		var place string
		t, place, form = readTargetForm(r, f, old)
		if len(form.Errors) > 0 {
			return errFormInvalid
		}
		if old != nil && place == oldPlace {
			sec, task, i := locateTarget(f, key)
			if task != nil {
				task.Targets[i] = t
			} else {
				sec.Targets[i] = t
			}
			return nil
		}
		if old != nil {
			removeTarget(f, key)
		}
		if !placeTarget(f, place, t) {
			form.Errors.Add("place", i18n.FromRequest(r).T("editor.choose_place"))
			return errFormInvalid
		}
		return nil
	})
	switch {
	case err == errFormInvalid:
		s.renderTargetEdit(w, r, http.StatusUnprocessableEntity, shown, form)
		return
	case goalpost.ErrorCode(err) == goalpost.EINVALID && shown != nil:
		form.Problems = append(form.Problems, goalpost.ErrorMessageIn(err, i18n.FromRequest(r)))
		s.renderTargetEdit(w, r, http.StatusUnprocessableEntity, shown, form)
		return
	case err != nil:
		s.editDone(w, r, slug, err, "")
		return
	}
	s.sessions.Put(r.Context(), sessionFlash, i18n.FromRequest(r).T("editor.saved"))
	http.Redirect(w, r, "/admin/plans/"+slug+"/edit", http.StatusSeeOther)
}

// targetRetire withdraws a target with a reason: it keeps its figures and
// history, stays visible as retired and takes no new figures.
func (s *Server) targetRetire(w http.ResponseWriter, r *http.Request) {
	slug, key := chi.URLParam(r, "slug"), chi.URLParam(r, "key")
	_, err := s.store.EditPlan(r.Context(), currentUser(r), slug, func(f *planfile.File) error {
		sec, task, i := locateTarget(f, key)
		if sec == nil {
			return goalpost.E(goalpost.ENOTFOUND, "err.not_found", i18n.M("noun.target"), key)
		}
		list := sec.Targets
		if task != nil {
			list = task.Targets
		}
		list[i].Retired = &planfile.Retired{Reason: strings.TrimSpace(r.PostFormValue("reason"))}
		return nil
	})
	s.targetDone(w, r, slug, key, err, "editor.retired")
}

// targetDelete deletes a target that has no figures; one with figures is
// refused, with the advice to retire it.
func (s *Server) targetDelete(w http.ResponseWriter, r *http.Request) {
	slug, key := chi.URLParam(r, "slug"), chi.URLParam(r, "key")
	_, err := s.store.EditPlan(r.Context(), currentUser(r), slug, func(f *planfile.File) error {
		if _, ok := removeTarget(f, key); !ok {
			return goalpost.E(goalpost.ENOTFOUND, "err.not_found", i18n.M("noun.target"), key)
		}
		return nil
	})
	if err == nil {
		s.editDone(w, r, slug, nil, "editor.deleted")
		return
	}
	s.targetDone(w, r, slug, key, err, "")
}

// targetDone goes back to the target's editor page, saying what happened.
func (s *Server) targetDone(w http.ResponseWriter, r *http.Request, slug, key string, err error, okKey string) {
	s.adminDone(w, r, "/admin/plans/"+slug+"/targets/"+key, err, okKey)
}
