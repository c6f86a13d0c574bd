-- Service-line (focused factory) profit and loss for one month: revenue,
-- denials, net revenue, direct and allocated cost, margin, the reserve
-- contribution and the solvency gap of each line, with the organisation's
-- total. Every service of a patient counts for the patient's own line;
-- indirect cost and reserve are shared by direct cost, to the cent.
--
-- Usage:  psql -v period=2016-06-01 -f reports/service_line_pnl.sql

\if :{?period}
\else
\echo 'usage: psql -v period=YYYY-MM-01 -f reports/service_line_pnl.sql'
\quit
\endif
\ir lib/format.sql

\echo
\echo Service-line P&L for the month starting :period
\echo ======================================================
SELECT "Service line", "Patients", "Net revenue", "Direct cost", "Indirect", "Margin", "Reserve", "Solvency gap"
  FROM (SELECT 0 AS ord, service_line AS "Service line", patients AS "Patients",
               to_char(net_revenue, 'FM999,999,990') AS "Net revenue",
               to_char(direct_variable_cost + direct_fixed_cost, 'FM999,999,990') AS "Direct cost",
               to_char(allocated_indirect_cost, 'FM999,999,990') AS "Indirect",
               to_char(margin, 'FM999,999,990') AS "Margin",
               to_char(reserve_contribution, 'FM999,999,990') AS "Reserve",
               to_char(solvency_gap, 'FM999,999,990') AS "Solvency gap", solvency_gap AS sort
          FROM scorecard.service_line_pnl WHERE period_start = :'period'
        UNION ALL
        SELECT 1, 'Organisation', NULL, to_char(sum(net_revenue), 'FM999,999,990'),
               to_char(sum(direct_variable_cost + direct_fixed_cost), 'FM999,999,990'),
               to_char(sum(allocated_indirect_cost), 'FM999,999,990'), to_char(sum(margin), 'FM999,999,990'),
               to_char(sum(reserve_contribution), 'FM999,999,990'), to_char(sum(solvency_gap), 'FM999,999,990'), 0
          FROM scorecard.service_line_pnl WHERE period_start = :'period') AS p
 ORDER BY ord, sort;
\ir lib/done.sql
