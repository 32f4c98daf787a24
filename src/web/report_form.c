/*
 * report_form: the focal point's reporting form, one section per page, without
 * JavaScript.  Only the answers that changed are sent, each with the revision it was
 * loaded at, so two people editing different questions never collide; when they do
 * collide on one, nothing is lost: the form comes back with what was typed and both
 * values are shown.
 *
 * Field names: "v:ID" (one value; repeated for multi), "v:ID:other", "v:ID:FIELD"
 * (group and contact), "v:ID:ROW:COLUMN" (tables), "rev:ID".
 */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/report.h"
#include "domain/template.h"
#include "web/report_attach.h"
#include "web/report_review.h"
#include "web/web.h"

#define EXTRA_ROWS 2

/* The section to show: ?section=ID, else the first. */
static const char *section_of(const struct template *t, const char *want)
{
    for (size_t i = 0; i < t->nq; i++)
        if (want && strcmp(t->q[i].section_id, want) == 0) return t->q[i].section_id;
    return want ? NULL : t->q[0].section_id;
}

/* ---- reading the form ---- */

static json_t *typed(const char *type, const char *s)
{
    if (!s || !*s) return NULL;
    if (type && strcmp(type, "number") == 0) {
        char *end;
        double d = strtod(s, &end);
        while (*end == ' ') end++;
        if (*end || !isfinite(d)) return json_string(s);   /* kept as typed; the check will flag it */
        if (floor(d) == d && fabs(d) < 9e15) return json_integer((json_int_t)d);
        return json_real(d);
    }
    return json_string(s);
}

static const char *field(struct http_request *req, const char *qid, const char *sub)
{
    char name[256];
    snprintf(name, sizeof name, sub ? "v:%s:%s" : "v:%s", qid, sub);
    return http_form(req, name);
}

static void set_if(json_t *o, const char *k, json_t *v)
{
    if (v) json_object_set_new(o, k, v);
}

static bool is_file_column(json_t *c)
{
    const char *t = json_string_value(json_object_get(c, "type"));
    return t && strcmp(t, "file") == 0;
}

/* The value the form gives for q, or NULL for "not answered".  cur: the saved answer; uploads collects the files. */
static json_t *form_value(struct http_request *req, const struct template_question *q, json_t *cur,
                          struct attach_uploads *uploads)
{
    const char *t = q->type;
    if (strcmp(t, "multi") == 0) {
        json_t *sel = json_array();
        char name[256];
        snprintf(name, sizeof name, "v:%s", q->id);
        for (size_t i = 0; i < req->form.n; i++)
            if (strcmp(req->form.v[i].name, name) == 0 && *req->form.v[i].value)
                json_array_append_new(sel, json_string(req->form.v[i].value));
        const char *other = field(req, q->id, "other");
        if (!json_array_size(sel) && !(other && *other)) { json_decref(sel); return NULL; }
        json_t *v = json_pack("{s:o}", "selected", sel);
        if (other && *other) json_object_set_new(v, "other", json_string(other));
        return v;
    }
    if (strcmp(t, "single") == 0) {
        const char *s = field(req, q->id, NULL), *other = field(req, q->id, "other");
        if (s && strcmp(s, "other") == 0) return other && *other ? json_pack("{s:s}", "other", other) : NULL;
        return typed("text", s);
    }
    if (strcmp(t, "group") == 0 || strcmp(t, "contact") == 0) {
        static const char *const contact[] = { "title", "name", "organisation", "address", "telephone", "email", NULL };
        json_t *o = json_object(), *f;
        size_t i;
        if (strcmp(t, "contact") == 0) {
            for (int k = 0; contact[k]; k++) set_if(o, contact[k], typed("text", field(req, q->id, contact[k])));
        } else {
            json_array_foreach(json_object_get(q->json, "fields"), i, f) {
                const char *id = json_string_value(json_object_get(f, "id"));
                if (id) set_if(o, id, typed(json_string_value(json_object_get(f, "type")), field(req, q->id, id)));
            }
        }
        if (!json_object_size(o)) { json_decref(o); return NULL; }
        return o;
    }
    if (strcmp(t, "table") == 0) {
        json_t *rows = json_array(), *c;
        size_t i;
        for (int r = 0; r < 500; r++) {
            json_t *row = json_object();
            bool any_field = false;
            json_array_foreach(json_object_get(q->json, "columns"), i, c) {
                const char *id = json_string_value(json_object_get(c, "id"));
                char sub[64];
                snprintf(sub, sizeof sub, "%d:%s", r, id ? id : "");
                if (is_file_column(c)) {
                    char name[256];
                    snprintf(name, sizeof name, "v:%s:%s", q->id, sub);
                    json_t *kept = id ? json_object_get(json_array_get(cur, (size_t)r), id) : NULL;
                    if (id) set_if(row, id, attach_field_read(req, name, c, kept, q->id, uploads));
                    continue;
                }
                const char *s = field(req, q->id, sub);
                if (s) any_field = true;
                if (id) set_if(row, id, typed(json_string_value(json_object_get(c, "type")), s));
            }
            if (json_object_size(row)) json_array_append(rows, row);
            json_decref(row);
            if (!any_field) break;
        }
        if (!json_array_size(rows)) { json_decref(rows); return NULL; }
        return rows;
    }
    if (strcmp(t, "file") == 0) {
        char name[256];
        snprintf(name, sizeof name, "v:%s", q->id);
        return attach_field_read(req, name, q->json, cur, q->id, uploads);
    }
    return typed(t, field(req, q->id, NULL));
}

/* ---- writing the form ---- */

static void input_name(struct buf *b, const char *qid, const char *sub)
{
    HTML_LIT(b, "v:");
    html_text(b, qid);
    if (sub) { HTML_LIT(b, ":"); html_text(b, sub); }
}

static void text_value(struct buf *b, json_t *v)
{
    if (json_is_string(v)) html_text(b, json_string_value(v));
    else if (json_is_integer(v)) html_int(b, json_integer_value(v));
    else if (json_is_real(v)) html_textf(b, "%g", json_real_value(v));
}

static void text_input(struct buf *b, const char *qid, const char *sub, const char *label, json_t *v, const char *type,
                       json_t *spec)
{
    bool multiline = json_is_true(json_object_get(spec, "multiline"));
    HTML_LIT(b, "<div class=\"field\"><label for=\"");
    input_name(b, qid, sub);
    HTML_LIT(b, "\">");
    html_text(b, label);
    HTML_LIT(b, "</label>");
    json_t *ml = json_object_get(spec, "max_length");
    if (multiline) {
        HTML_LIT(b, "<textarea rows=\"4\" id=\"");
        input_name(b, qid, sub);
        HTML_LIT(b, "\" name=\"");
        input_name(b, qid, sub);
        HTML_LIT(b, "\"");
        if (ml) { HTML_LIT(b, " maxlength=\""); html_int(b, json_integer_value(ml)); HTML_LIT(b, "\""); }
        HTML_LIT(b, ">");
        text_value(b, v);
        HTML_LIT(b, "</textarea></div>");
        return;
    }
    HTML_LIT(b, "<input id=\"");
    input_name(b, qid, sub);
    HTML_LIT(b, "\" name=\"");
    input_name(b, qid, sub);
    HTML_LIT(b, "\"");
    if (type && strcmp(type, "number") == 0) HTML_LIT(b, " inputmode=\"decimal\"");
    else if (type && strcmp(type, "email") == 0) HTML_LIT(b, " type=\"email\"");
    else if (type && strcmp(type, "url") == 0) HTML_LIT(b, " type=\"url\"");
    if (ml) { HTML_LIT(b, " maxlength=\""); html_int(b, json_integer_value(ml)); HTML_LIT(b, "\""); }
    HTML_LIT(b, " value=\"");
    text_value(b, v);
    HTML_LIT(b, "\"></div>");
}

static json_t *options(json_t *spec)
{
    json_t *o = json_object_get(spec, "options");
    const char *from = json_string_value(json_object_get(spec, "options_from"));
    if (!o && from && template_taxonomy()) o = json_object_get(template_taxonomy(), strstr(from, "kinds") ? "kinds" : "categories");
    return o;
}

static const char *opt_label(json_t *o)
{
    const char *l = json_string_value(json_object_get(o, "label"));
    return i18n_template(l ? l : json_string_value(json_object_get(o, "name")));
}

static void choice(struct buf *b, const char *type, const char *qid, const char *value, const char *label, bool checked, int n)
{
    HTML_LIT(b, "<div class=\"choice\"><input type=\"");
    html_text(b, type);
    HTML_LIT(b, "\" name=\"");
    input_name(b, qid, NULL);
    HTML_LIT(b, "\" id=\"");
    input_name(b, qid, NULL);
    HTML_LIT(b, "-");
    html_int(b, n);
    HTML_LIT(b, "\" value=\"");
    html_text(b, value);
    HTML_LIT(b, "\"");
    if (checked) HTML_LIT(b, " checked");
    HTML_LIT(b, "><label for=\"");
    input_name(b, qid, NULL);
    HTML_LIT(b, "-");
    html_int(b, n);
    HTML_LIT(b, "\">");
    html_text(b, label);
    HTML_LIT(b, "</label></div>");
}

static void question_input(struct buf *b, long long rid, const struct template_question *q, json_t *v)
{
    const char *t = q->type;
    if (strcmp(t, "ynd") == 0 || strcmp(t, "yn") == 0) {
        const char *cur = json_string_value(v);
        choice(b, "radio", q->id, "yes", _("Yes"), cur && strcmp(cur, "yes") == 0, 0);
        choice(b, "radio", q->id, "no", _("No"), cur && strcmp(cur, "no") == 0, 1);
        if (t[2] == 'd') choice(b, "radio", q->id, "developing", _("Developing"), cur && strcmp(cur, "developing") == 0, 2);
        choice(b, "radio", q->id, "", _("No response"), !cur, 3);
    } else if (strcmp(t, "single") == 0 || strcmp(t, "multi") == 0) {
        bool multi = t[0] == 'm';
        json_t *o, *sel = multi ? json_object_get(v, "selected") : NULL;
        size_t i, j;
        json_array_foreach(options(q->json), i, o) {
            const char *id = json_string_value(json_object_get(o, "id"));
            if (!id) continue;
            bool on = false;
            json_t *x;
            if (multi) json_array_foreach(sel, j, x) on |= json_is_string(x) && strcmp(json_string_value(x), id) == 0;
            else on = json_is_string(v) && strcmp(json_string_value(v), id) == 0;
            choice(b, multi ? "checkbox" : "radio", q->id, id, opt_label(o), on, (int)i);
        }
        json_t *other = json_object_get(v, "other");
        if (json_is_true(json_object_get(q->json, "other"))) {
            bool on = other != NULL;
            if (multi) json_array_foreach(sel, j, o) on |= json_is_string(o) && strcmp(json_string_value(o), "other") == 0;
            choice(b, multi ? "checkbox" : "radio", q->id, "other", _("Other"), on, 999);
            text_input(b, q->id, "other", _("Other: please specify"), other, "text", NULL);
        }
        if (!multi) choice(b, "radio", q->id, "", _("No response"), !v, 1000);
    } else if (strcmp(t, "contact") == 0) {
        static const char *const keys[] = { "title", "name", "organisation", "address", "telephone", "email" };
        const char *labels[] = { _("Title"), _("Name"), _("Organisation"), _("Address"), _("Telephone"), _("E-mail") };
        for (int k = 0; k < 6; k++) text_input(b, q->id, keys[k], labels[k], json_object_get(v, keys[k]), k == 5 ? "email" : "text", NULL);
    } else if (strcmp(t, "group") == 0) {
        json_t *f;
        size_t i;
        json_array_foreach(json_object_get(q->json, "fields"), i, f) {
            const char *id = json_string_value(json_object_get(f, "id"));
            const char *label = json_string_value(json_object_get(f, "label"));
            if (id) text_input(b, q->id, id, label ? i18n_template(label) : id, json_object_get(v, id), json_string_value(json_object_get(f, "type")), f);
        }
    } else if (strcmp(t, "table") == 0) {
        json_t *cols = json_object_get(q->json, "columns"), *c;
        size_t i, nrows = json_array_size(v) + EXTRA_ROWS;
        HTML_LIT(b, "<div class=\"scroll\"><table class=\"list form-table\"><thead><tr>");
        json_array_foreach(cols, i, c) {
            HTML_LIT(b, "<th scope=\"col\">");
            const char *l = json_string_value(json_object_get(c, "label"));
            html_text(b, l ? i18n_template(l) : json_string_value(json_object_get(c, "id")));
            HTML_LIT(b, "</th>");
        }
        HTML_LIT(b, "</tr></thead><tbody>");
        for (size_t r = 0; r < nrows; r++) {
            json_t *row = json_array_get(v, r);
            HTML_LIT(b, "<tr>");
            json_array_foreach(cols, i, c) {
                const char *id = json_string_value(json_object_get(c, "id"));
                const char *l = i18n_template(json_string_value(json_object_get(c, "label")));
                if (is_file_column(c)) {
                    char name[256], label[256];
                    snprintf(name, sizeof name, "v:%s:%zu:%s", q->id, r, id ? id : "");
                    snprintf(label, sizeof label, "%s, %s %zu", l ? l : (id ? id : ""), _("row"), r + 1);
                    HTML_LIT(b, "<td class=\"file-cell\">");
                    attach_cell_input(b, rid, name, c, label, json_object_get(row, id ? id : ""));
                    HTML_LIT(b, "</td>");
                    continue;
                }
                char sub[64];
                snprintf(sub, sizeof sub, "%zu:%s", r, id ? id : "");
                HTML_LIT(b, "<td><input name=\"");
                input_name(b, q->id, sub);
                HTML_LIT(b, "\" aria-label=\"");
                html_textf(b, "%s, %s %zu", l ? l : (id ? id : ""), _("row"), r + 1);
                HTML_LIT(b, "\" value=\"");
                text_value(b, json_object_get(row, id ? id : ""));
                HTML_LIT(b, "\"></td>");
            }
            HTML_LIT(b, "</tr>");
        }
        HTML_LIT(b, "</tbody></table></div><p class=\"hint\">");
        html_text(b, _("Save to get more empty rows."));
        HTML_LIT(b, "</p>");
    } else if (strcmp(t, "file") == 0) {
        attach_form_input(b, rid, q, v);
    } else {
        text_input(b, q->id, NULL, _("Answer"), v, t, q->json);
    }
}

static void section_nav(struct buf *b, const struct template *t, long long id, const char *current)
{
    HTML_LIT(b, "<nav class=\"sections noprint\" aria-label=\"");
    html_text(b, _("Sections"));
    HTML_LIT(b, "\"><ol>");
    const char *last = "";
    for (size_t i = 0; i < t->nq; i++) {
        if (strcmp(last, t->q[i].section_id) == 0) continue;
        last = t->q[i].section_id;
        HTML_LIT(b, "<li><a href=\"/reports/");
        html_int(b, id);
        HTML_LIT(b, "/edit?section=");
        html_urlpart(b, last);
        HTML_LIT(b, "\"");
        if (strcmp(last, current) == 0) HTML_LIT(b, " aria-current=\"page\"");
        HTML_LIT(b, ">");
        html_text(b, last);
        HTML_LIT(b, ". ");
        html_text(b, i18n_template(t->q[i].section_title));
        HTML_LIT(b, "</a></li>");
    }
    HTML_LIT(b, "</ol></nav>\n");
}

/* Does the section have a file question or a table with a file column (its form is then multipart)? */
static bool section_has_file(const struct template *t, const char *section)
{
    for (size_t i = 0; i < t->nq; i++) {
        if (strcmp(t->q[i].section_id, section) != 0) continue;
        if (strcmp(t->q[i].type, "file") == 0) return true;
        json_t *c;
        size_t k;
        json_array_foreach(json_object_get(t->q[i].json, "columns"), k, c)
            if (is_file_column(c)) return true;
    }
    return false;
}

/* file_errors: {question id: message} for files that were refused; nothing was saved. */
static void render_form(struct http_request *req, struct http_response *res, const struct web_report *ri, const struct template *t,
                        const char *section, json_t *answers, json_t *revs, json_t *conflicts, const char *notice,
                        json_t *file_errors)
{
    char title[160];
    snprintf(title, sizeof title, "%s %d — %s", _("National report"), ri->cycle, ri->iso3);
    page_begin(req, res, title);
    struct buf *b = &res->body;
    HTML_LIT(b, "<h1>");
    html_text(b, title);
    HTML_LIT(b, "</h1>\n");
    if (strcmp(ri->status, "returned") == 0) report_return_banner(app_get(), req, b, ri->id);
    if (conflicts && json_array_size(conflicts)) {
        HTML_LIT(b, "<div class=\"error-summary\" role=\"alert\"><h2>");
        html_text(b, _("Someone else changed these answers while you were editing"));
        HTML_LIT(b, "</h2><p>");
        html_text(b, _("Nothing was saved. Your values are still in the form. Check each answer below and save again to keep yours."));
        HTML_LIT(b, "</p><ul>");
        json_t *c;
        size_t i;
        json_array_foreach(conflicts, i, c) {
            const struct template_question *q = template_question(t, json_string_value(json_object_get(c, "question")));
            if (!q) continue;
            char *theirs = json_dumps(json_object_get(c, "theirs"), JSON_ENCODE_ANY);
            char *yours = json_dumps(json_object_get(c, "yours"), JSON_ENCODE_ANY);
            HTML_LIT(b, "<li><a href=\"#q-");
            html_text(b, q->id);
            HTML_LIT(b, "\">");
            html_text(b, q->number ? q->number : q->id);
            HTML_LIT(b, "</a>: ");
            html_text(b, _("saved meanwhile"));
            HTML_LIT(b, " <code>");
            html_text(b, theirs ? theirs : "null");
            HTML_LIT(b, "</code>; ");
            html_text(b, _("yours"));
            HTML_LIT(b, " <code>");
            html_text(b, yours ? yours : "null");
            HTML_LIT(b, "</code></li>");
            free(theirs);
            free(yours);
        }
        HTML_LIT(b, "</ul></div>\n");
    } else if (file_errors && json_object_size(file_errors)) {
        HTML_LIT(b, "<div class=\"error-summary\" role=\"alert\"><h2>");
        html_text(b, _("A file could not be accepted"));
        HTML_LIT(b, "</h2><p>");
        html_text(b, _("Nothing was saved. Your other answers are still in the form: choose another file, or leave the field empty, and save again."));
        HTML_LIT(b, "</p><ul>");
        const char *k;
        json_t *m;
        json_object_foreach(file_errors, k, m) {
            const struct template_question *q = template_question(t, k);
            HTML_LIT(b, "<li><a href=\"#v:");
            html_text(b, k);
            HTML_LIT(b, "\">");
            html_text(b, q && q->number ? q->number : k);
            HTML_LIT(b, "</a>: ");
            html_text(b, json_string_value(m));
            HTML_LIT(b, "</li>");
        }
        HTML_LIT(b, "</ul></div>\n");
    } else if (notice) {
        HTML_LIT(b, "<p class=\"notice\" role=\"status\">");
        html_text(b, notice);
        HTML_LIT(b, "</p>\n");
    }
    HTML_LIT(b, "<p>");
    html_text(b, _("Your answers are saved as a draft each time you save, even when incomplete. An unanswered question is reported as \"no response\", never as No."));
    HTML_LIT(b, " <a href=\"/reports/");
    html_int(b, ri->id);
    HTML_LIT(b, "/check\">");
    html_text(b, _("Check the report and submit"));
    HTML_LIT(b, "</a> · <a href=\"/reports/");
    html_int(b, ri->id);
    HTML_LIT(b, "?view=working\">");
    html_text(b, _("Print for clearance"));
    HTML_LIT(b, "</a></p>\n");
    HTML_LIT(b, "<details class=\"offline noprint\"><summary>");
    html_text(b, _("Work offline: download the workbook, fill it in any spreadsheet program, upload it"));
    HTML_LIT(b, "</summary><p><a href=\"/reports/");
    html_int(b, ri->id);
    HTML_LIT(b, "/workbook.xlsx\">");
    html_text(b, _("Download the workbook (.xlsx), filled with your answers so far"));
    HTML_LIT(b, "</a></p><form method=\"post\" enctype=\"multipart/form-data\" action=\"/reports/");
    html_int(b, ri->id);
    HTML_LIT(b, "/upload\">");
    web_csrf_field(req, res);
    HTML_LIT(b, "<div class=\"field\"><label for=\"file\">");
    html_text(b, _("Filled workbook"));
    HTML_LIT(b, "</label><input type=\"file\" id=\"file\" name=\"file\" accept=\".xlsx\" required></div><p class=\"hint\">");
    html_text(b, _("The upload replaces the answers of this draft. It is checked first: if any cell is wrong, nothing is saved and every problem is listed."));
    HTML_LIT(b, "</p><button type=\"submit\">");
    html_text(b, _("Upload"));
    HTML_LIT(b, "</button></form></details>\n");
    section_nav(b, t, ri->id, section);
    if (section_has_file(t, section)) HTML_LIT(b, "<form method=\"post\" class=\"report-form\" enctype=\"multipart/form-data\" novalidate>\n");
    else HTML_LIT(b, "<form method=\"post\" class=\"report-form\" novalidate>\n");
    web_csrf_field(req, res);
    for (size_t i = 0; i < t->nq; i++) {
        const struct template_question *q = &t->q[i];
        if (strcmp(q->section_id, section) != 0) continue;
        json_t *v = json_object_get(answers, q->id);
        HTML_LIT(b, "<fieldset class=\"question\" id=\"q-");
        html_text(b, q->id);
        HTML_LIT(b, "\"><legend><span class=\"qnum\">");
        html_text(b, q->number ? q->number : "");
        HTML_LIT(b, "</span> ");
        html_text(b, i18n_template(q->text));
        HTML_LIT(b, "</legend>");
        if (json_object_get(q->json, "when") && !template_applies(q, answers)) {
            HTML_LIT(b, "<p class=\"hint\">");
            html_text(b, _("This question applies only after a particular answer above; leave it empty otherwise."));
            HTML_LIT(b, "</p>");
        }
        if (q->help) {
            HTML_LIT(b, "<p class=\"hint\">");
            html_text(b, i18n_template(q->help));
            HTML_LIT(b, "</p>");
        }
        char warn[256];
        json_t *ferr = json_object_get(file_errors, q->id);
        if (ferr) {
            HTML_LIT(b, "<p class=\"error\">");
            html_text(b, json_string_value(ferr));
            HTML_LIT(b, "</p>");
        } else if (v && template_check_value(q, v, warn, sizeof warn) < 0) {
            HTML_LIT(b, "<p class=\"error\">");
            html_text(b, warn);
            HTML_LIT(b, "</p>");
        }
        question_input(b, ri->id, q, v);
        HTML_LIT(b, "<input type=\"hidden\" name=\"rev:");
        html_text(b, q->id);
        HTML_LIT(b, "\" value=\"");
        html_int(b, json_integer_value(json_object_get(revs, q->id)));
        HTML_LIT(b, "\"></fieldset>\n");
    }
    HTML_LIT(b, "<div class=\"actions\"><button type=\"submit\" name=\"go\" value=\"stay\">");
    html_text(b, _("Save"));
    HTML_LIT(b, "</button> <button type=\"submit\" name=\"go\" value=\"next\">");
    html_text(b, _("Save and go to the next section"));
    HTML_LIT(b, "</button></div>\n</form>\n");
    page_end(req, res);
}

/*
 * A form cannot carry a chosen file back to the browser: when nothing was saved, show the
 * stored files (file answers, and the file cells of tables, row by row), not the uploads.
 */
static void keep_stored_files(const struct template *t, const char *section, json_t *typed_in, json_t *stored)
{
    for (size_t i = 0; i < t->nq; i++) {
        const struct template_question *q = &t->q[i];
        if (strcmp(q->section_id, section) != 0) continue;
        json_t *was = json_object_get(stored, q->id), *rows = json_object_get(typed_in, q->id), *c, *row;
        if (strcmp(q->type, "file") == 0) {
            if (was) json_object_set(typed_in, q->id, was); else json_object_del(typed_in, q->id);
            continue;
        }
        size_t k, r;
        json_array_foreach(json_object_get(q->json, "columns"), k, c) {
            const char *id = json_string_value(json_object_get(c, "id"));
            if (!id || !is_file_column(c)) continue;
            json_array_foreach(rows, r, row) {
                json_t *f = json_object_get(json_array_get(was, r), id);
                if (f) json_object_set(row, id, f); else json_object_del(row, id);
            }
        }
    }
}

static bool editable(const struct web_report *ri)
{
    return strcmp(ri->status, "draft") == 0 || strcmp(ri->status, "returned") == 0;
}

void page_report_edit(struct app *app, struct http_request *req, struct http_response *res)
{
    struct web_report ri;
    if (!web_report_load(app, req, res, &ri, true)) return;
    if (!authz_allowed(req->who, AUTHZ_STATE_EDIT, ri.iso3)) { web_error(req, res, 403, _("Only the State's own points of contact change its report.")); return; }
    if (!editable(&ri)) { report_locked_page(app, req, res, &ri); return; }
    const struct template *t = template_get(ri.cycle);
    const char *section = t ? section_of(t, http_query(req, "section")) : NULL;
    if (!t || !section) { web_error(req, res, 404, _("There is no such section.")); return; }
    json_t *revs = NULL, *answers = report_answers(app->store, ri.id, &revs);
    render_form(req, res, &ri, t, section, answers, revs, NULL, http_query(req, "saved") ? _("Saved.") : NULL, NULL);
    json_decref(answers);
    json_decref(revs);
}

void page_report_edit_post(struct app *app, struct http_request *req, struct http_response *res)
{
    struct web_report ri;
    if (!web_report_load(app, req, res, &ri, true)) return;
    if (http_form_bad(req)) { web_error(req, res, 400, _("The form could not be read.")); return; }
    const struct template *t = template_get(ri.cycle);
    const char *section = t ? section_of(t, http_query(req, "section")) : NULL;
    if (!t || !section) { web_error(req, res, 404, _("There is no such section.")); return; }
    json_t *revs = NULL, *answers = report_answers(app->store, ri.id, &revs);
    json_t *changes = json_array(), *typed_in = json_deep_copy(answers);
    json_t *sent_revs = json_object();   /* the revisions the form was loaded at, to show again after a refused file */
    struct attach_uploads ups = { .n = 0, .errors = NULL };
    const char *next = NULL;
    for (size_t i = 0; i < t->nq; i++) {
        const struct template_question *q = &t->q[i];
        if (strcmp(q->section_id, section) != 0) {
            if (next == NULL && i > 0 && strcmp(t->q[i - 1].section_id, section) == 0) next = q->section_id;
            continue;
        }
        char revname[200];
        snprintf(revname, sizeof revname, "rev:%s", q->id);
        const char *rs = http_form(req, revname);
        json_object_set_new(sent_revs, q->id, json_integer(rs ? strtoll(rs, NULL, 10) : 0));
        json_t *cur = json_object_get(answers, q->id), *v = form_value(req, q, cur, &ups);
        if (v) json_object_set(typed_in, q->id, v); else json_object_del(typed_in, q->id);
        bool same = (!v && !cur) || (v && cur && json_equal(v, cur));
        if (!same && rs)
            json_array_append_new(changes, json_pack("{s:s, s:o, s:I}", "question", q->id, "value", v ? json_incref(v) : json_null(),
                                                     "rev", (json_int_t)strtoll(rs, NULL, 10)));
        json_decref(v);
    }
    if (ups.errors) {
        /* Nothing is saved; the form comes back with what was typed, at the revisions it was loaded at. */
        keep_stored_files(t, section, typed_in, answers);
        res->status = 422;
        render_form(req, res, &ri, t, section, typed_in, sent_revs, NULL, NULL, ups.errors);
        json_decref(changes);
        json_decref(typed_in);
        json_decref(ups.errors);
        json_decref(sent_revs);
        json_decref(answers);
        json_decref(revs);
        return;
    }
    json_decref(sent_revs);
    if (!json_array_size(changes)) {
        json_decref(changes);
        json_decref(typed_in);
        json_decref(answers);
        json_decref(revs);
        char loc[160];
        snprintf(loc, sizeof loc, "/reports/%lld/edit?section=%s&saved=1", ri.id,
                 strcmp(http_form(req, "go") ? http_form(req, "go") : "", "next") == 0 && next ? next : section);
        http_redirect(res, loc);
        return;
    }
    struct report_result r;
    report_save_files(app->store, req->who, ri.id, changes, ups.blobs, ups.n, &r);
    json_decref(changes);
    if (r.code == REPORT_CONFLICT) {
        /* Keep what was typed; take the current revisions so that saving again is a deliberate overwrite. */
        json_t *newrevs = NULL, *now = report_answers(app->store, ri.id, &newrevs);
        keep_stored_files(t, section, typed_in, now);
        json_decref(now);
        res->status = 409;
        render_form(req, res, &ri, t, section, typed_in, newrevs, r.details, NULL, NULL);
        json_decref(newrevs);
    } else if (r.code != REPORT_OK) {
        web_error(req, res, report_http_status(r.code), r.message);
    } else {
        char loc[160];
        snprintf(loc, sizeof loc, "/reports/%lld/edit?section=%s&saved=1", ri.id,
                 strcmp(http_form(req, "go") ? http_form(req, "go") : "", "next") == 0 && next ? next : section);
        http_redirect(res, loc);
    }
    report_result_cleanup(&r);
    json_decref(typed_in);
    json_decref(answers);
    json_decref(revs);
}

void page_report_check(struct app *app, struct http_request *req, struct http_response *res)
{
    struct web_report ri;
    if (!web_report_load(app, req, res, &ri, true)) return;
    const struct template *t = template_get(ri.cycle);
    struct report_result r;
    report_check(app->store, req->who, ri.id, &r);
    if (r.code != REPORT_OK || !t) { web_error(req, res, report_http_status(r.code), r.message); report_result_cleanup(&r); return; }
    page_begin(req, res, _("Check the report"));
    struct buf *b = &res->body;
    HTML_LIT(b, "<h1>");
    html_text(b, _("Check the report"));
    HTML_LIT(b, "</h1>\n");
    if (strcmp(ri.status, "returned") == 0) report_return_banner(app, req, b, ri.id);
    size_t n = json_array_size(r.details);
    if (n) {
        HTML_LIT(b, "<div class=\"error-summary\" role=\"alert\"><h2>");
        html_textf(b, _("%zu answers need attention before you submit"), n);
        HTML_LIT(b, "</h2><ul>");
        json_t *e;
        size_t i;
        json_array_foreach(r.details, i, e) {
            const struct template_question *q = template_question(t, json_string_value(json_object_get(e, "question")));
            if (!q) continue;
            HTML_LIT(b, "<li><a href=\"/reports/");
            html_int(b, ri.id);
            HTML_LIT(b, "/edit?section=");
            html_urlpart(b, q->section_id);
            HTML_LIT(b, "#q-");
            html_text(b, q->id);
            HTML_LIT(b, "\">");
            html_text(b, q->number ? q->number : q->id);
            HTML_LIT(b, " ");
            html_text(b, json_string_value(json_object_get(e, "message")));
            HTML_LIT(b, "</a></li>");
        }
        HTML_LIT(b, "</ul></div>\n");
    } else {
        HTML_LIT(b, "<p class=\"notice\" role=\"status\">");
        html_text(b, _("No errors: the report can be submitted."));
        HTML_LIT(b, "</p>\n");
    }
    if (editable(&ri) && authz_allowed(req->who, AUTHZ_STATE_EDIT, ri.iso3)) {
        HTML_LIT(b, "<form method=\"post\" action=\"/reports/");
        html_int(b, ri.id);
        HTML_LIT(b, "/submit\">");
        web_csrf_field(req, res);
        HTML_LIT(b, "<button type=\"submit\"");
        if (n) HTML_LIT(b, " disabled");
        HTML_LIT(b, ">");
        html_text(b, _("Submit the report to the Secretariat"));
        HTML_LIT(b, "</button></form>\n");
    }
    HTML_LIT(b, "<p><a href=\"/reports/");
    html_int(b, ri.id);
    HTML_LIT(b, "/edit\">");
    html_text(b, _("Back to the form"));
    HTML_LIT(b, "</a></p>\n");
    report_result_cleanup(&r);
    page_end(req, res);
}

/* POST /reports/start (state, cycle): the focal point's "start or continue my report". */
void page_report_start(struct app *app, struct http_request *req, struct http_response *res)
{
    const char *state = http_form(req, "state"), *cycle = http_form(req, "cycle");
    char iso3[4];
    char *end = NULL;
    long c = cycle ? strtol(cycle, &end, 10) : 0;
    if (!state || web_state_code(app, state, iso3) != 0 || !cycle || *end || c < 2000 || c > 2100) {
        web_error(req, res, 400, _("The form could not be read."));
        return;
    }
    struct report_result r;
    report_start(app->store, req->who, iso3, (int)c, &r);
    if (r.code != REPORT_OK) { web_error(req, res, report_http_status(r.code), r.message); report_result_cleanup(&r); return; }
    char loc[64];
    snprintf(loc, sizeof loc, "/reports/%lld/edit", r.id);
    report_result_cleanup(&r);
    http_redirect(res, loc);
}
