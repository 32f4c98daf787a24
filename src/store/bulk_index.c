/*
 * bulk_index: the rows an import writes in bulk: a new report's answers, and the rows of the
 * search index (search_answer, search_question, answer_value), which the import computes from
 * the answers it has already parsed (domain/bulk_index.c) instead of having SQLite parse every
 * report's JSON again after the write (store_bulk_end in search_index.c, 2.5 s of CPU for 10,000
 * reports).  What the rows hold is the trigger's rule (migrations 0004, 0005, 0018); the import
 * test compares both ways.  Each array of rows goes in with one INSERT ... SELECT from
 * poaiss_bulk_rows (below).  All of it runs on the writer inside the import's transaction,
 * between store_bulk_begin and store_bulk_end_indexed (store_real_text excepted: any thread).
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

/*
 * The rows reach SQLite through poaiss_bulk_rows(?1), a table-valued function over an array of
 * the caller's (the pointer bound with sqlite3_bind_pointer, so SQL text can never name one), and
 * each table's rows are written by one INSERT ... SELECT.  One statement, not one per batch of
 * rows: SQLite opens a statement savepoint for each statement of a transaction that writes many
 * rows, and FTS5 (3.40) answers each savepoint by writing its in-memory terms out as a new
 * segment, merged again and again with the others: with 64 rows to a statement that was 9,000
 * segments and a sixth of an import's time.  With one statement the whole import is one segment.
 */
#define BULK_ROWS_POINTER "poaiss_bulk_rows"
#define BULK_ROWS_COLS 6

/* An array of rows seen as a table: count rows, column col of row i set on ctx by column(). */
struct bulk_src {
    size_t count;
    void (*column)(sqlite3_context *ctx, const void *rows, size_t i, int col);
    const void *rows;
};

struct bulk_cursor {
    sqlite3_vtab_cursor base;
    const struct bulk_src *src;
    size_t i;
};

static int rows_connect(sqlite3 *db, void *aux, int argc, const char *const *argv, sqlite3_vtab **out, char **err)
{
    (void)aux; (void)argc; (void)argv; (void)err;
    int rc = sqlite3_declare_vtab(db, "CREATE TABLE x(c0, c1, c2, c3, c4, c5, src HIDDEN)");
    if (rc != SQLITE_OK) return rc;
    if (!(*out = sqlite3_malloc(sizeof **out))) return SQLITE_NOMEM;
    memset(*out, 0, sizeof **out);
    sqlite3_vtab_config(db, SQLITE_VTAB_DIRECTONLY);
    return SQLITE_OK;
}

static int rows_disconnect(sqlite3_vtab *vt)
{
    sqlite3_free(vt);
    return SQLITE_OK;
}

/* The only plan: src given (src = ?), the rows in the array's order. */
static int rows_best_index(sqlite3_vtab *vt, sqlite3_index_info *info)
{
    (void)vt;
    for (int i = 0; i < info->nConstraint; i++) {
        const struct sqlite3_index_constraint *k = &info->aConstraint[i];
        if (k->iColumn == BULK_ROWS_COLS && k->op == SQLITE_INDEX_CONSTRAINT_EQ && k->usable) {
            info->aConstraintUsage[i].argvIndex = 1;
            info->aConstraintUsage[i].omit = 1;
            info->estimatedCost = 1000;
            return SQLITE_OK;
        }
    }
    return SQLITE_CONSTRAINT;
}

static int rows_open(sqlite3_vtab *vt, sqlite3_vtab_cursor **out)
{
    (void)vt;
    struct bulk_cursor *cur = sqlite3_malloc(sizeof *cur);
    if (!cur) return SQLITE_NOMEM;
    memset(cur, 0, sizeof *cur);
    *out = &cur->base;
    return SQLITE_OK;
}

static int rows_close(sqlite3_vtab_cursor *cur)
{
    sqlite3_free(cur);
    return SQLITE_OK;
}

static int rows_filter(sqlite3_vtab_cursor *base, int idx, const char *idxstr, int argc, sqlite3_value **argv)
{
    (void)idx; (void)idxstr;
    struct bulk_cursor *cur = (struct bulk_cursor *)base;
    cur->src = argc == 1 ? sqlite3_value_pointer(argv[0], BULK_ROWS_POINTER) : NULL;
    cur->i = 0;
    return SQLITE_OK;
}

static int rows_next(sqlite3_vtab_cursor *base)
{
    ((struct bulk_cursor *)base)->i++;
    return SQLITE_OK;
}

static int rows_eof(sqlite3_vtab_cursor *base)
{
    const struct bulk_cursor *cur = (const struct bulk_cursor *)base;
    return !cur->src || cur->i >= cur->src->count;
}

static int rows_column(sqlite3_vtab_cursor *base, sqlite3_context *ctx, int col)
{
    const struct bulk_cursor *cur = (const struct bulk_cursor *)base;
    if (col < BULK_ROWS_COLS) cur->src->column(ctx, cur->src->rows, cur->i, col);
    return SQLITE_OK;
}

static int rows_rowid(sqlite3_vtab_cursor *base, sqlite3_int64 *rowid)
{
    *rowid = (sqlite3_int64)((const struct bulk_cursor *)base)->i;
    return SQLITE_OK;
}

int store_bulk_rows_register(sqlite3 *db)
{
    static const sqlite3_module MODULE = {
        .iVersion = 0, .xCreate = NULL, .xConnect = rows_connect, .xBestIndex = rows_best_index,
        .xDisconnect = rows_disconnect, .xOpen = rows_open, .xClose = rows_close, .xFilter = rows_filter,
        .xNext = rows_next, .xEof = rows_eof, .xColumn = rows_column, .xRowid = rows_rowid,
    };
    return sqlite3_create_module(db, BULK_ROWS_POINTER, &MODULE, NULL);
}

/* Run sql (an INSERT ... SELECT ... FROM poaiss_bulk_rows(?1)) over src. */
static int insert_all(struct store *s, const char *sql, struct bulk_src *src, const char *where)
{
    struct store_conn *c = store_writer(s);
    sqlite3_stmt *st = store_stmt(c, sql);
    if (!st) return -1;
    sqlite3_bind_pointer(st, 1, src, BULK_ROWS_POINTER, NULL);
    int rc = sqlite3_step(st);
    store_done(st);
    if (rc != SQLITE_DONE) { store_log_error(c->db, where); return -1; }
    return 0;
}

static void index_column(sqlite3_context *ctx, const void *rows, size_t i, int col)
{
    const struct store_index_row *x = (const struct store_index_row *)rows + i;
    switch (col) {
    case 0: sqlite3_result_int64(ctx, x->report_id * 65536 + x->question_n); break;
    case 1: sqlite3_result_text(ctx, x->text, (int)x->len, SQLITE_STATIC); break;
    case 2: sqlite3_result_text(ctx, x->question, -1, SQLITE_STATIC); break;
    case 3: sqlite3_result_int64(ctx, x->report_id); break;
    case 4: sqlite3_result_int(ctx, x->version); break;
    case 5: sqlite3_result_text(ctx, x->lang, -1, SQLITE_STATIC); break;
    default: sqlite3_result_null(ctx);
    }
}

int store_bulk_index_rows(struct store *s, const struct store_index_row *rows, size_t count)
{
    static const char SQL[] = "INSERT INTO search_answer(rowid, text, question, report_id, version, lang) "
                              "SELECT c0, c1, c2, c3, c4, c5 FROM poaiss_bulk_rows(?1)";
    struct bulk_src src = { count, index_column, rows };
    return insert_all(s, SQL, &src, __func__);
}

static void value_column(sqlite3_context *ctx, const void *rows, size_t i, int col)
{
    const struct store_value_row *x = (const struct store_value_row *)rows + i;
    switch (col) {
    case 0: sqlite3_result_int(ctx, x->question_n); break;
    case 1: sqlite3_result_text(ctx, x->value, -1, SQLITE_STATIC); break;
    case 2: sqlite3_result_int64(ctx, x->report_id); break;
    default: sqlite3_result_null(ctx);
    }
}

/* The SQL of answer_value's index by report (migration 0018) when answer_value is empty, into
   *out (sqlite3_malloc'd, owned by the caller); NULL in *out when the table has rows.  0 or -1. */
static int empty_values_index(struct store_conn *c, char **out)
{
    static const char SQL[] = "SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = 'answer_value_report' "
                              "AND NOT EXISTS (SELECT 1 FROM answer_value)";
    *out = NULL;
    sqlite3_stmt *st = store_stmt(c, SQL);
    if (!st) return -1;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW && store_col(st, 0)) *out = sqlite3_mprintf("%s", store_col(st, 0));
    store_done(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) { store_log_error(c->db, __func__); return -1; }
    return rc == SQLITE_ROW && !*out ? -1 : 0;
}

int store_bulk_value_rows(struct store *s, const struct store_value_row *rows, size_t count)
{
    static const char SQL[] = "INSERT OR IGNORE INTO answer_value(question_n, value, report_id) "
                              "SELECT c0, c1, c2 FROM poaiss_bulk_rows(?1)";
    struct store_conn *c = store_writer(s);
    struct bulk_src src = { count, value_column, rows };
    /* Into an empty table (an import into a new database), the index by report is built once at the
       end, from the sorted rows, rather than kept row by row (1.2 million inserts at random places of
       it for 10,000 reports): dropped and made again with the migration's own SQL, inside the import's
       transaction, so that a failure leaves it as it was. */
    char *index = NULL;
    if (empty_values_index(c, &index) < 0) return -1;
    if (index && sqlite3_exec(c->db, "DROP INDEX answer_value_report", NULL, NULL, NULL) != SQLITE_OK) {
        store_log_error(c->db, __func__);
        sqlite3_free(index);
        return -1;
    }
    int rc = insert_all(s, SQL, &src, __func__);
    if (rc == 0 && index && sqlite3_exec(c->db, index, NULL, NULL, NULL) != SQLITE_OK) {
        store_log_error(c->db, __func__);
        rc = -1;
    }
    sqlite3_free(index);
    return rc;
}

static void answer_column(sqlite3_context *ctx, const void *rows, size_t i, int col)
{
    const struct store_answer_row *x = (const struct store_answer_row *)rows + i;
    if (col == 0) sqlite3_result_text(ctx, x->question, -1, SQLITE_STATIC);
    else if (col == 1) sqlite3_result_text(ctx, x->value, -1, SQLITE_STATIC);
    else sqlite3_result_null(ctx);
}

int store_bulk_answers(struct store *s, long long report_id, const struct store_answer_row *rows, size_t count)
{
    /* store_answer_put's row for a report that has no answers yet (its defaults: rev 1, updated_at now). */
    static const char SQL[] = "INSERT INTO report_answer(report_id, question, value) "
                              "SELECT ?2, c0, c1 FROM poaiss_bulk_rows(?1)";
    struct store_conn *c = store_writer(s);
    struct bulk_src src = { count, answer_column, rows };
    sqlite3_stmt *st = store_stmt(c, SQL);
    if (!st) return -1;
    sqlite3_bind_pointer(st, 1, &src, BULK_ROWS_POINTER, NULL);
    sqlite3_bind_int64(st, 2, report_id);
    int rc = sqlite3_step(st);
    store_done(st);
    if (rc != SQLITE_DONE) { store_log_error(c->db, __func__); return -1; }
    return 0;
}

int store_real_text(struct store *s, double d, char *out, size_t n)
{
    /* SQLite's own text for a REAL (the conversion group_concat applies to json_tree's atom in
       the trigger), asked of SQLite so that the two can never differ. */
    static const char SQL[] = "SELECT CAST(?1 AS TEXT)";
    struct store_conn *c = store_reader(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
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
