package postgres

import (
	"context"
	"fmt"

	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/jackc/pgx/v5"
)

// Attachments lists the evidence of the given figures, by figure, in one query.
func (db *DB) Attachments(ctx context.Context, figureIDs []int64) (map[int64][]goalpost.Attachment, error) {
	rows, err := db.Pool.Query(ctx, `
		SELECT id, figure_id, filename, content_type, size FROM attachments
		WHERE figure_id = ANY($1) ORDER BY figure_id, id`, figureIDs)
	if err != nil {
		return nil, fmt.Errorf("postgres: attachments: %w", err)
	}
	list, err := pgx.CollectRows(rows, pgx.RowToStructByPos[goalpost.Attachment])
	if err != nil {
		return nil, fmt.Errorf("postgres: attachments: %w", err)
	}
	out := map[int64][]goalpost.Attachment{}
	for _, a := range list {
		out[a.FigureID] = append(out[a.FigureID], a)
	}
	return out, nil
}

// AttachmentFile is an attachment with its content and what decides who may see it.
type AttachmentFile struct {
	goalpost.Attachment
	Data      []byte
	TargetID  int64
	Published bool
}

// Attachment returns one attachment with its content, or ENOTFOUND.
func (db *DB) Attachment(ctx context.Context, id int64) (*AttachmentFile, error) {
	var a AttachmentFile
	err := db.Pool.QueryRow(ctx, `
		SELECT a.id, a.figure_id, a.filename, a.content_type, a.size, a.data, f.target_id,
			NOT f.needs_review OR coalesce(r.decision = 'approved', false)
		FROM attachments a JOIN figures f ON f.id = a.figure_id LEFT JOIN figure_reviews r ON r.figure_id = f.id
		WHERE a.id = $1`, id).Scan(&a.ID, &a.FigureID, &a.Filename, &a.ContentType, &a.Size, &a.Data, &a.TargetID, &a.Published)
	if err == pgx.ErrNoRows {
		return nil, notFound("noun.attachment", id)
	} else if err != nil {
		return nil, fmt.Errorf("postgres: attachment %d: %w", id, err)
	}
	return &a, nil
}
