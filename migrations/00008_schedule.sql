-- Each target has a reporting cadence and a due day (每月5日前): the figure
-- for a period is due on that day of the month after the period ends. It
-- drives the "my work" page and reminders (issue 3).

-- +goose Up
ALTER TABLE targets
    ADD COLUMN cadence text NOT NULL DEFAULT 'annual' CHECK (cadence IN ('monthly', 'quarterly', 'annual')),
    ADD COLUMN due_day int NOT NULL DEFAULT 15 CHECK (due_day BETWEEN 1 AND 28);

-- +goose Down
-- Not reversible: restore a backup instead (README, "Database roles").
DO $$ BEGIN RAISE EXCEPTION 'Goalpost migrations cannot be reversed: restore a backup instead'; END $$;
