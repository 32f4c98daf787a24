/*
 * fts_raw: the yardstick for bench/search.sh.  Runs the search's ranked query (the SQL of
 * store_search_filtered: the first 20 answers by bm25, with their excerpts) straight on
 * SQLite, with only the project's tokenizer registered, and prints p50 and p99 latency.
 *
 *   build/bench/fts_raw DB ITERATIONS 'fts query' ['fts query' ...]
 *
 * Each argument is an FTS5 query as store_search_quote writes it (e.g. '"marking"* "weapons"*').
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/internal.h"

static const char SQL[] =
    "SELECT a.report_id, a.version, a.question, a.lang, snippet(search_answer, 0, char(2), char(3), '…', 16), a.rank "
    "FROM search_answer a JOIN report r ON r.id = a.report_id JOIN state st ON st.iso3 = r.state_iso3 "
    "WHERE search_answer MATCH ?1 ORDER BY a.rank LIMIT 20";

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    if (argc < 4) { fprintf(stderr, "usage: fts_raw DB ITERATIONS QUERY...\n"); return 2; }
    sqlite3 *db;
    if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK || store_fts_register(db) != 0) {
        fprintf(stderr, "fts_raw: cannot open %s\n", argv[1]);
        return 1;
    }
    int n = atoi(argv[2]);
    if (n < 1) n = 1;
    double *t = calloc((size_t)n, sizeof *t);
    sqlite3_stmt *st;
    if (!t || sqlite3_prepare_v2(db, SQL, -1, &st, NULL) != SQLITE_OK) { fprintf(stderr, "fts_raw: %s\n", sqlite3_errmsg(db)); return 1; }
    for (int q = 3; q < argc; q++) {
        int rows = 0;
        for (int i = 0; i < n; i++) {
            double t0 = now_ms();
            sqlite3_bind_text(st, 1, argv[q], -1, SQLITE_STATIC);
            rows = 0;
            while (sqlite3_step(st) == SQLITE_ROW) rows++;
            sqlite3_reset(st);
            t[i] = now_ms() - t0;
        }
        qsort(t, (size_t)n, sizeof *t, cmp_double);
        printf("%s\t%d rows\tp50 %.3f ms\tp99 %.3f ms\n", argv[q], rows, t[n / 2], t[(size_t)((double)n * 0.99)]);
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    free(t);
    return 0;
}
