-- The foundation: plans, their sections, tasks and targets as the documents
-- write them; the departments that own them; the figures reported against
-- them (append-only, a correction is a new revision); accounts, sessions and
-- an append-only audit trail.

-- +goose Up
CREATE TABLE departments (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug       text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    name       text NOT NULL UNIQUE CHECK (name <> ''),
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE plans (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug         text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    title        text NOT NULL CHECK (title <> ''),
    short_title  text NOT NULL CHECK (short_title <> ''),
    issuer       text NOT NULL,
    issued_on    date,
    period_start date NOT NULL,
    period_end   date NOT NULL CHECK (period_end >= period_start),
    source       text NOT NULL DEFAULT '',
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sections (
    id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    plan_id  bigint NOT NULL REFERENCES plans ON DELETE CASCADE,
    key      text NOT NULL CHECK (key <> ''),
    title    text NOT NULL,
    position int NOT NULL,
    UNIQUE (plan_id, key)
);

CREATE TABLE tasks (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    plan_id    bigint NOT NULL REFERENCES plans ON DELETE CASCADE,
    section_id bigint NOT NULL REFERENCES sections ON DELETE CASCADE,
    number     int NOT NULL CHECK (number > 0),
    title      text NOT NULL,
    position   int NOT NULL,
    UNIQUE (plan_id, number)
);

-- Which departments lead (牵头单位) or share (责任单位) a task.
CREATE TABLE task_departments (
    task_id       bigint NOT NULL REFERENCES tasks ON DELETE CASCADE,
    department_id bigint NOT NULL REFERENCES departments,
    role          text NOT NULL CHECK (role IN ('lead', 'responsible')),
    position      int NOT NULL,
    PRIMARY KEY (task_id, department_id, role)
);
CREATE INDEX task_departments_department ON task_departments (department_id);

CREATE TABLE targets (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    plan_id        bigint NOT NULL REFERENCES plans ON DELETE CASCADE,
    -- key is the stable identity in the plan file, so re-importing a file
    -- whose wording changed keeps the target, and its figures.
    key            text NOT NULL CHECK (key ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    section_id     bigint NOT NULL REFERENCES sections,
    task_id        bigint REFERENCES tasks,
    -- Targets in 总体目标 or 保障措施 have no task of their own; the task whose
    -- subject they share supplies the owners.
    related_task_id bigint REFERENCES tasks,
    title          text NOT NULL CHECK (title <> ''),
    kind           text NOT NULL CHECK (kind IN ('level', 'maintain', 'cumulative', 'annual', 'rate',
                       'ratio', 'zero', 'per_district', 'relative', 'trend', 'milestone')),
    comparator     text NOT NULL CHECK (comparator IN ('>=', '>', '<=', '<', '=')),
    target_value   numeric,
    unit           text NOT NULL DEFAULT '',
    deadline       date NOT NULL,
    approximate    boolean NOT NULL DEFAULT false,
    aspirational   boolean NOT NULL DEFAULT false,
    baseline_value numeric,
    baseline_date  date,
    baseline_text  text NOT NULL DEFAULT '',
    source_text    text NOT NULL CHECK (source_text <> ''),
    notes          text NOT NULL DEFAULT '',
    position       int NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (plan_id, key),
    CHECK ((baseline_value IS NULL) = (baseline_date IS NULL))
);
CREATE INDEX targets_section ON targets (section_id);
CREATE INDEX targets_task ON targets (task_id);
CREATE INDEX targets_related_task ON targets (related_task_id);

CREATE TABLE users (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email         text NOT NULL CHECK (email = lower(email) AND email LIKE '%_@_%'),
    name          text NOT NULL CHECK (name <> ''),
    role          text NOT NULL CHECK (role IN ('admin', 'editor')),
    password_hash text NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (email)
);

CREATE TABLE user_departments (
    user_id       bigint NOT NULL REFERENCES users ON DELETE CASCADE,
    department_id bigint NOT NULL REFERENCES departments,
    PRIMARY KEY (user_id, department_id)
);

-- Figures are never updated or deleted. Entering a figure for a period (and
-- district) that already has one is a correction: a new revision with a reason.
CREATE TABLE figures (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    target_id       bigint NOT NULL REFERENCES targets ON DELETE CASCADE,
    period          text NOT NULL CHECK (period ~ '^\d{4}(-Q[1-4]|-\d{2}|-\d{2}-\d{2})?$'),
    period_start    date NOT NULL,
    period_end      date NOT NULL CHECK (period_end >= period_start),
    district        text NOT NULL DEFAULT '',
    value           numeric NOT NULL,
    -- what a relative target (高于全国水平) is compared with, for that period
    reference_value numeric,
    revision        int NOT NULL CHECK (revision > 0),
    -- why a published figure was corrected (the application requires it then)
    reason          text NOT NULL DEFAULT '',
    note            text NOT NULL DEFAULT '',
    source_url      text NOT NULL DEFAULT '',
    sample          boolean NOT NULL DEFAULT false,
    entered_by      bigint REFERENCES users,
    entered_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (target_id, period, district, revision)
);
-- Serves "the current revision of each period", newest period first.
CREATE INDEX figures_current ON figures (target_id, period, district, revision DESC);

CREATE TABLE audit_log (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT now(),
    user_id     bigint REFERENCES users,
    actor       text NOT NULL, -- who, as text, so the trail outlives accounts
    action      text NOT NULL,
    entity      text NOT NULL,
    entity_id   bigint NOT NULL,
    target_id   bigint,
    before      jsonb,
    after       jsonb
);
CREATE INDEX audit_log_target ON audit_log (target_id, at DESC);

-- Nothing is overwritten without a trace: history tables refuse changes.
-- +goose StatementBegin
CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END $$;
-- +goose StatementEnd
CREATE TRIGGER figures_append_only BEFORE UPDATE OR DELETE ON figures
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION refuse_change();

-- Server-side sessions, the table layout alexedwards/scs pgxstore expects.
CREATE TABLE sessions (
    token  text PRIMARY KEY,
    data   bytea NOT NULL,
    expiry timestamptz NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expiry);

-- +goose Down
DROP TABLE sessions, audit_log, figures, user_departments, users, targets,
    task_departments, tasks, sections, plans, departments;
DROP FUNCTION refuse_change();
