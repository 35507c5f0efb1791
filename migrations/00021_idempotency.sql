-- Issue 7: a system that pushes a figure through the API and loses the
-- answer must be able to retry safely. POST /api/v1/targets/{id}/figures
-- takes an Idempotency-Key; the first answer to a key is kept here, in the
-- same transaction as the figure, and given again to a retry from the same
-- account within 24 hours, which writes nothing.
--
-- Append-only: a key is live for 24 hours by a filter on created_at, never
-- deleted, so (user_id, key) is deliberately not unique: a key older than a
-- day may be used again. Writers of one key are serialised by an advisory
-- lock, not by a constraint.

-- +goose Up
CREATE TABLE api_idempotency_keys (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id      bigint NOT NULL REFERENCES users ON DELETE CASCADE,
    key          text NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
    request_hash bytea NOT NULL,
    status       int NOT NULL CHECK (status BETWEEN 200 AND 499),
    body         text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX api_idempotency_keys_lookup ON api_idempotency_keys (user_id, key, created_at DESC);

-- +goose Down
-- Not reversible: restore a backup instead (README, "Database roles").
DO $$ BEGIN RAISE EXCEPTION 'Goalpost migrations cannot be reversed: restore a backup instead'; END $$;
