//! What every aggregate state can do: merge with another partial state
//! (parallel query's and Citus's combine step) and travel between processes
//! as bytes (a state type's binary send/receive) or as text (its output and
//! input: Citus ships a worker's partial state to the coordinator as text).
//! States are fixed-size `Copy` data, `#[repr(C)]`, whose every field may
//! hold any bit pattern a reader lets through.
//!
//! The text form is the state's JSON through serde (`{"weighted_sum":
//! "12.50","weight_sum":"3","count":3}`): exact decimal strings, readable in
//! a log. Text and bytes are read through one validation: the parsed state
//! is written to bytes and read back with `read`, which checks what no
//! derive can (edges, scales).

use rust_decimal::Decimal;

use super::error::{CoreError, CoreResult};
use super::exact_sum::ExactSum;

pub trait AggregateState: Copy + Default + serde::Serialize + serde::de::DeserializeOwned {
    /// A name for messages about a corrupt state.
    const NAME: &'static str;

    fn merge(&mut self, other: &Self) -> CoreResult<()>;
    fn write(&self, out: &mut Vec<u8>);
    fn read(r: &mut Reader<'_>) -> CoreResult<Self>;

    fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(64);
        self.write(&mut out);
        out
    }

    fn to_text(&self) -> String {
        serde_json::to_string(self).expect("a state of numbers and strings always serialises")
    }

    fn from_text(text: &str) -> CoreResult<Self> {
        let invalid =
            |e: &dyn std::fmt::Display| CoreError::InvalidText(format!("invalid {} state {text:?}: {e}", Self::NAME));
        let state: Self = serde_json::from_str(text).map_err(|e| invalid(&e))?;
        Self::from_bytes(&state.to_bytes()).map_err(|e| invalid(&e))
    }

    fn from_bytes(bytes: &[u8]) -> CoreResult<Self> {
        let mut r = Reader { bytes, name: Self::NAME };
        let state = Self::read(&mut r)?;
        if !r.bytes.is_empty() {
            return Err(r.corrupt());
        }
        Ok(state)
    }
}

/// Reads the fields of a serialised state in order.
pub struct Reader<'a> {
    bytes: &'a [u8],
    name: &'static str,
}

impl<'a> Reader<'a> {
    fn corrupt(&self) -> CoreError {
        CoreError::CorruptState(format!("serialised {} state has the wrong length", self.name))
    }

    fn take(&mut self, n: usize) -> CoreResult<&'a [u8]> {
        if self.bytes.len() < n {
            return Err(self.corrupt());
        }
        let (head, tail) = self.bytes.split_at(n);
        self.bytes = tail;
        Ok(head)
    }

    pub fn u64(&mut self) -> CoreResult<u64> {
        let mut b = [0u8; 8];
        b.copy_from_slice(self.take(8)?);
        Ok(u64::from_le_bytes(b))
    }

    pub fn i64(&mut self) -> CoreResult<i64> {
        Ok(self.u64()? as i64)
    }

    pub fn byte(&mut self) -> CoreResult<u8> {
        Ok(self.take(1)?[0])
    }

    pub fn i32(&mut self) -> CoreResult<i32> {
        let mut b = [0u8; 4];
        b.copy_from_slice(self.take(4)?);
        Ok(i32::from_le_bytes(b))
    }

    pub fn flag(&mut self) -> CoreResult<bool> {
        Ok(self.take(1)?[0] != 0)
    }

    pub fn exact(&mut self) -> CoreResult<ExactSum> {
        ExactSum::deserialize(self.take(ExactSum::SERIALIZED_LEN)?)
    }

    pub fn decimal(&mut self) -> CoreResult<Decimal> {
        let mut b = [0u8; 16];
        b.copy_from_slice(self.take(16)?);
        Ok(Decimal::deserialize(b))
    }
}

pub fn write_u64(out: &mut Vec<u8>, v: u64) {
    out.extend_from_slice(&v.to_le_bytes());
}

pub fn write_exact(out: &mut Vec<u8>, v: &ExactSum) {
    out.extend_from_slice(&v.serialize());
}

pub fn write_decimal(out: &mut Vec<u8>, v: &Decimal) {
    out.extend_from_slice(&v.serialize());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aging::{Aging, Edges};
    use crate::finance::{CaseRate, CostTrend, LinearFit, ValueOfService};
    use crate::scorecard::WeightedMean;
    use std::str::FromStr;

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn round_trips<S: AggregateState + PartialEq + std::fmt::Debug>(s: S) {
        assert_eq!(S::from_text(&s.to_text()).unwrap(), s, "{}", s.to_text());
        assert_eq!(S::from_bytes(&s.to_bytes()).unwrap(), s);
    }

    #[test]
    fn every_state_round_trips_through_text_and_bytes() {
        let mut w = WeightedMean::default();
        round_trips(w);
        w.add(dec("12.50"), dec("3")).unwrap();
        w.add(dec("-0.000000000000000000000001"), dec("0.5")).unwrap();
        round_trips(w);
        let mut c = CaseRate::default();
        c.add(dec("1000.10"), dec("0.1")).unwrap();
        c.add(dec("99999999999999.99"), dec("0.1")).unwrap();
        round_trips(c);
        let mut a = Aging::default();
        a.add(dec("10.01"), Some(45), &Edges::new(&[7, 14, 400]).unwrap()).unwrap();
        a.add(dec("-3"), None, &Edges::new(&[7, 14, 400]).unwrap()).unwrap();
        round_trips(a);
        let mut f = LinearFit::default();
        f.add_cost(dec("1500"), dec("12")).unwrap();
        f.add_cost(dec("1700.5"), dec("14")).unwrap();
        round_trips(f);
        let mut t = CostTrend::default();
        round_trips(t);
        t.add(24_000, dec("10")).unwrap();
        t.add(24_005, dec("12")).unwrap();
        round_trips(t);
        let mut v = ValueOfService::default();
        v.add(dec("7"), dec("120.25")).unwrap();
        round_trips(v);
    }

    #[test]
    fn the_text_form_is_readable_json_with_exact_decimals() {
        let mut w = WeightedMean::default();
        w.add(dec("12.50"), dec("3")).unwrap();
        assert_eq!(w.to_text(), r#"{"weighted_sum":"37.50","weight_sum":"3","count":1}"#);
        let mut a = Aging::default();
        a.add(dec("-0.05"), Some(3), &Edges::new(&[30]).unwrap()).unwrap();
        let text = a.to_text();
        assert!(text.starts_with(r#"{"edges":[30],"edges_set":true,"buckets":["-0.05","0","#), "{text}");
    }

    #[test]
    fn text_that_is_not_a_state_is_refused_as_invalid_text() {
        let invalid = |r: CoreResult<WeightedMean>| matches!(r, Err(CoreError::InvalidText(_)));
        assert!(invalid(WeightedMean::from_text("")));
        assert!(invalid(WeightedMean::from_text("{}")));
        assert!(invalid(WeightedMean::from_text(r#"{"weighted_sum":"1","weight_sum":"1","count":1,"extra":0}"#)));
        assert!(invalid(WeightedMean::from_text(r#"{"weighted_sum":"1e5","weight_sum":"1","count":1}"#)));
        assert!(invalid(WeightedMean::from_text(r#"{"weighted_sum":"1.","weight_sum":"1","count":1}"#)));
        assert!(invalid(WeightedMean::from_text(r#"{"weighted_sum":"NaN","weight_sum":"1","count":1}"#)));
        assert!(invalid(WeightedMean::from_text(r#"{"weighted_sum":"1","weight_sum":"1","count":-1}"#)));
        let wide = format!(r#"{{"weighted_sum":"{}","weight_sum":"1","count":1}}"#, "9".repeat(40));
        assert!(invalid(WeightedMean::from_text(&wide)));
        let deep = format!(r#"{{"weighted_sum":"0.{}","weight_sum":"1","count":1}}"#, "0".repeat(70));
        assert!(invalid(WeightedMean::from_text(&deep)));
        // The extremes of the accumulator survive.
        let min = format!(r#"{{"weighted_sum":"{}","weight_sum":"1","count":1}}"#, i128::MIN);
        assert_eq!(WeightedMean::from_text(&min).unwrap().to_text(), min);
        // Edges go through the same checks as an argument's.
        let a = Aging::default().to_text().replacen("[30,60,90,120]", "[60,30]", 1);
        assert!(matches!(Aging::from_text(&a), Err(CoreError::InvalidText(m)) if m.contains("increase")));
        let a =
            Aging::default().to_text().replacen("[30,60,90,120]", &format!("{:?}", (1..=16).collect::<Vec<i32>>()), 1);
        assert!(matches!(Aging::from_text(&a), Err(CoreError::InvalidText(_))));
        let c = CaseRate::default().to_text().replacen(r#""band":"0""#, r#""band":"-0.1""#, 1);
        assert!(matches!(CaseRate::from_text(&c), Err(CoreError::InvalidText(m)) if m.contains("band")), "{c}");
    }
}
