-- The sample organisation: Betz County Health Department (BCH), the worked
-- example of the source ("Health Services Financing through Increased
-- Productivity", Betz 2016).
--
-- Load into a database where pg_scorecard is installed and the scorecard
-- tables are empty:   psql -v ON_ERROR_STOP=1 -f samples/bch/scorecard.sql
--
-- Sample period: June 2016 (month grain). Its scorecard is the source's:
--
--   discipline            target  actual  balance
--   Finance               0.9330  0.6500  -0.2830   (deep dive)
--   Customer              0.8330  0.8430  +0.0100
--   Learning and Growth   0.8330  0.8230  -0.0100
--   Process               0.8500  0.8570  +0.0070
--   organisation                          -0.2760
--
-- The source's page layout leaves open which of 83.3/84.3 and 85.0/85.7 is
-- Customer and which Process. We read Customer as 83.3 -> 84.3 (+1.0): the
-- text says BCH "excels in providing timely access" there, its strongest
-- area, and +1.0 is the larger balance. Process is 85.0 -> 85.7 (+0.7).
--
-- The four Finance measures are real numerator/denominator pairs whose
-- ratios round to the source's 47.47%, 69.21%, 79.43% and 63.88%; their exact
-- mean is 0.6499750003 (the source's 65.00%). Customer, Process and
-- Learning and Growth measures are exact fractions.
--
-- History: monthly observations from June 2015 to September 2016 (twelve
-- months before the sample period, three after) and weekly observations
-- for the thirteen ISO weeks of April-June 2016, generated deterministically
-- (integer arithmetic only) around the sample values: Finance slides over
-- the year before June 2016 (BCH "failed to staff up outpatient services")
-- and recovers a little after; the other disciplines wobble near target.

BEGIN;

-- The organisation is the root of the scorecard tree; a California county
-- keeps a July-June fiscal year, so fiscal quarters and years follow it.
UPDATE scorecard.org_unit
   SET name = 'Betz County Health Department', fiscal_year_start = 7,
       description = 'The county''s behavioral health and public health services: the source''s organisation scorecard.',
       owner_name = 'Director of Health Services'
 WHERE is_root;

INSERT INTO scorecard.objective (discipline, name) VALUES
    ('Finance', 'Reduce In-patient Hospital Costs - Medi-Cal'),
    ('Finance', 'Reduce In-patient Hospital Costs - LOS'),
    ('Finance', 'Maintain TCM / MAA eligible productivity rate encounters'),
    ('Finance', 'Reduce Placement Costs'),
    ('Customer', 'Adult clients will receive timely access to services'),
    ('Customer', 'Handle all grievances within industry standard timeframes'),
    ('Customer', 'Children will receive timely services according to State standards'),
    ('Learning and Growth', 'Implement Meaningful Use for EMR'),
    ('Learning and Growth', 'Implement Meaningful Use for HIE'),
    ('Learning and Growth', 'Increase Efficiency through Technology Innovations'),
    ('Process', 'Meet BH Standard of Access to Services'),
    ('Process', 'Improve provider productivity rate'),
    ('Process', 'Appointments are kept');

-- sample_n / sample_d: the June 2016 numerator and denominator.
-- slope: change of the ratio per month before June 2016 (Finance slid).
CREATE TEMPORARY TABLE bch_measure (
    name text, discipline text, objective text, description text,
    sample_n integer, sample_d integer, slope numeric
) ON COMMIT DROP;

INSERT INTO bch_measure VALUES
    ('Billable inpatient days / total inpatient days (Medi-Cal)', 'Finance',
     'Reduce In-patient Hospital Costs - Medi-Cal',
     'Medi-Cal inpatient placement days that were billable, over all Medi-Cal inpatient days.',
     807, 1700, 0.0150),
    ('Stays with LOS on or below target LOS / stays', 'Finance',
     'Reduce In-patient Hospital Costs - LOS',
     'Inpatient stays whose length of stay was at or under the target LOS for their acuity, over all stays discharged.',
     254, 367, 0.0080),
    ('MAA minutes time-studied / minutes expected from Medi-Cal share', 'Finance',
     'Maintain TCM / MAA eligible productivity rate encounters',
     'Minutes time-studied to reimbursable MAA, over the minutes the Medi-Cal share of beneficiaries would predict.',
     6020, 7579, 0.0060),
    ('(Discharges - readmissions) / high-acuity placements', 'Finance',
     'Reduce Placement Costs',
     'Discharges net of readmissions, over placements at high acuity.',
     191, 299, 0.0090),
    ('Adults seen within 10 business days of request / adult requests', 'Customer',
     'Adult clients will receive timely access to services', NULL, 412, 500, 0),
    ('Grievances resolved within 90 days / grievances', 'Customer',
     'Handle all grievances within industry standard timeframes', NULL, 56, 64, 0),
    ('Children seen within State standard / child requests', 'Customer',
     'Children will receive timely services according to State standards', NULL, 166, 200, 0),
    ('Providers meeting MU for EMR / eligible providers', 'Learning and Growth',
     'Implement Meaningful Use for EMR', NULL, 85, 100, 0),
    ('Providers meeting MU for HIE / eligible providers', 'Learning and Growth',
     'Implement Meaningful Use for HIE', NULL, 79, 100, 0),
    ('Workflow steps automated / steps targeted', 'Learning and Growth',
     'Increase Efficiency through Technology Innovations', NULL, 829, 1000, 0),
    ('Routine appointments offered within access standard / requests', 'Process',
     'Meet BH Standard of Access to Services', NULL, 430, 500, 0),
    ('Billable clinician hours / available clinician hours', 'Process',
     'Improve provider productivity rate', NULL, 1650, 2000, 0),
    ('Appointments kept / appointments scheduled', 'Process',
     'Appointments are kept', NULL, 3544, 4000, 0);

INSERT INTO scorecard.measure (name, discipline, objective, description)
SELECT name, discipline, objective, description FROM bch_measure ORDER BY discipline, name;

-- Targets: Finance was raised from 90.00% to 93.30% for 2016.
INSERT INTO scorecard.discipline_target (discipline, effective_from, target) VALUES
    ('Finance', DATE '2015-01-01', 0.9000),
    ('Finance', DATE '2016-01-01', 0.9330),
    ('Customer', DATE '2015-01-01', 0.8330),
    ('Learning and Growth', DATE '2015-01-01', 0.8330),
    ('Process', DATE '2015-01-01', 0.8500);

-- Monthly observations, June 2015 - September 2016. k is the month offset
-- from June 2016; at k = 0 the sample pair itself is used.
INSERT INTO scorecard.observation (measure_id, period_grain, period_start, numerator, denominator, note)
SELECT m.measure_id, 'month', (DATE '2016-06-01' + make_interval(months => k))::date,
       CASE WHEN k = 0 THEN b.sample_n
            ELSE least(d, round(d * (b.sample_n::numeric / b.sample_d
                                     - b.slope * (CASE WHEN k < 0 THEN k ELSE -k / 3.0 END)
                                     + ((k * 7919 + length(b.name)) % 11 - 5) * 0.002)))
       END,
       CASE WHEN k = 0 THEN b.sample_d ELSE d END,
       CASE WHEN k = 0 THEN 'BCH sample period (source figures)' END
  FROM bch_measure b
  JOIN scorecard.measure m USING (name)
 CROSS JOIN generate_series(-12, 3) AS k
 CROSS JOIN LATERAL (SELECT b.sample_d + ((k * 37 + 101) % 13 - 6) * (b.sample_d / 100) AS d) AS dd;

-- Weekly observations for the ISO weeks of April-June 2016 (the Director's
-- weekly view), denominators about a quarter of the month's.
INSERT INTO scorecard.observation (measure_id, period_grain, period_start, numerator, denominator)
SELECT m.measure_id, 'week', w,
       least(d, round(d * (b.sample_n::numeric / b.sample_d
                           + b.slope * ((DATE '2016-06-27' - w) / 7) / 4.0
                           + ((((DATE '2016-06-27' - w) / 7) * 5 + length(b.name)) % 7 - 3) * 0.003))),
       d
  FROM bch_measure b
  JOIN scorecard.measure m USING (name)
 CROSS JOIN generate_series(DATE '2016-04-04', DATE '2016-06-27', interval '7 days') AS g(ts)
 CROSS JOIN LATERAL (SELECT g.ts::date AS w) AS ww
 CROSS JOIN LATERAL (SELECT greatest(4, b.sample_d / 4 + ((DATE '2016-06-27' - w) / 7) % 5 - 2) AS d) AS dd;

-- Who answers for Finance, what they say of June 2016, and the initiatives
-- that remedy its variance (the deep dive lists them).
UPDATE scorecard.discipline SET owner_name = 'Deputy Director, Administration', owner_email = 'admin.deputy@bch.example.org'
 WHERE name = 'Finance';
UPDATE scorecard.measure SET owner_name = 'Utilization Review Manager', owner_email = 'ur.manager@bch.example.org'
 WHERE name IN ('Billable inpatient days / total inpatient days (Medi-Cal)', 'Stays with LOS on or below target LOS / stays');
INSERT INTO scorecard.commentary (discipline, period_grain, period_start, analysis, recommendation, author) VALUES
    ('Finance', 'month', DATE '2016-06-01',
     'Medi-Cal billable days fell as authorizations lagged admissions; LOS ran past target at the psychiatric health facility.',
     'Concurrent review within 24 hours of admission; weekly LOS rounds.', 'Deputy Director, Administration');
INSERT INTO scorecard.initiative (name, measure_id, owner_name, owner_email, starts_on, due_on, status, percent_complete, description)
SELECT 'Concurrent Medi-Cal authorization review', m.measure_id, 'Utilization Review Manager', 'ur.manager@bch.example.org',
       DATE '2016-06-15', DATE '2016-09-30', 'in progress', 25,
       'Request authorization within 24 hours of admission so that inpatient days stay billable.'
  FROM scorecard.measure m WHERE m.name = 'Billable inpatient days / total inpatient days (Medi-Cal)';
INSERT INTO scorecard.initiative (name, measure_id, owner_name, starts_on, due_on, status, percent_complete)
SELECT 'Weekly length-of-stay rounds', m.measure_id, 'Medical Director', DATE '2016-07-01', DATE '2016-12-31', 'planned', 0
  FROM scorecard.measure m WHERE m.name = 'Stays with LOS on or below target LOS / stays';

COMMIT;
