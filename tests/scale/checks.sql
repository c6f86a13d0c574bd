-- Run by `bash scripts/test.sh scale` on a small generated organisation
-- (samples/large/generate.sql, two fiscal years): the generator passes
-- every table rule, and the fast paths agree with recomputations from
-- every posting at every month end and at mid-month dates. Prints one
-- summary line; raises on any difference.
DO $$
DECLARE
    d date;
    n bigint;
    dates integer := 0;
BEGIN
    SELECT count(*) INTO n
      FROM scorecard.claim c
     WHERE c.paid_amount <> coalesce((SELECT sum(p.amount) FROM scorecard.payment p WHERE p.claim_id = c.claim_id), 0)
        OR c.adjusted_amount <> coalesce((SELECT sum(a.amount) FROM scorecard.adjustment a WHERE a.claim_id = c.claim_id), 0)
        OR c.first_paid_on IS DISTINCT FROM (SELECT min(p.received_on) FROM scorecard.payment p WHERE p.claim_id = c.claim_id);
    IF n <> 0 THEN
        RAISE EXCEPTION '% claims have stored totals that differ from their rows', n;
    END IF;
    -- The stored accrual (kept by the triggers through the bulk load)
    -- equals a recomputation of every claim from its rows.
    SELECT count(*) INTO n FROM (
        (SELECT * FROM scorecard.claim_accrual
         EXCEPT ALL
         SELECT * FROM scorecard.claim_accrual_rows(ARRAY(SELECT c.claim_id FROM scorecard.claim c)))
        UNION ALL
        (SELECT * FROM scorecard.claim_accrual_rows(ARRAY(SELECT c.claim_id FROM scorecard.claim c))
         EXCEPT ALL
         SELECT * FROM scorecard.claim_accrual)) x;
    IF n <> 0 THEN
        RAISE EXCEPTION '% rows of scorecard.claim_accrual differ from a recomputation of every claim', n;
    END IF;
    FOR d IN SELECT (m + interval '1 month' - interval '1 day')::date
               FROM generate_series(DATE '2014-07-01', DATE '2016-06-01', interval '1 month') AS m
             UNION ALL SELECT DATE '2015-02-14' UNION ALL SELECT DATE '2016-06-29' UNION ALL SELECT CURRENT_DATE
    LOOP
        SELECT count(*) INTO n FROM (
            (SELECT * FROM scorecard.open_claims_as_of(d) EXCEPT ALL
             SELECT * FROM scorecard.claim_balances_as_of(d) WHERE balance <> 0)
            UNION ALL
            (SELECT * FROM scorecard.claim_balances_as_of(d) WHERE balance <> 0 EXCEPT ALL
             SELECT * FROM scorecard.open_claims_as_of(d))) x;
        IF n <> 0 THEN
            RAISE EXCEPTION 'open_claims_as_of(%) differs from claim_balances_as_of in % rows', d, n;
        END IF;
        dates := dates + 1;
    END LOOP;
    SELECT count(*) INTO n
      FROM (SELECT a.age_basis, f.* FROM (VALUES ('service_date'), ('bill_date')) AS a(age_basis)
             CROSS JOIN LATERAL scorecard.ar_month_ends(a.age_basis) f) f
      FULL JOIN (SELECT a.age_basis, m.period_start, coalesce(sum(b.balance), 0) AS net_ar,
                        coalesce(sum(b.balance) FILTER (WHERE CASE a.age_basis WHEN 'service_date' THEN b.service_from ELSE b.bill_date END
                                                              < (m.period_start + interval '1 month' - interval '1 day')::date - 90), 0) AS ar_over_90
                   FROM (VALUES ('service_date'), ('bill_date')) AS a(age_basis)
                  CROSS JOIN (SELECT DISTINCT date_trunc('month', bill_date)::date AS period_start FROM scorecard.claim WHERE bill_date IS NOT NULL) m
                   LEFT JOIN LATERAL scorecard.claim_balances_as_of((m.period_start + interval '1 month' - interval '1 day')::date) b ON true
                  GROUP BY a.age_basis, m.period_start) r USING (age_basis, period_start)
     WHERE f.net_ar IS DISTINCT FROM r.net_ar OR f.ar_over_90 IS DISTINCT FROM r.ar_over_90;
    IF n <> 0 THEN
        RAISE EXCEPTION 'ar_month_ends differs from a recomputation in % months', n;
    END IF;
    SELECT count(*) INTO n
      FROM scorecard.revenue_cycle_kpis k
     CROSS JOIN LATERAL scorecard.revenue_cycle_kpis_for(k.period_start, (k.period_start + interval '1 month' - interval '1 day')::date) f
     WHERE (k.billed_claims, k.billed_amount, k.adjustments, k.cash_collected, k.net_ar, k.ar_over_90, k.net_days_in_ar,
            k.ar_over_90_share, k.initial_denial_rate, k.clean_claim_rate, k.suspended_claims, k.suspended_amount,
            k.payments_received, k.payments_unreconciled_72h, k.payments_judged_72h, k.claims_adjudicated, k.initial_denials,
            k.initial_denial_rate_dollars, k.claims_entering_edits, k.is_complete, k.net_revenue, k.billed_ar,
            k.contractual_allowances, k.net_revenue_3_months, k.days_3_months, k.cash_collected_share,
            k.unbilled_amount, k.days_in_dnfb, k.days_in_fbns, k.patient_cash, k.point_of_service_cash)
           IS DISTINCT FROM
           (f.billed_claims, f.billed_amount, f.adjustments, f.cash_collected, f.net_ar, f.ar_over_90, f.net_days_in_ar,
            f.ar_over_90_share, f.initial_denial_rate, f.clean_claim_rate, f.suspended_claims, f.suspended_amount,
            f.payments_received, f.payments_unreconciled_72h, f.payments_judged_72h, f.claims_adjudicated, f.initial_denials,
            f.initial_denial_rate_dollars, f.claims_entering_edits, f.is_complete, f.net_revenue, f.billed_ar,
            f.contractual_allowances, f.net_revenue_3_months, f.days_3_months, f.cash_collected_share,
            f.unbilled_amount, f.days_in_dnfb, f.days_in_fbns, f.patient_cash, f.point_of_service_cash);
    IF n <> 0 THEN
        RAISE EXCEPTION 'revenue_cycle_kpis differs from revenue_cycle_kpis_for in % months', n;
    END IF;
    -- Accrual revenue: the monthly view against the per-period function
    -- (from the claims' net receivables on two dates) and against its own
    -- identity, NPSR = cash posted + change of net A/R, in every month.
    SELECT count(*) INTO n
      FROM (SELECT r.period_start, sum(r.gross_revenue) AS gross, sum(r.contractual_allowances) AS allowances,
                   sum(r.net_patient_revenue) AS npsr, sum(r.cash_posted) AS cash, sum(r.net_ar) AS net_ar,
                   sum(r.gross_revenue - r.contractual_allowances - r.denial_write_offs - r.bad_debt - r.charity
                       - r.other_deductions) AS parts
              FROM scorecard.net_patient_revenue r GROUP BY r.period_start) v
     CROSS JOIN LATERAL scorecard.net_patient_revenue_for(v.period_start, (v.period_start + interval '1 month' - interval '1 day')::date) f
     WHERE (v.gross, v.allowances, v.npsr, v.cash, v.net_ar, v.parts)
           IS DISTINCT FROM (f.gross_revenue, f.contractual_allowances, f.net_patient_revenue, f.cash_posted, f.net_ar, f.net_patient_revenue);
    IF n <> 0 THEN
        RAISE EXCEPTION 'net_patient_revenue differs from net_patient_revenue_for in % months', n;
    END IF;
    -- The dated A/R aging history (one pass) against the as-of aging at
    -- every month end, on the bill and due dates.
    PERFORM set_config('scorecard.today', '2016-06-30', true);
    SELECT count(*) INTO n FROM (
        (SELECT a.basis, h.as_of_date, h.payer_id, h.bucket, h.amount
           FROM (VALUES ('bill_date'), ('due_date')) AS a(basis)
          CROSS JOIN LATERAL scorecard.ar_aging_period_ends('month', a.basis) h WHERE h.amount <> 0
         EXCEPT ALL
         SELECT a.basis, e.d, l.payer_id, l.bucket, l.amount
           FROM (VALUES ('bill_date'), ('due_date')) AS a(basis)
          CROSS JOIN (SELECT (m + interval '1 month' - interval '1 day')::date AS d
                        FROM generate_series(DATE '2014-07-01', DATE '2016-06-01', interval '1 month') AS m) e
          CROSS JOIN LATERAL scorecard.ar_aging_by_payer_long_as_of(e.d, a.basis) l WHERE l.amount <> 0)
        UNION ALL
        (SELECT a.basis, e.d, l.payer_id, l.bucket, l.amount
           FROM (VALUES ('bill_date'), ('due_date')) AS a(basis)
          CROSS JOIN (SELECT (m + interval '1 month' - interval '1 day')::date AS d
                        FROM generate_series(DATE '2014-07-01', DATE '2016-06-01', interval '1 month') AS m) e
          CROSS JOIN LATERAL scorecard.ar_aging_by_payer_long_as_of(e.d, a.basis) l WHERE l.amount <> 0
         EXCEPT ALL
         SELECT a.basis, h.as_of_date, h.payer_id, h.bucket, h.amount
           FROM (VALUES ('bill_date'), ('due_date')) AS a(basis)
          CROSS JOIN LATERAL scorecard.ar_aging_period_ends('month', a.basis) h WHERE h.amount <> 0)) x;
    IF n <> 0 THEN
        RAISE EXCEPTION 'ar_aging_period_ends differs from ar_aging_by_payer_long_as_of in % rows', n;
    END IF;
    PERFORM set_config('scorecard.today', '', true);
    IF (SELECT count(*) FROM scorecard.claim WHERE contract_id IS NOT NULL) = 0
       OR (SELECT sum(contractual_allowances) FROM scorecard.net_patient_revenue) <= 0 THEN
        RAISE EXCEPTION 'no claim was priced by a contract term (samples/large/generate.sql writes some): the accrual checks would prove nothing';
    END IF;
    RAISE NOTICE 'scale checks: % dates, % months, % claims, % payments, % adjustments agree',
        dates, (SELECT count(*) FROM scorecard.revenue_cycle_kpis), (SELECT count(*) FROM scorecard.claim),
        (SELECT count(*) FROM scorecard.payment), (SELECT count(*) FROM scorecard.adjustment);
END
$$;

-- A role limited to one service line sees exactly that line's payments and
-- adjustments, and reads them by an index probe of their claim: never by
-- rescanning the claims for every row (what the planner does with
-- claim_id IN (SELECT ...) once the claims no longer fit in hash_mem, made
-- certain here with a tiny work_mem; at 2 million claims that took such a
-- role's dashboards past 120 s).
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'scale_line_reader') THEN
        CREATE ROLE scale_line_reader IN ROLE scorecard_reader;
    END IF;
END
$$;
SELECT scorecard.grant_service_line('scale_line_reader', (SELECT min(service_line) FROM scorecard.service_line));
DO $$
DECLARE
    line text := (SELECT min(service_line) FROM scorecard.service_line);
    want_payments bigint;
    want_adjustments bigint;
    got_payments bigint;
    got_adjustments bigint;
    plan text := '';
    step text;
BEGIN
    SELECT count(*) INTO want_payments FROM scorecard.payment y
      JOIN scorecard.claim c USING (claim_id) JOIN scorecard.beneficiary b USING (beneficiary_id) WHERE line = ANY (b.service_lines);
    SELECT count(*) INTO want_adjustments FROM scorecard.adjustment a
      JOIN scorecard.claim c USING (claim_id) JOIN scorecard.beneficiary b USING (beneficiary_id) WHERE line = ANY (b.service_lines);
    PERFORM set_config('work_mem', '64kB', true);
    PERFORM set_config('role', 'scale_line_reader', true);
    SELECT count(*) INTO got_payments FROM scorecard.payment;
    SELECT count(*) INTO got_adjustments FROM scorecard.adjustment;
    FOR step IN EXECUTE 'EXPLAIN (COSTS OFF) SELECT count(*) FROM scorecard.payment' LOOP
        plan := plan || step || E'\n';
    END LOOP;
    PERFORM set_config('role', 'none', true);
    IF got_payments <> want_payments OR got_adjustments <> want_adjustments OR want_payments = 0 THEN
        RAISE EXCEPTION 'a role limited to line % sees % payments and % adjustments, not % and %',
            line, got_payments, got_adjustments, want_payments, want_adjustments;
    END IF;
    IF plan NOT LIKE '%claim_pkey%' OR plan LIKE '%Materialize%' THEN
        RAISE EXCEPTION 'a role limited to a line reads payments without an index probe of their claim:%', E'\n' || plan;
    END IF;
    RAISE NOTICE 'scale checks (line %): % payments, % adjustments', line, got_payments, got_adjustments;
END
$$;
