//! `ExactSum`: an exact running sum of decimals, wider than `Decimal`.
//!
//! `rust_decimal` keeps 96 bits of mantissa (28-29 digits) and, when a sum
//! needs more, *rounds silently* (`checked_add` only fails when the integer
//! part overflows). A sum of a million ratios with 20-24 decimal places
//! needs more than 29 digits, so such rounding would make the result depend
//! on the order of the rows, and parallel plans would disagree with serial
//! ones. `ExactSum` keeps a 128-bit mantissa (38 digits) at the largest scale
//! it has seen: every addition is exact, the final state is the same for any
//! order or split of the rows, and a sum that does not fit is an error, never
//! a rounding. Only the final conversion to `Decimal` rounds, once, half to
//! even, deterministically.

use rust_decimal::Decimal;

use super::error::{overflow, CoreError, CoreResult};
use super::numeric_format::MAX_SCALE;

const MAX_DECIMAL_MANTISSA: u128 = (1u128 << 96) - 1;

/// value = mantissa * 10^-scale. Stored as two 64-bit halves so the struct
/// is 8-byte aligned (PostgreSQL's palloc alignment), unlike `i128`.
/// In text (an aggregate state's text form, see `state.rs`) it is its exact
/// decimal string with every digit of its scale: `"-12.50"` is mantissa
/// -1250 at scale 2.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
#[repr(C)]
pub struct ExactSum {
    lo: u64,
    hi: i64,
    scale: u32,
}

/// 10^n for n <= 38 (the largest power of ten an i128 holds).
fn pow10(n: u32) -> Option<i128> {
    10i128.checked_pow(n)
}

impl ExactSum {
    pub const SERIALIZED_LEN: usize = 20;

    pub fn new(mantissa: i128, scale: u32) -> Self {
        let mut s = ExactSum { lo: 0, hi: 0, scale };
        s.set_mantissa(mantissa);
        s
    }

    pub fn from_decimal(d: Decimal) -> Self {
        ExactSum::new(d.mantissa(), d.scale())
    }

    pub fn mantissa(&self) -> i128 {
        ((self.hi as i128) << 64) | self.lo as i128
    }

    pub fn scale(&self) -> u32 {
        self.scale
    }

    fn set_mantissa(&mut self, m: i128) {
        self.lo = m as u64;
        self.hi = (m >> 64) as i64;
    }

    pub fn is_zero(&self) -> bool {
        self.mantissa() == 0
    }

    /// Bring `(mantissa, scale)` to `target` scale (>= scale) exactly.
    fn rescale(mantissa: i128, scale: u32, target: u32, what: &str) -> CoreResult<i128> {
        pow10(target - scale).and_then(|p| mantissa.checked_mul(p)).ok_or_else(|| wide_overflow(what))
    }

    /// Add `mantissa * 10^-scale` exactly.
    pub fn add_scaled(&mut self, mantissa: i128, scale: u32, what: &str) -> CoreResult<()> {
        if scale == self.scale {
            // The common case on a hot path: a column of one scale.
            let sum = self.mantissa().checked_add(mantissa).ok_or_else(|| wide_overflow(what))?;
            self.set_mantissa(sum);
            return Ok(());
        }
        let (ours, theirs, scale) = if scale > self.scale {
            (Self::rescale(self.mantissa(), self.scale, scale, what)?, mantissa, scale)
        } else {
            (self.mantissa(), Self::rescale(mantissa, scale, self.scale, what)?, self.scale)
        };
        let sum = ours.checked_add(theirs).ok_or_else(|| wide_overflow(what))?;
        self.set_mantissa(sum);
        self.scale = scale;
        Ok(())
    }

    pub fn add(&mut self, d: Decimal, what: &str) -> CoreResult<()> {
        self.add_scaled(d.mantissa(), d.scale(), what)
    }

    pub fn merge(&mut self, other: &ExactSum, what: &str) -> CoreResult<()> {
        self.add_scaled(other.mantissa(), other.scale, what)
    }

    /// `a * b` exactly, as an `ExactSum` (scales add up).
    pub fn product(a: Decimal, b: Decimal, what: &str) -> CoreResult<ExactSum> {
        let m = a.mantissa().checked_mul(b.mantissa()).ok_or_else(|| wide_overflow(what))?;
        Ok(ExactSum::new(m, a.scale() + b.scale()))
    }

    /// `self * factor` exactly.
    pub fn times(&self, factor: &ExactSum, what: &str) -> CoreResult<ExactSum> {
        let m = self.mantissa().checked_mul(factor.mantissa()).ok_or_else(|| wide_overflow(what))?;
        Ok(ExactSum::new(m, self.scale + factor.scale))
    }

    /// `self - other` exactly.
    pub fn minus(&self, other: &ExactSum, what: &str) -> CoreResult<ExactSum> {
        let mut out = *self;
        out.add_scaled(other.mantissa().checked_neg().ok_or_else(|| wide_overflow(what))?, other.scale, what)?;
        Ok(out)
    }

    /// The sum as a `Decimal`: exact when it fits in 28 decimal places and
    /// 96 bits, otherwise rounded once, half to even, to the most digits that
    /// fit. An integer part beyond 96 bits is an error.
    pub fn to_decimal(&self, what: &str) -> CoreResult<Decimal> {
        let m = self.mantissa();
        let mut drop = self.scale.saturating_sub(MAX_SCALE);
        loop {
            let rounded = round_half_even(m, drop);
            if rounded.unsigned_abs() <= MAX_DECIMAL_MANTISSA {
                let scale = self.scale - drop;
                return Decimal::try_from_i128_with_scale(rounded, scale).map_err(|_| overflow(what));
            }
            if drop >= self.scale {
                return Err(overflow(what));
            }
            drop += 1;
        }
    }

    /// `self / den` to 28 significant digits, even when either side is
    /// wider than a `Decimal`: each side keeps its 28-29 leading digits
    /// (rounded half to even) and the quotient is scaled back. Deterministic.
    /// A zero denominator is `DivisionByZero`.
    pub fn ratio(&self, den: &ExactSum, what: &str) -> CoreResult<Decimal> {
        let (a, b) = (self.mantissa(), den.mantissa());
        if b == 0 {
            return Err(CoreError::DivisionByZero(format!("{what}: division by zero")));
        }
        if a == 0 {
            return Ok(Decimal::ZERO);
        }
        let (a, drop_a) = shrink(a);
        let (b, drop_b) = shrink(b);
        let q = Decimal::from_i128_with_scale(a, 0)
            .checked_div(Decimal::from_i128_with_scale(b, 0))
            .ok_or_else(|| overflow(what))?;
        // value = q * 10^(drop_a - drop_b - scale_a + scale_b)
        let exponent = i64::from(drop_a) - i64::from(drop_b) - i64::from(self.scale) + i64::from(den.scale);
        let scale = i64::from(q.scale()) - exponent;
        let shifted = if scale >= 0 {
            ExactSum::new(q.mantissa(), scale as u32)
        } else {
            let m = u32::try_from(-scale)
                .ok()
                .and_then(pow10)
                .and_then(|p| q.mantissa().checked_mul(p))
                .ok_or_else(|| overflow(what))?;
            ExactSum::new(m, 0)
        };
        shifted.to_decimal(what)
    }

    pub fn serialize(&self) -> [u8; Self::SERIALIZED_LEN] {
        let mut out = [0u8; Self::SERIALIZED_LEN];
        out[..16].copy_from_slice(&self.mantissa().to_le_bytes());
        out[16..].copy_from_slice(&self.scale.to_le_bytes());
        out
    }

    pub fn deserialize(bytes: &[u8]) -> CoreResult<Self> {
        if bytes.len() != Self::SERIALIZED_LEN {
            return Err(CoreError::CorruptState(format!(
                "exact sum has {} bytes, expected {}",
                bytes.len(),
                Self::SERIALIZED_LEN
            )));
        }
        let mut m = [0u8; 16];
        m.copy_from_slice(&bytes[..16]);
        let mut s = [0u8; 4];
        s.copy_from_slice(&bytes[16..]);
        let scale = u32::from_le_bytes(s);
        if scale > MAX_STATE_SCALE {
            return Err(CoreError::CorruptState(format!("exact sum has scale {scale}")));
        }
        Ok(ExactSum::new(i128::from_le_bytes(m), scale))
    }
}

/// The largest scale a state may carry: products of two `numeric`s at 28
/// places, and a margin. Anything larger did not come from this code.
const MAX_STATE_SCALE: u32 = 2 * MAX_SCALE + 10;

impl From<ExactSum> for String {
    fn from(s: ExactSum) -> String {
        let m = s.mantissa();
        let digits = m.unsigned_abs().to_string();
        let scale = s.scale as usize;
        let sign = if m < 0 { "-" } else { "" };
        if scale == 0 {
            return format!("{sign}{digits}");
        }
        let padded = format!("{digits:0>width$}", width = scale + 1);
        let (int, frac) = padded.split_at(padded.len() - scale);
        format!("{sign}{int}.{frac}")
    }
}

impl TryFrom<String> for ExactSum {
    type Error = CoreError;
    fn try_from(text: String) -> CoreResult<ExactSum> {
        let bad =
            || CoreError::InvalidText(format!("{text:?} is not an exact sum (digits, an optional point and sign)"));
        let (negative, body) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text.as_str()),
        };
        let (int, frac) = body.split_once('.').unwrap_or((body, ""));
        if int.is_empty() || !int.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        if body.contains('.') && frac.is_empty() {
            return Err(bad());
        }
        let scale = u32::try_from(frac.len()).map_err(|_| bad())?;
        if scale > MAX_STATE_SCALE {
            return Err(CoreError::InvalidText(format!(
                "exact sum {text:?} has scale {scale}, at most {MAX_STATE_SCALE}"
            )));
        }
        let sign = if negative { "-" } else { "" };
        let mantissa: i128 = format!("{sign}{int}{frac}")
            .parse()
            .map_err(|_| CoreError::InvalidText(format!("exact sum {text:?} exceeds 38 significant digits")))?;
        Ok(ExactSum::new(mantissa, scale))
    }
}

/// `m` cut to the 96 bits a `Decimal` mantissa holds: `(m', k)` with
/// `m ~= m' * 10^k`, rounded once, half to even.
fn shrink(m: i128) -> (i128, u32) {
    let mut k = 0;
    loop {
        let r = round_half_even(m, k);
        if r.unsigned_abs() <= MAX_DECIMAL_MANTISSA {
            return (r, k);
        }
        k += 1;
    }
}

fn wide_overflow(what: &str) -> CoreError {
    CoreError::OutOfRange(format!("{what} exceeds the 38 significant digits of pg_scorecard's exact accumulator"))
}

/// `m / 10^digits`, rounded half to even.
fn round_half_even(m: i128, digits: u32) -> i128 {
    if digits == 0 {
        return m;
    }
    let Some(p) = pow10(digits) else { return 0 };
    let q = m / p;
    let r = (m % p).unsigned_abs();
    let half = (p / 2) as u128;
    let away = r > half || (r == half && q % 2 != 0);
    if away {
        q + m.signum()
    } else {
        q
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
    fn sums_past_decimal_precision_exactly() {
        // 200,000 values with 24 decimal places: rust_decimal alone rounds.
        let v = dec("0.499949928550014989507345");
        let mut s = ExactSum::default();
        for _ in 0..200_000 {
            s.add(v, "sum").unwrap();
        }
        assert_eq!(s.mantissa(), 499_949_928_550_014_989_507_345i128 * 200_000);
        assert_eq!(s.scale(), 24);
        // To Decimal: 99989.985710002997901469 (rounded to what fits).
        assert_eq!(s.to_decimal("sum").unwrap(), dec("99989.985710002997901469000"));
    }

    #[test]
    fn rounds_half_to_even_once() {
        assert_eq!(round_half_even(25, 1), 2);
        assert_eq!(round_half_even(35, 1), 4);
        assert_eq!(round_half_even(-25, 1), -2);
        assert_eq!(round_half_even(-35, 1), -4);
        assert_eq!(round_half_even(1249, 2), 12);
        assert_eq!(round_half_even(1251, 2), 13);
        // A value that needs rounding to fit: 30 decimal places.
        let s = ExactSum::new(123_456_789_012_345_678_901_234_567_895, 30);
        assert_eq!(s.to_decimal("x").unwrap(), dec("0.1234567890123456789012345679"));
    }

    #[test]
    fn overflow_is_an_error_not_a_rounding() {
        let mut s = ExactSum::new(i128::MAX / 2, 0);
        assert!(s.add_scaled(i128::MAX / 2 + 10, 0, "sum").is_err());
        let big = ExactSum::new(10i128.pow(30), 0);
        assert!(big.to_decimal("sum").is_err());
        let mut t = ExactSum::new(10i128.pow(30), 0);
        assert!(t.add(dec("0.000000001"), "sum").is_err(), "rescaling past 38 digits must fail");
        // i64::MAX at scale 0 beside a value with 24 places needs 43 digits.
        let mut u = ExactSum::from_decimal(Decimal::new(i64::MAX, 0));
        assert!(u.add(Decimal::new(1, 24), "sum").is_err());
    }

    #[test]
    fn ratio_keeps_28_digits_beyond_decimal_range() {
        let third = ExactSum::new(1, 0).ratio(&ExactSum::new(3, 0), "r").unwrap();
        assert_eq!(third, dec("0.3333333333333333333333333333"));
        // (7.9e28 + 0.2) / 2: the dividend's mantissa is too wide for a
        // Decimal, the quotient fits (to its 29 digits).
        let a = ExactSum::new(10i128.pow(28) * 79 + 2, 1);
        let q = a.ratio(&ExactSum::new(2, 0), "r").unwrap();
        assert_eq!(q, dec("39500000000000000000000000000"));
        // Scales on both sides: 1.5 / 0.003 = 500.
        assert_eq!(ExactSum::new(15, 1).ratio(&ExactSum::new(3, 3), "r").unwrap(), dec("500"));
        assert_eq!(ExactSum::new(-7, 0).ratio(&ExactSum::new(2, 0), "r").unwrap(), dec("-3.5"));
        assert!(matches!(ExactSum::new(1, 0).ratio(&ExactSum::default(), "r"), Err(CoreError::DivisionByZero(_))));
    }

    #[test]
    fn serialisation_round_trips_and_checks_length() {
        let s = ExactSum::new(-123_456_789_012_345_678_901_234_567_890_123i128, 17);
        assert_eq!(ExactSum::deserialize(&s.serialize()).unwrap(), s);
        assert!(ExactSum::deserialize(&[1, 2, 3]).is_err());
    }

    /// Up to 12 integer digits and 24 decimal places: any mix fits 38 digits.
    fn arb_decimal() -> impl Strategy<Value = Decimal> {
        (-1_000_000_000_000i64..1_000_000_000_000, 0u32..=24).prop_map(|(m, s)| Decimal::new(m, s))
    }

    proptest! {
        #[test]
        fn order_and_split_do_not_matter(values in prop::collection::vec(arb_decimal(), 0..50), cut in 0usize..50) {
            let cut = cut.min(values.len());
            let mut forward = ExactSum::default();
            for v in &values { forward.add(*v, "sum").unwrap(); }
            let mut backward = ExactSum::default();
            for v in values.iter().rev() { backward.add(*v, "sum").unwrap(); }
            let (mut a, mut b) = (ExactSum::default(), ExactSum::default());
            for v in &values[..cut] { a.add(*v, "sum").unwrap(); }
            for v in &values[cut..] { b.add(*v, "sum").unwrap(); }
            let b = ExactSum::deserialize(&b.serialize()).unwrap();
            a.merge(&b, "sum").unwrap();
            prop_assert_eq!(forward.mantissa(), backward.mantissa());
            prop_assert_eq!(forward.scale(), backward.scale());
            prop_assert_eq!(a.to_decimal("sum").unwrap(), forward.to_decimal("sum").unwrap());
        }

        #[test]
        fn agrees_with_decimal_when_decimal_is_exact(a in -1_000_000_000i64..1_000_000_000, sa in 0u32..8,
                                                     b in -1_000_000_000i64..1_000_000_000, sb in 0u32..8) {
            let (x, y) = (Decimal::new(a, sa), Decimal::new(b, sb));
            let mut s = ExactSum::from_decimal(x);
            s.add(y, "sum").unwrap();
            prop_assert_eq!(s.to_decimal("sum").unwrap(), x + y);
            prop_assert_eq!(ExactSum::product(x, y, "p").unwrap().to_decimal("p").unwrap(), x * y);
        }
    }
}
