/*
 * Unit tests: http/client_addr, the client's address behind a reverse proxy: the peer unless it
 * is trusted; then X-Real-IP, or X-Forwarded-For read from the right past trusted hops; forged
 * entries to the left are not believed; malformed headers are not believed at all; CIDR ranges,
 * IPv6 and IPv4-mapped addresses; bad --trust-proxy lists refused with a message.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "http/client_addr.h"

static const char *resolve(const struct http_trust *t, const char *peer, const char *real_ip, const char *xff)
{
    static char out[HTTP_ADDR_MAX];
    http_client_addr_resolve(t, peer, real_ip, xff, out, sizeof out);
    return out;
}

static void test_untrusted_peer(void **state)
{
    (void)state;
    struct http_trust none = { 0 }, t;
    char err[160];
    assert_int_equal(http_trust_parse(&t, "127.0.0.1", err, sizeof err), 0);
    /* No proxy trusted, or a peer that is not the proxy: the headers are the client's own words. */
    assert_string_equal(resolve(&none, "127.0.0.1", "203.0.113.9", "198.51.100.7"), "127.0.0.1");
    assert_string_equal(resolve(NULL, "127.0.0.1", "203.0.113.9", NULL), "127.0.0.1");
    assert_string_equal(resolve(&t, "192.0.2.1", "203.0.113.9", "198.51.100.7"), "192.0.2.1");
}

static void test_trusted_proxy(void **state)
{
    (void)state;
    struct http_trust t;
    char err[160];
    assert_int_equal(http_trust_parse(&t, "127.0.0.1, 10.0.0.0/8", err, sizeof err), 0);
    assert_int_equal(t.n, 2);
    assert_string_equal(resolve(&t, "127.0.0.1", "203.0.113.9", "203.0.113.9"), "203.0.113.9");
    assert_string_equal(resolve(&t, "127.0.0.1", NULL, "203.0.113.9"), "203.0.113.9");
    /* A client's forged entries are on the left: the rightmost untrusted hop is the client. */
    assert_string_equal(resolve(&t, "127.0.0.1", NULL, "1.2.3.4, 203.0.113.9"), "203.0.113.9");
    assert_string_equal(resolve(&t, "127.0.0.1", NULL, "1.2.3.4,203.0.113.9, 10.1.2.3"), "203.0.113.9");
    /* X-Real-IP naming a trusted proxy (a chain): X-Forwarded-For decides. */
    assert_string_equal(resolve(&t, "127.0.0.1", "10.9.9.9", "198.51.100.7, 10.9.9.9"), "198.51.100.7");
    /* Every hop trusted: the farthest. */
    assert_string_equal(resolve(&t, "127.0.0.1", NULL, "10.0.0.5, 10.0.0.6"), "10.0.0.5");
    /* Malformed: believe nothing. */
    assert_string_equal(resolve(&t, "127.0.0.1", NULL, "203.0.113.9, evil"), "127.0.0.1");
    assert_string_equal(resolve(&t, "127.0.0.1", "not-an-ip", NULL), "127.0.0.1");
    assert_string_equal(resolve(&t, "127.0.0.1", NULL, ""), "127.0.0.1");
    assert_string_equal(resolve(&t, "127.0.0.1", NULL, NULL), "127.0.0.1");
    assert_true(http_trust_has(&t, "10.255.0.1"));
    assert_false(http_trust_has(&t, "11.0.0.1"));
    assert_false(http_trust_has(&t, NULL));
}

static void test_ipv6(void **state)
{
    (void)state;
    struct http_trust t;
    char err[160];
    assert_int_equal(http_trust_parse(&t, "::1,192.168.0.0/23", err, sizeof err), 0);
    assert_string_equal(resolve(&t, "::1", "2001:DB8::1", NULL), "2001:db8::1");
    assert_string_equal(resolve(&t, "::ffff:192.168.1.200", "203.0.113.9", NULL), "203.0.113.9");   /* mapped: IPv4 */
    assert_string_equal(resolve(&t, "192.168.2.1", "203.0.113.9", NULL), "192.168.2.1");            /* outside /23 */
}

static void test_parse_errors(void **state)
{
    (void)state;
    struct http_trust t;
    char err[160];
    assert_int_equal(http_trust_parse(&t, "localhost", err, sizeof err), -1);
    assert_non_null(strstr(err, "'localhost' is not an IPv4 or IPv6 address"));
    assert_int_equal(http_trust_parse(&t, "10.0.0.0/33", err, sizeof err), -1);
    assert_non_null(strstr(err, "bad /PREFIX"));
    assert_int_equal(http_trust_parse(&t, "10.0.0.0/", err, sizeof err), -1);
    assert_int_equal(http_trust_parse(&t, "127.0.0.1,", err, sizeof err), -1);
    assert_int_equal(http_trust_parse(&t, "", err, sizeof err), 0);
    assert_int_equal(t.n, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_untrusted_peer), cmocka_unit_test(test_trusted_proxy),
        cmocka_unit_test(test_ipv6), cmocka_unit_test(test_parse_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
