/*
 * Unit tests: store/answers_list, published answers copied into an arena: one question across
 * States (no response as NULL), a cycle's published reports with region and group filters, a
 * State's published reports oldest first; drafts never; values stay valid after the statement
 * is reset and are whole however long; a failed read is -1.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/arena.h"
#include "unit.h"
#include "xview_fixture.h"

static int arrange(void);
UNIT_DB_FIXTURE("store-answers-list", arrange())

/* What the tests of this file share, in the database the fixture opened. */
static int arrange(void)
{
    xv_report(db, "KEN", 2022, "{\"coord.nap\": \"no\"}", false);
    xv_report(db, "KEN", 2024, "{\"coord.nap\": \"yes\"}", false);
    xv_report(db, "FRA", 2024, "{\"coord.body\": \"yes\"}", false);
    xv_report(db, "DEU", 2024, "{\"coord.nap\": \"no\"}", true);
    return 0;
}

static void test_question(void **state)
{
    (void)state;
    struct arena a = ARENA_INIT;
    struct store_question_answer *v;
    size_t n;
    assert_int_equal(store_question_answers_list(db, &a, "coord.nap", "fr", 0, 0, &v, &n), 0);
    assert_int_equal(n, 3);   /* France 2024, Kenya 2022, Kenya 2024: by name, then cycle */
    assert_string_equal(v[0].iso3, "FRA");
    assert_null(v[0].value);
    assert_string_equal(v[1].iso3, "KEN");
    assert_int_equal(v[1].cycle, 2022);
    assert_string_equal(v[1].value, "\"no\"");
    assert_string_equal(v[2].value, "\"yes\"");
    /* the values are the arena's: another read does not change them */
    assert_int_equal(store_question_answers_list(db, &a, "coord.body", "en", 0, 0, &v, &n), 0);
    assert_string_equal(v[0].iso3, "FRA");
    assert_string_equal(v[0].value, "\"yes\"");
    arena_cleanup(&a);
}

static void test_cycle_and_state(void **state)
{
    (void)state;
    struct arena a = ARENA_INIT;
    struct store_cycle_answers *c;
    size_t n;
    assert_int_equal(store_cycle_answers_list(db, &a, 2024, "en", NULL, NULL, &c, &n), 0);
    assert_int_equal(n, 2);
    assert_string_equal(c[0].name, "France");
    assert_non_null(strstr(c[1].answers, "\"coord.nap\""));
    assert_int_equal(store_cycle_answers_list(db, &a, 2024, "en", NULL, "AFR", &c, &n), 0);
    assert_int_equal(n, 1);
    assert_string_equal(c[0].iso3, "KEN");
    assert_int_equal(store_cycle_answers_list(db, &a, 2024, "en", "155", NULL, &c, &n), 0);
    assert_int_equal(n, 1);
    assert_string_equal(c[0].iso3, "FRA");
    struct store_published *p;
    assert_int_equal(store_state_published_list(db, &a, "KEN", &p, &n), 0);
    assert_int_equal(n, 2);
    assert_int_equal(p[0].cycle, 2022);
    assert_int_equal(p[1].cycle, 2024);
    assert_int_equal(p[1].version, 1);
    assert_non_null(p[1].published_at);
    assert_int_equal(store_state_published_list(db, &a, "DEU", &p, &n), 0);
    assert_int_equal(n, 0);
    arena_cleanup(&a);
}

static void test_failed_reads(void **state)
{
    (void)state;
    struct arena a = ARENA_INIT;
    struct store_question_answer *v;
    struct store_cycle_answers *c;
    struct store_published *p;
    size_t n;
    xv_break(dbpath, true);
    assert_int_equal(store_question_answers_list(db, &a, "coord.nap", "en", 0, 0, &v, &n), -1);
    assert_int_equal(store_cycle_answers_list(db, &a, 2024, "en", NULL, NULL, &c, &n), -1);
    assert_int_equal(store_state_published_list(db, &a, "KEN", &p, &n), -1);
    xv_break(dbpath, false);
    arena_cleanup(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_question), cmocka_unit_test(test_cycle_and_state), cmocka_unit_test(test_failed_reads),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
