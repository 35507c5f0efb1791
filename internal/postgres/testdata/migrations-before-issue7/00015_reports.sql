-- Published monthly bulletins (通报), frozen: a report is the snapshot of
-- what was known when it was published. Republishing adds a version; no
-- version is ever changed.

-- +goose Up
CREATE TABLE reports (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    plan_id      bigint NOT NULL REFERENCES plans,
    period       text NOT NULL CHECK (period ~ '^\d{4}-\d{2}$'),
    version      int NOT NULL CHECK (version > 0),
    content      jsonb NOT NULL,
    changes      text NOT NULL DEFAULT '',
    published_by bigint REFERENCES users,
    published_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (plan_id, period, version)
);
CREATE TRIGGER reports_append_only BEFORE UPDATE OR DELETE ON reports
    FOR EACH ROW EXECUTE FUNCTION refuse_change();

-- +goose Down
DROP TABLE reports;
