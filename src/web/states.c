/* states: the list of States with filters, and a profile page per State. */
#include <stdio.h>
#include <string.h>

#include "domain/report.h"
#include "web/table_export.h"
#include "web/web.h"

/* ---- the filter form ---- */

struct select_ctx { struct buf *b; const char *selected; };

static void option(struct buf *b, const char *value, const char *label, const char *selected, int indent)
{
    HTML_LIT(b, "<option value=\"");
    html_text(b, value);
    HTML_LIT(b, "\"");
    if (selected && strcmp(selected, value) == 0) HTML_LIT(b, " selected");
    HTML_LIT(b, ">");
    for (int i = 0; i < indent; i++) HTML_LIT(b, "\xC2\xA0\xC2\xA0");   /* no-break spaces show the tree */
    html_text(b, label);
    HTML_LIT(b, "</option>");
}

static int region_option(const struct store_region *r, void *ctx)
{
    struct select_ctx *c = ctx;
    char label[160];
    snprintf(label, sizeof label, "%s (%d)", r->name, r->count);
    option(c->b, r->code, label, c->selected, r->level - 1);
    return 0;
}

static int group_option(const struct store_group *g, void *ctx)
{
    struct select_ctx *c = ctx;
    option(c->b, g->code, g->name, c->selected, 0);
    return 0;
}

static int org_option(const struct store_org *o, void *ctx)
{
    struct select_ctx *c = ctx;
    char label[200];
    snprintf(label, sizeof label, "%s — %s", o->code, o->name);
    option(c->b, o->code, label, c->selected, 0);
    return 0;
}

static void filter_form(struct app *app, struct buf *b, const struct store_state_filter *f)
{
    HTML_LIT(b, "<form method=\"get\" action=\"/states\" class=\"filters\" role=\"search\">\n<div><label for=\"q\">");
    html_text(b, _("Name or code"));
    HTML_LIT(b, "</label><input id=\"q\" name=\"q\" type=\"search\" maxlength=\"100\" value=\"");
    html_text(b, f->q ? f->q : "");
    HTML_LIT(b, "\"></div>\n<div><label for=\"region\">");
    html_text(b, _("Region or subregion"));
    HTML_LIT(b, "</label><select id=\"region\" name=\"region\"><option value=\"\">");
    html_text(b, _("All regions"));
    HTML_LIT(b, "</option>");
    struct select_ctx c = { b, f->region };
    store_regions_each(app->store, region_option, &c);
    HTML_LIT(b, "</select></div>\n<div><label for=\"group\">");
    html_text(b, _("UN regional group"));
    HTML_LIT(b, "</label><select id=\"group\" name=\"group\"><option value=\"\">");
    html_text(b, _("All groups"));
    HTML_LIT(b, "</option>");
    c.selected = f->grp;
    store_groups_each(app->store, group_option, &c);
    HTML_LIT(b, "</select></div>\n<div><label for=\"org\">");
    html_text(b, _("Organisation"));
    HTML_LIT(b, "</label><select id=\"org\" name=\"org\"><option value=\"\">");
    html_text(b, _("Any organisation"));
    HTML_LIT(b, "</option>");
    c.selected = f->org;
    store_orgs_each(app->store, NULL, org_option, &c);
    HTML_LIT(b, "</select></div>\n<div class=\"actions\"><button type=\"submit\">");
    html_text(b, _("Filter"));
    HTML_LIT(b, "</button> <a href=\"/states\">");
    html_text(b, _("Clear"));
    HTML_LIT(b, "</a></div>\n</form>\n");
}

struct rows_ctx { struct buf *b; int n; };

static int state_row(const struct store_state *s, void *ctx)
{
    struct rows_ctx *c = ctx;
    struct buf *b = c->b;
    c->n++;
    HTML_LIT(b, "<tr><th scope=\"row\"><a href=\"/states/");
    html_text(b, s->iso3);
    HTML_LIT(b, "\">");
    html_text(b, s->local_name);
    HTML_LIT(b, "</a>");
    if (strcmp(s->status, "observer") == 0) {
        HTML_LIT(b, " <span class=\"tag\">");
        html_text(b, _("observer State"));
        HTML_LIT(b, "</span>");
    }
    HTML_LIT(b, "</th><td><abbr>");
    html_text(b, s->iso3);
    HTML_LIT(b, "</abbr></td><td>");
    html_text(b, s->region_name);
    HTML_LIT(b, "</td><td>");
    html_text(b, s->intermediate_name ? s->intermediate_name : s->subregion_name);
    HTML_LIT(b, "</td><td>");
    html_text(b, s->grp_name ? s->grp_name : "—");
    HTML_LIT(b, "</td></tr>\n");
    return 0;
}

/* ---- the list as a download (/states.csv, .xlsx, .json with the page's filters) ---- */

static int state_cells(const struct store_state *s, void *ctx)
{
    struct table *t = ctx;
    table_text(t, s->iso3);
    table_text(t, s->local_name);
    table_text(t, s->status);
    table_text(t, s->region);
    table_text(t, s->region_name);
    table_text(t, s->subregion);
    table_text(t, s->subregion_name);
    table_text(t, s->intermediate);
    table_text(t, s->intermediate_name);
    table_text(t, s->grp);
    table_text(t, s->grp_name);
    return 0;
}

static void states_download(struct app *app, struct http_request *req, struct http_response *res,
                            const struct store_state_filter *f, enum table_format fmt)
{
    const struct table_col cols[] = {
        { "iso3", _("Code") }, { "name", _("State") }, { "status", _("Status") },
        { "region", _("Region code") }, { "region_name", _("Region") },
        { "subregion", _("Subregion code") }, { "subregion_name", _("Subregion") },
        { "intermediate", _("Intermediate region code") }, { "intermediate_name", _("Intermediate region") },
        { "group", _("Group code") }, { "group_name", _("Regional group") },
    };
    struct table t;
    table_init(&t, cols, sizeof cols / sizeof cols[0]);
    if (store_states_each(app->store, f, state_cells, &t) < 0) web_error(req, res, 500, _("The database could not be read."));
    else table_send(&t, fmt, "poaiss-states", req, res);
    table_cleanup(&t);
}

void page_states(struct app *app, struct http_request *req, struct http_response *res)
{
    struct store_state_filter f;
    if (!web_state_filter(app, req, res, i18n_lang(), &f)) return;
    enum table_format fmt = table_format_split(req->path, NULL);
    if (fmt != TABLE_PAGE) { states_download(app, req, res, &f, fmt); return; }

    struct buf rows = BUF_INIT;
    struct rows_ctx rc = { &rows, 0 };
    if (store_states_each(app->store, &f, state_row, &rc) < 0) {
        buf_cleanup(&rows);
        web_error(req, res, 500, _("The database could not be read."));
        return;
    }
    page_begin(req, res, _("States"));
    struct buf *b = &res->body;
    HTML_LIT(b, "<h1>");
    html_text(b, _("States"));
    HTML_LIT(b, "</h1>\n<p>");
    html_text(b, _("The 193 Member States of the United Nations and the two observer States, by UN M49 region and UN regional group."));
    HTML_LIT(b, "</p>\n");
    filter_form(app, b, &f);
    HTML_LIT(b, "<p role=\"status\" class=\"count\">");
    html_textf(b, rc.n == 1 ? _("%d State") : _("%d States"), rc.n);
    HTML_LIT(b, " · <a href=\"/api/v1/states");
    if (req->uri && strchr(req->uri, '?')) html_text(b, strchr(req->uri, '?'));
    HTML_LIT(b, "\">JSON</a></p>\n");
    table_links(b, req, "/states");
    if (rc.n) {
        HTML_LIT(b, "<div class=\"scroll\"><table class=\"list\">\n<caption class=\"visually-hidden\">");
        html_text(b, _("States"));
        HTML_LIT(b, "</caption>\n<thead><tr><th scope=\"col\">");
        html_text(b, _("State"));
        HTML_LIT(b, "</th><th scope=\"col\">");
        html_text(b, _("Code"));
        HTML_LIT(b, "</th><th scope=\"col\">");
        html_text(b, _("Region"));
        HTML_LIT(b, "</th><th scope=\"col\">");
        html_text(b, _("Subregion"));
        HTML_LIT(b, "</th><th scope=\"col\">");
        html_text(b, _("Regional group"));
        HTML_LIT(b, "</th></tr></thead>\n<tbody>\n");
        buf_append(b, rows.data, rows.len);
        HTML_LIT(b, "</tbody></table></div>\n");
    } else {
        HTML_LIT(b, "<p>");
        html_text(b, _("No State matches these filters."));
        HTML_LIT(b, "</p>\n");
    }
    buf_cleanup(&rows);
    page_end(req, res);
}

/* ---- the profile ---- */

struct profile {
    struct buf *b;
    char iso3[4], iso2[3], numeric[4];
    char name[160], local_name[160], official[200], status[16];
    char region[8], region_name[80], subregion[8], subregion_name[80], inter[8], inter_name[80], grp[8], grp_name[120];
};

#define COPY(dst, src) snprintf((dst), sizeof(dst), "%s", (src) ? (src) : "")

static int profile_cb(const struct store_state *s, void *ctx)
{
    struct profile *p = ctx;
    COPY(p->iso3, s->iso3); COPY(p->iso2, s->iso2); COPY(p->numeric, s->numeric);
    COPY(p->name, s->name); COPY(p->local_name, s->local_name); COPY(p->official, s->official_name);
    COPY(p->status, s->status); COPY(p->region, s->region); COPY(p->region_name, s->region_name);
    COPY(p->subregion, s->subregion); COPY(p->subregion_name, s->subregion_name);
    COPY(p->inter, s->intermediate); COPY(p->inter_name, s->intermediate_name);
    COPY(p->grp, s->grp); COPY(p->grp_name, s->grp_name);
    return 0;
}

static int name_row(const struct store_name *n, void *ctx)
{
    struct buf *b = ctx;
    HTML_LIT(b, "<div><dt>");
    html_text(b, i18n_autonym(n->lang));
    HTML_LIT(b, "</dt><dd lang=\"");
    html_text(b, strcmp(n->lang, "zh") == 0 ? "zh-CN" : n->lang);
    HTML_LIT(b, "\"");
    if (strcmp(n->lang, "ar") == 0) HTML_LIT(b, " dir=\"rtl\"");
    HTML_LIT(b, ">");
    html_text(b, n->name);
    HTML_LIT(b, "</dd></div>");
    return 0;
}

static int org_item(const struct store_org *o, void *ctx)
{
    struct buf *b = ctx;
    HTML_LIT(b, "<li><a href=\"/organisations/");
    html_urlpart(b, o->code);
    HTML_LIT(b, "\"><abbr>");
    html_text(b, o->code);
    HTML_LIT(b, "</abbr></a> — ");
    html_text(b, o->name);
    HTML_LIT(b, "</li>");
    return 0;
}

struct state_reports { int n; struct { int cycle, version; long long id; char status[16]; bool synthetic; } r[32]; };

static int report_item(const struct store_report *r, void *ctx)
{
    struct state_reports *sr = ctx;
    if (sr->n >= 32) return 1;
    sr->r[sr->n].cycle = r->cycle;
    sr->r[sr->n].version = r->version;
    sr->r[sr->n].id = r->id;
    sr->r[sr->n].synthetic = r->synthetic;
    snprintf(sr->r[sr->n].status, sizeof sr->r[sr->n].status, "%s", r->status);
    sr->n++;
    return 0;
}

struct cycles_ctx { struct buf *b; struct state_reports *sr; bool drafts; };

static int cycle_row(const struct store_cycle *c, void *ctx)
{
    struct cycles_ctx *cc = ctx;
    struct buf *b = cc->b;
    HTML_LIT(b, "<tr><th scope=\"row\">");
    html_int(b, c->year);
    HTML_LIT(b, "</th><td>");
    html_text(b, c->meeting_name ? c->meeting_name : "—");
    HTML_LIT(b, "</td><td>");
    bool shown = false;
    for (int i = 0; i < cc->sr->n; i++) {
        if (cc->sr->r[i].cycle != c->year) continue;
        if (cc->sr->r[i].version == 0 && !cc->drafts) continue;
        HTML_LIT(b, "<a href=\"/reports/");
        html_int(b, cc->sr->r[i].id);
        HTML_LIT(b, "\">");
        if (cc->sr->r[i].version > 0) html_textf(b, _("Published, version %d"), cc->sr->r[i].version);
        else html_text(b, _("Draft (not public)"));
        HTML_LIT(b, "</a>");
        if (cc->sr->r[i].synthetic) { HTML_LIT(b, " <span class=\"tag\">"); html_text(b, _("synthetic")); HTML_LIT(b, "</span>"); }
        shown = true;
    }
    if (!shown) html_text(b, strcmp(c->status, "planned") == 0 ? _("not yet open") : _("no report"));
    HTML_LIT(b, "</td></tr>\n");
    return 0;
}

static void fact(struct buf *b, const char *label, const char *value, const char *href)
{
    HTML_LIT(b, "<div><dt>");
    html_text(b, label);
    HTML_LIT(b, "</dt><dd>");
    if (href) { HTML_LIT(b, "<a href=\""); html_text(b, href); HTML_LIT(b, "\">"); }
    html_text(b, value && *value ? value : "—");
    if (href) HTML_LIT(b, "</a>");
    HTML_LIT(b, "</dd></div>");
}

/* /states/{ISO3}.csv, .xlsx, .json: the State's published reports, one row per cycle (as the page's table). */
struct report_rows { struct table *t; struct state_reports *sr; };

static int cycle_cells(const struct store_cycle *c, void *ctx)
{
    struct report_rows *rr = ctx;
    int found = -1;
    for (int i = 0; i < rr->sr->n; i++)
        if (rr->sr->r[i].cycle == c->year && rr->sr->r[i].version > 0) found = i;
    table_int(rr->t, c->year);
    table_text(rr->t, c->meeting_name);
    if (found < 0) {
        table_empty(rr->t); table_empty(rr->t); table_empty(rr->t); table_empty(rr->t);
        return 0;
    }
    char url[48];
    snprintf(url, sizeof url, "/reports/%lld", rr->sr->r[found].id);
    table_int(rr->t, rr->sr->r[found].id);
    table_int(rr->t, rr->sr->r[found].version);
    table_bool(rr->t, rr->sr->r[found].synthetic);
    table_text(rr->t, url);
    return 0;
}

static void state_download(struct app *app, struct http_request *req, struct http_response *res, const char *iso3,
                           enum table_format fmt)
{
    const struct table_col cols[] = {
        { "cycle", _("Cycle") }, { "meeting", _("Meeting") }, { "report", _("Report") },
        { "version", _("Version") }, { "synthetic", _("Synthetic") }, { "url", _("Address") },
    };
    struct state_reports sr = { 0 };
    /* Published reports only, whoever asks: the download is cached for everyone. */
    store_reports_each(app->store, iso3, 0, NULL, true, report_item, &sr);
    struct table t;
    table_init(&t, cols, sizeof cols / sizeof cols[0]);
    struct report_rows rr = { &t, &sr };
    store_cycles_each(app->store, cycle_cells, &rr);
    char stem[32];
    snprintf(stem, sizeof stem, "poaiss-%s-reports", iso3);
    table_send(&t, fmt, stem, req, res);
    table_cleanup(&t);
}

void page_state(struct app *app, struct http_request *req, struct http_response *res)
{
    size_t stem_len;
    enum table_format fmt = table_format_split(req->args[0], &stem_len);
    char arg[16];
    if (stem_len >= sizeof arg) { web_error(req, res, 400, _("A State is named by its three-letter ISO 3166 code, such as KEN.")); return; }
    snprintf(arg, sizeof arg, "%.*s", (int)stem_len, req->args[0]);
    char iso3[4];
    int st = web_state_code(app, arg, iso3);
    if (st == 400) { web_error(req, res, 400, _("A State is named by its three-letter ISO 3166 code, such as KEN.")); return; }
    if (st == 404) { web_error(req, res, 404, _("There is no State with this code.")); return; }
    if (st) { web_error(req, res, 500, _("The database could not be read.")); return; }
    if (strcmp(iso3, arg) != 0) {
        char loc[40];
        snprintf(loc, sizeof loc, "/states/%s%s", iso3, req->args[0] + stem_len);
        http_redirect(res, loc);
        res->status = 301;
        return;
    }
    if (fmt != TABLE_PAGE) { state_download(app, req, res, iso3, fmt); return; }
    struct profile p = { 0 };
    if (store_state_get(app->store, iso3, i18n_lang(), profile_cb, &p) != 0) {
        web_error(req, res, 500, _("The database could not be read."));
        return;
    }
    page_begin(req, res, p.local_name);
    struct buf *b = &res->body;
    HTML_LIT(b, "<nav aria-label=\"");
    html_text(b, _("Breadcrumb"));
    HTML_LIT(b, "\" class=\"crumbs\"><a href=\"/states\">");
    html_text(b, _("States"));
    HTML_LIT(b, "</a></nav>\n<h1>");
    html_text(b, p.local_name);
    HTML_LIT(b, "</h1>\n");
    if (p.official[0]) {
        HTML_LIT(b, "<p class=\"lead\">");
        html_text(b, p.official);
        HTML_LIT(b, "</p>\n");
    }
    HTML_LIT(b, "<div class=\"cols\">\n<section aria-labelledby=\"facts\">\n<h2 id=\"facts\">");
    html_text(b, _("Facts"));
    HTML_LIT(b, "</h2>\n<dl class=\"facts\">");
    fact(b, _("Status"), strcmp(p.status, "member") == 0 ? _("UN Member State") : _("Observer State"), NULL);
    char codes[40];
    snprintf(codes, sizeof codes, "%s · %s · %s", p.iso3, p.iso2, p.numeric);
    fact(b, _("ISO 3166 codes"), codes, NULL);
    char href[64];
    snprintf(href, sizeof href, "/states?region=%s", p.region);
    fact(b, _("Region"), p.region_name, p.region[0] ? href : NULL);
    snprintf(href, sizeof href, "/states?region=%s", p.subregion);
    fact(b, _("Subregion"), p.subregion_name, p.subregion[0] ? href : NULL);
    if (p.inter[0]) {
        snprintf(href, sizeof href, "/states?region=%s", p.inter);
        fact(b, _("Intermediate region"), p.inter_name, href);
    }
    snprintf(href, sizeof href, "/states?group=%s", p.grp);
    fact(b, _("UN regional group"), p.grp_name, p.grp[0] ? href : NULL);
    HTML_LIT(b, "</dl>\n</section>\n<section aria-labelledby=\"names\">\n<h2 id=\"names\">");
    html_text(b, _("Names in the six UN languages"));
    HTML_LIT(b, "</h2>\n<dl class=\"facts\">");
    store_state_names_each(app->store, iso3, name_row, b);
    HTML_LIT(b, "</dl>\n</section>\n</div>\n<section aria-labelledby=\"orgs\">\n<h2 id=\"orgs\">");
    html_text(b, _("Regional and subregional organisations"));
    HTML_LIT(b, "</h2>\n<ul class=\"orgs\">");
    size_t before = b->len;
    store_orgs_each(app->store, iso3, org_item, b);
    if (b->len == before) {
        HTML_LIT(b, "<li>");
        html_text(b, _("None recorded."));
        HTML_LIT(b, "</li>");
    }
    HTML_LIT(b, "</ul>\n</section>\n<section aria-labelledby=\"reports\">\n<h2 id=\"reports\">");
    html_text(b, _("National reports by cycle"));
    HTML_LIT(b, "</h2>\n<div class=\"scroll\"><table class=\"list\">\n<thead><tr><th scope=\"col\">");
    html_text(b, _("Cycle"));
    HTML_LIT(b, "</th><th scope=\"col\">");
    html_text(b, _("Meeting"));
    HTML_LIT(b, "</th><th scope=\"col\">");
    html_text(b, _("Report"));
    HTML_LIT(b, "</th></tr></thead>\n<tbody>\n");
    struct state_reports sr = { 0 };
    store_reports_each(app->store, iso3, 0, NULL, false, report_item, &sr);
    struct cycles_ctx cc = { b, &sr, report_may_see_draft(req->who, iso3) };
    store_cycles_each(app->store, cycle_row, &cc);
    HTML_LIT(b, "</tbody></table></div>\n");
    char self[16];
    snprintf(self, sizeof self, "/states/%s", iso3);
    table_links(b, req, self);
    HTML_LIT(b, "<p><a href=\"/states/");
    html_text(b, iso3);
    HTML_LIT(b, "/changes\">");
    html_text(b, _("What changed from one cycle to the next"));
    HTML_LIT(b, "</a></p>\n</section>\n<p><a href=\"/api/v1/states/");
    html_text(b, iso3);
    HTML_LIT(b, "\">");
    html_text(b, _("This page as JSON"));
    HTML_LIT(b, "</a></p>\n");
    page_end(req, res);
}
