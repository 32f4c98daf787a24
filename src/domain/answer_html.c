/*
 * answer_html: the HTML operations of the answer types (see answer.h): an answer on the
 * report page, and the form's inputs with their values and errors, and reading them back.
 *
 * Input names are "v:" + the value's path: "v:ID" (one value; repeated for multi),
 * "v:ID:other", "v:ID:FIELD" (group and contact), "v:ID:ROW:COLUMN" (tables, rows from 0).
 * An error is shown between an input's label and the input, with the id "PATH-error" that
 * the input names in aria-describedby (the GOV.UK Design System's pattern).  Everything
 * goes through html_text(): markup in an answer comes out as text.
 *
 * Answers are written by the States in their own script, and shown in six languages: in an
 * Arabic page a run of Latin letters and digits is reordered with its neighbours ("0193 555
 * 000+" for "+000 555 0193").  So every value written by a State is isolated: free text,
 * names and street addresses in <bdi> (its direction from its own first letter), and what is
 * always left to right (telephone numbers, e-mail addresses, URLs) in <bdi dir="ltr">.  Dates
 * are written in the page's language (i18n_html_date).  A table that may scroll sideways is
 * a focusable region named after its question.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/answer.h"
#include "domain/template.h"
#include "util/i18n.h"
#include "util/text.h"

/* Empty rows a table offers below the answered ones. */
#define EXTRA_ROWS 2

static const char *str(json_t *o, const char *k)
{
    return json_string_value(json_object_get(o, k));
}

/* A member's label in this thread's language. */
static const char *member_label(const struct answer_member *m)
{
    if (!m->label) return m->id;
    return m->json ? i18n_template(m->label) : _(m->label);
}

/* ---- the report page ---- */

static void no_response(struct buf *b)
{
    HTML_LIT(b, "<span class=\"noresp\">");
    html_text(b, _("No response"));
    HTML_LIT(b, "</span>");
}

/* Always left to right whatever the page's language: e-mail addresses, URLs, telephone numbers. */
static bool member_ltr(const struct answer_member *m)
{
    return m->type == ANSWER_EMAIL || m->type == ANSWER_URL || (m->id && strcmp(m->id, "telephone") == 0);
}

/* A State's own text, isolated: in <bdi> (direction from its first letter), or <bdi dir="ltr">. */
static void isolated(struct buf *b, const char *s, bool ltr)
{
    if (!s || !*s) return;
    if (ltr) { i18n_html_ltr(b, s); return; }
    HTML_LIT(b, "<bdi>");
    html_text(b, s);
    HTML_LIT(b, "</bdi>");
}

/* A scalar value (or a member's) as escaped text; a file through the page's link. */
static void value_html(struct buf *b, const struct answer_member *m, json_t *v, const struct answer_files *files)
{
    if (!v || json_is_null(v)) { HTML_LIT(b, "—"); return; }
    if (m->type == ANSWER_FILE && json_is_object(v) && files && files->link) { files->link(b, files->rid, v); return; }
    if (m->type == ANSWER_DATE && json_is_string(v)) { i18n_html_date(b, json_string_value(v)); return; }
    if (m->type == ANSWER_SINGLE && json_is_object(v)) {
        html_text(b, _("Other"));
        HTML_LIT(b, ": ");
        isolated(b, str(v, "other"), false);
        return;
    }
    struct buf t = BUF_INIT;
    answer_member_text(&t, m, v);
    /* Choices and numbers are ours (translated labels, digits); text is the State's own. */
    bool own = m->type == ANSWER_TEXT || m->type == ANSWER_EMAIL || m->type == ANSWER_URL;
    if (own) isolated(b, buf_cstr(&t), member_ltr(m));
    else html_text(b, buf_cstr(&t));
    buf_cleanup(&t);
}

/* The start of a scrolling region named after question q (a table that may be wider than a phone). */
static void scroll_region(struct buf *b, const struct template_question *q)
{
    HTML_LIT(b, "<div class=\"scroll\" role=\"region\" tabindex=\"0\" aria-label=\"");
    if (q->number) { html_text(b, q->number); HTML_LIT(b, " "); }
    html_text(b, q->text ? i18n_template(q->text) : q->id);
    HTML_LIT(b, "\">");
}

static void members_html(struct buf *b, const struct template_question *q, json_t *v, const struct answer_files *files)
{
    HTML_LIT(b, "<dl class=\"facts\">");
    for (size_t i = 0; i < q->nmembers; i++) {
        json_t *x = json_object_get(v, q->members[i].id);
        if (!x) continue;
        HTML_LIT(b, "<div><dt>");
        html_text(b, member_label(&q->members[i]));
        HTML_LIT(b, "</dt><dd>");
        value_html(b, &q->members[i], x, files);
        HTML_LIT(b, "</dd></div>");
    }
    HTML_LIT(b, "</dl>");
}

static void table_html(struct buf *b, const struct template_question *q, json_t *v, const struct answer_files *files)
{
    json_t *row;
    size_t i, j;
    scroll_region(b, q);
    HTML_LIT(b, "<table class=\"list\"><thead><tr>");
    for (i = 0; i < q->nmembers; i++) {
        HTML_LIT(b, "<th scope=\"col\">");
        html_text(b, member_label(&q->members[i]));
        HTML_LIT(b, "</th>");
    }
    HTML_LIT(b, "</tr></thead><tbody>");
    json_array_foreach(v, j, row) {
        HTML_LIT(b, "<tr>");
        for (i = 0; i < q->nmembers; i++) {
            HTML_LIT(b, "<td>");
            value_html(b, &q->members[i], json_object_get(row, q->members[i].id), files);
            HTML_LIT(b, "</td>");
        }
        HTML_LIT(b, "</tr>");
    }
    HTML_LIT(b, "</tbody></table></div>");
}

void answer_html(struct buf *b, const struct template_question *q, json_t *v, const struct answer_files *files)
{
    if (!v || json_is_null(v)) { no_response(b); return; }
    struct answer_member self = { q->id, NULL, q->type, q->json };
    switch (q->type) {
    case ANSWER_MULTI: {
        json_t *x;
        size_t i;
        HTML_LIT(b, "<ul>");
        json_array_foreach(json_object_get(v, "selected"), i, x) {
            if (!json_is_string(x) || strcmp(json_string_value(x), "other") == 0) continue;
            HTML_LIT(b, "<li>");
            html_text(b, answer_value_label_local(q, json_string_value(x)));
            HTML_LIT(b, "</li>");
        }
        if (str(v, "other")) {
            HTML_LIT(b, "<li>");
            html_text(b, _("Other"));
            HTML_LIT(b, ": ");
            isolated(b, str(v, "other"), false);
            HTML_LIT(b, "</li>");
        }
        HTML_LIT(b, "</ul>");
        return;
    }
    case ANSWER_TABLE: table_html(b, q, v, files); return;
    case ANSWER_GROUP: members_html(b, q, v, files); return;
    case ANSWER_CONTACT: {
        bool first = true;
        HTML_LIT(b, "<address>");
        for (size_t i = 0; i < q->nmembers; i++) {
            const char *s = str(v, q->members[i].id);
            if (!s || !*s) continue;
            if (!first) HTML_LIT(b, "<br>");
            isolated(b, s, member_ltr(&q->members[i]));
            first = false;
        }
        HTML_LIT(b, "</address>");
        return;
    }
    case ANSWER_TEXT:
        if (json_is_string(v) && json_is_true(json_object_get(q->json, "multiline"))) {
            HTML_LIT(b, "<p class=\"free\" dir=\"auto\">");
            html_text(b, json_string_value(v));
            HTML_LIT(b, "</p>");
            return;
        }
        break;
    default:
        break;
    }
    value_html(b, &self, v, files);
}

/* ---- the form: writing ---- */

static void input_name(struct buf *b, const char *path)
{
    HTML_LIT(b, "v:");
    html_text(b, path);
}

/* The error of path, shown before its input; aria attributes to add to the input come from has_error. */
static const struct answer_error *error_message(struct buf *b, const struct answer_errors *errs, const char *path)
{
    const struct answer_error *e = answer_errors_find(errs, path);
    if (!e) return NULL;
    HTML_LIT(b, "<p class=\"error\" id=\"");
    input_name(b, path);
    HTML_LIT(b, "-error\"><span class=\"visually-hidden\">");
    html_text(b, _("Error:"));
    HTML_LIT(b, "</span> ");
    html_text(b, e->message);
    HTML_LIT(b, "</p>");
    return e;
}

static void error_attrs(struct buf *b, const struct answer_error *e, const char *path)
{
    if (!e) return;
    HTML_LIT(b, " aria-invalid=\"true\" aria-describedby=\"");
    input_name(b, path);
    HTML_LIT(b, "-error\"");
}

static void text_value(struct buf *b, json_t *v)
{
    if (json_is_string(v)) html_text(b, json_string_value(v));
    else if (json_is_integer(v)) html_int(b, json_integer_value(v));
    else if (json_is_real(v)) html_textf(b, "%g", json_real_value(v));
}

/* The direction of an input: left to right for what always is (ltr), else from what is typed. */
static void input_dir(struct buf *b, bool ltr)
{
    if (ltr) HTML_LIT(b, " dir=\"ltr\"");
    else HTML_LIT(b, " dir=\"auto\"");
}

/* One text input (or textarea) for path, of member type t with spec (max_length, multiline); ltr: always left to right. */
static void text_input(struct buf *b, const char *path, const char *label, json_t *v, enum answer_type t, json_t *spec,
                       bool ltr, const struct answer_errors *errs)
{
    bool multiline = json_is_true(json_object_get(spec, "multiline"));
    json_t *ml = json_object_get(spec, "max_length");
    HTML_LIT(b, "<div class=\"field\"><label for=\"");
    input_name(b, path);
    HTML_LIT(b, "\">");
    html_text(b, label);
    HTML_LIT(b, "</label>");
    const struct answer_error *e = error_message(b, errs, path);
    if (multiline) HTML_LIT(b, "<textarea rows=\"4\" id=\"");
    else HTML_LIT(b, "<input id=\"");
    input_name(b, path);
    HTML_LIT(b, "\" name=\"");
    input_name(b, path);
    HTML_LIT(b, "\"");
    error_attrs(b, e, path);
    input_dir(b, ltr || t == ANSWER_EMAIL || t == ANSWER_URL || t == ANSWER_NUMBER || t == ANSWER_DATE);
    if (ml) { HTML_LIT(b, " maxlength=\""); html_int(b, json_integer_value(ml)); HTML_LIT(b, "\""); }
    if (multiline) {
        HTML_LIT(b, ">");
        text_value(b, v);
        HTML_LIT(b, "</textarea></div>");
        return;
    }
    if (t == ANSWER_NUMBER) HTML_LIT(b, " inputmode=\"decimal\"");
    else if (t == ANSWER_EMAIL) HTML_LIT(b, " type=\"email\"");
    else if (t == ANSWER_URL) HTML_LIT(b, " type=\"url\"");
    HTML_LIT(b, " value=\"");
    text_value(b, v);
    HTML_LIT(b, "\"></div>");
}

static void choice(struct buf *b, bool multi, const char *qid, const char *value, const char *label, bool checked, int n,
                   const struct answer_error *e)
{
    if (multi) HTML_LIT(b, "<div class=\"choice\"><input type=\"checkbox\" name=\"");
    else HTML_LIT(b, "<div class=\"choice\"><input type=\"radio\" name=\"");
    input_name(b, qid);
    HTML_LIT(b, "\" id=\"");
    input_name(b, qid);
    HTML_LIT(b, "-");
    html_int(b, n);
    HTML_LIT(b, "\" value=\"");
    html_text(b, value);
    HTML_LIT(b, "\"");
    if (checked) HTML_LIT(b, " checked");
    error_attrs(b, e, qid);
    HTML_LIT(b, "><label for=\"");
    input_name(b, qid);
    HTML_LIT(b, "-");
    html_int(b, n);
    HTML_LIT(b, "\">");
    html_text(b, label);
    HTML_LIT(b, "</label></div>");
}

static void choices_html(struct buf *b, const struct template_question *q, json_t *v, const struct answer_errors *errs)
{
    const struct answer_error *e = error_message(b, errs, q->id);
    if (q->type == ANSWER_YN || q->type == ANSWER_YND) {
        const char *cur = json_string_value(v);
        choice(b, false, q->id, "yes", _("Yes"), cur && strcmp(cur, "yes") == 0, 0, e);
        choice(b, false, q->id, "no", _("No"), cur && strcmp(cur, "no") == 0, 1, e);
        if (q->type == ANSWER_YND) choice(b, false, q->id, "developing", _("Developing"), cur && strcmp(cur, "developing") == 0, 2, e);
        choice(b, false, q->id, "", _("No response"), !cur, 3, e);
        return;
    }
    bool multi = q->type == ANSWER_MULTI;
    json_t *sel = multi ? json_object_get(v, "selected") : NULL, *x;
    const char *ids[512];
    size_t n = answer_values(q, ids, sizeof ids / sizeof ids[0]), j;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(ids[i], "other") == 0) continue;
        bool on = false;
        if (multi) json_array_foreach(sel, j, x) on |= json_is_string(x) && strcmp(json_string_value(x), ids[i]) == 0;
        else on = json_is_string(v) && strcmp(json_string_value(v), ids[i]) == 0;
        choice(b, multi, q->id, ids[i], answer_value_label_local(q, ids[i]), on, (int)i, e);
    }
    if (json_is_true(json_object_get(q->json, "other"))) {
        json_t *other = json_object_get(v, "other");
        bool on = other != NULL;
        if (multi) json_array_foreach(sel, j, x) on |= json_is_string(x) && strcmp(json_string_value(x), "other") == 0;
        choice(b, multi, q->id, "other", _("Other"), on, 999, e);
        char path[256];
        snprintf(path, sizeof path, "%s:other", q->id);
        text_input(b, path, _("Other: please specify"), other, ANSWER_TEXT, NULL, false, errs);
    }
    if (!multi) choice(b, false, q->id, "", _("No response"), !v, 1000, e);
}

static void table_form(struct buf *b, const struct template_question *q, json_t *v, const struct answer_errors *errs,
                       const struct answer_files *files)
{
    size_t i, nrows = json_array_size(v) + EXTRA_ROWS;
    error_message(b, errs, q->id);
    scroll_region(b, q);
    HTML_LIT(b, "<table class=\"list form-table\"><thead><tr>");
    for (i = 0; i < q->nmembers; i++) {
        HTML_LIT(b, "<th scope=\"col\">");
        html_text(b, member_label(&q->members[i]));
        HTML_LIT(b, "</th>");
    }
    HTML_LIT(b, "</tr></thead><tbody>");
    for (size_t r = 0; r < nrows; r++) {
        json_t *row = json_array_get(v, r);
        HTML_LIT(b, "<tr>");
        for (i = 0; i < q->nmembers; i++) {
            const struct answer_member *m = &q->members[i];
            char path[256], label[256];
            snprintf(path, sizeof path, "%s:%zu:%s", q->id, r, m->id);
            snprintf(label, sizeof label, "%s, %s %zu", member_label(m), _("row"), r + 1);
            if (m->type == ANSWER_FILE && files && files->cell_input) {
                char name[260];
                snprintf(name, sizeof name, "v:%s", path);
                HTML_LIT(b, "<td class=\"file-cell\">");
                error_message(b, errs, path);
                files->cell_input(b, files->rid, name, m->json, label, json_object_get(row, m->id));
                HTML_LIT(b, "</td>");
                continue;
            }
            HTML_LIT(b, "<td>");
            const struct answer_error *e = error_message(b, errs, path);
            HTML_LIT(b, "<input name=\"");
            input_name(b, path);
            HTML_LIT(b, "\" id=\"");
            input_name(b, path);
            HTML_LIT(b, "\" aria-label=\"");
            html_text(b, label);
            HTML_LIT(b, "\"");
            error_attrs(b, e, path);
            input_dir(b, member_ltr(m) || m->type == ANSWER_NUMBER || m->type == ANSWER_DATE);
            if (m->type == ANSWER_NUMBER) HTML_LIT(b, " inputmode=\"decimal\"");
            HTML_LIT(b, " value=\"");
            text_value(b, json_object_get(row, m->id));
            HTML_LIT(b, "\"></td>");
        }
        HTML_LIT(b, "</tr>");
    }
    HTML_LIT(b, "</tbody></table></div><p class=\"hint\">");
    html_text(b, _("Save to get more empty rows."));
    HTML_LIT(b, "</p>");
}

void answer_form_html(struct buf *b, const struct template_question *q, json_t *v, const struct answer_errors *errs,
                      const struct answer_files *files)
{
    switch (q->type) {
    case ANSWER_YN: case ANSWER_YND: case ANSWER_SINGLE: case ANSWER_MULTI:
        choices_html(b, q, v, errs);
        return;
    case ANSWER_CONTACT: case ANSWER_GROUP:
        error_message(b, errs, q->id);
        for (size_t i = 0; i < q->nmembers; i++) {
            char path[256];
            snprintf(path, sizeof path, "%s:%s", q->id, q->members[i].id);
            text_input(b, path, member_label(&q->members[i]), json_object_get(v, q->members[i].id), q->members[i].type,
                       q->members[i].json, member_ltr(&q->members[i]), errs);
        }
        return;
    case ANSWER_TABLE:
        table_form(b, q, v, errs, files);
        return;
    case ANSWER_FILE:
        error_message(b, errs, q->id);
        if (files && files->input) files->input(b, files->rid, q, v);
        return;
    default:
        text_input(b, q->id, _("Answer"), v, q->type, q->json, false, errs);
    }
}

/* ---- the form: reading ---- */

json_t *answer_from_text(enum answer_type t, const char *s)
{
    if (!s || !*s) return NULL;
    if (t == ANSWER_NUMBER) {
        char *end;
        double d = strtod(s, &end);
        while (*end == ' ') end++;
        if (*end || !isfinite(d) || end == s) return json_string(s);   /* kept as typed; validation flags it */
        if (floor(d) == d && fabs(d) < 9e15) return json_integer((json_int_t)d);
        return json_real(d);
    }
    return json_string(s);
}

static void set_if(json_t *o, const char *k, json_t *v)
{
    if (v) json_object_set_new(o, k, v);
}

static const char *field(const struct answer_form_source *src, const char *path)
{
    char name[300];
    snprintf(name, sizeof name, "v:%s", path);
    return src->get(src->ctx, name);
}

static json_t *read_multi(const struct template_question *q, const struct answer_form_source *src)
{
    char name[300], path[280];
    const char *vals[600];
    snprintf(name, sizeof name, "v:%s", q->id);
    size_t n = src->get_all(src->ctx, name, vals, sizeof vals / sizeof vals[0]);
    json_t *sel = json_array();
    for (size_t i = 0; i < n; i++)
        if (vals[i] && *vals[i]) json_array_append_new(sel, json_string(vals[i]));
    snprintf(path, sizeof path, "%s:other", q->id);
    const char *other = field(src, path);
    if (!json_array_size(sel) && !(other && *other)) { json_decref(sel); return NULL; }
    json_t *v = json_pack("{s:o}", "selected", sel);
    if (other && *other) json_object_set_new(v, "other", json_string(other));
    return v;
}

static json_t *read_table(const struct template_question *q, json_t *cur, const struct answer_form_source *src)
{
    json_t *rows = json_array();
    for (int r = 0; r < ANSWER_MAX_ROWS; r++) {
        json_t *row = json_object();
        bool any_field = false;
        for (size_t i = 0; i < q->nmembers; i++) {
            const struct answer_member *m = &q->members[i];
            char path[280];
            snprintf(path, sizeof path, "%s:%d:%s", q->id, r, m->id);
            if (m->type == ANSWER_FILE) {
                char name[300];
                snprintf(name, sizeof name, "v:%s", path);
                json_t *kept = json_object_get(json_array_get(cur, (size_t)r), m->id);
                if (src->file) set_if(row, m->id, src->file(src->ctx, name, m->json, kept, q->id));
                continue;
            }
            const char *s = field(src, path);
            if (s) any_field = true;
            set_if(row, m->id, answer_from_text(m->type, s));
        }
        if (json_object_size(row)) json_array_append(rows, row);
        json_decref(row);
        if (!any_field) break;
    }
    if (!json_array_size(rows)) { json_decref(rows); return NULL; }
    return rows;
}

json_t *answer_form_read(const struct template_question *q, json_t *cur, const struct answer_form_source *src)
{
    char path[280];
    switch (q->type) {
    case ANSWER_MULTI:
        return read_multi(q, src);
    case ANSWER_SINGLE: {
        const char *s = field(src, q->id);
        snprintf(path, sizeof path, "%s:other", q->id);
        const char *other = field(src, path);
        if (s && strcmp(s, "other") == 0) return other && *other ? json_pack("{s:s}", "other", other) : NULL;
        return answer_from_text(ANSWER_TEXT, s);
    }
    case ANSWER_GROUP: case ANSWER_CONTACT: {
        json_t *o = json_object();
        for (size_t i = 0; i < q->nmembers; i++) {
            snprintf(path, sizeof path, "%s:%s", q->id, q->members[i].id);
            set_if(o, q->members[i].id, answer_from_text(q->members[i].type, field(src, path)));
        }
        if (!json_object_size(o)) { json_decref(o); return NULL; }
        return o;
    }
    case ANSWER_TABLE:
        return read_table(q, cur, src);
    case ANSWER_FILE: {
        char name[300];
        snprintf(name, sizeof name, "v:%s", q->id);
        return src->file ? src->file(src->ctx, name, q->json, cur, q->id) : (cur ? json_incref(cur) : NULL);
    }
    default:
        return answer_from_text(q->type, field(src, q->id));
    }
}
