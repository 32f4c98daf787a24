/*
 * report_review: see report_review.h.  Publish and return are final for the State, so each
 * is confirmed on a page of its own and looks different: publishing is the primary action,
 * returning a warning.  The publication note is public; the return comment goes to the
 * State's points of contact, who see it on their form and account page until they submit.
 */
#include "web/report_review.h"

#include <stdio.h>
#include <string.h>

#include "domain/report.h"
#include "util/arena.h"
#include "../store/store.h"   /* TODO rv2: until this page reads through the domain's report_view */

static const char *state_name(struct app *app, struct http_request *req, const char *iso3)
{
    struct store_state st;
    if (store_state_read(app->store, &req->arena, iso3, i18n_lang(), &st) != 0) return iso3;
    return st.local_name ? st.local_name : st.name;
}

static void back_link(struct buf *b, long long id)
{
    HTML_LIT(b, "<p><a href=\"/reports/");
    html_int(b, id);
    HTML_LIT(b, "?view=working\">");
    html_text(b, _("Back to the report"));
    HTML_LIT(b, "</a></p>\n");
}

void report_confirm_page(struct app *app, struct http_request *req, struct http_response *res, const struct web_report *ri,
                         const char *action, const char *text, const char *error)
{
    bool publish = strcmp(action, "publish") == 0;
    const char *name = state_name(app, req, ri->iso3);
    char title[320];
    snprintf(title, sizeof title, publish ? _("Publish %s’s report for %d?") : _("Return %s’s report for %d with comments"), name,
             ri->cycle);
    char full[340];
    snprintf(full, sizeof full, "%s%s", error ? _("Error: ") : "", title);
    http_response_header(res, "Cache-Control", "private, no-store");
    page_begin(req, res, full);
    struct buf *b = &res->body;
    const char *field = publish ? "note" : "comment";
    if (error) {
        HTML_LIT(b, "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\"><h2>");
        html_text(b, _("There is a problem"));
        HTML_LIT(b, "</h2><ul><li><a href=\"#");
        html_text(b, field);
        HTML_LIT(b, "\">");
        html_text(b, error);
        HTML_LIT(b, "</a></li></ul></div>\n");
    }
    HTML_LIT(b, "<h1>");
    html_text(b, title);
    HTML_LIT(b, "</h1>\n");
    if (publish) {
        HTML_LIT(b, "<p>");
        if (ri->version > 0) html_textf(b, _("This is a correction: it becomes version %d. Check the changes since version %d on the report's page first."), ri->version + 1, ri->version);
        else html_text(b, _("Once published, the report is public and cannot be changed; a correction becomes a new version."));
        HTML_LIT(b, "</p>\n");
    } else {
        HTML_LIT(b, "<p>");
        html_text(b, _("The report goes back to the State's points of contact. They see your comment at the top of their form until they submit the report again."));
        HTML_LIT(b, "</p>\n");
    }
    HTML_LIT(b, "<form method=\"post\" action=\"/reports/");
    html_int(b, ri->id);
    if (publish) HTML_LIT(b, "/publish\" class=\"stack wide\">");
    else HTML_LIT(b, "/return\" class=\"stack wide\">");
    web_csrf_field(req, res);
    HTML_LIT(b, "<div><label for=\"");
    html_text(b, field);
    HTML_LIT(b, "\">");
    html_text(b, publish ? _("Publication note (optional)") : _("Comments for the State"));
    HTML_LIT(b, "</label><p class=\"hint\" id=\"");
    html_text(b, field);
    HTML_LIT(b, "-hint\">");
    html_text(b, publish ? _("The note is public: it is shown with this version on the report's page. Say what this version changed, for example what a correction fixed. At most 5,000 characters.")
                         : _("Say what the State should change and where. At most 5,000 characters."));
    HTML_LIT(b, "</p>");
    if (error) {
        HTML_LIT(b, "<p class=\"error\" id=\"");
        html_text(b, field);
        HTML_LIT(b, "-error\"><span class=\"visually-hidden\">");
        html_text(b, _("Error:"));
        HTML_LIT(b, "</span> ");
        html_text(b, error);
        HTML_LIT(b, "</p>");
    }
    HTML_LIT(b, "<textarea id=\"");
    html_text(b, field);
    HTML_LIT(b, "\" name=\"");
    html_text(b, field);
    HTML_LIT(b, "\" rows=\"6\" maxlength=\"5000\" aria-describedby=\"");
    html_text(b, field);
    HTML_LIT(b, "-hint");
    if (error) { HTML_LIT(b, " "); html_text(b, field); HTML_LIT(b, "-error\" aria-invalid=\"true"); }
    HTML_LIT(b, "\"");
    if (!publish) HTML_LIT(b, " required");
    HTML_LIT(b, ">");
    html_text(b, text ? text : "");
    HTML_LIT(b, "</textarea></div><div class=\"actions\"><button type=\"submit\" class=\"");
    if (publish) HTML_LIT(b, "button-primary\">");
    else HTML_LIT(b, "button-warning\">");
    html_text(b, publish ? _("Publish the report") : _("Return with comments"));
    HTML_LIT(b, "</button></div></form>\n");
    back_link(b, ri->id);
    page_end(req, res);
}

static void reopen_form(struct http_request *req, struct http_response *res, struct buf *b, long long id, const char *label)
{
    HTML_LIT(b, "<form method=\"post\" action=\"/reports/");
    html_int(b, id);
    HTML_LIT(b, "/reopen\">");
    web_csrf_field(req, res);
    HTML_LIT(b, "<button type=\"submit\" class=\"button-secondary\">");
    html_text(b, label);
    HTML_LIT(b, "</button></form>\n");
}

void report_locked_page(struct app *app, struct http_request *req, struct http_response *res, const struct web_report *ri)
{
    (void)app;
    bool submitted = strcmp(ri->status, "submitted") == 0;
    http_response_header(res, "Cache-Control", "private, no-store");
    const char *title = submitted ? _("This report has been submitted") : _("This report is published");
    page_begin(req, res, title);
    struct buf *b = &res->body;
    HTML_LIT(b, "<div class=\"banner\" role=\"region\" aria-labelledby=\"locked\"><h1 id=\"locked\">");
    html_text(b, title);
    HTML_LIT(b, "</h1><p>");
    html_text(b, submitted ? _("A submitted report must be withdrawn before it can be edited. Withdraw it to make changes, then submit it again. While it is withdrawn the Secretariat cannot review it.")
                           : _("A published report is corrected by reopening it: your changes become a new version once the Secretariat publishes them."));
    HTML_LIT(b, "</p>");
    reopen_form(req, res, b, ri->id, submitted ? _("Withdraw the submission to edit it") : _("Correct this report"));
    HTML_LIT(b, "</div>\n");
    back_link(b, ri->id);
    page_end(req, res);
}

/* GET /reports/{id}/publish and /reports/{id}/return: the Secretariat confirms. */
void page_report_confirm(struct app *app, struct http_request *req, struct http_response *res)
{
    struct web_report ri;
    if (!web_report_load(app, req, res, &ri, true)) return;
    const char *action = strstr(req->path, "/publish") ? "publish" : "return";
    if (!authz_allowed(req->who, AUTHZ_PUBLISH, ri.iso3)) { web_error(req, res, 403, _("Only the Secretariat publishes or returns reports.")); return; }
    if (strcmp(ri.status, "submitted") != 0) {
        web_error(req, res, 409, _("Only a submitted report can be published or returned: this one is not waiting for review."));
        return;
    }
    report_confirm_page(app, req, res, &ri, action, NULL, NULL);
}

/* GET /reports/{id}/submitted: the State's confirmation after submitting. */
void page_report_submitted(struct app *app, struct http_request *req, struct http_response *res)
{
    struct web_report ri;
    if (!web_report_load(app, req, res, &ri, true)) return;
    if (strcmp(ri.status, "submitted") != 0) {
        char loc[64];
        snprintf(loc, sizeof loc, "/reports/%lld?view=working", ri.id);
        http_redirect(res, loc);
        return;
    }
    http_response_header(res, "Cache-Control", "private, no-store");
    page_begin(req, res, _("Report submitted"));
    struct buf *b = &res->body;
    HTML_LIT(b, "<div class=\"panel\"><h1>");
    html_text(b, _("Report submitted"));
    HTML_LIT(b, "</h1><p>");
    html_text(b, _("Your reference"));
    HTML_LIT(b, "<br><strong dir=\"ltr\">");
    html_textf(b, "%s-%d-%lld", ri.iso3, ri.cycle, ri.id);
    HTML_LIT(b, "</strong></p></div>\n<h2>");
    html_text(b, _("What happens next"));
    HTML_LIT(b, "</h2>\n<p>");
    html_text(b, _("The Secretariat reviews your report. It publishes it, or returns it to you with comments; you will see its decision on your account page."));
    HTML_LIT(b, "</p>\n<p>");
    html_text(b, _("While it waits for review you can withdraw it to change it, and then submit it again."));
    HTML_LIT(b, "</p>\n");
    if (authz_allowed(req->who, AUTHZ_STATE_EDIT, ri.iso3)) reopen_form(req, res, b, ri.id, _("Withdraw the submission"));
    HTML_LIT(b, "<p><a href=\"/account\">");
    html_text(b, _("Go to your account page"));
    HTML_LIT(b, "</a> · <a href=\"/reports/");
    html_int(b, ri.id);
    HTML_LIT(b, "?view=working\">");
    html_text(b, _("See the submitted report"));
    HTML_LIT(b, "</a></p>\n");
    page_end(req, res);
}

/* ---- history ---- */

int report_history_read(struct app *app, struct http_request *req, long long id, struct report_history_view *h,
                        struct err *e)
{
    return report_history_get(app->store, &req->arena, req->who, id, &h->lines, &h->n, e);
}

static void when(struct buf *b, const char *iso)
{
    /* 2026-12-06T06:10:05Z: the date and the minute, UTC, kept left to right. */
    HTML_LIT(b, "<time dir=\"ltr\" datetime=\"");
    html_text(b, iso ? iso : "");
    HTML_LIT(b, "\">");
    if (iso && strlen(iso) >= 16) { html_textn(b, iso, 10); HTML_LIT(b, " "); html_textn(b, iso + 11, 5); HTML_LIT(b, " UTC"); }
    else html_text(b, iso ? iso : "");
    HTML_LIT(b, "</time>");
}

static const char *event_label(const char *action)
{
    if (strcmp(action, "start") == 0) return _("Started");
    if (strcmp(action, "save") == 0) return _("Saved");
    if (strcmp(action, "import") == 0) return _("Answers imported");
    if (strcmp(action, "submit") == 0) return _("Submitted to the Secretariat");
    if (strcmp(action, "return") == 0) return _("Returned with comments");
    if (strcmp(action, "publish") == 0) return _("Published");
    if (strcmp(action, "reopen") == 0) return _("Reopened (withdrawn or for a correction)");
    return action;
}

void report_history_html(struct buf *b, const struct report_history_view *h)
{
    HTML_LIT(b, "<section class=\"noprint\" aria-labelledby=\"history\"><h2 id=\"history\">");
    html_text(b, _("History"));
    HTML_LIT(b, "</h2>\n");
    if (!h->n) {
        HTML_LIT(b, "<p>");
        html_text(b, _("No events recorded."));
        HTML_LIT(b, "</p></section>\n");
        return;
    }
    HTML_LIT(b, "<ol class=\"history\">");
    for (size_t i = 0; i < h->n; i++) {
        const struct report_event_line *l = &h->lines[i];
        HTML_LIT(b, "<li><strong>");
        html_text(b, event_label(l->action));
        HTML_LIT(b, "</strong>");
        if (l->count > 1) { HTML_LIT(b, " "); html_textf(b, _("(%d times)"), l->count); }
        HTML_LIT(b, " · ");
        html_textf(b, _("by %s"), strcmp(l->actor, "cli") == 0 ? _("the system") : l->actor);
        HTML_LIT(b, " · ");
        if (l->count > 1 && strcmp(l->first_at, l->at) != 0) { when(b, l->first_at); HTML_LIT(b, " – "); }
        when(b, l->at);
        if (l->comment && *l->comment) {
            HTML_LIT(b, "<blockquote class=\"free\">");
            html_text(b, l->comment);
            HTML_LIT(b, "</blockquote>");
        }
        HTML_LIT(b, "</li>");
    }
    HTML_LIT(b, "</ol></section>\n");
}

void report_return_banner(struct app *app, struct http_request *req, struct buf *b, long long id)
{
    const char *at, *comment;
    struct err e = ERR_NONE;
    if (report_return_latest(app->store, &req->arena, req->who, id, &at, &comment, &e) != 1) return;
    HTML_LIT(b, "<div class=\"banner\" role=\"region\" aria-labelledby=\"returned-title\"><h2 id=\"returned-title\">");
    html_text(b, _("Returned with comments by the Secretariat on"));
    HTML_LIT(b, " ");
    char day[11] = "";
    snprintf(day, sizeof day, "%s", at ? at : "");
    HTML_LIT(b, "<time dir=\"ltr\">");
    html_text(b, day);
    HTML_LIT(b, "</time></h2><blockquote class=\"free\">");
    html_text(b, comment ? comment : "");
    HTML_LIT(b, "</blockquote><p>");
    html_text(b, _("Fix what the Secretariat asked and submit the report again."));
    HTML_LIT(b, "</p></div>\n");
}
