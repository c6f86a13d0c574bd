-- template: bch
-- The settlement rule for every INSERT, UPDATE and DELETE of a claim,
-- payment or adjustment (tests/isolation/specs/concurrent_postings.spec covers
-- concurrent sessions): payments plus adjustments never exceed the claim's
-- amount (0 for a credit claim); a refund adjustment is what allows more.
-- Each refusal below was accepted by 0.1.0.

-- The kept totals equal a recomputation from scratch on the whole sample.
SELECT count(*) AS claims,
       count(*) FILTER (WHERE c.paid_amount <> coalesce((SELECT sum(p.amount) FROM scorecard.payment p WHERE p.claim_id = c.claim_id), 0)
                           OR c.adjusted_amount <> coalesce((SELECT sum(a.amount) FROM scorecard.adjustment a WHERE a.claim_id = c.claim_id), 0)
                           OR c.first_paid_on IS DISTINCT FROM (SELECT min(p.received_on) FROM scorecard.payment p WHERE p.claim_id = c.claim_id)) AS differing
  FROM scorecard.claim c;

INSERT INTO scorecard.claim (claim_id, payer_id, beneficiary_id, service_from, created_on, bill_date, amount, status) VALUES
    ('S1', 'MCR-B', 'B0012', '2016-06-01', '2016-06-01', '2016-06-02', 100, 'submitted'),
    ('S2', 'MCR-B', 'B0012', '2016-06-01', '2016-06-01', '2016-06-02', 100, 'submitted'),
    ('CREDIT', 'MCR-B', 'B0012', '2016-06-01', '2016-06-01', '2016-06-02', -100, 'submitted');
-- Rows are held to the rule at the end of their statement, in any order:
-- 70 and 30 in one statement settle the claim.
INSERT INTO scorecard.payment (payment_id, payer_id, claim_id, received_on, posted_on, amount) VALUES
    ('SP1', 'MCR-B', 'S1', '2016-06-10', '2016-06-10', 70), ('SP2', 'MCR-B', 'S1', '2016-06-11', '2016-06-11', 30);
-- One more payment is an overpayment: refused, until a refund says so.
SELECT public.sqlerr($$INSERT INTO scorecard.payment (payment_id, payer_id, claim_id, received_on, posted_on, amount) VALUES ('SP3', 'MCR-B', 'S1', '2016-06-12', '2016-06-12', 20)$$);
INSERT INTO scorecard.adjustment (adjustment_id, claim_id, adjusted_on, kind, reason, amount) VALUES ('SR1', 'S1', '2016-06-12', 'refund', 'overpaid', -20);
INSERT INTO scorecard.payment (payment_id, payer_id, claim_id, received_on, posted_on, amount) VALUES ('SP3', 'MCR-B', 'S1', '2016-06-12', '2016-06-12', 20);
SELECT claim_id, amount, paid_amount, adjusted_amount, amount - paid_amount - adjusted_amount AS balance
  FROM scorecard.claim WHERE claim_id IN ('S1', 'S2', 'CREDIT') ORDER BY claim_id;

-- Refused: each would leave S1 settled beyond its amount.
SELECT public.sqlerr($$UPDATE scorecard.claim SET amount = 99 WHERE claim_id = 'S1'$$);
SELECT public.sqlerr($$DELETE FROM scorecard.adjustment WHERE adjustment_id = 'SR1'$$);
SELECT public.sqlerr($$UPDATE scorecard.adjustment SET amount = -5 WHERE adjustment_id = 'SR1'$$);
SELECT public.sqlerr($$UPDATE scorecard.adjustment SET claim_id = 'S2' WHERE adjustment_id = 'SR1'$$);
SELECT public.sqlerr($$UPDATE scorecard.payment SET amount = 71 WHERE payment_id = 'SP1'$$);
SELECT public.sqlerr($$UPDATE scorecard.payment SET claim_id = 'S1' WHERE payment_id IN (SELECT payment_id FROM scorecard.payment WHERE claim_id <> 'S1' LIMIT 1)$$);
-- A credit claim is settled by a refund, not by payments.
SELECT public.sqlerr($$INSERT INTO scorecard.payment (payment_id, payer_id, claim_id, received_on, amount) VALUES ('SPX', 'MCR-B', 'CREDIT', '2016-06-10', 1000000)$$);
-- The totals are pg_scorecard's to keep.
SELECT public.sqlerr($$UPDATE scorecard.claim SET paid_amount = 0 WHERE claim_id = 'S1'$$);
SELECT public.sqlerr($$UPDATE scorecard.claim SET adjusted_amount = -1000 WHERE claim_id = 'S2'$$);
SELECT public.sqlerr($$UPDATE scorecard.claim SET first_paid_on = '2016-06-01' WHERE claim_id = 'S1'$$);
-- Allowed: moving a payment to a claim with room, deleting a payment,
-- raising the claim, and refunding a credit claim.
UPDATE scorecard.payment SET claim_id = 'S2' WHERE payment_id = 'SP2';
DELETE FROM scorecard.payment WHERE payment_id = 'SP3';
UPDATE scorecard.claim SET amount = 150 WHERE claim_id = 'S1';
DELETE FROM scorecard.adjustment WHERE adjustment_id = 'SR1';
INSERT INTO scorecard.adjustment (adjustment_id, claim_id, adjusted_on, kind, reason, amount) VALUES ('SRC', 'CREDIT', '2016-06-20', 'refund', 'credit returned', -100);
SELECT claim_id, amount, paid_amount, adjusted_amount, amount - paid_amount - adjusted_amount AS balance
  FROM scorecard.claim WHERE claim_id IN ('S1', 'S2', 'CREDIT') ORDER BY claim_id;
-- first_paid_on, the date the first payment was received, follows every
-- change: S1 kept SP1 (10 June), S2 gained SP2 (11 June), CREDIT has none.
-- A payment dated earlier, then moved, then removed:
SELECT claim_id, first_paid_on FROM scorecard.claim WHERE claim_id IN ('S1', 'S2', 'CREDIT') ORDER BY claim_id;
UPDATE scorecard.payment SET received_on = '2016-06-05', posted_on = '2016-06-05' WHERE payment_id = 'SP2';
SELECT claim_id, first_paid_on FROM scorecard.claim WHERE claim_id = 'S2';
UPDATE scorecard.payment SET claim_id = 'S1' WHERE payment_id = 'SP2';
SELECT claim_id, first_paid_on FROM scorecard.claim WHERE claim_id IN ('S1', 'S2') ORDER BY claim_id;
UPDATE scorecard.payment SET claim_id = 'S2' WHERE payment_id = 'SP2';
DELETE FROM scorecard.payment WHERE payment_id = 'SP1';
SELECT claim_id, first_paid_on FROM scorecard.claim WHERE claim_id IN ('S1', 'S2') ORDER BY claim_id;
INSERT INTO scorecard.payment (payment_id, payer_id, claim_id, received_on, posted_on, amount) VALUES ('SP1', 'MCR-B', 'S1', '2016-06-10', '2016-06-10', 70);
UPDATE scorecard.payment SET received_on = '2016-06-11', posted_on = '2016-06-11' WHERE payment_id = 'SP2';
-- settle_claims rebuilds a total exactly.
SELECT scorecard.settle_claims(ARRAY['S1', 'S2'], 'payment');
SELECT claim_id, paid_amount FROM scorecard.claim WHERE claim_id IN ('S1', 'S2') ORDER BY claim_id;
