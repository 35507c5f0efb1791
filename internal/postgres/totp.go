package postgres

import (
	"context"
	"fmt"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/jackc/pgx/v5"
)

// TOTPSecret returns an account's second-factor secret, "" if it has none.
func (db *DB) TOTPSecret(ctx context.Context, userID int64) (string, error) {
	var secret *string
	err := db.Pool.QueryRow(ctx, `SELECT totp_secret FROM users WHERE id = $1`, userID).Scan(&secret)
	if err == pgx.ErrNoRows {
		return "", notFound("noun.user", userID)
	} else if err != nil {
		return "", fmt.Errorf("postgres: totp of user %d: %w", userID, err)
	}
	if secret == nil {
		return "", nil
	}
	return *secret, nil
}

// SetTOTPSecret turns the second factor on (secret) or off ("") for u.
func (db *DB) SetTOTPSecret(ctx context.Context, u *goalpost.User, secret string) error {
	var value *string
	action := "totp_off"
	if secret != "" {
		value, action = &secret, "totp_on"
	}
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		// A new secret starts with no code used: steps of the old one mean nothing.
		if _, err := tx.Exec(ctx, `UPDATE users SET totp_secret = $2, totp_last_step = 0 WHERE id = $1`, u.ID, value); err != nil {
			return err
		}
		return audit(ctx, tx, &u.ID, u.Email, action, "user", u.ID, 0, "", "")
	})
	if err != nil {
		return fmt.Errorf("postgres: set totp of user %d: %w", u.ID, err)
	}
	return nil
}

// UseTOTPStep marks the one-time code of a 30-second step as used by an
// account. It reports false when a code of that step or a later one was
// accepted already: a code is accepted once only, and never an older one.
func (db *DB) UseTOTPStep(ctx context.Context, userID, step int64) (bool, error) {
	tag, err := db.Pool.Exec(ctx, `UPDATE users SET totp_last_step = $2 WHERE id = $1 AND totp_last_step < $2`, userID, step)
	if err != nil {
		return false, fmt.Errorf("postgres: use totp step of user %d: %w", userID, err)
	}
	return tag.RowsAffected() == 1, nil
}

// RequireTOTP reports whether every account must use a second factor.
func (db *DB) RequireTOTP(ctx context.Context) (bool, error) {
	var on bool
	if err := db.Pool.QueryRow(ctx, `SELECT value::boolean FROM settings WHERE key = 'require_totp'`).Scan(&on); err != nil {
		return false, fmt.Errorf("postgres: require_totp: %w", err)
	}
	return on, nil
}

// SetRequireTOTP is the administrators' switch for RequireTOTP.
func (db *DB) SetRequireTOTP(ctx context.Context, admin *goalpost.User, on bool) error {
	if err := requireAdmin(admin); err != nil {
		return err
	}
	return wrapAdmin("set require_totp", db.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE settings SET value = to_jsonb($1::boolean) WHERE key = 'require_totp'`, on); err != nil {
			return err
		}
		return audit(ctx, tx, &admin.ID, admin.Email, "require_totp", "setting", 0, 0, "", fmt.Sprintf(`{"require_totp": %t}`, on))
	}))
}
