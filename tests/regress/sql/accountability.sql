-- template: bch
-- Owners, commentary and initiatives; the deep dive says how its variance
-- is being remedied, or that it is not yet (the source requires a deep
-- dive to identify the remedy).
SELECT name, owner_name, owner_email FROM scorecard.discipline WHERE owner_name IS NOT NULL;
SELECT level, coalesce(measure, discipline) AS flagged, remedy, open_initiatives
  FROM scorecard.deep_dives WHERE org_unit = scorecard.root_unit() AND period_grain = 'month' AND period_start = DATE '2016-06-01' ORDER BY rank;
SELECT latest_commentary FROM scorecard.deep_dives
 WHERE org_unit = scorecard.root_unit() AND period_grain = 'month' AND period_start = DATE '2016-06-01' AND level = 'discipline';

-- An initiative done is no longer open: that measure has no remedy in hand.
UPDATE scorecard.initiative SET status = 'done', percent_complete = 100 WHERE name = 'Weekly length-of-stay rounds';
SELECT coalesce(measure, discipline) AS flagged, remedy FROM scorecard.deep_dives
 WHERE org_unit = scorecard.root_unit() AND period_grain = 'month' AND period_start = DATE '2016-06-01' ORDER BY rank;
-- An initiative on an objective counts for its measures and its discipline.
INSERT INTO scorecard.initiative (name, discipline, objective, owner_name, starts_on, due_on, status)
VALUES ('Placement review board', 'Finance', 'Reduce Placement Costs', 'Clinical Director', '2016-06-01', '2016-08-31', 'in progress');
SELECT level, coalesce(measure, discipline) AS flagged, remedy, open_initiatives FROM scorecard.deep_dives
 WHERE org_unit = scorecard.root_unit() AND period_grain = 'month' AND period_start = DATE '2016-06-01' AND (level = 'discipline' OR objective = 'Reduce Placement Costs');
-- A later commentary is the latest.
INSERT INTO scorecard.commentary (measure_id, period_grain, period_start, analysis, author, written_at)
SELECT measure_id, 'month', DATE '2016-06-01', 'Placements up after the county contract change.', 'Clinical Director', '2016-07-05 09:00+00'
  FROM scorecard.measure WHERE name = '(Discharges - readmissions) / high-acuity placements';
SELECT measure, latest_commentary FROM scorecard.deep_dives
 WHERE org_unit = scorecard.root_unit() AND period_grain = 'month' AND period_start = DATE '2016-06-01' AND level = 'measure' AND latest_commentary IS NOT NULL;

-- Refused, nothing written.
SELECT public.sqlerr($$INSERT INTO scorecard.initiative (name, discipline, objective, starts_on, due_on) VALUES ('x', 'Finance', 'Reduce Placement Costs', '2016-06-01', '2016-05-31')$$);
SELECT public.sqlerr($$INSERT INTO scorecard.initiative (name, discipline, objective, starts_on, due_on, percent_complete) VALUES ('x', 'Finance', 'Reduce Placement Costs', '2016-06-01', '2016-07-01', 120)$$);
SELECT public.sqlerr($$INSERT INTO scorecard.initiative (name, discipline, objective, starts_on, due_on, status) VALUES ('x', 'Finance', 'Reduce Placement Costs', '2016-06-01', '2016-07-01', 'stalled')$$);
SELECT public.sqlerr($$INSERT INTO scorecard.initiative (name, starts_on, due_on) VALUES ('x', '2016-06-01', '2016-07-01')$$);
SELECT public.sqlerr($$INSERT INTO scorecard.initiative (name, discipline, objective, starts_on, due_on) VALUES ('x', 'Finance', 'No such objective', '2016-06-01', '2016-07-01')$$);
SELECT public.sqlerr($$INSERT INTO scorecard.initiative (name, discipline, objective, owner_email, starts_on, due_on) VALUES ('x', 'Finance', 'Reduce Placement Costs', 'not an address', '2016-06-01', '2016-07-01')$$);
SELECT public.sqlerr($$UPDATE scorecard.measure SET owner_email = 'nobody@' WHERE measure_id = (SELECT min(measure_id) FROM scorecard.measure)$$);
SELECT public.sqlerr($$INSERT INTO scorecard.commentary (discipline, period_grain, period_start, analysis) VALUES ('Finance', 'month', '2016-06-15', 'mid-month')$$);
SELECT public.sqlerr($$INSERT INTO scorecard.commentary (period_grain, period_start, analysis) VALUES ('month', '2016-06-01', 'on nothing')$$);
SELECT public.sqlerr($$INSERT INTO scorecard.commentary (discipline, period_grain, period_start, analysis) VALUES ('Finanse', 'month', '2016-06-01', 'typo')$$);
SELECT (SELECT count(*) FROM scorecard.initiative) AS initiatives, (SELECT count(*) FROM scorecard.commentary) AS commentaries;
