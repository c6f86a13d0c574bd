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
