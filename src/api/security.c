/*
 * security: the API for taking access back.  GET /api/v1/tokens (one's own; admins: every
 * account's, or ?user=NAME), DELETE /api/v1/tokens/{id}, POST /api/v1/me/password,
 * GET /api/v1/users (admins), POST /api/v1/users/{id}/disable, /enable, /sessions/end (admins).
 * The decisions are made in domain/auth_manage.c and domain/authz.c.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "api/api.h"
#include "domain/authz.h"
#include "util/jsonw.h"
#include "web/web.h"

static bool parse_id(const char *s, long long *out)
{
    if (!s || !*s || strlen(s) > 15) return false;
    char *end;
    long long v = strtoll(s, &end, 10);
    if (*end || v < 1) return false;
    *out = v;
    return true;
}

static void kint_or_null(struct jsonw *w, const char *k, long long v)
{
    if (v > 0) jsonw_kint(w, k, v);
    else { jsonw_key(w, k); jsonw_null(w); }
}

static int token_item(const struct auth_token_info *t, void *ctx)
{
    struct jsonw *w = ctx;
    jsonw_obj(w);
    jsonw_kint(w, "id", t->id);
    jsonw_kstr(w, "username", t->username);
    jsonw_kstr(w, "label", t->label);
    jsonw_kint(w, "created_at", t->created_at);
    kint_or_null(w, "expires_at", t->expires_at);
    kint_or_null(w, "revoked_at", t->revoked_at);
    jsonw_kbool(w, "active", !t->revoked_at && (!t->expires_at || t->expires_at > (long long)time(NULL)));
    jsonw_obj_end(w);
    return 0;
}

/* GET /api/v1/tokens[?user=NAME]: one's own tokens; an admin sees everyone's (or one account's). */
void api_tokens(struct app *app, struct http_request *req, struct http_response *res)
{
    const struct principal *who = req->who;
    const char *user = http_query(req, "user");
    long long uid = who->user_id;
    if (authz_allowed(who, AUTHZ_USERS_MANAGE, NULL)) {
        uid = 0;
        if (user && *user) {
            int rc = auth_user_id(app->store, user, &uid);
            if (rc != 0) { web_error(req, res, rc < 0 ? 500 : 404, rc < 0 ? "Database error." : "user: no account with this username."); return; }
        }
    } else if (user && *user && strcasecmp(user, who->username) != 0) {
        web_error(req, res, 403, "user: only admins list other accounts' tokens.");
        return;
    }
    api_begin(res, 200);
    struct jsonw w;
    jsonw_init(&w, &res->body);
    jsonw_obj(&w);
    jsonw_key(&w, "tokens");
    jsonw_arr(&w);
    int rc = auth_tokens_each(app->store, uid, token_item, &w);
    jsonw_arr_end(&w);
    jsonw_obj_end(&w);
    buf_putc(&res->body, '\n');
    if (rc < 0) web_error(req, res, 500, "Database error.");
}

/* DELETE /api/v1/tokens/{id}: revoke (one's own; admins any).  204; 404 for a token the asker may not see. */
void api_token_delete(struct app *app, struct http_request *req, struct http_response *res)
{
    long long id;
    if (!parse_id(req->args[0], &id)) { web_error(req, res, 400, "A token is named by its number (see GET /api/v1/tokens)."); return; }
    int rc = auth_token_revoke(app->store, req->who, id);
    if (rc == 1) { web_error(req, res, 404, "There is no such token."); return; }
    if (rc < 0) { web_error(req, res, 500, "The token could not be revoked because of a server error."); return; }
    api_begin(res, 204);
}

/* POST /api/v1/me/password {"current", "password"}: 204; other sessions end (the calling session stays). */
void api_me_password(struct app *app, struct http_request *req, struct http_response *res)
{
    json_t *o = api_body_object(req, res, false);
    if (!o) return;
    const char *current = json_string_value(json_object_get(o, "current"));
    const char *password = json_string_value(json_object_get(o, "password"));
    char err[256];
    if (!current || !*current || !password) {
        json_decref(o);
        web_error(req, res, 422, "Send {\"current\": your password, \"password\": the new one}.");
        return;
    }
    if (auth_password_acceptable(req->who->username, password, err, sizeof err) < 0) {
        json_decref(o);
        web_error(req, res, 422, err);
        return;
    }
    enum auth_result r = auth_password_change(app->store, req->who,
                                              req->who->by_token ? NULL : http_request_cookie(req, SESSION_COOKIE),
                                              current, password, err, sizeof err);
    json_decref(o);
    switch (r) {
    case AUTH_OK: api_begin(res, 204); return;
    case AUTH_BAD: web_error(req, res, 403, "current: the current password is wrong."); return;
    case AUTH_INVALID: web_error(req, res, 422, err); return;
    case AUTH_THROTTLED:
        http_response_header(res, "Retry-After", "900");
        web_error(req, res, 429, "Too many wrong passwords: wait 15 minutes.");
        return;
    case AUTH_BUSY:
        http_response_header(res, "Retry-After", "2");
        web_error(req, res, 503, "The server is busy: try again in a moment.");
        return;
    case AUTH_ERROR: break;
    }
    web_error(req, res, 500, "The password could not be changed because of a server error.");
}

static int user_item(const struct auth_account *u, void *ctx)
{
    struct jsonw *w = ctx;
    jsonw_obj(w);
    jsonw_kint(w, "id", u->id);
    jsonw_kstr(w, "username", u->username);
    jsonw_kstr(w, "name", u->name);
    jsonw_kstr(w, "role", u->role);
    jsonw_kstr(w, "state", u->state_iso3);
    jsonw_kstr(w, "org", u->org);
    jsonw_kbool(w, "disabled", u->disabled);
    jsonw_kint(w, "sessions", u->sessions);
    jsonw_obj_end(w);
    return 0;
}

/* GET /api/v1/users: every account (admins). */
void api_users(struct app *app, struct http_request *req, struct http_response *res)
{
    (void)req;
    api_begin(res, 200);
    struct jsonw w;
    jsonw_init(&w, &res->body);
    jsonw_obj(&w);
    jsonw_key(&w, "users");
    jsonw_arr(&w);
    auth_accounts_each(app->store, user_item, &w);
    jsonw_arr_end(&w);
    jsonw_obj_end(&w);
    buf_putc(&res->body, '\n');
}

/* POST /api/v1/users/{id}/disable | enable | sessions/end (admins): {"id", "disabled"} or {"id", "sessions_ended"}. */
void api_user_action(struct app *app, struct http_request *req, struct http_response *res)
{
    long long id;
    if (!parse_id(req->args[0], &id)) { web_error(req, res, 400, "An account is named by its number (see GET /api/v1/users)."); return; }
    /* The action is the route's last segment(s): /disable, /enable, /sessions/end. */
    size_t n = strlen(req->path);
    bool dis = n > 8 && strcmp(req->path + n - 8, "/disable") == 0, en = !dis && n > 7 && strcmp(req->path + n - 7, "/enable") == 0,
         end = !dis && !en;
    char err[256] = "";
    int rc, ended = 0;
    if (end) {
        ended = auth_user_sessions_end(app->store, req->who, id);
        rc = ended < 0 ? -1 : 0;
        snprintf(err, sizeof err, "The sessions could not be ended because of a server error.");
    } else {
        rc = auth_user_set_disabled(app->store, req->who, id, dis, err, sizeof err);
    }
    if (rc == 1) { web_error(req, res, 404, "There is no such account."); return; }
    if (rc < 0) { web_error(req, res, strstr(err, "own account") ? 409 : 500, err); return; }
    api_begin(res, 200);
    struct jsonw w;
    jsonw_init(&w, &res->body);
    jsonw_obj(&w);
    jsonw_kint(&w, "id", id);
    if (end) jsonw_kint(&w, "sessions_ended", ended);
    else jsonw_kbool(&w, "disabled", dis);
    jsonw_obj_end(&w);
    buf_putc(&res->body, '\n');
}
