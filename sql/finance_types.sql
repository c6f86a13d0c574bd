-- Result types of the finance aggregates. Expand them in SQL with
-- (agg(...)).* or (r).field; the views give their fields as plain columns.

CREATE TYPE scorecard.case_rate AS (
    beneficiaries bigint,
    mean          numeric,
    sd            numeric,
    low           numeric,
    high          numeric,
    band          numeric
);
COMMENT ON TYPE scorecard.case_rate IS 'Result of scorecard.case_rate_range: the admissible case-rate range mean +/- band * sd of expenditure per beneficiary.';
COMMENT ON COLUMN scorecard.case_rate.beneficiaries IS 'Beneficiaries counted (rows with a non-NULL expenditure).';
COMMENT ON COLUMN scorecard.case_rate.mean IS 'Mean expenditure per beneficiary.';
COMMENT ON COLUMN scorecard.case_rate.sd IS 'Sample standard deviation of expenditure per beneficiary (NULL below two beneficiaries).';
COMMENT ON COLUMN scorecard.case_rate.low IS 'mean - band * sd: the low end of the admissible rate.';
COMMENT ON COLUMN scorecard.case_rate.high IS 'mean + band * sd: the high end of the admissible rate.';
COMMENT ON COLUMN scorecard.case_rate.band IS 'The fraction of a standard deviation used (0.1 by default).';

CREATE TYPE scorecard.cost_fit AS (
    observations  bigint,
    fixed_cost    numeric,
    variable_cost numeric,
    r_squared     numeric
);
COMMENT ON TYPE scorecard.cost_fit IS 'Result of scorecard.cost_behavior: least-squares fit of total cost on volume.';
COMMENT ON COLUMN scorecard.cost_fit.observations IS 'Rows fitted.';
COMMENT ON COLUMN scorecard.cost_fit.fixed_cost IS 'Intercept: the cost at zero volume (fixed cost); NULL when volume does not vary.';
COMMENT ON COLUMN scorecard.cost_fit.variable_cost IS 'Slope: variable cost per unit of volume; NULL when volume does not vary.';
COMMENT ON COLUMN scorecard.cost_fit.r_squared IS 'Share of the variation in cost the line explains (0..1); 1 when cost does not vary.';

CREATE TYPE scorecard.cost_trend_fit AS (
    months                bigint,
    first_month           date,
    last_month            date,
    monthly_change        numeric,
    trend_cost_last_month numeric,
    r_squared             numeric
);
COMMENT ON TYPE scorecard.cost_trend_fit IS 'Result of scorecard.cost_trend: the linear trend of a monthly cost series, for scorecard.forecast_trend.';
COMMENT ON COLUMN scorecard.cost_trend_fit.months IS 'Rows (months) fitted.';
COMMENT ON COLUMN scorecard.cost_trend_fit.first_month IS 'First month of the series.';
COMMENT ON COLUMN scorecard.cost_trend_fit.last_month IS 'Last month of the series: forecasts start the month after.';
COMMENT ON COLUMN scorecard.cost_trend_fit.monthly_change IS 'Slope: change of cost per month; NULL with fewer than two distinct months.';
COMMENT ON COLUMN scorecard.cost_trend_fit.trend_cost_last_month IS 'The trend line''s value at the last month.';
COMMENT ON COLUMN scorecard.cost_trend_fit.r_squared IS 'Share of the month-to-month variation the trend explains (0..1).';

CREATE TYPE scorecard.service_value AS (
    beneficiaries      bigint,
    total_outcome      numeric,
    total_cost         numeric,
    outcome_per_dollar numeric,
    mean_cost          numeric,
    cost_sd            numeric,
    cost_cv            numeric
);
COMMENT ON TYPE scorecard.service_value IS 'Result of scorecard.value_of_service: value = outcomes achieved per dollar spent, with the level and variation of cost per beneficiary.';
COMMENT ON COLUMN scorecard.service_value.beneficiaries IS 'Beneficiaries (rows) counted.';
COMMENT ON COLUMN scorecard.service_value.total_outcome IS 'Sum of outcomes.';
COMMENT ON COLUMN scorecard.service_value.total_cost IS 'Sum of costs.';
COMMENT ON COLUMN scorecard.service_value.outcome_per_dollar IS 'total_outcome / total_cost; NULL when the total cost is 0.';
COMMENT ON COLUMN scorecard.service_value.mean_cost IS 'Mean cost per beneficiary.';
COMMENT ON COLUMN scorecard.service_value.cost_sd IS 'Sample standard deviation of cost per beneficiary (NULL below two).';
COMMENT ON COLUMN scorecard.service_value.cost_cv IS 'Coefficient of variation of cost per beneficiary, cost_sd / mean_cost; value rises as it falls. NULL below two beneficiaries or at zero mean cost.';
