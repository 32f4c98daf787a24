/* Unit tests: domain/cycle — status from the dates at each boundary, the current cycle,
 * late reports, opening a cycle (validation, template reuse, audit) and changing its dates. */
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
#include "domain/cycle.h"
#include "domain/setup.h"
#include "domain/template.h"
#include "store/store.h"
#include "util/arena.h"
#include "unit.h"

static struct cycle cyc(int year, const char *opens, const char *deadline, const char *starts, const char *ends)
{
    return (struct cycle){ .year = year, .meeting = starts ? "BMSX" : NULL, .starts = starts, .ends = ends,
                           .opens = opens, .deadline = deadline };
}

static void test_status_boundaries(void **state)
{
    (void)state;
    struct cycle c = cyc(2028, "2027-06-01", "2028-03-31", "2028-06-05", "2028-06-09");
    assert_int_equal(cycle_status_on(&c, "2027-05-31"), CYCLE_PLANNED);
    assert_int_equal(cycle_status_on(&c, "2027-06-01"), CYCLE_OPEN);        /* the opening day is open */
    assert_int_equal(cycle_status_on(&c, "2028-03-31"), CYCLE_OPEN);        /* so is the deadline */
    assert_int_equal(cycle_status_on(&c, "2028-04-01"), CYCLE_DEADLINE_PASSED);
    assert_int_equal(cycle_status_on(&c, "2028-06-09"), CYCLE_DEADLINE_PASSED);  /* the meeting's last day */
    assert_int_equal(cycle_status_on(&c, "2028-06-10"), CYCLE_CLOSED);
    /* No meeting fixed: never closed by the calendar alone. */
    struct cycle nm = cyc(2028, "2027-06-01", "2028-03-31", NULL, NULL);
    assert_int_equal(cycle_status_on(&nm, "2031-01-01"), CYCLE_DEADLINE_PASSED);
    /* Benchmark cycles are history. */
    struct cycle bench = cyc(2100, "2100-01-01", "2100-03-31", NULL, NULL);
    assert_int_equal(cycle_status_on(&bench, "2026-12-06"), CYCLE_CLOSED);
    assert_string_equal(cycle_status_id(CYCLE_DEADLINE_PASSED), "deadline_passed");
    assert_string_equal(cycle_status_id(CYCLE_PLANNED), "planned");
}

static void test_dates(void **state)
{
    (void)state;
    assert_int_equal(cycle_date_days("1970-01-01"), 0);
    assert_true(cycle_date_days("2028-02-29") > 0);
    assert_int_equal(cycle_date_days("2026-02-29"), -1);
    assert_int_equal(cycle_date_days("2026-13-01"), -1);
    assert_int_equal(cycle_date_days("2026-4-01"), -1);
    assert_int_equal(cycle_date_days(NULL), -1);
    assert_int_equal(cycle_days_between("2026-12-06", "2028-03-31"), 481);
    assert_int_equal(cycle_days_between("2026-04-01", "2026-03-31"), -1);
    setenv("POAISS_TODAY", "2027-01-02", 1);
    char today[11];
    cycle_today(today);
    assert_string_equal(today, "2027-01-02");
    setenv("POAISS_TODAY", "not a date", 1);   /* ignored: the real date */
    cycle_today(today);
    assert_true(cycle_date_days(today) > cycle_date_days("2026-01-01"));
    setenv("POAISS_TODAY", "2026-12-06", 1);
}

static void test_current(void **state)
{
    (void)state;
    struct cycle v[4] = {
        cyc(2030, "2028-07-01", "2030-03-31", "2030-06-17", "2030-06-28"),
        cyc(2028, "2026-12-01", "2028-03-31", "2028-06-05", "2028-06-09"),
        cyc(2026, "2026-01-01", "2026-03-31", "2026-06-01", "2026-06-05"),
        cyc(2024, "2024-01-01", "2024-03-31", "2024-06-18", "2024-06-28"),
    };
    const char *days[] = { "2026-05-01", "2026-12-06", "2028-04-15", "2028-06-20", "2030-07-01" };
    int want[] = { 2028, 2028, 2030, 2030, 0 };   /* open, else the next planned, else the deadline passed */
    int last[] = { 2024, 2026, 2026, 2028, 2030 };
    for (size_t d = 0; d < 5; d++) {
        for (size_t i = 0; i < 4; i++) v[i].status = cycle_status_on(&v[i], days[d]);
        const struct cycle *c = cycle_current(v, 4), *l = cycle_last_closed(v, 4);
        assert_int_equal(c ? c->year : 0, want[d]);
        assert_int_equal(l ? l->year : 0, last[d]);
    }
    /* On 2026-05-01, with no later cycle planned, the 2026 deadline has passed but BMS9 is still to come:
       that is the current cycle. */
    for (size_t i = 2; i < 4; i++) v[i].status = cycle_status_on(&v[i], "2026-05-01");
    assert_int_equal(cycle_current(v + 2, 2)->year, 2026);
    assert_int_equal(cycle_current(v + 2, 2)->status, CYCLE_DEADLINE_PASSED);
    assert_true(cycle_allows_start(CYCLE_OPEN));
    assert_true(cycle_allows_start(CYCLE_DEADLINE_PASSED));
    assert_false(cycle_allows_start(CYCLE_PLANNED));
    assert_false(cycle_allows_start(CYCLE_CLOSED));
}

static void test_late(void **state)
{
    (void)state;
    struct cycle c = cyc(2026, "2026-01-01", "2026-03-31", "2026-06-01", "2026-06-05");
    assert_false(cycle_report_late(&c, "2026-03-31T23:59:59Z"));
    assert_true(cycle_report_late(&c, "2026-04-01T00:00:00Z"));
    assert_false(cycle_report_late(&c, NULL));
    assert_false(cycle_report_late(NULL, "2026-04-01T00:00:00Z"));
    assert_false(cycle_report_late(&c, "garbage"));
}

/* ---- with a database ---- */

/* A new database for each test below, on 2026-12-06 (the tests above move the day). */
UNIT_DB_FIXTURE("cycle", setenv("POAISS_TODAY", "2026-12-06", 1))

static struct principal as(enum role role)
{
    struct principal p;
    auth_public(&p);
    p.role = role;
    p.user_id = 0;
    snprintf(p.username, sizeof p.username, "%s", "tester");
    if (role == ROLE_FOCAL_POINT) snprintf(p.state_iso3, sizeof p.state_iso3, "KEN");
    return p;
}

struct audit_count { int open, change; };

static int audit_cb(const struct store_audit *a, void *ctx)
{
    struct audit_count *n = ctx;
    if (strcmp(a->action, "cycle.open") == 0 && strcmp(a->object, "cycle:2028") == 0) n->open++;
    if (strcmp(a->action, "cycle.change") == 0 && strcmp(a->object, "cycle:2028") == 0) n->change++;
    return 0;
}

static void test_real_data_today(void **state)
{
    struct store *s = *state;
    struct arena a = ARENA_INIT;
    struct cycle *v;
    size_t n;
    assert_int_equal(cycle_list(s, &a, &v, &n, NULL), 0);
    assert_true(n >= 13);
    assert_int_equal(v[0].year, 2026);                        /* newest first; 2028 is not open yet */
    assert_int_equal(v[0].status, CYCLE_CLOSED);              /* BMS9 met 1-5 June 2026 */
    assert_string_equal(v[0].deadline, "2026-03-31");
    assert_null(cycle_current(v, n));
    assert_int_equal(cycle_last_closed(v, n)->year, 2026);
    for (size_t i = 0; i < n; i++) assert_int_equal(v[i].status, CYCLE_CLOSED);
    arena_cleanup(&a);
}

static int nproblems(const struct cycle_problems *pb, enum cycle_field f) { return pb->msg[f] != NULL; }

static void test_open_validation(void **state)
{
    struct store *s = *state;
    struct arena a = ARENA_INIT;
    struct cycle_problems pb;
    struct err e = ERR_NONE;
    struct principal fp = as(ROLE_FOCAL_POINT), sec = as(ROLE_SECRETARIAT);
    struct cycle_new ok = { "2028", "BMS10", "Tenth Biennial Meeting of States (BMS10)", "2028-06-05", "2028-06-09",
                            "2026-12-01", "2028-03-31" };

    assert_int_equal(cycle_open(s, &a, &fp, &ok, false, NULL, &pb, &e), -1);
    assert_int_equal(e.code, ERR_FORBIDDEN);

    struct cycle_new empty = { 0 };
    assert_int_equal(cycle_open(s, &a, &sec, &empty, false, NULL, &pb, &e), -1);
    assert_int_equal(e.code, ERR_INVALID);
    assert_true(nproblems(&pb, CYCLE_FIELD_YEAR) && nproblems(&pb, CYCLE_FIELD_MEETING) &&
                nproblems(&pb, CYCLE_FIELD_OPENS) && nproblems(&pb, CYCLE_FIELD_DEADLINE));
    assert_int_equal(pb.n, 4);                                /* every field at once */

    struct cycle_new odd = ok; odd.year = "2027";
    assert_int_equal(cycle_open(s, &a, &sec, &odd, false, NULL, &pb, &e), -1);
    assert_true(nproblems(&pb, CYCLE_FIELD_YEAR));
    struct cycle_new dup = ok; dup.year = "2026";
    assert_int_equal(cycle_open(s, &a, &sec, &dup, false, NULL, &pb, &e), -1);
    assert_string_equal(pb.arg[CYCLE_FIELD_YEAR], "2026");
    struct cycle_new before = ok; before.year = "2022";
    assert_int_equal(cycle_open(s, &a, &sec, &before, false, NULL, &pb, &e), -1);
    assert_true(nproblems(&pb, CYCLE_FIELD_YEAR));
    struct cycle_new words = ok; words.year = "twenty";
    assert_int_equal(cycle_open(s, &a, &sec, &words, false, NULL, &pb, &e), -1);
    assert_true(nproblems(&pb, CYCLE_FIELD_YEAR));

    struct cycle_new backwards = ok; backwards.deadline = "2026-11-30";
    assert_int_equal(cycle_open(s, &a, &sec, &backwards, false, NULL, &pb, &e), -1);
    assert_true(nproblems(&pb, CYCLE_FIELD_DEADLINE));
    assert_int_equal(pb.n, 1);
    struct cycle_new early = ok; early.starts = "2028-03-01"; early.ends = "2028-03-05";
    assert_int_equal(cycle_open(s, &a, &sec, &early, false, NULL, &pb, &e), -1);
    assert_true(nproblems(&pb, CYCLE_FIELD_STARTS));
    struct cycle_new inverted = ok; inverted.ends = "2028-06-01";
    assert_int_equal(cycle_open(s, &a, &sec, &inverted, false, NULL, &pb, &e), -1);
    assert_true(nproblems(&pb, CYCLE_FIELD_ENDS));
    struct cycle_new baddate = ok; baddate.opens = "2027-02-30";
    assert_int_equal(cycle_open(s, &a, &sec, &baddate, false, NULL, &pb, &e), -1);
    assert_true(nproblems(&pb, CYCLE_FIELD_OPENS));
    struct cycle_new used = ok; used.meeting = "BMS9";
    assert_int_equal(cycle_open(s, &a, &sec, &used, false, NULL, &pb, &e), -1);
    assert_true(nproblems(&pb, CYCLE_FIELD_MEETING));
    struct cycle_new noname = ok; noname.meeting_name = "";
    assert_int_equal(cycle_open(s, &a, &sec, &noname, false, NULL, &pb, &e), -1);
    assert_true(nproblems(&pb, CYCLE_FIELD_MEETING_NAME));
    /* At most 200 characters, not bytes: 200 Arabic letters (400 bytes) are a name, 201 are not. */
    char arabic[2 * 201 + 1];
    for (int i = 0; i < 201; i++) memcpy(arabic + 2 * i, "\xd8\xa7", 2);   /* U+0627 ARABIC LETTER ALEF */
    arabic[2 * 200] = '\0';
    struct cycle_new longname = ok; longname.meeting_name = arabic;
    assert_int_equal(cycle_open(s, &a, &sec, &longname, false, NULL, &pb, &e), 0);
    arabic[2 * 200] = '\xd8';
    arabic[2 * 201] = '\0';
    arabic[2 * 200 + 1] = '\xa7';
    assert_int_equal(cycle_open(s, &a, &sec, &longname, false, NULL, &pb, &e), -1);
    assert_true(nproblems(&pb, CYCLE_FIELD_MEETING_NAME));
    struct cycle_new nodates = ok; nodates.meeting = "RevCon5"; nodates.starts = nodates.ends = NULL;
    assert_int_equal(cycle_open(s, &a, &sec, &nodates, false, NULL, &pb, &e), -1);  /* RevCon5 has no dates yet */
    assert_true(nproblems(&pb, CYCLE_FIELD_STARTS));

    /* A check without saving: valid, nothing stored. */
    struct cycle c;
    assert_int_equal(cycle_open(s, &a, &sec, &ok, false, &c, &pb, &e), 0);
    assert_int_equal(c.status, CYCLE_OPEN);
    assert_int_equal(c.template_year, 2026);
    struct cycle got;
    assert_int_equal(cycle_read(s, &a, 2028, &got, &e), -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
    arena_cleanup(&a);
}

static void test_open_and_change(void **state)
{
    struct store *s = *state;
    struct arena a = ARENA_INIT;
    struct cycle_problems pb;
    struct err e = ERR_NONE;
    struct principal sec = as(ROLE_SECRETARIAT), admin = as(ROLE_ADMIN), fp = as(ROLE_FOCAL_POINT);
    assert_null(template_get(2028));
    struct cycle_new in = { "2028", "BMS10", "Tenth Biennial Meeting of States (BMS10)", "2028-06-05", "2028-06-09",
                            "2026-12-01", "2028-03-31" };
    struct cycle c;
    assert_int_equal(cycle_open(s, &a, &sec, &in, true, &c, &pb, &e), 0);
    /* The template is the previous cycle's: template_get(2028) answers with 2026's. */
    assert_non_null(template_get(2028));
    assert_ptr_equal(template_get(2028), template_get(2026));
    assert_int_equal(template_get(2028)->cycle, 2026);
    struct cycle got;
    assert_int_equal(cycle_read(s, &a, 2028, &got, &e), 0);
    assert_int_equal(got.status, CYCLE_OPEN);
    assert_int_equal(got.template_year, 2026);
    assert_string_equal(got.meeting, "BMS10");
    assert_string_equal(got.meeting_kind, "BMS");
    struct cycle *v;
    size_t n;
    assert_int_equal(cycle_list(s, &a, &v, &n, &e), 0);
    assert_int_equal(cycle_current(v, n)->year, 2028);

    /* No duplicate. */
    assert_int_equal(cycle_open(s, &a, &sec, &in, true, &c, &pb, &e), -1);
    assert_true(nproblems(&pb, CYCLE_FIELD_YEAR));

    /* Changing dates: not for focal points, not for a closed cycle, and by the same rules. */
    struct cycle_dates d = { NULL, "2028-04-30", NULL, NULL };
    assert_int_equal(cycle_change(s, &a, &fp, 2028, &d, true, NULL, &pb, &e), -1);
    assert_int_equal(e.code, ERR_FORBIDDEN);
    assert_int_equal(cycle_change(s, &a, &sec, 2026, &d, true, NULL, &pb, &e), -1);
    assert_int_equal(e.code, ERR_STATE);
    assert_int_equal(cycle_change(s, &a, &sec, 2032, &d, true, NULL, &pb, &e), -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
    struct cycle_dates bad = { NULL, "2028-07-01", NULL, NULL };      /* after the meeting starts */
    assert_int_equal(cycle_change(s, &a, &sec, 2028, &bad, true, NULL, &pb, &e), -1);
    assert_true(nproblems(&pb, CYCLE_FIELD_STARTS));
    assert_int_equal(cycle_change(s, &a, &admin, 2028, &d, true, &c, &pb, &e), 0);
    assert_int_equal(cycle_read(s, &a, 2028, &got, &e), 0);
    assert_string_equal(got.deadline, "2028-04-30");
    struct cycle_dates m = { NULL, NULL, "2028-06-12", "2028-06-16" };
    assert_int_equal(cycle_change(s, &a, &sec, 2028, &m, true, &c, &pb, &e), 0);
    assert_int_equal(cycle_read(s, &a, 2028, &got, &e), 0);
    assert_string_equal(got.starts, "2028-06-12");
    assert_string_equal(got.ends, "2028-06-16");

    /* Late from the deadline as changed. */
    assert_false(cycle_submission_late(s, 2028, "2028-04-30T10:00:00Z"));
    assert_true(cycle_submission_late(s, 2028, "2028-05-01T10:00:00Z"));

    struct audit_count ac = { 0, 0 };
    store_audit_each(s, 100, audit_cb, &ac);
    assert_int_equal(ac.open, 1);
    assert_int_equal(ac.change, 2);

    /* The next cycle reuses the template the one before it reuses: 2026's. */
    struct cycle_new next = { "2030", "RevCon5", NULL, "2030-06-17", "2030-06-28", "2028-07-01", "2030-03-31" };
    assert_int_equal(cycle_open(s, &a, &sec, &next, true, &c, &pb, &e), 0);
    assert_int_equal(c.template_year, 2026);
    assert_int_equal(c.status, CYCLE_PLANNED);
    assert_ptr_equal(template_get(2030), template_get(2026));
    assert_null(template_get(2032));
    arena_cleanup(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_status_boundaries),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_current),
        cmocka_unit_test(test_late),
        cmocka_unit_test_setup_teardown(test_real_data_today, setup, teardown),
        cmocka_unit_test_setup_teardown(test_open_validation, setup, teardown),
        cmocka_unit_test_setup_teardown(test_open_and_change, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
