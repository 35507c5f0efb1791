package remind_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/remind"
	"github.com/goalpost-civic/goalpost/internal/testdb"
)

// TestTwoReplicasSendEachDigestOnce: two `serve` processes on one database,
// each with its own connection pool, run the day's reminders at the same
// moment (and again, as their minute ticker would): each person gets one
// email and the webhook one post, and the database records each digest once
// as sent.
func TestTwoReplicasSendEachDigestOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d := testdb.New(t)
	replicas := []*remind.Job{}
	smtpd := startSMTP(t)
	var posts atomic.Int32
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(50 * time.Millisecond) // a slow receiver: the other replica runs meanwhile
		posts.Add(1)
	}))
	defer receiver.Close()
	for range 2 {
		db := testdb.OpenURL(t, d.Serving)
		replicas = append(replicas, &remind.Job{Store: db, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Config: remind.Config{
			SMTPAddr: smtpd.ln.Addr().String(), SMTPFrom: "goalpost@dalian.gov.cn", WebhookURL: receiver.URL,
			BaseURL: "https://goalpost.example", Hour: 8}})
	}
	db := testdb.OpenURL(t, d.Serving)
	testdb.LoadBundledPlans(t, db)
	for _, u := range []struct {
		email, name   string
		enter, review []string
	}{
		{"env@dalian.gov.cn", "王芳", []string{"ecology-environment"}, nil},
		{"rev@dalian.gov.cn", "李强", []string{"hrss"}, []string{"ecology-environment"}},
	} {
		if _, err := db.CreateUser(ctx, u.email, u.name, goalpost.UserEditor, "correct horse battery", u.enter, u.review); err != nil {
			t.Fatal(err)
		}
	}

	now := time.Date(2026, 11, 27, 9, 0, 0, 0, time.FixedZone("CST", 8*3600))
	var wg sync.WaitGroup
	start := make(chan struct{})
	errs := make(chan error, 2*len(replicas))
	for _, job := range replicas {
		for round := range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				_, err := job.RunOnce(ctx, now.Add(time.Duration(round)*time.Minute))
				errs <- err
			}()
		}
	}
	close(start)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	rcpts, _ := smtpd.received()
	if len(rcpts) != 2 || posts.Load() != 1 {
		t.Errorf("two replicas, twice each: emails to %v, %d webhook posts; want one email each to env@ and rev@, and one post", rcpts, posts.Load())
	}
	var rows, sent int
	if err := testdb.OpenURL(t, d.Owner).Pool.QueryRow(ctx,
		`SELECT count(*), count(sent_at) FROM reminders WHERE day = '2026-11-27'`).Scan(&rows, &sent); err != nil {
		t.Fatal(err)
	}
	if rows != 3 || sent != 3 {
		t.Errorf("reminders recorded: %d, sent %d; want 3 and 3", rows, sent)
	}
}
