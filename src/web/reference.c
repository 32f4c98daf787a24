/* reference: organisations, reporting cycles and the Programme of Action text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/refdata.h"
#include "util/mem.h"

#include "web/table_export.h"
#include "web/web.h"

static const char *org_kind(const char *kind)
{
    return strcmp(kind, "regional") == 0 ? _("regional") : strcmp(kind, "subregional") == 0 ? _("subregional") : _("international");
}

static int org_row(const struct store_org *o, void *ctx)
{
    struct buf *b = ctx;
    HTML_LIT(b, "<tr><th scope=\"row\"><a href=\"/organisations/");
    html_urlpart(b, o->code);
    HTML_LIT(b, "\">");
    i18n_html_ltr(b, o->code);
    HTML_LIT(b, "</a></th><td>");
    html_text(b, o->name);
    HTML_LIT(b, "</td><td>");
    html_text(b, org_kind(o->kind));
    HTML_LIT(b, "</td><td class=\"num\">");
    i18n_html_number(b, o->count);
    HTML_LIT(b, "</td></tr>\n");
    return 0;
}

static int org_cells(const struct store_org *o, void *ctx)
{
    struct table *t = ctx;
    table_text(t, o->code);
    table_text(t, o->name);
    table_text(t, o->kind);
    table_int(t, o->count);
    table_text(t, o->url);
    return 0;
}

void page_organisations(struct app *app, struct http_request *req, struct http_response *res)
{
    enum table_format fmt = table_format_split(req->path, NULL);
    if (fmt != TABLE_PAGE) {
        const struct table_col cols[] = {
            { "code", _("Code"), 0, 0 }, { "name", _("Name"), 0, 0 }, { "kind", _("Kind"), 0, 0 }, { "members", _("Member States"), 0, 0 },
            { "url", _("Website"), 0, 0 },
        };
        struct table t;
        table_init(&t, cols, sizeof cols / sizeof cols[0]);
        if (store_orgs_each(app->store, i18n_lang(), NULL, org_cells, &t) < 0) web_error(req, res, 500, _("The database could not be read."));
        else table_send(&t, fmt, "poaiss-organisations", req, res);
        table_cleanup(&t);
        return;
    }
    page_begin(req, res, _("Organisations"));
    struct buf *b = &res->body;
    HTML_LIT(b, "<h1>");
    html_text(b, _("Regional and subregional organisations"));
    HTML_LIT(b, "</h1>\n<div class=\"scroll\"><table class=\"list\">\n<thead><tr><th scope=\"col\">");
    html_text(b, _("Code"));
    HTML_LIT(b, "</th><th scope=\"col\">");
    html_text(b, _("Name"));
    HTML_LIT(b, "</th><th scope=\"col\">");
    html_text(b, _("Kind"));
    HTML_LIT(b, "</th><th scope=\"col\" class=\"num\">");
    html_text(b, _("Member States"));
    HTML_LIT(b, "</th></tr></thead>\n<tbody>\n");
    store_orgs_each(app->store, i18n_lang(), NULL, org_row, b);
    HTML_LIT(b, "</tbody></table></div>\n");
    table_links(b, req, "/organisations");
    page_end(req, res);
}

struct org_copy { char code[24], name[200], kind[16], url[200]; int count; };

static int org_copy_cb(const struct store_org *o, void *ctx)
{
    struct org_copy *c = ctx;
    snprintf(c->code, sizeof c->code, "%s", o->code);
    snprintf(c->name, sizeof c->name, "%s", o->name);
    snprintf(c->kind, sizeof c->kind, "%s", o->kind);
    snprintf(c->url, sizeof c->url, "%s", o->url ? o->url : "");
    c->count = o->count;
    return 0;
}

static int member_item(const char *iso3, const char *name, void *ctx)
{
    struct buf *b = ctx;
    HTML_LIT(b, "<li><a href=\"/states/");
    html_text(b, iso3);
    HTML_LIT(b, "\">");
    html_text(b, name);
    HTML_LIT(b, "</a></li>");
    return 0;
}

static int member_cells(const char *iso3, const char *name, void *ctx)
{
    struct table *t = ctx;
    table_text(t, iso3);
    table_text(t, name);
    return 0;
}

void page_organisation(struct app *app, struct http_request *req, struct http_response *res)
{
    struct org_copy o;
    size_t stem_len;
    enum table_format fmt = table_format_split(req->args[0], &stem_len);
    char code[24];
    if (stem_len > 16) { web_error(req, res, 400, _("An organisation is named by its short code, such as ECOWAS.")); return; }
    snprintf(code, sizeof code, "%.*s", (int)stem_len, req->args[0]);
    int rc = store_org_get(app->store, code, i18n_lang(), org_copy_cb, &o);
    if (rc == 1) { web_error(req, res, 404, _("There is no organisation with this code.")); return; }
    if (rc < 0) { web_error(req, res, 500, _("The database could not be read.")); return; }
    if (fmt != TABLE_PAGE) {   /* /organisations/{code}.csv, .xlsx, .json: its Member States */
        const struct table_col cols[] = { { "state", _("Code"), 0, 0 }, { "name", _("State"), 0, 0 } };
        struct table t;
        table_init(&t, cols, 2);
        store_org_members_each(app->store, o.code, i18n_lang(), member_cells, &t);
        char stem[48];
        snprintf(stem, sizeof stem, "poaiss-%s-members", o.code);
        table_send(&t, fmt, stem, req, res);
        table_cleanup(&t);
        return;
    }
    page_begin(req, res, o.code);
    struct buf *b = &res->body;
    HTML_LIT(b, "<nav aria-label=\"");
    html_text(b, _("Breadcrumb"));
    HTML_LIT(b, "\" class=\"crumbs\"><a href=\"/organisations\">");
    html_text(b, _("Organisations"));
    HTML_LIT(b, "</a></nav>\n<h1>");
    html_text(b, o.name);
    HTML_LIT(b, " (");
    i18n_html_ltr(b, o.code);
    HTML_LIT(b, ")</h1>\n");
    if (o.url[0] && strncmp(o.url, "https://", 8) == 0) {
        HTML_LIT(b, "<p><a href=\"");
        html_text(b, o.url);
        HTML_LIT(b, "\" rel=\"noopener\">");
        i18n_html_ltr(b, o.url);
        HTML_LIT(b, "</a></p>\n");
    }
    HTML_LIT(b, "<h2>");
    html_textf(b, _("%d Member States"), o.count);
    HTML_LIT(b, "</h2>\n<ul class=\"columns\">");
    store_org_members_each(app->store, o.code, i18n_lang(), member_item, b);
    HTML_LIT(b, "</ul>\n");
    char self[48];
    snprintf(self, sizeof self, "/organisations/%s", o.code);
    table_links(b, req, self);
    HTML_LIT(b, "<p><a href=\"/states?org=");
    html_urlpart(b, o.code);
    HTML_LIT(b, "\">");
    html_text(b, _("Show them in the list of States"));
    HTML_LIT(b, "</a></p>\n");
    page_end(req, res);
}

struct poa_ctx { struct buf *b; char section[8]; struct app *app; };

static int toc_item(const struct store_section *s, void *ctx)
{
    struct buf *b = ctx;
    HTML_LIT(b, "<li><a href=\"#");
    html_text(b, s->num);
    HTML_LIT(b, "\">");
    html_text(b, s->num);
    HTML_LIT(b, ". ");
    html_text(b, s->title);
    HTML_LIT(b, "</a></li>");
    return 0;
}

struct section_titles { char num[8][8]; char title[8][200]; int n; };

static int section_copy(const struct store_section *s, void *ctx)
{
    struct section_titles *t = ctx;
    if (t->n >= 8) return 1;
    snprintf(t->num[t->n], sizeof t->num[0], "%s", s->num);
    snprintf(t->title[t->n], sizeof t->title[0], "%s", s->title);
    t->n++;
    return 0;
}

struct para_ctx { struct buf *b; struct section_titles *t; char open[8]; bool list_open; };

static int para(const struct store_paragraph *p, void *ctx)
{
    struct para_ctx *c = ctx;
    struct buf *b = c->b;
    if (strcmp(c->open, p->section) != 0) {
        if (c->list_open) HTML_LIT(b, "</ol>\n");
        if (c->open[0]) HTML_LIT(b, "</section>\n");
        c->list_open = false;
        snprintf(c->open, sizeof c->open, "%s", p->section);
        const char *title = "";
        for (int i = 0; i < c->t->n; i++)
            if (strcmp(c->t->num[i], p->section) == 0) title = c->t->title[i];
        HTML_LIT(b, "<section aria-labelledby=\"");
        html_text(b, p->section);
        HTML_LIT(b, "\">\n<h2 id=\"");
        html_text(b, p->section);
        HTML_LIT(b, "\">");
        html_text(b, p->section);
        HTML_LIT(b, ". ");
        html_text(b, title);
        HTML_LIT(b, "</h2>\n");
    }
    if (p->heading && *p->heading) {
        if (c->list_open) HTML_LIT(b, "</ol>\n");
        c->list_open = false;
        HTML_LIT(b, "<h3>");
        html_text(b, p->heading);
        HTML_LIT(b, "</h3>\n");
    }
    if (!c->list_open) {
        HTML_LIT(b, "<ol class=\"paras\">\n");
        c->list_open = true;
    }
    HTML_LIT(b, "<li id=\"");
    html_text(b, p->address + 4);   /* "PoA II.4" -> "II.4" */
    HTML_LIT(b, "\" value=\"");
    html_int(b, p->num);
    HTML_LIT(b, "\"><a class=\"addr\" href=\"#");
    html_text(b, p->address + 4);
    HTML_LIT(b, "\">");
    html_text(b, p->address);
    HTML_LIT(b, "</a> ");
    /* Subparagraphs are stored one per line. */
    const char *t = p->text;
    bool first = true;
    while (*t) {
        const char *nl = strchr(t, '\n');
        size_t n = nl ? (size_t)(nl - t) : strlen(t);
        if (!first) HTML_LIT(b, "<br>");
        html_textn(b, t, n);
        first = false;
        t += n + (nl ? 1 : 0);
    }
    HTML_LIT(b, "</li>\n");
    return 0;
}

struct doc_copy { char title[300], symbol[40]; int year; };

static int doc_cb(const struct store_doc *d, void *ctx)
{
    struct doc_copy *c = ctx;
    snprintf(c->title, sizeof c->title, "%s", d->title);
    snprintf(c->symbol, sizeof c->symbol, "%s", d->symbol ? d->symbol : "");
    c->year = d->year;
    return 0;
}

void page_poa(struct app *app, struct http_request *req, struct http_response *res)
{
    struct doc_copy d;
    if (store_doc_get(app->store, "PoA", doc_cb, &d) != 0) {
        web_error(req, res, 404, _("The Programme of Action has not been loaded into this database."));
        return;
    }
    struct section_titles t = { .n = 0 };
    store_doc_sections_each(app->store, "PoA", section_copy, &t);
    page_begin(req, res, _("Programme of Action"));
    struct buf *b = &res->body;
    HTML_LIT(b, "<h1>");
    html_text(b, d.title);
    HTML_LIT(b, "</h1>\n<p class=\"lead\">");
    html_text(b, d.symbol);
    HTML_LIT(b, " · ");
    html_int(b, d.year);
    HTML_LIT(b, " · ");
    html_text(b, _("Each paragraph has a stable address, such as PoA II.4, that the reporting template cites."));
    HTML_LIT(b, " <a href=\"/api/v1/documents/poa\">JSON</a></p>\n<nav aria-label=\"");
    html_text(b, _("Sections"));
    HTML_LIT(b, "\" class=\"toc\"><ol>");
    store_doc_sections_each(app->store, "PoA", toc_item, b);
    HTML_LIT(b, "</ol></nav>\n");
    bool foreign = strcmp(i18n_lang(), "en") != 0;
    if (foreign) HTML_LIT(b, "<div lang=\"en\" dir=\"ltr\">\n");   /* the text exists in English only here */
    struct para_ctx pc = { b, &t, "", false };
    store_doc_paragraphs_each(app->store, "PoA", para, &pc);
    if (pc.list_open) HTML_LIT(b, "</ol>\n");
    if (pc.open[0]) HTML_LIT(b, "</section>\n");
    if (foreign) HTML_LIT(b, "</div>\n");
    page_end(req, res);
}

/* ---- one cycle: who has reported, by region ---- */

struct cycle_reports { int n; struct { char iso3[4]; long long id; bool synthetic; } r[256]; };

static int cycle_report_cb(const struct store_report *r, void *ctx)
{
    struct cycle_reports *c = ctx;
    if (c->n >= 256) return 1;
    snprintf(c->r[c->n].iso3, 4, "%s", r->state_iso3);
    c->r[c->n].id = r->id;
    c->r[c->n].synthetic = r->synthetic;
    c->n++;
    return 0;
}

struct region_tally { char code[8], name[80]; int states, reported; struct buf list; };
struct tally_ctx { struct region_tally t[8]; int n; struct cycle_reports *cr; };

static int tally_state(const struct store_state *s, void *ctx)
{
    struct tally_ctx *tc = ctx;
    const char *code = s->region ? s->region : "";
    struct region_tally *t = NULL;
    for (int i = 0; i < tc->n; i++)
        if (strcmp(tc->t[i].code, code) == 0) t = &tc->t[i];
    if (!t) {
        if (tc->n >= 8) return 0;
        t = &tc->t[tc->n++];
        snprintf(t->code, sizeof t->code, "%s", code);
        snprintf(t->name, sizeof t->name, "%s", s->region_name ? s->region_name : "—");
    }
    t->states++;
    for (int i = 0; i < tc->cr->n; i++) {
        if (strcmp(tc->cr->r[i].iso3, s->iso3) != 0) continue;
        t->reported++;
        HTML_LIT(&t->list, "<li><a href=\"/reports/");
        html_int(&t->list, tc->cr->r[i].id);
        HTML_LIT(&t->list, "\">");
        html_text(&t->list, s->local_name);
        HTML_LIT(&t->list, "</a></li>");
    }
    return 0;
}

/* /cycles/{year}.csv, .xlsx, .json: every State, region by region, and whether it has published a report. */
struct status_row { char iso3[4], name[160], region[8], region_name[80]; long long report; bool synthetic; };
struct status_ctx { struct status_row *rows; int n, cap; struct cycle_reports *cr; };

static int status_state(const struct store_state *s, void *ctx)
{
    struct status_ctx *sc = ctx;
    if (sc->n == sc->cap) {
        sc->cap = sc->cap ? sc->cap * 2 : 256;
        sc->rows = xrealloc(sc->rows, (size_t)sc->cap * sizeof *sc->rows);
    }
    struct status_row *r = &sc->rows[sc->n++];
    memset(r, 0, sizeof *r);
    snprintf(r->iso3, sizeof r->iso3, "%s", s->iso3);
    snprintf(r->name, sizeof r->name, "%s", s->local_name ? s->local_name : s->iso3);
    snprintf(r->region, sizeof r->region, "%s", s->region ? s->region : "");
    snprintf(r->region_name, sizeof r->region_name, "%s", s->region_name ? s->region_name : "");
    for (int i = 0; i < sc->cr->n; i++)
        if (strcmp(sc->cr->r[i].iso3, s->iso3) == 0) { r->report = sc->cr->r[i].id; r->synthetic = sc->cr->r[i].synthetic; }
    return 0;
}

static void cycle_download(struct app *app, struct http_request *req, struct http_response *res, int year,
                           struct cycle_reports *cr, enum table_format fmt)
{
    const struct table_col cols[] = {
        { "cycle", _("Cycle"), 0, 0 }, { "region", _("Region code"), 0, 0 }, { "region_name", _("Region"), 0, 0 },
        { "state", _("Code"), 0, 0 }, { "name", _("State"), 0, 0 }, { "reported", _("Reported"), 0, 0 },
        { "report", _("Report"), 0, 0 }, { "synthetic", _("Synthetic"), 0, 0 },
    };
    struct status_ctx sc = { .cr = cr };
    struct store_state_filter f = { .lang = i18n_lang() };
    if (store_states_each(app->store, &f, status_state, &sc) < 0) {
        free(sc.rows);
        web_error(req, res, 500, _("The database could not be read."));
        return;
    }
    struct table t;
    table_init(&t, cols, sizeof cols / sizeof cols[0]);
    /* Region by region, in the order the regions first appear (as on the page), States in list order within each. */
    for (int i = 0; i < sc.n; i++) {
        bool seen = false;
        for (int k = 0; k < i && !seen; k++) seen = strcmp(sc.rows[k].region, sc.rows[i].region) == 0;
        if (seen) continue;
        for (int j = i; j < sc.n; j++) {
            const struct status_row *r = &sc.rows[j];
            if (strcmp(r->region, sc.rows[i].region) != 0) continue;
            table_int(&t, year);
            table_text(&t, r->region);
            table_text(&t, r->region_name);
            table_text(&t, r->iso3);
            table_text(&t, r->name);
            table_bool(&t, r->report != 0);
            if (r->report) { table_int(&t, r->report); table_bool(&t, r->synthetic); }
            else { table_empty(&t); table_empty(&t); }
        }
    }
    char stem[40];
    snprintf(stem, sizeof stem, "poaiss-cycle-%d", year);
    table_send(&t, fmt, stem, req, res);
    table_cleanup(&t);
    free(sc.rows);
}

void page_cycle(struct app *app, struct http_request *req, struct http_response *res)
{
    enum table_format fmt = (enum table_format)req->fmt;
    long year = (long)web_arg(req, 0)->n;
    struct cycle_reports *cr = xcalloc(1, sizeof *cr);
    store_reports_each(app->store, NULL, (int)year, NULL, true, cycle_report_cb, cr);
    if (fmt != TABLE_PAGE) {
        cycle_download(app, req, res, (int)year, cr, fmt);
        free(cr);
        return;
    }
    struct tally_ctx tc = { .n = 0, .cr = cr };
    struct store_state_filter f = { .lang = i18n_lang() };
    store_states_each(app->store, &f, tally_state, &tc);
    bool synthetic = false;
    for (int i = 0; i < cr->n; i++) synthetic |= cr->r[i].synthetic;
    char title[64];
    snprintf(title, sizeof title, "%s %ld", _("Reporting cycle"), year);
    page_begin(req, res, title);
    struct buf *b = &res->body;
    HTML_LIT(b, "<h1>");
    html_text(b, title);
    HTML_LIT(b, "</h1>\n");
    if (synthetic) {
        HTML_LIT(b, "<p class=\"notice\" role=\"note\">");
        html_text(b, _("Synthetic demonstration data: these reports were generated for the demonstration."));
        HTML_LIT(b, "</p>\n");
    }
    HTML_LIT(b, "<p class=\"lead\">");
    html_textf(b, _("%d States have published a report for this cycle."), cr->n);
    HTML_LIT(b, "</p>\n<div class=\"scroll\"><table class=\"list\"><thead><tr><th scope=\"col\">");
    html_text(b, _("Region"));
    HTML_LIT(b, "</th><th scope=\"col\" class=\"num\">");
    html_text(b, _("Reported"));
    HTML_LIT(b, "</th><th scope=\"col\" class=\"num\">");
    html_text(b, _("States"));
    HTML_LIT(b, "</th><th scope=\"col\" class=\"num\">%</th></tr></thead><tbody>");
    for (int i = 0; i < tc.n; i++) {
        HTML_LIT(b, "<tr><th scope=\"row\"><a href=\"#r");
        html_text(b, tc.t[i].code);
        HTML_LIT(b, "\">");
        html_text(b, tc.t[i].name);
        HTML_LIT(b, "</a></th><td class=\"num\">");
        i18n_html_number(b, tc.t[i].reported);
        HTML_LIT(b, "</td><td class=\"num\">");
        i18n_html_number(b, tc.t[i].states);
        HTML_LIT(b, "</td><td class=\"num\">");
        i18n_html_number(b, tc.t[i].states ? tc.t[i].reported * 100 / tc.t[i].states : 0);
        HTML_LIT(b, "</td></tr>");
    }
    HTML_LIT(b, "</tbody></table></div>\n");
    char self[24];
    snprintf(self, sizeof self, "/cycles/%ld", year);
    table_links(b, req, self);
    for (int i = 0; i < tc.n; i++) {
        HTML_LIT(b, "<h2 id=\"r");
        html_text(b, tc.t[i].code);
        HTML_LIT(b, "\">");
        html_text(b, tc.t[i].name);
        HTML_LIT(b, "</h2>");
        if (tc.t[i].reported) {
            HTML_LIT(b, "<ul class=\"columns\">");
            buf_append(b, tc.t[i].list.data, tc.t[i].list.len);
            HTML_LIT(b, "</ul>\n");
        } else {
            HTML_LIT(b, "<p>");
            html_text(b, _("No published report."));
            HTML_LIT(b, "</p>\n");
        }
        buf_cleanup(&tc.t[i].list);
    }
    free(cr);
    page_end(req, res);
}
