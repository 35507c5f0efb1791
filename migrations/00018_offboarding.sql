-- Offboarding and sign-in hardening (issue 7).
--
-- disabled_at: an administrator can disable an account; it then cannot sign
-- in, its sessions end (its session epoch moves on) and its tokens stop.
-- totp_last_step: the last 30-second step whose one-time code was accepted,
-- so a code is accepted once only, even within its window.
-- login_attempts.password_ok: the throttle records each attempt before the
-- password is checked (so concurrent guesses cannot overtake the count); a
-- right password whose code is still to come adds a row that cancels its
-- attempt, so it neither counts as a failure nor clears earlier ones.
-- Failures before an account's latest success no longer count; attempts
-- older than a day are swept.

-- +goose Up
ALTER TABLE users ADD COLUMN disabled_at timestamptz;
ALTER TABLE users ADD COLUMN totp_last_step bigint NOT NULL DEFAULT 0;
ALTER TABLE login_attempts ADD COLUMN password_ok boolean NOT NULL DEFAULT false;
CREATE INDEX login_attempts_success ON login_attempts (email, id) WHERE ok;

-- +goose Down
-- Not reversible: restore a backup instead (README, "Database roles").
DO $$ BEGIN RAISE EXCEPTION 'Goalpost migrations cannot be reversed: restore a backup instead'; END $$;
