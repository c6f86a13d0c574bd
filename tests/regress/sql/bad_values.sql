-- template: bch
-- A catalogue of bad values, one per line: every table and function of the
-- extension refuses each with its SQLSTATE where it enters, nothing is
-- written, and afterwards every view still answers for everyone. On 0.1.0
-- about 20 of the table cases were accepted and took the views down (NaN
-- compares above every number, so "amount > 0" let it through).

CREATE FUNCTION pg_temp.row_count(relname name) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE n bigint;
BEGIN
    EXECUTE format('SELECT count(*) FROM scorecard.%I', relname) INTO n;
    RETURN n;
END $$;
CREATE TEMP TABLE fingerprint AS
SELECT c.relname, pg_temp.row_count(c.relname) AS n
  FROM pg_class c WHERE c.relnamespace = 'scorecard'::regnamespace AND c.relkind = 'r';

CREATE TEMP TABLE bad (n serial, what text, q text);
INSERT INTO bad (what, q) VALUES
-- the scorecard's tables
('discipline threshold NaN', $$INSERT INTO scorecard.discipline (name, sort_order, deep_dive_threshold) VALUES ('X', 9, 'NaN')$$),
('discipline threshold Infinity', $$UPDATE scorecard.discipline SET deep_dive_threshold = 'Infinity' WHERE name = 'Finance'$$),
('discipline threshold 1e20', $$UPDATE scorecard.discipline SET deep_dive_threshold = 1e20 WHERE name = 'Finance'$$),
('discipline target NaN', $$INSERT INTO scorecard.discipline_target VALUES ('Finance', '2030-01-01', 'NaN')$$),
('discipline target -Infinity', $$INSERT INTO scorecard.discipline_target VALUES ('Finance', '2030-01-01', '-Infinity')$$),
('discipline target from infinity', $$INSERT INTO scorecard.discipline_target VALUES ('Finance', 'infinity', 0.9)$$),
('measure weight NaN', $$UPDATE scorecard.measure SET weight = 'NaN' WHERE measure_id = (SELECT min(measure_id) FROM scorecard.measure)$$),
('measure weight Infinity', $$UPDATE scorecard.measure SET weight = 'Infinity' WHERE measure_id = (SELECT min(measure_id) FROM scorecard.measure)$$),
('measure goal NaN', $$UPDATE scorecard.measure SET goal = 'NaN', red_flag = 0.5 WHERE measure_id = (SELECT min(measure_id) FROM scorecard.measure)$$),
('measure red flag -Infinity', $$UPDATE scorecard.measure SET goal = 0.9, red_flag = '-Infinity' WHERE measure_id = (SELECT min(measure_id) FROM scorecard.measure)$$),
('measure active from infinity', $$UPDATE scorecard.measure SET active_from = 'infinity' WHERE measure_id = (SELECT min(measure_id) FROM scorecard.measure)$$),
('measure active until -infinity', $$UPDATE scorecard.measure SET active_until = '-infinity' WHERE measure_id = (SELECT min(measure_id) FROM scorecard.measure)$$),
('measure target Infinity', $$INSERT INTO scorecard.measure_target SELECT min(measure_id), '2030-01-01', 'Infinity' FROM scorecard.measure$$),
('measure target from infinity', $$INSERT INTO scorecard.measure_target SELECT min(measure_id), 'infinity', 0.5 FROM scorecard.measure$$),
('observation numerator 9e131071', $$INSERT INTO scorecard.observation (measure_id, period_grain, period_start, numerator, denominator) SELECT min(measure_id), 'month', '2030-01-01', 9e131071, 1 FROM scorecard.measure$$),
('observation denominator 1e20', $$INSERT INTO scorecard.observation (measure_id, period_grain, period_start, numerator, denominator) SELECT min(measure_id), 'month', '2030-01-01', 1, 1e20 FROM scorecard.measure$$),
('observation value NaN', $$INSERT INTO scorecard.observation (measure_id, period_grain, period_start, value) SELECT min(measure_id), 'month', '2030-01-01', 'NaN' FROM scorecard.measure$$),
('observation value -Infinity', $$INSERT INTO scorecard.observation (measure_id, period_grain, period_start, value) SELECT min(measure_id), 'month', '2030-01-01', '-Infinity' FROM scorecard.measure$$),
('observation period infinity', $$INSERT INTO scorecard.observation (measure_id, period_grain, period_start, numerator, denominator) SELECT min(measure_id), 'month', 'infinity', 1, 2 FROM scorecard.measure$$),
('observation period 44 BC', $$INSERT INTO scorecard.observation (measure_id, period_grain, period_start, numerator, denominator) SELECT min(measure_id), 'month', '0044-03-15 BC', 1, 2 FROM scorecard.measure$$),
('observation period 2300', $$INSERT INTO scorecard.observation (measure_id, period_grain, period_start, numerator, denominator) SELECT min(measure_id), 'month', '2300-01-01', 1, 2 FROM scorecard.measure$$),
-- the dimensions and care data
('payer terms 2147483647', $$UPDATE scorecard.payer SET payment_terms_days = 2147483647 WHERE payer_id = 'MCR-B'$$),
('payer terms -1', $$UPDATE scorecard.payer SET payment_terms_days = -1 WHERE payer_id = 'MCR-B'$$),
('acuity target LOS 2147483647', $$UPDATE scorecard.acuity_level SET target_los_days = 2147483647 WHERE acuity_level = 'Inpatient'$$),
('stay admitted -infinity', $$INSERT INTO scorecard.stay (stay_id, beneficiary_id, payer_id, acuity_level, admitted_on, cost) VALUES ('BAD1', 'B0012', 'MCR-B', 'Inpatient', '-infinity', 1)$$),
('stay discharged infinity', $$INSERT INTO scorecard.stay (stay_id, beneficiary_id, payer_id, acuity_level, admitted_on, discharged_on, cost) VALUES ('BAD1', 'B0012', 'MCR-B', 'Inpatient', '2016-06-01', 'infinity', 1)$$),
('stay cost NaN', $$INSERT INTO scorecard.stay (stay_id, beneficiary_id, payer_id, acuity_level, admitted_on, cost) VALUES ('BAD1', 'B0012', 'MCR-B', 'Inpatient', '2016-06-01', 'NaN')$$),
('stay cost 1e20', $$INSERT INTO scorecard.stay (stay_id, beneficiary_id, payer_id, acuity_level, admitted_on, cost) VALUES ('BAD1', 'B0012', 'MCR-B', 'Inpatient', '2016-06-01', 1e20)$$),
('stay billable days 2147483647', $$INSERT INTO scorecard.stay (stay_id, beneficiary_id, payer_id, acuity_level, admitted_on, cost, billable_days) VALUES ('BAD1', 'B0012', 'MCR-B', 'Inpatient', '2016-06-01', 1, 2147483647)$$),
('time study minutes NaN', $$INSERT INTO scorecard.time_study (study_date, clinician_id, minutes, maa_reimbursable) VALUES ('2016-06-01', 'C01', 'NaN', true)$$),
('time study date infinity', $$INSERT INTO scorecard.time_study (study_date, clinician_id, minutes, maa_reimbursable) VALUES ('infinity', 'C01', 10, true)$$),
('Medi-Cal share NaN', $$INSERT INTO scorecard.medi_cal_share VALUES ('2030-01-01', 'NaN')$$),
('Medi-Cal share period infinity', $$INSERT INTO scorecard.medi_cal_share VALUES ('infinity', 0.5)$$),
-- the revenue cycle
('service units NaN', $$INSERT INTO scorecard.service (service_id, beneficiary_id, service_at, units, charge) VALUES ('BAD1', 'B0012', '2016-06-01 10:00+00', 'NaN', 1)$$),
('service charge NaN', $$INSERT INTO scorecard.service (service_id, beneficiary_id, service_at, units, charge) VALUES ('BAD1', 'B0012', '2016-06-01 10:00+00', 1, 'NaN')$$),
('service at infinity', $$INSERT INTO scorecard.service (service_id, beneficiary_id, service_at, units, charge) VALUES ('BAD1', 'B0012', 'infinity', 1, 1)$$),
('service charge 1e20', $$INSERT INTO scorecard.service (service_id, beneficiary_id, service_at, units, charge) VALUES ('BAD1', 'B0012', '2016-06-01 10:00+00', 1, 1e20)$$),
('claim bill date infinity', $$INSERT INTO scorecard.claim (claim_id, payer_id, beneficiary_id, service_from, created_on, bill_date, amount, status) VALUES ('BAD1', 'MCR-B', 'B0012', '2016-06-01', '2016-06-01', 'infinity', 10, 'submitted')$$),
('claim due date infinity', $$INSERT INTO scorecard.claim (claim_id, payer_id, beneficiary_id, service_from, created_on, bill_date, due_date, amount, status) VALUES ('BAD1', 'MCR-B', 'B0012', '2016-06-01', '2016-06-01', '2016-06-02', 'infinity', 10, 'submitted')$$),
('claim amount NaN', $$INSERT INTO scorecard.claim (claim_id, payer_id, beneficiary_id, service_from, created_on, bill_date, amount, status) VALUES ('BAD1', 'MCR-B', 'B0012', '2016-06-01', '2016-06-01', '2016-06-02', 'NaN', 'submitted')$$),
('claim amount 1e20', $$INSERT INTO scorecard.claim (claim_id, payer_id, beneficiary_id, service_from, created_on, bill_date, amount, status) VALUES ('BAD1', 'MCR-B', 'B0012', '2016-06-01', '2016-06-01', '2016-06-02', 1e20, 'submitted')$$),
('claim service from -infinity', $$INSERT INTO scorecard.claim (claim_id, payer_id, beneficiary_id, service_from, created_on, amount, status) VALUES ('BAD1', 'MCR-B', 'B0012', '-infinity', '2016-06-01', 10, 'suspended')$$),
('payment amount NaN', $$INSERT INTO scorecard.payment (payment_id, payer_id, received_on, amount) VALUES ('BAD1', 'MCR-B', '2016-06-01', 'NaN')$$),
('payment amount Infinity', $$INSERT INTO scorecard.payment (payment_id, payer_id, received_on, amount) VALUES ('BAD1', 'MCR-B', '2016-06-01', 'Infinity')$$),
('payment received infinity', $$INSERT INTO scorecard.payment (payment_id, payer_id, received_on, amount) VALUES ('BAD1', 'MCR-B', 'infinity', 5)$$),
('adjustment amount NaN', $$INSERT INTO scorecard.adjustment (adjustment_id, claim_id, adjusted_on, kind, reason, amount) SELECT 'BAD1', min(claim_id), '2016-06-30', 'other', 'test', 'NaN' FROM scorecard.claim$$),
('adjustment date -infinity', $$INSERT INTO scorecard.adjustment (adjustment_id, claim_id, adjusted_on, kind, reason, amount) SELECT 'BAD1', min(claim_id), '-infinity', 'other', 'test', -1 FROM scorecard.claim$$),
-- focused factories
('cost entry amount NaN', $$INSERT INTO scorecard.cost_entry (period_start, service_line, cost_type, category, amount) VALUES ('2016-06-01', 'Outpatient', 'fixed', 'salaries', 'NaN')$$),
('cost entry month infinity', $$INSERT INTO scorecard.cost_entry (period_start, service_line, cost_type, category, amount) VALUES ('infinity', 'Outpatient', 'fixed', 'salaries', 1)$$),
('reserve plan NaN', $$INSERT INTO scorecard.reserve_plan VALUES ('2030-01-01', 'NaN')$$),
('reserve plan month infinity', $$INSERT INTO scorecard.reserve_plan VALUES ('infinity', 1)$$),
('outcome NaN', $$INSERT INTO scorecard.outcome (beneficiary_id, period_start, outcome) VALUES ('B0012', '2030-01-01', 'NaN')$$),
('outcome month infinity', $$INSERT INTO scorecard.outcome (beneficiary_id, period_start, outcome) VALUES ('B0012', 'infinity', 1)$$),
('service line sort order 0', $$UPDATE scorecard.service_line SET sort_order = 0 WHERE service_line = 'Outpatient'$$),
-- functions and aggregates
('balance of NaN', $$SELECT scorecard.balance('NaN', 1)$$),
('balance against Infinity', $$SELECT scorecard.balance(1, 'Infinity')$$),
('deep dive negative threshold', $$SELECT scorecard.needs_deep_dive(0.1, -1)$$),
('goal score goal = red flag', $$SELECT scorecard.goal_score(1, 2, 2)$$),
('composite negative weight', $$SELECT scorecard.composite(x, -1) FROM (VALUES (1)) v(x)$$),
('composite past 28 digits', $$SELECT scorecard.composite(x) FROM (VALUES (1e30)) v(x)$$),
('solvency negative revenue', $$SELECT scorecard.solvency_gap(-1, 0, 0, 0)$$),
('break-even denial rate 1', $$SELECT scorecard.break_even_units(1000, 100, 10, denial_rate => 1)$$),
('rate setting zero units', $$SELECT scorecard.rate_setting_unit_cost(1, 1, 0)$$),
('days in A/R zero revenue', $$SELECT scorecard.days_in_ar(1, 0, 30)$$),
('forecast negative volume', $$SELECT scorecard.forecast_cost(1, 1, -1)$$),
('case rate negative expenditure', $$SELECT scorecard.case_rate_range(x) FROM (VALUES (-1)) v(x)$$),
('mix price negative price', $$SELECT scorecard.mix_price(p, s) FROM (VALUES (-1, 1)) v(p, s)$$),
('cost behaviour negative volume', $$SELECT scorecard.cost_behavior(c, v) FROM (VALUES (1, -1)) t(c, v)$$),
('cost trend infinite month', $$SELECT scorecard.cost_trend(d, c) FROM (VALUES ('infinity'::date, 1)) t(d, c)$$),
('value of service NaN cost', $$SELECT scorecard.value_of_service(o, c) FROM (VALUES (1, 'NaN'::numeric)) t(o, c)$$),
('forecast horizon 0', $$SELECT * FROM scorecard.forecast_trend((SELECT scorecard.cost_trend(d, c) FROM (VALUES ('2016-01-01'::date, 1), ('2016-02-01', 2)) t(d, c)), 0)$$),
('aging decreasing edges', $$SELECT scorecard.ar_aging(1, DATE '2016-01-01', DATE '2016-02-01', '{60,30}')$$),
('aging NULL as_of', $$SELECT scorecard.ar_aging(1, DATE '2016-01-01', NULL)$$),
('aging NULL edges', $$SELECT scorecard.ar_aging(1, DATE '2016-01-01', DATE '2016-02-01', NULL)$$),
('aging infinite as_of', $$SELECT scorecard.ar_aging(1, DATE '2016-01-01', 'infinity')$$),
('aging buckets edge 2147483647', $$SELECT scorecard.aging_buckets('{2147483647}')$$),
('A/R by payer unknown basis', $$SELECT * FROM scorecard.ar_aging_by_payer_as_of('2016-06-30', 'posting_date')$$),
('snapshot unknown basis', $$SELECT scorecard.snapshot_ar_aging('2016-06-30', 'posting_date')$$),
('period end past chrono', $$SELECT scorecard.period_end('month', '5874897-12-01')$$),
('register a source by quarter', $$SELECT scorecard.register_measure_source((SELECT min(name) FROM scorecard.measure), 'scorecard.finance_billable_days', 'quarter')$$);

SELECT n, what, public.sqlerr(q) AS refused FROM bad ORDER BY n;
SELECT count(*) AS bad_inputs, count(*) FILTER (WHERE public.sqlerr(q) = 'no error') AS accepted FROM bad;

-- Nothing was written anywhere.
SELECT f.relname, f.n AS before, pg_temp.row_count(f.relname) AS after
  FROM fingerprint f
 WHERE f.n <> pg_temp.row_count(f.relname);

-- Legal values at the edges still work, and one extreme observation does
-- not take the score views down: it is computed, or flagged.
SELECT * FROM scorecard.aging_buckets('{30,1000000}');
SELECT count(*) AS no_row FROM scorecard.revenue_cycle_kpis_for(NULL, NULL);
SELECT scorecard.date_text('0044-03-15 BC') AS bc, scorecard.date_text('infinity') AS inf;
INSERT INTO scorecard.objective VALUES ('Process', 'Edge cases', NULL);
INSERT INTO scorecard.measure (name, discipline, objective, weight, unit) VALUES
    ('Tiny ratio', 'Process', 'Edge cases', 0, 'ratio'), ('Many decimals', 'Process', 'Edge cases', 0, 'ratio'),
    ('Huge value', 'Process', 'Edge cases', 0, 'dollars'), ('Past 1e27', 'Process', 'Edge cases', 0, 'ratio');
INSERT INTO scorecard.observation (measure_id, period_grain, period_start, numerator, denominator, value)
SELECT m.measure_id, 'month', DATE '2016-06-01', v.n, v.d, v.val
  FROM (VALUES ('Tiny ratio', 1, 3e14, NULL::numeric),
               ('Many decimals', 0.1234567890123456789012345678901234567891, 3, NULL),
               ('Huge value', NULL, NULL, 999999999999999.9999999999),
               ('Past 1e27', 1e14, 1e-14, NULL)) v(name, n, d, val)
  JOIN scorecard.measure m ON m.name = v.name;
SELECT measure, actual, status FROM scorecard.measure_scores
 WHERE objective = 'Edge cases' AND period_grain = 'month' AND period_start = DATE '2016-06-01' ORDER BY measure;
SELECT discipline, round(actual, 4) AS actual, round(balance, 4) AS balance FROM scorecard.discipline_scores
 WHERE org_unit = scorecard.root_unit() AND period_grain = 'month' AND period_start = DATE '2016-06-01' ORDER BY sort_order;
SELECT exact, scorecard.exact_round(exact) AS kept FROM (VALUES (1 / 3e20), (1e27), ('NaN'::numeric), (123.4500)) v(exact);
