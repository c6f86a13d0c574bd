-- pg_scorecard: measures computed from the warehouse. A measure can be
-- defined once by a query (a view returning period_start, numerator,
-- denominator) and registered; scorecard.refresh_measures then writes its
-- observations, so the scorecard refreshes itself from the data.
--
-- The rules (docs/security.md): only a role that may write the scorecard and
-- read the source can register it, and becomes its owner; the source is
-- read with its owner's rights (SET ROLE), never the refresher's, so a
-- writer's code cannot run as a superuser's nightly refresh; the stored
-- name is quoted on use (parse_ident, %I), never pasted into SQL. Nothing
-- here is SECURITY DEFINER.

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
                WHERE a.attrelid = register_measure_source.source AND a.attnum > 0 AND NOT a.attisdropped
                  AND a.attname IN ('period_start', 'numerator', 'denominator', 'service_line')
    LOOP
        IF (col.attname = 'period_start' AND col.atttypid <> 'date'::regtype)
           OR (col.attname = 'service_line' AND col.atttypid <> 'text'::regtype)
           OR (col.attname IN ('numerator', 'denominator')
               AND col.atttypid NOT IN ('numeric'::regtype, 'integer'::regtype, 'bigint'::regtype, 'smallint'::regtype)) THEN
            RAISE EXCEPTION 'column % of measure source % has type %', col.attname, source, format_type(col.atttypid, NULL)
                USING ERRCODE = 'datatype_mismatch',
                      HINT = 'period_start must be a date; numerator and denominator numeric or integer; service_line, if there is one, text.';
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
    'Defines a measure by a query: source is a view or table returning period_start date, numerator, denominator (one row per period of the grain; or, with a service_line text column, one per period and line: a measure in a unit with a service line reads its line''s rows, any other measure the sum of a period''s rows). The caller becomes the source''s owner: refresh_measures reads it with the caller''s rights. Refused (42501) for a role that may not write the scorecard or read the source, and for a source without those columns and types.';

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
    line text;
    by_line boolean;
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
        SELECT u.service_line INTO line FROM scorecard.org_unit u WHERE u.name = m.org_unit;
        -- Read the source as its owner, then write as the caller.
        PERFORM set_config('role', m.source_owner, true);
        IF to_regclass(format('%I.%I', parts[1], parts[2])) IS NULL THEN
            RAISE EXCEPTION 'the source % of measure % no longer exists', m.source, quote_literal(m.name)
                USING ERRCODE = 'undefined_table';
        END IF;
        -- A source with a service_line column has a row per period and line:
        -- a measure of a unit that is a service line reads its line's rows,
        -- any other the sum of each period's. The line is a parameter.
        by_line := EXISTS (SELECT 1 FROM pg_attribute a
                            WHERE a.attrelid = format('%I.%I', parts[1], parts[2])::regclass
                              AND a.attname = 'service_line' AND a.attnum > 0 AND NOT a.attisdropped);
        IF line IS NOT NULL AND NOT by_line THEN
            RAISE EXCEPTION 'measure % is on the scorecard of service line %, but its source % has no service_line column',
                            quote_literal(m.name), quote_literal(line), m.source
                USING ERRCODE = 'invalid_table_definition',
                      HINT = 'Give the source a service_line column, or put the measure on a unit without a service line.';
        END IF;
        IF by_line THEN
            EXECUTE format('SELECT array_agg(s.period_start ORDER BY s.period_start), array_agg(s.numerator ORDER BY s.period_start),
                                   array_agg(s.denominator ORDER BY s.period_start)
                              FROM (SELECT r.period_start, sum(r.numerator)::numeric AS numerator, sum(r.denominator)::numeric AS denominator
                                      FROM %I.%I AS r WHERE $1 IS NULL OR r.service_line = $1
                                     GROUP BY r.period_start) AS s', parts[1], parts[2])
               INTO starts, nums, dens
              USING line;
        ELSE
            EXECUTE format('SELECT array_agg(s.period_start ORDER BY s.period_start), array_agg(s.numerator::numeric ORDER BY s.period_start),
                                   array_agg(s.denominator::numeric ORDER BY s.period_start) FROM %I.%I AS s', parts[1], parts[2])
               INTO starts, nums, dens;
        END IF;
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
    'Writes the observations of every measure with a registered source (or of one), from the source''s rows (a source with a service_line column: the rows of the line of the measure''s unit, else each period''s sum), read with the rights of the source''s owner (the role that registered it; the caller must be a member of it, 42501 otherwise): new periods are added, changed ones updated, unchanged ones left alone; returns the rows written. The same checks as hand-entered observations apply, and a bad row writes nothing. Schedule it (e.g. nightly with pg_cron) to keep the scorecard current.';
