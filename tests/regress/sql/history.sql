-- template: bch
-- The weekly reports as dated history (sql/revenue/history.sql), on the
-- BCH sample (billing July 2015 - June 2016, closed on 30 June 2016). The
-- oracle is each report's as-of function, checked by hand in the revenue
-- and reports suites: every period end of the history must equal it.
SET datestyle = 'ISO';
SET scorecard.today = '2016-06-30';

-- A/R aging at every month end and every week end, on each basis and with
-- other buckets, equals scorecard.ar_aging_by_payer_long_as_of at that
-- date (non-zero amounts; rows missing on either side are counted).
CREATE TEMPORARY TABLE cases AS
SELECT g.grain, b.basis, e.edges
  FROM (VALUES ('month'), ('week')) AS g(grain),
       (VALUES ('bill_date'), ('service_date'), ('due_date')) AS b(basis),
       (VALUES ('{30,60,90,120}'::integer[]), ('{0,45,365}'::integer[])) AS e(edges);
SELECT c.grain, c.basis, c.edges,
       (SELECT count(DISTINCT h.as_of_date) FROM scorecard.ar_aging_period_ends(c.grain, c.basis, c.edges) h) AS dates,
       (SELECT count(*) FROM scorecard.ar_aging_period_ends(c.grain, c.basis, c.edges) h WHERE h.amount <> 0) AS rows,
       (SELECT count(*)
          FROM ((SELECT h.as_of_date, h.payer_id, h.bucket, h.amount
                   FROM scorecard.ar_aging_period_ends(c.grain, c.basis, c.edges) h WHERE h.amount <> 0
                 EXCEPT ALL
                 SELECT d.as_of_date, l.payer_id, l.bucket, l.amount
                   FROM (SELECT DISTINCT h.as_of_date FROM scorecard.ar_aging_period_ends(c.grain, c.basis, c.edges) h) d
                  CROSS JOIN LATERAL scorecard.ar_aging_by_payer_long_as_of(d.as_of_date, c.basis, c.edges) l
                  WHERE l.amount <> 0)
                UNION ALL
                (SELECT d.as_of_date, l.payer_id, l.bucket, l.amount
                   FROM (SELECT DISTINCT h.as_of_date FROM scorecard.ar_aging_period_ends(c.grain, c.basis, c.edges) h) d
                  CROSS JOIN LATERAL scorecard.ar_aging_by_payer_long_as_of(d.as_of_date, c.basis, c.edges) l
                  WHERE l.amount <> 0
                 EXCEPT ALL
                 SELECT h.as_of_date, h.payer_id, h.bucket, h.amount
                   FROM scorecard.ar_aging_period_ends(c.grain, c.basis, c.edges) h WHERE h.amount <> 0)) AS x) AS differing
  FROM cases c
 ORDER BY 1, 2, 3;
-- The dates: every month end from the first billing (July 2015) to the
-- close, which is a month end; every Sunday and then the close itself,
-- a Thursday, for the week under way.
SELECT min(as_of_date), max(as_of_date), count(DISTINCT as_of_date) AS dates,
       bool_and(as_of_date = (date_trunc('month', as_of_date) + interval '1 month - 1 day')::date) AS all_month_ends
  FROM scorecard.ar_aging_by_payer_monthly;
SELECT as_of_date, period_label, is_period_end, sum(amount) AS open_ar
  FROM scorecard.ar_aging_by_payer_weekly
 WHERE as_of_date >= DATE '2016-06-12'
 GROUP BY 1, 2, 3 ORDER BY 1;

-- The close as the dashboard shows it: one row per payer and bucket, the
-- payers in order of open A/R (the same figures as the as-of-today view).
SELECT payer_sort_order AS n, payer_id, payer_type, sum(amount) AS open_ar,
       sum(amount) FILTER (WHERE bucket >= 4) AS over_90
  FROM scorecard.ar_aging_by_payer_monthly
 WHERE as_of_date = DATE '2016-06-30'
 GROUP BY 1, 2, 3 ORDER BY 1;
SELECT (SELECT sum(total) FROM scorecard.ar_aging_by_payer) AS as_of_today,
       (SELECT sum(amount) FROM scorecard.ar_aging_by_payer_monthly WHERE as_of_date = DATE '2016-06-30') AS history;
-- The A/R trend a chart draws from it: the last four month ends.
SELECT period_label, sum(amount) AS open_ar, round(sum(amount) FILTER (WHERE bucket >= 4) / sum(amount), 4) AS over_90_share
  FROM scorecard.ar_aging_by_payer_monthly
 WHERE period_start >= DATE '2016-03-01'
 GROUP BY period_start, period_label ORDER BY period_start;

-- Back-dated: with scorecard.today on 15 March 2016 the history stops
-- there (postings after it are not known) and 15 March is the month under
-- way, equal to the as-of function on that day.
SET scorecard.today = '2016-03-15';
SELECT max(as_of_date) AS last_date, bool_or(NOT is_period_end) AS has_month_under_way,
       sum(amount) FILTER (WHERE as_of_date = DATE '2016-03-15')
         = (SELECT sum(l.amount) FROM scorecard.ar_aging_by_payer_long_as_of(DATE '2016-03-15') l) AS equals_as_of
  FROM scorecard.ar_aging_by_payer_monthly;
SET scorecard.today = '2016-06-30';

-- Claim errors and write-offs per week equal the reports' functions week
-- by week (the week under way up to today: claims of the last days'
-- services are created after the close); unposted payments at every
-- month end equal the as-of function.
WITH weeks AS (
    SELECT g.t::date AS week_start FROM generate_series(DATE '2015-06-29', DATE '2016-06-27', interval '7 days') AS g(t)
), by_function AS (
    SELECT w.week_start, e.kind, e.reason, e.claims, e.amount, e.share_of_claims, e.share_of_amount
      FROM weeks w CROSS JOIN LATERAL scorecard.claim_errors_between(w.week_start, least(w.week_start + 7, DATE '2016-07-01')) e
), by_view AS (
    SELECT week_start, kind, reason, claims, amount, share_of_claims, share_of_amount FROM scorecard.claim_errors_weekly
)
SELECT (SELECT count(DISTINCT week_start) FROM by_view) AS weeks, (SELECT count(*) FROM by_view) AS error_rows,
       (SELECT count(*) FROM (SELECT * FROM by_view EXCEPT ALL SELECT * FROM by_function) a)
       + (SELECT count(*) FROM (SELECT * FROM by_function EXCEPT ALL SELECT * FROM by_view) b) AS differing;
WITH weeks AS (
    SELECT g.t::date AS week_start FROM generate_series(DATE '2015-06-29', DATE '2016-06-27', interval '7 days') AS g(t)
), by_function AS (
    SELECT w.week_start, e.kind, e.reason, e.adjustments, e.amount, e.share_of_amount
      FROM weeks w CROSS JOIN LATERAL scorecard.write_offs_between(w.week_start, least(w.week_start + 7, DATE '2016-07-01')) e
), by_view AS (
    SELECT week_start, kind, reason, adjustments, amount, share_of_amount FROM scorecard.write_offs_weekly
)
SELECT (SELECT count(DISTINCT week_start) FROM by_view) AS weeks, (SELECT count(*) FROM by_view) AS write_off_rows,
       (SELECT count(*) FROM (SELECT * FROM by_view EXCEPT ALL SELECT * FROM by_function) a)
       + (SELECT count(*) FROM (SELECT * FROM by_function EXCEPT ALL SELECT * FROM by_view) b) AS differing;
SELECT count(*) AS month_ends_with_waiting_payments,
       count(*) FILTER (WHERE (u.payments, u.amount) IS DISTINCT FROM (f.payments, f.amount)) AS differing
  FROM scorecard.unposted_payments_monthly u
  JOIN LATERAL (SELECT count(*) AS payments, sum(x.amount) AS amount
                  FROM scorecard.unposted_payments_as_of(u.as_of_date) x WHERE x.payer_id = u.payer_id) f ON true;
SELECT (SELECT count(*) FROM generate_series(DATE '2015-07-31', DATE '2016-06-30', interval '1 month') g(t)
         CROSS JOIN LATERAL scorecard.unposted_payments_as_of((date_trunc('month', g.t) + interval '1 month - 1 day')::date)) AS by_function,
       (SELECT sum(payments) FROM scorecard.unposted_payments_monthly) AS monthly;
SELECT as_of_date, period_label, sum(payments) AS payments, sum(amount) AS amount
  FROM scorecard.unposted_payments_monthly
 WHERE as_of_date >= DATE '2016-04-01'
 GROUP BY 1, 2 ORDER BY 1;

-- Report 5 as history: the self-pay balance more than 30 days past due at
-- every month end equals what self_pay_delinquency_as_of lists then, per
-- payer; and the buckets split it by days overdue.
SELECT count(*) AS payer_month_ends,
       count(*) FILTER (WHERE d.amount IS DISTINCT FROM f.amount) AS differing
  FROM (SELECT as_of_date, payer_id, sum(amount) AS amount
          FROM scorecard.self_pay_delinquency_monthly GROUP BY 1, 2) d
  FULL JOIN (SELECT e.as_of_date, x.payer_id, sum(x.balance) AS amount
               FROM (SELECT DISTINCT as_of_date FROM scorecard.self_pay_delinquency_monthly) e
              CROSS JOIN LATERAL scorecard.self_pay_delinquency_as_of(e.as_of_date, 30) x
              GROUP BY 1, 2) f
    ON f.as_of_date = d.as_of_date AND f.payer_id = d.payer_id
 WHERE coalesce(d.amount, 0) <> 0 OR f.amount IS NOT NULL;
SELECT period_label, payer_name, overdue_bucket, overdue_label, amount
  FROM scorecard.self_pay_delinquency_monthly
 WHERE as_of_date = DATE '2016-06-30'
 ORDER BY payer_name, overdue_bucket;

-- Bad arguments are refused before any work (22023).
\set SHOW_CONTEXT never
SELECT * FROM scorecard.ar_aging_period_ends('quarter');
SELECT * FROM scorecard.ar_aging_period_ends('month', 'discharge_date');
SELECT * FROM scorecard.ar_aging_period_ends('month', 'bill_date', '{60,30}');

-- is_latest marks the rows of one date, the latest: a dashboard's filter
-- for the current aging; their total is the as-of function's on that date.
SET scorecard.today = '2016-06-30';
SELECT (SELECT array_agg(DISTINCT as_of_date) FROM scorecard.ar_aging_by_payer_monthly WHERE is_latest) AS monthly_latest,
       (SELECT array_agg(DISTINCT as_of_date) FROM scorecard.ar_aging_by_payer_weekly WHERE is_latest) AS weekly_latest,
       (SELECT sum(amount) FROM scorecard.ar_aging_by_payer_monthly WHERE is_latest)
     = (SELECT sum(amount) FROM scorecard.ar_aging_by_payer_long_as_of(DATE '2016-06-30')) AS equals_as_of;
SET scorecard.today = '2016-06-15';
SELECT (SELECT array_agg(DISTINCT as_of_date) FROM scorecard.ar_aging_by_payer_monthly WHERE is_latest) AS monthly_latest,
       (SELECT bool_and(NOT is_period_end) FROM scorecard.ar_aging_by_payer_monthly WHERE is_latest) AS today_not_a_month_end;
RESET scorecard.today;
