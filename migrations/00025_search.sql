-- Issue 9: search across plans, targets and departments (/search). Chinese
-- has no spaces between words, so full-text search would need a word
-- segmenter PostgreSQL does not ship; a substring match does what a reader
-- expects (幼儿 finds 普惠性幼儿园覆盖率), and pg_trgm's GIN indexes serve
-- ILIKE '%…%' from three characters on. Shorter queries are still answered
-- correctly, by scanning. pg_trgm is a trusted extension: the owner who
-- migrates creates it; the serving role only uses it.

-- +goose Up
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;

-- The expressions are the ones internal/postgres/search.go matches against.
CREATE INDEX targets_search ON targets USING gin ((title || ' ' || source_text || ' ' || notes) gin_trgm_ops);
CREATE INDEX plans_search ON plans USING gin ((title || ' ' || short_title || ' ' || issuer) gin_trgm_ops);
CREATE INDEX departments_search ON departments USING gin ((name || ' ' || slug) gin_trgm_ops);

-- +goose Down
-- Not reversible: restore a backup instead (README, "Database roles").
DO $$ BEGIN RAISE EXCEPTION 'Goalpost migrations cannot be reversed: restore a backup instead'; END $$;
