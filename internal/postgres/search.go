package postgres

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/jackc/pgx/v5"
)

// The texts a search matches, the expressions of the trigram indexes of
// migration 00025 (so the planner can use them).
const (
	targetText     = `(t.title || ' ' || t.source_text || ' ' || t.notes)`
	planText       = `(p.title || ' ' || p.short_title || ' ' || p.issuer)`
	departmentText = `(d.name || ' ' || d.slug)`
)

// likePattern is an ILIKE pattern matching term anywhere, the term's own
// wildcards taken literally.
func likePattern(term string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(term) + "%"
}

// allMatch is the SQL condition that expr holds every term: one ILIKE per
// term, parameters $first, $first+1, …
func allMatch(expr string, terms, first int) string {
	conds := make([]string, terms)
	for i := range conds {
		conds[i] = expr + " ILIKE $" + strconv.Itoa(first+i)
	}
	return "(" + strings.Join(conds, " AND ") + ")"
}

// Search finds the plans, departments and targets whose text holds every
// term of q, in three queries whatever the number of targets. Targets come
// best first: those whose title holds every term, then by how alike title
// and query are, then in document order.
func (db *DB) Search(ctx context.Context, q goalpost.SearchQuery) (goalpost.SearchResults, error) {
	var res goalpost.SearchResults
	if q.Empty() {
		return res, nil
	}
	args := []any{q.Text}
	for _, t := range q.Terms {
		args = append(args, likePattern(t))
	}
	n := len(q.Terms)
	rows, err := db.Pool.Query(ctx, `
		SELECT p.id, p.slug, p.title, p.short_title, p.issuer, p.issued_on, p.period_start, p.period_end, p.source, p.requires_review
		FROM plans p WHERE `+allMatch(planText, n, 2)+`
		ORDER BY similarity(p.short_title, $1) DESC, p.id`, args...)
	if err != nil {
		return res, fmt.Errorf("postgres: search plans: %w", err)
	}
	if res.Plans, err = pgx.CollectRows(rows, scanPlan); err != nil {
		return res, fmt.Errorf("postgres: search plans: %w", err)
	}
	rows, err = db.Pool.Query(ctx, `
		SELECT d.id, d.slug, d.name FROM departments d WHERE `+allMatch(departmentText, n, 2)+`
		ORDER BY similarity(d.name, $1) DESC, d.name`, args...)
	if err != nil {
		return res, fmt.Errorf("postgres: search departments: %w", err)
	}
	if res.Departments, err = pgx.CollectRows(rows, pgx.RowToStructByPos[goalpost.Department]); err != nil {
		return res, fmt.Errorf("postgres: search departments: %w", err)
	}
	rows, err = db.Pool.Query(ctx, `
		SELECT t.id, count(*) OVER ()
		FROM targets t JOIN sections s ON s.id = t.section_id
		WHERE `+allMatch(targetText, n, 2)+`
		ORDER BY `+allMatch("t.title", n, 2)+` DESC, similarity(t.title, $1) DESC, t.plan_id, s.position, t.position
		LIMIT `+strconv.Itoa(goalpost.MaxSearchTargets), args...)
	if err != nil {
		return res, fmt.Errorf("postgres: search targets: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id, &res.TargetTotal); err != nil {
			return res, fmt.Errorf("postgres: search targets: %w", err)
		}
		res.TargetIDs = append(res.TargetIDs, id)
	}
	if err := rows.Err(); err != nil {
		return res, fmt.Errorf("postgres: search targets: %w", err)
	}
	return res, nil
}
