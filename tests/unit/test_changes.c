/*
 * Unit tests: domain/changes, what changed in one State's published reports: a column per
 * published report (oldest first, drafts never), rows for the newest template's questions,
 * no response apart from an answer and from "not asked", changes marked between consecutive
 * reports, renames and splits followed, only the changed questions on request, an unknown
 * State and a failed read.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/changes.h"
#include "util/arena.h"
#include "unit.h"
#include "xview_fixture.h"

static int arrange(void);
UNIT_DB_FIXTURE("changes", arrange())

/* What the tests of this file share, in the database the fixture opened. */
static int arrange(void)
{
    xv_report(db, "KEN", 2020, "{\"coord.contact\": {\"name\": \"A. Focal\", \"email\": \"a@example.org\"}, \"coord.body\": \"no\", "
                               "\"coord.nap\": \"no\", \"sdg.seized\": {\"pistols\": 10}}", false);
    xv_report(db, "KEN", 2022, "{\"coord.contact\": {\"name\": \"A. Focal\", \"email\": \"a@example.org\"}, \"coord.nap\": \"developing\", "
                               "\"sdg.seized\": {\"pistols\": 12}}", false);
    xv_report(db, "KEN", 2024, "{\"coord.poc\": {\"name\": \"A. Focal\", \"email\": \"a@example.org\"}, \"coord.body\": \"yes\", "
                               "\"coord.nap\": \"developing\", \"sdg1642.seized\": {\"pistols\": 12}}", false);
    xv_report(db, "KEN", 2026, "{\"coord.nap\": \"yes\", \"challenges\": \"Draft secret\"}", true);
    return 0;
}

static const struct changes_row *row_of(const struct changes *ch, const char *id)
{
    for (size_t i = 0; i < ch->nrows; i++)
        if (strcmp(ch->rows[i].q->id, id) == 0) return &ch->rows[i];
    return NULL;
}

static void test_columns_and_cells(void **state)
{
    (void)state;
    struct arena a = ARENA_INIT;
    struct changes ch;
    struct err e = ERR_NONE;
    assert_int_equal(changes_get(db, &a, "KEN", "en", false, &ch, &e), 0);
    assert_string_equal(ch.name, "Kenya");
    assert_int_equal(ch.template_cycle, template_latest_cycle());
    assert_int_equal(ch.ncols, 3);   /* the 2026 draft is never read */
    assert_int_equal(ch.cols[0].cycle, 2020);
    assert_int_equal(ch.cols[2].cycle, 2024);
    assert_int_equal(ch.cols[2].version, 1);
    assert_int_equal(ch.nrows, template_get(template_latest_cycle())->nq);
    const struct changes_row *nap = row_of(&ch, "coord.nap");
    assert_non_null(nap);
    assert_true(nap->changed);
    assert_false(nap->cells[0].changed);
    assert_true(nap->cells[1].changed);
    assert_false(nap->cells[2].changed);
    assert_string_equal(nap->cells[1].value, "\"developing\"");
    assert_string_equal(nap->cells[1].parts[0].text, "Developing");
    const struct changes_row *body = row_of(&ch, "coord.body");
    assert_int_equal(body->cells[1].state, CHANGES_NO_RESPONSE);
    assert_null(body->cells[1].value);
    assert_true(body->cells[1].changed && body->cells[2].changed);
    const struct changes_row *seized = row_of(&ch, "sdg1642.seized");   /* renamed from sdg.seized in 2024 */
    assert_string_equal(seized->cells[0].parts[0].id, "sdg.seized");
    assert_string_equal(seized->cells[2].parts[0].id, "sdg1642.seized");
    assert_true(seized->cells[1].changed);
    assert_false(seized->cells[2].changed);
    const struct changes_row *poc = row_of(&ch, "coord.poc");           /* split from coord.contact */
    assert_string_equal(poc->cells[0].parts[0].id, "coord.contact");
    assert_false(poc->changed);
    const struct changes_row *merged = row_of(&ch, "challenges");       /* merged from two questions */
    assert_int_equal(merged->cells[2].nparts, 2);
    assert_int_equal(merged->cells[2].state, CHANGES_NO_RESPONSE);
    for (size_t i = 0; i < ch.nrows; i++)
        for (size_t c = 0; c < ch.ncols; c++)
            assert_true(!ch.rows[i].cells[c].value || !strstr(ch.rows[i].cells[c].value, "Draft secret"));
    arena_cleanup(&a);
}

static void test_only_changed(void **state)
{
    (void)state;
    struct arena a = ARENA_INIT;
    struct changes all, only;
    struct err e = ERR_NONE;
    assert_int_equal(changes_get(db, &a, "KEN", "en", false, &all, &e), 0);
    assert_int_equal(changes_get(db, &a, "KEN", "en", true, &only, &e), 0);
    assert_true(only.nrows > 0 && only.nrows < all.nrows);
    for (size_t i = 0; i < only.nrows; i++) assert_true(only.rows[i].changed);
    assert_int_equal(only.nchanges, all.nchanges);
    arena_cleanup(&a);
}

static void test_errors_and_no_report(void **state)
{
    (void)state;
    struct arena a = ARENA_INIT;
    struct changes ch;
    struct err e = ERR_NONE;
    assert_int_equal(changes_get(db, &a, "FRA", "fr", false, &ch, &e), 0);
    assert_int_equal(ch.ncols, 0);
    assert_int_equal(ch.nrows, 0);
    assert_string_equal(ch.name, "France");
    assert_int_equal(changes_get(db, &a, "XXX", "en", false, &ch, &e), -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
    xv_break(dbpath, true);
    assert_int_equal(changes_get(db, &a, "KEN", "en", false, &ch, &e), -1);
    assert_int_equal(e.code, ERR_STORE);
    xv_break(dbpath, false);
    arena_cleanup(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_columns_and_cells), cmocka_unit_test(test_only_changed), cmocka_unit_test(test_errors_and_no_report),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
