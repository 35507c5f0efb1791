-- Daily reminder digests (issue 3). A digest is claimed here before it is
-- sent, so however many replicas run and however often they restart, each
-- recipient gets at most one digest per day per channel.

-- +goose Up
CREATE TABLE reminders (
    recipient text NOT NULL,  -- an email address, or 'webhook'
    day       date NOT NULL,
    channel   text NOT NULL CHECK (channel IN ('email', 'webhook')),
    claimed_at timestamptz NOT NULL DEFAULT now(),
    sent_at   timestamptz,
    error     text NOT NULL DEFAULT '',
    items     int NOT NULL,
    PRIMARY KEY (recipient, day, channel)
);

-- +goose Down
-- Not reversible: restore a backup instead (README, "Database roles").
DO $$ BEGIN RAISE EXCEPTION 'Goalpost migrations cannot be reversed: restore a backup instead'; END $$;
