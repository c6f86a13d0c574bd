-- pg_scorecard: the weekly reports as dated history, for dashboards.
--
-- The as-of reports (ar_aging_by_payer, claim_errors, write_offs,
-- unposted_payments) answer for one date: scorecard.today(), or a
-- function's parameter, which a BI dataset cannot pass. The views here
-- hold every month end (or week end) with a date column, so a dashboard's
-- time filter replaces the parameter. Each equals its as-of function at
-- every period end (regress suite history).

-- ---------------------------------------------------------------------
-- A/R aging by payer and bucket at every month or week end.
--
-- One pass, not one aging per period end: a claim's balance on a date is
-- its amount less what was posted by then, and its bucket on that date
-- depends only on the date, so each posting adds its amount, for each
-- bucket, to the period ends at which the claim is in that bucket and the
-- posting has happened: a run of consecutive period ends. Postings are
-- first summed per payer, aging date and period (a few thousand groups
-- however many claims), each group adds +amount at the first period end of
-- its run and -amount after the last, and a running sum per payer and
-- bucket gives every period end.
-- ---------------------------------------------------------------------
CREATE OR REPLACE FUNCTION scorecard.ar_aging_period_ends(grain text DEFAULT 'month', age_basis text DEFAULT 'bill_date',
                                                         bucket_edges integer[] DEFAULT '{30,60,90,120}')
RETURNS TABLE (as_of_date date, payer_id text, bucket integer, amount numeric)
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    today date := scorecard.today();
    step interval;
BEGIN
    step := CASE grain WHEN 'month' THEN interval '1 month' WHEN 'week' THEN interval '1 week' END;
    IF step IS NULL THEN
        RAISE EXCEPTION 'grain must be month or week, not %', coalesce(quote_literal(grain), 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- Refuses an unknown basis (22023) and bad edges (22023) before any work.
    PERFORM scorecard.aging_date(age_basis, NULL::date, NULL::date, NULL::date);
    PERFORM scorecard.aging_buckets(bucket_edges);
    RETURN QUERY
    WITH claims AS NOT MATERIALIZED (
        SELECT c.claim_id, c.payer_id, c.amount, c.bill_date,
               -- The basis was checked above: scorecard.aging_date's choice
               -- inline, not a PL/pgSQL call per claim in each of the three
               -- scans below (as scorecard.ar_month_ends does).
               CASE age_basis WHEN 'service_date' THEN c.service_from
                              WHEN 'bill_date' THEN c.bill_date
                              ELSE coalesce(c.due_date, c.bill_date + p.payment_terms_days) END AS aged_from
          FROM scorecard.claim c
          JOIN scorecard.payer p ON p.payer_id = c.payer_id
         WHERE c.bill_date <= today
    ), postings AS (
        -- A claim counts from its bill date; a posting from its own date,
        -- or the bill date if it came first. Payments not yet posted do
        -- not count (as in scorecard.open_claims_as_of).
        SELECT k.payer_id, k.aged_from, k.bill_date AS on_date, k.amount FROM claims k
        UNION ALL
        SELECT k.payer_id, k.aged_from, greatest(y.posted_on, k.bill_date), -y.amount
          FROM scorecard.payment y JOIN claims k ON k.claim_id = y.claim_id
         WHERE y.posted_on IS NOT NULL
        UNION ALL
        SELECT k.payer_id, k.aged_from, greatest(a.adjusted_on, k.bill_date), -a.amount
          FROM scorecard.adjustment a JOIN claims k ON k.claim_id = a.claim_id
    ), by_day AS (
        SELECT x.payer_id, x.aged_from, x.on_date, sum(x.amount) AS amount
          FROM postings x
         WHERE x.aged_from IS NOT NULL
         GROUP BY 1, 2, 3
    ), grouped AS (
        SELECT d.payer_id, d.aged_from,
               scorecard.period_end(grain, scorecard.period_start(grain, d.on_date)) AS from_end, sum(d.amount) AS amount
          FROM by_day d
         GROUP BY 1, 2, 3
    ), deltas AS (
        -- In bucket b on the dates aged_from + min_days .. aged_from +
        -- max_days: from the end of the period holding the later of that
        -- and the posting, up to the end of the period before the one
        -- holding aged_from + max_days + 1.
        SELECT g.payer_id, b.bucket,
               greatest(g.from_end, scorecard.period_end(grain, scorecard.period_start(grain, g.aged_from + b.min_days))) AS at_end,
               g.amount
          FROM grouped g CROSS JOIN scorecard.aging_buckets(bucket_edges) b
        UNION ALL
        SELECT g.payer_id, b.bucket,
               greatest(g.from_end, scorecard.period_end(grain, scorecard.period_start(grain, g.aged_from + b.max_days + 1))),
               -g.amount
          FROM grouped g CROSS JOIN scorecard.aging_buckets(bucket_edges) b
         WHERE b.max_days IS NOT NULL
    ), summed AS (
        SELECT d.payer_id, d.bucket, d.at_end, sum(d.amount) AS amount
          FROM deltas d
         GROUP BY 1, 2, 3
    ), ends AS (
        SELECT scorecard.period_end(grain, s::date) AS as_of
          FROM generate_series((SELECT scorecard.period_start(grain, min(k.bill_date)) FROM claims k)::timestamp,
                               scorecard.period_start(grain, today)::timestamp, step) AS s
    ), grid AS (
        SELECT e.as_of, k.payer_id, k.bucket
          FROM ends e
         CROSS JOIN (SELECT DISTINCT s.payer_id, s.bucket FROM summed s) AS k
         WHERE e.as_of <= today
    ), running AS (
        SELECT g.as_of, g.payer_id, g.bucket,
               sum(coalesce(s.amount, 0)) OVER (PARTITION BY g.payer_id, g.bucket ORDER BY g.as_of) AS amount
          FROM grid g
          LEFT JOIN summed s ON s.payer_id = g.payer_id AND s.bucket = g.bucket AND s.at_end = g.as_of
    )
    SELECT r.as_of, r.payer_id, r.bucket, r.amount
      FROM (SELECT u.*, bool_or(u.amount <> 0) OVER (PARTITION BY u.as_of, u.payer_id) AS payer_open
              FROM running u) AS r
     -- A payer shows at a period end when it has an open balance then.
     WHERE r.payer_open
    UNION ALL
    -- The period under way, as of today.
    SELECT today, l.payer_id, l.bucket, l.amount
      FROM scorecard.ar_aging_by_payer_long_as_of(today, age_basis, bucket_edges) AS l
     WHERE today <> scorecard.period_end(grain, scorecard.period_start(grain, today))
     ORDER BY 1, 2, 3;
END
$$;
COMMENT ON FUNCTION scorecard.ar_aging_period_ends(text, text, integer[]) IS
    'Open A/R by payer and aging bucket at every month end (grain ''month'') or ISO week end (''week'') from the first billing up to scorecard.today(), and as of today for the period under way; each period end as scorecard.ar_aging_by_payer_long_as_of(period end, age_basis, bucket_edges) gives it, in one pass over claims and postings. ERROR 22023 for another grain, an unknown basis or bad edges.';


-- The dashboards' A/R aging: bill-date aging in the default buckets, one
-- row per period end, payer and bucket, with the payer's place by open A/R
-- on that date (1 = most).
CREATE OR REPLACE VIEW scorecard.ar_aging_by_payer_monthly WITH (security_invoker = true) AS
SELECT a.as_of_date,
       scorecard.period_start('month', a.as_of_date) AS period_start,
       scorecard.period_label('month', a.as_of_date) AS period_label,
       a.as_of_date = scorecard.period_end('month', scorecard.period_start('month', a.as_of_date)) AS is_period_end,
       'bill_date'::text AS aged_from,
       a.payer_id, p.name AS payer_name, p.payer_type,
       (dense_rank() OVER (PARTITION BY a.as_of_date ORDER BY a.payer_total DESC, a.payer_id))::integer AS payer_sort_order,
       a.bucket, k.label AS bucket_label, k.min_days, k.max_days, a.amount,
       a.as_of_date = max(a.as_of_date) OVER () AS is_latest
  FROM (SELECT x.*, sum(x.amount) OVER (PARTITION BY x.as_of_date, x.payer_id) AS payer_total
          FROM scorecard.ar_aging_period_ends('month', 'bill_date', '{30,60,90,120}') AS x) AS a
  JOIN scorecard.payer p ON p.payer_id = a.payer_id
  JOIN scorecard.aging_buckets('{30,60,90,120}') AS k ON k.bucket = a.bucket;
COMMENT ON VIEW scorecard.ar_aging_by_payer_monthly IS
    'Report 1 as history: open A/R by payer and bucket (aged from the bill date) at every month end, and as of today for the month under way (scorecard.ar_aging_period_ends). Filter on as_of_date or period_start instead of passing a date; another basis or other buckets: the function.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_monthly.as_of_date IS 'The date the aging is taken as of: a month end, or today for the month under way.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_monthly.period_start IS 'First day of the month the date closes.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_monthly.period_label IS 'The month for a reader (''Jun 2016'').';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_monthly.is_period_end IS 'True at a month end; false on the row as of today for the month under way.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_monthly.aged_from IS 'What the age counts from: bill_date.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_monthly.payer_id IS 'Payer.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_monthly.payer_name IS 'Payer name.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_monthly.payer_type IS 'Payer type.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_monthly.payer_sort_order IS 'The payer''s place by open A/R on that date, 1 = most: a sort key for charts.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_monthly.bucket IS 'Bucket number, 1 = youngest.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_monthly.bucket_label IS 'Bucket label, e.g. ''31-60''.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_monthly.min_days IS 'Youngest age in the bucket, in days.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_monthly.max_days IS 'Oldest age in the bucket (NULL for the last).';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_monthly.amount IS 'Open balance in the bucket on that date.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_monthly.is_latest IS 'True on the rows of the latest date (today, or the last period end): a dashboard''s filter for the current aging.';

CREATE OR REPLACE VIEW scorecard.ar_aging_by_payer_weekly WITH (security_invoker = true) AS
SELECT a.as_of_date,
       scorecard.period_start('week', a.as_of_date) AS period_start,
       scorecard.period_label('week', a.as_of_date) AS period_label,
       a.as_of_date = scorecard.period_end('week', scorecard.period_start('week', a.as_of_date)) AS is_period_end,
       'bill_date'::text AS aged_from,
       a.payer_id, p.name AS payer_name, p.payer_type,
       (dense_rank() OVER (PARTITION BY a.as_of_date ORDER BY a.payer_total DESC, a.payer_id))::integer AS payer_sort_order,
       a.bucket, k.label AS bucket_label, k.min_days, k.max_days, a.amount,
       a.as_of_date = max(a.as_of_date) OVER () AS is_latest
  FROM (SELECT x.*, sum(x.amount) OVER (PARTITION BY x.as_of_date, x.payer_id) AS payer_total
          FROM scorecard.ar_aging_period_ends('week', 'bill_date', '{30,60,90,120}') AS x) AS a
  JOIN scorecard.payer p ON p.payer_id = a.payer_id
  JOIN scorecard.aging_buckets('{30,60,90,120}') AS k ON k.bucket = a.bucket;
COMMENT ON VIEW scorecard.ar_aging_by_payer_weekly IS
    'Report 1 as history, weekly: open A/R by payer and bucket (aged from the bill date) at every ISO week end (Sunday), and as of today for the week under way (scorecard.ar_aging_period_ends).';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_weekly.as_of_date IS 'The date the aging is taken as of: a Sunday, or today for the week under way.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_weekly.period_start IS 'Monday of the ISO week the date closes.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_weekly.period_label IS 'The week for a reader (''2016-W26'').';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_weekly.is_period_end IS 'True at a week end; false on the row as of today for the week under way.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_weekly.aged_from IS 'What the age counts from: bill_date.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_weekly.payer_id IS 'Payer.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_weekly.payer_name IS 'Payer name.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_weekly.payer_type IS 'Payer type.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_weekly.payer_sort_order IS 'The payer''s place by open A/R on that date, 1 = most: a sort key for charts.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_weekly.bucket IS 'Bucket number, 1 = youngest.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_weekly.bucket_label IS 'Bucket label, e.g. ''31-60''.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_weekly.min_days IS 'Youngest age in the bucket, in days.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_weekly.max_days IS 'Oldest age in the bucket (NULL for the last).';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_weekly.amount IS 'Open balance in the bucket on that date.';
COMMENT ON COLUMN scorecard.ar_aging_by_payer_weekly.is_latest IS 'True on the rows of the latest date (today, or the last period end): a dashboard''s filter for the current aging.';

-- ---------------------------------------------------------------------
-- Claim errors and write-offs per ISO week (Report 2 as history).
-- ---------------------------------------------------------------------
CREATE OR REPLACE VIEW scorecard.claim_errors_weekly WITH (security_invoker = true) AS
WITH errors AS (
    SELECT 'billing edit'::text AS kind, c.edit_reason AS reason, c.created_on AS on_date, c.amount
      FROM scorecard.claim c
     WHERE c.edit_reason IS NOT NULL AND c.created_on <= scorecard.today()
    UNION ALL
    SELECT 'denial', c.denial_reason, coalesce(c.denied_on, c.bill_date), c.amount
      FROM scorecard.claim c
     WHERE c.denial_reason IS NOT NULL AND coalesce(c.denied_on, c.bill_date) <= scorecard.today()
), counted AS (
    SELECT scorecard.period_start('week', e.on_date) AS week_start, e.kind, e.reason, count(*) AS claims, sum(e.amount) AS amount
      FROM errors e
     GROUP BY 1, 2, 3
)
SELECT c.week_start, scorecard.period_label('week', c.week_start) AS period_label, c.kind, c.reason, c.claims, c.amount,
       round(c.claims / sum(c.claims) OVER (PARTITION BY c.week_start, c.kind), 4) AS share_of_claims,
       round(c.amount / NULLIF(sum(c.amount) OVER (PARTITION BY c.week_start, c.kind), 0), 4) AS share_of_amount
  FROM counted c;
COMMENT ON VIEW scorecard.claim_errors_weekly IS
    'Report 2 as history: billing edits (by the week the claim was created) and denials (by the week denied) per ISO week and reason, up to scorecard.today(); each week as scorecard.claim_errors_between(Monday, next Monday) gives it.';
COMMENT ON COLUMN scorecard.claim_errors_weekly.week_start IS 'Monday of the ISO week.';
COMMENT ON COLUMN scorecard.claim_errors_weekly.period_label IS 'The week for a reader (''2016-W26'').';
COMMENT ON COLUMN scorecard.claim_errors_weekly.kind IS '''billing edit'' or ''denial''.';
COMMENT ON COLUMN scorecard.claim_errors_weekly.reason IS 'Edit or denial reason code.';
COMMENT ON COLUMN scorecard.claim_errors_weekly.claims IS 'Claims with this error in the week.';
COMMENT ON COLUMN scorecard.claim_errors_weekly.amount IS 'Their amount billed.';
COMMENT ON COLUMN scorecard.claim_errors_weekly.share_of_claims IS 'Share of the week''s claims of that kind (4 places).';
COMMENT ON COLUMN scorecard.claim_errors_weekly.share_of_amount IS 'Share of the week''s amount of that kind (4 places).';

CREATE OR REPLACE VIEW scorecard.write_offs_weekly WITH (security_invoker = true) AS
SELECT w.week_start, scorecard.period_label('week', w.week_start) AS period_label, w.kind, w.reason, w.adjustments, w.amount,
       round(w.amount / NULLIF(sum(w.amount) OVER (PARTITION BY w.week_start), 0), 4) AS share_of_amount
  FROM (SELECT scorecard.period_start('week', a.adjusted_on) AS week_start, a.kind, a.reason,
               count(*) AS adjustments, sum(a.amount) AS amount
          FROM scorecard.adjustment a
         WHERE a.kind IN ('write-off', 'bad debt') AND a.adjusted_on <= scorecard.today()
         GROUP BY 1, 2, 3) AS w;
COMMENT ON VIEW scorecard.write_offs_weekly IS
    'Report 2 as history: write-offs and bad debt per ISO week and reason, up to scorecard.today(); each week as scorecard.write_offs_between(Monday, next Monday) gives it.';
COMMENT ON COLUMN scorecard.write_offs_weekly.week_start IS 'Monday of the ISO week.';
COMMENT ON COLUMN scorecard.write_offs_weekly.period_label IS 'The week for a reader (''2016-W26'').';
COMMENT ON COLUMN scorecard.write_offs_weekly.kind IS '''write-off'' or ''bad debt''.';
COMMENT ON COLUMN scorecard.write_offs_weekly.reason IS 'Reason.';
COMMENT ON COLUMN scorecard.write_offs_weekly.adjustments IS 'Write-offs with this reason in the week.';
COMMENT ON COLUMN scorecard.write_offs_weekly.amount IS 'Amount written off.';
COMMENT ON COLUMN scorecard.write_offs_weekly.share_of_amount IS 'Share of the week''s write-offs (4 places).';

-- ---------------------------------------------------------------------
-- Payments received and not yet posted, at every month end (Report 3 as
-- history): a payment is waiting at a month end on or after the day it
-- came and before the day it was posted, so it adds itself from the end
-- of the month it came in up to the end of the month before the one it
-- was posted in; running sums give every month end.
-- ---------------------------------------------------------------------
CREATE OR REPLACE VIEW scorecard.unposted_payments_monthly WITH (security_invoker = true) AS
WITH today AS (
    SELECT scorecard.today() AS d
), deltas AS (
    SELECT y.payer_id, scorecard.period_end('month', scorecard.period_start('month', y.received_on)) AS at_end,
           1 AS payments, y.amount
      FROM scorecard.payment y
     WHERE y.received_on <= (SELECT t.d FROM today t)
    UNION ALL
    SELECT y.payer_id,
           greatest(scorecard.period_end('month', scorecard.period_start('month', y.received_on)),
                    scorecard.period_end('month', scorecard.period_start('month', y.posted_on))),
           -1, -y.amount
      FROM scorecard.payment y
     WHERE y.received_on <= (SELECT t.d FROM today t) AND y.posted_on IS NOT NULL
), summed AS (
    SELECT d.payer_id, d.at_end, sum(d.payments) AS payments, sum(d.amount) AS amount
      FROM deltas d GROUP BY 1, 2
), ends AS (
    SELECT scorecard.period_end('month', s::date) AS as_of_date
      FROM generate_series((SELECT scorecard.period_start('month', min(s.at_end)) FROM summed s)::timestamp,
                           (SELECT t.d FROM today t)::timestamp, interval '1 month') AS s
), running AS (
    SELECT e.as_of_date, p.payer_id,
           sum(coalesce(s.payments, 0)) OVER w AS payments, sum(coalesce(s.amount, 0)) OVER w AS amount
      FROM ends e
     CROSS JOIN (SELECT DISTINCT s.payer_id FROM summed s) AS p
      LEFT JOIN summed s ON s.payer_id = p.payer_id AND s.at_end = e.as_of_date
    WINDOW w AS (PARTITION BY p.payer_id ORDER BY e.as_of_date)
)
SELECT r.as_of_date, scorecard.period_start('month', r.as_of_date) AS period_start,
       scorecard.period_label('month', r.as_of_date) AS period_label,
       r.payer_id, p.name AS payer_name, r.payments::bigint AS payments, r.amount
  FROM running r
  JOIN scorecard.payer p ON p.payer_id = r.payer_id
 WHERE r.payments > 0 AND r.as_of_date <= (SELECT t.d FROM today t);
COMMENT ON VIEW scorecard.unposted_payments_monthly IS
    'Report 3 as history: per payer, the payments received by each month end and not posted by then, and their amount, for every month end up to scorecard.today(); each month end as scorecard.unposted_payments_as_of(month end) counts them. Payers with none waiting are left out.';
COMMENT ON COLUMN scorecard.unposted_payments_monthly.as_of_date IS 'The month end.';
COMMENT ON COLUMN scorecard.unposted_payments_monthly.period_start IS 'First day of the month.';
COMMENT ON COLUMN scorecard.unposted_payments_monthly.period_label IS 'The month for a reader (''Jun 2016'').';
COMMENT ON COLUMN scorecard.unposted_payments_monthly.payer_id IS 'Payer.';
COMMENT ON COLUMN scorecard.unposted_payments_monthly.payer_name IS 'Payer name.';
COMMENT ON COLUMN scorecard.unposted_payments_monthly.payments IS 'Payments received by the month end and not posted by then.';
COMMENT ON COLUMN scorecard.unposted_payments_monthly.amount IS 'Their amount.';

-- ---------------------------------------------------------------------
-- Self-pay delinquency at every month end (Report 5 as history): the
-- self-pay payers' open balances aged from the due date, past 30 days.
-- ---------------------------------------------------------------------
CREATE OR REPLACE VIEW scorecard.self_pay_delinquency_monthly WITH (security_invoker = true) AS
SELECT a.as_of_date,
       scorecard.period_start('month', a.as_of_date) AS period_start,
       scorecard.period_label('month', a.as_of_date) AS period_label,
       a.as_of_date = scorecard.period_end('month', scorecard.period_start('month', a.as_of_date)) AS is_period_end,
       a.payer_id, p.name AS payer_name,
       (a.bucket - 1) AS overdue_bucket, k.label || ' days overdue' AS overdue_label, k.min_days AS min_days_overdue,
       k.max_days AS max_days_overdue, a.amount
  FROM scorecard.ar_aging_period_ends('month', 'due_date', '{30,60,90,120}') AS a
  JOIN scorecard.payer p ON p.payer_id = a.payer_id AND p.payer_type = 'self-pay'
  JOIN scorecard.aging_buckets('{30,60,90,120}') AS k ON k.bucket = a.bucket
 WHERE a.bucket >= 2;
COMMENT ON VIEW scorecard.self_pay_delinquency_monthly IS
    'Report 5 as history: per self-pay payer, the open balance more than 30 days past due at every month end, and as of today for the month under way, in overdue buckets (31-60, 61-90, 91-120, 121+ days); each month end''s total per payer is what scorecard.self_pay_delinquency_as_of(month end, 30) lists. The due-date aging of scorecard.ar_aging_period_ends.';
COMMENT ON COLUMN scorecard.self_pay_delinquency_monthly.as_of_date IS 'The date: a month end, or today for the month under way.';
COMMENT ON COLUMN scorecard.self_pay_delinquency_monthly.period_start IS 'First day of the month the date closes.';
COMMENT ON COLUMN scorecard.self_pay_delinquency_monthly.period_label IS 'The month for a reader (''Jun 2016'').';
COMMENT ON COLUMN scorecard.self_pay_delinquency_monthly.is_period_end IS 'True at a month end; false on the rows as of today for the month under way.';
COMMENT ON COLUMN scorecard.self_pay_delinquency_monthly.payer_id IS 'Self-pay payer (self-pay, sliding fee).';
COMMENT ON COLUMN scorecard.self_pay_delinquency_monthly.payer_name IS 'Payer name.';
COMMENT ON COLUMN scorecard.self_pay_delinquency_monthly.overdue_bucket IS 'Overdue bucket, 1 = 31-60 days past due: a sort key.';
COMMENT ON COLUMN scorecard.self_pay_delinquency_monthly.overdue_label IS 'The bucket for a reader (''31-60 days overdue'').';
COMMENT ON COLUMN scorecard.self_pay_delinquency_monthly.min_days_overdue IS 'Fewest days past due in the bucket.';
COMMENT ON COLUMN scorecard.self_pay_delinquency_monthly.max_days_overdue IS 'Most days past due in the bucket (NULL for the last).';
COMMENT ON COLUMN scorecard.self_pay_delinquency_monthly.amount IS 'Open self-pay balance in the bucket on that date.';
