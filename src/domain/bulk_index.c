/*
 * bulk_index: see bulk_index.h.  The rule here is the trigger's, restated on jansson values:
 * json_tree's atoms of types text, integer and real, in document order, except an object
 * member named sha256 (a file's hash); integers as decimal, reals as SQLite writes them
 * (store_real_text).  A question with no atom has no row.  The values are answer_value's
 * (migration 0018): a string answer, or for an object answer each string of "selected" (an
 * array, or a lone string) and 'other' when "other" is a string; empty values and values over
 * 100 characters are left out.  tests/unit/test_bulk.c compares an import with reports
 * published one at a time.
 */
#include "domain/bulk_index.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "util/mem.h"

/* The questions of an import and their numbers in search_question, sorted by id. */
struct bulk_questions {
    const char **ids;   /* in the arena given to number_questions */
    int *n;
    size_t count;
};

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int number_questions(struct store *s, json_t *keys, struct arena *a, struct bulk_questions *q)
{
    size_t count = json_object_size(keys), i = 0;
    q->ids = arena_array(a, count ? count : 1, sizeof *q->ids);
    q->n = arena_array(a, count ? count : 1, sizeof *q->n);
    q->count = count;
    const char *k;
    json_t *v;
    json_object_foreach(keys, k, v) q->ids[i++] = arena_strdup(a, k);
    qsort(q->ids, count, sizeof *q->ids, cmp_str);
    for (i = 0; i < count; i++)
        if ((q->n[i] = store_bulk_question(s, q->ids[i])) < 0) return -1;
    return 0;
}

static int question_number(const struct bulk_questions *q, const char *id)
{
    size_t lo = 0, hi = q->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(q->ids[mid], id);
        if (c == 0) return q->n[mid];
        if (c < 0) lo = mid + 1; else hi = mid;
    }
    return -1;
}

/* Append the atoms of v (json_tree's, in document order) to b, each after a space but the first. */
static int atoms(struct store *s, json_t *v, struct buf *b, size_t *count)
{
    char num[64];
    const char *k;
    json_t *x;
    size_t i;
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        json_object_foreach(v, k, x) {
            if (!json_is_object(x) && !json_is_array(x) && strcmp(k, "sha256") == 0) continue;
            if (atoms(s, x, b, count) < 0) return -1;
        }
        return 0;
    case JSON_ARRAY:
        json_array_foreach(v, i, x) if (atoms(s, x, b, count) < 0) return -1;
        return 0;
    case JSON_STRING:
        if ((*count)++) buf_putc(b, ' ');
        buf_append(b, json_string_value(v), json_string_length(v));
        return 0;
    case JSON_INTEGER:
        if ((*count)++) buf_putc(b, ' ');
        buf_printf(b, "%lld", (long long)json_integer_value(v));
        return 0;
    case JSON_REAL:
        if (store_real_text(s, json_real_value(v), num, sizeof num) < 0) return -1;
        if ((*count)++) buf_putc(b, ' ');
        buf_puts(b, num);
        return 0;
    default:
        return 0;
    }
}

static size_t utf8_chars(const char *p)
{
    size_t n = 0;
    for (; *p; p++) n += ((unsigned char)*p & 0xC0) != 0x80;
    return n;
}

static void add_row(struct bulk_rows *rows, const char *question, const char *value, long long report_id)
{
    if (rows->nvalues == rows->values_cap) {
        rows->values_cap = rows->values_cap ? rows->values_cap * 2 : 4096;
        rows->values = xrealloc(rows->values, rows->values_cap * sizeof *rows->values);
        rows->value_question = xrealloc(rows->value_question, rows->values_cap * sizeof *rows->value_question);
    }
    rows->value_question[rows->nvalues] = question;
    rows->values[rows->nvalues++] = (struct store_value_row){ 0, value, report_id };
}

static void add_value(struct bulk_rows *rows, const char *qn, json_t *v, long long report_id)
{
    const char *t = json_string_value(v);
    if (t && *t && utf8_chars(t) <= 100) add_row(rows, qn, t, report_id);
}

/* answer_value's values of one answer (migration 0018's json_each over the CASE). */
static void values(struct bulk_rows *rows, const char *qn, json_t *v, long long report_id)
{
    if (json_is_string(v)) { add_value(rows, qn, v, report_id); return; }
    if (!json_is_object(v)) return;
    json_t *sel = json_object_get(v, "selected"), *x;
    const char *k;
    size_t i;
    if (json_is_array(sel) || !sel) {
        json_array_foreach(sel, i, x) add_value(rows, qn, x, report_id);
        if (json_is_string(json_object_get(v, "other"))) add_row(rows, qn, "other", report_id);
    } else if (json_is_string(sel)) {
        add_value(rows, qn, sel, report_id);
    } else if (json_is_object(sel)) {
        json_object_foreach(sel, k, x) add_value(rows, qn, x, report_id);
    }
}

int bulk_index_report(struct store *s, struct bulk_rows *rows, long long report_id, int version, const char *lang,
                      json_t *answers, struct buf *scratch)
{
    const char *k;
    json_t *v;
    json_object_foreach(answers, k, v) {
        if (json_is_null(v)) continue;
        size_t count = 0;
        buf_clear(scratch);
        if (atoms(s, v, scratch, &count) < 0) return -1;
        if (count) {
            if (rows->nindex == rows->index_cap) {
                rows->index_cap = rows->index_cap ? rows->index_cap * 2 : 4096;
                rows->index = xrealloc(rows->index, rows->index_cap * sizeof *rows->index);
            }
            rows->index[rows->nindex++] = (struct store_index_row){
                .report_id = report_id, .version = version, .question = k, .lang = lang,
                .text = arena_strndup(&rows->text, buf_cstr(scratch), scratch->len), .len = scratch->len };
            add_row(rows, k, "", report_id);
        }
        values(rows, k, v, report_id);
    }
    return 0;
}

struct bulk_mark bulk_rows_mark(const struct bulk_rows *rows)
{
    return (struct bulk_mark){ rows->nindex, rows->nvalues };
}

void bulk_rows_set_report(struct bulk_rows *rows, struct bulk_mark from, struct bulk_mark to, long long id)
{
    for (size_t i = from.index; i < to.index && i < rows->nindex; i++) rows->index[i].report_id = id;
    for (size_t i = from.values; i < to.values && i < rows->nvalues; i++) rows->values[i].report_id = id;
}

/* answer_value's key order (question_n, value, report_id; SQLite's BINARY collation is strcmp's order on
   UTF-8 without NUL): inserted in that order, every row goes at the end of the table's b-tree instead of
   a random page of it. */
static int cmp_value_row(const void *pa, const void *pb)
{
    const struct store_value_row *x = pa, *y = pb;
    if (x->question_n != y->question_n) return x->question_n < y->question_n ? -1 : 1;
    int c = strcmp(x->value, y->value);
    if (c) return c;
    return (x->report_id > y->report_id) - (x->report_id < y->report_id);
}

int bulk_index_write(struct store *s, struct bulk_rows *rows, json_t *keys, struct arena *a)
{
    struct bulk_questions q;
    if (number_questions(s, keys, a, &q) < 0) return -1;
    for (size_t i = 0; i < rows->nindex; i++)
        if ((rows->index[i].question_n = question_number(&q, rows->index[i].question)) < 0) return -1;
    for (size_t i = 0; i < rows->nvalues; i++)
        if ((rows->values[i].question_n = question_number(&q, rows->value_question[i])) < 0) return -1;
    if (store_bulk_index_rows(s, rows->index, rows->nindex) < 0) return -1;
    /* value_question is not read again: the values may leave its order. */
    if (rows->nvalues) qsort(rows->values, rows->nvalues, sizeof *rows->values, cmp_value_row);
    return store_bulk_value_rows(s, rows->values, rows->nvalues);
}

void bulk_rows_cleanup(struct bulk_rows *rows)
{
    free(rows->index);
    free(rows->values);
    free(rows->value_question);
    arena_cleanup(&rows->text);
    *rows = (struct bulk_rows)BULK_ROWS_INIT;
}
