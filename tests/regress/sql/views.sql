-- template: empty
-- The views beyond the sample: a user-added discipline, weights, a
-- lower-is-better measure with its own target, goal / red flag scores,
-- a measure that did not report, a measure not yet active. Periods in 2024
-- keep it apart from the BCH sample.

INSERT INTO scorecard.discipline (name, sort_order, deep_dive_threshold) VALUES ('Quality', 5, 0.10);
INSERT INTO scorecard.objective VALUES ('Quality', 'Safe care', NULL);
INSERT INTO scorecard.measure (name, discipline, objective, weight, goal, red_flag) VALUES
    ('Follow-up within 7 days', 'Quality', 'Safe care', 3, 0.90, 0.70),
    ('Medication reconciled', 'Quality', 'Safe care', 1, NULL, NULL);
INSERT INTO scorecard.measure (name, discipline, objective, higher_is_better, unit, goal, red_flag) VALUES
    ('Average length of stay', 'Quality', 'Safe care', false, 'days', 6, 9);
INSERT INTO scorecard.measure (name, discipline, objective, active_from) VALUES
    ('New survey score', 'Quality', 'Safe care', DATE '2024-03-01');
INSERT INTO scorecard.discipline_target VALUES ('Quality', DATE '2024-01-01', 0.85);
INSERT INTO scorecard.measure_target
SELECT measure_id, DATE '2024-01-01', 7 FROM scorecard.measure WHERE name = 'Average length of stay';

INSERT INTO scorecard.observation (measure_id, period_grain, period_start, numerator, denominator, value)
SELECT m.measure_id, 'month', v.p::date, v.n, v.d, v.val
  FROM (VALUES
        ('Follow-up within 7 days', '2024-01-01', 80, 100, NULL),
        ('Follow-up within 7 days', '2024-02-01', 95, 100, NULL),
        ('Medication reconciled',   '2024-01-01', 45, 50, NULL),
        ('Average length of stay',  '2024-01-01', NULL, NULL, 6.5),
        ('Average length of stay',  '2024-02-01', NULL, NULL, 8.0)) v(name, p, n, d, val)
  JOIN scorecard.measure m ON m.name = v.name;

-- January: everything but the not-yet-active survey; February: medication
-- reconciliation did not report.
SELECT period_start, measure, actual, target, balance, round(goal_score, 2) AS goal_score, status, needs_deep_dive
  FROM scorecard.measure_scores WHERE discipline = 'Quality' AND period_grain = 'month' ORDER BY period_start, measure;

-- The lower-is-better LOS (days) has weight 1 like the ratios: the
-- discipline actual averages what is reported, weighted (3:1:1 in January).
SELECT period_start, discipline, target, actual, balance, needs_deep_dive, measures_reported, measures_missing
  FROM scorecard.discipline_scores WHERE discipline = 'Quality' AND period_grain = 'month' ORDER BY period_start;

-- Weight 0 keeps a measure on the card and out of the composite.
UPDATE scorecard.measure SET weight = 0 WHERE name = 'Average length of stay';
SELECT period_start, actual, balance, measures_reported
  FROM scorecard.discipline_scores WHERE discipline = 'Quality' AND period_grain = 'month' ORDER BY period_start;

-- A discipline target that changes mid-year applies from its date on.
INSERT INTO scorecard.discipline_target VALUES ('Quality', DATE '2024-02-01', 0.95);
SELECT period_start, target FROM scorecard.discipline_scores WHERE discipline = 'Quality' AND period_grain = 'month' ORDER BY 1;

-- March: follow-up collapses; the survey, active from March, has not
-- reported and shows as missing.
INSERT INTO scorecard.observation (measure_id, period_grain, period_start, numerator, denominator)
SELECT measure_id, 'month', DATE '2024-03-01', n, d
  FROM (VALUES ('Follow-up within 7 days', 60, 100), ('Medication reconciled', 35, 50)) v(name, n, d)
  JOIN scorecard.measure USING (name);
SELECT period_start, measure, actual, target, balance, status, needs_deep_dive
  FROM scorecard.measure_scores WHERE discipline = 'Quality' AND period_start = DATE '2024-03-01' ORDER BY measure;

-- The deep dive lists Quality with the measures that drive it, then the
-- measures past its 0.10 threshold (LOS: 8 days against 7 is 14% off).
SELECT period_start, rank, level, discipline, measure, round(balance, 4) AS balance, drivers
  FROM scorecard.deep_dives WHERE period_start >= DATE '2024-01-01' AND period_grain = 'month' ORDER BY period_start, rank;

SELECT period_start, discipline, actual, previous_actual, actual_change, balance_change, direction
  FROM scorecard.discipline_trend WHERE discipline = 'Quality' AND period_grain = 'month' ORDER BY 1;

-- Helpers.
SELECT g, d, scorecard.is_period_start(g, d) AS opens, scorecard.period_end(g, d) AS ends,
       scorecard.previous_period_start(g, d) AS previous
  FROM (VALUES ('month', DATE '2024-02-01'), ('month', DATE '2024-03-01'), ('week', DATE '2024-12-30'),
               ('week', DATE '2024-12-31'), ('day', DATE '2024-01-01')) v(g, d);
SELECT scorecard.discipline_target_at('Quality', DATE '2023-12-31') IS NULL AS no_target_yet,
       scorecard.discipline_target_at('Quality', DATE '2024-02-15') AS february;

-- Clean up: the user-added discipline and its rows.
DELETE FROM scorecard.measure WHERE discipline = 'Quality';
DELETE FROM scorecard.objective WHERE discipline = 'Quality';
DELETE FROM scorecard.discipline_target WHERE discipline = 'Quality';
DELETE FROM scorecard.discipline WHERE name = 'Quality';
