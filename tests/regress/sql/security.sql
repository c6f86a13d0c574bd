-- template: bch
-- Trust: a role that may write the scorecard cannot turn a superuser's
-- refresh_measures() against the database, nor read what it may not read;
-- the extension refuses a schema prepared by someone else; the reports are
-- safe under a hostile search_path. Each case failed on 0.1.0.
SET client_min_messages = warning;
DROP ROLE IF EXISTS etl, etl_other;
RESET client_min_messages;

-- A scorecard writer, as the documentation describes one.
CREATE ROLE etl;
CREATE ROLE etl_other;
GRANT USAGE ON SCHEMA scorecard TO etl, etl_other;
GRANT SELECT, UPDATE ON scorecard.measure TO etl, etl_other;
GRANT SELECT, INSERT, UPDATE ON scorecard.observation TO etl, etl_other;
GRANT SELECT ON ALL TABLES IN SCHEMA scorecard TO etl, etl_other;
CREATE SCHEMA etl AUTHORIZATION etl;
CREATE SCHEMA secret;
CREATE TABLE secret.t AS SELECT DATE '2016-06-01' AS period_start, 1 AS numerator, 2 AS denominator;
INSERT INTO scorecard.objective VALUES ('Customer', 'Warehouse measures', NULL);
INSERT INTO scorecard.measure (name, discipline, objective, weight) VALUES
    ('Injected', 'Customer', 'Warehouse measures', 0),
    ('Escalating', 'Customer', 'Warehouse measures', 0),
    ('Confused deputy', 'Customer', 'Warehouse measures', 0);

-- 1. SQL injection through measure.source: a name that is not
-- schema.relation is refused when written, by anyone...
SET ROLE etl;
SELECT public.sqlerr($$UPDATE scorecard.measure SET source = 'etl.x/**/as/**/s;set/**/search_path=scorecard;alter/**/role/**/etl/**/superuser;--', source_grain = 'month' WHERE name = 'Injected'$$);
RESET ROLE;
SELECT public.sqlerr($$UPDATE scorecard.measure SET source = 'etl.x/**/as/**/s;alter/**/role/**/etl/**/superuser;--', source_grain = 'month' WHERE name = 'Injected'$$);
-- ... and one stored before this rule (as 0.1.0 allowed) is never run.
ALTER TABLE scorecard.measure DISABLE TRIGGER measure_check;
UPDATE scorecard.measure SET source = 'etl.x/**/as/**/s;alter/**/role/**/etl/**/superuser;--', source_grain = 'month', source_owner = 'etl'
 WHERE name = 'Injected';
ALTER TABLE scorecard.measure ENABLE TRIGGER measure_check;
SELECT public.sqlerr($$SELECT scorecard.refresh_measures('Injected')$$);
UPDATE scorecard.measure SET source = NULL, source_grain = NULL WHERE name = 'Injected';
SELECT rolsuper AS etl_is_superuser FROM pg_roles WHERE rolname = 'etl';

-- 2. A source runs with its owner's rights, never the refresher's. The
-- writer's view calls a function that tries to make the writer superuser.
SET ROLE etl;
CREATE FUNCTION etl.escalate() RETURNS integer LANGUAGE plpgsql AS $$
BEGIN
    ALTER ROLE etl SUPERUSER;
    RETURN 1;
END $$;
CREATE VIEW etl.escalating AS SELECT DATE '2016-06-01' AS period_start, etl.escalate() AS numerator, 1 AS denominator;
SELECT scorecard.register_measure_source('Escalating', 'etl.escalating');
SELECT name, source, source_grain, source_owner FROM scorecard.measure WHERE name = 'Escalating';
RESET ROLE;
-- The superuser's nightly refresh reads it as etl: the ALTER ROLE fails
-- (42501; the message differs between PostgreSQL versions).
SELECT split_part(public.sqlerr($$SELECT scorecard.refresh_measures('Escalating')$$), ':', 1) AS sqlstate;
SELECT rolsuper AS etl_is_superuser FROM pg_roles WHERE rolname = 'etl';
SELECT current_user, current_setting('role') AS role_after_refresh;

-- A writer cannot register (nor write) a source owned by someone else, nor
-- a relation it may not read (the confused deputy).
SET ROLE etl;
SELECT public.sqlerr($$SELECT scorecard.register_measure_source('Confused deputy', 'secret.t')$$);
SELECT public.sqlerr($$UPDATE scorecard.measure SET source = 'secret.t', source_grain = 'month', source_owner = 'postgres' WHERE name = 'Confused deputy'$$);
RESET ROLE;
-- Even stored by a superuser with etl as its owner, it is read as etl.
UPDATE scorecard.measure SET source = 'secret.t', source_grain = 'month', source_owner = 'etl' WHERE name = 'Confused deputy';
SELECT public.sqlerr($$SELECT scorecard.refresh_measures('Confused deputy')$$);
SELECT count(*) AS copied_secret_rows FROM scorecard.observation o JOIN scorecard.measure m USING (measure_id)
 WHERE m.name = 'Confused deputy';
-- A refresher who is not a member of the owner role is refused.
SET ROLE etl_other;
SELECT public.sqlerr($$SELECT scorecard.refresh_measures('Confused deputy')$$);
RESET ROLE;
-- The sample's own sources (owned by the installing superuser) still refresh.
UPDATE scorecard.measure SET source = NULL, source_grain = NULL WHERE name IN ('Escalating', 'Confused deputy');
SELECT scorecard.refresh_measures() AS unchanged;
SELECT name, source_owner = current_user AS owned_by_installer FROM scorecard.measure WHERE source IS NOT NULL ORDER BY name;

-- 3. A schema scorecard prepared by another role is refused, as is a
-- non-empty one, with nothing bound to the planted objects.
CREATE DATABASE regress_planted;
\c regress_planted
SET client_min_messages = warning;
CREATE ROLE planter;
RESET client_min_messages;
CREATE SCHEMA scorecard AUTHORIZATION planter;
CREATE FUNCTION scorecard.times(numeric, integer) RETURNS numeric LANGUAGE sql AS 'SELECT 0::numeric';
CREATE OPERATOR scorecard.* (LEFTARG = numeric, RIGHTARG = integer, FUNCTION = scorecard.times);
-- (Without the error's context: PostgreSQL 18 adds the script's statement.)
\set SHOW_CONTEXT never
CREATE EXTENSION pg_scorecard;
ALTER SCHEMA scorecard OWNER TO postgres;
CREATE EXTENSION pg_scorecard;
\set SHOW_CONTEXT errors
DROP SCHEMA scorecard CASCADE;
DROP ROLE planter;
-- An empty schema the installer owns is fine.
CREATE SCHEMA scorecard;
CREATE EXTENSION pg_scorecard;
SELECT extversion IS NOT NULL AS installed FROM pg_extension WHERE extname = 'pg_scorecard';
\c regress_security
DROP DATABASE regress_planted;

-- 4. The reports under a hostile search_path: look-alikes of functions and
-- operators the reports use, in a schema put before pg_catalog.
CREATE TABLE public.hijacked (what text);
CREATE FUNCTION public.to_char(date, text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN INSERT INTO public.hijacked VALUES ('to_char(date, text)'); RETURN 'x'; END $$;
CREATE FUNCTION public.to_char(numeric, text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN INSERT INTO public.hijacked VALUES ('to_char(numeric, text)'); RETURN 'x'; END $$;
CREATE FUNCTION public.round(numeric, integer) RETURNS numeric LANGUAGE plpgsql AS $$
BEGIN INSERT INTO public.hijacked VALUES ('round(numeric, integer)'); RETURN 0; END $$;
CREATE FUNCTION public.times(numeric, integer) RETURNS numeric LANGUAGE plpgsql AS $$
BEGIN INSERT INTO public.hijacked VALUES ('*(numeric, integer)'); RETURN 0; END $$;
CREATE OPERATOR public.* (LEFTARG = numeric, RIGHTARG = integer, FUNCTION = public.times);
SET search_path = public, pg_catalog;
\set ECHO none
\o /dev/null
\set period 2016-06-01
\set grain month
\set discipline Finance
\set as_of 2016-06-30
\set from 2016-01-01
\set to 2017-01-01
\i reports/director_scorecard.sql
\i reports/deep_dive.sql
\i reports/ar_weekly.sql
\i reports/service_line_pnl.sql
\i reports/break_even.sql
\i reports/case_rates.sql
\o
\set ECHO all
SELECT current_setting('search_path') AS search_path_after_reports;
SELECT count(*) AS hijacked_calls FROM public.hijacked;
RESET search_path;

SET client_min_messages = warning;
DROP SCHEMA etl CASCADE;
DROP SCHEMA secret CASCADE;
DROP OWNED BY etl, etl_other;
DROP ROLE etl, etl_other;
