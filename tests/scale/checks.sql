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
        OR c.adjusted_amount <> coalesce((SELECT sum(a.amount) FROM scorecard.adjustment a WHERE a.claim_id = c.claim_id), 0);
    IF n <> 0 THEN
        RAISE EXCEPTION '% claims have stored totals that differ from their rows', n;
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
      FROM scorecard.ar_month_ends() f
      FULL JOIN (SELECT m.period_start, coalesce(sum(b.balance), 0) AS net_ar,
                        coalesce(sum(b.balance) FILTER (WHERE b.bill_date < (m.period_start + interval '1 month' - interval '1 day')::date - 90), 0) AS ar_over_90
                   FROM (SELECT DISTINCT date_trunc('month', bill_date)::date AS period_start FROM scorecard.claim WHERE bill_date IS NOT NULL) m
                   LEFT JOIN LATERAL scorecard.claim_balances_as_of((m.period_start + interval '1 month' - interval '1 day')::date) b ON true
                  GROUP BY m.period_start) r USING (period_start)
     WHERE f.net_ar IS DISTINCT FROM r.net_ar OR f.ar_over_90 IS DISTINCT FROM r.ar_over_90;
    IF n <> 0 THEN
        RAISE EXCEPTION 'ar_month_ends differs from a recomputation in % months', n;
    END IF;
    SELECT count(*) INTO n
      FROM scorecard.revenue_cycle_kpis k
     CROSS JOIN LATERAL scorecard.revenue_cycle_kpis_for(k.period_start, (k.period_start + interval '1 month' - interval '1 day')::date) f
     WHERE (k.billed_claims, k.billed_amount, k.adjustments, k.cash_collected, k.net_ar, k.ar_over_90, k.net_days_in_ar,
            k.ar_over_90_share, k.initial_denial_rate, k.clean_claim_rate, k.suspended_claims, k.suspended_amount,
            k.payments_received, k.payments_unreconciled_72h)
           IS DISTINCT FROM
           (f.billed_claims, f.billed_amount, f.adjustments, f.cash_collected, f.net_ar, f.ar_over_90, f.net_days_in_ar,
            f.ar_over_90_share, f.initial_denial_rate, f.clean_claim_rate, f.suspended_claims, f.suspended_amount,
            f.payments_received, f.payments_unreconciled_72h);
    IF n <> 0 THEN
        RAISE EXCEPTION 'revenue_cycle_kpis differs from revenue_cycle_kpis_for in % months', n;
    END IF;
    RAISE NOTICE 'scale checks: % dates, % months, % claims, % payments, % adjustments agree',
        dates, (SELECT count(*) FROM scorecard.revenue_cycle_kpis), (SELECT count(*) FROM scorecard.claim),
        (SELECT count(*) FROM scorecard.payment), (SELECT count(*) FROM scorecard.adjustment);
END
$$;
