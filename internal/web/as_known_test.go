package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/testdb"
)

// A journalist can show what was claimed then and what was revised since:
// ?as_known= shows the target, the plan and the API as the public saw them
// at that moment, before a later correction; now shows the correction.
func TestAsKnownShowsWhatThePublicSawThen(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	h := newHarness(t)
	testdb.PublishDirectly(t, h.db)
	editor, err := h.db.CreateUser(ctx, "env@dalian.gov.cn", "环境", goalpost.UserEditor, "correct horse battery", []string{"ecology-environment"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	pm := h.target("t22-pm25-concentration")
	p, _ := goalpost.ParsePeriod("2024")
	if _, err := h.db.AddFigure(ctx, editor, goalpost.NewFigure{TargetID: pm.ID, Period: p, Value: 33.7}); err != nil {
		t.Fatal(err)
	}
	time.Sleep(20 * time.Millisecond)
	then := time.Now()
	time.Sleep(20 * time.Millisecond)
	if _, err := h.db.AddFigure(ctx, editor, goalpost.NewFigure{TargetID: pm.ID, Period: p, Value: 29.1, Reason: "复核更正"}); err != nil {
		t.Fatal(err)
	}
	known := url.QueryEscape(then.Format(time.RFC3339Nano))
	path := fmt.Sprintf("/targets/%d", pm.ID)
	c := h.client()

	_, doc := c.get(path)
	if latest := doc.Find(`[data-testid="figures"]`).Text(); !strings.Contains(latest, "29.1") {
		t.Fatalf("today's page lacks the correction: %q", latest)
	}
	if doc.Find(`[data-testid="as-known"]`).Length() != 0 {
		t.Error("today's page says it shows the past")
	}

	resp, doc := c.get(path + "?as_known=" + known)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	figs := doc.Find(`[data-testid="figures"]`).Text()
	if !strings.Contains(figs, "33.7") || strings.Contains(figs, "29.1") {
		t.Errorf("as known then, the figures should show 33.7 and not the later 29.1: %q", figs)
	}
	note := doc.Find(`[data-testid="as-known"]`)
	if !strings.Contains(note.Text(), "公众看到的数据") {
		t.Errorf("no note that the page shows the past: %q", note.Text())
	}
	if href, _ := note.Find("a").Attr("href"); href != path {
		t.Errorf("link to the latest figures %q, want %q", href, path)
	}

	_, doc = c.get("/plans/dalian-2023-livelihood?as_known=" + known)
	if doc.Find(`[data-testid="as-known"]`).Length() != 1 {
		t.Error("the plan page does not say it shows the past")
	}

	var body struct {
		Figures []struct {
			Value   float64 `json:"value"`
			Current bool    `json:"current"`
		} `json:"figures"`
	}
	resp, err = http.Get(h.srv.URL + fmt.Sprintf("/api/v1/targets/%d?as_known=%s", pm.ID, known))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if len(body.Figures) != 1 || body.Figures[0].Value != 33.7 {
		t.Errorf("API as known then: %+v, want only 33.7", body.Figures)
	}

	for _, tc := range []struct{ q, want string }{
		{"yesterday", "as_known"},
		{"2999-01-01", "晚于现在"},
	} {
		resp, doc := c.get(path + "?as_known=" + tc.q)
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(doc.Find("main").Text(), tc.want) {
			t.Errorf("as_known=%s: status %d, page %q", tc.q, resp.StatusCode, doc.Find("main").Text())
		}
	}
}

// A figure approved after the moment was not public then.
func TestAsKnownCountsReviewsDecidedByThen(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	h := newHarness(t) // the livelihood plan requires review
	editor, err := h.db.CreateUser(ctx, "env@dalian.gov.cn", "环境", goalpost.UserEditor, "correct horse battery", []string{"ecology-environment"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	reviewer, err := h.db.CreateUser(ctx, "rev@dalian.gov.cn", "审核", goalpost.UserEditor, "correct horse battery", nil, []string{"ecology-environment"})
	if err != nil {
		t.Fatal(err)
	}
	pm := h.target("t22-pm25-concentration")
	p, _ := goalpost.ParsePeriod("2024")
	f, err := h.db.AddFigure(ctx, editor, goalpost.NewFigure{TargetID: pm.ID, Period: p, Value: 33.7})
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(20 * time.Millisecond)
	then := time.Now()
	time.Sleep(20 * time.Millisecond)
	if _, err := h.db.Decide(ctx, reviewer, f.ID, true, ""); err != nil {
		t.Fatal(err)
	}
	path := fmt.Sprintf("/targets/%d", pm.ID)
	c := h.client()
	c.login("env@dalian.gov.cn") // even its own editor sees only what was public then
	_, doc := c.get(path + "?as_known=" + url.QueryEscape(then.Format(time.RFC3339Nano)))
	if got := doc.Find(`[data-testid="figures"]`).Text(); strings.Contains(got, "33.7") {
		t.Errorf("a figure approved later shows as known before its approval: %q", got)
	}
	_, doc = c.get(path)
	if got := doc.Find(`[data-testid="figures"]`).Text(); !strings.Contains(got, "33.7") {
		t.Errorf("the approved figure is missing today: %q", got)
	}
}
