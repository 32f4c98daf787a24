/*
 * Unit tests: util/csv, the RFC 4180 writer: quoting of commas, semicolons, tabs, quotes and
 * line breaks, the formula-injection guard (a cell starting with = + - @ tab or CR gets an
 * apostrophe), UTF-8 kept as is, invalid UTF-8 and control characters made harmless before
 * the guard looks.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "util/buf.h"
#include "util/csv.h"

/* One row of fields as the writer writes it (without the CRLF), compared with want. */
static void row_is(const char *const *fields, size_t n, const char *want)
{
    struct buf b = BUF_INIT;
    for (size_t i = 0; i < n; i++) csv_field(&b, fields[i], i == 0);
    assert_string_equal(buf_cstr(&b), want);
    buf_cleanup(&b);
}

static void field_is(const char *field, const char *want)
{
    const char *f[] = { field };
    row_is(f, 1, want);
}

static void test_plain_fields(void **state)
{
    (void)state;
    const char *f[] = { "KEN", "2026", "Kenya", "" };
    row_is(f, 4, "KEN,2026,Kenya,");
    const char *g[] = { NULL, "x", NULL };
    row_is(g, 3, ",x,");               /* NULL is an empty field */
    field_is("a b", "a b");            /* spaces need no quotes */
    field_is("1.5", "1.5");
    field_is("a=b", "a=b");            /* '=' inside a field is not a formula */
    field_is("Small arms and light weapons", "Small arms and light weapons");   /* plain text unchanged */
    field_is("a.b:c|d'e", "a.b:c|d'e");
}

static void test_rfc4180_quoting(void **state)
{
    (void)state;
    field_is("a,b", "\"a,b\"");
    field_is("say \"hi\"", "\"say \"\"hi\"\"\"");
    field_is("\"", "\"\"\"\"");
    field_is("line 1\nline 2", "\"line 1\nline 2\"");
    field_is("line 1\r\nline 2", "\"line 1\r\nline 2\"");
    const char *f[] = { "x,y", "z" };
    row_is(f, 2, "\"x,y\",z");
    struct buf b = BUF_INIT;
    csv_field(&b, "a", true);
    csv_end_row(&b);
    csv_field(&b, "b", true);
    csv_end_row(&b);
    assert_string_equal(buf_cstr(&b), "a\r\nb\r\n");
    buf_cleanup(&b);
}

static void test_formula_guard(void **state)
{
    (void)state;
    field_is("=1+1", "\"'=1+1\"");
    field_is("+1", "\"'+1\"");
    field_is("-1", "\"'-1\"");
    field_is("@SUM(A1)", "\"'@SUM(A1)\"");
    field_is("\t=1", "\"'\t=1\"");
    field_is("\r=1", "\"'\r=1\"");
    /* The classic payloads, quoted and escaped at once. */
    field_is("=HYPERLINK(\"http://evil\",\"x\")", "\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\"");
    field_is("=cmd|' /C calc'!A0", "\"'=cmd|' /C calc'!A0\"");
    field_is("-2+3,4", "\"'-2+3,4\"");
    /* A ';' or tab inside a field is quoted, so a reader whose list separator is ';' (French,
       German, Russian, Spanish Excel) or tab keeps it one cell: no '=' starts a cell of its own. */
    field_is("a;=b", "\"a;=b\"");
    field_is("x\t=y", "\"x\t=y\"");
    field_is("Fund;=cmd|' /C calc'!A0;x", "\"Fund;=cmd|' /C calc'!A0;x\"");
    field_is("a;b\"c", "\"a;b\"\"c\"");
    field_is(";=1", "\";=1\"");
    /* Only the first character matters. */
    field_is(" =1", " =1");
    field_is("a-b", "a-b");
}

static void test_utf8(void **state)
{
    (void)state;
    field_is("Côte d’Ivoire", "Côte d’Ivoire");
    field_is("中国", "中国");
    field_is("الأمم المتحدة", "الأمم المتحدة");
    field_is("Türkiye, Republic of", "\"Türkiye, Republic of\"");
    /* Invalid UTF-8 becomes U+FFFD; a stray control character is dropped. */
    field_is("a\xff" "b", "a\xEF\xBF\xBD" "b");
    field_is("a\x01" "b", "ab");
    /* Sanitised first, then guarded: a control character cannot hide a formula from the guard. */
    field_is("\x01=1+1", "\"'=1+1\"");
    /* A truncated multi-byte sequence at the end: each stray byte becomes U+FFFD. */
    field_is("abc\xE4\xB8", "abc\xEF\xBF\xBD\xEF\xBF\xBD");
    field_is("=\xE4", "\"'=\xEF\xBF\xBD\"");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_fields), cmocka_unit_test(test_rfc4180_quoting),
        cmocka_unit_test(test_formula_guard), cmocka_unit_test(test_utf8),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
