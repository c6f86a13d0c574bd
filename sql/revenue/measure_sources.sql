-- pg_scorecard: revenue-cycle KPIs the source puts under Process, as
-- measure sources (period_start, numerator, denominator by month), so a
-- user can put them on the scorecard with their real direction:
--   SELECT scorecard.register_measure_source('Clean claim rate', 'scorecard.revenue_clean_claims');
-- Each agrees with the same KPI in scorecard.revenue_cycle_kpis. The first
-- four have a row per month and service line (the service's line, else the
-- patient's on the date of service): refresh_measures sums a month's rows,
-- or takes only the line of a measure's unit (org_unit.service_line).

CREATE OR REPLACE VIEW scorecard.revenue_clean_claims WITH (security_invoker = true) AS
SELECT date_trunc('month', c.created_on)::date AS period_start,
       count(*) FILTER (WHERE c.edit_reason IS NULL)::numeric AS numerator,
       count(*)::numeric AS denominator,
       coalesce(s.service_line, b.service_line) AS service_line
  FROM scorecard.claim c
  JOIN scorecard.patient_factory b
    ON b.beneficiary_id = c.beneficiary_id
   AND (b.valid_from IS NULL OR c.service_from >= b.valid_from)
   AND (b.valid_until IS NULL OR c.service_from < b.valid_until)
  LEFT JOIN scorecard.service s ON s.service_id = c.service_id
 GROUP BY 1, 4;
COMMENT ON VIEW scorecard.revenue_clean_claims IS
    'Clean claim rate (higher is better) as a measure source, as HFMA MAP defines it: claims created in the month that passed every billing edit without manual intervention / claims created in the month (entering the edits, billed yet or not), by month and service line.';
COMMENT ON COLUMN scorecard.revenue_clean_claims.period_start IS 'Month the claims were created (entered the billing edits).';
COMMENT ON COLUMN scorecard.revenue_clean_claims.numerator IS 'Claims created in the month that hit no billing edit.';
COMMENT ON COLUMN scorecard.revenue_clean_claims.denominator IS 'Claims created in the month, billed yet or not.';
COMMENT ON COLUMN scorecard.revenue_clean_claims.service_line IS 'Service line (the service''s, else the patient''s on the date of service): a month has a row per line.';

CREATE OR REPLACE VIEW scorecard.revenue_initial_denials WITH (security_invoker = true) AS
SELECT date_trunc('month', LEAST(c.denied_on, c.first_paid_on))::date AS period_start,
       count(*) FILTER (WHERE c.denied_on <= coalesce(c.first_paid_on, c.denied_on))::numeric AS numerator,
       count(*)::numeric AS denominator,
       coalesce(s.service_line, b.service_line) AS service_line
  FROM scorecard.claim c
  JOIN scorecard.patient_factory b
    ON b.beneficiary_id = c.beneficiary_id
   AND (b.valid_from IS NULL OR c.service_from >= b.valid_from)
   AND (b.valid_until IS NULL OR c.service_from < b.valid_until)
  LEFT JOIN scorecard.service s ON s.service_id = c.service_id
 WHERE c.denied_on IS NOT NULL OR c.first_paid_on IS NOT NULL
 GROUP BY 1, 4;
COMMENT ON VIEW scorecard.revenue_initial_denials IS
    'Initial denial rate (lower is better) as a measure source, as HFMA MAP defines it: claims whose first remittance in the month was a denial / claims first remitted (denied, or first paid) in the month, by month of first remittance and service line.';
COMMENT ON COLUMN scorecard.revenue_initial_denials.period_start IS 'Month of the first remittance.';
COMMENT ON COLUMN scorecard.revenue_initial_denials.numerator IS 'Claims whose first remittance in the month was a denial (initial denials).';
COMMENT ON COLUMN scorecard.revenue_initial_denials.denominator IS 'Claims first remitted in the month: denied, or first paid.';
COMMENT ON COLUMN scorecard.revenue_initial_denials.service_line IS 'Service line (the service''s, else the patient''s on the date of service): a month has a row per line.';

CREATE OR REPLACE VIEW scorecard.revenue_reconciled_within_72h WITH (security_invoker = true) AS
SELECT date_trunc('month', y.received_on)::date AS period_start,
       count(*) FILTER (WHERE scorecard.reconciled_on_time(y.received_on, y.reconciled_on, t.today))::numeric AS numerator,
       count(*) FILTER (WHERE scorecard.reconciled_on_time(y.received_on, y.reconciled_on, t.today)
                           OR scorecard.reconciled_late(y.received_on, y.reconciled_on, t.today))::numeric AS denominator,
       coalesce(s.service_line, b.service_line) AS service_line
  FROM scorecard.payment y
 CROSS JOIN (SELECT scorecard.today() AS today OFFSET 0) AS t  -- once, not per row
  JOIN scorecard.claim c ON c.claim_id = y.claim_id
  JOIN scorecard.patient_factory b
    ON b.beneficiary_id = c.beneficiary_id
   AND (b.valid_from IS NULL OR c.service_from >= b.valid_from)
   AND (b.valid_until IS NULL OR c.service_from < b.valid_until)
  LEFT JOIN scorecard.service s ON s.service_id = c.service_id
 GROUP BY 1, 4
HAVING count(*) FILTER (WHERE scorecard.reconciled_on_time(y.received_on, y.reconciled_on, t.today)
                           OR scorecard.reconciled_late(y.received_on, y.reconciled_on, t.today)) > 0;
COMMENT ON VIEW scorecard.revenue_reconciled_within_72h IS
    'Payments reconciled within 72 hours (higher is better) as a measure source: payments received in the month and reconciled within three days / payments whose three days are decided as of scorecard.today() (a payment younger than that and not yet reconciled is in neither), by month of receipt and service line.';
COMMENT ON COLUMN scorecard.revenue_reconciled_within_72h.period_start IS 'Month of receipt.';
COMMENT ON COLUMN scorecard.revenue_reconciled_within_72h.numerator IS 'Payments received in the month and reconciled within three days.';
COMMENT ON COLUMN scorecard.revenue_reconciled_within_72h.denominator IS 'Payments received in the month, reconciled within three days or past them as of scorecard.today().';
COMMENT ON COLUMN scorecard.revenue_reconciled_within_72h.service_line IS 'Service line (the service''s, else the patient''s on the date of service): a month has a row per line.';

CREATE OR REPLACE VIEW scorecard.revenue_documented_within_4h WITH (security_invoker = true) AS
SELECT date_trunc('month', s.service_at)::date AS period_start,
       count(*) FILTER (WHERE s.documented_at <= s.service_at + interval '4 hours')::numeric AS numerator,
       count(*)::numeric AS denominator,
       coalesce(s.service_line, b.service_line) AS service_line
  FROM scorecard.service s
  JOIN scorecard.patient_factory b
    ON b.beneficiary_id = s.beneficiary_id
   AND (b.valid_from IS NULL OR s.service_at >= b.valid_from)
   AND (b.valid_until IS NULL OR s.service_at < b.valid_until)
 GROUP BY 1, 4;
COMMENT ON VIEW scorecard.revenue_documented_within_4h IS
    'Documentation within the 4-hour target (higher is better) as a measure source: services documented within 4 hours of delivery / services, by month of service and service line (undocumented services count as late).';
COMMENT ON COLUMN scorecard.revenue_documented_within_4h.period_start IS 'Month of service (in the session time zone).';
COMMENT ON COLUMN scorecard.revenue_documented_within_4h.numerator IS 'Services of the month documented within 4 hours.';
COMMENT ON COLUMN scorecard.revenue_documented_within_4h.denominator IS 'Services of the month.';
COMMENT ON COLUMN scorecard.revenue_documented_within_4h.service_line IS 'Service line (the service''s, else the patient''s on the date of service): a month has a row per line.';

-- Net days in A/R and the share of A/R over 90 days, at each month end with
-- billing (as scorecard.revenue_cycle_kpis computes them); both lower is
-- better. Put them on the scorecard with unit 'days' and 'ratio'.
CREATE OR REPLACE VIEW scorecard.revenue_net_days_in_ar WITH (security_invoker = true) AS
SELECT k.period_start,
       k.net_ar * k.days_3_months AS numerator,
       k.net_revenue_3_months AS denominator
  FROM scorecard.revenue_cycle_kpis k
 WHERE k.net_revenue_3_months > 0 AND k.net_ar >= 0;
COMMENT ON VIEW scorecard.revenue_net_days_in_ar IS
    'Net days in A/R (HFMA MAP; lower is better; unit ''days'') as a measure source: numerator / denominator = net A/R at month end / (NPSR of the month and the two before it / days in them), the KPI of scorecard.revenue_cycle_kpis unrounded. Months without net revenue in those three, or with a credit net A/R, are left out (missing). A quarter''s figure is the sum of its months'' numerators over the sum of their denominators.';
COMMENT ON COLUMN scorecard.revenue_net_days_in_ar.period_start IS 'Month.';
COMMENT ON COLUMN scorecard.revenue_net_days_in_ar.numerator IS 'Net A/R at month end x days in the month and the two before it.';
COMMENT ON COLUMN scorecard.revenue_net_days_in_ar.denominator IS 'Accrual NPSR of the month and the two before it.';

CREATE OR REPLACE VIEW scorecard.revenue_ar_over_90 WITH (security_invoker = true) AS
SELECT r.period_start, r.ar_over_90 AS numerator, r.net_ar AS denominator
  FROM scorecard.ar_month_ends() AS r
 WHERE r.net_ar > 0;
COMMENT ON VIEW scorecard.revenue_ar_over_90 IS
    'Share of billed A/R over 90 days from the date of service (HFMA MAP) at month end (lower is better; unit ''ratio'') as a measure source: the ar_over_90_share KPI of scorecard.revenue_cycle_kpis unrounded. Months without open billed A/R are left out.';
COMMENT ON COLUMN scorecard.revenue_ar_over_90.period_start IS 'Month.';
COMMENT ON COLUMN scorecard.revenue_ar_over_90.numerator IS 'Open billed A/R over 90 days from the date of service at month end.';
COMMENT ON COLUMN scorecard.revenue_ar_over_90.denominator IS 'Open billed A/R at month end.';
