#!/usr/bin/env bash
# The main job: install what is missing, build and install pg_scorecard into
# the system PostgreSQL 15, start a throwaway cluster (owned by `postgres`,
# in /tmp/pg_scorecard-demo, on a free port; it never touches a cluster you
# already run), load the sample organisation (Betz County Health Department)
# with a year of its billing, its costs, and the stays and time studies its
# Finance measures are computed from, and print the Director's scorecard for the
# sample period, the Outpatient service line's scorecard, the A/R aging by
# payer and the revenue-cycle KPI line, and write the scorecard as an SVG
# picture (/tmp/pg_scorecard-2016-06.svg).
#
#   bash scripts/demo.sh          run it (again: it starts from scratch)
#   bash scripts/demo.sh stop     stop the throwaway cluster
#
# Needs root, or a user with sudo, for apt and for installing the extension.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DEMO_DIR=${PG_SCORECARD_DEMO_DIR:-/tmp/pg_scorecard-demo}
DB=scorecard_demo

if [ "${1:-}" = stop ]; then
    stop_cluster "$DEMO_DIR"
    echo "stopped the cluster in $DEMO_DIR"
    exit 0
fi

setup
build_and_install
start_cluster "$DEMO_DIR"

say "creating database $DB with the extension and the sample organisation"
psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "CREATE DATABASE $DB"
psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -c "CREATE EXTENSION pg_scorecard"
load_sample "$DB"
# The sample closes on 30 June 2016: its as-of-today views (A/R aging,
# claim errors, write-offs, late entries, unposted payments, self-pay
# delinquency) and the 72-hour reconciliation KPI are as of that day.
psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "ALTER DATABASE $DB SET scorecard.today = '2016-06-30'"

psql -X -v ON_ERROR_STOP=1 -d "$DB" -v period=2016-06-01 -v grain=month \
    -f "$REPO_ROOT/reports/director_scorecard.sql"
psql -X -v ON_ERROR_STOP=1 -d "$DB" -v period=2016-06-01 -v grain=month -v unit=Outpatient \
    -f "$REPO_ROOT/reports/director_scorecard.sql"
psql -X -v ON_ERROR_STOP=1 -d "$DB" -v as_of=2016-06-30 -v detail=off \
    -f "$REPO_ROOT/reports/ar_weekly.sql"
# The scorecard as a picture, beside the text.
CARD_SVG=${PG_SCORECARD_CARD_SVG:-${TMPDIR:-/tmp}/pg_scorecard-2016-06.svg}
psql -X -q -At -v ON_ERROR_STOP=1 -d "$DB" -c "SELECT scorecard.scorecard_svg('2016-06-01')" >"$CARD_SVG"

cat <<MSG

The scorecard as a picture (scorecard.scorecard_svg): $CARD_SVG
The cluster is still running, for you to explore (its database is as of
the sample's close: scorecard.today = 2016-06-30):
    psql -h $PGHOST -p $PGPORT -U postgres $DB
Stop it with:
    bash scripts/demo.sh stop
MSG
