/*
 * Unit tests: domain/site, facts about the whole database: the key figures (193 Members, two
 * observers, the organisations, cycles and PoA paragraphs), a failed read as ERR_STORE, and the
 * data generation, which changes when the data changes and only then.
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

#include "domain/site.h"
#include "unit.h"

static char dbpath[96];
static struct store *db;

static int setup(void **state)
{
    (void)state;
    db = unit_db_open("site", dbpath);
    return db ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    store_close(db);
    unit_db_remove(dbpath);
    return 0;
}

static void test_counts(void **state)
{
    (void)state;
    struct site_counts n;
    struct err e = ERR_NONE;
    assert_int_equal(site_counts_get(db, &n, &e), 0);
    assert_int_equal(n.states, 195);
    assert_int_equal(n.members, 193);
    assert_int_equal(n.observers, 2);
    assert_true(n.orgs >= 15);
    assert_true(n.cycles >= 10);
    assert_true(n.paragraphs > 80);

    sqlite3 *h;
    assert_int_equal(sqlite3_open(dbpath, &h), SQLITE_OK);
    sqlite3_busy_timeout(h, 2000);
    sqlite3_exec(h, "PRAGMA legacy_alter_table = ON", NULL, NULL, NULL);
    assert_int_equal(sqlite3_exec(h, "ALTER TABLE document_paragraph RENAME TO document_paragraph_x", NULL, NULL, NULL), SQLITE_OK);
    int rc = site_counts_get(db, &n, &e);
    assert_int_equal(sqlite3_exec(h, "ALTER TABLE document_paragraph_x RENAME TO document_paragraph", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(h);
    assert_int_equal(rc, -1);
    assert_int_equal(e.code, ERR_STORE);
}

static void test_generation(void **state)
{
    (void)state;
    unsigned long g0 = site_data_generation(db);
    assert_int_equal(site_data_generation(db), site_data_generation(db));
    assert_int_equal(store_tx_begin(db), 0);
    assert_int_equal(store_audit_add(db, 0, "cli", "test", NULL, NULL), 0);
    assert_int_equal(store_tx_commit(db), 0);
    unsigned long g1 = site_data_generation(db);
    assert_true(g1 != g0);
    assert_int_equal(site_data_generation(db), g1);
}

int main(void)
{
    const struct CMUnitTest tests[] = { cmocka_unit_test(test_counts), cmocka_unit_test(test_generation) };
    return cmocka_run_group_tests(tests, setup, teardown);
}
