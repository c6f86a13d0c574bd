-- The sample organisation's Finance discipline computed from data: stays,
-- MAA time studies and the Medi-Cal share, from which the extension's four
-- Finance source views (scorecard.finance_*) compute the measures. Load
-- last, after scorecard.sql, billing.sql and costs.sql:
--   psql -v ON_ERROR_STOP=1 -f samples/bch/finance_data.sql
--
-- The data is built from the monthly Finance observations scorecard.sql recorded
-- (the source's 807/1700, 254/367, 6020/7579 and 191/299 for June 2016, and
-- the history around it), so that each month's derived numerator and
-- denominator are exactly those. The hand-entered monthly Finance
-- observations are then replaced by the computed ones (registered sources
-- and scorecard.refresh_measures), and the file checks that every period
-- came back identical; the weekly Finance observations stay hand-entered.
--
-- How each month is built (all deterministic):
--   * 150 Medi-Cal inpatient stays discharged in the month: 100 of 5 days,
--     50 sharing the rest of the month's inpatient days (longer than the
--     7-day target LOS); billable days filled stay by stay to the total;
--   * non-Medi-Cal inpatient stays up to the month's count of stays, those
--     on target 4 days long, the others 10;
--   * high-acuity residential placements admitted in the month; enough of
--     them and of last month's still-open ones are discharged in the month
--     that discharges - readmissions is the target; the rest stay open;
--     10-14 readmissions to crisis stabilisation follow early discharges;
--   * time studies: the month's reimbursable MAA minutes over four
--     clinicians and the other minutes, with a Medi-Cal share (0.65, or
--     0.64 where 0.65 would not give exact minutes).

BEGIN;

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
    overflow text[] := '{}';
    carry integer;
    same_month integer;
    readmits integer;
    ids text[];
    share numeric;
    total numeric;
    i integer;
    seq integer := 0;
    bene text;
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
            bene := 'B' || lpad((1 + (seq * 37) % 420)::text, 4, '0');
            INSERT INTO scorecard.stay (stay_id, beneficiary_id, payer_id, acuity_level, admitted_on, discharged_on, cost, billable_days)
            VALUES ('ST' || lpad(seq::text, 6, '0'), bene, CASE WHEN k % 3 = 0 THEN 'MC-MCP' ELSE 'MC-FFS' END, 'Inpatient',
                    m + (k % 27) - los, m + (k % 27), 690.00 * los, billable);
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
            INSERT INTO scorecard.stay (stay_id, beneficiary_id, payer_id, acuity_level, admitted_on, discharged_on, cost)
            VALUES ('ST' || lpad(seq::text, 6, '0'), 'B' || lpad((1 + (seq * 37) % 420)::text, 4, '0'),
                    (ARRAY['MCR-A', 'BC', 'KP', 'AET', 'CGF'])[1 + k % 5], 'Inpatient', m + (k % 27) - los, m + (k % 27), 690.00 * los);
        END LOOP;
        -- Set C: high-acuity placements; discharges in the month less
        -- readmissions in the month equals the target.
        readmits := 10 + (extract(month FROM m)::integer % 5);
        carry := least(coalesce(array_length(overflow, 1), 0), (t.n4 + readmits) / 2);
        same_month := t.n4 + readmits - carry;
        IF same_month < readmits OR same_month > t.d4 THEN
            RAISE EXCEPTION 'cannot build the placement measure of % from % / %', m, t.n4, t.d4;
        END IF;
        -- Last month's open placements discharged early this month; the
        -- rest of them stay open.
        FOR i IN 1..carry LOOP
            UPDATE scorecard.stay SET discharged_on = m + (i % 5) WHERE stay_id = overflow[i];
        END LOOP;
        ids := '{}';
        FOR k IN 1..t.d4 LOOP
            seq := seq + 1;
            bene := 'B' || lpad((1 + (seq * 37) % 420)::text, 4, '0');
            INSERT INTO scorecard.stay (stay_id, beneficiary_id, payer_id, acuity_level, admitted_on, discharged_on, cost)
            VALUES ('ST' || lpad(seq::text, 6, '0'), bene,
                    (ARRAY['MC-FFS', 'MC-MCP', 'CGF', 'MCR-A'])[1 + k % 4], 'Residential', m + (k % 10),
                    CASE WHEN k <= same_month THEN m + (k % 10) + 3 + (k % 5) END, 380.00 * 20);
            ids := ids || ('ST' || lpad(seq::text, 6, '0'));
        END LOOP;
        overflow := ids[same_month + 1:];
        -- Readmissions after the first discharges of the month (discharged
        -- by day 8, readmitted 3 days later: still this month).
        FOR k IN 1..readmits LOOP
            seq := seq + 1;
            INSERT INTO scorecard.stay (stay_id, beneficiary_id, payer_id, acuity_level, admitted_on, discharged_on, readmission_of, cost)
            SELECT 'ST' || lpad(seq::text, 6, '0'), s.beneficiary_id, s.payer_id, 'Crisis Stabilization',
                   s.discharged_on + 3, s.discharged_on + 4, s.stay_id, 320.00
              FROM scorecard.stay s WHERE s.stay_id = ids[k];
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

-- Replace the hand-entered monthly Finance observations by computed ones.
DELETE FROM scorecard.observation o
 USING scorecard.measure m
 WHERE m.measure_id = o.measure_id AND m.discipline = 'Finance' AND o.period_grain = 'month';
DO $$
BEGIN
    PERFORM scorecard.register_measure_source('Billable inpatient days / total inpatient days (Medi-Cal)', 'scorecard.finance_billable_days');
    PERFORM scorecard.register_measure_source('Stays with LOS on or below target LOS / stays', 'scorecard.finance_los_on_target');
    PERFORM scorecard.register_measure_source('MAA minutes time-studied / minutes expected from Medi-Cal share', 'scorecard.finance_maa_time_study');
    PERFORM scorecard.register_measure_source('(Discharges - readmissions) / high-acuity placements', 'scorecard.finance_placement_outcomes');
    PERFORM scorecard.refresh_measures();
END
$$;

-- Every period came back exactly, and nothing else was added.
DO $$
DECLARE
    wrong integer;
BEGIN
    SELECT count(*) INTO wrong
      FROM (SELECT t.name, t.period_start, t.n, t.d FROM bch_finance_target t
            EXCEPT
            SELECT m.name, o.period_start, o.numerator, o.denominator
              FROM scorecard.observation o JOIN scorecard.measure m USING (measure_id)
             WHERE m.discipline = 'Finance' AND o.period_grain = 'month') AS missing;
    wrong := wrong + (SELECT count(*) FROM scorecard.observation o JOIN scorecard.measure m USING (measure_id)
                       WHERE m.discipline = 'Finance' AND o.period_grain = 'month')
                   - (SELECT count(*) FROM bch_finance_target);
    IF wrong <> 0 THEN
        RAISE EXCEPTION 'the computed Finance observations differ from the source''s in % places', wrong;
    END IF;
END
$$;

COMMIT;

-- Each stay's diagnostic category: its patient's (every service of a
-- sample patient carries the same one).
UPDATE scorecard.stay st
   SET diagnostic_category = (SELECT min(s.diagnostic_category) FROM scorecard.service s WHERE s.beneficiary_id = st.beneficiary_id);

-- Fresh statistics for the planner, as after any bulk load: without them
-- it guesses table sizes, and the score views' plans (and their JIT
-- compilation) cost seconds instead of milliseconds.
ANALYZE;
