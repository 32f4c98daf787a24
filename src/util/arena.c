/* arena: see arena.h.  Chunks of at least ARENA_CHUNK bytes; a larger request gets a chunk of its own. */
#include "util/arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

#define ARENA_CHUNK (16 * 1024)
#define ARENA_ALIGN _Alignof(max_align_t)

struct arena_chunk {
    struct arena_chunk *next;
    size_t cap, len;
    _Alignas(max_align_t) unsigned char data[];
};

void *arena_alloc(struct arena *a, size_t n)
{
    if (n == 0) n = 1;
    if (n > SIZE_MAX - ARENA_ALIGN - sizeof(struct arena_chunk)) mem_die(__FILE__, __LINE__, "arena request too large");
    size_t need = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    struct arena_chunk *c = a->head;
    if (!c || c->cap - c->len < need) {
        size_t cap = need > ARENA_CHUNK ? need : ARENA_CHUNK;
        c = mem_alloc_at(sizeof *c + cap, __FILE__, __LINE__);
        c->cap = cap;
        c->len = 0;
        if (need > ARENA_CHUNK && a->head) {
            /* A big block goes behind the current chunk, which keeps serving small ones. */
            c->next = a->head->next;
            a->head->next = c;
        } else {
            c->next = a->head;
            a->head = c;
        }
    }
    void *p = c->data + c->len;
    c->len += need;
    a->used += need;
    memset(p, 0, n);
    return p;
}

void *arena_array(struct arena *a, size_t count, size_t n)
{
    if (n && count > SIZE_MAX / n) mem_die(__FILE__, __LINE__, "arena array too large");
    return arena_alloc(a, count * n);
}

void *arena_grow(struct arena *a, void *old, size_t old_count, size_t count, size_t n)
{
    void *p = arena_array(a, count, n);
    if (old && old_count) memcpy(p, old, (old_count < count ? old_count : count) * n);
    return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);
    if (n) memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
    return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) mem_die(__FILE__, __LINE__, "arena_printf: bad format");
    char *p = arena_alloc(a, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

void arena_cleanup(struct arena *a)
{
    struct arena_chunk *c = a->head;
    while (c) {
        struct arena_chunk *next = c->next;
        free(c);
        c = next;
    }
    a->head = NULL;
    a->used = 0;
}
