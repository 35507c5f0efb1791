-- Public pages list thousands of targets, each with years of figures.
-- Summarising every figure on every page view grows with the figures, so the
-- summary of each target's current figures is kept here, maintained by the
-- database itself whenever figures are inserted (figures are never updated
-- or deleted), so no writer can forget it.

-- +goose Up
CREATE TABLE target_summaries (
    target_id       bigint PRIMARY KEY REFERENCES targets ON DELETE CASCADE,
    figure_count    int NOT NULL,
    total           float8 NOT NULL,
    last_year_total float8 NOT NULL,
    sample          boolean NOT NULL,
    -- the latest, previous and first figures (not per district)
    ends            jsonb NOT NULL,
    -- the latest value of each district, and the latest district period
    districts       jsonb NOT NULL,
    district_period text,
    district_start  date,
    district_end    date
);

-- figure_summaries() fills it and the trigger figures_summarise keeps it
-- current: both live in definitions.sql (issue 7: one place for each function).

-- +goose Down
-- Not reversible: restore a backup instead (README, "Database roles").
DO $$ BEGIN RAISE EXCEPTION 'Goalpost migrations cannot be reversed: restore a backup instead'; END $$;
