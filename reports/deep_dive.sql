-- Deep-dive report for one discipline: why is its balance off? Its target,
-- actual and balance, every measure with numerator, denominator, actual,
-- target, balance and status (worst first), and the trend of the discipline
-- and of each measure over the last periods.
--
-- Usage:
--   psql -v discipline='Finance' -v period=2016-06-01 [-v grain=month|week] -f reports/deep_dive.sql

\if :{?grain}
\else
\set grain month
\endif
\if :{?period}
\else
\echo 'usage: psql -v discipline=NAME -v period=YYYY-MM-DD [-v grain=month|week] -f reports/deep_dive.sql'
\quit
\endif
\ir lib/format.sql

\echo
\echo Deep dive: :discipline, :grain starting :period
\echo ======================================================
SELECT to_char(round(target * 100, 2), 'FM990.00') || '%'    AS "Target",
       to_char(round(actual * 100, 2), 'FM990.00') || '%'    AS "Actual",
       to_char(round(balance * 100, 2), 'FMS990.00') || '%'  AS "Balance",
       CASE WHEN needs_deep_dive THEN 'past the threshold' ELSE 'within the threshold' END AS "Deep dive",
       measures_reported || ' of ' || (measures_reported + measures_missing) AS "Measures reported"
  FROM scorecard.discipline_scores
 WHERE discipline = :'discipline' AND period_start = :'period' AND period_grain = :'grain';

\echo Measures, worst first
SELECT objective                                             AS "Objective",
       measure                                               AS "Measure",
       numerator || ' / ' || denominator                     AS "Numerator / denominator",
       to_char(round(actual * 100, 2), 'FM990.00') || '%'    AS "Actual",
       to_char(round(target * 100, 2), 'FM990.00') || '%'    AS "Target",
       to_char(round(balance * 100, 2), 'FMS990.00') || '%'  AS "Balance",
       status                                                AS "Status"
  FROM scorecard.measure_scores
 WHERE discipline = :'discipline' AND period_start = :'period' AND period_grain = :'grain'
 ORDER BY balance NULLS FIRST, measure;

\echo Trend of the discipline (last 6 periods)
SELECT period_start                                          AS "Period",
       to_char(round(actual * 100, 2), 'FM990.00') || '%'    AS "Actual",
       to_char(round(balance * 100, 2), 'FMS990.00') || '%'  AS "Balance",
       to_char(round(balance_change * 100, 2), 'FMS990.00') || '%' AS "Change",
       direction                                             AS "Direction"
  FROM scorecard.discipline_trend
 WHERE discipline = :'discipline' AND period_grain = :'grain' AND period_start <= :'period'
 ORDER BY period_start DESC LIMIT 6;

\echo Each measure over the last 6 periods (actual, %)
SELECT measure AS "Measure",
       string_agg(to_char(period_start, 'YYYY-MM-DD') || ' ' || coalesce(to_char(round(actual * 100, 2), 'FM990.00'), '-'),
                  '  ' ORDER BY period_start) AS "Periods"
  FROM (SELECT ms.*, rank() OVER (PARTITION BY ms.measure ORDER BY ms.period_start DESC) AS recent
          FROM scorecard.measure_scores ms
         WHERE ms.discipline = :'discipline' AND ms.period_grain = :'grain' AND ms.period_start <= :'period') m
 WHERE recent <= 6
 GROUP BY measure ORDER BY measure;
\ir lib/done.sql
