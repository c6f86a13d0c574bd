-- Shared by the reports in reports/ (included with \ir, first thing).
--
-- Output settings, and a safe search_path: a report may be run by a
-- superuser whose search_path puts a schema others can write first, where
-- a look-alike to_char(date, text) or *(numeric, integer) would be chosen
-- over PostgreSQL's own. From here on, functions and operators resolve in
-- pg_catalog only (pg_temp is searched for tables alone) and every
-- pg_scorecard object is written scorecard.x. lib/done.sql puts the
-- caller's search_path back.
\set QUIET on
\pset footer off
\pset null '-'
SELECT pg_catalog.current_setting('search_path') AS scorecard_report_saved_path,
       pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', false) AS scorecard_report_path \gset
