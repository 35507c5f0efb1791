package postgres

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/jackc/pgx/v5"
)

// Sign-in throttling: enough tries for a person who mistypes, too few for guessing.
const (
	LoginWindow           = 15 * time.Minute
	MaxFailuresPerEmail   = 5
	MaxFailuresPerAddress = 20
	maxEmailLength        = 254
)

// checkEmail refuses what cannot be an email address before it reaches the
// database (PostgreSQL text cannot hold a NUL byte).
func checkEmail(email string) error {
	if len(email) > maxEmailLength || !utf8.ValidString(email) || strings.ContainsFunc(email, unicode.IsControl) {
		return goalpost.E(goalpost.EINVALID, "err.email_format", maxEmailLength)
	}
	return nil
}

// LoginAttempt counts an attempt to sign in (a password or a one-time code)
// for email from address, or refuses it (ETOOMANY) when the account or the
// address has failed too often within the window. The attempt is recorded
// as a failure in the same transaction as the count, under locks on the
// account and the address, so concurrent guesses cannot all slip under the
// limit; LoginPasswordOK and LoginSucceeded later say how it went. It comes
// before the password is checked, so a guesser cannot make the server hash
// at will either.
func (db *DB) LoginAttempt(ctx context.Context, email, address string) error {
	if err := checkEmail(email); err != nil {
		return err
	}
	email = normaliseEmail(email)
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		// Always the account first, then the address: no two attempts wait
		// for each other in opposite orders.
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended('goalpost login email ' || $1, 0)),
		                                  pg_advisory_xact_lock(hashtextextended('goalpost login address ' || $2, 0))`, email, address); err != nil {
			return fmt.Errorf("lock: %w", err)
		}
		// A failure counts while it is in the window and its account has not
		// signed in since; a password_ok row cancels the failure of its attempt.
		var byEmail, byAddress int
		err := tx.QueryRow(ctx, `
			WITH recent AS (
				SELECT a.email, a.address, CASE WHEN a.password_ok THEN -1 ELSE 1 END AS n
				FROM login_attempts a
				WHERE NOT a.ok AND a.at > now() - $3::interval AND (a.email = $1 OR a.address = $2)
				  AND NOT EXISTS (SELECT 1 FROM login_attempts s WHERE s.email = a.email AND s.ok AND s.id > a.id)
			)
			SELECT coalesce(sum(n) FILTER (WHERE email = $1), 0), coalesce(sum(n) FILTER (WHERE address = $2), 0) FROM recent`,
			email, address, LoginWindow.String()).Scan(&byEmail, &byAddress)
		if err != nil {
			return fmt.Errorf("count: %w", err)
		}
		if byEmail >= MaxFailuresPerEmail || byAddress >= MaxFailuresPerAddress {
			return goalpost.E(goalpost.ETOOMANY, "err.login_throttled", int(LoginWindow.Minutes()))
		}
		if _, err := tx.Exec(ctx, `INSERT INTO login_attempts (email, address, ok) VALUES ($1, $2, false)`, email, address); err != nil {
			return fmt.Errorf("record: %w", err)
		}
		// Attempts long out of the window count for nothing: sweep them, so
		// that a flood of guesses from many addresses does not grow the table.
		if _, err := tx.Exec(ctx, `DELETE FROM login_attempts WHERE at < now() - interval '1 day'`); err != nil {
			return fmt.Errorf("sweep: %w", err)
		}
		return nil
	})
	if err != nil && goalpost.ErrorCode(err) == goalpost.EINTERNAL {
		return fmt.Errorf("postgres: login attempt: %w", err)
	}
	return err
}

// LoginPasswordOK says the password of an attempt was right but the sign-in
// waits for a one-time code: the attempt no longer counts as a failure, and
// the account's earlier failures still do.
func (db *DB) LoginPasswordOK(ctx context.Context, email, address string) error {
	return db.recordLogin(ctx, email, address, false, true)
}

// LoginSucceeded says a sign-in is complete (password, and code if any):
// the account's failures so far no longer count.
func (db *DB) LoginSucceeded(ctx context.Context, email, address string) error {
	return db.recordLogin(ctx, email, address, true, false)
}

func (db *DB) recordLogin(ctx context.Context, email, address string, ok, passwordOK bool) error {
	_, err := db.Pool.Exec(ctx, `INSERT INTO login_attempts (email, address, ok, password_ok) VALUES ($1, $2, $3, $4)`,
		normaliseEmail(email), address, ok, passwordOK)
	if err != nil {
		return fmt.Errorf("postgres: record login: %w", err)
	}
	return nil
}

func normaliseEmail(email string) string { return strings.ToLower(strings.TrimSpace(email)) }
