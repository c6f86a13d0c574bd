-- template: bch
-- The revenue-cycle measure sources agree, month by month, with the same
-- KPIs in scorecard.revenue_cycle_kpis; the sample puts two of them on
-- Process at weight 0, so the source's June 2016 headline is unchanged.
SELECT count(*) AS months,
       count(*) FILTER (WHERE round(cc.numerator / cc.denominator, 4) = k.clean_claim_rate) AS clean_claims_agree,
       count(*) FILTER (WHERE round(d.numerator / d.denominator, 4) = k.initial_denial_rate) AS denials_agree,
       count(*) FILTER (WHERE round(1 - r.numerator / r.denominator, 4) = k.unreconciled_72h_share) AS reconciliation_agrees
  FROM scorecard.revenue_cycle_kpis k
  JOIN scorecard.revenue_clean_claims cc USING (period_start)
  JOIN scorecard.revenue_initial_denials d USING (period_start)
  JOIN scorecard.revenue_reconciled_within_72h r USING (period_start);
SELECT period_start, numerator, denominator, round(numerator / denominator, 4) AS share
  FROM scorecard.revenue_documented_within_4h WHERE period_start BETWEEN DATE '2016-04-01' AND DATE '2016-06-01' ORDER BY 1;
SELECT measure, numerator, denominator, round(actual, 4) AS actual, target, weight, status
  FROM scorecard.measure_scores
 WHERE objective = 'Revenue cycle' AND period_grain = 'month' AND period_start = DATE '2016-06-01' ORDER BY measure;
SELECT discipline, round(balance, 4) AS balance FROM scorecard.discipline_scores
 WHERE period_grain = 'month' AND period_start = DATE '2016-06-01' AND discipline = 'Process';
