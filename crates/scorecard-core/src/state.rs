//! What every aggregate state can do: merge with another partial state
//! (parallel query's combine step) and travel between processes as bytes
//! (serialise / deserialise). States are fixed-size `Copy` data.

use rust_decimal::Decimal;

use super::error::{CoreError, CoreResult};
use super::exact_sum::ExactSum;

pub trait AggregateState: Copy + Default {
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
