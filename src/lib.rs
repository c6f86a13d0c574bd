//! pg_scorecard: a health organisation's Balanced Scorecard and financial
//! tools inside PostgreSQL.
//!
//! * `core`: pure Rust arithmetic on `rust_decimal` (tested with `#[test]`).
//! * `pg`: the glue: exact numeric conversion, errors, aggregate states.
//! * `*_sql` modules: thin `#[pg_extern]` wrappers, one per family.
//! * `sql/`: hand-written tables, aggregates and views, included below in
//!   dependency order.

use pgrx::prelude::*;

::pgrx::pg_module_magic!();

pub mod core;
pub mod pg;
mod scorecard_sql;

mod finance_sql;
mod revenue_sql;

// Hand-written SQL, in dependency order: tables and result types first (the
// Rust functions returning those types require "*_types"), then the objects
// built over the Rust functions, and the grants of the read-only role last.
extension_sql_file!("../sql/tables.sql", name = "tables");
extension_sql_file!("../sql/care_tables.sql", name = "care_tables", requires = ["tables"]);
extension_sql_file!("../sql/finance_types.sql", name = "finance_types", requires = ["care_tables"]);
extension_sql_file!("../sql/revenue_tables.sql", name = "revenue_tables", requires = ["care_tables"]);
extension_sql_file!("../sql/revenue_types.sql", name = "revenue_types", requires = ["revenue_tables"]);
extension_sql_file!("../sql/factories_tables.sql", name = "factories_tables", requires = ["care_tables"]);
extension_sql_file!(
    "../sql/scorecard_functions.sql",
    name = "scorecard_functions",
    requires = [
        "tables",
        scorecard_sql::scorecard::balance,
        scorecard_sql::scorecard::needs_deep_dive,
        scorecard_sql::scorecard::goal_score,
        scorecard_sql::scorecard::composite_trans,
        scorecard_sql::scorecard::composite_trans_unweighted,
        scorecard_sql::scorecard::composite_combine,
        scorecard_sql::scorecard::composite_serialize,
        scorecard_sql::scorecard::composite_deserialize,
        scorecard_sql::scorecard::composite_final,
    ]
);
extension_sql_file!("../sql/views.sql", name = "views", requires = ["scorecard_functions"]);
extension_sql_file!(
    "../sql/revenue.sql",
    name = "revenue",
    requires = [
        "revenue_types",
        finance_sql::scorecard::days_in_ar,
        revenue_sql::scorecard::ar_aging_trans,
        revenue_sql::scorecard::ar_aging_trans_default_edges,
        revenue_sql::scorecard::ar_aging_combine,
        revenue_sql::scorecard::ar_aging_serialize,
        revenue_sql::scorecard::ar_aging_deserialize,
        revenue_sql::scorecard::ar_aging_final,
        revenue_sql::scorecard::aging_buckets,
    ]
);
extension_sql_file!(
    "../sql/finance.sql",
    name = "finance",
    requires = [
        "finance_types",
        "scorecard_functions",
        finance_sql::scorecard::solvency_gap,
        finance_sql::scorecard::break_even_units,
        finance_sql::scorecard::break_even_encounters,
        finance_sql::scorecard::break_even_revenue,
        finance_sql::scorecard::rate_setting_unit_cost,
        finance_sql::scorecard::days_in_ar,
        finance_sql::scorecard::forecast_cost,
        finance_sql::scorecard::case_rate_trans,
        finance_sql::scorecard::case_rate_trans_default_band,
        finance_sql::scorecard::case_rate_combine,
        finance_sql::scorecard::case_rate_serialize,
        finance_sql::scorecard::case_rate_deserialize,
        finance_sql::scorecard::case_rate_final,
        finance_sql::scorecard::mix_price_trans,
        finance_sql::scorecard::cost_behavior_trans,
        finance_sql::scorecard::cost_behavior_combine,
        finance_sql::scorecard::cost_behavior_serialize,
        finance_sql::scorecard::cost_behavior_deserialize,
        finance_sql::scorecard::cost_behavior_final,
        finance_sql::scorecard::cost_trend_trans,
        finance_sql::scorecard::cost_trend_combine,
        finance_sql::scorecard::cost_trend_serialize,
        finance_sql::scorecard::cost_trend_deserialize,
        finance_sql::scorecard::cost_trend_final,
        finance_sql::scorecard::value_of_service_trans,
        finance_sql::scorecard::value_of_service_combine,
        finance_sql::scorecard::value_of_service_serialize,
        finance_sql::scorecard::value_of_service_deserialize,
        finance_sql::scorecard::value_of_service_final,
    ]
);
extension_sql_file!(
    "../sql/factories.sql",
    name = "factories",
    requires = ["finance", "revenue", "factories_tables"]
);
extension_sql_file!("../sql/measure_sources.sql", name = "measure_sources", requires = ["views"]);
extension_sql_file!("../sql/grants.sql", name = "grants", finalize);

#[cfg(any(test, feature = "pg_test"))]
mod tests;

/// Required by `cargo pgrx test`.
#[cfg(test)]
pub mod pg_test {
    pub fn setup(_options: Vec<&str>) {}

    pub fn postgresql_conf_options() -> Vec<&'static str> {
        vec![]
    }
}
