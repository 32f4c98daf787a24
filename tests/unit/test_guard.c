/* Unit tests: http/guard (framing checks, the per-client counters). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "http/guard.h"

#define HDR(n, v) { n, sizeof n - 1, v, sizeof v - 1 }

static int check(const struct guard_header *h, size_t n)
{
    const char *why = NULL;
    int st = guard_framing(h, n, &why);
    if (st) assert_non_null(why);
    return st;
}

static void test_framing_accepts_plain_requests(void **state)
{
    (void)state;
    const struct guard_header none[] = { HDR("Host", "x"), HDR("Accept", "*/*") };
    assert_int_equal(check(none, 2), 0);
    const struct guard_header length[] = { HDR("Host", "x"), HDR("content-length", "12") };
    assert_int_equal(check(length, 2), 0);
    const struct guard_header chunked[] = { HDR("Transfer-Encoding", "Chunked") };
    assert_int_equal(check(chunked, 1), 0);   /* framed one way; the server then answers 411 */
    const struct guard_header odd[] = { HDR("X-Weird_Name!#$%&'*+-.^`|~", "v a l u e") };
    assert_int_equal(check(odd, 1), 0);
}

static void test_framing_refuses_ambiguity(void **state)
{
    (void)state;
    const struct guard_header two_equal[] = { HDR("Content-Length", "3"), HDR("Content-Length", "3") };
    assert_int_equal(check(two_equal, 2), 400);
    const struct guard_header two[] = { HDR("Content-Length", "3"), HDR("CONTENT-LENGTH", "5") };
    assert_int_equal(check(two, 2), 400);
    const struct guard_header both[] = { HDR("Content-Length", "3"), HDR("Transfer-Encoding", "chunked") };
    assert_int_equal(check(both, 2), 400);
    const struct guard_header both_rev[] = { HDR("Transfer-Encoding", "chunked"), HDR("Content-Length", "3") };
    assert_int_equal(check(both_rev, 2), 400);
    const char *bad_lengths[] = { "", "-1", "+3", "3 ", " 3", "3,3", "0x10", "12345678901234567890" };
    for (size_t i = 0; i < sizeof bad_lengths / sizeof bad_lengths[0]; i++) {
        const struct guard_header h[] = { { "Content-Length", 14, bad_lengths[i], strlen(bad_lengths[i]) } };
        assert_int_equal(check(h, 1), 400);
    }
    const char *bad_te[] = { "gzip", "chunked, chunked", "gzip, chunked", "chunked ", "identity", "" };
    for (size_t i = 0; i < sizeof bad_te / sizeof bad_te[0]; i++) {
        const struct guard_header h[] = { { "Transfer-Encoding", 17, bad_te[i], strlen(bad_te[i]) } };
        assert_int_equal(check(h, 1), 400);
    }
    const struct guard_header te_twice[] = { HDR("Transfer-Encoding", "chunked"), HDR("transfer-encoding", "chunked") };
    assert_int_equal(check(te_twice, 2), 400);
}

static void test_framing_refuses_bad_names_and_values(void **state)
{
    (void)state;
    const struct guard_header space[] = { HDR("Transfer-Encoding ", "chunked") };
    assert_int_equal(check(space, 1), 400);
    const struct guard_header tab[] = { HDR("X-A\tB", "c") };
    assert_int_equal(check(tab, 1), 400);
    const struct guard_header empty[] = { { "", 0, "v", 1 } };
    assert_int_equal(check(empty, 1), 400);
    const struct guard_header nul_name[] = { { "X-A\0B", 5, "v", 1 } };
    assert_int_equal(check(nul_name, 1), 400);
    const struct guard_header colon[] = { HDR("X-A:B", "c") };
    assert_int_equal(check(colon, 1), 400);
    const struct guard_header nul_value[] = { { "X-A", 3, "a\0b", 3 } };
    assert_int_equal(check(nul_value, 1), 400);
    const struct guard_header cr_value[] = { HDR("X-A", "a\rb") };
    assert_int_equal(check(cr_value, 1), 400);
    const struct guard_header high[] = { HDR("X-\xC3\xA9", "c") };
    assert_int_equal(check(high, 1), 400);
}

static void test_client_counters(void **state)
{
    (void)state;
    guard_reset();
    struct http_request a = { 0 }, b = { 0 }, anon = { 0 };
    snprintf(a.remote, sizeof a.remote, "192.0.2.1");
    snprintf(b.remote, sizeof b.remote, "192.0.2.2");
    for (int i = 0; i < GUARD_MAX_INFLIGHT; i++) assert_true(guard_enter(&a));
    assert_false(guard_enter(&a));          /* at the limit: refused, nothing counted */
    assert_true(guard_enter(&b));           /* another client is counted apart */
    guard_leave(&a);
    assert_true(guard_enter(&a));
    for (int i = 0; i < GUARD_MAX_COSTLY; i++) assert_true(guard_costly_begin(&a));
    assert_false(guard_costly_begin(&a));
    assert_true(guard_costly_begin(&b));
    guard_costly_end(&a);
    assert_true(guard_costly_begin(&a));
    for (int i = 0; i < 100; i++) assert_true(guard_enter(&anon));   /* no address: not counted */
    /* Many clients come and go: the table forgets idle ones and keeps counting. */
    for (int i = 0; i < 3 * GUARD_TABLE_SIZE; i++) {
        struct http_request c = { 0 };
        snprintf(c.remote, sizeof c.remote, "10.%d.%d.%d", (i >> 16) & 255, (i >> 8) & 255, i & 255);
        assert_true(guard_enter(&c));
        guard_leave(&c);
    }
    assert_false(guard_costly_begin(&a));   /* a client with requests under way is never forgotten */
    guard_reset();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_framing_accepts_plain_requests), cmocka_unit_test(test_framing_refuses_ambiguity),
        cmocka_unit_test(test_framing_refuses_bad_names_and_values), cmocka_unit_test(test_client_counters),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
