package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/testdb"
)

// TestLargeTextMode: the large-text, high-contrast mode is a plain link
// (no script), remembered in a cookie across pages, and switched off the
// same way; it only ever comes back to a page of this site.
func TestLargeTextMode(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	c := h.client()
	plan := "/plans/dalian-2023-livelihood?status=no_data"
	_, doc := c.get(plan)
	if doc.Find("html.large-text").Length() != 0 {
		t.Fatal("large text before it was chosen")
	}
	link := doc.Find(`[data-testid="reading-switch"]`)
	if got := strings.TrimSpace(link.Text()); got != "大字高对比" {
		t.Errorf("switch reads %q", got)
	}
	href, _ := link.Attr("href")
	resp, _ := c.get(href)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != plan {
		t.Fatalf("switching on: %d to %q, want 303 back to %s", resp.StatusCode, resp.Header.Get("Location"), plan)
	}
	for _, path := range []string{plan, "/methodology", "/login"} {
		_, doc = c.get(path)
		if doc.Find("html.large-text").Length() != 1 {
			t.Errorf("%s: the large-text mode is not remembered", path)
		}
	}
	_, doc = c.get("/methodology?lang=en")
	link = doc.Find(`[data-testid="reading-switch"]`)
	if got := strings.TrimSpace(link.Text()); got != "Standard text" {
		t.Errorf("switch in large-text mode reads %q", got)
	}
	href, _ = link.Attr("href")
	if resp, _ := c.get(href); resp.Header.Get("Location") != "/methodology?lang=en" {
		t.Errorf("switching off goes to %q", resp.Header.Get("Location"))
	}
	if _, doc = c.get("/"); doc.Find("html.large-text").Length() != 0 {
		t.Error("still large after switching off")
	}
	// Another visitor is not affected, and the switch never leaves the site.
	if _, doc = h.client().get(plan); doc.Find("html.large-text").Length() != 0 {
		t.Error("the mode leaked to another visitor")
	}
	for _, back := range []string{"//evil.example/x", "https://evil.example/", `/\evil.example`} {
		resp, _ := h.client().get("/reading?size=large&back=" + url.QueryEscape(back))
		if loc := resp.Header.Get("Location"); loc != "/" {
			t.Errorf("back=%s goes to %q", back, loc)
		}
	}
}

// TestFormErrorsTiedToFields: every problem of the figure form sits by its
// field, which is marked invalid and described by it; the summary at the top
// links to the fields and takes the focus. The sign-in form does the same.
func TestFormErrorsTiedToFields(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.user("env@dalian.gov.cn", goalpost.UserEditor, "ecology-environment")
	pm := h.target("t22-pm25-concentration")
	path := fmt.Sprintf("/targets/%d", pm.ID)
	c := h.client()
	c.login("env@dalian.gov.cn")
	resp, doc := c.post(path+"/figures", url.Values{"csrf_token": {c.csrf(path)}, "period": {"2024-13"}, "value": {"三十"}, "note": {"备注"}})
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("status %d", resp.StatusCode)
	}
	for field, want := range map[string]string{"period": "2024-13", "value": "三十"} {
		input := doc.Find(fmt.Sprintf(`[name=%q]`, field))
		if v, _ := input.Attr("aria-invalid"); v != "true" {
			t.Errorf("%s: aria-invalid=%q", field, v)
		}
		described, _ := input.Attr("aria-describedby")
		ids := strings.Fields(described)
		if len(ids) == 0 {
			t.Fatalf("%s: no aria-describedby", field)
		}
		if msg := doc.Find("#" + ids[0]).Text(); !strings.Contains(msg, want) {
			t.Errorf("%s: described first by #%s %q, want its problem (%s)", field, ids[0], msg, want)
		}
		id, _ := input.Attr("id")
		if label := doc.Find(fmt.Sprintf(`label[for=%q]`, id)); label.Length() != 1 {
			t.Errorf("%s: no label for #%s", field, id)
		}
		if doc.Find(fmt.Sprintf(`[data-testid="form-errors"] a[href="#%s"]`, id)).Length() != 1 {
			t.Errorf("%s: the summary does not link to #%s", field, id)
		}
	}
	if v, ok := doc.Find(`[name="note"]`).Attr("aria-invalid"); ok {
		t.Errorf("the note is marked invalid (%q)", v)
	}
	summary := doc.Find(`[data-testid="form-errors"]`)
	if _, ok := summary.Attr("autofocus"); !ok {
		t.Error("the error summary does not take the focus")
	}
	if v, _ := summary.Attr("tabindex"); v != "-1" {
		t.Errorf("error summary tabindex=%q", v)
	}

	// The sign-in form.
	anon := h.client()
	resp, doc = anon.post("/login", url.Values{"csrf_token": {anon.csrf("/login")}, "email": {"env@dalian.gov.cn"}, "password": {"wrong password"}})
	if resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("wrong password: %d", resp.StatusCode)
	}
	for _, name := range []string{"email", "password"} {
		input := doc.Find(fmt.Sprintf(`input[name=%q]`, name))
		described, _ := input.Attr("aria-describedby")
		invalid, _ := input.Attr("aria-invalid")
		if invalid != "true" || !strings.Contains(doc.Find("#"+described).Text(), "邮箱或密码不正确") {
			t.Errorf("%s: aria-invalid=%q, described by #%s", name, invalid, described)
		}
	}
	if _, ok := doc.Find(`[data-testid="login-error"]`).Attr("autofocus"); !ok {
		t.Error("the sign-in error does not take the focus")
	}
}

// TestFigureFormStartsAtPeriodDue: the figure form comes filled in with the
// period due — the overdue one first, then the next — and says so; what an
// official typed, even an empty period, is never replaced.
func TestFigureFormStartsAtPeriodDue(t *testing.T) {
	t.Parallel()
	h := newHarnessAt(t, time.Date(2024, 6, 30, 12, 0, 0, 0, goalpost.Zone()))
	testdb.PublishDirectly(t, h.db)
	h.user("env@dalian.gov.cn", goalpost.UserEditor, "ecology-environment")
	pm := h.target("t22-pm25-concentration") // reported yearly, by 15 January
	path := fmt.Sprintf("/targets/%d", pm.ID)
	c := h.client()
	c.login("env@dalian.gov.cn")
	period := func() (string, string) {
		_, doc := c.get(path)
		v, _ := doc.Find(`input[name="period"]`).Attr("value")
		return v, doc.Find(`[data-testid="period-due"]`).Text()
	}
	if v, note := period(); v != "2023" || !strings.Contains(note, "2023") || !strings.Contains(note, "2024-01-15") {
		t.Errorf("with 2023 overdue the form starts at %q (%q)", v, note)
	}
	if resp, _ := c.post(path+"/figures", url.Values{"csrf_token": {c.csrf(path)}, "period": {"2023"}, "value": {"36"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("enter 2023: %d", resp.StatusCode)
	}
	if v, note := period(); v != "2024" || !strings.Contains(note, "2025-01-15") {
		t.Errorf("with 2023 reported the form starts at %q (%q)", v, note)
	}
	_, doc := c.post(path+"/figures", url.Values{"csrf_token": {c.csrf(path)}, "period": {""}, "value": {"30"}})
	if v, _ := doc.Find(`input[name="period"]`).Attr("value"); v != "" {
		t.Errorf("an emptied period came back as %q", v)
	}
	// The public and other departments see no form at all.
	if _, doc := h.client().get(path); doc.Find(`input[name="period"]`).Length() != 0 {
		t.Error("the public sees the figure form")
	}
}
