/*
 * project_page: one project, /projects/{id}: its State, partners, the requests it answers
 * (linked), budget, period, implementing agency and schedule; the reporting periods with each
 * party's report (reported, due, late) and the budget line (committed, disbursed and spent
 * against the budget, to the end of each period); the progress reports in order.  The
 * financial detail shows only when the domain says the asker may see it.  For the parties, the
 * progress-report form; for the parties and the Secretariat, the form that completes the
 * project.  The POST handlers take those forms and send the asker back (303) with a banner, or
 * show the page again with the error summary and the values kept (422).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "web/project_web.h"

#include "domain/assist_stage.h"

/* The report form's values as typed. */
struct report_form { const char *period_end, *activities, *results, *paragraphs, *committed, *disbursed, *spent; };

static const char *or_empty(const char *s) { return s ? s : ""; }

static void fact(struct buf *b, const char *label)
{
    HTML_LIT(b, "<div><dt>");
    html_text(b, label);
    HTML_LIT(b, "</dt><dd>");
}

static void fact_end(struct buf *b) { HTML_LIT(b, "</dd></div>"); }

static void banner(struct buf *b, const char *done)
{
    const char *msg = NULL;
    if (!done) return;
    if (strcmp(done, "created") == 0) msg = _("The project is recorded. Its parties can post progress reports now.");
    else if (strcmp(done, "report") == 0) msg = _("Your progress report is posted.");
    else if (strcmp(done, "completed") == 0) msg = _("The project is completed, and so are its requests.");
    if (!msg) return;
    HTML_LIT(b, "<div class=\"banner banner-success\" role=\"status\"><p>");
    html_text(b, msg);
    HTML_LIT(b, "</p></div>\n");
}

static void facts(struct http_request *req, struct buf *b, const struct project *p)
{
    const char *lang = i18n_lang();
    HTML_LIT(b, "<dl class=\"facts stacked\">");
    fact(b, _("State"));
    HTML_LIT(b, "<a href=\"/states/");
    html_urlpart(b, p->iso3);
    HTML_LIT(b, "\">");
    html_text(b, p->state_name ? p->state_name : p->iso3);
    HTML_LIT(b, "</a>");
    fact_end(b);
    fact(b, _("Partners"));
    for (size_t k = 1; k < p->nparties; k++) {
        if (k > 1) HTML_LIT(b, ", ");
        html_text(b, p->parties[k].name);
    }
    fact_end(b);
    fact(b, _("Status"));
    assist_html_tag(b, p->status, project_status_label(p->status));
    if (p->late) {
        HTML_LIT(b, " ");
        assist_html_tag(b, "late", arena_printf(&req->arena, p->late == 1 ? _("%d late report") : _("%d late reports"), p->late));
    }
    if (p->synthetic) { HTML_LIT(b, " "); assist_html_tag(b, "synthetic", _("synthetic")); }
    fact_end(b);
    fact(b, _("Requests answered"));
    HTML_LIT(b, "<ul class=\"plain\">");
    for (size_t i = 0; i < p->nrequests; i++) {
        HTML_LIT(b, "<li><a href=\"/assistance/requests/");
        html_int(b, p->requests[i].id);
        HTML_LIT(b, "\">");
        html_user_text(b, p->requests[i].title);
        HTML_LIT(b, "</a> — ");
        html_text(b, assist_category_label(p->requests[i].category, lang));
        HTML_LIT(b, " ");
        int st = p->requests[i].stage ? assist_stage_parse(p->requests[i].stage) : -1;   /* "In implementation", not "Matched" */
        assist_html_tag(b, p->requests[i].status,
                        st >= 0 ? _(assist_stage_msgid((enum assist_stage)st)) : assist_status_label(p->requests[i].status));
        HTML_LIT(b, "</li>");
    }
    HTML_LIT(b, "</ul>");
    fact_end(b);
    fact(b, _("Budget"));
    if (p->has_budget) assist_html_money(b, p->budget, p->currency);
    else html_text(b, _("Not given"));
    fact_end(b);
    fact(b, _("Period"));
    assist_html_period(b, p->period_start, p->period_end);
    fact_end(b);
    fact(b, _("Implementing agency"));
    html_text(b, *p->agency ? p->agency : "—");
    fact_end(b);
    fact(b, _("Reporting schedule"));
    html_text(b, strcmp(p->schedule, "half-yearly") == 0 ? _("Half-yearly") : _("Quarterly"));
    fact_end(b);
    fact(b, _("Financial detail"));
    html_text(b, p->financial_public ? _("Public") : _("Shown to the parties and the Secretariat only"));
    fact_end(b);
    HTML_LIT(b, "</dl>\n");
}

static void money_cell(struct buf *b, bool has, double v, const char *currency)
{
    HTML_LIT(b, "<td class=\"num\">");
    if (has) assist_html_money(b, v, currency);
    else HTML_LIT(b, "—");
    HTML_LIT(b, "</td>");
}

static const char *due_label(enum project_due_state st)
{
    switch (st) {
    case PROJECT_REPORTED: return _("Reported");
    case PROJECT_DUE: return _("Due");
    case PROJECT_LATE: return _("Late");
    case PROJECT_NOT_YET: break;
    }
    return _("Not yet due");
}

static const char *const DUE_ID[] = { "not-yet", "reported", "due", "late" };

/* The periods: each party's report and the budget line. */
static void periods_html(struct http_request *req, struct buf *b, const struct project *p)
{
    HTML_LIT(b, "<section aria-labelledby=\"periods\"><h2 id=\"periods\">");
    html_text(b, _("Reporting periods"));
    HTML_LIT(b, "</h2>\n");
    if (!p->nperiods) {
        HTML_LIT(b, "<p>");
        html_text(b, _("The first reporting period has not begun."));
        HTML_LIT(b, "</p></section>\n");
        return;
    }
    HTML_LIT(b, "<div class=\"scroll\" role=\"region\" tabindex=\"0\" aria-labelledby=\"cap-periods\"><table class=\"list\">"
                "<caption id=\"cap-periods\">");
    html_text(b, p->finance_visible ? _("Reports by period, and the budget line: amounts to the end of each period")
                                    : _("Reports by period"));
    HTML_LIT(b, "</caption><thead><tr><th scope=\"col\">");
    html_text(b, _("Period"));
    HTML_LIT(b, "</th>");
    for (size_t k = 0; k < p->nparties; k++) {
        HTML_LIT(b, "<th scope=\"col\">");
        html_text(b, p->parties[k].name);
        HTML_LIT(b, "</th>");
    }
    if (p->finance_visible) {
        HTML_LIT(b, "<th scope=\"col\" class=\"num\">");
        html_text(b, _("Committed"));
        HTML_LIT(b, "</th><th scope=\"col\" class=\"num\">");
        html_text(b, _("Disbursed"));
        HTML_LIT(b, "</th><th scope=\"col\" class=\"num\">");
        html_text(b, _("Spent"));
        HTML_LIT(b, "</th>");
    }
    HTML_LIT(b, "</tr></thead><tbody>");
    for (size_t i = 0; i < p->nperiods; i++) {
        const struct project_period *q = &p->periods[i];
        HTML_LIT(b, "<tr><th scope=\"row\">");
        assist_html_period(b, q->start, arena_strndup(&req->arena, q->end, 7));
        HTML_LIT(b, "</th>");
        for (size_t k = 0; k < p->nparties; k++) {
            HTML_LIT(b, "<td>");
            assist_html_tag(b, DUE_ID[q->state[k]], due_label(q->state[k]));
            if (q->state[k] == PROJECT_DUE || q->state[k] == PROJECT_LATE) {
                HTML_LIT(b, " <span class=\"hint\">");
                html_text(b, q->state[k] == PROJECT_DUE ? _("by") : _("since"));
                HTML_LIT(b, " ");
                i18n_html_date(b, q->due);
                HTML_LIT(b, "</span>");
            }
            HTML_LIT(b, "</td>");
        }
        if (p->finance_visible) {
            money_cell(b, q->line.has, q->line.committed, p->currency);
            money_cell(b, q->line.has, q->line.disbursed, p->currency);
            money_cell(b, q->line.has, q->line.spent, p->currency);
        }
        HTML_LIT(b, "</tr>");
    }
    HTML_LIT(b, "</tbody>");
    if (p->finance_visible && p->has_budget) {
        HTML_LIT(b, "<tfoot><tr><th scope=\"row\" colspan=\"");
        html_int(b, (long long)p->nparties + 1);
        HTML_LIT(b, "\">");
        html_text(b, _("Budget"));
        HTML_LIT(b, "</th>");
        money_cell(b, true, p->budget, p->currency);
        HTML_LIT(b, "<td></td><td></td></tr></tfoot>");
    }
    HTML_LIT(b, "</table></div>\n");
    if (p->over_budget) {
        HTML_LIT(b, "<p>");
        assist_html_tag(b, "late", _("Above the budget"));
        HTML_LIT(b, " ");
        html_text(b, _("More is committed than the project's budget."));
        HTML_LIT(b, "</p>\n");
    }
    HTML_LIT(b, "</section>\n");
}

static void reports_html(struct http_request *req, struct buf *b, const struct project *p)
{
    (void)req;
    HTML_LIT(b, "<section aria-labelledby=\"reports\"><h2 id=\"reports\">");
    html_text(b, _("Progress reports"));
    HTML_LIT(b, "</h2>\n");
    if (!p->nreports) {
        HTML_LIT(b, "<p>");
        html_text(b, _("No progress report yet."));
        HTML_LIT(b, "</p></section>\n");
        return;
    }
    HTML_LIT(b, "<ol class=\"plain reports\">");
    for (size_t i = 0; i < p->nreports; i++) {
        const struct project_report *r = &p->reports[i];
        HTML_LIT(b, "<li><h3>");
        html_text(b, r->party_name);
        HTML_LIT(b, " · ");
        html_text(b, _("period ending"));
        HTML_LIT(b, " ");
        i18n_html_date(b, r->period_end);
        HTML_LIT(b, "</h3><p class=\"hint\">");
        html_text(b, _("Posted"));
        HTML_LIT(b, " ");
        i18n_html_date(b, r->created_at);
        if (r->corrected) { HTML_LIT(b, " "); assist_html_tag(b, "corrected", _("Corrected by a later report")); }
        if (r->synthetic) { HTML_LIT(b, " "); assist_html_tag(b, "synthetic", _("synthetic")); }
        HTML_LIT(b, "</p><dl class=\"facts stacked\">");
        if (r->activities && *r->activities) {
            fact(b, _("Activities"));
            HTML_LIT(b, "<span class=\"free\">");
            html_text(b, r->activities);
            HTML_LIT(b, "</span>");
            fact_end(b);
        }
        if (r->results && *r->results) {
            fact(b, _("Results against the requests"));
            HTML_LIT(b, "<span class=\"free\">");
            html_text(b, r->results);
            HTML_LIT(b, "</span>");
            fact_end(b);
        }
        if (r->paragraphs.n) {
            fact(b, _("PoA and ITI paragraphs served"));
            assist_html_paragraphs(b, &r->paragraphs);
            fact_end(b);
        }
        if (r->has_committed || r->has_disbursed || r->has_spent) {
            fact(b, _("Committed, disbursed, spent"));
            if (r->has_committed) assist_html_money(b, r->committed, p->currency);
            else HTML_LIT(b, "—");
            HTML_LIT(b, " / ");
            if (r->has_disbursed) assist_html_money(b, r->disbursed, p->currency);
            else HTML_LIT(b, "—");
            HTML_LIT(b, " / ");
            if (r->has_spent) assist_html_money(b, r->spent, p->currency);
            else HTML_LIT(b, "—");
            fact_end(b);
        }
        HTML_LIT(b, "</dl></li>");
    }
    HTML_LIT(b, "</ol></section>\n");
}

static void report_form_html(struct http_request *req, struct http_response *res, struct buf *b, const struct project *p,
                             const struct report_form *v, const struct assist_field_errors *errs)
{
    HTML_LIT(b, "<section aria-labelledby=\"post\"><h2 id=\"post\">");
    html_text(b, _("Post a progress report"));
    HTML_LIT(b, "</h2>\n<p>");
    html_text(b, p->my_party == 0 ? _("You report for the requesting State.") : _("You report for your organisation."));
    HTML_LIT(b, " ");
    html_text(b, _("A report is never changed: to correct one, post a new report for the same period."));
    HTML_LIT(b, "</p>\n");
    if (!p->nperiods) {
        HTML_LIT(b, "<p>");
        html_text(b, _("The first reporting period has not begun."));
        HTML_LIT(b, "</p></section>\n");
        return;
    }
    HTML_LIT(b, "<form method=\"post\" class=\"stack wide\" novalidate action=\"/projects/");
    html_int(b, p->id);
    HTML_LIT(b, "/reports\">");
    web_csrf_field(req, res);
    /* the first period the asker has not reported on, unless one was chosen */
    const char *chosen = v->period_end;
    size_t me = 0;
    for (size_t k = 0; k < p->nparties; k++)
        if (p->parties[k].id == p->my_party) me = k;
    for (size_t i = 0; !chosen && i < p->nperiods; i++)
        if (p->periods[i].state[me] != PROJECT_REPORTED) chosen = p->periods[i].end;
    assist_field_open(b, "period_end", _("Period"), NULL, errs, false);
    HTML_LIT(b, "<select id=\"f-period_end\" name=\"period_end\"");
    assist_describedby(b, "period_end", false, errs);
    HTML_LIT(b, ">");
    for (size_t i = 0; i < p->nperiods; i++) {
        HTML_LIT(b, "<option value=\"");
        html_text(b, p->periods[i].end);
        HTML_LIT(b, "\"");
        if (chosen && strcmp(chosen, p->periods[i].end) == 0) HTML_LIT(b, " selected");
        HTML_LIT(b, ">");
        html_text(b, p->periods[i].start);
        HTML_LIT(b, " – ");
        html_text(b, p->periods[i].end);
        if (p->periods[i].state[me] == PROJECT_REPORTED) { HTML_LIT(b, " ("); html_text(b, _("reported")); HTML_LIT(b, ")"); }
        HTML_LIT(b, "</option>");
    }
    HTML_LIT(b, "</select>");
    assist_field_close(b, false);
    assist_textarea(b, "activities", _("Activities in the period"), _("What was done. At most 5,000 characters."), v->activities, 4, errs);
    assist_textarea(b, "results", _("Results against the requests"), _("What changed for the needs the project answers. At most 5,000 characters."),
             v->results, 4, errs);
    assist_input(b, "paragraphs", _("PoA and ITI paragraphs served"), _("Separated by commas, like PoA II.17, ITI 8a."), v->paragraphs,
                 40, true, errs);
    const char *cur = arena_printf(&req->arena, _("Cumulative to the end of the period, in %s. Leave empty if not known."), p->currency);
    assist_input(b, "committed", _("Committed"), cur, v->committed, 16, true, errs);
    assist_input(b, "disbursed", _("Disbursed"), cur, v->disbursed, 16, true, errs);
    assist_input(b, "spent", _("Spent"), cur, v->spent, 16, true, errs);
    HTML_LIT(b, "<div class=\"actions\"><button type=\"submit\" class=\"button-primary\">");
    html_text(b, _("Post the report"));
    HTML_LIT(b, "</button></div></form></section>\n");
}

static void complete_form(struct http_request *req, struct http_response *res, struct buf *b, const struct project *p)
{
    HTML_LIT(b, "<section aria-labelledby=\"complete\"><h2 id=\"complete\">");
    html_text(b, _("Complete the project"));
    HTML_LIT(b, "</h2>\n<p>");
    html_text(b, _("Completing the project completes the requests it answers. It takes no more reports after."));
    HTML_LIT(b, "</p>\n<form method=\"post\" class=\"stack\" action=\"/projects/");
    html_int(b, p->id);
    HTML_LIT(b, "/complete\">");
    web_csrf_field(req, res);
    HTML_LIT(b, "<div><label for=\"f-note\">");
    html_text(b, _("Note"));
    HTML_LIT(b, "</label><textarea id=\"f-note\" name=\"note\" rows=\"3\" maxlength=\"2000\"></textarea></div>"
                "<div class=\"actions\"><button type=\"submit\" class=\"button-warning\">");
    html_text(b, _("Complete the project"));
    HTML_LIT(b, "</button></div></form></section>\n");
}

/* The page; v and errs: the report form as posted (NULL: empty). */
static void render(struct app *app, struct http_request *req, struct http_response *res, const struct report_form *v,
                   const struct assist_field_errors *errs)
{
    struct project p;
    struct err e = ERR_NONE;
    if (project_get(app->store, &req->arena, req->who, i18n_lang(), project_now(), web_arg(req, 0)->n, &p, &e) < 0) {
        web_fail(req, res, &e);
        return;
    }
    struct report_form empty = { 0 };
    bool failed = errs && errs->n;
    if (failed) res->status = 422;
    page_begin(req, res, failed ? arena_printf(&req->arena, "%s%s", _("Error: "), p.title) : p.title);
    struct buf *b = &res->body;
    HTML_LIT(b, "<nav aria-label=\"");
    html_text(b, _("Breadcrumb"));
    HTML_LIT(b, "\" class=\"crumbs\"><a href=\"/projects\">");
    html_text(b, _("Projects"));
    HTML_LIT(b, "</a></nav>\n");
    if (!failed) banner(b, web_q(req, "done")->s);
    assist_error_summary(b, errs);
    HTML_LIT(b, "<p class=\"caption\">");
    assist_html_fill(b, _("Project %s"), arena_printf(&req->arena, "%lld", p.id));
    HTML_LIT(b, "</p><h1>");
    html_text(b, p.title);
    HTML_LIT(b, "</h1>\n");
    facts(req, b, &p);
    if (*p.description) {
        HTML_LIT(b, "<h2>");
        html_text(b, _("Description"));
        HTML_LIT(b, "</h2>\n<p class=\"free\">");
        html_text(b, p.description);
        HTML_LIT(b, "</p>\n");
    }
    periods_html(req, b, &p);
    reports_html(req, b, &p);
    if (p.may_report) report_form_html(req, res, b, &p, v ? v : &empty, errs);
    if (p.may_complete) complete_form(req, res, b, &p);
    page_end(req, res);
}

void page_project(struct app *app, struct http_request *req, struct http_response *res)
{
    render(app, req, res, NULL, NULL);
}

/* "PoA II.17, ITI 8a" as a JSON array of the trimmed pieces (new reference). */
static json_t *paragraph_list(const char *text)
{
    json_t *out = json_array();
    const char *p = text ? text : "";
    while (*p) {
        size_t n = strcspn(p, ",;\n");
        const char *s = p, *e = p + n;
        while (s < e && (*s == ' ' || *s == '\t' || *s == '\r')) s++;
        while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r')) e--;
        if (e > s) json_array_append_new(out, json_stringn(s, (size_t)(e - s)));
        p += n;
        if (*p) p++;
    }
    return out;
}

void page_project_report_post(struct app *app, struct http_request *req, struct http_response *res)
{
    long long id = web_arg(req, 0)->n;
    if (http_form_bad(req)) { web_error(req, res, 400, _("The form could not be read.")); return; }
    struct report_form v = { http_form(req, "period_end"), http_form(req, "activities"), http_form(req, "results"),
                             http_form(req, "paragraphs"), http_form(req, "committed"), http_form(req, "disbursed"),
                             http_form(req, "spent") };
    json_t *in = json_object();
    json_object_set_new(in, "period_end", json_string(or_empty(v.period_end)));
    json_object_set_new(in, "activities", json_string(or_empty(v.activities)));
    json_object_set_new(in, "results", json_string(or_empty(v.results)));
    json_object_set_new(in, "paragraphs", paragraph_list(v.paragraphs));
    assist_form_amount(in, "committed", v.committed);
    assist_form_amount(in, "disbursed", v.disbursed);
    assist_form_amount(in, "spent", v.spent);
    struct assist_field_errors errs = { .n = 0 };
    struct err e = ERR_NONE;
    long long rid = project_report_add(app->store, req->who, id, project_now(), in, &errs, &e);
    json_decref(in);
    if (rid > 0) {
        http_redirect(res, arena_printf(&req->arena, "/projects/%lld?done=report#reports", id));
        return;
    }
    if (e.code != ERR_INVALID) { web_fail(req, res, &e); return; }
    render(app, req, res, &v, &errs);
}

void page_project_complete_post(struct app *app, struct http_request *req, struct http_response *res)
{
    long long id = web_arg(req, 0)->n;
    const char *note = http_form(req, "note");
    if (http_form_bad(req)) { web_error(req, res, 400, _("The form could not be read.")); return; }
    struct err e = ERR_NONE;
    struct project_moves moves;
    if (project_complete(app->store, req->who, id, note, &moves, &e) < 0) { web_fail(req, res, &e); return; }
    http_redirect(res, arena_printf(&req->arena, "/projects/%lld?done=completed", id));
}
