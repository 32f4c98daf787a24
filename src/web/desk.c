/*
 * desk: the Secretariat's desk (/desk): what waits for its review, oldest first, with the days
 * waiting and whether it is a correction; what it returned and waits for the State; a cycle's
 * progress by region.  The tables are described here once; the API renders the same ones.
 */
#include "web/desk.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "domain/cycle.h"
#include "web/web.h"

/* The report's working view: where the Secretariat reviews it. */
static void report_url(struct table *t, long long id)
{
    char u[48];
    snprintf(u, sizeof u, "/reports/%lld?view=working", id);
    table_text(t, u);
}

/* The date part of an ISO 8601 time: the page writes it in its language (TABLE_COL_DATE), the API as it is. */
static void date_cell(struct table *t, const char *iso)
{
    char d[11] = "";
    if (iso) snprintf(d, sizeof d, "%s", iso);
    table_text(t, *d ? d : NULL);
}

static const struct table_col *translated(const struct table_col *tpl, struct table_col *cols, size_t n)
{
    for (size_t i = 0; i < n; i++) { cols[i] = tpl[i]; cols[i].label = _(tpl[i].label); }
    return cols;
}

void desk_waiting_table(struct table *t, const struct desk *d)
{
    static const struct table_col tpl[] = {
        { "report", N_("Report"), TABLE_COL_NOHTML, 0 }, { "state", N_("State"), TABLE_COL_ROWHEAD, 10 },
        { "iso3", N_("Code"), TABLE_COL_NOHTML, 0 }, { "cycle", N_("Cycle"), TABLE_COL_LTR, 0 },
        { "version", N_("Published version"), TABLE_COL_NUM | TABLE_COL_NOHTML, 0 },
        { "correction", N_("Correction"), 0, 0 }, { "submitted", N_("Submitted"), TABLE_COL_DATE, 0 },
        { "days_waiting", N_("Days waiting"), TABLE_COL_NUM, 0 }, { "synthetic", N_("Synthetic"), TABLE_COL_NOHTML, 0 },
        { "url", N_("Address"), TABLE_COL_NOHTML, 0 },
    };
    enum { N = sizeof tpl / sizeof tpl[0] };
    static _Thread_local struct table_col cols[N];
    table_init(t, translated(tpl, cols, N), N);
    for (size_t i = 0; i < d->nwaiting; i++) {
        const struct desk_report *r = &d->waiting[i];
        table_int(t, r->id);
        table_text(t, r->state_name);
        table_text(t, r->iso3);
        table_int(t, r->cycle);
        table_int(t, r->version);
        table_bool(t, r->correction);
        date_cell(t, r->since);
        table_int(t, r->days);
        table_bool(t, r->synthetic);
        report_url(t, r->id);
    }
}

void desk_returned_table(struct table *t, const struct desk *d)
{
    static const struct table_col tpl[] = {
        { "report", N_("Report"), TABLE_COL_NOHTML, 0 }, { "state", N_("State"), TABLE_COL_ROWHEAD, 10 },
        { "iso3", N_("Code"), TABLE_COL_NOHTML, 0 }, { "cycle", N_("Cycle"), TABLE_COL_LTR, 0 },
        { "correction", N_("Correction"), TABLE_COL_NOHTML, 0 }, { "returned", N_("Returned"), TABLE_COL_DATE, 0 },
        { "days_since", N_("Days since"), TABLE_COL_NUM, 0 }, { "comment", N_("Comment"), TABLE_COL_LTR, 0 },   /* in <bdi>: its own direction */
        { "synthetic", N_("Synthetic"), TABLE_COL_NOHTML, 0 }, { "url", N_("Address"), TABLE_COL_NOHTML, 0 },
    };
    enum { N = sizeof tpl / sizeof tpl[0] };
    static _Thread_local struct table_col cols[N];
    table_init(t, translated(tpl, cols, N), N);
    for (size_t i = 0; i < d->nreturned; i++) {
        const struct desk_report *r = &d->returned[i];
        table_int(t, r->id);
        table_text(t, r->state_name);
        table_text(t, r->iso3);
        table_int(t, r->cycle);
        table_bool(t, r->correction);
        date_cell(t, r->since);
        table_int(t, r->days);
        table_text(t, r->comment);
        table_bool(t, r->synthetic);
        report_url(t, r->id);
    }
}

static void progress_row(struct table *t, const struct desk_region *g, const char *name)
{
    table_text(t, g->code && *g->code ? g->code : NULL);
    table_text(t, name);
    table_int(t, g->states);
    table_int(t, g->reported);
    table_int(t, g->submitted);
    table_int(t, g->drafts);
    table_int(t, g->not_started);
}

void desk_progress_table(struct table *t, const struct desk *d)
{
    static const struct table_col tpl[] = {
        { "region", N_("Region code"), TABLE_COL_NOHTML, 0 }, { "region_name", N_("Region"), TABLE_COL_ROWHEAD, 0 },
        { "states", N_("States"), TABLE_COL_NUM, 0 }, { "reported", N_("Reported (published)"), TABLE_COL_NUM, 0 },
        { "submitted", N_("Submitted"), TABLE_COL_NUM, 0 }, { "drafts", N_("Drafts"), TABLE_COL_NUM, 0 },
        { "not_started", N_("Not started"), TABLE_COL_NUM, 0 },
    };
    enum { N = sizeof tpl / sizeof tpl[0] };
    static _Thread_local struct table_col cols[N];
    table_init(t, translated(tpl, cols, N), N);
    for (size_t i = 0; i < d->nregions; i++)
        progress_row(t, &d->regions[i], d->regions[i].name ? d->regions[i].name : _("No region"));
    progress_row(t, &d->total, _("All regions"));
}

/* The cycle chooser: cyc, n as cycle_list gives them (newest first). */
static void cycle_form(struct buf *b, const struct desk *d, const struct cycle *cyc, size_t n)
{
    HTML_LIT(b, "<form method=\"get\" action=\"/desk\" class=\"filters\"><div><label for=\"cycle\">");
    html_text(b, _("Cycle"));
    HTML_LIT(b, "</label><select id=\"cycle\" name=\"cycle\">");
    for (size_t i = 0; i < n; i++) {
        HTML_LIT(b, "<option value=\"");
        html_int(b, cyc[i].year);
        HTML_LIT(b, "\"");
        if (cyc[i].year == d->cycle) HTML_LIT(b, " selected");
        HTML_LIT(b, ">");
        html_int(b, cyc[i].year);
        if (cyc[i].year == d->current_cycle) { HTML_LIT(b, " ("); html_text(b, _("current")); HTML_LIT(b, ")"); }
        HTML_LIT(b, "</option>");
    }
    HTML_LIT(b, "</select></div><div><button type=\"submit\">");
    html_text(b, _("Show"));
    HTML_LIT(b, "</button></div></form>\n");
}

void page_desk(struct app *app, struct http_request *req, struct http_response *res)
{
    struct desk d;
    struct err e = ERR_NONE;
    const struct http_value *cy = web_q(req, "cycle");
    if (desk_get(app->store, &req->arena, req->who, cy->set ? (int)cy->n : 0, i18n_lang(), time(NULL), &d, &e) < 0) {
        web_fail(req, res, &e);
        return;
    }
    /* Read before anything is written: a failed read is a 500, never half a page. */
    struct cycle *cyc;
    size_t ncyc;
    if (cycle_list(app->store, &req->arena, &cyc, &ncyc, &e) < 0) { web_fail(req, res, &e); return; }
    http_response_header(res, "Cache-Control", "private, no-store");
    page_begin(req, res, _("The Secretariat's desk"));
    struct buf *b = &res->body;
    HTML_LIT(b, "<h1>");
    html_text(b, _("The Secretariat's desk"));
    HTML_LIT(b, "</h1>\n<p class=\"lead\">");
    html_text(b, _("Reports waiting for review, the one waiting longest first. Open one to check it, then publish it or return it to its State with comments."));
    HTML_LIT(b, " <a href=\"/api/v1/desk\">JSON</a></p>\n");
    HTML_LIT(b, "<p><a href=\"/desk/assistance\">");   /* proc: the requests for assistance in the procedure */
    html_text(b, _("The assistance desk: requests for assistance by stage of the procedure"));
    HTML_LIT(b, "</a></p>\n");

    struct table t;
    HTML_LIT(b, "<h2 id=\"waiting\">");
    html_textf(b, _("Submitted, waiting for review (%zu)"), d.nwaiting);
    HTML_LIT(b, "</h2>\n");
    if (d.nwaiting) {
        desk_waiting_table(&t, &d);
        table_html(b, &t, "waiting-list", _("Submitted, waiting for review"), true);
        table_cleanup(&t);
    } else {
        HTML_LIT(b, "<p>");
        html_text(b, _("Nothing is waiting for review."));
        HTML_LIT(b, "</p>\n");
    }

    HTML_LIT(b, "<h2 id=\"returned\">");
    html_textf(b, _("Returned, waiting for the State (%zu)"), d.nreturned);
    HTML_LIT(b, "</h2>\n");
    if (d.nreturned) {
        desk_returned_table(&t, &d);
        table_html(b, &t, "returned-list", _("Returned, waiting for the State"), true);
        table_cleanup(&t);
    } else {
        HTML_LIT(b, "<p>");
        html_text(b, _("No returned report is waiting for its State."));
        HTML_LIT(b, "</p>\n");
    }

    HTML_LIT(b, "<h2 id=\"progress\">");
    if (d.cycle) html_textf(b, _("Progress of the %d cycle"), d.cycle);
    else html_text(b, _("Progress"));
    HTML_LIT(b, "</h2>\n");
    cycle_form(b, &d, cyc, ncyc);
    if (d.cycle) {
        desk_progress_table(&t, &d);
        char cap[96];
        snprintf(cap, sizeof cap, _("Progress of the %d cycle"), d.cycle);
        table_html(b, &t, "progress-list", cap, true);
        table_cleanup(&t);
    }
    page_end(req, res);
}
