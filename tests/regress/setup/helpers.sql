-- Helpers every regress suite may use, installed in both templates the
-- suites start from (scripts/test.sh builds them): schema public.

-- Run a statement; return its SQLSTATE and message, or 'no error'. Checks
-- deferred to commit (readmissions, the deferred foreign keys) are made to
-- run here, as a COMMIT would run them.
CREATE FUNCTION public.sqlerr(q text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE q;
    SET CONSTRAINTS ALL IMMEDIATE;
    RETURN 'no error';
EXCEPTION WHEN others THEN
    RETURN SQLSTATE || ': ' || SQLERRM;
END $$;

-- Force parallel plans on any table size (parallel_setup_cost = 0,
-- parallel_tuple_cost = 0, min_parallel_table_scan_size = 0, 2 workers per
-- gather) for the rest of the session.
CREATE FUNCTION public.force_parallel_plans() RETURNS void LANGUAGE sql AS $$
    SELECT set_config('parallel_setup_cost', '0', false), set_config('parallel_tuple_cost', '0', false),
           set_config('min_parallel_table_scan_size', '0', false),
           set_config('max_parallel_workers_per_gather', '2', false);
$$;
