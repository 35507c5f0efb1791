-- An optional second factor: time-based one-time codes (TOTP, RFC 6238)
-- from an authenticator app. Administrators can require it of everyone.

-- +goose Up
ALTER TABLE users ADD COLUMN totp_secret text;

CREATE TABLE settings (
    key   text PRIMARY KEY,
    value jsonb NOT NULL
);
INSERT INTO settings (key, value) VALUES ('require_totp', 'false');

-- +goose Down
DROP TABLE settings;
ALTER TABLE users DROP COLUMN totp_secret;
