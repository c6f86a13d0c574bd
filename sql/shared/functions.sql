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
