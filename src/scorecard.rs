//! The scorecard family: `scorecard.balance`, `needs_deep_dive`,
//! `goal_score` and the `scorecard.composite` aggregate, each with its SQL
//! declaration and comment beside it. Wrappers only convert and raise; the
//! arithmetic is in `scorecard_core::scorecard`.

use pgrx::prelude::*;
use scorecard_core::scorecard as sc;

use crate::pg::error::OrRaise;
use crate::pg::numeric::Exact;
use crate::pg::state_type::{self, StatePtr};

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
// The state is a SQL type, scorecard.weighted_mean_state (also mix_price's),
// so Citus can push the partial step to its workers; see
// src/pg/state_type.rs.

extension_sql!("CREATE TYPE scorecard.weighted_mean_state;", name = "weighted_mean_state_shell");

crate::state_type!(
    sc::WeightedMean,
    "scorecard.weighted_mean_state",
    56,
    "weighted_mean_state_shell",
    weighted_mean_state_in,
    weighted_mean_state_out,
    weighted_mean_state_recv,
    weighted_mean_state_send
);

extension_sql!(
    r#"
CREATE TYPE scorecard.weighted_mean_state (
    INPUT = scorecard.weighted_mean_state_in, OUTPUT = scorecard.weighted_mean_state_out,
    RECEIVE = scorecard.weighted_mean_state_recv, SEND = scorecard.weighted_mean_state_send,
    INTERNALLENGTH = 56, ALIGNMENT = double, STORAGE = plain
);
COMMENT ON TYPE scorecard.weighted_mean_state IS 'Transition state of scorecard.composite and scorecard.mix_price: exact weighted sum, sum of weights and count. Its text form is JSON ({"weighted_sum":"37.50","weight_sum":"3","count":1}); Citus ships it between nodes that way.';
COMMENT ON FUNCTION scorecard.weighted_mean_state_in(cstring) IS 'Input function of scorecard.weighted_mean_state: its JSON text form, checked like an argument (ERROR 22P02).';
COMMENT ON FUNCTION scorecard.weighted_mean_state_out(scorecard.weighted_mean_state) IS 'Output function of scorecard.weighted_mean_state: its JSON text form.';
COMMENT ON FUNCTION scorecard.weighted_mean_state_recv(internal) IS 'Binary input function of scorecard.weighted_mean_state (ERROR 22P03 on a bad state).';
COMMENT ON FUNCTION scorecard.weighted_mean_state_send(scorecard.weighted_mean_state) IS 'Binary output function of scorecard.weighted_mean_state.';
"#,
    name = "weighted_mean_state",
    requires = [weighted_mean_state_in, weighted_mean_state_out, weighted_mean_state_recv, weighted_mean_state_send]
);

type MeanState = StatePtr<sc::WeightedMean>;

#[pg_extern(immutable, parallel_safe, requires = ["weighted_mean_state"])]
fn composite_trans(
    state: Option<MeanState>,
    score: Option<Exact>,
    weight: Option<Exact>,
    fcinfo: pg_sys::FunctionCallInfo,
) -> Option<MeanState> {
    // Rows with a NULL score or weight are ignored, as `avg` ignores NULLs.
    let (Some(score), Some(weight)) = (score, weight) else { return state };
    Some(unsafe { state_type::update(fcinfo, state, |s: &mut sc::WeightedMean| s.add(score.0, weight.0)) })
}

#[pg_extern(immutable, parallel_safe, name = "composite_trans", requires = ["weighted_mean_state"])]
fn composite_trans_unweighted(
    state: Option<MeanState>,
    score: Option<Exact>,
    fcinfo: pg_sys::FunctionCallInfo,
) -> Option<MeanState> {
    let Some(score) = score else { return state };
    Some(unsafe { state_type::update(fcinfo, state, |s: &mut sc::WeightedMean| s.add_unit(score.0)) })
}

#[pg_extern(immutable, parallel_safe, requires = ["weighted_mean_state"])]
fn composite_combine(
    a: Option<MeanState>,
    b: Option<MeanState>,
    fcinfo: pg_sys::FunctionCallInfo,
) -> Option<MeanState> {
    unsafe { state_type::combine(a, b, fcinfo) }
}

crate::legacy_serial_support!(sc::WeightedMean, composite_serialize, composite_deserialize);

#[pg_extern(immutable, parallel_safe, requires = ["weighted_mean_state"])]
fn composite_final(state: Option<MeanState>) -> Option<Exact> {
    state?.get().mean().or_raise().map(Exact)
}

extension_sql!(
    r#"
-- A real state type + combine: parallel query and Citus can split the rows,
-- and merging is exact addition, so the answer does not depend on how the
-- rows were split.
CREATE AGGREGATE scorecard.composite(score numeric, weight numeric) (
    sfunc = scorecard.composite_trans, stype = scorecard.weighted_mean_state,
    finalfunc = scorecard.composite_final, combinefunc = scorecard.composite_combine, parallel = safe
);
COMMENT ON AGGREGATE scorecard.composite(numeric, numeric) IS
    'Weighted mean of the non-NULL scores: sum(score * weight) / sum(weight), exact (28 significant digits). NULL when there is no score or every weight is 0; ERROR 22023 on a negative weight. Rows with a NULL score or weight are ignored.';

CREATE AGGREGATE scorecard.composite(score numeric) (
    sfunc = scorecard.composite_trans, stype = scorecard.weighted_mean_state,
    finalfunc = scorecard.composite_final, combinefunc = scorecard.composite_combine, parallel = safe
);
COMMENT ON AGGREGATE scorecard.composite(numeric) IS
    'Mean of the non-NULL scores with weight 1 each (the source''s equal weights), exact; NULL when there is none.';

COMMENT ON FUNCTION scorecard.composite_trans(scorecard.weighted_mean_state, numeric, numeric) IS 'Support function of scorecard.composite(numeric, numeric): adds one score and weight to the state.';
COMMENT ON FUNCTION scorecard.composite_trans(scorecard.weighted_mean_state, numeric) IS 'Support function of scorecard.composite(numeric): adds one score with weight 1.';
COMMENT ON FUNCTION scorecard.composite_combine(scorecard.weighted_mean_state, scorecard.weighted_mean_state) IS 'Support function of scorecard.composite: merges two partial states (parallel query, Citus).';
COMMENT ON FUNCTION scorecard.composite_final(scorecard.weighted_mean_state) IS 'Support function of scorecard.composite: the weighted mean, or NULL.';
"#,
    name = "composite",
    requires = [composite_trans, composite_trans_unweighted, composite_combine, composite_final]
);
