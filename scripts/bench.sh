#!/usr/bin/env bash
# Benchmark of the aggregates against PostgreSQL's own, in one run, on a
# throwaway cluster with the release build: ROWS generated rows (default 10
# million) of numeric(12,2) amounts grouped by a 5-value key (finance), and
# ROWS generated claims grouped by 11 payers (A/R aging).
#
#   bash scripts/bench.sh [ROWS] [REPEATS]
#
# Each query runs REPEATS times (default 3) after a warm-up; the table shows
# the fastest and the median, with the default parallel settings (2 workers
# per gather on this 2-core machine) and with parallel query off.
#
# BENCH_QUERIES="name ..." times only the queries of those names.
#
# bash scripts/bench.sh --scale N[,M] [...] runs the warehouse-scale
# benchmark instead (scripts/bench_scale.sh: every view and report on a
# generated organisation, loading speed).
if [ "${1:-}" = --scale ]; then
    exec bash "$(dirname "${BASH_SOURCE[0]}")/bench_scale.sh" "$@"
fi
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
CREATE UNLOGGED TABLE claims AS
SELECT ('P' || (i % 11))::text AS payer_id,
       round(((i::bigint * 7919) % 1000003) / 97.0, 2)::numeric(12,2) AS amount,
       DATE '2016-06-30' - ((i::bigint * 104729) % 400)::integer + 5 AS bill_date
  FROM generate_series(1, $ROWS) AS i;
VACUUM ANALYZE claims;
SELECT pg_prewarm('claims');
SQL
say "machine: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GB, $(uname -sr); PostgreSQL $("$PG_CONFIG" --version | awk '{print $2}'); commit $(git -C "$REPO_ROOT" describe --always --dirty); $(date -u +%Y-%m-%d)"
say "bench table: $ROWS rows, $(psql -X -At -d postgres -c "SELECT pg_size_pretty(pg_relation_size('bench'))")"

declare -A QUERY=(
  [1_sum_floor]="SELECT grp, sum(amount) FROM bench GROUP BY grp"
  [2_plain_sql_case_rate]="SELECT grp, count(*), avg(amount), stddev_samp(amount), avg(amount) - 0.1 * stddev_samp(amount), avg(amount) + 0.1 * stddev_samp(amount) FROM bench GROUP BY grp"
  [3_case_rate_range]="SELECT grp, (r).beneficiaries, (r).mean, (r).sd, (r).low, (r).high FROM (SELECT grp, scorecard.case_rate_range(amount) AS r FROM bench GROUP BY grp) s"
  [4_composite]="SELECT grp, scorecard.composite(amount) FROM bench GROUP BY grp"
  [5_plain_sql_regression]="SELECT grp, regr_intercept(amount::float8, volume::float8), regr_slope(amount::float8, volume::float8), regr_r2(amount::float8, volume::float8) FROM bench GROUP BY grp"
  [6_cost_behavior]="SELECT grp, scorecard.cost_behavior(amount, volume) FROM bench GROUP BY grp"
  [6a_mix_price]="SELECT grp, scorecard.mix_price(amount, volume) FROM bench GROUP BY grp"
  [6b_value_of_service]="SELECT grp, scorecard.value_of_service(volume, amount) FROM bench GROUP BY grp"
  [6c_cost_trend]="SELECT grp, scorecard.cost_trend(DATE '2016-01-01' + (volume::integer * 7), amount) FROM bench GROUP BY grp"
  [7_aging_sum_floor]="SELECT payer_id, sum(amount) FROM claims GROUP BY payer_id"
  [8_aging_plain_sql]="SELECT payer_id, sum(amount) FILTER (WHERE DATE '2016-06-30' - bill_date BETWEEN 0 AND 30), sum(amount) FILTER (WHERE DATE '2016-06-30' - bill_date BETWEEN 31 AND 60), sum(amount) FILTER (WHERE DATE '2016-06-30' - bill_date BETWEEN 61 AND 90), sum(amount) FILTER (WHERE DATE '2016-06-30' - bill_date BETWEEN 91 AND 120), sum(amount) FILTER (WHERE DATE '2016-06-30' - bill_date > 120), sum(amount) FILTER (WHERE bill_date > DATE '2016-06-30') FROM claims GROUP BY payer_id"
  [9_ar_aging]="SELECT payer_id, scorecard.ar_aging(amount, bill_date, DATE '2016-06-30') FROM claims GROUP BY payer_id"
  [10_ar_aging_edges]="SELECT payer_id, scorecard.ar_aging(amount, bill_date, DATE '2016-06-30', '{30,60,90,120}') FROM claims GROUP BY payer_id"
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
    for name in $(printf '%s\n' "${!QUERY[@]}" | sort -n); do
        # BENCH_QUERIES="composite ar_aging" times only those (names as printed).
        if [ -n "${BENCH_QUERIES:-}" ] && ! grep -qw -- "${name#*_}" <<<"$BENCH_QUERIES"; then continue; fi
        read -r -a t <<<"$(time_query "$settings" "${QUERY[$name]}")"
        printf '%-26s %-10s %12s %12s\n' "${name#*_}" "$mode" "${t[0]}" "${t[$(( ${#t[@]} / 2 ))]}"
    done
done

say "same answers? (ar_aging vs sum FILTER, per payer)"
psql -X -d postgres -c "
SELECT count(*) AS payers, count(*) FILTER (WHERE (a).buckets = ARRAY[b1, b2, b3, b4, b5]) AS identical
  FROM (SELECT payer_id, scorecard.ar_aging(amount, bill_date, DATE '2016-06-30') a,
               sum(amount) FILTER (WHERE DATE '2016-06-30' - bill_date BETWEEN 0 AND 30) b1,
               sum(amount) FILTER (WHERE DATE '2016-06-30' - bill_date BETWEEN 31 AND 60) b2,
               sum(amount) FILTER (WHERE DATE '2016-06-30' - bill_date BETWEEN 61 AND 90) b3,
               sum(amount) FILTER (WHERE DATE '2016-06-30' - bill_date BETWEEN 91 AND 120) b4,
               sum(amount) FILTER (WHERE DATE '2016-06-30' - bill_date > 120) b5
          FROM claims GROUP BY payer_id) s"
say "same answers? (case_rate_range rounded to PostgreSQL's scale vs avg / stddev_samp)"
psql -X -d postgres -c "
SELECT s.grp, (r).beneficiaries = n AS count_ok, round((r).mean, scale(m)) = m AS mean_ok, round((r).sd, scale(sd)) = sd AS sd_ok
  FROM (SELECT grp, scorecard.case_rate_range(amount) r, count(*) n, avg(amount) m, stddev_samp(amount) sd FROM bench GROUP BY grp) s
 ORDER BY 1"
