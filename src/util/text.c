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

/* The l-byte valid sequence at p is a control character but tab, LF, CR, or DEL: no text of ours holds one. */
static bool is_control(const unsigned char *p, size_t l)
{
    return l == 1 && ((p[0] < 0x20 && p[0] != '\t' && p[0] != '\n' && p[0] != '\r') || p[0] == 0x7F);
}

/* The l-byte valid sequence at p is U+FFFE or U+FFFF: non-characters XML 1.0 forbids (with the C0 controls but tab,
   LF, CR, and the surrogates, which are not valid UTF-8), so a spreadsheet's XML holding one is not well-formed. */
static bool is_xml_nonchar(const unsigned char *p, size_t l)
{
    return l == 3 && p[0] == 0xEF && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF);
}

bool utf8_valid_text(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        size_t l = utf8_seq_len(p + i, n - i);
        if (!l || is_control(p + i, l) || is_xml_nonchar(p + i, l)) return false;
        i += l;
    }
    return true;
}

size_t text_chars(const char *s)
{
    size_t n = 0;
    for (; s && *s; s++) n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

size_t text_charsn(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++) c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
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
            else if (c == 0xEF && is_xml_nonchar(p + i, l)) rep = REPLACEMENT;   /* U+FFFE, U+FFFF: as text_sanitize */
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

void html_user_textn(struct buf *b, const char *s, size_t n)
{
    if (!s || !n) return;
    HTML_LIT(b, "<bdi>");
    html_textn(b, s, n);
    HTML_LIT(b, "</bdi>");
}

void html_user_text(struct buf *b, const char *s)
{
    if (s) html_user_textn(b, s, strlen(s));
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
        else if (c == 0xEF && is_xml_nonchar(p + i, l)) rep = p[i + 2] == 0xBE ? "\\ufffe" : "\\uffff";   /* escaped, kept */
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

/* Base letters for U+00C0..U+024F (generated from Unicode decompositions); '\0': keep as is. */
static const char LATIN_FOLD[] =
    "aaaaaaaceeeeiiiidnooooo\0ouuuuytsaaaaaaaceeeeiiiidnooooo\0ouuuuyty"
    "aaaaaaccccccccddddeeeeeeeeeegggggggghh\0\0iiiiiiiiii\0\0jjkk\0llllll\0"
    "\0llnnnnnn\0\0\0oooooooorrrrrrsssssssstttt\0\0uuuuuuuuuuuuwwyyyzzzzzz\0"
    "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0oo\0\0\0\0\0\0\0\0\0\0\0\0\0uu\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"
    "\0\0\0\0\0\0\0\0\0\0\0\0\0aaiioouuuuuuuuuu\0aaaa\0\0\0\0ggkkoooo\0\0j\0\0\0gg\0\0nnaa\0\0\0\0"
    "aaaaeeeeiiiioooorrrruuuusstt\0\0hh\0\0\0\0\0\0aaeeooooooooyy\0\0\0\0\0\0\0\0\0\0\0\0"
    "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"
    ;

static void put_cp(struct buf *b, uint32_t cp)
{
    char o[4];
    if (cp < 0x80) { buf_putc(b, (char)cp); return; }
    if (cp < 0x800) { o[0] = (char)(0xC0 | (cp >> 6)); o[1] = (char)(0x80 | (cp & 0x3F)); buf_append(b, o, 2); return; }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | (cp >> 12)); o[1] = (char)(0x80 | ((cp >> 6) & 0x3F)); o[2] = (char)(0x80 | (cp & 0x3F));
        buf_append(b, o, 3);
        return;
    }
    o[0] = (char)(0xF0 | (cp >> 18)); o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); o[3] = (char)(0x80 | (cp & 0x3F));
    buf_append(b, o, 4);
}

void text_fold(struct buf *out, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        size_t l = utf8_seq_len(p + i, n - i);
        if (!l) { i++; continue; }   /* invalid bytes are dropped */
        uint32_t cp = p[i];
        if (l == 2) cp = ((uint32_t)(p[i] & 0x1F) << 6) | (p[i + 1] & 0x3F);
        else if (l == 3) cp = ((uint32_t)(p[i] & 0x0F) << 12) | ((uint32_t)(p[i + 1] & 0x3F) << 6) | (p[i + 2] & 0x3F);
        else if (l == 4) cp = ((uint32_t)(p[i] & 0x07) << 18) | ((uint32_t)(p[i + 1] & 0x3F) << 12) |
                              ((uint32_t)(p[i + 2] & 0x3F) << 6) | (p[i + 3] & 0x3F);
        i += l;
        if (cp >= 'A' && cp <= 'Z') cp += 32;
        else if (cp >= 0xC0 && cp < 0x250 && LATIN_FOLD[cp - 0xC0]) cp = (unsigned char)LATIN_FOLD[cp - 0xC0];
        else if (cp >= 0x410 && cp <= 0x42F) cp += 0x20;            /* Cyrillic capitals */
        else if (cp >= 0x400 && cp <= 0x40F) cp += 0x50;
        else if (cp >= 0x391 && cp <= 0x3A9) cp += 0x20;            /* Greek capitals */
        if (cp == 0x451) cp = 0x435;                                /* ё -> е */
        if (cp == 0x2019 || cp == 0x2018 || cp == 0x2BC) cp = '\'';
        put_cp(out, cp);
    }
}

void text_sanitize(struct buf *out, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        size_t l = utf8_seq_len(p + i, n - i);
        if (!l) { buf_puts(out, REPLACEMENT); i++; continue; }
        if (is_control(p + i, l)) { i++; continue; }
        if (is_xml_nonchar(p + i, l)) buf_puts(out, REPLACEMENT);
        else buf_append(out, s + i, l);
        i += l;
    }
}
