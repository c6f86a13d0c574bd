-- pg_scorecard: the scorecard as a dashboard reads it, one grain per view.
--
-- The score views (organization_scores, discipline_scores, measure_scores,
-- deep_dives) mix months, weeks, quarters and years, so a BI tool's default
-- SUM by month adds a month's weeks to it. The four cards below carry the
-- same figures ready to show: a period label ('Jun 2016'), figures rounded
-- to 4 places (the exact ones stay in the score views), labels instead of
-- bare booleans, sort keys, one row per deep-dive driver, and is_latest /
-- is_latest_complete so that a Big Number shows "this period" without a
-- hard-coded date. Each card then has one view per grain, e.g.
-- scorecard.discipline_card_monthly: a dataset per grain, no filter needed.

-- Is this the unit's latest period of its grain that has begun by
-- scorecard.today() (is_latest: "now"; observations entered for later
-- periods, a plan or a back-dated demo, are not "now"), and the latest
-- one that has ended (is_latest_complete)?
-- Used by the four cards.
CREATE OR REPLACE FUNCTION scorecard.card_period_flags(period_grain text, period_start date,
                                                      latest date, latest_complete date,
                                                      OUT is_complete boolean, OUT is_latest boolean, OUT is_latest_complete boolean)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT scorecard.period_end(card_period_flags.period_grain, card_period_flags.period_start) < scorecard.today(),
           card_period_flags.period_start = card_period_flags.latest,
           card_period_flags.period_start IS NOT DISTINCT FROM card_period_flags.latest_complete;
END;
COMMENT ON FUNCTION scorecard.card_period_flags(text, date, date, date) IS
    'Used by the scorecard cards: whether the period has ended by scorecard.today() (is_complete), is the unit''s latest of its grain begun by then (is_latest), and is the latest that has ended (is_latest_complete), given those two period starts.';

-- ---------------------------------------------------------------------
-- organization_card: the single number per unit and period.
-- ---------------------------------------------------------------------
CREATE OR REPLACE VIEW scorecard.organization_card WITH (security_invoker = true) AS
WITH scored AS (
    SELECT o.*,
           max(o.period_start) FILTER (WHERE o.period_start <= scorecard.today()) OVER w AS latest,
           max(o.period_start) FILTER (WHERE scorecard.period_end(o.period_grain, o.period_start) < scorecard.today()) OVER w
               AS latest_complete
      FROM scorecard.organization_scores o
    WINDOW w AS (PARTITION BY o.org_unit, o.period_grain)
)
SELECT s.period_start,
       s.period_grain,
       scorecard.period_label(s.period_grain, s.period_start, scorecard.fiscal_year_start()) AS period_label,
       s.org_unit,
       round(s.balance, 4) AS balance,
       s.status,
       s.status_label,
       s.status_color,
       s.disciplines_reported,
       s.disciplines_missing,
       s.deep_dives,
       round(s.goal_score, 2) AS goal_score,
       u.sort_order::integer AS org_unit_sort_order,
       f.is_complete,
       f.is_latest,
       f.is_latest_complete,
       u.is_root AS is_organization
  FROM scored s
  JOIN scorecard.org_unit u ON u.name = s.org_unit
 CROSS JOIN LATERAL scorecard.card_period_flags(s.period_grain, s.period_start, s.latest, s.latest_complete) f;
COMMENT ON VIEW scorecard.organization_card IS
    'Each unit''s single number per period, ready to show (scorecard.organization_scores rounded, labelled and flagged). One view per grain: organization_card_monthly, _weekly, _quarterly, _yearly.';
COMMENT ON COLUMN scorecard.organization_card.period_start IS 'First day of the period.';
COMMENT ON COLUMN scorecard.organization_card.period_grain IS '''month'', ''week'', ''quarter'' or ''year''.';
COMMENT ON COLUMN scorecard.organization_card.period_label IS 'The period for a reader: ''Jun 2016'', ''2016-W26'', ''Q4 FY2016'', ''FY2016'' (scorecard.period_label on the organisation''s fiscal year).';
COMMENT ON COLUMN scorecard.organization_card.org_unit IS 'The unit whose scorecard this is (the root: the organisation''s).';
COMMENT ON COLUMN scorecard.organization_card.balance IS 'Sum of the discipline balances, to 4 places (exact in scorecard.organization_scores); zero is perfect balance, negative below target.';
COMMENT ON COLUMN scorecard.organization_card.status IS 'The status band the balance falls in, or ''missing'' (scorecard.organization_scores.status).';
COMMENT ON COLUMN scorecard.organization_card.status_label IS 'What a dashboard shows for the status.';
COMMENT ON COLUMN scorecard.organization_card.status_color IS 'The status colour as #rrggbb.';
COMMENT ON COLUMN scorecard.organization_card.disciplines_reported IS 'Disciplines with a balance in the period.';
COMMENT ON COLUMN scorecard.organization_card.disciplines_missing IS 'Disciplines with measures but no balance.';
COMMENT ON COLUMN scorecard.organization_card.deep_dives IS 'Disciplines past their deep-dive threshold.';
COMMENT ON COLUMN scorecard.organization_card.goal_score IS 'Mean 0-10 goal score of the disciplines, to 2 places; NULL when none has one.';
COMMENT ON COLUMN scorecard.organization_card.org_unit_sort_order IS 'Display order of the unit among its siblings (scorecard.org_unit.sort_order).';
COMMENT ON COLUMN scorecard.organization_card.is_complete IS 'The period has ended by scorecard.today().';
COMMENT ON COLUMN scorecard.organization_card.is_latest IS 'The unit''s latest period of this grain that has begun by scorecard.today(): what a Big Number shows as "now".';
COMMENT ON COLUMN scorecard.organization_card.is_latest_complete IS 'The unit''s latest period of this grain that has ended by scorecard.today().';
COMMENT ON COLUMN scorecard.organization_card.is_organization IS 'True on the organisation''s own card (the root unit, scorecard.root_unit()): a dashboard''s filter for the single number, without naming the organisation.';

-- ---------------------------------------------------------------------
-- discipline_card: Target, Actual, Balance per unit, discipline, period.
-- ---------------------------------------------------------------------
CREATE OR REPLACE VIEW scorecard.discipline_card WITH (security_invoker = true) AS
WITH scored AS (
    SELECT d.*,
           max(d.period_start) FILTER (WHERE d.period_start <= scorecard.today()) OVER w AS latest,
           max(d.period_start) FILTER (WHERE scorecard.period_end(d.period_grain, d.period_start) < scorecard.today()) OVER w
               AS latest_complete
      FROM scorecard.discipline_scores d
    WINDOW w AS (PARTITION BY d.org_unit, d.period_grain)
)
SELECT s.period_start,
       s.period_grain,
       scorecard.period_label(s.period_grain, s.period_start, scorecard.fiscal_year_start()) AS period_label,
       s.org_unit,
       s.discipline,
       s.sort_order,
       round(s.target, 4) AS target,
       round(s.actual, 4) AS actual,
       round(s.balance, 4) AS balance,
       s.status,
       s.status_label,
       s.status_color,
       CASE WHEN s.needs_deep_dive THEN 'Deep dive' WHEN s.needs_deep_dive IS NOT NULL THEN 'Within threshold' ELSE 'Not scored' END
           AS deep_dive_label,
       s.measures_reported,
       s.measures_missing,
       f.is_complete,
       f.is_latest,
       f.is_latest_complete,
       s.org_unit = scorecard.root_unit() AS is_organization
  FROM scored s
 CROSS JOIN LATERAL scorecard.card_period_flags(s.period_grain, s.period_start, s.latest, s.latest_complete) f;
COMMENT ON VIEW scorecard.discipline_card IS
    'The Director''s numbers per discipline and period, ready to show (scorecard.discipline_scores rounded, labelled and flagged). One view per grain: discipline_card_monthly, _weekly, _quarterly, _yearly.';
COMMENT ON COLUMN scorecard.discipline_card.period_start IS 'First day of the period.';
COMMENT ON COLUMN scorecard.discipline_card.period_grain IS '''month'', ''week'', ''quarter'' or ''year''.';
COMMENT ON COLUMN scorecard.discipline_card.period_label IS 'The period for a reader: ''Jun 2016'', ''2016-W26'', ''Q4 FY2016'', ''FY2016''.';
COMMENT ON COLUMN scorecard.discipline_card.org_unit IS 'The unit whose scorecard this is.';
COMMENT ON COLUMN scorecard.discipline_card.discipline IS 'Discipline.';
COMMENT ON COLUMN scorecard.discipline_card.sort_order IS 'Display order of the discipline.';
COMMENT ON COLUMN scorecard.discipline_card.target IS 'Target in force (fraction, 4 places).';
COMMENT ON COLUMN scorecard.discipline_card.actual IS 'Actual: Target + Balance (4 places; exact in scorecard.discipline_scores).';
COMMENT ON COLUMN scorecard.discipline_card.balance IS 'Balance = Actual - Target (4 places); negative is below target.';
COMMENT ON COLUMN scorecard.discipline_card.status IS 'The status band the balance falls in, or ''no target'', ''missing''.';
COMMENT ON COLUMN scorecard.discipline_card.status_label IS 'What a dashboard shows for the status.';
COMMENT ON COLUMN scorecard.discipline_card.status_color IS 'The status colour as #rrggbb.';
COMMENT ON COLUMN scorecard.discipline_card.deep_dive_label IS '''Deep dive'' when the balance is past the deep-dive threshold, ''Within threshold'', or ''Not scored'' (no balance).';
COMMENT ON COLUMN scorecard.discipline_card.measures_reported IS 'Measures with an actual in the period.';
COMMENT ON COLUMN scorecard.discipline_card.measures_missing IS 'Active measures without an actual in the period.';
COMMENT ON COLUMN scorecard.discipline_card.is_complete IS 'The period has ended by scorecard.today().';
COMMENT ON COLUMN scorecard.discipline_card.is_latest IS 'The unit''s latest period of this grain that has begun by scorecard.today().';
COMMENT ON COLUMN scorecard.discipline_card.is_latest_complete IS 'The unit''s latest period of this grain that has ended by scorecard.today().';
COMMENT ON COLUMN scorecard.discipline_card.is_organization IS 'True on the organisation''s own disciplines (the root unit, scorecard.root_unit()): a dashboard''s filter for the Director''s scorecard, without naming the organisation.';

-- ---------------------------------------------------------------------
-- measure_card: each measure against its target.
-- ---------------------------------------------------------------------
CREATE OR REPLACE VIEW scorecard.measure_card WITH (security_invoker = true) AS
WITH ordered AS (
    -- A stable display order per unit: discipline, objective, measure.
    SELECT m.measure_id,
           (row_number() OVER (PARTITION BY m.org_unit ORDER BY d.sort_order, m.objective, m.name))::integer AS sort_order
      FROM scorecard.measure m
      JOIN scorecard.discipline d ON d.name = m.discipline
), scored AS (
    SELECT s.*,
           max(s.period_start) FILTER (WHERE s.period_start <= scorecard.today()) OVER w AS latest,
           max(s.period_start) FILTER (WHERE scorecard.period_end(s.period_grain, s.period_start) < scorecard.today()) OVER w
               AS latest_complete
      FROM scorecard.measure_scores s
    WINDOW w AS (PARTITION BY s.org_unit, s.period_grain)
)
SELECT s.period_start,
       s.period_grain,
       scorecard.period_label(s.period_grain, s.period_start, scorecard.fiscal_year_start()) AS period_label,
       s.org_unit,
       s.discipline,
       s.objective,
       s.measure,
       o.sort_order,
       s.unit,
       CASE WHEN s.higher_is_better THEN 'Higher is better' ELSE 'Lower is better' END AS direction,
       round(s.actual, 4) AS actual,
       round(s.target, 4) AS target,
       round(s.balance, 4) AS balance,
       s.status,
       s.status_label,
       s.status_color,
       CASE WHEN s.needs_deep_dive THEN 'Deep dive' WHEN s.needs_deep_dive IS NOT NULL THEN 'Within threshold' ELSE 'Not scored' END
           AS deep_dive_label,
       f.is_complete,
       f.is_latest,
       f.is_latest_complete
  FROM scored s
  JOIN ordered o ON o.measure_id = s.measure_id
 CROSS JOIN LATERAL scorecard.card_period_flags(s.period_grain, s.period_start, s.latest, s.latest_complete) f;
COMMENT ON VIEW scorecard.measure_card IS
    'Each measure per period against its own target, ready to show (scorecard.measure_scores rounded, labelled and flagged). One view per grain: measure_card_monthly, _weekly, _quarterly, _yearly.';
COMMENT ON COLUMN scorecard.measure_card.period_start IS 'First day of the period.';
COMMENT ON COLUMN scorecard.measure_card.period_grain IS '''month'', ''week'', ''quarter'' or ''year''.';
COMMENT ON COLUMN scorecard.measure_card.period_label IS 'The period for a reader: ''Jun 2016'', ''2016-W26'', ''Q4 FY2016'', ''FY2016''.';
COMMENT ON COLUMN scorecard.measure_card.org_unit IS 'The unit whose scorecard the measure is on.';
COMMENT ON COLUMN scorecard.measure_card.discipline IS 'Discipline the measure counts towards.';
COMMENT ON COLUMN scorecard.measure_card.objective IS 'Objective the measure tracks.';
COMMENT ON COLUMN scorecard.measure_card.measure IS 'Measure name.';
COMMENT ON COLUMN scorecard.measure_card.sort_order IS 'Display order on the unit''s scorecard: by discipline, objective, then measure name.';
COMMENT ON COLUMN scorecard.measure_card.unit IS 'Unit of the actual (''ratio'' for fractions).';
COMMENT ON COLUMN scorecard.measure_card.direction IS '''Higher is better'' or ''Lower is better''.';
COMMENT ON COLUMN scorecard.measure_card.actual IS 'Actual (4 places; exact in scorecard.measure_scores).';
COMMENT ON COLUMN scorecard.measure_card.target IS 'Target in force (4 places).';
COMMENT ON COLUMN scorecard.measure_card.balance IS 'Balance (4 places): positive is better than target, in the measure''s direction.';
COMMENT ON COLUMN scorecard.measure_card.status IS 'The status band the measure''s balance falls in, or ''missing'', ''no target'', ''not computable''.';
COMMENT ON COLUMN scorecard.measure_card.status_label IS 'What a dashboard shows for the status.';
COMMENT ON COLUMN scorecard.measure_card.status_color IS 'The status colour as #rrggbb.';
COMMENT ON COLUMN scorecard.measure_card.deep_dive_label IS '''Deep dive'' when the balance is past the deep-dive threshold, ''Within threshold'', or ''Not scored''.';
COMMENT ON COLUMN scorecard.measure_card.is_complete IS 'The period has ended by scorecard.today().';
COMMENT ON COLUMN scorecard.measure_card.is_latest IS 'The unit''s latest period of this grain that has begun by scorecard.today().';
COMMENT ON COLUMN scorecard.measure_card.is_latest_complete IS 'The unit''s latest period of this grain that has ended by scorecard.today().';

-- ---------------------------------------------------------------------
-- deep_dive_card: what the Director must look into, one row per driver.
-- ---------------------------------------------------------------------
CREATE OR REPLACE VIEW scorecard.deep_dive_card WITH (security_invoker = true) AS
WITH flagged AS (
    SELECT d.*,
           max(d.period_start) FILTER (WHERE d.period_start <= scorecard.today()) OVER w AS latest,
           max(d.period_start) FILTER (WHERE scorecard.period_end(d.period_grain, d.period_start) < scorecard.today()) OVER w
               AS latest_complete
      FROM scorecard.deep_dives d
    WINDOW w AS (PARTITION BY d.org_unit, d.period_grain)
), drivers AS (
    -- A flagged discipline's measures below their target, worst first.
    SELECT ms.org_unit, ms.period_start, ms.period_grain, ms.discipline, ms.measure, ms.actual, ms.balance,
           (row_number() OVER (PARTITION BY ms.org_unit, ms.period_start, ms.period_grain, ms.discipline
                               ORDER BY ms.balance, ms.measure))::integer AS driver_rank
      FROM scorecard.measure_scores ms
     WHERE ms.balance < 0
)
SELECT f.period_start,
       f.period_grain,
       scorecard.period_label(f.period_grain, f.period_start, scorecard.fiscal_year_start()) AS period_label,
       f.org_unit,
       f.rank,
       f.level,
       f.discipline,
       f.objective,
       coalesce(f.measure, f.discipline) AS flagged,
       round(f.actual, 4) AS actual,
       round(f.target, 4) AS target,
       round(f.balance, 4) AS balance,
       coalesce(dr.driver_rank, 0) AS driver_rank,
       dr.measure AS driver,
       round(dr.actual, 4) AS driver_actual,
       round(dr.balance, 4) AS driver_balance,
       f.remedy,
       f.open_initiatives,
       f.latest_commentary,
       p.is_complete,
       p.is_latest,
       p.is_latest_complete
  FROM flagged f
  LEFT JOIN drivers dr
    ON f.level = 'discipline' AND dr.org_unit = f.org_unit AND dr.period_start = f.period_start
   AND dr.period_grain = f.period_grain AND dr.discipline = f.discipline
 CROSS JOIN LATERAL scorecard.card_period_flags(f.period_grain, f.period_start, f.latest, f.latest_complete) p;
COMMENT ON VIEW scorecard.deep_dive_card IS
    'Every flagged discipline and measure per period (scorecard.deep_dives), worst first, with one row per driver of a flagged discipline (its measures below target, worst first) instead of one long string. One view per grain: deep_dive_card_monthly, _weekly, _quarterly, _yearly. Count flagged items with driver_rank <= 1.';
COMMENT ON COLUMN scorecard.deep_dive_card.period_start IS 'First day of the period.';
COMMENT ON COLUMN scorecard.deep_dive_card.period_grain IS '''month'', ''week'', ''quarter'' or ''year''.';
COMMENT ON COLUMN scorecard.deep_dive_card.period_label IS 'The period for a reader: ''Jun 2016'', ''2016-W26'', ''Q4 FY2016'', ''FY2016''.';
COMMENT ON COLUMN scorecard.deep_dive_card.org_unit IS 'The unit whose scorecard raised the deep dive.';
COMMENT ON COLUMN scorecard.deep_dive_card.rank IS 'Position of the flagged item in the unit''s list for the period: disciplines first, then measures, most negative balance first.';
COMMENT ON COLUMN scorecard.deep_dive_card.level IS '''discipline'' or ''measure''.';
COMMENT ON COLUMN scorecard.deep_dive_card.discipline IS 'Discipline concerned.';
COMMENT ON COLUMN scorecard.deep_dive_card.objective IS 'Objective of a flagged measure (NULL on discipline rows).';
COMMENT ON COLUMN scorecard.deep_dive_card.flagged IS 'What is flagged: the measure, or the discipline.';
COMMENT ON COLUMN scorecard.deep_dive_card.actual IS 'Actual of the flagged item (4 places).';
COMMENT ON COLUMN scorecard.deep_dive_card.target IS 'Target it is held to (4 places).';
COMMENT ON COLUMN scorecard.deep_dive_card.balance IS 'Its balance (4 places); negative is below target.';
COMMENT ON COLUMN scorecard.deep_dive_card.driver_rank IS 'On a flagged discipline''s rows: 1 for its worst measure below target, 2 for the next, ...; 0 on a measure row and on a discipline with no measure below target.';
COMMENT ON COLUMN scorecard.deep_dive_card.driver IS 'A measure below target that drives the flagged discipline (NULL on measure rows).';
COMMENT ON COLUMN scorecard.deep_dive_card.driver_actual IS 'The driver''s actual (4 places).';
COMMENT ON COLUMN scorecard.deep_dive_card.driver_balance IS 'The driver''s balance against its own target (4 places).';
COMMENT ON COLUMN scorecard.deep_dive_card.remedy IS '''in hand'' when an open initiative addresses the variance, ''no remedy yet'' otherwise.';
COMMENT ON COLUMN scorecard.deep_dive_card.open_initiatives IS 'Open initiatives behind the flag, with owner, due date and percent complete.';
COMMENT ON COLUMN scorecard.deep_dive_card.latest_commentary IS 'The latest commentary on the flagged item for the period.';
COMMENT ON COLUMN scorecard.deep_dive_card.is_complete IS 'The period has ended by scorecard.today().';
COMMENT ON COLUMN scorecard.deep_dive_card.is_latest IS 'The unit''s latest period of this grain with a deep dive that has begun by scorecard.today().';
COMMENT ON COLUMN scorecard.deep_dive_card.is_latest_complete IS 'The unit''s latest period of this grain with a deep dive that has ended by scorecard.today().';

-- ---------------------------------------------------------------------
-- One view per card and grain: <card>_monthly, _weekly, _quarterly and
-- _yearly, the card's rows of that grain without the period_grain column,
-- with the card's comments. Made from the catalogue so that they cannot
-- drift from their card (only the extension's own names go into the DDL).
-- ---------------------------------------------------------------------
DO $cards$
DECLARE
    card text;
    g record;
    view_name text;
    columns text;
BEGIN
    FOREACH card IN ARRAY ARRAY['organization_card', 'discipline_card', 'measure_card', 'deep_dive_card'] LOOP
        SELECT pg_catalog.string_agg(pg_catalog.quote_ident(a.attname), ', ' ORDER BY a.attnum) INTO columns
          FROM pg_catalog.pg_attribute a
         WHERE a.attrelid = pg_catalog.format('scorecard.%I', card)::pg_catalog.regclass
           AND a.attnum > 0 AND NOT a.attisdropped AND a.attname <> 'period_grain';
        FOR g IN SELECT * FROM (VALUES ('month', 'monthly', 'month'), ('week', 'weekly', 'ISO week'),
                                       ('quarter', 'quarterly', 'fiscal quarter'), ('year', 'yearly', 'fiscal year'))
                                   AS v(grain, suffix, noun) LOOP
            view_name := card || '_' || g.suffix;
            EXECUTE pg_catalog.format('CREATE OR REPLACE VIEW scorecard.%I WITH (security_invoker = true) AS '
                                      'SELECT %s FROM scorecard.%I WHERE period_grain = %L', view_name, columns, card, g.grain);
            EXECUTE pg_catalog.format('COMMENT ON VIEW scorecard.%I IS %L', view_name,
                                      pg_catalog.format('%s This view: one row per %s (the rows of scorecard.%s whose period_grain is %L).',
                                                        pg_catalog.obj_description(pg_catalog.format('scorecard.%I', card)::pg_catalog.regclass,
                                                                                   'pg_class'),
                                                        g.noun, card, g.grain));
            EXECUTE (SELECT pg_catalog.string_agg(pg_catalog.format('COMMENT ON COLUMN scorecard.%I.%I IS %L', view_name, a.attname,
                                                                    pg_catalog.col_description(a.attrelid, a.attnum)), '; ')
                       FROM pg_catalog.pg_attribute a
                      WHERE a.attrelid = pg_catalog.format('scorecard.%I', card)::pg_catalog.regclass
                        AND a.attnum > 0 AND NOT a.attisdropped AND a.attname <> 'period_grain');
        END LOOP;
    END LOOP;
END
$cards$;
