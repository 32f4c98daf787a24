/* report_attach: see report_attach.h. */
#include "web/report_attach.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/attachment.h"

void attach_size(struct buf *b, long long bytes)
{
    if (bytes < 1000) html_textf(b, _("%lld bytes"), bytes);
    else if (bytes < 1000 * 1000) html_textf(b, _("%lld KB"), (bytes + 500) / 1000);
    else html_textf(b, _("%.1f MB"), (double)bytes / 1e6);
}

void attach_link(struct buf *b, long long rid, json_t *ref)
{
    const char *name = json_string_value(json_object_get(ref, "name"));
    const char *sha = json_string_value(json_object_get(ref, "sha256"));
    if (!attachment_sha_valid(sha)) { html_text(b, name ? name : "?"); return; }
    HTML_LIT(b, "<a class=\"file\" href=\"/reports/");
    html_int(b, rid);
    HTML_LIT(b, "/files/");
    html_text(b, sha);
    HTML_LIT(b, "\" download>");
    html_text(b, name && *name ? name : _("Attachment"));
    HTML_LIT(b, "</a> <span class=\"size\">(");
    attach_size(b, json_integer_value(json_object_get(ref, "bytes")));
    HTML_LIT(b, ")</span>");
}

/* A short label for a media type a template may accept. */
static const char *type_label(const char *t)
{
    static const struct { const char *type, *label; } L[] = {
        { "application/pdf", "PDF" },
        { "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word (.docx)" },
        { "application/vnd.oasis.opendocument.text", "OpenDocument (.odt)" },
        { "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel (.xlsx)" },
        { "application/vnd.oasis.opendocument.spreadsheet", "OpenDocument (.ods)" },
        { "image/png", "PNG" }, { "image/jpeg", "JPEG" },
    };
    for (size_t i = 0; i < sizeof L / sizeof L[0]; i++)
        if (strcmp(L[i].type, t) == 0) return L[i].label;
    return t;
}

/* "PDF, Word (.docx), OpenDocument (.odt); at most 10.0 MB." */
static void accepted(struct buf *b, json_t *spec)
{
    json_t *a;
    size_t i;
    html_text(b, _("Accepted:"));
    HTML_LIT(b, " ");
    json_array_foreach(json_object_get(spec, "accept"), i, a) {
        if (!json_is_string(a)) continue;
        if (i) HTML_LIT(b, ", ");
        html_text(b, type_label(json_string_value(a)));
    }
    HTML_LIT(b, "; ");
    html_text(b, _("at most"));
    HTML_LIT(b, " ");
    attach_size(b, attachment_max_bytes(spec));
    HTML_LIT(b, ".");
}

/* The remove box and the chooser of a file field; cur may be NULL. */
static void file_controls(struct buf *b, long long rid, const char *field, json_t *spec, json_t *cur, const char *label,
                          bool compact)
{
    if (cur) {
        if (!compact) { HTML_LIT(b, "<p>"); html_text(b, _("Current file:")); HTML_LIT(b, " "); }
        attach_link(b, rid, cur);
        if (!compact) HTML_LIT(b, "</p>");
        HTML_LIT(b, "<div class=\"choice\"><input type=\"checkbox\" value=\"1\" name=\"");
        html_text(b, field);
        HTML_LIT(b, ":remove\" id=\"");
        html_text(b, field);
        HTML_LIT(b, ":remove\"><label for=\"");
        html_text(b, field);
        HTML_LIT(b, ":remove\">");
        html_text(b, _("Remove this file"));
        HTML_LIT(b, "</label></div>");
    }
    if (!compact) {
        HTML_LIT(b, "<label for=\"");
        html_text(b, field);
        HTML_LIT(b, "\">");
        html_text(b, cur ? _("Replace it with another file") : _("Choose a file"));
        HTML_LIT(b, "</label>");
    }
    HTML_LIT(b, "<input type=\"file\" id=\"");
    html_text(b, field);
    HTML_LIT(b, "\" name=\"");
    html_text(b, field);
    if (compact) {
        HTML_LIT(b, "\" aria-label=\"");
        html_text(b, label);
    } else {
        HTML_LIT(b, "\" aria-describedby=\"");
        html_text(b, field);
        HTML_LIT(b, ":hint");
    }
    HTML_LIT(b, "\" accept=\"");
    json_t *a;
    size_t i;
    json_array_foreach(json_object_get(spec, "accept"), i, a) {
        if (!json_is_string(a)) continue;
        if (i) HTML_LIT(b, ",");
        html_text(b, json_string_value(a));
    }
    HTML_LIT(b, "\">");
    if (!compact) {
        HTML_LIT(b, "<p class=\"hint\" id=\"");
        html_text(b, field);
        HTML_LIT(b, ":hint\">");
        accepted(b, spec);
        HTML_LIT(b, "</p>");
    }
}

void attach_form_input(struct buf *b, long long rid, const struct template_question *q, json_t *cur)
{
    char field[256];
    snprintf(field, sizeof field, "v:%s", q->id);
    HTML_LIT(b, "<div class=\"field file-field\">");
    file_controls(b, rid, field, q->json, cur, NULL, false);
    HTML_LIT(b, "</div>");
}

void attach_cell_input(struct buf *b, long long rid, const char *field, json_t *spec, const char *label, json_t *cur)
{
    file_controls(b, rid, field, spec, cur, label, true);
}

static void refuse(struct attach_uploads *ups, const char *qid, const char *msg)
{
    if (!ups->errors) ups->errors = json_object();
    if (!json_object_get(ups->errors, qid)) json_object_set_new(ups->errors, qid, json_string(msg));
}

json_t *attach_field_read(struct http_request *req, const char *field, json_t *spec, json_t *cur, const char *qid,
                          struct attach_uploads *ups)
{
    /* The body was split into parts once (http_request_part): a table of 250 file cells is 250 walks of that list,
       not 250 scans of a 10 MB body (issue 13). */
    const struct http_part *fp = http_request_part(req, field, true);
    if (fp && fp->filename_len > 0) {   /* a file was chosen (an empty chooser sends filename="") */
        if (ups->n >= ATTACH_MAX_UPLOADS) {
            refuse(ups, qid, _("Too many files at once: save, then add the others."));
            return cur ? json_incref(cur) : NULL;
        }
        struct buf fname = BUF_INIT;
        http_part_filename(fp, &fname);
        json_t *ref = NULL;
        const char *type = NULL;
        enum attachment_error e = attachment_check(spec, fname.data, fname.len, fp->data, fp->len, &ref, &type);
        buf_cleanup(&fname);
        if (e == ATTACHMENT_OK) {
            struct attach_upload *up = &ups->up[ups->n];
            snprintf(up->sha256, sizeof up->sha256, "%s", json_string_value(json_object_get(ref, "sha256")));
            snprintf(up->qid, sizeof up->qid, "%s", qid);
            up->blob = (struct report_blob){ up->sha256, type, fp->data, fp->len };
            ups->blobs[ups->n++] = up->blob;
            return ref;
        }
        if (e == ATTACHMENT_TOO_LARGE) {
            struct buf sz = BUF_INIT;
            char msg[256];
            attach_size(&sz, attachment_max_bytes(spec));
            snprintf(msg, sizeof msg, _("The file is too large: at most %s."), buf_cstr(&sz));
            buf_cleanup(&sz);
            refuse(ups, qid, msg);
        } else {
            refuse(ups, qid, e == ATTACHMENT_EMPTY ? _("The file is empty.")
                                                   : _("This kind of file is not accepted here: see the accepted types below the field."));
        }
        return cur ? json_incref(cur) : NULL;
    }
    char rm[300];
    snprintf(rm, sizeof rm, "%s:remove", field);
    const char *r = http_form(req, rm);
    if (r && strcmp(r, "1") == 0) return NULL;
    return cur ? json_incref(cur) : NULL;
}

/* ---- download ---- */

/* GET /reports/{id}/files/{sha256}: a file a report refers to, for whoever may see that reference. */
void page_report_file(struct app *app, struct http_request *req, struct http_response *res)
{
    struct attachment_file f;
    switch (attachment_open(app->store, req->who, web_arg(req, 0)->n, web_arg(req, 1)->s, &res->body, &f)) {
    case ATTACHMENT_SERVED: break;
    case ATTACHMENT_ABSENT: buf_clear(&res->body); web_error(req, res, 404, _("There is no such file.")); return;
    case ATTACHMENT_FAILED: buf_clear(&res->body); web_error(req, res, 500, _("The file could not be read.")); return;
    }
    res->content_type = f.type;
    struct buf d = BUF_INIT;
    attachment_disposition(&d, f.name);
    http_response_header(res, "Content-Disposition", buf_cstr(&d));
    buf_cleanup(&d);
    /* A published file, to the public: kept a while.  To a signed-in caller (the only one who can see a draft's
       file) the dispatcher makes every answer "private, no-store". */
    http_response_header(res, "Cache-Control", "private, max-age=300");
}

/* ---- API upload ---- */

/* POST /api/v1/reports/{id}/files?name=&question=: the raw file as the body; answers its reference. */
void api_report_files_post(struct app *app, struct http_request *req, struct http_response *res)
{
    struct report_view ri;
    if (!web_report_load(app, req, res, &ri, true)) return;
    const struct template *t = template_get(ri.cycle);
    const char *qid = http_query(req, "question"), *raw_name = http_query(req, "name");
    json_t *spec = NULL;
    if (qid) {
        const struct template_question *q = template_question(t, qid);
        if (!q || q->type != ANSWER_FILE) {
            web_error(req, res, 404, "question: no file question with this id in the report's template.");
            return;
        }
        spec = q->json;
    }
    if (!raw_name || !*raw_name) { web_error(req, res, 400, "name: give the file's name, e.g. ?name=nap.pdf"); return; }
    json_t *ref = NULL;
    const char *type = NULL;
    enum attachment_error e = attachment_check(spec, raw_name, strlen(raw_name), req->body.data, req->body.len, &ref, &type);
    const char *claimed = http_request_header(req, "Content-Type");
    char msg[256];
    if (e == ATTACHMENT_EMPTY) { web_error(req, res, 400, "Send the file's bytes as the request body."); return; }
    if (e == ATTACHMENT_TOO_LARGE) {
        snprintf(msg, sizeof msg, "The file is larger than %lld bytes.", attachment_max_bytes(spec));
        web_error(req, res, 413, msg);
        return;
    }
    if (e != ATTACHMENT_OK) {
        web_error(req, res, 415, type ? "This type of file is not accepted for this question."
                                      : "The bytes are not a PDF, DOCX, XLSX, PPTX, ODT, ODS, PNG or JPEG file.");
        return;
    }
    size_t cl = claimed ? strcspn(claimed, "; ") : 0;
    if (cl && strncmp(claimed, "application/octet-stream", cl) != 0 && (strlen(type) != cl || strncmp(claimed, type, cl) != 0)) {
        snprintf(msg, sizeof msg, "The bytes are %s, not the Content-Type sent.", type);
        json_decref(ref);
        web_error(req, res, 415, msg);
        return;
    }
    struct report_blob blob = { json_string_value(json_object_get(ref, "sha256")), type, req->body.data, req->body.len };
    struct report_result r;
    struct err fail;
    if (report_attach(app->store, req->who, ri.id, &blob, &r, &fail) < 0) web_report_fail(req, res, &fail);
    else {
        api_begin(res, 201);
        char *js = json_dumps(ref, JSON_COMPACT | JSON_ENSURE_ASCII);
        for (const char *p = js ? js : "{}"; *p; p++) {
            if (*p == '<') buf_puts(&res->body, "\\u003c");
            else buf_putc(&res->body, *p);
        }
        buf_putc(&res->body, '\n');
        free(js);
    }
    report_result_cleanup(&r);
    json_decref(ref);
}
