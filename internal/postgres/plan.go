package postgres

import (
	"context"
	"fmt"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/jackc/pgx/v5"
)

// Plans lists every plan, oldest first.
func (db *DB) Plans(ctx context.Context) ([]goalpost.Plan, error) {
	rows, err := db.Pool.Query(ctx, `
		SELECT id, slug, title, short_title, issuer, issued_on, period_start, period_end, source, requires_review
		FROM plans ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("postgres: list plans: %w", err)
	}
	plans, err := pgx.CollectRows(rows, scanPlan)
	if err != nil {
		return nil, fmt.Errorf("postgres: list plans: %w", err)
	}
	return plans, nil
}

// Plan returns the plan with slug, or ENOTFOUND.
func (db *DB) Plan(ctx context.Context, slug string) (goalpost.Plan, error) {
	rows, _ := db.Pool.Query(ctx, `
		SELECT id, slug, title, short_title, issuer, issued_on, period_start, period_end, source, requires_review
		FROM plans WHERE slug = $1`, slug)
	p, err := pgx.CollectExactlyOneRow(rows, scanPlan)
	if err == pgx.ErrNoRows {
		return p, notFound("noun.plan", slug)
	}
	if err != nil {
		return p, fmt.Errorf("postgres: plan %s: %w", slug, err)
	}
	return p, nil
}

func scanPlan(row pgx.CollectableRow) (goalpost.Plan, error) {
	var p goalpost.Plan
	err := row.Scan(&p.ID, &p.Slug, &p.Title, &p.ShortTitle, &p.Issuer, &p.IssuedOn, &p.PeriodStart, &p.PeriodEnd, &p.Source, &p.RequiresReview)
	return p, err
}

// Sections lists a plan's sections in document order.
func (db *DB) Sections(ctx context.Context, planID int64) ([]goalpost.Section, error) {
	rows, err := db.Pool.Query(ctx, `SELECT id, key, title, position FROM sections WHERE plan_id = $1 ORDER BY position`, planID)
	if err != nil {
		return nil, fmt.Errorf("postgres: sections of plan %d: %w", planID, err)
	}
	secs, err := pgx.CollectRows(rows, pgx.RowToStructByPos[goalpost.Section])
	if err != nil {
		return nil, fmt.Errorf("postgres: sections of plan %d: %w", planID, err)
	}
	return secs, nil
}

// Departments lists every department by name.
func (db *DB) Departments(ctx context.Context) ([]goalpost.Department, error) {
	rows, err := db.Pool.Query(ctx, `SELECT id, slug, name FROM departments ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("postgres: list departments: %w", err)
	}
	ds, err := pgx.CollectRows(rows, pgx.RowToStructByPos[goalpost.Department])
	if err != nil {
		return nil, fmt.Errorf("postgres: list departments: %w", err)
	}
	return ds, nil
}

// PlanDepartments lists by name the departments that lead or share a task
// of the plan: the plan page's filter offers these, not every department
// of every plan.
func (db *DB) PlanDepartments(ctx context.Context, planID int64) ([]goalpost.Department, error) {
	rows, err := db.Pool.Query(ctx, `
		SELECT d.id, d.slug, d.name FROM departments d
		WHERE d.id IN (SELECT td.department_id FROM tasks k JOIN task_departments td ON td.task_id = k.id WHERE k.plan_id = $1)
		ORDER BY d.name`, planID)
	if err != nil {
		return nil, fmt.Errorf("postgres: departments of plan %d: %w", planID, err)
	}
	ds, err := pgx.CollectRows(rows, pgx.RowToStructByPos[goalpost.Department])
	if err != nil {
		return nil, fmt.Errorf("postgres: departments of plan %d: %w", planID, err)
	}
	return ds, nil
}

// Department returns the department with slug, or ENOTFOUND.
func (db *DB) Department(ctx context.Context, slug string) (goalpost.Department, error) {
	rows, _ := db.Pool.Query(ctx, `SELECT id, slug, name FROM departments WHERE slug = $1`, slug)
	d, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByPos[goalpost.Department])
	if err == pgx.ErrNoRows {
		return d, notFound("noun.department", slug)
	}
	if err != nil {
		return d, fmt.Errorf("postgres: department %s: %w", slug, err)
	}
	return d, nil
}
