package postgres

import (
	"context"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
)

// ChangesChannel is the channel on which every committed write that changes
// a public page is announced (migrations/definitions.sql, notify_plan_changes):
// the payload is a plan's id, or "*" for a change any page may show.
const ChangesChannel = "goalpost_changes"

// Change is one announcement on ChangesChannel, or a Reset.
type Change struct {
	// PlanID is the plan whose pages changed; 0 with All.
	PlanID int64
	// All: something every page may show changed (departments, settings, or
	// too many plans to name).
	All bool
	// Reset: the listener has just (re)connected, and announcements made
	// while it was away are lost: whatever was derived from the database
	// before must be derived again.
	Reset bool
	// Lost: the listener has lost its connection; until the next Reset,
	// changes go unannounced.
	Lost bool
}

// ParseChange reads a notification's payload.
func ParseChange(payload string) (Change, bool) {
	if payload == "*" {
		return Change{All: true}, true
	}
	id, err := strconv.ParseInt(payload, 10, 64)
	if err != nil || id <= 0 {
		return Change{}, false
	}
	return Change{PlanID: id}, true
}

// ListenChanges delivers every Change to handle, from its own connection
// (a listening connection cannot serve queries), until ctx ends. It
// reconnects after a failure, waiting up to 2 s between attempts, and
// delivers a Reset after each connection is listening, the first included,
// and Lost when a connection fails.
// handle runs on the listening goroutine: it must be quick.
func (db *DB) ListenChanges(ctx context.Context, handle func(Change)) {
	cfg := db.Pool.Config().ConnConfig.Copy()
	wait := 100 * time.Millisecond
	for ctx.Err() == nil {
		err := listenOnce(ctx, cfg, handle)
		if ctx.Err() != nil {
			return
		}
		if err != nil {
			handle(Change{Lost: true})
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		wait = min(2*wait, 2*time.Second)
	}
}

func listenOnce(ctx context.Context, cfg *pgx.ConnConfig, handle func(Change)) error {
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "LISTEN "+ChangesChannel); err != nil {
		return err
	}
	handle(Change{Reset: true})
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		if c, ok := ParseChange(n.Payload); ok {
			handle(c)
		}
	}
}
