-- template: bch
-- The bad-debt policy (scorecard.write_off_aged_self_pay): self-pay
-- balances still open a set number of days after billing are written off.
-- Hand-built claims of beneficiary B0012 in the BCH sample, closed on 30
-- June 2016; 150 days before it is 1 February 2016.
SET datestyle = 'ISO';
SET scorecard.today = '2016-06-30';
\set SHOW_CONTEXT never

INSERT INTO scorecard.claim (claim_id, payer_id, beneficiary_id, service_from, created_on, bill_date, amount, status) VALUES
    ('BD1', 'SELF', 'B0012', '2015-12-30', '2015-12-31', '2016-01-01', 100, 'submitted'),   -- 181 days: written off
    ('BD2', 'SFS',  'B0012', '2016-01-30', '2016-01-31', '2016-02-01', 200, 'submitted'),   -- 150 days: written off
    ('BD3', 'SELF', 'B0012', '2016-01-31', '2016-02-01', '2016-02-02', 300, 'submitted'),   -- 149 days: not yet
    ('BD4', 'SELF', 'B0012', '2015-11-30', '2015-12-01', '2015-12-02', 50, 'submitted'),    -- paid in full: nothing open
    ('BD5', 'MC-FFS', 'B0012', '2015-11-30', '2015-12-01', '2015-12-02', 400, 'submitted'); -- not self-pay
INSERT INTO scorecard.payment (payment_id, payer_id, claim_id, received_on, posted_on, amount) VALUES
    ('BDP1', 'SELF', 'BD1', '2016-03-01', '2016-03-01', 40),
    ('BDP4', 'SELF', 'BD4', '2016-01-05', '2016-01-05', 50);

-- Written off: BD1's open 60 (100 - 40) and BD2's 200; BD3 is a day too
-- young, BD4 has nothing open, BD5 is Medi-Cal's.
SELECT w.claim_id, w.adjustment_id, w.amount
  FROM scorecard.write_off_aged_self_pay(DATE '2016-06-30', 150) w
 WHERE w.claim_id LIKE 'BD_' ORDER BY 1;
SELECT claim_id, amount, paid_amount, adjusted_amount, amount - paid_amount - adjusted_amount AS balance
  FROM scorecard.claim WHERE claim_id LIKE 'BD_' ORDER BY 1;
SELECT adjustment_id, claim_id, adjusted_on, kind, reason, amount
  FROM scorecard.adjustment WHERE claim_id LIKE 'BD_' ORDER BY 1;
-- The sample runs the same policy at every month end (its own
-- write-offs are dated then), and this call took whatever of its own
-- was still due: nothing self-pay billed by 1 February 2016 is open any
-- more; the 149-day claim and younger ones are.
SELECT count(*) FILTER (WHERE c.bill_date <= DATE '2016-02-01') AS old_self_pay_open,
       count(*) FILTER (WHERE c.bill_date > DATE '2016-02-01') AS younger_self_pay_open
  FROM scorecard.claim c JOIN scorecard.payer p USING (payer_id)
 WHERE p.payer_type = 'self-pay' AND c.amount > c.paid_amount + c.adjusted_amount;
-- Running it again writes nothing more; a day later it takes BD3.
SELECT count(*) AS written_again FROM scorecard.write_off_aged_self_pay(DATE '2016-06-30', 150);
CREATE TEMPORARY TABLE july AS SELECT * FROM scorecard.write_off_aged_self_pay(DATE '2016-07-01', 150);
SELECT claim_id, adjustment_id, amount FROM july WHERE claim_id LIKE 'BD_';
-- Accrual: what the policy writes off is the bad debt deducted in the
-- month it is dated (scorecard.net_patient_revenue), to the cent.
SELECT (SELECT count(*) FROM july) AS claims_written_off, (SELECT sum(amount) FROM july) AS written_off,
       (SELECT sum(bad_debt) FROM scorecard.net_patient_revenue WHERE period_start = DATE '2016-07-01') AS july_bad_debt;

-- Bad arguments: 22023, nothing written.
SELECT * FROM scorecard.write_off_aged_self_pay(DATE '2016-06-30', 10);
SELECT * FROM scorecard.write_off_aged_self_pay(DATE '2016-06-30', NULL);
SELECT * FROM scorecard.write_off_aged_self_pay('infinity', 150);
SELECT * FROM scorecard.write_off_aged_self_pay(DATE '2016-06-30', 150, ' ');
SELECT count(*) AS bad_debt_rows FROM scorecard.adjustment WHERE adjustment_id LIKE 'BD-%';
