-- Output settings shared by the reports in reports/ (included with \ir).
\set QUIET on
\pset footer off
\pset null '-'
