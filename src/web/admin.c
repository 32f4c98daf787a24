/*
 * admin: the pages that take access back.  /account/password, where anyone signed in changes
 * their own password (which ends their other sessions), and /admin/users, where admins see
 * every account and disable, enable or end the sessions of one, each after a confirmation
 * page.  The decisions are made in domain/auth_manage.c; these pages only ask and show.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/authz.h"
#include "domain/refdata.h"
#include "domain/state.h"
#include "util/i18n.h"
#include "web/error_summary.h"
#include "web/web.h"

/* ---- /account/password ---- */

struct pw_errors { const char *current, *password, *confirm; };

/* One field: label, hint, error message above the input, tied with aria-describedby. */
static void pw_field(struct buf *b, const char *id, const char *label, const char *hint, const char *error,
                     const char *autocomplete)
{
    HTML_LIT(b, "<div><label for=\"");
    html_text(b, id);
    HTML_LIT(b, "\">");
    html_text(b, label);
    HTML_LIT(b, "</label>");
    if (hint) {
        HTML_LIT(b, "<p class=\"hint\" id=\"");
        html_text(b, id);
        HTML_LIT(b, "-hint\">");
        html_text(b, hint);
        HTML_LIT(b, "</p>");
    }
    if (error) {
        HTML_LIT(b, "<p class=\"error\" id=\"");
        html_text(b, id);
        HTML_LIT(b, "-error\"><span class=\"visually-hidden\">");
        html_text(b, _("Error:"));
        HTML_LIT(b, " </span>");
        html_text(b, error);
        HTML_LIT(b, "</p>");
    }
    HTML_LIT(b, "<input type=\"password\" id=\"");
    html_text(b, id);
    HTML_LIT(b, "\" name=\"");
    html_text(b, id);
    HTML_LIT(b, "\" autocomplete=\"");
    html_text(b, autocomplete);
    HTML_LIT(b, "\" maxlength=\"4096\"");
    if (hint || error) {
        HTML_LIT(b, " aria-describedby=\"");
        if (hint) { html_text(b, id); HTML_LIT(b, "-hint"); }
        if (hint && error) HTML_LIT(b, " ");
        if (error) { html_text(b, id); HTML_LIT(b, "-error"); }
        HTML_LIT(b, "\"");
    }
    if (error) HTML_LIT(b, " aria-invalid=\"true\"");
    HTML_LIT(b, "></div>\n");
}

static void summary_item(struct buf *b, const char *id, const char *msg)
{
    if (!msg) return;
    HTML_LIT(b, "<li><a href=\"#");
    html_text(b, id);
    HTML_LIT(b, "\">");
    html_text(b, msg);
    HTML_LIT(b, "</a></li>");
}

static void password_form(struct http_request *req, struct http_response *res, const struct pw_errors *e, bool done)
{
    bool bad = e && (e->current || e->password || e->confirm);
    char title[200];
    snprintf(title, sizeof title, "%s%s", bad ? _("Error: ") : "", _("Change your password"));
    page_begin(req, res, title);
    struct buf *b = &res->body;
    if (done) {
        HTML_LIT(b, "<div class=\"banner success\" role=\"status\"><p>");
        html_text(b, _("Your password is changed. You were signed out everywhere else; this session stays signed in."));
        HTML_LIT(b, "</p></div>\n");
    }
    if (bad) {
        error_summary_begin(b, NULL);
        HTML_LIT(b, "<ul>");
        summary_item(b, "current", e->current);
        summary_item(b, "password", e->password);
        summary_item(b, "confirm", e->confirm);
        HTML_LIT(b, "</ul>");
        error_summary_end(b);
    }
    HTML_LIT(b, "<h1>");
    html_text(b, _("Change your password"));
    HTML_LIT(b, "</h1>\n<p>");
    html_text(b, _("When you change it, every other place where you are signed in is signed out. API tokens keep working: revoke them separately."));
    HTML_LIT(b, "</p>\n<form method=\"post\" action=\"/account/password\" class=\"stack\" novalidate>\n");
    web_csrf_field(req, res);
    pw_field(b, "current", _("Current password"), NULL, e ? e->current : NULL, "current-password");
    pw_field(b, "password", _("New password"),
             _("12 characters or more. Not your username and not a common password: three or four unrelated words are easy to remember and hard to guess."),
             e ? e->password : NULL, "new-password");
    pw_field(b, "confirm", _("Confirm the new password"), NULL, e ? e->confirm : NULL, "new-password");
    HTML_LIT(b, "<div><button type=\"submit\">");
    html_text(b, _("Change password"));
    HTML_LIT(b, "</button></div>\n</form>\n<p><a href=\"/account\">");
    html_text(b, _("Back to your account"));
    HTML_LIT(b, "</a></p>\n");
    page_end(req, res);
}

void page_password(struct app *app, struct http_request *req, struct http_response *res)
{
    (void)app;
    const char *done = http_query(req, "done");
    password_form(req, res, NULL, done && strcmp(done, "1") == 0);
}

void page_password_post(struct app *app, struct http_request *req, struct http_response *res)
{
    const char *current = http_form(req, "current"), *password = http_form(req, "password"), *confirm = http_form(req, "confirm");
    if (http_form_bad(req)) { web_error(req, res, 400, _("The form could not be read.")); return; }
    struct pw_errors e = { NULL, NULL, NULL };
    char perr[256];
    if (!current || !*current) e.current = _("Enter your current password.");
    if (auth_password_acceptable(req->who->username, password, perr, sizeof perr) < 0) e.password = _(perr);
    if (!e.password && (!confirm || strcmp(confirm, password) != 0))
        e.confirm = _("The two new passwords are not the same: type the new password again in both fields.");
    if (e.current || e.password || e.confirm) {
        res->status = 422;
        password_form(req, res, &e, false);
        return;
    }
    enum auth_result r = auth_password_change(app->store, req->who, http_request_cookie(req, SESSION_COOKIE), current, password,
                                              perr, sizeof perr);
    switch (r) {
    case AUTH_OK: http_redirect(res, "/account/password?done=1"); return;
    case AUTH_BAD: e.current = _("The current password is wrong. Type it again."); break;
    case AUTH_INVALID: e.password = _(perr); break;
    case AUTH_THROTTLED:
        http_response_header(res, "Retry-After", "900");
        web_error(req, res, 429, _("Too many wrong passwords. Wait 15 minutes and try again."));
        return;
    case AUTH_BUSY:
        http_response_header(res, "Retry-After", "2");
        web_error(req, res, 503, _("The server is busy. Try again in a moment."));
        return;
    case AUTH_ERROR: web_error(req, res, 500, _("The password could not be changed because of a server error.")); return;
    }
    res->status = r == AUTH_BAD ? 403 : 422;
    password_form(req, res, &e, false);
}

/* ---- /admin/users ---- */

static const char *role_text(const char *role)
{
    if (strcmp(role, "focal_point") == 0) return _("National point of contact");
    if (strcmp(role, "partner") == 0) return _("Partner");
    if (strcmp(role, "secretariat") == 0) return _("Secretariat");
    if (strcmp(role, "admin") == 0) return _("Administrator");
    return role;
}

struct users_page { struct app *app; struct http_request *req; struct buf *out; long long done_id; char done_name[65]; };

static void action_link(struct buf *b, long long id, const char *action, const char *text, const char *username)
{
    HTML_LIT(b, "<a href=\"/admin/users/");
    html_int(b, id);
    HTML_LIT(b, "/");
    html_text(b, action);
    HTML_LIT(b, "\">");
    html_text(b, text);
    HTML_LIT(b, "<span class=\"visually-hidden\"> ");
    html_text(b, username);
    HTML_LIT(b, "</span></a>");
}

static int user_row(const struct auth_account *u, void *ctx)
{
    struct users_page *p = ctx;
    struct buf *b = p->out;
    if (u->id == p->done_id) snprintf(p->done_name, sizeof p->done_name, "%s", u->username);
    int sessions = u->sessions;
    HTML_LIT(b, "<tr><th scope=\"row\"><bdi>");
    html_text(b, u->username);
    HTML_LIT(b, "</bdi></th><td>");
    html_text(b, u->name ? u->name : "");
    HTML_LIT(b, "</td><td>");
    html_text(b, role_text(u->role ? u->role : ""));
    HTML_LIT(b, "</td><td>");
    if (u->state_iso3 && *u->state_iso3) {
        HTML_LIT(b, "<a href=\"/states/");
        html_text(b, u->state_iso3);
        HTML_LIT(b, "\">");
        const char *name = state_name_in(p->app->store, &p->req->arena, u->state_iso3, i18n_lang());
        html_text(b, name && *name ? name : u->state_iso3);
        HTML_LIT(b, "</a>");
    } else if (u->org && *u->org) {
        struct ref_org o;
        struct err e = ERR_NONE;
        bool known = ref_org_get(p->app->store, &p->req->arena, u->org, i18n_lang(), &o, &e) == 0 && o.name;
        if (known) {   /* an organisation of the reference data; otherwise the name the account was given */
            HTML_LIT(b, "<a href=\"/organisations/");
            html_text(b, u->org);
            HTML_LIT(b, "\">");
            html_text(b, o.name);
            HTML_LIT(b, "</a>");
        } else {
            html_text(b, u->org);
        }
    }
    HTML_LIT(b, "</td><td><strong class=\"tag\">");
    html_text(b, u->disabled ? _("Disabled") : _("Active"));
    HTML_LIT(b, "</strong></td><td class=\"num\">");
    html_int(b, sessions < 0 ? 0 : sessions);
    HTML_LIT(b, "</td><td>");
    if (u->id == p->req->who->user_id) {
        html_text(b, _("Your account"));
    } else {
        action_link(b, u->id, u->disabled ? "enable" : "disable", u->disabled ? _("Enable") : _("Disable"), u->username);
        if (sessions > 0) {
            HTML_LIT(b, " · ");
            action_link(b, u->id, "end-sessions", _("End sessions"), u->username);
        }
    }
    HTML_LIT(b, "</td></tr>\n");
    return 0;
}

/* The actions of the admin page: disable, enable, end-sessions. */
enum admin_action { ADMIN_NONE = -1, ADMIN_DISABLE, ADMIN_ENABLE, ADMIN_END_SESSIONS };

static enum admin_action parse_action(const char *s)
{
    if (strcmp(s, "disable") == 0) return ADMIN_DISABLE;
    if (strcmp(s, "enable") == 0) return ADMIN_ENABLE;
    if (strcmp(s, "end-sessions") == 0) return ADMIN_END_SESSIONS;
    return ADMIN_NONE;
}

void page_admin_users(struct app *app, struct http_request *req, struct http_response *res)
{
    const char *done = http_query(req, "done"), *id_s = http_query(req, "id");
    enum admin_action da = done ? parse_action(done) : ADMIN_NONE;
    /* The rows first (they find the name for the banner), then the page around them. */
    struct buf table = BUF_INIT;
    struct users_page p = { app, req, &table, id_s ? strtoll(id_s, NULL, 10) : 0, "" };
    auth_accounts_each(app->store, user_row, &p);
    page_begin(req, res, _("Accounts"));
    struct buf *b = &res->body;
    if (da != ADMIN_NONE && p.done_name[0]) {
        HTML_LIT(b, "<div class=\"banner success\" role=\"status\"><p>");
        html_textf(b, da == ADMIN_DISABLE ? _("The account %s is disabled: it cannot sign in, and its sessions and tokens stopped working.")
                      : da == ADMIN_ENABLE ? _("The account %s is enabled again.")
                                           : _("Every session of %s has ended: it must sign in again."),
                   p.done_name);
        HTML_LIT(b, "</p></div>\n");
    }
    HTML_LIT(b, "<h1>");
    html_text(b, _("Accounts"));
    HTML_LIT(b, "</h1>\n<p>");
    html_text(b, _("A disabled account cannot sign in, and its sessions and API tokens stop working at once. Accounts are added with the command line or the API."));
    HTML_LIT(b, "</p>\n<div class=\"scroll\" role=\"region\" tabindex=\"0\" aria-labelledby=\"accounts-caption\"><table class=\"list\">"
                "<caption id=\"accounts-caption\" class=\"visually-hidden\">");
    html_text(b, _("Accounts"));
    HTML_LIT(b, "</caption><thead><tr><th scope=\"col\">");
    html_text(b, _("Username"));
    HTML_LIT(b, "</th><th scope=\"col\">");
    html_text(b, _("Name"));
    HTML_LIT(b, "</th><th scope=\"col\">");
    html_text(b, _("Role"));
    HTML_LIT(b, "</th><th scope=\"col\">");
    html_text(b, _("State or organisation"));
    HTML_LIT(b, "</th><th scope=\"col\">");
    html_text(b, _("Status"));
    HTML_LIT(b, "</th><th scope=\"col\" class=\"num\">");
    html_text(b, _("Sessions"));
    HTML_LIT(b, "</th><th scope=\"col\">");
    html_text(b, _("Actions"));
    HTML_LIT(b, "</th></tr></thead><tbody>\n");
    buf_append(b, table.data, table.len);
    buf_cleanup(&table);
    HTML_LIT(b, "</tbody></table></div>\n");
    page_end(req, res);
}

struct target { bool found; char username[65], name[129]; bool disabled; };

static int target_cb(const struct auth_account *u, void *ctx)
{
    struct target *t = ctx;
    t->found = true;
    snprintf(t->username, sizeof t->username, "%s", u->username);
    snprintf(t->name, sizeof t->name, "%s", u->name ? u->name : "");
    t->disabled = u->disabled;
    return 0;
}

/* The account and action of /admin/users/{id}/{action}; answers 400/404 itself. */
static bool load_target(struct app *app, struct http_request *req, struct http_response *res, long long *id,
                        enum admin_action *a, struct target *t)
{
    char *end;
    *id = strtoll(req->args[0], &end, 10);
    *a = parse_action(req->args[1]);
    if (*end || *id < 1 || strlen(req->args[0]) > 15 || *a == ADMIN_NONE) {
        web_error(req, res, 404, _("There is no page at this address."));
        return false;
    }
    memset(t, 0, sizeof *t);
    if (auth_account_get(app->store, *id, target_cb, t) != 0 || !t->found) {
        web_error(req, res, 404, _("There is no such account."));
        return false;
    }
    return true;
}

/* GET /admin/users/{id}/{action}: the confirmation page. */
void page_admin_user_confirm(struct app *app, struct http_request *req, struct http_response *res)
{
    long long id;
    enum admin_action a;
    struct target t;
    if (!load_target(app, req, res, &id, &a, &t)) return;
    const char *title = a == ADMIN_DISABLE ? _("Disable this account?") : a == ADMIN_ENABLE ? _("Enable this account?")
                                                                                         : _("End this account's sessions?");
    page_begin(req, res, title);
    struct buf *b = &res->body;
    HTML_LIT(b, "<h1>");
    html_text(b, title);
    HTML_LIT(b, "</h1>\n<dl class=\"facts\"><div><dt>");
    html_text(b, _("Username"));
    HTML_LIT(b, "</dt><dd><bdi>");
    html_text(b, t.username);
    HTML_LIT(b, "</bdi></dd></div><div><dt>");
    html_text(b, _("Name"));
    HTML_LIT(b, "</dt><dd>");
    html_text(b, t.name);
    HTML_LIT(b, "</dd></div></dl>\n<p class=\"notice\"><strong>");
    html_text(b, a == ADMIN_DISABLE ? _("It will not be able to sign in, its sessions end now and its API tokens stop working until it is enabled again.")
                 : a == ADMIN_ENABLE ? _("It will be able to sign in again, and its API tokens that are not revoked or expired work again.")
                                     : _("Everyone signed in with this account is signed out now. The account stays active and can sign in again."));
    HTML_LIT(b, "</strong></p>\n<form method=\"post\" action=\"/admin/users/");
    html_int(b, id);
    HTML_LIT(b, "/");
    html_text(b, req->args[1]);
    HTML_LIT(b, "\">");
    web_csrf_field(req, res);
    HTML_LIT(b, "<div class=\"actions\"><button type=\"submit\"");
    if (a != ADMIN_ENABLE) HTML_LIT(b, " class=\"warning\"");
    HTML_LIT(b, ">");
    html_text(b, a == ADMIN_DISABLE ? _("Disable account") : a == ADMIN_ENABLE ? _("Enable account") : _("End sessions"));
    HTML_LIT(b, "</button> <a href=\"/admin/users\">");
    html_text(b, _("Cancel"));
    HTML_LIT(b, "</a></div></form>\n");
    page_end(req, res);
}

/* POST /admin/users/{id}/{action}: do it, then back to the list with a banner. */
void page_admin_user_post(struct app *app, struct http_request *req, struct http_response *res)
{
    long long id;
    enum admin_action a;
    struct target t;
    if (!load_target(app, req, res, &id, &a, &t)) return;
    char err[256] = "";
    int rc = a == ADMIN_END_SESSIONS ? (auth_user_sessions_end(app->store, req->who, id) < 0 ? -1 : 0)
                                     : auth_user_set_disabled(app->store, req->who, id, a == ADMIN_DISABLE, err, sizeof err);
    if (rc < 0) {
        web_error(req, res, err[0] && strstr(err, "own account") ? 409 : 500,
                  err[0] && strstr(err, "own account") ? _("You cannot disable your own account: ask another admin.")
                                                     : _("The change could not be saved because of a server error."));
        return;
    }
    char loc[96];
    snprintf(loc, sizeof loc, "/admin/users?done=%s&id=%lld", req->args[1], id);
    http_redirect(res, loc);
}
