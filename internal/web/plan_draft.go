package web

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/goalpost-civic/goalpost/internal/extract"
	"github.com/goalpost-civic/goalpost/internal/extract/docread"
	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/i18n"
	"github.com/goalpost-civic/goalpost/internal/numparse"
	"github.com/goalpost-civic/goalpost/internal/postgres"
	"github.com/goalpost-civic/goalpost/templates"
)

// Plans drafted from a document (issue 8): an administrator uploads or
// pastes a policy document, reviews what the extractor proposes beside the
// text, and publishes it as a plan, imported exactly as a plan file is.

// draftNew shows the upload form.
func (s *Server) draftNew(w http.ResponseWriter, r *http.Request) {
	s.renderDraftUpload(w, r, http.StatusOK, templates.DraftUploadView{})
}

func (s *Server) renderDraftUpload(w http.ResponseWriter, r *http.Request, status int, v templates.DraftUploadView) {
	p := s.page(w, r, "")
	p.Title = p.T("plandraft.new_title")
	s.render(w, r, status, templates.DraftUploadPage(p, v, s.sessions.PopString(r.Context(), sessionFlash)))
}

// messenger is an error that can say itself in the reader's language
// (docread's and numparse's errors).
type messenger interface{ Message(lang string) string }

// draftCreate reads the uploaded or pasted document, extracts a draft and
// keeps it; anything unreadable or without a target is refused with the
// reason on the upload page, and nothing is written.
func (s *Server) draftCreate(w http.ResponseWriter, r *http.Request) {
	admin := currentUser(r)
	lang := i18n.FromRequest(r)
	v := templates.DraftUploadView{Text: r.PostFormValue("text"), AllowEmpty: r.PostFormValue("allow_empty") == "on"}
	refuse := func(msg string) {
		v.Error = msg
		s.renderDraftUpload(w, r, http.StatusUnprocessableEntity, v)
	}
	name, text := "", ""
	file, header, err := r.FormFile("file")
	switch {
	case err == nil:
		name = header.Filename
		text, err = s.readDocument(r, name, file)
		file.Close()
		v.Text = "" // the file's text is not put back in the paste box
		switch {
		case errors.Is(err, errBusy):
			s.renderBusy(w, r)
			return
		case err != nil:
			var m messenger
			if errors.As(err, &m) {
				refuse(m.Message(string(lang)))
			} else {
				s.log.Warn("document unreadable", "file", name, "err", err)
				refuse(lang.T("plandraft.unreadable"))
			}
			return
		}
	case strings.TrimSpace(v.Text) != "":
		name, text = lang.T("plandraft.pasted"), v.Text
	default:
		refuse(lang.T("plandraft.nothing"))
		return
	}
	text = strings.ReplaceAll(text, "\r\n", "\n")
	switch {
	case strings.TrimSpace(text) == "":
		refuse(lang.T("plandraft.empty"))
		return
	case !utf8.ValidString(text) || strings.ContainsRune(text, 0) || binaryShare(text) > 0.01:
		refuse(lang.T("plandraft.not_text"))
		return
	}
	d := extract.FromText(text)
	if len(d.Targets) == 0 && !v.AllowEmpty {
		v.NoTargets = true
		refuse(lang.T("plandraft.no_targets"))
		return
	}
	slug := extract.SlugFromName(name)
	if header == nil {
		slug = "plan"
	}
	id, err := s.store.CreatePlanDraft(r.Context(), admin, name, d.Text, extract.NewReview(d, slug))
	if err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/admin/drafts/%d", id), http.StatusSeeOther)
}

// readDocument turns an uploaded document into text when a reader is free:
// converting a PDF runs pdftotext.
func (s *Server) readDocument(r *http.Request, name string, file io.Reader) (text string, err error) {
	err = s.whenReaderFree(r.Context(), func() error {
		text, err = docread.Read(name, file)
		return err
	})
	return text, err
}

// binaryShare is the share of control characters other than line breaks
// and tabs: a binary file read as text has many.
func binaryShare(text string) float64 {
	n, bad := 0, 0
	for _, c := range text {
		n++
		if c < 0x20 && c != '\n' && c != '\t' && c != '\r' || c == utf8.RuneError {
			bad++
		}
	}
	if n == 0 {
		return 0
	}
	return float64(bad) / float64(n)
}

// draftsList lists the drafts, to resume one.
func (s *Server) draftsList(w http.ResponseWriter, r *http.Request) {
	drafts, err := s.store.PlanDrafts(r.Context())
	if err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	p := s.page(w, r, "")
	p.Title = p.T("plandraft.list_title")
	s.render(w, r, http.StatusOK, templates.DraftsPage(p, drafts, s.sessions.PopString(r.Context(), sessionFlash)))
}

// draftPage is what a review page shows beyond the draft itself: a form
// whose input was refused, kept as typed; problems that stopped publishing.
type draftPage struct {
	status   int
	meta     *templates.DraftMetaForm
	edited   *templates.DraftCandidate // an edited candidate's refused input
	problems extract.Problems
}

// draftShow is the review page.
func (s *Server) draftShow(w http.ResponseWriter, r *http.Request) {
	s.renderDraft(w, r, draftPage{status: http.StatusOK})
}

func (s *Server) loadDraft(w http.ResponseWriter, r *http.Request) *postgres.PlanDraft {
	id, err := pathID(r, "id")
	if err != nil {
		s.renderError(w, r, err, 0)
		return nil
	}
	d, err := s.store.PlanDraft(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err, 0)
		return nil
	}
	return d
}

func (s *Server) renderDraft(w http.ResponseWriter, r *http.Request, dp draftPage) {
	d := s.loadDraft(w, r)
	if d == nil {
		return
	}
	depts, err := s.store.Departments(r.Context())
	if err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	lang := i18n.FromRequest(r)
	rv := d.Review
	v := templates.DraftView{ID: d.ID, FileName: d.FileName, Creator: d.Creator, Open: d.Open(), PublishedPlan: d.PublishedPlan,
		Discarded: d.DiscardedAt != nil, Kinds: goalpost.Kinds}
	if dp.meta != nil {
		v.Meta = *dp.meta
	} else {
		v.Meta = metaForm(rv)
	}
	doubts := rv.Doubts(depts)
	spans := make([][2]int, len(rv.Candidates))
	for i, c := range rv.Candidates {
		spans[i] = locate(d.Text, c.Candidate)
		form := candidateForm(rv, i)
		if dp.edited != nil && dp.edited.Index == i {
			form = *dp.edited
		}
		for _, n := range doubts[i] {
			form.Doubts = append(form.Doubts, n.Message(lang))
		}
		for _, n := range dp.problems.For(i) {
			form.Problems = append(form.Problems, n.Message(lang))
		}
		form.Marked = spans[i][1] > spans[i][0]
		v.Candidates = append(v.Candidates, form)
	}
	for _, n := range dp.problems {
		if n.Candidate < 0 {
			v.Problems = append(v.Problems, n.Message(lang))
		} else {
			c := rv.Candidates[n.Candidate]
			v.Problems = append(v.Problems, fmt.Sprintf("#%d %s：%s", n.Candidate+1, c.Title, n.Message(lang)))
			v.ProblemAnchors = append(v.ProblemAnchors, n.Candidate)
		}
	}
	v.Paragraphs = paragraphs(d.Text, spans)
	// ?add=OFFSET: a new target from the sentence there.
	if dp.edited != nil && dp.edited.Index < 0 {
		v.New = dp.edited
	} else if add := r.URL.Query().Get("add"); add != "" && d.Open() {
		if off, err := strconv.Atoi(add); err == nil && off >= 0 && off < len(d.Text) {
			start, end := sentenceAt(d.Text, off)
			v.New = newCandidateForm(rv, d.Text, start, end)
		}
	}
	for _, sec := range rv.Sections {
		v.Sections = append(v.Sections, sec.Key)
	}
	p := s.page(w, r, "")
	p.Title = p.T("plandraft.review_title", rv.Plan.ShortTitle)
	s.render(w, r, dp.status, templates.DraftPage(p, v, s.sessions.PopString(r.Context(), sessionFlash)))
}

// locate is where a candidate's source text is in the document: its
// offsets when they hold it, else its first occurrence, else nowhere.
func locate(text string, c extract.Candidate) [2]int {
	src := strings.TrimSpace(c.SourceText)
	if src == "" {
		return [2]int{}
	}
	if c.Start >= 0 && c.End <= len(text) && c.Start < c.End && text[c.Start:c.End] == c.SourceText {
		return [2]int{c.Start, c.End}
	}
	if i := strings.Index(text, src); i >= 0 {
		return [2]int{i, i + len(src)}
	}
	return [2]int{}
}

// sentenceEnd ends a sentence: the punctuation is part of it.
var sentenceEnd = regexp.MustCompile(`[。；！？;!?]`)

// paragraphs cuts the document into its lines, each into pieces: a marked
// candidate (the first of overlapping ones), or the sentences between, each
// a link to add a target from it.
func paragraphs(text string, spans [][2]int) []templates.DraftParagraph {
	type span struct{ start, end, candidate int }
	var marks []span
	for i, sp := range spans {
		if sp[1] > sp[0] {
			marks = append(marks, span{sp[0], sp[1], i})
		}
	}
	sort.SliceStable(marks, func(a, b int) bool { return marks[a].start < marks[b].start })
	var out []templates.DraftParagraph
	offset := 0
	for line := range strings.Lines(text) {
		start, end := offset, offset+len(strings.TrimRight(line, "\r\n"))
		offset += len(line)
		if strings.TrimSpace(text[start:end]) == "" {
			continue
		}
		var p templates.DraftParagraph
		plain := func(from, to int) {
			for from < to {
				cut := to
				if loc := sentenceEnd.FindStringIndex(text[from:to]); loc != nil {
					cut = from + loc[1]
				}
				if strings.TrimSpace(text[from:cut]) != "" {
					p.Segments = append(p.Segments, templates.DraftSegment{Text: text[from:cut], Candidate: -1, Add: from})
				} else {
					p.Segments = append(p.Segments, templates.DraftSegment{Text: text[from:cut], Candidate: -1, Add: -1})
				}
				from = cut
			}
		}
		at := start
		for _, m := range marks {
			s, e := max(m.start, at), min(m.end, end)
			if s >= e {
				continue
			}
			plain(at, s)
			p.Segments = append(p.Segments, templates.DraftSegment{Text: text[s:e], Candidate: m.candidate, Add: -1})
			at = e
		}
		plain(at, end)
		out = append(out, p)
	}
	return out
}

// sentenceAt is the sentence holding offset off, within its line, without
// its final punctuation.
func sentenceAt(text string, off int) (int, int) {
	for off > 0 && !utf8.RuneStart(text[off]) {
		off--
	}
	lineStart := strings.LastIndexByte(text[:off], '\n') + 1
	lineEnd := len(text)
	if i := strings.IndexByte(text[off:], '\n'); i >= 0 {
		lineEnd = off + i
	}
	start, end := lineStart, lineEnd
	if locs := sentenceEnd.FindAllStringIndex(text[lineStart:off], -1); len(locs) > 0 {
		start = lineStart + locs[len(locs)-1][1]
	}
	if loc := sentenceEnd.FindStringIndex(text[off:lineEnd]); loc != nil {
		end = off + loc[1]
	}
	for start < end && (text[start] == ' ' || text[start] == '\t') {
		start++
	}
	trimmed := strings.TrimRight(text[start:end], "。；;， \t\r")
	return start, start + len(trimmed)
}

func joinUnits(u []string) string { return strings.Join(u, "、") }

var unitSep = regexp.MustCompile(`[、，,；;\n]+`)

func splitUnits(s string) []string {
	var out []string
	for _, u := range unitSep.Split(s, -1) {
		if u = strings.TrimSpace(u); u != "" {
			out = append(out, u)
		}
	}
	return out
}

func formatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

func metaForm(rv *extract.Review) templates.DraftMetaForm {
	m := rv.Plan
	f := templates.DraftMetaForm{Slug: rv.Slug, Title: m.Title, ShortTitle: m.ShortTitle, Issuer: m.Issuer,
		PeriodStart: formatDate(m.PeriodStart), PeriodEnd: formatDate(m.PeriodEnd), Source: m.Source}
	if m.IssuedOn != nil {
		f.IssuedOn = formatDate(*m.IssuedOn)
	}
	return f
}

func candidateForm(rv *extract.Review, i int) templates.DraftCandidate {
	c := rv.Candidates[i]
	l, resp := unitsOf(rv, c.Candidate)
	f := templates.DraftCandidate{Index: i, State: string(c.State), Title: c.Title, Kind: c.Kind, Comparator: c.Comparator,
		Unit: c.Unit, Deadline: formatDate(c.Deadline), Approximate: c.Approximate, Aspirational: c.Aspirational,
		Section: c.Section, Lead: joinUnits(l), Responsible: joinUnits(resp), SourceText: c.SourceText,
		Start: c.Start, End: c.End, Confidence: c.Confidence}
	if c.Value != nil {
		f.Value = numparse.Format(*c.Value)
	}
	if c.Task > 0 {
		f.Task = strconv.Itoa(c.Task)
	}
	if b := c.Baseline; b != nil {
		f.BaselineValue, f.BaselineDate = numparse.Format(b.Value), formatDate(b.Date)
	}
	return f
}

// unitsOf is the units shown for candidate c: its task's when the task
// names any (a plan file gives units per task), else its own.
func unitsOf(rv *extract.Review, c extract.Candidate) ([]string, []string) {
	d := &extract.Draft{Tasks: rv.Tasks}
	return d.UnitsOf(c)
}

// newCandidateForm proposes a target from the sentence text[start:end]:
// whatever the extractor reads in it, and the sentence itself.
func newCandidateForm(rv *extract.Review, text string, start, end int) *templates.DraftCandidate {
	sentence := text[start:end]
	f := &templates.DraftCandidate{Index: -1, State: string(extract.Accepted), Kind: string(goalpost.KindLevel), Comparator: string(goalpost.AtLeast),
		Deadline: formatDate(rv.Plan.PeriodEnd), SourceText: sentence, Start: start, End: end}
	// The part it belongs to: the last section starting before it.
	for _, sec := range rv.Sections {
		if sec.Start <= start {
			f.Section = sec.Key
		}
	}
	if d := extract.FromText(sentence); len(d.Targets) > 0 {
		c := d.Targets[0]
		tmp := &extract.Review{Tasks: rv.Tasks, Candidates: []extract.Reviewed{{Candidate: c}}}
		parsed := candidateForm(tmp, 0)
		parsed.Index, parsed.State, parsed.SourceText, parsed.Start, parsed.End = -1, string(extract.Accepted), sentence, start, end
		if parsed.Deadline == "" {
			parsed.Deadline = f.Deadline
		}
		if parsed.Section == "" {
			parsed.Section = f.Section
		}
		return &parsed
	}
	return f
}

// readCandidate reads a candidate's form. Numbers go through numparse as
// on the figure form; what cannot be read is said in errs and the form is
// kept as typed.
func readCandidate(r *http.Request, lang i18n.Lang) (extract.Candidate, templates.DraftCandidate, []string) {
	get := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	f := templates.DraftCandidate{Title: get("title"), Kind: get("kind"), Comparator: get("comparator"), Value: get("value"),
		Unit: get("unit"), Deadline: get("deadline"), Approximate: r.PostFormValue("approximate") != "",
		Aspirational: r.PostFormValue("aspirational") != "", Section: get("section"), Task: get("task"),
		Lead: get("lead"), Responsible: get("responsible"), BaselineValue: get("baseline_value"),
		BaselineDate: get("baseline_date"), SourceText: r.PostFormValue("source_text")}
	f.Start, _ = strconv.Atoi(r.PostFormValue("start"))
	f.End, _ = strconv.Atoi(r.PostFormValue("end"))
	c := extract.Candidate{Title: f.Title, Kind: f.Kind, Comparator: f.Comparator, Unit: f.Unit,
		Approximate: f.Approximate, Aspirational: f.Aspirational, Section: f.Section,
		Lead: splitUnits(f.Lead), Responsible: splitUnits(f.Responsible), SourceText: strings.TrimSpace(f.SourceText),
		Start: f.Start, End: f.End, Confidence: 1}
	var errs []string
	number := func(label, text string) *float64 {
		if text == "" {
			return nil
		}
		v, err := numparse.Parse(text, f.Unit)
		if err != nil {
			var m messenger
			if errors.As(err, &m) {
				errs = append(errs, lang.T(label)+"："+m.Message(string(lang)))
			} else {
				errs = append(errs, lang.T(label)+"："+err.Error())
			}
			return nil
		}
		return &v
	}
	date := func(label, text string) time.Time {
		if text == "" {
			return time.Time{}
		}
		if ok, _ := regexp.MatchString(`^\d{4}$`, text); ok {
			text += "-12-31" // a year: its end, as documents mean 到2025年
		}
		t, err := time.Parse(time.DateOnly, text)
		if err != nil {
			errs = append(errs, lang.T("plandraft.bad_date", lang.T(label), text))
		}
		return t
	}
	c.Value = number("plandraft.value", f.Value)
	c.Deadline = date("plandraft.deadline", f.Deadline)
	if f.Task != "" {
		n, err := strconv.Atoi(f.Task)
		if err != nil || n < 0 {
			errs = append(errs, lang.T("plandraft.bad_task", f.Task))
		}
		c.Task = n
	}
	if f.BaselineValue != "" || f.BaselineDate != "" {
		bv := number("plandraft.baseline_value", f.BaselineValue)
		bd := date("plandraft.baseline_date", f.BaselineDate)
		if bv == nil && f.BaselineValue == "" {
			errs = append(errs, lang.T("plandraft.baseline_needs_value"))
		}
		if bv != nil {
			c.Baseline = &extract.Baseline{Value: *bv, Date: bd}
		}
	}
	return c, f, errs
}

// applyUnits puts edited units on the candidate and, when it is in a
// task, on the task: a plan file gives units per task.
func applyUnits(rv *extract.Review, c *extract.Candidate) {
	if c.Task == 0 {
		return
	}
	for i := range rv.Tasks {
		t := &rv.Tasks[i]
		if t.Number == c.Task && (c.Section == "" || t.Section == c.Section) {
			t.Lead, t.Responsible = c.Lead, c.Responsible
			return
		}
	}
}

func candidateIndex(r *http.Request, rv *extract.Review) (int, error) {
	n, err := strconv.Atoi(chiURLParam(r, "n"))
	if err != nil || n < 0 || n >= len(rv.Candidates) {
		return 0, goalpost.Errorf(goalpost.ENOTFOUND, "%s", chiURLParam(r, "n"))
	}
	return n, nil
}

// draftCandidateSave saves an edited candidate and the decision the button
// pressed says (save, accept, reject).
func (s *Server) draftCandidateSave(w http.ResponseWriter, r *http.Request) {
	admin := currentUser(r)
	d := s.loadDraft(w, r)
	if d == nil {
		return
	}
	n, err := candidateIndex(r, d.Review)
	if err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	lang := i18n.FromRequest(r)
	action := r.PostFormValue("action")
	_, hasFields := r.PostForm["title"]
	c, form, errs := readCandidate(r, lang)
	// A candidate rejected need not be readable; one saved or accepted must.
	if len(errs) > 0 && action != "reject" {
		form.Index, form.State, form.Errors = n, string(d.Review.Candidates[n].State), errs
		s.renderDraft(w, r, draftPage{status: http.StatusUnprocessableEntity, edited: &form})
		return
	}
	err = s.store.EditPlanDraft(r.Context(), admin, d.ID, func(rv *extract.Review) error {
		rc := &rv.Candidates[n]
		if hasFields && len(errs) == 0 {
			c.Doubts = keepDoubts(rc.Doubts, c)
			rc.Candidate = c
			applyUnits(rv, &rc.Candidate)
		}
		switch action {
		case "accept":
			rc.State = extract.Accepted
		case "reject":
			rc.State = extract.Rejected
		case "pending":
			rc.State = extract.Pending
		}
		return nil
	})
	s.draftDone(w, r, d.ID, fmt.Sprintf("#c%d", n), err, "plandraft.candidate_saved", n+1)
}

// keepDoubts keeps the extractor's doubts the edit did not answer: a
// deadline typed in answers "no deadline".
func keepDoubts(doubts []string, c extract.Candidate) []string {
	var out []string
	for _, d := range doubts {
		if d == extract.DoubtNoDeadline && !c.Deadline.IsZero() {
			continue
		}
		out = append(out, d)
	}
	return out
}

// draftCandidateAdd adds a target the administrator found in a sentence.
func (s *Server) draftCandidateAdd(w http.ResponseWriter, r *http.Request) {
	admin := currentUser(r)
	d := s.loadDraft(w, r)
	if d == nil {
		return
	}
	c, form, errs := readCandidate(r, i18n.FromRequest(r))
	if c.SourceText == "" {
		errs = append(errs, i18n.FromRequest(r).T("plandraft.problem_no_source"))
	}
	if len(errs) > 0 {
		form.Index, form.State, form.Errors = -1, string(extract.Accepted), errs
		s.renderDraft(w, r, draftPage{status: http.StatusUnprocessableEntity, edited: &form})
		return
	}
	n := 0
	err := s.store.EditPlanDraft(r.Context(), admin, d.ID, func(rv *extract.Review) error {
		rv.Candidates = append(rv.Candidates, extract.Reviewed{Candidate: c, State: extract.Accepted})
		applyUnits(rv, &rv.Candidates[len(rv.Candidates)-1].Candidate)
		n = len(rv.Candidates) - 1
		return nil
	})
	s.draftDone(w, r, d.ID, fmt.Sprintf("#c%d", n), err, "plandraft.candidate_added", n+1)
}

// draftPlanSave saves the plan's metadata and slug.
func (s *Server) draftPlanSave(w http.ResponseWriter, r *http.Request) {
	admin := currentUser(r)
	d := s.loadDraft(w, r)
	if d == nil {
		return
	}
	lang := i18n.FromRequest(r)
	get := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	f := templates.DraftMetaForm{Slug: get("slug"), Title: get("title"), ShortTitle: get("short_title"), Issuer: get("issuer"),
		IssuedOn: get("issued_on"), PeriodStart: get("period_start"), PeriodEnd: get("period_end"), Source: get("source")}
	var m extract.PlanMeta
	m.Title, m.ShortTitle, m.Issuer, m.Source = f.Title, f.ShortTitle, f.Issuer, f.Source
	date := func(key, text string) time.Time {
		if text == "" {
			return time.Time{}
		}
		t, err := time.Parse(time.DateOnly, text)
		if err != nil {
			f.Errors = append(f.Errors, lang.T("plandraft.bad_date", lang.T(key), text))
		}
		return t
	}
	if f.IssuedOn != "" {
		t := date("home.issued_on", f.IssuedOn)
		m.IssuedOn = &t
	}
	m.PeriodStart = date("plandraft.period_start", f.PeriodStart)
	m.PeriodEnd = date("plandraft.period_end", f.PeriodEnd)
	if !slugOK.MatchString(f.Slug) {
		f.Errors = append(f.Errors, lang.T("plandraft.problem_slug", f.Slug))
	}
	if len(f.Errors) > 0 {
		s.renderDraft(w, r, draftPage{status: http.StatusUnprocessableEntity, meta: &f})
		return
	}
	err := s.store.EditPlanDraft(r.Context(), admin, d.ID, func(rv *extract.Review) error {
		// Sections start where the document has them; the metadata form does not edit them.
		m.Source = f.Source
		rv.Slug, rv.Plan = f.Slug, m
		return nil
	})
	s.draftDone(w, r, d.ID, "#plan", err, "plandraft.plan_saved")
}

var slugOK = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// draftPublish publishes the accepted candidates as a plan, or shows why not.
func (s *Server) draftPublish(w http.ResponseWriter, r *http.Request) {
	admin := currentUser(r)
	id, err := pathID(r, "id")
	if err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	slug, res, err := s.store.PublishPlanDraft(r.Context(), admin, id)
	var problems extract.Problems
	if errors.As(err, &problems) {
		s.renderDraft(w, r, draftPage{status: http.StatusUnprocessableEntity, problems: problems})
		return
	}
	if err != nil {
		s.draftDone(w, r, id, "", err, "")
		return
	}
	s.sessions.Put(r.Context(), sessionFlash, i18n.FromRequest(r).T("plandraft.published", res.Created))
	http.Redirect(w, r, "/plans/"+slug, http.StatusSeeOther)
}

// draftDiscard gives a draft up.
func (s *Server) draftDiscard(w http.ResponseWriter, r *http.Request) {
	admin := currentUser(r)
	id, err := pathID(r, "id")
	if err == nil {
		err = s.store.DiscardPlanDraft(r.Context(), admin, id)
	}
	s.adminDone(w, r, "/admin/drafts", err, "plandraft.discarded")
}

// draftDone goes back to the review page at anchor, saying what happened.
func (s *Server) draftDone(w http.ResponseWriter, r *http.Request, id int64, anchor string, err error, okKey string, args ...any) {
	s.adminDone(w, r, fmt.Sprintf("/admin/drafts/%d%s", id, anchor), err, okKey, args...)
}
