/* account_reports: see account_reports.h.  Tags are words (never colour alone). */
#include "web/account_reports.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

int account_reports_read(struct app *app, struct http_request *req, struct account_reports *ar, struct err *e)
{
    return desk_state_reports(app->store, &req->arena, req->who, req->who->state_iso3, time(NULL), &ar->v, &ar->n, e);
}

static const char *tag_label(const char *tag)
{
    if (strcmp(tag, "not_started") == 0) return _("Not started");
    if (strcmp(tag, "draft") == 0) return _("Draft");
    if (strcmp(tag, "late") == 0) return _("Late");
    if (strcmp(tag, "submitted") == 0) return _("Submitted");
    if (strcmp(tag, "returned") == 0) return _("Returned");
    if (strcmp(tag, "published") == 0) return _("Published");
    return tag;
}

/* A date in the page's language, isolated (an Arabic page would reorder "2028-03-31"). */
static void date(struct buf *b, const char *iso)
{
    i18n_html_date(b, iso);
}

static void report_link(struct buf *b, long long id, const char *suffix, const char *label)
{
    HTML_LIT(b, "<a href=\"/reports/");
    html_int(b, id);
    html_text(b, suffix);
    HTML_LIT(b, "\">");
    html_text(b, label);
    HTML_LIT(b, "</a>");
}

static void start_button(struct http_request *req, struct http_response *res, struct buf *b, int cycle)
{
    HTML_LIT(b, "<form method=\"post\" action=\"/reports/start\">");
    web_csrf_field(req, res);
    HTML_LIT(b, "<input type=\"hidden\" name=\"state\" value=\"");
    html_text(b, req->who->state_iso3);
    HTML_LIT(b, "\"><input type=\"hidden\" name=\"cycle\" value=\"");
    html_int(b, cycle);
    HTML_LIT(b, "\"><button type=\"submit\" class=\"button-primary\">");
    html_textf(b, _("Start the %d report"), cycle);
    HTML_LIT(b, "</button></form>");
}

/* What to do next, in one sentence, and the link or button for it. */
static void next_step(struct http_request *req, struct http_response *res, struct buf *b, const struct desk_state_report *r)
{
    const char *tag = r->tag;
    HTML_LIT(b, "<p>");
    if (strcmp(tag, "not_started") == 0 || (strcmp(tag, "late") == 0 && !r->id)) {
        if (!r->can_start) html_text(b, _("This cycle is not open for reports."));
        else if (strcmp(tag, "late") == 0) html_text(b, _("The deadline has passed: start the report and submit it as soon as you can."));
        else if (r->deadline) { html_text(b, _("Start the report and submit it by")); HTML_LIT(b, " "); date(b, r->deadline); HTML_LIT(b, "."); }
        else html_text(b, _("Start the report."));
        HTML_LIT(b, "</p>");
        if (r->can_start) start_button(req, res, b, r->cycle);
        if (r->can_start) { HTML_LIT(b, "<p class=\"hint\">"); html_text(b, _("It starts from your last published report, so only what changed needs new answers.")); HTML_LIT(b, "</p>"); }
        return;
    }
    if (strcmp(tag, "draft") == 0 || strcmp(tag, "late") == 0) {
        if (strcmp(tag, "late") == 0) html_text(b, _("The deadline has passed: finish and submit the report as soon as you can."));
        else if (r->version > 0) html_text(b, _("Finish the correction and submit it again: it becomes a new version once published."));
        else if (r->deadline) { html_text(b, _("Finish and submit by")); HTML_LIT(b, " "); date(b, r->deadline); }
        else html_text(b, _("Finish and submit the report."));
        HTML_LIT(b, "</p><p>");
        report_link(b, r->id, "/edit", _("Continue the report"));
    } else if (strcmp(tag, "submitted") == 0) {
        html_text(b, _("Waiting for the Secretariat to review."));
        HTML_LIT(b, "</p><p>");
        report_link(b, r->id, "?view=working", _("See the submitted report"));
    } else if (strcmp(tag, "returned") == 0) {
        html_text(b, _("Fix what the Secretariat asked and submit again."));
        HTML_LIT(b, "</p><p>");
        report_link(b, r->id, "/edit", _("Change the report"));
    } else {
        html_textf(b, _("Published (version %d): nothing to do."), r->version);
        HTML_LIT(b, "</p><p>");
        report_link(b, r->id, "", _("See the published report"));
    }
    HTML_LIT(b, "</p>");
}

static void deadline_cell(struct buf *b, const struct desk_state_report *r)
{
    if (!r->deadline) { HTML_LIT(b, "—"); return; }
    date(b, r->deadline);
    bool done = r->status && (strcmp(r->status, "submitted") == 0 || strcmp(r->status, "published") == 0);
    if (!r->has_deadline || done) return;
    HTML_LIT(b, "<br>");
    if (r->days_left > 0) html_textf(b, r->days_left == 1 ? _("%d day left") : _("%d days left"), r->days_left);
    else if (r->days_left == 0) html_text(b, _("Due today"));
    else html_textf(b, -r->days_left == 1 ? _("%d day late") : _("%d days late"), -r->days_left);
}

void account_reports_html(struct http_request *req, struct http_response *res, const struct account_reports *ar)
{
    struct buf *b = &res->body;
    for (size_t i = 0; i < ar->n; i++) {
        const struct desk_state_report *r = &ar->v[i];
        if (!r->comment) continue;
        HTML_LIT(b, "<div class=\"banner\" role=\"region\" aria-label=\"");
        html_text(b, _("Returned with comments"));
        HTML_LIT(b, "\"><h2>");
        html_textf(b, _("Your %d report was returned with comments by the Secretariat on"), r->cycle);
        HTML_LIT(b, " ");
        date(b, r->returned_at ? r->returned_at : "");
        HTML_LIT(b, "</h2><blockquote class=\"free\">");
        html_text(b, r->comment);
        HTML_LIT(b, "</blockquote><p>");
        report_link(b, r->id, "/edit", _("Fix what the Secretariat asked and submit again"));
        HTML_LIT(b, "</p></div>\n");
    }
    HTML_LIT(b, "<h2>");
    html_text(b, _("Your State's reports"));
    HTML_LIT(b, "</h2>\n");
    if (!ar->n) {
        HTML_LIT(b, "<p>");
        html_text(b, _("No reporting cycle is open and your State has no report yet."));
        HTML_LIT(b, "</p>\n");
        return;
    }
    HTML_LIT(b, "<div class=\"scroll\" role=\"region\" tabindex=\"0\" aria-labelledby=\"my-reports\"><table class=\"list\"><caption id=\"my-reports\" class=\"visually-hidden\">");
    html_text(b, _("Your State's reports"));
    HTML_LIT(b, "</caption><thead><tr><th scope=\"col\">");
    html_text(b, _("Cycle"));
    HTML_LIT(b, "</th><th scope=\"col\">");
    html_text(b, _("Status"));
    HTML_LIT(b, "</th><th scope=\"col\">");
    html_text(b, _("Deadline"));
    HTML_LIT(b, "</th><th scope=\"col\">");
    html_text(b, _("What to do next"));
    HTML_LIT(b, "</th></tr></thead><tbody>");
    for (size_t i = 0; i < ar->n; i++) {
        const struct desk_state_report *r = &ar->v[i];
        HTML_LIT(b, "<tr><th scope=\"row\">");
        html_int(b, r->cycle);
        HTML_LIT(b, "</th><td><strong class=\"tag tag-");
        html_text(b, r->tag);
        HTML_LIT(b, "\">");
        html_text(b, tag_label(r->tag));
        HTML_LIT(b, "</strong></td><td>");
        deadline_cell(b, r);
        HTML_LIT(b, "</td><td>");
        next_step(req, res, b, r);
        HTML_LIT(b, "</td></tr>");
    }
    HTML_LIT(b, "</tbody></table></div>\n");
}
