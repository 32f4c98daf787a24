/*
 * notifications: the recipient's pages.  /account/notifications lists one's messages, newest
 * first, the unread ones marked, each linking to what it is about, with "Mark all as read";
 * the account page shows how many are unread and the language messages are e-mailed in
 * (user.lang); the navigation of every page shown to a signed-in user carries the count.
 * Such pages are never cached (app.c caches only for visitors without a session), so the
 * count of one user never reaches another.
 */
#include <stdio.h>
#include <string.h>

#include "domain/notify.h"
#include "util/arena.h"
#include "web/notify_web.h"
#include "web/web.h"

void notify_web_nav(struct http_request *req, struct buf *b)
{
    struct app *app = app_get();
    if (!app || !req->who || req->who->user_id <= 0) return;
    long long unread = notify_unread_count(app->store, req->who->user_id);
    HTML_LIT(b, "<a href=\"/account/notifications\">");
    html_text(b, _("Notifications"));
    if (unread > 0) {
        HTML_LIT(b, " <strong class=\"unread\">");
        i18n_html_number(b, unread);
        HTML_LIT(b, "<span class=\"visually-hidden\"> ");
        html_text(b, _("unread"));
        HTML_LIT(b, "</span></strong>");
    }
    HTML_LIT(b, "</a>");
}

/* One of the six languages, each named in itself, as options; value selected. */
static void lang_options(struct buf *b, const char *value)
{
    for (int i = 0; i < 6; i++) {
        HTML_LIT(b, "<option value=\"");
        html_text(b, I18N_LANGS[i]);
        HTML_LIT(b, "\" lang=\"");
        html_text(b, I18N_LANGS[i]);
        HTML_LIT(b, "\"");
        if (value && strcmp(value, I18N_LANGS[i]) == 0) HTML_LIT(b, " selected");
        HTML_LIT(b, ">");
        html_text(b, i18n_autonym(I18N_LANGS[i]));
        HTML_LIT(b, "</option>");
    }
}

int notify_web_account(struct app *app, struct http_request *req, struct http_response *res, struct buf *b, struct err *e)
{
    long long unread = notify_unread_count(app->store, req->who->user_id);
    if (unread < 0) return err_set(e, ERR_STORE, NULL, NULL);
    const char *lang = notify_lang_get(app->store, &req->arena, req->who->user_id);
    const struct http_value *done = web_q(req, "done");
    if (done->set && strcmp(done->s, "lang") == 0) {
        HTML_LIT(b, "<div class=\"banner success\" role=\"status\"><p>");
        html_text(b, _("The language of your messages is saved."));
        HTML_LIT(b, "</p></div>\n");
    }
    HTML_LIT(b, "<h2 id=\"notifications\">");
    html_text(b, _("Notifications"));
    HTML_LIT(b, "</h2>\n<p><a href=\"/account/notifications\">");
    if (unread == 0) {
        html_text(b, _("No unread notifications"));
    } else {
        html_text(b, _("Unread notifications:"));
        HTML_LIT(b, " ");
        i18n_html_number(b, unread);
    }
    HTML_LIT(b, "</a></p>\n<form method=\"post\" action=\"/account/language\" class=\"stack\">\n");
    web_csrf_field(req, res);
    HTML_LIT(b, "<div><label for=\"msg-lang\">");
    html_text(b, _("Language of messages"));
    HTML_LIT(b, "</label><span class=\"hint\" id=\"msg-lang-hint\">");
    html_text(b, _("Notifications sent to you by e-mail are written in this language."));
    HTML_LIT(b, "</span><select id=\"msg-lang\" name=\"lang\" aria-describedby=\"msg-lang-hint\">");
    lang_options(b, lang ? lang : i18n_lang());
    HTML_LIT(b, "</select></div>\n<div><button type=\"submit\" class=\"button-secondary\">");
    html_text(b, _("Save the language"));
    HTML_LIT(b, "</button></div>\n</form>\n");
    return 0;
}

void page_account_language_post(struct app *app, struct http_request *req, struct http_response *res)
{
    const char *lang = http_form(req, "lang");
    if (http_form_bad(req)) { web_error(req, res, 400, _("The form could not be read.")); return; }
    struct err e = ERR_NONE;
    if (!lang || notify_lang_set(app->store, req->who->user_id, lang, &e) < 0) {
        if (!lang) err_set(&e, ERR_INVALID, N_("Choose one of the six languages of the United Nations."), NULL);
        web_error(req, res, e.code == ERR_INVALID ? 422 : web_err_status(e.code), web_err_message(req, &e));
        return;
    }
    http_redirect(res, "/account?done=lang#notifications");
}

static void pager(struct buf *b, int page, long long total)
{
    long long pages = (total + NOTIFY_PAGE_SIZE - 1) / NOTIFY_PAGE_SIZE;
    if (pages <= 1) return;
    HTML_LIT(b, "<nav class=\"actions\" aria-label=\"");
    html_text(b, _("Pages"));
    HTML_LIT(b, "\">");
    if (page > 1) {
        HTML_LIT(b, "<a href=\"/account/notifications?page=");
        html_int(b, page - 1);
        HTML_LIT(b, "\" rel=\"prev\">");
        html_text(b, _("Newer"));
        HTML_LIT(b, "</a>");
    }
    if (page < pages) {
        HTML_LIT(b, "<a href=\"/account/notifications?page=");
        html_int(b, page + 1);
        HTML_LIT(b, "\" rel=\"next\">");
        html_text(b, _("Older"));
        HTML_LIT(b, "</a>");
    }
    HTML_LIT(b, "</nav>\n");
}

/* A message's body: its paragraphs (blank lines) as <p>, its lines kept. */
static void body_html(struct buf *b, const char *body)
{
    HTML_LIT(b, "<p>");
    for (const char *p = body; *p;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        html_textn(b, p, n);
        if (!nl) break;
        if (nl[1] == '\n') {
            HTML_LIT(b, "</p><p>");
            while (*nl == '\n') nl++;
            p = nl;
        } else {
            HTML_LIT(b, "<br>");
            p = nl + 1;
        }
    }
    HTML_LIT(b, "</p>");
}

void page_notifications(struct app *app, struct http_request *req, struct http_response *res)
{
    const struct http_value *p = web_q(req, "page"), *done = web_q(req, "done");
    int page = p->set ? (int)p->n : 1;
    struct notify_item *items;
    size_t n;
    long long total;
    struct err e = ERR_NONE;
    long long unread = notify_unread_count(app->store, req->who->user_id);
    if (unread < 0) err_set(&e, ERR_STORE, NULL, NULL);
    if (unread < 0 || notify_list(app->store, &req->arena, req->who->user_id, i18n_lang(), false, page, &items, &n, &total, &e) < 0) {
        web_fail(req, res, &e);
        return;
    }
    page_begin(req, res, _("Notifications"));
    struct buf *b = &res->body;
    HTML_LIT(b, "<p class=\"crumbs\"><a href=\"/account\">");
    html_text(b, _("Your account"));
    HTML_LIT(b, "</a></p>\n");
    if (done->set && strcmp(done->s, "read") == 0) {
        HTML_LIT(b, "<div class=\"banner success\" role=\"status\"><p>");
        html_text(b, _("Every notification is marked as read."));
        HTML_LIT(b, "</p></div>\n");
    }
    HTML_LIT(b, "<h1>");
    html_text(b, _("Notifications"));
    HTML_LIT(b, "</h1>\n<p>");
    if (total == 0) html_text(b, _("You have no notifications yet. Steps that concern you (an interest in your State's request, an answer to your interest, a report returned) will show here."));
    else {
        html_text(b, _("Unread notifications:"));
        HTML_LIT(b, " ");
        i18n_html_number(b, unread);
    }
    HTML_LIT(b, "</p>\n");
    if (unread > 0) {
        HTML_LIT(b, "<form method=\"post\" action=\"/account/notifications/read\">");
        web_csrf_field(req, res);
        HTML_LIT(b, "<button type=\"submit\" class=\"button-secondary\">");
        html_text(b, _("Mark all as read"));
        HTML_LIT(b, "</button></form>\n");
    }
    if (n) HTML_LIT(b, "<ol class=\"notifications\">\n");
    for (size_t i = 0; i < n; i++) {
        const struct notify_item *it = &items[i];
        if (it->read_at) HTML_LIT(b, "<li class=\"read\">");
        else HTML_LIT(b, "<li class=\"unread\">");
        HTML_LIT(b, "<h2>");
        if (!it->read_at) {
            HTML_LIT(b, "<strong class=\"tag tag-unread\">");
            html_text(b, _("Unread"));
            HTML_LIT(b, "</strong> ");
        }
        if (it->object[0] == '/') {
            HTML_LIT(b, "<a href=\"");
            html_text(b, it->object);
            HTML_LIT(b, "\">");
            html_text(b, it->subject);
            HTML_LIT(b, "</a>");
        } else {
            html_text(b, it->subject);
        }
        HTML_LIT(b, "</h2>\n<p class=\"caption\">");
        i18n_html_datetime(b, it->created_at);
        if (it->synthetic) {
            HTML_LIT(b, " · ");
            html_text(b, _("synthetic"));
        }
        HTML_LIT(b, "</p>\n");
        body_html(b, it->body);
        HTML_LIT(b, "</li>\n");
    }
    if (n) HTML_LIT(b, "</ol>\n");
    pager(b, page, total);
    page_end(req, res);
}

void page_notifications_read_post(struct app *app, struct http_request *req, struct http_response *res)
{
    struct err e = ERR_NONE;
    if (notify_mark_read(app->store, req->who->user_id, NULL, 0, &e) < 0) { web_fail(req, res, &e); return; }
    http_redirect(res, "/account/notifications?done=read");
}
