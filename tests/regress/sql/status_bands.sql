-- template: bch
-- Status bands: ordered, configurable rules per scorecard, discipline or
-- measure, each with a label and a colour; every score view carries
-- status, status_label and status_color. The shipped bands apply until a
-- scope has its own.
SELECT * FROM scorecard.default_status_bands();
SELECT discipline, round(balance, 4) AS balance, status, status_label, status_color FROM scorecard.discipline_scores
 WHERE org_unit = scorecard.root_unit() AND period_grain = 'month' AND period_start = DATE '2016-06-01' ORDER BY sort_order;
SELECT round(balance, 4) AS balance, status, status_label, status_color FROM scorecard.organization_scores
 WHERE org_unit = scorecard.root_unit() AND period_grain = 'month' AND period_start = DATE '2016-06-01';

-- The scorecard's own bands (ClearPoint-style: four steps), Finance's own,
-- and one measure's own.
INSERT INTO scorecard.status_band (min_balance, status, label, color) VALUES
    (0.02, 'ahead', 'Ahead of target', '#1b5e20'), (0, 'on target', 'On target', '#43a047'),
    (-0.02, 'watch', 'Watch', '#fdd835'), (NULL, 'behind', 'Behind', '#e53935');
INSERT INTO scorecard.status_band (discipline, min_balance, status, label, color) VALUES
    ('Finance', -0.30, 'recovering', 'Recovering', '#fb8c00'), ('Finance', NULL, 'critical', 'Critical', '#b71c1c');
INSERT INTO scorecard.status_band (measure_id, min_balance, status, label, color)
SELECT measure_id, b.min, b.status, b.label, b.color FROM scorecard.measure,
       (VALUES (-0.03::numeric, 'fine', 'Fine for this one', '#00897b'), (NULL, 'not fine', 'Not fine', '#6d4c41')) b(min, status, label, color)
 WHERE name = 'Billable clinician hours / available clinician hours';
SELECT discipline, round(balance, 4) AS balance, status, status_label, status_color FROM scorecard.discipline_scores
 WHERE org_unit = scorecard.root_unit() AND period_grain = 'month' AND period_start = DATE '2016-06-01' ORDER BY sort_order;
SELECT discipline, measure, round(rollup_balance, 4) AS rollup_balance, status, status_label, status_color FROM scorecard.measure_scores
 WHERE org_unit = scorecard.root_unit() AND period_grain = 'month' AND period_start = DATE '2016-06-01' AND discipline IN ('Finance', 'Process') ORDER BY discipline, measure;
SELECT status, status_label FROM scorecard.organization_scores WHERE org_unit = scorecard.root_unit() AND period_grain = 'month' AND period_start = DATE '2016-06-01';

-- Refused: a band list with a gap (no bottom band) or an overlap (two
-- bands from the same balance), a colour that is not #rrggbb, bands of a
-- measure and a discipline at once. Nothing written.
SELECT public.sqlerr($$INSERT INTO scorecard.status_band (discipline, min_balance, status, label, color) VALUES ('Customer', 0, 'good', 'Good', '#00ff00')$$);
SELECT public.sqlerr($$INSERT INTO scorecard.status_band (discipline, min_balance, status, label, color) VALUES ('Finance', -0.30, 'again', 'Again', '#00ff00')$$);
SELECT public.sqlerr($$INSERT INTO scorecard.status_band (discipline, min_balance, status, label, color) VALUES ('Finance', NULL, 'second bottom', 'Again', '#00ff00')$$);
SELECT public.sqlerr($$DELETE FROM scorecard.status_band WHERE discipline = 'Finance' AND min_balance IS NULL$$);
SELECT public.sqlerr($$INSERT INTO scorecard.status_band (min_balance, status, label, color) VALUES (0.5, 'great', 'Great', 'green')$$);
SELECT public.sqlerr($$INSERT INTO scorecard.status_band (discipline, measure_id, status, label, color) VALUES ('Finance', 1, 'x', 'X', '#000000')$$);
SELECT public.sqlerr($$INSERT INTO scorecard.status_band (min_balance, status, label, color) VALUES ('NaN', 'x', 'X', '#000000')$$);
SELECT count(*) AS bands FROM scorecard.status_band;
