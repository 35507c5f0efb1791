-- Maker-checker (填报 → 审核 → 发布, 退回): a figure entered in a plan that
-- requires review is public only once a reviewer of a lead department
-- approves it. Decisions are appended, never changed, like figures.

-- +goose Up
ALTER TABLE plans ADD COLUMN requires_review boolean NOT NULL DEFAULT true;

-- Per department, a member may enter figures, review them, or both.
ALTER TABLE user_departments
    ADD COLUMN can_edit boolean NOT NULL DEFAULT true,
    ADD COLUMN can_review boolean NOT NULL DEFAULT false,
    ADD CHECK (can_edit OR can_review);

-- Whether the figure waited for review when it was entered (its plan's
-- setting then), so changing a plan's setting does not rewrite history.
ALTER TABLE figures ADD COLUMN needs_review boolean NOT NULL DEFAULT false;

CREATE TABLE figure_reviews (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- one decision per figure: approved is final, returned asks for a new revision
    figure_id   bigint NOT NULL UNIQUE REFERENCES figures,
    decision    text NOT NULL CHECK (decision IN ('approved', 'returned')),
    reason      text NOT NULL DEFAULT '' CHECK (decision = 'approved' OR reason <> ''),
    reviewer_id bigint NOT NULL REFERENCES users,
    at          timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER figure_reviews_append_only BEFORE UPDATE OR DELETE ON figure_reviews
    FOR EACH ROW EXECUTE FUNCTION refuse_change();

-- Summaries count only published figures (entered without review, or
-- approved), and an approval refreshes its target's: figure_summaries_as_of
-- and the trigger figure_reviews_summarise in definitions.sql.

-- +goose Down
-- Not reversible: restore a backup instead (README, "Database roles").
DO $$ BEGIN RAISE EXCEPTION 'Goalpost migrations cannot be reversed: restore a backup instead'; END $$;
