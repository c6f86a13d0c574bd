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
-- Case rates need stays; the sample has none yet, so a few are added here.
\set QUIET on
INSERT INTO scorecard.acuity_level VALUES ('Crisis Residential', 6, NULL) ON CONFLICT DO NOTHING;
INSERT INTO scorecard.stay (stay_id, beneficiary_id, payer_id, acuity_level, admitted_on, discharged_on, readmission_of, cost)
VALUES ('R1', 'B0001', 'MC-FFS', 'Crisis Residential', '2016-01-04', '2016-01-20', NULL, 9000),
       ('R2', 'B0001', 'MC-FFS', 'Inpatient', '2016-01-25', '2016-02-05', 'R1', 14000),
       ('R3', 'B0002', 'MC-FFS', 'Crisis Residential', '2016-02-01', '2016-02-10', NULL, 6000),
       ('R4', 'B0003', 'BC', 'Crisis Residential', '2016-03-10', '2016-03-24', NULL, 8000),
       ('R5', 'B0004', 'BC', 'Residential', '2016-03-01', '2016-03-20', NULL, 12500);
\set from 2016-01-01
\set to 2017-01-01
\i reports/case_rates.sql
\set QUIET on
DELETE FROM scorecard.stay WHERE readmission_of IS NOT NULL;
DELETE FROM scorecard.stay;
DELETE FROM scorecard.acuity_level WHERE acuity_level = 'Crisis Residential';
