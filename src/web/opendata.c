/*
 * opendata: the bulk downloads — every published report as JSON Lines (domain/bulk.h), and
 * the data dictionary generated from the reporting templates (domain/dictionary.h, described
 * once as a table) — and the page that lists them.
 */
#include <stdio.h>
#include <stdlib.h>

#include "domain/bulk.h"
#include "domain/dictionary.h"
#include "domain/template.h"
#include "web/table_export.h"
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
    if (n < 0) {   /* nothing has been written: a 500, never a partial file in the cache */
        free(mem);
        web_fail(req, res, &(struct err){ ERR_STORE, NULL, NULL });
        return;
    }
    res->content_type = "application/x-ndjson; charset=utf-8";
    http_response_header(res, "Content-Disposition", "attachment; filename=\"poaiss-reports.jsonl\"");
    buf_append(&res->body, mem, len);
    free(mem);
}

/* The data dictionary as a table: a row per question of each real cycle's template (English, as in the templates). */
static void dictionary_table(struct table *t, const struct dictionary_row *v, size_t n)
{
    static const struct table_col cols[] = {
        { "cycle", "cycle", TABLE_COL_LTR, 0 }, { "question", "question", TABLE_COL_LTR, 0 }, { "number", "number", 0, 0 },
        { "section", "section", 0, 0 }, { "type", "type", 0, 0 }, { "text", "text", 0, 0 }, { "refs", "refs", 0, 0 },
        { "options", "options", 0, 0 }, { "applies_when", "applies_when", 0, 0 },
    };
    table_init(t, cols, sizeof cols / sizeof cols[0]);
    for (size_t i = 0; i < n; i++) {
        const struct dictionary_row *r = &v[i];
        char cycle[16];
        snprintf(cycle, sizeof cycle, "%d", r->cycle);
        table_text(t, cycle);
        table_text(t, r->q->id);
        table_text(t, r->q->number);
        table_text(t, r->q->section_title);
        table_text(t, r->type);
        table_text(t, r->q->text);
        table_text(t, r->refs);
        table_text(t, r->options);
        table_text(t, r->applies_when);
    }
}

void page_data_dictionary(struct app *app, struct http_request *req, struct http_response *res)
{
    (void)app;
    struct dictionary_row *v;
    size_t n;
    dictionary_list(&req->arena, &v, &n);
    struct table t;
    dictionary_table(&t, v, n);
    table_send(&t, TABLE_CSV, "poaiss-dictionary", req, res);
    table_cleanup(&t);
}
