//! The finance family: solvency, break-even, rate setting, days in A/R,
//! cost forecast, and the aggregates `case_rate_range`, `mix_price`,
//! `cost_behavior`, `cost_trend` and `value_of_service`, each with its
//! result type, `CREATE AGGREGATE` and comments beside it. Wrappers only
//! convert and raise; the arithmetic is in `scorecard_core::finance` (and
//! `scorecard_core::period` for months).

use pgrx::prelude::*;
use scorecard_core::finance as fin;
use scorecard_core::period;
use scorecard_core::scorecard::WeightedMean;

use crate::pg::date;
use crate::pg::error::OrRaise;
use crate::pg::numeric::Exact;
use crate::pg::state_type::{self, StatePtr};

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

extension_sql!(
    r#"
COMMENT ON FUNCTION scorecard.solvency_gap(numeric, numeric, numeric, numeric) IS
    'Fiscal solvency gap of R - CD = E + ARC: (revenue - claims_denials) - (expenditures + reserve_contribution). Negative: not solvent. ERROR 22023 on a negative argument.';
COMMENT ON FUNCTION scorecard.break_even_units(numeric, numeric, numeric, numeric, numeric, numeric) IS
    'Exact break-even volume (fixed_costs + reserve + target_profit) / (unit_price * (1 - denial_rate) - variable_cost). ERROR 22023 when the net price does not exceed the variable cost (no break-even), on negative amounts, or a denial rate outside [0, 1).';
COMMENT ON FUNCTION scorecard.break_even_encounters(numeric, numeric, numeric, numeric, numeric, numeric) IS
    'Whole encounters needed to break even: break_even_units rounded up. Same arguments and errors.';
COMMENT ON FUNCTION scorecard.break_even_revenue(numeric, numeric, numeric, numeric, numeric, numeric) IS
    'Billed revenue at the exact break-even volume: break_even_units * unit_price (before denials; the net is that times 1 - denial_rate). Same arguments and errors.';
COMMENT ON FUNCTION scorecard.rate_setting_unit_cost(numeric, numeric, numeric) IS
    'Rate-setting unit cost: (actual cost of the last two months + projected cost of the next two) / units of service. ERROR 22012 on zero units, 22023 on negative arguments.';
COMMENT ON FUNCTION scorecard.days_in_ar(numeric, numeric, integer) IS
    'Net days in A/R: net_ar / (net_revenue / days_in_period). ERROR 22012 on zero revenue, 22023 on negative amounts or days <= 0.';
COMMENT ON FUNCTION scorecard.forecast_cost(numeric, numeric, numeric) IS
    'Cost projected for a planned volume: fixed_cost + variable_cost * planned_volume. ERROR 22023 on a negative volume.';
"#,
    name = "finance_scalars",
    requires = [
        solvency_gap,
        break_even_units,
        break_even_encounters,
        break_even_revenue,
        rate_setting_unit_cost,
        days_in_ar,
        forecast_cost
    ]
);

// ----- case_rate_range(expenditure [, band]) -----------------------

extension_sql!(
    r#"
CREATE TYPE scorecard.case_rate AS (
    beneficiaries bigint,
    mean          numeric,
    sd            numeric,
    low           numeric,
    high          numeric,
    band          numeric
);
COMMENT ON TYPE scorecard.case_rate IS 'Result of scorecard.case_rate_range: the admissible case-rate range mean +/- band * sd of expenditure per beneficiary.';
COMMENT ON COLUMN scorecard.case_rate.beneficiaries IS 'Beneficiaries counted (rows with a non-NULL expenditure).';
COMMENT ON COLUMN scorecard.case_rate.mean IS 'Mean expenditure per beneficiary.';
COMMENT ON COLUMN scorecard.case_rate.sd IS 'Sample standard deviation of expenditure per beneficiary (NULL below two beneficiaries).';
COMMENT ON COLUMN scorecard.case_rate.low IS 'mean - band * sd: the low end of the admissible rate.';
COMMENT ON COLUMN scorecard.case_rate.high IS 'mean + band * sd: the high end of the admissible rate.';
COMMENT ON COLUMN scorecard.case_rate.band IS 'The fraction of a standard deviation used (0.1 by default).';
"#,
    name = "case_rate_type"
);

extension_sql!("CREATE TYPE scorecard.case_rate_state;", name = "case_rate_state_shell");

crate::state_type!(
    fin::CaseRate,
    "scorecard.case_rate_state",
    80,
    "case_rate_state_shell",
    case_rate_state_in,
    case_rate_state_out,
    case_rate_state_recv,
    case_rate_state_send
);

extension_sql!(
    r#"
CREATE TYPE scorecard.case_rate_state (
    INPUT = scorecard.case_rate_state_in, OUTPUT = scorecard.case_rate_state_out,
    RECEIVE = scorecard.case_rate_state_recv, SEND = scorecard.case_rate_state_send,
    INTERNALLENGTH = 80, ALIGNMENT = double, STORAGE = plain
);
COMMENT ON TYPE scorecard.case_rate_state IS 'Transition state of scorecard.case_rate_range: count, exact sum and sum of squares of expenditure, and the band. Its text form is JSON; Citus ships it between nodes that way.';
COMMENT ON FUNCTION scorecard.case_rate_state_in(cstring) IS 'Input function of scorecard.case_rate_state: its JSON text form, checked like an argument (ERROR 22P02).';
COMMENT ON FUNCTION scorecard.case_rate_state_out(scorecard.case_rate_state) IS 'Output function of scorecard.case_rate_state: its JSON text form.';
COMMENT ON FUNCTION scorecard.case_rate_state_recv(internal) IS 'Binary input function of scorecard.case_rate_state (ERROR 22P03 on a bad state).';
COMMENT ON FUNCTION scorecard.case_rate_state_send(scorecard.case_rate_state) IS 'Binary output function of scorecard.case_rate_state.';
"#,
    name = "case_rate_state",
    requires = [case_rate_state_in, case_rate_state_out, case_rate_state_recv, case_rate_state_send]
);

#[pg_extern(immutable, parallel_safe, requires = ["case_rate_state"])]
fn case_rate_trans(
    state: Option<StatePtr<fin::CaseRate>>,
    expenditure: Option<Exact>,
    band: Option<Exact>,
    fcinfo: pg_sys::FunctionCallInfo,
) -> Option<StatePtr<fin::CaseRate>> {
    let (Some(x), Some(band)) = (expenditure, band) else { return state };
    Some(unsafe { state_type::update(fcinfo, state, |s: &mut fin::CaseRate| s.add(x.0, band.0)) })
}

#[pg_extern(immutable, parallel_safe, name = "case_rate_trans", requires = ["case_rate_state"])]
fn case_rate_trans_default_band(
    state: Option<StatePtr<fin::CaseRate>>,
    expenditure: Option<Exact>,
    fcinfo: pg_sys::FunctionCallInfo,
) -> Option<StatePtr<fin::CaseRate>> {
    let Some(x) = expenditure else { return state };
    Some(unsafe { state_type::update(fcinfo, state, |s: &mut fin::CaseRate| s.add(x.0, fin::CaseRate::DEFAULT_BAND)) })
}

#[pg_extern(immutable, parallel_safe, requires = ["case_rate_state"])]
fn case_rate_combine(
    a: Option<StatePtr<fin::CaseRate>>,
    b: Option<StatePtr<fin::CaseRate>>,
    fcinfo: pg_sys::FunctionCallInfo,
) -> Option<StatePtr<fin::CaseRate>> {
    unsafe { state_type::combine(a, b, fcinfo) }
}

crate::legacy_serial_support!(fin::CaseRate, case_rate_serialize, case_rate_deserialize);

#[pg_extern(immutable, parallel_safe, requires = ["case_rate_type", "case_rate_state"])]
fn case_rate_final(
    state: Option<StatePtr<fin::CaseRate>>,
) -> Option<pgrx::composite_type!('static, "scorecard.case_rate")> {
    let r = state?.get().result().or_raise()?;
    let mut t = crate::pg::result_tuple("scorecard.case_rate");
    crate::pg::set_field(&mut t, "beneficiaries", r.beneficiaries);
    crate::pg::set_field(&mut t, "mean", Exact(r.mean));
    crate::pg::set_field(&mut t, "sd", r.sd.map(Exact));
    crate::pg::set_field(&mut t, "low", r.low.map(Exact));
    crate::pg::set_field(&mut t, "high", r.high.map(Exact));
    crate::pg::set_field(&mut t, "band", Exact(r.band));
    Some(t)
}

extension_sql!(
    r#"
CREATE AGGREGATE scorecard.case_rate_range(expenditure numeric, band numeric) (
    sfunc = scorecard.case_rate_trans, stype = scorecard.case_rate_state, finalfunc = scorecard.case_rate_final,
    combinefunc = scorecard.case_rate_combine, parallel = safe
);
COMMENT ON AGGREGATE scorecard.case_rate_range(numeric, numeric) IS
    'Case-rate range of expenditure per beneficiary (one row per beneficiary): beneficiaries, mean, sample sd, low = mean - band * sd, high = mean + band * sd, as scorecard.case_rate. Exact sums; band must be the same on every row of a group; ERROR 22023 on a negative expenditure or band. Rows with a NULL argument are ignored; NULL for no rows.';

CREATE AGGREGATE scorecard.case_rate_range(expenditure numeric) (
    sfunc = scorecard.case_rate_trans, stype = scorecard.case_rate_state, finalfunc = scorecard.case_rate_final,
    combinefunc = scorecard.case_rate_combine, parallel = safe
);
COMMENT ON AGGREGATE scorecard.case_rate_range(numeric) IS
    'scorecard.case_rate_range with the source''s band of 0.1: mean +/- one tenth of the first standard deviation.';

COMMENT ON FUNCTION scorecard.case_rate_trans(scorecard.case_rate_state, numeric, numeric) IS 'Support function of scorecard.case_rate_range(numeric, numeric).';
COMMENT ON FUNCTION scorecard.case_rate_trans(scorecard.case_rate_state, numeric) IS 'Support function of scorecard.case_rate_range(numeric).';
COMMENT ON FUNCTION scorecard.case_rate_combine(scorecard.case_rate_state, scorecard.case_rate_state) IS 'Support function of scorecard.case_rate_range: merges partial states.';
COMMENT ON FUNCTION scorecard.case_rate_final(scorecard.case_rate_state) IS 'Support function of scorecard.case_rate_range: the scorecard.case_rate result.';
"#,
    name = "case_rate_range",
    requires = [case_rate_trans, case_rate_trans_default_band, case_rate_combine, case_rate_final]
);

// ----- mix_price(unit_price, volume_share) --------------------------
// A weighted mean (the state of `composite`) with its own refusals and its
// own support functions.

#[pg_extern(immutable, parallel_safe, requires = ["weighted_mean_state"])]
fn mix_price_trans(
    state: Option<StatePtr<WeightedMean>>,
    unit_price: Option<Exact>,
    volume_share: Option<Exact>,
    fcinfo: pg_sys::FunctionCallInfo,
) -> Option<StatePtr<WeightedMean>> {
    let (Some(price), Some(share)) = (unit_price, volume_share) else { return state };
    Some(unsafe { state_type::update(fcinfo, state, |s| fin::mix_price_add(s, price.0, share.0)) })
}

#[pg_extern(immutable, parallel_safe, requires = ["weighted_mean_state"])]
fn mix_price_combine(
    a: Option<StatePtr<WeightedMean>>,
    b: Option<StatePtr<WeightedMean>>,
    fcinfo: pg_sys::FunctionCallInfo,
) -> Option<StatePtr<WeightedMean>> {
    unsafe { state_type::combine(a, b, fcinfo) }
}

crate::legacy_serial_support!(WeightedMean, mix_price_serialize, mix_price_deserialize);

#[pg_extern(immutable, parallel_safe, requires = ["weighted_mean_state"])]
fn mix_price_final(state: Option<StatePtr<WeightedMean>>) -> Option<Exact> {
    let state = state?.get();
    state.mean().or_raise().map(Exact)
}

extension_sql!(
    r#"
CREATE AGGREGATE scorecard.mix_price(unit_price numeric, volume_share numeric) (
    sfunc = scorecard.mix_price_trans, stype = scorecard.weighted_mean_state, finalfunc = scorecard.mix_price_final,
    combinefunc = scorecard.mix_price_combine, parallel = safe
);
COMMENT ON AGGREGATE scorecard.mix_price(numeric, numeric) IS
    'Mix-weighted average price across acuity levels: sum(unit_price * volume_share) / sum(volume_share). Shares need not sum to 1. NULL when no row has a positive share; ERROR 22023 on a negative price or share.';

COMMENT ON FUNCTION scorecard.mix_price_trans(scorecard.weighted_mean_state, numeric, numeric) IS 'Support function of scorecard.mix_price: adds one price and volume share.';
COMMENT ON FUNCTION scorecard.mix_price_combine(scorecard.weighted_mean_state, scorecard.weighted_mean_state) IS 'Support function of scorecard.mix_price: merges partial states.';
COMMENT ON FUNCTION scorecard.mix_price_final(scorecard.weighted_mean_state) IS 'Support function of scorecard.mix_price: the mix-weighted price, or NULL.';
"#,
    name = "mix_price",
    requires = [mix_price_trans, mix_price_combine, mix_price_final]
);

// ----- cost_behavior(total_cost, volume) ----------------------------

extension_sql!(
    r#"
CREATE TYPE scorecard.cost_fit AS (
    observations  bigint,
    fixed_cost    numeric,
    variable_cost numeric,
    r_squared     numeric
);
COMMENT ON TYPE scorecard.cost_fit IS 'Result of scorecard.cost_behavior: least-squares fit of total cost on volume.';
COMMENT ON COLUMN scorecard.cost_fit.observations IS 'Rows fitted.';
COMMENT ON COLUMN scorecard.cost_fit.fixed_cost IS 'Intercept: the cost at zero volume (fixed cost); NULL when volume does not vary.';
COMMENT ON COLUMN scorecard.cost_fit.variable_cost IS 'Slope: variable cost per unit of volume; NULL when volume does not vary.';
COMMENT ON COLUMN scorecard.cost_fit.r_squared IS 'Share of the variation in cost the line explains (0..1); 1 when cost does not vary.';
"#,
    name = "cost_fit_type"
);

extension_sql!("CREATE TYPE scorecard.linear_fit_state;", name = "linear_fit_state_shell");

crate::state_type!(
    fin::LinearFit,
    "scorecard.linear_fit_state",
    128,
    "linear_fit_state_shell",
    linear_fit_state_in,
    linear_fit_state_out,
    linear_fit_state_recv,
    linear_fit_state_send
);

extension_sql!(
    r#"
CREATE TYPE scorecard.linear_fit_state (
    INPUT = scorecard.linear_fit_state_in, OUTPUT = scorecard.linear_fit_state_out,
    RECEIVE = scorecard.linear_fit_state_recv, SEND = scorecard.linear_fit_state_send,
    INTERNALLENGTH = 128, ALIGNMENT = double, STORAGE = plain
);
COMMENT ON TYPE scorecard.linear_fit_state IS 'Transition state of scorecard.cost_behavior: count and the exact sums of a least-squares fit. Its text form is JSON; Citus ships it between nodes that way.';
COMMENT ON FUNCTION scorecard.linear_fit_state_in(cstring) IS 'Input function of scorecard.linear_fit_state: its JSON text form, checked like an argument (ERROR 22P02).';
COMMENT ON FUNCTION scorecard.linear_fit_state_out(scorecard.linear_fit_state) IS 'Output function of scorecard.linear_fit_state: its JSON text form.';
COMMENT ON FUNCTION scorecard.linear_fit_state_recv(internal) IS 'Binary input function of scorecard.linear_fit_state (ERROR 22P03 on a bad state).';
COMMENT ON FUNCTION scorecard.linear_fit_state_send(scorecard.linear_fit_state) IS 'Binary output function of scorecard.linear_fit_state.';
"#,
    name = "linear_fit_state",
    requires = [linear_fit_state_in, linear_fit_state_out, linear_fit_state_recv, linear_fit_state_send]
);

#[pg_extern(immutable, parallel_safe, requires = ["linear_fit_state"])]
fn cost_behavior_trans(
    state: Option<StatePtr<fin::LinearFit>>,
    total_cost: Option<Exact>,
    volume: Option<Exact>,
    fcinfo: pg_sys::FunctionCallInfo,
) -> Option<StatePtr<fin::LinearFit>> {
    let (Some(cost), Some(volume)) = (total_cost, volume) else { return state };
    Some(unsafe { state_type::update(fcinfo, state, |s: &mut fin::LinearFit| s.add_cost(cost.0, volume.0)) })
}

#[pg_extern(immutable, parallel_safe, requires = ["linear_fit_state"])]
fn cost_behavior_combine(
    a: Option<StatePtr<fin::LinearFit>>,
    b: Option<StatePtr<fin::LinearFit>>,
    fcinfo: pg_sys::FunctionCallInfo,
) -> Option<StatePtr<fin::LinearFit>> {
    unsafe { state_type::combine(a, b, fcinfo) }
}

crate::legacy_serial_support!(fin::LinearFit, cost_behavior_serialize, cost_behavior_deserialize);

#[pg_extern(immutable, parallel_safe, requires = ["cost_fit_type", "linear_fit_state"])]
fn cost_behavior_final(
    state: Option<StatePtr<fin::LinearFit>>,
) -> Option<pgrx::composite_type!('static, "scorecard.cost_fit")> {
    let fit = state?.get().result().or_raise()?;
    let mut t = crate::pg::result_tuple("scorecard.cost_fit");
    crate::pg::set_field(&mut t, "observations", fit.n);
    crate::pg::set_field(&mut t, "fixed_cost", fit.intercept.map(Exact));
    crate::pg::set_field(&mut t, "variable_cost", fit.slope.map(Exact));
    crate::pg::set_field(&mut t, "r_squared", fit.r_squared.map(Exact));
    Some(t)
}

extension_sql!(
    r#"
CREATE AGGREGATE scorecard.cost_behavior(total_cost numeric, volume numeric) (
    sfunc = scorecard.cost_behavior_trans, stype = scorecard.linear_fit_state, finalfunc = scorecard.cost_behavior_final,
    combinefunc = scorecard.cost_behavior_combine, parallel = safe
);
COMMENT ON AGGREGATE scorecard.cost_behavior(numeric, numeric) IS
    'Fixed / variable cost split by least squares of total cost on volume (one row per period): fixed_cost (intercept), variable_cost (slope), r_squared, observations, as scorecard.cost_fit. Exact sums; agrees with regr_intercept / regr_slope / regr_r2 to their float precision.';

COMMENT ON FUNCTION scorecard.cost_behavior_trans(scorecard.linear_fit_state, numeric, numeric) IS 'Support function of scorecard.cost_behavior.';
COMMENT ON FUNCTION scorecard.cost_behavior_combine(scorecard.linear_fit_state, scorecard.linear_fit_state) IS 'Support function of scorecard.cost_behavior: merges partial states.';
COMMENT ON FUNCTION scorecard.cost_behavior_final(scorecard.linear_fit_state) IS 'Support function of scorecard.cost_behavior: the scorecard.cost_fit result.';
"#,
    name = "cost_behavior",
    requires = [cost_behavior_trans, cost_behavior_combine, cost_behavior_final]
);

// ----- cost_trend(period_start date, total_cost) --------------------

extension_sql!(
    r#"
CREATE TYPE scorecard.cost_trend_fit AS (
    months                bigint,
    first_month           date,
    last_month            date,
    monthly_change        numeric,
    trend_cost_last_month numeric,
    r_squared             numeric
);
COMMENT ON TYPE scorecard.cost_trend_fit IS 'Result of scorecard.cost_trend: the linear trend of a monthly cost series, for scorecard.forecast_trend.';
COMMENT ON COLUMN scorecard.cost_trend_fit.months IS 'Rows (months) fitted.';
COMMENT ON COLUMN scorecard.cost_trend_fit.first_month IS 'First month of the series.';
COMMENT ON COLUMN scorecard.cost_trend_fit.last_month IS 'Last month of the series: forecasts start the month after.';
COMMENT ON COLUMN scorecard.cost_trend_fit.monthly_change IS 'Slope: change of cost per month; NULL with fewer than two distinct months.';
COMMENT ON COLUMN scorecard.cost_trend_fit.trend_cost_last_month IS 'The trend line''s value at the last month.';
COMMENT ON COLUMN scorecard.cost_trend_fit.r_squared IS 'Share of the month-to-month variation the trend explains (0..1).';
"#,
    name = "cost_trend_fit_type"
);

/// The first day of the month numbered `n`, as a SQL date.
fn month_start(n: i64) -> Option<Date> {
    period::month_start(n).map(|d| date::from_naive(d, "a month of cost_trend").or_raise())
}

extension_sql!("CREATE TYPE scorecard.cost_trend_state;", name = "cost_trend_state_shell");

crate::state_type!(
    fin::CostTrend,
    "scorecard.cost_trend_state",
    144,
    "cost_trend_state_shell",
    cost_trend_state_in,
    cost_trend_state_out,
    cost_trend_state_recv,
    cost_trend_state_send
);

extension_sql!(
    r#"
CREATE TYPE scorecard.cost_trend_state (
    INPUT = scorecard.cost_trend_state_in, OUTPUT = scorecard.cost_trend_state_out,
    RECEIVE = scorecard.cost_trend_state_recv, SEND = scorecard.cost_trend_state_send,
    INTERNALLENGTH = 144, ALIGNMENT = double, STORAGE = plain
);
COMMENT ON TYPE scorecard.cost_trend_state IS 'Transition state of scorecard.cost_trend: the exact sums of a least-squares fit on the month number, and the first and last month. Its text form is JSON; Citus ships it between nodes that way.';
COMMENT ON FUNCTION scorecard.cost_trend_state_in(cstring) IS 'Input function of scorecard.cost_trend_state: its JSON text form, checked like an argument (ERROR 22P02).';
COMMENT ON FUNCTION scorecard.cost_trend_state_out(scorecard.cost_trend_state) IS 'Output function of scorecard.cost_trend_state: its JSON text form.';
COMMENT ON FUNCTION scorecard.cost_trend_state_recv(internal) IS 'Binary input function of scorecard.cost_trend_state (ERROR 22P03 on a bad state).';
COMMENT ON FUNCTION scorecard.cost_trend_state_send(scorecard.cost_trend_state) IS 'Binary output function of scorecard.cost_trend_state.';
"#,
    name = "cost_trend_state",
    requires = [cost_trend_state_in, cost_trend_state_out, cost_trend_state_recv, cost_trend_state_send]
);

#[pg_extern(immutable, parallel_safe, requires = ["cost_trend_state"])]
fn cost_trend_trans(
    state: Option<StatePtr<fin::CostTrend>>,
    period_start: Option<Date>,
    total_cost: Option<Exact>,
    fcinfo: pg_sys::FunctionCallInfo,
) -> Option<StatePtr<fin::CostTrend>> {
    let (Some(d), Some(cost)) = (period_start, total_cost) else { return state };
    let month = date::finite_days(d, "cost_trend")
        .and_then(|_| date::to_naive(d, "a cost_trend date"))
        .map(period::month_number)
        .or_raise();
    Some(unsafe { state_type::update(fcinfo, state, |s: &mut fin::CostTrend| s.add(month, cost.0)) })
}

#[pg_extern(immutable, parallel_safe, requires = ["cost_trend_state"])]
fn cost_trend_combine(
    a: Option<StatePtr<fin::CostTrend>>,
    b: Option<StatePtr<fin::CostTrend>>,
    fcinfo: pg_sys::FunctionCallInfo,
) -> Option<StatePtr<fin::CostTrend>> {
    unsafe { state_type::combine(a, b, fcinfo) }
}

crate::legacy_serial_support!(fin::CostTrend, cost_trend_serialize, cost_trend_deserialize);

#[pg_extern(immutable, parallel_safe, requires = ["cost_trend_fit_type", "cost_trend_state"])]
fn cost_trend_final(
    state: Option<StatePtr<fin::CostTrend>>,
) -> Option<pgrx::composite_type!('static, "scorecard.cost_trend_fit")> {
    let tr = state?.get().result().or_raise()?;
    let mut t = crate::pg::result_tuple("scorecard.cost_trend_fit");
    crate::pg::set_field(&mut t, "months", tr.months);
    crate::pg::set_field(&mut t, "first_month", month_start(tr.first_month));
    crate::pg::set_field(&mut t, "last_month", month_start(tr.last_month));
    crate::pg::set_field(&mut t, "monthly_change", tr.monthly_change.map(Exact));
    crate::pg::set_field(&mut t, "trend_cost_last_month", tr.trend_cost_last_month.map(Exact));
    crate::pg::set_field(&mut t, "r_squared", tr.r_squared.map(Exact));
    Some(t)
}

extension_sql!(
    r#"
CREATE AGGREGATE scorecard.cost_trend(period_start date, total_cost numeric) (
    sfunc = scorecard.cost_trend_trans, stype = scorecard.cost_trend_state, finalfunc = scorecard.cost_trend_final,
    combinefunc = scorecard.cost_trend_combine, parallel = safe
);
COMMENT ON AGGREGATE scorecard.cost_trend(date, numeric) IS
    'Linear trend of a monthly cost series (one row per month; the date''s month is used), as scorecard.cost_trend_fit; project it with scorecard.forecast_trend.';

COMMENT ON FUNCTION scorecard.cost_trend_trans(scorecard.cost_trend_state, date, numeric) IS 'Support function of scorecard.cost_trend.';
COMMENT ON FUNCTION scorecard.cost_trend_combine(scorecard.cost_trend_state, scorecard.cost_trend_state) IS 'Support function of scorecard.cost_trend: merges partial states.';
COMMENT ON FUNCTION scorecard.cost_trend_final(scorecard.cost_trend_state) IS 'Support function of scorecard.cost_trend: the scorecard.cost_trend_fit result.';
"#,
    name = "cost_trend",
    requires = [cost_trend_trans, cost_trend_combine, cost_trend_final]
);

// ----- value_of_service(outcome, cost) ------------------------------

extension_sql!(
    r#"
CREATE TYPE scorecard.service_value AS (
    beneficiaries      bigint,
    total_outcome      numeric,
    total_cost         numeric,
    outcome_per_dollar numeric,
    mean_cost          numeric,
    cost_sd            numeric,
    cost_cv            numeric
);
COMMENT ON TYPE scorecard.service_value IS 'Result of scorecard.value_of_service: value = outcomes achieved per dollar spent, with the level and variation of cost per beneficiary.';
COMMENT ON COLUMN scorecard.service_value.beneficiaries IS 'Beneficiaries (rows) counted.';
COMMENT ON COLUMN scorecard.service_value.total_outcome IS 'Sum of outcomes.';
COMMENT ON COLUMN scorecard.service_value.total_cost IS 'Sum of costs.';
COMMENT ON COLUMN scorecard.service_value.outcome_per_dollar IS 'total_outcome / total_cost; NULL when the total cost is 0.';
COMMENT ON COLUMN scorecard.service_value.mean_cost IS 'Mean cost per beneficiary.';
COMMENT ON COLUMN scorecard.service_value.cost_sd IS 'Sample standard deviation of cost per beneficiary (NULL below two).';
COMMENT ON COLUMN scorecard.service_value.cost_cv IS 'Coefficient of variation of cost per beneficiary, cost_sd / mean_cost; value rises as it falls. NULL below two beneficiaries or at zero mean cost.';
"#,
    name = "service_value_type"
);

extension_sql!("CREATE TYPE scorecard.value_of_service_state;", name = "value_of_service_state_shell");

crate::state_type!(
    fin::ValueOfService,
    "scorecard.value_of_service_state",
    80,
    "value_of_service_state_shell",
    value_of_service_state_in,
    value_of_service_state_out,
    value_of_service_state_recv,
    value_of_service_state_send
);

extension_sql!(
    r#"
CREATE TYPE scorecard.value_of_service_state (
    INPUT = scorecard.value_of_service_state_in, OUTPUT = scorecard.value_of_service_state_out,
    RECEIVE = scorecard.value_of_service_state_recv, SEND = scorecard.value_of_service_state_send,
    INTERNALLENGTH = 80, ALIGNMENT = double, STORAGE = plain
);
COMMENT ON TYPE scorecard.value_of_service_state IS 'Transition state of scorecard.value_of_service: count, exact sums of cost and its square, and of outcome. Its text form is JSON; Citus ships it between nodes that way.';
COMMENT ON FUNCTION scorecard.value_of_service_state_in(cstring) IS 'Input function of scorecard.value_of_service_state: its JSON text form, checked like an argument (ERROR 22P02).';
COMMENT ON FUNCTION scorecard.value_of_service_state_out(scorecard.value_of_service_state) IS 'Output function of scorecard.value_of_service_state: its JSON text form.';
COMMENT ON FUNCTION scorecard.value_of_service_state_recv(internal) IS 'Binary input function of scorecard.value_of_service_state (ERROR 22P03 on a bad state).';
COMMENT ON FUNCTION scorecard.value_of_service_state_send(scorecard.value_of_service_state) IS 'Binary output function of scorecard.value_of_service_state.';
"#,
    name = "value_of_service_state",
    requires = [
        value_of_service_state_in,
        value_of_service_state_out,
        value_of_service_state_recv,
        value_of_service_state_send
    ]
);

#[pg_extern(immutable, parallel_safe, requires = ["value_of_service_state"])]
fn value_of_service_trans(
    state: Option<StatePtr<fin::ValueOfService>>,
    outcome: Option<Exact>,
    cost: Option<Exact>,
    fcinfo: pg_sys::FunctionCallInfo,
) -> Option<StatePtr<fin::ValueOfService>> {
    let (Some(outcome), Some(cost)) = (outcome, cost) else { return state };
    Some(unsafe { state_type::update(fcinfo, state, |s: &mut fin::ValueOfService| s.add(outcome.0, cost.0)) })
}

#[pg_extern(immutable, parallel_safe, requires = ["value_of_service_state"])]
fn value_of_service_combine(
    a: Option<StatePtr<fin::ValueOfService>>,
    b: Option<StatePtr<fin::ValueOfService>>,
    fcinfo: pg_sys::FunctionCallInfo,
) -> Option<StatePtr<fin::ValueOfService>> {
    unsafe { state_type::combine(a, b, fcinfo) }
}

crate::legacy_serial_support!(fin::ValueOfService, value_of_service_serialize, value_of_service_deserialize);

#[pg_extern(immutable, parallel_safe, requires = ["service_value_type", "value_of_service_state"])]
fn value_of_service_final(
    state: Option<StatePtr<fin::ValueOfService>>,
) -> Option<pgrx::composite_type!('static, "scorecard.service_value")> {
    let v = state?.get().result().or_raise()?;
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

extension_sql!(
    r#"
CREATE AGGREGATE scorecard.value_of_service(outcome numeric, cost numeric) (
    sfunc = scorecard.value_of_service_trans, stype = scorecard.value_of_service_state, finalfunc = scorecard.value_of_service_final,
    combinefunc = scorecard.value_of_service_combine, parallel = safe
);
COMMENT ON AGGREGATE scorecard.value_of_service(numeric, numeric) IS
    'Value of service over beneficiaries (one row each: outcome achieved, cost): outcomes per dollar, mean cost per beneficiary, its sd and coefficient of variation, as scorecard.service_value.';

COMMENT ON FUNCTION scorecard.value_of_service_trans(scorecard.value_of_service_state, numeric, numeric) IS 'Support function of scorecard.value_of_service.';
COMMENT ON FUNCTION scorecard.value_of_service_combine(scorecard.value_of_service_state, scorecard.value_of_service_state) IS 'Support function of scorecard.value_of_service: merges partial states.';
COMMENT ON FUNCTION scorecard.value_of_service_final(scorecard.value_of_service_state) IS 'Support function of scorecard.value_of_service: the scorecard.service_value result.';
"#,
    name = "value_of_service",
    requires = [value_of_service_trans, value_of_service_combine, value_of_service_final]
);
