/*
 * Unit tests: domain/report_view, one report as the asker may see it: a draft is not found
 * for the public, another State or a partner (its existence is not disclosed), the working
 * copy is for the State's focal points and the Secretariat; the actions follow the status
 * and the asker's rights (edit and submit a draft, withdraw a submitted report, publish or
 * return it for the Secretariat only, reopen a published one); values live in the arena.
 * The answers shown (a version, the working copy and what a correction changed), the
 * versions with their notes, the return comment, the list of reports and the events.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/report.h"
#include "domain/report_view.h"
#include "util/arena.h"
#include "unit.h"

static char dbpath[96];
static struct err rerr;   /* the last report operation's error */
static struct store *db;
static struct principal kenya, france, ghana, unoda, donor, public_;

static int setup(void **state)
{
    (void)state;
    setenv("POAISS_TODAY", "2026-02-01", 1);   /* the 2026 cycle is open on this day (domain/cycle.c) */
    db = unit_db_open("report_view", dbpath);
    if (!db) return -1;
    if (unit_user(db, "kenya", "focal_point", "KEN", &kenya) < 0 || unit_user(db, "france", "focal_point", "FRA", &france) < 0 ||
        unit_user(db, "ghana", "focal_point", "GHA", &ghana) < 0 ||
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
    report_start(db, &kenya, "KEN", 2026, &r, &rerr);
    assert_int_equal(rerr.code, ERR_OK);
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
    report_save(db, &kenya, id, changes, &r, &rerr);
    json_decref(changes);
    assert_int_equal(rerr.code, ERR_OK);
    report_result_cleanup(&r);
    report_submit(db, &kenya, id, &r, &rerr);
    assert_int_equal(rerr.code, ERR_OK);
    report_result_cleanup(&r);
    assert_int_equal(view(&a, &kenya, id, true, &v, &e), 0);
    assert_string_equal(v.status, "submitted");
    assert_non_null(v.submitted_at);
    assert_may(&v.may, false, false, true, false, false, false);
    assert_int_equal(view(&a, &unoda, id, true, &v, &e), 0);
    assert_may(&v.may, false, false, false, true, true, false);
    /* Still a draft to the public: never published. */
    assert_int_equal(view(&a, &public_, id, false, &v, &e), -1);

    report_publish(db, &unoda, id, NULL, &r, &rerr);
    assert_int_equal(rerr.code, ERR_OK);
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

/* Run a domain operation's result: it must have succeeded. */
static void ok(struct report_result *r)
{
    if (rerr.code != ERR_OK) fprintf(stderr, "report: %s %s\n", rerr.msg ? rerr.msg : "", rerr.arg ? rerr.arg : "");
    assert_int_equal(rerr.code, ERR_OK);
    report_result_cleanup(r);
}

static void import_(const struct principal *who, long long id, const char *challenges)
{
    struct report_result r;
    json_t *answers = json_pack("{s:{s:s, s:s}, s:s}", "coord.poc", "name", "Marie Curie", "email", "marie@example.org",
                                "challenges", challenges);
    report_import(db, who, id, answers, &r, &rerr);
    json_decref(answers);
    ok(&r);
}

static void test_versions_notes_and_return(void **state)
{
    (void)state;
    struct arena a = ARENA_INIT;
    struct report_view v;
    struct report_shown sh;
    struct err e;
    struct report_result r;
    report_start(db, &france, "FRA", 2026, &r, &rerr);
    long long id = r.id;
    ok(&r);
    import_(&france, id, "First text.");
    report_submit(db, &france, id, &r, &rerr); ok(&r);
    report_return(db, &unoda, id, "Add the national laws.", &r, &rerr); ok(&r);
    /* Returned: the comment for France and the Secretariat, with its date; nothing for the others. */
    assert_int_equal(view(&a, &france, id, true, &v, &e), 0);
    assert_string_equal(v.status, "returned");
    assert_string_equal(v.shown_status, "returned");
    assert_string_equal(v.return_comment, "Add the national laws.");
    assert_non_null(v.returned_at);
    assert_true(v.may.edit && v.may.author);
    assert_int_equal(view(&a, &unoda, id, true, &v, &e), 0);
    assert_string_equal(v.return_comment, "Add the national laws.");
    assert_int_equal(view(&a, &ghana, id, false, &v, &e), -1);
    report_submit(db, &france, id, &r, &rerr); ok(&r);
    assert_int_equal(view(&a, &france, id, true, &v, &e), 0);
    assert_null(v.return_comment);   /* no longer returned */
    report_publish(db, &unoda, id, "First.", &r, &rerr); ok(&r);
    report_reopen(db, &france, id, &r, &rerr); ok(&r);
    import_(&france, id, "Second text.");
    report_submit(db, &france, id, &r, &rerr); ok(&r);
    report_publish(db, &unoda, id, "Fixed the challenges.", &r, &rerr); ok(&r);
    report_reopen(db, &france, id, &r, &rerr); ok(&r);
    import_(&france, id, "Third text, not yet published.");

    /* The public: "published", the latest version with its changes from version 1; version 1 on request. */
    assert_int_equal(view(&a, &public_, id, false, &v, &e), 0);
    assert_string_equal(v.shown_status, "published");
    assert_int_equal(v.version, 2);
    assert_null(v.return_comment);
    assert_int_equal(report_view_answers(db, &a, &v, 0, true, &sh, &e), 0);   /* working asked: not for the public */
    assert_int_equal(sh.version, 2);
    assert_int_equal(sh.count, 2);
    assert_null(sh.revs);
    assert_int_equal(sh.since, 0);
    assert_string_equal(json_string_value(json_object_get(sh.answers, "challenges")), "Second text.");
    assert_string_equal(sh.note, "Fixed the challenges.");
    assert_int_equal(json_array_size(sh.diff), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(sh.diff, 0), "question")), "challenges");
    /* Every version, oldest first, with its note and its changes (none for the first). */
    assert_int_equal(sh.versions[0].version, 1);
    assert_string_equal(sh.versions[0].note, "First.");
    assert_null(sh.versions[0].changes);
    assert_non_null(sh.versions[0].published_at);
    assert_int_equal(sh.versions[1].version, 2);
    assert_string_equal(sh.versions[1].note, "Fixed the challenges.");
    assert_int_equal(json_array_size(sh.versions[1].changes), 1);
    report_shown_cleanup(&sh);
    assert_int_equal(report_view_answers(db, &a, &v, 1, false, &sh, &e), 0);
    assert_int_equal(sh.version, 1);
    assert_string_equal(json_string_value(json_object_get(sh.answers, "challenges")), "First text.");
    assert_null(sh.diff);
    report_shown_cleanup(&sh);

    /* France's working copy of the correction: what changed since version 2, with the revisions. */
    assert_int_equal(view(&a, &france, id, true, &v, &e), 0);
    assert_string_equal(v.shown_status, "draft");
    assert_int_equal(report_view_answers(db, &a, &v, 0, true, &sh, &e), 0);
    assert_int_equal(sh.version, 0);
    assert_int_equal(sh.since, 2);
    assert_int_equal(sh.count, 2);
    assert_non_null(sh.revs);
    assert_true(json_integer_value(json_object_get(sh.revs, "challenges")) > 0);
    assert_string_equal(json_string_value(json_object_get(sh.answers, "challenges")), "Third text, not yet published.");
    assert_int_equal(json_array_size(sh.diff), 1);
    report_shown_cleanup(&sh);
    /* Not asking for the working copy: the latest version, also for France. */
    assert_int_equal(report_view_answers(db, &a, &v, 0, false, &sh, &e), 0);
    assert_int_equal(sh.version, 2);
    assert_int_equal(sh.since, 0);
    report_shown_cleanup(&sh);

    /* The events, oldest first, with the return comment and the publication notes; not for the public. */
    struct report_event *ev;
    size_t n;
    assert_int_equal(report_view_events(db, &a, &v, &ev, &n, &e), 0);
    assert_true(n >= 8);
    assert_string_equal(ev[0].action, "start");
    assert_string_equal(ev[0].actor, "france");
    bool returned = false, noted = false;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(ev[i].action, "return") == 0) returned = ev[i].comment && strcmp(ev[i].comment, "Add the national laws.") == 0;
        if (strcmp(ev[i].action, "publish") == 0 && ev[i].comment && strcmp(ev[i].comment, "Fixed the challenges.") == 0) noted = true;
    }
    assert_true(returned);
    assert_true(noted);
    assert_int_equal(view(&a, &public_, id, false, &v, &e), 0);
    assert_int_equal(report_view_events(db, &a, &v, &ev, &n, &e), -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
    assert_int_equal(n, 0);
    /* The State's name, in the asked language, else its code. */
    assert_string_equal(report_view_state_name(db, &a, &v, "fr"), "France");
    arena_cleanup(&a);
}

/* Find report id in a list; NULL when it is not there. */
static const struct report_view *in_list(const struct report_view *v, size_t n, long long id)
{
    for (size_t i = 0; i < n; i++)
        if (v[i].id == id) return &v[i];
    return NULL;
}

static void test_list(void **state)
{
    (void)state;
    struct arena a = ARENA_INIT;
    struct err e;
    struct report_result r;
    report_start(db, &ghana, "GHA", 2026, &r, &rerr);
    long long gha = r.id;
    ok(&r);
    struct report_view *v, one;
    size_t n;
    /* The public: published reports only (Kenya's and France's), status "published", never Ghana's draft. */
    struct report_filter all = { NULL, 2026, NULL };
    assert_int_equal(report_view_list(db, &a, &public_, &all, &v, &n, &e), 0);
    assert_true(n >= 2);
    assert_null(in_list(v, n, gha));
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(v[i].shown_status, "published");
        assert_false(v[i].draft_view);
        assert_true(v[i].version > 0);
        /* late, the status shown and the actions: the same as report_view_get decides for the report. */
        assert_int_equal(report_view_get(db, &a, &public_, v[i].id, false, &one, &e), 0);
        assert_int_equal(v[i].late, one.late);
        assert_string_equal(v[i].shown_status, one.shown_status);
    }
    /* Ghana's focal point sees its draft in the list, with its actions; the Secretariat sees it too. */
    assert_int_equal(report_view_list(db, &a, &ghana, &all, &v, &n, &e), 0);
    const struct report_view *g = in_list(v, n, gha);
    assert_non_null(g);
    assert_string_equal(g->shown_status, "draft");
    assert_true(g->may.edit);
    assert_false(g->late);   /* never submitted */
    assert_int_equal(report_view_list(db, &a, &unoda, &all, &v, &n, &e), 0);
    assert_non_null(in_list(v, n, gha));
    /* Filters: a State; the working status; "published" (a published version, whatever the working copy). */
    struct report_filter fra = { "FRA", 0, NULL };
    assert_int_equal(report_view_list(db, &a, &unoda, &fra, &v, &n, &e), 0);
    assert_int_equal(n, 1);
    assert_string_equal(v[0].iso3, "FRA");
    struct report_filter drafts = { NULL, 0, "draft" };
    assert_int_equal(report_view_list(db, &a, &unoda, &drafts, &v, &n, &e), 0);
    assert_non_null(in_list(v, n, gha));
    for (size_t i = 0; i < n; i++) assert_string_equal(v[i].status, "draft");
    struct report_filter published = { NULL, 0, "published" };
    assert_int_equal(report_view_list(db, &a, &unoda, &published, &v, &n, &e), 0);
    assert_null(in_list(v, n, gha));
    for (size_t i = 0; i < n; i++) assert_true(v[i].version > 0);
    /* A status that does not exist: refused, whoever asks. */
    struct report_filter bad = { NULL, 0, "deleted" };
    assert_int_equal(report_view_list(db, &a, &unoda, &bad, &v, &n, &e), -1);
    assert_int_equal(e.code, ERR_INVALID);
    assert_int_equal(n, 0);
    /* A State with no report: an empty list. */
    struct report_filter none = { "NOR", 0, NULL };
    assert_int_equal(report_view_list(db, &a, &public_, &none, &v, &n, &e), 0);
    assert_int_equal(n, 0);
    arena_cleanup(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_draft_visibility), cmocka_unit_test(test_actions_follow_status),
        cmocka_unit_test(test_versions_notes_and_return), cmocka_unit_test(test_list),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
