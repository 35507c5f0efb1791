package postgres

import (
	"context"
	"fmt"
	"strings"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/jackc/pgx/v5"
)

// errDisabled is what a disabled account hears when it signs in or uses a token.
var errDisabled = goalpost.E(goalpost.EFORBIDDEN, "err.account_disabled")

// SetDisabled disables an account (it cannot sign in, its sessions end at
// once and its API tokens are revoked) or enables it again. Administrators
// cannot disable themselves, so the web UI cannot lock its last one out.
func (db *DB) SetDisabled(ctx context.Context, admin *goalpost.User, userID int64, disabled bool) error {
	if err := requireAdmin(admin); err != nil {
		return err
	}
	if disabled && admin.ID == userID {
		return goalpost.Errorf(goalpost.EINVALID, "不能停用自己的账号")
	}
	return wrapAdmin("set disabled", db.inTx(ctx, func(tx pgx.Tx) error {
		return setDisabled(ctx, tx, admin, userID, disabled)
	}))
}

// SetDisabledByEmail is SetDisabled for the command line, run by whoever
// operates the server (and so may act on any account).
func (db *DB) SetDisabledByEmail(ctx context.Context, email string, disabled bool) (*goalpost.User, error) {
	u := &goalpost.User{}
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `SELECT id, email, name FROM users WHERE email = $1`, normaliseEmail(email)).Scan(&u.ID, &u.Email, &u.Name)
		if err == pgx.ErrNoRows {
			return goalpost.Errorf(goalpost.ENOTFOUND, "没有邮箱为 %s 的账号", strings.TrimSpace(email))
		} else if err != nil {
			return err
		}
		return setDisabled(ctx, tx, nil, u.ID, disabled)
	})
	if err != nil {
		return nil, wrapAdmin("set disabled", err)
	}
	u.Disabled = disabled
	return u, nil
}

// setDisabled does the work; actor nil is the command line.
func setDisabled(ctx context.Context, tx pgx.Tx, actor *goalpost.User, userID int64, disabled bool) error {
	var changed bool
	// The session epoch moves on when disabling, so every open session ends
	// at its next request; enabling does not bring old sessions back.
	err := tx.QueryRow(ctx, `
		WITH old AS (SELECT id, disabled_at IS NOT NULL AS was FROM users WHERE id = $1 FOR UPDATE)
		UPDATE users u SET
			disabled_at = CASE WHEN $2 THEN coalesce(u.disabled_at, now()) END,
			session_epoch = u.session_epoch + CASE WHEN $2 AND NOT old.was THEN 1 ELSE 0 END
		FROM old WHERE u.id = old.id
		RETURNING old.was <> $2`, userID, disabled).Scan(&changed)
	if err == pgx.ErrNoRows {
		return notFound("noun.user", userID)
	} else if err != nil {
		return err
	}
	if !changed {
		return nil // already so: nothing to record
	}
	action := "enable"
	if disabled {
		action = "disable"
	}
	var actorID *int64
	actorName := actorFrom(ctx, "cli")
	if actor != nil {
		actorID, actorName = &actor.ID, actor.Email
	}
	if err := audit(ctx, tx, actorID, actorName, action, "user", userID, 0,
		fmt.Sprintf(`{"disabled": %t}`, !disabled), fmt.Sprintf(`{"disabled": %t}`, disabled)); err != nil {
		return err
	}
	if disabled {
		return revokeTokensOf(ctx, tx, actor, userID, "account disabled")
	}
	return nil
}

// revokeTokensOf revokes every live token of an account, each with its own
// audit entry saying why.
func revokeTokensOf(ctx context.Context, tx pgx.Tx, actor *goalpost.User, userID int64, why string) error {
	rows, err := tx.Query(ctx, `UPDATE api_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL RETURNING id`, userID)
	if err != nil {
		return fmt.Errorf("revoke tokens of user %d: %w", userID, err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return fmt.Errorf("revoke tokens of user %d: %w", userID, err)
	}
	var actorID *int64
	actorName := actorFrom(ctx, "cli")
	if actor != nil {
		actorID, actorName = &actor.ID, actor.Email
	}
	for _, id := range ids {
		if err := audit(ctx, tx, actorID, actorName, "revoke", "api_token", id, 0, "", fmt.Sprintf(`{"reason": %q}`, why)); err != nil {
			return err
		}
	}
	return nil
}
