/* cache: see cache.h. */
#include "web/cache.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

struct slot {
    pthread_mutex_t lock;
    char *key;                      /* lang '\n' uri */
    unsigned long generation;
    struct http_prepared *answer;   /* one reference, the slot's (http.h: sent many times, never copied) */
    size_t len;                     /* its body's length */
};

static struct slot slots[CACHE_SLOTS];
static atomic_size_t cached_bytes;   /* bodies held by the cache, bounded by CACHE_MAX_TOTAL */
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void init(void)
{
    for (size_t i = 0; i < CACHE_SLOTS; i++) pthread_mutex_init(&slots[i].lock, NULL);
}

/* The key "lang \n uri" in out (false when it does not fit: such a target is not cached) and its hash. */
static bool make_key(const char *lang, const char *uri, char out[CACHE_KEY_MAX], uint64_t *hash)
{
    size_t ll = strlen(lang), ul = strlen(uri);
    if (ll + ul + 2 > CACHE_KEY_MAX) return false;
    memcpy(out, lang, ll);
    out[ll] = '\n';
    memcpy(out + ll + 1, uri, ul + 1);
    uint64_t h = 1469598103934665603ULL;   /* FNV-1a */
    for (const char *p = out; *p; p++) h = (h ^ (unsigned char)*p) * 1099511628211ULL;
    *hash = h;
    return true;
}

static void slot_empty(struct slot *s)
{
    free(s->key);
    if (s->answer) {
        atomic_fetch_sub(&cached_bytes, s->len);
        http_prepared_release(s->answer);
    }
    s->key = NULL;
    s->answer = NULL;
    s->len = 0;
}

bool cache_get(const char *lang, const char *uri, unsigned long generation, struct http_response *res)
{
    pthread_once(&once, init);
    uint64_t h;
    char key[CACHE_KEY_MAX];
    if (!make_key(lang, uri, key, &h)) return false;
    struct slot *s = &slots[h % CACHE_SLOTS];
    bool hit = false;
    pthread_mutex_lock(&s->lock);
    if (s->key && s->generation == generation && strcmp(s->key, key) == 0) {
        http_response_prepared(res, s->answer);   /* res's own reference: the slot may be replaced meanwhile */
        hit = true;
    }
    pthread_mutex_unlock(&s->lock);
    return hit;
}

bool cache_put(const char *lang, const char *uri, unsigned long generation, const struct http_response *res)
{
    if (res->status != 200 || res->body.len > CACHE_MAX_BODY || res->prepared) return false;
    /* Many distinct targets (query strings) must not grow memory without bound. */
    if (atomic_load(&cached_bytes) + res->body.len > CACHE_MAX_TOTAL) return false;
    pthread_once(&once, init);
    uint64_t h;
    char key[CACHE_KEY_MAX];
    if (!make_key(lang, uri, key, &h)) return false;
    struct http_prepared *answer = http_prepared_make(res);
    if (!answer) return false;
    struct slot *s = &slots[h % CACHE_SLOTS];
    pthread_mutex_lock(&s->lock);
    slot_empty(s);
    s->key = xstrdup(key);
    s->generation = generation;
    s->answer = answer;
    s->len = res->body.len;
    atomic_fetch_add(&cached_bytes, s->len);
    pthread_mutex_unlock(&s->lock);
    return true;
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
