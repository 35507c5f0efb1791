package web_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
)

// TestTargetAndPlanDownload: a target's page and a plan's page link their
// data as CSV and JSON, and the links work; a target's CSV holds every
// published revision of its figures, not one waiting for review.
func TestTargetAndPlanDownload(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := context.Background()
	admin, err := h.db.CreateUser(ctx, "admin@dalian.gov.cn", "管理员", goalpost.UserAdmin, "correct horse battery", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	editor, err := h.db.CreateUser(ctx, "env@dalian.gov.cn", "王芳", goalpost.UserEditor, "correct horse battery", []string{"ecology-environment"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	pm := h.target("t22-pm25-concentration")
	y2023, _ := goalpost.ParsePeriod("2023")
	y2024, _ := goalpost.ParsePeriod("2024")
	if _, err := h.db.Pool.Exec(ctx, `UPDATE plans SET requires_review = false`); err != nil {
		t.Fatal(err)
	}
	for _, nf := range []goalpost.NewFigure{
		{TargetID: pm.ID, Period: y2023, Value: 31.5, Note: "=HYPERLINK(\"x\")"},
		{TargetID: pm.ID, Period: y2023, Value: 30.9, Reason: "统计口径更正"},
	} {
		if _, err := h.db.AddFigure(ctx, admin, nf); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := h.db.Pool.Exec(ctx, `UPDATE plans SET requires_review = true`); err != nil {
		t.Fatal(err)
	}
	if _, err := h.db.AddFigure(ctx, editor, goalpost.NewFigure{TargetID: pm.ID, Period: y2024, Value: 29.4}); err != nil {
		t.Fatal(err)
	}

	c := h.client()
	fetch := func(path string) (*http.Response, string) {
		t.Helper()
		resp, err := c.http.Get(h.srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: status %d: %s", path, resp.StatusCode, b)
		}
		return resp, string(b)
	}

	_, doc := c.get(fmt.Sprintf("/targets/%d", pm.ID))
	csvLink := doc.Find(`[data-testid="download-csv"]`).AttrOr("href", "")
	jsonLink := doc.Find(`[data-testid="download-json"]`).AttrOr("href", "")
	if csvLink == "" || jsonLink == "" {
		t.Fatalf("target page links CSV %q and JSON %q", csvLink, jsonLink)
	}
	resp, body := fetch(csvLink)
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
		t.Errorf("CSV Content-Type %q", ct)
	}
	if cd := resp.Header.Get("Content-Disposition"); !strings.Contains(cd, fmt.Sprintf("goalpost-target-%d.csv", pm.ID)) {
		t.Errorf("CSV Content-Disposition %q", cd)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\uFEFF"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 {
		t.Fatalf("CSV has %d rows, want a header and the two published revisions:\n%s", len(rows), body)
	}
	col := map[string]int{}
	for i, name := range rows[0] {
		col[name] = i
	}
	for _, name := range []string{"target_id", "title", "period", "value", "unit", "revision", "current", "reason", "note"} {
		if _, ok := col[name]; !ok {
			t.Fatalf("CSV lacks column %s: %v", name, rows[0])
		}
	}
	cur, old := rows[1], rows[2]
	if cur[col["value"]] != "30.9" || cur[col["current"]] != "true" || cur[col["reason"]] != "统计口径更正" || cur[col["title"]] != "PM_2.5平均浓度" {
		t.Errorf("current row %v", cur)
	}
	if old[col["value"]] != "31.5" || old[col["current"]] != "false" || strings.HasPrefix(old[col["note"]], "=") {
		t.Errorf("superseded row %v (a note starting with = must not be a formula)", old)
	}
	if strings.Contains(body, "29.4") {
		t.Errorf("the CSV carries a figure waiting for review")
	}
	_, body = fetch(jsonLink)
	var got struct {
		Target  struct{ Title string }
		Figures []struct{ Value float64 }
	}
	if err := json.Unmarshal([]byte(body), &got); err != nil || got.Target.Title != "PM_2.5平均浓度" || len(got.Figures) != 2 {
		t.Errorf("JSON %s (%v)", body, err)
	}
	resp, _ = c.get("/api/v1/targets/999999.csv")
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("missing target's CSV: %d", resp.StatusCode)
	}

	_, doc = c.get("/plans/dalian-2023-livelihood")
	for _, sel := range []string{`[data-testid="download-csv"]`, `[data-testid="download-json"]`} {
		href := doc.Find(sel).AttrOr("href", "")
		if href == "" {
			t.Errorf("plan page has no %s", sel)
			continue
		}
		if _, body := fetch(href); !strings.Contains(body, "普惠性幼儿园覆盖率") {
			t.Errorf("%s does not hold the plan's targets", href)
		}
	}
}
