/*
 * Unit tests: store/cycle, the rows of cycles and meetings.  One statement adds a cycle, with
 * two rules: a real cycle only after every real one (benchmark cycles do not count), a
 * benchmark cycle unless it exists; a meeting is added once; dates change on the cycle and its meeting.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "util/arena.h"

UNIT_DB_FIXTURE("store-cycle", 0)

struct row { int year, template_year; char meeting[16], opens[16], deadline[16]; bool found; };

static int row_cb(const struct store_cycle *c, void *ctx)
{
    struct row *r = ctx;
    if (c->year != r->year) return 0;
    r->found = true;
    r->template_year = c->template_year;
    snprintf(r->meeting, sizeof r->meeting, "%s", c->meeting ? c->meeting : "");
    snprintf(r->opens, sizeof r->opens, "%s", c->opens ? c->opens : "");
    snprintf(r->deadline, sizeof r->deadline, "%s", c->deadline ? c->deadline : "");
    return 1;
}

static struct row row_of(int year)
{
    struct row r = { .year = year };
    assert_int_equal(store_cycles_each(db, row_cb, &r), 0);
    return r;
}

static void test_add_rules(void **state)
{
    (void)state;
    assert_int_equal(store_tx_begin(db), 0);
    /* A benchmark cycle first: it does not stop a real cycle from being opened after the last real one. */
    assert_int_equal(store_cycle_add(db, 2104, "2104-01-01", "2104-03-31"), 1);
    assert_int_equal(store_cycle_add(db, 2104, "2104-01-01", "2104-03-31"), 0);        /* exists */
    assert_int_equal(store_cycle_add(db, 2102, "2102-01-01", "2102-03-31"), 1);        /* before it: still added */
    /* The reference data ends with 2026: neither 2026 nor an earlier year can be opened again. */
    assert_int_equal(store_cycle_insert(db, 2026, NULL, "2025-01-01", "2026-03-31", 0), 0);
    assert_int_equal(store_cycle_insert(db, 2024, NULL, "2023-01-01", "2024-03-31", 0), 0);
    struct store_meeting m = { "BMS10", "BMS", "Tenth Biennial Meeting of States", "2028-06-05", "2028-06-09", 2028, 0 };
    assert_int_equal(store_meeting_add(db, &m), 1);
    assert_int_equal(store_meeting_add(db, &m), 0);                                     /* exists */
    assert_int_equal(store_cycle_insert(db, 2028, "BMS10", "2026-12-06", "2028-03-31", 2026), 1);
    assert_int_equal(store_cycle_insert(db, 2028, NULL, "2026-12-06", "2028-03-31", 2026), 0);
    assert_int_equal(store_tx_commit(db), 0);   /* the rows are read on a reader connection */
    struct row r = row_of(2028);
    assert_true(r.found);
    assert_string_equal(r.meeting, "BMS10");
    assert_int_equal(r.template_year, 2026);
    assert_string_equal(r.deadline, "2028-03-31");
    r = row_of(2104);
    assert_true(r.found);
    assert_string_equal(r.meeting, "");
    assert_int_equal(r.template_year, 0);
    /* A cycle without an opening date is refused by the schema. */
    assert_int_equal(store_tx_begin(db), 0);
    assert_int_equal(store_cycle_add(db, 2106, NULL, "2106-03-31"), -1);
    store_tx_rollback(db);
    assert_false(row_of(2106).found);
    /* Dates change on the row. */
    assert_int_equal(store_tx_begin(db), 0);
    assert_int_equal(store_cycle_dates_set(db, 2028, "2027-01-15", "2028-03-15"), 1);
    assert_int_equal(store_cycle_dates_set(db, 2030, "2029-01-15", "2030-03-15"), 0);  /* no such cycle */
    assert_int_equal(store_meeting_dates_set(db, "BMS10", "2028-06-12", "2028-06-16"), 1);
    assert_int_equal(store_tx_commit(db), 0);
    r = row_of(2028);
    assert_string_equal(r.opens, "2027-01-15");
    assert_string_equal(r.deadline, "2028-03-15");
    struct arena a = ARENA_INIT;
    struct store_meeting got;
    assert_int_equal(store_meeting_read(db, &a, "BMS10", &got), 0);
    assert_string_equal(got.starts, "2028-06-12");
    assert_int_equal(got.cycle, 2028);
    arena_cleanup(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = { cmocka_unit_test(test_add_rules) };
    return cmocka_run_group_tests(tests, setup, teardown);
}
