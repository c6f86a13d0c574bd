//! SQL face of the finance toolkit: solvency, break-even, rate setting,
//! days in A/R, cost forecast, and the aggregates `case_rate_range`,
//! `mix_price`, `cost_behavior`, `cost_trend` and `value_of_service`.
//! Wrappers only convert and raise; the arithmetic is in `core::finance`.
//! The CREATE AGGREGATE statements and the composite result types are in
//! sql/finance_types.sql and sql/finance.sql.

pub(crate) mod scorecard {
    use pgrx::prelude::*;
    use pgrx::Internal;

    use crate::core::finance as fin;
    use crate::core::scorecard::WeightedMean;
    use crate::pg::aggstate;
    use crate::pg::error::OrRaise;
    use crate::pg::numeric::Exact;

    // ----- scalars ------------------------------------------------------

    #[pg_extern(immutable, strict, parallel_safe)]
    fn solvency_gap(revenue: Exact, claims_denials: Exact, expenditures: Exact, reserve_contribution: Exact) -> Exact {
        Exact(fin::solvency_gap(revenue.0, claims_denials.0, expenditures.0, reserve_contribution.0).or_raise())
    }

    fn break_even(
        fixed_costs: Exact,
        unit_price: Exact,
        variable_cost: Exact,
        target_profit: Exact,
        reserve: Exact,
        denial_rate: Exact,
    ) -> fin::BreakEven {
        fin::break_even(fin::BreakEvenInput {
            fixed_costs: fixed_costs.0,
            unit_price: unit_price.0,
            variable_cost: variable_cost.0,
            target_profit: target_profit.0,
            reserve: reserve.0,
            denial_rate: denial_rate.0,
        })
        .or_raise()
    }

    #[pg_extern(immutable, strict, parallel_safe)]
    fn break_even_units(
        fixed_costs: Exact,
        unit_price: Exact,
        variable_cost: Exact,
        target_profit: default!(Exact, 0),
        reserve: default!(Exact, 0),
        denial_rate: default!(Exact, 0),
    ) -> Exact {
        Exact(break_even(fixed_costs, unit_price, variable_cost, target_profit, reserve, denial_rate).units)
    }

    #[pg_extern(immutable, strict, parallel_safe)]
    fn break_even_encounters(
        fixed_costs: Exact,
        unit_price: Exact,
        variable_cost: Exact,
        target_profit: default!(Exact, 0),
        reserve: default!(Exact, 0),
        denial_rate: default!(Exact, 0),
    ) -> i64 {
        break_even(fixed_costs, unit_price, variable_cost, target_profit, reserve, denial_rate).encounters
    }

    #[pg_extern(immutable, strict, parallel_safe)]
    fn break_even_revenue(
        fixed_costs: Exact,
        unit_price: Exact,
        variable_cost: Exact,
        target_profit: default!(Exact, 0),
        reserve: default!(Exact, 0),
        denial_rate: default!(Exact, 0),
    ) -> Exact {
        Exact(break_even(fixed_costs, unit_price, variable_cost, target_profit, reserve, denial_rate).revenue)
    }

    #[pg_extern(immutable, strict, parallel_safe)]
    fn rate_setting_unit_cost(
        actual_cost_last_2_months: Exact,
        projected_cost_next_2_months: Exact,
        units_of_service: Exact,
    ) -> Exact {
        Exact(
            fin::rate_setting_unit_cost(actual_cost_last_2_months.0, projected_cost_next_2_months.0, units_of_service.0)
                .or_raise(),
        )
    }

    #[pg_extern(immutable, strict, parallel_safe)]
    fn days_in_ar(net_ar: Exact, net_revenue: Exact, days_in_period: i32) -> Exact {
        Exact(fin::days_in_ar(net_ar.0, net_revenue.0, days_in_period).or_raise())
    }

    #[pg_extern(immutable, strict, parallel_safe)]
    fn forecast_cost(fixed_cost: Exact, variable_cost: Exact, planned_volume: Exact) -> Exact {
        Exact(fin::forecast_cost(fixed_cost.0, variable_cost.0, planned_volume.0).or_raise())
    }

    // ----- case_rate_range(expenditure [, band]) -----------------------

    #[pg_extern(immutable, parallel_safe)]
    fn case_rate_trans(
        mut state: Internal,
        expenditure: Option<Exact>,
        band: Option<Exact>,
        fcinfo: pg_sys::FunctionCallInfo,
    ) -> Internal {
        if let (Some(x), Some(band)) = (expenditure, band) {
            unsafe { aggstate::state_mut::<fin::CaseRate>(&mut state, fcinfo) }.add(x.0, band.0).or_raise();
        }
        state
    }

    #[pg_extern(immutable, parallel_safe, name = "case_rate_trans")]
    fn case_rate_trans_default_band(
        mut state: Internal,
        expenditure: Option<Exact>,
        fcinfo: pg_sys::FunctionCallInfo,
    ) -> Internal {
        if let Some(x) = expenditure {
            unsafe { aggstate::state_mut::<fin::CaseRate>(&mut state, fcinfo) }
                .add(x.0, fin::CaseRate::DEFAULT_BAND)
                .or_raise();
        }
        state
    }

    crate::aggregate_support!(fin::CaseRate, case_rate_combine, case_rate_serialize, case_rate_deserialize);

    #[pg_extern(immutable, parallel_safe, requires = ["finance_types"])]
    fn case_rate_final(state: Internal) -> Option<pgrx::composite_type!('static, "scorecard.case_rate")> {
        let r = unsafe { state.get::<fin::CaseRate>() }?.result().or_raise()?;
        let mut t = crate::pg::result_tuple("scorecard.case_rate");
        crate::pg::set_field(&mut t, "beneficiaries", r.beneficiaries);
        crate::pg::set_field(&mut t, "mean", Exact(r.mean));
        crate::pg::set_field(&mut t, "sd", r.sd.map(Exact));
        crate::pg::set_field(&mut t, "low", r.low.map(Exact));
        crate::pg::set_field(&mut t, "high", r.high.map(Exact));
        crate::pg::set_field(&mut t, "band", Exact(r.band));
        Some(t)
    }

    // ----- mix_price(unit_price, volume_share) --------------------------
    // The weighted-mean state of `composite`, with its own refusals.

    #[pg_extern(immutable, parallel_safe)]
    fn mix_price_trans(
        mut state: Internal,
        unit_price: Option<Exact>,
        volume_share: Option<Exact>,
        fcinfo: pg_sys::FunctionCallInfo,
    ) -> Internal {
        if let (Some(price), Some(share)) = (unit_price, volume_share) {
            let price = fin::non_negative("unit price", price.0).or_raise();
            unsafe { aggstate::state_mut::<WeightedMean>(&mut state, fcinfo) }
                .add_named(price, share.0, "volume share")
                .or_raise();
        }
        state
    }

    // ----- cost_behavior(total_cost, volume) ----------------------------

    #[pg_extern(immutable, parallel_safe)]
    fn cost_behavior_trans(
        mut state: Internal,
        total_cost: Option<Exact>,
        volume: Option<Exact>,
        fcinfo: pg_sys::FunctionCallInfo,
    ) -> Internal {
        if let (Some(cost), Some(volume)) = (total_cost, volume) {
            let cost = fin::non_negative("total cost", cost.0).or_raise();
            let volume = fin::non_negative("volume", volume.0).or_raise();
            unsafe { aggstate::state_mut::<fin::LinearFit>(&mut state, fcinfo) }.add(volume, cost).or_raise();
        }
        state
    }

    crate::aggregate_support!(fin::LinearFit, cost_behavior_combine, cost_behavior_serialize, cost_behavior_deserialize);

    #[pg_extern(immutable, parallel_safe, requires = ["finance_types"])]
    fn cost_behavior_final(state: Internal) -> Option<pgrx::composite_type!('static, "scorecard.cost_fit")> {
        let fit = unsafe { state.get::<fin::LinearFit>() }?.result().or_raise()?;
        let mut t = crate::pg::result_tuple("scorecard.cost_fit");
        crate::pg::set_field(&mut t, "observations", fit.n);
        crate::pg::set_field(&mut t, "fixed_cost", fit.intercept.map(Exact));
        crate::pg::set_field(&mut t, "variable_cost", fit.slope.map(Exact));
        crate::pg::set_field(&mut t, "r_squared", fit.r_squared.map(Exact));
        Some(t)
    }

    // ----- cost_trend(period_start date, total_cost) --------------------

    fn month_number(d: Date) -> i64 {
        i64::from(d.year()) * 12 + i64::from(d.month()) - 1
    }

    fn month_start(n: i64) -> Option<Date> {
        let year = i32::try_from(n.div_euclid(12)).ok()?;
        Date::new(year, (n.rem_euclid(12) + 1) as u8, 1).ok()
    }

    #[pg_extern(immutable, parallel_safe)]
    fn cost_trend_trans(
        mut state: Internal,
        period_start: Option<Date>,
        total_cost: Option<Exact>,
        fcinfo: pg_sys::FunctionCallInfo,
    ) -> Internal {
        if let (Some(d), Some(cost)) = (period_start, total_cost) {
            if !d.is_finite() {
                pgrx::ereport!(
                    ERROR,
                    PgSqlErrorCode::ERRCODE_INVALID_PARAMETER_VALUE,
                    "cost_trend needs finite dates, got infinity"
                );
            }
            unsafe { aggstate::state_mut::<fin::CostTrend>(&mut state, fcinfo) }
                .add(month_number(d), cost.0)
                .or_raise();
        }
        state
    }

    crate::aggregate_support!(fin::CostTrend, cost_trend_combine, cost_trend_serialize, cost_trend_deserialize);

    #[pg_extern(immutable, parallel_safe, requires = ["finance_types"])]
    fn cost_trend_final(state: Internal) -> Option<pgrx::composite_type!('static, "scorecard.cost_trend_fit")> {
        let tr = unsafe { state.get::<fin::CostTrend>() }?.result().or_raise()?;
        let mut t = crate::pg::result_tuple("scorecard.cost_trend_fit");
        crate::pg::set_field(&mut t, "months", tr.months);
        crate::pg::set_field(&mut t, "first_month", month_start(tr.first_month));
        crate::pg::set_field(&mut t, "last_month", month_start(tr.last_month));
        crate::pg::set_field(&mut t, "monthly_change", tr.monthly_change.map(Exact));
        crate::pg::set_field(&mut t, "trend_cost_last_month", tr.trend_cost_last_month.map(Exact));
        crate::pg::set_field(&mut t, "r_squared", tr.r_squared.map(Exact));
        Some(t)
    }

    // ----- value_of_service(outcome, cost) ------------------------------

    #[pg_extern(immutable, parallel_safe)]
    fn value_of_service_trans(
        mut state: Internal,
        outcome: Option<Exact>,
        cost: Option<Exact>,
        fcinfo: pg_sys::FunctionCallInfo,
    ) -> Internal {
        if let (Some(outcome), Some(cost)) = (outcome, cost) {
            unsafe { aggstate::state_mut::<fin::ValueOfService>(&mut state, fcinfo) }
                .add(outcome.0, cost.0)
                .or_raise();
        }
        state
    }

    crate::aggregate_support!(
        fin::ValueOfService,
        value_of_service_combine,
        value_of_service_serialize,
        value_of_service_deserialize
    );

    #[pg_extern(immutable, parallel_safe, requires = ["finance_types"])]
    fn value_of_service_final(state: Internal) -> Option<pgrx::composite_type!('static, "scorecard.service_value")> {
        let v = unsafe { state.get::<fin::ValueOfService>() }?.result().or_raise()?;
        let mut t = crate::pg::result_tuple("scorecard.service_value");
        crate::pg::set_field(&mut t, "beneficiaries", v.beneficiaries);
        crate::pg::set_field(&mut t, "total_outcome", Exact(v.total_outcome));
        crate::pg::set_field(&mut t, "total_cost", Exact(v.total_cost));
        crate::pg::set_field(&mut t, "outcome_per_dollar", v.outcome_per_dollar.map(Exact));
        crate::pg::set_field(&mut t, "mean_cost", Exact(v.mean_cost));
        crate::pg::set_field(&mut t, "cost_sd", v.cost_sd.map(Exact));
        crate::pg::set_field(&mut t, "cost_cv", v.cost_cv.map(Exact));
        Some(t)
    }
}
