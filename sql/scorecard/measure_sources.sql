-- pg_scorecard: measures computed from the warehouse. A measure can be
-- defined once by a query (a view returning period_start, numerator,
-- denominator) and registered; scorecard.refresh_measures then writes its
-- observations, so the scorecard refreshes itself from the data. Only a
-- role that may write the scorecard can register one. Nothing here is
-- SECURITY DEFINER: the source is read with the caller's rights.

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
    UPDATE scorecard.measure m
       SET source = register_measure_source.source::text, source_grain = register_measure_source.period_grain
     WHERE m.name = register_measure_source.measure_name;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'unknown measure %', quote_literal(measure_name)
            USING ERRCODE = 'foreign_key_violation';
    END IF;
END
$$;
COMMENT ON FUNCTION scorecard.register_measure_source(text, regclass, text) IS
    'Defines a measure by a query: source is a view or table returning period_start date, numerator, denominator (one row per period of the grain). Refused (42501) for a role that may not write the scorecard, and for a source without those columns and types.';

CREATE OR REPLACE FUNCTION scorecard.refresh_measures(measure_name text DEFAULT NULL)
RETURNS integer
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    m record;
    rows integer;
    total integer := 0;
BEGIN
    FOR m IN SELECT * FROM scorecard.measure
              WHERE source IS NOT NULL AND (measure_name IS NULL OR name = measure_name)
              ORDER BY measure_id
    LOOP
        IF to_regclass(m.source) IS NULL THEN
            RAISE EXCEPTION 'the source % of measure % no longer exists', m.source, quote_literal(m.name)
                USING ERRCODE = 'undefined_table';
        END IF;
        EXECUTE format(
            'INSERT INTO scorecard.observation AS o (measure_id, period_grain, period_start, numerator, denominator, note)
             SELECT %s, %L, s.period_start, s.numerator, s.denominator, %L FROM %s AS s
             ON CONFLICT (measure_id, period_grain, period_start) DO UPDATE
                SET numerator = EXCLUDED.numerator, denominator = EXCLUDED.denominator, value = NULL,
                    recorded_at = now(), note = EXCLUDED.note
              WHERE o.numerator IS DISTINCT FROM EXCLUDED.numerator OR o.denominator IS DISTINCT FROM EXCLUDED.denominator',
            m.measure_id, m.source_grain, 'computed from ' || m.source, m.source);
        GET DIAGNOSTICS rows = ROW_COUNT;
        total := total + rows;
    END LOOP;
    RETURN total;
END
$$;
COMMENT ON FUNCTION scorecard.refresh_measures(text) IS
    'Writes the observations of every measure with a registered source (or of one), from the source''s rows: new periods are added, changed ones updated, unchanged ones left alone; returns the rows written. The same checks as hand-entered observations apply, and a bad row writes nothing. Schedule it (e.g. nightly with pg_cron) to keep the scorecard current.';
