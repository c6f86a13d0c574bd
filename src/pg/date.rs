//! SQL `date` to and from `chrono::NaiveDate` and PostgreSQL day numbers,
//! through `scorecard_core::period::{from_pg_days, to_pg_days}`. Each
//! conversion returns a `CoreResult`; callers `.or_raise()`.

use chrono::NaiveDate;
use pgrx::prelude::*;
use scorecard_core::error::{CoreError, CoreResult};
use scorecard_core::period;

/// Days since 2000-01-01 of 4714-11-24 BC and of 5874898-01-01, the ends of
/// PostgreSQL's date range (julian days 0 and DATE_END_JULIAN).
const PG_MIN_DAYS: i32 = -2_451_545;
const PG_END_DAYS: i32 = 2_147_483_494 - 2_451_545;

/// The 22008 error for a date pg_scorecard cannot do period arithmetic on.
pub fn out_of_range(what: &str) -> CoreError {
    CoreError::DateOutOfRange(format!("{what} is out of range for pg_scorecard's period arithmetic"))
}

/// A finite date's day number; `who` names the function in the 22023 error
/// an infinite date gets.
pub fn finite_days(d: Date, who: &str) -> CoreResult<i32> {
    if d.is_finite() {
        Ok(d.to_pg_epoch_days())
    } else {
        Err(CoreError::InvalidParameter(format!("{who} needs finite dates, got infinity")))
    }
}

/// A finite SQL date as a `NaiveDate`; `what` names it in the error (22008)
/// past chrono's range of about 262,000 years.
pub fn to_naive(d: Date, what: &str) -> CoreResult<NaiveDate> {
    period::from_pg_days(d.to_pg_epoch_days()).ok_or_else(|| out_of_range(what))
}

/// A `NaiveDate` as a SQL date, or 22008 outside PostgreSQL's date range.
pub fn from_naive(d: NaiveDate, what: &str) -> CoreResult<Date> {
    let days = period::to_pg_days(d);
    if !(PG_MIN_DAYS..PG_END_DAYS).contains(&days) {
        return Err(out_of_range(what));
    }
    Ok(Date::saturating_from_raw(days))
}
