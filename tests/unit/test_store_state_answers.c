/*
 * Unit tests: store/state_answers, one State's published answers cycle by cycle: the
 * latest published version of each report, oldest cycle first; a draft, a reopened
 * report's working answers and other States' reports are never read.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "unit.h"

UNIT_DB_FIXTURE("store-state-answers", 0)

/* A report of iso3 for cycle with one answer; published as `versions` versions (the answer changing each time). */
static long long report(const char *iso3, int cycle, int versions, bool synthetic)
{
    assert_int_equal(store_tx_begin(db), 0);
    long long id = store_report_add(db, iso3, cycle, "en", synthetic, 0);
    assert_true(id > 0);
    for (int v = 1; v <= versions; v++) {
        char value[32];
        snprintf(value, sizeof value, "\"%d v%d\"", cycle, v);
        assert_int_equal(store_answer_put(db, id, "challenges", value, 0), 0);
        assert_int_equal(store_report_version_add(db, id, v, 0, NULL), 0);
        assert_int_equal(store_report_set_status(db, id, "published", v), 0);
    }
    assert_int_equal(store_tx_commit(db), 0);
    return id;
}

struct seen { int n; int cycles[8]; int versions[8]; char texts[8][32]; bool synthetic[8]; };

static int cb(const struct store_published *p, void *ctx)
{
    struct seen *s = ctx;
    if (s->n < 8) {
        s->cycles[s->n] = p->cycle;
        s->versions[s->n] = p->version;
        s->synthetic[s->n] = p->synthetic;
        json_t *a = json_loads(p->answers, 0, NULL);
        snprintf(s->texts[s->n], sizeof s->texts[0], "%s", json_string_value(json_object_get(a, "challenges")));
        json_decref(a);
        assert_non_null(p->published_at);
    }
    s->n++;
    return 0;
}

static void test_published_only_latest_oldest_first(void **state)
{
    (void)state;
    report("KEN", 2022, 1, true);
    long long k24 = report("KEN", 2024, 2, false);
    report("KEN", 2026, 0, false);                     /* a draft */
    report("KEN", 2020, 1, false);
    report("FRA", 2024, 1, false);
    struct seen s = { 0 };
    assert_int_equal(store_state_published_each(db, "KEN", cb, &s), 0);
    assert_int_equal(s.n, 3);
    assert_int_equal(s.cycles[0], 2020);
    assert_int_equal(s.cycles[1], 2022);
    assert_int_equal(s.cycles[2], 2024);
    assert_true(s.synthetic[1]);
    assert_int_equal(s.versions[2], 2);
    assert_string_equal(s.texts[2], "2024 v2");        /* the latest version */
    /* Reopened and changed: the working answers are not read, the last publication is. */
    assert_int_equal(store_tx_begin(db), 0);
    assert_int_equal(store_report_set_status(db, k24, "draft", 2), 0);
    assert_int_equal(store_answer_put(db, k24, "challenges", "\"unpublished\"", 0), 0);
    assert_int_equal(store_tx_commit(db), 0);
    struct seen t = { 0 };
    assert_int_equal(store_state_published_each(db, "KEN", cb, &t), 0);
    assert_int_equal(t.n, 3);
    assert_string_equal(t.texts[2], "2024 v2");
}

static int stop_cb(const struct store_published *p, void *ctx) { (void)p; (*(int *)ctx)++; return 1; }

static void test_other_states_and_stopping(void **state)
{
    (void)state;
    struct seen s = { 0 };
    assert_int_equal(store_state_published_each(db, "PER", cb, &s), 0);
    assert_int_equal(s.n, 0);
    assert_int_equal(store_state_published_each(db, "ken", cb, &s), 0);    /* codes are exact */
    assert_int_equal(store_state_published_each(db, "' OR 1=1 --", cb, &s), 0);
    assert_int_equal(s.n, 0);
    int calls = 0;
    assert_int_equal(store_state_published_each(db, "KEN", stop_cb, &calls), 0);
    assert_int_equal(calls, 1);                         /* a callback returning non-zero stops */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_published_only_latest_oldest_first), cmocka_unit_test(test_other_states_and_stopping),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
