-- The sample organisation's costs, July 2015 to June 2016, for the focused
-- factories (service-line P&L, break-even, rate setting). Load after
-- samples/bch/billing.sql:  psql -v ON_ERROR_STOP=1 -f samples/bch/costs.sql
--
-- Costs are on the scale of the services each line delivers: direct
-- variable cost (per diem, overtime, mileage) runs at 30% of the charges
-- for each line's patients; each line's fixed cost (salaries and benefits,
-- facilities) is a share of its year's charges, spread evenly over the
-- months (more for the lines staffed round the clock); overhead
-- (administration, IT) is indirect, 5% of the organisation's charges; the
-- reserve contribution is planned at 50,000 a month. Each stay's cost (the
-- case-rate pool) is its nights at its line's direct cost per unit in the
-- month. Every patient served in a month has a 0-10 functioning score
-- (value of service) that follows their care.

BEGIN;

INSERT INTO scorecard.cost_entry (period_start, service_line, cost_type, category, amount)
SELECT date_trunc('month', s.service_at)::date, b.service_line, 'variable', 'per diem, overtime and mileage',
       round(sum(s.charge) * 0.30, 2)
  FROM scorecard.service s
  JOIN scorecard.beneficiary b ON b.beneficiary_id = s.beneficiary_id
 GROUP BY 1, 2;

INSERT INTO scorecard.cost_entry (period_start, service_line, cost_type, category, amount)
SELECT m::date, f.service_line, 'fixed', c.category, round(y.charges * f.share / 12 * c.part, -2)
  FROM generate_series(DATE '2015-07-01', DATE '2016-06-01', interval '1 month') AS m
 CROSS JOIN (VALUES ('Outpatient', 0.18), ('Peer Services', 0.12), ('Crisis Services', 0.24),
                    ('Urgent Care', 0.20), ('Residential Detox', 0.16), ('Intermediate Care Facilities', 0.10),
                    ('Institutes of Mental Disease', 0.12), ('Psychiatric Health Facilities', 0.14),
                    ('Hospital', 0.12)) AS f(service_line, share)
  JOIN (SELECT b.service_line, sum(s.charge) AS charges
          FROM scorecard.service s JOIN scorecard.beneficiary b USING (beneficiary_id)
         GROUP BY 1) AS y USING (service_line)
 CROSS JOIN (VALUES ('salaries and benefits', 0.82), ('facilities', 0.18)) AS c(category, part);

INSERT INTO scorecard.cost_entry (period_start, service_line, cost_type, category, amount)
SELECT m::date, NULL, 'indirect', c.category, round(y.charges * c.share / 12, -2)
  FROM generate_series(DATE '2015-07-01', DATE '2016-06-01', interval '1 month') AS m
 CROSS JOIN (SELECT sum(charge) AS charges FROM scorecard.service) AS y
 CROSS JOIN (VALUES ('administration', 0.035), ('information technology', 0.015)) AS c(category, share);

INSERT INTO scorecard.reserve_plan (period_start, amount)
SELECT m::date, 50000.00
  FROM generate_series(DATE '2015-07-01', DATE '2016-06-01', interval '1 month') AS m;

-- Each stay's cost: its nights in each month at its patient's line's
-- direct cost (variable and fixed) per unit of service that month; nights
-- outside the year at the line's average of the year.
WITH unit_cost AS (
    SELECT e.period_start, e.service_line, sum(e.amount) / u.units AS per_unit
      FROM scorecard.cost_entry e
      JOIN (SELECT date_trunc('month', s.service_at)::date AS period_start, b.service_line, sum(s.units) AS units
              FROM scorecard.service s JOIN scorecard.beneficiary b USING (beneficiary_id)
             GROUP BY 1, 2) AS u
        ON u.period_start = e.period_start AND u.service_line = e.service_line
     WHERE e.cost_type IN ('variable', 'fixed')
     GROUP BY 1, 2, u.units
), year_cost AS (
    SELECT service_line, avg(per_unit) AS per_unit FROM unit_cost GROUP BY 1
), in_year AS (
    SELECT s.stay_id, sum(s.units * uc.per_unit) AS cost, sum(s.units) AS nights
      FROM scorecard.service s
      JOIN scorecard.beneficiary b USING (beneficiary_id)
      JOIN unit_cost uc ON uc.period_start = date_trunc('month', s.service_at)::date AND uc.service_line = b.service_line
     WHERE s.stay_id IS NOT NULL
     GROUP BY 1
)
UPDATE scorecard.stay st
   SET cost = c.cost
  FROM (SELECT x.stay_id,
               round(coalesce(iy.cost, 0)
                     + greatest(greatest(coalesce(x.discharged_on, DATE '2016-07-01') - x.admitted_on, 1) - coalesce(iy.nights, 0), 0)
                       * yc.per_unit, 2) AS cost
          FROM scorecard.stay x
          JOIN scorecard.beneficiary b USING (beneficiary_id)
          JOIN year_cost yc ON yc.service_line = b.service_line
          LEFT JOIN in_year iy ON iy.stay_id = x.stay_id) AS c
 WHERE c.stay_id = st.stay_id;

-- Outcomes: a 0-10 functioning score for every patient served in a
-- month, from where their diagnosis starts them (psychotic and
-- substance use disorders lowest), gaining half a point for each month
-- in care up to 4, two points lower in a month they were readmitted to
-- crisis stabilisation, with a point either way of month-to-month
-- variation.
INSERT INTO scorecard.outcome (beneficiary_id, period_start, outcome, instrument)
SELECT x.beneficiary_id, x.period_start,
       greatest(0, least(10, round(x.base + least(4, 0.5 * x.months_in_care) - 2 * x.readmitted + x.jitter)))::numeric,
       'functioning improvement (0-10)'
  FROM (SELECT pm.beneficiary_id, pm.period_start,
               CASE dx WHEN 'Psychotic disorders' THEN 3 WHEN 'Substance use disorders' THEN 3
                       WHEN 'Anxiety and trauma disorders' THEN 5 ELSE 4 END AS base,
               (extract(year FROM age(pm.period_start, pm.first_month)) * 12 + extract(month FROM age(pm.period_start, pm.first_month)))::integer
                   AS months_in_care,
               CASE WHEN EXISTS (SELECT 1 FROM scorecard.stay r
                                  WHERE r.beneficiary_id = pm.beneficiary_id AND r.readmission_of IS NOT NULL
                                    AND date_trunc('month', r.admitted_on)::date = pm.period_start) THEN 1 ELSE 0 END AS readmitted,
               (substr(pm.beneficiary_id, 2)::integer * 7 + extract(month FROM pm.period_start)::integer * 3) % 3 - 1 AS jitter
          FROM (SELECT s.beneficiary_id, date_trunc('month', s.service_at)::date AS period_start,
                       min(s.diagnostic_category) AS dx,
                       min(date_trunc('month', min(s.service_at))::date) OVER (PARTITION BY s.beneficiary_id) AS first_month
                  FROM scorecard.service s
                 GROUP BY 1, 2) AS pm) AS x;

COMMIT;

-- Target prices per unit of service, set at the start of each fiscal
-- quarter from the rate-setting unit cost of the month before (the list
-- charge per unit for the first quarter, before there was any history),
-- and revised on 15 May 2016 when the FY 2015 cost report came in (the
-- unit cost of April).
INSERT INTO scorecard.target_price (service_line, quarter_start, set_on, price, basis)
SELECT l.service_line, q.quarter_start, q.quarter_start,
       coalesce(r.unit_cost, round(l.charge_per_unit, 2)),
       CASE WHEN r.unit_cost IS NULL THEN 'list charge per unit'
            ELSE 'rate-setting unit cost of ' || to_char(r.period_start, 'FMMonth YYYY') END
  FROM (SELECT b.service_line, sum(s.charge) / sum(s.units) AS charge_per_unit
          FROM scorecard.service s JOIN scorecard.beneficiary b USING (beneficiary_id)
         GROUP BY b.service_line) AS l
 CROSS JOIN (VALUES (DATE '2015-07-01'), ('2015-10-01'), ('2016-01-01'), ('2016-04-01')) AS q(quarter_start)
  LEFT JOIN scorecard.service_line_rate_setting r
    ON r.service_line = l.service_line AND r.period_start = (q.quarter_start - interval '1 month')::date;
INSERT INTO scorecard.target_price (service_line, quarter_start, set_on, price, basis)
SELECT r.service_line, DATE '2016-04-01', DATE '2016-05-15', r.unit_cost, 'FY 2015 cost report: rate-setting unit cost of April 2016'
  FROM scorecard.service_line_rate_setting r
 WHERE r.period_start = DATE '2016-04-01';
