/*
 * buf: a growable byte buffer, the one way responses and strings are built.
 *
 * The buffer always keeps a NUL after its contents so it can be lent as a C string.
 * Growth aborts on out-of-memory (see mem.h); callers never check.
 */
#ifndef POAISS_UTIL_BUF_H
#define POAISS_UTIL_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
    char *data;     /* owned; NUL-terminated when cap > 0 */
    size_t len;
    size_t cap;
};

#define BUF_INIT { NULL, 0, 0 }

/** Make room for n more bytes. */
void buf_reserve(struct buf *b, size_t n);
/** Append n bytes. */
void buf_append(struct buf *b, const void *p, size_t n);
/** Append a NUL-terminated string. */
void buf_puts(struct buf *b, const char *s);
/** Append one byte. */
void buf_putc(struct buf *b, char c);
/** Append printf-formatted text. */
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap);
/** Empty the buffer, keeping its storage. */
void buf_clear(struct buf *b);
/** The contents as a C string (lent; valid until the next change). Never NULL. */
const char *buf_cstr(struct buf *b);
/** Hand the storage to the caller (who frees it) and empty the buffer. Never NULL. */
char *buf_steal(struct buf *b, size_t *len);
/** Free the storage. */
void buf_cleanup(struct buf *b);

#endif
