-- Issue 10: a department's page, feed and ledger find its targets through
-- the task whose units own each one (its own task, or for a target outside
-- the tasks the related one): coalesce(task_id, related_task_id). Without
-- an index on that expression every target of every plan was read (a
-- sequential scan of 100,000 targets for a department of 50).

-- +goose Up
CREATE INDEX targets_owner_task ON targets ((coalesce(task_id, related_task_id)));

-- +goose Down
-- Not reversible: restore a backup instead (README, "Database roles").
DO $$ BEGIN RAISE EXCEPTION 'Goalpost migrations cannot be reversed: restore a backup instead'; END $$;
