-- The sample organisation's costs, July 2015 to June 2016, for the focused
-- factories (service-line P&L, break-even, rate setting). Load after
-- samples/bch/billing.sql:  psql -v ON_ERROR_STOP=1 -f samples/bch/costs.sql
--
-- Direct variable cost (per diem, overtime, mileage) runs at 36% of the
-- charges for each line's patients; each line has its own fixed cost
-- (salaries and benefits, facilities); overhead (administration, IT) is
-- indirect; the reserve contribution is planned at 25,000 a month; every
-- patient served in a month has a 0-10 outcome score (value of service).

BEGIN;

INSERT INTO scorecard.cost_entry (period_start, service_line, cost_type, category, amount)
SELECT date_trunc('month', s.service_at)::date, b.service_line, 'variable', 'per diem, overtime and mileage',
       round(sum(s.charge) * 0.36, 2)
  FROM scorecard.service s
  JOIN scorecard.beneficiary b ON b.beneficiary_id = s.beneficiary_id
 GROUP BY 1, 2;

INSERT INTO scorecard.cost_entry (period_start, service_line, cost_type, category, amount)
SELECT m::date, f.service_line, 'fixed', c.category, round(f.fixed * c.part, 2)
  FROM generate_series(DATE '2015-07-01', DATE '2016-06-01', interval '1 month') AS m
 CROSS JOIN (VALUES ('Outpatient', 48000), ('Peer Services', 9000), ('Crisis Services', 26000),
                    ('Urgent Care', 21000), ('Residential Detox', 30000), ('Intermediate Care Facilities', 24000),
                    ('Institutes of Mental Disease', 23000), ('Psychiatric Health Facilities', 31000),
                    ('Hospital', 34000)) AS f(service_line, fixed)
 CROSS JOIN (VALUES ('salaries and benefits', 0.82), ('facilities', 0.18)) AS c(category, part);

INSERT INTO scorecard.cost_entry (period_start, service_line, cost_type, category, amount)
SELECT m::date, NULL, 'indirect', c.category, c.amount
  FROM generate_series(DATE '2015-07-01', DATE '2016-06-01', interval '1 month') AS m
 CROSS JOIN (VALUES ('administration', 68000.00), ('information technology', 21500.00)) AS c(category, amount);

INSERT INTO scorecard.reserve_plan (period_start, amount)
SELECT m::date, 25000.00
  FROM generate_series(DATE '2015-07-01', DATE '2016-06-01', interval '1 month') AS m;


-- Outcomes: a 0-10 improvement score for every patient served in a month.
INSERT INTO scorecard.outcome (beneficiary_id, period_start, outcome, instrument)
SELECT s.beneficiary_id, date_trunc('month', s.service_at)::date,
       ((substr(s.beneficiary_id, 2)::integer * 7 + extract(month FROM date_trunc('month', s.service_at)::date)::integer * 3) % 11)::numeric,
       'functioning improvement (0-10)'
  FROM scorecard.service s
 GROUP BY 1, 2;

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
