-- template: bch
-- The scorecard as a dashboard reads it (sql/scorecard/cards.sql): one
-- grain per view, period labels, rounded figures, labels instead of
-- booleans, one row per deep-dive driver, latest-period flags. On the BCH
-- sample, whose June 2016 scorecard is the source's (organisation -27.60%)
-- and whose fiscal year starts in July.
SET datestyle = 'ISO';
SET scorecard.today = '2016-06-30';

-- The issue this answers: a BI tool's default SUM of the organisation's
-- balance by month adds the month's weeks into it when grains are mixed.
SELECT round(sum(balance), 4) AS mixed_grains_sum
  FROM scorecard.organization_scores
 WHERE org_unit = scorecard.root_unit() AND date_trunc('month', period_start) = DATE '2016-06-01';
SELECT sum(balance) AS monthly_sum, min(period_label) AS label, bool_and(is_latest) AS is_latest,
       bool_or(is_latest_complete) AS is_latest_complete, bool_or(is_complete) AS is_complete
  FROM scorecard.organization_card_monthly
 WHERE org_unit = scorecard.root_unit() AND date_trunc('month', period_start) = DATE '2016-06-01';

-- "This month" without a date: on 30 June 2016 the latest month begun
-- is June (the sample holds three later months of observations: they are
-- not "now"), and June has not ended, so the latest complete month is
-- May. On 1 July, June is complete and July is now.
SELECT period_start, period_label, balance, status_label, is_latest, is_latest_complete
  FROM scorecard.organization_card_monthly
 WHERE org_unit = scorecard.root_unit() AND (is_latest OR is_latest_complete)
 ORDER BY period_start;
SET scorecard.today = '2016-07-01';
SELECT period_start, is_latest, is_latest_complete
  FROM scorecard.organization_card_monthly
 WHERE org_unit = scorecard.root_unit() AND (is_latest OR is_latest_complete);
SET scorecard.today = '2016-06-30';

-- The Director's June 2016 numbers (the source's: 47.47%, 69.21%,
-- 79.43%, 63.88%), rounded to 4 places, with labels.
SELECT discipline, sort_order, target, actual, balance, status_label, deep_dive_label, measures_reported
  FROM scorecard.discipline_card_monthly
 WHERE org_unit = scorecard.root_unit() AND period_start = DATE '2016-06-01'
 ORDER BY sort_order;

-- Every card holds exactly its score view's rows and figures, rounded.
SELECT (SELECT count(*) FROM scorecard.organization_card) = (SELECT count(*) FROM scorecard.organization_scores) AS organization_rows,
       (SELECT count(*) FROM scorecard.discipline_card) = (SELECT count(*) FROM scorecard.discipline_scores) AS discipline_rows,
       (SELECT count(*) FROM scorecard.measure_card) = (SELECT count(*) FROM scorecard.measure_scores) AS measure_rows,
       (SELECT count(*) FROM scorecard.deep_dive_card WHERE driver_rank <= 1)
           = (SELECT count(*) FROM scorecard.deep_dives) AS deep_dive_items;
SELECT count(*) AS disagreeing_discipline_rows
  FROM scorecard.discipline_card c
  JOIN scorecard.discipline_scores s USING (org_unit, period_grain, period_start, discipline)
 WHERE (c.target, c.actual, c.balance, c.status)
       IS DISTINCT FROM (round(s.target, 4), round(s.actual, 4), round(s.balance, 4), s.status);
SELECT count(*) AS disagreeing_measure_rows
  FROM scorecard.measure_card c
  JOIN scorecard.measure_scores s USING (org_unit, period_grain, period_start, measure)
 WHERE (c.actual, c.target, c.balance, c.status_color)
       IS DISTINCT FROM (round(s.actual, 4), round(s.target, 4), round(s.balance, 4), s.status_color);

-- One grain per view: the four grain views of each card partition it.
SELECT v.card, v.grain_views_rows, v.card_rows, v.grains
  FROM (SELECT 'discipline_card' AS card,
               (SELECT count(*) FROM scorecard.discipline_card_monthly) + (SELECT count(*) FROM scorecard.discipline_card_weekly)
               + (SELECT count(*) FROM scorecard.discipline_card_quarterly) + (SELECT count(*) FROM scorecard.discipline_card_yearly)
                   AS grain_views_rows,
               (SELECT count(*) FROM scorecard.discipline_card) AS card_rows,
               (SELECT string_agg(DISTINCT period_grain, ',') FROM scorecard.discipline_card) AS grains
        UNION ALL
        SELECT 'measure_card',
               (SELECT count(*) FROM scorecard.measure_card_monthly) + (SELECT count(*) FROM scorecard.measure_card_weekly)
               + (SELECT count(*) FROM scorecard.measure_card_quarterly) + (SELECT count(*) FROM scorecard.measure_card_yearly),
               (SELECT count(*) FROM scorecard.measure_card),
               (SELECT string_agg(DISTINCT period_grain, ',') FROM scorecard.measure_card)) AS v;
-- The grain views drop period_grain and keep the card's comments.
SELECT c.relname, count(*) AS columns, count(col_description(c.oid, a.attnum)) AS commented,
       bool_or(a.attname = 'period_grain') AS has_period_grain, obj_description(c.oid, 'pg_class') LIKE '%one row per %' AS says_its_grain
  FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0
 WHERE c.relnamespace = 'scorecard'::regnamespace AND c.relname ~ '_card_(monthly|weekly|quarterly|yearly)$'
 GROUP BY c.oid, c.relname ORDER BY c.relname;

-- Labels: weeks are ISO weeks, quarters and years fiscal (July start):
-- April-June 2016 is Q4 of FY2016.
SELECT period_start, period_label, balance FROM scorecard.organization_card_weekly
 WHERE org_unit = scorecard.root_unit() AND period_start >= DATE '2016-06-06' ORDER BY period_start;
SELECT period_start, period_label, balance, is_complete, is_latest FROM scorecard.organization_card_quarterly
 WHERE org_unit = scorecard.root_unit() AND period_start >= DATE '2016-01-01' ORDER BY period_start;
SELECT period_start, period_label, balance, is_complete, is_latest FROM scorecard.organization_card_yearly
 WHERE org_unit = scorecard.root_unit() ORDER BY period_start;

-- A measure card row: direction spelled out, a stable display order.
SELECT measure, sort_order, direction, unit, actual, target, balance, status_label, deep_dive_label
  FROM scorecard.measure_card_monthly
 WHERE org_unit = scorecard.root_unit() AND period_start = DATE '2016-06-01' AND discipline = 'Finance'
 ORDER BY sort_order;

-- Deep dives of June 2016, one row per driver (the deep_dives view packs
-- them into one string).
SELECT rank, level, flagged, balance, driver_rank, driver, driver_actual, driver_balance, remedy
  FROM scorecard.deep_dive_card_monthly
 WHERE org_unit = scorecard.root_unit() AND period_start = DATE '2016-06-01'
 ORDER BY rank, driver_rank;
SELECT d.drivers = (SELECT string_agg(c.driver || ' (actual ' || c.driver_actual || ', balance ' || c.driver_balance || ')', '; '
                                      ORDER BY c.driver_rank)
                      FROM scorecard.deep_dive_card_monthly c
                     WHERE c.org_unit = d.org_unit AND c.period_start = d.period_start AND c.flagged = d.discipline
                       AND c.level = 'discipline') AS same_drivers
  FROM scorecard.deep_dives d
 WHERE d.org_unit = scorecard.root_unit() AND d.period_grain = 'month' AND d.period_start = DATE '2016-06-01'
   AND d.level = 'discipline'
 ORDER BY d.rank;

-- scorecard.period_label on its own: calendar and fiscal, the ISO week of
-- 1 January 2016 (week 53 of 2015), unknown grains and infinite dates.
SELECT g.grain, scorecard.period_label(g.grain, DATE '2016-01-01') AS calendar,
       scorecard.period_label(g.grain, DATE '2016-01-01', 7) AS fiscal_july
  FROM (VALUES ('week'), ('month'), ('quarter'), ('year'), ('day')) AS g(grain);
SELECT scorecard.period_label('month', 'infinity'::date) AS infinite, scorecard.period_label('month', NULL) AS unknown;
SELECT scorecard.period_label('quarter', DATE '2016-01-01', 13);

-- The whole card as JSON for applications (scorecard.scorecard_json,
-- serialised with serde): the four disciplines in display order with the
-- views' exact figures (JSON numbers, not floats), the measures, the
-- period's commentary and open initiatives, and 12 periods of trend.
SELECT j ->> 'org_unit' AS org_unit, j ->> 'period_label' AS label, round((j ->> 'balance')::numeric, 4) AS balance,
       j ->> 'status_label' AS status, (j ->> 'deep_dives')::int AS deep_dives, jsonb_array_length(j -> 'trend') AS trend_periods,
       (j -> 'balance') = to_jsonb((SELECT balance FROM scorecard.organization_scores
                                     WHERE org_unit = scorecard.root_unit() AND period_grain = 'month'
                                       AND period_start = DATE '2016-06-01')) AS exact_balance
  FROM scorecard.scorecard_json('2016-06-01') AS j;
SELECT d ->> 'name' AS discipline, round((d ->> 'target')::numeric, 4) AS target, round((d ->> 'actual')::numeric, 4) AS actual,
       round((d ->> 'balance')::numeric, 4) AS balance, d ->> 'status_label' AS status, (d ->> 'deep_dive')::boolean AS deep_dive,
       jsonb_array_length(d -> 'measures') AS measures, jsonb_array_length(d -> 'commentary') AS commentary,
       jsonb_array_length(d -> 'initiatives') AS open_initiatives, jsonb_array_length(d -> 'trend') AS trend
  FROM scorecard.scorecard_json('2016-06-01') AS j, jsonb_array_elements(j -> 'disciplines') WITH ORDINALITY AS x(d, n)
 ORDER BY x.n;
-- Every measure's actual in the document is the view's, exactly.
SELECT count(*) AS measures, count(*) FILTER (WHERE (m -> 'actual') = to_jsonb(s.actual)) AS exact
  FROM scorecard.scorecard_json('2016-06-01') AS j,
       jsonb_array_elements(j -> 'disciplines') AS d, jsonb_array_elements(d -> 'measures') AS m
  JOIN scorecard.measure_scores s
    ON s.org_unit = scorecard.root_unit() AND s.period_grain = 'month' AND s.period_start = DATE '2016-06-01'
   AND s.measure = m ->> 'name';
-- A week, a fiscal quarter, the fiscal year (July to June: its start is
-- not a calendar year's), a unit's own card.
SELECT g.grain, g.period, coalesce(g.unit, 'organisation') AS unit, j ->> 'period_label' AS label,
       round((j ->> 'balance')::numeric, 4) AS balance, jsonb_array_length(j -> 'disciplines') AS disciplines
  FROM (VALUES ('week', DATE '2016-06-27', NULL), ('quarter', DATE '2016-04-01', NULL), ('year', DATE '2015-07-01', NULL),
               ('month', DATE '2016-06-01', 'Outpatient'))
       AS g(grain, period, unit)
 CROSS JOIN LATERAL scorecard.scorecard_json(g.period, g.grain, g.unit) AS j;
-- Bad arguments: 22023 with a hint, nothing half-built; NULL in, NULL out.
SELECT scorecard.scorecard_json('2016-06-02');
SELECT scorecard.scorecard_json('2016-01-01', 'year');
SELECT scorecard.scorecard_json('2016-06-01', 'fortnight');
SELECT scorecard.scorecard_json('2016-06-01', 'month', 'No such unit');
SELECT scorecard.scorecard_svg('infinity');
SELECT scorecard.scorecard_json(NULL) IS NULL AS null_period, scorecard.scorecard_svg('2016-06-01', NULL) IS NULL AS null_grain;

-- The card as a picture (scorecard.scorecard_svg): an SVG document that
-- carries the source's numbers. (Suite svg_xml checks it is well-formed
-- XML; the bi test layer renders it to PNG with rsvg-convert.)
SELECT svg LIKE '<?xml%<svg xmlns="http://www.w3.org/2000/svg"%</svg>%' AS is_svg,
       svg LIKE '%-27.60%%' AS organisation, svg LIKE '%93.30%%65.00%%-28.30%' AS finance,
       svg LIKE '%+1.00%' AND svg LIKE '%-1.00%' AND svg LIKE '%+0.70%' AS other_balances,
       svg LIKE '%47.47%%' AND svg LIKE '%69.21%%' AND svg LIKE '%79.43%%' AND svg LIKE '%63.88%%' AS finance_measures,
       svg LIKE '%R − CD = E + ARC%' AS equation,
       (length(svg) - length(replace(svg, '<path ', ''))) / length('<path ') AS trend_lines
  FROM scorecard.scorecard_svg('2016-06-01') AS svg;
-- Text from the tables is escaped: a measure named with markup stays text.
BEGIN;
UPDATE scorecard.measure SET name = 'Grievances <resolved> & "closed"' WHERE name LIKE 'Grievances resolved%';
SELECT svg LIKE '%Grievances &lt;resolved&gt; &amp; &quot;closed&quot;%' AS escaped
  FROM scorecard.scorecard_svg('2016-06-01') AS svg;
ROLLBACK;

-- Under a hostile search_path the cards still read the extension's own
-- objects.
CREATE SCHEMA hostile;
CREATE FUNCTION hostile.round(numeric, integer) RETURNS numeric LANGUAGE sql AS 'SELECT 0::numeric';
SET search_path = hostile, public;
SELECT balance FROM scorecard.organization_card_monthly
 WHERE org_unit = scorecard.root_unit() AND period_start = DATE '2016-06-01';
SELECT round((scorecard.scorecard_json('2016-06-01') ->> 'balance')::numeric, 4) AS json_balance,
       scorecard.scorecard_svg('2016-06-01') LIKE '%-27.60%%' AS svg_balance;
RESET search_path;
DROP SCHEMA hostile CASCADE;

-- is_organization: a dashboard's filter for the organisation's own card,
-- without naming it. Exactly the root unit's rows carry it, in the
-- organisation and discipline cards and their per-grain views; a Big
-- Number over is_latest AND is_organization is the June 2016 -27.60%.
SELECT org_unit, bool_and(is_organization) AS all_true, bool_or(is_organization) AS any_true
  FROM scorecard.organization_card GROUP BY org_unit ORDER BY org_unit;
SELECT count(*) FILTER (WHERE is_organization <> (org_unit = scorecard.root_unit())) AS wrong_flags,
       count(*) FILTER (WHERE is_organization) AS organisation_rows
  FROM scorecard.discipline_card;
SET scorecard.today = '2016-06-30';
SELECT period_label, sum(balance) AS balance
  FROM scorecard.organization_card_monthly WHERE is_latest AND is_organization GROUP BY 1;
SELECT period_label, count(*) AS disciplines, sum(balance) AS balance
  FROM scorecard.discipline_card_monthly WHERE is_latest AND is_organization GROUP BY 1;
RESET scorecard.today;
