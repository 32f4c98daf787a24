/* account: who am I, the audit log, adding accounts, and the OpenAPI document. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "domain/audit.h"
#include "util/embed.h"
#include "util/jsonw.h"
#include "web/web.h"

void api_me(struct app *app, struct http_request *req, struct http_response *res)
{
    (void)app;
    const struct principal *p = req->who;
    api_begin(res, 200);
    http_response_header(res, "Cache-Control", "no-store");
    struct jsonw w;
    jsonw_init(&w, &res->body);
    jsonw_obj(&w);
    jsonw_kstr(&w, "role", role_name(p->role));
    if (p->user_id) {
        jsonw_kstr(&w, "username", p->username);
        jsonw_kstr(&w, "name", p->name);
        jsonw_kstr(&w, "state", p->state_iso3[0] ? p->state_iso3 : NULL);
        jsonw_kstr(&w, "org", p->org[0] ? p->org : NULL);
        jsonw_kstr(&w, "via", p->by_token ? "token" : "session");
    }
    jsonw_obj_end(&w);
    buf_putc(&res->body, '\n');
}

static void audit_item(struct jsonw *w, const struct audit_entry *a)
{
    jsonw_obj(w);
    jsonw_kint(w, "id", a->id);
    jsonw_kstr(w, "at", a->at);
    jsonw_kstr(w, "actor", a->actor);
    jsonw_kstr(w, "action", a->action);
    jsonw_kstr(w, "object", a->object);
    jsonw_key(w, "detail");
    /* detail is JSON written by us; re-emit it through the writer rather than trusting it raw. */
    json_error_t e;
    json_t *d = a->detail ? json_loads(a->detail, 0, &e) : NULL;
    if (json_is_object(d)) {
        jsonw_obj(w);
        const char *k;
        json_t *v;
        json_object_foreach(d, k, v) {
            if (json_is_string(v)) jsonw_kstr(w, k, json_string_value(v));
            else if (json_is_integer(v)) jsonw_kint(w, k, json_integer_value(v));
            else if (json_is_null(v)) { jsonw_key(w, k); jsonw_null(w); }
        }
        jsonw_obj_end(w);
    } else {
        jsonw_null(w);
    }
    json_decref(d);
    jsonw_obj_end(w);
}

void api_audit(struct app *app, struct http_request *req, struct http_response *res)
{
    const char *l = http_query(req, "limit");
    int limit = 100;
    if (l) {
        char *end;
        long v = strtol(l, &end, 10);
        if (!*l || *end || v < 1 || v > 1000) { web_error(req, res, 400, "limit: a number from 1 to 1000"); return; }
        limit = (int)v;
    }
    struct audit_entry *entries;
    size_t n;
    struct err e = ERR_NONE;
    if (audit_list(app->store, &req->arena, limit, &entries, &n, &e) < 0) { web_fail(req, res, &e); return; }
    api_begin(res, 200);
    struct jsonw w;
    jsonw_init(&w, &res->body);
    jsonw_obj(&w);
    jsonw_key(&w, "entries");
    jsonw_arr(&w);
    for (size_t i = 0; i < n; i++) audit_item(&w, &entries[i]);
    jsonw_arr_end(&w);
    jsonw_obj_end(&w);
    buf_putc(&res->body, '\n');
}

static const char *str_field(json_t *o, const char *k, bool *bad)
{
    json_t *v = json_object_get(o, k);
    if (!v || json_is_null(v)) return NULL;
    if (!json_is_string(v)) { *bad = true; return NULL; }
    return json_string_value(v);
}

void api_users_post(struct app *app, struct http_request *req, struct http_response *res)
{
    json_t *o = api_body_object(req, res, false);
    if (!o) return;
    bool bad = false;
    struct auth_user_new u = {
        .username = str_field(o, "username", &bad), .name = str_field(o, "name", &bad),
        .email = str_field(o, "email", &bad), .role = str_field(o, "role", &bad),
        .state_iso3 = str_field(o, "state", &bad), .org = str_field(o, "org", &bad),
    };
    const char *password = str_field(o, "password", &bad);
    if (bad) {
        json_decref(o);
        web_error(req, res, 400, "username, name, email, role, state, org and password must be strings.");
        return;
    }
    char err[256];
    long long id = auth_user_add(app->store, &u, password, req->who->username, req->who->user_id, err, sizeof err);
    if (id < 0) {
        json_decref(o);
        web_error(req, res, strstr(err, "is taken") ? 409 : strncmp(err, "busy", 4) == 0 ? 503 : 422, err);
        return;
    }
    api_begin(res, 201);
    struct jsonw w;
    jsonw_init(&w, &res->body);
    jsonw_obj(&w);
    jsonw_kint(&w, "id", id);
    jsonw_kstr(&w, "username", u.username);
    jsonw_kstr(&w, "role", u.role);
    jsonw_obj_end(&w);
    buf_putc(&res->body, '\n');
    json_decref(o);
}

void api_openapi(struct app *app, struct http_request *req, struct http_response *res)
{
    (void)app;
    const struct embed_file *f = embed_find("openapi.json");
    if (!f) { web_error(req, res, 404, "The OpenAPI document is not built in."); return; }
    api_begin(res, 200);
    buf_append(&res->body, f->data, f->len);
}
