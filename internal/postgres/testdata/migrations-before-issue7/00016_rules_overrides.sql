-- Issue 4: an administrator sets the lag thresholds per instance, and a
-- reviewer of the lead department (or an administrator) may override a
-- computed status with a reason. Overrides are appended, never changed;
-- the latest one for a target applies, and one with no status clears it.

-- +goose Up
INSERT INTO settings (key, value) VALUES ('rules', '{"on_track_lag": 10, "at_risk_lag": 30}');

CREATE TABLE status_overrides (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    target_id bigint NOT NULL REFERENCES targets ON DELETE CASCADE,
    status    text CHECK (status IN ('achieved', 'on_track', 'at_risk', 'off_track', 'missed')),
    reason    text NOT NULL CHECK (reason <> ''),
    user_id   bigint NOT NULL REFERENCES users,
    at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX status_overrides_target ON status_overrides (target_id, id DESC);
CREATE TRIGGER status_overrides_append_only BEFORE UPDATE OR DELETE ON status_overrides
    FOR EACH ROW EXECUTE FUNCTION refuse_change();

-- +goose Down
DROP TABLE status_overrides;
DELETE FROM settings WHERE key = 'rules';
