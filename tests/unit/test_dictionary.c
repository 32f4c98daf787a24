/*
 * Unit tests: domain/dictionary, the data dictionary: every question of every real templated
 * cycle (oldest first, in template order), never a benchmark cycle; type names, references,
 * options and skip conditions as text.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "domain/dictionary.h"
#include "domain/template.h"
#include "util/arena.h"

static int setup(void **state)
{
    (void)state;
    char err[256];
    return template_init(err, sizeof err);
}

static void test_every_real_cycle(void **state)
{
    (void)state;
    struct arena a = ARENA_INIT;
    struct dictionary_row *v;
    size_t n;
    dictionary_list(&a, &v, &n);
    size_t total = 0;
    for (size_t i = 0; i < template_count(); i++) total += template_at(i)->nq;
    assert_int_equal(n, total);
    assert_int_equal(v[0].cycle, template_at(0)->cycle);
    assert_int_equal(v[n - 1].cycle, template_latest_cycle());
    bool when = false, options = false, refs = false;
    for (size_t i = 0; i < n; i++) {
        if (i) assert_true(v[i - 1].cycle <= v[i].cycle);
        assert_true(v[i].cycle < TEMPLATE_BENCH_FIRST);
        assert_non_null(v[i].type);
        assert_string_equal(v[i].type, answer_type_name(v[i].q->type));
        if (v[i].cycle == 2024 && strcmp(v[i].q->id, "coord.body.details") == 0) {
            assert_non_null(v[i].applies_when);
            assert_non_null(strstr(v[i].applies_when, "\"coord.body\""));
            assert_string_equal(v[i].refs, "PoA II.4");
            when = true;
        }
        if (v[i].cycle == 2024 && strcmp(v[i].q->id, "manuf.marking.content") == 0) {
            assert_non_null(strstr(v[i].options, "serial; "));
            options = true;
        }
        refs |= strchr(v[i].refs, ';') != NULL;
    }
    assert_true(when && options && refs);
    arena_cleanup(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = { cmocka_unit_test(test_every_real_cycle) };
    return cmocka_run_group_tests(tests, setup, NULL);
}
