/*
 * search_cpu: the CPU time of a search, for bench/search.sh on a shared machine, where the wall
 * time of a request waits for a core.  For each query (one per line on stdin, as the query
 * string of /api/v1/search: q=...&cycle=...&region=...&group=...&section=...&question=...&answer=...)
 * it runs search_run() as the API does (20 hits, every facet), RUNS times, each after a write on
 * another connection (so that nothing kept from the last run answers), and prints the CPU time
 * of the searching thread and its wall time, p50 and p99.  The first run of the process is
 * printed apart: it is what a server that has just started pays for its first search (after the
 * warming `poaiss serve` does: store_search_warm before it listens, and on each worker thread;
 * NO_WARM=1 skips both).  DUMP=1 prints each query's hits (report, question, excerpt) to stderr,
 * to compare two builds' results.
 *
 *   build/bench/search_cpu DB RUNS < queries
 */
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/search.h"
#include "domain/template.h"
#include "store/store.h"
#include "util/arena.h"

/* A write that leaves every value as it was, but commits changed pages (SQLite does not write a row
   rewritten with the same bytes: "SET days = days" alone changes nothing a reader can see). */
static const char TOUCH[] = "BEGIN IMMEDIATE; UPDATE stage_target SET days = days + 1 WHERE stage = 'received'; "
                            "UPDATE stage_target SET days = days - 1 WHERE stage = 'received'; COMMIT;";

static double ms(clockid_t clk)
{
    struct timespec t;
    clock_gettime(clk, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* What `poaiss serve` does before it listens, on a thread of its own (as the server's main thread:
   the searches then run on a connection that has not searched yet, as a worker's first). */
static void *warm(void *s)
{
    return (void *)(long)store_search_warm(s);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Decode a query-string value in place. */
static void url_decode(char *s)
{
    char *o = s;
    for (; *s; s++) {
        if (*s == '+') *o++ = ' ';
        else if (*s == '%' && hexval(s[1]) >= 0 && hexval(s[2]) >= 0) { *o++ = (char)(hexval(s[1]) * 16 + hexval(s[2])); s += 2; }
        else *o++ = *s;
    }
    *o = '\0';
}

static void parse(char *line, struct search_request *rq)
{
    memset(rq, 0, sizeof *rq);
    for (char *p = strtok(line, "&"); p; p = strtok(NULL, "&")) {
        char *eq = strchr(p, '=');
        if (!eq) continue;
        *eq = '\0';
        char *v = eq + 1;
        url_decode(v);
        if (strcmp(p, "q") == 0) rq->q = v;
        else if (strcmp(p, "cycle") == 0) rq->cycle = v;
        else if (strcmp(p, "region") == 0) rq->region = v;
        else if (strcmp(p, "group") == 0) rq->group = v;
        else if (strcmp(p, "section") == 0) rq->section = v;
        else if (strcmp(p, "question") == 0) rq->question = v;
        else if (strcmp(p, "answer") == 0) rq->answer = v;
    }
    rq->limit = SEARCH_PAGE_SIZE;
    rq->facets = true;
}

/* PUBLISH=N: N published reports corrected (a new version each, its "challenges" answer changed) after the
   term index is built, the builder held: the searches then read the index behind the data, and FTS5 for those
   N reports (store/search_scan.c's overlay), as a server does in the seconds after publications.  It writes
   to the database (N versions more). */
struct picked { long long ids[1024]; int versions[1024], n, want; };

static int pick(const struct store_report *r, void *ctx)
{
    struct picked *p = ctx;
    if (strcmp(r->status, "published") == 0) { p->versions[p->n] = r->version; p->ids[p->n++] = r->id; }
    return p->n == p->want;
}

static int publish(struct store *s, int n)
{
    struct picked p = { .want = n < 1 ? 1 : n > 1024 ? 1024 : n };
    store_search_terms_hold(s, true);
    if (store_reports_each(s, NULL, 0, "published", true, pick, &p) < 0) return -1;
    for (int i = 0; i < p.n; i++) {
        int v = p.versions[i];
        if (store_tx_begin(s) < 0) return -1;
        char value[128];
        snprintf(value, sizeof value, "\"Marking records corrected (%d): the national action plan, firearms destroyed\"", i);
        if (store_answer_put(s, p.ids[i], "challenges", value, 0) < 0 || store_report_set_status(s, p.ids[i], "published", v + 1) < 0 ||
            store_report_version_add(s, p.ids[i], v + 1, 0, "bench: a correction") < 0) { store_tx_rollback(s); return -1; }
        if (store_tx_commit(s) < 0) return -1;
    }
    printf("published %d corrections; the term index held behind them\n", p.n);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 3) { fprintf(stderr, "usage: search_cpu DB RUNS < queries\n"); return 2; }
    char err[256];
    struct store *s = store_open(argv[1], false, err, sizeof err);
    sqlite3 *w = NULL;
    if (s && template_init(err, sizeof err) < 0) { fprintf(stderr, "search_cpu: templates: %s\n", err); return 1; }
    if (!s || sqlite3_open(argv[1], &w) != SQLITE_OK) { fprintf(stderr, "search_cpu: %s\n", s ? sqlite3_errmsg(w) : err); return 1; }
    sqlite3_busy_timeout(w, 5000);
    pthread_t t;
    void *warmed = NULL;
    double started = ms(CLOCK_MONOTONIC);
    if (getenv("NO_WARM") == NULL && (pthread_create(&t, NULL, warm, s) != 0 || pthread_join(t, &warmed) != 0 || warmed)) {
        fprintf(stderr, "search_cpu: store_search_warm failed\n");
        return 1;
    }
    printf("store_search_warm (as serve before it listens)\twall %.2f ms\n", ms(CLOCK_MONOTONIC) - started);
    started = ms(CLOCK_MONOTONIC);
    if (getenv("NO_TERMS") == NULL) {
        started = ms(CLOCK_MONOTONIC);
        if (store_search_terms_start(s, true) < 0) { fprintf(stderr, "search_cpu: store_search_terms_start failed\n"); return 1; }
        printf("term index (as serve builds it in the background after it starts)\twall %.2f ms\n", ms(CLOCK_MONOTONIC) - started);
        started = ms(CLOCK_MONOTONIC);
    }
    if (getenv("PUBLISH") && publish(s, atoi(getenv("PUBLISH"))) < 0) { fprintf(stderr, "search_cpu: PUBLISH failed\n"); return 1; }
    if (getenv("NO_WARM") == NULL && store_search_warm(s) < 0) { fprintf(stderr, "search_cpu: store_search_warm failed\n"); return 1; }
    printf("store_search_warm (as each worker thread before its first request)\twall %.2f ms\n", ms(CLOCK_MONOTONIC) - started);
    int n = atoi(argv[2]);
    if (n < 1) n = 1;
    double *cpu = calloc((size_t)n, sizeof *cpu), *wall = calloc((size_t)n, sizeof *wall);
    char line[2048];
    bool first = true;
    while (cpu && wall && fgets(line, sizeof line, stdin)) {
        line[strcspn(line, "\r\n|")] = '\0';
        if (!*line) continue;
        char label[2048];
        snprintf(label, sizeof label, "%s", line);
        struct search_request rq;
        long total = -1;
        for (int i = 0; i < n; i++) {
            char copy[2048];
            snprintf(copy, sizeof copy, "%s", label);
            parse(copy, &rq);
            char *msg = NULL;
            if (sqlite3_exec(w, TOUCH, NULL, NULL, &msg) != SQLITE_OK) {
                fprintf(stderr, "search_cpu: the write before each run failed: %s\n", msg ? msg : "?");
                return 1;
            }
            struct arena a = ARENA_INIT;
            struct search_result r;
            struct err e = ERR_NONE;
            double c0 = ms(CLOCK_THREAD_CPUTIME_ID), w0 = ms(CLOCK_MONOTONIC);
            int rc = search_run(s, &a, &rq, "en", &r, &e);
            cpu[i] = ms(CLOCK_THREAD_CPUTIME_ID) - c0;
            wall[i] = ms(CLOCK_MONOTONIC) - w0;
            total = rc == 0 ? r.total : -1;
            for (size_t k = 0; rc == 0 && i == 0 && getenv("DUMP") && k < r.nhits; k++)
                fprintf(stderr, "%s\t%zu\t%lld\t%s\t%s\n", label, k, r.hits[k].report, r.hits[k].question, r.hits[k].snippet);
            arena_cleanup(&a);
            if (first) { printf("first search of the process\t%s\tcpu %.2f ms\twall %.2f ms\n", label, cpu[i], wall[i]); first = false; }
        }
        qsort(cpu, (size_t)n, sizeof *cpu, cmp_double);
        qsort(wall, (size_t)n, sizeof *wall, cmp_double);
        size_t i99 = (size_t)((double)n * 0.99);
        if (i99 >= (size_t)n) i99 = (size_t)n - 1;
        printf("%s\t%ld\tcpu p50 %.2f p99 %.2f\twall p50 %.2f p99 %.2f\n", label, total, cpu[n / 2], cpu[i99], wall[n / 2], wall[i99]);
        fflush(stdout);
    }
    free(cpu);
    free(wall);
    sqlite3_close(w);
    store_close(s);
    return 0;
}
