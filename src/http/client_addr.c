/* client_addr: see client_addr.h. */
#include "http/client_addr.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

/* Parse one address (text of n bytes, surrounding blanks allowed) into family and bytes.  -1 when not an address. */
static int addr_parse(const char *s, size_t n, int *family, uint8_t out[16])
{
    while (n && (*s == ' ' || *s == '\t')) { s++; n--; }
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
    char tmp[HTTP_ADDR_MAX];
    if (n == 0 || n >= sizeof tmp) return -1;
    memcpy(tmp, s, n);
    tmp[n] = '\0';
    memset(out, 0, 16);
    if (inet_pton(AF_INET, tmp, out) == 1) { *family = AF_INET; return 0; }
    if (inet_pton(AF_INET6, tmp, out) == 1) {
        /* An IPv4-mapped IPv6 address (::ffff:a.b.c.d) is the IPv4 address. */
        static const uint8_t mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
        if (memcmp(out, mapped, 12) == 0) { memmove(out, out + 12, 4); memset(out + 4, 0, 12); *family = AF_INET; }
        else *family = AF_INET6;
        return 0;
    }
    return -1;
}

int http_trust_parse(struct http_trust *t, const char *list, char *err, size_t errlen)
{
    memset(t, 0, sizeof *t);
    const char *p = list ? list : "";
    if (!*p) return 0;
    for (;;) {
        const char *end = strchr(p, ',');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        const char *slash = memchr(p, '/', n);
        size_t an = slash ? (size_t)(slash - p) : n;
        if (t->n == HTTP_TRUST_MAX) { snprintf(err, errlen, "at most %d trusted proxies", HTTP_TRUST_MAX); return -1; }
        int family;
        uint8_t addr[16];
        if (addr_parse(p, an, &family, addr) < 0) {
            snprintf(err, errlen, "'%.*s' is not an IPv4 or IPv6 address", (int)(n > 60 ? 60 : n), p);
            return -1;
        }
        unsigned bits = family == AF_INET ? 32 : 128, prefix = bits;
        if (slash) {
            char num[8];
            size_t nn = n - an - 1;
            char *e;
            if (nn == 0 || nn >= sizeof num) goto bad_prefix;
            memcpy(num, slash + 1, nn);
            num[nn] = '\0';
            long v = strtol(num, &e, 10);
            if (*e || v < 0 || (unsigned long)v > bits) goto bad_prefix;
            prefix = (unsigned)v;
        }
        t->v[t->n].family = family;
        memcpy(t->v[t->n].addr, addr, 16);
        t->v[t->n].prefix = prefix;
        t->n++;
        if (!end) break;
        p = end + 1;
        continue;
    bad_prefix:
        snprintf(err, errlen, "'%.*s' has a bad /PREFIX (0-%u)", (int)(n > 60 ? 60 : n), p, bits);
        return -1;
    }
    return 0;
}

static bool trusted(const struct http_trust *t, int family, const uint8_t addr[16])
{
    for (size_t i = 0; t && i < t->n; i++) {
        if (t->v[i].family != family) continue;
        unsigned full = t->v[i].prefix / 8, rest = t->v[i].prefix % 8;
        if (memcmp(t->v[i].addr, addr, full) != 0) continue;
        if (rest && ((t->v[i].addr[full] ^ addr[full]) & (uint8_t)(0xFF << (8 - rest)))) continue;
        return true;
    }
    return false;
}

bool http_trust_has(const struct http_trust *t, const char *addr)
{
    int family;
    uint8_t a[16];
    return addr && addr_parse(addr, strlen(addr), &family, a) == 0 && trusted(t, family, a);
}

static void addr_text(int family, const uint8_t a[16], char *out, size_t outlen)
{
    if (!inet_ntop(family, a, out, (socklen_t)outlen)) snprintf(out, outlen, "?");
}

void http_client_addr_resolve(const struct http_trust *t, const char *peer, const char *real_ip, const char *forwarded,
                              char *out, size_t outlen)
{
    snprintf(out, outlen, "%s", peer ? peer : "");
    if (!t || !t->n || !http_trust_has(t, peer)) return;
    int family;
    uint8_t a[16];
    if (real_ip && addr_parse(real_ip, strlen(real_ip), &family, a) == 0 && !trusted(t, family, a)) {
        addr_text(family, a, out, outlen);
        return;
    }
    if (!forwarded) {
        if (real_ip && addr_parse(real_ip, strlen(real_ip), &family, a) == 0) addr_text(family, a, out, outlen);
        return;
    }
    /* From the right: the entries our proxies appended; the first we do not trust is the client. */
    size_t end = strlen(forwarded);
    bool any = false;
    int last_family = 0;
    uint8_t last[16];
    for (;;) {
        size_t start = end;
        while (start > 0 && forwarded[start - 1] != ',') start--;
        if (addr_parse(forwarded + start, end - start, &family, a) < 0) return;   /* malformed: believe nothing */
        if (!trusted(t, family, a)) { addr_text(family, a, out, outlen); return; }
        any = true;
        last_family = family;
        memcpy(last, a, 16);
        if (start == 0) break;
        end = start - 1;
    }
    if (any) addr_text(last_family, last, out, outlen);   /* every hop trusted: the farthest one */
}
