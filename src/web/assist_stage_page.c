/*
 * assist_stage_page: a request's procedure on its page (/assistance/requests/{id}): the stage
 * as a tag, since when and for how many days, the history as a timeline, and the forms: the
 * Secretariat moves the request to one of the next stages the table allows (a reason when
 * closing, a note), the State's focal points withdraw it after confirming.  The POST handler
 * takes both forms; a refused move shows the page again with the error summary (422 for a
 * field, 409 for a move the procedure does not allow).
 *
 * The page is cached for the public: what the public sees here holds no names (the domain
 * says "UN Secretariat"), and the forms are written only for those who may use them.
 */
#include "web/assist_stage_web.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "web/assist_web.h"

static void stage_tag(struct buf *b, const char *stage)
{
    int st = assist_stage_parse(stage);
    HTML_LIT(b, "<strong class=\"tag tag-stage-");
    html_text(b, stage);
    HTML_LIT(b, "\">");
    html_text(b, st >= 0 ? _(assist_stage_msgid((enum assist_stage)st)) : stage);
    HTML_LIT(b, "</strong>");
}

static const char *reason_text(const char *reason)
{
    int r = assist_close_parse(reason);
    return r > 0 ? _(assist_close_msgid((enum assist_close)r)) : reason;
}

static void timeline(struct buf *b, const struct assist_stage_now *now)
{
    HTML_LIT(b, "<h3>");
    html_text(b, _("History"));
    HTML_LIT(b, "</h3>\n<ol class=\"timeline\" id=\"stage-history\">");
    for (size_t i = now->nsteps; i-- > 0;) {   /* the latest first */
        const struct assist_stage_step *x = &now->steps[i];
        HTML_LIT(b, "<li>");
        stage_tag(b, x->stage);
        if (x->reason) {
            HTML_LIT(b, " <span class=\"reason\">");
            html_text(b, reason_text(x->reason));
            HTML_LIT(b, "</span>");
        }
        HTML_LIT(b, "<p class=\"meta\">");
        i18n_html_datetime(b, x->at);
        HTML_LIT(b, " · ");
        if (x->by_system) html_text(b, _("Automatically (a report or a project)"));
        else html_text(b, x->by_msgid ? _(x->by) : x->by);
        if (x->synthetic) {
            HTML_LIT(b, " · ");
            html_text(b, _("synthetic"));
        }
        HTML_LIT(b, "</p>");
        if (x->note && *x->note) {
            HTML_LIT(b, "<p class=\"free\">");
            html_text(b, x->note);
            HTML_LIT(b, "</p>");
        }
        HTML_LIT(b, "</li>");
    }
    HTML_LIT(b, "</ol>\n");
}

static void note_field(struct buf *b, const char *name, const char *label, const struct assist_field_errors *errs)
{
    assist_field_open(b, name, label, _("Optional; at most 2,000 characters. Everyone can read it."), errs, false);
    HTML_LIT(b, "<textarea id=\"f-");
    html_text(b, name);
    HTML_LIT(b, "\" name=\"note\" rows=\"3\"");
    assist_describedby(b, name, true, errs);
    HTML_LIT(b, "></textarea>");
    assist_field_close(b, false);
}

/* The Secretariat's form: the next stages the table allows, a reason for closing, a note. */
static void move_form(struct http_request *req, struct http_response *res, struct buf *b, long long id,
                      const struct assist_stage_now *now, const struct assist_field_errors *errs)
{
    HTML_LIT(b, "<h3>");
    html_text(b, _("Move the request"));
    HTML_LIT(b, "</h3>\n<form method=\"post\" class=\"stack\" novalidate action=\"/assistance/requests/");
    html_int(b, id);
    HTML_LIT(b, "/stage\">");
    web_csrf_field(req, res);
    assist_field_open(b, "stage", _("Next stage"), NULL, errs, true);
    for (size_t i = 0; i < now->nnext; i++) {
        const char *sid = assist_stage_id(now->next[i]);
        HTML_LIT(b, "<div class=\"choice\"><input type=\"radio\" name=\"stage\" id=\"f-stage");
        if (i) { HTML_LIT(b, "-"); html_text(b, sid); }
        HTML_LIT(b, "\" value=\"");
        html_text(b, sid);
        HTML_LIT(b, "\"><label for=\"f-stage");
        if (i) { HTML_LIT(b, "-"); html_text(b, sid); }
        HTML_LIT(b, "\">");
        html_text(b, _(assist_stage_msgid(now->next[i])));
        HTML_LIT(b, "</label></div>");
    }
    assist_field_close(b, true);
    if (now->close_reasons) {
        assist_field_open(b, "reason", _("Reason for closing"), _("Only when you close the request."), errs, false);
        HTML_LIT(b, "<select id=\"f-reason\" name=\"reason\"");
        assist_describedby(b, "reason", true, errs);
        HTML_LIT(b, "><option value=\"\"></option>");
        for (int r = 1; r < ASSIST_CLOSE_N; r++) {
            if (!(now->close_reasons & (1u << r))) continue;
            HTML_LIT(b, "<option value=\"");
            html_text(b, assist_close_id((enum assist_close)r));
            HTML_LIT(b, "\">");
            html_text(b, _(assist_close_msgid((enum assist_close)r)));
            HTML_LIT(b, "</option>");
        }
        HTML_LIT(b, "</select>");
        assist_field_close(b, false);
    }
    note_field(b, "note", _("Note"), errs);
    HTML_LIT(b, "<div class=\"actions\"><button type=\"submit\" class=\"button-primary\">");
    html_text(b, _("Move the request"));
    HTML_LIT(b, "</button></div></form>\n");
}

/* The State's form: withdraw the request, after ticking the confirmation. */
static void withdraw_form(struct http_request *req, struct http_response *res, struct buf *b, long long id,
                          const struct assist_field_errors *errs)
{
    HTML_LIT(b, "<h3>");
    html_text(b, _("Withdraw this request"));
    HTML_LIT(b, "</h3>\n<form method=\"post\" class=\"stack\" novalidate action=\"/assistance/requests/");
    html_int(b, id);
    HTML_LIT(b, "/stage\">");
    web_csrf_field(req, res);
    HTML_LIT(b, "<input type=\"hidden\" name=\"stage\" value=\"closed\"><input type=\"hidden\" name=\"reason\" "
                "value=\"withdrawn\"><input type=\"hidden\" name=\"withdraw\" value=\"1\">");
    note_field(b, "withdraw-note", _("Why the State withdraws it"), errs);
    assist_field_open(b, "confirm", _("Confirm"), NULL, errs, true);
    HTML_LIT(b, "<div class=\"choice\"><input type=\"checkbox\" id=\"f-confirm\" name=\"confirm\" value=\"1\"");
    assist_describedby(b, "confirm", false, errs);
    HTML_LIT(b, "><label for=\"f-confirm\">");
    html_text(b, _("Yes, withdraw this request: partners will see it as closed."));
    HTML_LIT(b, "</label></div>");
    assist_field_close(b, true);
    HTML_LIT(b, "<div class=\"actions\"><button type=\"submit\" class=\"button-warning\">");
    html_text(b, _("Withdraw this request"));
    HTML_LIT(b, "</button></div></form>\n");
}

void assist_stage_html(struct http_request *req, struct http_response *res, struct buf *b, long long id,
                       const struct assist_stage_now *now, const struct assist_field_errors *errs)
{
    HTML_LIT(b, "<section id=\"procedure\" aria-labelledby=\"procedure-title\"><h2 id=\"procedure-title\">");
    html_text(b, _("Where the request stands"));
    HTML_LIT(b, "</h2>\n<dl class=\"facts stacked\"><div><dt>");
    html_text(b, _("Stage"));
    HTML_LIT(b, "</dt><dd>");
    stage_tag(b, now->stage);
    if (now->close_reason) {
        HTML_LIT(b, " ");
        html_text(b, reason_text(now->close_reason));
    }
    HTML_LIT(b, "</dd></div><div><dt>");
    html_text(b, _("In this stage since"));
    HTML_LIT(b, "</dt><dd>");
    i18n_html_date(b, now->stage_since);
    HTML_LIT(b, "</dd></div><div><dt>");
    html_text(b, _("Days in this stage"));
    HTML_LIT(b, "</dt><dd id=\"days-in-stage\">");
    i18n_html_number(b, now->days_in_stage);
    if (now->target && authz_allowed(req->who, AUTHZ_ASSIST_ALL, NULL)) {   /* the Secretariat's own yardstick */
        HTML_LIT(b, " (");
        html_textf(b, _("target %d days"), now->target);
        HTML_LIT(b, ")");
        if (now->overdue) {
            HTML_LIT(b, " <strong class=\"tag tag-late\">");
            html_text(b, _("Overdue"));
            HTML_LIT(b, "</strong>");
        }
    }
    HTML_LIT(b, "</dd></div></dl>\n");
    timeline(b, now);
    if (now->nnext && authz_allowed(req->who, AUTHZ_ASSIST_PROCESS, NULL)) move_form(req, res, b, id, now, errs);
    else if (now->can_withdraw) withdraw_form(req, res, b, id, errs);
    HTML_LIT(b, "</section>\n");
}

/* ---- the POST ---- */

void page_assist_stage_post(struct app *app, struct http_request *req, struct http_response *res)
{
    long long id = web_arg(req, 0)->n;
    const char *stage = http_form(req, "stage"), *reason = http_form(req, "reason"), *note = http_form(req, "note");
    const char *withdraw = http_form(req, "withdraw"), *confirm = http_form(req, "confirm");
    if (http_form_bad(req)) { web_error(req, res, 400, _("The form could not be read.")); return; }
    bool withdrawing = withdraw && *withdraw;
    struct assist_field_errors errs = { .n = 0 };
    struct err e = ERR_NONE;
    int status = 422;
    if (withdrawing && !(confirm && *confirm)) {
        errs.v[errs.n++] = (struct assist_field_error){ "confirm", N_("Tick the box to confirm that the State withdraws the request.") };
    } else if (!stage || !*stage) {
        errs.v[errs.n++] = (struct assist_field_error){ "stage", N_("Choose the next stage.") };
    } else if (assist_stage_move(app->store, req->who, id, stage, reason && *reason ? reason : NULL, note, &e) < 0) {
        if (e.code != ERR_INVALID && e.code != ERR_CONFLICT) { web_fail(req, res, &e); return; }
        const char *field = e.arg ? e.arg : "stage";
        if (withdrawing && strcmp(field, "note") == 0) field = "withdraw-note";
        errs.v[errs.n++] = (struct assist_field_error){ field, e.msg ? e.msg : err_default_message(e.code) };
        if (e.code == ERR_CONFLICT) status = 409;
    }
    if (errs.n) {
        assist_request_page(app, req, res, &errs, status);
        return;
    }
    http_redirect(res, arena_printf(&req->arena, "/assistance/requests/%lld?done=%s#procedure", id,
                                    withdrawing ? "request-withdrawn" : "moved"));
}
