package web_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/testdb"
	"github.com/xuri/excelize/v2"
)

// download fetches a file as the signed-in client.
func (c *client) download(path string) []byte {
	c.h.t.Helper()
	resp, err := c.http.Get(c.h.srv.URL + path)
	if err != nil {
		c.h.t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		c.h.t.Fatalf("GET %s: %d", path, resp.StatusCode)
	}
	b, _ := io.ReadAll(resp.Body)
	return b
}

// upload posts a file the way the department page's form does.
func (c *client) upload(path, name string, data []byte, csrfFrom string) (*http.Response, *goquery.Document) {
	c.h.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	_ = mw.WriteField("csrf_token", c.csrf(csrfFrom))
	fw, _ := mw.CreateFormFile("file", name)
	_, _ = fw.Write(data)
	_ = mw.Close()
	req, _ := http.NewRequest(http.MethodPost, c.h.srv.URL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", c.h.srv.URL)
	return c.read(c.http.Do(req))
}

// fillXLSX sets cells of a downloaded ledger, by target id and column header.
func fillXLSX(t *testing.T, data []byte, cells map[int64]map[string]string) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("台账")
	header := map[string]int{}
	for j, h := range rows[2] {
		header[h] = j + 1
	}
	for i, row := range rows[3:] {
		var id int64
		fmt.Sscan(row[0], &id)
		for col, value := range cells[id] {
			name, _ := excelize.CoordinatesToCellName(header[col], i+4)
			if err := f.SetCellValue("台账", name, value); err != nil {
				t.Fatal(err)
			}
		}
	}
	var out bytes.Buffer
	if err := f.Write(&out); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func TestLedgerRoundTrip(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	testdb.PublishDirectly(t, h.db)
	h.user("env@dalian.gov.cn", goalpost.UserEditor, "ecology-environment")
	h.user("edu@dalian.gov.cn", goalpost.UserEditor, "education")
	pm := h.target("t22-pm25-concentration")
	days := h.target("t22-heavy-pollution-days-ratio")
	c := h.client()
	c.login("env@dalian.gov.cn")
	dept := "/departments/ecology-environment"

	_, doc := c.get(dept)
	if doc.Find(`[data-testid="ledger-xlsx"]`).Length() != 1 {
		t.Fatal("no ledger on the department page for its member")
	}
	other := h.client()
	other.login("edu@dalian.gov.cn")
	if resp, _ := other.get(dept + "/ledger.xlsx"); resp.StatusCode != http.StatusForbidden {
		t.Errorf("another department's ledger: %d, want 403", resp.StatusCode)
	}

	original := c.download(dept + "/ledger.xlsx")
	// Unchanged, it is a no-op.
	resp, doc := c.upload(dept+"/ledger", "ledger.xlsx", original, dept)
	if resp.StatusCode != http.StatusOK || doc.Find(`[data-testid="ledger-nochange"]`).Length() != 1 {
		t.Fatalf("unchanged upload: %d %s", resp.StatusCode, doc.Find("main").Text())
	}

	// A mistake: nothing is written, the cell is named.
	bad := fillXLSX(t, original, map[int64]map[string]string{pm.ID: {"2024": "三十五"}, days.ID: {"2024": "0.7"}})
	resp, doc = c.upload(dept+"/ledger", "ledger.xlsx", bad, dept)
	problems := doc.Find(`[data-testid="ledger-problems"]`).Text()
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(problems, `“2024”列：“三十五”`) || doc.Find(`[data-testid="ledger-confirm"]`).Length() != 0 {
		t.Errorf("bad upload: %d %q", resp.StatusCode, problems)
	}

	good := fillXLSX(t, original, map[int64]map[string]string{pm.ID: {"2023": "36.1", "2024": "34.5"}, days.ID: {"2024": "0.7%"}})
	resp, doc = c.upload(dept+"/ledger", "ledger.xlsx", good, dept)
	if resp.StatusCode != http.StatusOK || doc.Find(`[data-testid="ledger-change"]`).Length() != 3 {
		t.Fatalf("good upload: %d %s", resp.StatusCode, doc.Find("main").Text())
	}
	if figs, _ := h.db.Figures(context.Background(), pm.ID, true); len(figs) != 0 {
		t.Fatal("the preview wrote figures")
	}
	action, _ := doc.Find(`form[action$="/confirm"]`).Attr("action")
	resp, _ = c.post(action, mustValues("csrf_token", c.csrf(dept), "department", "ecology-environment"))
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("confirm: %d", resp.StatusCode)
	}
	_, doc = c.get(dept)
	if got := doc.Find(`[data-testid="dept-flash"]`).Text(); !strings.Contains(got, "已写入 3 个数值") {
		t.Errorf("flash = %q", got)
	}
	got, _ := h.db.Target(context.Background(), pm.ID)
	if got.Summary.Count != 2 || got.Summary.Latest.Value != 34.5 {
		t.Errorf("PM2.5 after the ledger: %d figures, latest %v", got.Summary.Count, got.Summary.Latest)
	}
	// Confirming again writes nothing more.
	if resp, _ := c.post(action, mustValues("csrf_token", c.csrf(dept))); resp.StatusCode != http.StatusConflict {
		t.Errorf("second confirm: %d, want 409", resp.StatusCode)
	}

	// The new download, uploaded unchanged, is again a no-op; as CSV too.
	for _, format := range []string{"xlsx", "csv"} {
		again := c.download(dept + "/ledger." + format)
		_, doc = c.upload(dept+"/ledger", "ledger."+format, again, dept)
		if doc.Find(`[data-testid="ledger-nochange"]`).Length() != 1 {
			t.Errorf("%s re-upload: %s", format, doc.Find("main").Text())
		}
	}
	// A correction without a reason is refused; with one in 备注 it goes through.
	csv := string(c.download(dept + "/ledger.csv"))
	lines := strings.Split(csv, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, fmt.Sprintf("%d,", pm.ID)) {
			lines[i] = strings.Replace(l, "34.5", "34.2", 1)
		}
	}
	_, doc = c.upload(dept+"/ledger", "ledger.csv", []byte(strings.Join(lines, "\n")), dept)
	if !strings.Contains(doc.Find(`[data-testid="ledger-problems"]`).Text(), "更正须在“备注”列写明原因") {
		t.Errorf("correction without reason: %s", doc.Find("main").Text())
	}

	// Not a spreadsheet at all.
	resp, doc = c.upload(dept+"/ledger", "notes.xlsx", []byte("PK\x03\x04 not really"), dept)
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(doc.Find(`[data-testid="ledger-fatal"]`).Text(), "请上传") {
		t.Errorf("garbage: %d %s", resp.StatusCode, doc.Find("main").Text())
	}
	// Too large a file is refused before it is read.
	resp, _ = c.upload(dept+"/ledger", "big.csv", bytes.Repeat([]byte("1,2,3\n"), 1<<20), dept)
	if resp.StatusCode < 400 {
		t.Errorf("6 MB upload: %d", resp.StatusCode)
	}
}

func mustValues(kv ...string) map[string][]string {
	out := map[string][]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		out[kv[i]] = []string{kv[i+1]}
	}
	return out
}
