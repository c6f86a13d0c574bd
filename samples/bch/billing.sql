-- The sample organisation's revenue cycle: a year of synthetic but
-- realistic billing for the Betz County Health Department, July 2015 to
-- June 2016, as it stands at the close of 30 June 2016 (nothing is dated
-- later). Load after samples/bch/scorecard.sql:
--   psql -v ON_ERROR_STOP=1 -f samples/bch/billing.sql
--
-- Deterministic (integer hashing, no random()). What it holds:
--   a county behavioural-health payer mix: Medi-Cal fee-for-service and
--   managed care, Medicare, commercial plans, the VA and self-pay bill
--   claims; 1991/2011 Realignment, MHSA and the County General Fund are
--   funding streams, never billed (services they fund have no claim);
--   the source's 9 service lines; 5 acuity levels; 14 clinicians;
--   420 community patients (outpatient, peer, crisis, urgent care) with
--   about 10,000 services, and the patients of the inpatient and residential
--   stays behind the Finance measures (built here from the source's monthly
--   figures), each stay billed by the month it spans (per diem, one claim
--   per stay-month; Medi-Cal inpatient days that were not billable are not
--   billed); one payer per patient, so every claim and stay of a patient in
--   a month has the same payer; no Institute for Mental Disease stay is
--   billed to Medi-Cal (the IMD exclusion: Realignment pays for them);
--   payments net of contractual allowances, slower for Medi-Cal than for
--   commercial plans, some received but not posted and some reconciled
--   after 72 hours; billing edits (about 12% of claims), denials with
--   reason codes (about 8%), some resubmitted and paid, some written off;
--   self-pay balances that run delinquent and are written off as bad debt
--   by the policy (scorecard.write_off_aged_self_pay, 150 days after
--   billing, at every month end); late documentation (about 6% past 24
--   hours) and a few services still undocumented; claims still suspended
--   at the close.

BEGIN;

-- Claims payers, and the county's funding streams (type 'other', never
-- billed: the services they fund carry no claim).
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
    ('VA', 'Veterans Affairs Community Care', 'other', 45),
    ('RLGN', '1991 and 2011 Realignment (funding)', 'other', 60),
    ('MHSA', 'Mental Health Services Act (funding)', 'other', 60),
    ('CGF', 'County General Fund (funding)', 'other', 60);
CREATE TEMPORARY TABLE bch_funding (payer_id text PRIMARY KEY) ON COMMIT DROP;
INSERT INTO bch_funding VALUES ('RLGN'), ('MHSA'), ('CGF');

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

INSERT INTO scorecard.acuity_level (acuity_level, rank, description) VALUES
    ('Outpatient', 1, 'Scheduled outpatient services'),
    ('Intensive Outpatient', 2, 'Several hours of service a day, several days a week'),
    ('Crisis Stabilization', 3, 'Up to 24 hours of crisis care'),
    ('Residential', 4, 'Round-the-clock residential treatment'),
    ('Inpatient', 5, 'Psychiatric health facility, IMD or hospital');

INSERT INTO scorecard.clinician (clinician_id, name, role)
SELECT 'C' || lpad(i::text, 2, '0'),
       (ARRAY['A. Rivera', 'B. Chen', 'C. Okafor', 'D. Novak', 'E. Haddad', 'F. Lindqvist', 'G. Patel',
              'H. Moreno', 'I. Kowalski', 'J. Nguyen', 'K. Osei', 'L. Brennan', 'M. Takahashi', 'N. Ferreira'])[i],
       (ARRAY['LCSW', 'LMFT', 'RN', 'psychiatrist', 'peer specialist', 'case manager', 'psychologist'])[1 + i % 7]
  FROM generate_series(1, 14) AS i;

-- Diagnostic categories: withdrawal management serves substance use
-- disorders; every other patient has one of four, for every service and
-- stay.
INSERT INTO scorecard.diagnostic_category (diagnostic_category, description) VALUES
    ('Mood disorders', 'Depressive and bipolar disorders (ICD-10 F30-F39)'),
    ('Psychotic disorders', 'Schizophrenia and other psychotic disorders (F20-F29)'),
    ('Anxiety and trauma disorders', 'Anxiety, trauma- and stressor-related disorders (F40-F48)'),
    ('Substance use disorders', 'Mental and behavioural disorders due to substance use (F10-F19)'),
    ('Other', 'Any other diagnosis');

-- Patients. Each has one payer (or funding stream) for the year and one
-- service line (the focused factory that carries them). The 420 community
-- patients (B0001-B0420) are served in the clinics: most in Outpatient;
-- their payer mix is a county's: more than half Medi-Cal, then Medicare,
-- commercial plans, self-pay and sliding fee, the VA, and uninsured
-- patients funded by MHSA or Realignment. The patients of the inpatient
-- and residential stays are added as the stays are built (below).
CREATE TEMPORARY TABLE bch_person (
    beneficiary_id text PRIMARY KEY,
    service_line   text NOT NULL,
    payer_id       text NOT NULL,
    diagnostic_category text NOT NULL,
    pool           text,          -- stay patients: payer/line they are drawn from
    free_from      date           -- stay patients: first day a new stay may start
) ON COMMIT DROP;
CREATE INDEX ON bch_person (pool, free_from);

INSERT INTO bch_person (beneficiary_id, service_line, payer_id, diagnostic_category)
SELECT 'B' || lpad(i::text, 4, '0'),
       (ARRAY['Outpatient', 'Outpatient', 'Outpatient', 'Outpatient', 'Outpatient', 'Peer Services',
              'Crisis Services', 'Urgent Care'])[1 + (i * 3 + i / 20) % 8],
       (ARRAY['MC-FFS', 'MC-MCP', 'MC-FFS', 'MC-MCP', 'MCR-B', 'MC-FFS', 'BC', 'MC-MCP', 'SELF', 'MC-FFS',
              'KP', 'MC-MCP', 'MHSA', 'MC-FFS', 'AET', 'MC-MCP', 'SFS', 'MCR-B', 'VA', 'RLGN'])[1 + (i * 7) % 20],
       (ARRAY['Mood disorders', 'Psychotic disorders', 'Anxiety and trauma disorders', 'Mood disorders', 'Other'])
           [1 + (i * 3) % 5]
  FROM generate_series(1, 420) AS i;

INSERT INTO scorecard.beneficiary (beneficiary_id, service_line)
SELECT beneficiary_id, service_line FROM bch_person;

-- bch_stay_patient(payer, line, admitted, discharged, seq): the patient of
-- a new stay: for one hospital or psychiatric health facility stay in 20,
-- a community patient with that payer (admitted after a crisis evaluation
-- the day of admission: a step up in care); otherwise the one of
-- that payer and line free longest (a patient rests 45-134 days between
-- stays, so no two stays of a patient overlap and a patient has a few
-- stays a year), or a new patient when none is free.
CREATE FUNCTION pg_temp.bch_stay_patient(payer text, line text, admitted date, discharged date, seq integer)
RETURNS text
LANGUAGE plpgsql
AS $$
DECLARE
    who text;
BEGIN
    IF seq % 20 = 0 AND line IN ('Hospital', 'Psychiatric Health Facilities') THEN
        SELECT p.beneficiary_id INTO who
          FROM bch_person p
         WHERE p.pool IS NULL AND p.payer_id = payer AND coalesce(p.free_from, '-infinity') <= admitted
         ORDER BY p.free_from NULLS FIRST, p.beneficiary_id
         LIMIT 1;
    END IF;
    IF who IS NULL THEN
        SELECT p.beneficiary_id INTO who
          FROM bch_person p
         WHERE p.pool = payer || '/' || line AND p.free_from <= admitted
         ORDER BY p.free_from, p.beneficiary_id
         LIMIT 1;
    END IF;
    IF who IS NULL THEN
        who := 'B' || lpad((SELECT count(*) + 1 FROM bch_person)::text, 4, '0');
        INSERT INTO bch_person (beneficiary_id, service_line, payer_id, diagnostic_category, pool)
        VALUES (who, line, payer,
                CASE WHEN line = 'Residential Detox' THEN 'Substance use disorders'
                     ELSE (ARRAY['Mood disorders', 'Psychotic disorders', 'Psychotic disorders', 'Mood disorders', 'Other'])
                          [1 + (substr(who, 2)::integer * 3) % 5] END,
                payer || '/' || line);
        INSERT INTO scorecard.beneficiary (beneficiary_id, service_line) VALUES (who, line);
    END IF;
    UPDATE bch_person SET free_from = coalesce(discharged + 45 + (seq * 37) % 90, 'infinity')
     WHERE beneficiary_id = who;
    RETURN who;
END
$$;

-- Stays, built from the monthly Finance observations scorecard.sql
-- recorded (the source's 807/1700, 254/367 and 191/299 for June 2016, and
-- the history around it), so that each month's numerator and denominator
-- computed from the stays are exactly those (finance_data.sql then
-- replaces the hand-entered observations by computed ones and checks it):
--   * 150 Medi-Cal inpatient stays discharged in the month, in the
--     psychiatric health facility and the hospital: 100 of 5 days, 50
--     sharing the rest of the month's inpatient days (longer than the
--     7-day target LOS); billable days filled stay by stay to the total;
--   * Medicare and commercial inpatient stays (psychiatric health facility
--     and hospital) and Realignment-funded IMD stays up to the month's
--     count of stays, those on target 4 days long, the others 10;
--   * high-acuity residential placements admitted in the month (Medi-Cal,
--     or MHSA for the uninsured): short withdrawal-management stays
--     discharged in the month, and long-term intermediate-care
--     placements; the oldest
--     open placements are discharged early in the month so that
--     discharges - readmissions is the target; the rest stay open;
--     10-14 readmissions to crisis stabilisation follow early discharges;
--   * time studies: the month's reimbursable MAA minutes over four
--     clinicians and the other minutes, with a Medi-Cal share (0.65, or
--     0.64 where 0.65 would not give exact minutes).
CREATE TEMPORARY TABLE bch_stay_line (stay_id text PRIMARY KEY, service_line text NOT NULL) ON COMMIT DROP;
UPDATE scorecard.acuity_level SET target_los_days = 7 WHERE acuity_level = 'Inpatient';
UPDATE scorecard.acuity_level SET high_acuity = true WHERE acuity_level = 'Residential';

CREATE TEMPORARY TABLE bch_finance_target ON COMMIT DROP AS
SELECT m.name, o.period_start, o.numerator::bigint AS n, o.denominator::bigint AS d
  FROM scorecard.observation o
  JOIN scorecard.measure m USING (measure_id)
 WHERE m.discipline = 'Finance' AND o.period_grain = 'month';

DO $$
DECLARE
    t record;
    m date;
    k integer;
    rest integer;
    billable integer;
    los integer;
    n_b integer;
    on_b integer;
    open_queue text[] := '{}';
    carry integer;
    same_month integer;
    readmits integer;
    ids text[];
    share numeric;
    total numeric;
    i integer;
    seq integer := 0;
    payer text;
    line text;
    adm date;
    dis date;
BEGIN
    FOR t IN
        SELECT period_start,
               max(n) FILTER (WHERE name LIKE 'Billable inpatient days%') AS n1, max(d) FILTER (WHERE name LIKE 'Billable inpatient days%') AS d1,
               max(n) FILTER (WHERE name LIKE 'Stays with LOS%') AS n2, max(d) FILTER (WHERE name LIKE 'Stays with LOS%') AS d2,
               max(n) FILTER (WHERE name LIKE 'MAA minutes%') AS n3, max(d) FILTER (WHERE name LIKE 'MAA minutes%') AS d3,
               max(n) FILTER (WHERE name LIKE '(Discharges%') AS n4, max(d) FILTER (WHERE name LIKE '(Discharges%') AS d4
          FROM bch_finance_target GROUP BY period_start ORDER BY period_start
    LOOP
        m := t.period_start;
        -- Set A: Medi-Cal inpatient stays (billable days; LOS).
        rest := t.n1;
        FOR k IN 1..150 LOOP
            seq := seq + 1;
            los := CASE WHEN k <= 100 THEN 5
                        ELSE (t.d1 - 500) / 50 + CASE WHEN k - 100 <= (t.d1 - 500) % 50 THEN 1 ELSE 0 END END;
            billable := least(los, rest);
            rest := rest - billable;
            payer := CASE WHEN k % 3 = 0 THEN 'MC-MCP' ELSE 'MC-FFS' END;
            line := CASE WHEN k % 2 = 0 THEN 'Psychiatric Health Facilities' ELSE 'Hospital' END;
            adm := m + (k % 27) - los;
            dis := m + (k % 27);
            INSERT INTO scorecard.stay (stay_id, beneficiary_id, payer_id, acuity_level, admitted_on, discharged_on, billable_days)
            VALUES ('ST' || lpad(seq::text, 6, '0'), pg_temp.bch_stay_patient(payer, line, adm, dis, seq), payer, 'Inpatient',
                    adm, dis, billable);
            INSERT INTO bch_stay_line VALUES ('ST' || lpad(seq::text, 6, '0'), line);
        END LOOP;
        -- Set B: other inpatient stays (LOS).
        n_b := t.d2 - 150;
        on_b := t.n2 - 100;
        IF n_b < 0 OR on_b < 0 OR on_b > n_b THEN
            RAISE EXCEPTION 'cannot build the LOS measure of % from % / %', m, t.n2, t.d2;
        END IF;
        FOR k IN 1..n_b LOOP
            seq := seq + 1;
            los := CASE WHEN k <= on_b THEN 4 ELSE 10 END;
            payer := (ARRAY['MCR-A', 'BC', 'KP', 'AET', 'RLGN'])[1 + k % 5];
            line := CASE WHEN payer = 'RLGN' THEN 'Institutes of Mental Disease'
                         WHEN k % 2 = 0 THEN 'Psychiatric Health Facilities' ELSE 'Hospital' END;
            adm := m + (k % 27) - los;
            dis := m + (k % 27);
            INSERT INTO scorecard.stay (stay_id, beneficiary_id, payer_id, acuity_level, admitted_on, discharged_on)
            VALUES ('ST' || lpad(seq::text, 6, '0'), pg_temp.bch_stay_patient(payer, line, adm, dis, seq), payer, 'Inpatient',
                    adm, dis);
            INSERT INTO bch_stay_line VALUES ('ST' || lpad(seq::text, 6, '0'), line);
        END LOOP;
        -- Set C: high-acuity placements; discharges in the month less
        -- readmissions in the month equals the target.
        readmits := 10 + (extract(month FROM m)::integer % 5);
        carry := least(coalesce(array_length(open_queue, 1), 0), (t.n4 + readmits) / 2);
        same_month := t.n4 + readmits - carry;
        IF same_month < readmits OR same_month > t.d4 THEN
            RAISE EXCEPTION 'cannot build the placement measure of % from % / %', m, t.n4, t.d4;
        END IF;
        -- The oldest open placements are discharged early this month; the
        -- rest of them stay open.
        FOR i IN 1..carry LOOP
            UPDATE scorecard.stay SET discharged_on = m + (i % 5) WHERE stay_id = open_queue[i];
            UPDATE bch_person p SET free_from = m + (i % 5) + 45 + (i * 37) % 90
              FROM scorecard.stay s WHERE s.stay_id = open_queue[i] AND p.beneficiary_id = s.beneficiary_id;
        END LOOP;
        open_queue := open_queue[carry + 1:];
        ids := '{}';
        FOR k IN 1..t.d4 LOOP
            seq := seq + 1;
            payer := (ARRAY['MC-FFS', 'MC-MCP', 'MC-FFS', 'MHSA'])[1 + k % 4];
            line := CASE WHEN k <= same_month THEN 'Residential Detox' ELSE 'Intermediate Care Facilities' END;
            adm := m + (k % 10);
            dis := CASE WHEN k <= same_month THEN m + (k % 10) + 3 + (k % 5) END;
            INSERT INTO scorecard.stay (stay_id, beneficiary_id, payer_id, acuity_level, admitted_on, discharged_on)
            VALUES ('ST' || lpad(seq::text, 6, '0'), pg_temp.bch_stay_patient(payer, line, adm, dis, seq), payer, 'Residential',
                    adm, dis);
            INSERT INTO bch_stay_line VALUES ('ST' || lpad(seq::text, 6, '0'), line);
            ids := ids || ('ST' || lpad(seq::text, 6, '0'));
        END LOOP;
        open_queue := open_queue || ids[same_month + 1:];
        -- Readmissions after the first discharges of the month (discharged
        -- by day 8, readmitted 3 days later: still this month).
        FOR k IN 1..readmits LOOP
            seq := seq + 1;
            INSERT INTO scorecard.stay (stay_id, beneficiary_id, payer_id, acuity_level, admitted_on, discharged_on, readmission_of)
            SELECT 'ST' || lpad(seq::text, 6, '0'), s.beneficiary_id, s.payer_id, 'Crisis Stabilization',
                   s.discharged_on + 3, s.discharged_on + 4, s.stay_id
              FROM scorecard.stay s WHERE s.stay_id = ids[k];
            INSERT INTO bch_stay_line VALUES ('ST' || lpad(seq::text, 6, '0'), 'Crisis Services');
        END LOOP;
        -- Set D: time studies and the Medi-Cal share.
        share := CASE WHEN t.d3 % 13 = 0 THEN 0.65 ELSE 0.64 END;
        total := trim_scale(t.d3 / share);
        INSERT INTO scorecard.medi_cal_share VALUES (m, share);
        FOR k IN 1..4 LOOP
            INSERT INTO scorecard.time_study (study_date, clinician_id, minutes, maa_reimbursable)
            VALUES (m + 2 + k, 'C' || lpad(k::text, 2, '0'),
                    t.n3 / 4 + CASE WHEN k = 4 THEN t.n3 % 4 ELSE 0 END, true);
        END LOOP;
        INSERT INTO scorecard.time_study (study_date, clinician_id, minutes, maa_reimbursable)
        VALUES (m + 10, 'C05', total - t.n3, false);
    END LOOP;
END
$$;

UPDATE scorecard.stay st SET diagnostic_category = p.diagnostic_category
  FROM bch_person p WHERE p.beneficiary_id = st.beneficiary_id;

-- Services. Community patients: about 27 a day, every day of the year,
-- each with 1-4 units, and a crisis evaluation the day one of them is
-- admitted to a hospital or psychiatric health facility. Stays: one
-- service per stay and calendar month of the year it spans (per diem:
-- units are the nights in that month; the month's last billed night is
-- when its claim can be made), delivered at the stay's acuity in the
-- stay's line (crisis stabilisation in Crisis Services). Per unit: Outpatient 145, Peer 85, Urgent Care 210, Crisis
-- 320, Detox 410, intermediate care 380, inpatient 690.
CREATE TEMPORARY TABLE bch_service ON COMMIT DROP AS
WITH raw AS (
    SELECT d::date AS day, k, row_number() OVER (ORDER BY d, k) AS rn
      FROM generate_series(DATE '2015-07-01', DATE '2016-06-30', interval '1 day') AS d,
           generate_series(1, 30) AS k
     WHERE (k * 13 + extract(doy FROM d)::int * 7) % 10 <> 0
), community AS (
    SELECT r.day AS first_day, r.day AS last_day, p.beneficiary_id, p.service_line, p.payer_id,
           CASE p.service_line
                WHEN 'Urgent Care' THEN 'Intensive Outpatient' WHEN 'Crisis Services' THEN 'Crisis Stabilization'
                ELSE 'Outpatient' END AS acuity_level,
           NULL::text AS stay_id, NULL::numeric AS billable_share,
           r.rn::integer AS ord, 0 AS nights
      FROM raw r
      JOIN bch_person p ON p.beneficiary_id = 'B' || lpad((1 + (r.rn * 31) % 420)::text, 4, '0')
), stay_month AS (
    SELECT greatest(st.admitted_on, mo::date) AS first_day,
           least(coalesce(st.discharged_on, DATE '2016-07-01'), (mo + interval '1 month')::date, DATE '2016-07-01') AS end_day,
           st.beneficiary_id,
           sl.service_line,
           st.payer_id, st.acuity_level, st.stay_id,
           CASE WHEN st.billable_days IS NOT NULL THEN st.billable_days::numeric / greatest(st.discharged_on - st.admitted_on, 1) END
               AS billable_share,
           st.admitted_on = coalesce(st.discharged_on, DATE '2016-07-01') AS same_day
      FROM scorecard.stay st
      JOIN bch_stay_line sl USING (stay_id)
     CROSS JOIN LATERAL generate_series(date_trunc('month', greatest(st.admitted_on, DATE '2015-07-01')),
                                        date_trunc('month', least(coalesce(st.discharged_on, DATE '2016-06-30'), DATE '2016-06-30')),
                                        interval '1 month') AS mo
     WHERE st.admitted_on <= DATE '2016-06-30' AND coalesce(st.discharged_on, DATE '2016-07-01') > DATE '2015-07-01'
), stays AS (
    SELECT first_day, greatest(end_day - 1, first_day) AS last_day, beneficiary_id, service_line, payer_id, acuity_level,
           stay_id, billable_share, 0 AS ord, greatest(end_day - first_day, 1) AS nights
      FROM stay_month
     WHERE end_day > first_day OR same_day
), crisis_evaluation AS (
    -- The mobile crisis team's evaluation of a community patient on the
    -- day of admission to the hospital or psychiatric health facility.
    SELECT st.admitted_on AS first_day, st.admitted_on AS last_day, st.beneficiary_id, 'Crisis Services' AS service_line,
           st.payer_id, 'Crisis Stabilization' AS acuity_level, NULL::text AS stay_id, NULL::numeric AS billable_share,
           0 AS ord, 0 AS nights
      FROM scorecard.stay st
      JOIN bch_person p USING (beneficiary_id)
     WHERE p.pool IS NULL AND st.admitted_on BETWEEN DATE '2015-07-01' AND DATE '2016-06-30'
), everything AS (
    SELECT * FROM community
    UNION ALL
    SELECT * FROM stays
    UNION ALL
    SELECT * FROM crisis_evaluation
), numbered AS (
    SELECT row_number() OVER (ORDER BY e.last_day, e.ord, e.stay_id, e.beneficiary_id) AS n, e.*
      FROM everything e
)
SELECT s.n, s.first_day, s.last_day AS day, s.stay_id, s.billable_share,
       CASE WHEN s.payer_id IN (SELECT payer_id FROM bch_funding) THEN s.payer_id
            WHEN s.billable_share = 0 THEN 'CGF' END AS funding_stream,
       'S' || lpad(s.n::text, 6, '0') AS service_id,
       s.beneficiary_id, s.service_line, s.payer_id, s.acuity_level,
       'C' || lpad((1 + (s.n * 5) % 14)::text, 2, '0') AS clinician_id,
       CASE WHEN s.stay_id IS NULL THEN (1 + (s.n * 7) % 4) ELSE s.nights END::integer AS units,
       CASE s.service_line
            WHEN 'Outpatient' THEN 145.00 WHEN 'Peer Services' THEN 85.00 WHEN 'Urgent Care' THEN 210.00
            WHEN 'Crisis Services' THEN 320.00 WHEN 'Residential Detox' THEN 410.00
            WHEN 'Intermediate Care Facilities' THEN 380.00 ELSE 690.00 END AS rate,
       ((s.n * 7919) % 1000)::integer AS h1,
       ((s.n * 104729) % 1000)::integer AS h2,
       ((s.n * 1299709) % 1000)::integer AS h3
  FROM numbered s;

-- Documentation: most within 2 hours; 14% within 4-24 hours; 6% late
-- (25-96 hours); the last week has a few still undocumented. A service a
-- funding stream pays names it (service.funding_stream): it is not billed.
-- Medi-Cal inpatient stays without a billable day (the source's billable
-- days run at about half) are the county's: the County General Fund
-- pays them.
INSERT INTO scorecard.service (service_id, beneficiary_id, clinician_id, service_line, acuity_level, stay_id,
                               service_at, documented_at, units, charge, diagnostic_category, funding_stream)
SELECT s.service_id, s.beneficiary_id, s.clinician_id, s.service_line, s.acuity_level, s.stay_id,
       (s.first_day + time '08:00' + make_interval(mins => (s.h1 * 9) % 540))::timestamptz,
       CASE WHEN s.first_day > DATE '2016-06-24' AND s.h2 < 40 THEN NULL
            ELSE (s.first_day + time '08:00' + make_interval(mins => (s.h1 * 9) % 540))::timestamptz
                 + CASE WHEN s.h2 < 60 THEN make_interval(hours => 25 + s.h3 % 72)
                        WHEN s.h2 < 200 THEN make_interval(mins => 240 + (s.h3 * 17) % 1200)
                        ELSE make_interval(mins => 10 + s.h3 % 110) END
       END,
       s.units, s.units * s.rate, p.diagnostic_category,
       s.funding_stream
  FROM bch_service s
  JOIN bch_person p USING (beneficiary_id);

-- Payer contracts: what each payer is expected to pay, priced on each
-- claim when it is billed. Medi-Cal and Medicare pay fee schedules per unit
-- of service and line (Medi-Cal has no term for the Institutes for Mental
-- Disease: the IMD exclusion); commercial plans and the VA a share of
-- charges; self-pay has none (the charge is expected); the funding streams
-- are not billed. Medi-Cal's residential and inpatient terms require prior
-- authorization. The Medi-Cal
-- managed care plan's Outpatient rate rose 4% on 1 January 2016 and the
-- plan kept paying the old rate: the monthly rate reconciliation shows it.
INSERT INTO scorecard.payer_contract (contract_id, payer_id, service_line, method, rate, effective_from, effective_to, description,
                                      requires_authorization)
SELECT p.payer_id || ' ' || l.service_line || CASE WHEN x.part = 2 THEN ' 2016' ELSE '' END,
       p.payer_id, l.service_line, 'fee schedule',
       round(l.rate * CASE p.payer_type WHEN 'Medi-Cal' THEN 0.62 ELSE 0.74 END
                    * CASE WHEN x.part = 2 THEN 1.04 ELSE 1 END, 2),
       CASE WHEN x.part = 2 THEN DATE '2016-01-01' ELSE DATE '2015-01-01' END,
       CASE WHEN x.part = 1 AND p.payer_id = 'MC-MCP' AND l.service_line = 'Outpatient' THEN DATE '2015-12-31' END,
       p.name || ' fee schedule, ' || l.service_line,
       p.payer_type = 'Medi-Cal' AND l.service_line IN ('Residential Detox', 'Intermediate Care Facilities',
                                                        'Institutes of Mental Disease', 'Psychiatric Health Facilities', 'Hospital')
  FROM scorecard.payer p
 CROSS JOIN (VALUES ('Outpatient', 145.00), ('Peer Services', 85.00), ('Urgent Care', 210.00), ('Crisis Services', 320.00),
                    ('Residential Detox', 410.00), ('Intermediate Care Facilities', 380.00),
                    ('Institutes of Mental Disease', 690.00), ('Psychiatric Health Facilities', 690.00),
                    ('Hospital', 690.00)) AS l(service_line, rate)
 CROSS JOIN (VALUES (1), (2)) AS x(part)
 WHERE p.payer_type IN ('Medi-Cal', 'Medicare')
   AND NOT (p.payer_type = 'Medi-Cal' AND l.service_line = 'Institutes of Mental Disease')
   AND (x.part = 1 OR (p.payer_id = 'MC-MCP' AND l.service_line = 'Outpatient'));
INSERT INTO scorecard.payer_contract (contract_id, payer_id, method, rate, effective_from, description)
SELECT p.payer_id || ' percent of charges', p.payer_id, 'percent of charges',
       CASE p.payer_type WHEN 'commercial' THEN 0.81 ELSE 0.70 END, DATE '2015-01-01',
       p.name || ': a share of charges'
  FROM scorecard.payer p
 WHERE p.payer_type IN ('commercial', 'other') AND p.payer_id NOT IN (SELECT payer_id FROM bch_funding);

-- Claims: one per service a payer is billed for (none for the services
-- the funding streams pay; a Medi-Cal inpatient stay-month's claim has
-- its billable nights only, and a stay without any is the County General
-- Fund's), created 1-4 days after the service (or the stay-month) once
-- coded. Billing edits hold 12% of claims for a few
-- days; services of the last days of June are still suspended; 8% of the
-- billed claims are denied, some of them later paid on resubmission.
CREATE TEMPORARY TABLE bch_claim ON COMMIT DROP AS
SELECT s.*, p.payer_type,
       'CL' || lpad(s.n::text, 6, '0') AS claim_id,
       round(s.units * s.rate * coalesce(s.billable_share, 1), 2) AS amount,
       s.day + 1 + (s.h3 / 7) % 4 AS created_on,
       CASE WHEN s.h3 < 120 THEN (ARRAY['missing authorization', 'invalid diagnosis code',
                                         'eligibility not verified', 'missing clinician signature',
                                         'duplicate service'])[1 + s.h1 % 5] END AS edit_reason,
       s.day + 3 + (s.h3 / 7) % 4 + CASE WHEN s.h3 < 120 THEN 4 + s.h2 % 6 ELSE s.h2 % 3 END AS planned_bill_date,
       CASE WHEN s.h2 BETWEEN 300 AND 379 AND p.payer_type <> 'self-pay'
            THEN (ARRAY['CO-16 missing information', 'CO-50 not medically necessary', 'CO-197 no authorization',
                        'CO-29 timely filing', 'CO-18 duplicate claim'])[1 + s.h3 % 5] END AS denial_reason
  FROM bch_service s
  JOIN scorecard.payer p ON p.payer_id = s.payer_id
 WHERE s.funding_stream IS NULL;

-- Payment timing and rate by payer type.
ALTER TABLE bch_claim ADD COLUMN pay_days integer, ADD COLUMN pay_rate numeric;
UPDATE bch_claim SET
    pay_days = CASE payer_type WHEN 'Medi-Cal' THEN 30 + h1 % 45 WHEN 'Medicare' THEN 14 + h1 % 21
                               WHEN 'commercial' THEN 15 + h1 % 30 WHEN 'other' THEN 30 + h1 % 60
                               ELSE 25 + h1 % 160 END,
    pay_rate = CASE payer_type WHEN 'Medi-Cal' THEN 0.62 WHEN 'Medicare' THEN 0.74
                               WHEN 'commercial' THEN 0.81 WHEN 'other' THEN 0.70 ELSE 1.00 END;

INSERT INTO scorecard.claim (claim_id, payer_id, beneficiary_id, service_id, service_from, created_on,
                             bill_date, amount, status, edit_reason, denial_reason, denied_on)
SELECT c.claim_id, c.payer_id, c.beneficiary_id, c.service_id, c.first_day, c.created_on,
       CASE WHEN c.planned_bill_date <= DATE '2016-06-30' THEN c.planned_bill_date END,
       c.amount,
       CASE WHEN c.planned_bill_date > DATE '2016-06-30' THEN 'suspended'
            WHEN c.denial_reason IS NOT NULL AND c.h1 % 3 = 0 AND c.planned_bill_date + 150 <= DATE '2016-06-30' THEN 'written off'
            WHEN c.denial_reason IS NOT NULL AND c.h1 % 3 = 1 AND c.planned_bill_date + 25 + c.pay_days <= DATE '2016-06-30' THEN 'paid'
            WHEN c.denial_reason IS NOT NULL AND c.planned_bill_date + 25 <= DATE '2016-06-30' THEN 'denied'
            WHEN c.denial_reason IS NULL AND c.payer_type <> 'self-pay' AND c.planned_bill_date + c.pay_days <= DATE '2016-06-30' THEN 'paid'
            ELSE 'submitted' END,
       c.edit_reason,
       CASE WHEN c.planned_bill_date + 25 <= DATE '2016-06-30' THEN c.denial_reason END,
       CASE WHEN c.denial_reason IS NOT NULL AND c.planned_bill_date + 25 <= DATE '2016-06-30' THEN c.planned_bill_date + 25 END
  FROM bch_claim c
 WHERE c.created_on <= DATE '2016-06-30';  -- the rest are not yet coded at the close (DNFB)

-- Payments on paid claims (net of the contractual allowance, which is
-- adjusted off on the posting date). Most are posted within 3 days;
-- payments of the last week of June partly wait unposted; 1 in 7 is
-- reconciled after 72 hours.
CREATE TEMPORARY TABLE bch_payment ON COMMIT DROP AS
SELECT 'P' || substr(c.claim_id, 3) AS payment_id, c.claim_id, c.payer_id, c.amount,
       round(c.amount * b.pay_rate, 2) AS paid,
       c.bill_date + b.pay_days + CASE WHEN c.denial_reason IS NOT NULL THEN 25 ELSE 0 END AS received_on,
       b.h2, b.h3
  FROM scorecard.claim c
  JOIN bch_claim b USING (claim_id)
 WHERE c.status = 'paid';

INSERT INTO scorecard.payment (payment_id, payer_id, claim_id, received_on, posted_on, reconciled_on, amount)
SELECT p.payment_id, p.payer_id, p.claim_id, p.received_on,
       CASE WHEN p.received_on > DATE '2016-06-22' AND p.h3 % 3 = 0 THEN NULL
            ELSE least(p.received_on + p.h3 % 4, DATE '2016-06-30') END,
       CASE WHEN p.received_on > DATE '2016-06-22' AND p.h3 % 3 = 0 THEN NULL
            ELSE least(p.received_on + CASE WHEN p.h2 % 7 = 0 THEN 4 + p.h3 % 6 ELSE 1 + p.h3 % 3 END, DATE '2016-06-30') END,
       p.paid
  FROM bch_payment p;

INSERT INTO scorecard.adjustment (adjustment_id, claim_id, adjusted_on, kind, reason, amount)
SELECT 'A' || substr(p.claim_id, 3), p.claim_id, y.posted_on, 'contractual', 'contractual allowance', p.amount - p.paid
  FROM bch_payment p
  JOIN scorecard.payment y USING (payment_id)
 WHERE p.amount > p.paid AND y.posted_on IS NOT NULL;

-- Denied claims written off after appeal time ran out.
INSERT INTO scorecard.adjustment (adjustment_id, claim_id, adjusted_on, kind, reason, amount)
SELECT 'W' || substr(c.claim_id, 3), c.claim_id, c.bill_date + 150, 'write-off',
       CASE WHEN c.denial_reason LIKE 'CO-29%' THEN 'timely filing'
            WHEN c.denial_reason LIKE 'CO-50%' THEN 'not medically necessary'
            WHEN c.denial_reason LIKE 'CO-197%' THEN 'no authorization'
            ELSE 'denial not appealed' END,
       c.amount
  FROM scorecard.claim c
 WHERE c.status = 'written off';

-- Self-pay: about half pays in part after 30-90 days. The bad-debt
-- policy writes off what is still open 150 days after billing, run at
-- every month end (as a pg_cron job would).
INSERT INTO scorecard.payment (payment_id, payer_id, claim_id, received_on, posted_on, reconciled_on, amount)
SELECT 'P' || substr(c.claim_id, 3), c.payer_id, c.claim_id, c.bill_date + 30 + b.h2 % 60,
       c.bill_date + 31 + b.h2 % 60, c.bill_date + 32 + b.h2 % 60, round(c.amount * 0.40, 2)
  FROM scorecard.claim c
  JOIN bch_claim b USING (claim_id)
 WHERE b.payer_type = 'self-pay' AND b.h1 % 2 = 0 AND c.bill_date + 32 + b.h2 % 60 <= DATE '2016-06-30';

SELECT count(w.claim_id) AS bad_debt_write_offs
  FROM generate_series(DATE '2015-08-01', DATE '2016-07-01', interval '1 month') AS m
 CROSS JOIN LATERAL scorecard.write_off_aged_self_pay((m - interval '1 day')::date, 150,
                                                      'uncollectible: open 150 days after billing') AS w;

-- Self-pay balances collected at the front desk: a payment received on a
-- day the patient came for a service (the next appointment) is a
-- point-of-service collection.
UPDATE scorecard.payment y SET point_of_service = true
  FROM scorecard.payer p, scorecard.claim c
 WHERE p.payer_id = y.payer_id AND p.payer_type = 'self-pay' AND c.claim_id = y.claim_id
   AND EXISTS (SELECT 1 FROM scorecard.service s
                WHERE s.beneficiary_id = c.beneficiary_id AND s.service_at::date = y.received_on);

-- Patient access: each insured patient's coverage is verified at intake
-- (the first visit) and re-verified at the first visit of each later
-- month, except about 1 in 12 re-verifications that were skipped; Medi-Cal
-- residential and inpatient care is authorized per calendar quarter, with
-- about 1 in 20 quarters missing its authorization.
INSERT INTO scorecard.eligibility_check (check_id, beneficiary_id, payer_id, checked_on, kind, result)
SELECT 'EV-' || v.beneficiary_id || '-' || to_char(v.first_visit, 'YYYYMMDD'), v.beneficiary_id, v.payer_id, v.first_visit,
       CASE WHEN v.first_visit = v.intake THEN 'intake' ELSE 're-verification' END, 'eligible'
  FROM (SELECT s.beneficiary_id, p.payer_id, min(s.service_at::date) AS first_visit,
               min(min(s.service_at::date)) OVER (PARTITION BY s.beneficiary_id) AS intake
          FROM scorecard.service s
          JOIN bch_person p USING (beneficiary_id)
          JOIN scorecard.payer y ON y.payer_id = p.payer_id
         WHERE y.payer_type <> 'self-pay' AND p.payer_id NOT IN (SELECT payer_id FROM bch_funding)
         GROUP BY s.beneficiary_id, p.payer_id, date_trunc('month', s.service_at)) AS v
 WHERE v.first_visit = v.intake
    OR (substr(v.beneficiary_id, 2)::integer * 7 + extract(month FROM v.first_visit)::integer * 5) % 12 <> 0;
INSERT INTO scorecard.prior_authorization (authorization_id, beneficiary_id, payer_id, service_line, valid_from, valid_to)
SELECT 'AUTH-' || q.beneficiary_id || '-' || to_char(q.quarter, 'YYYYMM'), q.beneficiary_id, q.payer_id, q.service_line,
       q.quarter::date, (q.quarter + interval '3 months' - interval '1 day')::date
  FROM (SELECT DISTINCT s.beneficiary_id, p.payer_id, s.service_line, date_trunc('quarter', s.service_at) AS quarter
          FROM scorecard.service s
          JOIN bch_person p USING (beneficiary_id)
          JOIN scorecard.payer y ON y.payer_id = p.payer_id
         WHERE y.payer_type = 'Medi-Cal'
           AND s.service_line IN ('Residential Detox', 'Intermediate Care Facilities', 'Institutes of Mental Disease',
                                  'Psychiatric Health Facilities', 'Hospital')) AS q
 WHERE (substr(q.beneficiary_id, 2)::integer * 3 + extract(month FROM q.quarter)::integer) % 20 <> 0;

-- Pre-billing QA: every claim that hit a billing edit has its edit with
-- timestamps: found the morning after the service, returned within the
-- hour (signatures and diagnosis codes to the clinician, the rest to a
-- clerk), corrected 6 to 71 hours later (so some miss the source's 48
-- hours), always before the claim went out; edits of claims still
-- suspended at the close are open if not corrected by then.
INSERT INTO scorecard.claim_edit (edit_id, claim_id, category, found_at, returned_to, returned_at, corrected_at)
SELECT 'E' || substr(c.claim_id, 3), c.claim_id, c.edit_reason, e.found_at,
       CASE WHEN c.edit_reason IN ('missing clinician signature', 'invalid diagnosis code') THEN 'clinician' ELSE 'clerk' END,
       e.found_at + interval '1 hour',
       CASE WHEN e.found_at + e.delay < (DATE '2016-07-01')::timestamptz THEN e.found_at + e.delay END
  FROM scorecard.claim c
  JOIN bch_claim b USING (claim_id)
 CROSS JOIN LATERAL (SELECT (c.created_on + time '09:00')::timestamptz + make_interval(hours => b.h1 % 8) AS found_at,
                            make_interval(hours => 6 + b.h3 % 66) AS delay) AS e
 WHERE c.edit_reason IS NOT NULL;

-- Billing runs every Friday, released at 5 pm, each with its pre-billing
-- report a week before; the run of 1 July 2016 is still planned.
INSERT INTO scorecard.billing_run (run_on, released_at, note)
SELECT d::date, CASE WHEN d < DATE '2016-07-01' THEN (d::date + time '17:00')::timestamptz END, 'weekly billing run'
  FROM generate_series(DATE '2015-07-03', DATE '2016-07-01', interval '7 days') AS d;
COMMIT;

-- Two revenue-cycle KPIs on the Process discipline, computed from the
-- billing above (scorecard.revenue_* measure sources), each with its own
-- target and direction. Weight 0 and an objective of their own keep the
-- source's June 2016 headline as it is: they show on the scorecard and in
-- deep dives, and do not move Process until a user gives them a weight.
INSERT INTO scorecard.objective (discipline, name, description) VALUES
    ('Process', 'Revenue cycle', 'Bill cleanly and document on time (HFMA-style revenue-cycle KPIs).');
INSERT INTO scorecard.measure (name, discipline, objective, higher_is_better, weight, description) VALUES
    ('Clean claim rate', 'Process', 'Revenue cycle', true, 0, 'Claims billed without a billing edit / claims billed (scorecard.revenue_clean_claims).'),
    ('Services documented within 4 hours', 'Process', 'Revenue cycle', true, 0, 'Services documented within 4 hours of delivery / services (scorecard.revenue_documented_within_4h).');
INSERT INTO scorecard.measure_target (measure_id, effective_from, target)
SELECT measure_id, DATE '2015-01-01', t.target
  FROM scorecard.measure JOIN (VALUES ('Clean claim rate', 0.90), ('Services documented within 4 hours', 0.85)) t(name, target) USING (name);
SELECT scorecard.register_measure_source('Clean claim rate', 'scorecard.revenue_clean_claims');
SELECT scorecard.register_measure_source('Services documented within 4 hours', 'scorecard.revenue_documented_within_4h');
SELECT scorecard.refresh_measures('Clean claim rate') + scorecard.refresh_measures('Services documented within 4 hours') AS observations_written;

-- Two service-line scorecards below the organisation's, computed from the
-- same billing: each line's clean claim rate, documentation within 4 hours
-- and initial denial rate (lower is better), each against its own target.
-- The measure sources have a row per month and service line; a measure on
-- a unit with a service line reads only its line's. The organisation does
-- not roll them up (its scorecard stays the source's).
BEGIN;
INSERT INTO scorecard.org_unit (name, parent, service_line, sort_order, description, owner_name)
SELECT l.line, scorecard.root_unit(), l.line, l.n, l.description, l.owner
  FROM (VALUES (1, 'Outpatient', 'Outpatient therapy, case management and medication support clinics.', 'Outpatient Services Manager'),
               (2, 'Crisis Services', 'Mobile crisis and the crisis stabilization unit.', 'Crisis Services Manager'))
       AS l(n, line, description, owner);
CREATE TEMPORARY TABLE bch_line_measure (suffix text, source regclass, higher_is_better boolean, target numeric) ON COMMIT DROP;
INSERT INTO bch_line_measure VALUES
    ('clean claim rate', 'scorecard.revenue_clean_claims', true, 0.90),
    ('services documented within 4 hours', 'scorecard.revenue_documented_within_4h', true, 0.85),
    ('initial denial rate', 'scorecard.revenue_initial_denials', false, 0.10);
INSERT INTO scorecard.measure (name, discipline, objective, higher_is_better, org_unit, description)
SELECT u.name || ': ' || x.suffix, 'Process', 'Revenue cycle', x.higher_is_better, u.name,
       'The ' || u.name || ' line''s ' || x.suffix || ' (' || x.source::text || ').'
  FROM scorecard.org_unit u CROSS JOIN bch_line_measure x
 WHERE u.service_line IS NOT NULL;
INSERT INTO scorecard.measure_target (measure_id, effective_from, target)
SELECT m.measure_id, DATE '2015-01-01', x.target
  FROM scorecard.measure m JOIN scorecard.org_unit u ON u.name = m.org_unit
  JOIN bch_line_measure x ON m.name = u.name || ': ' || x.suffix;
SELECT count(scorecard.register_measure_source(m.name, x.source)) AS sources_registered
  FROM scorecard.measure m JOIN scorecard.org_unit u ON u.name = m.org_unit
  JOIN bch_line_measure x ON m.name = u.name || ': ' || x.suffix;
SELECT sum(scorecard.refresh_measures(m.name)) AS observations_written
  FROM scorecard.measure m JOIN scorecard.org_unit u ON u.name = m.org_unit
 WHERE u.service_line IS NOT NULL;
COMMIT;
