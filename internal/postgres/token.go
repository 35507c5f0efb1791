package postgres

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/jackc/pgx/v5"
)

// tokenPrefix marks Goalpost tokens, so one pasted in the wrong place is recognisable.
const tokenPrefix = "gp_"

// Token describes an API token; the secret itself is shown only once.
type Token struct {
	ID         int64
	Name       string
	Prefix     string
	CreatedAt  time.Time
	LastUsedAt *time.Time
	RevokedAt  *time.Time
}

func hashToken(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// CreateToken makes an API token for the account with email and returns
// the secret, which is not stored and cannot be shown again.
func (db *DB) CreateToken(ctx context.Context, email, name string) (string, error) {
	secret := make([]byte, 32)
	if _, err := rand.Read(secret); err != nil {
		return "", fmt.Errorf("postgres: token: %w", err)
	}
	token := tokenPrefix + base64.RawURLEncoding.EncodeToString(secret)
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		var userID, id int64
		var disabled bool
		err := tx.QueryRow(ctx, `SELECT id, disabled_at IS NOT NULL FROM users WHERE email = $1`, strings.ToLower(strings.TrimSpace(email))).Scan(&userID, &disabled)
		if err == pgx.ErrNoRows {
			return goalpost.Errorf(goalpost.ENOTFOUND, "没有邮箱为 %s 的账号", email)
		} else if err != nil {
			return err
		}
		if disabled {
			return errDisabled
		}
		err = tx.QueryRow(ctx, `INSERT INTO api_tokens (user_id, name, token_hash, prefix) VALUES ($1, $2, $3, $4) RETURNING id`,
			userID, name, hashToken(token), token[:len(tokenPrefix)+6]).Scan(&id)
		if err != nil {
			return err
		}
		after, _ := json.Marshal(map[string]any{"name": name, "prefix": token[:len(tokenPrefix)+6]})
		return audit(ctx, tx, &userID, email, "create", "api_token", id, 0, "", string(after))
	})
	if err != nil {
		if goalpost.ErrorCode(err) != goalpost.EINTERNAL {
			return "", err
		}
		return "", fmt.Errorf("postgres: create token for %s: %w", email, err)
	}
	return token, nil
}

// UserByToken returns the account an unrevoked token belongs to, or
// EUNAUTHORIZED. A token answers for its account as a session would: not
// for a disabled account (EUNAUTHORIZED), nor, while administrators require
// two-step sign-in, for an account that has not enrolled (EFORBIDDEN).
func (db *DB) UserByToken(ctx context.Context, token string) (*goalpost.User, error) {
	var userID int64
	var revoked, disabled, needsTOTP bool
	err := db.Pool.QueryRow(ctx, `
		SELECT t.user_id, t.revoked_at IS NOT NULL, u.disabled_at IS NOT NULL,
		       u.totp_secret IS NULL AND coalesce((SELECT value::boolean FROM settings WHERE key = 'require_totp'), false)
		FROM api_tokens t JOIN users u ON u.id = t.user_id
		WHERE t.token_hash = $1`, hashToken(token)).Scan(&userID, &revoked, &disabled, &needsTOTP)
	switch {
	case err == pgx.ErrNoRows:
		return nil, goalpost.E(goalpost.EUNAUTHORIZED, "err.token_invalid")
	case err != nil:
		return nil, fmt.Errorf("postgres: check token: %w", err)
	case disabled: // said first: it is why the token was revoked, and what to ask about
		return nil, goalpost.E(goalpost.EUNAUTHORIZED, "err.token_disabled")
	case revoked:
		return nil, goalpost.E(goalpost.EUNAUTHORIZED, "err.token_invalid")
	case needsTOTP:
		return nil, goalpost.E(goalpost.EFORBIDDEN, "err.token_totp")
	}
	if _, err := db.Pool.Exec(ctx, `UPDATE api_tokens SET last_used_at = now() WHERE token_hash = $1`, hashToken(token)); err != nil {
		return nil, fmt.Errorf("postgres: check token: %w", err)
	}
	return db.User(ctx, userID)
}

// Tokens lists an account's tokens, newest first.
func (db *DB) Tokens(ctx context.Context, userID int64) ([]Token, error) {
	rows, err := db.Pool.Query(ctx, `
		SELECT id, name, prefix, created_at, last_used_at, revoked_at
		FROM api_tokens WHERE user_id = $1 ORDER BY created_at DESC, id DESC`, userID)
	if err != nil {
		return nil, fmt.Errorf("postgres: tokens of user %d: %w", userID, err)
	}
	ts, err := pgx.CollectRows(rows, pgx.RowToStructByPos[Token])
	if err != nil {
		return nil, fmt.Errorf("postgres: tokens of user %d: %w", userID, err)
	}
	return ts, nil
}

// OwnedToken is an API token with the account it acts as, for administrators.
type OwnedToken struct {
	Token
	UserID    int64
	UserEmail string
	UserName  string
}

// AllTokens lists every account's tokens, live ones first, for administrators.
func (db *DB) AllTokens(ctx context.Context, admin *goalpost.User) ([]OwnedToken, error) {
	if err := requireAdmin(admin); err != nil {
		return nil, err
	}
	rows, err := db.Pool.Query(ctx, `
		SELECT t.id, t.name, t.prefix, t.created_at, t.last_used_at, t.revoked_at, u.id, u.email, u.name
		FROM api_tokens t JOIN users u ON u.id = t.user_id
		ORDER BY t.revoked_at IS NOT NULL, u.email, t.created_at DESC, t.id DESC`)
	if err != nil {
		return nil, fmt.Errorf("postgres: all tokens: %w", err)
	}
	ts, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (OwnedToken, error) {
		var t OwnedToken
		err := row.Scan(&t.ID, &t.Name, &t.Prefix, &t.CreatedAt, &t.LastUsedAt, &t.RevokedAt, &t.UserID, &t.UserEmail, &t.UserName)
		return t, err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: all tokens: %w", err)
	}
	return ts, nil
}

// RevokeToken ends a token of u's, or of anyone's when u is an
// administrator; it cannot be undone.
func (db *DB) RevokeToken(ctx context.Context, u *goalpost.User, tokenID int64) error {
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		var owner int64
		err := tx.QueryRow(ctx, `
			UPDATE api_tokens SET revoked_at = now()
			WHERE id = $1 AND (user_id = $2 OR $3) AND revoked_at IS NULL
			RETURNING user_id`, tokenID, u.ID, u.Role == goalpost.UserAdmin).Scan(&owner)
		if err == pgx.ErrNoRows {
			return notFound("noun.token", tokenID)
		} else if err != nil {
			return err
		}
		after := ""
		if owner != u.ID {
			after = fmt.Sprintf(`{"owner": %d}`, owner)
		}
		return audit(ctx, tx, &u.ID, u.Email, "revoke", "api_token", tokenID, 0, "", after)
	})
	if err != nil && goalpost.ErrorCode(err) == goalpost.EINTERNAL {
		return fmt.Errorf("postgres: revoke token %d: %w", tokenID, err)
	}
	return err
}
