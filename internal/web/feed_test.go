package web_test

import (
	"context"
	"encoding/xml"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
)

// atomFeed is what RFC 4287 requires of a feed and its entries, read back.
type atomFeed struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string   `xml:"id"`
	Title   string   `xml:"title"`
	Updated string   `xml:"updated"`
	Author  []struct {
		Name string `xml:"name"`
	} `xml:"author"`
	Links   []atomLink  `xml:"link"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr"`
	Href string `xml:"href,attr"`
	Type string `xml:"type,attr"`
}

type atomEntry struct {
	ID      string     `xml:"id"`
	Title   string     `xml:"title"`
	Updated string     `xml:"updated"`
	Summary string     `xml:"summary"`
	Links   []atomLink `xml:"link"`
}

// getFeed fetches and checks a feed: the Atom media type, and every element
// RFC 4287 requires (id, title, updated of the feed and of each entry, an
// author, a self link, each entry's alternate link), absolute addresses.
func getFeed(t *testing.T, h *harness, path string) atomFeed {
	t.Helper()
	resp, err := http.Get(h.srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s: status %d: %s", path, resp.StatusCode, body)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/atom+xml") {
		t.Errorf("%s: Content-Type %q", path, ct)
	}
	var f atomFeed
	if err := xml.Unmarshal(body, &f); err != nil {
		t.Fatalf("%s: not Atom: %v\n%s", path, err, body)
	}
	absolute := func(what, s string) {
		if !strings.HasPrefix(s, "http://") && !strings.HasPrefix(s, "https://") && !strings.HasPrefix(s, "tag:") {
			t.Errorf("%s: %s %q is not absolute", path, what, s)
		}
	}
	stamp := func(what, s string) {
		if _, err := time.Parse(time.RFC3339, s); err != nil {
			t.Errorf("%s: %s updated %q: %v", path, what, s, err)
		}
	}
	absolute("feed id", f.ID)
	stamp("feed", f.Updated)
	if f.Title == "" || len(f.Author) == 0 || f.Author[0].Name == "" {
		t.Errorf("%s: feed without title or author: %+v", path, f)
	}
	self := false
	for _, l := range f.Links {
		self = self || (l.Rel == "self" && strings.HasSuffix(l.Href, path))
	}
	if !self {
		t.Errorf("%s: no self link in %+v", path, f.Links)
	}
	ids := map[string]bool{}
	for _, e := range f.Entries {
		absolute("entry id", e.ID)
		stamp("entry", e.Updated)
		if e.Title == "" || ids[e.ID] {
			t.Errorf("%s: entry without title or with a repeated id: %+v", path, e)
		}
		ids[e.ID] = true
		if len(e.Links) == 0 || (e.Links[0].Rel != "" && e.Links[0].Rel != "alternate") {
			t.Errorf("%s: entry without its page: %+v", path, e)
		}
		for _, l := range e.Links {
			absolute("entry link", l.Href)
		}
	}
	return f
}

func entryTitles(f atomFeed) string {
	var s []string
	for _, e := range f.Entries {
		s = append(s, e.Title+" — "+e.Summary)
	}
	return strings.Join(s, "\n")
}

// TestFeedsCarryPublishedFiguresAndBulletins: a plan's and a department's
// feed list a figure once it is published (not while it waits for review),
// and a plan's bulletins; other plans' and departments' feeds do not.
func TestFeedsCarryPublishedFiguresAndBulletins(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := context.Background()
	editor, err := h.db.CreateUser(ctx, "env@dalian.gov.cn", "王芳", goalpost.UserEditor, "correct horse battery", []string{"ecology-environment"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	reviewer, err := h.db.CreateUser(ctx, "rev@dalian.gov.cn", "李强", goalpost.UserEditor, "correct horse battery", nil, []string{"ecology-environment"})
	if err != nil {
		t.Fatal(err)
	}
	admin, err := h.db.CreateUser(ctx, "admin@dalian.gov.cn", "管理员", goalpost.UserAdmin, "correct horse battery", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	pm := h.target("t22-pm25-concentration")
	period, _ := goalpost.ParsePeriod("2024")
	fig, err := h.db.AddFigure(ctx, editor, goalpost.NewFigure{TargetID: pm.ID, Period: period, Value: 29.4, Note: "全年均值"})
	if err != nil {
		t.Fatal(err)
	}

	const planFeed, deptFeed = "/plans/dalian-2023-livelihood/feed.atom", "/departments/ecology-environment/feed.atom"
	if got := entryTitles(getFeed(t, h, planFeed)); strings.Contains(got, "29.4") {
		t.Errorf("a figure waiting for review is in the plan's feed:\n%s", got)
	}
	if _, err := h.db.Decide(ctx, reviewer, fig.ID, true, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := h.db.PublishReport(ctx, admin, "dalian-2023-livelihood", "2024-12", map[string]any{"period": "2024-12"}, func([]byte) string { return "" }); err != nil {
		t.Fatal(err)
	}

	plan := entryTitles(getFeed(t, h, planFeed))
	if !strings.Contains(plan, "PM_2.5平均浓度") || !strings.Contains(plan, "29.4微克/立方米") || !strings.Contains(plan, "全年均值") {
		t.Errorf("the plan's feed lacks the published figure:\n%s", plan)
	}
	if !strings.Contains(plan, "2024-12") {
		t.Errorf("the plan's feed lacks the bulletin:\n%s", plan)
	}
	dept := entryTitles(getFeed(t, h, deptFeed))
	if !strings.Contains(dept, "29.4微克/立方米") {
		t.Errorf("the department's feed lacks its figure:\n%s", dept)
	}
	if other := entryTitles(getFeed(t, h, "/plans/dalian-2023-community/feed.atom")); strings.Contains(other, "29.4") || strings.Contains(other, "2024-12") {
		t.Errorf("another plan's feed carries this plan's news:\n%s", other)
	}
	if other := entryTitles(getFeed(t, h, "/departments/education/feed.atom")); strings.Contains(other, "29.4") {
		t.Errorf("another department's feed carries this figure:\n%s", other)
	}
	en := getFeed(t, h, planFeed+"?lang=en")
	if !strings.Contains(entryTitles(en), "Bulletin") {
		t.Errorf("English feed:\n%s", entryTitles(en))
	}

	// The pages announce their feeds.
	c := h.client()
	for page, feed := range map[string]string{"/plans/dalian-2023-livelihood": planFeed, "/departments/ecology-environment": deptFeed} {
		_, doc := c.get(page)
		if doc.Find(`link[rel="alternate"][type="application/atom+xml"][href="`+feed+`"]`).Length() != 1 ||
			doc.Find(`main a[href="`+feed+`"]`).Length() != 1 {
			t.Errorf("%s does not link its feed %s", page, feed)
		}
	}
	for _, missing := range []string{"/plans/no-such-plan/feed.atom", "/departments/no-such/feed.atom"} {
		resp, err := http.Get(h.srv.URL + missing)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("%s: status %d", missing, resp.StatusCode)
		}
	}
}
