/* workbook: see workbook.h. */
#include "domain/workbook.h"

#include <errno.h>
#include <expat.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include <minizip/unzip.h>
#include <xlsxwriter.h>

#include "util/mem.h"

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

static const char *sget(json_t *o, const char *k) { return json_string_value(json_object_get(o, k)); }
static bool is(const char *a, const char *b) { return a && b && strcmp(a, b) == 0; }

static void seterr(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void seterr(char *err, size_t errlen, const char *fmt, ...)
{
    if (!err || !errlen) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

/* The options of a single/multi question or field: "options", or the taxonomy list "options_from" names. */
static json_t *options_of(json_t *spec)
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

static const char *opt_id(json_t *o) { return json_is_string(o) ? json_string_value(o) : sget(o, "id"); }
static const char *opt_label(json_t *o)
{
    const char *l = sget(o, "label");
    if (!l) l = sget(o, "name");
    return l ? l : opt_id(o);
}
static bool allows_other(json_t *spec) { return json_is_true(json_object_get(spec, "other")); }

/* Members of a group ("fields") or table ("columns"). */
static json_t *members_of(const struct template_question *q)
{
    return json_object_get(q->json, is(q->type, "table") ? "columns" : "fields");
}

static void col_name(uint32_t col, char *out)
{
    char tmp[8];
    int n = 0;
    col++;
    while (col && n < 7) { col--; tmp[n++] = (char)('A' + col % 26); col /= 26; }
    for (int i = 0; i < n; i++) out[i] = tmp[n - 1 - i];
    out[n] = 0;
}

static void cell_addr(uint32_t row, uint32_t col, char *out, size_t outlen)
{
    char c[8];
    col_name(col, c);
    snprintf(out, outlen, "%s%u", c, row + 1);
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static bool hex4(const char *s, unsigned *out)
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

/* ================================================================ export */

struct xw {
    lxw_workbook *wb;
    lxw_format *f_head, *f_id, *f_num, *f_q, *f_sub, *f_help, *f_ans, *f_ans_text, *f_none, *f_note, *f_title, *f_label, *f_left;
    json_t *list_keys;          /* "label\x1flabel..." -> index */
    json_t *lists;              /* array of arrays of labels */
    lxw_error rc;               /* first error */
    char where[160];            /* what was being written when it happened */
};

static void note_rc(struct xw *x, lxw_error rc, const char *where)
{
    if (rc != LXW_NO_ERROR && x->rc == LXW_NO_ERROR) {
        x->rc = rc;
        snprintf(x->where, sizeof x->where, "%.150s", where ? where : "");
    }
}

/* A string as the sheet should hold it: a literal "_xHHHH_" is escaped as "_x005F_xHHHH_" (the OOXML rule), so the
   reader's unescaping gives it back.  Returns s itself or a new string in *tofree. */
static bool x_escape_at(const char *s, size_t i, size_t n)
{
    unsigned u;
    return i + 7 <= n && s[i] == '_' && s[i + 1] == 'x' && s[i + 6] == '_' && hex4(s + i + 2, &u);
}

static const char *xl_text(const char *s, char **tofree)
{
    *tofree = NULL;
    if (!strstr(s, "_x")) return s;
    size_t n = strlen(s), extra = 0;
    for (size_t i = 0; i < n; i++)
        if (x_escape_at(s, i, n)) extra += 6;
    if (!extra) return s;
    char *o = xmalloc(n + extra + 1), *p = o;
    for (size_t i = 0; i < n; i++) {
        if (x_escape_at(s, i, n)) {
            memcpy(p, "_x005F", 6);
            p += 6;
        }
        *p++ = s[i];
    }
    *p = 0;
    *tofree = o;
    return o;
}

static void put_str(struct xw *x, lxw_worksheet *ws, uint32_t row, uint32_t col, const char *s, lxw_format *f, const char *where)
{
    if (!s || !*s) { note_rc(x, worksheet_write_blank(ws, row, (lxw_col_t)col, f), where); return; }
    char *tofree;
    const char *v = xl_text(s, &tofree);
    lxw_error rc = worksheet_write_string(ws, row, (lxw_col_t)col, v, f);
    free(tofree);
    if (rc == LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED) {
        char w[160];
        snprintf(w, sizeof w, "%s (longer than the 32,767 characters a spreadsheet cell holds)", where ? where : "a text");
        note_rc(x, rc, w);
        return;
    }
    note_rc(x, rc, where);
}

/* A number cell; a value that "%.16G" (what libxlsxwriter writes) would not give back exactly goes as text, which the
   import reads as a number again. */
static void put_number(struct xw *x, lxw_worksheet *ws, uint32_t row, uint32_t col, json_t *v, lxw_format *f, const char *where)
{
    char b[40];
    if (json_is_integer(v)) {
        json_int_t i = json_integer_value(v);
        if (i > -9007199254740992LL && i < 9007199254740992LL) {
            note_rc(x, worksheet_write_number(ws, row, (lxw_col_t)col, (double)i, f), where);
            return;
        }
        snprintf(b, sizeof b, "%lld", (long long)i);
        put_str(x, ws, row, col, b, f, where);
        return;
    }
    double d = json_number_value(v);
    snprintf(b, sizeof b, "%.16G", d);
    if (isfinite(d) && strtod(b, NULL) == d) {
        note_rc(x, worksheet_write_number(ws, row, (lxw_col_t)col, d, f), where);
        return;
    }
    snprintf(b, sizeof b, "%.17g", d);
    put_str(x, ws, row, col, b, f, where);
}

/* Register an option list for drop-downs; its defined name into name. */
static void list_name(struct xw *x, json_t *labels, char *name, size_t namelen)
{
    size_t n = 0, i;
    json_t *l;
    json_array_foreach(labels, i, l) n += strlen(json_string_value(l)) + 1;
    char *key = xmalloc(n + 1), *p = key;
    json_array_foreach(labels, i, l) {
        size_t k = strlen(json_string_value(l));
        memcpy(p, json_string_value(l), k);
        p += k;
        *p++ = '\x1f';
    }
    *p = 0;
    json_t *idx = json_object_get(x->list_keys, key);
    size_t at;
    if (idx) at = (size_t)json_integer_value(idx);
    else {
        at = json_array_size(x->lists);
        json_array_append(x->lists, labels);
        json_object_set_new(x->list_keys, key, json_integer((json_int_t)at));
    }
    free(key);
    snprintf(name, namelen, "poaiss_list_%zu", at + 1);
}

/* The labels a drop-down offers for a field or question of this type (NULL: no list).  Owned. */
static json_t *labels_for(const char *type, json_t *spec)
{
    json_t *a = json_array();
    if (is(type, "yn") || is(type, "ynd")) {
        for (int i = 0; i < (is(type, "ynd") ? 3 : 2); i++) json_array_append_new(a, json_string(YN_LABELS[i]));
        return a;
    }
    if (is(type, "single")) {
        json_t *o;
        size_t i;
        json_array_foreach(options_of(spec), i, o)
            if (opt_label(o)) json_array_append_new(a, json_string(opt_label(o)));
        if (allows_other(spec)) json_array_append_new(a, json_string(OTHER_LABEL));
        if (json_array_size(a)) return a;
    }
    json_decref(a);
    return NULL;
}

static void validate(struct xw *x, lxw_worksheet *ws, uint32_t r1, uint32_t c1, uint32_t r2, uint32_t c2,
                     const char *type, json_t *spec, const char *where)
{
    lxw_data_validation dv;
    memset(&dv, 0, sizeof dv);
    char name[48], formula[64];
    json_t *labels = labels_for(type, spec);
    char *inline_list[64];
    if (labels) {
        /* Every list goes to the lists sheet.  The drop-down names the list in place when it can (at most 255
           characters, no comma or quote in a label): libxlsxwriter 1.1.4 leaks the formula of each LIST_FORMULA
           validation (a few bytes), so the named range is used only for the lists that need it. */
        list_name(x, labels, name, sizeof name);
        size_t total = 0, i, n = json_array_size(labels);
        bool fits = n < sizeof inline_list / sizeof inline_list[0];
        json_t *l;
        json_array_foreach(labels, i, l) {
            const char *ls = json_string_value(l);
            total += strlen(ls) + 1;
            if (strpbrk(ls, ",\"") || !*ls) fits = false;
            if (fits) inline_list[i] = (char *)(uintptr_t)ls;
        }
        if (fits && total <= 255) {
            inline_list[n] = NULL;
            dv.validate = LXW_VALIDATION_TYPE_LIST;
            dv.value_list = inline_list;
        } else {
            snprintf(formula, sizeof formula, "=%s", name);
            dv.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
            dv.value_formula = formula;
        }
        dv.error_title = "Choose from the list";
        dv.error_message = "Choose one of the values of the list, or leave the cell empty.";
    } else if (is(type, "number")) {
        bool integer = json_is_true(json_object_get(spec, "integer"));
        json_t *mn = json_object_get(spec, "min"), *mx = json_object_get(spec, "max");
        dv.validate = integer ? LXW_VALIDATION_TYPE_INTEGER : LXW_VALIDATION_TYPE_DECIMAL;
        if (json_is_number(mn) && json_is_number(mx)) {
            dv.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
            dv.minimum_number = json_number_value(mn);
            dv.maximum_number = json_number_value(mx);
        } else if (json_is_number(mn)) {
            dv.criteria = LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO;
            dv.value_number = json_number_value(mn);
        } else if (json_is_number(mx)) {
            dv.criteria = LXW_VALIDATION_CRITERIA_LESS_THAN_OR_EQUAL_TO;
            dv.value_number = json_number_value(mx);
        } else {
            dv.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
            dv.minimum_number = -1e15;
            dv.maximum_number = 1e15;
        }
        dv.error_title = "A number";
        dv.error_message = integer ? "Enter a whole number in the range the question allows, or leave the cell empty."
                                   : "Enter a number in the range the question allows, or leave the cell empty.";
    } else if (is(type, "multi")) {
        char msg[256];
        size_t n = (size_t)snprintf(msg, sizeof msg, "%s", "Write one or more of these, separated by semicolons:");
        json_t *o;
        size_t i;
        json_array_foreach(options_of(spec), i, o) {
            const char *l = opt_label(o);
            if (!l || n + strlen(l) + 3 >= 250) break;
            n += (size_t)snprintf(msg + n, sizeof msg - n, "%s %s", i ? ";" : "", l);
        }
        if (allows_other(spec) && n + 20 < 250) snprintf(msg + n, sizeof msg - n, "; " OTHER_LABEL ": ...");
        dv.validate = LXW_VALIDATION_TYPE_ANY;
        dv.input_title = "Several choices";
        dv.input_message = msg;
        note_rc(x, worksheet_data_validation_range(ws, r1, (lxw_col_t)c1, r2, (lxw_col_t)c2, &dv), where);
        return;
    } else if (is(type, "text") && json_is_integer(json_object_get(spec, "max_length"))) {
        json_int_t max = json_integer_value(json_object_get(spec, "max_length"));
        if (max <= 0 || max >= 32767) return;
        dv.validate = LXW_VALIDATION_TYPE_LENGTH;
        dv.criteria = LXW_VALIDATION_CRITERIA_LESS_THAN_OR_EQUAL_TO;
        dv.value_number = (double)max;
        dv.error_title = "Too long";
        dv.error_message = "This answer is longer than the question allows.";
    } else {
        return;
    }
    dv.error_type = LXW_VALIDATION_ERROR_TYPE_STOP;
    note_rc(x, worksheet_data_validation_range(ws, r1, (lxw_col_t)c1, r2, (lxw_col_t)c2, &dv), where);
    json_decref(labels);
}

/* A multi answer inside a table or group as the cell shows it: labels separated by "; ", "Other: text" last.  NULL
   when the value does not have that shape (it is then written as JSON).  Owned. */
static char *multi_text(json_t *spec, json_t *v)
{
    json_t *sel = json_object_get(v, "selected"), *other = json_object_get(v, "other"), *e, *o;
    size_t i, j, n = 0;
    if (!json_is_object(v) || (sel && !json_is_array(sel)) || (other && !json_is_string(other)) ||
        json_object_size(v) != (size_t)(sel != NULL) + (size_t)(other != NULL))
        return NULL;
    json_array_foreach(sel, i, e) {
        if (!json_is_string(e)) return NULL;
        n += json_string_length(e) + 2;
        json_array_foreach(options_of(spec), j, o)
            if (is(opt_id(o), json_string_value(e))) n += strlen(opt_label(o));
    }
    n += (other ? json_string_length(other) : 0) + 16;
    char *out = xmalloc(n), *p = out;
    *p = 0;
    json_array_foreach(sel, i, e) {
        const char *id = json_string_value(e), *shown = id;
        if (strcmp(id, "other") == 0) {
            if (other) continue;   /* "Other: text" below says it */
            shown = OTHER_LABEL;
        }
        json_array_foreach(options_of(spec), j, o)
            if (is(opt_id(o), id)) shown = opt_label(o);
        p += sprintf(p, "%s%s", p == out ? "" : "; ", shown);
    }
    if (other) p += sprintf(p, "%s" OTHER_LABEL ": %s", p == out ? "" : "; ", json_string_value(other));
    return out;
}

/* One answer (or member) value into a cell, shown as the reader expects it: labels for lists. */
static void put_value(struct xw *x, lxw_worksheet *ws, uint32_t row, uint32_t col, const char *type, json_t *spec, json_t *v,
                      const char *where)
{
    bool textual = !is(type, "number") && !is(type, "yn") && !is(type, "ynd") && !is(type, "single");
    lxw_format *f = textual ? x->f_ans_text : x->f_ans;
    if (!v || json_is_null(v)) { put_str(x, ws, row, col, NULL, f, where); return; }
    if (json_is_string(v)) {
        const char *s = json_string_value(v), *shown = s;
        if (is(type, "yn") || is(type, "ynd")) {
            for (int i = 0; i < 3; i++)
                if (strcmp(s, YN_IDS[i]) == 0) shown = YN_LABELS[i];
        } else if (is(type, "single")) {
            json_t *o;
            size_t i;
            if (strcmp(s, "other") == 0 && allows_other(spec)) shown = OTHER_LABEL;
            json_array_foreach(options_of(spec), i, o)
                if (is(opt_id(o), s)) shown = opt_label(o);
        }
        put_str(x, ws, row, col, shown, f, where);
        return;
    }
    if (json_is_number(v)) { put_number(x, ws, row, col, v, f, where); return; }
    if (json_is_boolean(v)) { put_str(x, ws, row, col, json_is_true(v) ? "TRUE" : "FALSE", f, where); return; }
    if (is(type, "multi")) {
        char *list = multi_text(spec, v);
        if (list) {
            put_str(x, ws, row, col, list, f, where);
            free(list);
            return;
        }
    }
    /* An object or array (a file reference or a multi choice inside a table or group): its JSON, read back as JSON. */
    char *dump = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
    put_str(x, ws, row, col, dump, x->f_ans_text, where);
    free(dump);
}

static char *joined(const char *a, const char *b)
{
    if (!b || !*b) return xstrdup(a ? a : "");
    size_t n = strlen(a) + strlen(b) + 2;
    char *s = xmalloc(n);
    snprintf(s, n, "%s\n%s", a, b);
    return s;
}

/* The common first cells of a row: id, number, text, help. */
/* How many lines a wrapped text takes in a column about width characters wide (CJK characters count double). */
static double text_lines(const char *s, double width)
{
    double lines = 0, w = 0;
    if (!s || !*s) return 0;
    for (const unsigned char *p = (const unsigned char *)s;;) {
        if (!*p || *p == '\n') {
            lines += w > 0 ? ceil(w / width) : 1;
            w = 0;
            if (!*p) break;
            p++;
            continue;
        }
        unsigned c = *p;
        size_t len = 1;
        if (c >= 0xF0 && p[1] && p[2] && p[3]) { c = 0x10000; len = 4; }
        else if (c >= 0xE0 && p[1] && p[2]) { c = ((c & 0x0F) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu); len = 3; }
        else if (c >= 0xC0 && p[1]) { c = 0x100; len = 2; }
        bool wide = (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF) || (c >= 0xAC00 && c <= 0xD7A3) ||
                    (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) || c >= 0x10000;
        w += wide ? 2 : 1;
        p += len;
    }
    return lines;
}

/* Spreadsheets do not always fit the height of a row to wrapped text they load: set it. */
static void fit_row(struct xw *x, lxw_worksheet *ws, uint32_t row, double points)
{
    if (points <= 15.5) return;
    if (points > 409) points = 409;   /* Excel's largest row height */
    note_rc(x, worksheet_set_row(ws, row, points, NULL), "row height");
}

static void row_head(struct xw *x, lxw_worksheet *ws, uint32_t row, const char *id, const char *number, const char *text,
                     lxw_format *ftext, const char *help, const char *dtext, const char *where)
{
    double h = fmax(fmax(text_lines(text, 58) * 15, text_lines(dtext, 40) * 15), text_lines(help, 56) * 12.5);
    if (h > 15.5) fit_row(x, ws, row, h + 2);   /* one line: leave the row as it is (a table row may have set it) */
    put_str(x, ws, row, COL_A, id, x->f_id, where);
    if (number) put_str(x, ws, row, 1, number, x->f_num, where);
    put_str(x, ws, row, 2, text, ftext, where);
    if (help) put_str(x, ws, row, 4, help, x->f_help, where);
}

static char *unit_label(const char *label, json_t *spec)
{
    const char *unit = sget(spec, "unit");
    if (!unit) return xstrdup(label ? label : "");
    size_t n = strlen(label ? label : "") + strlen(unit) + 4;
    char *s = xmalloc(n);
    snprintf(s, n, "%s (%s)", label ? label : "", unit);
    return s;
}

static void write_question(struct xw *x, lxw_worksheet *ws, uint32_t *rowp, const struct template_question *q, json_t *v)
{
    uint32_t row = *rowp;
    const char *type = q->type, *where = q->id;
    char id[512];
    json_t *spec = q->json;

    if (is(type, "ynd") || is(type, "yn") || is(type, "number") || is(type, "text") || is(type, "single")) {
        const char *hint = NULL;
        char hintbuf[96];
        if (is(type, "number") && sget(spec, "unit")) { snprintf(hintbuf, sizeof hintbuf, "(%s)", sget(spec, "unit")); hint = hintbuf; }
        else if (is(type, "text") && json_is_true(json_object_get(spec, "multiline"))) hint = "(Several lines are fine: Alt+Enter starts a new line.)";
        char *text = joined(q->text, hint);
        row_head(x, ws, row, q->id, q->number, text, x->f_q, q->help, json_string_value(v), where);
        free(text);
        json_t *main = v, *other = NULL;
        if (is(type, "single") && json_is_object(v)) { main = json_string("other"); other = json_object_get(v, "other"); }
        put_value(x, ws, row, COL_D, type, spec, main, where);
        if (main != v) json_decref(main);
        validate(x, ws, row, COL_D, row, COL_D, type, spec, where);
        row++;
        if (is(type, "single") && allows_other(spec)) {
            snprintf(id, sizeof id, "%s#other", q->id);
            row_head(x, ws, row, id, NULL, "If you chose Other: please specify", x->f_sub, NULL, json_string_value(other), where);
            put_value(x, ws, row, COL_D, "text", NULL, other, where);
            row++;
        }
    } else if (is(type, "multi")) {
        char *text = joined(q->text, "(Put an x next to each that applies.)");
        row_head(x, ws, row, q->id, q->number, text, x->f_q, q->help, NULL, where);
        free(text);
        put_str(x, ws, row, COL_D, NULL, x->f_none, where);
        row++;
        json_t *sel = json_object_get(v, "selected"), *o, *s;
        size_t i, j;
        uint32_t first = row;
        json_array_foreach(options_of(spec), i, o) {
            const char *oid = opt_id(o);
            if (!oid) continue;
            bool on = false;
            json_array_foreach(sel, j, s) on |= is(json_string_value(s), oid);
            snprintf(id, sizeof id, "%s#%s", q->id, oid);
            row_head(x, ws, row, id, NULL, opt_label(o), x->f_sub, sget(o, "help"), NULL, where);
            put_str(x, ws, row, COL_D, on ? "x" : NULL, x->f_ans, where);
            row++;
        }
        if (row > first) {
            lxw_data_validation dv;
            memset(&dv, 0, sizeof dv);
            char *marks[] = { "x", NULL };
            dv.validate = LXW_VALIDATION_TYPE_LIST;
            dv.value_list = marks;
            dv.error_title = "Mark with x";
            dv.error_message = "Put an x for each option that applies; leave the others empty.";
            note_rc(x, worksheet_data_validation_range(ws, first, COL_D, row - 1, COL_D, &dv), where);
        }
        if (allows_other(spec)) {
            snprintf(id, sizeof id, "%s#other", q->id);
            row_head(x, ws, row, id, NULL, "Other (please specify)", x->f_sub, NULL, sget(v, "other"), where);
            put_value(x, ws, row, COL_D, "text", NULL, json_object_get(v, "other"), where);
            row++;
        }
    } else if (is(type, "contact")) {
        row_head(x, ws, row, q->id, q->number, q->text, x->f_q, q->help, NULL, where);
        put_str(x, ws, row, COL_D, NULL, x->f_none, where);
        row++;
        for (size_t k = 0; k < NCONTACT; k++) {
            snprintf(id, sizeof id, "%s#%s", q->id, CONTACT[k].id);
            row_head(x, ws, row, id, NULL, CONTACT[k].label, x->f_sub, NULL, sget(v, CONTACT[k].id), where);
            put_value(x, ws, row, COL_D, "text", NULL, json_object_get(v, CONTACT[k].id), where);
            row++;
        }
    } else if (is(type, "group")) {
        row_head(x, ws, row, q->id, q->number, q->text, x->f_q, q->help, NULL, where);
        put_str(x, ws, row, COL_D, NULL, x->f_none, where);
        row++;
        json_t *f;
        size_t i;
        json_array_foreach(members_of(q), i, f) {
            const char *fid = sget(f, "id"), *ftype = sget(f, "type");
            if (!fid || !ftype) continue;
            snprintf(id, sizeof id, "%s#%s", q->id, fid);
            char *label = unit_label(sget(f, "label") ? sget(f, "label") : fid, f);
            row_head(x, ws, row, id, NULL, label, x->f_sub, sget(f, "help"), sget(v, fid), where);
            free(label);
            put_value(x, ws, row, COL_D, ftype, f, json_object_get(v, fid), where);
            validate(x, ws, row, COL_D, row, COL_D, ftype, f, where);
            row++;
        }
    } else if (is(type, "table")) {
        json_t *cols = members_of(q), *c;
        size_t i, ncols = json_array_size(cols);
        if (ncols > MAX_TABLE_COLS) ncols = MAX_TABLE_COLS;
        char *text = joined(q->text, "(One row per entry, in the rows below; leave unused rows empty. You may insert rows inside the table.)");
        row_head(x, ws, row, q->id, q->number, text, x->f_q, q->help, NULL, where);
        free(text);
        put_str(x, ws, row, COL_D, NULL, x->f_none, where);
        row++;
        /* the column ids, in a hidden row: the import maps columns by them */
        lxw_row_col_options hidden = { .hidden = 1 };
        note_rc(x, worksheet_set_row_opt(ws, row, LXW_DEF_ROW_HEIGHT, NULL, &hidden), where);
        snprintf(id, sizeof id, "%s#columns", q->id);
        put_str(x, ws, row, COL_A, id, x->f_id, where);
        for (i = 0; i < ncols; i++) put_str(x, ws, row, COL_D + (uint32_t)i, sget(json_array_get(cols, i), "id"), x->f_id, where);
        row++;
        snprintf(id, sizeof id, "%s#labels", q->id);
        double hl = 1;
        for (i = 0; i < ncols; i++) hl = fmax(hl, text_lines(sget(json_array_get(cols, i), "label"), i == 0 ? 40 : i == 1 ? 46 : 20) + 0.5);
        fit_row(x, ws, row, hl * 15);
        put_str(x, ws, row, COL_A, id, x->f_id, where);
        put_str(x, ws, row, 2, "Table columns:", x->f_label, where);
        for (i = 0; i < ncols; i++) {
            c = json_array_get(cols, i);
            char *label = unit_label(sget(c, "label") ? sget(c, "label") : sget(c, "id"), c);
            if (json_is_true(json_object_get(c, "required"))) {
                char *l2 = xmalloc(strlen(label) + 16);
                sprintf(l2, "%s (required)", label);
                free(label);
                label = l2;
            }
            put_str(x, ws, row, COL_D + (uint32_t)i, label, x->f_head, where);
            free(label);
        }
        row++;
        size_t have = json_is_array(v) ? json_array_size(v) : 0, n = have + WORKBOOK_EXTRA_ROWS;
        json_t *mx = json_object_get(spec, "max_rows");
        if (json_is_integer(mx) && json_integer_value(mx) > 0 && n > (size_t)json_integer_value(mx))
            n = (size_t)json_integer_value(mx) > have ? (size_t)json_integer_value(mx) : have;
        uint32_t first = row;
        for (size_t r = 0; r < n; r++) {
            json_t *rv = json_array_get(v, r);
            char rl[32];
            snprintf(id, sizeof id, "%s#%zu", q->id, r + 1);
            snprintf(rl, sizeof rl, "Row %zu", r + 1);
            double lines = 1;
            for (i = 0; i < ncols; i++) {
                const char *cid = sget(json_array_get(cols, i), "id");
                lines = fmax(lines, text_lines(json_string_value(cid ? json_object_get(rv, cid) : NULL), i == 0 ? 40 : i == 1 ? 46 : 22));
            }
            fit_row(x, ws, row, lines * 15 + 2);
            row_head(x, ws, row, id, NULL, rl, x->f_sub, NULL, NULL, where);
            for (i = 0; i < ncols; i++) {
                c = json_array_get(cols, i);
                const char *cid = sget(c, "id");
                put_value(x, ws, row, COL_D + (uint32_t)i, sget(c, "type"), c, cid ? json_object_get(rv, cid) : NULL, where);
            }
            row++;
        }
        if (row > first)
            for (i = 0; i < ncols; i++) {
                c = json_array_get(cols, i);
                validate(x, ws, first, COL_D + (uint32_t)i, row - 1, COL_D + (uint32_t)i, sget(c, "type"), c, where);
            }
    } else {   /* file, or a type this module does not know */
        char note[400];
        if (is(type, "file") && json_is_object(v) && sget(v, "name"))
            snprintf(note, sizeof note, "Attachments are not part of this workbook. Already attached: %.200s. "
                     "To change it, use the online form or send the file separately.", sget(v, "name"));
        else
            snprintf(note, sizeof note, "%s", "Attachments are not part of this workbook: upload the file in the online form, "
                     "or send it separately to the Secretariat.");
        row_head(x, ws, row, q->id, q->number, q->text, x->f_q, q->help, note, where);
        put_str(x, ws, row, COL_D, note, x->f_note, where);
        row++;
    }
    *rowp = row;
}

/* "<id> <title>" as a sheet name: no []:*?/\, no apostrophe at either end, at most 31 characters, unique. */
static void sheet_name(const char *sid, const char *title, json_t *used, char *out, size_t outlen)
{
    char raw[256], clean[256];
    snprintf(raw, sizeof raw, "%s %s", sid ? sid : "", title ? title : "");
    size_t n = 0, chars = 0;
    for (const unsigned char *p = (const unsigned char *)raw; *p && n + 5 < sizeof clean;) {
        size_t len = *p < 0x80 ? 1 : (*p & 0xE0) == 0xC0 ? 2 : (*p & 0xF0) == 0xE0 ? 3 : 4;
        if (strchr("[]:*?/\\", *p) && len == 1) { p++; continue; }
        if (*p < 0x20) { p++; continue; }
        size_t units = len == 4 ? 2 : 1;   /* Excel counts UTF-16 units */
        if (chars + units > 31) break;
        for (size_t k = 0; k < len && p[k]; k++) clean[n++] = (char)p[k];
        p += len;
        chars += units;
    }
    clean[n] = 0;
    while (n && (clean[n - 1] == ' ' || clean[n - 1] == '\'')) clean[--n] = 0;
    char *s = clean;
    while (*s == '\'' || *s == ' ') s++;
    if (!*s) s = "Section";
    snprintf(out, outlen, "%s", s);
    for (int k = 2; k < 1000; k++) {
        bool clash = false;
        const char *u;
        size_t i;
        json_t *e;
        json_array_foreach(used, i, e) {
            u = json_string_value(e);
            clash |= strcasecmp(u, out) == 0;
        }
        if (!clash) break;
        char suffix[16];
        snprintf(suffix, sizeof suffix, " (%d)", k);
        size_t keep = strlen(s);
        while (keep && (keep + strlen(suffix) > 31 || ((unsigned char)s[keep] & 0xC0) == 0x80)) keep--;
        snprintf(out, outlen, "%.*s%s", (int)keep, s, suffix);
    }
    json_array_append_new(used, json_string(out));
}

static void set_columns(struct xw *x, lxw_worksheet *ws, size_t maxcols)
{
    note_rc(x, worksheet_set_column(ws, 0, 0, 34, NULL), "columns");
    note_rc(x, worksheet_set_column(ws, 1, 1, 8, NULL), "columns");
    note_rc(x, worksheet_set_column(ws, 2, 2, 60, NULL), "columns");
    note_rc(x, worksheet_set_column(ws, 3, 3, 42, NULL), "columns");
    note_rc(x, worksheet_set_column(ws, 4, 4, 48, NULL), "columns");
    if (maxcols > 2) note_rc(x, worksheet_set_column(ws, 5, (lxw_col_t)(COL_D + maxcols - 1), 24, NULL), "columns");
}

static lxw_format *fmt(lxw_workbook *wb, bool wrap)
{
    lxw_format *f = workbook_add_format(wb);
    format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    if (wrap) format_set_text_wrap(f);
    return f;
}

static void make_formats(struct xw *x)
{
    lxw_workbook *wb = x->wb;
    x->f_head = fmt(wb, true);
    format_set_bold(x->f_head);
    format_set_bg_color(x->f_head, 0xD9E1F2);
    format_set_bottom(x->f_head, LXW_BORDER_THIN);
    x->f_id = fmt(wb, false);
    format_set_font_color(x->f_id, 0x808080);
    format_set_font_size(x->f_id, 9);
    x->f_num = fmt(wb, false);
    format_set_bold(x->f_num);
    x->f_q = fmt(wb, true);
    x->f_sub = fmt(wb, true);
    format_set_indent(x->f_sub, 2);
    x->f_help = fmt(wb, true);
    format_set_font_color(x->f_help, 0x595959);
    format_set_font_size(x->f_help, 9);
    x->f_ans = fmt(wb, true);
    format_set_bg_color(x->f_ans, 0xFFF2CC);
    format_set_border(x->f_ans, LXW_BORDER_THIN);
    format_set_border_color(x->f_ans, 0xBFBFBF);
    x->f_ans_text = fmt(wb, true);
    format_set_bg_color(x->f_ans_text, 0xFFF2CC);
    format_set_border(x->f_ans_text, LXW_BORDER_THIN);
    format_set_border_color(x->f_ans_text, 0xBFBFBF);
    format_set_num_format(x->f_ans_text, "@");
    x->f_none = fmt(wb, false);
    format_set_bg_color(x->f_none, 0xF2F2F2);
    x->f_note = fmt(wb, true);
    format_set_italic(x->f_note);
    format_set_font_color(x->f_note, 0x595959);
    x->f_title = fmt(wb, false);
    format_set_bold(x->f_title);
    format_set_font_size(x->f_title, 14);
    x->f_label = fmt(wb, true);
    format_set_bold(x->f_label);
    x->f_left = fmt(wb, false);
    format_set_align(x->f_left, LXW_ALIGN_LEFT);
}

/* Printing (for clearance): landscape, one page wide, the header row on every page. */
static void print_setup(struct xw *x, lxw_worksheet *ws, bool header)
{
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9);   /* A4 */
    worksheet_fit_to_pages(ws, 1, 0);
    if (header) note_rc(x, worksheet_repeat_rows(ws, 0, 0), "print setup");
}

static void write_about(struct xw *x, lxw_worksheet *ws, const struct template *t, const char *state, int cycle)
{
    const char *w = "About sheet";
    note_rc(x, worksheet_set_column(ws, 0, 0, 22, NULL), w);
    note_rc(x, worksheet_set_column(ws, 1, 1, 110, NULL), w);
    uint32_t r = 0;
    put_str(x, ws, r++, 0, t->title ? t->title : "National report", x->f_title, w);
    put_str(x, ws, r++, 0, "Offline workbook: fill it in with any spreadsheet program, then upload it.", x->f_q, w);
    r++;
    put_str(x, ws, r, 0, "State", x->f_label, w);
    put_str(x, ws, r++, 1, state, x->f_q, w);
    put_str(x, ws, r, 0, ROW_CYCLE, x->f_label, w);
    note_rc(x, worksheet_write_number(ws, r++, 1, cycle, x->f_left), w);
    const char *meeting = sget(t->root, "meeting");
    if (meeting) {
        put_str(x, ws, r, 0, "Meeting", x->f_label, w);
        put_str(x, ws, r++, 1, meeting, x->f_q, w);
    }
    put_str(x, ws, r, 0, "Template version", x->f_label, w);
    note_rc(x, worksheet_write_number(ws, r++, 1, (double)json_integer_value(json_object_get(t->root, "version")), x->f_left), w);
    char date[32];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(date, sizeof date, "%Y-%m-%d", &tm);
    put_str(x, ws, r, 0, "Prepared on", x->f_label, w);
    put_str(x, ws, r++, 1, date, x->f_q, w);
    r++;
    static const char *const steps[] = {
        "There is one sheet for each section of the report. Each row is a question, or one part of a question.",
        "Write your answers in column D, in the shaded cells. Where a cell offers a list, choose from it.",
        "Where a question lists several choices, put an x in column D next to each one that applies.",
        "Tables take one entry per row. Leave the rows you do not need empty; you may insert more rows inside a table.",
        "Leave a question empty if you do not answer it: it is reported as \"no response\", never as No.",
        "Files (such as a national action plan) are not part of this workbook: upload them in the online form or send them separately.",
        "Do not change, move or delete the grey ids in column A. They tell the system which question each answer belongs to.",
        ("When you have finished, save the file in the .xlsx format and upload it on the report's page. Nothing is saved "
         "unless every answer is valid; otherwise you get the list of cells to correct."),
    };
    put_str(x, ws, r, 0, "How to fill it in", x->f_label, w);
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        char line[400];
        snprintf(line, sizeof line, "%zu. %s", i + 1, steps[i]);
        put_str(x, ws, r++, 1, line, x->f_q, w);
    }
    r++;
    put_str(x, ws, r, 0, ROW_FORMAT, x->f_id, w);
    put_str(x, ws, r++, 1, FORMAT_MARK, x->f_id, w);
}

int workbook_export(const struct template *t, json_t *answers, const char *state_name, int cycle, const char *path,
                    char *err, size_t errlen)
{
    if (!t || !path) { seterr(err, errlen, "no template or no path"); return -1; }
    /* a cycle opened without a template file of its own answers an earlier cycle's (template_reuse) */
    if (cycle != t->cycle && template_get(cycle) != t) {
        seterr(err, errlen, "the template is for the %d cycle, not %d", t->cycle, cycle);
        return -1;
    }
    lxw_workbook_options opt = { .constant_memory = LXW_TRUE };
    struct xw x = { 0 };
    x.wb = workbook_new_opt(path, &opt);
    if (!x.wb) { seterr(err, errlen, "cannot create the workbook %s", path); return -1; }
    x.list_keys = json_object();
    x.lists = json_array();
    make_formats(&x);
    lxw_doc_properties props = { .title = (char *)(uintptr_t)(t->title ? t->title : "National report"),
                                 .subject = "Offline workbook", .author = "poaiss" };
    note_rc(&x, workbook_set_properties(x.wb, &props), "properties");

    lxw_worksheet *about = workbook_add_worksheet(x.wb, "About");
    if (!about) note_rc(&x, LXW_ERROR_MEMORY_MALLOC_FAILED, "About sheet");
    else {
        print_setup(&x, about, false);
        write_about(&x, about, t, state_name ? state_name : "", cycle);
    }

    size_t maxcols = 2;
    for (size_t i = 0; i < t->nq; i++)
        if (is(t->q[i].type, "table") && json_array_size(members_of(&t->q[i])) > maxcols)
            maxcols = json_array_size(members_of(&t->q[i]));
    if (maxcols > MAX_TABLE_COLS) maxcols = MAX_TABLE_COLS;

    json_t *used = json_pack("[ss]", "About", "lists");
    const char *cur = NULL;
    lxw_worksheet *ws = NULL;
    uint32_t row = 0;
    for (size_t i = 0; i < t->nq && x.rc == LXW_NO_ERROR; i++) {
        const struct template_question *q = &t->q[i];
        if (!cur || !is(cur, q->section_id)) {
            char name[256];
            sheet_name(q->section_id, q->section_title, used, name, sizeof name);
            ws = workbook_add_worksheet(x.wb, name);
            if (!ws) { note_rc(&x, LXW_ERROR_SHEETNAME_ALREADY_USED, name); break; }
            cur = q->section_id;
            set_columns(&x, ws, maxcols);
            worksheet_freeze_panes(ws, 1, 0);
            print_setup(&x, ws, true);
            static const char *const heads[] = { HEADER_ID, "No.", "Question", "Your answer", "Help" };
            for (uint32_t c = 0; c < 5; c++) put_str(&x, ws, 0, c, heads[c], x.f_head, name);
            row = 1;
        }
        write_question(&x, ws, &row, q, json_object_get(answers, q->id));
    }
    json_decref(used);

    /* the hidden lists sheet, row by row (constant_memory) */
    if (x.rc == LXW_NO_ERROR) {
        lxw_worksheet *lists = workbook_add_worksheet(x.wb, "lists");
        if (!lists) note_rc(&x, LXW_ERROR_SHEETNAME_ALREADY_USED, "lists");
        else {
            size_t nl = json_array_size(x.lists), longest = 0, i;
            json_t *l;
            json_array_foreach(x.lists, i, l) if (json_array_size(l) > longest) longest = json_array_size(l);
            for (size_t r = 0; r < longest; r++)
                for (size_t c = 0; c < nl; c++) {
                    json_t *item = json_array_get(json_array_get(x.lists, c), r);
                    if (item) put_str(&x, lists, (uint32_t)r, (uint32_t)c, json_string_value(item), NULL, "lists");
                }
            for (size_t c = 0; c < nl; c++) {
                char name[48], formula[96], colnm[8];
                col_name((uint32_t)c, colnm);
                snprintf(name, sizeof name, "poaiss_list_%zu", c + 1);
                snprintf(formula, sizeof formula, "=lists!$%s$1:$%s$%zu", colnm, colnm, json_array_size(json_array_get(x.lists, c)));
                note_rc(&x, workbook_define_name(x.wb, name, formula), "list names");
            }
            worksheet_hide(lists);
        }
    }
    if (about) worksheet_activate(about);
    lxw_error first = x.rc;
    char where[160];
    snprintf(where, sizeof where, "%s", x.where);
    lxw_error closed = workbook_close(x.wb);
    json_decref(x.list_keys);
    json_decref(x.lists);
    if (first != LXW_NO_ERROR || closed != LXW_NO_ERROR) {
        if (first != LXW_NO_ERROR) seterr(err, errlen, "workbook: %s: %s", where, lxw_strerror(first));
        else seterr(err, errlen, "workbook: cannot write %s: %s", path, lxw_strerror(closed));
        unlink(path);
        return -1;
    }
    return 0;
}

/* ================================================================ import: reading the file */

enum { K_EMPTY, K_STR, K_NUM, K_BOOL, K_ERR };

struct xcell {
    uint32_t row, col;          /* 0-based */
    uint8_t kind;
    bool toolong;               /* the text was cut at WORKBOOK_MAX_CELL_TEXT */
    bool shared;                /* s points into the shared strings (not owned) */
    char *s;
    double d;
};

struct xsheet {
    char *name, *path;
    struct xcell *c;
    size_t n, cap;
};

struct xbook {
    unzFile uf;
    struct xsheet sheets[WORKBOOK_MAX_SHEETS];
    size_t nsheets;
    char **sst;
    bool *sst_long;
    size_t nsst, capsst;
    char *sst_path;
    bool date1904;
    size_t ncells, total;
    uint32_t maxcol;            /* cells at or right of this column are not kept */
};

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

/* The text with OOXML's "_xHHHH_" escapes undone (a UTF-16 unit each; pairs combine).  Escapes that would give NUL,
   a lone surrogate or a non-character are kept as they are.  Owned. */
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
    const char *n = local(name);
    if (x->failed) return;
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
    const char *n = local(name);
    if (x->failed) return;
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

/* Stream one zip entry through expat in mode.  0 done, 1 no such entry, -1 with err. */
static int parse_entry(struct xbook *b, const char *entry, struct px *x, char *err, size_t errlen)
{
    if (unzLocateFile(b->uf, entry, 1) != UNZ_OK) return 1;
    unz_file_info64 info;
    if (unzGetCurrentFileInfo64(b->uf, &info, NULL, 0, NULL, 0, NULL, 0) != UNZ_OK) {
        seterr(err, errlen, "the file is not a readable workbook (%s)", entry);
        return -1;
    }
    if (info.uncompressed_size > WORKBOOK_MAX_ENTRY_BYTES) {
        seterr(err, errlen, "the workbook is too large (%s)", entry);
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
        if (total > WORKBOOK_MAX_ENTRY_BYTES || b->total > WORKBOOK_MAX_TOTAL_BYTES) {
            seterr(err, errlen, "the workbook is too large (%s)", entry);
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

static void book_free(struct xbook *b)
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

/* Open the zip and read workbook.xml, its relationships, the shared strings and every sheet. */
static int book_read(struct xbook *b, const char *path, char *err, size_t errlen)
{
    b->uf = unzOpen64(path);
    if (!b->uf) { seterr(err, errlen, "the file is not an .xlsx workbook (not a zip archive)"); return -1; }
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

/* ================================================================ import: answers from the cells */

struct slot {
    const struct xcell *c;      /* NULL: empty */
    int sheet;
    uint32_t row, col;
    bool set;
};

struct trow {
    int sheet;
    uint32_t row;
    struct slot *cells;         /* one per table column */
};

struct qacc {
    struct slot main, other;
    struct slot *sub;           /* multi: per option; contact: per member; group: per field */
    size_t nsub;
    struct trow *rows;
    size_t nrows, caprows;
    bool seen;
};

struct ictx {
    const struct template *t;
    struct xbook *b;
    struct qacc *acc;
    json_t *errors;
    /* the table block being read */
    long tq;                    /* question index, -1 when none */
    int tmap[MAX_TABLE_COLS + 8];   /* sheet column - COL_D -> table column index, -1 none */
};

static bool blank_text(const char *s)
{
    for (; s && *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r') return false;
    return true;
}

static bool filled(const struct xcell *c)
{
    if (!c || c->kind == K_EMPTY) return false;
    if (c->kind == K_STR) return c->toolong || !blank_text(c->s);
    return true;
}

/* The trimmed copy of a string, line breaks as "\n" (spreadsheets keep no "\r"; CRLF and CR become LF).  Owned. */
static char *trim_dup(const char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r')) n--;
    char *o = xstrndup(s, n), *w = o;
    for (const char *r = o; *r; r++) {
        if (*r == '\r') {
            *w++ = '\n';
            if (r[1] == '\n') r++;
        } else *w++ = *r;
    }
    *w = 0;
    return o;
}

/* Cut s to at most max bytes without splitting a UTF-8 sequence (for quoting user text in messages). */
static void quote_cut(const char *s, size_t max, char *out, size_t outlen)
{
    size_t n = strlen(s);
    if (n > max) {
        n = max;
        while (n && ((unsigned char)s[n] & 0xC0) == 0x80) n--;
    }
    if (n >= outlen) n = outlen - 1;
    memcpy(out, s, n);
    out[n] = 0;
}

static void add_error(struct ictx *x, const struct template_question *q, const char *qid, int sheet, uint32_t row, uint32_t col,
                      const char *fmt, ...) __attribute__((format(printf, 7, 8)));
static void add_error(struct ictx *x, const struct template_question *q, const char *qid, int sheet, uint32_t row, uint32_t col,
                      const char *fmt, ...)
{
    char msg[600], addr[24];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    cell_addr(row, col, addr, sizeof addr);
    json_t *m = json_string(msg);
    if (!m) m = json_string("this cell is not valid");
    json_t *e = json_object();
    json_object_set_new(e, "question", q ? json_string(q->id) : qid ? json_string(qid) : json_null());
    if (!json_object_get(e, "question")) json_object_set_new(e, "question", json_null());
    json_object_set_new(e, "number", q && q->number ? json_string(q->number) : json_null());
    json_t *sn = sheet >= 0 ? json_string(x->b->sheets[sheet].name) : NULL;
    json_object_set_new(e, "sheet", sn ? sn : json_null());
    json_object_set_new(e, "cell", json_string(addr));
    json_object_set_new(e, "message", m);
    json_array_append_new(x->errors, e);
}

static const struct xcell *row_cell(const struct xcell *cells, size_t n, uint32_t col)
{
    for (size_t i = 0; i < n; i++)
        if (cells[i].col == col) return &cells[i];
    return NULL;
}

static void put_slot(struct ictx *x, const struct template_question *q, struct slot *s, int sheet, uint32_t row, uint32_t col,
                     const struct xcell *c)
{
    if (!filled(c)) c = NULL;
    if (s->set && s->c && c) {
        char addr[24];
        cell_addr(s->row, s->col, addr, sizeof addr);
        add_error(x, q, NULL, sheet, row, col, "This answer is given twice (also in %s of sheet %s); keep one.", addr,
                  x->b->sheets[s->sheet].name);
        return;
    }
    if (s->set && s->c) return;
    s->c = c;
    s->sheet = sheet;
    s->row = row;
    s->col = col;
    s->set = true;
}

static void table_default_map(struct ictx *x, const struct template_question *q)
{
    size_t n = json_array_size(members_of(q));
    for (size_t i = 0; i < sizeof x->tmap / sizeof x->tmap[0]; i++) x->tmap[i] = i < n && i < MAX_TABLE_COLS ? (int)i : -1;
}

static void table_row(struct ictx *x, int sheet, const struct xcell *cells, size_t n, uint32_t row)
{
    const struct template_question *q = &x->t->q[x->tq];
    struct qacc *a = &x->acc[x->tq];
    size_t ncols = json_array_size(members_of(q));
    bool any = false;
    for (size_t i = 0; i < n; i++)
        if (cells[i].col >= COL_D && cells[i].col - COL_D < sizeof x->tmap / sizeof x->tmap[0] && x->tmap[cells[i].col - COL_D] >= 0 &&
            filled(&cells[i]))
            any = true;
    if (!any) return;
    if (a->nrows == a->caprows) {
        a->caprows = a->caprows ? a->caprows * 2 : 8;
        a->rows = xrealloc(a->rows, a->caprows * sizeof *a->rows);
    }
    struct trow *r = &a->rows[a->nrows++];
    r->sheet = sheet;
    r->row = row;
    r->cells = xcalloc(ncols ? ncols : 1, sizeof *r->cells);
    for (size_t i = 0; i < n; i++) {
        uint32_t col = cells[i].col;
        if (col < COL_D || col - COL_D >= sizeof x->tmap / sizeof x->tmap[0]) continue;
        int ci = x->tmap[col - COL_D];
        if (ci < 0 || (size_t)ci >= ncols) continue;
        put_slot(x, q, &r->cells[ci], sheet, row, col, &cells[i]);
    }
}

static long sub_index(const struct template_question *q, const char *sub)
{
    json_t *o;
    size_t i;
    if (is(q->type, "contact")) {
        for (i = 0; i < NCONTACT; i++)
            if (strcmp(CONTACT[i].id, sub) == 0) return (long)i;
        return -1;
    }
    json_t *list = is(q->type, "multi") ? options_of(q->json) : members_of(q);
    json_array_foreach(list, i, o)
        if (is(opt_id(o), sub)) return (long)i;
    return -1;
}

static bool all_digits(const char *s)
{
    if (!*s) return false;
    for (; *s; s++)
        if (*s < '0' || *s > '9') return false;
    return true;
}

static void scan_row(struct ictx *x, int sheet, const struct xcell *cells, size_t n)
{
    uint32_t row = cells[0].row;
    const struct xcell *a = row_cell(cells, n, COL_A), *d = row_cell(cells, n, COL_D);
    char *id = a && a->kind == K_STR && !a->toolong ? trim_dup(a->s) : NULL;
    if (!id || !*id) {
        free(id);
        if (x->tq >= 0) table_row(x, sheet, cells, n, row);
        else if (filled(d))
            add_error(x, NULL, NULL, sheet, row, COL_D, "This row has no id in column A, so its answer cannot be matched to a "
                      "question. Move the answer to the row of its question.");
        return;
    }
    if (strcmp(id, HEADER_ID) == 0) { free(id); x->tq = -1; return; }
    char *hash = strchr(id, '#');
    const char *sub = NULL;
    if (hash) { *hash = 0; sub = hash + 1; }
    const struct template_question *q = template_question(x->t, id);
    if (!q) {
        x->tq = -1;
        /* an answer is lost only when its cell holds something: D, or every table column for a "#N" row (not the help) */
        bool any = false, table_like = sub && all_digits(sub);
        for (size_t i = 0; i < n; i++) any |= (cells[i].col == COL_D || (table_like && cells[i].col > COL_D)) && filled(&cells[i]);
        if (any) {
            char quoted[80];
            if (hash) *hash = '#';
            quote_cut(id, 60, quoted, sizeof quoted);
            add_error(x, NULL, quoted, sheet, row, COL_A, "Unknown id \"%s\" in column A: the ids must not be changed, so this "
                      "answer cannot be used. Copy the id back from a fresh workbook, or enter the answer online.", quoted);
        }
        free(id);
        return;
    }
    long qi = q - x->t->q;
    struct qacc *acc = &x->acc[qi];
    acc->seen = true;
    const char *type = q->type;
    if (is(type, "table")) {
        if (!sub) {
            x->tq = qi;
            table_default_map(x, q);
            if (filled(d)) add_error(x, q, NULL, sheet, row, COL_D, "Write the table in the rows below the question.");
        } else if (strcmp(sub, "columns") == 0) {
            x->tq = qi;
            for (size_t i = 0; i < sizeof x->tmap / sizeof x->tmap[0]; i++) x->tmap[i] = -1;
            for (size_t i = 0; i < n; i++) {
                if (cells[i].col < COL_D || cells[i].col - COL_D >= sizeof x->tmap / sizeof x->tmap[0] || cells[i].kind != K_STR) continue;
                json_t *c;
                size_t k;
                json_array_foreach(members_of(q), k, c)
                    if (is(sget(c, "id"), cells[i].s) && k < MAX_TABLE_COLS) x->tmap[cells[i].col - COL_D] = (int)k;
            }
        } else if (strcmp(sub, "labels") == 0 || all_digits(sub)) {
            if (x->tq != qi) { x->tq = qi; table_default_map(x, q); }
            if (all_digits(sub)) table_row(x, sheet, cells, n, row);
        } else {
            x->tq = -1;
            if (filled(d)) add_error(x, q, NULL, sheet, row, COL_D, "Unknown row id \"%s#%.40s\" in column A; this answer cannot be used.", q->id, sub);
        }
        free(id);
        return;
    }
    x->tq = -1;
    if (is(type, "file")) { free(id); return; }
    bool scalar = is(type, "ynd") || is(type, "yn") || is(type, "number") || is(type, "text") || is(type, "single");
    if (!sub) {
        if (scalar) put_slot(x, q, &acc->main, sheet, row, COL_D, d);
        else if (filled(d)) add_error(x, q, NULL, sheet, row, COL_D, "Answer this question in the rows below it.");
    } else if (strcmp(sub, "other") == 0 && (is(type, "single") || is(type, "multi")) && allows_other(q->json)) {
        put_slot(x, q, &acc->other, sheet, row, COL_D, d);
    } else {
        long k = scalar ? -1 : sub_index(q, sub);
        if (k < 0 || (size_t)k >= acc->nsub) {
            if (filled(d)) {
                char quoted[60];
                quote_cut(sub, 40, quoted, sizeof quoted);
                add_error(x, q, NULL, sheet, row, COL_D, "Unknown row id \"%s#%s\" in column A; this answer cannot be used.", q->id, quoted);
            }
        } else put_slot(x, q, &acc->sub[k], sheet, row, COL_D, d);
    }
    free(id);
}

/* ---- values ---- */

static bool ascii_ieq(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char x = *a >= 'A' && *a <= 'Z' ? (char)(*a + 32) : *a, y = *b >= 'A' && *b <= 'Z' ? (char)(*b + 32) : *b;
        if (x != y) return false;
    }
    return *a == *b;
}

static json_t *number_json(double d)
{
    if (floor(d) == d && fabs(d) < 9007199254740992.0) return json_integer((json_int_t)d);
    return json_real(d);
}

static void num_text(double d, char *out, size_t outlen)
{
    if (floor(d) == d && fabs(d) < 1e15) snprintf(out, outlen, "%.0f", d);
    else snprintf(out, outlen, "%.15g", d);
}

/* days since 1970-01-01 -> y, m, d (H. Hinnant's civil_from_days) */
static void civil(long z, int *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long yy = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yy + (*m <= 2));
}

/* The option id a label or id names (exact label first, then case-insensitive), or NULL. */
static const char *option_named(json_t *spec, const char *v)
{
    json_t *o;
    size_t i;
    json_array_foreach(options_of(spec), i, o)
        if (opt_label(o) && strcmp(opt_label(o), v) == 0) return opt_id(o);
    json_array_foreach(options_of(spec), i, o)
        if ((opt_label(o) && ascii_ieq(opt_label(o), v)) || (opt_id(o) && ascii_ieq(opt_id(o), v))) return opt_id(o);
    if (allows_other(spec) && (ascii_ieq(v, OTHER_LABEL) || ascii_ieq(v, "Other (please specify)"))) return "other";
    return NULL;
}

static bool sel_add(json_t *sel, const char *id)
{
    json_t *e;
    size_t i;
    json_array_foreach(sel, i, e)
        if (is(json_string_value(e), id)) return true;
    json_array_append_new(sel, json_string(id));
    return true;
}

/* "Export; Import; Other: river ports" -> {"selected": ["export", "import"], "other": "river ports"}.  Items are
   separated by ; or line breaks; an item that names no option is tried again split at commas. */
static int convert_multi(json_t *spec, const char *s, json_t **out, char *msg, size_t msglen)
{
    json_t *sel = json_array();
    char *copy = xstrdup(s), *save = NULL, *other = NULL;
    int rc = 1;
    for (char *item = strtok_r(copy, ";\n", &save); item && rc == 1; item = strtok_r(NULL, ";\n", &save)) {
        char *it = trim_dup(item);
        size_t ol = strlen(OTHER_LABEL);
        const char *id;
        if (!*it) { free(it); continue; }
        if (allows_other(spec) && strlen(it) > ol && strncasecmp(it, OTHER_LABEL, ol) == 0 && it[ol] == ':') {
            char *t = trim_dup(it + ol + 1);
            if (*t && !other) other = t;
            else if (*t) { snprintf(msg, msglen, "give one Other"); rc = -1; free(t); }
            else free(t);
        } else if ((id = option_named(spec, it))) {
            sel_add(sel, id);
        } else {
            json_t *parts = json_array();
            char *c2 = xstrdup(it), *sv2 = NULL;
            bool all = true;
            for (char *p = strtok_r(c2, ",", &sv2); p && all; p = strtok_r(NULL, ",", &sv2)) {
                char *pt = trim_dup(p);
                const char *pid = *pt ? option_named(spec, pt) : NULL;
                if (pid) json_array_append_new(parts, json_string(pid));
                else if (*pt) all = false;
                free(pt);
            }
            free(c2);
            if (all && json_array_size(parts)) {
                json_t *e;
                size_t i;
                json_array_foreach(parts, i, e) sel_add(sel, json_string_value(e));
            } else {
                char quoted[80];
                quote_cut(it, 60, quoted, sizeof quoted);
                snprintf(msg, msglen, "\"%s\" is not one of the choices; write one or more of them, separated by ;", quoted);
                rc = -1;
            }
            json_decref(parts);
        }
        free(it);
    }
    free(copy);
    if (rc < 0 || (!json_array_size(sel) && !other)) {
        json_decref(sel);
        free(other);
        return rc < 0 ? -1 : 0;
    }
    *out = json_pack("{s:o}", "selected", sel);
    if (other) { json_object_set_new(*out, "other", json_string(other)); free(other); }
    return 1;
}

/*
 * A cell as the value of a question or member of this type.  0: empty (no answer); 1: *out set; -1: msg set.
 * Values are converted, not validated: template_check_value does that.
 */
static int convert(struct ictx *x, const char *type, json_t *spec, const struct xcell *c, json_t **out, char *msg, size_t msglen)
{
    *out = NULL;
    if (!filled(c)) return 0;
    if (c->toolong) { snprintf(msg, msglen, "the cell holds more than %u KB of text", WORKBOOK_MAX_CELL_TEXT / 1024); return -1; }
    if (c->kind == K_ERR) { snprintf(msg, msglen, "the cell shows an error (%.20s); enter a value", c->s ? c->s : "?"); return -1; }
    char *s = c->kind == K_STR ? trim_dup(c->s) : NULL;
    int rc = 1;
    if (is(type, "number")) {
        if (c->kind == K_NUM) *out = number_json(c->d);
        else if (c->kind == K_STR) {
            char *end;
            errno = 0;
            long long ll = strtoll(s, &end, 10);
            if (*s && !*end && errno == 0 && (ll >= 9007199254740992LL || ll <= -9007199254740992LL)) *out = json_integer(ll);
            else {
                double d = strtod(s, &end);
                if (*s && !*end && isfinite(d) && !strpbrk(s, "xXpPnN")) *out = number_json(d);
            }
        }
        if (!*out) { snprintf(msg, msglen, "enter a number"); rc = -1; }
    } else if (is(type, "yn") || is(type, "ynd")) {
        int nchoices = is(type, "ynd") ? 3 : 2;
        if (c->kind == K_BOOL) *out = json_string(c->d ? "yes" : "no");
        else if (s)
            for (int i = 0; i < nchoices; i++)
                if (ascii_ieq(s, YN_IDS[i]) || ascii_ieq(s, YN_LABELS[i])) *out = json_string(YN_IDS[i]);
        if (!*out) { snprintf(msg, msglen, "choose %s", nchoices == 3 ? "Yes, No or Developing" : "Yes or No"); rc = -1; }
    } else if (is(type, "single")) {
        char num[40];
        const char *v = s, *id;
        if (!v && c->kind == K_NUM) { num_text(c->d, num, sizeof num); v = num; }
        if (v && (id = option_named(spec, v))) *out = json_string(id);
        if (!*out) { snprintf(msg, msglen, "choose one of the values of the list"); rc = -1; }
    } else if (is(type, "date") && c->kind == K_NUM) {
        double d = floor(c->d);
        if (d == c->d && d >= 1900 && d <= 2100) {
            char y[8];
            snprintf(y, sizeof y, "%d", (int)d);
            *out = json_string(y);
        } else if (d >= 1 && d < 100000) {
            long days = (long)d + (x->b->date1904 ? 1462 : 0) - 25569;   /* serial 25569 = 1970-01-01 */
            int yy, mm, dd;
            civil(days, &yy, &mm, &dd);
            char iso[16];
            snprintf(iso, sizeof iso, "%04d-%02d-%02d", yy, mm, dd);
            *out = json_string(iso);
        }
        if (!*out) { snprintf(msg, msglen, "a year, or a date as YYYY-MM or YYYY-MM-DD"); rc = -1; }
    } else if (is(type, "multi") && c->kind == K_STR && s[0] != '{') {
        rc = convert_multi(spec, s, out, msg, msglen);
    } else {   /* text, date, url, email, file inside tables and groups */
        char num[40];
        if (c->kind == K_NUM) { num_text(c->d, num, sizeof num); *out = json_string(num); }
        else if (c->kind == K_BOOL) *out = json_string(c->d ? "TRUE" : "FALSE");
        else if ((is(type, "file") || is(type, "multi")) && (s[0] == '{' || s[0] == '[')) {
            *out = json_loads(s, JSON_REJECT_DUPLICATES, NULL);
            if (!json_is_object(*out)) { json_decref(*out); *out = json_string(s); }
        } else *out = json_string(s);
        if (!*out) { snprintf(msg, msglen, "the text is not valid"); rc = -1; }
    }
    free(s);
    if (rc == 1 && !*out) { snprintf(msg, msglen, "the value is not valid"); rc = -1; }
    return rc;
}

static void slot_error(struct ictx *x, const struct template_question *q, const struct slot *s, const char *label, const char *msg)
{
    add_error(x, q, NULL, s->set ? s->sheet : -1, s->set ? s->row : 0, s->set ? s->col : COL_D, "%s: %s", label, msg);
}

/* An error message of template_check_value; it already starts with the label. */
static void check_error(struct ictx *x, const struct template_question *q, const struct slot *s, const char *msg)
{
    add_error(x, q, NULL, s->set ? s->sheet : -1, s->set ? s->row : 0, s->set ? s->col : COL_D, "%s", msg);
}

static const struct slot *first_set(const struct qacc *a)
{
    if (a->main.set) return &a->main;
    for (size_t i = 0; i < a->nsub; i++)
        if (a->sub[i].set) return &a->sub[i];
    if (a->other.set) return &a->other;
    return &a->main;
}

/* Build and check the answer of one question: 0 no answer, 1 *out, -1 errors were added. */
static int build(struct ictx *x, size_t qi, json_t **out)
{
    const struct template_question *q = &x->t->q[qi];
    struct qacc *a = &x->acc[qi];
    const char *type = q->type, *label = q->number ? q->number : q->id;
    char msg[600], err[600];
    json_t *v = NULL;
    *out = NULL;
    if (is(type, "ynd") || is(type, "yn") || is(type, "number") || is(type, "text")) {
        int rc = convert(x, type, q->json, a->main.c, &v, msg, sizeof msg);
        if (rc < 0) { slot_error(x, q, &a->main, label, msg); return -1; }
        if (rc == 0) return 0;
        if (template_check_value(q, v, err, sizeof err) < 0) { check_error(x, q, &a->main, err); json_decref(v); return -1; }
        *out = v;
        return 1;
    }
    if (is(type, "single")) {
        json_t *main = NULL, *other = NULL;
        int rc = convert(x, type, q->json, a->main.c, &main, msg, sizeof msg);
        if (rc < 0) { slot_error(x, q, &a->main, label, msg); return -1; }
        rc = convert(x, "text", NULL, a->other.c, &other, msg, sizeof msg);
        if (rc < 0) { slot_error(x, q, &a->other, label, msg); json_decref(main); return -1; }
        if (other && main && !is(json_string_value(main), "other")) {
            slot_error(x, q, &a->other, label, "either choose a value of the list or specify Other, not both");
            json_decref(main);
            json_decref(other);
            return -1;
        }
        if (main && is(json_string_value(main), "other") && !other) {
            slot_error(x, q, &a->main, label, "you chose Other: say what it is in the row below");
            json_decref(main);
            return -1;
        }
        if (other) { v = json_pack("{s:o}", "other", other); json_decref(main); }
        else v = main;
        if (!v) return 0;
        if (template_check_value(q, v, err, sizeof err) < 0) {
            check_error(x, q, other ? &a->other : &a->main, err);
            json_decref(v);
            return -1;
        }
        *out = v;
        return 1;
    }
    if (is(type, "multi")) {
        json_t *sel = json_array(), *o, *other = NULL;
        size_t i;
        bool bad = false;
        json_array_foreach(options_of(q->json), i, o) {
            if (i >= a->nsub) break;
            const struct xcell *c = a->sub[i].c;
            if (!filled(c)) continue;
            bool on = false, known = true;
            if (c->kind == K_BOOL) on = c->d != 0;
            else if (c->kind == K_NUM) { on = c->d == 1; known = c->d == 0 || c->d == 1; }
            else if (c->kind == K_STR && !c->toolong) {
                char *s = trim_dup(c->s);
                if (ascii_ieq(s, "x") || ascii_ieq(s, "yes") || ascii_ieq(s, "y") || ascii_ieq(s, "true") || strcmp(s, "\xE2\x9C\x93") == 0 ||
                    strcmp(s, "\xE2\x9C\x94") == 0 || strcmp(s, "\xE2\x9C\x97") == 0 || ascii_ieq(s, "selected"))
                    on = true;
                else if (ascii_ieq(s, "no") || ascii_ieq(s, "n") || ascii_ieq(s, "false") || strcmp(s, "-") == 0) on = false;
                else known = false;
                free(s);
            } else known = false;
            if (!known) {
                char l[200];
                snprintf(l, sizeof l, "%s, %s", label, opt_label(o) ? opt_label(o) : "?");
                slot_error(x, q, &a->sub[i], l, "put an x, or leave the cell empty");
                bad = true;
                continue;
            }
            if (on && opt_id(o)) json_array_append_new(sel, json_string(opt_id(o)));
        }
        int rc = convert(x, "text", NULL, a->other.c, &other, msg, sizeof msg);
        if (rc < 0) { slot_error(x, q, &a->other, label, msg); bad = true; }
        else if (other && ascii_ieq(json_string_value(other), "x")) {
            slot_error(x, q, &a->other, label, "write what the other one is, instead of an x");
            bad = true;
        }
        if (bad) { json_decref(sel); json_decref(other); return -1; }
        if (!json_array_size(sel) && !other) { json_decref(sel); return 0; }
        v = json_pack("{s:o}", "selected", sel);
        if (other) json_object_set_new(v, "other", other);
        if (template_check_value(q, v, err, sizeof err) < 0) {
            check_error(x, q, other ? &a->other : first_set(a), err);
            json_decref(v);
            return -1;
        }
        *out = v;
        return 1;
    }
    if (is(type, "contact") || is(type, "group")) {
        bool contact = is(type, "contact"), bad = false;
        json_t *members = contact ? NULL : members_of(q);
        v = json_object();
        for (size_t i = 0; i < a->nsub; i++) {
            json_t *spec = contact ? NULL : json_array_get(members, i), *fv = NULL;
            const char *fid = contact ? CONTACT[i].id : sget(spec, "id");
            const char *ftype = contact ? "text" : sget(spec, "type");
            const char *flabel = contact ? CONTACT[i].label : sget(spec, "label") ? sget(spec, "label") : fid;
            if (!fid || !ftype) continue;
            char l[200];
            snprintf(l, sizeof l, "%s, %s", label, flabel);
            int rc = convert(x, ftype, spec, a->sub[i].c, &fv, msg, sizeof msg);
            if (rc < 0) { slot_error(x, q, &a->sub[i], l, msg); bad = true; continue; }
            if (rc == 0) continue;
            json_t *one = json_pack("{s:O}", fid, fv);   /* checked alone, so every bad member is reported */
            if (template_check_value(q, one, err, sizeof err) < 0) { check_error(x, q, &a->sub[i], err); bad = true; }
            json_decref(one);
            json_object_set_new(v, fid, fv);
        }
        if (bad || !json_object_size(v)) { json_decref(v); return bad ? -1 : 0; }
        if (template_check_value(q, v, err, sizeof err) < 0) { check_error(x, q, first_set(a), err); json_decref(v); return -1; }
        *out = v;
        return 1;
    }
    if (is(type, "table")) {
        json_t *cols = members_of(q), *rows = json_array();
        size_t ncols = json_array_size(cols);
        bool bad = false;
        /* a cell is checked as the one member of a group of the table's columns: the same rules, no "required" */
        struct template_question cellq = *q;
        json_t *cellspec = json_pack("{s:O}", "fields", cols);
        cellq.type = "group";
        cellq.json = cellspec;
        for (size_t r = 0; r < a->nrows; r++) {
            struct trow *tr = &a->rows[r];
            json_t *row = json_object();
            bool rowbad = false;
            char rl[120];
            snprintf(rl, sizeof rl, "%s, row %zu", label, r + 1);   /* every row read holds something */
            cellq.number = rl;
            for (size_t ci = 0; ci < ncols && ci < MAX_TABLE_COLS; ci++) {
                json_t *spec = json_array_get(cols, ci), *cv = NULL;
                const char *cid = sget(spec, "id"), *ctype = sget(spec, "type");
                if (!cid || !ctype) continue;
                char l[240];
                snprintf(l, sizeof l, "%s, %s", rl, sget(spec, "label") ? sget(spec, "label") : cid);
                int rc = convert(x, ctype, spec, tr->cells[ci].c, &cv, msg, sizeof msg);
                if (rc < 0) { slot_error(x, q, &tr->cells[ci], l, msg); rowbad = true; continue; }
                if (rc == 0) continue;
                json_t *one = json_pack("{s:O}", cid, cv);
                if (template_check_value(&cellq, one, err, sizeof err) < 0) { check_error(x, q, &tr->cells[ci], err); rowbad = true; }
                json_decref(one);
                json_object_set_new(row, cid, cv);
            }
            struct slot rs = { .set = true, .sheet = tr->sheet, .row = tr->row, .col = COL_D };
            if (!rowbad && json_object_size(row)) {
                json_t *one = json_pack("[O]", row);
                if (template_check_value(q, one, err, sizeof err) < 0) {
                    /* the message names "row 1" (a one-row table); name the row it is */
                    char prefix[140];
                    snprintf(prefix, sizeof prefix, "%s, row 1", label);
                    size_t pl = strlen(prefix);
                    if (strncmp(err, prefix, pl) == 0) {
                        char fixed[700];
                        snprintf(fixed, sizeof fixed, "%s%s", rl, err + pl);
                        check_error(x, q, &rs, fixed);
                    } else check_error(x, q, &rs, err);
                    rowbad = true;
                }
                json_decref(one);
            }
            if (rowbad) bad = true;
            else if (json_object_size(row)) json_array_append(rows, row);
            json_decref(row);
        }
        json_decref(cellspec);
        if (bad) { json_decref(rows); return -1; }
        if (!json_array_size(rows)) { json_decref(rows); return 0; }
        struct slot qs = { .set = a->nrows > 0, .sheet = a->nrows ? a->rows[0].sheet : -1, .row = a->nrows ? a->rows[0].row : 0, .col = COL_D };
        json_t *mn = json_object_get(q->json, "min_rows"), *mx = json_object_get(q->json, "max_rows");
        if (json_is_integer(mn) && json_array_size(rows) < (size_t)json_integer_value(mn)) {
            snprintf(msg, sizeof msg, "give at least %lld rows", (long long)json_integer_value(mn));
            slot_error(x, q, &qs, label, msg);
            json_decref(rows);
            return -1;
        }
        if (json_is_integer(mx) && json_array_size(rows) > (size_t)json_integer_value(mx)) {
            snprintf(msg, sizeof msg, "at most %lld rows; this table has %zu", (long long)json_integer_value(mx), json_array_size(rows));
            slot_error(x, q, &qs, label, msg);
            json_decref(rows);
            return -1;
        }
        if (template_check_value(q, rows, err, sizeof err) < 0) { check_error(x, q, &qs, err); json_decref(rows); return -1; }
        *out = rows;
        return 1;
    }
    return 0;   /* file and unknown types are not carried */
}

/* The About sheet: "Format" and "Reporting cycle" rows. */
static int check_about(const struct template *t, struct xbook *b, char *err, size_t errlen)
{
    struct xsheet *about = NULL;
    for (size_t i = 0; i < b->nsheets; i++)
        if (strcmp(b->sheets[i].name, "About") == 0) about = &b->sheets[i];
    if (!about) { seterr(err, errlen, "this is not a poaiss workbook (it has no About sheet)"); return -1; }
    bool marked = false;
    long cycle = -1;
    for (size_t i = 0; i < about->n; i++) {
        const struct xcell *a = &about->c[i];
        if (a->col != 0 || a->kind != K_STR) continue;
        const struct xcell *v = i + 1 < about->n && about->c[i + 1].row == a->row && about->c[i + 1].col == 1 ? &about->c[i + 1] : NULL;
        if (!v) continue;
        if (strcmp(a->s, ROW_FORMAT) == 0 && v->kind == K_STR && strncmp(v->s, "poaiss-workbook ", 16) == 0) marked = true;
        if (strcmp(a->s, ROW_CYCLE) == 0) {
            if (v->kind == K_NUM && v->d >= 0 && v->d < 100000) cycle = (long)v->d;
            else if (v->kind == K_STR) { char *end; cycle = strtol(v->s, &end, 10); if (*end) cycle = -1; }
        }
    }
    if (!marked || cycle < 0) { seterr(err, errlen, "this is not a poaiss workbook (its About sheet was changed or is missing rows)"); return -1; }
    if (cycle != t->cycle && (cycle > INT_MAX || template_get((int)cycle) != t)) {
        seterr(err, errlen, "this workbook is for the %ld reporting cycle, and this report is for %d: download the workbook of this report and fill that one",
               cycle, t->cycle);
        return -1;
    }
    return 0;
}

int workbook_import(const struct template *t, const char *path, json_t **answers_out, json_t **errors_out, char *err,
                    size_t errlen)
{
    *answers_out = NULL;
    *errors_out = NULL;
    if (!t || !path) { seterr(err, errlen, "no template or no file"); return -1; }
    struct xbook b;
    memset(&b, 0, sizeof b);
    size_t maxcols = 1;
    for (size_t i = 0; i < t->nq; i++)
        if (is(t->q[i].type, "table") && json_array_size(members_of(&t->q[i])) > maxcols) maxcols = json_array_size(members_of(&t->q[i]));
    if (maxcols > MAX_TABLE_COLS) maxcols = MAX_TABLE_COLS;
    b.maxcol = COL_D + (uint32_t)maxcols;
    if (book_read(&b, path, err, errlen) != 0 || check_about(t, &b, err, errlen) != 0) {
        book_free(&b);
        return -1;
    }
    struct ictx x = { .t = t, .b = &b, .errors = json_array(), .tq = -1 };
    x.acc = xcalloc(t->nq, sizeof *x.acc);
    for (size_t i = 0; i < t->nq; i++) {
        const struct template_question *q = &t->q[i];
        size_t n = is(q->type, "multi") ? json_array_size(options_of(q->json)) : is(q->type, "contact") ? NCONTACT
                 : is(q->type, "group") ? json_array_size(members_of(q)) : 0;
        x.acc[i].nsub = n;
        x.acc[i].sub = n ? xcalloc(n, sizeof *x.acc[i].sub) : NULL;
    }
    for (size_t s = 0; s < b.nsheets; s++) {
        struct xsheet *sh = &b.sheets[s];
        if (strcmp(sh->name, "About") == 0 || strcmp(sh->name, "lists") == 0) continue;
        /* a sheet without any known id (the user's notes) is not read */
        bool known = false;
        for (size_t i = 0; i < sh->n && !known; i++)
            if (sh->c[i].col == COL_A && sh->c[i].kind == K_STR && !sh->c[i].toolong) {
                char *id = trim_dup(sh->c[i].s), *h = strchr(id, '#');
                if (h) *h = 0;
                known = template_question(t, id) != NULL;
                free(id);
            }
        if (!known) continue;
        x.tq = -1;
        for (size_t i = 0; i < sh->n;) {
            size_t j = i;
            while (j < sh->n && sh->c[j].row == sh->c[i].row) j++;
            scan_row(&x, (int)s, &sh->c[i], j - i);
            i = j;
        }
    }
    json_t *answers = json_object();
    for (size_t i = 0; i < t->nq; i++) {
        json_t *v;
        if (build(&x, i, &v) == 1) json_object_set_new(answers, t->q[i].id, v);
    }
    for (size_t i = 0; i < t->nq; i++) {
        for (size_t r = 0; r < x.acc[i].nrows; r++) free(x.acc[i].rows[r].cells);
        free(x.acc[i].rows);
        free(x.acc[i].sub);
    }
    free(x.acc);
    book_free(&b);
    if (json_array_size(x.errors)) {
        json_decref(answers);
        *errors_out = x.errors;
        return 1;
    }
    json_decref(x.errors);
    *answers_out = answers;
    return 0;
}
