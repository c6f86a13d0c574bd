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
        // SAFETY: a non-null integer[] datum; detoasting gives a 4-byte-header
        // varlena (a copy only if it was compressed, external or packed).
        unsafe {
            let raw = datum.cast_mut_ptr::<pg_sys::varlena>();
            let flat = pg_sys::pg_detoast_datum(raw);
            let len = pgrx::varlena::varsize(flat);
            let payload = std::slice::from_raw_parts(flat.cast::<u8>().add(4), len.saturating_sub(4));
            let edges = edges_from_int4_array(payload);
            if flat != raw {
                pg_sys::pfree(flat.cast());
            }
            Some(EdgesArg(edges.or_raise()))
        }
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
