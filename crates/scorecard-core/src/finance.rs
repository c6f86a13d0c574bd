//! The finance toolkit: fiscal solvency, break-even, rate setting, days in
//! A/R, and the states of the finance aggregates (case-rate ranges, cost
//! behaviour, value of service). Pure Rust on `rust_decimal` and `ExactSum`.

use rust_decimal::{Decimal, MathematicalOps};

use super::error::{overflow, CoreError, CoreResult};
use super::exact_sum::ExactSum;
use super::scorecard::WeightedMean;
use super::state::{write_decimal, write_exact, write_u64, AggregateState, Reader};

fn invalid(msg: String) -> CoreError {
    CoreError::InvalidParameter(msg)
}

/// Refuse a negative amount or count, naming it.
pub fn non_negative(name: &str, v: Decimal) -> CoreResult<Decimal> {
    if v.is_sign_negative() && !v.is_zero() {
        return Err(invalid(format!("{name} must not be negative, got {v}")));
    }
    Ok(v)
}

/// One row of `mix_price`: a unit price (refused when negative) weighted by
/// its volume share.
pub fn mix_price_add(state: &mut WeightedMean, unit_price: Decimal, volume_share: Decimal) -> CoreResult<()> {
    let price = non_negative("unit price", unit_price)?;
    state.add_named(price, volume_share, "volume share")
}

fn checked(v: Option<Decimal>, what: &str) -> CoreResult<Decimal> {
    v.ok_or_else(|| overflow(what))
}

// ----------------------------------------------------------------------
// Scalars
// ----------------------------------------------------------------------

/// The solvency gap of R - CD = E + ARC: (R - CD) - (E + ARC). Negative
/// means the organisation does not cover its expenditures and reserve.
pub fn solvency_gap(
    revenue: Decimal,
    claims_denials: Decimal,
    expenditures: Decimal,
    reserve_contribution: Decimal,
) -> CoreResult<Decimal> {
    let r = non_negative("revenue", revenue)?;
    let cd = non_negative("claims denials", claims_denials)?;
    let e = non_negative("expenditures", expenditures)?;
    let arc = non_negative("reserve contribution", reserve_contribution)?;
    let net = checked(r.checked_sub(cd), "revenue - claims denials")?;
    let out = checked(e.checked_add(arc), "expenditures + reserve contribution")?;
    checked(net.checked_sub(out), "the solvency gap")
}

/// Inputs of a break-even calculation (all per period, per unit where
/// said).
#[derive(Debug, Clone, Copy)]
pub struct BreakEvenInput {
    pub fixed_costs: Decimal,
    pub unit_price: Decimal,
    pub variable_cost: Decimal,
    pub target_profit: Decimal,
    pub reserve: Decimal,
    pub denial_rate: Decimal,
}

/// The break-even point: the exact volume, the whole encounters needed
/// (rounded up), and the billed revenue at the exact volume.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BreakEven {
    pub units: Decimal,
    pub encounters: i64,
    pub revenue: Decimal,
}

/// Q = (fixed + reserve + profit) / (price * (1 - denial_rate) - variable).
/// No break-even exists when the net price does not exceed the variable
/// cost: that is an error, not a number.
pub fn break_even(input: BreakEvenInput) -> CoreResult<BreakEven> {
    let fixed = non_negative("fixed costs", input.fixed_costs)?;
    let price = non_negative("unit price", input.unit_price)?;
    let variable = non_negative("variable cost per unit", input.variable_cost)?;
    let profit = non_negative("target profit", input.target_profit)?;
    let reserve = non_negative("reserve", input.reserve)?;
    let d = input.denial_rate;
    if d.is_sign_negative() && !d.is_zero() || d >= Decimal::ONE {
        return Err(invalid(format!("denial rate must be in [0, 1), got {d}")));
    }
    let net_price = checked(price.checked_mul(Decimal::ONE - d), "unit price * (1 - denial rate)")?;
    let margin = checked(net_price.checked_sub(variable), "the contribution margin")?;
    if margin <= Decimal::ZERO {
        return Err(invalid(format!(
            "no break-even: the unit price net of denials ({}) does not exceed the variable cost per unit ({variable})",
            net_price.normalize()
        )));
    }
    let to_cover = checked(
        fixed.checked_add(reserve).and_then(|v| v.checked_add(profit)),
        "fixed costs + reserve + target profit",
    )?;
    let units = checked(to_cover.checked_div(margin), "the break-even volume")?.normalize();
    let encounters = i64::try_from(units.ceil().mantissa()).map_err(|_| overflow("the break-even encounters"))?;
    let revenue =
        checked(to_cover.checked_mul(price).and_then(|v| v.checked_div(margin)), "the break-even revenue")?.normalize();
    Ok(BreakEven { units, encounters, revenue })
}

/// (actual cost of the last two months + projected cost of the next two)
/// / units of service.
pub fn rate_setting_unit_cost(actual: Decimal, projected: Decimal, units: Decimal) -> CoreResult<Decimal> {
    let actual = non_negative("actual cost of the last two months", actual)?;
    let projected = non_negative("projected cost of the next two months", projected)?;
    let units = non_negative("units of service", units)?;
    if units.is_zero() {
        return Err(CoreError::DivisionByZero("units of service must not be zero".into()));
    }
    let total = checked(actual.checked_add(projected), "the four-month cost")?;
    Ok(checked(total.checked_div(units), "the unit cost")?.normalize())
}

/// Net days in A/R: net A/R / (net revenue / days in the period).
pub fn days_in_ar(net_ar: Decimal, net_revenue: Decimal, days_in_period: i32) -> CoreResult<Decimal> {
    let ar = non_negative("net A/R", net_ar)?;
    let revenue = non_negative("net revenue", net_revenue)?;
    if days_in_period <= 0 {
        return Err(invalid(format!("days in period must be positive, got {days_in_period}")));
    }
    if revenue.is_zero() {
        return Err(CoreError::DivisionByZero(
            "net revenue must not be zero: days in A/R is undefined without revenue".into(),
        ));
    }
    let num = checked(ar.checked_mul(Decimal::from(days_in_period)), "net A/R * days")?;
    Ok(checked(num.checked_div(revenue), "days in A/R")?.normalize())
}

/// Cost projected for a planned volume from a fixed / variable split.
/// Fixed and variable may come from a fit (and so be negative); the
/// volume may not.
pub fn forecast_cost(fixed_cost: Decimal, variable_cost: Decimal, volume: Decimal) -> CoreResult<Decimal> {
    let volume = non_negative("planned volume", volume)?;
    checked(variable_cost.checked_mul(volume).and_then(|v| v.checked_add(fixed_cost)), "the forecast cost")
        .map(|v| v.normalize())
}

// ----------------------------------------------------------------------
// Aggregate states
// ----------------------------------------------------------------------

fn exact_count(n: u64) -> ExactSum {
    ExactSum::new(i128::from(n), 0)
}

/// Count, exact sum and exact sum of squares: mean and sample standard
/// deviation without rounding until the end.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[repr(C)]
pub struct Moments {
    pub n: u64,
    pub sum: ExactSum,
    pub sum_sq: ExactSum,
}

impl Moments {
    pub fn add(&mut self, x: Decimal) -> CoreResult<()> {
        self.sum.add(x, "the sum")?;
        self.sum_sq.merge(&ExactSum::product(x, x, "a square")?, "the sum of squares")?;
        self.n += 1;
        Ok(())
    }

    pub fn mean(&self) -> CoreResult<Option<Decimal>> {
        if self.n == 0 {
            return Ok(None);
        }
        self.sum.ratio(&exact_count(self.n), "the mean").map(|m| Some(m.normalize()))
    }

    /// (n * sum_sq - sum^2) / (n (n - 1)), computed from exact sums; NULL
    /// below two values, as `stddev_samp`.
    pub fn sample_variance(&self) -> CoreResult<Option<Decimal>> {
        if self.n < 2 {
            return Ok(None);
        }
        let n = exact_count(self.n);
        let num = n
            .times(&self.sum_sq, "n * sum of squares")?
            .minus(&self.sum.times(&self.sum, "the squared sum")?, "the variance")?;
        let den = n.times(&exact_count(self.n - 1), "n (n - 1)")?;
        num.ratio(&den, "the variance").map(Some)
    }

    pub fn sample_sd(&self) -> CoreResult<Option<Decimal>> {
        match self.sample_variance()? {
            None => Ok(None),
            Some(v) => v.sqrt().map(|s| Some(s.normalize())).ok_or_else(|| overflow("the standard deviation")),
        }
    }

    fn merge(&mut self, other: &Moments) -> CoreResult<()> {
        self.sum.merge(&other.sum, "the sum")?;
        self.sum_sq.merge(&other.sum_sq, "the sum of squares")?;
        self.n += other.n;
        Ok(())
    }

    fn write(&self, out: &mut Vec<u8>) {
        write_u64(out, self.n);
        write_exact(out, &self.sum);
        write_exact(out, &self.sum_sq);
    }

    fn read(r: &mut Reader<'_>) -> CoreResult<Self> {
        Ok(Moments { n: r.u64()?, sum: r.exact()?, sum_sq: r.exact()? })
    }
}

/// `case_rate_range`: expenditure per beneficiary, mean +/- band * sd.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[repr(C)]
pub struct CaseRate {
    pub moments: Moments,
    pub band: Decimal,
    pub band_set: bool,
}

/// The admissible range for rate setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseRateRange {
    pub beneficiaries: i64,
    pub mean: Decimal,
    pub sd: Option<Decimal>,
    pub low: Option<Decimal>,
    pub high: Option<Decimal>,
    pub band: Decimal,
}

impl CaseRate {
    pub const DEFAULT_BAND: Decimal = Decimal::from_parts(1, 0, 0, false, 1);

    pub fn add(&mut self, expenditure: Decimal, band: Decimal) -> CoreResult<()> {
        self.set_band(band)?;
        self.moments.add(non_negative("expenditure", expenditure)?)
    }

    fn set_band(&mut self, band: Decimal) -> CoreResult<()> {
        non_negative("band", band)?;
        if !self.band_set {
            self.band = band;
            self.band_set = true;
        } else if self.band != band {
            return Err(invalid(format!(
                "band must be the same for every row of a group, got {} and {band}",
                self.band
            )));
        }
        Ok(())
    }

    pub fn result(&self) -> CoreResult<Option<CaseRateRange>> {
        let Some(mean) = self.moments.mean()? else {
            return Ok(None);
        };
        let sd = self.moments.sample_sd()?;
        let (low, high) = match sd {
            None => (None, None),
            Some(sd) => {
                let spread = checked(self.band.checked_mul(sd), "band * sd")?;
                (
                    Some(checked(mean.checked_sub(spread), "mean - band * sd")?.normalize()),
                    Some(checked(mean.checked_add(spread), "mean + band * sd")?.normalize()),
                )
            }
        };
        Ok(Some(CaseRateRange { beneficiaries: self.moments.n as i64, mean, sd, low, high, band: self.band }))
    }
}

impl AggregateState for CaseRate {
    const NAME: &'static str = "case rate";

    fn merge(&mut self, other: &CaseRate) -> CoreResult<()> {
        if other.band_set {
            self.set_band(other.band)?;
        }
        self.moments.merge(&other.moments)
    }

    fn write(&self, out: &mut Vec<u8>) {
        self.moments.write(out);
        write_decimal(out, &self.band);
        out.push(u8::from(self.band_set));
    }

    fn read(r: &mut Reader<'_>) -> CoreResult<Self> {
        let state = CaseRate { moments: Moments::read(r)?, band: r.decimal()?, band_set: r.flag()? };
        non_negative("band", state.band)?;
        Ok(state)
    }
}

/// `value_of_service`: one row per beneficiary, outcome and cost.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[repr(C)]
pub struct ValueOfService {
    pub cost: Moments,
    pub outcome: ExactSum,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServiceValue {
    pub beneficiaries: i64,
    pub total_outcome: Decimal,
    pub total_cost: Decimal,
    /// Outcomes per dollar: NULL when the total cost is 0.
    pub outcome_per_dollar: Option<Decimal>,
    pub mean_cost: Decimal,
    pub cost_sd: Option<Decimal>,
    /// sd / mean of cost per beneficiary: NULL below two beneficiaries or
    /// when the mean cost is 0.
    pub cost_cv: Option<Decimal>,
}

impl ValueOfService {
    pub fn add(&mut self, outcome: Decimal, cost: Decimal) -> CoreResult<()> {
        self.cost.add(non_negative("cost", cost)?)?;
        self.outcome.add(outcome, "the total outcome")
    }

    pub fn result(&self) -> CoreResult<Option<ServiceValue>> {
        let Some(mean_cost) = self.cost.mean()? else {
            return Ok(None);
        };
        let total_cost = self.cost.sum.to_decimal("the total cost")?;
        let outcome_per_dollar = if self.cost.sum.is_zero() {
            None
        } else {
            Some(self.outcome.ratio(&self.cost.sum, "outcomes per dollar")?.normalize())
        };
        let cost_sd = self.cost.sample_sd()?;
        let cost_cv = match cost_sd {
            Some(sd) if !mean_cost.is_zero() => {
                Some(checked(sd.checked_div(mean_cost), "the coefficient of variation")?.normalize())
            }
            _ => None,
        };
        Ok(Some(ServiceValue {
            beneficiaries: self.cost.n as i64,
            total_outcome: self.outcome.to_decimal("the total outcome")?,
            total_cost,
            outcome_per_dollar,
            mean_cost,
            cost_sd,
            cost_cv,
        }))
    }
}

impl AggregateState for ValueOfService {
    const NAME: &'static str = "value of service";

    fn merge(&mut self, other: &ValueOfService) -> CoreResult<()> {
        self.cost.merge(&other.cost)?;
        self.outcome.merge(&other.outcome, "the total outcome")
    }

    fn write(&self, out: &mut Vec<u8>) {
        self.cost.write(out);
        write_exact(out, &self.outcome);
    }

    fn read(r: &mut Reader<'_>) -> CoreResult<Self> {
        Ok(ValueOfService { cost: Moments::read(r)?, outcome: r.exact()? })
    }
}

/// Least squares of y on x from exact sums: `cost_behavior` (total cost on
/// volume) and `cost_trend` (cost on month number).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[repr(C)]
pub struct LinearFit {
    pub n: u64,
    pub sx: ExactSum,
    pub sy: ExactSum,
    pub sxx: ExactSum,
    pub sxy: ExactSum,
    pub syy: ExactSum,
}

/// Intercept (fixed cost), slope (variable cost per unit), r².
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fit {
    pub n: i64,
    pub intercept: Option<Decimal>,
    pub slope: Option<Decimal>,
    pub r_squared: Option<Decimal>,
}

impl LinearFit {
    /// One period of `cost_behavior`: total cost at a volume, both refused
    /// when negative.
    pub fn add_cost(&mut self, total_cost: Decimal, volume: Decimal) -> CoreResult<()> {
        let cost = non_negative("total cost", total_cost)?;
        let volume = non_negative("volume", volume)?;
        self.add(volume, cost)
    }

    pub fn add(&mut self, x: Decimal, y: Decimal) -> CoreResult<()> {
        self.sx.add(x, "the sum of x")?;
        self.sy.add(y, "the sum of y")?;
        self.sxx.merge(&ExactSum::product(x, x, "x * x")?, "the sum of x squared")?;
        self.sxy.merge(&ExactSum::product(x, y, "x * y")?, "the sum of x * y")?;
        self.syy.merge(&ExactSum::product(y, y, "y * y")?, "the sum of y squared")?;
        self.n += 1;
        Ok(())
    }

    /// n * s_ab - s_a * s_b: n² times the co-moment, exact.
    fn co(&self, sab: &ExactSum, sa: &ExactSum, sb: &ExactSum, what: &str) -> CoreResult<ExactSum> {
        exact_count(self.n).times(sab, what)?.minus(&sa.times(sb, what)?, what)
    }

    /// The fit, or `None` for no rows. Slope and intercept are NULL when
    /// the x values do not vary (as `regr_slope`); r² is 1 when y does not
    /// vary but x does (as `regr_r2`).
    pub fn result(&self) -> CoreResult<Option<Fit>> {
        if self.n == 0 {
            return Ok(None);
        }
        let cxx = self.co(&self.sxx, &self.sx, &self.sx, "the variance of x")?;
        if self.n < 2 || cxx.is_zero() {
            return Ok(Some(Fit { n: self.n as i64, intercept: None, slope: None, r_squared: None }));
        }
        let cxy = self.co(&self.sxy, &self.sx, &self.sy, "the covariance")?;
        let cyy = self.co(&self.syy, &self.sy, &self.sy, "the variance of y")?;
        let slope = cxy.ratio(&cxx, "the slope")?;
        // (sum y - slope * sum x) / n in 28-digit arithmetic: exact when the
        // data lie on a line, never through a rounded mean of x. (An exact
        // version would need sum y at the slope's 28 decimal places, which
        // overflows 38 digits on large tables.)
        let sx = self.sx.to_decimal("the sum of x")?;
        let sy = self.sy.to_decimal("the sum of y")?;
        let intercept = checked(
            slope.checked_mul(sx).and_then(|v| sy.checked_sub(v)).and_then(|v| v.checked_div(Decimal::from(self.n))),
            "the intercept",
        )?;
        let r_squared = if cyy.is_zero() {
            Decimal::ONE
        } else {
            // cxy² <= cxx·cyy (Cauchy-Schwarz), so r² <= 1; the product of
            // the two rounded ratios can pass 1 by rounding on extreme x
            // (dates in 4713 BC and 5874897 AD), and the nearest value the
            // bound allows is 1.
            checked(slope.checked_mul(cxy.ratio(&cyy, "r squared")?), "r squared")?.min(Decimal::ONE)
        };
        Ok(Some(Fit {
            n: self.n as i64,
            intercept: Some(intercept.normalize()),
            slope: Some(slope.normalize()),
            r_squared: Some(r_squared.normalize()),
        }))
    }
}

impl AggregateState for LinearFit {
    const NAME: &'static str = "linear fit";

    fn merge(&mut self, other: &LinearFit) -> CoreResult<()> {
        self.sx.merge(&other.sx, "the sum of x")?;
        self.sy.merge(&other.sy, "the sum of y")?;
        self.sxx.merge(&other.sxx, "the sum of x squared")?;
        self.sxy.merge(&other.sxy, "the sum of x * y")?;
        self.syy.merge(&other.syy, "the sum of y squared")?;
        self.n += other.n;
        Ok(())
    }

    fn write(&self, out: &mut Vec<u8>) {
        write_u64(out, self.n);
        for s in [&self.sx, &self.sy, &self.sxx, &self.sxy, &self.syy] {
            write_exact(out, s);
        }
    }

    fn read(r: &mut Reader<'_>) -> CoreResult<Self> {
        Ok(LinearFit { n: r.u64()?, sx: r.exact()?, sy: r.exact()?, sxx: r.exact()?, sxy: r.exact()?, syy: r.exact()? })
    }
}

/// `cost_trend`: a linear fit of monthly cost on the month number, and the
/// first and last month seen, so the trend can be projected forward.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[repr(C)]
pub struct CostTrend {
    pub fit: LinearFit,
    pub first_month: i64,
    pub last_month: i64,
}

impl Default for CostTrend {
    fn default() -> Self {
        CostTrend { fit: LinearFit::default(), first_month: i64::MAX, last_month: i64::MIN }
    }
}

/// The trend at the last month and its change per month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Trend {
    pub months: i64,
    pub first_month: i64,
    pub last_month: i64,
    pub monthly_change: Option<Decimal>,
    pub trend_cost_last_month: Option<Decimal>,
    pub r_squared: Option<Decimal>,
}

impl CostTrend {
    /// `month` is a month number (year * 12 + month - 1).
    pub fn add(&mut self, month: i64, cost: Decimal) -> CoreResult<()> {
        self.fit.add(Decimal::from(month), non_negative("cost", cost)?)?;
        self.first_month = self.first_month.min(month);
        self.last_month = self.last_month.max(month);
        Ok(())
    }

    pub fn result(&self) -> CoreResult<Option<Trend>> {
        let Some(fit) = self.fit.result()? else {
            return Ok(None);
        };
        let at_last = match (fit.intercept, fit.slope) {
            (Some(a), Some(b)) => Some(
                checked(
                    b.checked_mul(Decimal::from(self.last_month)).and_then(|v| v.checked_add(a)),
                    "the trend cost",
                )?
                .normalize(),
            ),
            _ => None,
        };
        Ok(Some(Trend {
            months: fit.n,
            first_month: self.first_month,
            last_month: self.last_month,
            monthly_change: fit.slope,
            trend_cost_last_month: at_last,
            r_squared: fit.r_squared,
        }))
    }
}

impl AggregateState for CostTrend {
    const NAME: &'static str = "cost trend";

    fn merge(&mut self, other: &CostTrend) -> CoreResult<()> {
        self.fit.merge(&other.fit)?;
        self.first_month = self.first_month.min(other.first_month);
        self.last_month = self.last_month.max(other.last_month);
        Ok(())
    }

    fn write(&self, out: &mut Vec<u8>) {
        self.fit.write(out);
        write_u64(out, self.first_month as u64);
        write_u64(out, self.last_month as u64);
    }

    fn read(r: &mut Reader<'_>) -> CoreResult<Self> {
        Ok(CostTrend { fit: LinearFit::read(r)?, first_month: r.i64()?, last_month: r.i64()? })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::str::FromStr;

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn be(fixed: &str, price: &str, var: &str, profit: &str, reserve: &str, denial: &str) -> CoreResult<BreakEven> {
        break_even(BreakEvenInput {
            fixed_costs: dec(fixed),
            unit_price: dec(price),
            variable_cost: dec(var),
            target_profit: dec(profit),
            reserve: dec(reserve),
            denial_rate: dec(denial),
        })
    }

    #[test]
    fn solvency_gap_is_net_revenue_minus_outlays() {
        assert_eq!(solvency_gap(dec("1000"), dec("50"), dec("900"), dec("40")).unwrap(), dec("10"));
        assert_eq!(solvency_gap(dec("1000"), dec("150"), dec("900"), dec("40")).unwrap(), dec("-90"));
        assert!(solvency_gap(dec("-1"), dec("0"), dec("0"), dec("0")).is_err());
    }

    #[test]
    fn break_even_contribution_margin() {
        // 120,000 fixed + 30,000 reserve, price 150 less 10% denials = 135,
        // variable 60: margin 75, Q = 2000 exactly.
        let b = be("120000", "150", "60", "0", "30000", "0.10").unwrap();
        assert_eq!(b.units, dec("2000"));
        assert_eq!(b.encounters, 2000);
        assert_eq!(b.revenue, dec("300000"));
        // A fraction of an encounter rounds up.
        let b = be("1000", "30", "10", "0", "0", "0").unwrap();
        assert_eq!(b.units, dec("50"));
        let b = be("1001", "30", "10", "0", "0", "0").unwrap();
        assert_eq!(b.units, dec("50.05"));
        assert_eq!(b.encounters, 51);
        // Nothing to cover: zero volume.
        assert_eq!(be("0", "30", "10", "0", "0", "0").unwrap().encounters, 0);
    }

    #[test]
    fn break_even_refuses_impossible_inputs() {
        let e = be("1000", "100", "90", "0", "0", "0.10").unwrap_err();
        assert_eq!(
            e.message(),
            "no break-even: the unit price net of denials (90) does not exceed the variable cost per unit (90)"
        );
        assert!(be("1000", "100", "120", "0", "0", "0").is_err());
        assert!(be("-1", "100", "10", "0", "0", "0").is_err());
        assert!(be("1", "100", "-10", "0", "0", "0").is_err());
        assert!(be("1", "100", "10", "0", "0", "1").is_err());
        assert!(be("1", "100", "10", "0", "0", "-0.01").is_err());
    }

    #[test]
    fn rate_setting_and_days_in_ar() {
        assert_eq!(rate_setting_unit_cost(dec("200000"), dec("220000"), dec("3000")).unwrap(), dec("140"));
        assert!(matches!(rate_setting_unit_cost(dec("1"), dec("1"), dec("0")), Err(CoreError::DivisionByZero(_))));
        assert!(rate_setting_unit_cost(dec("1"), dec("1"), dec("-3")).is_err());
        assert_eq!(days_in_ar(dec("450000"), dec("900000"), 90).unwrap(), dec("45"));
        assert!(matches!(days_in_ar(dec("1"), dec("0"), 30), Err(CoreError::DivisionByZero(_))));
        assert!(days_in_ar(dec("1"), dec("1"), 0).is_err());
    }

    #[test]
    fn case_rate_is_mean_plus_minus_a_tenth_sd() {
        let mut c = CaseRate::default();
        for x in ["100", "200", "300", "400"] {
            c.add(dec(x), CaseRate::DEFAULT_BAND).unwrap();
        }
        let r = c.result().unwrap().unwrap();
        assert_eq!(r.beneficiaries, 4);
        assert_eq!(r.mean, dec("250"));
        // sample variance = 50000/3, sd = 129.0994448735805628393088466...
        assert_eq!(r.sd.unwrap().round_dp(20), dec("129.09944487358056283931"));
        assert_eq!(r.low.unwrap().round_dp(10), dec("237.0900555126"));
        assert_eq!(r.high.unwrap().round_dp(10), dec("262.9099444874"));
        let mut one = CaseRate::default();
        one.add(dec("10"), CaseRate::DEFAULT_BAND).unwrap();
        let r = one.result().unwrap().unwrap();
        assert_eq!((r.sd, r.low, r.high), (None, None, None));
        assert_eq!(CaseRate::default().result().unwrap(), None);
        assert!(c.add(dec("1"), dec("0.2")).is_err(), "band changes within a group");
        assert!(CaseRate::default().add(dec("-1"), CaseRate::DEFAULT_BAND).is_err());
    }

    #[test]
    fn linear_fit_recovers_fixed_and_variable_cost() {
        // cost = 5000 + 12.5 * volume exactly.
        let mut f = LinearFit::default();
        for v in [100, 150, 200, 260, 300] {
            f.add(Decimal::from(v), dec("5000") + dec("12.5") * Decimal::from(v)).unwrap();
        }
        let fit = f.result().unwrap().unwrap();
        assert_eq!(fit.slope, Some(dec("12.5")));
        assert_eq!(fit.intercept, Some(dec("5000")));
        assert_eq!(fit.r_squared, Some(dec("1")));
        let mut flat = LinearFit::default();
        flat.add(dec("3"), dec("1")).unwrap();
        flat.add(dec("3"), dec("2")).unwrap();
        assert_eq!(flat.result().unwrap().unwrap().slope, None);
    }

    #[test]
    fn linear_fit_survives_large_tables() {
        // 200,000 rows of costs with cents against volumes: the intercept
        // must not overflow the exact accumulator.
        let mut f = LinearFit::default();
        for i in 1..=200_000i64 {
            let volume = Decimal::from(i % 97 + 1);
            let cost = Decimal::new((i * 7919) % 1_000_003 * 100 / 3, 2);
            f.add(volume, cost).unwrap();
        }
        let fit = f.result().unwrap().unwrap();
        assert!(fit.intercept.is_some() && fit.slope.is_some() && fit.r_squared.is_some());
    }

    #[test]
    fn value_of_service_reports_per_dollar_and_cv() {
        let mut v = ValueOfService::default();
        v.add(dec("3"), dec("100")).unwrap();
        v.add(dec("1"), dec("300")).unwrap();
        let r = v.result().unwrap().unwrap();
        assert_eq!(r.outcome_per_dollar, Some(dec("0.01")));
        assert_eq!(r.mean_cost, dec("200"));
        // sd = sqrt(20000) = 141.42..., cv = 0.7071...
        assert_eq!(r.cost_cv.unwrap().round_dp(6), dec("0.707107"));
    }

    fn arb_amount() -> impl Strategy<Value = Decimal> {
        (0i64..100_000_000).prop_map(|c| Decimal::new(c, 2))
    }

    #[test]
    fn r_squared_never_passes_one_on_extreme_months() {
        // Months of 4713 BC and 5874897 AD, as cost_trend numbers them: two
        // points lie on a line (r² = 1), which the rounded ratios made
        // 1.0000000000000000000000000182.
        let mut t = CostTrend::default();
        t.add(-56_544, dec("44056.83")).unwrap();
        t.add(70_498_775, dec("88429.21")).unwrap();
        assert_eq!(t.result().unwrap().unwrap().r_squared, Some(Decimal::ONE));
    }

    #[test]
    fn mix_price_and_cost_rows_refuse_negatives() {
        let mut m = WeightedMean::default();
        mix_price_add(&mut m, Decimal::from(100), Decimal::from(3)).unwrap();
        mix_price_add(&mut m, Decimal::from(200), Decimal::from(1)).unwrap();
        assert_eq!(m.mean().unwrap(), Some(Decimal::from(125)));
        assert_eq!(
            mix_price_add(&mut m, Decimal::from(-1), Decimal::ONE).unwrap_err().message(),
            "unit price must not be negative, got -1"
        );
        assert!(mix_price_add(&mut m, Decimal::ONE, Decimal::from(-1)).is_err());
        let mut f = LinearFit::default();
        assert_eq!(
            f.add_cost(Decimal::from(-5), Decimal::ONE).unwrap_err().message(),
            "total cost must not be negative, got -5"
        );
        assert_eq!(
            f.add_cost(Decimal::ONE, Decimal::from(-2)).unwrap_err().message(),
            "volume must not be negative, got -2"
        );
    }

    proptest! {
        #[test]
        fn case_rate_split_and_merge_is_identical(xs in prop::collection::vec(arb_amount(), 0..80), cut in 0usize..80) {
            let cut = cut.min(xs.len());
            let mut whole = CaseRate::default();
            for x in &xs { whole.add(*x, CaseRate::DEFAULT_BAND).unwrap(); }
            let (mut a, mut b) = (CaseRate::default(), CaseRate::default());
            for x in &xs[..cut] { a.add(*x, CaseRate::DEFAULT_BAND).unwrap(); }
            for x in &xs[cut..] { b.add(*x, CaseRate::DEFAULT_BAND).unwrap(); }
            let b = CaseRate::from_bytes(&b.to_bytes()).unwrap();
            prop_assert_eq!(CaseRate::from_text(&b.to_text()).unwrap(), b, "text round trip");
            a.merge(&b).unwrap();
            prop_assert_eq!(a.result().unwrap(), whole.result().unwrap());
        }

        #[test]
        fn range_contains_mean_and_is_symmetric(xs in prop::collection::vec(arb_amount(), 2..60)) {
            let mut c = CaseRate::default();
            for x in &xs { c.add(*x, CaseRate::DEFAULT_BAND).unwrap(); }
            let r = c.result().unwrap().unwrap();
            let (low, high) = (r.low.unwrap(), r.high.unwrap());
            prop_assert!(low <= r.mean && r.mean <= high);
            // Symmetric up to the last of 28 significant digits (low and
            // high round independently).
            let ulp = Decimal::new(1, 27) * (high.abs() + Decimal::ONE);
            prop_assert!(((r.mean - low) - (high - r.mean)).abs() <= ulp);
            prop_assert!(r.sd.unwrap() >= Decimal::ZERO);
        }

        #[test]
        fn fit_of_exact_line_is_exact(a in 0i64..1_000_000, b in 0i64..10_000, vols in prop::collection::btree_set(1i64..5000, 2..30)) {
            let (fixed, var) = (Decimal::new(a, 2), Decimal::new(b, 2));
            let mut f = LinearFit::default();
            for v in &vols { f.add(Decimal::from(*v), fixed + var * Decimal::from(*v)).unwrap(); }
            let fit = f.result().unwrap().unwrap();
            prop_assert_eq!(fit.slope.unwrap(), var.normalize());
            prop_assert_eq!(fit.intercept.unwrap(), fixed.normalize());
        }

        #[test]
        fn break_even_covers_costs(fixed in 0i64..10_000_000, price in 1i64..100_000, var_pct in 0i64..99, d in 0i64..50) {
            let price = Decimal::new(price, 2);
            let variable = (price * Decimal::new(var_pct, 2) * Decimal::new(100 - d, 2)).round_dp(2);
            let input = BreakEvenInput { fixed_costs: Decimal::new(fixed, 2), unit_price: price, variable_cost: variable,
                                         target_profit: Decimal::ZERO, reserve: Decimal::ZERO, denial_rate: Decimal::new(d, 2) };
            if let Ok(b) = break_even(input) {
                let margin = price * (Decimal::ONE - input.denial_rate) - variable;
                let q = Decimal::from(b.encounters);
                // Whole encounters cover the costs; one fewer does not.
                prop_assert!(q * margin >= input.fixed_costs);
                if b.encounters > 0 { prop_assert!((q - Decimal::ONE) * margin < input.fixed_costs); }
            }
        }
    }
}
