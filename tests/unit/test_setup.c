/*
 * Unit tests: domain/setup, filling a new database: the reference data (195 States, 193
 * members and 2 observers, the regional groups, organisations, cycles with one open, the
 * Programme of Action parsed into paragraphs), safe to run twice; the demo accounts, each
 * able to sign in with its documented password.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

UNIT_DB_FIXTURE("setup", auth_init())

static void test_reference_data(void **state)
{
    (void)state;
    struct store_counts n;
    assert_int_equal(store_counts_get(db, &n), 0);
    assert_int_equal(n.states, 195);
    assert_int_equal(n.members, 193);
    assert_int_equal(n.observers, 2);
    assert_true(n.orgs >= 15);
    assert_true(n.paragraphs > 80);
    assert_true(n.cycles >= 12);
    assert_int_equal(n.users, 0);
    assert_true(store_is_initialised(db));   /* the current cycle follows the calendar: tests/unit/test_cycle.c */
}

static void test_init_is_idempotent(void **state)
{
    (void)state;
    char err[256];
    assert_int_equal(setup_init(db, err, sizeof err), 1);
    struct store_counts n;
    store_counts_get(db, &n);
    assert_int_equal(n.states, 195);
    assert_true(n.paragraphs > 80);
}

static void test_demo_accounts(void **state)
{
    (void)state;
    char err[256];
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    assert_int_equal(setup_demo(db, f, err, sizeof err) < 0, 0);
    fclose(f);
    int accounts = 0;
    for (const struct setup_demo_account *a = SETUP_DEMO_ACCOUNTS; a->username; a++, accounts++) {
        assert_non_null(strstr(out, a->username));          /* printed */
        char pw[96], cookie[AUTH_SECRET_LEN];
        snprintf(pw, sizeof pw, "%s-demo-2026", a->username);
        struct principal p;
        assert_int_equal(auth_login(db, a->username, pw, "10.1.0.1", &p, cookie), AUTH_OK);
        assert_string_equal(role_name(p.role), a->role);
        if (a->state) assert_string_equal(p.state_iso3, a->state);
        else assert_string_equal(p.state_iso3, "");
    }
    free(out);
    assert_true(accounts >= 5);
    /* Twice: the accounts are not added again. */
    f = fopen("/dev/null", "w");
    assert_int_equal(setup_demo(db, f, err, sizeof err) < 0, 0);
    fclose(f);
    struct store_counts n;
    store_counts_get(db, &n);
    assert_int_equal(n.users, accounts);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reference_data), cmocka_unit_test(test_init_is_idempotent), cmocka_unit_test(test_demo_accounts),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
