package web_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/postgres"
	"github.com/goalpost-civic/goalpost/internal/testdb"
)

func TestAuditTrail(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	testdb.PublishDirectly(t, h.db)
	h.user("admin@dalian.gov.cn", goalpost.UserAdmin)
	h.user("env@dalian.gov.cn", goalpost.UserEditor, "ecology-environment")
	pm := h.target("t22-pm25-concentration")
	editor := h.client()
	editor.login("env@dalian.gov.cn")
	path := fmt.Sprintf("/targets/%d", pm.ID)
	editor.post(path+"/figures", url.Values{"csrf_token": {editor.csrf(path)}, "period": {"2024"}, "value": {"35"}})
	editor.post(path+"/figures", url.Values{"csrf_token": {editor.csrf(path)}, "period": {"2024"}, "value": {"34"}, "reason": {"口径调整"}})

	if resp, _ := editor.get("/admin/audit"); resp.StatusCode != http.StatusForbidden {
		t.Errorf("an editor opening the audit trail: %d, want 403", resp.StatusCode)
	}
	admin := h.client()
	admin.login("admin@dalian.gov.cn")
	_, doc := admin.get("/admin/audit?entity=figure")
	rows := doc.Find(`[data-testid="audit-row"]`)
	if rows.Length() != 2 {
		t.Fatalf("figure entries = %d, want 2", rows.Length())
	}
	first := rows.Eq(0).Text()
	for _, want := range []string{"env@dalian.gov.cn", "127.0.0.1", "correct", `"value": 34`, `"value": "35"`} {
		if !strings.Contains(first, want) {
			t.Errorf("newest entry %q lacks %q", first, want)
		}
	}
	_, doc = admin.get("/admin/audit?actor=nobody")
	if n := doc.Find(`[data-testid="audit-row"]`).Length(); n != 0 {
		t.Errorf("actor filter kept %d rows", n)
	}
	_, doc = admin.get("/admin/audit?from=2024-13-01")
	if !strings.Contains(doc.Find(".errors").Text(), "2024-13-01") {
		t.Error("a bad date is not reported")
	}

	resp, err := admin.http.Get(h.srv.URL + "/admin/audit.csv?entity=figure")
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !bytes.HasPrefix(raw, []byte("\xEF\xBB\xBF")) {
		t.Fatal("no BOM")
	}
	records, err := csv.NewReader(bytes.NewReader(raw[3:])).ReadAll()
	if err != nil || len(records) != 3 || records[0][3] != "address" || records[1][3] != "127.0.0.1" {
		t.Errorf("CSV = %v %v", records, err)
	}
}

func postgresFilter(entity string) postgres.AuditFilter { return postgres.AuditFilter{Entity: entity} }
