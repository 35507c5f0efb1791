-- Public pages list thousands of targets, each with years of figures.
-- Summarising every figure on every page view grows with the figures, so the
-- summary of each target's current figures is kept here, maintained by the
-- database itself whenever figures are inserted (figures are never updated
-- or deleted), so no writer can forget it.

-- +goose Up
CREATE TABLE target_summaries (
    target_id       bigint PRIMARY KEY REFERENCES targets ON DELETE CASCADE,
    figure_count    int NOT NULL,
    total           float8 NOT NULL,
    last_year_total float8 NOT NULL,
    sample          boolean NOT NULL,
    -- the latest, previous and first figures (not per district)
    ends            jsonb NOT NULL,
    -- the latest value of each district, and the latest district period
    districts       jsonb NOT NULL,
    district_period text,
    district_start  date,
    district_end    date
);

-- +goose StatementBegin
-- figure_summaries summarises the current revision of each period of the
-- given targets: what the status rule needs (goalpost.Summary).
CREATE FUNCTION figure_summaries(ids bigint[]) RETURNS SETOF target_summaries
LANGUAGE sql STABLE AS $$
    WITH cur AS (
        SELECT DISTINCT ON (f.target_id, f.period, f.district)
            f.target_id, f.period, f.period_start, f.period_end, f.district, f.value::float8 AS value,
            f.reference_value::float8 AS reference_value, f.sample, p.period_start AS plan_start
        FROM figures f JOIN targets t ON t.id = f.target_id JOIN plans p ON p.id = t.plan_id
        WHERE f.target_id = ANY(ids)
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

CREATE FUNCTION refresh_target_summaries() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO target_summaries
        SELECT * FROM figure_summaries(ARRAY(SELECT DISTINCT target_id FROM inserted))
    ON CONFLICT (target_id) DO UPDATE SET
        figure_count = EXCLUDED.figure_count, total = EXCLUDED.total,
        last_year_total = EXCLUDED.last_year_total, sample = EXCLUDED.sample, ends = EXCLUDED.ends,
        districts = EXCLUDED.districts, district_period = EXCLUDED.district_period,
        district_start = EXCLUDED.district_start, district_end = EXCLUDED.district_end;
    RETURN NULL;
END $$;
-- +goose StatementEnd

CREATE TRIGGER figures_summarise AFTER INSERT ON figures
    REFERENCING NEW TABLE AS inserted
    FOR EACH STATEMENT EXECUTE FUNCTION refresh_target_summaries();

-- +goose Down
DROP TRIGGER figures_summarise ON figures;
DROP FUNCTION refresh_target_summaries();
DROP FUNCTION figure_summaries(bigint[]);
DROP TABLE target_summaries;
