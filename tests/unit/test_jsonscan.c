/*
 * Unit tests: util/jsonscan, the values of some top-level keys of a JSON object: strings with
 * escaped quotes and braces inside, nested objects and arrays skipped whole, absent keys, a key
 * that occurs twice, white space, and text that is not an object.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "util/jsonscan.h"

static void expect(const struct jsonscan_value *v, const char *want)
{
    if (!want) { assert_null(v->p); return; }
    assert_non_null(v->p);
    assert_int_equal(v->n, strlen(want));
    assert_memory_equal(v->p, want, v->n);
}

static void test_values(void **state)
{
    (void)state;
    const char *doc = "{\"a.b\": \"yes\", \"t\": \"say \\\"{[\\\" here\\\\\", \"g\": {\"x\": [1, {\"y\": \"}\"}], \"z\": null},"
                      " \"n\" : 12.5 , \"arr\": [\"]\", 2], \"last\": true}";
    const char *keys[] = { "a.b", "t", "g", "n", "arr", "last", "missing", "x" };
    struct jsonscan_value v[8];
    assert_int_equal(jsonscan_top(doc, strlen(doc), keys, 8, v), 6);
    expect(&v[0], "\"yes\"");
    expect(&v[1], "\"say \\\"{[\\\" here\\\\\"");
    expect(&v[2], "{\"x\": [1, {\"y\": \"}\"}], \"z\": null}");
    expect(&v[3], "12.5");
    expect(&v[4], "[\"]\", 2]");
    expect(&v[5], "true");
    expect(&v[6], NULL);
    expect(&v[7], NULL);   /* a nested key is not a top-level one */
}

static void test_edges(void **state)
{
    (void)state;
    const char *keys[] = { "k" };
    struct jsonscan_value v[1];
    assert_int_equal(jsonscan_top("{}", 2, keys, 1, v), 0);
    assert_int_equal(jsonscan_top("[1]", 3, keys, 1, v), 0);
    assert_int_equal(jsonscan_top(NULL, 0, keys, 1, v), 0);
    const char *twice = "{\"k\": 1, \"k\": 2}";
    assert_int_equal(jsonscan_top(twice, strlen(twice), keys, 1, v), 1);
    expect(&v[0], "2");   /* the last wins */
    const char *cut = "{\"k\": {\"a\": 1";
    assert_int_equal(jsonscan_top(cut, strlen(cut), keys, 1, v), 0);
    const char *esc = "{\"\\u006b\": 1, \"k\\\"\": 2}";   /* only \" and \\ are decoded in keys */
    assert_int_equal(jsonscan_top(esc, strlen(esc), keys, 1, v), 0);
}

static void test_strings(void **state)
{
    (void)state;
    struct jsonscan_value v[4];
    const char *a = "[\"002\", 3, \"KEN\", {\"x\": \"]\"}, \"a\\\"b\"]";
    assert_int_equal(jsonscan_strings(a, strlen(a), v, 4), 3);
    expect(&v[0], "002");
    expect(&v[1], "KEN");
    expect(&v[2], "a\\\"b");
    assert_int_equal(jsonscan_strings("[]", 2, v, 4), 0);
    assert_int_equal(jsonscan_strings("{\"a\": 1}", 8, v, 4), 0);
    assert_int_equal(jsonscan_strings("[\"x\", \"y\"]", 10, v, 1), 1);   /* at most max */
}

int main(void)
{
    const struct CMUnitTest tests[] = { cmocka_unit_test(test_values), cmocka_unit_test(test_edges), cmocka_unit_test(test_strings) };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
