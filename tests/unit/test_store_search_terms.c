/*
 * Unit tests: store/search_terms, the search's terms in memory.  What it answers must be exactly
 * what FTS5 answers: every term of the demo's index as a query word (with its stems), prefixes,
 * pairs of words, phrases of several words (by their positions) with their instances; searches
 * with and without it give the same hits, ranks, totals and facets; after a publication it is not
 * used until rebuilt.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/internal.h"
#include "store/search_map.h"
#include "store/search_terms.h"
#include "store/store.h"
#include "util/buf.h"
#include "unit.h"

UNIT_DEMO_FIXTURE("store-search-terms", 0)

/* FTS5's rowids for q, ascending, between lo and hi. */
static long long *fts_rowids(sqlite3 *d, const char *q, long long lo, long long hi, size_t *n)
{
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(d, "SELECT rowid FROM search_answer WHERE search_answer MATCH ?1 AND rowid BETWEEN ?2 AND ?3 "
                                        "ORDER BY rowid", -1, &st, NULL), SQLITE_OK);
    sqlite3_bind_text(st, 1, q, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, lo);
    sqlite3_bind_int64(st, 3, hi);
    size_t cap = 64;
    long long *v = malloc(cap * sizeof *v);
    *n = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) v = realloc(v, (cap *= 2) * sizeof *v);
        v[(*n)++] = sqlite3_column_int64(st, 0);
    }
    assert_int_equal(rc, SQLITE_DONE);
    sqlite3_finalize(st);
    return v;
}

struct streamed { long long *v; size_t n, cap; };

static void on_streamed(void *ctx, long long rowid)
{
    struct streamed *sm = ctx;
    if (sm->n == sm->cap) sm->v = realloc(sm->v, (sm->cap = sm->cap ? sm->cap * 2 : 64) * sizeof *sm->v);
    sm->v[sm->n++] = rowid;
}

/* The index answers q as FTS5 does (or leaves it to FTS5: then *left is counted). */
static void same(const struct term_index *t, sqlite3 *d, const char *q, long long lo, long long hi, int *left)
{
    long long *v = NULL;
    size_t n = 0, fn = 0;
    int rc = store_term_index_match(t, d, q, lo, hi, &v, &n);
    assert_true(rc >= 0);
    if (rc == 0) { (*left)++; return; }
    long long *f = fts_rowids(d, q, lo, hi, &fn);
    if (n != fn) fprintf(stderr, "query %s: index %zu, FTS5 %zu\n", q, n, fn);
    assert_int_equal(n, fn);
    for (size_t i = 0; i < n; i++) assert_true(v[i] == f[i]);
    /* A query of one phrase streams the same rowids. */
    struct streamed sm = { 0 };
    int each = store_term_index_each(t, d, q, lo, hi, on_streamed, &sm);
    assert_true(each >= 0);
    if (each == 1) {
        assert_int_equal(sm.n, n);
        for (size_t i = 0; i < n; i++) assert_true(sm.v[i] == v[i]);
    }
    free(sm.v);
    free(v);
    free(f);
}

/* FTS5's answers for q (ascending, *rows) with the instances of q's phrases in each (*want); how many. */
static size_t fts_instances(sqlite3 *d, const char *q, bool exact, long long **rows, unsigned **want)
{
    sqlite3_stmt *cs = NULL;
    assert_int_equal(sqlite3_prepare_v2(d, "SELECT rowid, poaiss_inst(search_answer) FROM search_answer "
                                        "WHERE search_answer MATCH ?1 ORDER BY rowid", -1, &cs, NULL), SQLITE_OK);
    sqlite3_bind_text(cs, 1, q, -1, SQLITE_STATIC);
    store_fts_exact(exact);
    size_t nr = 0, cap = 64;
    *rows = malloc(cap * sizeof **rows);
    *want = malloc(cap * sizeof **want);
    while (sqlite3_step(cs) == SQLITE_ROW) {
        if (nr == cap) { cap *= 2; *rows = realloc(*rows, cap * sizeof **rows); *want = realloc(*want, cap * sizeof **want); }
        (*rows)[nr] = sqlite3_column_int64(cs, 0);
        (*want)[nr++] = (unsigned)sqlite3_column_int(cs, 1);
    }
    store_fts_exact(false);
    sqlite3_finalize(cs);
    return nr;
}

/* Each phrase's instances in each of FTS5's answers for it, counted by the index as FTS5 counts them. */
static void phrase_counted(const struct term_index *t, sqlite3 *d, const char *q)
{
    struct buf rq = BUF_INIT;
    struct store_rank_groups g;
    int words = store_fts_rank_query(d, q, &rq, &g);
    buf_cleanup(&rq);
    if (words != 0) return;                            /* a word: ranked by its tokens' counts, tested above */
    long long *rows;
    unsigned *want;
    size_t nr = fts_instances(d, q, false, &rows, &want);
    unsigned *tf = NULL;
    int nw = 0;
    if (nr) {
        assert_int_equal(store_term_index_tf(t, d, q, rows, nr, &tf, &nw), 1);
        assert_int_equal(nw, 1);
        for (size_t k = 0; k < nr; k++) {
            if (tf[k] != want[k]) fprintf(stderr, "phrase %s in %lld: index %u, FTS5 %u\n", q, rows[k], tf[k], want[k]);
            assert_int_equal(tf[k], want[k]);
        }
    }
    free(tf);
    free(rows);
    free(want);
}

/*
 * Phrases of several words, as users type them, taken from the demo's answers (two to five words in a
 * row from every 89th answer, so that most match something) and a few written here: the index matches
 * the answers FTS5 matches (by the words' positions) and counts the phrase's instances as FTS5 does.
 */
static void phrases(const struct term_index *t, sqlite3 *d, int *left)
{
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(d, "SELECT text FROM search_answer WHERE rowid % 89 = 0 AND length(text) > 20 LIMIT 40",
                                        -1, &st, NULL), SQLITE_OK);
    struct buf typed = BUF_INIT, q = BUF_INIT;
    int asked = 0, found = 0, before = *left;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *text = (const char *)sqlite3_column_text(st, 0);
        if (!text) continue;
        for (int words = 2; words <= 5; words++) {
            /* the words from the (words * 3)th blank on */
            const char *p = text;
            for (int k = 0; k < words * 3 && (p = strchr(p, ' ')); k++) p++;
            if (!p) p = text;
            buf_clear(&typed);
            buf_putc(&typed, '"');
            for (int k = 0; k < words && *p; k++) {
                const char *e = strchr(p, ' ');
                size_t n = e ? (size_t)(e - p) : strlen(p);
                if (k) buf_putc(&typed, ' ');
                for (size_t i = 0; i < n; i++) if (p[i] != '"') buf_putc(&typed, p[i]);
                p += n;
                while (*p == ' ') p++;
            }
            buf_putc(&typed, '"');
            /* and the same words backwards (in few answers, if any) */
            struct buf back = BUF_INIT;
            buf_putc(&back, '"');
            for (const char *e = typed.data + typed.len - 1; e > typed.data;) {
                const char *b = e;
                while (b > typed.data + 1 && b[-1] != ' ') b--;
                if (back.len > 1) buf_putc(&back, ' ');
                buf_append(&back, b, (size_t)(e - b));
                e = b - 1;
            }
            buf_putc(&back, '"');
            if (store_search_quote(back.data, &q) == 0) {
                same(t, d, q.data, 0, 1LL << 60, left);
                phrase_counted(t, d, q.data);
            }
            buf_cleanup(&back);
            if (store_search_quote(typed.data, &q) != 0) continue;
            size_t fn = 0;
            free(fts_rowids(d, q.data, 0, 1LL << 60, &fn));
            found += fn > 0;
            asked++;
            same(t, d, q.data, 0, 1LL << 60, left);
            if (asked % 3 == 0) same(t, d, q.data, 200 * 65536LL, 600 * 65536LL + 65535, left);
            phrase_counted(t, d, q.data);
        }
    }
    sqlite3_finalize(st);
    /* and phrases of words in most answers, matched through the pairs of common terms (phrase_units) */
    static const char *const TYPED[] = { "\"national action plan\"", "\"end-user certificate\"", "\"the the\"",
                                         "\"national action plan\" firearms", "\"small arms\" \"light weapons\"",
                                         "\"armes légères\"", "\"plans nationals\"", "\"of the of\"", "\"of the\"",
                                         "\"yes no\"", "\"no yes\"", "\"the national\"", "\"and the\"",
                                         "\"small arms and light weapons\"", "\"marking of weapons\"",
                                         "\"of the programme of action\"", "\"programme of action\" \"of the\"",
                                         "\"de la\"", "\"des armes\"", "\"the of the\"", "\"yes yes\"" };
    for (size_t i = 0; i < sizeof TYPED / sizeof *TYPED; i++) {
        assert_int_equal(store_search_quote(TYPED[i], &q), 0);
        same(t, d, q.data, 0, 1LL << 60, left);
        const char *close = strchr(TYPED[i] + 1, '"');
        if (close && !close[1]) phrase_counted(t, d, q.data);   /* one phrase: its instances */
    }
    buf_cleanup(&typed);
    buf_cleanup(&q);
    fprintf(stderr, "%d phrases from answers (%d in some answer), %d left to FTS5\n", asked, found, *left - before);
    assert_true(asked > 50);
    assert_true(found > asked / 2);
    assert_int_equal(*left, before);                  /* every phrase answered by the index */
}

static void test_index_is_fts5(void **state)
{
    (void)state;
    struct store_conn c;
    char err[256];
    assert_int_equal(store_conn_open(&c, dbpath, SQLITE_OPEN_READWRITE, false, err, sizeof err), 0);
    struct term_index *t = store_term_index_build(&c, NULL);
    assert_non_null(t);
    size_t nterms = 0, npairs = 0, bytes = 0, positions = 0;
    store_term_index_size(t, &nterms, &npairs, &bytes, &positions);
    assert_true(nterms > 1000);
    assert_true(npairs > 500);                         /* the demo's common terms side by side */
    assert_true(bytes > 0);
    assert_true(positions > 0);
    /* Its key is the map's for the same data. */
    struct report_map *m = store_report_map_get(db, store_reader(db));
    long long max_rowid, nq;
    store_term_index_key(t, &max_rowid, &nq);
    assert_true(max_rowid == m->max_rowid);
    assert_true(nq == m->nq);
    /* Every term of the index as a query word (the tokenizer adds its stems), a prefix of it, and with the next term. */
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(c.db, "SELECT term FROM temp.poaiss_vocab", -1, &st, NULL), SQLITE_OK);
    char prev[300] = "", q[700];
    int n = 0, left = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *term = (const char *)sqlite3_column_text(st, 0);
        if (!term || strlen(term) > 250 || strchr(term, '"')) continue;
        snprintf(q, sizeof q, "\"%s\"", term);
        if (n % 2 == 0) same(t, c.db, q, 0, (long long)1 << 60, &left);   /* every other term: the test's time under ASan */
        if (n % 10 == 0 && strlen(term) >= 3) {
            snprintf(q, sizeof q, "\"%.2s\"*", term);
            same(t, c.db, q, 0, (long long)1 << 60, &left);
            snprintf(q, sizeof q, "\"%.3s\"*", term);
            same(t, c.db, q, 0, (long long)1 << 60, &left);
        }
        if (n % 10 == 5 && *prev) {
            snprintf(q, sizeof q, "\"%s\" \"%s\"", prev, term);
            same(t, c.db, q, 0, (long long)1 << 60, &left);
            /* and within a range of rowids, as a cycle filter asks */
            same(t, c.db, q, 200 * 65536LL, 600 * 65536LL + 65535, &left);
        }
        snprintf(prev, sizeof prev, "%s", term);
        n++;
    }
    sqlite3_finalize(st);
    fprintf(stderr, "%d terms, %d queries left to FTS5\n", n, left);
    assert_true(n > 1000);
    /* Queries users type, through store_search_quote. */
    static const char *const TYPED[] = { "marking", "firearms destroyed", "armes légères", "destrucción armas", "оружие",
                                         "Peru", "weapons", "stockpil*", "mark*", "yes", "no", "2024", "武器", "الأسلحة",
                                         "MARKING Weapons", "l'arme", "end-user", "x", "a*" };
    struct buf b = BUF_INIT;
    for (size_t i = 0; i < sizeof TYPED / sizeof *TYPED; i++)
        if (store_search_quote(TYPED[i], &b) == 0) same(t, c.db, b.data, 0, (long long)1 << 60, &left);
    buf_cleanup(&b);
    /* How often a word occurs, counted from the index for a few rowids far apart (the cursors jump over
       skips) and for every one, as FTS5 counts the word's tokens (store_fts_rank_query). */
    static const char *const COUNTED[] = { "marking", "weapons", "yes", "armes", "destroyed", "national" };
    for (size_t i = 0; i < sizeof COUNTED / sizeof *COUNTED; i++) {
        struct buf wq = BUF_INIT, rq = BUF_INIT;
        assert_int_equal(store_search_quote(COUNTED[i], &wq), 0);
        struct store_rank_groups g;
        assert_int_equal(store_fts_rank_query(c.db, wq.data, &rq, &g), 1);
        long long *rows;
        unsigned *want;
        size_t nr = fts_instances(c.db, rq.data, true, &rows, &want);
        assert_true(nr > 0);
        for (size_t step = 1; step <= 301; step += 300) {     /* every rowid, then one in 301 */
            size_t ns = 0;
            long long *some = malloc(nr * sizeof *some);
            unsigned *some_want = malloc(nr * sizeof *some_want);
            for (size_t k = 0; k < nr; k += step) { some[ns] = rows[k]; some_want[ns++] = want[k]; }
            unsigned *tf = NULL;
            int nw = 0;
            assert_int_equal(store_term_index_tf(t, c.db, wq.data, some, ns, &tf, &nw), 1);
            assert_int_equal(nw, 1);
            for (size_t k = 0; k < ns; k++) assert_int_equal(tf[k], some_want[k]);
            free(tf);
            free(some);
            free(some_want);
        }
        free(rows);
        free(want);
        buf_cleanup(&wq);
        buf_cleanup(&rq);
    }
    phrases(t, c.db, &left);
    long long *v = NULL;
    size_t nv = 0;
    /* A term in no answer: nothing. */
    assert_int_equal(store_term_index_match(t, c.db, "\"zzzqqqxxv\"", 0, 1LL << 60, &v, &nv), 1);
    assert_int_equal(nv, 0);
    free(v);
    /* Nearly every query was answered by the index. */
    assert_true(left < n / 100 + 10);
    store_term_index_release(t);
    store_conn_close(&c);
}

/*
 * The index of a few reports made from their text (store_term_index_of_reports, for a search while the
 * main index is behind): made of every report, it answers as FTS5 does, term by term, with the same
 * positions (phrases) and occurrences (ranks).
 */
static void test_index_of_reports_is_fts5(void **state)
{
    (void)state;
    struct store_conn c;
    char err[256];
    assert_int_equal(store_conn_open(&c, dbpath, SQLITE_OPEN_READWRITE, false, err, sizeof err), 0);
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(c.db, "SELECT DISTINCT rowid >> 16 FROM search_answer ORDER BY 1", -1, &st, NULL), SQLITE_OK);
    size_t nids = 0, cap = 256;
    long long *ids = malloc(cap * sizeof *ids);
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (nids == cap) ids = realloc(ids, (cap *= 2) * sizeof *ids);
        ids[nids++] = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
    assert_true(nids > 100);
    struct term_index *t = store_term_index_of_reports(&c, ids, nids);
    assert_non_null(t);
    free(ids);
    assert_int_equal(sqlite3_exec(c.db, "PRAGMA query_only=OFF; "
                                  "CREATE VIRTUAL TABLE IF NOT EXISTS temp.poaiss_vocab USING fts5vocab(main, search_answer, row); "
                                  "PRAGMA query_only=ON", NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(c.db, "SELECT term FROM temp.poaiss_vocab", -1, &st, NULL), SQLITE_OK);
    char q[700];
    int n = 0, left = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *term = (const char *)sqlite3_column_text(st, 0);
        if (!term || strlen(term) > 250 || strchr(term, '"')) continue;
        if (n++ % 3) continue;                         /* one term in three: the test's time under ASan */
        snprintf(q, sizeof q, "\"%s\"", term);
        same(t, c.db, q, 0, (long long)1 << 60, &left);
        if (n % 30 == 1 && strlen(term) >= 3) {
            snprintf(q, sizeof q, "\"%.3s\"*", term);
            same(t, c.db, q, 0, (long long)1 << 60, &left);
        }
    }
    sqlite3_finalize(st);
    assert_int_equal(left, 0);
    phrases(t, c.db, &left);
    store_term_index_release(t);
    store_conn_close(&c);
}

struct sig { struct buf b; };

static int on_hit(const struct store_hit *h, void *ctx)
{
    buf_printf(&((struct sig *)ctx)->b, "%lld/%d/%s/%s/%.17g\n", h->report_id, h->version, h->question, h->snippet, h->rank);
    return 0;
}

static int on_facet(const char *value, const char *label, long count, void *ctx)
{
    buf_printf(&((struct sig *)ctx)->b, "%s=%s:%ld\n", value, label, count);
    return 0;
}

/* Everything a search page shows for q and f: hits of the first and a later page, the total, every facet. */
static char *signature(const char *typed, const struct store_search_filter *f)
{
    struct buf q = BUF_INIT;
    if (*typed) assert_int_equal(store_search_quote(typed, &q), 0);
    else buf_puts(&q, "");                             /* browsing a question's answers */
    struct sig s = { BUF_INIT };
    long total = -1;
    assert_int_equal(store_search_filtered(db, q.data, f, 20, 0, on_hit, &s, &total), 0);
    buf_printf(&s.b, "total %ld\n", total);
    assert_int_equal(store_search_filtered(db, q.data, f, 20, 40, on_hit, &s, &total), 0);
    static const char *const FACETS[] = { "cycle", "region", "group", "subregion", "question", "answer" };
    for (size_t i = 0; i < sizeof FACETS / sizeof *FACETS; i++) {
        buf_printf(&s.b, "[%s]\n", FACETS[i]);
        assert_int_equal(store_search_facet(db, q.data, f, FACETS[i], on_facet, &s), 0);
    }
    buf_cleanup(&q);
    return buf_steal(&s.b, NULL);
}

static void test_search_same_with_and_without(void **state)
{
    (void)state;
    static const char *const TYPED[] = { "marking", "firearms destroyed", "yes", "weapons", "stockpil*", "mark*", "armes",
                                         "\"national action plan\"", "\"national action plan\" firearms",
                                         "\"small arms\" \"light weapons\"", "Peru", "оружие", "" };
    static const struct store_search_filter FILTERS[] = {
        { 0 }, { .cycle = 2024 }, { .region = "002" }, { .grp = "AFR" }, { .question = "challenges" },
        { .question = "coord.nap" }, { .question = "coord.nap", .answer = "no" },
        { .question = "coord.nap", .answer = "yes", .cycle = 2024, .region = "150" },
        { .question = "stock.standards", .grp = "AFR" },
    };
    enum { NQ = sizeof TYPED / sizeof *TYPED, NF = sizeof FILTERS / sizeof *FILTERS };
    char *without[NQ][NF];
    for (size_t i = 0; i < NQ; i++)
        for (size_t k = 0; k < NF; k++) without[i][k] = signature(TYPED[i], &FILTERS[k]);
    assert_int_equal(store_search_terms_start(db, true), 0);
    struct report_map *m = store_report_map_get(db, store_reader(db));
    struct term_index *t = store_search_terms_get(db, m);
    assert_non_null(t);                                /* built for the data the searches see */
    store_term_index_release(t);
    for (size_t i = 0; i < NQ; i++)
        for (size_t k = 0; k < NF; k++) {
            /* a write between searches, so that no search is the memo of the one before */
            assert_int_equal(store_tx_begin(db), 0);
            assert_int_equal(store_tx_commit(db), 0);
            char *with = signature(TYPED[i], &FILTERS[k]);
            if (!*TYPED[i] && FILTERS[k].question && !FILTERS[k].answer) assert_null(strstr(with, "total 0\n"));
            if (strcmp(with, without[i][k]) != 0) fprintf(stderr, "%s [%zu]:\n%s\n---\n%s\n", TYPED[i], k, with, without[i][k]);
            assert_string_equal(with, without[i][k]);
            free(with);
            free(without[i][k]);
        }
}

/* A correction of report id, published: its answer to question replaced. */
static void publish(long long id, const char *question, const char *answer)
{
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(store_reader(db)->db, "SELECT version FROM report WHERE id = ?", -1, &st, NULL), SQLITE_OK);
    sqlite3_bind_int64(st, 1, id);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    assert_int_equal(store_tx_begin(db), 0);
    assert_int_equal(store_answer_put(db, id, question, answer, 0), 0);
    assert_int_equal(store_report_set_status(db, id, "published", v + 1), 0);
    assert_int_equal(store_report_version_add(db, id, v + 1, 0, "correction"), 0);
    assert_int_equal(store_tx_commit(db), 0);
}

static int first_published(const struct store_report *r, void *ctx)
{
    if (strcmp(r->status, "published") == 0) { *(long long *)ctx = r->id; return 1; }
    return 0;
}

static void test_behind_then_rebuilt(void **state)
{
    (void)state;
    assert_int_equal(store_search_terms_start(db, true), 0);
    long long pub = 0;
    assert_int_equal(store_reports_each(db, NULL, 0, "published", true, first_published, &pub), 0);
    assert_true(pub > 0);
    struct report_map *m = store_report_map_get(db, store_reader(db));
    struct term_index *t = store_search_terms_get(db, m);
    assert_non_null(t);
    store_term_index_release(t);
    /* A correction with a word no report has: found at once (FTS5 answers for it while the index is behind). */
    publish(pub, "challenges", "\"Quixotically zanzibarian stockpiles\"");
    struct report_map *n = store_report_map_get(db, store_reader(db));
    assert_true(n->max_rowid > m->max_rowid);
    long total = 0;
    assert_int_equal(store_search(db, "\"zanzibarian\"", 0, 0, NULL, NULL, &total), 0);
    assert_int_equal(total, 1);
    /* The builder is asked for a new index; once built, it is used, and still finds the word (a minute at most:
       under the sanitizers and CI's load a build of the demo's index took 8 s). */
    for (int i = 0; i < 6000; i++) {
        t = store_search_terms_get(db, n);
        if (t) break;
        struct timespec ts = { 0, 10 * 1000 * 1000 };
        nanosleep(&ts, NULL);
    }
    assert_non_null(t);
    long long *rows = NULL;
    size_t nrows = 0;
    assert_int_equal(store_term_index_match(t, store_reader(db)->db, "\"zanzibarian\"", 0, 1LL << 60, &rows, &nrows), 1);
    assert_int_equal(nrows, 1);
    assert_true(rows[0] >> 16 == pub);
    free(rows);
    store_term_index_release(t);
    assert_int_equal(store_search(db, "\"zanzibarian\"", 0, 0, NULL, NULL, &total), 0);
    assert_int_equal(total, 1);
}

static int some_published(const struct store_report *r, void *ctx)
{
    long long *ids = ctx;
    if (strcmp(r->status, "published") != 0) return 0;
    for (int i = 0; i < 3; i++) if (!ids[i]) { ids[i] = r->id; return i == 2; }
    return 1;
}


/*
 * An index behind the data (reports published since it was built) still answers, with FTS5 for those
 * reports: every hit, rank, total and facet as FTS5 alone gives them, for words, phrases, prefixes, a
 * word only the new versions hold and one only the old versions held.
 */
static void test_behind_reads_new_reports_from_fts5(void **state)
{
    (void)state;
    assert_int_equal(store_search_terms_start(db, true), 0);
    struct term_index *t = NULL;
    for (int i = 0; i < 6000 && !t; i++) {             /* the index of the data as it is now */
        t = store_search_terms_get(db, store_report_map_get(db, store_reader(db)));
        if (!t) nanosleep(&(struct timespec){ 0, 10 * 1000 * 1000 }, NULL);
    }
    assert_non_null(t);
    store_term_index_release(t);
    store_search_terms_hold(db, true);
    long long ids[3] = { 0 };
    store_reports_each(db, NULL, 0, "published", true, some_published, ids);
    assert_true(ids[2] > 0);
    publish(ids[0], "challenges", "\"Firearms destroyed under the national action plan; marking of weapons, quokkaform stockpiles\"");
    publish(ids[1], "challenges", "\"Nothing to report\"");
    publish(ids[2], "challenges", "\"Marking and marking again: the national action plan, the national action plan\"");
    struct report_map *m = store_report_map_get(db, store_reader(db));
    assert_null(store_search_terms_get(db, m));
    t = store_search_terms_behind(db, m);
    assert_non_null(t);                                /* the old index, with three reports published since */
    store_term_index_release(t);
    static const char *const TYPED[] = { "marking", "firearms destroyed", "\"national action plan\"", "quokkaform", "mark*",
                                         "\"marking of weapons\" stockpiles", "yes", "weapons" };
    static const struct store_search_filter FILTERS[] = { { 0 }, { .question = "challenges" }, { .region = "002" } };
    enum { NQ = sizeof TYPED / sizeof *TYPED, NF = sizeof FILTERS / sizeof *FILTERS };
    char *behind[NQ][NF];
    for (size_t i = 0; i < NQ; i++)
        for (size_t k = 0; k < NF; k++) {
            assert_int_equal(store_tx_begin(db), 0);
            assert_int_equal(store_tx_commit(db), 0);
            behind[i][k] = signature(TYPED[i], &FILTERS[k]);
        }
    assert_non_null(strstr(behind[3][0], "total 1\n"));
    store_search_terms_stop(db);                       /* FTS5 alone */
    for (size_t i = 0; i < NQ; i++)
        for (size_t k = 0; k < NF; k++) {
            assert_int_equal(store_tx_begin(db), 0);
            assert_int_equal(store_tx_commit(db), 0);
            char *alone = signature(TYPED[i], &FILTERS[k]);
            if (strcmp(alone, behind[i][k]) != 0) fprintf(stderr, "%s [%zu]:\n%s\n---\n%s\n", TYPED[i], k, behind[i][k], alone);
            assert_string_equal(behind[i][k], alone);
            free(alone);
            free(behind[i][k]);
        }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_index_is_fts5),
        cmocka_unit_test(test_index_of_reports_is_fts5),
        cmocka_unit_test(test_search_same_with_and_without),
        cmocka_unit_test(test_behind_then_rebuilt),
        cmocka_unit_test(test_behind_reads_new_reports_from_fts5),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
