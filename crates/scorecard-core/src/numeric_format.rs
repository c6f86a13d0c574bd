//! PostgreSQL's `numeric` storage format, read and written without going
//! through text.
//!
//! A `numeric` varlena payload (after the 1- or 4-byte varlena header) is a
//! 16-bit header followed by base-10000 digits (`int16`, native byte order).
//! The format is what PostgreSQL writes to disk, so it is stable across minor
//! and major versions (pg_upgrade relies on that). See `numeric.c`:
//!
//! * short form (`n_header & 0xC000 == 0x8000`): sign `0x2000`, display scale
//!   `(n_header & 0x1F80) >> 7`, weight in the low 7 bits (`0x0040` is its
//!   sign bit); the digits follow the 2-byte header.
//! * long form (`0x0000` positive, `0x4000` negative): `n_sign_dscale` (scale
//!   in the low 14 bits) then `int16 n_weight`; the digits follow the 4-byte
//!   header.
//! * special values (`0xC000`): NaN `0xC000`, +Infinity `0xD000`,
//!   -Infinity `0xF000`.
//!
//! The value is `sum(digit[i] * 10000^(weight - i))`; `dscale` is the number
//! of decimal places shown. Everything here is pure and tested with plain
//! `#[test]`s and property tests; the pgrx glue lives in `src/pg/numeric.rs`.

use rust_decimal::Decimal;

use super::error::{CoreError, CoreResult};

const NBASE: u128 = 10_000;
const SIGN_MASK: u16 = 0xC000;
const NEG: u16 = 0x4000;
const SHORT: u16 = 0x8000;
const SPECIAL: u16 = 0xC000;
const EXT_SIGN_MASK: u16 = 0xF000;
const NAN: u16 = 0xC000;
const PINF: u16 = 0xD000;
const SHORT_SIGN_MASK: u16 = 0x2000;
const SHORT_DSCALE_MASK: u16 = 0x1F80;
const SHORT_DSCALE_SHIFT: u16 = 7;
const SHORT_WEIGHT_SIGN_MASK: u16 = 0x0040;
const SHORT_WEIGHT_MASK: u16 = 0x003F;
const DSCALE_MASK: u16 = 0x3FFF;
/// rust_decimal keeps at most 28 decimal places and a 96-bit mantissa.
pub const MAX_SCALE: u32 = 28;
const MAX_MANTISSA: u128 = (1u128 << 96) - 1;

fn read_u16(bytes: &[u8], at: usize) -> CoreResult<u16> {
    bytes
        .get(at..at + 2)
        .map(|b| u16::from_ne_bytes([b[0], b[1]]))
        .ok_or_else(|| CoreError::CorruptState("truncated numeric value".into()))
}

/// Decode the payload of a `numeric` (the bytes after the varlena header).
///
/// NaN and the infinities are refused (22023): no amount or ratio of this
/// extension can be NaN or infinite. Values that need more than 28 decimal
/// places or 96 bits of mantissa are refused (22003) rather than rounded.
pub fn decode(payload: &[u8]) -> CoreResult<Decimal> {
    let header = read_u16(payload, 0)?;
    let (negative, dscale, weight, digits_at) = match header & SIGN_MASK {
        SPECIAL => {
            let what = match header & EXT_SIGN_MASK {
                NAN => "NaN",
                PINF => "Infinity",
                _ => "-Infinity",
            };
            return Err(CoreError::InvalidParameter(format!("{what} is not a valid amount or ratio")));
        }
        SHORT => {
            let negative = header & SHORT_SIGN_MASK != 0;
            let dscale = u32::from((header & SHORT_DSCALE_MASK) >> SHORT_DSCALE_SHIFT);
            let low = (header & SHORT_WEIGHT_MASK) as i16;
            let weight = if header & SHORT_WEIGHT_SIGN_MASK != 0 { low | !(SHORT_WEIGHT_MASK as i16) } else { low };
            (negative, dscale, i32::from(weight), 2)
        }
        sign => {
            let weight = read_u16(payload, 2)? as i16;
            (sign == NEG, u32::from(header & DSCALE_MASK), i32::from(weight), 4)
        }
    };
    let digit_bytes =
        payload.get(digits_at..).ok_or_else(|| CoreError::CorruptState("truncated numeric value".into()))?;
    let ndigits = digit_bytes.len() / 2;

    // Up to four base-10000 digits (16 decimal digits: most amounts) fit a
    // u64, which is much cheaper than u128 arithmetic on this hot path.
    let mut mantissa: u128 = if ndigits <= 4 {
        let mut m: u64 = 0;
        for chunk in digit_bytes.chunks_exact(2) {
            m = m * 10_000 + u64::from(u16::from_ne_bytes([chunk[0], chunk[1]]));
        }
        u128::from(m)
    } else {
        let mut m: u128 = 0;
        for chunk in digit_bytes.chunks_exact(2) {
            let digit = u16::from_ne_bytes([chunk[0], chunk[1]]);
            m = m
                .checked_mul(NBASE)
                .and_then(|m| m.checked_add(u128::from(digit)))
                .ok_or_else(|| super::error::overflow("a numeric input"))?;
        }
        m
    };
    if mantissa == 0 {
        return Ok(Decimal::new(0, dscale.min(MAX_SCALE)));
    }
    // value = mantissa * 10000^(weight - ndigits + 1)
    let exponent = weight - (ndigits as i32) + 1;
    let mut scale: u32 = 0;
    if exponent >= 0 {
        for _ in 0..exponent {
            mantissa = mantissa.checked_mul(NBASE).ok_or_else(|| super::error::overflow("a numeric input"))?;
        }
    } else {
        scale = (-exponent) as u32 * 4;
    }
    // Digits past the display scale are zero in a well-formed numeric: drop
    // them in one division so the result carries the value's own scale (1.50
    // stays 1.50). Should any be non-zero, the value keeps them.
    let target = dscale.min(MAX_SCALE);
    if scale > target {
        match 10u128.checked_pow(scale - target) {
            Some(p) if mantissa.is_multiple_of(p) => {
                mantissa /= p;
                scale = target;
            }
            _ => {
                while scale > target && mantissa.is_multiple_of(10) {
                    mantissa /= 10;
                    scale -= 1;
                }
            }
        }
    }
    while scale < target {
        match mantissa.checked_mul(10) {
            Some(m) if m <= MAX_MANTISSA => {
                mantissa = m;
                scale += 1;
            }
            _ => break,
        }
    }
    if scale > MAX_SCALE {
        return Err(CoreError::OutOfRange(format!(
            "a numeric input has {scale} significant decimal places; pg_scorecard's exact \
             arithmetic keeps at most {MAX_SCALE} (round the value first)"
        )));
    }
    if mantissa > MAX_MANTISSA {
        return Err(super::error::overflow("a numeric input"));
    }
    let signed = if negative { -(mantissa as i128) } else { mantissa as i128 };
    Decimal::try_from_i128_with_scale(signed, scale).map_err(|_| super::error::overflow("a numeric input"))
}

/// Encode a decimal as a `numeric` payload (without the varlena header), in
/// the short form PostgreSQL itself uses for values this size, normalised the
/// way `make_result()` normalises (no leading or trailing zero digits; zero
/// has no digits and weight 0). The display scale is the decimal's scale.
pub fn encode(value: Decimal) -> Vec<u8> {
    let scale = value.scale();
    let negative = value.is_sign_negative() && !value.is_zero();
    let mut mantissa = value.mantissa().unsigned_abs();
    if mantissa == 0 {
        let header = SHORT | ((scale as u16) << SHORT_DSCALE_SHIFT);
        return header.to_ne_bytes().to_vec();
    }
    // Align the decimal point on a base-10000 boundary.
    let pad = (4 - scale % 4) % 4;
    mantissa *= 10u128.pow(pad);
    let groups_after_point = ((scale + pad) / 4) as i32;
    let mut digits: Vec<u16> = Vec::with_capacity(10);
    while mantissa > 0 {
        digits.push((mantissa % NBASE) as u16);
        mantissa /= NBASE;
    }
    digits.reverse();
    let weight = digits.len() as i32 - 1 - groups_after_point;
    while digits.last() == Some(&0) {
        digits.pop();
    }
    let weight_bits = (weight as i16 as u16 & SHORT_WEIGHT_MASK) | if weight < 0 { SHORT_WEIGHT_SIGN_MASK } else { 0 };
    let header =
        SHORT | if negative { SHORT_SIGN_MASK } else { 0 } | ((scale as u16) << SHORT_DSCALE_SHIFT) | weight_bits;
    let mut out = Vec::with_capacity(2 + 2 * digits.len());
    out.extend_from_slice(&header.to_ne_bytes());
    for d in digits {
        out.extend_from_slice(&d.to_ne_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::str::FromStr;

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn words(payload: &[u8]) -> Vec<u16> {
        payload.chunks_exact(2).map(|c| u16::from_ne_bytes([c[0], c[1]])).collect()
    }

    #[test]
    fn encodes_like_postgres() {
        // Reference payloads read off PostgreSQL 15 with numeric_send and the
        // on-disk rules of numeric.c.
        // 0.4747: weight -1, dscale 4, one digit 4747.
        assert_eq!(words(&encode(dec("0.4747"))), vec![0x8000 | (4 << 7) | 0x7F, 4747]);
        // 12345.67: digits 1, 2345, 6700; weight 1; dscale 2.
        assert_eq!(words(&encode(dec("12345.67"))), vec![0x8000 | (2 << 7) | 1, 1, 2345, 6700]);
        // -1: sign bit, weight 0, dscale 0.
        assert_eq!(words(&encode(dec("-1"))), vec![0x8000 | 0x2000, 1]);
        // 0.00: no digits, dscale 2.
        assert_eq!(words(&encode(dec("0.00"))), vec![0x8000 | (2 << 7)]);
        // 10000: one digit 1 at weight 1 (trailing zero digit stripped).
        assert_eq!(words(&encode(dec("10000"))), vec![0x8000 | 1, 1]);
    }

    #[test]
    fn decodes_long_form_and_keeps_display_scale() {
        // Long form: n_sign_dscale = 2 (positive, dscale 2), weight 0, digit 100.
        let mut p = Vec::new();
        p.extend_from_slice(&2u16.to_ne_bytes());
        p.extend_from_slice(&0i16.to_ne_bytes());
        p.extend_from_slice(&100u16.to_ne_bytes());
        let d = decode(&p).unwrap();
        assert_eq!(d.to_string(), "100.00");
        // Negative long form.
        let mut p = Vec::new();
        p.extend_from_slice(&(0x4000u16 | 1).to_ne_bytes());
        p.extend_from_slice(&(-1i16).to_ne_bytes());
        p.extend_from_slice(&5000u16.to_ne_bytes());
        assert_eq!(decode(&p).unwrap().to_string(), "-0.5");
    }

    #[test]
    fn refuses_special_values() {
        for (h, name) in [(0xC000u16, "NaN"), (0xD000, "Infinity"), (0xF000, "-Infinity")] {
            let err = decode(&h.to_ne_bytes()).unwrap_err();
            assert_eq!(err, CoreError::InvalidParameter(format!("{name} is not a valid amount or ratio")));
        }
    }

    #[test]
    fn refuses_too_many_digits() {
        // 10^32 as digits [1] at weight 8: 33 digits, beyond 96 bits.
        let header = 0x8000u16 | 8;
        let mut p = header.to_ne_bytes().to_vec();
        p.extend_from_slice(&1u16.to_ne_bytes());
        assert!(matches!(decode(&p), Err(CoreError::OutOfRange(_))));
        // 32 decimal places of significance.
        let header = 32u16; // long form (sign bits 0), dscale 32
        let mut p = header.to_ne_bytes().to_vec();
        p.extend_from_slice(&(-8i16).to_ne_bytes());
        p.extend_from_slice(&1u16.to_ne_bytes());
        assert!(matches!(decode(&p), Err(CoreError::OutOfRange(_))));
    }

    #[test]
    fn many_decimal_places_do_not_overflow_the_rescale() {
        // 1 at weight -20 (80 decimal places of digits), dscale 60: refused
        // as too many places, not a panic.
        let mut p = (60u16).to_ne_bytes().to_vec(); // long form, dscale 60
        p.extend_from_slice(&(-20i16).to_ne_bytes());
        p.extend_from_slice(&1u16.to_ne_bytes());
        assert!(matches!(decode(&p), Err(CoreError::OutOfRange(_))));
        // 0.5 written with 20 trailing zero decimal digits and dscale 1 (not
        // what PostgreSQL writes, but legal to read): value 0.5.
        let mut p = (1u16).to_ne_bytes().to_vec();
        p.extend_from_slice(&(-1i16).to_ne_bytes());
        p.extend_from_slice(&5000u16.to_ne_bytes());
        for _ in 0..5 {
            p.extend_from_slice(&0u16.to_ne_bytes());
        }
        assert_eq!(decode(&p).unwrap().to_string(), "0.5");
    }

    #[test]
    fn digits_past_display_scale_are_kept() {
        // A malformed value: dscale 1 but digits 0.1234. Keep the digits.
        let mut p = (1u16).to_ne_bytes().to_vec();
        p.extend_from_slice(&(-1i16).to_ne_bytes());
        p.extend_from_slice(&1234u16.to_ne_bytes());
        assert_eq!(decode(&p).unwrap().to_string(), "0.1234");
    }

    #[test]
    fn refuses_truncated_payload() {
        assert!(matches!(decode(&[0x00]), Err(CoreError::CorruptState(_))));
    }

    proptest! {
        #[test]
        fn round_trips_every_decimal(m in any::<i64>(), hi in any::<u32>(), scale in 0u32..=28) {
            let mantissa = (i128::from(hi) << 64 | i128::from(m as u64)) % (1i128 << 95);
            let d = Decimal::from_i128_with_scale(mantissa, scale);
            let back = decode(&encode(d)).unwrap();
            prop_assert_eq!(back, d);
            prop_assert_eq!(back.scale(), d.scale());
            prop_assert_eq!(back.to_string(), d.to_string());
        }

        #[test]
        fn encoding_is_normalised(m in any::<i64>(), scale in 0u32..=28) {
            let payload = encode(Decimal::new(m, scale));
            let w = words(&payload);
            if w.len() > 1 {
                prop_assert_ne!(w[1], 0, "leading zero digit");
                prop_assert_ne!(*w.last().unwrap(), 0, "trailing zero digit");
            }
            for d in &w[1..] { prop_assert!(*d < 10_000); }
        }
    }
}
