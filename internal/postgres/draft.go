package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// Draft is a figure form saved but not submitted.
type Draft struct {
	TargetID    int64
	TargetTitle string
	Fields      map[string]string
	SavedAt     time.Time
}

// SaveDraft keeps the form's fields as userID's draft for the target.
func (db *DB) SaveDraft(ctx context.Context, userID, targetID int64, fields map[string]string) error {
	doc, _ := json.Marshal(fields)
	_, err := db.Pool.Exec(ctx, `
		INSERT INTO figure_drafts (user_id, target_id, form) VALUES ($1, $2, $3)
		ON CONFLICT (user_id, target_id) DO UPDATE SET form = EXCLUDED.form, saved_at = now()`, userID, targetID, doc)
	if err != nil {
		return fmt.Errorf("postgres: save draft: %w", err)
	}
	return nil
}

// DeleteDraft removes a draft (after its figure was submitted).
func (db *DB) DeleteDraft(ctx context.Context, userID, targetID int64) error {
	if _, err := db.Pool.Exec(ctx, `DELETE FROM figure_drafts WHERE user_id = $1 AND target_id = $2`, userID, targetID); err != nil {
		return fmt.Errorf("postgres: delete draft: %w", err)
	}
	return nil
}

// Drafts lists userID's drafts, newest first; targetID > 0 narrows to one.
func (db *DB) Drafts(ctx context.Context, userID, targetID int64) ([]Draft, error) {
	rows, err := db.Pool.Query(ctx, `
		SELECT d.target_id, t.title, d.form, d.saved_at FROM figure_drafts d JOIN targets t ON t.id = d.target_id
		WHERE d.user_id = $1 AND ($2::bigint = 0 OR d.target_id = $2) ORDER BY d.saved_at DESC`, userID, targetID)
	if err != nil {
		return nil, fmt.Errorf("postgres: drafts: %w", err)
	}
	drafts, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (Draft, error) {
		var d Draft
		var doc []byte
		if err := row.Scan(&d.TargetID, &d.TargetTitle, &doc, &d.SavedAt); err != nil {
			return d, err
		}
		return d, json.Unmarshal(doc, &d.Fields)
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: drafts: %w", err)
	}
	return drafts, nil
}
