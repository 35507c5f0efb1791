package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/goalpost-civic/goalpost/internal/extract"
	"github.com/goalpost-civic/goalpost/internal/goalpost"
	"github.com/jackc/pgx/v5"
)

// PlanDraft is a plan drafted from a document, under review or done with.
type PlanDraft struct {
	ID                   int64
	Creator              string
	CreatedAt, UpdatedAt time.Time
	FileName             string
	// Text is the document as read; candidates' offsets index into it.
	Text   string
	Review *extract.Review
	// PublishedPlan is the slug of the plan it became, once published.
	PublishedPlan            string
	PublishedAt, DiscardedAt *time.Time
}

// Open reports whether the draft may still be edited, published or discarded.
func (d *PlanDraft) Open() bool { return d.PublishedAt == nil && d.DiscardedAt == nil }

// PlanDraftSummary is a draft as the list of drafts shows it.
type PlanDraftSummary struct {
	ID                   int64
	Creator              string
	CreatedAt, UpdatedAt time.Time
	FileName, Slug       string
	Title                string
	Candidates, Accepted int
	PublishedPlan        string
	Discarded            bool
}

// draftClosed is said of an edit to a draft that is no longer open.
func draftClosed(d *PlanDraft) error {
	if d.PublishedAt != nil {
		return goalpost.Errorf(goalpost.ECONFLICT, "草稿已发布为计划 %s，不能再修改", d.PublishedPlan)
	}
	return goalpost.Errorf(goalpost.ECONFLICT, "草稿已放弃，不能再修改")
}

// CreatePlanDraft keeps a new draft of the document text read from
// fileName, and returns its id.
func (db *DB) CreatePlanDraft(ctx context.Context, admin *goalpost.User, fileName, text string, rv *extract.Review) (int64, error) {
	if err := requireAdmin(admin); err != nil {
		return 0, err
	}
	doc, err := json.Marshal(rv)
	if err != nil {
		return 0, fmt.Errorf("postgres: create plan draft: %w", err)
	}
	var id int64
	err = db.inTx(ctx, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `
			INSERT INTO plan_drafts (created_by, creator, file_name, text, review) VALUES ($1, $2, $3, $4, $5)
			RETURNING id`, admin.ID, admin.Email, fileName, text, doc).Scan(&id)
		if err != nil {
			return err
		}
		after, _ := json.Marshal(map[string]any{"file": fileName, "slug": rv.Slug, "candidates": len(rv.Candidates)})
		return audit(ctx, tx, &admin.ID, admin.Email, "create", "plan_draft", id, 0, "", string(after))
	})
	return id, wrapAdmin("create plan draft", err)
}

func scanPlanDraft(row pgx.Row) (*PlanDraft, error) {
	var d PlanDraft
	var doc []byte
	var published *string
	if err := row.Scan(&d.ID, &d.Creator, &d.CreatedAt, &d.UpdatedAt, &d.FileName, &d.Text, &doc, &published, &d.PublishedAt, &d.DiscardedAt); err != nil {
		return nil, err
	}
	if published != nil {
		d.PublishedPlan = *published
	}
	d.Review = &extract.Review{}
	if err := json.Unmarshal(doc, d.Review); err != nil {
		return nil, fmt.Errorf("decode review: %w", err)
	}
	return &d, nil
}

const planDraftColumns = `id, creator, created_at, updated_at, file_name, text, review, published_plan, published_at, discarded_at`

// PlanDraft returns the draft id.
func (db *DB) PlanDraft(ctx context.Context, id int64) (*PlanDraft, error) {
	d, err := scanPlanDraft(db.Pool.QueryRow(ctx, `SELECT `+planDraftColumns+` FROM plan_drafts WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, notFound("noun.draft", id)
	} else if err != nil {
		return nil, fmt.Errorf("postgres: plan draft %d: %w", id, err)
	}
	return d, nil
}

// PlanDrafts lists the drafts: open ones first, most recently edited first.
func (db *DB) PlanDrafts(ctx context.Context) ([]PlanDraftSummary, error) {
	rows, err := db.Pool.Query(ctx, `
		SELECT id, creator, created_at, updated_at, file_name, coalesce(review->>'Slug', ''),
			coalesce(review->'Plan'->>'Title', ''), coalesce(jsonb_array_length(review->'Candidates'), 0),
			(SELECT count(*) FROM jsonb_array_elements(coalesce(review->'Candidates', '[]')) c WHERE c->>'State' = 'accepted')::int,
			coalesce(published_plan, ''), discarded_at IS NOT NULL
		FROM plan_drafts
		ORDER BY (published_at IS NULL AND discarded_at IS NULL) DESC, updated_at DESC, id DESC
		LIMIT 200`)
	if err != nil {
		return nil, fmt.Errorf("postgres: plan drafts: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (PlanDraftSummary, error) {
		var s PlanDraftSummary
		err := row.Scan(&s.ID, &s.Creator, &s.CreatedAt, &s.UpdatedAt, &s.FileName, &s.Slug, &s.Title, &s.Candidates, &s.Accepted,
			&s.PublishedPlan, &s.Discarded)
		return s, err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: plan drafts: %w", err)
	}
	return out, nil
}

// lockPlanDraft reads the draft id for update within tx; it must be open.
func lockPlanDraft(ctx context.Context, tx pgx.Tx, id int64) (*PlanDraft, error) {
	d, err := scanPlanDraft(tx.QueryRow(ctx, `SELECT `+planDraftColumns+` FROM plan_drafts WHERE id = $1 FOR UPDATE`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, notFound("noun.draft", id)
	} else if err != nil {
		return nil, err
	}
	if !d.Open() {
		return nil, draftClosed(d)
	}
	return d, nil
}

// EditPlanDraft changes an open draft: edit is applied to the review as it
// is in the database, under a lock, so two administrators' edits to
// different candidates both stay. An error from edit changes nothing.
func (db *DB) EditPlanDraft(ctx context.Context, admin *goalpost.User, id int64, edit func(*extract.Review) error) error {
	if err := requireAdmin(admin); err != nil {
		return err
	}
	return wrapAdmin("edit plan draft", db.inTx(ctx, func(tx pgx.Tx) error {
		d, err := lockPlanDraft(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := edit(d.Review); err != nil {
			return err
		}
		doc, err := json.Marshal(d.Review)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE plan_drafts SET review = $2, updated_at = now() WHERE id = $1`, id, doc)
		return err
	}))
}

// PublishPlanDraft makes the draft's accepted candidates a plan, in one
// transaction: converted to a plan file and validated as one, imported as
// a file is (ImportPlan, with its audit entries), the draft marked
// published. It refuses, writing nothing, while any accepted candidate
// fails validation (an extract.Problems naming each, by its index in the
// review) or when a plan already has the draft's slug: a draft never
// overwrites a plan.
func (db *DB) PublishPlanDraft(ctx context.Context, admin *goalpost.User, id int64) (string, ImportResult, error) {
	if err := requireAdmin(admin); err != nil {
		return "", ImportResult{}, err
	}
	var res ImportResult
	var slug string
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		d, err := lockPlanDraft(ctx, tx, id)
		if err != nil {
			return err
		}
		slug = d.Review.Slug
		depts, err := departments(ctx, tx)
		if err != nil {
			return err
		}
		draft, index := d.Review.Draft(d.Text)
		if len(draft.Targets) == 0 {
			return extract.Problems{{Candidate: -1, Key: "plandraft.problem_no_accepted"}}
		}
		f, problems := draft.PlanFile(slug, depts)
		if len(problems) > 0 {
			for i := range problems {
				if c := problems[i].Candidate; c >= 0 {
					problems[i].Candidate = index[c]
				}
			}
			return problems
		}
		// Two drafts published under one slug at once: the second waits
		// here, then sees the first's plan.
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext('plan_slug:' || $1))`, slug); err != nil {
			return err
		}
		var taken bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM plans WHERE slug = $1)`, slug).Scan(&taken); err != nil {
			return err
		}
		if taken {
			return extract.Problems{{Candidate: -1, Key: "plandraft.problem_slug_taken", Args: []any{slug}}}
		}
		res, err = importPlanTx(ctx, tx, f, importer{actor: admin.Email, userID: &admin.ID})
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE plan_drafts SET published_plan = $2, published_at = now(), updated_at = now() WHERE id = $1`, id, slug); err != nil {
			return err
		}
		after, _ := json.Marshal(map[string]any{"plan": slug, "targets": res.Created, "departments": len(f.Departments)})
		return audit(ctx, tx, &admin.ID, admin.Email, "publish", "plan_draft", id, 0, "", string(after))
	})
	var problems extract.Problems
	if errors.As(err, &problems) {
		return slug, ImportResult{}, problems
	}
	if err != nil {
		return slug, ImportResult{}, wrapAdmin("publish plan draft", err)
	}
	return slug, res, nil
}

// DiscardPlanDraft gives up an open draft; it stays listed as discarded.
func (db *DB) DiscardPlanDraft(ctx context.Context, admin *goalpost.User, id int64) error {
	if err := requireAdmin(admin); err != nil {
		return err
	}
	return wrapAdmin("discard plan draft", db.inTx(ctx, func(tx pgx.Tx) error {
		d, err := lockPlanDraft(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE plan_drafts SET discarded_at = now(), updated_at = now() WHERE id = $1`, id); err != nil {
			return err
		}
		before, _ := json.Marshal(map[string]any{"file": d.FileName, "slug": d.Review.Slug})
		return audit(ctx, tx, &admin.ID, admin.Email, "discard", "plan_draft", id, 0, string(before), "")
	}))
}

// departments lists every department within tx.
func departments(ctx context.Context, tx pgx.Tx) ([]goalpost.Department, error) {
	rows, err := tx.Query(ctx, `SELECT id, slug, name FROM departments ORDER BY id`)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (goalpost.Department, error) {
		var d goalpost.Department
		return d, row.Scan(&d.ID, &d.Slug, &d.Name)
	})
}
