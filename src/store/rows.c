/*
 * store/rows: the row-list loop every list read of the store shares (see store/rows.h).
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
