-- template: empty
-- The source's billing controls on a hand-built week: edits found,
-- returned and corrected with timestamps, claims never billed with an open
-- edit, the pre-billing report a week before each billing run, readiness
-- of a run, corrections within 48 hours and suspended claims by category;
-- then patient access: insurance verification and prior authorization.
SET datestyle = 'ISO';
SET timezone = 'UTC';
SET scorecard.today = '2026-01-10';  -- (dates before the real today: reports never see the future)
INSERT INTO scorecard.payer (payer_id, name, payer_type) VALUES ('P', 'Payer', 'commercial');
INSERT INTO scorecard.beneficiary (beneficiary_id) VALUES ('B');
-- Q1, Q2 created 2 January; Q3, Q4 on the 6th; all held awaiting billing.
INSERT INTO scorecard.claim (claim_id, payer_id, beneficiary_id, service_from, created_on, amount, status, edit_reason) VALUES
    ('Q1', 'P', 'B', '2026-01-01', '2026-01-02', 100, 'suspended', 'missing signature'),
    ('Q2', 'P', 'B', '2026-01-01', '2026-01-02', 200, 'suspended', 'missing authorization'),
    ('Q3', 'P', 'B', '2026-01-05', '2026-01-06', 300, 'suspended', 'missing authorization'),
    ('Q4', 'P', 'B', '2026-01-05', '2026-01-06', 400, 'suspended', NULL);
-- E1: found 2 Jan 09:00, to the clinician at 10:00, corrected 3 Jan 08:00 (23 h).
-- E2: found 2 Jan 09:00, to a clerk at 09:30, corrected 5 Jan 09:00 (72 h, late).
-- E3: found 6 Jan 09:00, to a clerk, still open.
INSERT INTO scorecard.claim_edit (edit_id, claim_id, category, found_at, returned_to, returned_at, corrected_at) VALUES
    ('E1', 'Q1', 'missing signature', '2026-01-02 09:00', 'clinician', '2026-01-02 10:00', '2026-01-03 08:00'),
    ('E2', 'Q2', 'missing authorization', '2026-01-02 09:00', 'clerk', '2026-01-02 09:30', '2026-01-05 09:00'),
    ('E3', 'Q3', 'missing authorization', '2026-01-06 09:00', 'clerk', '2026-01-06 11:00', NULL);
-- Bad edits, refused and nothing written: corrected before found, returned
-- before found, returned to nobody, to someone unknown, an infinite time.
SELECT public.sqlerr($$INSERT INTO scorecard.claim_edit (edit_id, claim_id, category, found_at, corrected_at) VALUES ('x', 'Q4', 'c', '2026-01-06 09:00', '2026-01-06 08:00')$$);
SELECT public.sqlerr($$INSERT INTO scorecard.claim_edit (edit_id, claim_id, category, found_at, returned_to, returned_at) VALUES ('x', 'Q4', 'c', '2026-01-06 09:00', 'clerk', '2026-01-05 09:00')$$);
SELECT public.sqlerr($$INSERT INTO scorecard.claim_edit (edit_id, claim_id, category, found_at, returned_at) VALUES ('x', 'Q4', 'c', '2026-01-06 09:00', '2026-01-06 10:00')$$);
SELECT public.sqlerr($$INSERT INTO scorecard.claim_edit (edit_id, claim_id, category, found_at, returned_to, returned_at) VALUES ('x', 'Q4', 'c', '2026-01-06 09:00', 'coder', '2026-01-06 10:00')$$);
SELECT public.sqlerr($$INSERT INTO scorecard.claim_edit (edit_id, claim_id, category, found_at) VALUES ('x', 'Q4', 'c', 'infinity')$$);
SELECT public.sqlerr($$INSERT INTO scorecard.claim_edit (edit_id, claim_id, category, found_at) VALUES ('x', 'nope', 'c', '2026-01-06 09:00')$$);

-- The run of 9 January: Q3's edit is open, so Q3 cannot go out with it;
-- Q1, Q2 (corrected) and Q4 (clean) can.
SELECT public.sqlerr($$UPDATE scorecard.claim SET bill_date = '2026-01-09', status = 'submitted' WHERE claim_id = 'Q3'$$);
UPDATE scorecard.claim SET bill_date = '2026-01-09', status = 'submitted' WHERE claim_id IN ('Q1', 'Q2', 'Q4');
-- From the edit's side: an edit of billed Q1 found before its bill date
-- and not corrected by then is refused (open, or corrected only after the
-- bill went out), and so is reopening E2; one found after billing (a
-- post-billing audit) is not.
SELECT public.sqlerr($$INSERT INTO scorecard.claim_edit (edit_id, claim_id, category, found_at) VALUES ('E4', 'Q1', 'duplicate service', '2026-01-08 09:00')$$);
SELECT public.sqlerr($$INSERT INTO scorecard.claim_edit (edit_id, claim_id, category, found_at, corrected_at) VALUES ('E4', 'Q1', 'duplicate service', '2026-01-08 09:00', '2026-01-10 09:00')$$);
SELECT public.sqlerr($$UPDATE scorecard.claim_edit SET corrected_at = NULL WHERE edit_id = 'E2'$$);
INSERT INTO scorecard.claim_edit (edit_id, claim_id, category, found_at) VALUES ('E5', 'Q1', 'post-billing audit', '2026-01-12 09:00');

-- Billing runs on 9 and 16 January, pre-billing reports on 2 and 9
-- January. The run of the 9th is released; the one of the 16th planned.
INSERT INTO scorecard.billing_run (run_on, released_at) VALUES ('2026-01-09', '2026-01-09 17:00'), ('2026-01-16', NULL);
SELECT public.sqlerr($$INSERT INTO scorecard.billing_run (run_on, prebilling_report_on) VALUES ('2026-01-23', '2026-01-20')$$) AS report_is_a_week_before;
-- Report of 2 January (its end): E1 and E2 open 15 hours, not overdue.
-- Report of 9 January: E3 open 87 hours, overdue (due 8 January 09:00).
SELECT run_on, prebilling_report_on, claim_id, category, found_on, returned_to, returned_on, hours_open, hours_left, overdue
  FROM scorecard.prebilling_report ORDER BY run_on, claim_id;
-- Readiness: the run of the 9th had Q1 and Q2 held at its report (300)
-- and Q3 held when it was released (300): flagged, not refused, since Q3
-- stayed out of it. The 16th: Q3 held at its report and still at the end
-- of its day.
SELECT run_on, released, released_on, held_at_prebilling, amount_at_prebilling, overdue_at_prebilling, held_at_run, amount_at_run,
       ready, status_label
  FROM scorecard.billing_run_readiness ORDER BY run_on;
-- Corrected within 48 hours, as of 10 January: E1 yes, E2 no (72 h), E3
-- open past 48 h (no); E5 found after the report: 1 of 3 judged = 0.3333;
-- median hours to correct of E1 and E2: (23 + 72) / 2 = 47.5.
SELECT period_start, edits_found, corrected, corrected_within_48h, judged, within_48h_share, median_hours_to_correct
  FROM scorecard.edit_corrections ORDER BY 1;
-- Suspended claims by category as of 10 January: Q3.
SELECT as_of_date, category, claims, amount, past_48_hours, oldest_hours_open FROM scorecard.suspended_claims_by_category;
-- Corrected on the 11th, Q3 goes out on the 16th; nothing is held then.
UPDATE scorecard.claim_edit SET corrected_at = '2026-01-11 10:00' WHERE edit_id = 'E3';
UPDATE scorecard.claim SET bill_date = '2026-01-16', status = 'submitted' WHERE claim_id = 'Q3';
SELECT run_on, held_at_run, ready, status_label FROM scorecard.billing_run_readiness WHERE run_on = '2026-01-16';

-- Patient access. A Medi-Cal payer whose Ward term requires prior
-- authorization; everything else it pays at a case rate, no authorization.
INSERT INTO scorecard.payer (payer_id, name, payer_type) VALUES ('M', 'Medi-Cal', 'Medi-Cal');
INSERT INTO scorecard.service_line (service_line) VALUES ('Ward');
INSERT INTO scorecard.payer_contract (contract_id, payer_id, service_line, method, rate, effective_from, requires_authorization) VALUES
    ('M ward', 'M', 'Ward', 'fee schedule', 100, '2026-01-01', true),
    ('M other', 'M', NULL, 'case rate', 50, '2026-01-01', false);
INSERT INTO scorecard.service (service_id, beneficiary_id, service_line, service_at, documented_at, units, charge) VALUES
    ('V1', 'B', 'Ward', '2026-02-10 10:00', '2026-02-10 11:00', 1, 200),
    ('V2', 'B', 'Ward', '2026-02-20 10:00', '2026-02-20 11:00', 1, 200),
    ('V3', 'B', NULL, '2026-02-15 10:00', '2026-02-15 11:00', 1, 200),
    ('V4', 'B', 'Ward', '2026-03-05 10:00', '2026-03-05 11:00', 1, 200);
INSERT INTO scorecard.claim (claim_id, payer_id, beneficiary_id, service_id, service_from, created_on, bill_date, amount, status)
SELECT 'W' || substr(s.service_id, 2), 'M', 'B', s.service_id, s.service_at::date, s.service_at::date, s.service_at::date + 1, 200, 'submitted'
  FROM scorecard.service s WHERE s.service_id LIKE 'V%';
-- Coverage verified at intake on 1 February; found not eligible on 1
-- March; re-verified on 10 March. Ward authorized 1-15 February.
INSERT INTO scorecard.eligibility_check (check_id, beneficiary_id, payer_id, checked_on, kind, result) VALUES
    ('EV1', 'B', 'M', '2026-02-01', 'intake', 'eligible'),
    ('EV2', 'B', 'M', '2026-03-01', 're-verification', 'not eligible'),
    ('EV3', 'B', 'M', '2026-03-10', 're-verification', 'eligible');
INSERT INTO scorecard.prior_authorization (authorization_id, beneficiary_id, payer_id, service_line, valid_from, valid_to) VALUES
    ('AU1', 'B', 'M', 'Ward', '2026-02-01', '2026-02-15');
-- February: V1, V2, V3 verified within 30 days (1 Feb): 3 / 3; V1 and V2
-- need authorization (the Ward term), V1's is covered: 1 / 2 = 0.5000.
-- March: V4's last eligible check is 32 days old (1 Feb): 0 / 1; it needs
-- authorization and has none: 0 / 1. (The claims of the first part have
-- no service and are left out.)
SELECT period_start, insured_services, verified_services, verification_rate, services_requiring_authorization,
       authorized_services, authorization_rate
  FROM scorecard.patient_access ORDER BY 1;
-- With a 60-day window, V4 is verified: March 1 / 1.
SELECT period_start, verified_services, verification_rate FROM scorecard.patient_access_rates(60) ORDER BY 1;
SELECT count(*) AS rows_for_a_negative_window FROM scorecard.patient_access_rates(-1);
-- Bad input, refused and nothing written.
SELECT public.sqlerr($$INSERT INTO scorecard.eligibility_check (check_id, beneficiary_id, payer_id, checked_on, kind, result) VALUES ('x', 'B', 'M', '2026-02-01', 'annual', 'eligible')$$);
SELECT public.sqlerr($$INSERT INTO scorecard.eligibility_check (check_id, beneficiary_id, payer_id, checked_on, kind, result) VALUES ('x', 'B', 'M', '2026-02-01', 'intake', 'maybe')$$);
SELECT public.sqlerr($$INSERT INTO scorecard.eligibility_check (check_id, beneficiary_id, payer_id, checked_on, kind, result) VALUES ('x', 'nobody', 'M', '2026-02-01', 'intake', 'eligible')$$);
SELECT public.sqlerr($$INSERT INTO scorecard.eligibility_check (check_id, beneficiary_id, payer_id, checked_on, kind, result) VALUES ('x', 'B', 'M', 'infinity', 'intake', 'eligible')$$);
SELECT public.sqlerr($$INSERT INTO scorecard.prior_authorization (authorization_id, beneficiary_id, payer_id, valid_from, valid_to) VALUES ('x', 'B', 'M', '2026-02-15', '2026-02-01')$$);
