package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/jackc/pgx/v5"
)

// Rules returns the instance's status thresholds.
func (db *DB) Rules(ctx context.Context) (goalpost.Rules, error) {
	r := goalpost.DefaultRules
	var doc []byte
	err := db.Pool.QueryRow(ctx, `SELECT value FROM settings WHERE key = 'rules'`).Scan(&doc)
	if err == pgx.ErrNoRows {
		return r, nil
	} else if err != nil {
		return r, fmt.Errorf("postgres: rules: %w", err)
	}
	if err := json.Unmarshal(doc, &r); err != nil {
		return r, fmt.Errorf("postgres: rules: %w", err)
	}
	return r, nil
}

// SetRules changes the status thresholds (administrators).
func (db *DB) SetRules(ctx context.Context, admin *goalpost.User, r goalpost.Rules) error {
	if err := requireAdmin(admin); err != nil {
		return err
	}
	if err := r.Validate(); err != nil {
		return err
	}
	old, err := db.Rules(ctx)
	if err != nil {
		return err
	}
	doc, _ := json.Marshal(r)
	before, _ := json.Marshal(old)
	return wrapAdmin("set rules", db.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE settings SET value = $1::jsonb WHERE key = 'rules'`, string(doc)); err != nil {
			return err
		}
		return audit(ctx, tx, &admin.ID, admin.Email, "rules", "setting", 0, 0, string(before), string(doc))
	}))
}

// SetOverride records u's judgement of a target's status with a reason;
// an empty status clears the override. Reviewers of a lead department and
// administrators may do it.
func (db *DB) SetOverride(ctx context.Context, u *goalpost.User, targetID int64, status goalpost.Status, reason string) error {
	t, err := db.Target(ctx, targetID)
	if err != nil {
		return err
	}
	if !u.CanReview(&t.Target) {
		return goalpost.E(goalpost.EFORBIDDEN, "err.override_forbidden")
	}
	if err := goalpost.ValidateOverride(status, reason); err != nil {
		return err
	}
	reason = strings.TrimSpace(reason)
	var value *string
	if status != "" {
		v := string(status)
		value = &v
	}
	return wrapAdmin("override", db.inTx(ctx, func(tx pgx.Tx) error {
		var id int64
		if err := tx.QueryRow(ctx, `INSERT INTO status_overrides (target_id, status, reason, user_id) VALUES ($1, $2, $3, $4) RETURNING id`,
			targetID, value, reason, u.ID).Scan(&id); err != nil {
			return err
		}
		after, _ := json.Marshal(map[string]any{"status": value, "reason": reason, "computed": t.Assessment.Status})
		return audit(ctx, tx, &u.ID, u.Email, "override", "status", id, targetID, "", string(after))
	}))
}
