//! `scorecard.scorecard_json` and `scorecard.scorecard_svg`: a unit's
//! scorecard for one period as a document and as a picture. This module
//! only reads the score views (as the caller: row-level security and
//! privileges apply) into `scorecard_core::card::Card`; serialising and
//! drawing are in the core. Every query is a constant with bound
//! parameters and schema-qualified names, and the functions run with
//! `search_path = pg_catalog, pg_temp`, so neither stored text nor the
//! caller's search_path can change what they run.

use pgrx::datum::DatumWithOid;
use pgrx::pg_sys::panic::ErrorReport;
use pgrx::prelude::*;
use pgrx::spi::{SpiClient, SpiResult, SpiTupleTable};
use rust_decimal::Decimal;
use scorecard_core::card::{Card, Commentary, Discipline, Initiative, Measure, TrendPoint};

use crate::pg::numeric::Exact;

/// How many periods the trends show, this one included.
const TREND_PERIODS: i32 = 12;

fn invalid(message: String, hint: &str) -> ! {
    ErrorReport::new(PgSqlErrorCode::ERRCODE_INVALID_PARAMETER_VALUE, message, "pg_scorecard")
        .set_hint(hint)
        .report(PgLogLevel::ERROR);
    unreachable!("ERROR does not return")
}

/// An SPI failure is a bug in the queries below, never the caller's: raise
/// it as an internal error rather than panic.
fn spi<T>(r: SpiResult<T>) -> T {
    r.unwrap_or_else(|e| {
        ErrorReport::new(
            PgSqlErrorCode::ERRCODE_INTERNAL_ERROR,
            format!("a scorecard card query failed: {e}"),
            "pg_scorecard",
        )
        .report(PgLogLevel::ERROR);
        unreachable!("ERROR does not return")
    })
}

fn text(row: &pgrx::spi::SpiHeapTupleData, i: usize) -> Option<String> {
    spi(row.get::<String>(i))
}

fn number(row: &pgrx::spi::SpiHeapTupleData, i: usize) -> Option<Decimal> {
    spi(row.get::<Exact>(i)).map(|e| e.0)
}

fn flag(row: &pgrx::spi::SpiHeapTupleData, i: usize) -> bool {
    spi(row.get::<bool>(i)).unwrap_or(false)
}

fn select<'c>(client: &SpiClient<'c>, sql: &str, args: &[DatumWithOid]) -> SpiTupleTable<'c> {
    spi(client.select(sql, None, args))
}

const UNIT: &str = "
SELECT u.name, (SELECT r.name FROM scorecard.org_unit r WHERE r.name = scorecard.root_unit()),
       scorecard.period_start($2, $1, scorecard.fiscal_year_start()) = $1,
       scorecard.period_label($2, $1, scorecard.fiscal_year_start())
  FROM scorecard.org_unit u
 WHERE u.name = coalesce($3, scorecard.root_unit())";

const ORGANIZATION: &str = "
SELECT o.balance, o.status, o.status_label, o.status_color, o.deep_dives
  FROM scorecard.organization_scores o
 WHERE o.org_unit = $3 AND o.period_grain = $2 AND o.period_start = $1";

const DISCIPLINES: &str = "
SELECT d.discipline, d.target, d.actual, d.balance, d.status, d.status_label, d.status_color, d.needs_deep_dive
  FROM scorecard.discipline_scores d
 WHERE d.org_unit = $3 AND d.period_grain = $2 AND d.period_start = $1
 ORDER BY d.sort_order, d.discipline";

const MEASURES: &str = "
SELECT m.discipline, m.measure, m.objective, m.unit, m.higher_is_better, m.target, m.actual, m.balance,
       m.status, m.status_label, m.status_color, m.needs_deep_dive
  FROM scorecard.measure_scores m
 WHERE m.org_unit = $3 AND m.period_grain = $2 AND m.period_start = $1
 ORDER BY m.discipline, m.objective, m.measure";

const COMMENTARY: &str = "
SELECT coalesce(m.discipline, c.discipline), m.name, c.analysis, c.recommendation, c.author,
       pg_catalog.to_char(c.written_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')
  FROM scorecard.commentary c
  LEFT JOIN scorecard.measure m ON m.measure_id = c.measure_id
 WHERE c.period_grain = $2 AND c.period_start = $1
   AND CASE WHEN c.measure_id IS NULL THEN c.org_unit = $3 ELSE m.org_unit = $3 END
 ORDER BY c.written_at, c.commentary_id";

const INITIATIVES: &str = "
SELECT coalesce(m.discipline, i.discipline), i.name, m.name, coalesce(i.objective, m.objective), i.owner_name, i.status,
       pg_catalog.to_char(i.due_on, 'YYYY-MM-DD'), i.percent_complete
  FROM scorecard.initiative i
  LEFT JOIN scorecard.measure m ON m.measure_id = i.measure_id
 WHERE i.status IN ('planned', 'in progress')
   AND (m.org_unit = $3 OR i.measure_id IS NULL)
   AND i.starts_on <= scorecard.period_end($2, $1)
 ORDER BY i.due_on, i.name";

/// The periods of the trend: the last TREND_PERIODS of the grain up to
/// this one (by the calendar, whether or not they reported).
const TREND: &str = "
WITH periods AS (
    SELECT p.period_start
      FROM pg_catalog.generate_series(0, $4 - 1) AS k(n)
     CROSS JOIN LATERAL (SELECT CASE $2 WHEN 'week' THEN $1 - 7 * k.n
                                        ELSE ($1 - pg_catalog.make_interval(months => k.n * CASE $2 WHEN 'month' THEN 1
                                                                                              WHEN 'quarter' THEN 3 ELSE 12 END))::date
                                END AS period_start) AS p
)
SELECT NULL::text, pg_catalog.to_char(p.period_start, 'YYYY-MM-DD'),
       scorecard.period_label($2, p.period_start, scorecard.fiscal_year_start()), o.balance
  FROM periods p
  LEFT JOIN scorecard.organization_scores o ON o.org_unit = $3 AND o.period_grain = $2 AND o.period_start = p.period_start
UNION ALL
SELECT d.name, pg_catalog.to_char(p.period_start, 'YYYY-MM-DD'),
       scorecard.period_label($2, p.period_start, scorecard.fiscal_year_start()), s.balance
  FROM periods p
 CROSS JOIN scorecard.discipline d
  LEFT JOIN scorecard.discipline_scores s
    ON s.org_unit = $3 AND s.period_grain = $2 AND s.period_start = p.period_start AND s.discipline = d.name
ORDER BY 1 NULLS FIRST, 2";

fn load(period_start: Date, grain: &str, unit: Option<&str>) -> Card {
    if !matches!(grain, "month" | "week" | "quarter" | "year") {
        invalid(format!("unknown grain {grain:?}"), "Use 'month', 'week', 'quarter' or 'year'.");
    }
    if !period_start.is_finite() {
        invalid(
            "a scorecard period cannot start at infinity".into(),
            "Give the first day of the period, e.g. '2016-06-01'.",
        );
    }
    Spi::connect(|client| {
        let mut head = select(client, UNIT, &[period_start.into(), grain.into(), unit.into()]);
        let Some(row) = head.next() else {
            invalid(
                format!("no org unit {:?}", unit.unwrap_or_default()),
                "Name a unit of scorecard.org_unit, or leave unit NULL for the organisation.",
            );
        };
        let org_unit = text(&row, 1).unwrap_or_default();
        let organization = text(&row, 2).unwrap_or_else(|| org_unit.clone());
        if !flag(&row, 3) {
            invalid(
                format!("{period_start} does not start a {grain}"),
                "Give the first day of the period: the 1st of a month, a Monday for a week, the 1st of a fiscal quarter or year.",
            );
        }
        let period_label = text(&row, 4).unwrap_or_default();
        let args = || -> [DatumWithOid; 3] { [period_start.into(), grain.into(), org_unit.as_str().into()] };

        let mut card = Card {
            organization,
            org_unit: org_unit.clone(),
            period_grain: grain.to_string(),
            period_start: period_start.to_string(),
            period_label,
            balance: None,
            status: "missing".into(),
            status_label: "Missing".into(),
            status_color: "#9e9e9e".into(),
            deep_dives: 0,
            disciplines: Vec::new(),
            trend: Vec::new(),
        };
        if let Some(row) = select(client, ORGANIZATION, &args()).next() {
            card.balance = number(&row, 1);
            card.status = text(&row, 2).unwrap_or_default();
            card.status_label = text(&row, 3).unwrap_or_default();
            card.status_color = text(&row, 4).unwrap_or_default();
            card.deep_dives = spi(row.get::<i32>(5)).unwrap_or(0);
        }
        for row in select(client, DISCIPLINES, &args()) {
            card.disciplines.push(Discipline {
                name: text(&row, 1).unwrap_or_default(),
                target: number(&row, 2),
                actual: number(&row, 3),
                balance: number(&row, 4),
                status: text(&row, 5).unwrap_or_default(),
                status_label: text(&row, 6).unwrap_or_default(),
                status_color: text(&row, 7).unwrap_or_default(),
                deep_dive: flag(&row, 8),
                measures: Vec::new(),
                commentary: Vec::new(),
                initiatives: Vec::new(),
                trend: Vec::new(),
            });
        }
        let find = |name: Option<String>| -> Option<usize> {
            let name = name?;
            card.disciplines.iter().position(|d| d.name == name)
        };
        let mut measures = Vec::new();
        for row in select(client, MEASURES, &args()) {
            let at = find(text(&row, 1));
            measures.push((
                at,
                Measure {
                    name: text(&row, 2).unwrap_or_default(),
                    objective: text(&row, 3).unwrap_or_default(),
                    unit: text(&row, 4).unwrap_or_default(),
                    higher_is_better: flag(&row, 5),
                    target: number(&row, 6),
                    actual: number(&row, 7),
                    balance: number(&row, 8),
                    status: text(&row, 9).unwrap_or_default(),
                    status_label: text(&row, 10).unwrap_or_default(),
                    status_color: text(&row, 11).unwrap_or_default(),
                    deep_dive: flag(&row, 12),
                },
            ));
        }
        let mut commentary = Vec::new();
        for row in select(client, COMMENTARY, &args()) {
            let at = find(text(&row, 1));
            commentary.push((
                at,
                Commentary {
                    measure: text(&row, 2),
                    analysis: text(&row, 3).unwrap_or_default(),
                    recommendation: text(&row, 4),
                    author: text(&row, 5).unwrap_or_default(),
                    written_at: text(&row, 6).unwrap_or_default(),
                },
            ));
        }
        let mut initiatives = Vec::new();
        for row in select(client, INITIATIVES, &args()) {
            let at = find(text(&row, 1));
            initiatives.push((
                at,
                Initiative {
                    name: text(&row, 2).unwrap_or_default(),
                    measure: text(&row, 3),
                    objective: text(&row, 4),
                    owner: text(&row, 5),
                    status: text(&row, 6).unwrap_or_default(),
                    due_on: text(&row, 7).unwrap_or_default(),
                    percent_complete: number(&row, 8),
                },
            ));
        }
        let mut trends = Vec::new();
        let [a, b, c] = args();
        for row in select(client, TREND, &[a, b, c, TREND_PERIODS.into()]) {
            let owner = text(&row, 1);
            let at = find(owner.clone());
            trends.push((
                owner.is_none(),
                at,
                TrendPoint {
                    period_start: text(&row, 2).unwrap_or_default(),
                    period_label: text(&row, 3).unwrap_or_default(),
                    balance: number(&row, 4),
                },
            ));
        }
        // Discipline rows of disciplines the unit does not report on this
        // period have nowhere to go and are left out.
        for (at, m) in measures {
            if let Some(i) = at {
                card.disciplines[i].measures.push(m);
            }
        }
        for (at, c) in commentary {
            if let Some(i) = at {
                card.disciplines[i].commentary.push(c);
            }
        }
        for (at, x) in initiatives {
            if let Some(i) = at {
                card.disciplines[i].initiatives.push(x);
            }
        }
        for (organization, at, p) in trends {
            match (organization, at) {
                (true, _) => card.trend.push(p),
                (false, Some(i)) => card.disciplines[i].trend.push(p),
                (false, None) => {}
            }
        }
        card
    })
}

// NULL for a NULL period or grain; a NULL unit is the organisation's.
#[pg_extern(stable, parallel_safe)]
#[search_path(pg_catalog, pg_temp)]
fn scorecard_document(
    period_start: Option<Date>,
    grain: default!(Option<&str>, "'month'"),
    unit: default!(Option<&str>, "NULL"),
) -> Option<String> {
    Some(load(period_start?, grain?, unit).to_json())
}

#[pg_extern(stable, parallel_safe)]
#[search_path(pg_catalog, pg_temp)]
fn scorecard_svg(
    period_start: Option<Date>,
    grain: default!(Option<&str>, "'month'"),
    unit: default!(Option<&str>, "NULL"),
) -> Option<String> {
    Some(load(period_start?, grain?, unit).to_svg())
}

extension_sql!(
    r#"
CREATE FUNCTION scorecard.scorecard_json(period_start date, grain text DEFAULT 'month', unit text DEFAULT NULL)
RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT scorecard.scorecard_document(scorecard_json.period_start, scorecard_json.grain, scorecard_json.unit)::jsonb;
END;
COMMENT ON FUNCTION scorecard.scorecard_document(date, text, text) IS
    'A unit''s scorecard for one period as JSON text, keys in the card''s order (scorecard.scorecard_json gives it as jsonb): the organisation, unit, period and label, the single number with its status, and each discipline with Target, Actual, Balance, status, deep-dive flag, its measures, the period''s commentary, its open initiatives and its balance over the last 12 periods; figures are exact JSON numbers. Read as the caller (row-level security applies). ERROR 22023 for an unknown grain or unit, or a date that does not start a period of the grain.';
COMMENT ON FUNCTION scorecard.scorecard_json(date, text, text) IS
    'scorecard.scorecard_document as jsonb, for applications: SELECT scorecard.scorecard_json(''2016-06-01'') -> ''disciplines''.';
COMMENT ON FUNCTION scorecard.scorecard_svg(date, text, text) IS
    'A unit''s scorecard for one period as an SVG picture in the source''s layout: the four disciplines around the organisation''s number and R - CD = E + ARC, Target / Actual / Balance in status colours, the measures, and the balance trend of the organisation and of each discipline (small multiples, last 12 periods). psql -Atc "SELECT scorecard.scorecard_svg(''2016-06-01'')" > card.svg. Same errors as scorecard.scorecard_document.';
"#,
    name = "card_functions",
    requires = [scorecard_document, scorecard_svg, "scorecard_views", "scorecard_tables", "period_functions"]
);
