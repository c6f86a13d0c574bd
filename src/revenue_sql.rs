//! SQL face of the revenue-cycle arithmetic: the `ar_aging` aggregate and the
//! `aging_buckets` helper. The tables, report views and KPIs are SQL
//! (sql/revenue_tables.sql, sql/revenue.sql).

pub(crate) mod scorecard {
    use pgrx::prelude::*;
    use pgrx::Internal;

    use crate::core::aging::{Aging, Edges, MAX_EDGES};
    use crate::core::error::CoreError;
    use crate::pg::aggstate;
    use crate::pg::error::{raise, OrRaise};
    use crate::pg::numeric::Exact;

    /// Bucket edges from a SQL `integer[]`, without allocating.
    fn edges_of(array: &Array<'_, i32>) -> Edges {
        let mut days = [0i32; MAX_EDGES];
        let mut n = 0;
        for edge in array.iter() {
            let Some(edge) = edge else {
                raise(CoreError::InvalidParameter("bucket edges must not contain NULL".into()))
            };
            if n == MAX_EDGES {
                raise(CoreError::InvalidParameter(format!(
                    "at most {MAX_EDGES} bucket edges are supported, got {}",
                    array.len()
                )));
            }
            days[n] = edge;
            n += 1;
        }
        Edges::new(&days[..n]).or_raise()
    }

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
        bucket_edges: Option<Array<'_, i32>>,
        fcinfo: pg_sys::FunctionCallInfo,
    ) -> Internal {
        let Some(bucket_edges) = bucket_edges else {
            pgrx::ereport!(
                ERROR,
                PgSqlErrorCode::ERRCODE_NULL_VALUE_NOT_ALLOWED,
                "bucket_edges must not be NULL (use '{}' for a single bucket)"
            );
        };
        add_row(&mut state, fcinfo, amount, aged_from, as_of, || edges_of(&bucket_edges));
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
        bucket_edges: default!(Array<'_, i32>, "'{30,60,90,120}'"),
    ) -> TableIterator<'static, (name!(bucket, i32), name!(label, String), name!(min_days, i32), name!(max_days, Option<i32>))>
    {
        let edges = edges_of(&bucket_edges);
        TableIterator::new(
            edges
                .labels()
                .into_iter()
                .enumerate()
                .map(|(i, (label, min, max))| (i as i32 + 1, label, min, max)),
        )
    }
}
