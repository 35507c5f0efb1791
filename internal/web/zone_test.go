package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/testdb"
	"github.com/goalpost-civic/goalpost/internal/web"
)

// TestOneTimeZone checks that storage and pages agree on what day it is in
// a process whose clock runs in UTC: at 02:00 on 1 January in Shanghai
// (18:00 UTC on 31 December) a target whose deadline was 31 December is
// judged as of 1 January, the date the API says it is judged as of; and
// that GOALPOST_TIMEZONE's zone moves both together.
func TestOneTimeZone(t *testing.T) {
	// Not parallel: it changes the process's zone.
	db := testdb.Open(t)
	testdb.LoadBundledPlans(t, db)
	testdb.PublishDirectly(t, db)
	ctx := context.Background()
	if _, err := db.CreateUser(ctx, "med@dalian.gov.cn", "医保", goalpost.UserAdmin, "correct horse battery", nil, nil); err != nil {
		t.Fatal(err)
	}
	token, err := db.CreateToken(ctx, "med@dalian.gov.cn", "")
	if err != nil {
		t.Fatal(err)
	}
	moment := time.Date(2025, 12, 31, 18, 0, 0, 0, time.UTC) // a UTC container's clock
	clock := func() time.Time { return moment }
	db.Now = clock
	srv := httptest.NewServer(web.New(db, db.Pool, web.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: clock}).Handler())
	defer srv.Close()
	h := &harness{t: t, db: db, srv: srv}
	rate := h.target("overall-remote-inpatient-settlement-rate") // maintain ≥ 70% until 2025-12-31
	if status, b := apiPost(t, h, fmt.Sprintf("/api/v1/targets/%d/figures", rate.ID), token, `{"value": 75, "period": "2025"}`); status != http.StatusCreated {
		t.Fatalf("figure: %d %v", status, b)
	}
	judged := func() (asOf, status string) {
		t.Helper()
		resp, err := http.Get(fmt.Sprintf("%s/api/v1/targets/%d", srv.URL, rate.ID))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var body struct {
			Target struct {
				AsOf   string `json:"as_of"`
				Status string `json:"status"`
			} `json:"target"`
		}
		if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
			t.Fatal(err)
		}
		return body.Target.AsOf, body.Target.Status
	}
	if asOf, status := judged(); asOf != "2026-01-01" || status != "achieved" {
		t.Errorf("Asia/Shanghai: as of %s, status %s; want as of 2026-01-01 and achieved (deadline passed, figure meets it)", asOf, status)
	}

	utc, err := goalpost.LoadZone("UTC")
	if err != nil {
		t.Fatal(err)
	}
	goalpost.SetZone(utc)
	t.Cleanup(func() {
		shanghai, _ := goalpost.LoadZone(goalpost.DefaultZone)
		goalpost.SetZone(shanghai)
	})
	if asOf, status := judged(); asOf != "2025-12-31" || status != "on_track" {
		t.Errorf("UTC: as of %s, status %s; want as of 2025-12-31 and on_track (deadline not yet passed)", asOf, status)
	}
}
