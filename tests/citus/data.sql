-- The rows pg_scorecard's aggregates read in the sample's reports, copied
-- from the loaded sample into distributed tables (schema citus_check), each
-- with a local twin (<name>_local) holding the same rows: the single-node
-- answer to compare with. tests/citus/queries runs the aggregates on both.
\set ON_ERROR_STOP on
SET client_min_messages = warning;
CREATE SCHEMA citus_check;

-- Claims as the A/R reports age them on the close date, by claim.
CREATE TABLE citus_check.open_claim AS
SELECT claim_id, payer_id, payer_type, beneficiary_id, service_from, bill_date, due_date, amount, balance
  FROM scorecard.open_claims_as_of(DATE '2016-06-30');
-- Every claim of the year (billed amounts), by claim.
CREATE TABLE citus_check.claim AS
SELECT claim_id, payer_id, beneficiary_id, service_from, bill_date, amount FROM scorecard.claim;
-- Each patient's year: expenditure (charges) and mean outcome, by patient.
CREATE TABLE citus_check.patient_year AS
SELECT s.beneficiary_id, min(s.service_line) AS service_line, sum(s.charge) AS expenditure,
       (SELECT avg(o.outcome) FROM scorecard.outcome o WHERE o.beneficiary_id = s.beneficiary_id) AS outcome
  FROM scorecard.service s
 GROUP BY s.beneficiary_id;
-- Each line's months: cost, units, charge per encounter, by line-month.
CREATE TABLE citus_check.line_month AS
SELECT s.service_line || ' ' || date_trunc('month', s.service_at)::date AS line_month,
       s.service_line, date_trunc('month', s.service_at)::date AS period_start,
       sum(s.charge) AS cost, sum(s.units) AS units, count(*) AS encounters,
       round(sum(s.charge) / count(*), 2) AS charge_per_encounter
  FROM scorecard.service s
 WHERE s.service_line IS NOT NULL
 GROUP BY 1, 2, 3;
-- The measures' monthly balances and weights of the fiscal year, by row.
CREATE TABLE citus_check.measure_month AS
SELECT row_number() OVER (ORDER BY period_start, measure_id, org_unit) AS id,
       period_start, discipline, measure_id, rollup_balance AS balance, weight
  FROM scorecard.measure_scores
 WHERE period_grain = 'month' AND period_start BETWEEN DATE '2015-07-01' AND DATE '2016-06-01'
   AND rollup_balance IS NOT NULL;
-- Volume: the benchmark's shape, 200,000 rows in 5 groups, by row.
CREATE TABLE citus_check.bench AS
SELECT i AS id, (i % 5)::integer AS grp,
       round(((i::bigint * 7919) % 1000003) / 97.0, 2)::numeric(12,2) AS amount,
       ((i % 97) + 1)::numeric AS volume,
       DATE '2016-06-30' - ((i::bigint * 104729) % 400)::integer + 5 AS bill_date
  FROM generate_series(1, 200000) AS i;

DO $$
DECLARE
    t record;
BEGIN
    FOR t IN SELECT * FROM (VALUES ('open_claim', 'claim_id'), ('claim', 'claim_id'),
                                   ('patient_year', 'beneficiary_id'), ('line_month', 'line_month'),
                                   ('measure_month', 'id'), ('bench', 'id')) AS v(name, key)
    LOOP
        EXECUTE format('CREATE TABLE citus_check.%I AS TABLE citus_check.%I', t.name || '_local', t.name);
        PERFORM create_distributed_table(format('citus_check.%I', t.name)::regclass, t.key);
    END LOOP;
END $$;
-- create_distributed_table leaves the copied rows on the coordinator's
-- shell; move them out (Citus' own advice after distributing a full table).
SELECT truncate_local_data_after_distributing_table(logicalrelid)
  FROM pg_dist_partition WHERE logicalrelid::text LIKE 'citus_check.%';
