-- 0004: search_answer rowids name the question.
--
-- rowid = report_id * 65536 + n, where n is the question's number in search_question
-- (1..65535, given once per question id and never reused), instead of the answer's place
-- in its report.  A search can then count matches by report, cycle, region and question
-- from the rowids alone: reading the question column reads the FTS5 content row, a B-tree
-- lookup per match (0.7 s for the 116,000 answers that match "marking" at 40,000 reports).

CREATE TABLE search_question (
  n        INTEGER PRIMARY KEY CHECK (n BETWEEN 1 AND 65535),
  question TEXT NOT NULL UNIQUE
);

DROP TRIGGER report_version_search;
CREATE TRIGGER report_version_search AFTER INSERT ON report_version
WHEN NEW.version >= (SELECT max(version) FROM report_version WHERE report_id = NEW.report_id)
BEGIN
  INSERT OR IGNORE INTO search_question(question) SELECT key FROM json_each(NEW.answers);
  DELETE FROM search_answer WHERE rowid BETWEEN NEW.report_id * 65536 AND NEW.report_id * 65536 + 65535;
  INSERT INTO search_answer(rowid, text, question, report_id, version, lang)
    SELECT NEW.report_id * 65536 + q.n,
           group_concat(t.atom, ' '), j.key, NEW.report_id, NEW.version,
           (SELECT language FROM report WHERE id = NEW.report_id)
    FROM json_each(NEW.answers) AS j
         JOIN search_question AS q ON q.question = j.key,
         json_tree(CASE WHEN j.type IN ('object', 'array') THEN j.value ELSE json_quote(j.value) END) AS t
    WHERE t.type IN ('text', 'integer', 'real') AND coalesce(t.key, '') <> 'sha256'
    GROUP BY j.key;
END;

-- Renumber what is indexed: the latest version of every published report.
INSERT OR IGNORE INTO search_question(question)
  SELECT DISTINCT j.key FROM report_version AS v, json_each(v.answers) AS j ORDER BY j.key;
DELETE FROM search_answer;
INSERT INTO search_answer(rowid, text, question, report_id, version, lang)
  SELECT v.report_id * 65536 + q.n,
         group_concat(t.atom, ' '), j.key, v.report_id, v.version, r.language
  FROM report_version AS v JOIN report AS r ON r.id = v.report_id AND r.version = v.version,
       json_each(v.answers) AS j
       JOIN search_question AS q ON q.question = j.key,
       json_tree(CASE WHEN j.type IN ('object', 'array') THEN j.value ELSE json_quote(j.value) END) AS t
  WHERE t.type IN ('text', 'integer', 'real') AND coalesce(t.key, '') <> 'sha256'
  GROUP BY v.report_id, j.key;
