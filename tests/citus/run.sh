#!/usr/bin/env bash
# The Citus layer: a coordinator and two workers (throwaway clusters on free
# loopback ports), Citus 13.2.2 built and installed from ../shared/vendor/citus
# when absent, pg_scorecard created on the coordinator only (Citus propagates
# it), the sample loaded, and every aggregate checked on distributed tables:
#
#   * the answer equals the single-node answer (the same rows in a local
#     table, with and without parallel workers), ungrouped, grouped by a
#     column that is not the distribution column, and grouped by it;
#   * the workers run the partial aggregation: EXPLAIN VERBOSE shows the
#     aggregate's worker_partial_agg in the worker query, and the query
#     still runs with citus.coordinator_aggregation_strategy = 'disabled'
#     (which refuses to pull rows to the coordinator to aggregate them).
#
#   bash tests/citus/run.sh WORKDIR      (scripts/test.sh citus calls it)
#
# Prints one line per check ("name ... ok" / "name ... FAILED").
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib.sh"
cd "$REPO_ROOT"

WORKDIR=${1:?usage: tests/citus/run.sh WORKDIR}
mkdir -p "$WORKDIR"
status=0
ok() { echo "$1 ... ok${2:+ ($2)}"; }
fail() { echo "$1 ... FAILED${2:+ ($2)}"; status=1; }

# ---------------------------------------------------------------- Citus
CITUS_SRC="$REPO_ROOT/../shared/vendor/citus"
if [ ! -f "$("$PG_CONFIG" --pkglibdir)/citus.so" ]; then
    say "citus: building Citus 13.2.2 from $CITUS_SRC (about 2 minutes)"
    if ! as_root env PG_CONFIG="$PG_CONFIG" bash "$CITUS_SRC/build.sh" "$WORKDIR/citus-build" >"$WORKDIR/citus-build.log" 2>&1; then
        tail -30 "$WORKDIR/citus-build.log"
        fail "citus: build and install Citus 13.2.2"
        exit 1
    fi
fi
ok "citus: Citus installed" "$("$PG_CONFIG" --pkglibdir)/citus.so"

# ---------------------------------------------------------------- nodes
declare -A PORT=()
NODES=(coordinator worker1 worker2)
stop_nodes() { for n in "${NODES[@]}"; do stop_cluster "$WORKDIR/$n"; done; }
trap stop_nodes EXIT
for n in "${NODES[@]}"; do
    start_cluster "$WORKDIR/$n" >/dev/null 2>&1 || { fail "citus: start $n"; exit 1; }
    PORT[$n]=$PGPORT
    cat >>"$WORKDIR/$n/data/postgresql.conf" <<CONF
shared_preload_libraries = 'citus'
max_connections = 200
CONF
    as_postgres "$PG_BIN/pg_ctl" -D "$WORKDIR/$n/data" -l "$WORKDIR/$n/server.log" -w restart >/dev/null \
        || { tail -20 "$WORKDIR/$n/server.log"; fail "citus: restart $n with Citus"; exit 1; }
    psql -X -q -v ON_ERROR_STOP=1 -p "${PORT[$n]}" -d postgres -c "CREATE EXTENSION citus" \
        || { fail "citus: CREATE EXTENSION citus on $n"; exit 1; }
done
export PGPORT=${PORT[coordinator]}
q() { psql -X -q -v ON_ERROR_STOP=1 -d postgres "$@"; }
q -c "SELECT citus_set_coordinator_host('127.0.0.1', ${PORT[coordinator]})" \
  -c "SELECT citus_add_node('127.0.0.1', ${PORT[worker1]})" \
  -c "SELECT citus_add_node('127.0.0.1', ${PORT[worker2]})" >/dev/null \
    && ok "citus: a coordinator and two workers" "ports ${PORT[coordinator]}, ${PORT[worker1]}, ${PORT[worker2]}" \
    || { fail "citus: a coordinator and two workers"; exit 1; }

# CREATE EXTENSION on the coordinator only: Citus creates it on the workers.
if q -c "CREATE EXTENSION pg_scorecard" >/dev/null; then
    want=$(q -At -c "SELECT extversion FROM pg_extension WHERE extname = 'pg_scorecard'")
    have=$(for w in worker1 worker2; do
        psql -X -At -p "${PORT[$w]}" -d postgres -c "SELECT coalesce(max(extversion), 'none') FROM pg_extension WHERE extname = 'pg_scorecard'"
    done | paste -sd' ')
    if [ "$have" = "$want $want" ]; then
        ok "citus: CREATE EXTENSION pg_scorecard on the coordinator reaches the workers" "$want on both"
    else
        fail "citus: CREATE EXTENSION pg_scorecard on the coordinator reaches the workers" "workers have: $have"
    fi
else
    fail "citus: CREATE EXTENSION pg_scorecard"; exit 1
fi

# ---------------------------------------------------------------- data
# The sample, loaded on the coordinator, then the rows each aggregate reads
# in the sample's reports, as distributed tables (by claim, by beneficiary)
# with a local twin holding the same rows. A generated table adds volume
# (200,000 rows over 5 groups, the benchmark's shape).
load_sample postgres 2>"$WORKDIR/sample.log" || { cat "$WORKDIR/sample.log"; fail "citus: the sample loads"; exit 1; }
q -f tests/citus/data.sql >"$WORKDIR/data.log" 2>&1 \
    && ok "citus: distributed tables from the sample" "$(q -At -c "SELECT string_agg(logicalrelid::text || ' ' || (SELECT count(*) FROM pg_dist_shard s WHERE s.logicalrelid = p.logicalrelid) || ' shards', ', ' ORDER BY 1) FROM pg_dist_partition p WHERE logicalrelid::text LIKE 'citus_check.%'")" \
    || { cat "$WORKDIR/data.log"; fail "citus: distributed tables from the sample"; exit 1; }

# ---------------------------------------------------------------- checks
# Each line of tests/citus/queries: a name, the table, where the aggregate
# must run (partial: partial step on the workers, combine and final on the
# coordinator; workers: all of it on the workers) and a query over TABLE
# (replaced by the distributed table and by its local twin).
while IFS='|' read -r name table where query; do
    [ -z "$name" ] && continue
    dist=${query//TABLE/citus_check.$table}
    local_q=${query//TABLE/citus_check.${table}_local}
    a=$(q -At -c "$dist;" 2>&1)
    b=$(q -At -c "SET max_parallel_workers_per_gather = 0" -c "$local_q;" 2>&1)
    c=$(q -At -c "SET parallel_setup_cost = 0" -c "SET parallel_tuple_cost = 0" -c "SET min_parallel_table_scan_size = 0" -c "$local_q;" 2>&1)
    if [ -n "$a" ] && ! grep -q '^ERROR' <<<"$a$b$c" && [ "$a" = "$b" ] && [ "$a" = "$c" ]; then
        ok "citus: $name = single node" "$(wc -l <<<"$a") rows"
    else
        fail "citus: $name = single node"
        diff <(echo "$a") <(echo "$b") | head -10
    fi
    plan=$(q -At -c "EXPLAIN (VERBOSE, COSTS OFF) $dist" 2>&1)
    echo "$plan" >"$WORKDIR/plan-${name// /_}.txt"
    if [ "$where" = workers ]; then
        # Grouped by the distribution column: each group lives on one
        # shard, so the workers run the whole aggregate, final step too.
        if grep -q 'Query: SELECT .*scorecard\.' <<<"$plan" && ! grep -q 'coord_combine_agg' <<<"$plan"; then
            ok "citus: $name: whole aggregation on the workers"
        else
            fail "citus: $name: whole aggregation on the workers"; head -30 <<<"$plan"
        fi
    elif grep -q 'worker_partial_agg' <<<"$plan" && grep -q 'coord_combine_agg' <<<"$plan"; then
        ok "citus: $name: partial aggregation on the workers, combined on the coordinator"
    else
        fail "citus: $name: partial aggregation on the workers, combined on the coordinator"; head -30 <<<"$plan"
    fi
    d=$(q -At -c "SET citus.coordinator_aggregation_strategy = 'disabled'" -c "$dist;" 2>&1)
    if [ "$d" = "$a" ]; then
        ok "citus: $name with coordinator aggregation disabled"
    else
        fail "citus: $name with coordinator aggregation disabled" "$(head -3 <<<"$d")"
    fi
done <tests/citus/queries

exit "$status"
