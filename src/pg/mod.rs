//! Thin glue between PostgreSQL and the pure core (`scorecard_core`): the
//! exact-numeric type, dates, aging edges, error reporting with SQLSTATEs,
//! aggregate-state plumbing and composite results. No arithmetic here.

pub mod aggstate;
pub mod date;
pub mod edges;
pub mod error;
pub mod fmgr;
pub mod numeric;
pub mod state_type;

use pgrx::prelude::*;

/// An empty tuple of one of the extension's composite result types.
pub fn result_tuple(type_name: &str) -> PgHeapTuple<'static, pgrx::AllocatedByRust> {
    match PgHeapTuple::new_composite_type(type_name) {
        Ok(t) => t,
        Err(e) => {
            pgrx::ereport!(
                ERROR,
                PgSqlErrorCode::ERRCODE_UNDEFINED_OBJECT,
                format!("pg_scorecard: result type {type_name} is missing ({e}); reinstall the extension")
            );
        }
    }
}

/// Set a field of a result tuple; the field names are ours, so a failure is
/// a bug in this extension, reported as an internal error.
pub fn set_field<T: IntoDatum>(t: &mut PgHeapTuple<'static, pgrx::AllocatedByRust>, field: &str, value: T) {
    if let Err(e) = t.set_by_name(field, value) {
        pgrx::ereport!(
            ERROR,
            PgSqlErrorCode::ERRCODE_INTERNAL_ERROR,
            format!("pg_scorecard: cannot set {field} of a result: {e}")
        );
    }
}
