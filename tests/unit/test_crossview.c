/*
 * Unit tests: domain/crossview, one question across States: a column for every real cycle whose
 * template asks the question (never a benchmark cycle), a row per State with a published
 * report, no response kept apart from no report, drafts never read, the answer filter in one
 * cycle or any, long values whole, counts, unknown questions and failed reads.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/crossview.h"
#include "util/arena.h"
#include "unit.h"
#include "xview_fixture.h"

static int arrange(void);
UNIT_DB_FIXTURE("crossview", arrange())
static char longtext[2001];

/* What the tests of this file share, in the database the fixture opened. */
static int arrange(void)
{
    xv_report(db, "KEN", 2022, "{\"coord.nap\": \"no\"}", false);
    xv_report(db, "KEN", 2024, "{\"coord.nap\": \"yes\"}", false);
    xv_report(db, "FRA", 2024, "{\"coord.body\": \"yes\"}", false);          /* reported, no response */
    xv_report(db, "DEU", 2024, "{\"coord.nap\": \"developing\"}", true);     /* a draft: never read */
    memset(longtext, 'x', sizeof longtext - 1);
    char *a = malloc(2100);
    snprintf(a, 2100, "{\"challenges\": \"%s\"}", longtext);
    xv_report(db, "BRA", 2026, a, false);
    free(a);
    return 0;
}

static const struct crossview_row *row_of(const struct crossview *x, const char *iso3)
{
    for (size_t i = 0; i < x->nrows; i++)
        if (strcmp(x->rows[i].iso3, iso3) == 0) return &x->rows[i];
    return NULL;
}

static size_t col_of(const struct crossview *x, int cycle)
{
    for (size_t c = 0; c < x->ncycles; c++)
        if (x->cycles[c] == cycle) return c;
    fail_msg("no column %d", cycle);
    return 0;
}

static void test_columns_rows_cells(void **state)
{
    (void)state;
    struct arena a = ARENA_INIT;
    struct crossview x;
    struct err e = ERR_NONE;
    assert_int_equal(crossview_get(db, &a, "coord.nap", "en", NULL, &x, &e), 0);
    assert_string_equal(x.q->id, "coord.nap");
    /* every real templated cycle that asks it, oldest first, none from the benchmark years */
    size_t asking = 0;
    for (size_t i = 0; i < template_count(); i++) asking += template_question(template_at(i), "coord.nap") != NULL;
    assert_int_equal(x.ncycles, asking);
    for (size_t c = 1; c < x.ncycles; c++) assert_true(x.cycles[c - 1] < x.cycles[c] && x.cycles[c] < TEMPLATE_BENCH_FIRST);
    assert_int_equal(x.nrows, 3);   /* BRA (2026, no response), FRA, KEN: not DEU (a draft) */
    const struct crossview_row *ken = row_of(&x, "KEN"), *fra = row_of(&x, "FRA");
    assert_non_null(ken);
    assert_non_null(fra);
    assert_null(row_of(&x, "DEU"));
    size_t c22 = col_of(&x, 2022), c24 = col_of(&x, 2024), c26 = col_of(&x, 2026);
    assert_true(ken->cells[c22].reported);
    assert_string_equal(ken->cells[c22].answer, "\"no\"");
    assert_string_equal(ken->cells[c22].text, "No");
    assert_string_equal(ken->cells[c24].text, "Yes");
    assert_false(ken->cells[c26].reported);
    assert_true(fra->cells[c24].reported);          /* reported without answering: not "not reported" */
    assert_null(fra->cells[c24].answer);
    assert_null(fra->cells[c24].text);
    assert_int_equal(crossview_count(&x, c24, "yes"), 1);
    assert_int_equal(crossview_count(&x, c22, "no"), 1);
    assert_int_equal(crossview_count(&x, c24, "no"), 0);
    arena_cleanup(&a);
}

static void test_filter(void **state)
{
    (void)state;
    struct arena a = ARENA_INIT;
    struct crossview x;
    struct err e = ERR_NONE;
    struct crossview_filter f = { 2024, "no" };
    assert_int_equal(crossview_get(db, &a, "coord.nap", "en", &f, &x, &e), 0);
    assert_int_equal(x.nrows, 0);                  /* KEN said no in 2022, not in 2024 */
    f = (struct crossview_filter){ 0, "no" };
    assert_int_equal(crossview_get(db, &a, "coord.nap", "en", &f, &x, &e), 0);
    assert_int_equal(x.nrows, 1);
    assert_string_equal(x.rows[0].iso3, "KEN");
    f = (struct crossview_filter){ 2024, "' OR 1=1 --" };
    assert_int_equal(crossview_get(db, &a, "coord.nap", "en", &f, &x, &e), 0);
    assert_int_equal(x.nrows, 0);
    arena_cleanup(&a);
}

static void test_long_values_whole_in_data(void **state)
{
    (void)state;
    struct arena a = ARENA_INIT;
    struct crossview x;
    struct err e = ERR_NONE;
    assert_int_equal(crossview_get(db, &a, "challenges", "en", NULL, &x, &e), 0);
    const struct crossview_row *bra = row_of(&x, "BRA");
    assert_non_null(bra);
    const char *answer = bra->cells[col_of(&x, 2026)].answer;
    assert_int_equal(strlen(answer), strlen(longtext) + 2);   /* the stored JSON, whole */
    assert_true(strlen(bra->cells[col_of(&x, 2026)].text) < 200);   /* the short text is cut by the answer type's one rule */
    arena_cleanup(&a);
}

static void test_unknown_and_failed_read(void **state)
{
    (void)state;
    struct arena a = ARENA_INIT;
    struct crossview x;
    struct err e = ERR_NONE;
    assert_int_equal(crossview_get(db, &a, "no.such.question", "en", NULL, &x, &e), -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
    xv_break(dbpath, true);
    e = ERR_NONE;
    assert_int_equal(crossview_get(db, &a, "coord.nap", "en", NULL, &x, &e), -1);
    assert_int_equal(e.code, ERR_STORE);
    xv_break(dbpath, false);
    arena_cleanup(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_columns_rows_cells), cmocka_unit_test(test_filter),
        cmocka_unit_test(test_long_values_whole_in_data), cmocka_unit_test(test_unknown_and_failed_read),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
