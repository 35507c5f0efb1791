-- API tokens let existing reporting systems push figures as an account
-- (issue 3: report once). Only a SHA-256 of each token is stored: a token
-- is 32 random bytes, so a fast hash is enough and a database leak reveals
-- no usable token.

-- +goose Up
CREATE TABLE api_tokens (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id      bigint NOT NULL REFERENCES users ON DELETE CASCADE,
    name         text NOT NULL DEFAULT '',
    token_hash   bytea NOT NULL UNIQUE,
    -- the first characters, so a person can tell tokens apart in a list
    prefix       text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz,
    revoked_at   timestamptz
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- +goose Down
DROP TABLE api_tokens;
