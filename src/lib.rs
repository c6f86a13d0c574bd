//! pg_scorecard: a health organisation's Balanced Scorecard and financial
//! tools inside PostgreSQL.
//!
//! * `scorecard_core` (crates/scorecard-core): the arithmetic, plain Rust,
//!   tested by `cargo test -p scorecard-core` without PostgreSQL.
//! * [`pg`]: the glue: exact numerics, dates, errors, aggregate states.
//! * One module per family ([`scorecard`], [`finance`], [`revenue`], [`card`],
//!   [`period`]): thin `#[pg_extern]` wrappers with their `CREATE AGGREGATE`,
//!   result types and comments beside them.
//! * `sql/<family>/`: hand-written tables, views and SQL functions.
//!
//! This file only orders the families' SQL: each `requires` names what a
//! file needs to exist before it runs.

use pgrx::prelude::*;

::pgrx::pg_module_magic!();

pub mod pg;

mod card;
mod finance;
mod period;
mod revenue;
mod scorecard;

extension_sql_file!("../sql/shared/bootstrap.sql", name = "bootstrap", bootstrap);
extension_sql_file!("../sql/shared/functions.sql", name = "shared_functions");
extension_sql_file!("../sql/shared/dimensions.sql", name = "dimensions", requires = ["shared_functions"]);
extension_sql_file!("../sql/shared/care.sql", name = "care", requires = ["dimensions"]);
extension_sql_file!(
    "../sql/scorecard/tables.sql",
    name = "scorecard_tables",
    requires = ["shared_functions", "period_functions", "dimensions"]
);
extension_sql_file!("../sql/revenue/tables.sql", name = "revenue_tables", requires = ["care"]);
extension_sql_file!("../sql/factories/tables.sql", name = "factories_tables", requires = ["dimensions"]);
extension_sql_file!(
    "../sql/scorecard/views.sql",
    name = "scorecard_views",
    requires = ["scorecard_tables", "scorecard_scalars", "composite"]
);
extension_sql_file!(
    "../sql/scorecard/cards.sql",
    name = "scorecard_cards",
    requires = ["scorecard_views", "period_functions"]
);
extension_sql_file!(
    "../sql/scorecard/measure_sources.sql",
    name = "scorecard_measure_sources",
    requires = ["scorecard_views"]
);
extension_sql_file!(
    "../sql/finance/projections.sql",
    name = "finance_projections",
    requires = ["finance_scalars", "cost_behavior", "cost_trend"]
);
extension_sql_file!(
    "../sql/finance/case_rates.sql",
    name = "finance_case_rates",
    requires = ["care", "case_rate_range"]
);
extension_sql_file!(
    "../sql/finance/measure_sources.sql",
    name = "finance_measure_sources",
    requires = ["care", "period_functions"]
);
extension_sql_file!(
    "../sql/revenue/reports.sql",
    name = "revenue_reports",
    requires = ["revenue_tables", "ar_aging", "aging_buckets_comment"]
);
extension_sql_file!("../sql/revenue/accrual.sql", name = "revenue_accrual", requires = ["revenue_tables"]);
extension_sql_file!(
    "../sql/revenue/history.sql",
    name = "revenue_history",
    requires = ["revenue_reports", "period_functions"]
);
extension_sql_file!(
    "../sql/revenue/kpis.sql",
    name = "revenue_kpis",
    requires = ["revenue_reports", "revenue_accrual", "finance_scalars"]
);
extension_sql_file!(
    "../sql/revenue/billing_controls.sql",
    name = "revenue_billing_controls",
    requires = ["revenue_tables", "revenue_reports"]
);
extension_sql_file!(
    "../sql/revenue/patient_access.sql",
    name = "revenue_patient_access",
    requires = ["revenue_tables"]
);
extension_sql_file!(
    "../sql/revenue/kpi_status.sql",
    name = "revenue_kpi_status",
    requires = ["revenue_kpis", "revenue_patient_access", "period_functions"]
);
extension_sql_file!(
    "../sql/revenue/measure_sources.sql",
    name = "revenue_measure_sources",
    requires = ["revenue_tables", "revenue_kpis"]
);
extension_sql_file!(
    "../sql/factories/views.sql",
    name = "factories_views",
    requires = [
        "factories_tables",
        "revenue_kpis",
        "finance_scalars",
        "finance_projections",
        "finance_case_rates",
        "mix_price",
        "cost_behavior",
        "value_of_service",
        "scorecard_scalars"
    ]
);
extension_sql_file!(
    "../sql/shared/access.sql",
    name = "access",
    requires = [
        "factories_views",
        "revenue_kpis",
        "finance_case_rates",
        "finance_measure_sources",
        "revenue_measure_sources",
        "revenue_billing_controls",
        "revenue_patient_access",
        "scorecard_measure_sources",
        "scorecard_cards",
        "revenue_history"
    ]
);
extension_sql_file!("../sql/shared/grants.sql", name = "grants", finalize);

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
