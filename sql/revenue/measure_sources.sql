-- pg_scorecard: revenue-cycle KPIs the source puts under Process, as
-- measure sources (period_start, numerator, denominator by month), so a
-- user can put them on the scorecard with their real direction:
--   SELECT scorecard.register_measure_source('Clean claim rate', 'scorecard.revenue_clean_claims');
-- Each agrees with the same KPI in scorecard.revenue_cycle_kpis.

CREATE OR REPLACE VIEW scorecard.revenue_clean_claims WITH (security_invoker = true) AS
SELECT date_trunc('month', c.bill_date)::date AS period_start,
       count(*) FILTER (WHERE c.edit_reason IS NULL)::numeric AS numerator,
       count(*)::numeric AS denominator
  FROM scorecard.claim c
 WHERE c.bill_date IS NOT NULL
 GROUP BY 1;
COMMENT ON VIEW scorecard.revenue_clean_claims IS
    'Clean claim rate (higher is better) as a measure source: claims billed without hitting a billing edit / claims billed, by month of billing.';
COMMENT ON COLUMN scorecard.revenue_clean_claims.period_start IS 'Month of billing.';
COMMENT ON COLUMN scorecard.revenue_clean_claims.numerator IS 'Claims billed in the month without a billing edit.';
COMMENT ON COLUMN scorecard.revenue_clean_claims.denominator IS 'Claims billed in the month.';

CREATE OR REPLACE VIEW scorecard.revenue_initial_denials WITH (security_invoker = true) AS
SELECT date_trunc('month', c.bill_date)::date AS period_start,
       count(*) FILTER (WHERE c.denial_reason IS NOT NULL)::numeric AS numerator,
       count(*)::numeric AS denominator
  FROM scorecard.claim c
 WHERE c.bill_date IS NOT NULL
 GROUP BY 1;
COMMENT ON VIEW scorecard.revenue_initial_denials IS
    'Initial denial rate (lower is better) as a measure source: claims billed in the month that were denied / claims billed, by month of billing (the latest months are understated until their claims are adjudicated).';
COMMENT ON COLUMN scorecard.revenue_initial_denials.period_start IS 'Month of billing.';
COMMENT ON COLUMN scorecard.revenue_initial_denials.numerator IS 'Claims billed in the month that were denied.';
COMMENT ON COLUMN scorecard.revenue_initial_denials.denominator IS 'Claims billed in the month.';

CREATE OR REPLACE VIEW scorecard.revenue_reconciled_within_72h WITH (security_invoker = true) AS
SELECT date_trunc('month', y.received_on)::date AS period_start,
       count(*) FILTER (WHERE y.reconciled_on <= y.received_on + 3)::numeric AS numerator,
       count(*)::numeric AS denominator
  FROM scorecard.payment y
 GROUP BY 1;
COMMENT ON VIEW scorecard.revenue_reconciled_within_72h IS
    'Payments reconciled within 72 hours (higher is better) as a measure source: payments received in the month and reconciled within three days / payments received, by month of receipt.';
COMMENT ON COLUMN scorecard.revenue_reconciled_within_72h.period_start IS 'Month of receipt.';
COMMENT ON COLUMN scorecard.revenue_reconciled_within_72h.numerator IS 'Payments received in the month and reconciled within three days.';
COMMENT ON COLUMN scorecard.revenue_reconciled_within_72h.denominator IS 'Payments received in the month.';

CREATE OR REPLACE VIEW scorecard.revenue_documented_within_4h WITH (security_invoker = true) AS
SELECT date_trunc('month', s.service_at)::date AS period_start,
       count(*) FILTER (WHERE s.documented_at <= s.service_at + interval '4 hours')::numeric AS numerator,
       count(*)::numeric AS denominator
  FROM scorecard.service s
 GROUP BY 1;
COMMENT ON VIEW scorecard.revenue_documented_within_4h IS
    'Documentation within the 4-hour target (higher is better) as a measure source: services documented within 4 hours of delivery / services, by month of service (undocumented services count as late).';
COMMENT ON COLUMN scorecard.revenue_documented_within_4h.period_start IS 'Month of service (in the session time zone).';
COMMENT ON COLUMN scorecard.revenue_documented_within_4h.numerator IS 'Services of the month documented within 4 hours.';
COMMENT ON COLUMN scorecard.revenue_documented_within_4h.denominator IS 'Services of the month.';
