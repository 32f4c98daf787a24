/*
 * search_index: rebuilding the full-text index (search_answer, migration 0003) and the
 * answers by value (answer_value, migration 0018) from the published versions.  The index
 * never needs it in normal work: the trigger on report_version keeps both current inside each
 * publishing transaction.  `poaiss reindex` uses it after a change of tokenizer, and the search
 * benchmark to time an index build; the bulk writers (import, demo) index what they added.
 */
#include "store/internal.h"

/* The rows the trigger writes (migrations 0004, 0005), for the latest version of every
   published report with an id above ?1 (0: all of them; else what a bulk write added). */
static const char FILL_FROM[] =
    "INSERT INTO search_answer(rowid, text, question, report_id, version, lang) "
    "SELECT v.report_id * 65536 + q.n, group_concat(t.atom, ' '), j.key, v.report_id, v.version, r.language "
    "FROM report_version AS v JOIN report AS r ON r.id = v.report_id AND r.version = v.version, "
    "     json_each(v.answers) AS j JOIN search_question AS q ON q.question = j.key, "
    "     json_tree(CASE WHEN j.type IN ('object', 'array') THEN j.value ELSE json_quote(j.value) END) AS t "
    "WHERE v.report_id > ?1 AND t.type IN ('text', 'integer', 'real') AND coalesce(t.key, '') <> 'sha256' "
    "GROUP BY v.report_id, j.key";
/* The answers by value (migration 0018): '' for each indexed answer, then each value. */
static const char MARK_FROM[] =
    "INSERT OR IGNORE INTO answer_value(question_n, value, report_id) "
    "SELECT rowid & 65535, '', rowid >> 16 FROM search_answer WHERE rowid >= (?1 + 1) * 65536";
static const char VALUES_FROM[] =
    "INSERT OR IGNORE INTO answer_value(question_n, value, report_id) "
    "SELECT q.n, e.value, v.report_id "
    "FROM report_version AS v JOIN report AS r ON r.id = v.report_id AND r.version = v.version, "
    "     json_each(v.answers) AS j JOIN search_question AS q ON q.question = j.key, "
    "     json_each(CASE j.type WHEN 'text' THEN json_array(j.value) "
    "               WHEN 'object' THEN json_insert(coalesce(j.value -> '$.selected', '[]'), '$[#]', "
    "                                              iif(json_type(j.value, '$.other') = 'text', 'other', NULL)) "
    "               ELSE '[]' END) AS e "
    "WHERE v.report_id > ?1 AND e.type = 'text' AND e.value <> '' AND length(e.value) <= 100";
static const char NUMBER_FROM[] =
    "INSERT OR IGNORE INTO search_question(question) "
    "SELECT DISTINCT j.key FROM report_version AS v, json_each(v.answers) AS j WHERE v.report_id > ?1 ORDER BY j.key";

long long store_bulk_begin(struct store *s)
{
    static const char LAST[] = "SELECT coalesce(max(id), 0) FROM report";
    struct store_conn *c = store_writer(s);
    sqlite3_stmt *st = store_stmt(c, LAST);
    if (!st) return -1;
    long long last = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    store_done(st);
    if (last >= 0) c->bulk = 1;
    /* FTS5 writes its in-memory terms out as a new segment each time they pass hashsize (1 MB by
       default), and merges the segments as they pile up: for an import of 10,000 reports, hundreds
       of segments merged over and over.  With room for the whole write, it is one segment. */
    if (last >= 0 && sqlite3_exec(c->db, "INSERT INTO search_answer(search_answer, rank) VALUES ('hashsize', 536870912)",
                                  NULL, NULL, NULL) != SQLITE_OK)
        store_log_error(c->db, __func__);
    return last;
}

int store_bulk_end(struct store *s, long long last_before)
{
    static const char HASHSIZE[] = "INSERT INTO search_answer(search_answer, rank) VALUES ('hashsize', 1048576)";
    struct store_conn *c = store_writer(s);
    c->bulk = 0;
    const char *steps[] = { NUMBER_FROM, FILL_FROM, HASHSIZE, MARK_FROM, VALUES_FROM };
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        sqlite3_stmt *st = store_stmt(c, steps[i]);
        if (!st) return -1;
        if (sqlite3_bind_parameter_count(st) > 0) sqlite3_bind_int64(st, 1, last_before);
        int rc = sqlite3_step(st);
        store_done(st);
        if (rc != SQLITE_DONE) { store_log_error(c->db, __func__); return -1; }
    }
    return 0;
}

void store_bulk_abort(struct store *s)
{
    s->writer.bulk = 0;
}

int store_search_rebuild(struct store *s, long long *rows)
{
    static const char CLEAR[] = "DELETE FROM search_answer";
    static const char CLEAR_VALUES[] = "DELETE FROM answer_value";
    static const char OPTIMIZE[] = "INSERT INTO search_answer(search_answer) VALUES ('optimize')";
    struct store_conn *c = store_writer(s);
    const char *steps[] = { NUMBER_FROM, CLEAR, CLEAR_VALUES, FILL_FROM, MARK_FROM, VALUES_FROM, OPTIMIZE };
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        sqlite3_stmt *st = store_stmt(c, steps[i]);
        if (!st) return -1;
        if (sqlite3_bind_parameter_count(st) > 0) sqlite3_bind_int64(st, 1, 0);
        int rc = sqlite3_step(st);
        if (rc != SQLITE_DONE) { store_log_error(c->db, __func__); store_done(st); return -1; }
        if (steps[i] == FILL_FROM && rows) *rows = sqlite3_changes64(c->db);
        store_done(st);
    }
    return 0;
}
