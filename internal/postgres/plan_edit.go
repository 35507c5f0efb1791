package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/planfile"
	"github.com/jackc/pgx/v5"
)

// The plan editor: an administrator's change to a plan is made to the plan
// as a plan file (read from the database inside the transaction, with the
// plan locked), validated whole like any plan file, and stored through the
// import's own path. So the editor, an import and a download agree by
// construction: a target is matched by its key (a changed wording keeps its
// figures), every target change is in the trail with the same before/after
// shape, and a downloaded plan imports as unchanged.

// PlanFile returns the plan as a plan file, as `GET /admin/plans/{slug}.yaml`
// downloads it: importing it changes nothing. ENOTFOUND for an unknown plan.
func (db *DB) PlanFile(ctx context.Context, slug string) (*planfile.File, error) {
	var f *planfile.File
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		var err error
		f, _, err = exportTx(ctx, tx, slug, false)
		return err
	})
	return f, wrapAdmin("plan file "+slug, err)
}

// EditPlan applies edit to the plan slug as it stands and stores the result
// in one transaction, with the administrator in the audit trail: each
// target changed, added, retired or deleted, and the plan's outline
// (metadata, sections, tasks) when it changed. EINVALID with every problem
// when the edited plan breaks a rule of plan files; ECONFLICT when it would
// delete a target that has figures.
func (db *DB) EditPlan(ctx context.Context, admin *goalpost.User, slug string, edit func(f *planfile.File) error) (ImportResult, error) {
	if err := requireAdmin(admin); err != nil {
		return ImportResult{}, err
	}
	var res ImportResult
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		f, planID, err := exportTx(ctx, tx, slug, true)
		if err != nil {
			return err
		}
		before := outline(f)
		if err := edit(f); err != nil {
			return err
		}
		if err := storeEdited(ctx, tx, f, admin, &res); err != nil {
			return err
		}
		if after := outline(f); after != before {
			return audit(ctx, tx, &admin.ID, admin.Email, "edit", "plan", planID, 0, before, after)
		}
		return nil
	})
	return res, wrapAdmin("edit plan "+slug, err)
}

// CreatePlan makes a new plan from f (usually just its metadata), written
// by an administrator. ECONFLICT if the slug is taken.
func (db *DB) CreatePlan(ctx context.Context, admin *goalpost.User, f *planfile.File) error {
	if err := requireAdmin(admin); err != nil {
		return err
	}
	return wrapAdmin("create plan "+f.Slug, db.inTx(ctx, func(tx pgx.Tx) error {
		var exists bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM plans WHERE slug = $1)`, f.Slug).Scan(&exists); err != nil {
			return err
		}
		if exists {
			return goalpost.Errorf(goalpost.ECONFLICT, "已有 slug 为“%s”的计划，请换一个", f.Slug)
		}
		var res ImportResult
		if err := storeEdited(ctx, tx, f, admin, &res); err != nil {
			return err
		}
		var id int64
		if err := tx.QueryRow(ctx, `SELECT id FROM plans WHERE slug = $1`, f.Slug).Scan(&id); err != nil {
			return err
		}
		return audit(ctx, tx, &admin.ID, admin.Email, "add", "plan", id, 0, "", outline(f))
	}))
}

// storeEdited completes the departments the tasks name, validates the plan
// whole and stores it through the import's path.
func storeEdited(ctx context.Context, tx pgx.Tx, f *planfile.File, admin *goalpost.User, res *ImportResult) error {
	listed := map[string]bool{}
	for _, d := range f.Departments {
		listed[d.Slug] = true
	}
	for _, s := range f.Sections {
		for _, k := range s.Tasks {
			for _, slug := range append(append([]string(nil), k.Lead...), k.Responsible...) {
				if listed[slug] {
					continue
				}
				var name string
				err := tx.QueryRow(ctx, `SELECT name FROM departments WHERE slug = $1`, slug).Scan(&name)
				if errors.Is(err, pgx.ErrNoRows) {
					return goalpost.Errorf(goalpost.EINVALID, "单位“%s”不存在；请先在单位管理中添加", slug)
				} else if err != nil {
					return err
				}
				f.Departments = append(f.Departments, planfile.Department{Slug: slug, Name: name})
				listed[slug] = true
			}
		}
	}
	if problems := f.Validate(); len(problems) > 0 {
		for i, p := range problems {
			problems[i] = strings.TrimPrefix(p, "第 0 行：") // built here, not read from a file
		}
		return goalpost.Errorf(goalpost.EINVALID, "%s", strings.Join(problems, "；"))
	}
	r, err := importPlanTx(ctx, tx, f, importer{actor: admin.Email, userID: &admin.ID, editor: true})
	*res = r
	return err
}

// outline is the plan without its targets (metadata, sections, tasks and
// their units), as JSON: the audit entry of an edit to the plan itself.
func outline(f *planfile.File) string {
	o := *f
	o.Departments = nil
	o.Sections = make([]planfile.Section, len(f.Sections))
	for i, s := range f.Sections {
		o.Sections[i] = planfile.Section{Key: s.Key, Title: s.Title}
		for _, k := range s.Tasks {
			o.Sections[i].Tasks = append(o.Sections[i].Tasks, planfile.Task{Number: k.Number, Title: k.Title, Lead: k.Lead, Responsible: k.Responsible})
		}
	}
	b, _ := json.Marshal(o)
	return string(b)
}

// exportTx reads plan slug as a plan file, locking the plan's row when an
// edit follows, so two administrators' edits apply one after the other.
// The document's own baselines are written, never an administrator's (which
// an import leaves alone); a schedule only when it is not the default.
func exportTx(ctx context.Context, tx pgx.Tx, slug string, lock bool) (*planfile.File, int64, error) {
	q := `SELECT id, slug, title, short_title, issuer, issued_on, period_start, period_end, source, requires_review FROM plans WHERE slug = $1`
	if lock {
		q += ` FOR UPDATE`
	}
	var f planfile.File
	var planID int64
	var issued *time.Time
	var review bool
	err := tx.QueryRow(ctx, q, slug).Scan(&planID, &f.Slug, &f.Title, &f.ShortTitle, &f.Issuer, &issued,
		&f.PeriodStart.Time, &f.PeriodEnd.Time, &f.Source, &review)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, 0, notFound("noun.plan", slug)
	} else if err != nil {
		return nil, 0, fmt.Errorf("read plan: %w", err)
	}
	if issued != nil {
		f.IssuedOn = &planfile.Date{Time: *issued}
	}
	if !review {
		f.RequiresReview = &review
	}
	rows, err := tx.Query(ctx, `SELECT id, key, title FROM sections WHERE plan_id = $1 ORDER BY position, id`, planID)
	if err != nil {
		return nil, 0, fmt.Errorf("read sections: %w", err)
	}
	sectionAt := map[int64]int{}
	for rows.Next() {
		var id int64
		var s planfile.Section
		if err := rows.Scan(&id, &s.Key, &s.Title); err != nil {
			rows.Close()
			return nil, 0, fmt.Errorf("read sections: %w", err)
		}
		sectionAt[id] = len(f.Sections)
		f.Sections = append(f.Sections, s)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("read sections: %w", err)
	}
	type place struct{ section, task int }
	taskAt := map[int64]place{}
	taskNumber := map[int64]int{}
	rows, err = tx.Query(ctx, `
		SELECT k.id, k.section_id, k.number, k.title,
			coalesce(array_agg(d.slug ORDER BY td.position) FILTER (WHERE td.role = 'lead'), '{}'),
			coalesce(array_agg(d.slug ORDER BY td.position) FILTER (WHERE td.role = 'responsible'), '{}')
		FROM tasks k LEFT JOIN task_departments td ON td.task_id = k.id LEFT JOIN departments d ON d.id = td.department_id
		WHERE k.plan_id = $1 GROUP BY k.id ORDER BY k.position, k.number`, planID)
	if err != nil {
		return nil, 0, fmt.Errorf("read tasks: %w", err)
	}
	for rows.Next() {
		var id, sectionID int64
		var k planfile.Task
		if err := rows.Scan(&id, &sectionID, &k.Number, &k.Title, &k.Lead, &k.Responsible); err != nil {
			rows.Close()
			return nil, 0, fmt.Errorf("read tasks: %w", err)
		}
		si := sectionAt[sectionID]
		taskAt[id] = place{si, len(f.Sections[si].Tasks)}
		taskNumber[id] = k.Number
		f.Sections[si].Tasks = append(f.Sections[si].Tasks, k)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("read tasks: %w", err)
	}
	rows, err = tx.Query(ctx, `
		SELECT DISTINCT d.slug, d.name FROM departments d JOIN task_departments td ON td.department_id = d.id
		JOIN tasks k ON k.id = td.task_id WHERE k.plan_id = $1 ORDER BY d.slug`, planID)
	if err != nil {
		return nil, 0, fmt.Errorf("read departments: %w", err)
	}
	for rows.Next() {
		var d planfile.Department
		if err := rows.Scan(&d.Slug, &d.Name); err != nil {
			rows.Close()
			return nil, 0, fmt.Errorf("read departments: %w", err)
		}
		f.Departments = append(f.Departments, d)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("read departments: %w", err)
	}
	rows, err = tx.Query(ctx, `
		SELECT section_id, task_id, related_task_id, key, title, kind, comparator, target_value::float8, unit, deadline,
			approximate, aspirational, baseline_value::float8, baseline_date, baseline_text, source_text, notes,
			cadence, due_day, retired_reason, title_en
		FROM targets WHERE plan_id = $1 ORDER BY position, id`, planID)
	if err != nil {
		return nil, 0, fmt.Errorf("read targets: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var sectionID int64
		var taskID, relatedID *int64
		var t planfile.Target
		var bValue *float64
		var bDate *time.Time
		var bText, retired string
		if err := rows.Scan(&sectionID, &taskID, &relatedID, &t.Key, &t.Title, &t.Kind, &t.Comparator, &t.Value, &t.Unit,
			&t.Deadline.Time, &t.Approximate, &t.Aspirational, &bValue, &bDate, &bText, &t.SourceText, &t.Notes,
			&t.Cadence, &t.DueDay, &retired, &t.TitleEN); err != nil {
			return nil, 0, fmt.Errorf("read targets: %w", err)
		}
		if bValue != nil && bDate != nil {
			t.Baseline = &planfile.Baseline{Value: bValue, Date: planfile.Date{Time: *bDate}, Text: bText}
		}
		if t.Cadence == string(goalpost.Annual) && t.DueDay == 15 {
			t.Cadence, t.DueDay = "", 0
		}
		if retired != "" {
			t.Retired = &planfile.Retired{Reason: retired}
		}
		if relatedID != nil {
			t.RelatedTask = taskNumber[*relatedID]
		}
		if taskID != nil {
			p := taskAt[*taskID]
			k := &f.Sections[p.section].Tasks[p.task]
			k.Targets = append(k.Targets, t)
		} else {
			s := &f.Sections[sectionAt[sectionID]]
			s.Targets = append(s.Targets, t)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("read targets: %w", err)
	}
	return &f, planID, nil
}
