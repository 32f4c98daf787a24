/*
 * Unit tests: store/rows, the row-list loop of the store's list reads: every row in order
 * through the callback with its context, in an array grown past its first capacity; no row
 * gives NULL and 0; a failed preparation gives -1 with NULL and 0; a step that fails (an
 * interrupted read, as the query budget does) gives -1 and releases the statement, so the
 * connection answers the next read.  store_row: one row, none, a failed preparation;
 * store_step_done and the binders of a value that may be absent.
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
#include "store/rows.h"
#include "util/arena.h"

UNIT_DB_FIXTURE("store-rows", 0)

struct pair {
    long long i;
    const char *text;
    int tag;
};

static void pair_row(sqlite3_stmt *st, struct arena *a, void *elem, void *ctx)
{
    struct pair *p = elem;
    assert_int_equal(p->i, 0); /* handed zeroed */
    p->i = sqlite3_column_int64(st, 0);
    p->text = arena_strdup(a, store_col(st, 1));
    p->tag = *(const int *)ctx;
}

static void test_rows(void **state)
{
    (void)state;
    static const char SQL[] = "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < ?1) "
                              "SELECT i, 'row ' || i FROM c";
    struct arena arena = ARENA_INIT, *a = &arena;
    struct store_conn *c = store_reader(db);
    assert_non_null(c);
    int tag = 7;
    /* 100 rows: past the first capacity (16), in order, each through the callback. */
    sqlite3_stmt *st = store_stmt(c, SQL);
    sqlite3_bind_int(st, 1, 100);
    struct pair *v = (struct pair *)&tag; /* overwritten */
    size_t n = 99;
    assert_int_equal(store_rows(st, a, sizeof *v, pair_row, &tag, &v, &n, "test rows"), 0);
    assert_int_equal(n, 100);
    for (size_t i = 0; i < n; i++) {
        char want[32];
        snprintf(want, sizeof want, "row %zu", i + 1);
        assert_int_equal(v[i].i, (long long)i + 1);
        assert_string_equal(v[i].text, want);
        assert_int_equal(v[i].tag, 7);
    }
    /* No row: NULL and 0. */
    static const char NONE[] = "SELECT 1, 'x' WHERE 0";
    st = store_stmt(c, NONE);
    assert_int_equal(store_rows(st, a, sizeof *v, pair_row, &tag, &v, &n, "test none"), 0);
    assert_null(v);
    assert_int_equal(n, 0);
    /* A failed preparation (NULL statement): -1, NULL and 0. */
    v = (struct pair *)&tag;
    n = 5;
    assert_int_equal(store_rows(NULL, a, sizeof *v, pair_row, &tag, &v, &n, "test null"), -1);
    assert_null(v);
    assert_int_equal(n, 0);
    /* Ids: store_row_id. */
    long long *ids = NULL;
    st = store_stmt(c, SQL);
    sqlite3_bind_int(st, 1, 3);
    assert_int_equal(store_rows(st, a, sizeof *ids, store_row_id, NULL, &ids, &n, "test ids"), 0);
    assert_int_equal(n, 3);
    assert_int_equal(ids[0], 1);
    assert_int_equal(ids[2], 3);
    /* A step that fails (the budget interrupts it): -1, the statement released, the connection usable. */
    store_budget_begin(1);
    st = store_stmt(c, SQL);
    sqlite3_bind_int(st, 1, 50000000);
    assert_int_equal(store_rows(st, a, sizeof *v, pair_row, &tag, &v, &n, "test interrupted"), -1);
    assert_true(store_budget_end());
    st = store_stmt(c, SQL);
    sqlite3_bind_int(st, 1, 2);
    assert_int_equal(store_rows(st, a, sizeof *v, pair_row, &tag, &v, &n, "test after"), 0);
    assert_int_equal(n, 2);
    arena_cleanup(a);
}

static void test_row_step(void **state)
{
    (void)state;
    static const char ONE[] = "SELECT ?1, 'row ' || ?1 WHERE ?1 > 0";
    static const char NULLS[] = "SELECT ?1 IS NULL, ?2 IS NULL, ?1, ?2";
    struct arena arena = ARENA_INIT, *a = &arena;
    struct store_conn *c = store_reader(db);
    int tag = 3;
    struct pair p = { 0, NULL, 0 };
    sqlite3_stmt *st = store_stmt(c, ONE);
    sqlite3_bind_int(st, 1, 42);
    assert_int_equal(store_row(st, a, pair_row, &tag, &p, "test row"), 0);
    assert_int_equal(p.i, 42);
    assert_string_equal(p.text, "row 42");
    assert_int_equal(p.tag, 3);
    /* No row: 1, the element untouched. */
    st = store_stmt(c, ONE);
    sqlite3_bind_int(st, 1, 0);
    assert_int_equal(store_row(st, a, pair_row, &tag, &p, "test none"), 1);
    assert_int_equal(p.i, 42);
    assert_int_equal(store_row(NULL, a, pair_row, &tag, &p, "test null"), -1);
    /* The binders: absent values are NULL. */
    st = store_stmt(c, NULLS);
    store_bind_real(st, 1, false, 2.5);
    store_bind_id(st, 2, 0);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), 1);
    assert_int_equal(sqlite3_column_int(st, 1), 1);
    store_done(st);
    st = store_stmt(c, NULLS);
    store_bind_real(st, 1, true, 2.5);
    store_bind_id(st, 2, 7);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_true(sqlite3_column_double(st, 2) == 2.5);
    assert_int_equal(sqlite3_column_int64(st, 3), 7);
    store_done(st);
    /* A write step: done; a failing one (a constraint) is -1 and released. */
    assert_int_equal(store_tx_begin(db), 0);
    struct store_conn *w = store_writer(db);
    static const char MAKE[] = "CREATE TEMP TABLE rows_test (k INTEGER PRIMARY KEY)";
    static const char PUT[] = "INSERT INTO rows_test (k) VALUES (?1)";
    assert_int_equal(store_step_done(store_stmt(w, MAKE), "test make"), 0);
    st = store_stmt(w, PUT);
    sqlite3_bind_int(st, 1, 1);
    assert_int_equal(store_step_done(st, "test put"), 0);
    st = store_stmt(w, PUT);
    sqlite3_bind_int(st, 1, 1);
    assert_int_equal(store_step_done(st, "test put twice"), -1);
    st = store_stmt(w, PUT);
    sqlite3_bind_int(st, 1, 2);
    assert_int_equal(store_step_done(st, "test put again"), 0);
    assert_int_equal(store_tx_commit(db), 0);
    arena_cleanup(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = { cmocka_unit_test(test_rows), cmocka_unit_test(test_row_step) };
    return cmocka_run_group_tests(tests, setup, teardown);
}
