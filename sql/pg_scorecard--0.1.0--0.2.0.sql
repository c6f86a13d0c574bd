-- pg_scorecard 0.1.0 -> 0.2.0
--
-- Run by ALTER EXTENSION pg_scorecard UPDATE TO '0.2.0'. Each change to the
-- SQL surface since 0.1.0 adds its section here, in the order it landed;
-- tests/upgrade checks that the result equals a fresh 0.2.0 install, object
-- for object, and that every row and view answer survives. Once 0.2.0 is
-- released this file is frozen (the same test refuses edits).
\echo Use "ALTER EXTENSION pg_scorecard UPDATE TO '0.2.0'" to load this file. \quit

-- ---------------------------------------------------------------------
-- Period arithmetic moves into the Rust core (scorecard_core::period):
-- same names, arguments and results for weeks and months; quarters and
-- years are now known grains, and infinite dates are not period starts.
-- ---------------------------------------------------------------------
CREATE OR REPLACE FUNCTION scorecard.is_period_start(period_grain text, period_start date) RETURNS boolean
IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'is_period_start_wrapper';
CREATE OR REPLACE FUNCTION scorecard.period_end(period_grain text, period_start date) RETURNS date
IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'period_end_wrapper';
CREATE OR REPLACE FUNCTION scorecard.previous_period_start(period_grain text, period_start date) RETURNS date
IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'previous_period_start_wrapper';
COMMENT ON FUNCTION scorecard.is_period_start(text, date) IS
    'True when period_start opens a period of the grain: a Monday (ISO week start) for ''week'', the first of a month for ''month'', of January, April, July or October for ''quarter'', of January for ''year''. False for any other grain and for infinite dates.';
COMMENT ON FUNCTION scorecard.period_end(text, date) IS
    'Last day of the period of the grain (week, month, quarter, year) that starts on period_start; NULL for an unknown grain.';
COMMENT ON FUNCTION scorecard.previous_period_start(text, date) IS
    'Start of the period of the grain (week, month, quarter, year) before the one starting on period_start; NULL for an unknown grain.';

-- ---------------------------------------------------------------------
-- mix_price gets support functions of its own (it borrowed composite's).
-- ---------------------------------------------------------------------
CREATE FUNCTION scorecard.mix_price_combine(a internal, b internal) RETURNS internal
IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'mix_price_combine_wrapper';
CREATE FUNCTION scorecard.mix_price_serialize(state internal) RETURNS bytea
IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'mix_price_serialize_wrapper';
CREATE FUNCTION scorecard.mix_price_deserialize(bytes bytea, _unused internal) RETURNS internal
IMMUTABLE STRICT PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'mix_price_deserialize_wrapper';
CREATE FUNCTION scorecard.mix_price_final(state internal) RETURNS numeric
IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'mix_price_final_wrapper';
CREATE OR REPLACE AGGREGATE scorecard.mix_price(unit_price numeric, volume_share numeric) (
    sfunc = scorecard.mix_price_trans, stype = internal, finalfunc = scorecard.mix_price_final,
    combinefunc = scorecard.mix_price_combine, serialfunc = scorecard.mix_price_serialize,
    deserialfunc = scorecard.mix_price_deserialize, parallel = safe
);
COMMENT ON FUNCTION scorecard.mix_price_trans(internal, numeric, numeric) IS 'Support function of scorecard.mix_price: adds one price and volume share.';
COMMENT ON FUNCTION scorecard.mix_price_combine(internal, internal) IS 'Support function of scorecard.mix_price: merges partial states.';
COMMENT ON FUNCTION scorecard.mix_price_serialize(internal) IS 'Support function of scorecard.mix_price: state to bytea.';
COMMENT ON FUNCTION scorecard.mix_price_deserialize(bytea, internal) IS 'Support function of scorecard.mix_price: bytea to state.';
COMMENT ON FUNCTION scorecard.mix_price_final(internal) IS 'Support function of scorecard.mix_price: the mix-weighted price, or NULL.';

-- ---------------------------------------------------------------------
-- Last: the read-only role's grants, as a fresh install ends
-- (sql/shared/grants.sql), so new objects are readable by it.
-- ---------------------------------------------------------------------
GRANT USAGE ON SCHEMA scorecard TO scorecard_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA scorecard TO scorecard_reader;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA scorecard TO scorecard_reader;
