package pgcluster

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// debianRoot is where Debian and Ubuntu install each PostgreSQL major
// version (/usr/lib/postgresql/15/bin/...); several can coexist there.
const debianRoot = "/usr/lib/postgresql"

// minMajor is the oldest PostgreSQL Goalpost supports.
const minMajor = 15

// serverOSUser is the system user the server runs as when we are root,
// because initdb and postgres refuse to run as root. Debian's packages create
// it.
const serverOSUser = "postgres"

// binaries are the PostgreSQL programs pgcluster runs. pg_ctl finds the
// postgres server binary next to itself, so the two always match.
type binaries struct {
	initdb, pgctl string
	major         int // 0 if unknown
}

// label names the PostgreSQL version for progress messages.
func (b binaries) label() string {
	if b.major == 0 {
		return "PostgreSQL"
	}
	return "PostgreSQL " + strconv.Itoa(b.major)
}

// findBinaries picks the PostgreSQL installation to use: the one matching
// want (the major version of an existing cluster, which only its own major
// version can run), else the highest Debian-style installation of at least
// minMajor, else initdb and pg_ctl from PATH.
func findBinaries(want int) (binaries, error) {
	var found []binaries
	entries, _ := os.ReadDir(debianRoot)
	for _, e := range entries {
		major, err := strconv.Atoi(e.Name())
		if err != nil || major < minMajor {
			continue
		}
		bin := filepath.Join(debianRoot, e.Name(), "bin")
		b := binaries{initdb: filepath.Join(bin, "initdb"), pgctl: filepath.Join(bin, "pg_ctl"), major: major}
		if isExecutable(b.initdb) && isExecutable(b.pgctl) && isExecutable(filepath.Join(bin, "postgres")) {
			found = append(found, b)
		}
	}
	slices.SortFunc(found, func(a, b binaries) int { return b.major - a.major })

	var onPath *binaries
	initdb, err1 := exec.LookPath("initdb")
	pgctl, err2 := exec.LookPath("pg_ctl")
	if err1 == nil && err2 == nil {
		onPath = &binaries{initdb: initdb, pgctl: pgctl, major: pgctlMajor(pgctl)}
	}

	if want > 0 {
		for _, b := range found {
			if b.major == want {
				return b, nil
			}
		}
		if onPath != nil && onPath.major == want {
			return *onPath, nil
		}
	}
	if len(found) > 0 {
		return found[0], nil
	}
	if onPath != nil {
		return *onPath, nil
	}
	return binaries{}, fmt.Errorf("pgcluster: %w", ErrNoBinaries)
}

var versionRE = regexp.MustCompile(`\(PostgreSQL\) (\d+)`)

// pgctlMajor asks pg_ctl for its major version, for messages and for
// matching an existing cluster; 0 if it can't tell.
func pgctlMajor(pgctl string) int {
	out, err := exec.Command(pgctl, "--version").Output()
	if err != nil {
		return 0
	}
	m := versionRE.FindSubmatch(out)
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}

func isExecutable(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Mode().IsRegular() && fi.Mode().Perm()&0o111 != 0
}

// runner runs PostgreSQL programs, as the postgres system user when we are
// root and directly otherwise, and owns files the server must write
// accordingly.
type runner struct {
	cwd     string
	asRoot  bool
	runuser string
	uid     int
	gid     int
	groups  map[int]bool // the server user's groups, for permission checks
}

func newRunner(cwd string) (runner, error) {
	r := runner{cwd: cwd, uid: -1, gid: -1}
	if os.Geteuid() != 0 {
		return r, nil
	}
	r.asRoot = true
	u, err := user.Lookup(serverOSUser)
	if err != nil {
		return r, fmt.Errorf("pgcluster: running as root, PostgreSQL must run as the %q system user, but looking it up failed: %w", serverOSUser, err)
	}
	if r.uid, err = strconv.Atoi(u.Uid); err != nil {
		return r, fmt.Errorf("pgcluster: uid of %q: %w", serverOSUser, err)
	}
	if r.gid, err = strconv.Atoi(u.Gid); err != nil {
		return r, fmt.Errorf("pgcluster: gid of %q: %w", serverOSUser, err)
	}
	r.groups = map[int]bool{r.gid: true}
	if gids, err := u.GroupIds(); err == nil {
		for _, g := range gids {
			if n, err := strconv.Atoi(g); err == nil {
				r.groups[n] = true
			}
		}
	}
	r.runuser, err = exec.LookPath("runuser")
	if err != nil {
		for _, p := range []string{"/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser"} {
			if isExecutable(p) {
				r.runuser, err = p, nil
				break
			}
		}
	}
	if err != nil {
		return r, fmt.Errorf("pgcluster: running as root, PostgreSQL must run as %q via runuser, which is not installed: %w", serverOSUser, err)
	}
	return r, nil
}

// output runs a program and returns its combined output and exit code (-1 if
// it did not exit normally).
func (r runner) output(ctx context.Context, name string, args ...string) (string, int, error) {
	var cmd *exec.Cmd
	if r.asRoot {
		cmd = exec.CommandContext(ctx, r.runuser, append([]string{"-u", serverOSUser, "--", name}, args...)...)
	} else {
		cmd = exec.CommandContext(ctx, name, args...)
	}
	// A working directory the server user can enter avoids initdb's
	// "could not change directory" complaints when we run from /root.
	cmd.Dir = r.cwd
	cmd.Env = serverEnv()
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	// Own process group so cancellation kills runuser and what it ran, not
	// just runuser. (pg_ctl puts the server in its own session, so the
	// server survives both that and our exit.)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	// Don't hang if a grandchild keeps the output pipe open.
	cmd.WaitDelay = 10 * time.Second
	err := cmd.Run()
	code := -1
	if cmd.ProcessState != nil {
		code = cmd.ProcessState.ExitCode()
	}
	return out.String(), code, err
}

// serverEnv is our environment without PG* variables, so a PGDATA, PGPORT
// or PGHOST meant for something else can't redirect pg_ctl or the server.
func serverEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "PG") {
			env = append(env, kv)
		}
	}
	return env
}

// chown hands path to the server user when we are root.
func (r runner) chown(path string) error {
	if !r.asRoot {
		return nil
	}
	if err := os.Chown(path, r.uid, r.gid); err != nil {
		return fmt.Errorf("pgcluster: %w", err)
	}
	return nil
}

// mkdirOwned creates a private (0700) directory for the server user.
func (r runner) mkdirOwned(path string) error {
	if err := os.Mkdir(path, 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("pgcluster: %w", err)
	}
	if err := os.Chmod(path, 0o700); err != nil { // in case of an odd umask or an old directory
		return fmt.Errorf("pgcluster: %w", err)
	}
	return r.chown(path)
}

// checkTraversable makes sure the server user can reach into dir (which
// exists): each directory from / down to dir must be searchable by it. We
// check up front because otherwise initdb or the server fails much later
// with a bare "Permission denied".
func (r runner) checkTraversable(dir string) error {
	paths := []string{dir}
	if real, err := filepath.EvalSymlinks(dir); err == nil && real != dir {
		paths = append(paths, real)
	}
	for _, p := range paths {
		for d := p; ; d = filepath.Dir(d) {
			fi, err := os.Stat(d)
			if err != nil {
				return fmt.Errorf("pgcluster: %w", err)
			}
			if !r.canTraverse(fi) {
				return fmt.Errorf("pgcluster: running as root, so PostgreSQL runs as the %q system user, which cannot enter %s (mode %v, not searchable by that user); "+
					"choose a cluster directory it can reach (e.g. under /var/tmp or /srv), or make the directory searchable with chmod o+x %s",
					serverOSUser, d, fi.Mode().Perm(), d)
			}
			if d == filepath.Dir(d) {
				break
			}
		}
	}
	return nil
}

// canTraverse applies the POSIX owner/group/other search-permission rules
// for the server user (ACLs are not considered).
func (r runner) canTraverse(fi fs.FileInfo) bool {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return true
	}
	perm := fi.Mode().Perm()
	switch {
	case int(st.Uid) == r.uid:
		return perm&0o100 != 0
	case r.groups[int(st.Gid)]:
		return perm&0o010 != 0
	default:
		return perm&0o001 != 0
	}
}

// makeDirs creates Dir (and missing parents) and the files in it that the
// server user writes but which sit directly in Dir (the log), so that the
// server user only ever needs to write inside directories it owns. When we
// are root the directories we create are handed to the server user; ones
// that already existed are only checked for being reachable.
func (c *Cluster) makeDirs() error {
	var created []string
	existing := c.Dir
	for {
		_, err := os.Stat(existing)
		if err == nil {
			break
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("pgcluster: %w", err)
		}
		created = append(created, existing)
		parent := filepath.Dir(existing)
		if parent == existing {
			break
		}
		existing = parent
	}
	if c.run.asRoot {
		if err := c.run.checkTraversable(existing); err != nil {
			return err
		}
	}
	if err := os.MkdirAll(c.Dir, 0o755); err != nil {
		return fmt.Errorf("pgcluster: creating cluster directory: %w", err)
	}
	for _, d := range created {
		if err := c.run.chown(d); err != nil {
			return err
		}
	}
	f, err := os.OpenFile(c.logPath(), os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("pgcluster: %w", err)
	}
	f.Close()
	return c.run.chown(c.logPath())
}

// makeSocketDir creates Dir/socket, private to the server user: this
// directory's permissions are what makes trust authentication safe.
func (c *Cluster) makeSocketDir() error {
	return c.run.mkdirOwned(c.socketDir())
}

// lockFile opens (creating) path and flocks it with how (LOCK_EX or
// LOCK_SH), polling so that ctx can cancel the wait. onWait, if set, is
// called once if the lock is not immediately available. Closing the returned
// file releases the lock; flock locks belong to the open file, so separate
// lockFile calls exclude each other even within one process, and the kernel
// drops them if the process dies. (Go opens files close-on-exec, so the
// server we start never inherits them.)
func lockFile(ctx context.Context, path string, how int, onWait func()) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	for waited := false; ; waited = true {
		err := flock(f, how|syscall.LOCK_NB)
		if err == nil {
			return f, nil
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) {
			f.Close()
			return nil, err
		}
		if !waited && onWait != nil {
			onWait()
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, ctx.Err()
		case <-time.After(25 * time.Millisecond):
		}
	}
}

func flock(f *os.File, how int) error {
	for {
		err := syscall.Flock(int(f.Fd()), how)
		if !errors.Is(err, syscall.EINTR) {
			return err
		}
	}
}

// procStat is what pgcluster needs of /proc/PID/stat.
type procStat struct {
	comm  string // command name, e.g. "postgres"
	state byte   // R, S, D, … Z for a zombie, X for dead
	ppid  int
}

// readProcStat reads /proc/PID/stat (Linux). The command name is in
// parentheses and may itself contain spaces and parentheses, so the fields
// after it are found from the last ")".
func readProcStat(pid int) (procStat, error) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return procStat{}, err
	}
	open, end := bytes.IndexByte(b, '('), bytes.LastIndexByte(b, ')')
	if open < 0 || end < open {
		return procStat{}, fmt.Errorf("pgcluster: unexpected /proc/%d/stat", pid)
	}
	fields := strings.Fields(string(b[end+1:]))
	if len(fields) < 2 || len(fields[0]) != 1 {
		return procStat{}, fmt.Errorf("pgcluster: unexpected /proc/%d/stat", pid)
	}
	ppid, err := strconv.Atoi(fields[1])
	if err != nil {
		return procStat{}, fmt.Errorf("pgcluster: unexpected /proc/%d/stat", pid)
	}
	return procStat{comm: string(b[open+1 : end]), state: fields[0][0], ppid: ppid}, nil
}

// postmasterAlive reports whether pid is a live postmaster of dataDir.
// pg_ctl, and PostgreSQL itself, take any PID that answers kill(pid, 0) for a
// running server, but so does a postmaster that died and was not reaped (a
// zombie: its parent, often PID 1 in a container, does not wait for it) and
// so does an unrelated process that has since been given the same PID. With
// /proc, both are told apart from a live postmaster: a zombie by its state,
// an unrelated process by its name and working directory (the postmaster's is
// its data directory). known is false where /proc cannot tell.
func postmasterAlive(pid int, dataDir string) (alive, known bool) {
	st, err := readProcStat(pid)
	if err != nil {
		if _, serr := os.Stat("/proc/self/stat"); serr != nil {
			return false, false // no /proc here
		}
		return false, errors.Is(err, fs.ErrNotExist)
	}
	if st.state == 'Z' || st.state == 'X' {
		return false, true
	}
	if st.comm != "postgres" && st.comm != "postmaster" {
		return false, true
	}
	// Reading another user's working directory needs privileges we may
	// lack; if so, the name has to do.
	if cwd, err := os.Readlink("/proc/" + strconv.Itoa(pid) + "/cwd"); err == nil {
		want := dataDir
		if real, err := filepath.EvalSymlinks(dataDir); err == nil {
			want = real
		}
		if cwd != want && cwd != dataDir {
			return false, true
		}
	}
	return true, true
}

// reapIfChild collects the exit status of pid if it is a dead child of
// this process, so a postmaster that pgcluster inherited (when it runs as
// PID 1 or as a subreaper) does not stay a zombie. It never waits.
func reapIfChild(pid int) {
	if st, err := readProcStat(pid); err == nil && st.state == 'Z' && st.ppid == os.Getpid() {
		var ws syscall.WaitStatus
		_, _ = syscall.Wait4(pid, &ws, syscall.WNOHANG, nil)
	}
}
