/*
 * web/analysis: the analysis of implementation as pages (domain/analysis.h), each chart drawn
 * by web/chart_svg.c with its data table; works without JavaScript.
 *
 *   GET /analysis                        what there is, and the questions to choose from
 *   GET /analysis/reporting?cycle=       who reports
 *   GET /analysis/questions/{id}?cycle=&region=&group=
 *   GET /analysis/sdg-16-4-2?cycle=
 *   GET /analysis/assistance
 *
 * Downloads: one table of numbers per page, a row per value with the chart's id, as the page's
 * path + .csv, .xlsx or .json with the page's query; ?chart=ID keeps one chart's rows
 * (chart_table).  The API (api/analysis.c) answers the same domain values as JSON.
 */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "domain/analysis.h"
#include "domain/template.h"
#include "util/arena.h"
#include "web/analysis_web.h"
#include "web/chart_svg.h"
#include "web/table_export.h"
#include "web/web.h"

/* A download of the page's numbers, when the path asks for one: answered, true. */
static bool send_download(struct http_request *req, struct http_response *res, const struct chart *v, size_t n,
                          const char *stem)
{
    enum table_format fmt = req->fmt ? (enum table_format)req->fmt : table_format_split(req->path, NULL);
    if (fmt == TABLE_PAGE) return false;
    const char *only = web_q(req, "chart")->s;
    if (only && !analysis_chart_find(v, n, only)) {
        web_error(req, res, 404, _("This page has no chart with that id."));
        return true;
    }
    struct table t;
    chart_table(&t, &req->arena, v, n, only);
    table_send(&t, fmt, only ? arena_printf(&req->arena, "%s-%s", stem, only) : stem, req, res);
    table_cleanup(&t);
    return true;
}

static void crumbs(struct buf *b)
{
    HTML_LIT(b, "<nav aria-label=\"");
    html_text(b, _("Breadcrumb"));
    HTML_LIT(b, "\" class=\"crumbs\"><a href=\"/analysis\">");
    html_text(b, _("Analysis"));
    HTML_LIT(b, "</a></nav>\n");
}

static void synthetic_notice(struct buf *b, bool synthetic)
{
    if (!synthetic) return;
    HTML_LIT(b, "<p class=\"notice\" role=\"note\">");
    html_text(b, analysis_synthetic_note());
    HTML_LIT(b, "</p>\n");
}

static void option(struct buf *b, const char *value, const char *label, bool selected)
{
    HTML_LIT(b, "<option value=\"");
    html_text(b, value);
    HTML_LIT(b, "\"");
    if (selected) HTML_LIT(b, " selected");
    HTML_LIT(b, ">");
    html_text(b, label);
    HTML_LIT(b, "</option>");
}

/* The cycle chooser (a GET form); with areas, the region and group choosers too. */
static void filter_form(struct http_request *req, struct buf *b, const int *years, size_t ny, int cycle,
                        const struct analysis_question *areas, const char *region, const char *group)
{
    HTML_LIT(b, "<form method=\"get\" class=\"filters\"><div class=\"field\"><label for=\"cycle\">");
    html_text(b, _("Cycle"));
    HTML_LIT(b, "</label><select id=\"cycle\" name=\"cycle\">");
    for (size_t i = ny; i-- > 0;) {
        const char *y = arena_printf(&req->arena, "%d", years[i]);
        option(b, y, y, years[i] == cycle);
    }
    HTML_LIT(b, "</select></div>");
    if (areas) {
        const struct analysis_place *r = areas->places, *g = areas->groups;
        size_t nr = areas->nplaces, ng = areas->ngroups;
        HTML_LIT(b, "<div class=\"field\"><label for=\"region\">");
        html_text(b, _("Region"));
        HTML_LIT(b, "</label><select id=\"region\" name=\"region\"><option value=\"\">");
        html_text(b, _("All"));
        HTML_LIT(b, "</option>");
        for (size_t i = 0; i < nr; i++) {   /* each region, then its subregions */
            if (r[i].level != 1) continue;
            option(b, r[i].code, r[i].name, region && strcmp(region, r[i].code) == 0);
            for (size_t k = 0; k < nr; k++)
                if (r[k].level == 2 && r[k].parent && strcmp(r[k].parent, r[i].code) == 0)
                    option(b, r[k].code, arena_printf(&req->arena, "– %s", r[k].name), region && strcmp(region, r[k].code) == 0);
        }
        HTML_LIT(b, "</select></div><div class=\"field\"><label for=\"group\">");
        html_text(b, _("Regional group"));
        HTML_LIT(b, "</label><select id=\"group\" name=\"group\"><option value=\"\">");
        html_text(b, _("All"));
        HTML_LIT(b, "</option>");
        for (size_t i = 0; i < ng; i++) option(b, g[i].code, g[i].name, group && strcmp(group, g[i].code) == 0);
        HTML_LIT(b, "</select></div>");
    }
    HTML_LIT(b, "<button type=\"submit\">");
    html_text(b, _("Show"));
    HTML_LIT(b, "</button></form>\n");
}

static int cycle_arg(const struct http_request *req) { return web_q(req, "cycle")->set ? (int)web_q(req, "cycle")->n : 0; }

/* The year of each of n per-cycle rows of size bytes (the int year at offset off), oldest first, for filter_form. */
static int *cycle_years(struct arena *a, const void *rows, size_t n, size_t size, size_t off)
{
    int *y = arena_array(a, n ? n : 1, sizeof *y);
    for (size_t i = 0; i < n; i++) memcpy(&y[i], (const char *)rows + i * size + off, sizeof *y);
    return y;
}

#define CYCLE_YEARS(req, type, rows, n) cycle_years(&(req)->arena, (rows), (n), sizeof(type), offsetof(type, year))

/* What every analysis page shows above its own content, in this order. */
struct page_head {
    const char *title, *heading;            /* the page's title and its h1 (plain text) */
    bool synthetic;                         /* the notice that the figures come from demonstration data */
    const char *lead;                       /* a lead paragraph (plain text; NULL: none) */
    const int *years;                       /* the cycle chooser's years, oldest first (NULL: no chooser) */
    size_t nyears;
    int cycle;                              /* the chosen one */
    const struct analysis_question *areas;  /* the region and group choosers too (NULL: none) */
    const char *region, *group;             /* the chosen ones */
};

/*
 * The download of the page's numbers when the path asks for one (answered: false), else the
 * page begun with the head h: crumbs, heading, synthetic notice, lead and filter form.
 */
static bool page_head(struct http_request *req, struct http_response *res, const struct chart *v, size_t n, const char *stem,
                      const struct page_head *h)
{
    if (send_download(req, res, v, n, stem)) return false;
    page_begin(req, res, h->title);
    struct buf *b = &res->body;
    crumbs(b);
    HTML_LIT(b, "<h1>");
    html_text(b, h->heading);
    HTML_LIT(b, "</h1>\n");
    synthetic_notice(b, h->synthetic);
    if (h->lead) {
        HTML_LIT(b, "<p class=\"lead\">");
        html_text(b, h->lead);
        HTML_LIT(b, "</p>\n");
    }
    if (h->years) filter_form(req, b, h->years, h->nyears, h->cycle, h->areas, h->region, h->group);
    return true;
}

static void figures(struct buf *b, struct http_request *req, const struct chart *v, size_t n, const char *path)
{
    for (size_t i = 0; i < n; i++) chart_figure_html(b, req, &v[i], 2, path);
}

/* ---- /analysis ---- */

/* The trends document of each analysed cycle (web/trends.c), newest first: the page and its PDF. */
static void analysis_trends_links(struct app *app, struct http_request *req, struct buf *b)
{
    int *years;
    size_t n;
    struct err e = ERR_NONE;
    if (analysis_cycles(app->store, &req->arena, &years, &n, &e) < 0 || !n) return;
    HTML_LIT(b, "<h2>");
    html_text(b, _("The trends document for a meeting"));
    HTML_LIT(b, "</h2>\n<p>");
    html_text(b, _("All of the above for one cycle, in one document with numbered sections and figures, the method and the limits of the data, as a page and as an A4 PDF."));
    HTML_LIT(b, "</p>\n<ul class=\"columns\">");
    for (size_t i = n; i-- > 0;) {
        HTML_LIT(b, "<li><a href=\"/analysis/trends/");
        html_int(b, years[i]);
        HTML_LIT(b, "\">");
        html_int(b, years[i]);
        HTML_LIT(b, "</a> (<a href=\"/analysis/trends/");
        html_int(b, years[i]);
        HTML_LIT(b, ".pdf\">PDF</a>)</li>");
    }
    HTML_LIT(b, "</ul>\n");
}

void page_analysis(struct app *app, struct http_request *req, struct http_response *res)
{
    page_begin(req, res, _("Analysis"));
    struct buf *b = &res->body;
    HTML_LIT(b, "<h1>");
    html_text(b, _("Analysis of implementation"));
    HTML_LIT(b, "</h1>\n<p class=\"lead\">");
    html_text(b, _("Trends in the implementation of the Programme of Action and the International Tracing Instrument, computed from the published national reports: each figure has its data table, its numbers to download and links to the reports behind it."));
    HTML_LIT(b, "</p>\n<ul class=\"cards\">");
    static const struct { const char *href, *title, *text; } PAGES[] = {
        { "/analysis/reporting", N_("Who reports"), N_("Reporting rates by cycle, region, subregion and regional group; first-time reporters, States that stopped, States that never reported, late reports; a map of who reported.") },
        { "/analysis/sdg-16-4-2", N_("SDG indicator 16.4.2"), N_("The proportion of seized, found or surrendered weapons whose illicit origin or context was traced or established, by State, region and cycle.") },
        { "/analysis/assistance", N_("Assistance in numbers"), N_("Needs and offers by category, kind and region, the gap between them, requests matched and completed, and the days spent in each stage.") },
    };
    for (size_t i = 0; i < sizeof PAGES / sizeof PAGES[0]; i++) {
        HTML_LIT(b, "<li><h2><a href=\"");
        html_text(b, PAGES[i].href);
        HTML_LIT(b, "\">");
        html_text(b, _(PAGES[i].title));
        HTML_LIT(b, "</a></h2><p>");
        html_text(b, _(PAGES[i].text));
        HTML_LIT(b, "</p></li>");
    }
    HTML_LIT(b, "</ul>\n");
    analysis_trends_links(app, req, b);
    HTML_LIT(b, "<h2>");
    html_text(b, _("Implementation, question by question"));
    HTML_LIT(b, "</h2>\n<p>");
    html_text(b, _("The share of reporting States by answer, per region and cycle, following each question through the templates; for figures, their sums and how many States gave one."));
    HTML_LIT(b, "</p>\n");
    const struct template *t = template_get(template_latest_cycle());
    const char *open = "";
    for (size_t i = 0; t && i < t->nq; i++) {
        const struct template_question *q = &t->q[i];
        if (!answer_type_is_choice(q->type) && q->type != ANSWER_NUMBER && q->type != ANSWER_GROUP) continue;
        if (strcmp(open, q->section_id) != 0) {
            if (*open) HTML_LIT(b, "</ul>\n");
            open = q->section_id;
            HTML_LIT(b, "<h3>");
            html_text(b, q->section_id);
            HTML_LIT(b, ". ");
            html_text(b, i18n_template(q->section_title));
            HTML_LIT(b, "</h3>\n<ul>");
        }
        HTML_LIT(b, "<li><a href=\"/analysis/questions/");
        html_urlpart(b, q->id);
        HTML_LIT(b, "\">");
        html_text(b, q->number ? q->number : "");
        HTML_LIT(b, " ");
        html_text(b, i18n_template(q->text));
        HTML_LIT(b, "</a></li>");
    }
    if (*open) HTML_LIT(b, "</ul>\n");
    page_end(req, res);
}

/* ---- /analysis/reporting ---- */

static void state_list_html(struct buf *b, const struct analysis_reporting *r, int which, const char *title)
{
    size_t n = 0;
    for (size_t i = 0; i < r->nstates; i++) {
        const struct analysis_state *s = &r->states[i];
        n += which == 0 ? s->first_time : which == 1 ? s->stopped : s->reports == 0;
    }
    HTML_LIT(b, "<h3>");
    html_text(b, title);
    HTML_LIT(b, " (");
    i18n_html_number(b, (long long)n);
    HTML_LIT(b, ")</h3>\n");
    if (!n) {
        HTML_LIT(b, "<p>");
        html_text(b, _("None."));
        HTML_LIT(b, "</p>\n");
        return;
    }
    HTML_LIT(b, "<ul class=\"columns\">");
    for (size_t i = 0; i < r->nstates; i++) {
        const struct analysis_state *s = &r->states[i];
        if (!(which == 0 ? s->first_time : which == 1 ? s->stopped : s->reports == 0)) continue;
        if (s->report) {
            HTML_LIT(b, "<li><a href=\"/reports/");
            html_int(b, s->report);
        } else {
            HTML_LIT(b, "<li><a href=\"/states/");
            html_text(b, s->iso3);
        }
        HTML_LIT(b, "\">");
        html_text(b, s->name);
        HTML_LIT(b, "</a></li>");
    }
    HTML_LIT(b, "</ul>\n");
}

void page_analysis_reporting(struct app *app, struct http_request *req, struct http_response *res)
{
    struct analysis_reporting r;
    struct err e = ERR_NONE;
    if (analysis_reporting_get(app->store, &req->arena, i18n_lang(), cycle_arg(req), &r, &e) < 0) { web_fail(req, res, &e); return; }
    const struct page_head h = { _("Who reports"), _("Who reports"), r.synthetic, NULL,
                                 CYCLE_YEARS(req, struct analysis_cycle, r.cycles, r.ncycles), r.ncycles, r.cycle, NULL, NULL, NULL };
    if (!page_head(req, res, r.charts, r.ncharts, arena_printf(&req->arena, "poaiss-reporting-%d", r.cycle), &h)) return;
    struct buf *b = &res->body;
    HTML_LIT(b, "<p class=\"lead\">");
    html_text(b, r.charts[0].summary);
    HTML_LIT(b, "</p>\n<nav aria-label=\"");
    html_text(b, _("Figures on this page"));
    HTML_LIT(b, "\"><ul>");
    for (size_t i = 0; i < r.ncharts; i++) {
        HTML_LIT(b, "<li><a href=\"#chart-");
        html_text(b, r.charts[i].id);
        HTML_LIT(b, "\">");
        html_text(b, r.charts[i].title);
        HTML_LIT(b, "</a></li>");
    }
    HTML_LIT(b, "<li><a href=\"#lists\">");
    html_text(b, _("First-time reporters, States that stopped, States that never reported"));
    HTML_LIT(b, "</a></li></ul></nav>\n");
    figures(b, req, r.charts, r.ncharts, "/analysis/reporting");
    HTML_LIT(b, "<section aria-labelledby=\"lists\"><h2 id=\"lists\">");
    html_textf(b, _("States in %d"), r.cycle);
    HTML_LIT(b, "</h2>\n");
    state_list_html(b, &r, 0, _("Reported for the first time"));
    state_list_html(b, &r, 1, _("Reported in the previous cycle, not in this one"));
    state_list_html(b, &r, 2, _("Never reported in any cycle since 2010"));
    HTML_LIT(b, "</section>\n");
    table_links(b, req, "/analysis/reporting");
    page_end(req, res);
}

/* ---- /analysis/questions/{id} ---- */

/* How the question was asked in each cycle: its id there, several ids before a merge, or not at all. */
static void asked_html(struct buf *b, const struct analysis_question *x)
{
    HTML_LIT(b, "<details class=\"asked\"><summary>");
    html_text(b, _("How the question was asked in each cycle"));
    HTML_LIT(b, "</summary><ul>");
    for (size_t y = 0; y < x->ncycles; y++) {
        const struct analysis_qcycle *qc = &x->cycles[y];
        HTML_LIT(b, "<li>");
        html_int(b, qc->year);
        HTML_LIT(b, ": ");
        if (qc->asked_as) {
            HTML_LIT(b, "<a href=\"/questions/");
            html_urlpart(b, qc->asked_as);
            HTML_LIT(b, "\"><bdi dir=\"ltr\">");
            html_text(b, qc->asked_as);
            HTML_LIT(b, "</bdi></a>");
        } else if (qc->merged) {
            html_textf(b, _("as several questions since merged (%s): not comparable"), qc->merged);
        } else {
            html_text(b, _("not asked"));
        }
        HTML_LIT(b, "</li>");
    }
    HTML_LIT(b, "</ul></details>\n");
}

static struct analysis_qfilter qfilter(const struct http_request *req)
{
    return (struct analysis_qfilter){ cycle_arg(req), web_q(req, "region")->s, web_q(req, "group")->s };
}

void page_analysis_question(struct app *app, struct http_request *req, struct http_response *res)
{
    const char *id = web_arg(req, 0)->s;
    struct analysis_qfilter f = qfilter(req);
    struct analysis_question x;
    struct err e = ERR_NONE;
    if (analysis_question_get(app->store, &req->arena, i18n_lang(), id, &f, &x, &e) < 0) { web_fail(req, res, &e); return; }
    const char *number = x.q->number ? x.q->number : x.q->id;
    const struct page_head h = { arena_printf(&req->arena, "%s %s", number, _("across cycles")),
                                 arena_printf(&req->arena, "%s %s", number, i18n_template(x.q->text)), x.synthetic, NULL,
                                 CYCLE_YEARS(req, struct analysis_qcycle, x.cycles, x.ncycles), x.ncycles,
                                 x.ncycles ? x.cycles[x.sel].year : 0, &x, x.region, x.group };
    if (!page_head(req, res, x.charts, x.ncharts, arena_printf(&req->arena, "poaiss-analysis-%s", id), &h)) return;
    struct buf *b = &res->body;
    HTML_LIT(b, "<p><a href=\"/questions/");
    html_urlpart(b, id);
    HTML_LIT(b, "\">");
    html_text(b, _("Every State's answer, cycle by cycle"));
    HTML_LIT(b, "</a></p>\n");
    asked_html(b, &x);
    figures(b, req, x.charts, x.ncharts, arena_printf(&req->arena, "/analysis/questions/%s", id));
    page_end(req, res);
}

/* ---- /analysis/sdg-16-4-2 ---- */

/* The selected cycle's States with their figures: a table for the page. */
static void sdg_states_table(struct table *t, const struct analysis_sdg *x)
{
    static const struct table_col tpl[] = {
        { "state", N_("Code"), TABLE_COL_NOHTML, 0 }, { "name", N_("State"), TABLE_COL_ROWHEAD, 9 },
        { "seized", N_("Seized"), TABLE_COL_NUM | TABLE_COL_AMOUNT, 0 }, { "found", N_("Found"), TABLE_COL_NUM | TABLE_COL_AMOUNT, 0 },
        { "surrendered", N_("Surrendered"), TABLE_COL_NUM | TABLE_COL_AMOUNT, 0 },
        { "traced", N_("Traced or established"), TABLE_COL_NUM | TABLE_COL_AMOUNT, 0 },
        { "proportion", N_("Proportion (%)"), TABLE_COL_NUM, 0 }, { "counted", N_("Counted"), 0, 0 },
        { "url", N_("Report"), TABLE_COL_NOHTML, 0 },
    };
    enum { N = sizeof tpl / sizeof tpl[0] };
    static _Thread_local struct table_col cols[N];
    for (size_t i = 0; i < N; i++) { cols[i] = tpl[i]; cols[i].label = _(tpl[i].label); }
    table_init(t, cols, N);
    for (size_t i = 0; i < x->nstates; i++) {
        const struct analysis_sdg_state *s = &x->states[i];
        table_text(t, s->iso3);
        table_text(t, s->name);
        const long long v[4] = { s->seized, s->found, s->surrendered, s->traced };
        for (int k = 0; k < 4; k++) {
            if (v[k] >= 0) table_int(t, v[k]);
            else table_empty(t);
        }
        long long total = (s->seized > 0 ? s->seized : 0) + (s->found > 0 ? s->found : 0) + (s->surrendered > 0 ? s->surrendered : 0);
        if (s->counted) table_number(t, round(analysis_share(s->traced, total) * 10) / 10);
        else table_empty(t);
        table_bool(t, s->counted);
        char url[40];
        snprintf(url, sizeof url, "/reports/%lld", s->report);
        table_text(t, url);
    }
}

void page_analysis_sdg(struct app *app, struct http_request *req, struct http_response *res)
{
    struct analysis_sdg x;
    struct err e = ERR_NONE;
    if (analysis_sdg_get(app->store, &req->arena, i18n_lang(), cycle_arg(req), &x, &e) < 0) { web_fail(req, res, &e); return; }
    const struct page_head h = {
        _("SDG indicator 16.4.2"), _("SDG indicator 16.4.2: illicit arms traced"), x.synthetic,
        _("Proportion of seized, found or surrendered arms whose illicit origin or context has been traced or established by a competent authority in line with international instruments."),
        x.ncycles ? CYCLE_YEARS(req, struct analysis_sdg_total, x.cycles, x.ncycles) : NULL, x.ncycles, x.cycle, NULL, NULL, NULL };
    if (!page_head(req, res, x.charts, x.ncharts, arena_printf(&req->arena, "poaiss-sdg-16-4-2-%d", x.cycle), &h)) return;
    struct buf *b = &res->body;
    figures(b, req, x.charts, x.ncharts, "/analysis/sdg-16-4-2");
    HTML_LIT(b, "<h2 id=\"states\">");
    html_textf(b, _("The figures of each reporting State, %d"), x.cycle);
    HTML_LIT(b, "</h2>\n<p>");
    if (!x.found_asked) {
        html_text(b, _("The reports of this cycle asked for seized weapons only: found and surrendered weapons are not in the indicator."));
        HTML_LIT(b, " ");
    }
    html_text(b, _("A State counts when it gave the weapons traced or established and a total above zero; a traced figure above the total is not counted."));
    HTML_LIT(b, "</p>\n");
    struct table t;
    sdg_states_table(&t, &x);
    table_html(b, &t, "sdg-states", arena_printf(&req->arena, "%s, %d", _("The figures of each reporting State"), x.cycle), true);
    table_cleanup(&t);
    HTML_LIT(b, "<h2>");
    html_text(b, _("Method and coverage"));
    HTML_LIT(b, "</h2>\n<p>");
    html_text(b, x.ncharts ? x.charts[0].source : "");
    HTML_LIT(b, "</p>\n");
    page_end(req, res);
}

/* ---- /analysis/assistance ---- */

void page_analysis_assistance(struct app *app, struct http_request *req, struct http_response *res)
{
    struct analysis_assist x;
    struct err e = ERR_NONE;
    if (analysis_assist_get(app->store, &req->arena, i18n_lang(), &x, &e) < 0) { web_fail(req, res, &e); return; }
    const struct page_head h = { _("Assistance in numbers"), _("Assistance in numbers"), x.synthetic,
                                 x.ncharts > 3 ? x.charts[3].summary : "", NULL, 0, 0, NULL, NULL, NULL };
    if (!page_head(req, res, x.charts, x.ncharts, "poaiss-assistance-numbers", &h)) return;
    struct buf *b = &res->body;
    figures(b, req, x.charts, x.ncharts, "/analysis/assistance");
    HTML_LIT(b, "<h2 id=\"stages\">");
    html_text(b, _("Days in each stage of the procedure"));
    HTML_LIT(b, "</h2>\n");
    if (!x.nstages) {
        HTML_LIT(b, "<p>");
        html_text(b, _("Not yet measured: no request has moved on from a stage of the procedure yet. The median days in each stage appear here once requests move through the stages."));
        HTML_LIT(b, "</p>\n");
        page_end(req, res);
        return;
    }
    HTML_LIT(b, "<div class=\"scroll\" role=\"region\" tabindex=\"0\" aria-labelledby=\"cap-stages\"><table class=\"list\"><caption id=\"cap-stages\">");
    html_text(b, _("Median days in each stage, over the requests that have left it"));
    HTML_LIT(b, "</caption><thead><tr><th scope=\"col\">");
    html_text(b, _("Stage"));
    HTML_LIT(b, "</th><th scope=\"col\" class=\"num\">");
    html_text(b, _("Median days"));
    HTML_LIT(b, "</th><th scope=\"col\" class=\"num\">");
    html_text(b, _("Requests measured"));
    HTML_LIT(b, "</th></tr></thead><tbody>");
    for (size_t i = 0; i < x.nstages; i++) {
        HTML_LIT(b, "<tr><th scope=\"row\">");
        html_text(b, x.stages[i].name);
        HTML_LIT(b, "</th><td class=\"num\">");
        i18n_html_number(b, llround(x.stages[i].median_days));
        HTML_LIT(b, "</td><td class=\"num\">");
        i18n_html_number(b, x.stages[i].stays);
        HTML_LIT(b, "</td></tr>");
    }
    HTML_LIT(b, "</tbody></table></div>\n");
    page_end(req, res);
}
