-- template: empty
-- What a DBA checks before trusting an extension: every object in schema
-- scorecard, a comment on every view, view column, table, table column and
-- function, no SECURITY DEFINER, plpgsql functions with a pinned
-- search_path, and views whose columns a BI tool can read.

SELECT e.extname, n.nspname AS schema, e.extrelocatable
  FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
 WHERE e.extname = 'pg_scorecard';

-- Every member object of the extension lives in schema scorecard.
SELECT pg_describe_object(d.classid, d.objid, 0) AS outside_scorecard
  FROM pg_depend d
  JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'pg_scorecard'
 WHERE d.deptype = 'e'
   AND pg_describe_object(d.classid, d.objid, 0) NOT LIKE '%scorecard.%'
 ORDER BY 1;

-- Functions and aggregates without a comment (expect none).
SELECT p.oid::regprocedure AS uncommented_function
  FROM pg_proc p
 WHERE p.pronamespace = 'scorecard'::regnamespace
   AND obj_description(p.oid, 'pg_proc') IS NULL
 ORDER BY 1;

-- Tables and views without a comment, and their columns without one.
SELECT c.relname AS uncommented_relation
  FROM pg_class c
 WHERE c.relnamespace = 'scorecard'::regnamespace AND c.relkind IN ('r', 'v', 'm')
   AND obj_description(c.oid, 'pg_class') IS NULL
 ORDER BY 1;
SELECT c.relname, a.attname AS uncommented_column
  FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
 WHERE c.relnamespace = 'scorecard'::regnamespace AND c.relkind IN ('r', 'v', 'm', 'c')
   AND col_description(c.oid, a.attnum) IS NULL
 ORDER BY 1, 2;
-- Result types (composite) and their comments.
SELECT t.typname AS result_type, obj_description(t.oid, 'pg_type') IS NOT NULL AS commented
  FROM pg_type t JOIN pg_class c ON c.oid = t.typrelid
 WHERE t.typnamespace = 'scorecard'::regnamespace AND c.relkind = 'c'
 ORDER BY 1;

-- No SECURITY DEFINER anywhere; plpgsql functions pin their search_path.
SELECT p.oid::regprocedure AS security_definer
  FROM pg_proc p WHERE p.pronamespace = 'scorecard'::regnamespace AND p.prosecdef;
SELECT p.oid::regprocedure AS plpgsql_without_search_path
  FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
 WHERE p.pronamespace = 'scorecard'::regnamespace AND l.lanname = 'plpgsql'
   AND NOT coalesce(p.proconfig, '{}') @> ARRAY['search_path=pg_catalog, pg_temp'];

-- View columns are plain types a BI tool reads (date, text, integer,
-- bigint, numeric, boolean): list anything else (expect none).
SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod) AS not_plain
  FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0
 WHERE c.relnamespace = 'scorecard'::regnamespace AND c.relkind = 'v'
   AND a.atttypid NOT IN ('date'::regtype, 'text'::regtype, 'integer'::regtype,
                          'bigint'::regtype, 'numeric'::regtype, 'boolean'::regtype)
 ORDER BY 1, 2;

-- The views and their columns, as a BI tool will see them.
SELECT c.relname AS view, string_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod), ', ' ORDER BY a.attnum) AS columns
  FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0
 WHERE c.relnamespace = 'scorecard'::regnamespace AND c.relkind = 'v'
 GROUP BY c.relname ORDER BY 1;

-- pg_dump keeps the user's rows: the tables are registered as config tables.
SELECT d.dumped, d.filter
  FROM pg_extension e, unnest(e.extconfig::regclass[], e.extcondition) AS d(dumped, filter)
 WHERE e.extname = 'pg_scorecard' ORDER BY d.dumped::text;

-- Aggregates can run in parallel and on Citus' workers: a combine function,
-- PARALLEL SAFE, and a state type that is a real type (not a pseudo-type
-- such as internal: Citus ships a worker's state through its text I/O).
SELECT a.aggfnoid::regprocedure AS aggregate, a.aggcombinefn, a.aggtranstype::regtype AS state_type,
       t.typtype AS state_typtype, t.typlen AS state_length, p.proparallel
  FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid JOIN pg_type t ON t.oid = a.aggtranstype
 WHERE p.pronamespace = 'scorecard'::regnamespace ORDER BY a.aggfnoid::regprocedure::text;

-- The read-only role reads every table and view and writes none.
SELECT count(*) AS relations,
       count(*) FILTER (WHERE has_table_privilege('scorecard_reader', c.oid, 'SELECT')) AS readable,
       count(*) FILTER (WHERE has_table_privilege('scorecard_reader', c.oid, 'INSERT, UPDATE, DELETE, TRUNCATE')) AS writable
  FROM pg_class c WHERE c.relnamespace = 'scorecard'::regnamespace AND c.relkind IN ('r', 'v');

-- Nothing depends on the caller's search_path: the views still work with
-- an empty one.
SET search_path = '';
SELECT count(*) AS measure_scores_rows FROM scorecard.measure_scores;
SELECT scorecard.balance(0.5, 0.4);
RESET search_path;
