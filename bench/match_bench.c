/*
 * match_bench: the matching benchmark (bench/matching.sh).  Makes a database with the
 * reference data and N synthetic open requests and N offers (drawn from the taxonomy, the
 * States' M49 regions, budgets from 5,000 to 5,000,000 USD, periods, languages), then
 * measures:
 *   build    making the profiles of every open request and offer from the database (what
 *            the first matches after a change cost);
 *   all      the top-10 offers of every request (match_all on THREADS threads);
 *   page     one request's matches as its page reads them (assist_matches_for_request:
 *            ranking plus reading the 10 offers and writing the reasons), p50 and p99;
 *   sql      the yardstick: the same ranking written as one SQL query straight on SQLite
 *            (category, kind, place and budget points summed in SQL, top 10), p50 and p99.
 *
 *   build/bench/match_bench DB N THREADS
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "domain/assistance.h"
#include "domain/setup.h"
#include "domain/template.h"
#include "store/assistance.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/i18n.h"

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static double cpu_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static const char *const CATS[] = { "legislation", "coordination", "manufacture", "transfer_control", "brokering",
                                    "marking_recordkeeping", "tracing", "stockpile", "surplus_destruction", "collection", "ddr",
                                    "border_law_enforcement", "criminal_justice", "awareness_prevention", "gender",
                                    "data_sdg1642", "training", "new_technologies" };
static const char *const KINDS[] = { "financial", "technical", "equipment", "training", "technology_transfer", "expertise" };
static const char *const LANGS[] = { "[\"en\"]", "[\"fr\"]", "[\"es\"]", "[\"ar\"]", "[\"en\", \"fr\"]", "[\"ru\"]" };
#define COUNT(a) (sizeof a / sizeof a[0])

static const char *pick(const char *const *v, size_t n) { return v[(size_t)rand() % n]; }

static int fill(struct store *s, int n)
{
    struct arena a = ARENA_INIT;
    struct store_state_place *pl;
    size_t np;
    if (store_state_places(s, &a, &pl, &np) < 0 || !np) return -1;
    if (store_tx_begin(s) < 0) return -1;
    long long partner = store_partner_ensure(s, "bench", "Benchmark partner", "other", NULL, true);
    char buf[8][96];
    for (int i = 0; i < n; i++) {
        const struct store_state_place *p = &pl[(size_t)rand() % np];
        int y = 2026 + rand() % 3, m = 1 + rand() % 12;
        snprintf(buf[0], sizeof buf[0], "%04d-%02d", y, m);
        snprintf(buf[1], sizeof buf[1], "%04d-%02d", y + 1 + rand() % 2, m);
        struct store_request q = {
            .iso3 = p->iso3, .category = pick(CATS, COUNT(CATS)), .kind = pick(KINDS, COUNT(KINDS)), .title = "Benchmark need",
            .description = "", .has_cost = rand() % 4 != 0, .cost = 5000.0 * (1 + rand() % 1000), .currency = "USD",
            .period_start = buf[0], .period_end = buf[1], .paragraphs = "[]", .languages = pick(LANGS, COUNT(LANGS)), .in_plan = -1,
            .status = "open", .synthetic = true,
        };
        if (store_request_save(s, &q) < 0) goto fail;
        const char *where = rand() % 3 == 0 ? p->region : rand() % 2 ? p->subregion : NULL;
        snprintf(buf[2], sizeof buf[2], where ? "[\"%s\"]" : "[]", where);
        snprintf(buf[3], sizeof buf[3], rand() % 5 ? "[\"%s\", \"%s\"]" : "[]", pick(CATS, COUNT(CATS)), pick(CATS, COUNT(CATS)));
        snprintf(buf[4], sizeof buf[4], rand() % 3 ? "[\"%s\"]" : "[]", pick(KINDS, COUNT(KINDS)));
        double lo = 1000.0 * (rand() % 100), hi = lo + 10000.0 * (1 + rand() % 500);
        struct store_offer o = {
            .partner_id = partner, .title = "Benchmark offer", .categories = buf[3], .kinds = buf[4], .regions = buf[2],
            .states = "[]", .has_min = rand() % 2, .budget_min = lo, .has_max = rand() % 4 != 0, .budget_max = hi,
            .currency = "USD", .period_start = buf[0], .period_end = rand() % 2 ? buf[1] : NULL, .languages = pick(LANGS, COUNT(LANGS)),
            .description = "", .contact = "", .status = "open", .synthetic = true,
        };
        if (store_offer_save(s, &o) < 0) goto fail;
    }
    arena_cleanup(&a);
    return store_tx_commit(s);
fail:
    store_tx_rollback(s);
    arena_cleanup(&a);
    return -1;
}

/* The yardstick: category, kind, place and budget points for one request, summed in SQL, the top 10. */
static const char SQL[] =
    "SELECT o.id, "
    "  (CASE WHEN o.categories = '[]' THEN 20 ELSE 35 END) "
    "  + (CASE WHEN o.kinds = '[]' THEN 10 WHEN EXISTS (SELECT 1 FROM json_each(o.kinds) WHERE value = q.kind) THEN 15 ELSE 0 END) "
    "  + (CASE WHEN o.regions = '[]' THEN 12 WHEN EXISTS (SELECT 1 FROM json_each(o.regions) "
    "        WHERE value IN (st.subregion, st.intermediate)) THEN 20 "
    "      WHEN EXISTS (SELECT 1 FROM json_each(o.regions) WHERE value = st.region) THEN 16 ELSE 0 END) "
    "  + (CASE WHEN q.estimated_cost IS NULL OR (o.budget_min IS NULL AND o.budget_max IS NULL) THEN 8 "
    "      WHEN o.budget_max IS NOT NULL AND q.estimated_cost > o.budget_max THEN 0 "
    "      WHEN o.budget_min IS NOT NULL AND q.estimated_cost < o.budget_min THEN 5 ELSE 15 END) AS score "
    "FROM request q JOIN state st ON st.iso3 = q.state_iso3, offer o "
    "WHERE q.id = ?1 AND o.status = 'open' "
    "  AND (o.categories = '[]' OR EXISTS (SELECT 1 FROM json_each(o.categories) WHERE value = q.category)) "
    "ORDER BY score DESC, o.id DESC LIMIT 10";

int main(int argc, char **argv)
{
    if (argc != 4) { fprintf(stderr, "usage: match_bench DB N THREADS\n"); return 2; }
    const char *path = argv[1];
    int n = atoi(argv[2]), threads = atoi(argv[3]);
    if (n < 10 || threads < 1) { fprintf(stderr, "match_bench: N >= 10, THREADS >= 1\n"); return 2; }
    char err[512];
    srand(42);
    i18n_init();
    i18n_set_lang("en");
    if (template_init(err, sizeof err) < 0) { fprintf(stderr, "%s\n", err); return 1; }
    struct store *s = store_open(path, true, err, sizeof err);
    if (!s) { fprintf(stderr, "%s\n", err); return 1; }
    double t0 = now_ms();
    if (setup_init(s, err, sizeof err) < 0 || fill(s, n) < 0) { fprintf(stderr, "match_bench: making the data failed\n"); return 1; }
    printf("data: %d requests and %d offers made in %.0f ms\n", n, n, now_ms() - t0);

    struct principal pub;
    auth_public(&pub);
    struct arena a = ARENA_INIT;
    struct assist_match *m;
    size_t nm;
    struct err e;
    long long first = 0;
    t0 = now_ms();
    {   /* the first matches build the profiles */
        struct assist_request *q;
        size_t nq;
        struct assist_request_filter f = { .open_only = true, .cost_min = -1, .cost_max = -1 };
        if (assist_requests_list(s, &a, &pub, "en", &f, &q, &nq, &e) < 0 || !nq) return 1;
        first = q[nq - 1].id;
    }
    double tl = now_ms();
    if (assist_matches_for_request(s, &a, &pub, "en", first, 10, &m, &nm, &e) < 0) return 1;
    printf("build: profiles of %d requests and %d offers in %.0f ms (listing the requests: %.0f ms)\n", n, n, now_ms() - tl, tl - t0);
    arena_cleanup(&a);

    /* all: rank on a set made the same way, straight */
    struct match_set *set = NULL;
    {
        struct assist_request *q;
        struct assist_offer *o;
        size_t nq, no;
        struct assist_request_filter f = { .open_only = true, .cost_min = -1, .cost_max = -1 };
        struct assist_offer_filter of = { .open_only = true };
        struct arena b = ARENA_INIT;
        if (assist_requests_list(s, &b, &pub, "en", &f, &q, &nq, &e) < 0 || assist_offers_list(s, &b, &pub, &of, &o, &no, &e) < 0) return 1;
        set = assist_match_set_make(s, q, nq, o, no);
        arena_cleanup(&b);
    }
    size_t k = 10, nreq = match_set_requests(set);
    struct match_hit *hits = calloc(nreq * k, sizeof *hits);
    size_t *counts = calloc(nreq, sizeof *counts);
    double best = 1e18, best_cpu = 1e18;
    for (int run = 0; run < 3; run++) {
        t0 = now_ms();
        double c0 = cpu_ms();
        match_all(set, 20793, k, threads, hits, counts);
        double t = now_ms() - t0, c = cpu_ms() - c0;
        if (t < best) best = t;
        if (c < best_cpu) best_cpu = c;
    }
    size_t filled = 0;
    for (size_t i = 0; i < nreq; i++) filled += counts[i] == k;
    printf("all: top-10 offers of every one of %zu requests against %zu offers on %d threads: %.0f ms wall, %.0f ms CPU "
           "(best of 3); %zu lists full\n", nreq, match_set_offers(set), threads, best, best_cpu, filled);
    free(hits);
    free(counts);
    match_set_free(set);

    /* page: one request's matches as its page reads them */
    int runs = 500;
    double *lat = calloc((size_t)runs, sizeof *lat), *raw = calloc((size_t)runs, sizeof *raw);
    double c0 = cpu_ms();
    for (int i = 0; i < runs; i++) {
        long long id = 1 + rand() % n;
        struct arena c = ARENA_INIT;
        t0 = now_ms();
        if (assist_matches_for_request(s, &c, &pub, "en", id, 10, &m, &nm, &e) < 0) return 1;
        lat[i] = now_ms() - t0;
        arena_cleanup(&c);
    }
    double page_cpu = (cpu_ms() - c0) / runs;
    qsort(lat, (size_t)runs, sizeof *lat, cmp_double);
    printf("page: one request's 10 matches with reasons: p50 %.2f ms, p99 %.2f ms, mean CPU %.2f ms (%d requests)\n",
           lat[runs / 2], lat[runs * 99 / 100], page_cpu, runs);

    sqlite3 *db;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) return 1;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, SQL, -1, &st, NULL) != SQLITE_OK) { fprintf(stderr, "%s\n", sqlite3_errmsg(db)); return 1; }
    for (int i = 0; i < runs; i++) {
        sqlite3_bind_int64(st, 1, 1 + rand() % n);
        t0 = now_ms();
        while (sqlite3_step(st) == SQLITE_ROW) {}
        raw[i] = now_ms() - t0;
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    qsort(raw, (size_t)runs, sizeof *raw, cmp_double);
    printf("sql: the yardstick, four of the factors ranked in one SQL query: p50 %.2f ms, p99 %.2f ms; page/sql at p50: %.2f\n",
           raw[runs / 2], raw[runs * 99 / 100], lat[runs / 2] / raw[runs / 2]);
    free(lat);
    free(raw);
    assist_match_cleanup();
    store_close(s);
    return 0;
}
