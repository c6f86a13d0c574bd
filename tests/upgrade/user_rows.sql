-- Rows a user makes on top of the sample, with nothing but the 0.1.0 SQL
-- surface (this file runs against the oldest release listed in RELEASES):
-- a discipline of their own, objectives, measures of several kinds,
-- targets, observations by month and week, a service, claims, payments and
-- adjustments. tests/upgrade/run.sh loads it before ALTER EXTENSION UPDATE
-- and checks that every row, and every view's answer, survives.
\set ON_ERROR_STOP 1
BEGIN;
INSERT INTO scorecard.discipline (name, sort_order, deep_dive_threshold, description)
VALUES ('Quality', 5, 0.10, 'Clinical quality: a discipline the user added.');
-- Built-in disciplines edited and renamed (the rename cascades).
UPDATE scorecard.discipline SET description = 'Edited by the user.', deep_dive_threshold = 0.06 WHERE name = 'Customer';
UPDATE scorecard.discipline SET name = 'People and Growth' WHERE name = 'Learning and Growth';
INSERT INTO scorecard.objective (discipline, name, description) VALUES
    ('Quality', 'Safe transitions', 'Follow-up after discharge'),
    ('Process', 'Bill cleanly', NULL);
INSERT INTO scorecard.measure (name, discipline, objective, weight, goal, red_flag, description) VALUES
    ('Follow-up within 7 days of discharge', 'Quality', 'Safe transitions', 3, 0.90, 0.70, 'numerator: discharges seen within 7 days');
INSERT INTO scorecard.measure (name, discipline, objective, higher_is_better, unit, weight, active_from) VALUES
    ('Average length of stay (days)', 'Quality', 'Safe transitions', false, 'days', 0, DATE '2016-01-01'),
    ('Claims with a billing edit', 'Process', 'Bill cleanly', false, 'ratio', 0, NULL);
INSERT INTO scorecard.discipline_target VALUES ('Quality', DATE '2016-01-01', 0.85), ('Quality', DATE '2016-07-01', 0.88);
INSERT INTO scorecard.measure_target
SELECT measure_id, DATE '2016-01-01', 7 FROM scorecard.measure WHERE name = 'Average length of stay (days)';
INSERT INTO scorecard.measure_target
SELECT measure_id, DATE '2016-01-01', 0.10 FROM scorecard.measure WHERE name = 'Claims with a billing edit';
INSERT INTO scorecard.observation (measure_id, period_grain, period_start, numerator, denominator, value, note)
SELECT m.measure_id, 'month', p::date,
       CASE WHEN m.unit = 'ratio' THEN 70 + (extract(month FROM p)::int % 5) * 4 END,
       CASE WHEN m.unit = 'ratio' THEN 100 END,
       CASE WHEN m.unit = 'days' THEN 6.0 + (extract(month FROM p)::int % 4) * 0.5 END,
       'entered by the user'
  FROM scorecard.measure m, generate_series(DATE '2016-01-01', DATE '2016-06-01', interval '1 month') p
 WHERE m.name IN ('Follow-up within 7 days of discharge', 'Average length of stay (days)', 'Claims with a billing edit');
INSERT INTO scorecard.observation (measure_id, period_grain, period_start, numerator, denominator)
SELECT measure_id, 'week', DATE '2016-06-27', 41, 50 FROM scorecard.measure WHERE name = 'Follow-up within 7 days of discharge';

-- Billing the user posted after the sample: a service, two claims, a
-- payment, a contractual adjustment, an unposted payment.
INSERT INTO scorecard.service (service_id, beneficiary_id, clinician_id, service_line, service_at, documented_at, units, charge)
SELECT 'U-S1', beneficiary_id, 'C01', service_line, TIMESTAMPTZ '2016-06-20 10:00+00', TIMESTAMPTZ '2016-06-20 12:00+00', 2, 480.00
  FROM scorecard.beneficiary WHERE beneficiary_id = 'B0012';
INSERT INTO scorecard.claim (claim_id, payer_id, beneficiary_id, service_id, service_from, created_on, bill_date, amount, status) VALUES
    ('U-C1', 'MCR-B', 'B0012', 'U-S1', '2016-06-20', '2016-06-21', '2016-06-22', 480.00, 'paid'),
    ('U-C2', 'MCR-B', 'B0012', NULL, '2016-06-24', '2016-06-24', NULL, 125.50, 'suspended');
INSERT INTO scorecard.payment (payment_id, payer_id, claim_id, received_on, posted_on, reconciled_on, amount) VALUES
    ('U-P1', 'MCR-B', 'U-C1', '2016-06-28', '2016-06-28', '2016-06-29', 400.00),
    ('U-P2', 'MCR-B', NULL, '2016-06-29', NULL, NULL, 55.25);
INSERT INTO scorecard.adjustment (adjustment_id, claim_id, adjusted_on, kind, reason, amount) VALUES
    ('U-A1', 'U-C1', '2016-06-28', 'contractual', 'fee schedule', 80.00);
COMMIT;
SELECT scorecard.snapshot_ar_aging('2016-06-30');

-- A measure computed from a view of the user's warehouse.
CREATE SCHEMA warehouse;
CREATE VIEW warehouse.billing_edits AS
SELECT date_trunc('month', created_on)::date AS period_start,
       count(*) FILTER (WHERE edit_reason IS NOT NULL) AS numerator, count(*) AS denominator
  FROM scorecard.claim GROUP BY 1;
SELECT scorecard.register_measure_source('Claims with a billing edit', 'warehouse.billing_edits');
