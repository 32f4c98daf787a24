/*
 * search_terms: every term of the search index with the answers that hold it, in memory, so that
 * a search for common words does not read FTS5's doclists row by row.
 *
 * At 40,000 reports "yes" is in 852,724 answers: FTS5 hands their rowids over one sqlite3_step at a
 * time, 140 ns each (120 ms), and FTS5 itself, called without the virtual machine, still takes
 * 100 ns a match.  Here each term's matches (search_answer rowids) are kept delta-encoded (varints,
 * with how often the term occurs there: about 1.7 bytes a match, 61 MB with answer_value's rows at
 * 40,000 reports), with a skip every 64 matches, and apart, where it occurs in each (varints of
 * the distances: 27.5 MB), read only for a phrase of several words.  A query of one word or a
 * short prefix streams its terms' matches, merged, into the scan; a query of several: the phrase
 * with the fewest matches is decoded and united (a word and its stems, or every term with a
 * prefix), and each other phrase keeps those of them that one of its terms holds, its lists sought
 * over the skips (a word that nothing else matches ends the search at once).  The result is the rowids FTS5 would give for the
 * same query; the counting and excerpts stay those of store/search_scan.c.  The occurrences rank a
 * query of words (store_term_index_tf: a word's tokens' occurrences summed, as poaiss_rank counts
 * the query store_fts_rank_query spells, so FTS5 gives the same ranks while the index is built).
 * A phrase of several words ("national action plan": FTS5 reads every position of three common
 * words, 12-20 ms) is matched as its words, then kept where they stand in a row, from their
 * positions (phrase_count); a query with one is ranked by each phrase's instances, as FTS5 ranks
 * the query as it is.  A phrase of words in most answers ("of the": 150,000 answers hold both) would
 * walk that many: the pairs of the commonest terms side by side are kept as terms of their own
 * (pairs_make), and two such words side by side are matched from their pairs' lists (phrase_units).
 *
 * Exactness.  A query phrase matches the answers holding any of the tokens that the tokenizer
 * makes of it in query mode (FTS5 ORs colocated tokens); a prefix phrase, those holding any term
 * that starts with its bytes.  Each term is read from FTS5 once at build, as a query for the term
 * alone (store_fts_exact: without its stems), and kept only when the count equals the number of
 * answers fts5vocab gives for it; otherwise it is marked, and a query that needs it is left to
 * FTS5 (store_term_index_match answers 0), as is a phrase of several words ending in a prefix or
 * of more than PHRASE_WORDS_MAX words.  Its positions are FTS5's for the term alone (poaiss_pos).
 *
 * Freshness.  An index is built inside one read transaction, and stamped with the key of the map
 * of published reports (store/search_map.c) for the same data: the last report_version rowid and
 * the number of questions.  A search uses it as it is only when its map has the same key; after a
 * publication, until a background thread (store_search_terms_start, at a lower priority) has built
 * the next one (5 s of one core at 40,000 reports), a search reads it for every report but those
 * published since, and for those a small index made from their text (store_term_index_of_reports,
 * kept by store_search_terms_overlay until the next build).
 */
#define _GNU_SOURCE
#include <limits.h>
#include <malloc.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "store/search_map.h"
#include "store/search_terms.h"
#include "util/buf.h"
#include "util/mem.h"

struct term {
    size_t text;                 /* offset in the pool */
    unsigned len;                /* bytes */
    bool unsafe;                 /* FTS5's count for it differs from the term read alone: left to FTS5 */
    bool covered;                /* every answer holding it holds one of its stems too (mark_covered) */
    unsigned short common;       /* 1 + its place among the terms whose pairs are kept (pairs_make); 0: not one */
    unsigned short dense;        /* 1 + its bitmap in the index's dense[] (dense_make); 0: none */
    size_t off, nbytes;          /* its matches in post: per match, a varint of the rowid's delta << 1, its low
                                    bit set when the term occurs more than once there, then a varint of the
                                    occurrences less 2 */
    size_t count;
    size_t skip, nskip;          /* its skips in the index's skips[] */
    size_t pos;                  /* its positions in the index's pos[]: per match, as many varints as it occurs
                                    there, the first position then each one's distance from the one before */
};

/* Every SKIP_EVERY-th match of a term, where a cursor may jump to: the rowid of the match before, and the
   byte offsets of the match and of its positions (a search for a few rowids in a long list decodes 64
   matches a rowid at most). */
#define SKIP_EVERY 64
struct skip { long long before; size_t off, pos; };

/* One question's value (answer_value, migration 0018): the reports whose answer gives it. */
struct value {
    int qn;
    size_t text;                 /* offset in the pool */
    unsigned len;
    size_t off, nbytes, count;   /* report ids in post: varint deltas, ascending */
};

/* A term's matches as one bit per answer: answer rowid (report << 16 | question) at bit report * STORE_RANK_QMAX +
   question, for nbits bits. */
struct dense { uint64_t *bits; size_t nbits; };

struct term_index {
    atomic_int refs;
    long long max_rowid, nq;
    char *pool;
    struct term *terms;          /* in byte order of their text */
    size_t nterms;
    struct value *values;        /* by question number, then value in byte order (answer_value's key order) */
    size_t nvalues;
    unsigned char *post;
    size_t npost;
    unsigned char *pos;          /* the positions of every term's matches (struct term's pos) */
    size_t npos;
    double avgdl;                /* the average answer length, as poaiss_rank takes it (store/fts.c) */
    const struct term *common;   /* the term in most answers (store_term_index_common), NULL: none */
    struct skip *skips;
    size_t nskips;
    struct term *pairs;          /* pairs of common terms side by side (pairs_make), in post and pos as terms are */
    size_t npairs;
    unsigned ncommon;            /* the common terms (at most PAIR_TERMS) */
    unsigned *pair_at;           /* ncommon * ncommon: 1 + the pair's index in pairs[], 0 when in no answer */
    struct dense *dense;         /* the bitmaps of the terms in most answers (dense_make) */
    size_t ndense;
};

void store_term_index_release(struct term_index *t)
{
    if (!t || atomic_fetch_sub(&t->refs, 1) != 1) return;
    free(t->pool);
    free(t->terms);
    free(t->values);
    free(t->post);
    free(t->pos);
    free(t->skips);
    free(t->pairs);
    free(t->pair_at);
    for (size_t i = 0; i < t->ndense; i++) free(t->dense[i].bits);
    free(t->dense);
    free(t);
}

void store_term_index_key(const struct term_index *t, long long *max_rowid, long long *nq)
{
    *max_rowid = t->max_rowid;
    *nq = t->nq;
}

void store_term_index_size(const struct term_index *t, size_t *terms, size_t *pairs, size_t *bytes, size_t *positions)
{
    *terms = t->nterms;
    *pairs = t->npairs;
    *bytes = t->npost;
    *positions = t->npos;
}

/* ---- building ---- */

struct growing { unsigned char *v; size_t n, cap; };

/* g->cap set before the first put: the first allocation's size (else 4 KB). */
static void grow_put(struct growing *g, const void *p, size_t n)
{
    if (!g->v || g->n + n > g->cap) {
        size_t cap = g->cap ? g->cap : 4096;
        while (cap < g->n + n) cap *= 2;
        g->v = xrealloc(g->v, cap);
        g->cap = cap;
    }
    memcpy(g->v + g->n, p, n);
    g->n += n;
}

static void put_varint(struct growing *g, unsigned long long v)
{
    unsigned char b[10];
    size_t n = 0;
    while (v >= 0x80) { b[n++] = (unsigned char)(v | 0x80); v >>= 7; }
    b[n++] = (unsigned char)v;
    grow_put(g, b, n);
}

static int cmp_term_text(const char *pool, const struct term *t, const char *s, size_t n)
{
    size_t m = t->len < n ? t->len : n;
    int c = memcmp(pool + t->text, s, m);
    if (c) return c;
    return t->len < n ? -1 : t->len > n;
}

static int cmp_terms(const void *a, const void *b, void *pool)
{
    const struct term *x = a, *y = b;
    return cmp_term_text(pool, x, (const char *)pool + y->text, y->len);
}

/* The matches of one term, read as a query for the term alone, into g, their positions into pos; how many,
   or -1 on error. */
struct skips { struct skip *v; size_t n, cap; };

static long read_term(struct store_conn *c, const char *text, unsigned len, struct growing *g, struct growing *pos,
                      struct skips *sk)
{
    static const char SQL[] = "SELECT rowid, poaiss_pos(search_answer) FROM search_answer WHERE search_answer MATCH ?1";
    char *q = xmalloc((size_t)len + 3);
    q[0] = '"';
    memcpy(q + 1, text, len);
    q[len + 1] = '"';
    q[len + 2] = 0;
    sqlite3_stmt *st = store_stmt(c, SQL);
    if (!st) { free(q); return -1; }
    sqlite3_bind_text(st, 1, q, (int)len + 2, SQLITE_TRANSIENT);
    free(q);
    long n = 0;
    long long prev = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        long long r = sqlite3_column_int64(st, 0);
        const unsigned char *at = sqlite3_column_blob(st, 1);
        int nat = sqlite3_column_bytes(st, 1);
        int times = 0;
        for (int i = 0; i < nat; i++) times += !(at[i] & 0x80);
        if (!times || (at[nat - 1] & 0x80)) { n = -1; break; }   /* no position (or not in order): FTS5 answers */
        if (n && n % SKIP_EVERY == 0) {
            if (sk->n == sk->cap) sk->v = xrealloc(sk->v, (sk->cap = sk->cap ? sk->cap * 2 : 4096) * sizeof *sk->v);
            sk->v[sk->n++] = (struct skip){ prev, g->n, pos->n };
        }
        grow_put(pos, at, (size_t)nat);
        put_varint(g, (unsigned long long)(r - prev) << 1 | (times > 1));
        if (times > 1) put_varint(g, (unsigned long long)(times - 2));
        prev = r;
        n++;
    }
    store_done(st);
    return rc == SQLITE_DONE && n >= 0 ? n : -1;
}

/* The average length of an answer as poaiss_rank computes it, asked through a query for one term. */
static int avgdl_read(struct store_conn *c, const unsigned char *text, unsigned len, double *avgdl)
{
    static const char SQL[] = "SELECT poaiss_avgdl(search_answer) FROM search_answer WHERE search_answer MATCH ?1 LIMIT 1";
    struct buf q = BUF_INIT;
    buf_putc(&q, '"');
    buf_append(&q, (const char *)text, len);
    buf_putc(&q, '"');
    sqlite3_stmt *st = store_stmt(c, SQL);
    int rc = SQLITE_ERROR;
    if (st) {
        sqlite3_bind_text(st, 1, q.data, (int)q.len, SQLITE_TRANSIENT);
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) *avgdl = sqlite3_column_double(st, 0);
        store_done(st);
    }
    buf_cleanup(&q);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

/* answer_value whole, in its key order (question, value, report): each question's values with their reports. */
static int values_read(struct store_conn *c, struct term_index *t, struct growing *pool, struct growing *post)
{
    static const char SQL[] = "SELECT question_n, value, report_id FROM answer_value ORDER BY question_n, value, report_id";
    sqlite3_stmt *st = store_stmt(c, SQL);
    if (!st) return -1;
    size_t cap = 0;
    struct value *cur = NULL;
    long long prev = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int qn = sqlite3_column_int(st, 0);
        const void *text = sqlite3_column_blob(st, 1);
        size_t len = (size_t)sqlite3_column_bytes(st, 1);
        long long id = sqlite3_column_int64(st, 2);
        if (!cur || cur->qn != qn || cur->len != len || (len && memcmp(pool->v + cur->text, text, len) != 0)) {
            if (cur) cur->nbytes = post->n - cur->off;
            if (t->nvalues == cap) {
                cap = cap ? cap * 2 : 1024;
                t->values = xrealloc(t->values, cap * sizeof *t->values);
            }
            cur = &t->values[t->nvalues++];
            *cur = (struct value){ .qn = qn, .text = pool->n, .len = (unsigned)len, .off = post->n };
            if (len) grow_put(pool, text, len);
            prev = 0;
        }
        put_varint(post, (unsigned long long)(id - prev));
        prev = id;
        cur->count++;
    }
    if (cur) cur->nbytes = post->n - cur->off;
    store_done(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

static void mark_covered(struct term_index *t, sqlite3 *db);
static const struct term *commonest(const struct term_index *t);
static bool pairs_make(struct term_index *t, const atomic_bool *stop);
static void dense_make(struct term_index *t);

struct term_index *store_term_index_build(struct store_conn *c, const atomic_bool *stop)
{
    static const char KEY[] = "SELECT coalesce(max(rowid), 0), (SELECT count(*) FROM search_question) FROM report_version";
    static const char VOCAB[] = "SELECT term, doc FROM temp.poaiss_vocab";
    if (sqlite3_exec(c->db, "PRAGMA query_only=OFF; "
                     "CREATE VIRTUAL TABLE IF NOT EXISTS temp.poaiss_vocab USING fts5vocab(main, search_answer, row); "
                     "PRAGMA query_only=ON; BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
        store_log_error(c->db, "term index");
        return NULL;
    }
    struct term_index *t = xcalloc(1, sizeof *t);
    atomic_init(&t->refs, 1);
    struct growing pool = { 0 }, post = { 0 }, pos = { 0 };
    struct skips sk = { 0 };
    size_t cap = 0;
    long *docs = NULL;
    bool ok = false;
    sqlite3_stmt *st = store_stmt(c, KEY);
    if (!st) goto fail;
    if (sqlite3_step(st) != SQLITE_ROW) { store_done(st); goto fail; }
    t->max_rowid = sqlite3_column_int64(st, 0);
    t->nq = sqlite3_column_int64(st, 1);
    store_done(st);
    /* Every term of the index, with the number of answers that hold it. */
    if (!(st = store_stmt(c, VOCAB))) goto fail;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const void *text = sqlite3_column_blob(st, 0);
        int len = sqlite3_column_bytes(st, 0);
        if (!text || len <= 0) continue;
        if (t->nterms == cap) {
            cap = cap ? cap * 2 : 4096;
            t->terms = xrealloc(t->terms, cap * sizeof *t->terms);
            docs = xrealloc(docs, cap * sizeof *docs);
        }
        t->terms[t->nterms] = (struct term){ .text = pool.n, .len = (unsigned)len };
        docs[t->nterms++] = (long)sqlite3_column_int64(st, 1);
        grow_put(&pool, text, (size_t)len);
    }
    store_done(st);
    if (rc != SQLITE_DONE) goto fail;
    /* Each term's matches: FTS5 asked for the term alone must find as many answers as fts5vocab says. */
    store_fts_exact(true);
    for (size_t i = 0; i < t->nterms; i++) {
        if (stop && atomic_load(stop)) { store_fts_exact(false); goto fail; }
        struct term *e = &t->terms[i];
        e->off = post.n;
        e->pos = pos.n;
        e->skip = sk.n;
        bool quotable = memchr(pool.v + e->text, '"', e->len) == NULL && memchr(pool.v + e->text, 0, e->len) == NULL;
        long n = quotable ? read_term(c, (const char *)pool.v + e->text, e->len, &post, &pos, &sk) : 0;
        /* n < 0: FTS5 refused the term as a query (it is not one word to the tokenizer) */
        if (n != docs[i]) { e->unsafe = true; post.n = e->off; pos.n = e->pos; sk.n = e->skip; n = 0; }
        e->nskip = sk.n - e->skip;
        e->nbytes = post.n - e->off;
        e->count = (size_t)n;
    }
    /* The average answer length poaiss_rank takes, through any term that some answer holds. */
    t->avgdl = 1.0;
    for (size_t i = 0; i < t->nterms; i++) {
        if (t->terms[i].unsafe || !t->terms[i].count) continue;
        if (avgdl_read(c, pool.v + t->terms[i].text, t->terms[i].len, &t->avgdl) < 0) { store_fts_exact(false); goto fail; }
        break;
    }
    store_fts_exact(false);
    qsort_r(t->terms, t->nterms, sizeof *t->terms, cmp_terms, pool.v);
    if (values_read(c, t, &pool, &post) < 0) goto fail;
    ok = true;
fail:
    if (!ok && !(stop && atomic_load(stop))) store_log_error(c->db, "term index");
    sqlite3_exec(c->db, "COMMIT", NULL, NULL, NULL);
    free(docs);
    t->pool = (char *)pool.v;
    t->post = post.v;
    static const unsigned char pad[8] = { 0 };     /* skip_varints reads 8 bytes at a time */
    grow_put(&pos, pad, sizeof pad);
    t->pos = pos.v;
    t->npos = pos.n - sizeof pad;
    t->skips = sk.v;
    t->nskips = sk.n;
    t->npost = post.n;
    if (ok) mark_covered(t, c->db);
    if (ok) t->common = commonest(t);
    if (ok) ok = pairs_make(t, stop);
    if (ok) dense_make(t);
    if (!ok) { store_term_index_release(t); return NULL; }
    return t;
}

/* ---- an index of a few reports, from their text ---- */

/* One token of one answer, at one position (tok: offset and length in the tokens' pool). */
struct occurrence { size_t tok; unsigned len; long long rowid; unsigned at; };

struct tokens {
    struct growing pool;
    struct occurrence *v;
    size_t n, cap;
    long long rowid;
    unsigned at;                 /* the position of the last word */
    bool started, too_long;
};

static int on_document_token(void *ctx, bool colocated, const char *tok, int n)
{
    struct tokens *tk = ctx;
    if (n <= 0) return 0;
    if (n > 32768) { tk->too_long = true; return 1; }   /* FTS5 cuts such a token: left to FTS5 */
    if (!colocated || !tk->started) { if (tk->started) tk->at++; tk->started = true; }
    if (tk->n == tk->cap) tk->v = xrealloc(tk->v, (tk->cap = tk->cap ? tk->cap * 2 : 4096) * sizeof *tk->v);
    tk->v[tk->n++] = (struct occurrence){ tk->pool.n, (unsigned)n, tk->rowid, tk->at };
    grow_put(&tk->pool, tok, (size_t)n);
    return 0;
}

static int cmp_occurrence(const void *a, const void *b, void *pool)
{
    const struct occurrence *x = a, *y = b;
    size_t m = x->len < y->len ? x->len : y->len;
    int c = memcmp((const char *)pool + x->tok, (const char *)pool + y->tok, m);
    if (c) return c;
    if (x->len != y->len) return x->len < y->len ? -1 : 1;
    if (x->rowid != y->rowid) return x->rowid < y->rowid ? -1 : 1;
    return x->at < y->at ? -1 : x->at > y->at;
}

struct term_index *store_term_index_of_reports(struct store_conn *c, const long long *ids, size_t nids)
{
    static const char SQL[] = "SELECT rowid, text FROM search_answer WHERE rowid BETWEEN ?1 AND ?2 ORDER BY rowid";
    struct store_fts_tok *ft = store_fts_tok_open(c->db);
    if (!ft) return NULL;
    struct tokens tk = { 0 };
    int rc = SQLITE_DONE;
    for (size_t i = 0; i < nids && rc == SQLITE_DONE && !tk.too_long; i++) {
        sqlite3_stmt *st = store_stmt(c, SQL);
        if (!st) { rc = SQLITE_ERROR; break; }
        sqlite3_bind_int64(st, 1, ids[i] * 65536);
        sqlite3_bind_int64(st, 2, ids[i] * 65536 + 65535);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            const char *text = (const char *)sqlite3_column_text(st, 1);
            tk.rowid = sqlite3_column_int64(st, 0);
            tk.at = 0;
            tk.started = false;
            if (text && store_fts_tok_document(ft, text, sqlite3_column_bytes(st, 1), on_document_token, &tk) < 0) {
                rc = SQLITE_ERROR;
                break;
            }
            if (tk.too_long) break;
        }
        store_done(st);
        if (rc == SQLITE_ROW) rc = SQLITE_DONE;
    }
    store_fts_tok_close(ft);
    if (rc != SQLITE_DONE || tk.too_long) {
        free(tk.pool.v);
        free(tk.v);
        return NULL;
    }
    qsort_r(tk.v, tk.n, sizeof *tk.v, cmp_occurrence, tk.pool.v);
    struct term_index *t = xcalloc(1, sizeof *t);
    atomic_init(&t->refs, 1);
    struct growing pool = { 0 }, post = { 0 }, pos = { 0 };
    size_t cap = 0;
    for (size_t i = 0; i < tk.n;) {
        const struct occurrence *o = &tk.v[i];
        if (t->nterms == cap) t->terms = xrealloc(t->terms, (cap = cap ? cap * 2 : 256) * sizeof *t->terms);
        struct term *e = &t->terms[t->nterms++];
        *e = (struct term){ .text = pool.n, .len = o->len, .off = post.n, .pos = pos.n };
        grow_put(&pool, (const char *)tk.pool.v + o->tok, o->len);
        long long prev = 0;
        size_t k = i;
        while (k < tk.n && tk.v[k].len == o->len && memcmp(tk.pool.v + tk.v[k].tok, tk.pool.v + o->tok, o->len) == 0) {
            /* one match: the term's occurrences in one answer */
            long long rowid = tk.v[k].rowid;
            size_t from = k;
            unsigned last = 0;
            for (; k < tk.n && tk.v[k].rowid == rowid && tk.v[k].len == o->len &&
                   memcmp(tk.pool.v + tk.v[k].tok, tk.pool.v + o->tok, o->len) == 0; k++) {
                put_varint(&pos, tk.v[k].at - last);
                last = tk.v[k].at;
            }
            unsigned times = (unsigned)(k - from);
            put_varint(&post, (unsigned long long)(rowid - prev) << 1 | (times > 1));
            if (times > 1) put_varint(&post, times - 2);
            prev = rowid;
            e->count++;
        }
        e->nbytes = post.n - e->off;
        i = k;
    }
    free(tk.pool.v);
    free(tk.v);
    static const unsigned char pad[8] = { 0 };
    grow_put(&pos, pad, sizeof pad);
    t->pool = (char *)pool.v;
    t->post = post.v;
    t->npost = post.n;
    t->pos = pos.v;
    t->npos = pos.n - sizeof pad;
    t->avgdl = 1.0;
    t->common = commonest(t);
    return t;
}

/* ---- matching ---- */

struct rowids { long long *v; size_t n; };

static const struct term *term_find(const struct term_index *t, const char *s, size_t n)
{
    size_t lo = 0, hi = t->nterms;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = cmp_term_text(t->pool, &t->terms[mid], s, n);
        if (c == 0) return &t->terms[mid];
        if (c < 0) lo = mid + 1; else hi = mid;
    }
    return NULL;
}

/* The first term not before the bytes s..n. */
static size_t term_lower(const struct term_index *t, const char *s, size_t n)
{
    size_t lo = 0, hi = t->nterms;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cmp_term_text(t->pool, &t->terms[mid], s, n) < 0) lo = mid + 1; else hi = mid;
    }
    return lo;
}

static inline __attribute__((always_inline)) unsigned long long varint_at(const unsigned char **pp, const unsigned char *end)
{
    const unsigned char *p = *pp;
    if (__builtin_expect(p < end && !(p[0] & 0x80), 1)) { *pp = p + 1; return p[0]; }   /* most are one byte */
    if (p + 1 < end && !(p[1] & 0x80)) { *pp = p + 2; return (p[0] & 0x7Fu) | (unsigned long long)p[1] << 7; }
    unsigned long long v = 0;
    int shift = 0;
    while (p < end && (*p & 0x80)) { v |= (unsigned long long)(*p++ & 0x7F) << shift; shift += 7; }
    if (p < end) v |= (unsigned long long)*p++ << shift;
    *pp = p;
    return v;
}

/* A value's reports (varint deltas). */
static struct rowids decode(const struct term_index *t, size_t off, size_t nbytes, size_t count)
{
    struct rowids r = { xmalloc((count ? count : 1) * sizeof(long long)), 0 };
    const unsigned char *p = t->post + off, *end = p + nbytes;
    long long prev = 0;
    while (p < end && r.n < count) {
        prev += (long long)varint_at(&p, end);
        r.v[r.n++] = prev;
    }
    return r;
}

/* Keep the rowids (ascending) between lo and hi. */
static void clip(struct rowids *r, long long lo, long long hi)
{
    size_t from = 0, to = r->n;
    while (from < to && r->v[from] < lo) from++;
    while (to > from && r->v[to - 1] > hi) to--;
    if (from) memmove(r->v, r->v + from, (to - from) * sizeof *r->v);
    r->n = to - from;
}

/* Does term i start with the bytes s..n? (Terms with a prefix follow term_lower's in a row.) */
static bool term_starts(const struct term_index *t, size_t i, const char *s, size_t n)
{
    const struct term *e = &t->terms[i];
    return e->len >= n && memcmp(t->pool + e->text, s, n) == 0;
}

/* a ∪ b (both ascending, no repeats), freeing both. */
static struct rowids unite(struct rowids a, struct rowids b)
{
    if (!a.n) { free(a.v); return b; }
    if (!b.n) { free(b.v); return a; }
    struct rowids r = { xmalloc((a.n + b.n) * sizeof(long long)), 0 };
    size_t i = 0, j = 0;
    while (i < a.n && j < b.n) {
        if (a.v[i] < b.v[j]) r.v[r.n++] = a.v[i++];
        else if (a.v[i] > b.v[j]) r.v[r.n++] = b.v[j++];
        else { r.v[r.n++] = a.v[i++]; j++; }
    }
    while (i < a.n) r.v[r.n++] = a.v[i++];
    while (j < b.n) r.v[r.n++] = b.v[j++];
    free(a.v);
    free(b.v);
    return r;
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = ((const struct rowids *)a)->n, y = ((const struct rowids *)b)->n;
    return x < y ? -1 : x > y;
}

/* The union of the sets in v[0..n) (freed), the smallest first so that each match is copied few times. */
static struct rowids unite_all(struct rowids *v, size_t n)
{
    if (!n) return (struct rowids){ xmalloc(sizeof(long long)), 0 };
    while (n > 1) {
        qsort(v, n, sizeof *v, cmp_size);
        v[0] = unite(v[0], v[1]);
        v[1] = v[--n];
    }
    return v[0];
}

/* Words in a phrase the index matches by their positions (a longer one is left to FTS5). */
#define PHRASE_WORDS_MAX 16

/* One phrase's terms: its tokens as the tokenizer gives them in query mode, or every term with its prefix. */
struct phrase_terms {
    const struct term_index *t;
    const struct term **v;       /* those in some answer (a token in none matches nothing) */
    unsigned char *word;         /* for each of v: its unit (a word, or a pair of words side by side: phrase_units) */
    size_t n, cap;
    size_t count;                /* their matches, all told */
    int positions;               /* tokens that are not alternatives of the one before: the phrase's words */
    int units;                   /* the units of a phrase of several words (else its words) */
    unsigned char unit_at[PHRASE_WORDS_MAX];   /* the place of each unit's first word in the phrase */
    bool prefix, unsafe;
    bool matching;               /* for the matches only (not for counting occurrences) */
    bool several;                /* a phrase of several words is taken (else FTS5 answers it) */
    bool whole;                  /* a word of such a phrase: its matches are the phrase's to check (keep_phrase) */
};


/* Matches one query may decode (two words in nearly every answer: 1.7 million at 40,000 reports); beyond,
   FTS5 answers under the query's time budget (a query of 2-letter prefixes could unite most of the index). */
#define MATCH_DECODE_MAX 8000000

static void terms_add(struct phrase_terms *pt, const struct term *e)
{
    if (e->unsafe) { pt->unsafe = true; return; }
    if (pt->n == pt->cap) {
        pt->cap = pt->cap ? pt->cap * 2 : 8;
        pt->v = xrealloc(pt->v, pt->cap * sizeof *pt->v);
        pt->word = xrealloc(pt->word, pt->cap);
    }
    pt->word[pt->n] = (unsigned char)(pt->positions - 1);
    pt->v[pt->n++] = e;
    pt->count += e->count;
}

static int on_token(void *ctx, bool colocated, const char *tok, int n)
{
    struct phrase_terms *pt = ctx;
    if (!colocated) pt->positions++;
    if (n <= 0) return 1;
    /* several words: matched by their positions when the caller can (not after a prefix), else FTS5 answers */
    if (pt->positions > 1 && (!pt->several || pt->prefix || pt->positions > PHRASE_WORDS_MAX)) return 1;
    if (!pt->prefix) {
        const struct term *e = term_find(pt->t, tok, (size_t)n);
        /* The query word itself, when its stems (the tokens that follow) stand wherever it does: they find
           its matches and positions. */
        if (e && pt->matching && !colocated && e->covered) return 0;
        if (e) terms_add(pt, e);
    } else {
        for (size_t i = term_lower(pt->t, tok, (size_t)n); i < pt->t->nterms && term_starts(pt->t, i, tok, (size_t)n); i++)
            terms_add(pt, &pt->t->terms[i]);
    }
    return pt->unsafe;
}

static void phrase_free(struct phrase_terms *pt)
{
    free(pt->v);
    free(pt->word);
}

/*
 * A phrase of several words as units for matching: two words side by side whose terms are all common
 * terms (pairs_make; the word itself left out where its stems cover it, as matching does) make one
 * unit at the first one's place, whose terms are the index's pairs of theirs (a pair in no answer is
 * not there: the unit has none of it); a word in no such pair is a unit of its own.  "of the": the
 * answers where a term of "of" stands right before one of "the", one list, where the words' own
 * lists hold 150,000 answers each.
 */
static void phrase_units(struct phrase_terms *pt)
{
    const struct term_index *t = pt->t;
    int nw = pt->positions;
    if (!t->npairs) return;
    bool common[PHRASE_WORDS_MAX], paired[PHRASE_WORDS_MAX] = { false };
    size_t terms[PHRASE_WORDS_MAX] = { 0 };
    for (int j = 0; j < nw; j++) common[j] = true;
    for (size_t k = 0; k < pt->n; k++) {
        terms[pt->word[k]]++;
        if (!pt->v[k]->common) common[pt->word[k]] = false;
    }
    bool any = false;
    for (int j = 0; j + 1 < nw; j++) any |= common[j] && common[j + 1] && terms[j] && terms[j + 1];
    if (!any) return;
    struct phrase_terms u = { .t = t, .prefix = pt->prefix, .matching = pt->matching, .several = pt->several,
                              .positions = nw };
    for (int j = 0; j + 1 < nw; j++) {
        if (!common[j] || !common[j + 1] || !terms[j] || !terms[j + 1]) continue;
        paired[j] = paired[j + 1] = true;
        u.unit_at[u.units] = (unsigned char)j;
        u.positions = ++u.units;                       /* terms_add files a term under unit positions - 1 */
        for (size_t a = 0; a < pt->n; a++) {
            if (pt->word[a] != j) continue;
            for (size_t b = 0; b < pt->n; b++) {
                if (pt->word[b] != j + 1) continue;
                unsigned at = t->pair_at[(size_t)(pt->v[a]->common - 1) * t->ncommon + (pt->v[b]->common - 1)];
                if (at) terms_add(&u, &t->pairs[at - 1]);
            }
        }
    }
    for (int j = 0; j < nw; j++) {
        if (paired[j]) continue;
        u.unit_at[u.units] = (unsigned char)j;
        u.positions = ++u.units;
        for (size_t k = 0; k < pt->n; k++) if (pt->word[k] == j) terms_add(&u, pt->v[k]);
    }
    u.positions = nw;
    phrase_free(pt);
    *pt = u;
}

/*
 * The terms of one phrase (text..n, prefix or not) into *pt (pt->v and pt->word owned: phrase_free): 1,
 * 0 when FTS5 must answer (several words unless `several`, a term the index could not hold), -1 on
 * error.  `matching`: a word its stems cover (mark_covered) is left to them.
 */
static int phrase_terms(const struct term_index *t, sqlite3 *db, const char *text, size_t n, bool prefix, bool matching,
                        bool several, struct phrase_terms *pt)
{
    *pt = (struct phrase_terms){ .t = t, .prefix = prefix, .matching = matching, .several = several };
    int rc = store_fts_query_tokens(db, text, (int)n, prefix, on_token, pt);
    if (rc < 0) return -1;
    if (rc != 0 || pt->positions < 1 || (!several && pt->positions > 1) || pt->unsafe) return 0;
    pt->units = pt->positions;
    for (int j = 0; j < pt->positions; j++) pt->unit_at[j] = (unsigned char)j;
    if (matching && pt->positions > 1) phrase_units(pt);
    return 1;
}


/* ---- cursors: a term's matches read one at a time ---- */

struct cursor {
    const struct term_index *t;
    const struct term *e;
    const unsigned char *p, *end;
    long long cur;               /* the match read last; LLONG_MAX past the end */
    unsigned times;              /* how often the term occurs in it */
    size_t left;                 /* matches not read yet */
    const unsigned char *pp;     /* a cursor with positions (cursor_open_at): the positions not read yet, */
    size_t pend;                 /* of which so many varints belong to the matches before the last read */
    unsigned unread;             /* and so many to the last (cursor_positions reads them) */
};

/* Past n varints from p: 8 bytes at a time while more than 8 varints are left (pos[] ends with 8 bytes
   of padding), counting the bytes that end one. */
static const unsigned char *skip_varints(const unsigned char *p, size_t n)
{
    while (n > 8) {
        uint64_t x;
        memcpy(&x, p, 8);
        n -= (size_t)__builtin_popcountll(~x & 0x8080808080808080ULL);
        p += 8;
    }
    while (n) n -= !(*p++ & 0x80);
    return p;
}

static inline __attribute__((always_inline)) void cursor_next(struct cursor *c)
{
    if (!c->left) { c->cur = LLONG_MAX; return; }
    c->left--;
    unsigned long long v = varint_at(&c->p, c->end);
    c->times = v & 1 ? 2 + (unsigned)varint_at(&c->p, c->end) : 1;
    c->cur += (long long)(v >> 1);
    c->pend += c->unread;                              /* positions skipped when read (cursor_positions) */
    c->unread = c->times;
}

/* A cursor on term e's first match. */
static struct cursor cursor_open(const struct term_index *t, const struct term *e)
{
    struct cursor c = { t, e, t->post + e->off, t->post + e->off + e->nbytes, 0, 0, e->count, NULL, 0, 0 };
    cursor_next(&c);
    return c;
}

/* The same, with the positions of each match (cursor_positions). */
static struct cursor cursor_open_at(const struct term_index *t, const struct term *e)
{
    struct cursor c = { t, e, t->post + e->off, t->post + e->off + e->nbytes, 0, 0, e->count, t->pos + e->pos, 0, 0 };
    cursor_next(&c);
    return c;
}

/* Move to the first match at or after target, over whole runs of SKIP_EVERY where the skips allow. */
static void cursor_seek(struct cursor *c, long long target)
{
    if (c->cur >= target) return;
    size_t read = c->e->count - c->left;               /* the match read last is number read - 1 */
    size_t lo = read / SKIP_EVERY, hi = c->e->nskip;   /* skip j leads to match (j + 1) * SKIP_EVERY */
    const struct skip *sk = lo < hi ? c->t->skips + c->e->skip : NULL;   /* (an index of a few reports has none) */
    if (sk && sk[lo].before < target) {
        while (lo + 1 < hi) {                          /* the last skip whose match before is under target */
            size_t mid = lo + (hi - lo) / 2;
            if (sk[mid].before < target) lo = mid; else hi = mid;
        }
        c->p = c->t->post + sk[lo].off;
        c->cur = sk[lo].before;
        c->left = c->e->count - (lo + 1) * SKIP_EVERY;
        if (c->pp) c->pp = c->t->pos + sk[lo].pos;
        c->pend = c->unread = 0;
        cursor_next(c);
    }
    while (c->cur < target) cursor_next(c);
}

/* cursor_seek for a target a few matches on (the lists of a phrase's words, read together): steps first. */
static inline __attribute__((always_inline)) void cursor_seek_near(struct cursor *c, long long target)
{
    for (int i = 0; i < 8 && c->cur < target; i++) cursor_next(c);
    if (c->cur < target) cursor_seek(c, target);
}

/* A term's matches, decoded. */
static struct rowids term_decode(const struct term_index *t, const struct term *e)
{
    struct rowids r = { xmalloc((e->count ? e->count : 1) * sizeof(long long)), 0 };
    for (struct cursor c = cursor_open(t, e); c.cur != LLONG_MAX; cursor_next(&c)) r.v[r.n++] = c.cur;
    return r;
}

/* Keep the rowids of a that some term of p holds: each term's cursor sought to each rowid in turn. */
static void keep_held(const struct term_index *t, struct rowids *a, const struct phrase_terms *p)
{
    unsigned char *held = xcalloc(a->n ? a->n : 1, 1);
    for (size_t k = 0; k < p->n; k++) {
        if (p->v[k]->dense) {                          /* a term in most answers: a bit each */
            const struct dense *d = &t->dense[p->v[k]->dense - 1];
            for (size_t i = 0; i < a->n; i++) {
                long long r = a->v[i];
                size_t q = (size_t)(r & 65535), bit = (size_t)(r >> 16) * STORE_RANK_QMAX + q;
                if (q < STORE_RANK_QMAX && bit < d->nbits && (d->bits[bit >> 6] >> (bit & 63) & 1)) held[i] = 1;
            }
            continue;
        }
        struct cursor c = cursor_open(t, p->v[k]);
        for (size_t i = 0; i < a->n && c.cur != LLONG_MAX; i++) {
            if (held[i]) continue;
            cursor_seek(&c, a->v[i]);
            if (c.cur == a->v[i]) held[i] = 1;
        }
    }
    size_t n = 0;
    for (size_t i = 0; i < a->n; i++) if (held[i]) a->v[n++] = a->v[i];
    a->n = n;
    free(held);
}

/* ---- a phrase of several words: where its words stand ---- */

/* One word's positions in the answer read last (every term of the word's, ascending). */
struct word_at { unsigned *v; size_t n, cap; };

struct phrase_reader {
    const struct phrase_terms *pt;
    struct cursor *cs;           /* one per term of the phrase, with positions */
    struct word_at w[PHRASE_WORDS_MAX];
    unsigned *tmp;               /* one term's positions before they are merged */
    size_t tmpcap;
    const unsigned char **at;    /* phrase_count: where each term's positions in the answer are, */
    unsigned *cnt;               /* and how many */
    size_t *order;               /* the terms (indexes in pt->v), unit by unit, the unit with fewest matches first */
    size_t word_end[PHRASE_WORDS_MAX];   /* where each unit's terms end in order[] */
    unsigned char word_of[PHRASE_WORDS_MAX];   /* the units in that order */
};

static void reader_open(struct phrase_reader *r, const struct term_index *t, const struct phrase_terms *pt)
{
    size_t n = pt->n ? pt->n : 1;
    *r = (struct phrase_reader){ .pt = pt, .cs = xcalloc(n, sizeof *r->cs), .order = xcalloc(n, sizeof *r->order),
                                 .at = xcalloc(n, sizeof *r->at), .cnt = xcalloc(n, sizeof *r->cnt) };
    size_t count[PHRASE_WORDS_MAX] = { 0 };
    for (size_t k = 0; k < pt->n; k++) {
        r->cs[k] = cursor_open_at(t, pt->v[k]);
        count[pt->word[k]] += pt->v[k]->count;
    }
    bool taken[PHRASE_WORDS_MAX] = { false };
    n = 0;
    for (int i = 0; i < pt->units; i++) {
        int best = -1;
        for (int j = 0; j < pt->units; j++)
            if (!taken[j] && (best < 0 || count[j] < count[best])) best = j;
        taken[best] = true;
        r->word_of[i] = (unsigned char)best;
        for (size_t k = 0; k < pt->n; k++) if (pt->word[k] == best) r->order[n++] = k;
        r->word_end[i] = n;
    }
}

static void reader_close(struct phrase_reader *r)
{
    free(r->cs);
    free(r->order);
    free(r->at);
    free(r->cnt);
    free(r->tmp);
    for (int j = 0; j < PHRASE_WORDS_MAX; j++) free(r->w[j].v);
}

/* The m positions at p (varints of distances) merged into w's (both ascending). */
static void positions_merge(struct phrase_reader *r, const struct term_index *t, const unsigned char *p, size_t m,
                            struct word_at *w)
{
    if (w->n + m > w->cap) {
        w->cap = (w->n + m) * 2;
        w->v = xrealloc(w->v, w->cap * sizeof *w->v);
    }
    unsigned *to = w->n ? r->tmp : w->v;
    if (w->n && m > r->tmpcap) r->tmp = to = xrealloc(r->tmp, (r->tmpcap = m * 2) * sizeof *r->tmp);
    const unsigned char *end = t->pos + t->npos;
    unsigned at = 0;
    for (size_t i = 0; i < m; i++) {
        at += (unsigned)varint_at(&p, end);
        to[i] = at;
    }
    if (to == w->v) { w->n = m; return; }
    size_t i = w->n, j = m, k = w->n + m;            /* merged from the end */
    while (j) w->v[--k] = i && w->v[i - 1] > to[j - 1] ? w->v[--i] : to[--j];
    w->n += m;
}

/* Where the positions of c's match are (*m of them); the cursor then skips them with the next match's. */
static const unsigned char *cursor_positions(struct cursor *c, unsigned *m)
{
    c->pp = skip_varints(c->pp, c->pend);
    *m = c->unread;
    c->pend = c->unread;
    c->unread = 0;
    return c->pp;
}

/* The positions of c's match merged into w's. */
static void positions_add(struct phrase_reader *r, struct cursor *c, struct word_at *w)
{
    unsigned m;
    const unsigned char *p = cursor_positions(c, &m);
    positions_merge(r, c->t, p, m, w);
}

/* Mark found[x] for each start st[x] (ascending, ns of them) where one of the m positions at p is st[x] + j;
   read only as far as the last start needs. */
static void positions_match(const struct term_index *t, const unsigned char *p, size_t m, const unsigned *st, size_t ns,
                            unsigned j, unsigned char *found)
{
    const unsigned char *end = t->pos + t->npos;
    unsigned at = 0, last = st[ns - 1] + j;
    size_t x = 0;
    for (; m; m--) {
        at += (unsigned)varint_at(&p, end);
        if (at < j) continue;
        while (x < ns && st[x] + j < at) x++;
        if (x == ns) break;
        if (st[x] + j == at) found[x] = 1;
        if (at >= last) break;
    }
}

/*
 * The instances of the phrase in one answer, from where each of its terms' positions are there
 * (at[k], cnt[k] of them; NULL: term k is not in the answer): the rarest word's positions, its
 * terms' merged, are where the phrase may start; each other word keeps the starts where one of its
 * terms stands at its place.
 */
static unsigned phrase_instances(struct phrase_reader *r, const unsigned char *const *at, const unsigned *cnt)
{
    const struct phrase_terms *pt = r->pt;
    int nw = pt->units;
    const struct term_index *t = pt->t;
    struct word_at *w = &r->w[0];
    w->n = 0;
    for (size_t k = 0; k < r->word_end[0]; k++)
        if (at[r->order[k]]) positions_merge(r, t, at[r->order[k]], cnt[r->order[k]], w);
    unsigned rare = pt->unit_at[r->word_of[0]];
    size_t ns = 0;
    for (size_t i = 0; i < w->n; i++)                 /* a position two terms share counts once */
        if (w->v[i] >= rare && (ns == 0 || w->v[ns - 1] != w->v[i] - rare)) w->v[ns++] = w->v[i] - rare;
    struct word_at *f = &r->w[1];
    if (f->cap < ns) f->v = xrealloc(f->v, (f->cap = ns * 2) * sizeof *f->v);
    unsigned char *found = (unsigned char *)f->v;
    for (int i = 1; i < nw && ns; i++) {
        memset(found, 0, ns);
        for (size_t k = r->word_end[i - 1]; k < r->word_end[i]; k++)
            if (at[r->order[k]])
                positions_match(t, at[r->order[k]], cnt[r->order[k]], w->v, ns, pt->unit_at[r->word_of[i]], found);
        size_t kept = 0;
        for (size_t x = 0; x < ns; x++) if (found[x]) w->v[kept++] = w->v[x];
        ns = kept;
    }
    return (unsigned)ns;
}

/*
 * How often the phrase occurs in the answer rowid, as FTS5 counts its instances: the positions where
 * a term of its first word stands, a term of the second one further, and so on (a word's terms, its
 * alternatives, merged as FTS5 merges a token's colocated ones); 0 where it does not.  The rowids are
 * asked in ascending order.  A phrase of one word: the positions of its terms, merged.
 */

static unsigned phrase_count(struct phrase_reader *r, long long rowid)
{
    const struct phrase_terms *pt = r->pt;
    int nw = pt->units;
    /* First whether every unit is there, the rarest first (the others' cursors catch up at the next rowid). */
    for (int i = 0, k = 0; i < nw; i++) {
        bool there = false;
        for (; (size_t)k < r->word_end[i]; k++) {
            struct cursor *c = &r->cs[r->order[k]];
            cursor_seek_near(c, rowid);
            there |= c->cur == rowid;
        }
        if (!there) return 0;
    }
    for (size_t k = 0; k < pt->n; k++) {
        r->at[k] = NULL;
        if (r->cs[k].cur == rowid) r->at[k] = cursor_positions(&r->cs[k], &r->cnt[k]);
    }
    return phrase_instances(r, r->at, r->cnt);
}

/* Does b stand wherever a does: in each of a's answers, at each of its positions? */
static bool within(const struct term_index *t, const struct term *a, const struct term *b)
{
    if (a->count > b->count) return false;
    struct cursor x = cursor_open_at(t, a), y = cursor_open_at(t, b);
    struct phrase_reader r = { 0 };
    bool in = true;
    for (; in && x.cur != LLONG_MAX; cursor_next(&x)) {
        cursor_seek(&y, x.cur);
        if (y.cur != x.cur) { in = false; break; }
        r.w[0].n = r.w[1].n = 0;
        positions_add(&r, &x, &r.w[0]);
        positions_add(&r, &y, &r.w[1]);
        for (size_t i = 0, j = 0; in && i < r.w[0].n; i++) {
            while (j < r.w[1].n && r.w[1].v[j] < r.w[0].v[i]) j++;
            in = j < r.w[1].n && r.w[1].v[j] == r.w[0].v[i];
        }
    }
    reader_close(&r);
    return in;
}

/* Keep the rowids of a where the phrase pt occurs. */
static void keep_phrase(const struct term_index *t, struct rowids *a, const struct phrase_terms *pt)
{
    struct phrase_reader r;
    reader_open(&r, t, pt);
    size_t n = 0;
    for (size_t i = 0; i < a->n; i++)
        if (phrase_count(&r, a->v[i])) a->v[n++] = a->v[i];
    a->n = n;
    reader_close(&r);
}

/* Unit j of the phrase pt as a phrase of its own (for the answers that hold every unit). */
static void phrase_unit(const struct phrase_terms *pt, int j, struct phrase_terms *out)
{
    *out = (struct phrase_terms){ .t = pt->t, .positions = 1, .matching = true };
    for (size_t k = 0; k < pt->n; k++)
        if (pt->word[k] == j) terms_add(out, pt->v[k]);
}

/* The terms of one word as the tokenizer gives them in query mode: the word, then its stems. */
struct word_stems { const struct term_index *t; const char *word; size_t len; const struct term *stems[8]; int n, positions; bool self; };

static int on_stem(void *ctx, bool colocated, const char *tok, int n)
{
    struct word_stems *ws = ctx;
    if (!colocated) {
        ws->positions++;
        ws->self = (size_t)n == ws->len && memcmp(tok, ws->word, ws->len) == 0;
        return ws->positions > 1;
    }
    const struct term *e = term_find(ws->t, tok, (size_t)n);
    if (e && !e->unsafe && ws->n < 8) ws->stems[ws->n++] = e;
    return 0;
}

/*
 * Mark the terms that one of their own stems stands beside wherever they stand (checked on the lists
 * and positions: a word indexed as itself comes with its stems, but it may also stand as another
 * word's stem).  A query word so marked is matched through its stems alone, the same answers and, in
 * a phrase, the same positions, with one list fewer to merge ("yes" through "ye", "national" through
 * "nation").  The counts for ranking still read every term.
 */
static void mark_covered(struct term_index *t, sqlite3 *db)
{
    struct store_fts_tok *ft = store_fts_tok_open(db);
    if (!ft) return;
    for (size_t i = 0; i < t->nterms; i++) {
        struct term *e = &t->terms[i];
        if (e->unsafe || !e->count) continue;
        struct word_stems ws = { .t = t, .word = t->pool + e->text, .len = e->len };
        if (store_fts_tok_run(ft, ws.word, (int)ws.len, false, on_stem, &ws) != 0 || ws.positions != 1 || !ws.self) continue;
        for (int k = 0; k < ws.n && !e->covered; k++)
            if (ws.stems[k] != e && within(t, e, ws.stems[k])) e->covered = true;
    }
    store_fts_tok_close(ft);
}

/* ---- pairs of common terms side by side ---- */

/* The terms in most answers whose pairs are kept (their own matches, not covered ones'), if in that many. */
#define PAIR_TERMS 128
#define PAIR_MIN 64

/* One position of a common term in the answers of one report being read. */
struct term_at { long long rowid; unsigned at; unsigned short slot; };
/* One pair there: slot * ncommon + slot, where its first term stands. */
struct pair_at { unsigned pair, at; };
/* One pair's matches and positions as they are found (rowids ascending), with their skips. */
struct pair_build { struct growing post, pos; struct skip *sk; size_t nsk, capsk, count; long long last; };

static int cmp_count_desc(const void *a, const void *b)
{
    size_t x = (*(const struct term *const *)a)->count, y = (*(const struct term *const *)b)->count;
    return x < y ? 1 : x > y ? -1 : 0;
}

static int cmp_term_at(const void *a, const void *b)
{
    const struct term_at *x = a, *y = b;
    if (x->rowid != y->rowid) return x->rowid < y->rowid ? -1 : 1;
    if (x->at != y->at) return x->at < y->at ? -1 : 1;
    return (x->slot > y->slot) - (x->slot < y->slot);
}

static int cmp_pair_at(const void *a, const void *b)
{
    const struct pair_at *x = a, *y = b;
    if (x->pair != y->pair) return x->pair < y->pair ? -1 : 1;
    return (x->at > y->at) - (x->at < y->at);
}

/* One match of a pair: in answer rowid, at the n positions at[] (ascending, distinct). */
static void pair_add(struct pair_build *b, long long rowid, const struct pair_at *at, size_t n)
{
    if (!b->post.v) b->post.cap = b->pos.cap = 64;
    if (b->count && b->count % SKIP_EVERY == 0) {
        if (b->nsk == b->capsk) b->sk = xrealloc(b->sk, (b->capsk = b->capsk ? b->capsk * 2 : 4) * sizeof *b->sk);
        b->sk[b->nsk++] = (struct skip){ b->last, b->post.n, b->pos.n };
    }
    unsigned last = 0;
    for (size_t i = 0; i < n; i++) { put_varint(&b->pos, at[i].at - last); last = at[i].at; }
    put_varint(&b->post, (unsigned long long)(rowid - b->last) << 1 | (n > 1));
    if (n > 1) put_varint(&b->post, n - 2);
    b->last = rowid;
    b->count++;
}

/* The pairs of the common terms at the positions of one answer (v[0..n), sorted by position), found into b. */
static void pairs_of_answer(const struct term_at *v, size_t n, unsigned ncommon, struct pair_build *b,
                            struct pair_at **em, size_t *cap)
{
    size_t m = 0;
    for (size_t i = 0, j = 0; i < n; i++) {
        while (j < n && v[j].at <= v[i].at) j++;       /* the first entry past v[i]'s position */
        for (size_t k = j; k < n && v[k].at == v[i].at + 1; k++) {
            if (m == *cap) *em = xrealloc(*em, (*cap = *cap ? *cap * 2 : 256) * sizeof **em);
            (*em)[m++] = (struct pair_at){ (unsigned)v[i].slot * ncommon + v[k].slot, v[i].at };
        }
    }
    if (m > 1) qsort(*em, m, sizeof **em, cmp_pair_at);
    for (size_t i = 0; i < m;) {
        size_t k = i;
        while (k < m && (*em)[k].pair == (*em)[i].pair) k++;
        pair_add(&b[(*em)[i].pair], v[0].rowid, *em + i, k - i);
        i = k;
    }
}

/*
 * The pairs of common terms side by side: for the PAIR_TERMS terms in most answers (not those their stems
 * cover), each pair of them with the answers where the first stands right before the second, and where,
 * as a term of its own (in pairs[], with its matches and positions after the terms' in post and pos).  A
 * phrase whose words are all common is then matched from a pair's list (phrase_units) instead of the
 * walk over every answer that holds both words.  Read report by report (rowids are report * 65536 +
 * question), the common terms' positions there sorted, their pairs found in each answer.  false when
 * stopped.
 */
static bool pairs_make(struct term_index *t, const atomic_bool *stop)
{
    struct term **top = xcalloc(t->nterms ? t->nterms : 1, sizeof *top);
    size_t n = 0;
    for (size_t i = 0; i < t->nterms; i++)
        if (!t->terms[i].unsafe && !t->terms[i].covered && t->terms[i].count >= PAIR_MIN) top[n++] = &t->terms[i];
    qsort(top, n, sizeof *top, cmp_count_desc);
    unsigned k = n < PAIR_TERMS ? (unsigned)n : PAIR_TERMS;
    if (k < 1) { free(top); return true; }
    struct cursor *cs = xcalloc(k, sizeof *cs);
    for (unsigned i = 0; i < k; i++) cs[i] = cursor_open_at(t, top[i]);
    struct pair_build *b = xcalloc((size_t)k * k, sizeof *b);
    struct term_at *v = NULL, *by = NULL;
    struct pair_at *em = NULL;
    size_t nv = 0, capv = 0, capem = 0;
    size_t *start = xcalloc(65537, sizeof *start);      /* a report's entries by question (rowid % 65536) */
    bool stopped = false;
    for (unsigned long reports = 0;; reports++) {
        if (reports % 1024 == 0 && stop && atomic_load(stop)) { stopped = true; break; }
        long long block = LLONG_MAX;
        for (unsigned i = 0; i < k; i++) if (cs[i].cur != LLONG_MAX && (cs[i].cur >> 16) < block) block = cs[i].cur >> 16;
        if (block == LLONG_MAX) break;
        nv = 0;
        unsigned qmax = 0;
        for (unsigned i = 0; i < k; i++) {
            for (struct cursor *c = &cs[i]; c->cur != LLONG_MAX && (c->cur >> 16) == block; cursor_next(c)) {
                unsigned m, at = 0, qn = (unsigned)(c->cur & 65535);
                const unsigned char *p = cursor_positions(c, &m), *end = t->pos + t->npos;
                if (nv + m > capv) {
                    capv = (nv + m) * 2 + 256;
                    v = xrealloc(v, capv * sizeof *v);
                    by = xrealloc(by, capv * sizeof *by);
                }
                if (qn > qmax) qmax = qn;
                for (unsigned x = 0; x < m; x++) {
                    at += (unsigned)varint_at(&p, end);
                    v[nv++] = (struct term_at){ c->cur, at, (unsigned short)i };
                }
            }
        }
        /* By answer (a counting sort on the question), then by position within each (a few entries). */
        memset(start, 0, ((size_t)qmax + 2) * sizeof *start);
        for (size_t i = 0; i < nv; i++) start[(v[i].rowid & 65535) + 1]++;
        for (unsigned q = 0; q <= qmax; q++) start[q + 1] += start[q];
        for (size_t i = 0; i < nv; i++) by[start[v[i].rowid & 65535]++] = v[i];
        for (size_t i = 0; i < nv;) {
            size_t j = i;
            while (j < nv && by[j].rowid == by[i].rowid) j++;
            if (j - i > 32) qsort(by + i, j - i, sizeof *by, cmp_term_at);
            else for (size_t x = i + 1; x < j; x++) {   /* insertion sort by position, then term */
                struct term_at e = by[x];
                size_t y = x;
                while (y > i && cmp_term_at(&by[y - 1], &e) > 0) { by[y] = by[y - 1]; y--; }
                by[y] = e;
            }
            if (j - i > 1) pairs_of_answer(by + i, j - i, k, b, &em, &capem);
            i = j;
        }
    }
    free(v);
    free(by);
    free(start);
    free(em);
    free(cs);
    /* Each pair found, as a term after the others' matches, positions and skips. */
    size_t npairs = 0, post = 0, pos = 0, skips = 0;
    for (size_t i = 0; i < (size_t)k * k; i++) {
        if (!b[i].count) continue;
        npairs++;
        post += b[i].post.n;
        pos += b[i].pos.n;
        skips += b[i].nsk;
    }
    if (!stopped) {
        static const unsigned char pad[8] = { 0 };
        t->post = xrealloc(t->post, t->npost + post + 1);
        t->pos = xrealloc(t->pos, t->npos + pos + sizeof pad);
        t->skips = xrealloc(t->skips, (t->nskips + skips + 1) * sizeof *t->skips);
        t->pairs = xcalloc(npairs ? npairs : 1, sizeof *t->pairs);
        t->pair_at = xcalloc((size_t)k * k, sizeof *t->pair_at);
        t->ncommon = k;
        for (unsigned i = 0; i < k; i++) top[i]->common = (unsigned short)(i + 1);
        for (size_t i = 0; i < (size_t)k * k; i++) {
            if (!b[i].count) continue;
            struct term *e = &t->pairs[t->npairs];
            *e = (struct term){ .off = t->npost, .nbytes = b[i].post.n, .count = b[i].count, .pos = t->npos,
                                .skip = t->nskips, .nskip = b[i].nsk };
            for (size_t j = 0; j < b[i].nsk; j++)
                t->skips[t->nskips++] = (struct skip){ b[i].sk[j].before, t->npost + b[i].sk[j].off, t->npos + b[i].sk[j].pos };
            memcpy(t->post + t->npost, b[i].post.v, b[i].post.n);
            t->npost += b[i].post.n;
            memcpy(t->pos + t->npos, b[i].pos.v, b[i].pos.n);
            t->npos += b[i].pos.n;
            t->pair_at[i] = (unsigned)++t->npairs;
        }
        memcpy(t->pos + t->npos, pad, sizeof pad);
    }
    for (size_t i = 0; i < (size_t)k * k; i++) { free(b[i].post.v); free(b[i].pos.v); free(b[i].sk); }
    free(b);
    free(top);
    return !stopped;
}

/* ---- the terms in most answers as bitmaps ---- */

/*
 * A bitmap for each term in one answer of DENSE_SHARE at least (of every report * STORE_RANK_QMAX + question
 * slot; at 40,000 reports 13 terms, 0.65 MB each), whose matches are all within those slots: keep_held then
 * tests a bit for each answer kept so far where a cursor would walk the term's list ("yes national": the
 * answers of "national" and "nation", 165,000, each sought in the 852,724 matches of "ye").  Terms a phrase
 * reads the positions of keep their lists.
 */
#define DENSE_SHARE 48
static void dense_make(struct term_index *t)
{
    long long last = 0;                                /* the highest rowid of any term */
    for (size_t i = 0; i < t->nterms; i++) {
        const struct term *e = &t->terms[i];
        if (e->unsafe || !e->count) continue;
        struct cursor c = cursor_open(t, e);
        if (e->nskip) cursor_seek(&c, t->skips[e->skip + e->nskip - 1].before + 1);
        for (; c.cur != LLONG_MAX; cursor_next(&c)) if (c.cur > last) last = c.cur;
    }
    size_t slots = (size_t)((last >> 16) + 1) * STORE_RANK_QMAX;
    for (size_t i = 0; i < t->nterms; i++) {
        struct term *e = &t->terms[i];
        if (e->unsafe || e->covered || e->count < 1024 || e->count < slots / DENSE_SHARE) continue;
        struct dense d = { xcalloc((slots + 63) / 64, sizeof(uint64_t)), slots };
        bool fits = true;
        for (struct cursor c = cursor_open(t, e); fits && c.cur != LLONG_MAX; cursor_next(&c)) {
            size_t q = (size_t)(c.cur & 65535), bit = (size_t)(c.cur >> 16) * STORE_RANK_QMAX + q;
            fits = q < STORE_RANK_QMAX && bit < slots;
            if (fits) d.bits[bit >> 6] |= 1ULL << (bit & 63);
        }
        if (!fits || t->ndense == 65535) { free(d.bits); continue; }
        t->dense = xrealloc(t->dense, (t->ndense + 1) * sizeof *t->dense);
        t->dense[t->ndense++] = d;
        e->dense = (unsigned short)t->ndense;
    }
}

static int cmp_phrase_count(const void *a, const void *b)
{
    size_t x = ((const struct phrase_terms *)a)->count, y = ((const struct phrase_terms *)b)->count;
    return x < y ? -1 : x > y;
}

#define MATCH_PHRASES_MAX 64     /* a query of more phrases is left to FTS5 */

/*
 * The phrases are taken the one with the fewest matches first: its matches are decoded and united,
 * clipped to lo..hi, then each other phrase keeps those some term of it holds, its terms' lists
 * sought (skips) rather than decoded whole; an empty result stops there.  A phrase of several words
 * counts as its words, each a phrase of its own; what is left then keeps the answers where the
 * words stand in a row (keep_phrase, from the terms' positions).
 */
int store_term_index_match(const struct term_index *t, sqlite3 *db, const char *q, long long lo, long long hi,
                           long long **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    struct phrase_terms ph[MATCH_PHRASES_MAX] = { 0 }, whole[MATCH_PHRASES_MAX] = { 0 };
    size_t np = 0, nwhole = 0, decoded = 0;
    const char *p = q, *text;
    size_t len;
    bool prefix;
    int rc = 1, more;
    while (rc == 1 && (more = store_fts_next_phrase(&p, &text, &len, &prefix)) != 0) {
        if (more < 0 || np == MATCH_PHRASES_MAX) { rc = 0; break; }   /* not as store_search_quote writes: FTS5 decides */
        rc = phrase_terms(t, db, text, len, prefix, true, true, &ph[np]);
        if (rc == 1 && ph[np].positions > 1) {         /* several words: each a phrase, then their positions */
            struct phrase_terms *w = &whole[nwhole++];
            *w = ph[np];
            ph[np] = (struct phrase_terms){ 0 };
            for (int j = 0; j < w->units; j++) {
                if (np == MATCH_PHRASES_MAX) { rc = 0; break; }
                phrase_unit(w, j, &ph[np]);
                ph[np].whole = true;
                decoded += ph[np++].count;
            }
            continue;
        }
        decoded += ph[np++].count;
    }
    if (rc == 1 && (np == 0 || decoded > MATCH_DECODE_MAX)) rc = 0;
    if (rc == 1) {
        qsort(ph, np, sizeof *ph, cmp_phrase_count);
        struct rowids *sets = xcalloc(ph[0].n ? ph[0].n : 1, sizeof *sets);
        for (size_t i = 0; i < ph[0].n; i++) sets[i] = term_decode(t, ph[0].v[i]);
        struct rowids acc = unite_all(sets, ph[0].n);
        free(sets);
        clip(&acc, lo, hi);
        for (size_t k = 1; k < np && acc.n; k++) if (!ph[k].whole) keep_held(t, &acc, &ph[k]);
        for (size_t k = 0; k < nwhole && acc.n; k++) keep_phrase(t, &acc, &whole[k]);
        *out = acc.v;
        *n = acc.n;
    }
    for (size_t i = 0; i < MATCH_PHRASES_MAX; i++) { phrase_free(&ph[i]); phrase_free(&whole[i]); }
    return rc;
}

/* ---- a query of one phrase, streamed ---- */

#define EACH_TERMS_MAX 16        /* a phrase of more terms (a short prefix) is united in arrays */

int store_term_index_each(const struct term_index *t, sqlite3 *db, const char *q, long long lo, long long hi,
                          void (*cb)(void *ctx, long long rowid), void *ctx)
{
    const char *p = q, *text;
    size_t len;
    bool prefix;
    if (store_fts_next_phrase(&p, &text, &len, &prefix) != 1) return 0;
    while (*p == ' ') p++;
    if (*p) return 0;                                  /* several phrases: intersected in arrays */
    struct phrase_terms pt;
    int rc = phrase_terms(t, db, text, len, prefix, true, false, &pt);
    if (rc == 1 && (pt.count > MATCH_DECODE_MAX || pt.n > EACH_TERMS_MAX)) rc = 0;
    if (rc == 1) {
        struct cursor cs[EACH_TERMS_MAX];
        size_t k = 0;
        for (size_t i = 0; i < pt.n; i++) {
            const struct term *e = pt.v[i];
            cs[k] = cursor_open(t, e);
            cursor_seek(&cs[k], lo);
            if (cs[k].cur <= hi) k++;
        }
        if (k == 1)                                    /* one term: no merging */
            for (; cs[0].cur <= hi; cursor_next(&cs[0])) cb(ctx, cs[0].cur);
        else while (k > 0) {
            long long min = cs[0].cur;
            for (size_t i = 1; i < k; i++) if (cs[i].cur < min) min = cs[i].cur;
            cb(ctx, min);
            for (size_t i = 0; i < k;) {
                if (cs[i].cur == min) cursor_next(&cs[i]);
                if (cs[i].cur > hi) cs[i] = cs[--k]; else i++;
            }
        }
    }
    phrase_free(&pt);
    return rc;
}

/* ---- ranking: how often each word of a query occurs ---- */

/* Add how often term e occurs in each of rowids[0..n) (ascending) to tf[i * stride]. */
static void add_times(const struct term_index *t, const struct term *e, const long long *rowids, size_t n, unsigned *tf,
                      int stride)
{
    struct cursor c = cursor_open(t, e);
    for (size_t i = 0; i < n && c.cur != LLONG_MAX; i++) {
        cursor_seek(&c, rowids[i]);
        if (c.cur == rowids[i]) tf[i * (size_t)stride] += c.times;
    }
}

int store_term_index_tf(const struct term_index *t, sqlite3 *db, const char *q, const long long *rowids, size_t n,
                        unsigned **tf, int *nwords)
{
    *tf = NULL;
    *nwords = 0;
    /* First every word's terms: a query the index cannot count is left whole to FTS5. */
    struct phrase_terms words[STORE_RANK_PHRASES];
    int nw = 0, rc = 1;
    bool several = false;
    const char *p = q, *text;
    size_t len;
    bool prefix;
    int more;
    const char *texts[STORE_RANK_PHRASES];
    size_t lens[STORE_RANK_PHRASES];
    while (rc == 1 && (more = store_fts_next_phrase(&p, &text, &len, &prefix)) != 0) {
        if (more < 0 || prefix || nw == STORE_RANK_PHRASES) { rc = 0; break; }
        texts[nw] = text;
        lens[nw] = len;
        rc = phrase_terms(t, db, text, len, false, false, true, &words[nw++]);
        several |= words[nw - 1].positions > 1;
    }
    /* Phrases' instances: where their words stand, which the terms matching takes give as well (a word's
       own term left to the stems that cover it stands nowhere they do not), and with its pairs. */
    for (int w = 0; rc == 1 && several && w < nw; w++) {
        phrase_free(&words[w]);
        rc = phrase_terms(t, db, texts[w], lens[w], false, true, true, &words[w]);
    }
    if (rc == 1 && nw > 0) {
        unsigned *v = xcalloc((n ? n : 1) * (size_t)nw, sizeof *v);
        for (int w = 0; w < nw; w++) {
            if (!several) {            /* words: each of its tokens' occurrences, summed */
                for (size_t k = 0; k < words[w].n; k++) add_times(t, words[w].v[k], rowids, n, v + w, nw);
                continue;
            }
            /* with a phrase of several words FTS5 ranks the query as it is: each phrase's instances */
            struct phrase_reader r;
            reader_open(&r, t, &words[w]);
            for (size_t i = 0; i < n; i++) v[i * (size_t)nw + (size_t)w] = phrase_count(&r, rowids[i]);
            reader_close(&r);
        }
        *tf = v;
        *nwords = nw;
    }
    for (int w = 0; w < nw; w++) phrase_free(&words[w]);
    return rc == 1 && nw > 0 ? 1 : rc < 0 ? -1 : 0;
}

double store_term_index_avgdl(const struct term_index *t)
{
    return t->avgdl;
}

/* The term in most answers, found once when the index is made. */
static const struct term *commonest(const struct term_index *t)
{
    const struct term *best = NULL;
    for (size_t i = 0; i < t->nterms; i++)
        if (!t->terms[i].unsafe && (!best || t->terms[i].count > best->count)) best = &t->terms[i];
    return best;
}

int store_term_index_common(const struct term_index *t, struct buf *out)
{
    const struct term *best = t->common;
    buf_clear(out);
    if (!best || !best->count || memchr(t->pool + best->text, '"', best->len)) return 0;
    buf_putc(out, '"');
    buf_append(out, t->pool + best->text, best->len);
    buf_putc(out, '"');
    return 1;
}

/* ---- answer values ---- */

static int cmp_value(const struct term_index *t, const struct value *v, int qn, const char *s, size_t n)
{
    if (v->qn != qn) return v->qn < qn ? -1 : 1;
    size_t m = v->len < n ? v->len : n;
    int c = m ? memcmp(t->pool + v->text, s, m) : 0;
    if (c) return c;
    return v->len < n ? -1 : v->len > n;
}

/* The first value not before (qn, s..n). */
static size_t value_lower(const struct term_index *t, int qn, const char *s, size_t n)
{
    size_t lo = 0, hi = t->nvalues;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cmp_value(t, &t->values[mid], qn, s, n) < 0) lo = mid + 1; else hi = mid;
    }
    return lo;
}

void store_term_index_reports(const struct term_index *t, int qn, const char *value, long long lo, long long hi,
                              long long **out, size_t *n)
{
    size_t len = strlen(value), i = value_lower(t, qn, value, len);
    struct rowids r = { NULL, 0 };
    if (i < t->nvalues && cmp_value(t, &t->values[i], qn, value, len) == 0)
        r = decode(t, t->values[i].off, t->values[i].nbytes, t->values[i].count);
    else r.v = xmalloc(sizeof(long long));
    clip(&r, lo, hi);
    *out = r.v;
    *n = r.n;
}

int store_term_index_values(const struct term_index *t, int qn,
                            int (*cb)(void *ctx, const char *value, size_t len, const long long *ids, size_t n), void *ctx)
{
    for (size_t i = value_lower(t, qn, "", 0); i < t->nvalues && t->values[i].qn == qn; i++) {
        const struct value *v = &t->values[i];
        if (!v->len) continue;                         /* '': every answer to the question, not a value */
        struct rowids r = decode(t, v->off, v->nbytes, v->count);
        int stop = cb(ctx, t->pool + v->text, v->len, r.v, r.n);
        free(r.v);
        if (stop) return stop;
    }
    return 0;
}

/* ---- the store's builder ---- */

struct term_builder {
    struct store *s;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    bool want;                   /* a search found the index behind the data */
    bool hold;                   /* store_search_terms_hold: build nothing new */
    atomic_bool stop;
    bool built_once;
    struct term_index *index;    /* one reference; under lock */
    /* The reports published since index was built, for the data of map key delta_upto (under lock): */
    struct term_index *delta;    /* their index, from their text (one reference; NULL: none made) */
    long long delta_since, delta_upto;
    long long *delta_ids;
    size_t delta_n;
};

static void *builder_main(void *arg)
{
    struct term_builder *b = arg;
    setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), 10);   /* a search or a page comes first */
    struct store_conn c;
    char err[256];
    bool open = store_conn_open(&c, b->s->path, SQLITE_OPEN_READWRITE, false, err, sizeof err) == 0;
    if (!open) fprintf(stderr, "search term index: %s\n", err);
    pthread_mutex_lock(&b->lock);
    while (!b->stop && open) {
        if ((!b->want || b->hold) && b->built_once) { pthread_cond_wait(&b->cond, &b->lock); continue; }
        b->want = false;
        pthread_mutex_unlock(&b->lock);
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        struct term_index *t = store_term_index_build(&c, &b->stop);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        if (t)
            fprintf(stderr, "search term index: %zu terms, %zu pairs, %.1f MB of matches, %.1f MB of positions, built in %.2f s\n",
                    t->nterms, t->npairs, (double)t->npost / 1e6, (double)t->npos / 1e6,
                    (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
        pthread_mutex_lock(&b->lock);
        if (t) {
            store_term_index_release(b->index);
            b->index = t;
        } else if (!b->stop) {
            /* logged; try again in a while, not at once */
            struct timespec until;
            clock_gettime(CLOCK_REALTIME, &until);
            until.tv_sec += 10;
            pthread_cond_timedwait(&b->cond, &b->lock, &until);
        }
        b->built_once = true;
        pthread_cond_broadcast(&b->cond);
    }
    b->built_once = true;
    pthread_cond_broadcast(&b->cond);
    pthread_mutex_unlock(&b->lock);
    if (open) store_conn_close(&c);
    return NULL;
}

int store_search_terms_start(struct store *s, bool wait)
{
    if (s->terms) return 0;
#ifdef __GLIBC__
    /* A search for a word in most answers decodes a few MB of rowids (852,724 for "yes" at 40,000
       reports: 7 MB a set).  glibc maps blocks that large afresh and unmaps them when freed, and
       the page faults of the next search's were 60 of its 65 ms: keep freed memory for the next
       search instead (up to the largest a thread has needed). */
    mallopt(M_MMAP_THRESHOLD, 64 << 20);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
#endif
    struct term_builder *b = xcalloc(1, sizeof *b);
    b->s = s;
    pthread_mutex_init(&b->lock, NULL);
    pthread_cond_init(&b->cond, NULL);
    if (pthread_create(&b->thread, NULL, builder_main, b) != 0) {
        pthread_mutex_destroy(&b->lock);
        pthread_cond_destroy(&b->cond);
        free(b);
        return -1;
    }
    s->terms = b;
    if (wait) {
        pthread_mutex_lock(&b->lock);
        while (!b->built_once) pthread_cond_wait(&b->cond, &b->lock);
        pthread_mutex_unlock(&b->lock);
    }
    return 0;
}

struct term_index *store_search_terms_get(struct store *s, const struct report_map *m)
{
    struct term_builder *b = s->terms;
    if (!b || !m) return NULL;
    pthread_mutex_lock(&b->lock);
    struct term_index *t = b->index;
    if (t && t->max_rowid == m->max_rowid && t->nq == m->nq) atomic_fetch_add(&t->refs, 1);
    else {
        t = NULL;
        if (!b->want) { b->want = true; pthread_cond_signal(&b->cond); }
    }
    pthread_mutex_unlock(&b->lock);
    return t;
}

struct term_index *store_search_terms_behind(struct store *s, const struct report_map *m)
{
    struct term_builder *b = s->terms;
    if (!b || !m) return NULL;
    pthread_mutex_lock(&b->lock);
    struct term_index *t = b->index;
    if (t && t->max_rowid < m->max_rowid && t->nq == m->nq) atomic_fetch_add(&t->refs, 1);
    else t = NULL;
    pthread_mutex_unlock(&b->lock);
    return t;
}

int store_search_terms_overlay(struct store *s, struct store_conn *c, const struct report_map *m, size_t max,
                               struct term_index **behind, struct term_index **delta, long long **ids, size_t *n)
{
    static const char SINCE[] = "SELECT DISTINCT report_id FROM report_version WHERE rowid > ?1 ORDER BY report_id";
    struct term_builder *b = s->terms;
    *behind = *delta = NULL;
    *ids = NULL;
    *n = 0;
    struct term_index *t = store_search_terms_behind(s, m);
    if (!t) return 0;
    pthread_mutex_lock(&b->lock);
    bool kept = b->delta && b->delta_since == t->max_rowid && b->delta_upto == m->max_rowid;
    if (kept) {
        atomic_fetch_add(&b->delta->refs, 1);
        *delta = b->delta;
        *n = b->delta_n;
        *ids = xcalloc(*n ? *n : 1, sizeof **ids);
        memcpy(*ids, b->delta_ids, *n * sizeof **ids);
    }
    pthread_mutex_unlock(&b->lock);
    if (kept) { *behind = t; return 1; }
    sqlite3_stmt *st = store_stmt(c, SINCE);
    long long *v = xcalloc(max + 1, sizeof *v);
    size_t k = 0;
    int rc = SQLITE_ERROR;
    if (st) {
        sqlite3_bind_int64(st, 1, t->max_rowid);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW && k <= max) v[k++] = sqlite3_column_int64(st, 0);
        store_done(st);
    }
    if ((rc != SQLITE_DONE && rc != SQLITE_ROW) || k > max) {    /* too many: FTS5 for all */
        free(v);
        store_term_index_release(t);
        return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : -1;
    }
    struct term_index *d = store_term_index_of_reports(c, v, k);   /* NULL: FTS5 reads them */
    if (d) {
        pthread_mutex_lock(&b->lock);
        store_term_index_release(b->delta);
        free(b->delta_ids);
        atomic_fetch_add(&d->refs, 1);
        b->delta = d;
        b->delta_since = t->max_rowid;
        b->delta_upto = m->max_rowid;
        b->delta_ids = xcalloc(k ? k : 1, sizeof *b->delta_ids);
        memcpy(b->delta_ids, v, k * sizeof *v);
        b->delta_n = k;
        pthread_mutex_unlock(&b->lock);
    }
    *behind = t;
    *delta = d;
    *ids = v;
    *n = k;
    return 1;
}

void store_search_terms_hold(struct store *s, bool hold)
{
    struct term_builder *b = s->terms;
    if (!b) return;
    pthread_mutex_lock(&b->lock);
    b->hold = hold;
    pthread_cond_broadcast(&b->cond);
    pthread_mutex_unlock(&b->lock);
}

void store_search_terms_stop(struct store *s)
{
    struct term_builder *b = s->terms;
    if (!b) return;
    pthread_mutex_lock(&b->lock);
    b->stop = true;
    pthread_cond_broadcast(&b->cond);
    pthread_mutex_unlock(&b->lock);
    pthread_join(b->thread, NULL);
    store_term_index_release(b->index);
    store_term_index_release(b->delta);
    free(b->delta_ids);
    pthread_mutex_destroy(&b->lock);
    pthread_cond_destroy(&b->cond);
    free(b);
    s->terms = NULL;
}
