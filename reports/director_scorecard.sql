-- The Director's scorecard: Target, Actual and Balance per discipline for one
-- period, the organisation's single number (sum of balances), the deep-dive
-- list (balances off by more than the threshold, worst first) with the
-- open initiatives that remedy each and the owners' commentary, and every
-- measure behind the numbers.
--
-- Usage:
--   psql -v period=2016-06-01 [-v grain=month|week] -f reports/director_scorecard.sql
-- period is the first day of the month, or the Monday of the ISO week.

\if :{?grain}
\else
\set grain month
\endif
\if :{?period}
\else
\echo 'usage: psql -v period=YYYY-MM-DD [-v grain=month|week] -f reports/director_scorecard.sql'
\quit
\endif
\ir lib/format.sql

\echo
\echo Balanced Scorecard for the :grain starting :period
\echo ======================================================

SELECT "Discipline", "Target", "Actual", "Balance", "Status", "Flag", "Measures"
  FROM (SELECT sort_order                                            AS ord,
               discipline                                            AS "Discipline",
               to_char(round(target * 100, 2), 'FM990.00')  || '%'   AS "Target",
               to_char(round(actual * 100, 2), 'FM990.00')  || '%'   AS "Actual",
               to_char(round(balance * 100, 2), 'FMS990.00') || '%'  AS "Balance",
               status_label                                          AS "Status",
               CASE WHEN needs_deep_dive THEN 'DEEP DIVE' ELSE '' END AS "Flag",
               measures_reported || ' of ' || (measures_reported + measures_missing) AS "Measures"
          FROM scorecard.discipline_scores
         WHERE period_start = :'period' AND period_grain = :'grain'
        UNION ALL
        SELECT 1000, 'Organisation (sum of balances)', NULL, NULL,
               to_char(round(balance * 100, 2), 'FMS990.00') || '%',
               status_label,
               CASE WHEN deep_dives = 1 THEN '1 deep dive'
                    WHEN deep_dives > 1 THEN deep_dives || ' deep dives' ELSE '' END,
               disciplines_reported || ' of ' || (disciplines_reported + disciplines_missing) || ' disciplines'
          FROM scorecard.organization_scores
         WHERE period_start = :'period' AND period_grain = :'grain') AS card
 ORDER BY ord;

\echo Deep dives (balance off by more than the threshold), worst first
SELECT rank                                                  AS "#",
       coalesce(measure, discipline)                         AS "Discipline / measure",
       to_char(round(actual * 100, 2), 'FM990.00') || '%'    AS "Actual",
       to_char(round(target * 100, 2), 'FM990.00') || '%'    AS "Target",
       to_char(round(balance * 100, 2), 'FMS990.00') || '%'  AS "Balance",
       CASE WHEN level = 'discipline' THEN remedy ELSE coalesce(open_initiatives, 'no remedy yet') END AS "Remedy"
  FROM scorecard.deep_dives
 WHERE period_start = :'period' AND period_grain = :'grain'
 ORDER BY rank;

\echo Open initiatives behind the deep dives, and what the owners say of the period
SELECT d.discipline AS "Discipline", d.open_initiatives AS "Open initiatives (owner, due, progress)",
       d.latest_commentary AS "Commentary"
  FROM scorecard.deep_dives d
 WHERE d.period_start = :'period' AND d.period_grain = :'grain' AND d.level = 'discipline'
 ORDER BY d.rank;

\echo Measures
SELECT discipline                                            AS "Discipline",
       measure                                               AS "Measure",
       numerator || ' / ' || denominator                     AS "Numerator / denominator",
       to_char(round(actual * 100, 2), 'FM990.00') || '%'    AS "Actual",
       to_char(round(balance * 100, 2), 'FMS990.00') || '%'  AS "Balance",
       status_label                                          AS "Status"
  FROM scorecard.measure_scores ms
  JOIN scorecard.discipline d ON d.name = ms.discipline
 WHERE period_start = :'period' AND period_grain = :'grain'
 ORDER BY d.sort_order, ms.balance NULLS FIRST, ms.measure;
\ir lib/done.sql
