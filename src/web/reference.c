/*
 * reference: organisations, who has reported in a reporting cycle, and the Programme of Action
 * text.  Each page reads through the domain (domain/refdata.h, domain/state.h) before writing
 * anything, so a failed read is a 500 and never half a page; the lists are described once as
 * tables (web/reference.h) for the pages, the downloads and the API.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/refdata.h"
#include "domain/state.h"
#include "util/arena.h"
#include "web/reference.h"
#include "web/table_export.h"
#include "web/web.h"

static const char *org_kind(const char *kind)
{
    return strcmp(kind, "regional") == 0 ? _("regional") : strcmp(kind, "subregional") == 0 ? _("subregional") : _("international");
}

/* The labels of a table's columns in the current language (cols: thread-local storage of n columns). */
static const struct table_col *translated(const struct table_col *tpl, struct table_col *cols, size_t n)
{
    for (size_t i = 0; i < n; i++) { cols[i] = tpl[i]; cols[i].label = _(tpl[i].label); }
    return cols;
}

void orgs_table(struct table *t, const struct ref_org *v, size_t n)
{
    static const struct table_col tpl[] = {
        { "code", N_("Code"), TABLE_COL_ROWHEAD | TABLE_COL_LTR, 0 }, { "name", N_("Name"), 0, 0 }, { "kind", N_("Kind"), 0, 0 },
        { "members", N_("Member States"), TABLE_COL_NUM, 0 }, { "url", N_("Website"), TABLE_COL_LTR, 0 },
    };
    enum { N = sizeof tpl / sizeof tpl[0] };
    static _Thread_local struct table_col cols[N];
    table_init(t, translated(tpl, cols, N), N);
    for (size_t i = 0; i < n; i++) {
        table_text(t, v[i].code);
        table_text(t, v[i].name);
        table_text(t, v[i].kind);
        table_int(t, v[i].members);
        table_text(t, v[i].url);
    }
}

void org_members_table(struct table *t, const struct ref_member *v, size_t n)
{
    static const struct table_col tpl[] = { { "state", N_("Code"), TABLE_COL_LTR, 0 }, { "name", N_("State"), TABLE_COL_ROWHEAD, 0 } };
    enum { N = sizeof tpl / sizeof tpl[0] };
    static _Thread_local struct table_col cols[N];
    table_init(t, translated(tpl, cols, N), N);
    for (size_t i = 0; i < n; i++) {
        table_text(t, v[i].iso3);
        table_text(t, v[i].name);
    }
}

/* The code linked to the organisation's page, isolated left to right. */
static void org_code_link(struct buf *b, const struct ref_org *o)
{
    HTML_LIT(b, "<a href=\"/organisations/");
    html_urlpart(b, o->code);
    HTML_LIT(b, "\"><abbr>");
    i18n_html_ltr(b, o->code);
    HTML_LIT(b, "</abbr></a>");
}

void org_item_html(struct buf *b, const struct ref_org *o)
{
    HTML_LIT(b, "<li>");
    org_code_link(b, o);
    HTML_LIT(b, " — ");
    html_text(b, o->name);
    HTML_LIT(b, "</li>");
}

static void org_row(struct buf *b, const struct ref_org *o)
{
    HTML_LIT(b, "<tr><th scope=\"row\">");
    org_code_link(b, o);
    HTML_LIT(b, "</th><td>");
    html_text(b, o->name);
    HTML_LIT(b, "</td><td>");
    html_text(b, org_kind(o->kind));
    HTML_LIT(b, "</td><td class=\"num\">");
    i18n_html_number(b, o->members);
    HTML_LIT(b, "</td></tr>\n");
}

void page_organisations(struct app *app, struct http_request *req, struct http_response *res)
{
    struct ref_org *v;
    size_t n;
    struct err e = ERR_NONE;
    if (ref_orgs(app->store, &req->arena, i18n_lang(), NULL, &v, &n, &e) < 0) { web_fail(req, res, &e); return; }
    enum table_format fmt = table_format_split(req->path, NULL);
    if (fmt != TABLE_PAGE) {
        struct table t;
        orgs_table(&t, v, n);
        table_send(&t, fmt, "poaiss-organisations", req, res);
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
    for (size_t i = 0; i < n; i++) org_row(b, &v[i]);
    HTML_LIT(b, "</tbody></table></div>\n");
    table_links(b, req, "/organisations");
    page_end(req, res);
}

void page_organisation(struct app *app, struct http_request *req, struct http_response *res)
{
    size_t stem_len;
    enum table_format fmt = table_format_split(req->args[0], &stem_len);
    const char *code = arena_strndup(&req->arena, req->args[0], stem_len);
    struct ref_org o;
    struct ref_member *m;
    size_t nm;
    struct err e = ERR_NONE;
    if (ref_org_get(app->store, &req->arena, code, i18n_lang(), &o, &e) < 0 ||
        ref_org_members(app->store, &req->arena, o.code, i18n_lang(), &m, &nm, &e) < 0) {
        web_fail(req, res, &e);
        return;
    }
    if (fmt != TABLE_PAGE) {   /* /organisations/{code}.csv, .xlsx, .json: its Member States */
        struct table t;
        org_members_table(&t, m, nm);
        table_send(&t, fmt, arena_printf(&req->arena, "poaiss-%s-members", o.code), req, res);
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
    if (o.url && strncmp(o.url, "https://", 8) == 0) {
        HTML_LIT(b, "<p><a href=\"");
        html_text(b, o.url);
        HTML_LIT(b, "\" rel=\"noopener\">");
        i18n_html_ltr(b, o.url);
        HTML_LIT(b, "</a></p>\n");
    }
    HTML_LIT(b, "<h2>");
    html_textf(b, _("%d Member States"), o.members);
    HTML_LIT(b, "</h2>\n<ul class=\"columns\">");
    for (size_t i = 0; i < nm; i++) {
        HTML_LIT(b, "<li><a href=\"/states/");
        html_text(b, m[i].iso3);
        HTML_LIT(b, "\">");
        html_text(b, m[i].name);
        HTML_LIT(b, "</a></li>");
    }
    HTML_LIT(b, "</ul>\n");
    table_links(b, req, arena_printf(&req->arena, "/organisations/%s", o.code));
    HTML_LIT(b, "<p><a href=\"/states?org=");
    html_urlpart(b, o.code);
    HTML_LIT(b, "\">");
    html_text(b, _("Show them in the list of States"));
    HTML_LIT(b, "</a></p>\n");
    page_end(req, res);
}

/* ---- the Programme of Action ---- */

/* A paragraph; subparagraphs are stored one per line. */
static void paragraph_html(struct buf *b, const struct ref_doc_paragraph *p)
{
    HTML_LIT(b, "<li id=\"");
    html_text(b, p->address + 4);   /* "PoA II.4" -> "II.4" */
    HTML_LIT(b, "\" value=\"");
    html_int(b, p->num);
    HTML_LIT(b, "\"><a class=\"addr\" href=\"#");
    html_text(b, p->address + 4);
    HTML_LIT(b, "\">");
    html_text(b, p->address);
    HTML_LIT(b, "</a> ");
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
}

static const char *section_title(const struct ref_doc *d, const char *num)
{
    for (size_t i = 0; i < d->nsections; i++)
        if (strcmp(d->sections[i].num, num) == 0) return d->sections[i].title;
    return "";
}

/* The paragraphs, section by section, each heading starting a new list. */
static void paragraphs_html(struct buf *b, const struct ref_doc *d)
{
    const char *open = NULL;
    bool list_open = false;
    for (size_t i = 0; i < d->nparagraphs; i++) {
        const struct ref_doc_paragraph *p = &d->paragraphs[i];
        if (!open || strcmp(open, p->section) != 0) {
            if (list_open) HTML_LIT(b, "</ol>\n");
            if (open) HTML_LIT(b, "</section>\n");
            list_open = false;
            open = p->section;
            HTML_LIT(b, "<section aria-labelledby=\"");
            html_text(b, p->section);
            HTML_LIT(b, "\">\n<h2 id=\"");
            html_text(b, p->section);
            HTML_LIT(b, "\">");
            html_text(b, p->section);
            HTML_LIT(b, ". ");
            html_text(b, section_title(d, p->section));
            HTML_LIT(b, "</h2>\n");
        }
        if (p->heading && *p->heading) {
            if (list_open) HTML_LIT(b, "</ol>\n");
            list_open = false;
            HTML_LIT(b, "<h3>");
            html_text(b, p->heading);
            HTML_LIT(b, "</h3>\n");
        }
        if (!list_open) {
            HTML_LIT(b, "<ol class=\"paras\">\n");
            list_open = true;
        }
        paragraph_html(b, p);
    }
    if (list_open) HTML_LIT(b, "</ol>\n");
    if (open) HTML_LIT(b, "</section>\n");
}

void page_poa(struct app *app, struct http_request *req, struct http_response *res)
{
    struct ref_doc d;
    struct err e = ERR_NONE;
    if (ref_doc_get(app->store, &req->arena, "PoA", &d, &e) < 0) { web_fail(req, res, &e); return; }
    page_begin(req, res, _("Programme of Action"));
    struct buf *b = &res->body;
    HTML_LIT(b, "<h1>");
    html_text(b, d.title);
    HTML_LIT(b, "</h1>\n<p class=\"lead\">");
    html_text(b, d.symbol ? d.symbol : "");
    HTML_LIT(b, " · ");
    html_int(b, d.year);
    HTML_LIT(b, " · ");
    html_text(b, _("Each paragraph has a stable address, such as PoA II.4, that the reporting template cites."));
    HTML_LIT(b, " <a href=\"/api/v1/documents/poa\">JSON</a></p>\n<nav aria-label=\"");
    html_text(b, _("Sections"));
    HTML_LIT(b, "\" class=\"toc\"><ol>");
    for (size_t i = 0; i < d.nsections; i++) {
        HTML_LIT(b, "<li><a href=\"#");
        html_text(b, d.sections[i].num);
        HTML_LIT(b, "\">");
        html_text(b, d.sections[i].num);
        HTML_LIT(b, ". ");
        html_text(b, d.sections[i].title);
        HTML_LIT(b, "</a></li>");
    }
    HTML_LIT(b, "</ol></nav>\n");
    bool foreign = strcmp(i18n_lang(), "en") != 0;
    if (foreign) HTML_LIT(b, "<div lang=\"en\" dir=\"ltr\">\n");   /* the text exists in English only here */
    paragraphs_html(b, &d);
    if (foreign) HTML_LIT(b, "</div>\n");
    page_end(req, res);
}

/* ---- one cycle: who has reported, by region ---- */

/*
 * Who has published a report for a cycle: every State, region by region in the order the
 * regions first appear in the list of States (as on the page), the States in list order within
 * each.  One description for the page's count and the downloads.
 */
static void cycle_reporting_table(struct table *t, int year, const struct state_reporting *v, size_t n)
{
    static const struct table_col tpl[] = {
        { "cycle", N_("Cycle"), 0, 0 }, { "region", N_("Region code"), 0, 0 }, { "region_name", N_("Region"), 0, 0 },
        { "state", N_("Code"), 0, 0 }, { "name", N_("State"), 0, 0 }, { "reported", N_("Reported"), 0, 0 },
        { "report", N_("Report"), 0, 0 }, { "synthetic", N_("Synthetic"), 0, 0 },
    };
    enum { N = sizeof tpl / sizeof tpl[0] };
    static _Thread_local struct table_col cols[N];
    table_init(t, translated(tpl, cols, N), N);
    for (size_t i = 0; i < n; i++) {
        const char *region = v[i].st.region.code ? v[i].st.region.code : "";
        bool seen = false;
        for (size_t k = 0; k < i && !seen; k++) seen = strcmp(v[k].st.region.code ? v[k].st.region.code : "", region) == 0;
        if (seen) continue;
        for (size_t j = i; j < n; j++) {
            const struct state_reporting *r = &v[j];
            if (strcmp(r->st.region.code ? r->st.region.code : "", region) != 0) continue;
            table_int(t, year);
            table_text(t, region);
            table_text(t, r->st.region.name ? r->st.region.name : "");
            table_text(t, r->st.iso3);
            table_text(t, r->st.local_name ? r->st.local_name : r->st.iso3);
            table_bool(t, r->report != 0);
            if (r->report) { table_int(t, r->report); table_bool(t, r->synthetic); }
            else { table_empty(t); table_empty(t); }
        }
    }
}

/* A region of the cycle page: its States, how many reported, the list of links to their reports. */
struct region_tally { const char *code, *name; int states, reported; };

void page_cycle(struct app *app, struct http_request *req, struct http_response *res)
{
    enum table_format fmt = (enum table_format)req->fmt;
    int year = (int)web_arg(req, 0)->n;
    struct state_reporting *v;
    size_t n;
    struct err e = ERR_NONE;
    if (state_reporting_list(app->store, &req->arena, year, i18n_lang(), &v, &n, &e) < 0) { web_fail(req, res, &e); return; }
    if (fmt != TABLE_PAGE) {
        struct table t;
        cycle_reporting_table(&t, year, v, n);
        table_send(&t, fmt, arena_printf(&req->arena, "poaiss-cycle-%d", year), req, res);
        table_cleanup(&t);
        return;
    }
    /* The regions in the order they first appear. */
    struct region_tally *regions = arena_array(&req->arena, n ? n : 1, sizeof *regions);
    size_t nregions = 0;
    int reported = 0;
    bool synthetic = false;
    for (size_t i = 0; i < n; i++) {
        const char *code = v[i].st.region.code ? v[i].st.region.code : "";
        size_t k = 0;
        while (k < nregions && strcmp(regions[k].code, code) != 0) k++;
        if (k == nregions)
            regions[nregions++] = (struct region_tally){ code, v[i].st.region.name ? v[i].st.region.name : "—", 0, 0 };
        regions[k].states++;
        if (v[i].report) { regions[k].reported++; reported++; synthetic |= v[i].synthetic; }
    }
    const char *title = arena_printf(&req->arena, "%s %d", _("Reporting cycle"), year);
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
    html_textf(b, _("%d States have published a report for this cycle."), reported);
    HTML_LIT(b, "</p>\n<p><a href=\"/analysis/trends/");
    html_int(b, year);
    HTML_LIT(b, "\">");
    html_text(b, _("Analysis of trends for this cycle"));
    HTML_LIT(b, "</a> (<a href=\"/analysis/trends/");
    html_int(b, year);
    HTML_LIT(b, ".pdf\">PDF</a>)</p>\n<div class=\"scroll\"><table class=\"list\"><thead><tr><th scope=\"col\">");
    html_text(b, _("Region"));
    HTML_LIT(b, "</th><th scope=\"col\" class=\"num\">");
    html_text(b, _("Reported"));
    HTML_LIT(b, "</th><th scope=\"col\" class=\"num\">");
    html_text(b, _("States"));
    HTML_LIT(b, "</th><th scope=\"col\" class=\"num\">%</th></tr></thead><tbody>");
    for (size_t i = 0; i < nregions; i++) {
        HTML_LIT(b, "<tr><th scope=\"row\"><a href=\"#r");
        html_text(b, regions[i].code);
        HTML_LIT(b, "\">");
        html_text(b, regions[i].name);
        HTML_LIT(b, "</a></th><td class=\"num\">");
        i18n_html_number(b, regions[i].reported);
        HTML_LIT(b, "</td><td class=\"num\">");
        i18n_html_number(b, regions[i].states);
        HTML_LIT(b, "</td><td class=\"num\">");
        i18n_html_number(b, regions[i].states ? regions[i].reported * 100 / regions[i].states : 0);
        HTML_LIT(b, "</td></tr>");
    }
    HTML_LIT(b, "</tbody></table></div>\n");
    table_links(b, req, arena_printf(&req->arena, "/cycles/%d", year));
    for (size_t i = 0; i < nregions; i++) {
        HTML_LIT(b, "<h2 id=\"r");
        html_text(b, regions[i].code);
        HTML_LIT(b, "\">");
        html_text(b, regions[i].name);
        HTML_LIT(b, "</h2>");
        if (!regions[i].reported) {
            HTML_LIT(b, "<p>");
            html_text(b, _("No published report."));
            HTML_LIT(b, "</p>\n");
            continue;
        }
        HTML_LIT(b, "<ul class=\"columns\">");
        for (size_t j = 0; j < n; j++) {
            if (!v[j].report || strcmp(v[j].st.region.code ? v[j].st.region.code : "", regions[i].code) != 0) continue;
            HTML_LIT(b, "<li><a href=\"/reports/");
            html_int(b, v[j].report);
            HTML_LIT(b, "\">");
            html_text(b, v[j].st.local_name);
            HTML_LIT(b, "</a></li>");
        }
        HTML_LIT(b, "</ul>\n");
    }
    page_end(req, res);
}
