/*
 * Unit tests: domain/bulk, reports in and out as JSON Lines.  An import is all or nothing:
 * every error is reported with its line number and nothing is written; a good file comes back
 * identical from the export (the round trip); drafts are imported but never exported; hostile
 * lines (not JSON, duplicate keys, wrong types, unknown States and questions) are refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/bulk.h"
#include "unit.h"

UNIT_DB_FIXTURE("bulk", 0)

/* Import text; the error output into *errs (owned) when errs is not NULL. */
static long import_text(const char *text, char **errs)
{
    char *copy = strdup(text);
    FILE *in = fmemopen(copy, strlen(copy), "r");
    assert_non_null(in);
    char *e = NULL;
    size_t elen = 0;
    FILE *err = open_memstream(&e, &elen);
    long n = bulk_import(db, in, err, NULL);
    fclose(in);
    free(copy);
    fclose(err);
    if (errs) *errs = e; else free(e);
    return n;
}

static char *export_text(int cycle, long *n)
{
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    *n = bulk_export(db, cycle, f);
    fclose(f);
    return out;
}

static int count_cb(const struct store_report *r, void *ctx) { (void)r; (*(int *)ctx)++; return 0; }

static int reports(void)
{
    int n = 0;
    assert_int_equal(store_reports_each(db, NULL, 0, NULL, false, count_cb, &n), 0);
    return n;
}

static void test_errors_have_line_numbers_and_nothing_is_written(void **state)
{
    (void)state;
    const char *text =
        "{\"state\": \"KEN\", \"cycle\": 2024, \"status\": \"published\", \"answers\": {\"coord.body\": \"yes\"}}\n"
        "\n"                                                                                    /* blank: skipped */
        "not json\n"                                                                            /* line 3 */
        "{\"state\": \"XYZ\", \"cycle\": 2024, \"answers\": {}}\n"                              /* 4: no such State */
        "{\"state\": \"FRA\", \"cycle\": 2023, \"answers\": {}}\n"                              /* 5: no template */
        "{\"state\": \"PER\", \"cycle\": 2024, \"status\": \"lost\", \"answers\": {}}\n"        /* 6: bad status */
        "{\"state\": \"GHA\", \"cycle\": 2024, \"answers\": {\"coord.body\": \"perhaps\"}}\n"   /* 7: bad value */
        "{\"state\": \"GHA\", \"cycle\": 2024, \"answers\": {\"no.such\": 1}}\n"                /* 8: no such question */
        "{\"state\": \"GHA\", \"cycle\": 2024, \"answers\": []}\n"                              /* 9: answers not an object */
        "{\"state\": \"GHA\", \"state\": \"KEN\", \"cycle\": 2024, \"answers\": {}}\n"          /* 10: duplicate key */
        "[1, 2, 3]\n";                                                                          /* 11: not an object */
    char *errs;
    assert_int_equal(import_text(text, &errs), -1);
    const char *want[] = { "line 3:", "line 4: state", "line 5: cycle", "line 6: status", "line 7: coord.body",
                           "line 8: no.such", "line 9: answers", "line 10:", "line 11:", "nothing was imported" };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        if (!strstr(errs, want[i])) fail_msg("missing \"%s\" in:\n%s", want[i], errs);
    assert_null(strstr(errs, "line 1:"));
    assert_null(strstr(errs, "line 2:"));
    free(errs);
    assert_int_equal(reports(), 0);            /* the good first line was not written either */
}

static void test_duplicate_report_refused_whole(void **state)
{
    (void)state;
    const char *text =
        "{\"state\": \"KEN\", \"cycle\": 2024, \"status\": \"published\", \"answers\": {}}\n"
        "{\"state\": \"KEN\", \"cycle\": 2024, \"status\": \"published\", \"answers\": {}}\n";
    char *errs;
    assert_int_equal(import_text(text, &errs), -1);
    assert_non_null(strstr(errs, "line 2: this State already has a report"));
    free(errs);
    assert_int_equal(reports(), 0);
}

static void test_round_trip(void **state)
{
    (void)state;
    const char *text =
        "{\"state\": \"KEN\", \"cycle\": 2024, \"status\": \"published\", \"language\": \"en\", \"synthetic\": false, "
        "\"answers\": {\"coord.body\": \"yes\", \"coord.poc\": {\"name\": \"Amina Wanjiru\", \"email\": \"a@example.org\"}, "
        "\"challenges.comments\": \"Côte d’Ivoire, 中国, \\\"quotes\\\" and\\nlines\"}}\n"
        "{\"state\": \"FRA\", \"cycle\": 2022, \"status\": \"published\", \"language\": \"fr\", \"synthetic\": true, "
        "\"answers\": {\"coord.body\": \"developing\"}}\n"
        "{\"state\": \"PER\", \"cycle\": 2024, \"status\": \"draft\", \"language\": \"es\", \"answers\": {\"coord.body\": \"no\"}}\n";
    char *errs;
    long imported = import_text(text, &errs);
    if (imported != 3) fail_msg("%s", errs);
    free(errs);
    assert_int_equal(reports(), 3);
    long n;
    char *out = export_text(0, &n);
    assert_int_equal(n, 2);                    /* the draft is never exported */
    assert_null(strstr(out, "PER"));
    /* Each exported line is the imported one, with its version. */
    json_t *in_lines[2] = { json_loads(text, JSON_DISABLE_EOF_CHECK, NULL), NULL };
    const char *second = strchr(text, '\n') + 1;
    in_lines[1] = json_loads(second, JSON_DISABLE_EOF_CHECK, NULL);
    char *line = out;
    int matched = 0;
    for (char *nl; (nl = strchr(line, '\n')); line = nl + 1) {
        *nl = 0;
        json_t *o = json_loads(line, 0, NULL);
        assert_non_null(o);
        assert_int_equal(json_integer_value(json_object_get(o, "version")), 1);
        for (int i = 0; i < 2; i++)
            if (!strcmp(json_string_value(json_object_get(o, "state")), json_string_value(json_object_get(in_lines[i], "state")))) {
                assert_true(json_equal(json_object_get(o, "answers"), json_object_get(in_lines[i], "answers")));
                assert_int_equal(json_integer_value(json_object_get(o, "cycle")), json_integer_value(json_object_get(in_lines[i], "cycle")));
                assert_string_equal(json_string_value(json_object_get(o, "language")), json_string_value(json_object_get(in_lines[i], "language")));
                assert_true(json_equal(json_object_get(o, "synthetic"), json_object_get(in_lines[i], "synthetic")));
                matched++;
            }
        json_decref(o);
    }
    assert_int_equal(matched, 2);
    json_decref(in_lines[0]);
    json_decref(in_lines[1]);
    free(out);
    /* One cycle only. */
    out = export_text(2022, &n);
    assert_int_equal(n, 1);
    assert_non_null(strstr(out, "\"FRA\""));
    free(out);
    out = export_text(2010, &n);
    assert_int_equal(n, 0);
    assert_string_equal(out, "");
    free(out);
    /* The export is ASCII: non-ASCII text is escaped, and an export imports again elsewhere. */
    out = export_text(0, &n);
    for (const unsigned char *p = (const unsigned char *)out; *p; p++) assert_true(*p < 0x80);
    free(out);
}

static void test_empty_input(void **state)
{
    (void)state;
    int before = reports();
    assert_int_equal(import_text("", NULL), 0);
    assert_int_equal(import_text("\n\n", NULL), 0);
    assert_int_equal(reports(), before);
}

/* The export holds no raw '<' (an answer's markup is escaped as the API escapes it) and still reads back the same. */
static void test_export_escapes_markup(void **state)
{
    (void)state;
    const char *text = "{\"state\": \"MEX\", \"cycle\": 2022, \"status\": \"published\", \"language\": \"es\", "
                       "\"answers\": {\"challenges.comments\": \"</script><script>alert(1)</script> a < b\"}}\n";
    char *errs;
    long imported = import_text(text, &errs);
    if (imported != 1) fail_msg("%s", errs);
    free(errs);
    long n;
    char *out = export_text(2022, &n);
    assert_true(n >= 1);
    assert_null(strchr(out, '<'));
    char *line = strstr(out, "\"MEX\"");
    assert_non_null(line);
    while (line > out && line[-1] != '\n') line--;
    char *nl = strchr(line, '\n');
    assert_non_null(nl);
    *nl = 0;
    json_t *o = json_loads(line, 0, NULL);
    assert_non_null(o);
    assert_string_equal(json_string_value(json_object_get(json_object_get(o, "answers"), "challenges.comments")),
                        "</script><script>alert(1)</script> a < b");
    json_decref(o);
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_errors_have_line_numbers_and_nothing_is_written),
        cmocka_unit_test(test_duplicate_report_refused_whole), cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_empty_input), cmocka_unit_test(test_export_escapes_markup),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
