-- template: bch
-- Row-level security per service line. A manager granted Outpatient sees
-- only Outpatient, in every table and view that carries a service line or
-- a beneficiary of one, and the P&L of Outpatient he sees is the
-- organisation's, to the cent. (In 0.1.0 the views ran with their owner's
-- rights and showed him all 9 lines; with security_invoker alone his
-- Outpatient margin came out +35,728 instead of -24,827 on the sample of
-- then, the indirect cost being shared over the lines he could see.)
SET client_min_messages = warning;
DROP ROLE IF EXISTS outpatient_manager, dashboard;
RESET client_min_messages;
CREATE ROLE outpatient_manager IN ROLE scorecard_reader;
CREATE ROLE dashboard IN ROLE scorecard_reader;
SELECT scorecard.grant_service_line('outpatient_manager', 'Outpatient');
SELECT public.sqlerr($$SELECT scorecard.grant_service_line('outpatient_manager', 'Nowhere')$$);
SELECT * FROM scorecard.service_line_grant;

-- The sample's stays are all of inpatient and residential patients: one
-- crisis stabilisation stay of an Outpatient patient, for him to see.
INSERT INTO scorecard.stay (stay_id, beneficiary_id, payer_id, acuity_level, admitted_on, discharged_on)
VALUES ('RS1', 'B0001', 'MC-MCP', 'Crisis Stabilization', '2016-06-10', '2016-06-11');
SELECT count(*) AS stays, count(*) FILTER (WHERE b.service_line = 'Outpatient') AS outpatient_stays
  FROM scorecard.stay s JOIN scorecard.beneficiary b USING (beneficiary_id);

-- What the organisation sees, kept for comparison.
CREATE TABLE public.org_pnl AS SELECT * FROM scorecard.service_line_pnl;
CREATE TABLE public.org_break_even AS SELECT * FROM scorecard.service_line_break_even;
CREATE TABLE public.org_metrics AS SELECT * FROM scorecard.service_line_metrics;
GRANT SELECT ON public.org_pnl, public.org_break_even, public.org_metrics TO PUBLIC;
SELECT count(DISTINCT service_line) AS lines_seen_by_the_organisation FROM public.org_pnl;

SET ROLE outpatient_manager;
SELECT scorecard.visible_service_lines();
-- Every view with a service line column shows Outpatient only.
CREATE TEMP TABLE seen (relation text, lines text);
DO $$
DECLARE v record; lines text;
BEGIN
    FOR v IN SELECT c.relname FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid
              WHERE c.relnamespace = 'scorecard'::regnamespace AND c.relkind IN ('v', 'r') AND a.attname = 'service_line'
              ORDER BY 1 LOOP
        EXECUTE format('SELECT string_agg(DISTINCT coalesce(service_line, ''(none)''), '', '') FROM scorecard.%I', v.relname) INTO lines;
        INSERT INTO seen VALUES (v.relname, lines);
    END LOOP;
END $$;
SELECT * FROM seen ORDER BY relation;
-- Rows tied to a beneficiary: only Outpatient's.
SELECT 'stay' AS rel, count(*) AS rows, bool_and(b.service_line = 'Outpatient') AS all_outpatient FROM scorecard.stay x JOIN scorecard.beneficiary b USING (beneficiary_id)
UNION ALL SELECT 'claim', count(*), bool_and(b.service_line = 'Outpatient') FROM scorecard.claim x JOIN scorecard.beneficiary b USING (beneficiary_id)
UNION ALL SELECT 'service', count(*), bool_and(b.service_line = 'Outpatient') FROM scorecard.service x JOIN scorecard.beneficiary b USING (beneficiary_id)
UNION ALL SELECT 'outcome', count(*), bool_and(b.service_line = 'Outpatient') FROM scorecard.outcome x JOIN scorecard.beneficiary b USING (beneficiary_id)
UNION ALL SELECT 'payment', count(*), bool_and(x.claim_id IS NOT NULL) FROM scorecard.payment x
UNION ALL SELECT 'adjustment', count(*), true FROM scorecard.adjustment x;
SELECT (SELECT count(*) FROM scorecard.beneficiary WHERE service_line <> 'Outpatient') AS other_beneficiaries,
       (SELECT count(*) FROM scorecard.cost_entry WHERE service_line IS NULL) AS indirect_cost_entries;
-- The figures he sees for Outpatient are the organisation's.
SELECT count(*) AS pnl_rows,
       count(*) FILTER (WHERE o.* IS DISTINCT FROM p.*) AS pnl_rows_differing
  FROM scorecard.service_line_pnl p FULL JOIN (SELECT * FROM public.org_pnl WHERE service_line = 'Outpatient') o
    USING (period_start, service_line);
SELECT count(*) FILTER (WHERE o.* IS DISTINCT FROM p.*) AS break_even_rows_differing
  FROM scorecard.service_line_break_even p FULL JOIN (SELECT * FROM public.org_break_even WHERE service_line = 'Outpatient') o
    USING (period_start, service_line);
SELECT count(*) FILTER (WHERE o.* IS DISTINCT FROM p.*) AS metrics_rows_differing
  FROM scorecard.service_line_metrics p FULL JOIN (SELECT * FROM public.org_metrics WHERE service_line = 'Outpatient') o
    USING (period_start, service_line);
SELECT period_start, net_revenue, total_cost, allocated_indirect_cost, margin FROM scorecard.service_line_pnl
 WHERE period_start = DATE '2016-06-01';
-- He may not grant himself more, nor allocate costs over what he sees.
SELECT public.sqlerr($$SELECT scorecard.grant_service_line('outpatient_manager', 'Hospital')$$);
RESET ROLE;
GRANT INSERT ON scorecard.cost_entry TO outpatient_manager;
SET ROLE outpatient_manager;
SELECT public.sqlerr($$INSERT INTO scorecard.cost_entry (period_start, service_line, cost_type, category, amount) VALUES ('2016-06-01', 'Outpatient', 'fixed', 'salaries', 1)$$);
RESET ROLE;

-- A role without grants (a dashboard in scorecard_reader) sees every line.
SET ROLE dashboard;
SELECT scorecard.visible_service_lines() IS NULL AS sees_all, count(DISTINCT service_line) AS lines FROM scorecard.service_line_pnl;
RESET ROLE;
-- Revoked, the manager sees every line again.
SELECT scorecard.revoke_service_line('outpatient_manager', 'Outpatient');
SET ROLE outpatient_manager;
SELECT count(DISTINCT service_line) AS lines FROM scorecard.service_line_pnl;
RESET ROLE;

DROP TABLE public.org_pnl, public.org_break_even, public.org_metrics;
REVOKE ALL ON scorecard.cost_entry FROM outpatient_manager;
DROP ROLE outpatient_manager, dashboard;
