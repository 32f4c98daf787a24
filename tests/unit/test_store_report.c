/*
 * Unit tests: store/report, national reports as stored: one report per State and cycle,
 * answers with revisions (a put bumps it, a clear removes the answer), versions frozen from
 * the working answers and never changed or deleted (the triggers refuse even raw SQL),
 * events in order, filters of the report list, and the published answers by question and
 * by cycle (drafts never read).
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

#include "store/internal.h"
#include "unit.h"

UNIT_DB_FIXTURE("store-report", 0)
static long long ken, fra;

static void put(long long id, const char *qid, const char *value)
{
    assert_int_equal(store_tx_begin(db), 0);
    assert_int_equal(store_answer_put(db, id, qid, value, 0), 0);
    assert_int_equal(store_tx_commit(db), 0);
}

static long long rev(long long id, const char *qid, char **value)
{
    assert_int_equal(store_tx_begin(db), 0);
    long long r = store_answer_rev(db, id, qid, value);
    store_tx_rollback(db);
    return r;
}

static void test_one_report_per_state_and_cycle(void **state)
{
    (void)state;
    assert_int_equal(store_tx_begin(db), 0);
    ken = store_report_add(db, "KEN", 2026, "en", false, 0);
    fra = store_report_add(db, "FRA", 2026, "fr", true, 0);
    assert_true(ken > 0 && fra > ken);
    assert_int_equal(store_report_add(db, "KEN", 2026, "fr", false, 0), 0);      /* exists */
    assert_int_equal(store_tx_commit(db), 0);
    assert_int_equal(store_tx_begin(db), 0);
    assert_true(store_report_add(db, "XYZ", 2026, "en", false, 0) < 0);         /* no such State */
    store_tx_rollback(db);
}

struct rep { int n; long long id; char status[16]; int version; bool synthetic; char language[4]; };

static int rep_cb(const struct store_report *r, void *ctx)
{
    struct rep *p = ctx;
    p->n++;
    p->id = r->id;
    snprintf(p->status, sizeof p->status, "%s", r->status);
    p->version = r->version;
    p->synthetic = r->synthetic;
    snprintf(p->language, sizeof p->language, "%s", r->language);
    return 0;
}

static void test_get_find_and_list(void **state)
{
    (void)state;
    struct rep r = { 0 };
    assert_int_equal(store_report_get(db, fra, false, rep_cb, &r), 0);
    assert_string_equal(r.status, "draft");
    assert_int_equal(r.version, 0);
    assert_true(r.synthetic);
    assert_string_equal(r.language, "fr");
    struct rep f = { 0 };
    assert_int_equal(store_report_find(db, "KEN", 2026, false, rep_cb, &f), 0);
    assert_int_equal(f.id, ken);
    assert_int_equal(store_report_find(db, "KEN", 2024, false, rep_cb, &f), 1);
    assert_int_equal(store_report_get(db, 999999, false, rep_cb, &f), 1);
    struct rep all = { 0 }, pub = { 0 }, drafts = { 0 }, kenya = { 0 };
    assert_int_equal(store_reports_each(db, NULL, 0, NULL, false, rep_cb, &all), 0);
    assert_int_equal(all.n, 2);
    assert_int_equal(store_reports_each(db, NULL, 0, NULL, true, rep_cb, &pub), 0);
    assert_int_equal(pub.n, 0);                                   /* nothing published yet */
    assert_int_equal(store_reports_each(db, NULL, 2026, "draft", false, rep_cb, &drafts), 0);
    assert_int_equal(drafts.n, 2);
    assert_int_equal(store_reports_each(db, "KEN", 0, NULL, false, rep_cb, &kenya), 0);
    assert_int_equal(kenya.n, 1);
}

static void test_answers_and_revisions(void **state)
{
    (void)state;
    char *v = NULL;
    assert_int_equal(rev(ken, "coord.body", &v), 0);
    assert_null(v);
    put(ken, "coord.body", "\"yes\"");
    assert_int_equal(rev(ken, "coord.body", &v), 1);
    assert_string_equal(v, "\"yes\"");
    free(v);
    put(ken, "coord.body", "\"no\"");
    assert_int_equal(rev(ken, "coord.body", NULL), 2);
    put(ken, "challenges", "\"O'Brien said \\\"; DROP TABLE report; --\"");
    put(ken, "coord.poc", "{\"name\": \"中国\"}");
    put(ken, "gone", "1");
    put(ken, "gone", NULL);                                       /* cleared: the answer is removed */
    assert_int_equal(rev(ken, "gone", NULL), 0);
}

static int answers_cb(const struct store_answer *a, void *ctx)
{
    json_object_set_new(ctx, a->question, json_loads(a->value, JSON_DECODE_ANY, NULL));
    return 0;
}

static int version_cb(const struct store_version *v, void *ctx)
{
    json_array_append_new(ctx, json_loads(v->answers, 0, NULL));
    return 0;
}

static void test_versions_never_change(void **state)
{
    (void)state;
    json_t *working = json_object();
    assert_int_equal(store_answers_each(db, ken, false, answers_cb, working), 0);
    assert_int_equal(json_object_size(working), 3);
    assert_string_equal(json_string_value(json_object_get(json_object_get(working, "coord.poc"), "name")), "中国");
    assert_int_equal(store_tx_begin(db), 0);
    assert_int_equal(store_report_version_add(db, ken, 1, 0, "first"), 0);
    assert_int_equal(store_report_set_status(db, ken, "published", 1), 0);
    assert_int_equal(store_report_event_add(db, ken, 0, "publish", "first"), 0);
    assert_int_equal(store_tx_commit(db), 0);
    json_t *versions = json_array();
    assert_int_equal(store_report_versions_each(db, ken, version_cb, versions), 0);
    assert_int_equal(json_array_size(versions), 1);
    assert_true(json_equal(json_array_get(versions, 0), working));       /* frozen as they were */
    json_decref(versions);
    /* The working answers change; the version does not. */
    put(ken, "coord.body", "\"developing\"");
    /* Version 1 again, an update, a delete: all refused, whatever the route. */
    assert_int_equal(store_tx_begin(db), 0);
    assert_true(store_report_version_add(db, ken, 1, 0, "again") < 0);
    store_tx_rollback(db);
    assert_int_equal(store_tx_begin(db), 0);
    sqlite3 *w = store_writer(db)->db;
    assert_int_not_equal(sqlite3_exec(w, "UPDATE report_version SET answers = '{}'", NULL, NULL, NULL), SQLITE_OK);
    assert_int_not_equal(sqlite3_exec(w, "DELETE FROM report_version", NULL, NULL, NULL), SQLITE_OK);
    store_tx_rollback(db);
    versions = json_array();
    store_report_versions_each(db, ken, version_cb, versions);
    assert_true(json_equal(json_array_get(versions, 0), working));
    json_decref(versions);
    json_decref(working);
}

static int event_cb(const struct store_event *e, void *ctx)
{
    char *s = ctx;
    strcat(s, e->action);
    strcat(s, " ");
    return 0;
}

static int qa_cb(const char *iso3, const char *name, int cycle, const char *value, void *ctx)
{
    (void)name;
    char *s = ctx;
    char line[128];
    snprintf(line, sizeof line, "%s %d %s;", iso3, cycle, value ? value : "-");
    strcat(s, line);
    return 0;
}

static int ca_cb(const struct store_cycle_answers *a, void *ctx)
{
    char *s = ctx;
    strcat(s, a->iso3);
    strcat(s, " ");
    return 0;
}

static void test_events_and_published_views(void **state)
{
    (void)state;
    char ev[256] = "";
    assert_int_equal(store_report_events_each(db, ken, event_cb, ev), 0);
    assert_string_equal(ev, "publish ");
    /* By question: only published versions; France's draft is not there. */
    put(fra, "coord.body", "\"yes\"");
    char qa[512] = "";
    assert_int_equal(store_question_answers(db, "coord.body", "en", 0, 0, qa_cb, qa), 0);
    assert_string_equal(qa, "KEN 2026 \"no\";");                  /* version 1, not the working "developing" */
    /* Bounded to cycles: 2026 in 2010..2026, none in 2100..2200 (the benchmark cycles are never read). */
    qa[0] = 0;
    assert_int_equal(store_question_answers(db, "coord.body", "en", 2010, 2026, qa_cb, qa), 0);
    assert_string_equal(qa, "KEN 2026 \"no\";");
    qa[0] = 0;
    assert_int_equal(store_question_answers(db, "coord.body", "en", 2100, 2200, qa_cb, qa), 0);
    assert_string_equal(qa, "");
    qa[0] = 0;
    assert_int_equal(store_question_answers(db, "never.asked", "en", 0, 0, qa_cb, qa), 0);
    assert_string_equal(qa, "KEN 2026 -;");                       /* no response */
    qa[0] = 0;
    assert_int_equal(store_question_answers(db, "x\"') OR 1=1 --", "en", 0, 0, qa_cb, qa), 0);
    assert_string_equal(qa, "KEN 2026 -;");
    char ca[256] = "";
    assert_int_equal(store_cycle_answers(db, 2026, "en", NULL, NULL, ca_cb, ca), 0);
    assert_string_equal(ca, "KEN ");
    ca[0] = 0;
    assert_int_equal(store_cycle_answers(db, 2026, "en", "150", NULL, ca_cb, ca), 0);   /* Europe */
    assert_string_equal(ca, "");
    assert_int_equal(store_cycle_answers(db, 2026, "en", NULL, "AFR", ca_cb, ca), 0);
    assert_string_equal(ca, "KEN ");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_one_report_per_state_and_cycle), cmocka_unit_test(test_get_find_and_list),
        cmocka_unit_test(test_answers_and_revisions), cmocka_unit_test(test_versions_never_change),
        cmocka_unit_test(test_events_and_published_views),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
