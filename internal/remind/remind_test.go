package remind_test

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/remind"
	"github.com/goalpost-civic/goalpost/internal/testdb"
)

// smtpServer is a real SMTP server on loopback, enough of RFC 5321 for
// net/smtp to deliver to it; it keeps every message it receives.
type smtpServer struct {
	ln       net.Listener
	mu       sync.Mutex
	messages []string
	rcpts    []string
}

func startSMTP(t *testing.T) *smtpServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &smtpServer{ln: ln}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go s.serve(c)
		}
	}()
	return s
}

func (s *smtpServer) serve(c net.Conn) {
	defer c.Close()
	r := bufio.NewReader(c)
	say := func(line string) { io.WriteString(c, line+"\r\n") }
	say("220 localhost test SMTP")
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		cmd := strings.ToUpper(strings.TrimSpace(line))
		switch {
		case strings.HasPrefix(cmd, "EHLO"), strings.HasPrefix(cmd, "HELO"):
			say("250 localhost")
		case strings.HasPrefix(cmd, "MAIL FROM"):
			say("250 ok")
		case strings.HasPrefix(cmd, "RCPT TO"):
			s.mu.Lock()
			s.rcpts = append(s.rcpts, strings.Trim(strings.TrimSpace(line[len("RCPT TO:"):]), "<>"))
			s.mu.Unlock()
			say("250 ok")
		case cmd == "DATA":
			say("354 go ahead")
			var msg strings.Builder
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" {
					break
				}
				msg.WriteString(l)
			}
			s.mu.Lock()
			s.messages = append(s.messages, msg.String())
			s.mu.Unlock()
			say("250 queued")
		case cmd == "QUIT":
			say("221 bye")
			return
		default:
			say("250 ok")
		}
	}
}

func (s *smtpServer) received() ([]string, []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.rcpts...), append([]string(nil), s.messages...)
}

func TestDigestsAreSentAtMostOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := testdb.Open(t)
	testdb.LoadBundledPlans(t, db)
	if _, err := db.CreateUser(ctx, "env@dalian.gov.cn", "王芳", goalpost.UserEditor, "correct horse battery", []string{"ecology-environment"}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateUser(ctx, "rev@dalian.gov.cn", "李强", goalpost.UserEditor, "correct horse battery", []string{"hrss"}, []string{"ecology-environment"}); err != nil {
		t.Fatal(err)
	}
	// Someone with nothing to do gets nothing.
	if _, err := db.CreateUser(ctx, "idle@dalian.gov.cn", "闲人", goalpost.UserEditor, "correct horse battery", nil, []string{"drc"}); err != nil {
		t.Fatal(err)
	}
	smtpd := startSMTP(t)
	var hooks []map[string]any
	var hookMu sync.Mutex
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body map[string]any
		_ = json.NewDecoder(r.Body).Decode(&body)
		hookMu.Lock()
		hooks = append(hooks, body)
		hookMu.Unlock()
	}))
	defer receiver.Close()

	newJob := func() *remind.Job {
		return &remind.Job{Store: db, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Config: remind.Config{
			SMTPAddr: smtpd.ln.Addr().String(), SMTPFrom: "goalpost@dalian.gov.cn", WebhookURL: receiver.URL,
			BaseURL: "https://goalpost.example", Hour: 8}}
	}
	now := time.Date(2026, 11, 27, 9, 0, 0, 0, time.FixedZone("CST", 8*3600))
	sent, err := newJob().RunOnce(ctx, now)
	if err != nil {
		t.Fatal(err)
	}
	rcpts, messages := smtpd.received()
	if sent != 3 || len(messages) != 2 || strings.Join(rcpts, ",") != "env@dalian.gov.cn,rev@dalian.gov.cn" {
		t.Fatalf("sent %d; recipients %v", sent, rcpts)
	}
	if !strings.Contains(messages[0], "王芳，您好") || !strings.Contains(messages[0], "逾期未报") ||
		!strings.Contains(messages[0], "PM_2.5平均浓度（2025）") || !strings.Contains(messages[0], "https://goalpost.example/work") {
		t.Errorf("email:\n%s", messages[0])
	}
	if strings.Count(messages[0], "\n- ") < 5 {
		t.Error("the digest should list every overdue target in one message")
	}
	hookMu.Lock()
	if len(hooks) != 1 || hooks[0]["msgtype"] != "text" || len(hooks[0]["people"].([]any)) != 2 {
		t.Errorf("webhook: %v", hooks)
	}
	hookMu.Unlock()

	// Again the same day, and after a "restart" (a new job): nothing more.
	for i := range 2 {
		if sent, err := newJob().RunOnce(ctx, now.Add(time.Duration(i+1)*time.Hour)); err != nil || sent != 0 {
			t.Errorf("run %d: sent %d, %v", i+2, sent, err)
		}
	}
	// Two replicas at once still send one digest each.
	var wg sync.WaitGroup
	next := now.AddDate(0, 0, 1)
	for range 3 {
		wg.Add(1)
		go func() { defer wg.Done(); _, _ = newJob().RunOnce(ctx, next) }()
	}
	wg.Wait()
	_, messages = smtpd.received()
	hookMu.Lock()
	defer hookMu.Unlock()
	if len(messages) != 4 || len(hooks) != 2 {
		t.Errorf("after the next day with 3 replicas: %d emails, %d webhook posts; want 4 and 2", len(messages), len(hooks))
	}
}

// A disabled account is off the rota: no digest.
func TestDisabledAccountsGetNoDigest(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := testdb.Open(t)
	testdb.LoadBundledPlans(t, db)
	if _, err := db.CreateUser(ctx, "env@dalian.gov.cn", "王芳", goalpost.UserEditor, "correct horse battery", []string{"ecology-environment"}, nil); err != nil {
		t.Fatal(err)
	}
	job := &remind.Job{Store: db, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	now := time.Date(2026, 11, 27, 9, 0, 0, 0, time.FixedZone("CST", 8*3600))
	if ds, err := job.Digests(ctx, now); err != nil || len(ds) != 1 {
		t.Fatalf("before disabling: %d digests, %v", len(ds), err)
	}
	if _, err := db.SetDisabledByEmail(ctx, "env@dalian.gov.cn", true); err != nil {
		t.Fatal(err)
	}
	if ds, err := job.Digests(ctx, now); err != nil || len(ds) != 0 {
		t.Errorf("after disabling: %d digests, %v", len(ds), err)
	}
}
