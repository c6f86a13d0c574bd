-- template: empty
-- The finance toolkit through SQL: values, NULLs, errors with SQLSTATEs,
-- agreement with PostgreSQL's own aggregates.

-- Solvency: R - CD = E + ARC.
SELECT scorecard.solvency_gap(1000000, 50000, 900000, 40000) AS solvent,
       scorecard.solvency_gap(1000000, 150000, 900000, 40000) AS not_solvent,
       scorecard.solvency_gap(NULL, 0, 0, 0) IS NULL AS null_in_null_out;

-- Break-even: (fixed + reserve + profit) / (price (1 - denials) - variable).
SELECT scorecard.break_even_units(120000, 150, 60, reserve => 30000, denial_rate => 0.10) AS units,
       scorecard.break_even_encounters(120000, 150, 60, reserve => 30000, denial_rate => 0.10) AS encounters,
       scorecard.break_even_revenue(120000, 150, 60, reserve => 30000, denial_rate => 0.10) AS revenue;
SELECT scorecard.break_even_units(1001, 30, 10) AS units, scorecard.break_even_encounters(1001, 30, 10) AS rounded_up,
       scorecard.break_even_units(1000, 30, 10, target_profit => 500) AS with_profit,
       scorecard.break_even_units(100, 3, 1) AS repeating,
       scorecard.break_even_encounters(0, 30, 10) AS nothing_to_cover;
SELECT pg_typeof(scorecard.break_even_encounters(1, 2, 1)) AS encounters_type;
SELECT public.sqlerr($$SELECT scorecard.break_even_units(1000, 100, 90, denial_rate => 0.10)$$);
SELECT public.sqlerr($$SELECT scorecard.break_even_units(1000, 100, 120)$$);
SELECT public.sqlerr($$SELECT scorecard.break_even_encounters(-1, 100, 10)$$);
SELECT public.sqlerr($$SELECT scorecard.break_even_units(1000, 100, -10)$$);
SELECT public.sqlerr($$SELECT scorecard.break_even_units(1000, 100, 10, denial_rate => 1)$$);
SELECT public.sqlerr($$SELECT scorecard.break_even_units(1000, 100, 10, denial_rate => -0.1)$$);
SELECT public.sqlerr($$SELECT scorecard.break_even_revenue(1000, 'NaN', 10)$$);
SELECT public.sqlerr($$SELECT scorecard.break_even_units(1000, 'Infinity', 10)$$);
SELECT public.sqlerr($$SELECT scorecard.break_even_units(1e28, 1.0000000000000000000000000001, 1)$$);

-- Rate setting, days in A/R, forecast.
SELECT scorecard.rate_setting_unit_cost(200000, 220000, 3000) AS unit_cost,
       scorecard.days_in_ar(450000, 900000, 90) AS days,
       scorecard.days_in_ar(1000, 3000, 31) AS days_repeating,
       scorecard.forecast_cost(5000, 12.5, 1000) AS forecast;
SELECT public.sqlerr($$SELECT scorecard.rate_setting_unit_cost(1, 1, 0)$$);
SELECT public.sqlerr($$SELECT scorecard.rate_setting_unit_cost(1, -1, 10)$$);
SELECT public.sqlerr($$SELECT scorecard.days_in_ar(100, 0, 30)$$);
SELECT public.sqlerr($$SELECT scorecard.days_in_ar(100, 1000, 0)$$);
SELECT public.sqlerr($$SELECT scorecard.days_in_ar(-100, 1000, 30)$$);
SELECT public.sqlerr($$SELECT scorecard.solvency_gap(1000, -1, 0, 0)$$);
SELECT public.sqlerr($$SELECT scorecard.forecast_cost(5000, 12.5, -1)$$);

-- case_rate_range: mean +/- 0.1 sd of expenditure per beneficiary.
SELECT (scorecard.case_rate_range(x)).* FROM (VALUES (100.00), (200.00), (300.00), (400.00), (NULL)) v(x);
SELECT (r).band, round((r).low, 2) AS low, round((r).high, 2) AS high
  FROM (SELECT scorecard.case_rate_range(x, 0.5) AS r FROM (VALUES (100), (200), (300), (400)) v(x)) s;
SELECT scorecard.case_rate_range(x) AS one_beneficiary FROM (VALUES (123.45)) v(x);
SELECT scorecard.case_rate_range(x) IS NULL AS no_rows FROM (SELECT 1::numeric WHERE false) v(x);
SELECT public.sqlerr($$SELECT scorecard.case_rate_range(x) FROM (VALUES (100), (-5)) v(x)$$);
SELECT public.sqlerr($$SELECT scorecard.case_rate_range(x, b) FROM (VALUES (100, 0.1), (200, 0.2)) v(x, b)$$);
SELECT public.sqlerr($$SELECT scorecard.case_rate_range(x, -0.1) FROM (VALUES (100)) v(x)$$);
SELECT public.sqlerr($$SELECT scorecard.case_rate_range(x) FROM (VALUES ('NaN'::numeric)) v(x)$$);

-- mix_price: mix-weighted price; shares need not sum to 1.
SELECT scorecard.mix_price(p, s) AS shares_of_one, scorecard.mix_price(p, s * 40) AS counts
  FROM (VALUES (100, 0.5), (200, 0.25), (400, 0.25)) v(p, s);
SELECT scorecard.mix_price(p, s) IS NULL AS no_volume FROM (VALUES (100, 0)) v(p, s);
SELECT public.sqlerr($$SELECT scorecard.mix_price(p, s) FROM (VALUES (100, -1)) v(p, s)$$);
SELECT public.sqlerr($$SELECT scorecard.mix_price(p, s) FROM (VALUES (-100, 1)) v(p, s)$$);

-- cost_behavior: an exact line is recovered exactly; noisy data agrees with
-- PostgreSQL's float regr_* to their precision.
SELECT (scorecard.cost_behavior(5000 + 12.5 * v, v)).* FROM generate_series(100, 300, 25) v;
SELECT scorecard.forecast_cost(scorecard.cost_behavior(5000 + 12.5 * v, v), 1000) AS cost_at_1000
  FROM generate_series(100, 300, 25) v;
CREATE TEMP TABLE monthly AS
SELECT m, 800 + (m * 37) % 400 AS volume,
       round(250000 + 140.25 * (800 + (m * 37) % 400) + ((m * 7919) % 5000 - 2500), 2) AS cost
  FROM generate_series(1, 36) m;
-- float8 carries 15-16 significant digits: agree to 12.
SELECT (f.fit).observations, round((f.fit).fixed_cost, 2) AS fixed_cost, round((f.fit).variable_cost, 4) AS variable_cost,
       round((f.fit).r_squared, 6) AS r_squared,
       abs((f.fit).variable_cost - f.slope::numeric) < 1e-12 * abs(f.slope::numeric) AS slope_agrees,
       abs((f.fit).fixed_cost - f.intercept::numeric) < 1e-12 * abs(f.intercept::numeric) AS intercept_agrees,
       abs((f.fit).r_squared - f.r2::numeric) < 1e-12 AS r2_agrees
  FROM (SELECT scorecard.cost_behavior(cost, volume) AS fit, regr_slope(cost, volume) AS slope,
               regr_intercept(cost, volume) AS intercept, regr_r2(cost, volume) AS r2 FROM monthly) f;
SELECT (scorecard.cost_behavior(c, v)).* FROM (VALUES (100, 5), (120, 5)) t(c, v);
SELECT public.sqlerr($$SELECT scorecard.cost_behavior(c, v) FROM (VALUES (-100, 5)) t(c, v)$$);
SELECT public.sqlerr($$SELECT scorecard.cost_behavior(c, v) FROM (VALUES (100, -5)) t(c, v)$$);

-- cost_trend and forecast_trend: 2 and 12 months ahead.
CREATE TEMP TABLE monthly_cost AS
SELECT d::date AS month, 410000 + 2500 * (row_number() OVER (ORDER BY d)) + ((extract(month FROM d)::int * 7) % 5 - 2) * 1000 AS cost
  FROM generate_series(DATE '2015-07-01', DATE '2016-06-01', interval '1 month') d;
SELECT t.months, t.first_month, t.last_month, round(t.monthly_change, 4) AS monthly_change,
       round(t.trend_cost_last_month, 2) AS trend_cost_last_month, round(t.r_squared, 6) AS r_squared
  FROM (SELECT (scorecard.cost_trend(month, cost)).* FROM monthly_cost) t;
SELECT f.period_start, f.months_ahead, round(f.projected_cost, 2) AS projected_cost
  FROM (SELECT scorecard.cost_trend(month, cost) AS t FROM monthly_cost) s, scorecard.forecast_trend(s.t, 2) f;
SELECT count(*) AS twelve, max(f.period_start) AS last
  FROM (SELECT scorecard.cost_trend(month, cost) AS t FROM monthly_cost) s, scorecard.forecast_trend(s.t, 12) f;
SELECT public.sqlerr($$SELECT scorecard.forecast_trend(scorecard.cost_trend(month, cost), 0) FROM monthly_cost$$);
SELECT public.sqlerr($$SELECT scorecard.cost_trend('infinity'::date, 1)$$);
SELECT count(*) AS no_slope_no_rows
  FROM (SELECT scorecard.cost_trend(DATE '2016-01-01', 5) AS t) s, scorecard.forecast_trend(s.t, 2);

-- value_of_service: outcomes per dollar and cost variation.
SELECT (scorecard.value_of_service(o, c)).* FROM (VALUES (3, 100), (1, 300), (NULL, 50)) v(o, c);
SELECT (scorecard.value_of_service(o, c)).outcome_per_dollar IS NULL AS free_care
  FROM (VALUES (3, 0), (1, 0)) v(o, c);
SELECT public.sqlerr($$SELECT scorecard.value_of_service(o, c) FROM (VALUES (1, -1)) v(o, c)$$);

-- Agreement with avg and stddev_samp (numeric, 16-20 significant digits) on
-- generated expenditures: ours, rounded to their scale, equals theirs; and
-- with stddev_samp(float8) to its precision.
CREATE TEMP TABLE spend AS
SELECT i % 3 AS level, round(((i * 7919) % 100003) / 7.0, 2) AS expenditure FROM generate_series(1, 30000) i;
SELECT level, (r).beneficiaries = n AS same_count,
       round((r).mean, scale(mean)) = mean AS mean_agrees,
       round((r).sd, scale(sd)) = sd AS sd_agrees_with_numeric,
       abs((r).sd - sd_float::numeric) < 1e-11 * sd AS sd_agrees_with_float8
  FROM (SELECT level, scorecard.case_rate_range(expenditure) r, count(*) n, avg(expenditure) mean,
               stddev_samp(expenditure) sd, stddev_samp(expenditure::float8) sd_float
          FROM spend GROUP BY level) s ORDER BY level;

-- Readmissions are charged to the acuity level the patient was discharged from.
INSERT INTO scorecard.payer VALUES ('MC', 'Medi-Cal', 'Medi-Cal'), ('BX', 'Blue Cross', 'commercial');
INSERT INTO scorecard.acuity_level VALUES ('Crisis Stabilization', 1, NULL), ('Crisis Residential', 2, NULL), ('Psychiatric Health Facility', 3, NULL);
INSERT INTO scorecard.beneficiary (beneficiary_id) VALUES ('A'), ('B'), ('C');
INSERT INTO scorecard.stay (stay_id, beneficiary_id, payer_id, acuity_level, admitted_on, discharged_on, readmission_of, cost) VALUES
    ('A1', 'A', 'MC', 'Crisis Residential', '2016-01-04', '2016-01-20', NULL, 9000),
    ('A2', 'A', 'MC', 'Psychiatric Health Facility', '2016-01-25', '2016-02-05', 'A1', 14000),
    ('B1', 'B', 'MC', 'Crisis Residential', '2016-02-01', '2016-02-10', NULL, 6000),
    ('C1', 'C', 'BX', 'Crisis Stabilization', '2016-03-01', '2016-03-02', NULL, 1500),
    ('C2', 'C', 'BX', 'Crisis Residential', '2016-03-10', '2016-03-24', NULL, 8000);
SELECT stay_id, stay_acuity_level, charged_acuity_level, is_readmission FROM scorecard.stay_charges ORDER BY stay_id;
SELECT * FROM scorecard.beneficiary_expenditure ORDER BY period_start, beneficiary_id, acuity_level;
SELECT acuity_level, payer_type, beneficiaries, mean_expenditure, round(sd_expenditure, 4) AS sd,
       round(rate_low, 2) AS rate_low, round(rate_high, 2) AS rate_high
  FROM scorecard.case_rate_ranges;
SELECT acuity_level, payer_type, beneficiaries, mean_expenditure
  FROM scorecard.case_rate_ranges_between(DATE '2016-02-01', DATE '2016-04-01') WHERE payer_type = 'all payers';
-- A readmission must follow a discharged stay of the same beneficiary.
SELECT public.sqlerr($$INSERT INTO scorecard.stay VALUES ('B2', 'B', 'MC', 'Crisis Residential', '2016-03-01', NULL, 'A1', 10)$$);
SELECT public.sqlerr($$INSERT INTO scorecard.stay VALUES ('A3', 'A', 'MC', 'Crisis Residential', '2016-01-10', NULL, 'A1', 10)$$);
SELECT public.sqlerr($$INSERT INTO scorecard.stay VALUES ('A4', 'A', 'MC', 'Crisis Residential', '2016-01-10', '2016-01-01', NULL, 10)$$);
SELECT public.sqlerr($$INSERT INTO scorecard.stay VALUES ('A5', 'A', 'XX', 'Crisis Residential', '2016-01-10', NULL, NULL, 10)$$);
SELECT public.sqlerr($$INSERT INTO scorecard.payer VALUES ('Z', 'Z plan', 'HMO')$$);
DELETE FROM scorecard.stay WHERE readmission_of IS NOT NULL;
DELETE FROM scorecard.stay;
DELETE FROM scorecard.beneficiary;
DELETE FROM scorecard.acuity_level;
DELETE FROM scorecard.payer;
