-- pg_scorecard: projections from the cost_behavior and cost_trend fits.

-- ---------------------------------------------------------------------
-- Projection helpers.
-- ---------------------------------------------------------------------
CREATE OR REPLACE FUNCTION scorecard.forecast_cost(fit scorecard.cost_fit, planned_volume numeric)
RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN scorecard.forecast_cost((fit).fixed_cost, (fit).variable_cost, planned_volume);
COMMENT ON FUNCTION scorecard.forecast_cost(scorecard.cost_fit, numeric) IS
    'Cost projected for a planned volume from a scorecard.cost_behavior fit: fixed_cost + variable_cost * planned_volume; NULL when the fit has no slope.';

CREATE OR REPLACE FUNCTION scorecard.forecast_trend(trend scorecard.cost_trend_fit, horizon integer)
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
