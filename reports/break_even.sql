-- Break-even by service line for one month: fixed costs and reserve, the
-- mix-weighted price per encounter net of the line's denial rate, the
-- variable cost per encounter from the cost-behaviour fit, and the
-- encounters needed against the encounters delivered.
--
-- Usage:  psql -v period=2016-06-01 -f reports/break_even.sql

\if :{?period}
\else
\echo 'usage: psql -v period=YYYY-MM-01 -f reports/break_even.sql'
\quit
\endif
\ir lib/format.sql

\echo
\echo Break-even by service line, month starting :period
\echo ======================================================
SELECT service_line                                     AS "Service line",
       to_char(fixed_costs + reserve, 'FM999,999,990')  AS "Fixed + reserve",
       to_char(net_unit_price, 'FM99,990.00')           AS "Net price",
       to_char(variable_cost, 'FM99,990.00')            AS "Variable cost",
       encounters_needed                                AS "Needed",
       encounters_delivered                             AS "Delivered",
       status                                           AS "Status"
  FROM scorecard.service_line_break_even
 WHERE period_start = :'period'
 ORDER BY encounters_delivered - coalesce(encounters_needed, 0), service_line;
\ir lib/done.sql
