/*
 * Unit tests: domain/demo_answers, the answers of one synthetic report: for every template,
 * every answer passes answer_check and its skip logic, no file is made up, the same
 * seed gives the same answers and another seed others, a draft answers part of the way, a
 * State carries most of its previous answers forward; and demo_migrate maps old answers
 * through renames, splits and merges, dropping what no longer fits.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "domain/demo_internal.h"

static struct dstate states[3];
static struct demo demo;

static int setup(void **state)
{
    (void)state;
    char err[256];
    if (template_init(err, sizeof err) < 0) return -1;
    const char *iso3[] = { "KEN", "FRA", "PER" }, *grp[] = { "AFR", "WEOG", "GRULAC" };
    const char *names[] = { "Kenya", "France", "Peru" };
    for (int i = 0; i < 3; i++) {
        struct dstate *d = &states[i];
        memset(d, 0, sizeof *d);
        snprintf(d->iso3, sizeof d->iso3, "%s", iso3[i]);
        snprintf(d->grp, sizeof d->grp, "%s", grp[i]);
        for (int l = 0; l < NLANG; l++) snprintf(d->name[l], sizeof d->name[l], "%s", names[i]);
        d->lang = i == 1 ? FR : i == 2 ? ES : EN;
        d->developing = i != 1;
        d->donor = i == 1;
        d->manufacturer = i == 1;
        d->needs = i == 0;
        d->capacity = 0.6;
        d->diligence = 1;
        d->size = 1;
    }
    demo.ss.v = states;
    demo.ss.n = demo.ss.cap = 3;
    return 0;
}

static json_t *answers(int cycle, int st, unsigned seed, json_t *prev, double fraction)
{
    struct gen g;
    memset(&g, 0, sizeof g);
    rng_seed(&g.r, seed, hash_str(states[st].iso3), (uint64_t)cycle);
    g.st = &states[st];
    g.cycle = cycle;
    g.step = (cycle - 2010) / 2;
    g.t = template_get(cycle);
    g.l = states[st].lang;
    assert_non_null(g.t);
    return demo_answer_all(&g, &demo, prev, fraction);
}

static void test_every_template_valid(void **state)
{
    (void)state;
    for (int cycle = 2010; cycle <= 2026; cycle += 2)
        for (int st = 0; st < 3; st++) {
            const struct template *t = template_get(cycle);
            json_t *a = answers(cycle, st, 7, NULL, 1.0);
            assert_true(json_object_size(a) > 10);
            const char *k;
            json_t *v;
            json_object_foreach(a, k, v) {
                const struct template_question *q = template_question(t, k);
                if (!q) fail_msg("%d: no question %s", cycle, k);
                char err[256];
                if (answer_check(q, v, err, sizeof err) < 0) fail_msg("%d %s: %s", cycle, k, err);
                if (!template_applies(q, a)) fail_msg("%d %s answered but skipped", cycle, k);
                assert_int_not_equal(q->type, ANSWER_FILE);
            }
            json_decref(a);
        }
}

static void test_deterministic(void **state)
{
    (void)state;
    json_t *a = answers(2026, 0, 42, NULL, 1.0), *b = answers(2026, 0, 42, NULL, 1.0), *c = answers(2026, 0, 43, NULL, 1.0);
    assert_true(json_equal(a, b));
    assert_false(json_equal(a, c));
    /* A draft stops part of the way: only questions from the first part of the template. */
    json_t *d = answers(2026, 0, 42, NULL, 0.3);
    assert_true(json_object_size(d) < json_object_size(a));
    const struct template *t = template_get(2026);
    size_t upto = (size_t)(0.3 * (double)t->nq) + 1;
    const char *k;
    json_t *v;
    json_object_foreach(d, k, v) assert_true((size_t)(template_question(t, k) - t->q) < upto);
    json_decref(a);
    json_decref(b);
    json_decref(c);
    json_decref(d);
}

static void test_carries_forward(void **state)
{
    (void)state;
    json_t *first = answers(2024, 1, 5, NULL, 1.0);
    json_t *prev = demo_migrate(first, 2024, template_get(2026));
    json_t *next = answers(2026, 1, 6, prev, 1.0);
    /* Most previous yes/no answers are kept. */
    size_t same = 0, both = 0;
    const char *k;
    json_t *v;
    json_object_foreach(prev, k, v) {
        json_t *n = json_object_get(next, k);
        if (!n || !json_is_string(v)) continue;
        both++;
        same += json_equal(n, v);
    }
    assert_true(both > 10);
    assert_true(same * 2 > both);
    json_decref(first);
    json_decref(prev);
    json_decref(next);
}

static void test_migrate(void **state)
{
    (void)state;
    /* 2024 -> 2026: two texts merged into one; an invalid value and an unknown id dropped. */
    json_t *known = json_pack("{s:s, s:s, s:s, s:s, s:i}", "challenges.obstacles", "Porous borders.",
                              "challenges.opportunities", "Regional cooperation.", "coord.body", "yes",
                              "coord.nap", "perhaps", "no.such.question", 1);
    json_t *m = demo_migrate(known, 2024, template_get(2026));
    const char *c = json_string_value(json_object_get(m, "challenges"));
    assert_non_null(c);
    assert_non_null(strstr(c, "Porous borders."));
    assert_non_null(strstr(c, "Regional cooperation."));
    assert_string_equal(json_string_value(json_object_get(m, "coord.body")), "yes");
    assert_null(json_object_get(m, "coord.nap"));
    assert_null(json_object_get(m, "no.such.question"));
    assert_null(json_object_get(m, "challenges.obstacles"));
    json_decref(m);
    json_decref(known);
    /* Across several templates (2020 -> 2022 -> 2024 -> 2026): an unchanged id is carried all the way. */
    json_t *old = json_pack("{s:s}", "coord.body", "developing");
    m = demo_migrate(old, 2020, template_get(2026));
    assert_string_equal(json_string_value(json_object_get(m, "coord.body")), "developing");
    json_decref(m);
    /* Same cycle: nothing to map, the answers are returned as they are. */
    m = demo_migrate(old, 2026, template_get(2026));
    assert_true(json_equal(m, old));
    json_decref(m);
    json_decref(old);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_template_valid), cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_carries_forward), cmocka_unit_test(test_migrate),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
