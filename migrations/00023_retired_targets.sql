-- Issue 8: a target that already has figures cannot be deleted (its figures
-- and history are part of the record); an administrator retires it instead,
-- with a reason. A retired target stays on the public pages, marked as such,
-- counts in no roll-up and takes no new figures.

-- +goose Up
ALTER TABLE targets
    ADD COLUMN retired_at timestamptz,
    ADD COLUMN retired_reason text NOT NULL DEFAULT '',
    ADD CHECK ((retired_at IS NULL) = (retired_reason = ''));

-- +goose Down
-- Not reversible: restore a backup instead (README, "Database roles").
DO $$ BEGIN RAISE EXCEPTION 'Goalpost migrations cannot be reversed: restore a backup instead'; END $$;
