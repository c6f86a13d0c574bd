//! `EdgesArg`: an `integer[]` of A/R aging bucket edges, read straight from
//! its storage form (no array deconstruction per row), so `ar_aging` with
//! explicit edges costs about what it costs with the default ones.

use pgrx::callconv::{Arg, ArgAbi};
use pgrx::nullable::Nullable;
use pgrx::pgrx_sql_entity_graph::metadata::{
    array_argument_sql, ArgumentError, ReturnsError, ReturnsRef, SqlMappingRef, SqlTranslatable, TypeOrigin,
};
use pgrx::prelude::*;

use scorecard_core::aging::{edges_from_int4_array, Edges};

use super::error::OrRaise;

/// An `integer[]` of bucket edges, read straight from its storage form.
pub struct EdgesArg(pub Edges);

impl FromDatum for EdgesArg {
    unsafe fn from_polymorphic_datum(datum: pg_sys::Datum, is_null: bool, _: pg_sys::Oid) -> Option<Self> {
        if is_null {
            return None;
        }
        // SAFETY: a non-null integer[] datum (the SQL signature says so).
        Some(unsafe { EdgesArg::from_array_datum(datum) })
    }
}

impl EdgesArg {
    /// Read and check a non-null `integer[]` datum of bucket edges, in place
    /// when it is stored inline (22023 on a bad list).
    ///
    /// # Safety
    /// `datum` must be a live, non-null `integer[]` datum.
    #[inline]
    pub unsafe fn from_array_datum(datum: pg_sys::Datum) -> EdgesArg {
        EdgesArg(unsafe { super::fmgr::with_varlena_payload(datum, edges_from_int4_array) }.or_raise())
    }
}

/// The last edges list a call site parsed, kept in its `fn_extra`: the edges
/// are nearly always a constant, so each row costs a comparison of a few
/// dozen bytes instead of a parse and a check.
#[derive(Clone, Copy)]
struct EdgesCache {
    len: usize,
    bytes: [u8; CACHED_BYTES],
    edges: Edges,
}

/// The storage form of 15 edges is 80 bytes.
const CACHED_BYTES: usize = 96;

/// `EdgesArg::from_array_datum`, remembered per call site.
///
/// # Safety
/// `fcinfo` must be the live call info of the current call, with a valid
/// `flinfo` whose `fn_extra` this module alone uses; `datum` as for
/// [`EdgesArg::from_array_datum`].
pub unsafe fn cached_edges(fcinfo: pg_sys::FunctionCallInfo, datum: pg_sys::Datum) -> Edges {
    unsafe {
        super::fmgr::with_varlena_payload(datum, |bytes| {
            let flinfo = (*fcinfo).flinfo;
            let cache = (*flinfo).fn_extra.cast::<EdgesCache>();
            if let Some(hit) = cache.as_ref() {
                if hit.len == bytes.len() && hit.bytes[..bytes.len()] == *bytes {
                    return hit.edges;
                }
            }
            let edges = edges_from_int4_array(bytes).or_raise();
            if bytes.len() <= CACHED_BYTES {
                let cache = if cache.is_null() {
                    let fresh = pg_sys::MemoryContextAlloc((*flinfo).fn_mcxt, std::mem::size_of::<EdgesCache>())
                        .cast::<EdgesCache>();
                    (*flinfo).fn_extra = fresh.cast();
                    fresh
                } else {
                    cache
                };
                let mut entry = EdgesCache { len: bytes.len(), bytes: [0; CACHED_BYTES], edges };
                entry.bytes[..bytes.len()].copy_from_slice(bytes);
                cache.write(entry);
            }
            edges
        })
    }
}

unsafe impl<'fcx> ArgAbi<'fcx> for EdgesArg {
    unsafe fn unbox_arg_unchecked(arg: Arg<'_, 'fcx>) -> Self {
        let index = arg.index();
        unsafe { arg.unbox_arg_using_from_datum() }.unwrap_or_else(|| panic!("argument {index} must not be null"))
    }

    unsafe fn unbox_nullable_arg(arg: Arg<'_, 'fcx>) -> Nullable<Self> {
        unsafe { arg.unbox_arg_using_from_datum() }.into()
    }
}

unsafe impl SqlTranslatable for EdgesArg {
    const TYPE_IDENT: &'static str = <i32 as SqlTranslatable>::TYPE_IDENT;
    const TYPE_ORIGIN: TypeOrigin = <i32 as SqlTranslatable>::TYPE_ORIGIN;
    const ARGUMENT_SQL: Result<SqlMappingRef, ArgumentError> =
        array_argument_sql(<i32 as SqlTranslatable>::ARGUMENT_SQL);
    const RETURN_SQL: Result<ReturnsRef, ReturnsError> = Err(ReturnsError::Datum);
}
