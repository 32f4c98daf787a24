/*
 * targets: the list of voluntary targets (/targets, filtered by State, M49 region, paragraph
 * and status, with its .csv/.xlsx/.json downloads from one table description), a target's page
 * (/targets/{id}: its fields, the path to it as an SVG figure with its data table beside it,
 * the progress form for those who may record it) and the State page's section.  Everything is
 * read through domain/target.h; the forms are in web/target_form.c.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "domain/refdata.h"
#include "domain/state.h"
#include "web/assist_web.h"
#include "web/targets.h"

/* The words of a status, translated. */
static const char *status_label(enum target_status s)
{
    switch (s) {
    case TARGET_ACHIEVED: return _("Achieved");
    case TARGET_WITHDRAWN: return _("Withdrawn");
    default: return _("Active");
    }
}

void targets_html_value(struct buf *b, double v, const char *unit)
{
    HTML_LIT(b, "<bdi dir=\"ltr\">");
    if (v == floor(v) && fabs(v) < 1e15) i18n_number(b, (long long)v);
    else {   /* at most two decimals, without trailing zeros: 45.5, 0.25 */
        char tmp[48];
        snprintf(tmp, sizeof tmp, "%.2f", v);
        char *z = tmp + strlen(tmp) - 1;
        while (*z == '0') *z-- = 0;
        if (*z == '.') *z = 0;
        html_text(b, tmp);
    }
    HTML_LIT(b, "</bdi>");
    if (unit && *unit) { HTML_LIT(b, " "); html_text(b, unit); }
}

struct target_filter targets_filter(const struct http_request *req)
{
    return (struct target_filter){ .iso3 = web_q(req, "state")->s, .region = web_q(req, "region")->s,
                                   .paragraph = web_q(req, "paragraph")->s, .status = web_q(req, "status")->s };
}

static void paragraphs_text(struct buf *out, const struct assist_strings *p)
{
    for (size_t i = 0; i < p->n; i++) {
        if (i) buf_puts(out, "; ");
        buf_puts(out, p->v[i]);
    }
}

void targets_table(struct table *t, const struct target *v, size_t n)
{
    static const struct table_col cols_tpl[] = {
        { "id", N_("Number"), TABLE_COL_NOHTML, 0 },
        { "title", N_("Target"), TABLE_COL_ROWHEAD, 20 },
        { "place", N_("State or region"), 0, 0 },
        { "state", N_("State code"), TABLE_COL_NOHTML, 0 },
        { "region", N_("Region code"), TABLE_COL_NOHTML, 0 },
        { "paragraphs", N_("Paragraphs"), TABLE_COL_LTR, 0 },
        { "indicator", N_("Indicator"), 0, 0 },
        { "question", N_("Template question"), TABLE_COL_NOHTML, 0 },
        { "unit", N_("Unit"), TABLE_COL_NOHTML, 0 },
        { "baseline_value", N_("Baseline"), TABLE_COL_NUM | TABLE_COL_AMOUNT, 0 },
        { "baseline_year", N_("Baseline year"), TABLE_COL_NOHTML, 0 },
        { "latest_value", N_("Latest value"), TABLE_COL_NUM | TABLE_COL_AMOUNT, 0 },
        { "latest_year", N_("Year of the latest value"), TABLE_COL_NUM | TABLE_COL_LTR, 0 },
        { "latest_source", N_("Source of the latest value"), TABLE_COL_NOHTML, 0 },
        { "target_value", N_("Target value"), TABLE_COL_NUM | TABLE_COL_AMOUNT, 0 },
        { "target_year", N_("Target year"), TABLE_COL_NUM | TABLE_COL_LTR, 0 },
        { "status", N_("Status code"), TABLE_COL_NOHTML, 0 },
        { "status_name", N_("Status"), TABLE_COL_TAG, 0 },
        { "synthetic", N_("Synthetic"), TABLE_COL_NOHTML, 0 },
        { "url", N_("Address"), TABLE_COL_NOHTML, 0 },
    };
    enum { NCOLS = sizeof cols_tpl / sizeof cols_tpl[0] };
    static _Thread_local struct table_col cols[NCOLS];
    for (size_t i = 0; i < NCOLS; i++) { cols[i] = cols_tpl[i]; cols[i].label = _(cols_tpl[i].label); }
    table_init(t, cols, NCOLS);
    for (size_t i = 0; i < n; i++) {
        const struct target *x = &v[i];
        struct buf p = BUF_INIT;
        table_int(t, x->id);
        table_text_user(t, NULL, x->title, NULL);
        table_text(t, x->place_name);
        table_text(t, x->iso3);
        table_text(t, x->region);
        paragraphs_text(&p, &x->paragraphs);
        table_text(t, p.len ? buf_cstr(&p) : NULL);
        buf_cleanup(&p);
        table_text(t, x->indicator);
        table_text(t, x->question);
        table_text(t, *x->unit ? x->unit : NULL);
        if (x->has_baseline) { table_number(t, x->baseline_value); table_int(t, x->baseline_year); }
        else { table_empty(t); table_empty(t); }
        if (x->has_latest) {
            table_number(t, x->latest.value);
            table_int(t, x->latest.year);
            table_text(t, x->latest.source == TARGET_REPORT ? "report" : "recorded");
        } else {
            table_empty(t); table_empty(t); table_empty(t);
        }
        table_number(t, x->target_value);
        table_int(t, x->target_year);
        table_text(t, target_status_name(x->status));
        table_text(t, status_label(x->status));
        table_bool(t, x->synthetic);
        char url[40];
        snprintf(url, sizeof url, "/targets/%lld", x->id);
        table_text(t, url);
    }
}

/* ---------------------------------------------------------------- the list */

static void option(struct buf *b, const char *value, const char *label, const char *selected, int indent)
{
    HTML_LIT(b, "<option value=\"");
    html_text(b, value);
    HTML_LIT(b, "\"");
    if (selected && strcmp(selected, value) == 0) HTML_LIT(b, " selected");
    HTML_LIT(b, ">");
    for (int i = 0; i < indent; i++) HTML_LIT(b, "\xC2\xA0\xC2\xA0");
    html_text(b, label);
    HTML_LIT(b, "</option>");
}

/* The filter form; -1 when a list cannot be read. */
static int filter_form(struct app *app, struct http_request *req, struct buf *b, const struct target_filter *f)
{
    struct ref_item *regions;
    size_t nr, ns;
    struct state *states;
    struct state_filter sf = { 0 };
    if (ref_regions(app->store, &req->arena, i18n_lang(), &regions, &nr, NULL) < 0 ||
        state_list(app->store, &req->arena, &sf, i18n_lang(), &states, &ns, NULL) < 0)
        return -1;
    HTML_LIT(b, "<form method=\"get\" action=\"/targets\" class=\"filters\" role=\"search\">\n<div><label for=\"state\">");
    html_text(b, _("State"));
    HTML_LIT(b, "</label><select id=\"state\" name=\"state\"><option value=\"\">");
    html_text(b, _("All States"));
    HTML_LIT(b, "</option>");
    for (size_t i = 0; i < ns; i++) option(b, states[i].iso3, states[i].local_name, f->iso3, 0);
    HTML_LIT(b, "</select></div>\n<div><label for=\"region\">");
    html_text(b, _("Region or subregion"));
    HTML_LIT(b, "</label><select id=\"region\" name=\"region\"><option value=\"\">");
    html_text(b, _("All regions"));
    HTML_LIT(b, "</option>");
    for (size_t i = 0; i < nr; i++) option(b, regions[i].code, regions[i].name, f->region, regions[i].level - 1);
    HTML_LIT(b, "</select></div>\n<div><label for=\"paragraph\">");
    html_text(b, _("Paragraph"));
    HTML_LIT(b, "</label><input id=\"paragraph\" name=\"paragraph\" dir=\"ltr\" maxlength=\"20\" size=\"10\" placeholder=\"PoA II.4\" value=\"");
    html_text(b, f->paragraph ? f->paragraph : "");
    HTML_LIT(b, "\"></div>\n<div class=\"actions\"><button type=\"submit\">");
    html_text(b, _("Filter"));
    HTML_LIT(b, "</button> <a href=\"/targets\">");
    html_text(b, _("Clear"));
    HTML_LIT(b, "</a></div>\n</form>\n");
    return 0;
}

void page_targets(struct app *app, struct http_request *req, struct http_response *res)
{
    struct target_filter f = targets_filter(req);
    struct target *v;
    size_t n;
    struct err e = ERR_NONE;
    if (target_list(app->store, &req->arena, req->who, i18n_lang(), &f, &v, &n, &e) < 0) { web_fail(req, res, &e); return; }
    struct table t;
    targets_table(&t, v, n);
    enum table_format fmt = table_format_split(req->path, NULL);
    if (fmt != TABLE_PAGE) {
        table_send(&t, fmt, "poaiss-targets", req, res);
        table_cleanup(&t);
        return;
    }
    struct buf form = BUF_INIT;
    if (filter_form(app, req, &form, &f) < 0) {
        buf_cleanup(&form);
        table_cleanup(&t);
        web_fail(req, res, &(struct err){ ERR_STORE, NULL, NULL });
        return;
    }
    bool synthetic = false;
    for (size_t i = 0; i < n; i++) synthetic |= v[i].synthetic;
    page_begin(req, res, _("Voluntary targets"));
    struct buf *b = &res->body;
    HTML_LIT(b, "<h1>");
    html_text(b, _("Voluntary targets"));
    HTML_LIT(b, "</h1>\n<p class=\"lead\">");
    html_text(b, _("National and regional targets set in support of the Programme of Action and the International Tracing "
                   "Instrument (outcome of the Eighth Biennial Meeting, paragraph 29), with the progress recorded or reported."));
    HTML_LIT(b, "</p>\n");
    if (authz_allowed(req->who, AUTHZ_TARGET_EDIT, req->who->state_iso3[0] ? req->who->state_iso3 : NULL)) {
        HTML_LIT(b, "<p><a class=\"button\" href=\"/targets/new\">");
        html_text(b, req->who->role == ROLE_FOCAL_POINT ? _("Set a target") : _("Record a regional target"));
        HTML_LIT(b, "</a></p>\n");
    }
    buf_append(b, form.data, form.len);
    buf_cleanup(&form);
    if (synthetic) {
        HTML_LIT(b, "<p class=\"notice\">");
        html_text(b, _("Some of these targets are synthetic demonstration data, marked as such."));
        HTML_LIT(b, "</p>\n");
    }
    table_links(b, req, "/targets");
    if (n) table_html(b, &t, "targets", _("Voluntary targets"), true);
    else {
        HTML_LIT(b, "<p>");
        html_text(b, _("No target matches these filters."));
        HTML_LIT(b, "</p>\n");
    }
    table_cleanup(&t);
    page_end(req, res);
}

/* ---------------------------------------------------------------- one target */

static void dt(struct buf *b, const char *label)
{
    HTML_LIT(b, "<dt>");
    html_text(b, label);
    HTML_LIT(b, "</dt><dd>");
}

static void figure(struct http_request *req, struct buf *b, const struct target *t)
{
    struct chart c;
    target_chart(&req->arena, t, &c);
    HTML_LIT(b, "<figure class=\"chart-figure\" aria-labelledby=\"");
    html_text(b, c.id);
    HTML_LIT(b, "-cap\"><figcaption id=\"");
    html_text(b, c.id);
    HTML_LIT(b, "-cap\"><strong>");
    html_text(b, c.title);
    HTML_LIT(b, "</strong> ");
    html_text(b, c.summary);
    if (c.synthetic) { HTML_LIT(b, " "); assist_html_tag(b, "synthetic", _("synthetic")); }
    HTML_LIT(b, "</figcaption>\n");
    target_svg(b, &c);
    /* The data table beside it: the same numbers, a row per year. */
    static const struct table_col cols_tpl[] = {
        { "year", N_("Year"), TABLE_COL_ROWHEAD | TABLE_COL_LTR, 0 },
        { "reached", N_("Value reached"), TABLE_COL_NUM | TABLE_COL_AMOUNT, 0 },
        { "planned", N_("Planned path to the target"), TABLE_COL_NUM | TABLE_COL_AMOUNT, 0 },
    };
    struct table_col cols[3];
    for (size_t i = 0; i < 3; i++) { cols[i] = cols_tpl[i]; cols[i].label = _(cols_tpl[i].label); }
    struct table tab;
    table_init(&tab, cols, 3);
    for (size_t i = 0; i < c.ncat; i++) {
        table_text(&tab, c.categories[i]);
        for (size_t s = 0; s < 2; s++)
            if (isnan(c.series[s].v[i])) table_empty(&tab);
            else table_number(&tab, c.series[s].v[i]);
    }
    table_html(b, &tab, arena_printf(&req->arena, "%s-data", c.id), _("The figure's data"), false);
    table_cleanup(&tab);
    HTML_LIT(b, "<p class=\"hint\">");
    html_text(b, c.source);
    HTML_LIT(b, "</p></figure>\n");
}

static void points_list(struct buf *b, const struct target *t)
{
    HTML_LIT(b, "<h2>");
    html_text(b, _("Progress"));
    HTML_LIT(b, "</h2>\n");
    if (!t->npoints) {
        HTML_LIT(b, "<p>");
        html_text(b, _("No progress has been recorded or reported yet."));
        HTML_LIT(b, "</p>\n");
        return;
    }
    HTML_LIT(b, "<ul class=\"progress-points\">");
    for (size_t i = 0; i < t->npoints; i++) {
        const struct target_point *p = &t->points[i];
        HTML_LIT(b, "<li>");
        if (p->date) i18n_html_date(b, p->date);
        else { HTML_LIT(b, "<bdi dir=\"ltr\">"); html_int(b, p->year); HTML_LIT(b, "</bdi>"); }
        HTML_LIT(b, ": ");
        targets_html_value(b, p->value, t->unit);
        if (p->source == TARGET_REPORT) {
            HTML_LIT(b, " — <a href=\"/reports/");
            html_int(b, p->report);
            HTML_LIT(b, "?version=");
            html_int(b, p->version);
            HTML_LIT(b, "\">");
            html_text(b, _("as reported in the national report"));
            HTML_LIT(b, "</a>");
            if (p->note) { HTML_LIT(b, " ("); html_text(b, p->note); HTML_LIT(b, ")"); }
        } else if (p->note && *p->note) {
            HTML_LIT(b, " — ");
            html_text(b, p->note);
        }
        if (p->synthetic) { HTML_LIT(b, " "); assist_html_tag(b, "synthetic", _("synthetic")); }
        HTML_LIT(b, "</li>");
    }
    HTML_LIT(b, "</ul>\n");
}

static void progress_form(struct http_request *req, struct http_response *res, struct buf *b, const struct target *t)
{
    HTML_LIT(b, "<h2 id=\"record\">");
    html_text(b, _("Record progress"));
    HTML_LIT(b, "</h2>\n<form method=\"post\" class=\"stack\" novalidate action=\"/targets/");
    html_int(b, t->id);
    HTML_LIT(b, "/progress\">\n");
    web_csrf_field(req, res);
    struct assist_field_errors none = { .n = 0 };
    assist_input(b, "value", _("Value reached"), t->unit && *t->unit ? t->unit : NULL, NULL, 12, true, &none);
    assist_input(b, "year", _("Year"), _("The year the value was reached, like 2025."), NULL, 6, true, &none);
    assist_textarea(b, "note", _("Note"), _("Where the figure comes from. Optional."), NULL, 3, &none);
    HTML_LIT(b, "<div class=\"actions\"><button type=\"submit\" class=\"button-primary\">");
    html_text(b, _("Record the value"));
    HTML_LIT(b, "</button></div>\n</form>\n");
}

void page_target(struct app *app, struct http_request *req, struct http_response *res)
{
    struct target t;
    struct err e = ERR_NONE;
    if (target_get(app->store, &req->arena, req->who, i18n_lang(), web_arg(req, 0)->n, &t, &e) < 0) { web_fail(req, res, &e); return; }
    page_begin(req, res, t.title);
    struct buf *b = &res->body;
    HTML_LIT(b, "<nav aria-label=\"");
    html_text(b, _("Breadcrumb"));
    HTML_LIT(b, "\" class=\"crumbs\"><a href=\"/targets\">");
    html_text(b, _("Voluntary targets"));
    HTML_LIT(b, "</a></nav>\n");
    const char *done = web_q(req, "done")->s;
    if (done) {
        HTML_LIT(b, "<div class=\"banner banner-success\" role=\"status\"><p>");
        html_text(b, strcmp(done, "progress") == 0 ? _("The value is recorded.") : _("The target is saved."));
        HTML_LIT(b, "</p></div>\n");
    }
    HTML_LIT(b, "<h1>");
    html_text(b, t.title);
    HTML_LIT(b, "</h1>\n<p class=\"lead\">");
    if (t.iso3) { HTML_LIT(b, "<a href=\"/states/"); html_text(b, t.iso3); HTML_LIT(b, "\">"); html_text(b, t.place_name); HTML_LIT(b, "</a>"); }
    else { html_text(b, _("Regional target:")); HTML_LIT(b, " "); html_text(b, t.place_name); }
    HTML_LIT(b, " ");
    assist_html_tag(b, target_status_name(t.status), status_label(t.status));
    if (t.synthetic) { HTML_LIT(b, " "); assist_html_tag(b, "synthetic", _("synthetic")); }
    HTML_LIT(b, "</p>\n<dl class=\"summary\">");
    dt(b, _("Indicator"));
    html_text(b, t.indicator);
    if (t.question) {
        HTML_LIT(b, " (");
        html_text(b, _("measured by the report's question"));
        HTML_LIT(b, " <a href=\"/questions/");
        html_urlpart(b, t.question);
        HTML_LIT(b, "\"><bdi dir=\"ltr\">");
        html_text(b, t.question_number ? t.question_number : t.question);
        HTML_LIT(b, "</bdi></a>)");
    }
    HTML_LIT(b, "</dd>");
    dt(b, _("Paragraphs"));
    if (t.paragraphs.n) assist_html_paragraphs(b, &t.paragraphs);
    else HTML_LIT(b, "—");
    HTML_LIT(b, "</dd>");
    dt(b, _("Baseline"));
    if (t.has_baseline) {
        targets_html_value(b, t.baseline_value, t.unit);
        HTML_LIT(b, " (<bdi dir=\"ltr\">");
        html_int(b, t.baseline_year);
        HTML_LIT(b, "</bdi>)");
    } else HTML_LIT(b, "—");
    HTML_LIT(b, "</dd>");
    dt(b, _("Target"));
    targets_html_value(b, t.target_value, t.unit);
    HTML_LIT(b, " (<bdi dir=\"ltr\">");
    html_int(b, t.target_year);
    HTML_LIT(b, "</bdi>)</dd>");
    if (*t.notes) { dt(b, _("Notes")); html_text(b, t.notes); HTML_LIT(b, "</dd>"); }
    HTML_LIT(b, "</dl>\n");
    bool editor = target_may_edit(req->who, &t);
    if (editor) {
        HTML_LIT(b, "<p><a href=\"/targets/");
        html_int(b, t.id);
        HTML_LIT(b, "/edit\">");
        html_text(b, _("Change the target"));
        HTML_LIT(b, "</a></p>\n");
    }
    figure(req, b, &t);
    points_list(b, &t);
    if (editor) progress_form(req, res, b, &t);
    page_end(req, res);
}

/* ---------------------------------------------------------------- the State page */

int targets_state_section(struct app *app, struct http_request *req, const char *iso3, struct buf *b, struct err *e)
{
    struct target *v;
    size_t n;
    if (target_list(app->store, &req->arena, req->who, i18n_lang(), &(struct target_filter){ .iso3 = iso3 }, &v, &n, e) < 0)
        return -1;
    HTML_LIT(b, "<h2 id=\"targets\">");
    html_text(b, _("Voluntary targets"));
    HTML_LIT(b, "</h2>\n");
    if (!n) {
        HTML_LIT(b, "<p>");
        html_text(b, _("The State has set no voluntary target here."));
        HTML_LIT(b, "</p>\n");
    } else {
        HTML_LIT(b, "<ul>");
        for (size_t i = 0; i < n; i++) {
            HTML_LIT(b, "<li><a href=\"/targets/");
            html_int(b, v[i].id);
            HTML_LIT(b, "\">");
            html_user_text(b, v[i].title);
            HTML_LIT(b, "</a>: ");
            targets_html_value(b, v[i].target_value, v[i].unit);
            HTML_LIT(b, " (<bdi dir=\"ltr\">");
            html_int(b, v[i].target_year);
            HTML_LIT(b, "</bdi>)");
            if (v[i].has_latest) {
                HTML_LIT(b, "; ");
                html_text(b, _("latest"));
                HTML_LIT(b, " ");
                targets_html_value(b, v[i].latest.value, v[i].unit);
                HTML_LIT(b, " (<bdi dir=\"ltr\">");
                html_int(b, v[i].latest.year);
                HTML_LIT(b, "</bdi>)");
            }
            HTML_LIT(b, " ");
            assist_html_tag(b, target_status_name(v[i].status), status_label(v[i].status));
            if (v[i].synthetic) { HTML_LIT(b, " "); assist_html_tag(b, "synthetic", _("synthetic")); }
            HTML_LIT(b, "</li>");
        }
        HTML_LIT(b, "</ul>\n");
    }
    HTML_LIT(b, "<p><a href=\"/targets?state=");
    html_text(b, iso3);
    HTML_LIT(b, "\">");
    html_text(b, _("The State's targets as a list, with downloads"));
    HTML_LIT(b, "</a></p>\n");
    return 0;
}
