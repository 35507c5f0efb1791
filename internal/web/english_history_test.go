package web_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/planfile"
)

// A target's history reads in the page's language in every part: the time
// and who (a person, or the program importing a plan file) are separated,
// what a plan file import or the plan editor changed is named in words,
// not by the plan file's field names.
func TestHistoryLinesInThePageLanguage(t *testing.T) {
	t.Parallel()
	h := newHarness(t) // review required
	h.user("admin@dalian.gov.cn", goalpost.UserAdmin)
	h.user("env@dalian.gov.cn", goalpost.UserEditor, "ecology-environment")
	if _, err := h.db.CreateUser(context.Background(), "rev@dalian.gov.cn", "Reviewer", goalpost.UserEditor, "correct horse battery", nil, []string{"ecology-environment"}); err != nil {
		t.Fatal(err)
	}
	pm := h.target("t22-pm25-concentration")
	path := fmt.Sprintf("/targets/%d", pm.ID)

	// A figure entered and approved.
	editor := h.client()
	editor.login("env@dalian.gov.cn")
	if resp, _ := editor.post(path+"/figures", url.Values{"csrf_token": {editor.csrf(path)}, "period": {"2024"}, "value": {"34.5"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("figure: %d", resp.StatusCode)
	}
	reviewer := h.client()
	reviewer.login("rev@dalian.gov.cn")
	_, doc := reviewer.get("/review")
	approve, _ := doc.Find(`form[action$="/approve"]`).Attr("action")
	if resp, _ := reviewer.post(approve, url.Values{"csrf_token": {reviewer.csrf("/review")}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("approve: %d", resp.StatusCode)
	}

	// The plan editor gives an English title and a note.
	admin := h.client()
	admin.login("admin@dalian.gov.cn")
	edit := "/admin/plans/dalian-2023-livelihood/targets/" + pm.Key
	_, doc = admin.get(edit)
	form := url.Values{"csrf_token": {admin.csrf(edit)}}
	for _, name := range []string{"place", "title", "title_en", "kind", "comparator", "value", "unit", "deadline", "cadence", "due_day", "source_text", "notes", "baseline_value", "baseline_date", "baseline_text", "related_task"} {
		form.Set(name, fieldValue(doc, name))
	}
	form.Set("title_en", "Mean PM2.5 concentration")
	form.Set("notes", "年均值")
	form.Set("deadline", "2026-12-31")
	if resp, doc := admin.post(edit, form); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("plan editor: %d %s", resp.StatusCode, doc.Find("main").Text())
	}

	// The bundled plan file, changed, is imported at start-up.
	data := admin.download("/admin/plans/dalian-2023-livelihood.yaml")
	if !bytes.Contains(data, []byte("notes: 年均值")) {
		t.Fatal("the plan file lacks the note")
	}
	data = bytes.Replace(data, []byte("notes: 年均值"), []byte("notes: 年平均值"), 1)
	pf, err := planfile.Read("dalian-2023-livelihood.yaml", bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.db.ImportPlan(context.Background(), pf, "bundled plan file dalian-2023-livelihood.yaml"); err != nil {
		t.Fatal(err)
	}

	lines := func(lang string) []*goquery.Selection {
		t.Helper()
		_, doc := admin.get(path + "?lang=" + lang)
		var out []*goquery.Selection
		doc.Find(`[data-testid="history"] li`).Each(func(_ int, s *goquery.Selection) { out = append(out, s) })
		if len(out) < 4 {
			t.Fatalf("%s: only %d history lines", lang, len(out))
		}
		return out
	}
	rawField := regexp.MustCompile(`\b(target_value|source_text|title_en|baseline_\w+|related_task|notes|deadline)\b`)
	for _, tc := range []struct {
		lang                 string
		importedBy, imported string
		edited, approved     string
		notWanted            []string
	}{
		{"zh", "内置计划文件 dalian-2023-livelihood.yaml：", "计划文件更新了目标定义：备注：年均值 → 年平均值",
			"在计划编辑器中修改了目标定义：英文名称：Average PM2.5 concentration → Mean PM2.5 concentration；期限：2025-12-31 → 2026-12-31；备注：— → 年均值", "批准 2024 第 1 版", []string{"bundled plan file", "T00:00:00Z"}},
		{"en", "the bundled plan file dalian-2023-livelihood.yaml: Definition", "Definition changed by the plan file: Notes: 年均值 → 年平均值",
			"Definition changed in the plan editor: English title: Average PM2.5 concentration → Mean PM2.5 concentration; Deadline: 2025-12-31 → 2026-12-31; Notes: — → 年均值", "Approved revision 1 of 2024", []string{"内置", "T00:00:00Z"}},
	} {
		var all []string
		for _, li := range lines(tc.lang) {
			text := strings.Join(strings.Fields(li.Text()), " ")
			all = append(all, text)
			at := li.Find("time").Text()
			if rest := strings.TrimPrefix(li.Text(), at); rest == li.Text() || !strings.HasPrefix(rest, " ") {
				t.Errorf("%s: the time is not set apart from who: %q", tc.lang, li.Text())
			}
			if m := rawField.FindString(text); m != "" {
				t.Errorf("%s: a plan file's field name %q in %q", tc.lang, m, text)
			}
			for _, bad := range tc.notWanted {
				if strings.Contains(text, bad) {
					t.Errorf("%s: %q in %q", tc.lang, bad, text)
				}
			}
		}
		joined := strings.Join(all, "\n")
		for _, want := range []string{tc.importedBy, tc.imported, tc.edited, tc.approved, "Reviewer"} {
			if !strings.Contains(joined, want) {
				t.Errorf("%s: no %q in the history:\n%s", tc.lang, want, joined)
			}
		}
	}
}
