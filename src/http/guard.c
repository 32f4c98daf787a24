/* guard: see guard.h.  The client table is open-addressed, under one lock: every operation is a few compares. */
#include "http/guard.h"

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* RFC 9110 §5.6.2: the bytes a header name may hold. */
static bool is_tchar(unsigned char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
    return c && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

static bool name_is(const struct guard_header *h, const char *name)
{
    size_t n = strlen(name);
    return h->name_len == n && strncasecmp(h->name, name, n) == 0;
}

int guard_framing(const struct guard_header *h, size_t n, const char **why)
{
    size_t lengths = 0, encodings = 0;
    for (size_t i = 0; i < n; i++) {
        if (h[i].name_len == 0) { *why = "A header has no name."; return 400; }
        for (size_t k = 0; k < h[i].name_len; k++)
            if (!is_tchar((unsigned char)h[i].name[k])) {
                *why = "A header name holds a space or a character a name may not hold (nothing may come between the name and its colon).";
                return 400;
            }
        if (memchr(h[i].value, '\0', h[i].value_len) || memchr(h[i].value, '\r', h[i].value_len) ||
            memchr(h[i].value, '\n', h[i].value_len)) {
            *why = "A header value holds a NUL, CR or LF byte.";
            return 400;
        }
        if (name_is(&h[i], "Content-Length")) {
            if (++lengths > 1) { *why = "More than one Content-Length header."; return 400; }
            if (h[i].value_len == 0 || h[i].value_len > 19) { *why = "The Content-Length is not a number of bytes."; return 400; }
            for (size_t k = 0; k < h[i].value_len; k++)
                if (h[i].value[k] < '0' || h[i].value[k] > '9') { *why = "The Content-Length is not a number of bytes."; return 400; }
        } else if (name_is(&h[i], "Transfer-Encoding")) {
            if (++encodings > 1) { *why = "More than one Transfer-Encoding header."; return 400; }
            if (h[i].value_len != 7 || strncasecmp(h[i].value, "chunked", 7) != 0) {
                *why = "The only Transfer-Encoding accepted is \"chunked\".";
                return 400;
            }
        }
    }
    if (lengths && encodings) { *why = "Content-Length and Transfer-Encoding together: send one of them."; return 400; }
    return 0;
}

struct client {
    char addr[64];          /* "" when the slot is free */
    unsigned inflight, costly;
    unsigned long long seen;   /* a tick of the table, for eviction */
};

static struct client table[GUARD_TABLE_SIZE];
static unsigned long long tick;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

/* The client a request comes from: req->remote, the peer's address, or the client a trusted proxy names
   (serve --trust-proxy: server.c resolves it with client_addr.h before the first checks). */
static const char *client_of(const struct http_request *req)
{
    return req->remote;
}

#define PROBES 16

/* The slot of addr, made when absent (under lock).  NULL when every probed slot is busy with another client. */
static struct client *slot_of(const char *addr, bool make)
{
    uint64_t h = 1469598103934665603ULL;   /* FNV-1a */
    for (const char *p = addr; *p; p++) h = (h ^ (unsigned char)*p) * 1099511628211ULL;
    struct client *free_slot = NULL, *idle = NULL;
    for (size_t i = 0; i < PROBES; i++) {
        struct client *c = &table[(h + i) % GUARD_TABLE_SIZE];
        if (c->addr[0] && strcmp(c->addr, addr) == 0) { c->seen = ++tick; return c; }
        if (!c->addr[0]) { if (!free_slot) free_slot = c; }
        else if (c->inflight == 0 && c->costly == 0 && (!idle || c->seen < idle->seen)) idle = c;
    }
    if (!make) return NULL;
    struct client *c = free_slot ? free_slot : idle;
    if (!c) return NULL;
    memset(c, 0, sizeof *c);
    snprintf(c->addr, sizeof c->addr, "%s", addr);
    c->seen = ++tick;
    return c;
}

/* Add one to a counter of the request's client unless it is at max.  A full table lets the request through (counted nowhere). */
static bool take(const struct http_request *req, size_t offset, unsigned max)
{
    const char *addr = client_of(req);
    if (!addr || !addr[0]) return true;
    bool ok = true;
    pthread_mutex_lock(&lock);
    struct client *c = slot_of(addr, true);
    if (c) {
        unsigned *n = (unsigned *)(void *)((char *)c + offset);
        if (*n >= max) ok = false;
        else (*n)++;
    }
    pthread_mutex_unlock(&lock);
    return ok;
}

static void give(const struct http_request *req, size_t offset)
{
    const char *addr = client_of(req);
    if (!addr || !addr[0]) return;
    pthread_mutex_lock(&lock);
    struct client *c = slot_of(addr, false);
    if (c) {
        unsigned *n = (unsigned *)(void *)((char *)c + offset);
        if (*n) (*n)--;
    }
    pthread_mutex_unlock(&lock);
}

bool guard_enter(const struct http_request *req) { return take(req, offsetof(struct client, inflight), GUARD_MAX_INFLIGHT); }
void guard_leave(const struct http_request *req) { give(req, offsetof(struct client, inflight)); }
bool guard_costly_begin(const struct http_request *req) { return take(req, offsetof(struct client, costly), GUARD_MAX_COSTLY); }
void guard_costly_end(const struct http_request *req) { give(req, offsetof(struct client, costly)); }

void guard_reset(void)
{
    pthread_mutex_lock(&lock);
    memset(table, 0, sizeof table);
    pthread_mutex_unlock(&lock);
}
