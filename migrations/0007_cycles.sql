-- 0007: cycles that follow the calendar.
--
-- A cycle's status (planned, open, deadline passed, closed) follows from today's date, its
-- opening date, its report deadline and its meeting's dates (domain/cycle.c): it is no
-- longer stored, so it can never disagree with the calendar.
--
-- template_year: a cycle the Secretariat opens without a template file of its own answers
-- the template of an earlier cycle (the one it was copied from); NULL when the cycle has its
-- own file in data/templates/.
--
-- Cycles 2028 and 2030 were placeholders of the reference data with guessed dates and no
-- reports: they are dropped, and the Secretariat opens them when their meeting is fixed.
ALTER TABLE cycle DROP COLUMN status;
ALTER TABLE cycle ADD COLUMN template_year INTEGER REFERENCES cycle(year);
DELETE FROM cycle WHERE year IN (2028, 2030) AND year NOT IN (SELECT cycle FROM report);
