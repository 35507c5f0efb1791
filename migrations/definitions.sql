-- Every SQL function of the schema but refuse_change (00001, which the
-- append-only tables' migrations attach triggers to as they create the
-- tables) and the triggers that call them, each defined here and nowhere
-- else. Goalpost applies this file after the numbered migrations, under the
-- same advisory lock, whenever its text changed or a migration was applied,
-- and then recomputes every target's summary: change a function by editing
-- it here, never in a numbered migration. Each statement must be safe to
-- repeat (CREATE OR REPLACE).
--
-- Public pages list thousands of targets, each with years of figures, so
-- the summary of each target's current published figures is kept in
-- target_summaries, maintained by the database itself whenever figures are
-- inserted or reviewed (figures are never updated or deleted), so no writer
-- can forget it. Statuses as of a past date, per-year totals (an annual
-- target is achieved only if every year met it) and least-squares sums for
-- the trend projected to the deadline come from the same function; x is a
-- figure's reference date in days since 2000-01-01.

-- figure_summaries_known summarises the published figures whose reference
-- date is on or before as_of (all of them when as_of is NULL), as they were
-- known at the moment known (today when NULL): only figures entered by then,
-- published by then (approved by then when they needed review), each
-- period's newest revision of those. So ?as_known shows what the public saw
-- before later corrections.
CREATE OR REPLACE FUNCTION figure_summaries_known(ids bigint[], as_of date, known timestamptz) RETURNS SETOF target_summaries
LANGUAGE sql STABLE AS $$
    WITH cur AS (
        SELECT DISTINCT ON (f.target_id, f.period, f.district)
            f.target_id, f.period, f.period_start, f.period_end, f.district, f.value::float8 AS value,
            f.reference_value::float8 AS reference_value, f.sample, p.period_start AS plan_start
        FROM figures f JOIN targets t ON t.id = f.target_id JOIN plans p ON p.id = t.plan_id
        WHERE f.target_id = ANY(ids)
          AND (as_of IS NULL OR f.period_end <= as_of)
          AND (known IS NULL OR f.entered_at <= known)
          AND (NOT f.needs_review OR EXISTS (
                SELECT 1 FROM figure_reviews r WHERE r.figure_id = f.id AND r.decision = 'approved'
                  AND (known IS NULL OR r.at <= known)))
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

-- figure_summaries_as_of: the past as it is known today.
CREATE OR REPLACE FUNCTION figure_summaries_as_of(ids bigint[], as_of date) RETURNS SETOF target_summaries
LANGUAGE sql STABLE AS $$ SELECT * FROM figure_summaries_known(ids, as_of, NULL) $$;

CREATE OR REPLACE FUNCTION figure_summaries(ids bigint[]) RETURNS SETOF target_summaries
LANGUAGE sql STABLE AS $$ SELECT * FROM figure_summaries_as_of(ids, NULL) $$;

-- upsert_target_summaries recomputes the summaries of the given targets;
-- both triggers call it, so the column list lives in one place.
CREATE OR REPLACE FUNCTION upsert_target_summaries(ids bigint[]) RETURNS void LANGUAGE sql AS $$
    INSERT INTO target_summaries SELECT * FROM figure_summaries(ids)
    ON CONFLICT (target_id) DO UPDATE SET
        figure_count = EXCLUDED.figure_count, total = EXCLUDED.total,
        last_year_total = EXCLUDED.last_year_total, sample = EXCLUDED.sample, ends = EXCLUDED.ends,
        districts = EXCLUDED.districts, district_period = EXCLUDED.district_period,
        district_start = EXCLUDED.district_start, district_end = EXCLUDED.district_end,
        year_totals = EXCLUDED.year_totals, reg_n = EXCLUDED.reg_n, reg_sx = EXCLUDED.reg_sx,
        reg_sy = EXCLUDED.reg_sy, reg_sxy = EXCLUDED.reg_sxy, reg_sxx = EXCLUDED.reg_sxx
$$;

-- The summary triggers run as the owner (SECURITY DEFINER), so the serving
-- role, which may only read target_summaries, cannot write a false summary.
CREATE OR REPLACE FUNCTION refresh_target_summaries() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    PERFORM upsert_target_summaries(ARRAY(SELECT DISTINCT target_id FROM inserted));
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION refresh_reviewed_summaries() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    PERFORM upsert_target_summaries(ARRAY(
        SELECT DISTINCT f.target_id FROM inserted i JOIN figures f ON f.id = i.figure_id));
    RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER figures_summarise AFTER INSERT ON figures
    REFERENCING NEW TABLE AS inserted
    FOR EACH STATEMENT EXECUTE FUNCTION refresh_target_summaries();

CREATE OR REPLACE TRIGGER figure_reviews_summarise AFTER INSERT ON figure_reviews
    REFERENCING NEW TABLE AS inserted
    FOR EACH STATEMENT EXECUTE FUNCTION refresh_reviewed_summaries();

-- Issue 10: every committed write that changes what a public page shows
-- tells each listening server (and the static site writer) which plan it
-- touched, on the channel goalpost_changes: the plan's id, or '*' when it
-- touched something every page may show (departments, settings) or more
-- plans than are worth naming. PostgreSQL delivers a notification only at
-- commit, and once per transaction for the same payload, so a bulk import
-- is one message. Statement triggers with transition tables keep a COPY of
-- millions of rows to one query per statement.
CREATE OR REPLACE FUNCTION notify_plan_changes() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    plans bigint[];
    gone boolean;
BEGIN
    EXECUTE CASE TG_TABLE_NAME
        WHEN 'plans' THEN 'SELECT array_agg(DISTINCT id) FROM changed'
        WHEN 'task_departments' THEN
            'SELECT array_agg(DISTINCT t.plan_id) FROM changed c JOIN tasks t ON t.id = c.task_id'
        WHEN 'figures' THEN
            'SELECT array_agg(DISTINCT t.plan_id) FROM changed c JOIN targets t ON t.id = c.target_id'
        WHEN 'status_overrides' THEN
            'SELECT array_agg(DISTINCT t.plan_id) FROM changed c JOIN targets t ON t.id = c.target_id'
        WHEN 'figure_reviews' THEN
            'SELECT array_agg(DISTINCT t.plan_id) FROM changed c JOIN figures f ON f.id = c.figure_id JOIN targets t ON t.id = f.target_id'
        WHEN 'attachments' THEN
            'SELECT array_agg(DISTINCT t.plan_id) FROM changed c JOIN figures f ON f.id = c.figure_id JOIN targets t ON t.id = f.target_id'
        ELSE 'SELECT array_agg(DISTINCT plan_id) FROM changed' -- sections, tasks, targets, reports
    END INTO plans;
    IF TG_TABLE_NAME = 'plans' AND TG_OP <> 'UPDATE' AND plans IS NOT NULL THEN
        -- A plan added or removed changes every list of plans (the home
        -- page's pages among them), not only its own pages.
        PERFORM pg_notify('goalpost_changes', '*');
    ELSIF plans IS NULL THEN
        -- A statement trigger fires for no rows too (an upsert that found
        -- nothing to change): that is no news. Rows whose plan is already
        -- gone (a cascade) are: the plan's own trigger names it, but say so
        -- to everyone to be sure.
        EXECUTE 'SELECT EXISTS (SELECT 1 FROM changed)' INTO gone;
        IF gone THEN
            PERFORM pg_notify('goalpost_changes', '*');
        END IF;
    ELSIF cardinality(plans) > 100 THEN
        PERFORM pg_notify('goalpost_changes', '*');
    ELSE
        PERFORM pg_notify('goalpost_changes', p::text) FROM unnest(plans) AS p;
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION notify_all_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    any_row boolean := true;
BEGIN
    IF TG_LEVEL = 'STATEMENT' THEN
        EXECUTE 'SELECT EXISTS (SELECT 1 FROM changed)' INTO any_row;
    END IF;
    IF any_row THEN
        PERFORM pg_notify('goalpost_changes', '*');
    END IF;
    RETURN NULL;
END $$;

-- A trigger with transition tables serves one event, so each table has one
-- per event; they are made in a loop rather than written out 27 times.
DO $$
DECLARE
    tbl text;
    ev text;
BEGIN
    FOREACH tbl IN ARRAY ARRAY['plans', 'sections', 'tasks', 'targets', 'task_departments', 'figures',
                               'figure_reviews', 'attachments', 'status_overrides', 'reports'] LOOP
        FOREACH ev IN ARRAY ARRAY['insert', 'update', 'delete'] LOOP
            EXECUTE format('CREATE OR REPLACE TRIGGER %I AFTER %s ON %I REFERENCING %s TABLE AS changed '
                           'FOR EACH STATEMENT EXECUTE FUNCTION notify_plan_changes()',
                           tbl || '_notify_' || ev, ev, tbl, CASE ev WHEN 'delete' THEN 'OLD' ELSE 'NEW' END);
        END LOOP;
    END LOOP;
    -- An import rewrites its departments' names as they were: only a name
    -- that changes is news. (An early version of these triggers, on
    -- development databases only, had one statement trigger per table.)
    FOREACH tbl IN ARRAY ARRAY['departments', 'settings'] LOOP
        EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', tbl || '_notify', tbl);
        FOREACH ev IN ARRAY ARRAY['insert', 'delete'] LOOP
            EXECUTE format('CREATE OR REPLACE TRIGGER %I AFTER %s ON %I REFERENCING %s TABLE AS changed '
                           'FOR EACH STATEMENT EXECUTE FUNCTION notify_all_changed()',
                           tbl || '_notify_' || ev, ev, tbl, CASE ev WHEN 'delete' THEN 'OLD' ELSE 'NEW' END);
        END LOOP;
        EXECUTE format('CREATE OR REPLACE TRIGGER %I AFTER UPDATE ON %I FOR EACH ROW '
                       'WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION notify_all_changed()',
                       tbl || '_notify_update', tbl);
    END LOOP;
END $$;
