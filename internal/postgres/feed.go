package postgres

import (
	"context"
	"fmt"
	"slices"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/jackc/pgx/v5"
)

// FeedItems lists what f's feed carries, newest first, at most
// goalpost.MaxFeedItems: published figures (never one waiting for review
// or returned) and published bulletins. Two queries, however many.
func (db *DB) FeedItems(ctx context.Context, f goalpost.FeedFilter) ([]goalpost.FeedItem, error) {
	// A department's targets: those of the tasks it leads or shares (a
	// target outside the tasks through its related task), as on its page.
	const ofDepartment = `coalesce(t.task_id, t.related_task_id) IN (SELECT task_id FROM task_departments WHERE department_id = $2)`
	rows, err := db.Pool.Query(ctx, `
		SELECT f.id, f.target_id, f.period, f.period_start, f.period_end, f.district, f.value::float8,
			f.reference_value::float8, f.revision, f.reason, f.note, f.source_url, f.sample,
			CASE WHEN f.needs_review THEN r.at ELSE f.entered_at END AS published,
			t.title, t.kind, t.unit, p.slug, p.short_title
		FROM figures f
		JOIN targets t ON t.id = f.target_id
		JOIN plans p ON p.id = t.plan_id
		LEFT JOIN figure_reviews r ON r.figure_id = f.id
		WHERE (NOT f.needs_review OR r.decision = 'approved')
		  AND ($1 = '' OR p.slug = $1)
		  AND ($2::bigint = 0 OR `+ofDepartment+`)
		ORDER BY published DESC, f.id DESC
		LIMIT $3`, f.PlanSlug, f.DepartmentID, goalpost.MaxFeedItems)
	if err != nil {
		return nil, fmt.Errorf("postgres: feed figures: %w", err)
	}
	items, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (goalpost.FeedItem, error) {
		var fig goalpost.Figure
		var t goalpost.Target
		var it goalpost.FeedItem
		err := row.Scan(&fig.ID, &fig.TargetID, &fig.Period.Label, &fig.Period.Start, &fig.Period.End, &fig.District, &fig.Value,
			&fig.ReferenceValue, &fig.Revision, &fig.Reason, &fig.Note, &fig.SourceURL, &fig.Sample, &it.Published,
			&t.Title, &t.Kind, &t.Unit, &t.PlanSlug, &t.PlanTitle)
		fig.State, t.ID = goalpost.FigurePublished, fig.TargetID
		it.Figure, it.Target = &fig, &t
		return it, err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: feed figures: %w", err)
	}
	rows, err = db.Pool.Query(ctx, `
		SELECT r.id, p.slug, p.short_title, r.period, r.version, r.changes, r.published_at
		FROM reports r JOIN plans p ON p.id = r.plan_id
		WHERE ($1 = '' OR p.slug = $1)
		  AND ($2::bigint = 0 OR r.plan_id IN (SELECT t.plan_id FROM targets t WHERE `+ofDepartment+`))
		ORDER BY r.published_at DESC, r.id DESC
		LIMIT $3`, f.PlanSlug, f.DepartmentID, goalpost.MaxFeedItems)
	if err != nil {
		return nil, fmt.Errorf("postgres: feed bulletins: %w", err)
	}
	bulletins, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (goalpost.FeedItem, error) {
		var b goalpost.Bulletin
		var it goalpost.FeedItem
		err := row.Scan(&b.ID, &b.PlanSlug, &b.PlanTitle, &b.Period, &b.Version, &b.Changes, &it.Published)
		it.Bulletin = &b
		return it, err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: feed bulletins: %w", err)
	}
	items = append(items, bulletins...)
	slices.SortStableFunc(items, func(a, b goalpost.FeedItem) int { return b.Published.Compare(a.Published) })
	if len(items) > goalpost.MaxFeedItems {
		items = items[:goalpost.MaxFeedItems]
	}
	return items, nil
}
