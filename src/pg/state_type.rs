//! Aggregate transition states as real SQL types (`scorecard.aging_state`,
//! ...): fixed-length, passed by reference, the state's `#[repr(C)]` struct
//! as it is in memory. A real type (not `internal`) is what lets Citus push
//! an aggregate's partial step to the workers: it ships each worker's state
//! to the coordinator through the type's text output and input, and
//! PostgreSQL's parallel query ships it as the datum itself (no serialise
//! step).
//!
//! Speed is that of the `internal` states they replace: the transition
//! function updates the state in place when called as an aggregate (the
//! PostgreSQL manual's rule for `AggCheckCallContext`), so nodeAgg never
//! copies it; outside an aggregate a transition or combine function never
//! writes to its argument.
//!
//! Text I/O is the state's JSON through serde, binary I/O its byte form;
//! both are read through the core's one validation (`AggregateState`), so
//! a state typed by hand or sent by a node is checked like an argument.

use std::ffi::CStr;
use std::marker::PhantomData;

use pgrx::callconv::{Arg, ArgAbi, BoxRet, FcInfo};
use pgrx::datum::Datum;
use pgrx::nullable::Nullable;
use pgrx::pgrx_sql_entity_graph::metadata::{
    ArgumentError, ReturnsError, ReturnsRef, SqlMappingRef, SqlTranslatable, TypeOrigin,
};
use pgrx::prelude::*;

use super::error::OrRaise;
use scorecard_core::error::{CoreError, CoreResult};
use scorecard_core::state::AggregateState;

/// A state with its SQL type's name.
pub trait SqlState: AggregateState {
    /// The schema-qualified SQL type, e.g. `scorecard.aging_state`.
    const SQL_TYPE: &'static str;
}

/// A state datum: a pointer to an `S` (in the aggregate's memory when it
/// is a transition value, else wherever PostgreSQL keeps the argument).
pub struct StatePtr<S>(*mut S, PhantomData<S>);

impl<S> Clone for StatePtr<S> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<S> Copy for StatePtr<S> {}

impl<S: SqlState> StatePtr<S> {
    /// The state behind a non-null datum of S's SQL type.
    ///
    /// # Safety
    /// `d` must be such a datum.
    #[inline(always)]
    pub unsafe fn from_raw(d: pg_sys::Datum) -> Self {
        StatePtr(d.cast_mut_ptr::<S>(), PhantomData)
    }

    /// The datum: the pointer.
    #[inline(always)]
    pub fn datum(self) -> pg_sys::Datum {
        pg_sys::Datum::from(self.0)
    }

    /// A copy of the state.
    pub fn get(self) -> S {
        // SAFETY: a StatePtr is only made from a datum of S's SQL type (the
        // function signatures say so) or from `alloc`, both a live S.
        unsafe { self.0.read_unaligned() }
    }

    /// A new datum holding `value`, in `ctx`.
    unsafe fn alloc_in(ctx: pg_sys::MemoryContext, value: S) -> Self {
        const { assert!(std::mem::align_of::<S>() <= 8, "palloc aligns to 8 bytes") };
        unsafe {
            let ptr = pg_sys::MemoryContextAlloc(ctx, std::mem::size_of::<S>()).cast::<S>();
            ptr.write(value);
            StatePtr(ptr, PhantomData)
        }
    }

    /// A new datum holding `value`, in the current memory context.
    pub fn alloc(value: S) -> Self {
        unsafe { Self::alloc_in(pg_sys::CurrentMemoryContext, value) }
    }
}

/// Whether the call is an aggregate's (or a window aggregate's) support
/// call, read straight from `fcinfo->context` as `AggCheckCallContext`
/// does, without an FFI call on the per-row path.
///
/// # Safety
/// `fcinfo` must be the live call info of the current function call.
#[inline(always)]
pub unsafe fn in_aggregate(fcinfo: pg_sys::FunctionCallInfo) -> bool {
    unsafe {
        let ctx = (*fcinfo).context;
        !ctx.is_null() && matches!((*ctx).type_, pg_sys::NodeTag::T_AggState | pg_sys::NodeTag::T_WindowAggState)
    }
}

/// The aggregate memory context of the current call, or an `ERROR` outside
/// an aggregate.
unsafe fn aggregate_context(fcinfo: pg_sys::FunctionCallInfo, what: &str) -> pg_sys::MemoryContext {
    let mut ctx: pg_sys::MemoryContext = std::ptr::null_mut();
    // SAFETY: fcinfo is the live call info of this function call.
    if unsafe { pg_sys::AggCheckCallContext(fcinfo, &mut ctx) } == 0 {
        pgrx::ereport!(
            ERROR,
            PgSqlErrorCode::ERRCODE_FEATURE_NOT_SUPPORTED,
            format!("the support functions of an aggregate over {what} work only inside that aggregate")
        );
    }
    ctx
}

/// The transition step: `add` applied to the transition value, which is
/// updated in place (only inside an aggregate, where it is the aggregate's
/// own) or, on a group's first row, a new `S::default()` in the aggregate
/// context. Outside an aggregate: an `ERROR` (0A000), so a stored state is
/// never written to. An error from `add` is raised with its SQLSTATE.
///
/// # Safety
/// `fcinfo` must be the live call info of the transition function and
/// `current` its first argument.
#[inline(always)]
pub unsafe fn update<S: SqlState>(
    fcinfo: pg_sys::FunctionCallInfo,
    current: Option<StatePtr<S>>,
    add: impl FnOnce(&mut S) -> CoreResult<()>,
) -> StatePtr<S> {
    unsafe {
        let state = match current {
            Some(p) if in_aggregate(fcinfo) => p,
            _ => StatePtr::alloc_in(aggregate_context(fcinfo, S::SQL_TYPE), S::default()),
        };
        add(&mut *state.0).or_raise();
        state
    }
}

/// Combine: `a` with `b` merged in. Inside an aggregate `a` is the
/// aggregate's own state and is updated in place (or, when it is still
/// NULL, `b` is copied into the aggregate context); outside one, a new
/// datum is returned and neither argument is written.
///
/// # Safety
/// `fcinfo` must be the live call info of the combine function.
pub unsafe fn combine<S: SqlState>(
    a: Option<StatePtr<S>>,
    b: Option<StatePtr<S>>,
    fcinfo: pg_sys::FunctionCallInfo,
) -> Option<StatePtr<S>> {
    unsafe {
        // A new datum lives in the aggregate's memory inside one, else in
        // the caller's.
        let new = |value: S| match in_aggregate(fcinfo) {
            true => StatePtr::alloc_in(aggregate_context(fcinfo, S::SQL_TYPE), value),
            false => StatePtr::alloc(value),
        };
        match (a, b) {
            (a, None) => a,
            (None, Some(b)) => Some(new(b.get())),
            (Some(a), Some(b)) => {
                let mut merged = a.get();
                merged.merge(&b.get()).or_raise();
                if in_aggregate(fcinfo) {
                    a.0.write_unaligned(merged);
                    Some(a)
                } else {
                    Some(new(merged))
                }
            }
        }
    }
}

/// Type input: the JSON text form.
pub fn input<S: SqlState>(text: &CStr) -> StatePtr<S> {
    let text = text.to_str().map_err(|_| CoreError::InvalidText(format!("{} input is not valid UTF-8", S::SQL_TYPE)));
    StatePtr::alloc(S::from_text(text.or_raise()).or_raise())
}

/// Type output: the JSON text form, as a `cstring` in the current context.
pub fn output<S: SqlState>(state: StatePtr<S>) -> &'static CStr {
    let text = std::ffi::CString::new(state.get().to_text()).expect("JSON has no NUL byte");
    // SAFETY: pstrdup copies the NUL-terminated string into the current
    // memory context, which outlives this call's result.
    unsafe { CStr::from_ptr(pg_sys::pstrdup(text.as_ptr())) }
}

/// Type receive: the byte form from a `StringInfo` (binary COPY, binary
/// protocol), consuming the rest of the message.
///
/// # Safety
/// `buf` must be the `StringInfo` PostgreSQL passes a receive function.
pub unsafe fn receive<S: SqlState>(buf: pgrx::Internal) -> StatePtr<S> {
    unsafe {
        let si = buf.unwrap().expect("receive gets a buffer").cast_mut_ptr::<pg_sys::StringInfoData>();
        let (data, len, cursor) = ((*si).data.cast::<u8>(), (*si).len as usize, (*si).cursor as usize);
        let bytes = std::slice::from_raw_parts(data.add(cursor), len.saturating_sub(cursor));
        let state = S::from_bytes(bytes).or_raise();
        (*si).cursor = (*si).len;
        StatePtr::alloc(state)
    }
}

/// Type send: the byte form.
pub fn send<S: SqlState>(state: StatePtr<S>) -> Vec<u8> {
    state.get().to_bytes()
}

impl<S: SqlState> FromDatum for StatePtr<S> {
    unsafe fn from_polymorphic_datum(datum: pg_sys::Datum, is_null: bool, _typoid: pg_sys::Oid) -> Option<Self> {
        (!is_null).then(|| unsafe { StatePtr::from_raw(datum) })
    }
}

impl<S: SqlState> IntoDatum for StatePtr<S> {
    fn into_datum(self) -> Option<pg_sys::Datum> {
        Some(self.datum())
    }

    fn type_oid() -> pg_sys::Oid {
        pg_sys::InvalidOid
    }
}

unsafe impl<'fcx, S: SqlState> ArgAbi<'fcx> for StatePtr<S> {
    unsafe fn unbox_arg_unchecked(arg: Arg<'_, 'fcx>) -> Self {
        let index = arg.index();
        unsafe { arg.unbox_arg_using_from_datum() }.unwrap_or_else(|| panic!("argument {index} must not be null"))
    }

    unsafe fn unbox_nullable_arg(arg: Arg<'_, 'fcx>) -> Nullable<Self> {
        unsafe { arg.unbox_arg_using_from_datum() }.into()
    }
}

unsafe impl<S: SqlState> BoxRet for StatePtr<S> {
    unsafe fn box_into<'fcx>(self, fcinfo: &mut FcInfo<'fcx>) -> Datum<'fcx> {
        unsafe { fcinfo.return_raw_datum(self.datum()) }
    }
}

unsafe impl<S: SqlState> SqlTranslatable for StatePtr<S> {
    const TYPE_IDENT: &'static str = S::SQL_TYPE;
    const TYPE_ORIGIN: TypeOrigin = TypeOrigin::External;
    const ARGUMENT_SQL: Result<SqlMappingRef, ArgumentError> = Ok(SqlMappingRef::As(S::SQL_TYPE));
    const RETURN_SQL: Result<ReturnsRef, ReturnsError> = Ok(ReturnsRef::One(SqlMappingRef::As(S::SQL_TYPE)));
}

/// Declare a state type's four I/O functions (`$in`, `$out`, `$recv`,
/// `$send`) and name its SQL type; the `CREATE TYPE` itself, with its
/// length, is written beside the call (`extension_sql!` takes a literal).
#[macro_export]
macro_rules! state_type {
    ($state:ty, $sql:literal, $len:literal, $shell:literal, $in:ident, $out:ident, $recv:ident, $send:ident) => {
        impl $crate::pg::state_type::SqlState for $state {
            const SQL_TYPE: &'static str = $sql;
        }
        const _: () = assert!(std::mem::size_of::<$state>() == $len, concat!("INTERNALLENGTH of ", $sql));

        #[pg_extern(immutable, strict, parallel_safe, requires = [$shell])]
        fn $in(input: &core::ffi::CStr) -> $crate::pg::state_type::StatePtr<$state> {
            $crate::pg::state_type::input::<$state>(input)
        }

        #[pg_extern(immutable, strict, parallel_safe, requires = [$shell])]
        fn $out(state: $crate::pg::state_type::StatePtr<$state>) -> &'static core::ffi::CStr {
            $crate::pg::state_type::output::<$state>(state)
        }

        #[pg_extern(immutable, strict, parallel_safe, requires = [$shell])]
        fn $recv(buf: pgrx::Internal) -> $crate::pg::state_type::StatePtr<$state> {
            unsafe { $crate::pg::state_type::receive::<$state>(buf) }
        }

        #[pg_extern(immutable, strict, parallel_safe, requires = [$shell])]
        fn $send(state: $crate::pg::state_type::StatePtr<$state>) -> Vec<u8> {
            $crate::pg::state_type::send::<$state>(state)
        }
    };
}
