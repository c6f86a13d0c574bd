//! Aggregate transition states of fixed size, kept in the aggregate's memory
//! context behind an `internal` pointer. States are plain `Copy` data (no
//! destructor), so a `palloc` in the aggregate context is all they need.

use pgrx::prelude::*;
use pgrx::Internal;

use crate::pg::error::OrRaise;
use scorecard_core::state::AggregateState;

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
///
/// # Safety
/// `fcinfo` must be the live call info of an aggregate support function.
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
///
/// # Safety
/// `fcinfo` must be the live call info of an aggregate support function, and
/// `state`, when initialised, must hold an `S` made by this module.
pub unsafe fn state_mut<S: Copy + Default>(state: &mut Internal, fcinfo: pg_sys::FunctionCallInfo) -> &mut S {
    unsafe {
        if !state.initialized() {
            *state = new_state(fcinfo, S::default());
        }
        state.get_mut::<S>().expect("initialised above")
    }
}

/// The state behind a bare transition function's first argument, created
/// with `S::default()` in the aggregate context on the first row (when the
/// argument is NULL).
///
/// # Safety
/// As [`state_mut`]; `current`, when given, must be a state made by this
/// module.
#[inline(always)]
pub unsafe fn state_ptr<S: Copy + Default>(fcinfo: pg_sys::FunctionCallInfo, current: Option<pg_sys::Datum>) -> *mut S {
    match current {
        Some(d) => d.cast_mut_ptr::<S>(),
        None => unsafe {
            new_state(fcinfo, S::default()).unwrap().expect("a new state is not NULL").cast_mut_ptr::<S>()
        },
    }
}

/// Combine support: fold `other` into `state`, copying it into the
/// aggregate context when `state` is still empty (PostgreSQL may hand us a
/// deserialised state that lives in a shorter-lived context).
///
/// # Safety
/// As [`state_mut`], for both states.
pub unsafe fn combine<S: AggregateState>(
    state: Internal,
    other: Internal,
    fcinfo: pg_sys::FunctionCallInfo,
) -> Internal {
    unsafe {
        let Some(theirs) = other.get::<S>().copied() else {
            return state;
        };
        let mut state = state;
        match state.get_mut::<S>() {
            Some(ours) => {
                ours.merge(&theirs).or_raise();
                state
            }
            None => new_state(fcinfo, theirs),
        }
    }
}

/// Serialise support: the state as bytes for a parallel worker's result.
pub fn serialize<S: AggregateState>(state: &Internal) -> Vec<u8> {
    unsafe { state.get::<S>() }.copied().unwrap_or_default().to_bytes()
}

/// Deserialise support: bytes back to a state (in the current context; the
/// combine step copies it into the aggregate context).
pub fn deserialize<S: AggregateState>(bytes: &[u8]) -> Internal {
    Internal::new(S::from_bytes(bytes).or_raise())
}

/// Declare the combine, serialise and deserialise support functions of an
/// aggregate family over state type `$state`.
#[macro_export]
macro_rules! aggregate_support {
    ($state:ty, $combine:ident, $serialize:ident, $deserialize:ident) => {
        #[pg_extern(immutable, parallel_safe)]
        fn $combine(a: pgrx::Internal, b: pgrx::Internal, fcinfo: pg_sys::FunctionCallInfo) -> pgrx::Internal {
            unsafe { $crate::pg::aggstate::combine::<$state>(a, b, fcinfo) }
        }

        #[pg_extern(immutable, strict, parallel_safe)]
        fn $serialize(state: pgrx::Internal) -> Vec<u8> {
            $crate::pg::aggstate::serialize::<$state>(&state)
        }

        #[pg_extern(immutable, strict, parallel_safe)]
        fn $deserialize(bytes: &[u8], _unused: pgrx::Internal) -> pgrx::Internal {
            $crate::pg::aggstate::deserialize::<$state>(bytes)
        }
    };
}
