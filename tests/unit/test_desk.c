/*
 * Unit tests: domain/desk (and domain/report_history, its companion): who sees the desk
 * (the Secretariat and admins only), the order (the report waiting longest first), days
 * waiting counted from a fixed "now", corrections, returned reports with their comment, a
 * cycle's progress adding up; a State's reports with their tags and deadlines; a report's
 * history with consecutive saves by one person collapsed, and the latest return comment.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/desk.h"
#include "domain/report_history.h"
#include "util/arena.h"
#include "unit.h"

static int arrange(void);
UNIT_DB_FIXTURE("desk", arrange())
static struct principal kenya, france, unoda, admin, donor, public_;
static long long ken, fra, per, bra, chl, ecu;
static time_t now;   /* 2026-12-06T12:00:00Z */

/* A synthetic report of iso3 for 2026 with its status, version and events; submitted at `submitted`. */
static long long make(const char *iso3, const char *status, int version, const char *submitted, const char *returned,
                      const char *comment)
{
    assert_int_equal(store_tx_begin(db), 0);
    long long id = store_report_add(db, iso3, 2026, "en", true, 0);
    assert_true(id > 0);
    assert_int_equal(store_report_event_add_at(db, id, 0, "start", NULL, "2026-09-01T09:00:00Z"), 0);
    if (version) assert_int_equal(store_report_version_add_at(db, id, version, unoda.user_id, NULL, "2026-06-01T09:00:00Z"), 0);
    if (submitted) assert_int_equal(store_report_event_add_at(db, id, 0, "submit", NULL, submitted), 0);
    if (returned) assert_int_equal(store_report_event_add_at(db, id, unoda.user_id, "return", comment, returned), 0);
    assert_int_equal(store_report_set_status(db, id, status, version), 0);
    assert_int_equal(store_report_dates_set(db, id, "2026-09-01T09:00:00Z", submitted ? submitted : "2026-09-02T09:00:00Z",
                                            submitted ? submitted : "x"), 0);
    assert_int_equal(store_tx_commit(db), 0);
    return id;
}

/* What the tests of this file share, in the database the fixture opened. */
static int arrange(void)
{
    /* The calendar of these tests: 2026's deadline has passed and its meeting is ahead, so 2026 is current. */
    setenv("POAISS_TODAY", "2026-05-01", 1);
    if (unit_user(db, "kenya", "focal_point", "KEN", &kenya) < 0 || unit_user(db, "france", "focal_point", "FRA", &france) < 0 ||
        unit_user(db, "unoda", "secretariat", NULL, &unoda) < 0 || unit_user(db, "admin", "admin", NULL, &admin) < 0 ||
        unit_user(db, "donor", "partner", NULL, &donor) < 0)
        return -1;
    auth_public(&public_);
    struct tm tm = { .tm_year = 126, .tm_mon = 11, .tm_mday = 6, .tm_hour = 12 };
    now = timegm(&tm);
    ken = make("KEN", "submitted", 0, "2026-11-01T10:00:00Z", NULL, NULL);
    fra = make("FRA", "submitted", 0, "2026-10-01T10:00:00Z", NULL, NULL);
    per = make("PER", "submitted", 1, "2026-11-20T10:00:00Z", NULL, NULL);   /* a correction of version 1 */
    bra = make("BRA", "returned", 0, "2026-11-10T10:00:00Z", "2026-11-25T08:00:00Z", "Please complete 2.1.");
    chl = make("CHL", "draft", 0, NULL, NULL, NULL);
    return 0;
}

static void test_desk_who(void **state)
{
    (void)state;
    struct arena a = ARENA_INIT;
    struct desk d;
    const struct principal *refused[] = { &kenya, &france, &donor, &public_ };
    for (size_t i = 0; i < 4; i++) {
        struct err e = ERR_NONE;
        assert_int_equal(desk_get(db, &a, refused[i], 0, "en", now, &d, &e), -1);
        assert_int_equal(e.code, ERR_FORBIDDEN);
        assert_int_equal(d.nwaiting + d.nreturned, 0);
    }
    struct err e = ERR_NONE;
    assert_int_equal(desk_get(db, &a, &admin, 0, "en", now, &d, &e), 0);
    assert_int_equal(desk_get(db, &a, &unoda, 1999, "en", now, &d, &e), -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
    arena_cleanup(&a);
}

static void test_desk_order_and_days(void **state)
{
    (void)state;
    struct arena a = ARENA_INIT;
    struct desk d;
    struct err e = ERR_NONE;
    assert_int_equal(desk_get(db, &a, &unoda, 0, "en", now, &d, &e), 0);
    assert_int_equal(d.current_cycle, 2026);
    assert_int_equal(d.cycle, 2026);
    assert_int_equal(d.nwaiting, 3);
    /* Oldest first: France (1 October), Kenya (1 November), Peru (20 November). */
    assert_int_equal(d.waiting[0].id, fra);
    assert_int_equal(d.waiting[1].id, ken);
    assert_int_equal(d.waiting[2].id, per);
    assert_int_equal(d.waiting[0].days, 66);
    assert_int_equal(d.waiting[1].days, 35);
    assert_int_equal(d.waiting[2].days, 16);
    assert_string_equal(d.waiting[1].state_name, "Kenya");
    assert_false(d.waiting[0].correction);
    assert_true(d.waiting[2].correction);
    assert_int_equal(d.waiting[2].version, 1);
    assert_null(d.waiting[0].comment);
    /* Returned: since the return, with its comment. */
    assert_int_equal(d.nreturned, 1);
    assert_int_equal(d.returned[0].id, bra);
    assert_int_equal(d.returned[0].days, 11);
    assert_string_equal(d.returned[0].comment, "Please complete 2.1.");
    /* The draft waits for nobody. */
    for (size_t i = 0; i < d.nwaiting; i++) assert_true(d.waiting[i].id != chl);
    /* Progress: a published report counts as reported even while its correction waits. */
    assert_int_equal(d.total.submitted, 2);
    assert_int_equal(d.total.reported, 1);
    assert_int_equal(d.total.drafts, 2);
    assert_int_equal(d.total.not_started, d.total.states - 5);
    assert_true(d.total.states >= 193);
    int sum = 0;
    for (size_t i = 0; i < d.nregions; i++) {
        const struct desk_region *g = &d.regions[i];
        assert_int_equal(g->states, g->reported + g->submitted + g->drafts + g->not_started);
        sum += g->states;
    }
    assert_int_equal(sum, d.total.states);
    /* Another cycle: nothing reported. */
    assert_int_equal(desk_get(db, &a, &unoda, 2024, "en", now, &d, &e), 0);
    assert_int_equal(d.cycle, 2024);
    assert_int_equal(d.total.reported + d.total.submitted + d.total.drafts, 0);
    assert_int_equal(d.nwaiting, 3);   /* the lists do not depend on the cycle */
    arena_cleanup(&a);
}

static void test_days_since(void **state)
{
    (void)state;
    assert_int_equal(desk_days_since("2026-12-06T00:00:01Z", now), 0);
    assert_int_equal(desk_days_since("2026-12-05T23:59:59Z", now), 1);
    assert_int_equal(desk_days_since("2025-12-06", now), 365);
    assert_int_equal(desk_days_since("garbage", now), 0);
    assert_int_equal(desk_days_since(NULL, now), 0);
}

static void test_state_reports(void **state)
{
    (void)state;
    struct arena a = ARENA_INIT;
    struct desk_state_report *v;
    size_t n;
    struct err e = ERR_NONE;
    assert_int_equal(desk_state_reports(db, &a, &france, "KEN", now, &v, &n, &e), -1);
    assert_int_equal(e.code, ERR_FORBIDDEN);
    assert_int_equal(desk_state_reports(db, &a, &donor, "KEN", now, &v, &n, &e), -1);
    assert_int_equal(desk_state_reports(db, &a, &kenya, "KEN", now, &v, &n, &e), 0);
    assert_int_equal(n, 1);
    assert_int_equal(v[0].cycle, 2026);
    assert_int_equal(v[0].id, ken);
    assert_string_equal(v[0].tag, "submitted");
    assert_string_equal(v[0].deadline, "2026-03-31");
    assert_int_equal(v[0].days_left, -250);
    /* Returned: the tag and the latest comment. */
    assert_int_equal(desk_state_reports(db, &a, &unoda, "BRA", now, &v, &n, &e), 0);
    assert_string_equal(v[0].tag, "returned");
    assert_string_equal(v[0].comment, "Please complete 2.1.");
    assert_string_equal(v[0].returned_at, "2026-11-25T08:00:00Z");
    /* A draft after the deadline is late; no report at all in the current cycle: late, and it can start. */
    assert_int_equal(desk_state_reports(db, &a, &unoda, "CHL", now, &v, &n, &e), 0);
    assert_string_equal(v[0].tag, "late");
    assert_int_equal(desk_state_reports(db, &a, &unoda, "ARG", now, &v, &n, &e), 0);
    assert_int_equal(n, 1);
    assert_int_equal(v[0].id, 0);
    assert_string_equal(v[0].tag, "late");
    assert_true(v[0].can_start);
    /* Before the deadline: not started, days left. */
    struct tm tm = { .tm_year = 126, .tm_mon = 2, .tm_mday = 21 };
    assert_int_equal(desk_state_reports(db, &a, &unoda, "ARG", timegm(&tm), &v, &n, &e), 0);
    assert_string_equal(v[0].tag, "not_started");
    assert_int_equal(v[0].days_left, 10);
    arena_cleanup(&a);
}

static void audit_save(const char *actor, long long uid, long long id)
{
    char obj[32];
    snprintf(obj, sizeof obj, "report:%lld", id);
    assert_int_equal(store_tx_begin(db), 0);
    assert_int_equal(store_audit_add(db, uid, actor, "report.save", obj, NULL), 0);
    assert_int_equal(store_tx_commit(db), 0);
}

static void event(long long id, long long uid, const char *action, const char *comment)
{
    assert_int_equal(store_tx_begin(db), 0);
    assert_int_equal(store_report_event_add(db, id, uid, action, comment), 0);
    if (strcmp(action, "return") == 0) assert_int_equal(store_report_set_status(db, id, "returned", 0), 0);
    assert_int_equal(store_tx_commit(db), 0);
}

static void test_history(void **state)
{
    (void)state;
    assert_int_equal(store_tx_begin(db), 0);
    ecu = store_report_add(db, "ECU", 2026, "es", false, 0);
    assert_int_equal(store_tx_commit(db), 0);
    event(ecu, 0, "start", NULL);
    audit_save("kenya", kenya.user_id, ecu);
    audit_save("kenya", kenya.user_id, ecu);
    audit_save("unoda", unoda.user_id, ecu);
    audit_save("kenya", kenya.user_id, ecu);
    audit_save("kenya", kenya.user_id, ecu + 1000);   /* another report's */
    event(ecu, 0, "submit", NULL);
    event(ecu, unoda.user_id, "return", "Fix 2.1");

    struct arena a = ARENA_INIT;
    struct report_event_line *l;
    size_t n;
    struct err e = ERR_NONE;
    assert_int_equal(report_history_get(db, &a, &kenya, ecu, &l, &n, &e), -1);   /* not Kenya's report */
    assert_int_equal(e.code, ERR_NOT_FOUND);
    assert_int_equal(report_history_get(db, &a, &public_, ecu, &l, &n, &e), -1);
    assert_int_equal(report_history_get(db, &a, &unoda, 99999, &l, &n, &e), -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
    assert_int_equal(report_history_get(db, &a, &unoda, ecu, &l, &n, &e), 0);
    assert_int_equal(n, 6);
    const char *want[] = { "start", "save", "save", "save", "submit", "return" };
    const int count[] = { 1, 2, 1, 1, 1, 1 };
    for (size_t i = 0; i < 6; i++) {
        assert_string_equal(l[i].action, want[i]);
        assert_int_equal(l[i].count, count[i]);
    }
    assert_string_equal(l[1].actor, "kenya");
    assert_string_equal(l[2].actor, "unoda");
    assert_string_equal(l[5].actor, "unoda");
    assert_string_equal(l[5].comment, "Fix 2.1");

    const char *at, *comment;
    assert_int_equal(report_return_latest(db, &a, &unoda, ecu, &at, &comment, &e), 1);
    assert_string_equal(comment, "Fix 2.1");
    assert_int_equal(report_return_latest(db, &a, &kenya, ken, &at, &comment, &e), 0);   /* submitted: nothing to show */
    assert_null(comment);
    assert_int_equal(report_return_latest(db, &a, &france, bra, &at, &comment, &e), -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
    arena_cleanup(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_desk_who),
        cmocka_unit_test(test_desk_order_and_days),
        cmocka_unit_test(test_days_since),
        cmocka_unit_test(test_state_reports),
        cmocka_unit_test(test_history),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
