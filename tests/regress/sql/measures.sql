-- template: bch
-- Measures defined by a query over the warehouse, registered once and
-- refreshed; the source's four Finance measures computed from stays, time
-- studies and the Medi-Cal share.

-- A warehouse table of the user's own, and a view over it.
CREATE SCHEMA warehouse;
CREATE TABLE warehouse.referrals (referred_on date, seen_within_7_days boolean);
INSERT INTO warehouse.referrals
SELECT DATE '2024-01-01' + i % 60, i % 5 <> 0 FROM generate_series(1, 300) i;
CREATE VIEW warehouse.referral_timeliness AS
SELECT date_trunc('month', referred_on)::date AS period_start,
       count(*) FILTER (WHERE seen_within_7_days) AS numerator, count(*) AS denominator
  FROM warehouse.referrals GROUP BY 1;

INSERT INTO scorecard.objective VALUES ('Customer', 'Timely follow-up', NULL);
INSERT INTO scorecard.measure (name, discipline, objective) VALUES ('Referrals seen within 7 days', 'Customer', 'Timely follow-up');
SELECT scorecard.register_measure_source('Referrals seen within 7 days', 'warehouse.referral_timeliness');
SELECT name, source, source_grain FROM scorecard.measure WHERE source IS NOT NULL;
SELECT scorecard.refresh_measures() AS written;
SELECT period_grain, period_start, numerator, denominator, note FROM scorecard.observation o
  JOIN scorecard.measure m USING (measure_id) WHERE m.name = 'Referrals seen within 7 days' ORDER BY period_start;
-- Refreshing again writes nothing; a change in the warehouse is picked up.
SELECT scorecard.refresh_measures() AS unchanged;
UPDATE warehouse.referrals SET seen_within_7_days = true WHERE referred_on = DATE '2024-01-06';
SELECT scorecard.refresh_measures('Referrals seen within 7 days') AS changed;
SELECT period_start, numerator, denominator FROM scorecard.measure_scores WHERE measure = 'Referrals seen within 7 days' AND period_grain = 'month' ORDER BY 1;

-- Refusals.
SELECT public.sqlerr($$SELECT scorecard.register_measure_source('No such measure', 'warehouse.referral_timeliness')$$);
CREATE VIEW warehouse.bad_source AS SELECT CURRENT_DATE AS period_start, 1 AS numerator;
SELECT public.sqlerr($$SELECT scorecard.register_measure_source('Referrals seen within 7 days', 'warehouse.bad_source')$$);
CREATE VIEW warehouse.text_source AS SELECT '2024-01-01'::text AS period_start, 1 AS numerator, 2 AS denominator;
SELECT public.sqlerr($$SELECT scorecard.register_measure_source('Referrals seen within 7 days', 'warehouse.text_source')$$);
SELECT public.sqlerr($$SELECT scorecard.register_measure_source('Referrals seen within 7 days', 'warehouse.referral_timeliness', 'quarter')$$);
-- A source returning a period that is not a month start writes nothing.
CREATE VIEW warehouse.mid_month AS SELECT DATE '2024-03-15' AS period_start, 1 AS numerator, 2 AS denominator;
INSERT INTO scorecard.measure (name, discipline, objective) VALUES ('Mid-month', 'Customer', 'Timely follow-up');
SELECT scorecard.register_measure_source('Mid-month', 'warehouse.mid_month');
SELECT public.sqlerr($$SELECT scorecard.refresh_measures()$$);
SELECT count(*) AS mid_month_rows FROM scorecard.observation JOIN scorecard.measure USING (measure_id) WHERE name = 'Mid-month';
-- Only a role that may write the scorecard can register a source.
CREATE ROLE measures_reader_test IN ROLE scorecard_reader;
GRANT USAGE ON SCHEMA warehouse TO measures_reader_test;
GRANT SELECT ON warehouse.referral_timeliness TO measures_reader_test;
SET ROLE measures_reader_test;
SELECT public.sqlerr($$SELECT scorecard.register_measure_source('Referrals seen within 7 days', 'warehouse.referral_timeliness')$$);
RESET ROLE;
REVOKE ALL ON SCHEMA warehouse FROM measures_reader_test;
REVOKE ALL ON warehouse.referral_timeliness FROM measures_reader_test;
DROP ROLE measures_reader_test;

-- The source's Finance measures from stays, time studies and the Medi-Cal
-- share (in 2030, apart from the sample's own data).
INSERT INTO scorecard.acuity_level (acuity_level, rank, target_los_days, high_acuity) VALUES
    ('Acute test level', 10, 7, true), ('Residential test level', 11, 30, false);
INSERT INTO scorecard.stay (stay_id, beneficiary_id, payer_id, acuity_level, admitted_on, discharged_on, readmission_of, cost, billable_days) VALUES
    ('T1', 'B0001', 'MC-FFS', 'Acute test level', '2030-05-25', '2030-06-02', NULL, 1, 5),
    ('T2', 'B0002', 'MC-FFS', 'Acute test level', '2030-06-01', '2030-06-05', NULL, 1, 4),
    ('T3', 'B0003', 'BC', 'Residential test level', '2030-05-01', '2030-06-10', NULL, 1, 40),
    ('T4', 'B0002', 'MC-MCP', 'Acute test level', '2030-06-12', '2030-06-30', 'T2', 1, 10),
    ('T5', 'B0004', 'MC-FFS', 'Acute test level', '2030-06-20', NULL, NULL, 1, NULL);
SELECT * FROM scorecard.finance_billable_days WHERE period_start = DATE '2030-06-01';
SELECT * FROM scorecard.finance_los_on_target WHERE period_start = DATE '2030-06-01';
SELECT * FROM scorecard.finance_placement_outcomes WHERE period_start = DATE '2030-06-01';
INSERT INTO scorecard.medi_cal_share VALUES ('2030-06-01', 0.65);
INSERT INTO scorecard.time_study (study_date, clinician_id, minutes, maa_reimbursable) VALUES
    ('2030-06-06', 'C01', 6020, true), ('2030-06-07', 'C02', 5640, false);
SELECT * FROM scorecard.finance_maa_time_study WHERE period_start = DATE '2030-06-01';
SELECT public.sqlerr($$INSERT INTO scorecard.medi_cal_share VALUES ('2030-07-01', 1.5)$$);
SELECT public.sqlerr($$INSERT INTO scorecard.time_study (study_date, minutes, maa_reimbursable) VALUES ('2016-06-06', 0, true)$$);

-- Clean up.
DELETE FROM scorecard.time_study WHERE study_date >= DATE '2030-01-01';
DELETE FROM scorecard.medi_cal_share WHERE period_start >= DATE '2030-01-01';
DELETE FROM scorecard.stay WHERE stay_id = 'T4';
DELETE FROM scorecard.stay WHERE stay_id IN ('T1', 'T2', 'T3', 'T5');
DELETE FROM scorecard.acuity_level WHERE acuity_level LIKE '% test level';
DELETE FROM scorecard.measure WHERE name IN ('Referrals seen within 7 days', 'Mid-month');
DELETE FROM scorecard.objective WHERE name = 'Timely follow-up';
DROP SCHEMA warehouse CASCADE;
