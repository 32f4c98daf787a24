/* common: page layout, errors, CSRF and cookies shared by every page and API handler. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "domain/refdata.h"
#include "util/jsonw.h"
#include "util/mem.h"
#include "web/notify_web.h"
#include "web/web.h"


void api_begin(struct http_response *res, int status)
{
    res->status = status;
    res->content_type = "application/json; charset=utf-8";
    buf_clear(&res->body);
}

static void nav_link(struct buf *b, const char *href, const char *label, const char *path)
{
    bool current = strcmp(href, "/") == 0 ? strcmp(path, "/") == 0 : strncmp(path, href, strlen(href)) == 0;
    HTML_LIT(b, "<li><a href=\"");
    html_text(b, href);
    HTML_LIT(b, "\"");
    if (current) HTML_LIT(b, " aria-current=\"page\"");
    HTML_LIT(b, ">");
    html_text(b, label);
    HTML_LIT(b, "</a></li>");
}

void page_begin(struct http_request *req, struct http_response *res, const char *title)
{
    struct buf *b = &res->body;
    res->content_type = "text/html; charset=utf-8";
    const char *lang = i18n_lang();
    HTML_LIT(b, "<!DOCTYPE html>\n<html lang=\"");
    html_text(b, strcmp(lang, "zh") == 0 ? "zh-CN" : lang);
    HTML_LIT(b, "\" dir=\"");
    html_text(b, i18n_dir());
    HTML_LIT(b, "\">\n<head>\n<meta charset=\"utf-8\">\n"
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
    html_text(b, title);
    HTML_LIT(b, " · PoA-ISS</title>\n<link rel=\"icon\" href=\"data:,\">\n<link rel=\"stylesheet\" href=\"/static/style.css\">\n</head>\n<body>\n"
                "<a class=\"skip\" href=\"#main\">");
    html_text(b, _("Skip to content"));
    HTML_LIT(b, "</a>\n<header class=\"site\">\n<p class=\"brand\"><a href=\"/\">PoA-ISS</a> <span>");
    html_text(b, _("Programme of Action Implementation Support System"));
    HTML_LIT(b, "</span></p>\n<nav aria-label=\"");
    html_text(b, _("Main"));
    HTML_LIT(b, "\"><ul>");
    const char *path = req->path ? req->path : "/";
    nav_link(b, "/", _("Home"), path);
    nav_link(b, "/states", _("States"), path);
    nav_link(b, "/organisations", _("Organisations"), path);
    nav_link(b, "/cycles", _("Reporting cycles"), path);
    nav_link(b, "/search", _("Search"), path);
    nav_link(b, "/questions", _("Questions"), path);
    nav_link(b, "/assistance", _("Assistance"), path);
    nav_link(b, "/analysis", _("Analysis"), path);
    nav_link(b, "/documents/poa", _("Programme of Action"), path);
    if (authz_allowed(req->who, AUTHZ_DESK_READ, NULL)) nav_link(b, "/desk", _("Desk"), path);
    HTML_LIT(b, "</ul></nav>\n<div class=\"account\">");
    const struct principal *who = req->who;
    if (who && who->user_id) {
        notify_web_nav(req, b);   /* the unread count: pages for a signed-in user are never cached (app.c) */
        HTML_LIT(b, " <a href=\"/account\">");
        html_text(b, who->name);
        HTML_LIT(b, "</a> <form method=\"post\" action=\"/logout\" class=\"inline\">");
        web_csrf_field(req, res);
        HTML_LIT(b, "<button type=\"submit\">");
        html_text(b, _("Sign out"));
        HTML_LIT(b, "</button></form>");
    } else {
        HTML_LIT(b, "<a href=\"/login\">");
        html_text(b, _("Sign in"));
        HTML_LIT(b, "</a>");
    }
    int navail = 0;
    for (int i = 0; i < 6; i++) navail += i18n_available(I18N_LANGS[i]);
    if (navail > 1) {
        HTML_LIT(b, "<ul class=\"langs\" aria-label=\"");
        html_text(b, _("Language"));
        HTML_LIT(b, "\">");
        for (int i = 0; i < 6; i++) {
            if (!i18n_available(I18N_LANGS[i])) continue;
            HTML_LIT(b, "<li><a lang=\"");
            html_text(b, I18N_LANGS[i]);
            HTML_LIT(b, "\" href=\"?");
            /* Keep the page's other parameters (filters, search) when switching language. */
            for (size_t p = 0; p < req->query.n; p++) {
                if (strcmp(req->query.v[p].name, "lang") == 0) continue;
                html_urlpart(b, req->query.v[p].name);
                HTML_LIT(b, "=");
                html_urlpart(b, req->query.v[p].value);
                HTML_LIT(b, "&amp;");
            }
            HTML_LIT(b, "lang=");
            html_text(b, I18N_LANGS[i]);
            HTML_LIT(b, "\"");
            if (strcmp(I18N_LANGS[i], lang) == 0) HTML_LIT(b, " aria-current=\"true\"");
            HTML_LIT(b, ">");
            html_text(b, i18n_autonym(I18N_LANGS[i]));
            HTML_LIT(b, "</a></li>");
        }
        HTML_LIT(b, "</ul>");
    }
    HTML_LIT(b, "</div>\n</header>\n<main id=\"main\" tabindex=\"-1\">\n");
}

void page_end(struct http_request *req, struct http_response *res)
{
    (void)req;
    struct buf *b = &res->body;
    HTML_LIT(b, "</main>\n<footer class=\"site\"><p>");
    html_text(b, _("poaiss: the national reports, assistance and analysis of the UN Programme of Action on small arms and light weapons and the International Tracing Instrument."));
    HTML_LIT(b, " <a href=\"/data\">");
    html_text(b, _("Open data"));
    HTML_LIT(b, "</a></p></footer>\n</body>\n</html>\n");
}

int web_err_status(enum err_code code)
{
    switch (code) {
    case ERR_OK: return 200;
    case ERR_INVALID: return 400;
    case ERR_NOT_FOUND: return 404;
    case ERR_FORBIDDEN: return 403;
    case ERR_CONFLICT: return 409;
    case ERR_STATE: return 409;
    case ERR_TOO_LARGE: return 413;
    case ERR_BUSY: return 503;
    case ERR_STORE: return 500;
    }
    return 500;
}

const char *web_err_message(struct http_request *req, const struct err *e)
{
    const char *msg = _(e->msg ? e->msg : err_default_message(e->code));
    const char *at = e->arg ? strstr(msg, "%s") : NULL;
    if (!at) return msg;
    return arena_printf(&req->arena, "%.*s%s%s", (int)(at - msg), msg, e->arg, at + 2);
}

void web_fail(struct http_request *req, struct http_response *res, const struct err *e)
{
    web_error(req, res, web_err_status(e->code), web_err_message(req, e));
}

void web_error(struct http_request *req, struct http_response *res, int status, const char *message)
{
    res->status = status;
    buf_clear(&res->body);
    if (req->path && strncmp(req->path, "/api/", 5) == 0) {
        api_begin(res, status);
        struct jsonw w;
        jsonw_init(&w, &res->body);
        jsonw_obj(&w);
        jsonw_key(&w, "error");
        jsonw_obj(&w);
        jsonw_kint(&w, "status", status);
        jsonw_kstr(&w, "message", message);
        jsonw_obj_end(&w);
        jsonw_obj_end(&w);
        buf_putc(&res->body, '\n');
        return;
    }
    if (!req->path) req->path = xstrdup("/");
    char title[64];
    snprintf(title, sizeof title, "%d %s", status, http_status_text(status));
    page_begin(req, res, title);
    struct buf *b = &res->body;
    HTML_LIT(b, "<h1>");
    html_text(b, title);
    HTML_LIT(b, "</h1>\n<p class=\"error\">");
    html_text(b, message);
    HTML_LIT(b, "</p>\n<p><a href=\"/\">");
    html_text(b, _("Go to the home page"));
    HTML_LIT(b, "</a></p>\n");
    page_end(req, res);
}

void web_set_cookie(struct app *app, struct http_response *res, const char *name, const char *value, long max_age)
{
    char c[256];
    snprintf(c, sizeof c, "%s=%s; Path=/; HttpOnly; SameSite=Lax; Max-Age=%ld%s", name, value, max_age,
             app && app->secure_cookies ? "; Secure" : "");
    http_response_header(res, "Set-Cookie", c);
}

static bool csrf_plausible(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    return n >= 20 && n < AUTH_SECRET_LEN;
}

const char *web_csrf_token(struct http_request *req, struct http_response *res)
{
    struct principal *who = req->who;
    if (who && who->csrf[0]) return who->csrf;
    /* A visitor without a session: a double-submit cookie, made once and reused. */
    static _Thread_local char fresh[AUTH_SECRET_LEN];
    const char *c = http_request_cookie(req, CSRF_COOKIE);
    if (csrf_plausible(c)) return c;
    for (size_t i = 0; i < res->nheaders; i++)
        if (strncmp(res->headers[i].value, CSRF_COOKIE "=", sizeof CSRF_COOKIE) == 0) return fresh;
    auth_random_secret(fresh);
    web_set_cookie(app_get(), res, CSRF_COOKIE, fresh, 86400);
    return fresh;
}

void web_csrf_field(struct http_request *req, struct http_response *res)
{
    struct buf tmp = BUF_INIT;
    HTML_LIT(&tmp, "<input type=\"hidden\" name=\"csrf\" value=\"");
    html_text(&tmp, web_csrf_token(req, res));
    HTML_LIT(&tmp, "\">");
    buf_append(&res->body, tmp.data, tmp.len);
    buf_cleanup(&tmp);
}

bool web_csrf_ok(struct http_request *req)
{
    const char *sent = http_request_header(req, "X-CSRF-Token");
    char multi[AUTH_SECRET_LEN];
    const struct http_part *mp = sent ? NULL : http_request_part(req, "csrf", false);   /* a file upload form */
    if (mp && mp->len < sizeof multi) {
        memcpy(multi, mp->data, mp->len);
        multi[mp->len] = '\0';
        sent = multi;
    }
    if (!sent) sent = http_form(req, "csrf");
    if (!csrf_plausible(sent)) return false;
    const struct principal *who = req->who;
    const char *want = who && who->csrf[0] ? who->csrf : http_request_cookie(req, CSRF_COOKIE);
    if (!csrf_plausible(want) || strlen(want) != strlen(sent)) return false;
    return sodium_memcmp(want, sent, strlen(want)) == 0;
}

int web_state_code(struct app *app, const char *raw, char out[4])
{
    struct err e = ERR_NONE;
    if (ref_state_code(app->store, raw, strlen(raw), out, &e) == 0) return 0;
    return web_err_status(e.code);
}
