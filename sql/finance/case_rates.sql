-- pg_scorecard: case rates. Readmissions are charged to the discharging
-- level; expenditure per beneficiary and the case-rate ranges per year.

-- ---------------------------------------------------------------------
-- Case rates: readmissions belong to the discharging level.
-- ---------------------------------------------------------------------
CREATE OR REPLACE VIEW scorecard.stay_charges WITH (security_invoker = true) AS
SELECT s.stay_id,
       s.beneficiary_id,
       s.payer_id,
       p.payer_type,
       s.acuity_level AS stay_acuity_level,
       coalesce(i.acuity_level, s.acuity_level) AS charged_acuity_level,
       s.readmission_of IS NOT NULL AS is_readmission,
       s.admitted_on,
       s.discharged_on,
       s.cost
  FROM scorecard.stay s
  JOIN scorecard.payer p ON p.payer_id = s.payer_id
  LEFT JOIN scorecard.stay i ON i.stay_id = s.readmission_of;
COMMENT ON VIEW scorecard.stay_charges IS
    'Each stay with the acuity level its cost is charged to: its own, or for a readmission the level of the stay it followed (the level the patient was discharged from).';
COMMENT ON COLUMN scorecard.stay_charges.stay_id IS 'The stay.';
COMMENT ON COLUMN scorecard.stay_charges.beneficiary_id IS 'Who was served.';
COMMENT ON COLUMN scorecard.stay_charges.payer_id IS 'Who pays for the stay.';
COMMENT ON COLUMN scorecard.stay_charges.payer_type IS 'Payer type of the stay''s payer.';
COMMENT ON COLUMN scorecard.stay_charges.stay_acuity_level IS 'Acuity level the stay was delivered at.';
COMMENT ON COLUMN scorecard.stay_charges.charged_acuity_level IS 'Acuity level the stay''s cost is charged to for case rates.';
COMMENT ON COLUMN scorecard.stay_charges.is_readmission IS 'True for a readmission.';
COMMENT ON COLUMN scorecard.stay_charges.admitted_on IS 'Admission date.';
COMMENT ON COLUMN scorecard.stay_charges.discharged_on IS 'Discharge date (NULL while open).';
COMMENT ON COLUMN scorecard.stay_charges.cost IS 'Cost of the stay.';

CREATE OR REPLACE FUNCTION scorecard.beneficiary_expenditure_between(from_date date, to_date date)
RETURNS TABLE (beneficiary_id text, acuity_level text, payer_type text, expenditure numeric,
               stays bigint, readmissions bigint)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT c.beneficiary_id, c.charged_acuity_level, c.payer_type, sum(c.cost),
           count(*), count(*) FILTER (WHERE c.is_readmission)
      FROM scorecard.stay_charges c
     WHERE c.admitted_on >= coalesce(beneficiary_expenditure_between.from_date, '-infinity'::date)
       AND c.admitted_on < coalesce(beneficiary_expenditure_between.to_date, 'infinity'::date)
     GROUP BY c.beneficiary_id, c.charged_acuity_level, c.payer_type;
END;
COMMENT ON FUNCTION scorecard.beneficiary_expenditure_between(date, date) IS
    'Expenditure per beneficiary, charged acuity level and payer type, over stays admitted in [from_date, to_date) (NULL: unbounded); a readmission''s cost counts at the level it followed.';

CREATE OR REPLACE VIEW scorecard.beneficiary_expenditure WITH (security_invoker = true) AS
SELECT y.period_start, 'year'::text AS period_grain,
       e.beneficiary_id, e.acuity_level, e.payer_type, e.expenditure, e.stays, e.readmissions
  FROM (SELECT DISTINCT date_trunc('year', s.admitted_on)::date AS period_start FROM scorecard.stay s) AS y
 CROSS JOIN LATERAL scorecard.beneficiary_expenditure_between(
        y.period_start, (y.period_start + interval '1 year')::date) AS e;
COMMENT ON VIEW scorecard.beneficiary_expenditure IS
    'Expenditure per beneficiary, per acuity level charged and per payer type, per calendar year of admission: the input of case rates. Readmission costs count at the acuity level the patient was discharged from.';
COMMENT ON COLUMN scorecard.beneficiary_expenditure.period_start IS 'First day of the year of admission.';
COMMENT ON COLUMN scorecard.beneficiary_expenditure.period_grain IS '''year''.';
COMMENT ON COLUMN scorecard.beneficiary_expenditure.beneficiary_id IS 'Beneficiary.';
COMMENT ON COLUMN scorecard.beneficiary_expenditure.acuity_level IS 'Acuity level charged.';
COMMENT ON COLUMN scorecard.beneficiary_expenditure.payer_type IS 'Payer type.';
COMMENT ON COLUMN scorecard.beneficiary_expenditure.expenditure IS 'Sum of the costs charged.';
COMMENT ON COLUMN scorecard.beneficiary_expenditure.stays IS 'Stays charged (including readmissions charged here).';
COMMENT ON COLUMN scorecard.beneficiary_expenditure.readmissions IS 'Readmissions charged to this level.';

CREATE OR REPLACE FUNCTION scorecard.case_rate_ranges_between(from_date date, to_date date, band numeric DEFAULT 0.1)
RETURNS TABLE (acuity_level text, payer_type text, beneficiaries bigint, mean_expenditure numeric,
               sd_expenditure numeric, rate_low numeric, rate_high numeric)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    WITH spend AS (
        SELECT b.beneficiary_id, b.acuity_level, b.payer_type, b.expenditure
          FROM scorecard.beneficiary_expenditure_between(
                   case_rate_ranges_between.from_date, case_rate_ranges_between.to_date) AS b
    ), ranges AS (
        SELECT s.acuity_level, s.payer_type,
               scorecard.case_rate_range(s.expenditure, case_rate_ranges_between.band) AS r
          FROM spend s
         GROUP BY s.acuity_level, s.payer_type
        UNION ALL
        -- Over all payers, each beneficiary's expenditure at the level is
        -- summed first (one beneficiary, one value).
        SELECT p.acuity_level, 'all payers',
               scorecard.case_rate_range(p.expenditure, case_rate_ranges_between.band)
          FROM (SELECT s.beneficiary_id, s.acuity_level, sum(s.expenditure) AS expenditure
                  FROM spend s GROUP BY s.beneficiary_id, s.acuity_level) AS p
         GROUP BY p.acuity_level
    )
    SELECT g.acuity_level, g.payer_type, (g.r).beneficiaries, (g.r).mean, (g.r).sd, (g.r).low, (g.r).high
      FROM ranges g
      JOIN scorecard.acuity_level l ON l.acuity_level = g.acuity_level
     ORDER BY l.rank, g.payer_type = 'all payers' DESC, g.payer_type;
END;
COMMENT ON FUNCTION scorecard.case_rate_ranges_between(date, date, numeric) IS
    'Case-rate ranges per acuity level and payer type (and per level over all payers) for stays admitted in [from_date, to_date): mean expenditure per beneficiary +/- band * sd.';

CREATE OR REPLACE VIEW scorecard.case_rate_ranges WITH (security_invoker = true) AS
SELECT y.period_start, 'year'::text AS period_grain,
       r.acuity_level, r.payer_type, r.beneficiaries, r.mean_expenditure, r.sd_expenditure, r.rate_low, r.rate_high
  FROM (SELECT DISTINCT date_trunc('year', s.admitted_on)::date AS period_start FROM scorecard.stay s) AS y
 CROSS JOIN LATERAL scorecard.case_rate_ranges_between(
        y.period_start, (y.period_start + interval '1 year')::date, 0.1) AS r;
COMMENT ON VIEW scorecard.case_rate_ranges IS
    'Admissible case-rate range per calendar year of admission, acuity level and payer type (payer_type ''all payers'' for the level as a whole): mean expenditure per beneficiary +/- 0.1 sd, readmissions charged to the discharging level. Any window or band: scorecard.case_rate_ranges_between.';
COMMENT ON COLUMN scorecard.case_rate_ranges.period_start IS 'First day of the year of admission.';
COMMENT ON COLUMN scorecard.case_rate_ranges.period_grain IS '''year''.';
COMMENT ON COLUMN scorecard.case_rate_ranges.acuity_level IS 'Acuity level.';
COMMENT ON COLUMN scorecard.case_rate_ranges.payer_type IS 'Payer type, or ''all payers''.';
COMMENT ON COLUMN scorecard.case_rate_ranges.beneficiaries IS 'Beneficiaries with expenditure charged to the level.';
COMMENT ON COLUMN scorecard.case_rate_ranges.mean_expenditure IS 'Mean expenditure per beneficiary.';
COMMENT ON COLUMN scorecard.case_rate_ranges.sd_expenditure IS 'Sample standard deviation of expenditure per beneficiary (NULL below two).';
COMMENT ON COLUMN scorecard.case_rate_ranges.rate_low IS 'mean - 0.1 sd: the low end of the admissible rate.';
COMMENT ON COLUMN scorecard.case_rate_ranges.rate_high IS 'mean + 0.1 sd: the high end of the admissible rate.';
