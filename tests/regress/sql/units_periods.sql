-- template: empty
-- Cascading scorecards (a tree of units, each scored on its own, a parent
-- rolling up its children where it chooses), the Spider goal-score method,
-- fiscal quarters and years, and the bad input each refuses.

-- The root ships as 'Organization' with a calendar fiscal year.
SELECT name, parent, is_root, fiscal_year_start, scoring_method, rollup_children FROM scorecard.org_unit;
SELECT scorecard.root_unit(), scorecard.fiscal_year_start();

-- A county: renamed root, July-June fiscal year, two service lines, and a
-- department with a team under it (three levels).
INSERT INTO scorecard.service_line (service_line) VALUES ('Outpatient'), ('Crisis Services');
UPDATE scorecard.org_unit SET name = 'County', fiscal_year_start = 7 WHERE is_root;
INSERT INTO scorecard.org_unit (name, parent, service_line, sort_order) VALUES
    ('Outpatient', 'County', 'Outpatient', 1),
    ('Crisis', 'County', 'Crisis Services', 2),
    ('Clinics', 'Outpatient', NULL, 1);
SELECT name, parent, service_line FROM scorecard.org_unit ORDER BY is_root DESC, sort_order, name;

-- Bad input, each refused with nothing written.
SELECT public.sqlerr($$UPDATE scorecard.org_unit SET parent = 'Clinics' WHERE name = 'Outpatient'$$) AS cycle;
SELECT public.sqlerr($$UPDATE scorecard.org_unit SET parent = 'Crisis' WHERE name = 'Crisis'$$) AS own_parent;
SELECT public.sqlerr($$INSERT INTO scorecard.org_unit (name, parent) VALUES ('Dental', 'Nowhere')$$) AS unknown_parent;
SELECT public.sqlerr($$INSERT INTO scorecard.org_unit (name, is_root, fiscal_year_start) VALUES ('Second root', true, 1)$$) AS second_root;
SELECT public.sqlerr($$INSERT INTO scorecard.org_unit (name) VALUES ('Orphan')$$) AS no_parent;
SELECT public.sqlerr($$DELETE FROM scorecard.org_unit WHERE is_root$$) AS delete_root;
SELECT public.sqlerr($$UPDATE scorecard.org_unit SET is_root = true WHERE name = 'Crisis'$$) AS make_root;
SELECT public.sqlerr($$UPDATE scorecard.org_unit SET fiscal_year_start = 13 WHERE is_root$$) AS fiscal_13;
SELECT public.sqlerr($$UPDATE scorecard.org_unit SET fiscal_year_start = 0 WHERE is_root$$) AS fiscal_0;
SELECT public.sqlerr($$UPDATE scorecard.org_unit SET fiscal_year_start = 7 WHERE name = 'Crisis'$$) AS fiscal_on_child;
SELECT public.sqlerr($$UPDATE scorecard.org_unit SET scoring_method = 'vibes' WHERE name = 'Crisis'$$) AS unknown_method;
SELECT public.sqlerr($$UPDATE scorecard.org_unit SET rollup_weight = -1 WHERE name = 'Crisis'$$) AS negative_weight;
SELECT public.sqlerr($$UPDATE scorecard.org_unit SET rollup_weight = 'NaN' WHERE name = 'Crisis'$$) AS nan_weight;
SELECT public.sqlerr($$SELECT scorecard.period_start('quarter', DATE '2016-06-15', 13)$$) AS fiscal_arg_13;
SELECT name, parent FROM scorecard.org_unit ORDER BY name;

-- Measures belong to a unit (the root unless they name one); targets too,
-- and a unit without a discipline target of its own takes its nearest
-- ancestor's.
INSERT INTO scorecard.objective (discipline, name) VALUES ('Process', 'Access'), ('Customer', 'Experience');
SELECT public.sqlerr($$INSERT INTO scorecard.measure (name, discipline, objective, org_unit) VALUES ('x', 'Process', 'Access', 'Nowhere')$$) AS unknown_unit;
SELECT public.sqlerr($$INSERT INTO scorecard.discipline_target (discipline, effective_from, target, org_unit) VALUES ('Process', DATE '2016-01-01', 0.8, 'Nowhere')$$) AS unknown_target_unit;
INSERT INTO scorecard.measure (name, discipline, objective, org_unit, goal, red_flag) VALUES
    ('County access', 'Process', 'Access', DEFAULT, 0.90, 0.70),
    ('Outpatient access', 'Process', 'Access', 'Outpatient', 0.90, 0.70),
    ('Clinic access', 'Process', 'Access', 'Clinics', 0.90, 0.70),
    ('Crisis access', 'Process', 'Access', 'Crisis', 0.90, 0.70),
    ('Crisis experience', 'Customer', 'Experience', 'Crisis', NULL, NULL);
SELECT name, org_unit FROM scorecard.measure ORDER BY measure_id;
INSERT INTO scorecard.discipline_target (discipline, effective_from, target) VALUES
    ('Process', DATE '2016-01-01', 0.80), ('Customer', DATE '2016-01-01', 0.75);
INSERT INTO scorecard.discipline_target (discipline, effective_from, target, org_unit) VALUES
    ('Process', DATE '2016-01-01', 0.85, 'Outpatient');
-- Overlapping effective dates for one target: refused.
SELECT public.sqlerr($$INSERT INTO scorecard.discipline_target (discipline, effective_from, target, org_unit) VALUES ('Process', DATE '2016-01-01', 0.9, 'Outpatient')$$) AS same_day_twice;
SELECT public.sqlerr($$INSERT INTO scorecard.measure_weight SELECT measure_id, DATE '2016-01-01', 2 FROM scorecard.measure WHERE name = 'County access' UNION ALL SELECT measure_id, DATE '2016-01-01', 3 FROM scorecard.measure WHERE name = 'County access'$$) AS weight_twice;
SELECT u.name, scorecard.discipline_target_at('Process', DATE '2016-06-01', u.name) AS process_target
  FROM scorecard.org_unit u ORDER BY u.name;

-- April-June 2016: the last quarter of fiscal 2016 (July 2015 - June 2016).
INSERT INTO scorecard.observation (measure_id, period_grain, period_start, numerator, denominator)
SELECT m.measure_id, 'month', v.p, v.n, v.d
  FROM (VALUES ('County access', DATE '2016-04-01', 80, 100), ('County access', DATE '2016-05-01', 9, 10),
               ('County access', DATE '2016-06-01', 70, 100),
               ('Outpatient access', DATE '2016-06-01', 88, 100), ('Clinic access', DATE '2016-06-01', 92, 100),
               ('Crisis access', DATE '2016-06-01', 60, 100), ('Crisis experience', DATE '2016-06-01', 80, 100)) v(name, p, n, d)
  JOIN scorecard.measure m ON m.name = v.name;

-- Every unit's scorecard, each on its own (nobody rolls up yet).
SELECT org_unit, discipline, target, actual, balance, status, measures_reported
  FROM scorecard.discipline_scores WHERE period_grain = 'month' AND period_start = DATE '2016-06-01'
 ORDER BY org_unit, sort_order;

-- The county rolls up its children, and Outpatient its clinics: Outpatient
-- Process = mean(own +0.03, Clinics +0.07) = +0.05; County Process =
-- mean(own -0.10, Outpatient +0.05, Crisis -0.20) = -0.0833...; County
-- Customer = Crisis's +0.05 alone.
UPDATE scorecard.org_unit SET rollup_children = true WHERE name IN ('County', 'Outpatient');
SELECT org_unit, discipline, target, round(actual, 4) AS actual, round(balance, 4) AS balance, children_reported, status
  FROM scorecard.discipline_scores WHERE period_grain = 'month' AND period_start = DATE '2016-06-01'
 ORDER BY org_unit, sort_order;
-- A child's weight in its parent: Crisis at 2 pulls the county down.
UPDATE scorecard.org_unit SET rollup_weight = 2 WHERE name = 'Crisis';
SELECT org_unit, discipline, round(balance, 4) AS balance FROM scorecard.discipline_scores
 WHERE period_grain = 'month' AND period_start = DATE '2016-06-01' AND org_unit = 'County' ORDER BY sort_order;
SELECT org_unit, round(balance, 4) AS balance, disciplines_reported, status FROM scorecard.organization_scores
 WHERE period_grain = 'month' AND period_start = DATE '2016-06-01' ORDER BY org_unit;
UPDATE scorecard.org_unit SET rollup_weight = 1, rollup_children = false;

-- Status bands of one unit's scorecard.
INSERT INTO scorecard.status_band (org_unit, min_balance, status, label, color) VALUES
    ('Crisis', -0.10, 'watch', 'Watch', '#fdd835'), ('Crisis', NULL, 'act', 'Act now', '#b71c1c');
SELECT org_unit, discipline, round(balance, 4) AS balance, status, status_label, status_color FROM scorecard.discipline_scores
 WHERE period_grain = 'month' AND period_start = DATE '2016-06-01' AND org_unit IN ('Crisis', 'Outpatient') ORDER BY org_unit, sort_order;
SELECT public.sqlerr($$INSERT INTO scorecard.status_band (org_unit, discipline, min_balance, status, label, color) VALUES ('Crisis', 'Process', 0, 'ok', 'OK', '#00ff00')$$) AS two_scopes;
DELETE FROM scorecard.status_band;

-- The Spider goal-score method on Crisis: each measure's 0-10 score from
-- its goal (6.67) and red flag (3.33), the discipline's the weighted mean,
-- status from the score; a measure without goal and red flag has none.
UPDATE scorecard.org_unit SET scoring_method = 'goal score' WHERE name = 'Crisis';
SELECT measure, actual, goal_score, status, status_label FROM scorecard.measure_scores
 WHERE period_grain = 'month' AND period_start = DATE '2016-06-01' AND org_unit = 'Crisis' ORDER BY measure;
SELECT org_unit, discipline, round(balance, 4) AS balance, goal_score, scoring_method, status FROM scorecard.discipline_scores
 WHERE period_grain = 'month' AND period_start = DATE '2016-06-01' AND org_unit = 'Crisis' ORDER BY sort_order;
SELECT org_unit, goal_score, scoring_method, status FROM scorecard.organization_scores
 WHERE period_grain = 'month' AND period_start = DATE '2016-06-01' AND org_unit = 'Crisis';

-- Fiscal quarters and years (July start). A quarter's ratio is the sum of
-- its months' numerators over the sum of their denominators: County access
-- (80 + 9 + 70) / (100 + 10 + 100) = 0.757..., not the mean of 0.80, 0.90
-- and 0.70 (0.80).
SELECT period_grain, period_start, numerator, denominator, round(actual, 4) AS actual
  FROM scorecard.measure_scores WHERE measure = 'County access' AND period_grain IN ('quarter', 'year') ORDER BY 1;
SELECT g, scorecard.period_start(g, DATE '2016-06-15', 7) AS fiscal_july, scorecard.period_start(g, DATE '2016-06-15') AS calendar
  FROM unnest(ARRAY['week', 'month', 'quarter', 'year']) g;
SELECT scorecard.fiscal_year(DATE '2016-06-30', 7) AS fy_june, scorecard.fiscal_year(DATE '2016-07-01', 7) AS fy_july,
       scorecard.fiscal_year(DATE '2016-07-01') AS calendar;

-- Plain values follow the measure's aggregation: mean, sum or last.
INSERT INTO scorecard.measure (name, discipline, objective, unit, higher_is_better, aggregation) VALUES
    ('Days to appointment', 'Process', 'Access', 'days', false, 'mean'),
    ('Grievances', 'Customer', 'Experience', 'count', false, 'sum'),
    ('Waiting list', 'Process', 'Access', 'count', false, 'last');
SELECT public.sqlerr($$UPDATE scorecard.measure SET aggregation = 'median' WHERE name = 'Grievances'$$) AS unknown_aggregation;
INSERT INTO scorecard.observation (measure_id, period_grain, period_start, value)
SELECT m.measure_id, 'month', p, v
  FROM scorecard.measure m
 CROSS JOIN LATERAL (VALUES (DATE '2016-04-01', 10), (DATE '2016-05-01', 12), (DATE '2016-06-01', 17)) AS x(p, v)
 WHERE m.name IN ('Days to appointment', 'Grievances', 'Waiting list');
SELECT measure, period_grain, actual FROM scorecard.measure_scores
 WHERE measure IN ('Days to appointment', 'Grievances', 'Waiting list') AND period_grain = 'quarter' ORDER BY measure;

-- A period where a measure did not report stays missing, at every grain.
INSERT INTO scorecard.measure (name, discipline, objective, active_from) VALUES ('Silent', 'Process', 'Access', DATE '2016-04-01');
SELECT period_grain, period_start, actual, status FROM scorecard.measure_scores WHERE measure = 'Silent' ORDER BY 1, 2;

-- The reports take the unit: Outpatient's scorecard alone.
\set period 2016-06-01
\set unit Outpatient
\set ECHO none
\i reports/director_scorecard.sql
\set ECHO all
