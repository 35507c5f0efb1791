package pgcluster

import (
	"context"
	"errors"
	"fmt"
	"syscall"
	"time"
)

const (
	// superviseEvery is how often Supervise looks at the postmaster: a
	// read of postmaster.pid and /proc, no process started.
	superviseEvery = time.Second
	// superviseMaxBackoff bounds the wait between failed restarts.
	superviseMaxBackoff = 30 * time.Second
)

// Supervise keeps the server running until ctx ends: when the postmaster
// dies without shutting down (killed, out of memory, crashed), leaving its
// postmaster.pid behind, Supervise starts the server again with Start's
// settings, and keeps trying, backing off, while that fails. Connection
// pools reconnect by themselves once it is back. It writes one line when
// the server dies, the usual start lines, and one line if restarting fails
// (not one per attempt).
//
// It only supervises a server that pgcluster started, and it leaves alone a
// server that was stopped cleanly (postmaster.pid removed), say by hand with
// pg_ctl stop: that was meant. It stops supervising once Stop is called.
// Supervise returns when ctx ends; call it in a goroutine.
func (c *Cluster) Supervise(ctx context.Context) {
	if !c.startedByUs() {
		fmt.Fprintf(c.logw, "not supervising PostgreSQL in %s: it was not started by pgcluster\n", c.Dir)
		return
	}
	wait, failing := superviseEvery, false
	for {
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		if c.serverAlive() {
			continue
		}
		err := c.restart(ctx, failing)
		switch {
		case errors.Is(err, errStopped), errors.Is(err, errNotOurs):
			if errors.Is(err, errNotOurs) {
				fmt.Fprintf(c.logw, "PostgreSQL in %s was stopped by other means; not restarting it\n", c.Dir)
			}
			return
		case err != nil && ctx.Err() == nil:
			if !failing {
				fmt.Fprintf(c.logw, "restarting PostgreSQL in %s failed; retrying every %s at most: %v\n", c.Dir, superviseMaxBackoff, err)
			}
			failing = true
			wait = min(2*max(wait, superviseEvery), superviseMaxBackoff)
		case err == nil:
			if failing {
				fmt.Fprintf(c.logw, "PostgreSQL in %s is running again\n", c.Dir)
			}
			wait, failing = superviseEvery, false
		}
	}
}

var (
	errStopped = errors.New("pgcluster: handle stopped")
	errNotOurs = errors.New("pgcluster: server stopped by other means")
)

// serverAlive is Supervise's cheap check: postmaster.pid names a live
// postmaster. Without /proc it falls back to kill(pid, 0), which cannot tell
// a zombie from a live process.
func (c *Cluster) serverAlive() bool {
	pid, err := readPIDLine(c.pidFile())
	if err != nil {
		return false
	}
	if alive, known := postmasterAlive(pid, c.dataDir()); known {
		return alive
	}
	err = syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

// restart starts the server again after it died, unless Stop was called,
// someone else (another handle, in this or another process) already
// restarted it, or it was stopped cleanly rather than died. retrying says
// that an earlier restart failed (which removes postmaster.pid too).
func (c *Cluster) restart(ctx context.Context, retrying bool) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.done {
		return errStopped
	}
	lock, err := lockFile(ctx, c.lockPath(), syscall.LOCK_EX, nil)
	if err != nil {
		return fmt.Errorf("pgcluster: locking %s: %w", c.lockPath(), err)
	}
	defer lock.Close()
	running, err := c.running(ctx)
	if err != nil {
		return err
	}
	if running {
		return nil // restarted meanwhile by another handle
	}
	// A postmaster that died leaves postmaster.pid with its PID, which is
	// the PID pgcluster recorded when it started it; after a clean stop
	// there is no postmaster.pid.
	if !retrying {
		if !c.startedByUs() {
			return errNotOurs
		}
		pid, _ := readPIDLine(c.pidFile())
		fmt.Fprintf(c.logw, "PostgreSQL in %s stopped unexpectedly (postmaster %d is gone); restarting it\n", c.Dir, pid)
	}
	if err := c.makeSocketDir(); err != nil {
		return err
	}
	// A start under way finishes (pg_ctl bounds it) even if ctx ends,
	// so that it is recorded as pgcluster's and Stop stops it.
	return c.startServer(context.WithoutCancel(ctx), c.settings)
}
