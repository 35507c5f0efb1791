package web_test

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/goalpost-civic/goalpost/internal/extract"
	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/postgres"
)

// upload sends the new-plan form with a file (name "" for none) and fields.
func (c *client) uploadDocument(name string, data []byte, fields map[string]string) (*http.Response, *goquery.Document) {
	c.h.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	_ = mw.WriteField("csrf_token", c.csrf("/admin/plans/new"))
	for k, v := range fields {
		_ = mw.WriteField(k, v)
	}
	if name != "" {
		fw, _ := mw.CreateFormFile("file", name)
		_, _ = fw.Write(data)
	}
	_ = mw.Close()
	req, _ := http.NewRequest(http.MethodPost, c.h.srv.URL+"/admin/plans/new", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", c.h.srv.URL)
	return c.read(c.http.Do(req))
}

func devText(t testing.TB) string {
	t.Helper()
	b, err := os.ReadFile("testdata/d1-education-county.txt")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func drafts(t testing.TB, h *harness) []postgres.PlanDraftSummary {
	t.Helper()
	ds, err := h.db.PlanDrafts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

func TestPlanDraftOnlyAdmins(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.user("edu@dalian.gov.cn", goalpost.UserEditor, "education")
	editor := h.client()
	editor.login("edu@dalian.gov.cn")
	for _, page := range []string{"/admin/plans/new", "/admin/drafts", "/admin/drafts/1"} {
		if resp, _ := editor.get(page); resp.StatusCode != http.StatusForbidden {
			t.Errorf("editor GET %s: %d", page, resp.StatusCode)
		}
	}
	token := editor.csrf("/")
	for _, path := range []string{"/admin/drafts/1/plan", "/admin/drafts/1/candidates", "/admin/drafts/1/candidates/0",
		"/admin/drafts/1/publish", "/admin/drafts/1/discard"} {
		if resp, _ := editor.post(path, url.Values{"csrf_token": {token}, "slug": {"x"}}); resp.StatusCode != http.StatusForbidden {
			t.Errorf("editor POST %s: %d", path, resp.StatusCode)
		}
	}
	if resp, _ := editor.uploadDocument("a.txt", []byte(devText(t)), nil); resp.StatusCode != http.StatusForbidden {
		t.Errorf("editor uploading: %d", resp.StatusCode)
	}
	if resp, _ := h.client().get("/admin/plans/new"); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("anonymous: %d, want a redirect to sign in", resp.StatusCode)
	}
	if n := len(drafts(t, h)); n != 0 {
		t.Errorf("%d drafts written", n)
	}
}

func TestPlanDraftBadInput(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.user("admin@dalian.gov.cn", goalpost.UserAdmin)
	admin := h.client()
	admin.login("admin@dalian.gov.cn")

	png := append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), bytes.Repeat([]byte{0, 1, 2, 0xff}, 200)...)
	binary := bytes.Repeat([]byte{0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 2}, 300)
	for _, tc := range []struct {
		name   string
		file   string
		data   []byte
		fields map[string]string
		want   string
	}{
		{"nothing", "", nil, nil, "请选择文件，或粘贴正文"},
		{"empty file", "empty.txt", nil, nil, ""},
		{"blank paste", "", nil, map[string]string{"text": "  \n "}, "请选择文件，或粘贴正文"},
		{"image", "photo.png", png, nil, ""},
		{"binary", "plan.txt", binary, nil, ""},
		{"no targets", "notice.txt", []byte(notice), nil, "没有找到任何量化目标"},
		{"no targets pasted", "", nil, map[string]string{"text": "今天天气很好。"}, "没有找到任何量化目标"},
	} {
		resp, doc := admin.uploadDocument(tc.file, tc.data, tc.fields)
		msg := strings.TrimSpace(doc.Find(`[data-testid="upload-error"]`).Text())
		// An unreadable file is said to be so, not to hold no target.
		if tc.want == "" && strings.Contains(msg, "量化目标") {
			t.Errorf("%s: %q", tc.name, msg)
		}
		if resp.StatusCode != http.StatusUnprocessableEntity || msg == "" || !strings.Contains(msg, tc.want) {
			t.Errorf("%s: %d %q, want 422 saying %q", tc.name, resp.StatusCode, msg, tc.want)
		}
		if doc.Find(`form[action="/admin/plans/new"]`).Length() != 1 {
			t.Errorf("%s: the upload form is not shown again", tc.name)
		}
	}
	// Pasted text that was refused is kept to fix.
	_, doc := admin.uploadDocument("", nil, map[string]string{"text": "今天天气很好。"})
	if got := doc.Find(`textarea[name="text"]`).Text(); got != "今天天气很好。" {
		t.Errorf("pasted text kept = %q", got)
	}
	// A text the extractor finds nothing in can still be drafted, on purpose.
	if doc.Find(`input[name="allow_empty"]`).Length() != 1 {
		t.Error("no way to draft a text without targets")
	}

	// 30 MB: refused from its length, before it is read.
	big := bytes.Repeat([]byte("目标。"), 30<<20/9)
	resp, doc := admin.uploadDocument("big.txt", big, nil)
	if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(doc.Find("main").Text(), "20 MB") {
		t.Errorf("30 MB: %d %q", resp.StatusCode, doc.Find("main").Text())
	}
	if n := len(drafts(t, h)); n != 0 {
		t.Errorf("bad input wrote %d drafts", n)
	}

	resp, _ = admin.uploadDocument("notice.txt", []byte(notice), map[string]string{"allow_empty": "on"})
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/admin/drafts/") {
		t.Fatalf("drafting anyway: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	_, doc = admin.get(resp.Header.Get("Location"))
	if doc.Find(`[data-testid="no-candidates"]`).Length() != 1 || doc.Find(`a.add-sentence`).Length() != 2 {
		t.Errorf("an empty draft's page: %s", doc.Find("main").Text())
	}
}

func day(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }

func ptr(v float64) *float64 { return &v }

// countyDraft is the development text with three candidates, as an
// extractor might propose them: one right, one needing its owner created,
// one that is not a target.
func countyDraft(t *testing.T, h *harness, admin string) int64 {
	t.Helper()
	text := devText(t)
	at := func(s string) (int, int) {
		i := strings.Index(text, s)
		if i < 0 {
			t.Fatalf("%q not in the text", s)
		}
		return i, i + len(s)
	}
	s0, e0 := at("学前三年毛入园率达到95%以上")
	s1, e1 := at("新建、改扩建公办幼儿园12所")
	s2, e2 := at("全县共有幼儿园58所")
	d := &extract.Draft{Text: text,
		Plan:     extract.PlanMeta{Title: "青山县建设教育强县三年行动方案（2024—2026年）", PeriodStart: day("2024-01-01"), PeriodEnd: day("2026-12-31")},
		Sections: []extract.Section{{Key: "二", Title: "工作目标", Start: strings.Index(text, "二、")}, {Key: "三", Title: "重点任务", Start: strings.Index(text, "三、")}},
		Tasks:    []extract.Task{{Section: "三", Number: 1, Title: "扩充学前教育资源", Lead: []string{"县教育局"}, Responsible: []string{"县财政局"}}},
		Targets: []extract.Candidate{
			{Title: "学前三年毛入园率", Kind: "level", Comparator: ">=", Value: ptr(95), Unit: "%", Deadline: day("2026-12-31"),
				Section: "二", SourceText: text[s0:e0], Start: s0, End: e0, Confidence: 0.9},
			{Title: "新建改扩建公办幼儿园", Kind: "cumulative", Comparator: ">=", Value: ptr(12), Unit: "所", Section: "三", Task: 1,
				Lead: []string{"县教育局"}, SourceText: text[s1:e1], Start: s1, End: e1, Doubts: []string{extract.DoubtNoDeadline}},
			{Title: "幼儿园数量", Kind: "level", Comparator: ">=", Value: ptr(58), Unit: "所", Deadline: day("2026-12-31"),
				SourceText: text[s2:e2], Start: s2, End: e2, Doubts: []string{extract.DoubtKind}},
		}}
	users, _ := h.db.Users(context.Background())
	var u *goalpost.User
	for _, x := range users {
		if x.Email == admin {
			u = x
		}
	}
	id, err := h.db.CreatePlanDraft(context.Background(), u, "d1-education-county.txt", text, extract.NewReview(d, "d1-education-county"))
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestPlanDraftReviewAndPublish(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := context.Background()
	h.user("admin@dalian.gov.cn", goalpost.UserAdmin)
	admin := h.client()
	admin.login("admin@dalian.gov.cn")
	id := countyDraft(t, h, "admin@dalian.gov.cn")
	page := fmt.Sprintf("/admin/drafts/%d", id)
	review := func() *extract.Review {
		d, err := h.db.PlanDraft(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return d.Review
	}

	// Resumed from the list.
	_, doc := admin.get("/admin/drafts")
	if link, _ := doc.Find(`[data-testid="draft-row"] a`).First().Attr("href"); link != page {
		t.Errorf("drafts list links %q", link)
	}

	// The document with each candidate marked, linked to its form.
	resp, doc := admin.get(page)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("review page: %d", resp.StatusCode)
	}
	marks := doc.Find(`.draft-document mark a`)
	if marks.Length() != 3 || marks.First().Text() != "全县共有幼儿园58所" {
		t.Errorf("marks: %d, first %q", marks.Length(), marks.First().Text())
	}
	if href, _ := marks.Eq(1).Attr("href"); href != "#c0" || doc.Find(`#c0 input[name="title"]`).AttrOr("value", "") != "学前三年毛入园率" {
		t.Errorf("mark links %q to a form titled %q", href, doc.Find(`#c0 input[name="title"]`).AttrOr("value", ""))
	}
	doubts := doc.Find(`#c1 [data-testid="candidate-doubts"]`).Text()
	for _, want := range []string{"没有找到期限，按规划期末 2026-12-31 计", "牵头单位“县教育局”不是已有单位：发布时将新建", "责任单位“县财政局”不是已有单位"} {
		if !strings.Contains(doubts, want) {
			t.Errorf("doubts of #2 %q lack %q", doubts, want)
		}
	}
	if !strings.Contains(doc.Find(`#c2 [data-testid="candidate-doubts"]`).Text(), "类型是推测的") {
		t.Error("kind doubt not said")
	}

	form := func(n int, fields map[string]string) url.Values {
		_, doc := admin.get(page)
		v := url.Values{"csrf_token": {doc.Find(`input[name="csrf_token"]`).First().AttrOr("value", "")}}
		doc.Find(fmt.Sprintf(`#c%d form`, n)).Find("input, select, textarea").Each(func(_ int, s *goquery.Selection) {
			name := s.AttrOr("name", "")
			switch {
			case name == "" || name == "csrf_token":
			case goquery.NodeName(s) == "select":
				v.Set(name, s.Find("option[selected]").AttrOr("value", ""))
			case goquery.NodeName(s) == "textarea":
				v.Set(name, s.Text())
			case s.AttrOr("type", "") == "checkbox":
				if _, ok := s.Attr("checked"); ok {
					v.Set(name, "on")
				}
			default:
				v.Set(name, s.AttrOr("value", ""))
			}
		})
		for k, x := range fields {
			v.Set(k, x)
		}
		return v
	}

	// A number that cannot be read: said in the page, the input kept, nothing saved.
	resp, doc = admin.post(fmt.Sprintf("%s/candidates/0", page), form(0, map[string]string{"value": "九十五", "title": "学前三年毛入园率（改）", "action": "accept"}))
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(doc.Find(`#c0 [data-testid="candidate-errors"]`).Text(), "九十五") {
		t.Errorf("unreadable value: %d %q", resp.StatusCode, doc.Find(`#c0 [data-testid="candidate-errors"]`).Text())
	}
	if got := doc.Find(`#c0 input[name="title"]`).AttrOr("value", ""); got != "学前三年毛入园率（改）" {
		t.Errorf("typed title lost: %q", got)
	}
	if rv := review(); rv.Candidates[0].Title != "学前三年毛入园率" || rv.Candidates[0].State != extract.Pending {
		t.Errorf("a refused edit was saved: %+v", rv.Candidates[0])
	}
	// Full-width digits read as on the figure form; accepted.
	resp, _ = admin.post(fmt.Sprintf("%s/candidates/0", page), form(0, map[string]string{"value": "９６", "approximate": "on", "action": "accept"}))
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != page+"#c0" {
		t.Errorf("accept: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	if c := review().Candidates[0]; *c.Value != 96 || !c.Approximate || c.State != extract.Accepted {
		t.Errorf("accepted candidate = %+v", c)
	}
	admin.post(fmt.Sprintf("%s/candidates/2", page), form(2, map[string]string{"action": "reject"}))
	// Accepted, but a cumulative target without a number cannot be published.
	admin.post(fmt.Sprintf("%s/candidates/1", page), form(1, map[string]string{"value": "", "action": "accept"}))
	if rv := review(); rv.Candidates[2].State != extract.Rejected || rv.Candidates[1].State != extract.Accepted {
		t.Errorf("states: %s %s", rv.Candidates[1].State, rv.Candidates[2].State)
	}

	// A target from a sentence that is not a candidate.
	text := devText(t)
	sentence := "每年培训教师不少于2000人次"
	off := strings.Index(text, sentence)
	_, doc = admin.get(page)
	if doc.Find(fmt.Sprintf(`a.add-sentence[href="%s?add=%d#new"]`, page, off)).Length() != 1 {
		t.Fatalf("no link to add the sentence at %d", off)
	}
	_, doc = admin.get(fmt.Sprintf("%s?add=%d", page, off))
	newForm := doc.Find(`#new form`)
	if got := newForm.Find(`textarea[name="source_text"]`).Text(); got != sentence {
		t.Fatalf("new target's sentence = %q", got)
	}
	if got := newForm.Find(`input[name="section"]`).AttrOr("value", ""); got != "二" {
		t.Errorf("new target's section = %q", got)
	}
	add := url.Values{"csrf_token": {doc.Find(`input[name="csrf_token"]`).First().AttrOr("value", "")}, "title": {"每年培训教师"},
		"kind": {"annual"}, "comparator": {">="}, "value": {"2000人次"}, "unit": {"人次"}, "deadline": {"2026"}, "section": {"二"},
		"source_text": {sentence}, "start": {fmt.Sprint(off)}, "end": {fmt.Sprint(off + len(sentence))}, "action": {"accept"}}
	resp, _ = admin.post(page+"/candidates", add)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != page+"#c3" {
		t.Fatalf("add: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	if c := review().Candidates[3]; c.Title != "每年培训教师" || *c.Value != 2000 || c.Deadline.Format(time.DateOnly) != "2026-12-31" || c.State != extract.Accepted {
		t.Errorf("added = %+v", c)
	}
	if n := doc.Find(`.draft-document mark`).Length(); n != 3 {
		t.Errorf("before adding: %d marks", n)
	}
	if _, doc = admin.get(page); doc.Find(`.draft-document mark`).Length() != 4 {
		t.Error("the added target is not marked in the document")
	}

	// Publishing refused: the page says which target and why; nothing written.
	resp, doc = admin.post(page+"/publish", url.Values{"csrf_token": {admin.csrf(page)}})
	problems := doc.Find(`[data-testid="publish-problems"]`).Text()
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(problems, "#2 新建改扩建公办幼儿园：这种类型需要目标值") {
		t.Errorf("publish invalid: %d %q", resp.StatusCode, problems)
	}
	if !strings.Contains(doc.Find(`#c1 [data-testid="candidate-problems"]`).Text(), "这种类型需要目标值") {
		t.Error("the candidate's own form does not say its problem")
	}
	admin.post(fmt.Sprintf("%s/candidates/1", page), form(1, map[string]string{"value": "12", "action": "accept"}))

	// A slug already taken: refused, the existing plan untouched.
	resp, _ = admin.post(page+"/plan", url.Values{"csrf_token": {admin.csrf(page)}, "slug": {"dalian-2023-livelihood"}, "title": {"青山县建设教育强县三年行动方案"},
		"short_title": {"青山县教育强县方案"}, "issuer": {"青山县人民政府"}, "period_start": {"2024-01-01"}, "period_end": {"2026-12-31"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("save plan: %d", resp.StatusCode)
	}
	resp, doc = admin.post(page+"/publish", url.Values{"csrf_token": {admin.csrf(page)}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(doc.Find(`[data-testid="publish-problems"]`).Text(), "已被现有计划使用") {
		t.Errorf("publish over a plan: %d %q", resp.StatusCode, doc.Find(`[data-testid="publish-problems"]`).Text())
	}
	if ts, _ := h.db.Targets(ctx, postgres.TargetFilter{Plan: "dalian-2023-livelihood"}); len(ts) != 109 {
		t.Errorf("the existing plan has %d targets", len(ts))
	}
	resp, doc = admin.post(page+"/plan", url.Values{"csrf_token": {admin.csrf(page)}, "slug": {"Qingshan Edu"}, "title": {"改了"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(doc.Find(`[data-testid="meta-errors"]`).Text(), "Qingshan Edu") ||
		doc.Find(`input[name="title"]`).First().AttrOr("value", "") != "改了" {
		t.Errorf("bad slug: %d %q", resp.StatusCode, doc.Find(`[data-testid="meta-errors"]`).Text())
	}
	admin.post(page+"/plan", url.Values{"csrf_token": {admin.csrf(page)}, "slug": {"qingshan-education"}, "title": {"青山县建设教育强县三年行动方案"},
		"short_title": {"青山县教育强县方案"}, "issuer": {"青山县人民政府"}, "period_start": {"2024-01-01"}, "period_end": {"2026-12-31"}})

	resp, _ = admin.post(page+"/publish", url.Values{"csrf_token": {admin.csrf(page)}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/plans/qingshan-education" {
		t.Fatalf("publish: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	_, doc = h.client().get("/plans/qingshan-education")
	body := doc.Find("main").Text()
	for _, want := range []string{"学前三年毛入园率", "新建改扩建公办幼儿园", "每年培训教师"} {
		if !strings.Contains(body, want) {
			t.Errorf("public plan page lacks %q", want)
		}
	}
	if strings.Contains(body, "幼儿园数量") {
		t.Error("a rejected candidate was published")
	}
	kg := h.target("t1-1")
	if len(kg.Lead) != 1 || kg.Lead[0].Name != "县教育局" || kg.Deadline.Format(time.DateOnly) != "2026-12-31" {
		t.Errorf("published task target: lead %+v deadline %s", kg.Lead, kg.Deadline)
	}
	entries, _ := h.db.Audit(ctx, postgres.AuditFilter{Entity: "target"})
	created := 0
	for _, e := range entries {
		if e.Action == "create" && strings.Contains(e.After, "qingshan") || e.Action == "create" && strings.Contains(e.After, "学前三年毛入园率") {
			created++
		}
	}
	if created == 0 {
		t.Error("no audit entry for the published targets")
	}
	// Published: final.
	_, doc = admin.get(page)
	if doc.Find(`[data-testid="draft-published"]`).Length() != 1 || doc.Find(`[data-testid="publish-draft"]`).Length() != 0 {
		t.Error("a published draft still offers to publish")
	}
	admin.post(fmt.Sprintf("%s/candidates/2", page), url.Values{"csrf_token": {admin.csrf(page)}, "action": {"accept"}})
	if rv := review(); rv.Candidates[2].State != extract.Rejected {
		t.Error("a published draft was edited")
	}
}

func TestPlanDraftDiscard(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.user("admin@dalian.gov.cn", goalpost.UserAdmin)
	admin := h.client()
	admin.login("admin@dalian.gov.cn")
	id := countyDraft(t, h, "admin@dalian.gov.cn")
	page := fmt.Sprintf("/admin/drafts/%d", id)
	resp, _ := admin.post(page+"/discard", url.Values{"csrf_token": {admin.csrf(page)}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/admin/drafts" {
		t.Fatalf("discard: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	_, doc := admin.get("/admin/drafts")
	if !strings.Contains(doc.Find(`[data-testid="draft-row"]`).Text(), "已放弃") || !strings.Contains(doc.Find(`[data-testid="admin-flash"]`).Text(), "草稿已放弃") {
		t.Errorf("after discarding: %q", doc.Find("main").Text())
	}
	resp, _ = admin.post(page+"/publish", url.Values{"csrf_token": {admin.csrf(page)}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Errorf("publishing a discarded draft: %d", resp.StatusCode)
	}
	if _, err := h.db.Plan(context.Background(), "d1-education-county"); goalpost.ErrorCode(err) != goalpost.ENOTFOUND {
		t.Errorf("a discarded draft was published: %v", err)
	}
	if _, doc := admin.get("/admin/drafts/999999"); doc.Find("h1").Length() == 0 {
		t.Error("no page for a missing draft")
	}
	if resp, _ := admin.get("/admin/drafts/999999"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("missing draft: %d", resp.StatusCode)
	}
}

// notice is a document with enough text to read and no target in it.
const notice = "关于召开全市教育工作会议的通知\n请各区县教育局、各直属学校主要负责同志于本周五下午到市政府会议室参加全市教育工作会议，会议将通报上半年工作情况并部署下半年重点工作。"
