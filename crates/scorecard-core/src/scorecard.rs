//! The Balanced Scorecard arithmetic: balance, deep-dive test, Spider-style
//! goal scores and the weighted composite. Pure Rust on `rust_decimal`.

use rust_decimal::Decimal;

use super::error::{overflow, CoreError, CoreResult};
use super::exact_sum::ExactSum;
use super::state::{write_exact, write_u64, AggregateState, Reader};

/// Balance of an actual against its target; positive means better than
/// target. For a lower-is-better measure (length of stay, denial rate) the
/// sign is turned round: below target is good.
pub fn balance(actual: Decimal, target: Decimal, higher_is_better: bool) -> CoreResult<Decimal> {
    let diff = if higher_is_better { actual.checked_sub(target) } else { target.checked_sub(actual) };
    diff.ok_or_else(|| overflow("the balance"))
}

/// True when the balance is off by more than the threshold in either
/// direction (the source's "off by more than five percent": 0.05).
pub fn needs_deep_dive(balance: Decimal, threshold: Decimal) -> CoreResult<bool> {
    if threshold.is_sign_negative() && !threshold.is_zero() {
        return Err(CoreError::InvalidParameter(format!("deep-dive threshold must not be negative, got {threshold}")));
    }
    Ok(balance.abs() > threshold)
}

/// Spider Impact's "Goal / Red Flag" score on 0..10: the red flag scores
/// 10/3, the goal 20/3, linear between and beyond, clamped to [0, 10].
/// A goal below its red flag means lower is better; the same line serves.
pub fn goal_score(actual: Decimal, goal: Decimal, red_flag: Decimal) -> CoreResult<Decimal> {
    let span = goal.checked_sub(red_flag).ok_or_else(|| overflow("goal - red_flag"))?;
    if span.is_zero() {
        return Err(CoreError::InvalidParameter(format!("goal and red flag must differ (both are {goal})")));
    }
    let offset = actual.checked_sub(red_flag).ok_or_else(|| overflow("actual - red_flag"))?;
    // score = 10/3 + (actual - red_flag) * (10/3) / (goal - red_flag).
    // Divide first by span in units of thirds so the exact ends stay exact:
    // (offset / span + 1) * 10 / 3.
    let steps = match offset.checked_div(span) {
        Some(s) => s,
        // So far past the goal or red flag that the quotient overflows:
        // the clamp decides.
        None => {
            return Ok(if (offset > Decimal::ZERO) == (span > Decimal::ZERO) { Decimal::TEN } else { Decimal::ZERO })
        }
    };
    let score = match steps
        .checked_add(Decimal::ONE)
        .and_then(|s| s.checked_mul(Decimal::TEN))
        .and_then(|s| s.checked_div(Decimal::from(3)))
    {
        Some(s) => s,
        None => return Ok(if steps > Decimal::ZERO { Decimal::TEN } else { Decimal::ZERO }),
    };
    Ok(score.clamp(Decimal::ZERO, Decimal::TEN).normalize())
}

/// State of the `composite` aggregate: a weighted mean of scores. Constant
/// size; the sums are exact (`ExactSum`), so merging two states gives the
/// same state for any split of the rows across parallel workers, and the
/// answer is identical with and without them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[repr(C)]
pub struct WeightedMean {
    pub weighted_sum: ExactSum,
    pub weight_sum: ExactSum,
    pub count: u64,
}

impl WeightedMean {
    /// Add one score with its weight. A negative weight is an error; a zero
    /// weight keeps the measure visible elsewhere but out of the mean.
    pub fn add(&mut self, score: Decimal, weight: Decimal) -> CoreResult<()> {
        self.add_named(score, weight, "composite weight")
    }

    /// `add(score, 1)` without the multiplication: the unweighted
    /// `composite(score)`, which is on the per-row path of every roll-up.
    /// Gives exactly the state `add(score, Decimal::ONE)` gives.
    pub fn add_unit(&mut self, score: Decimal) -> CoreResult<()> {
        self.weighted_sum.add(score, "the weighted sum")?;
        self.weight_sum.add(Decimal::ONE, "the sum of weights")?;
        self.count += 1;
        Ok(())
    }

    /// `add`, naming the weight in the error (e.g. "volume share").
    pub fn add_named(&mut self, score: Decimal, weight: Decimal, weight_name: &str) -> CoreResult<()> {
        if weight.is_sign_negative() && !weight.is_zero() {
            return Err(CoreError::InvalidParameter(format!("{weight_name} must not be negative, got {weight}")));
        }
        let product = ExactSum::product(score, weight, "score * weight")?;
        self.weighted_sum.merge(&product, "the weighted sum")?;
        self.weight_sum.add(weight, "the sum of weights")?;
        self.count += 1;
        Ok(())
    }

    /// The weighted mean, to 28 significant digits; `None` when no score was
    /// given or every weight was zero (nothing to average: SQL NULL, like
    /// `avg` of no rows).
    pub fn mean(&self) -> CoreResult<Option<Decimal>> {
        if self.count == 0 || self.weight_sum.is_zero() {
            return Ok(None);
        }
        self.weighted_sum.ratio(&self.weight_sum, "the weighted mean").map(|m| Some(m.normalize()))
    }
}

impl AggregateState for WeightedMean {
    const NAME: &'static str = "weighted mean";

    fn merge(&mut self, other: &WeightedMean) -> CoreResult<()> {
        self.weighted_sum.merge(&other.weighted_sum, "the weighted sum")?;
        self.weight_sum.merge(&other.weight_sum, "the sum of weights")?;
        self.count += other.count;
        Ok(())
    }

    fn write(&self, out: &mut Vec<u8>) {
        write_exact(out, &self.weighted_sum);
        write_exact(out, &self.weight_sum);
        write_u64(out, self.count);
    }

    fn read(r: &mut Reader<'_>) -> CoreResult<Self> {
        Ok(WeightedMean { weighted_sum: r.exact()?, weight_sum: r.exact()?, count: r.u64()? })
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

    #[test]
    fn balance_follows_direction() {
        assert_eq!(balance(dec("0.649975"), dec("0.933"), true).unwrap(), dec("-0.283025"));
        // Length of stay 6.5 days against a target of 7: better than target.
        assert_eq!(balance(dec("6.5"), dec("7"), false).unwrap(), dec("0.5"));
        assert!(balance(Decimal::MAX, dec("-1"), true).is_err());
    }

    #[test]
    fn deep_dive_is_strictly_past_threshold() {
        let t = dec("0.05");
        assert!(needs_deep_dive(dec("-0.283025"), t).unwrap());
        assert!(needs_deep_dive(dec("0.0501"), t).unwrap());
        assert!(!needs_deep_dive(dec("-0.05"), t).unwrap());
        assert!(!needs_deep_dive(dec("0.01"), t).unwrap());
        assert!(needs_deep_dive(dec("0.01"), dec("-0.01")).is_err());
    }

    #[test]
    fn goal_score_matches_spider_examples() {
        // Goal 700, red flag 500: 300 scores 0, 900 scores 10, the ends 10/3 and 20/3.
        let (g, r) = (dec("700"), dec("500"));
        assert_eq!(goal_score(dec("300"), g, r).unwrap(), Decimal::ZERO);
        assert_eq!(goal_score(dec("900"), g, r).unwrap(), Decimal::TEN);
        assert_eq!(goal_score(dec("500"), g, r).unwrap().round_dp(4), dec("3.3333"));
        assert_eq!(goal_score(dec("700"), g, r).unwrap().round_dp(4), dec("6.6667"));
        assert_eq!(goal_score(dec("600"), g, r).unwrap(), dec("5"));
        assert_eq!(goal_score(dec("2000"), g, r).unwrap(), Decimal::TEN);
        // Lower is better: goal 5 days, red flag 8 days.
        assert_eq!(goal_score(dec("5"), dec("5"), dec("8")).unwrap().round_dp(4), dec("6.6667"));
        assert_eq!(goal_score(dec("2"), dec("5"), dec("8")).unwrap(), Decimal::TEN);
        assert_eq!(goal_score(dec("11"), dec("5"), dec("8")).unwrap(), Decimal::ZERO);
        assert!(goal_score(dec("1"), dec("5"), dec("5")).is_err());
        // Far beyond the range: clamped, not an overflow.
        assert_eq!(goal_score(Decimal::MAX, dec("0.0000000001"), Decimal::ZERO).unwrap(), Decimal::TEN);
    }

    #[test]
    fn composite_is_the_weighted_mean() {
        let mut s = WeightedMean::default();
        assert_eq!(s.mean().unwrap(), None);
        for x in ["0.4747", "0.6921", "0.7943", "0.6388"] {
            s.add(dec(x), Decimal::ONE).unwrap();
        }
        assert_eq!(s.mean().unwrap(), Some(dec("0.649975")));
        let mut w = WeightedMean::default();
        w.add(dec("1"), dec("3")).unwrap();
        w.add(dec("0"), dec("1")).unwrap();
        assert_eq!(w.mean().unwrap(), Some(dec("0.75")));
        assert!(w.add(dec("1"), dec("-0.1")).is_err());
        let mut z = WeightedMean::default();
        z.add(dec("0.5"), Decimal::ZERO).unwrap();
        assert_eq!(z.mean().unwrap(), None);
    }

    #[test]
    fn composite_is_exact_past_decimal_precision() {
        // Scores with 24 decimal places: their sum needs 29+ digits. Split
        // the rows two ways; the means must be identical, not merely close.
        let scores: Vec<Decimal> =
            (1..=20_000i64).map(|i| Decimal::new((i * 7919) % 10007, 0) / Decimal::new(10007, 0)).collect();
        let mut whole = WeightedMean::default();
        for s in &scores {
            whole.add(*s, Decimal::ONE).unwrap();
        }
        let (mut a, mut b) = (WeightedMean::default(), WeightedMean::default());
        for (i, s) in scores.iter().enumerate() {
            if i % 3 == 0 {
                a.add(*s, Decimal::ONE).unwrap()
            } else {
                b.add(*s, Decimal::ONE).unwrap()
            }
        }
        b.merge(&a).unwrap();
        assert_eq!(whole.mean().unwrap(), b.mean().unwrap());
    }

    #[test]
    fn composite_state_rejects_bad_bytes() {
        assert!(WeightedMean::from_bytes(&[0u8; 5]).is_err());
        assert!(WeightedMean::from_bytes(&[0u8; 49]).is_err());
    }

    fn arb_score() -> impl Strategy<Value = (Decimal, Decimal)> {
        (0i64..1_000_000, 0i64..1000).prop_map(|(s, w)| (Decimal::new(s, 6), Decimal::new(w, 2)))
    }

    proptest! {
        #[test]
        fn any_split_merges_to_the_same_state(rows in prop::collection::vec(arb_score(), 0..60), cut in 0usize..60) {
            let cut = cut.min(rows.len());
            let mut whole = WeightedMean::default();
            for (s, w) in &rows { whole.add(*s, *w).unwrap(); }
            let (mut a, mut b) = (WeightedMean::default(), WeightedMean::default());
            for (s, w) in &rows[..cut] { a.add(*s, *w).unwrap(); }
            for (s, w) in &rows[cut..] { b.add(*s, *w).unwrap(); }
            let b = WeightedMean::from_bytes(&b.to_bytes()).unwrap();
            prop_assert_eq!(WeightedMean::from_text(&b.to_text()).unwrap(), b, "text round trip");
            a.merge(&b).unwrap();
            prop_assert_eq!(a, whole);
            prop_assert_eq!(a.mean().unwrap(), whole.mean().unwrap());
        }

        #[test]
        fn add_unit_is_add_with_weight_one(scores in prop::collection::vec(-1_000_000_000i64..1_000_000_000, 0..40), scale in 0u32..10) {
            let (mut unit, mut weighted) = (WeightedMean::default(), WeightedMean::default());
            for s in &scores {
                unit.add_unit(Decimal::new(*s, scale)).unwrap();
                weighted.add(Decimal::new(*s, scale), Decimal::ONE).unwrap();
            }
            prop_assert_eq!(unit, weighted);
            prop_assert_eq!(unit.to_bytes(), weighted.to_bytes());
        }

        #[test]
        fn mean_lies_between_min_and_max(rows in prop::collection::vec(arb_score(), 1..40)) {
            let mut s = WeightedMean::default();
            for (x, w) in &rows { s.add(*x, *w).unwrap(); }
            if let Some(m) = s.mean().unwrap() {
                let lo = rows.iter().filter(|r| !r.1.is_zero()).map(|r| r.0).min().unwrap();
                let hi = rows.iter().filter(|r| !r.1.is_zero()).map(|r| r.0).max().unwrap();
                prop_assert!(m >= lo && m <= hi);
            }
        }

        #[test]
        fn goal_score_is_monotone_and_clamped(a in -1000i64..1000, b in -1000i64..1000) {
            let (g, r) = (Decimal::from(700), Decimal::from(500));
            let (sa, sb) = (goal_score(Decimal::from(a), g, r).unwrap(), goal_score(Decimal::from(b), g, r).unwrap());
            prop_assert!(sa >= Decimal::ZERO && sa <= Decimal::TEN);
            if a <= b { prop_assert!(sa <= sb); }
        }
    }
}
