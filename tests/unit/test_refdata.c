/*
 * Unit tests: domain/refdata, names checked against the reference data and the reference lists
 * as values: State codes, cycles, regions, groups and organisations checked; the organisations
 * (all, or a State's), one organisation and its members in a language, the Programme of Action
 * with its sections and paragraphs; malformed and unknown names told apart.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/refdata.h"
#include "util/arena.h"
#include "unit.h"

static char dbpath[96];
static struct store *db;

static int setup(void **state)
{
    (void)state;
    db = unit_db_open("refdata", dbpath);
    return db ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    store_close(db);
    unit_db_remove(dbpath);
    return 0;
}

static void test_checks(void **state)
{
    (void)state;
    struct err e = ERR_NONE;
    char iso3[4];
    assert_int_equal(ref_state_code(db, "ken", 3, iso3, &e), 0);
    assert_string_equal(iso3, "KEN");
    assert_int_equal(ref_state_code(db, "XYZ", 3, iso3, &e), -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
    assert_int_equal(ref_state_code(db, "KENYA", 5, iso3, &e), -1);
    assert_int_equal(e.code, ERR_INVALID);
    assert_int_equal(ref_cycle_check(db, 2024, &e), 0);
    assert_int_equal(ref_cycle_check(db, 2025, &e), -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
    assert_int_equal(ref_region_check(db, "014", &e), 0);
    assert_int_equal(ref_region_check(db, "999", &e), -1);
    assert_int_equal(e.code, ERR_INVALID);
    assert_string_equal(e.arg, "999");
    assert_int_equal(ref_group_check(db, "AFR", &e), 0);
    assert_int_equal(ref_group_check(db, "XX", &e), -1);
    assert_int_equal(ref_org_check(db, "ECOWAS", &e), 0);
    assert_int_equal(ref_org_check(db, "NOPE", &e), -1);
}

static const struct ref_org *org_of(const struct ref_org *v, size_t n, const char *code)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i].code, code) == 0) return &v[i];
    return NULL;
}

static void test_orgs(void **state)
{
    (void)state;
    struct arena a = ARENA_INIT;
    struct err e = ERR_NONE;
    struct ref_org *all, *ken;
    size_t nall, nken;
    assert_int_equal(ref_orgs(db, &a, NULL, NULL, &all, &nall, &e), 0);
    assert_true(nall >= 15);
    for (size_t i = 1; i < nall; i++) assert_true(strcmp(all[i - 1].code, all[i].code) < 0);   /* by code */
    const struct ref_org *au = org_of(all, nall, "AU");
    assert_non_null(au);
    assert_string_equal(au->name, "African Union");
    assert_true(au->members > 50);
    assert_non_null(au->kind);
    assert_int_equal(ref_orgs(db, &a, "es", "KEN", &ken, &nken, &e), 0);
    assert_true(nken > 0 && nken < nall);
    assert_non_null(org_of(ken, nken, "EAC"));
    assert_null(org_of(ken, nken, "ECOWAS"));
    assert_string_equal(org_of(ken, nken, "AU")->name, "Unión Africana");

    struct ref_org o;
    assert_int_equal(ref_org_get(db, &a, "ECOWAS", NULL, &o, &e), 0);
    assert_string_equal(o.code, "ECOWAS");
    assert_int_equal(o.members, org_of(all, nall, "ECOWAS")->members);
    assert_int_equal(ref_org_get(db, &a, "NOPE", NULL, &o, &e), -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
    assert_int_equal(ref_org_get(db, &a, "ABCDEFGHIJKLMNOPQ", NULL, &o, &e), -1);
    assert_int_equal(e.code, ERR_INVALID);

    struct ref_member *m;
    size_t nm;
    assert_int_equal(ref_org_members(db, &a, "AU", "ru", &m, &nm, &e), 0);
    assert_int_equal((int)nm, au->members);
    bool kenya = false;
    for (size_t i = 0; i < nm; i++) kenya |= strcmp(m[i].iso3, "KEN") == 0 && strcmp(m[i].name, "Кения") == 0;
    assert_true(kenya);
    assert_int_equal(ref_org_members(db, &a, "NOPE", NULL, &m, &nm, &e), 0);
    assert_int_equal(nm, 0);
    arena_cleanup(&a);
}

static void test_lists(void **state)
{
    (void)state;
    struct arena a = ARENA_INIT;
    struct err e = ERR_NONE;
    struct ref_item *v;
    size_t n;
    assert_int_equal(ref_groups(db, &a, NULL, &v, &n, &e), 0);
    assert_int_equal(n, 5);
    int states = 0;
    for (size_t i = 0; i < n; i++) states += v[i].count;
    assert_true(states >= 190);
    assert_int_equal(ref_regions(db, &a, "fr", &v, &n, &e), 0);
    bool africa = false;
    for (size_t i = 0; i < n; i++) africa |= strcmp(v[i].code, "002") == 0 && v[i].level == 1 && strcmp(v[i].name, "Afrique") == 0;
    assert_true(africa);
    arena_cleanup(&a);
}

static void test_doc(void **state)
{
    (void)state;
    struct arena a = ARENA_INIT;
    struct err e = ERR_NONE;
    struct ref_doc d;
    assert_int_equal(ref_doc_get(db, &a, "PoA", &d, &e), 0);
    assert_string_equal(d.code, "PoA");
    assert_true(d.year == 2001);
    assert_true(d.nsections >= 3);
    assert_true(d.nparagraphs > 80);
    bool ii4 = false;
    for (size_t i = 0; i < d.nparagraphs; i++) {
        assert_non_null(d.paragraphs[i].text);
        assert_non_null(d.paragraphs[i].section);
        ii4 |= strcmp(d.paragraphs[i].address, "PoA II.4") == 0;
    }
    assert_true(ii4);
    assert_int_equal(ref_doc_get(db, &a, "NOPE", &d, &e), -1);
    assert_int_equal(e.code, ERR_NOT_FOUND);
    arena_cleanup(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_checks), cmocka_unit_test(test_orgs), cmocka_unit_test(test_lists), cmocka_unit_test(test_doc),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
