package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/jackc/pgx/v5"
)

// BatchResult is what one figure of a batch came to: stored (or, in a
// preview, would be), or why not.
type BatchResult struct {
	Figure goalpost.Figure
	Err    error
}

// AddFigures enters several figures under exactly AddFigure's rules, each
// seeing the ones before it. With apply, they are written in one transaction
// if every one is valid, and none are otherwise; without apply (a preview)
// nothing is written. The returned results are in the order given; err is
// for failures that are nobody's input (the database).
func (db *DB) AddFigures(ctx context.Context, u *goalpost.User, nfs []goalpost.NewFigure, apply bool) ([]BatchResult, bool, error) {
	byID, err := db.targetsByID(ctx, nfs)
	if err != nil {
		return nil, false, err
	}
	var results []BatchResult
	var allValid bool
	err = db.inTx(ctx, func(tx pgx.Tx) error {
		var err error
		results, allValid, err = addFiguresTx(ctx, tx, u, byID, nfs)
		if err != nil {
			return err
		}
		if !apply || !allValid {
			return errDryRun
		}
		return nil
	})
	if err != nil && err != errDryRun {
		return nil, false, fmt.Errorf("postgres: add %d figures: %w", len(nfs), err)
	}
	return results, apply && allValid, nil
}

func (db *DB) targetsByID(ctx context.Context, nfs []goalpost.NewFigure) (map[int64]*goalpost.Tracked, error) {
	if len(nfs) == 0 {
		return nil, nil // an empty IDs filter would mean every target
	}
	ids := make([]int64, 0, len(nfs))
	for _, nf := range nfs {
		ids = append(ids, nf.TargetID)
	}
	targets, err := db.targetRows(ctx, TargetFilter{IDs: ids})
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]*goalpost.Tracked, len(targets))
	for _, t := range targets {
		byID[t.ID] = t
	}
	return byID, nil
}

// addFiguresTx enters each figure under a savepoint, so one invalid figure
// does not stop the others from being checked.
func addFiguresTx(ctx context.Context, tx pgx.Tx, u *goalpost.User, byID map[int64]*goalpost.Tracked, nfs []goalpost.NewFigure) ([]BatchResult, bool, error) {
	results := make([]BatchResult, len(nfs))
	allValid := true
	for i, nf := range nfs {
		t := byID[nf.TargetID]
		if t == nil {
			results[i].Err, allValid = notFound("noun.target", nf.TargetID), false
			continue
		}
		sp, err := tx.Begin(ctx)
		if err != nil {
			return nil, false, err
		}
		fig, err := addFigureTx(ctx, sp, u, t, nf)
		if code := goalpost.ErrorCode(err); code == goalpost.EINTERNAL {
			return nil, false, err
		} else if code != "" {
			results[i].Err, allValid = err, false
			if err := sp.Rollback(ctx); err != nil {
				return nil, false, err
			}
			continue
		}
		results[i].Figure = fig
		if err := sp.Commit(ctx); err != nil {
			return nil, false, err
		}
	}
	return results, allValid, nil
}

// errDryRun rolls a preview back.
var errDryRun = errors.New("dry run")
