package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/jackc/pgx/v5"
)

// LedgerTTL is how long a previewed upload can be confirmed.
const LedgerTTL = time.Hour

// LatestFigures returns, for each target, the latest revision of each
// period's figure (not per district), in any state: what a ledger shows.
func (db *DB) LatestFigures(ctx context.Context, targetIDs []int64) (map[int64]map[string]goalpost.Figure, error) {
	rows, err := db.Pool.Query(ctx, `
		SELECT DISTINCT ON (f.target_id, f.period)
			f.id, f.target_id, f.period, f.period_start, f.period_end, f.district, f.value::float8,
			f.reference_value::float8, f.revision, f.reason, f.note, f.source_url, f.sample,
			'', coalesce(f.entered_by, 0), f.entered_at, `+figureState+`,
			r.decision, coalesce(r.reason, ''), '', r.at
		FROM figures f LEFT JOIN figure_reviews r ON r.figure_id = f.id
		WHERE f.target_id = ANY($1) AND f.district = ''
		ORDER BY f.target_id, f.period, f.revision DESC`, targetIDs)
	if err != nil {
		return nil, fmt.Errorf("postgres: latest figures: %w", err)
	}
	figs, err := pgx.CollectRows(rows, scanFigure)
	if err != nil {
		return nil, fmt.Errorf("postgres: latest figures: %w", err)
	}
	out := map[int64]map[string]goalpost.Figure{}
	for _, f := range figs {
		if out[f.TargetID] == nil {
			out[f.TargetID] = map[string]goalpost.Figure{}
		}
		out[f.TargetID][f.Period.Label] = f
	}
	return out, nil
}

// SaveLedgerUpload keeps a previewed upload's figures for confirmation.
func (db *DB) SaveLedgerUpload(ctx context.Context, u *goalpost.User, departmentID int64, figures []goalpost.NewFigure) (int64, error) {
	doc, err := json.Marshal(figures)
	if err != nil {
		return 0, fmt.Errorf("postgres: save ledger upload: %w", err)
	}
	var id int64
	err = db.Pool.QueryRow(ctx, `
		WITH expired AS (DELETE FROM ledger_uploads WHERE created_at < now() - interval '1 day')
		INSERT INTO ledger_uploads (user_id, department_id, figures) VALUES ($1, $2, $3) RETURNING id`,
		u.ID, departmentID, doc).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("postgres: save ledger upload: %w", err)
	}
	return id, nil
}

// ApplyLedgerUpload writes a previewed upload of u's, all of it in one
// transaction or, if anything changed since the preview and a figure is no
// longer valid, none of it. An upload is applied at most once.
func (db *DB) ApplyLedgerUpload(ctx context.Context, u *goalpost.User, uploadID int64) ([]goalpost.NewFigure, []BatchResult, bool, error) {
	var doc []byte
	err := db.Pool.QueryRow(ctx, `
		SELECT figures FROM ledger_uploads
		WHERE id = $1 AND user_id = $2 AND applied_at IS NULL AND created_at > now() - $3::interval`,
		uploadID, u.ID, LedgerTTL.String()).Scan(&doc)
	if err == pgx.ErrNoRows {
		return nil, nil, false, goalpost.Errorf(goalpost.ECONFLICT, "这次上传已写入、已过期（%d 分钟）或不属于您：请重新上传台账", int(LedgerTTL.Minutes()))
	} else if err != nil {
		return nil, nil, false, fmt.Errorf("postgres: ledger upload %d: %w", uploadID, err)
	}
	var nfs []goalpost.NewFigure
	if err := json.Unmarshal(doc, &nfs); err != nil {
		return nil, nil, false, fmt.Errorf("postgres: ledger upload %d: %w", uploadID, err)
	}
	byID, err := db.targetsByID(ctx, nfs)
	if err != nil {
		return nil, nil, false, err
	}
	var results []BatchResult
	var ok bool
	err = db.inTx(ctx, func(tx pgx.Tx) error {
		// Claim the upload first: a second confirmation waits here, then finds it applied.
		tag, err := tx.Exec(ctx, `UPDATE ledger_uploads SET applied_at = now() WHERE id = $1 AND applied_at IS NULL`, uploadID)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return goalpost.Errorf(goalpost.ECONFLICT, "这次上传已经写入")
		}
		results, ok, err = addFiguresTx(ctx, tx, u, byID, nfs)
		if err != nil {
			return err
		}
		if !ok {
			return errDryRun
		}
		return nil
	})
	switch {
	case err == errDryRun:
		return nfs, results, false, nil
	case goalpost.ErrorCode(err) == goalpost.ECONFLICT:
		return nil, nil, false, err
	case err != nil:
		return nil, nil, false, fmt.Errorf("postgres: apply ledger upload %d: %w", uploadID, err)
	}
	return nfs, results, true, nil
}
