//! Accounts-receivable aging with configurable buckets.
//!
//! Bucket edges are an increasing list of day counts: `{30,60,90,120}` gives
//! 0-30, 31-60, 61-90, 91-120 and over 120. An amount whose age is negative
//! (dated after the as-of date) is not a receivable yet at that date: it goes
//! in no bucket and is counted apart; an amount with no date is counted apart
//! too. Nothing is dropped. The state is fixed-size (at most 16 buckets) and
//! its sums exact.

use rust_decimal::Decimal;

use super::error::{CoreError, CoreResult};
use super::exact_sum::ExactSum;
use super::state::{write_exact, write_u64, AggregateState, Reader};

/// At most this many edges (so this + 1 buckets).
pub const MAX_EDGES: usize = 15;

/// An increasing list of bucket edges, in days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "Vec<i32>", into = "Vec<i32>")]
#[repr(C)]
pub struct Edges {
    len: u8,
    days: [i32; MAX_EDGES],
}

impl Default for Edges {
    fn default() -> Self {
        Edges::DEFAULT
    }
}

impl TryFrom<Vec<i32>> for Edges {
    type Error = CoreError;
    fn try_from(days: Vec<i32>) -> CoreResult<Edges> {
        Edges::new(&days)
    }
}

impl From<Edges> for Vec<i32> {
    fn from(e: Edges) -> Vec<i32> {
        e.days().to_vec()
    }
}

/// The largest bucket edge: a million days (2,700 years) is past any
/// receivable, and edge + 1 (the next bucket's first day) stays an integer.
pub const MAX_EDGE_DAYS: i32 = 1_000_000;

impl Edges {
    /// The source's 30, 60, 90 "and so on": 0-30, 31-60, 61-90, 91-120, over 120.
    pub const DEFAULT: Edges = Edges { len: 4, days: [30, 60, 90, 120, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] };

    pub fn new(days: &[i32]) -> CoreResult<Edges> {
        if days.len() > MAX_EDGES {
            return Err(CoreError::InvalidParameter(format!(
                "at most {MAX_EDGES} bucket edges are supported, got {}",
                days.len()
            )));
        }
        if let Some(first) = days.first() {
            if *first < 0 {
                return Err(CoreError::InvalidParameter(format!("bucket edges must not be negative, got {first}")));
            }
        }
        if let Some(last) = days.last() {
            if *last > MAX_EDGE_DAYS {
                return Err(CoreError::InvalidParameter(format!(
                    "bucket edges must be at most {MAX_EDGE_DAYS} days, got {last}"
                )));
            }
        }
        for pair in days.windows(2) {
            if pair[1] <= pair[0] {
                return Err(CoreError::InvalidParameter(format!(
                    "bucket edges must increase, got {} after {}",
                    pair[1], pair[0]
                )));
            }
        }
        let mut e = Edges { len: days.len() as u8, days: [0; MAX_EDGES] };
        e.days[..days.len()].copy_from_slice(days);
        Ok(e)
    }

    pub fn days(&self) -> &[i32] {
        &self.days[..self.len as usize]
    }

    pub fn buckets(&self) -> usize {
        self.len as usize + 1
    }

    /// Bucket of a non-negative age: the first edge it does not exceed, or
    /// the last bucket ("over" the last edge).
    pub fn bucket(&self, age: i32) -> usize {
        self.days().iter().position(|edge| age <= *edge).unwrap_or(self.len as usize)
    }

    /// (label, min days, max days or None) of every bucket.
    pub fn labels(&self) -> Vec<(String, i32, Option<i32>)> {
        let mut out = Vec::with_capacity(self.buckets());
        let mut low = 0;
        for edge in self.days() {
            out.push((format!("{low}-{edge}"), low, Some(*edge)));
            low = edge + 1;
        }
        let label = match self.days().last() {
            Some(last) => format!("over {last}"),
            None => "all".to_string(),
        };
        out.push((label, low, None));
        out
    }
}

/// Edges from the storage form of a one-dimensional `integer[]` without
/// NULLs: the bytes after its 4-byte varlena header (`ndim`, `dataoffset`,
/// `elemtype`, `dims[ndim]`, `lbound[ndim]`, then the int4 values from the
/// MAXALIGNed data offset). Parsing this directly keeps the per-row cost of
/// `ar_aging(..., bucket_edges)` close to the default-edges version.
pub fn edges_from_int4_array(payload: &[u8]) -> CoreResult<Edges> {
    let word = |at: usize| -> CoreResult<i32> {
        payload
            .get(at..at + 4)
            .map(|b| i32::from_ne_bytes([b[0], b[1], b[2], b[3]]))
            .ok_or_else(|| CoreError::CorruptState("truncated integer array".into()))
    };
    let ndim = word(0)?;
    let has_nulls = word(4)? != 0;
    if ndim == 0 {
        return Edges::new(&[]);
    }
    if ndim != 1 {
        return Err(CoreError::InvalidParameter(format!(
            "bucket edges must be a one-dimensional array, got {ndim} dimensions"
        )));
    }
    if has_nulls {
        return Err(CoreError::InvalidParameter("bucket edges must not contain NULL".into()));
    }
    let n = word(12)?;
    if n < 0 || n as usize > MAX_EDGES {
        return Err(CoreError::InvalidParameter(format!("at most {MAX_EDGES} bucket edges are supported, got {n}")));
    }
    // Header (vl_len, ndim, dataoffset, elemtype) is 16 bytes, then dims and
    // lbound; data starts MAXALIGN(16 + 8) = 24 bytes into the varlena.
    let data = 24 - 4;
    let mut days = [0i32; MAX_EDGES];
    for (i, d) in days.iter_mut().enumerate().take(n as usize) {
        *d = word(data + 4 * i)?;
    }
    Edges::new(&days[..n as usize])
}

/// The bucket edges of an `ar_aging` row: required (22004 when NULL).
pub fn require_edges(edges: Option<Edges>) -> CoreResult<Edges> {
    edges.ok_or_else(|| CoreError::NullValue("bucket_edges must not be NULL (use '{}' for a single bucket)".into()))
}

/// State of the `ar_aging` aggregate.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[repr(C)]
pub struct Aging {
    edges: Edges,
    edges_set: bool,
    buckets: [ExactSum; MAX_EDGES + 1],
    after_as_of: ExactSum,
    undated: ExactSum,
    items: u64,
}

/// What `ar_aging` returns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgingResult {
    pub buckets: Vec<Decimal>,
    pub receivable: Decimal,
    pub after_as_of: Decimal,
    pub undated: Decimal,
    pub items: i64,
}

impl Aging {
    fn set_edges(&mut self, edges: &Edges) -> CoreResult<()> {
        if !self.edges_set {
            self.edges = *edges;
            self.edges_set = true;
        } else if self.edges != *edges {
            return Err(CoreError::InvalidParameter(format!(
                "bucket edges must be the same for every row of a group, got {:?} and {:?}",
                self.edges.days(),
                edges.days()
            )));
        }
        Ok(())
    }

    /// Add an amount of `age` days (as-of date minus the date it is aged
    /// from); `None` for an amount with no date.
    pub fn add(&mut self, amount: Decimal, age: Option<i32>, edges: &Edges) -> CoreResult<()> {
        self.set_edges(edges)?;
        let target = match age {
            None => &mut self.undated,
            Some(a) if a < 0 => &mut self.after_as_of,
            Some(a) => &mut self.buckets[self.edges.bucket(a)],
        };
        target.add(amount, "an aging bucket")?;
        self.items += 1;
        Ok(())
    }

    /// Add an amount aged from `aged_from` to `as_of`, both as PostgreSQL
    /// day numbers; `aged_from` `None` for an amount with no date. `as_of`
    /// must be given (22004 otherwise).
    pub fn add_dated(
        &mut self,
        amount: Decimal,
        aged_from: Option<i32>,
        as_of: Option<i32>,
        edges: &Edges,
    ) -> CoreResult<()> {
        let as_of = as_of.ok_or_else(|| CoreError::NullValue("ar_aging needs an as_of date; it was NULL".into()))?;
        let age = match aged_from {
            None => None,
            Some(d) => Some(as_of.checked_sub(d).ok_or_else(|| {
                CoreError::DateOutOfRange(format!("the age of an amount from day {d} to day {as_of} is out of range"))
            })?),
        };
        self.add(amount, age, edges)
    }

    pub fn result(&self) -> CoreResult<Option<AgingResult>> {
        if self.items == 0 {
            return Ok(None);
        }
        let mut receivable = ExactSum::default();
        let mut buckets = Vec::with_capacity(self.edges.buckets());
        for b in &self.buckets[..self.edges.buckets()] {
            receivable.merge(b, "the receivable total")?;
            buckets.push(b.to_decimal("an aging bucket")?);
        }
        Ok(Some(AgingResult {
            buckets,
            receivable: receivable.to_decimal("the receivable total")?,
            after_as_of: self.after_as_of.to_decimal("the amount after as_of")?,
            undated: self.undated.to_decimal("the undated amount")?,
            items: self.items as i64,
        }))
    }
}

impl AggregateState for Aging {
    const NAME: &'static str = "aging";

    fn merge(&mut self, other: &Aging) -> CoreResult<()> {
        if other.edges_set {
            self.set_edges(&other.edges)?;
        }
        for (ours, theirs) in self.buckets.iter_mut().zip(other.buckets.iter()) {
            ours.merge(theirs, "an aging bucket")?;
        }
        self.after_as_of.merge(&other.after_as_of, "the amount after as_of")?;
        self.undated.merge(&other.undated, "the undated amount")?;
        self.items += other.items;
        Ok(())
    }

    fn write(&self, out: &mut Vec<u8>) {
        out.push(self.edges.len);
        for d in self.edges.days {
            out.extend_from_slice(&d.to_le_bytes());
        }
        out.push(u8::from(self.edges_set));
        for b in &self.buckets {
            write_exact(out, b);
        }
        write_exact(out, &self.after_as_of);
        write_exact(out, &self.undated);
        write_u64(out, self.items);
    }

    fn read(r: &mut Reader<'_>) -> CoreResult<Self> {
        let len = r.byte()?;
        let mut days = [0i32; MAX_EDGES];
        for d in days.iter_mut() {
            *d = r.i32()?;
        }
        if len as usize > MAX_EDGES {
            return Err(CoreError::CorruptState(format!("aging state has {len} edges")));
        }
        let edges = Edges::new(&days[..len as usize])?;
        let edges_set = r.flag()?;
        let mut buckets = [ExactSum::default(); MAX_EDGES + 1];
        for b in buckets.iter_mut() {
            *b = r.exact()?;
        }
        Ok(Aging { edges, edges_set, buckets, after_as_of: r.exact()?, undated: r.exact()?, items: r.u64()? })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn default_buckets_and_labels() {
        let e = Edges::DEFAULT;
        assert_eq!([0, 30, 31, 60, 61, 90, 91, 120, 121, 5000].map(|a| e.bucket(a)), [0, 0, 1, 1, 2, 2, 3, 3, 4, 4]);
        let labels: Vec<String> = e.labels().into_iter().map(|l| l.0).collect();
        assert_eq!(labels, ["0-30", "31-60", "61-90", "91-120", "over 120"]);
        assert_eq!(Edges::new(&[]).unwrap().labels()[0], ("all".to_string(), 0, None));
        assert_eq!(Edges::new(&[7, 14]).unwrap().labels()[2], ("over 14".to_string(), 15, None));
    }

    #[test]
    fn refuses_bad_edges() {
        assert!(Edges::new(&[60, 30]).is_err());
        assert!(Edges::new(&[30, 30]).is_err());
        assert!(Edges::new(&[-1, 30]).is_err());
        assert!(Edges::new(&[1; 16]).is_err());
        assert!(Edges::new(&[0, 1, 2]).is_ok());
    }

    fn int4_array(values: &[i32], ndim: i32, nulls: bool) -> Vec<u8> {
        let mut p = Vec::new();
        for w in [ndim, if nulls { 28 } else { 0 }, 23, values.len() as i32, 1] {
            p.extend_from_slice(&w.to_ne_bytes());
        }
        for v in values {
            p.extend_from_slice(&v.to_ne_bytes());
        }
        p
    }

    #[test]
    fn reads_integer_arrays_in_place() {
        assert_eq!(edges_from_int4_array(&int4_array(&[30, 60, 90, 120], 1, false)).unwrap(), Edges::DEFAULT);
        assert_eq!(edges_from_int4_array(&int4_array(&[7], 1, false)).unwrap().days(), &[7]);
        assert_eq!(edges_from_int4_array(&0i32.to_ne_bytes().repeat(3)).unwrap().days(), &[] as &[i32]);
        assert!(edges_from_int4_array(&int4_array(&[60, 30], 1, false)).is_err());
        assert!(edges_from_int4_array(&int4_array(&[30], 1, true)).is_err());
        assert!(edges_from_int4_array(&int4_array(&[30, 60], 2, false)).is_err());
        assert!(edges_from_int4_array(&int4_array(&[1; 16], 1, false)).is_err());
        assert!(edges_from_int4_array(&[1, 0]).is_err());
    }

    #[test]
    fn nothing_is_lost() {
        let mut a = Aging::default();
        let e = Edges::DEFAULT;
        for (amt, age) in [(100, Some(0)), (200, Some(45)), (300, Some(200)), (50, Some(-3)), (7, None)] {
            a.add(Decimal::from(amt), age, &e).unwrap();
        }
        let r = a.result().unwrap().unwrap();
        assert_eq!(r.buckets, [100, 200, 0, 0, 300].map(Decimal::from).to_vec());
        assert_eq!(
            (r.receivable, r.after_as_of, r.undated, r.items),
            (Decimal::from(600), Decimal::from(50), Decimal::from(7), 5)
        );
        assert!(a.add(Decimal::ONE, Some(1), &Edges::new(&[10]).unwrap()).is_err(), "edges change within a group");
    }

    #[test]
    fn edges_stay_within_a_million_days() {
        assert!(Edges::new(&[30, MAX_EDGE_DAYS]).is_ok());
        assert_eq!(
            Edges::new(&[i32::MAX]).unwrap_err().message(),
            "bucket edges must be at most 1000000 days, got 2147483647"
        );
        let labels = Edges::new(&[MAX_EDGE_DAYS]).unwrap().labels();
        assert_eq!(labels[1], ("over 1000000".to_string(), MAX_EDGE_DAYS + 1, None));
    }

    #[test]
    fn dated_rows_age_from_their_date_to_as_of() {
        let mut a = Aging::default();
        let e = Edges::DEFAULT;
        a.add_dated(Decimal::from(5), Some(100), Some(130), &e).unwrap(); // 30 days: 0-30
        a.add_dated(Decimal::from(7), Some(140), Some(130), &e).unwrap(); // after as_of
        a.add_dated(Decimal::from(11), None, Some(130), &e).unwrap(); // undated
        let r = a.result().unwrap().unwrap();
        assert_eq!(r.buckets[0], Decimal::from(5));
        assert_eq!((r.after_as_of, r.undated, r.items), (Decimal::from(7), Decimal::from(11), 3));
        assert_eq!(
            a.add_dated(Decimal::ONE, Some(1), None, &e).unwrap_err(),
            CoreError::NullValue("ar_aging needs an as_of date; it was NULL".into())
        );
        assert!(matches!(
            a.add_dated(Decimal::ONE, Some(i32::MIN), Some(i32::MAX), &e),
            Err(CoreError::DateOutOfRange(_))
        ));
        assert!(matches!(require_edges(None), Err(CoreError::NullValue(_))));
        assert_eq!(require_edges(Some(Edges::DEFAULT)), Ok(Edges::DEFAULT));
    }

    proptest! {
        #[test]
        fn split_merge_and_totals(rows in prop::collection::vec((0i64..1_000_000, proptest::option::of(-30i32..400)), 0..80), cut in 0usize..80) {
            let e = Edges::new(&[15, 45, 90]).unwrap();
            let cut = cut.min(rows.len());
            let mut whole = Aging::default();
            let (mut a, mut b) = (Aging::default(), Aging::default());
            for (i, (amt, age)) in rows.iter().enumerate() {
                let amt = Decimal::new(*amt, 2);
                whole.add(amt, *age, &e).unwrap();
                if i < cut { a.add(amt, *age, &e).unwrap() } else { b.add(amt, *age, &e).unwrap() }
            }
            let b = Aging::from_bytes(&b.to_bytes()).unwrap();
            prop_assert_eq!(Aging::from_text(&b.to_text()).unwrap(), b, "text round trip");
            a.merge(&b).unwrap();
            prop_assert_eq!(a.result().unwrap(), whole.result().unwrap());
            if let Some(r) = whole.result().unwrap() {
                let all: Decimal = rows.iter().map(|(amt, _)| Decimal::new(*amt, 2)).sum();
                prop_assert_eq!(r.receivable + r.after_as_of + r.undated, all);
                prop_assert_eq!(r.buckets.iter().copied().sum::<Decimal>(), r.receivable);
            }
        }
    }
}
