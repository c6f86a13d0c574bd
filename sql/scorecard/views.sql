-- pg_scorecard: the scorecard views that reports and BI tools read.
--
-- Plain column types only (date, text, integer, numeric, boolean), so that
-- Metabase and the like can sync them; COMMENT ON for every view and column.
-- Scores are fractions: 0.6500 is 65.00%. A ratio whose denominator is zero
-- is missing (NULL), never 0.

-- ---------------------------------------------------------------------
-- Target look-ups.
-- ---------------------------------------------------------------------
CREATE OR REPLACE FUNCTION scorecard.discipline_target_at(discipline_name text, as_of date, unit text)
RETURNS numeric
LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    WITH RECURSIVE up AS (
        SELECT u.name, u.parent, 0 AS depth FROM scorecard.org_unit u WHERE u.name = discipline_target_at.unit
        UNION ALL
        SELECT p.name, p.parent, up.depth + 1 FROM scorecard.org_unit p JOIN up ON p.name = up.parent
         WHERE up.depth < 1000
    )
    SELECT t.target
      FROM up
      JOIN scorecard.discipline_target t ON t.org_unit = up.name
     WHERE t.discipline = discipline_target_at.discipline_name
       AND t.effective_from <= discipline_target_at.as_of
     ORDER BY up.depth, t.effective_from DESC
     LIMIT 1;
END;
COMMENT ON FUNCTION scorecard.discipline_target_at(text, date, text) IS
    'The discipline''s target in force on as_of for a unit''s scorecard: the latest discipline_target row of the unit effective on or before that date, else its parent''s, and so on up to the root; NULL when none.';

CREATE OR REPLACE FUNCTION scorecard.discipline_target_at(discipline_name text, as_of date)
RETURNS numeric
LANGUAGE sql STABLE STRICT PARALLEL SAFE
RETURN scorecard.discipline_target_at(discipline_name, as_of, scorecard.root_unit());
COMMENT ON FUNCTION scorecard.discipline_target_at(text, date) IS
    'The discipline''s target in force on as_of on the organisation''s (the root unit''s) scorecard: the latest discipline_target row effective on or before that date; NULL when none.';

CREATE OR REPLACE FUNCTION scorecard.measure_target_at(measure integer, as_of date)
RETURNS numeric
LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT coalesce(
        (SELECT t.target
           FROM scorecard.measure_target t
          WHERE t.measure_id = measure_target_at.measure
            AND t.effective_from <= measure_target_at.as_of
          ORDER BY t.effective_from DESC
          LIMIT 1),
        (SELECT scorecard.discipline_target_at(m.discipline, measure_target_at.as_of, m.org_unit)
           FROM scorecard.measure m
          WHERE m.measure_id = measure_target_at.measure AND m.unit = 'ratio'));
END;
COMMENT ON FUNCTION scorecard.measure_target_at(integer, date) IS
    'The target in force for a measure on a date: its own (scorecard.measure_target), else, for a ratio measure, its discipline''s on its unit''s scorecard (a fraction); NULL for a measure in another unit without a target of its own.';

-- ---------------------------------------------------------------------
-- What the exact arithmetic can take: a ratio or value rounded to at most
-- 20 decimals and 28 significant digits; NULL past 1e27. One observation
-- such as 1 / 3e20 (40 decimals) or a numerator with 40 decimals must not
-- fail the score views for everyone: it is computed at that precision, or
-- shown as 'not computable'.
-- ---------------------------------------------------------------------
CREATE OR REPLACE FUNCTION scorecard.exact_round(x numeric)
RETURNS numeric
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN CASE WHEN x = 'NaN'::numeric OR pg_catalog.abs(x) >= 1e27 THEN NULL
            WHEN pg_catalog.scale(x) <= CASE WHEN pg_catalog.abs(x) < 1 THEN 20
                                             ELSE LEAST(20, 27 - pg_catalog.floor(pg_catalog.log(pg_catalog.abs(x)))::integer) END
                 THEN x
            WHEN pg_catalog.abs(x) < 1 THEN pg_catalog.trim_scale(pg_catalog.round(x, 20))
            ELSE pg_catalog.trim_scale(pg_catalog.round(x, LEAST(20, 27 - pg_catalog.floor(pg_catalog.log(pg_catalog.abs(x)))::integer)))
       END;
COMMENT ON FUNCTION scorecard.exact_round(numeric) IS
    'x as pg_scorecard''s exact arithmetic can take it: unchanged within 20 decimals and 28 significant digits, else rounded to them; NULL for NaN, the infinities and |x| >= 1e27. The score views pass actuals and targets through it.';

-- ---------------------------------------------------------------------
-- measure_scores: one row per measure and period, reported or not.
-- ---------------------------------------------------------------------
CREATE OR REPLACE VIEW scorecard.measure_scores WITH (security_invoker = true) AS
WITH observed AS (
    -- Months and ISO weeks as recorded; fiscal quarters and years made of
    -- the months: a ratio's numerators and denominators are summed (the
    -- quarter's ratio is not the mean of the monthly ratios), a plain
    -- value follows the measure's aggregation (mean, sum or last).
    SELECT o.measure_id, o.period_grain, o.period_start, o.numerator, o.denominator, o.value
      FROM scorecard.observation o
    UNION ALL
    SELECT o.measure_id, g.grain, scorecard.period_start(g.grain, o.period_start, scorecard.fiscal_year_start()),
           CASE WHEN count(o.value) = 0 THEN sum(o.numerator) END,
           CASE WHEN count(o.value) = 0 THEN sum(o.denominator) END,
           CASE WHEN count(o.value) > 0 THEN
                CASE m.aggregation WHEN 'sum' THEN sum(o.value)
                                   WHEN 'last' THEN (array_agg(o.value ORDER BY o.period_start DESC) FILTER (WHERE o.value IS NOT NULL))[1]
                                   ELSE pg_catalog.trim_scale(avg(o.value)) END
           END
      FROM scorecard.observation o
      JOIN scorecard.measure m ON m.measure_id = o.measure_id
     CROSS JOIN (VALUES ('quarter'), ('year')) AS g(grain)
     WHERE o.period_grain = 'month'
     GROUP BY o.measure_id, g.grain, 3, m.aggregation
), periods AS (
    SELECT DISTINCT o.period_grain, o.period_start
      FROM observed o
), first_reported AS (
    SELECT o.measure_id, o.period_grain, min(o.period_start) AS period_start
      FROM observed o
     GROUP BY o.measure_id, o.period_grain
), expected AS (
    -- A measure is expected in every period of a grain from its active_from
    -- (or, without one, from its first report at that grain) until its
    -- active_until: a period in that span without a report is missing.
    SELECT p.period_grain, p.period_start, m.measure_id, m.name, m.discipline, m.objective,
           m.higher_is_better, m.weight, m.goal, m.red_flag, m.unit, m.org_unit, u.scoring_method, d.deep_dive_threshold
      FROM periods p
      CROSS JOIN scorecard.measure m
      JOIN scorecard.discipline d ON d.name = m.discipline
      JOIN scorecard.org_unit u ON u.name = m.org_unit
      LEFT JOIN first_reported f ON f.measure_id = m.measure_id AND f.period_grain = p.period_grain
     WHERE CASE WHEN m.active_from IS NOT NULL
                THEN scorecard.period_end(p.period_grain, p.period_start) >= m.active_from
                ELSE p.period_start >= f.period_start
           END
       AND (m.active_until IS NULL OR p.period_start <= m.active_until)
), scored AS (
    SELECT e.*, o.numerator, o.denominator,
           scorecard.exact_round(CASE WHEN o.value IS NOT NULL THEN o.value
                                      ELSE pg_catalog.trim_scale(o.numerator / NULLIF(o.denominator, 0))
                                 END) AS actual,
           (o.value IS NOT NULL OR o.denominator <> 0) AS reported,
           scorecard.measure_weight_at(e.measure_id, e.period_start) AS weight_in_force,
           scorecard.exact_round(scorecard.measure_target_at(e.measure_id, e.period_start)) AS target
      FROM expected e
      LEFT JOIN observed o
        ON o.measure_id = e.measure_id
       AND o.period_grain = e.period_grain
       AND o.period_start = e.period_start
), balanced AS (
    SELECT s.*, scorecard.balance(s.actual, s.target, s.higher_is_better) AS balance,
           CASE WHEN s.goal IS NOT NULL THEN scorecard.goal_score(s.actual, s.goal, s.red_flag) END AS goal_score
      FROM scored s
), gapped AS (
    -- The deep-dive threshold is a fraction: ratios compare their balance
    -- with it directly, other units (days, dollars) their balance relative
    -- to the target.
    SELECT b.*,
           CASE WHEN b.unit = 'ratio' THEN b.balance
                ELSE scorecard.exact_round(b.balance / NULLIF(abs(b.target), 0))
           END AS gap
      FROM balanced b

), rolled AS (
    SELECT g.*,
           CASE WHEN g.unit = 'ratio' THEN g.balance
                WHEN g.gap IS NOT NULL THEN GREATEST(-1::numeric, LEAST(1::numeric, g.gap))
           END AS rollup_balance
      FROM gapped g
)
SELECT b.period_start,
       b.period_grain,
       b.discipline,
       b.objective,
       b.name AS measure,
       b.measure_id,
       b.numerator,
       b.denominator,
       b.actual,
       b.target,
       b.balance,
       b.goal_score,
       CASE WHEN b.actual IS NULL AND b.reported THEN 'not computable'
            WHEN b.actual IS NULL THEN 'missing'
            WHEN b.scoring_method = 'goal score' THEN coalesce(gs.status, 'no goal')
            WHEN b.target IS NULL THEN 'no target'
            ELSE band.status
       END AS status,
       scorecard.needs_deep_dive(b.gap, b.deep_dive_threshold) AS needs_deep_dive,
       b.higher_is_better,
       b.weight_in_force AS weight,
       b.unit,
       b.rollup_balance,
       CASE WHEN b.actual IS NULL AND b.reported THEN 'Not computable'
            WHEN b.actual IS NULL THEN 'Missing'
            WHEN b.scoring_method = 'goal score' THEN coalesce(gs.label, 'No goal')
            WHEN b.target IS NULL THEN 'No target'
            ELSE band.label
       END AS status_label,
       CASE WHEN b.actual IS NULL THEN '#9e9e9e'
            WHEN b.scoring_method = 'goal score' THEN coalesce(gs.color, '#9e9e9e')
            ELSE coalesce(band.color, '#9e9e9e') END AS status_color,
       b.org_unit
  FROM rolled b
  LEFT JOIN LATERAL scorecard.status_band_of(b.rollup_balance, b.discipline, b.measure_id, b.org_unit) AS band ON true
  LEFT JOIN LATERAL scorecard.goal_score_status(b.goal_score) AS gs ON true;

COMMENT ON VIEW scorecard.measure_scores IS
    'Every expected measure in every period that has observations of its grain, with its actual, target, balance and status. A measure is expected from its active_from (or, without one, its first report at the grain) until its active_until; one that did not report is listed with actual NULL and status ''missing''.';
COMMENT ON COLUMN scorecard.measure_scores.period_start IS 'First day of the period: the 1st of the month, the Monday of the ISO week, the 1st of the fiscal quarter or year (scorecard.fiscal_year_start()).';
COMMENT ON COLUMN scorecard.measure_scores.period_grain IS '''month'', ''week'', ''quarter'' or ''year'' (fiscal quarters and years, made of the months).';
COMMENT ON COLUMN scorecard.measure_scores.discipline IS 'Discipline the measure counts towards.';
COMMENT ON COLUMN scorecard.measure_scores.objective IS 'Objective the measure tracks.';
COMMENT ON COLUMN scorecard.measure_scores.measure IS 'Measure name.';
COMMENT ON COLUMN scorecard.measure_scores.measure_id IS 'Measure key (scorecard.measure.measure_id).';
COMMENT ON COLUMN scorecard.measure_scores.numerator IS 'Numerator observed (for a quarter or year, the sum over its months); NULL for plain-value measures or when missing.';
COMMENT ON COLUMN scorecard.measure_scores.denominator IS 'Denominator observed (for a quarter or year, the sum over its months); NULL for plain-value measures or when missing.';
COMMENT ON COLUMN scorecard.measure_scores.actual IS 'numerator / denominator (or the plain value; for a quarter or year, the mean, sum or last of its months as the measure''s aggregation says), to at most 20 decimals and 28 significant digits (scorecard.exact_round); NULL when missing, when the denominator is 0, or when not computable. A fraction for ratios: 0.4747 = 47.47%.';
COMMENT ON COLUMN scorecard.measure_scores.target IS 'The measure''s own target in force for the period, else its discipline''s.';
COMMENT ON COLUMN scorecard.measure_scores.balance IS 'actual - target for higher-is-better measures, target - actual for lower-is-better: positive is better than target.';
COMMENT ON COLUMN scorecard.measure_scores.goal_score IS 'Spider-style score 0..10 from the measure''s goal (6.67) and red flag (3.33); NULL when the measure has none.';
COMMENT ON COLUMN scorecard.measure_scores.status IS 'The status band the roll-up balance falls in (scorecard.status_band: the measure''s, its discipline''s, its unit''s or the whole scorecard''s bands; by default on target at 0 or more, caution down to -0.05, off target below); on a scorecard scored by goal score, the goal score''s (scorecard.goal_score_status) or ''no goal''; or ''missing'', ''no target'', ''not computable'' (an observation past 1e27; it counts as missing).';
COMMENT ON COLUMN scorecard.measure_scores.needs_deep_dive IS 'True when the balance is past the discipline''s deep-dive threshold (0.05 by default) either way: |balance| for ratios, |balance / target| for other units (days, dollars).';
COMMENT ON COLUMN scorecard.measure_scores.higher_is_better IS 'Direction of the measure.';
COMMENT ON COLUMN scorecard.measure_scores.weight IS 'Weight of the measure in its discipline''s balance in force for the period (scorecard.measure_weight, else measure.weight).';
COMMENT ON COLUMN scorecard.measure_scores.unit IS 'Unit of the actual (''ratio'' for fractions).';
COMMENT ON COLUMN scorecard.measure_scores.rollup_balance IS 'What the measure adds to its discipline''s balance (weighted by weight): its balance in points for ratios; for other units (days, dollars, counts) its balance relative to its target, bounded to -1..1, so no single measure moves its discipline by more than its weight share of 100 points. NULL without an actual or a target.';
COMMENT ON COLUMN scorecard.measure_scores.status_label IS 'What a dashboard shows for the status: the band''s label, or Missing, No target, Not computable.';
COMMENT ON COLUMN scorecard.measure_scores.status_color IS 'The status colour as #rrggbb (grey for a measure without a roll-up balance, or without a goal score on a scorecard scored by goal score).';
COMMENT ON COLUMN scorecard.measure_scores.org_unit IS 'The unit whose scorecard the measure is on (scorecard.org_unit).';

-- ---------------------------------------------------------------------
-- Cascading roll-up. A unit's discipline balance is the weighted mean of
-- its own measures' roll-up balances; a unit that rolls up its children
-- adds each child's discipline balance (itself rolled up the same way) at
-- the child's rollup_weight. Computed bottom-up, one level of the tree at
-- a time, from the units' own figures (given as parallel arrays, so that
-- measure_scores is computed once).
-- ---------------------------------------------------------------------
CREATE OR REPLACE FUNCTION scorecard.roll_up_units(
    units text[], grains text[], starts date[], disciplines text[],
    balances numeric[], balance_weights numeric[], goal_scores numeric[], goal_weights numeric[])
RETURNS TABLE (org_unit text, period_grain text, period_start date, discipline text,
               balance numeric, goal_score numeric, children_reported integer)
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    level integer;
    -- What the levels below have computed, as parallel arrays.
    r_unit text[] := '{}';
    r_grain text[] := '{}';
    r_start date[] := '{}';
    r_discipline text[] := '{}';
    r_balance numeric[] := '{}';
    r_goal numeric[] := '{}';
    r_children integer[] := '{}';
BEGIN
    FOR level IN
        WITH RECURSIVE tree AS (
            SELECT u.name, 0 AS depth FROM scorecard.org_unit u WHERE u.is_root
            UNION ALL
            SELECT c.name, t.depth + 1 FROM scorecard.org_unit c JOIN tree t ON c.parent = t.name
        )
        SELECT DISTINCT t.depth FROM tree t ORDER BY t.depth DESC
    LOOP
        WITH RECURSIVE tree AS (
            SELECT u.name, u.rollup_children, 0 AS depth FROM scorecard.org_unit u WHERE u.is_root
            UNION ALL
            SELECT c.name, c.rollup_children, t.depth + 1 FROM scorecard.org_unit c JOIN tree t ON c.parent = t.name
        ), parts AS (
            SELECT o.unit, o.grain, o.start, o.discipline, o.balance, o.balance_weight, o.goal, o.goal_weight, false AS from_child
              FROM unnest(units, grains, starts, disciplines, balances, balance_weights, goal_scores, goal_weights)
                   AS o(unit, grain, start, discipline, balance, balance_weight, goal, goal_weight)
              JOIN tree t ON t.name = o.unit
             WHERE t.depth = level
            UNION ALL
            SELECT c.parent, r.grain, r.start, r.discipline, r.balance, c.rollup_weight, r.goal, c.rollup_weight, true
              FROM unnest(r_unit, r_grain, r_start, r_discipline, r_balance, r_goal)
                   AS r(unit, grain, start, discipline, balance, goal)
              JOIN scorecard.org_unit c ON c.name = r.unit
              JOIN tree t ON t.name = c.parent
             WHERE t.depth = level AND t.rollup_children
        ), rolled AS (
            -- Without children's figures the unit's own balance stands as
            -- computed (no second averaging).
            SELECT p.unit, p.grain, p.start, p.discipline,
                   CASE WHEN bool_or(p.from_child) THEN scorecard.composite(p.balance, p.balance_weight)
                        ELSE max(p.balance) END AS balance,
                   CASE WHEN bool_or(p.from_child) THEN scorecard.composite(p.goal, p.goal_weight)
                        ELSE max(p.goal) END AS goal,
                   (count(p.balance) FILTER (WHERE p.from_child))::integer AS children
              FROM parts p
             GROUP BY p.unit, p.grain, p.start, p.discipline
        )
        SELECT r_unit || coalesce(array_agg(x.unit), '{}'), r_grain || coalesce(array_agg(x.grain), '{}'),
               r_start || coalesce(array_agg(x.start), '{}'), r_discipline || coalesce(array_agg(x.discipline), '{}'),
               r_balance || coalesce(array_agg(x.balance), '{}'), r_goal || coalesce(array_agg(x.goal), '{}'),
               r_children || coalesce(array_agg(x.children), '{}')
          INTO r_unit, r_grain, r_start, r_discipline, r_balance, r_goal, r_children
          FROM rolled x;
    END LOOP;
    RETURN QUERY SELECT * FROM unnest(r_unit, r_grain, r_start, r_discipline, r_balance, r_goal, r_children);
END
$$;
COMMENT ON FUNCTION scorecard.roll_up_units(text[], text[], date[], text[], numeric[], numeric[], numeric[], numeric[]) IS
    'Used by discipline_scores: from each unit''s own discipline balance and goal score per period (with the weight of the measures behind them), the balance and goal score of every unit''s scorecard, bottom-up: a unit that rolls up its children (org_unit.rollup_children) takes the weighted mean of its own figure and its children''s, each child at its rollup_weight.';

-- ---------------------------------------------------------------------
-- discipline_scores: Target, Actual, Balance per unit, discipline and
-- period.
-- ---------------------------------------------------------------------
CREATE OR REPLACE VIEW scorecard.discipline_scores WITH (security_invoker = true) AS
-- The scored roll-up: each measure is scored against its own target in
-- force, in its own direction (measure_scores.rollup_balance), and the
-- discipline's balance is the weighted mean of those (and of the
-- children's, for a unit that rolls them up); its Actual is shown as
-- Target + Balance. When every measure is a higher-is-better ratio held
-- to the discipline's target (the source's scorecard), this is exactly the
-- weighted mean of the actuals against the target.
WITH own AS (
    SELECT ms.org_unit, ms.period_start, ms.period_grain, ms.discipline,
           scorecard.composite(ms.rollup_balance, ms.weight) AS balance,
           sum(ms.weight) FILTER (WHERE ms.rollup_balance IS NOT NULL) AS balance_weight,
           scorecard.composite(ms.goal_score, ms.weight) AS goal_score,
           sum(ms.weight) FILTER (WHERE ms.goal_score IS NOT NULL) AS goal_weight,
           scorecard.composite(ms.actual, ms.weight) FILTER (WHERE ms.unit = 'ratio') AS ratio_actual,
           count(ms.actual)::integer AS measures_reported,
           (count(*) - count(ms.actual))::integer AS measures_missing
      FROM scorecard.measure_scores ms
     GROUP BY ms.org_unit, ms.period_start, ms.period_grain, ms.discipline
), rolled AS (
    SELECT r.*
      FROM (SELECT array_agg(o.org_unit) AS units, array_agg(o.period_grain) AS grains, array_agg(o.period_start) AS starts,
                   array_agg(o.discipline) AS disciplines, array_agg(o.balance) AS balances,
                   array_agg(o.balance_weight) AS balance_weights, array_agg(o.goal_score) AS goal_scores,
                   array_agg(o.goal_weight) AS goal_weights
              FROM own o) a
     CROSS JOIN LATERAL scorecard.roll_up_units(a.units, a.grains, a.starts, a.disciplines, a.balances,
                                                a.balance_weights, a.goal_scores, a.goal_weights) r
), targeted AS (
    SELECT r.org_unit, r.period_start, r.period_grain, r.discipline, r.balance, r.goal_score, r.children_reported,
           o.ratio_actual, coalesce(o.measures_reported, 0) AS measures_reported, coalesce(o.measures_missing, 0) AS measures_missing,
           scorecard.exact_round(scorecard.discipline_target_at(r.discipline, r.period_start, r.org_unit)) AS target,
           d.deep_dive_threshold, d.sort_order, u.scoring_method
      FROM rolled r
      JOIN scorecard.discipline d ON d.name = r.discipline
      JOIN scorecard.org_unit u ON u.name = r.org_unit
      LEFT JOIN own o USING (org_unit, period_start, period_grain, discipline)
)
SELECT t.period_start,
       t.period_grain,
       t.discipline,
       t.target,
       CASE WHEN t.target IS NOT NULL THEN t.target + t.balance ELSE t.ratio_actual END AS actual,
       CASE WHEN t.target IS NOT NULL THEN t.balance END AS balance,
       CASE WHEN t.target IS NOT NULL THEN scorecard.needs_deep_dive(t.balance, t.deep_dive_threshold) END AS needs_deep_dive,
       t.measures_reported,
       t.measures_missing,
       t.sort_order::integer AS sort_order,
       CASE WHEN t.scoring_method = 'goal score' THEN coalesce(gs.status, 'missing')
            WHEN t.target IS NULL THEN 'no target' WHEN t.balance IS NULL THEN 'missing' ELSE band.status END AS status,
       CASE WHEN t.scoring_method = 'goal score' THEN coalesce(gs.label, 'Missing')
            WHEN t.target IS NULL THEN 'No target' WHEN t.balance IS NULL THEN 'Missing' ELSE band.label END AS status_label,
       CASE WHEN t.scoring_method = 'goal score' THEN coalesce(gs.color, '#9e9e9e')
            WHEN t.target IS NULL OR t.balance IS NULL THEN '#9e9e9e' ELSE band.color END AS status_color,
       t.org_unit,
       t.goal_score,
       t.scoring_method,
       t.children_reported
  FROM targeted t
  LEFT JOIN LATERAL scorecard.status_band_of(CASE WHEN t.target IS NOT NULL THEN t.balance END, t.discipline, NULL, t.org_unit) AS band ON true
  LEFT JOIN LATERAL scorecard.goal_score_status(t.goal_score) AS gs ON true;

COMMENT ON VIEW scorecard.discipline_scores IS
    'The Director''s numbers per discipline and period: Target, Actual (weighted mean of the measures'' actuals, equal weights by default), Balance = Actual - Target, and whether it needs a deep dive.';
COMMENT ON COLUMN scorecard.discipline_scores.period_start IS 'First day of the period.';
COMMENT ON COLUMN scorecard.discipline_scores.period_grain IS '''month'', ''week'', ''quarter'' or ''year''.';
COMMENT ON COLUMN scorecard.discipline_scores.discipline IS 'Discipline.';
COMMENT ON COLUMN scorecard.discipline_scores.target IS 'Discipline target in force for the period (fraction).';
COMMENT ON COLUMN scorecard.discipline_scores.actual IS 'Target + Balance: for the source''s scorecard (higher-is-better ratios held to the discipline target) the weighted mean of the actuals. Without a target, the weighted mean of the ratio measures'' actuals. NULL when none reported.';
COMMENT ON COLUMN scorecard.discipline_scores.balance IS 'Weighted mean of the measures'' roll-up balances (measure_scores.rollup_balance: each against its own target, in its own direction; points for ratios, relative and bounded to -1..1 for other units), and of the children''s balances for a unit that rolls them up; negative is below target. NULL without a target.';
COMMENT ON COLUMN scorecard.discipline_scores.needs_deep_dive IS 'True when |balance| exceeds the discipline''s deep-dive threshold (0.05: five percentage points).';
COMMENT ON COLUMN scorecard.discipline_scores.measures_reported IS 'Measures with an actual in the period.';
COMMENT ON COLUMN scorecard.discipline_scores.measures_missing IS 'Active measures without an actual in the period (not reported, or zero denominator).';
COMMENT ON COLUMN scorecard.discipline_scores.sort_order IS 'Display order of the discipline.';
COMMENT ON COLUMN scorecard.discipline_scores.status IS 'The status band the balance falls in (the discipline''s bands, else the unit''s, else the whole scorecard''s, else the shipped ones), or ''no target'', ''missing''; on a scorecard scored by goal score, the goal score''s status (scorecard.goal_score_status).';
COMMENT ON COLUMN scorecard.discipline_scores.status_label IS 'What a dashboard shows for the status.';
COMMENT ON COLUMN scorecard.discipline_scores.status_color IS 'The status colour as #rrggbb.';
COMMENT ON COLUMN scorecard.discipline_scores.org_unit IS 'The unit whose scorecard this is (scorecard.org_unit).';
COMMENT ON COLUMN scorecard.discipline_scores.goal_score IS 'Weighted mean of the measures'' 0-10 goal scores (Spider Impact; measures without a goal and red flag left out), and of the children''s for a unit that rolls them up; NULL when none has one. The status of a scorecard scored by goal score comes from it.';
COMMENT ON COLUMN scorecard.discipline_scores.scoring_method IS 'The unit''s scoring method: ''balance'' or ''goal score'' (scorecard.org_unit.scoring_method).';
COMMENT ON COLUMN scorecard.discipline_scores.children_reported IS 'For a unit that rolls up its children: how many children''s balances went into this one; 0 otherwise.';

-- ---------------------------------------------------------------------
-- organization_scores: the single number.
-- ---------------------------------------------------------------------
CREATE OR REPLACE VIEW scorecard.organization_scores WITH (security_invoker = true) AS
SELECT o.period_start, o.period_grain, o.balance, o.disciplines_reported, o.disciplines_missing, o.deep_dives,
       CASE WHEN o.scoring_method = 'goal score' THEN coalesce(gs.status, 'missing')
            WHEN o.balance IS NULL THEN 'missing' ELSE band.status END AS status,
       CASE WHEN o.scoring_method = 'goal score' THEN coalesce(gs.label, 'Missing')
            WHEN o.balance IS NULL THEN 'Missing' ELSE band.label END AS status_label,
       CASE WHEN o.scoring_method = 'goal score' THEN coalesce(gs.color, '#9e9e9e')
            WHEN o.balance IS NULL THEN '#9e9e9e' ELSE band.color END AS status_color,
       o.org_unit,
       o.goal_score,
       o.scoring_method
  FROM (SELECT ds.org_unit,
               ds.period_start,
               ds.period_grain,
               ds.scoring_method,
               sum(ds.balance) AS balance,
               count(ds.balance)::integer AS disciplines_reported,
               (count(*) - count(ds.balance))::integer AS disciplines_missing,
               (count(*) FILTER (WHERE ds.needs_deep_dive))::integer AS deep_dives,
               scorecard.composite(ds.goal_score) AS goal_score
          FROM scorecard.discipline_scores ds
         GROUP BY ds.org_unit, ds.period_start, ds.period_grain, ds.scoring_method) AS o
  LEFT JOIN LATERAL scorecard.status_band_of(o.balance, NULL, NULL, o.org_unit) AS band ON true
  LEFT JOIN LATERAL scorecard.goal_score_status(o.goal_score) AS gs ON true;

COMMENT ON VIEW scorecard.organization_scores IS
    'Each unit''s single number per period (the root''s is the organisation''s): the sum of its discipline balances. Zero is perfect balance; negative is below target.';
COMMENT ON COLUMN scorecard.organization_scores.period_start IS 'First day of the period.';
COMMENT ON COLUMN scorecard.organization_scores.period_grain IS '''month'', ''week'', ''quarter'' or ''year''.';
COMMENT ON COLUMN scorecard.organization_scores.balance IS 'Sum of the balances of the disciplines that reported.';
COMMENT ON COLUMN scorecard.organization_scores.disciplines_reported IS 'Disciplines with a balance in the period.';
COMMENT ON COLUMN scorecard.organization_scores.disciplines_missing IS 'Disciplines with measures but no balance (no actual or no target).';
COMMENT ON COLUMN scorecard.organization_scores.deep_dives IS 'Disciplines whose balance is past their deep-dive threshold.';
COMMENT ON COLUMN scorecard.organization_scores.status IS 'The status band the unit''s balance falls in (the unit''s bands, else the whole scorecard''s, else the shipped ones), or ''missing''; on a scorecard scored by goal score, the goal score''s status.';
COMMENT ON COLUMN scorecard.organization_scores.status_label IS 'What a dashboard shows for the status.';
COMMENT ON COLUMN scorecard.organization_scores.status_color IS 'The status colour as #rrggbb.';
COMMENT ON COLUMN scorecard.organization_scores.org_unit IS 'The unit whose scorecard this is (the root: the organisation''s).';
COMMENT ON COLUMN scorecard.organization_scores.goal_score IS 'Mean of the disciplines'' 0-10 goal scores (those that have one); the single number of a scorecard scored by goal score.';
COMMENT ON COLUMN scorecard.organization_scores.scoring_method IS 'The unit''s scoring method: ''balance'' or ''goal score''.';

-- ---------------------------------------------------------------------
-- deep_dives: what the Director must look into, worst first.
-- ---------------------------------------------------------------------
CREATE OR REPLACE VIEW scorecard.deep_dives WITH (security_invoker = true) AS
WITH drivers AS (
    SELECT ms.org_unit, ms.period_start, ms.period_grain, ms.discipline,
           string_agg(ms.measure || ' (actual ' || round(ms.actual, 4)::text || ', balance ' || round(ms.balance, 4)::text || ')',
                      '; ' ORDER BY ms.balance, ms.measure) AS drivers
      FROM scorecard.measure_scores ms
     WHERE ms.balance < 0
     GROUP BY ms.org_unit, ms.period_start, ms.period_grain, ms.discipline
), flagged AS (
    SELECT ds.org_unit, ds.period_start, ds.period_grain, 'discipline'::text AS level, ds.discipline,
           NULL::text AS objective, NULL::text AS measure,
           ds.actual, ds.target, ds.balance, dr.drivers
      FROM scorecard.discipline_scores ds
      LEFT JOIN drivers dr USING (org_unit, period_start, period_grain, discipline)
     WHERE ds.needs_deep_dive
    UNION ALL
    SELECT ms.org_unit, ms.period_start, ms.period_grain, 'measure', ms.discipline, ms.objective, ms.measure,
           ms.actual, ms.target, ms.balance,
           NULL::text
      FROM scorecard.measure_scores ms
     WHERE ms.needs_deep_dive
)
SELECT f.period_start,
       f.period_grain,
       (rank() OVER (PARTITION BY f.org_unit, f.period_start, f.period_grain
                     ORDER BY f.level = 'measure', f.balance))::integer AS rank,
       f.level,
       f.discipline,
       f.objective,
       f.measure,
       f.actual,
       f.target,
       f.balance,
       f.drivers,
       r.open_initiatives,
       CASE WHEN r.open_initiatives IS NULL THEN 'no remedy yet' ELSE 'in hand' END AS remedy,
       (SELECT c.analysis || coalesce(' Recommendation: ' || c.recommendation, '') || ' (' || c.author || ')'
          FROM scorecard.commentary c
          LEFT JOIN scorecard.measure cm ON cm.measure_id = c.measure_id
         WHERE c.period_grain = f.period_grain AND c.period_start = f.period_start
           AND CASE WHEN f.level = 'measure' THEN cm.name = f.measure
                    ELSE c.discipline = f.discipline AND c.org_unit = f.org_unit END
         ORDER BY c.written_at DESC, c.commentary_id DESC LIMIT 1) AS latest_commentary,
       f.org_unit
  FROM flagged f
  LEFT JOIN LATERAL (
        -- Open initiatives behind the flag: on the measure or its
        -- objective, or, for a discipline, on any of the unit's measures
        -- in it or any of its objectives.
        SELECT string_agg(i.name || ' (' || coalesce(i.owner_name, 'no owner') || ', due '
                          || scorecard.date_text(i.due_on) || ', ' || trim_scale(i.percent_complete) || '%)',
                          '; ' ORDER BY i.due_on, i.name) AS open_initiatives
          FROM scorecard.initiative i
          LEFT JOIN scorecard.measure im ON im.measure_id = i.measure_id
         WHERE i.status IN ('planned', 'in progress')
           AND CASE WHEN f.level = 'measure' THEN im.name = f.measure OR (i.discipline = f.discipline AND i.objective = f.objective)
                    ELSE (im.discipline = f.discipline AND im.org_unit = f.org_unit) OR i.discipline = f.discipline END) r ON true
 ORDER BY f.org_unit, f.period_grain, f.period_start, 3;

COMMENT ON VIEW scorecard.deep_dives IS
    'Every discipline and measure whose balance is past the deep-dive threshold, per period, worst first (disciplines before measures, most negative balance first), with the measures below target that drive each discipline.';
COMMENT ON COLUMN scorecard.deep_dives.period_start IS 'First day of the period.';
COMMENT ON COLUMN scorecard.deep_dives.period_grain IS '''month'', ''week'', ''quarter'' or ''year''.';
COMMENT ON COLUMN scorecard.deep_dives.rank IS 'Position in the unit''s deep-dive list for the period: disciplines first, then measures, each most negative balance first.';
COMMENT ON COLUMN scorecard.deep_dives.level IS '''discipline'' or ''measure''.';
COMMENT ON COLUMN scorecard.deep_dives.discipline IS 'Discipline concerned.';
COMMENT ON COLUMN scorecard.deep_dives.objective IS 'Objective of the measure (NULL on discipline rows).';
COMMENT ON COLUMN scorecard.deep_dives.measure IS 'Measure concerned (NULL on discipline rows).';
COMMENT ON COLUMN scorecard.deep_dives.actual IS 'Actual of the discipline or measure.';
COMMENT ON COLUMN scorecard.deep_dives.target IS 'Target it is held to.';
COMMENT ON COLUMN scorecard.deep_dives.balance IS 'Balance (positive is better than target).';
COMMENT ON COLUMN scorecard.deep_dives.drivers IS 'On discipline rows: the discipline''s measures below their target, worst first, with actual and balance rounded to 4 places.';
COMMENT ON COLUMN scorecard.deep_dives.open_initiatives IS 'Open (planned or in progress) initiatives behind the flag, with owner, due date and percent complete: on the measure or its objective, or for a discipline on any of its measures and objectives.';
COMMENT ON COLUMN scorecard.deep_dives.remedy IS '''in hand'' when an open initiative addresses the variance; ''no remedy yet'' when none does: the source requires a deep dive to identify how the variance will be remedied.';
COMMENT ON COLUMN scorecard.deep_dives.latest_commentary IS 'The latest commentary on the flagged measure or discipline (on the unit''s scorecard) for the period: analysis, recommendation and author.';
COMMENT ON COLUMN scorecard.deep_dives.org_unit IS 'The unit whose scorecard raised the deep dive.';

-- ---------------------------------------------------------------------
-- discipline_trend: each discipline against its previous period.
-- ---------------------------------------------------------------------
CREATE OR REPLACE VIEW scorecard.discipline_trend WITH (security_invoker = true) AS
WITH scores AS (
    -- Read twice below (this period and the one before), computed once.
    SELECT d.org_unit, d.discipline, d.period_grain, d.period_start, d.target, d.actual, d.balance
      FROM scorecard.discipline_scores d
)
SELECT cur.period_start,
       cur.period_grain,
       cur.discipline,
       cur.target,
       cur.actual,
       cur.balance,
       scorecard.previous_period_start(cur.period_grain, cur.period_start) AS previous_period_start,
       prev.actual AS previous_actual,
       prev.balance AS previous_balance,
       cur.actual - prev.actual AS actual_change,
       cur.balance - prev.balance AS balance_change,
       CASE WHEN prev.balance IS NULL OR cur.balance IS NULL THEN NULL
            WHEN cur.balance > prev.balance THEN 'improving'
            WHEN cur.balance < prev.balance THEN 'worsening'
            ELSE 'steady'
       END AS direction,
       cur.org_unit
  FROM scores cur
  LEFT JOIN scores prev
    ON prev.org_unit = cur.org_unit
   AND prev.discipline = cur.discipline
   AND prev.period_grain = cur.period_grain
   AND prev.period_start = scorecard.previous_period_start(cur.period_grain, cur.period_start);

COMMENT ON VIEW scorecard.discipline_trend IS
    'Each discipline''s actual and balance beside the previous period''s (the calendar month or ISO week before) and the change. NULL changes where the previous period did not report.';
COMMENT ON COLUMN scorecard.discipline_trend.period_start IS 'First day of the period.';
COMMENT ON COLUMN scorecard.discipline_trend.period_grain IS '''month'', ''week'', ''quarter'' or ''year''.';
COMMENT ON COLUMN scorecard.discipline_trend.discipline IS 'Discipline.';
COMMENT ON COLUMN scorecard.discipline_trend.target IS 'Target in force for the period.';
COMMENT ON COLUMN scorecard.discipline_trend.actual IS 'Actual in the period.';
COMMENT ON COLUMN scorecard.discipline_trend.balance IS 'Balance in the period.';
COMMENT ON COLUMN scorecard.discipline_trend.previous_period_start IS 'Start of the previous period of the grain (month, ISO week, quarter or year).';
COMMENT ON COLUMN scorecard.discipline_trend.previous_actual IS 'Actual in the previous period (NULL if it did not report).';
COMMENT ON COLUMN scorecard.discipline_trend.previous_balance IS 'Balance in the previous period.';
COMMENT ON COLUMN scorecard.discipline_trend.actual_change IS 'actual - previous_actual.';
COMMENT ON COLUMN scorecard.discipline_trend.balance_change IS 'balance - previous_balance; positive is improvement.';
COMMENT ON COLUMN scorecard.discipline_trend.direction IS '''improving'', ''worsening'' or ''steady'' by balance; NULL without a previous period.';
COMMENT ON COLUMN scorecard.discipline_trend.org_unit IS 'The unit whose scorecard this is.';
