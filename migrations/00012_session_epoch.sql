-- Resetting a password must end the account's sessions: whoever knew the
-- old password is out. Sessions remember the epoch they began in; a reset
-- moves the account to the next one.

-- +goose Up
ALTER TABLE users ADD COLUMN session_epoch int NOT NULL DEFAULT 0;

-- +goose Down
-- Not reversible: restore a backup instead (README, "Database roles").
DO $$ BEGIN RAISE EXCEPTION 'Goalpost migrations cannot be reversed: restore a backup instead'; END $$;
