#!/usr/bin/env bash
# Import the "Director's scorecard" into a Superset: the bundle
# (bi/superset/pg_scorecard_dashboard) with the database's connection
# string put in, zipped, through Superset's own CLI.
#
#   bash bi/superset/import.sh 'postgresql+psycopg2://LOGIN:PASSWORD@HOST:PORT/DB' [SUPERSET_USER]
#
# Run it where the `superset` command works (its virtualenv active,
# SUPERSET_CONFIG_PATH set). LOGIN should be a member of scorecard_reader;
# the database should have scorecard.today unset (today) or set to its
# close (ALTER DATABASE DB SET scorecard.today = '...').
set -euo pipefail
uri=${1:?usage: import.sh SQLALCHEMY_URI [SUPERSET_USER]}
user=${2:-admin}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$here/pg_scorecard_dashboard" "$work/"
python3 - "$work/pg_scorecard_dashboard/databases/pg_scorecard.yaml" "$uri" <<'PY'
import sys
path, uri = sys.argv[1], sys.argv[2]
text = open(path).read()
old = [l for l in text.splitlines() if l.startswith("sqlalchemy_uri: ")]
assert len(old) == 1, "no sqlalchemy_uri line in " + path
# A JSON string is a YAML string: quoting that any password survives.
import json
open(path, "w").write(text.replace(old[0], "sqlalchemy_uri: " + json.dumps(uri)))
PY
(cd "$work" && python3 -m zipfile -c pg_scorecard_dashboard.zip pg_scorecard_dashboard)
superset import-dashboards -p "$work/pg_scorecard_dashboard.zip" -u "$user"
