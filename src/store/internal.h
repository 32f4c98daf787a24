/* store internals: connections and the statement cache, shared by the store's files only. */
#ifndef POAISS_STORE_INTERNAL_H
#define POAISS_STORE_INTERNAL_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <sqlite3.h>

#include "store/store.h"

#define STORE_STMT_CACHE 512   /* distinct statements of the program (about 200 in 2026-12): each connection prepares each once */

struct store_conn {
    sqlite3 *db;
    struct { const char *sql; sqlite3_stmt *stmt; } cache[STORE_STMT_CACHE];
    int ncache;
    long long data_version;      /* last PRAGMA data_version seen on this connection */
    int bulk;                    /* poaiss_bulk(): the search trigger is off for a bulk write (writer only) */
    struct search_memo *memo;    /* the last search, counted (store/search_scan.c) */
    struct report_map *rmap;     /* a reference to the map of published reports this connection last used (store/search_scan.c) */
    struct excerpts *excerpts;   /* a table in memory for a page's excerpts (store/excerpts.c), NULL until used */
    struct store_conn *next;     /* all readers, for closing */
};

/* The read connections' progress handler (budget.c): non-zero interrupts the statement. */
#define STORE_BUDGET_STEPS 100
int store_budget_progress(void *unused);

struct store {
    char *path;
    struct store_conn writer;
    pthread_mutex_t wlock;
    int in_tx;                   /* the writer lock is held by a transaction */
    long long tx_changes;        /* sqlite3_total_changes64 of the writer when the transaction began */
    pthread_mutex_t readers_lock;
    struct store_conn *readers;
    unsigned generation;         /* tells thread-local readers of a closed store from a new one */
    unsigned long data_generation; /* bumped by each commit and when a reader sees another process's (atomic) */
    long long data_polled_us;    /* when PRAGMA data_version was last asked (monotonic; atomic) */
    pthread_mutex_t rmap_lock;
    struct report_map *rmap;     /* the newest map of published reports, one reference (store/search_scan.c); under rmap_lock */
    struct term_builder *terms;  /* the term index and its builder thread, once started (store/search_terms.c) */
};

/** Open a connection with the program's functions, tokenizer and pragmas (a writer's or a read-only reader's). -1 with a message. */
int store_conn_open(struct store_conn *c, const char *path, int flags, bool writer, char *err, size_t errlen);
/** Finalize a connection's statements and close it. */
void store_conn_close(struct store_conn *c);
/** This thread's read connection (opened on first use). NULL on failure. */
struct store_conn *store_reader(struct store *s);
/**
 * A prepared, reset statement for sql (a static string: its address is the cache key)
 * on conn.  The caller binds, steps and calls store_done() when finished.
 */
sqlite3_stmt *store_stmt(struct store_conn *c, const char *sql);
/** Reset and clear bindings. */
void store_done(sqlite3_stmt *st);
/** The connection for a statement that writes: the writer; a transaction must be open. */
struct store_conn *store_writer(struct store *s);
/** Log a database error to stderr (db lent; where: a static name).  Silent for a statement interrupted by this thread's query budget. */
void store_log_error(sqlite3 *db, const char *where);
/** Column text or NULL. */
const char *store_col(sqlite3_stmt *st, int i);
/** Bind text, or NULL for a NULL pointer. */
int store_bind_text(sqlite3_stmt *st, int i, const char *v);

struct arena;
/** Make room for row n of an array of rows of size bytes in arena a (capacity *cap, doubled when full). */
void *store_grow(struct arena *a, void *v, size_t n, size_t *cap, size_t size);

/** Free a connection's search memo (store/search_scan.c). */
void store_search_memo_free(struct search_memo *m);
/** Drop a reference to a map of published reports (store/search_scan.c); the last one frees it.  NULL: nothing. */
void store_report_map_release(struct report_map *m);
/*
 * The lengths in tokens of the indexed answers, for poaiss_rank (store/fts.c), kept in the map of
 * published reports (store/search_scan.c): slot report id × STORE_RANK_QMAX + the question's
 * number (migration 0004); 0 where not known (the rank then asks FTS5).  Bound to poaiss_rank's
 * second argument as a pointer of type STORE_RANK_LENGTHS.
 */
#define STORE_RANK_QMAX 128
#define STORE_RANK_LENGTHS "poaiss_rank_lengths"
struct store_rank_lengths { unsigned short *v; size_t n; };
/*
 * The groups of a query's phrases for poaiss_rank's third argument (a pointer of type
 * STORE_RANK_GROUPS): phrase i counts for group[i]; a group's frequency is the sum of its phrases'.
 */
#define STORE_RANK_PHRASES 64
#define STORE_RANK_GROUPS "poaiss_rank_groups"
struct store_rank_groups { int nphrases, ngroups; int group[STORE_RANK_PHRASES]; };
/** The rank of an answer (lower is better) from each group's frequency tf[0..np), its length and the average. */
double store_rank_score(const unsigned *tf, int np, int dl, double avgdl);
/**
 * The next phrase of an FTS5 query as store_search_quote writes it ("word" or "a phrase", then * for a
 * prefix, blanks between) from *p: 1 (text..len, prefix; *p moved past it), 0 at the end, -1 when the
 * query is not written so (FTS5 decides what it means).
 */
int store_fts_next_phrase(const char **p, const char **text, size_t *len, bool *prefix);
struct buf;
/**
 * The FTS5 query q (as store_search_quote writes it) as its ranking query when it is words only: each
 * word as its tokens in query mode, ("word" OR "stem" ...), one group each, joined by AND, into out
 * and g; run with store_fts_exact on.  A word's frequency is then the sum of its tokens' (a word
 * found as itself counts for it and for its stems), which the term index can count without FTS5.
 * 1 when written; 0 when q is ranked as it is (a prefix, a phrase of several words); -1 on error.
 */
int store_fts_rank_query(sqlite3 *db, const char *q, struct buf *out, struct store_rank_groups *g);

/** Register the 'poaiss' FTS5 tokenizer and the poaiss_rank() ranking function (store/fts.c) on a connection. */
int store_fts_register(sqlite3 *db);
/**
 * Tokenize text as FTS5 tokenizes a query phrase of search_answer (the 'poaiss' tokenizer in query
 * mode; prefix: as the phrase of a prefix query, without stems): cb gets each token, colocated when it
 * is an alternative at the position of the token before it.  cb returns non-zero to stop.  0, 1 when
 * cb stopped, -1 on error.
 */
int store_fts_query_tokens(sqlite3 *db, const char *text, int n, bool prefix,
                           int (*cb)(void *ctx, bool colocated, const char *tok, int n), void *ctx);
/** The same tokenizer kept open for many calls (each store_fts_query_tokens makes one, with its stemmers). */
struct store_fts_tok;
struct store_fts_tok *store_fts_tok_open(sqlite3 *db);
int store_fts_tok_run(struct store_fts_tok *ft, const char *text, int n, bool prefix,
                      int (*cb)(void *ctx, bool colocated, const char *tok, int n), void *ctx);
/** The same for a document (as FTS5 indexes an answer's text: each word, its stems colocated). */
int store_fts_tok_document(struct store_fts_tok *ft, const char *text, int n,
                           int (*cb)(void *ctx, bool colocated, const char *tok, int n), void *ctx);
void store_fts_tok_close(struct store_fts_tok *ft);
/** On this thread, query words are matched as themselves only, without their stems (for reading one stored term). */
void store_fts_exact(bool on);
/** Register poaiss_kept(), the search's set test (store/search_scan.c), on a connection. */
int store_search_scan_register(sqlite3 *db);
/** Register poaiss_bulk_rows(), the bulk writer's rows as a table (store/bulk_index.c), on the writer. */
int store_bulk_rows_register(sqlite3 *db);

#endif
