-- template: empty
-- The aggregates' transition states are SQL types (what lets Citus run the
-- partial step on its workers: it ships each worker's state as the type's
-- text). Their text form is JSON with exact decimal strings; text and
-- binary input are checked like arguments; the support functions never
-- write to a state they were handed outside their aggregate. (Which
-- aggregate has which state type: suite catalog.)

-- Text round trips, exact to the last digit and scale.
SELECT s, s::text = t AS same_text
  FROM (VALUES ('{"weighted_sum":"37.50","weight_sum":"3","count":1}'),
               ('{"weighted_sum":"-0.000000000000000000000000000001","weight_sum":"0.5","count":2}'),
               ('{"weighted_sum":"-170141183460469231731687303715884105728","weight_sum":"1","count":1}')) AS v(t),
       LATERAL (SELECT t::scorecard.weighted_mean_state AS s) AS x;
SELECT '{"edges":[7,14],"edges_set":true,"buckets":["10.00","0","5","0","0","0","0","0","0","0","0","0","0","0","0","0"],"after_as_of":"1","undated":"0","items":4}'::scorecard.aging_state;

-- A state's final function gives what the aggregate gives; combine merges
-- two states as the aggregate's combine step does (Citus' coordinator).
SELECT scorecard.composite_final('{"weighted_sum":"37.50","weight_sum":"3","count":1}') AS mean;
SELECT scorecard.composite_final(scorecard.composite_combine(
           '{"weighted_sum":"37.50","weight_sum":"3","count":1}', '{"weighted_sum":"2.50","weight_sum":"1","count":1}')) AS merged,
       scorecard.composite(x, w) AS aggregate
  FROM (VALUES (12.50, 3), (2.50, 1)) AS v(x, w);
SELECT (scorecard.ar_aging_final(scorecard.ar_aging_combine(
           '{"edges":[30],"edges_set":true,"buckets":["10","0","0","0","0","0","0","0","0","0","0","0","0","0","0","0"],"after_as_of":"0","undated":"0","items":1}',
           '{"edges":[30],"edges_set":true,"buckets":["0","7.5","0","0","0","0","0","0","0","0","0","0","0","0","0","0"],"after_as_of":"0","undated":"0","items":1}'))).*;
SELECT scorecard.composite_combine(NULL, '{"weighted_sum":"1","weight_sum":"1","count":1}') AS one_side,
       scorecard.composite_combine(NULL, NULL) IS NULL AS both_null;

-- Input that is not a state: 22P02, whatever the type and whatever is
-- wrong (its JSON, a number, a value no argument could have given).
SELECT public.sqlerr($$SELECT ''::scorecard.weighted_mean_state$$);
SELECT public.sqlerr($$SELECT '{}'::scorecard.weighted_mean_state$$);
SELECT public.sqlerr($$SELECT '{"weighted_sum":"1","weight_sum":"1","count":1,"extra":0}'::scorecard.weighted_mean_state$$);
SELECT public.sqlerr($$SELECT '{"weighted_sum":"NaN","weight_sum":"1","count":1}'::scorecard.weighted_mean_state$$);
SELECT public.sqlerr($$SELECT '{"weighted_sum":"1e3","weight_sum":"1","count":1}'::scorecard.weighted_mean_state$$);
SELECT public.sqlerr($$SELECT '{"weighted_sum":"99999999999999999999999999999999999999999","weight_sum":"1","count":1}'::scorecard.weighted_mean_state$$);
SELECT public.sqlerr($$SELECT '{"weighted_sum":"1","weight_sum":"1","count":-1}'::scorecard.weighted_mean_state$$);
SELECT public.sqlerr($$SELECT '{"moments":{"n":1,"sum":"1","sum_sq":"1"},"band":"-0.1","band_set":true}'::scorecard.case_rate_state$$);
SELECT public.sqlerr($$SELECT '{"edges":[60,30],"edges_set":true,"buckets":["0","0","0","0","0","0","0","0","0","0","0","0","0","0","0","0"],"after_as_of":"0","undated":"0","items":0}'::scorecard.aging_state$$);
SELECT public.sqlerr($$SELECT '{"edges":[-1],"edges_set":true,"buckets":["0","0","0","0","0","0","0","0","0","0","0","0","0","0","0","0"],"after_as_of":"0","undated":"0","items":0}'::scorecard.aging_state$$);
-- Two states with different edges do not merge (22023), as two rows would not.
SELECT public.sqlerr($$SELECT scorecard.ar_aging_combine(
           '{"edges":[30],"edges_set":true,"buckets":["1","0","0","0","0","0","0","0","0","0","0","0","0","0","0","0"],"after_as_of":"0","undated":"0","items":1}',
           '{"edges":[60],"edges_set":true,"buckets":["1","0","0","0","0","0","0","0","0","0","0","0","0","0","0","0"],"after_as_of":"0","undated":"0","items":1}')$$);

-- A transition function outside its aggregate is refused (0A000), so a
-- stored state is never updated in place.
CREATE TABLE kept (s scorecard.weighted_mean_state);
INSERT INTO kept VALUES ('{"weighted_sum":"37.50","weight_sum":"3","count":1}');
SELECT public.sqlerr($$SELECT scorecard.composite_trans(s, 1, 1) FROM kept$$);
SELECT public.sqlerr($$SELECT scorecard.ar_aging_trans(NULL::scorecard.aging_state, 1, DATE '2016-01-01', DATE '2016-06-30')$$);
SELECT scorecard.composite_combine(s, s) AS doubled FROM kept;
SELECT s AS unchanged FROM kept;

-- Binary COPY round trip (send / receive), and text COPY.
\copy kept TO '/tmp/pg_scorecard_state_types.bin' (FORMAT binary)
\copy kept FROM '/tmp/pg_scorecard_state_types.bin' (FORMAT binary)
\copy kept TO '/tmp/pg_scorecard_state_types.txt'
\copy kept FROM '/tmp/pg_scorecard_state_types.txt'
SELECT s::text, count(*) FROM kept GROUP BY 1;

-- Window aggregates update their running state in place too.
SELECT x, scorecard.composite(x) OVER (ORDER BY x) AS running,
       (scorecard.ar_aging(x, DATE '2016-06-30' - x::integer * 20, DATE '2016-06-30') OVER (ORDER BY x)).buckets
  FROM generate_series(1, 4) AS x;
