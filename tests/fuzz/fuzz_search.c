/*
 * fuzz_search: differential libFuzzer driver for the search's terms in memory (src/store/search_terms.c).
 * The input is what a user types in the search box; it is quoted as the search quotes it
 * (store_search_quote) and answered three ways against the demo's database (made once by run.sh:
 * $FUZZ_SEARCH_DB, opened read-only):
 *   - FTS5 (the reference): the rowids its MATCH gives, and for a query of one phrase of several
 *     words, the phrase's instances in each answer (poaiss_inst);
 *   - the term index built from FTS5 (store_term_index_build): the same rowids when it answers (1),
 *     whole and within a cycle's range of report ids, streamed or united; the same instances;
 *   - the index made from the text of one report in eight (store_term_index_of_reports, what a search
 *     reads for reports published after the term index was built): the same rowids within those
 *     reports.
 * Any difference aborts ("broken promise"); so do memory errors, leaks and undefined behaviour.
 *
 * Links the store and util (tests/fuzz/run.sh: sources_for), with
 * FUZZ_LIBS: jansson sqlite3 libsodium expat minizip xlsxwriter
 * FUZZ_LDFLAGS: -lstemmer -lpthread -lm
 *
 *   sh tests/fuzz/run.sh fuzz_search
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/internal.h"
#include "store/search_terms.h"
#include "store/store.h"
#include "util/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define CHECK(cond) \
    do { if (!(cond)) { fprintf(stderr, "fuzz_search: broken promise: %s (line %d)\n", #cond, __LINE__); abort(); } } while (0)

static struct store_conn conn;
static struct term_index *whole, *part;
static long long *ids;                 /* the reports of `part`, ascending */
static size_t nids;

static void cleanup(void)
{
    store_term_index_release(whole);
    store_term_index_release(part);
    free(ids);
    store_conn_close(&conn);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    const char *path = getenv("FUZZ_SEARCH_DB");
    if (!path) { fprintf(stderr, "fuzz_search: set FUZZ_SEARCH_DB to a `poaiss demo` database (run.sh does)\n"); abort(); }
    char err[256];
    if (store_conn_open(&conn, path, SQLITE_OPEN_READWRITE, false, err, sizeof err) != 0) { fprintf(stderr, "%s\n", err); abort(); }
    whole = store_term_index_build(&conn, NULL);
    CHECK(whole != NULL);
    sqlite3_stmt *st = NULL;
    CHECK(sqlite3_prepare_v2(conn.db, "SELECT DISTINCT rowid >> 16 FROM search_answer WHERE (rowid >> 16) % 8 = 3 ORDER BY 1", -1, &st,
                             NULL) == SQLITE_OK);
    size_t cap = 64;
    ids = malloc(cap * sizeof *ids);
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (nids == cap) ids = realloc(ids, (cap *= 2) * sizeof *ids);
        ids[nids++] = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
    CHECK(nids > 0);
    part = store_term_index_of_reports(&conn, ids, nids);
    CHECK(part != NULL);
    atexit(cleanup);
    return 0;
}

/* FTS5's rowids for q between lo and hi, ascending (and its instances of q's phrases when want); -1 when FTS5 refuses q. */
static long fts(const char *q, long long lo, long long hi, long long **rows, unsigned **want)
{
    sqlite3_stmt *st = NULL;
    CHECK(sqlite3_prepare_v2(conn.db, "SELECT rowid, poaiss_inst(search_answer) FROM search_answer WHERE search_answer MATCH ?1 "
                             "AND rowid BETWEEN ?2 AND ?3 ORDER BY rowid", -1, &st, NULL) == SQLITE_OK);
    sqlite3_bind_text(st, 1, q, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, lo);
    sqlite3_bind_int64(st, 3, hi);
    size_t n = 0, cap = 64;
    *rows = malloc(cap * sizeof **rows);
    if (want) *want = malloc(cap * sizeof **want);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == cap) {
            cap *= 2;
            *rows = realloc(*rows, cap * sizeof **rows);
            if (want) *want = realloc(*want, cap * sizeof **want);
        }
        (*rows)[n] = sqlite3_column_int64(st, 0);
        if (want) (*want)[n] = (unsigned)sqlite3_column_int(st, 1);
        n++;
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? (long)n : -1;
}

struct streamed { long long *v; size_t n, cap; };

static void on_row(void *ctx, long long rowid)
{
    struct streamed *s = ctx;
    if (s->n == s->cap) s->v = realloc(s->v, (s->cap = s->cap ? s->cap * 2 : 64) * sizeof *s->v);
    s->v[s->n++] = rowid;
}

static int cmp_id(const void *a, const void *b)
{
    long long x = *(const long long *)a, y = *(const long long *)b;
    return x < y ? -1 : x > y;
}

/* Is the answer rowid one of part's reports'? */
static bool in_part(long long rowid)
{
    long long id = rowid >> 16;
    return bsearch(&id, ids, nids, sizeof *ids, cmp_id) != NULL;
}

/* t answers q between lo and hi as FTS5 does, or not at all; partial: only FTS5's rows of part's reports count. */
static void same(const struct term_index *t, const char *q, long long lo, long long hi, bool partial)
{
    long long *v = NULL, *f = NULL;
    size_t n = 0;
    int rc = store_term_index_match(t, conn.db, q, lo, hi, &v, &n);
    CHECK(rc >= 0);
    if (rc == 1) {
        long fn = fts(q, lo, hi, &f, NULL);
        if (fn >= 0) {
            size_t k = 0;
            for (long i = 0; i < fn; i++) {
                if (partial && !in_part(f[i])) continue;
                CHECK(k < n && v[k] == f[i]);
                k++;
            }
            CHECK(k == n);
        }
        free(f);
        struct streamed s = { 0 };
        int each = store_term_index_each(t, conn.db, q, lo, hi, on_row, &s);
        CHECK(each >= 0);
        if (each == 1) {
            CHECK(s.n == n);
            for (size_t i = 0; i < n; i++) CHECK(s.v[i] == v[i]);
        }
        free(s.v);
    }
    free(v);
}

/* A query with a phrase of several words is ranked by its phrases' instances: the index counts them as FTS5 does. */
static void instances(const char *q)
{
    struct buf rq = BUF_INIT;
    struct store_rank_groups g;
    int words = store_fts_rank_query(conn.db, q, &rq, &g);
    buf_cleanup(&rq);
    const char *p = q, *text;
    size_t len;
    bool prefix;
    if (words != 0 || store_fts_next_phrase(&p, &text, &len, &prefix) != 1) return;
    while (*p == ' ') p++;
    if (*p) return;                                   /* one phrase: poaiss_inst counts its instances alone */
    long long *rows = NULL;
    unsigned *want = NULL, *tf = NULL;
    long n = fts(q, 0, 1LL << 60, &rows, &want);
    if (n > 500) n = 500;
    int nw = 0;
    if (n > 0 && store_term_index_tf(whole, conn.db, q, rows, (size_t)n, &tf, &nw) == 1) {
        CHECK(nw == 1);
        for (long i = 0; i < n; i++) CHECK(tf[i] == want[i]);
    }
    free(tf);
    free(rows);
    free(want);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096) return 0;
    char *typed = malloc(size + 1);
    memcpy(typed, data, size);
    typed[size] = 0;
    struct buf q = BUF_INIT;
    if (store_search_quote(typed, &q) == 0) {
        same(whole, q.data, 0, 1LL << 60, false);
        same(whole, q.data, 100 * 65536LL, 400 * 65536LL + 65535, false);
        same(part, q.data, 0, 1LL << 60, true);
        instances(q.data);
    }
    buf_cleanup(&q);
    free(typed);
    return 0;
}
