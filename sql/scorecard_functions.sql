-- Aggregates over the Rust support functions (src/scorecard_sql.rs).
-- internal state + combine + serialise/deserialise: parallel query can
-- split them, and merging is exact addition, so the answer does not depend
-- on how the rows were split.

CREATE AGGREGATE scorecard.composite(score numeric, weight numeric) (
    sfunc        = scorecard.composite_trans,
    stype        = internal,
    finalfunc    = scorecard.composite_final,
    combinefunc  = scorecard.composite_combine,
    serialfunc   = scorecard.composite_serialize,
    deserialfunc = scorecard.composite_deserialize,
    parallel     = safe
);
COMMENT ON AGGREGATE scorecard.composite(numeric, numeric) IS
    'Weighted mean of the non-NULL scores: sum(score * weight) / sum(weight), exact (28 significant digits). NULL when there is no score or every weight is 0; ERROR 22023 on a negative weight. Rows with a NULL score or weight are ignored.';

CREATE AGGREGATE scorecard.composite(score numeric) (
    sfunc        = scorecard.composite_trans,
    stype        = internal,
    finalfunc    = scorecard.composite_final,
    combinefunc  = scorecard.composite_combine,
    serialfunc   = scorecard.composite_serialize,
    deserialfunc = scorecard.composite_deserialize,
    parallel     = safe
);
COMMENT ON AGGREGATE scorecard.composite(numeric) IS
    'Mean of the non-NULL scores with weight 1 each (the source''s equal weights), exact; NULL when there is none.';

COMMENT ON FUNCTION scorecard.balance(numeric, numeric, boolean) IS
    'Balance of an actual against its target: actual - target when higher is better, target - actual when lower is better; positive means better than target. Exact; NULL if an argument is NULL.';
COMMENT ON FUNCTION scorecard.needs_deep_dive(numeric, numeric) IS
    'True when |balance| > threshold (default 0.05, the source''s five percentage points). ERROR 22023 on a negative threshold; NULL if an argument is NULL.';
COMMENT ON FUNCTION scorecard.goal_score(numeric, numeric, numeric) IS
    'Spider Impact''s Goal / Red Flag score on 0..10: red flag scores 3.33, goal 6.67, linear, clamped to [0, 10]. A goal below the red flag means lower is better. ERROR 22023 when goal = red flag.';
COMMENT ON FUNCTION scorecard.composite_trans(internal, numeric, numeric) IS 'Support function of scorecard.composite(numeric, numeric): adds one score and weight to the state.';
COMMENT ON FUNCTION scorecard.composite_trans(internal, numeric) IS 'Support function of scorecard.composite(numeric): adds one score with weight 1.';
COMMENT ON FUNCTION scorecard.composite_combine(internal, internal) IS 'Support function of scorecard.composite: merges two partial states (parallel query).';
COMMENT ON FUNCTION scorecard.composite_serialize(internal) IS 'Support function of scorecard.composite: state to bytea for parallel workers.';
COMMENT ON FUNCTION scorecard.composite_deserialize(bytea, internal) IS 'Support function of scorecard.composite: bytea back to a state.';
COMMENT ON FUNCTION scorecard.composite_final(internal) IS 'Support function of scorecard.composite: the weighted mean, or NULL.';
