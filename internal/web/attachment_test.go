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
)

// postFigure submits the figure form with evidence files, as a browser does.
func (c *client) postFigure(path string, fields map[string]string, files map[string][]byte) (*http.Response, *goquery.Document) {
	c.h.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	_ = mw.WriteField("csrf_token", c.csrf(path))
	for k, v := range fields {
		_ = mw.WriteField(k, v)
	}
	for name, data := range files {
		fw, _ := mw.CreateFormFile("evidence", name)
		_, _ = fw.Write(data)
	}
	_ = mw.Close()
	req, _ := http.NewRequest(http.MethodPost, c.h.srv.URL+path+"/figures", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", c.h.srv.URL)
	return c.read(c.http.Do(req))
}

func TestEvidence(t *testing.T) {
	t.Parallel()
	h := newHarness(t) // review required
	h.user("env@dalian.gov.cn", goalpost.UserEditor, "ecology-environment")
	if _, err := h.db.CreateUser(context.Background(), "rev@dalian.gov.cn", "审核员", goalpost.UserEditor, "correct horse battery", nil, []string{"ecology-environment"}); err != nil {
		t.Fatal(err)
	}
	pm := h.target("t22-pm25-concentration")
	path := fmt.Sprintf("/targets/%d", pm.ID)
	editor := h.client()
	editor.login("env@dalian.gov.cn")
	pdf := []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")

	resp, doc := editor.postFigure(path, map[string]string{"period": "2024", "value": "35"},
		map[string][]byte{"公报.pdf": []byte("MZ\x90\x00 this is an executable")})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(doc.Find(`[data-testid="form-errors"]`).Text(), "内容与扩展名 .pdf 不符") {
		t.Fatalf("disguised file: %d %q", resp.StatusCode, doc.Find(`[data-testid="form-errors"]`).Text())
	}
	resp, doc = editor.postFigure(path, map[string]string{"period": "2024", "value": "35"}, map[string][]byte{"run.exe": pdf})
	if !strings.Contains(doc.Find(`[data-testid="form-errors"]`).Text(), "类型不允许") {
		t.Errorf("exe: %d %q", resp.StatusCode, doc.Find(`[data-testid="form-errors"]`).Text())
	}
	if resp, _ := editor.postFigure(path, map[string]string{"period": "2024", "value": "35"}, map[string][]byte{"2024年公报.pdf": pdf}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("with evidence: %d", resp.StatusCode)
	}
	_, doc = editor.get(path)
	link, _ := doc.Find(`[data-testid="attachment"]`).Attr("href")
	if !strings.Contains(doc.Find(`[data-testid="attachment"]`).Text(), "2024年公报.pdf") || link == "" {
		t.Fatalf("no attachment on the page: %q", doc.Find(`[data-testid="figures"]`).Text())
	}
	fetch := func(c *client) (int, string, []byte) {
		resp, err := c.http.Get(h.srv.URL + link)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, resp.Header.Get("Content-Type"), b
	}
	public := h.client()
	if status, _, _ := fetch(public); status != http.StatusNotFound {
		t.Errorf("the public opens unpublished evidence: %d", status)
	}
	reviewer := h.client()
	reviewer.login("rev@dalian.gov.cn")
	if status, ct, body := fetch(reviewer); status != http.StatusOK || ct != "application/pdf" || !bytes.Equal(body, pdf) {
		t.Errorf("reviewer: %d %s", status, ct)
	}
	_, doc = reviewer.get("/review")
	if got := doc.Find(`[data-testid="queue-attachment"]`).Text(); !strings.Contains(got, "2024年公报.pdf") {
		t.Errorf("the review queue does not show the evidence: %q", got)
	}
	action, _ := doc.Find(`form[action$="/approve"]`).Attr("action")
	reviewer.post(action, map[string][]string{"csrf_token": {reviewer.csrf("/review")}})
	if status, _, body := fetch(public); status != http.StatusOK || !bytes.Equal(body, pdf) {
		t.Errorf("public after approval: %d", status)
	}
}
