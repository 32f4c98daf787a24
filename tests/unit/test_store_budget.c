/*
 * Unit tests: store/budget, the time budget of a request's read queries (issue 13): a read
 * statement still running once the thread has spent its budget is interrupted and the budget
 * says so; without a budget, or after it is disarmed, the same statement runs to its end; time
 * spent waiting (not working) does not count; the writer is never interrupted; a budget of one
 * microsecond stops even a short query.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "unit.h"
#include "store/internal.h"

UNIT_DB_FIXTURE("store-budget", 0)

/* A read that takes a while (counts to n on this thread's read connection): its result code. */
static int slow_read(long long n, long long *out)
{
    static const char SQL[] = "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < ?1) SELECT count(*) FROM c";
    struct store_conn *c = store_reader(db);
    assert_non_null(c);
    sqlite3_stmt *st = store_stmt(c, SQL);
    assert_non_null(st);
    sqlite3_bind_int64(st, 1, n);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) *out = sqlite3_column_int64(st, 0);
    store_done(st);
    return rc;
}

static void test_budget(void **state)
{
    (void)state;
    long long n = 0;
    /* No budget: to the end. */
    assert_int_equal(slow_read(2000000, &n), SQLITE_ROW);
    assert_int_equal(n, 2000000);
    assert_false(store_budget_end());
    /* 1 ms for what takes far longer: interrupted, and the budget says so. */
    store_budget_begin(1000);
    assert_int_equal(slow_read(50000000, &n), SQLITE_INTERRUPT);
    assert_true(store_budget_exceeded());
    assert_true(store_budget_end());
    assert_false(store_budget_exceeded());
    /* Disarmed: the same connection answers again. */
    n = 0;
    assert_int_equal(slow_read(1000, &n), SQLITE_ROW);
    assert_int_equal(n, 1000);
    /* A generous budget does not get in the way. */
    store_budget_begin(60LL * 1000000);
    assert_int_equal(slow_read(100000, &n), SQLITE_ROW);
    assert_false(store_budget_end());
    /* Waiting is not working: 50 ms of budget, 100 ms asleep, then a short query still runs. */
    store_budget_begin(50000);
    usleep(100000);
    assert_int_equal(slow_read(1000, &n), SQLITE_ROW);
    assert_false(store_budget_end());
    /* One microsecond: even a small query over the reference data is stopped. */
    store_budget_begin(1);
    assert_int_equal(slow_read(1000, &n), SQLITE_INTERRUPT);
    assert_true(store_budget_end());
    /* The writer has no progress handler: a write transaction under an expired budget still commits. */
    store_budget_begin(1);
    assert_int_equal(store_tx_begin(db), 0);
    sqlite3 *w = store_writer(db)->db;
    assert_int_equal(sqlite3_exec(w, "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 200000) "
                                     "SELECT count(*) FROM c", NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(store_tx_commit(db), 0);
    assert_false(store_budget_end());
}

int main(void)
{
    const struct CMUnitTest tests[] = { cmocka_unit_test(test_budget) };
    return cmocka_run_group_tests(tests, setup, teardown);
}
