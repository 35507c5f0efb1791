package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/i18n"
	"github.com/goalpost-civic/goalpost/internal/ledger"
	"github.com/goalpost-civic/goalpost/internal/postgres"
	"github.com/goalpost-civic/goalpost/templates"
)

// canKeepLedger reports whether u enters figures for d (or is an administrator).
func canKeepLedger(u *goalpost.User, d goalpost.Department) bool {
	if u == nil {
		return false
	}
	if u.Role == goalpost.UserAdmin {
		return true
	}
	for _, m := range u.Departments {
		if m.ID == d.ID && m.CanEdit {
			return true
		}
	}
	return false
}

// ledgerSheet builds the department's ledger for a member, or answers.
func (s *Server) ledgerSheet(w http.ResponseWriter, r *http.Request) (*goalpost.User, *ledger.Sheet) {
	u := s.signedIn(w, r)
	if u == nil {
		return nil, nil
	}
	d, err := s.store.Department(r.Context(), chi.URLParam(r, "slug"))
	if err != nil {
		s.renderError(w, r, err, 0)
		return nil, nil
	}
	if !canKeepLedger(u, d) {
		s.renderError(w, r, goalpost.Errorf(goalpost.EFORBIDDEN, "%s", i18n.FromRequest(r).T("ledger.not_member", d.Name)), 0)
		return nil, nil
	}
	targets, err := s.store.Targets(r.Context(), postgres.TargetFilter{Department: d.Slug})
	if err != nil {
		s.renderError(w, r, err, 0)
		return nil, nil
	}
	ids := make([]int64, len(targets))
	for i, t := range targets {
		ids[i] = t.ID
	}
	latest, err := s.store.LatestFigures(r.Context(), ids)
	if err != nil {
		s.renderError(w, r, err, 0)
		return nil, nil
	}
	p := s.page(w, r, "")
	sheet := ledger.Build(d, targets, latest, p.GoalText, s.now())
	return u, &sheet
}

func (s *Server) ledgerXLSX(w http.ResponseWriter, r *http.Request) { s.ledgerDownload(w, r, "xlsx") }
func (s *Server) ledgerCSV(w http.ResponseWriter, r *http.Request)  { s.ledgerDownload(w, r, "csv") }

func (s *Server) ledgerDownload(w http.ResponseWriter, r *http.Request, format string) {
	_, sheet := s.ledgerSheet(w, r)
	if sheet == nil {
		return
	}
	var buf bytes.Buffer
	var err error
	if format == "xlsx" {
		err = sheet.WriteXLSX(&buf)
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	} else {
		err = sheet.WriteCSV(&buf)
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	}
	if err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	name := fmt.Sprintf("goalpost-ledger-%s-%s.%s", sheet.Department.Slug, s.now().Format("20060102"), format)
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(buf.Bytes())
}

// ledgerUpload reads a filled-in ledger and previews it: per row what
// changes, per cell what is wrong. Nothing is written until confirmed.
func (s *Server) ledgerUpload(w http.ResponseWriter, r *http.Request) {
	u, sheet := s.ledgerSheet(w, r)
	if sheet == nil {
		return
	}
	v := templates.LedgerPreview{Department: sheet.Department}
	file, _, err := r.FormFile("file")
	var data []byte
	if err == nil {
		data, err = io.ReadAll(io.LimitReader(file, ledger.MaxUpload+1))
		file.Close()
	}
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig) || len(data) > ledger.MaxUpload:
		v.Fatal = i18n.FromRequest(r).T("ledger.too_big", ledger.MaxUpload>>20)
	case err != nil:
		v.Fatal = i18n.FromRequest(r).T("ledger.choose_file")
	}
	if v.Fatal == "" {
		table, err := s.readSpreadsheet(r.Context(), data)
		if errors.Is(err, errBusy) {
			s.renderBusy(w, r)
			return
		} else if err != nil {
			v.Fatal = err.Error()
			if goalpost.ErrorCode(err) != goalpost.EINTERNAL {
				v.Fatal = goalpost.ErrorMessageIn(err, i18n.FromRequest(r))
			}
		} else {
			v.Changes, v.Problems = sheet.Compare(table)
		}
	}
	if v.Fatal == "" && len(v.Problems) == 0 && len(v.Changes) > 0 {
		// A dry run under every rule of entering figures (scope, overlaps,
		// reviews pending, corrections), so the preview is what confirming does.
		nfs := make([]goalpost.NewFigure, len(v.Changes))
		for i, c := range v.Changes {
			nfs[i] = c.Figure
		}
		results, _, err := s.store.AddFigures(r.Context(), u, nfs, false)
		if err != nil {
			s.renderError(w, r, err, 0)
			return
		}
		v.Problems = append(v.Problems, batchProblems(v.Changes, results)...)
		if len(v.Problems) == 0 {
			v.UploadID, err = s.store.SaveLedgerUpload(r.Context(), u, sheet.Department.ID, nfs)
			if err != nil {
				s.renderError(w, r, err, 0)
				return
			}
		}
	}
	s.renderLedgerPreview(w, r, v)
}

// errBusy: every slot for reading spreadsheets stayed taken.
var errBusy = errors.New("web: spreadsheet readers busy")

// readSpreadsheet reads an uploaded ledger when a slot is free.
func (s *Server) readSpreadsheet(ctx context.Context, data []byte) (rows [][]string, err error) {
	err = s.whenReaderFree(ctx, func() error {
		rows, err = ledger.ReadTable(data)
		return err
	})
	return rows, err
}

// whenReaderFree runs read once one of the few slots for reading uploads
// (spreadsheets, documents) is free, or gives up with errBusy after readWait.
func (s *Server) whenReaderFree(ctx context.Context, read func() error) error {
	wait := time.NewTimer(s.readWait)
	defer wait.Stop()
	select {
	case s.readers <- struct{}{}:
		defer func() { <-s.readers }()
	case <-wait.C:
		return errBusy
	case <-ctx.Done():
		return ctx.Err()
	}
	return read()
}

// renderBusy asks to try again shortly.
func (s *Server) renderBusy(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Retry-After", "10")
	p := s.page(w, r, "")
	p.Title = p.T("error.busy")
	s.render(w, r, http.StatusServiceUnavailable, templates.ErrorPage(p, p.Title, p.T("ledger.busy")))
}

func batchProblems(changes []ledger.Change, results []postgres.BatchResult) []ledger.Problem {
	var problems []ledger.Problem
	for i, res := range results {
		if res.Err != nil {
			problems = append(problems, ledger.Problem{Row: changes[i].Row, Column: changes[i].Column, Message: goalpost.ErrorMessage(res.Err), Err: res.Err})
		}
	}
	return problems
}

func (s *Server) renderLedgerPreview(w http.ResponseWriter, r *http.Request, v templates.LedgerPreview) {
	status := http.StatusOK
	if v.Fatal != "" || len(v.Problems) > 0 {
		status = http.StatusUnprocessableEntity
	}
	p := s.page(w, r, "")
	p.Title = p.T("ledger.preview_title")
	s.render(w, r, status, templates.LedgerPreviewPage(p, v))
}

// ledgerConfirm writes a previewed upload in one transaction.
func (s *Server) ledgerConfirm(w http.ResponseWriter, r *http.Request) {
	u := s.signedIn(w, r)
	if u == nil {
		return
	}
	id, err := pathID(r, "id")
	if err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	started := time.Now()
	nfs, results, ok, err := s.store.ApplyLedgerUpload(r.Context(), u, id)
	if err != nil {
		s.renderError(w, r, err, http.StatusConflict)
		return
	}
	if !ok {
		// Something changed since the preview: say what, write nothing.
		v := templates.LedgerPreview{Fatal: i18n.FromRequest(r).T("ledger.changed_since")}
		for i, res := range results {
			if res.Err != nil {
				v.Problems = append(v.Problems, ledger.Problem{Message: nfs[i].Period.Label + i18n.FromRequest(r).T("punct.colon") + goalpost.ErrorMessageIn(res.Err, i18n.FromRequest(r))})
			}
		}
		s.renderLedgerPreview(w, r, v)
		return
	}
	s.log.Info("ledger applied", "user", u.Email, "figures", len(nfs), "took", time.Since(started))
	s.sessions.Put(r.Context(), sessionFlash, i18n.FromRequest(r).T("ledger.applied", len(nfs)))
	http.Redirect(w, r, safeNext("/departments/"+url.PathEscape(r.PostFormValue("department"))), http.StatusSeeOther)
}
