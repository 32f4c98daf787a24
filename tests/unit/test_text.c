/* Unit tests: util/text (escaping writers, UTF-8, URL decoding), util/buf, util/jsonw. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/jsonw.h"
#include "util/text.h"

static void test_html_escapes_everything_dangerous(void **state)
{
    (void)state;
    struct buf b = BUF_INIT;
    html_text(&b, "<script>alert('x')</script> & \"q\"");
    assert_string_equal(buf_cstr(&b), "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;");
    buf_clear(&b);
    html_textn(&b, "a\xff" "b\x01" "c", 5);   /* invalid UTF-8 and a control character become U+FFFD */
    assert_string_equal(buf_cstr(&b), "a\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c");
    buf_clear(&b);
    html_text(&b, "Côte d’Ivoire 中文 العربية");
    assert_string_equal(buf_cstr(&b), "Côte d’Ivoire 中文 العربية");
    buf_clear(&b);
    HTML_LIT(&b, "<p>");
    html_textf(&b, "%d <b>", 3);
    assert_string_equal(buf_cstr(&b), "<p>3 &lt;b&gt;");
    buf_cleanup(&b);
}

static void test_urlpart(void **state)
{
    (void)state;
    struct buf b = BUF_INIT;
    html_urlpart(&b, "a b/\"<é");
    assert_string_equal(buf_cstr(&b), "a%20b%2F%22%3C%C3%A9");
    buf_cleanup(&b);
}

static void test_utf8_valid_text(void **state)
{
    (void)state;
    assert_true(utf8_valid_text("plain\ttext\n", 11));
    assert_true(utf8_valid_text("\xC3\xA9\xE4\xB8\xAD\xF0\x9F\x98\x80", 9));
    assert_false(utf8_valid_text("\xC3", 1));            /* truncated */
    assert_false(utf8_valid_text("\xC0\xAF", 2));        /* overlong */
    assert_false(utf8_valid_text("\xED\xA0\x80", 3));    /* surrogate */
    assert_false(utf8_valid_text("\xF4\x90\x80\x80", 4));/* above U+10FFFF */
    assert_false(utf8_valid_text("a\0b", 3));            /* NUL */
    assert_false(utf8_valid_text("\x1b[31m", 5));        /* escape */
}

/* What XML 1.0 cannot hold is refused on input and replaced (or dropped) on output, so no spreadsheet breaks. */
static void test_xml_forbidden_characters(void **state)
{
    (void)state;
    assert_false(utf8_valid_text("Need \xEF\xBF\xBF here", 13));   /* U+FFFF */
    assert_false(utf8_valid_text("\xEF\xBF\xBE", 3));               /* U+FFFE */
    for (int c = 1; c < 0x20; c++) {
        char s[2] = { (char)c, 0 };
        assert_int_equal(utf8_valid_text(s, 1), c == '\t' || c == '\n' || c == '\r');
    }
    assert_false(utf8_valid_text("\x7F", 1));                         /* DEL */
    assert_true(utf8_valid_text("\xEF\xBF\xBD\xEF\xBF\xBC", 6));       /* U+FFFD, U+FFFC: allowed */
    assert_true(utf8_valid_text("\xEF\xB7\x90\xF0\x9F\xBF\xBF", 7));  /* U+FDD0, U+1FFFF: XML allows them */

    struct buf b = BUF_INIT;
    const char in[] = "a\xEF\xBF\xBF" "b\xEF\xBF\xBE" "c\x01" "d\xff" "e\t\r\n\xEF\xBF\xBD";
    text_sanitize(&b, in, sizeof in - 1);
    assert_string_equal(buf_cstr(&b), "a\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c" "d\xEF\xBF\xBD" "e\t\r\n\xEF\xBF\xBD");
    assert_true(utf8_valid_text(b.data, b.len));   /* what the filter gives, the check accepts */
    /* Pages show U+FFFD for them; JSON keeps them, escaped (a lossless \\u escape, no raw non-character). */
    buf_clear(&b);
    html_text(&b, "x\xEF\xBF\xBFy");
    assert_string_equal(buf_cstr(&b), "x\xEF\xBF\xBDy");
    buf_clear(&b);
    json_write_string(&b, "x\xEF\xBF\xBE\xEF\xBF\xBFy");
    assert_string_equal(buf_cstr(&b), "\"x\\ufffe\\uffffy\"");
    buf_cleanup(&b);
}

static void test_chars(void **state)
{
    (void)state;
    assert_int_equal(text_chars("K\xc3\xa9nya"), 5);                        /* é is one character */
    assert_int_equal(text_chars("\xe4\xb8\xad\xf0\x9f\x98\x80"), 2);       /* 3 and 4 bytes */
    assert_int_equal(text_chars(""), 0);
    assert_int_equal(text_chars(NULL), 0);
    assert_int_equal(text_charsn("K\xc3\xa9nya", 3), 2);                    /* only the bytes given */
    assert_int_equal(text_charsn("a\0b", 3), 3);                            /* a NUL is a character here */
    assert_int_equal(text_charsn(NULL, 0), 0);
}

static void test_url_decode(void **state)
{
    (void)state;
    char a[] = "a%20b+c%C3%A9";
    assert_int_equal(url_decode(a, true), 7);
    assert_string_equal(a, "a b c\xC3\xA9");
    char b[] = "a+b";
    url_decode(b, false);
    assert_string_equal(b, "a+b");
    char c[] = "%zz";
    assert_int_equal(url_decode(c, true), -1);
    char d[] = "%4";
    assert_int_equal(url_decode(d, true), -1);
}

static void test_code_upper(void **state)
{
    (void)state;
    char out[4];
    assert_true(text_code_upper("ken", 3, out));
    assert_string_equal(out, "KEN");
    assert_false(text_code_upper("KENY", 3, out));
    assert_false(text_code_upper("K3N", 3, out));
    assert_false(text_code_upper(NULL, 3, out));
}

static void test_jsonw(void **state)
{
    (void)state;
    struct buf b = BUF_INIT;
    struct jsonw w;
    jsonw_init(&w, &b);
    jsonw_obj(&w);
    jsonw_kstr(&w, "s", "q\"\\\n</script>\x01\xff");
    jsonw_kint(&w, "n", -5);
    jsonw_key(&w, "a");
    jsonw_arr(&w);
    jsonw_int(&w, 1);
    jsonw_null(&w);
    jsonw_bool(&w, true);
    jsonw_obj(&w);
    jsonw_obj_end(&w);
    jsonw_arr_end(&w);
    jsonw_kstr(&w, "z", NULL);
    jsonw_obj_end(&w);
    assert_string_equal(buf_cstr(&b),
        "{\"s\":\"q\\\"\\\\\\n\\u003c/script>\\u0001\xEF\xBF\xBD\",\"n\":-5,\"a\":[1,null,true,{}],\"z\":null}");
    buf_cleanup(&b);
}

static void test_buf_growth(void **state)
{
    (void)state;
    struct buf b = BUF_INIT;
    assert_string_equal(buf_cstr(&b), "");
    for (int i = 0; i < 10000; i++) buf_printf(&b, "%d,", i % 10);
    assert_int_equal(b.len, 20000);
    size_t n;
    char *s = buf_steal(&b, &n);
    assert_int_equal(n, 20000);
    assert_int_equal(b.len, 0);
    free(s);
    buf_printf(&b, "%s", "x");
    assert_string_equal(buf_cstr(&b), "x");
    buf_cleanup(&b);
}

static void test_fold(void **state)
{
    (void)state;
    struct buf b = BUF_INIT;
    const char *s = "C\xC3\xB4te d\xE2\x80\x99Ivoire \xD0\xA4\xD1\x80\xD0\xB0\xD0\xBD\xD1\x86\xD0\xB8\xD1\x8F T\xC3\xBCrkiye \xC5\x81\xC3\xB3" "d\xC5\xBA \xE4\xB8\xAD";
    text_fold(&b, s, strlen(s));
    assert_string_equal(buf_cstr(&b), "cote d'ivoire \xD1\x84\xD1\x80\xD0\xB0\xD0\xBD\xD1\x86\xD0\xB8\xD1\x8F turkiye lodz \xE4\xB8\xAD");
    buf_clear(&b);
    text_fold(&b, "a\xff" "b", 3);   /* invalid bytes dropped */
    assert_string_equal(buf_cstr(&b), "ab");
    buf_cleanup(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_html_escapes_everything_dangerous),
        cmocka_unit_test(test_urlpart),
        cmocka_unit_test(test_utf8_valid_text),
        cmocka_unit_test(test_xml_forbidden_characters),
        cmocka_unit_test(test_chars),
        cmocka_unit_test(test_url_decode),
        cmocka_unit_test(test_code_upper),
        cmocka_unit_test(test_jsonw),
        cmocka_unit_test(test_buf_growth),
        cmocka_unit_test(test_fold),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
