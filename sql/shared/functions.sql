-- pg_scorecard: helpers every family's SQL uses.

-- A date in messages: ISO, with " BC" for dates before the year 1 (which
-- to_char's YYYY drops), and 'infinity' / '-infinity' as they are.
CREATE OR REPLACE FUNCTION scorecard.date_text(d date)
RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN CASE WHEN NOT pg_catalog.isfinite(d) THEN d::text
            WHEN d < DATE '0001-01-01' THEN pg_catalog.to_char(d, 'YYYY-MM-DD') || ' BC'
            ELSE pg_catalog.to_char(d, 'YYYY-MM-DD')
       END;
COMMENT ON FUNCTION scorecard.date_text(date) IS
    'A date as the extension''s messages show it: YYYY-MM-DD, with BC for dates before the year 1, and infinity as such.';

CREATE OR REPLACE FUNCTION scorecard.report_figure(x numeric, unit text, signed boolean DEFAULT false)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN x IS NULL THEN NULL
            WHEN unit = 'ratio'
                THEN pg_catalog.to_char(pg_catalog.round(x * 100, 2), CASE WHEN signed THEN 'FMS990.00' ELSE 'FM990.00' END) || '%'
            ELSE pg_catalog.to_char(pg_catalog.round(x, 2), CASE WHEN signed THEN 'FMS999,999,999,990.00' ELSE 'FM999,999,999,990.00' END)
                 || ' ' || unit
       END;
COMMENT ON FUNCTION scorecard.report_figure(numeric, text, boolean) IS
    'A scorecard figure as the reports print it: a ratio as a percentage with two decimals (0.4747 -> 47.47%), any other unit as a number with two decimals and the unit (137 -> 137.00 days); signed puts + before positive balances.';

-- "Today" for every as-of-today view and report: the setting
-- scorecard.today when it is set (a demo, a back-dated close, a test),
-- else CURRENT_DATE. Set it for a database, a role or a session:
--   ALTER DATABASE warehouse SET scorecard.today = '2016-06-30';
CREATE OR REPLACE FUNCTION scorecard.today()
RETURNS date
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    setting text := nullif(btrim(current_setting('scorecard.today', true)), '');
    d date;
BEGIN
    IF setting IS NULL THEN
        RETURN CURRENT_DATE;
    END IF;
    -- ISO dates only (no exception block: this runs in parallel workers,
    -- which cannot start subtransactions); an impossible one such as
    -- 2016-02-30 still fails its cast with 22008.
    IF setting !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' THEN
        RAISE EXCEPTION 'scorecard.today must be a date as YYYY-MM-DD, got %', quote_literal(setting)
            USING ERRCODE = 'invalid_parameter_value', HINT = 'SET scorecard.today = ''2016-06-30'', or RESET scorecard.today for CURRENT_DATE.';
    END IF;
    d := setting::date;
    RETURN d;
END
$$;
COMMENT ON FUNCTION scorecard.today() IS
    'The date the as-of-today views and reports are as of: the setting scorecard.today (e.g. ALTER DATABASE warehouse SET scorecard.today = ''2016-06-30'') when set, else CURRENT_DATE. ERROR 22023 when the setting is not a date written YYYY-MM-DD (22008 for an impossible one).';

-- The moment a report as of the end of a day judges from: the end of that
-- day, or now if the day has not ended. What was entered after it (a late
-- note, a reconciliation) is not known to the report.
CREATE OR REPLACE FUNCTION scorecard.report_time(as_of date)
RETURNS timestamptz
LANGUAGE sql STABLE STRICT PARALLEL SAFE
RETURN LEAST(pg_catalog.now(), (as_of + 1)::timestamptz);
COMMENT ON FUNCTION scorecard.report_time(date) IS
    'The end of day as_of (midnight after it, session time zone), or now() while that day has not ended: the moment a report as of as_of knows the data up to.';
