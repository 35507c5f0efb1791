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

-- +goose StatementBegin
-- figure_summaries now counts only published figures: entered without
-- review, or approved.
CREATE OR REPLACE FUNCTION figure_summaries(ids bigint[]) RETURNS SETOF target_summaries
LANGUAGE sql STABLE AS $$
    WITH cur AS (
        SELECT DISTINCT ON (f.target_id, f.period, f.district)
            f.target_id, f.period, f.period_start, f.period_end, f.district, f.value::float8 AS value,
            f.reference_value::float8 AS reference_value, f.sample, p.period_start AS plan_start
        FROM figures f JOIN targets t ON t.id = f.target_id JOIN plans p ON p.id = t.plan_id
        WHERE f.target_id = ANY(ids)
          AND (NOT f.needs_review OR EXISTS (
                SELECT 1 FROM figure_reviews r WHERE r.figure_id = f.id AND r.decision = 'approved'))
        ORDER BY f.target_id, f.period, f.district, f.revision DESC
    ), ranked AS (
        SELECT cur.*,
            row_number() OVER (PARTITION BY target_id ORDER BY period_end DESC, period_start DESC) AS from_last,
            row_number() OVER (PARTITION BY target_id ORDER BY period_end, period_start) AS from_first,
            extract(year FROM period_end) = max(extract(year FROM period_end)) OVER (PARTITION BY target_id) AS in_last_year
        FROM cur WHERE district = ''
    ), overall AS (
        -- A cumulative total counts from the plan's start: figures for earlier
        -- years (baseline years) are context, not progress.
        SELECT target_id, count(*) AS n, sum(value) FILTER (WHERE period_start >= plan_start) AS total,
            sum(value) FILTER (WHERE in_last_year) AS last_year_total,
            bool_or(sample) AS sample,
            jsonb_agg(jsonb_build_object('period', period, 'start', period_start, 'end', period_end,
                'value', value, 'ref', reference_value, 'from_last', from_last, 'first', from_first = 1))
                FILTER (WHERE from_last <= 2 OR from_first = 1) AS ends
        FROM ranked GROUP BY target_id
    ), districts AS (
        SELECT target_id, jsonb_object_agg(district, value) AS latest, max(period) AS period,
            max(period_start) AS period_start, max(period_end) AS period_end, bool_or(sample) AS sample
        FROM (SELECT DISTINCT ON (target_id, district) * FROM cur WHERE district <> ''
            ORDER BY target_id, district, period_end DESC) d
        GROUP BY target_id
    )
    SELECT coalesce(o.target_id, d.target_id), coalesce(o.n, 0)::int, coalesce(o.total, 0), coalesce(o.last_year_total, 0),
        coalesce(o.sample, false) OR coalesce(d.sample, false), coalesce(o.ends, '[]'),
        coalesce(d.latest, '{}'), d.period, d.period_start, d.period_end
    FROM overall o FULL JOIN districts d ON d.target_id = o.target_id
$$;

-- An approval publishes a figure: refresh its target's summary.
CREATE FUNCTION refresh_reviewed_summaries() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO target_summaries
        SELECT * FROM figure_summaries(ARRAY(
            SELECT DISTINCT f.target_id FROM inserted i JOIN figures f ON f.id = i.figure_id))
    ON CONFLICT (target_id) DO UPDATE SET
        figure_count = EXCLUDED.figure_count, total = EXCLUDED.total,
        last_year_total = EXCLUDED.last_year_total, sample = EXCLUDED.sample, ends = EXCLUDED.ends,
        districts = EXCLUDED.districts, district_period = EXCLUDED.district_period,
        district_start = EXCLUDED.district_start, district_end = EXCLUDED.district_end;
    RETURN NULL;
END $$;
-- +goose StatementEnd

CREATE TRIGGER figure_reviews_summarise AFTER INSERT ON figure_reviews
    REFERENCING NEW TABLE AS inserted
    FOR EACH STATEMENT EXECUTE FUNCTION refresh_reviewed_summaries();

-- +goose Down
DROP TRIGGER figure_reviews_summarise ON figure_reviews;
DROP FUNCTION refresh_reviewed_summaries();
DROP TABLE figure_reviews;
ALTER TABLE figures DROP COLUMN needs_review;
ALTER TABLE user_departments DROP COLUMN can_edit, DROP COLUMN can_review;
ALTER TABLE plans DROP COLUMN requires_review;
