-- pg_scorecard: the source's billing controls. Pre-billing quality
-- assurance with timestamps (each edit a claim hits: found, returned to a
-- clinician or a clerk, corrected), billing runs with their pre-billing
-- report a week ahead, corrections within 48 hours, and suspended claims by
-- category of error, which must be zero before a bill goes out: a claim is
-- never billed while an edit found before its bill date is still open.

CREATE TABLE scorecard.claim_edit (
    edit_id      text PRIMARY KEY,
    claim_id     text NOT NULL REFERENCES scorecard.claim (claim_id) ON UPDATE CASCADE ON DELETE CASCADE,
    category     text NOT NULL,
    found_at     timestamptz NOT NULL
        CONSTRAINT claim_edit_found_at_in_range CHECK (found_at >= TIMESTAMPTZ '1900-01-01 00:00+00' AND found_at < TIMESTAMPTZ '2200-01-01 00:00+00'),
    returned_to  text
        CONSTRAINT claim_edit_returned_to_known CHECK (returned_to IN ('clinician', 'clerk')),
    returned_at  timestamptz
        CONSTRAINT claim_edit_returned_at_in_range CHECK (returned_at < TIMESTAMPTZ '2200-01-01 00:00+00'),
    corrected_at timestamptz
        CONSTRAINT claim_edit_corrected_at_in_range CHECK (corrected_at < TIMESTAMPTZ '2200-01-01 00:00+00'),
    CONSTRAINT claim_edit_returned_with_whom CHECK ((returned_to IS NULL) = (returned_at IS NULL)),
    CONSTRAINT claim_edit_returned_after_found CHECK (returned_at >= found_at),
    CONSTRAINT claim_edit_corrected_after_found CHECK (corrected_at >= found_at)
);
COMMENT ON TABLE scorecard.claim_edit IS
    'Pre-billing quality assurance: each billing edit a claim hit, when it was found, to whom and when it was returned for correction, and when it was corrected (the source''s target: within 48 hours). A claim is never billed while an edit found before the end of its bill date is still open (23514).';
COMMENT ON COLUMN scorecard.claim_edit.edit_id IS 'Identifier of the edit hit.';
COMMENT ON COLUMN scorecard.claim_edit.claim_id IS 'The claim it held.';
COMMENT ON COLUMN scorecard.claim_edit.category IS 'Category of error (e.g. ''missing authorization'', ''invalid diagnosis code'', ''missing clinician signature''): the suspended-claims reports group by it.';
COMMENT ON COLUMN scorecard.claim_edit.found_at IS 'When the edit was found (the claim entered suspense).';
COMMENT ON COLUMN scorecard.claim_edit.returned_to IS 'clinician or clerk: who was asked to correct it; NULL while not returned.';
COMMENT ON COLUMN scorecard.claim_edit.returned_at IS 'When it was returned to them.';
COMMENT ON COLUMN scorecard.claim_edit.corrected_at IS 'When it was corrected; NULL while open. Never before found_at.';

CREATE INDEX claim_edit_claim_idx ON scorecard.claim_edit (claim_id);
CREATE INDEX claim_edit_found_at_idx ON scorecard.claim_edit (found_at);

-- The rule from the edit's side: rewrites the claim row first (a no-op
-- update) so that billing the claim and correcting or adding its edit
-- serialise on it; claim_check holds the rule from the claim's side.
CREATE OR REPLACE FUNCTION scorecard.claim_edit_check()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    billed date;
BEGIN
    UPDATE scorecard.claim c SET claim_id = c.claim_id WHERE c.claim_id = NEW.claim_id RETURNING c.bill_date INTO billed;
    IF billed IS NOT NULL AND NEW.found_at < (billed + 1)::timestamptz
       AND (NEW.corrected_at IS NULL OR NEW.corrected_at >= (billed + 1)::timestamptz) THEN
        RAISE EXCEPTION 'edit % (%) of claim % was found % and is not corrected by its bill date %', NEW.edit_id,
            NEW.category, NEW.claim_id, to_char(NEW.found_at, 'YYYY-MM-DD HH24:MI TZ'), scorecard.date_text(billed)
            USING ERRCODE = 'check_violation',
                  HINT = 'Suspended claims must be corrected before the bill goes out: record the correction time, or the edit as found after billing.';
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION scorecard.claim_edit_check() IS
    'Trigger function: refuses (23514) an edit found before the end of its claim''s bill date and not corrected by then.';
CREATE OR REPLACE TRIGGER claim_edit_check AFTER INSERT OR UPDATE ON scorecard.claim_edit
    FOR EACH ROW EXECUTE FUNCTION scorecard.claim_edit_check();

SELECT pg_catalog.pg_extension_config_dump('scorecard.claim_edit', '');

CREATE TABLE scorecard.billing_run (
    run_on               date PRIMARY KEY
        CONSTRAINT billing_run_run_on_in_range CHECK (run_on BETWEEN DATE '1900-01-08' AND DATE '2199-12-31'),
    prebilling_report_on date GENERATED ALWAYS AS (run_on - 7) STORED,
    released_at          timestamptz
        CONSTRAINT billing_run_released_at_in_range CHECK (released_at >= TIMESTAMPTZ '1900-01-01 00:00+00' AND released_at < TIMESTAMPTZ '2200-01-01 00:00+00'),
    note                 text
);
COMMENT ON TABLE scorecard.billing_run IS
    'Billing runs: the day bills go out, the pre-billing report a week before (the source), and when the run was released. A run may be released with claims still held by edits: they stay out of it (a claim is never billed with an open edit) and scorecard.billing_run_readiness flags them.';
COMMENT ON COLUMN scorecard.billing_run.run_on IS 'Day of the run.';
COMMENT ON COLUMN scorecard.billing_run.prebilling_report_on IS 'Day of its pre-billing report: one week before (run_on - 7).';
COMMENT ON COLUMN scorecard.billing_run.released_at IS 'When the run was released; NULL while planned.';
COMMENT ON COLUMN scorecard.billing_run.note IS 'Free text.';

SELECT pg_catalog.pg_extension_config_dump('scorecard.billing_run', '');

-- Claims held by an open edit at a moment: created by then, not billed by
-- then, with an edit found by then and not corrected by then.
CREATE OR REPLACE FUNCTION scorecard.suspended_claims_at(at_time timestamptz)
RETURNS TABLE (claim_id text, payer_id text, beneficiary_id text, service_from date, amount numeric,
               edit_id text, category text, found_at timestamptz, returned_to text, returned_at timestamptz,
               hours_open numeric, correct_by timestamptz)
LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT c.claim_id, c.payer_id, c.beneficiary_id, c.service_from, c.amount,
           e.edit_id, e.category, e.found_at,
           CASE WHEN e.returned_at <= suspended_claims_at.at_time THEN e.returned_to END,
           CASE WHEN e.returned_at <= suspended_claims_at.at_time THEN e.returned_at END,
           round(extract(epoch FROM suspended_claims_at.at_time - e.found_at) / 3600, 1),
           e.found_at + interval '48 hours'
      FROM scorecard.claim_edit e
      JOIN scorecard.claim c ON c.claim_id = e.claim_id
     WHERE e.found_at <= suspended_claims_at.at_time
       AND (e.corrected_at IS NULL OR e.corrected_at > suspended_claims_at.at_time)
       AND (c.bill_date IS NULL OR (c.bill_date + 1)::timestamptz > suspended_claims_at.at_time);
END;
COMMENT ON FUNCTION scorecard.suspended_claims_at(timestamptz) IS
    'The claims held by an open billing edit at at_time (not billed by then; the edit found by then and not corrected by then), one row per open edit, with how long it has been open and when it is due corrected (found_at + 48 hours).';

CREATE OR REPLACE VIEW scorecard.prebilling_report WITH (security_invoker = true) AS
SELECT r.run_on, r.prebilling_report_on, s.claim_id, s.payer_id, s.beneficiary_id, s.service_from, s.amount,
       s.edit_id, s.category, s.found_at::date AS found_on, s.returned_to, s.returned_at::date AS returned_on,
       s.hours_open, 48 - s.hours_open AS hours_left,
       s.correct_by < scorecard.report_time(r.prebilling_report_on) AS overdue
  FROM scorecard.billing_run r
 CROSS JOIN LATERAL scorecard.suspended_claims_at(scorecard.report_time(r.prebilling_report_on)) AS s;
COMMENT ON VIEW scorecard.prebilling_report IS
    'The pre-billing report of every billing run, a week before it (the source): the claims held by open edits at the end of the report''s day, with the edit''s category, who has it and since when, and whether its 48 hours are past. (Exact times: scorecard.suspended_claims_at.)';
COMMENT ON COLUMN scorecard.prebilling_report.run_on IS 'Billing run.';
COMMENT ON COLUMN scorecard.prebilling_report.prebilling_report_on IS 'Day of the report (run_on - 7).';
COMMENT ON COLUMN scorecard.prebilling_report.claim_id IS 'Claim held.';
COMMENT ON COLUMN scorecard.prebilling_report.payer_id IS 'Payer.';
COMMENT ON COLUMN scorecard.prebilling_report.beneficiary_id IS 'Beneficiary.';
COMMENT ON COLUMN scorecard.prebilling_report.service_from IS 'First date of service.';
COMMENT ON COLUMN scorecard.prebilling_report.amount IS 'Amount of the claim.';
COMMENT ON COLUMN scorecard.prebilling_report.edit_id IS 'The open edit.';
COMMENT ON COLUMN scorecard.prebilling_report.category IS 'Category of error.';
COMMENT ON COLUMN scorecard.prebilling_report.found_on IS 'Day it was found (session time zone).';
COMMENT ON COLUMN scorecard.prebilling_report.returned_to IS 'clinician or clerk, once returned.';
COMMENT ON COLUMN scorecard.prebilling_report.returned_on IS 'Day it was returned.';
COMMENT ON COLUMN scorecard.prebilling_report.hours_open IS 'Hours open at the end of the report''s day.';
COMMENT ON COLUMN scorecard.prebilling_report.hours_left IS '48 - hours_open: hours left of the source''s 48 for the correction (negative when past).';
COMMENT ON COLUMN scorecard.prebilling_report.overdue IS 'Past its 48 hours at the report.';

CREATE OR REPLACE VIEW scorecard.billing_run_readiness WITH (security_invoker = true) AS
SELECT r.run_on, r.prebilling_report_on, r.released_at IS NOT NULL AS released, r.released_at::date AS released_on,
       coalesce(p.claims, 0) AS held_at_prebilling, coalesce(p.amount, 0) AS amount_at_prebilling,
       coalesce(p.overdue, 0) AS overdue_at_prebilling,
       coalesce(h.claims, 0) AS held_at_run, coalesce(h.amount, 0) AS amount_at_run,
       coalesce(h.claims, 0) = 0 AS ready,
       CASE WHEN coalesce(h.claims, 0) = 0 THEN 'ready' ELSE 'claims held by edits' END AS status_label
  FROM scorecard.billing_run r
  LEFT JOIN LATERAL (SELECT count(DISTINCT s.claim_id) AS claims, sum(s.amount) FILTER (WHERE s.first_of_claim) AS amount,
                            count(DISTINCT s.claim_id) FILTER (WHERE s.correct_by < scorecard.report_time(r.prebilling_report_on)) AS overdue
                       FROM (SELECT x.*, row_number() OVER (PARTITION BY x.claim_id ORDER BY x.edit_id) = 1 AS first_of_claim
                               FROM scorecard.suspended_claims_at(scorecard.report_time(r.prebilling_report_on)) AS x) AS s) AS p ON true
  LEFT JOIN LATERAL (SELECT count(DISTINCT s.claim_id) AS claims, sum(s.amount) FILTER (WHERE s.first_of_claim) AS amount
                       FROM (SELECT x.*, row_number() OVER (PARTITION BY x.claim_id ORDER BY x.edit_id) = 1 AS first_of_claim
                               FROM scorecard.suspended_claims_at(coalesce(r.released_at, scorecard.report_time(r.run_on))) AS x) AS s) AS h ON true;
COMMENT ON VIEW scorecard.billing_run_readiness IS
    'Each billing run: the claims held by open edits at its pre-billing report (count, dollars, past their 48 hours) and when it is released (or at the end of its day): the source wants the latter zero before the bill goes out. Held claims never go out with the run (a claim is not billed with an open edit); a run with some is flagged, not refused.';
COMMENT ON COLUMN scorecard.billing_run_readiness.run_on IS 'Billing run.';
COMMENT ON COLUMN scorecard.billing_run_readiness.prebilling_report_on IS 'Its pre-billing report''s day.';
COMMENT ON COLUMN scorecard.billing_run_readiness.released IS 'Whether the run was released.';
COMMENT ON COLUMN scorecard.billing_run_readiness.released_on IS 'Day it was released; NULL while planned.';
COMMENT ON COLUMN scorecard.billing_run_readiness.held_at_prebilling IS 'Claims held by open edits at the end of the pre-billing report''s day.';
COMMENT ON COLUMN scorecard.billing_run_readiness.amount_at_prebilling IS 'Their amount.';
COMMENT ON COLUMN scorecard.billing_run_readiness.overdue_at_prebilling IS 'Of those, claims with an edit open more than 48 hours.';
COMMENT ON COLUMN scorecard.billing_run_readiness.held_at_run IS 'Claims still held when the run was released (or at the end of its day while planned).';
COMMENT ON COLUMN scorecard.billing_run_readiness.amount_at_run IS 'Their amount.';
COMMENT ON COLUMN scorecard.billing_run_readiness.ready IS 'held_at_run = 0.';
COMMENT ON COLUMN scorecard.billing_run_readiness.status_label IS '''ready'' or ''claims held by edits''.';

CREATE OR REPLACE VIEW scorecard.suspended_claims_by_category WITH (security_invoker = true) AS
SELECT scorecard.today() AS as_of_date, s.category, count(DISTINCT s.claim_id) AS claims, sum(s.amount) AS amount,
       count(*) FILTER (WHERE s.correct_by < scorecard.report_time(scorecard.today())) AS past_48_hours,
       max(s.hours_open) AS oldest_hours_open
  FROM scorecard.suspended_claims_at(scorecard.report_time(scorecard.today())) AS s
 GROUP BY s.category;
COMMENT ON VIEW scorecard.suspended_claims_by_category IS
    'Suspended claims by category of error as of scorecard.today() (end of day): claims held by open edits, their amount, the edits past their 48 hours and the oldest. A claim with edits of two categories counts in both.';
COMMENT ON COLUMN scorecard.suspended_claims_by_category.as_of_date IS 'scorecard.today().';
COMMENT ON COLUMN scorecard.suspended_claims_by_category.category IS 'Category of error.';
COMMENT ON COLUMN scorecard.suspended_claims_by_category.claims IS 'Claims held by an open edit of the category.';
COMMENT ON COLUMN scorecard.suspended_claims_by_category.amount IS 'Their amount.';
COMMENT ON COLUMN scorecard.suspended_claims_by_category.past_48_hours IS 'Open edits of the category found more than 48 hours before.';
COMMENT ON COLUMN scorecard.suspended_claims_by_category.oldest_hours_open IS 'Hours the oldest open edit has been open at the end of the day.';

-- Corrections within 48 hours, by month found: an edit is judged once it
-- is corrected or its 48 hours are over as of scorecard.today().
CREATE OR REPLACE VIEW scorecard.edit_corrections WITH (security_invoker = true) AS
SELECT date_trunc('month', e.found_at)::date AS period_start,
       'month'::text AS period_grain,
       count(*) AS edits_found,
       count(*) FILTER (WHERE e.corrected_at <= t.report_time) AS corrected,
       count(*) FILTER (WHERE e.corrected_at <= e.found_at + interval '48 hours' AND e.corrected_at <= t.report_time) AS corrected_within_48h,
       count(*) FILTER (WHERE e.corrected_at <= t.report_time OR e.found_at + interval '48 hours' <= t.report_time) AS judged,
       round((count(*) FILTER (WHERE e.corrected_at <= e.found_at + interval '48 hours' AND e.corrected_at <= t.report_time))::numeric
             / NULLIF(count(*) FILTER (WHERE e.corrected_at <= t.report_time OR e.found_at + interval '48 hours' <= t.report_time), 0), 4)
           AS within_48h_share,
       round((extract(epoch FROM percentile_cont(0.5) WITHIN GROUP (ORDER BY e.corrected_at - e.found_at)
                     FILTER (WHERE e.corrected_at <= t.report_time)) / 3600)::numeric, 1) AS median_hours_to_correct
  FROM scorecard.claim_edit e
 CROSS JOIN (SELECT scorecard.report_time(scorecard.today()) AS report_time OFFSET 0) AS t
 WHERE e.found_at <= t.report_time
 GROUP BY 1;
COMMENT ON VIEW scorecard.edit_corrections IS
    'Pre-billing corrections within 48 hours (the source''s target), by month the edit was found (session time zone), as of scorecard.today(): an edit is judged once corrected or 48 hours old; within_48h_share = corrected_within_48h / judged.';
COMMENT ON COLUMN scorecard.edit_corrections.period_start IS 'Month the edits were found.';
COMMENT ON COLUMN scorecard.edit_corrections.period_grain IS '''month''.';
COMMENT ON COLUMN scorecard.edit_corrections.edits_found IS 'Edits found in the month (by the report time).';
COMMENT ON COLUMN scorecard.edit_corrections.corrected IS 'Of those, corrected by the report time.';
COMMENT ON COLUMN scorecard.edit_corrections.corrected_within_48h IS 'Corrected within 48 hours of being found.';
COMMENT ON COLUMN scorecard.edit_corrections.judged IS 'Corrected, or open for 48 hours or more: those the target can be judged on.';
COMMENT ON COLUMN scorecard.edit_corrections.within_48h_share IS 'corrected_within_48h / judged.';
COMMENT ON COLUMN scorecard.edit_corrections.median_hours_to_correct IS 'Median hours from found to corrected, of those corrected.';
