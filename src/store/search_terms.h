/*
 * search_terms: the search index's terms and their matches in memory (store/search_terms.c), for
 * store/search_scan.c only.
 */
#ifndef POAISS_STORE_SEARCH_TERMS_H
#define POAISS_STORE_SEARCH_TERMS_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "store/internal.h"

struct term_index;
struct report_map;

/**
 * Build the term index of what c sees now (in one read transaction), for the key (max_rowid, nq)
 * that store/search_map.c gives the same data.  stop, when not NULL, is read between terms: set, the
 * build gives up.  Owned by the caller (store_term_index_release); NULL on error or when stopped.
 */
struct term_index *store_term_index_build(struct store_conn *c, const atomic_bool *stop);
/** Drop a reference; the last one frees the index.  NULL: nothing. */
void store_term_index_release(struct term_index *t);
/** The key of the data the index was built from (as struct report_map's max_rowid and nq). */
void store_term_index_key(const struct term_index *t, long long *max_rowid, long long *nq);
/** How many terms the index holds, how many pairs of common terms (a phrase's words side by side), how many
    bytes their matches take, and how many their positions. */
void store_term_index_size(const struct term_index *t, size_t *terms, size_t *pairs, size_t *bytes, size_t *positions);

/**
 * The rowids of search_answer that the FTS5 query q (as store_search_quote writes it) matches, between
 * lo and hi inclusive, ascending, in *out (owned by the caller; free()), their number in *n.  1 when
 * answered; 0 when the index cannot answer this query exactly (a phrase of several words ending in a
 * prefix, a term the index could not hold): ask FTS5; -1 on error.  db: a connection, for the tokenizer.
 */
int store_term_index_match(const struct term_index *t, sqlite3 *db, const char *q, long long lo, long long hi,
                           long long **out, size_t *n);

/**
 * The rowids a query of one phrase (a word, or a prefix of a few terms) matches, between lo and hi, as
 * store_term_index_match gives them, each to cb in ascending order as its terms' matches are merged,
 * without arrays.  1 when answered; 0 when not (several phrases, or what store_term_index_match
 * leaves to FTS5): ask store_term_index_match; -1 on error.
 */
int store_term_index_each(const struct term_index *t, sqlite3 *db, const char *q, long long lo, long long hi,
                          void (*cb)(void *ctx, long long rowid), void *ctx);

/**
 * How often each word of the FTS5 query q (as store_search_quote writes it) occurs in each of the
 * rowids[0..n) (ascending), as poaiss_rank counts it for q's ranking query (store_fts_rank_query: a
 * word's tokens in query mode, their occurrences summed): tf[i * nwords + w] for rowid i and word w
 * (owned by the caller: free()).  A query with a phrase of several words: each phrase's instances (as
 * poaiss_rank counts q itself, which store_fts_rank_query leaves as it is).  1 when counted; 0 when q
 * has a prefix, or a term is one the index could not hold: FTS5 ranks; -1 on error.
 */
int store_term_index_tf(const struct term_index *t, sqlite3 *db, const char *q, const long long *rowids, size_t n,
                        unsigned **tf, int *nwords);
/** The average answer length poaiss_rank uses, as it was when the index was built. */
double store_term_index_avgdl(const struct term_index *t);
struct buf;
/** The term in most answers as an FTS5 query ("term", into out): 1, 0 when the index has none. */
int store_term_index_common(const struct term_index *t, struct buf *out);

/**
 * The reports whose answer to question number qn gives value (answer_value, migration 0018: '' for
 * every report that answered it), between lo and hi, ascending, in *out (owned: free()), n of them.
 */
void store_term_index_reports(const struct term_index *t, int qn, const char *value, long long lo, long long hi,
                              long long **out, size_t *n);
/**
 * Each value of question number qn but '' (in answer_value's order: by bytes), with every report that
 * gives it (ascending; lent for the call): cb returns non-zero to stop, which is returned.
 */
int store_term_index_values(const struct term_index *t, int qn,
                            int (*cb)(void *ctx, const char *value, size_t len, const long long *ids, size_t n), void *ctx);


/**
 * The store's term index when it was built from the data of map m (lent: a reference the caller
 * releases), else NULL (and the builder is asked for a new one).
 */
struct term_index *store_search_terms_get(struct store *s, const struct report_map *m);
/**
 * The store's term index when it was built from older data than map m's, with the same questions
 * (a reference the caller releases), else NULL: it still holds every report but those published
 * since its key's max_rowid (report_version rows after it), which the caller reads otherwise
 * (store_search_terms_overlay).
 */
struct term_index *store_search_terms_behind(struct store *s, const struct report_map *m);
/**
 * An index of the answers of the reports ids[0..n) (ascending), read from their text with the tokenizer
 * (in document mode, as FTS5 indexed it: the same terms, matches and positions), for a search that reads
 * an index behind the data (store_search_terms_overlay).  Owned (store_term_index_release); NULL on
 * error or when FTS5 would have cut a token (over 32 KB).
 */
struct term_index *store_term_index_of_reports(struct store_conn *c, const long long *ids, size_t nids);
/**
 * For a search of the data of map m while the store's term index is behind it (store_search_terms_behind):
 * that index (*behind), the reports published since (*ids, ascending, owned: free(); *n of them, at most
 * max), and their own index (*delta; made on first use from c and kept for m's data; NULL when it could
 * not be made: FTS5 reads them).  1 when so, 0 when not (no index behind, or more than max reports: FTS5
 * for all), -1 on error.  References the caller releases.
 */
int store_search_terms_overlay(struct store *s, struct store_conn *c, const struct report_map *m, size_t max,
                               struct term_index **behind, struct term_index **delta, long long **ids, size_t *n);
/** Stop the builder and free its index (store_close). */
void store_search_terms_stop(struct store *s);

#endif
