/*
 * arena: a region of memory that lives as long as one request (or one command).
 *
 * Everything allocated from an arena is freed at once by arena_cleanup; nothing is
 * freed one by one.  Each request has one (http_request.arena): store reads and the
 * domain's read side return values allocated in it, so a page never copies a row into
 * a fixed buffer and never cuts it.  Like mem.h, allocation never returns NULL (it
 * aborts on out-of-memory).  An arena is not thread-safe: one request, one thread.
 */
#ifndef POAISS_UTIL_ARENA_H
#define POAISS_UTIL_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena_chunk;

struct arena {
    struct arena_chunk *head;   /* owned: the newest chunk first */
    size_t used;                /* total bytes handed out, for limits and tests */
};

#define ARENA_INIT { NULL, 0 }

/** Allocate n bytes aligned for any type, zero-filled.  Owned by the arena. */
void *arena_alloc(struct arena *a, size_t n);
/** Allocate an array of count elements of size n, zero-filled (overflow aborts). */
void *arena_array(struct arena *a, size_t count, size_t n);
/** Grow an array allocated in the arena to count elements of size n (the old block stays until cleanup). */
void *arena_grow(struct arena *a, void *old, size_t old_count, size_t count, size_t n);
/** A copy of s (NULL gives NULL), owned by the arena. */
char *arena_strdup(struct arena *a, const char *s);
/** A NUL-terminated copy of n bytes of s, owned by the arena. */
char *arena_strndup(struct arena *a, const char *s, size_t n);
/** printf into the arena. */
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/** Free everything allocated from the arena; it can be used again afterwards. */
void arena_cleanup(struct arena *a);

#endif
