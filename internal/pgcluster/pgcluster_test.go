package pgcluster

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// fast are the settings tests use: durability is pointless for throwaway
// clusters and costs time.
var fast = []string{"fsync=off", "synchronous_commit=off", "full_page_writes=off"}

// testDir returns a not-yet-existing cluster directory two levels below a
// fresh temporary directory (so Start has parents to create). The temporary
// directory is made 0755 because, when the tests run as root, the postgres
// user must be able to traverse it (os.MkdirTemp and t.TempDir create 0700
// directories). Cleanup stops any server still running there, then removes
// everything.
func testDir(t *testing.T) string {
	t.Helper()
	base, err := os.MkdirTemp("", "pgcluster-test-")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(base, 0o755); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(base, "a", "pg")
	t.Cleanup(func() {
		forceStop(t, dir)
		os.RemoveAll(base)
	})
	return dir
}

// forceStop stops whatever server runs on dir, whoever started it, so a
// failing test does not leak servers.
func forceStop(t *testing.T, dir string) {
	if dataMajor(filepath.Join(dir, "data")) == 0 {
		return
	}
	c := &Cluster{Dir: dir}
	var err error
	if c.bin, err = findBinaries(dataMajor(c.dataDir())); err != nil {
		return
	}
	if c.run, err = newRunner(dir); err != nil {
		return
	}
	ctx := context.Background()
	if running, _ := c.running(ctx); running {
		t.Logf("cleanup: stopping leftover server in %s", dir)
		if out, err := c.pgctl(ctx, "stop", "-m", "immediate"); err != nil {
			t.Errorf("cleanup: %v\n%s", err, out)
		}
	}
}

// start calls Start, skipping the test if PostgreSQL is not installed.
func start(t *testing.T, ctx context.Context, dir, dbname string, logw io.Writer, settings ...string) *Cluster {
	t.Helper()
	c, err := Start(ctx, dir, dbname, logw, settings...)
	if errors.Is(err, ErrNoBinaries) {
		t.Skipf("skipping: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// testLog is an io.Writer that sends progress lines to t.Log.
type testLog struct{ t *testing.T }

func (w testLog) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

func connect(t *testing.T, ctx context.Context, url string) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatalf("connecting to %s: %v", url, err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

func queryString(t *testing.T, ctx context.Context, conn *pgx.Conn, sql string) string {
	t.Helper()
	var s string
	if err := conn.QueryRow(ctx, sql).Scan(&s); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return s
}

func assertRunning(t *testing.T, ctx context.Context, c *Cluster) {
	t.Helper()
	conn, err := pgx.Connect(ctx, c.URL())
	if err != nil {
		t.Fatalf("server should be running, but connecting failed: %v", err)
	}
	conn.Close(ctx)
}

func assertStopped(t *testing.T, ctx context.Context, c *Cluster) {
	t.Helper()
	if conn, err := pgx.Connect(ctx, c.URL()); err == nil {
		conn.Close(ctx)
		t.Fatal("server should be stopped, but it accepted a connection")
	}
	sock := filepath.Join(c.Host(), fmt.Sprintf(".s.PGSQL.%d", c.Port()))
	if _, err := os.Stat(sock); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("socket %s should be gone, stat says %v", sock, err)
	}
}

func TestLifecycle(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	dir := testDir(t)

	t0 := time.Now()
	c1 := start(t, ctx, dir, "goalpost_test", testLog{t}, fast...)
	t.Logf("TIMING first Start (initdb + start + create database): %v", time.Since(t0).Round(time.Millisecond))

	if !filepath.IsAbs(c1.Dir) || c1.Dir != dir {
		t.Errorf("Dir = %q, want %q", c1.Dir, dir)
	}
	if c1.Host() != filepath.Join(dir, "socket") || c1.Port() != 5432 || c1.User() != "postgres" {
		t.Errorf("Host, Port, User = %q, %d, %q", c1.Host(), c1.Port(), c1.User())
	}
	if fi, err := os.Stat(c1.Host()); err != nil || fi.Mode().Perm() != 0o700 {
		t.Errorf("socket directory: %v, mode %v; want mode 0700", err, fi.Mode().Perm())
	}

	conn := connect(t, ctx, c1.URL())
	if v := queryString(t, ctx, conn, "select version()"); !strings.Contains(v, "PostgreSQL") {
		t.Errorf("version() = %q", v)
	}
	if db := queryString(t, ctx, conn, "select current_database()"); db != "goalpost_test" {
		t.Errorf("current_database() = %q", db)
	}
	if u := queryString(t, ctx, conn, "select current_user"); u != "postgres" {
		t.Errorf("current_user = %q", u)
	}
	if la := queryString(t, ctx, conn, "show listen_addresses"); la != "" {
		t.Errorf("listen_addresses = %q, want empty (no TCP)", la)
	}
	if f := queryString(t, ctx, conn, "show fsync"); f != "off" {
		t.Errorf("fsync = %q, want off (from settings)", f)
	}
	if enc := queryString(t, ctx, conn, "show server_encoding"); enc != "UTF8" {
		t.Errorf("server_encoding = %q", enc)
	}
	if coll := queryString(t, ctx, conn, "select datcollate from pg_database where datname = current_database()"); coll != "C.UTF-8" && coll != "C" {
		t.Errorf("datcollate = %q, want C.UTF-8 (or C)", coll)
	}
	// The URL is for libpq too, e.g. psql.
	if psql, err := exec.LookPath("psql"); err == nil {
		out, err := exec.CommandContext(ctx, psql, c1.URL(), "-Atc", "select current_database()").CombinedOutput()
		if err != nil || strings.TrimSpace(string(out)) != "goalpost_test" {
			t.Errorf("psql %s: %v\n%s", c1.URL(), err, out)
		}
	}
	if _, err := conn.Exec(ctx, "create table kept (x int); insert into kept values (42)"); err != nil {
		t.Fatal(err)
	}
	conn.Close(ctx)

	// A second Start reuses the running server, and its Stop leaves it
	// running because it did not start it.
	t0 = time.Now()
	c2 := start(t, ctx, dir, "goalpost_test", testLog{t})
	t.Logf("TIMING Start reusing the running server: %v", time.Since(t0).Round(time.Millisecond))
	if c2.URL() != c1.URL() {
		t.Errorf("second URL %q differs from first %q", c2.URL(), c1.URL())
	}
	if err := c2.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	assertRunning(t, ctx, c1)

	t0 = time.Now()
	if err := c1.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	t.Logf("TIMING Stop: %v", time.Since(t0).Round(time.Millisecond))
	assertStopped(t, ctx, c1)
	if err := c1.Stop(ctx); err != nil {
		t.Errorf("second Stop: %v", err)
	}

	// Restarting keeps the data.
	t0 = time.Now()
	c3 := start(t, ctx, dir, "goalpost_test", testLog{t}, fast...)
	t.Logf("TIMING Start of an existing, stopped cluster: %v", time.Since(t0).Round(time.Millisecond))
	conn = connect(t, ctx, c3.URL())
	var x int
	if err := conn.QueryRow(ctx, "select x from kept").Scan(&x); err != nil || x != 42 {
		t.Fatalf("after restart: x = %d, err = %v; want 42", x, err)
	}
	conn.Close(ctx)
	maint := connect(t, ctx, c3.DatabaseURL("postgres"))
	if db := queryString(t, ctx, maint, "select current_database()"); db != "postgres" {
		t.Errorf("DatabaseURL(postgres) connected to %q", db)
	}
	maint.Close(ctx)
	if err := c3.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	assertStopped(t, ctx, c3)

	// A server started by other means (here: without pgcluster's owner
	// record) is left running by Stop.
	if err := c3.startServer(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(c3.ownerPath()); err != nil {
		t.Fatal(err)
	}
	c4 := start(t, ctx, dir, "goalpost_test", testLog{t})
	if err := c4.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	assertRunning(t, ctx, c4)
	// testDir's cleanup stops it.
}

func TestConcurrentStart(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	dir := testDir(t)

	logs := &capturedLog{t: t}

	const n = 3
	clusters := make([]*Cluster, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	t0 := time.Now()
	for i := range n {
		wg.Go(func() {
			clusters[i], errs[i] = Start(ctx, dir, "goalpost_test", logs, fast...)
		})
	}
	wg.Wait()
	t.Logf("TIMING %d concurrent Starts on a new directory: %v", n, time.Since(t0).Round(time.Millisecond))
	for i, err := range errs {
		if errors.Is(err, ErrNoBinaries) {
			t.Skipf("skipping: %v", err)
		}
		if err != nil {
			t.Fatalf("Start %d: %v", i, err)
		}
	}
	for _, line := range []string{"initialising", "started PostgreSQL", "created database"} {
		if got := strings.Count(logs.String(), line); got != 1 {
			t.Errorf("%q logged %d times, want once", line, got)
		}
	}
	for i, c := range clusters {
		if c.URL() != clusters[0].URL() {
			t.Errorf("URL %d = %q, want %q", i, c.URL(), clusters[0].URL())
		}
		conn := connect(t, ctx, c.URL())
		if v := queryString(t, ctx, conn, "select version()"); !strings.Contains(v, "PostgreSQL") {
			t.Errorf("version() = %q", v)
		}
		conn.Close(ctx)
	}

	// Whichever handle started the server, it keeps running until the last
	// handle is stopped.
	for i, c := range clusters {
		if err := c.Stop(ctx); err != nil {
			t.Fatalf("Stop %d: %v", i, err)
		}
		if i < n-1 {
			assertRunning(t, ctx, clusters[n-1])
		}
	}
	assertStopped(t, ctx, clusters[0])
}

// capturedLog is a cluster's log, shown in the test's output and kept to
// count lines in; clusters started at once write to it concurrently.
type capturedLog struct {
	t   *testing.T
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *capturedLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.t.Log(strings.TrimRight(string(p), "\n"))
	return l.buf.Write(p)
}

func (l *capturedLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// TestMultiProcess runs Start in child processes, as parallel `go test`
// binaries sharing one cluster would: the first to exit must not stop the
// server under the others; the last one stops it.
func TestMultiProcess(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	dir := testDir(t)
	if _, err := findBinaries(0); err != nil {
		t.Skipf("skipping: %v", err)
	}

	type child struct {
		cmd   *exec.Cmd
		stdin io.WriteCloser
		out   *bufio.Reader
	}
	var children []child
	for range 3 {
		cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestHelperProcess$", "-test.v")
		cmd.Env = append(os.Environ(), "PGCLUSTER_HELPER_DIR="+dir)
		cmd.Stderr = testLog{t}
		stdin, err := cmd.StdinPipe()
		if err != nil {
			t.Fatal(err)
		}
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		children = append(children, child{cmd, stdin, bufio.NewReader(stdout)})
	}
	url := ""
	for i, ch := range children {
		for {
			line, err := ch.out.ReadString('\n')
			if err != nil {
				t.Fatalf("child %d: %v", i, err)
			}
			t.Logf("child %d: %s", i, strings.TrimSpace(line))
			if u, ok := strings.CutPrefix(line, "READY "); ok {
				url = strings.TrimSpace(u)
				break
			}
		}
	}
	c := &Cluster{host: filepath.Join(dir, "socket"), port: 5432, dbname: "goalpost_test"}
	if c.URL() != url {
		t.Fatalf("child URL %q, want %q", url, c.URL())
	}
	for i, ch := range children {
		ch.stdin.Close() // tells the child to Stop and exit
		rest, _ := io.ReadAll(ch.out)
		for _, line := range strings.Split(strings.TrimSpace(string(rest)), "\n") {
			t.Logf("child %d: %s", i, line)
		}
		if err := ch.cmd.Wait(); err != nil {
			t.Fatalf("child %d: %v", i, err)
		}
		if i < len(children)-1 {
			assertRunning(t, ctx, c)
		}
	}
	assertStopped(t, ctx, c)
}

// TestHelperProcess is the child side of TestMultiProcess: Start, report the
// URL, wait for stdin to close, Stop.
func TestHelperProcess(t *testing.T) {
	dir := os.Getenv("PGCLUSTER_HELPER_DIR")
	if dir == "" {
		t.Skip("helper for TestMultiProcess")
	}
	ctx := context.Background()
	c, err := Start(ctx, dir, "goalpost_test", os.Stdout, fast...)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Printf("READY %s\n", c.URL())
	io.Copy(io.Discard, os.Stdin)
	if err := c.Stop(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestRootUntraversableParent(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("only root runs the server as another user")
	}
	if _, err := findBinaries(0); err != nil {
		t.Skipf("skipping: %v", err)
	}
	base, err := os.MkdirTemp("", "pgcluster-private-") // mode 0700
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(base)
	dir := filepath.Join(base, "pg")
	_, err = Start(context.Background(), dir, "x", nil)
	if err == nil || !strings.Contains(err.Error(), "cannot enter "+base) {
		t.Fatalf("Start in a 0700 directory: err = %v, want one naming %s", err, base)
	}
	t.Log(err)
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Start left %s behind (stat: %v)", dir, err)
	}
}

func TestStartRejectsBadArguments(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		dir      string
		settings []string
		want     string
	}{
		{"/tmp/x", []string{"fsync"}, "not of the form"},
		{"/tmp/x", []string{"listen_addresses=*"}, "managed by pgcluster"},
		{"/tmp/x", []string{"Port=1"}, "managed by pgcluster"},
		{"/tmp/a,b", nil, "cannot handle"},
		{"/tmp/a$b", nil, "cannot handle"},
		{"/tmp/" + strings.Repeat("x", 90), nil, "too long"},
		{"", nil, "empty"},
	} {
		_, err := Start(ctx, tc.dir, "x", nil, tc.settings...)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Start(%q, %q): err = %v, want it to contain %q", tc.dir, tc.settings, err, tc.want)
		}
	}
}

func TestURL(t *testing.T) {
	c := &Cluster{host: "/tmp/odd dir/it's/socket", port: 5432, dbname: "goalpost"}
	for _, db := range []string{"goalpost", "with space", "we?ird/#name"} {
		u := c.DatabaseURL(db)
		cfg, err := pgx.ParseConfig(u)
		if err != nil {
			t.Fatalf("ParseConfig(%q): %v", u, err)
		}
		if cfg.Host != c.host || cfg.Port != 5432 || cfg.User != "postgres" || cfg.Database != db || cfg.TLSConfig != nil {
			t.Errorf("%s parsed as host=%q port=%d user=%q db=%q tls=%v", u, cfg.Host, cfg.Port, cfg.User, cfg.Database, cfg.TLSConfig != nil)
		}
	}
	if c.URL() != c.DatabaseURL("goalpost") {
		t.Errorf("URL() = %q", c.URL())
	}
}

func TestShellQuote(t *testing.T) {
	args := []string{"-c", "listen_addresses=", "-k", "/tmp/it's here", "-c", "search_path=\"$user\", public"}
	quoted := make([]string, len(args))
	for i, a := range args {
		quoted[i] = shellQuote(a)
	}
	out, err := exec.Command("/bin/sh", "-c", `printf '%s\n' `+strings.Join(quoted, " ")).Output()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n"); !slices.Equal(got, args) {
		t.Errorf("sh saw %q, want %q", got, args)
	}
}

// TestCrashRecovery kills the server outright, leaving a stale
// postmaster.pid behind, and checks that Start brings the cluster back with
// its data.
func TestCrashRecovery(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	// This time the cluster directory already exists (owned by whoever
	// runs the test, which as root is not the server's user).
	dir := testDir(t)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	c1 := start(t, ctx, dir, "goalpost_test", testLog{t})
	conn := connect(t, ctx, c1.URL())
	if _, err := conn.Exec(ctx, "create table kept (x int); insert into kept values (42)"); err != nil {
		t.Fatal(err)
	}
	conn.Close(ctx)

	pid, err := readPostmasterPID(c1.dataDir())
	if err != nil {
		t.Fatal(err)
	}
	if err := syscall.Kill(pid.pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	// Wait for the postmaster to die (its children notice and exit on
	// their own).
	waitForDeath(t, pid.pid)
	if _, err := os.Stat(filepath.Join(c1.dataDir(), "postmaster.pid")); err != nil {
		t.Fatalf("expected a stale postmaster.pid: %v", err)
	}
	c1.Stop(ctx) // releases the handle; the server is already gone

	t0 := time.Now()
	c2 := start(t, ctx, dir, "goalpost_test", testLog{t})
	t.Logf("TIMING Start after a crash: %v", time.Since(t0).Round(time.Millisecond))
	conn = connect(t, ctx, c2.URL())
	var x int
	if err := conn.QueryRow(ctx, "select x from kept").Scan(&x); err != nil || x != 42 {
		t.Fatalf("after crash: x = %d, err = %v; want 42", x, err)
	}
	conn.Close(ctx)
	if err := c2.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	assertStopped(t, ctx, c2)
}

// TestStartFailureShowsLog checks that when the server won't start, the error
// carries the server log's explanation, not just pg_ctl's "could not start".
func TestStartFailureShowsLog(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	dir := testDir(t)
	_, err := Start(ctx, dir, "goalpost_test", testLog{t}, append(fast, "no_such_setting=1")...)
	if errors.Is(err, ErrNoBinaries) {
		t.Skipf("skipping: %v", err)
	}
	if err == nil || !strings.Contains(err.Error(), `unrecognized configuration parameter "no_such_setting"`) {
		t.Fatalf("err = %v; want the server log's complaint about no_such_setting", err)
	}
	t.Log(err)
	// The cluster itself is fine and starts with good settings.
	c := start(t, ctx, dir, "goalpost_test", testLog{t}, fast...)
	if err := c.Stop(ctx); err != nil {
		t.Fatal(err)
	}
}

// TestStartAfterCrashUnreaped kills the server outright while this process
// is the postmaster's parent and does not reap it, as a `serve` running as
// PID 1 in a container would be: the dead postmaster lingers as a zombie,
// which answers kill(pid, 0) like a live process. Start must still bring
// the cluster up, quickly. The scenario runs in a child process, which
// makes itself the reaper of orphans so the postmaster becomes its child.
func TestStartAfterCrashUnreaped(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	dir := testDir(t)
	if _, err := findBinaries(0); err != nil {
		t.Skipf("skipping: %v", err)
	}
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestZombieHelperProcess$", "-test.v")
	cmd.Env = append(os.Environ(), "PGCLUSTER_ZOMBIE_DIR="+dir)
	out, err := cmd.CombinedOutput()
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		t.Log("child: " + line)
	}
	if err != nil {
		t.Fatalf("child: %v", err)
	}
	if strings.Contains(string(out), "--- SKIP") {
		t.Skip("child skipped")
	}
}

// TestZombieHelperProcess is the child side of TestStartAfterCrashUnreaped.
func TestZombieHelperProcess(t *testing.T) {
	dir := os.Getenv("PGCLUSTER_ZOMBIE_DIR")
	if dir == "" {
		t.Skip("helper for TestStartAfterCrashUnreaped")
	}
	const prSetChildSubreaper = 36
	if _, _, errno := syscall.RawSyscall(syscall.SYS_PRCTL, prSetChildSubreaper, 1, 0); errno != 0 {
		t.Skipf("cannot become a subreaper: %v", errno)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	c1 := start(t, ctx, dir, "goalpost_test", testLog{t}, fast...)
	pid, err := readPostmasterPID(c1.dataDir())
	if err != nil {
		t.Fatal(err)
	}
	if st, err := readProcStat(pid.pid); err != nil || st.ppid != os.Getpid() {
		t.Skipf("the postmaster is not this process's child (%+v, %v)", st, err)
	}
	if err := syscall.Kill(pid.pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for st, _ := readProcStat(pid.pid); st.state != 'Z'; st, _ = readProcStat(pid.pid) {
		if time.Now().After(deadline) {
			t.Fatalf("postmaster %d did not become a zombie: %+v", pid.pid, st)
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Logf("postmaster %d is a zombie", pid.pid)

	t0 := time.Now()
	startCtx, cancelStart := context.WithTimeout(ctx, 30*time.Second)
	defer cancelStart()
	c2, err := Start(startCtx, dir, "goalpost_test", testLog{t}, fast...)
	if err != nil {
		t.Fatalf("Start after a crash: %v", err)
	}
	t.Logf("TIMING Start after a crash, postmaster unreaped: %v", time.Since(t0).Round(time.Millisecond))
	assertRunning(t, ctx, c2)
	c1.Stop(ctx)
	if err := c2.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	assertStopped(t, ctx, c2)
}

// TestStartAfterCrashPIDReused kills the server outright and then gives the
// PID in its stale postmaster.pid to another live process of the server's
// user, as happens when PIDs wrap around: that process is not a postmaster,
// and Start must bring the cluster up.
func TestStartAfterCrashPIDReused(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	dir := testDir(t)
	c1 := start(t, ctx, dir, "goalpost_test", testLog{t}, fast...)
	pid, err := readPostmasterPID(c1.dataDir())
	if err != nil {
		t.Fatal(err)
	}
	if err := syscall.Kill(pid.pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	waitForDeath(t, pid.pid)
	c1.Stop(ctx)

	// A process of the server's user that is not a postmaster.
	other := exec.Command("sleep", "120")
	if c1.run.asRoot {
		other.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uint32(c1.run.uid), Gid: uint32(c1.run.gid)}}
	}
	if err := other.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { other.Process.Kill(); other.Wait() }()
	for _, f := range []string{filepath.Join(c1.dataDir(), "postmaster.pid"), filepath.Join(c1.socketDir(), ".s.PGSQL.5432.lock")} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		_, rest, _ := strings.Cut(string(b), "\n")
		if err := os.WriteFile(f, []byte(fmt.Sprintf("%d\n%s", other.Process.Pid, rest)), 0o600); err != nil {
			t.Fatal(err)
		}
	}

	startCtx, cancelStart := context.WithTimeout(ctx, 30*time.Second)
	defer cancelStart()
	c2, err := Start(startCtx, dir, "goalpost_test", testLog{t}, fast...)
	if err != nil {
		t.Fatalf("Start with a stale postmaster.pid naming another process: %v", err)
	}
	assertRunning(t, ctx, c2)
	if err := c2.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	assertStopped(t, ctx, c2)
}

// TestSupervise kills the server outright under a supervisor: it notices,
// restarts the server with the data intact, says so once, and once its
// context ends leaves the server to Stop.
func TestSupervise(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	dir := testDir(t)
	logs := &capturedLog{t: t}
	c := start(t, ctx, dir, "goalpost_test", logs, fast...)
	conn := connect(t, ctx, c.URL())
	// fast has synchronous_commit off: checkpoint, or the kill may come
	// before the commit reaches the WAL.
	if _, err := conn.Exec(ctx, "create table kept (x int); insert into kept values (42)"); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(ctx, "checkpoint"); err != nil {
		t.Fatal(err)
	}
	conn.Close(ctx)

	superviseCtx, stopSupervising := context.WithCancel(ctx)
	supervised := make(chan struct{})
	go func() {
		defer close(supervised)
		c.Supervise(superviseCtx)
	}()

	old, err := readPostmasterPID(c.dataDir())
	if err != nil {
		t.Fatal(err)
	}
	if err := syscall.Kill(old.pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(60 * time.Second)
	var x int
	for {
		conn, err := pgx.Connect(ctx, c.URL())
		if err == nil {
			err = conn.QueryRow(ctx, "select x from kept").Scan(&x)
			conn.Close(ctx)
			if err == nil {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("the server was not restarted within a minute: %v", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if x != 42 {
		t.Errorf("after the restart x = %d, want 42", x)
	}
	if now, err := readPostmasterPID(c.dataDir()); err != nil || now.pid == old.pid {
		t.Errorf("postmaster.pid after the restart: %+v, %v; want a new PID", now, err)
	}
	stopSupervising()
	<-supervised
	if n := strings.Count(logs.String(), "stopped unexpectedly"); n != 1 {
		t.Errorf("the crash was reported %d times, want once", n)
	}
	if err := c.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	assertStopped(t, ctx, c)
}

// waitForDeath waits until pid has exited. A zombie has: whether its parent
// reaps it is not up to us (in some containers PID 1 never does).
func waitForDeath(t *testing.T, pid int) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		st, err := readProcStat(pid)
		if err != nil || st.state == 'Z' || st.state == 'X' {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("process %d did not exit: %+v", pid, st)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
