package web_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/testdb"
	"github.com/goalpost-civic/goalpost/internal/web"
)

func TestPublicPages(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	c := h.client()

	resp, doc := c.get("/")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("home: %d", resp.StatusCode)
	}
	if got, want := doc.Find(`[data-testid="plan-card"]`).Length(), 2; got != want {
		t.Errorf("plan cards = %d, want %d", got, want)
	}
	if lang, _ := doc.Find("html").Attr("lang"); lang != "zh-CN" {
		t.Errorf("lang = %q", lang)
	}
	if got := doc.Find(`[data-testid="count-no_data"]`).Map(func(_ int, s *goquery.Selection) string { return s.Text() }); strings.Join(got, ",") != "11,109" {
		t.Errorf("no-data counts = %v", got)
	}

	resp, doc = c.get("/plans/dalian-2023-livelihood")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("plan: %d", resp.StatusCode)
	}
	if got := doc.Find(`[data-testid="target-row"]`).Length(); got != 109 {
		t.Errorf("target rows = %d, want 109", got)
	}
	rollup := doc.Find(`[data-testid="rollup-row"]`)
	if rollup.Length() != 1+13 || !strings.Contains(rollup.First().Text(), "109 个目标中 0 个有数据") {
		t.Errorf("roll-up: %d rows, first %q", rollup.Length(), rollup.First().Text())
	}
	pm := h.target("t22-pm25-concentration")
	row := doc.Find(fmt.Sprintf(`[data-target-id="%d"]`, pm.ID))
	if got := row.Find(`[data-testid="goal"]`).Text(); got != "到2025年 ≤ 32微克/立方米" {
		t.Errorf("PM2.5 goal reads %q", got)
	}
	if got := strings.TrimSpace(row.Find(`[data-testid="status"]`).Text()); got != "无数据" {
		t.Errorf("PM2.5 status reads %q", got)
	}

	// Filters live in the URL.
	_, doc = c.get("/plans/dalian-2023-livelihood?department=ecology-environment")
	if got := doc.Find(`[data-testid="target-row"]`).Length(); got == 0 || got >= 109 {
		t.Errorf("department filter shows %d rows", got)
	}
	if v, _ := doc.Find(`select[name="department"] option[selected]`).Attr("value"); v != "ecology-environment" {
		t.Errorf("department filter not kept in the form: %q", v)
	}
	_, doc = c.get("/plans/dalian-2023-livelihood?section=" + url.QueryEscape("二(八)"))
	if got := doc.Find(`[data-testid="target-row"]`).Length(); got == 0 || got >= 109 {
		t.Errorf("section filter shows %d rows", got)
	}
	_, doc = c.get("/plans/dalian-2023-livelihood?status=achieved")
	if got := doc.Find(`[data-testid="target-row"]`).Length(); got != 0 {
		t.Errorf("status filter achieved shows %d rows with no figures", got)
	}

	resp, doc = c.get(fmt.Sprintf("/targets/%d", pm.ID))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("target: %d", resp.StatusCode)
	}
	if got := doc.Find(`[data-testid="source-text"]`).Text(); !strings.Contains(got, "PM_2.5平均浓度降至32微克/立方米以下") {
		t.Errorf("source text = %q", got)
	}
	if doc.Find(`form[action$="/figures"]`).Length() != 0 {
		t.Error("anonymous visitor sees the figure form")
	}

	resp, doc = c.get("/departments/ecology-environment")
	if resp.StatusCode != http.StatusOK || doc.Find(`[data-testid="target-row"]`).Length() == 0 {
		t.Errorf("department page: %d, %d rows", resp.StatusCode, doc.Find(`[data-testid="target-row"]`).Length())
	}

	_, doc = c.get("/plans/dalian-2023-livelihood?lang=en")
	if lang, _ := doc.Find("html").Attr("lang"); lang != "en" {
		t.Errorf("English page lang = %q", lang)
	}
	if got := doc.Find(fmt.Sprintf(`[data-target-id="%d"] [data-testid="goal"]`, pm.ID)).Text(); got != "≤ 32 μg/m³ by 2025" {
		t.Errorf("English PM2.5 goal reads %q", got)
	}
}

func TestNotFoundIsHelpful(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	c := h.client()
	for _, path := range []string{"/plans/nope", "/targets/abc", "/targets/0", "/targets/-3", "/targets/99999999",
		"/targets/99999999999999999999999", "/departments/nope", "/no/such/page", "/targets/1.5"} {
		resp, doc := c.get(path)
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", path, resp.StatusCode)
		}
		if !strings.Contains(doc.Find("main").Text(), "找不到该页面") || doc.Find(`main a[href="/"]`).Length() == 0 {
			t.Errorf("%s: 404 page lacks an explanation and a way home", path)
		}
	}
}

func TestFigureEntry(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	testdb.PublishDirectly(t, h.db)
	h.user("env@dalian.gov.cn", goalpost.UserEditor, "ecology-environment")
	h.user("edu@dalian.gov.cn", goalpost.UserEditor, "education")
	pm := h.target("t22-pm25-concentration")
	path := fmt.Sprintf("/targets/%d", pm.ID)
	figures := path + "/figures"

	t.Run("without a CSRF token the POST is refused", func(t *testing.T) {
		c := h.client()
		c.login("env@dalian.gov.cn")
		resp, doc := c.post(figures, url.Values{"period": {"2024"}, "value": {"30"}})
		if resp.StatusCode != http.StatusForbidden || !strings.Contains(doc.Text(), "表单已过期") {
			t.Errorf("status %d", resp.StatusCode)
		}
		resp, _ = c.post(figures, url.Values{"csrf_token": {"forged"}, "period": {"2024"}, "value": {"30"}})
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("forged token: status %d", resp.StatusCode)
		}
	})
	t.Run("anonymous POST is refused", func(t *testing.T) {
		c := h.client()
		resp, _ := c.post(figures, url.Values{"csrf_token": {c.csrf("/login")}, "period": {"2024"}, "value": {"30"}})
		if resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("status %d, want 401", resp.StatusCode)
		}
	})
	t.Run("an editor of another department gets 403 and no form", func(t *testing.T) {
		c := h.client()
		c.login("edu@dalian.gov.cn")
		_, doc := c.get(path)
		if doc.Find(`form[action$="/figures"]`).Length() != 0 {
			t.Error("form shown to another department")
		}
		resp, _ := c.post(figures, url.Values{"csrf_token": {c.csrf(path)}, "period": {"2024"}, "value": {"30"}})
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("status %d, want 403", resp.StatusCode)
		}
	})

	c := h.client()
	c.login("env@dalian.gov.cn")
	t.Run("bad input keeps what was typed and says what is wrong", func(t *testing.T) {
		for _, tc := range []struct{ period, value, want string }{
			{"2024", "三十", "三十"},
			{"2024", "30%", "微克/立方米"},
			{"2024-13", "30", "2024-13"},
			{"", "30", "请填写时期"},
			{"2024", "", "请填写"},
		} {
			resp, doc := c.post(figures, url.Values{"csrf_token": {c.csrf(path)}, "period": {tc.period}, "value": {tc.value}, "note": {"保留的备注"}})
			if resp.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("%q %q: status %d", tc.period, tc.value, resp.StatusCode)
			}
			errs := doc.Find(`[data-testid="form-errors"]`).Text()
			if !strings.Contains(errs, tc.want) {
				t.Errorf("%q %q: errors %q lack %q", tc.period, tc.value, errs, tc.want)
			}
			if v, _ := doc.Find(`input[name="value"]`).Attr("value"); v != tc.value {
				t.Errorf("typed value lost: %q", v)
			}
			if got := doc.Find(`textarea[name="note"]`).Text(); got != "保留的备注" {
				t.Errorf("typed note lost: %q", got)
			}
		}
		if got, _ := h.db.Figures(context.Background(), pm.ID, true); len(got) != 0 {
			t.Errorf("rejected forms stored %d figures", len(got))
		}
	})
	t.Run("a figure is saved and shown at once", func(t *testing.T) {
		resp, _ := c.post(figures, url.Values{"csrf_token": {c.csrf(path)}, "period": {"２０２４"}, "value": {"３４．５"}, "note": {"年报"}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("status %d", resp.StatusCode)
		}
		_, doc := c.get(path)
		if got := doc.Find(`[data-testid="saved"]`).Text(); !strings.Contains(got, "34.5") {
			t.Errorf("saved message %q", got)
		}
		_, doc = h.client().get("/plans/dalian-2023-livelihood")
		row := doc.Find(fmt.Sprintf(`[data-target-id="%d"]`, pm.ID))
		if got := row.Find(`[data-testid="latest"]`).Text(); !strings.Contains(got, "34.5微克/立方米（2024）") {
			t.Errorf("plan page latest = %q", got)
		}
	})
	t.Run("a correction needs a reason and keeps the original", func(t *testing.T) {
		resp, doc := c.post(figures, url.Values{"csrf_token": {c.csrf(path)}, "period": {"2024"}, "value": {"33"}})
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(doc.Find(`[data-testid="form-errors"]`).Text(), "更正须填写更正原因") {
			t.Fatalf("correction without reason: %d", resp.StatusCode)
		}
		resp, _ = c.post(figures, url.Values{"csrf_token": {c.csrf(path)}, "period": {"2024"}, "value": {"33"}, "reason": {"统计口径调整"}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("correction: %d", resp.StatusCode)
		}
		_, doc = h.client().get(path)
		rows := doc.Find(`[data-testid="figure-row"]`)
		if rows.Length() != 2 {
			t.Fatalf("figure rows = %d, want 2 revisions", rows.Length())
		}
		if got := rows.Eq(0).Text(); !strings.Contains(got, "33微克") || !strings.Contains(got, "更正 更正原因：统计口径调整") || !strings.Contains(got, "现行") {
			t.Errorf("current revision row = %q", got)
		}
		if got := rows.Eq(1).Find("s").Text(); got != "34.5微克/立方米" {
			t.Errorf("original value shown as %q", got)
		}
		if got := doc.Find(`[data-testid="history"]`).Text(); !strings.Contains(got, "更正 2024：34.5 → 33") {
			t.Errorf("history = %q", got)
		}
	})
}

func TestOpenData(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	testdb.PublishDirectly(t, h.db)
	h.user("admin@dalian.gov.cn", goalpost.UserAdmin)
	jobs := h.target("overall-new-urban-jobs")
	c := h.client()
	c.login("admin@dalian.gov.cn")
	path := fmt.Sprintf("/targets/%d", jobs.ID)
	for _, f := range []url.Values{{"period": {"2023"}, "value": {"12.5万"}}, {"period": {"2024-Q1"}, "value": {"30,000人"}}} {
		f.Set("csrf_token", c.csrf(path))
		if resp, doc := c.post(path+"/figures", f); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("add %v: %d %s", f, resp.StatusCode, doc.Find(`[data-testid="form-errors"]`).Text())
		}
	}

	resp, err := http.Get(h.srv.URL + "/api/v1/targets?plan=dalian-2023-livelihood")
	if err != nil {
		t.Fatal(err)
	}
	var body struct {
		Count   int              `json:"count"`
		Targets []map[string]any `json:"targets"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if body.Count != 109 || len(body.Targets) != 109 {
		t.Errorf("count = %d", body.Count)
	}
	var got map[string]any
	for _, x := range body.Targets {
		if x["key"] == "overall-new-urban-jobs" {
			got = x
		}
	}
	for _, field := range []string{"id", "plan", "section", "task", "title", "kind", "comparator", "target_value", "unit",
		"deadline", "lead_units", "responsible_units", "source_text", "baseline", "latest", "status"} {
		if _, ok := got[field]; !ok {
			t.Errorf("field %s missing", field)
		}
	}
	if got["kind"] != "cumulative" || got["target_value"] != 38.0 || got["unit"] != "万人" || got["deadline"] != "2025-12-31" {
		t.Errorf("jobs = %v %v %v %v", got["kind"], got["target_value"], got["unit"], got["deadline"])
	}
	latest, _ := got["latest"].(map[string]any)
	if latest["period"] != "2024-Q1" || latest["value"] != 3.0 || latest["date"] != "2024-03-31" {
		t.Errorf("latest = %v", latest)
	}
	if got["current"] != 15.5 {
		t.Errorf("cumulative total = %v, want 15.5 (万人)", got["current"])
	}

	resp, err = http.Get(h.srv.URL + "/api/v1/targets.csv?plan=dalian-2023-livelihood")
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !bytes.HasPrefix(raw, []byte("\xEF\xBB\xBF")) {
		t.Error("CSV has no byte-order mark")
	}
	records, err := csv.NewReader(bytes.NewReader(raw[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(records) != 110 {
		t.Errorf("CSV rows = %d, want header + 109", len(records))
	}
	if !strings.Contains(strings.Join(records[0], ","), "id,plan,section,task") {
		t.Errorf("CSV header = %v", records[0])
	}

	resp, _ = http.Get(h.srv.URL + "/api/v1/targets?plan=nope")
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown plan: %d", resp.StatusCode)
	}
	resp.Body.Close()
}

func TestHealthz(t *testing.T) {
	t.Parallel()
	db := testdb.Open(t)
	srv := httptest.NewServer(web.New(db, db.Pool, web.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}).Handler())
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("healthy: %d", resp.StatusCode)
	}
	db.Close() // the database is now unreachable
	resp, err = http.Get(srv.URL + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("unreachable: %d, want 503", resp.StatusCode)
	}
}

func TestLogin(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.user("env@dalian.gov.cn", goalpost.UserEditor, "ecology-environment")
	c := h.client()
	resp, doc := c.post("/login", url.Values{"csrf_token": {c.csrf("/login")}, "email": {"env@dalian.gov.cn"}, "password": {"wrong password"}})
	if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(doc.Find(`[data-testid="login-error"]`).Text(), "邮箱或密码不正确") {
		t.Errorf("wrong password: %d", resp.StatusCode)
	}
	if v, _ := doc.Find(`input[name="email"]`).Attr("value"); v != "env@dalian.gov.cn" {
		t.Errorf("email not kept: %q", v)
	}
	before := sessionCookie(c, h)
	c.login("env@dalian.gov.cn")
	if after := sessionCookie(c, h); after == "" || after == before {
		t.Error("session token not rotated at sign-in")
	}
	_, doc = c.get("/")
	if !strings.Contains(doc.Find(`[data-testid="signed-in"]`).Text(), "用户env") {
		t.Error("signed-in user not shown")
	}
	c.post("/logout", url.Values{"csrf_token": {c.csrf("/")}})
	_, doc = c.get("/")
	if doc.Find(`[data-testid="signed-in"]`).Length() != 0 {
		t.Error("still signed in after logout")
	}
	// An off-site redirect after sign-in is refused.
	resp, _ = c.post("/login", url.Values{"csrf_token": {c.csrf("/login")}, "email": {"env@dalian.gov.cn"}, "password": {"correct horse battery"}, "next": {"//evil.example"}})
	if loc := resp.Header.Get("Location"); loc != "/" {
		t.Errorf("redirect to %q", loc)
	}
}

func sessionCookie(c *client, h *harness) string {
	u, _ := url.Parse(h.srv.URL)
	for _, ck := range c.http.Jar.Cookies(u) {
		if ck.Name == "goalpost_session" {
			return ck.Value
		}
	}
	return ""
}

func TestOversizedFormIsRefused(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	c := h.client()
	token := c.csrf("/login")
	resp, _ := c.post("/login", url.Values{"csrf_token": {token}, "email": {strings.Repeat("a", 100<<10)}, "password": {"x"}})
	if resp.StatusCode < 400 || resp.StatusCode == http.StatusUnauthorized {
		t.Errorf("a 100 KB form got status %d", resp.StatusCode)
	}
}

func TestSignInIsThrottled(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.user("env@dalian.gov.cn", goalpost.UserEditor, "ecology-environment")
	h.user("edu@dalian.gov.cn", goalpost.UserEditor, "education")
	c := h.client()
	try := func(email, password string) (int, string) {
		resp, doc := c.post("/login", url.Values{"csrf_token": {c.csrf("/login")}, "email": {email}, "password": {password}})
		return resp.StatusCode, doc.Find(`[data-testid="login-error"]`).Text()
	}
	for i := range 5 {
		if status, _ := try("env@dalian.gov.cn", "guess"+fmt.Sprint(i)); status != http.StatusUnauthorized {
			t.Fatalf("failure %d: %d", i+1, status)
		}
	}
	// Now even the right password is refused for this account, with a reason.
	status, msg := try("env@dalian.gov.cn", "correct horse battery")
	if status != http.StatusTooManyRequests || !strings.Contains(msg, "登录失败次数过多") {
		t.Errorf("6th try: %d %q", status, msg)
	}
	// Another account from the same address is not locked out by them.
	if status, _ := try("edu@dalian.gov.cn", "correct horse battery"); status != http.StatusSeeOther {
		t.Errorf("other account: %d", status)
	}
	// Too many failures from one address lock the address.
	for i := range 20 {
		try(fmt.Sprintf("nobody%d@dalian.gov.cn", i), "guess")
	}
	if status, _ := try("edu@dalian.gov.cn", "correct horse battery"); status != http.StatusTooManyRequests {
		t.Errorf("after 25 failures from one address: %d, want 429", status)
	}
}

func TestMethodologyPage(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	for _, lang := range []string{"", "?lang=en"} {
		resp, doc := h.client().get("/methodology" + lang)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", lang, resp.StatusCode)
		}
		if strings.Contains(doc.Text(), "%!") {
			t.Errorf("%s: a message was formatted with the wrong arguments", lang)
		}
		if n := doc.Find(`[data-testid="rule"]`).Length(); n != 11 {
			t.Errorf("%s: %d rules", lang, n)
		}
		examples := doc.Find(`[data-testid="example"]`)
		if examples.Length() != 13 {
			t.Errorf("%s: %d worked examples", lang, examples.Length())
		}
		examples.Each(func(i int, s *goquery.Selection) {
			if s.Find(`[data-testid="status"]`).Text() == "" {
				t.Errorf("example %d has no status word", i)
			}
		})
	}
	_, doc := h.client().get("/methodology")
	if got := doc.Find(`[data-testid="example"]`).Eq(2).Text(); !strings.Contains(got, "基线 80，按序时进度应完成 66.7%，实际完成 50.0%，落后 16.7 个百分点（滞后）") {
		t.Errorf("the first level example = %q", got)
	}
	// Issue 9: after the deadline, without the final figure, the rule and
	// its sentence say so, in each language.
	first := doc.Find(`[data-testid="example"]`).Eq(0)
	if got, want := first.Find(`[data-testid="status"]`).Text(), "待最终数据"; got != want {
		t.Errorf("the deadline example's status = %q, want %q", got, want)
	}
	if got := first.Text(); !strings.Contains(got, "期限 2025年12月31日 已过，2025 年的最终数据尚未报送：最新数值为 87.6%（2024）；最终数据须为 ≥90% 方为完成") {
		t.Errorf("the deadline example = %q", got)
	}
	if got := doc.Find(`ul.statuses`).Text(); !strings.Contains(got, "待最终数据") {
		t.Errorf("the statuses listed are %q, without 待最终数据", got)
	}
	if got := doc.Find(`[data-testid="method-sentences"]`).Text(); !strings.Contains(got, "约90%（允许±5%，即≥85.5%）") {
		t.Errorf("the page does not say how sentences name their rule: %q", got)
	}
	_, en := h.client().get("/methodology?lang=en")
	if got := en.Find(`[data-testid="example"]`).Eq(0).Text(); !strings.Contains(got, "The deadline, 31 December 2025, has passed and the final figure, for 2025, has not arrived: the latest figure is 87.6% (2024)") {
		t.Errorf("the deadline example in English = %q", got)
	}
	if got := en.Find(`[data-testid="example"]`).Eq(1).Find(`[data-testid="status"]`).Text(); got != "Awaiting the final figure" {
		t.Errorf("the cumulative deadline example's status in English = %q", got)
	}
}
