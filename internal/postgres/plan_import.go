package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/goalpost-civic/goalpost/internal/i18n"
	"github.com/goalpost-civic/goalpost/internal/planfile"
	"github.com/jackc/pgx/v5"
)

// ImportResult counts what an import changed.
type ImportResult struct {
	Plan                                 string
	Created, Updated, Unchanged, Removed int
}

func (r ImportResult) String() string { return r.In(i18n.Chinese) }

// In says what an import did, in l.
func (r ImportResult) In(l i18n.Lang) string {
	return l.T("import.result", r.Plan, r.Created, r.Updated, r.Unchanged, r.Removed)
}

// targetDef is a target's definition as the plan file states it; comparing
// two of them decides whether an import changes a target.
type targetDef struct {
	SectionID     int64      `json:"-"`
	Section       string     `json:"section"`
	TaskID        *int64     `json:"-"`
	Task          int        `json:"task,omitempty"`
	RelatedTaskID *int64     `json:"-"`
	RelatedTask   int        `json:"related_task,omitempty"`
	Title         string     `json:"title"`
	TitleEN       string     `json:"title_en,omitempty"`
	Kind          string     `json:"kind"`
	Comparator    string     `json:"comparator"`
	Value         *float64   `json:"target_value"`
	Unit          string     `json:"unit"`
	Deadline      time.Time  `json:"deadline"`
	Approximate   bool       `json:"approximate"`
	Aspirational  bool       `json:"aspirational"`
	BaselineValue *float64   `json:"baseline_value"`
	BaselineDate  *time.Time `json:"baseline_date"`
	BaselineText  string     `json:"baseline_text"`
	SourceText    string     `json:"source_text"`
	Notes         string     `json:"notes"`
	// Retired is the reason a retired target was withdrawn, "" for a live one.
	Retired  string `json:"retired,omitempty"`
	Position int    `json:"-"`
}

func (d targetDef) json() string {
	b, _ := json.Marshal(d)
	return string(b)
}

// ImportPlan loads or updates a plan from a validated plan file in one
// transaction. Targets are matched by key, so a target whose wording changed
// keeps its figures; importing the same file twice changes nothing.
func (db *DB) ImportPlan(ctx context.Context, f *planfile.File, actor string) (ImportResult, error) {
	var res ImportResult
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		var err error
		res, err = importPlanTx(ctx, tx, f, importer{actor: actor})
		return err
	})
	if err != nil {
		if goalpost.ErrorCode(err) != goalpost.EINTERNAL {
			return ImportResult{}, err
		}
		return ImportResult{}, fmt.Errorf("postgres: import plan %s: %w", f.Slug, err)
	}
	return res, nil
}

// importer says who writes a plan and how, for the audit trail: an import
// of a file (actions create, update, delete, no account) or an
// administrator in the editor (add, edit, retire, delete, with the account).
type importer struct {
	actor  string
	userID *int64
	editor bool
}

func (im importer) action(a string) string {
	if im.editor {
		switch a {
		case "create":
			return "add"
		case "update":
			return "edit"
		}
	}
	return a
}

// importPlanTx is ImportPlan inside a transaction: the import's path, which
// the editor's changes take too, so a change from either is stored and
// recorded the same way.
func importPlanTx(ctx context.Context, tx pgx.Tx, f *planfile.File, im importer) (ImportResult, error) {
	res := ImportResult{Plan: f.Slug}
	actor := im.actor
	err := func() error {
		var issued *time.Time
		if f.IssuedOn != nil {
			issued = &f.IssuedOn.Time
		}
		var planID int64
		err := tx.QueryRow(ctx, `
			INSERT INTO plans (slug, title, short_title, issuer, issued_on, period_start, period_end, source, requires_review)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
			ON CONFLICT (slug) DO UPDATE SET title = EXCLUDED.title, short_title = EXCLUDED.short_title,
				issuer = EXCLUDED.issuer, issued_on = EXCLUDED.issued_on, period_start = EXCLUDED.period_start,
				period_end = EXCLUDED.period_end, source = EXCLUDED.source, requires_review = EXCLUDED.requires_review,
				updated_at = CASE WHEN (plans.title, plans.short_title, plans.issuer, plans.issued_on, plans.period_start, plans.period_end, plans.source)
					IS DISTINCT FROM (EXCLUDED.title, EXCLUDED.short_title, EXCLUDED.issuer, EXCLUDED.issued_on, EXCLUDED.period_start, EXCLUDED.period_end, EXCLUDED.source)
					OR plans.requires_review IS DISTINCT FROM EXCLUDED.requires_review
					THEN now() ELSE plans.updated_at END
			RETURNING id`,
			f.Slug, f.Title, f.ShortTitle, f.Issuer, issued, f.PeriodStart.Time, f.PeriodEnd.Time, f.Source, f.ReviewRequired()).Scan(&planID)
		if err != nil {
			return fmt.Errorf("upsert plan: %w", err)
		}
		deptIDs := map[string]int64{}
		for _, d := range f.Departments {
			var id int64
			err := tx.QueryRow(ctx, `
				INSERT INTO departments (slug, name) VALUES ($1, $2)
				ON CONFLICT (slug) DO UPDATE SET name = EXCLUDED.name
				RETURNING id`, d.Slug, d.Name).Scan(&id)
			if err != nil {
				if isUniqueViolation(err) {
					return goalpost.Errorf(goalpost.ECONFLICT, "第 %d 行：单位名称“%s”已被另一个 slug 使用", d.Line, d.Name)
				}
				return fmt.Errorf("upsert department %s: %w", d.Slug, err)
			}
			deptIDs[d.Slug] = id
		}
		existing, err := existingTargets(ctx, tx, planID)
		if err != nil {
			return err
		}
		sectionIDs, taskIDs := map[string]int64{}, map[int]int64{}
		// Tasks first, so targets in 总体目标 can point at a later task.
		for si, s := range f.Sections {
			var sid int64
			err := tx.QueryRow(ctx, `
				INSERT INTO sections (plan_id, key, title, position) VALUES ($1, $2, $3, $4)
				ON CONFLICT (plan_id, key) DO UPDATE SET title = EXCLUDED.title, position = EXCLUDED.position
				RETURNING id`, planID, s.Key, s.Title, si).Scan(&sid)
			if err != nil {
				return fmt.Errorf("upsert section %s: %w", s.Key, err)
			}
			sectionIDs[s.Key] = sid
			for ki, k := range s.Tasks {
				var kid int64
				err := tx.QueryRow(ctx, `
					INSERT INTO tasks (plan_id, section_id, number, title, position) VALUES ($1, $2, $3, $4, $5)
					ON CONFLICT (plan_id, number) DO UPDATE SET section_id = EXCLUDED.section_id, title = EXCLUDED.title, position = EXCLUDED.position
					RETURNING id`, planID, sid, k.Number, k.Title, ki).Scan(&kid)
				if err != nil {
					return fmt.Errorf("upsert task %d: %w", k.Number, err)
				}
				taskIDs[k.Number] = kid
				if _, err := tx.Exec(ctx, `DELETE FROM task_departments WHERE task_id = $1`, kid); err != nil {
					return fmt.Errorf("reset task %d departments: %w", k.Number, err)
				}
				rows := [][]any{}
				for i, slug := range k.Lead {
					rows = append(rows, []any{kid, deptIDs[slug], string(goalpost.RoleLead), i})
				}
				for i, slug := range k.Responsible {
					rows = append(rows, []any{kid, deptIDs[slug], string(goalpost.RoleResponsible), i})
				}
				if _, err := tx.CopyFrom(ctx, pgx.Identifier{"task_departments"}, []string{"task_id", "department_id", "role", "position"}, pgx.CopyFromRows(rows)); err != nil {
					return fmt.Errorf("task %d departments: %w", k.Number, err)
				}
			}
		}
		seen := map[string]bool{}
		position := 0
		put := func(s planfile.Section, task int, t planfile.Target) error {
			position++
			def := targetDef{
				SectionID: sectionIDs[s.Key], Section: s.Key, Task: task, RelatedTask: t.RelatedTask,
				Title: t.Title, TitleEN: t.TitleEN, Kind: t.Kind, Comparator: t.Comparator, Value: t.Value, Unit: t.Unit,
				Deadline: t.Deadline.Time, Approximate: t.Approximate, Aspirational: t.Aspirational,
				SourceText: t.SourceText, Notes: t.Notes, Position: position,
			}
			if t.Retired != nil {
				def.Retired = t.Retired.Reason
			}
			if id, ok := taskIDs[task]; ok && task != 0 {
				def.TaskID = &id
			}
			if id, ok := taskIDs[t.RelatedTask]; ok && t.RelatedTask != 0 {
				def.RelatedTaskID = &id
			}
			if b := t.Baseline; b != nil {
				def.BaselineValue, def.BaselineDate, def.BaselineText = b.Value, &b.Date.Time, b.Text
			}
			seen[t.Key] = true
			if err := upsertTarget(ctx, tx, planID, t.Key, def, existing[t.Key], im, &res); err != nil {
				return err
			}
			// A schedule in the file wins; without one, a new target gets the
			// default and an existing one keeps what an administrator set.
			sched := t.Schedule()
			_, err := tx.Exec(ctx, `
				UPDATE targets SET cadence = $3, due_day = $4
				WHERE plan_id = $1 AND key = $2 AND ($5 OR (cadence, due_day) IS DISTINCT FROM ($3, $4) AND $6)`,
				planID, t.Key, sched.Cadence, sched.DueDay, existing[t.Key].id == 0, t.Cadence != "" || t.DueDay != 0)
			if err != nil {
				return fmt.Errorf("schedule of target %s: %w", t.Key, err)
			}
			return nil
		}
		for _, s := range f.Sections {
			for _, t := range s.Targets {
				if err := put(s, 0, t); err != nil {
					return err
				}
			}
			for _, k := range s.Tasks {
				for _, t := range k.Targets {
					if err := put(s, k.Number, t); err != nil {
						return err
					}
				}
			}
		}
		for key, old := range existing {
			if seen[key] {
				continue
			}
			if old.figures > 0 && im.editor {
				return goalpost.Errorf(goalpost.ECONFLICT, "目标“%s”已有 %d 条报送数据，不能删除；可以停用它并说明原因（数据和历史都会保留）", old.def.Title, old.figures)
			}
			if old.figures > 0 {
				return goalpost.Errorf(goalpost.ECONFLICT, "目标 %s 已有 %d 条报送数据，不能从计划文件中删除；请保留该目标", key, old.figures)
			}
			if _, err := tx.Exec(ctx, `DELETE FROM targets WHERE id = $1`, old.id); err != nil {
				return fmt.Errorf("remove target %s: %w", key, err)
			}
			if err := audit(ctx, tx, im.userID, actor, "delete", "target", old.id, old.id, old.def.json(), ""); err != nil {
				return err
			}
			res.Removed++
		}
		// Tasks and sections the file no longer has, now that no target points at them.
		if _, err := tx.Exec(ctx, `DELETE FROM tasks WHERE plan_id = $1 AND NOT (number = ANY($2))`, planID, keysOf(taskIDs)); err != nil {
			return fmt.Errorf("remove tasks: %w", err)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM sections WHERE plan_id = $1 AND NOT (key = ANY($2))`, planID, keysOf(sectionIDs)); err != nil {
			return fmt.Errorf("remove sections: %w", err)
		}
		return nil
	}()
	return res, err
}

func keysOf[K comparable, V any](m map[K]V) []K {
	out := make([]K, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

type existingTarget struct {
	id, figures int64
	def         targetDef
}

func existingTargets(ctx context.Context, tx pgx.Tx, planID int64) (map[string]existingTarget, error) {
	rows, err := tx.Query(ctx, `
		SELECT t.id, t.key, (SELECT count(*) FROM figures f WHERE f.target_id = t.id),
			t.section_id, s.key, t.task_id, coalesce(k.number, 0), t.related_task_id, coalesce(r.number, 0),
			t.title, t.title_en, t.kind, t.comparator, t.target_value::float8, t.unit, t.deadline, t.approximate, t.aspirational,
			t.baseline_value::float8, t.baseline_date, t.baseline_text, t.source_text, t.notes, t.retired_reason, t.position
		FROM targets t JOIN sections s ON s.id = t.section_id
		LEFT JOIN tasks k ON k.id = t.task_id LEFT JOIN tasks r ON r.id = t.related_task_id
		WHERE t.plan_id = $1`, planID)
	if err != nil {
		return nil, fmt.Errorf("load targets: %w", err)
	}
	defer rows.Close()
	out := map[string]existingTarget{}
	for rows.Next() {
		var e existingTarget
		var key string
		d := &e.def
		if err := rows.Scan(&e.id, &key, &e.figures, &d.SectionID, &d.Section, &d.TaskID, &d.Task, &d.RelatedTaskID, &d.RelatedTask,
			&d.Title, &d.TitleEN, &d.Kind, &d.Comparator, &d.Value, &d.Unit, &d.Deadline, &d.Approximate, &d.Aspirational,
			&d.BaselineValue, &d.BaselineDate, &d.BaselineText, &d.SourceText, &d.Notes, &d.Retired, &d.Position); err != nil {
			return nil, fmt.Errorf("scan target: %w", err)
		}
		out[key] = e
	}
	return out, rows.Err()
}

func upsertTarget(ctx context.Context, tx pgx.Tx, planID int64, key string, def targetDef, old existingTarget, im importer, res *ImportResult) error {
	if old.id == 0 {
		var id int64
		err := tx.QueryRow(ctx, `
			INSERT INTO targets (plan_id, key, section_id, task_id, related_task_id, title, kind, comparator, target_value,
				unit, deadline, approximate, aspirational, baseline_value, baseline_date, baseline_text, source_text, notes, position,
				retired_reason, retired_at, title_en)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19,
				$20, CASE WHEN $20 = '' THEN NULL ELSE now() END, $21)
			RETURNING id`,
			planID, key, def.SectionID, def.TaskID, def.RelatedTaskID, def.Title, def.Kind, def.Comparator, def.Value,
			def.Unit, def.Deadline, def.Approximate, def.Aspirational, def.BaselineValue, def.BaselineDate, def.BaselineText,
			def.SourceText, def.Notes, def.Position, def.Retired, def.TitleEN).Scan(&id)
		if err != nil {
			return fmt.Errorf("insert target %s: %w", key, err)
		}
		res.Created++
		return audit(ctx, tx, im.userID, im.actor, im.action("create"), "target", id, id, "", def.json())
	}
	if old.def.json() == def.json() && old.def.Position == def.Position && old.def.SectionID == def.SectionID {
		res.Unchanged++
		return nil
	}
	if from, to := goalpost.Kind(old.def.Kind), goalpost.Kind(def.Kind); old.figures > 0 && !from.FiguresReadAs(to) {
		return goalpost.Errorf(goalpost.ECONFLICT, "目标 %s 已有 %d 条报送数据，不能把类型从 %s 改为 %s：已有数据的含义会随之改变。请停用该目标，另建一个新类型的目标", key, old.figures, from, to)
	}
	_, err := tx.Exec(ctx, `
		UPDATE targets SET section_id = $2, task_id = $3, related_task_id = $4, title = $5, kind = $6, comparator = $7,
			target_value = $8, unit = $9, deadline = $10, approximate = $11, aspirational = $12, baseline_value = $13,
			baseline_date = $14, baseline_text = $15, source_text = $16, notes = $17, position = $18,
			retired_at = CASE WHEN $19 = '' THEN NULL ELSE coalesce(retired_at, now()) END, retired_reason = $19, title_en = $20, updated_at = now()
		WHERE id = $1`,
		old.id, def.SectionID, def.TaskID, def.RelatedTaskID, def.Title, def.Kind, def.Comparator, def.Value, def.Unit,
		def.Deadline, def.Approximate, def.Aspirational, def.BaselineValue, def.BaselineDate, def.BaselineText,
		def.SourceText, def.Notes, def.Position, def.Retired, def.TitleEN)
	if err != nil {
		return fmt.Errorf("update target %s: %w", key, err)
	}
	if old.def.json() == def.json() {
		// Only its place in the document moved: not a change worth a trail entry.
		res.Unchanged++
		return nil
	}
	res.Updated++
	action := im.action("update")
	if im.editor && old.def.Retired == "" && def.Retired != "" {
		action = im.action("retire")
	}
	return audit(ctx, tx, im.userID, im.actor, action, "target", old.id, old.id, old.def.json(), def.json())
}
