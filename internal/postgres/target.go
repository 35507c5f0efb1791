package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/jackc/pgx/v5"
)

// TargetFilter narrows a list of targets. Zero values mean "any".
type TargetFilter struct {
	Plan       string // plan slug
	Section    string // section key, e.g. 二(一)
	Department string // department slug: targets it leads or shares
	ID         int64
}

// Targets lists the targets matching f in document order, each assessed as
// of today. It runs two queries however many targets match.
func (db *DB) Targets(ctx context.Context, f TargetFilter) ([]*goalpost.Tracked, error) {
	rows, err := db.Pool.Query(ctx, `
		SELECT t.id, t.plan_id, p.slug, p.short_title, p.period_start, t.key, s.key, s.title,
			coalesce(k.number, 0), coalesce(k.title, ''), coalesce(r.number, 0),
			t.title, t.kind, t.comparator, t.target_value::float8, t.unit, t.deadline, t.approximate, t.aspirational,
			t.baseline_value::float8, t.baseline_date, t.baseline_text, t.source_text, t.notes,
			coalesce((SELECT json_agg(json_build_object('id', d.id, 'slug', d.slug, 'name', d.name, 'role', td.role)
					ORDER BY td.role, td.position)
				FROM task_departments td JOIN departments d ON d.id = td.department_id
				WHERE td.task_id = coalesce(t.task_id, t.related_task_id)), '[]')
		FROM targets t
		JOIN plans p ON p.id = t.plan_id
		JOIN sections s ON s.id = t.section_id
		LEFT JOIN tasks k ON k.id = t.task_id
		LEFT JOIN tasks r ON r.id = t.related_task_id
		WHERE ($1 = '' OR p.slug = $1)
		  AND ($2 = '' OR s.key = $2)
		  AND ($3 = '' OR EXISTS (SELECT 1 FROM task_departments td JOIN departments d ON d.id = td.department_id
				WHERE td.task_id = coalesce(t.task_id, t.related_task_id) AND d.slug = $3))
		  AND ($4 = 0 OR t.id = $4)
		ORDER BY p.id, s.position, t.position`,
		f.Plan, f.Section, f.Department, f.ID)
	if err != nil {
		return nil, fmt.Errorf("postgres: list targets: %w", err)
	}
	targets, err := pgx.CollectRows(rows, scanTarget)
	if err != nil {
		return nil, fmt.Errorf("postgres: list targets: %w", err)
	}
	if err := db.summarise(ctx, targets); err != nil {
		return nil, err
	}
	today := db.today()
	for _, t := range targets {
		t.Assessment = goalpost.Assess(&t.Target, t.Summary, today)
	}
	return targets, nil
}

// Target returns one target, or ENOTFOUND.
func (db *DB) Target(ctx context.Context, id int64) (*goalpost.Tracked, error) {
	ts, err := db.Targets(ctx, TargetFilter{ID: id})
	if err != nil {
		return nil, err
	}
	if len(ts) == 0 {
		return nil, notFound("目标", id)
	}
	return ts[0], nil
}

func scanTarget(row pgx.CollectableRow) (*goalpost.Tracked, error) {
	var t goalpost.Tracked
	var owners []byte
	var bValue *float64
	var bDate *time.Time
	var bText string
	err := row.Scan(&t.ID, &t.PlanID, &t.PlanSlug, &t.PlanTitle, &t.PlanStart, &t.Key, &t.SectionKey, &t.SectionTitle,
		&t.TaskNumber, &t.TaskTitle, &t.RelatedTask, &t.Title, &t.Kind, &t.Comparator, &t.Value, &t.Unit, &t.Deadline,
		&t.Approximate, &t.Aspirational, &bValue, &bDate, &bText, &t.SourceText, &t.Notes, &owners)
	if err != nil {
		return nil, err
	}
	if bValue != nil && bDate != nil {
		t.Baseline = &goalpost.Baseline{Value: *bValue, Date: *bDate, Text: bText}
	}
	var ds []struct {
		goalpost.Department
		Role goalpost.Role `json:"role"`
	}
	if err := json.Unmarshal(owners, &ds); err != nil {
		return nil, fmt.Errorf("owners of target %d: %w", t.ID, err)
	}
	for _, d := range ds {
		if d.Role == goalpost.RoleLead {
			t.Lead = append(t.Lead, d.Department)
		} else {
			t.Responsible = append(t.Responsible, d.Department)
		}
	}
	return &t, nil
}

// summarise fills each target's Summary from the current revision of each of
// its periods, in one query for all of them.
func (db *DB) summarise(ctx context.Context, targets []*goalpost.Tracked) error {
	if len(targets) == 0 {
		return nil
	}
	byID := make(map[int64]*goalpost.Tracked, len(targets))
	ids := make([]int64, len(targets))
	for i, t := range targets {
		byID[t.ID], ids[i] = t, t.ID
	}
	rows, err := db.Pool.Query(ctx, `
		WITH cur AS (
			SELECT DISTINCT ON (target_id, period, district)
				target_id, period, period_start, period_end, district, value::float8 AS value,
				reference_value::float8 AS reference_value, sample
			FROM figures WHERE target_id = ANY($1)
			ORDER BY target_id, period, district, revision DESC
		), ranked AS (
			SELECT cur.*,
				row_number() OVER (PARTITION BY target_id ORDER BY period_end DESC, period_start DESC) AS from_last,
				row_number() OVER (PARTITION BY target_id ORDER BY period_end, period_start) AS from_first,
				extract(year FROM period_end) = max(extract(year FROM period_end)) OVER (PARTITION BY target_id) AS in_last_year
			FROM cur WHERE district = ''
		), overall AS (
			SELECT target_id, count(*) AS n, sum(value) AS total,
				sum(value) FILTER (WHERE in_last_year) AS last_year_total,
				bool_or(sample) AS sample,
				jsonb_agg(jsonb_build_object('period', period, 'start', period_start, 'end', period_end,
					'value', value, 'ref', reference_value, 'from_last', from_last, 'first', from_first = 1))
					FILTER (WHERE from_last <= 2 OR from_first = 1) AS ends
			FROM ranked GROUP BY target_id
		), districts AS (
			SELECT target_id, jsonb_object_agg(district, value) AS latest, max(period) AS period,
				max(period_start) AS period_start, max(period_end) AS period_end, bool_or(sample) AS sample
			FROM (SELECT DISTINCT ON (target_id, district) * FROM cur WHERE district <> ''
				ORDER BY target_id, district, period_end DESC) d
			GROUP BY target_id
		)
		SELECT coalesce(o.target_id, d.target_id), coalesce(o.n, 0), coalesce(o.total, 0), coalesce(o.last_year_total, 0),
			coalesce(o.sample, false) OR coalesce(d.sample, false), coalesce(o.ends, '[]'),
			coalesce(d.latest, '{}'), d.period, d.period_start, d.period_end
		FROM overall o FULL JOIN districts d ON d.target_id = o.target_id`, ids)
	if err != nil {
		return fmt.Errorf("postgres: summarise figures: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var s goalpost.Summary
		var ends, districts []byte
		var dPeriod *string
		var dStart, dEnd *time.Time
		if err := rows.Scan(&id, &s.Count, &s.Total, &s.LatestYearTotal, &s.Sample, &ends, &districts, &dPeriod, &dStart, &dEnd); err != nil {
			return fmt.Errorf("postgres: summarise figures: %w", err)
		}
		var es []struct {
			Period   string   `json:"period"`
			Start    string   `json:"start"`
			End      string   `json:"end"`
			Value    float64  `json:"value"`
			Ref      *float64 `json:"ref"`
			FromLast int      `json:"from_last"`
			First    bool     `json:"first"`
		}
		if err := json.Unmarshal(ends, &es); err != nil {
			return fmt.Errorf("postgres: summary of target %d: %w", id, err)
		}
		for _, e := range es {
			start, _ := time.Parse("2006-01-02", e.Start)
			end, _ := time.Parse("2006-01-02", e.End)
			fig := &goalpost.Figure{TargetID: id, Period: goalpost.Period{Label: e.Period, Start: start, End: end}, Value: e.Value, ReferenceValue: e.Ref}
			switch e.FromLast {
			case 1:
				s.Latest = fig
			case 2:
				s.Previous = fig
			}
			if e.First {
				s.First = fig
			}
		}
		if err := json.Unmarshal(districts, &s.Districts); err != nil {
			return fmt.Errorf("postgres: districts of target %d: %w", id, err)
		}
		if len(s.Districts) > 0 && s.Latest == nil && dPeriod != nil {
			s.Latest = &goalpost.Figure{TargetID: id, Period: goalpost.Period{Label: *dPeriod, Start: *dStart, End: *dEnd}}
		}
		if t := byID[id]; t != nil {
			t.Summary = s
		}
	}
	return rows.Err()
}
