/*
 * Unit tests: domain/quota and store/quota: the room a report's and an account's files take
 * (each file once; a file already held costs nothing; a request's proposal counts for the
 * account), the refusal past a quota with the quota in the message, and the collector: a link
 * its report refers to (in the working answers or only in a published version) stays, a
 * request's proposal stays, what nothing refers to goes once older than the grace period.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "domain/attachment.h"
#include "domain/quota.h"
#include "unit.h"

static int arrange(void);
UNIT_DB_FIXTURE("quota", arrange())
static long long rep, uid;
static struct principal fp;
static char sha[5][65];
static char bytes[5][1000];

static int arrange(void)
{
    for (int i = 0; i < 5; i++) {
        memset(bytes[i], 'a' + i, sizeof bytes[i]);
        memcpy(bytes[i], "%PDF-1.4\n", 9);
        attachment_sha256(bytes[i], sizeof bytes[i], sha[i]);
    }
    if ((uid = unit_user(db, "kenfp", "focal_point", "KEN", &fp)) < 0) return -1;
    if (store_tx_begin(db) < 0) return -1;
    rep = store_report_add(db, "KEN", 2026, "en", false, uid);
    return rep > 0 && store_tx_commit(db) == 0 ? 0 : -1;
}

/* Store file i and link it to the report as uid, after the quota check; the check's result. */
static int add(int i, struct err *e)
{
    static char arg[32];   /* e->arg points here */
    assert_int_equal(store_tx_begin(db), 0);
    int rc = quota_check(db, rep, uid, sha[i], sizeof bytes[i], arg, sizeof arg, e);
    if (rc == 0) {
        assert_int_equal(store_attachment_put(db, sha[i], "application/pdf", bytes[i], sizeof bytes[i]), 0);
        assert_int_equal(store_attachment_link(db, rep, sha[i], uid), 0);
    }
    assert_int_equal(store_tx_commit(db), 0);
    return rc;
}

static void test_quota_check(void **state)
{
    (void)state;
    struct err e = ERR_NONE;
    quota_set(2500, 3500);
    assert_int_equal(add(0, &e), 0);
    assert_int_equal(add(1, &e), 0);
    assert_int_equal(add(2, &e), -1);                     /* 3,000 > 2,500 */
    assert_int_equal(e.code, ERR_TOO_LARGE);
    assert_non_null(strstr(e.msg, "the most one report may hold"));
    assert_string_equal(e.arg, "2.5 KB");
    assert_int_equal(add(0, &e), 0);                      /* held already: costs nothing */
    long long r, a;
    assert_int_equal(store_tx_begin(db), 0);
    assert_int_equal(store_upload_usage(db, rep, uid, "", &r, &a), 0);
    assert_int_equal(r, 2000);
    assert_int_equal(a, 2000);
    /* The account's: a request's proposal counts too; no report quota for it (report 0). */
    char arg[32];
    assert_int_equal(quota_check(db, 0, uid, sha[3], 1000, arg, sizeof arg, &e), 0);
    quota_set(2500, 2500);
    assert_int_equal(quota_check(db, 0, uid, sha[3], 1000, arg, sizeof arg, &e), -1);
    assert_non_null(strstr(e.msg, "the most one account may hold"));
    assert_string_equal(e.arg, "2.5 KB");
    store_tx_rollback(db);
    quota_set(0, 0);
    assert_int_equal(quota_report_bytes(), QUOTA_REPORT_DEFAULT);
    assert_int_equal(quota_account_bytes(), QUOTA_ACCOUNT_DEFAULT);
}

static long long count(const char *sql)
{
    sqlite3 *c;
    sqlite3_stmt *st;
    long long n = -1;
    assert_int_equal(sqlite3_open_v2(dbpath, &c, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    if (sqlite3_prepare_v2(c, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(c);
    return n;
}

static void test_collect(void **state)
{
    (void)state;
    /* Files 0 and 1 are linked (test_quota_check).  0 becomes an answer, then only in a published version;
     * 3 becomes a request's proposal (not linked); 4 is stored and linked, never used. */
    char ref0[160], prop[160];
    snprintf(ref0, sizeof ref0, "{\"name\":\"a.pdf\",\"type\":\"application/pdf\",\"bytes\":1000,\"sha256\":\"%s\"}", sha[0]);
    snprintf(prop, sizeof prop, "{\"name\":\"p.pdf\",\"type\":\"application/pdf\",\"bytes\":1000,\"sha256\":\"%s\"}", sha[3]);
    assert_int_equal(store_tx_begin(db), 0);
    assert_int_equal(store_attachment_put(db, sha[3], "application/pdf", bytes[3], sizeof bytes[3]), 0);
    assert_int_equal(store_attachment_put(db, sha[4], "application/pdf", bytes[4], sizeof bytes[4]), 0);
    assert_int_equal(store_attachment_link(db, rep, sha[4], uid), 0);
    assert_int_equal(store_answer_put(db, rep, "coord.nap.file", ref0, uid), 0);
    assert_int_equal(store_report_version_add(db, rep, 1, uid, NULL), 0);
    assert_int_equal(store_answer_put(db, rep, "coord.nap.file", NULL, uid), 0);   /* only v1 refers to it now */
    assert_int_equal(store_tx_commit(db), 0);
    sqlite3 *c;
    assert_int_equal(sqlite3_open(dbpath, &c), SQLITE_OK);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(c, "INSERT INTO request(state_iso3, category, kind, title, proposal, created_by) "
                                           "VALUES ('KEN', 'stockpile', 'financial', 'Quota', ?1, ?2)", -1, &st, NULL), SQLITE_OK);
    sqlite3_bind_text(st, 1, prop, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, uid);
    assert_int_equal(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
    sqlite3_close(c);

    struct quota_collected r;
    time_t now = time(NULL);
    assert_int_equal(quota_collect(db, now, QUOTA_GRACE_DEFAULT, &r), 0);   /* all younger than a day */
    assert_int_equal(r.files + r.links, 0);
    assert_int_equal(quota_collect(db, now + 2 * 86400, QUOTA_GRACE_DEFAULT, &r), 0);
    assert_int_equal(r.links, 2);    /* 1 and 4: never in an answer */
    assert_int_equal(r.files, 2);
    assert_int_equal(r.bytes, 2000);
    char sql[200];
    for (int i = 0; i < 5; i++) {
        snprintf(sql, sizeof sql, "SELECT count(*) FROM attachment WHERE sha256 = '%s'", sha[i]);
        assert_int_equal(count(sql), i == 0 || i == 3);   /* 0: a published version; 3: a proposal; 2 was never stored */
    }
    assert_int_equal(count("SELECT count(*) FROM report_attachment"), 1);
    assert_int_equal(quota_collect(db, now + 2 * 86400, 0, &r), 0);
    assert_int_equal(r.files + r.links, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = { cmocka_unit_test(test_quota_check), cmocka_unit_test(test_collect) };
    return cmocka_run_group_tests(tests, setup, teardown);
}
