#!/usr/bin/env bash
# The upgrade test: every release listed in RELEASES, built from its commit,
# updated to this checkout's version with ALTER EXTENSION ... UPDATE.
#
#   bash tests/upgrade/run.sh WORKDIR      (scripts/test.sh upgrade calls it)
#
# Needs a running throwaway cluster (PGHOST, PGPORT; scripts/test.sh starts
# one) and leaves this checkout's build installed. Prints one line per check
# ("name ... ok" / "name ... FAILED"):
#   1. no released upgrade script has changed since its release;
#   2. per release R: R installs and takes the sample and tests/upgrade/user_rows.sql;
#      ALTER EXTENSION UPDATE succeeds; the catalogue then equals a fresh
#      install's (tests/upgrade/catalog.sql, diffed); every table keeps every
#      row (same columns, same values); every view gives the same answer,
#      except those tests/upgrade/changed_results lists with a reason.
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib.sh"
cd "$REPO_ROOT"

WORKDIR=${1:?usage: tests/upgrade/run.sh WORKDIR}
mkdir -p "$WORKDIR"
: "${PGPORT:?start a cluster first (bash scripts/test.sh upgrade does)}"
CURRENT=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
status=0
ok() { echo "$1 ... ok${2:+ ($2)}"; }
fail() { echo "$1 ... FAILED${2:+ ($2)}"; status=1; }
psql_q() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }

releases() { grep -v '^\s*\(#\|$\)' RELEASES; }

# ---------------------------------------------------------------- 1
frozen_ok=1
# A shallow clone lacks the releases' commits: fetch the history first.
if [ "$(git rev-parse --is-shallow-repository 2>/dev/null)" = true ]; then
    git fetch --quiet --unshallow 2>/dev/null || true
fi
while read -r version commit _; do
    if ! git cat-file -e "$commit^{commit}" 2>/dev/null; then
        git fetch --quiet origin "$commit" 2>/dev/null || true
    fi
    if ! git cat-file -e "$commit^{commit}" 2>/dev/null; then
        fail "release $version: commit $commit" "not in this clone; fetch the full history"
        frozen_ok=0
        continue
    fi
    while read -r path; do
        if ! git show "$commit:$path" | cmp -s - "$path"; then
            fail "released upgrade script $path" "changed since $version ($commit); add a new script instead"
            frozen_ok=0
        fi
    done < <(git ls-tree -r --name-only "$commit" -- sql | grep -E '/pg_scorecard--[^/]+--[^/]+\.sql$' || true)
done < <(releases)
[ "$frozen_ok" = 1 ] && ok "released upgrade scripts unchanged"

# ---------------------------------------------------------------- 2
# A script hashing every table and view of the extension, with the columns
# they have now; run before and after the update, it must print the same.
make_hash_script() {
    psql -X -At -v ON_ERROR_STOP=1 -d "$1" -f tests/lib/relation_hashes.sql
}

# The sample files of a source tree (their path moved after 0.1.0).
sample_files() {
    local dir=$1
    if [ -d "$dir/samples/bch" ]; then
        printf '%s\n' "$dir/samples/bch/scorecard.sql" "$dir/samples/bch/billing.sql" "$dir/samples/bch/costs.sql" "$dir/samples/bch/finance_data.sql"
    else
        printf '%s\n' "$dir/sql/sample/bch.sql" "$dir/sql/sample/bch_billing.sql" "$dir/sql/sample/bch_costs.sql" "$dir/sql/sample/bch_finance_data.sql"
    fi
}

fresh_catalog() {
    psql_q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS upgrade_fresh" -c "CREATE DATABASE upgrade_fresh"
    psql_q -d upgrade_fresh -c "CREATE EXTENSION pg_scorecard"
    psql -X -At -v ON_ERROR_STOP=1 -d upgrade_fresh -f tests/upgrade/catalog.sql >"$WORKDIR/catalog-fresh.txt"
}

while read -r version commit _; do
    [ "$version" = "$CURRENT" ] && continue
    git cat-file -e "$commit^{commit}" 2>/dev/null || continue
    name="upgrade $version -> $CURRENT"
    db="upgrade_${version//./_}"
    src="$WORKDIR/src-$version"

    # The release, built from its commit (dev profile: the SQL is what is
    # tested; its target directory is kept between runs).
    rm -rf "$src" && mkdir -p "$src"
    git archive "$commit" | tar -x -C "$src"
    say "$name: building $version from $commit"
    if ! (cd "$src" && as_root env "PATH=$PATH" "HOME=$HOME" ${PGRX_HOME:+"PGRX_HOME=$PGRX_HOME"} "CARGO_TARGET_DIR=$REPO_ROOT/target/releases/$version" \
            cargo pgrx install --pg-config "$PG_CONFIG") >"$WORKDIR/build-$version.log" 2>&1; then
        tail -30 "$WORKDIR/build-$version.log"
        fail "$name: build $version"
        continue
    fi

    psql_q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
    psql_q -d "$db" -c "CREATE EXTENSION pg_scorecard VERSION '$version'"
    loaded=1
    while read -r f; do psql_q -d "$db" -f "$f" >/dev/null || loaded=0; done < <(sample_files "$src")
    psql_q -d "$db" -f tests/upgrade/user_rows.sql >/dev/null || loaded=0
    if [ "$loaded" = 1 ]; then ok "$name: $version takes the sample and the user's rows"; else
        fail "$name: $version takes the sample and the user's rows"; continue; fi

    make_hash_script "$db" >"$WORKDIR/hash-$version.sql"
    psql -X -At -v ON_ERROR_STOP=1 -d "$db" -f "$WORKDIR/hash-$version.sql" >"$WORKDIR/before-$version.txt"

    # This checkout's build, then the update.
    build_and_install >"$WORKDIR/build-current.log" 2>&1 || { tail -30 "$WORKDIR/build-current.log"; fail "$name: build $CURRENT"; continue; }
    # A DBA installs the new library first and runs ALTER EXTENSION UPDATE
    # later: until then the old catalogue's C functions must still load
    # from it (PostgreSQL's own validator resolves each symbol).
    missing=$(psql -X -At -q -v ON_ERROR_STOP=1 -d "$db" <<'SQL'
CREATE FUNCTION pg_temp.loads(f oid) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_catalog.fmgr_c_validator(f);
    RETURN true;
EXCEPTION WHEN undefined_function OR undefined_file THEN
    RETURN false;
END $$;
SELECT string_agg(p.oid::regprocedure::text || ' (' || p.prosrc || ')', ', ' ORDER BY p.prosrc)
  FROM pg_proc p
  JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
  JOIN pg_extension e ON d.refclassid = 'pg_extension'::regclass AND d.refobjid = e.oid AND e.extname = 'pg_scorecard'
 WHERE p.prolang = (SELECT oid FROM pg_language WHERE lanname = 'c')
   AND NOT pg_temp.loads(p.oid);
SQL
) || missing="the check did not run"
    if [ -z "$missing" ]; then ok "$name: the new library serves $version's C functions before the update"; else
        fail "$name: the new library serves $version's C functions before the update" "missing: $missing"; fi
    if psql_q -d "$db" -c "ALTER EXTENSION pg_scorecard UPDATE TO '$CURRENT'" 2>"$WORKDIR/update-$version.err"; then
        ok "$name: ALTER EXTENSION UPDATE"
    else
        cat "$WORKDIR/update-$version.err"; fail "$name: ALTER EXTENSION UPDATE"; continue
    fi

    fresh_catalog
    psql -X -At -v ON_ERROR_STOP=1 -d "$db" -f tests/upgrade/catalog.sql >"$WORKDIR/catalog-$version.txt"
    if diff -u "$WORKDIR/catalog-fresh.txt" "$WORKDIR/catalog-$version.txt" >"$WORKDIR/catalog-$version.diff"; then
        ok "$name: catalogue equals a fresh install" "$(wc -l <"$WORKDIR/catalog-fresh.txt") facts"
    else
        head -60 "$WORKDIR/catalog-$version.diff"
        fail "$name: catalogue equals a fresh install" "diff in $WORKDIR/catalog-$version.diff"
    fi

    if ! psql -X -At -v ON_ERROR_STOP=1 -d "$db" -f "$WORKDIR/hash-$version.sql" >"$WORKDIR/after-$version.txt" 2>"$WORKDIR/after-$version.err"; then
        cat "$WORKDIR/after-$version.err"
        fail "$name: every table and view still reads with its $version columns"
        continue
    fi
    # Tables: every row kept, always. Views: the same answer unless listed.
    lost=$(diff <(grep '^table ' "$WORKDIR/before-$version.txt") <(grep '^table ' "$WORKDIR/after-$version.txt") | grep '^[<>]' || true)
    tables=$(grep -c '^table ' "$WORKDIR/before-$version.txt")
    rows=$(grep '^table ' "$WORKDIR/before-$version.txt" | sed 's/.* rows=\([0-9]*\) .*/\1/' | awk '{s+=$1} END {print s}')
    if [ -z "$lost" ]; then ok "$name: every row of every table kept" "$tables tables, $rows rows"; else
        echo "$lost"; fail "$name: every row of every table kept"; fi
    changed=$(diff <(grep '^view ' "$WORKDIR/before-$version.txt") <(grep '^view ' "$WORKDIR/after-$version.txt") \
        | sed -n 's/^> view \([^ ]*\) .*/\1/p' || true)
    unexpected=""
    for v in $changed; do
        grep -Eq "^$v[[:space:]]+[^[:space:]]" tests/upgrade/changed_results 2>/dev/null || unexpected+="$v "
    done
    views=$(grep -c '^view ' "$WORKDIR/before-$version.txt")
    if [ -z "$unexpected" ]; then
        ok "$name: every view gives the same answer" "$views views; $(wc -w <<<"$changed") changed as tests/upgrade/changed_results says"
    else
        fail "$name: every view gives the same answer" "changed and not in tests/upgrade/changed_results: $unexpected"
    fi
done < <(releases)

# Leave this checkout's build installed whatever happened above.
build_and_install >"$WORKDIR/build-current.log" 2>&1 || { tail -30 "$WORKDIR/build-current.log"; fail "reinstall $CURRENT"; }
exit $status
