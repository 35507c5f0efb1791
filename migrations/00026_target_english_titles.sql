-- Issue 9 (English, really): a plan may give a target an English title,
-- shown on English pages with the document's Chinese wording beside it.
-- Empty means none; the Chinese title is then shown, marked as Chinese.

-- +goose Up
ALTER TABLE targets
    ADD COLUMN title_en text NOT NULL DEFAULT '' CHECK (length(title_en) <= 2000);

-- +goose Down
-- Not reversible: restore a backup instead (README, "Database roles").
DO $$ BEGIN RAISE EXCEPTION 'Goalpost migrations cannot be reversed: restore a backup instead'; END $$;
