#!/usr/bin/env python3
"""Print the definitions of functions, views or triggers of schema scorecard
as a file under sql/ has them (each with its COMMENT), to paste into an
upgrade script:

    python3 scripts/sql_definition.py sql/revenue/tables.sql claim_check settle_claims

The upgrade test (bash scripts/test.sh upgrade) then says whether the
script's result equals a fresh install."""
import re
import sys

path = sys.argv[1]
s = open(path).read()
for name in sys.argv[2:]:
    m=re.search(r'^CREATE OR REPLACE (FUNCTION|VIEW|TRIGGER) scorecard\.'+re.escape(name)+r'\b', s, re.M)
    if not m:
        m=re.search(r'^CREATE OR REPLACE TRIGGER '+re.escape(name)+r'\b', s, re.M)
    start=m.start()
    c=re.search(r'^COMMENT ON (FUNCTION|VIEW) scorecard\.'+re.escape(name)+r'\b.*?\';\n', s[start:], re.M|re.S)
    if c and m.group(1)!='TRIGGER':
        end=start+c.end()
    else:
        end=start+s[start:].index(';\n')+2
    print(s[start:end].rstrip()+'\n')
