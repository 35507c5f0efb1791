package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/jackc/pgx/v5"
)

// Decide records a reviewer's decision on a figure waiting for review:
// approve publishes it; return sends it back with a reason, and the editor
// enters a new revision. Nobody decides on their own figure. Two reviewers
// deciding at once, or a decision on a figure already superseded, gets
// ECONFLICT with what happened, never a lost or doubled decision.
func (db *DB) Decide(ctx context.Context, u *goalpost.User, figureID int64, approve bool, reason string) (goalpost.Figure, error) {
	reason = strings.TrimSpace(reason)
	if !approve && reason == "" {
		return goalpost.Figure{}, goalpost.E(goalpost.EINVALID, "err.return_reason")
	}
	// One load: the target through its figure, for the reviewer's rights.
	t, err := db.targetForWrite(ctx, TargetFilter{Figure: figureID}, "noun.figure", figureID)
	if err != nil {
		return goalpost.Figure{}, err
	}
	targetID := t.ID
	if !u.CanReview(&t.Target) {
		// Name no target: the figure id must not tell what it is a figure of.
		return goalpost.Figure{}, goalpost.E(goalpost.EFORBIDDEN, "err.review_forbidden")
	}
	err = db.inTx(ctx, func(tx pgx.Tx) error {
		// The same lock as AddFigure: a resubmission and a decision on one
		// target happen one after the other.
		if _, err := tx.Exec(ctx, `SELECT 1 FROM targets WHERE id = $1 FOR UPDATE`, targetID); err != nil {
			return fmt.Errorf("lock target: %w", err)
		}
		var enteredBy int64
		var needsReview bool
		var period, district string
		var revision, latest int
		var decided, decidedBy *string
		err := tx.QueryRow(ctx, `
			SELECT coalesce(f.entered_by, 0), f.needs_review, f.period, f.district, f.revision,
				(SELECT max(revision) FROM figures g WHERE g.target_id = f.target_id AND g.period = f.period AND g.district = f.district),
				r.decision, ru.name
			FROM figures f LEFT JOIN figure_reviews r ON r.figure_id = f.id LEFT JOIN users ru ON ru.id = r.reviewer_id
			WHERE f.id = $1`, figureID).Scan(&enteredBy, &needsReview, &period, &district, &revision, &latest, &decided, &decidedBy)
		if err != nil {
			return fmt.Errorf("load figure: %w", err)
		}
		switch {
		case !needsReview:
			return goalpost.E(goalpost.ECONFLICT, "err.review_not_needed")
		case decided != nil:
			return goalpost.E(goalpost.ECONFLICT, "err.review_decided_"+*decided, *decidedBy)
		case latest != revision:
			return goalpost.E(goalpost.ECONFLICT, "err.review_newer", period, latest)
		case enteredBy == u.ID:
			return goalpost.E(goalpost.EFORBIDDEN, "err.review_own")
		}
		decision := "returned"
		if approve {
			decision = "approved"
		}
		if _, err := tx.Exec(ctx, `INSERT INTO figure_reviews (figure_id, decision, reason, reviewer_id) VALUES ($1, $2, $3, $4)`,
			figureID, decision, reason, u.ID); err != nil {
			if isUniqueViolation(err) {
				return goalpost.E(goalpost.ECONFLICT, "err.review_race")
			}
			return fmt.Errorf("insert review: %w", err)
		}
		after, _ := json.Marshal(map[string]any{"period": period, "district": district, "revision": revision, "decision": decision, "reason": reason})
		return audit(ctx, tx, &u.ID, u.Email, decision, "figure_review", figureID, targetID, "", string(after))
	})
	if err != nil {
		if goalpost.ErrorCode(err) != goalpost.EINTERNAL {
			return goalpost.Figure{}, err
		}
		return goalpost.Figure{}, fmt.Errorf("postgres: review figure %d: %w", figureID, err)
	}
	return db.figure(ctx, figureID)
}

// QueueItem is a figure waiting for a reviewer, with what it would change.
type QueueItem struct {
	Figure      goalpost.Figure
	TargetID    int64
	TargetTitle string
	PlanTitle   string
	Unit        string
	Kind        goalpost.Kind
	// Previous is the published value of the same period, if any: the
	// figure would correct it.
	Previous *float64
	// Latest is the target's latest published figure, for comparison.
	Latest       *float64
	LatestPeriod string
}

// ReviewQueue lists the figures u may decide on, oldest first: the latest
// revision of each period, waiting, on targets a department u reviews for
// leads (every target for administrators), entered by someone else.
func (db *DB) ReviewQueue(ctx context.Context, u *goalpost.User) ([]QueueItem, error) {
	var reviewDepts []int64
	for _, m := range u.Departments {
		if m.CanReview {
			reviewDepts = append(reviewDepts, m.ID)
		}
	}
	rows, err := db.Pool.Query(ctx, `
		SELECT f.id, f.target_id, f.period, f.period_start, f.period_end, f.district, f.value::float8,
			f.reference_value::float8, f.revision, f.reason, f.note, f.source_url, f.sample,
			coalesce(eu.name, ''), coalesce(f.entered_by, 0), f.entered_at,
			t.title, p.short_title, t.unit, t.kind,
			(SELECT g.value::float8 FROM figures g LEFT JOIN figure_reviews gr ON gr.figure_id = g.id
				WHERE g.target_id = f.target_id AND g.period = f.period AND g.district = f.district
				  AND (NOT g.needs_review OR gr.decision = 'approved')
				ORDER BY g.revision DESC LIMIT 1),
			(jsonb_path_query_first(s.ends, '$[*] ? (@.from_last == 1)') ->> 'value')::float8,
			jsonb_path_query_first(s.ends, '$[*] ? (@.from_last == 1)') ->> 'period'
		FROM figures f
		JOIN targets t ON t.id = f.target_id
		JOIN plans p ON p.id = t.plan_id
		LEFT JOIN users eu ON eu.id = f.entered_by
		LEFT JOIN target_summaries s ON s.target_id = t.id
		WHERE f.needs_review
		  AND NOT EXISTS (SELECT 1 FROM figure_reviews r WHERE r.figure_id = f.id)
		  AND f.revision = (SELECT max(revision) FROM figures g WHERE g.target_id = f.target_id AND g.period = f.period AND g.district = f.district)
		  AND coalesce(f.entered_by, 0) <> $1
		  AND ($2 OR EXISTS (SELECT 1 FROM task_departments td
				WHERE td.task_id = coalesce(t.task_id, t.related_task_id) AND td.role = 'lead' AND td.department_id = ANY($3)))
		ORDER BY f.entered_at, f.id`, u.ID, u.Role == goalpost.UserAdmin, reviewDepts)
	if err != nil {
		return nil, fmt.Errorf("postgres: review queue: %w", err)
	}
	items, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (QueueItem, error) {
		var q QueueItem
		f := &q.Figure
		var latestPeriod *string
		err := row.Scan(&f.ID, &f.TargetID, &f.Period.Label, &f.Period.Start, &f.Period.End, &f.District, &f.Value,
			&f.ReferenceValue, &f.Revision, &f.Reason, &f.Note, &f.SourceURL, &f.Sample, &f.EnteredBy, &f.EnteredByID,
			&f.EnteredAt, &q.TargetTitle, &q.PlanTitle, &q.Unit, &q.Kind, &q.Previous, &q.Latest, &latestPeriod)
		q.TargetID, f.State = f.TargetID, goalpost.FigureSubmitted
		if latestPeriod != nil {
			q.LatestPeriod = *latestPeriod
		}
		return q, err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: review queue: %w", err)
	}
	return items, nil
}
