package web

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"
	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/i18n"
	"github.com/goalpost-civic/goalpost/internal/planfile"
	"github.com/goalpost-civic/goalpost/internal/postgres"
	"github.com/goalpost-civic/goalpost/templates"
)

// adminDone goes back to an admin page, saying what happened: the success
// message, or the error in words the administrator can act on.
func (s *Server) adminDone(w http.ResponseWriter, r *http.Request, back string, err error, okKey string, args ...any) {
	switch goalpost.ErrorCode(err) {
	case "":
		s.sessions.Put(r.Context(), sessionFlash, i18n.FromRequest(r).T(okKey, args...))
	case goalpost.EINVALID, goalpost.ECONFLICT, goalpost.ENOTFOUND:
		s.sessions.Put(r.Context(), sessionFlash, goalpost.ErrorMessageIn(err, i18n.FromRequest(r)))
	default:
		s.renderError(w, r, err, 0)
		return
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
}

func (s *Server) adminUsers(w http.ResponseWriter, r *http.Request) {
	users, err := s.store.Users(r.Context())
	if err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	depts, err := s.store.Departments(r.Context())
	if err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	required, err := s.store.RequireTOTP(r.Context())
	if err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	p := s.page(w, r, "")
	p.Title = p.T("admin.users")
	s.render(w, r, http.StatusOK, templates.AdminUsersPage(p, users, depts, required, s.sessions.PopString(r.Context(), sessionFlash)))
}

func (s *Server) adminUserCreate(w http.ResponseWriter, r *http.Request) {
	admin := currentUser(r)
	_ = r.ParseForm()
	role, err := goalpost.ParseUserRole(r.PostFormValue("role"))
	email := ""
	if err == nil {
		ctx := postgres.WithActor(r.Context(), admin.Email)
		var u *goalpost.User
		u, err = s.store.CreateUser(ctx, r.PostFormValue("email"), r.PostFormValue("name"), role, r.PostFormValue("password"),
			r.PostForm["edit"], r.PostForm["review"])
		if err == nil {
			email = u.Email
		}
	}
	s.adminDone(w, r, "/admin/users", err, "admin.user_created", email)
}

func (s *Server) adminUserMemberships(w http.ResponseWriter, r *http.Request) {
	admin := currentUser(r)
	id, err := pathID(r, "id")
	if err == nil {
		_ = r.ParseForm()
		err = s.store.SetMemberships(r.Context(), admin, id, r.PostForm["edit"], r.PostForm["review"])
	}
	s.adminDone(w, r, "/admin/users", err, "admin.memberships_saved")
}

func (s *Server) adminUserPassword(w http.ResponseWriter, r *http.Request) {
	admin := currentUser(r)
	id, err := pathID(r, "id")
	if err == nil {
		err = s.store.SetPassword(r.Context(), admin, id, r.PostFormValue("password"))
	}
	s.adminDone(w, r, "/admin/users", err, "admin.password_set")
}

func (s *Server) adminDepartments(w http.ResponseWriter, r *http.Request) {
	depts, err := s.store.Departments(r.Context())
	if err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	p := s.page(w, r, "")
	p.Title = p.T("admin.departments")
	s.render(w, r, http.StatusOK, templates.AdminDepartmentsPage(p, depts, s.sessions.PopString(r.Context(), sessionFlash)))
}

func (s *Server) adminDepartmentSave(w http.ResponseWriter, r *http.Request) {
	admin := currentUser(r)
	err := s.store.SaveDepartment(r.Context(), admin, r.PostFormValue("slug"), r.PostFormValue("name"))
	s.adminDone(w, r, "/admin/departments", err, "admin.department_saved", strings.TrimSpace(r.PostFormValue("name")))
}

func (s *Server) adminPlans(w http.ResponseWriter, r *http.Request) {
	plans, err := s.store.Plans(r.Context())
	if err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	rules, err := s.store.Rules(r.Context())
	if err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	p := s.page(w, r, "")
	p.Title = p.T("admin.plans")
	s.render(w, r, http.StatusOK, templates.AdminPlansPage(p, plans, rules, s.sessions.PopString(r.Context(), sessionFlash)))
}

func (s *Server) adminPlanReview(w http.ResponseWriter, r *http.Request) {
	admin := currentUser(r)
	err := s.store.SetPlanReview(r.Context(), admin, chi.URLParam(r, "slug"), r.PostFormValue("requires_review") == "true")
	s.adminDone(w, r, "/admin/plans", err, "admin.plan_saved")
}

// adminPlanImport loads or updates a plan from an uploaded plan file, with
// the same validation and all-or-nothing import as `goalpost import`.
func (s *Server) adminPlanImport(w http.ResponseWriter, r *http.Request) {
	admin := currentUser(r)
	file, header, err := r.FormFile("file")
	if err != nil {
		s.adminDone(w, r, "/admin/plans", goalpost.E(goalpost.EINVALID, "err.choose_plan_file"), "")
		return
	}
	data, err := io.ReadAll(io.LimitReader(file, 8<<20))
	file.Close()
	if err != nil {
		s.renderError(w, r, err, 0)
		return
	}
	pf, err := planfile.Read(header.Filename, bytes.NewReader(data))
	if err != nil {
		var pe *planfile.Error
		if errors.As(err, &pe) {
			err = goalpost.E(goalpost.EINVALID, "planfile.text", pe.Msg())
		} else {
			err = goalpost.Errorf(goalpost.EINVALID, "%s", err.Error())
		}
		s.adminDone(w, r, "/admin/plans", err, "")
		return
	}
	res, err := s.store.ImportPlan(r.Context(), pf, admin.Email)
	s.adminDone(w, r, "/admin/plans", err, "admin.plan_imported", res.In(i18n.FromRequest(r)))
}
