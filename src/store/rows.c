/*
 * store/rows: the steps every read and write of the store shares: a list, one row, a write (see store/rows.h).
 */
#include "store/rows.h"

#include <string.h>

#include "store/internal.h"

int store_rows(sqlite3_stmt *st, struct arena *a, size_t size, void (*row)(sqlite3_stmt *st, struct arena *a, void *elem, void *ctx),
               void *ctx, void *out, size_t *n, const char *where)
{
    unsigned char *v = NULL;
    size_t cap = 0;
    int rc = SQLITE_ERROR;
    *n = 0;
    if (st) {
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            v = store_grow(a, v, *n, &cap, size); /* zero-filled past the rows copied (arena_grow) */
            row(st, a, v + *n * size, ctx);
            (*n)++;
        }
        if (rc != SQLITE_DONE) store_log_error(sqlite3_db_handle(st), where);
        store_done(st);
    }
    /* out is a `T **` of the caller's: copied as bytes, not written through a void **. */
    void *arr = v;
    memcpy(out, &arr, sizeof arr);
    return rc == SQLITE_DONE ? 0 : -1;
}

void store_row_id(sqlite3_stmt *st, struct arena *a, void *elem, void *ctx)
{
    (void)a;
    (void)ctx;
    *(long long *)elem = sqlite3_column_int64(st, 0);
}

int store_row(sqlite3_stmt *st, struct arena *a, void (*row)(sqlite3_stmt *st, struct arena *a, void *elem, void *ctx),
              void *ctx, void *elem, const char *where)
{
    if (!st) return -1;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) row(st, a, elem, ctx);
    else if (rc != SQLITE_DONE) store_log_error(sqlite3_db_handle(st), where);
    store_done(st);
    return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

int store_step_done(sqlite3_stmt *st, const char *where)
{
    int rc = sqlite3_step(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) store_log_error(sqlite3_db_handle(st), where);
    store_done(st);
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : -1;
}

void store_bind_real(sqlite3_stmt *st, int i, bool has, double v)
{
    if (has) sqlite3_bind_double(st, i, v);
    else sqlite3_bind_null(st, i);
}

void store_bind_id(sqlite3_stmt *st, int i, long long v)
{
    if (v > 0) sqlite3_bind_int64(st, i, v);
    else sqlite3_bind_null(st, i);
}
