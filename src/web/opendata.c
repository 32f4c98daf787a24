/*
 * opendata: the bulk downloads — every published report as JSON Lines, and the data
 * dictionary generated from the reporting templates — and the page that lists them.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/bulk.h"
#include "domain/template.h"
#include "util/csv.h"
#include "web/web.h"

void page_data(struct app *app, struct http_request *req, struct http_response *res)
{
    (void)app;
    page_begin(req, res, _("Open data"));
    struct buf *b = &res->body;
    HTML_LIT(b, "<h1>");
    html_text(b, _("Open data"));
    HTML_LIT(b, "</h1>\n<p>");
    html_text(b, _("Everything published here can be downloaded and reused. Demonstration reports are marked \"synthetic\": true."));
    HTML_LIT(b, "</p>\n<ul>\n<li><a href=\"/data/reports.jsonl\">");
    html_text(b, _("All published reports (latest versions), JSON Lines"));
    HTML_LIT(b, "</a></li>\n<li><a href=\"/data/dictionary.csv\">");
    html_text(b, _("The data dictionary: every question of every cycle's template, CSV"));
    HTML_LIT(b, "</a></li>\n<li><a href=\"/api/v1/openapi.json\">");
    html_text(b, _("The API, described in OpenAPI 3.1"));
    HTML_LIT(b, "</a></li>\n</ul>\n");
    page_end(req, res);
}

void page_data_reports(struct app *app, struct http_request *req, struct http_response *res)
{
    char *mem = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&mem, &len);
    long n = f ? bulk_export(app->store, 0, f) : -1;
    if (f) fclose(f);
    if (n < 0) { free(mem); web_error(req, res, 500, _("The database could not be read.")); return; }
    res->content_type = "application/x-ndjson; charset=utf-8";
    http_response_header(res, "Content-Disposition", "attachment; filename=\"poaiss-reports.jsonl\"");
    buf_append(&res->body, mem, len);
    free(mem);
}

static void refs_text(struct buf *out, json_t *refs)
{
    json_t *r;
    size_t i;
    json_array_foreach(refs, i, r) {
        if (i) buf_puts(out, "; ");
        if (json_is_string(r)) buf_puts(out, json_string_value(r));
    }
}

static void options_text(struct buf *out, json_t *q)
{
    json_t *opts = json_object_get(q, "options"), *o;
    size_t i;
    const char *from = json_string_value(json_object_get(q, "options_from"));
    if (from) { buf_puts(out, from); return; }
    json_array_foreach(opts, i, o) {
        if (i) buf_puts(out, "; ");
        const char *id = json_string_value(json_object_get(o, "id"));
        if (id) buf_puts(out, id);
    }
}

void page_data_dictionary(struct app *app, struct http_request *req, struct http_response *res)
{
    (void)app;
    (void)req;
    res->content_type = "text/csv; charset=utf-8";
    http_response_header(res, "Content-Disposition", "attachment; filename=\"poaiss-dictionary.csv\"");
    struct buf *b = &res->body;
    buf_puts(b, "\xEF\xBB\xBF");
    const char *head[] = { "cycle", "question", "number", "section", "type", "text", "refs", "options", "applies_when" };
    for (int i = 0; i < 9; i++) csv_field(b, head[i], i == 0);
    csv_end_row(b);
    for (int c = 2000; c < TEMPLATE_BENCH_FIRST; c++) {   /* the real cycles only: a benchmark cycle reuses a template */
        const struct template *t = template_get(c);
        for (size_t i = 0; t && i < t->nq; i++) {
            const struct template_question *q = &t->q[i];
            char cy[16];
            snprintf(cy, sizeof cy, "%d", c);
            struct buf refs = BUF_INIT, opts = BUF_INIT;
            refs_text(&refs, json_object_get(q->json, "refs"));
            options_text(&opts, q->json);
            char *when = json_object_get(q->json, "when") ? json_dumps(json_object_get(q->json, "when"), JSON_COMPACT) : NULL;
            csv_field(b, cy, true); csv_field(b, q->id, false); csv_field(b, q->number, false);
            csv_field(b, q->section_title, false); csv_field(b, answer_type_name(q->type), false); csv_field(b, q->text, false);
            csv_field(b, buf_cstr(&refs), false); csv_field(b, buf_cstr(&opts), false); csv_field(b, when, false);
            csv_end_row(b);
            free(when);
            buf_cleanup(&refs);
            buf_cleanup(&opts);
        }
    }
}
