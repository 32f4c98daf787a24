/*
 * Unit tests: domain/audit, the read side of the audit log: newest first, up to the limit, every
 * field copied into the arena (object and detail NULL when there are none), limits out of range
 * refused, a failed read an error and not a short list.
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

#include "domain/audit.h"
#include "util/arena.h"
#include "unit.h"

static char dbpath[96];
static struct store *db;

static void add(const char *action, const char *object, const char *detail)
{
    assert_int_equal(store_tx_begin(db), 0);
    assert_int_equal(store_audit_add(db, 0, "cli", action, object, detail), 0);
    assert_int_equal(store_tx_commit(db), 0);
}

static int setup(void **state)
{
    (void)state;
    db = unit_db_open("audit", dbpath);
    if (!db) return -1;
    add("first", NULL, NULL);
    add("second", "report:7", "{\"comment\": \"<b>why</b>\"}");
    add("third", "user:2", NULL);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    store_close(db);
    unit_db_remove(dbpath);
    return 0;
}

static void test_list(void **state)
{
    (void)state;
    struct arena a = ARENA_INIT;
    struct err e = ERR_NONE;
    struct audit_entry *v;
    size_t n;
    assert_int_equal(audit_list(db, &a, AUDIT_LIST_MAX, &v, &n, &e), 0);
    assert_true(n >= 3);
    assert_string_equal(v[0].action, "third");      /* newest first */
    assert_string_equal(v[0].object, "user:2");
    assert_null(v[0].detail);
    assert_string_equal(v[1].action, "second");
    assert_string_equal(v[1].detail, "{\"comment\": \"<b>why</b>\"}");
    assert_string_equal(v[1].actor, "cli");
    assert_non_null(v[1].at);
    assert_true(v[0].id > v[1].id && v[1].id > v[2].id);
    assert_null(v[2].object);
    assert_int_equal(audit_list(db, &a, 2, &v, &n, &e), 0);
    assert_int_equal(n, 2);
    arena_cleanup(&a);
}

static void test_limits(void **state)
{
    (void)state;
    struct arena a = ARENA_INIT;
    struct err e = ERR_NONE;
    struct audit_entry *v;
    size_t n;
    assert_int_equal(audit_list(db, &a, 0, &v, &n, &e), -1);
    assert_int_equal(e.code, ERR_INVALID);
    assert_int_equal(audit_list(db, &a, AUDIT_LIST_MAX + 1, &v, &n, &e), -1);
    assert_int_equal(e.code, ERR_INVALID);
    assert_int_equal(n, 0);
    arena_cleanup(&a);
}

static void test_store_failure(void **state)
{
    (void)state;
    sqlite3 *h;
    assert_int_equal(sqlite3_open(dbpath, &h), SQLITE_OK);
    sqlite3_busy_timeout(h, 2000);
    sqlite3_exec(h, "PRAGMA legacy_alter_table = ON", NULL, NULL, NULL);   /* leave the triggers alone */
    assert_int_equal(sqlite3_exec(h, "ALTER TABLE audit_log RENAME TO audit_log_x", NULL, NULL, NULL), SQLITE_OK);
    struct arena a = ARENA_INIT;
    struct err e = ERR_NONE;
    struct audit_entry *v;
    size_t n;
    int rc = audit_list(db, &a, 10, &v, &n, &e);
    assert_int_equal(sqlite3_exec(h, "ALTER TABLE audit_log_x RENAME TO audit_log", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(h);
    assert_int_equal(rc, -1);
    assert_int_equal(e.code, ERR_STORE);
    arena_cleanup(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_list), cmocka_unit_test(test_limits), cmocka_unit_test(test_store_failure),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
