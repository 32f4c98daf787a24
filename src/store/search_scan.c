/*
 * search_scan: running a search (store_search_filtered) and counting its facets
 * (store_search_facet) in one pass over the matches, counted in C.
 *
 * At 40,000 reports a common word matches 100,000 answers.  Joining each match to its report
 * and State in SQL, once for the count and the cycle, region and group facets and again for the
 * question facet, cost about 1.5 µs a match (176 ms for "marking").  Here the statement returns
 * only rowids (report_id * 65536 + the question's number, migration 0004), and each match is
 * looked up in a map of the published reports (report id -> cycle and State, States -> regions
 * and group, and the answers' lengths for ranking), one for the store, shared by every read
 * connection and renewed at each publication; one pass filters, counts every facet and keeps the
 * rowids of the hits.  A cycle filter also bounds the rowids the full-text
 * query reads, to the report ids of that cycle.
 *
 * Browsing a question's answers (no text) reads answer_value (migration 0018): the reports that
 * answered the question, or that gave one value, in one index range, never the full-text index.
 *
 * Hits: at most STORE_SEARCH_RANK_MAX matches are ranked (a second pass, over the kept rowids
 * only) by poaiss_rank (store/fts.c); more come newest first (highest rowid first), as the
 * rowids come; browsing comes newest cycle first, then by State name.  The rowids of the first
 * SCAN_KEEP hits are kept; each page makes the excerpts of its own hits only.
 *
 * The result (the memo) is kept per connection (one per thread) for the same query and filters
 * until the data changes (PRAGMA data_version), so that the facets asked after the hits, and the
 * next page, cost nothing more.
 *
 * After a publication, until the term index is built again (seconds at 40,000 reports), a text
 * search still reads the index for every report but those published since it was built, and for
 * those a small index made from their text, kept until the next build (or FTS5, a statement a
 * report, when it could not be made): struct overlay; beyond OVERLAY_REPORTS_MAX reports, FTS5
 * for all.  The same matches, counts and ranks as FTS5 alone gives.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/excerpts.h"
#include "store/internal.h"
#include "store/search_map.h"
#include "store/search_terms.h"
#include "util/buf.h"
#include "util/mem.h"

#define SCAN_KEEP 10020          /* hit rowids kept: the last page one may ask for (SEARCH_PAGES_MAX × SEARCH_PAGE_SIZE), and one more */
#define CYCLE_MIN 1000           /* cycles are years (domain/search.c checks 1000..9999) */
#define CYCLE_SPAN 9000

/* The statements every text search runs (store_search_warm prepares them, and with them FTS5's tokenizer). */
static const char SQL_SCAN[] = "SELECT rowid FROM search_answer WHERE search_answer MATCH ?1 AND rowid BETWEEN ?2 AND ?3";
static const char SQL_ROW[] = "SELECT a.report_id, a.version, a.question, a.lang, a.text FROM search_answer a WHERE a.rowid = ?1";
static const char SQL_RANK[] = "SELECT rowid, poaiss_rank(search_answer, ?5, ?6) FROM search_answer WHERE search_answer MATCH ?1 "
                               "AND rowid BETWEEN ?2 AND ?3 AND poaiss_kept(?4, rowid)";

int store_search_warm(struct store *s)
{
    struct store_conn *c = store_reader(s);
    return c && store_report_map_get(s, c) && store_stmt(c, SQL_SCAN) && store_stmt(c, SQL_RANK) && store_stmt(c, SQL_ROW) ? 0 : -1;
}

/* ---- the filters, in C ---- */

struct scan_filter {
    int cycle;
    long long lo, hi;            /* the report ids to read (a cycle's), inclusive */
    const struct map_state *st;  /* NULL: any State */
    const char *region, *grp;
    int qn;                      /* the question's number, 0: any, -1: a question no answer has */
    unsigned char *qset;         /* a section's questions by number, or NULL: any */
    unsigned char *has_value;    /* with an answer filter: the reports whose answer to qn has it, by id */
};

static bool bit(const unsigned char *set, long long i) { return (set[i >> 3] >> (i & 7)) & 1; }
static void bit_set(unsigned char *set, long long i) { set[i >> 3] |= (unsigned char)(1u << (i & 7)); }

/* Does a published report pass the cycle, region and group filters? */
static bool report_passes(const struct report_map *m, const struct scan_filter *sf, long long id)
{
    if (id <= 0 || (size_t)id >= m->nid || !m->cycle[id]) return false;
    if (sf->cycle && m->cycle[id] != sf->cycle) return false;
    const struct map_state *s = &m->st[m->state[id]];
    if (sf->region && strcmp(s->region, sf->region) != 0 && strcmp(s->subregion, sf->region) != 0 &&
        strcmp(s->intermediate, sf->region) != 0)
        return false;
    if (sf->grp && strcmp(s->grp, sf->grp) != 0) return false;
    return true;
}

static int question_number(struct store_conn *c, const char *question)
{
    static const char SQL[] = "SELECT n FROM search_question WHERE question = ?1";
    sqlite3_stmt *st = store_stmt(c, SQL);
    if (!st) return -2;
    store_bind_text(st, 1, question);
    int rc = sqlite3_step(st);
    int n = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
    store_done(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? n : -2;
}

/* The reports whose answer to question n has value (answer_value), as a set of report ids; from the
   term index ti when given (the same rows, in memory). */
static unsigned char *value_set(struct store_conn *c, const struct term_index *ti, const struct report_map *m, int n,
                                const char *value, long long lo, long long hi)
{
    static const char SQL[] = "SELECT report_id FROM answer_value WHERE question_n = ?1 AND value = ?2 "
                              "AND report_id BETWEEN ?3 AND ?4";
    unsigned char *set = xcalloc(m->nid / 8 + 1, 1);
    if (ti) {
        long long *ids;
        size_t nids;
        store_term_index_reports(ti, n, value, lo, hi, &ids, &nids);
        for (size_t i = 0; i < nids; i++)
            if (ids[i] > 0 && (size_t)ids[i] < m->nid) bit_set(set, ids[i]);
        free(ids);
        return set;
    }
    sqlite3_stmt *st = store_stmt(c, SQL);
    if (!st) { free(set); return NULL; }
    sqlite3_bind_int(st, 1, n);
    store_bind_text(st, 2, value);
    sqlite3_bind_int64(st, 3, lo);
    sqlite3_bind_int64(st, 4, hi);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        long long id = sqlite3_column_int64(st, 0);
        if (id > 0 && (size_t)id < m->nid) bit_set(set, id);
    }
    store_done(st);
    if (rc != SQLITE_DONE) { free(set); store_log_error(c->db, "search"); return NULL; }
    return set;
}

/* The filters of f in C; 1 when nothing can match, 0, -1 on error. */
static int filter_read(struct store_conn *c, const struct term_index *ti, const struct report_map *m,
                       const struct store_search_filter *f, struct scan_filter *sf)
{
    static const char SECTION[] = "SELECT q.n FROM search_question q, json_each(?1) j WHERE q.question = j.value";
    memset(sf, 0, sizeof *sf);
    sf->lo = 1;
    sf->hi = m->nid ? (long long)m->nid - 1 : 0;
    if (!f) return m->nid ? 0 : 1;
    sf->region = f->region;
    sf->grp = f->grp;
    if (f->cycle) {
        sf->cycle = f->cycle;
        long long lo = 0, hi = -1;
        for (size_t id = 1; id < m->nid; id++)
            if (m->cycle[id] == f->cycle) { if (!lo) lo = (long long)id; hi = (long long)id; }
        if (!lo) return 1;
        sf->lo = lo;
        sf->hi = hi;
    }
    if (f->question) {
        sf->qn = question_number(c, f->question);
        if (sf->qn == -2) return -1;
        if (sf->qn < 0) return 1;
    }
    if (f->questions) {
        sf->qset = xcalloc(8192, 1);
        sqlite3_stmt *st = store_stmt(c, SECTION);
        if (!st) return -1;
        store_bind_text(st, 1, f->questions);
        int rc, any = 0;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) { bit_set(sf->qset, sqlite3_column_int(st, 0) & 65535); any = 1; }
        store_done(st);
        if (rc != SQLITE_DONE) { store_log_error(c->db, "search"); return -1; }
        if (!any || (sf->qn > 0 && !bit(sf->qset, sf->qn))) return 1;
    }
    if (f->question && f->answer) {
        sf->has_value = value_set(c, ti, m, sf->qn, f->answer, sf->lo, sf->hi);
        if (!sf->has_value) return -1;
    }
    return 0;
}

static void filter_free(struct scan_filter *sf)
{
    free(sf->qset);
    free(sf->has_value);
}

/* ---- the memo: one search counted ---- */

struct search_memo {
    char *key;                   /* the query and every filter */
    char *base_key;              /* the same without the answer filter */
    long long data_version;
    struct report_map *map;      /* a reference: the map the search was counted with */
    long total;
    long *cycles;                /* CYCLE_SPAN counts */
    long *states;                /* by State index */
    long *questions;             /* by question number */
    long long *rowids;           /* the hits in order */
    double *ranks;
    size_t nrowids;
    bool browsing;
    int qn;                      /* the question filtered by, or 0 */
    /* With a question: the reports that pass every filter but the answer (the answer facet counts them). */
    unsigned char *base;
    long long lo, hi;
    /* Browsing: the cycle, region and group filters, for the answer facet. */
    char region[16], grp[16];
    struct scan_filter filter;
};

void store_search_memo_free(struct search_memo *m)
{
    if (!m) return;
    free(m->key);
    free(m->base_key);
    free(m->cycles);
    free(m->states);
    free(m->questions);
    free(m->rowids);
    free(m->ranks);
    free(m->base);
    store_report_map_release(m->map);
    free(m);
}

static long long data_version(struct store_conn *c)
{
    sqlite3_stmt *st = store_stmt(c, "PRAGMA data_version");
    long long v = st && sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    store_done(st);
    return v;
}

static bool browsing(const char *q) { return !q || !*q; }

static char *memo_key(const char *q, const struct store_search_filter *f, bool with_answer)
{
    struct buf b = BUF_INIT;
    buf_printf(&b, "%s\x1f%d\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s", q ? q : "", f ? f->cycle : 0, f && f->region ? f->region : "",
               f && f->grp ? f->grp : "", f && f->question ? f->question : "",
               with_answer && f && f->question && f->answer ? f->answer : "", f && f->questions ? f->questions : "");
    return buf_steal(&b, NULL);
}

/* Count one kept match. */
static void memo_count(struct search_memo *m, long long rowid)
{
    long long id = rowid >> 16;
    int qn = (int)(rowid & 65535);
    m->total++;
    int cy = m->map->cycle[id] - CYCLE_MIN;
    if (cy >= 0 && cy < CYCLE_SPAN) m->cycles[cy]++;
    m->states[m->map->state[id]]++;
    if (qn <= m->map->maxq) m->questions[qn]++;
}

/* Keep a hit's rowid while there is room. */
static void memo_keep(struct search_memo *m, long long rowid, size_t *cap)
{
    if (m->nrowids >= SCAN_KEEP) return;
    if (m->nrowids == *cap) {
        *cap = *cap ? *cap * 2 : 256;
        m->rowids = xrealloc(m->rowids, *cap * sizeof *m->rowids);
    }
    m->rowids[m->nrowids++] = rowid;
}

/* ---- ranking the kept matches ---- */

struct ranked { long long rowid; double rank; };

static int cmp_ranked(const void *a, const void *b)
{
    const struct ranked *x = a, *y = b;
    if (x->rank != y->rank) return x->rank < y->rank ? -1 : 1;
    return x->rowid < y->rowid ? -1 : x->rowid > y->rowid;
}

static int cmp_rowid(const void *a, const void *b)
{
    long long x = *(const long long *)a, y = *(const long long *)b;
    return x < y ? -1 : x > y;
}

/* A sorted set of rowids, bound to poaiss_kept() as a pointer. */
struct kept_set { long long *v; size_t n; };

/* SQL function poaiss_kept(set, rowid): is rowid in the set? */
static void sql_kept(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const struct kept_set *set = sqlite3_value_pointer(argv[0], "poaiss_kept");
    long long r = sqlite3_value_int64(argv[1]);
    sqlite3_result_int(ctx, set && bsearch(&r, set->v, set->n, sizeof *set->v, cmp_rowid) != NULL);
}

int store_search_scan_register(sqlite3 *db)
{
    return sqlite3_create_function_v2(db, "poaiss_kept", 2, SQLITE_UTF8 | SQLITE_INNOCUOUS, NULL, sql_kept, NULL, NULL, NULL)
           == SQLITE_OK ? 0 : -1;
}

/* Does the FTS5 query (as store_search_quote writes it) hold a prefix term? */
static bool has_prefix(const char *q)
{
    return strstr(q, "\"*") != NULL;
}

/*
 * A term index behind the data (store/search_terms.c: store_search_terms_overlay), the reports
 * published since it was built (ascending) and their own index, made from their text (delta; NULL:
 * FTS5 reads them, a statement each).  The main index's rows for those reports are left out.
 */
#define OVERLAY_REPORTS_MAX 64
struct overlay { struct term_index *ti, *delta; long long *ids; size_t n; };

static void overlay_open(struct store *s, struct store_conn *c, const struct report_map *map, struct overlay *ov)
{
    *ov = (struct overlay){ 0 };
    if (store_search_terms_overlay(s, c, map, OVERLAY_REPORTS_MAX, &ov->ti, &ov->delta, &ov->ids, &ov->n) != 1)
        *ov = (struct overlay){ 0 };
}

static void overlay_close(struct overlay *ov)
{
    store_term_index_release(ov->ti);
    store_term_index_release(ov->delta);
    free(ov->ids);
    *ov = (struct overlay){ 0 };
}

/* The matches of q in the overlay's reports, between lo and hi, ascending, into *out (owned); SQLITE_DONE or an error. */
static int overlay_rows(struct store_conn *c, const struct overlay *ov, const char *q, long long lo, long long hi,
                        long long **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    int got = ov->delta ? store_term_index_match(ov->delta, c->db, q, lo, hi, out, n) : 0;
    if (got == 1) return SQLITE_DONE;
    if (got < 0) return SQLITE_ERROR;
    free(*out);
    size_t cap = 64;
    *out = xcalloc(cap, sizeof **out);
    *n = 0;
    int rc = SQLITE_DONE;
    for (size_t i = 0; i < ov->n && rc == SQLITE_DONE; i++) {
        long long from = ov->ids[i] * 65536, to = from + 65535;
        if (from < lo) from = lo;
        if (to > hi) to = hi;
        if (from > to) continue;
        sqlite3_stmt *st = store_stmt(c, SQL_SCAN);
        if (!st) return SQLITE_ERROR;
        store_bind_text(st, 1, q);
        sqlite3_bind_int64(st, 2, from);
        sqlite3_bind_int64(st, 3, to);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            if (*n == cap) *out = xrealloc(*out, (cap *= 2) * sizeof **out);
            (*out)[(*n)++] = sqlite3_column_int64(st, 0);
        }
        store_done(st);
    }
    return rc;
}

/*
 * The ranks of the kept rowids (set, ascending) from the term index's counts of each word, into r: 1,
 * or 0 when FTS5 must rank them (the index cannot count the query, or an answer's length is not in
 * the map), -1 on error.  The same numbers as poaiss_rank over store_fts_rank_query's query.
 */
static int rank_counted(struct store_conn *c, const struct term_index *ti, const struct search_memo *m, const char *q,
                        const struct kept_set *set, double avgdl, struct ranked *r)
{
    unsigned *tf;
    int nw;
    int got = store_term_index_tf(ti, c->db, q, set->v, set->n, &tf, &nw);
    if (got != 1) return got;
    const struct store_rank_lengths *len = &m->map->len;
    for (size_t i = 0; i < set->n; i++) {
        long long rowid = set->v[i];
        size_t id = (size_t)(rowid >> 16), qn = (size_t)(rowid & 65535);
        int dl = rowid > 0 && qn < STORE_RANK_QMAX && id < len->n / STORE_RANK_QMAX ? len->v[id * STORE_RANK_QMAX + qn] : 0;
        if (!dl) { free(tf); return 0; }             /* FTS5 knows its length */
        r[i] = (struct ranked){ rowid, store_rank_score(tf + i * (size_t)nw, nw, dl, avgdl) };
    }
    free(tf);
    return 1;
}

/* The ranks of the rowids of set (ascending, not empty) from FTS5, appended to r (n of them); SQLITE_DONE or an error. */
static int rank_fts(struct store_conn *c, const struct search_memo *m, const char *q, struct kept_set *set,
                    struct ranked *r, size_t *n)
{
    struct buf rq = BUF_INIT;
    struct store_rank_groups groups;
    int rc = SQLITE_ERROR;
    int words = store_fts_rank_query(c->db, q, &rq, &groups);
    sqlite3_stmt *st = words >= 0 ? store_stmt(c, SQL_RANK) : NULL;
    if (st) {
        store_bind_text(st, 1, words ? rq.data : q);
        sqlite3_bind_int64(st, 2, set->v[0]);
        sqlite3_bind_int64(st, 3, set->v[set->n - 1]);
        sqlite3_bind_pointer(st, 4, set, "poaiss_kept", NULL);
        sqlite3_bind_pointer(st, 5, &m->map->len, STORE_RANK_LENGTHS, NULL);
        sqlite3_bind_pointer(st, 6, words ? &groups : NULL, STORE_RANK_GROUPS, NULL);
        store_fts_exact(words == 1);
        size_t got = 0;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW && got < set->n) {
            r[*n + got++] = (struct ranked){ sqlite3_column_int64(st, 0), sqlite3_column_double(st, 1) };
        }
        *n += got;
        store_fts_exact(false);
        store_done(st);
        if (rc == SQLITE_ROW) rc = SQLITE_DONE;
    }
    buf_cleanup(&rq);
    return rc;
}

/*
 * The average answer length FTS5 ranks with now (its own statistics), into *avgdl, asked through the
 * first answer of the index's commonest term (one page of its doclist, where the query itself could
 * read far before its first match): 1, 0 when that term is in no answer now, -1 on error.
 */
static int avgdl_now(struct store_conn *c, const struct term_index *ti, double *avgdl)
{
    static const char SQL[] = "SELECT poaiss_avgdl(search_answer) FROM search_answer WHERE search_answer MATCH ?1 LIMIT 1";
    struct buf q = BUF_INIT;
    if (!store_term_index_common(ti, &q)) { buf_cleanup(&q); return 0; }
    sqlite3_stmt *st = store_stmt(c, SQL);
    int rc = SQLITE_ERROR;
    if (st) {
        store_bind_text(st, 1, q.data);
        store_fts_exact(true);
        rc = sqlite3_step(st);
        store_fts_exact(false);
        if (rc == SQLITE_ROW) *avgdl = sqlite3_column_double(st, 0);
        store_done(st);
    }
    buf_cleanup(&q);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/*
 * Rank the kept rowids (all the matches) best first: from the term index when it can count the
 * query's words, else with FTS5 (a query of words through its ranking query, store_fts_rank_query,
 * so that both give the same numbers).  With an index behind the data (ov), it counts the rows of
 * the reports it holds and the small index of those published since counts theirs (else FTS5 ranks
 * them, a statement a report), all with FTS5's average length of now.  SQLITE_DONE or an error.
 */
static int memo_rank(struct store_conn *c, const struct term_index *ti, const struct overlay *ov, struct search_memo *m,
                     const char *q)
{
    if (m->nrowids == 0) return SQLITE_DONE;
    struct kept_set set = { xcalloc(m->nrowids, sizeof(long long)), m->nrowids };
    memcpy(set.v, m->rowids, m->nrowids * sizeof *set.v);
    qsort(set.v, set.n, sizeof *set.v, cmp_rowid);
    struct ranked *r = xcalloc(m->nrowids, sizeof *r);
    size_t n = 0;
    int rc = SQLITE_ERROR;
    int counted = ti ? rank_counted(c, ti, m, q, &set, store_term_index_avgdl(ti), r) : 0;
    if (counted == 1) {
        n = set.n;
        rc = SQLITE_DONE;
    } else if (!ti && ov->ti) {
        /* the rows of the reports published since the index was built, apart */
        struct kept_set held = { xcalloc(set.n, sizeof(long long)), 0 }, since = { xcalloc(set.n, sizeof(long long)), 0 };
        size_t j = 0;
        for (size_t i = 0; i < set.n; i++) {
            long long id = set.v[i] >> 16;
            while (j < ov->n && ov->ids[j] < id) j++;
            if (j < ov->n && ov->ids[j] == id) since.v[since.n++] = set.v[i];
            else held.v[held.n++] = set.v[i];
        }
        double avgdl = 1;
        counted = avgdl_now(c, ov->ti, &avgdl);
        if (counted == 1 && held.n) counted = rank_counted(c, ov->ti, m, q, &held, avgdl, r);
        if (counted == 1) {
            n = held.n;
            /* their own index counts them, else FTS5 ranks them */
            int own = ov->delta && since.n ? rank_counted(c, ov->delta, m, q, &since, avgdl, r + n) : 0;
            if (own == 1) {
                n += since.n;
                since.n = 0;
            }
            /* a statement per report: over all of them at once FTS5 would read every match between the first and the last */
            rc = own < 0 ? SQLITE_ERROR : SQLITE_DONE;
            for (size_t i = 0; i < since.n && rc == SQLITE_DONE;) {
                size_t e = i + 1;
                while (e < since.n && since.v[e] >> 16 == since.v[i] >> 16) e++;
                struct kept_set one = { since.v + i, e - i };
                rc = rank_fts(c, m, q, &one, r, &n);
                i = e;
            }
        }
        free(held.v);
        free(since.v);
    }
    if (counted == 0) {
        n = 0;
        rc = rank_fts(c, m, q, &set, r, &n);
    }
    if (rc == SQLITE_DONE) {
        qsort(r, n, sizeof *r, cmp_ranked);
        m->ranks = xcalloc(n ? n : 1, sizeof *m->ranks);
        for (size_t i = 0; i < n; i++) { m->rowids[i] = r[i].rowid; m->ranks[i] = r[i].rank; }
        m->nrowids = n;
    }
    free(r);
    free(set.v);
    return rc;
}

/* ---- the two scans ---- */

/*
 * The matches of the text q; the hits kept newest first.  The rowids come in ascending order (FTS5
 * reads a prefix query's merged doclist backwards at a cost: stockpil* took half as long again),
 * so the last SCAN_KEEP are kept in a ring, then turned around.  SQLITE_DONE or an error.
 */
/* The newest-first ring of scan_text: one match of the text query, filtered, counted, kept. */
/* The matches come in rowid order, a report's together (20 a report for "yes"): what depends on the
   report alone is worked out once per report (last_id). */
struct text_scan {
    struct search_memo *m;
    const struct scan_filter *sf;
    size_t cap, seen;
    size_t ring;                 /* seen % SCAN_KEEP, kept without a division per match */
    long long last_id;
    bool passes, counted;        /* the last report passes the filters; and its answer filter too */
    long *cycle_n, *state_n;     /* its counters */
    long run;                    /* its matches counted, not yet added to the totals and its counters */
};

/* Add the last report's matches to the totals (memo_count's, a report at a time). */
static void scan_flush(struct text_scan *ts)
{
    if (!ts->run) return;
    ts->m->total += ts->run;
    if (ts->cycle_n) *ts->cycle_n += ts->run;
    *ts->state_n += ts->run;
    ts->run = 0;
}

static void scan_one(struct text_scan *ts, long long rowid)
{
    struct search_memo *m = ts->m;
    const struct scan_filter *sf = ts->sf;
    long long id = rowid >> 16;
    int qn = (int)(rowid & 65535);
    if (sf->qn && qn != sf->qn) return;
    if (sf->qset && !bit(sf->qset, qn)) return;
    if (id != ts->last_id) {
        scan_flush(ts);
        ts->last_id = id;
        ts->passes = report_passes(m->map, sf, id);
        ts->counted = ts->passes && (!sf->has_value || bit(sf->has_value, id));
        if (ts->counted) {
            int cy = m->map->cycle[id] - CYCLE_MIN;
            ts->cycle_n = cy >= 0 && cy < CYCLE_SPAN ? &m->cycles[cy] : NULL;
            ts->state_n = &m->states[m->map->state[id]];
        }
    }
    if (!ts->passes) return;
    if (m->base) bit_set(m->base, id);
    if (!ts->counted) return;
    ts->run++;
    if (qn <= m->map->maxq) m->questions[qn]++;
    if (m->nrowids < SCAN_KEEP) memo_keep(m, rowid, &ts->cap);
    else m->rowids[ts->ring] = rowid;
    ts->seen++;
    if (++ts->ring == SCAN_KEEP) ts->ring = 0;
}

/* The index's matches and those of the overlay's reports (overlay_rows), merged in rowid order (scan_text). */
struct merged {
    struct text_scan *ts;
    const struct overlay *ov;
    const long long *extra;      /* the overlay's matches (ascending) */
    size_t nextra, next;
    size_t skip;                 /* the first overlay report not before the last rowid's */
};

static void scan_each(void *ctx, long long rowid)
{
    struct merged *mg = ctx;
    if (!mg->ov) { scan_one(mg->ts, rowid); return; }
    while (mg->next < mg->nextra && mg->extra[mg->next] < rowid) scan_one(mg->ts, mg->extra[mg->next++]);
    long long id = rowid >> 16;
    while (mg->skip < mg->ov->n && mg->ov->ids[mg->skip] < id) mg->skip++;
    if (mg->skip < mg->ov->n && mg->ov->ids[mg->skip] == id) return;   /* published since: their new rows count */
    scan_one(mg->ts, rowid);
}

/*
 * The matches of the text q; the hits kept newest first.  The rowids come in ascending order, from
 * the term index when it can answer (store/search_terms.c), else from FTS5 (which reads a prefix
 * query's merged doclist backwards at a cost: stockpil* took half as long again), so the last
 * SCAN_KEEP are kept in a ring, then turned around.  SQLITE_DONE or an error.
 */
static int scan_text(struct store_conn *c, const struct term_index *ti, const struct overlay *ov, struct search_memo *m,
                     const char *q, const struct scan_filter *sf)
{
    struct text_scan ts = { .m = m, .sf = sf, .last_id = -1 };
    struct merged mg = { .ts = &ts };
    int rc = SQLITE_DONE;
    long long *v = NULL, *extra = NULL;
    size_t nv = 0;
    long long lo = sf->lo * 65536, hi = sf->hi * 65536 + 65535;
    if (!ti && ov->ti) {                                   /* an index behind the data */
        ti = ov->ti;
        mg.ov = ov;
        rc = overlay_rows(c, ov, q, lo, hi, &extra, &mg.nextra);
        mg.extra = extra;
        if (rc != SQLITE_DONE) { free(extra); return rc; }
    }
    int got = ti ? store_term_index_each(ti, c->db, q, lo, hi, scan_each, &mg) : 0;
    if (got == 0 && ti) {
        got = store_term_index_match(ti, c->db, q, lo, hi, &v, &nv);
        for (size_t i = 0; got > 0 && i < nv; i++) scan_each(&mg, v[i]);
        free(v);
    }
    if (got > 0)                                           /* the overlay's matches after the index's last */
        while (mg.next < mg.nextra) scan_one(&ts, mg.extra[mg.next++]);
    free(extra);
    if (got < 0) got = 0;                                  /* the tokenizer failed: FTS5 says what it makes of q */
    if (!got) {
        sqlite3_stmt *st = store_stmt(c, SQL_SCAN);
        if (!st) return SQLITE_ERROR;
        store_bind_text(st, 1, q);
        sqlite3_bind_int64(st, 2, sf->lo * 65536);
        sqlite3_bind_int64(st, 3, sf->hi * 65536 + 65535);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) scan_one(&ts, sqlite3_column_int64(st, 0));
        store_done(st);
    }
    scan_flush(&ts);
    size_t n = m->nrowids, start = ts.seen > SCAN_KEEP ? ts.seen % SCAN_KEEP : 0;
    if (n) {
        long long *w = xcalloc(n, sizeof *w);
        for (size_t i = 0; i < n; i++) w[i] = m->rowids[(start + n - 1 - i) % n];   /* the newest first */
        free(m->rowids);
        m->rowids = w;
    }
    return rc;
}

/*
 * Browsing lists the answers newest cycle first, then by State name: a report's place in that
 * order as one number (the cycle reversed, the State's rank in the map, the report id).
 */
static unsigned long long browse_key(const struct report_map *map, long long id)
{
    return ((unsigned long long)(CYCLE_SPAN - (map->cycle[id] - CYCLE_MIN)) << 48) |
           ((unsigned long long)map->state[id] << 32) | (unsigned long long)(id & 0xFFFFFFFF);
}

/* A max-heap of n keys: put key at i and move it down to its place. */
static void heap_down(unsigned long long *h, size_t n, size_t i, unsigned long long key)
{
    for (;;) {
        size_t l = 2 * i + 1, w = i;
        unsigned long long wv = key;
        if (l < n && h[l] > wv) { w = l; wv = h[l]; }
        if (l + 1 < n && h[l + 1] > wv) w = l + 1;
        if (w == i) break;
        h[i] = h[w];
        i = w;
    }
    h[i] = key;
}

/* The first SCAN_KEEP answers of a browse in browsing order: a max-heap, the last of them on top. */
struct browse_heap { unsigned long long *h; size_t n; };

static void browse_one(struct search_memo *m, const struct scan_filter *sf, struct browse_heap *bh, long long id)
{
    if (!report_passes(m->map, sf, id)) return;
    memo_count(m, id * 65536 + sf->qn);
    unsigned long long key = browse_key(m->map, id), *h = bh->h;
    if (bh->n < SCAN_KEEP) {
        size_t i = bh->n++;
        while (i > 0 && h[(i - 1) / 2] < key) { h[i] = h[(i - 1) / 2]; i = (i - 1) / 2; }
        h[i] = key;
    } else if (key < h[0]) heap_down(h, bh->n, 0, key);
}

/* The answers to question sf->qn (with the answer filter: those that give it), from answer_value, or its
   rows in the term index ti when given; SQLITE_DONE or an error. */
static int scan_browse(struct store_conn *c, const struct term_index *ti, struct search_memo *m,
                       const struct store_search_filter *f, const struct scan_filter *sf)
{
    static const char SQL[] = "SELECT report_id FROM answer_value WHERE question_n = ?1 AND value = ?2 "
                              "AND report_id BETWEEN ?3 AND ?4";
    struct browse_heap bh = { xcalloc(SCAN_KEEP, sizeof *bh.h), 0 };
    int rc = SQLITE_DONE;
    if (ti) {
        long long *ids;
        size_t n;
        store_term_index_reports(ti, sf->qn, f->answer ? f->answer : "", sf->lo, sf->hi, &ids, &n);
        for (size_t i = 0; i < n; i++) browse_one(m, sf, &bh, ids[i]);
        free(ids);
    } else {
        sqlite3_stmt *st = store_stmt(c, SQL);
        if (!st) { free(bh.h); return SQLITE_ERROR; }
        sqlite3_bind_int(st, 1, sf->qn);
        store_bind_text(st, 2, f->answer ? f->answer : "");
        sqlite3_bind_int64(st, 3, sf->lo);
        sqlite3_bind_int64(st, 4, sf->hi);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) browse_one(m, sf, &bh, sqlite3_column_int64(st, 0));
        store_done(st);
    }
    unsigned long long *h = bh.h;
    size_t n = bh.n;
    m->rowids = xcalloc(n ? n : 1, sizeof *m->rowids);
    m->nrowids = n;
    for (size_t k = n; k-- > 0;) {                      /* the largest first, into the back */
        m->rowids[k] = (long long)(h[0] & 0xFFFFFFFF) * 65536 + sf->qn;
        if (k) heap_down(h, k, 0, h[k]);
    }
    free(h);
    return rc;
}

/* The search counted: this connection's memo, or a new one; NULL on error (*err: -2 for a query FTS5 refused). */
static struct search_memo *memo_get(struct store *s, struct store_conn *c, const char *q, const struct store_search_filter *f, int *err)
{
    *err = -1;
    char *key = memo_key(q, f, true);
    long long dv = data_version(c);
    struct search_memo *m = c->memo;
    struct report_map *map = store_report_map_get(s, c);
    if (!map) { free(key); return NULL; }
    if (m && dv >= 0 && m->data_version == dv && m->map == map && strcmp(m->key, key) == 0) { free(key); return m; }
    m = xcalloc(1, sizeof *m);
    m->key = key;
    m->base_key = memo_key(q, f, false);
    m->data_version = dv;
    m->map = store_report_map_ref(map);
    m->browsing = browsing(q);
    m->cycles = xcalloc(CYCLE_SPAN, sizeof *m->cycles);
    m->states = xcalloc(map->nst ? map->nst : 1, sizeof *m->states);
    m->questions = xcalloc((size_t)map->maxq + 1, sizeof *m->questions);
    struct scan_filter sf;
    struct term_index *ti = store_search_terms_get(s, map);
    struct overlay ov = { 0 };
    int fr = filter_read(c, ti, map, f, &sf);
    int rc = SQLITE_DONE;
    if (fr < 0) rc = SQLITE_ABORT;                     /* logged */
    else if (fr == 0 && m->browsing && sf.qn > 0) rc = scan_browse(c, ti, m, f, &sf);
    else if (fr == 0 && !m->browsing) {
        if (sf.qn > 0) m->base = xcalloc(map->nid / 8 + 1, 1);
        if (!ti) overlay_open(s, c, map, &ov);
        if (ov.ti && !ov.delta && has_prefix(q)) overlay_close(&ov);   /* FTS5 merges a prefix's terms at each statement */
        rc = scan_text(c, ti, &ov, m, q, &sf);
        if (rc == SQLITE_DONE && m->total <= STORE_SEARCH_RANK_MAX) rc = memo_rank(c, ti, &ov, m, q);
    }
    overlay_close(&ov);
    m->qn = sf.qn > 0 ? sf.qn : 0;
    m->lo = sf.lo;
    m->hi = sf.hi;
    snprintf(m->region, sizeof m->region, "%s", sf.region ? sf.region : "");
    snprintf(m->grp, sizeof m->grp, "%s", sf.grp ? sf.grp : "");
    m->filter = (struct scan_filter){ .cycle = sf.cycle, .lo = sf.lo, .hi = sf.hi, .region = sf.region ? m->region : NULL,
                                      .grp = sf.grp ? m->grp : NULL };
    filter_free(&sf);
    store_term_index_release(ti);
    if (rc != SQLITE_DONE) {
        store_search_memo_free(m);
        /* Only a text query can be one FTS5 refuses: browsing has none, so its failure is the database's. */
        if (rc == SQLITE_ERROR && !browsing(q)) *err = -2; else store_log_error(c->db, "search");
        return NULL;
    }
    store_search_memo_free(c->memo);
    c->memo = m;
    return m;
}

/* ---- hits ---- */

#define HIT_COLS "SELECT a.report_id, a.version, a.question, a.lang, "

struct page_hit { long long rowid; size_t i; };

static int cmp_page_hit(const void *a, const void *b)
{
    const struct page_hit *x = a, *y = b;
    return x->rowid < y->rowid ? -1 : x->rowid > y->rowid;
}


/*
 * The hits from..to-1 in one statement, for hits listed newest first: a page's hits are neighbours, so
 * one statement over their range costs one start and a seek where each hit's own cost twenty
 * ("marking" at 40,000 reports: 7.4 -> 4.3 ms).  The matches are read in rowid order, the page's kept.
 * SQLITE_DONE, or an error.
 */
static int hits_page(struct store_conn *c, const struct search_memo *m, const char *q, size_t from, size_t to,
                     int (*cb)(const struct store_hit *h, void *ctx), void *ctx)
{
    static const char PAGE[] = HIT_COLS "snippet(search_answer, 0, char(2), char(3), '…', 16), a.rowid "
                               "FROM search_answer a WHERE search_answer MATCH ?1 AND a.rowid BETWEEN ?2 AND ?3 "
                               "AND poaiss_kept(?4, a.rowid)";
    size_t n = to - from;
    struct page_hit *order = xcalloc(n, sizeof *order);
    struct kept_set set = { xcalloc(n, sizeof(long long)), n };
    for (size_t k = 0; k < n; k++) order[k] = (struct page_hit){ m->rowids[from + k], from + k };
    qsort(order, n, sizeof *order, cmp_page_hit);
    for (size_t k = 0; k < n; k++) set.v[k] = order[k].rowid;
    /* The page's hits as they come, with copies of their text (a step overwrites the last row's). */
    struct page_row { struct store_hit h; char *question, *lang, *snippet; bool got; } *rows = xcalloc(n, sizeof *rows);
    int rc = SQLITE_ERROR;
    sqlite3_stmt *st = store_stmt(c, PAGE);
    if (st) {
        store_bind_text(st, 1, q);
        sqlite3_bind_int64(st, 2, set.v[0]);
        sqlite3_bind_int64(st, 3, set.v[n - 1]);
        sqlite3_bind_pointer(st, 4, &set, "poaiss_kept", NULL);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            struct page_hit key = { sqlite3_column_int64(st, 5), 0 };
            const struct page_hit *ph = bsearch(&key, order, n, sizeof *order, cmp_page_hit);
            if (!ph || rows[ph->i - from].got) continue;
            struct page_row *r = &rows[ph->i - from];
            r->got = true;
            r->question = xstrdup(store_col(st, 2) ? store_col(st, 2) : "");
            r->lang = store_col(st, 3) ? xstrdup(store_col(st, 3)) : NULL;
            r->snippet = xstrdup(store_col(st, 4) ? store_col(st, 4) : "");
            r->h = (struct store_hit){ sqlite3_column_int64(st, 0), sqlite3_column_int(st, 1), r->question, r->lang, r->snippet,
                                       m->ranks ? m->ranks[ph->i] : 0.0 };
        }
        store_done(st);
    }
    for (size_t k = 0; rc == SQLITE_DONE && k < n; k++)
        if (rows[k].got && cb(&rows[k].h, ctx)) break;
    for (size_t k = 0; k < n; k++) {
        free(rows[k].question);
        free(rows[k].lang);
        free(rows[k].snippet);
    }
    free(rows);
    free(set.v);
    free(order);
    return rc;
}

/*
 * The hits from..to-1 with their excerpts, EXCERPT_BATCH at a time: each batch's answers read by rowid,
 * their excerpts made in a table of their own (store/excerpts.c), then given to cb in the page's order
 * (a hit the query does not match there, none such, is left out as a statement of its own left it out).
 * SQLITE_DONE (also when cb stopped), SQLITE_INTERNAL when the table in memory failed, or an error.
 */
#define EXCERPT_BATCH 64
static int hits_excerpted(struct store_conn *c, const struct search_memo *m, const char *q, size_t from, size_t to,
                          int (*cb)(const struct store_hit *h, void *ctx), void *ctx)
{
    struct row { long long report; int version; char *question, *lang, *text; } rows[EXCERPT_BATCH];
    struct store_excerpt ex[EXCERPT_BATCH];
    int rc = SQLITE_DONE;
    bool stop = false;
    for (size_t b = from; b < to && rc == SQLITE_DONE && !stop; b += EXCERPT_BATCH) {
        size_t n = to - b < EXCERPT_BATCH ? to - b : EXCERPT_BATCH;
        memset(rows, 0, sizeof rows);
        memset(ex, 0, sizeof ex);
        for (size_t k = 0; k < n && rc == SQLITE_DONE; k++) {
            sqlite3_stmt *st = store_stmt(c, SQL_ROW);
            if (!st) { rc = SQLITE_ERROR; break; }
            sqlite3_bind_int64(st, 1, m->rowids[b + k]);
            int r = sqlite3_step(st);
            if (r == SQLITE_ROW) {
                rows[k] = (struct row){ sqlite3_column_int64(st, 0), sqlite3_column_int(st, 1),
                                        xstrdup(store_col(st, 2) ? store_col(st, 2) : ""),
                                        store_col(st, 3) ? xstrdup(store_col(st, 3)) : NULL,
                                        store_col(st, 4) ? xstrdup(store_col(st, 4)) : NULL };
                ex[k] = (struct store_excerpt){ m->rowids[b + k], rows[k].text ? rows[k].text : "", sqlite3_column_bytes(st, 4), NULL };
            } else if (r != SQLITE_DONE) rc = r;
            store_done(st);
        }
        if (rc == SQLITE_DONE && store_excerpts_make(c, q, ex, n) != 0) rc = SQLITE_INTERNAL;
        for (size_t k = 0; rc == SQLITE_DONE && !stop && k < n; k++) {
            if (!ex[k].snippet) continue;
            struct store_hit h = { rows[k].report, rows[k].version, rows[k].question, rows[k].lang, ex[k].snippet,
                                   m->ranks ? m->ranks[b + k] : 0.0 };
            stop = cb(&h, ctx) != 0;
        }
        for (size_t k = 0; k < n; k++) {
            free(rows[k].question);
            free(rows[k].lang);
            free(rows[k].text);
            free(ex[k].snippet);
        }
    }
    return rc;
}

int store_search_filtered(struct store *s, const char *fts_query, const struct store_search_filter *f, int limit, int offset,
                          int (*cb)(const struct store_hit *h, void *ctx), void *ctx, long *total)
{
    static const char ONE_ALL[] = HIT_COLS "substr(a.text, 1, 300) || iif(length(a.text) > 300, '…', '') "
                                  "FROM search_answer a WHERE a.rowid = ?1";
    if (total) *total = 0;
    bool all = browsing(fts_query);
    if (all && (!f || !f->question)) return 0;
    struct store_conn *c = store_reader(s);
    if (!c) return -1;
    int err;
    const struct search_memo *m = memo_get(s, c, fts_query, f, &err);
    if (!m) return err;
    if (total) *total = m->total;
    if (limit <= 0 || offset < 0) return 0;
    int rc = SQLITE_DONE;
    size_t to = (size_t)offset + (size_t)limit < m->nrowids ? (size_t)offset + (size_t)limit : m->nrowids;
    if (!all && (size_t)offset < to) {
        /* Newest first, a page's hits are neighbours: one statement over their range; ranked hits (spread over
           every match) and a prefix's (FTS5 merges every term with the prefix at each start) in a table of
           their own. */
        rc = m->ranks || has_prefix(fts_query) ? hits_excerpted(c, m, fts_query, (size_t)offset, to, cb, ctx)
                                               : hits_page(c, m, fts_query, (size_t)offset, to, cb, ctx);
        if (rc == SQLITE_INTERNAL) return -1;          /* the table in memory failed: excerpts.c logged it */
    }
    for (size_t i = (size_t)offset; all && i < to && rc == SQLITE_DONE; i++) {
        sqlite3_stmt *st = store_stmt(c, ONE_ALL);
        if (!st) return -1;
        sqlite3_bind_int64(st, 1, m->rowids[i]);
        int r = sqlite3_step(st);
        if (r == SQLITE_ROW) {
            struct store_hit h = { sqlite3_column_int64(st, 0), sqlite3_column_int(st, 1), store_col(st, 2), store_col(st, 3),
                                   store_col(st, 4), m->ranks ? m->ranks[i] : 0.0 };
            if (cb(&h, ctx)) { store_done(st); return 0; }
        } else if (r != SQLITE_DONE) rc = r;
        store_done(st);
        /* the memo is this connection's and unchanged: the callback reads through other statements only */
    }
    if (rc == SQLITE_DONE) return 0;
    if (rc == SQLITE_ERROR && !all) return -2;
    store_log_error(c->db, "search");
    return -1;
}

/* ---- facets ---- */

struct facet_sum { char value[16]; long n; };

static int cmp_facet_count(const void *a, const void *b)
{
    const struct facet_sum *x = a, *y = b;
    if (x->n != y->n) return x->n < y->n ? 1 : -1;
    return strcmp(x->value, y->value);
}

static int cmp_facet_value_desc(const void *a, const void *b)
{
    return -strcmp(((const struct facet_sum *)a)->value, ((const struct facet_sum *)b)->value);
}

static size_t facet_put(struct facet_sum *v, size_t nv, const char *val, long n)
{
    size_t j = 0;
    while (j < nv && strcmp(v[j].value, val) != 0) j++;
    if (j == nv) { snprintf(v[nv].value, sizeof v[nv].value, "%s", val); v[nv++].n = 0; }
    v[j].n += n;
    return nv;
}

/* Counts by cycle (k 0), region (1), group (2) or subregion (3). */
static int facet_places(struct store_conn *c, const struct search_memo *m, int k, const char *lang,
                        int (*cb)(const char *value, const char *label, long count, void *ctx), void *ctx)
{
    /* the name in lang (ref_name has no English rows), else the English name */
    static const char REGION[] = "SELECT coalesce((SELECT n.name FROM ref_name n WHERE n.kind = 'region' AND n.code = ?1 "
                                 "AND n.lang = ?2), name) FROM region WHERE code = ?1";
    static const char GROUP[] = "SELECT coalesce((SELECT n.name FROM ref_name n WHERE n.kind = 'group' AND n.code = ?1 "
                                "AND n.lang = ?2), name) FROM regional_group WHERE code = ?1";
    size_t cap = k == 0 ? CYCLE_SPAN : m->map->nst;
    struct facet_sum *v = xcalloc(cap ? cap : 1, sizeof *v);
    size_t nv = 0;
    if (k == 0) {
        for (int i = 0; i < CYCLE_SPAN; i++)
            if (m->cycles[i]) { snprintf(v[nv].value, sizeof v[nv].value, "%d", i + CYCLE_MIN); v[nv++].n = m->cycles[i]; }
    } else {
        for (size_t i = 0; i < m->map->nst; i++) {
            if (!m->states[i]) continue;
            const struct map_state *s = &m->map->st[i];
            const char *val = k == 1 ? s->region : k == 3 ? s->subregion : s->grp;
            if (k >= 2 && !*val) continue;              /* States outside the five groups, or without a subregion */
            nv = facet_put(v, nv, val, m->states[i]);
        }
    }
    qsort(v, nv, sizeof *v, k == 0 ? cmp_facet_value_desc : cmp_facet_count);
    for (size_t j = 0; j < nv; j++) {
        char label[160];
        snprintf(label, sizeof label, "%s", v[j].value);
        if (k > 0) {
            sqlite3_stmt *st = store_stmt(c, k == 2 ? GROUP : REGION);
            if (st) {
                store_bind_text(st, 1, v[j].value);
                store_bind_text(st, 2, lang);
                if (sqlite3_step(st) == SQLITE_ROW && store_col(st, 0)) snprintf(label, sizeof label, "%s", store_col(st, 0));
                store_done(st);
            }
        }
        if (cb(v[j].value, label, v[j].n, ctx)) break;
    }
    free(v);
    return 0;
}

struct qcount { const char *question; long n; };

static int cmp_qcount(const void *a, const void *b)
{
    const struct qcount *x = a, *y = b;
    if (x->n != y->n) return x->n < y->n ? 1 : -1;
    return strcmp(x->question, y->question);
}

static int facet_questions(const struct search_memo *m, int (*cb)(const char *value, const char *label, long count, void *ctx),
                           void *ctx)
{
    struct qcount *v = xcalloc((size_t)m->map->maxq + 1, sizeof *v);
    size_t nv = 0;
    for (int i = 1; i <= m->map->maxq; i++)
        if (m->questions[i] && m->map->question[i]) v[nv++] = (struct qcount){ m->map->question[i], m->questions[i] };
    qsort(v, nv, sizeof *v, cmp_qcount);
    for (size_t j = 0; j < nv; j++)
        if (cb(v[j].question, v[j].question, v[j].n, ctx)) break;
    free(v);
    return 0;
}

struct vcount { char *value; long n; };

static int cmp_vcount(const void *a, const void *b)
{
    const struct vcount *x = a, *y = b;
    if (x->n != y->n) return x->n < y->n ? 1 : -1;
    return strcmp(x->value, y->value);
}

/* Is report id among those the answer facet counts (every filter but the answer)? */
static bool answer_counted(const struct search_memo *m, long long id)
{
    return m->browsing ? report_passes(m->map, &m->filter, id) : (id > 0 && (size_t)id < m->map->nid && bit(m->base, id));
}

struct vcounts { const struct search_memo *m; struct vcount *v; size_t nv, cap; };

static void vcount_add(struct vcounts *vc, const char *val, size_t len, long n)
{
    if (!n) return;
    if (vc->nv == vc->cap) { vc->cap = vc->cap ? vc->cap * 2 : 16; vc->v = xrealloc(vc->v, vc->cap * sizeof *vc->v); }
    char *copy = xmalloc(len + 1);
    memcpy(copy, val, len);
    copy[len] = 0;
    vc->v[vc->nv++] = (struct vcount){ copy, n };
}

static int on_value(void *ctx, const char *value, size_t len, const long long *ids, size_t n)
{
    struct vcounts *vc = ctx;
    long count = 0;
    for (size_t i = 0; i < n; i++)
        if (ids[i] >= vc->m->lo && ids[i] <= vc->m->hi && answer_counted(vc->m, ids[i])) count++;
    vcount_add(vc, value, len, count);
    return 0;
}

/* The answer values of question m->qn among the reports that pass every filter but the answer; from the
   term index ti when given. */
static int facet_answers(struct store_conn *c, const struct term_index *ti, const struct search_memo *m,
                         int (*cb)(const char *value, const char *label, long count, void *ctx), void *ctx)
{
    static const char SQL[] = "SELECT value, report_id FROM answer_value WHERE question_n = ?1 AND value > '' "
                              "AND report_id BETWEEN ?2 AND ?3";
    struct vcounts vc = { m, NULL, 0, 0 };
    int rc = SQLITE_DONE;
    if (ti) store_term_index_values(ti, m->qn, on_value, &vc);
    else {
        sqlite3_stmt *st = store_stmt(c, SQL);
        if (!st) return -1;
        sqlite3_bind_int(st, 1, m->qn);
        sqlite3_bind_int64(st, 2, m->lo);
        sqlite3_bind_int64(st, 3, m->hi);
        /* Rows come in value order: a value's count is done when the next value starts. */
        char *val = NULL;
        long n = 0;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            const char *v = store_col(st, 0);
            if (!v || !answer_counted(m, sqlite3_column_int64(st, 1))) continue;
            if (!val || strcmp(val, v) != 0) {
                if (val) vcount_add(&vc, val, strlen(val), n);
                free(val);
                val = xstrdup(v);
                n = 0;
            }
            n++;
        }
        if (val) vcount_add(&vc, val, strlen(val), n);
        free(val);
        store_done(st);
    }
    if (rc == SQLITE_DONE) {
        if (vc.nv) qsort(vc.v, vc.nv, sizeof *vc.v, cmp_vcount);
        for (size_t j = 0; j < vc.nv; j++)
            if (cb(vc.v[j].value, vc.v[j].value, vc.v[j].n, ctx)) break;
    } else store_log_error(c->db, "search");
    for (size_t j = 0; j < vc.nv; j++) free(vc.v[j].value);
    free(vc.v);
    return rc == SQLITE_DONE ? 0 : -1;
}

int store_search_facet(struct store *s, const char *fts_query, const struct store_search_filter *f, const char *facet,
                       int (*cb)(const char *value, const char *label, long count, void *ctx), void *ctx)
{
    static const char *const NAMES[] = { "cycle", "region", "group", "subregion", "question", "answer" };
    int k = -1;
    for (int i = 0; i < 6; i++)
        if (strcmp(facet, NAMES[i]) == 0) k = i;
    bool all = browsing(fts_query);
    if (k < 0 || (all && (!f || !f->question)) || (k == 5 && (!f || !f->question))) return 0;
    struct store_conn *c = store_reader(s);
    if (!c) return -1;
    int err;
    const struct search_memo *m = NULL;
    if (k == 5) {
        /* Counted without the answer filter: the memo of the same search with an answer serves, as it keeps its base. */
        char *base = memo_key(fts_query, f, false);
        long long dv = data_version(c);
        const struct report_map *map = store_report_map_get(s, c);
        if (c->memo && map && c->memo->map == map && c->memo->data_version == dv && strcmp(c->memo->base_key, base) == 0 &&
            (c->memo->browsing || c->memo->base))
            m = c->memo;
        free(base);
        if (!m) {
            struct store_search_filter g = *f;
            g.answer = NULL;
            m = memo_get(s, c, fts_query, &g, &err);
            if (!m) return err;
        }
        if (!m->qn) return 0;
        struct term_index *ti = store_search_terms_get(s, m->map);
        int rc = facet_answers(c, ti, m, cb, ctx);
        store_term_index_release(ti);
        return rc;
    }
    m = memo_get(s, c, fts_query, f, &err);
    if (!m) return err;
    if (k == 4) return facet_questions(m, cb, ctx);
    return facet_places(c, m, k, f ? f->lang : NULL, cb, ctx);
}
