-- The Director's weekly A/R reports as of one date: receivables aged by
-- payer (0-30, 31-60, 61-90, 91-120, over 120 days from the bill date),
-- the month's revenue-cycle KPIs, and the other four weekly reports for the
-- 7 days before as_of: billing edits and denials by error, write-offs by
-- reason, payments received but not posted, late entries, and self-pay
-- accounts more than 30 days overdue.
--
-- Usage:
--   psql -v as_of=2016-06-30 [-v basis=bill_date|service_date|due_date] [-v detail=off] -f reports/ar_weekly.sql
-- detail=off prints only the aging and the KPI line (as the main job does).

\if :{?as_of}
\else
\echo 'usage: psql -v as_of=YYYY-MM-DD [-v basis=bill_date] [-v detail=off] -f reports/ar_weekly.sql'
\quit
\endif
\if :{?basis}
\else
\set basis bill_date
\endif
\if :{?detail}
\else
\set detail on
\endif
\ir lib/format.sql
\pset null ''

\echo
\echo A/R aged by payer as of :as_of (age from :basis)
\echo ======================================================
SELECT "Payer", "Type", "0-30", "31-60", "61-90", "91-120", "Over 120", "Total", "Over 90"
  FROM (SELECT 0 AS ord, payer_name AS "Payer", payer_type AS "Type",
               to_char(days_0_30, 'FM999,999,990') AS "0-30", to_char(days_31_60, 'FM999,999,990') AS "31-60",
               to_char(days_61_90, 'FM999,999,990') AS "61-90", to_char(days_91_120, 'FM999,999,990') AS "91-120",
               to_char(days_over_120, 'FM999,999,990') AS "Over 120", to_char(total, 'FM999,999,990') AS "Total",
               to_char(over_90_share * 100, 'FM990.0') || '%' AS "Over 90", total AS sort_total
          FROM scorecard.ar_aging_by_payer_as_of(:'as_of', :'basis')
        UNION ALL
        SELECT 1, 'All payers', '',
               to_char(sum(days_0_30), 'FM999,999,990'), to_char(sum(days_31_60), 'FM999,999,990'),
               to_char(sum(days_61_90), 'FM999,999,990'), to_char(sum(days_91_120), 'FM999,999,990'),
               to_char(sum(days_over_120), 'FM999,999,990'), to_char(sum(total), 'FM999,999,990'),
               to_char((sum(days_91_120) + sum(days_over_120)) / NULLIF(sum(total), 0) * 100, 'FM990.0') || '%', 0
          FROM scorecard.ar_aging_by_payer_as_of(:'as_of', :'basis')) AS r
 ORDER BY ord, sort_total DESC, "Payer";

\echo Revenue-cycle KPIs for the month of :as_of
SELECT to_char(k.net_days_in_ar, 'FM990.0')                        AS "Net days in A/R",
       to_char(k.ar_over_90_share * 100, 'FM990.0') || '%'         AS "A/R > 90 days",
       to_char(k.initial_denial_rate * 100, 'FM990.0') || '%'      AS "Initial denials",
       to_char(k.clean_claim_rate * 100, 'FM990.0') || '%'         AS "Clean claims",
       to_char(k.cash_collected_share * 100, 'FM990.0') || '%'     AS "Cash / net revenue",
       k.suspended_claims                                          AS "Suspended claims",
       to_char(k.unreconciled_72h_share * 100, 'FM990.0') || '%'   AS "Not reconciled in 72h"
  FROM scorecard.revenue_cycle_kpis_for(date_trunc('month', :'as_of'::date)::date, :'as_of'::date) AS k;

\if :detail
\echo A/R over 90 days by payer type
SELECT payer_type AS "Payer type", to_char(billed_ar, 'FM999,999,990') AS "Billed A/R",
       to_char(ar_over_90, 'FM999,999,990') AS "Over 90 days", to_char(over_90_share * 100, 'FM990.0') || '%' AS "Share"
  FROM scorecard.ar_over_90_by_payer_type_as_of(:'as_of');

\echo Billing edits and claims denials by error (7 days to :as_of)
SELECT kind AS "Kind", reason AS "Error", claims AS "Claims", to_char(amount, 'FM999,999,990.00') AS "Amount",
       to_char(share_of_claims * 100, 'FM990.0') || '%' AS "Share"
  FROM scorecard.claim_errors_between(:'as_of'::date - 6, :'as_of'::date + 1);

\echo Write-offs by reason (7 days to :as_of)
SELECT kind AS "Kind", reason AS "Reason", adjustments AS "Write-offs", to_char(amount, 'FM999,999,990.00') AS "Amount"
  FROM scorecard.write_offs_between(:'as_of'::date - 6, :'as_of'::date + 1);

\echo Payments received but not posted
SELECT payment_id AS "Payment", payer_name AS "Payer", claim_id AS "Claim", received_on AS "Received",
       to_char(amount, 'FM999,999,990.00') AS "Amount", days_waiting AS "Days waiting"
  FROM scorecard.unposted_payments_as_of(:'as_of');

\echo Late entries: services not documented within 24 hours (7 days to :as_of)
SELECT service_id AS "Service", service_date AS "Date", clinician_name AS "Clinician", service_line AS "Service line",
       CASE WHEN documented THEN to_char(hours_to_document, 'FM990.0') || ' h' ELSE 'not documented' END AS "Documented after"
  FROM scorecard.late_entries_between(:'as_of'::date - 6, :'as_of'::date + 1);

\echo Self-pay accounts more than 30 days overdue (20 most overdue)
SELECT beneficiary_id AS "Account", claim_id AS "Claim", due_date AS "Due", overdue_days AS "Days overdue",
       to_char(balance, 'FM999,999,990.00') AS "Balance"
  FROM scorecard.self_pay_delinquency_as_of(:'as_of') LIMIT 20;
\endif
\ir lib/done.sql
