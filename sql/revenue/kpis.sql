-- pg_scorecard: the revenue-cycle KPIs per month and the A/R over 90 days
-- by payer type.

-- ---------------------------------------------------------------------
-- KPIs per month.
-- ---------------------------------------------------------------------
-- Reconciled within 72 hours, judged as of a date (the KPIs pass
-- scorecard.today()): a payment is judged once its 72 hours (received_on +
-- 3 days) are over by the end of that date, and is then on time or late.
-- A younger payment is neither, whether or not it is reconciled yet:
-- counting only the young ones already reconciled would flatter the share.
-- Plain expressions, inlined into the queries that use them.
CREATE OR REPLACE FUNCTION scorecard.reconciled_on_time(received_on date, reconciled_on date, as_of date)
RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN received_on + 3 <= as_of AND coalesce(reconciled_on <= received_on + 3, false);
COMMENT ON FUNCTION scorecard.reconciled_on_time(date, date, date) IS
    'A payment received on received_on, old enough on as_of to judge (received_on + 3 <= as_of), was reconciled within 72 hours (by received_on + 3).';

CREATE OR REPLACE FUNCTION scorecard.reconciled_late(received_on date, reconciled_on date, as_of date)
RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN received_on + 3 <= as_of AND (reconciled_on IS NULL OR reconciled_on > received_on + 3);
COMMENT ON FUNCTION scorecard.reconciled_late(date, date, date) IS
    'A payment received on received_on, old enough on as_of to judge (received_on + 3 <= as_of), was not reconciled within 72 hours. A payment neither on time nor late is too young to judge.';

CREATE OR REPLACE FUNCTION scorecard.revenue_cycle_kpis_for(period_start date, period_end date, age_basis text DEFAULT 'service_date')
RETURNS TABLE (billed_claims bigint, billed_amount numeric, adjustments numeric, net_revenue numeric,
               cash_collected numeric, net_ar numeric, ar_over_90 numeric, net_days_in_ar numeric,
               ar_over_90_share numeric, initial_denial_rate numeric, initial_denial_rate_dollars numeric,
               clean_claim_rate numeric, cash_collected_share numeric, suspended_claims bigint,
               suspended_amount numeric, payments_received bigint, payments_unreconciled_72h bigint,
               unreconciled_72h_share numeric, payments_judged_72h bigint, claims_adjudicated bigint,
               initial_denials bigint, claims_entering_edits bigint, is_complete boolean,
               billed_ar numeric, contractual_allowances numeric, net_revenue_3_months numeric, days_3_months integer,
               unbilled_amount numeric, days_in_dnfb numeric, days_in_fbns numeric, patient_cash numeric,
               point_of_service_cash numeric, point_of_service_share numeric)
LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    WITH billed AS (
        SELECT count(*) AS n, coalesce(sum(c.amount), 0) AS amount
          FROM scorecard.claim c
         WHERE c.bill_date BETWEEN revenue_cycle_kpis_for.period_start AND revenue_cycle_kpis_for.period_end
    ), created AS (
        -- Clean claim rate (HFMA MAP): of the claims entering the billing
        -- edits in the period (created then), those that passed every edit
        -- without manual intervention, billed yet or not: a claim still
        -- held by an edit counts against the rate.
        SELECT count(*) AS n, count(*) FILTER (WHERE c.edit_reason IS NULL) AS clean_n
          FROM scorecard.claim c
         WHERE c.created_on BETWEEN revenue_cycle_kpis_for.period_start AND revenue_cycle_kpis_for.period_end
    ), adjudicated AS (
        -- Claims whose first remittance (a denial, or the first payment
        -- received: claim.first_paid_on) falls in the period; initial
        -- denials: those whose first remittance was the denial.
        SELECT count(*) AS n, coalesce(sum(c.amount), 0) AS amount,
               count(*) FILTER (WHERE c.denied_on <= coalesce(c.first_paid_on, c.denied_on)) AS denied_n,
               coalesce(sum(c.amount) FILTER (WHERE c.denied_on <= coalesce(c.first_paid_on, c.denied_on)), 0) AS denied_amount
          FROM scorecard.claim c
         WHERE LEAST(c.denied_on, c.first_paid_on) BETWEEN revenue_cycle_kpis_for.period_start AND revenue_cycle_kpis_for.period_end
    ), adj AS (
        SELECT coalesce(sum(a.amount), 0) AS amount
          FROM scorecard.adjustment a
         WHERE a.adjusted_on BETWEEN revenue_cycle_kpis_for.period_start AND revenue_cycle_kpis_for.period_end
    ), cash AS (
        SELECT count(*) AS n, coalesce(sum(y.amount), 0) AS amount,
               count(*) FILTER (WHERE scorecard.reconciled_late(y.received_on, y.reconciled_on, t.today)) AS late_n,
               count(*) FILTER (WHERE scorecard.reconciled_late(y.received_on, y.reconciled_on, t.today)
                                   OR scorecard.reconciled_on_time(y.received_on, y.reconciled_on, t.today)) AS judged_n,
               coalesce(sum(y.amount) FILTER (WHERE p.payer_type = 'self-pay'), 0) AS patient_cash,
               coalesce(sum(y.amount) FILTER (WHERE p.payer_type = 'self-pay' AND y.point_of_service), 0) AS pos_cash
          FROM scorecard.payment y
          JOIN scorecard.payer p ON p.payer_id = y.payer_id
         CROSS JOIN (SELECT scorecard.today() AS today OFFSET 0) AS t  -- once, not per row
         WHERE y.received_on BETWEEN revenue_cycle_kpis_for.period_start AND revenue_cycle_kpis_for.period_end
    ), accrual AS (
        -- Accrual NPSR of the period and of HFMA MAP's window for average
        -- daily NPSR: from the first day of the month two before the
        -- period's last (not before the first billing) to period_end.
        SELECT n.gross_revenue, n.contractual_allowances, n.net_patient_revenue, n.net_ar, n.billed_ar,
               w.net_patient_revenue AS npsr_3, w.gross_revenue AS gross_3, revenue_cycle_kpis_for.period_end - ws.start + 1 AS days_3,
               (SELECT count(*) FROM generate_series(ws.start, revenue_cycle_kpis_for.period_end, interval '1 month')) AS months_3
          FROM scorecard.net_patient_revenue_for(revenue_cycle_kpis_for.period_start, revenue_cycle_kpis_for.period_end) AS n,
               (SELECT GREATEST((date_trunc('month', revenue_cycle_kpis_for.period_end::timestamp) - interval '2 months')::date,
                                (SELECT date_trunc('month', min(c.bill_date)::timestamp)::date FROM scorecard.claim c)) AS start) AS ws,
               scorecard.net_patient_revenue_for(ws.start, revenue_cycle_kpis_for.period_end) AS w
    ), ar AS (
        SELECT coalesce(sum(b.balance), 0) AS net_ar,
               scorecard.ar_aging(b.balance,
                                  CASE revenue_cycle_kpis_for.age_basis
                                      WHEN 'service_date' THEN b.service_from
                                      WHEN 'bill_date' THEN b.bill_date
                                      ELSE b.due_date
                                  END,
                                  revenue_cycle_kpis_for.period_end) AS aging
          FROM scorecard.open_claims_as_of(revenue_cycle_kpis_for.period_end) AS b
    ), unbilled AS (
        -- Billable services (no funding stream pays them) delivered by
        -- period end that no claim created by then names, leaving out
        -- those of stays still open then (in house): discharged not final
        -- billed.
        SELECT coalesce(sum(s.charge), 0) AS amount
          FROM scorecard.service s
         WHERE s.service_at < (revenue_cycle_kpis_for.period_end + 1)::timestamptz
           AND s.funding_stream IS NULL
           AND (s.stay_id IS NULL
                OR EXISTS (SELECT 1 FROM scorecard.stay st
                            WHERE st.stay_id = s.stay_id AND st.discharged_on <= revenue_cycle_kpis_for.period_end))
           AND NOT EXISTS (SELECT 1 FROM scorecard.claim c
                            WHERE c.service_id = s.service_id AND c.created_on <= revenue_cycle_kpis_for.period_end)
    ), suspended AS (
        SELECT count(*) AS n, coalesce(sum(c.amount), 0) AS amount
          FROM scorecard.claim c
         WHERE c.created_on <= revenue_cycle_kpis_for.period_end
           AND (c.bill_date IS NULL OR c.bill_date > revenue_cycle_kpis_for.period_end)
    )
    SELECT billed.n, billed.amount, adj.amount, accrual.net_patient_revenue, cash.amount,
           accrual.net_ar, coalesce((ar.aging).buckets[4] + (ar.aging).buckets[5], 0),
           CASE WHEN accrual.npsr_3 > 0 AND accrual.net_ar >= 0
                THEN round(scorecard.days_in_ar(accrual.net_ar, accrual.npsr_3, accrual.days_3), 1)
           END,
           round(((ar.aging).buckets[4] + (ar.aging).buckets[5]) / NULLIF((ar.aging).receivable, 0), 4),
           round(adjudicated.denied_n::numeric / NULLIF(adjudicated.n, 0), 4),
           round(adjudicated.denied_amount / NULLIF(adjudicated.amount, 0), 4),
           round(created.clean_n::numeric / NULLIF(created.n, 0), 4),
           CASE WHEN accrual.npsr_3 > 0 THEN round(cash.amount * accrual.months_3 / accrual.npsr_3, 4) END,
           suspended.n, suspended.amount, cash.n, cash.late_n,
           round(cash.late_n::numeric / NULLIF(cash.judged_n, 0), 4), cash.judged_n,
           adjudicated.n, adjudicated.denied_n, created.n,
           revenue_cycle_kpis_for.period_end + 3 <= scorecard.today(),
           accrual.billed_ar, accrual.contractual_allowances, accrual.npsr_3, accrual.days_3,
           unbilled.amount,
           CASE WHEN accrual.gross_3 > 0 THEN round(unbilled.amount * accrual.days_3 / accrual.gross_3, 1) END,
           CASE WHEN accrual.gross_3 > 0 THEN round(suspended.amount * accrual.days_3 / accrual.gross_3, 1) END,
           cash.patient_cash, cash.pos_cash, round(cash.pos_cash / NULLIF(cash.patient_cash, 0), 4)
      FROM billed, created, adjudicated, adj, cash, ar, suspended, accrual, unbilled,
           -- An unknown basis is refused (22023): aging_date raises.
           (SELECT scorecard.aging_date(revenue_cycle_kpis_for.age_basis, NULL::date, NULL::date, NULL::date) AS checked) AS v
     WHERE v.checked IS NULL;
END;
COMMENT ON FUNCTION scorecard.revenue_cycle_kpis_for(date, date, text) IS
    'HFMA-style revenue-cycle KPIs for one period [period_start, period_end] (no row when either is NULL): billing, accrual net patient service revenue (scorecard.net_patient_revenue_for), cash received, net A/R (net of expected allowances) and A/R over 90 days at period end (aged from the date of service as HFMA MAP does, or age_basis ''bill_date'' / ''due_date''), net days in A/R (HFMA MAP: net A/R / average daily NPSR from the first day of the month two before period_end''s, or of the first billing, to period_end), cash collected as a share of average monthly NPSR over the same months, days in discharged-not-final-billed and final-billed-not-submitted (over the average daily gross revenue of the same months), point-of-service collections, initial denial rate (HFMA MAP: claims whose first remittance in the period was a denial / claims first remitted in the period, by count and dollars), clean claim rate (HFMA MAP: claims created in the period that passed every edit / claims created in the period), cash collected share, suspended claims at period end, payments not reconciled within 72 hours (judged as of scorecard.today(): a payment younger than that with no reconciliation yet is not counted), and is_complete: period_end + 3 days <= scorecard.today().';

-- Every month end's open A/R in one pass. A claim's amount is open from
-- the month it was billed; each payment or adjustment closes its part from
-- the later of the month it was posted and the month its claim was
-- billed; for A/R over 90 days the claim counts from the month its 91st
-- day falls in, counted from the date of service (HFMA MAP), the bill date
-- or the due date (age_basis), and not before it is billed. So the
-- balances at every month end are running sums over a few hundred (month,
-- month) groups, not a recomputation of every claim's balance per month.
CREATE OR REPLACE FUNCTION scorecard.ar_month_ends(age_basis text DEFAULT 'service_date')
RETURNS TABLE (period_start date, net_ar numeric, ar_over_90 numeric)
LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    -- An unknown basis is refused (22023) even when there are no claims.
    SELECT scorecard.aging_date(ar_month_ends.age_basis, NULL::date, NULL::date, NULL::date);
    -- (Months as date_trunc of a timestamp without time zone: the same
    -- first day as through timestamptz, without the time-zone work.)
    WITH claims AS NOT MATERIALIZED (
        SELECT c.claim_id, c.amount,
               date_trunc('month', c.bill_date::timestamp) AS bill_month,
               date_trunc('month', (CASE ar_month_ends.age_basis
                                        WHEN 'service_date' THEN c.service_from
                                        WHEN 'bill_date' THEN c.bill_date
                                        ELSE coalesce(c.due_date, c.bill_date + p.payment_terms_days)
                                    END + 91)::timestamp) AS aged_91_month
          FROM scorecard.claim c
          JOIN scorecard.payer p ON p.payer_id = c.payer_id
         WHERE c.bill_date IS NOT NULL
    ), moves AS (
        SELECT k.bill_month::date AS open_from, greatest(k.bill_month, k.aged_91_month)::date AS over_90_from,
               k.amount, 1 AS bills
          FROM claims k
        UNION ALL
        SELECT greatest(date_trunc('month', x.posted_on::timestamp), k.bill_month)::date,
               greatest(date_trunc('month', x.posted_on::timestamp), k.bill_month, k.aged_91_month)::date,
               -x.amount, 0
          FROM (SELECT y.claim_id, y.posted_on, y.amount FROM scorecard.payment y WHERE y.posted_on IS NOT NULL
                UNION ALL
                SELECT a.claim_id, a.adjusted_on, a.amount FROM scorecard.adjustment a) AS x
          JOIN claims k ON k.claim_id = x.claim_id
    ), grouped AS (
        SELECT m.open_from, m.over_90_from, sum(m.amount) AS amount, sum(m.bills) AS bills
          FROM moves m GROUP BY m.open_from, m.over_90_from
    ), per_month AS (
        SELECT x.month, sum(x.net) AS net, sum(x.over_90) AS over_90, sum(x.bills) AS bills
          FROM (SELECT g.open_from AS month, g.amount AS net, 0 AS over_90, g.bills FROM grouped g
                UNION ALL
                SELECT g.over_90_from, 0, g.amount, 0 FROM grouped g) AS x
         GROUP BY x.month
    )
    SELECT r.month, r.net_ar, r.ar_over_90
      FROM (SELECT p.month, p.bills, sum(p.net) OVER w AS net_ar, sum(p.over_90) OVER w AS ar_over_90
              FROM per_month p WINDOW w AS (ORDER BY p.month)) AS r
     WHERE r.bills > 0;
END;
COMMENT ON FUNCTION scorecard.ar_month_ends(text) IS
    'Open A/R at the end of every month with billing: net A/R (amounts billed by then less payments posted and adjustments made by then) and the part over 90 days old, aged from the date of service (age_basis ''service_date'', HFMA MAP''s default), the bill date or the due date, as scorecard.claim_balances_as_of(month end) sums them, in one pass over claims, payments and adjustments.';

CREATE OR REPLACE VIEW scorecard.revenue_cycle_kpis WITH (security_invoker = true) AS
WITH claim_groups AS (
    -- One pass over the claims, by month created, billed and first
    -- remitted: the billing of each month, the suspended claims at each
    -- month end and the initial denials all follow from these groups.
    SELECT date_trunc('month', c.created_on::timestamp)::date AS created_month,
           date_trunc('month', c.bill_date::timestamp)::date AS bill_month,
           date_trunc('month', LEAST(c.denied_on, c.first_paid_on)::timestamp)::date AS remit_month,
           count(*) AS n, sum(c.amount) AS amount,
           count(*) FILTER (WHERE c.edit_reason IS NULL) AS clean_n,
           count(*) FILTER (WHERE c.denied_on <= coalesce(c.first_paid_on, c.denied_on)) AS denied_n,
           sum(c.amount) FILTER (WHERE c.denied_on <= coalesce(c.first_paid_on, c.denied_on)) AS denied_amount
      FROM scorecard.claim c
     GROUP BY 1, 2, 3
), billed AS (
    SELECT g.bill_month AS period_start, sum(g.n)::bigint AS n, sum(g.amount) AS amount
      FROM claim_groups g
     WHERE g.bill_month IS NOT NULL
     GROUP BY 1
), created AS (
    -- HFMA MAP's clean claim rate: of the claims entering the billing edits
    -- in the month (created then), those that passed every edit without
    -- manual intervention, billed yet or not.
    SELECT g.created_month AS period_start, sum(g.n)::bigint AS n, sum(g.clean_n)::bigint AS clean_n
      FROM claim_groups g
     GROUP BY 1
), adjudicated AS (
    -- HFMA MAP's initial denial rate: each claim counts in the month of its
    -- first remittance (its denial, or its first payment received), as an
    -- initial denial when that first remittance was the denial.
    -- (From the claim groups: remit_month is the month of LEAST(denied_on,
    -- first_paid_on), NULL for a claim with no remittance yet.)
    SELECT g.remit_month AS period_start, sum(g.n) AS n, sum(g.amount) AS amount,
           sum(g.denied_n) AS denied_n, coalesce(sum(g.denied_amount), 0) AS denied_amount
      FROM claim_groups g
     WHERE g.remit_month IS NOT NULL
     GROUP BY 1
), adj AS (
    SELECT date_trunc('month', a.adjusted_on::timestamp)::date AS period_start, sum(a.amount) AS amount
      FROM scorecard.adjustment a GROUP BY 1
), cash AS (
    SELECT date_trunc('month', y.received_on::timestamp)::date AS period_start, count(*) AS n, sum(y.amount) AS amount,
           count(*) FILTER (WHERE scorecard.reconciled_late(y.received_on, y.reconciled_on, t.today)) AS late_n,
           count(*) FILTER (WHERE scorecard.reconciled_late(y.received_on, y.reconciled_on, t.today)
                               OR scorecard.reconciled_on_time(y.received_on, y.reconciled_on, t.today)) AS judged_n,
           coalesce(sum(y.amount) FILTER (WHERE p.payer_type = 'self-pay'), 0) AS patient_cash,
           coalesce(sum(y.amount) FILTER (WHERE p.payer_type = 'self-pay' AND y.point_of_service), 0) AS pos_cash
      FROM scorecard.payment y
      JOIN scorecard.payer p ON p.payer_id = y.payer_id
     CROSS JOIN (SELECT scorecard.today() AS today OFFSET 0) AS t  -- once, not per row
     GROUP BY 1
), service_claims AS (
    -- Services not final billed (HFMA MAP's DNFB): a billable service (no
    -- funding stream pays it) is unbilled from its month (for a service of
    -- a stay, from the month the stay ended: until then it is in house)
    -- until the month the first claim naming it (claim.service_id) is
    -- created; a service no claim names stays unbilled. Running sums over
    -- (service month, claim month) groups.
    SELECT greatest(date_trunc('month', s.service_at)::date, date_trunc('month', st.discharged_on::timestamp)::date) AS service_month,
           date_trunc('month', f.first_created::timestamp)::date AS claim_month, sum(s.charge) AS charges
      FROM scorecard.service s
      LEFT JOIN scorecard.stay st ON st.stay_id = s.stay_id
      LEFT JOIN (SELECT c.service_id, min(c.created_on) AS first_created
                   FROM scorecard.claim c WHERE c.service_id IS NOT NULL GROUP BY c.service_id) AS f
        ON f.service_id = s.service_id
     WHERE s.funding_stream IS NULL
       AND (s.stay_id IS NULL OR st.discharged_on IS NOT NULL)
     GROUP BY 1, 2
), unbilled AS (
    SELECT x.month, sum(x.amount) AS amount
      FROM (SELECT g.service_month AS month, g.charges AS amount
              FROM service_claims g
             WHERE g.claim_month IS NULL OR g.claim_month > g.service_month
            UNION ALL
            SELECT g.claim_month, -g.charges
              FROM service_claims g
             WHERE g.claim_month > g.service_month
            UNION ALL
            SELECT b.period_start, 0 FROM billed b) AS x
     GROUP BY x.month
), dnfb AS (
    SELECT u.month AS period_start, sum(u.amount) OVER (ORDER BY u.month) AS amount FROM unbilled u
), suspended_moves AS (
    -- A claim is suspended at the end of every month from the one it was
    -- created in to the one before it was billed (never, if billed in the
    -- month it was created): +1 then -1, summed month by month below.
    SELECT x.month, sum(x.n) AS n, sum(x.amount) AS amount
      FROM (SELECT g.created_month AS month, g.n, g.amount
              FROM claim_groups g
             WHERE g.bill_month IS NULL OR g.bill_month > g.created_month
            UNION ALL
            SELECT g.bill_month, -g.n, -g.amount
              FROM claim_groups g
             WHERE g.bill_month > g.created_month
            UNION ALL
            SELECT b.period_start, 0, 0 FROM billed b) AS x
     GROUP BY x.month
), suspended AS (
    SELECT m.month AS period_start, (sum(m.n) OVER w)::bigint AS n,
           CASE WHEN sum(m.n) OVER w = 0 THEN 0 ELSE sum(m.amount) OVER w END AS amount
      FROM suspended_moves m WINDOW w AS (ORDER BY m.month)
), accrual AS (
    -- Accrual NPSR and net A/R as scorecard.net_patient_revenue has them
    -- for the whole organisation (a row for every month from the first
    -- billing on), added up from the stored accrual of the claims
    -- (scorecard.claim_accrual) without their lines and levels, and HFMA
    -- MAP's average daily NPSR window: the month and the two before it.
    SELECT n.period_start, n.gross, n.allowances, n.denial_write_offs, n.bad_debt, n.charity, n.other_deductions,
           n.npsr, n.net_ar,
           sum(n.npsr) OVER w3 AS npsr_3, (sum(n.days) OVER w3)::integer AS days_3, count(*) OVER w3 AS months_3,
           sum(n.gross) OVER w3 AS gross_3
      FROM (SELECT m.month AS period_start, coalesce(b.gross, 0) AS gross, coalesce(b.allowances, 0) AS allowances,
                   coalesce(d.denial_write_offs, 0) AS denial_write_offs, coalesce(d.bad_debt, 0) AS bad_debt,
                   coalesce(d.charity, 0) AS charity, coalesce(d.other_deductions, 0) AS other_deductions,
                   coalesce(d.npsr, 0) AS npsr,
                   sum(coalesce(d.net_change, 0)) OVER (ORDER BY m.month) AS net_ar,
                   (m.month + interval '1 month')::date - m.month AS days
              FROM (SELECT generate_series(min(x.month), max(x.month), interval '1 month')::date AS month
                      FROM scorecard.claim_accrual x) AS m
              LEFT JOIN (SELECT a.month,
                                sum(a.deduction) FILTER (WHERE a.deduction_kind = 'denial write-off') AS denial_write_offs,
                                sum(a.deduction) FILTER (WHERE a.deduction_kind = 'bad debt') AS bad_debt,
                                sum(a.deduction) FILTER (WHERE a.deduction_kind = 'charity') AS charity,
                                sum(a.deduction) FILTER (WHERE a.deduction_kind = 'other') AS other_deductions,
                                sum(a.npsr) AS npsr, sum(a.net_change) AS net_change
                           FROM scorecard.claim_accrual a
                          GROUP BY a.month) AS d ON d.month = m.month
              LEFT JOIN (SELECT date_trunc('month', c.bill_date::timestamp)::date AS month, sum(c.amount) AS gross,
                                sum(c.amount - c.expected_amount) AS allowances
                           FROM scorecard.claim c
                          WHERE c.bill_date IS NOT NULL
                          GROUP BY 1) AS b ON b.month = m.month) AS n
    WINDOW w3 AS (ORDER BY n.period_start ROWS 2 PRECEDING)
), k AS (
    SELECT b.period_start, b.n, b.amount, coalesce(j.n, 0) AS adjudicated_n, coalesce(j.amount, 0) AS adjudicated_amount,
           coalesce(j.denied_n, 0) AS denied_n, coalesce(j.denied_amount, 0) AS denied_amount,
           coalesce(e.n, 0) AS created_n, coalesce(e.clean_n, 0) AS clean_n,
           coalesce(a.amount, 0) AS adjusted, coalesce(y.n, 0) AS cash_n, coalesce(y.amount, 0) AS cash,
           coalesce(y.late_n, 0) AS late_n, coalesce(y.judged_n, 0) AS judged_n, r.net_ar AS billed_ar, r.ar_over_90,
           s.n AS suspended_n, s.amount AS suspended_amount,
           n.allowances, n.denial_write_offs, n.bad_debt, n.charity, n.other_deductions, n.npsr, n.net_ar,
           n.npsr_3, n.days_3, n.months_3, n.gross_3, coalesce(y.patient_cash, 0) AS patient_cash,
           coalesce(y.pos_cash, 0) AS pos_cash, d.amount AS dnfb_amount
      FROM billed b
      LEFT JOIN created e ON e.period_start = b.period_start
      LEFT JOIN adjudicated j ON j.period_start = b.period_start
      LEFT JOIN adj a ON a.period_start = b.period_start
      LEFT JOIN cash y ON y.period_start = b.period_start
      JOIN scorecard.ar_month_ends() r ON r.period_start = b.period_start
      JOIN suspended s ON s.period_start = b.period_start
      JOIN accrual n ON n.period_start = b.period_start
      JOIN dnfb d ON d.period_start = b.period_start
)
SELECT k.period_start,
       'month'::text AS period_grain,
       k.n AS billed_claims,
       k.amount AS billed_amount,
       k.adjusted AS adjustments,
       k.npsr AS net_revenue,
       k.cash AS cash_collected,
       k.net_ar,
       k.ar_over_90,
       CASE WHEN k.npsr_3 > 0 AND k.net_ar >= 0
            THEN round(scorecard.days_in_ar(k.net_ar, k.npsr_3, k.days_3), 1)
       END AS net_days_in_ar,
       round(k.ar_over_90 / NULLIF(k.billed_ar, 0), 4) AS ar_over_90_share,
       round(k.denied_n::numeric / NULLIF(k.adjudicated_n, 0), 4) AS initial_denial_rate,
       round(k.denied_amount / NULLIF(k.adjudicated_amount, 0), 4) AS initial_denial_rate_dollars,
       round(k.clean_n::numeric / NULLIF(k.created_n, 0), 4) AS clean_claim_rate,
       CASE WHEN k.npsr_3 > 0 THEN round(k.cash * k.months_3 / k.npsr_3, 4) END AS cash_collected_share,
       k.suspended_n AS suspended_claims,
       k.suspended_amount,
       k.cash_n AS payments_received,
       k.late_n AS payments_unreconciled_72h,
       round(k.late_n::numeric / NULLIF(k.judged_n, 0), 4) AS unreconciled_72h_share,
       k.judged_n AS payments_judged_72h,
       k.adjudicated_n::bigint AS claims_adjudicated,
       k.denied_n::bigint AS initial_denials,
       k.created_n AS claims_entering_edits,
       ((k.period_start + interval '1 month')::date - 1) + 3 <= t.today AS is_complete,
       k.billed_ar,
       k.allowances AS contractual_allowances,
       k.denial_write_offs,
       k.bad_debt,
       k.charity,
       k.other_deductions,
       k.npsr_3 AS net_revenue_3_months,
       k.days_3 AS days_3_months,
       CASE WHEN k.npsr > 0 THEN round(k.denial_write_offs / k.npsr, 4) END AS denial_write_off_share,
       round((k.bad_debt + k.charity) / NULLIF(k.amount, 0), 4) AS bad_debt_charity_share,
       k.dnfb_amount AS unbilled_amount,
       CASE WHEN k.gross_3 > 0 THEN round(k.dnfb_amount * k.days_3 / k.gross_3, 1) END AS days_in_dnfb,
       CASE WHEN k.gross_3 > 0 THEN round(k.suspended_amount * k.days_3 / k.gross_3, 1) END AS days_in_fbns,
       k.patient_cash,
       k.pos_cash AS point_of_service_cash,
       round(k.pos_cash / NULLIF(k.patient_cash, 0), 4) AS point_of_service_share
  FROM k
 CROSS JOIN (SELECT scorecard.today() AS today OFFSET 0) AS t;
COMMENT ON VIEW scorecard.revenue_cycle_kpis IS
    'Revenue-cycle KPIs per month with billing (HFMA MAP Keys in the source''s terms). Shares are fractions.';
COMMENT ON COLUMN scorecard.revenue_cycle_kpis.period_start IS 'First day of the month.';
COMMENT ON COLUMN scorecard.revenue_cycle_kpis.period_grain IS '''month''.';
COMMENT ON COLUMN scorecard.revenue_cycle_kpis.billed_claims IS 'Claims billed in the month.';
COMMENT ON COLUMN scorecard.revenue_cycle_kpis.billed_amount IS 'Amount billed in the month (gross).';
COMMENT ON COLUMN scorecard.revenue_cycle_kpis.adjustments IS 'Adjustments and write-offs posted in the month (every kind, as posted).';
COMMENT ON COLUMN scorecard.revenue_cycle_kpis.net_revenue IS 'Net patient service revenue (NPSR), accrual: billed_amount - contractual_allowances - denial_write_offs - bad_debt - charity - other_deductions (scorecard.net_patient_revenue).';
COMMENT ON COLUMN scorecard.revenue_cycle_kpis.cash_collected IS 'Payments received in the month (patient service cash collected).';
COMMENT ON COLUMN scorecard.revenue_cycle_kpis.net_ar IS 'Net A/R at month end (HFMA MAP): what is still expected of the open claims, net of their contractual allowances, write-offs, bad debt and charity (scorecard.claim_net_receivable); billed_ar is the gross open balance.';
COMMENT ON COLUMN scorecard.revenue_cycle_kpis.ar_over_90 IS 'Open A/R over 90 days from the date of service (HFMA MAP) at month end; scorecard.ar_month_ends(''bill_date'') ages from the bill date.';
COMMENT ON COLUMN scorecard.revenue_cycle_kpis.net_days_in_ar IS 'HFMA MAP net days in A/R: net_ar / average daily NPSR of the month and the two before it (net_revenue_3_months / days_3_months); NULL without net revenue in them.';
COMMENT ON COLUMN scorecard.revenue_cycle_kpis.ar_over_90_share IS 'HFMA MAP aged A/R over 90 days as a share of billed A/R: ar_over_90 / billed_ar.';
COMMENT ON COLUMN scorecard.revenue_cycle_kpis.initial_denial_rate IS 'HFMA MAP initial denial rate: initial_denials / claims_adjudicated.';
COMMENT ON COLUMN scorecard.revenue_cycle_kpis.initial_denial_rate_dollars IS 'The same in dollars: amount of the initial denials / amount of the claims adjudicated.';
COMMENT ON COLUMN scorecard.revenue_cycle_kpis.clean_claim_rate IS 'HFMA MAP clean claim rate: claims created in the month that passed every billing edit without manual intervention / claims_entering_edits (a claim still held by an edit counts against it).';
COMMENT ON COLUMN scorecard.revenue_cycle_kpis.cash_collected_share IS 'HFMA MAP cash collection as a share of NPSR: cash_collected / average monthly NPSR of the month and the two before it.';
COMMENT ON COLUMN scorecard.revenue_cycle_kpis.suspended_claims IS 'Claims created but not billed at month end (awaiting billing; the source''s target is zero).';
COMMENT ON COLUMN scorecard.revenue_cycle_kpis.suspended_amount IS 'Their amount.';
COMMENT ON COLUMN scorecard.revenue_cycle_kpis.payments_received IS 'Payments received in the month.';
COMMENT ON COLUMN scorecard.revenue_cycle_kpis.payments_unreconciled_72h IS 'Of those, not reconciled against the invoice within 72 hours (3 days), as of scorecard.today().';
COMMENT ON COLUMN scorecard.revenue_cycle_kpis.unreconciled_72h_share IS 'payments_unreconciled_72h / payments_judged_72h.';
COMMENT ON COLUMN scorecard.revenue_cycle_kpis.claims_adjudicated IS 'Claims whose first remittance (a denial, or the first payment received) fell in the month.';
COMMENT ON COLUMN scorecard.revenue_cycle_kpis.initial_denials IS 'Of those, claims whose first remittance was a denial (denied_on on or before any payment received).';
COMMENT ON COLUMN scorecard.revenue_cycle_kpis.claims_entering_edits IS 'Claims created in the month (entering the billing edits), billed yet or not.';
COMMENT ON COLUMN scorecard.revenue_cycle_kpis.is_complete IS 'Data maturity: true once the month has ended and the 72 hours of its last payments are over (month end + 3 days <= scorecard.today()), so no figure of the row still waits on the calendar (a posting entered late with an earlier date can still change it). False for the current month and the three days after it: a dashboard should mark or leave out such a row.';
COMMENT ON COLUMN scorecard.revenue_cycle_kpis.billed_ar IS 'Open (billed, gross) A/R at month end: amounts billed less payments posted and adjustments made by then.';
COMMENT ON COLUMN scorecard.revenue_cycle_kpis.contractual_allowances IS 'Contractual allowance of the month''s billing, accrued at billing (amount - expected reimbursement).';
COMMENT ON COLUMN scorecard.revenue_cycle_kpis.denial_write_offs IS 'Expected revenue written off in the month on denied claims.';
COMMENT ON COLUMN scorecard.revenue_cycle_kpis.bad_debt IS 'Expected revenue written off in the month as bad debt.';
COMMENT ON COLUMN scorecard.revenue_cycle_kpis.charity IS 'Expected revenue written off in the month as charity care.';
COMMENT ON COLUMN scorecard.revenue_cycle_kpis.other_deductions IS 'Settlement differences (payments and contractual adjustments beyond the expected amount, negative when above it), other write-offs, refunds.';
COMMENT ON COLUMN scorecard.revenue_cycle_kpis.net_revenue_3_months IS 'NPSR of the month and the two before it (fewer at the start of the data).';
COMMENT ON COLUMN scorecard.revenue_cycle_kpis.days_3_months IS 'Days in those months.';
COMMENT ON COLUMN scorecard.revenue_cycle_kpis.denial_write_off_share IS 'HFMA MAP denial write-offs as a share of NPSR: denial_write_offs / net_revenue.';
COMMENT ON COLUMN scorecard.revenue_cycle_kpis.bad_debt_charity_share IS 'HFMA MAP bad debt and charity as a share of gross revenue: (bad_debt + charity) / billed_amount.';
COMMENT ON COLUMN scorecard.revenue_cycle_kpis.unbilled_amount IS 'Charges of the billable services (service.funding_stream NULL) delivered by month end that no claim created by then names (claim.service_id), leaving out the services of stays still open at month end (in house): discharged (served) not final billed.';
COMMENT ON COLUMN scorecard.revenue_cycle_kpis.days_in_dnfb IS 'HFMA MAP days in discharged-not-final-billed: unbilled_amount / average daily gross revenue of the month and the two before it.';
COMMENT ON COLUMN scorecard.revenue_cycle_kpis.days_in_fbns IS 'HFMA MAP days in final-billed-not-submitted: suspended_amount (claims created, not yet sent) / the same average daily gross revenue.';
COMMENT ON COLUMN scorecard.revenue_cycle_kpis.patient_cash IS 'Cash received in the month from self-pay payers (patient cash).';
COMMENT ON COLUMN scorecard.revenue_cycle_kpis.point_of_service_cash IS 'Of it, collected at the point of service (payment.point_of_service).';
COMMENT ON COLUMN scorecard.revenue_cycle_kpis.point_of_service_share IS 'HFMA MAP point-of-service cash collections: point_of_service_cash / patient_cash.';
COMMENT ON COLUMN scorecard.revenue_cycle_kpis.payments_judged_72h IS 'Payments received in the month whose 72 hours are decided as of scorecard.today(): reconciled within them, or past them. A payment younger than 72 hours and not yet reconciled is neither late nor on time.';

CREATE OR REPLACE FUNCTION scorecard.ar_over_90_by_payer_type_as_of(as_of date)
RETURNS TABLE (payer_type text, billed_ar numeric, ar_over_90 numeric, over_90_share numeric)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT a.payer_type, (a.r).receivable, (a.r).buckets[4] + (a.r).buckets[5],
           round(((a.r).buckets[4] + (a.r).buckets[5]) / NULLIF((a.r).receivable, 0), 4)
      FROM (SELECT b.payer_type, scorecard.ar_aging(b.balance, b.bill_date, ar_over_90_by_payer_type_as_of.as_of) AS r
              FROM scorecard.open_claims_as_of(ar_over_90_by_payer_type_as_of.as_of) AS b
             GROUP BY b.payer_type) AS a
     ORDER BY a.payer_type;
END;
COMMENT ON FUNCTION scorecard.ar_over_90_by_payer_type_as_of(date) IS
    'Aged A/R over 90 days (from the bill date) as a share of billed A/R, per payer type, on as_of.';

CREATE OR REPLACE VIEW scorecard.ar_over_90_by_payer_type WITH (security_invoker = true) AS
SELECT scorecard.today() AS as_of_date, a.payer_type, a.billed_ar, a.ar_over_90, a.over_90_share
  FROM scorecard.ar_over_90_by_payer_type_as_of(scorecard.today()) AS a;
COMMENT ON VIEW scorecard.ar_over_90_by_payer_type IS 'Aged A/R over 90 days as a share of billed A/R, per payer type, as of today.';
COMMENT ON COLUMN scorecard.ar_over_90_by_payer_type.as_of_date IS 'Today.';
COMMENT ON COLUMN scorecard.ar_over_90_by_payer_type.payer_type IS 'Payer type.';
COMMENT ON COLUMN scorecard.ar_over_90_by_payer_type.billed_ar IS 'Open billed A/R.';
COMMENT ON COLUMN scorecard.ar_over_90_by_payer_type.ar_over_90 IS 'Of which over 90 days from the bill date.';
COMMENT ON COLUMN scorecard.ar_over_90_by_payer_type.over_90_share IS 'ar_over_90 / billed_ar.';
