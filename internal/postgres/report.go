package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"time"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/jackc/pgx/v5"
)

// PublishedReport is a frozen bulletin.
type PublishedReport struct {
	Period      string
	Version     int
	Content     []byte // the report as JSON, exactly as published
	Changes     string
	PublishedAt time.Time
	PublishedBy string
}

// PublishReport freezes content as the next version of plan's report for
// period; changes is computed from the version before (nil when first).
// Content equal to the latest version's is not published again: that
// version's number is returned and nothing is written.
func (db *DB) PublishReport(ctx context.Context, admin *goalpost.User, planSlug, period string, content any, changes func(previous []byte) string) (int, error) {
	if err := requireAdmin(admin); err != nil {
		return 0, err
	}
	doc, err := json.Marshal(content)
	if err != nil {
		return 0, fmt.Errorf("postgres: publish report: %w", err)
	}
	var version int
	err = db.inTx(ctx, func(tx pgx.Tx) error {
		var planID int64
		if err := tx.QueryRow(ctx, `SELECT id FROM plans WHERE slug = $1 FOR UPDATE`, planSlug).Scan(&planID); err == pgx.ErrNoRows {
			return notFound("noun.plan", planSlug)
		} else if err != nil {
			return err
		}
		var previous []byte
		var same bool
		err := tx.QueryRow(ctx, `SELECT version, content, content = $3::jsonb FROM reports WHERE plan_id = $1 AND period = $2 ORDER BY version DESC LIMIT 1`,
			planID, period, doc).Scan(&version, &previous, &same)
		if err != nil && err != pgx.ErrNoRows {
			return err
		}
		if same {
			// The latest version says exactly this already: publishing it
			// again (a double click, sent to two replicas) adds nothing.
			// The plan's row lock above makes the second wait for the first.
			return nil
		}
		version++
		what := ""
		if previous != nil {
			what = changes(previous)
		}
		var id int64
		if err := tx.QueryRow(ctx, `
			INSERT INTO reports (plan_id, period, version, content, changes, published_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
			planID, period, version, doc, what, admin.ID).Scan(&id); err != nil {
			return err
		}
		after, _ := json.Marshal(map[string]any{"plan": planSlug, "period": period, "version": version, "changes": what})
		return audit(ctx, tx, &admin.ID, admin.Email, "publish", "report", id, 0, "", string(after))
	})
	return version, wrapAdmin("publish report", err)
}

// Report returns a published version (0: the latest), or ENOTFOUND.
func (db *DB) Report(ctx context.Context, planSlug, period string, version int) (*PublishedReport, error) {
	if version < 0 || version > math.MaxInt32 {
		// versions are int in SQL: a larger number names no version.
		return nil, notFound("noun.bulletin", planSlug+" "+period)
	}
	var r PublishedReport
	err := db.Pool.QueryRow(ctx, `
		SELECT r.period, r.version, r.content, r.changes, r.published_at, coalesce(u.name, '')
		FROM reports r JOIN plans p ON p.id = r.plan_id LEFT JOIN users u ON u.id = r.published_by
		WHERE p.slug = $1 AND r.period = $2 AND ($3 = 0 OR r.version = $3)
		ORDER BY r.version DESC LIMIT 1`, planSlug, period, version).
		Scan(&r.Period, &r.Version, &r.Content, &r.Changes, &r.PublishedAt, &r.PublishedBy)
	if err == pgx.ErrNoRows {
		return nil, notFound("noun.bulletin", planSlug+" "+period)
	} else if err != nil {
		return nil, fmt.Errorf("postgres: report: %w", err)
	}
	return &r, nil
}

// Reports lists a plan's published reports, newest period first, every version.
func (db *DB) Reports(ctx context.Context, planSlug string) ([]PublishedReport, error) {
	rows, err := db.Pool.Query(ctx, `
		SELECT r.period, r.version, ''::bytea, r.changes, r.published_at, coalesce(u.name, '')
		FROM reports r JOIN plans p ON p.id = r.plan_id LEFT JOIN users u ON u.id = r.published_by
		WHERE p.slug = $1 ORDER BY r.period DESC, r.version DESC`, planSlug)
	if err != nil {
		return nil, fmt.Errorf("postgres: reports: %w", err)
	}
	list, err := pgx.CollectRows(rows, pgx.RowToStructByPos[PublishedReport])
	if err != nil {
		return nil, fmt.Errorf("postgres: reports: %w", err)
	}
	return list, nil
}
