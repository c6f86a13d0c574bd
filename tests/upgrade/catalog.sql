-- Describe everything extension pg_scorecard owns, one line per fact, in a
-- stable order, so that two databases compare with diff: a fresh install
-- against an upgraded one (tests/upgrade), or one release against the next.
-- Names, never OIDs; ACLs sorted; columns in their ordinal position (so new
-- columns go at the end of a table's definition, where ALTER TABLE ADD
-- COLUMN puts them on an upgrade).
--
--   psql -X -At -v ON_ERROR_STOP=1 -d DB -f tests/upgrade/catalog.sql
\set ON_ERROR_STOP 1
\pset format unaligned
\pset tuples_only on
SET search_path = pg_catalog, pg_temp;

CREATE TEMP VIEW ext_member AS
SELECT d.classid, d.objid, d.objsubid
  FROM pg_depend d
 WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
   AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'pg_scorecard');

-- The extension itself: version aside, schema, config tables and filters.
SELECT 'extension schema=' || n.nspname || ' relocatable=' || e.extrelocatable
  FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_scorecard';
SELECT 'config ' || c.oid::regclass::text || ' filter=' || coalesce(e.extcondition[i], '')
  FROM pg_extension e, generate_subscripts(e.extconfig, 1) i, pg_class c
 WHERE e.extname = 'pg_scorecard' AND c.oid = e.extconfig[i]
 ORDER BY 1;

-- Every member object, by its description.
SELECT 'member ' || pg_describe_object(classid, objid, objsubid) FROM ext_member ORDER BY 1;

-- Functions, procedures and aggregates: signature, properties, body, ACL, comment.
SELECT 'function ' || p.oid::regprocedure::text
       || ' returns ' || coalesce(pg_get_function_result(p.oid), '')
       || ' kind=' || p.prokind::text || ' volatile=' || p.provolatile::text || ' strict=' || p.proisstrict
       || ' parallel=' || p.proparallel::text || ' secdef=' || p.prosecdef || ' leakproof=' || p.proleakproof
       || ' cost=' || p.procost || ' rows=' || p.prorows
       || ' config=' || coalesce(p.proconfig::text, '')
       || ' args=' || pg_get_function_arguments(p.oid)
       || ' acl=' || coalesce((SELECT string_agg(a::text, ',' ORDER BY a::text) FROM unnest(p.proacl) a), '')
       || ' comment=' || coalesce(obj_description(p.oid, 'pg_proc'), '')
       || CASE WHEN p.prokind::text = 'a' THEN ''
               ELSE E'\n  ' || replace(pg_get_functiondef(p.oid), E'\n', E'\n  ') END
  FROM pg_proc p JOIN ext_member m ON m.classid = 'pg_proc'::regclass AND m.objid = p.oid
 ORDER BY 1;

SELECT 'aggregate ' || a.aggfnoid::regprocedure::text
       || ' kind=' || a.aggkind::text || ' sfunc=' || a.aggtransfn::regprocedure::text
       || ' stype=' || format_type(a.aggtranstype, NULL)
       || ' final=' || coalesce(nullif(a.aggfinalfn, 0)::regprocedure::text, '-')
       || ' combine=' || coalesce(nullif(a.aggcombinefn, 0)::regprocedure::text, '-')
       || ' serial=' || coalesce(nullif(a.aggserialfn, 0)::regprocedure::text, '-')
       || ' deserial=' || coalesce(nullif(a.aggdeserialfn, 0)::regprocedure::text, '-')
       || ' finalextra=' || a.aggfinalextra || ' finalmodify=' || a.aggfinalmodify::text
       || ' init=' || coalesce(a.agginitval, '-')
  FROM pg_aggregate a JOIN ext_member m ON m.classid = 'pg_proc'::regclass AND m.objid = a.aggfnoid
 ORDER BY 1;

-- Types (composite types list their fields; their relation is not a member).
SELECT 'type ' || format_type(t.oid, NULL) || ' type=' || t.typtype::text
       || ' acl=' || coalesce((SELECT string_agg(a::text, ',' ORDER BY a::text) FROM unnest(t.typacl) a), '')
       || ' comment=' || coalesce(obj_description(t.oid, 'pg_type'), '')
  FROM pg_type t JOIN ext_member m ON m.classid = 'pg_type'::regclass AND m.objid = t.oid
 ORDER BY 1;

CREATE TEMP VIEW ext_rel AS
SELECT c.oid, c.relname, c.relkind::text FROM pg_class c JOIN ext_member m ON m.classid = 'pg_class'::regclass AND m.objid = c.oid
UNION
SELECT c.oid, c.relname, c.relkind::text FROM pg_class c
  JOIN pg_type t ON t.oid = c.reltype JOIN ext_member m ON m.classid = 'pg_type'::regclass AND m.objid = t.oid;

-- Relations: kind, options, RLS, ACL, comment; view definitions.
SELECT 'relation ' || c.oid::regclass::text || ' kind=' || c.relkind::text
       || ' persistence=' || c.relpersistence::text || ' options=' || coalesce(c.reloptions::text, '')
       || ' rls=' || c.relrowsecurity || ' force_rls=' || c.relforcerowsecurity
       || ' acl=' || coalesce((SELECT string_agg(a::text, ',' ORDER BY a::text) FROM unnest(c.relacl) a), '')
       || ' comment=' || coalesce(obj_description(c.oid, 'pg_class'), '')
       || CASE WHEN c.relkind::text IN ('v', 'm') THEN E'\n  ' || replace(pg_get_viewdef(c.oid), E'\n', E'\n  ') ELSE '' END
  FROM pg_class c JOIN ext_rel r ON r.oid = c.oid
 ORDER BY 1;

-- Columns in ordinal position.
SELECT 'column ' || c.oid::regclass::text || ' #' || row_number() OVER (PARTITION BY c.oid ORDER BY a.attnum)
       || ' ' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
       || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
       || CASE WHEN a.attidentity <> '' THEN ' identity=' || a.attidentity::text ELSE '' END
       || CASE WHEN a.attgenerated <> '' THEN ' generated=' || a.attgenerated::text ELSE '' END
       || coalesce(' default=' || pg_get_expr(ad.adbin, ad.adrelid), '')
       || coalesce(' collation=' || nullif(a.attcollation, 0)::regcollation::text, '')
       || ' acl=' || coalesce((SELECT string_agg(x::text, ',' ORDER BY x::text) FROM unnest(a.attacl) x), '')
       || ' comment=' || coalesce(col_description(c.oid, a.attnum), '')
  FROM pg_class c JOIN ext_rel r ON r.oid = c.oid
  JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
  LEFT JOIN pg_attrdef ad ON ad.adrelid = c.oid AND ad.adnum = a.attnum
 ORDER BY c.oid::regclass::text, a.attnum;

-- Constraints, indexes, triggers, policies, sequences.
SELECT 'constraint ' || c.conrelid::regclass::text || ' ' || c.conname || ' ' || pg_get_constraintdef(c.oid)
       || ' deferrable=' || c.condeferrable || ' deferred=' || c.condeferred
  FROM pg_constraint c JOIN ext_rel r ON r.oid = c.conrelid
 ORDER BY 1;
SELECT 'index ' || pg_get_indexdef(i.indexrelid)
  FROM pg_index i JOIN ext_rel r ON r.oid = i.indrelid
 ORDER BY 1;
SELECT 'trigger ' || pg_get_triggerdef(t.oid) || ' enabled=' || t.tgenabled::text
  FROM pg_trigger t JOIN ext_rel r ON r.oid = t.tgrelid
 WHERE NOT t.tgisinternal
 ORDER BY 1;
SELECT 'policy ' || p.polrelid::regclass::text || ' ' || p.polname || ' cmd=' || p.polcmd::text
       || ' permissive=' || p.polpermissive
       || ' roles=' || (SELECT string_agg(CASE WHEN r = 0 THEN 'public' ELSE r::regrole::text END, ',' ORDER BY 1)
                          FROM unnest(p.polroles) r)
       || ' using=' || coalesce(pg_get_expr(p.polqual, p.polrelid), '')
       || ' check=' || coalesce(pg_get_expr(p.polwithcheck, p.polrelid), '')
  FROM pg_policy p JOIN ext_rel r ON r.oid = p.polrelid
 ORDER BY 1;
SELECT 'sequence ' || s.seqrelid::regclass::text || ' type=' || format_type(s.seqtypid, NULL)
       || ' start=' || s.seqstart || ' increment=' || s.seqincrement || ' min=' || s.seqmin
       || ' max=' || s.seqmax || ' cache=' || s.seqcache || ' cycle=' || s.seqcycle
  FROM pg_sequence s JOIN ext_rel r ON r.oid = s.seqrelid
 ORDER BY 1;

-- The schema's own grants, and the roles the extension creates.
SELECT 'schema ' || n.nspname || ' acl='
       || coalesce((SELECT string_agg(a::text, ',' ORDER BY a::text) FROM unnest(n.nspacl) a), '')
  FROM pg_namespace n WHERE n.nspname = 'scorecard';
SELECT 'role ' || rolname || ' login=' || rolcanlogin || ' super=' || rolsuper || ' inherit=' || rolinherit
       || ' comment=' || coalesce(shobj_description(oid, 'pg_authid'), '')
  FROM pg_roles WHERE rolname LIKE 'scorecard\_%' ORDER BY 1;
