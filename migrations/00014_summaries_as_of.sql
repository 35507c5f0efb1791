-- Statuses as of a past date (issue 4: time travel), per-year totals (an
-- annual target is achieved only if every year met it) and least-squares
-- sums for the trend projected to the deadline. x is a figure's reference
-- date in days since 2000-01-01.

-- +goose Up
ALTER TABLE target_summaries
    ADD COLUMN year_totals jsonb NOT NULL DEFAULT '{}',
    ADD COLUMN reg_n int NOT NULL DEFAULT 0,
    ADD COLUMN reg_sx float8 NOT NULL DEFAULT 0,
    ADD COLUMN reg_sy float8 NOT NULL DEFAULT 0,
    ADD COLUMN reg_sxy float8 NOT NULL DEFAULT 0,
    ADD COLUMN reg_sxx float8 NOT NULL DEFAULT 0;

-- figure_summaries_as_of fills them (definitions.sql); existing summaries
-- are recomputed after every migration that applies anything.

-- +goose Down
-- Not reversible: restore a backup instead (README, "Database roles").
DO $$ BEGIN RAISE EXCEPTION 'Goalpost migrations cannot be reversed: restore a backup instead'; END $$;
