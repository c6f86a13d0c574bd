-- template: empty
-- The four built-in disciplines: renamed and edited freely, never deleted,
-- and kept by pg_dump as edited. A dumped built-in row inserted while its
-- shipped one is untouched (what pg_restore does after CREATE EXTENSION)
-- replaces it instead of colliding with it. (In 0.1.0 renaming one lost
-- its objectives, measures and observations on restore, and edits were
-- silently reverted.)
SELECT builtin_key, name, sort_order, deep_dive_threshold, is_builtin FROM scorecard.discipline ORDER BY sort_order;
SELECT * FROM scorecard.builtin_disciplines();

-- Edits, a rename, and swapped sort orders in one statement.
UPDATE scorecard.discipline SET name = 'Fiscal', deep_dive_threshold = 0.08 WHERE builtin_key = 'finance';
UPDATE scorecard.discipline SET sort_order = CASE builtin_key WHEN 'customer' THEN 3 ELSE 2 END
 WHERE builtin_key IN ('customer', 'learning_and_growth');
INSERT INTO scorecard.discipline (name, sort_order) VALUES ('Quality', 5);
SELECT builtin_key, name, sort_order, deep_dive_threshold, is_builtin FROM scorecard.discipline ORDER BY sort_order;

-- Refused: deleting a built-in one, making a row built in or not, taking
-- the key of an edited built-in one, a sort order twice (checked at commit).
SELECT public.sqlerr($$DELETE FROM scorecard.discipline WHERE name = 'Process'$$);
SELECT public.sqlerr($$UPDATE scorecard.discipline SET is_builtin = true, builtin_key = 'quality' WHERE name = 'Quality'$$);
SELECT public.sqlerr($$UPDATE scorecard.discipline SET is_builtin = false, builtin_key = NULL WHERE name = 'Process'$$);
SELECT public.sqlerr($$INSERT INTO scorecard.discipline (name, sort_order, is_builtin, builtin_key) VALUES ('Fiscal 2', 7, true, 'finance')$$);
SELECT public.sqlerr($$INSERT INTO scorecard.discipline (name, sort_order) VALUES ('Twice', 5)$$);
DELETE FROM scorecard.discipline WHERE name = 'Quality';

-- What pg_restore does: the shipped row is in place, the dumped (edited)
-- row comes in and replaces it.
CREATE TEMP TABLE dumped AS SELECT * FROM scorecard.discipline WHERE builtin_key = 'process';
UPDATE scorecard.discipline d SET name = b.name, sort_order = b.sort_order, deep_dive_threshold = b.deep_dive_threshold,
       description = b.description
  FROM scorecard.builtin_disciplines() b WHERE d.builtin_key = b.builtin_key AND b.builtin_key = 'process';
UPDATE dumped SET name = 'Operations', description = 'Edited before the dump.';
INSERT INTO scorecard.discipline SELECT * FROM dumped;
SELECT builtin_key, name, sort_order, description FROM scorecard.discipline WHERE builtin_key = 'process';
SELECT count(*) AS disciplines FROM scorecard.discipline;
