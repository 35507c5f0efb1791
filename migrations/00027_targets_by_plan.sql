-- Issue 10: a plan page reads its own targets through this index, in
-- document order, whatever else the database holds (before, every target of
-- every plan was joined and looked up: 3.4 ms for Dalian's on a database of
-- the bundled plans, 43 ms beside a plan of 20,000 targets).

-- +goose Up
CREATE INDEX targets_plan ON targets (plan_id, section_id, position);

-- +goose Down
-- Not reversible: restore a backup instead (README, "Database roles").
DO $$ BEGIN RAISE EXCEPTION 'Goalpost migrations cannot be reversed: restore a backup instead'; END $$;
