-- template: bch
-- The sample's Finance discipline computed from data: stays, time studies
-- and the Medi-Cal share give exactly the source's Finance measures, and
-- the scorecard of June 2016 is unchanged. (The file checks every period
-- itself and raises if one differs.)

SELECT name, source, source_grain FROM scorecard.measure WHERE source IS NOT NULL ORDER BY name;
SELECT measure, numerator, denominator, round(actual * 100, 2) AS percent
  FROM scorecard.measure_scores
 WHERE discipline = 'Finance' AND period_grain = 'month' AND period_start = DATE '2016-06-01'
 ORDER BY measure;
SELECT discipline, round(target, 4) AS target, round(actual, 4) AS actual, round(balance, 4) AS balance, needs_deep_dive
  FROM scorecard.discipline_scores
 WHERE org_unit = scorecard.root_unit() AND period_grain = 'month' AND period_start = DATE '2016-06-01' ORDER BY sort_order;
SELECT round(balance, 4) AS organisation FROM scorecard.organization_scores
 WHERE org_unit = scorecard.root_unit() AND period_grain = 'month' AND period_start = DATE '2016-06-01';
-- Every monthly Finance observation now comes from a source.
SELECT count(*) AS monthly_finance_observations, count(*) FILTER (WHERE note LIKE 'computed from scorecard.finance_%') AS computed
  FROM scorecard.observation o JOIN scorecard.measure m USING (measure_id)
 WHERE m.discipline = 'Finance' AND o.period_grain = 'month';
-- The data behind June 2016.
SELECT acuity_level, count(*) AS stays, count(*) FILTER (WHERE readmission_of IS NOT NULL) AS readmissions,
       count(*) FILTER (WHERE discharged_on IS NULL) AS still_open
  FROM scorecard.stay GROUP BY acuity_level ORDER BY acuity_level;
SELECT * FROM scorecard.medi_cal_share WHERE period_start = DATE '2016-06-01';
SELECT maa_reimbursable, sum(minutes) FROM scorecard.time_study WHERE study_date >= DATE '2016-06-01' AND study_date < DATE '2016-07-01' GROUP BY 1 ORDER BY 1;
-- Refreshing again changes nothing.
SELECT scorecard.refresh_measures() AS written;
-- Case rates from the sample's stays, readmissions at the discharging level.
SELECT period_start, acuity_level, payer_type, beneficiaries, round(mean_expenditure, 2) AS mean, round(rate_low, 2) AS low, round(rate_high, 2) AS high
  FROM scorecard.case_rate_ranges WHERE payer_type = 'all payers' ORDER BY period_start, acuity_level;

-- Length of stay and readmissions per service line from the sample's stays.
SELECT service_line, avg_los_days, median_los_days, discharges, readmissions
  FROM scorecard.service_line_metrics WHERE period_start = DATE '2016-06-01' ORDER BY service_line;
-- The exact median: the middle value for an odd count, the mean of the two
-- middle ones for an even count (stays of 2, 3, 7, 10 days: 5).
BEGIN;
INSERT INTO scorecard.beneficiary (beneficiary_id, service_line) VALUES ('M1', 'Peer Services');
INSERT INTO scorecard.service (service_id, beneficiary_id, service_at, documented_at, units, charge)
VALUES ('MS1', 'M1', '2030-03-02 10:00', '2030-03-02 11:00', 1, 10);
INSERT INTO scorecard.cost_entry (period_start, service_line, cost_type, category, amount) VALUES ('2030-03-01', 'Peer Services', 'fixed', 'x', 10);
INSERT INTO scorecard.stay (stay_id, beneficiary_id, payer_id, acuity_level, admitted_on, discharged_on) VALUES
    ('MED1', 'M1', 'BC', 'Inpatient', '2030-03-01', '2030-03-03'), ('MED2', 'M1', 'BC', 'Inpatient', '2030-03-01', '2030-03-04'),
    ('MED3', 'M1', 'BC', 'Inpatient', '2030-03-01', '2030-03-08'), ('MED4', 'M1', 'BC', 'Inpatient', '2030-03-01', '2030-03-11');
SELECT avg_los_days, median_los_days FROM scorecard.service_line_metrics WHERE period_start = DATE '2030-03-01' AND service_line = 'Peer Services';
ROLLBACK;
