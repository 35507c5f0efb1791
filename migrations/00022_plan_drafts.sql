-- Issue 8: a plan drafted from a policy document. An administrator uploads
-- or pastes the document; the extractor's proposal is kept here while it is
-- reviewed (edited, each candidate target accepted or rejected), so the
-- review can be resumed, and nothing becomes a plan until it is published.
-- Publishing imports it like a plan file and records the plan's slug here.
--
-- review is the draft as edited (plan metadata, sections, tasks, candidates
-- each with its state: pending, accepted, rejected); text is the document
-- as read, which candidates' offsets index into.

-- +goose Up
CREATE TABLE plan_drafts (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    created_by     bigint REFERENCES users ON DELETE SET NULL,
    creator        text NOT NULL, -- who, as text, so it outlives the account
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    file_name      text NOT NULL,
    text           text NOT NULL,
    review         jsonb NOT NULL,
    published_plan text,
    published_at   timestamptz,
    discarded_at   timestamptz,
    CHECK ((published_plan IS NULL) = (published_at IS NULL)),
    CHECK (published_at IS NULL OR discarded_at IS NULL)
);
CREATE INDEX plan_drafts_open ON plan_drafts (updated_at DESC) WHERE published_at IS NULL AND discarded_at IS NULL;

-- +goose Down
-- Not reversible: restore a backup instead (README, "Database roles").
DO $$ BEGIN RAISE EXCEPTION 'Goalpost migrations cannot be reversed: restore a backup instead'; END $$;
