-- template: bch
-- The scored roll-up: every measure scored against its own target, in its
-- own direction, before the discipline averages them. The two cases that
-- broke 0.1.0's roll-up, on the sample's June 2016:
--   * a denial rate of 4% against a 10% ceiling (lower is better, on
--     target) dropped Process from 85.7% to 65.3% and raised a deep dive;
--     it must raise Process;
--   * a 137-day measure at the default weight turned Finance into
--     +2,698.7%; it must move Finance by no more than its weight share of
--     100 points (and without a days target of its own, not at all).
-- Each measure's move is also bounded: a value 100 times its target adds
-- at most its weight share of 100 points.
SELECT discipline, round(target, 4) AS target, round(actual, 4) AS actual, round(balance, 4) AS balance, needs_deep_dive
  FROM scorecard.discipline_scores WHERE org_unit = scorecard.root_unit() AND period_grain = 'month' AND period_start = DATE '2016-06-01' ORDER BY sort_order;

BEGIN;
INSERT INTO scorecard.objective VALUES ('Process', 'Bill cleanly', NULL);
INSERT INTO scorecard.measure (name, discipline, objective, higher_is_better) VALUES ('Initial denial rate', 'Process', 'Bill cleanly', false);
INSERT INTO scorecard.measure_target SELECT measure_id, DATE '2016-01-01', 0.10 FROM scorecard.measure WHERE name = 'Initial denial rate';
INSERT INTO scorecard.observation (measure_id, period_grain, period_start, numerator, denominator)
SELECT measure_id, 'month', DATE '2016-06-01', 4, 100 FROM scorecard.measure WHERE name = 'Initial denial rate';
SELECT measure, actual, target, balance, rollup_balance, status FROM scorecard.measure_scores
 WHERE discipline = 'Process' AND period_grain = 'month' AND period_start = DATE '2016-06-01' ORDER BY measure;
SELECT discipline, round(target, 4) AS target, round(actual, 4) AS actual, round(balance, 4) AS balance, needs_deep_dive
  FROM scorecard.discipline_scores WHERE org_unit = scorecard.root_unit() AND period_grain = 'month' AND period_start = DATE '2016-06-01' AND discipline = 'Process';
SELECT round(balance, 4) AS organisation, deep_dives FROM scorecard.organization_scores
 WHERE org_unit = scorecard.root_unit() AND period_grain = 'month' AND period_start = DATE '2016-06-01';
ROLLBACK;

BEGIN;
INSERT INTO scorecard.objective VALUES ('Finance', 'Collect', NULL);
INSERT INTO scorecard.measure (name, discipline, objective, unit) VALUES ('Days in A/R', 'Finance', 'Collect', 'days');
INSERT INTO scorecard.observation (measure_id, period_grain, period_start, value)
SELECT measure_id, 'month', DATE '2016-06-01', 137 FROM scorecard.measure WHERE name = 'Days in A/R';
-- Days are not held to the discipline's target (a fraction): without a
-- target of its own the measure shows 'no target' and stays out.
SELECT measure, actual, target, rollup_balance, status FROM scorecard.measure_scores
 WHERE measure = 'Days in A/R' AND period_grain = 'month' AND period_start = DATE '2016-06-01';
SELECT discipline, round(actual, 4) AS actual, round(balance, 4) AS balance FROM scorecard.discipline_scores
 WHERE org_unit = scorecard.root_unit() AND period_grain = 'month' AND period_start = DATE '2016-06-01' AND discipline = 'Finance';
-- With a target of its own (120 days, lower is better): 17 days over is
-- 14.17% of the target, a fifth of which reaches Finance.
UPDATE scorecard.measure SET higher_is_better = false WHERE name = 'Days in A/R';
INSERT INTO scorecard.measure_target SELECT measure_id, DATE '2016-01-01', 120 FROM scorecard.measure WHERE name = 'Days in A/R';
SELECT measure, actual, target, balance, round(rollup_balance, 4) AS rollup_balance, status FROM scorecard.measure_scores
 WHERE measure = 'Days in A/R' AND period_grain = 'month' AND period_start = DATE '2016-06-01';
SELECT discipline, round(actual, 4) AS actual, round(balance, 4) AS balance FROM scorecard.discipline_scores
 WHERE org_unit = scorecard.root_unit() AND period_grain = 'month' AND period_start = DATE '2016-06-01' AND discipline = 'Finance';
ROLLBACK;
BEGIN;
INSERT INTO scorecard.objective VALUES ('Finance', 'Collect', NULL);
INSERT INTO scorecard.measure (name, discipline, objective, unit) VALUES ('Cash collected', 'Finance', 'Collect', 'dollars');
INSERT INTO scorecard.measure_target SELECT measure_id, DATE '2016-01-01', 1000 FROM scorecard.measure WHERE name = 'Cash collected';
INSERT INTO scorecard.observation (measure_id, period_grain, period_start, value)
SELECT measure_id, 'month', DATE '2016-06-01', 100000 FROM scorecard.measure WHERE name = 'Cash collected';
SELECT measure, actual, target, balance, rollup_balance FROM scorecard.measure_scores
 WHERE measure = 'Cash collected' AND period_grain = 'month' AND period_start = DATE '2016-06-01';
SELECT discipline, round(actual, 4) AS actual, round(balance, 4) AS balance FROM scorecard.discipline_scores
 WHERE org_unit = scorecard.root_unit() AND period_grain = 'month' AND period_start = DATE '2016-06-01' AND discipline = 'Finance';
ROLLBACK;

-- Weights are effective-dated: tripling a measure's weight from July 2016
-- leaves June as it was and moves July.
SELECT period_start, round(balance, 4) AS finance_balance FROM scorecard.discipline_scores
 WHERE discipline = 'Finance' AND period_grain = 'month' AND period_start IN (DATE '2016-06-01', DATE '2016-07-01') ORDER BY 1;
INSERT INTO scorecard.measure_weight
SELECT measure_id, DATE '2016-07-01', 3 FROM scorecard.measure WHERE name = 'Billable inpatient days / total inpatient days (Medi-Cal)';
SELECT period_start, weight FROM scorecard.measure_scores
 WHERE measure = 'Billable inpatient days / total inpatient days (Medi-Cal)' AND period_grain = 'month'
   AND period_start IN (DATE '2016-06-01', DATE '2016-07-01') ORDER BY 1;
SELECT period_start, round(balance, 4) AS finance_balance FROM scorecard.discipline_scores
 WHERE discipline = 'Finance' AND period_grain = 'month' AND period_start IN (DATE '2016-06-01', DATE '2016-07-01') ORDER BY 1;
SELECT public.sqlerr($$INSERT INTO scorecard.measure_weight SELECT measure_id, DATE '2016-07-01', 2 FROM scorecard.measure WHERE name = 'Billable inpatient days / total inpatient days (Medi-Cal)'$$);
SELECT public.sqlerr($$INSERT INTO scorecard.measure_weight SELECT min(measure_id), DATE '2016-08-01', -1 FROM scorecard.measure$$);
