/* jsonw: see jsonw.h. */
#include "util/jsonw.h"

#include "util/mem.h"
#include "util/text.h"

void jsonw_init(struct jsonw *w, struct buf *b)
{
    w->b = b;
    w->depth = 0;
    w->first[0] = true;
    w->after_key = false;
}

static void sep(struct jsonw *w)
{
    if (w->after_key) { w->after_key = false; return; }
    if (!w->first[w->depth]) buf_putc(w->b, ',');
    w->first[w->depth] = false;
}

static void open(struct jsonw *w, char c)
{
    sep(w);
    buf_putc(w->b, c);
    POAISS_ASSERT(w->depth + 1 < JSONW_MAX_DEPTH);
    w->first[++w->depth] = true;
}

static void close_(struct jsonw *w, char c)
{
    POAISS_ASSERT(w->depth > 0);
    w->depth--;
    buf_putc(w->b, c);
}

void jsonw_obj(struct jsonw *w) { open(w, '{'); }
void jsonw_obj_end(struct jsonw *w) { close_(w, '}'); }
void jsonw_arr(struct jsonw *w) { open(w, '['); }
void jsonw_arr_end(struct jsonw *w) { close_(w, ']'); }

void jsonw_key(struct jsonw *w, const char *k)
{
    sep(w);
    json_write_string(w->b, k);
    buf_putc(w->b, ':');
    w->after_key = true;
}

void jsonw_str(struct jsonw *w, const char *s) { sep(w); json_write_string(w->b, s); }
void jsonw_int(struct jsonw *w, long long v) { sep(w); buf_printf(w->b, "%lld", v); }
void jsonw_real(struct jsonw *w, double v)
{
    sep(w);
    if (v != v || v > 1.7976931348623157e308 || v < -1.7976931348623157e308) buf_puts(w->b, "null");
    else buf_printf(w->b, "%.17g", v);
}

void jsonw_bool(struct jsonw *w, bool v) { sep(w); buf_puts(w->b, v ? "true" : "false"); }
void jsonw_null(struct jsonw *w) { sep(w); buf_puts(w->b, "null"); }
void jsonw_kstr(struct jsonw *w, const char *k, const char *s) { jsonw_key(w, k); jsonw_str(w, s); }
void jsonw_kint(struct jsonw *w, const char *k, long long v) { jsonw_key(w, k); jsonw_int(w, v); }
void jsonw_kbool(struct jsonw *w, const char *k, bool v) { jsonw_key(w, k); jsonw_bool(w, v); }

void jsonw_raw(struct jsonw *w, const char *json, size_t n)
{
    sep(w);
    buf_append(w->b, json, n);
}
