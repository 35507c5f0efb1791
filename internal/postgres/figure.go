package postgres

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/jackc/pgx/v5"
)

// figureState is the SQL for a figure's state, given figures f LEFT JOIN figure_reviews r.
const figureState = `CASE WHEN NOT f.needs_review OR r.decision = 'approved' THEN 'published'
	WHEN r.decision = 'returned' THEN 'returned' ELSE 'submitted' END`

// Figures lists the revisions of a target's figures, latest period first
// and, within a period, newest revision first. The public sees published
// figures only; withUnpublished adds those waiting for review or returned.
func (db *DB) Figures(ctx context.Context, targetID int64, withUnpublished bool) ([]goalpost.Figure, error) {
	return db.FiguresKnown(ctx, targetID, withUnpublished, time.Time{})
}

// figureColumns are what scanFigure reads, from figures f with the user
// who entered each; the query joins its review as r and the reviewer as ru.
const figureColumns = `f.id, f.target_id, f.period, f.period_start, f.period_end, f.district, f.value::float8,
	f.reference_value::float8, f.revision, f.reason, f.note, f.source_url, f.sample,
	coalesce(u.name, ''), coalesce(f.entered_by, 0), f.entered_at, ` + figureState + `,
	r.decision, coalesce(r.reason, ''), coalesce(ru.name, ''), r.at
	FROM figures f
	LEFT JOIN users u ON u.id = f.entered_by`

// FiguresKnown lists a target's figures as they were known at the moment
// known (zero: now): the revisions entered by then, published by then
// (a review decided after it is not shown yet).
func (db *DB) FiguresKnown(ctx context.Context, targetID int64, withUnpublished bool, known time.Time) ([]goalpost.Figure, error) {
	rows, err := db.Pool.Query(ctx, `
		WITH r AS (
			-- the review decisions taken by then
			SELECT * FROM figure_reviews WHERE $3::timestamptz IS NULL OR at <= $3
		)
		SELECT `+figureColumns+` LEFT JOIN r ON r.figure_id = f.id
		LEFT JOIN users ru ON ru.id = r.reviewer_id
		WHERE f.target_id = $1 AND ($2 OR NOT f.needs_review OR r.decision = 'approved')
		  AND ($3::timestamptz IS NULL OR f.entered_at <= $3)
		ORDER BY f.period_end DESC, f.period_start DESC, f.district, f.revision DESC`, targetID, withUnpublished, nullTime(known))
	if err != nil {
		return nil, fmt.Errorf("postgres: figures of target %d: %w", targetID, err)
	}
	figs, err := pgx.CollectRows(rows, scanFigure)
	if err != nil {
		return nil, fmt.Errorf("postgres: figures of target %d: %w", targetID, err)
	}
	return figs, nil
}

// targetForWrite loads the target f names for a write's checks (kind,
// owners, plan, retirement) in one query, without its figures; ENOTFOUND
// names noun and id.
func (db *DB) targetForWrite(ctx context.Context, f TargetFilter, noun string, id int64) (*goalpost.Tracked, error) {
	ts, err := db.targetRows(ctx, f)
	if err != nil {
		return nil, err
	}
	if len(ts) == 0 {
		return nil, notFound(noun, id)
	}
	return ts[0], nil
}

// figure is one revision of a figure, with its state and review.
func (db *DB) figure(ctx context.Context, id int64) (goalpost.Figure, error) {
	rows, err := db.Pool.Query(ctx, `
		SELECT `+figureColumns+` LEFT JOIN figure_reviews r ON r.figure_id = f.id
		LEFT JOIN users ru ON ru.id = r.reviewer_id
		WHERE f.id = $1`, id)
	if err != nil {
		return goalpost.Figure{}, fmt.Errorf("postgres: figure %d: %w", id, err)
	}
	fig, err := pgx.CollectExactlyOneRow(rows, scanFigure)
	if errors.Is(err, pgx.ErrNoRows) {
		return fig, notFound("noun.figure", id)
	} else if err != nil {
		return fig, fmt.Errorf("postgres: figure %d: %w", id, err)
	}
	return fig, nil
}

func scanFigure(row pgx.CollectableRow) (goalpost.Figure, error) {
	var f goalpost.Figure
	var decision *string
	var reason, reviewer string
	var at *time.Time
	err := row.Scan(&f.ID, &f.TargetID, &f.Period.Label, &f.Period.Start, &f.Period.End, &f.District, &f.Value,
		&f.ReferenceValue, &f.Revision, &f.Reason, &f.Note, &f.SourceURL, &f.Sample, &f.EnteredBy, &f.EnteredByID,
		&f.EnteredAt, &f.State, &decision, &reason, &reviewer, &at)
	if decision != nil && at != nil {
		f.Review = &goalpost.Review{Approved: *decision == "approved", Reason: reason, Reviewer: reviewer, At: *at}
	}
	return f, err
}

// AddFigure records a figure entered by u. A figure for a period (and
// district) that already has a published one is a correction: it becomes the
// next revision and needs a reason; the earlier revisions stay. In a plan
// that requires review the figure waits for a reviewer. Returns the stored
// figure; EFORBIDDEN if u may not report on the target, EINVALID for bad
// input, ECONFLICT while an earlier revision of the period awaits review.
func (db *DB) AddFigure(ctx context.Context, u *goalpost.User, nf goalpost.NewFigure) (goalpost.Figure, error) {
	t, err := db.targetForWrite(ctx, TargetFilter{ID: nf.TargetID}, "noun.target", nf.TargetID)
	if err != nil {
		return goalpost.Figure{}, err
	}
	return db.AddFigureTo(ctx, u, t, nf)
}

// AddFigureTo is AddFigure for the target t the caller has just loaded
// (nf.TargetID must be t.ID), so that a write loads its target once: the
// handler's load serves its own checks and messages and AddFigure's rules.
// The transaction still locks the target's row before it counts revisions.
func (db *DB) AddFigureTo(ctx context.Context, u *goalpost.User, t *goalpost.Tracked, nf goalpost.NewFigure) (goalpost.Figure, error) {
	if t == nil || t.ID != nf.TargetID {
		return goalpost.Figure{}, fmt.Errorf("postgres: add figure to target %d: loaded target does not match", nf.TargetID)
	}
	var fig goalpost.Figure
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		var err error
		fig, err = addFigureTx(ctx, tx, u, t, nf)
		return err
	})
	if err != nil {
		if goalpost.ErrorCode(err) != goalpost.EINTERNAL {
			return goalpost.Figure{}, err
		}
		return goalpost.Figure{}, fmt.Errorf("postgres: add figure to target %d: %w", nf.TargetID, err)
	}
	return fig, nil
}

// addFigureTx is AddFigure inside a transaction, so several figures (a
// ledger upload) are written together or not at all.
func addFigureTx(ctx context.Context, tx pgx.Tx, u *goalpost.User, t *goalpost.Tracked, nf goalpost.NewFigure) (goalpost.Figure, error) {
	var fig goalpost.Figure
	if !u.CanEnterFigures(&t.Target) {
		return fig, goalpost.E(goalpost.EFORBIDDEN, "err.not_owner")
	}
	if err := goalpost.ValidateFigure(&t.Target, &nf); err != nil {
		return fig, err
	}
	// Serialise writers of one target, so revisions and overlap checks hold.
	var needsReview bool
	err := tx.QueryRow(ctx, `
		SELECT p.requires_review FROM targets t JOIN plans p ON p.id = t.plan_id
		WHERE t.id = $1 FOR UPDATE OF t`, nf.TargetID).Scan(&needsReview)
	if err != nil {
		return fig, fmt.Errorf("lock target: %w", err)
	}
	var revision int
	var published *string
	var pending *int
	err = tx.QueryRow(ctx, `
		WITH period AS (
			SELECT f.revision, f.value, `+figureState+` AS state
			FROM figures f LEFT JOIN figure_reviews r ON r.figure_id = f.id
			WHERE f.target_id = $1 AND f.period = $2 AND f.district = $3
		)
		SELECT coalesce(max(revision), 0) + 1,
			(SELECT value::text FROM period WHERE state = 'published' ORDER BY revision DESC LIMIT 1),
			(SELECT revision FROM period WHERE state = 'submitted' ORDER BY revision DESC LIMIT 1)
		FROM period`,
		nf.TargetID, nf.Period.Label, nf.District).Scan(&revision, &published, &pending)
	if err != nil {
		return fig, fmt.Errorf("next revision: %w", err)
	}
	if pending != nil {
		return fig, goalpost.E(goalpost.ECONFLICT, "err.pending_revision", nf.Period.Label, *pending)
	}
	if published != nil && strings.TrimSpace(nf.Reason) == "" {
		return fig, goalpost.E(goalpost.EINVALID, "err.correction_reason", nf.Period.Label, *published)
	}
	if published == nil {
		if revision == 1 {
			nf.Reason = ""
		}
		if t.Kind == goalpost.KindCumulative || t.Kind == goalpost.KindAnnual {
			// Amounts for overlapping periods would be counted twice.
			var clash string
			err := tx.QueryRow(ctx, `
				SELECT period FROM figures WHERE target_id = $1 AND district = $2 AND period <> $3
				  AND period_start <= $5 AND period_end >= $4 LIMIT 1`,
				nf.TargetID, nf.District, nf.Period.Label, nf.Period.Start, nf.Period.End).Scan(&clash)
			if err == nil {
				return fig, goalpost.E(goalpost.EINVALID, "err.period_overlap", nf.Period.Label, clash)
			} else if err != pgx.ErrNoRows {
				return fig, fmt.Errorf("overlap check: %w", err)
			}
		}
	}
	err = tx.QueryRow(ctx, `
		INSERT INTO figures (target_id, period, period_start, period_end, district, value, reference_value,
			revision, reason, note, source_url, sample, entered_by, needs_review)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
		RETURNING id, entered_at`,
		nf.TargetID, nf.Period.Label, nf.Period.Start, nf.Period.End, nf.District, nf.Value, nf.ReferenceValue,
		revision, nf.Reason, nf.Note, nf.SourceURL, nf.Sample, u.ID, needsReview).Scan(&fig.ID, &fig.EnteredAt)
	if err != nil {
		return fig, fmt.Errorf("insert figure: %w", err)
	}
	fig.TargetID, fig.Period, fig.District, fig.Value, fig.ReferenceValue = nf.TargetID, nf.Period, nf.District, nf.Value, nf.ReferenceValue
	fig.Revision, fig.Reason, fig.Note, fig.SourceURL, fig.Sample, fig.EnteredBy = revision, nf.Reason, nf.Note, nf.SourceURL, nf.Sample, u.Name
	fig.EnteredByID, fig.State = u.ID, goalpost.FigurePublished
	if needsReview {
		fig.State = goalpost.FigureSubmitted
	}
	var files []string
	for _, a := range nf.Attachments {
		ct, _ := goalpost.CheckEvidence(a)
		sum := sha256.Sum256(a.Data)
		name := goalpost.EvidenceName(a.Filename)
		if _, err := tx.Exec(ctx, `
			INSERT INTO attachments (figure_id, filename, content_type, size, sha256, data, uploaded_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, fig.ID, name, ct, len(a.Data), sum[:], a.Data, u.ID); err != nil {
			return fig, fmt.Errorf("insert attachment: %w", err)
		}
		files = append(files, name)
	}
	after, _ := json.Marshal(map[string]any{"period": nf.Period.Label, "district": nf.District, "value": nf.Value,
		"reference_value": nf.ReferenceValue, "revision": revision, "reason": nf.Reason, "attachments": files})
	var before string
	if published != nil {
		b, _ := json.Marshal(map[string]any{"period": nf.Period.Label, "district": nf.District, "value": *published})
		before = string(b)
	}
	action := "create"
	if published != nil {
		action = "correct"
	}
	return fig, audit(ctx, tx, &u.ID, u.Email, action, "figure", fig.ID, nf.TargetID, before, string(after))
}

// HistoryEntry is one line of a target's trail.
type HistoryEntry struct {
	At            string
	Actor, Action string
	Entity        string
	Before, After map[string]any
}

// History lists a target's audit trail, newest first. Entries about a
// figure that is not published (submitted, returned, superseded before
// publication, and their reviews) are listed only withUnpublished, as in
// Figures; a figure's entries become public when it is published.
func (db *DB) History(ctx context.Context, targetID int64, withUnpublished bool) ([]HistoryEntry, error) {
	rows, err := db.Pool.Query(ctx, `
		SELECT to_char(at AT TIME ZONE $3, 'YYYY-MM-DD HH24:MI'), coalesce(u.name, a.actor), a.action, a.entity,
			coalesce(a.before, 'null'), coalesce(a.after, 'null')
		FROM audit_log a LEFT JOIN users u ON u.id = a.user_id
		WHERE a.target_id = $1
		  AND ($2 OR a.entity NOT IN ('figure', 'figure_review') OR EXISTS (
			SELECT 1 FROM figures f LEFT JOIN figure_reviews r ON r.figure_id = f.id
			WHERE f.id = a.entity_id AND (NOT f.needs_review OR r.decision = 'approved')))
		ORDER BY a.at DESC, a.id DESC LIMIT 200`, targetID, withUnpublished, goalpost.Zone().String())
	if err != nil {
		return nil, fmt.Errorf("postgres: history of target %d: %w", targetID, err)
	}
	entries, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (HistoryEntry, error) {
		var h HistoryEntry
		var before, after []byte
		if err := row.Scan(&h.At, &h.Actor, &h.Action, &h.Entity, &before, &after); err != nil {
			return h, err
		}
		_ = json.Unmarshal(before, &h.Before)
		_ = json.Unmarshal(after, &h.After)
		return h, nil
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: history of target %d: %w", targetID, err)
	}
	return entries, nil
}
