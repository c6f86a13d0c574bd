#!/usr/bin/env bash
# The tests. With no target: every layer, as CI runs it (`.ci/run`); does
# all set-up itself on a fresh Debian 12 machine and skips what is there.
#
#   bash scripts/test.sh                  everything (CI)
#   bash scripts/test.sh core             the pure core: cargo test, no PostgreSQL (seconds)
#   bash scripts/test.sh pgtest           #[pg_test]s inside a backend (cargo pgrx test)
#   bash scripts/test.sh regress [NAME…]  pg_regress suites, all or the named ones
#   bash scripts/test.sh accept NAME…     run NAMEs (regress suites or isolation specs), take their output as expected
#   bash scripts/test.sh isolation [NAME…] concurrent sessions (pg_isolation_regress, tests/isolation)
#   bash scripts/test.sh dump             pg_dump / pg_restore round trip
#   bash scripts/test.sh scale            a generated two-year organisation: loads, fast paths = recomputations
#   bash scripts/test.sh docs             execute every example in docs/ and compare
#   bash scripts/test.sh bi               a BI client over JDBC as scorecard_reader
#   bash scripts/test.sh superset         the shipped Superset dashboard: imported, charts = psql, screenshot
#   bash scripts/test.sh upgrade          install 0.1.0, load data, ALTER EXTENSION UPDATE, compare
#   bash scripts/test.sh citus            a coordinator and two workers: every aggregate distributed = single node
#   bash scripts/test.sh lint             cargo fmt --check, cargo clippy -D warnings
#   bash scripts/test.sh versions         every regress suite (the sample's scorecard among them) on PostgreSQL 16 and 18
#   bash scripts/test.sh bench [ARGS]     scripts/bench.sh (not part of the full run)
#   bash scripts/test.sh --pg 16 [TARGET…] the targets on PostgreSQL 16 (or 18; default 15); all: the regress suites
#
# Targets combine: `bash scripts/test.sh core regress views`. Each target
# prints one line per test ("name ... ok" or "... FAILED"); the run ends
# with "total: N passed, M failed" and exits non-zero on any failure.
if [ "${1:-}" = --pg ]; then
    export PG_SCORECARD_PG=${2:?--pg needs a version: 15, 16 or 18}
    shift 2
fi
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_ROOT"

if [ "$PG_MAJOR" = 15 ]; then
    ALL_TARGETS=(lint core pgtest regress isolation dump scale docs bi superset upgrade citus versions)
else
    # Another version: the suites, which load the sample and check its
    # scorecard (the layers that do not depend on the server run on 15).
    ALL_TARGETS=(regress)
fi
REGRESS=tests/regress
passed=0
failed=0
WORK=""
CLUSTER=""
INSTALLED=""

ok() { echo "$1 ... ok${2:+ ($2)}"; passed=$((passed + 1)); }
fail() { echo "$1 ... FAILED${2:+ ($2)}"; failed=$((failed + 1)); }

workdir() {
    if [ -z "$WORK" ]; then
        WORK=$(mktemp -d /tmp/pg_scorecard-test.XXXXXX)
        chmod 755 "$WORK"
    fi
}

cleanup() {
    [ -n "$CLUSTER" ] && stop_cluster "$CLUSTER"
    [ -n "${PGTEST_DIR:-}" ] && stop_cluster "$PGTEST_DIR" 2>/dev/null
    [ -n "$WORK" ] && as_root rm -rf "$WORK"
    return 0
}
trap cleanup EXIT

# The release build, installed once per run.
installed() {
    if [ -z "$INSTALLED" ]; then
        setup
        build_and_install
        INSTALLED=1
    fi
}

# One throwaway cluster per run, started when a target first needs it.
cluster() {
    installed
    if [ -z "$CLUSTER" ]; then
        workdir
        CLUSTER="$WORK/cluster"
        start_cluster "$CLUSTER"
    fi
}

psql_q() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }

# template NAME: a database other databases are copied from. `empty` has the
# extension and the suites' helpers; `bch` has the whole sample besides.
# Built once per run.
declare -A TEMPLATE_READY=()
template() {
    local name=$1
    [ -n "${TEMPLATE_READY[$name]:-}" ] && return 0
    cluster
    case "$name" in
        empty)
            psql_q -d postgres -c "CREATE DATABASE tpl_empty"
            psql_q -d tpl_empty -c "CREATE EXTENSION pg_scorecard" -f "$REGRESS/setup/helpers.sql"
            ;;
        bch)
            template empty
            psql_q -d postgres -c "CREATE DATABASE tpl_bch TEMPLATE tpl_empty"
            load_sample tpl_bch
            ;;
        *) echo "unknown template $name" >&2; return 1 ;;
    esac
    TEMPLATE_READY[$name]=1
}

# fresh_db NAME TEMPLATE: a new database NAME copied from TEMPLATE.
fresh_db() {
    template "$2"
    psql_q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $1" \
        -c "CREATE DATABASE $1 TEMPLATE tpl_$2"
}

# ---------------------------------------------------------------- targets
run_lint() {
    setup
    say "lint: rustfmt and clippy"
    if cargo fmt --all --check >"$WORK/fmt.log" 2>&1; then ok "cargo fmt --check"; else
        head -40 "$WORK/fmt.log"; fail "cargo fmt --check"; fi
    if cargo clippy --workspace --all-targets --features "pg$PG_MAJOR pg_test" -- -D warnings >"$WORK/clippy.log" 2>&1; then
        ok "cargo clippy -D warnings"
    else
        grep -E '^(error|warning)' -A 6 "$WORK/clippy.log" | head -60 || true; fail "cargo clippy -D warnings"
    fi
}

# Count a sub-run's log (the upgrade test, the Superset check, another
# PostgreSQL version): print its "... ok" / "... FAILED" lines with PREFIX
# before each and add them to the totals; a non-zero exit without a FAILED
# line counts as one failure, its log's tail shown. Fails when any did.
count_log() {
    local log=$1 status=$2 prefix=${3:-} n_ok n_bad
    grep -E ' \.\.\. (ok|FAILED)' "$log" | sed "s/^/$prefix/" || true
    n_ok=$(grep -c ' \.\.\. ok' "$log" || true)
    n_bad=$(grep -c ' \.\.\. FAILED' "$log" || true)
    if [ "$status" -ne 0 ] && [ "$n_bad" -eq 0 ]; then tail -30 "$log"; n_bad=1; fi
    passed=$((passed + n_ok)); failed=$((failed + n_bad))
    [ "$n_bad" -eq 0 ]
}

# Count a cargo test log's passed and failed tests.
count_cargo() {
    local log=$1 status=$2 n_pass n_fail
    n_pass=$(grep -Eo 'test result: [a-zA-Z]+\. [0-9]+ passed' "$log" | grep -Eo '[0-9]+ passed' | awk '{s+=$1} END {print s+0}')
    n_fail=$(grep -Eo 'test result: [a-zA-Z]+\. [0-9]+ passed; [0-9]+ failed' "$log" | grep -Eo '[0-9]+ failed' | awk '{s+=$1} END {print s+0}')
    if [ "$status" -ne 0 ] && [ "$n_fail" -eq 0 ]; then tail -40 "$log"; n_fail=1; fi
    grep -E '^test .* FAILED$|panicked' "$log" | head -20 || true
    echo "$3: $n_pass passed, $n_fail failed"
    passed=$((passed + n_pass)); failed=$((failed + n_fail))
}

run_core() {
    ensure_rust
    say "core: cargo test -p scorecard-core (no PostgreSQL)"
    set +e
    cargo test -p scorecard-core >"$WORK/core.log" 2>&1
    local status=$?
    set -e
    count_cargo "$WORK/core.log" "$status" "core"
}

run_pgtest() {
    setup
    say "pgtest: #[pg_test]s inside a backend (cargo pgrx test)"
    PGTEST_DIR="$WORK/pgtest"
    as_root mkdir -p "$PGTEST_DIR"
    as_root chown postgres:postgres "$PGTEST_DIR"
    set +e
    cargo pgrx test "pg$PG_MAJOR" --runas postgres --pgdata "$PGTEST_DIR/data" >"$WORK/pgtest.log" 2>&1
    local status=$?
    set -e
    count_cargo "$WORK/pgtest.log" "$status" "pgtest"
}

# The template a suite starts from: its first line says `-- template: NAME`.
suite_template() {
    local line
    line=$(head -1 "$REGRESS/sql/$1.sql")
    case "$line" in
        "-- template: "*) echo "${line#-- template: }" ;;
        *) echo "$REGRESS/sql/$1.sql must start with '-- template: empty' or '-- template: bch'" >&2; return 1 ;;
    esac
}

all_suites() { (cd "$REGRESS/sql" && ls -- *.sql | sed 's/\.sql$//'); }

# PostgreSQL's own test drivers, beside PGXS (asked once the server is
# installed: for 16 and 18 that is after set-up unpacks it).
pgxs_tool() { echo "$(dirname "$(dirname "$("$PG_CONFIG" --pgxs)")")/test/$1"; }

# run_suite NAME: NAME alone in a fresh copy of its template.
run_suite() {
    local name=$1 tpl out="$WORK/regress"
    [ -f "$REGRESS/sql/$name.sql" ] || { fail "regress $name" "no such suite"; return; }
    tpl=$(suite_template "$name") || { fail "regress $name"; return; }
    fresh_db "regress_$name" "$tpl"
    mkdir -p "$out"
    set +e
    "$(pgxs_tool regress/pg_regress)" --use-existing --dbname="regress_$name" --inputdir="$REGRESS" --outputdir="$out" \
        --host="$PGHOST" --port="$PGPORT" --user=postgres --bindir="$PG_BIN" \
        "$name" >"$out/$name.log" 2>&1
    local status=$?
    set -e
    if [ "$status" -eq 0 ]; then
        ok "regress $name"
    else
        [ -f "$out/regression.diffs" ] && cat "$out/regression.diffs" && rm -f "$out/regression.diffs"
        grep -v '^\(=\|\s*$\)' "$out/$name.log" | tail -5
        # Keep what the run produced (git ignores it) for a look afterwards.
        mkdir -p "$REGRESS/results"
        cp "$out/results/$name.out" "$REGRESS/results/" 2>/dev/null || true
        fail "regress $name" "output in $REGRESS/results/$name.out"
    fi
}

run_regress() {
    cluster
    say "regress: pg_regress suites, each alone in a fresh database"
    local names=("$@")
    [ ${#names[@]} -eq 0 ] && mapfile -t names < <(all_suites)
    rm -rf "$REGRESS/results"
    for n in "${names[@]}"; do run_suite "$n"; done
}

run_accept() {
    [ $# -gt 0 ] || { echo "accept: name the suites whose output becomes expected" >&2; exit 2; }
    cluster
    local n
    for n in "$@"; do
        # A name may be both an isolation spec and a regress suite: both.
        if [ -f "$ISOLATION/specs/$n.spec" ]; then
            ISOLATION_ACCEPT=1 run_isolation "$n"
        fi
        if [ -f "$REGRESS/sql/$n.sql" ]; then
            run_suite "$n" || true
            cp "$WORK/regress/results/$n.out" "$REGRESS/expected/$n.out"
            echo "accepted: $REGRESS/expected/$n.out (review it with git diff)"
        fi
    done
}

# Isolation specs (tests/isolation/specs/NAME.spec), each in a fresh copy
# of the empty template; `isolation accept NAME` takes new output.
ISOLATION=tests/isolation
run_isolation() {
    cluster
    say "isolation: concurrent sessions (pg_isolation_regress)"
    local names=("$@") accept=${ISOLATION_ACCEPT:-0} n out="$WORK/isolation"
    [ ${#names[@]} -eq 0 ] && mapfile -t names < <(cd "$ISOLATION/specs" && ls -- *.spec | sed 's/\.spec$//')
    mkdir -p "$out"
    for n in "${names[@]}"; do
        fresh_db "isolation_$n" empty
        set +e
        "$(pgxs_tool isolation/pg_isolation_regress)" --use-existing --dbname="isolation_$n" --inputdir="$ISOLATION" --outputdir="$out" \
            --host="$PGHOST" --port="$PGPORT" --user=postgres "$n" >"$out/$n.log" 2>&1
        local status=$?
        set -e
        if [ "$accept" = 1 ]; then
            cp "$out/results/$n.out" "$ISOLATION/expected/$n.out"
            echo "accepted: $ISOLATION/expected/$n.out (review it with git diff)"
        elif [ "$status" -eq 0 ]; then
            ok "isolation $n"
        else
            [ -f "$out/regression.diffs" ] && cat "$out/regression.diffs" && rm -f "$out/regression.diffs"
            tail -5 "$out/$n.log"
            fail "isolation $n"
        fi
    done
}

run_dump() {
    cluster
    say "dump: pg_dump / pg_restore gives back every row of every table after legal edits"
    fresh_db dump_src bch
    # Edits that each lost whole tables on restore in 0.1.0: index stays
    # moved by an update, claims changed, a refund posted before the
    # overpayment it allows and then edited, a built-in discipline renamed
    # and another edited, sort orders swapped, a discipline of the user's.
    psql_q -d dump_src -f tests/dump/edits.sql >/dev/null
    psql_q -d postgres -c "CREATE DATABASE dump_dst"
    psql -X -At -v ON_ERROR_STOP=1 -d dump_src -f tests/lib/relation_hashes.sql >"$WORK/dump-hash.sql"
    # Both sides read as of the sample's close: a view as of the real today
    # reads the clock (scorecard.report_time is now() until the day ends),
    # so two readings seconds apart could differ in hours open.
    local as_of="-c scorecard.today=2016-06-30"
    PGOPTIONS="$as_of" psql -X -At -v ON_ERROR_STOP=1 -d dump_src -f "$WORK/dump-hash.sql" >"$WORK/src.txt"
    "$PG_BIN/pg_dump" -Fc -d dump_src -f "$WORK/dump_src.dump"
    if ! "$PG_BIN/pg_restore" --exit-on-error -d dump_dst "$WORK/dump_src.dump" 2>"$WORK/restore.err"; then
        cat "$WORK/restore.err"; fail "pg_dump round trip" "pg_restore failed"; return
    fi
    PGOPTIONS="$as_of" psql -X -At -v ON_ERROR_STOP=1 -d dump_dst -f "$WORK/dump-hash.sql" >"$WORK/dst.txt"
    # New rows after a restore must get fresh keys (the identity survives too).
    psql_q -d dump_dst \
        -c "INSERT INTO scorecard.objective VALUES ('Process', 'After restore')" \
        -c "INSERT INTO scorecard.measure (name, discipline, objective) VALUES ('After restore', 'Process', 'After restore')" \
        >/dev/null 2>"$WORK/after-restore.err" || true
    local tables rows
    tables=$(grep -c '^table ' "$WORK/src.txt" || true)
    rows=$(grep '^table ' "$WORK/src.txt" | sed 's/.* rows=\([0-9]*\) .*/\1/' | awk '{s+=$1} END {print s+0}')
    if cmp -s "$WORK/src.txt" "$WORK/dst.txt" && [ "$rows" -gt 40000 ] && [ ! -s "$WORK/after-restore.err" ]; then
        ok "pg_dump round trip" "$tables tables ($rows rows) and $(grep -c '^view ' "$WORK/src.txt") views identical"
    else
        diff "$WORK/src.txt" "$WORK/dst.txt" | head -20 || true
        cat "$WORK/after-restore.err"
        fail "pg_dump round trip"
    fi
}

run_scale() {
    cluster
    say "scale: a generated organisation (samples/large/generate.sql) loads, and the fast paths equal recomputations"
    fresh_db scale_small empty
    local out
    if out=$(psql_q -d scale_small -f samples/bch/scorecard.sql -v services=8000 -f samples/large/generate.sql \
                 -f tests/scale/checks.sql 2>&1 >/dev/null); then
        ok "scale checks" "$(grep -o 'scale checks.*' <<<"$out" | paste -sd ';' -)"
    else
        echo "$out" | tail -5
        fail "scale checks"
    fi
}

run_docs() {
    cluster
    template bch
    say "docs: every SQL example in docs/ executed and compared with its shown output"
    local f name
    for f in README.md docs/*.md; do
        name=$(basename "$f" .md | tr -c "a-z0-9_\n" _)
        fresh_db "docs_$name" bch
        if python3 tests/docs/doctest.py --dbname "docs_$name" "$f" >"$WORK/docs-$name.log" 2>&1; then
            ok "docs $f" "$(tail -1 "$WORK/docs-$name.log")"
        else
            cat "$WORK/docs-$name.log"
            fail "docs $f"
        fi
    done
}

run_bi() {
    setup with-bi-client
    cluster
    say "bi: a BI client over JDBC (Metabase's driver), as the read-only role"
    fresh_db bi_check bch
    psql_q -d postgres -c "DO \$\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'bi_user') THEN CREATE ROLE bi_user LOGIN IN ROLE scorecard_reader; END IF; END \$\$"
    set +e
    java -cp /usr/share/java/postgresql.jar tests/bi/MetadataCheck.java \
        "jdbc:postgresql://127.0.0.1:$PGPORT/bi_check" bi_user >"$WORK/bi.log" 2>&1
    set -e
    grep '^FAILED' "$WORK/bi.log" | head -20 || true
    local line
    line=$(grep -E '^bi: [0-9]+ passed, [0-9]+ failed$' "$WORK/bi.log" || true)
    if [ -n "$line" ] && [ "$(awk '{print $4}' <<<"$line")" = 0 ]; then
        ok "BI client over JDBC" "$(awk '{print $2}' <<<"$line") checks"
    else
        tail -5 "$WORK/bi.log"
        fail "BI client over JDBC"
    fi
    # The scorecard as a picture, as the read-only role draws it: a PNG of
    # the card's size that rsvg-convert renders from scorecard_svg.
    psql -X -q -At -v ON_ERROR_STOP=1 -U bi_user -d bi_check \
        -c "SELECT scorecard.scorecard_svg('2016-06-01')" >"$WORK/card.svg" 2>"$WORK/card.log" || true
    if rsvg-convert -o "$WORK/card.png" "$WORK/card.svg" 2>>"$WORK/card.log" \
        && python3 - "$WORK/card.png" <<'PY' >>"$WORK/card.log" 2>&1
import struct, sys
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
width, height = struct.unpack(">II", data[16:24])
assert (width, height) == (1000, 860), (width, height)
print(f"{width}x{height}, {len(data)} bytes")
PY
    then
        ok "scorecard_svg renders (rsvg-convert)" "$(tail -1 "$WORK/card.log")"
    else
        cat "$WORK/card.log"
        fail "scorecard_svg renders (rsvg-convert)"
    fi
    # The picture the README shows is the one the sample draws today.
    if cmp -s "$WORK/card.svg" docs/scorecard-2016-06.svg; then
        ok "docs/scorecard-2016-06.svg is what scorecard_svg draws"
    else
        diff "$WORK/card.svg" docs/scorecard-2016-06.svg | head -5 || true
        fail "docs/scorecard-2016-06.svg is what scorecard_svg draws" "regenerate it: psql -Atc \"SELECT scorecard.scorecard_svg('2016-06-01')\" > docs/scorecard-2016-06.svg"
    fi
}

# The "Director's scorecard" Superset bundle (bi/superset), in the Superset
# the issue names, installed from PyPI into a virtualenv kept between runs
# (its requirements' hash in the name): the bundle is what the catalogue
# gives, it imports with Superset's own CLI, every chart's data read
# through the REST API equals psql's answer, and headless Chromium draws
# the dashboard (the screenshot: /tmp/pg_scorecard-superset.png).
SUPERSET_SCREENSHOT=/tmp/pg_scorecard-superset.png
run_superset() {
    setup with-superset
    cluster
    local venv
    venv=/var/cache/pg_scorecard/superset-$(sha256sum bi/superset/requirements.txt | cut -c1-12)
    say "superset: the shipped dashboard in Superset 6.1.0 (virtualenv $venv)"
    # A virtualenv cannot be moved (its scripts name its path): built in
    # place, and used only once marked complete.
    if [ ! -f "$venv/.complete" ]; then
        as_root rm -rf "$venv"
        as_root mkdir -p "$(dirname "$venv")"
        python3 -m venv "$venv" && "$venv/bin/pip" install -q -r bi/superset/requirements.txt \
            >"$WORK/superset-pip.log" 2>&1 && touch "$venv/.complete" \
            || { tail -20 "$WORK/superset-pip.log"; fail "superset installs from PyPI"; return 0; }
    fi
    fresh_db superset_check bch
    local secret login_password admin_password
    secret=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
    login_password=$(head -c 12 /dev/urandom | base64 | tr -d '/+=')
    admin_password=$(head -c 12 /dev/urandom | base64 | tr -d '/+=')
    psql_q -d postgres -c "DO \$\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'superset_login') THEN CREATE ROLE superset_login LOGIN IN ROLE scorecard_reader; END IF; END \$\$" \
        -c "ALTER ROLE superset_login PASSWORD '$login_password'" \
        -c "ALTER DATABASE superset_check SET scorecard.today = '2016-06-30'"
    local home="$WORK/superset"
    mkdir -p "$home"
    cat >"$home/superset_config.py" <<PY
SECRET_KEY = "$secret"
SQLALCHEMY_DATABASE_URI = "sqlite:///$home/superset.db"
PY
    local port pid status
    port=$(free_port 18088)
    (
        export SUPERSET_CONFIG_PATH="$home/superset_config.py" SUPERSET_HOME="$home" FLASK_APP=superset PATH="$venv/bin:$PATH"
        set -e
        superset db upgrade
        superset fab create-admin --username admin --firstname Test --lastname Admin \
            --email admin@example.invalid --password "$admin_password"
        superset init
    ) >"$home/setup.log" 2>&1 || { tail -20 "$home/setup.log"; fail "superset metadata database"; return 0; }
    if "$venv/bin/python" bi/superset/bundle.py check --dbname superset_check >"$home/bundle.log" 2>&1; then
        ok "superset bundle is what the catalogue gives" "$(tail -1 "$home/bundle.log")"
    else
        cat "$home/bundle.log"; fail "superset bundle is what the catalogue gives"
    fi
    if SUPERSET_CONFIG_PATH="$home/superset_config.py" SUPERSET_HOME="$home" FLASK_APP=superset PATH="$venv/bin:$PATH" \
        bash bi/superset/import.sh "postgresql+psycopg2://superset_login:$login_password@127.0.0.1:$PGPORT/superset_check" admin \
        >"$home/import.log" 2>&1; then
        ok "superset imports the bundle (superset import-dashboards)"
    else
        tail -20 "$home/import.log"; fail "superset imports the bundle (superset import-dashboards)"; return 0
    fi
    SUPERSET_CONFIG_PATH="$home/superset_config.py" SUPERSET_HOME="$home" FLASK_APP=superset \
        "$venv/bin/superset" run -h 127.0.0.1 -p "$port" --with-threads >"$home/server.log" 2>&1 &
    pid=$!
    for _ in $(seq 120); do
        curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
        sleep 1
    done
    set +e
    PGUSER=postgres "$venv/bin/python" tests/superset/check.py --url "http://127.0.0.1:$port" --user admin \
        --password "$admin_password" --dbname superset_check --login superset_login \
        --screenshot "$SUPERSET_SCREENSHOT" >"$home/check.log" 2>&1
    status=$?
    set -e
    kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true
    count_log "$home/check.log" "$status" || tail -30 "$home/server.log"
}

# The other supported versions, each in a run of its own (its own build,
# cluster and PostgreSQL from PyPI): every regress suite, which includes
# the sample and its June 2016 scorecard. PG_SCORECARD_VERSIONS="16" picks.
# They build the dev profile unless PG_SCORECARD_PROFILE says otherwise
# (the same code; a cold release build with LTO takes minutes more each).
run_versions() {
    local v log status
    for v in ${PG_SCORECARD_VERSIONS:-16 18}; do
        say "versions: PostgreSQL $v (a run of its own: bash scripts/test.sh --pg $v)"
        log="$WORK/pg$v.log"
        set +e
        env -u PGHOST -u PGPORT -u PGUSER PG_SCORECARD_PG="$v" PG_SCORECARD_PROFILE="${PG_SCORECARD_PROFILE:-dev}" \
            bash "$REPO_ROOT/scripts/test.sh" regress >"$log" 2>&1
        status=$?
        set -e
        count_log "$log" "$status" "pg$v " || { grep -B2 -A30 '^diff ' "$log" | head -80 || true; }
    done
}

run_upgrade() {
    cluster
    say "upgrade: every released version to this one, nothing lost"
    set +e
    bash tests/upgrade/run.sh "$WORK/upgrade" >"$WORK/upgrade.log" 2>&1
    local status=$?
    set -e
    count_log "$WORK/upgrade.log" "$status" || tail -60 "$WORK/upgrade.log"
}

# Citus 13.2.2 (PostgreSQL 15): its own three clusters, started by the
# layer (it builds and installs Citus first when it is absent).
run_citus() {
    installed
    workdir
    say "citus: a coordinator and two workers, every aggregate distributed"
    set +e
    env -u PGHOST -u PGPORT -u PGUSER bash tests/citus/run.sh "$WORK/citus" >"$WORK/citus.log" 2>&1
    local status=$?
    set -e
    count_log "$WORK/citus.log" "$status" || tail -60 "$WORK/citus.log"
}

# ---------------------------------------------------------------- main
# Arguments are targets; names after `regress` or `accept` are its suites.
workdir
[ $# -eq 0 ] && set -- all
[ "$1" = bench ] && { shift; exec bash scripts/bench.sh "$@"; }
plan=()
declare -A names=()
for arg in "$@"; do
    case "$arg" in
        all) plan+=("${ALL_TARGETS[@]}") ;;
        lint | core | pgtest | regress | accept | isolation | dump | scale | docs | bi | superset | upgrade | citus | versions) plan+=("$arg") ;;
        *)
            last=${plan[-1]:-}
            if [ "$last" = regress ] || [ "$last" = accept ] || [ "$last" = isolation ]; then
                names[$last]+="${arg%.sql} "
            else
                echo "unknown target: $arg (see the top of scripts/test.sh)" >&2; exit 2
            fi
            ;;
    esac
done
for t in "${plan[@]}"; do
    # shellcheck disable=SC2086
    case "$t" in
        regress) run_regress ${names[regress]:-} ;;
        accept) run_accept ${names[accept]:-} ;;
        isolation) run_isolation ${names[isolation]:-} ;;
        *) "run_$t" ;;
    esac
done

echo
echo "total: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
