/* Unit tests: store (migrations, reference data, accounts), domain/setup, domain/auth, domain/authz. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "domain/auth.h"
#include "domain/authz.h"
#include "domain/setup.h"
#include "store/store.h"

static char dbpath[64];

static int setup_db(void **state)
{
    snprintf(dbpath, sizeof dbpath, "/tmp/poaiss-unit-%d.db", (int)getpid());
    char err[256];
    struct store *s = store_open(dbpath, true, err, sizeof err);
    if (!s) { fprintf(stderr, "%s\n", err); return -1; }
    FILE *devnull = fopen("/dev/null", "w");
    int rc = setup_demo(s, devnull, err, sizeof err);
    fclose(devnull);
    if (rc < 0) { fprintf(stderr, "%s\n", err); return -1; }
    *state = s;
    return 0;
}

static int teardown_db(void **state)
{
    store_close(*state);
    char p[80];
    unlink(dbpath);
    snprintf(p, sizeof p, "%s-wal", dbpath); unlink(p);
    snprintf(p, sizeof p, "%s-shm", dbpath); unlink(p);
    return 0;
}

static int count_cb(const struct store_state *st, void *ctx) { (void)st; (*(int *)ctx)++; return 0; }

static void test_reference_data(void **state)
{
    struct store *s = *state;
    struct store_counts n;
    assert_int_equal(store_counts_get(s, &n), 0);
    assert_int_equal(n.states, 195);
    assert_int_equal(n.members, 193);
    assert_int_equal(n.observers, 2);
    assert_true(n.orgs >= 15);
    assert_true(n.paragraphs > 80);
    int k = 0;
    struct store_state_filter f = { .grp = "EEG" };
    assert_int_equal(store_states_each(s, &f, count_cb, &k), 0);
    assert_int_equal(k, 23);
    k = 0;
    struct store_state_filter q = { .q = "франц" };   /* a name in Russian finds France */
    store_states_each(s, &q, count_cb, &k);
    assert_int_equal(k, 1);
    assert_int_equal(store_state_get(s, "XYZ", "en", count_cb, &k), 1);
    assert_int_equal(store_schema_version(s), 7);
}

static void test_init_is_idempotent(void **state)
{
    struct store *s = *state;
    char err[256];
    assert_int_equal(setup_init(s, err, sizeof err), 1);
}

static void test_reopen_keeps_schema(void **state)
{
    (void)state;
    char err[256];
    struct store *again = store_open(dbpath, false, err, sizeof err);
    assert_non_null(again);
    assert_true(store_is_initialised(again));
    store_close(again);
    assert_null(store_open("/nonexistent/dir/x.db", false, err, sizeof err));
    assert_true(strlen(err) > 0);
}

static void test_login_and_sessions(void **state)
{
    struct store *s = *state;
    struct principal p;
    char cookie[AUTH_SECRET_LEN];
    assert_int_equal(auth_login(s, "kenya", "kenya-demo-2026", "10.0.0.1", &p, cookie), AUTH_OK);
    assert_int_equal(p.role, ROLE_FOCAL_POINT);
    assert_string_equal(p.state_iso3, "KEN");
    struct principal q;
    assert_int_equal(auth_session_resolve(s, cookie, &q), 0);
    assert_string_equal(q.username, "kenya");
    assert_string_equal(q.csrf, p.csrf);
    assert_int_equal(auth_session_resolve(s, "forged-forged-forged-forged", &q), 1);
    assert_int_equal(q.role, ROLE_PUBLIC);
    assert_int_equal(auth_logout(s, cookie, &p), 0);
    assert_int_equal(auth_session_resolve(s, cookie, &q), 1);
    assert_int_equal(auth_login(s, "nobody", "whatever-password", "10.0.0.1", &p, cookie), AUTH_BAD);
}

static void test_throttling(void **state)
{
    struct store *s = *state;
    struct principal p;
    char cookie[AUTH_SECRET_LEN];
    for (int i = 0; i < AUTH_THROTTLE_ACCOUNT; i++)
        assert_int_equal(auth_login(s, "peru", "wrong-password!", "10.0.0.2", &p, cookie), AUTH_BAD);
    assert_int_equal(auth_login(s, "peru", "peru-demo-2026", "10.0.0.3", &p, cookie), AUTH_THROTTLED);
}

static void test_tokens(void **state)
{
    struct store *s = *state;
    char token[AUTH_SECRET_LEN + 8], err[256];
    assert_int_equal(auth_token_create(s, "unoda", "t", 30, "cli", token, err, sizeof err), 0);
    assert_memory_equal(token, "poa_", 4);
    struct principal p;
    assert_int_equal(auth_token_resolve(s, token, &p), 0);
    assert_int_equal(p.role, ROLE_SECRETARIAT);
    assert_true(p.by_token);
    token[10] ^= 1;
    assert_int_equal(auth_token_resolve(s, token, &p), 1);
    assert_int_equal(auth_token_create(s, "nobody", "t", 30, "cli", token, err, sizeof err), -1);
    assert_int_equal(auth_token_create(s, "unoda", "t", -1, "cli", token, err, sizeof err), -1);
}

static void test_user_validation(void **state)
{
    struct store *s = *state;
    char err[256];
    struct auth_user_new u = { "x y", NULL, NULL, "admin", NULL, NULL };
    assert_int_equal(auth_user_add(s, &u, "long enough pw", "cli", 0, err, sizeof err), -1);
    assert_non_null(strstr(err, "username"));
    struct auth_user_new fp = { "fp", NULL, NULL, "focal_point", "ZZZ", NULL };
    assert_int_equal(auth_user_add(s, &fp, "long enough pw", "cli", 0, err, sizeof err), -1);
    assert_non_null(strstr(err, "state"));
    struct auth_user_new dup = { "kenya", NULL, NULL, "admin", NULL, NULL };
    assert_int_equal(auth_user_add(s, &dup, "long enough pw", "cli", 0, err, sizeof err), -1);
    assert_non_null(strstr(err, "taken"));
    struct auth_user_new ok = { "gha", "Ghana", NULL, "focal_point", "gha", NULL };
    assert_true(auth_user_add(s, &ok, "long enough pw", "cli", 0, err, sizeof err) > 0);
}

static void test_authz(void **state)
{
    (void)state;
    struct principal pub, fp, sec, adm, partner;
    auth_public(&pub);
    auth_public(&fp); fp.role = ROLE_FOCAL_POINT; fp.user_id = 1; strcpy(fp.state_iso3, "KEN");
    auth_public(&sec); sec.role = ROLE_SECRETARIAT; sec.user_id = 2;
    auth_public(&adm); adm.role = ROLE_ADMIN; adm.user_id = 3;
    auth_public(&partner); partner.role = ROLE_PARTNER; partner.user_id = 4;
    assert_true(authz_allowed(&pub, AUTHZ_PUBLIC, NULL));
    assert_false(authz_allowed(&pub, AUTHZ_SIGNED_IN, NULL));
    assert_true(authz_allowed(&fp, AUTHZ_STATE_EDIT, "KEN"));
    assert_false(authz_allowed(&fp, AUTHZ_STATE_EDIT, "FRA"));
    assert_false(authz_allowed(&fp, AUTHZ_STATE_EDIT, NULL));
    assert_false(authz_allowed(&sec, AUTHZ_STATE_EDIT, "KEN"));
    assert_true(authz_allowed(&sec, AUTHZ_PUBLISH, "KEN"));
    assert_false(authz_allowed(&adm, AUTHZ_PUBLISH, "KEN"));
    assert_true(authz_allowed(&fp, AUTHZ_DRAFT_READ, "KEN"));
    assert_false(authz_allowed(&fp, AUTHZ_DRAFT_READ, "FRA"));
    assert_false(authz_allowed(&partner, AUTHZ_DRAFT_READ, "KEN"));
    assert_false(authz_allowed(&pub, AUTHZ_DRAFT_READ, "KEN"));
    assert_true(authz_allowed(&adm, AUTHZ_USERS_MANAGE, NULL));
    assert_false(authz_allowed(&sec, AUTHZ_USERS_MANAGE, NULL));
    assert_true(authz_allowed(&sec, AUTHZ_AUDIT_READ, NULL));
    assert_false(authz_allowed(&partner, AUTHZ_AUDIT_READ, NULL));
}

static void test_backup(void **state)
{
    struct store *s = *state;
    char to[80], err[256];
    snprintf(to, sizeof to, "%s.bak", dbpath);
    unlink(to);
    assert_int_equal(store_backup(s, to, NULL, err, sizeof err), 0);
    struct store *b = store_open(to, false, err, sizeof err);
    assert_non_null(b);
    struct store_counts n;
    store_counts_get(b, &n);
    assert_int_equal(n.states, 195);
    store_close(b);
    unlink(to);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reference_data), cmocka_unit_test(test_init_is_idempotent),
        cmocka_unit_test(test_reopen_keeps_schema), cmocka_unit_test(test_login_and_sessions),
        cmocka_unit_test(test_throttling), cmocka_unit_test(test_tokens), cmocka_unit_test(test_user_validation),
        cmocka_unit_test(test_authz), cmocka_unit_test(test_backup),
    };
    if (auth_init() < 0) return 1;
    return cmocka_run_group_tests(tests, setup_db, teardown_db);
}
