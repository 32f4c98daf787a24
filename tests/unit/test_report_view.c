/*
 * Unit tests: domain/report_view, one report as the asker may see it: a draft is not found
 * for the public, another State or a partner (its existence is not disclosed), the working
 * copy is for the State's focal points and the Secretariat; the actions follow the status
 * and the asker's rights (edit and submit a draft, withdraw a submitted report, publish or
 * return it for the Secretariat only, reopen a published one); values live in the arena.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "domain/report.h"
#include "domain/report_view.h"
#include "util/arena.h"
#include "unit.h"

static char dbpath[96];
static struct store *db;
static struct principal kenya, france, unoda, donor, public_;

static int setup(void **state)
{
    (void)state;
    setenv("POAISS_TODAY", "2026-02-01", 1);   /* the 2026 cycle is open on this day (domain/cycle.c) */
    db = unit_db_open("report_view", dbpath);
    if (!db) return -1;
    if (unit_user(db, "kenya", "focal_point", "KEN", &kenya) < 0 || unit_user(db, "france", "focal_point", "FRA", &france) < 0 ||
        unit_user(db, "unoda", "secretariat", NULL, &unoda) < 0 || unit_user(db, "donor", "partner", NULL, &donor) < 0)
        return -1;
    auth_public(&public_);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    store_close(db);
    unit_db_remove(dbpath);
    return 0;
}

static long long start_ken(void)
{
    struct report_result r;
    report_start(db, &kenya, "KEN", 2026, &r);
    assert_int_equal(r.code, REPORT_OK);
    long long id = r.id;
    report_result_cleanup(&r);
    return id;
}

/* The view of id for who; the return code of report_view_get, with e filled. */
static int view(struct arena *a, const struct principal *who, long long id, bool need_draft, struct report_view *v, struct err *e)
{
    *e = ERR_NONE;
    return report_view_get(db, a, who, id, need_draft, v, e);
}

static void test_draft_visibility(void **state)
{
    (void)state;
    struct arena a = ARENA_INIT;
    long long id = start_ken();
    struct report_view v;
    struct err e;
    /* Not found for whoever may not see a draft, with or without need_draft_view. */
    const struct principal *outsiders[] = { &public_, &france, &donor, NULL };
    for (int i = 0; i < 3; i++) {
        assert_int_equal(view(&a, outsiders[i], id, false, &v, &e), -1);
        assert_int_equal(e.code, ERR_NOT_FOUND);
        assert_null(v.iso3);
    }
    assert_int_equal(view(&a, NULL, id, false, &v, &e), -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
    /* No such report. */
    assert_int_equal(view(&a, &unoda, id + 1000, false, &v, &e), -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
    /* The State's focal point and the Secretariat see the working copy; values in the arena. */
    assert_int_equal(view(&a, &kenya, id, true, &v, &e), 0);
    assert_true(v.draft_view);
    assert_int_equal(v.id, id);
    assert_string_equal(v.iso3, "KEN");
    assert_string_equal(v.status, "draft");
    assert_int_equal(v.cycle, 2026);
    assert_int_equal(v.version, 0);
    assert_true(a.used > 0);
    assert_int_equal(view(&a, &unoda, id, true, &v, &e), 0);
    assert_true(v.draft_view);
    /* Nothing published: the working copy, for those who may see it. */
    struct report_shown sh;
    assert_int_equal(report_view_answers(db, &a, &v, 0, false, &sh, &e), 0);
    assert_int_equal(sh.version, 0);
    assert_int_equal(sh.count, 0);
    report_shown_cleanup(&sh);
    arena_cleanup(&a);
}

static void assert_may(const struct report_actions *m, bool edit, bool submit, bool withdraw, bool publish, bool ret, bool reopen)
{
    assert_int_equal(m->edit, edit);
    assert_int_equal(m->submit, submit);
    assert_int_equal(m->withdraw, withdraw);
    assert_int_equal(m->publish, publish);
    assert_int_equal(m->return_, ret);
    assert_int_equal(m->reopen, reopen);
}

static void test_actions_follow_status(void **state)
{
    (void)state;
    struct arena a = ARENA_INIT;
    struct report_view v;
    struct err e;
    long long id = start_ken();   /* the same report as above: still a draft */
    assert_int_equal(view(&a, &kenya, id, true, &v, &e), 0);
    assert_may(&v.may, true, true, false, false, false, false);
    assert_int_equal(view(&a, &unoda, id, true, &v, &e), 0);
    assert_may(&v.may, false, false, false, false, false, false);

    struct report_result r;
    json_t *changes = json_pack("[{s:s, s:{s:s, s:s}, s:i}]", "question", "coord.poc", "value", "name", "Jane Wanjiru",
                                "email", "jane@example.org", "rev", 0);
    report_save(db, &kenya, id, changes, &r);
    json_decref(changes);
    assert_int_equal(r.code, REPORT_OK);
    report_result_cleanup(&r);
    report_submit(db, &kenya, id, &r);
    assert_int_equal(r.code, REPORT_OK);
    report_result_cleanup(&r);
    assert_int_equal(view(&a, &kenya, id, true, &v, &e), 0);
    assert_string_equal(v.status, "submitted");
    assert_non_null(v.submitted_at);
    assert_may(&v.may, false, false, true, false, false, false);
    assert_int_equal(view(&a, &unoda, id, true, &v, &e), 0);
    assert_may(&v.may, false, false, false, true, true, false);
    /* Still a draft to the public: never published. */
    assert_int_equal(view(&a, &public_, id, false, &v, &e), -1);

    report_publish(db, &unoda, id, NULL, &r);
    assert_int_equal(r.code, REPORT_OK);
    report_result_cleanup(&r);
    assert_int_equal(view(&a, &kenya, id, true, &v, &e), 0);
    assert_int_equal(v.version, 1);
    assert_may(&v.may, false, false, false, false, false, true);
    /* The public sees the published version, without the working copy and without actions. */
    assert_int_equal(view(&a, &public_, id, false, &v, &e), 0);
    assert_false(v.draft_view);
    assert_may(&v.may, false, false, false, false, false, false);
    assert_int_equal(view(&a, &public_, id, true, &v, &e), -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
    /* What is shown: the published version to the public (no working copy even when asked), the working copy to Kenya. */
    struct report_shown sh;
    assert_int_equal(view(&a, &public_, id, false, &v, &e), 0);
    assert_int_equal(report_view_answers(db, &a, &v, 0, true, &sh, &e), 0);
    assert_int_equal(sh.version, 1);
    assert_int_equal(sh.count, 1);
    assert_non_null(sh.published_at);
    assert_string_equal(json_string_value(json_object_get(json_object_get(sh.answers, "coord.poc"), "name")), "Jane Wanjiru");
    assert_null(sh.diff);
    report_shown_cleanup(&sh);
    assert_int_equal(report_view_answers(db, &a, &v, 2, false, &sh, &e), -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
    assert_null(sh.answers);
    assert_int_equal(view(&a, &kenya, id, true, &v, &e), 0);
    assert_int_equal(report_view_answers(db, &a, &v, 0, true, &sh, &e), 0);
    assert_int_equal(sh.version, 0);
    assert_null(sh.published_at);
    assert_non_null(sh.answers);
    report_shown_cleanup(&sh);
    /* Another State's focal point may not act on it either. */
    struct report_actions m = report_view_actions(&france, "KEN", "published");
    assert_may(&m, false, false, false, false, false, false);
    m = report_view_actions(NULL, "KEN", "draft");
    assert_may(&m, false, false, false, false, false, false);
    arena_cleanup(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_draft_visibility), cmocka_unit_test(test_actions_follow_status),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
