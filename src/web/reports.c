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
#include "../store/store.h"   /* TODO rv2: until this page reads through the domain's report_view */

static int rinfo_cb(const struct store_report *r, void *ctx)
{
    struct web_report *i = ctx;
    i->found = true;
    i->id = r->id;
    snprintf(i->iso3, sizeof i->iso3, "%s", r->state_iso3);
    snprintf(i->status, sizeof i->status, "%s", r->status);
    snprintf(i->language, sizeof i->language, "%s", r->language);
    i->cycle = r->cycle;
    i->version = r->version;
    i->synthetic = r->synthetic;
    snprintf(i->submitted_at, sizeof i->submitted_at, "%s", r->submitted_at ? r->submitted_at : "");
    return 0;
}

static int name_cb(const struct store_state *s, void *ctx)
{
    snprintf(ctx, 160, "%s", s->local_name);
    return 0;
}

static const char *status_label(const char *s)
{
    if (strcmp(s, "draft") == 0) return _("draft");
    if (strcmp(s, "submitted") == 0) return _("submitted, awaiting the Secretariat");
    if (strcmp(s, "returned") == 0) return _("returned with comments");
    return _("published");
}

bool web_report_load(struct app *app, struct http_request *req, struct http_response *res, struct web_report *ri,
                     bool need_draft_view)
{
    char *end;
    long long id = strtoll(req->args[0], &end, 10);
    if (*end || id < 1 || strlen(req->args[0]) > 15) { web_error(req, res, 400, _("A report is named by its number.")); return false; }
    memset(ri, 0, sizeof *ri);
    store_report_get(app->store, id, false, rinfo_cb, ri);
    ri->draft_view = ri->found && report_may_see_draft(req->who, ri->iso3);
    ri->late = ri->found && ri->submitted_at[0] && cycle_submission_late(app->store, ri->cycle, ri->submitted_at);
    /* A draft's existence is not disclosed: 404 for whoever may not see it. */
    if (!ri->found || (!ri->draft_view && (need_draft_view || ri->version == 0))) {
        web_error(req, res, 404, _("There is no such report."));
        return false;
    }
    return true;
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

struct version_pick { int want; json_t *answers; int count; json_t *prev; json_t *diff; char published_at[32]; json_t *notes; };

static int version_pick_cb(const struct store_version *v, void *ctx)
{
    struct version_pick *p = ctx;
    p->count++;
    if (p->notes) json_array_append_new(p->notes, json_pack("{s:s?, s:s?}", "at", v->published_at, "note", v->note));
    json_t *a = json_loads(v->answers, 0, NULL);
    if (v->version == p->want || (p->want == 0)) {
        json_decref(p->answers);
        json_decref(p->diff);
        p->diff = p->prev ? report_diff(p->prev, a) : NULL;
        p->answers = json_incref(a);
        snprintf(p->published_at, sizeof p->published_at, "%s", v->published_at);
    }
    json_decref(p->prev);
    p->prev = a;
    return 0;
}

void page_report(struct app *app, struct http_request *req, struct http_response *res)
{
    struct web_report ri;
    if (!web_report_load(app, req, res, &ri, false)) return;
    bool draft = ri.draft_view;
    const struct template *t = template_get(ri.cycle);
    if (!t) { web_error(req, res, 404, _("There is no template for this report's cycle.")); return; }
    const char *vq = http_query(req, "version");
    const char *view = http_query(req, "view");
    bool working = draft && view && strcmp(view, "working") == 0;
    struct version_pick vp = { 0, NULL, 0, NULL, NULL, "", NULL };
    if (vq) {
        char *end;
        long v = strtol(vq, &end, 10);
        if (*end || v < 1 || v > 100000) { web_error(req, res, 400, _("A version is a number such as 1.")); return; }
        vp.want = (int)v;
    }
    vp.notes = json_array();
    store_report_versions_each(app->store, ri.id, version_pick_cb, &vp);
    json_t *answers;
    if (working || (draft && !vp.count)) { answers = report_answers(app->store, ri.id, NULL); working = true; }
    else if (vp.answers) answers = json_incref(vp.answers);
    else { json_decref(vp.diff); json_decref(vp.prev); json_decref(vp.notes); web_error(req, res, 404, _("There is no such version.")); return; }
    json_decref(vp.answers);
    /* The working copy of a published report (a correction): what changed since the published version. */
    bool since_published = working && vp.prev && ri.version > 0;
    if (since_published) { json_decref(vp.diff); vp.diff = report_diff(vp.prev, answers); }
    json_decref(vp.prev);
    struct report_history_view hist = { NULL, 0 };
    struct err herr = ERR_NONE;
    if (draft && report_history_read(app, req, ri.id, &hist, &herr) < 0) {
        json_decref(vp.diff);
        json_decref(vp.notes);
        json_decref(answers);
        web_fail(req, res, &herr);
        return;
    }
    if (draft) http_response_header(res, "Cache-Control", "private, no-store");

    char name[160] = "";
    store_state_get(app->store, ri.iso3, i18n_lang(), name_cb, name);
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
    if (draft && strcmp(ri.status, "returned") == 0) report_return_banner(app, req, b, ri.id);
    HTML_LIT(b, "<p class=\"lead\">");
    if (working) {
        html_text(b, _("Working copy"));
        HTML_LIT(b, " · ");
        html_text(b, status_label(ri.status));
        if (ri.late) late_tag(b);
    } else {
        html_textf(b, _("Version %d of %d"), vp.want ? vp.want : vp.count, vp.count);
        HTML_LIT(b, " · ");
        html_text(b, _("published"));
        HTML_LIT(b, " <time>");
        html_text(b, vp.published_at);
        HTML_LIT(b, "</time>");
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
    if (vp.count > 1 || draft || json_string_value(json_object_get(json_array_get(vp.notes, 0), "note"))) {
        HTML_LIT(b, "<nav class=\"versions noprint\" aria-label=\"");
        html_text(b, _("Versions"));
        HTML_LIT(b, "\"><ul>");
        for (int v = 1; v <= vp.count; v++) {
            json_t *vn = json_array_get(vp.notes, (size_t)v - 1);
            const char *note = json_string_value(json_object_get(vn, "note"));
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
            if (authz_allowed(req->who, AUTHZ_STATE_EDIT, ri.iso3)) {
                HTML_LIT(b, "<li><a href=\"/reports/");
                html_int(b, ri.id);
                HTML_LIT(b, "/edit\">");
                html_text(b, _("Edit"));
                HTML_LIT(b, "</a></li>");
            }
        }
        HTML_LIT(b, "</ul></nav>\n");
    }
    json_decref(vp.notes);
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
    json_decref(vp.diff);
    /* The State's own points of contact: correct a published report, or withdraw a submitted one. */
    if ((strcmp(ri.status, "published") == 0 || strcmp(ri.status, "submitted") == 0) &&
        authz_allowed(req->who, AUTHZ_STATE_EDIT, ri.iso3)) {
        HTML_LIT(b, "<form method=\"post\" class=\"noprint\" action=\"/reports/");
        html_int(b, ri.id);
        HTML_LIT(b, "/reopen\">");
        web_csrf_field(req, res);
        HTML_LIT(b, "<p><button type=\"submit\">");
        html_text(b, strcmp(ri.status, "published") == 0 ? _("Correct this report (the correction becomes a new version)")
                                                         : _("Withdraw the submission to change it"));
        HTML_LIT(b, "</button></p></form>\n");
    }
    /* Secretariat actions on a submitted report: each confirmed on its own page. */
    if (strcmp(ri.status, "submitted") == 0 && authz_allowed(req->who, AUTHZ_PUBLISH, ri.iso3)) {
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
    struct web_report ri;
    if (!web_report_load(app, req, res, &ri, false)) return;
    const char *action = req->args[1];
    struct report_result r;
    if (strcmp(action, "publish") == 0) report_publish(app->store, req->who, ri.id, http_form(req, "note"), &r);
    else if (strcmp(action, "return") == 0) report_return(app->store, req->who, ri.id, http_form(req, "comment"), &r);
    else if (strcmp(action, "submit") == 0) report_submit(app->store, req->who, ri.id, &r);
    else if (strcmp(action, "reopen") == 0) report_reopen(app->store, req->who, ri.id, &r);
    else { web_error(req, res, 404, _("There is no page at this address.")); return; }
    if (r.code == REPORT_INVALID && strcmp(action, "submit") == 0) {
        report_result_cleanup(&r);
        char loc[64];
        snprintf(loc, sizeof loc, "/reports/%lld/check", ri.id);
        http_redirect(res, loc);
        return;
    }
    if (r.code == REPORT_INVALID && (strcmp(action, "publish") == 0 || strcmp(action, "return") == 0)) {
        /* The confirmation page again, with what was typed and what to fix. */
        res->status = 422;
        report_confirm_page(app, req, res, &ri, action, http_form(req, strcmp(action, "publish") == 0 ? "note" : "comment"),
                            _(r.message));
        report_result_cleanup(&r);
        return;
    }
    if (r.code != REPORT_OK) { web_error(req, res, report_http_status(r.code), r.message); report_result_cleanup(&r); return; }
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
    struct web_report ri;
    if (!web_report_load(app, req, res, &ri, false)) return;
    bool draft = ri.draft_view;
    const char *what = req->args[1];
    bool csv = strcmp(what, "export.csv") == 0, js = strcmp(what, "export.json") == 0;
    if (!csv && !js) { web_error(req, res, 404, _("There is no page at this address.")); return; }
    const struct template *t = template_get(ri.cycle);
    json_t *answers;
    if (draft) answers = report_answers(app->store, ri.id, NULL);
    else {
        struct version_pick vp = { 0, NULL, 0, NULL, NULL, "", NULL };
        store_report_versions_each(app->store, ri.id, version_pick_cb, &vp);
        json_decref(vp.prev);
        json_decref(vp.diff);
        answers = vp.answers ? vp.answers : json_object();
    }
    char disp[96];
    snprintf(disp, sizeof disp, "attachment; filename=\"poaiss-%s-%d.%s\"", ri.iso3, ri.cycle, csv ? "csv" : "json");
    http_response_header(res, "Content-Disposition", disp);
    if (js) {
        res->content_type = "application/json; charset=utf-8";
        json_t *out = json_pack("{s:s, s:i, s:s, s:b, s:O}", "state", ri.iso3, "cycle", ri.cycle, "status",
                                draft ? ri.status : "published", "synthetic", ri.synthetic, "answers", answers);
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
