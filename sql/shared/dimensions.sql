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
    description  text,
    sort_order   integer CONSTRAINT service_line_sort_order_positive CHECK (sort_order > 0)
);
COMMENT ON TABLE scorecard.service_line IS
    'Service lines (focused factories), e.g. Outpatient, Crisis Services, Residential Detox. Every service of a beneficiary, with its revenue and cost, belongs to the line the beneficiary was in on its date (scorecard.patient_factory).';
COMMENT ON COLUMN scorecard.service_line.service_line IS 'Service line name.';
COMMENT ON COLUMN scorecard.service_line.description IS 'What the line provides.';
COMMENT ON COLUMN scorecard.service_line.sort_order IS 'Where the line shows in lists and charts, 1 = first (e.g. along the continuum of care); the views'' service_line_sort_order. NULL: after the numbered lines, by name.';

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
COMMENT ON COLUMN scorecard.beneficiary.service_line IS 'The service line (focused factory) the beneficiary belongs to from enrolment, until a transfer (scorecard.factory_transfer) moves them.';
COMMENT ON COLUMN scorecard.beneficiary.note IS 'Free text.';

-- ---------------------------------------------------------------------
-- A patient's factory over time. beneficiary.service_line is the line
-- from enrolment; each factory_transfer moves the patient to another line
-- from a date on. Every service, claim and stay belongs to the line the
-- patient was in on its date (scorecard.patient_factory), and so do their
-- revenue and cost in the P&L.
-- ---------------------------------------------------------------------
CREATE TABLE scorecard.factory_transfer (
    beneficiary_id text NOT NULL REFERENCES scorecard.beneficiary (beneficiary_id) ON UPDATE CASCADE,
    effective_from date NOT NULL
        CONSTRAINT factory_transfer_effective_from_in_range CHECK (effective_from BETWEEN DATE '1900-01-01' AND DATE '2199-12-31'),
    service_line   text NOT NULL REFERENCES scorecard.service_line (service_line) ON UPDATE CASCADE,
    reason         text,
    PRIMARY KEY (beneficiary_id, effective_from)
);
COMMENT ON TABLE scorecard.factory_transfer IS
    'Moves of a patient to another service line (focused factory), effective from a date: from then on their services, claims, stays, revenue and cost follow the new line. Before the first transfer the patient is in beneficiary.service_line.';
COMMENT ON COLUMN scorecard.factory_transfer.beneficiary_id IS 'The patient.';
COMMENT ON COLUMN scorecard.factory_transfer.effective_from IS 'First day in the new line (services from this date on, in the session time zone).';
COMMENT ON COLUMN scorecard.factory_transfer.service_line IS 'The line the patient belongs to from effective_from on.';
COMMENT ON COLUMN scorecard.factory_transfer.reason IS 'Free text (e.g. stepped down to outpatient care).';
SELECT pg_catalog.pg_extension_config_dump('scorecard.factory_transfer', '');

-- Every line the patient has belonged to, kept by pg_scorecard: row-level
-- security reads it (a line sees the patients it has, or had, with their
-- whole history) without a policy that queries another policy's table.
ALTER TABLE scorecard.beneficiary ADD COLUMN service_lines text[] NOT NULL DEFAULT '{}';
COMMENT ON COLUMN scorecard.beneficiary.service_lines IS
    'Every service line the patient has belonged to (service_line and the lines of their transfers), sorted; kept by pg_scorecard (what is written here is replaced).';

CREATE OR REPLACE FUNCTION scorecard.beneficiary_lines()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    NEW.service_lines := ARRAY(SELECT DISTINCT x.line
                                 FROM (SELECT NEW.service_line AS line
                                       UNION ALL
                                       SELECT t.service_line FROM scorecard.factory_transfer t
                                        WHERE t.beneficiary_id = NEW.beneficiary_id) AS x
                                WHERE x.line IS NOT NULL
                                ORDER BY 1);
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION scorecard.beneficiary_lines() IS
    'Trigger function: sets beneficiary.service_lines from the enrolment line and the patient''s transfers.';
CREATE OR REPLACE TRIGGER beneficiary_lines BEFORE INSERT OR UPDATE ON scorecard.beneficiary
    FOR EACH ROW EXECUTE FUNCTION scorecard.beneficiary_lines();

-- A transfer rewrites its patient's row (which recomputes service_lines):
-- two writers of the same patient's transfers wait for each other, and
-- under REPEATABLE READ or SERIALIZABLE the second fails with 40001.
CREATE OR REPLACE FUNCTION scorecard.factory_transfer_lines()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE scorecard.beneficiary b SET service_lines = b.service_lines
         WHERE b.beneficiary_id IN (SELECT n.beneficiary_id FROM new_rows n);
    ELSIF TG_OP = 'UPDATE' THEN
        UPDATE scorecard.beneficiary b SET service_lines = b.service_lines
         WHERE b.beneficiary_id IN (SELECT n.beneficiary_id FROM new_rows n UNION SELECT o.beneficiary_id FROM old_rows o);
    ELSE
        UPDATE scorecard.beneficiary b SET service_lines = b.service_lines
         WHERE b.beneficiary_id IN (SELECT o.beneficiary_id FROM old_rows o);
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION scorecard.factory_transfer_lines() IS
    'Statement-level trigger function of factory_transfer: recomputes beneficiary.service_lines of the patients the statement touched.';
CREATE OR REPLACE TRIGGER factory_transfer_lines_insert AFTER INSERT ON scorecard.factory_transfer
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION scorecard.factory_transfer_lines();
CREATE OR REPLACE TRIGGER factory_transfer_lines_update AFTER UPDATE ON scorecard.factory_transfer
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION scorecard.factory_transfer_lines();
CREATE OR REPLACE TRIGGER factory_transfer_lines_delete AFTER DELETE ON scorecard.factory_transfer
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION scorecard.factory_transfer_lines();

CREATE OR REPLACE VIEW scorecard.patient_factory WITH (security_invoker = true) AS
SELECT x.beneficiary_id,
       x.service_line,
       x.valid_from,
       lead(x.valid_from) OVER (PARTITION BY x.beneficiary_id ORDER BY x.valid_from NULLS FIRST) AS valid_until
  FROM (SELECT b.beneficiary_id, b.service_line, NULL::date AS valid_from FROM scorecard.beneficiary b
        UNION ALL
        SELECT t.beneficiary_id, t.service_line, t.effective_from FROM scorecard.factory_transfer t) AS x;
COMMENT ON VIEW scorecard.patient_factory IS
    'Which service line (focused factory) each patient belongs to, over time: one row per span, from enrolment (beneficiary.service_line) and each transfer (scorecard.factory_transfer). A service on day d belongs to the span with (valid_from IS NULL OR d >= valid_from) AND (valid_until IS NULL OR d < valid_until).';
COMMENT ON COLUMN scorecard.patient_factory.beneficiary_id IS 'The patient.';
COMMENT ON COLUMN scorecard.patient_factory.service_line IS 'The line of the span (NULL: the patient has no line then).';
COMMENT ON COLUMN scorecard.patient_factory.valid_from IS 'First day of the span; NULL for the span from enrolment.';
COMMENT ON COLUMN scorecard.patient_factory.valid_until IS 'First day after the span (the next transfer); NULL while it lasts.';

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
