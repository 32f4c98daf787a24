/*
 * client_addr: the address of the client a request comes from, for per-client limits
 * (sign-in throttling, concurrent and expensive requests) and the access log.
 *
 * Without a trusted proxy it is the peer of the TCP connection.  Behind a reverse proxy
 * (deploy/nginx.conf) every peer is the proxy, so the proxy's word is taken, but only when
 * the peer is one of the proxies we were told to trust (`serve --trust-proxy 127.0.0.1`): a
 * client talking to us directly can put anything in X-Forwarded-For.  The proxy's word is
 * its X-Real-IP when that is an address we do not trust, else X-Forwarded-For read from the
 * right, skipping trusted proxies: the first untrusted address is the client (entries to its
 * left were written by the client and are not believed).  A malformed header is not
 * believed at all: the peer is the client then.  Addresses come out in inet_ntop's form.
 */
#ifndef POAISS_HTTP_CLIENT_ADDR_H
#define POAISS_HTTP_CLIENT_ADDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HTTP_TRUST_MAX 16          /* proxies (addresses or CIDR ranges) that may be trusted */
#define HTTP_ADDR_MAX 64           /* bytes of an address's text, with its NUL (INET6_ADDRSTRLEN is 46) */

/** The proxies whose X-Real-IP and X-Forwarded-For are believed: caller's storage, {0} trusts none. */
struct http_trust {
    struct { int family; uint8_t addr[16]; unsigned prefix; } v[HTTP_TRUST_MAX];
    size_t n;
};

/**
 * Parse a comma-separated list of IPv4 or IPv6 addresses, each optionally /PREFIX
 * ("127.0.0.1", "10.0.0.0/8,::1") into t.  0, or -1 with a message naming the bad entry.
 */
int http_trust_parse(struct http_trust *t, const char *list, char *err, size_t errlen);
/** True when addr (text) is an address t trusts. */
bool http_trust_has(const struct http_trust *t, const char *addr);
/**
 * Write the client's address to out (outlen bytes, at least HTTP_ADDR_MAX): peer itself unless
 * t trusts it, else what the proxy says in real_ip (X-Real-IP) or forwarded (X-Forwarded-For),
 * as described above.  t, real_ip and forwarded may be NULL.  Pure: for the server and the tests.
 */
void http_client_addr_resolve(const struct http_trust *t, const char *peer, const char *real_ip, const char *forwarded,
                              char *out, size_t outlen);

#endif
