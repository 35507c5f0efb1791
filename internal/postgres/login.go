package postgres

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
)

// Sign-in throttling: enough tries for a person who mistypes, too few for guessing.
const (
	LoginWindow           = 15 * time.Minute
	MaxFailuresPerEmail   = 5
	MaxFailuresPerAddress = 20
)

// LoginAllowed refuses (ETOOMANY) when the account or the address has failed
// too often within the window. It is checked before the password is, so a
// guesser cannot make the server hash at will either.
func (db *DB) LoginAllowed(ctx context.Context, email, address string) error {
	var byEmail, byAddress int
	err := db.Pool.QueryRow(ctx, `
		SELECT (SELECT count(*) FROM login_attempts WHERE email = $1 AND NOT ok AND at > now() - $3::interval),
		       (SELECT count(*) FROM login_attempts WHERE address = $2 AND NOT ok AND at > now() - $3::interval)`,
		normaliseEmail(email), address, LoginWindow.String()).Scan(&byEmail, &byAddress)
	if err != nil {
		return fmt.Errorf("postgres: login attempts: %w", err)
	}
	if byEmail >= MaxFailuresPerEmail || byAddress >= MaxFailuresPerAddress {
		return goalpost.Errorf(goalpost.ETOOMANY, "登录失败次数过多，请 %d 分钟后再试", int(LoginWindow.Minutes()))
	}
	return nil
}

// RecordLogin notes an attempt; a success clears the account's failures.
func (db *DB) RecordLogin(ctx context.Context, email, address string, ok bool) error {
	email = normaliseEmail(email)
	_, err := db.Pool.Exec(ctx, `
		WITH pruned AS (
			DELETE FROM login_attempts WHERE at < now() - interval '1 day' OR ($3 AND email = $1)
		)
		INSERT INTO login_attempts (email, address, ok) VALUES ($1, $2, $3)`, email, address, ok)
	if err != nil {
		return fmt.Errorf("postgres: record login: %w", err)
	}
	return nil
}

func normaliseEmail(email string) string { return strings.ToLower(strings.TrimSpace(email)) }
