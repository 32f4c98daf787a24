/*
 * states: the list of States with filters, and a profile page per State.  Both read through
 * the domain (domain/state.h), which decides what the asker may see; the lists are described
 * once as tables (web/table_export.h) for the page, the downloads and the API.
 */
#include <stdio.h>
#include <string.h>

#include "domain/refdata.h"
#include "domain/state.h"
#include "web/assist_web.h"
#include "web/project_web.h"
#include "web/reference.h"
#include "web/states.h"
#include "web/table_export.h"
#include "web/targets.h"
#include "web/web.h"

/* ---- the filter form ---- */

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

/* The form with its three lists; -1 when a list cannot be read (nothing is shown then). */
static int filter_form(struct app *app, struct http_request *req, struct buf *b, const struct state_filter *f)
{
    struct ref_item *regions, *groups;
    struct ref_org *orgs;
    size_t nr, ng, no;
    struct arena *a = &req->arena;
    const char *lang = i18n_lang();
    if (ref_regions(app->store, a, lang, &regions, &nr, NULL) < 0 || ref_groups(app->store, a, lang, &groups, &ng, NULL) < 0 ||
        ref_orgs(app->store, a, lang, NULL, &orgs, &no, NULL) < 0)
        return -1;
    HTML_LIT(b, "<form method=\"get\" action=\"/states\" class=\"filters\" role=\"search\">\n<div><label for=\"q\">");
    html_text(b, _("Name or code"));
    HTML_LIT(b, "</label><input id=\"q\" name=\"q\" type=\"search\" maxlength=\"100\" value=\"");
    html_text(b, f->q ? f->q : "");
    HTML_LIT(b, "\"></div>\n<div><label for=\"region\">");
    html_text(b, _("Region or subregion"));
    HTML_LIT(b, "</label><select id=\"region\" name=\"region\"><option value=\"\">");
    html_text(b, _("All regions"));
    HTML_LIT(b, "</option>");
    for (size_t i = 0; i < nr; i++) {
        struct buf count = BUF_INIT;
        i18n_number(&count, regions[i].count);
        option(b, regions[i].code, arena_printf(a, "%s (%s)", regions[i].name, buf_cstr(&count)), f->region,
               regions[i].level - 1);
        buf_cleanup(&count);
    }
    HTML_LIT(b, "</select></div>\n<div><label for=\"group\">");
    html_text(b, _("UN regional group"));
    HTML_LIT(b, "</label><select id=\"group\" name=\"group\"><option value=\"\">");
    html_text(b, _("All groups"));
    HTML_LIT(b, "</option>");
    for (size_t i = 0; i < ng; i++) option(b, groups[i].code, groups[i].name, f->group, 0);
    HTML_LIT(b, "</select></div>\n<div><label for=\"org\">");
    html_text(b, _("Organisation"));
    HTML_LIT(b, "</label><select id=\"org\" name=\"org\"><option value=\"\">");
    html_text(b, _("Any organisation"));
    HTML_LIT(b, "</option>");
    for (size_t i = 0; i < no; i++)
        option(b, orgs[i].code, arena_printf(a, "%s — %s", orgs[i].code, orgs[i].name), f->org, 0);   /* <option> holds text only: no <bdi> */
    HTML_LIT(b, "</select></div>\n<div class=\"actions\"><button type=\"submit\">");
    html_text(b, _("Filter"));
    HTML_LIT(b, "</button> <a href=\"/states\">");
    html_text(b, _("Clear"));
    HTML_LIT(b, "</a></div>\n</form>\n");
    return 0;
}

/*
 * The list of States: one table description (states_table) gives the page's table, the
 * .csv, .xlsx and .json downloads and the API's {"states": [...]} (api/reference.c).
 */
void states_table(struct table *t, const struct state *v, size_t n)
{
    static const struct table_col cols_tpl[] = {
        { "iso3", N_("Code"), TABLE_COL_LTR, 0 }, { "iso2", N_("ISO 3166 alpha-2 code"), TABLE_COL_NOHTML, 0 },
        { "m49", N_("M49 code"), TABLE_COL_NOHTML, 0 }, { "name", N_("State"), TABLE_COL_ROWHEAD, 14 },
        { "status", N_("Status"), TABLE_COL_NOHTML, 0 },
        { "region", N_("Region code"), TABLE_COL_NOHTML, 0 }, { "region_name", N_("Region"), 0, 0 },
        { "subregion", N_("Subregion code"), TABLE_COL_NOHTML, 0 }, { "subregion_name", N_("Subregion"), 0, 0 },
        { "intermediate", N_("Intermediate region code"), TABLE_COL_NOHTML, 0 },
        { "intermediate_name", N_("Intermediate region"), TABLE_COL_NOHTML, 0 },
        { "group", N_("Group code"), TABLE_COL_NOHTML, 0 }, { "group_name", N_("Regional group"), 0, 0 },
        { "url", N_("Address"), TABLE_COL_NOHTML, 0 },
    };
    enum { NCOLS = sizeof cols_tpl / sizeof cols_tpl[0] };
    static _Thread_local struct table_col cols[NCOLS];
    for (size_t i = 0; i < NCOLS; i++) { cols[i] = cols_tpl[i]; cols[i].label = _(cols_tpl[i].label); }
    table_init(t, cols, NCOLS);
    for (size_t i = 0; i < n; i++) {
        const struct state *s = &v[i];
        table_text(t, s->iso3);
        table_text(t, s->iso2);
        table_text(t, s->m49);
        table_text(t, s->local_name);
        table_text(t, s->observer ? "observer" : "member");
        table_text(t, s->region.code);
        table_text(t, s->region.name);
        table_text(t, s->subregion.code);
        table_text(t, s->subregion.name);
        table_text(t, s->intermediate.code);
        table_text(t, s->intermediate.name);
        table_text(t, s->group.code);
        table_text(t, s->group.name);
        char url[16];
        snprintf(url, sizeof url, "/states/%s", s->iso3);
        table_text(t, url);
    }
}

/* The checked filters of the request (web/params.h). */
static struct state_filter request_filter(const struct http_request *req)
{
    return (struct state_filter){ .region = web_q(req, "region")->s, .group = web_q(req, "group")->s,
                                  .org = web_q(req, "org")->s, .q = web_q(req, "q")->s };
}

void page_states(struct app *app, struct http_request *req, struct http_response *res)
{
    struct state_filter f = request_filter(req);
    struct state *v;
    size_t n;
    struct err e = ERR_NONE;
    if (state_list(app->store, &req->arena, &f, i18n_lang(), &v, &n, &e) < 0) { web_fail(req, res, &e); return; }
    struct table t;
    states_table(&t, v, n);
    enum table_format fmt = table_format_split(req->path, NULL);
    if (fmt != TABLE_PAGE) {
        table_send(&t, fmt, "poaiss-states", req, res);
        table_cleanup(&t);
        return;
    }
    /* The filter form's lists are read before anything is written: a failed read is a 500, not half a page. */
    struct buf form = BUF_INIT;
    if (filter_form(app, req, &form, &f) < 0) {
        buf_cleanup(&form);
        table_cleanup(&t);
        web_fail(req, res, &(struct err){ ERR_STORE, NULL, NULL });
        return;
    }
    page_begin(req, res, _("States"));
    struct buf *b = &res->body;
    HTML_LIT(b, "<h1>");
    html_text(b, _("States"));
    HTML_LIT(b, "</h1>\n<p>");
    html_text(b, _("The 193 Member States of the United Nations and the two observer States, by UN M49 region and UN regional group."));
    HTML_LIT(b, "</p>\n");
    buf_append(b, form.data, form.len);
    buf_cleanup(&form);
    HTML_LIT(b, "<p role=\"status\" class=\"count\">");
    html_textf(b, n == 1 ? _("%d State") : _("%d States"), (int)n);
    HTML_LIT(b, " · <a href=\"/api/v1/states");
    for (size_t q = 0, k = 0; q < req->query.n; q++) {   /* the filters (not the language) */
        if (strcmp(req->query.v[q].name, "lang") == 0) continue;
        buf_putc(b, k++ ? '&' : '?');
        if (k > 1) HTML_LIT(b, "amp;");
        html_urlpart(b, req->query.v[q].name);
        buf_putc(b, '=');
        html_urlpart(b, req->query.v[q].value);
    }
    HTML_LIT(b, "\">JSON</a></p>\n");
    table_links(b, req, "/states");
    if (n) {
        table_html(b, &t, "states", _("States"), true);
    } else {
        HTML_LIT(b, "<p>");
        html_text(b, _("No State matches these filters."));
        HTML_LIT(b, "</p>\n");
    }
    table_cleanup(&t);
    page_end(req, res);
}

/* ---- the profile ---- */

static void fact(struct buf *b, const char *label, const char *value, const char *href, bool ltr)
{
    HTML_LIT(b, "<div><dt>");
    html_text(b, label);
    HTML_LIT(b, "</dt><dd>");
    if (href) { HTML_LIT(b, "<a href=\""); html_text(b, href); HTML_LIT(b, "\">"); }
    if (ltr) HTML_LIT(b, "<bdi>");
    html_text(b, value && *value ? value : "—");
    if (ltr) HTML_LIT(b, "</bdi>");
    if (href) HTML_LIT(b, "</a>");
    HTML_LIT(b, "</dd></div>");
}

static void area_fact(struct http_request *req, struct buf *b, const char *label, const struct state_area *ar,
                      const char *param)
{
    const char *href = ar->code ? arena_printf(&req->arena, "/states?%s=%s", param, ar->code) : NULL;
    fact(b, label, ar->name, href, false);
}

/*
 * A State's reports, a row per cycle, newest first: one description for the page, the
 * downloads and the API.  The page may show a draft to those who may see it; the downloads
 * and the API are made from the public profile (they are cached for everyone).
 */
void state_reports_table(struct table *t, const struct state_profile *p)
{
    static const struct table_col cols_tpl[] = {
        { "cycle", N_("Cycle"), TABLE_COL_ROWHEAD | TABLE_COL_LTR, 0 }, { "meeting", N_("Meeting"), 0, 0 },
        { "status", N_("Report"), 0, 8 }, { "late", N_("Late"), TABLE_COL_TAG, 0 },
        { "report", N_("Report"), TABLE_COL_NOHTML, 0 },
        { "version", N_("Version"), TABLE_COL_NOHTML, 0 }, { "synthetic", N_("Synthetic"), TABLE_COL_NOHTML, 0 },
        { "url", N_("Address"), TABLE_COL_NOHTML, 0 },
    };
    enum { NCOLS = sizeof cols_tpl / sizeof cols_tpl[0] };
    static _Thread_local struct table_col cols[NCOLS];
    for (size_t i = 0; i < NCOLS; i++) { cols[i] = cols_tpl[i]; cols[i].label = _(cols_tpl[i].label); }
    table_init(t, cols, NCOLS);
    for (size_t i = 0; i < p->ncycles; i++) {
        const struct state_cycle *c = &p->cycles[i];
        table_int(t, c->year);
        table_text(t, c->meeting_name);
        const struct state_report *r = c->report;
        if (!r) {
            table_text(t, c->status == CYCLE_PLANNED ? _("not yet open") : _("no report"));
            table_empty(t); table_empty(t); table_empty(t); table_empty(t); table_empty(t);
            continue;
        }
        char text[96], url[48];
        if (r->version > 0) snprintf(text, sizeof text, _("Published, version %d"), r->version);
        else snprintf(text, sizeof text, "%s", _("Draft (not public)"));
        if (r->synthetic) snprintf(text + strlen(text), sizeof text - strlen(text), " (%s)", _("synthetic"));
        snprintf(url, sizeof url, "/reports/%lld", r->id);
        table_text(t, text);
        table_bool(t, r->late);
        table_int(t, r->id);
        if (r->version > 0) table_int(t, r->version);
        else table_empty(t);
        table_bool(t, r->synthetic);
        table_text(t, url);
    }
}

void page_state(struct app *app, struct http_request *req, struct http_response *res)
{
    const char *iso3 = web_arg(req, 0)->s;
    size_t stem_len;
    table_format_split(req->args[0], &stem_len);
    if (strncmp(iso3, req->args[0], stem_len) != 0) {   /* /states/ken -> /states/KEN, keeping a download's suffix */
        http_redirect(res, arena_printf(&req->arena, "/states/%s%s", iso3, req->args[0] + stem_len));
        res->status = 301;
        return;
    }
    enum table_format fmt = (enum table_format)req->fmt;
    struct state_profile p;
    struct err e = ERR_NONE;
    /* The downloads hold what the public sees, whoever asks: they are cached for everyone. */
    if (state_profile_get(app->store, &req->arena, fmt == TABLE_PAGE ? req->who : NULL, iso3, i18n_lang(), &p, &e) < 0) {
        web_fail(req, res, &e);
        return;
    }
    struct table t;
    state_reports_table(&t, &p);
    if (fmt != TABLE_PAGE) {
        table_send(&t, fmt, arena_printf(&req->arena, "poaiss-%s-reports", iso3), req, res);
        table_cleanup(&t);
        return;
    }
    struct buf assist = BUF_INIT;
    if (assist_state_section(app, req, iso3, &assist, &e) < 0 || project_state_section(app, req, iso3, &assist, &e) < 0 ||
        targets_state_section(app, req, iso3, &assist, &e) < 0) {
        buf_cleanup(&assist);
        table_cleanup(&t);
        web_fail(req, res, &e);
        return;
    }
    page_begin(req, res, p.st.local_name);
    struct buf *b = &res->body;
    HTML_LIT(b, "<nav aria-label=\"");
    html_text(b, _("Breadcrumb"));
    HTML_LIT(b, "\" class=\"crumbs\"><a href=\"/states\">");
    html_text(b, _("States"));
    HTML_LIT(b, "</a></nav>\n<h1>");
    html_text(b, p.st.local_name);
    HTML_LIT(b, "</h1>\n");
    if (p.st.official_name) {
        HTML_LIT(b, "<p class=\"lead\">");
        html_text(b, p.st.official_name);
        HTML_LIT(b, "</p>\n");
    }
    HTML_LIT(b, "<div class=\"cols\">\n<section aria-labelledby=\"facts\">\n<h2 id=\"facts\">");
    html_text(b, _("Facts"));
    HTML_LIT(b, "</h2>\n<dl class=\"facts\">");
    fact(b, _("Status"), p.st.observer ? _("Observer State") : _("UN Member State"), NULL, false);
    fact(b, _("ISO 3166 codes"), arena_printf(&req->arena, "%s · %s · %s", p.st.iso3, p.st.iso2, p.st.m49), NULL, true);
    area_fact(req, b, _("Region"), &p.st.region, "region");
    area_fact(req, b, _("Subregion"), &p.st.subregion, "region");
    if (p.st.intermediate.code) area_fact(req, b, _("Intermediate region"), &p.st.intermediate, "region");
    area_fact(req, b, _("UN regional group"), &p.st.group, "group");
    HTML_LIT(b, "</dl>\n</section>\n<section aria-labelledby=\"names\">\n<h2 id=\"names\">");
    html_text(b, _("Names in the six UN languages"));
    HTML_LIT(b, "</h2>\n<dl class=\"facts\">");
    for (size_t i = 0; i < p.nnames; i++) {
        HTML_LIT(b, "<div><dt>");
        html_text(b, i18n_autonym(p.names[i].lang));
        HTML_LIT(b, "</dt><dd lang=\"");
        html_text(b, strcmp(p.names[i].lang, "zh") == 0 ? "zh-CN" : p.names[i].lang);
        HTML_LIT(b, "\"");
        if (strcmp(p.names[i].lang, "ar") == 0) HTML_LIT(b, " dir=\"rtl\"");
        HTML_LIT(b, ">");
        html_text(b, p.names[i].name);
        HTML_LIT(b, "</dd></div>");
    }
    HTML_LIT(b, "</dl>\n</section>\n</div>\n<section aria-labelledby=\"orgs\">\n<h2 id=\"orgs\">");
    html_text(b, _("Regional and subregional organisations"));
    HTML_LIT(b, "</h2>\n<ul class=\"orgs\">");
    for (size_t i = 0; i < p.norgs; i++) org_item_html(b, &p.orgs[i]);
    if (!p.norgs) {
        HTML_LIT(b, "<li>");
        html_text(b, _("None recorded."));
        HTML_LIT(b, "</li>");
    }
    HTML_LIT(b, "</ul>\n</section>\n<section aria-labelledby=\"reports\">\n<h2 id=\"reports\">");
    html_text(b, _("National reports by cycle"));
    HTML_LIT(b, "</h2>\n");
    table_html(b, &t, "state-reports", _("National reports by cycle"), true);
    table_cleanup(&t);
    table_links(b, req, arena_printf(&req->arena, "/states/%s", iso3));
    HTML_LIT(b, "<p><a href=\"/states/");
    html_text(b, iso3);
    HTML_LIT(b, "/changes\">");
    html_text(b, _("What changed from one cycle to the next"));
    HTML_LIT(b, "</a></p>\n</section>\n");
    buf_append(b, assist.data, assist.len);
    buf_cleanup(&assist);
    HTML_LIT(b, "<p><a href=\"/api/v1/states/");
    html_text(b, iso3);
    HTML_LIT(b, "\">");
    html_text(b, _("This page as JSON"));
    HTML_LIT(b, "</a></p>\n");
    page_end(req, res);
}
