/*
 * reports: national report pages.  A published report laid out like its template with
 * the source paragraphs linked; the focal point's form, one section at a time (works
 * without JavaScript; a conflict keeps what was typed and shows both values); the
 * check page with an error summary linking to each field; the Secretariat's actions.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/cycle.h"
#include "domain/report.h"
#include "domain/template.h"
#include "util/csv.h"
#include "web/report_attach.h"
#include "web/report_review.h"
#include "web/web.h"

static const char *status_label(const char *s)
{
    if (strcmp(s, "draft") == 0) return _("draft");
    if (strcmp(s, "submitted") == 0) return _("submitted, awaiting the Secretariat");
    if (strcmp(s, "returned") == 0) return _("returned with comments");
    return _("published");
}

bool web_report_load(struct app *app, struct http_request *req, struct http_response *res, struct report_view *ri,
                     bool need_draft_view)
{
    struct err e;
    if (report_view_get(app->store, &req->arena, req->who, web_arg(req, 0)->n, need_draft_view, ri, &e) < 0) {
        web_fail(req, res, &e);
        return false;
    }
    return true;
}

bool web_report_load_editable(struct app *app, struct http_request *req, struct http_response *res, struct report_view *ri)
{
    if (!web_report_load(app, req, res, ri, true)) return false;
    if (!ri->may.author) { web_error(req, res, 403, _("Only the State's own points of contact change its report.")); return false; }
    if (!ri->may.edit) { web_error(req, res, 409, _("The report is submitted or published: reopen it to change it.")); return false; }
    return true;
}

int web_report_status(const struct err *e)
{
    return e->code == ERR_INVALID ? 422 : web_err_status(e->code);
}

void web_report_fail(struct http_request *req, struct http_response *res, const struct err *e)
{
    web_error(req, res, web_report_status(e), web_err_message(req, e));
}

static void late_tag(struct buf *b)
{
    HTML_LIT(b, " <strong class=\"tag\">");
    html_text(b, _("Late"));
    HTML_LIT(b, "</strong>");
}

/* ---- showing answers: the answer types' own HTML (domain/answer.h) ---- */

static void show_answer(struct buf *b, long long rid, const struct template_question *q, json_t *v)
{
    struct answer_files files = { attach_link, attach_form_input, attach_cell_input, rid };
    answer_html(b, q, v, &files);
}

static void refs(struct buf *b, const struct template_question *q)
{
    json_t *r, *x;
    size_t i;
    if (!(r = json_object_get(q->json, "refs")) || !json_array_size(r)) return;
    HTML_LIT(b, " <span class=\"refs\" dir=\"ltr\">[");
    json_array_foreach(r, i, x) {
        const char *s = json_string_value(x);
        if (!s) continue;
        if (i) HTML_LIT(b, ", ");
        if (strncmp(s, "PoA ", 4) == 0) {
            HTML_LIT(b, "<a href=\"/documents/poa#");
            html_text(b, s + 4);
            HTML_LIT(b, "\">");
            html_text(b, s);
            HTML_LIT(b, "</a>");
        } else {
            html_text(b, s);
        }
    }
    HTML_LIT(b, "]</span>");
}

static void synthetic_notice(struct buf *b)
{
    HTML_LIT(b, "<p class=\"notice\" role=\"note\"><strong>");
    html_text(b, _("Synthetic demonstration data."));
    HTML_LIT(b, "</strong> ");
    html_text(b, _("This report was generated for the demonstration; it is not a State's report."));
    HTML_LIT(b, "</p>\n");
}

void page_report(struct app *app, struct http_request *req, struct http_response *res)
{
    struct report_view ri;
    if (!web_report_load(app, req, res, &ri, false)) return;
    bool draft = ri.draft_view;
    const struct template *t = template_get(ri.cycle);
    if (!t) { web_error(req, res, 404, _("There is no template for this report's cycle.")); return; }
    const struct http_value *vq = web_q(req, "version"), *view = web_q(req, "view");   /* checked: Q_REPORT in app.c */
    bool working = draft && view->set && strcmp(view->s, "working") == 0;
    int want = vq->set ? (int)vq->n : 0;
    struct report_shown vp;
    struct err e;
    if (report_view_answers(app->store, &req->arena, &ri, want, working, &vp, &e) < 0) { web_fail(req, res, &e); return; }
    working = vp.version == 0;
    json_t *answers = json_incref(vp.answers);
    /* The working copy of a published report (a correction): vp.diff holds what changed since the published version. */
    bool since_published = vp.since > 0;
    struct report_history_view hist = { NULL, 0 };
    struct err herr = ERR_NONE;
    if (draft && report_history_read(app, req, ri.id, &hist, &herr) < 0) {
        report_shown_cleanup(&vp);
        json_decref(answers);
        web_fail(req, res, &herr);
        return;
    }
    if (draft) http_response_header(res, "Cache-Control", "private, no-store");

    const char *name = report_view_state_name(app->store, &req->arena, &ri, i18n_lang());
    char title[256];
    snprintf(title, sizeof title, "%s — %s %d", name, _("National report"), ri.cycle);
    page_begin(req, res, title);
    struct buf *b = &res->body;
    HTML_LIT(b, "<nav aria-label=\"");
    html_text(b, _("Breadcrumb"));
    HTML_LIT(b, "\" class=\"crumbs noprint\"><a href=\"/states/");
    html_text(b, ri.iso3);
    HTML_LIT(b, "\">");
    html_text(b, name);
    HTML_LIT(b, "</a></nav>\n<h1>");
    html_text(b, title);
    HTML_LIT(b, "</h1>\n");
    if (ri.synthetic) synthetic_notice(b);
    report_return_banner(b, &ri);
    HTML_LIT(b, "<p class=\"lead\">");
    if (working) {
        html_text(b, _("Working copy"));
        HTML_LIT(b, " · ");
        html_text(b, status_label(ri.status));
        if (ri.submitted_at && !report_status_allows(ri.status, REPORT_STEP_EDIT)) {
            HTML_LIT(b, " · ");
            html_text(b, _("submitted on"));
            HTML_LIT(b, " ");
            i18n_html_datetime(b, ri.submitted_at);
        }
        if (ri.late) late_tag(b);
        if (ri.updated_at && *ri.updated_at) {
            HTML_LIT(b, " · ");
            html_text(b, _("last changed"));
            HTML_LIT(b, " ");
            i18n_html_datetime(b, ri.updated_at);
        }
    } else {
        html_textf(b, _("Version %d of %d"), vp.version, vp.count);
        HTML_LIT(b, " · ");
        html_text(b, _("published"));
        HTML_LIT(b, " ");
        i18n_html_date(b, vp.published_at);
        if (ri.late) late_tag(b);
    }
    HTML_LIT(b, " · <span class=\"noprint\">");
    html_text(b, _("Download"));
    HTML_LIT(b, ": <a href=\"/reports/");
    html_int(b, ri.id);
    HTML_LIT(b, "/export.csv\">CSV</a>, <a href=\"/reports/");
    html_int(b, ri.id);
    HTML_LIT(b, "/export.json\">JSON</a></span></p>\n");
    /* Versions and what changed. */
    if (vp.count > 1 || draft || (vp.count && vp.versions[0].note && *vp.versions[0].note)) {
        HTML_LIT(b, "<nav class=\"versions noprint\" aria-label=\"");
        html_text(b, _("Versions"));
        HTML_LIT(b, "\"><ul>");
        for (int i = 0; i < vp.count; i++) {
            int v = vp.versions[i].version;
            const char *note = vp.versions[i].note;
            HTML_LIT(b, "<li><a href=\"?version=");
            html_int(b, v);
            HTML_LIT(b, "\">");
            html_textf(b, _("Version %d"), v);
            HTML_LIT(b, "</a>");
            if (note && *note) {
                HTML_LIT(b, " <span class=\"version-note\">(");
                html_text(b, _("Publication note"));
                HTML_LIT(b, ": ");
                html_text(b, note);
                HTML_LIT(b, ")</span>");
            }
            HTML_LIT(b, "</li>");
        }
        if (draft) {
            HTML_LIT(b, "<li><a href=\"?view=working\">");
            html_text(b, _("Working copy"));
            HTML_LIT(b, "</a></li>");
            /* The State's own points of contact: the form, or why it cannot be edited now (report_locked_page). */
            if (ri.may.author) {
                HTML_LIT(b, "<li><a href=\"/reports/");
                html_int(b, ri.id);
                HTML_LIT(b, "/edit\">");
                html_text(b, _("Edit"));
                HTML_LIT(b, "</a></li>");
            }
        }
        HTML_LIT(b, "</ul></nav>\n");
    }
    if ((!working || since_published) && vp.diff && json_array_size(vp.diff)) {
        HTML_LIT(b, "<section class=\"card\" aria-labelledby=\"changes\"><h2 id=\"changes\">");
        if (since_published) html_textf(b, _("Changes since version %d"), ri.version);
        else html_text(b, _("Changes from the previous version"));
        HTML_LIT(b, "</h2><ul>");
        json_t *d;
        size_t i;
        json_array_foreach(vp.diff, i, d) {
            const struct template_question *q = template_question(t, json_string_value(json_object_get(d, "question")));
            if (!q) continue;
            HTML_LIT(b, "<li><a href=\"#q-");
            html_text(b, q->id);
            HTML_LIT(b, "\">");
            html_text(b, q->number ? q->number : q->id);
            HTML_LIT(b, "</a>: <del>");
            show_answer(b, ri.id, q, json_object_get(d, "before"));
            HTML_LIT(b, "</del> → <ins>");
            show_answer(b, ri.id, q, json_object_get(d, "after"));
            HTML_LIT(b, "</ins></li>");
        }
        HTML_LIT(b, "</ul></section>\n");
    }
    report_shown_cleanup(&vp);
    /* The State's own points of contact: correct a published report, or withdraw a submitted one. */
    if (ri.may.reopen || ri.may.withdraw) {
        HTML_LIT(b, "<form method=\"post\" class=\"noprint\" action=\"/reports/");
        html_int(b, ri.id);
        HTML_LIT(b, "/reopen\">");
        web_csrf_field(req, res);
        HTML_LIT(b, "<p><button type=\"submit\">");
        html_text(b, ri.may.reopen ? _("Correct this report (the correction becomes a new version)")
                                                         : _("Withdraw the submission to change it"));
        HTML_LIT(b, "</button></p></form>\n");
    }
    /* Secretariat actions on a submitted report. */
    if (ri.may.publish || ri.may.return_) {
        HTML_LIT(b, "<section class=\"card noprint\" aria-labelledby=\"act\"><h2 id=\"act\">");
        html_text(b, _("Check and publish"));
        HTML_LIT(b, "</h2><p>");
        if (ri.version > 0) html_textf(b, _("A correction of version %d: its changes are listed above."), ri.version);
        else html_text(b, _("Read the report, then publish it or return it to the State with comments."));
        HTML_LIT(b, "</p><p class=\"actions\"><a class=\"button-primary\" href=\"/reports/");
        html_int(b, ri.id);
        HTML_LIT(b, "/publish\">");
        html_text(b, _("Publish…"));
        HTML_LIT(b, "</a> <a class=\"button-warning\" href=\"/reports/");
        html_int(b, ri.id);
        HTML_LIT(b, "/return\">");
        html_text(b, _("Return with comments…"));
        HTML_LIT(b, "</a></p></section>\n");
    }
    /* The answers, laid out like the template. */
    const char *open_section = "";
    for (size_t i = 0; i < t->nq; i++) {
        const struct template_question *q = &t->q[i];
        if (strcmp(open_section, q->section_id) != 0) {
            if (*open_section) HTML_LIT(b, "</dl></section>\n");
            open_section = q->section_id;
            HTML_LIT(b, "<section class=\"report-section\"><h2>");
            html_text(b, q->section_id);
            HTML_LIT(b, ". ");
            html_text(b, i18n_template(q->section_title));
            HTML_LIT(b, "</h2><dl class=\"answers\">");
        }
        json_t *v = json_object_get(answers, q->id);
        if (!v && !template_applies(q, answers) && json_object_get(q->json, "when")) continue;   /* skipped */
        HTML_LIT(b, "<div id=\"q-");
        html_text(b, q->id);
        HTML_LIT(b, "\"><dt><span class=\"qnum\">");
        html_text(b, q->number ? q->number : "");
        HTML_LIT(b, "</span> ");
        html_text(b, i18n_template(q->text));
        refs(b, q);
        HTML_LIT(b, "</dt><dd>");
        show_answer(b, ri.id, q, v);
        HTML_LIT(b, "</dd></div>\n");
    }
    if (*open_section) HTML_LIT(b, "</dl></section>\n");
    json_decref(answers);
    if (draft) report_history_html(b, &hist);
    page_end(req, res);
}

/* POST /reports/{id}/{action} from the pages: publish, return, submit, reopen; back to the report. */
void page_report_action(struct app *app, struct http_request *req, struct http_response *res)
{
    struct report_view ri;
    if (!web_report_load(app, req, res, &ri, false)) return;
    const char *action = req->args[1];
    struct report_result r;
    struct err e = ERR_NONE;
    if (strcmp(action, "publish") == 0) report_publish(app->store, req->who, ri.id, http_form(req, "note"), &r, &e);
    else if (strcmp(action, "return") == 0) report_return(app->store, req->who, ri.id, http_form(req, "comment"), &r, &e);
    else if (strcmp(action, "submit") == 0) report_submit(app->store, req->who, ri.id, &r, &e);
    else if (strcmp(action, "reopen") == 0) report_reopen(app->store, req->who, ri.id, &r, &e);
    else { web_error(req, res, 404, _("There is no page at this address.")); return; }
    if (e.code == ERR_INVALID && strcmp(action, "submit") == 0) {
        report_result_cleanup(&r);
        char loc[64];
        snprintf(loc, sizeof loc, "/reports/%lld/check", ri.id);
        http_redirect(res, loc);
        return;
    }
    if (e.code == ERR_INVALID && (strcmp(action, "publish") == 0 || strcmp(action, "return") == 0)) {
        /* The confirmation page again, with what was typed and what to fix. */
        res->status = 422;
        report_confirm_page(app, req, res, &ri, action, http_form(req, strcmp(action, "publish") == 0 ? "note" : "comment"),
                            web_err_message(req, &e));
        report_result_cleanup(&r);
        return;
    }
    if (e.code != ERR_OK) { web_report_fail(req, res, &e); report_result_cleanup(&r); return; }
    report_result_cleanup(&r);
    char loc[64];
    snprintf(loc, sizeof loc, strcmp(action, "reopen") == 0 ? "/reports/%lld/edit" : "/reports/%lld?view=working", ri.id);
    if (strcmp(action, "publish") == 0) snprintf(loc, sizeof loc, "/reports/%lld", ri.id);
    if (strcmp(action, "submit") == 0) snprintf(loc, sizeof loc, "/reports/%lld/submitted", ri.id);
    http_redirect(res, loc);
}

/* GET /reports/{id}/export.csv or export.json: the answers as a download (working copy for those who may see it). */
void page_report_export(struct app *app, struct http_request *req, struct http_response *res)
{
    struct report_view ri;
    if (!web_report_load(app, req, res, &ri, false)) return;
    bool draft = ri.draft_view;
    const char *what = req->args[1];
    bool csv = strcmp(what, "export.csv") == 0, js = strcmp(what, "export.json") == 0;
    if (!csv && !js) { web_error(req, res, 404, _("There is no page at this address.")); return; }
    const struct template *t = template_get(ri.cycle);
    struct report_shown shown;
    struct err e;
    if (report_view_answers(app->store, &req->arena, &ri, 0, draft, &shown, &e) < 0) { web_fail(req, res, &e); return; }
    json_t *answers = json_incref(shown.answers);
    report_shown_cleanup(&shown);
    char disp[96];
    snprintf(disp, sizeof disp, "attachment; filename=\"poaiss-%s-%d.%s\"", ri.iso3, ri.cycle, csv ? "csv" : "json");
    http_response_header(res, "Content-Disposition", disp);
    if (js) {
        res->content_type = "application/json; charset=utf-8";
        json_t *out = json_pack("{s:s, s:i, s:s, s:b, s:O}", "state", ri.iso3, "cycle", ri.cycle, "status",
                                ri.shown_status, "synthetic", ri.synthetic, "answers", answers);
        char *s = json_dumps(out, JSON_INDENT(1) | JSON_ENSURE_ASCII);
        for (const char *p = s ? s : ""; *p; p++) {
            if (*p == '<') buf_puts(&res->body, "\\u003c");
            else buf_putc(&res->body, *p);
        }
        buf_putc(&res->body, '\n');
        free(s);
        json_decref(out);
    } else {
        res->content_type = "text/csv; charset=utf-8";
        struct buf *b = &res->body;
        buf_puts(b, "\xEF\xBB\xBF");   /* a BOM, so spreadsheet programs read UTF-8 */
        csv_field(b, "question", true); csv_field(b, "number", false); csv_field(b, "section", false);
        csv_field(b, "text", false); csv_field(b, "answer", false); csv_end_row(b);
        for (size_t i = 0; t && i < t->nq; i++) {
            const struct template_question *q = &t->q[i];
            char *val = answer_csv_value(q, json_object_get(answers, q->id));
            csv_field(b, q->id, true); csv_field(b, q->number, false); csv_field(b, q->section_title, false);
            csv_field(b, q->text, false); csv_field(b, val ? val : "", false); csv_end_row(b);
            free(val);
        }
    }
    json_decref(answers);
}
