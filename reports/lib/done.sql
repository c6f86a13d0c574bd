-- Shared by the reports in reports/ (included with \ir, last thing): the
-- caller's search_path back, as lib/format.sql found it.
SELECT pg_catalog.set_config('search_path', :'scorecard_report_saved_path', false) AS scorecard_report_path \gset
