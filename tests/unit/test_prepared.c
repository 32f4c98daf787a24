/* Unit tests: http/prepared (an answer made once and sent many times; a request's own headers over it). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <microhttpd.h>
#include <string.h>

#include "http/prepared.h"

static struct http_prepared *make(void)
{
    struct http_response r = { .status = 200, .content_type = "application/json; charset=utf-8" };
    buf_puts(&r.body, "{\"ok\":true}");
    http_response_header(&r, "Cache-Control", "public, max-age=60");
    http_response_header(&r, "X-Content-Type-Options", "nosniff");
    struct http_prepared *p = http_prepared_make(&r);
    http_response_cleanup(&r);   /* the prepared answer has copies */
    return p;
}

static void test_reused(void **state)
{
    (void)state;
    struct http_prepared *p = make();
    assert_non_null(p);
    struct http_response a = { 0 }, b = { 0 };
    http_response_prepared(&a, p);
    http_response_prepared(&b, p);
    http_prepared_release(p);   /* the requests' references keep it */
    assert_int_equal(a.status, 200);
    assert_string_equal(a.content_type, "application/json; charset=utf-8");
    bool reused;
    size_t len;
    struct MHD_Response *ra = http_prepared_response(&a, &reused, &len);
    assert_true(reused);
    assert_int_equal(len, 11);
    struct MHD_Response *rb = http_prepared_response(&b, &reused, &len);
    assert_true(reused);
    assert_ptr_equal(ra, rb);   /* one libmicrohttpd response for every request */
    assert_string_equal(MHD_get_response_header(ra, "Cache-Control"), "public, max-age=60");
    assert_string_equal(MHD_get_response_header(ra, "Content-Type"), "application/json; charset=utf-8");
    http_response_cleanup(&a);
    size_t n;
    assert_memory_equal(http_prepared_body(b.prepared, &n), "{\"ok\":true}", 11);
    http_response_cleanup(&b);
}

static void test_own_headers(void **state)
{
    (void)state;
    struct http_prepared *p = make();
    struct http_response a = { 0 };
    http_response_prepared(&a, p);
    http_response_header(&a, "Set-Cookie", "lang=fr");
    http_response_header(&a, "cache-control", "private, no-store");
    bool reused;
    size_t len;
    struct MHD_Response *r = http_prepared_response(&a, &reused, &len);
    assert_false(reused);
    assert_int_equal(len, 11);
    assert_string_equal(MHD_get_response_header(r, "Set-Cookie"), "lang=fr");
    assert_string_equal(MHD_get_response_header(r, "Cache-Control"), "private, no-store");   /* replaced, not doubled */
    assert_string_equal(MHD_get_response_header(r, "X-Content-Type-Options"), "nosniff");
    http_response_cleanup(&a);
    http_prepared_release(p);
    /* r holds the last reference to the body: still readable, freed with r (ASan and LeakSanitizer tell). */
    MHD_destroy_response(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = { cmocka_unit_test(test_reused), cmocka_unit_test(test_own_headers) };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
