/* mem: see mem.h. */
#include "util/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Noreturn void mem_die(const char *file, int line, const char *what)
{
    fprintf(stderr, "poaiss: fatal: %s (%s:%d)\n", what, file, line);
    abort();
}

void *mem_alloc_at(size_t n, const char *file, int line)
{
    void *p = malloc(n ? n : 1);
    if (!p) mem_die(file, line, "out of memory");
    return p;
}

void *mem_calloc_at(size_t count, size_t n, const char *file, int line)
{
    void *p = calloc(count ? count : 1, n ? n : 1);
    if (!p) mem_die(file, line, "out of memory");
    return p;
}

void *mem_realloc_at(void *p, size_t n, const char *file, int line)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) mem_die(file, line, "out of memory");
    return q;
}

char *mem_strdup_at(const char *s, const char *file, int line)
{
    size_t n = strlen(s);
    char *p = mem_alloc_at(n + 1, file, line);
    memcpy(p, s, n + 1);
    return p;
}

char *mem_strndup_at(const char *s, size_t n, const char *file, int line)
{
    size_t len = strnlen(s, n);
    char *p = mem_alloc_at(len + 1, file, line);
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}
