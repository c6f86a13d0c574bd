-- template: empty
-- scorecard.composite under a forced parallel plan gives exactly the answer
-- of the serial plan (partial states are merged by exact addition).

CREATE TABLE scores AS
SELECT (i % 5) AS grp, ((i::bigint * 7919) % 10007) / 10007.0 AS score, ((i % 4) + 1)::numeric AS weight
  FROM generate_series(1, 1000000) AS i;
ANALYZE scores;

SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE serial AS
SELECT grp, scorecard.composite(score, weight) AS weighted, scorecard.composite(score) AS plain
  FROM scores GROUP BY grp;

SELECT public.force_parallel_plans();
EXPLAIN (COSTS OFF)
SELECT grp, scorecard.composite(score, weight), scorecard.composite(score) FROM scores GROUP BY grp;
CREATE TEMP TABLE parallel AS
SELECT grp, scorecard.composite(score, weight) AS weighted, scorecard.composite(score) AS plain
  FROM scores GROUP BY grp;
-- Without the leader, all rows go through workers and serialisation.
SET parallel_leader_participation = off;
CREATE TEMP TABLE workers_only AS
SELECT grp, scorecard.composite(score, weight) AS weighted, scorecard.composite(score) AS plain
  FROM scores GROUP BY grp;

SELECT s.grp, s.weighted, s.plain,
       s.weighted = p.weighted AND s.plain = p.plain AS same_parallel,
       s.weighted = w.weighted AND s.plain = w.plain AS same_workers_only
  FROM serial s JOIN parallel p USING (grp) JOIN workers_only w USING (grp) ORDER BY grp;

-- The plain mean agrees with PostgreSQL's avg(numeric) to its 20 places.
SELECT grp, round(s.plain, 16) = round(a.avg, 16) AS agrees_with_avg
  FROM serial s JOIN (SELECT grp, avg(score) FROM scores GROUP BY grp) a USING (grp) ORDER BY grp;

RESET ALL;
DROP TABLE scores;

-- The finance aggregates: the same answer with and without parallel workers.
CREATE TABLE claims_like AS
SELECT (i % 5) AS grp, round(((i::bigint * 7919) % 1000003) / 3.0, 2) AS amount,
       (i % 97) + 1 AS volume, (i % 11) AS outcome, DATE '2015-01-01' + (i % 24) * 31 AS day
  FROM generate_series(1, 1000000) AS i;
ANALYZE claims_like;
CREATE FUNCTION pg_temp.finance_results() RETURNS TABLE (grp integer, result text) LANGUAGE sql AS $$
    SELECT grp, concat_ws(' | ', scorecard.case_rate_range(amount), scorecard.mix_price(amount, volume),
                          scorecard.cost_behavior(amount, volume), scorecard.cost_trend(day, amount),
                          scorecard.value_of_service(outcome, amount))
      FROM claims_like GROUP BY grp $$;
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE fin_serial AS SELECT * FROM pg_temp.finance_results();
SELECT public.force_parallel_plans();
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF)
SELECT grp, scorecard.case_rate_range(amount), scorecard.cost_behavior(amount, volume) FROM claims_like GROUP BY grp;
CREATE TEMP TABLE fin_parallel AS SELECT * FROM pg_temp.finance_results();
SELECT s.grp, s.result = p.result AS identical, length(s.result) > 200 AS has_all_results
  FROM fin_serial s JOIN fin_parallel p USING (grp) ORDER BY grp;
RESET ALL;
DROP TABLE claims_like;

-- ar_aging: the same buckets with and without parallel workers, and the
-- same as plain SQL.
CREATE TABLE receivables AS
SELECT (i % 7)::text AS payer, round(((i::bigint * 7919) % 100003) / 7.0, 2) AS amount,
       DATE '2016-06-30' - ((i::bigint * 104729) % 400)::integer + 5 AS billed
  FROM generate_series(1, 1000000) AS i;
ANALYZE receivables;
CREATE FUNCTION pg_temp.aging_results() RETURNS TABLE (payer text, result text) LANGUAGE sql AS $$
    SELECT payer, scorecard.ar_aging(amount, billed, DATE '2016-06-30')::text || ' ' ||
                  scorecard.ar_aging(amount, billed, DATE '2016-06-30', '{7,14,28,56,112,224}')::text
      FROM receivables GROUP BY payer $$;
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE aging_serial AS SELECT * FROM pg_temp.aging_results();
SELECT public.force_parallel_plans();
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF) SELECT payer, scorecard.ar_aging(amount, billed, DATE '2016-06-30') FROM receivables GROUP BY payer;
CREATE TEMP TABLE aging_parallel AS SELECT * FROM pg_temp.aging_results();
SELECT s.payer, s.result = p.result AS identical FROM aging_serial s JOIN aging_parallel p USING (payer) ORDER BY 1;
SELECT count(*) AS payers_matching_plain_sql
  FROM (SELECT payer, scorecard.ar_aging(amount, billed, DATE '2016-06-30') AS a,
               sum(amount) FILTER (WHERE DATE '2016-06-30' - billed BETWEEN 0 AND 30) AS b1,
               sum(amount) FILTER (WHERE DATE '2016-06-30' - billed BETWEEN 31 AND 60) AS b2,
               sum(amount) FILTER (WHERE DATE '2016-06-30' - billed BETWEEN 61 AND 90) AS b3,
               sum(amount) FILTER (WHERE DATE '2016-06-30' - billed BETWEEN 91 AND 120) AS b4,
               sum(amount) FILTER (WHERE DATE '2016-06-30' - billed > 120) AS b5,
               sum(amount) FILTER (WHERE billed > DATE '2016-06-30') AS future
          FROM receivables GROUP BY payer) x
 WHERE (a).buckets = ARRAY[b1, b2, b3, b4, b5] AND (a).after_as_of = future;
RESET ALL;
DROP TABLE receivables;
