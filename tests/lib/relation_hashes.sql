-- Writes a script that prints, for every table and view of extension
-- pg_scorecard, its row count and an md5 of its rows in a stable order, with
-- the columns it has now. Run that script on two databases (or on one before
-- and after a change) and diff: tests/upgrade/run.sh and the dump test do.
--   psql -X -At -d DB -f tests/lib/relation_hashes.sql > hash.sql
SELECT format(
         'SELECT %L || %L || count(*) || %L || coalesce(md5(string_agg(r::text, E''\n'' ORDER BY r::text)), %L) FROM (SELECT %s FROM %s) r;',
         CASE c.relkind WHEN 'v' THEN 'view ' ELSE 'table ' END || c.oid::regclass::text, ' rows=', ' md5=', '-',
         string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum), c.oid::regclass)
  FROM pg_class c
  JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e'
  JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'pg_scorecard'
  JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
 WHERE c.relkind IN ('r', 'v')
 GROUP BY c.oid, c.relkind
 ORDER BY c.relkind, c.oid::regclass::text;
