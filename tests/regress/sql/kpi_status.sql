-- template: bch
-- The revenue-cycle KPIs in long form against their targets
-- (scorecard.revenue_cycle_kpi_status), on the BCH sample. The values are
-- those of scorecard.revenue_cycle_kpis and scorecard.patient_access
-- (checked by hand in the accrual and billing suites); what is tested here
-- is the shape, the targets in force and the status rules.
SET datestyle = 'ISO';

-- The long view holds exactly the wide views' values, rounded for display:
-- shares to 4 places, days to 1, every month and KPI.
SELECT count(*) AS rows, count(DISTINCT kpi) AS kpis,
       bool_and(s.value IS NOT DISTINCT FROM round(w.value, CASE s.unit WHEN 'share' THEN 4 ELSE 1 END)) AS values_agree
  FROM scorecard.revenue_cycle_kpi_status s
  JOIN (SELECT k.period_start, x.kpi, x.value
          FROM scorecard.revenue_cycle_kpis k
         CROSS JOIN LATERAL (VALUES ('net_days_in_ar', k.net_days_in_ar), ('ar_over_90_share', k.ar_over_90_share),
                                    ('initial_denial_rate', k.initial_denial_rate), ('clean_claim_rate', k.clean_claim_rate),
                                    ('cash_collected_share', k.cash_collected_share),
                                    ('denial_write_off_share', k.denial_write_off_share),
                                    ('bad_debt_charity_share', k.bad_debt_charity_share), ('days_in_dnfb', k.days_in_dnfb),
                                    ('days_in_fbns', k.days_in_fbns), ('point_of_service_share', k.point_of_service_share),
                                    ('unreconciled_72h_share', k.unreconciled_72h_share)) AS x(kpi, value)
        UNION ALL
        SELECT a.period_start, x.kpi, x.value
          FROM scorecard.patient_access a
         CROSS JOIN LATERAL (VALUES ('insurance_verification_rate', a.verification_rate),
                                    ('service_authorization_rate', a.authorization_rate)) AS x(kpi, value)) AS w
    USING (period_start, kpi);

-- June 2016 against the default targets (today is long after 2016: every
-- month is complete). By hand: net days 56.8 > 50, A/R > 90 0.1203 <=
-- 0.20 (on target), initial denials 0.0760 > 0.05, clean claims 0.8739 <
-- 0.90, cash 0.9237 < 1, denial write-offs 0.0155 <= 0.02 (on target),
-- DNFB 0.1 <= 5 (on target), FBNS 0.7 <= 2 (on target), verification
-- 0.9061 < 0.95, authorization 0.9530 >= 0.95 (on target), late
-- reconciliation 0.2018 > 0 (every June payment judged, as of today;
-- 0.1900 as of the 30 June close); bad debt and charity, point of service:
-- no default target.
SELECT kpi, period_label, value, unit, higher_is_better, target, status, status_color, is_complete, is_latest_complete
  FROM scorecard.revenue_cycle_kpi_status WHERE period_start = DATE '2016-06-01' ORDER BY sort_order;

-- A close on 30 June: June is not yet complete (it ended less than 3 days
-- before), so it shows 'not yet complete' whatever its value, and May is
-- each KPI's latest complete month.
SET scorecard.today = '2016-06-30';
SELECT period_start, count(*) AS kpis, min(status) = max(status) AND min(status) = 'not yet complete' AS all_not_yet,
       bool_or(is_latest_complete) AS any_latest
  FROM scorecard.revenue_cycle_kpi_status WHERE period_start >= DATE '2016-05-01' AND status <> 'no value'
   AND target IS NOT NULL
 GROUP BY period_start ORDER BY period_start;
SELECT kpi, period_start FROM scorecard.revenue_cycle_kpi_status WHERE is_latest_complete AND kpi IN ('net_days_in_ar', 'clean_claim_rate') ORDER BY kpi;
RESET scorecard.today;

-- The organisation's own targets, from a month on: net days 60 from June
-- (June 56.8 <= 60: on target; May keeps the default 50: 57.1 is off
-- target), no target for late reconciliation from April, a clean claim
-- floor of 0.85 from January (June 0.8739 >= 0.85: on target).
INSERT INTO scorecard.kpi_target (kpi, effective_from, target, note) VALUES
    ('net_days_in_ar', '2016-06-01', 60, 'county contract terms'),
    ('unreconciled_72h_share', '2016-04-01', NULL, 'not tracked'),
    ('clean_claim_rate', '2016-01-01', 0.85, NULL);
SELECT kpi, period_start, value, target, status
  FROM scorecard.revenue_cycle_kpi_status
 WHERE kpi IN ('net_days_in_ar', 'unreconciled_72h_share', 'clean_claim_rate')
   AND period_start IN (DATE '2016-03-01', DATE '2016-05-01', DATE '2016-06-01')
 ORDER BY kpi, period_start;

-- Bad targets, each refused and nothing written: an unknown KPI, a share
-- above 1, a negative, NaN or infinite target, a month that does not start
-- on its first day, an infinite month, a second target for the same month.
SELECT public.sqlerr($$INSERT INTO scorecard.kpi_target (kpi, effective_from, target) VALUES ('net_days', '2016-06-01', 40)$$);
SELECT public.sqlerr($$INSERT INTO scorecard.kpi_target (kpi, effective_from, target) VALUES ('clean_claim_rate', '2016-07-01', 95)$$);
SELECT public.sqlerr($$INSERT INTO scorecard.kpi_target (kpi, effective_from, target) VALUES ('days_in_dnfb', '2016-07-01', -1)$$);
SELECT public.sqlerr($$INSERT INTO scorecard.kpi_target (kpi, effective_from, target) VALUES ('days_in_dnfb', '2016-07-01', 'NaN')$$);
SELECT public.sqlerr($$INSERT INTO scorecard.kpi_target (kpi, effective_from, target) VALUES ('days_in_dnfb', '2016-07-01', 'Infinity')$$);
SELECT public.sqlerr($$INSERT INTO scorecard.kpi_target (kpi, effective_from, target) VALUES ('days_in_dnfb', '2016-07-15', 4)$$);
SELECT public.sqlerr($$INSERT INTO scorecard.kpi_target (kpi, effective_from, target) VALUES ('days_in_dnfb', 'infinity', 4)$$);
SELECT public.sqlerr($$INSERT INTO scorecard.kpi_target (kpi, effective_from, target) VALUES ('net_days_in_ar', '2016-06-01', 40)$$);
SELECT public.sqlerr($$UPDATE scorecard.kpi_target SET kpi = 'nope' WHERE kpi = 'clean_claim_rate'$$);
SELECT count(*) AS targets FROM scorecard.kpi_target;

-- The definitions a dashboard lists.
SELECT kpi, kpi_label, unit, higher_is_better, default_target FROM scorecard.kpi_definitions ORDER BY sort_order;
