-- pg_scorecard: the revenue-cycle input layer. An ETL job (or a DBA's
-- INSERT ... SELECT from the warehouse) fills these; pg_dump keeps them.
-- Triggers refuse inconsistent rows with a message that names the rule;
-- the constraints enforce the same rules as a safety net.

CREATE TABLE scorecard.service (
    service_id     text PRIMARY KEY,
    beneficiary_id text NOT NULL REFERENCES scorecard.beneficiary (beneficiary_id) ON UPDATE CASCADE,
    clinician_id   text REFERENCES scorecard.clinician (clinician_id) ON UPDATE CASCADE,
    service_line   text REFERENCES scorecard.service_line (service_line) ON UPDATE CASCADE,
    acuity_level   text REFERENCES scorecard.acuity_level (acuity_level) ON UPDATE CASCADE,
    stay_id        text REFERENCES scorecard.stay (stay_id) ON UPDATE CASCADE,
    service_at     timestamptz NOT NULL,
    documented_at  timestamptz,
    units          numeric NOT NULL
        CONSTRAINT service_units_positive CHECK (units > 0 AND units <> 'Infinity'),
    charge         numeric NOT NULL
        CONSTRAINT service_charge_not_negative CHECK (charge >= 0 AND charge <> 'Infinity'),
    diagnostic_category text REFERENCES scorecard.diagnostic_category (diagnostic_category) ON UPDATE CASCADE,
    CONSTRAINT service_documented_after_service CHECK (documented_at >= service_at),
    funding_stream text REFERENCES scorecard.payer (payer_id) ON UPDATE CASCADE
);
COMMENT ON TABLE scorecard.service IS 'Services and encounters delivered, with when they were documented.';
COMMENT ON COLUMN scorecard.service.service_id IS 'The warehouse''s service or encounter identifier.';
COMMENT ON COLUMN scorecard.service.beneficiary_id IS 'Who was served.';
COMMENT ON COLUMN scorecard.service.clinician_id IS 'Who delivered the service.';
COMMENT ON COLUMN scorecard.service.service_line IS 'Where the service was delivered (the P&L allocates it to the beneficiary''s own line).';
COMMENT ON COLUMN scorecard.service.acuity_level IS 'Acuity level of the service, if any.';
COMMENT ON COLUMN scorecard.service.stay_id IS 'The stay the service belongs to, for inpatient and residential care.';
COMMENT ON COLUMN scorecard.service.service_at IS 'Date and time the service was delivered.';
COMMENT ON COLUMN scorecard.service.documented_at IS 'When its documentation was entered; NULL while undocumented. The source''s targets: within 4 hours, never past 24.';
COMMENT ON COLUMN scorecard.service.units IS 'Units of service (positive).';
COMMENT ON COLUMN scorecard.service.charge IS 'Gross charge for the service.';
COMMENT ON COLUMN scorecard.service.diagnostic_category IS 'Diagnostic category of the service (its primary diagnosis); NULL: not recorded.';
COMMENT ON COLUMN scorecard.service.funding_stream IS
    'The funding stream that pays for the service instead of a claim (a payer row such as 1991/2011 Realignment, MHSA or a county general fund): the service is not billable, so it is never discharged-not-final-billed (DNFB). NULL: the service is billable and waits for a claim.';

CREATE INDEX service_service_at_idx ON scorecard.service (service_at);

CREATE OR REPLACE FUNCTION scorecard.service_check()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NEW.documented_at < NEW.service_at THEN
        RAISE EXCEPTION 'service % is documented (%) before it was delivered (%)', NEW.service_id,
            to_char(NEW.documented_at, 'YYYY-MM-DD HH24:MI TZ'), to_char(NEW.service_at, 'YYYY-MM-DD HH24:MI TZ')
            USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.units <= 0 OR NEW.units = 'Infinity' THEN
        RAISE EXCEPTION 'service % must have a positive number of units, got %', NEW.service_id, NEW.units
            USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.charge < 0 OR NEW.charge = 'Infinity' THEN
        RAISE EXCEPTION 'service % must not have a negative charge, got %', NEW.service_id, NEW.charge
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION scorecard.service_check() IS
    'Trigger function: refuses a service documented before it was delivered, with units that are not positive, or with a negative charge.';
CREATE OR REPLACE TRIGGER service_check BEFORE INSERT OR UPDATE ON scorecard.service
    FOR EACH ROW EXECUTE FUNCTION scorecard.service_check();
CREATE INDEX service_beneficiary_idx ON scorecard.service (beneficiary_id);

-- ---------------------------------------------------------------------
-- Payer contracts: what each payer is expected to pay. A claim is priced
-- when it is billed (claim.expected_amount); its contractual allowance
-- (amount - expected_amount) is accrued then, not when cash arrives.
-- ---------------------------------------------------------------------
CREATE TABLE scorecard.payer_contract (
    contract_id    text PRIMARY KEY,
    payer_id       text NOT NULL REFERENCES scorecard.payer (payer_id) ON UPDATE CASCADE,
    service_line   text REFERENCES scorecard.service_line (service_line) ON UPDATE CASCADE,
    acuity_level   text REFERENCES scorecard.acuity_level (acuity_level) ON UPDATE CASCADE,
    method         text NOT NULL
        CONSTRAINT payer_contract_method_known CHECK (method IN ('fee schedule', 'per diem', 'case rate', 'percent of charges')),
    rate           numeric NOT NULL
        CONSTRAINT payer_contract_rate_in_range CHECK (rate >= 0 AND rate < 1e15),
    effective_from date NOT NULL
        CONSTRAINT payer_contract_effective_from_in_range CHECK (effective_from BETWEEN DATE '1900-01-01' AND DATE '2199-12-31'),
    effective_to   date
        CONSTRAINT payer_contract_effective_to_in_range CHECK (effective_to BETWEEN DATE '1900-01-01' AND DATE '2199-12-31'),
    description    text,
    requires_authorization boolean NOT NULL DEFAULT false,
    CONSTRAINT payer_contract_dates_in_order CHECK (effective_to >= effective_from),
    CONSTRAINT payer_contract_percent_is_fraction CHECK (method <> 'percent of charges' OR rate <= 1)
);
COMMENT ON TABLE scorecard.payer_contract IS
    'Payer contract terms, effective-dated: what a payer is expected to pay for a service line and/or acuity level (or for everything it is billed). A claim is priced by the most specific term in effect on its first date of service (line and level, then level, then line, then the payer''s catch-all); two terms for the same payer, line and level may not overlap in time.';
COMMENT ON COLUMN scorecard.payer_contract.contract_id IS 'Identifier of the term (e.g. ''MC-FFS 2016 OP'').';
COMMENT ON COLUMN scorecard.payer_contract.payer_id IS 'Payer.';
COMMENT ON COLUMN scorecard.payer_contract.service_line IS 'Service line the term prices (where the service was delivered); NULL: any line.';
COMMENT ON COLUMN scorecard.payer_contract.acuity_level IS 'Acuity level the term prices; NULL: any level.';
COMMENT ON COLUMN scorecard.payer_contract.method IS 'fee schedule (rate per unit of service), per diem (rate per day: the units of a per-diem service are days), case rate (rate per claim), or percent of charges (rate is a fraction of the amount billed).';
COMMENT ON COLUMN scorecard.payer_contract.rate IS 'Rate: dollars per unit, per day or per claim, or a fraction of charges (0 to 1).';
COMMENT ON COLUMN scorecard.payer_contract.effective_from IS 'First date of service the term applies to.';
COMMENT ON COLUMN scorecard.payer_contract.effective_to IS 'Last date of service it applies to; NULL: open-ended.';
COMMENT ON COLUMN scorecard.payer_contract.description IS 'Free text (contract name, amendment).';
COMMENT ON COLUMN scorecard.payer_contract.requires_authorization IS 'Services priced by this term need the payer''s prior authorization (scorecard.prior_authorization; the authorization rate of scorecard.patient_access).';

CREATE INDEX payer_contract_payer_idx ON scorecard.payer_contract (payer_id, effective_from);

-- Two terms for the same (payer, line, level) may not be in effect on the
-- same day. The check rewrites the payer's row (a no-op update) before it
-- looks: a concurrent writer of the same payer's terms waits, and under
-- REPEATABLE READ or SERIALIZABLE fails with 40001, instead of both
-- passing. (So a role that writes contracts needs UPDATE on payer.)
CREATE OR REPLACE FUNCTION scorecard.payer_contract_check()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    other text;
BEGIN
    UPDATE scorecard.payer p SET payer_id = p.payer_id WHERE p.payer_id = NEW.payer_id;
    SELECT k.contract_id INTO other
      FROM scorecard.payer_contract k
     WHERE k.contract_id <> NEW.contract_id
       AND k.payer_id = NEW.payer_id
       AND k.service_line IS NOT DISTINCT FROM NEW.service_line
       AND k.acuity_level IS NOT DISTINCT FROM NEW.acuity_level
       AND k.effective_from <= coalesce(NEW.effective_to, DATE '2199-12-31')
       AND coalesce(k.effective_to, DATE '2199-12-31') >= NEW.effective_from
     ORDER BY k.contract_id
     LIMIT 1;
    IF other IS NOT NULL THEN
        RAISE EXCEPTION 'contract term % overlaps term % for payer %, service line %, acuity level %',
            quote_literal(NEW.contract_id), quote_literal(other), quote_literal(NEW.payer_id),
            coalesce(quote_literal(NEW.service_line), 'any'), coalesce(quote_literal(NEW.acuity_level), 'any')
            USING ERRCODE = 'exclusion_violation',
                  HINT = 'End the earlier term (effective_to) the day before the new one starts.';
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION scorecard.payer_contract_check() IS
    'Trigger function: refuses (23P01) a payer contract term in effect on a day another term for the same payer, service line and acuity level is.';
CREATE OR REPLACE TRIGGER payer_contract_check AFTER INSERT OR UPDATE ON scorecard.payer_contract
    FOR EACH ROW EXECUTE FUNCTION scorecard.payer_contract_check();

SELECT pg_catalog.pg_extension_config_dump('scorecard.payer_contract', '');

CREATE TABLE scorecard.claim (
    claim_id       text PRIMARY KEY,
    payer_id       text NOT NULL REFERENCES scorecard.payer (payer_id) ON UPDATE CASCADE,
    beneficiary_id text NOT NULL REFERENCES scorecard.beneficiary (beneficiary_id) ON UPDATE CASCADE,
    service_id     text REFERENCES scorecard.service (service_id) ON UPDATE CASCADE,
    service_from   date NOT NULL,
    created_on     date NOT NULL,
    bill_date      date,
    due_date       date,
    amount         numeric NOT NULL
        CONSTRAINT claim_amount_finite CHECK (amount NOT IN ('NaN', 'Infinity', '-Infinity')),
    status         text NOT NULL
        CONSTRAINT claim_status_known CHECK (status IN ('suspended', 'submitted', 'paid', 'denied', 'written off')),
    edit_reason    text,
    denial_reason  text,
    denied_on      date,
    CONSTRAINT claim_negative_only_when_allowed CHECK (amount >= 0 OR status IN ('submitted', 'paid')),
    CONSTRAINT claim_billed_unless_suspended CHECK ((status = 'suspended') = (bill_date IS NULL)),
    CONSTRAINT claim_denied_has_reason CHECK (status <> 'denied' OR denial_reason IS NOT NULL),
    CONSTRAINT claim_dates_in_order CHECK (bill_date >= service_from AND due_date >= bill_date AND denied_on >= bill_date),
    paid_amount     numeric NOT NULL DEFAULT 0,
    adjusted_amount numeric NOT NULL DEFAULT 0,
    first_paid_on   date,
    expected_amount numeric,
    contract_id     text REFERENCES scorecard.payer_contract (contract_id) ON UPDATE CASCADE,
    CONSTRAINT claim_expected_within_amount
        CHECK (expected_amount = amount OR (expected_amount >= 0 AND expected_amount <= amount)),
    CONSTRAINT claim_billed_is_priced CHECK (bill_date IS NULL OR expected_amount IS NOT NULL),
    CONSTRAINT claim_settled_within_amount CHECK (paid_amount + adjusted_amount <= GREATEST(amount, 0))
);
COMMENT ON TABLE scorecard.claim IS 'Claims billed (or waiting to be billed) to payers. One claim may cover one service or several.';
COMMENT ON COLUMN scorecard.claim.claim_id IS 'The billing system''s claim number.';
COMMENT ON COLUMN scorecard.claim.payer_id IS 'Payer billed (for self-pay, the self-pay payer).';
COMMENT ON COLUMN scorecard.claim.beneficiary_id IS 'Beneficiary served.';
COMMENT ON COLUMN scorecard.claim.service_id IS 'The service billed, when the claim covers exactly one.';
COMMENT ON COLUMN scorecard.claim.service_from IS 'First date of service on the claim (aging by service date starts here).';
COMMENT ON COLUMN scorecard.claim.created_on IS 'Date the claim was created in the billing system.';
COMMENT ON COLUMN scorecard.claim.bill_date IS 'Date the claim was sent to the payer; NULL while suspended (awaiting billing).';
COMMENT ON COLUMN scorecard.claim.due_date IS 'Date payment is due; NULL means bill_date + the payer''s payment_terms_days.';
COMMENT ON COLUMN scorecard.claim.amount IS 'Amount billed. Negative only for a credit (void or reversal) claim, in status submitted or paid.';
COMMENT ON COLUMN scorecard.claim.status IS 'suspended (held by a billing edit or awaiting billing), submitted, paid, denied, or written off.';
COMMENT ON COLUMN scorecard.claim.edit_reason IS 'Billing edit the claim hit before it went out (pre-billing error); NULL: it passed every edit without manual intervention (a clean claim).';
COMMENT ON COLUMN scorecard.claim.denial_reason IS 'The payer''s denial reason code if the claim was ever denied, even if later paid (an initial denial).';
COMMENT ON COLUMN scorecard.claim.denied_on IS 'Date of the denial.';
COMMENT ON COLUMN scorecard.claim.paid_amount IS 'Sum of the payments matched to the claim, kept by pg_scorecard (scorecard.settle_claims) as they are posted, changed or deleted; never written by hand. With adjusted_amount it may never exceed the claim''s amount (or 0 for a credit claim).';
COMMENT ON COLUMN scorecard.claim.adjusted_amount IS 'Sum of the claim''s adjustments (refunds negative), kept by pg_scorecard as paid_amount is.';
COMMENT ON COLUMN scorecard.claim.expected_amount IS 'Expected reimbursement, set when the claim is billed (scorecard.claim_price): from the contract term in effect (contract_id), never above the amount; the amount itself when no term applies (self-pay, no contract) and for a credit claim. Re-priced when the payer, service, first date of service or amount changes; a value written with the claim is kept (a billing system''s own expected amount, between 0 and the amount). amount - expected_amount is the contractual allowance, accrued when the claim is billed.';
COMMENT ON COLUMN scorecard.claim.contract_id IS 'The payer contract term that priced expected_amount; NULL when none did.';
COMMENT ON COLUMN scorecard.claim.first_paid_on IS 'Date the first payment matched to the claim was received (NULL while none is), kept by pg_scorecard as paid_amount is: with denied_on it dates the claim''s first remittance (HFMA MAP''s initial denial rate).';

CREATE INDEX claim_payer_idx ON scorecard.claim (payer_id);
CREATE INDEX claim_bill_date_idx ON scorecard.claim (bill_date);

CREATE TABLE scorecard.payment (
    payment_id    text PRIMARY KEY,
    payer_id      text NOT NULL REFERENCES scorecard.payer (payer_id) ON UPDATE CASCADE,
    claim_id      text REFERENCES scorecard.claim (claim_id) ON UPDATE CASCADE,
    received_on   date NOT NULL,
    posted_on     date,
    reconciled_on date,
    amount        numeric NOT NULL
        CONSTRAINT payment_amount_positive CHECK (amount > 0 AND amount <> 'Infinity'),
    point_of_service boolean NOT NULL DEFAULT false,
    CONSTRAINT payment_posted_after_received CHECK (posted_on >= received_on),
    CONSTRAINT payment_reconciled_after_received CHECK (reconciled_on >= received_on)
);
COMMENT ON TABLE scorecard.payment IS 'Payments received, with when they were posted and reconciled against the invoice.';
COMMENT ON COLUMN scorecard.payment.payment_id IS 'Remittance or receipt identifier.';
COMMENT ON COLUMN scorecard.payment.payer_id IS 'Who paid.';
COMMENT ON COLUMN scorecard.payment.claim_id IS 'The claim the payment settles; NULL until it is matched to one.';
COMMENT ON COLUMN scorecard.payment.received_on IS 'Date the payment was received.';
COMMENT ON COLUMN scorecard.payment.posted_on IS 'Date it was posted to the claim; NULL: received but not yet posted.';
COMMENT ON COLUMN scorecard.payment.reconciled_on IS 'Date it was reconciled against the invoice (the source''s target: within 72 hours); NULL: not yet.';
COMMENT ON COLUMN scorecard.payment.amount IS 'Amount received (positive).';
COMMENT ON COLUMN scorecard.payment.point_of_service IS 'Collected from the patient at the point of service (at or before a visit, e.g. a self-pay balance at the next appointment), for HFMA MAP''s point-of-service collections; false for remittances and mailed payments.';

CREATE INDEX payment_claim_idx ON scorecard.payment (claim_id);
CREATE INDEX payment_posted_on_idx ON scorecard.payment (posted_on);

CREATE TABLE scorecard.adjustment (
    adjustment_id text PRIMARY KEY,
    claim_id      text NOT NULL REFERENCES scorecard.claim (claim_id) ON UPDATE CASCADE,
    adjusted_on   date NOT NULL,
    kind          text NOT NULL
        CONSTRAINT adjustment_kind_known CHECK (kind IN ('contractual', 'write-off', 'bad debt', 'charity', 'refund', 'other')),
    reason        text NOT NULL,
    amount        numeric NOT NULL
        CONSTRAINT adjustment_amount_finite_and_not_zero CHECK (amount <> 0 AND amount NOT IN ('NaN', 'Infinity', '-Infinity'))
);
COMMENT ON TABLE scorecard.adjustment IS
    'Adjustments and write-offs of claim balances. A positive amount reduces the balance (contractual allowance, write-off, bad debt); a negative one raises it (a refund due on an overpayment).';
COMMENT ON COLUMN scorecard.adjustment.adjustment_id IS 'Adjustment identifier.';
COMMENT ON COLUMN scorecard.adjustment.claim_id IS 'Claim adjusted.';
COMMENT ON COLUMN scorecard.adjustment.adjusted_on IS 'Date of the adjustment.';
COMMENT ON COLUMN scorecard.adjustment.kind IS 'contractual (the payer''s allowance, already accrued at billing up to amount - expected_amount), write-off (e.g. a denial not recovered), bad debt, charity (care given free under the charity policy), refund, or other.';
COMMENT ON COLUMN scorecard.adjustment.reason IS 'Reason, e.g. ''timely filing'', ''uncollectible'', ''small balance''.';
COMMENT ON COLUMN scorecard.adjustment.amount IS 'Positive reduces the balance; negative raises it.';

CREATE INDEX adjustment_claim_idx ON scorecard.adjustment (claim_id);
CREATE INDEX adjustment_adjusted_on_idx ON scorecard.adjustment (adjusted_on);

CREATE TABLE scorecard.ar_aging_history (
    as_of        date NOT NULL,
    age_basis    text NOT NULL,
    payer_id     text NOT NULL REFERENCES scorecard.payer (payer_id) ON UPDATE CASCADE,
    bucket       integer NOT NULL,
    bucket_label text NOT NULL,
    amount       numeric NOT NULL,
    taken_at     timestamptz NOT NULL DEFAULT pg_catalog.now(),
    PRIMARY KEY (as_of, age_basis, payer_id, bucket)
);
COMMENT ON TABLE scorecard.ar_aging_history IS
    'Snapshots of A/R aging by payer, written by scorecard.snapshot_ar_aging so the weekly trend survives; bucket 0 holds amounts not yet due.';
COMMENT ON COLUMN scorecard.ar_aging_history.as_of IS 'Date the aging was taken as of.';
COMMENT ON COLUMN scorecard.ar_aging_history.age_basis IS 'service_date, bill_date or due_date: what the age counts from.';
COMMENT ON COLUMN scorecard.ar_aging_history.payer_id IS 'Payer.';
COMMENT ON COLUMN scorecard.ar_aging_history.bucket IS 'Bucket number, 1 = youngest (0 = not yet due).';
COMMENT ON COLUMN scorecard.ar_aging_history.bucket_label IS 'Bucket label, e.g. ''0-30'', ''over 120''.';
COMMENT ON COLUMN scorecard.ar_aging_history.amount IS 'Open balance in the bucket.';
COMMENT ON COLUMN scorecard.ar_aging_history.taken_at IS 'When the snapshot was written.';

-- ---------------------------------------------------------------------
-- Refusals that name the rule.
-- ---------------------------------------------------------------------
CREATE OR REPLACE FUNCTION scorecard.claim_check()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    open_edit record;
BEGIN
    IF NEW.status NOT IN ('suspended', 'submitted', 'paid', 'denied', 'written off') THEN
        RAISE EXCEPTION 'unknown claim status %', quote_literal(NEW.status)
            USING ERRCODE = 'check_violation',
                  HINT = 'One of suspended, submitted, paid, denied, written off.';
    END IF;
    -- Priced when billed, and again when what the price depends on changes,
    -- unless the writer sets expected_amount itself.
    IF NEW.bill_date IS NOT NULL
       AND (NEW.expected_amount IS NULL
            OR (TG_OP = 'UPDATE' AND NEW.expected_amount IS NOT DISTINCT FROM OLD.expected_amount
                AND (NEW.amount, NEW.payer_id, NEW.service_id, NEW.service_from)
                    IS DISTINCT FROM (OLD.amount, OLD.payer_id, OLD.service_id, OLD.service_from))) THEN
        SELECT x.contract_id, x.expected_amount INTO NEW.contract_id, NEW.expected_amount
          FROM scorecard.claim_price(NEW.payer_id, NEW.service_id, NEW.service_from, NEW.amount) AS x;
    END IF;
    IF NOT (NEW.expected_amount = NEW.amount OR (NEW.expected_amount >= 0 AND NEW.expected_amount <= NEW.amount)) THEN
        RAISE EXCEPTION 'claim % cannot be expected to pay % on an amount of %', NEW.claim_id, NEW.expected_amount, NEW.amount
            USING ERRCODE = 'check_violation',
                  HINT = 'Expected reimbursement lies between 0 and the amount billed (equals it for a credit claim).';
    END IF;
    IF NEW.amount < 0 AND NEW.status NOT IN ('submitted', 'paid') THEN
        RAISE EXCEPTION 'claim % has a negative amount (%) but status %: only a submitted or paid credit claim may be negative',
            NEW.claim_id, NEW.amount, NEW.status
            USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.status = 'suspended' AND NEW.bill_date IS NOT NULL THEN
        RAISE EXCEPTION 'claim % is suspended but has a bill date', NEW.claim_id
            USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.status <> 'suspended' AND NEW.bill_date IS NULL THEN
        RAISE EXCEPTION 'claim % has status % but no bill date', NEW.claim_id, NEW.status
            USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.status = 'denied' AND NEW.denial_reason IS NULL THEN
        RAISE EXCEPTION 'denied claim % needs a denial reason', NEW.claim_id
            USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.bill_date < NEW.service_from THEN
        RAISE EXCEPTION 'claim % was billed (%) before its first date of service (%)', NEW.claim_id,
            scorecard.date_text(NEW.bill_date), scorecard.date_text(NEW.service_from)
            USING ERRCODE = 'check_violation';
    END IF;
    -- The totals are written by scorecard.settle_claims: from the posting
    -- triggers (depth > 1), or by hand to rebuild them, when each total it
    -- changes must equal the sum of the claim's rows.
    IF TG_OP = 'UPDATE' AND pg_trigger_depth() = 1
       AND ((NEW.paid_amount IS DISTINCT FROM OLD.paid_amount
             AND NEW.paid_amount IS DISTINCT FROM (SELECT coalesce(sum(p.amount), 0) FROM scorecard.payment p WHERE p.claim_id = NEW.claim_id))
            OR (NEW.adjusted_amount IS DISTINCT FROM OLD.adjusted_amount
                AND NEW.adjusted_amount IS DISTINCT FROM (SELECT coalesce(sum(a.amount), 0) FROM scorecard.adjustment a WHERE a.claim_id = NEW.claim_id))
            OR (NEW.first_paid_on IS DISTINCT FROM OLD.first_paid_on
                AND NEW.first_paid_on IS DISTINCT FROM (SELECT min(p.received_on) FROM scorecard.payment p WHERE p.claim_id = NEW.claim_id))) THEN
        RAISE EXCEPTION 'paid_amount, adjusted_amount and first_paid_on of claim % are kept by pg_scorecard from its payments and adjustments', NEW.claim_id
            USING ERRCODE = 'check_violation',
                  HINT = 'Post a payment or an adjustment instead; SELECT scorecard.settle_claims(ARRAY[claim_id], ''payment'') recomputes a total.';
    END IF;
    IF NEW.paid_amount + NEW.adjusted_amount > GREATEST(NEW.amount, 0) THEN
        RAISE EXCEPTION 'claim % cannot be billed at %: payments % and adjustments % have been posted to it', NEW.claim_id,
            NEW.amount, NEW.paid_amount, NEW.adjusted_amount
            USING ERRCODE = 'check_violation',
                  HINT = 'Record a refund adjustment first if the claim is reduced below what was received.';
    END IF;
    -- Suspended claims are corrected before the bill goes out: billing a
    -- claim (a bill date set or moved) while an edit found before the end of
    -- that day is open is refused. (A new claim has no edits yet; the edits'
    -- own trigger holds the rule from their side.)
    IF TG_OP = 'UPDATE' AND NEW.bill_date IS NOT NULL AND NEW.bill_date IS DISTINCT FROM OLD.bill_date THEN
        SELECT e.edit_id, e.category, e.found_at INTO open_edit
          FROM scorecard.claim_edit e
         WHERE e.claim_id = NEW.claim_id AND e.found_at < (NEW.bill_date + 1)::timestamptz
           AND (e.corrected_at IS NULL OR e.corrected_at >= (NEW.bill_date + 1)::timestamptz)
         ORDER BY e.found_at, e.edit_id
         LIMIT 1;
        IF FOUND THEN
            RAISE EXCEPTION 'claim % cannot be billed on %: edit % (%) found % is not corrected by then', NEW.claim_id,
                scorecard.date_text(NEW.bill_date), open_edit.edit_id, open_edit.category,
                to_char(open_edit.found_at, 'YYYY-MM-DD HH24:MI TZ')
                USING ERRCODE = 'check_violation',
                      HINT = 'Suspended claims must be corrected before the bill goes out (scorecard.claim_edit.corrected_at).';
        END IF;
    END IF;
    IF NEW.due_date < NEW.bill_date OR NEW.denied_on < NEW.bill_date THEN
        RAISE EXCEPTION 'claim % is due (%) or denied (%) before it was billed (%)', NEW.claim_id,
            coalesce(scorecard.date_text(NEW.due_date), '-'), coalesce(scorecard.date_text(NEW.denied_on), '-'),
            scorecard.date_text(NEW.bill_date)
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION scorecard.claim_check() IS
    'Trigger function: prices a claim when it is billed (scorecard.claim_price: expected_amount, contract_id) and again when its payer, service, first date of service or amount changes unless expected_amount is written with it; refuses an expected amount outside 0 to the amount, a bill date set while an edit found by the end of that day is open (scorecard.claim_edit), a claim with an unknown status, a negative amount its status does not allow, a bill date that contradicts its status, a denial without a reason, dates out of order, an amount below what was paid and adjusted, or a paid_amount, adjusted_amount or first_paid_on written by hand that is not the sum of the claim''s payments or adjustments (the date of its first payment).';
CREATE OR REPLACE TRIGGER claim_check BEFORE INSERT OR UPDATE ON scorecard.claim
    FOR EACH ROW EXECUTE FUNCTION scorecard.claim_check();

-- Expected reimbursement of a claim under the payer's contract terms.
CREATE OR REPLACE FUNCTION scorecard.claim_price(payer_id text, service_id text, service_from date, amount numeric)
RETURNS TABLE (contract_id text, expected_amount numeric)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT p.contract_id, coalesce(p.price, claim_price.amount)
      FROM (SELECT 1) AS one
      LEFT JOIN LATERAL (
          SELECT k.contract_id,
                 LEAST(claim_price.amount,
                       round(CASE k.method WHEN 'percent of charges' THEN k.rate * claim_price.amount
                                           WHEN 'case rate' THEN k.rate
                                           ELSE k.rate * s.units END, 2)) AS price
            FROM scorecard.payer_contract k
            LEFT JOIN scorecard.service s ON s.service_id = claim_price.service_id
           WHERE claim_price.amount > 0
             AND k.payer_id = claim_price.payer_id
             AND claim_price.service_from BETWEEN k.effective_from AND coalesce(k.effective_to, DATE '2199-12-31')
             AND (k.service_line IS NULL OR k.service_line = s.service_line)
             AND (k.acuity_level IS NULL OR k.acuity_level = s.acuity_level)
             AND (k.method IN ('percent of charges', 'case rate') OR s.service_id IS NOT NULL)
           ORDER BY k.acuity_level IS NOT NULL DESC, k.service_line IS NOT NULL DESC
           LIMIT 1) AS p ON true;
END;
COMMENT ON FUNCTION scorecard.claim_price(text, text, date, numeric) IS
    'Expected reimbursement of a claim: the most specific contract term of the payer in effect on the first date of service (the service''s line and acuity level, then its level, then its line, then the payer''s catch-all) applied to the service''s units (fee schedule, per diem), to the claim (case rate) or to the amount (percent of charges), to the cent and never above the amount; the amount itself (contract_id NULL) when no term applies or the amount is not positive. A claim without a service is priced only by case-rate or percent-of-charges terms.';

CREATE OR REPLACE FUNCTION scorecard.reprice_claims(billed_from date, billed_to date)
RETURNS bigint
LANGUAGE sql
BEGIN ATOMIC
    WITH priced AS (
        UPDATE scorecard.claim c
           SET expected_amount = x.expected_amount, contract_id = x.contract_id
          FROM scorecard.claim k
         CROSS JOIN LATERAL scorecard.claim_price(k.payer_id, k.service_id, k.service_from, k.amount) AS x
         WHERE c.claim_id = k.claim_id
           AND k.bill_date BETWEEN reprice_claims.billed_from AND reprice_claims.billed_to
           AND (c.expected_amount IS DISTINCT FROM x.expected_amount OR c.contract_id IS DISTINCT FROM x.contract_id)
        RETURNING 1)
    SELECT count(*) FROM priced;
END;
COMMENT ON FUNCTION scorecard.reprice_claims(date, date) IS
    'Prices again, under today''s contract terms, every claim billed between billed_from and billed_to (inclusive) and returns how many changed. Billed claims keep the price they were billed at otherwise: re-pricing moves revenue already booked, so it is an explicit step (after a retroactive contract amendment, for example).';

-- The settlement rule: a claim's payments plus its adjustments never exceed
-- its amount (0 for a credit claim); a refund (a negative adjustment) is
-- what allows more to be paid. It lives on the claim row, as a CHECK over
-- paid_amount and adjusted_amount, which statement-level triggers on
-- payment and adjustment recompute (never increment) from the rows, after
-- each statement, for the claims it touched. So:
--   * every INSERT, UPDATE and DELETE of a claim, payment or adjustment is
--     held to it, whatever the order of rows within a statement (a COPY or
--     a pg_restore of valid data passes; each table's total is recomputed
--     alone, so the order of the tables does not matter either);
--   * the claim row is locked and rewritten: two sessions posting to one
--     claim serialise on it (READ COMMITTED sees the other's rows; under
--     REPEATABLE READ and SERIALIZABLE the second fails with 40001 and is
--     retried), so they cannot both pass.
CREATE OR REPLACE FUNCTION scorecard.settle_claims(claims text[], postings text)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    bad record;
    ids text[];
    totals numeric[];
    firsts date[];
BEGIN
    IF claims IS NULL OR cardinality(claims) = 0 THEN
        RETURN;
    END IF;
    PERFORM 1 FROM scorecard.claim c WHERE c.claim_id = ANY (claims) ORDER BY c.claim_id FOR UPDATE;
    -- Each total once, in a new statement, so that under READ COMMITTED it
    -- sees what committed while it waited for the locks.
    -- One grouped join, not a look-up per claim: whatever the planner
    -- believes of a table filled within this transaction (a COPY or a
    -- bulk INSERT into a never-analysed table), the cost stays linear.
    IF postings = 'payment' THEN
        SELECT array_agg(t.claim_id), array_agg(t.total), array_agg(t.first_paid) INTO ids, totals, firsts
          FROM (SELECT k.claim_id, coalesce(sum(p.amount), 0) AS total, min(p.received_on) AS first_paid
                  FROM unnest(claims) AS k(claim_id)
                  LEFT JOIN scorecard.payment p ON p.claim_id = k.claim_id
                 GROUP BY k.claim_id) AS t;
    ELSE
        SELECT array_agg(t.claim_id), array_agg(t.total) INTO ids, totals
          FROM (SELECT k.claim_id, coalesce(sum(a.amount), 0) AS total
                  FROM unnest(claims) AS k(claim_id)
                  LEFT JOIN scorecard.adjustment a ON a.claim_id = k.claim_id
                 GROUP BY k.claim_id) AS t;
    END IF;
    -- OFFSET 0 keeps the LIMIT from planning the join as a walk of the
    -- claim index in order with the array re-read for every claim.
    SELECT x.claim_id, x.amount, x.paid, x.adjusted
      INTO bad
      FROM (SELECT c.claim_id, c.amount,
                   CASE WHEN postings = 'payment' THEN n.total ELSE c.paid_amount END AS paid,
                   CASE WHEN postings = 'payment' THEN c.adjusted_amount ELSE n.total END AS adjusted
              FROM unnest(ids, totals) AS n(claim_id, total)
              JOIN scorecard.claim c ON c.claim_id = n.claim_id
             WHERE CASE WHEN postings = 'payment' THEN n.total + c.adjusted_amount ELSE c.paid_amount + n.total END
                   > GREATEST(c.amount, 0)
            OFFSET 0) AS x
     ORDER BY x.claim_id LIMIT 1;
    IF bad.claim_id IS NOT NULL THEN
        RAISE EXCEPTION 'claim % would be settled beyond its amount: payments % and adjustments % against %',
                        bad.claim_id, bad.paid, bad.adjusted, bad.amount
            USING ERRCODE = 'check_violation',
                  HINT = CASE WHEN bad.amount < 0 THEN 'A credit claim is settled by a refund adjustment, not by payments.'
                              ELSE 'Record an overpayment with a negative refund adjustment on the claim first.' END;
    END IF;
    IF postings = 'payment' THEN
        UPDATE scorecard.claim c SET paid_amount = n.total, first_paid_on = n.first_paid
          FROM unnest(ids, totals, firsts) AS n(claim_id, total, first_paid) WHERE c.claim_id = n.claim_id;
    ELSE
        UPDATE scorecard.claim c SET adjusted_amount = n.total
          FROM unnest(ids, totals) AS n(claim_id, total) WHERE c.claim_id = n.claim_id;
    END IF;
    -- Their accrual, under the same locks (scorecard.claim_accrual).
    PERFORM scorecard.accrue_claims(claims);
END
$$;
COMMENT ON FUNCTION scorecard.settle_claims(text[], text) IS
    'Recomputes paid_amount and first_paid_on (postings = ''payment'') or adjusted_amount (''adjustment'') of the claims from their rows, after locking them, and refuses (23514) a claim whose payments and adjustments would exceed its amount (0 for a credit claim); then re-accrues them (scorecard.accrue_claims). Called by the statement-level triggers of payment and adjustment; also rebuilds the totals exactly if called by hand.';

CREATE OR REPLACE FUNCTION scorecard.settle_after_posting()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    claims text[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(DISTINCT n.claim_id) INTO claims FROM new_rows n WHERE n.claim_id IS NOT NULL;
    ELSIF TG_OP = 'UPDATE' THEN
        SELECT array_agg(DISTINCT x.claim_id) INTO claims
          FROM (SELECT n.claim_id FROM new_rows n UNION SELECT o.claim_id FROM old_rows o) x
         WHERE x.claim_id IS NOT NULL;
    ELSE
        SELECT array_agg(DISTINCT o.claim_id) INTO claims FROM old_rows o WHERE o.claim_id IS NOT NULL;
    END IF;
    PERFORM scorecard.settle_claims(claims, TG_TABLE_NAME);
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION scorecard.settle_after_posting() IS
    'Statement-level trigger function of payment and adjustment: settles (scorecard.settle_claims) every claim the statement''s rows belonged to or belong to now.';

CREATE OR REPLACE FUNCTION scorecard.payment_check()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NEW.amount <= 0 OR NEW.amount = 'Infinity' THEN
        RAISE EXCEPTION 'payment % must have a positive amount, got %', NEW.payment_id, NEW.amount
            USING ERRCODE = 'check_violation',
                  HINT = 'Record money going back to a payer as a refund adjustment on the claim.';
    END IF;
    IF NEW.posted_on < NEW.received_on THEN
        RAISE EXCEPTION 'payment % was posted (%) before it was received (%)', NEW.payment_id,
            scorecard.date_text(NEW.posted_on), scorecard.date_text(NEW.received_on)
            USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.reconciled_on < NEW.received_on THEN
        RAISE EXCEPTION 'payment % was reconciled (%) before it was received (%)', NEW.payment_id,
            scorecard.date_text(NEW.reconciled_on), scorecard.date_text(NEW.received_on)
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION scorecard.payment_check() IS
    'Trigger function: refuses a payment that is not positive, or posted or reconciled before it was received. (Settlement against the claim: scorecard.settle_claims.)';
CREATE OR REPLACE TRIGGER payment_check BEFORE INSERT OR UPDATE ON scorecard.payment
    FOR EACH ROW EXECUTE FUNCTION scorecard.payment_check();

CREATE OR REPLACE TRIGGER payment_settle_insert AFTER INSERT ON scorecard.payment
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION scorecard.settle_after_posting();
CREATE OR REPLACE TRIGGER payment_settle_update AFTER UPDATE ON scorecard.payment
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION scorecard.settle_after_posting();
CREATE OR REPLACE TRIGGER payment_settle_delete AFTER DELETE ON scorecard.payment
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION scorecard.settle_after_posting();
CREATE OR REPLACE TRIGGER adjustment_settle_insert AFTER INSERT ON scorecard.adjustment
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION scorecard.settle_after_posting();
CREATE OR REPLACE TRIGGER adjustment_settle_update AFTER UPDATE ON scorecard.adjustment
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION scorecard.settle_after_posting();
CREATE OR REPLACE TRIGGER adjustment_settle_delete AFTER DELETE ON scorecard.adjustment
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION scorecard.settle_after_posting();

-- ---------------------------------------------------------------------
-- Values that could take a view down for everyone: NaN (which compares
-- above every number, so "> 0" lets it through), the infinities, absurd
-- magnitudes (|x| >= 1e15, past what the exact arithmetic keeps with 13
-- decimals), infinite or absurd dates (outside 1900-2199). Each column is
-- refused at the table, 23514, by a constraint named table_column_in_range.
-- The same statements are in the upgrade script.
-- ---------------------------------------------------------------------
ALTER TABLE scorecard.service ADD CONSTRAINT service_service_at_in_range CHECK (service_at >= TIMESTAMPTZ '1900-01-01 00:00+00' AND service_at < TIMESTAMPTZ '2200-01-01 00:00+00');
ALTER TABLE scorecard.service ADD CONSTRAINT service_documented_at_in_range CHECK (documented_at >= TIMESTAMPTZ '1900-01-01 00:00+00' AND documented_at < TIMESTAMPTZ '2200-01-01 00:00+00');
ALTER TABLE scorecard.service ADD CONSTRAINT service_units_in_range CHECK (units < 1e15);
ALTER TABLE scorecard.service ADD CONSTRAINT service_charge_in_range CHECK (charge < 1e15);
ALTER TABLE scorecard.claim ADD CONSTRAINT claim_service_from_in_range CHECK (service_from BETWEEN DATE '1900-01-01' AND DATE '2199-12-31');
ALTER TABLE scorecard.claim ADD CONSTRAINT claim_created_on_in_range CHECK (created_on BETWEEN DATE '1900-01-01' AND DATE '2199-12-31');
ALTER TABLE scorecard.claim ADD CONSTRAINT claim_bill_date_in_range CHECK (bill_date BETWEEN DATE '1900-01-01' AND DATE '2199-12-31');
ALTER TABLE scorecard.claim ADD CONSTRAINT claim_due_date_in_range CHECK (due_date BETWEEN DATE '1900-01-01' AND DATE '2199-12-31');
ALTER TABLE scorecard.claim ADD CONSTRAINT claim_denied_on_in_range CHECK (denied_on BETWEEN DATE '1900-01-01' AND DATE '2199-12-31');
ALTER TABLE scorecard.claim ADD CONSTRAINT claim_amount_in_range CHECK (amount > -1e15 AND amount < 1e15);
ALTER TABLE scorecard.payment ADD CONSTRAINT payment_received_on_in_range CHECK (received_on BETWEEN DATE '1900-01-01' AND DATE '2199-12-31');
ALTER TABLE scorecard.payment ADD CONSTRAINT payment_posted_on_in_range CHECK (posted_on BETWEEN DATE '1900-01-01' AND DATE '2199-12-31');
ALTER TABLE scorecard.payment ADD CONSTRAINT payment_reconciled_on_in_range CHECK (reconciled_on BETWEEN DATE '1900-01-01' AND DATE '2199-12-31');
ALTER TABLE scorecard.payment ADD CONSTRAINT payment_amount_in_range CHECK (amount < 1e15);
ALTER TABLE scorecard.adjustment ADD CONSTRAINT adjustment_adjusted_on_in_range CHECK (adjusted_on BETWEEN DATE '1900-01-01' AND DATE '2199-12-31');
ALTER TABLE scorecard.adjustment ADD CONSTRAINT adjustment_amount_in_range CHECK (amount > -1e15 AND amount < 1e15);
ALTER TABLE scorecard.ar_aging_history ADD CONSTRAINT ar_aging_history_as_of_in_range CHECK (as_of BETWEEN DATE '1900-01-01' AND DATE '2199-12-31');
ALTER TABLE scorecard.ar_aging_history ADD CONSTRAINT ar_aging_history_amount_in_range CHECK (amount > -1e15 AND amount < 1e15);

SELECT pg_catalog.pg_extension_config_dump('scorecard.service', '');
SELECT pg_catalog.pg_extension_config_dump('scorecard.claim', '');
SELECT pg_catalog.pg_extension_config_dump('scorecard.payment', '');
SELECT pg_catalog.pg_extension_config_dump('scorecard.adjustment', '');
SELECT pg_catalog.pg_extension_config_dump('scorecard.ar_aging_history', '');
