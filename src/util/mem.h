/*
 * mem: allocation that never returns NULL.
 *
 * Out-of-memory is handled in one place: these wrappers print file and line and
 * abort, so callers never check for NULL.  POAISS_ASSERT does the same for broken
 * invariants (it stays on in release builds).
 */
#ifndef POAISS_UTIL_MEM_H
#define POAISS_UTIL_MEM_H

#include <stddef.h>

/** Abort with a message naming file and line.  Never returns. */
_Noreturn void mem_die(const char *file, int line, const char *what);

/** malloc/calloc/realloc/strdup/strndup that abort on failure; the caller owns the result. */
void *mem_alloc_at(size_t n, const char *file, int line);
void *mem_calloc_at(size_t count, size_t n, const char *file, int line);
void *mem_realloc_at(void *p, size_t n, const char *file, int line);
char *mem_strdup_at(const char *s, const char *file, int line);
char *mem_strndup_at(const char *s, size_t n, const char *file, int line);

#define xmalloc(n)       mem_alloc_at((n), __FILE__, __LINE__)
#define xcalloc(c, n)    mem_calloc_at((c), (n), __FILE__, __LINE__)
#define xrealloc(p, n)   mem_realloc_at((p), (n), __FILE__, __LINE__)
#define xstrdup(s)       mem_strdup_at((s), __FILE__, __LINE__)
#define xstrndup(s, n)   mem_strndup_at((s), (n), __FILE__, __LINE__)

#define POAISS_ASSERT(cond) \
    do { if (!(cond)) mem_die(__FILE__, __LINE__, "assertion failed: " #cond); } while (0)

#endif
