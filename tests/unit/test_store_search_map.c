/* Unit tests: store/search_map, the map of published reports the search counts with (shared by every read connection). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/internal.h"
#include "store/search_map.h"
#include "store/store.h"
#include "unit.h"

UNIT_DEMO_FIXTURE("store-search-map", 0)

static long long sql_int(struct store *s, const char *sql, long long arg)
{
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(store_reader(s)->db, sql, -1, &st, NULL), SQLITE_OK);
    if (sqlite3_bind_parameter_count(st) > 0) sqlite3_bind_int64(st, 1, arg);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    long long v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static int first_published(const struct store_report *r, void *ctx)
{
    if (strcmp(r->status, "published") == 0) { *(long long *)ctx = r->id; return 1; }
    return 0;
}

/* Every published report is in the map with its cycle and State; every indexed answer has its length. */
static void check_map(struct store *s, const struct report_map *m)
{
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(store_reader(s)->db, "SELECT r.id, r.cycle, r.state_iso3 FROM report r "
                                        "WHERE EXISTS (SELECT 1 FROM report_version v WHERE v.report_id = r.id)", -1, &st, NULL), SQLITE_OK);
    int n = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        long long id = sqlite3_column_int64(st, 0);
        assert_true((size_t)id < m->nid);
        assert_int_equal(m->cycle[id], sqlite3_column_int(st, 1));
        assert_string_equal(m->st[m->state[id]].iso3, (const char *)sqlite3_column_text(st, 2));
        n++;
    }
    sqlite3_finalize(st);
    assert_true(n > 0);
    assert_int_equal(sqlite3_prepare_v2(store_reader(s)->db, "SELECT rowid FROM search_answer_docsize", -1, &st, NULL), SQLITE_OK);
    while (sqlite3_step(st) == SQLITE_ROW) {
        long long rowid = sqlite3_column_int64(st, 0);
        size_t id = (size_t)(rowid >> 16), qn = (size_t)(rowid & 65535);
        if (qn < STORE_RANK_QMAX && id < m->nid && m->cycle[id]) assert_true(m->len.v[id * STORE_RANK_QMAX + qn] > 0);
    }
    sqlite3_finalize(st);
}

static void *other_thread_map(void *s)
{
    return store_report_map_get(s, store_reader(s));
}

static void test_shared_and_renewed(void **state)
{
    struct store *s = db; (void)state;
    assert_int_equal(store_search_warm(s), 0);
    struct report_map *m = store_report_map_get(s, store_reader(s));
    assert_non_null(m);
    assert_ptr_equal(m, s->rmap);
    check_map(s, m);
    /* Another thread's connection shares the same map. */
    pthread_t t;
    void *other = NULL;
    assert_int_equal(pthread_create(&t, NULL, other_thread_map, s), 0);
    assert_int_equal(pthread_join(t, &other), 0);
    assert_ptr_equal(other, m);
    /* A correction: a new map, from the old one and the new version row; the old one stays whole for whoever holds it. */
    store_report_map_ref(m);
    long long pub = 0;
    assert_int_equal(store_reports_each(s, NULL, 0, "published", true, first_published, &pub), 0);
    assert_true(pub > 0);
    long long v = sql_int(s, "SELECT version FROM report WHERE id = ?", pub);
    size_t len_before = 0;
    for (size_t q = 0; q < STORE_RANK_QMAX; q++) len_before += m->len.v[(size_t)pub * STORE_RANK_QMAX + q];
    assert_int_equal(store_tx_begin(s), 0);
    assert_int_equal(store_answer_put(s, pub, "challenges", "\"A much longer answer than before, with many more words in it, "
                                      "so that the lengths kept for ranking must change with the correction.\"", 0), 0);
    assert_int_equal(store_report_set_status(s, pub, "published", (int)v + 1), 0);
    assert_int_equal(store_report_version_add(s, pub, (int)v + 1, 0, "longer"), 0);
    assert_int_equal(store_tx_commit(s), 0);
    struct report_map *n = store_report_map_get(s, store_reader(s));
    assert_non_null(n);
    assert_true(n != m);
    assert_ptr_equal(n, s->rmap);
    assert_true(n->max_rowid > m->max_rowid);
    check_map(s, n);
    size_t len_after = 0;
    for (size_t q = 0; q < STORE_RANK_QMAX; q++) len_after += n->len.v[(size_t)pub * STORE_RANK_QMAX + q];
    assert_true(len_after > len_before);
    size_t len_old = 0;
    for (size_t q = 0; q < STORE_RANK_QMAX; q++) len_old += m->len.v[(size_t)pub * STORE_RANK_QMAX + q];
    assert_true(len_old == len_before);
    store_report_map_release(m);
    /* Nothing published since: the same map again. */
    assert_ptr_equal(store_report_map_get(s, store_reader(s)), n);
}

int main(void)
{
    const struct CMUnitTest tests[] = { cmocka_unit_test(test_shared_and_renewed) };
    return cmocka_run_group_tests(tests, setup, teardown);
}
