/*
 * Unit tests for store/target.c: a target saved and read back with its place's name in the asked
 * language, updated in place, exactly one of State and region (the schema refuses both or
 * neither), the list's filters (State, a region at any level with its States, a paragraph,
 * status), and recorded progress in year order.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "store/target.h"
#include "util/arena.h"
#include "unit.h"

UNIT_DB_FIXTURE("store-target", 0)

static long long save(struct store_target *t)
{
    assert_int_equal(store_tx_begin(db), 0);
    long long id = store_target_save(db, t);
    if (id > 0) assert_int_equal(store_tx_commit(db), 0);
    else store_tx_rollback(db);
    return id;
}

static void test_save_get_list(void **state)
{
    (void)state;
    struct arena a = ARENA_INIT;
    struct store_target ken = { .iso3 = "KEN", .title = "Mark", .paragraphs = "[\"PoA II.8\"]", .indicator = "Share",
                                .unit = "%", .status = "active", .has_baseline = true, .baseline_value = 35, .baseline_year = 2020,
                                .target_value = 100, .target_year = 2030, .synthetic = true };
    long long id = save(&ken);
    assert_true(id > 0);
    struct store_target afr = { .region = "002", .title = "Plans", .indicator = "States", .target_value = 54, .target_year = 2030 };
    long long rid = save(&afr);
    assert_true(rid > 0);
    struct store_target both = { .iso3 = "FRA", .region = "150", .title = "x", .indicator = "y", .target_value = 1, .target_year = 2030 };
    assert_int_equal(save(&both), -1);
    struct store_target neither = { .title = "x", .indicator = "y", .target_value = 1, .target_year = 2030 };
    assert_int_equal(save(&neither), -1);
    struct store_target r;
    assert_int_equal(store_target_get(db, &a, "fr", id, &r), 0);
    assert_string_equal(r.place_name, "Kenya");
    assert_string_equal(r.paragraphs, "[\"PoA II.8\"]");
    assert_true(r.has_baseline && r.baseline_year == 2020 && r.synthetic);
    assert_int_equal(store_target_get(db, &a, "fr", rid, &r), 0);
    assert_string_equal(r.place_name, "Afrique");
    assert_false(r.has_baseline);
    assert_int_equal(r.baseline_year, 0);
    assert_int_equal(store_target_get(db, &a, "en", 999999, &r), 1);
    /* An update keeps the id. */
    ken.id = id;
    ken.status = "achieved";
    assert_int_equal(save(&ken), id);
    assert_int_equal(store_target_get(db, &a, "en", id, &r), 0);
    assert_string_equal(r.status, "achieved");
    struct store_target *v;
    size_t n;
    assert_int_equal(store_targets_list(db, &a, "en", &(struct store_target_filter){ .region = "014" }, &v, &n), 0);
    assert_int_equal(n, 2);   /* Kenya (Eastern Africa) and Africa's own */
    assert_string_equal(v[0].iso3, "KEN");   /* States first */
    assert_int_equal(store_targets_list(db, &a, "en", &(struct store_target_filter){ .region = "150" }, &v, &n), 0);
    assert_int_equal(n, 0);
    assert_int_equal(store_targets_list(db, &a, "en", &(struct store_target_filter){ .paragraph = "PoA II.8" }, &v, &n), 0);
    assert_int_equal(n, 1);
    assert_int_equal(store_targets_list(db, &a, "en", &(struct store_target_filter){ .status = "active" }, &v, &n), 0);
    assert_int_equal(n, 1);
    assert_int_equal(store_targets_list(db, &a, "en", &(struct store_target_filter){ .iso3 = "KEN" }, &v, &n), 0);
    assert_int_equal(n, 1);
    /* Progress in year order, whatever the order recorded. */
    assert_int_equal(store_tx_begin(db), 0);
    assert_true(store_target_progress_add(db, &(struct store_target_progress){ .target_id = id, .value = 64, .year = 2025 }) > 0);
    assert_true(store_target_progress_add(db, &(struct store_target_progress){ .target_id = id, .value = 52, .year = 2023,
                                                                               .date = "2023-06-30", .note = "Audit" }) > 0);
    assert_int_equal(store_tx_commit(db), 0);
    struct store_target_progress *p;
    assert_int_equal(store_target_progress_list(db, &a, id, &p, &n), 0);
    assert_int_equal(n, 2);
    assert_int_equal(p[0].year, 2023);
    assert_string_equal(p[0].date, "2023-06-30");
    assert_string_equal(p[0].note, "Audit");
    assert_null(p[1].date);
    arena_cleanup(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = { cmocka_unit_test(test_save_get_list) };
    return cmocka_run_group_tests(tests, setup, teardown);
}
