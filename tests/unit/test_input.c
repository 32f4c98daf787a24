/*
 * Unit tests: domain/input, the checks of a user's JSON fields shared by assistance, projects
 * and targets: text (absent, null, blank, too long counted in characters, not text, a NUL
 * inside), amounts, lists of codes (repeats dropped, a bad code or a long list refused),
 * unknown fields, the error a list of problems becomes, and the cap on problems.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "domain/input.h"
#include "util/arena.h"

static json_t *obj(const char *text)
{
    json_t *o = json_loads(text, JSON_ALLOW_NUL, NULL);
    assert_non_null(o);
    return o;
}

static void test_text(void **state)
{
    (void)state;
    struct assist_field_errors errs = { .n = 0 };
    json_t *in = obj("{\"t\": \"  Kenya  \", \"blank\": \" \\n\", \"null\": null, \"num\": 3, \"nul\": \"a\\u0000b\", "
                     "\"long\": \"\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\"}");
    assert_string_equal(input_text(in, "t", 9, true, NULL, &errs, "long", "missing"), "  Kenya  ");
    /* Four characters in eight bytes: the limit is in characters. */
    assert_string_equal(input_text(in, "long", 4, true, NULL, &errs, "long", "missing"), "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9");
    assert_int_equal(errs.n, 0);
    /* Absent or null: the caller's value when not required. */
    assert_null(input_text(in, "absent", 9, false, NULL, &errs, "long", "missing"));
    assert_string_equal(input_text(in, "null", 9, false, "", &errs, "long", "missing"), "");
    assert_int_equal(errs.n, 0);
    /* Required: absent, null and blank are missing. */
    assert_null(input_text(in, "absent", 9, true, "", &errs, "long", "missing"));
    assert_null(input_text(in, "blank", 9, true, "", &errs, "long", "missing"));
    assert_int_equal(errs.n, 2);
    assert_string_equal(errs.v[0].field, "absent");
    assert_string_equal(errs.v[1].msg, "missing");
    /* Too long, not text, a NUL inside. */
    assert_null(input_text(in, "long", 3, false, "", &errs, "long", "missing"));
    assert_null(input_text(in, "num", 9, false, "", &errs, "long", "missing"));
    assert_null(input_text(in, "nul", 9, false, "", &errs, "long", "missing"));
    assert_int_equal(errs.n, 5);
    assert_string_equal(errs.v[2].msg, "long");
    assert_string_equal(errs.v[3].msg, "Write text here.");
    assert_string_equal(errs.v[4].field, "nul");
    json_decref(in);
}

static void test_amount(void **state)
{
    (void)state;
    struct assist_field_errors errs = { .n = 0 };
    json_t *in = obj("{\"a\": 12.5, \"zero\": 0, \"neg\": -1, \"big\": 2e12, \"text\": \"5\", \"null\": null}");
    bool has = true;
    double v = 0;
    assert_int_equal(input_amount(in, "a", "bad", &has, &v, &errs), 0);
    assert_true(has);
    assert_true(v == 12.5);
    assert_int_equal(input_amount(in, "zero", "bad", &has, &v, &errs), 0);
    assert_true(has && v == 0);
    assert_int_equal(input_amount(in, "null", "bad", &has, &v, &errs), 0);
    assert_false(has);
    assert_int_equal(input_amount(in, "absent", "bad", &has, &v, &errs), 0);
    assert_false(has);
    assert_int_equal(errs.n, 0);
    assert_int_equal(input_amount(in, "neg", "bad", &has, &v, &errs), -1);
    assert_int_equal(input_amount(in, "big", "bad", &has, &v, &errs), -1);
    assert_int_equal(input_amount(in, "text", "bad", &has, &v, &errs), -1);
    assert_int_equal(errs.n, 3);
    assert_string_equal(errs.v[0].msg, "bad");
    assert_string_equal(errs.v[2].field, "text");
    json_decref(in);
}

static void test_codes(void **state)
{
    (void)state;
    struct arena a = ARENA_INIT;
    struct assist_field_errors errs = { .n = 0 };
    json_t *in = obj("{\"p\": [\"PoA II.17\", \"ITI 8a\", \"PoA II.17\"], \"bad\": [\"PoA II.17\", \"PoA IX.1\"], "
                     "\"notlist\": \"PoA II.17\", \"empty\": []}");
    assert_string_equal(input_codes(&a, in, "p", input_paragraph_ok, NULL, &errs, "bad"), "[\"PoA II.17\",\"ITI 8a\"]");
    assert_string_equal(input_codes(&a, in, "absent", input_paragraph_ok, NULL, &errs, "bad"), "[]");
    assert_string_equal(input_codes(&a, in, "empty", input_paragraph_ok, NULL, &errs, "bad"), "[]");
    assert_int_equal(errs.n, 0);
    assert_null(input_codes(&a, in, "bad", input_paragraph_ok, NULL, &errs, "bad"));
    assert_null(input_codes(&a, in, "notlist", input_paragraph_ok, NULL, &errs, "bad"));
    assert_int_equal(errs.n, 2);
    assert_string_equal(errs.v[1].field, "notlist");
    /* More than ASSIST_LIST_MAX codes. */
    json_t *many = json_array();
    for (int i = 0; i <= ASSIST_LIST_MAX; i++) json_array_append_new(many, json_string("ITI 8"));
    json_object_set_new(in, "many", many);
    assert_null(input_codes(&a, in, "many", input_paragraph_ok, NULL, &errs, "bad"));
    assert_int_equal(errs.n, 3);
    json_decref(in);
    arena_cleanup(&a);
}

static void test_unknown_invalid(void **state)
{
    (void)state;
    static const char *const KNOWN[] = { "title", "notes", NULL };
    struct assist_field_errors errs = { .n = 0 };
    struct err e = ERR_NONE;
    assert_int_equal(input_invalid(&errs, &e), -1);
    assert_int_equal(e.code, ERR_INVALID);
    assert_string_equal(e.msg, "Check the fields.");
    assert_null(e.arg);
    json_t *in = obj("{\"title\": \"x\", \"titel\": \"y\", \"notes\": null}");
    input_unknown(in, KNOWN, &errs);
    assert_int_equal(errs.n, 1);
    assert_string_equal(errs.v[0].field, "titel");
    assert_int_equal(input_invalid(&errs, &e), -1);
    assert_string_equal(e.arg, "titel");
    assert_string_equal(e.msg, "This field is not known: check its name.");
    /* The list is capped, never overrun. */
    for (int i = 0; i < 100; i++) input_error(&errs, "f", "m");
    assert_int_equal(errs.n, sizeof errs.v / sizeof errs.v[0]);
    json_decref(in);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text),
        cmocka_unit_test(test_amount),
        cmocka_unit_test(test_codes),
        cmocka_unit_test(test_unknown_invalid),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
