//! Raise core errors as PostgreSQL `ERROR`s with a fitting SQLSTATE, so the
//! message a user sees is ours, never a Rust panic.

use pgrx::pg_sys::panic::ErrorReport;
use pgrx::prelude::*;
use pgrx::PgSqlErrorCode;

use scorecard_core::error::CoreError;

pub fn sqlstate(e: &CoreError) -> PgSqlErrorCode {
    match e {
        CoreError::OutOfRange(_) => PgSqlErrorCode::ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE,
        CoreError::InvalidParameter(_) => PgSqlErrorCode::ERRCODE_INVALID_PARAMETER_VALUE,
        CoreError::DivisionByZero(_) => PgSqlErrorCode::ERRCODE_DIVISION_BY_ZERO,
        CoreError::CorruptState(_) => PgSqlErrorCode::ERRCODE_INVALID_BINARY_REPRESENTATION,
        CoreError::InvalidText(_) => PgSqlErrorCode::ERRCODE_INVALID_TEXT_REPRESENTATION,
        CoreError::NullValue(_) => PgSqlErrorCode::ERRCODE_NULL_VALUE_NOT_ALLOWED,
        CoreError::DateOutOfRange(_) => PgSqlErrorCode::ERRCODE_DATETIME_FIELD_OVERFLOW,
    }
}

/// Raise `e` as an `ERROR` (does not return).
pub fn raise(e: CoreError) -> ! {
    ErrorReport::new(sqlstate(&e), e.message().to_string(), "pg_scorecard").report(PgLogLevel::ERROR);
    unreachable!("ERROR does not return")
}

/// Unwrap a core result or raise its error.
pub trait OrRaise<T> {
    fn or_raise(self) -> T;
}

impl<T> OrRaise<T> for Result<T, CoreError> {
    #[inline]
    fn or_raise(self) -> T {
        match self {
            Ok(v) => v,
            Err(e) => raise(e),
        }
    }
}
