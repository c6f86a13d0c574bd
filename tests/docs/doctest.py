#!/usr/bin/env python3
"""Execute the SQL examples of a Markdown page and compare their output.

Every fenced block tagged ``sql`` runs, in page order, against one database
(state carries from block to block; each block is its own psql session).
A ``sql`` block followed directly by a block tagged ``output`` must print
exactly that (psql's aligned format, no row-count footer, trailing blanks
ignored); one without an ``output`` block must run without error. A block
tagged ``sql ignore`` is shown to the reader and not run (for statements
that need another setting, such as CREATE EXTENSION in a fresh database).
An ``output`` block may show an ERROR; then the error is what is expected.

    python3 tests/docs/doctest.py --dbname DB docs/finance.md [--accept]

--accept rewrites the page's output blocks with what the examples print
now (review the result with git diff). Connection settings come from the
usual PG* environment variables. Standard library only.
"""

import argparse
import re
import subprocess
import sys

FENCE = re.compile(r"^```(\S*)(?:[ \t]+(\S+))?[ \t]*$")
PSQL_PREFIX = re.compile(r"^psql:<stdin>:\d+: ")


def blocks(text):
    """(start line index, end line index, tag, option, body) of each fence."""
    lines = text.split("\n")
    out, i = [], 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if m and m.group(1):
            j = i + 1
            while j < len(lines) and lines[j].rstrip() != "```":
                j += 1
            if j == len(lines):
                raise SystemExit(f"line {i + 1}: fenced block never closed")
            out.append((i, j, m.group(1), m.group(2), "\n".join(lines[i + 1:j])))
            i = j + 1
        else:
            i += 1
    return out


def normalise(text):
    lines = [PSQL_PREFIX.sub("", l.rstrip()) for l in text.strip("\n").split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


def run_sql(dbname, sql, allow_error):
    script = "\\pset footer off\n\\pset null ''\n\\set SHOW_CONTEXT never\n" + sql + "\n"
    proc = subprocess.run(
        ["psql", "-X", "-q", "-d", dbname, "-v", "ON_ERROR_STOP=" + ("0" if allow_error else "1"), "-f", "-"],
        input=script, capture_output=True, text=True,
    )
    # Interleave as a reader of a terminal would see it: psql writes results
    # to stdout and errors to stderr; examples that show an error show only it.
    text = proc.stdout + (("\n" if proc.stdout and proc.stderr else "") + proc.stderr)
    return proc.returncode, normalise(text)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dbname", required=True)
    ap.add_argument("--accept", action="store_true")
    ap.add_argument("page")
    args = ap.parse_args()

    text = open(args.page, encoding="utf-8").read()
    found = blocks(text)
    lines = text.split("\n")
    replacements = []
    ran = compared = bad = 0
    for k, (start, end, tag, option, body) in enumerate(found):
        if tag != "sql" or option == "ignore":
            continue
        expected = None
        if k + 1 < len(found) and found[k + 1][2] == "output":
            nxt = found[k + 1]
            between = "\n".join(lines[end + 1:nxt[0]]).strip()
            if not between:
                expected = nxt
        allow_error = expected is not None and "ERROR:" in expected[4]
        status, got = run_sql(args.dbname, body, allow_error)
        ran += 1
        where = f"{args.page}:{start + 1}"
        if status != 0 and not allow_error:
            print(f"{where}: the example failed:\n{got}\n")
            bad += 1
            continue
        if expected is None:
            continue
        compared += 1
        want = normalise(expected[4])
        if got != want:
            if args.accept:
                replacements.append((expected[0], expected[1], got))
            else:
                bad += 1
                print(f"{where}: the output differs from the page.\n--- page\n{want}\n--- now\n{got}\n")
    if args.accept and replacements:
        for s, e, got in reversed(replacements):
            lines[s + 1:e] = got.split("\n")
        open(args.page, "w", encoding="utf-8").write("\n".join(lines))
        print(f"{args.page}: {len(replacements)} output blocks rewritten")
    print(f"{ran} examples run, {compared} outputs compared, {bad} failed")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
