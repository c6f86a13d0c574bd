-- The Director's scorecard: Target, Actual and Balance per discipline for one
-- period, the organisation's single number (sum of balances), the deep-dive
-- list (balances off by more than the threshold, worst first) with the
-- open initiatives that remedy each and the owners' commentary, and every
-- measure behind the numbers.
--
-- Usage:
--   psql -v period=2016-06-01 [-v grain=month|week|quarter|year] [-v unit='Outpatient'] \
--        -f reports/director_scorecard.sql
-- period is the first day of the month, the Monday of the ISO week, or the
-- first day of the fiscal quarter or year; unit is the scorecard's unit
-- (scorecard.org_unit; default: the root, the organisation).

\if :{?grain}
\else
\set grain month
\endif
\if :{?period}
\else
\echo 'usage: psql -v period=YYYY-MM-DD [-v grain=month|week|quarter|year] [-v unit=NAME] -f reports/director_scorecard.sql'
\quit
\endif
\ir lib/format.sql
\if :{?unit}
\else
SELECT scorecard.root_unit() AS unit \gset
\endif

\echo
\echo Balanced Scorecard of :unit for the :grain starting :period
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
         WHERE period_start = :'period' AND period_grain = :'grain' AND org_unit = :'unit'
        UNION ALL
        SELECT 1000, CASE WHEN org_unit = scorecard.root_unit() THEN 'Organisation' ELSE 'Unit' END || ' (sum of balances)', NULL, NULL,
               to_char(round(balance * 100, 2), 'FMS990.00') || '%',
               status_label,
               CASE WHEN deep_dives = 1 THEN '1 deep dive'
                    WHEN deep_dives > 1 THEN deep_dives || ' deep dives' ELSE '' END,
               disciplines_reported || ' of ' || (disciplines_reported + disciplines_missing) || ' disciplines'
          FROM scorecard.organization_scores
         WHERE period_start = :'period' AND period_grain = :'grain' AND org_unit = :'unit') AS card
 ORDER BY ord;

\echo Deep dives (balance off by more than the threshold), worst first
SELECT dd.rank                                                      AS "#",
       coalesce(dd.measure, dd.discipline)                           AS "Discipline / measure",
       scorecard.report_figure(dd.actual, coalesce(m.unit, 'ratio'))  AS "Actual",
       scorecard.report_figure(dd.target, coalesce(m.unit, 'ratio'))  AS "Target",
       scorecard.report_figure(dd.balance, coalesce(m.unit, 'ratio'), true) AS "Balance",
       CASE WHEN dd.level = 'discipline' THEN dd.remedy ELSE coalesce(dd.open_initiatives, 'no remedy yet') END AS "Remedy"
  FROM scorecard.deep_dives dd
  LEFT JOIN scorecard.measure m ON m.name = dd.measure
 WHERE dd.period_start = :'period' AND dd.period_grain = :'grain' AND dd.org_unit = :'unit'
 ORDER BY dd.rank;

\echo Open initiatives behind the deep dives, and what the owners say of the period
SELECT d.discipline AS "Discipline", d.open_initiatives AS "Open initiatives (owner, due, progress)",
       d.latest_commentary AS "Commentary"
  FROM scorecard.deep_dives d
 WHERE d.period_start = :'period' AND d.period_grain = :'grain' AND d.level = 'discipline' AND d.org_unit = :'unit'
 ORDER BY d.rank;

\echo Measures
SELECT discipline                                            AS "Discipline",
       measure                                               AS "Measure",
       numerator || ' / ' || denominator                     AS "Numerator / denominator",
       scorecard.report_figure(actual, ms.unit)              AS "Actual",
       scorecard.report_figure(balance, ms.unit, true)       AS "Balance",
       status_label                                          AS "Status"
  FROM scorecard.measure_scores ms
  JOIN scorecard.discipline d ON d.name = ms.discipline
 WHERE period_start = :'period' AND period_grain = :'grain' AND ms.org_unit = :'unit'
 ORDER BY d.sort_order, ms.balance NULLS FIRST, ms.measure;
\ir lib/done.sql
