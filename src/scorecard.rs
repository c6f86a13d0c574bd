//! The scorecard family: `scorecard.balance`, `needs_deep_dive`,
//! `goal_score` and the `scorecard.composite` aggregate, each with its SQL
//! declaration and comment beside it. Wrappers only convert and raise; the
//! arithmetic is in `scorecard_core::scorecard`.

use pgrx::prelude::*;
use pgrx::Internal;
use scorecard_core::scorecard as sc;

use crate::pg::aggstate;
use crate::pg::error::OrRaise;
use crate::pg::numeric::Exact;

#[pg_extern(immutable, strict, parallel_safe)]
fn balance(actual: Exact, target: Exact, higher_is_better: default!(bool, true)) -> Exact {
    Exact(sc::balance(actual.0, target.0, higher_is_better).or_raise())
}

#[pg_extern(immutable, strict, parallel_safe)]
fn needs_deep_dive(balance: Exact, threshold: default!(Exact, 0.05)) -> bool {
    sc::needs_deep_dive(balance.0, threshold.0).or_raise()
}

#[pg_extern(immutable, strict, parallel_safe)]
fn goal_score(actual: Exact, goal: Exact, red_flag: Exact) -> Exact {
    Exact(sc::goal_score(actual.0, goal.0, red_flag.0).or_raise())
}

extension_sql!(
    r#"
COMMENT ON FUNCTION scorecard.balance(numeric, numeric, boolean) IS
    'Balance of an actual against its target: actual - target when higher is better, target - actual when lower is better; positive means better than target. Exact; NULL if an argument is NULL.';
COMMENT ON FUNCTION scorecard.needs_deep_dive(numeric, numeric) IS
    'True when |balance| > threshold (default 0.05, the source''s five percentage points). ERROR 22023 on a negative threshold; NULL if an argument is NULL.';
COMMENT ON FUNCTION scorecard.goal_score(numeric, numeric, numeric) IS
    'Spider Impact''s Goal / Red Flag score on 0..10: red flag scores 3.33, goal 6.67, linear, clamped to [0, 10]. A goal below the red flag means lower is better. ERROR 22023 when goal = red flag.';
"#,
    name = "scorecard_scalars",
    requires = [balance, needs_deep_dive, goal_score]
);

// ----- composite(score numeric [, weight numeric]) ----------------------
// Hand-written support functions with an `internal` state (pgrx#2351 makes
// the generated deserialiser unusable in parallel mode).

#[pg_extern(immutable, parallel_safe)]
fn composite_trans(
    mut state: Internal,
    score: Option<Exact>,
    weight: Option<Exact>,
    fcinfo: pg_sys::FunctionCallInfo,
) -> Internal {
    // Rows with a NULL score or weight are ignored, as `avg` ignores NULLs.
    if let (Some(score), Some(weight)) = (score, weight) {
        unsafe { aggstate::state_mut::<sc::WeightedMean>(&mut state, fcinfo) }.add(score.0, weight.0).or_raise();
    }
    state
}

#[pg_extern(immutable, parallel_safe, name = "composite_trans")]
fn composite_trans_unweighted(mut state: Internal, score: Option<Exact>, fcinfo: pg_sys::FunctionCallInfo) -> Internal {
    if let Some(score) = score {
        unsafe { aggstate::state_mut::<sc::WeightedMean>(&mut state, fcinfo) }.add_unit(score.0).or_raise();
    }
    state
}

crate::aggregate_support!(sc::WeightedMean, composite_combine, composite_serialize, composite_deserialize);

#[pg_extern(immutable, parallel_safe)]
fn composite_final(state: Internal) -> Option<Exact> {
    let state = unsafe { state.get::<sc::WeightedMean>() }?;
    state.mean().or_raise().map(Exact)
}

extension_sql!(
    r#"
-- internal state + combine + serialise/deserialise: parallel query can
-- split them, and merging is exact addition, so the answer does not depend
-- on how the rows were split.
CREATE AGGREGATE scorecard.composite(score numeric, weight numeric) (
    sfunc = scorecard.composite_trans, stype = internal, finalfunc = scorecard.composite_final,
    combinefunc = scorecard.composite_combine, serialfunc = scorecard.composite_serialize,
    deserialfunc = scorecard.composite_deserialize, parallel = safe
);
COMMENT ON AGGREGATE scorecard.composite(numeric, numeric) IS
    'Weighted mean of the non-NULL scores: sum(score * weight) / sum(weight), exact (28 significant digits). NULL when there is no score or every weight is 0; ERROR 22023 on a negative weight. Rows with a NULL score or weight are ignored.';

CREATE AGGREGATE scorecard.composite(score numeric) (
    sfunc = scorecard.composite_trans, stype = internal, finalfunc = scorecard.composite_final,
    combinefunc = scorecard.composite_combine, serialfunc = scorecard.composite_serialize,
    deserialfunc = scorecard.composite_deserialize, parallel = safe
);
COMMENT ON AGGREGATE scorecard.composite(numeric) IS
    'Mean of the non-NULL scores with weight 1 each (the source''s equal weights), exact; NULL when there is none.';

COMMENT ON FUNCTION scorecard.composite_trans(internal, numeric, numeric) IS 'Support function of scorecard.composite(numeric, numeric): adds one score and weight to the state.';
COMMENT ON FUNCTION scorecard.composite_trans(internal, numeric) IS 'Support function of scorecard.composite(numeric): adds one score with weight 1.';
COMMENT ON FUNCTION scorecard.composite_combine(internal, internal) IS 'Support function of scorecard.composite: merges two partial states (parallel query).';
COMMENT ON FUNCTION scorecard.composite_serialize(internal) IS 'Support function of scorecard.composite: state to bytea for parallel workers.';
COMMENT ON FUNCTION scorecard.composite_deserialize(bytea, internal) IS 'Support function of scorecard.composite: bytea back to a state.';
COMMENT ON FUNCTION scorecard.composite_final(internal) IS 'Support function of scorecard.composite: the weighted mean, or NULL.';
"#,
    name = "composite",
    requires = [
        composite_trans,
        composite_trans_unweighted,
        composite_combine,
        composite_serialize,
        composite_deserialize,
        composite_final
    ]
);
