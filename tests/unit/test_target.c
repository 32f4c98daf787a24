/*
 * Unit tests for domain/target.c and store/target.c: who may set which target (a State's
 * focal points, the Secretariat for a region, nobody else), every field checked at once with
 * its field named, progress recorded and read with the points the State's published answers
 * give (a draft never counts; a later version is followed), the list's filters, the audit
 * entries, the report's pre-fill of coord.targets and its details, and the figure of the path.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/target.h"
#include "util/arena.h"
#include "util/i18n.h"
#include "unit.h"
#include "xview_fixture.h"

static struct principal kenya, france, unoda, donor, public_;
static int arrange(void);
UNIT_DB_FIXTURE("target", arrange())

static int arrange(void)
{
    unit_user(db, "kenya", "focal_point", "KEN", &kenya);
    unit_user(db, "france", "focal_point", "FRA", &france);
    unit_user(db, "unoda", "secretariat", NULL, &unoda);
    unit_user(db, "donor", "partner", NULL, &donor);
    auth_public(&public_);
    i18n_init();
    i18n_set_lang("en");
    /* Kenya's published reports: 2022 and 2024 give the surplus count; the 2026 draft must never count. */
    xv_report(db, "KEN", 2022, "{\"surplus.identified\": \"yes\", \"surplus.identified.count\": 120}", false);
    xv_report(db, "KEN", 2024, "{\"surplus.identified\": \"yes\", \"surplus.identified.count\": 340}", false);
    xv_report(db, "KEN", 2026, "{\"surplus.identified\": \"yes\", \"surplus.identified.count\": 999}", true);
    return 0;
}

static json_t *js(const char *s)
{
    json_error_t e;
    json_t *v = json_loads(s, 0, &e);
    if (!v) fail_msg("bad JSON %s: %s", s, e.text);
    return v;
}

static long long create(const struct principal *who, const char *body, struct assist_field_errors *errs, struct err *e)
{
    json_t *in = js(body);
    long long id = target_create(db, who, in, errs, e);
    json_decref(in);
    return id;
}

static bool has_error(const struct assist_field_errors *errs, const char *field)
{
    for (size_t i = 0; i < errs->n; i++)
        if (strcmp(errs->v[i].field, field) == 0) return true;
    return false;
}

#define KEN_TARGET \
    "{\"title\": \"Mark every State-owned weapon\", \"paragraphs\": [\"PoA II.8\", \"ITI 8a\", \"PoA II.8\"], " \
    "\"indicator\": \"Share marked\", \"unit\": \"per cent\", \"baseline_value\": 35, \"baseline_year\": 2020, " \
    "\"target_value\": 100, \"target_year\": 2030}"

static void test_create_and_who_may(void **state)
{
    (void)state;
    struct assist_field_errors errs;
    struct err e = ERR_NONE;
    struct arena a = ARENA_INIT;
    long long id = create(&kenya, KEN_TARGET, &errs, &e);
    assert_true(id > 0);
    struct target t;
    assert_int_equal(target_get(db, &a, &public_, "en", id, &t, &e), 0);
    assert_string_equal(t.iso3, "KEN");
    assert_null(t.region);
    assert_string_equal(t.place_name, "Kenya");
    assert_int_equal(t.paragraphs.n, 2);   /* the duplicate is dropped */
    assert_string_equal(t.paragraphs.v[1], "ITI 8a");
    assert_true(t.has_baseline);
    assert_int_equal((int)t.baseline_value, 35);
    assert_int_equal(t.target_year, 2030);
    assert_int_equal(t.status, TARGET_ACTIVE);
    assert_false(t.has_latest);
    assert_true(target_may_edit(&kenya, &t));
    assert_false(target_may_edit(&france, &t));
    assert_false(target_may_edit(&unoda, &t));
    assert_false(target_may_edit(&public_, &t));
    /* Another State's focal point, a region named by a focal point, a partner, the public: refused. */
    assert_int_equal(create(&france, "{\"state\": \"KEN\", \"title\": \"x\", \"indicator\": \"y\", \"target_value\": 1, "
                                     "\"target_year\": 2030}", &errs, &e), -1);
    assert_int_equal(e.code, ERR_FORBIDDEN);
    assert_int_equal(create(&kenya, "{\"region\": \"002\", \"title\": \"x\", \"indicator\": \"y\", \"target_value\": 1, "
                                    "\"target_year\": 2030}", &errs, &e), -1);
    assert_int_equal(e.code, ERR_FORBIDDEN);
    assert_int_equal(create(&donor, KEN_TARGET, &errs, &e), -1);
    assert_int_equal(e.code, ERR_FORBIDDEN);
    assert_int_equal(create(&public_, KEN_TARGET, &errs, &e), -1);
    assert_int_equal(e.code, ERR_FORBIDDEN);
    /* The Secretariat records a region's target, not a State's. */
    long long rid = create(&unoda, "{\"region\": \"002\", \"title\": \"Plans everywhere\", \"indicator\": \"States with a plan\", "
                                   "\"target_value\": 54, \"target_year\": 2030}", &errs, &e);
    assert_true(rid > 0);
    assert_int_equal(target_get(db, &a, &public_, "en", rid, &t, &e), 0);
    assert_string_equal(t.region, "002");
    assert_string_equal(t.place_name, "Africa");
    assert_true(target_may_edit(&unoda, &t));
    assert_false(target_may_edit(&kenya, &t));
    assert_int_equal(create(&unoda, KEN_TARGET, &errs, &e), -1);
    assert_int_equal(e.code, ERR_INVALID);
    assert_true(has_error(&errs, "region"));
    /* Every write is in the audit log. */
    assert_int_equal(target_get(db, &a, &public_, "en", 999999, &t, &e), -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
    arena_cleanup(&a);
}

static void test_fields_checked(void **state)
{
    (void)state;
    struct assist_field_errors errs;
    struct err e = ERR_NONE;
    /* Every problem at once, each by its field. */
    json_t *bad = js("{\"title\": \"  \", \"paragraphs\": [\"PoA IX.1\"], \"baseline_value\": \"a lot\", "
                     "\"baseline_year\": 2031, \"target_year\": 2030, \"question\": \"coord.contact\", \"colour\": \"red\"}");
    assert_int_equal(target_create(db, &kenya, bad, &errs, &e), -1);
    assert_int_equal(e.code, ERR_INVALID);
    const char *fields[] = { "title", "paragraphs", "indicator", "baseline_value", "target_value", "target_year", "question",
                             "colour" };
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)   /* an unknown field's name is the input's: check before it goes */
        if (!has_error(&errs, fields[i])) fail_msg("no error for %s", fields[i]);
    json_decref(bad);
    /* Hostile text is kept as text. */
    long long id = create(&kenya, "{\"title\": \"<script>alert(1)</script>\", \"indicator\": \"x\", \"target_value\": -5.5, "
                                  "\"target_year\": 2027}", &errs, &e);
    assert_true(id > 0);
    struct arena a = ARENA_INIT;
    struct target t;
    assert_int_equal(target_get(db, &a, &public_, "en", id, &t, &e), 0);
    assert_string_equal(t.title, "<script>alert(1)</script>");
    assert_true(t.target_value == -5.5);
    /* A change: status and notes; a target stays with its State. */
    json_t *in = js("{\"status\": \"achieved\", \"notes\": \"Done early\"}");
    assert_int_equal(target_update(db, &kenya, id, in, &errs, &e), 0);
    json_decref(in);
    in = js("{\"state\": \"FRA\"}");
    assert_int_equal(target_update(db, &kenya, id, in, &errs, &e), -1);
    assert_true(has_error(&errs, "state"));
    json_decref(in);
    in = js("{\"status\": \"done\"}");
    assert_int_equal(target_update(db, &kenya, id, in, &errs, &e), -1);
    assert_true(has_error(&errs, "status"));
    json_decref(in);
    in = js("{\"notes\": \"mine now\"}");
    assert_int_equal(target_update(db, &france, id, in, &errs, &e), -1);
    assert_int_equal(e.code, ERR_FORBIDDEN);
    json_decref(in);
    assert_int_equal(target_get(db, &a, &public_, "en", id, &t, &e), 0);
    assert_int_equal(t.status, TARGET_ACHIEVED);
    assert_string_equal(t.notes, "Done early");
    arena_cleanup(&a);
}

static int audit_cb(const struct store_audit *x, void *ctx)
{
    if (strcmp(x->action, (const char *)((void **)ctx)[0]) == 0) (*(int *)((void **)ctx)[1])++;
    return 0;
}

static void test_progress_and_reports(void **state)
{
    (void)state;
    struct assist_field_errors errs;
    struct err e = ERR_NONE;
    struct arena a = ARENA_INIT;
    long long id = create(&kenya, "{\"title\": \"Identify the surplus\", \"indicator\": \"Surplus weapons identified\", "
                                  "\"question\": \"surplus.identified.count\", \"unit\": \"weapons\", \"baseline_value\": 50, "
                                  "\"baseline_year\": 2020, \"target_value\": 1000, \"target_year\": 2030}", &errs, &e);
    assert_true(id > 0);
    json_t *in = js("{\"value\": 200, \"year\": 2023, \"note\": \"Audit\"}");
    assert_true(target_progress_add(db, &kenya, id, in, &errs, &e) > 0);
    json_decref(in);
    in = js("{\"value\": 410, \"date\": \"2025-05-02\"}");
    assert_true(target_progress_add(db, &kenya, id, in, &errs, &e) > 0);
    json_decref(in);
    /* Refused: another State, no value, no year, a year that is not the date's, an unknown target. */
    in = js("{\"value\": 1, \"year\": 2025}");
    assert_int_equal(target_progress_add(db, &france, id, in, &errs, &e), -1);
    assert_int_equal(e.code, ERR_FORBIDDEN);
    assert_int_equal(target_progress_add(db, &kenya, 999999, in, &errs, &e), -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
    json_decref(in);
    in = js("{\"note\": \"?\"}");
    assert_int_equal(target_progress_add(db, &kenya, id, in, &errs, &e), -1);
    assert_true(has_error(&errs, "value") && has_error(&errs, "year"));
    json_decref(in);
    in = js("{\"value\": 3, \"year\": 2024, \"date\": \"2025-01-01\"}");
    assert_int_equal(target_progress_add(db, &kenya, id, in, &errs, &e), -1);
    assert_true(has_error(&errs, "year"));
    json_decref(in);
    /* The path: 2022 and 2024 from the published reports, 2023 and 2025 recorded; the draft's 999 never. */
    struct target t;
    assert_int_equal(target_get(db, &a, &public_, "en", id, &t, &e), 0);
    assert_int_equal(t.npoints, 4);
    int years[] = { 2022, 2023, 2024, 2025 };
    double values[] = { 120, 200, 340, 410 };
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(t.points[i].year, years[i]);
        assert_true(t.points[i].value == values[i]);
        assert_true(t.points[i].value != 999);
    }
    assert_int_equal(t.points[0].source, TARGET_REPORT);
    assert_true(t.points[0].report > 0);
    assert_int_equal(t.points[0].version, 1);
    assert_int_equal(t.points[1].source, TARGET_RECORDED);
    assert_string_equal(t.points[3].date, "2025-05-02");
    assert_true(t.has_latest);
    assert_true(t.latest.value == 410);
    /* The list carries the latest point too, and filters. */
    struct target *v;
    size_t n;
    assert_int_equal(target_list(db, &a, &public_, "en", &(struct target_filter){ .iso3 = "KEN" }, &v, &n, &e), 0);
    bool found = false;
    for (size_t i = 0; i < n; i++)
        if (v[i].id == id) { found = true; assert_true(v[i].has_latest && v[i].latest.year == 2025); assert_null(v[i].points); }
    assert_true(found);
    assert_int_equal(target_list(db, &a, &public_, "en", &(struct target_filter){ .iso3 = "FRA" }, &v, &n, &e), 0);
    assert_int_equal(n, 0);
    assert_int_equal(target_list(db, &a, &public_, "en", &(struct target_filter){ .region = "014" }, &v, &n, &e), 0);
    assert_true(n >= 1);   /* Eastern Africa: Kenya's */
    size_t in_africa = 0;
    assert_int_equal(target_list(db, &a, &public_, "en", &(struct target_filter){ .region = "002" }, &v, &n, &e), 0);
    for (size_t i = 0; i < n; i++) in_africa += v[i].region != NULL;
    assert_int_equal(in_africa, 1);   /* and the region's own */
    assert_int_equal(target_list(db, &a, &public_, "en", &(struct target_filter){ .region = "150" }, &v, &n, &e), 0);
    assert_int_equal(n, 0);
    assert_int_equal(target_list(db, &a, &public_, "en", &(struct target_filter){ .paragraph = "ITI 8a" }, &v, &n, &e), 0);
    assert_int_equal(n, 1);
    assert_int_equal(target_list(db, &a, &public_, "en", &(struct target_filter){ .status = "gone" }, &v, &n, &e), -1);
    assert_int_equal(e.code, ERR_INVALID);
    /* The figure: a category per year, the values reached and the planned path. */
    struct chart c;
    target_chart(&a, &t, &c);
    assert_int_equal(c.kind, CHART_LINE);
    assert_int_equal(c.ncat, 6);   /* 2020, 2022 ... 2025, 2030 */
    assert_string_equal(c.categories[0], "2020");
    assert_string_equal(c.categories[5], "2030");
    assert_true(c.series[0].v[0] == 50 && c.series[0].v[4] == 410 && isnan(c.series[0].v[5]));
    assert_true(c.series[1].v[0] == 50 && isnan(c.series[1].v[2]) && c.series[1].v[5] == 1000);
    assert_non_null(strstr(c.summary, "410"));
    /* Audited. */
    int adds = 0, prog = 0;
    void *ctx1[] = { "target.add", &adds }, *ctx2[] = { "target.progress", &prog };
    store_audit_each(db, 1000, audit_cb, ctx1);
    store_audit_each(db, 1000, audit_cb, ctx2);
    assert_true(adds >= 3);
    assert_int_equal(prog, 2);
    arena_cleanup(&a);
}

static int answer_cb(const struct store_answer *x, void *ctx)
{
    json_t *o = ctx;
    json_object_set_new(o, x->question, json_loads(x->value, JSON_DECODE_ANY, NULL));
    return 0;
}

static void test_prefill(void **state)
{
    (void)state;
    /* France sets a target with recorded progress; its new report (2026's template) is answered from it. */
    struct assist_field_errors errs;
    struct err e = ERR_NONE;
    long long id = create(&france, "{\"title\": \"Trace every seized firearm\", \"paragraphs\": [\"ITI 14\"], "
                                   "\"indicator\": \"Seizures traced\", \"unit\": \"per cent\", \"baseline_value\": 48, "
                                   "\"baseline_year\": 2021, \"target_value\": 90, \"target_year\": 2028}", &errs, &e);
    assert_true(id > 0);
    json_t *in = js("{\"value\": 70.5, \"year\": 2025}");
    assert_true(target_progress_add(db, &france, id, in, &errs, &e) > 0);
    json_decref(in);
    assert_int_equal(store_tx_begin(db), 0);
    long long rid = store_report_add(db, "FRA", 2026, "en", false, 0);
    assert_true(rid > 0);
    assert_int_equal(target_prefill_report(db, rid, "FRA", 2026, france.user_id), 0);
    long long per = store_report_add(db, "PER", 2026, "en", false, 0);
    assert_true(per > 0);
    assert_int_equal(target_prefill_report(db, per, "PER", 2026, 0), 0);
    assert_int_equal(store_tx_commit(db), 0);
    json_t *o = json_object();
    assert_int_equal(store_answers_each(db, rid, false, answer_cb, o), 0);
    assert_string_equal(json_string_value(json_object_get(o, "coord.targets")), "yes");
    const char *d = json_string_value(json_object_get(o, "coord.targets.details"));
    assert_non_null(d);
    assert_non_null(strstr(d, "- Trace every seized firearm (ITI 14). Indicator: Seizures traced."));
    assert_non_null(strstr(d, "Baseline: 48 per cent (2021). Target: 90 per cent by 2028. Latest: 70.5 per cent (2025)."));
    assert_int_not_equal(d[strlen(d) - 1], '\n');   /* as a form or a workbook gives it back */
    json_decref(o);
    /* Peru has none: nothing is answered. */
    o = json_object();
    assert_int_equal(store_answers_each(db, per, false, answer_cb, o), 0);
    assert_int_equal(json_object_size(o), 0);
    json_decref(o);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_create_and_who_may), cmocka_unit_test(test_fields_checked),
        cmocka_unit_test(test_progress_and_reports), cmocka_unit_test(test_prefill),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
