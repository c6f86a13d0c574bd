-- pg_scorecard: the source's four Finance measures as measure sources (see
-- scorecard.register_measure_source).

-- ---------------------------------------------------------------------
-- The source's four Finance measures, computed from stays, time studies
-- and the Medi-Cal share. Register them for measures of your own, e.g.
--   SELECT scorecard.register_measure_source('Billable inpatient days / total inpatient days (Medi-Cal)',
--                                           'scorecard.finance_billable_days');
-- ---------------------------------------------------------------------
CREATE OR REPLACE VIEW scorecard.finance_billable_days WITH (security_invoker = true) AS
SELECT x.period_start, x.numerator, x.denominator,
       round(x.numerator / NULLIF(x.denominator, 0), 4) AS ratio,
       'Billable inpatient days, Medi-Cal'::text AS measure_label,
       scorecard.period_label('month', x.period_start) AS period_label
  FROM (SELECT date_trunc('month', s.discharged_on)::date AS period_start,
              sum(s.billable_days)::numeric AS numerator,
              sum(s.discharged_on - s.admitted_on)::numeric AS denominator
         FROM scorecard.stay s
         JOIN scorecard.payer p ON p.payer_id = s.payer_id
        WHERE p.payer_type = 'Medi-Cal' AND s.discharged_on IS NOT NULL AND s.billable_days IS NOT NULL
        GROUP BY 1) AS x;
COMMENT ON VIEW scorecard.finance_billable_days IS
    'Finance measure 1 (Reduce In-patient Hospital Costs - Medi-Cal): billable inpatient days / total inpatient days of Medi-Cal stays, by month of discharge.';
COMMENT ON COLUMN scorecard.finance_billable_days.period_start IS 'Month of discharge.';
COMMENT ON COLUMN scorecard.finance_billable_days.numerator IS 'Billable days of the Medi-Cal stays discharged in the month.';
COMMENT ON COLUMN scorecard.finance_billable_days.denominator IS 'Their total days (discharge - admission).';
COMMENT ON COLUMN scorecard.finance_billable_days.ratio IS 'numerator / denominator (billable days / total days), to 4 places; NULL without a denominator.';
COMMENT ON COLUMN scorecard.finance_billable_days.measure_label IS 'What the ratio measures, for a reader.';
COMMENT ON COLUMN scorecard.finance_billable_days.period_label IS 'The month for a reader (''Jun 2016'').';

CREATE OR REPLACE VIEW scorecard.finance_los_on_target WITH (security_invoker = true) AS
SELECT x.period_start, x.numerator, x.denominator,
       round(x.numerator / NULLIF(x.denominator, 0), 4) AS ratio,
       'Stays within their target length of stay'::text AS measure_label,
       scorecard.period_label('month', x.period_start) AS period_label
  FROM (SELECT date_trunc('month', s.discharged_on)::date AS period_start,
              (count(*) FILTER (WHERE s.discharged_on - s.admitted_on <= l.target_los_days))::numeric AS numerator,
              count(*)::numeric AS denominator
         FROM scorecard.stay s
         JOIN scorecard.acuity_level l ON l.acuity_level = s.acuity_level
        WHERE s.discharged_on IS NOT NULL AND l.target_los_days IS NOT NULL
        GROUP BY 1) AS x;
COMMENT ON VIEW scorecard.finance_los_on_target IS
    'Finance measure 2 (Reduce In-patient Hospital Costs - LOS): stays with a length of stay on or below their level''s target LOS / stays, by month of discharge.';
COMMENT ON COLUMN scorecard.finance_los_on_target.period_start IS 'Month of discharge.';
COMMENT ON COLUMN scorecard.finance_los_on_target.numerator IS 'Stays discharged in the month with LOS <= target LOS.';
COMMENT ON COLUMN scorecard.finance_los_on_target.denominator IS 'Stays discharged in the month (at levels with a target LOS).';
COMMENT ON COLUMN scorecard.finance_los_on_target.ratio IS 'numerator / denominator (stays on or below target LOS / stays), to 4 places; NULL without a denominator.';
COMMENT ON COLUMN scorecard.finance_los_on_target.measure_label IS 'What the ratio measures, for a reader.';
COMMENT ON COLUMN scorecard.finance_los_on_target.period_label IS 'The month for a reader (''Jun 2016'').';

CREATE OR REPLACE VIEW scorecard.finance_maa_time_study WITH (security_invoker = true) AS
SELECT x.period_start, x.numerator, x.denominator,
       round(x.numerator / NULLIF(x.denominator, 0), 4) AS ratio,
       'MAA time against the Medi-Cal share'::text AS measure_label,
       scorecard.period_label('month', x.period_start) AS period_label
  FROM (SELECT date_trunc('month', t.study_date)::date AS period_start,
              sum(t.minutes) FILTER (WHERE t.maa_reimbursable) AS numerator,
              pg_catalog.trim_scale(sum(t.minutes) * m.share) AS denominator
         FROM scorecard.time_study t
         JOIN scorecard.medi_cal_share m ON m.period_start = date_trunc('month', t.study_date)::date
        GROUP BY 1, m.share) AS x;
COMMENT ON VIEW scorecard.finance_maa_time_study IS
    'Finance measure 3 (Maintain TCM / MAA eligible productivity): minutes time-studied to reimbursable MAA, compared to the minutes the Medi-Cal share of beneficiaries would predict (all minutes studied x Medi-Cal share), by month.';
COMMENT ON COLUMN scorecard.finance_maa_time_study.period_start IS 'Month of the time study.';
COMMENT ON COLUMN scorecard.finance_maa_time_study.numerator IS 'Minutes studied to reimbursable MAA.';
COMMENT ON COLUMN scorecard.finance_maa_time_study.denominator IS 'All minutes studied x the month''s Medi-Cal share.';
COMMENT ON COLUMN scorecard.finance_maa_time_study.ratio IS 'numerator / denominator (MAA minutes / minutes the Medi-Cal share predicts), to 4 places; NULL without a denominator.';
COMMENT ON COLUMN scorecard.finance_maa_time_study.measure_label IS 'What the ratio measures, for a reader.';
COMMENT ON COLUMN scorecard.finance_maa_time_study.period_label IS 'The month for a reader (''Jun 2016'').';

CREATE OR REPLACE VIEW scorecard.finance_placement_outcomes WITH (security_invoker = true) AS
SELECT x.period_start, x.numerator, x.denominator,
       round(x.numerator / NULLIF(x.denominator, 0), 4) AS ratio,
       'High-acuity placement outcomes'::text AS measure_label,
       scorecard.period_label('month', x.period_start) AS period_label
  FROM (WITH high AS (
           SELECT s.stay_id, s.admitted_on, s.discharged_on
             FROM scorecard.stay s JOIN scorecard.acuity_level l ON l.acuity_level = s.acuity_level
            WHERE l.high_acuity
       ), months AS (
           SELECT date_trunc('month', h.admitted_on)::date AS period_start, count(*) AS placements
             FROM high h GROUP BY 1
       ), discharges AS (
           SELECT date_trunc('month', h.discharged_on)::date AS period_start, count(*) AS n
             FROM high h WHERE h.discharged_on IS NOT NULL GROUP BY 1
       ), readmissions AS (
           SELECT date_trunc('month', r.admitted_on)::date AS period_start, count(*) AS n
             FROM scorecard.stay r JOIN high h ON h.stay_id = r.readmission_of GROUP BY 1
       )
       SELECT m.period_start,
              (coalesce(d.n, 0) - coalesce(r.n, 0))::numeric AS numerator,
              m.placements::numeric AS denominator
         FROM months m
         LEFT JOIN discharges d ON d.period_start = m.period_start
         LEFT JOIN readmissions r ON r.period_start = m.period_start) AS x;
COMMENT ON VIEW scorecard.finance_placement_outcomes IS
    'Finance measure 4 (Reduce Placement Costs): (discharges from high-acuity placements - readmissions after them) / high-acuity placements, by month (placements by admission month).';
COMMENT ON COLUMN scorecard.finance_placement_outcomes.period_start IS 'Month.';
COMMENT ON COLUMN scorecard.finance_placement_outcomes.numerator IS 'Discharges from high-acuity placements in the month minus readmissions in the month after a high-acuity stay.';
COMMENT ON COLUMN scorecard.finance_placement_outcomes.denominator IS 'High-acuity placements admitted in the month.';
COMMENT ON COLUMN scorecard.finance_placement_outcomes.ratio IS 'numerator / denominator ((discharges - readmissions) / placements), to 4 places; NULL without a denominator.';
COMMENT ON COLUMN scorecard.finance_placement_outcomes.measure_label IS 'What the ratio measures, for a reader.';
COMMENT ON COLUMN scorecard.finance_placement_outcomes.period_label IS 'The month for a reader (''Jun 2016'').';
