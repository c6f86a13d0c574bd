-- The sample's A/R aging history: the snapshot a weekly job takes
-- (scorecard.snapshot_ar_aging, e.g. scheduled with pg_cron every Monday),
-- every Monday of fiscal year 2015-16 and at the year's close, 30 June
-- 2016, so that scorecard.ar_aging_history has a dated series a dashboard
-- can plot without calling a function.
SELECT sum(scorecard.snapshot_ar_aging(d::date)) AS rows_written
  FROM generate_series(DATE '2015-07-06', DATE '2016-06-27', interval '7 days') AS d;
SELECT scorecard.snapshot_ar_aging(DATE '2016-06-30');
