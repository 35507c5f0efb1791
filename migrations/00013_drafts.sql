-- Drafts: an official can save a figure form half-done and come back to it.
-- A draft is a private working copy, one per person and target; it is not
-- a figure, so it may change and vanish (submitting it deletes it).

-- +goose Up
CREATE TABLE figure_drafts (
    user_id    bigint NOT NULL REFERENCES users ON DELETE CASCADE,
    target_id  bigint NOT NULL REFERENCES targets ON DELETE CASCADE,
    form       jsonb NOT NULL,
    saved_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, target_id)
);

-- +goose Down
-- Not reversible: restore a backup instead (README, "Database roles").
DO $$ BEGIN RAISE EXCEPTION 'Goalpost migrations cannot be reversed: restore a backup instead'; END $$;
