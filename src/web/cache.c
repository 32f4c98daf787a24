/* cache: see cache.h. */
#include "web/cache.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

/* A cached body, shared by the cache and the responses being sent; freed by the last one. */
struct blob {
    atomic_int refs;
    size_t len;
    char data[];
};

static void blob_release(void *cls)
{
    struct blob *b = cls;
    if (atomic_fetch_sub(&b->refs, 1) == 1) free(b);
}

struct slot {
    pthread_mutex_t lock;
    char *key;                      /* lang '\n' uri */
    unsigned long generation;
    const char *content_type;       /* static strings only */
    struct blob *body;
    struct http_header headers[HTTP_MAX_RESP_HEADERS];
    size_t nheaders;
};

static struct slot slots[CACHE_SLOTS];
static atomic_size_t cached_bytes;   /* bodies held by the cache, bounded by CACHE_MAX_TOTAL */
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void init(void)
{
    for (size_t i = 0; i < CACHE_SLOTS; i++) pthread_mutex_init(&slots[i].lock, NULL);
}

static char *make_key(const char *lang, const char *uri, uint64_t *hash)
{
    size_t ll = strlen(lang), ul = strlen(uri);
    char *k = xmalloc(ll + ul + 2);
    memcpy(k, lang, ll);
    k[ll] = '\n';
    memcpy(k + ll + 1, uri, ul + 1);
    uint64_t h = 1469598103934665603ULL;   /* FNV-1a */
    for (const char *p = k; *p; p++) h = (h ^ (unsigned char)*p) * 1099511628211ULL;
    *hash = h;
    return k;
}

static void slot_empty(struct slot *s)
{
    free(s->key);
    if (s->body) {
        atomic_fetch_sub(&cached_bytes, s->body->len);
        blob_release(s->body);
    }
    for (size_t i = 0; i < s->nheaders; i++) { free(s->headers[i].name); free(s->headers[i].value); }
    s->key = NULL;
    s->body = NULL;
    s->nheaders = 0;
}

bool cache_get(const char *lang, const char *uri, unsigned long generation, struct http_response *res)
{
    pthread_once(&once, init);
    uint64_t h;
    char *key = make_key(lang, uri, &h);
    struct slot *s = &slots[h % CACHE_SLOTS];
    bool hit = false;
    pthread_mutex_lock(&s->lock);
    if (s->key && s->generation == generation && strcmp(s->key, key) == 0) {
        res->status = 200;
        res->content_type = s->content_type;
        atomic_fetch_add(&s->body->refs, 1);
        http_response_shared(res, s->body->data, s->body->len, blob_release, s->body);
        for (size_t i = 0; i < s->nheaders; i++) http_response_header(res, s->headers[i].name, s->headers[i].value);
        hit = true;
    }
    pthread_mutex_unlock(&s->lock);
    free(key);
    return hit;
}

void cache_put(const char *lang, const char *uri, unsigned long generation, const struct http_response *res)
{
    if (res->status != 200 || res->body.len > CACHE_MAX_BODY) return;
    /* Many distinct targets (query strings) must not grow memory without bound. */
    if (atomic_load(&cached_bytes) + res->body.len > CACHE_MAX_TOTAL) return;
    pthread_once(&once, init);
    uint64_t h;
    char *key = make_key(lang, uri, &h);
    struct slot *s = &slots[h % CACHE_SLOTS];
    pthread_mutex_lock(&s->lock);
    slot_empty(s);
    s->key = key;
    s->generation = generation;
    s->content_type = res->content_type;
    s->body = xmalloc(sizeof *s->body + res->body.len + 1);
    atomic_init(&s->body->refs, 1);
    s->body->len = res->body.len;
    if (res->body.len) memcpy(s->body->data, res->body.data, res->body.len);
    atomic_fetch_add(&cached_bytes, res->body.len);
    for (size_t i = 0; i < res->nheaders; i++) {
        s->headers[i].name = xstrdup(res->headers[i].name);
        s->headers[i].value = xstrdup(res->headers[i].value);
    }
    s->nheaders = res->nheaders;
    pthread_mutex_unlock(&s->lock);
}

void cache_clear(void)
{
    pthread_once(&once, init);
    for (size_t i = 0; i < CACHE_SLOTS; i++) {
        pthread_mutex_lock(&slots[i].lock);
        slot_empty(&slots[i]);
        pthread_mutex_unlock(&slots[i].lock);
    }
}
