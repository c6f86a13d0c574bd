//! Aggregate transition states of fixed size, kept in the aggregate's memory
//! context behind an `internal` pointer. States are plain `Copy` data (no
//! destructor), so a `palloc` in the aggregate context is all they need.

use pgrx::prelude::*;
use pgrx::Internal;

/// The aggregate memory context of the current call, or an `ERROR` when the
/// function was called outside an aggregate.
unsafe fn aggregate_context(fcinfo: pg_sys::FunctionCallInfo) -> pg_sys::MemoryContext {
    let mut ctx: pg_sys::MemoryContext = std::ptr::null_mut();
    // SAFETY: fcinfo is the live call info of this function call.
    if unsafe { pg_sys::AggCheckCallContext(fcinfo, &mut ctx) } == 0 {
        pgrx::ereport!(
            ERROR,
            PgSqlErrorCode::ERRCODE_FEATURE_NOT_SUPPORTED,
            "pg_scorecard aggregate support function called outside an aggregate"
        );
    }
    ctx
}

/// Allocate `value` in the aggregate context and return it as an `Internal`.
pub unsafe fn new_state<S: Copy>(fcinfo: pg_sys::FunctionCallInfo, value: S) -> Internal {
    const { assert!(std::mem::align_of::<S>() <= 8, "palloc aligns to 8 bytes") };
    unsafe {
        let ctx = aggregate_context(fcinfo);
        let ptr = pg_sys::MemoryContextAlloc(ctx, std::mem::size_of::<S>()).cast::<S>();
        ptr.write(value);
        Internal::from(Some(pg_sys::Datum::from(ptr)))
    }
}

/// The state behind `state`, created with `S::default()` on the first row.
pub unsafe fn state_mut<'a, S: Copy + Default>(
    state: &'a mut Internal,
    fcinfo: pg_sys::FunctionCallInfo,
) -> &'a mut S {
    unsafe {
        if !state.initialized() {
            *state = new_state(fcinfo, S::default());
        }
        state.get_mut::<S>().expect("initialised above")
    }
}

/// Combine support: fold `other` into `state`, copying it into the
/// aggregate context when `state` is still empty (PostgreSQL may hand us a
/// deserialised state that lives in a shorter-lived context).
pub unsafe fn combine<S: Copy>(
    state: Internal,
    other: Internal,
    fcinfo: pg_sys::FunctionCallInfo,
    merge: impl FnOnce(&mut S, &S),
) -> Internal {
    unsafe {
        let Some(theirs) = other.get::<S>().copied() else { return state };
        let mut state = state;
        match state.get_mut::<S>() {
            Some(ours) => {
                merge(ours, &theirs);
                state
            }
            None => new_state(fcinfo, theirs),
        }
    }
}
