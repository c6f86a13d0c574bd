-- Legal edits of the sample before the pg_dump round trip (scripts/test.sh
-- dump): each made 0.1.0's pg_restore lose whole tables or silently revert.
\set ON_ERROR_STOP 1
-- Index stays updated: their rows move after their readmissions'.
UPDATE scorecard.stay SET cost = cost + 1 WHERE stay_id IN (SELECT readmission_of FROM scorecard.stay WHERE readmission_of IS NOT NULL);
-- A claim changed (it moves after its payments' claims), then a refund
-- posted first and an overpayment it allows, then the refund edited (so it
-- is stored after the payment).
UPDATE scorecard.claim SET amount = amount + 1
 WHERE claim_id = (SELECT min(claim_id) FROM scorecard.claim WHERE status = 'paid');
INSERT INTO scorecard.adjustment (adjustment_id, claim_id, adjusted_on, kind, reason, amount)
SELECT 'DUMP-R', c.claim_id, '2016-06-29', 'refund', 'overpaid', -25
  FROM scorecard.claim c WHERE c.claim_id = (SELECT min(claim_id) FROM scorecard.claim WHERE status = 'paid');
INSERT INTO scorecard.payment (payment_id, payer_id, claim_id, received_on, posted_on, amount)
SELECT 'DUMP-P', c.payer_id, c.claim_id, '2016-06-29', '2016-06-29', c.amount - c.paid_amount - c.adjusted_amount
  FROM scorecard.claim c WHERE c.claim_id = (SELECT min(claim_id) FROM scorecard.claim WHERE status = 'paid');
UPDATE scorecard.adjustment SET reason = 'overpaid by the payer' WHERE adjustment_id = 'DUMP-R';
-- Built-in disciplines renamed and edited (the rename cascades to
-- objectives, measures and targets), sort orders swapped, one of the user's.
UPDATE scorecard.discipline SET name = 'Fiscal' WHERE name = 'Finance';
UPDATE scorecard.discipline SET deep_dive_threshold = 0.07, description = 'Edited by the user.' WHERE name = 'Customer';
UPDATE scorecard.discipline SET sort_order = CASE name WHEN 'Process' THEN 3 ELSE 4 END WHERE name IN ('Process', 'Learning and Growth');
INSERT INTO scorecard.discipline (name, sort_order, description) VALUES ('Quality', 5, 'A discipline of the user''s.');
SELECT scorecard.snapshot_ar_aging('2016-06-30');
-- The root unit renamed (cascading to measures, targets and commentary)
-- and rolling up its children, a third level below a service line, a
-- unit's own target and bands, a measure moved there.
UPDATE scorecard.org_unit SET name = 'BCH', rollup_children = true, scoring_method = 'goal score' WHERE is_root;
INSERT INTO scorecard.org_unit (name, parent, description) VALUES ('Outpatient clinics', 'Outpatient', 'Three clinics.');
INSERT INTO scorecard.discipline_target (org_unit, discipline, effective_from, target) VALUES ('Outpatient clinics', 'Process', DATE '2016-01-01', 0.88);
INSERT INTO scorecard.status_band (org_unit, min_balance, status, label, color) VALUES
    ('Outpatient clinics', 0, 'fine', 'Fine', '#00aa00'), ('Outpatient clinics', NULL, 'not fine', 'Not fine', '#aa0000');
UPDATE scorecard.measure SET org_unit = 'Outpatient clinics', aggregation = 'sum' WHERE name = 'Outpatient: clean claim rate';
-- A patient moved to another line mid-June, and a Crisis team's service to
-- an Outpatient patient in June, a month with costs: the stored allocation
-- (not dumped) must come back as it was, rebuilt when the services and
-- transfers load after the costs.
INSERT INTO scorecard.factory_transfer (beneficiary_id, effective_from, service_line, reason)
SELECT min(b.beneficiary_id), DATE '2016-06-15', 'Crisis Services', 'stepped up'
  FROM scorecard.beneficiary b WHERE b.service_line = 'Outpatient';
INSERT INTO scorecard.service (service_id, beneficiary_id, service_line, acuity_level, service_at, documented_at, units, charge)
SELECT 'DUMP-S', max(b.beneficiary_id), 'Crisis Services', NULL, '2016-06-20 10:00', '2016-06-20 11:00', 2, 600
  FROM scorecard.beneficiary b WHERE b.service_line = 'Outpatient';
