/* Unit tests: web/table_export (suffixes, CSV guard and numbers, JSON escaping, the workbook, the links). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>

#include "web/table_export.h"

static const struct table_col COLS[] = { { "name", "Name", 0, 0 }, { "count", "Count", 0, 0 }, { "ok", NULL, 0, 0 }, { "note", "Note", 0, 0 } };

static void fill(struct table *t)
{
    table_init(t, COLS, 4);
    table_text(t, "=1+1");
    table_int(t, -5);
    table_bool(t, true);
    table_text(t, "a, \"b\"");
    table_text(t, "<b>&");
    table_number(t, 2.5);
    table_bool(t, false);
    table_empty(t);
}

static char tmpdir[] = "/tmp/poaiss-test-table-XXXXXX";   /* private: other programs' files do not count */

static int temp_files(void)
{
    int n = 0;
    DIR *d = opendir(tmpdir);
    struct dirent *e;
    while (d && (e = readdir(d))) n += strncmp(e->d_name, "poaiss-table-", 13) == 0;
    if (d) closedir(d);
    return n;
}

static const char *header(const struct http_response *r, const char *name)
{
    for (size_t i = 0; i < r->nheaders; i++)
        if (strcmp(r->headers[i].name, name) == 0) return r->headers[i].value;
    return NULL;
}

static void test_suffix(void **state)
{
    (void)state;
    size_t n;
    assert_int_equal(table_format_split("/states.csv", &n), TABLE_CSV);
    assert_int_equal(n, 7);
    assert_int_equal(table_format_split("coord.nap.xlsx", &n), TABLE_XLSX);
    assert_int_equal(n, 9);
    assert_int_equal(table_format_split("KEN.json", &n), TABLE_JSON);
    assert_int_equal(n, 3);
    assert_int_equal(table_format_split("coord.nap", &n), TABLE_PAGE);
    assert_int_equal(n, 9);
    assert_int_equal(table_format_split(".csv", &n), TABLE_PAGE);   /* a suffix alone names nothing */
    assert_int_equal(table_format_split("/states.CSV", NULL), TABLE_PAGE);
    assert_int_equal(table_format_split(NULL, &n), TABLE_PAGE);
    assert_int_equal(n, 0);
}

static void test_csv(void **state)
{
    (void)state;
    struct table t;
    fill(&t);
    assert_int_equal(table_rows(&t), 2);
    struct http_request req = { 0 };
    struct http_response res = { 0 };
    table_send(&t, TABLE_CSV, "poaiss-x y", &req, &res);
    assert_string_equal(res.content_type, "text/csv; charset=utf-8");
    assert_string_equal(header(&res, "Content-Disposition"), "attachment; filename=\"poaiss-x_y.csv\"");
    assert_string_equal(buf_cstr(&res.body),
                        "\xEF\xBB\xBF" "name,count,ok,note\r\n"
                        "\"'=1+1\",-5,true,\"a, \"\"b\"\"\"\r\n"
                        "<b>&,2.5,false,\r\n");
    http_response_cleanup(&res);
    table_cleanup(&t);
}

static void test_json(void **state)
{
    (void)state;
    struct table t;
    fill(&t);
    table_text(&t, "short row");   /* a last row left short: its missing cells are null */
    struct http_request req = { 0 };
    struct http_response res = { 0 };
    table_send(&t, TABLE_JSON, "poaiss-x", &req, &res);
    assert_string_equal(res.content_type, "application/json; charset=utf-8");
    assert_string_equal(buf_cstr(&res.body),
                        "[{\"name\":\"=1+1\",\"count\":-5,\"ok\":true,\"note\":\"a, \\\"b\\\"\"},"
                        "{\"name\":\"\\u003cb\\u003e\\u0026\",\"count\":2.5,\"ok\":false,\"note\":null},"
                        "{\"name\":\"short row\",\"count\":null,\"ok\":null,\"note\":null}]\n");
    http_response_cleanup(&res);
    table_cleanup(&t);
}

static void test_xlsx(void **state)
{
    (void)state;
    struct table t;
    fill(&t);
    table_text(&t, "\xff invalid UTF-8 \x01 and a control character");
    assert_non_null(mkdtemp(tmpdir));
    setenv("TMPDIR", tmpdir, 1);
    int before = temp_files();
    struct http_request req = { 0 };
    struct http_response res = { 0 };
    table_send(&t, TABLE_XLSX, "poaiss-a/b:c", &req, &res);
    assert_int_equal(res.status, 0);   /* not an error page */
    assert_string_equal(res.content_type, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    assert_string_equal(header(&res, "Content-Disposition"), "attachment; filename=\"poaiss-a_b_c.xlsx\"");
    assert_true(res.body.len > 1000);
    assert_memory_equal(res.body.data, "PK\x03\x04", 4);
    assert_int_equal(temp_files(), before);   /* the temporary file is gone */
    unsetenv("TMPDIR");
    assert_int_equal(rmdir(tmpdir), 0);
    http_response_cleanup(&res);
    table_cleanup(&t);
}

static void test_links(void **state)
{
    (void)state;
    struct http_param p[] = { { "q", "a \"<b>\"" }, { "page", "3" }, { "group", "AFR" } };
    struct http_request req = { .query = { p, 3 } };
    struct buf b = BUF_INIT;
    table_links(&b, &req, "/questions/co ord.nap");
    assert_string_equal(buf_cstr(&b),
                        "<p class=\"downloads\">Download: "
                        "<a href=\"/questions/co%20ord.nap.csv?q=a%20%22%3Cb%3E%22&amp;group=AFR\" download>CSV</a> · "
                        "<a href=\"/questions/co%20ord.nap.xlsx?q=a%20%22%3Cb%3E%22&amp;group=AFR\" download>XLSX</a> · "
                        "<a href=\"/questions/co%20ord.nap.json?q=a%20%22%3Cb%3E%22&amp;group=AFR\" download>JSON</a></p>\n");
    buf_cleanup(&b);
}

/* The page's table comes from the same description: escaped, empty cells as a dash, links, hidden columns. */
static void test_html(void **state)
{
    (void)state;
    static const struct table_col cols[] = {
        { "name", "Name <n>", TABLE_COL_ROWHEAD, 3 }, { "count", "Count", TABLE_COL_NUM | TABLE_COL_LTR, 0 },
        { "url", "Address", TABLE_COL_NOHTML, 0 },
    };
    struct table t;
    table_init(&t, cols, 3);
    table_text(&t, "<script>");
    table_int(&t, 7);
    table_text(&t, "/states/KEN\"x");
    table_text(&t, "Peru");
    table_empty(&t);
    table_text(&t, "javascript:alert(1)");
    struct buf b = BUF_INIT;
    table_html(&b, &t, "demo", "Cap & tion", false);
    const char *h = buf_cstr(&b);
    assert_non_null(strstr(h, "role=\"region\" tabindex=\"0\" aria-labelledby=\"cap-demo\""));
    assert_non_null(strstr(h, "<caption id=\"cap-demo\">Cap &amp; tion</caption>"));
    assert_non_null(strstr(h, "<th scope=\"col\">Name &lt;n&gt;</th><th scope=\"col\" class=\"num\">Count</th></tr>"));
    assert_null(strstr(h, "Address"));
    assert_non_null(strstr(h, "<th scope=\"row\"><a href=\"/states/KEN&quot;x\">&lt;script&gt;</a></th>"));
    assert_non_null(strstr(h, "<td class=\"num\"><bdi>7</bdi></td>"));
    /* Only site paths become links; an empty cell is a dash. */
    assert_non_null(strstr(h, "<th scope=\"row\">Peru</th><td class=\"num\"><bdi>—</bdi></td>"));
    assert_null(strstr(h, "javascript:"));
    assert_null(strstr(h, "<script>"));
    buf_cleanup(&b);
    /* The API's list: the download's rows under a key, with the count. */
    table_write_json(&t, "things", &b);
    assert_string_equal(buf_cstr(&b), "{\"things\":[{\"name\":\"\\u003cscript\\u003e\",\"count\":7,\"url\":\"/states/KEN\\\"x\"},"
                                      "{\"name\":\"Peru\",\"count\":null,\"url\":\"javascript:alert(1)\"}],\"count\":2}\n");
    buf_cleanup(&b);
    table_cleanup(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_suffix), cmocka_unit_test(test_csv), cmocka_unit_test(test_json),
        cmocka_unit_test(test_xlsx), cmocka_unit_test(test_links), cmocka_unit_test(test_html),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
