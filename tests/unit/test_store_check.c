/*
 * Unit tests: store/check, `poaiss check`: a sound database passes every check; a missing
 * table, a missing column, an old schema version and a broken foreign key are each found and
 * named; a file that is not a database is refused; the file checked is never changed.
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

#include "unit.h"

UNIT_DB_FIXTURE("store-check", 0)

/* Run store_check on path; its report in out (cap bytes).  The number of problems. */
static long check(const char *path, char *out, size_t cap)
{
    FILE *f = fmemopen(out, cap, "w");
    assert_non_null(f);
    long n = store_check(path, f);
    fclose(f);
    return n;
}

static void exec_on(const char *path, const char *sql)
{
    sqlite3 *c;
    assert_int_equal(sqlite3_open(path, &c), SQLITE_OK);
    char *msg = NULL;
    int rc = sqlite3_exec(c, sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK) fprintf(stderr, "%s: %s\n", sql, msg);
    sqlite3_free(msg);
    assert_int_equal(rc, SQLITE_OK);
    sqlite3_close(c);
}

static void test_sound(void **state)
{
    (void)state;
    static char out[8192];
    assert_int_equal(check(dbpath, out, sizeof out), 0);
    assert_non_null(strstr(out, "ok   integrity_check"));
    assert_non_null(strstr(out, "ok   foreign_key_check"));
    assert_non_null(strstr(out, "ok   schema version"));
    assert_non_null(strstr(out, "are all there"));
}

static void test_damage_found(void **state)
{
    (void)state;
    static char out[8192];
    char copy[120];
    snprintf(copy, sizeof copy, "%s.copy", dbpath);
    unit_db_remove(copy);
    char err[256], tmp[140];
    snprintf(tmp, sizeof tmp, "%s.tmp", copy);
    assert_int_equal(store_backup(db, copy, tmp, err, sizeof err), 0);       /* the copy to damage */
    assert_int_equal(access(tmp, F_OK), -1);                                  /* linked into place, gone */
    assert_int_equal(store_backup(db, copy, tmp, err, sizeof err), -1);      /* never replaces */
    assert_non_null(strstr(err, "exists"));
    assert_int_equal(access(tmp, F_OK), -1);
    exec_on(copy, "PRAGMA foreign_keys=OFF; DROP TABLE report_attachment; DROP TABLE report_event;"
                  "CREATE TABLE report_event (id INTEGER PRIMARY KEY, report_id INTEGER, at TEXT, user_id INTEGER, action TEXT);"
                  "INSERT INTO report(state_iso3, cycle, status, language) VALUES ('XXX', 2026, 'draft', 'en'); PRAGMA user_version=3;");
    long n = check(copy, out, sizeof out);
    assert_true(n >= 4);
    assert_non_null(strstr(out, "table report_attachment is missing"));
    assert_non_null(strstr(out, "column report_event.comment is missing"));
    assert_non_null(strstr(out, "FAIL schema version 3"));
    assert_non_null(strstr(out, "foreign_key_check: report"));
    unit_db_remove(copy);
    FILE *f = fopen(copy, "w");
    fputs("not a database at all, just text long enough to have a header................................", f);
    fclose(f);
    assert_true(check(copy, out, sizeof out) != 0);
    assert_non_null(strstr(out, "FAIL"));
    unit_db_remove(copy);
    assert_int_equal(check("/nonexistent/x.db", out, sizeof out), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = { cmocka_unit_test(test_sound), cmocka_unit_test(test_damage_found) };
    return cmocka_run_group_tests(tests, setup, teardown);
}
