/*
 * report_files: the offline round trip.  A focal point downloads the report as an XLSX
 * workbook (pre-filled), fills it offline and uploads it; the upload is checked field by
 * field and saved all at once, or not at all with every error listed.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "domain/report.h"
#include "domain/template.h"
#include "domain/workbook.h"
#include "web/web.h"

static const char XLSX_TYPE[] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/* GET /reports/{id}/workbook.xlsx: the working copy for those who may see it, else the latest published version. */
void page_report_workbook(struct app *app, struct http_request *req, struct http_response *res)
{
    struct report_view ri;
    if (!web_report_load(app, req, res, &ri, false)) return;
    const struct template *t = template_get(ri.cycle);
    if (!t) { web_error(req, res, 404, _("There is no template for this report's cycle.")); return; }
    struct report_shown shown;
    struct err e;
    if (report_view_answers(app->store, &req->arena, &ri, 0, ri.draft_view, &shown, &e) < 0) { web_fail(req, res, &e); return; }
    json_t *answers = json_incref(shown.answers);
    report_shown_cleanup(&shown);
    const char *name = report_view_state_name(app->store, &req->arena, &ri, i18n_lang());
    char path[] = "/tmp/poaiss-xlsx-XXXXXX";
    int fd = mkstemp(path);
    char err[256] = "";
    int rc = fd < 0 ? -1 : workbook_export(t, answers, name, ri.cycle, path, err, sizeof err);
    json_decref(answers);
    if (fd >= 0) close(fd);
    FILE *f = rc == 0 ? fopen(path, "rb") : NULL;
    if (!f) {
        if (fd >= 0) unlink(path);
        web_error(req, res, 500, _("The workbook could not be made."));
        return;
    }
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) buf_append(&res->body, chunk, n);
    fclose(f);
    unlink(path);
    res->content_type = XLSX_TYPE;
    char disp[96];
    snprintf(disp, sizeof disp, "attachment; filename=\"poaiss-%s-%d.xlsx\"", ri.iso3, ri.cycle);
    http_response_header(res, "Content-Disposition", disp);
}

/* Read an uploaded workbook into answers: 0 ok, 1 with errors (*errors, the first WORKBOOK_MAX_LISTED_ERRORS of
   *nerrors), -1 unreadable (msg). */
static int read_upload(const struct template *t, const char *data, size_t len, json_t **answers, json_t **errors,
                       size_t *nerrors, char *msg, size_t msglen)
{
    char path[] = "/tmp/poaiss-upload-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) { snprintf(msg, msglen, "%s", _("The upload could not be stored.")); return -1; }
    bool ok = write(fd, data, len) == (ssize_t)len;
    close(fd);
    *nerrors = 0;
    int rc = ok ? workbook_import(t, path, answers, errors, nerrors, msg, msglen) : -1;
    unlink(path);
    if (!ok) snprintf(msg, msglen, "%s", _("The upload could not be stored."));
    return rc;
}

/* The errors listed, and how many there are in all (nerrors; fewer than listed counts as all listed). */
static void errors_page(struct http_request *req, struct http_response *res, const struct report_view *ri, json_t *errors,
                        size_t nerrors, const char *message)
{
    res->status = 422;
    page_begin(req, res, _("The workbook has errors"));
    struct buf *b = &res->body;
    HTML_LIT(b, "<h1>");
    html_text(b, _("The workbook has errors"));
    HTML_LIT(b, "</h1>\n<div class=\"error-summary\" role=\"alert\"><p>");
    html_text(b, message ? message : _("Nothing was saved. Correct these cells in the workbook and upload it again."));
    HTML_LIT(b, "</p>");
    if (json_array_size(errors)) {
        HTML_LIT(b, "<table class=\"list\"><thead><tr><th scope=\"col\">");
        html_text(b, _("Sheet"));
        HTML_LIT(b, "</th><th scope=\"col\">");
        html_text(b, _("Cell"));
        HTML_LIT(b, "</th><th scope=\"col\">");
        html_text(b, _("Question"));
        HTML_LIT(b, "</th><th scope=\"col\">");
        html_text(b, _("Problem"));
        HTML_LIT(b, "</th></tr></thead><tbody>");
        json_t *e;
        size_t i;
        json_array_foreach(errors, i, e) {
            const char *cols[] = { "sheet", "cell", "number", "message" };
            HTML_LIT(b, "<tr>");
            for (int c = 0; c < 4; c++) {
                const char *v = json_string_value(json_object_get(e, cols[c]));
                if (c == 2 && !v) v = json_string_value(json_object_get(e, "question"));
                HTML_LIT(b, "<td>");
                html_text(b, v ? v : "");
                HTML_LIT(b, "</td>");
            }
            HTML_LIT(b, "</tr>");
        }
        HTML_LIT(b, "</tbody></table>");
        if (nerrors > json_array_size(errors)) {
            struct buf n = BUF_INIT;
            i18n_number(&n, (long long)(nerrors - json_array_size(errors)));
            HTML_LIT(b, "<p>");
            html_textf(b, _("…and %s more problems, not listed here: correct these cells and upload the workbook again."),
                       buf_cstr(&n));
            HTML_LIT(b, "</p>");
            buf_cleanup(&n);
        }
    }
    HTML_LIT(b, "</div>\n<p><a href=\"/reports/");
    html_int(b, ri->id);
    HTML_LIT(b, "/edit\">");
    html_text(b, _("Back to the form"));
    HTML_LIT(b, "</a></p>\n");
    page_end(req, res);
}

/* POST /reports/{id}/upload (multipart, field "file"): replace the draft's answers with the workbook's. */
void page_report_upload(struct app *app, struct http_request *req, struct http_response *res)
{
    struct report_view ri;
    if (!web_report_load_editable(app, req, res, &ri)) return;   /* before the workbook is read */
    const struct template *t = template_get(ri.cycle);
    const struct http_part *fp = http_request_part(req, "file", false);
    const char *data = fp ? fp->data : NULL;
    size_t len = fp ? fp->len : 0;
    if (!t || len == 0) {
        web_error(req, res, 400, _("Choose the filled workbook (.xlsx) to upload."));
        return;
    }
    json_t *answers = NULL, *errors = NULL;
    size_t nerrors = 0;
    char msg[256] = "";
    int rc = read_upload(t, data, len, &answers, &errors, &nerrors, msg, sizeof msg);
    if (rc != 0) {
        errors_page(req, res, &ri, errors, nerrors, rc < 0 ? msg : NULL);
        json_decref(errors);
        return;
    }
    struct report_result r;
    struct err e;
    report_import_workbook(app->store, req->who, ri.id, answers, &r, &e);   /* keeps the report's file answers */
    json_decref(answers);
    if (e.code == ERR_INVALID) errors_page(req, res, &ri, r.details, 0, web_err_message(req, &e));
    else if (e.code != ERR_OK) web_report_fail(req, res, &e);
    else {
        char loc[80];
        snprintf(loc, sizeof loc, "/reports/%lld/edit?saved=1", ri.id);
        http_redirect(res, loc);
    }
    report_result_cleanup(&r);
}

/* POST /api/v1/reports/{id}/workbook: the same, with the .xlsx as the body. */
void api_report_workbook(struct app *app, struct http_request *req, struct http_response *res)
{
    struct report_view ri;
    if (!web_report_load_editable(app, req, res, &ri)) return;   /* before the workbook is read */
    const struct template *t = template_get(ri.cycle);
    if (!t || !req->body.len) { web_error(req, res, 400, "Send the .xlsx workbook as the request body."); return; }
    json_t *answers = NULL, *errors = NULL;
    size_t nerrors = 0;
    char msg[256] = "";
    int rc = read_upload(t, req->body.data, req->body.len, &answers, &errors, &nerrors, msg, sizeof msg);
    if (rc < 0) { web_error(req, res, 422, msg); return; }
    struct report_result r = { 0 };
    struct err e = ERR_NONE;
    if (rc == 0) report_import_workbook(app->store, req->who, ri.id, answers, &r, &e);
    else { err_set(&e, ERR_INVALID, N_("The workbook has errors: nothing was saved."), NULL); r.details = errors; errors = NULL; }
    json_decref(answers);
    json_decref(errors);
    int status = e.code == ERR_OK ? 200 : web_report_status(&e);
    api_begin(res, status);
    json_t *out = e.code == ERR_OK ? json_pack("{s:I, s:b}", "id", (json_int_t)ri.id, "imported", 1)
                                   : json_pack("{s:{s:i, s:s, s:O?}}", "error", "status", status, "message", web_err_message(req, &e),
                                               "errors", r.details);
    if (rc == 1 && out) {   /* the cell errors beyond those listed */
        size_t listed = json_array_size(r.details);
        json_object_set_new(json_object_get(out, "error"), "more", json_integer((json_int_t)(nerrors > listed ? nerrors - listed : 0)));
    }
    char *js = json_dumps(out, JSON_COMPACT | JSON_ENSURE_ASCII);
    for (const char *p = js ? js : "{}"; *p; p++) {
        if (*p == '<') buf_puts(&res->body, "\\u003c");
        else buf_putc(&res->body, *p);
    }
    buf_putc(&res->body, '\n');
    free(js);
    json_decref(out);
    report_result_cleanup(&r);
}
