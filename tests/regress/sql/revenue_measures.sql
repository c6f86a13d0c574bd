-- template: bch
-- The revenue-cycle measure sources agree, month by month (summed over
-- their service lines), with the same KPIs in scorecard.revenue_cycle_kpis;
-- the sample puts two of them on Process at weight 0, so the source's June
-- 2016 headline is unchanged.
CREATE TEMPORARY VIEW by_month AS
SELECT 'clean' AS kpi, period_start, sum(numerator) AS numerator, sum(denominator) AS denominator FROM scorecard.revenue_clean_claims GROUP BY 2
UNION ALL
SELECT 'denials', period_start, sum(numerator), sum(denominator) FROM scorecard.revenue_initial_denials GROUP BY 2
UNION ALL
SELECT 'reconciled', period_start, sum(numerator), sum(denominator) FROM scorecard.revenue_reconciled_within_72h GROUP BY 2
UNION ALL
SELECT 'documented', period_start, sum(numerator), sum(denominator) FROM scorecard.revenue_documented_within_4h GROUP BY 2;
SELECT count(*) AS months,
       count(*) FILTER (WHERE round(cc.numerator / cc.denominator, 4) = k.clean_claim_rate) AS clean_claims_agree,
       count(*) FILTER (WHERE round(d.numerator / d.denominator, 4) = k.initial_denial_rate) AS denials_agree,
       count(*) FILTER (WHERE round(1 - r.numerator / r.denominator, 4) = k.unreconciled_72h_share) AS reconciliation_agrees
  FROM scorecard.revenue_cycle_kpis k
  JOIN by_month cc ON cc.period_start = k.period_start AND cc.kpi = 'clean'
  JOIN by_month d ON d.period_start = k.period_start AND d.kpi = 'denials'
  JOIN by_month r ON r.period_start = k.period_start AND r.kpi = 'reconciled';
SELECT period_start, numerator, denominator, round(numerator / denominator, 4) AS share
  FROM by_month WHERE kpi = 'documented' AND period_start BETWEEN DATE '2016-04-01' AND DATE '2016-06-01' ORDER BY 1;
-- By service line: the lines add up to the month, and a measure on a
-- service line's scorecard reads only its line.
SELECT service_line, numerator, denominator FROM scorecard.revenue_documented_within_4h
 WHERE period_start = DATE '2016-06-01' AND service_line IN ('Outpatient', 'Crisis Services') ORDER BY 1;
-- Net days in A/R and A/R over 90 days agree with the KPI view.
SELECT count(*) AS months,
       count(*) FILTER (WHERE round(n.numerator / n.denominator, 1) = k.net_days_in_ar) AS net_days_agree,
       count(*) FILTER (WHERE round(a.numerator / a.denominator, 4) = k.ar_over_90_share) AS over_90_agrees
  FROM scorecard.revenue_cycle_kpis k
  JOIN scorecard.revenue_net_days_in_ar n USING (period_start)
  JOIN scorecard.revenue_ar_over_90 a USING (period_start);
-- On the scorecard as a user would put them: days (lower is better, a
-- 45-day ceiling) and a ratio (lower is better, 20%), each against its own
-- target; the days measure is bounded, so it cannot explode Process.
BEGIN;
INSERT INTO scorecard.measure (name, discipline, objective, higher_is_better, unit, weight) VALUES
    ('Net days in A/R', 'Process', 'Revenue cycle', false, 'days', 1),
    ('A/R over 90 days', 'Process', 'Revenue cycle', false, 'ratio', 1);
INSERT INTO scorecard.measure_target (measure_id, effective_from, target)
SELECT measure_id, DATE '2015-01-01', t FROM scorecard.measure JOIN (VALUES ('Net days in A/R', 45), ('A/R over 90 days', 0.20)) v(name, t) USING (name);
SELECT scorecard.register_measure_source('Net days in A/R', 'scorecard.revenue_net_days_in_ar'),
       scorecard.register_measure_source('A/R over 90 days', 'scorecard.revenue_ar_over_90');
SELECT scorecard.refresh_measures('Net days in A/R') > 0 AS days_written, scorecard.refresh_measures('A/R over 90 days') > 0 AS share_written;
SELECT measure, round(actual, 4) AS actual, target, round(balance, 4) AS balance, round(rollup_balance, 4) AS rollup_balance, status
  FROM scorecard.measure_scores
 WHERE measure IN ('Net days in A/R', 'A/R over 90 days') AND period_grain IN ('month', 'quarter') AND period_start = DATE '2016-04-01'
 ORDER BY measure, period_grain;
SELECT period_grain, round(balance, 4) AS balance FROM scorecard.discipline_scores
 WHERE org_unit = scorecard.root_unit() AND discipline = 'Process' AND period_start = DATE '2016-04-01' AND period_grain IN ('month', 'quarter')
 ORDER BY 1;
ROLLBACK;
SELECT measure, numerator, denominator, round(actual, 4) AS actual, target, weight, status
  FROM scorecard.measure_scores
 WHERE objective = 'Revenue cycle' AND period_grain = 'month' AND period_start = DATE '2016-06-01' ORDER BY measure;
SELECT discipline, round(balance, 4) AS balance FROM scorecard.discipline_scores
 WHERE period_grain = 'month' AND period_start = DATE '2016-06-01' AND discipline = 'Process';
