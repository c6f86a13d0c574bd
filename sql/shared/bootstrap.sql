-- pg_scorecard installs into schema scorecard (the control file names it).
-- PostgreSQL creates that schema for CREATE EXTENSION, owned by the
-- installing role, unless it already exists; then it uses it as it is. A
-- schema someone else owns, or one holding objects already, could carry
-- look-alike functions and operators (e.g. *(numeric, integer)) that this
-- script's CHECK constraints, views and functions would bind to. So: refuse.
DO $bootstrap$
DECLARE
    ns oid;
    owner text;
    found text;
BEGIN
    SELECT n.oid, pg_catalog.pg_get_userbyid(n.nspowner) INTO ns, owner
      FROM pg_catalog.pg_namespace n WHERE n.nspname = 'scorecard';
    IF owner IS DISTINCT FROM current_user THEN
        RAISE EXCEPTION 'schema scorecard already exists and belongs to %, not to %', owner, current_user
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'pg_scorecard installs only into a schema it creates or an empty one the installing role owns. Drop or rename the schema first.';
    END IF;
    SELECT pg_catalog.string_agg(o.what, ', ') INTO found
      FROM (SELECT 'relation ' || c.relname AS what FROM pg_catalog.pg_class c WHERE c.relnamespace = ns
            UNION ALL SELECT 'function ' || p.proname FROM pg_catalog.pg_proc p WHERE p.pronamespace = ns
            UNION ALL SELECT 'type ' || t.typname FROM pg_catalog.pg_type t WHERE t.typnamespace = ns
            UNION ALL SELECT 'operator ' || o.oprname FROM pg_catalog.pg_operator o WHERE o.oprnamespace = ns
            UNION ALL SELECT 'collation ' || c.collname FROM pg_catalog.pg_collation c WHERE c.collnamespace = ns
            UNION ALL SELECT 'conversion ' || c.conname FROM pg_catalog.pg_conversion c WHERE c.connamespace = ns
            UNION ALL SELECT 'operator class ' || c.opcname FROM pg_catalog.pg_opclass c WHERE c.opcnamespace = ns
            UNION ALL SELECT 'operator family ' || f.opfname FROM pg_catalog.pg_opfamily f WHERE f.opfnamespace = ns
            UNION ALL SELECT 'text search configuration ' || c.cfgname FROM pg_catalog.pg_ts_config c WHERE c.cfgnamespace = ns
            UNION ALL SELECT 'text search dictionary ' || d.dictname FROM pg_catalog.pg_ts_dict d WHERE d.dictnamespace = ns
            UNION ALL SELECT 'text search parser ' || p.prsname FROM pg_catalog.pg_ts_parser p WHERE p.prsnamespace = ns
            UNION ALL SELECT 'text search template ' || t.tmplname FROM pg_catalog.pg_ts_template t WHERE t.tmplnamespace = ns
            UNION ALL SELECT 'statistics ' || s.stxname FROM pg_catalog.pg_statistic_ext s WHERE s.stxnamespace = ns) o;
    IF found IS NOT NULL THEN
        RAISE EXCEPTION 'schema scorecard already holds objects: %', found
            USING ERRCODE = 'object_in_use',
                  HINT = 'pg_scorecard installs only into an empty schema. Move or drop these objects first.';
    END IF;
END
$bootstrap$;
