/* Unit tests: web/cache (generation stamps, keys by language and target, prepared answers shared with requests). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "web/cache.h"

static void put(const char *lang, const char *uri, unsigned long gen, const char *body)
{
    struct http_response r = { .status = 200, .content_type = "text/html; charset=utf-8" };
    buf_puts(&r.body, body);
    http_response_header(&r, "Cache-Control", "public, max-age=60");
    cache_put(lang, uri, gen, &r);
    http_response_cleanup(&r);
}

static void test_hit_miss(void **state)
{
    (void)state;
    cache_clear();
    put("en", "/states/KEN", 7, "kenya-en");
    put("fr", "/states/KEN", 7, "kenya-fr");
    struct http_response r = { 0 };
    assert_true(cache_get("en", "/states/KEN", 7, &r));
    assert_int_equal(r.status, 200);
    assert_string_equal(r.content_type, "text/html; charset=utf-8");
    size_t len;
    assert_non_null(r.prepared);
    const char *body = http_prepared_body(r.prepared, &len);
    assert_int_equal(len, 8);
    assert_memory_equal(body, "kenya-en", 8);
    assert_int_equal(r.nheaders, 0);   /* the cached headers are the prepared answer's, not copied per request */
    assert_int_equal(r.body.len, 0);
    http_response_cleanup(&r);
    assert_null(r.prepared);
    struct http_response f = { 0 };
    assert_true(cache_get("fr", "/states/KEN", 7, &f));
    body = http_prepared_body(f.prepared, &len);
    assert_memory_equal(body, "kenya-fr", 8);
    /* Replacing the entry while f still holds the old answer must not free it under f (ASan would tell). */
    put("fr", "/states/KEN", 8, "nouveau");
    assert_memory_equal(http_prepared_body(f.prepared, &len), "kenya-fr", 8);
    cache_clear();
    assert_memory_equal(http_prepared_body(f.prepared, &len), "kenya-fr", 8);
    http_response_cleanup(&f);
    put("fr", "/states/KEN", 8, "nouveau");
    struct http_response g = { 0 };
    assert_false(cache_get("fr", "/states/KEN", 7, &g));   /* stale stamp */
    assert_false(cache_get("en", "/states/FRA", 7, &g));   /* never stored */
    assert_true(cache_get("fr", "/states/KEN", 8, &g));
    http_response_cleanup(&g);
}

static void test_only_200(void **state)
{
    (void)state;
    cache_clear();
    struct http_response r = { .status = 404 };
    buf_puts(&r.body, "nope");
    assert_false(cache_put("en", "/x", 1, &r));
    http_response_cleanup(&r);
    struct http_response g = { 0 };
    assert_false(cache_get("en", "/x", 1, &g));
    cache_clear();
}

int main(void)
{
    const struct CMUnitTest tests[] = { cmocka_unit_test(test_hit_miss), cmocka_unit_test(test_only_200) };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
