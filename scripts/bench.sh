#!/usr/bin/env bash
# Benchmark of the finance aggregates against PostgreSQL's own, in one run:
# ROWS generated rows (default 10 million) of numeric(12,2) amounts grouped
# by a 5-value key, on a throwaway cluster with the release build.
#
#   bash scripts/bench.sh [ROWS] [REPEATS]
#
# Each query runs REPEATS times (default 3) after a warm-up; the table shows
# the fastest and the median, with the default parallel settings (2 workers
# per gather on this 2-core machine) and with parallel query off.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ROWS=${1:-10000000}
REPEATS=${2:-3}
setup
build_and_install
BENCH_DIR=$(mktemp -d /tmp/pg_scorecard-bench.XXXXXX)
chmod 755 "$BENCH_DIR"
trap 'stop_cluster "$BENCH_DIR/cluster"; as_root rm -rf "$BENCH_DIR"' EXIT
start_cluster "$BENCH_DIR/cluster"

psql -X -q -v ON_ERROR_STOP=1 -d postgres <<SQL
ALTER SYSTEM SET shared_buffers = '2GB';
ALTER SYSTEM SET work_mem = '256MB';
SQL
as_postgres "$PG_BIN/pg_ctl" -D "$BENCH_DIR/cluster/data" -w restart >/dev/null
psql -X -q -v ON_ERROR_STOP=1 -d postgres <<SQL
CREATE EXTENSION pg_scorecard;
CREATE EXTENSION pg_prewarm;
CREATE UNLOGGED TABLE bench AS
SELECT (i % 5)::integer AS grp,
       round(((i::bigint * 7919) % 1000003) / 97.0, 2)::numeric(12,2) AS amount,
       ((i % 97) + 1)::numeric AS volume
  FROM generate_series(1, $ROWS) AS i;
VACUUM ANALYZE bench;
SELECT pg_prewarm('bench');
SQL
say "bench table: $ROWS rows, $(psql -X -At -d postgres -c "SELECT pg_size_pretty(pg_relation_size('bench'))")"

declare -A QUERY=(
  [1_sum_floor]="SELECT grp, sum(amount) FROM bench GROUP BY grp"
  [2_plain_sql_case_rate]="SELECT grp, count(*), avg(amount), stddev_samp(amount), avg(amount) - 0.1 * stddev_samp(amount), avg(amount) + 0.1 * stddev_samp(amount) FROM bench GROUP BY grp"
  [3_case_rate_range]="SELECT grp, (r).beneficiaries, (r).mean, (r).sd, (r).low, (r).high FROM (SELECT grp, scorecard.case_rate_range(amount) AS r FROM bench GROUP BY grp) s"
  [4_composite]="SELECT grp, scorecard.composite(amount) FROM bench GROUP BY grp"
  [5_plain_sql_regression]="SELECT grp, regr_intercept(amount::float8, volume::float8), regr_slope(amount::float8, volume::float8), regr_r2(amount::float8, volume::float8) FROM bench GROUP BY grp"
  [6_cost_behavior]="SELECT grp, scorecard.cost_behavior(amount, volume) FROM bench GROUP BY grp"
)

time_query() {  # settings, query -> one line of ms timings
    local settings=$1 query=$2 out
    out=$(psql -X -q -d postgres <<SQL
$settings
$query;
\\timing on
$(for _ in $(seq "$REPEATS"); do echo "$query;"; done)
SQL
)
    grep -Eo 'Time: [0-9.]+ ms' <<<"$out" | awk '{print $2}' | sort -n | tr '\n' ' '
}

printf '\n%-26s %-10s %12s %12s\n' "query ($ROWS rows)" "parallel" "fastest ms" "median ms"
for mode in on off; do
    if [ $mode = on ]; then settings="SET max_parallel_workers_per_gather = 2;"; else settings="SET max_parallel_workers_per_gather = 0;"; fi
    for name in $(printf '%s\n' "${!QUERY[@]}" | sort); do
        read -r -a t <<<"$(time_query "$settings" "${QUERY[$name]}")"
        printf '%-26s %-10s %12s %12s\n' "${name#*_}" "$mode" "${t[0]}" "${t[$(( ${#t[@]} / 2 ))]}"
    done
done

say "same answers? (case_rate_range rounded to PostgreSQL's scale vs avg / stddev_samp)"
psql -X -d postgres -c "
SELECT s.grp, (r).beneficiaries = n AS count_ok, round((r).mean, scale(m)) = m AS mean_ok, round((r).sd, scale(sd)) = sd AS sd_ok
  FROM (SELECT grp, scorecard.case_rate_range(amount) r, count(*) n, avg(amount) m, stddev_samp(amount) sd FROM bench GROUP BY grp) s
 ORDER BY 1"
