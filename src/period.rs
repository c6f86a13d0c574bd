//! Reporting periods in SQL: `scorecard.is_period_start`, `period_end` and
//! `previous_period_start` (quarters and years here are calendar ones), and
//! `period_start`, `fiscal_year` and `period_label` on a fiscal calendar: thin wrappers over
//! `scorecard_core::period`. The observation table's period check and the
//! score views call them.

use pgrx::prelude::*;
use scorecard_core::period::{Calendar, Grain};

use crate::pg::date;
use crate::pg::error::OrRaise;

/// Apply `step` to a finite start date of a known grain. An unknown grain
/// gives NULL; an infinite date stays itself (infinity plus a month is
/// infinity, as in PostgreSQL's own date arithmetic).
fn shift(
    period_grain: &str,
    period_start: Date,
    step: fn(&Calendar, Grain, chrono::NaiveDate) -> Option<chrono::NaiveDate>,
) -> Option<Date> {
    let grain = Grain::parse(period_grain)?;
    if !period_start.is_finite() {
        return Some(period_start);
    }
    let start = date::to_naive(period_start, "a period start").or_raise();
    let out = step(&Calendar::CALENDAR_YEAR, grain, start).ok_or_else(|| date::out_of_range("the period's date"));
    Some(out.and_then(|d| date::from_naive(d, "the period's date")).or_raise())
}

#[pg_extern(immutable, strict, parallel_safe)]
fn is_period_start(period_grain: &str, period_start: Date) -> bool {
    match Grain::parse(period_grain) {
        Some(grain) if period_start.is_finite() => {
            Calendar::CALENDAR_YEAR.is_period_start(grain, date::to_naive(period_start, "a period start").or_raise())
        }
        _ => false,
    }
}

#[pg_extern(immutable, strict, parallel_safe)]
fn period_end(period_grain: &str, period_start: Date) -> Option<Date> {
    shift(period_grain, period_start, Calendar::period_end)
}

#[pg_extern(immutable, strict, parallel_safe)]
fn previous_period_start(period_grain: &str, period_start: Date) -> Option<Date> {
    shift(period_grain, period_start, Calendar::previous_period_start)
}

/// The calendar of a fiscal year starting in `fiscal_year_start` (1-12),
/// or 22023.
fn calendar(fiscal_year_start: i32) -> Calendar {
    Calendar::new(fiscal_year_start).or_raise()
}

#[pg_extern(immutable, strict, parallel_safe)]
fn period_start(period_grain: &str, day: Date, fiscal_year_start: default!(i32, 1)) -> Option<Date> {
    let calendar = calendar(fiscal_year_start);
    let grain = Grain::parse(period_grain)?;
    if !day.is_finite() {
        return Some(day);
    }
    let naive = date::to_naive(day, "the date").or_raise();
    let start = calendar.period_start(grain, naive).ok_or_else(|| date::out_of_range("the period's date"));
    Some(start.and_then(|d| date::from_naive(d, "the period's date")).or_raise())
}

#[pg_extern(immutable, strict, parallel_safe)]
fn fiscal_year(day: Date, fiscal_year_start: default!(i32, 1)) -> i32 {
    let calendar = calendar(fiscal_year_start);
    date::finite_days(day, "fiscal_year").or_raise();
    calendar.fiscal_year(date::to_naive(day, "the date").or_raise())
}

#[pg_extern(immutable, strict, parallel_safe)]
fn period_label(period_grain: &str, period_start: Date, fiscal_year_start: default!(i32, 1)) -> Option<String> {
    let calendar = calendar(fiscal_year_start);
    let grain = Grain::parse(period_grain)?;
    if !period_start.is_finite() {
        return None;
    }
    Some(calendar.label(grain, date::to_naive(period_start, "the period start").or_raise()))
}

extension_sql!(
    r#"
COMMENT ON FUNCTION scorecard.period_label(text, date, integer) IS
    'How a dashboard names the period of the grain that contains the date: ''2016-W26'' (ISO week), ''Jun 2016'', ''Q2 2016'' and ''2016'' on the calendar year, ''Q4 FY2016'' and ''FY2016'' on a fiscal year starting in month fiscal_year_start (named by the year it ends in). NULL for an unknown grain or an infinite date; 22023 for a start outside 1-12.';
COMMENT ON FUNCTION scorecard.period_start(text, date, integer) IS
    'First day of the period of the grain (week, month, quarter, year) that contains the date, on a fiscal year starting in month fiscal_year_start (1 = January, the calendar year; 7 = July, as California counties keep it): period_start(''quarter'', ''2016-06-15'', 7) is 2016-04-01, period_start(''year'', ''2016-06-15'', 7) is 2015-07-01. NULL for an unknown grain; 22023 for a start outside 1-12.';
COMMENT ON FUNCTION scorecard.fiscal_year(date, integer) IS
    'The fiscal year the date falls in, named by the calendar year it ends in: with fiscal_year_start 7, July 2016 to June 2017 is fiscal year 2017. 22023 for a start outside 1-12 or an infinite date.';
COMMENT ON FUNCTION scorecard.is_period_start(text, date) IS
    'True when period_start opens a period of the grain: a Monday (ISO week start) for ''week'', the first of a month for ''month'', of January, April, July or October for ''quarter'', of January for ''year''. False for any other grain and for infinite dates.';
COMMENT ON FUNCTION scorecard.period_end(text, date) IS
    'Last day of the period of the grain (week, month, quarter, year) that starts on period_start; NULL for an unknown grain.';
COMMENT ON FUNCTION scorecard.previous_period_start(text, date) IS
    'Start of the period of the grain (week, month, quarter, year) before the one starting on period_start; NULL for an unknown grain.';
"#,
    name = "period_functions",
    requires = [is_period_start, period_end, previous_period_start, period_start, fiscal_year, period_label]
);
