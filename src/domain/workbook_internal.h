/*
 * workbook_internal: what the parts of the workbook round trip share (not for other modules).
 * The layout of the workbook (see workbook.h: the marks of the About sheet, the id and answer
 * columns, the labels of yes/no and contact members) and the small helpers that read a
 * template question's JSON.  Included by xlsx_write.c (the export), xlsx_read.c (the zip and
 * XML reader) and workbook.c (the cells back into answers).
 */
#ifndef POAISS_DOMAIN_WORKBOOK_INTERNAL_H
#define POAISS_DOMAIN_WORKBOOK_INTERNAL_H

#include <jansson.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "domain/template.h"
#include "domain/workbook.h"

#define FORMAT_MARK "poaiss-workbook 1"
#define HEADER_ID "Id (do not change)"
#define ROW_FORMAT "Format"
#define ROW_CYCLE "Reporting cycle"
#define OTHER_LABEL "Other"
#define MAX_TABLE_COLS 60          /* columns of one table that the workbook lays out */
#define COL_A 0
#define COL_D 3

static const char *const YN_IDS[] = { "yes", "no", "developing" };
static const char *const YN_LABELS[] = { "Yes", "No", "Developing" };
static const struct { const char *id, *label; } CONTACT[] = {
    { "title", "Title" }, { "name", "Name" }, { "organisation", "Organisation" },
    { "address", "Address" }, { "telephone", "Telephone" }, { "email", "E-mail" },
};
#define NCONTACT (sizeof CONTACT / sizeof CONTACT[0])

/* ---------------------------------------------------------------- shared helpers */

static inline const char *sget(json_t *o, const char *k) { return json_string_value(json_object_get(o, k)); }
static inline bool is(const char *a, const char *b) { return a && b && strcmp(a, b) == 0; }

static inline void seterr(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static inline void seterr(char *err, size_t errlen, const char *fmt, ...)
{
    if (!err || !errlen) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

/* The options of a single/multi question or field: "options", or the taxonomy list "options_from" names. */
static inline json_t *options_of(json_t *spec)
{
    json_t *o = json_object_get(spec, "options");
    if (o) return o;
    const char *from = sget(spec, "options_from");
    json_t *tax = template_taxonomy();
    if (!from || !tax) return NULL;
    if (strcmp(from, "taxonomy.categories") == 0) return json_object_get(tax, "categories");
    if (strcmp(from, "taxonomy.kinds") == 0) return json_object_get(tax, "kinds");
    return NULL;
}

static inline const char *opt_id(json_t *o) { return json_is_string(o) ? json_string_value(o) : sget(o, "id"); }
static inline const char *opt_label(json_t *o)
{
    const char *l = sget(o, "label");
    if (!l) l = sget(o, "name");
    return l ? l : opt_id(o);
}
static inline bool allows_other(json_t *spec) { return json_is_true(json_object_get(spec, "other")); }

/* Members of a group ("fields") or table ("columns"). */
static inline json_t *members_of(const struct template_question *q)
{
    return json_object_get(q->json, q->type == ANSWER_TABLE ? "columns" : "fields");
}

static inline void col_name(uint32_t col, char *out)
{
    char tmp[8];
    int n = 0;
    col++;
    while (col && n < 7) { col--; tmp[n++] = (char)('A' + col % 26); col /= 26; }
    for (int i = 0; i < n; i++) out[i] = tmp[n - 1 - i];
    out[n] = 0;
}

static inline void cell_addr(uint32_t row, uint32_t col, char *out, size_t outlen)
{
    char c[8];
    col_name(col, c);
    snprintf(out, outlen, "%s%u", c, row + 1);
}

static inline int hexval(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static inline bool hex4(const char *s, unsigned *out)
{
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        int h = hexval((unsigned char)s[i]);
        if (h < 0) return false;
        v = v * 16 + (unsigned)h;
    }
    *out = v;
    return true;
}

#endif
