-- pg_scorecard: the revenue-cycle KPIs in long form, each month against
-- its target, for dashboards: one row per month and KPI with its value,
-- unit, direction, target, status and colour, and whether the month's
-- claims are old enough to judge. A Big Number or a trend chart needs no
-- custom SQL: filter on kpi, and on is_latest_complete for "this month".

-- The KPIs and their default targets: the thresholds commonly cited for
-- HFMA's MAP Keys (docs/revenue-cycle.md), not HFMA's own benchmarks. A
-- row of scorecard.kpi_target overrides a default from a month on.
CREATE OR REPLACE VIEW scorecard.kpi_definitions WITH (security_invoker = true) AS
SELECT d.kpi, d.kpi_label, d.unit, d.higher_is_better, d.default_target, d.sort_order, d.definition
  FROM (VALUES
    ('net_days_in_ar', 'Net days in A/R', 'days', false, 50::numeric, 1,
     'HFMA MAP: net A/R / (NPSR of the last 3 months / days in them).'),
    ('ar_over_90_share', 'Aged A/R over 90 days', 'share', false, 0.20, 2,
     'HFMA MAP: billed A/R over 90 days from the date of service / billed A/R.'),
    ('initial_denial_rate', 'Initial denial rate', 'share', false, 0.05, 3,
     'HFMA MAP: claims whose first remittance was a denial / claims first remitted in the month.'),
    ('clean_claim_rate', 'Clean claim rate', 'share', true, 0.90, 4,
     'HFMA MAP: claims entering the edits that passed every edit untouched / claims entering the edits.'),
    ('cash_collected_share', 'Cash collection as % of NPSR', 'share', true, 1.00, 5,
     'HFMA MAP: cash received in the month / average monthly NPSR of the last 3 months.'),
    ('denial_write_off_share', 'Denial write-offs as % of NPSR', 'share', false, 0.02, 6,
     'HFMA MAP: expected revenue written off on denied claims / NPSR.'),
    ('bad_debt_charity_share', 'Bad debt and charity as % of gross revenue', 'share', false, NULL, 7,
     'HFMA MAP: (bad debt + charity written off) / gross charges billed. No default target: it depends on the payer mix.'),
    ('days_in_dnfb', 'Days in discharged not final billed', 'days', false, 5, 8,
     'HFMA MAP: charges of services no claim names yet / average daily gross revenue of the last 3 months.'),
    ('days_in_fbns', 'Days in final billed not submitted', 'days', false, 2, 9,
     'HFMA MAP: claims created but not yet sent / average daily gross revenue of the last 3 months.'),
    ('point_of_service_share', 'Point-of-service collections', 'share', true, NULL, 10,
     'HFMA MAP: patient cash collected at the point of service / patient cash. No default target.'),
    ('insurance_verification_rate', 'Insurance verification rate', 'share', true, 0.95, 11,
     'HFMA MAP: insured services verified eligible within 30 days before the service / insured services.'),
    ('service_authorization_rate', 'Service authorization rate', 'share', true, 0.95, 12,
     'HFMA MAP: services needing prior authorization that had one / services needing it.'),
    ('unreconciled_72h_share', 'Payments not reconciled within 72 hours', 'share', false, 0, 13,
     'The source: payments not reconciled by day three / payments old enough to judge.')
  ) AS d(kpi, kpi_label, unit, higher_is_better, default_target, sort_order, definition);
COMMENT ON VIEW scorecard.kpi_definitions IS
    'The revenue-cycle KPIs of scorecard.revenue_cycle_kpi_status: name, label, unit, direction, default target (the thresholds commonly cited for HFMA MAP Keys; scorecard.kpi_target overrides them) and definition.';
COMMENT ON COLUMN scorecard.kpi_definitions.kpi IS 'Key of the KPI (the column of scorecard.revenue_cycle_kpis or scorecard.patient_access it comes from).';
COMMENT ON COLUMN scorecard.kpi_definitions.kpi_label IS 'Its name for a reader (the HFMA MAP Key''s name).';
COMMENT ON COLUMN scorecard.kpi_definitions.unit IS '''days'' or ''share'' (a fraction: 0.05 is 5%).';
COMMENT ON COLUMN scorecard.kpi_definitions.higher_is_better IS 'True when a higher value is better.';
COMMENT ON COLUMN scorecard.kpi_definitions.default_target IS 'Default target (a ceiling when lower is better, a floor when higher is); NULL: none.';
COMMENT ON COLUMN scorecard.kpi_definitions.sort_order IS 'Position on a dashboard.';
COMMENT ON COLUMN scorecard.kpi_definitions.definition IS 'How it is computed.';

CREATE OR REPLACE FUNCTION scorecard.kpi_known(kpi text)
RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE
RETURN EXISTS (SELECT 1 FROM scorecard.kpi_definitions d WHERE d.kpi = kpi_known.kpi);
COMMENT ON FUNCTION scorecard.kpi_known(text) IS 'True when kpi is one of scorecard.kpi_definitions.';

CREATE TABLE scorecard.kpi_target (
    kpi            text NOT NULL,
    effective_from date NOT NULL
        CONSTRAINT kpi_target_effective_from_in_range CHECK (effective_from BETWEEN DATE '1900-01-01' AND DATE '2199-12-31')
        CONSTRAINT kpi_target_effective_from_month_start CHECK (pg_catalog.date_part('day', effective_from) = 1),
    target         numeric
        CONSTRAINT kpi_target_target_in_range CHECK (target >= 0 AND target < 1e15),
    note           text,
    PRIMARY KEY (kpi, effective_from)
);
COMMENT ON TABLE scorecard.kpi_target IS
    'The organisation''s own targets for the revenue-cycle KPIs, from a month on (the latest effective_from on or before a month applies); without one, the default of scorecard.kpi_definitions.';
COMMENT ON COLUMN scorecard.kpi_target.kpi IS 'The KPI (scorecard.kpi_definitions.kpi).';
COMMENT ON COLUMN scorecard.kpi_target.effective_from IS 'First month the target applies to (its first day).';
COMMENT ON COLUMN scorecard.kpi_target.target IS 'Target: a ceiling when lower is better, a floor when higher is (a share as a fraction); NULL: no target from then on.';
COMMENT ON COLUMN scorecard.kpi_target.note IS 'Free text (where the target comes from).';
SELECT pg_catalog.pg_extension_config_dump('scorecard.kpi_target', '');

CREATE OR REPLACE FUNCTION scorecard.kpi_target_check()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NOT scorecard.kpi_known(NEW.kpi) THEN
        RAISE EXCEPTION 'unknown KPI %', quote_literal(NEW.kpi)
            USING ERRCODE = 'foreign_key_violation',
                  HINT = 'One of ' || (SELECT string_agg(d.kpi, ', ' ORDER BY d.sort_order) FROM scorecard.kpi_definitions d) || '.';
    END IF;
    IF NEW.target > 1 AND (SELECT d.unit FROM scorecard.kpi_definitions d WHERE d.kpi = NEW.kpi) = 'share' THEN
        RAISE EXCEPTION 'target % of % is a share: a fraction from 0 to 1 (0.05 is 5%%)', NEW.target, quote_literal(NEW.kpi)
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION scorecard.kpi_target_check() IS
    'Trigger function: refuses a target for an unknown KPI (23503) or a share target above 1 (23514).';
CREATE OR REPLACE TRIGGER kpi_target_check BEFORE INSERT OR UPDATE ON scorecard.kpi_target
    FOR EACH ROW EXECUTE FUNCTION scorecard.kpi_target_check();

CREATE OR REPLACE VIEW scorecard.revenue_cycle_kpi_status WITH (security_invoker = true) AS
WITH t AS MATERIALIZED (
    SELECT scorecard.today() AS today
), measured AS (
    SELECT k.period_start, k.is_complete, x.kpi, x.value
      FROM scorecard.revenue_cycle_kpis k
     CROSS JOIN LATERAL (VALUES ('net_days_in_ar', k.net_days_in_ar), ('ar_over_90_share', k.ar_over_90_share),
                                ('initial_denial_rate', k.initial_denial_rate), ('clean_claim_rate', k.clean_claim_rate),
                                ('cash_collected_share', k.cash_collected_share),
                                ('denial_write_off_share', k.denial_write_off_share),
                                ('bad_debt_charity_share', k.bad_debt_charity_share), ('days_in_dnfb', k.days_in_dnfb),
                                ('days_in_fbns', k.days_in_fbns), ('point_of_service_share', k.point_of_service_share),
                                ('unreconciled_72h_share', k.unreconciled_72h_share)) AS x(kpi, value)
    UNION ALL
    -- Patient access, by month of service: complete on the same terms as
    -- the month's other KPIs (month end + 3 days).
    SELECT a.period_start, ((a.period_start + interval '1 month')::date - 1) + 3 <= t.today, x.kpi, x.value
      FROM scorecard.patient_access a
     CROSS JOIN t
     CROSS JOIN LATERAL (VALUES ('insurance_verification_rate', a.verification_rate),
                                ('service_authorization_rate', a.authorization_rate)) AS x(kpi, value)
), targeted AS (
    SELECT m.period_start, m.is_complete, m.kpi, m.value, d.kpi_label, d.unit, d.higher_is_better, d.sort_order,
           CASE WHEN o.kpi IS NOT NULL THEN o.target ELSE d.default_target END AS target
      FROM measured m
      JOIN scorecard.kpi_definitions d ON d.kpi = m.kpi
      LEFT JOIN LATERAL (SELECT u.kpi, u.target FROM scorecard.kpi_target u
                          WHERE u.kpi = m.kpi AND u.effective_from <= m.period_start
                          ORDER BY u.effective_from DESC LIMIT 1) AS o ON true
), judged AS (
    SELECT g.*,
           CASE WHEN g.value IS NULL THEN 'no value'
                WHEN g.target IS NULL THEN 'no target'
                WHEN NOT g.is_complete THEN 'not yet complete'
                WHEN g.higher_is_better AND g.value >= g.target THEN 'on target'
                WHEN NOT g.higher_is_better AND g.value <= g.target THEN 'on target'
                ELSE 'off target' END AS status
      FROM targeted g
)
SELECT j.period_start,
       'month'::text AS period_grain,
       scorecard.period_label('month', j.period_start) AS period_label,
       j.kpi,
       j.kpi_label,
       round(j.value, CASE j.unit WHEN 'share' THEN 4 ELSE 1 END) AS value,
       j.unit,
       j.higher_is_better,
       j.target,
       j.status,
       CASE j.status WHEN 'on target' THEN '#2e7d32' WHEN 'off target' THEN '#c62828' ELSE '#9e9e9e' END AS status_color,
       j.is_complete,
       j.is_complete AND j.period_start = max(j.period_start) FILTER (WHERE j.is_complete) OVER (PARTITION BY j.kpi)
           AS is_latest_complete,
       j.sort_order
  FROM judged j;
COMMENT ON VIEW scorecard.revenue_cycle_kpi_status IS
    'The revenue-cycle KPIs in long form, one row per month and KPI (scorecard.revenue_cycle_kpis and scorecard.patient_access), with the target in force (scorecard.kpi_target, else the default of scorecard.kpi_definitions) and a status: a month whose claims are not yet old enough to judge is ''not yet complete'', whatever its value. Values rounded for display (shares to 4 places, days to 1); the exact ones are in the source views.';
COMMENT ON COLUMN scorecard.revenue_cycle_kpi_status.period_start IS 'First day of the month.';
COMMENT ON COLUMN scorecard.revenue_cycle_kpi_status.period_grain IS '''month''.';
COMMENT ON COLUMN scorecard.revenue_cycle_kpi_status.period_label IS 'The month for a reader, e.g. ''Jun 2016''.';
COMMENT ON COLUMN scorecard.revenue_cycle_kpi_status.kpi IS 'Key of the KPI (scorecard.kpi_definitions).';
COMMENT ON COLUMN scorecard.revenue_cycle_kpi_status.kpi_label IS 'Its name for a reader.';
COMMENT ON COLUMN scorecard.revenue_cycle_kpi_status.value IS 'The month''s value: a share as a fraction (4 places) or days (1 place); NULL when there is nothing to measure.';
COMMENT ON COLUMN scorecard.revenue_cycle_kpi_status.unit IS '''share'' or ''days''.';
COMMENT ON COLUMN scorecard.revenue_cycle_kpi_status.higher_is_better IS 'True when a higher value is better.';
COMMENT ON COLUMN scorecard.revenue_cycle_kpi_status.target IS 'Target in force that month: a ceiling when lower is better, a floor when higher is; NULL: none.';
COMMENT ON COLUMN scorecard.revenue_cycle_kpi_status.status IS '''on target'', ''off target'', ''not yet complete'' (the month is not old enough to judge), ''no target'' or ''no value''.';
COMMENT ON COLUMN scorecard.revenue_cycle_kpi_status.status_color IS 'Colour of the status: green on target, red off target, grey otherwise.';
COMMENT ON COLUMN scorecard.revenue_cycle_kpi_status.is_complete IS 'Data maturity: the month ended at least 3 days before scorecard.today(), so its figures no longer wait on the calendar.';
COMMENT ON COLUMN scorecard.revenue_cycle_kpi_status.is_latest_complete IS 'True on the latest complete month of each KPI: what a Big Number shows as "this month".';
COMMENT ON COLUMN scorecard.revenue_cycle_kpi_status.sort_order IS 'Position of the KPI on a dashboard.';
