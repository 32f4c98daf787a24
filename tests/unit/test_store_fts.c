/* Unit tests: store/fts, full-text search over published reports (the tokenizer, queries, quoting, facets; migration 0003). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <time.h>
#include <unistd.h>

#include "domain/setup.h"
#include "store/excerpts.h"
#include "store/internal.h"
#include "store/store.h"
#include "util/buf.h"
#include "unit.h"

UNIT_DEMO_FIXTURE("store-fts", 0)   /* db: the store, also after test_survives_restart reopens it */

/* One integer from SQL on this thread's reader, with an optional integer parameter. */
static long long sql_int(struct store *s, const char *sql, long long arg)
{
    sqlite3 *conn = store_reader(s)->db;
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(conn, sql, -1, &st, NULL), SQLITE_OK);
    if (sqlite3_bind_parameter_count(st) > 0) sqlite3_bind_int64(st, 1, arg);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    long long v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

struct hits {
    int n;
    long long report_id[64];
    int version[64];
    char snippet[64][512];
    char question[64][64];
    double rank[64];
};

static int hit_cb(const struct store_hit *h, void *ctx)
{
    struct hits *r = ctx;
    if (r->n < 64) {
        r->report_id[r->n] = h->report_id;
        r->version[r->n] = h->version;
        snprintf(r->snippet[r->n], sizeof r->snippet[0], "%s", h->snippet ? h->snippet : "");
        assert_non_null(h->question);
        snprintf(r->question[r->n], sizeof r->question[0], "%s", h->question);
        r->rank[r->n] = h->rank;
        assert_non_null(h->lang);
    }
    r->n++;
    return 0;
}

/* Search user text; returns the total and fills hits (at most 64). */
static long search(struct store *s, const char *user, struct hits *h)
{
    struct buf q = BUF_INIT;
    memset(h, 0, sizeof *h);
    long total = -1;
    assert_int_equal(store_search_quote(user, &q), 0);
    assert_int_equal(store_search(s, buf_cstr(&q), 64, 0, hit_cb, h, &total), 0);
    buf_cleanup(&q);
    return total;
}

/* Does some snippet mark exactly this word? */
static bool marked(const struct hits *h, const char *word)
{
    char m[128];
    snprintf(m, sizeof m, "\x02%s\x03", word);
    for (int i = 0; i < h->n && i < 64; i++)
        if (strstr(h->snippet[i], m)) return true;
    return false;
}

static void test_schema(void **state)
{
    struct store *s = db; (void)state;
    assert_int_equal(store_schema_version(s), 19);
    /* Exactly the reports with a published version are indexed, each at its latest version. */
    long long published = sql_int(s, "SELECT count(*) FROM report WHERE version > 0", 0);
    assert_true(published > 300);
    assert_int_equal(sql_int(s, "SELECT count(DISTINCT report_id) FROM search_answer", 0), published);
    assert_int_equal(sql_int(s, "SELECT count(*) FROM search_answer a JOIN report r ON r.id = a.report_id "
                                "WHERE a.version <> r.version", 0), 0);
    /* One row per answered question of that version. */
    assert_int_equal(sql_int(s, "SELECT count(*) FROM search_answer", 0),
                     sql_int(s, "SELECT sum((SELECT count(*) FROM json_each(v.answers))) FROM report r "
                                "JOIN report_version v ON v.report_id = r.id AND v.version = r.version", 0));
    /* The rowid names the report and the question (migration 0004). */
    assert_int_equal(sql_int(s, "SELECT count(*) FROM search_answer a LEFT JOIN search_question q ON q.n = (a.rowid & 65535) "
                                "WHERE a.report_id <> (a.rowid >> 16) OR q.question IS NOT a.question", 0), 0);
    /* Corrected reports (version 2) are indexed once, at version 2. */
    assert_true(sql_int(s, "SELECT count(DISTINCT report_id) FROM search_answer WHERE version = 2", 0) > 0);
}

static void test_stemming_and_accents(void **state)
{
    struct store *s = db; (void)state;
    struct hits h;
    /* English: "marking" finds "marked" (stem "mark"). */
    assert_true(search(s, "marking", &h) > 0);
    assert_true(marked(&h, "marked") || marked(&h, "marking") || marked(&h, "Marking"));
    assert_true(search(s, "marked", &h) > 0);
    long a = search(s, "marking", &h), b = search(s, "marks", &h);
    assert_int_equal(a, b);
    /* A query word keeps itself beside its stems: "borders" is indexed with its stem "border", while the
       stems of "border" are "border" (English) and "bord" (French): the stems without the word missed them. */
    assert_true(search(s, "borders", &h) > 0);
    assert_int_equal(search(s, "border", &h), search(s, "borders", &h));
    /* French: "arme" finds "armes"; Spanish: "arma" finds "armas". */
    assert_true(search(s, "arme", &h) > 0);
    assert_true(marked(&h, "armes"));
    assert_true(search(s, "arma", &h) > 0);
    assert_true(marked(&h, "armas"));
    /* Accents ignored, both ways. */
    long with = search(s, "sécurité", &h);
    assert_true(with > 0);
    assert_true(marked(&h, "sécurité"));
    assert_int_equal(search(s, "securite", &h), with);
    assert_int_equal(search(s, "SÉCURITÉ", &h), with);
    /* Spanish, and a word that is no word finds nothing. */
    assert_true(search(s, "seguridad", &h) > 0);
    assert_int_equal(search(s, "xyzzyplugh", &h), 0);
}

static void test_prefix_and_phrase(void **state)
{
    struct store *s = db; (void)state;
    struct hits h;
    long prefix = search(s, "marq*", &h);        /* marquage, marquées ... */
    assert_true(prefix > 0);
    assert_true(marked(&h, "marquage") || marked(&h, "marquées") || marked(&h, "marqué") || marked(&h, "marquer"));
    assert_true(prefix >= search(s, "marquage", &h));
    long phrase = search(s, "\"serial number\"", &h);
    long words = search(s, "serial number", &h);
    assert_true(phrase > 0);
    assert_true(words >= phrase);
    assert_int_equal(search(s, "\"number serial\"", &h) <= phrase, true);
    /* Two words are ANDed. */
    assert_true(search(s, "serial xyzzyplugh", &h) == 0);
}

/*
 * A page's excerpts are made in a table in memory of its answers alone (store/excerpts.c): for every
 * answer that a query matches, the same excerpt as snippet() gives in the whole index (words, phrases of
 * words in most answers, prefixes, several phrases), in batches of 64 as a page or a download asks.
 */
static void test_excerpt_from_page_table(void **state)
{
    (void)state;
    static const char *const TYPED[] = { "marking weapons", "firearms destroyed", "\"serial number\" marking", "yes national",
                                         "stockpil* management", "armes légères", "\"national action plan\" weapons registry",
                                         "\"yes no\"", "\"of the\"", "mark*", "\"small arms and light weapons\"", "Peru" };
    static const char SNIP[] = "SELECT rowid, snippet(search_answer, 0, char(2), char(3), '…', 16), text FROM search_answer "
                               "WHERE search_answer MATCH ?1";
    struct store_conn *c = store_reader(db);
    long compared = 0;
    for (size_t i = 0; i < sizeof TYPED / sizeof *TYPED; i++) {
        struct buf q = BUF_INIT;
        assert_int_equal(store_search_quote(TYPED[i], &q), 0);
        sqlite3_stmt *all = NULL;
        assert_int_equal(sqlite3_prepare_v2(c->db, SNIP, -1, &all, NULL), SQLITE_OK);
        sqlite3_bind_text(all, 1, q.data, -1, SQLITE_STATIC);
        struct store_excerpt ex[64];
        char *want[64], *text[64];
        size_t n = 0;
        int rc;
        do {
            rc = sqlite3_step(all);
            if (rc == SQLITE_ROW) {
                text[n] = strdup((const char *)sqlite3_column_text(all, 2));
                ex[n] = (struct store_excerpt){ sqlite3_column_int64(all, 0), text[n], sqlite3_column_bytes(all, 2), NULL };
                want[n++] = strdup((const char *)sqlite3_column_text(all, 1));
            }
            if (n == 64 || (rc != SQLITE_ROW && n)) {
                assert_int_equal(store_excerpts_make(c, q.data, ex, n), 0);
                for (size_t k = 0; k < n; k++) {
                    assert_non_null(ex[k].snippet);
                    if (strcmp(ex[k].snippet, want[k]) != 0)
                        fprintf(stderr, "%s at %lld:\n  index: %s\n  page:  %s\n", q.data, ex[k].rowid, want[k], ex[k].snippet);
                    assert_string_equal(ex[k].snippet, want[k]);
                    free(ex[k].snippet);
                    free(text[k]);
                    free(want[k]);
                    compared++;
                }
                n = 0;
            }
        } while (rc == SQLITE_ROW);
        assert_int_equal(rc, SQLITE_DONE);
        sqlite3_finalize(all);
        buf_cleanup(&q);
    }
    fprintf(stderr, "%ld excerpts compared\n", compared);
    assert_true(compared > 1000);
    /* Answers gone since the hits were counted (a correction published meanwhile): left out, not an error. */
    struct buf q = BUF_INIT;
    assert_int_equal(store_search_quote("marking", &q), 0);
    struct store_excerpt gone[3] = { { 0, NULL, 0, NULL }, { 0, NULL, 0, NULL }, { 7, "Weapons marking laws.", 21, NULL } };
    assert_int_equal(store_excerpts_make(c, q.data, gone, 3), 0);
    assert_null(gone[0].snippet);
    assert_null(gone[1].snippet);
    assert_non_null(gone[2].snippet);
    assert_non_null(strstr(gone[2].snippet, "\x02marking\x03"));
    free(gone[2].snippet);
    buf_cleanup(&q);
}

static int find_draft_cb(const struct store_report *r, void *ctx)
{
    if (r->version == 0) { *(long long *)ctx = r->id; return 1; }
    return 0;
}

static int find_published_cb(const struct store_report *r, void *ctx)
{
    if (r->version == 1 && strcmp(r->status, "published") == 0) { *(long long *)ctx = r->id; return 1; }
    return 0;
}

static void test_drafts_never_appear(void **state)
{
    struct store *s = db; (void)state;
    long long draft = 0;
    assert_int_equal(store_reports_each(s, NULL, 0, "draft", false, find_draft_cb, &draft), 0);
    assert_true(draft > 0);
    /* The demo draft has working answers, none indexed. */
    assert_true(sql_int(s, "SELECT count(*) FROM report_answer WHERE report_id = ?", draft) > 0);
    assert_int_equal(sql_int(s, "SELECT count(*) FROM search_answer WHERE report_id = ?", draft), 0);
    /* A word typed into a draft (also of a published report) is never found. */
    long long pub = 0;
    assert_int_equal(store_reports_each(s, NULL, 0, "published", true, find_published_cb, &pub), 0);
    assert_true(pub > 0);
    assert_int_equal(store_tx_begin(s), 0);
    assert_int_equal(store_answer_put(s, draft, "challenges", "\"quuxdraftword in a draft\"", 0), 0);
    assert_int_equal(store_answer_put(s, pub, "challenges", "\"quuxdraftword in a working copy\"", 0), 0);
    assert_int_equal(store_report_set_status(s, pub, "draft", 1), 0);
    assert_int_equal(store_tx_commit(s), 0);
    struct hits h;
    assert_int_equal(search(s, "quuxdraftword", &h), 0);
    /* Submitted, returned: still not published, still not found. */
    assert_int_equal(store_tx_begin(s), 0);
    assert_int_equal(store_report_set_status(s, draft, "submitted", 0), 0);
    assert_int_equal(store_tx_commit(s), 0);
    assert_int_equal(search(s, "quuxdraftword", &h), 0);
}

static void test_publication_updates_index(void **state)
{
    struct store *s = db; (void)state;
    long long pub = 0;
    assert_int_equal(store_reports_each(s, NULL, 0, "published", true, find_published_cb, &pub), 0);
    assert_true(pub > 0);
    struct hits h;
    assert_int_equal(search(s, "zorblaxian", &h), 0);
    long long before = sql_int(s, "SELECT count(*) FROM search_answer WHERE report_id = ?", pub);
    /* A correction: the new version's answers replace the old ones in one transaction. */
    assert_int_equal(store_tx_begin(s), 0);
    assert_int_equal(store_answer_put(s, pub, "challenges", "\"The zorblaxian armouries were inspected.\"", 0), 0);
    assert_int_equal(store_report_set_status(s, pub, "published", 2), 0);
    assert_int_equal(store_report_version_add(s, pub, 2, 0, "test"), 0);
    assert_int_equal(store_tx_commit(s), 0);
    assert_int_equal(search(s, "zorblaxian", &h), 1);
    assert_int_equal(h.report_id[0], pub);
    assert_int_equal(h.version[0], 2);
    assert_true(marked(&h, "zorblaxian"));
    assert_int_equal(sql_int(s, "SELECT count(*) FROM search_answer WHERE report_id = ? AND version <> 2", pub), 0);
    long long after = sql_int(s, "SELECT count(*) FROM search_answer WHERE report_id = ?", pub);
    assert_true(after == before || after == before + 1);
    /* A rolled-back publication leaves no trace. */
    assert_int_equal(store_tx_begin(s), 0);
    assert_int_equal(store_answer_put(s, pub, "challenges", "\"glorbnitz\"", 0), 0);
    assert_int_equal(store_report_version_add(s, pub, 3, 0, NULL), 0);
    store_tx_rollback(s);
    assert_int_equal(search(s, "glorbnitz", &h), 0);
    assert_int_equal(search(s, "zorblaxian", &h), 1);
}

/*
 * The rank of one answer for the FTS5 query fts, from poaiss_rank with FTS5's own lengths (no map): a
 * query of words through its ranking query (each word's tokens counted together, store_fts_rank_query),
 * whatever the search used (the term index's counts, or FTS5).
 */
static double rank_direct(struct store *s, const char *fts, long long report, const char *question)
{
    sqlite3 *rdb = store_reader(s)->db;
    struct buf rq = BUF_INIT;
    struct store_rank_groups g;
    int words = store_fts_rank_query(rdb, fts, &rq, &g);
    assert_true(words >= 0);
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(rdb, "SELECT poaiss_rank(search_answer, NULL, ?4) FROM search_answer "
                                        "WHERE search_answer MATCH ?1 AND report_id = ?2 AND question = ?3", -1, &st, NULL), SQLITE_OK);
    sqlite3_bind_text(st, 1, words ? buf_cstr(&rq) : fts, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, report);
    sqlite3_bind_text(st, 3, question, -1, SQLITE_STATIC);
    sqlite3_bind_pointer(st, 4, words ? &g : NULL, STORE_RANK_GROUPS, NULL);
    store_fts_exact(words == 1);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    store_fts_exact(false);
    double r = sqlite3_column_double(st, 0);
    sqlite3_finalize(st);
    buf_cleanup(&rq);
    return r;
}

/* Every hit's rank is the one FTS5's own answer lengths give; returns the number of hits. */
static int ranks_check(struct store *s, const char *user)
{
    struct buf q = BUF_INIT;
    assert_int_equal(store_search_quote(user, &q), 0);
    struct hits h;
    memset(&h, 0, sizeof h);
    long total = 0;
    assert_int_equal(store_search(s, buf_cstr(&q), 64, 0, hit_cb, &h, &total), 0);
    for (int i = 0; i < h.n && i < 64; i++) {
        assert_true(h.rank[i] < 0);
        assert_true(h.rank[i] == rank_direct(s, buf_cstr(&q), h.report_id[i], h.question[i]));
        if (i) assert_true(h.rank[i - 1] <= h.rank[i]);
    }
    buf_cleanup(&q);
    return h.n;
}

static void *ranks_check_thread(void *s)
{
    return (void *)(long)ranks_check(s, "national marking");
}

/*
 * The search ranks with the answers' lengths kept in the map of published reports (store/search_scan.c):
 * the same ranks as FTS5's own lengths give, after a correction makes an answer longer, and on another
 * thread's connection, which shares the map.
 */
static void test_rank_lengths(void **state)
{
    struct store *s = db; (void)state;
    assert_int_equal(store_search_warm(s), 0);
    assert_true(ranks_check(s, "national marking") > 0);
    assert_true(ranks_check(s, "armes légères") > 0);
    assert_true(ranks_check(s, "stockpil*") > 0);
    long long pub = 0;
    assert_int_equal(store_reports_each(s, NULL, 0, "published", true, find_published_cb, &pub), 0);
    assert_true(pub > 0);
    long long v = sql_int(s, "SELECT version FROM report WHERE id = ?", pub);
    assert_int_equal(store_tx_begin(s), 0);
    assert_int_equal(store_answer_put(s, pub, "challenges", "\"Quuxified marking: marking of every weapon, marking of "
                                      "ammunition, and a much longer answer than it was, so that its length changes.\"", 0), 0);
    assert_int_equal(store_report_set_status(s, pub, "published", (int)v + 1), 0);
    assert_int_equal(store_report_version_add(s, pub, (int)v + 1, 0, "longer"), 0);
    assert_int_equal(store_tx_commit(s), 0);
    assert_int_equal(ranks_check(s, "quuxified marking"), 1);
    assert_true(ranks_check(s, "national marking") > 0);
    pthread_t t;
    void *n = NULL;
    assert_int_equal(pthread_create(&t, NULL, ranks_check_thread, s), 0);
    assert_int_equal(pthread_join(t, &n), 0);
    assert_true((long)n > 0);
}

static void test_survives_restart(void **state)
{
    struct store *s = db; (void)state;
    struct hits h;
    long n = search(s, "national commission", &h);
    assert_true(n > 0);
    store_close(s);
    char err[256];
    s = store_open(dbpath, false, err, sizeof err);
    assert_non_null(s);
    db = s;
    assert_int_equal(search(s, "national commission", &h), n);
    assert_int_equal(search(s, "zorblaxian", &h), 1);
}

static void test_quote(void **state)
{
    struct store *s = db; (void)state;
    struct buf q = BUF_INIT;
    assert_int_equal(store_search_quote("marking records", &q), 0);
    assert_string_equal(buf_cstr(&q), "\"marking\" \"records\"");
    assert_int_equal(store_search_quote("marq* \"serial number\" x*", &q), 0);
    assert_string_equal(buf_cstr(&q), "\"marq\"* \"serial number\" \"x\"");
    assert_int_equal(store_search_quote("", &q), -1);
    assert_int_equal(store_search_quote("   * ** \"\" ( ) ;", &q), -1);
    assert_int_equal(store_search_quote(NULL, &q), -1);

    char big[10 * 1024 + 1];
    for (size_t i = 0; i < sizeof big - 1; i++) big[i] = "arms (OR) \"NEAR( x*"[i % 19];
    big[sizeof big - 1] = 0;
    char huge_word[10 * 1024 + 1];
    memset(huge_word, 'a', sizeof huge_word - 1);
    huge_word[sizeof huge_word - 1] = 0;
    const char *hostile[] = {
        "\"unbalanced", "(a OR", "NEAR(", "'; DROP TABLE x;--", "a AND", "NOT", "OR", "-marking", "^marking",
        "text: marking", "question:challenges", "{text}: x", "a\"b", "\"\"\"", "***", "marking*\"", "a + b",
        "\x01\x02\x1f", "\xff\xfe marking \xc3", "\xed\xa0\x80 surrogate", "\xc0\xaf overlong", "é\xcc", big, huge_word,
        "rowid = 1", "*marking", "NEAR(marking records, 2)", "\"a\" AND \"b\"",
    };
    for (size_t i = 0; i < sizeof hostile / sizeof hostile[0]; i++) {
        int rc = store_search_quote(hostile[i], &q);
        if (rc < 0) { assert_int_equal(q.len, 0); continue; }
        /* A harmless query: every term quoted, bounded, valid UTF-8, and FTS5 accepts it. */
        assert_true(q.len < 16 * 260);
        assert_int_equal(q.data[0], '"');
        assert_null(memchr(q.data, 0, q.len));
        struct hits h;
        memset(&h, 0, sizeof h);
        long total = -1;
        assert_int_equal(store_search(s, buf_cstr(&q), 10, 0, hit_cb, &h, &total), 0);
        assert_true(total >= 0);
    }
    assert_int_equal(store_search_quote("'; DROP TABLE x;--", &q), 0);
    assert_string_equal(buf_cstr(&q), "\"DROP\" \"TABLE\" \"x;--\"");
    assert_int_equal(store_search_quote("(a OR", &q), 0);
    assert_string_equal(buf_cstr(&q), "\"(a\" \"OR\"");
    assert_int_equal(store_search_quote("\"unbalanced", &q), 0);
    assert_string_equal(buf_cstr(&q), "\"unbalanced\"");
    assert_int_equal(store_search_quote("\xff\xfe marking \xc3", &q), 0);
    assert_string_equal(buf_cstr(&q), "\"marking\"");
    /* A repeated term is written once: its cost does not grow with the repetition. */
    char many[16 * 4 + 8] = "";
    for (int i = 0; i < 16; i++) strcat(many, "the ");
    strcat(many, "arms");
    assert_int_equal(store_search_quote(many, &q), 0);
    assert_string_equal(buf_cstr(&q), "\"the\" \"arms\"");   /* and the 16-term cap no longer drops "arms" */
    assert_int_equal(store_search_quote("the the", &q), 0);
    assert_string_equal(buf_cstr(&q), "\"the\"");
    assert_int_equal(store_search_quote("\"small arms\" \"small arms\"", &q), 0);
    assert_string_equal(buf_cstr(&q), "\"small arms\"");
    assert_int_equal(store_search_quote("mark* mark", &q), 0);        /* a different prefix flag: both kept */
    assert_string_equal(buf_cstr(&q), "\"mark\"* \"mark\"");
    assert_int_equal(store_search_quote("mark* mark mark* mark**", &q), 0);
    assert_string_equal(buf_cstr(&q), "\"mark\"* \"mark\"");
    /* Equal as FTS5 reads them: ASCII case, punctuation and blanks do not make a new phrase. */
    assert_int_equal(store_search_quote("The the, THE. (the) \" the \" \"small, arms\" small-arms \"Small  Arms\"", &q), 0);
    assert_string_equal(buf_cstr(&q), "\"The\" \"small, arms\"");
    /* ... but different words stay: "small" and "arms" alone, "smallarms", "the" in a phrase. */
    assert_int_equal(store_search_quote("\"small arms\" small arms smallarms \"the arms\"", &q), 0);
    assert_string_equal(buf_cstr(&q), "\"small arms\" \"small\" \"arms\" \"smallarms\" \"the arms\"");
    assert_int_equal(store_search_quote("armes armés ARMÉS", &q), 0);   /* non-ASCII compared as written */
    assert_string_equal(buf_cstr(&q), "\"armes\" \"armés\" \"ARMÉS\"");
    assert_int_equal(store_search_quote("x* x", &q), 0);               /* a one-letter prefix is no prefix */
    assert_string_equal(buf_cstr(&q), "\"x\"");
    /* A raw query that is not FTS5 is refused, not logged as a database failure. */
    long total;
    assert_int_equal(store_search(s, "(a OR", 10, 0, hit_cb, &(struct hits){ 0 }, &total), -2);
    buf_cleanup(&q);
}

static void test_paging_and_timing(void **state)
{
    struct store *s = db; (void)state;
    struct buf q = BUF_INIT;
    assert_int_equal(store_search_quote("national marking", &q), 0);
    struct hits all, page;
    memset(&all, 0, sizeof all);
    long total = 0;
    assert_int_equal(store_search(s, buf_cstr(&q), 20, 0, hit_cb, &all, &total), 0);
    assert_true(total > 20);
    assert_int_equal(all.n, 20);
    memset(&page, 0, sizeof page);
    assert_int_equal(store_search(s, buf_cstr(&q), 10, 10, hit_cb, &page, NULL), 0);
    assert_int_equal(page.n, 10);
    for (int i = 0; i < 10; i++) assert_string_equal(page.snippet[i], all.snippet[10 + i]);

    const char *queries[] = { "national marking", "armes légères", "destruction weapons", "seguridad física" };
    for (size_t k = 0; k < sizeof queries / sizeof queries[0]; k++) {
        assert_int_equal(store_search_quote(queries[k], &q), 0);
        enum { N = 50 };
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        for (int i = 0; i < N; i++) {
            memset(&all, 0, sizeof all);
            assert_int_equal(store_search(s, buf_cstr(&q), 20, 0, hit_cb, &all, &total), 0);
        }
        clock_gettime(CLOCK_MONOTONIC, &t1);
        double ms = ((double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6) / N;
        fprintf(stderr, "search %-22s %5ld hits, 20 shown + total: %.2f ms\n", queries[k], total, ms);
    }
    fprintf(stderr, "index: %lld rows\n", sql_int(s, "SELECT count(*) FROM search_answer", 0));
    buf_cleanup(&q);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_schema), cmocka_unit_test(test_stemming_and_accents),
        cmocka_unit_test(test_prefix_and_phrase), cmocka_unit_test(test_excerpt_from_page_table), cmocka_unit_test(test_quote),
        cmocka_unit_test(test_paging_and_timing), cmocka_unit_test(test_drafts_never_appear),
        cmocka_unit_test(test_publication_updates_index), cmocka_unit_test(test_rank_lengths),
        cmocka_unit_test(test_survives_restart),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
