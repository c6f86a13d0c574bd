-- The sample organisation's Finance discipline computed from data: the
-- stays, MAA time studies and Medi-Cal share that samples/bch/billing.sql
-- built from the source's monthly Finance observations, from which the
-- extension's four Finance source views (scorecard.finance_*) compute the
-- measures. Load last, after scorecard.sql, billing.sql and costs.sql:
--   psql -v ON_ERROR_STOP=1 -f samples/bch/finance_data.sql
--
-- The hand-entered monthly Finance observations are replaced by the
-- computed ones (registered sources and scorecard.refresh_measures), and
-- the file checks that every period came back identical (the source's
-- 807/1700, 254/367, 6020/7579 and 191/299 for June 2016, and the history
-- around it); the weekly Finance observations stay hand-entered.

BEGIN;

CREATE TEMPORARY TABLE bch_finance_target ON COMMIT DROP AS
SELECT m.name, o.period_start, o.numerator::bigint AS n, o.denominator::bigint AS d
  FROM scorecard.observation o
  JOIN scorecard.measure m USING (measure_id)
 WHERE m.discipline = 'Finance' AND o.period_grain = 'month';

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

-- Fresh statistics for the planner, as after any bulk load: without them
-- it guesses table sizes, and the score views' plans (and their JIT
-- compilation) cost seconds instead of milliseconds.
ANALYZE;
