/*
 * Unit tests: domain/auth, who is asking: argon2id passwords, sign-in and sessions (a forged
 * or ended session is the public), throttling per account, API tokens (a changed character
 * is refused), validation of new accounts (names, roles, States, passwords, duplicates); the
 * password rules, the throttle on the canonical username, and what can be taken back (tokens
 * revoked, accounts disabled, sessions ended, passwords changed: auth_manage.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/assistance.h"
#include "unit.h"
#include "util/arena.h"

static int arrange(void);
UNIT_DB_FIXTURE("auth", arrange())

/* What the tests of this file share, in the database the fixture opened. */
static int arrange(void)
{
    if (auth_init() < 0) return -1;
    char err[256];
    const struct auth_user_new users[] = {
        { "kenya", "Focal point, Kenya", NULL, "focal_point", "KEN", NULL },
        { "peru", "Focal point, Peru", NULL, "focal_point", "PER", NULL },
        { "unoda", "Secretariat", NULL, "secretariat", NULL, NULL },
    };
    for (size_t i = 0; i < 3; i++) {
        char pw[64];
        snprintf(pw, sizeof pw, "%s-password-1", users[i].username);
        if (auth_user_add(db, &users[i], pw, "cli", 0, err, sizeof err) <= 0) { fprintf(stderr, "%s\n", err); return -1; }
    }
    return 0;
}

static void test_roles(void **state)
{
    (void)state;
    enum role r;
    assert_int_equal(role_parse("focal_point", &r), 0);
    assert_int_equal(r, ROLE_FOCAL_POINT);
    assert_string_equal(role_name(ROLE_SECRETARIAT), "secretariat");
    assert_string_equal(role_name(ROLE_PUBLIC), "public");
    assert_int_equal(role_parse("public", &r), -1);     /* nobody is stored as the public */
    assert_int_equal(role_parse("Admin", &r), -1);
    assert_int_equal(role_parse("", &r), -1);
    assert_int_equal(role_parse(NULL, &r), -1);
}

static void test_passwords(void **state)
{
    (void)state;
    char hash[256];
    assert_int_equal(auth_password_hash("correct horse battery", hash, sizeof hash), AUTH_OK);
    assert_memory_equal(hash, "$argon2id$", 10);
    assert_int_equal(auth_password_check("correct horse battery", hash), AUTH_OK);
    assert_int_equal(auth_password_check("correct horse batterY", hash), AUTH_BAD);
    assert_int_equal(auth_password_check("", hash), AUTH_BAD);
    assert_int_equal(auth_password_check("x", "not a hash"), AUTH_BAD);
    char again[256];
    assert_int_equal(auth_password_hash("correct horse battery", again, sizeof again), AUTH_OK);
    assert_string_not_equal(hash, again);               /* salted */
}

static void test_login_and_sessions(void **state)
{
    (void)state;
    struct principal p, q;
    char cookie[AUTH_SECRET_LEN];
    assert_int_equal(auth_login(db, "kenya", "kenya-password-1", "10.0.0.1", &p, cookie), AUTH_OK);
    assert_int_equal(p.role, ROLE_FOCAL_POINT);
    assert_string_equal(p.state_iso3, "KEN");
    assert_true(strlen(p.csrf) > 20);
    assert_int_equal(auth_session_resolve(db, cookie, &q), 0);
    assert_string_equal(q.username, "kenya");
    assert_string_equal(q.csrf, p.csrf);
    assert_false(q.by_token);
    /* Usernames are matched without regard to case. */
    char cookie2[AUTH_SECRET_LEN];
    assert_int_equal(auth_login(db, "KENYA", "kenya-password-1", "10.0.0.1", &q, cookie2), AUTH_OK);
    assert_string_not_equal(cookie, cookie2);
    /* Forged, truncated, empty and absent cookies are the public. */
    const char *forged[] = { "forged-forged-forged-forged", "", "'; DELETE FROM session; --" };
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(auth_session_resolve(db, forged[i], &q), 1);
        assert_int_equal(q.role, ROLE_PUBLIC);
        assert_int_equal(q.user_id, 0);
    }
    char cut[AUTH_SECRET_LEN];
    snprintf(cut, sizeof cut, "%.*s", (int)strlen(cookie) - 1, cookie);
    assert_int_equal(auth_session_resolve(db, cut, &q), 1);
    assert_int_equal(auth_session_resolve(db, NULL, &q), 1);
    /* Signing out ends that session only. */
    assert_int_equal(auth_logout(db, cookie, &p), 0);
    assert_int_equal(auth_session_resolve(db, cookie, &q), 1);
    assert_int_equal(auth_session_resolve(db, cookie2, &q), 0);
    /* Wrong password, unknown account: the same answer. */
    assert_int_equal(auth_login(db, "kenya", "wrong-password!", "10.0.0.1", &p, cookie), AUTH_BAD);
    assert_int_equal(auth_login(db, "nobody", "whatever-password", "10.0.0.1", &p, cookie), AUTH_BAD);
    assert_int_equal(auth_login(db, "", "", "10.0.0.1", &p, cookie), AUTH_BAD);
}

static void test_throttling(void **state)
{
    (void)state;
    struct principal p;
    char cookie[AUTH_SECRET_LEN];
    for (int i = 0; i < AUTH_THROTTLE_ACCOUNT; i++)
        assert_int_equal(auth_login(db, "peru", "wrong-password!", "10.0.0.2", &p, cookie), AUTH_BAD);
    /* Even the right password, from that address, waits. */
    assert_int_equal(auth_login(db, "peru", "peru-password-1", "10.0.0.2", &p, cookie), AUTH_THROTTLED);
    /* Another account is not held up. */
    assert_int_equal(auth_login(db, "unoda", "unoda-password-1", "10.0.0.3", &p, cookie), AUTH_OK);
    /* The owner, from an address that has not failed, signs in: five guesses do not lock an account. */
    assert_int_equal(auth_login(db, "peru", "peru-password-1", "10.0.0.3", &p, cookie), AUTH_OK);
    /* Guesses spread over many addresses: past AUTH_THROTTLE_ANY failures of the account, an address that has
       failed on it waits, even with the right password; one that has not still signs in. */
    char addr[32];
    for (int i = 0; i < AUTH_THROTTLE_ANY; i++) {
        snprintf(addr, sizeof addr, "10.9.%d.%d", i / 4, i % 4);
        assert_int_equal(auth_login(db, "peru", "wrong-password!", addr, &p, cookie), AUTH_BAD);
    }
    assert_int_equal(auth_login(db, "peru", "peru-password-1", "10.9.0.0", &p, cookie), AUTH_THROTTLED);
    assert_int_equal(auth_login(db, "peru", "wrong-password!", "10.8.0.1", &p, cookie), AUTH_BAD);   /* a new one: once */
    assert_int_equal(auth_login(db, "peru", "wrong-password!", "10.8.0.1", &p, cookie), AUTH_THROTTLED);
    assert_int_equal(auth_login(db, "peru", "peru-password-1", "10.0.0.4", &p, cookie), AUTH_OK);
}

static void test_tokens(void **state)
{
    (void)state;
    char token[AUTH_SECRET_LEN + 8], err[256];
    assert_int_equal(auth_token_create(db, "unoda", "t", 30, "cli", token, err, sizeof err), 0);
    assert_memory_equal(token, "poa_", 4);
    struct principal p;
    assert_int_equal(auth_token_resolve(db, token, &p), 0);
    assert_int_equal(p.role, ROLE_SECRETARIAT);
    assert_true(p.by_token);
    token[10] ^= 1;
    assert_int_equal(auth_token_resolve(db, token, &p), 1);
    assert_int_equal(p.role, ROLE_PUBLIC);
    assert_int_equal(auth_token_resolve(db, "poa_", &p), 1);
    assert_int_equal(auth_token_resolve(db, "", &p), 1);
    assert_int_equal(auth_token_create(db, "nobody", "t", 30, "cli", token, err, sizeof err), -1);
    assert_int_equal(auth_token_create(db, "unoda", "t", -1, "cli", token, err, sizeof err), -1);
    /* A token that never expires. */
    assert_int_equal(auth_token_create(db, "kenya", "ci", 0, "cli", token, err, sizeof err), 0);
    assert_int_equal(auth_token_resolve(db, token, &p), 0);
    assert_string_equal(p.state_iso3, "KEN");
}

static void test_user_validation(void **state)
{
    (void)state;
    char err[256];
    struct auth_user_new u = { "x y", NULL, NULL, "admin", NULL, NULL };
    assert_int_equal(auth_user_add(db, &u, "long enough pw", "cli", 0, err, sizeof err), -1);
    assert_non_null(strstr(err, "username"));
    struct auth_user_new fp = { "fp", NULL, NULL, "focal_point", "ZZZ", NULL };
    assert_int_equal(auth_user_add(db, &fp, "long enough pw", "cli", 0, err, sizeof err), -1);
    assert_non_null(strstr(err, "state"));
    struct auth_user_new nostate = { "fp2", NULL, NULL, "focal_point", NULL, NULL };
    assert_int_equal(auth_user_add(db, &nostate, "long enough pw", "cli", 0, err, sizeof err), -1);
    struct auth_user_new role = { "boss", NULL, NULL, "root", NULL, NULL };
    assert_int_equal(auth_user_add(db, &role, "long enough pw", "cli", 0, err, sizeof err), -1);
    struct auth_user_new dup = { "Kenya", NULL, NULL, "admin", NULL, NULL };
    assert_int_equal(auth_user_add(db, &dup, "long enough pw", "cli", 0, err, sizeof err), -1);
    assert_non_null(strstr(err, "taken"));
    struct auth_user_new ok = { "gha", "Ghana", NULL, "focal_point", "gha", NULL };
    assert_int_equal(auth_user_add(db, &ok, "short", "cli", 0, err, sizeof err), -1);        /* < 12 characters */
    char *huge = malloc(AUTH_PASSWORD_MAX + 2);
    memset(huge, 'p', AUTH_PASSWORD_MAX + 1);
    huge[AUTH_PASSWORD_MAX + 1] = 0;
    assert_int_equal(auth_user_add(db, &ok, huge, "cli", 0, err, sizeof err), -1);
    free(huge);
    assert_true(auth_user_add(db, &ok, "long enough pw", "cli", 0, err, sizeof err) > 0);   /* the State in any case */
    struct principal p;
    char cookie[AUTH_SECRET_LEN];
    assert_int_equal(auth_login(db, "gha", "long enough pw", "10.0.0.9", &p, cookie), AUTH_OK);
    assert_string_equal(p.state_iso3, "GHA");
}

static void test_random_secret(void **state)
{
    (void)state;
    char a[AUTH_SECRET_LEN], b[AUTH_SECRET_LEN];
    auth_random_secret(a);
    auth_random_secret(b);
    assert_string_not_equal(a, b);
    assert_int_equal(strlen(a), 43);          /* base64url of 32 bytes, no padding */
    for (const char *p = a; *p; p++) assert_non_null(strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", *p));
}

/* Add an account with a password (for the tests below). */
static void add_user(const char *username, const char *role, const char *iso3, const char *org, const char *password)
{
    char err[256];
    struct auth_user_new u = { username, username, NULL, role, iso3, org };
    long long id = auth_user_add(db, &u, password, "cli", 0, err, sizeof err);
    if (id <= 0) fprintf(stderr, "%s: %s\n", username, err);
    assert_true(id > 0);
}

/* The password rules: characters, not bytes; never the username; never a common password. */
static void test_password_rules(void **state)
{
    (void)state;
    char err[256];
    assert_int_equal(auth_password_acceptable("kenya", "Amber tortoise violin", err, sizeof err), 0);
    assert_int_equal(auth_password_acceptable("kenya", "\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80", err, sizeof err), -1);   /* 12 bytes, 3 characters */
    assert_non_null(strstr(err, "12 characters"));
    assert_int_equal(auth_password_acceptable("kenya", "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", err, sizeof err), -1);
    assert_int_equal(auth_password_acceptable("kenya", "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", err, sizeof err), 0);
    assert_int_equal(auth_password_acceptable("kenya", "bad \xff utf-8 password", err, sizeof err), -1);
    assert_int_equal(auth_password_acceptable("kenya", "", err, sizeof err), -1);
    assert_int_equal(auth_password_acceptable("kenya", NULL, err, sizeof err), -1);
    char big[1100];
    memset(big, 'q', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    assert_int_equal(auth_password_acceptable("kenya", big, err, sizeof err), -1);
    assert_non_null(strstr(err, "1024"));
    big[1024] = '\0';
    assert_int_equal(auth_password_acceptable("kenya", big, err, sizeof err), 0);
    /* The username, in any case, alone or with digits and punctuation around it; the site's name the same way. */
    assert_int_equal(auth_password_acceptable("secretariat.user", "SECRETARIAT.USER", err, sizeof err), -1);
    assert_non_null(strstr(err, "username"));
    assert_int_equal(auth_password_acceptable("jwanjiru", "Jwanjiru2026!!", err, sizeof err), -1);
    assert_int_equal(auth_password_acceptable("jwanjiru", "#1jwanjiru2026", err, sizeof err), -1);
    assert_int_equal(auth_password_acceptable("jwanjiru", "POAISS-2026-01", err, sizeof err), -1);
    assert_int_equal(auth_password_acceptable("jwanjiru", "jwanjiru and the sea", err, sizeof err), 0);
    /* The common list, ignoring case. */
    const char *common[] = { "password1234", "PASSWORD1234", "123456789012", "qwertyuiopas", "iloveyou2026", "Welcome12345",
                             "aaaaaaaaaaaa", "1q2w3e4r5t6y" };
    for (size_t i = 0; i < sizeof common / sizeof common[0]; i++) {
        assert_int_equal(auth_password_acceptable("kenya", common[i], err, sizeof err), -1);
        assert_non_null(strstr(err, "common"));
    }
}

static void test_throttle_canonical(void **state)
{
    (void)state;
    struct store *s = db;
    char a[AUTH_THROTTLE_KEY_LEN], b[AUTH_THROTTLE_KEY_LEN];
    auth_throttle_key("KenYA", a);
    auth_throttle_key("kenya", b);
    assert_string_equal(a, "u:kenya");
    assert_string_equal(a, b);
    struct principal p;
    char cookie[AUTH_SECRET_LEN];
    add_user("france", "focal_point", "FRA", NULL, "france-password-1");
    add_user("giver2", "partner", NULL, "Giver agency", "giver-password-1");
    for (int i = 0; i < AUTH_THROTTLE_ACCOUNT; i++)
        assert_int_equal(auth_login(s, i % 2 ? "FRANCE" : "France", "wrong-password!", "10.0.1.1", &p, cookie), AUTH_BAD);
    assert_int_equal(auth_login(s, "france", "france-password-1", "10.0.1.1", &p, cookie), AUTH_THROTTLED);
    /* A success forgets the account's failures and its own attempt, not the address's other failures. */
    assert_int_equal(auth_login(s, "giver2", "giver-password-1", "10.0.1.1", &p, cookie), AUTH_OK);
}

/* A partner account speaks for its organisation's partner from the start, so it can record offers at once. */
static void test_partner_link(void **state)
{
    (void)state;
    struct store *s = db;
    add_user("aid1", "partner", NULL, "Aid agency", "aid-password-one-1");
    add_user("aid2", "partner", NULL, "Aid agency", "aid-password-two-2");
    add_user("other1", "partner", NULL, "Another NGO", "other-password-1");
    long long u1 = 0, u2 = 0, u3 = 0;
    assert_int_equal(auth_user_id(s, "aid1", &u1), 0);
    assert_int_equal(auth_user_id(s, "aid2", &u2), 0);
    assert_int_equal(auth_user_id(s, "other1", &u3), 0);
    long long p1 = store_partner_of_user(s, u1), p2 = store_partner_of_user(s, u2), p3 = store_partner_of_user(s, u3);
    assert_true(p1 > 0);
    assert_int_equal(p1, p2);   /* one partner per organisation */
    assert_true(p3 > 0);
    assert_true(p3 != p1);
}

static int token_id_cb(const struct auth_token_info *t, void *ctx)
{
    if (!*(long long *)ctx) *(long long *)ctx = t->id;   /* newest first */
    return 0;
}

static void test_revocation(void **state)
{
    (void)state;
    struct store *s = db;
    char token[AUTH_SECRET_LEN + 8], err[256], cookie[AUTH_SECRET_LEN], cookie2[AUTH_SECRET_LEN];
    struct principal p, q, donor, adm;
    add_user("giver", "partner", NULL, "Giver agency", "giver-password-1");
    add_user("boss", "admin", NULL, NULL, "boss-password-1");
    long long uid = 0, aid = 0, tid = 0;
    assert_int_equal(auth_user_id(s, "GIVER", &uid), 0);
    assert_int_equal(auth_user_id(s, "boss", &aid), 0);
    assert_int_equal(auth_user_id(s, "nobody", &tid), 1);
    /* A token, revoked by its owner; another account cannot. */
    assert_int_equal(auth_token_create(s, "giver", "t", 30, "cli", token, err, sizeof err), 0);
    assert_int_equal(auth_token_resolve(s, token, &donor), 0);
    tid = 0;
    assert_int_equal(auth_tokens_each(s, uid, token_id_cb, &tid), 0);
    assert_true(tid > 0);
    assert_int_equal(auth_login(s, "kenya", "kenya-password-1", "10.0.2.1", &q, cookie), AUTH_OK);
    assert_int_equal(auth_token_revoke(s, &q, tid), 1);
    assert_int_equal(auth_token_resolve(s, token, &p), 0);
    assert_int_equal(auth_token_revoke(s, &donor, tid), 0);
    assert_int_equal(auth_token_resolve(s, token, &p), 1);
    assert_int_equal(auth_token_revoke(s, &donor, tid), 0);   /* again: harmless */
    assert_int_equal(auth_token_revoke(s, NULL, 999999), 1);
    /* Disabling ends sessions and stops tokens; only admins, never themselves. */
    assert_int_equal(auth_token_create(s, "giver", "t2", 30, "cli", token, err, sizeof err), 0);
    assert_int_equal(auth_login(s, "giver", "giver-password-1", "10.0.2.2", &p, cookie), AUTH_OK);
    assert_int_equal(auth_login(s, "boss", "boss-password-1", "10.0.2.2", &adm, cookie2), AUTH_OK);
    assert_int_equal(auth_user_set_disabled(s, &q, uid, true, err, sizeof err), -1);
    assert_int_equal(auth_user_set_disabled(s, &adm, aid, true, err, sizeof err), -1);
    assert_non_null(strstr(err, "own account"));
    assert_int_equal(auth_user_set_disabled(s, &adm, uid, true, err, sizeof err), 0);
    assert_int_equal(auth_user_set_disabled(s, &adm, uid, true, err, sizeof err), 2);
    assert_int_equal(auth_session_resolve(s, cookie, &p), 1);
    assert_int_equal(auth_token_resolve(s, token, &p), 1);
    assert_int_equal(auth_login(s, "giver", "giver-password-1", "10.0.2.3", &p, cookie), AUTH_BAD);
    assert_int_equal(auth_user_set_disabled(s, NULL, uid, false, err, sizeof err), 0);
    assert_int_equal(auth_token_resolve(s, token, &p), 0);
    /* An admin ends the sessions; the owner's password change ends the others but keeps its own. */
    assert_int_equal(auth_login(s, "giver", "giver-password-1", "10.0.2.3", &donor, cookie), AUTH_OK);
    assert_int_equal(auth_user_sessions_end(s, &q, uid), -1);
    assert_int_equal(auth_user_sessions_end(s, &adm, uid), 1);
    assert_int_equal(auth_session_resolve(s, cookie, &p), 1);
    assert_int_equal(auth_login(s, "giver", "giver-password-1", "10.0.2.3", &donor, cookie), AUTH_OK);
    assert_int_equal(auth_login(s, "giver", "giver-password-1", "10.0.2.3", &p, cookie2), AUTH_OK);
    assert_int_equal(auth_password_change(s, &donor, cookie, "not it", "Amber tortoise violin", err, sizeof err), AUTH_BAD);
    assert_int_equal(auth_password_change(s, &donor, cookie, "giver-password-1", "password1234", err, sizeof err), AUTH_INVALID);
    assert_int_equal(auth_password_change(s, &donor, cookie, "giver-password-1", "Amber tortoise violin", err, sizeof err), AUTH_OK);
    assert_int_equal(auth_session_resolve(s, cookie, &p), 0);
    assert_int_equal(auth_session_resolve(s, cookie2, &p), 1);
    assert_int_equal(auth_login(s, "giver", "giver-password-1", "10.0.2.4", &p, cookie2), AUTH_BAD);
    assert_int_equal(auth_login(s, "giver", "Amber tortoise violin", "10.0.2.4", &p, cookie2), AUTH_OK);
    /* Wrong current passwords are throttled on their own counter: signing in still works. */
    for (int i = 1; i < AUTH_THROTTLE_ACCOUNT; i++)   /* one wrong already, above */
        assert_int_equal(auth_password_change(s, &donor, cookie, "wrong", "Another long phrase", err, sizeof err), AUTH_BAD);
    assert_int_equal(auth_password_change(s, &donor, cookie, "Amber tortoise violin", "Another long phrase", err, sizeof err),
                     AUTH_THROTTLED);
    assert_int_equal(auth_login(s, "giver", "Amber tortoise violin", "10.0.2.5", &p, cookie2), AUTH_OK);
}


/* A partner account speaks for the partner of its organisation text, made with the account (kind 'other');
   a second account of the same organisation shares it; a code that could be a State's, or is held by another
   organisation, takes the account's id; a failed add leaves no partner behind. */
static void test_partner_accounts(void **state)
{
    (void)state;
    struct arena a = ARENA_INIT;
    struct store_partner p;
    add_user("benefactor1", "partner", NULL, "Nordic Arms Fund (NAF)", "a long password one");
    long long u1 = 0, u2 = 0, u3 = 0;
    struct principal who;
    char cookie[AUTH_SECRET_LEN];
    assert_int_equal(auth_login(db, "benefactor1", "a long password one", "10.0.3.1", &who, cookie), AUTH_OK);
    u1 = who.user_id;
    long long p1 = store_partner_of_user(db, u1);
    assert_true(p1 > 0);
    assert_int_equal(store_partner_get(db, &a, p1, &p), 0);
    assert_string_equal(p.code, "nordic-arms-fund-naf");
    assert_string_equal(p.name, "Nordic Arms Fund (NAF)");
    assert_string_equal(p.kind, "other");
    assert_null(p.iso3);
    add_user("benefactor2", "partner", NULL, "Nordic Arms Fund (NAF)", "a long password two");
    assert_int_equal(auth_login(db, "benefactor2", "a long password two", "10.0.3.2", &who, cookie), AUTH_OK);
    u2 = who.user_id;
    assert_int_equal(store_partner_of_user(db, u2), p1);   /* one organisation, one partner */
    /* "NOR" could be Norway's code: the account's id is added. */
    add_user("benefactor3", "partner", NULL, "NOR", "a long password three");
    assert_int_equal(auth_login(db, "benefactor3", "a long password three", "10.0.3.3", &who, cookie), AUTH_OK);
    u3 = who.user_id;
    assert_int_equal(store_partner_get(db, &a, store_partner_of_user(db, u3), &p), 0);
    char want[40];
    snprintf(want, sizeof want, "nor-%lld", u3);
    assert_string_equal(p.code, want);
    /* Another organisation whose text gives the same code gets its own partner. */
    add_user("benefactor4", "partner", NULL, "nordic arms fund, NAF", "a long password four");
    assert_int_equal(auth_login(db, "benefactor4", "a long password four", "10.0.3.4", &who, cookie), AUTH_OK);
    long long p4 = store_partner_of_user(db, who.user_id);
    assert_true(p4 > 0 && p4 != p1);
    /* Only partner accounts speak for a partner; a refused account makes none. */
    assert_int_equal(store_partner_of_user(db, 1), 0);
    long long before = store_partner_by_code(db, "late-org");
    assert_int_equal(before, 0);
    char err[256];
    struct auth_user_new bad = { "benefactor1", "x", NULL, "partner", NULL, "Late org" };   /* username taken */
    assert_int_equal(auth_user_add(db, &bad, "a long password five", "cli", 0, err, sizeof err), -1);
    assert_int_equal(store_partner_by_code(db, "late-org"), 0);
    arena_cleanup(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_roles), cmocka_unit_test(test_passwords), cmocka_unit_test(test_login_and_sessions),
        cmocka_unit_test(test_throttling), cmocka_unit_test(test_tokens), cmocka_unit_test(test_user_validation),
        cmocka_unit_test(test_random_secret), cmocka_unit_test(test_password_rules),
        cmocka_unit_test(test_throttle_canonical), cmocka_unit_test(test_revocation), cmocka_unit_test(test_partner_accounts),
        cmocka_unit_test(test_partner_link),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
