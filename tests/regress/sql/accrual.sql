-- template: empty
-- Expected reimbursement, accrual net patient service revenue (NPSR), the
-- MAP keys built on it, monthly rate reconciliation and break-even on net
-- reimbursement, on a small hand-built organisation whose every figure is
-- computed by hand in the comments.
SET datestyle = 'ISO';
INSERT INTO scorecard.payer (payer_id, name, payer_type, payment_terms_days) VALUES
    ('MCAL', 'Medi-Cal', 'Medi-Cal', 45), ('COM', 'Commercial', 'commercial', 30), ('SELF', 'Self-pay', 'self-pay', 30);
INSERT INTO scorecard.service_line (service_line) VALUES ('Clinic'), ('Crisis');
INSERT INTO scorecard.acuity_level (acuity_level, rank) VALUES ('Outpatient', 1), ('Crisis Stabilization', 3);
INSERT INTO scorecard.beneficiary (beneficiary_id, service_line) VALUES ('B1', 'Clinic'), ('B2', 'Clinic'), ('B3', 'Crisis');

-- Contract terms. Medi-Cal: Clinic fee schedule 60 a unit in January, 66
-- from February; Crisis Stabilization a per diem of 400; everything else a
-- case rate of 250. Commercial: 80% of charges. Self-pay: none.
INSERT INTO scorecard.payer_contract (contract_id, payer_id, service_line, acuity_level, method, rate, effective_from, effective_to) VALUES
    ('MCAL clinic', 'MCAL', 'Clinic', NULL, 'fee schedule', 60, '2030-01-01', '2030-01-31'),
    ('MCAL clinic feb', 'MCAL', 'Clinic', NULL, 'fee schedule', 66, '2030-02-01', NULL),
    ('MCAL crisis stab', 'MCAL', NULL, 'Crisis Stabilization', 'per diem', 400, '2030-01-01', NULL),
    ('MCAL other', 'MCAL', NULL, NULL, 'case rate', 250, '2030-01-01', NULL),
    ('COM pct', 'COM', NULL, NULL, 'percent of charges', 0.80, '2030-01-01', NULL);
-- Bad terms, each refused and nothing written: an overlap with a term for
-- the same payer, line and level (inserted, or made by an update), a share
-- of charges above 1, a negative or NaN rate, an end before the start, an
-- unknown method, an unknown line.
SELECT public.sqlerr($$INSERT INTO scorecard.payer_contract (contract_id, payer_id, service_line, method, rate, effective_from) VALUES ('x', 'MCAL', 'Clinic', 'fee schedule', 70, '2030-01-15')$$);
SELECT public.sqlerr($$UPDATE scorecard.payer_contract SET effective_to = NULL WHERE contract_id = 'MCAL clinic'$$);
SELECT public.sqlerr($$INSERT INTO scorecard.payer_contract (contract_id, payer_id, method, rate, effective_from) VALUES ('x', 'SELF', 'percent of charges', 1.5, '2030-01-01')$$);
SELECT public.sqlerr($$INSERT INTO scorecard.payer_contract (contract_id, payer_id, method, rate, effective_from) VALUES ('x', 'SELF', 'case rate', -1, '2030-01-01')$$);
SELECT public.sqlerr($$INSERT INTO scorecard.payer_contract (contract_id, payer_id, method, rate, effective_from) VALUES ('x', 'SELF', 'case rate', 'NaN', '2030-01-01')$$);
SELECT public.sqlerr($$INSERT INTO scorecard.payer_contract (contract_id, payer_id, method, rate, effective_from, effective_to) VALUES ('x', 'SELF', 'case rate', 1, '2030-01-01', '2029-12-31')$$);
SELECT public.sqlerr($$INSERT INTO scorecard.payer_contract (contract_id, payer_id, method, rate, effective_from) VALUES ('x', 'SELF', 'capitation', 1, '2030-01-01')$$);
SELECT public.sqlerr($$INSERT INTO scorecard.payer_contract (contract_id, payer_id, service_line, method, rate, effective_from) VALUES ('x', 'SELF', 'Dental', 'case rate', 1, '2030-01-01')$$);
-- The same line and level for another payer, or the next day, is fine.
SELECT public.sqlerr($$INSERT INTO scorecard.payer_contract (contract_id, payer_id, service_line, method, rate, effective_from, effective_to) VALUES ('y', 'COM', 'Clinic', 'fee schedule', 70, '2030-01-15', '2030-01-15')$$);
DELETE FROM scorecard.payer_contract WHERE contract_id = 'y';
SELECT count(*) AS terms FROM scorecard.payer_contract;

INSERT INTO scorecard.service (service_id, beneficiary_id, service_line, acuity_level, service_at, documented_at, units, charge) VALUES
    ('S1', 'B1', 'Clinic', 'Outpatient', '2030-01-10 10:00', '2030-01-10 11:00', 2, 200),
    ('S2', 'B1', 'Clinic', 'Outpatient', '2030-02-05 10:00', '2030-02-05 11:00', 2, 200),
    ('S3', 'B3', 'Crisis', 'Crisis Stabilization', '2030-01-12 10:00', '2030-01-12 11:00', 1, 900),
    ('S4', 'B2', 'Clinic', NULL, '2030-01-20 10:00', '2030-01-20 11:00', 1, 100),
    ('S5', 'B2', 'Clinic', 'Outpatient', '2030-01-25 10:00', '2030-01-25 11:00', 1, 100),
    ('S6', 'B3', 'Crisis', 'Outpatient', '2030-01-15 10:00', '2030-01-15 11:00', 1, 300),
    ('S7', 'B3', 'Crisis', 'Outpatient', '2030-01-16 10:00', '2030-01-16 11:00', 1, 200),
    ('S8', 'B2', 'Clinic', 'Outpatient', '2030-03-02 10:00', '2030-03-02 11:00', 1, 1000);
-- Each claim is priced when it is billed, by the most specific term in
-- effect on its date of service:
--   C1  MCAL, Clinic, 10 Jan, 2 units x 60             = 120
--   C2  MCAL, Clinic, 5 Feb, 2 units x 66 (new term)   = 132
--   C3  MCAL, Crisis Stabilization, 1 day x 400        = 400 (the level's term beats the catch-all)
--   C4  COM, 80% of 100                                =  80
--   C5  SELF, no term: the charge                      = 100
--   C6  MCAL, Crisis line at Outpatient level: case rate 250
--   C7  COM, no service, expected amount supplied      = 450 (kept)
--   C9  MCAL, case rate 250 on a $200 claim: capped at   200
--   C10 COM, 80% of 1000                               = 800
--   C0  still suspended: not priced yet.
INSERT INTO scorecard.claim (claim_id, payer_id, beneficiary_id, service_id, service_from, created_on, bill_date, amount, status, denial_reason, denied_on, expected_amount) VALUES
    ('C1', 'MCAL', 'B1', 'S1', '2030-01-10', '2030-01-11', '2030-01-12', 200, 'paid', NULL, NULL, NULL),
    ('C2', 'MCAL', 'B1', 'S2', '2030-02-05', '2030-02-06', '2030-02-07', 200, 'paid', NULL, NULL, NULL),
    ('C3', 'MCAL', 'B3', 'S3', '2030-01-12', '2030-01-13', '2030-01-14', 900, 'written off', 'CO-50', '2030-02-01', NULL),
    ('C4', 'COM', 'B2', 'S4', '2030-01-20', '2030-01-21', '2030-01-22', 100, 'paid', NULL, NULL, NULL),
    ('C5', 'SELF', 'B2', 'S5', '2030-01-25', '2030-01-26', '2030-01-27', 100, 'written off', NULL, NULL, NULL),
    ('C6', 'MCAL', 'B3', 'S6', '2030-01-15', '2030-01-16', '2030-01-17', 300, 'submitted', NULL, NULL, NULL),
    ('C7', 'COM', 'B2', NULL, '2030-01-28', '2030-01-29', '2030-01-30', 500, 'submitted', NULL, NULL, 450),
    ('C9', 'MCAL', 'B3', 'S7', '2030-01-16', '2030-01-17', '2030-01-18', 200, 'submitted', NULL, NULL, NULL),
    ('C10', 'COM', 'B2', 'S8', '2030-03-02', '2030-03-03', '2030-03-04', 1000, 'submitted', NULL, NULL, NULL),
    ('C0', 'COM', 'B2', 'S8', '2030-03-02', '2030-03-03', NULL, 1000, 'suspended', NULL, NULL, NULL);
SELECT claim_id, amount, expected_amount, contract_id FROM scorecard.claim ORDER BY length(claim_id), claim_id;
-- Re-priced when what the price depends on changes (C9 cut to $180: capped
-- at 180); kept when the writer sets it; never outside 0 to the amount.
BEGIN;
UPDATE scorecard.claim SET amount = 180 WHERE claim_id = 'C9';
UPDATE scorecard.claim SET amount = 600, expected_amount = 470 WHERE claim_id = 'C7';
SELECT claim_id, amount, expected_amount, contract_id FROM scorecard.claim WHERE claim_id IN ('C7', 'C9') ORDER BY 1;
ROLLBACK;
SELECT public.sqlerr($$UPDATE scorecard.claim SET expected_amount = 501 WHERE claim_id = 'C7'$$);
SELECT public.sqlerr($$UPDATE scorecard.claim SET expected_amount = -1 WHERE claim_id = 'C7'$$);
SELECT public.sqlerr($$UPDATE scorecard.claim SET expected_amount = 'NaN' WHERE claim_id = 'C7'$$);
-- A retroactive amendment moves booked revenue only when asked: February's
-- Clinic rate cut back to 60, then C2 re-priced (132 -> 120).
BEGIN;
UPDATE scorecard.payer_contract SET rate = 60 WHERE contract_id = 'MCAL clinic feb';
SELECT expected_amount AS c2_still FROM scorecard.claim WHERE claim_id = 'C2';
SELECT scorecard.reprice_claims('2030-02-01', '2030-02-28') AS repriced;
SELECT expected_amount AS c2_now FROM scorecard.claim WHERE claim_id = 'C2';
ROLLBACK;

-- Postings:
--   C1  paid 120 and contractual 80 on 10 Feb: exactly as expected.
--   C2  paid 120 (the old rate) and contractual 80 on 5 Mar: $12 short.
--   C3  denied 1 Feb, written off (900) on 20 Mar.
--   C4  paid 90 and contractual 10 on 15 Feb: $10 above 80% of charges.
--   C5  paid 40 on 20 Feb (25 of it at the front desk), the rest (60)
--       bad debt on 25 Mar.
--   C7  $100 of charity on 28 Feb.
INSERT INTO scorecard.payment (payment_id, payer_id, claim_id, received_on, posted_on, reconciled_on, amount) VALUES
    ('P1', 'MCAL', 'C1', '2030-02-10', '2030-02-10', '2030-02-10', 120),
    ('P2', 'MCAL', 'C2', '2030-03-05', '2030-03-05', '2030-03-05', 120),
    ('P4', 'COM', 'C4', '2030-02-15', '2030-02-15', '2030-02-15', 90),
    ('P5', 'SELF', 'C5', '2030-02-20', '2030-02-20', '2030-02-20', 25),
    ('P5b', 'SELF', 'C5', '2030-02-20', '2030-02-20', '2030-02-20', 15);
-- Of C5's 40, 25 was collected at the front desk.
UPDATE scorecard.payment SET point_of_service = true WHERE payment_id = 'P5';
-- A March service no claim names yet (discharged, not final billed).
INSERT INTO scorecard.service (service_id, beneficiary_id, service_line, acuity_level, service_at, documented_at, units, charge)
VALUES ('S9', 'B1', 'Clinic', 'Outpatient', '2030-03-30 10:00', '2030-03-30 11:00', 1, 350);
INSERT INTO scorecard.adjustment (adjustment_id, claim_id, adjusted_on, kind, reason, amount) VALUES
    ('A1', 'C1', '2030-02-10', 'contractual', 'contractual allowance', 80),
    ('A2', 'C2', '2030-03-05', 'contractual', 'contractual allowance', 80),
    ('A3', 'C3', '2030-03-20', 'write-off', 'not medically necessary', 900),
    ('A4', 'C4', '2030-02-15', 'contractual', 'contractual allowance', 10),
    ('A5', 'C5', '2030-03-25', 'bad debt', 'uncollectible', 60),
    ('A7', 'C7', '2030-02-28', 'charity', 'charity policy', 100);

-- NPSR by month (revenue is booked at billing at the expected amount; the
-- later postings move it only by what they take off or add to that):
--   January: billed 200+900+100+100+300+500+200 = 2300, expected
--     120+400+80+100+250+450+200 = 1600, allowance 700, no postings:
--     NPSR 1600, cash 0, net A/R 1600.
--   February: billed C2 200 at 132 (allowance 68); C1 paid as expected
--     (0); C4 paid 10 above (+10, other deductions -10); C5 paid 40 of its
--     100 (0); C7 charity 100 (-100): NPSR 132 + 10 - 100 = 42; cash
--     120 + 90 + 40 = 250; net A/R 1600 + 42 - 250 = 1392
--     (C2 132, C3 400, C5 60, C6 250, C7 350, C9 200).
--   March: billed C10 1000 at 800 (allowance 200); C2 paid 12 short
--     (other deductions 12); C3's denial written off (its expected 400);
--     C5's bad debt (60): NPSR 800 - 12 - 400 - 60 = 328; cash 120; net
--     A/R 1392 + 328 - 120 = 1600 (C6 250, C7 350, C9 200, C10 800).
SELECT period_start, sum(gross_revenue) AS gross, sum(contractual_allowances) AS allowances,
       sum(denial_write_offs) AS denial_wo, sum(bad_debt) AS bad_debt, sum(charity) AS charity,
       sum(other_deductions) AS other, sum(net_patient_revenue) AS npsr, sum(cash_posted) AS cash, sum(net_ar) AS net_ar
  FROM scorecard.net_patient_revenue GROUP BY 1 ORDER BY 1;
-- By line: Clinic (B1, B2) and Crisis (B3).
--   Clinic: Jan 120+80+100+450 = 750; Feb 132+10-100 = 42; Mar 800-12-60 = 728.
--   Crisis: Jan 400+250+200 = 850; Feb 0; Mar -400.
SELECT period_start, service_line, sum(net_patient_revenue) AS npsr, sum(net_ar) AS net_ar
  FROM scorecard.net_patient_revenue GROUP BY 1, 2 ORDER BY 1, 2;
-- The same NPSR and net A/R for any period from the function, and
-- NPSR = cash posted + change of net A/R.
SELECT p.s AS period_start, n.gross_revenue, n.contractual_allowances, n.net_patient_revenue, n.cash_posted, n.net_ar, n.billed_ar
  FROM (VALUES (DATE '2030-01-01', DATE '2030-01-31'), ('2030-02-01', '2030-02-28'), ('2030-03-01', '2030-03-31'), ('2030-01-01', '2030-03-31')) p(s, e)
 CROSS JOIN LATERAL scorecard.net_patient_revenue_for(p.s, p.e) n;
SELECT public.sqlerr($$SELECT * FROM scorecard.net_patient_revenue_for('2030-02-01', '2030-01-01')$$) AS reversed_period,
       (SELECT count(*) FROM scorecard.net_patient_revenue_for('2030-02-01', '2030-01-01')) AS rows;

-- The MAP keys (HFMA MAP Keys), March 2030:
--   net days in A/R = net A/R 1600 / (NPSR of Jan-Mar 1600 + 42 + 328 =
--     1970 / 90 days) = 73.096 -> 73.1 (February: 1392 / (1642 / 59) = 50.0;
--     January, alone: 1600 / (1600 / 31) = 31.0);
--   billed (gross) A/R: C6 300 + C7 400 + C9 200 + C10 1000 = 1900;
--   cash collection as % of NPSR: March's cash received 120 / average
--     monthly NPSR 1970 / 3 = 0.1827;
--   denial write-offs as % of NPSR: 400 / 328 = 1.2195;
--   bad debt and charity as % of gross revenue: March 60 / 1000 = 0.0600,
--     February 100 / 200 = 0.5000.
SELECT period_start, net_revenue, net_ar, billed_ar, net_revenue_3_months, days_3_months, net_days_in_ar,
       cash_collected, cash_collected_share, denial_write_offs, denial_write_off_share, bad_debt, charity,
       bad_debt_charity_share
  FROM scorecard.revenue_cycle_kpis ORDER BY 1;
SELECT net_revenue, net_ar, billed_ar, net_revenue_3_months, days_3_months, net_days_in_ar, cash_collected_share,
       contractual_allowances
  FROM scorecard.revenue_cycle_kpis_for('2030-03-01', '2030-03-31');
-- Days in discharged-not-final-billed and final-billed-not-submitted
-- (HFMA MAP), over the average daily gross revenue of the three months,
-- (2300 + 200 + 1000) / 90: at the end of March S9 ($350) has no claim:
-- 350 x 90 / 3500 = 9.0 days; C0 ($1000) is created and not sent:
-- 1000 x 90 / 3500 = 25.7 days. January and February: nothing unbilled or
-- held. Point-of-service collections: February's patient cash 40, 25 of
-- it at the front desk: 0.6250.
SELECT period_start, unbilled_amount, days_in_dnfb, suspended_amount, days_in_fbns, patient_cash, point_of_service_cash,
       point_of_service_share
  FROM scorecard.revenue_cycle_kpis ORDER BY 1;
SELECT unbilled_amount, days_in_dnfb, days_in_fbns, patient_cash, point_of_service_share
  FROM scorecard.revenue_cycle_kpis_for('2030-03-01', '2030-03-31')
UNION ALL
SELECT unbilled_amount, days_in_dnfb, days_in_fbns, patient_cash, point_of_service_share
  FROM scorecard.revenue_cycle_kpis_for('2030-02-01', '2030-02-28');
-- Not billable, or not discharged: a $500 service a county fund pays
-- instead of a claim (funding_stream) never counts; a $700 night of a
-- crisis stay admitted 20 March and still open at the end of March is in
-- house then, not DNFB. March stays at S9's 350 (9.0 days). By the end of
-- April the stay has ended (5 April) and its night, still without a
-- claim, counts: 350 + 700 = 1050 over the gross of February-April
-- (200 + 1000 + 0 = 1200 over 89 days): 1050 x 89 / 1200 = 77.9 days.
BEGIN;
INSERT INTO scorecard.payer (payer_id, name, payer_type) VALUES ('FUND', 'County fund', 'other');
INSERT INTO scorecard.stay (stay_id, beneficiary_id, payer_id, acuity_level, admitted_on, discharged_on)
VALUES ('ST1', 'B3', 'COM', 'Crisis Stabilization', '2030-03-20', '2030-04-05');
INSERT INTO scorecard.service (service_id, beneficiary_id, service_line, acuity_level, service_at, documented_at, units, charge,
                               funding_stream, stay_id)
VALUES ('F1', 'B1', 'Clinic', 'Outpatient', '2030-03-10 10:00', '2030-03-10 11:00', 1, 500, 'FUND', NULL),
       ('SS1', 'B3', 'Crisis', 'Crisis Stabilization', '2030-03-20 10:00', '2030-03-20 11:00', 1, 700, NULL, 'ST1');
SELECT period_start, unbilled_amount, days_in_dnfb FROM scorecard.revenue_cycle_kpis WHERE period_start = DATE '2030-03-01';
SELECT p.s AS period_start, k.unbilled_amount, k.days_in_dnfb
  FROM (VALUES (DATE '2030-03-01', DATE '2030-03-31'), ('2030-04-01', '2030-04-30')) p(s, e)
 CROSS JOIN LATERAL scorecard.revenue_cycle_kpis_for(p.s, p.e) k;
ROLLBACK;
-- Net days in A/R as a measure source: 1600 x 90 / 1970.
SELECT period_start, numerator, denominator, round(numerator / denominator, 4) AS days
  FROM scorecard.revenue_net_days_in_ar ORDER BY 1;

-- Monthly rate reconciliation, in the month of the first payment:
-- February C1 (MCAL clinic: 120 = 120) and C4 (COM: 90 against 80, +10);
-- March C2 (MCAL clinic feb: 120 against 132, -12: to appeal).
SELECT period_start, payer_id, contract_id, method, claims_paid, expected_amount, paid_amount, variance,
       variance_share, underpaid_claims, underpaid_amount, overpaid_claims, overpaid_amount
  FROM scorecard.rate_reconciliation ORDER BY 1, 2, 3;

-- The P&L and break-even on net reimbursement, March: Clinic has fixed
-- cost 700 and variable 200, Crisis fixed 100 and variable 50, and a
-- reserve of 100 is shared by direct cost (900 : 150 -> 85.71 and 14.29).
-- Clinic: NPSR 728 over 2 encounters (S8, and S9 not billed yet): 364 an
-- encounter, variable cost 100 an encounter; margin 728 - 200 - 700 =
-- -172, below its reserve: ceil((700 + 85.71) / (364 - 100)) = 3 needed.
-- Crisis delivered nothing in March and had -400 of net revenue (C3's
-- denial written off): margin -550, no break-even row.
INSERT INTO scorecard.cost_entry (period_start, service_line, cost_type, category, amount) VALUES
    ('2030-03-01', 'Clinic', 'fixed', 'salaries', 700), ('2030-03-01', 'Clinic', 'variable', 'per diem', 200),
    ('2030-03-01', 'Crisis', 'fixed', 'salaries', 100), ('2030-03-01', 'Crisis', 'variable', 'per diem', 50);
INSERT INTO scorecard.reserve_plan (period_start, amount) VALUES ('2030-03-01', 100);
SELECT service_line, revenue_billed, contractual_allowances, claims_denied, net_revenue, total_cost, margin,
       reserve_contribution, solvency_gap
  FROM scorecard.service_line_pnl WHERE period_start = '2030-03-01' ORDER BY 1;
SELECT service_line, fixed_costs, reserve, net_unit_price, variable_cost, encounters_needed, encounters_delivered, status
  FROM scorecard.service_line_break_even WHERE period_start = '2030-03-01' ORDER BY 1;
-- Clinic's fixed cost cut to 400 (the reserve now shared 600 : 150 ->
-- 80 and 20): margin 728 - 200 - 400 = 128 >= 80, at or above
-- break-even, ceil((400 + 80) / 264) = 2 needed, 2 delivered.
UPDATE scorecard.cost_entry SET amount = 400 WHERE service_line = 'Clinic' AND cost_type = 'fixed';
SELECT p.service_line, p.margin, p.reserve_contribution, b.encounters_needed, b.status
  FROM scorecard.service_line_pnl p JOIN scorecard.service_line_break_even b USING (period_start, service_line)
 WHERE p.period_start = '2030-03-01' ORDER BY 1;
-- Per acuity level (Clinic's one level carries the line).
SELECT service_line, acuity_level, fixed_costs, reserve, net_unit_price, variable_cost, net_revenue, margin,
       encounters_needed, status
  FROM scorecard.acuity_break_even WHERE period_start = '2030-03-01' ORDER BY 1, 2;

-- Charity is an adjustment kind; an unknown kind is still refused.
SELECT public.sqlerr($$INSERT INTO scorecard.adjustment (adjustment_id, claim_id, adjusted_on, kind, reason, amount) VALUES ('x', 'C6', '2030-03-01', 'courtesy', 'x', 1)$$);
