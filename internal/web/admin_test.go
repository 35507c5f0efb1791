package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
)

func TestAdministration(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := context.Background()
	h.user("admin@dalian.gov.cn", goalpost.UserAdmin)
	h.user("env@dalian.gov.cn", goalpost.UserEditor, "ecology-environment")
	admin := h.client()
	admin.login("admin@dalian.gov.cn")
	flash := func(page string) string {
		_, doc := admin.get(page)
		return doc.Find(`[data-testid="admin-flash"]`).Text()
	}

	editor := h.client()
	editor.login("env@dalian.gov.cn")
	for _, page := range []string{"/admin/users", "/admin/departments", "/admin/plans"} {
		if resp, _ := editor.get(page); resp.StatusCode != http.StatusForbidden {
			t.Errorf("editor on %s: %d", page, resp.StatusCode)
		}
	}
	if resp, _ := editor.post("/admin/users", url.Values{"csrf_token": {editor.csrf("/")}, "email": {"x@y.cn"}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("editor creating an account: %d", resp.StatusCode)
	}

	// An account made in the web UI works at once, with what it was given.
	admin.post("/admin/users", url.Values{"csrf_token": {admin.csrf("/admin/users")}, "email": {"Zhao@Dalian.gov.cn"}, "name": {"赵敏"},
		"role": {"editor"}, "password": {"a long passphrase"}, "edit": {"hrss"}, "review": {"hrss", "civil-affairs"}})
	if got := flash("/admin/users"); !strings.Contains(got, "已创建账户 zhao@dalian.gov.cn") {
		t.Fatalf("create: %q", got)
	}
	admin.post("/admin/users", url.Values{"csrf_token": {admin.csrf("/admin/users")}, "email": {"zhao@dalian.gov.cn"}, "name": {"又一个"},
		"role": {"editor"}, "password": {"a long passphrase"}, "edit": {"hrss"}})
	if got := flash("/admin/users"); !strings.Contains(got, "已有账号") {
		t.Errorf("duplicate: %q", got)
	}
	zhao := h.client()
	resp, _ := zhao.post("/login", url.Values{"csrf_token": {zhao.csrf("/login")}, "email": {"zhao@dalian.gov.cn"}, "password": {"a long passphrase"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("new account signs in: %d", resp.StatusCode)
	}
	users, _ := h.db.Users(ctx)
	var id int64
	for _, u := range users {
		if u.Email == "zhao@dalian.gov.cn" {
			id = u.ID
			if len(u.Departments) != 2 {
				t.Errorf("memberships = %+v", u.Departments)
			}
		}
	}
	admin.post(fmt.Sprintf("/admin/users/%d/memberships", id), url.Values{"csrf_token": {admin.csrf("/admin/users")}, "edit": {"education"}})
	u, _ := h.db.User(ctx, id)
	if len(u.Departments) != 1 || u.Departments[0].Slug != "education" || !u.Departments[0].CanEdit || u.Departments[0].CanReview {
		t.Errorf("after editing memberships: %+v", u.Departments)
	}
	admin.post(fmt.Sprintf("/admin/users/%d/password", id), url.Values{"csrf_token": {admin.csrf("/admin/users")}, "password": {"short"}})
	if got := flash("/admin/users"); !strings.Contains(got, "密码至少") {
		t.Errorf("short password: %q", got)
	}

	admin.post("/admin/departments", url.Values{"csrf_token": {admin.csrf("/admin/departments")}, "slug": {"big data"}, "name": {"市大数据局"}})
	if got := flash("/admin/departments"); !strings.Contains(got, "只能由小写字母") {
		t.Errorf("bad slug: %q", got)
	}
	admin.post("/admin/departments", url.Values{"csrf_token": {admin.csrf("/admin/departments")}, "slug": {"big-data"}, "name": {"市大数据局"}})
	if _, err := h.db.Department(ctx, "big-data"); err != nil {
		t.Errorf("new department: %v", err)
	}

	// Publishing directly, then back to review.
	admin.post("/admin/plans/dalian-2023-livelihood/review", url.Values{"csrf_token": {admin.csrf("/admin/plans")}, "requires_review": {"false"}})
	if p, _ := h.db.Plan(ctx, "dalian-2023-livelihood"); p.RequiresReview {
		t.Error("review still required")
	}
	// A broken plan file is refused with its lines; the bundled one imports as unchanged.
	broken, _ := os.ReadFile("../postgres/testdata/invalid.yaml")
	admin.upload("/admin/plans/import", "invalid.yaml", broken, "/admin/plans")
	if got := flash("/admin/plans"); !strings.Contains(got, "第 14 行") {
		t.Errorf("broken plan: %q", got)
	}
	bundled, _ := os.ReadFile("../../plans/dalian-2023-community.yaml")
	admin.upload("/admin/plans/import", "community.yaml", bundled, "/admin/plans")
	if got := flash("/admin/plans"); !strings.Contains(got, "未变 11") {
		t.Errorf("re-import: %q", got)
	}
	entries, _ := h.db.Audit(ctx, postgresFilter("user"))
	if len(entries) < 3 {
		t.Errorf("account changes in the trail: %d", len(entries))
	}
}

func TestPasswordResetEndsSessions(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.user("admin@dalian.gov.cn", goalpost.UserAdmin)
	h.user("env@dalian.gov.cn", goalpost.UserEditor, "ecology-environment")
	victim := h.client()
	victim.login("env@dalian.gov.cn")
	users, _ := h.db.Users(context.Background())
	var id int64
	for _, u := range users {
		if u.Email == "env@dalian.gov.cn" {
			id = u.ID
		}
	}
	admin := h.client()
	admin.login("admin@dalian.gov.cn")
	admin.post(fmt.Sprintf("/admin/users/%d/password", id), url.Values{"csrf_token": {admin.csrf("/admin/users")}, "password": {"a brand new passphrase"}})
	if _, doc := victim.get("/"); doc.Find(`[data-testid="signed-in"]`).Length() != 0 {
		t.Error("a session from before the password reset still works")
	}
	if _, doc := admin.get("/"); doc.Find(`[data-testid="signed-in"]`).Length() != 1 {
		t.Error("the administrator was signed out too")
	}
}
