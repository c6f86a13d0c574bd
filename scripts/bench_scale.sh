#!/usr/bin/env bash
# The warehouse-scale benchmark: a generated organisation
# (samples/large/generate.sql) at each scale, loaded into the extension's
# own tables; every view and every report timed, the load timed against
# plain tables. Median of REPEATS runs after a warm-up; statement_timeout
# TIMEOUT seconds (a timed-out object shows as "> TIMEOUT s").
#
#   bash scripts/bench.sh --scale 200000,2000000 [--before COMMIT] [--repeats 3] [--timeout 120]
#
# This build is timed with the default JIT settings and with jit = off
# (the setting docs/operations.md recommends for a dashboard database), as
# a superuser, and with jit = off again as the roles dashboards read with:
# scorecard_reader, and a role limited to one service line (row-level
# security applies to both).
#
# --before COMMIT also measures that commit's build (e.g. 5382602, release
# 0.1.0) on the same data, first. Its triggers may be far slower than
# today's on a bulk load, so its data is loaded with triggers off
# (session_replication_role = replica) and the claims' settled totals and
# cost allocations are then written as the triggers would have: the data
# is identical, only the read side of that build is measured.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SCALES=200000
BEFORE=""
REPEATS=3
TIMEOUT=120
while [ $# -gt 0 ]; do
    case $1 in
        --scale) SCALES=$2; shift 2 ;;
        --before) BEFORE=$2; shift 2 ;;
        --repeats) REPEATS=$2; shift 2 ;;
        --timeout) TIMEOUT=$2; shift 2 ;;
        *) echo "unknown argument $1" >&2; exit 2 ;;
    esac
done

setup
BENCH_DIR=$(mktemp -d /tmp/pg_scorecard-scale.XXXXXX)
chmod 755 "$BENCH_DIR"
trap 'stop_cluster "$BENCH_DIR/cluster"; as_root rm -rf "$BENCH_DIR"' EXIT
start_cluster "$BENCH_DIR/cluster"
psql -X -q -v ON_ERROR_STOP=1 -d postgres <<SQL
ALTER SYSTEM SET shared_buffers = '4GB';
ALTER SYSTEM SET work_mem = '64MB';
ALTER SYSTEM SET maintenance_work_mem = '1GB';
ALTER SYSTEM SET max_wal_size = '8GB';
SQL
as_postgres "$PG_BIN/pg_ctl" -D "$BENCH_DIR/cluster/data" -w restart >/dev/null

ms_now() { date +%s%3N; }

# time_sql DB SQL: median ms of REPEATS runs after a warm-up, or "> T s"
# (a warm-up that times out is not repeated).
time_sql() {
    local db=$1 sql=$2 out
    out=$(psql -X -q -d "$db" -c "SET statement_timeout = '${TIMEOUT}s'" -c "$sql" 2>&1 >/dev/null)
    if grep -q 'statement timeout' <<<"$out"; then echo "> ${TIMEOUT}000"; return; fi
    if grep -q 'ERROR' <<<"$out"; then echo "error: $(grep -m1 ERROR <<<"$out")"; return; fi
    out=$(psql -X -q -d "$db" 2>&1 <<SQL
SET statement_timeout = '${TIMEOUT}s';
\\timing on
$(for _ in $(seq "$REPEATS"); do echo "$sql;"; done)
SQL
)
    if grep -q 'statement timeout' <<<"$out"; then echo "> ${TIMEOUT}000"; return; fi
    grep -Eo 'Time: [0-9.]+ ms' <<<"$out" | awk '{print $2}' | sort -n \
        | awk '{ a[NR] = $1 } END { printf "%.0f\n", a[int((NR + 1) / 2)] }'
}

# time_report DB FILE VARS...: median ms of the whole psql -f run.
time_report() {
    local db=$1 file=$2 t0 t i times=()
    shift 2
    PGOPTIONS="${PGOPTIONS:-} -c statement_timeout=${TIMEOUT}s" psql -X -q -v ON_ERROR_STOP=1 -d "$db" "$@" -f "$file" >/dev/null 2>&1 \
        || { echo "> ${TIMEOUT}000"; return; }
    for i in $(seq "$REPEATS"); do
        t0=$(ms_now)
        PGOPTIONS="${PGOPTIONS:-} -c statement_timeout=${TIMEOUT}s" psql -X -q -v ON_ERROR_STOP=1 -d "$db" "$@" -f "$file" >/dev/null 2>&1 \
            || { echo "> ${TIMEOUT}000"; return; }
        t=$(( $(ms_now) - t0 )); times+=("$t")
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'
}

# load DB SCALE MODE: the scorecard sample's measures, then the generated
# organisation; MODE "triggers" (as users load) or "replica" (see above).
load() {
    local db=$1 scale=$2 mode=$3
    psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "CREATE DATABASE $db"
    local sample=$SRC/samples/bch/scorecard.sql
    [ -f "$sample" ] || sample=$SRC/sql/sample/bch.sql   # 0.1.0's layout
    psql -X -q -v ON_ERROR_STOP=1 -d "$db" -c "CREATE EXTENSION pg_scorecard" -f "$sample" >/dev/null
    if [ "$mode" = replica ]; then
        PGOPTIONS="-c session_replication_role=replica" psql -X -q -v ON_ERROR_STOP=1 -d "$db" -v services="$scale" \
            -f "$REPO_ROOT/samples/large/generate.sql" >/dev/null
        PGOPTIONS="-c session_replication_role=replica" psql -X -q -v ON_ERROR_STOP=1 -d "$db" >/dev/null <<'SQL'
DO $$
BEGIN
    -- What that build's triggers keep, where it has it.
    IF EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = 'scorecard' AND table_name = 'claim' AND column_name = 'paid_amount') THEN
        UPDATE scorecard.claim c SET paid_amount = t.paid
          FROM (SELECT claim_id, sum(amount) AS paid FROM scorecard.payment WHERE claim_id IS NOT NULL GROUP BY 1) t WHERE t.claim_id = c.claim_id;
        UPDATE scorecard.claim c SET adjusted_amount = t.adjusted
          FROM (SELECT claim_id, sum(amount) AS adjusted FROM scorecard.adjustment GROUP BY 1) t WHERE t.claim_id = c.claim_id;
    END IF;
    IF to_regprocedure('scorecard.allocate_months(date[])') IS NOT NULL THEN
        PERFORM scorecard.allocate_months(array_agg(DISTINCT period_start)) FROM scorecard.cost_entry;
    END IF;
END
$$;
VACUUM ANALYZE;
SQL
    else
        psql -X -q -v ON_ERROR_STOP=1 -d "$db" -v services="$scale" -f "$REPO_ROOT/samples/large/generate.sql" >/dev/null
        psql -X -q -v ON_ERROR_STOP=1 -d "$db" -c "VACUUM ANALYZE" >/dev/null
    fi
    # The revenue-cycle measure sources on the scorecard, for
    # refresh_measures() (those the build has).
    psql -X -q -d "$db" >/dev/null 2>&1 <<'SQL'
INSERT INTO scorecard.objective (discipline, name) VALUES ('Process', 'Revenue cycle');
INSERT INTO scorecard.measure (name, discipline, objective, higher_is_better, weight)
VALUES ('Clean claim rate', 'Process', 'Revenue cycle', true, 0),
       ('Services documented within 4 hours', 'Process', 'Revenue cycle', true, 0),
       ('Initial denial rate', 'Process', 'Revenue cycle', false, 0),
       ('Payments reconciled within 72 hours', 'Process', 'Revenue cycle', true, 0);
SELECT scorecard.register_measure_source('Clean claim rate', 'scorecard.revenue_clean_claims'),
       scorecard.register_measure_source('Services documented within 4 hours', 'scorecard.revenue_documented_within_4h'),
       scorecard.register_measure_source('Initial denial rate', 'scorecard.revenue_initial_denials'),
       scorecard.register_measure_source('Payments reconciled within 72 hours', 'scorecard.revenue_reconciled_within_72h');
SQL
}

RESULTS=$BENCH_DIR/results.tsv
: >"$RESULTS"
record() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >>"$RESULTS"; }  # build scale object ms

measure() {  # build-label DB SCALE
    local label=$1 db=$2 scale=$3 v
    for v in $(psql -X -At -d "$db" -c "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'scorecard' AND c.relkind = 'v' ORDER BY 1"); do
        record "$label" "$scale" "view $v" "$(time_sql "$db" "SELECT count(*), sum(hashtext(t::text)) FROM scorecard.$v AS t")"
    done
    record "$label" "$scale" "ar_aging_by_payer_as_of(2016-06-30)" \
        "$(time_sql "$db" "SELECT count(*), sum(hashtext(t::text)) FROM scorecard.ar_aging_by_payer_as_of('2016-06-30') AS t")"
    record "$label" "$scale" "ar_aging_by_payer_as_of(2015-12-31)" \
        "$(time_sql "$db" "SELECT count(*), sum(hashtext(t::text)) FROM scorecard.ar_aging_by_payer_as_of('2015-12-31') AS t")"
    record "$label" "$scale" "self_pay_delinquency_as_of(2016-06-30)" \
        "$(time_sql "$db" "SELECT count(*), sum(hashtext(t::text)) FROM scorecard.self_pay_delinquency_as_of('2016-06-30') AS t")"
    record "$label" "$scale" "snapshot_ar_aging(2016-06-30)" "$(time_sql "$db" "SELECT scorecard.snapshot_ar_aging('2016-06-30')")"
    record "$label" "$scale" "refresh_measures()" "$(time_sql "$db" "SELECT scorecard.refresh_measures()")"
    record "$label" "$scale" "report ar_weekly.sql" "$(time_report "$db" "$REPO_ROOT/reports/ar_weekly.sql" -v as_of=2016-06-30)"
    record "$label" "$scale" "report director_scorecard.sql" "$(time_report "$db" "$REPO_ROOT/reports/director_scorecard.sql" -v period=2016-06-01)"
    record "$label" "$scale" "report deep_dive.sql" "$(time_report "$db" "$REPO_ROOT/reports/deep_dive.sql" -v discipline=Finance -v period=2016-06-01)"
    record "$label" "$scale" "report service_line_pnl.sql" "$(time_report "$db" "$REPO_ROOT/reports/service_line_pnl.sql" -v period=2016-06-01)"
    record "$label" "$scale" "report break_even.sql" "$(time_report "$db" "$REPO_ROOT/reports/break_even.sql" -v period=2016-06-01)"
    record "$label" "$scale" "report case_rates.sql" "$(time_report "$db" "$REPO_ROOT/reports/case_rates.sql" -v from=2015-07-01 -v to=2016-07-01)"
}

# Loading: COPY of the revenue tables back into the extension's tables
# (every trigger, check and key) and into plain tables with the same
# columns; INSERT ... SELECT of a month of claims likewise.
measure_load() {  # build-label DB SCALE
    local label=$1 db=$2 scale=$3 t tbl t0
    for tbl in service claim payment adjustment; do
        psql -X -q -v ON_ERROR_STOP=1 -d "$db" -c "\\copy scorecard.$tbl TO '$BENCH_DIR/$tbl.copy'"
        psql -X -q -v ON_ERROR_STOP=1 -d "$db" -c "CREATE TABLE plain_$tbl (LIKE scorecard.$tbl)"
    done
    psql -X -q -v ON_ERROR_STOP=1 -d "$db" -c "TRUNCATE scorecard.adjustment, scorecard.payment, scorecard.claim, scorecard.service, scorecard.ar_aging_history, scorecard.outcome CASCADE" >/dev/null
    for tbl in service claim payment adjustment; do
        t0=$(ms_now); psql -X -q -v ON_ERROR_STOP=1 -d "$db" -c "\\copy plain_$tbl FROM '$BENCH_DIR/$tbl.copy'"; t=$(( $(ms_now) - t0 ))
        record "$label" "$scale" "COPY $tbl: plain table" "$t"
        # Where the time goes: the same COPY with every trigger off,
        # foreign keys included (session_replication_role = replica).
        t0=$(ms_now); PGOPTIONS="-c session_replication_role=replica" psql -X -q -v ON_ERROR_STOP=1 -d "$db" -c "\\copy scorecard.$tbl FROM '$BENCH_DIR/$tbl.copy'"; t=$(( $(ms_now) - t0 ))
        record "$label" "$scale" "COPY $tbl: extension table, triggers and foreign keys off" "$t"
        psql -X -q -v ON_ERROR_STOP=1 -d "$db" -c "TRUNCATE scorecard.$tbl CASCADE" >/dev/null 2>&1
        t0=$(ms_now); psql -X -q -v ON_ERROR_STOP=1 -d "$db" -c "\\copy scorecard.$tbl FROM '$BENCH_DIR/$tbl.copy'"; t=$(( $(ms_now) - t0 ))
        record "$label" "$scale" "COPY $tbl: extension table" "$t"
    done
    local month="bill_date >= DATE '2016-05-01' AND bill_date < DATE '2016-06-01'"
    t0=$(ms_now); psql -X -q -v ON_ERROR_STOP=1 -d "$db" -c "INSERT INTO plain_claim SELECT * FROM scorecard.claim WHERE $month"; t=$(( $(ms_now) - t0 ))
    record "$label" "$scale" "INSERT a month of claims: plain table" "$t"
    t0=$(ms_now)
    psql -X -q -v ON_ERROR_STOP=1 -d "$db" -c "INSERT INTO scorecard.claim (claim_id, payer_id, beneficiary_id, service_id, service_from, created_on, bill_date, due_date, amount, status, edit_reason, denial_reason, denied_on) SELECT 'N' || claim_id, payer_id, beneficiary_id, service_id, service_from, created_on, bill_date, due_date, amount, status, edit_reason, denial_reason, denied_on FROM scorecard.claim WHERE $month"
    t=$(( $(ms_now) - t0 ))
    record "$label" "$scale" "INSERT a month of claims: extension table" "$t"
}

bench_build() {  # label [dir]
    local label=$1 dir=${2:-$REPO_ROOT} scale db mode
    SRC=$dir
    build_and_install "$dir"
    mode=triggers; [ "$label" = before ] && mode=replica
    for scale in ${SCALES//,/ }; do
        db=${label}_$scale
        say "$label: loading $scale services ($mode)"
        t0=$(ms_now); load "$db" "$scale" "$mode"; record "$label" "$scale" "generate and load (samples/large/generate.sql)" "$(( $(ms_now) - t0 ))"
        psql -X -At -d "$db" -c "SELECT format('%s services, %s claims, %s payments, %s adjustments, %s stays, database %s',
              (SELECT count(*) FROM scorecard.service), (SELECT count(*) FROM scorecard.claim), (SELECT count(*) FROM scorecard.payment),
              (SELECT count(*) FROM scorecard.adjustment), (SELECT count(*) FROM scorecard.stay), pg_size_pretty(pg_database_size(current_database())))" >&2
        say "$label: timing every view and report at $scale"
        measure "$label" "$db" "$scale"
        if [ "$label" = after ]; then
            # The same with JIT compilation off (see docs/operations.md).
            export PGOPTIONS="-c jit=off"
            measure after_jit_off "$db" "$scale"
            # As the roles dashboards read with: row-level security applies
            # to them (a superuser bypasses it). scorecard_reader sees every
            # line; bench_line_reader only the first (scorecard.grant_service_line).
            # Their snapshot_ar_aging and refresh_measures are refused
            # (they may not write): "error" in the table.
            psql -X -q -v ON_ERROR_STOP=1 -d "$db" >/dev/null <<'SQL'
DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'bench_line_reader') THEN
        CREATE ROLE bench_line_reader IN ROLE scorecard_reader;
    END IF;
END $$;
SELECT scorecard.grant_service_line('bench_line_reader', (SELECT min(service_line) FROM scorecard.service_line));
SQL
            export PGOPTIONS="-c jit=off -c role=scorecard_reader"
            measure reader_jit_off "$db" "$scale"
            export PGOPTIONS="-c jit=off -c role=bench_line_reader"
            measure line_reader_jit_off "$db" "$scale"
            unset PGOPTIONS
            measure_load "$label" "$db" "$scale"
        fi
        psql -X -q -d postgres -c "DROP DATABASE $db"
    done
}

if [ -n "$BEFORE" ]; then
    rm -rf "$BENCH_DIR/before-src"
    git -C "$REPO_ROOT" worktree add --detach "$BENCH_DIR/before-src" "$BEFORE" >/dev/null 2>&1 \
        || git clone -q "$REPO_ROOT" "$BENCH_DIR/before-src"
    git -C "$BENCH_DIR/before-src" checkout -q "$BEFORE"
    bench_build before "$BENCH_DIR/before-src"
    git -C "$REPO_ROOT" worktree remove --force "$BENCH_DIR/before-src" 2>/dev/null || true
fi
bench_build after

say "machine: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GB, $(uname -sr); PostgreSQL $("$PG_CONFIG" --version | awk '{print $2}'); commit $(git -C "$REPO_ROOT" describe --always --dirty); $(date -u +%Y-%m-%d); median of $REPEATS after a warm-up; timeout ${TIMEOUT} s"
python3 - "$RESULTS" "$SCALES" "$BEFORE" <<'EOF'
import sys, collections
rows = [l.rstrip('\n').split('\t') for l in open(sys.argv[1]) if l.strip()]
scales = sys.argv[2].split(',')
before = sys.argv[3]
t = collections.OrderedDict()
for build, scale, obj, ms in rows:
    t.setdefault(obj, {})[(build, scale)] = ms
def fmt(ms):
    if ms is None: return '-'
    if ms.startswith('>'): return '> %d s' % (int(ms[1:].strip()) // 1000)
    if ms.startswith('error'): return 'error'
    v = int(float(ms)); return '%.2f s' % (v / 1000) if v >= 100 else '%d ms' % v
builds = [b for b in ['before', 'after', 'after_jit_off', 'reader_jit_off', 'line_reader_jit_off'] if any(k[0] == b for v in t.values() for k in v)]
names = {'before': before, 'after': 'now', 'after_jit_off': 'now, jit off', 'reader_jit_off': 'now as scorecard_reader, jit off',
         'line_reader_jit_off': 'now as a one-line role, jit off'}
cols = [(b, s) for s in scales for b in builds]
head = '| object | ' + ' | '.join('%s, %s services' % (names[b], s) for b, s in cols) + ' |'
print(head); print('|' + '---|' * (len(cols) + 1))
for obj, v in t.items():
    print('| ' + obj + ' | ' + ' | '.join(fmt(v.get(c)) for c in cols) + ' |')
# Ratios the goals name.
print()
for s in scales:
    def ms(o):
        x = t.get(o, {}).get(('after', s)); return float(x) if x and x[0].isdigit() else None
    for tbl in ['service', 'claim', 'payment', 'adjustment']:
        p, e = ms('COPY %s: plain table' % tbl), ms('COPY %s: extension table' % tbl)
        if p and e: print('%s services: COPY %s at %.2fx the speed of a plain table' % (s, tbl, p / e))
    p, e = ms('INSERT a month of claims: plain table'), ms('INSERT a month of claims: extension table')
    if p and e: print('%s services: INSERT ... SELECT of a month of claims at %.2fx the speed of a plain table' % (s, p / e))
if len(scales) > 1:
    lo, hi = scales[0], scales[-1]
    growth = float(hi) / float(lo)
    worse = []
    for obj, v in t.items():
        a, b = v.get(('after', lo)), v.get(('after', hi))
        if a and b and a[0].isdigit() and b[0].isdigit() and float(a) >= 50 and float(b) / float(a) > growth * 1.1:
            worse.append('%s (%.1fx for %.0fx the data)' % (obj, float(b) / float(a), growth))
    print('grows worse than linearly from %s to %s: %s' % (lo, hi, ', '.join(worse) or 'nothing (objects over 50 ms)'))
EOF
