/*
 * pdf_catalog: what cairo 1.16 leaves out of a tagged PDF's catalog, added as an incremental update.
 *
 * cairo writes the structure tree (/StructTreeRoot) of the tags it was given but neither
 * /MarkInfo << /Marked true >> (without it readers and checkers say "Tagged: no") nor the
 * document's natural language (/Lang, which screen readers use to choose a voice), nor the
 * viewer preference to show the title rather than the file name.  An incremental update (PDF
 * 1.7, 7.5.6) appends a new version of the catalog object, an xref section for it alone and a
 * trailer pointing back to the original one: the bytes cairo wrote are not touched.
 *
 * Only a classic cross-reference table (what cairo 1.16 writes) is understood; anything else
 * (an xref stream, an unexpected catalog) is left as it is and the function says so.
 */
#include "web/pdf_catalog.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The last occurrence of needle (n bytes) in hay[0, len). */
static const char *find_last(const char *hay, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = len >= n ? len - n + 1 : 0; i-- > 0;)
        if (memcmp(hay + i, needle, n) == 0) return hay + i;
    return NULL;
}

/* The first occurrence of needle in hay[0, len). */
static const char *find_first(const char *hay, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= len; i++)
        if (memcmp(hay + i, needle, n) == 0) return hay + i;
    return NULL;
}

/* The integer after key (e.g. "/Root ") in d[0, len), or -1. */
static long dict_int(const char *d, size_t len, const char *key)
{
    const char *p = find_first(d, len, key);
    if (!p) return -1;
    p += strlen(key);
    char *end;
    long v = strtol(p, &end, 10);
    return end == p || v < 0 ? -1 : v;
}

/* A language tag safe to write in a PDF literal string: letters, digits and '-'. */
static bool lang_ok(const char *lang)
{
    if (!lang || !*lang || strlen(lang) > 16) return false;
    for (const char *p = lang; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-')) return false;
    return true;
}

int pdf_catalog_amend(struct buf *pdf, const char *lang)
{
    const char *d = pdf->data;
    size_t len = pdf->len;
    if (!d || len < 32) return -1;
    const char *sx = find_last(d, len, "startxref");
    const char *tr = sx ? find_last(d, (size_t)(sx - d), "trailer") : NULL;
    if (!tr) return -1;                                        /* an xref stream: not ours to amend */
    long prev = strtol(sx + strlen("startxref"), NULL, 10);
    const char *to = strstr(tr, "<<"), *tc = to ? find_first(to, (size_t)(sx - to), ">>") : NULL;
    if (!to || !tc || prev <= 0 || (size_t)prev >= len) return -1;
    size_t tlen = (size_t)(tc - to);
    long root = dict_int(to, tlen, "/Root "), size = dict_int(to, tlen, "/Size ");
    if (root <= 0 || size <= root || find_first(to, tlen, "/Prev")) return -1;
    /* The catalog object as cairo wrote it: "\nN 0 obj\n<< ... >>\nendobj". */
    char head[40];
    snprintf(head, sizeof head, "\n%ld 0 obj", root);
    const char *obj = find_last(d, (size_t)(tr - d), head);
    const char *open = obj ? find_first(obj, (size_t)(tr - obj), "<<") : NULL;
    const char *endobj = open ? find_first(open, (size_t)(tr - open), "endobj") : NULL;
    if (!endobj) return -1;
    const char *close = find_last(open, (size_t)(endobj - open), ">>");
    if (!close || !find_first(open, (size_t)(close - open), "/Type /Catalog")) return -1;
    if (find_first(open, (size_t)(close - open), "/MarkInfo")) return 0;   /* a cairo that does it already */
    bool has_lang = find_first(open, (size_t)(close - open), "/Lang") != NULL;
    /* Copy what cairo put in the catalog and in the trailer before anything moves pdf->data. */
    size_t clen = (size_t)(close - open), inner_len = tlen - 2;
    char *cat = malloc(clen + 1), *inner = malloc(inner_len + 1);
    if (!cat || !inner) { free(cat); free(inner); return -1; }
    memcpy(cat, open, clen);
    cat[clen] = '\0';
    memcpy(inner, to + 2, inner_len);
    inner[inner_len] = '\0';
    if (pdf->data[pdf->len - 1] != '\n') buf_putc(pdf, '\n');
    size_t at = pdf->len;
    buf_printf(pdf, "%ld 0 obj\n%s   /MarkInfo << /Marked true >>\n   /ViewerPreferences << /DisplayDocTitle true >>\n", root, cat);
    if (!has_lang && lang_ok(lang)) buf_printf(pdf, "   /Lang (%s)\n", lang);
    buf_puts(pdf, ">>\nendobj\n");
    size_t xref = pdf->len;
    buf_printf(pdf, "xref\n%ld 1\n%010zu 00000 n \ntrailer\n<<%s   /Prev %ld\n>>\nstartxref\n%zu\n%%%%EOF\n", root, at, inner, prev, xref);
    free(cat);
    free(inner);
    return 1;
}
