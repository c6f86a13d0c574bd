-- pg_scorecard: care and funding data the finance measures, the case rates
-- and the focused factories read: stays (with readmissions), time studies,
-- the Medi-Cal share. Filled by an ETL job; pg_dump keeps every row.

CREATE TABLE scorecard.stay (
    stay_id        text PRIMARY KEY,
    beneficiary_id text NOT NULL REFERENCES scorecard.beneficiary (beneficiary_id) ON UPDATE CASCADE,
    payer_id       text NOT NULL REFERENCES scorecard.payer (payer_id) ON UPDATE CASCADE,
    acuity_level   text NOT NULL REFERENCES scorecard.acuity_level (acuity_level) ON UPDATE CASCADE,
    admitted_on    date NOT NULL,
    discharged_on  date,
    readmission_of text REFERENCES scorecard.stay (stay_id) ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED,
    cost           numeric NOT NULL DEFAULT 0,
    billable_days  integer
        CONSTRAINT stay_billable_days_not_negative CHECK (billable_days >= 0),
    diagnostic_category text REFERENCES scorecard.diagnostic_category (diagnostic_category) ON UPDATE CASCADE,
    CONSTRAINT stay_discharge_after_admission CHECK (discharged_on >= admitted_on),
    CONSTRAINT stay_cost_not_negative CHECK (cost >= 0 AND cost <> 'Infinity'),
    CONSTRAINT stay_not_its_own_readmission CHECK (readmission_of <> stay_id)
);
COMMENT ON TABLE scorecard.stay IS
    'Episodes of care at one acuity level (placements, inpatient stays). A readmission names the stay whose discharge it followed; its cost is charged to that stay''s acuity level in the case-rate views.';
COMMENT ON COLUMN scorecard.stay.stay_id IS 'The warehouse''s episode identifier.';
COMMENT ON COLUMN scorecard.stay.beneficiary_id IS 'Who was served.';
COMMENT ON COLUMN scorecard.stay.payer_id IS 'Who pays for the stay (the funding stream).';
COMMENT ON COLUMN scorecard.stay.acuity_level IS 'Acuity level the stay was delivered at.';
COMMENT ON COLUMN scorecard.stay.admitted_on IS 'Admission date.';
COMMENT ON COLUMN scorecard.stay.discharged_on IS 'Discharge date; NULL while the stay is open.';
COMMENT ON COLUMN scorecard.stay.billable_days IS 'Days of the stay that were billable to its payer (for the Medi-Cal billable-days measure); NULL: not known.';
COMMENT ON COLUMN scorecard.stay.readmission_of IS 'For a readmission: the earlier stay of the same beneficiary whose discharge it followed. NULL otherwise.';
COMMENT ON COLUMN scorecard.stay.diagnostic_category IS 'Diagnostic category of the stay (its principal diagnosis); NULL: not recorded.';
COMMENT ON COLUMN scorecard.stay.cost IS
    'The stay''s cost in the case-rate pool: salaries, benefits, per diem, overtime, shift differentials, on-call, home-visit mileage, education hours, case-consultation hours.';

CREATE INDEX stay_beneficiary_idx ON scorecard.stay (beneficiary_id);

CREATE TABLE scorecard.time_study (
    entry_id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    study_date       date NOT NULL,
    clinician_id     text REFERENCES scorecard.clinician (clinician_id) ON UPDATE CASCADE,
    minutes          numeric NOT NULL
        CONSTRAINT time_study_minutes_positive CHECK (minutes > 0 AND minutes <> 'Infinity'),
    maa_reimbursable boolean NOT NULL
);
COMMENT ON TABLE scorecard.time_study IS 'Time-study minutes (Medi-Cal Administrative Activities, MAA), for the MAA productivity measure.';
COMMENT ON COLUMN scorecard.time_study.entry_id IS 'Surrogate key.';
COMMENT ON COLUMN scorecard.time_study.study_date IS 'Date the time was studied.';
COMMENT ON COLUMN scorecard.time_study.clinician_id IS 'Whose time.';
COMMENT ON COLUMN scorecard.time_study.minutes IS 'Minutes studied (positive).';
COMMENT ON COLUMN scorecard.time_study.maa_reimbursable IS 'True when the minutes went to reimbursable MAA.';

CREATE TABLE scorecard.medi_cal_share (
    period_start date PRIMARY KEY
        CONSTRAINT medi_cal_share_month_start CHECK (pg_catalog.date_part('day', period_start) = 1),
    share        numeric NOT NULL
        CONSTRAINT medi_cal_share_fraction CHECK (share > 0 AND share <= 1)
);
COMMENT ON TABLE scorecard.medi_cal_share IS 'Share of beneficiaries eligible for Medi-Cal per month (from Research and Planning), for the MAA measure.';
COMMENT ON COLUMN scorecard.medi_cal_share.period_start IS 'Month (its first day).';
COMMENT ON COLUMN scorecard.medi_cal_share.share IS 'Medi-Cal share of beneficiaries, a fraction in (0, 1].';
CREATE INDEX stay_readmission_of_idx ON scorecard.stay (readmission_of);

-- The readmission rule: a readmission follows a discharged stay of the same
-- beneficiary (its index stay). Checked when the transaction commits (a
-- deferred constraint trigger, with the deferred foreign key), so the rows
-- of a COPY or a pg_restore may come in any order; checked from both ends,
-- so reopening or moving an index stay is held to it too. The check
-- rewrites the index stay row (a no-op update): a concurrent change to it
-- then waits, and under REPEATABLE READ fails with 40001, instead of both
-- passing.
CREATE OR REPLACE FUNCTION scorecard.stay_check()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    cur scorecard.stay;
    index_stay scorecard.stay;
    r scorecard.stay;
BEGIN
    SELECT * INTO cur FROM scorecard.stay s WHERE s.stay_id = NEW.stay_id;
    IF NOT FOUND THEN
        RETURN NULL;  -- deleted later in the transaction
    END IF;
    IF cur.readmission_of IS NOT NULL THEN
        SELECT * INTO index_stay FROM scorecard.stay s WHERE s.stay_id = cur.readmission_of FOR UPDATE;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'stay % is a readmission of unknown stay %', cur.stay_id, cur.readmission_of
                USING ERRCODE = 'foreign_key_violation';
        END IF;
        IF index_stay.beneficiary_id <> cur.beneficiary_id THEN
            RAISE EXCEPTION 'stay % of beneficiary % cannot be a readmission of stay % of beneficiary %',
                cur.stay_id, cur.beneficiary_id, index_stay.stay_id, index_stay.beneficiary_id
                USING ERRCODE = 'check_violation';
        END IF;
        IF index_stay.discharged_on IS NULL OR index_stay.discharged_on > cur.admitted_on THEN
            RAISE EXCEPTION 'stay % (admitted %) cannot be a readmission of stay %, which was not discharged by then',
                cur.stay_id, scorecard.date_text(cur.admitted_on), index_stay.stay_id
                USING ERRCODE = 'check_violation';
        END IF;
        UPDATE scorecard.stay s SET readmission_of = s.readmission_of WHERE s.stay_id = index_stay.stay_id;
    END IF;
    FOR r IN SELECT * FROM scorecard.stay s WHERE s.readmission_of = cur.stay_id ORDER BY s.stay_id LOOP
        IF r.beneficiary_id <> cur.beneficiary_id OR cur.discharged_on IS NULL OR cur.discharged_on > r.admitted_on THEN
            RAISE EXCEPTION 'stay % has readmission %, so it must stay a discharged stay of beneficiary % (discharged by %)',
                cur.stay_id, r.stay_id, r.beneficiary_id, scorecard.date_text(r.admitted_on)
                USING ERRCODE = 'check_violation';
        END IF;
    END LOOP;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION scorecard.stay_check() IS
    'Constraint trigger function, deferred to commit: a readmission must follow a discharged stay of the same beneficiary, and a stay with readmissions must remain one.';
CREATE CONSTRAINT TRIGGER stay_check AFTER INSERT OR UPDATE ON scorecard.stay
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION scorecard.stay_check();

-- ---------------------------------------------------------------------
-- Values that could take a view down for everyone: NaN (which compares
-- above every number, so "> 0" lets it through), the infinities, absurd
-- magnitudes (|x| >= 1e15, past what the exact arithmetic keeps with 13
-- decimals), infinite or absurd dates (outside 1900-2199). Each column is
-- refused at the table, 23514, by a constraint named table_column_in_range.
-- The same statements are in the upgrade script.
-- ---------------------------------------------------------------------
ALTER TABLE scorecard.stay ADD CONSTRAINT stay_admitted_on_in_range CHECK (admitted_on BETWEEN DATE '1900-01-01' AND DATE '2199-12-31');
ALTER TABLE scorecard.stay ADD CONSTRAINT stay_discharged_on_in_range CHECK (discharged_on BETWEEN DATE '1900-01-01' AND DATE '2199-12-31');
ALTER TABLE scorecard.stay ADD CONSTRAINT stay_cost_in_range CHECK (cost < 1e15);
ALTER TABLE scorecard.stay ADD CONSTRAINT stay_billable_days_in_range CHECK (billable_days <= 36500);
ALTER TABLE scorecard.time_study ADD CONSTRAINT time_study_study_date_in_range CHECK (study_date BETWEEN DATE '1900-01-01' AND DATE '2199-12-31');
ALTER TABLE scorecard.time_study ADD CONSTRAINT time_study_minutes_in_range CHECK (minutes < 1e15);
ALTER TABLE scorecard.medi_cal_share ADD CONSTRAINT medi_cal_share_period_start_in_range CHECK (period_start BETWEEN DATE '1900-01-01' AND DATE '2199-12-31');

SELECT pg_catalog.pg_extension_config_dump('scorecard.stay', '');
SELECT pg_catalog.pg_extension_config_dump('scorecard.time_study', '');
SELECT pg_catalog.pg_extension_config_dump('scorecard.time_study_entry_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('scorecard.medi_cal_share', '');
