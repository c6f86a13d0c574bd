-- pg_scorecard 0.1.0 -> 0.2.0
--
-- Run by ALTER EXTENSION pg_scorecard UPDATE TO '0.2.0'. Each change to the
-- SQL surface since 0.1.0 adds its section here, in the order it landed;
-- tests/upgrade checks that the result equals a fresh 0.2.0 install, object
-- for object, and that every row and view answer survives. Once 0.2.0 is
-- released this file is frozen (the same test refuses edits).
\echo Use "ALTER EXTENSION pg_scorecard UPDATE TO '0.2.0'" to load this file. \quit

-- ---------------------------------------------------------------------
-- Period arithmetic moves into the Rust core (scorecard_core::period):
-- same names, arguments and results for weeks and months; quarters and
-- years are now known grains, and infinite dates are not period starts.
-- ---------------------------------------------------------------------
CREATE OR REPLACE FUNCTION scorecard.is_period_start(period_grain text, period_start date) RETURNS boolean
IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'is_period_start_wrapper';
CREATE OR REPLACE FUNCTION scorecard.period_end(period_grain text, period_start date) RETURNS date
IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'period_end_wrapper';
CREATE OR REPLACE FUNCTION scorecard.previous_period_start(period_grain text, period_start date) RETURNS date
IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'previous_period_start_wrapper';
COMMENT ON FUNCTION scorecard.is_period_start(text, date) IS
    'True when period_start opens a period of the grain: a Monday (ISO week start) for ''week'', the first of a month for ''month'', of January, April, July or October for ''quarter'', of January for ''year''. False for any other grain and for infinite dates.';
COMMENT ON FUNCTION scorecard.period_end(text, date) IS
    'Last day of the period of the grain (week, month, quarter, year) that starts on period_start; NULL for an unknown grain.';
COMMENT ON FUNCTION scorecard.previous_period_start(text, date) IS
    'Start of the period of the grain (week, month, quarter, year) before the one starting on period_start; NULL for an unknown grain.';

-- ---------------------------------------------------------------------
-- mix_price gets support functions of its own (it borrowed composite's).
-- ---------------------------------------------------------------------
CREATE FUNCTION scorecard.mix_price_combine(a internal, b internal) RETURNS internal
IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'mix_price_combine_wrapper';
CREATE FUNCTION scorecard.mix_price_serialize(state internal) RETURNS bytea
IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'mix_price_serialize_wrapper';
CREATE FUNCTION scorecard.mix_price_deserialize(bytes bytea, _unused internal) RETURNS internal
IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'mix_price_deserialize_wrapper';
CREATE FUNCTION scorecard.mix_price_final(state internal) RETURNS numeric
IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'mix_price_final_wrapper';
CREATE OR REPLACE AGGREGATE scorecard.mix_price(unit_price numeric, volume_share numeric) (
    sfunc = scorecard.mix_price_trans, stype = internal, finalfunc = scorecard.mix_price_final,
    combinefunc = scorecard.mix_price_combine, serialfunc = scorecard.mix_price_serialize,
    deserialfunc = scorecard.mix_price_deserialize, parallel = safe
);
COMMENT ON FUNCTION scorecard.mix_price_trans(internal, numeric, numeric) IS 'Support function of scorecard.mix_price: adds one price and volume share.';
COMMENT ON FUNCTION scorecard.mix_price_combine(internal, internal) IS 'Support function of scorecard.mix_price: merges partial states.';
COMMENT ON FUNCTION scorecard.mix_price_serialize(internal) IS 'Support function of scorecard.mix_price: state to bytea.';
COMMENT ON FUNCTION scorecard.mix_price_deserialize(bytea, internal) IS 'Support function of scorecard.mix_price: bytea to state.';
COMMENT ON FUNCTION scorecard.mix_price_final(internal) IS 'Support function of scorecard.mix_price: the mix-weighted price, or NULL.';

-- ---------------------------------------------------------------------
-- Trust: measure sources are read with their owner's rights and never
-- pasted into SQL. measure.source_owner is new: for sources registered
-- under 0.1.0 it becomes the owner of the source relation; a source whose
-- relation no longer exists is unregistered (the measure and its
-- observations stay), with a WARNING naming it. Names are rewritten in
-- canonical quoted form.
-- ---------------------------------------------------------------------
ALTER TABLE scorecard.measure ADD COLUMN source_owner text;
DO $upgrade$
DECLARE
    m record;
    rel regclass;
BEGIN
    FOR m IN SELECT measure_id, name, source FROM scorecard.measure WHERE source IS NOT NULL LOOP
        BEGIN
            rel := to_regclass(m.source);
        EXCEPTION WHEN OTHERS THEN
            rel := NULL;   -- not even a name: 0.1.0 let a writer store any text
        END;
        IF rel IS NULL THEN
            RAISE WARNING 'pg_scorecard 0.2.0: the source % of measure % does not exist; it is unregistered', m.source, m.name;
            UPDATE scorecard.measure SET source = NULL, source_grain = NULL WHERE measure_id = m.measure_id;
        ELSE
            UPDATE scorecard.measure x
               SET source = pg_catalog.format('%I.%I', n.nspname, c.relname), source_owner = pg_catalog.pg_get_userbyid(c.relowner)
              FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
             WHERE x.measure_id = m.measure_id AND c.oid = rel;
        END IF;
    END LOOP;
END
$upgrade$;
ALTER TABLE scorecard.measure ADD CONSTRAINT measure_source_has_owner CHECK ((source IS NULL) = (source_owner IS NULL));
COMMENT ON COLUMN scorecard.measure.source IS 'A view or table returning period_start, numerator, denominator, as schema.relation with both parts quoted where needed (register_measure_source writes it so): read by scorecard.refresh_measures, never pasted into SQL. NULL for measures entered by hand.';
COMMENT ON COLUMN scorecard.measure.source_owner IS 'The role whose rights the source is read with: the role that registered it. Only a member of that role may set it, or refresh the measure.';

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

CREATE OR REPLACE FUNCTION scorecard.register_measure_source(measure_name text, source regclass,
                                                  period_grain text DEFAULT 'month')
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    col record;
    missing text;
BEGIN
    IF NOT (has_table_privilege('scorecard.measure', 'UPDATE')
            AND has_table_privilege('scorecard.observation', 'INSERT, UPDATE')) THEN
        RAISE EXCEPTION 'only a role that may write the scorecard can register a measure source'
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'It needs UPDATE on scorecard.measure and INSERT, UPDATE on scorecard.observation.';
    END IF;
    IF period_grain IS DISTINCT FROM 'month' AND period_grain IS DISTINCT FROM 'week' THEN
        RAISE EXCEPTION 'period_grain must be ''month'' or ''week'', not %', coalesce(quote_literal(period_grain), 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT string_agg(w.name, ', ') INTO missing
      FROM (VALUES ('period_start'), ('numerator'), ('denominator')) AS w(name)
     WHERE NOT EXISTS (SELECT 1 FROM pg_attribute a
                        WHERE a.attrelid = register_measure_source.source AND a.attname = w.name AND a.attnum > 0 AND NOT a.attisdropped);
    IF missing IS NOT NULL THEN
        RAISE EXCEPTION 'measure source % lacks column(s) %', source, missing
            USING ERRCODE = 'undefined_column',
                  HINT = 'A source returns period_start date, numerator numeric, denominator numeric.';
    END IF;
    FOR col IN SELECT a.attname, a.atttypid FROM pg_attribute a
                WHERE a.attrelid = register_measure_source.source AND a.attname IN ('period_start', 'numerator', 'denominator')
    LOOP
        IF (col.attname = 'period_start' AND col.atttypid <> 'date'::regtype)
           OR (col.attname <> 'period_start'
               AND col.atttypid NOT IN ('numeric'::regtype, 'integer'::regtype, 'bigint'::regtype, 'smallint'::regtype)) THEN
            RAISE EXCEPTION 'column % of measure source % has type %', col.attname, source, format_type(col.atttypid, NULL)
                USING ERRCODE = 'datatype_mismatch',
                      HINT = 'period_start must be a date; numerator and denominator numeric or integer.';
        END IF;
    END LOOP;
    IF NOT has_table_privilege(source, 'SELECT') THEN
        RAISE EXCEPTION 'you (%) may not read measure source %', quote_ident(current_user), source
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'A source is read with the rights of the role that registers it.';
    END IF;
    UPDATE scorecard.measure m
       SET source = (SELECT format('%I.%I', n.nspname, c.relname)
                       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                      WHERE c.oid = register_measure_source.source),
           source_grain = register_measure_source.period_grain,
           source_owner = current_user
     WHERE m.name = register_measure_source.measure_name;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'unknown measure %', quote_literal(measure_name)
            USING ERRCODE = 'foreign_key_violation';
    END IF;
END
$$;
COMMENT ON FUNCTION scorecard.register_measure_source(text, regclass, text) IS
    'Defines a measure by a query: source is a view or table returning period_start date, numerator, denominator (one row per period of the grain). The caller becomes the source''s owner: refresh_measures reads it with the caller''s rights. Refused (42501) for a role that may not write the scorecard or read the source, and for a source without those columns and types.';

CREATE OR REPLACE FUNCTION scorecard.refresh_measures(measure_name text DEFAULT NULL)
RETURNS integer
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    m record;
    parts text[];
    caller_role text := current_setting('role');
    starts date[];
    nums numeric[];
    dens numeric[];
    rows integer;
    total integer := 0;
BEGIN
    FOR m IN SELECT * FROM scorecard.measure
              WHERE source IS NOT NULL AND (measure_name IS NULL OR name = measure_name)
              ORDER BY measure_id
    LOOP
        BEGIN
            parts := parse_ident(m.source);
        EXCEPTION WHEN invalid_parameter_value THEN
            parts := NULL;
        END;
        IF parts IS NULL OR cardinality(parts) <> 2 THEN
            RAISE EXCEPTION 'the source % of measure % is not schema.relation; it is not read', quote_literal(m.source), quote_literal(m.name)
                USING ERRCODE = 'invalid_name',
                      HINT = 'Register it again with scorecard.register_measure_source.';
        END IF;
        IF NOT EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = m.source_owner) THEN
            RAISE EXCEPTION 'the source of measure % belongs to role %, which does not exist', quote_literal(m.name), quote_ident(m.source_owner)
                USING ERRCODE = 'undefined_object',
                      HINT = 'Register the source again as the role that should read it.';
        END IF;
        IF NOT pg_has_role(current_user, m.source_owner, 'MEMBER') THEN
            RAISE EXCEPTION 'the source of measure % is read with the rights of role %, of which % is not a member',
                            quote_literal(m.name), quote_ident(m.source_owner), quote_ident(current_user)
                USING ERRCODE = 'insufficient_privilege',
                      HINT = 'Refresh it as that role (or a member of it).';
        END IF;
        -- Read the source as its owner, then write as the caller.
        PERFORM set_config('role', m.source_owner, true);
        IF to_regclass(format('%I.%I', parts[1], parts[2])) IS NULL THEN
            RAISE EXCEPTION 'the source % of measure % no longer exists', m.source, quote_literal(m.name)
                USING ERRCODE = 'undefined_table';
        END IF;
        EXECUTE format('SELECT array_agg(s.period_start ORDER BY s.period_start), array_agg(s.numerator::numeric ORDER BY s.period_start),
                               array_agg(s.denominator::numeric ORDER BY s.period_start) FROM %I.%I AS s', parts[1], parts[2])
           INTO starts, nums, dens;
        PERFORM set_config('role', caller_role, true);
        INSERT INTO scorecard.observation AS o (measure_id, period_grain, period_start, numerator, denominator, note)
        SELECT m.measure_id, m.source_grain, r.period_start, r.numerator, r.denominator, 'computed from ' || m.source
          FROM unnest(starts, nums, dens) AS r(period_start, numerator, denominator)
        ON CONFLICT (measure_id, period_grain, period_start) DO UPDATE
           SET numerator = EXCLUDED.numerator, denominator = EXCLUDED.denominator, value = NULL,
               recorded_at = now(), note = EXCLUDED.note
         WHERE o.numerator IS DISTINCT FROM EXCLUDED.numerator OR o.denominator IS DISTINCT FROM EXCLUDED.denominator;
        GET DIAGNOSTICS rows = ROW_COUNT;
        total := total + rows;
    END LOOP;
    RETURN total;
END
$$;
COMMENT ON FUNCTION scorecard.refresh_measures(text) IS
    'Writes the observations of every measure with a registered source (or of one), from the source''s rows, read with the rights of the source''s owner (the role that registered it; the caller must be a member of it, 42501 otherwise): new periods are added, changed ones updated, unchanged ones left alone; returns the rows written. The same checks as hand-entered observations apply, and a bad row writes nothing. Schedule it (e.g. nightly with pg_cron) to keep the scorecard current.';


-- ---------------------------------------------------------------------
-- Last: the read-only role's grants, as a fresh install ends
-- (sql/shared/grants.sql), so new objects are readable by it.
-- ---------------------------------------------------------------------
GRANT USAGE ON SCHEMA scorecard TO scorecard_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA scorecard TO scorecard_reader;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA scorecard TO scorecard_reader;
