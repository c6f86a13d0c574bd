-- Writes a script that prints, for every table and view of extension
-- pg_scorecard, its row count and an md5 of its rows in a stable order, with
-- the columns it has now. Run that script on two databases (or on one before
-- and after a change) and diff: tests/upgrade/run.sh and the dump test do.
-- Tables are compared as stored; views by value (numeric columns through
-- trim_scale, so 0.8430 and 0.843 are the same answer).
--   psql -X -At -d DB -f tests/lib/relation_hashes.sql > hash.sql
SELECT format(
         'SELECT %L || %L || count(*) || %L || coalesce(md5(string_agg(r::text, E''\n'' ORDER BY r::text)), %L) FROM (SELECT %s FROM %s) r;',
         CASE c.relkind WHEN 'v' THEN 'view ' ELSE 'table ' END || c.oid::regclass::text, ' rows=', ' md5=', '-',
         string_agg(CASE WHEN c.relkind = 'v' AND a.atttypid = 'numeric'::regtype
                         THEN format('pg_catalog.trim_scale(%1$I) AS %1$I', a.attname)
                         ELSE quote_ident(a.attname) END, ', ' ORDER BY a.attnum), c.oid::regclass)
  FROM pg_class c
  JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e'
  JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'pg_scorecard'
  JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
 WHERE c.relkind IN ('r', 'v')
 GROUP BY c.oid, c.relkind
 ORDER BY c.relkind, c.oid::regclass::text;
