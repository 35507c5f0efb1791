-- Issue 9: two kinds the Dalian documents need. A rank target (保持全省前列)
-- takes figures that are a place among peers, the number ranked in the
-- figure's reference_value (3rd of 14 cities); its target_value says how
-- high counts (3 for the top 3). A growth target (增长20%以上 by 2025) takes
-- figures that are the growth since the base period so far. Neither needs a
-- new column: only the list of kinds grows.

-- +goose Up
ALTER TABLE targets DROP CONSTRAINT targets_kind_check;
ALTER TABLE targets ADD CONSTRAINT targets_kind_check CHECK (kind IN ('level', 'maintain', 'cumulative', 'annual', 'rate',
    'ratio', 'zero', 'per_district', 'relative', 'trend', 'milestone', 'rank', 'growth'));

-- +goose Down
-- Not reversible: restore a backup instead (README, "Database roles").
DO $$ BEGIN RAISE EXCEPTION 'Goalpost migrations cannot be reversed: restore a backup instead'; END $$;
