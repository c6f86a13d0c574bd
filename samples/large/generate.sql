-- A large synthetic organisation for benchmarks: two fiscal years (July
-- 2014 to June 2016) of a county behavioral-health system at any volume,
-- as it stands at the close of 30 June 2016, loaded through the extension's
-- own tables (every trigger and constraint applies). Deterministic (integer
-- hashing, no random()): the same scale gives the same rows.
--
--   psql -v ON_ERROR_STOP=1 -v services=2000000 -f samples/large/generate.sql
--
-- into a database with the extension and nothing in its revenue and cost
-- tables (load samples/bch/scorecard.sql first for measures to refresh).
-- The default is 200,000 services. What it holds, per million services:
-- about 1M claims (one per service), 0.8M payments, 0.85M adjustments
-- (contractual allowances, denial write-offs, bad debt), 40,000
-- beneficiaries, 30,000 stays with readmissions, every line's costs by
-- month, and an outcome score per patient and month. The shape follows the
-- BCH sample (samples/bch/billing.sql): 11 payers of all five types, the
-- source's 9 service lines, billing edits on 12% of claims, denials on 8%,
-- Medi-Cal paying slower than commercial plans, self-pay going to bad debt.

\if :{?services}
\else
\set services 200000
\endif

BEGIN;
SET LOCAL synchronous_commit = off;

CREATE TEMPORARY TABLE gen_param ON COMMIT DROP AS
SELECT :services::bigint AS services,
       greatest(420, :services::bigint / 25) AS beneficiaries,
       greatest(14, :services::bigint / 800) AS clinicians,
       DATE '2014-07-01' AS first_day,
       DATE '2016-06-30' AS close;

INSERT INTO scorecard.payer (payer_id, name, payer_type, payment_terms_days) VALUES
    ('MC-FFS', 'Medi-Cal Fee-for-Service', 'Medi-Cal', 45),
    ('MC-MCP', 'Medi-Cal Managed Care Plan', 'Medi-Cal', 45),
    ('MCR-A', 'Medicare Part A', 'Medicare', 30),
    ('MCR-B', 'Medicare Part B', 'Medicare', 30),
    ('BC', 'Blue Cross', 'commercial', 30),
    ('KP', 'Kaiser Permanente', 'commercial', 30),
    ('AET', 'Aetna', 'commercial', 30),
    ('SELF', 'Self-pay', 'self-pay', 30),
    ('SFS', 'Sliding fee scale', 'self-pay', 30),
    ('CGF', 'County General Fund', 'other', 60),
    ('VA', 'Veterans Affairs', 'other', 45);

INSERT INTO scorecard.service_line (service_line, description, sort_order) VALUES
    ('Peer Services', 'Peer support and navigation', 1),
    ('Outpatient', 'Outpatient therapy, case management, medication support', 2),
    ('Crisis Services', 'Mobile crisis and crisis stabilization', 3),
    ('Urgent Care', 'Behavioral health urgent care', 4),
    ('Residential Detox', 'Residential withdrawal management', 5),
    ('Intermediate Care Facilities', 'Intermediate care placements', 6),
    ('Institutes of Mental Disease', 'IMD placements', 7),
    ('Psychiatric Health Facilities', 'Psychiatric health facility stays', 8),
    ('Hospital', 'Acute psychiatric hospital stays', 9);

INSERT INTO scorecard.acuity_level (acuity_level, rank, description, target_los_days, high_acuity) VALUES
    ('Outpatient', 1, 'Scheduled outpatient services', NULL, false),
    ('Intensive Outpatient', 2, 'Several hours of service a day, several days a week', NULL, false),
    ('Crisis Stabilization', 3, 'Up to 24 hours of crisis care', NULL, false),
    ('Residential', 4, 'Round-the-clock residential treatment', NULL, true),
    ('Inpatient', 5, 'Psychiatric health facility, IMD or hospital', 7, false);

-- Contract terms (where the build has them: an older build is benchmarked
-- on the same data): a share of charges for every payer but self-pay, and
-- a case rate for the Medi-Cal payers' highest acuity level, so that each
-- claim is priced when it is billed as a warehouse's would be.
DO $contracts$
BEGIN
    IF to_regclass('scorecard.payer_contract') IS NOT NULL THEN
        INSERT INTO scorecard.payer_contract (contract_id, payer_id, method, rate, effective_from)
        SELECT p.payer_id || ' share of charges', p.payer_id, 'percent of charges', 0.75, DATE '2000-01-01'
          FROM scorecard.payer p WHERE p.payer_type <> 'self-pay';
        INSERT INTO scorecard.payer_contract (contract_id, payer_id, acuity_level, method, rate, effective_from)
        SELECT p.payer_id || ' case rate', p.payer_id, a.acuity_level, 'case rate', 300, DATE '2000-01-01'
          FROM scorecard.payer p
         CROSS JOIN (SELECT l.acuity_level FROM scorecard.acuity_level l ORDER BY l.rank DESC LIMIT 1) AS a
         WHERE p.payer_type = 'Medi-Cal';
    END IF;
END
$contracts$;

INSERT INTO scorecard.clinician (clinician_id, name, role)
SELECT 'C' || lpad(i::text, 5, '0'), 'Clinician ' || i,
       (ARRAY['LCSW', 'LMFT', 'RN', 'psychiatrist', 'peer specialist', 'psychologist'])[1 + i % 6]
  FROM gen_param, generate_series(1, clinicians) AS i;

-- Beneficiaries: a third in Outpatient, the rest spread over the lines;
-- each has one payer for the two years.
CREATE TEMPORARY TABLE gen_person ON COMMIT DROP AS
SELECT i, 'B' || lpad(i::text, 7, '0') AS beneficiary_id,
       (ARRAY['Outpatient', 'Outpatient', 'Outpatient', 'Outpatient', 'Peer Services', 'Crisis Services',
              'Urgent Care', 'Residential Detox', 'Intermediate Care Facilities', 'Institutes of Mental Disease',
              'Psychiatric Health Facilities', 'Hospital'])[1 + (i * 7) % 12] AS service_line,
       (ARRAY['MC-FFS', 'MC-FFS', 'MC-MCP', 'MC-MCP', 'MC-MCP', 'MCR-A', 'MCR-B', 'BC', 'KP', 'AET',
              'SELF', 'SFS', 'CGF', 'VA'])[1 + (i * 11) % 14] AS payer_id
  FROM gen_param, generate_series(1, beneficiaries) AS i;
CREATE UNIQUE INDEX ON gen_person (i);
ANALYZE gen_person;

INSERT INTO scorecard.beneficiary (beneficiary_id, service_line)
SELECT beneficiary_id, service_line FROM gen_person ORDER BY i;

-- Services spread evenly over the 731 days, each to a hashed beneficiary.
CREATE TEMPORARY TABLE gen_service ON COMMIT DROP AS
SELECT s.n, s.day,
       'S' || lpad(s.n::text, 8, '0') AS service_id,
       p.beneficiary_id, p.service_line, p.payer_id,
       'C' || lpad((1 + (s.n * 5) % g.clinicians)::text, 5, '0') AS clinician_id,
       CASE p.service_line
            WHEN 'Outpatient' THEN 'Outpatient' WHEN 'Peer Services' THEN 'Outpatient'
            WHEN 'Urgent Care' THEN 'Intensive Outpatient' WHEN 'Crisis Services' THEN 'Crisis Stabilization'
            WHEN 'Residential Detox' THEN 'Residential' WHEN 'Intermediate Care Facilities' THEN 'Residential'
            ELSE 'Inpatient' END AS acuity_level,
       (1 + (s.n * 7) % 4)::integer AS units,
       CASE p.service_line
            WHEN 'Outpatient' THEN 145.00 WHEN 'Peer Services' THEN 85.00 WHEN 'Urgent Care' THEN 210.00
            WHEN 'Crisis Services' THEN 320.00 WHEN 'Residential Detox' THEN 410.00
            WHEN 'Intermediate Care Facilities' THEN 380.00 ELSE 690.00 END AS rate,
       ((s.n * 7919) % 1000)::integer AS h1,
       ((s.n * 104729) % 1000)::integer AS h2,
       ((s.n * 1299709) % 1000)::integer AS h3
  FROM gen_param g
 CROSS JOIN LATERAL (SELECT n, g.first_day + ((n - 1) * 731 / g.services)::integer AS day
                       FROM generate_series(1, g.services) AS n) AS s
  JOIN gen_person p ON p.i = 1 + (s.n * 2654435761) % g.beneficiaries;

INSERT INTO scorecard.service (service_id, beneficiary_id, clinician_id, service_line, acuity_level,
                               service_at, documented_at, units, charge)
SELECT s.service_id, s.beneficiary_id, s.clinician_id,
       -- 3% of Outpatient patients' services are delivered by the crisis
       -- team: their cost follows the patient to Outpatient.
       CASE WHEN s.service_line = 'Outpatient' AND s.h3 < 30 THEN 'Crisis Services' ELSE s.service_line END,
       s.acuity_level,
       (s.day + time '08:00' + make_interval(mins => (s.h1 * 9) % 540))::timestamptz,
       CASE WHEN s.day > g.close - 6 AND s.h2 < 40 THEN NULL
            ELSE (s.day + time '08:00' + make_interval(mins => (s.h1 * 9) % 540))::timestamptz
                 + CASE WHEN s.h2 < 60 THEN make_interval(hours => 25 + s.h3 % 72)
                        WHEN s.h2 < 200 THEN make_interval(mins => 240 + (s.h3 * 17) % 1200)
                        ELSE make_interval(mins => 10 + s.h3 % 110) END
       END,
       s.units, s.units * s.rate
  FROM gen_service s CROSS JOIN gen_param g
 ORDER BY s.n;

-- Claims: one per service, as in the BCH sample.
CREATE TEMPORARY TABLE gen_claim ON COMMIT DROP AS
SELECT s.*, p.payer_type,
       'CL' || lpad(s.n::text, 8, '0') AS claim_id,
       s.units * s.rate AS amount,
       s.day + 1 AS created_on,
       CASE WHEN s.h3 < 120 THEN (ARRAY['missing authorization', 'invalid diagnosis code',
                                         'eligibility not verified', 'missing clinician signature',
                                         'duplicate service'])[1 + s.h1 % 5] END AS edit_reason,
       s.day + 3 + CASE WHEN s.h3 < 120 THEN 4 + s.h2 % 6 ELSE s.h2 % 3 END AS planned_bill_date,
       CASE WHEN s.h2 BETWEEN 300 AND 379 AND p.payer_type <> 'self-pay'
            THEN (ARRAY['CO-16 missing information', 'CO-50 not medically necessary', 'CO-197 no authorization',
                        'CO-29 timely filing', 'CO-18 duplicate claim'])[1 + s.h3 % 5] END AS denial_reason,
       CASE p.payer_type WHEN 'Medi-Cal' THEN 40 + s.h1 % 70 WHEN 'Medicare' THEN 20 + s.h1 % 35
                         WHEN 'commercial' THEN 15 + s.h1 % 30 WHEN 'other' THEN 30 + s.h1 % 90
                         ELSE 25 + s.h1 % 160 END AS pay_days,
       CASE p.payer_type WHEN 'Medi-Cal' THEN 0.62 WHEN 'Medicare' THEN 0.74
                         WHEN 'commercial' THEN 0.81 WHEN 'other' THEN 0.70 ELSE 1.00 END AS pay_rate
  FROM gen_service s
  JOIN scorecard.payer p ON p.payer_id = s.payer_id;

INSERT INTO scorecard.claim (claim_id, payer_id, beneficiary_id, service_id, service_from, created_on,
                             bill_date, amount, status, edit_reason, denial_reason, denied_on)
SELECT c.claim_id, c.payer_id, c.beneficiary_id, c.service_id, c.day, c.created_on,
       CASE WHEN c.planned_bill_date <= g.close THEN c.planned_bill_date END,
       c.amount,
       CASE WHEN c.planned_bill_date > g.close THEN 'suspended'
            WHEN c.denial_reason IS NOT NULL AND c.h1 % 3 = 0 AND c.planned_bill_date + 150 <= g.close THEN 'written off'
            WHEN c.denial_reason IS NOT NULL AND c.h1 % 3 = 1 AND c.planned_bill_date + 25 + c.pay_days <= g.close THEN 'paid'
            WHEN c.denial_reason IS NOT NULL AND c.planned_bill_date + 25 <= g.close THEN 'denied'
            WHEN c.denial_reason IS NULL AND c.payer_type <> 'self-pay' AND c.planned_bill_date + c.pay_days <= g.close THEN 'paid'
            ELSE 'submitted' END,
       c.edit_reason,
       CASE WHEN c.planned_bill_date + 25 <= g.close THEN c.denial_reason END,
       CASE WHEN c.denial_reason IS NOT NULL AND c.planned_bill_date + 25 <= g.close THEN c.planned_bill_date + 25 END
  FROM gen_claim c CROSS JOIN gen_param g
 ORDER BY c.n;

-- Payments on paid claims net of the contractual allowance (adjusted off
-- when the payment is posted); self-pay: about half pays 40% after 30-90
-- days; what is left 150 days after billing goes to bad debt (a quarter)
-- or stays open.
CREATE TEMPORARY TABLE gen_payment ON COMMIT DROP AS
SELECT 'P' || substr(c.claim_id, 3) AS payment_id, c.claim_id, c.payer_id, c.amount,
       round(c.amount * b.pay_rate, 2) AS paid,
       c.bill_date + b.pay_days + CASE WHEN c.denial_reason IS NOT NULL THEN 25 ELSE 0 END AS received_on,
       b.h2, b.h3, b.n
  FROM scorecard.claim c
  JOIN gen_claim b USING (claim_id)
 WHERE c.status = 'paid';

INSERT INTO scorecard.payment (payment_id, payer_id, claim_id, received_on, posted_on, reconciled_on, amount)
SELECT p.payment_id, p.payer_id, p.claim_id, p.received_on,
       CASE WHEN p.received_on > g.close - 8 AND p.h3 % 3 = 0 THEN NULL
            ELSE least(p.received_on + p.h3 % 4, g.close) END,
       CASE WHEN p.received_on > g.close - 8 AND p.h3 % 3 = 0 THEN NULL
            ELSE least(p.received_on + CASE WHEN p.h2 % 7 = 0 THEN 4 + p.h3 % 6 ELSE 1 + p.h3 % 3 END, g.close) END,
       p.paid
  FROM gen_payment p CROSS JOIN gen_param g
 ORDER BY p.n;

INSERT INTO scorecard.adjustment (adjustment_id, claim_id, adjusted_on, kind, reason, amount)
SELECT 'A' || substr(p.claim_id, 3), p.claim_id, y.posted_on, 'contractual', 'contractual allowance', p.amount - p.paid
  FROM gen_payment p
  JOIN scorecard.payment y USING (payment_id)
 WHERE p.amount > p.paid AND y.posted_on IS NOT NULL
 ORDER BY p.n;

INSERT INTO scorecard.adjustment (adjustment_id, claim_id, adjusted_on, kind, reason, amount)
SELECT 'W' || substr(c.claim_id, 3), c.claim_id, c.bill_date + 150, 'write-off',
       CASE WHEN c.denial_reason LIKE 'CO-29%' THEN 'timely filing'
            WHEN c.denial_reason LIKE 'CO-50%' THEN 'not medically necessary'
            WHEN c.denial_reason LIKE 'CO-197%' THEN 'no authorization'
            ELSE 'denial not appealed' END,
       c.amount
  FROM scorecard.claim c
 WHERE c.status = 'written off'
 ORDER BY c.claim_id;

INSERT INTO scorecard.payment (payment_id, payer_id, claim_id, received_on, posted_on, reconciled_on, amount)
SELECT 'P' || substr(c.claim_id, 3), c.payer_id, c.claim_id, c.bill_date + 30 + b.h2 % 60,
       c.bill_date + 31 + b.h2 % 60, c.bill_date + 32 + b.h2 % 60, round(c.amount * 0.40, 2)
  FROM scorecard.claim c
  JOIN gen_claim b USING (claim_id)
  CROSS JOIN gen_param g
 WHERE b.payer_type = 'self-pay' AND b.h1 % 2 = 0 AND c.bill_date + 32 + b.h2 % 60 <= g.close
 ORDER BY b.n;

INSERT INTO scorecard.adjustment (adjustment_id, claim_id, adjusted_on, kind, reason, amount)
SELECT 'D' || substr(c.claim_id, 3), c.claim_id, c.bill_date + 150, 'bad debt',
       CASE WHEN c.amount - coalesce(p.amount, 0) < 100 THEN 'small balance' ELSE 'uncollectible' END,
       c.amount - coalesce(p.amount, 0)
  FROM scorecard.claim c
  JOIN gen_claim b USING (claim_id)
  CROSS JOIN gen_param g
  LEFT JOIN scorecard.payment p ON p.claim_id = c.claim_id
 WHERE b.payer_type = 'self-pay' AND c.bill_date + 150 <= g.close AND b.h3 % 4 = 0
 ORDER BY b.n;

-- Stays of the residential and inpatient lines' beneficiaries: one per
-- 33 services, 2 to 14 days; one in twelve is followed by a readmission
-- to crisis stabilization three days after discharge. Stays still open at
-- the close have no discharge date.
CREATE TEMPORARY TABLE gen_stay ON COMMIT DROP AS
SELECT k, 'ST' || lpad(k::text, 8, '0') AS stay_id, p.beneficiary_id, p.payer_id,
       CASE WHEN p.service_line IN ('Residential Detox', 'Intermediate Care Facilities') THEN 'Residential' ELSE 'Inpatient' END AS acuity_level,
       g.first_day + ((k - 1) * 731 / (g.services / 33))::integer AS admitted_on,
       (2 + (k * 7919) % 13)::integer AS los,
       CASE p.service_line WHEN 'Residential Detox' THEN 410.00 WHEN 'Intermediate Care Facilities' THEN 380.00 ELSE 690.00 END AS rate,
       (k * 104729) % 12 = 0 AS readmitted
  FROM gen_param g
 CROSS JOIN generate_series(1, g.services / 33) AS k
  JOIN gen_person p
    ON p.i = (SELECT q.i FROM gen_person q
               WHERE q.i >= 1 + (k * 2654435761) % g.beneficiaries
                 AND q.service_line IN ('Residential Detox', 'Intermediate Care Facilities', 'Institutes of Mental Disease',
                                        'Psychiatric Health Facilities', 'Hospital')
               ORDER BY q.i LIMIT 1);

INSERT INTO scorecard.stay (stay_id, beneficiary_id, payer_id, acuity_level, admitted_on, discharged_on, cost, billable_days)
SELECT s.stay_id, s.beneficiary_id, s.payer_id, s.acuity_level, s.admitted_on,
       CASE WHEN s.admitted_on + s.los <= g.close THEN s.admitted_on + s.los END,
       s.rate * s.los,
       CASE WHEN s.payer_id LIKE 'MC-%' AND s.admitted_on + s.los <= g.close THEN s.los - s.k % 2 END
  FROM gen_stay s CROSS JOIN gen_param g
 ORDER BY s.k;

INSERT INTO scorecard.stay (stay_id, beneficiary_id, payer_id, acuity_level, admitted_on, discharged_on, readmission_of, cost)
SELECT 'SR' || lpad(s.k::text, 8, '0'), s.beneficiary_id, s.payer_id, 'Crisis Stabilization',
       s.admitted_on + s.los + 3, s.admitted_on + s.los + 4, s.stay_id, 320.00
  FROM gen_stay s CROSS JOIN gen_param g
 WHERE s.readmitted AND s.admitted_on + s.los + 4 <= g.close
 ORDER BY s.k;

-- One patient in fifty moves to another line on a day of the two years
-- (stepped down to Outpatient; Outpatient patients to Peer Services): from
-- then on their services, claims, revenue and cost follow the new line.
-- (Guarded: run against an older version it is skipped.)
DO $transfers$
BEGIN
    IF pg_catalog.to_regclass('scorecard.factory_transfer') IS NOT NULL THEN
        INSERT INTO scorecard.factory_transfer (beneficiary_id, effective_from, service_line, reason)
        SELECT p.beneficiary_id, g.first_day + ((p.i * 37) % 731)::integer,
               CASE WHEN p.service_line = 'Outpatient' THEN 'Peer Services' ELSE 'Outpatient' END,
               CASE WHEN p.service_line = 'Outpatient' THEN 'peer support' ELSE 'stepped down' END
          FROM gen_person p CROSS JOIN gen_param g
         WHERE p.i % 50 = 0;
    END IF;
END
$transfers$;

-- Costs by month, like samples/bch/costs.sql, with fixed and indirect
-- costs scaled to the volume. Variable cost is incurred by the line that
-- delivered the service.
INSERT INTO scorecard.cost_entry (period_start, service_line, cost_type, category, amount)
SELECT date_trunc('month', s.service_at)::date, s.service_line, 'variable', 'per diem, overtime and mileage',
       round(sum(s.charge) * 0.36, 2)
  FROM scorecard.service s
 GROUP BY 1, 2;

INSERT INTO scorecard.cost_entry (period_start, service_line, cost_type, category, amount)
SELECT m::date, f.service_line, 'fixed', c.category, round(f.fixed * c.part * g.services / 11000.0, 2)
  FROM gen_param g
 CROSS JOIN generate_series(g.first_day, g.close, interval '1 month') AS m
 CROSS JOIN (VALUES ('Outpatient', 48000), ('Peer Services', 9000), ('Crisis Services', 26000),
                    ('Urgent Care', 21000), ('Residential Detox', 30000), ('Intermediate Care Facilities', 24000),
                    ('Institutes of Mental Disease', 23000), ('Psychiatric Health Facilities', 31000),
                    ('Hospital', 34000)) AS f(service_line, fixed)
 CROSS JOIN (VALUES ('salaries and benefits', 0.82), ('facilities', 0.18)) AS c(category, part);

INSERT INTO scorecard.cost_entry (period_start, service_line, cost_type, category, amount)
SELECT m::date, NULL, 'indirect', c.category, round(c.amount * g.services / 11000.0, 2)
  FROM gen_param g
 CROSS JOIN generate_series(g.first_day, g.close, interval '1 month') AS m
 CROSS JOIN (VALUES ('administration', 68000.00), ('information technology', 21500.00)) AS c(category, amount);

INSERT INTO scorecard.reserve_plan (period_start, amount)
SELECT m::date, round(25000.00 * g.services / 11000.0, 2)
  FROM gen_param g CROSS JOIN generate_series(g.first_day, g.close, interval '1 month') AS m;

INSERT INTO scorecard.outcome (beneficiary_id, period_start, outcome, instrument)
SELECT s.beneficiary_id, date_trunc('month', s.service_at)::date,
       ((substr(s.beneficiary_id, 2)::integer * 7 + extract(month FROM date_trunc('month', s.service_at)::date)::integer * 3) % 11)::numeric,
       'functioning improvement (0-10)'
  FROM scorecard.service s
 GROUP BY 1, 2;

-- Time studies and the Medi-Cal share, for the MAA measure.
INSERT INTO scorecard.medi_cal_share (period_start, share)
SELECT m::date, 0.64 FROM gen_param g CROSS JOIN generate_series(g.first_day, g.close, interval '1 month') AS m;
INSERT INTO scorecard.time_study (study_date, clinician_id, minutes, maa_reimbursable)
SELECT m::date + k, 'C' || lpad((1 + k % g.clinicians)::text, 5, '0'), 60 + (k * 37) % 240, k % 5 <> 0
  FROM gen_param g
 CROSS JOIN generate_series(g.first_day, g.close, interval '1 month') AS m
 CROSS JOIN generate_series(0, 25) AS k;

COMMIT;

ANALYZE;
