/*
 * jsonw: a streaming JSON writer.  It tracks commas and nesting, and writes every
 * string through json_write_string(), so its output is well-formed and escaped by
 * construction.  Nesting deeper than JSONW_MAX_DEPTH is a programming error.
 */
#ifndef POAISS_UTIL_JSONW_H
#define POAISS_UTIL_JSONW_H

#include <stdbool.h>

#include "util/buf.h"

#define JSONW_MAX_DEPTH 32

struct jsonw {
    struct buf *b;          /* lent */
    int depth;
    bool first[JSONW_MAX_DEPTH];
    bool after_key;
};

void jsonw_init(struct jsonw *w, struct buf *b);
void jsonw_obj(struct jsonw *w);
void jsonw_obj_end(struct jsonw *w);
void jsonw_arr(struct jsonw *w);
void jsonw_arr_end(struct jsonw *w);
/** Write an object key; the next value call writes its value. */
void jsonw_key(struct jsonw *w, const char *k);
void jsonw_str(struct jsonw *w, const char *s);   /* NULL writes null */
void jsonw_int(struct jsonw *w, long long v);
/** A finite number (non-finite ones are written as null). */
void jsonw_real(struct jsonw *w, double v);
void jsonw_bool(struct jsonw *w, bool v);
void jsonw_null(struct jsonw *w);
/** A value that is already JSON (n bytes, from another writer of ours: trusted, not checked). */
void jsonw_raw(struct jsonw *w, const char *json, size_t n);
/** key + value in one call. */
void jsonw_kstr(struct jsonw *w, const char *k, const char *s);
void jsonw_kint(struct jsonw *w, const char *k, long long v);
void jsonw_kbool(struct jsonw *w, const char *k, bool v);

#endif
