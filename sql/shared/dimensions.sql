-- pg_scorecard: the dimensions every family refers to (payers, service
-- lines, clinicians, acuity levels, beneficiaries). An ETL job (or a DBA's
-- INSERT ... SELECT from the warehouse) fills them; keys are text so a
-- warehouse's own identifiers (MRNs, payer codes) fit as they are.

CREATE TABLE scorecard.payer (
    payer_id           text PRIMARY KEY,
    name               text NOT NULL,
    payer_type         text NOT NULL
        CONSTRAINT payer_type_known CHECK (payer_type IN ('Medi-Cal', 'Medicare', 'commercial', 'self-pay', 'other')),
    payment_terms_days integer NOT NULL DEFAULT 30
        CONSTRAINT payer_terms_not_negative CHECK (payment_terms_days >= 0)
);
COMMENT ON TABLE scorecard.payer IS 'Payers and funding streams.';
COMMENT ON COLUMN scorecard.payer.payer_id IS 'The warehouse''s payer code.';
COMMENT ON COLUMN scorecard.payer.name IS 'Payer name.';
COMMENT ON COLUMN scorecard.payer.payer_type IS 'One of Medi-Cal, Medicare, commercial, self-pay, other: the grouping of case rates and A/R reports.';
COMMENT ON COLUMN scorecard.payer.payment_terms_days IS 'Days after the bill date a claim falls due, when the claim carries no due date of its own (default 30).';

CREATE TABLE scorecard.service_line (
    service_line text PRIMARY KEY,
    description  text
);
COMMENT ON TABLE scorecard.service_line IS
    'Service lines (focused factories), e.g. Outpatient, Crisis Services, Residential Detox. Every service of a beneficiary is allocated to the line the beneficiary belongs to.';
COMMENT ON COLUMN scorecard.service_line.service_line IS 'Service line name.';
COMMENT ON COLUMN scorecard.service_line.description IS 'What the line provides.';

CREATE TABLE scorecard.clinician (
    clinician_id text PRIMARY KEY,
    name         text NOT NULL,
    role         text
);
COMMENT ON TABLE scorecard.clinician IS 'Clinicians who deliver and document services.';
COMMENT ON COLUMN scorecard.clinician.clinician_id IS 'The warehouse''s clinician identifier.';
COMMENT ON COLUMN scorecard.clinician.name IS 'Name.';
COMMENT ON COLUMN scorecard.clinician.role IS 'Role or licence (e.g. LCSW, RN, psychiatrist).';

CREATE TABLE scorecard.acuity_level (
    acuity_level    text PRIMARY KEY,
    rank            smallint NOT NULL UNIQUE,
    description     text,
    target_los_days integer
        CONSTRAINT acuity_level_target_los_positive CHECK (target_los_days > 0),
    high_acuity     boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE scorecard.acuity_level IS 'Service-intensity (acuity) levels, the unit of case rates and break-even.';
COMMENT ON COLUMN scorecard.acuity_level.acuity_level IS 'Level code, e.g. ''Crisis Residential''.';
COMMENT ON COLUMN scorecard.acuity_level.rank IS 'Order of intensity: 1 is the lowest.';
COMMENT ON COLUMN scorecard.acuity_level.description IS 'What the level provides (service hours per day, staffing, skill mix).';
COMMENT ON COLUMN scorecard.acuity_level.target_los_days IS 'Target length of stay at this level, in days (for the LOS measure); NULL: none.';
COMMENT ON COLUMN scorecard.acuity_level.high_acuity IS 'True for high-acuity placements (for the placement-cost measure).';

CREATE TABLE scorecard.beneficiary (
    beneficiary_id text PRIMARY KEY,
    service_line   text REFERENCES scorecard.service_line (service_line) ON UPDATE CASCADE,
    note           text
);
COMMENT ON TABLE scorecard.beneficiary IS 'People served.';
COMMENT ON COLUMN scorecard.beneficiary.beneficiary_id IS 'The warehouse''s beneficiary identifier (e.g. MRN).';
COMMENT ON COLUMN scorecard.beneficiary.service_line IS 'The service line (focused factory) the beneficiary belongs to.';
COMMENT ON COLUMN scorecard.beneficiary.note IS 'Free text.';

CREATE TABLE scorecard.diagnostic_category (
    diagnostic_category text PRIMARY KEY,
    description         text
);
COMMENT ON TABLE scorecard.diagnostic_category IS
    'Diagnostic categories services and stays are grouped by (e.g. mood disorders, psychotic disorders, substance use disorders), for the service delivery profile.';
COMMENT ON COLUMN scorecard.diagnostic_category.diagnostic_category IS 'Category name or code.';
COMMENT ON COLUMN scorecard.diagnostic_category.description IS 'What it covers (e.g. the ICD-10 blocks).';

-- ---------------------------------------------------------------------
-- Values that could take a view down for everyone: NaN (which compares
-- above every number, so "> 0" lets it through), the infinities, absurd
-- magnitudes (|x| >= 1e15, past what the exact arithmetic keeps with 13
-- decimals), infinite or absurd dates (outside 1900-2199). Each column is
-- refused at the table, 23514, by a constraint named table_column_in_range.
-- The same statements are in the upgrade script.
-- ---------------------------------------------------------------------
ALTER TABLE scorecard.payer ADD CONSTRAINT payer_payment_terms_days_in_range CHECK (payment_terms_days <= 3650);
ALTER TABLE scorecard.acuity_level ADD CONSTRAINT acuity_level_target_los_days_in_range CHECK (target_los_days <= 36500);

SELECT pg_catalog.pg_extension_config_dump('scorecard.payer', '');
SELECT pg_catalog.pg_extension_config_dump('scorecard.service_line', '');
SELECT pg_catalog.pg_extension_config_dump('scorecard.clinician', '');
SELECT pg_catalog.pg_extension_config_dump('scorecard.acuity_level', '');
SELECT pg_catalog.pg_extension_config_dump('scorecard.beneficiary', '');
SELECT pg_catalog.pg_extension_config_dump('scorecard.diagnostic_category', '');
