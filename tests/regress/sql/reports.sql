-- template: bch
-- Every report in reports/ against the sample, compared with its expected
-- output (the sample's scorecard, billing and costs are loaded by the
-- suites before this one).
\set ECHO none
\set period 2016-06-01
\set grain month
\set discipline Finance
\i reports/deep_dive.sql
\set as_of 2016-06-30
\i reports/ar_weekly.sql
\i reports/service_line_pnl.sql
\i reports/break_even.sql
-- Case rates from the sample's stays.
\set from 2016-01-01
\set to 2017-01-01
\i reports/case_rates.sql
