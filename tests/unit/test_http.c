/* Unit tests: http/request (request targets, query and form parsing) and http/router. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "http/http.h"
#include "http/router.h"

static void test_params(void **state)
{
    (void)state;
    struct http_params p = { 0 };
    const char *q = "a=1&b=x+y&c=%C3%A9&&d&a=2";
    assert_int_equal(http_params_parse(&p, q, strlen(q)), 0);
    assert_int_equal(p.n, 5);
    assert_string_equal(http_param_get(&p, "a"), "1");
    assert_string_equal(http_param_get(&p, "b"), "x y");
    assert_string_equal(http_param_get(&p, "c"), "\xC3\xA9");
    assert_string_equal(http_param_get(&p, "d"), "");
    assert_null(http_param_get(&p, "e"));
    http_params_cleanup(&p);
}

static void test_params_reject(void **state)
{
    (void)state;
    const char *bad[] = { "a=%zz", "a=%ff", "a=%00", "%c3%28=1", "a=\x01" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct http_params p = { 0 };
        assert_int_equal(http_params_parse(&p, bad[i], strlen(bad[i])), -1);
        http_params_cleanup(&p);
    }
    /* Too many parameters. */
    char many[4000] = "";
    for (int i = 0; i < HTTP_MAX_PARAMS + 1; i++) strcat(many, "a=1&");
    struct http_params p = { 0 };
    assert_int_equal(http_params_parse(&p, many, strlen(many)), -1);
    http_params_cleanup(&p);
    /* An embedded NUL in the raw bytes. */
    struct http_params p2 = { 0 };
    assert_int_equal(http_params_parse(&p2, "a=b\0c", 5), -1);
    http_params_cleanup(&p2);
}

static void test_uri(void **state)
{
    (void)state;
    struct http_request r = { 0 };
    assert_int_equal(http_request_set_uri(&r, "/states/K%45N?region=014&q=a%20b#frag"), 0);
    assert_string_equal(r.path, "/states/KEN");
    assert_string_equal(http_query(&r, "region"), "014");
    assert_string_equal(http_query(&r, "q"), "a b");
    http_request_cleanup(&r);
    const char *bad[] = { "/a%zz", "/%ff", "/a%00b", "relative", "/?q=%e2%82" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct http_request b = { 0 };
        assert_int_equal(http_request_set_uri(&b, bad[i]), -1);
        assert_true(b.uri_bad);
        http_request_cleanup(&b);
    }
}

static void test_form_body(void **state)
{
    (void)state;
    struct http_request r = { 0 };
    buf_puts(&r.body, "username=k%C3%A9&password=a+b");
    assert_string_equal(http_form(&r, "username"), "k\xC3\xA9");
    assert_string_equal(http_form(&r, "password"), "a b");
    assert_false(http_form_bad(&r));
    http_request_cleanup(&r);
    struct http_request bad = { 0 };
    buf_puts(&bad.body, "x=%zz");
    assert_null(http_form(&bad, "x"));
    assert_true(http_form_bad(&bad));
    http_request_cleanup(&bad);
}

static void test_router(void **state)
{
    (void)state;
    const char *pats[] = { "/", "/states", "/states/{}", "/login", "/login", "/a/{}/b/{}" };
    enum http_method meths[] = { HTTP_GET, HTTP_GET, HTTP_GET, HTTP_GET, HTTP_POST, HTTP_GET };
    size_t n = sizeof pats / sizeof pats[0], idx;
    char allow[64];
    struct http_request r = { 0 };
    r.method = HTTP_GET;
    http_request_set_uri(&r, "/states/KEN");
    assert_int_equal(router_match(pats, meths, n, &r, &idx, allow, sizeof allow), ROUTER_FOUND);
    assert_int_equal(idx, 2);
    assert_string_equal(r.args[0], "KEN");
    http_request_cleanup(&r);

    struct http_request r2 = { 0 };
    r2.method = HTTP_DELETE;
    http_request_set_uri(&r2, "/login");
    assert_int_equal(router_match(pats, meths, n, &r2, &idx, allow, sizeof allow), ROUTER_BAD_METHOD);
    assert_string_equal(allow, "GET, HEAD, POST");
    http_request_cleanup(&r2);

    const char *missing[] = { "/states/", "/states/KEN/x", "/nope", "//", "/a/1/b" };
    for (size_t i = 0; i < sizeof missing / sizeof missing[0]; i++) {
        struct http_request m = { 0 };
        m.method = HTTP_GET;
        http_request_set_uri(&m, missing[i]);
        assert_int_equal(router_match(pats, meths, n, &m, &idx, allow, sizeof allow), ROUTER_NOT_FOUND);
        http_request_cleanup(&m);
    }
    struct http_request h = { 0 };
    h.method = HTTP_HEAD;
    http_request_set_uri(&h, "/a/1/b/2");
    assert_int_equal(router_match(pats, meths, n, &h, &idx, allow, sizeof allow), ROUTER_FOUND);
    assert_string_equal(h.args[0], "1");
    assert_string_equal(h.args[1], "2");
    assert_int_equal(h.nargs, 2);
    http_request_cleanup(&h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_params), cmocka_unit_test(test_params_reject), cmocka_unit_test(test_uri),
        cmocka_unit_test(test_form_body), cmocka_unit_test(test_router),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
