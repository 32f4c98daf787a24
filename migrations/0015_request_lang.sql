-- 0015: the language a request's title and description are written in (a BCP 47 code such as
-- "en", "fr", "ar"), so that the pages mark them with a lang attribute.  A request read from a
-- report is in its report's language; one filed outside a report names its own (the form's or
-- the API's "lang").  NULL: not known (then the pages say nothing).
ALTER TABLE request ADD COLUMN lang TEXT CHECK (lang IS NULL OR (length(lang) BETWEEN 2 AND 3 AND lang NOT GLOB '*[^a-z]*'));
UPDATE request SET lang = (SELECT r.language FROM report r WHERE r.id = request.report_id) WHERE report_id IS NOT NULL;
-- A filed one: the first language its State said it works in (what filing without "lang" gives now).
UPDATE request SET lang = json_extract(languages, '$[0]')
  WHERE report_id IS NULL AND json_type(languages, '$[0]') = 'text' AND length(json_extract(languages, '$[0]')) BETWEEN 2 AND 3
    AND json_extract(languages, '$[0]') NOT GLOB '*[^a-z]*';

-- A request filed outside a report before this step had no cycle, so the board's Cycle facet
-- missed it: give it the latest cycle that had opened when it was filed (benchmark cycles,
-- 2100 and later, are never one).  Requests filed from now on get the cycle open for reporting
-- (domain/assistance.c).
UPDATE request SET cycle = (SELECT c.year FROM cycle c WHERE c.year < 2100 AND c.opens <= substr(request.created_at, 1, 10)
                            ORDER BY c.year DESC LIMIT 1)
  WHERE report_id IS NULL AND cycle IS NULL;
