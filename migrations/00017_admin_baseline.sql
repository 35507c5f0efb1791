-- Issue 4: where the document gives no baseline, an administrator may set
-- one (with its source in words). Kept apart from the document's own, so a
-- re-import of the plan file never overwrites it, and pages say who set it.

-- +goose Up
ALTER TABLE targets
    ADD COLUMN admin_baseline_value numeric,
    ADD COLUMN admin_baseline_date date,
    ADD COLUMN admin_baseline_text text NOT NULL DEFAULT '',
    ADD CHECK ((admin_baseline_value IS NULL) = (admin_baseline_date IS NULL));

-- +goose Down
-- Not reversible: restore a backup instead (README, "Database roles").
DO $$ BEGIN RAISE EXCEPTION 'Goalpost migrations cannot be reversed: restore a backup instead'; END $$;
