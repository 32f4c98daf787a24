/*
 * store/rows: the store's one row-list loop.  A read that returns many rows prepares and binds
 * its statement, then hands it here with a function that copies one row's columns: this steps
 * to the end, grows the array in the caller's arena (doubling, store_grow), logs a failed step
 * under the read's name and releases the statement, so that no list read writes that loop again.
 * For store files only (it takes a prepared statement); the store's callers see arrays and counts.
 */
#ifndef POAISS_STORE_ROWS_H
#define POAISS_STORE_ROWS_H

#include <stddef.h>
#include <sqlite3.h>

struct arena;

/**
 * Step st (prepared by store_stmt() and bound by the caller; NULL when the preparation failed)
 * to its last row and always release it (store_done).  For each row, row(st, a, elem, ctx) fills
 * elem, a zeroed element of size bytes at the end of an array grown in arena a; it copies what
 * it keeps into a (the statement's columns are lent until the next step).  out is the address
 * of the caller's typed array pointer (`struct x **`): it receives the array, owned by the
 * arena (NULL when no row), and *n its count.  0, or -1 when st is NULL or a step failed (the
 * error logged under where; the rows read before it are in *out).
 */
int store_rows(sqlite3_stmt *st, struct arena *a, size_t size, void (*row)(sqlite3_stmt *st, struct arena *a, void *elem, void *ctx),
               void *ctx, void *out, size_t *n, const char *where);

/** A row callback for store_rows(): column 0 as a long long, into an array of long long. */
void store_row_id(sqlite3_stmt *st, struct arena *a, void *elem, void *ctx);

#endif
