-- 0005: a bulk write indexes its reports in one statement at its end.
--
-- Publishing one report through the trigger costs FTS5 a DELETE and an INSERT per report;
-- in an import of thousands of reports in one transaction that was twice the CPU time of
-- indexing them all at once afterwards (2,000 reports: 7.1 s against 3.6 s of CPU).  The
-- program's bulk writers (import, demo) switch the trigger off on their own connection with
-- poaiss_bulk() (a function registered on every connection; 1 while such a writer runs),
-- then index what they wrote before they commit (store/search_index.c).  Every other
-- publication still updates the index in its own transaction.

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
END;
