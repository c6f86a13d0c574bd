-- template: empty
-- Bad input is refused with a clear error and the tables keep what they had.

INSERT INTO scorecard.objective (discipline, name) VALUES ('Process', 'Bill cleanly');
INSERT INTO scorecard.measure (name, discipline, objective, higher_is_better)
VALUES ('Denial rate', 'Process', 'Bill cleanly', false);
INSERT INTO scorecard.observation (measure_id, period_grain, period_start, numerator, denominator)
SELECT measure_id, 'month', DATE '2024-01-01', 8, 100 FROM scorecard.measure WHERE name = 'Denial rate';

CREATE TEMP VIEW counts AS
SELECT (SELECT count(*) FROM scorecard.objective) AS objectives,
       (SELECT count(*) FROM scorecard.measure) AS measures,
       (SELECT count(*) FROM scorecard.discipline_target) AS targets,
       (SELECT count(*) FROM scorecard.observation) AS observations;
SELECT * FROM counts;

-- Unknown discipline.
SELECT public.sqlerr($$INSERT INTO scorecard.objective (discipline, name) VALUES ('Finanse', 'Typo')$$);
SELECT public.sqlerr($$INSERT INTO scorecard.measure (name, discipline, objective) VALUES ('x', 'Vision', 'Bill cleanly')$$);
SELECT public.sqlerr($$INSERT INTO scorecard.discipline_target (discipline, effective_from, target) VALUES ('Finances', '2024-01-01', 0.9)$$);
-- An objective that does not exist in the discipline.
SELECT public.sqlerr($$INSERT INTO scorecard.measure (name, discipline, objective) VALUES ('x', 'Finance', 'Bill cleanly')$$);
-- A weight below zero.
SELECT public.sqlerr($$INSERT INTO scorecard.measure (name, discipline, objective, weight) VALUES ('y', 'Process', 'Bill cleanly', -0.5)$$);
SELECT public.sqlerr($$UPDATE scorecard.measure SET weight = -1 WHERE name = 'Denial rate'$$);
-- Goal and red flag that contradict the direction.
SELECT public.sqlerr($$INSERT INTO scorecard.measure (name, discipline, objective, higher_is_better, goal, red_flag) VALUES ('z', 'Process', 'Bill cleanly', false, 0.10, 0.05)$$);
-- An observation for an unknown measure.
SELECT public.sqlerr($$INSERT INTO scorecard.observation (measure_id, period_grain, period_start, numerator, denominator) VALUES (999999, 'month', '2024-02-01', 1, 2)$$);
-- Periods that open neither a month nor an ISO week.
SELECT public.sqlerr($$INSERT INTO scorecard.observation (measure_id, period_grain, period_start, numerator, denominator)
                        SELECT measure_id, 'month', '2024-02-15', 1, 2 FROM scorecard.measure WHERE name = 'Denial rate'$$);
SELECT public.sqlerr($$INSERT INTO scorecard.observation (measure_id, period_grain, period_start, numerator, denominator)
                        SELECT measure_id, 'week', '2024-02-01', 1, 2 FROM scorecard.measure WHERE name = 'Denial rate'$$);
SELECT public.sqlerr($$INSERT INTO scorecard.observation (measure_id, period_grain, period_start, numerator, denominator)
                        SELECT measure_id, 'quarter', '2024-01-01', 1, 2 FROM scorecard.measure WHERE name = 'Denial rate'$$);
-- Negative counts, NaN, half a ratio.
SELECT public.sqlerr($$INSERT INTO scorecard.observation (measure_id, period_grain, period_start, numerator, denominator)
                        SELECT measure_id, 'month', '2024-03-01', -1, 2 FROM scorecard.measure WHERE name = 'Denial rate'$$);
SELECT public.sqlerr($$INSERT INTO scorecard.observation (measure_id, period_grain, period_start, numerator, denominator)
                        SELECT measure_id, 'month', '2024-03-01', 'NaN', 2 FROM scorecard.measure WHERE name = 'Denial rate'$$);
SELECT public.sqlerr($$INSERT INTO scorecard.observation (measure_id, period_grain, period_start, numerator)
                        SELECT measure_id, 'month', '2024-03-01', 1 FROM scorecard.measure WHERE name = 'Denial rate'$$);
-- A batch with one bad row writes nothing.
SELECT public.sqlerr($$INSERT INTO scorecard.observation (measure_id, period_grain, period_start, numerator, denominator)
                        SELECT measure_id, 'month', d::date, 1, 2 FROM scorecard.measure,
                               (VALUES ('2024-04-01'), ('2024-05-01'), ('2024-05-02')) v(d)
                         WHERE name = 'Denial rate'$$);

-- Nothing changed.
SELECT * FROM counts;

-- Good input of both grains is accepted: a Monday and a month start.
INSERT INTO scorecard.observation (measure_id, period_grain, period_start, numerator, denominator)
SELECT measure_id, 'week', DATE '2024-01-01', 3, 50 FROM scorecard.measure WHERE name = 'Denial rate';
-- A zero denominator is missing, not 0 and not an error.
INSERT INTO scorecard.observation (measure_id, period_grain, period_start, numerator, denominator)
SELECT measure_id, 'month', DATE '2024-02-01', 0, 0 FROM scorecard.measure WHERE name = 'Denial rate';
INSERT INTO scorecard.discipline_target VALUES ('Process', DATE '2023-01-01', 0.05);
SELECT period_grain, period_start, numerator, denominator, actual, target, balance, status
  FROM scorecard.measure_scores WHERE measure = 'Denial rate' ORDER BY period_grain, period_start;
SELECT period_grain, period_start, discipline, actual, measures_reported, measures_missing
  FROM scorecard.discipline_scores ORDER BY period_grain, period_start;

-- Clean up for the tests that follow.
DELETE FROM scorecard.discipline_target;
DELETE FROM scorecard.measure;
DELETE FROM scorecard.objective;
SELECT * FROM counts;
