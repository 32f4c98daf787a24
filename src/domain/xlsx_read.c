/* xlsx_read: see xlsx_read.h. */
#include "domain/xlsx_read.h"

#include <errno.h>
#include <expat.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include <minizip/unzip.h>

#include "domain/workbook_internal.h"
#include "util/mem.h"

enum { P_WORKBOOK, P_RELS, P_SST, P_SHEET };

struct px {
    struct xbook *b;
    XML_Parser p;
    int mode;
    bool failed;
    char msg[200];
    /* text being collected */
    char *txt;
    size_t len, cap;
    bool collecting, toolong;
    int rph;                    /* depth inside <rPh> (phonetic runs: not part of the text) */
    unsigned depth;             /* elements open now */
    /* workbook.xml / rels */
    json_t *sheets;             /* [[name, rid]] */
    json_t *rels;               /* rid -> target */
    /* sst */
    bool in_si;
    /* sheet */
    struct xsheet *sh;
    bool in_data, in_cell, in_is, have_v;
    uint32_t row, col, next_col;
    char ctype[12];
};

static const char *local(const char *name)
{
    const char *c = strrchr(name, ':');
    return c ? c + 1 : name;
}

static const char *attr(const char **atts, const char *want, bool prefixed)
{
    for (size_t i = 0; atts[i]; i += 2) {
        bool has_prefix = strchr(atts[i], ':') != NULL;
        if (prefixed != has_prefix) continue;
        if (strcmp(local(atts[i]), want) == 0) return atts[i + 1];
    }
    return NULL;
}

static void px_fail(struct px *x, const char *msg)
{
    if (!x->failed) {
        x->failed = true;
        snprintf(x->msg, sizeof x->msg, "%s", msg);
    }
    XML_StopParser(x->p, XML_FALSE);
}

static void on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid, const XML_Char *pubid, int has_internal)
{
    (void)name, (void)sysid, (void)pubid, (void)has_internal;
    px_fail(ud, "the file contains a DOCTYPE, which a workbook never has");
}

static void on_entity(void *ud, const XML_Char *name, int is_param, const XML_Char *value, int value_len, const XML_Char *base,
                      const XML_Char *sysid, const XML_Char *pubid, const XML_Char *notation)
{
    (void)name, (void)is_param, (void)value, (void)value_len, (void)base, (void)sysid, (void)pubid, (void)notation;
    px_fail(ud, "the file declares XML entities, which a workbook never does");
}

static void on_text(void *ud, const XML_Char *s, int len)
{
    struct px *x = ud;
    if (!x->collecting || x->rph || len <= 0) return;
    if (x->toolong || x->len + (size_t)len > WORKBOOK_MAX_CELL_TEXT) { x->toolong = true; return; }
    if (x->len + (size_t)len + 1 > x->cap) {
        x->cap = (x->len + (size_t)len + 1) * 2;
        if (x->cap > WORKBOOK_MAX_CELL_TEXT + 1) x->cap = WORKBOOK_MAX_CELL_TEXT + 1;
        x->txt = xrealloc(x->txt, x->cap);
    }
    memcpy(x->txt + x->len, s, (size_t)len);
    x->len += (size_t)len;
    x->txt[x->len] = 0;
}

static void text_reset(struct px *x)
{
    x->len = 0;
    x->toolong = false;
    if (x->txt) x->txt[0] = 0;
}

static size_t put_utf8(char *o, unsigned cp)
{
    if (cp < 0x80) { o[0] = (char)cp; return 1; }
    if (cp < 0x800) { o[0] = (char)(0xC0 | (cp >> 6)); o[1] = (char)(0x80 | (cp & 0x3F)); return 2; }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | (cp >> 12)); o[1] = (char)(0x80 | ((cp >> 6) & 0x3F)); o[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (cp >> 18)); o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* The text with OOXML's "_xHHHH_" escapes undone (a UTF-16 unit each; pairs combine; _x000B_, the line break Word
   pastes, as a line break).  Escapes that would give NUL, a lone surrogate or a non-character are kept as they are.
   Owned. */
static char *unescape_x(const char *s, size_t n)
{
    char *o = xmalloc(n + 1), *p = o;
    size_t i = 0;
    while (i < n) {
        unsigned u, u2;
        if (s[i] == '_' && i + 7 <= n && s[i + 1] == 'x' && s[i + 6] == '_' && hex4(s + i + 2, &u)) {
            if (u >= 0xD800 && u < 0xDC00 && i + 14 <= n && s[i + 7] == '_' && s[i + 8] == 'x' && s[i + 13] == '_' &&
                hex4(s + i + 9, &u2) && u2 >= 0xDC00 && u2 < 0xE000) {
                p += put_utf8(p, 0x10000 + ((u - 0xD800) << 10) + (u2 - 0xDC00));   /* 14 bytes in, 4 out */
                i += 14;
                continue;
            }
            if (u != 0 && (u < 0xD800 || u > 0xDFFF) && u != 0xFFFE && u != 0xFFFF) {
                if (u == 0x0B) u = '\n';   /* Word's line break (vertical tab), pasted into a cell: a line break */
                p += put_utf8(p, u);   /* 7 bytes in, at most 3 out */
                i += 7;
                continue;
            }
        }
        *p++ = s[i++];
    }
    *p = 0;
    return o;
}

/* "D12" -> col 3, row 11.  false when malformed. */
static bool parse_ref(const char *r, uint32_t *row, uint32_t *col)
{
    uint32_t c = 0, rr = 0;
    int letters = 0, digits = 0;
    while (*r >= 'A' && *r <= 'Z' && letters < 4) { c = c * 26 + (uint32_t)(*r - 'A' + 1); r++; letters++; }
    while (*r >= '0' && *r <= '9' && digits < 8) { rr = rr * 10 + (uint32_t)(*r - '0'); r++; digits++; }
    if (*r || !letters || !digits || c > 16384 || rr < 1 || rr > 1048576) return false;
    *col = c - 1;
    *row = rr - 1;
    return true;
}

static bool parse_uint(const char *s, uint32_t max, uint32_t *out)
{
    uint64_t v = 0;
    if (!s || !*s) return false;
    for (; *s; s++) {
        if (*s < '0' || *s > '9') return false;
        v = v * 10 + (uint64_t)(*s - '0');
        if (v > max) return false;
    }
    *out = (uint32_t)v;
    return true;
}

static void on_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct px *x = ud;
    if (x->failed) return;
    /* Before anything else: a deep or huge tree is stopped here, while expat's own stacks are still small. */
    if (++x->depth > WORKBOOK_MAX_XML_DEPTH) { px_fail(x, "its XML is nested too deeply"); return; }
    if (++x->b->nelements > WORKBOOK_MAX_XML_ELEMENTS) { px_fail(x, "it has too many XML elements"); return; }
    const char *n = local(name);
    switch (x->mode) {
    case P_WORKBOOK:
        if (strcmp(n, "sheet") == 0) {
            const char *nm = attr(atts, "name", false), *rid = attr(atts, "id", true);
            if (!nm || !rid) { px_fail(x, "a sheet without a name"); return; }
            if (strlen(nm) > 200 || strlen(rid) > 200) { px_fail(x, "a sheet name is too long"); return; }
            if (json_array_size(x->sheets) >= WORKBOOK_MAX_SHEETS) { px_fail(x, "too many sheets"); return; }
            json_t *e = json_pack("[ss]", nm, rid);
            if (!e) { px_fail(x, "a sheet name is not valid text"); return; }
            json_array_append_new(x->sheets, e);
        } else if (strcmp(n, "workbookPr") == 0) {
            const char *d = attr(atts, "date1904", false);
            x->b->date1904 = d && (strcmp(d, "1") == 0 || strcmp(d, "true") == 0);
        }
        break;
    case P_RELS:
        if (strcmp(n, "Relationship") == 0) {
            const char *id = attr(atts, "Id", false), *target = attr(atts, "Target", false), *type = attr(atts, "Type", false);
            if (!id || !target) return;
            if (json_object_size(x->rels) > 10000) { px_fail(x, "too many relationships"); return; }
            json_t *v = json_string(target);
            if (v) json_object_set_new(x->rels, id, v);
            size_t tl = type ? strlen(type) : 0;
            if (type && tl >= 14 && strcmp(type + tl - 14, "/sharedStrings") == 0 && !x->b->sst_path) x->b->sst_path = xstrdup(target);
        }
        break;
    case P_SST:
        if (strcmp(n, "si") == 0) { x->in_si = true; text_reset(x); }
        else if (strcmp(n, "rPh") == 0) x->rph++;
        else if (strcmp(n, "t") == 0 && x->in_si) x->collecting = true;
        break;
    case P_SHEET:
        if (strcmp(n, "sheetData") == 0) { x->in_data = true; x->row = UINT32_MAX; }
        else if (!x->in_data) return;
        else if (strcmp(n, "row") == 0) {
            const char *r = attr(atts, "r", false);
            uint32_t v;
            if (r) {
                if (!parse_uint(r, 1048576, &v) || v < 1) { px_fail(x, "a row number is malformed"); return; }
                x->row = v - 1;
            } else x->row = x->row == UINT32_MAX ? 0 : x->row + 1;
            x->next_col = 0;
        } else if (strcmp(n, "c") == 0) {
            const char *r = attr(atts, "r", false), *t = attr(atts, "t", false);
            if (x->row == UINT32_MAX) x->row = 0;
            if (r) {
                uint32_t rr, cc;
                if (!parse_ref(r, &rr, &cc)) { px_fail(x, "a cell reference is malformed"); return; }
                x->row = rr;
                x->col = cc;
            } else x->col = x->next_col;
            x->next_col = x->col + 1;
            snprintf(x->ctype, sizeof x->ctype, "%s", t ? t : "n");
            x->in_cell = true;
            x->in_is = false;
            x->have_v = false;
            text_reset(x);
            if (++x->b->ncells > WORKBOOK_MAX_CELLS) px_fail(x, "the workbook has too many cells");
        } else if (x->in_cell && strcmp(n, "v") == 0) {
            text_reset(x);
            x->collecting = true;
            x->have_v = true;
        } else if (x->in_cell && strcmp(n, "is") == 0) {
            x->in_is = true;
            x->have_v = true;
            text_reset(x);
        } else if (x->in_is && strcmp(n, "rPh") == 0) x->rph++;
        else if (x->in_is && strcmp(n, "t") == 0) x->collecting = true;
        break;
    }
}

static void sheet_cell_done(struct px *x)
{
    struct xsheet *sh = x->sh;
    struct xbook *b = x->b;
    x->in_cell = false;
    if (!x->have_v || x->col >= b->maxcol) return;
    struct xcell c = { .row = x->row, .col = x->col, .kind = K_EMPTY };
    const char *t = x->ctype, *txt = x->txt ? x->txt : "";
    if (strcmp(t, "s") == 0) {
        uint32_t idx;
        if (!parse_uint(txt, UINT32_MAX - 1, &idx) || idx >= b->nsst) { px_fail(x, "a cell refers to a missing shared string"); return; }
        c.kind = K_STR;
        c.shared = true;
        c.s = b->sst[idx];
        c.toolong = b->sst_long[idx];
    } else if (strcmp(t, "inlineStr") == 0 || strcmp(t, "str") == 0 || strcmp(t, "d") == 0) {
        c.kind = K_STR;
        c.s = unescape_x(txt, x->len);
        c.toolong = x->toolong;
    } else if (strcmp(t, "b") == 0) {
        c.kind = K_BOOL;
        c.d = strcmp(txt, "1") == 0 || strcmp(txt, "true") == 0;
    } else if (strcmp(t, "e") == 0) {
        c.kind = K_ERR;
        c.s = xstrdup(txt);
    } else {
        if (!*txt) return;
        char *end;
        double d = strtod(txt, &end);
        if (*end || !isfinite(d) || end == txt) { c.kind = K_ERR; c.s = xstrdup(txt); }
        else { c.kind = K_NUM; c.d = d; }
    }
    if (sh->n == sh->cap) {
        sh->cap = sh->cap ? sh->cap * 2 : 256;
        sh->c = xrealloc(sh->c, sh->cap * sizeof *sh->c);
    }
    sh->c[sh->n++] = c;
}

static void on_end(void *ud, const XML_Char *name)
{
    struct px *x = ud;
    if (x->failed) return;
    if (x->depth) x->depth--;
    const char *n = local(name);
    if (x->mode == P_SST) {
        if (strcmp(n, "rPh") == 0 && x->rph) x->rph--;
        else if (strcmp(n, "t") == 0) x->collecting = false;
        else if (strcmp(n, "si") == 0 && x->in_si) {
            struct xbook *b = x->b;
            x->in_si = false;
            if (b->nsst >= WORKBOOK_MAX_CELLS * 4) { px_fail(x, "too many shared strings"); return; }
            if (b->nsst == b->capsst) {
                b->capsst = b->capsst ? b->capsst * 2 : 256;
                b->sst = xrealloc(b->sst, b->capsst * sizeof *b->sst);
                b->sst_long = xrealloc(b->sst_long, b->capsst * sizeof *b->sst_long);
            }
            b->sst[b->nsst] = unescape_x(x->txt ? x->txt : "", x->len);
            b->sst_long[b->nsst++] = x->toolong;
        }
    } else if (x->mode == P_SHEET && x->in_data) {
        if (strcmp(n, "v") == 0) x->collecting = false;
        else if (strcmp(n, "t") == 0) x->collecting = false;
        else if (strcmp(n, "rPh") == 0 && x->rph) x->rph--;
        else if (strcmp(n, "is") == 0) x->in_is = false;
        else if (strcmp(n, "c") == 0 && x->in_cell) sheet_cell_done(x);
        else if (strcmp(n, "sheetData") == 0) x->in_data = false;
    }
}

/* An entry that inflates to more than WORKBOOK_MAX_RATIO times its compressed size, once past WORKBOOK_RATIO_FLOOR
   (a zip bomb: real sheets compress 5 to 30 times). */
static bool ratio_too_high(uint64_t inflated, uint64_t compressed)
{
    return inflated > WORKBOOK_RATIO_FLOOR && inflated / WORKBOOK_MAX_RATIO > compressed;
}

/* Stream one zip entry through expat in mode.  0 done, 1 no such entry, -1 with err. */
static int parse_entry(struct xbook *b, const char *entry, struct px *x, char *err, size_t errlen)
{
    if (unzLocateFile(b->uf, entry, 1) != UNZ_OK) return 1;
    unz_file_info64 info;
    if (unzGetCurrentFileInfo64(b->uf, &info, NULL, 0, NULL, 0, NULL, 0) != UNZ_OK) {
        seterr(err, errlen, "the file is not a readable workbook (%s)", entry);
        return -1;
    }
    if (info.uncompressed_size > WORKBOOK_MAX_ENTRY_BYTES || b->total + info.uncompressed_size > WORKBOOK_MAX_TOTAL_BYTES) {
        seterr(err, errlen, "the workbook is too large once unpacked (%s)", entry);
        return -1;
    }
    if (ratio_too_high(info.uncompressed_size, info.compressed_size)) {
        seterr(err, errlen, "the workbook is too large once unpacked (%s is compressed more than %u times)", entry,
               WORKBOOK_MAX_RATIO);
        return -1;
    }
    if (unzOpenCurrentFile(b->uf) != UNZ_OK) {
        seterr(err, errlen, "the file is not a readable workbook (%s)", entry);
        return -1;
    }
    XML_Parser p = XML_ParserCreate(NULL);
    if (!p) mem_die(__FILE__, __LINE__, "XML_ParserCreate");
    x->p = p;
    XML_SetUserData(p, x);
    XML_SetElementHandler(p, on_start, on_end);
    XML_SetCharacterDataHandler(p, on_text);
    XML_SetStartDoctypeDeclHandler(p, on_doctype);
    XML_SetEntityDeclHandler(p, on_entity);
    XML_SetParamEntityParsing(p, XML_PARAM_ENTITY_PARSING_NEVER);
    enum { CHUNK = 64 * 1024 };
    char *buf = xmalloc(CHUNK);
    size_t total = 0;
    int rc = 0;
    for (;;) {
        int n = unzReadCurrentFile(b->uf, buf, CHUNK);
        if (n < 0) { seterr(err, errlen, "the workbook is damaged (%s)", entry); rc = -1; break; }
        total += (size_t)n;
        b->total += (size_t)n;
        /* The declared size may lie: the bytes themselves are counted too. */
        if (total > info.uncompressed_size || total > WORKBOOK_MAX_ENTRY_BYTES || b->total > WORKBOOK_MAX_TOTAL_BYTES ||
            ratio_too_high(total, info.compressed_size)) {
            seterr(err, errlen, "the workbook is too large once unpacked (%s)", entry);
            rc = -1;
            break;
        }
        if (XML_Parse(p, buf, n, n == 0) == XML_STATUS_ERROR) {
            if (x->failed) seterr(err, errlen, "the workbook cannot be read: %s (%s)", x->msg, entry);
            else seterr(err, errlen, "the workbook is damaged: %s at line %lu of %s", XML_ErrorString(XML_GetErrorCode(p)),
                        (unsigned long)XML_GetCurrentLineNumber(p), entry);
            rc = -1;
            break;
        }
        if (n == 0) break;
    }
    free(buf);
    XML_ParserFree(p);
    x->p = NULL;
    if (unzCloseCurrentFile(b->uf) != UNZ_OK && rc == 0) {
        seterr(err, errlen, "the workbook is damaged (%s)", entry);
        rc = -1;
    }
    return rc;
}

/* A relationship target as a zip entry name ("worksheets/sheet1.xml" -> "xl/worksheets/sheet1.xml"). */
static char *entry_name(const char *target)
{
    if (target[0] == '/') return xstrdup(target + 1);
    size_t n = strlen(target) + 4;
    char *s = xmalloc(n);
    snprintf(s, n, "xl/%s", target);
    return s;
}

void xlsx_free_book(struct xbook *b)
{
    for (size_t i = 0; i < b->nsheets; i++) {
        struct xsheet *s = &b->sheets[i];
        for (size_t k = 0; k < s->n; k++)
            if (!s->c[k].shared) free(s->c[k].s);
        free(s->c);
        free(s->name);
        free(s->path);
    }
    for (size_t i = 0; i < b->nsst; i++) free(b->sst[i]);
    free(b->sst);
    free(b->sst_long);
    free(b->sst_path);
    if (b->uf) unzClose(b->uf);
}

static int cell_cmp(const void *a, const void *b)
{
    const struct xcell *x = a, *y = b;
    if (x->row != y->row) return x->row < y->row ? -1 : 1;
    if (x->col != y->col) return x->col < y->col ? -1 : 1;
    return 0;
}

int xlsx_read_book(struct xbook *b, const char *path, char *err, size_t errlen)
{
    b->uf = unzOpen64(path);
    if (!b->uf) { seterr(err, errlen, "the file is not an .xlsx workbook (not a zip archive)"); return -1; }
    unz_global_info64 gi;
    if (unzGetGlobalInfo64(b->uf, &gi) != UNZ_OK) { seterr(err, errlen, "the file is not an .xlsx workbook (not a zip archive)"); return -1; }
    if (gi.number_entry > WORKBOOK_MAX_ZIP_ENTRIES) {
        seterr(err, errlen, "the file holds %llu files, more than a workbook ever has (at most %u)", (unsigned long long)gi.number_entry,
               WORKBOOK_MAX_ZIP_ENTRIES);
        return -1;
    }
    struct px x = { .b = b, .mode = P_WORKBOOK };
    x.sheets = json_array();
    x.rels = json_object();
    int rc = parse_entry(b, "xl/workbook.xml", &x, err, errlen);
    if (rc == 1) { seterr(err, errlen, "the file is not an .xlsx workbook (no xl/workbook.xml)"); rc = -1; }
    if (rc == 0) {
        x.mode = P_RELS;
        rc = parse_entry(b, "xl/_rels/workbook.xml.rels", &x, err, errlen);
        if (rc == 1) { seterr(err, errlen, "the file is not an .xlsx workbook (no xl/_rels/workbook.xml.rels)"); rc = -1; }
    }
    if (rc == 0 && !json_array_size(x.sheets)) { seterr(err, errlen, "the workbook has no sheets"); rc = -1; }
    if (rc == 0) {
        size_t i;
        json_t *e;
        json_array_foreach(x.sheets, i, e) {
            const char *target = sget(x.rels, json_string_value(json_array_get(e, 1)));
            if (!target) { seterr(err, errlen, "the workbook is damaged (sheet %s has no part)", json_string_value(json_array_get(e, 0))); rc = -1; break; }
            struct xsheet *s = &b->sheets[b->nsheets++];
            s->name = xstrdup(json_string_value(json_array_get(e, 0)));
            s->path = entry_name(target);
        }
    }
    if (rc == 0 && b->sst_path) {
        char *sst = entry_name(b->sst_path);
        x.mode = P_SST;
        rc = parse_entry(b, sst, &x, err, errlen);
        if (rc == 1) rc = 0;   /* a dangling relationship: no shared strings */
        free(sst);
    }
    for (size_t i = 0; rc == 0 && i < b->nsheets; i++) {
        struct px sx = { .b = b, .mode = P_SHEET, .sh = &b->sheets[i], .txt = x.txt, .cap = x.cap };
        rc = parse_entry(b, b->sheets[i].path, &sx, err, errlen);
        x.txt = sx.txt;
        x.cap = sx.cap;
        if (rc == 1) { seterr(err, errlen, "the workbook is damaged (no %s)", b->sheets[i].path); rc = -1; }
        if (rc == 0 && b->sheets[i].n) qsort(b->sheets[i].c, b->sheets[i].n, sizeof *b->sheets[i].c, cell_cmp);
    }
    free(x.txt);
    json_decref(x.sheets);
    json_decref(x.rels);
    return rc;
}
