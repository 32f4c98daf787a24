/*
 * Unit tests: domain/section_view, one section of a cycle's template across States: a row per
 * published report (drafts never), the section's questions as columns, yes / no / developing /
 * no response counted, "not applicable" (skip logic) apart from no response, numbers kept as
 * numbers, the region and group filters, the newest cycle by default, every real templated
 * cycle listed newest first, a cycle without a template, an unknown section, a failed read.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/section_view.h"
#include "util/arena.h"
#include "unit.h"
#include "xview_fixture.h"

static int arrange(void);
UNIT_DB_FIXTURE("section-view", arrange())

/* What the tests of this file share, in the database the fixture opened. */
static int arrange(void)
{
    xv_report(db, "KEN", 2024, "{\"coord.body\": \"yes\", \"coord.nap\": \"no\"}", false);
    xv_report(db, "FRA", 2024, "{\"coord.body\": \"no\"}", false);
    xv_report(db, "NGA", 2024, "{\"coord.body\": \"developing\"}", false);
    xv_report(db, "DEU", 2024, "{\"coord.body\": \"yes\"}", true);   /* a draft: never read */
    return 0;
}

static size_t q_of(const struct section_view *v, const char *id)
{
    for (size_t k = 0; k < v->nq; k++)
        if (strcmp(v->q[k]->id, id) == 0) return k;
    fail_msg("no question %s", id);
    return 0;
}

static void test_rows_cells_counts(void **state)
{
    (void)state;
    struct arena a = ARENA_INIT;
    struct section_view v;
    struct err e = ERR_NONE;
    struct section_filter f = { 2024, NULL, NULL };
    assert_int_equal(section_view_get(db, &a, "1", "en", &f, &v, &e), 0);
    assert_int_equal(v.cycle, 2024);
    assert_string_equal(v.id, "1");
    assert_int_equal(v.nrows, 3);
    assert_string_equal(v.rows[0].iso3, "FRA");   /* by name: France, Kenya, Nigeria */
    size_t body = q_of(&v, "coord.body"), details = q_of(&v, "coord.body.details"), nap = q_of(&v, "coord.nap");
    assert_int_equal(v.counts[body].yes, 1);
    assert_int_equal(v.counts[body].no, 1);
    assert_int_equal(v.counts[body].dev, 1);
    assert_int_equal(v.counts[body].none, 0);
    assert_int_equal(v.counts[nap].no, 1);
    assert_int_equal(v.counts[nap].none, 2);
    assert_int_equal(v.rows[0].cells[details].kind, SECTION_NA);     /* France said no: the details do not apply */
    assert_int_equal(v.rows[1].cells[details].kind, SECTION_NONE);   /* Kenya said yes and gave none: no response */
    assert_int_equal(v.rows[1].cells[body].kind, SECTION_YES);
    assert_string_equal(v.rows[1].cells[body].text, "Yes");
    assert_true(v.rows[1].report > 0);
    /* every real templated cycle, newest first, none from the benchmark years */
    assert_int_equal(v.ncycles, template_count());
    for (size_t i = 1; i < v.ncycles; i++) assert_true(v.cycles[i - 1] > v.cycles[i]);
    assert_true(v.cycles[0] < TEMPLATE_BENCH_FIRST);
    arena_cleanup(&a);
}

static void test_filters_and_default_cycle(void **state)
{
    (void)state;
    struct arena a = ARENA_INIT;
    struct section_view v;
    struct err e = ERR_NONE;
    struct section_filter f = { 2024, NULL, "AFR" };
    assert_int_equal(section_view_get(db, &a, "1", "en", &f, &v, &e), 0);
    assert_int_equal(v.nrows, 2);   /* Kenya, Nigeria */
    f = (struct section_filter){ 2024, "155", NULL };   /* Western Europe */
    assert_int_equal(section_view_get(db, &a, "1", "en", &f, &v, &e), 0);
    assert_int_equal(v.nrows, 1);
    assert_string_equal(v.rows[0].iso3, "FRA");
    assert_int_equal(section_view_get(db, &a, "1", "en", NULL, &v, &e), 0);
    assert_int_equal(v.cycle, template_latest_cycle());
    assert_int_equal(v.nrows, 0);
    arena_cleanup(&a);
}

static void test_errors(void **state)
{
    (void)state;
    struct arena a = ARENA_INIT;
    struct section_view v;
    struct err e = ERR_NONE;
    struct section_filter f = { 2028, NULL, NULL };   /* a planned cycle without a template */
    assert_int_equal(section_view_get(db, &a, "1", "en", &f, &v, &e), -1);
    assert_int_equal(e.code, ERR_INVALID);
    f.cycle = 2024;
    assert_int_equal(section_view_get(db, &a, "99", "en", &f, &v, &e), -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
    xv_break(dbpath, true);
    assert_int_equal(section_view_get(db, &a, "1", "en", &f, &v, &e), -1);
    assert_int_equal(e.code, ERR_STORE);
    xv_break(dbpath, false);
    arena_cleanup(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rows_cells_counts), cmocka_unit_test(test_filters_and_default_cycle), cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
