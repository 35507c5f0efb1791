-- Evidence (佐证材料) attached to a figure: PDFs, images, spreadsheets. Kept
-- in the database with the figure, so a backup holds both; never changed.

-- +goose Up
CREATE TABLE attachments (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    figure_id    bigint NOT NULL REFERENCES figures,
    filename     text NOT NULL CHECK (filename <> ''),
    content_type text NOT NULL,
    size         int NOT NULL CHECK (size > 0),
    sha256       bytea NOT NULL,
    data         bytea NOT NULL,
    uploaded_by  bigint REFERENCES users,
    uploaded_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX attachments_figure ON attachments (figure_id);
CREATE TRIGGER attachments_append_only BEFORE UPDATE OR DELETE ON attachments
    FOR EACH ROW EXECUTE FUNCTION refuse_change();

-- +goose Down
DROP TABLE attachments;
