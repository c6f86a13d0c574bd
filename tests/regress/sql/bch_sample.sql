-- template: bch
-- The sample organisation (Betz County Health Department) reproduces the
-- source's scorecard for June 2016.

SELECT discipline, round(target, 4) AS target, round(actual, 4) AS actual, round(balance, 4) AS balance,
       needs_deep_dive, measures_reported, measures_missing
  FROM scorecard.discipline_scores
 WHERE org_unit = scorecard.root_unit() AND period_grain = 'month' AND period_start = DATE '2016-06-01'
 ORDER BY sort_order;

-- Exact values behind the rounding.
SELECT discipline, actual, balance
  FROM scorecard.discipline_scores
 WHERE org_unit = scorecard.root_unit() AND period_grain = 'month' AND period_start = DATE '2016-06-01'
 ORDER BY sort_order;

SELECT round(balance, 4) AS organisation, disciplines_reported, disciplines_missing, deep_dives
  FROM scorecard.organization_scores
 WHERE org_unit = scorecard.root_unit() AND period_grain = 'month' AND period_start = DATE '2016-06-01';

-- The four Finance measures: real pairs that round to the source's percentages.
SELECT measure, numerator, denominator, round(actual * 100, 2) AS percent, round(balance, 4) AS balance, status
  FROM scorecard.measure_scores
 WHERE org_unit = scorecard.root_unit() AND period_grain = 'month' AND period_start = DATE '2016-06-01' AND discipline = 'Finance'
 ORDER BY actual;

-- A deep dive for Finance and no other discipline.
SELECT rank, level, discipline, measure, round(balance, 4) AS balance, drivers
  FROM scorecard.deep_dives
 WHERE org_unit = scorecard.root_unit() AND period_grain = 'month' AND period_start = DATE '2016-06-01'
 ORDER BY rank;

-- History: 16 months and 13 ISO weeks.
SELECT period_grain, count(DISTINCT period_start) AS periods, min(period_start), max(period_start)
  FROM scorecard.discipline_scores GROUP BY period_grain ORDER BY 1;

-- The trend around the sample period.
SELECT period_start, discipline, round(actual, 4) AS actual, round(previous_actual, 4) AS previous,
       round(actual_change, 4) AS change, round(balance_change, 4) AS balance_change, direction
  FROM scorecard.discipline_trend
 WHERE org_unit = scorecard.root_unit() AND period_grain = 'month' AND period_start BETWEEN DATE '2016-05-01' AND DATE '2016-07-01'
 ORDER BY period_start, discipline;
-- The first period has nothing to compare with.
SELECT count(*) AS without_previous FROM scorecard.discipline_trend
 WHERE org_unit = scorecard.root_unit() AND period_grain = 'month' AND period_start = DATE '2015-06-01' AND previous_actual IS NULL;

-- The weekly view works the same way.
SELECT period_start, round(balance, 4) AS organisation, deep_dives
  FROM scorecard.organization_scores WHERE org_unit = scorecard.root_unit() AND period_grain = 'week' ORDER BY period_start;

-- The Finance target was raised for 2016: effective dating.
SELECT period_start, target FROM scorecard.discipline_scores
 WHERE discipline = 'Finance' AND period_grain = 'month'
   AND period_start IN (DATE '2015-12-01', DATE '2016-01-01') ORDER BY 1;

-- The Director's report the main job prints (reports/director_scorecard.sql).
\set period 2016-06-01
\set ECHO none
\i reports/director_scorecard.sql
