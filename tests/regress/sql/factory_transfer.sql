-- template: empty
-- Focused factories, fully: every service, its revenue and its cost follow
-- the patient's line, and a patient's line changes over time (transfers,
-- effective-dated). A small hand-built month whose every figure is
-- computed by hand in the comments.
SET datestyle = 'ISO';
INSERT INTO scorecard.payer (payer_id, name, payer_type, payment_terms_days) VALUES ('MCAL', 'Medi-Cal', 'Medi-Cal', 45);
INSERT INTO scorecard.service_line (service_line) VALUES ('Clinic'), ('Crisis'), ('Detox');
INSERT INTO scorecard.acuity_level (acuity_level, rank) VALUES ('Outpatient', 1);
-- P1 and P3 enrol in Clinic, P2 in Crisis; P3 moves to Detox on 16 January.
INSERT INTO scorecard.beneficiary (beneficiary_id, service_line) VALUES ('P1', 'Clinic'), ('P2', 'Crisis'), ('P3', 'Clinic');
INSERT INTO scorecard.factory_transfer (beneficiary_id, effective_from, service_line, reason)
VALUES ('P3', '2030-01-16', 'Detox', 'admitted to residential detox');

-- Bad transfers, each refused and nothing written: an unknown line, an
-- unknown patient, a second transfer of the same patient on the same day,
-- an infinite or absurd date.
SELECT public.sqlerr($$INSERT INTO scorecard.factory_transfer (beneficiary_id, effective_from, service_line) VALUES ('P1', '2030-01-20', 'Nowhere')$$);
SELECT public.sqlerr($$INSERT INTO scorecard.factory_transfer (beneficiary_id, effective_from, service_line) VALUES ('P9', '2030-01-20', 'Detox')$$);
SELECT public.sqlerr($$INSERT INTO scorecard.factory_transfer (beneficiary_id, effective_from, service_line) VALUES ('P3', '2030-01-16', 'Crisis')$$);
SELECT public.sqlerr($$INSERT INTO scorecard.factory_transfer (beneficiary_id, effective_from, service_line) VALUES ('P1', 'infinity', 'Detox')$$);
SELECT public.sqlerr($$INSERT INTO scorecard.factory_transfer (beneficiary_id, effective_from, service_line) VALUES ('P1', '0099-01-01', 'Detox')$$);
SELECT count(*) AS transfers FROM scorecard.factory_transfer;

-- P3's spans: Clinic from enrolment until 16 January, Detox from then on.
-- Every line a patient has belonged to is kept (and a write of it is
-- replaced).
SELECT * FROM scorecard.patient_factory ORDER BY beneficiary_id, valid_from NULLS FIRST;
UPDATE scorecard.beneficiary SET service_lines = '{Nowhere}' WHERE beneficiary_id = 'P1';
SELECT beneficiary_id, service_line, service_lines FROM scorecard.beneficiary ORDER BY 1;

-- January 2030. Who delivered what (service.service_line) to whom:
--   S1 Clinic -> P1 (Clinic)  2 units  200
--   S2 Crisis -> P2 (Crisis)  1 unit   300
--   S3 Crisis -> P1 (Clinic)  1 unit   300   the crisis team serving a clinic patient
--   S4 Clinic -> P3 (Clinic)  1 unit   100   12 January, before the transfer
--   S5 Clinic -> P3 (Detox)   1 unit   100   20 January, after it
--   S6 Detox  -> P3 (Detox)   3 units  450
INSERT INTO scorecard.service (service_id, beneficiary_id, service_line, acuity_level, service_at, documented_at, units, charge) VALUES
    ('S1', 'P1', 'Clinic', 'Outpatient', '2030-01-05 10:00', '2030-01-05 11:00', 2, 200),
    ('S2', 'P2', 'Crisis', 'Outpatient', '2030-01-06 10:00', '2030-01-06 11:00', 1, 300),
    ('S3', 'P1', 'Crisis', 'Outpatient', '2030-01-10 10:00', '2030-01-10 11:00', 1, 300),
    ('S4', 'P3', 'Clinic', 'Outpatient', '2030-01-12 10:00', '2030-01-12 11:00', 1, 100),
    ('S5', 'P3', 'Clinic', 'Outpatient', '2030-01-20 10:00', '2030-01-20 11:00', 1, 100),
    ('S6', 'P3', 'Detox', 'Outpatient', '2030-01-25 10:00', '2030-01-25 11:00', 3, 450);
-- One claim per service, billed 31 January, no contract terms: net revenue
-- is what was billed. Each claim in the patient's line on its date.
INSERT INTO scorecard.claim (claim_id, payer_id, beneficiary_id, service_id, service_from, created_on, bill_date, amount, status)
SELECT 'C' || substr(s.service_id, 2), 'MCAL', s.beneficiary_id, s.service_id, s.service_at::date, DATE '2030-01-31',
       DATE '2030-01-31', s.charge, 'submitted'
  FROM scorecard.service s;
-- Costs, entered by the line that incurred them: Clinic 400.00 variable and
-- 1000.00 fixed, Crisis 300.00 and 500.01, Detox 900.00 fixed; indirect
-- 600.00, reserve 300.00.
INSERT INTO scorecard.cost_entry (period_start, service_line, cost_type, category, amount) VALUES
    ('2030-01-01', 'Clinic', 'variable', 'per diem', 400.00), ('2030-01-01', 'Clinic', 'fixed', 'salaries', 1000.00),
    ('2030-01-01', 'Crisis', 'variable', 'on-call', 300.00), ('2030-01-01', 'Crisis', 'fixed', 'salaries', 500.01),
    ('2030-01-01', 'Detox', 'fixed', 'facilities', 900.00), ('2030-01-01', NULL, 'indirect', 'administration', 600.00);
INSERT INTO scorecard.reserve_plan VALUES ('2030-01-01', 300.00);

-- Rule 1, costs follow the patient, by units delivered:
--   Clinic delivered 4 units: 3 to Clinic patients (S1, S4), 1 to Detox (S5):
--     variable 400.00 -> Clinic 300.00, Detox 100.00; fixed 1000.00 -> 750.00, 250.00
--   Crisis delivered 2 units: 1 to Crisis (S2), 1 to Clinic (S3):
--     variable 300.00 -> 150.00 each; fixed 500.01 -> 250.005 each: 250.00
--     each and the cent left to the tie's first by name, Clinic: 250.01
--   Detox delivered 3 units, all to Detox: fixed 900.00 -> Detox
-- Direct cost: Clinic 450.00 variable + 1000.01 fixed = 1450.01
--              Crisis 150.00 + 250.00 = 400.00
--              Detox  100.00 + 1150.00 = 1250.00      (sum 3100.01, every cost)
-- Rule 2, indirect 600.00 by direct cost: 600 x 1450.01 / 3100.01 = 280.646,
-- 600 x 400 / 3100.01 = 77.419, 600 x 1250 / 3100.01 = 241.935: 280.64,
-- 77.41, 241.93 and two cents left to the largest remainders (Crisis .0091,
-- Clinic .0062): 280.65, 77.42, 241.93. Reserve 300.00: 140.323, 38.710,
-- 120.967: 140.32, 38.70, 120.96 and two cents (Crisis .0096, Detox .0074):
-- 140.32, 38.71, 120.97.
-- Revenue, by the patient's line on the date of service: Clinic S1 + S3 +
-- S4 = 600, Crisis S2 = 300, Detox S5 + S6 = 550. Encounters 3, 1, 2;
-- patients Clinic P1 and P3, Crisis P2, Detox P3.
-- Total cost: Clinic 1450.01 + 280.65 = 1730.66, margin 600 - 1730.66 =
-- -1130.66; Crisis 477.42, -177.42; Detox 1491.93, -941.93.
SELECT service_line, patients, encounters, units, revenue_billed, net_revenue, direct_variable_cost, direct_fixed_cost,
       allocated_indirect_cost, reserve_contribution, total_cost, margin
  FROM scorecard.service_line_pnl WHERE period_start = DATE '2030-01-01' ORDER BY service_line;
-- Every pool is spread in full.
SELECT sum(direct_variable_cost + direct_fixed_cost) AS direct, sum(allocated_indirect_cost) AS indirect,
       sum(reserve_contribution) AS reserve
  FROM scorecard.service_line_pnl WHERE period_start = DATE '2030-01-01';
-- Net patient revenue and the break-even follow the same lines.
SELECT service_line, sum(gross_revenue) AS gross, sum(net_patient_revenue) AS npsr
  FROM scorecard.net_patient_revenue WHERE period_start = DATE '2030-01-01' GROUP BY 1 ORDER BY 1;
SELECT service_line, encounters_delivered, net_unit_price, status
  FROM scorecard.service_line_break_even WHERE period_start = DATE '2030-01-01' ORDER BY 1;

-- A service written later into the costed month moves its costs at once:
-- S7, the crisis team sees P3 (Detox) on 28 January. Crisis now delivered 1
-- unit to each line: variable 300.00 -> 100.00 each, fixed 500.01 ->
-- 166.67 each. Direct: Clinic 300 + 100 = 400.00 variable, 750 + 166.67 =
-- 916.67 fixed; Crisis 100.00, 166.67; Detox 100 + 100 = 200.00, 250 + 900 +
-- 166.67 = 1316.67 (sum 3100.01).
INSERT INTO scorecard.service (service_id, beneficiary_id, service_line, acuity_level, service_at, documented_at, units, charge)
VALUES ('S7', 'P3', 'Crisis', 'Outpatient', '2030-01-28 10:00', '2030-01-28 11:00', 1, 300);
SELECT service_line, direct_variable_cost, direct_fixed_cost
  FROM scorecard.cost_allocation WHERE period_start = DATE '2030-01-01' ORDER BY service_line;
-- A documentation time is not an input of the allocation: no re-allocation
-- (the rows keep their identity).
CREATE TEMP TABLE alloc_before AS SELECT ctid AS row_id, * FROM scorecard.cost_allocation;
UPDATE scorecard.service SET documented_at = documented_at + interval '1 minute' WHERE service_id = 'S1';
SELECT count(*) AS rows_unchanged FROM scorecard.cost_allocation a JOIN alloc_before b ON b.row_id = a.ctid;

-- Undo the transfer: P3 was in Clinic all month, and so were S5, S6 and S7
-- with their revenue and cost. Crisis delivered 1 unit to Crisis (S2) and
-- 2 to Clinic (S3, S7): variable 100.00 / 200.00, fixed 166.67 / 333.34.
-- Detox's 900.00 followed its 3 units to P3, now Clinic. Direct: Clinic
-- 400 + 200 = 600.00 variable, 1000 + 333.34 + 900 = 2233.34 fixed;
-- Crisis 100.00, 166.67; Detox nothing. Revenue: Clinic 600 + 100 (S5) +
-- 450 (S6) = 1150 (S7 is not billed), Crisis 300, Detox 0.
BEGIN;
DELETE FROM scorecard.factory_transfer WHERE beneficiary_id = 'P3';
SELECT service_line, encounters, revenue_billed, direct_variable_cost, direct_fixed_cost
  FROM scorecard.service_line_pnl WHERE period_start = DATE '2030-01-01' ORDER BY service_line;
SELECT beneficiary_id, service_lines FROM scorecard.beneficiary WHERE beneficiary_id = 'P3';
ROLLBACK;

-- Renaming a line renames it everywhere, the patients' lines included.
BEGIN;
UPDATE scorecard.service_line SET service_line = 'Residential Detox' WHERE service_line = 'Detox';
SELECT beneficiary_id, service_line, service_lines FROM scorecard.beneficiary WHERE beneficiary_id = 'P3';
ROLLBACK;

-- A month that recovers more than it deducts has negative deductions (CD
-- < 0) and still a P&L row: a term at 50% of charges from February prices
-- S10 (P2, Crisis, 300 billed in February) at 150; the payer pays all 300
-- in March. March: NPSR = 300 cash + (0 - 150) change of the receivable =
-- 150, CD = 0 - 0 - 150 = -150. Crisis's March cost 100.00 (no indirect
-- pool: 0.00), reserve 10.00: margin 150 - 100 = 50.00, solvency gap
-- 50 - 10 = 40.00.
INSERT INTO scorecard.payer_contract (contract_id, payer_id, method, rate, effective_from)
VALUES ('MCAL half', 'MCAL', 'percent of charges', 0.5, '2030-02-01');
INSERT INTO scorecard.service (service_id, beneficiary_id, service_line, acuity_level, service_at, documented_at, units, charge)
VALUES ('S10', 'P2', 'Crisis', 'Outpatient', '2030-02-03 10:00', '2030-02-03 11:00', 1, 300);
INSERT INTO scorecard.claim (claim_id, payer_id, beneficiary_id, service_id, service_from, created_on, bill_date, amount, status)
VALUES ('C10', 'MCAL', 'P2', 'S10', '2030-02-03', '2030-02-04', '2030-02-05', 300, 'submitted');
INSERT INTO scorecard.payment (payment_id, payer_id, claim_id, received_on, posted_on, amount)
VALUES ('Y10', 'MCAL', 'C10', '2030-03-10', '2030-03-10', 300);
INSERT INTO scorecard.cost_entry (period_start, service_line, cost_type, category, amount)
VALUES ('2030-03-01', 'Crisis', 'fixed', 'salaries', 100.00);
INSERT INTO scorecard.reserve_plan VALUES ('2030-03-01', 10.00);
SELECT period_start, service_line, revenue_billed, contractual_allowances, claims_denied, net_revenue, total_cost, margin,
       reserve_contribution, solvency_gap
  FROM scorecard.service_line_pnl WHERE service_line = 'Crisis' AND period_start >= DATE '2030-02-01' ORDER BY 1;

-- Row-level security: a line sees the patients it has or had, with their
-- whole history, and its P&L row exactly as the organisation's.
CREATE ROLE ft_detox IN ROLE scorecard_reader;
CREATE ROLE ft_clinic IN ROLE scorecard_reader;
SELECT scorecard.grant_service_line('ft_detox', 'Detox');
SELECT scorecard.grant_service_line('ft_clinic', 'Clinic');
GRANT INSERT, UPDATE ON scorecard.service TO ft_clinic;
CREATE TEMP TABLE org_pnl AS SELECT * FROM scorecard.service_line_pnl;
GRANT SELECT ON org_pnl TO PUBLIC;
SET ROLE ft_detox;
SELECT beneficiary_id, service_lines FROM scorecard.beneficiary ORDER BY 1;
SELECT service_id FROM scorecard.service ORDER BY 1;
SELECT p.period_start, p.service_line, p.revenue_billed, p.total_cost, p.margin,
       (SELECT o.margin FROM org_pnl o WHERE o.period_start = p.period_start AND o.service_line = p.service_line) AS organisations_margin
  FROM scorecard.service_line_pnl p ORDER BY 1, 2;
RESET ROLE;
SET ROLE ft_clinic;
SELECT beneficiary_id FROM scorecard.beneficiary ORDER BY 1;
SELECT p.period_start, p.service_line, p.revenue_billed, p.total_cost, p.margin,
       (SELECT o.margin FROM org_pnl o WHERE o.period_start = p.period_start AND o.service_line = p.service_line) AS organisations_margin
  FROM scorecard.service_line_pnl p ORDER BY 1, 2;
-- A role that sees only some lines may not move a costed month's costs:
-- its services there are refused (42501), elsewhere written.
SELECT public.sqlerr($$INSERT INTO scorecard.service (service_id, beneficiary_id, service_line, service_at, units, charge) VALUES ('S8', 'P1', 'Clinic', '2030-01-29 10:00', 1, 100)$$);
INSERT INTO scorecard.service (service_id, beneficiary_id, service_line, service_at, units, charge)
VALUES ('S9', 'P1', 'Clinic', '2030-02-03 10:00', 1, 100);
RESET ROLE;
SELECT service_id FROM scorecard.service WHERE service_id IN ('S8', 'S9');
REVOKE ALL ON scorecard.service FROM ft_clinic;
DROP ROLE ft_detox;
DROP ROLE ft_clinic;
