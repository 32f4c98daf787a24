/*
 * Unit tests: store/db, connections and migrations: a new database is migrated to the
 * latest schema, reopening keeps it, a missing directory or a file that is not a database
 * is refused with a message, transactions commit or roll back whole, the data generation
 * moves on a commit only, the online backup opens as a database of its own.
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
#include <time.h>

#include "unit.h"

UNIT_DB_FIXTURE("store-db", 0)

static void test_schema(void **state)
{
    (void)state;
    assert_int_equal(store_schema_version(db), 19);
    assert_true(store_is_initialised(db));
}

/* Migration 0009: a report's history finds its saves in the audit log through an index, not by scanning the log. */
static void test_audit_object_index(void **state)
{
    (void)state;
    sqlite3 *h;
    assert_int_equal(sqlite3_open_v2(dbpath, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(h, "EXPLAIN QUERY PLAN SELECT l.id FROM audit_log l WHERE l.object = 'report:' || ?1 "
                                           "AND l.action IN ('report.save', 'report.import')", -1, &st, NULL), SQLITE_OK);
    bool indexed = false;
    while (sqlite3_step(st) == SQLITE_ROW) indexed |= strstr((const char *)sqlite3_column_text(st, 3), "audit_log_object") != NULL;
    sqlite3_finalize(st);
    sqlite3_close(h);
    assert_true(indexed);
}

static void test_reopen_and_refusals(void **state)
{
    (void)state;
    char err[256] = "";
    struct store *again = store_open(dbpath, false, err, sizeof err);
    assert_non_null(again);
    assert_int_equal(store_schema_version(again), 19);
    assert_true(store_is_initialised(again));
    store_close(again);
    err[0] = 0;
    assert_null(store_open("/nonexistent/dir/x.db", true, err, sizeof err));
    assert_true(strlen(err) > 0);
    /* Without create, a missing file is not made. */
    char missing[128];
    snprintf(missing, sizeof missing, "%s.missing", dbpath);
    err[0] = 0;
    assert_null(store_open(missing, false, err, sizeof err));
    assert_true(strlen(err) > 0);
    FILE *f = fopen(missing, "r");
    assert_null(f);
    /* A file that is not a database. */
    char junk[128];
    snprintf(junk, sizeof junk, "%s.junk", dbpath);
    f = fopen(junk, "w");
    assert_non_null(f);
    for (int i = 0; i < 200; i++) fputs("this is not an SQLite database at all. ", f);
    fclose(f);
    err[0] = 0;
    assert_null(store_open(junk, false, err, sizeof err));
    assert_true(strlen(err) > 0);
    unit_db_remove(junk);
    /* A new, empty database is migrated but holds no reference data. */
    char fresh[128];
    snprintf(fresh, sizeof fresh, "%s.fresh", dbpath);
    unit_db_remove(fresh);
    struct store *s = store_open(fresh, true, err, sizeof err);
    assert_non_null(s);
    assert_int_equal(store_schema_version(s), 19);
    assert_false(store_is_initialised(s));
    store_close(s);
    unit_db_remove(fresh);
}

static int count_cb(const struct store_cycle *c, void *ctx) { (void)c; (*(int *)ctx)++; return 0; }

static int cycles(void)
{
    int n = 0;
    assert_int_equal(store_cycles_each(db, count_cb, &n), 0);
    return n;
}

static void test_transactions(void **state)
{
    (void)state;
    int before = cycles();
    unsigned long g0 = store_data_generation(db);
    assert_int_equal(store_data_generation(db), g0);           /* nothing changed */
    assert_int_equal(store_tx_begin(db), 0);
    assert_int_equal(store_cycle_add(db, 2200, "2200-01-01", "2200-03-31"), 1);
    assert_int_equal(store_cycle_add(db, 2202, "2202-01-01", "2202-03-31"), 1);
    store_tx_rollback(db);
    assert_int_equal(cycles(), before);                        /* both gone */
    assert_int_equal(store_data_generation(db), g0);
    assert_int_equal(store_tx_begin(db), 0);
    assert_int_equal(store_cycle_add(db, 2200, "2200-01-01", "2200-03-31"), 1);
    assert_int_equal(store_cycle_add(db, 2200, "2200-01-01", "2200-03-31"), 0);   /* exists */
    assert_int_equal(store_tx_commit(db), 0);
    assert_int_equal(cycles(), before + 1);
    assert_true(store_data_generation(db) != g0);
    /* A constraint the schema enforces: a cycle without an opening date. */
    assert_int_equal(store_tx_begin(db), 0);
    assert_int_equal(store_cycle_add(db, 2204, NULL, "2204-03-31"), -1);
    store_tx_rollback(db);
    assert_int_equal(cycles(), before + 1);
    /* store_tx_end: not ok rolls back and says -1; ok commits and says 0; the writer is free after either. */
    assert_int_equal(store_tx_begin(db), 0);
    assert_int_equal(store_cycle_add(db, 2206, "2206-01-01", "2206-03-31"), 1);
    assert_int_equal(store_tx_end(db, false), -1);
    assert_int_equal(cycles(), before + 1);
    assert_int_equal(store_tx_begin(db), 0);
    assert_int_equal(store_cycle_add(db, 2206, "2206-01-01", "2206-03-31"), 1);
    assert_int_equal(store_tx_end(db, true), 0);
    assert_int_equal(cycles(), before + 2);
}

/* The generation moves after a commit that changed a row (not one that only read), and within a millisecond or two
   of another process's write (PRAGMA data_version, asked at most once a millisecond). */
static void test_generation_sources(void **state)
{
    (void)state;
    /* The reader's poll counts this process's earlier commits once more (it cannot tell them from another
       process's): let it see them before taking the number, whatever ran just before (within the millisecond
       a poll waits, it would see them at the check below). */
    struct timespec settle = { 0, 2 * 1000 * 1000 };
    nanosleep(&settle, NULL);
    (void)store_data_generation(db);
    unsigned long g0 = store_data_generation(db);
    assert_int_equal(store_tx_begin(db), 0);
    assert_int_equal(store_tx_commit(db), 0);
    assert_int_equal(store_data_generation(db), g0);           /* nothing written: the cache stays */
    struct timespec ms2 = { 0, 2 * 1000 * 1000 };
    nanosleep(&ms2, NULL);
    assert_int_equal(store_data_generation(db), g0);           /* polled: still nothing */
    sqlite3 *h;
    assert_int_equal(sqlite3_open_v2(dbpath, &h, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    sqlite3_busy_timeout(h, 5000);
    /* A real change: SQLite writes nothing for an update that leaves a row's bytes as they were. */
    assert_int_equal(sqlite3_exec(h, "UPDATE cycle SET deadline = '2200-04-01' WHERE year = 2200", NULL, NULL, NULL), SQLITE_OK);
    assert_true(sqlite3_changes(h) > 0);
    sqlite3_close(h);
    nanosleep(&ms2, NULL);
    assert_true(store_data_generation(db) != g0);              /* another connection's write */
}

static void test_backup(void **state)
{
    (void)state;
    char to[128], err[256];
    snprintf(to, sizeof to, "%s.bak", dbpath);
    unit_db_remove(to);
    assert_int_equal(store_backup(db, to, NULL, err, sizeof err), 0);
    struct store *b = store_open(to, false, err, sizeof err);
    assert_non_null(b);
    struct store_counts n;
    store_counts_get(b, &n);
    assert_int_equal(n.states, 195);
    store_close(b);
    unit_db_remove(to);
    assert_true(store_backup(db, "/nonexistent/dir/x.bak", NULL, err, sizeof err) < 0);
    assert_true(strlen(err) > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_schema), cmocka_unit_test(test_audit_object_index), cmocka_unit_test(test_reopen_and_refusals), cmocka_unit_test(test_transactions),
        cmocka_unit_test(test_generation_sources), cmocka_unit_test(test_backup),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
