/* text: see text.h. */
#include "util/text.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Length of the valid UTF-8 sequence at s (at most n bytes), or 0 when invalid. */
static size_t utf8_seq_len(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    if (c < 0x80) return 1;
    size_t len;
    uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) { len = 2; cp = c & 0x1F; }
    else if (c >= 0xE0 && c <= 0xEF) { len = 3; cp = c & 0x0F; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; cp = c & 0x07; }
    else return 0;
    if (n < len) return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF))) return 0;
    if (cp >= 0xD800 && cp <= 0xDFFF) return 0;
    return len;
}

bool utf8_valid_text(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        if (p[i] < 0x20 && p[i] != '\t' && p[i] != '\n' && p[i] != '\r') return false;
        if (p[i] == 0x7F) return false;
        size_t l = utf8_seq_len(p + i, n - i);
        if (!l) return false;
        i += l;
    }
    return true;
}

static const char REPLACEMENT[] = "\xEF\xBF\xBD";

void html_textn(struct buf *b, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, run = 0;
    buf_reserve(b, n);
    while (i < n) {
        unsigned char c = p[i];
        const char *rep = NULL;
        size_t l = 1;
        switch (c) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        default:
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) rep = REPLACEMENT;
            else if (c >= 0x80 && !(l = utf8_seq_len(p + i, n - i))) { rep = REPLACEMENT; l = 1; }
        }
        if (rep) {
            buf_append(b, s + run, i - run);
            buf_puts(b, rep);
            i += l;
            run = i;
        } else {
            i += l;
        }
    }
    buf_append(b, s + run, i - run);
}

void html_text(struct buf *b, const char *s)
{
    if (s) html_textn(b, s, strlen(s));
}

void html_textf(struct buf *b, const char *fmt, ...)
{
    struct buf tmp = BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&tmp, fmt, ap);
    va_end(ap);
    html_textn(b, buf_cstr(&tmp), tmp.len);
    buf_cleanup(&tmp);
}

void html_int(struct buf *b, long long v)
{
    buf_printf(b, "%lld", v);
}

void html_urlpart(struct buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        unsigned char c = *p;
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '_' || c == '.' || c == '~') {
            buf_putc(b, (char)c);
        } else {
            char e[3] = { '%', hex[c >> 4], hex[c & 15] };
            buf_append(b, e, 3);
        }
    }
}

void json_write_string(struct buf *b, const char *s)
{
    if (!s) { buf_puts(b, "null"); return; }
    static const char hex[] = "0123456789abcdef";
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s), i = 0, run = 0;
    buf_reserve(b, n + 2);
    buf_putc(b, '"');
    while (i < n) {
        unsigned char c = p[i];
        const char *rep = NULL;
        char esc[7];
        size_t l = 1;
        if (c == '"') rep = "\\\"";
        else if (c == '\\') rep = "\\\\";
        else if (c == '\n') rep = "\\n";
        else if (c == '\r') rep = "\\r";
        else if (c == '\t') rep = "\\t";
        else if (c < 0x20 || c == 0x7F) {
            esc[0] = '\\'; esc[1] = 'u'; esc[2] = '0'; esc[3] = '0';
            esc[4] = hex[c >> 4]; esc[5] = hex[c & 15]; esc[6] = '\0';
            rep = esc;
        } else if (c == '<') rep = "\\u003c";   /* safe to embed in a script element */
        else if (c >= 0x80 && !(l = utf8_seq_len(p + i, n - i))) { rep = REPLACEMENT; l = 1; }
        if (rep) {
            buf_append(b, s + run, i - run);
            buf_puts(b, rep);
            i += l;
            run = i;
        } else {
            i += l;
        }
    }
    buf_append(b, s + run, i - run);
    buf_putc(b, '"');
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

long url_decode(char *s, bool plus_space)
{
    char *w = s;
    for (const char *r = s; *r; r++) {
        if (*r == '%') {
            int h = hexval(r[1]), l = h < 0 ? -1 : hexval(r[2]);
            if (h < 0 || l < 0) return -1;
            *w++ = (char)(h * 16 + l);
            r += 2;
        } else if (*r == '+' && plus_space) {
            *w++ = ' ';
        } else {
            *w++ = *r;
        }
    }
    *w = '\0';
    return (long)(w - s);
}

bool text_code_upper(const char *s, size_t n, char *out)
{
    if (!s || strlen(s) != n) return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= 'a' && c <= 'z') c = (char)(c - 'a' + 'A');
        if (c < 'A' || c > 'Z') return false;
        out[i] = c;
    }
    out[n] = '\0';
    return true;
}
