-- pg_scorecard: the tables a user records a scorecard in.
--
-- Everything is schema-qualified; nothing depends on the caller's
-- search_path. User rows survive pg_dump through pg_extension_config_dump.

-- ---------------------------------------------------------------------
-- Disciplines: the four of the Balanced Scorecard.
-- ---------------------------------------------------------------------
CREATE TABLE scorecard.discipline (
    name                text PRIMARY KEY,
    sort_order          smallint NOT NULL
        CONSTRAINT discipline_sort_order_key UNIQUE DEFERRABLE INITIALLY DEFERRED,
    deep_dive_threshold numeric NOT NULL DEFAULT 0.05
        CONSTRAINT discipline_threshold_not_negative CHECK (deep_dive_threshold >= 0),
    description         text,
    is_builtin          boolean NOT NULL DEFAULT false,
    builtin_key         text
        CONSTRAINT discipline_builtin_key_key UNIQUE,
    CONSTRAINT discipline_builtin_has_key CHECK (is_builtin = (builtin_key IS NOT NULL))
);
COMMENT ON TABLE scorecard.discipline IS
    'Scorecard disciplines. The four of the Balanced Scorecard (Finance, Customer, Learning and Growth, Process) ship with the extension and may be renamed and edited; pg_dump keeps every row as it is.';
COMMENT ON COLUMN scorecard.discipline.name IS 'Discipline name, the key other tables refer to.';
COMMENT ON COLUMN scorecard.discipline.sort_order IS 'Position of the discipline in reports.';
COMMENT ON COLUMN scorecard.discipline.deep_dive_threshold IS
    'A balance further than this from zero (either way) calls for a deep-dive report; 0.05 is the source''s five percentage points.';
COMMENT ON COLUMN scorecard.discipline.description IS 'What the discipline covers.';
COMMENT ON COLUMN scorecard.discipline.is_builtin IS 'True for the four disciplines the extension ships (Finance, Customer, Learning and Growth, Process). They may be renamed and edited, not deleted; no other row can become built in.';
COMMENT ON COLUMN scorecard.discipline.builtin_key IS 'Which shipped discipline a built-in row is (finance, customer, learning_and_growth, process), whatever its name now; NULL for disciplines a user adds. pg_restore uses it to put an edited built-in row back in place of the one CREATE EXTENSION makes.';

-- The four disciplines CREATE EXTENSION makes, as shipped.
CREATE OR REPLACE FUNCTION scorecard.builtin_disciplines()
RETURNS TABLE (builtin_key text, name text, sort_order smallint, deep_dive_threshold numeric, description text)
LANGUAGE sql IMMUTABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT * FROM (VALUES
        ('finance', 'Finance', 1::smallint, 0.05, 'Fiscal solvency: R - CD = E + ARC, cost, revenue, reimbursement.'),
        ('customer', 'Customer', 2::smallint, 0.05, 'Access, timeliness, outcomes and value for consumers, payers and referrers.'),
        ('learning_and_growth', 'Learning and Growth', 3::smallint, 0.05, 'Staff engagement, technology and the capacity to improve.'),
        ('process', 'Process', 4::smallint, 0.05, 'Workflow, timeliness and the revenue cycle: the driver of the others.')) AS b(k, n, o, t, d);
END;
COMMENT ON FUNCTION scorecard.builtin_disciplines() IS
    'The four disciplines of the Balanced Scorecard as the extension ships them: builtin_key, name, sort_order, deep_dive_threshold, description.';

-- pg_dump keeps every discipline row, built-in ones as edited. On restore,
-- CREATE EXTENSION has made the four as shipped; a dumped built-in row
-- replaces its shipped one instead of colliding with it. Built-in rows
-- cannot be deleted, and no row can become or stop being built in.
CREATE OR REPLACE FUNCTION scorecard.discipline_keep()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.is_builtin THEN
            RAISE EXCEPTION 'discipline "%" is one of the four of the Balanced Scorecard and cannot be deleted', OLD.name
                USING ERRCODE = 'restrict_violation',
                      HINT = 'Rename it, or leave it without measures.';
        END IF;
        RETURN OLD;
    END IF;
    IF TG_OP = 'UPDATE' THEN
        IF NEW.is_builtin IS DISTINCT FROM OLD.is_builtin OR NEW.builtin_key IS DISTINCT FROM OLD.builtin_key THEN
            RAISE EXCEPTION 'which disciplines are built in is fixed (discipline "%")', OLD.name
                USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END IF;
    IF NEW.builtin_key IS NOT NULL
       AND EXISTS (SELECT 1 FROM scorecard.discipline d JOIN scorecard.builtin_disciplines() b USING (builtin_key)
                    WHERE d.builtin_key = NEW.builtin_key AND d.is_builtin
                      AND (d.name, d.sort_order, d.deep_dive_threshold, d.description)
                          IS NOT DISTINCT FROM (b.name, b.sort_order, b.deep_dive_threshold, b.description)) THEN
        -- Every column but the key (a column added to the table goes here too).
        UPDATE scorecard.discipline d
           SET name = NEW.name, sort_order = NEW.sort_order, deep_dive_threshold = NEW.deep_dive_threshold,
               description = NEW.description, owner_name = NEW.owner_name, owner_email = NEW.owner_email,
               owner_role = NEW.owner_role
         WHERE d.builtin_key = NEW.builtin_key;
        RETURN NULL;
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION scorecard.discipline_keep() IS
    'Trigger function: a built-in discipline row inserted while its shipped one is untouched (pg_restore after CREATE EXTENSION) replaces it; built-in rows cannot be deleted, nor can a row become or stop being built in.';

INSERT INTO scorecard.discipline (builtin_key, name, sort_order, deep_dive_threshold, description, is_builtin)
SELECT b.builtin_key, b.name, b.sort_order, b.deep_dive_threshold, b.description, true FROM scorecard.builtin_disciplines() b;

CREATE OR REPLACE TRIGGER discipline_keep BEFORE INSERT OR UPDATE OR DELETE ON scorecard.discipline
    FOR EACH ROW EXECUTE FUNCTION scorecard.discipline_keep();

-- ---------------------------------------------------------------------
-- Objectives and measures.
-- ---------------------------------------------------------------------
CREATE TABLE scorecard.objective (
    discipline  text NOT NULL REFERENCES scorecard.discipline (name) ON UPDATE CASCADE,
    name        text NOT NULL,
    description text,
    PRIMARY KEY (discipline, name)
);
COMMENT ON TABLE scorecard.objective IS 'Strategic objectives, each within one discipline.';
COMMENT ON COLUMN scorecard.objective.discipline IS 'The discipline the objective belongs to.';
COMMENT ON COLUMN scorecard.objective.name IS 'Objective, e.g. ''Reduce In-patient Hospital Costs - LOS''.';
COMMENT ON COLUMN scorecard.objective.description IS 'Free text.';

CREATE TABLE scorecard.measure (
    measure_id       integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name             text NOT NULL UNIQUE,
    discipline       text NOT NULL REFERENCES scorecard.discipline (name) ON UPDATE CASCADE,
    objective        text NOT NULL,
    higher_is_better boolean NOT NULL DEFAULT true,
    weight           numeric NOT NULL DEFAULT 1
        CONSTRAINT measure_weight_not_negative CHECK (weight >= 0),
    goal             numeric,
    red_flag         numeric,
    unit             text NOT NULL DEFAULT 'ratio',
    active_from      date,
    active_until     date,
    description      text,
    source           text,
    source_grain     text
        CONSTRAINT measure_source_grain CHECK (source_grain IN ('month', 'week')),
    FOREIGN KEY (discipline, objective) REFERENCES scorecard.objective (discipline, name)
        ON UPDATE CASCADE,
    CONSTRAINT measure_goal_and_red_flag_together CHECK ((goal IS NULL) = (red_flag IS NULL)),
    CONSTRAINT measure_goal_differs_from_red_flag CHECK (goal IS NULL OR goal <> red_flag),
    CONSTRAINT measure_goal_direction CHECK (
        goal IS NULL OR (higher_is_better AND goal > red_flag) OR (NOT higher_is_better AND goal < red_flag)),
    CONSTRAINT measure_active_range CHECK (active_until IS NULL OR active_from IS NULL OR active_until >= active_from),
    CONSTRAINT measure_source_has_grain CHECK ((source IS NULL) = (source_grain IS NULL)),
    source_owner     text,
    CONSTRAINT measure_source_has_owner CHECK ((source IS NULL) = (source_owner IS NULL))
);
COMMENT ON TABLE scorecard.measure IS
    'Measures (nearly always ratios) that roll up into objectives and disciplines.';
COMMENT ON COLUMN scorecard.measure.measure_id IS 'Surrogate key.';
COMMENT ON COLUMN scorecard.measure.name IS 'Measure name, unique, e.g. ''Billable inpatient days / total inpatient days (Medi-Cal)''.';
COMMENT ON COLUMN scorecard.measure.discipline IS 'Discipline the measure counts towards.';
COMMENT ON COLUMN scorecard.measure.objective IS 'Objective (within the discipline) the measure tracks.';
COMMENT ON COLUMN scorecard.measure.higher_is_better IS 'Direction: true when a higher actual is better; false for measures such as length of stay or denial rate.';
COMMENT ON COLUMN scorecard.measure.weight IS
    'Weight in the discipline''s composite (default 1: the source''s equal weights). Zero keeps the measure on the scorecard but out of the discipline actual.';
COMMENT ON COLUMN scorecard.measure.goal IS 'Optional Spider-style goal: an actual at the goal scores 6.67 of 10.';
COMMENT ON COLUMN scorecard.measure.red_flag IS 'Optional Spider-style red flag: an actual at the red flag scores 3.33 of 10. Below the goal for higher-is-better measures, above it for lower-is-better.';
COMMENT ON COLUMN scorecard.measure.unit IS 'What the actual is: ''ratio'' (a fraction, 0.65 = 65%), ''days'', ''dollars'', ...';
COMMENT ON COLUMN scorecard.measure.active_from IS 'First day from which the measure is expected to report; a period without a report after it is shown as missing. NULL: from its first report.';
COMMENT ON COLUMN scorecard.measure.active_until IS 'Last period the measure is expected to report (NULL: still active).';
COMMENT ON COLUMN scorecard.measure.description IS 'Definition of numerator and denominator, source system, owner.';
COMMENT ON COLUMN scorecard.measure.source IS 'A view or table returning period_start, numerator, denominator, as schema.relation with both parts quoted where needed (register_measure_source writes it so): read by scorecard.refresh_measures, never pasted into SQL. NULL for measures entered by hand.';
COMMENT ON COLUMN scorecard.measure.source_grain IS 'Grain of the rows the source returns: month or week.';
COMMENT ON COLUMN scorecard.measure.source_owner IS 'The role whose rights the source is read with: the role that registered it. Only a member of that role may set it, or refresh the measure.';

-- ---------------------------------------------------------------------
-- Targets, effective from a date until the next one.
-- ---------------------------------------------------------------------
CREATE TABLE scorecard.discipline_target (
    discipline     text NOT NULL REFERENCES scorecard.discipline (name) ON UPDATE CASCADE,
    effective_from date NOT NULL,
    target         numeric NOT NULL,
    PRIMARY KEY (discipline, effective_from)
);
COMMENT ON TABLE scorecard.discipline_target IS
    'Discipline targets; each applies to periods starting on or after effective_from until a later row takes over.';
COMMENT ON COLUMN scorecard.discipline_target.discipline IS 'The discipline.';
COMMENT ON COLUMN scorecard.discipline_target.effective_from IS 'First day the target applies.';
COMMENT ON COLUMN scorecard.discipline_target.target IS 'Target for the discipline actual, as a fraction (0.9330 = 93.30%).';

CREATE TABLE scorecard.measure_target (
    measure_id     integer NOT NULL REFERENCES scorecard.measure (measure_id) ON DELETE CASCADE,
    effective_from date NOT NULL,
    target         numeric NOT NULL,
    PRIMARY KEY (measure_id, effective_from)
);
COMMENT ON TABLE scorecard.measure_target IS
    'A measure''s own target, when it has one; otherwise the measure is held to its discipline''s target.';
COMMENT ON COLUMN scorecard.measure_target.measure_id IS 'The measure.';
COMMENT ON COLUMN scorecard.measure_target.effective_from IS 'First day the target applies.';
COMMENT ON COLUMN scorecard.measure_target.target IS 'Target for the measure actual, in the measure''s unit.';

-- ---------------------------------------------------------------------
-- Observations per measure and period.
-- ---------------------------------------------------------------------
CREATE TABLE scorecard.observation (
    measure_id   integer NOT NULL REFERENCES scorecard.measure (measure_id) ON DELETE CASCADE,
    period_grain text NOT NULL
        CONSTRAINT observation_grain_is_month_or_week CHECK (period_grain IN ('month', 'week')),
    period_start date NOT NULL,
    numerator    numeric,
    denominator  numeric,
    value        numeric,
    recorded_at  timestamptz NOT NULL DEFAULT pg_catalog.now(),
    note         text,
    PRIMARY KEY (measure_id, period_grain, period_start),
    CONSTRAINT observation_period_start_opens_a_month_or_iso_week
        CHECK (scorecard.is_period_start(period_grain, period_start)),
    CONSTRAINT observation_ratio_or_value CHECK (
        (numerator IS NOT NULL AND denominator IS NOT NULL AND value IS NULL)
        OR (numerator IS NULL AND denominator IS NULL AND value IS NOT NULL)),
    CONSTRAINT observation_counts_not_negative CHECK (numerator >= 0 AND denominator >= 0),
    CONSTRAINT observation_finite CHECK (
        numerator NOT IN ('NaN', 'Infinity', '-Infinity')
        AND denominator NOT IN ('NaN', 'Infinity', '-Infinity')
        AND value NOT IN ('NaN', 'Infinity', '-Infinity'))
);
COMMENT ON TABLE scorecard.observation IS
    'What a measure reported for one period: a numerator and denominator, or a plain value. A month starts on its first day, an ISO week on its Monday.';
COMMENT ON COLUMN scorecard.observation.measure_id IS 'The measure.';
COMMENT ON COLUMN scorecard.observation.period_grain IS '''month'' (the board''s view) or ''week'' (the Director''s view).';
COMMENT ON COLUMN scorecard.observation.period_start IS 'First day of the period: the 1st of a month, or the Monday of an ISO week.';
COMMENT ON COLUMN scorecard.observation.numerator IS 'Numerator of the ratio (a count or amount, not negative).';
COMMENT ON COLUMN scorecard.observation.denominator IS 'Denominator of the ratio; zero makes the actual missing (NULL), never 0.';
COMMENT ON COLUMN scorecard.observation.value IS 'A plain value, for measures that are not ratios (then numerator and denominator are NULL).';
COMMENT ON COLUMN scorecard.observation.recorded_at IS 'When the row was written.';
COMMENT ON COLUMN scorecard.observation.note IS 'Free text: source, correction, context.';

CREATE INDEX observation_period_idx ON scorecard.observation (period_grain, period_start);

-- Bad input gets an error that names the problem (a foreign-key or check
-- violation names only the constraint). The constraints stay as the
-- safety net; these triggers run first and explain.
CREATE OR REPLACE FUNCTION scorecard.require_discipline(discipline_name text)
RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM scorecard.discipline d WHERE d.name = discipline_name) THEN
        RAISE EXCEPTION 'unknown discipline %', coalesce('"' || discipline_name || '"', 'NULL')
            USING ERRCODE = 'foreign_key_violation',
                  HINT = 'Known disciplines: ' || (SELECT string_agg(quote_literal(name), ', ' ORDER BY sort_order) FROM scorecard.discipline) || '.';
    END IF;
END
$$;
COMMENT ON FUNCTION scorecard.require_discipline(text) IS
    'Raises foreign_key_violation, listing the known disciplines, unless the discipline exists.';

CREATE OR REPLACE FUNCTION scorecard.observation_check()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM scorecard.measure m WHERE m.measure_id = NEW.measure_id) THEN
        RAISE EXCEPTION 'unknown measure %', NEW.measure_id
            USING ERRCODE = 'foreign_key_violation',
                  HINT = 'Create the measure in scorecard.measure first.';
    END IF;
    IF NEW.period_grain IS DISTINCT FROM 'month' AND NEW.period_grain IS DISTINCT FROM 'week' THEN
        RAISE EXCEPTION 'period_grain must be ''month'' or ''week'', not %', coalesce(quote_literal(NEW.period_grain), 'NULL')
            USING ERRCODE = 'check_violation';
    END IF;
    IF NOT scorecard.is_period_start(NEW.period_grain, NEW.period_start) THEN
        RAISE EXCEPTION '% is not the start of a %', scorecard.date_text(NEW.period_start), NEW.period_grain
            USING ERRCODE = 'check_violation',
                  HINT = CASE NEW.period_grain
                      WHEN 'month' THEN 'A month starts on its 1st day, e.g. ' || scorecard.date_text(date_trunc('month', NEW.period_start)::date) || '.'
                      ELSE 'An ISO week starts on a Monday, e.g. ' || scorecard.date_text(date_trunc('week', NEW.period_start)::date) || '.' END;
    END IF;
    IF (NEW.numerator IS NULL) <> (NEW.denominator IS NULL) OR (NEW.numerator IS NULL) = (NEW.value IS NULL) THEN
        RAISE EXCEPTION 'an observation needs a numerator and a denominator, or a value, not both'
            USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.numerator < 0 OR NEW.denominator < 0 THEN
        RAISE EXCEPTION 'numerator and denominator must not be negative (got % / %)', NEW.numerator, NEW.denominator
            USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.numerator IN ('NaN', 'Infinity', '-Infinity') OR NEW.denominator IN ('NaN', 'Infinity', '-Infinity')
       OR NEW.value IN ('NaN', 'Infinity', '-Infinity') THEN
        RAISE EXCEPTION 'NaN and Infinity are not valid observations'
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION scorecard.observation_check() IS
    'Trigger function: refuses an observation for an unknown measure, of an unknown grain, for a period that does not start a month or ISO week, with a negative count, NaN or Infinity, or with half a ratio, with a message that says which. The table''s constraints enforce the same rules.';

CREATE OR REPLACE TRIGGER observation_check BEFORE INSERT OR UPDATE ON scorecard.observation
    FOR EACH ROW EXECUTE FUNCTION scorecard.observation_check();

-- A measure source is read with the rights of its owner (the role that
-- registered it). Whoever writes measure.source or measure.source_owner
-- must be a member of that role, so nobody can make a source run with rights
-- they do not have. A superuser (pg_restore) may keep an owner that does not
-- exist in this cluster; refresh_measures then refuses that source.
CREATE OR REPLACE FUNCTION scorecard.check_measure_source(m scorecard.measure)
RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    parts text[];
BEGIN
    BEGIN
        parts := parse_ident(m.source);
    EXCEPTION WHEN invalid_parameter_value THEN
        parts := NULL;
    END;
    IF parts IS NULL OR cardinality(parts) <> 2 THEN
        RAISE EXCEPTION 'measure source % of measure "%" is not schema.relation', quote_literal(m.source), m.name
            USING ERRCODE = 'check_violation',
                  HINT = 'Register sources with scorecard.register_measure_source(measure, ''schema.view''), which writes the name.';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = m.source_owner) THEN
        IF NOT (SELECT r.rolsuper FROM pg_roles r WHERE r.rolname = current_user) THEN
            RAISE EXCEPTION 'the owner % of the source of measure "%" is not a role', quote_literal(m.source_owner), m.name
                USING ERRCODE = 'undefined_object';
        END IF;
    ELSIF NOT pg_has_role(current_user, m.source_owner, 'MEMBER') THEN
        RAISE EXCEPTION 'the source of measure "%" is read with the rights of role %, of which % is not a member', m.name,
                        quote_ident(m.source_owner), quote_ident(current_user)
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'Register the source as yourself: scorecard.register_measure_source sets you as its owner.';
    END IF;
END
$$;
COMMENT ON FUNCTION scorecard.check_measure_source(scorecard.measure) IS
    'Used by the measure trigger: refuses a source that is not schema.relation (23514), and an owner the writer is not a member of (42501) or that does not exist (42704; a superuser, such as pg_restore, may keep one).';

CREATE OR REPLACE FUNCTION scorecard.measure_check()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM scorecard.require_discipline(NEW.discipline);
    IF NEW.source IS NOT NULL AND NEW.source_owner IS NULL THEN
        NEW.source_owner := current_user;
    ELSIF NEW.source IS NULL THEN
        NEW.source_owner := NULL;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM scorecard.objective o WHERE o.discipline = NEW.discipline AND o.name = NEW.objective) THEN
        RAISE EXCEPTION 'unknown objective "%" in discipline "%"', NEW.objective, NEW.discipline
            USING ERRCODE = 'foreign_key_violation',
                  HINT = 'Create it first: INSERT INTO scorecard.objective (discipline, name) VALUES (...).';
    END IF;
    IF NEW.source IS NOT NULL AND (TG_OP = 'INSERT' OR NEW.source IS DISTINCT FROM OLD.source
                                   OR NEW.source_owner IS DISTINCT FROM OLD.source_owner) THEN
        PERFORM scorecard.check_measure_source(NEW);
    END IF;
    IF NEW.weight < 0 THEN
        RAISE EXCEPTION 'measure weight must not be negative, got %', NEW.weight
            USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.goal IS NOT NULL AND NEW.red_flag IS NOT NULL
       AND ((NEW.higher_is_better AND NEW.goal <= NEW.red_flag) OR (NOT NEW.higher_is_better AND NEW.goal >= NEW.red_flag)) THEN
        RAISE EXCEPTION 'goal % and red flag % contradict the direction of measure "%"', NEW.goal, NEW.red_flag, NEW.name
            USING ERRCODE = 'check_violation',
                  HINT = CASE WHEN NEW.higher_is_better THEN 'For a higher-is-better measure the goal is above the red flag.'
                              ELSE 'For a lower-is-better measure the goal is below the red flag.' END;
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION scorecard.measure_check() IS
    'Trigger function: refuses a measure in an unknown discipline or objective, with a negative weight, whose goal and red flag contradict its direction, or whose source is not schema.relation or belongs to a role the writer is not a member of, with a message that says which.';

CREATE OR REPLACE TRIGGER measure_check BEFORE INSERT OR UPDATE ON scorecard.measure
    FOR EACH ROW EXECUTE FUNCTION scorecard.measure_check();
CREATE OR REPLACE FUNCTION scorecard.discipline_ref_check()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM scorecard.require_discipline(NEW.discipline);
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION scorecard.discipline_ref_check() IS
    'Trigger function: refuses a row naming an unknown discipline, listing the known ones.';
CREATE OR REPLACE TRIGGER discipline_ref_check BEFORE INSERT OR UPDATE ON scorecard.objective
    FOR EACH ROW EXECUTE FUNCTION scorecard.discipline_ref_check();
CREATE OR REPLACE TRIGGER discipline_ref_check BEFORE INSERT OR UPDATE ON scorecard.discipline_target
    FOR EACH ROW EXECUTE FUNCTION scorecard.discipline_ref_check();

-- pg_dump keeps the user's rows (the extension recreates the tables).
SELECT pg_catalog.pg_extension_config_dump('scorecard.discipline', '');
SELECT pg_catalog.pg_extension_config_dump('scorecard.objective', '');
SELECT pg_catalog.pg_extension_config_dump('scorecard.measure', '');
SELECT pg_catalog.pg_extension_config_dump('scorecard.measure_target', '');
SELECT pg_catalog.pg_extension_config_dump('scorecard.discipline_target', '');
SELECT pg_catalog.pg_extension_config_dump('scorecard.observation', '');
SELECT pg_catalog.pg_extension_config_dump('scorecard.measure_measure_id_seq', '');

-- ---------------------------------------------------------------------
-- Accountability: owners, commentary per period, initiatives. A deep dive
-- must identify how its variance is to be remedied: deep_dives lists the
-- open initiatives behind each flagged discipline or measure, and says so
-- when there is none.
-- ---------------------------------------------------------------------
ALTER TABLE scorecard.discipline ADD COLUMN owner_name text, ADD COLUMN owner_email text, ADD COLUMN owner_role text;
ALTER TABLE scorecard.objective ADD COLUMN owner_name text, ADD COLUMN owner_email text, ADD COLUMN owner_role text;
ALTER TABLE scorecard.measure ADD COLUMN owner_name text, ADD COLUMN owner_email text, ADD COLUMN owner_role text;
ALTER TABLE scorecard.discipline ADD CONSTRAINT discipline_owner_email_valid CHECK (owner_email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$');
ALTER TABLE scorecard.objective ADD CONSTRAINT objective_owner_email_valid CHECK (owner_email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$');
ALTER TABLE scorecard.measure ADD CONSTRAINT measure_owner_email_valid CHECK (owner_email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$');
COMMENT ON COLUMN scorecard.discipline.owner_name IS 'Who answers for the discipline (a person''s name).';
COMMENT ON COLUMN scorecard.discipline.owner_email IS 'The owner''s e-mail.';
COMMENT ON COLUMN scorecard.discipline.owner_role IS 'The owner as a database role (e.g. for row-level security or notifications), if any.';
COMMENT ON COLUMN scorecard.objective.owner_name IS 'Who answers for the objective (a person''s name).';
COMMENT ON COLUMN scorecard.objective.owner_email IS 'The owner''s e-mail.';
COMMENT ON COLUMN scorecard.objective.owner_role IS 'The owner as a database role, if any.';
COMMENT ON COLUMN scorecard.measure.owner_name IS 'Who answers for the measure (a person''s name).';
COMMENT ON COLUMN scorecard.measure.owner_email IS 'The owner''s e-mail.';
COMMENT ON COLUMN scorecard.measure.owner_role IS 'The owner as a database role, if any.';

CREATE TABLE scorecard.commentary (
    commentary_id  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    measure_id     integer REFERENCES scorecard.measure (measure_id) ON DELETE CASCADE,
    discipline     text REFERENCES scorecard.discipline (name) ON UPDATE CASCADE ON DELETE CASCADE,
    period_grain   text NOT NULL
        CONSTRAINT commentary_period_grain CHECK (period_grain IN ('month', 'week')),
    period_start   date NOT NULL
        CONSTRAINT commentary_period_start_in_range CHECK (period_start BETWEEN DATE '1900-01-01' AND DATE '2199-12-31'),
    analysis       text NOT NULL,
    recommendation text,
    author         text NOT NULL DEFAULT CURRENT_USER,
    written_at     timestamptz NOT NULL DEFAULT pg_catalog.now(),
    CONSTRAINT commentary_on_one_thing CHECK ((measure_id IS NULL) <> (discipline IS NULL)),
    CONSTRAINT commentary_period_is_a_start CHECK (scorecard.is_period_start(period_grain, period_start))
);
COMMENT ON TABLE scorecard.commentary IS 'What the owner of a measure or discipline says of a period: the analysis of its figure and the recommendation.';
COMMENT ON COLUMN scorecard.commentary.commentary_id IS 'Surrogate key.';
COMMENT ON COLUMN scorecard.commentary.measure_id IS 'The measure commented on (or NULL when a discipline is).';
COMMENT ON COLUMN scorecard.commentary.discipline IS 'The discipline commented on (or NULL when a measure is).';
COMMENT ON COLUMN scorecard.commentary.period_grain IS '''month'' or ''week''.';
COMMENT ON COLUMN scorecard.commentary.period_start IS 'First day of the period commented on.';
COMMENT ON COLUMN scorecard.commentary.analysis IS 'Why the figure is what it is.';
COMMENT ON COLUMN scorecard.commentary.recommendation IS 'What should be done about it.';
COMMENT ON COLUMN scorecard.commentary.author IS 'Who wrote it (defaults to the writing role).';
COMMENT ON COLUMN scorecard.commentary.written_at IS 'When it was written.';
CREATE INDEX commentary_period_idx ON scorecard.commentary (period_grain, period_start);

CREATE TABLE scorecard.initiative (
    initiative_id    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name             text NOT NULL,
    measure_id       integer REFERENCES scorecard.measure (measure_id) ON DELETE CASCADE,
    discipline       text,
    objective        text,
    owner_name       text,
    owner_email      text
        CONSTRAINT initiative_owner_email_valid CHECK (owner_email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
    starts_on        date NOT NULL
        CONSTRAINT initiative_starts_on_in_range CHECK (starts_on BETWEEN DATE '1900-01-01' AND DATE '2199-12-31'),
    due_on           date NOT NULL
        CONSTRAINT initiative_due_on_in_range CHECK (due_on BETWEEN DATE '1900-01-01' AND DATE '2199-12-31'),
    status           text NOT NULL DEFAULT 'planned'
        CONSTRAINT initiative_status_known CHECK (status IN ('planned', 'in progress', 'done', 'cancelled')),
    percent_complete numeric NOT NULL DEFAULT 0
        CONSTRAINT initiative_percent_complete_in_range CHECK (percent_complete >= 0 AND percent_complete <= 100),
    description      text,
    FOREIGN KEY (discipline, objective) REFERENCES scorecard.objective (discipline, name) ON UPDATE CASCADE ON DELETE CASCADE,
    CONSTRAINT initiative_linked CHECK ((measure_id IS NOT NULL) <> (objective IS NOT NULL)),
    CONSTRAINT initiative_objective_whole CHECK ((discipline IS NULL) = (objective IS NULL)),
    CONSTRAINT initiative_due_after_start CHECK (due_on >= starts_on)
);
COMMENT ON TABLE scorecard.initiative IS 'Initiatives and action items that remedy a measure or an objective: owner, start, due date, status, percent complete.';
COMMENT ON COLUMN scorecard.initiative.initiative_id IS 'Surrogate key.';
COMMENT ON COLUMN scorecard.initiative.name IS 'What is being done.';
COMMENT ON COLUMN scorecard.initiative.measure_id IS 'The measure it remedies (or NULL when it serves an objective).';
COMMENT ON COLUMN scorecard.initiative.discipline IS 'With objective: the objective it serves (or NULL when it remedies a measure).';
COMMENT ON COLUMN scorecard.initiative.objective IS 'The objective it serves, in discipline.';
COMMENT ON COLUMN scorecard.initiative.owner_name IS 'Who leads it.';
COMMENT ON COLUMN scorecard.initiative.owner_email IS 'The owner''s e-mail.';
COMMENT ON COLUMN scorecard.initiative.starts_on IS 'When it starts.';
COMMENT ON COLUMN scorecard.initiative.due_on IS 'When it is due (not before it starts).';
COMMENT ON COLUMN scorecard.initiative.status IS 'planned, in progress, done or cancelled; planned and in progress are open.';
COMMENT ON COLUMN scorecard.initiative.percent_complete IS 'Progress, 0 to 100.';
COMMENT ON COLUMN scorecard.initiative.description IS 'Free text: the plan, the expected effect.';
CREATE INDEX initiative_measure_idx ON scorecard.initiative (measure_id);

SELECT pg_catalog.pg_extension_config_dump('scorecard.commentary', '');
SELECT pg_catalog.pg_extension_config_dump('scorecard.commentary_commentary_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('scorecard.initiative', '');
SELECT pg_catalog.pg_extension_config_dump('scorecard.initiative_initiative_id_seq', '');

-- ---------------------------------------------------------------------
-- Weights, effective from a date until a later row takes over, as targets
-- are: a weight change next quarter does not rewrite last year's
-- scorecard. Without a row in force, measure.weight applies.
-- ---------------------------------------------------------------------
CREATE TABLE scorecard.measure_weight (
    measure_id     integer NOT NULL REFERENCES scorecard.measure (measure_id) ON DELETE CASCADE,
    effective_from date NOT NULL
        CONSTRAINT measure_weight_effective_from_in_range CHECK (effective_from BETWEEN DATE '1900-01-01' AND DATE '2199-12-31'),
    weight         numeric NOT NULL
        CONSTRAINT measure_weight_weight_in_range CHECK (weight >= 0 AND weight < 1e15),
    PRIMARY KEY (measure_id, effective_from)
);
COMMENT ON TABLE scorecard.measure_weight IS
    'A measure''s weight in its discipline from a date on, until a later row takes over; before its first row (or without any), measure.weight applies.';
COMMENT ON COLUMN scorecard.measure_weight.measure_id IS 'The measure.';
COMMENT ON COLUMN scorecard.measure_weight.effective_from IS 'First day the weight applies (one row per measure and day).';
COMMENT ON COLUMN scorecard.measure_weight.weight IS 'Weight in the discipline''s balance, 0 or more.';
SELECT pg_catalog.pg_extension_config_dump('scorecard.measure_weight', '');

CREATE OR REPLACE FUNCTION scorecard.measure_weight_at(measure integer, as_of date)
RETURNS numeric
LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT coalesce(
        (SELECT w.weight FROM scorecard.measure_weight w
          WHERE w.measure_id = measure_weight_at.measure AND w.effective_from <= measure_weight_at.as_of
          ORDER BY w.effective_from DESC LIMIT 1),
        (SELECT m.weight FROM scorecard.measure m WHERE m.measure_id = measure_weight_at.measure));
END;
COMMENT ON FUNCTION scorecard.measure_weight_at(integer, date) IS
    'The weight in force for a measure on a date: the latest scorecard.measure_weight row from on or before it, else measure.weight.';

-- ---------------------------------------------------------------------
-- Status bands: ordered rules that turn a roll-up balance into a status
-- with a label and a colour BI tools can use. Bands belong to a measure, a
-- discipline, or (neither) the whole scorecard; a measure uses its own
-- bands if it has any, else its discipline's, else the scorecard's, else
-- the shipped ones (scorecard.default_status_bands). Within a scope each
-- band starts at its min_balance, and exactly one band (min_balance NULL)
-- takes everything below the others: no gaps, no overlaps. The deep-dive
-- threshold stays a rule of its own.
-- ---------------------------------------------------------------------
CREATE TABLE scorecard.status_band (
    band_id     integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    discipline  text REFERENCES scorecard.discipline (name) ON UPDATE CASCADE ON DELETE CASCADE,
    measure_id  integer REFERENCES scorecard.measure (measure_id) ON DELETE CASCADE,
    min_balance numeric
        CONSTRAINT status_band_min_balance_in_range CHECK (min_balance > -1e15 AND min_balance < 1e15),
    status      text NOT NULL
        CONSTRAINT status_band_status_named CHECK (status ~ '^[a-z][a-z ]*$'),
    label       text NOT NULL,
    color       text NOT NULL
        CONSTRAINT status_band_color_hex CHECK (color ~ '^#[0-9a-fA-F]{6}$'),
    CONSTRAINT status_band_one_scope CHECK (discipline IS NULL OR measure_id IS NULL),
    CONSTRAINT status_band_no_overlap UNIQUE NULLS NOT DISTINCT (discipline, measure_id, min_balance)
);
COMMENT ON TABLE scorecard.status_band IS
    'Status bands of a measure, a discipline or (both NULL) the whole scorecard: a balance at or above min_balance, and below the next band''s, gets this status, label and colour; the band with min_balance NULL takes the rest. Without rows, scorecard.default_status_bands() applies.';
COMMENT ON COLUMN scorecard.status_band.band_id IS 'Surrogate key.';
COMMENT ON COLUMN scorecard.status_band.discipline IS 'The discipline whose bands these are (for it and its measures), or NULL.';
COMMENT ON COLUMN scorecard.status_band.measure_id IS 'The measure whose bands these are, or NULL.';
COMMENT ON COLUMN scorecard.status_band.min_balance IS 'Lowest roll-up balance in the band (points for ratios, relative for other units); NULL for the bottom band, which takes everything below.';
COMMENT ON COLUMN scorecard.status_band.status IS 'Status key, lower case (e.g. on target, caution, off target).';
COMMENT ON COLUMN scorecard.status_band.label IS 'What a report or dashboard shows.';
COMMENT ON COLUMN scorecard.status_band.color IS 'Colour as #rrggbb.';
SELECT pg_catalog.pg_extension_config_dump('scorecard.status_band', '');
SELECT pg_catalog.pg_extension_config_dump('scorecard.status_band_band_id_seq', '');

CREATE OR REPLACE FUNCTION scorecard.default_status_bands()
RETURNS TABLE (min_balance numeric, status text, label text, color text)
LANGUAGE sql IMMUTABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT * FROM (VALUES (0::numeric, 'on target', 'On target', '#2e7d32'),
                          (-0.05, 'caution', 'Caution', '#f9a825'),
                          (NULL, 'off target', 'Off target', '#c62828')) AS b(min_balance, status, label, color);
END;
COMMENT ON FUNCTION scorecard.default_status_bands() IS
    'The bands that apply where no status_band row does: on target at 0 or more, caution down to -0.05, off target below.';

-- Every scope with bands has exactly one bottom band; checked at the end
-- of the transaction, so a band list can be rewritten in steps.
CREATE OR REPLACE FUNCTION scorecard.status_band_check()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    scope record;
BEGIN
    FOR scope IN SELECT b.org_unit, b.discipline, b.measure_id FROM scorecard.status_band b
                  GROUP BY b.org_unit, b.discipline, b.measure_id
                 HAVING count(*) FILTER (WHERE b.min_balance IS NULL) <> 1 LOOP
        RAISE EXCEPTION 'the status bands of % need exactly one bottom band (min_balance NULL)',
            coalesce('measure ' || scope.measure_id, 'discipline "' || scope.discipline || '"',
                     'the scorecard of unit "' || scope.org_unit || '"', 'the scorecard')
            USING ERRCODE = 'check_violation',
                  HINT = 'The bottom band takes every balance below the other bands, so that no balance falls in a gap.';
    END LOOP;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION scorecard.status_band_check() IS
    'Constraint trigger function, deferred to commit: every measure, discipline or scorecard with status bands has exactly one bottom band.';

CREATE CONSTRAINT TRIGGER status_band_check AFTER INSERT OR UPDATE OR DELETE ON scorecard.status_band
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION scorecard.status_band_check();

-- ---------------------------------------------------------------------
-- Values that could take a view down for everyone: NaN (which compares
-- above every number, so "> 0" lets it through), the infinities, absurd
-- magnitudes (|x| >= 1e15, past what the exact arithmetic keeps with 13
-- decimals), infinite or absurd dates (outside 1900-2199). Each column is
-- refused at the table, 23514, by a constraint named table_column_in_range.
-- The same statements are in the upgrade script.
-- ---------------------------------------------------------------------
ALTER TABLE scorecard.discipline ADD CONSTRAINT discipline_deep_dive_threshold_in_range CHECK (deep_dive_threshold < 1e15);
ALTER TABLE scorecard.discipline_target ADD CONSTRAINT discipline_target_effective_from_in_range CHECK (effective_from BETWEEN DATE '1900-01-01' AND DATE '2199-12-31');
ALTER TABLE scorecard.discipline_target ADD CONSTRAINT discipline_target_target_in_range CHECK (target > -1e15 AND target < 1e15);
ALTER TABLE scorecard.measure ADD CONSTRAINT measure_weight_in_range CHECK (weight < 1e15);
ALTER TABLE scorecard.measure ADD CONSTRAINT measure_goal_in_range CHECK (goal > -1e15 AND goal < 1e15);
ALTER TABLE scorecard.measure ADD CONSTRAINT measure_red_flag_in_range CHECK (red_flag > -1e15 AND red_flag < 1e15);
ALTER TABLE scorecard.measure ADD CONSTRAINT measure_active_from_in_range CHECK (active_from BETWEEN DATE '1900-01-01' AND DATE '2199-12-31');
ALTER TABLE scorecard.measure ADD CONSTRAINT measure_active_until_in_range CHECK (active_until BETWEEN DATE '1900-01-01' AND DATE '2199-12-31');
ALTER TABLE scorecard.measure_target ADD CONSTRAINT measure_target_effective_from_in_range CHECK (effective_from BETWEEN DATE '1900-01-01' AND DATE '2199-12-31');
ALTER TABLE scorecard.measure_target ADD CONSTRAINT measure_target_target_in_range CHECK (target > -1e15 AND target < 1e15);
ALTER TABLE scorecard.observation ADD CONSTRAINT observation_period_start_in_range CHECK (period_start BETWEEN DATE '1900-01-01' AND DATE '2199-12-31');
ALTER TABLE scorecard.observation ADD CONSTRAINT observation_numerator_in_range CHECK (numerator < 1e15);
ALTER TABLE scorecard.observation ADD CONSTRAINT observation_denominator_in_range CHECK (denominator < 1e15);
ALTER TABLE scorecard.observation ADD CONSTRAINT observation_value_in_range CHECK (value > -1e15 AND value < 1e15);

-- ---------------------------------------------------------------------
-- Cascading scorecards: a tree of organisation units (the organisation,
-- its service lines or departments, as many levels as needed). Every
-- measure and discipline target belongs to a unit; the root unit (the
-- organisation, shipped as 'Organization' and free to rename) holds those
-- that name none. Each unit's scorecard is scored on its own; a unit that
-- rolls up its children adds each child's discipline balance to its own
-- measures' (weight rollup_weight). The root's fiscal_year_start sets the
-- fiscal quarters and years of every score view.
-- ---------------------------------------------------------------------
CREATE TABLE scorecard.org_unit (
    name              text PRIMARY KEY
        CONSTRAINT org_unit_name_not_blank CHECK (btrim(name) <> ''),
    parent            text REFERENCES scorecard.org_unit (name) ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED,
    is_root           boolean NOT NULL DEFAULT false,
    service_line      text REFERENCES scorecard.service_line (service_line) ON UPDATE CASCADE,
    rollup_children   boolean NOT NULL DEFAULT false,
    rollup_weight     numeric NOT NULL DEFAULT 1
        CONSTRAINT org_unit_rollup_weight_in_range CHECK (rollup_weight >= 0 AND rollup_weight < 1e15),
    scoring_method    text NOT NULL DEFAULT 'balance'
        CONSTRAINT org_unit_scoring_method_known CHECK (scoring_method IN ('balance', 'goal score')),
    fiscal_year_start smallint
        CONSTRAINT org_unit_fiscal_year_start_is_a_month CHECK (fiscal_year_start BETWEEN 1 AND 12),
    sort_order        integer NOT NULL DEFAULT 0,
    description       text,
    owner_name        text,
    owner_email       text
        CONSTRAINT org_unit_owner_email_valid CHECK (owner_email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
    owner_role        text,
    CONSTRAINT org_unit_root_has_no_parent CHECK (is_root = (parent IS NULL)),
    CONSTRAINT org_unit_fiscal_year_on_root CHECK (is_root = (fiscal_year_start IS NOT NULL))
);
CREATE UNIQUE INDEX org_unit_one_root ON scorecard.org_unit (is_root) WHERE is_root;
CREATE INDEX org_unit_parent_idx ON scorecard.org_unit (parent);
COMMENT ON TABLE scorecard.org_unit IS
    'The tree of scorecards: the organisation (the root, one row) and its units (service lines, departments, teams), as many levels as needed. Measures and discipline targets belong to a unit; every score view carries it.';
COMMENT ON COLUMN scorecard.org_unit.name IS 'Unit name, the key measures and targets refer to. The root ships as ''Organization''; rename it freely.';
COMMENT ON COLUMN scorecard.org_unit.parent IS 'The unit above (NULL only for the root).';
COMMENT ON COLUMN scorecard.org_unit.is_root IS 'True for the one root unit: the organisation. It cannot be deleted, and no other unit can become the root.';
COMMENT ON COLUMN scorecard.org_unit.service_line IS 'The service line the unit is, if any: a measure of the unit whose source has a service_line column is refreshed from that line''s rows only.';
COMMENT ON COLUMN scorecard.org_unit.rollup_children IS 'When true, each discipline''s balance is the weighted mean of the unit''s own measures and of its children''s balances in that discipline (each child weighing its rollup_weight); when false (the default), the unit''s own measures only.';
COMMENT ON COLUMN scorecard.org_unit.rollup_weight IS 'The unit''s weight in its parent''s roll-up (when the parent rolls up its children), beside the parent''s own measures'' weights.';
COMMENT ON COLUMN scorecard.org_unit.scoring_method IS '''balance'' (the default: each measure''s gap to its target, rolled up by weighted mean) or ''goal score'' (Spider Impact: each measure''s 0-10 score from its goal and red flag, rolled up by weighted mean; status from the score). See docs/scorecard.md.';
COMMENT ON COLUMN scorecard.org_unit.fiscal_year_start IS 'On the root only: the month (1-12) the fiscal year starts in (7 for a July-June year); fiscal quarters and years of every score view follow it. NULL on other units.';
COMMENT ON COLUMN scorecard.org_unit.sort_order IS 'Position among its siblings in reports.';
COMMENT ON COLUMN scorecard.org_unit.description IS 'Free text.';
COMMENT ON COLUMN scorecard.org_unit.owner_name IS 'Who answers for the unit''s scorecard.';
COMMENT ON COLUMN scorecard.org_unit.owner_email IS 'The owner''s e-mail.';
COMMENT ON COLUMN scorecard.org_unit.owner_role IS 'The owner as a database role, if any.';
SELECT pg_catalog.pg_extension_config_dump('scorecard.org_unit', '');

CREATE OR REPLACE FUNCTION scorecard.root_unit()
RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT u.name FROM scorecard.org_unit u WHERE u.is_root;
END;
COMMENT ON FUNCTION scorecard.root_unit() IS 'The name of the root unit (the organisation): the unit of every measure and target that names none.';

CREATE OR REPLACE FUNCTION scorecard.fiscal_year_start()
RETURNS integer
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT coalesce((SELECT u.fiscal_year_start::integer FROM scorecard.org_unit u WHERE u.is_root), 1);
END;
COMMENT ON FUNCTION scorecard.fiscal_year_start() IS 'The month (1-12) the organisation''s fiscal year starts in: the root unit''s fiscal_year_start.';

CREATE OR REPLACE FUNCTION scorecard.shipped_root_description()
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN 'The whole organisation: its own scorecard, and the unit of every measure and target that names none.';
COMMENT ON FUNCTION scorecard.shipped_root_description() IS 'The description of the root unit as CREATE EXTENSION makes it (''Organization'').';

-- The root as shipped; pg_dump keeps it as edited, and org_unit_keep puts
-- a restored root in place of this one, as discipline_keep does for the
-- built-in disciplines.
CREATE OR REPLACE FUNCTION scorecard.org_unit_keep()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.is_root THEN
            RAISE EXCEPTION 'unit "%" is the root of the scorecard tree and cannot be deleted', OLD.name
                USING ERRCODE = 'restrict_violation',
                      HINT = 'Rename it instead.';
        END IF;
        RETURN OLD;
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.is_root IS DISTINCT FROM OLD.is_root THEN
        RAISE EXCEPTION 'which unit is the root is fixed (unit "%")', OLD.name
            USING ERRCODE = 'check_violation';
    END IF;
    IF TG_OP = 'INSERT' AND NEW.is_root THEN
        IF EXISTS (SELECT 1 FROM scorecard.org_unit u
                    WHERE u.is_root
                      AND (u.name, u.service_line, u.rollup_children, u.rollup_weight, u.scoring_method, u.fiscal_year_start,
                           u.sort_order, u.description, u.owner_name, u.owner_email, u.owner_role)
                          IS NOT DISTINCT FROM ('Organization', NULL::text, false, 1::numeric, 'balance', 1::smallint,
                                                0, scorecard.shipped_root_description(), NULL::text, NULL::text, NULL::text)) THEN
            -- pg_restore: the dumped root replaces the one CREATE EXTENSION
            -- made (every column; a column added to the table goes here too).
            UPDATE scorecard.org_unit u
               SET name = NEW.name, service_line = NEW.service_line, rollup_children = NEW.rollup_children,
                   rollup_weight = NEW.rollup_weight, scoring_method = NEW.scoring_method,
                   fiscal_year_start = NEW.fiscal_year_start, sort_order = NEW.sort_order, description = NEW.description,
                   owner_name = NEW.owner_name, owner_email = NEW.owner_email, owner_role = NEW.owner_role
             WHERE u.is_root;
            RETURN NULL;
        ELSIF EXISTS (SELECT 1 FROM scorecard.org_unit u WHERE u.is_root) THEN
            RAISE EXCEPTION 'there is already a root unit ("%"); a new unit needs a parent', scorecard.root_unit()
                USING ERRCODE = 'unique_violation',
                      HINT = 'Set parent to the unit it belongs to.';
        END IF;
    END IF;
    IF NOT NEW.is_root AND NEW.parent IS NULL THEN
        RAISE EXCEPTION 'unit "%" needs a parent', NEW.name
            USING ERRCODE = 'not_null_violation',
                  HINT = 'Only the root (the organisation, "' || coalesce(scorecard.root_unit(), '?') || '") has none.';
    END IF;
    -- An unknown parent is refused by the foreign key, deferred to commit:
    -- pg_restore copies the rows in storage order, children maybe first.
    IF TG_OP = 'UPDATE' AND NEW.parent IS DISTINCT FROM OLD.parent THEN
        -- One tree edit at a time: two concurrent moves (A under B, B
        -- under A) must not both pass the check below.
        LOCK TABLE scorecard.org_unit IN SHARE ROW EXCLUSIVE MODE;
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.parent IS DISTINCT FROM OLD.parent
       AND EXISTS (WITH RECURSIVE up AS (
                       SELECT u.name, u.parent FROM scorecard.org_unit u WHERE u.name = NEW.parent
                       UNION
                       SELECT u.name, u.parent FROM scorecard.org_unit u JOIN up ON u.name = up.parent)
                   SELECT 1 FROM up WHERE up.name = OLD.name) THEN
        -- Walking up from the new parent meets the unit itself: a cycle.
        RAISE EXCEPTION 'unit "%" cannot be placed under "%", which is below it: that would make a cycle', NEW.name, NEW.parent
            USING ERRCODE = 'check_violation',
                  HINT = 'A unit''s parent must not be the unit itself or one of the units below it.';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION scorecard.org_unit_keep() IS
    'Trigger function: the root unit cannot be deleted, nor can a unit become or stop being the root; a root inserted while the shipped one is untouched (pg_restore after CREATE EXTENSION) replaces it; a unit without a parent (23502) or placed below itself (23514) is refused (an unknown parent by the deferred foreign key, 23503).';
CREATE OR REPLACE TRIGGER org_unit_keep BEFORE INSERT OR UPDATE OR DELETE ON scorecard.org_unit
    FOR EACH ROW EXECUTE FUNCTION scorecard.org_unit_keep();

INSERT INTO scorecard.org_unit (name, is_root, fiscal_year_start, description)
VALUES ('Organization', true, 1, scorecard.shipped_root_description());
-- Check the row's (NULL) parent now: a trigger event still pending at the
-- end of the statement would forbid the ALTER TABLEs that follow.
SET CONSTRAINTS scorecard.org_unit_parent_fkey IMMEDIATE;

-- Measures and discipline targets belong to a unit (the root unless they
-- name another). Measure names stay unique across units.
ALTER TABLE scorecard.measure
    ADD COLUMN org_unit text NOT NULL DEFAULT scorecard.root_unit()
        REFERENCES scorecard.org_unit (name) ON UPDATE CASCADE,
    ADD COLUMN aggregation text NOT NULL DEFAULT 'mean'
        CONSTRAINT measure_aggregation_known CHECK (aggregation IN ('mean', 'sum', 'last'));
COMMENT ON COLUMN scorecard.measure.org_unit IS 'The unit whose scorecard the measure is on (default: the root, the organisation).';
COMMENT ON COLUMN scorecard.measure.aggregation IS
    'How a plain-value measure''s months make a quarter or a year: ''mean'' (the default: e.g. days), ''sum'' (dollars, counts) or ''last'' (a balance at the period''s end). Ratio measures always take the sum of the numerators over the sum of the denominators.';
CREATE INDEX measure_org_unit_idx ON scorecard.measure (org_unit);

ALTER TABLE scorecard.discipline_target
    ADD COLUMN org_unit text NOT NULL DEFAULT scorecard.root_unit()
        REFERENCES scorecard.org_unit (name) ON UPDATE CASCADE ON DELETE CASCADE,
    DROP CONSTRAINT discipline_target_pkey,
    ADD PRIMARY KEY (org_unit, discipline, effective_from);
COMMENT ON COLUMN scorecard.discipline_target.org_unit IS 'The unit whose scorecard the target is for (default: the root). A unit without a target of its own in a discipline is held to its nearest ancestor''s.';

ALTER TABLE scorecard.status_band
    ADD COLUMN org_unit text REFERENCES scorecard.org_unit (name) ON UPDATE CASCADE ON DELETE CASCADE,
    DROP CONSTRAINT status_band_one_scope,
    ADD CONSTRAINT status_band_one_scope CHECK (num_nonnulls(discipline, measure_id, org_unit) <= 1),
    DROP CONSTRAINT status_band_no_overlap,
    ADD CONSTRAINT status_band_no_overlap UNIQUE NULLS NOT DISTINCT (org_unit, discipline, measure_id, min_balance);
ALTER TABLE scorecard.commentary
    ADD COLUMN org_unit text NOT NULL DEFAULT scorecard.root_unit()
        REFERENCES scorecard.org_unit (name) ON UPDATE CASCADE ON DELETE CASCADE;
COMMENT ON COLUMN scorecard.commentary.org_unit IS 'For commentary on a discipline: the unit whose scorecard it comments on (default: the root). A measure''s commentary follows the measure.';
COMMENT ON COLUMN scorecard.status_band.org_unit IS 'The unit whose scorecard these bands are for (its disciplines, measures and overall balance), or NULL.';

CREATE OR REPLACE FUNCTION scorecard.org_unit_ref_check()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NEW.org_unit IS NOT NULL AND NOT EXISTS (SELECT 1 FROM scorecard.org_unit u WHERE u.name = NEW.org_unit) THEN
        RAISE EXCEPTION 'unknown unit "%"', NEW.org_unit
            USING ERRCODE = 'foreign_key_violation',
                  HINT = 'Known units: ' || (SELECT string_agg(quote_literal(u.name), ', ' ORDER BY u.is_root DESC, u.sort_order, u.name)
                                               FROM scorecard.org_unit u) || '. Create it in scorecard.org_unit first.';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION scorecard.org_unit_ref_check() IS
    'Trigger function: refuses a row naming an unknown unit (23503), listing the known ones.';
CREATE OR REPLACE TRIGGER org_unit_ref_check BEFORE INSERT OR UPDATE ON scorecard.measure
    FOR EACH ROW EXECUTE FUNCTION scorecard.org_unit_ref_check();
CREATE OR REPLACE TRIGGER org_unit_ref_check BEFORE INSERT OR UPDATE ON scorecard.discipline_target
    FOR EACH ROW EXECUTE FUNCTION scorecard.org_unit_ref_check();
CREATE OR REPLACE TRIGGER org_unit_ref_check BEFORE INSERT OR UPDATE ON scorecard.commentary
    FOR EACH ROW EXECUTE FUNCTION scorecard.org_unit_ref_check();
CREATE OR REPLACE TRIGGER org_unit_ref_check BEFORE INSERT OR UPDATE ON scorecard.status_band
    FOR EACH ROW EXECUTE FUNCTION scorecard.org_unit_ref_check();

-- The band a roll-up balance falls in: for a measure, its own bands, else
-- its discipline's, else its unit's, else the whole scorecard's, else the
-- shipped ones; with measure NULL, a discipline's (its bands, else the
-- unit's, ...); with both NULL, a unit's overall balance. Deliberately not
-- inlined into the score views (the SET clause prevents it) and costed as
-- the small look-up it is: inlined, its four probes of status_band looked
-- to the planner like 100 cost units a row, enough to JIT-compile every
-- score query for a second or more on a database not yet analysed.
CREATE OR REPLACE FUNCTION scorecard.status_band_of(balance numeric, discipline_name text, measure integer, unit text)
RETURNS TABLE (status text, label text, color text)
LANGUAGE sql STABLE PARALLEL SAFE COST 10 ROWS 1
SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    WITH scope AS (
        SELECT CASE WHEN EXISTS (SELECT 1 FROM scorecard.status_band b WHERE b.measure_id = status_band_of.measure) THEN 1
                    WHEN EXISTS (SELECT 1 FROM scorecard.status_band b WHERE b.discipline = status_band_of.discipline_name) THEN 2
                    WHEN EXISTS (SELECT 1 FROM scorecard.status_band b WHERE b.org_unit = status_band_of.unit) THEN 3
                    WHEN EXISTS (SELECT 1 FROM scorecard.status_band b
                                  WHERE b.discipline IS NULL AND b.measure_id IS NULL AND b.org_unit IS NULL) THEN 4
                    ELSE 5 END AS level
    ), bands AS (
        SELECT b.min_balance, b.status, b.label, b.color FROM scorecard.status_band b, scope s
         WHERE (s.level = 1 AND b.measure_id = status_band_of.measure)
            OR (s.level = 2 AND b.discipline = status_band_of.discipline_name)
            OR (s.level = 3 AND b.org_unit = status_band_of.unit)
            OR (s.level = 4 AND b.discipline IS NULL AND b.measure_id IS NULL AND b.org_unit IS NULL)
        UNION ALL
        SELECT d.min_balance, d.status, d.label, d.color FROM scorecard.default_status_bands() d, scope s WHERE s.level = 5
    )
    SELECT b.status, b.label, b.color FROM bands b
     WHERE status_band_of.balance IS NOT NULL AND (b.min_balance IS NULL OR status_band_of.balance >= b.min_balance)
     ORDER BY b.min_balance DESC NULLS LAST
     LIMIT 1;
END;
COMMENT ON FUNCTION scorecard.status_band_of(numeric, text, integer, text) IS
    'The status, label and colour of a roll-up balance: the band it falls in, among the measure''s own bands, else its discipline''s, else its unit''s, else the whole scorecard''s, else the shipped ones (measure NULL: a discipline''s; both NULL: a unit''s overall balance). No row for a NULL balance.';

-- Spider Impact's colours for a 0-10 goal score (scorecards scored by goal
-- score): at or above the goal (6.67) on target, from the red flag (3.33)
-- caution, below it off target.
CREATE OR REPLACE FUNCTION scorecard.goal_score_status(score numeric)
RETURNS TABLE (status text, label text, color text)
LANGUAGE sql IMMUTABLE PARALLEL SAFE COST 1 ROWS 1
SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT d.status, d.label, d.color
      FROM scorecard.default_status_bands() d
     WHERE goal_score_status.score IS NOT NULL
       AND d.status = CASE WHEN goal_score_status.score >= 6.67 THEN 'on target'
                           WHEN goal_score_status.score >= 3.33 THEN 'caution'
                           ELSE 'off target' END;
END;
COMMENT ON FUNCTION scorecard.goal_score_status(numeric) IS
    'The status of a 0-10 goal score (scorecards with scoring_method ''goal score''): on target from 6.67 (the goal), caution from 3.33 (the red flag), off target below; labels and colours as the shipped bands. No row for NULL.';
