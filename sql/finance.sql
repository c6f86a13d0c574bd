-- pg_scorecard: the finance aggregates, their SQL helpers, and the
-- case-rate views. Support functions are Rust (src/finance_sql.rs).

-- ---------------------------------------------------------------------
-- Aggregates: internal state, combine, serialise, PARALLEL SAFE.
-- ---------------------------------------------------------------------
CREATE AGGREGATE scorecard.case_rate_range(expenditure numeric, band numeric) (
    sfunc = scorecard.case_rate_trans, stype = internal, finalfunc = scorecard.case_rate_final,
    combinefunc = scorecard.case_rate_combine, serialfunc = scorecard.case_rate_serialize,
    deserialfunc = scorecard.case_rate_deserialize, parallel = safe
);
COMMENT ON AGGREGATE scorecard.case_rate_range(numeric, numeric) IS
    'Case-rate range of expenditure per beneficiary (one row per beneficiary): beneficiaries, mean, sample sd, low = mean - band * sd, high = mean + band * sd, as scorecard.case_rate. Exact sums; band must be the same on every row of a group; ERROR 22023 on a negative expenditure or band. Rows with a NULL argument are ignored; NULL for no rows.';

CREATE AGGREGATE scorecard.case_rate_range(expenditure numeric) (
    sfunc = scorecard.case_rate_trans, stype = internal, finalfunc = scorecard.case_rate_final,
    combinefunc = scorecard.case_rate_combine, serialfunc = scorecard.case_rate_serialize,
    deserialfunc = scorecard.case_rate_deserialize, parallel = safe
);
COMMENT ON AGGREGATE scorecard.case_rate_range(numeric) IS
    'scorecard.case_rate_range with the source''s band of 0.1: mean +/- one tenth of the first standard deviation.';

CREATE AGGREGATE scorecard.mix_price(unit_price numeric, volume_share numeric) (
    sfunc = scorecard.mix_price_trans, stype = internal, finalfunc = scorecard.composite_final,
    combinefunc = scorecard.composite_combine, serialfunc = scorecard.composite_serialize,
    deserialfunc = scorecard.composite_deserialize, parallel = safe
);
COMMENT ON AGGREGATE scorecard.mix_price(numeric, numeric) IS
    'Mix-weighted average price across acuity levels: sum(unit_price * volume_share) / sum(volume_share). Shares need not sum to 1. NULL when no row has a positive share; ERROR 22023 on a negative price or share.';

CREATE AGGREGATE scorecard.cost_behavior(total_cost numeric, volume numeric) (
    sfunc = scorecard.cost_behavior_trans, stype = internal, finalfunc = scorecard.cost_behavior_final,
    combinefunc = scorecard.cost_behavior_combine, serialfunc = scorecard.cost_behavior_serialize,
    deserialfunc = scorecard.cost_behavior_deserialize, parallel = safe
);
COMMENT ON AGGREGATE scorecard.cost_behavior(numeric, numeric) IS
    'Fixed / variable cost split by least squares of total cost on volume (one row per period): fixed_cost (intercept), variable_cost (slope), r_squared, observations, as scorecard.cost_fit. Exact sums; agrees with regr_intercept / regr_slope / regr_r2 to their float precision.';

CREATE AGGREGATE scorecard.cost_trend(period_start date, total_cost numeric) (
    sfunc = scorecard.cost_trend_trans, stype = internal, finalfunc = scorecard.cost_trend_final,
    combinefunc = scorecard.cost_trend_combine, serialfunc = scorecard.cost_trend_serialize,
    deserialfunc = scorecard.cost_trend_deserialize, parallel = safe
);
COMMENT ON AGGREGATE scorecard.cost_trend(date, numeric) IS
    'Linear trend of a monthly cost series (one row per month; the date''s month is used), as scorecard.cost_trend_fit; project it with scorecard.forecast_trend.';

CREATE AGGREGATE scorecard.value_of_service(outcome numeric, cost numeric) (
    sfunc = scorecard.value_of_service_trans, stype = internal, finalfunc = scorecard.value_of_service_final,
    combinefunc = scorecard.value_of_service_combine, serialfunc = scorecard.value_of_service_serialize,
    deserialfunc = scorecard.value_of_service_deserialize, parallel = safe
);
COMMENT ON AGGREGATE scorecard.value_of_service(numeric, numeric) IS
    'Value of service over beneficiaries (one row each: outcome achieved, cost): outcomes per dollar, mean cost per beneficiary, its sd and coefficient of variation, as scorecard.service_value.';

-- ---------------------------------------------------------------------
-- Comments on the Rust functions.
-- ---------------------------------------------------------------------
COMMENT ON FUNCTION scorecard.solvency_gap(numeric, numeric, numeric, numeric) IS
    'Fiscal solvency gap of R - CD = E + ARC: (revenue - claims_denials) - (expenditures + reserve_contribution). Negative: not solvent. ERROR 22023 on a negative argument.';
COMMENT ON FUNCTION scorecard.break_even_units(numeric, numeric, numeric, numeric, numeric, numeric) IS
    'Exact break-even volume (fixed_costs + reserve + target_profit) / (unit_price * (1 - denial_rate) - variable_cost). ERROR 22023 when the net price does not exceed the variable cost (no break-even), on negative amounts, or a denial rate outside [0, 1).';
COMMENT ON FUNCTION scorecard.break_even_encounters(numeric, numeric, numeric, numeric, numeric, numeric) IS
    'Whole encounters needed to break even: break_even_units rounded up. Same arguments and errors.';
COMMENT ON FUNCTION scorecard.break_even_revenue(numeric, numeric, numeric, numeric, numeric, numeric) IS
    'Billed revenue at the exact break-even volume: break_even_units * unit_price (before denials; the net is that times 1 - denial_rate). Same arguments and errors.';
COMMENT ON FUNCTION scorecard.rate_setting_unit_cost(numeric, numeric, numeric) IS
    'Rate-setting unit cost: (actual cost of the last two months + projected cost of the next two) / units of service. ERROR 22012 on zero units, 22023 on negative arguments.';
COMMENT ON FUNCTION scorecard.days_in_ar(numeric, numeric, integer) IS
    'Net days in A/R: net_ar / (net_revenue / days_in_period). ERROR 22012 on zero revenue, 22023 on negative amounts or days <= 0.';
COMMENT ON FUNCTION scorecard.forecast_cost(numeric, numeric, numeric) IS
    'Cost projected for a planned volume: fixed_cost + variable_cost * planned_volume. ERROR 22023 on a negative volume.';
COMMENT ON FUNCTION scorecard.case_rate_trans(internal, numeric, numeric) IS 'Support function of scorecard.case_rate_range(numeric, numeric).';
COMMENT ON FUNCTION scorecard.case_rate_trans(internal, numeric) IS 'Support function of scorecard.case_rate_range(numeric).';
COMMENT ON FUNCTION scorecard.case_rate_combine(internal, internal) IS 'Support function of scorecard.case_rate_range: merges partial states.';
COMMENT ON FUNCTION scorecard.case_rate_serialize(internal) IS 'Support function of scorecard.case_rate_range: state to bytea.';
COMMENT ON FUNCTION scorecard.case_rate_deserialize(bytea, internal) IS 'Support function of scorecard.case_rate_range: bytea to state.';
COMMENT ON FUNCTION scorecard.case_rate_final(internal) IS 'Support function of scorecard.case_rate_range: the scorecard.case_rate result.';
COMMENT ON FUNCTION scorecard.mix_price_trans(internal, numeric, numeric) IS 'Support function of scorecard.mix_price (its other support functions are composite''s).';
COMMENT ON FUNCTION scorecard.cost_behavior_trans(internal, numeric, numeric) IS 'Support function of scorecard.cost_behavior.';
COMMENT ON FUNCTION scorecard.cost_behavior_combine(internal, internal) IS 'Support function of scorecard.cost_behavior: merges partial states.';
COMMENT ON FUNCTION scorecard.cost_behavior_serialize(internal) IS 'Support function of scorecard.cost_behavior: state to bytea.';
COMMENT ON FUNCTION scorecard.cost_behavior_deserialize(bytea, internal) IS 'Support function of scorecard.cost_behavior: bytea to state.';
COMMENT ON FUNCTION scorecard.cost_behavior_final(internal) IS 'Support function of scorecard.cost_behavior: the scorecard.cost_fit result.';
COMMENT ON FUNCTION scorecard.cost_trend_trans(internal, date, numeric) IS 'Support function of scorecard.cost_trend.';
COMMENT ON FUNCTION scorecard.cost_trend_combine(internal, internal) IS 'Support function of scorecard.cost_trend: merges partial states.';
COMMENT ON FUNCTION scorecard.cost_trend_serialize(internal) IS 'Support function of scorecard.cost_trend: state to bytea.';
COMMENT ON FUNCTION scorecard.cost_trend_deserialize(bytea, internal) IS 'Support function of scorecard.cost_trend: bytea to state.';
COMMENT ON FUNCTION scorecard.cost_trend_final(internal) IS 'Support function of scorecard.cost_trend: the scorecard.cost_trend_fit result.';
COMMENT ON FUNCTION scorecard.value_of_service_trans(internal, numeric, numeric) IS 'Support function of scorecard.value_of_service.';
COMMENT ON FUNCTION scorecard.value_of_service_combine(internal, internal) IS 'Support function of scorecard.value_of_service: merges partial states.';
COMMENT ON FUNCTION scorecard.value_of_service_serialize(internal) IS 'Support function of scorecard.value_of_service: state to bytea.';
COMMENT ON FUNCTION scorecard.value_of_service_deserialize(bytea, internal) IS 'Support function of scorecard.value_of_service: bytea to state.';
COMMENT ON FUNCTION scorecard.value_of_service_final(internal) IS 'Support function of scorecard.value_of_service: the scorecard.service_value result.';

-- ---------------------------------------------------------------------
-- Projection helpers.
-- ---------------------------------------------------------------------
CREATE FUNCTION scorecard.forecast_cost(fit scorecard.cost_fit, planned_volume numeric)
RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN scorecard.forecast_cost((fit).fixed_cost, (fit).variable_cost, planned_volume);
COMMENT ON FUNCTION scorecard.forecast_cost(scorecard.cost_fit, numeric) IS
    'Cost projected for a planned volume from a scorecard.cost_behavior fit: fixed_cost + variable_cost * planned_volume; NULL when the fit has no slope.';

CREATE FUNCTION scorecard.forecast_trend(trend scorecard.cost_trend_fit, horizon integer)
RETURNS TABLE (period_start date, months_ahead integer, projected_cost numeric)
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF horizon IS NULL OR horizon < 1 OR horizon > 120 THEN
        RAISE EXCEPTION 'horizon must be between 1 and 120 months, got %', coalesce(horizon::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF trend IS NULL OR (trend).monthly_change IS NULL THEN
        RETURN;
    END IF;
    RETURN QUERY
    SELECT ((trend).last_month + make_interval(months => k))::date,
           k,
           (trend).trend_cost_last_month + (trend).monthly_change * k
      FROM generate_series(1, horizon) AS k;
END
$$;
COMMENT ON FUNCTION scorecard.forecast_trend(scorecard.cost_trend_fit, integer) IS
    'Projects a scorecard.cost_trend fit forward: one row per month for the next horizon months (2 and 12 are the source''s horizons), the trend line''s cost in each. No rows when the trend has no slope; ERROR 22023 for a horizon outside 1..120.';

-- ---------------------------------------------------------------------
-- Case rates: readmissions belong to the discharging level.
-- ---------------------------------------------------------------------
CREATE VIEW scorecard.stay_charges AS
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

CREATE FUNCTION scorecard.beneficiary_expenditure_between(from_date date, to_date date)
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

CREATE VIEW scorecard.beneficiary_expenditure AS
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

CREATE FUNCTION scorecard.case_rate_ranges_between(from_date date, to_date date, band numeric DEFAULT 0.1)
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

CREATE VIEW scorecard.case_rate_ranges AS
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
