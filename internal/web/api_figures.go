package web

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/i18n"
	"github.com/goalpost-civic/goalpost/internal/postgres"
	"github.com/goalpost-civic/goalpost/templates"
)

// FigureJSON is a stored figure in the API.
type FigureJSON struct {
	ID             int64    `json:"id"`
	TargetID       int64    `json:"target_id"`
	Period         string   `json:"period"`
	PeriodStart    string   `json:"period_start"`
	PeriodEnd      string   `json:"period_end"`
	District       string   `json:"district,omitempty"`
	Value          float64  `json:"value"`
	ReferenceValue *float64 `json:"reference_value"`
	Revision       int      `json:"revision"`
	Current        bool     `json:"current"`
	State          string   `json:"state"`
	Reason         string   `json:"reason,omitempty"`
	Note           string   `json:"note,omitempty"`
	SourceURL      string   `json:"source_url,omitempty"`
	EnteredBy      string   `json:"entered_by"`
	EnteredAt      string   `json:"entered_at"`
}

func figureJSON(f goalpost.Figure, current bool) FigureJSON {
	return FigureJSON{ID: f.ID, TargetID: f.TargetID, Period: f.Period.Label, PeriodStart: f.Period.Start.Format("2006-01-02"),
		PeriodEnd: f.Period.End.Format("2006-01-02"), District: f.District, Value: f.Value, ReferenceValue: f.ReferenceValue,
		Revision: f.Revision, Current: current, State: string(f.State), Reason: f.Reason, Note: f.Note, SourceURL: f.SourceURL,
		EnteredBy: f.EnteredBy, EnteredAt: f.EnteredAt.Format(time.RFC3339)}
}

// apiTargetShow is one target with every figure and revision: public, like its page.
func (s *Server) apiTargetShow(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	when, err := asOf(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	known, err := s.asKnown(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	target, err := s.store.TargetAt(r.Context(), postgres.TargetFilter{ID: id, AsOf: when, Known: known})
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	pageShows(r, target.PlanID)
	figures, err := s.store.FiguresKnown(r.Context(), id, false, known)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	v := templates.TargetView{Figures: figures}.WithCurrent()
	out := []FigureJSON{}
	for i, f := range figures {
		if when.IsZero() || !f.Period.End.After(when) {
			out = append(out, figureJSON(f, v.IsCurrent(i)))
		}
	}
	t := targetJSON(target)
	t.AsOf = asOfText(when, s.now())
	writeJSON(w, http.StatusOK, map[string]any{"target": t, "figures": out})
}

// figureRequest is the body of POST /api/v1/targets/{id}/figures. value may
// be a JSON number (in the target's unit) or a string read like the web form's.
type figureRequest struct {
	Value          json.RawMessage `json:"value"`
	Period         string          `json:"period"`
	District       string          `json:"district"`
	ReferenceValue json.RawMessage `json:"reference_value"`
	Note           string          `json:"note"`
	SourceURL      string          `json:"source_url"`
	Reason         string          `json:"reason"`
}

// validText reports whether every string of the body can be stored: JSON
// may carry \u0000, which PostgreSQL refuses in text.
func (req figureRequest) validText() bool {
	for _, v := range []string{rawNumber(req.Value), req.Period, req.District, rawNumber(req.ReferenceValue), req.Note, req.SourceURL, req.Reason} {
		if !validText(v) {
			return false
		}
	}
	return true
}

// rawNumber turns a JSON number or string into the text a person would type.
func rawNumber(m json.RawMessage) string {
	var s string
	if json.Unmarshal(m, &s) == nil {
		return s
	}
	if string(m) == "null" {
		return ""
	}
	return string(m)
}

// apiFigureCreate records a figure for a token's account under exactly the
// rules of the web form: the same parsing, scope and validation.
func (s *Server) apiFigureCreate(w http.ResponseWriter, r *http.Request) {
	u, err := s.apiUser(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	id, err := pathID(r, "id")
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	t, err := s.store.Target(r.Context(), id)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	if !u.CanEnterFigures(&t.Target) {
		s.apiError(w, r, goalpost.Errorf(goalpost.EFORBIDDEN, "%s", i18n.FromAPIRequest(r).T("form.not_owner", u.Name, t.Title)))
		return
	}
	var req figureRequest
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		var tooBig *http.MaxBytesError
		msg := "请求体不是有效的 JSON：" + err.Error()
		if errors.As(err, &tooBig) {
			msg = "请求体过大"
		}
		s.apiError(w, r, goalpost.Errorf(goalpost.EINVALID, "%s", msg))
		return
	}
	if !req.validText() {
		s.apiError(w, r, badTextError(r))
		return
	}
	// A retry with the same Idempotency-Key gets the first answer back.
	key, err := idempotencyKey(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	hash := figureRequestHash(id, req)
	if key != "" && s.replayKept(w, r, u, key, hash) {
		return
	}
	form := templates.FigureForm{Value: rawNumber(req.Value), Period: req.Period, District: req.District,
		Reference: rawNumber(req.ReferenceValue), Note: strings.TrimSpace(req.Note), SourceURL: strings.TrimSpace(req.SourceURL),
		Reason: strings.TrimSpace(req.Reason), Stage: rawNumber(req.Value)}
	nf, fieldProblems := parseFigureForm(&t.Target, form, i18n.FromAPIRequest(r))
	if problems := messages(fieldProblems); len(problems) > 0 {
		writeJSON(w, http.StatusBadRequest, map[string]any{"error": map[string]any{
			"code": goalpost.EINVALID, "message": strings.Join(problems, "；"), "problems": problems}})
		return
	}
	if key != "" {
		s.addFigureOnce(w, r, u, t, key, hash, nf)
		return
	}
	fig, err := s.store.AddFigureTo(r.Context(), u, t, nf)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/targets/"+strconv.FormatInt(id, 10))
	writeJSON(w, http.StatusCreated, figureJSON(fig, fig.State == goalpost.FigurePublished))
}

// apiUser authenticates an API request by its bearer token. Session cookies
// are deliberately ignored here: the API is exempt from CSRF checks, so it
// must not accept the browser's ambient credentials.
func (s *Server) apiUser(r *http.Request) (*goalpost.User, error) {
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
		return nil, goalpost.E(goalpost.EUNAUTHORIZED, "err.token_needed")
	}
	return s.store.UserByToken(r.Context(), strings.TrimSpace(token))
}

func (s *Server) apiFigureApprove(w http.ResponseWriter, r *http.Request) { s.apiDecide(w, r, true) }
func (s *Server) apiFigureReturn(w http.ResponseWriter, r *http.Request)  { s.apiDecide(w, r, false) }

// apiDecide approves or returns a figure for a reviewer's token, under the
// rules of the review queue. A return takes {"reason": "…"}.
func (s *Server) apiDecide(w http.ResponseWriter, r *http.Request, approve bool) {
	u, err := s.apiUser(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	id, err := pathID(r, "id")
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	var body struct {
		Reason string `json:"reason"`
	}
	if r.ContentLength != 0 {
		dec := json.NewDecoder(r.Body)
		dec.DisallowUnknownFields()
		if err := dec.Decode(&body); err != nil {
			s.apiError(w, r, goalpost.E(goalpost.EINVALID, "err.bad_json", err.Error()))
			return
		}
	}
	if !validText(body.Reason) {
		s.apiError(w, r, badTextError(r))
		return
	}
	fig, err := s.store.Decide(r.Context(), u, id, approve, body.Reason)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, figureJSON(fig, fig.State == goalpost.FigurePublished))
}
