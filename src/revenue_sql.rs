//! SQL face of the revenue-cycle arithmetic: the `ar_aging` aggregate and the
//! `aging_buckets` helper. The tables, report views and KPIs are SQL
//! (sql/revenue_tables.sql, sql/revenue.sql).

use pgrx::callconv::{Arg, ArgAbi};
use pgrx::nullable::Nullable;
use pgrx::pgrx_sql_entity_graph::metadata::{
    array_argument_sql, ArgumentError, ReturnsError, ReturnsRef, SqlMappingRef, SqlTranslatable,
    TypeOrigin,
};
use pgrx::prelude::*;

use crate::core::aging::{edges_from_int4_array, Edges};
use crate::pg::error::OrRaise;

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

pub(crate) mod scorecard {
    use pgrx::prelude::*;
    use pgrx::Internal;

    use crate::core::aging::{Aging, Edges};
    use crate::core::error::CoreError;
    use crate::pg::aggstate;
    use crate::pg::error::{raise, OrRaise};
    use crate::pg::numeric::Exact;

    fn add_row(
        state: &mut Internal,
        fcinfo: pg_sys::FunctionCallInfo,
        amount: Option<Exact>,
        aged_from: Option<Date>,
        as_of: Option<Date>,
        edges: impl FnOnce() -> Edges,
    ) {
        let Some(amount) = amount else { return };
        let Some(as_of) = as_of else {
            pgrx::ereport!(
                ERROR,
                PgSqlErrorCode::ERRCODE_NULL_VALUE_NOT_ALLOWED,
                "ar_aging needs an as_of date; it was NULL"
            );
        };
        let age = match aged_from {
            None => None,
            Some(d) if !d.is_finite() || !as_of.is_finite() => {
                raise(CoreError::InvalidParameter("ar_aging needs finite dates, got infinity".into()))
            }
            Some(d) => Some(as_of.to_pg_epoch_days() - d.to_pg_epoch_days()),
        };
        let edges = edges();
        unsafe { aggstate::state_mut::<Aging>(state, fcinfo) }.add(amount.0, age, &edges).or_raise();
    }

    #[pg_extern(immutable, parallel_safe)]
    fn ar_aging_trans(
        mut state: Internal,
        amount: Option<Exact>,
        aged_from: Option<Date>,
        as_of: Option<Date>,
        bucket_edges: Option<super::EdgesArg>,
        fcinfo: pg_sys::FunctionCallInfo,
    ) -> Internal {
        let Some(bucket_edges) = bucket_edges else {
            pgrx::ereport!(
                ERROR,
                PgSqlErrorCode::ERRCODE_NULL_VALUE_NOT_ALLOWED,
                "bucket_edges must not be NULL (use '{}' for a single bucket)"
            );
        };
        add_row(&mut state, fcinfo, amount, aged_from, as_of, || bucket_edges.0);
        state
    }

    #[pg_extern(immutable, parallel_safe, name = "ar_aging_trans")]
    fn ar_aging_trans_default_edges(
        mut state: Internal,
        amount: Option<Exact>,
        aged_from: Option<Date>,
        as_of: Option<Date>,
        fcinfo: pg_sys::FunctionCallInfo,
    ) -> Internal {
        add_row(&mut state, fcinfo, amount, aged_from, as_of, || Edges::DEFAULT);
        state
    }

    crate::aggregate_support!(Aging, ar_aging_combine, ar_aging_serialize, ar_aging_deserialize);

    #[pg_extern(immutable, parallel_safe, requires = ["revenue_types"])]
    fn ar_aging_final(state: Internal) -> Option<pgrx::composite_type!('static, "scorecard.aging")> {
        let r = unsafe { state.get::<Aging>() }?.result().or_raise()?;
        let mut t = crate::pg::result_tuple("scorecard.aging");
        crate::pg::set_field(&mut t, "buckets", r.buckets.into_iter().map(Exact).collect::<Vec<_>>());
        crate::pg::set_field(&mut t, "receivable", Exact(r.receivable));
        crate::pg::set_field(&mut t, "after_as_of", Exact(r.after_as_of));
        crate::pg::set_field(&mut t, "undated", Exact(r.undated));
        crate::pg::set_field(&mut t, "items", r.items);
        Some(t)
    }

    #[pg_extern(immutable, strict, parallel_safe)]
    fn aging_buckets(
        bucket_edges: default!(super::EdgesArg, "'{30,60,90,120}'"),
    ) -> TableIterator<'static, (name!(bucket, i32), name!(label, String), name!(min_days, i32), name!(max_days, Option<i32>))>
    {
        let edges = bucket_edges.0;
        TableIterator::new(
            edges
                .labels()
                .into_iter()
                .enumerate()
                .map(|(i, (label, min, max))| (i as i32 + 1, label, min, max)),
        )
    }
}
