/* account: sign in, sign out, the account page, static files. */
#include <stdio.h>
#include <string.h>

#include "domain/authz.h"
#include "domain/cycle.h"
#include "domain/notify.h"
#include "domain/state.h"
#include "domain/template.h"
#include "util/embed.h"
#include "web/account_reports.h"
#include "web/assist_web.h"
#include "web/project_web.h"
#include "web/error_summary.h"
#include "web/notify_web.h"
#include "web/web.h"

/* Only local paths are followed after sign-in, never another site. */
static const char *safe_next(const char *next)
{
    if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\' || strlen(next) > 512) return "/account";
    for (const char *p = next; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == '\\') return "/account";
    return next;
}

static void login_form(struct http_request *req, struct http_response *res, const char *username, const char *next,
                       const char *error)
{
    page_begin(req, res, _("Sign in"));
    struct buf *b = &res->body;
    HTML_LIT(b, "<h1>");
    html_text(b, _("Sign in"));
    HTML_LIT(b, "</h1>\n");
    if (error) {
        error_summary_begin(b, NULL);
        HTML_LIT(b, "<ul><li><a href=\"#username\">");
        html_text(b, error);
        HTML_LIT(b, "</a></li></ul>");
        error_summary_end(b);
    }
    HTML_LIT(b, "<p>");
    html_text(b, _("Accounts are for national points of contact, partners and the Secretariat. Everything published can be read without one."));
    HTML_LIT(b, "</p>\n<form method=\"post\" action=\"/login\" class=\"stack\">\n");
    web_csrf_field(req, res);
    HTML_LIT(b, "<input type=\"hidden\" name=\"next\" value=\"");
    html_text(b, safe_next(next));
    HTML_LIT(b, "\">\n<div><label for=\"username\">");
    html_text(b, _("Username"));
    HTML_LIT(b, "</label><input id=\"username\" name=\"username\" autocomplete=\"username\" required maxlength=\"64\"");
    if (error) HTML_LIT(b, " aria-invalid=\"true\"");
    HTML_LIT(b, " value=\"");
    html_text(b, username ? username : "");
    HTML_LIT(b, "\"></div>\n<div><label for=\"password\">");
    html_text(b, _("Password"));
    HTML_LIT(b, "</label><input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required maxlength=\"1024\"></div>\n"
                "<div><button type=\"submit\">");
    html_text(b, _("Sign in"));
    HTML_LIT(b, "</button></div>\n</form>\n");
    page_end(req, res);
}

void page_login(struct app *app, struct http_request *req, struct http_response *res)
{
    (void)app;
    if (req->who->user_id) { http_redirect(res, safe_next(http_query(req, "next"))); return; }
    login_form(req, res, NULL, http_query(req, "next"), NULL);
}

void page_login_post(struct app *app, struct http_request *req, struct http_response *res)
{
    const char *username = http_form(req, "username");
    const char *password = http_form(req, "password");
    const char *next = http_form(req, "next");
    if (http_form_bad(req)) { web_error(req, res, 400, _("The form could not be read.")); return; }
    if (!username || !*username || !password || !*password || strlen(username) > 64 || strlen(password) > 1024) {
        res->status = 422;
        login_form(req, res, username && strlen(username) <= 64 ? username : NULL, next, _("Enter your username and password."));
        return;
    }
    char cookie[AUTH_SECRET_LEN];
    struct principal who;
    switch (auth_login(app->store, username, password, req->remote, &who, cookie)) {
    case AUTH_OK:
        /* The language of messages starts as the one the account signs in with, until it chooses one. */
        notify_lang_default(app->store, who.user_id, i18n_lang());
        web_set_cookie(app, res, SESSION_COOKIE, cookie, AUTH_SESSION_SECONDS);
        http_redirect(res, safe_next(next));
        return;
    case AUTH_BAD:
        res->status = 401;
        login_form(req, res, username, next, _("The username or password is wrong."));
        return;
    case AUTH_THROTTLED:
        http_response_header(res, "Retry-After", "900");
        web_error(req, res, 429, _("Too many failed attempts. Wait 15 minutes and try again."));
        return;
    case AUTH_BUSY:
        http_response_header(res, "Retry-After", "2");
        web_error(req, res, 503, _("The server is busy. Try again in a moment."));
        return;
    case AUTH_ERROR:
    case AUTH_INVALID:
        break;
    }
    web_error(req, res, 500, _("Signing in failed because of a server error."));
}

void page_logout_post(struct app *app, struct http_request *req, struct http_response *res)
{
    auth_logout(app->store, http_request_cookie(req, SESSION_COOKIE), req->who);
    web_set_cookie(app, res, SESSION_COOKIE, "", 0);
    http_redirect(res, "/");
}

static const char *role_label(enum role r)
{
    switch (r) {
    case ROLE_FOCAL_POINT: return _("National point of contact");
    case ROLE_PARTNER: return _("Partner");
    case ROLE_SECRETARIAT: return _("Secretariat");
    case ROLE_ADMIN: return _("Administrator");
    default: return _("Public");
    }
}

void page_account(struct app *app, struct http_request *req, struct http_response *res)
{
    const struct principal *who = req->who;
    struct account_reports mine = { NULL, 0 };
    struct err e = ERR_NONE;
    if (who->role == ROLE_FOCAL_POINT && account_reports_read(app, req, &mine, &e) < 0) { web_fail(req, res, &e); return; }
    /* Assistance is read before anything is written: a failed read is an error page, never half a page. */
    struct buf assist = BUF_INIT, notes = BUF_INIT;
    if ((who->role == ROLE_PARTNER && account_assist_partner(app, req, res, &assist, &e) < 0) ||
        (who->role == ROLE_FOCAL_POINT && account_assist_state(app, req, res, &assist, &e) < 0) ||
        project_account_section(app, req, &assist, &e) < 0 ||
        notify_web_account(app, req, res, &notes, &e) < 0) {
        buf_cleanup(&assist);
        buf_cleanup(&notes);
        web_fail(req, res, &e);
        return;
    }
    http_response_header(res, "Cache-Control", "private, no-store");
    page_begin(req, res, _("Your account"));
    struct buf *b = &res->body;
    HTML_LIT(b, "<h1>");
    html_text(b, _("Your account"));
    HTML_LIT(b, "</h1>\n<dl class=\"facts\"><div><dt>");
    html_text(b, _("Name"));
    HTML_LIT(b, "</dt><dd>");
    html_text(b, who->name);
    HTML_LIT(b, "</dd></div><div><dt>");
    html_text(b, _("Username"));
    HTML_LIT(b, "</dt><dd>");
    html_text(b, who->username);
    HTML_LIT(b, "</dd></div><div><dt>");
    html_text(b, _("Role"));
    HTML_LIT(b, "</dt><dd>");
    html_text(b, role_label(who->role));
    HTML_LIT(b, "</dd></div>");
    if (who->state_iso3[0]) {
        HTML_LIT(b, "<div><dt>");
        html_text(b, _("State"));
        HTML_LIT(b, "</dt><dd><a href=\"/states/");
        html_text(b, who->state_iso3);
        HTML_LIT(b, "\">");
        html_text(b, state_name_in(app->store, &req->arena, who->state_iso3, i18n_lang()));   /* its name, not its code */
        HTML_LIT(b, "</a></dd></div>");
    }
    if (who->org[0]) {
        HTML_LIT(b, "<div><dt>");
        html_text(b, _("Organisation"));
        HTML_LIT(b, "</dt><dd>");
        html_text(b, who->org);
        HTML_LIT(b, "</dd></div>");
    }
    HTML_LIT(b, "</dl>\n<ul><li><a href=\"/account/password\">");
    html_text(b, _("Change your password"));
    HTML_LIT(b, "</a></li>");
    if (authz_allowed(who, AUTHZ_USERS_MANAGE, NULL)) {
        HTML_LIT(b, "<li><a href=\"/admin/users\">");
        html_text(b, _("Manage accounts"));
        HTML_LIT(b, "</a></li>");
    }
    HTML_LIT(b, "</ul>\n");
    buf_append(b, notes.data, notes.len);
    buf_cleanup(&notes);
    if (who->role == ROLE_FOCAL_POINT) account_reports_html(req, res, &mine);
    buf_append(b, assist.data, assist.len);
    buf_cleanup(&assist);
    if (authz_allowed(who, AUTHZ_DESK_READ, NULL)) {
        HTML_LIT(b, "<p><a href=\"/desk\">");
        html_text(b, _("The Secretariat's desk: reports waiting for review"));
        HTML_LIT(b, "</a></p>\n");
    }
    page_end(req, res);
}

void page_static(struct app *app, struct http_request *req, struct http_response *res)
{
    (void)app;
    char name[96];
    if (strlen(req->args[0]) > 64 || strchr(req->args[0], '/')) { web_error(req, res, 404, _("There is no page at this address.")); return; }
    snprintf(name, sizeof name, "static/%s", req->args[0]);
    const struct embed_file *f = embed_find(name);
    if (!f) { web_error(req, res, 404, _("There is no page at this address.")); return; }
    const char *dot = strrchr(name, '.');
    res->content_type = !dot ? "application/octet-stream"
                      : strcmp(dot, ".css") == 0 ? "text/css; charset=utf-8"
                      : strcmp(dot, ".js") == 0 ? "text/javascript; charset=utf-8"
                      : strcmp(dot, ".svg") == 0 ? "image/svg+xml"
                      : strcmp(dot, ".ico") == 0 ? "image/x-icon" : "application/octet-stream";
    http_response_header(res, "Cache-Control", "public, max-age=3600");
    buf_append(&res->body, f->data, f->len);
}
