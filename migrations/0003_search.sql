-- 0003: full-text search over published reports.
--
-- search_answer holds one row per answered question of each report's LATEST published
-- version, never of a draft: rows come only from report_version (insert-only, see 0002),
-- through the trigger below, inside the publishing transaction, so the index follows
-- each publication atomically and needs no rebuild step.
--
-- text is the answer flattened: every string and number leaf of its JSON (option ids,
-- "other" texts, table cells, group and contact members), in document order, joined by
-- spaces.  Booleans and file hashes are left out.  The question text is not indexed: the
-- caller knows the template.
--
-- (json_tree gets each top-level value as JSON: json_each hands strings over unquoted.)
-- rowid = report_id * 65536 + n (n = 1.. in question order), so that replacing a report's
-- rows is a rowid range delete, which FTS5 does without scanning the table.
--
-- The 'poaiss' tokenizer (src/store/fts.c: unicode61 remove_diacritics 2 + Snowball stems
-- as colocated tokens) is registered on every connection the program opens.  A plain
-- sqlite3 shell cannot read this table, nor publish a version (the trigger writes here).

CREATE VIRTUAL TABLE search_answer USING fts5(
  text,
  question UNINDEXED,
  report_id UNINDEXED,
  version UNINDEXED,
  lang UNINDEXED,
  tokenize = 'poaiss'
);

CREATE TRIGGER report_version_search AFTER INSERT ON report_version
WHEN NEW.version >= (SELECT max(version) FROM report_version WHERE report_id = NEW.report_id)
BEGIN
  DELETE FROM search_answer WHERE rowid BETWEEN NEW.report_id * 65536 AND NEW.report_id * 65536 + 65535;
  INSERT INTO search_answer(rowid, text, question, report_id, version, lang)
    SELECT NEW.report_id * 65536 + row_number() OVER (ORDER BY j.key),
           group_concat(t.atom, ' '), j.key, NEW.report_id, NEW.version,
           (SELECT language FROM report WHERE id = NEW.report_id)
    FROM json_each(NEW.answers) AS j,
         json_tree(CASE WHEN j.type IN ('object', 'array') THEN j.value ELSE json_quote(j.value) END) AS t
    WHERE t.type IN ('text', 'integer', 'real') AND coalesce(t.key, '') <> 'sha256'
    GROUP BY j.key;
END;

-- Backfill: the latest version of every report published before this migration.
INSERT INTO search_answer(rowid, text, question, report_id, version, lang)
  SELECT v.report_id * 65536 + row_number() OVER (PARTITION BY v.report_id ORDER BY j.key),
         group_concat(t.atom, ' '), j.key, v.report_id, v.version, r.language
  FROM report_version AS v JOIN report AS r ON r.id = v.report_id,
       json_each(v.answers) AS j,
       json_tree(CASE WHEN j.type IN ('object', 'array') THEN j.value ELSE json_quote(j.value) END) AS t
  WHERE v.version = (SELECT max(version) FROM report_version WHERE report_id = v.report_id)
    AND t.type IN ('text', 'integer', 'real') AND coalesce(t.key, '') <> 'sha256'
  GROUP BY v.report_id, j.key;
