package web_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/testdb"
)

// pushFigure posts a figure through the API with an Idempotency-Key and
// returns the status, the Idempotent-Replayed header and the body as sent.
func pushFigure(t *testing.T, h *harness, targetID int64, token, key, body string) (int, string, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, fmt.Sprintf("%s/api/v1/targets/%d/figures", h.srv.URL, targetID), strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Error(err)
		return 0, "", ""
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Idempotent-Replayed"), string(b)
}

// TestIdempotencyKey: a system that lost the answer retries with the same
// key and gets the first answer back, and nothing is written twice.
func TestIdempotencyKey(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	testdb.PublishDirectly(t, h.db)
	ctx := context.Background()
	h.user("env@dalian.gov.cn", goalpost.UserEditor, "ecology-environment")
	h.user("env2@dalian.gov.cn", goalpost.UserEditor, "ecology-environment")
	token, err := h.db.CreateToken(ctx, "env@dalian.gov.cn", "监测平台")
	if err != nil {
		t.Fatal(err)
	}
	token2, err := h.db.CreateToken(ctx, "env2@dalian.gov.cn", "另一个平台")
	if err != nil {
		t.Fatal(err)
	}
	pm := h.target("t22-pm25-concentration")
	days := h.target("t22-heavy-pollution-days-ratio")

	status, replayed, first := pushFigure(t, h, pm.ID, token, "push-2023-pm25", `{"value": 36.1, "period": "2023", "note": "年报"}`)
	if status != http.StatusCreated || replayed != "" {
		t.Fatalf("first push: %d %q %s", status, replayed, first)
	}
	// The answer was lost; the retry (spaced differently) gets it again.
	status, replayed, again := pushFigure(t, h, pm.ID, token, "push-2023-pm25", `{"period":"2023","value":36.1,"note":"年报"}`)
	if status != http.StatusCreated || replayed != "true" || again != first {
		t.Errorf("retry: %d %q %s, want 201 replayed %s", status, replayed, again, first)
	}
	if n := figureCount(t, h); n != 1 {
		t.Errorf("%d figures after a retry, want 1", n)
	}

	// The same key for something else is refused, clearly, and writes nothing.
	for _, tc := range []struct {
		target int64
		body   string
	}{{pm.ID, `{"value": 35, "period": "2023", "note": "年报", "reason": "更正"}`}, {days.ID, `{"value": 36.1, "period": "2023", "note": "年报"}`}} {
		status, _, body := pushFigure(t, h, tc.target, token, "push-2023-pm25", tc.body)
		if status != http.StatusUnprocessableEntity || !strings.Contains(body, "Idempotency-Key") || !strings.Contains(body, "24 小时") {
			t.Errorf("key reused for %s: %d %s", tc.body, status, body)
		}
	}
	if n := figureCount(t, h); n != 1 {
		t.Errorf("%d figures after a reused key, want 1", n)
	}

	// Keys belong to an account: another one's same key is its own.
	if status, replayed, body := pushFigure(t, h, pm.ID, token2, "push-2023-pm25", `{"value": 34.5, "period": "2024"}`); status != http.StatusCreated || replayed != "" {
		t.Errorf("another account's key: %d %q %s", status, replayed, body)
	}
	if n := figureCount(t, h); n != 2 {
		t.Errorf("%d figures, want 2", n)
	}

	// A refusal is the first answer too: the retry is refused the same way.
	refusal := `{"value": 30, "period": "2023"}` // corrects 2023 without a reason
	status, _, refused := pushFigure(t, h, pm.ID, token, "correct-2023", refusal)
	if status != http.StatusBadRequest || !strings.Contains(refused, "更正原因") {
		t.Fatalf("refused push: %d %s", status, refused)
	}
	if status, replayed, body := pushFigure(t, h, pm.ID, token, "correct-2023", refusal); status != http.StatusBadRequest || replayed != "true" || body != refused {
		t.Errorf("retry of a refusal: %d %q %s", status, replayed, body)
	}

	// Bad keys are refused before anything.
	for _, key := range []string{"has space", strings.Repeat("k", 256), "键"} {
		if status, _, body := pushFigure(t, h, pm.ID, token, key, `{"value": 33, "period": "2025"}`); status != http.StatusBadRequest || !strings.Contains(body, "Idempotency-Key") {
			t.Errorf("key %q: %d %s", key, status, body)
		}
	}

	// Concurrent duplicates: one figure, the same answer to all.
	const n = 8
	var wg sync.WaitGroup
	answers := make([]string, n)
	statuses := make([]int, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			statuses[i], _, answers[i] = pushFigure(t, h, days.ID, token, "burst", `{"value": 0.7, "period": "2024"}`)
		}()
	}
	wg.Wait()
	for i := range n {
		if statuses[i] != http.StatusCreated || answers[i] != answers[0] {
			t.Errorf("concurrent push %d: %d %s, want 201 %s", i, statuses[i], answers[i], answers[0])
		}
	}
	if got := figureCount(t, h); got != 3 {
		t.Errorf("%d figures after %d concurrent duplicates, want 3", got, n)
	}

	// After 24 hours the key may be used again, for anything.
	if _, err := testdb.AsOwner(t, h.db).Pool.Exec(ctx, `UPDATE api_idempotency_keys SET created_at = created_at - interval '25 hours'`); err != nil {
		t.Fatal(err)
	}
	if status, replayed, body := pushFigure(t, h, pm.ID, token, "push-2023-pm25", `{"value": 33, "period": "2025"}`); status != http.StatusCreated || replayed != "" {
		t.Errorf("a day-old key used again: %d %q %s", status, replayed, body)
	}
	if n := figureCount(t, h); n != 4 {
		t.Errorf("%d figures, want 4", n)
	}
	// Without a key, nothing changes: two pushes, two answers.
	if status, replayed, body := pushFigure(t, h, pm.ID, token, "", `{"value": 33, "period": "2025"}`); status != http.StatusBadRequest || replayed != "" {
		t.Errorf("a second push without a key: %d %s", status, body)
	}
}
