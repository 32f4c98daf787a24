/*
 * Unit tests: domain/state, the read side of States: the list with its filters, a State's
 * profile (its organisations as domain values, its reports by cycle, a draft only for those who
 * may see it), and who has published a report in one cycle (never a draft), each State once.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/state.h"
#include "util/arena.h"
#include "unit.h"
#include "xview_fixture.h"

static char dbpath[96];
static struct store *db;
static long long ken_report;

static int setup(void **state)
{
    (void)state;
    db = unit_db_open("state", dbpath);
    if (!db) return -1;
    ken_report = xv_report(db, "KEN", 2024, "{\"coord.nap\": \"no\"}", false);
    xv_report(db, "FRA", 2024, "{\"coord.nap\": \"yes\"}", true);   /* a draft */
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
    struct state *v;
    size_t n;
    assert_int_equal(state_list(db, &a, NULL, "en", &v, &n, &e), 0);
    assert_int_equal(n, 195);
    struct state_filter f = { .group = "AFR" };
    assert_int_equal(state_list(db, &a, &f, "fr", &v, &n, &e), 0);
    assert_int_equal(n, 54);
    f = (struct state_filter){ .org = "EAC", .q = "ken" };
    assert_int_equal(state_list(db, &a, &f, "en", &v, &n, &e), 0);
    assert_int_equal(n, 1);
    assert_string_equal(v[0].iso3, "KEN");
    assert_string_equal(v[0].group.code, "AFR");
    arena_cleanup(&a);
}

static void test_profile(void **state)
{
    (void)state;
    struct arena a = ARENA_INIT;
    struct err e = ERR_NONE;
    struct state_profile p;
    assert_int_equal(state_profile_get(db, &a, NULL, "KEN", "es", &p, &e), 0);
    assert_string_equal(p.st.iso3, "KEN");
    bool eac = false;
    for (size_t i = 0; i < p.norgs; i++) {
        eac |= strcmp(p.orgs[i].code, "EAC") == 0;
        assert_non_null(p.orgs[i].kind);
        assert_true(p.orgs[i].members > 0);
    }
    assert_true(eac);
    bool y2024 = false;
    for (size_t i = 0; i < p.ncycles; i++)
        if (p.cycles[i].year == 2024) { y2024 = true; assert_non_null(p.cycles[i].report); assert_int_equal(p.cycles[i].report->id, ken_report); }
    assert_true(y2024);
    /* The public never gets a draft. */
    assert_int_equal(state_profile_get(db, &a, NULL, "FRA", "en", &p, &e), 0);
    assert_false(p.drafts);
    for (size_t i = 0; i < p.ncycles; i++) assert_null(p.cycles[i].report);
    assert_int_equal(state_profile_get(db, &a, NULL, "XYZ", "en", &p, &e), -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
    arena_cleanup(&a);
}

/* Rename the reports' table behind the store's back, so that reading it fails (and back). */
static void break_reports(bool broken)
{
    sqlite3 *h;
    assert_int_equal(sqlite3_open(dbpath, &h), SQLITE_OK);
    sqlite3_busy_timeout(h, 2000);
    sqlite3_exec(h, "PRAGMA legacy_alter_table = ON", NULL, NULL, NULL);
    char *msg = NULL;
    int rc = sqlite3_exec(h, broken ? "ALTER TABLE report RENAME TO report_x" : "ALTER TABLE report_x RENAME TO report", NULL, NULL, &msg);
    if (rc != SQLITE_OK) fail_msg("%s", msg ? msg : "?");
    sqlite3_close(h);
}

static void test_reporting(void **state)
{
    (void)state;
    struct arena a = ARENA_INIT;
    struct err e = ERR_NONE;
    struct state_reporting *v;
    size_t n;
    assert_int_equal(state_reporting_list(db, &a, 2024, "fr", &v, &n, &e), 0);
    assert_int_equal(n, 195);
    int reported = 0;
    for (size_t i = 0; i < n; i++) {
        if (!v[i].report) continue;
        reported++;
        assert_string_equal(v[i].st.iso3, "KEN");
        assert_int_equal(v[i].report, ken_report);
        assert_false(v[i].synthetic);
    }
    assert_int_equal(reported, 1);   /* France's draft is not a published report */
    assert_int_equal(state_reporting_list(db, &a, 2022, "en", &v, &n, &e), 0);
    for (size_t i = 0; i < n; i++) assert_int_equal(v[i].report, 0);
    /* A failed read is an error, not an empty list. */
    break_reports(true);
    int rc = state_reporting_list(db, &a, 2024, "en", &v, &n, &e);
    break_reports(false);
    assert_int_equal(rc, -1);
    assert_int_equal(e.code, ERR_STORE);
    arena_cleanup(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_list), cmocka_unit_test(test_profile), cmocka_unit_test(test_reporting),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
