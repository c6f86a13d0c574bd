//! SQL `date` to and from `chrono::NaiveDate`, through PostgreSQL's day
//! numbers (`scorecard_core::period::{from_pg_days, to_pg_days}`).

use chrono::NaiveDate;
use pgrx::prelude::*;
use scorecard_core::period;

/// Days since 2000-01-01 of 4714-11-24 BC and of 5874898-01-01, the ends of
/// PostgreSQL's date range (julian days 0 and DATE_END_JULIAN).
const PG_MIN_DAYS: i32 = -2_451_545;
const PG_END_DAYS: i32 = 2_147_483_494 - 2_451_545;

/// Raise 22008 for a date pg_scorecard cannot do period arithmetic on.
pub fn out_of_range(what: &str) -> ! {
    pgrx::ereport!(
        ERROR,
        PgSqlErrorCode::ERRCODE_DATETIME_FIELD_OVERFLOW,
        format!("{what} is out of range for pg_scorecard's period arithmetic")
    );
}

/// A finite SQL date as a `NaiveDate`; `what` names it in the error raised
/// (22008) past chrono's range of about 262,000 years.
pub fn to_naive(d: Date, what: &str) -> NaiveDate {
    period::from_pg_days(d.to_pg_epoch_days()).unwrap_or_else(|| out_of_range(what))
}

/// A `NaiveDate` as a SQL date, or 22008 outside PostgreSQL's date range.
pub fn from_naive(d: NaiveDate, what: &str) -> Date {
    let days = period::to_pg_days(d);
    if !(PG_MIN_DAYS..PG_END_DAYS).contains(&days) {
        out_of_range(what);
    }
    Date::saturating_from_raw(days)
}
