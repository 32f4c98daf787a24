/*
 * workbook: workbook_import (see workbook.h), the cells of an uploaded workbook back into a
 * report's answers.  xlsx_read.c reads the file into cells; this file checks the About sheet,
 * matches rows to questions by the id in column A, gathers table blocks, multi options and
 * members, converts each cell to the value of its question's type (labels to option ids, date
 * serials to dates, numbers typed as text ...) and checks every answer with
 * answer_check, collecting per-cell errors.  The export is in xlsx_write.c.
 */
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

#include "domain/answer_cell.h"
#include "domain/workbook_internal.h"
#include "domain/xlsx_read.h"
#include "util/mem.h"

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
    json_t *errors;             /* the first WORKBOOK_MAX_LISTED_ERRORS */
    size_t nerrors;             /* every error found */
    /* the table block being read */
    long tq;                    /* question index, -1 when none */
    int tmap[MAX_TABLE_COLS + 8];   /* sheet column - COL_D -> table column index, -1 none */
};

/* A cell of the reader as the answer types take it (answer_cell.h). */
static struct answer_cell as_cell(const struct xcell *c, bool date1904)
{
    static const enum answer_cell_kind kinds[] = {
        [K_EMPTY] = ANSWER_CELL_EMPTY, [K_STR] = ANSWER_CELL_STR, [K_NUM] = ANSWER_CELL_NUM,
        [K_BOOL] = ANSWER_CELL_BOOL, [K_ERR] = ANSWER_CELL_ERR,
    };
    if (!c || c->kind >= sizeof kinds / sizeof kinds[0]) return (struct answer_cell){ .kind = ANSWER_CELL_EMPTY };
    return (struct answer_cell){ .kind = kinds[c->kind], .s = c->s, .d = c->d, .toolong = c->toolong, .date1904 = date1904 };
}

static bool filled(const struct xcell *c)
{
    struct answer_cell a = as_cell(c, false);
    return answer_cell_filled(&a);
}

/* A cell as the value of a question or member of this type (answer_cell_read). */
static int convert(struct ictx *x, enum answer_type type, json_t *spec, const struct xcell *c, json_t **out, char *msg, size_t msglen)
{
    struct answer_cell a = as_cell(c, x->b->date1904);
    return answer_cell_read(type, spec, &a, out, msg, msglen);
}

static void add_error(struct ictx *x, const struct template_question *q, const char *qid, int sheet, uint32_t row, uint32_t col,
                      const char *fmt, ...) __attribute__((format(printf, 7, 8)));
static void add_error(struct ictx *x, const struct template_question *q, const char *qid, int sheet, uint32_t row, uint32_t col,
                      const char *fmt, ...)
{
    if (x->nerrors++ >= WORKBOOK_MAX_LISTED_ERRORS) return;   /* counted, not listed: a 0.9 MB file made 26 MB of them */
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
    if (q->type == ANSWER_CONTACT) {
        for (i = 0; i < NCONTACT; i++)
            if (strcmp(CONTACT[i].id, sub) == 0) return (long)i;
        return -1;
    }
    json_t *list = q->type == ANSWER_MULTI ? options_of(q->json) : members_of(q);
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
    char *id = a && a->kind == K_STR && !a->toolong ? answer_cell_trim(a->s) : NULL;
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
            answer_cell_quote(id, 60, quoted, sizeof quoted);
            add_error(x, NULL, quoted, sheet, row, COL_A, "Unknown id \"%s\" in column A: the ids must not be changed, so this "
                      "answer cannot be used. Copy the id back from a fresh workbook, or enter the answer online.", quoted);
        }
        free(id);
        return;
    }
    long qi = q - x->t->q;
    struct qacc *acc = &x->acc[qi];
    acc->seen = true;
    enum answer_type type = q->type;
    if (type == ANSWER_TABLE) {
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
    if (type == ANSWER_FILE) { free(id); return; }
    bool scalar = type == ANSWER_YND || type == ANSWER_YN || type == ANSWER_NUMBER || type == ANSWER_TEXT || type == ANSWER_SINGLE;
    if (!sub) {
        if (scalar) put_slot(x, q, &acc->main, sheet, row, COL_D, d);
        else if (filled(d)) add_error(x, q, NULL, sheet, row, COL_D, "Answer this question in the rows below it.");
    } else if (strcmp(sub, "other") == 0 && (type == ANSWER_SINGLE || type == ANSWER_MULTI) && allows_other(q->json)) {
        put_slot(x, q, &acc->other, sheet, row, COL_D, d);
    } else {
        long k = scalar ? -1 : sub_index(q, sub);
        if (k < 0 || (size_t)k >= acc->nsub) {
            if (filled(d)) {
                char quoted[60];
                answer_cell_quote(sub, 40, quoted, sizeof quoted);
                add_error(x, q, NULL, sheet, row, COL_D, "Unknown row id \"%s#%s\" in column A; this answer cannot be used.", q->id, quoted);
            }
        } else put_slot(x, q, &acc->sub[k], sheet, row, COL_D, d);
    }
    free(id);
}

/* ---- values ---- */

static void slot_error(struct ictx *x, const struct template_question *q, const struct slot *s, const char *label, const char *msg)
{
    add_error(x, q, NULL, s->set ? s->sheet : -1, s->set ? s->row : 0, s->set ? s->col : COL_D, "%s: %s", label, msg);
}

/* An error message of answer_check; it already starts with the label. */
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
    enum answer_type type = q->type;
    const char *label = q->number ? q->number : q->id;
    char msg[600], err[600];
    json_t *v = NULL;
    *out = NULL;
    if (type == ANSWER_YND || type == ANSWER_YN || type == ANSWER_NUMBER || type == ANSWER_TEXT) {
        int rc = convert(x, type, q->json, a->main.c, &v, msg, sizeof msg);
        if (rc < 0) { slot_error(x, q, &a->main, label, msg); return -1; }
        if (rc == 0) return 0;
        if (answer_check(q, v, err, sizeof err) < 0) { check_error(x, q, &a->main, err); json_decref(v); return -1; }
        *out = v;
        return 1;
    }
    if (type == ANSWER_SINGLE) {
        json_t *main = NULL, *other = NULL;
        int rc = convert(x, type, q->json, a->main.c, &main, msg, sizeof msg);
        if (rc < 0) { slot_error(x, q, &a->main, label, msg); return -1; }
        rc = convert(x, ANSWER_TEXT, NULL, a->other.c, &other, msg, sizeof msg);
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
        if (answer_check(q, v, err, sizeof err) < 0) {
            check_error(x, q, other ? &a->other : &a->main, err);
            json_decref(v);
            return -1;
        }
        *out = v;
        return 1;
    }
    if (type == ANSWER_MULTI) {
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
                char *s = answer_cell_trim(c->s);
                if (answer_cell_ieq(s, "x") || answer_cell_ieq(s, "yes") || answer_cell_ieq(s, "y") || answer_cell_ieq(s, "true") || strcmp(s, "\xE2\x9C\x93") == 0 ||
                    strcmp(s, "\xE2\x9C\x94") == 0 || strcmp(s, "\xE2\x9C\x97") == 0 || answer_cell_ieq(s, "selected"))
                    on = true;
                else if (answer_cell_ieq(s, "no") || answer_cell_ieq(s, "n") || answer_cell_ieq(s, "false") || strcmp(s, "-") == 0) on = false;
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
        int rc = convert(x, ANSWER_TEXT, NULL, a->other.c, &other, msg, sizeof msg);
        if (rc < 0) { slot_error(x, q, &a->other, label, msg); bad = true; }
        else if (other && answer_cell_ieq(json_string_value(other), "x")) {
            slot_error(x, q, &a->other, label, "write what the other one is, instead of an x");
            bad = true;
        }
        if (bad) { json_decref(sel); json_decref(other); return -1; }
        if (!json_array_size(sel) && !other) { json_decref(sel); return 0; }
        v = json_pack("{s:o}", "selected", sel);
        if (other) json_object_set_new(v, "other", other);
        if (answer_check(q, v, err, sizeof err) < 0) {
            check_error(x, q, other ? &a->other : first_set(a), err);
            json_decref(v);
            return -1;
        }
        *out = v;
        return 1;
    }
    if (type == ANSWER_CONTACT || type == ANSWER_GROUP) {
        bool contact = type == ANSWER_CONTACT, bad = false;
        json_t *members = contact ? NULL : members_of(q);
        v = json_object();
        for (size_t i = 0; i < a->nsub; i++) {
            json_t *spec = contact ? NULL : json_array_get(members, i), *fv = NULL;
            if (i >= q->nmembers) continue;
            const char *fid = q->members[i].id;
            enum answer_type ftype = q->members[i].type;
            const char *flabel = contact ? CONTACT[i].label : q->members[i].label ? q->members[i].label : fid;
            char l[200];
            snprintf(l, sizeof l, "%s, %s", label, flabel);
            int rc = convert(x, ftype, spec, a->sub[i].c, &fv, msg, sizeof msg);
            if (rc < 0) { slot_error(x, q, &a->sub[i], l, msg); bad = true; continue; }
            if (rc == 0) continue;
            json_t *one = json_pack("{s:O}", fid, fv);   /* checked alone, so every bad member is reported */
            if (answer_check(q, one, err, sizeof err) < 0) { check_error(x, q, &a->sub[i], err); bad = true; }
            json_decref(one);
            json_object_set_new(v, fid, fv);
        }
        if (bad || !json_object_size(v)) { json_decref(v); return bad ? -1 : 0; }
        if (answer_check(q, v, err, sizeof err) < 0) { check_error(x, q, first_set(a), err); json_decref(v); return -1; }
        *out = v;
        return 1;
    }
    if (type == ANSWER_TABLE) {
        json_t *cols = members_of(q), *rows = json_array();
        size_t ncols = json_array_size(cols);
        bool bad = false;
        for (size_t r = 0; r < a->nrows; r++) {
            struct trow *tr = &a->rows[r];
            json_t *row = json_object();
            bool rowbad = false;
            char rl[120];
            snprintf(rl, sizeof rl, "%s, row %zu", label, r + 1);   /* every row read holds something */
            for (size_t ci = 0; ci < ncols && ci < MAX_TABLE_COLS; ci++) {
                json_t *spec = json_array_get(cols, ci), *cv = NULL;
                if (ci >= q->nmembers) continue;
                const char *cid = q->members[ci].id;
                enum answer_type ctype = q->members[ci].type;
                char l[240];
                snprintf(l, sizeof l, "%s, %s", rl, sget(spec, "label") ? sget(spec, "label") : cid);
                int rc = convert(x, ctype, spec, tr->cells[ci].c, &cv, msg, sizeof msg);
                if (rc < 0) { slot_error(x, q, &tr->cells[ci], l, msg); rowbad = true; continue; }
                if (rc == 0) continue;
                /* a cell is checked alone, with its column's rules (not "required": that is the row's) */
                if (answer_check_member(&q->members[ci], cv, l, err, sizeof err) < 0) { check_error(x, q, &tr->cells[ci], err); rowbad = true; }
                json_object_set_new(row, cid, cv);
            }
            struct slot rs = { .set = true, .sheet = tr->sheet, .row = tr->row, .col = COL_D };
            if (!rowbad && json_object_size(row)) {
                json_t *one = json_pack("[O]", row);
                if (answer_check(q, one, err, sizeof err) < 0) {
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
        if (answer_check(q, rows, err, sizeof err) < 0) { check_error(x, q, &qs, err); json_decref(rows); return -1; }
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

int workbook_import(const struct template *t, const char *path, json_t **answers_out, json_t **errors_out, size_t *nerrors_out,
                    char *err, size_t errlen)
{
    *answers_out = NULL;
    *errors_out = NULL;
    if (nerrors_out) *nerrors_out = 0;
    if (!t || !path) { seterr(err, errlen, "no template or no file"); return -1; }
    struct xbook b;
    memset(&b, 0, sizeof b);
    size_t maxcols = 1;
    for (size_t i = 0; i < t->nq; i++)
        if (t->q[i].type == ANSWER_TABLE && json_array_size(members_of(&t->q[i])) > maxcols) maxcols = json_array_size(members_of(&t->q[i]));
    if (maxcols > MAX_TABLE_COLS) maxcols = MAX_TABLE_COLS;
    b.maxcol = COL_D + (uint32_t)maxcols;
    if (xlsx_read_book(&b, path, err, errlen) != 0 || check_about(t, &b, err, errlen) != 0) {
        xlsx_free_book(&b);
        return -1;
    }
    struct ictx x = { .t = t, .b = &b, .errors = json_array(), .tq = -1 };
    x.acc = xcalloc(t->nq, sizeof *x.acc);
    for (size_t i = 0; i < t->nq; i++) {
        const struct template_question *q = &t->q[i];
        size_t n = q->type == ANSWER_MULTI ? json_array_size(options_of(q->json)) : q->type == ANSWER_CONTACT ? NCONTACT
                 : q->type == ANSWER_GROUP ? json_array_size(members_of(q)) : 0;
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
                char *id = answer_cell_trim(sh->c[i].s), *h = strchr(id, '#');
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
    xlsx_free_book(&b);
    if (x.nerrors) {
        json_decref(answers);
        *errors_out = x.errors;
        if (nerrors_out) *nerrors_out = x.nerrors;
        return 1;
    }
    json_decref(x.errors);
    *answers_out = answers;
    return 0;
}
