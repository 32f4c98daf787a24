/*
 * Unit tests: store/account, accounts as stored: usernames unique without regard to case,
 * lookups by name and id, sessions and API tokens found by hash only while live (expired,
 * revoked, disabled accounts: not found), login failures counted per key and time, the
 * audit log newest first.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "unit.h"

UNIT_DB_FIXTURE("store-account", 0)
static long long ken_id;

struct u { int n; long long id; char username[64], role[32], state[4]; };

static int user_cb(const struct store_user *x, void *ctx)
{
    struct u *u = ctx;
    u->n++;
    u->id = x->id;
    snprintf(u->username, sizeof u->username, "%s", x->username);
    snprintf(u->role, sizeof u->role, "%s", x->role);
    snprintf(u->state, sizeof u->state, "%s", x->state_iso3 ? x->state_iso3 : "");
    return 0;
}

static void test_users(void **state)
{
    (void)state;
    assert_int_equal(store_tx_begin(db), 0);
    ken_id = store_user_add(db, "kenya", "Focal point", "fp@example.org", "focal_point", "KEN", NULL, "hash");
    assert_true(ken_id > 0);
    assert_int_equal(store_user_add(db, "KENYA", "Again", NULL, "admin", NULL, NULL, "hash"), 0);   /* taken, any case */
    assert_true(store_user_add(db, "unoda", "Secretariat", NULL, "secretariat", NULL, NULL, "hash") > 0);
    assert_int_equal(store_tx_commit(db), 0);
    /* The schema refuses what the domain should never send. */
    assert_int_equal(store_tx_begin(db), 0);
    assert_true(store_user_add(db, "fp", "No State", NULL, "focal_point", NULL, NULL, "hash") < 0);
    store_tx_rollback(db);
    assert_int_equal(store_tx_begin(db), 0);
    assert_true(store_user_add(db, "boss", "Root", NULL, "root", NULL, NULL, "hash") < 0);
    store_tx_rollback(db);
    assert_int_equal(store_tx_begin(db), 0);
    assert_true(store_user_add(db, "zz", "Nowhere", NULL, "focal_point", "ZZZ", NULL, "hash") < 0);
    store_tx_rollback(db);

    struct u u = { 0 };
    assert_int_equal(store_user_by_name(db, "Kenya", user_cb, &u), 0);
    assert_int_equal(u.id, ken_id);
    assert_string_equal(u.username, "kenya");
    assert_string_equal(u.state, "KEN");
    struct u v = { 0 };
    assert_int_equal(store_user_by_id(db, ken_id, user_cb, &v), 0);
    assert_string_equal(v.role, "focal_point");
    struct u none = { 0 };
    assert_int_equal(store_user_by_name(db, "nobody", user_cb, &none), 1);
    assert_int_equal(store_user_by_name(db, "' OR ''='", user_cb, &none), 1);
    assert_int_equal(store_user_by_id(db, 999999, user_cb, &none), 1);
    assert_int_equal(none.n, 0);
    struct u all = { 0 };
    assert_int_equal(store_users_each(db, user_cb, &all), 0);
    assert_int_equal(all.n, 2);
    assert_string_equal(all.username, "unoda");                  /* by username: kenya, then unoda */
}

struct sess { int n; char csrf[64]; long long id; };

static int sess_cb(const struct store_user *u, const char *csrf, void *ctx)
{
    struct sess *s = ctx;
    s->n++;
    s->id = u->id;
    snprintf(s->csrf, sizeof s->csrf, "%s", csrf);
    return 0;
}

static void test_sessions(void **state)
{
    (void)state;
    const uint8_t h1[32] = { 1, 2, 3 }, h2[32] = { 4, 5, 6 }, other[32] = { 1, 2, 4 };
    assert_int_equal(store_tx_begin(db), 0);
    assert_int_equal(store_session_add(db, h1, sizeof h1, ken_id, "csrf-1", 1000, 2000), 0);
    assert_int_equal(store_session_add(db, h2, sizeof h2, ken_id, "csrf-2", 1000, 1500), 0);
    assert_int_equal(store_tx_commit(db), 0);
    struct sess s = { 0 };
    assert_int_equal(store_session_get(db, h1, sizeof h1, 1999, sess_cb, &s), 0);
    assert_int_equal(s.id, ken_id);
    assert_string_equal(s.csrf, "csrf-1");
    /* Expired, unknown, or a prefix of the hash: none. */
    struct sess none = { 0 };
    assert_int_equal(store_session_get(db, h1, sizeof h1, 2000, sess_cb, &none), 1);
    assert_int_equal(store_session_get(db, other, sizeof other, 1200, sess_cb, &none), 1);
    assert_int_equal(store_session_get(db, h1, 16, 1200, sess_cb, &none), 1);
    assert_int_equal(none.n, 0);
    /* Expiry removes the old ones only; delete removes one. */
    assert_int_equal(store_tx_begin(db), 0);
    assert_int_equal(store_sessions_expire(db, 1600), 0);
    assert_int_equal(store_tx_commit(db), 0);
    assert_int_equal(store_session_get(db, h2, sizeof h2, 1400, sess_cb, &none), 1);   /* gone, even at an earlier time */
    assert_int_equal(store_session_get(db, h1, sizeof h1, 1400, sess_cb, &s), 0);
    assert_int_equal(store_tx_begin(db), 0);
    assert_int_equal(store_session_delete(db, h1, sizeof h1), 0);
    assert_int_equal(store_tx_commit(db), 0);
    assert_int_equal(store_session_get(db, h1, sizeof h1, 1400, sess_cb, &none), 1);
}

static void test_tokens(void **state)
{
    (void)state;
    const uint8_t t1[32] = { 9 }, t2[32] = { 8 };
    assert_int_equal(store_tx_begin(db), 0);
    assert_true(store_token_add(db, t1, sizeof t1, ken_id, "ci", 1000, 0) > 0);       /* never expires */
    assert_true(store_token_add(db, t2, sizeof t2, ken_id, "short", 1000, 1100) > 0);
    assert_int_equal(store_tx_commit(db), 0);
    struct u u = { 0 };
    assert_int_equal(store_token_get(db, t1, sizeof t1, 999999999, user_cb, &u), 0);
    assert_int_equal(u.id, ken_id);
    assert_int_equal(store_token_get(db, t2, sizeof t2, 1050, user_cb, &u), 0);
    struct u none = { 0 };
    assert_int_equal(store_token_get(db, t2, sizeof t2, 1100, user_cb, &none), 1);
    assert_int_equal(none.n, 0);
}

static int audit_cb(const struct store_audit *a, void *ctx)
{
    char *first = ctx;
    if (!*first) snprintf(first, 64, "%s %s", a->action, a->object ? a->object : "-");
    return 0;
}

static void test_login_failures_and_audit(void **state)
{
    (void)state;
    /* Failures are added and counted inside one write transaction (the writer reads its own rows: counting and
       recording an attempt are one step, auth_login); each added row's id lets a success forget its own. */
    assert_int_equal(store_tx_begin(db), 0);
    long long ids[3];
    for (int i = 0; i < 3; i++) assert_true((ids[i] = store_login_failure_add(db, "user:kenya", 100 + i * 10)) > 0);
    assert_true(ids[1] > ids[0] && ids[2] > ids[1]);
    assert_true(store_login_failure_add(db, "addr:10.0.0.1", 100) > 0);
    assert_int_equal(store_login_failures_count(db, "user:kenya", 0), 3);
    assert_int_equal(store_login_failures_count(db, "user:kenya", 110), 2);
    assert_int_equal(store_login_failures_count(db, "user:kenya", 121), 0);
    assert_int_equal(store_login_failures_count(db, "user:peru", 0), 0);
    assert_int_equal(store_login_failure_delete(db, ids[2]), 0);
    assert_int_equal(store_login_failures_count(db, "user:kenya", 0), 2);
    assert_int_equal(store_login_failures_clear(db, "user:kenya"), 0);
    assert_int_equal(store_login_failures_count(db, "user:kenya", 0), 0);
    assert_int_equal(store_login_failures_count(db, "addr:10.0.0.1", 0), 1);
    assert_int_equal(store_tx_commit(db), 0);

    assert_int_equal(store_tx_begin(db), 0);
    assert_int_equal(store_audit_add(db, ken_id, "kenya", "report.save", "report:1", "{\"answers\": 2}"), 0);
    assert_int_equal(store_audit_add(db, 0, "cli", "user.add", "user:unoda", NULL), 0);
    assert_int_equal(store_tx_commit(db), 0);
    char first[64] = "";
    assert_int_equal(store_audit_each(db, 10, audit_cb, first), 0);
    assert_string_equal(first, "user.add user:unoda");           /* newest first */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_users), cmocka_unit_test(test_sessions), cmocka_unit_test(test_tokens),
        cmocka_unit_test(test_login_failures_and_audit),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
