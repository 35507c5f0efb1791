-- Offboarding and sign-in hardening (issue 7).
--
-- disabled_at: an administrator can disable an account; it then cannot sign
-- in, its sessions end (its session epoch moves on) and its tokens stop.
-- totp_last_step: the last 30-second step whose one-time code was accepted,
-- so a code is accepted once only, even within its window.
-- login_attempts.password_ok: the throttle records each attempt before the
-- password is checked (so concurrent guesses cannot overtake the count); a
-- right password whose code is still to come adds a row that cancels its
-- attempt, so it neither counts as a failure nor clears earlier ones. The
-- table stays append-only: failures before an account's latest success no
-- longer count, and everything older than the window is ignored.

-- +goose Up
ALTER TABLE users ADD COLUMN disabled_at timestamptz;
ALTER TABLE users ADD COLUMN totp_last_step bigint NOT NULL DEFAULT 0;
ALTER TABLE login_attempts ADD COLUMN password_ok boolean NOT NULL DEFAULT false;
CREATE INDEX login_attempts_success ON login_attempts (email, id) WHERE ok;

-- +goose Down
DROP INDEX login_attempts_success;
ALTER TABLE login_attempts DROP COLUMN password_ok;
ALTER TABLE users DROP COLUMN totp_last_step;
ALTER TABLE users DROP COLUMN disabled_at;
