-- Result type of scorecard.ar_aging.

CREATE TYPE scorecard.aging AS (
    buckets     numeric[],
    receivable  numeric,
    after_as_of numeric,
    undated     numeric,
    items       bigint
);
COMMENT ON TYPE scorecard.aging IS 'Result of scorecard.ar_aging: open amounts per aging bucket, and what is not a receivable yet or has no date, kept apart.';
COMMENT ON COLUMN scorecard.aging.buckets IS 'Amount per bucket, youngest first: for edges {30,60,90,120}, 0-30, 31-60, 61-90, 91-120, over 120 (scorecard.aging_buckets gives the labels).';
COMMENT ON COLUMN scorecard.aging.receivable IS 'Sum of the buckets.';
COMMENT ON COLUMN scorecard.aging.after_as_of IS 'Amounts dated after as_of (not receivables yet at that date, or not yet due when aged by due date): in no bucket.';
COMMENT ON COLUMN scorecard.aging.undated IS 'Amounts with no date to age from: in no bucket.';
COMMENT ON COLUMN scorecard.aging.items IS 'Rows counted.';
