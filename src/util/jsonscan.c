/* jsonscan: see jsonscan.h. */
#include "util/jsonscan.h"

#include <string.h>

static const char *ws(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')) p++;
    return p;
}

/* Past a string starting at its opening quote; NULL when unterminated.  memchr finds the quotes. */
static const char *string_end(const char *p, const char *end)
{
    for (p++; p < end;) {
        const char *q = memchr(p, '"', (size_t)(end - p));
        if (!q) return NULL;
        size_t bs = 0;   /* an odd run of backslashes before it escapes it */
        while (q - bs > p && q[-1 - (long)bs] == '\\') bs++;
        if (!(bs & 1)) return q + 1;
        p = q + 1;
    }
    return NULL;
}

/* Past one value starting at p (after white space); NULL when malformed. */
static const char *value_end(const char *p, const char *end)
{
    if (p >= end) return NULL;
    if (*p == '"') return string_end(p, end);
    if (*p == '{' || *p == '[') {
        int depth = 0;
        while (p < end) {
            p += strcspn(p, "\"{}[]");   /* the text is NUL-terminated at end (a SQLite text value) */
            if (p >= end) return NULL;
            if (*p == '"') {
                p = string_end(p, end);
                if (!p) return NULL;
                continue;
            }
            if (*p == '{' || *p == '[') depth++;
            else if (--depth == 0) return p + 1;
            p++;
        }
        return NULL;
    }
    while (p < end && *p != ',' && *p != '}' && *p != ']' && *p != ' ' && *p != '\n' && *p != '\r' && *p != '\t') p++;
    return p;
}

/* Does the key text k[0..n) (between its quotes, maybe with escapes) equal want? */
static int key_is(const char *k, size_t n, const char *want)
{
    size_t i = 0, j = 0;
    while (i < n) {
        char c = k[i++];
        if (c == '\\' && i < n) c = k[i++];
        if (want[j] != c) return 0;
        j++;
    }
    return want[j] == '\0';
}

size_t jsonscan_top(const char *json, size_t len, const char *const *keys, size_t nk, struct jsonscan_value *out)
{
    for (size_t i = 0; i < nk; i++) out[i] = (struct jsonscan_value){ NULL, 0 };
    if (!json) return 0;
    const char *p = json, *end = json + len;
    p = ws(p, end);
    if (p >= end || *p != '{') return 0;
    p = ws(p + 1, end);
    if (p < end && *p == '}') return 0;
    while (p < end && *p == '"') {
        const char *k = p + 1, *ke = string_end(p, end);
        if (!ke) break;
        p = ws(ke, end);
        if (p >= end || *p != ':') break;
        p = ws(p + 1, end);
        const char *v = p, *ve = value_end(p, end);
        if (!ve) break;
        for (size_t i = 0; i < nk; i++)
            if (keys[i] && key_is(k, (size_t)(ke - 1 - k), keys[i])) out[i] = (struct jsonscan_value){ v, (size_t)(ve - v) };
        p = ws(ve, end);
        if (p < end && *p == ',') p = ws(p + 1, end);
        else break;
    }
    size_t found = 0;
    for (size_t i = 0; i < nk; i++) found += out[i].p != NULL;
    return found;
}

size_t jsonscan_strings(const char *json, size_t len, struct jsonscan_value *out, size_t max)
{
    if (!json) return 0;
    const char *p = ws(json, json + len), *end = json + len;
    if (p >= end || *p != '[') return 0;
    p = ws(p + 1, end);
    size_t n = 0;
    while (p < end && *p != ']') {
        const char *ve = value_end(p, end);
        if (!ve) break;
        if (*p == '"' && n < max) out[n++] = (struct jsonscan_value){ p + 1, (size_t)(ve - p - 2) };
        p = ws(ve, end);
        if (p < end && *p == ',') p = ws(p + 1, end);
        else break;
    }
    return n;
}
