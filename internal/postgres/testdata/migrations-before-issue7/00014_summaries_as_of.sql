-- Statuses as of a past date (issue 4: time travel), per-year totals (an
-- annual target is achieved only if every year met it) and least-squares
-- sums for the trend projected to the deadline. x is a figure's reference
-- date in days since 2000-01-01.

-- +goose Up
ALTER TABLE target_summaries
    ADD COLUMN year_totals jsonb NOT NULL DEFAULT '{}',
    ADD COLUMN reg_n int NOT NULL DEFAULT 0,
    ADD COLUMN reg_sx float8 NOT NULL DEFAULT 0,
    ADD COLUMN reg_sy float8 NOT NULL DEFAULT 0,
    ADD COLUMN reg_sxy float8 NOT NULL DEFAULT 0,
    ADD COLUMN reg_sxx float8 NOT NULL DEFAULT 0;

-- +goose StatementBegin
-- figure_summaries_as_of summarises the published figures whose reference
-- date is on or before as_of (all of them when as_of is NULL): the past as
-- it is known today.
CREATE FUNCTION figure_summaries_as_of(ids bigint[], as_of date) RETURNS SETOF target_summaries
LANGUAGE sql STABLE AS $$
    WITH cur AS (
        SELECT DISTINCT ON (f.target_id, f.period, f.district)
            f.target_id, f.period, f.period_start, f.period_end, f.district, f.value::float8 AS value,
            f.reference_value::float8 AS reference_value, f.sample, p.period_start AS plan_start
        FROM figures f JOIN targets t ON t.id = f.target_id JOIN plans p ON p.id = t.plan_id
        WHERE f.target_id = ANY(ids)
          AND (as_of IS NULL OR f.period_end <= as_of)
          AND (NOT f.needs_review OR EXISTS (
                SELECT 1 FROM figure_reviews r WHERE r.figure_id = f.id AND r.decision = 'approved'))
        ORDER BY f.target_id, f.period, f.district, f.revision DESC
    ), ranked AS (
        SELECT cur.*,
            row_number() OVER (PARTITION BY target_id ORDER BY period_end DESC, period_start DESC) AS from_last,
            row_number() OVER (PARTITION BY target_id ORDER BY period_end, period_start) AS from_first,
            extract(year FROM period_end) = max(extract(year FROM period_end)) OVER (PARTITION BY target_id) AS in_last_year,
            (period_end - date '2000-01-01')::float8 AS x
        FROM cur WHERE district = ''
    ), years AS (
        SELECT target_id, jsonb_object_agg(y, total) AS totals
        FROM (SELECT target_id, extract(year FROM period_end)::int::text AS y, sum(value) AS total
              FROM ranked GROUP BY 1, 2) yt
        GROUP BY target_id
    ), overall AS (
        -- A cumulative total counts from the plan's start: figures for earlier
        -- years (baseline years) are context, not progress.
        SELECT target_id, count(*) AS n, sum(value) FILTER (WHERE period_start >= plan_start) AS total,
            sum(value) FILTER (WHERE in_last_year) AS last_year_total,
            bool_or(sample) AS sample,
            jsonb_agg(jsonb_build_object('period', period, 'start', period_start, 'end', period_end,
                'value', value, 'ref', reference_value, 'from_last', from_last, 'first', from_first = 1))
                FILTER (WHERE from_last <= 2 OR from_first = 1) AS ends,
            sum(x) AS sx, sum(value) AS sy, sum(x * value) AS sxy, sum(x * x) AS sxx
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
        coalesce(d.latest, '{}'), d.period, d.period_start, d.period_end,
        coalesce(y.totals, '{}'), coalesce(o.n, 0)::int, coalesce(o.sx, 0), coalesce(o.sy, 0), coalesce(o.sxy, 0), coalesce(o.sxx, 0)
    FROM overall o FULL JOIN districts d ON d.target_id = o.target_id
    LEFT JOIN years y ON y.target_id = coalesce(o.target_id, d.target_id)
$$;

CREATE OR REPLACE FUNCTION figure_summaries(ids bigint[]) RETURNS SETOF target_summaries
LANGUAGE sql STABLE AS $$ SELECT * FROM figure_summaries_as_of(ids, NULL) $$;

-- upsert_target_summaries recomputes the summaries of the given targets;
-- both triggers call it, so the column list lives in one place.
CREATE FUNCTION upsert_target_summaries(ids bigint[]) RETURNS void LANGUAGE sql AS $$
    INSERT INTO target_summaries SELECT * FROM figure_summaries(ids)
    ON CONFLICT (target_id) DO UPDATE SET
        figure_count = EXCLUDED.figure_count, total = EXCLUDED.total,
        last_year_total = EXCLUDED.last_year_total, sample = EXCLUDED.sample, ends = EXCLUDED.ends,
        districts = EXCLUDED.districts, district_period = EXCLUDED.district_period,
        district_start = EXCLUDED.district_start, district_end = EXCLUDED.district_end,
        year_totals = EXCLUDED.year_totals, reg_n = EXCLUDED.reg_n, reg_sx = EXCLUDED.reg_sx,
        reg_sy = EXCLUDED.reg_sy, reg_sxy = EXCLUDED.reg_sxy, reg_sxx = EXCLUDED.reg_sxx
$$;

CREATE OR REPLACE FUNCTION refresh_target_summaries() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM upsert_target_summaries(ARRAY(SELECT DISTINCT target_id FROM inserted));
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION refresh_reviewed_summaries() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM upsert_target_summaries(ARRAY(
        SELECT DISTINCT f.target_id FROM inserted i JOIN figures f ON f.id = i.figure_id));
    RETURN NULL;
END $$;
-- +goose StatementEnd

-- Existing summaries gain the new columns.
SELECT upsert_target_summaries(ARRAY(SELECT id FROM targets));

-- +goose Down
DROP FUNCTION upsert_target_summaries(bigint[]);
DROP FUNCTION figure_summaries_as_of(bigint[], date);
ALTER TABLE target_summaries DROP COLUMN year_totals, DROP COLUMN reg_n, DROP COLUMN reg_sx,
    DROP COLUMN reg_sy, DROP COLUMN reg_sxy, DROP COLUMN reg_sxx;
