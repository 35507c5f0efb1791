package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// Inventory is every public page's subject, for the static site: what
// `goalpost export-static` writes and what a plan's change touches.
type Inventory struct {
	Plans       []InventoryPlan
	Departments []string // every department's slug
}

// InventoryPlan is a plan with what hangs off it.
type InventoryPlan struct {
	ID   int64
	Slug string
	// Targets are the ids of its targets, retired ones included, the one
	// with the latest figure or edit first: after a change, its pages are
	// rewritten first.
	Targets []int64
	// Departments are the slugs of the departments that lead or share its
	// tasks: their pages list its targets.
	Departments []string
	Reports     []InventoryReport
	Attachments []InventoryAttachment
}

// InventoryReport is one published version of a bulletin.
type InventoryReport struct {
	Period  string
	Version int
	Latest  bool
}

// InventoryAttachment is evidence of a published figure, which anyone may
// download.
type InventoryAttachment struct {
	ID       int64
	Filename string
}

// Inventory lists the subjects of the public pages in one query.
func (db *DB) Inventory(ctx context.Context) (Inventory, error) {
	rows, err := db.Pool.Query(ctx, `
		SELECT * FROM (
		SELECT 'plan' AS kind, p.id AS plan_id, p.id AS id, p.slug AS text, 0 AS version, false AS latest, NULL::timestamptz AS at FROM plans p
		UNION ALL
		SELECT 'target', t.plan_id, t.id, '', 0, false,
			greatest(t.updated_at, (SELECT max(f.entered_at) FROM figures f WHERE f.target_id = t.id))
		FROM targets t
		UNION ALL
		SELECT 'department', 0, d.id, d.slug, 0, false, NULL FROM departments d
		UNION ALL
		SELECT DISTINCT 'owner', k.plan_id, d.id, d.slug, 0, false, NULL::timestamptz
		FROM tasks k JOIN task_departments td ON td.task_id = k.id JOIN departments d ON d.id = td.department_id
		UNION ALL
		SELECT 'report', r.plan_id, r.id, r.period, r.version,
			r.version = max(r.version) OVER (PARTITION BY r.plan_id, r.period), NULL
		FROM reports r
		UNION ALL
		SELECT 'attachment', t.plan_id, a.id, a.filename, 0, false, NULL
		FROM attachments a JOIN figures f ON f.id = a.figure_id JOIN targets t ON t.id = f.target_id
			LEFT JOIN figure_reviews r ON r.figure_id = f.id
		WHERE NOT f.needs_review OR coalesce(r.decision = 'approved', false)
				) u ORDER BY kind <> 'plan', kind, plan_id, at DESC NULLS LAST, id, version`)
	if err != nil {
		return Inventory{}, fmt.Errorf("postgres: inventory: %w", err)
	}
	var inv Inventory
	index := map[int64]int{}
	var kind, text string
	var planID, id int64
	var version int
	var latest bool
	var at *time.Time
	_, err = pgx.ForEachRow(rows, []any{&kind, &planID, &id, &text, &version, &latest, &at}, func() error {
		if kind == "department" {
			inv.Departments = append(inv.Departments, text)
			return nil
		}
		if kind == "plan" {
			index[planID] = len(inv.Plans)
			inv.Plans = append(inv.Plans, InventoryPlan{ID: planID, Slug: text})
			return nil
		}
		i, ok := index[planID]
		if !ok {
			return nil // one snapshot: cannot happen
		}
		p := &inv.Plans[i]
		switch kind {
		case "target":
			p.Targets = append(p.Targets, id)
		case "owner":
			p.Departments = append(p.Departments, text)
		case "report":
			p.Reports = append(p.Reports, InventoryReport{Period: text, Version: version, Latest: latest})
		case "attachment":
			p.Attachments = append(p.Attachments, InventoryAttachment{ID: id, Filename: text})
		}
		return nil
	})
	if err != nil {
		return Inventory{}, fmt.Errorf("postgres: inventory: %w", err)
	}
	return inv, nil
}
