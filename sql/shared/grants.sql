-- pg_scorecard: the read-only role BI tools connect as.
--
-- scorecard_reader (NOLOGIN) may read every table and view of schema
-- scorecard and call its functions, and change nothing. Roles are
-- cluster-wide, so it is created only if absent and survives DROP
-- EXTENSION; grant it to a login role:
--   CREATE ROLE metabase LOGIN PASSWORD '...' IN ROLE scorecard_reader;
-- (The report views call functions that read the tables as the caller, so
-- the role reads the tables too; it has no other privilege.)

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'scorecard_reader') THEN
        CREATE ROLE scorecard_reader NOLOGIN;
        COMMENT ON ROLE scorecard_reader IS 'Read-only access to pg_scorecard''s tables and views (schema scorecard), for BI tools and analysts.';
    END IF;
END
$$;

GRANT USAGE ON SCHEMA scorecard TO scorecard_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA scorecard TO scorecard_reader;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA scorecard TO scorecard_reader;
