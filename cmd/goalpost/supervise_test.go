package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// syncBuffer collects serve's output while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestServeRestartsItsPrivateCluster kills the private PostgreSQL outright
// under a running serve: serve notices, starts it again, and answers again
// without being restarted itself.
func TestServeRestartsItsPrivateCluster(t *testing.T) {
	if _, err := os.Stat("/usr/lib/postgresql"); err != nil {
		t.Skip("no PostgreSQL installation for a private cluster")
	}
	// The postgres user must be able to enter the data directory when the
	// test runs as root (t.TempDir is 0700).
	base, err := os.MkdirTemp("", "goalpost-serve-")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(base, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(base) })
	t.Setenv("DATABASE_URL", "")
	t.Setenv("GOALPOST_DATA_DIR", base)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out, w := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0"}, strings.NewReader(""), w, io.Discard)
		w.Close()
	}()
	var base2 string
	lines := bufio.NewScanner(out)
	for lines.Scan() {
		t.Log(lines.Text())
		if _, url, ok := strings.Cut(lines.Text(), "serving on "); ok {
			base2 = url
			break
		}
	}
	var rest syncBuffer
	go func() { _, _ = io.Copy(&rest, out) }()
	if base2 == "" {
		t.Fatalf("server did not start: %v", <-done)
	}
	status := func(path string) int {
		resp, err := http.Get(base2 + path)
		if err != nil {
			return 0
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if got := status("/healthz"); got != http.StatusOK {
		t.Fatalf("/healthz: %d before the crash", got)
	}

	pidFile := filepath.Join(base, "postgres", "data", "postmaster.pid")
	b, err := os.ReadFile(pidFile)
	if err != nil {
		t.Fatal(err)
	}
	line, _, _ := strings.Cut(string(b), "\n")
	pid, err := strconv.Atoi(strings.TrimSpace(line))
	if err != nil {
		t.Fatal(err)
	}
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	// Right after the kill, connections already open may still answer
	// for a moment; the server is back when a new postmaster runs and
	// /healthz answers.
	restarted := func() bool {
		b, err := os.ReadFile(pidFile)
		if err != nil {
			return false
		}
		line, _, _ := strings.Cut(string(b), "\n")
		now, err := strconv.Atoi(strings.TrimSpace(line))
		return err == nil && now != pid && syscall.Kill(now, 0) == nil
	}
	deadline := time.Now().Add(60 * time.Second)
	for !restarted() || status("/healthz") != http.StatusOK {
		if time.Now().After(deadline) {
			t.Fatalf("serve did not come back within a minute after its PostgreSQL was killed; it said:\n%s", rest.String())
		}
		time.Sleep(200 * time.Millisecond)
	}
	if got := status("/plans/dalian-2023-livelihood"); got != http.StatusOK {
		t.Errorf("plan page after the restart: %d", got)
	}
	t.Log(rest.String())

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve returned %v after shutdown", err)
		}
	case <-time.After(60 * time.Second):
		t.Fatal("serve did not shut down")
	}
	// serve stops the cluster it started, the restarted one included.
	if _, err := os.Stat(pidFile); !os.IsNotExist(err) {
		t.Errorf("PostgreSQL still running after serve exited (postmaster.pid: %v)", err)
	}
}
