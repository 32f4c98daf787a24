/*
 * excerpts: the excerpt of each hit of a page, made by FTS5's snippet() over a table in memory that
 * holds the page's answers only.
 *
 * snippet() reads nothing of an answer but its text, its size in tokens, the tokenizer and the query's
 * instances in it: the same answer in a table of its own gives the same excerpt.  Asked in the table of
 * every answer, each hit costs FTS5 a seek in each of the query's terms' lists at its rowid, and a phrase
 * of words in most answers ("yes no": "yes" in 852,724 answers at 40,000 reports) 0.3-0.6 ms a hit,
 * most of a page's time; a prefix (mark*) merges the lists of every term with the prefix first.  Here the
 * page's answers are written to a table in memory (the same tokenizer, one column, rowids kept) and the
 * query asked there once.  Per read connection (store_conn: excerpts), made on first use.
 */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "store/excerpts.h"
#include "util/mem.h"

struct excerpts {
    sqlite3 *db;
    sqlite3_stmt *clear, *wipe, *keep, *put, *ask;
};

static void excerpts_free(struct excerpts *x)
{
    if (!x) return;
    sqlite3_finalize(x->clear);
    sqlite3_finalize(x->wipe);
    sqlite3_finalize(x->keep);
    sqlite3_finalize(x->put);
    sqlite3_finalize(x->ask);
    sqlite3_close(x->db);
    free(x);
}

static struct excerpts *excerpts_open(void)
{
    struct excerpts *x = xcalloc(1, sizeof *x);
    if (sqlite3_open_v2(":memory:", &x->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK ||
        store_fts_register(x->db) != 0 ||
        sqlite3_exec(x->db, "CREATE TABLE answer(id INTEGER PRIMARY KEY, text TEXT); "
                     "CREATE VIRTUAL TABLE page USING fts5(text, content = 'answer', content_rowid = 'id', tokenize = 'poaiss')",
                     NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_prepare_v3(x->db, "DELETE FROM answer", -1, SQLITE_PREPARE_PERSISTENT, &x->clear, NULL) != SQLITE_OK ||
        sqlite3_prepare_v3(x->db, "INSERT INTO page(page) VALUES ('delete-all')", -1, SQLITE_PREPARE_PERSISTENT, &x->wipe,
                           NULL) != SQLITE_OK ||
        sqlite3_prepare_v3(x->db, "INSERT INTO answer(id, text) VALUES (?1, ?2)", -1, SQLITE_PREPARE_PERSISTENT, &x->keep,
                           NULL) != SQLITE_OK ||
        sqlite3_prepare_v3(x->db, "INSERT INTO page(rowid, text) VALUES (?1, ?2)", -1, SQLITE_PREPARE_PERSISTENT, &x->put,
                           NULL) != SQLITE_OK ||
        sqlite3_prepare_v3(x->db, "SELECT rowid, snippet(page, 0, char(2), char(3), '…', 16) FROM page WHERE page MATCH ?1",
                           -1, SQLITE_PREPARE_PERSISTENT, &x->ask, NULL) != SQLITE_OK) {
        if (x->db) store_log_error(x->db, "excerpts");
        excerpts_free(x);
        return NULL;
    }
    return x;
}

void store_excerpts_close(struct store_conn *c)
{
    excerpts_free(c->excerpts);
    c->excerpts = NULL;
}

static int step_done(sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

int store_excerpts_make(struct store_conn *c, const char *q, struct store_excerpt *v, size_t n)
{
    if (!c->excerpts && !(c->excerpts = excerpts_open())) return -1;
    struct excerpts *x = c->excerpts;
    int rc = sqlite3_exec(x->db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
    if (rc == 0) rc = step_done(x->clear);
    if (rc == 0) rc = step_done(x->wipe);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        v[i].snippet = NULL;
        if (!v[i].text) continue;                      /* a hit whose answer is gone since it was counted */
        sqlite3_stmt *two[2] = { x->keep, x->put };   /* the text, and its tokens in the index */
        for (int j = 0; j < 2 && rc == 0; j++) {
            sqlite3_bind_int64(two[j], 1, v[i].rowid);
            sqlite3_bind_text(two[j], 2, v[i].text ? v[i].text : "", v[i].text ? v[i].len : 0, SQLITE_STATIC);
            rc = step_done(two[j]);
            sqlite3_clear_bindings(two[j]);
        }
    }
    if (rc == 0) {
        sqlite3_bind_text(x->ask, 1, q, -1, SQLITE_STATIC);
        int r;
        while ((r = sqlite3_step(x->ask)) == SQLITE_ROW) {
            long long rowid = sqlite3_column_int64(x->ask, 0);
            const char *s = (const char *)sqlite3_column_text(x->ask, 1);
            for (size_t i = 0; i < n; i++)
                if (v[i].rowid == rowid && !v[i].snippet) { v[i].snippet = xstrdup(s ? s : ""); break; }
        }
        if (r != SQLITE_DONE) rc = -1;
        sqlite3_reset(x->ask);
        sqlite3_clear_bindings(x->ask);
    }
    if (rc != 0) store_log_error(x->db, "excerpts");
    sqlite3_exec(x->db, rc == 0 ? "COMMIT" : "ROLLBACK", NULL, NULL, NULL);
    if (rc != 0) {
        for (size_t i = 0; i < n; i++) { free(v[i].snippet); v[i].snippet = NULL; }
        store_excerpts_close(c);                      /* made again on the next use */
    }
    return rc;
}
