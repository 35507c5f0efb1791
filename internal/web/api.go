package web

import (
	"encoding/json"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/goalpost-civic/goalpost/internal/csvsafe"
	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/i18n"
	"github.com/goalpost-civic/goalpost/internal/postgres"
)

// TargetJSON is one target in the open data, documented field by field in
// the README ("Open data").
type TargetJSON struct {
	ID               int64         `json:"id"`
	URL              string        `json:"url"`
	Plan             string        `json:"plan"`
	Section          string        `json:"section"`
	SectionTitle     string        `json:"section_title"`
	Task             *int          `json:"task"`
	TaskTitle        string        `json:"task_title"`
	Key              string        `json:"key"`
	Title            string        `json:"title"`
	TitleEN          string        `json:"title_en"`
	Kind             goalpost.Kind `json:"kind"`
	Comparator       string        `json:"comparator"`
	TargetValue      *float64      `json:"target_value"`
	Unit             string        `json:"unit"`
	Deadline         string        `json:"deadline"`
	Approximate      bool          `json:"approximate"`
	Aspirational     bool          `json:"aspirational"`
	LeadUnits        []string      `json:"lead_units"`
	ResponsibleUnits []string      `json:"responsible_units"`
	UnitsFromTask    *int          `json:"units_from_task"`
	SourceText       string        `json:"source_text"`
	Notes            string        `json:"notes"`
	Baseline         *BaselineJSON `json:"baseline"`
	Latest           *LatestJSON   `json:"latest"`
	Current          *float64      `json:"current"`
	Progress         *float64      `json:"progress"`
	ExpectedProgress *float64      `json:"expected_progress"`
	Status           string        `json:"status"`
	StatusReason     string        `json:"status_reason"`
	LagPoints        *float64      `json:"lag_points"`
	ProjectedValue   *float64      `json:"projected_value"`
	UpdateOverdue    bool          `json:"update_overdue"`
	AsOf             string        `json:"as_of"`
	ComputedStatus   string        `json:"computed_status"`
	Override         *OverrideJSON `json:"override"`
	Sample           bool          `json:"sample"`
}

// OverrideJSON is a person's judgement that replaces the computed status.
type OverrideJSON struct {
	Status string `json:"status"`
	Reason string `json:"reason"`
	By     string `json:"by"`
	At     string `json:"at"`
}

// BaselineJSON is a baseline stated by the document.
type BaselineJSON struct {
	Value  float64 `json:"value"`
	Date   string  `json:"date"`
	Text   string  `json:"text"`
	Source string  `json:"source"` // document or administrator
}

// LatestJSON is the figure with the latest reference date.
type LatestJSON struct {
	Value  float64 `json:"value"`
	Period string  `json:"period"`
	Date   string  `json:"date"`
}

// round2 keeps two decimals: more would be noise from floating point.
func round2(v *float64) *float64 {
	if v == nil {
		return nil
	}
	r := math.Round(*v*100) / 100
	return &r
}

// asOf reads ?as_of=2024-12-31; empty means today.
func asOf(r *http.Request) (time.Time, error) {
	v := r.URL.Query().Get("as_of")
	if v == "" {
		return time.Time{}, nil
	}
	d, err := time.Parse("2006-01-02", v)
	if err != nil {
		return time.Time{}, goalpost.E(goalpost.EINVALID, "err.as_of", v)
	}
	return d, nil
}

func targetJSON(t *goalpost.Tracked) TargetJSON {
	names := func(ds []goalpost.Department) []string {
		out := make([]string, len(ds))
		for i, d := range ds {
			out[i] = d.Name
		}
		return out
	}
	j := TargetJSON{
		ID: t.ID, URL: "/targets/" + strconv.FormatInt(t.ID, 10), Plan: t.PlanSlug, Section: t.SectionKey,
		SectionTitle: t.SectionTitle, TaskTitle: t.TaskTitle, Key: t.Key, Title: t.Title, TitleEN: t.TitleEN, Kind: t.Kind,
		Comparator: string(t.Comparator), TargetValue: t.Value, Unit: t.Unit, Deadline: t.Deadline.Format("2006-01-02"),
		Approximate: t.Approximate, Aspirational: t.Aspirational, LeadUnits: names(t.Lead),
		ResponsibleUnits: names(t.Responsible), SourceText: t.SourceText, Notes: t.Notes,
		Current: t.Assessment.Current, Progress: t.Assessment.Progress, ExpectedProgress: t.Assessment.Expected,
		Status: string(t.Assessment.Status), StatusReason: t.Assessment.Reason, Sample: t.Summary.Sample,
		LagPoints: round2(t.Assessment.LagPoints), ProjectedValue: round2(t.Assessment.Projected),
		UpdateOverdue: t.Assessment.UpdateOverdue, ComputedStatus: string(t.Assessment.Computed),
	}
	if o := t.Assessment.Override; o != nil {
		j.Override = &OverrideJSON{Status: string(o.Status), Reason: o.Reason, By: o.By, At: o.At.Format(time.RFC3339)}
	}
	if t.TaskNumber != 0 {
		j.Task = &t.TaskNumber
	}
	if t.RelatedTask != 0 {
		j.UnitsFromTask = &t.RelatedTask
	}
	if b := t.Baseline; b != nil {
		j.Baseline = &BaselineJSON{Value: b.Value, Date: b.Date.Format("2006-01-02"), Text: b.Text, Source: "document"}
		if b.ByAdministrator {
			j.Baseline.Source = "administrator"
		}
	}
	if l := t.Summary.Latest; l != nil && t.Summary.Count > 0 {
		j.Latest = &LatestJSON{Value: l.Value, Period: l.Period.Label, Date: l.Period.End.Format("2006-01-02")}
	}
	return j
}

// apiTargets loads the targets of ?plan= (all plans without it).
func (s *Server) apiTargets(w http.ResponseWriter, r *http.Request) ([]TargetJSON, bool) {
	slug := r.URL.Query().Get("plan")
	var planID int64
	if slug != "" {
		plan, err := s.store.Plan(r.Context(), slug)
		if err != nil {
			s.apiError(w, r, err)
			return nil, false
		}
		pageShows(r, plan.ID)
		planID = plan.ID
	}
	when, err := asOf(r)
	if err != nil {
		s.apiError(w, r, err)
		return nil, false
	}
	known, err := s.asKnown(r)
	if err != nil {
		s.apiError(w, r, err)
		return nil, false
	}
	targets, err := s.store.Targets(r.Context(), postgres.TargetFilter{PlanID: planID, AsOf: when, Known: known})
	if err != nil {
		s.apiError(w, r, err)
		return nil, false
	}
	out := make([]TargetJSON, len(targets))
	for i, t := range targets {
		out[i] = targetJSON(t)
		out[i].AsOf = asOfText(when, s.now())
	}
	return out, true
}

func (s *Server) apiTargetsJSON(w http.ResponseWriter, r *http.Request) {
	targets, ok := s.apiTargets(w, r)
	if !ok {
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"targets": targets, "count": len(targets)})
}

// csvColumns are the CSV header, in the order of csvRow.
var csvColumns = []string{"id", "plan", "section", "task", "key", "title", "kind", "comparator", "target_value", "unit",
	"deadline", "approximate", "aspirational", "lead_units", "responsible_units", "source_text", "baseline_value",
	"baseline_date", "latest_value", "latest_period", "latest_date", "current", "progress", "status", "status_reason", "sample",
	"expected_progress", "lag_points", "projected_value", "update_overdue", "as_of"}

func csvRow(t TargetJSON) []string {
	num := func(v *float64) string {
		if v == nil {
			return ""
		}
		return strconv.FormatFloat(*v, 'f', -1, 64)
	}
	row := []string{strconv.FormatInt(t.ID, 10), t.Plan, t.Section, "", t.Key, t.Title, string(t.Kind), t.Comparator,
		num(t.TargetValue), t.Unit, t.Deadline, strconv.FormatBool(t.Approximate), strconv.FormatBool(t.Aspirational),
		strings.Join(t.LeadUnits, "、"), strings.Join(t.ResponsibleUnits, "、"), t.SourceText, "", "", "", "", "",
		num(t.Current), num(t.Progress), t.Status, t.StatusReason, strconv.FormatBool(t.Sample),
		num(t.ExpectedProgress), num(t.LagPoints), num(t.ProjectedValue), strconv.FormatBool(t.UpdateOverdue), t.AsOf}
	if t.Task != nil {
		row[3] = strconv.Itoa(*t.Task)
	}
	if b := t.Baseline; b != nil {
		row[16], row[17] = num(&b.Value), b.Date
	}
	if l := t.Latest; l != nil {
		row[18], row[19], row[20] = num(&l.Value), l.Period, l.Date
	}
	return row
}

func (s *Server) apiTargetsCSV(w http.ResponseWriter, r *http.Request) {
	targets, ok := s.apiTargets(w, r)
	if !ok {
		return
	}
	name := "goalpost-targets.csv"
	if p := r.URL.Query().Get("plan"); p != "" {
		name = "goalpost-" + p + ".csv"
	}
	cw := startCSV(w, name, csvColumns)
	for _, t := range targets {
		_ = cw.Write(csvRow(t))
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		s.log.Error("write csv", "err", err)
	}
}

// asOfText is the date a status is as of.
func asOfText(when, now time.Time) string {
	if when.IsZero() {
		return goalpost.Today(now).Format("2006-01-02")
	}
	return when.Format("2006-01-02")
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Access-Control-Allow-Origin", "*") // open data, readable from anywhere
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

// apiStatus is the HTTP status of each domain error code.
var apiStatus = map[string]int{goalpost.ENOTFOUND: http.StatusNotFound, goalpost.EINVALID: http.StatusBadRequest,
	goalpost.EFORBIDDEN: http.StatusForbidden, goalpost.EUNAUTHORIZED: http.StatusUnauthorized,
	goalpost.ECONFLICT: http.StatusConflict, goalpost.ETOOMANY: http.StatusTooManyRequests}

// apiError answers an API request with a JSON error whose message is safe to show.
func (s *Server) apiError(w http.ResponseWriter, r *http.Request, err error) {
	code := errorCode(err)
	status := apiStatus[code]
	msg := goalpost.ErrorMessageIn(err, i18n.FromAPIRequest(r))
	if code == goalpost.EUNAVAILABLE {
		s.dbSaw(err)
		w.Header().Set("Retry-After", retryAfter)
		status, msg = http.StatusServiceUnavailable, i18n.FromAPIRequest(r).T("error.unavailable_help")
	}
	if status == 0 {
		status, msg = http.StatusInternalServerError, "internal error"
		s.log.Error("api request failed", "path", r.URL.Path, "err", err)
	}
	writeJSON(w, status, map[string]any{"error": map[string]string{"code": code, "message": msg}})
}

// startCSV begins a CSV download named filename, for Excel (a byte-order
// mark, so it reads the Chinese as UTF-8), with its header row written.
func startCSV(w http.ResponseWriter, filename string, header []string) *csvsafe.Writer {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+filename+`"`)
	cw, _ := csvsafe.ForExcel(w) // a failed write shows in cw.Error, checked at the end
	_ = cw.Write(header)
	return cw
}
