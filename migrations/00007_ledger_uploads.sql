-- An uploaded ledger is previewed before anything is written; the figures
-- it would enter wait here until the official confirms (or an hour passes),
-- so confirming writes exactly what was previewed.

-- +goose Up
CREATE TABLE ledger_uploads (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id       bigint NOT NULL REFERENCES users ON DELETE CASCADE,
    department_id bigint NOT NULL REFERENCES departments,
    figures       jsonb NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    applied_at    timestamptz
);

-- +goose Down
-- Not reversible: restore a backup instead (README, "Database roles").
DO $$ BEGIN RAISE EXCEPTION 'Goalpost migrations cannot be reversed: restore a backup instead'; END $$;
