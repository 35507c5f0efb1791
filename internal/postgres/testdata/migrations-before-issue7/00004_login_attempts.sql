-- Sign-in is throttled per account and per address (issue 3), in the
-- database so that every replica sees the same count.

-- +goose Up
CREATE TABLE login_attempts (
    id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email   text NOT NULL,
    address text NOT NULL,
    ok      boolean NOT NULL,
    at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_attempts_email ON login_attempts (email, at);
CREATE INDEX login_attempts_address ON login_attempts (address, at);

-- +goose Down
DROP TABLE login_attempts;
