package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

type addressKey struct{}

type actorKey struct{}

// WithActor returns a context whose writes that have no signed-in user
// of their own (creating an account) name actor in the audit trail.
func WithActor(ctx context.Context, actor string) context.Context {
	return context.WithValue(ctx, actorKey{}, actor)
}

func actorFrom(ctx context.Context, fallback string) string {
	if a, ok := ctx.Value(actorKey{}).(string); ok && a != "" {
		return a
	}
	return fallback
}

// WithAddress returns a context whose writes are recorded in the audit
// trail as coming from address (the client's IP, set by the HTTP layer).
func WithAddress(ctx context.Context, address string) context.Context {
	return context.WithValue(ctx, addressKey{}, address)
}

func addressFrom(ctx context.Context) string {
	a, _ := ctx.Value(addressKey{}).(string)
	return a
}

// audit appends to the trail. before and after are JSON documents or "".
func audit(ctx context.Context, tx pgx.Tx, userID *int64, actor, action, entity string, entityID, targetID int64, before, after string) error {
	nullable := func(s string) *string {
		if s == "" {
			return nil
		}
		return &s
	}
	_, err := tx.Exec(ctx, `
		INSERT INTO audit_log (user_id, actor, action, entity, entity_id, target_id, before, after, address)
		VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9)`,
		userID, actor, action, entity, entityID, targetID, nullable(before), nullable(after), addressFrom(ctx))
	if err != nil {
		return fmt.Errorf("audit %s %s %d: %w", action, entity, entityID, err)
	}
	return nil
}

// AuditEntry is one line of the audit trail.
type AuditEntry struct {
	ID       int64
	At       time.Time
	Actor    string
	Address  string
	Action   string
	Entity   string
	EntityID int64
	TargetID *int64
	Before   string
	After    string
}

// AuditFilter narrows the trail; zero values mean any.
type AuditFilter struct {
	Entity   string
	Actor    string // substring of the actor's email or name
	From, To time.Time
	TargetID int64
	BeforeID int64 // for paging: entries older than this id
	Limit    int
}

// Audit lists the trail, newest first.
func (db *DB) Audit(ctx context.Context, f AuditFilter) ([]AuditEntry, error) {
	if f.Limit <= 0 {
		f.Limit = 200
	}
	var from, to *time.Time
	if !f.From.IsZero() {
		from = &f.From
	}
	if !f.To.IsZero() {
		to = &f.To
	}
	rows, err := db.Pool.Query(ctx, `
		SELECT a.id, a.at, coalesce(u.name || ' <' || u.email || '>', a.actor), a.address, a.action, a.entity, a.entity_id,
			nullif(a.target_id, 0), coalesce(a.before::text, ''), coalesce(a.after::text, '')
		FROM audit_log a LEFT JOIN users u ON u.id = a.user_id
		WHERE ($1 = '' OR a.entity = $1)
		  AND ($2 = '' OR strpos(lower(a.actor || ' ' || coalesce(u.name, '') || ' ' || coalesce(u.email, '')), lower($2)) > 0)
		  AND ($3::timestamptz IS NULL OR a.at >= $3)
		  AND ($4::timestamptz IS NULL OR a.at < $4)
		  AND ($5::bigint = 0 OR a.target_id = $5)
		  AND ($6::bigint = 0 OR a.id < $6)
		ORDER BY a.at DESC, a.id DESC
		LIMIT $7`, f.Entity, f.Actor, from, to, f.TargetID, f.BeforeID, f.Limit)
	if err != nil {
		return nil, fmt.Errorf("postgres: audit: %w", err)
	}
	entries, err := pgx.CollectRows(rows, pgx.RowToStructByPos[AuditEntry])
	if err != nil {
		return nil, fmt.Errorf("postgres: audit: %w", err)
	}
	return entries, nil
}
