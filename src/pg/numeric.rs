//! `Exact`: a SQL `numeric` argument or result carried as a
//! `rust_decimal::Decimal`, converted straight from and to PostgreSQL's
//! numeric storage format (see `scorecard_core::numeric_format`), never through text
//! and without copying the input. This is what lets aggregates read millions
//! of `numeric` rows at close to the speed of `sum(numeric)`.

use pgrx::callconv::{Arg, ArgAbi, BoxRet, FcInfo};
use pgrx::datum::Datum;
use pgrx::nullable::Nullable;
use pgrx::pgrx_sql_entity_graph::metadata::{
    ArgumentError, ReturnsError, ReturnsRef, SqlMappingRef, SqlTranslatable, TypeOrigin,
};
use pgrx::prelude::*;
use rust_decimal::Decimal;

use super::error::OrRaise;
use scorecard_core::numeric_format;

/// A SQL `numeric` as an exact decimal (28 significant digits). NaN and the
/// infinities are refused with SQLSTATE 22023, values past 28 digits with
/// 22003.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Exact(pub Decimal);

impl From<Decimal> for Exact {
    fn from(d: Decimal) -> Self {
        Exact(d)
    }
}

impl FromDatum for Exact {
    #[inline]
    unsafe fn from_polymorphic_datum(datum: pg_sys::Datum, is_null: bool, _typoid: pg_sys::Oid) -> Option<Self> {
        if is_null {
            return None;
        }
        // SAFETY: the datum is a non-null numeric varlena (the SQL signature
        // says so); an inline value is read in place, a toasted one through
        // a detoasted copy that is freed.
        Some(unsafe { Exact::from_numeric_datum(datum) })
    }
}

impl Exact {
    /// Decode a non-null `numeric` datum (NaN, infinities and values past 28
    /// digits raise their SQLSTATE).
    ///
    /// # Safety
    /// `datum` must be a live, non-null `numeric` datum.
    #[inline(always)]
    pub unsafe fn from_numeric_datum(datum: pg_sys::Datum) -> Exact {
        Exact(unsafe { super::fmgr::with_varlena_payload(datum, numeric_format::decode) }.or_raise())
    }
}

impl IntoDatum for Exact {
    fn into_datum(self) -> Option<pg_sys::Datum> {
        let payload = numeric_format::encode(self.0);
        let total = payload.len() + pg_sys::VARHDRSZ;
        // SAFETY: palloc returns at least `total` bytes in the current memory
        // context; we write a 4-byte varlena header and the payload.
        unsafe {
            let ptr = pg_sys::palloc(total).cast::<u8>();
            pgrx::varlena::set_varsize_4b(ptr.cast(), total as i32);
            std::ptr::copy_nonoverlapping(payload.as_ptr(), ptr.add(pg_sys::VARHDRSZ), payload.len());
            Some(pg_sys::Datum::from(ptr))
        }
    }

    fn type_oid() -> pg_sys::Oid {
        pg_sys::NUMERICOID
    }
}

unsafe impl<'fcx> ArgAbi<'fcx> for Exact {
    unsafe fn unbox_arg_unchecked(arg: Arg<'_, 'fcx>) -> Self {
        let index = arg.index();
        unsafe { arg.unbox_arg_using_from_datum() }.unwrap_or_else(|| panic!("argument {index} must not be null"))
    }

    unsafe fn unbox_nullable_arg(arg: Arg<'_, 'fcx>) -> Nullable<Self> {
        unsafe { arg.unbox_arg_using_from_datum() }.into()
    }
}

unsafe impl BoxRet for Exact {
    unsafe fn box_into<'fcx>(self, fcinfo: &mut FcInfo<'fcx>) -> Datum<'fcx> {
        match self.into_datum() {
            Some(datum) => unsafe { fcinfo.return_raw_datum(datum) },
            None => fcinfo.return_null(),
        }
    }
}

unsafe impl SqlTranslatable for Exact {
    const TYPE_IDENT: &'static str = pgrx::pgrx_resolved_type!(Exact);
    const TYPE_ORIGIN: TypeOrigin = TypeOrigin::External;
    const ARGUMENT_SQL: Result<SqlMappingRef, ArgumentError> =
        Ok(SqlMappingRef::Numeric { precision: None, scale: None });
    const RETURN_SQL: Result<ReturnsRef, ReturnsError> =
        Ok(ReturnsRef::One(SqlMappingRef::Numeric { precision: None, scale: None }));
}
