// Package pgcluster runs a private PostgreSQL server from the PostgreSQL
// binaries installed on the machine, so that the dashboard can run without a
// DATABASE_URL and the tests without a test database URL.
//
// A cluster lives entirely in one directory (Cluster.Dir):
//
//	Dir/data/        PGDATA
//	Dir/socket/      the server's unix socket (mode 0700)
//	Dir/server.log   the server's log
//	Dir + ".lock"    serialises Start and Stop across processes
//
// Security model: the server never listens on TCP (listen_addresses is empty,
// both in postgresql.conf and on the command line), and its only socket is in
// a directory that only the server's OS user (and root) can enter. That makes
// "trust" authentication for local connections safe: being able to open the
// socket already means being that user or root, who could read the data files
// anyway. pg_hba.conf rejects TCP connections too, in case someone enables
// TCP later by hand.
//
// PostgreSQL refuses to run as root, so when the process runs as root the
// server and its tools run as the "postgres" system user (via runuser), and
// the directories they write are owned by that user.
package pgcluster

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// ErrNoBinaries is returned (wrapped) by Start when no PostgreSQL server
// binaries can be found, so callers such as tests can tell "PostgreSQL is not
// installed here" apart from real failures and skip instead of failing.
var ErrNoBinaries = errors.New("no PostgreSQL binaries found (install postgresql-15 or newer, or put initdb and pg_ctl on PATH)")

const (
	// superuser is the database superuser created by initdb. It is fixed
	// rather than taken from the OS user so URLs look the same for root
	// and non-root runs.
	superuser = "postgres"

	// defaultPort is the server's port. With TCP off, the port only names
	// the socket file (.s.PGSQL.5432), and sockets in different directories
	// cannot clash, so every cluster can use the standard port.
	defaultPort = 5432

	// maxSocketPath is the longest unix socket path the kernel accepts
	// (sizeof(sun_path) minus the terminating NUL). PostgreSQL fails to
	// start with an obscure message if the socket path is longer, so Start
	// checks it up front.
	maxSocketPath = 107

	// staleRetry is how long startServer keeps retrying while the processes
	// of a crashed server are still exiting.
	staleRetry = 20 * time.Second

	// startTimeout bounds pg_ctl's wait for the server to start or stop
	// (its -t flag); a cluster recovering after a crash can take a while.
	startTimeout = 60
)

// managedSettings are the server settings Start sets itself. Callers may not
// override them through Start's settings, because they carry the "no TCP,
// socket only in Dir" guarantee.
var managedSettings = map[string]bool{
	"listen_addresses":        true,
	"unix_socket_directories": true,
	"port":                    true,
}

// Cluster is a PostgreSQL server whose data lives in Dir.
//
// A Cluster is a handle on the server: several handles, in one or several
// processes, may share the same server. Only the handle that started the
// server, or the last handle still using a server that pgcluster started,
// stops it (see Stop).
type Cluster struct {
	// Dir is the absolute path of the cluster directory: Dir/data is
	// PGDATA, Dir/socket holds the unix socket, Dir/server.log the log.
	Dir string

	dbname string
	host   string // socket directory the running server listens in
	port   int
	bin    binaries
	run    runner
	logw   io.Writer
	// settings are Start's settings, for starting the server again after
	// a crash (see Supervise).
	settings []string

	mu    sync.Mutex
	users *os.File // holds a shared flock on usersLockPath while the handle is live
	done  bool     // Stop has been called
}

// Start initialises Dir if it holds no cluster, starts the server unless one
// is already running on Dir, and makes sure database dbname exists (an empty
// dbname means the "postgres" database).
//
// Concurrent calls on the same Dir, from goroutines or from several processes
// such as parallel `go test` binaries, are safe: they serialise on an flock of
// Dir + ".lock", which lives next to Dir rather than in it so that it can be
// taken before Dir exists.
//
// settings are extra server settings in "name=value" form, passed to the
// server as -c flags, e.g. "fsync=off" for throwaway test clusters. They only
// take effect when this call starts the server; a server that is already
// running keeps the settings it was started with. Settings are per start
// rather than stored in the cluster so that a cluster once started with
// fsync=off is not silently non-durable forever. If settings contain
// fsync=off, initdb also skips its final sync, since the caller evidently
// does not need durability.
//
// logw receives short human-readable progress lines; it may be nil.
func Start(ctx context.Context, dir, dbname string, logw io.Writer, settings ...string) (*Cluster, error) {
	if logw == nil {
		logw = io.Discard
	}
	if dbname == "" {
		dbname = "postgres"
	}
	noSync := false
	for _, s := range settings {
		name, value, ok := strings.Cut(s, "=")
		name = strings.TrimSpace(name)
		if !ok || name == "" {
			return nil, fmt.Errorf("pgcluster: setting %q is not of the form name=value", s)
		}
		if managedSettings[strings.ToLower(name)] {
			return nil, fmt.Errorf("pgcluster: setting %q is managed by pgcluster and cannot be overridden", name)
		}
		if strings.EqualFold(name, "fsync") && isOff(value) {
			noSync = true
		}
	}
	if dir == "" {
		return nil, errors.New("pgcluster: empty cluster directory")
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("pgcluster: %w", err)
	}
	if err := checkDirName(abs); err != nil {
		return nil, err
	}

	c := &Cluster{Dir: abs, dbname: dbname, port: defaultPort, logw: logw, settings: settings}
	c.host = c.socketDir()

	// Find the binaries before touching the file system, so a machine
	// without PostgreSQL gets ErrNoBinaries and no stray directories. An
	// existing cluster needs the binaries of the major version that
	// created it, so prefer those.
	c.bin, err = findBinaries(dataMajor(c.dataDir()))
	if err != nil {
		return nil, err
	}
	c.run, err = newRunner(abs)
	if err != nil {
		return nil, err
	}
	if err := c.makeDirs(); err != nil {
		return nil, err
	}

	lock, err := lockFile(ctx, c.lockPath(), syscall.LOCK_EX, func() {
		fmt.Fprintf(logw, "waiting for another process setting up PostgreSQL in %s\n", abs)
	})
	if err != nil {
		return nil, fmt.Errorf("pgcluster: locking %s: %w", c.lockPath(), err)
	}
	defer lock.Close() // closing the file releases the flock

	started, err := c.setUp(ctx, noSync, settings)
	if err != nil {
		return nil, err
	}
	// Register this handle as a user of the server before releasing the
	// setup lock, so a concurrent Stop (which takes the setup lock) sees it.
	c.users, err = lockFile(ctx, c.usersLockPath(), syscall.LOCK_SH, nil)
	if err == nil {
		err = c.ensureDatabase(ctx, dbname)
	}
	if err != nil {
		if c.users != nil {
			c.users.Close()
		}
		if started {
			// Don't leave a server running that nobody holds a
			// handle on; nobody else can be using it yet because we
			// still hold the setup lock.
			if _, serr := c.pgctl(context.WithoutCancel(ctx), "stop", "-m", "fast"); serr == nil {
				os.Remove(c.ownerPath())
			}
		}
		return nil, err
	}
	return c, nil
}

// setUp initialises the cluster if needed and starts the server unless it is
// already running. It reports whether it started the server. The caller holds
// the setup lock.
func (c *Cluster) setUp(ctx context.Context, noSync bool, settings []string) (started bool, err error) {
	if dataMajor(c.dataDir()) == 0 {
		if err := c.initdb(ctx, noSync); err != nil {
			return false, err
		}
	}
	if err := c.makeSocketDir(); err != nil {
		return false, err
	}
	running, err := c.running(ctx)
	if err != nil {
		return false, err
	}
	if running {
		if err := c.useRunning(); err != nil {
			return false, err
		}
		fmt.Fprintf(c.logw, "using running PostgreSQL in %s\n", c.Dir)
		return false, nil
	}
	if err := c.startServer(ctx, settings); err != nil {
		return false, err
	}
	return true, nil
}

// URL is a libpq/pgx connection string for the database given to Start. It
// has the form postgres://postgres@/DBNAME?host=SOCKETDIR&port=5432&sslmode=disable,
// which both pgx and libpq (psql) accept.
func (c *Cluster) URL() string { return c.DatabaseURL(c.dbname) }

// DatabaseURL is like URL but for database dbname, e.g. for the "postgres"
// maintenance database or databases created by test helpers.
func (c *Cluster) DatabaseURL(dbname string) string {
	// libpq and pgx decode %XX in URLs but not "+" as a space, so the
	// query is escaped by hand rather than with url.Values.Encode.
	esc := func(s string) string { return strings.ReplaceAll(url.QueryEscape(s), "+", "%20") }
	u := url.URL{
		Scheme: "postgres",
		User:   url.User(superuser),
		Path:   "/" + dbname,
		// No TLS over a unix socket: it would add nothing but failures.
		RawQuery: "host=" + esc(c.host) + "&port=" + strconv.Itoa(c.port) + "&sslmode=disable",
	}
	return u.String()
}

// Host returns the directory holding the server's unix socket, for tools
// (like pgtestdb) that take connection fields rather than URLs; libpq and pgx
// treat a host starting with "/" as a socket directory.
func (c *Cluster) Host() string { return c.host }

// Port returns the server's port. With TCP off it only names the socket file
// in Host, but clients still need it to find that file.
func (c *Cluster) Port() int { return c.port }

// User returns the database superuser name, which needs no password over the
// socket.
func (c *Cluster) User() string { return superuser }

// Stop releases this handle and stops the server (fast shutdown: open
// sessions are disconnected, transactions rolled back) if pgcluster started
// it and no other handle, in this or another process, is still using it.
// So the handle that started the server stops it, unless others still use it,
// in which case the last of them does; that keeps parallel test binaries that
// share one cluster from pulling it out from under each other. A server that
// was started outside pgcluster (say by hand with pg_ctl) is left alone.
// Calling Stop again does nothing.
func (c *Cluster) Stop(ctx context.Context) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.done {
		return nil
	}

	lock, err := lockFile(ctx, c.lockPath(), syscall.LOCK_EX, nil)
	if err != nil {
		return fmt.Errorf("pgcluster: locking %s: %w", c.lockPath(), err)
	}
	defer lock.Close()
	c.done = true
	c.users.Close() // drop this handle's share

	// If anyone else still holds a share, they are using the server.
	probe, err := os.OpenFile(c.usersLockPath(), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("pgcluster: %w", err)
	}
	defer probe.Close()
	if err := flock(probe, syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		if errors.Is(err, syscall.EWOULDBLOCK) {
			fmt.Fprintf(c.logw, "leaving PostgreSQL in %s running: still in use by another handle\n", c.Dir)
			return nil
		}
		return fmt.Errorf("pgcluster: %w", err)
	}

	running, err := c.running(ctx)
	if err != nil {
		return err
	}
	if !running {
		os.Remove(c.ownerPath())
		return nil
	}
	if !c.startedByUs() {
		fmt.Fprintf(c.logw, "leaving PostgreSQL in %s running: it was not started by pgcluster\n", c.Dir)
		return nil
	}
	fmt.Fprintf(c.logw, "stopping PostgreSQL in %s\n", c.Dir)
	t0 := time.Now()
	if out, err := c.pgctl(ctx, "stop", "-m", "fast"); err != nil {
		return fmt.Errorf("pgcluster: stopping PostgreSQL in %s: %w%s", c.Dir, err, details(out, c.logTail()))
	}
	os.Remove(c.ownerPath())
	fmt.Fprintf(c.logw, "stopped PostgreSQL in %s (%s)\n", c.Dir, since(t0))
	return nil
}

func (c *Cluster) dataDir() string   { return filepath.Join(c.Dir, "data") }
func (c *Cluster) pidFile() string   { return filepath.Join(c.dataDir(), "postmaster.pid") }
func (c *Cluster) socketDir() string { return filepath.Join(c.Dir, "socket") }
func (c *Cluster) logPath() string   { return filepath.Join(c.Dir, "server.log") }

// lockPath is the setup lock. It lives next to Dir, not in it, so it can be
// taken before Dir is created and is never swept up with the cluster's files.
func (c *Cluster) lockPath() string { return c.Dir + ".lock" }

// usersLockPath is share-locked by every live handle; Stop takes it
// exclusively (without waiting) to find out whether it is the last user.
func (c *Cluster) usersLockPath() string { return filepath.Join(c.Dir, "users.lock") }

// ownerPath records the PID of a postmaster that pgcluster started, so Stop
// can tell such a server from one started by other means, even after the
// process that started it has gone.
func (c *Cluster) ownerPath() string { return filepath.Join(c.Dir, "pgcluster.pid") }

// initdb creates the cluster in a scratch directory and renames it into place
// only when complete, so a crash half-way through initdb never leaves a
// Dir/data that looks like a cluster but isn't one.
func (c *Cluster) initdb(ctx context.Context, noSync bool) error {
	data := c.dataDir()
	if entries, err := os.ReadDir(data); err == nil {
		if len(entries) > 0 {
			return fmt.Errorf("pgcluster: %s exists but is not a PostgreSQL data directory (no PG_VERSION); move it away or choose another directory", data)
		}
		if err := os.Remove(data); err != nil {
			return fmt.Errorf("pgcluster: %w", err)
		}
	}
	tmp := filepath.Join(c.Dir, "data.init")
	fmt.Fprintf(c.logw, "initialising %s cluster in %s\n", c.bin.label(), c.Dir)
	t0 := time.Now()
	// C.UTF-8 gives UTF-8 character classification with byte-order
	// collation that can't change under us with glibc upgrades; plain C is
	// the fallback where C.UTF-8 isn't available.
	locales := []string{"C.UTF-8", "C"}
	var firstOut string
	for i, locale := range locales {
		if err := os.RemoveAll(tmp); err != nil {
			return fmt.Errorf("pgcluster: %w", err)
		}
		if err := c.run.mkdirOwned(tmp); err != nil {
			return err
		}
		args := []string{
			"-D", tmp,
			"--username=" + superuser,
			"--auth-local=trust",
			"--auth-host=reject",
			"--encoding=UTF8",
			"--locale=" + locale,
		}
		if noSync {
			args = append(args, "--no-sync")
		}
		out, _, err := c.run.output(ctx, c.bin.initdb, args...)
		if err == nil {
			break
		}
		os.RemoveAll(tmp)
		if i < len(locales)-1 && strings.Contains(strings.ToLower(out), "locale") {
			fmt.Fprintf(c.logw, "locale %s unavailable, retrying with %s\n", locale, locales[i+1])
			firstOut = out
			continue
		}
		return fmt.Errorf("pgcluster: initdb in %s failed: %w%s", c.Dir, err, details(firstOut, out))
	}
	if err := appendConfig(filepath.Join(tmp, "postgresql.conf"), c.socketDir()); err != nil {
		os.RemoveAll(tmp)
		return err
	}
	if err := os.Rename(tmp, data); err != nil {
		os.RemoveAll(tmp)
		return fmt.Errorf("pgcluster: %w", err)
	}
	fmt.Fprintf(c.logw, "initialised PostgreSQL cluster in %s (%s)\n", c.Dir, since(t0))
	return nil
}

// appendConfig writes the security-relevant settings into postgresql.conf as
// well as passing them on the command line, so that even starting the data
// directory by hand with a bare pg_ctl does not open a TCP port.
func appendConfig(path, socketDir string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return fmt.Errorf("pgcluster: %w", err)
	}
	_, err = fmt.Fprintf(f, `
# Added by Goalpost's pgcluster: accept connections only on the unix socket in
# the cluster directory, never over TCP (authentication is trust).
listen_addresses = ''
unix_socket_directories = '%s'
port = %d
`, strings.ReplaceAll(socketDir, "'", "''"), defaultPort)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("pgcluster: writing %s: %w", path, err)
	}
	return nil
}

// running reports whether a server is running on the data directory. pg_ctl
// checks postmaster.pid and that its PID answers kill(pid, 0); where /proc
// can tell, that PID must also be a live postmaster of this data directory,
// not a zombie or another process (see postmasterAlive), or a restart after
// a crash would wait for a server that is not there.
func (c *Cluster) running(ctx context.Context) (bool, error) {
	out, code, err := c.run.output(ctx, c.bin.pgctl, "-D", c.dataDir(), "status")
	switch {
	case err == nil:
		if pid, err := readPIDLine(c.pidFile()); err == nil {
			if alive, known := postmasterAlive(pid, c.dataDir()); known && !alive {
				return false, nil
			}
		}
		return true, nil
	case code == 3: // documented: not running
		return false, nil
	default:
		return false, fmt.Errorf("pgcluster: pg_ctl status on %s: %w%s", c.dataDir(), err, details(out))
	}
}

// useRunning points the handle at the socket of an already running server.
// It reads the socket directory and port from postmaster.pid rather than
// assuming ours, since the server may have been started by other means.
func (c *Cluster) useRunning() error {
	pid, err := readPostmasterPID(c.dataDir())
	if err != nil {
		return err
	}
	if pid.socketDir == "" {
		return fmt.Errorf("pgcluster: the PostgreSQL server running on %s listens on no unix socket; stop it and try again", c.dataDir())
	}
	c.host, c.port = pid.socketDir, pid.port
	return nil
}

func (c *Cluster) startServer(ctx context.Context, settings []string) error {
	opts := []string{"-c", "listen_addresses=", "-k", c.socketDir(), "-p", strconv.Itoa(defaultPort)}
	for _, s := range settings {
		opts = append(opts, "-c", s)
	}
	// pg_ctl hands -o to /bin/sh, so every word must be shell-quoted.
	quoted := make([]string, len(opts))
	for i, o := range opts {
		quoted[i] = shellQuote(o)
	}
	fmt.Fprintf(c.logw, "starting %s in %s\n", c.bin.label(), c.Dir)
	t0 := time.Now()
	// Right after a crash, the dead server's processes may still be
	// exiting; PostgreSQL then refuses to start ("pre-existing shared
	// memory block is still in use"), rightly, and a moment later it can.
	deadline := time.Now().Add(staleRetry)
	for {
		if err := c.clearStaleLocks(); err != nil {
			return err
		}
		logStart := c.logSize()
		out, err := c.pgctl(ctx, "start", "-l", c.logPath(), "-o", strings.Join(quoted, " "))
		if err == nil {
			break
		}
		log := c.logSince(logStart)
		if ctx.Err() == nil && time.Now().Before(deadline) &&
			(strings.Contains(log, "pre-existing shared memory block") || strings.Contains(log, "already exists")) {
			time.Sleep(200 * time.Millisecond)
			continue
		}
		return fmt.Errorf("pgcluster: starting PostgreSQL in %s: %w%s", c.Dir, err, details(out, c.logTail()))
	}
	pid, err := readPostmasterPID(c.dataDir())
	if err != nil {
		return err
	}
	if err := os.WriteFile(c.ownerPath(), []byte(strconv.Itoa(pid.pid)+"\n"), 0o644); err != nil {
		return fmt.Errorf("pgcluster: %w", err)
	}
	if c.host != c.socketDir() || c.port != defaultPort { // only if changed: URL may be reading them
		c.host, c.port = c.socketDir(), defaultPort
	}
	fmt.Fprintf(c.logw, "started PostgreSQL in %s (%s)\n", c.Dir, since(t0))
	return nil
}

// clearStaleLocks removes the lock files (postmaster.pid and the socket's
// .lock) that a postmaster which died without cleaning up left behind, when
// /proc says their PID is not a live postmaster of this data directory.
// PostgreSQL would take a zombie or an unrelated process with that PID for a
// running server and refuse to start. This cannot let two servers share the
// data directory: PostgreSQL's own shared memory check still refuses to
// start while any process of the old server is alive. The caller holds the
// setup lock.
func (c *Cluster) clearStaleLocks() error {
	pid, err := readPIDLine(c.pidFile())
	if err != nil {
		return nil // no lock file, or one PostgreSQL will judge itself
	}
	if alive, known := postmasterAlive(pid, c.dataDir()); alive || !known {
		return nil
	}
	reapIfChild(pid)
	locks := []string{c.pidFile()}
	if p, err := readPostmasterPID(c.dataDir()); err == nil && p.socketDir != "" {
		locks = append(locks, filepath.Join(p.socketDir, fmt.Sprintf(".s.PGSQL.%d.lock", p.port)))
	}
	for _, f := range locks {
		if owner, err := readPIDLine(f); err == nil && owner == pid {
			if err := os.Remove(f); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return fmt.Errorf("pgcluster: removing stale %s: %w", f, err)
			}
			fmt.Fprintf(c.logw, "removed stale %s (PID %d is not a running PostgreSQL)\n", f, pid)
		}
	}
	return nil
}

// logSize and logSince let startServer read only what one start attempt
// wrote to the server log.
func (c *Cluster) logSize() int64 {
	fi, err := os.Stat(c.logPath())
	if err != nil {
		return 0
	}
	return fi.Size()
}

func (c *Cluster) logSince(offset int64) string {
	b, err := os.ReadFile(c.logPath())
	if err != nil || int64(len(b)) < offset {
		return ""
	}
	return string(b[offset:])
}

// startedByUs reports whether the running postmaster is the one pgcluster
// started, by comparing PIDs; a server restarted by hand since then gets a
// new PID and is therefore left alone.
func (c *Cluster) startedByUs() bool {
	b, err := os.ReadFile(c.ownerPath())
	if err != nil {
		return false
	}
	owner, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		return false
	}
	pid, err := readPostmasterPID(c.dataDir())
	return err == nil && pid.pid == owner
}

// pgctl runs pg_ctl on the data directory, waiting for the operation to
// finish.
func (c *Cluster) pgctl(ctx context.Context, action string, args ...string) (string, error) {
	all := append([]string{"-D", c.dataDir(), "-w", "-t", strconv.Itoa(startTimeout), action}, args...)
	out, _, err := c.run.output(ctx, c.bin.pgctl, all...)
	return out, err
}

// ensureDatabase creates dbname unless it exists. Creation races with other
// clients are tolerated: duplicate_database means someone else won.
func (c *Cluster) ensureDatabase(ctx context.Context, dbname string) error {
	conn, err := c.connect(ctx, "postgres")
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	var exists bool
	err = conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", dbname).Scan(&exists)
	if err != nil {
		return fmt.Errorf("pgcluster: checking for database %q: %w", dbname, err)
	}
	if exists {
		return nil
	}
	_, err = conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{dbname}.Sanitize())
	var pgErr *pgconn.PgError
	if err != nil && !(errors.As(err, &pgErr) && pgErr.Code == "42P04") {
		return fmt.Errorf("pgcluster: creating database %q: %w", dbname, err)
	}
	if err == nil {
		fmt.Fprintf(c.logw, "created database %s\n", dbname)
	}
	return nil
}

// connect connects to dbname, retrying briefly: a server we found running
// may still be starting up (or its socket not yet created). Errors from a
// server that is up, other than "starting up", are returned at once.
func (c *Cluster) connect(ctx context.Context, dbname string) (*pgx.Conn, error) {
	deadline := time.Now().Add(15 * time.Second)
	for {
		conn, err := pgx.Connect(ctx, c.DatabaseURL(dbname))
		if err == nil {
			return conn, nil
		}
		var pgErr *pgconn.PgError
		final := errors.As(err, &pgErr) && pgErr.Code != "57P03" // cannot_connect_now
		if final || ctx.Err() != nil || time.Now().After(deadline) {
			return nil, fmt.Errorf("pgcluster: connecting to PostgreSQL in %s: %w", c.Dir, err)
		}
		select {
		case <-ctx.Done():
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// logTail returns the last lines of the server log, where the reason a start
// failed actually is (pg_ctl itself only says that it failed).
func (c *Cluster) logTail() string {
	b, err := os.ReadFile(c.logPath())
	if err != nil || len(b) == 0 {
		return ""
	}
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(lines) > 20 {
		lines = lines[len(lines)-20:]
	}
	return "last lines of " + c.logPath() + ":\n" + strings.Join(lines, "\n")
}

// details formats program output and log excerpts for the end of an error
// message: each non-empty part on lines of its own.
func details(parts ...string) string {
	var b strings.Builder
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			b.WriteString("\n" + p)
		}
	}
	return b.String()
}

type postmasterPID struct {
	pid       int
	port      int
	socketDir string
}

// readPostmasterPID parses DATADIR/postmaster.pid: line 1 is the PID, line 4
// the port, line 5 the first socket directory.
func readPostmasterPID(dataDir string) (postmasterPID, error) {
	path := filepath.Join(dataDir, "postmaster.pid")
	b, err := os.ReadFile(path)
	if err != nil {
		return postmasterPID{}, fmt.Errorf("pgcluster: %w", err)
	}
	lines := strings.Split(string(b), "\n")
	if len(lines) < 5 {
		return postmasterPID{}, fmt.Errorf("pgcluster: %s is incomplete", path)
	}
	var p postmasterPID
	if p.pid, err = strconv.Atoi(strings.TrimSpace(lines[0])); err != nil {
		return postmasterPID{}, fmt.Errorf("pgcluster: bad PID in %s: %w", path, err)
	}
	if p.port, err = strconv.Atoi(strings.TrimSpace(lines[3])); err != nil {
		return postmasterPID{}, fmt.Errorf("pgcluster: bad port in %s: %w", path, err)
	}
	p.socketDir = strings.TrimSpace(lines[4])
	return p, nil
}

// readPIDLine reads the PID on the first line of a PostgreSQL lock file
// (postmaster.pid, or a socket's .lock).
func readPIDLine(path string) (int, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	line, _, _ := strings.Cut(string(b), "\n")
	pid, err := strconv.Atoi(strings.TrimSpace(line))
	if err != nil || pid <= 0 {
		return 0, fmt.Errorf("pgcluster: no PID in %s", path)
	}
	return pid, nil
}

// dataMajor returns the major version of the cluster in dataDir, or 0 if
// dataDir holds no (readable) cluster.
func dataMajor(dataDir string) int {
	b, err := os.ReadFile(filepath.Join(dataDir, "PG_VERSION"))
	if err != nil {
		return 0
	}
	n, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil || n <= 0 {
		return 0
	}
	return n
}

// checkDirName rejects cluster directories that PostgreSQL's tooling can't
// cope with, with a clear message instead of an obscure failure later:
// pg_ctl passes paths through /bin/sh inside double quotes, the server splits
// unix_socket_directories on commas, and socket paths have a length limit.
func checkDirName(abs string) error {
	if i := strings.IndexAny(abs, "\"$`\\,\n"); i >= 0 {
		return fmt.Errorf("pgcluster: cluster directory %q contains %q, which PostgreSQL's tools cannot handle; choose another directory", abs, abs[i])
	}
	sock := filepath.Join(abs, "socket", fmt.Sprintf(".s.PGSQL.%d", defaultPort))
	if len(sock) > maxSocketPath {
		return fmt.Errorf("pgcluster: cluster directory %s is too long: its socket path %s would exceed the %d-byte unix socket limit; choose a shorter directory", abs, sock, maxSocketPath)
	}
	return nil
}

// shellQuote quotes s as a single /bin/sh word.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func isOff(v string) bool {
	switch strings.ToLower(strings.Trim(strings.TrimSpace(v), "'")) {
	case "off", "false", "no", "0":
		return true
	}
	return false
}

func since(t time.Time) time.Duration {
	return time.Since(t).Round(time.Millisecond)
}
