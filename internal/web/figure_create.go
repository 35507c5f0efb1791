package web

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/i18n"
	"github.com/goalpost-civic/goalpost/internal/numparse"
	"github.com/goalpost-civic/goalpost/templates"
)

// figureCreate records a figure, or a correction, from the target page's form.
func (s *Server) figureCreate(w http.ResponseWriter, r *http.Request) {
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
	t, err := s.store.Target(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	if !u.CanEnterFigures(&t.Target) {
		s.renderError(w, r, goalpost.Errorf(goalpost.EFORBIDDEN, "%s", i18n.FromRequest(r).T("form.not_owner", u.Name, t.Title)), 0)
		return
	}
	form := templates.FigureForm{
		Value: r.PostFormValue("value"), Period: r.PostFormValue("period"), District: r.PostFormValue("district"),
		Reference: r.PostFormValue("reference"), Note: strings.TrimSpace(r.PostFormValue("note")),
		SourceURL: strings.TrimSpace(r.PostFormValue("source_url")), Reason: strings.TrimSpace(r.PostFormValue("reason")),
		Stage: r.PostFormValue("stage"),
	}
	if r.PostFormValue("action") == "draft" {
		// A draft keeps the form as typed, valid or not, for later.
		if err := s.store.SaveDraft(r.Context(), u.ID, id, form.Fields()); err != nil {
			s.renderError(w, r, err, 0)
			return
		}
		s.sessions.Put(r.Context(), sessionFlash, i18n.FromRequest(r).T("draft.saved"))
		http.Redirect(w, r, fmt.Sprintf("/targets/%d#report", id), http.StatusSeeOther)
		return
	}
	nf, problems := parseFigureForm(&t.Target, form, i18n.FromRequest(r))
	files, err := evidenceFiles(r)
	if err != nil {
		problems = append(problems, templates.FormError{Field: "evidence", Message: err.Error()})
	}
	nf.Attachments = files
	if len(problems) == 0 {
		fig, err := s.store.AddFigureTo(r.Context(), u, t, nf)
		switch goalpost.ErrorCode(err) {
		case "":
			if err := s.store.DeleteDraft(r.Context(), u.ID, id); err != nil {
				s.renderError(w, r, err, 0)
				return
			}
			p := s.page(w, r, "")
			key := "form.saved"
			if fig.State == goalpost.FigureSubmitted {
				key = "review.submitted"
			}
			s.sessions.Put(r.Context(), sessionFlash, p.T(key, fig.Period.Label, p.FigureValue(&t.Target, fig)))
			http.Redirect(w, r, fmt.Sprintf("/targets/%d#report", id), http.StatusSeeOther)
			return
		case goalpost.EINVALID, goalpost.ECONFLICT:
			problems = append(problems, templates.FormError{Message: goalpost.ErrorMessageIn(err, i18n.FromRequest(r))})
		default:
			s.renderError(w, r, err, 0)
			return
		}
	}
	form.Errors = problems
	s.renderTarget(w, r, http.StatusUnprocessableEntity, form)
}

// parseFigureForm reads the form in the target's unit, collecting every
// problem so the official can fix them all at once, each with its field.
func parseFigureForm(t *goalpost.Target, f templates.FigureForm, lang i18n.Lang) (goalpost.NewFigure, []templates.FormError) {
	nf := goalpost.NewFigure{TargetID: t.ID, District: f.District, Note: f.Note, SourceURL: f.SourceURL, Reason: f.Reason}
	var problems []templates.FormError
	add := func(field, msg string) { problems = append(problems, templates.FormError{Field: field, Message: msg}) }
	period, err := goalpost.ParsePeriod(strings.TrimSpace(f.Period))
	if strings.TrimSpace(f.Period) == "" {
		add("period", lang.T("form.period_missing"))
	} else if err != nil {
		add("period", goalpost.ErrorMessageIn(err, lang))
	}
	nf.Period = period
	number := func(field, text, unit string) (float64, bool) {
		v, err := numparse.Parse(text, unit)
		var pe *numparse.Error
		if errors.As(err, &pe) {
			add(field, pe.Message(string(lang)))
			return 0, false
		} else if err != nil {
			add(field, err.Error())
			return 0, false
		}
		return v, true
	}
	if t.Kind == goalpost.KindMilestone {
		stage, err := strconv.Atoi(f.Stage)
		if err != nil || !goalpost.ValidStage(float64(stage)) {
			add("stage", lang.T("form.stage_missing"))
		}
		nf.Value = float64(stage)
	} else if v, ok := number("value", f.Value, t.Unit); ok {
		nf.Value = v
	}
	if t.Kind.HasReference() {
		unit := t.Unit
		if t.Kind == goalpost.KindRank {
			unit = "" // how many were ranked: a count, whatever the target's unit
		}
		if v, ok := number("reference", f.Reference, unit); ok {
			nf.ReferenceValue = &v
		}
	}
	return nf, problems
}

// messages are the problems' texts, for the API.
func messages(problems []templates.FormError) []string {
	out := make([]string, len(problems))
	for i, p := range problems {
		out[i] = p.Message
	}
	return out
}

// evidenceFiles reads the files attached to the figure form.
func evidenceFiles(r *http.Request) ([]goalpost.NewAttachment, error) {
	if r.MultipartForm == nil {
		return nil, nil
	}
	var out []goalpost.NewAttachment
	for _, fh := range r.MultipartForm.File["evidence"] {
		if fh.Size > goalpost.MaxAttachmentSize {
			return nil, fmt.Errorf("附件“%s”超过 %d MB", fh.Filename, goalpost.MaxAttachmentSize>>20)
		}
		f, err := fh.Open()
		if err != nil {
			return nil, fmt.Errorf("附件“%s”无法读取", fh.Filename)
		}
		data, err := io.ReadAll(io.LimitReader(f, goalpost.MaxAttachmentSize+1))
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("附件“%s”无法读取", fh.Filename)
		}
		out = append(out, goalpost.NewAttachment{Filename: fh.Filename, Data: data})
	}
	return out, nil
}
