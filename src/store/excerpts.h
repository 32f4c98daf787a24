/*
 * excerpts: the excerpts of a page of hits from a table in memory of their answers (store/excerpts.c),
 * for store/search_scan.c only.
 */
#ifndef POAISS_STORE_EXCERPTS_H
#define POAISS_STORE_EXCERPTS_H

#include <stddef.h>

#include "store/internal.h"

/* One hit: its rowid in search_answer and its answer's text (lent; NULL: the answer is gone, the hit left out);
   snippet: what FTS5's snippet() makes of it for the query (owned by the caller: free()), NULL when the query does
   not match it there. */
struct store_excerpt { long long rowid; const char *text; int len; char *snippet; };

/**
 * The excerpt of each of v[0..n) for the FTS5 query q (as store_search_quote writes it), as
 * snippet(search_answer, 0, char(2), char(3), '…', 16) gives it in the whole index: 0, or -1 on error
 * (no snippet set).
 */
int store_excerpts_make(struct store_conn *c, const char *q, struct store_excerpt *v, size_t n);
/** Close c's table of excerpts (store_conn_close). */
void store_excerpts_close(struct store_conn *c);

#endif
