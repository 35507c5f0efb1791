-- The audit trail records from where a change was made, as well as who,
-- when, and what (issue 3).

-- +goose Up
ALTER TABLE audit_log ADD COLUMN address text NOT NULL DEFAULT '';
CREATE INDEX audit_log_at ON audit_log (at DESC, id DESC);

-- +goose Down
-- Not reversible: restore a backup instead (README, "Database roles").
DO $$ BEGIN RAISE EXCEPTION 'Goalpost migrations cannot be reversed: restore a backup instead'; END $$;
