-- pg_scorecard: the revenue cycle. A/R aging, the Director's five weekly
-- A/R reports, and the HFMA-style KPIs. Views are "as of" today; the
-- *_as_of functions take any date. Plain column types throughout; shares
-- are fractions (0.25 = 25%).

-- ---------------------------------------------------------------------
-- Claim balances.
-- ---------------------------------------------------------------------
CREATE OR REPLACE FUNCTION scorecard.aging_date(age_basis text, service_from date, bill_date date, due_date date)
RETURNS date
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN CASE age_basis
        WHEN 'service_date' THEN service_from
        WHEN 'bill_date' THEN bill_date
        WHEN 'due_date' THEN due_date
        ELSE scorecard.bad_age_basis(age_basis)
    END;
END
$$;
COMMENT ON FUNCTION scorecard.aging_date(text, date, date, date) IS
    'The date a claim''s age counts from: service_from, bill_date or due_date, by age_basis ''service_date'', ''bill_date'' or ''due_date''.';

CREATE OR REPLACE FUNCTION scorecard.bad_age_basis(age_basis text)
RETURNS date
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RAISE EXCEPTION 'age basis must be service_date, bill_date or due_date, not %', coalesce(quote_literal(age_basis), 'NULL')
        USING ERRCODE = 'invalid_parameter_value';
END
$$;
COMMENT ON FUNCTION scorecard.bad_age_basis(text) IS 'Raises the error for an unknown age basis.';

CREATE OR REPLACE FUNCTION scorecard.claim_balances_as_of(as_of date)
RETURNS TABLE (claim_id text, payer_id text, payer_type text, beneficiary_id text, status text,
               service_from date, bill_date date, due_date date, amount numeric, paid numeric,
               adjusted numeric, balance numeric)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT c.claim_id, c.payer_id, p.payer_type, c.beneficiary_id, c.status, c.service_from, c.bill_date,
           coalesce(c.due_date, c.bill_date + p.payment_terms_days),
           c.amount, coalesce(pay.paid, 0), coalesce(adj.adjusted, 0),
           c.amount - coalesce(pay.paid, 0) - coalesce(adj.adjusted, 0)
      FROM scorecard.claim c
      JOIN scorecard.payer p ON p.payer_id = c.payer_id
      LEFT JOIN (SELECT y.claim_id, sum(y.amount) AS paid
                   FROM scorecard.payment y
                  WHERE y.posted_on <= claim_balances_as_of.as_of
                  GROUP BY y.claim_id) AS pay ON pay.claim_id = c.claim_id
      LEFT JOIN (SELECT a.claim_id, sum(a.amount) AS adjusted
                   FROM scorecard.adjustment a
                  WHERE a.adjusted_on <= claim_balances_as_of.as_of
                  GROUP BY a.claim_id) AS adj ON adj.claim_id = c.claim_id
     WHERE c.bill_date <= claim_balances_as_of.as_of;
END;
COMMENT ON FUNCTION scorecard.claim_balances_as_of(date) IS
    'Every claim billed by as_of with its open balance on that date: amount - payments posted by then - adjustments made by then. The due date defaults to bill_date + the payer''s terms.';

-- The reports need only the claims still open on a date, and most of them
-- ask about a recent one. Each claim carries its settled totals
-- (paid_amount, adjusted_amount, kept by scorecard.settle_claims), so its
-- balance on as_of is the balance today plus what was posted after as_of:
-- one pass over the claims (their totals) and the postings made after
-- as_of (indexes on the posting dates), not a sum of every payment and
-- adjustment ever posted. (A partial index on the open claims was tried:
-- the planner cannot estimate its predicate, never chose it, and it cost
-- every settlement an index entry.) Same rows and figures as
-- claim_balances_as_of(as_of) WHERE balance <> 0 (regress suite
-- revenue_scale compares them).
CREATE OR REPLACE FUNCTION scorecard.open_claims_as_of(as_of date)
RETURNS TABLE (claim_id text, payer_id text, payer_type text, beneficiary_id text, status text,
               service_from date, bill_date date, due_date date, amount numeric, paid numeric,
               adjusted numeric, balance numeric)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    WITH later AS (
        SELECT l.claim_id, sum(l.paid) AS paid, sum(l.adjusted) AS adjusted
          FROM (SELECT y.claim_id, y.amount AS paid, 0 AS adjusted
                  FROM scorecard.payment y
                 WHERE y.claim_id IS NOT NULL
                   AND (y.posted_on > open_claims_as_of.as_of OR y.posted_on IS NULL)
                UNION ALL
                SELECT a.claim_id, 0, a.amount
                  FROM scorecard.adjustment a
                 WHERE a.adjusted_on > open_claims_as_of.as_of) AS l
         GROUP BY l.claim_id
    )
    SELECT c.claim_id, c.payer_id, p.payer_type, c.beneficiary_id, c.status, c.service_from, c.bill_date,
           coalesce(c.due_date, c.bill_date + p.payment_terms_days),
           c.amount, c.paid_amount, c.adjusted_amount, c.amount - c.paid_amount - c.adjusted_amount
      FROM scorecard.claim c
      JOIN scorecard.payer p ON p.payer_id = c.payer_id
     WHERE c.amount <> c.paid_amount + c.adjusted_amount
       AND c.bill_date <= open_claims_as_of.as_of
       AND NOT EXISTS (SELECT 1 FROM later l WHERE l.claim_id = c.claim_id)
    UNION ALL
    SELECT b.claim_id, b.payer_id, b.payer_type, b.beneficiary_id, b.status, b.service_from, b.bill_date,
           b.due_date, b.amount, b.paid, b.adjusted, b.amount - b.paid - b.adjusted
      FROM (SELECT c.claim_id, c.payer_id, p.payer_type, c.beneficiary_id, c.status, c.service_from, c.bill_date,
                   coalesce(c.due_date, c.bill_date + p.payment_terms_days) AS due_date, c.amount,
                   c.paid_amount - l.paid AS paid, c.adjusted_amount - l.adjusted AS adjusted
              FROM later l
              JOIN scorecard.claim c ON c.claim_id = l.claim_id
              JOIN scorecard.payer p ON p.payer_id = c.payer_id
             WHERE c.bill_date <= open_claims_as_of.as_of) AS b
     WHERE b.amount - b.paid - b.adjusted <> 0;
END;
COMMENT ON FUNCTION scorecard.open_claims_as_of(date) IS
    'The claims billed by as_of with an open balance on that date, as scorecard.claim_balances_as_of(as_of) WHERE balance <> 0 gives them, read from each claim''s settled totals and the postings made after as_of: fast for recent dates. The A/R reports use it.';

-- ---------------------------------------------------------------------
-- Report 1: A/R aged by payer, wide and long.
-- ---------------------------------------------------------------------
CREATE OR REPLACE FUNCTION scorecard.ar_aging_by_payer_as_of(as_of date, age_basis text DEFAULT 'bill_date')
RETURNS TABLE (as_of_date date, aged_from text, payer_id text, payer_name text, payer_type text,
               days_0_30 numeric, days_31_60 numeric, days_61_90 numeric, days_91_120 numeric,
               days_over_120 numeric, total numeric, over_90_share numeric, not_yet_due numeric,
               open_claims bigint)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT ar_aging_by_payer_as_of.as_of, ar_aging_by_payer_as_of.age_basis, p.payer_id, p.name, p.payer_type,
           (a.r).buckets[1], (a.r).buckets[2], (a.r).buckets[3], (a.r).buckets[4], (a.r).buckets[5],
           (a.r).receivable,
           round(((a.r).buckets[4] + (a.r).buckets[5]) / NULLIF((a.r).receivable, 0), 4),
           (a.r).after_as_of, a.items
      FROM (SELECT b.payer_id,
                   scorecard.ar_aging(b.balance,
                                      scorecard.aging_date(ar_aging_by_payer_as_of.age_basis, b.service_from, b.bill_date, b.due_date),
                                      ar_aging_by_payer_as_of.as_of) AS r,
                   count(*) AS items
              FROM scorecard.open_claims_as_of(ar_aging_by_payer_as_of.as_of) AS b
             GROUP BY b.payer_id) AS a
      JOIN scorecard.payer p ON p.payer_id = a.payer_id
     ORDER BY (a.r).receivable DESC, p.payer_id;
END;
COMMENT ON FUNCTION scorecard.ar_aging_by_payer_as_of(date, text) IS
    'Report 1, wide: open A/R by payer on as_of, aged from the bill date (or ''service_date'', ''due_date''), in the default buckets, with the total, the share over 90 days, and what is not yet due (due-date aging only).';

CREATE OR REPLACE VIEW scorecard.ar_aging_by_payer WITH (security_invoker = true) AS
SELECT a.as_of_date, a.aged_from, a.payer_id, a.payer_name, a.payer_type, a.days_0_30, a.days_31_60,
       a.days_61_90, a.days_91_120, a.days_over_120, a.total, a.over_90_share, a.not_yet_due, a.open_claims
  FROM scorecard.ar_aging_by_payer_as_of(scorecard.today(), 'bill_date') AS a;
COMMENT ON VIEW scorecard.ar_aging_by_payer IS
    'Report 1: open A/R by payer as of today, aged from the bill date, one column per default bucket. For another date or basis: scorecard.ar_aging_by_payer_as_of(as_of, age_basis).';
COMMENT ON COLUMN scorecard.ar_aging_by_payer.as_of_date IS 'Date the aging is taken as of (today).';
COMMENT ON COLUMN scorecard.ar_aging_by_payer.aged_from IS 'What the age counts from: bill_date.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer.payer_id IS 'Payer.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer.payer_name IS 'Payer name.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer.payer_type IS 'Payer type.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer.days_0_30 IS 'Open balance 0-30 days old.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer.days_31_60 IS 'Open balance 31-60 days old.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer.days_61_90 IS 'Open balance 61-90 days old.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer.days_91_120 IS 'Open balance 91-120 days old.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer.days_over_120 IS 'Open balance over 120 days old.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer.total IS 'Total open A/R of the payer.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer.over_90_share IS 'Share of the total over 90 days old (0.25 = 25%).';
COMMENT ON COLUMN scorecard.ar_aging_by_payer.not_yet_due IS 'Open amounts not yet due (only with due-date aging; 0 otherwise).';
COMMENT ON COLUMN scorecard.ar_aging_by_payer.open_claims IS 'Claims with an open balance.';

CREATE OR REPLACE FUNCTION scorecard.ar_aging_by_payer_long_as_of(as_of date, age_basis text DEFAULT 'bill_date',
                                                       bucket_edges integer[] DEFAULT '{30,60,90,120}')
RETURNS TABLE (as_of_date date, aged_from text, payer_id text, payer_name text, payer_type text,
               bucket integer, bucket_label text, min_days integer, max_days integer, amount numeric)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT ar_aging_by_payer_long_as_of.as_of, ar_aging_by_payer_long_as_of.age_basis, p.payer_id, p.name,
           p.payer_type, k.bucket, k.label, k.min_days, k.max_days, (a.r).buckets[k.bucket]
      FROM (SELECT b.payer_id,
                   scorecard.ar_aging(b.balance,
                                      scorecard.aging_date(ar_aging_by_payer_long_as_of.age_basis, b.service_from, b.bill_date, b.due_date),
                                      ar_aging_by_payer_long_as_of.as_of,
                                      ar_aging_by_payer_long_as_of.bucket_edges) AS r
              FROM scorecard.open_claims_as_of(ar_aging_by_payer_long_as_of.as_of) AS b
             GROUP BY b.payer_id) AS a
      JOIN scorecard.payer p ON p.payer_id = a.payer_id
     CROSS JOIN scorecard.aging_buckets(ar_aging_by_payer_long_as_of.bucket_edges) AS k
     ORDER BY p.payer_id, k.bucket;
END;
COMMENT ON FUNCTION scorecard.ar_aging_by_payer_long_as_of(date, text, integer[]) IS
    'Report 1, long: one row per payer and bucket, for any as_of, age basis and list of bucket edges.';

CREATE OR REPLACE VIEW scorecard.ar_aging_by_payer_long WITH (security_invoker = true) AS
SELECT a.as_of_date, a.aged_from, a.payer_id, a.payer_name, a.payer_type, a.bucket, a.bucket_label,
       a.min_days, a.max_days, a.amount
  FROM scorecard.ar_aging_by_payer_long_as_of(scorecard.today(), 'bill_date', '{30,60,90,120}') AS a;
COMMENT ON VIEW scorecard.ar_aging_by_payer_long IS
    'Report 1, long: open A/R as of today by payer and default bucket (aged from the bill date), one row each.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_long.as_of_date IS 'Date the aging is taken as of (today).';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_long.aged_from IS 'What the age counts from: bill_date.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_long.payer_id IS 'Payer.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_long.payer_name IS 'Payer name.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_long.payer_type IS 'Payer type.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_long.bucket IS 'Bucket number, 1 = youngest.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_long.bucket_label IS 'Bucket label, e.g. ''31-60''.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_long.min_days IS 'Youngest age in the bucket, in days.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_long.max_days IS 'Oldest age in the bucket (NULL for the last).';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_long.amount IS 'Open balance in the bucket.';

-- ---------------------------------------------------------------------
-- Report 2: billing edits and denials by error; write-offs by reason.
-- ---------------------------------------------------------------------
CREATE OR REPLACE FUNCTION scorecard.claim_errors_between(from_date date, to_date date)
RETURNS TABLE (kind text, reason text, claims bigint, amount numeric, share_of_claims numeric,
               share_of_amount numeric)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    WITH errors AS (
        SELECT 'billing edit'::text AS kind, c.edit_reason AS reason, c.amount
          FROM scorecard.claim c
         WHERE c.edit_reason IS NOT NULL
           AND c.created_on >= claim_errors_between.from_date AND c.created_on < claim_errors_between.to_date
        UNION ALL
        SELECT 'denial', c.denial_reason, c.amount
          FROM scorecard.claim c
         WHERE c.denial_reason IS NOT NULL
           AND coalesce(c.denied_on, c.bill_date) >= claim_errors_between.from_date
           AND coalesce(c.denied_on, c.bill_date) < claim_errors_between.to_date
    ), counted AS (
        SELECT e.kind, e.reason, count(*) AS claims, sum(e.amount) AS amount
          FROM errors e GROUP BY e.kind, e.reason
    )
    SELECT c.kind, c.reason, c.claims, c.amount,
           round(c.claims / sum(c.claims) OVER (PARTITION BY c.kind), 4),
           round(c.amount / NULLIF(sum(c.amount) OVER (PARTITION BY c.kind), 0), 4)
      FROM counted c
     ORDER BY c.kind, c.amount DESC, c.reason;
END;
COMMENT ON FUNCTION scorecard.claim_errors_between(date, date) IS
    'Report 2: billing edits (claims created in [from_date, to_date)) and denials (denied in the window) by error, with counts, amounts and each error''s share of its kind.';

CREATE OR REPLACE VIEW scorecard.claim_errors WITH (security_invoker = true) AS
SELECT (scorecard.today() - 7) AS from_date, scorecard.today() AS to_date, e.kind, e.reason, e.claims, e.amount,
       e.share_of_claims, e.share_of_amount
  FROM scorecard.claim_errors_between(scorecard.today() - 7, scorecard.today()) AS e;
COMMENT ON VIEW scorecard.claim_errors IS
    'Report 2 for the last 7 days: billing edits and claims denials by error, counts and amounts. Any window: scorecard.claim_errors_between.';
COMMENT ON COLUMN scorecard.claim_errors.from_date IS 'First day of the window.';
COMMENT ON COLUMN scorecard.claim_errors.to_date IS 'Day after the window (today).';
COMMENT ON COLUMN scorecard.claim_errors.kind IS '''billing edit'' or ''denial''.';
COMMENT ON COLUMN scorecard.claim_errors.reason IS 'Edit or denial reason code.';
COMMENT ON COLUMN scorecard.claim_errors.claims IS 'Claims with this error.';
COMMENT ON COLUMN scorecard.claim_errors.amount IS 'Their amount billed.';
COMMENT ON COLUMN scorecard.claim_errors.share_of_claims IS 'Share of the kind''s claims (0.25 = 25%).';
COMMENT ON COLUMN scorecard.claim_errors.share_of_amount IS 'Share of the kind''s amount.';

CREATE OR REPLACE FUNCTION scorecard.write_offs_between(from_date date, to_date date)
RETURNS TABLE (kind text, reason text, adjustments bigint, amount numeric, share_of_amount numeric)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT w.kind, w.reason, w.adjustments, w.amount,
           round(w.amount / NULLIF(sum(w.amount) OVER (), 0), 4)
      FROM (SELECT a.kind, a.reason, count(*) AS adjustments, sum(a.amount) AS amount
              FROM scorecard.adjustment a
             WHERE a.kind IN ('write-off', 'bad debt')
               AND a.adjusted_on >= write_offs_between.from_date AND a.adjusted_on < write_offs_between.to_date
             GROUP BY a.kind, a.reason) AS w
     ORDER BY w.amount DESC, w.kind, w.reason;
END;
COMMENT ON FUNCTION scorecard.write_offs_between(date, date) IS
    'Report 2: write-offs and bad-debt write-offs made in [from_date, to_date), by reason, with each reason''s share of the amount.';

CREATE OR REPLACE VIEW scorecard.write_offs WITH (security_invoker = true) AS
SELECT (scorecard.today() - 7) AS from_date, scorecard.today() AS to_date, w.kind, w.reason, w.adjustments, w.amount,
       w.share_of_amount
  FROM scorecard.write_offs_between(scorecard.today() - 7, scorecard.today()) AS w;
COMMENT ON VIEW scorecard.write_offs IS 'Report 2 for the last 7 days: write-offs and bad debt by reason. Any window: scorecard.write_offs_between.';
COMMENT ON COLUMN scorecard.write_offs.from_date IS 'First day of the window.';
COMMENT ON COLUMN scorecard.write_offs.to_date IS 'Day after the window (today).';
COMMENT ON COLUMN scorecard.write_offs.kind IS '''write-off'' or ''bad debt''.';
COMMENT ON COLUMN scorecard.write_offs.reason IS 'Reason.';
COMMENT ON COLUMN scorecard.write_offs.adjustments IS 'Write-offs with this reason.';
COMMENT ON COLUMN scorecard.write_offs.amount IS 'Amount written off.';
COMMENT ON COLUMN scorecard.write_offs.share_of_amount IS 'Share of all write-offs in the window.';

-- ---------------------------------------------------------------------
-- Report 3: payments received but not yet posted.
-- ---------------------------------------------------------------------
CREATE OR REPLACE FUNCTION scorecard.unposted_payments_as_of(as_of date)
RETURNS TABLE (payment_id text, payer_id text, payer_name text, claim_id text, received_on date,
               amount numeric, days_waiting integer)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT y.payment_id, y.payer_id, p.name, y.claim_id, y.received_on, y.amount,
           unposted_payments_as_of.as_of - y.received_on
      FROM scorecard.payment y
      JOIN scorecard.payer p ON p.payer_id = y.payer_id
     WHERE y.received_on <= unposted_payments_as_of.as_of
       AND (y.posted_on IS NULL OR y.posted_on > unposted_payments_as_of.as_of)
     ORDER BY y.received_on, y.payment_id;
END;
COMMENT ON FUNCTION scorecard.unposted_payments_as_of(date) IS
    'Report 3: payments received by as_of and not posted by then, oldest first, with the days they have waited.';

CREATE OR REPLACE VIEW scorecard.unposted_payments WITH (security_invoker = true) AS
SELECT u.payment_id, u.payer_id, u.payer_name, u.claim_id, u.received_on, u.amount, u.days_waiting
  FROM scorecard.unposted_payments_as_of(scorecard.today()) AS u;
COMMENT ON VIEW scorecard.unposted_payments IS 'Report 3: payments received but not yet posted, as of today.';
COMMENT ON COLUMN scorecard.unposted_payments.payment_id IS 'Payment.';
COMMENT ON COLUMN scorecard.unposted_payments.payer_id IS 'Who paid.';
COMMENT ON COLUMN scorecard.unposted_payments.payer_name IS 'Payer name.';
COMMENT ON COLUMN scorecard.unposted_payments.claim_id IS 'Claim it settles, if matched.';
COMMENT ON COLUMN scorecard.unposted_payments.received_on IS 'Date received.';
COMMENT ON COLUMN scorecard.unposted_payments.amount IS 'Amount.';
COMMENT ON COLUMN scorecard.unposted_payments.days_waiting IS 'Days since it was received.';

-- ---------------------------------------------------------------------
-- Report 4: late entries (documentation past 24 hours) and timeliness.
-- ---------------------------------------------------------------------
CREATE OR REPLACE FUNCTION scorecard.late_entries_between(from_date date, to_date date)
RETURNS TABLE (service_id text, service_date date, beneficiary_id text, clinician_id text,
               clinician_name text, service_line text, service_at timestamptz, documented_at timestamptz,
               hours_to_document numeric, documented boolean)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    -- Judged as of the end of the window (scorecard.report_time): a service
    -- is late once 24 hours have passed by then without its note, and a
    -- note entered after then is not known to the report (still missing).
    SELECT s.service_id, s.service_at::date, s.beneficiary_id, s.clinician_id, c.name,
           coalesce(s.service_line, b.service_line), s.service_at, k.documented_at,
           round(extract(epoch FROM k.documented_at - s.service_at) / 3600, 2),
           k.documented_at IS NOT NULL
      FROM scorecard.service s
      JOIN scorecard.patient_factory b
        ON b.beneficiary_id = s.beneficiary_id
       AND (b.valid_from IS NULL OR s.service_at >= b.valid_from)
       AND (b.valid_until IS NULL OR s.service_at < b.valid_until)
      LEFT JOIN scorecard.clinician c ON c.clinician_id = s.clinician_id
     CROSS JOIN LATERAL (SELECT scorecard.report_time(late_entries_between.to_date - 1) AS at) AS r
     CROSS JOIN LATERAL (SELECT CASE WHEN s.documented_at <= r.at THEN s.documented_at END AS documented_at) AS k
     WHERE s.service_at >= late_entries_between.from_date
       AND s.service_at < late_entries_between.to_date
       AND s.service_at + interval '24 hours' <= r.at
       AND (s.documented_at IS NULL OR s.documented_at > s.service_at + interval '24 hours')
     ORDER BY s.service_at, s.service_id;
END;
COMMENT ON FUNCTION scorecard.late_entries_between(date, date) IS
    'Report 4: services delivered in [from_date, to_date) whose documentation was not entered within 24 hours (entered late, or still missing), with the hours it took, as of the end of the window (scorecard.report_time(to_date - 1)): services not yet 24 hours old then are not judged, and notes entered after then count as missing.';

CREATE OR REPLACE VIEW scorecard.late_entries WITH (security_invoker = true) AS
SELECT l.service_id, l.service_date, l.beneficiary_id, l.clinician_id, l.clinician_name, l.service_line,
       l.documented_at::date AS documented_date, l.hours_to_document, l.documented
  FROM scorecard.late_entries_between(scorecard.today() - 6, scorecard.today() + 1) AS l;
COMMENT ON VIEW scorecard.late_entries IS 'Report 4 for the last 7 days: services without documentation entered within 24 hours. Any window: scorecard.late_entries_between.';
COMMENT ON COLUMN scorecard.late_entries.service_id IS 'Service.';
COMMENT ON COLUMN scorecard.late_entries.service_date IS 'Date of service (in the session''s time zone).';
COMMENT ON COLUMN scorecard.late_entries.beneficiary_id IS 'Beneficiary.';
COMMENT ON COLUMN scorecard.late_entries.clinician_id IS 'Clinician.';
COMMENT ON COLUMN scorecard.late_entries.clinician_name IS 'Clinician name.';
COMMENT ON COLUMN scorecard.late_entries.service_line IS 'Service line where delivered (else the beneficiary''s).';
COMMENT ON COLUMN scorecard.late_entries.documented_date IS 'Date documentation was entered (NULL: still missing); the exact times are in scorecard.late_entries_between.';
COMMENT ON COLUMN scorecard.late_entries.hours_to_document IS 'Hours from service to documentation (NULL while missing).';
COMMENT ON COLUMN scorecard.late_entries.documented IS 'False while documentation is still missing.';

CREATE OR REPLACE VIEW scorecard.documentation_timeliness WITH (security_invoker = true) AS
SELECT date_trunc('week', s.service_at)::date AS week_start,
       count(*)::integer AS services,
       (count(*) FILTER (WHERE s.documented_at <= s.service_at + interval '4 hours'))::integer AS within_4_hours,
       round((count(*) FILTER (WHERE s.documented_at <= s.service_at + interval '4 hours'))::numeric / count(*), 4) AS within_4_hours_share,
       (count(*) FILTER (WHERE s.documented_at IS NULL OR s.documented_at > s.service_at + interval '24 hours'))::integer AS late_24_hours,
       round((count(*) FILTER (WHERE s.documented_at IS NULL OR s.documented_at > s.service_at + interval '24 hours'))::numeric / count(*), 4) AS late_24_hours_share,
       (count(*) FILTER (WHERE s.documented_at IS NULL OR s.documented_at > (SELECT scorecard.report_time(scorecard.today()))))::integer AS undocumented
  FROM scorecard.service s
 WHERE s.service_at + interval '24 hours' <= (SELECT scorecard.report_time(scorecard.today()))
 GROUP BY 1;
COMMENT ON VIEW scorecard.documentation_timeliness IS
    'Per ISO week of service: how many services were documented within the source''s 4-hour target, and how many not within 24 hours (late entries).';
COMMENT ON COLUMN scorecard.documentation_timeliness.week_start IS 'Monday of the ISO week of service (in the session''s time zone).';
COMMENT ON COLUMN scorecard.documentation_timeliness.services IS 'Services delivered (at least 24 hours ago).';
COMMENT ON COLUMN scorecard.documentation_timeliness.within_4_hours IS 'Documented within 4 hours of service.';
COMMENT ON COLUMN scorecard.documentation_timeliness.within_4_hours_share IS 'within_4_hours / services: the 4-hour rate.';
COMMENT ON COLUMN scorecard.documentation_timeliness.late_24_hours IS 'Not documented within 24 hours (late or missing).';
COMMENT ON COLUMN scorecard.documentation_timeliness.late_24_hours_share IS 'late_24_hours / services.';
COMMENT ON COLUMN scorecard.documentation_timeliness.undocumented IS 'Still without documentation.';

-- ---------------------------------------------------------------------
-- Report 5: self-pay accounts overdue by more than 30 days.
-- ---------------------------------------------------------------------
CREATE OR REPLACE FUNCTION scorecard.self_pay_delinquency_as_of(as_of date, days_overdue integer DEFAULT 30)
RETURNS TABLE (beneficiary_id text, claim_id text, payer_id text, service_from date, bill_date date,
               due_date date, balance numeric, overdue_days integer)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT b.beneficiary_id, b.claim_id, b.payer_id, b.service_from, b.bill_date, b.due_date, b.balance,
           self_pay_delinquency_as_of.as_of - b.due_date
      FROM scorecard.open_claims_as_of(self_pay_delinquency_as_of.as_of) AS b
     WHERE b.payer_type = 'self-pay'
       AND b.balance > 0
       AND self_pay_delinquency_as_of.as_of - b.due_date > self_pay_delinquency_as_of.days_overdue
     ORDER BY self_pay_delinquency_as_of.as_of - b.due_date DESC, b.claim_id;
END;
COMMENT ON FUNCTION scorecard.self_pay_delinquency_as_of(date, integer) IS
    'Report 5: self-pay claims with an open balance more than days_overdue (30) days past due on as_of, most overdue first.';

CREATE OR REPLACE VIEW scorecard.self_pay_delinquency WITH (security_invoker = true) AS
SELECT d.beneficiary_id, d.claim_id, d.payer_id, d.service_from, d.bill_date, d.due_date, d.balance, d.overdue_days
  FROM scorecard.self_pay_delinquency_as_of(scorecard.today(), 30) AS d;
COMMENT ON VIEW scorecard.self_pay_delinquency IS 'Report 5: self-pay accounts overdue by more than 30 days, as of today.';
COMMENT ON COLUMN scorecard.self_pay_delinquency.beneficiary_id IS 'Beneficiary (the account).';
COMMENT ON COLUMN scorecard.self_pay_delinquency.claim_id IS 'Claim.';
COMMENT ON COLUMN scorecard.self_pay_delinquency.payer_id IS 'Self-pay payer (e.g. self-pay or sliding fee).';
COMMENT ON COLUMN scorecard.self_pay_delinquency.service_from IS 'Date of service.';
COMMENT ON COLUMN scorecard.self_pay_delinquency.bill_date IS 'Date billed.';
COMMENT ON COLUMN scorecard.self_pay_delinquency.due_date IS 'Date due.';
COMMENT ON COLUMN scorecard.self_pay_delinquency.balance IS 'Open balance.';
COMMENT ON COLUMN scorecard.self_pay_delinquency.overdue_days IS 'Days past due.';

-- ---------------------------------------------------------------------
-- The bad-debt policy: self-pay balances still open a set number of days
-- after billing are written off as bad debt, as a job (pg_cron) or at the
-- month's close. Each claim is locked before its balance is read, so a
-- payment posted at the same moment is either in the balance or waits.
-- ---------------------------------------------------------------------
CREATE OR REPLACE FUNCTION scorecard.write_off_aged_self_pay(as_of date DEFAULT NULL, after_days integer DEFAULT 150,
                                                            reason text DEFAULT 'uncollectible')
RETURNS TABLE (claim_id text, adjustment_id text, amount numeric)
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    day date := coalesce(as_of, scorecard.today());
BEGIN
    IF after_days IS NULL OR after_days < 30 OR after_days > 3650 THEN
        RAISE EXCEPTION 'after_days must be from 30 to 3650, got %', coalesce(after_days::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value', HINT = 'The days after billing a self-pay balance is given before it is written off, e.g. 150.';
    END IF;
    IF NOT isfinite(day) THEN
        RAISE EXCEPTION 'the write-off date must be a real date, got %', day USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF reason IS NULL OR btrim(reason) = '' THEN
        RAISE EXCEPTION 'a bad-debt write-off needs a reason' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN QUERY
    WITH due AS (
        SELECT c.claim_id, c.amount - c.paid_amount - c.adjusted_amount AS balance
          FROM scorecard.claim c
         WHERE c.bill_date <= day - after_days
           AND c.amount - c.paid_amount - c.adjusted_amount > 0
           AND c.payer_id IN (SELECT p.payer_id FROM scorecard.payer p WHERE p.payer_type = 'self-pay')
         ORDER BY c.claim_id
           FOR UPDATE OF c
    )
    INSERT INTO scorecard.adjustment AS a (adjustment_id, claim_id, adjusted_on, kind, reason, amount)
    SELECT 'BD-' || d.claim_id || '-' || to_char(day, 'YYYYMMDD'), d.claim_id, day, 'bad debt',
           write_off_aged_self_pay.reason, d.balance
      FROM due d
    ON CONFLICT ON CONSTRAINT adjustment_pkey DO NOTHING
    RETURNING a.claim_id, a.adjustment_id, a.amount;
END
$$;
COMMENT ON FUNCTION scorecard.write_off_aged_self_pay(date, integer, text) IS
    'The bad-debt policy: writes off as bad debt (an adjustment ''BD-<claim>-<yyyymmdd>'' dated as_of, default scorecard.today()) the open balance of every self-pay claim billed at least after_days (default 150) before as_of; returns what it wrote. Running it again writes nothing more. Claims are locked first, so a concurrent payment is either counted or waits. Only claims the caller may see (row-level security) are touched. ERROR 22023 for after_days outside 30-3650, an infinite date or an empty reason. Schedule it, e.g. SELECT cron.schedule(''bad-debt'', ''0 5 1 * *'', $$SELECT count(*) FROM scorecard.write_off_aged_self_pay()$$).';

-- ---------------------------------------------------------------------
-- Weekly snapshot of the aging, so the trend survives.
-- ---------------------------------------------------------------------
CREATE OR REPLACE FUNCTION scorecard.snapshot_ar_aging(as_of date DEFAULT scorecard.today(), age_basis text DEFAULT 'bill_date')
RETURNS integer
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    written integer;
BEGIN
    -- An upsert, so two sessions taking the same day's snapshot both
    -- succeed (the later one's figures stay); rows of payers and buckets
    -- this snapshot no longer has go.
    -- One aging per payer (as scorecard.ar_aging_by_payer_long_as_of and
    -- the wide report's not_yet_due have it), read once.
    WITH aged AS (
        SELECT b.payer_id,
               scorecard.ar_aging(b.balance, scorecard.aging_date(snapshot_ar_aging.age_basis, b.service_from, b.bill_date, b.due_date),
                                  snapshot_ar_aging.as_of) AS r
          FROM scorecard.open_claims_as_of(snapshot_ar_aging.as_of) AS b
         GROUP BY b.payer_id
    ), snap AS (
        SELECT a.payer_id, k.bucket, k.label AS bucket_label, (a.r).buckets[k.bucket] AS amount
          FROM aged a CROSS JOIN scorecard.aging_buckets('{30,60,90,120}') AS k
        UNION ALL
        SELECT a.payer_id, 0, 'not yet due', (a.r).after_as_of
          FROM aged a
         WHERE (a.r).after_as_of <> 0
    ), upserted AS (
        INSERT INTO scorecard.ar_aging_history AS h (as_of, age_basis, payer_id, bucket, bucket_label, amount)
        SELECT snapshot_ar_aging.as_of, snapshot_ar_aging.age_basis, n.payer_id, n.bucket, n.bucket_label, n.amount
          FROM snap n
        ON CONFLICT ON CONSTRAINT ar_aging_history_pkey DO UPDATE
           SET bucket_label = EXCLUDED.bucket_label, amount = EXCLUDED.amount, taken_at = EXCLUDED.taken_at
        RETURNING 1
    ), removed AS (
        DELETE FROM scorecard.ar_aging_history h
         WHERE h.as_of = snapshot_ar_aging.as_of AND h.age_basis = snapshot_ar_aging.age_basis
           AND NOT EXISTS (SELECT 1 FROM snap n WHERE n.payer_id = h.payer_id AND n.bucket = h.bucket)
        RETURNING 1
    )
    SELECT count(*) INTO written FROM upserted;
    RETURN written;
END
$$;
COMMENT ON FUNCTION scorecard.snapshot_ar_aging(date, text) IS
    'Writes the A/R aging by payer of as_of (default today) into scorecard.ar_aging_history, replacing an earlier snapshot of the same date and basis; returns the rows written. Schedule it weekly, e.g. with pg_cron: SELECT cron.schedule(''ar-aging'', ''0 6 * * 1'', $$SELECT scorecard.snapshot_ar_aging()$$).';
