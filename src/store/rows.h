/*
 * store/rows: the store's one row-list loop.  A read that returns many rows prepares and binds
 * its statement, then hands it here with a function that copies one row's columns: this steps
 * to the end, grows the array in the caller's arena (doubling, store_grow), logs a failed step
 * under the read's name and releases the statement, so that no list read writes that loop again.
 * The one-row read (store_row) and the write step (store_step_done) are here for the same reason,
 * with the binders for a value that may be absent.  For store files only (they take prepared
 * statements); the store's callers see values, arrays and counts.
 */
#ifndef POAISS_STORE_ROWS_H
#define POAISS_STORE_ROWS_H

#include <stdbool.h>
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

/**
 * Step st (as for store_rows) once and release it: a row is copied into elem by row(st, a,
 * elem, ctx).  0 with a row, 1 without (elem untouched), -1 when st is NULL or the step failed
 * (logged under where).
 */
int store_row(sqlite3_stmt *st, struct arena *a, void (*row)(sqlite3_stmt *st, struct arena *a, void *elem, void *ctx),
              void *ctx, void *elem, const char *where);

/** Step a write (or a one-row read whose row is not wanted) once and release it.  0, or -1 (logged under where). */
int store_step_done(sqlite3_stmt *st, const char *where);
/** Bind v at i, or NULL when !has. */
void store_bind_real(sqlite3_stmt *st, int i, bool has, double v);
/** Bind the id v at i, or NULL when it is not one (v <= 0). */
void store_bind_id(sqlite3_stmt *st, int i, long long v);

#endif
