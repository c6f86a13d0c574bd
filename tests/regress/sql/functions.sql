-- template: empty
-- scorecard.balance, needs_deep_dive, goal_score and the composite aggregate,
-- including NULL handling and every error with its SQLSTATE.

-- balance: positive is better than target, for either direction.
SELECT scorecard.balance(0.649975, 0.933) AS finance,
       scorecard.balance(0.843, 0.833) AS customer,
       scorecard.balance(6.5, 7.0, false) AS los_days_lower_is_better,
       scorecard.balance(0.12, 0.08, higher_is_better => false) AS denial_rate_lower_is_better,
       scorecard.balance(1.50, 1) AS keeps_scale;
SELECT scorecard.balance(NULL, 0.9) IS NULL AS null_actual,
       scorecard.balance(0.9, NULL) IS NULL AS null_target,
       scorecard.balance(0.9, 0.8, NULL) IS NULL AS null_direction;

-- needs_deep_dive: strictly past the threshold, either way.
SELECT b, scorecard.needs_deep_dive(b) AS default_005, scorecard.needs_deep_dive(b, 0.01) AS at_001
  FROM (VALUES (-0.283), (-0.05), (-0.0501), (0.05), (0.0501), (0.01), (0), (NULL)) v(b);

-- goal_score: Spider's Goal / Red Flag scale, higher and lower is better.
SELECT actual, round(scorecard.goal_score(actual, 700, 500), 4) AS goal_700_red_500
  FROM (VALUES (300), (400), (500), (600), (700), (800), (900), (1000)) v(actual);
SELECT actual, round(scorecard.goal_score(actual, 5, 8), 4) AS los_goal_5_red_8
  FROM (VALUES (2), (5), (6.5), (8), (11)) v(actual);
SELECT scorecard.goal_score(NULL, 1, 2) IS NULL AS null_in_null_out;

-- composite: weighted mean of non-NULL scores.
SELECT scorecard.composite(x) AS bch_finance
  FROM (VALUES (0.4747), (0.6921), (0.7943), (0.6388)) v(x);
SELECT scorecard.composite(x, w) AS weighted
  FROM (VALUES (0.9, 3), (0.5, 1), (NULL, 5), (0.1, NULL)) v(x, w);
SELECT scorecard.composite(x) IS NULL AS no_rows FROM (SELECT 1::numeric WHERE false) v(x);
SELECT scorecard.composite(x) IS NULL AS only_nulls FROM (VALUES (NULL::numeric)) v(x);
SELECT scorecard.composite(x, 0) IS NULL AS all_weights_zero FROM (VALUES (0.5), (0.7)) v(x);
SELECT g, scorecard.composite(x) FROM (VALUES (1, 0.2), (1, 0.4), (2, 1), (3, NULL)) v(g, x) GROUP BY g ORDER BY g;
-- As a window aggregate too.
SELECT x, scorecard.composite(x) OVER (ORDER BY x ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running
  FROM (VALUES (0.1), (0.2), (0.6)) v(x);

-- Errors: a clear message and a proper SQLSTATE, never a panic.
SELECT public.sqlerr($$SELECT scorecard.composite(x, -1) FROM (VALUES (0.5)) v(x)$$);
SELECT public.sqlerr($$SELECT scorecard.needs_deep_dive(0.1, -0.05)$$);
SELECT public.sqlerr($$SELECT scorecard.goal_score(1, 5, 5)$$);
SELECT public.sqlerr($$SELECT scorecard.balance('NaN', 1)$$);
SELECT public.sqlerr($$SELECT scorecard.balance(1, 'Infinity')$$);
SELECT public.sqlerr($$SELECT scorecard.balance(1, '-Infinity')$$);
SELECT public.sqlerr($$SELECT scorecard.composite(x) FROM (VALUES ('NaN'::numeric)) v(x)$$);
SELECT public.sqlerr($$SELECT scorecard.balance(1e30, 0)$$);
SELECT public.sqlerr($$SELECT scorecard.balance(0.000000000000000000000000000001, 0)$$);
SELECT public.sqlerr($$SELECT scorecard.balance(79228162514264337593543950335, -1)$$);
-- Sums wider than 28 digits are kept exactly (38 digits); only products or
-- sums past 38 digits are refused.
-- (The result keeps 28 significant digits; the 29th may round.)
SELECT scorecard.composite(x) AS mean_of_wide_values FROM (VALUES (79228162514264337593543950335), (79228162514264337593543950335)) v(x);
SELECT public.sqlerr($$SELECT scorecard.composite(x, x) FROM (VALUES (79228162514264337593543950335)) v(x)$$);
