package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/jackc/pgx/v5"
)

// Users lists every account with its memberships.
func (db *DB) Users(ctx context.Context) ([]*goalpost.User, error) {
	rows, err := db.Pool.Query(ctx, `
		SELECT u.id, u.email, u.name, u.role, coalesce((SELECT json_agg(json_build_object('id', d.id, 'slug', d.slug, 'name', d.name,
				'can_edit', ud.can_edit, 'can_review', ud.can_review) ORDER BY d.name)
			FROM user_departments ud JOIN departments d ON d.id = ud.department_id WHERE ud.user_id = u.id), '[]'),
			u.disabled_at IS NOT NULL
		FROM users u ORDER BY u.id`)
	if err != nil {
		return nil, fmt.Errorf("postgres: users: %w", err)
	}
	users, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (*goalpost.User, error) {
		u := &goalpost.User{}
		var depts []byte
		if err := row.Scan(&u.ID, &u.Email, &u.Name, &u.Role, &depts, &u.Disabled); err != nil {
			return nil, err
		}
		return u, json.Unmarshal(depts, &u.Departments)
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: users: %w", err)
	}
	return users, nil
}

// ClaimReminder reserves the digest for recipient on day through channel.
// It returns false if it was claimed already (sent, or being sent, by this
// or another process): the caller must then not send it.
func (db *DB) ClaimReminder(ctx context.Context, recipient string, day time.Time, channel string, items int) (bool, error) {
	tag, err := db.Pool.Exec(ctx, `
		INSERT INTO reminders (recipient, day, channel, items) VALUES ($1, $2, $3, $4)
		ON CONFLICT DO NOTHING`, recipient, day, channel, items)
	if err != nil {
		return false, fmt.Errorf("postgres: claim reminder: %w", err)
	}
	return tag.RowsAffected() == 1, nil
}

// FinishReminder records how sending a claimed digest went. A failed digest
// is not retried: at most once matters more than at least once here.
func (db *DB) FinishReminder(ctx context.Context, recipient string, day time.Time, channel string, sendErr error) error {
	msg := ""
	if sendErr != nil {
		msg = sendErr.Error()
	}
	_, err := db.Pool.Exec(ctx, `
		UPDATE reminders SET sent_at = CASE WHEN $4 = '' THEN now() END, error = $4
		WHERE recipient = $1 AND day = $2 AND channel = $3`, recipient, day, channel, msg)
	if err != nil {
		return fmt.Errorf("postgres: finish reminder: %w", err)
	}
	return nil
}
