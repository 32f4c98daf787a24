/*
 * xlsx_write: workbook_export (see workbook.h), a report's answers laid out as an XLSX
 * workbook with libxlsxwriter in constant-memory mode: the About sheet, one sheet per template
 * section (id, number, text, answer and help columns, drop-down lists and validations from the
 * template), the hidden "lists" sheet, row heights fitted to wrapped text, print setup.
 */
#include "domain/workbook.h"

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
#include <xlsxwriter.h>

#include "domain/answer_cell.h"
#include "domain/workbook_internal.h"
#include "util/mem.h"
#include "util/text.h"

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
    struct buf clean = BUF_INIT;   /* text stored before the input checks refused U+FFFF and the like */
    if (!utf8_valid_text(s, strlen(s))) {
        text_sanitize(&clean, s, strlen(s));
        s = buf_cstr(&clean);
    }
    char *tofree;
    const char *v = xl_text(s, &tofree);
    lxw_error rc = worksheet_write_string(ws, row, (lxw_col_t)col, v, f);
    free(tofree);
    buf_cleanup(&clean);
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

static void validate(struct xw *x, lxw_worksheet *ws, uint32_t r1, uint32_t c1, uint32_t r2, uint32_t c2,
                     enum answer_type type, json_t *spec, const char *where)
{
    lxw_data_validation dv;
    memset(&dv, 0, sizeof dv);
    char name[48], formula[64];
    json_t *labels = answer_cell_choices(type, spec);
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
    } else if (type == ANSWER_NUMBER) {
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
    } else if (type == ANSWER_MULTI) {
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
    } else if (type == ANSWER_TEXT && json_is_integer(json_object_get(spec, "max_length"))) {
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

/* One answer (or member) value into a cell, shown as the reader expects it (answer_cell_show). */
static void put_value(struct xw *x, lxw_worksheet *ws, uint32_t row, uint32_t col, enum answer_type type, json_t *spec, json_t *v,
                      const char *where)
{
    struct answer_cell_shown c;
    answer_cell_show(type, spec, v, &c);
    lxw_format *f = c.textual || c.json ? x->f_ans_text : x->f_ans;
    if (c.kind == ANSWER_CELL_NUM) put_number(x, ws, row, col, c.num, f, where);
    else put_str(x, ws, row, col, c.s, f, where);
    answer_cell_shown_free(&c);
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
    enum answer_type type = q->type;
    const char *where = q->id;
    char id[512];
    json_t *spec = q->json;

    if (type == ANSWER_YND || type == ANSWER_YN || type == ANSWER_NUMBER || type == ANSWER_TEXT || type == ANSWER_SINGLE) {
        const char *hint = NULL;
        char hintbuf[96];
        if (type == ANSWER_NUMBER && sget(spec, "unit")) { snprintf(hintbuf, sizeof hintbuf, "(%s)", sget(spec, "unit")); hint = hintbuf; }
        else if (type == ANSWER_TEXT && json_is_true(json_object_get(spec, "multiline"))) hint = "(Several lines are fine: Alt+Enter starts a new line.)";
        char *text = joined(q->text, hint);
        row_head(x, ws, row, q->id, q->number, text, x->f_q, q->help, json_string_value(v), where);
        free(text);
        json_t *main = v, *other = NULL;
        if (type == ANSWER_SINGLE && json_is_object(v)) { main = json_string("other"); other = json_object_get(v, "other"); }
        put_value(x, ws, row, COL_D, type, spec, main, where);
        if (main != v) json_decref(main);
        validate(x, ws, row, COL_D, row, COL_D, type, spec, where);
        row++;
        if (type == ANSWER_SINGLE && allows_other(spec)) {
            snprintf(id, sizeof id, "%s#other", q->id);
            row_head(x, ws, row, id, NULL, "If you chose Other: please specify", x->f_sub, NULL, json_string_value(other), where);
            put_value(x, ws, row, COL_D, ANSWER_TEXT, NULL, other, where);
            row++;
        }
    } else if (type == ANSWER_MULTI) {
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
            put_value(x, ws, row, COL_D, ANSWER_TEXT, NULL, json_object_get(v, "other"), where);
            row++;
        }
    } else if (type == ANSWER_CONTACT) {
        row_head(x, ws, row, q->id, q->number, q->text, x->f_q, q->help, NULL, where);
        put_str(x, ws, row, COL_D, NULL, x->f_none, where);
        row++;
        for (size_t k = 0; k < NCONTACT; k++) {
            snprintf(id, sizeof id, "%s#%s", q->id, CONTACT[k].id);
            row_head(x, ws, row, id, NULL, CONTACT[k].label, x->f_sub, NULL, sget(v, CONTACT[k].id), where);
            put_value(x, ws, row, COL_D, ANSWER_TEXT, NULL, json_object_get(v, CONTACT[k].id), where);
            row++;
        }
    } else if (type == ANSWER_GROUP) {
        row_head(x, ws, row, q->id, q->number, q->text, x->f_q, q->help, NULL, where);
        put_str(x, ws, row, COL_D, NULL, x->f_none, where);
        row++;
        for (size_t i = 0; i < q->nmembers; i++) {
            json_t *f = q->members[i].json;
            const char *fid = q->members[i].id;
            enum answer_type ftype = q->members[i].type;
            snprintf(id, sizeof id, "%s#%s", q->id, fid);
            char *label = unit_label(sget(f, "label") ? sget(f, "label") : fid, f);
            row_head(x, ws, row, id, NULL, label, x->f_sub, sget(f, "help"), sget(v, fid), where);
            free(label);
            put_value(x, ws, row, COL_D, ftype, f, json_object_get(v, fid), where);
            validate(x, ws, row, COL_D, row, COL_D, ftype, f, where);
            row++;
        }
    } else if (type == ANSWER_TABLE) {
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
                put_value(x, ws, row, COL_D + (uint32_t)i, i < q->nmembers ? q->members[i].type : ANSWER_TEXT, c, cid ? json_object_get(rv, cid) : NULL, where);
            }
            row++;
        }
        if (row > first)
            for (i = 0; i < ncols; i++) {
                c = json_array_get(cols, i);
                validate(x, ws, first, COL_D + (uint32_t)i, row - 1, COL_D + (uint32_t)i, i < q->nmembers ? q->members[i].type : ANSWER_TEXT, c, where);
            }
    } else {   /* file, or a type this module does not know */
        char note[400];
        if (type == ANSWER_FILE && json_is_object(v) && sget(v, "name"))
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
        if (t->q[i].type == ANSWER_TABLE && json_array_size(members_of(&t->q[i])) > maxcols)
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
