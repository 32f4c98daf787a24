/* web/cycles: see cycles.h. */
#include "web/cycles.h"

#include <stdio.h>
#include <string.h>

#include "domain/template.h"
#include "util/arena.h"
#include "web/error_summary.h"
#include "web/web.h"

/* ---- the list: one description for the page and the downloads ---- */

void cycles_table(struct table *t, const struct cycle *v, size_t n)
{
    static const struct table_col cols_tpl[] = {
        { "cycle", N_("Cycle"), TABLE_COL_ROWHEAD | TABLE_COL_LTR, 11 }, { "meeting", N_("Meeting"), TABLE_COL_LTR, 0 },   /* in <bdi>: a name still in English stays whole in Arabic */
        { "meeting_code", N_("Meeting code"), TABLE_COL_NOHTML, 0 },
        { "meeting_opens", N_("Meeting opens"), TABLE_COL_DATE, 0 },
        { "meeting_ends", N_("Meeting ends"), TABLE_COL_NOHTML, 0 },
        { "opens", N_("Opens for reports"), TABLE_COL_DATE, 0 },
        { "deadline", N_("Report deadline"), TABLE_COL_DATE, 0 },
        { "status", N_("Status"), TABLE_COL_NOHTML, 0 }, { "status_label", N_("Status"), TABLE_COL_TAG, 0 },
        { "template", N_("Template"), TABLE_COL_NOHTML, 0 }, { "url", N_("Address"), TABLE_COL_NOHTML, 0 },
    };
    enum { NCOLS = sizeof cols_tpl / sizeof cols_tpl[0] };
    static _Thread_local struct table_col cols[NCOLS];
    for (size_t i = 0; i < NCOLS; i++) { cols[i] = cols_tpl[i]; cols[i].label = _(cols_tpl[i].label); }
    table_init(t, cols, NCOLS);
    for (size_t i = 0; i < n; i++) {
        const struct cycle *c = &v[i];
        char url[24];
        snprintf(url, sizeof url, "/cycles/%d", c->year);
        table_int(t, c->year);
        table_text(t, c->meeting_name);
        table_text(t, c->meeting);
        table_text(t, c->starts);
        table_text(t, c->ends);
        table_text(t, c->opens);
        table_text(t, c->deadline);
        table_text(t, cycle_status_id(c->status));
        table_text(t, _(cycle_status_label(c->status)));
        if (c->template_year) table_int(t, c->template_year);
        else table_empty(t);
        table_text(t, url);
    }
}

/* ---- where the calendar stands ---- */

/* A date in the page's language, isolated from the text around it (util/i18n.h). */
static void date_html(struct buf *b, const char *d)
{
    i18n_html_date(b, d);
}

static void fact_begin(struct buf *b, const char *label)
{
    HTML_LIT(b, "<div><dt>");
    html_text(b, label);
    HTML_LIT(b, "</dt><dd>");
}

/* Text with its one %s replaced by arg in <bdi>: a name in another script keeps its place and its brackets. */
static void text_isolating(struct buf *b, const char *fmt, const char *arg)
{
    const char *at = strstr(fmt, "%s");
    if (!at) { html_text(b, fmt); return; }
    html_textn(b, fmt, (size_t)(at - fmt));
    HTML_LIT(b, "<bdi>");
    html_text(b, arg);
    HTML_LIT(b, "</bdi>");
    html_text(b, at + 2);
}

static void meeting_html(struct buf *b, const struct cycle *c)
{
    HTML_LIT(b, "<bdi>");
    html_text(b, c->meeting_name ? c->meeting_name : c->meeting);
    HTML_LIT(b, "</bdi>");
    if (c->starts) {
        HTML_LIT(b, ", ");
        date_html(b, c->starts);
        if (c->ends && strcmp(c->ends, c->starts)) { HTML_LIT(b, " – "); date_html(b, c->ends); }
    }
}

void cycles_calendar_html(struct buf *b, const struct cycle *v, size_t n, bool manage)
{
    const struct cycle *c = cycle_current(v, n), *last = cycle_last_closed(v, n);
    char today[11];
    cycle_today(today);
    HTML_LIT(b, "<section aria-labelledby=\"calendar\" class=\"card\">\n<h2 id=\"calendar\">");
    if (c) html_textf(b, _("Current reporting cycle: %d"), c->year);
    else html_text(b, _("No reporting cycle is open"));
    HTML_LIT(b, "</h2>\n");
    if (!c) {
        HTML_LIT(b, "<p>");
        if (last) {
            html_textf(b, _("The last cycle, %d, closed when its meeting ended."), last->year);
            HTML_LIT(b, " ");
        }
        html_text(b, _("The Secretariat opens the next cycle once its meeting is fixed."));
        HTML_LIT(b, "</p>\n");
    } else {
        long days = cycle_days_between(today, c->deadline);
        HTML_LIT(b, "<dl class=\"facts\">");
        fact_begin(b, _("Status"));
        HTML_LIT(b, "<strong class=\"tag\">");
        html_text(b, _(cycle_status_label(c->status)));
        HTML_LIT(b, "</strong></dd></div>");
        if (c->status == CYCLE_PLANNED) {
            fact_begin(b, _("Opens for reports"));
            date_html(b, c->opens);
            HTML_LIT(b, "</dd></div>");
        }
        fact_begin(b, _("Deadline for national reports"));
        date_html(b, c->deadline);
        HTML_LIT(b, " (");
        if (days > 1) html_textf(b, _("%ld days left"), days);
        else if (days == 1) html_text(b, _("1 day left"));
        else if (days == 0) html_text(b, _("due today"));
        else if (days == -1) html_text(b, _("passed yesterday: reports sent now are late"));
        else html_textf(b, _("passed %ld days ago: reports sent now are late"), -days);
        HTML_LIT(b, ")</dd></div>");
        fact_begin(b, _("Next meeting"));
        if (c->meeting) meeting_html(b, c);
        else html_text(b, _("not fixed yet"));
        HTML_LIT(b, "</dd></div></dl>\n");
        if (c->status == CYCLE_DEADLINE_PASSED) {
            HTML_LIT(b, "<p>");
            html_text(b, _("States that have not reported may still do so until the meeting ends; their reports are marked late."));
            HTML_LIT(b, "</p>\n");
        }
    }
    if (c && last && last->year < c->year && c->status != CYCLE_DEADLINE_PASSED && last->meeting) {
        HTML_LIT(b, "<p>");
        text_isolating(b, _("The last meeting held: %s."), last->meeting_name ? last->meeting_name : last->meeting);
        HTML_LIT(b, "</p>\n");
    }
    if (manage) {
        HTML_LIT(b, "<p><a href=\"/cycles/new\">");
        html_text(b, _("Open the next reporting cycle"));
        HTML_LIT(b, "</a>");
        if (c) {
            HTML_LIT(b, " · <a href=\"/cycles/");
            html_int(b, c->year);
            HTML_LIT(b, "/edit\">");
            html_textf(b, _("Change the dates of the %d cycle"), c->year);
            HTML_LIT(b, "</a>");
        }
        HTML_LIT(b, "</p>\n");
    }
    HTML_LIT(b, "</section>\n");
}

static bool may_manage(const struct http_request *req)
{
    return req->who && authz_allowed(req->who, AUTHZ_CYCLES_MANAGE, NULL);
}

void page_cycles(struct app *app, struct http_request *req, struct http_response *res)
{
    enum table_format fmt = table_format_split(req->path, NULL);
    struct cycle *v;
    size_t n;
    struct err e = ERR_NONE;
    if (cycle_list(app->store, &req->arena, &v, &n, &e) < 0) { web_fail(req, res, &e); return; }
    cycle_names_in(app->store, &req->arena, v, n, i18n_lang());
    struct table t;
    cycles_table(&t, v, n);
    if (fmt != TABLE_PAGE) {
        table_send(&t, fmt, "poaiss-cycles", req, res);
        table_cleanup(&t);
        return;
    }
    page_begin(req, res, _("Reporting cycles"));
    struct buf *b = &res->body;
    HTML_LIT(b, "<h1>");
    html_text(b, _("Reporting cycles and meetings of States"));
    HTML_LIT(b, "</h1>\n");
    const char *opened = http_query(req, "opened"), *changed = http_query(req, "changed");
    if (may_manage(req) && (opened || changed)) {
        HTML_LIT(b, "<div class=\"notice\" role=\"status\"><p>");
        html_text(b, opened ? _("The cycle is open in the calendar below.") : _("The cycle's dates are changed."));
        HTML_LIT(b, "</p></div>\n");
    }
    HTML_LIT(b, "<p>");
    html_text(b, _("National reports fall due every two years, before each Biennial Meeting of States (BMS) or Review Conference (RevCon)."));
    HTML_LIT(b, "</p>\n");
    cycles_calendar_html(b, v, n, may_manage(req));
    table_html(b, &t, "cycles", _("Reporting cycles"), true);
    table_cleanup(&t);
    table_links(b, req, "/cycles");
    page_end(req, res);
}

/* ---- the Secretariat's forms ---- */

struct form_field { enum cycle_field f; const char *label, *hint; int width; };

static void error_summary(struct http_request *req, struct buf *b, const struct cycle_problems *pb)
{
    error_summary_begin(b, NULL);
    HTML_LIT(b, "<ul>");
    for (int f = 0; f < CYCLE_NFIELDS; f++) {
        if (!pb->msg[f]) continue;
        struct err fe = { ERR_INVALID, pb->msg[f], pb->arg[f] };
        HTML_LIT(b, "<li><a href=\"#f-");
        html_text(b, CYCLE_FIELD_ID[f]);
        HTML_LIT(b, "\">");
        html_text(b, web_err_message(req, &fe));
        HTML_LIT(b, "</a></li>");
    }
    HTML_LIT(b, "</ul>");
    error_summary_end(b);
}

static void input(struct http_request *req, struct buf *b, const struct form_field *ff, const char *value,
                  const struct cycle_problems *pb)
{
    const char *id = CYCLE_FIELD_ID[ff->f];
    bool bad = pb && pb->msg[ff->f];
    HTML_LIT(b, "<div class=\"field");
    if (bad) HTML_LIT(b, " field-error");
    HTML_LIT(b, "\"><label for=\"f-");
    html_text(b, id);
    HTML_LIT(b, "\">");
    html_text(b, ff->label);
    HTML_LIT(b, "</label>");
    if (ff->hint) {
        HTML_LIT(b, "<p class=\"hint\" id=\"f-");
        html_text(b, id);
        HTML_LIT(b, "-hint\">");
        html_text(b, ff->hint);
        HTML_LIT(b, "</p>");
    }
    if (bad) {
        struct err fe = { ERR_INVALID, pb->msg[ff->f], pb->arg[ff->f] };
        HTML_LIT(b, "<p class=\"error\" id=\"f-");
        html_text(b, id);
        HTML_LIT(b, "-error\"><span class=\"visually-hidden\">");
        html_text(b, _("Error:"));
        HTML_LIT(b, "</span> ");
        html_text(b, web_err_message(req, &fe));
        HTML_LIT(b, "</p>");
    }
    HTML_LIT(b, "<input id=\"f-");
    html_text(b, id);
    HTML_LIT(b, "\" name=\"");
    html_text(b, id);
    HTML_LIT(b, "\" dir=\"ltr\" size=\"");
    html_int(b, ff->width);
    HTML_LIT(b, "\" value=\"");
    html_text(b, value ? value : "");
    HTML_LIT(b, "\"");
    if (ff->width <= 10) HTML_LIT(b, " inputmode=\"numeric\" autocomplete=\"off\"");
    if (ff->hint || bad) {
        HTML_LIT(b, " aria-describedby=\"");
        if (ff->hint) { HTML_LIT(b, "f-"); html_text(b, id); HTML_LIT(b, "-hint"); }
        if (ff->hint && bad) HTML_LIT(b, " ");
        if (bad) { HTML_LIT(b, "f-"); html_text(b, id); HTML_LIT(b, "-error"); }
        HTML_LIT(b, "\"");
    }
    if (bad) HTML_LIT(b, " aria-invalid=\"true\"");
    HTML_LIT(b, "></div>\n");
}

static void hidden(struct buf *b, const char *name, const char *value)
{
    if (!value || !*value) return;
    HTML_LIT(b, "<input type=\"hidden\" name=\"");
    html_text(b, name);
    HTML_LIT(b, "\" value=\"");
    html_text(b, value);
    HTML_LIT(b, "\">");
}

static void summary_row(struct buf *b, const char *label, const char *value, const char *field)
{
    HTML_LIT(b, "<div><dt>");
    html_text(b, label);
    HTML_LIT(b, "</dt><dd><bdi>");
    html_text(b, value && *value ? value : "—");
    HTML_LIT(b, "</bdi></dd><dd><button type=\"submit\" name=\"step\" value=\"change\" class=\"link\" formnovalidate data-field=\"");
    html_text(b, field);
    HTML_LIT(b, "\">");
    html_text(b, _("Change"));
    HTML_LIT(b, "<span class=\"visually-hidden\"> ");
    html_text(b, label);
    HTML_LIT(b, "</span></button></dd></div>");
}

/* Values of the form, by field (lent from the request). */
static void form_values(struct http_request *req, const char *v[CYCLE_NFIELDS])
{
    for (int f = 0; f < CYCLE_NFIELDS; f++) v[f] = http_form(req, CYCLE_FIELD_ID[f]);
}

/* The new-cycle form (step "check") or, when check is true, the summary to confirm (step "save"). */
static void new_page(struct app *app, struct http_request *req, struct http_response *res, const char *v[CYCLE_NFIELDS],
                     const struct cycle_problems *pb, const struct cycle *checked)
{
    (void)app;
    bool errors = pb && pb->n;
    const char *title = checked ? _("Check the new cycle before you open it") : _("Open a reporting cycle");
    page_begin(req, res, errors ? arena_printf(&req->arena, "%s: %s", _("Error"), title) : title);
    struct buf *b = &res->body;
    if (errors) error_summary(req, b, pb);
    HTML_LIT(b, "<h1>");
    html_text(b, title);
    HTML_LIT(b, "</h1>\n<form method=\"post\" action=\"/cycles/new\" novalidate>");
    web_csrf_field(req, res);
    if (checked) {
        HTML_LIT(b, "<dl class=\"facts\">");
        summary_row(b, _("Year"), v[CYCLE_FIELD_YEAR], "year");
        summary_row(b, _("Meeting"), checked->meeting_name ? checked->meeting_name : checked->meeting, "meeting");
        summary_row(b, _("Meeting starts"), checked->starts, "meeting_starts");
        summary_row(b, _("Meeting ends"), checked->ends, "meeting_ends");
        summary_row(b, _("Opens for reports"), checked->opens, "opens");
        summary_row(b, _("Report deadline"), checked->deadline, "deadline");
        HTML_LIT(b, "</dl>\n<p>");
        if (checked->template_year)
            html_textf(b, _("The cycle uses the reporting template of %d, as the cycle before it."), checked->template_year);
        HTML_LIT(b, " ");
        html_textf(b, _("On the day it opens, it will be: %s."), _(cycle_status_label(checked->status)));
        HTML_LIT(b, "</p>\n");
        for (int f = 0; f < CYCLE_NFIELDS; f++) hidden(b, CYCLE_FIELD_ID[f], v[f]);
        HTML_LIT(b, "<p><button type=\"submit\" name=\"step\" value=\"save\">");
        html_text(b, _("Open the cycle"));
        HTML_LIT(b, "</button></p></form>\n");
        page_end(req, res);
        return;
    }
    const struct form_field fields[] = {
        { CYCLE_FIELD_YEAR, _("Year the reports fall due"), _("Even years only, after the last cycle, for example 2028."), 4 },
        { CYCLE_FIELD_MEETING, _("Meeting code"), _("The meeting that closes the cycle, for example BMS10 or RevCon5."), 10 },
        { CYCLE_FIELD_MEETING_NAME, _("Meeting name"), _("Only for a meeting not yet in the system, for example Tenth Biennial Meeting of States (BMS10)."), 60 },
        { CYCLE_FIELD_STARTS, _("Meeting starts"), _("YYYY-MM-DD, after the report deadline. Leave empty to keep a known meeting's dates."), 10 },
        { CYCLE_FIELD_ENDS, _("Meeting ends"), _("YYYY-MM-DD"), 10 },
        { CYCLE_FIELD_OPENS, _("Opens for reports"), _("YYYY-MM-DD: from this day States can start their reports."), 10 },
        { CYCLE_FIELD_DEADLINE, _("Report deadline"), _("YYYY-MM-DD, after the opening date and before the meeting."), 10 },
    };
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) input(req, b, &fields[i], v[fields[i].f], pb);
    HTML_LIT(b, "<p class=\"hint\">");
    html_text(b, _("The reporting template is copied from the previous cycle's."));
    HTML_LIT(b, "</p><p><button type=\"submit\" name=\"step\" value=\"check\">");
    html_text(b, _("Continue"));
    HTML_LIT(b, "</button></p></form>\n");
    page_end(req, res);
}

void page_cycle_new(struct app *app, struct http_request *req, struct http_response *res)
{
    http_response_header(res, "Cache-Control", "no-store");
    struct cycle *v;
    size_t n;
    struct err e = ERR_NONE;
    if (cycle_list(app->store, &req->arena, &v, &n, &e) < 0) { web_fail(req, res, &e); return; }
    cycle_names_in(app->store, &req->arena, v, n, i18n_lang());
    int last = 0;
    for (size_t i = 0; i < n; i++)
        if (v[i].year < TEMPLATE_BENCH_FIRST && v[i].year > last) last = v[i].year;
    char today[11];
    cycle_today(today);
    const char *vals[CYCLE_NFIELDS] = { 0 };
    vals[CYCLE_FIELD_YEAR] = arena_printf(&req->arena, "%d", last + 2);
    vals[CYCLE_FIELD_OPENS] = arena_strdup(&req->arena, today);
    vals[CYCLE_FIELD_DEADLINE] = arena_printf(&req->arena, "%d-03-31", last + 2);
    new_page(app, req, res, vals, NULL, NULL);
}

void page_cycle_new_post(struct app *app, struct http_request *req, struct http_response *res)
{
    http_response_header(res, "Cache-Control", "no-store");
    const char *v[CYCLE_NFIELDS];
    form_values(req, v);
    if (http_form_bad(req)) { web_error(req, res, 400, _("The form could not be read.")); return; }
    const char *step = http_form(req, "step");
    if (step && strcmp(step, "change") == 0) { new_page(app, req, res, v, NULL, NULL); return; }
    bool save = step && strcmp(step, "save") == 0;
    struct cycle_new in = { v[CYCLE_FIELD_YEAR], v[CYCLE_FIELD_MEETING], v[CYCLE_FIELD_MEETING_NAME], v[CYCLE_FIELD_STARTS],
                            v[CYCLE_FIELD_ENDS], v[CYCLE_FIELD_OPENS], v[CYCLE_FIELD_DEADLINE] };
    struct cycle c;
    struct cycle_problems pb;
    struct err e = ERR_NONE;
    if (cycle_open(app->store, &req->arena, req->who, &in, save, &c, &pb, &e) < 0) {
        if (e.code == ERR_INVALID && pb.n) { res->status = 400; new_page(app, req, res, v, &pb, NULL); }
        else web_fail(req, res, &e);
        return;
    }
    if (!save) { new_page(app, req, res, v, NULL, &c); return; }
    http_redirect(res, arena_printf(&req->arena, "/cycles?opened=%d", c.year));
}

/* The dates form of a cycle, or its summary to confirm. */
static void edit_page(struct http_request *req, struct http_response *res, const struct cycle *cur,
                      const char *v[CYCLE_NFIELDS], const struct cycle_problems *pb, const struct cycle *checked)
{
    bool errors = pb && pb->n;
    const char *title = arena_printf(&req->arena, checked ? _("Check the new dates of the %d cycle") : _("Change the dates of the %d cycle"),
                                     cur->year);
    page_begin(req, res, errors ? arena_printf(&req->arena, "%s: %s", _("Error"), title) : title);
    struct buf *b = &res->body;
    if (errors) error_summary(req, b, pb);
    HTML_LIT(b, "<h1>");
    html_text(b, title);
    HTML_LIT(b, "</h1>\n<form method=\"post\" action=\"/cycles/");
    html_int(b, cur->year);
    HTML_LIT(b, "/edit\" novalidate>");
    web_csrf_field(req, res);
    if (checked) {
        HTML_LIT(b, "<dl class=\"facts\">");
        summary_row(b, _("Opens for reports"), checked->opens, "opens");
        summary_row(b, _("Report deadline"), checked->deadline, "deadline");
        if (checked->meeting) {
            summary_row(b, _("Meeting starts"), checked->starts, "meeting_starts");
            summary_row(b, _("Meeting ends"), checked->ends, "meeting_ends");
        }
        HTML_LIT(b, "</dl>\n<p>");
        html_textf(b, _("With these dates the cycle is: %s."), _(cycle_status_label(checked->status)));
        HTML_LIT(b, "</p>\n");
        for (int f = 0; f < CYCLE_NFIELDS; f++) hidden(b, CYCLE_FIELD_ID[f], v[f]);
        HTML_LIT(b, "<p><button type=\"submit\" name=\"step\" value=\"save\">");
        html_text(b, _("Save the dates"));
        HTML_LIT(b, "</button></p></form>\n");
        page_end(req, res);
        return;
    }
    HTML_LIT(b, "<p>");
    html_textf(b, _("Status today: %s."), _(cycle_status_label(cur->status)));
    HTML_LIT(b, "</p>\n");
    const struct form_field fields[] = {
        { CYCLE_FIELD_OPENS, _("Opens for reports"), _("YYYY-MM-DD"), 10 },
        { CYCLE_FIELD_DEADLINE, _("Report deadline"), _("YYYY-MM-DD, after the opening date and before the meeting."), 10 },
        { CYCLE_FIELD_STARTS, _("Meeting starts"), _("YYYY-MM-DD, after the report deadline."), 10 },
        { CYCLE_FIELD_ENDS, _("Meeting ends"), _("YYYY-MM-DD"), 10 },
    };
    size_t nf = cur->meeting ? 4 : 2;
    for (size_t i = 0; i < nf; i++) input(req, b, &fields[i], v[fields[i].f], pb);
    HTML_LIT(b, "<p><button type=\"submit\" name=\"step\" value=\"check\">");
    html_text(b, _("Continue"));
    HTML_LIT(b, "</button></p></form>\n");
    page_end(req, res);
}

void page_cycle_edit(struct app *app, struct http_request *req, struct http_response *res)
{
    http_response_header(res, "Cache-Control", "no-store");
    struct cycle c;
    struct err e = ERR_NONE;
    if (cycle_read(app->store, &req->arena, (int)web_arg(req, 0)->n, &c, &e) < 0) { web_fail(req, res, &e); return; }
    cycle_names_in(app->store, &req->arena, &c, 1, i18n_lang());
    if (c.status == CYCLE_CLOSED) {
        struct err ce = { ERR_STATE, N_("The %s cycle is closed: its dates are part of the record and stay as they are."),
                          arena_printf(&req->arena, "%d", c.year) };
        web_fail(req, res, &ce);
        return;
    }
    const char *v[CYCLE_NFIELDS] = { 0 };
    v[CYCLE_FIELD_OPENS] = c.opens;
    v[CYCLE_FIELD_DEADLINE] = c.deadline;
    v[CYCLE_FIELD_STARTS] = c.starts;
    v[CYCLE_FIELD_ENDS] = c.ends;
    edit_page(req, res, &c, v, NULL, NULL);
}

void page_cycle_edit_post(struct app *app, struct http_request *req, struct http_response *res)
{
    http_response_header(res, "Cache-Control", "no-store");
    int year = (int)web_arg(req, 0)->n;
    struct cycle cur;
    struct err e = ERR_NONE;
    if (cycle_read(app->store, &req->arena, year, &cur, &e) < 0) { web_fail(req, res, &e); return; }
    const char *v[CYCLE_NFIELDS];
    form_values(req, v);
    if (http_form_bad(req)) { web_error(req, res, 400, _("The form could not be read.")); return; }
    const char *step = http_form(req, "step");
    if (step && strcmp(step, "change") == 0) { edit_page(req, res, &cur, v, NULL, NULL); return; }
    bool save = step && strcmp(step, "save") == 0;
    struct cycle_dates in = { v[CYCLE_FIELD_OPENS], v[CYCLE_FIELD_DEADLINE], v[CYCLE_FIELD_STARTS], v[CYCLE_FIELD_ENDS] };
    struct cycle c;
    struct cycle_problems pb;
    if (cycle_change(app->store, &req->arena, req->who, year, &in, save, &c, &pb, &e) < 0) {
        if (e.code == ERR_INVALID && pb.n) { res->status = 400; edit_page(req, res, &cur, v, &pb, NULL); }
        else web_fail(req, res, &e);
        return;
    }
    if (!save) { edit_page(req, res, &cur, v, NULL, &c); return; }
    http_redirect(res, arena_printf(&req->arena, "/cycles?changed=%d", year));
}
