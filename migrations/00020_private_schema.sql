-- Issue 7: what only the owner may read. The serving role is never granted
-- USAGE on this schema, so it can read neither the password Goalpost gave
-- the serving role it created itself nor anything else kept here.

-- +goose Up
CREATE SCHEMA goalpost_private;

-- The login role serve creates when DATABASE_URL is the owner's (or with the
-- private cluster), and its generated password, created once so that
-- replicas starting together all sign in with the same one.
CREATE TABLE goalpost_private.serving_role (
    name       text PRIMARY KEY,
    password   text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- The hash of the definitions (migrations/definitions.sql) last applied, so
-- that they are applied again, and the summaries recomputed, only when they
-- change.
CREATE TABLE goalpost_private.definitions (
    one        boolean PRIMARY KEY DEFAULT true CHECK (one),
    hash       text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
);

-- +goose Down
-- Not reversible: restore a backup instead (README, "Database roles").
DO $$ BEGIN RAISE EXCEPTION 'Goalpost migrations cannot be reversed: restore a backup instead'; END $$;
