-- template: bch
-- scorecard_svg draws well-formed XML, also with text from the tables
-- that looks like markup. Needs a server built with libxml (Debian's is);
-- svg_xml_1.out is the answer of one built without (as the PostgreSQL 16
-- from PyPI is), the way PostgreSQL's own xml suite has xml_1.out.
SELECT xml_is_well_formed_document(scorecard.scorecard_svg('2016-06-01')) AS well_formed;
SELECT xml_is_well_formed_document(scorecard.scorecard_svg('2016-06-06', 'week')) AS week_well_formed;
BEGIN;
UPDATE scorecard.measure SET name = 'Grievances <resolved> & "closed"' WHERE name LIKE 'Grievances resolved%';
UPDATE scorecard.discipline SET name = 'Customer & <Community>' WHERE name = 'Customer';
SELECT xml_is_well_formed_document(scorecard.scorecard_svg('2016-06-01')) AS well_formed_with_markup_in_names;
ROLLBACK;
