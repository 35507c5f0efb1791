package postgres

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/jackc/pgx/v5"
)

// FeedItems lists what f's feed carries, newest first, at most
// goalpost.MaxFeedItems: published figures (never one waiting for review
// or returned) and published bulletins. Two queries, however many.
func (db *DB) FeedItems(ctx context.Context, f goalpost.FeedFilter) ([]goalpost.FeedItem, error) {
	// Only the filters given become conditions, the plan by its id and the
	// department through its tasks, so that the indexes targets_plan,
	// targets_owner_task and figures_current find the feed's figures: its
	// cost grows with the figures of its own targets, not of every plan.
	var args []any
	var where, bulletinWhere []string
	switch {
	case f.PlanID != 0:
		args = append(args, f.PlanID)
		where = append(where, "t.plan_id = $1")
		bulletinWhere = append(bulletinWhere, "r.plan_id = $1")
	case f.PlanSlug != "":
		args = append(args, f.PlanSlug)
		where = append(where, "t.plan_id = (SELECT id FROM plans WHERE slug = $1)")
		bulletinWhere = append(bulletinWhere, "r.plan_id = (SELECT id FROM plans WHERE slug = $1)")
	}
	if f.DepartmentID != 0 {
		args = append(args, f.DepartmentID)
		// A department's targets: those of the tasks it leads or shares (a
		// target outside the tasks through its related task), as on its page.
		ofDepartment := fmt.Sprintf(`coalesce(t.task_id, t.related_task_id) IN (SELECT task_id FROM task_departments WHERE department_id = $%d)`, len(args))
		where = append(where, ofDepartment)
		bulletinWhere = append(bulletinWhere, "r.plan_id IN (SELECT t.plan_id FROM targets t WHERE "+ofDepartment+")")
	}
	args = append(args, goalpost.MaxFeedItems)
	limit := fmt.Sprintf("LIMIT $%d", len(args))
	and := func(conds []string) string {
		if len(conds) == 0 {
			return ""
		}
		return " AND " + strings.Join(conds, " AND ")
	}
	// Each target's figures through the index figures_current (LATERAL:
	// the planner cannot choose to read every figure), at most the feed's
	// length from each.
	rows, err := db.Pool.Query(ctx, `
		SELECT f.id, f.target_id, f.period, f.period_start, f.period_end, f.district, f.value,
			f.reference_value, f.revision, f.reason, f.note, f.source_url, f.sample, f.published,
			t.title, t.kind, t.unit, p.slug, p.short_title
		FROM targets t
		JOIN plans p ON p.id = t.plan_id
		CROSS JOIN LATERAL (
			SELECT f.id, f.target_id, f.period, f.period_start, f.period_end, f.district, f.value::float8 AS value,
				f.reference_value::float8 AS reference_value, f.revision, f.reason, f.note, f.source_url, f.sample,
				CASE WHEN f.needs_review THEN r.at ELSE f.entered_at END AS published
			FROM figures f LEFT JOIN figure_reviews r ON r.figure_id = f.id
			WHERE f.target_id = t.id AND (NOT f.needs_review OR r.decision = 'approved')
			ORDER BY published DESC, f.id DESC
			`+limit+`
		) f
		WHERE true`+and(where)+`
		ORDER BY f.published DESC, f.id DESC
		`+limit, args...)
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
		WHERE true`+and(bulletinWhere)+`
		ORDER BY r.published_at DESC, r.id DESC
		`+limit, args...)
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
