-- Case-rate ranges per acuity level and payer type: mean expenditure per
-- beneficiary +/- 0.1 standard deviation, readmissions charged to the level
-- the patient was discharged from, for stays admitted in a window.
--
-- Usage:  psql -v from=2016-01-01 -v to=2017-01-01 [-v band=0.1] -f reports/case_rates.sql

\if :{?band}
\else
\set band 0.1
\endif
\if :{?from}
\else
\echo 'usage: psql -v from=YYYY-MM-DD -v to=YYYY-MM-DD [-v band=0.1] -f reports/case_rates.sql'
\quit
\endif
\ir lib/format.sql

\echo
\echo Case-rate ranges, stays admitted from :from to before :to, band :band sd
\echo ======================================================
SELECT acuity_level                                        AS "Acuity level",
       payer_type                                          AS "Payer type",
       beneficiaries                                       AS "Beneficiaries",
       to_char(mean_expenditure, 'FM999,999,990.00')       AS "Mean",
       to_char(sd_expenditure, 'FM999,999,990.00')         AS "SD",
       to_char(rate_low, 'FM999,999,990.00')               AS "Rate low",
       to_char(rate_high, 'FM999,999,990.00')              AS "Rate high"
  FROM scorecard.case_rate_ranges_between(:'from', :'to', :'band');
\ir lib/done.sql
