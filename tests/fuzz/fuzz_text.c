/*
 * fuzz_text: libFuzzer driver for the escaping writers and UTF-8 checks of util/text.c —
 * html_textn, json_write_string, text_fold, text_sanitize, utf8_valid_text (and url_decode).
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Isrc -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L \
 *         tests/fuzz/fuzz_text.c src/util/text.c src/util/buf.c src/util/mem.c -o build/fuzz/fuzz_text
 *   build/fuzz/fuzz_text -max_total_time=60 tests/fuzz/corpus/fuzz_text
 *
 * Besides memory errors (ASan/UBSan), it checks the promises of text.h:
 *  - utf8_valid_text agrees with an independent, deliberately simple validator;
 *  - html_textn output is valid UTF-8 text with no raw < > " ' and '&' only opening one of the
 *    five entities it writes; valid text without those characters comes out unchanged, and
 *    unescaping the output gives the input back when the input was valid text;
 *  - json_write_string (on a NUL-terminated copy) writes one well-formed JSON string literal
 *    with no raw '<' and no control character, that decodes to the input when the input is
 *    valid UTF-8;
 *  - text_fold never lengthens its input, writes valid UTF-8, and is idempotent;
 *  - text_sanitize writes valid UTF-8 text, leaves valid text alone, and is idempotent;
 *  - url_decode undoes html_urlpart and never lengthens.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond) \
    do { if (!(cond)) { fprintf(stderr, "fuzz_text: broken promise: %s (line %d)\n", #cond, __LINE__); abort(); } } while (0)

/* Reference decoder: the code point at s (n bytes left) into *cp; its length, or 0 when invalid. */
static size_t ref_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    static const uint32_t min[5] = { 0, 0, 0x80, 0x800, 0x10000 };
    size_t len;
    if (s[0] < 0x80) { *cp = s[0]; return 1; }
    else if ((s[0] & 0xE0) == 0xC0) { len = 2; *cp = s[0] & 0x1F; }
    else if ((s[0] & 0xF0) == 0xE0) { len = 3; *cp = s[0] & 0x0F; }
    else if ((s[0] & 0xF8) == 0xF0) { len = 4; *cp = s[0] & 0x07; }
    else return 0;
    if (n < len) return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        *cp = (*cp << 6) | (s[i] & 0x3F);
    }
    if (*cp < min[len] || *cp > 0x10FFFF || (*cp >= 0xD800 && *cp <= 0xDFFF)) return 0;
    return len;
}

/* Valid UTF-8; when text, also no NUL, no DEL, no C0 control but tab, LF, CR, and no U+FFFE or U+FFFF. */
static int ref_valid(const char *s, size_t n, int text)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t l = ref_decode(p + i, n - i, &cp);
        if (!l) return 0;
        if (text && ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0x7F || cp == 0xFFFE || cp == 0xFFFF))
            return 0;
        i += l;
    }
    return 1;
}

static void check_html(const char *in, size_t n)
{
    struct buf b = BUF_INIT;
    buf_puts(&b, "x");   /* appends to what is there */
    html_textn(&b, in, n);
    CHECK(b.len >= 1 && b.data[0] == 'x' && b.data[b.len] == '\0');
    const char *out = b.data + 1;
    size_t olen = b.len - 1;
    CHECK(strlen(out) == olen);
    CHECK(utf8_valid_text(out, olen));
    CHECK(!memchr(out, '<', olen) && !memchr(out, '>', olen) && !memchr(out, '"', olen) && !memchr(out, '\'', olen));
    static const char *const ents[] = { "&amp;", "&lt;", "&gt;", "&quot;", "&#39;" };
    static const char raws[] = "&<>\"'";
    struct buf un = BUF_INIT;   /* the output, unescaped */
    for (size_t i = 0; i < olen;) {
        if (out[i] == '&') {
            size_t k = 0;
            while (k < 5 && strncmp(out + i, ents[k], strlen(ents[k])) != 0) k++;
            CHECK(k < 5);
            buf_putc(&un, raws[k]);
            i += strlen(ents[k]);
        } else {
            buf_putc(&un, out[i]);
            i++;
        }
    }
    if (ref_valid(in, n, 1)) {
        CHECK(un.len == n && (n == 0 || memcmp(buf_cstr(&un), in, n) == 0));
        if (!memchr(in, '&', n) && !memchr(in, '<', n) && !memchr(in, '>', n) && !memchr(in, '"', n) &&
            !memchr(in, '\'', n))
            CHECK(olen == n && memcmp(out, in, n) == 0);
    }
    buf_cleanup(&un);
    buf_cleanup(&b);
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static void check_json(const char *in)
{
    size_t n = strlen(in);
    struct buf b = BUF_INIT;
    json_write_string(&b, in);
    const char *out = buf_cstr(&b);
    size_t olen = b.len;
    CHECK(olen >= 2 && out[0] == '"' && out[olen - 1] == '"');
    CHECK(!memchr(out, '<', olen));
    CHECK(ref_valid(out, olen, 1));
    struct buf dec = BUF_INIT;
    size_t i = 1;
    while (i < olen - 1) {
        unsigned char c = (unsigned char)out[i];
        CHECK(c >= 0x20 && c != 0x7F && c != '"');
        if (c != '\\') { buf_putc(&dec, (char)c); i++; continue; }
        CHECK(i + 1 < olen - 1);
        char e = out[i + 1];
        switch (e) {
        case '"': buf_putc(&dec, '"'); i += 2; break;
        case '\\': buf_putc(&dec, '\\'); i += 2; break;
        case 'n': buf_putc(&dec, '\n'); i += 2; break;
        case 'r': buf_putc(&dec, '\r'); i += 2; break;
        case 't': buf_putc(&dec, '\t'); i += 2; break;
        case 'u': {
            CHECK(i + 5 < olen - 1);
            int v = 0;
            for (int k = 2; k < 6; k++) {
                int h = hexval(out[i + k]);
                CHECK(h >= 0);
                v = v * 16 + h;
            }
            CHECK(v < 0x80 || v == 0xFFFE || v == 0xFFFF);   /* the writer escapes ASCII and the two non-characters */
            if (v < 0x80) buf_putc(&dec, (char)v);
            else buf_append(&dec, v == 0xFFFE ? "\xEF\xBF\xBE" : "\xEF\xBF\xBF", 3);
            i += 6;
            break;
        }
        default:
            CHECK(!"unknown escape");
        }
    }
    CHECK(i == olen - 1);
    if (ref_valid(in, n, 0)) CHECK(dec.len == n && (n == 0 || memcmp(buf_cstr(&dec), in, n) == 0));
    buf_cleanup(&dec);
    buf_cleanup(&b);

    /* NULL gives null. */
    json_write_string(&b, NULL);
    CHECK(strcmp(buf_cstr(&b), "null") == 0);
    buf_cleanup(&b);
}

static void check_fold(const char *in, size_t n)
{
    struct buf a = BUF_INIT, c = BUF_INIT;
    text_fold(&a, in, n);
    CHECK(a.len <= n);
    CHECK(ref_valid(buf_cstr(&a), a.len, 0));
    for (size_t i = 0; i < a.len; i++) CHECK(!(a.data[i] >= 'A' && a.data[i] <= 'Z'));
    text_fold(&c, buf_cstr(&a), a.len);
    CHECK(c.len == a.len && memcmp(buf_cstr(&c), buf_cstr(&a), a.len) == 0);
    if (ref_valid(in, n, 0)) {
        /* Nothing valid is dropped: as many code points come out as went in. */
        size_t cin = 0, cout = 0;
        for (size_t i = 0; i < n; i++) cin += ((unsigned char)in[i] & 0xC0) != 0x80;
        for (size_t i = 0; i < a.len; i++) cout += ((unsigned char)a.data[i] & 0xC0) != 0x80;
        CHECK(cin == cout);
    }
    buf_cleanup(&a);
    buf_cleanup(&c);
}

static void check_sanitize(const char *in, size_t n)
{
    struct buf a = BUF_INIT, c = BUF_INIT;
    text_sanitize(&a, in, n);
    CHECK(utf8_valid_text(buf_cstr(&a), a.len));
    CHECK(strlen(buf_cstr(&a)) == a.len);
    if (ref_valid(in, n, 1)) CHECK(a.len == n && (n == 0 || memcmp(a.data, in, n) == 0));
    text_sanitize(&c, buf_cstr(&a), a.len);
    CHECK(c.len == a.len && memcmp(buf_cstr(&c), buf_cstr(&a), a.len) == 0);
    buf_cleanup(&a);
    buf_cleanup(&c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    /* An exact-size heap copy, so ASan sees any read past the end. */
    char *copy = malloc(size ? size : 1);
    CHECK(copy != NULL);
    if (size) memcpy(copy, data, size);

    bool valid = utf8_valid_text(copy, size);
    CHECK(valid == (bool)ref_valid(s, size, 1));
    if (size) CHECK(utf8_valid_text(copy, size - 1) == (bool)ref_valid(s, size - 1, 1));

    check_html(copy, size);
    check_fold(copy, size);
    check_sanitize(copy, size);

    char *z = malloc(size + 1);
    CHECK(z != NULL);
    if (size) memcpy(z, data, size);
    z[size] = '\0';
    check_json(z);

    /* url_decode never lengthens, and undoes html_urlpart. */
    struct buf enc = BUF_INIT;
    html_urlpart(&enc, z);
    char *e = strdup(buf_cstr(&enc));
    CHECK(e != NULL);
    long dl = url_decode(e, false);
    CHECK(dl == (long)strlen(z) && strcmp(e, z) == 0);
    long dz = url_decode(z, true);
    CHECK(dz < 0 || (size_t)dz <= size);

    free(e);
    buf_cleanup(&enc);
    free(z);
    free(copy);
    return 0;
}
