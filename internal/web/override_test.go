package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/testdb"
)

// A person may set a judgement of progress, never a status that says which
// figures are missing (待最终数据, 待评估, 无数据): the override form offers
// exactly the statuses that are accepted, its help says why 待最终数据 is
// not among them, and posting it anyway is refused with the same reason.
func TestOverrideOffersWhatIsAccepted(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	testdb.PublishDirectly(t, h.db)
	if _, err := h.db.CreateUser(t.Context(), "rev@dalian.gov.cn", "审核员", goalpost.UserEditor, "correct horse battery", nil, []string{"ecology-environment"}); err != nil {
		t.Fatal(err)
	}
	pm := h.target("t22-pm25-concentration")
	path := fmt.Sprintf("/targets/%d", pm.ID)
	reviewer := h.client()
	reviewer.login("rev@dalian.gov.cn")

	_, doc := reviewer.get(path)
	offered := map[string]bool{}
	doc.Find(`form[action$="/override"] select[name="status"] option`).Each(func(_ int, o *goquery.Selection) {
		v, _ := o.Attr("value")
		offered[v] = true
	})
	if !offered[""] || offered[string(goalpost.StatusAwaitingFinal)] {
		t.Errorf("offered %v: want the clearing option and not 待最终数据", offered)
	}
	help := doc.Find(`[data-testid="override-help"]`).Text()
	for _, want := range []string{"待最终数据", "由数据决定", "最终数据一到"} {
		if !strings.Contains(help, want) {
			t.Errorf("the override help %q does not say %q", help, want)
		}
	}

	override := func() any {
		resp, err := http.Get(fmt.Sprintf("%s/api/v1/targets/%d", h.srv.URL, pm.ID))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var body struct {
			Target struct {
				Override *struct {
					Status string `json:"status"`
				} `json:"override"`
			} `json:"target"`
		}
		_ = json.NewDecoder(resp.Body).Decode(&body)
		if body.Target.Override == nil {
			return nil
		}
		return body.Target.Override.Status
	}
	for _, s := range goalpost.Statuses {
		reviewer.post(path+"/override", url.Values{"csrf_token": {reviewer.csrf(path)}, "status": {""}, "reason": {"清除"}})
		reviewer.post(path+"/override", url.Values{"csrf_token": {reviewer.csrf(path)}, "status": {string(s)}, "reason": {"试一试"}})
		_, after := reviewer.get(path)
		flash := after.Find(`[data-testid="override-saved"], [data-testid="override-error"]`).Text()
		accepted := override() == string(s)
		if accepted != offered[string(s)] {
			t.Errorf("%s: accepted %v but offered %v (%q)", s, accepted, offered[string(s)], flash)
		}
		if accepted && !strings.Contains(flash, "状态认定已保存") {
			t.Errorf("%s: the reviewer is told %q", s, flash)
		}
		if s == goalpost.StatusAwaitingFinal && !strings.Contains(flash, "不能人工认定为“待最终数据”：期限已过而最终数据未到时") {
			t.Errorf("posting 待最终数据: %q", flash)
		}
	}

	_, en := reviewer.get(path + "?lang=en") // last: it sets the lang cookie
	if got := en.Find(`[data-testid="override-help"]`).Text(); !strings.Contains(got, "“Awaiting the final figure”, “Not yet assessable” and “No data” come from the figures") {
		t.Errorf("English override help: %q", got)
	}
}
