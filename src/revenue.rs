//! The revenue-cycle family in Rust: the `ar_aging` aggregate with its result
//! type, `CREATE AGGREGATE` and comments, and the `aging_buckets` helper.
//! The tables, the five weekly reports and the KPIs are SQL
//! (sql/revenue/).

use pgrx::prelude::*;
use scorecard_core::aging::{self, Aging, Edges};

use crate::pg::date;
use crate::pg::edges::{self, EdgesArg};
use crate::pg::error::OrRaise;
use crate::pg::fmgr;
use crate::pg::numeric::Exact;
use crate::pg::state_type::{self, StatePtr};

extension_sql!("CREATE TYPE scorecard.aging_state;", name = "aging_state_shell");

crate::state_type!(
    Aging,
    "scorecard.aging_state",
    512,
    "aging_state_shell",
    aging_state_in,
    aging_state_out,
    aging_state_recv,
    aging_state_send
);

extension_sql!(
    r#"
CREATE TYPE scorecard.aging_state (
    INPUT = scorecard.aging_state_in, OUTPUT = scorecard.aging_state_out,
    RECEIVE = scorecard.aging_state_recv, SEND = scorecard.aging_state_send,
    INTERNALLENGTH = 512, ALIGNMENT = double, STORAGE = plain
);
COMMENT ON TYPE scorecard.aging_state IS 'Transition state of scorecard.ar_aging: the bucket edges and an exact sum per bucket, after as_of and undated, and the count. Its text form is JSON; Citus ships it between nodes that way.';
COMMENT ON FUNCTION scorecard.aging_state_in(cstring) IS 'Input function of scorecard.aging_state: its JSON text form, checked like an argument (ERROR 22P02).';
COMMENT ON FUNCTION scorecard.aging_state_out(scorecard.aging_state) IS 'Output function of scorecard.aging_state: its JSON text form.';
COMMENT ON FUNCTION scorecard.aging_state_recv(internal) IS 'Binary input function of scorecard.aging_state (ERROR 22P03 on a bad state).';
COMMENT ON FUNCTION scorecard.aging_state_send(scorecard.aging_state) IS 'Binary output function of scorecard.aging_state.';
"#,
    name = "aging_state",
    requires = [aging_state_in, aging_state_out, aging_state_recv, aging_state_send]
);

/// The transition function of both `ar_aging` signatures, called through
/// the bare fmgr interface: `(state, amount, aged_from, as_of[, edges])`.
/// This is the per-row path of every A/R report, so it reads its arguments
/// straight from `fcinfo` (numeric decoded in place, dates as day numbers,
/// the edges array in place) instead of through pgrx's generic argument
/// boxing; see docs/benchmarks.md for what that buys.
///
/// NULL amount: the row is skipped (the edges are still checked). NULL or
/// infinite dates, bad edges, overflow: an `ERROR` with its SQLSTATE.
#[no_mangle]
#[pg_guard]
pub unsafe extern "C-unwind" fn ar_aging_trans_v1(fcinfo: pg_sys::FunctionCallInfo) -> pg_sys::Datum {
    // SAFETY: PostgreSQL calls this as an aggregate transition function with
    // the arguments of the SQL signatures declared below.
    unsafe {
        let edges = if fmgr::nargs(fcinfo) >= 5 {
            aging::require_edges(fmgr::arg(fcinfo, 4).map(|d| edges::cached_edges(fcinfo, d))).or_raise()
        } else {
            Edges::DEFAULT
        };
        let state = fmgr::arg(fcinfo, 0);
        let Some(amount) = fmgr::arg(fcinfo, 1) else {
            return state.unwrap_or_else(|| fmgr::return_null(fcinfo));
        };
        let amount = Exact::from_numeric_datum(amount).0;
        let day = |i: usize| {
            fmgr::arg(fcinfo, i).map(|d| date::finite_days(Date::from_datum(d, false).expect("not null"), "ar_aging"))
        };
        let aged_from = day(2).transpose().or_raise();
        let as_of = day(3).transpose().or_raise();
        let current = state.map(|d| StatePtr::from_raw(d));
        state_type::update(fcinfo, current, |s: &mut Aging| s.add_dated(amount, aged_from, as_of, &edges)).datum()
    }
}
crate::fmgr_v1_info!(pg_finfo_ar_aging_trans_v1);

/// 0.1.0's symbols for the two transition functions (pgrx wrappers then):
/// the library is installed before `ALTER EXTENSION pg_scorecard UPDATE`
/// runs, and until it does, 0.1.0's catalogue still names them.
#[no_mangle]
#[doc(hidden)]
pub unsafe extern "C-unwind" fn ar_aging_trans_wrapper(fcinfo: pg_sys::FunctionCallInfo) -> pg_sys::Datum {
    unsafe { ar_aging_trans_v1(fcinfo) }
}
crate::fmgr_v1_info!(pg_finfo_ar_aging_trans_wrapper);

#[no_mangle]
#[doc(hidden)]
pub unsafe extern "C-unwind" fn ar_aging_trans_default_edges_wrapper(
    fcinfo: pg_sys::FunctionCallInfo,
) -> pg_sys::Datum {
    unsafe { ar_aging_trans_v1(fcinfo) }
}
crate::fmgr_v1_info!(pg_finfo_ar_aging_trans_default_edges_wrapper);

extension_sql!(
    r#"
CREATE FUNCTION scorecard.ar_aging_trans(state scorecard.aging_state, amount numeric, aged_from date, as_of date, bucket_edges integer[]) RETURNS scorecard.aging_state
IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'ar_aging_trans_v1';
CREATE FUNCTION scorecard.ar_aging_trans(state scorecard.aging_state, amount numeric, aged_from date, as_of date) RETURNS scorecard.aging_state
IMMUTABLE PARALLEL SAFE LANGUAGE c AS 'MODULE_PATHNAME', 'ar_aging_trans_v1';
"#,
    name = "ar_aging_trans",
    requires = ["aging_state"]
);

#[pg_extern(immutable, parallel_safe, requires = ["aging_state"])]
fn ar_aging_combine(
    a: Option<StatePtr<Aging>>,
    b: Option<StatePtr<Aging>>,
    fcinfo: pg_sys::FunctionCallInfo,
) -> Option<StatePtr<Aging>> {
    unsafe { state_type::combine(a, b, fcinfo) }
}

crate::legacy_serial_support!(Aging, ar_aging_serialize, ar_aging_deserialize);

extension_sql!(
    r#"
CREATE TYPE scorecard.aging AS (
    buckets     numeric[],
    receivable  numeric,
    after_as_of numeric,
    undated     numeric,
    items       bigint
);
COMMENT ON TYPE scorecard.aging IS 'Result of scorecard.ar_aging: open amounts per aging bucket, and what is not a receivable yet or has no date, kept apart.';
COMMENT ON COLUMN scorecard.aging.buckets IS 'Amount per bucket, youngest first: for edges {30,60,90,120}, 0-30, 31-60, 61-90, 91-120, over 120 (scorecard.aging_buckets gives the labels).';
COMMENT ON COLUMN scorecard.aging.receivable IS 'Sum of the buckets.';
COMMENT ON COLUMN scorecard.aging.after_as_of IS 'Amounts dated after as_of (not receivables yet at that date, or not yet due when aged by due date): in no bucket.';
COMMENT ON COLUMN scorecard.aging.undated IS 'Amounts with no date to age from: in no bucket.';
COMMENT ON COLUMN scorecard.aging.items IS 'Rows counted.';
"#,
    name = "aging_type"
);

#[pg_extern(immutable, parallel_safe, requires = ["aging_type", "aging_state"])]
fn ar_aging_final(state: Option<StatePtr<Aging>>) -> Option<pgrx::composite_type!('static, "scorecard.aging")> {
    let r = state?.get().result().or_raise()?;
    let mut t = crate::pg::result_tuple("scorecard.aging");
    crate::pg::set_field(&mut t, "buckets", r.buckets.into_iter().map(Exact).collect::<Vec<_>>());
    crate::pg::set_field(&mut t, "receivable", Exact(r.receivable));
    crate::pg::set_field(&mut t, "after_as_of", Exact(r.after_as_of));
    crate::pg::set_field(&mut t, "undated", Exact(r.undated));
    crate::pg::set_field(&mut t, "items", r.items);
    Some(t)
}

extension_sql!(
    r#"
CREATE AGGREGATE scorecard.ar_aging(amount numeric, aged_from date, as_of date, bucket_edges integer[]) (
    sfunc = scorecard.ar_aging_trans, stype = scorecard.aging_state, finalfunc = scorecard.ar_aging_final,
    combinefunc = scorecard.ar_aging_combine, parallel = safe
);
COMMENT ON AGGREGATE scorecard.ar_aging(numeric, date, date, integer[]) IS
    'A/R aging: the amount in each bucket of age as_of - aged_from, for any increasing list of day edges (at most 15); {30,60,90,120} gives 0-30, 31-60, 61-90, 91-120, over 120. Amounts dated after as_of go in no bucket (after_as_of), undated ones neither (undated): nothing is lost. Exact; ERROR 22023 on decreasing edges or edges that change within a group.';

CREATE AGGREGATE scorecard.ar_aging(amount numeric, aged_from date, as_of date) (
    sfunc = scorecard.ar_aging_trans, stype = scorecard.aging_state, finalfunc = scorecard.ar_aging_final,
    combinefunc = scorecard.ar_aging_combine, parallel = safe
);
COMMENT ON AGGREGATE scorecard.ar_aging(numeric, date, date) IS
    'scorecard.ar_aging with the default buckets 0-30, 31-60, 61-90, 91-120, over 120.';

COMMENT ON FUNCTION scorecard.ar_aging_trans(scorecard.aging_state, numeric, date, date, integer[]) IS 'Support function of scorecard.ar_aging(numeric, date, date, integer[]).';
COMMENT ON FUNCTION scorecard.ar_aging_trans(scorecard.aging_state, numeric, date, date) IS 'Support function of scorecard.ar_aging(numeric, date, date).';
COMMENT ON FUNCTION scorecard.ar_aging_combine(scorecard.aging_state, scorecard.aging_state) IS 'Support function of scorecard.ar_aging: merges partial states (parallel query, Citus).';
COMMENT ON FUNCTION scorecard.ar_aging_final(scorecard.aging_state) IS 'Support function of scorecard.ar_aging: the scorecard.aging result.';
"#,
    name = "ar_aging",
    requires = ["ar_aging_trans", ar_aging_combine, ar_aging_final]
);

#[pg_extern(immutable, strict, parallel_safe)]
fn aging_buckets(
    bucket_edges: default!(EdgesArg, "'{30,60,90,120}'"),
) -> TableIterator<
    'static,
    (name!(bucket, i32), name!(label, String), name!(min_days, i32), name!(max_days, Option<i32>)),
> {
    let edges = bucket_edges.0;
    TableIterator::new(
        edges.labels().into_iter().enumerate().map(|(i, (label, min, max))| (i as i32 + 1, label, min, max)),
    )
}

extension_sql!(
    r#"
COMMENT ON FUNCTION scorecard.aging_buckets(integer[]) IS
    'The buckets of a list of edges: number (1 = youngest), label (''0-30'', ''over 120''), min_days, max_days (NULL for the last). ERROR 22023 on decreasing or negative edges.';
"#,
    name = "aging_buckets_comment",
    requires = [aging_buckets]
);
