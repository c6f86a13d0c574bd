-- pg_scorecard: accrual net patient service revenue (NPSR) and net A/R.
--
-- A claim is booked when it is billed at its expected reimbursement
-- (claim.expected_amount, priced from the payer's contract): the
-- contractual allowance, amount - expected_amount, is accrued then, not
-- when cash arrives. From then on the claim's net receivable is
--
--     net = max(0, expected - paid - write-offs, bad debt, charity, refunds
--                 and other adjustments
--                 - the contractual adjustments beyond the accrued allowance)
--
-- (a credit claim's net receivable is its open balance), and a month's
-- NPSR is the cash posted in it plus the change of the net receivables:
--
--     NPSR(month) = cash posted(month) + net A/R(end) - net A/R(start)
--
-- so revenue, cash and net A/R always reconcile, a denied-then-paid claim
-- is revenue, an unrecovered denial or a bad debt is deducted when it is
-- written off, and the difference between what a payer was expected to
-- pay and what it paid is booked when the remittance is posted. Without
-- contract terms (expected = amount) NPSR is the amount billed less every
-- adjustment made, as before contracts existed.

-- A claim's net receivable from its amount, expected amount and postings
-- to date. Plain expression, inlined.
CREATE OR REPLACE FUNCTION scorecard.claim_net_receivable(amount numeric, expected numeric, paid numeric,
                                                         contractual numeric, other_adjustments numeric)
RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN amount < 0 THEN amount - paid - contractual - other_adjustments
            ELSE GREATEST(0, expected - paid - other_adjustments - GREATEST(0, contractual - (amount - expected)))
       END;
COMMENT ON FUNCTION scorecard.claim_net_receivable(numeric, numeric, numeric, numeric, numeric) IS
    'Net receivable of a claim (what is still expected from it): expected - paid - non-contractual adjustments - contractual adjustments beyond the accrued allowance (amount - expected), never below 0; a credit claim''s open balance.';

CREATE OR REPLACE FUNCTION scorecard.claim_accrual_rows(claims text[])
RETURNS TABLE (claim_id text, month date, service_line text, payer_id text, acuity_level text, gross numeric,
               allowance numeric, cash_posted numeric, net_change numeric, npsr numeric, deduction numeric,
               deduction_kind text)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    WITH claims AS MATERIALIZED (
        -- Each claim in the line the patient was in on its first date of
        -- service, with its payer and level (of its service).
        SELECT c.claim_id, c.amount, c.expected_amount AS expected, c.denial_reason IS NOT NULL AS denied,
               date_trunc('month', c.bill_date::timestamp)::date AS bill_month,
               b.service_line, c.payer_id, coalesce(s.acuity_level, 'unknown') AS acuity_level
          FROM scorecard.claim c
          JOIN (SELECT DISTINCT u.id FROM unnest(claim_accrual_rows.claims) AS u(id)) AS w ON w.id = c.claim_id
          JOIN scorecard.patient_factory b
            ON b.beneficiary_id = c.beneficiary_id
           AND (b.valid_from IS NULL OR c.service_from >= b.valid_from)
           AND (b.valid_until IS NULL OR c.service_from < b.valid_until)
          LEFT JOIN scorecard.service s ON s.service_id = c.service_id
         WHERE c.bill_date IS NOT NULL
    ), moves AS (
        -- The billing month of every claim, and each posting in its month (a
        -- posting dated before the claim was billed counts in that month),
        -- each row carrying its claim's attributes, so that nothing below
        -- joins back to the claims: the function's statement is planned
        -- without knowing how many claims it is given (a SQL function's
        -- plan is generic), and a join back planned for one claim ran in
        -- quadratic time for thousands.
        SELECT k.claim_id, k.bill_month AS month, 0 AS paid, 0 AS contractual, 0 AS write_off, 0 AS bad_debt,
               0 AS charity, 0 AS other, k.amount, k.expected, k.denied, k.bill_month, k.service_line, k.payer_id,
               k.acuity_level
          FROM claims k
        UNION ALL
        SELECT k.claim_id, GREATEST(date_trunc('month', y.posted_on::timestamp)::date, k.bill_month),
               y.amount, 0, 0, 0, 0, 0, k.amount, k.expected, k.denied, k.bill_month, k.service_line, k.payer_id,
               k.acuity_level
          FROM claims k
          JOIN scorecard.payment y ON y.claim_id = k.claim_id
         WHERE y.posted_on IS NOT NULL
        UNION ALL
        SELECT k.claim_id, GREATEST(date_trunc('month', a.adjusted_on::timestamp)::date, k.bill_month), 0,
               CASE WHEN a.kind = 'contractual' THEN a.amount ELSE 0 END,
               CASE WHEN a.kind = 'write-off' THEN a.amount ELSE 0 END,
               CASE WHEN a.kind = 'bad debt' THEN a.amount ELSE 0 END,
               CASE WHEN a.kind = 'charity' THEN a.amount ELSE 0 END,
               CASE WHEN a.kind IN ('refund', 'other') THEN a.amount ELSE 0 END,
               k.amount, k.expected, k.denied, k.bill_month, k.service_line, k.payer_id, k.acuity_level
          FROM claims k
          JOIN scorecard.adjustment a ON a.claim_id = k.claim_id
    ), claim_month AS (
        SELECT m.claim_id, m.month, sum(m.paid) AS paid, sum(m.contractual) AS contractual, sum(m.write_off) AS write_off,
               sum(m.bad_debt) AS bad_debt, sum(m.charity) AS charity, sum(m.other) AS other,
               m.amount, m.expected, m.denied, m.bill_month, m.service_line, m.payer_id, m.acuity_level
          FROM moves m
         GROUP BY m.claim_id, m.month, m.amount, m.expected, m.denied, m.bill_month, m.service_line, m.payer_id,
                  m.acuity_level
    ), net AS (
        -- The claim's net receivable after the month's postings and before
        -- them (its first month is its billing month: nothing before). One
        -- pass of running sums per claim.
        SELECT r.*,
               scorecard.claim_net_receivable(r.amount, r.expected, r.cum_paid, r.cum_contractual, r.cum_other) AS net_after,
               CASE WHEN r.month = r.bill_month THEN 0
                    ELSE scorecard.claim_net_receivable(r.amount, r.expected, r.cum_paid - r.paid,
                                                        r.cum_contractual - r.contractual,
                                                        r.cum_other - (r.write_off + r.bad_debt + r.charity + r.other))
               END AS net_before
          FROM (SELECT cm.*,
                       sum(cm.paid) OVER w AS cum_paid, sum(cm.contractual) OVER w AS cum_contractual,
                       sum(cm.write_off + cm.bad_debt + cm.charity + cm.other) OVER w AS cum_other
                  FROM claim_month cm
                WINDOW w AS (PARTITION BY cm.claim_id ORDER BY cm.month ROWS UNBOUNDED PRECEDING)) AS r
    ), revenue AS (
        -- Each claim's revenue in the month (cash posted + change of its net
        -- receivable) and what the month took off what was booked at billing,
        -- named by what was posted: bad debt, charity, a write-off (of a
        -- denied claim: a denial write-off), else a settlement difference.
        SELECT n.*,
               n.paid + n.net_after - n.net_before AS npsr,
               n.net_after - n.net_before AS net_change
          FROM net n
    ), deducted AS (
        SELECT v.*,
               CASE WHEN v.month = v.bill_month THEN v.expected ELSE 0 END - v.npsr AS deduction,
               CASE WHEN v.bad_debt <> 0 THEN 'bad debt'
                    WHEN v.charity <> 0 THEN 'charity'
                    WHEN v.write_off <> 0 AND v.denied THEN 'denial write-off'
                    ELSE 'other' END AS deduction_kind
          FROM revenue v
    )
    SELECT d.claim_id, d.month, d.service_line, d.payer_id, d.acuity_level,
           CASE WHEN d.month = d.bill_month THEN d.amount ELSE 0 END,
           CASE WHEN d.month = d.bill_month THEN d.amount - d.expected ELSE 0 END,
           d.paid, d.net_change, d.npsr, d.deduction, d.deduction_kind
      FROM deducted d;
END;
COMMENT ON FUNCTION scorecard.claim_accrual_rows(text[]) IS
    'The accrual of the given claims (those billed), one row per claim and month with activity (its billing month, and each month a payment was posted or an adjustment made; postings before billing count in the billing month), with the claim''s service line (the patient''s on its first date of service), payer and level: the gross charge and contractual allowance booked in the billing month, cash posted, change of the net receivable (scorecard.claim_net_receivable), NPSR = cash + change, and what the month took off the expected amount, named by what was posted. What scorecard.claim_accrual keeps.';

-- The accrual of every billed claim, kept by pg_scorecard: rebuilt for a
-- claim whenever its amount, expected amount, bill date or denial, or its
-- payments or adjustments change (scorecard.accrue_claims), so that the
-- monthly views add up stored rows instead of replaying every claim's
-- postings on every read. Derived data: not dumped; a restore rebuilds it
-- as claims, payments and adjustments load.
CREATE TABLE scorecard.claim_accrual (
    claim_id       text NOT NULL REFERENCES scorecard.claim (claim_id) ON UPDATE CASCADE ON DELETE CASCADE,
    month          date NOT NULL,
    service_line   text,
    payer_id       text NOT NULL,
    acuity_level   text NOT NULL,
    gross          numeric NOT NULL,
    allowance      numeric NOT NULL,
    cash_posted    numeric NOT NULL,
    net_change     numeric NOT NULL,
    npsr           numeric NOT NULL,
    deduction      numeric NOT NULL,
    deduction_kind text NOT NULL,
    PRIMARY KEY (claim_id, month)
);
COMMENT ON TABLE scorecard.claim_accrual IS
    'Each billed claim''s accrual per month with activity (scorecard.claim_accrual_rows), kept by pg_scorecard whenever the claim or its postings change; scorecard.net_patient_revenue adds it up. Derived: not dumped, rebuilt on restore; scorecard.accrue_claims rebuilds claims by hand.';
COMMENT ON COLUMN scorecard.claim_accrual.claim_id IS 'The claim.';
COMMENT ON COLUMN scorecard.claim_accrual.month IS 'First day of the month: the billing month, or a month with a posting after it.';
COMMENT ON COLUMN scorecard.claim_accrual.service_line IS 'The claim''s service line: the patient''s on its first date of service (scorecard.patient_factory).';
COMMENT ON COLUMN scorecard.claim_accrual.payer_id IS 'The claim''s payer.';
COMMENT ON COLUMN scorecard.claim_accrual.acuity_level IS 'The level of the claim''s service (''unknown'' without one).';
COMMENT ON COLUMN scorecard.claim_accrual.gross IS 'The claim''s amount in its billing month, else 0.';
COMMENT ON COLUMN scorecard.claim_accrual.allowance IS 'Its contractual allowance (amount - expected_amount) in its billing month, else 0.';
COMMENT ON COLUMN scorecard.claim_accrual.cash_posted IS 'Payments posted in the month.';
COMMENT ON COLUMN scorecard.claim_accrual.net_change IS 'Change of the claim''s net receivable over the month (from 0 before billing).';
COMMENT ON COLUMN scorecard.claim_accrual.npsr IS 'The claim''s NPSR in the month: cash_posted + net_change.';
COMMENT ON COLUMN scorecard.claim_accrual.deduction IS 'What the month took off the expected amount booked at billing: (expected_amount in the billing month, else 0) - npsr.';
COMMENT ON COLUMN scorecard.claim_accrual.deduction_kind IS '''bad debt'', ''charity'', ''denial write-off'' (a write-off of a denied claim) or ''other'' (settlement differences), by what was posted.';
CREATE INDEX claim_accrual_month_idx ON scorecard.claim_accrual (month);

CREATE OR REPLACE FUNCTION scorecard.accrue_claims(claims text[])
RETURNS integer
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    written integer;
BEGIN
    IF claims IS NULL OR cardinality(claims) = 0 THEN
        RETURN 0;
    END IF;
    DELETE FROM scorecard.claim_accrual a
     USING (SELECT DISTINCT u.id FROM unnest(claims) AS u(id)) AS w
     WHERE a.claim_id = w.id;
    INSERT INTO scorecard.claim_accrual (claim_id, month, service_line, payer_id, acuity_level, gross, allowance,
                                         cash_posted, net_change, npsr, deduction, deduction_kind)
    SELECT r.claim_id, r.month, r.service_line, r.payer_id, r.acuity_level, r.gross, r.allowance,
           r.cash_posted, r.net_change, r.npsr, r.deduction, r.deduction_kind
      FROM scorecard.claim_accrual_rows(claims) AS r;
    GET DIAGNOSTICS written = ROW_COUNT;
    RETURN written;
END
$$;
COMMENT ON FUNCTION scorecard.accrue_claims(text[]) IS
    'Rebuilds scorecard.claim_accrual for the given claims from their current rows; returns the rows written. Called by scorecard.settle_claims (after it has locked the claims) and by the statement triggers of claim.';

-- A claim billed, re-priced, re-dated, denied or un-denied, or moved to
-- another payer, service or patient, is re-accrued. (Its postings
-- re-accrue it through scorecard.settle_claims.)
CREATE OR REPLACE FUNCTION scorecard.accrue_after_claims()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    claims text[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(n.claim_id) INTO claims FROM new_rows n WHERE n.bill_date IS NOT NULL;
    ELSE
        SELECT array_agg(n.claim_id) INTO claims
          FROM new_rows n JOIN old_rows o ON o.claim_id = n.claim_id
         WHERE (n.amount, n.expected_amount, n.bill_date, n.denial_reason IS NULL, n.payer_id, n.service_id,
                n.beneficiary_id, n.service_from)
               IS DISTINCT FROM (o.amount, o.expected_amount, o.bill_date, o.denial_reason IS NULL, o.payer_id,
                                 o.service_id, o.beneficiary_id, o.service_from);
    END IF;
    PERFORM scorecard.accrue_claims(claims);
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION scorecard.accrue_after_claims() IS
    'Statement-level trigger function of claim: re-accrues (scorecard.accrue_claims) the claims billed, or whose amount, expected amount, bill date, denial, payer, service, patient or date of service changed.';
CREATE OR REPLACE TRIGGER claim_accrue_insert AFTER INSERT ON scorecard.claim
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION scorecard.accrue_after_claims();
CREATE OR REPLACE TRIGGER claim_accrue_update AFTER UPDATE ON scorecard.claim
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION scorecard.accrue_after_claims();

-- A claim's line and level live in other tables: a service whose level
-- changes, or a patient who changes line (beneficiary.service_line, a
-- transfer), re-accrues the claims concerned, after locking them as
-- settlement does (so a posting session and this one take turns).
CREATE OR REPLACE FUNCTION scorecard.accrue_after_claim_context()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    claims text[];
    ids    text[];
    froms  date[];
BEGIN
    IF TG_TABLE_NAME = 'service' THEN
        SELECT array_agg(c.claim_id) INTO claims
          FROM scorecard.claim c
         WHERE c.bill_date IS NOT NULL
           AND c.service_id IN (SELECT n.service_id
                                  FROM new_rows n JOIN old_rows o ON o.service_id = n.service_id
                                 WHERE n.acuity_level IS DISTINCT FROM o.acuity_level);
    ELSIF TG_TABLE_NAME = 'beneficiary' THEN
        SELECT array_agg(c.claim_id) INTO claims
          FROM scorecard.claim c
         WHERE c.bill_date IS NOT NULL
           AND c.beneficiary_id IN (SELECT n.beneficiary_id
                                      FROM new_rows n JOIN old_rows o ON o.beneficiary_id = n.beneficiary_id
                                     WHERE n.service_line IS DISTINCT FROM o.service_line);
    ELSE
        IF TG_OP <> 'DELETE' THEN
            SELECT array_agg(n.beneficiary_id), array_agg(n.effective_from) INTO ids, froms FROM new_rows n;
        END IF;
        IF TG_OP <> 'INSERT' THEN
            SELECT ids || array_agg(o.beneficiary_id), froms || array_agg(o.effective_from) INTO ids, froms
              FROM old_rows o;
        END IF;
        SELECT array_agg(c.claim_id) INTO claims
          FROM scorecard.claim c
          JOIN (SELECT u.beneficiary_id, min(u.effective_from) AS effective_from
                  FROM unnest(ids, froms) AS u(beneficiary_id, effective_from)
                 GROUP BY u.beneficiary_id) AS moved
            ON moved.beneficiary_id = c.beneficiary_id AND c.service_from >= moved.effective_from
         WHERE c.bill_date IS NOT NULL;
    END IF;
    IF claims IS NOT NULL THEN
        PERFORM 1 FROM scorecard.claim c WHERE c.claim_id = ANY (claims) ORDER BY c.claim_id FOR UPDATE;
        PERFORM scorecard.accrue_claims(claims);
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION scorecard.accrue_after_claim_context() IS
    'Statement-level trigger function of service (a changed acuity level), beneficiary (a changed service line) and factory_transfer: locks and re-accrues (scorecard.accrue_claims) the billed claims whose level or line may have changed.';
CREATE OR REPLACE TRIGGER service_accrue_update AFTER UPDATE ON scorecard.service
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION scorecard.accrue_after_claim_context();
CREATE OR REPLACE TRIGGER beneficiary_accrue_update AFTER UPDATE ON scorecard.beneficiary
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION scorecard.accrue_after_claim_context();
CREATE OR REPLACE TRIGGER factory_transfer_accrue_insert AFTER INSERT ON scorecard.factory_transfer
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION scorecard.accrue_after_claim_context();
CREATE OR REPLACE TRIGGER factory_transfer_accrue_update AFTER UPDATE ON scorecard.factory_transfer
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION scorecard.accrue_after_claim_context();
CREATE OR REPLACE TRIGGER factory_transfer_accrue_delete AFTER DELETE ON scorecard.factory_transfer
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION scorecard.accrue_after_claim_context();

CREATE OR REPLACE VIEW scorecard.net_patient_revenue WITH (security_invoker = true) AS
WITH grouped AS (
    -- The stored accrual of every claim (scorecard.claim_accrual, which
    -- carries its line, payer and level), added up.
    SELECT a.month, a.service_line, a.payer_id, a.acuity_level,
           sum(a.gross) AS gross_revenue, sum(a.allowance) AS contractual_allowances,
           sum(a.deduction) FILTER (WHERE a.deduction_kind = 'denial write-off') AS denial_write_offs,
           sum(a.deduction) FILTER (WHERE a.deduction_kind = 'bad debt') AS bad_debt,
           sum(a.deduction) FILTER (WHERE a.deduction_kind = 'charity') AS charity,
           sum(a.deduction) FILTER (WHERE a.deduction_kind = 'other') AS other_deductions,
           sum(a.npsr) AS npsr, sum(a.cash_posted) AS cash_posted, sum(a.net_change) AS net_change
      FROM scorecard.claim_accrual a
     GROUP BY 1, 2, 3, 4
), dense AS (
    -- Every month from the first billing to the last activity for every
    -- (line, payer, level) seen, so that net A/R at a month end sums over
    -- rows of that month.
    SELECT m.month::date AS month, k.service_line, k.payer_id, k.acuity_level
      FROM (SELECT DISTINCT g.service_line, g.payer_id, g.acuity_level FROM grouped g) AS k
     CROSS JOIN (SELECT generate_series(min(g.month), max(g.month), interval '1 month') AS month FROM grouped g) AS m
)
SELECT x.month AS period_start,
       'month'::text AS period_grain,
       x.service_line,
       x.payer_id,
       x.acuity_level,
       coalesce(g.gross_revenue, 0) AS gross_revenue,
       coalesce(g.contractual_allowances, 0) AS contractual_allowances,
       coalesce(g.denial_write_offs, 0) AS denial_write_offs,
       coalesce(g.bad_debt, 0) AS bad_debt,
       coalesce(g.charity, 0) AS charity,
       coalesce(g.other_deductions, 0) AS other_deductions,
       coalesce(g.npsr, 0) AS net_patient_revenue,
       coalesce(g.cash_posted, 0) AS cash_posted,
       sum(coalesce(g.net_change, 0)) OVER (PARTITION BY x.service_line, x.payer_id, x.acuity_level ORDER BY x.month) AS net_ar
  FROM dense x
  LEFT JOIN grouped g ON g.month = x.month AND g.service_line IS NOT DISTINCT FROM x.service_line
                     AND g.payer_id = x.payer_id AND g.acuity_level = x.acuity_level;
COMMENT ON VIEW scorecard.net_patient_revenue IS
    'Accrual net patient service revenue (HFMA MAP''s NPSR) per month, service line (of the patient), payer and acuity level: gross charges billed less the contractual allowance accrued at billing (amount - expected reimbursement) and less what later postings took off the expected amount (denial write-offs, bad debt, charity, settlement differences), with the cash posted and the net A/R at month end; net_patient_revenue = cash_posted + the month''s change of net A/R. One row for every month from the first billing on and every (line, payer, level) seen.';
COMMENT ON COLUMN scorecard.net_patient_revenue.period_start IS 'First day of the month.';
COMMENT ON COLUMN scorecard.net_patient_revenue.period_grain IS '''month''.';
COMMENT ON COLUMN scorecard.net_patient_revenue.service_line IS 'The patient''s service line (focused factory) on the claim''s first date of service (scorecard.patient_factory).';
COMMENT ON COLUMN scorecard.net_patient_revenue.payer_id IS 'Payer billed.';
COMMENT ON COLUMN scorecard.net_patient_revenue.acuity_level IS 'Acuity level of the claim''s service (''unknown'' without one).';
COMMENT ON COLUMN scorecard.net_patient_revenue.gross_revenue IS 'Amount of the claims billed in the month (gross charges).';
COMMENT ON COLUMN scorecard.net_patient_revenue.contractual_allowances IS 'Their contractual allowance, accrued at billing: amount - expected_amount.';
COMMENT ON COLUMN scorecard.net_patient_revenue.denial_write_offs IS 'Expected revenue taken off in the month by write-offs of denied claims.';
COMMENT ON COLUMN scorecard.net_patient_revenue.bad_debt IS 'Expected revenue taken off in the month by bad-debt adjustments.';
COMMENT ON COLUMN scorecard.net_patient_revenue.charity IS 'Expected revenue taken off in the month by charity adjustments.';
COMMENT ON COLUMN scorecard.net_patient_revenue.other_deductions IS 'Settlement differences: what payments and contractual adjustments posted in the month took off (negative: added to) the expected amount, other write-offs, refunds and other adjustments.';
COMMENT ON COLUMN scorecard.net_patient_revenue.net_patient_revenue IS 'gross_revenue - contractual_allowances - denial_write_offs - bad_debt - charity - other_deductions = cash_posted + the change of net_ar over the month.';
COMMENT ON COLUMN scorecard.net_patient_revenue.cash_posted IS 'Payments posted in the month.';
COMMENT ON COLUMN scorecard.net_patient_revenue.net_ar IS 'Net A/R at month end: what is still expected of the claims billed by then (scorecard.claim_net_receivable).';

-- Net receivables on any date, for the as-of KPIs.
CREATE OR REPLACE FUNCTION scorecard.claim_net_balances_as_of(as_of date)
RETURNS TABLE (claim_id text, payer_id text, beneficiary_id text, amount numeric, expected_amount numeric,
               balance numeric, net_balance numeric)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT c.claim_id, c.payer_id, c.beneficiary_id, c.amount, c.expected_amount,
           c.amount - coalesce(p.paid, 0) - coalesce(a.contractual, 0) - coalesce(a.other, 0),
           scorecard.claim_net_receivable(c.amount, c.expected_amount, coalesce(p.paid, 0),
                                          coalesce(a.contractual, 0), coalesce(a.other, 0))
      FROM scorecard.claim c
      LEFT JOIN (SELECT y.claim_id, sum(y.amount) AS paid
                   FROM scorecard.payment y
                  WHERE y.posted_on <= claim_net_balances_as_of.as_of
                  GROUP BY y.claim_id) AS p ON p.claim_id = c.claim_id
      LEFT JOIN (SELECT d.claim_id, sum(d.amount) FILTER (WHERE d.kind = 'contractual') AS contractual,
                        sum(d.amount) FILTER (WHERE d.kind <> 'contractual') AS other
                   FROM scorecard.adjustment d
                  WHERE d.adjusted_on <= claim_net_balances_as_of.as_of
                  GROUP BY d.claim_id) AS a ON a.claim_id = c.claim_id
     WHERE c.bill_date <= claim_net_balances_as_of.as_of;
END;
COMMENT ON FUNCTION scorecard.claim_net_balances_as_of(date) IS
    'Every claim billed by as_of with its open balance (gross) and its net receivable (scorecard.claim_net_receivable) from the payments posted and adjustments made by then.';

CREATE OR REPLACE FUNCTION scorecard.net_patient_revenue_for(period_start date, period_end date)
RETURNS TABLE (gross_revenue numeric, contractual_allowances numeric, net_patient_revenue numeric,
               cash_posted numeric, net_ar numeric, billed_ar numeric)
LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT b.gross, b.allowance,
           y.cash + e.net - s.net,
           y.cash, e.net, e.gross
      FROM (SELECT coalesce(sum(c.amount), 0) AS gross, coalesce(sum(c.amount - c.expected_amount), 0) AS allowance
              FROM scorecard.claim c
             WHERE c.bill_date BETWEEN net_patient_revenue_for.period_start AND net_patient_revenue_for.period_end) AS b,
           -- Cash posted in the period on claims billed by its end (a
           -- payment posted before its claim was billed counts from then).
           (SELECT coalesce(sum(y.amount), 0) AS cash
              FROM scorecard.payment y
              JOIN scorecard.claim c ON c.claim_id = y.claim_id
             WHERE y.posted_on IS NOT NULL AND c.bill_date IS NOT NULL
               AND GREATEST(y.posted_on, c.bill_date) BETWEEN net_patient_revenue_for.period_start
                                                           AND net_patient_revenue_for.period_end) AS y,
           (SELECT coalesce(sum(n.net_balance), 0) AS net, coalesce(sum(n.balance), 0) AS gross
              FROM scorecard.claim_net_balances_as_of(net_patient_revenue_for.period_end) AS n) AS e,
           (SELECT coalesce(sum(n.net_balance), 0) AS net
              FROM scorecard.claim_net_balances_as_of(net_patient_revenue_for.period_start - 1) AS n) AS s
     WHERE net_patient_revenue_for.period_start <= net_patient_revenue_for.period_end;
END;
COMMENT ON FUNCTION scorecard.net_patient_revenue_for(date, date) IS
    'Accrual NPSR of any period [period_start, period_end], as scorecard.net_patient_revenue books it: cash posted in the period + net A/R at its end - net A/R the day before it starts; with the gross revenue billed, its accrued contractual allowance, and the net and gross (billed) A/R at period end. No row for an empty or NULL period.';

-- Monthly rate reconciliation: what each payer paid against what its
-- contract says, on the claims it paid, in the month of their first
-- payment, so that an underpayment is caught and appealed before cost
-- settlement (the source).
CREATE OR REPLACE VIEW scorecard.rate_reconciliation WITH (security_invoker = true) AS
SELECT date_trunc('month', c.first_paid_on::timestamp)::date AS period_start,
       'month'::text AS period_grain,
       c.payer_id,
       c.contract_id,
       k.method,
       count(*) AS claims_paid,
       sum(c.amount) AS charges,
       sum(c.expected_amount) AS expected_amount,
       sum(c.paid_amount) AS paid_amount,
       sum(c.paid_amount - c.expected_amount) AS variance,
       round(sum(c.paid_amount - c.expected_amount) / NULLIF(sum(c.expected_amount), 0), 4) AS variance_share,
       count(*) FILTER (WHERE c.paid_amount < c.expected_amount) AS underpaid_claims,
       coalesce(sum(c.expected_amount - c.paid_amount) FILTER (WHERE c.paid_amount < c.expected_amount), 0) AS underpaid_amount,
       count(*) FILTER (WHERE c.paid_amount > c.expected_amount) AS overpaid_claims,
       coalesce(sum(c.paid_amount - c.expected_amount) FILTER (WHERE c.paid_amount > c.expected_amount), 0) AS overpaid_amount
  FROM scorecard.claim c
  LEFT JOIN scorecard.payer_contract k ON k.contract_id = c.contract_id
 WHERE c.status = 'paid' AND c.first_paid_on IS NOT NULL
 GROUP BY 1, 3, 4, 5;
COMMENT ON VIEW scorecard.rate_reconciliation IS
    'Monthly rate reconciliation: the claims each payer paid (status paid), by the month of their first payment and the contract term that priced them, with what the term expected and what was paid (all payments to date), the variance and the under- and overpaid claims. A contract_id NULL row holds claims priced at charges (no term applied) or with an expected amount supplied by the billing system.';
COMMENT ON COLUMN scorecard.rate_reconciliation.period_start IS 'Month of the claims'' first payment.';
COMMENT ON COLUMN scorecard.rate_reconciliation.period_grain IS '''month''.';
COMMENT ON COLUMN scorecard.rate_reconciliation.payer_id IS 'Payer.';
COMMENT ON COLUMN scorecard.rate_reconciliation.contract_id IS 'Contract term that priced the claims (NULL: none).';
COMMENT ON COLUMN scorecard.rate_reconciliation.method IS 'Its pricing method.';
COMMENT ON COLUMN scorecard.rate_reconciliation.claims_paid IS 'Claims paid.';
COMMENT ON COLUMN scorecard.rate_reconciliation.charges IS 'Their amount billed.';
COMMENT ON COLUMN scorecard.rate_reconciliation.expected_amount IS 'What the contract expected of them.';
COMMENT ON COLUMN scorecard.rate_reconciliation.paid_amount IS 'What was paid on them (all payments to date).';
COMMENT ON COLUMN scorecard.rate_reconciliation.variance IS 'paid_amount - expected_amount: negative when the payer paid less than its contract.';
COMMENT ON COLUMN scorecard.rate_reconciliation.variance_share IS 'variance / expected_amount.';
COMMENT ON COLUMN scorecard.rate_reconciliation.underpaid_claims IS 'Claims paid below their expected amount (to appeal).';
COMMENT ON COLUMN scorecard.rate_reconciliation.underpaid_amount IS 'What they fell short by.';
COMMENT ON COLUMN scorecard.rate_reconciliation.overpaid_claims IS 'Claims paid above their expected amount (a refund may be due, or the contract is out of date).';
COMMENT ON COLUMN scorecard.rate_reconciliation.overpaid_amount IS 'What they were paid over.';
