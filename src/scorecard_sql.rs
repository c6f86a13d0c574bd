//! SQL face of the scorecard arithmetic: `scorecard.balance`,
//! `scorecard.needs_deep_dive`, `scorecard.goal_score` and the
//! `scorecard.composite` aggregate. Each wrapper only converts and raises;
//! the arithmetic is in `core::scorecard`.


// Objects land in schema `scorecard`: the control file names it, and
// CREATE EXTENSION creates everything unqualified there.
pub(crate) mod scorecard {
    use pgrx::prelude::*;
    use pgrx::Internal;
    use rust_decimal::Decimal;

    use crate::core::scorecard as sc;
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

    // ----- composite(score numeric [, weight numeric]) -----------------
    // Hand-written support functions with an `internal` state (pgrx#2351
    // makes the generated deserialiser unusable in parallel mode); the
    // CREATE AGGREGATE statements are in sql/scorecard_functions.sql.

    #[pg_extern(immutable, parallel_safe)]
    fn composite_trans(
        mut state: Internal,
        score: Option<Exact>,
        weight: Option<Exact>,
        fcinfo: pg_sys::FunctionCallInfo,
    ) -> Internal {
        // Rows with a NULL score or weight are ignored, as `avg` ignores NULLs.
        if let (Some(score), Some(weight)) = (score, weight) {
            unsafe { aggstate::state_mut::<sc::WeightedMean>(&mut state, fcinfo) }
                .add(score.0, weight.0)
                .or_raise();
        }
        state
    }

    #[pg_extern(immutable, parallel_safe, name = "composite_trans")]
    fn composite_trans_unweighted(
        mut state: Internal,
        score: Option<Exact>,
        fcinfo: pg_sys::FunctionCallInfo,
    ) -> Internal {
        if let Some(score) = score {
            unsafe { aggstate::state_mut::<sc::WeightedMean>(&mut state, fcinfo) }
                .add(score.0, Decimal::ONE)
                .or_raise();
        }
        state
    }

    crate::aggregate_support!(sc::WeightedMean, composite_combine, composite_serialize, composite_deserialize);

    #[pg_extern(immutable, parallel_safe)]
    fn composite_final(state: Internal) -> Option<Exact> {
        let state = unsafe { state.get::<sc::WeightedMean>() }?;
        state.mean().or_raise().map(Exact)
    }
}
