-- 0015: the language a request's title and description are written in (a BCP 47 code such as
-- "en", "fr", "ar"), so that the pages mark them with a lang attribute.  A request read from a
-- report is in its report's language; one filed outside a report names its own (the form's or
-- the API's "lang").  NULL: not known (then the pages say nothing).
ALTER TABLE request ADD COLUMN lang TEXT CHECK (lang IS NULL OR (length(lang) BETWEEN 2 AND 3 AND lang NOT GLOB '*[^a-z]*'));
UPDATE request SET lang = (SELECT r.language FROM report r WHERE r.id = request.report_id) WHERE report_id IS NOT NULL;
