-- template: bch
-- Focused factories: service-line P&L, the cost-allocation rule, break-even
-- and rate setting per line, on the BCH sample (its billing is loaded by
-- the revenue suite; its costs here).

-- June 2016 P&L per line.
SELECT service_line, patients, encounters, revenue_billed, contractual_allowances, claims_denied, net_revenue,
       direct_variable_cost, direct_fixed_cost, allocated_indirect_cost, total_cost, margin, reserve_contribution, solvency_gap
  FROM scorecard.service_line_pnl WHERE period_start = DATE '2016-06-01' ORDER BY service_line;

-- The allocation rule: indirect cost and reserve are shared by direct cost,
-- and sum to their pools exactly, every month.
SELECT count(*) AS months,
       bool_and(m.indirect = (SELECT sum(e.amount) FROM scorecard.cost_entry e
                               WHERE e.cost_type = 'indirect' AND e.period_start = m.period_start)) AS indirect_exact,
       bool_and(m.reserve = (SELECT r.amount FROM scorecard.reserve_plan r WHERE r.period_start = m.period_start)) AS reserve_exact
  FROM (SELECT period_start, sum(allocated_indirect_cost) AS indirect, sum(reserve_contribution) AS reserve
          FROM scorecard.service_line_pnl GROUP BY period_start) m;
-- Three equal lines sharing 100.00: 33.34, 33.33, 33.33 (the cent left goes
-- to the first by name).
BEGIN;
DELETE FROM scorecard.cost_entry;
DELETE FROM scorecard.reserve_plan;
INSERT INTO scorecard.cost_entry (period_start, service_line, cost_type, category, amount) VALUES
    ('2016-06-01', 'Hospital', 'fixed', 'salaries', 10), ('2016-06-01', 'Outpatient', 'fixed', 'salaries', 10),
    ('2016-06-01', 'Urgent Care', 'fixed', 'salaries', 10), ('2016-06-01', NULL, 'indirect', 'administration', 100.00);
INSERT INTO scorecard.reserve_plan VALUES ('2016-06-01', 0.02);
SELECT service_line, allocated_indirect_cost, reserve_contribution
  FROM scorecard.allocate_month('2016-06-01') WHERE allocated_indirect_cost > 0 ORDER BY service_line;
SELECT sum(allocated_indirect_cost), sum(reserve_contribution) FROM scorecard.allocate_month('2016-06-01');
-- No direct cost at all: nothing to share by, the allocations are NULL.
SELECT count(*) FILTER (WHERE allocated_indirect_cost IS NULL) AS unallocated FROM scorecard.allocate_month('2016-05-01');
ROLLBACK;

-- Every service of a patient counts for the patient's own line, wherever it
-- was delivered: a Hospital service of an Outpatient patient counts for
-- Outpatient.
BEGIN;
SELECT service_line AS patients_line FROM scorecard.beneficiary WHERE beneficiary_id = 'B0001';
CREATE TEMP TABLE before AS SELECT service_line, encounters, units FROM scorecard.service_line_pnl WHERE period_start = DATE '2016-06-01';
INSERT INTO scorecard.service (service_id, beneficiary_id, service_line, acuity_level, service_at, documented_at, units, charge)
VALUES ('SX-ELSEWHERE', 'B0001', 'Hospital', 'Inpatient', '2016-06-15 10:00', '2016-06-15 11:00', 3, 2070);
SELECT p.service_line, p.encounters - b.encounters AS added_encounters, p.units - b.units AS added_units
  FROM scorecard.service_line_pnl p JOIN before b USING (service_line)
 WHERE p.period_start = DATE '2016-06-01' AND p.encounters <> b.encounters;
ROLLBACK;

-- Break-even per line on net reimbursement: fixed + reserve over the
-- accrual net revenue per encounter less the variable cost per encounter.
SELECT service_line, fixed_costs, reserve, unit_price, denial_rate, net_unit_price, variable_cost,
       encounters_needed, encounters_delivered, status
  FROM scorecard.service_line_break_even WHERE period_start = DATE '2016-06-01' ORDER BY service_line;
-- Consistent with the P&L by construction, every line and month: at or
-- above break-even exactly where the margin covers the reserve, and
-- exactly where the encounters delivered reach the encounters needed.
SELECT count(*) AS line_months,
       bool_and((b.status = 'at or above break-even') = (p.margin >= p.reserve_contribution)) AS status_is_the_pnls,
       bool_and((b.status = 'at or above break-even') = (b.encounters_delivered >= b.encounters_needed))
           FILTER (WHERE b.encounters_needed IS NOT NULL) AS status_is_the_volumes
  FROM scorecard.service_line_break_even b
  JOIN scorecard.service_line_pnl p USING (period_start, service_line);

-- Rate setting per line: (actual last 2 months + projected next 2) / units.
SELECT service_line, actual_cost_last_2_months, projected_cost_next_2_months, actual_units_last_2_months,
       projected_units_next_2_months, unit_cost
  FROM scorecard.service_line_rate_setting WHERE period_start = DATE '2016-06-01' ORDER BY service_line;
SELECT min(period_start) AS first_month_with_3_months_of_history FROM scorecard.service_line_rate_setting;

-- Bad cost input.
SELECT public.sqlerr($$INSERT INTO scorecard.cost_entry (period_start, service_line, cost_type, category, amount) VALUES ('2016-06-15', 'Hospital', 'fixed', 'x', 1)$$);
SELECT public.sqlerr($$INSERT INTO scorecard.cost_entry (period_start, service_line, cost_type, category, amount) VALUES ('2016-06-01', NULL, 'fixed', 'x', 1)$$);
SELECT public.sqlerr($$INSERT INTO scorecard.cost_entry (period_start, service_line, cost_type, category, amount) VALUES ('2016-06-01', 'Hospital', 'indirect', 'x', 1)$$);
SELECT public.sqlerr($$INSERT INTO scorecard.cost_entry (period_start, service_line, cost_type, category, amount) VALUES ('2016-06-01', 'Hospital', 'fixed', 'x', -1)$$);

-- Product-line metrics per line (length of stay comes with the sample's
-- stays, in the next suite).
SELECT service_line, patients, encounters, avg_cost_per_patient, max_cost_per_patient, max_reimbursement_per_patient,
       outcome_per_dollar, cost_cv
  FROM scorecard.service_line_metrics WHERE period_start = DATE '2016-06-01' ORDER BY service_line;
-- The outcome table refuses what it should.
SELECT public.sqlerr($$INSERT INTO scorecard.outcome VALUES ('B0001', '2016-06-15', 3, NULL)$$);
SELECT public.sqlerr($$INSERT INTO scorecard.outcome VALUES ('B0001', '2016-05-01', -1, NULL)$$);

-- Break-even per service line and acuity level; with one level per line in
-- the sample, the level carries the whole line.
SELECT service_line, acuity_level, fixed_costs, reserve, unit_price, variable_cost, encounters_needed, encounters_delivered, status
  FROM scorecard.acuity_break_even WHERE period_start = DATE '2016-06-01' ORDER BY service_line, acuity_level;
-- Two levels in one line share its costs by charges (a month of its own):
-- Residential 3/4 of 1000 fixed and of 80 variable, net revenue 300 a
-- claim: ceil(750 / (300 - 60)) = 4; Inpatient ceil(250 / (100 - 20)) = 4.
BEGIN;
INSERT INTO scorecard.beneficiary (beneficiary_id, service_line) VALUES ('ABX', 'Residential Detox');
INSERT INTO scorecard.service (service_id, beneficiary_id, acuity_level, service_at, documented_at, units, charge) VALUES
    ('AB1', 'ABX', 'Residential', '2030-03-02 10:00', '2030-03-02 11:00', 1, 300),
    ('AB2', 'ABX', 'Inpatient', '2030-03-03 10:00', '2030-03-03 11:00', 1, 100);
-- Billed to self-pay (no contract: the charge is the expected revenue).
INSERT INTO scorecard.claim (claim_id, payer_id, beneficiary_id, service_id, service_from, created_on, bill_date, amount, status) VALUES
    ('ABC1', 'SELF', 'ABX', 'AB1', '2030-03-02', '2030-03-03', '2030-03-04', 300, 'submitted'),
    ('ABC2', 'SELF', 'ABX', 'AB2', '2030-03-03', '2030-03-04', '2030-03-05', 100, 'submitted');
INSERT INTO scorecard.cost_entry (period_start, service_line, cost_type, category, amount) VALUES
    ('2030-03-01', 'Residential Detox', 'fixed', 'salaries', 1000), ('2030-03-01', 'Residential Detox', 'variable', 'per diem', 80);
SELECT acuity_level, fixed_costs, unit_price, net_unit_price, variable_cost, encounters_needed, status, margin
  FROM scorecard.acuity_break_even WHERE period_start = DATE '2030-03-01' ORDER BY acuity_level;
ROLLBACK;

-- Target prices, set each fiscal quarter (BCH's year starts in July) and
-- revised when cost reports arrive: Outpatient's fourth quarter was set at
-- 109.17 on 1 April (March's unit cost) and revised to 114.96 on 15 May
-- (April's); in June the unit cost is 109.66, a gap of 114.96 - 109.66 =
-- 5.30 = 4.83% of the unit cost.
SELECT period_start, quarter_start, price_set, target_price, price_set_on, revisions, unit_cost, gap, gap_share, status
  FROM scorecard.target_price_gaps WHERE service_line = 'Outpatient' AND period_start >= DATE '2016-01-01' ORDER BY 1;
SELECT count(*) AS line_months, count(*) FILTER (WHERE status = 'below unit cost') AS below,
       bool_and(gap = target_price - unit_cost) AS gap_is_price_less_cost
  FROM scorecard.target_price_gaps;
-- Bad target prices: not a fiscal quarter's first day (1 February, 15
-- July), zero, NaN, an unknown line, the same revision twice. The next
-- quarter's, set ahead on 20 June, is fine.
SELECT public.sqlerr($$INSERT INTO scorecard.target_price (service_line, quarter_start, set_on, price) VALUES ('Outpatient', '2016-02-01', '2016-02-01', 150)$$);
SELECT public.sqlerr($$INSERT INTO scorecard.target_price (service_line, quarter_start, set_on, price) VALUES ('Outpatient', '2016-07-15', '2016-07-15', 150)$$);
SELECT public.sqlerr($$INSERT INTO scorecard.target_price (service_line, quarter_start, set_on, price) VALUES ('Outpatient', '2016-07-01', '2016-07-01', 0)$$);
SELECT public.sqlerr($$INSERT INTO scorecard.target_price (service_line, quarter_start, set_on, price) VALUES ('Outpatient', '2016-07-01', '2016-07-01', 'NaN')$$);
SELECT public.sqlerr($$INSERT INTO scorecard.target_price (service_line, quarter_start, set_on, price) VALUES ('Dental', '2016-07-01', '2016-07-01', 150)$$);
SELECT public.sqlerr($$INSERT INTO scorecard.target_price (service_line, quarter_start, set_on, price) VALUES ('Outpatient', '2016-04-01', '2016-05-15', 150)$$);
SELECT public.sqlerr($$INSERT INTO scorecard.target_price (service_line, quarter_start, set_on, price) VALUES ('Outpatient', '2016-07-01', '2016-06-20', 147)$$) AS next_quarter;

-- The service delivery profile on a hand-built patient of Crisis Services
-- (January-February 2031, rolled back): crisis stabilization on 10 and 20
-- January, inpatient on the 15th, outpatient on the 22nd, an inpatient
-- stay admitted 28 January (discharged 10 February, 13 days) and another
-- from 1 to 5 February (4 days), all psychotic disorders.
BEGIN;
INSERT INTO scorecard.beneficiary (beneficiary_id, service_line) VALUES ('PX', 'Crisis Services');
INSERT INTO scorecard.service (service_id, beneficiary_id, acuity_level, service_at, documented_at, units, charge, diagnostic_category) VALUES
    ('X1', 'PX', 'Crisis Stabilization', '2031-01-10 10:00', '2031-01-10 11:00', 1, 320, 'Psychotic disorders'),
    ('X2', 'PX', 'Inpatient', '2031-01-15 09:00', '2031-01-15 10:00', 1, 690, 'Psychotic disorders'),
    ('X3', 'PX', 'Crisis Stabilization', '2031-01-20 10:00', '2031-01-20 11:00', 1, 320, 'Psychotic disorders'),
    ('X4', 'PX', 'Outpatient', '2031-01-22 10:00', '2031-01-22 11:00', 1, 145, 'Psychotic disorders');
INSERT INTO scorecard.stay (stay_id, beneficiary_id, payer_id, acuity_level, admitted_on, discharged_on, diagnostic_category) VALUES
    ('TX1', 'PX', 'MC-FFS', 'Inpatient', '2031-01-28', '2031-02-10', 'Psychotic disorders'),
    ('TX2', 'PX', 'MC-FFS', 'Inpatient', '2031-02-01', '2031-02-05', 'Psychotic disorders');
-- Mix: 4 encounters, 2 crisis (0.5), 1 inpatient, 1 outpatient (0.25 each).
SELECT service_line, acuity_level, diagnostic_category, patients, encounters, charges, encounter_share
  FROM scorecard.service_delivery_profile WHERE period_start = '2031-01-01' ORDER BY acuity_level;
-- Step-ups within 7 days: X1 (inpatient 5 days later) yes, X3 no (the
-- stay comes 8 days later): crisis 1 / 2; X4 (the stay 6 days later) 1 / 1;
-- X2, already inpatient, 0 / 1. Within 10 days X3 steps up too: 2 / 2.
SELECT acuity_level, services, followed_by_higher_level, step_up_share
  FROM scorecard.step_ups WHERE period_start = '2031-01-01' ORDER BY acuity_level;
SELECT acuity_level, services, followed_by_higher_level, step_up_share
  FROM scorecard.step_ups_within(10) WHERE period_start = '2031-01-01' AND acuity_level = 'Crisis Stabilization';
SELECT count(*) AS rows_for_a_negative_window FROM scorecard.step_ups_within(-1);
-- LOS by acuity, February: 13 and 4 days, mean and median 8.5; the
-- Inpatient target is 7: 1 of 2 over it.
SELECT acuity_level, diagnostic_category, discharges, avg_los_days, median_los_days, target_los_days, over_target, over_target_share
  FROM scorecard.los_by_acuity WHERE period_start = '2031-02-01';
-- An unknown diagnostic category is refused, for a service and a stay.
SELECT public.sqlerr($$INSERT INTO scorecard.service (service_id, beneficiary_id, service_at, units, charge, diagnostic_category) VALUES ('X9', 'PX', '2031-01-23 10:00', 1, 1, 'Hysteria')$$);
SELECT public.sqlerr($$UPDATE scorecard.stay SET diagnostic_category = 'Hysteria' WHERE stay_id = 'TX2'$$);
ROLLBACK;
