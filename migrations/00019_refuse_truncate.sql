-- Issue 7: the append-only tables refused UPDATE and DELETE row by row, but
-- TRUNCATE fires no row triggers. A statement trigger refuses it too, for
-- the owner as well (the serving role has no TRUNCATE privilege at all).

-- +goose Up
CREATE TRIGGER figures_no_truncate BEFORE TRUNCATE ON figures
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
CREATE TRIGGER figure_reviews_no_truncate BEFORE TRUNCATE ON figure_reviews
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
CREATE TRIGGER attachments_no_truncate BEFORE TRUNCATE ON attachments
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
CREATE TRIGGER reports_no_truncate BEFORE TRUNCATE ON reports
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
CREATE TRIGGER status_overrides_no_truncate BEFORE TRUNCATE ON status_overrides
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- +goose Down
-- Not reversible: restore a backup instead (README, "Database roles").
DO $$ BEGIN RAISE EXCEPTION 'Goalpost migrations cannot be reversed: restore a backup instead'; END $$;
