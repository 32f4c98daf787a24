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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/report.h"
#include "domain/template.h"
#include "web/error_summary.h"
#include "web/report_attach.h"
#include "web/report_review.h"
#include "web/web.h"

/* The section to show: ?section=ID, else the first. */
static const char *section_of(const struct template *t, const char *want)
{
    for (size_t i = 0; i < t->nq; i++)
        if (want && strcmp(t->q[i].section_id, want) == 0) return t->q[i].section_id;
    return want ? NULL : t->q[0].section_id;
}

/* ---- reading and writing the form: the answer types' own operations (domain/answer.h) ---- */

/* The posted form and the uploads of one save: the context of answer_form_read's source. */
struct form_ctx { struct http_request *req; struct attach_uploads *uploads; };

static const char *form_get(void *ctx, const char *name)
{
    return http_form(((struct form_ctx *)ctx)->req, name);
}

static size_t form_get_all(void *ctx, const char *name, const char **out, size_t max)
{
    struct http_request *req = ((struct form_ctx *)ctx)->req;
    size_t n = 0;
    for (size_t i = 0; i < req->form.n && n < max; i++)
        if (strcmp(req->form.v[i].name, name) == 0) out[n++] = req->form.v[i].value;
    return n;
}

static json_t *form_file(void *ctx, const char *name, json_t *spec, json_t *cur, const char *qid)
{
    struct form_ctx *f = ctx;
    return attach_field_read(f->req, name, spec, cur, qid, f->uploads);
}

/* The value the form gives for q, or NULL for "not answered".  cur: the saved answer; uploads collects the files. */
static json_t *form_value(struct http_request *req, const struct template_question *q, json_t *cur,
                          struct attach_uploads *uploads)
{
    struct form_ctx fc = { req, uploads };
    struct answer_form_source src = { form_get, form_get_all, form_file, &fc };
    return answer_form_read(q, cur, &src);
}

static const struct answer_files *form_files(long long rid, struct answer_files *f)
{
    f->link = attach_link;
    f->input = attach_form_input;
    f->cell_input = attach_cell_input;
    f->rid = rid;
    return f;
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

/*
 * The id of the element an error's path leads to on the form: the input itself ("v:" + path), the
 * first radio button or checkbox of a choice, or the question's fieldset for a compound answer.
 */
static void field_anchor(struct buf *b, const struct template_question *q, const char *path)
{
    if (strcmp(path, q->id) != 0 || q->type == ANSWER_NUMBER || q->type == ANSWER_TEXT || q->type == ANSWER_FILE) {
        HTML_LIT(b, "v:");
        html_text(b, path);
    } else if (answer_type_is_choice(q->type)) {
        HTML_LIT(b, "v:");
        html_text(b, path);
        HTML_LIT(b, "-0");
    } else {
        HTML_LIT(b, "q-");
        html_text(b, q->id);
    }
}

/* "Answer if 1.1 is Yes or Developing.": the answer a conditional question depends on, from its "when". */
static void when_hint(struct buf *b, const struct template *t, const struct template_question *q)
{
    json_t *when = json_object_get(q->json, "when"), *list = json_object_get(when, "in");
    const struct template_question *dep = template_question(t, json_string_value(json_object_get(when, "question")));
    if (!dep) return;
    bool has = false;
    if (!list) { list = json_object_get(when, "has"); has = list != NULL; }
    struct buf labels = { 0 };
    size_t i, n = 0;
    const char *one = json_string_value(list);
    for (i = 0; one ? i < 1 : i < json_array_size(list); i++) {
        const char *v = one ? one : json_string_value(json_array_get(list, i));
        if (!v) continue;
        const char *label = answer_value_label_local(dep, v);
        if (n++) {
            char *so_far = buf_steal(&labels, NULL);
            buf_printf(&labels, _("%s or %s"), so_far ? so_far : "", label);
            free(so_far);
        } else {
            buf_puts(&labels, label);
        }
    }
    const char *num = dep->number ? dep->number : dep->id;
    HTML_LIT(b, "<p class=\"hint when\">");
    if (!n) html_textf(b, _("Answer if %s is answered."), num);
    else if (has) html_textf(b, _("Answer if %s includes %s."), num, buf_cstr(&labels));
    else html_textf(b, _("Answer if %s is %s."), num, buf_cstr(&labels));
    HTML_LIT(b, "</p>");
    buf_cleanup(&labels);
}

/* Does the section have a file question or a table with a file column (its form is then multipart)? */
static bool section_has_file(const struct template *t, const char *section)
{
    for (size_t i = 0; i < t->nq; i++) {
        if (strcmp(t->q[i].section_id, section) != 0) continue;
        if (answer_has_file_input(&t->q[i])) return true;
    }
    return false;
}

/* file_errors: {question id: message} for files that were refused; nothing was saved. */
static void render_form(struct http_request *req, struct http_response *res, const struct report_view *ri, const struct template *t,
                        const char *section, json_t *answers, json_t *revs, json_t *conflicts, const char *notice,
                        json_t *file_errors)
{
    /* Every error of every saved answer of the section, each shown next to its input and listed at the top. */
    struct answer_errors errs;
    answer_errors_init(&errs);
    for (size_t i = 0; i < t->nq; i++) {
        const struct template_question *q = &t->q[i];
        json_t *v = json_object_get(answers, q->id);
        if (strcmp(q->section_id, section) == 0 && v && !json_object_get(file_errors, q->id)) answer_validate(q, v, &errs);
    }
    bool show_errs = errs.n && !(conflicts && json_array_size(conflicts)) && !(file_errors && json_object_size(file_errors));
    char title[160], page_title[200];
    snprintf(title, sizeof title, "%s %d — %s", _("National report"), ri->cycle, ri->iso3);
    snprintf(page_title, sizeof page_title, "%s%s", errs.n || (file_errors && json_object_size(file_errors)) ? _("Error: ") : "", title);
    page_begin(req, res, page_title);
    struct buf *b = &res->body;
    HTML_LIT(b, "<h1>");
    html_text(b, title);
    HTML_LIT(b, "</h1>\n");
    report_return_banner(b, ri);
    if (show_errs) {
        if (notice) {
            HTML_LIT(b, "<p class=\"notice\" role=\"status\">");
            if (errs.n == 1) html_text(b, _("Saved, with 1 problem to fix"));
            else html_textf(b, _("Saved, with %zu problems to fix"), errs.n);
            HTML_LIT(b, "</p>\n");
        }
        error_summary_begin(b, NULL);
        HTML_LIT(b, "<ul>");
        for (size_t i = 0; i < errs.n; i++) {
            char qid[200];
            snprintf(qid, sizeof qid, "%s", errs.v[i].path);
            qid[strcspn(qid, ":")] = 0;
            const struct template_question *q = template_question(t, qid);
            if (!q) continue;
            HTML_LIT(b, "<li><a href=\"#");
            field_anchor(b, q, errs.v[i].path);
            HTML_LIT(b, "\">");
            html_text(b, errs.v[i].where ? errs.v[i].where : q->number ? q->number : q->id);
            HTML_LIT(b, ": ");
            html_text(b, errs.v[i].message);
            HTML_LIT(b, "</a></li>");
        }
        HTML_LIT(b, "</ul>");
        error_summary_end(b);
    } else if (conflicts && json_array_size(conflicts)) {
        error_summary_begin(b, _("Someone else changed these answers while you were editing"));
        HTML_LIT(b, "<p>");
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
        HTML_LIT(b, "</ul>");
        error_summary_end(b);
    } else if (file_errors && json_object_size(file_errors)) {
        error_summary_begin(b, _("A file could not be accepted"));
        HTML_LIT(b, "<p>");
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
        HTML_LIT(b, "</ul>");
        error_summary_end(b);
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
        if (json_object_get(q->json, "when")) when_hint(b, t, q);
        if (q->help) {
            HTML_LIT(b, "<p class=\"hint\">");
            html_text(b, i18n_template(q->help));
            HTML_LIT(b, "</p>");
        }
        json_t *ferr = json_object_get(file_errors, q->id);
        struct answer_files files;
        if (ferr) {
            HTML_LIT(b, "<p class=\"error\">");
            html_text(b, json_string_value(ferr));
            HTML_LIT(b, "</p>");
        }
        answer_form_html(b, q, v, &errs, form_files(ri->id, &files));
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
    answer_errors_cleanup(&errs);
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
        json_t *was = json_object_get(stored, q->id), *rows = json_object_get(typed_in, q->id), *row;
        if (q->type == ANSWER_FILE) {
            if (was) json_object_set(typed_in, q->id, was); else json_object_del(typed_in, q->id);
            continue;
        }
        if (q->type != ANSWER_TABLE) continue;
        size_t r;
        for (size_t k = 0; k < q->nmembers; k++) {
            const char *id = q->members[k].id;
            if (q->members[k].type != ANSWER_FILE) continue;
            json_array_foreach(rows, r, row) {
                json_t *f = json_object_get(json_array_get(was, r), id);
                if (f) json_object_set(row, id, f); else json_object_del(row, id);
            }
        }
    }
}

void page_report_edit(struct app *app, struct http_request *req, struct http_response *res)
{
    struct report_view ri;
    if (!web_report_load(app, req, res, &ri, true)) return;
    if (!ri.may.author) { web_error(req, res, 403, _("Only the State's own points of contact change its report.")); return; }
    if (!ri.may.edit) { report_locked_page(app, req, res, &ri); return; }
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
    struct report_view ri;
    if (!web_report_load_editable(app, req, res, &ri)) return;   /* before the form is read */
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
    struct err e;
    report_save_files(app->store, req->who, ri.id, changes, ups.blobs, ups.n, &r, &e);
    json_decref(changes);
    if (e.code == ERR_CONFLICT) {
        /* Keep what was typed; take the current revisions so that saving again is a deliberate overwrite. */
        json_t *newrevs = NULL, *now = report_answers(app->store, ri.id, &newrevs);
        keep_stored_files(t, section, typed_in, now);
        json_decref(now);
        res->status = 409;
        render_form(req, res, &ri, t, section, typed_in, newrevs, r.details, NULL, NULL);
        json_decref(newrevs);
    } else if (e.code == ERR_TOO_LARGE && ups.n) {
        /* Over an upload quota (domain/quota.h): nothing saved; the message beside each file chosen. */
        json_t *errors = json_object(), *newrevs = NULL, *now = report_answers(app->store, ri.id, &newrevs);
        for (size_t i = 0; i < ups.n; i++) json_object_set_new(errors, ups.up[i].qid, json_string(web_err_message(req, &e)));
        keep_stored_files(t, section, typed_in, now);
        json_decref(now);
        res->status = 413;
        render_form(req, res, &ri, t, section, typed_in, newrevs, NULL, NULL, errors);
        json_decref(newrevs);
        json_decref(errors);
    } else if (e.code != ERR_OK) {
        web_report_fail(req, res, &e);
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
    struct report_view ri;
    if (!web_report_load(app, req, res, &ri, true)) return;
    const struct template *t = template_get(ri.cycle);
    struct report_result r;
    struct err fail;
    if (report_check(app->store, req->who, ri.id, &r, &fail) < 0 || !t) {
        if (!t && fail.code == ERR_OK) err_set(&fail, ERR_NOT_FOUND, N_("There is no template for this report's cycle."), NULL);
        web_report_fail(req, res, &fail);
        report_result_cleanup(&r);
        return;
    }
    /* Questions that apply (skip logic) and how many of them are answered; the errors, each linked to its field. */
    json_t *answers = report_answers(app->store, ri.id, NULL);
    size_t n = json_array_size(r.details), applies = 0, answered = 0;
    for (size_t i = 0; i < t->nq; i++) {
        if (!template_applies(&t->q[i], answers)) continue;
        applies++;
        json_t *v = json_object_get(answers, t->q[i].id);
        if (v && !json_is_null(v)) answered++;
    }
    char page_title[160];
    snprintf(page_title, sizeof page_title, "%s%s", n ? _("Error: ") : "", _("Check the report"));
    page_begin(req, res, page_title);
    struct buf *b = &res->body;
    HTML_LIT(b, "<h1>");
    html_text(b, _("Check the report"));
    HTML_LIT(b, "</h1>\n");
    report_return_banner(b, &ri);
    if (n) {
        error_summary_begin(b, NULL);
        HTML_LIT(b, "<p>");
        if (n == 1) html_text(b, _("Correct this answer before you submit:"));
        else html_textf(b, _("Correct these %zu answers before you submit:"), n);
        HTML_LIT(b, "</p><ul>");
        json_t *e;
        size_t i;
        json_array_foreach(r.details, i, e) {
            const struct template_question *q = template_question(t, json_string_value(json_object_get(e, "question")));
            if (!q) continue;
            const char *fieldp = json_string_value(json_object_get(e, "field"));
            const char *where = json_string_value(json_object_get(e, "where"));
            HTML_LIT(b, "<li><a href=\"/reports/");
            html_int(b, ri.id);
            HTML_LIT(b, "/edit?section=");
            html_urlpart(b, q->section_id);
            HTML_LIT(b, "#");
            field_anchor(b, q, fieldp ? fieldp : q->id);
            HTML_LIT(b, "\">");
            html_text(b, where ? where : q->number ? q->number : q->id);
            HTML_LIT(b, ": ");
            html_text(b, json_string_value(json_object_get(e, "message")));
            HTML_LIT(b, "</a></li>");
        }
        HTML_LIT(b, "</ul>");
        error_summary_end(b);
    }
    HTML_LIT(b, "<p class=\"count\">");
    html_textf(b, _("Answered %zu of %zu questions"), answered, applies);
    HTML_LIT(b, "</p>\n");
    if (answered < applies) {
        HTML_LIT(b, "<div class=\"warning-box\"><h2>");
        if (applies - answered == 1) html_text(b, _("1 question is unanswered"));
        else html_textf(b, _("%zu questions are unanswered"), applies - answered);
        HTML_LIT(b, "</h2><p>");
        html_text(b, _("You can submit an incomplete report; unanswered questions show as \"No response\"."));
        HTML_LIT(b, "</p><ul>");
        for (size_t i = 0; i < t->nq; i++) {
            const struct template_question *q = &t->q[i];
            json_t *v = json_object_get(answers, q->id);
            if ((v && !json_is_null(v)) || !template_applies(q, answers)) continue;
            HTML_LIT(b, "<li><a href=\"/reports/");
            html_int(b, ri.id);
            HTML_LIT(b, "/edit?section=");
            html_urlpart(b, q->section_id);
            HTML_LIT(b, "#q-");
            html_text(b, q->id);
            HTML_LIT(b, "\">");
            html_text(b, q->number ? q->number : q->id);
            HTML_LIT(b, "</a> ");
            html_text(b, i18n_template(q->text));
            HTML_LIT(b, "</li>");
        }
        HTML_LIT(b, "</ul></div>\n");
    }
    if (!n && answered == applies) {
        HTML_LIT(b, "<p class=\"notice\" role=\"status\">");
        html_text(b, _("No errors: the report can be submitted."));
        HTML_LIT(b, "</p>\n");
    } else if (!n) {
        HTML_LIT(b, "<p class=\"notice\" role=\"status\">");
        html_text(b, _("No errors. You can submit the report as it is, or answer more questions first."));
        HTML_LIT(b, "</p>\n");
    }
    json_decref(answers);
    if (ri.may.submit) {
        HTML_LIT(b, "<form method=\"post\" action=\"/reports/");
        html_int(b, ri.id);
        HTML_LIT(b, "/submit\">");
        web_csrf_field(req, res);
        HTML_LIT(b, "<button type=\"submit\"");
        if (n) HTML_LIT(b, " disabled aria-describedby=\"submit-why\"");
        HTML_LIT(b, ">");
        html_text(b, _("Submit the report to the Secretariat"));
        HTML_LIT(b, "</button>");
        if (n) {
            HTML_LIT(b, " <span class=\"hint\" id=\"submit-why\">");
            html_text(b, _("You can submit once the errors listed above are corrected."));
            HTML_LIT(b, "</span>");
        }
        HTML_LIT(b, "</form>\n");
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
    struct err e;
    if (report_start(app->store, req->who, iso3, (int)c, &r, &e) < 0) { web_report_fail(req, res, &e); report_result_cleanup(&r); return; }
    char loc[64];
    snprintf(loc, sizeof loc, "/reports/%lld/edit", r.id);
    report_result_cleanup(&r);
    http_redirect(res, loc);
}
