#!/usr/bin/env bash
# The tests: the same set-up as the main job, then every layer.
#   1. plain Rust #[test]s and property tests of the core, and the #[pg_test]s
#      of the SQL functions inside a backend (cargo pgrx test);
#   2. pg_regress suites with expected output (tests/regress) against a
#      throwaway cluster with the release build installed;
#   3. a pg_dump / pg_restore round trip of a database holding the sample;
#   4. a BI client: PostgreSQL's JDBC driver (Metabase's), as a member of
#      scorecard_reader, lists the views, reads their column types and
#      comments through standard metadata calls, and queries them.
# Ends with one summary line "total: N passed, M failed".
#
# Needs root, or a user with sudo, for apt and for installing the extension.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

cd "$REPO_ROOT"
rm -rf tests/regress/results tests/regress/regression.diffs   # a previous failure's leftovers
setup with-bi-client

WORK=$(mktemp -d /tmp/pg_scorecard-test.XXXXXX)
chmod 755 "$WORK"
CLUSTER="$WORK/cluster"
cleanup() {
    stop_cluster "$CLUSTER"
    [ -n "${PGTEST_DIR:-}" ] && stop_cluster "$PGTEST_DIR" 2>/dev/null
    as_root rm -rf "$WORK"
}
trap cleanup EXIT

passed=0
failed=0

# ---------------------------------------------------------------- layer 1
say "layer 1: Rust unit and property tests, and #[pg_test]s (cargo pgrx test)"
PGTEST_DIR="$WORK/pgtest"
as_root mkdir -p "$PGTEST_DIR"
as_root chown postgres:postgres "$PGTEST_DIR"
set +e
cargo pgrx test pg$PG_MAJOR --runas postgres --pgdata "$PGTEST_DIR/data" 2>&1 | tee "$WORK/cargo-test.log" \
    | grep -E '^(test |test result|failures:|---- )|panicked'
cargo_status=${PIPESTATUS[0]}
set -e
n_pass=$(grep -Eo 'test result: [a-zA-Z]+\. [0-9]+ passed' "$WORK/cargo-test.log" | grep -Eo '[0-9]+ passed' | awk '{s+=$1} END {print s+0}')
n_fail=$(grep -Eo '[0-9]+ failed' "$WORK/cargo-test.log" | awk '{s+=$1} END {print s+0}')
if [ "$cargo_status" -ne 0 ] && [ "$n_fail" -eq 0 ]; then
    tail -40 "$WORK/cargo-test.log"
    n_fail=1
fi
passed=$((passed + n_pass)); failed=$((failed + n_fail))

# ---------------------------------------------------------------- layer 2
build_and_install
start_cluster "$CLUSTER"

say "layer 2: pg_regress (tests/regress)"
PG_REGRESS="$(dirname "$(dirname "$("$PG_CONFIG" --pgxs)")")/test/regress/pg_regress"
set +e
"$PG_REGRESS" \
    --inputdir=tests/regress --outputdir="$WORK/regress" \
    --schedule=tests/regress/schedule \
    --host="$PGHOST" --port="$PGPORT" --user=postgres \
    --dbname=pg_scorecard_regress --load-extension=pg_scorecard \
    --bindir="$PG_BIN" 2>&1 | tee "$WORK/regress.log"
regress_status=${PIPESTATUS[0]}
set -e
r_total=$(grep -Ec '\.\.\. (ok|FAILED|failed)' "$WORK/regress.log" || true)
r_fail=$(grep -Ec '\.\.\. (FAILED|failed)' "$WORK/regress.log" || true)
if [ "$regress_status" -ne 0 ]; then
    # Keep what the run produced (git ignores it) for a look afterwards.
    rm -rf tests/regress/results
    cp -r "$WORK/regress/results" tests/regress/results 2>/dev/null || true
    [ -f "$WORK/regress/regression.diffs" ] && cp "$WORK/regress/regression.diffs" tests/regress/ && cat tests/regress/regression.diffs
    [ "$r_fail" -eq 0 ] && r_fail=1
fi
passed=$((passed + r_total - (r_fail > r_total ? r_total : r_fail))); failed=$((failed + r_fail))

# ---------------------------------------------------------------- layer 3
say "layer 3: pg_dump / pg_restore keeps the user's scorecard"
psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "CREATE DATABASE dump_src" -c "CREATE DATABASE dump_dst"
psql -X -q -v ON_ERROR_STOP=1 -d dump_src -c "CREATE EXTENSION pg_scorecard" -f sql/sample/bch.sql -f sql/sample/bch_billing.sql \
    -f sql/sample/bch_costs.sql -f sql/sample/bch_finance_data.sql
psql -X -q -v ON_ERROR_STOP=1 -d dump_src -c "SELECT scorecard.snapshot_ar_aging('2016-06-30')" >/dev/null
# A user-added discipline must survive too; the four built-in ones must not double.
psql -X -q -v ON_ERROR_STOP=1 -d dump_src -c "INSERT INTO scorecard.discipline (name, sort_order) VALUES ('Quality', 5)"
snapshot() {
    psql -X -A -t -v ON_ERROR_STOP=1 -d "$1" \
        -c "SELECT * FROM scorecard.discipline ORDER BY sort_order" \
        -c "SELECT * FROM scorecard.measure_scores ORDER BY period_grain, period_start, measure_id" \
        -c "SELECT * FROM scorecard.discipline_scores ORDER BY period_grain, period_start, sort_order" \
        -c "SELECT * FROM scorecard.organization_scores ORDER BY period_grain, period_start" \
        -c "SELECT * FROM scorecard.ar_aging_by_payer_as_of('2016-06-30')" \
        -c "SELECT * FROM scorecard.revenue_cycle_kpis ORDER BY period_start" \
        -c "SELECT as_of, age_basis, payer_id, bucket, bucket_label, amount FROM scorecard.ar_aging_history ORDER BY 1, 2, 3, 4" \
        -c "SELECT count(*), sum(amount) FROM scorecard.payment" \
        -c "SELECT count(*), sum(amount) FROM scorecard.adjustment" \
        -c "SELECT count(*), max(documented_at) FROM scorecard.service" \
        -c "SELECT * FROM scorecard.service_line_pnl ORDER BY period_start, service_line" \
        -c "SELECT * FROM scorecard.case_rate_ranges" \
        -c "SELECT name, source, source_grain FROM scorecard.measure ORDER BY measure_id"
}
snapshot dump_src >"$WORK/src.txt"
"$PG_BIN/pg_dump" -Fc -d dump_src -f "$WORK/dump_src.dump"
"$PG_BIN/pg_restore" --exit-on-error -d dump_dst "$WORK/dump_src.dump"
snapshot dump_dst >"$WORK/dst.txt"
# New rows after a restore must get fresh keys (the identity survives too).
psql -X -q -v ON_ERROR_STOP=1 -d dump_dst \
    -c "INSERT INTO scorecard.objective VALUES ('Process', 'After restore')" \
    -c "INSERT INTO scorecard.measure (name, discipline, objective) VALUES ('After restore', 'Process', 'After restore')" \
    >/dev/null 2>"$WORK/after-restore.err" || true
if cmp -s "$WORK/src.txt" "$WORK/dst.txt" && [ "$(wc -l <"$WORK/src.txt")" -gt 400 ] && [ ! -s "$WORK/after-restore.err" ]; then
    echo "pg_dump round trip ... ok ($(wc -l <"$WORK/src.txt") rows identical)"
    passed=$((passed + 1))
else
    echo "pg_dump round trip ... FAILED"
    diff "$WORK/src.txt" "$WORK/dst.txt" | head -20 || true
    cat "$WORK/after-restore.err"
    failed=$((failed + 1))
fi

# ---------------------------------------------------------------- layer 4
say "layer 4: a BI client over JDBC, as the read-only role"
psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "CREATE ROLE bi_user LOGIN IN ROLE scorecard_reader"
set +e
java -cp /usr/share/java/postgresql.jar tests/bi/MetadataCheck.java \
    "jdbc:postgresql://127.0.0.1:$PGPORT/dump_src" bi_user 2>&1 | tee "$WORK/bi.log" | grep -v '^FAILED' | tail -4
grep '^FAILED' "$WORK/bi.log" | head -20
set -e
b_line=$(grep -E '^bi: [0-9]+ passed, [0-9]+ failed$' "$WORK/bi.log" || true)
# One test, made of the client's many checks.
if [ -n "$b_line" ] && [ "$(awk '{print $4}' <<<"$b_line")" = 0 ]; then
    echo "BI client over JDBC ... ok ($(awk '{print $2}' <<<"$b_line") checks)"
    passed=$((passed + 1))
else
    echo "BI client over JDBC ... FAILED"
    failed=$((failed + 1))
fi

echo
echo "total: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
