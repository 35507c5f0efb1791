package postgres

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/jackc/pgx/v5"
)

// IdempotencyWindow is how long an Idempotency-Key keeps its first answer.
const IdempotencyWindow = 24 * time.Hour

// ErrKeyReused is returned when an idempotency key comes back within the
// window with a different request (another target or body).
var ErrKeyReused = errors.New("postgres: idempotency key reused for a different request")

// Answer is an HTTP answer kept for an idempotency key.
type Answer struct {
	Status int
	Body   []byte
}

// IdempotentAnswer returns the answer kept for userID's key within the
// window, nil if there is none, or ErrKeyReused if the key was used for a
// request with another hash.
func (db *DB) IdempotentAnswer(ctx context.Context, userID int64, key string, requestHash []byte) (*Answer, error) {
	a, err := idempotentAnswer(ctx, db.Pool, userID, key, requestHash, db.Now())
	if err != nil && !errors.Is(err, ErrKeyReused) {
		return nil, fmt.Errorf("postgres: idempotency key: %w", err)
	}
	return a, err
}

type queryRower interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

func idempotentAnswer(ctx context.Context, q queryRower, userID int64, key string, requestHash []byte, now time.Time) (*Answer, error) {
	var a Answer
	var hash []byte
	var body string
	err := q.QueryRow(ctx, `
		SELECT request_hash, status, body FROM api_idempotency_keys
		WHERE user_id = $1 AND key = $2 AND created_at > $3
		ORDER BY created_at DESC, id DESC LIMIT 1`, userID, key, now.Add(-IdempotencyWindow)).Scan(&hash, &a.Status, &body)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return nil, nil
	case err != nil:
		return nil, err
	case !bytes.Equal(hash, requestHash):
		return nil, ErrKeyReused
	}
	a.Body = []byte(body)
	return &a, nil
}

// AddFigureOnce is AddFigureTo (t is the target the caller loaded) under an idempotency key. The first request
// with key from u within the window adds the figure, or fails with a
// domain error that writes nothing, and keeps answer(figure, err) in the
// same transaction; a later one with the same requestHash gets that Answer
// back with replayed true and writes nothing; one with another hash gets
// ErrKeyReused. Concurrent requests with one key are serialised by an
// advisory lock, so exactly one of them writes. Internal errors keep
// nothing: the request may be retried.
func (db *DB) AddFigureOnce(ctx context.Context, u *goalpost.User, t *goalpost.Tracked, key string, requestHash []byte, nf goalpost.NewFigure,
	answer func(goalpost.Figure, error) Answer) (a Answer, replayed bool, err error) {
	if t == nil || t.ID != nf.TargetID {
		return a, false, fmt.Errorf("postgres: add figure to target %d once: loaded target does not match", nf.TargetID)
	}
	err = db.inTx(ctx, func(tx pgx.Tx) error {
		// Held to the end of the transaction: a concurrent duplicate waits
		// here, then finds this one's answer.
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended('idempotency:' || $1::bigint || ':' || $2, 0))`, u.ID, key); err != nil {
			return err
		}
		now := db.Now()
		kept, err := idempotentAnswer(ctx, tx, u.ID, key, requestHash, now)
		if err != nil || kept != nil {
			if kept != nil {
				a, replayed = *kept, true
			}
			return err
		}
		// In a savepoint, so a refusal (a domain error) leaves nothing
		// behind but the kept answer.
		sp, err := tx.Begin(ctx)
		if err != nil {
			return err
		}
		fig, err := addFigureTx(ctx, sp, u, t, nf)
		switch {
		case err == nil:
			if err := sp.Commit(ctx); err != nil {
				return err
			}
		case goalpost.ErrorCode(err) == goalpost.EINTERNAL:
			return err
		default:
			if err := sp.Rollback(ctx); err != nil {
				return err
			}
		}
		a = answer(fig, err)
		_, err = tx.Exec(ctx, `
			INSERT INTO api_idempotency_keys (user_id, key, request_hash, status, body, created_at)
			VALUES ($1, $2, $3, $4, $5, $6)`, u.ID, key, requestHash, a.Status, string(a.Body), now)
		return err
	})
	if err != nil && !errors.Is(err, ErrKeyReused) {
		return Answer{}, false, fmt.Errorf("postgres: add figure to target %d once: %w", nf.TargetID, err)
	}
	return a, replayed, err
}
