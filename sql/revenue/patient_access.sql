-- pg_scorecard: patient access, the front end of the revenue cycle.
-- Eligibility and insurance verification at intake and re-verification at
-- later visits (the source), payers' prior authorizations, and HFMA MAP's
-- insurance-verification and service-authorization rates.

CREATE TABLE scorecard.eligibility_check (
    check_id       text PRIMARY KEY,
    beneficiary_id text NOT NULL REFERENCES scorecard.beneficiary (beneficiary_id) ON UPDATE CASCADE,
    payer_id       text NOT NULL REFERENCES scorecard.payer (payer_id) ON UPDATE CASCADE,
    checked_on     date NOT NULL
        CONSTRAINT eligibility_check_checked_on_in_range CHECK (checked_on BETWEEN DATE '1900-01-01' AND DATE '2199-12-31'),
    kind           text NOT NULL
        CONSTRAINT eligibility_check_kind_known CHECK (kind IN ('intake', 're-verification')),
    result         text NOT NULL
        CONSTRAINT eligibility_check_result_known CHECK (result IN ('eligible', 'not eligible', 'unable to verify'))
);
COMMENT ON TABLE scorecard.eligibility_check IS
    'Eligibility and insurance verification: each check of a beneficiary''s coverage with a payer, at intake or re-verified at a later visit, and its result.';
COMMENT ON COLUMN scorecard.eligibility_check.check_id IS 'Identifier of the check.';
COMMENT ON COLUMN scorecard.eligibility_check.beneficiary_id IS 'Whose coverage.';
COMMENT ON COLUMN scorecard.eligibility_check.payer_id IS 'With which payer.';
COMMENT ON COLUMN scorecard.eligibility_check.checked_on IS 'Day of the check.';
COMMENT ON COLUMN scorecard.eligibility_check.kind IS 'intake or re-verification.';
COMMENT ON COLUMN scorecard.eligibility_check.result IS 'eligible, not eligible, or unable to verify.';
CREATE INDEX eligibility_check_beneficiary_idx ON scorecard.eligibility_check (beneficiary_id, payer_id, checked_on);
SELECT pg_catalog.pg_extension_config_dump('scorecard.eligibility_check', '');

CREATE TABLE scorecard.prior_authorization (
    authorization_id text PRIMARY KEY,
    beneficiary_id   text NOT NULL REFERENCES scorecard.beneficiary (beneficiary_id) ON UPDATE CASCADE,
    payer_id         text NOT NULL REFERENCES scorecard.payer (payer_id) ON UPDATE CASCADE,
    service_line     text REFERENCES scorecard.service_line (service_line) ON UPDATE CASCADE,
    valid_from       date NOT NULL
        CONSTRAINT prior_authorization_valid_from_in_range CHECK (valid_from BETWEEN DATE '1900-01-01' AND DATE '2199-12-31'),
    valid_to         date NOT NULL
        CONSTRAINT prior_authorization_valid_to_in_range CHECK (valid_to BETWEEN DATE '1900-01-01' AND DATE '2199-12-31'),
    CONSTRAINT prior_authorization_dates_in_order CHECK (valid_to >= valid_from)
);
COMMENT ON TABLE scorecard.prior_authorization IS
    'Prior authorizations a payer granted for a beneficiary''s services (of one service line, or any), valid over a span of dates of service.';
COMMENT ON COLUMN scorecard.prior_authorization.authorization_id IS 'The payer''s authorization number.';
COMMENT ON COLUMN scorecard.prior_authorization.beneficiary_id IS 'For whom.';
COMMENT ON COLUMN scorecard.prior_authorization.payer_id IS 'Granted by.';
COMMENT ON COLUMN scorecard.prior_authorization.service_line IS 'For services delivered in this line; NULL: any.';
COMMENT ON COLUMN scorecard.prior_authorization.valid_from IS 'First date of service it covers.';
COMMENT ON COLUMN scorecard.prior_authorization.valid_to IS 'Last date of service it covers.';
CREATE INDEX prior_authorization_beneficiary_idx ON scorecard.prior_authorization (beneficiary_id, payer_id, valid_from);
SELECT pg_catalog.pg_extension_config_dump('scorecard.prior_authorization', '');

-- Per month of service, over the claims billed (or awaiting billing) for a
-- service: insured services verified within window_days before the date
-- of service (an eligible check with the claim's payer), and services
-- whose contract term requires authorization covered by one.
CREATE OR REPLACE FUNCTION scorecard.patient_access_rates(window_days integer DEFAULT 30)
RETURNS TABLE (period_start date, insured_services bigint, verified_services bigint, verification_rate numeric,
               services_requiring_authorization bigint, authorized_services bigint, authorization_rate numeric)
LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT x.month,
           count(*) FILTER (WHERE x.insured),
           count(*) FILTER (WHERE x.insured AND x.verified),
           round((count(*) FILTER (WHERE x.insured AND x.verified))::numeric / NULLIF(count(*) FILTER (WHERE x.insured), 0), 4),
           count(*) FILTER (WHERE x.needs_authorization),
           count(*) FILTER (WHERE x.needs_authorization AND x.authorized),
           round((count(*) FILTER (WHERE x.needs_authorization AND x.authorized))::numeric
                 / NULLIF(count(*) FILTER (WHERE x.needs_authorization), 0), 4)
      FROM (SELECT date_trunc('month', c.service_from::timestamp)::date AS month,
                   p.payer_type <> 'self-pay' AS insured,
                   EXISTS (SELECT 1 FROM scorecard.eligibility_check e
                            WHERE e.beneficiary_id = c.beneficiary_id AND e.payer_id = c.payer_id AND e.result = 'eligible'
                              AND e.checked_on BETWEEN c.service_from - patient_access_rates.window_days AND c.service_from) AS verified,
                   coalesce(k.requires_authorization, false) AS needs_authorization,
                   EXISTS (SELECT 1 FROM scorecard.prior_authorization a
                            WHERE a.beneficiary_id = c.beneficiary_id AND a.payer_id = c.payer_id
                              AND (a.service_line IS NULL OR a.service_line = s.service_line)
                              AND c.service_from BETWEEN a.valid_from AND a.valid_to) AS authorized
              FROM scorecard.claim c
              JOIN scorecard.payer p ON p.payer_id = c.payer_id
              JOIN scorecard.service s ON s.service_id = c.service_id
              LEFT JOIN scorecard.payer_contract k ON k.contract_id = c.contract_id
             WHERE c.amount > 0 AND patient_access_rates.window_days >= 0) AS x
     GROUP BY x.month;
END;
COMMENT ON FUNCTION scorecard.patient_access_rates(integer) IS
    'Per month of service, over the claims for a service (claim.service_id; credit claims left out): insured services (payer not self-pay) and those whose coverage with the claim''s payer was verified eligible within window_days before the date of service (HFMA MAP insurance verification rate), and services priced by a contract term that requires authorization and those covered by an authorization of that payer (HFMA MAP service authorization rate). No rows for a negative window.';

CREATE OR REPLACE VIEW scorecard.patient_access WITH (security_invoker = true) AS
SELECT r.period_start, 'month'::text AS period_grain, r.insured_services, r.verified_services, r.verification_rate,
       r.services_requiring_authorization, r.authorized_services, r.authorization_rate
  FROM scorecard.patient_access_rates(30) AS r;
COMMENT ON VIEW scorecard.patient_access IS
    'Patient access per month of service: insurance verification rate (insured services verified eligible within 30 days before the service: at intake or re-verified at a later visit) and service authorization rate (services whose contract term requires authorization that had one). Another window: scorecard.patient_access_rates(days).';
COMMENT ON COLUMN scorecard.patient_access.period_start IS 'Month of service.';
COMMENT ON COLUMN scorecard.patient_access.period_grain IS '''month''.';
COMMENT ON COLUMN scorecard.patient_access.insured_services IS 'Services billed to a payer that is not self-pay.';
COMMENT ON COLUMN scorecard.patient_access.verified_services IS 'Of those, with an eligible check with that payer within 30 days before the date of service.';
COMMENT ON COLUMN scorecard.patient_access.verification_rate IS 'HFMA MAP insurance verification rate: verified_services / insured_services.';
COMMENT ON COLUMN scorecard.patient_access.services_requiring_authorization IS 'Services priced by a contract term that requires authorization.';
COMMENT ON COLUMN scorecard.patient_access.authorized_services IS 'Of those, covered by an authorization of the payer (for the service''s line or any) on the date of service.';
COMMENT ON COLUMN scorecard.patient_access.authorization_rate IS 'HFMA MAP service authorization rate: authorized_services / services_requiring_authorization.';
