-- 0018: the published answers by question and value, for browsing one question's answers.
--
-- Browsing the answers to a question without text (/search?question=coord.nap&answer=no) used
-- to scan the whole full-text index (2.3 million rows at 40,000 reports: 12.8 s) and read each
-- candidate's JSON for its value.  answer_value holds, for the latest published version of each
-- report, one row per answered question with value '' (the answer has text: search_answer has
-- its row), and one per value of the answer: a string answer (yes, no, developing, a single
-- choice), each selected option of a multiple choice, and 'other' when it gives an other text.
-- Values longer than 100 characters (free text, never a value a filter can ask for) are left
-- out.  question_n is the question's number in search_question (migration 0004).
--
-- It is kept with search_answer: by the trigger inside each publishing transaction, and by the
-- bulk writers and `poaiss reindex` (src/store/search_index.c) in one statement.

CREATE TABLE answer_value (
  question_n INTEGER NOT NULL,
  value      TEXT NOT NULL,
  report_id  INTEGER NOT NULL,
  PRIMARY KEY (question_n, value, report_id)
) WITHOUT ROWID;
CREATE INDEX answer_value_report ON answer_value(report_id);

DROP TRIGGER report_version_search;
CREATE TRIGGER report_version_search AFTER INSERT ON report_version
WHEN NOT poaiss_bulk() AND NEW.version >= (SELECT max(version) FROM report_version WHERE report_id = NEW.report_id)
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
  DELETE FROM answer_value WHERE report_id = NEW.report_id;
  INSERT OR IGNORE INTO answer_value(question_n, value, report_id)
    SELECT rowid & 65535, '', NEW.report_id FROM search_answer
    WHERE rowid BETWEEN NEW.report_id * 65536 AND NEW.report_id * 65536 + 65535;
  INSERT OR IGNORE INTO answer_value(question_n, value, report_id)
    SELECT q.n, e.value, NEW.report_id
    FROM json_each(NEW.answers) AS j
         JOIN search_question AS q ON q.question = j.key,
         json_each(CASE j.type WHEN 'text' THEN json_array(j.value)
                   WHEN 'object' THEN json_insert(coalesce(j.value -> '$.selected', '[]'), '$[#]',
                                                  iif(json_type(j.value, '$.other') = 'text', 'other', NULL))
                   ELSE '[]' END) AS e
    WHERE e.type = 'text' AND e.value <> '' AND length(e.value) <= 100;
END;

-- Backfill: what search_answer holds, the latest published version of every report.
INSERT OR IGNORE INTO answer_value(question_n, value, report_id)
  SELECT rowid & 65535, '', rowid >> 16 FROM search_answer;
INSERT OR IGNORE INTO answer_value(question_n, value, report_id)
  SELECT q.n, e.value, v.report_id
  FROM report_version AS v JOIN report AS r ON r.id = v.report_id AND r.version = v.version,
       json_each(v.answers) AS j
       JOIN search_question AS q ON q.question = j.key,
       json_each(CASE j.type WHEN 'text' THEN json_array(j.value)
                 WHEN 'object' THEN json_insert(coalesce(j.value -> '$.selected', '[]'), '$[#]',
                                                iif(json_type(j.value, '$.other') = 'text', 'other', NULL))
                 ELSE '[]' END) AS e
  WHERE e.type = 'text' AND e.value <> '' AND length(e.value) <= 100;
