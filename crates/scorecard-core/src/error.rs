//! Errors raised by the pure core. Each carries the SQLSTATE class it maps to
//! so the SQL layer can raise a proper `ERROR` without the core knowing pgrx.

use std::fmt;

/// What went wrong, in the terms a SQL user needs. The SQL layer maps each
/// kind to a SQLSTATE (see `src/pg/error.rs`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CoreError {
    /// 22003 numeric_value_out_of_range: a result or input does not fit in
    /// 28 significant digits.
    OutOfRange(String),
    /// 22023 invalid_parameter_value: an argument outside its domain
    /// (negative weight, NaN, goal equal to red flag, ...).
    InvalidParameter(String),
    /// 22012 division_by_zero.
    DivisionByZero(String),
    /// 22P03 invalid_binary_representation: a serialised aggregate state
    /// that cannot be read back.
    CorruptState(String),
    /// 22P02 invalid_text_representation: the text form of an aggregate
    /// state (what Citus sends between nodes, or a user typed) that is not
    /// one.
    InvalidText(String),
    /// 22004 null_value_not_allowed: a NULL where an aggregate needs a value
    /// for every row (an as-of date, bucket edges).
    NullValue(String),
    /// 22008 datetime_field_overflow: a date outside the range period
    /// arithmetic can represent.
    DateOutOfRange(String),
}

impl CoreError {
    pub fn message(&self) -> &str {
        match self {
            CoreError::OutOfRange(m)
            | CoreError::InvalidParameter(m)
            | CoreError::DivisionByZero(m)
            | CoreError::CorruptState(m)
            | CoreError::InvalidText(m)
            | CoreError::NullValue(m)
            | CoreError::DateOutOfRange(m) => m,
        }
    }
}

impl fmt::Display for CoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

impl std::error::Error for CoreError {}

pub type CoreResult<T> = Result<T, CoreError>;

/// Shorthand for the overflow error every checked operation can produce.
pub fn overflow(what: &str) -> CoreError {
    CoreError::OutOfRange(format!("{what} exceeds the 28 significant digits of pg_scorecard's exact arithmetic"))
}
