-- Helpers shared by the suites that follow (each suite is its own session,
-- so this lives in schema public of the test database).

-- Run a statement; return its SQLSTATE and message, or 'no error'.
CREATE FUNCTION public.sqlerr(q text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE q;
    RETURN 'no error';
EXCEPTION WHEN others THEN
    RETURN SQLSTATE || ': ' || SQLERRM;
END $$;
