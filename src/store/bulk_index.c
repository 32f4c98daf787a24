/*
 * bulk_index: the rows of the search index (search_answer, search_question, answer_value)
 * written one by one by an import, which computes them from the answers it has already parsed
 * (domain/bulk_index.c) instead of having SQLite parse every report's JSON again after the
 * write (store_bulk_end in search_index.c, 2.5 s of CPU for 10,000 reports).  What the rows
 * hold is the trigger's rule (migrations 0004, 0005, 0018); the import test compares both ways.
 * All of it runs on the writer inside the import's transaction, between store_bulk_begin and
 * store_bulk_end_indexed.
 */
#include "store/internal.h"

#include <stdio.h>
#include <string.h>

int store_bulk_question(struct store *s, const char *question)
{
    static const char ADD[] = "INSERT OR IGNORE INTO search_question(question) VALUES (?1)";
    static const char GET[] = "SELECT n FROM search_question WHERE question = ?1";
    struct store_conn *c = store_writer(s);
    sqlite3_stmt *st = store_stmt(c, ADD);
    if (!st) return -1;
    store_bind_text(st, 1, question);
    int rc = sqlite3_step(st);
    store_done(st);
    if (rc != SQLITE_DONE) { store_log_error(c->db, __func__); return -1; }
    if (!(st = store_stmt(c, GET))) return -1;
    store_bind_text(st, 1, question);
    int n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
    store_done(st);
    if (n < 0) store_log_error(c->db, __func__);
    return n;
}

/* A statement inserting `rows` rows of `cols` parameters each ("head (?,?,...), (?,?,...) tail"),
   written once into sql (a static buffer: its address is the statement cache's key). */
static const char *batch_sql(char *sql, size_t cap, const char *head, int cols, int rows, const char *tail)
{
    if (sql[0]) return sql;
    size_t n = (size_t)snprintf(sql, cap, "%s", head);
    for (int r = 0; r < rows && n < cap; r++) {
        n += (size_t)snprintf(sql + n, cap - n, "%s(", r ? ", " : "");
        for (int c = 0; c < cols && n < cap; c++) n += (size_t)snprintf(sql + n, cap - n, "%s?", c ? ", " : "");
        if (n < cap) n += (size_t)snprintf(sql + n, cap - n, ")");
    }
    if (n < cap) snprintf(sql + n, cap - n, "%s", tail);
    return sql;
}

#define INDEX_BATCH 64
#define VALUE_BATCH 128

int store_bulk_index_rows(struct store *s, const struct store_index_row *rows, size_t count)
{
    static const char HEAD[] = "INSERT INTO search_answer(rowid, text, question, report_id, version, lang) VALUES ";
    static char one[256], many[sizeof HEAD + INDEX_BATCH * 32];
    struct store_conn *c = store_writer(s);
    for (size_t i = 0; i < count;) {
        int batch = count - i >= INDEX_BATCH ? INDEX_BATCH : 1;
        sqlite3_stmt *st = store_stmt(c, batch > 1 ? batch_sql(many, sizeof many, HEAD, 6, batch, "")
                                                   : batch_sql(one, sizeof one, HEAD, 6, 1, ""));
        if (!st) return -1;
        for (int r = 0; r < batch; r++, i++) {
            const struct store_index_row *x = &rows[i];
            sqlite3_bind_int64(st, r * 6 + 1, x->report_id * 65536 + x->question_n);
            sqlite3_bind_text(st, r * 6 + 2, x->text, (int)x->len, SQLITE_STATIC);
            sqlite3_bind_text(st, r * 6 + 3, x->question, -1, SQLITE_STATIC);
            sqlite3_bind_int64(st, r * 6 + 4, x->report_id);
            sqlite3_bind_int(st, r * 6 + 5, x->version);
            sqlite3_bind_text(st, r * 6 + 6, x->lang, -1, SQLITE_STATIC);
        }
        int rc = sqlite3_step(st);
        store_done(st);
        if (rc != SQLITE_DONE) { store_log_error(c->db, __func__); return -1; }
    }
    return 0;
}

int store_bulk_value_rows(struct store *s, const struct store_value_row *rows, size_t count)
{
    static const char HEAD[] = "INSERT OR IGNORE INTO answer_value(question_n, value, report_id) VALUES ";
    static char one[128], many[sizeof HEAD + VALUE_BATCH * 16];
    struct store_conn *c = store_writer(s);
    for (size_t i = 0; i < count;) {
        int batch = count - i >= VALUE_BATCH ? VALUE_BATCH : 1;
        sqlite3_stmt *st = store_stmt(c, batch > 1 ? batch_sql(many, sizeof many, HEAD, 3, batch, "")
                                                   : batch_sql(one, sizeof one, HEAD, 3, 1, ""));
        if (!st) return -1;
        for (int r = 0; r < batch; r++, i++) {
            sqlite3_bind_int(st, r * 3 + 1, rows[i].question_n);
            sqlite3_bind_text(st, r * 3 + 2, rows[i].value, -1, SQLITE_STATIC);
            sqlite3_bind_int64(st, r * 3 + 3, rows[i].report_id);
        }
        int rc = sqlite3_step(st);
        store_done(st);
        if (rc != SQLITE_DONE) { store_log_error(c->db, __func__); return -1; }
    }
    return 0;
}

int store_real_text(struct store *s, double d, char *out, size_t n)
{
    /* SQLite's own text for a REAL (the conversion group_concat applies to json_tree's atom in
       the trigger), asked of SQLite so that the two can never differ. */
    static const char SQL[] = "SELECT CAST(?1 AS TEXT)";
    struct store_conn *c = store_writer(s);
    sqlite3_stmt *st = store_stmt(c, SQL);
    if (!st) return -1;
    sqlite3_bind_double(st, 1, d);
    int rc = -1;
    if (sqlite3_step(st) == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(st, 0);
        if (t && strlen(t) < n) { memcpy(out, t, strlen(t) + 1); rc = 0; }
    }
    store_done(st);
    return rc;
}

int store_bulk_end_indexed(struct store *s)
{
    static const char HASHSIZE[] = "INSERT INTO search_answer(search_answer, rank) VALUES ('hashsize', 1048576)";
    struct store_conn *c = store_writer(s);
    c->bulk = 0;
    sqlite3_stmt *st = store_stmt(c, HASHSIZE);
    if (!st) return -1;
    int rc = sqlite3_step(st);
    store_done(st);
    if (rc != SQLITE_DONE) { store_log_error(c->db, __func__); return -1; }
    return 0;
}
