-- template: bch
-- The revenue cycle: the ar_aging aggregate, the input tables' refusals,
-- and the five weekly reports and KPIs on the BCH sample as of 2016-06-30.

-- ar_aging: default and custom buckets; nothing lost.
SELECT * FROM scorecard.aging_buckets();
SELECT * FROM scorecard.aging_buckets('{7,14,28}');
SELECT * FROM scorecard.aging_buckets('{}');
SELECT (scorecard.ar_aging(a, d, DATE '2016-06-30')).*
  FROM (VALUES (100.00, DATE '2016-06-30'), (200.00, '2016-05-31'), (300.00, '2016-05-30'), (400.00, '2016-03-02'),
               (500.00, '2016-03-01'), (600.00, '2015-01-01'), (50.00, '2016-07-05'), (7.00, NULL), (NULL, '2016-06-01')) v(a, d);
SELECT (scorecard.ar_aging(a, d, DATE '2016-06-30', '{7,14}')).buckets
  FROM (VALUES (1, DATE '2016-06-23'), (2, '2016-06-22'), (4, '2016-06-16'), (8, '2016-06-15')) v(a, d);
SELECT scorecard.ar_aging(a, d, DATE '2016-06-30') IS NULL AS no_rows FROM (SELECT 1::numeric, DATE '2016-01-01' WHERE false) v(a, d);
SELECT public.sqlerr($$SELECT scorecard.aging_buckets('{60,30}')$$);
SELECT public.sqlerr($$SELECT scorecard.aging_buckets('{30,30}')$$);
SELECT public.sqlerr($$SELECT scorecard.aging_buckets('{-1,30}')$$);
SELECT public.sqlerr($$SELECT scorecard.ar_aging(1, DATE '2016-01-01', DATE '2016-02-01', '{90,60,30}')$$);
SELECT public.sqlerr($$SELECT scorecard.ar_aging(1, DATE '2016-01-01', DATE '2016-02-01', '{30,NULL}')$$);
SELECT public.sqlerr($$SELECT scorecard.ar_aging(1, DATE '2016-01-01', DATE '2016-02-01', NULL)$$);
SELECT public.sqlerr($$SELECT scorecard.ar_aging(1, DATE '2016-01-01', NULL)$$);
SELECT public.sqlerr($$SELECT scorecard.ar_aging(a, DATE '2016-01-01', DATE '2016-02-01', e) FROM (VALUES (1, '{30}'::int[]), (2, '{60}')) v(a, e)$$);
SELECT public.sqlerr($$SELECT scorecard.ar_aging('NaN', DATE '2016-01-01', DATE '2016-02-01')$$);
SELECT public.sqlerr($$SELECT scorecard.ar_aging(1, DATE '2016-01-01', 'infinity')$$);
-- The transition function reads its arguments in place and remembers the
-- last edges list per call site: edges that differ per group (rows of the
-- groups interleaved), edges stored in a table (1-byte header) and a
-- numeric stored out of line all give the same answers as constants.
CREATE TEMP TABLE aging_rows (g int, a numeric, d date, e int[]);
ALTER TABLE aging_rows ALTER COLUMN a SET STORAGE EXTERNAL;
INSERT INTO aging_rows
SELECT i % 3, i, DATE '2016-06-30' - i * 5, CASE i % 3 WHEN 0 THEN '{10,20}'::int[] WHEN 1 THEN '{}' ELSE '{30,60,90,120}' END
  FROM generate_series(1, 30) i;
SET enable_sort = off;
SELECT g, e, (scorecard.ar_aging(a, d, DATE '2016-06-30', e)).buckets,
       (SELECT array_agg(coalesce((SELECT sum(r.a) FROM aging_rows r
                                    WHERE r.g = o.g
                                      AND coalesce(array_position(array(SELECT DATE '2016-06-30' - r.d <= x FROM unnest(r.e) x), true),
                                                   cardinality(r.e) + 1) = b), 0) ORDER BY b)
          FROM generate_series(1, cardinality(o.e) + 1) b) AS by_hand
  FROM aging_rows o GROUP BY g, e ORDER BY g;
RESET enable_sort;
SELECT public.sqlerr($$SELECT scorecard.ar_aging(a, d, DATE '2016-06-30', e) FROM aging_rows$$) AS edges_change_in_a_group;
INSERT INTO aging_rows VALUES (9, repeat('9', 8000)::numeric, '2016-06-01', '{}');
SELECT pg_column_size(a) > 3000 AS stored_out_of_line FROM aging_rows WHERE g = 9;
SELECT public.sqlerr($$SELECT scorecard.ar_aging(a, d, DATE '2016-06-30') FROM aging_rows WHERE g = 9$$) AS toasted_amount;
UPDATE aging_rows SET a = 12345678901234567890.12 WHERE g = 9;
SELECT (scorecard.ar_aging(a, d, DATE '2016-06-30')).buckets FROM aging_rows WHERE g = 9;

-- The sample's year of billing.
SELECT (SELECT count(*) FROM scorecard.payer) AS payers,
       (SELECT count(DISTINCT payer_type) FROM scorecard.payer) AS payer_types,
       (SELECT count(*) FROM scorecard.service_line) AS service_lines,
       (SELECT count(*) FROM scorecard.service) AS services,
       (SELECT count(*) FROM scorecard.claim) AS claims,
       (SELECT count(*) FROM scorecard.payment) AS payments,
       (SELECT count(*) FROM scorecard.adjustment) AS adjustments;
SELECT status, count(*), sum(amount) FROM scorecard.claim GROUP BY status ORDER BY status;
SELECT max(service_at)::date < DATE '2016-07-01' AS nothing_after_june,
       (SELECT max(greatest(received_on, posted_on, reconciled_on)) FROM scorecard.payment) AS last_payment_event
  FROM scorecard.service;

-- Report 1: aging by payer, wide (bill date, the default) and by other bases.
SELECT payer_id, payer_type, days_0_30, days_31_60, days_61_90, days_91_120, days_over_120, total, over_90_share, not_yet_due, open_claims
  FROM scorecard.ar_aging_by_payer_as_of('2016-06-30');
SELECT aged_from, sum(total) AS total, sum(days_over_120) AS over_120, sum(not_yet_due) AS not_yet_due
  FROM (SELECT * FROM scorecard.ar_aging_by_payer_as_of('2016-06-30', 'service_date')
        UNION ALL SELECT * FROM scorecard.ar_aging_by_payer_as_of('2016-06-30', 'bill_date')
        UNION ALL SELECT * FROM scorecard.ar_aging_by_payer_as_of('2016-06-30', 'due_date')) a
 GROUP BY aged_from ORDER BY aged_from;
-- The aging adds up to the open balances: nothing lost.
SELECT (SELECT sum(total) + sum(not_yet_due) FROM scorecard.ar_aging_by_payer_as_of('2016-06-30', 'due_date'))
     = (SELECT sum(balance) FROM scorecard.claim_balances_as_of('2016-06-30')) AS aging_equals_open_balances;
SELECT public.sqlerr($$SELECT * FROM scorecard.ar_aging_by_payer_as_of('2016-06-30', 'posting_date')$$);
-- Long form, with custom buckets, agrees with the wide one.
SELECT payer_id, bucket, bucket_label, amount FROM scorecard.ar_aging_by_payer_long_as_of('2016-06-30') WHERE payer_id = 'BC';
SELECT bucket_label, sum(amount) FROM scorecard.ar_aging_by_payer_long_as_of('2016-06-30', 'bill_date', '{45,90,180}')
 GROUP BY bucket, bucket_label ORDER BY bucket;
-- The same buckets in plain SQL (sum FILTER), for one payer.
SELECT sum(balance) FILTER (WHERE DATE '2016-06-30' - bill_date <= 30) AS d0_30,
       sum(balance) FILTER (WHERE DATE '2016-06-30' - bill_date BETWEEN 31 AND 60) AS d31_60,
       sum(balance) FILTER (WHERE DATE '2016-06-30' - bill_date > 120) AS over_120
  FROM scorecard.claim_balances_as_of('2016-06-30') WHERE payer_id = 'BC' AND balance <> 0;
SELECT payer_type, billed_ar, ar_over_90, over_90_share FROM scorecard.ar_over_90_by_payer_type_as_of('2016-06-30');

-- Report 2: billing edits and denials by error; write-offs by reason.
SELECT * FROM scorecard.claim_errors_between('2016-06-01', '2016-07-01');
SELECT * FROM scorecard.write_offs_between('2016-01-01', '2016-07-01');

-- Report 3: payments received but not posted.
SELECT count(*) AS unposted, sum(amount), max(days_waiting) FROM scorecard.unposted_payments_as_of('2016-06-30');
SELECT * FROM scorecard.unposted_payments_as_of('2016-06-30') LIMIT 5;
SELECT count(*) AS unposted_a_week_earlier FROM scorecard.unposted_payments_as_of('2016-06-23');

-- Report 4: late entries and documentation timeliness.
SELECT count(*) AS late, count(*) FILTER (WHERE NOT documented) AS undocumented
  FROM scorecard.late_entries_between('2016-06-01', '2016-07-01');
SELECT service_id, service_date, clinician_name, service_line, hours_to_document, documented
  FROM scorecard.late_entries_between('2016-06-24', '2016-07-01') LIMIT 6;
SELECT week_start, services, within_4_hours_share, late_24_hours, late_24_hours_share, undocumented
  FROM scorecard.documentation_timeliness WHERE week_start >= DATE '2016-06-06' ORDER BY week_start;
-- A report judges as of the end of its window (scorecard.report_time):
-- LATE1 (28 June 08:09) was documented on 30 June 08:09: the report to 29
-- June, which cannot know that, lists it as still missing; the report to
-- 30 June as documented after 48 hours. LATE2 (30 June 10:00) is not 24
-- hours old by the end of 30 June, so neither lists it, documented on 3
-- July or not.
BEGIN;
INSERT INTO scorecard.service (service_id, beneficiary_id, service_at, documented_at, units, charge) VALUES
    ('LATE1', 'B0001', '2016-06-28 08:09', '2016-06-30 08:09', 1, 145),
    ('LATE2', 'B0001', '2016-06-30 10:00', '2016-07-03 09:00', 1, 145);
SELECT service_id, service_at, hours_to_document, documented
  FROM scorecard.late_entries_between('2016-06-24', '2016-06-30') WHERE service_id LIKE 'LATE_';
SELECT service_id, service_at, hours_to_document, documented
  FROM scorecard.late_entries_between('2016-06-24', '2016-07-01') WHERE service_id LIKE 'LATE_';
ROLLBACK;
SELECT scorecard.report_time('2016-06-29') = TIMESTAMPTZ '2016-06-30 00:00' AS end_of_day,
       scorecard.report_time(CURRENT_DATE) = now() AS today_is_now;

-- "Today" for the as-of-today views: the setting scorecard.today, else
-- CURRENT_DATE. As of the sample's close the weekly views have rows (as of
-- 2026 they are empty, and the aging puts everything over 120 days).
SELECT scorecard.today() = CURRENT_DATE AS defaults_to_current_date;
SET scorecard.today = '2016-06-30';
SELECT scorecard.today(),
       (SELECT count(*) FROM scorecard.claim_errors) AS claim_errors,
       (SELECT count(*) FROM scorecard.write_offs) AS write_offs,
       (SELECT count(*) FROM scorecard.late_entries) AS late_entries,
       (SELECT count(*) FROM scorecard.unposted_payments) AS unposted,
       (SELECT count(*) FROM scorecard.self_pay_delinquency) AS self_pay_overdue,
       (SELECT sum(days_0_30) FROM scorecard.ar_aging_by_payer) AS ar_0_30;
SELECT count(*) = (SELECT count(*) FROM scorecard.late_entries_between('2016-06-24', '2016-07-01')) AS late_entries_are_the_last_7_days
  FROM scorecard.late_entries;
-- Payments reconciled within 72 hours, as of the close. By hand (the
-- count below): June 2016 has 1,700 payments; the 1,542 received by 27
-- June have had their 72 hours by the end of 30 June, and 293 of those
-- were not reconciled by day 3: 293 / 1,542 = 0.1900. The 158 received
-- 28-30 June are too young to judge, reconciled or not (0.1.0 counted the
-- unreconciled ones among them late too). May: all 1,651 judged, 231 late
-- (0.1399).
SELECT period_start, payments_received, payments_judged_72h, payments_unreconciled_72h, unreconciled_72h_share
  FROM scorecard.revenue_cycle_kpis WHERE period_start >= '2016-05-01' ORDER BY 1;
SELECT count(*) FILTER (WHERE received_on <= '2016-06-27') AS judged,
       count(*) FILTER (WHERE received_on <= '2016-06-27' AND (reconciled_on IS NULL OR reconciled_on > received_on + 3)) AS late
  FROM scorecard.payment WHERE received_on BETWEEN '2016-06-01' AND '2016-06-30';
SELECT payments_judged_72h, payments_unreconciled_72h, unreconciled_72h_share
  FROM scorecard.revenue_cycle_kpis_for('2016-06-01', '2016-06-30');
SELECT sum(numerator) AS on_time, sum(denominator) AS judged
  FROM scorecard.revenue_reconciled_within_72h WHERE period_start = '2016-06-01';
-- Initial denial rate as HFMA MAP defines it: claims whose first
-- remittance in the month was a denial / claims first remitted in the
-- month (a denial, or the first payment received). On hand-built claims in
-- January and February 2030 (rolled back):
--   K1 $100 billed 20 Dec, denied 5 Jan, paid 10 Feb: remitted in January, an initial denial
--   K2 $200 billed 2 Jan, paid 15 Jan, denied 20 Jan: remitted in January, not an initial denial
--   K3 $300 billed 28 Dec, paid 3 Jan: remitted in January
--   K4 $400 billed 25 Jan, nothing back yet: not remitted
--   K5 $500 billed 1 Nov, paid 15 Dec and 10 Jan: remitted in December
--   K6 $600 billed 10 Jan, denied 2 Feb: remitted in February, an initial denial
-- January: 1 initial denial of 3 claims remitted = 0.3333; in dollars
-- 100 / (100 + 200 + 300) = 0.1667. February: 1 of 1, $600 of $600.
-- (0.1.0 counted claims billed in the month ever denied: January 2 of 3
-- billed, K2 and K6, though K6's denial came in February.)
-- Clean claim rate as HFMA MAP defines it: claims created in the month
-- (entering the billing edits) that passed every edit / claims created.
-- January creates K2 (hit an edit, corrected, billed), K4, K6, K8 (clean)
-- and K7 (created 28 Jan, still held by an edit, not billed): 3 / 5 =
-- 0.6000. December creates K1 and K3, both clean: 1.0000. (0.1.0 counted
-- claims billed in the month: January 3 of 4, since K7, unbilled, was
-- left out.)
-- A/R over 90 days as HFMA MAP ages it, from the date of service: K8
-- ($800, served 1 October 2029, billed 15 January 2030) is 122 days old
-- from its service on 31 January, 16 from its bill: over 90 days from the
-- date of service, not from the bill date. Every other open claim is aged
-- alike on both bases on 31 January (the sample's are years old, K1, K2,
-- K4 and K6 under 90 days either way), so the two differ by exactly $800.
BEGIN;
INSERT INTO scorecard.claim (claim_id, payer_id, beneficiary_id, service_from, created_on, bill_date, amount, status, edit_reason, denial_reason, denied_on)
VALUES ('K1', 'CGF', 'B0108', '2029-12-01', '2029-12-20', '2029-12-20', 100, 'paid', NULL, 'CO-16', '2030-01-05'),
       ('K2', 'CGF', 'B0108', '2030-01-01', '2030-01-02', '2030-01-04', 200, 'paid', 'missing signature', 'CO-16', '2030-01-20'),
       ('K3', 'CGF', 'B0108', '2029-12-01', '2029-12-28', '2029-12-28', 300, 'paid', NULL, NULL, NULL),
       ('K4', 'CGF', 'B0108', '2030-01-01', '2030-01-25', '2030-01-25', 400, 'submitted', NULL, NULL, NULL),
       ('K5', 'CGF', 'B0108', '2029-11-01', '2029-11-01', '2029-11-01', 500, 'paid', NULL, NULL, NULL),
       ('K6', 'CGF', 'B0108', '2030-01-01', '2030-01-10', '2030-01-10', 600, 'denied', NULL, 'CO-16', '2030-02-02'),
       ('K7', 'CGF', 'B0108', '2030-01-20', '2030-01-28', NULL, 700, 'suspended', 'invalid code', NULL, NULL),
       ('K8', 'CGF', 'B0108', '2029-10-01', '2030-01-15', '2030-01-15', 800, 'submitted', NULL, NULL, NULL);
INSERT INTO scorecard.payment (payment_id, payer_id, claim_id, received_on, posted_on, reconciled_on, amount)
VALUES ('KP1', 'CGF', 'K1', '2030-02-10', '2030-02-10', '2030-02-10', 100),
       ('KP2', 'CGF', 'K2', '2030-01-15', '2030-01-15', '2030-01-15', 150),
       ('KP3', 'CGF', 'K3', '2030-01-03', '2030-01-03', '2030-01-03', 300),
       ('KP5a', 'CGF', 'K5', '2029-12-15', '2029-12-15', '2029-12-15', 250),
       ('KP5b', 'CGF', 'K5', '2030-01-10', '2030-01-10', '2030-01-10', 250);
SELECT period_start, claims_adjudicated, initial_denials, initial_denial_rate, initial_denial_rate_dollars,
       claims_entering_edits, clean_claim_rate
  FROM scorecard.revenue_cycle_kpis WHERE period_start >= '2029-12-01' ORDER BY 1;
SELECT p.s AS period_start, k.claims_adjudicated, k.initial_denials, k.initial_denial_rate, k.initial_denial_rate_dollars,
       k.claims_entering_edits, k.clean_claim_rate
  FROM (VALUES (DATE '2030-01-01', DATE '2030-01-31'), ('2030-02-01', '2030-02-28')) p(s, e)
 CROSS JOIN LATERAL scorecard.revenue_cycle_kpis_for(p.s, p.e) k;
SELECT period_start, sum(numerator) AS initial_denials, sum(denominator) AS adjudicated
  FROM scorecard.revenue_initial_denials WHERE period_start >= '2030-01-01' GROUP BY 1 ORDER BY 1;
SELECT period_start, sum(numerator) AS clean, sum(denominator) AS entering_edits
  FROM scorecard.revenue_clean_claims WHERE period_start >= '2029-12-01' GROUP BY 1 ORDER BY 1;
SELECT s.ar_over_90 - b.ar_over_90 AS service_minus_bill_basis
  FROM scorecard.ar_month_ends('service_date') s JOIN scorecard.ar_month_ends('bill_date') b USING (period_start)
 WHERE period_start = '2030-01-01';
SELECT (SELECT ar_over_90 FROM scorecard.revenue_cycle_kpis_for('2030-01-01', '2030-01-31'))
     - (SELECT ar_over_90 FROM scorecard.revenue_cycle_kpis_for('2030-01-01', '2030-01-31', 'bill_date')) AS same_in_the_function;
ROLLBACK;
-- On the sample, June 2016's A/R over 90 days: 12.0% from the date of
-- service, 9.2% from the bill date (0.1.0's only basis): a stay-month's
-- claim is billed after the month, so its service date is older.
SELECT round(s.ar_over_90 / s.net_ar, 4) AS from_service, round(b.ar_over_90 / b.net_ar, 4) AS from_bill
  FROM scorecard.ar_month_ends() s JOIN scorecard.ar_month_ends('bill_date') b USING (period_start)
 WHERE period_start = '2016-06-01';
SELECT public.sqlerr($$SELECT * FROM scorecard.ar_month_ends('posting_date')$$);
-- On the sample: June 2016's 136 denials of 1,790 claims first remitted
-- in June, 7.6% like the months before (0.1.0 counted claims billed in the
-- month that were ever denied, which understates the current month, since
-- most of its billing is not adjudicated yet).
SELECT period_start, billed_claims, claims_adjudicated, initial_denials, initial_denial_rate
  FROM scorecard.revenue_cycle_kpis WHERE period_start >= '2016-04-01' ORDER BY 1;
-- Data maturity: a month is complete once it has ended and the 72 hours
-- of its last payments are over (month end + 3 days <= today). As of 30
-- June, June is not (nor on 2 July); on 3 July it is, and May always was.
SELECT period_start, is_complete FROM scorecard.revenue_cycle_kpis WHERE period_start >= '2016-05-01' ORDER BY 1;
SET scorecard.today = '2016-07-02';
SELECT is_complete FROM scorecard.revenue_cycle_kpis WHERE period_start = '2016-06-01';
SET scorecard.today = '2016-07-03';
SELECT is_complete FROM scorecard.revenue_cycle_kpis WHERE period_start = '2016-06-01';
SELECT is_complete FROM scorecard.revenue_cycle_kpis_for('2016-06-01', '2016-06-30');
SET scorecard.today = '30/06/2016';
SELECT public.sqlerr($$SELECT scorecard.today()$$);
SET scorecard.today = '2016-02-30';
SELECT public.sqlerr($$SELECT scorecard.today()$$);
RESET scorecard.today;

-- Report 5: self-pay accounts overdue by more than 30 days.
SELECT count(*) AS accounts, sum(balance), min(overdue_days) > 30 AS all_past_30
  FROM scorecard.self_pay_delinquency_as_of('2016-06-30');
SELECT * FROM scorecard.self_pay_delinquency_as_of('2016-06-30') LIMIT 5;

-- KPIs per month.
SELECT period_start, billed_claims, billed_amount, net_revenue, cash_collected, net_ar, net_days_in_ar,
       ar_over_90_share, initial_denial_rate, initial_denial_rate_dollars, clean_claim_rate,
       cash_collected_share, suspended_claims, payments_unreconciled_72h, unreconciled_72h_share
  FROM scorecard.revenue_cycle_kpis ORDER BY period_start;

-- The weekly snapshot keeps the trend; taking it again replaces it.
SELECT scorecard.snapshot_ar_aging('2016-06-23') AS rows_0623, scorecard.snapshot_ar_aging('2016-06-30') AS rows_0630;
SELECT scorecard.snapshot_ar_aging('2016-06-30') AS again;
SELECT as_of, sum(amount) FILTER (WHERE bucket >= 4) AS over_90, sum(amount) AS total
  FROM scorecard.ar_aging_history GROUP BY as_of ORDER BY as_of;

-- Bad input is refused with a clear error and nothing half-written.
CREATE TEMP VIEW billing_counts AS
SELECT (SELECT count(*) FROM scorecard.claim) AS claims, (SELECT count(*) FROM scorecard.payment) AS payments,
       (SELECT count(*) FROM scorecard.adjustment) AS adjustments;
SELECT * FROM billing_counts;
SELECT public.sqlerr($$INSERT INTO scorecard.claim (claim_id, payer_id, beneficiary_id, service_from, created_on, bill_date, amount, status)
                       VALUES ('X1', 'BC', 'B0001', '2016-06-01', '2016-06-02', NULL, -50, 'suspended')$$);
SELECT public.sqlerr($$INSERT INTO scorecard.claim (claim_id, payer_id, beneficiary_id, service_from, created_on, bill_date, amount, status, denial_reason)
                       VALUES ('X2', 'BC', 'B0001', '2016-06-01', '2016-06-02', '2016-06-03', -50, 'denied', 'CO-16')$$);
SELECT public.sqlerr($$INSERT INTO scorecard.claim (claim_id, payer_id, beneficiary_id, service_from, created_on, bill_date, amount, status)
                       VALUES ('X3', 'BC', 'B0001', '2016-06-01', '2016-06-02', '2016-06-03', 100, 'denied')$$);
SELECT public.sqlerr($$INSERT INTO scorecard.claim (claim_id, payer_id, beneficiary_id, service_from, created_on, bill_date, amount, status)
                       VALUES ('X4', 'BC', 'B0001', '2016-06-01', '2016-06-02', NULL, 100, 'submitted')$$);
SELECT public.sqlerr($$INSERT INTO scorecard.claim (claim_id, payer_id, beneficiary_id, service_from, created_on, bill_date, amount, status)
                       VALUES ('X5', 'BC', 'B0001', '2016-06-10', '2016-06-02', '2016-06-03', 100, 'submitted')$$);
SELECT public.sqlerr($$INSERT INTO scorecard.claim (claim_id, payer_id, beneficiary_id, service_from, created_on, bill_date, amount, status)
                       VALUES ('X6', 'BC', 'B0001', '2016-06-01', '2016-06-02', '2016-06-03', 100, 'pending')$$);
-- Posted or reconciled before received.
SELECT public.sqlerr($$INSERT INTO scorecard.payment (payment_id, payer_id, received_on, posted_on, amount) VALUES ('PX8', 'BC', '2016-06-20', '2016-06-19', 10)$$);
SELECT public.sqlerr($$INSERT INTO scorecard.payment (payment_id, payer_id, received_on, reconciled_on, amount) VALUES ('PX9', 'BC', '2016-06-20', '2016-06-18', 10)$$);
SELECT public.sqlerr($$INSERT INTO scorecard.payment (payment_id, payer_id, received_on, amount) VALUES ('PX10', 'BC', '2016-06-20', 0)$$);
SELECT public.sqlerr($$INSERT INTO scorecard.payment (payment_id, payer_id, claim_id, received_on, amount) VALUES ('PX11', 'BC', 'NOPE', '2016-06-20', 10)$$);
-- A batch with one bad row writes nothing.
SELECT public.sqlerr($$INSERT INTO scorecard.payment (payment_id, payer_id, received_on, posted_on, amount)
                       VALUES ('PB1', 'BC', '2016-06-20', '2016-06-20', 10), ('PB2', 'BC', '2016-06-20', '2016-06-19', 10)$$);
SELECT public.sqlerr($$INSERT INTO scorecard.service (service_id, beneficiary_id, service_at, documented_at, units, charge)
                       VALUES ('SX1', 'B0001', '2016-06-20 10:00', '2016-06-20 09:00', 1, 100)$$);
SELECT public.sqlerr($$INSERT INTO scorecard.service (service_id, beneficiary_id, service_at, units, charge) VALUES ('SX2', 'B0001', '2016-06-20 10:00', 0, 100)$$);
SELECT public.sqlerr($$INSERT INTO scorecard.service (service_id, beneficiary_id, service_at, units, charge) VALUES ('SX3', 'B0001', '2016-06-20 10:00', 1, -100)$$);
SELECT * FROM billing_counts;
-- (Unchanged: nothing above was written.)

-- A credit claim may be negative when submitted.
INSERT INTO scorecard.claim (claim_id, payer_id, beneficiary_id, service_from, created_on, bill_date, amount, status)
VALUES ('CR1', 'BC', 'B0001', '2016-06-01', '2016-06-02', '2016-06-03', -145.00, 'submitted');
-- A claim of 100 with 80 paid: 30 more is an overpayment, refused until a
-- refund adjustment is recorded.
INSERT INTO scorecard.claim (claim_id, payer_id, beneficiary_id, service_from, created_on, bill_date, amount, status)
VALUES ('X7', 'BC', 'B0001', '2016-06-01', '2016-06-02', '2016-06-03', 100, 'submitted');
INSERT INTO scorecard.payment (payment_id, payer_id, claim_id, received_on, posted_on, amount) VALUES ('PX7a', 'BC', 'X7', '2016-06-20', '2016-06-21', 80);
SELECT public.sqlerr($$INSERT INTO scorecard.payment (payment_id, payer_id, claim_id, received_on, posted_on, amount) VALUES ('PX7b', 'BC', 'X7', '2016-06-22', '2016-06-22', 30)$$);
SELECT public.sqlerr($$INSERT INTO scorecard.adjustment VALUES ('AX7', 'X7', '2016-06-22', 'write-off', 'small balance', 25)$$);
SELECT public.sqlerr($$UPDATE scorecard.payment SET amount = 101 WHERE payment_id = 'PX7a'$$);
-- With a refund adjustment recorded first, the overpayment posts.
INSERT INTO scorecard.adjustment VALUES ('RX7', 'X7', '2016-06-22', 'refund', 'overpayment refund due', -10);
INSERT INTO scorecard.payment (payment_id, payer_id, claim_id, received_on, posted_on, amount) VALUES ('PX7b', 'BC', 'X7', '2016-06-22', '2016-06-22', 30);
SELECT balance FROM scorecard.claim_balances_as_of('2016-06-30') WHERE claim_id = 'X7';
DELETE FROM scorecard.payment WHERE claim_id = 'X7';
DELETE FROM scorecard.adjustment WHERE claim_id = 'X7';
DELETE FROM scorecard.claim WHERE claim_id IN ('X7', 'CR1');
-- Accrual revenue without contract terms (every claim expected to pay its
-- amount, as after an upgrade from 0.1.0): NPSR is the amount billed less
-- every adjustment made, month by month, as 0.1.0 reported it.
BEGIN;
UPDATE scorecard.claim SET expected_amount = amount, contract_id = NULL WHERE bill_date IS NOT NULL;
SELECT count(*) AS months, count(*) FILTER (WHERE net_revenue = billed_amount - adjustments) AS npsr_is_billed_less_adjustments
  FROM scorecard.revenue_cycle_kpis;
ROLLBACK;
