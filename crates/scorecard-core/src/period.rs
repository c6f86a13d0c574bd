//! Reporting periods: ISO weeks, months, quarters and years, on `chrono`.
//! Quarters and years follow a fiscal calendar whose year may start in any
//! month (California counties run July to June). This is the only place in
//! pg_scorecard that does period arithmetic; the SQL functions
//! `scorecard.is_period_start`, `period_end`, `previous_period_start` and the
//! month numbers of `cost_trend` are thin wrappers over it.

use chrono::{Datelike, Days, Months, NaiveDate};

use crate::error::{CoreError, CoreResult};

/// The length of a reporting period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grain {
    /// An ISO week, Monday to Sunday.
    Week,
    Month,
    /// Three months from the first month of a fiscal quarter.
    Quarter,
    /// Twelve months from the first month of the fiscal year.
    Year,
}

impl Grain {
    pub const ALL: [Grain; 4] = [Grain::Week, Grain::Month, Grain::Quarter, Grain::Year];

    /// The grain named `name` (`week`, `month`, `quarter`, `year`), or
    /// `None` for anything else.
    pub fn parse(name: &str) -> Option<Grain> {
        match name {
            "week" => Some(Grain::Week),
            "month" => Some(Grain::Month),
            "quarter" => Some(Grain::Quarter),
            "year" => Some(Grain::Year),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Grain::Week => "week",
            Grain::Month => "month",
            Grain::Quarter => "quarter",
            Grain::Year => "year",
        }
    }

    fn months(self) -> Option<u32> {
        match self {
            Grain::Week => None,
            Grain::Month => Some(1),
            Grain::Quarter => Some(3),
            Grain::Year => Some(12),
        }
    }
}

/// The calendar periods are cut from: quarters and years begin on the first
/// day of `fiscal_year_start` (1 = January: the calendar year).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Calendar {
    fiscal_year_start: u32,
}

impl Default for Calendar {
    fn default() -> Self {
        Calendar::CALENDAR_YEAR
    }
}

impl Calendar {
    /// Quarters and years of the calendar year.
    pub const CALENDAR_YEAR: Calendar = Calendar { fiscal_year_start: 1 };

    /// A fiscal calendar whose year starts in month `fiscal_year_start`
    /// (1-12).
    pub fn new(fiscal_year_start: i32) -> CoreResult<Calendar> {
        match u32::try_from(fiscal_year_start) {
            Ok(m @ 1..=12) => Ok(Calendar { fiscal_year_start: m }),
            _ => Err(CoreError::InvalidParameter(format!(
                "a fiscal year starts in a month from 1 to 12, got {fiscal_year_start}"
            ))),
        }
    }

    pub fn fiscal_year_start(&self) -> u32 {
        self.fiscal_year_start
    }

    /// Months since the start of the fiscal year `date` falls in (0-11).
    fn fiscal_month(&self, date: NaiveDate) -> u32 {
        (date.month() + 12 - self.fiscal_year_start) % 12
    }

    /// True when `date` is the first day of a period of `grain`: a Monday
    /// for weeks, the 1st for months, the 1st of a fiscal quarter's or
    /// year's first month for quarters and years.
    pub fn is_period_start(&self, grain: Grain, date: NaiveDate) -> bool {
        match grain {
            Grain::Week => date.weekday() == chrono::Weekday::Mon,
            Grain::Month => date.day() == 1,
            Grain::Quarter => date.day() == 1 && self.fiscal_month(date).is_multiple_of(3),
            Grain::Year => date.day() == 1 && self.fiscal_month(date) == 0,
        }
    }

    /// The first day of the period of `grain` that contains `date`, or
    /// `None` past chrono's range.
    pub fn period_start(&self, grain: Grain, date: NaiveDate) -> Option<NaiveDate> {
        match grain {
            Grain::Week => date.checked_sub_days(Days::new(u64::from(date.weekday().num_days_from_monday()))),
            Grain::Month | Grain::Quarter | Grain::Year => {
                let first = date.with_day(1)?;
                let back = match grain {
                    Grain::Quarter => self.fiscal_month(date) % 3,
                    Grain::Year => self.fiscal_month(date),
                    _ => 0,
                };
                first.checked_sub_months(Months::new(back))
            }
        }
    }

    /// The start of the period after the one that starts on `start`. Months
    /// clamp to the end of a shorter month, as PostgreSQL's `+ interval
    /// '1 month'` does (31 January + 1 month = 28 or 29 February).
    pub fn next_period_start(&self, grain: Grain, start: NaiveDate) -> Option<NaiveDate> {
        match grain.months() {
            None => start.checked_add_days(Days::new(7)),
            Some(m) => start.checked_add_months(Months::new(m)),
        }
    }

    /// The start of the period before the one that starts on `start`
    /// (clamping as [`Calendar::next_period_start`] does).
    pub fn previous_period_start(&self, grain: Grain, start: NaiveDate) -> Option<NaiveDate> {
        match grain.months() {
            None => start.checked_sub_days(Days::new(7)),
            Some(m) => start.checked_sub_months(Months::new(m)),
        }
    }

    /// The last day of the period of `grain` that starts on `start`.
    pub fn period_end(&self, grain: Grain, start: NaiveDate) -> Option<NaiveDate> {
        self.next_period_start(grain, start)?.pred_opt()
    }

    /// How a dashboard names the period of `grain` that contains `date`:
    /// `2016-W26` (ISO week and its year), `Jun 2016`, and for quarters and
    /// years `Q2 2016` and `2016` on the calendar year, `Q4 FY2016` and
    /// `FY2016` on a fiscal one (named by the year it ends in). English
    /// month names whatever the server's locale; labels of one grain sort
    /// as their periods do within a year, and `period_start` sorts across
    /// years.
    pub fn label(&self, grain: Grain, date: NaiveDate) -> String {
        let fiscal = self.fiscal_year_start != 1;
        match grain {
            Grain::Week => {
                let week = date.iso_week();
                format!("{}-W{:02}", week.year(), week.week())
            }
            Grain::Month => date.format("%b %Y").to_string(),
            Grain::Quarter => {
                let quarter = self.fiscal_month(date) / 3 + 1;
                if fiscal {
                    format!("Q{quarter} FY{}", self.fiscal_year(date))
                } else {
                    format!("Q{quarter} {}", date.year())
                }
            }
            Grain::Year if fiscal => format!("FY{}", self.fiscal_year(date)),
            Grain::Year => date.year().to_string(),
        }
    }

    /// The fiscal year `date` falls in, named by the calendar year it ends
    /// in: with a July start, July 2016 to June 2017 is fiscal year 2017.
    pub fn fiscal_year(&self, date: NaiveDate) -> i32 {
        if self.fiscal_year_start == 1 || date.month() < self.fiscal_year_start {
            date.year()
        } else {
            date.year() + 1
        }
    }
}

/// A month as one number (year * 12 + month - 1), so that consecutive
/// months are consecutive integers.
pub fn month_number(date: NaiveDate) -> i64 {
    i64::from(date.year()) * 12 + i64::from(date.month0())
}

/// The first day of the month numbered `n` (see [`month_number`]).
pub fn month_start(n: i64) -> Option<NaiveDate> {
    let year = i32::try_from(n.div_euclid(12)).ok()?;
    NaiveDate::from_ymd_opt(year, n.rem_euclid(12) as u32 + 1, 1)
}

/// PostgreSQL stores a date as days since 2000-01-01.
const PG_EPOCH_FROM_CE: i32 = 730_120;

/// The date PostgreSQL stores as `days` (since 2000-01-01), or `None` when
/// it lies outside chrono's range (about 262,000 years either way).
pub fn from_pg_days(days: i32) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(days.checked_add(PG_EPOCH_FROM_CE)?)
}

/// `date` as PostgreSQL's day number (days since 2000-01-01).
pub fn to_pg_days(date: NaiveDate) -> i32 {
    date.num_days_from_ce() - PG_EPOCH_FROM_CE
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn pg_day_numbers() {
        assert_eq!(to_pg_days(d(2000, 1, 1)), 0);
        assert_eq!(to_pg_days(d(1970, 1, 1)), -10_957);
        assert_eq!(from_pg_days(6_026), Some(d(2016, 7, 1)));
        assert_eq!(from_pg_days(i32::MAX), None);
    }

    #[test]
    fn months_clamp_like_postgres() {
        let c = Calendar::default();
        assert_eq!(c.period_end(Grain::Month, d(2016, 6, 1)), Some(d(2016, 6, 30)));
        assert_eq!(c.period_end(Grain::Month, d(2016, 2, 1)), Some(d(2016, 2, 29)));
        // '2016-01-31' + 1 month - 1 day in PostgreSQL.
        assert_eq!(c.period_end(Grain::Month, d(2016, 1, 31)), Some(d(2016, 2, 28)));
        assert_eq!(c.previous_period_start(Grain::Month, d(2016, 3, 31)), Some(d(2016, 2, 29)));
        assert_eq!(c.period_end(Grain::Week, d(2016, 6, 27)), Some(d(2016, 7, 3)));
        assert_eq!(c.previous_period_start(Grain::Week, d(2016, 6, 27)), Some(d(2016, 6, 20)));
    }

    #[test]
    fn fiscal_quarters_and_years() {
        let july = Calendar::new(7).unwrap();
        assert!(july.is_period_start(Grain::Year, d(2016, 7, 1)));
        assert!(!july.is_period_start(Grain::Year, d(2016, 1, 1)));
        assert!(july.is_period_start(Grain::Quarter, d(2016, 10, 1)));
        assert!(july.is_period_start(Grain::Quarter, d(2017, 1, 1)));
        assert!(!july.is_period_start(Grain::Quarter, d(2016, 8, 1)));
        assert_eq!(july.period_start(Grain::Year, d(2017, 3, 15)), Some(d(2016, 7, 1)));
        assert_eq!(july.period_start(Grain::Quarter, d(2017, 3, 15)), Some(d(2017, 1, 1)));
        assert_eq!(july.period_end(Grain::Year, d(2016, 7, 1)), Some(d(2017, 6, 30)));
        assert_eq!(july.fiscal_year(d(2016, 7, 1)), 2017);
        assert_eq!(july.fiscal_year(d(2016, 6, 30)), 2016);
        assert_eq!(Calendar::default().fiscal_year(d(2016, 12, 31)), 2016);
        let cal = Calendar::default();
        assert_eq!(cal.period_start(Grain::Quarter, d(2016, 6, 30)), Some(d(2016, 4, 1)));
        assert_eq!(cal.period_start(Grain::Week, d(2016, 7, 3)), Some(d(2016, 6, 27)));
    }

    #[test]
    fn labels() {
        let cal = Calendar::default();
        assert_eq!(cal.label(Grain::Month, d(2016, 6, 1)), "Jun 2016");
        assert_eq!(cal.label(Grain::Month, d(2016, 6, 30)), "Jun 2016");
        assert_eq!(cal.label(Grain::Week, d(2016, 6, 27)), "2016-W26");
        // ISO weeks belong to the year of their Thursday.
        assert_eq!(cal.label(Grain::Week, d(2016, 1, 1)), "2015-W53");
        assert_eq!(cal.label(Grain::Week, d(2018, 12, 31)), "2019-W01");
        assert_eq!(cal.label(Grain::Quarter, d(2016, 4, 1)), "Q2 2016");
        assert_eq!(cal.label(Grain::Year, d(2016, 1, 1)), "2016");
        let july = Calendar::new(7).unwrap();
        assert_eq!(july.label(Grain::Quarter, d(2016, 4, 1)), "Q4 FY2016");
        assert_eq!(july.label(Grain::Quarter, d(2016, 7, 1)), "Q1 FY2017");
        assert_eq!(july.label(Grain::Year, d(2015, 7, 1)), "FY2016");
        assert_eq!(july.label(Grain::Month, d(2016, 7, 1)), "Jul 2016");
        assert_eq!(cal.label(Grain::Year, d(-44, 3, 15)), "-44");
    }

    #[test]
    fn fiscal_start_is_a_month() {
        assert!(Calendar::new(0).is_err());
        assert!(Calendar::new(13).is_err());
        assert_eq!(Calendar::new(-1).unwrap_err().message(), "a fiscal year starts in a month from 1 to 12, got -1");
    }

    #[test]
    fn grains_by_name() {
        for g in Grain::ALL {
            assert_eq!(Grain::parse(g.name()), Some(g));
        }
        assert_eq!(Grain::parse("day"), None);
        assert_eq!(Grain::parse("Month"), None);
    }

    fn arb_date() -> impl Strategy<Value = NaiveDate> {
        (-200_000i32..200_000).prop_map(|n| from_pg_days(n).unwrap())
    }

    proptest! {
        #[test]
        fn every_day_lies_in_exactly_one_period(date in arb_date(), fy in 1i32..=12) {
            let cal = Calendar::new(fy).unwrap();
            for g in Grain::ALL {
                let start = cal.period_start(g, date).unwrap();
                let end = cal.period_end(g, start).unwrap();
                prop_assert!(cal.is_period_start(g, start));
                prop_assert!(start <= date && date <= end);
                let next = cal.next_period_start(g, start).unwrap();
                prop_assert!(cal.is_period_start(g, next));
                prop_assert_eq!(cal.previous_period_start(g, next), Some(start));
                prop_assert_eq!(next.pred_opt(), Some(end));
                // One label per period: every day of it has the period's
                // label, and the next period has another.
                prop_assert_eq!(cal.label(g, date), cal.label(g, start));
                prop_assert_ne!(cal.label(g, next), cal.label(g, start));
            }
        }

        #[test]
        fn month_numbers_round_trip(date in arb_date()) {
            let n = month_number(date);
            prop_assert_eq!(month_start(n), date.with_day(1));
            prop_assert_eq!(month_number(month_start(n + 1).unwrap()), n + 1);
        }

        #[test]
        fn pg_days_round_trip(days in -2_000_000i32..2_000_000) {
            prop_assert_eq!(to_pg_days(from_pg_days(days).unwrap()), days);
        }
    }
}
