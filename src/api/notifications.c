/*
 * api/notifications: the asker's own notifications (GET /api/v1/notifications) and their read
 * marks (POST /api/v1/notifications/read).  Subjects and bodies are written in the request's
 * language (?lang=, the cookie, Accept-Language), like every other text of the API.
 */
#include <string.h>

#include "api/api.h"
#include "domain/notify.h"
#include "util/arena.h"
#include "util/jsonw.h"
#include "web/notify_web.h"

#define READ_IDS_MAX 1000

static void item_json(struct jsonw *w, const struct notify_item *it)
{
    jsonw_obj(w);
    jsonw_kint(w, "id", it->id);
    jsonw_kstr(w, "kind", it->kind);
    jsonw_key(w, "object");
    jsonw_str(w, it->object[0] ? it->object : NULL);
    jsonw_kstr(w, "subject", it->subject);
    jsonw_kstr(w, "body", it->body);
    jsonw_kstr(w, "created_at", it->created_at);
    jsonw_key(w, "read_at");
    jsonw_str(w, it->read_at);
    jsonw_kbool(w, "unread", it->read_at == NULL);
    jsonw_kbool(w, "synthetic", it->synthetic);
    jsonw_obj_end(w);
}

void api_notifications(struct app *app, struct http_request *req, struct http_response *res)
{
    const struct http_value *u = web_q(req, "unread"), *p = web_q(req, "page");
    bool unread_only = u->set && u->n == 1;
    int page = p->set ? (int)p->n : 1;
    struct notify_item *items;
    size_t n;
    long long total;
    struct err e = ERR_NONE;
    long long unread = notify_unread_count(app->store, req->who->user_id);
    if (unread < 0 || notify_list(app->store, &req->arena, req->who->user_id, i18n_lang(), unread_only, page, &items, &n, &total, &e) < 0) {
        if (e.code == ERR_OK) err_set(&e, ERR_STORE, NULL, NULL);
        web_fail(req, res, &e);
        return;
    }
    api_begin(res, 200);
    struct jsonw w;
    jsonw_init(&w, &res->body);
    jsonw_obj(&w);
    jsonw_kstr(&w, "lang", i18n_lang());
    jsonw_kint(&w, "total", total);
    jsonw_kint(&w, "unread", unread);
    jsonw_kint(&w, "page", page);
    jsonw_kint(&w, "per_page", NOTIFY_PAGE_SIZE);
    jsonw_key(&w, "notifications");
    jsonw_arr(&w);
    for (size_t i = 0; i < n; i++) item_json(&w, &items[i]);
    jsonw_arr_end(&w);
    jsonw_obj_end(&w);
    buf_putc(&res->body, '\n');
}

void api_notifications_read(struct app *app, struct http_request *req, struct http_response *res)
{
    json_t *o = api_body_object(req, res, false);
    if (!o) return;
    const char *k;
    json_t *v, *ids = json_object_get(o, "ids"), *all = json_object_get(o, "all");
    const char *bad_field = NULL, *bad_msg = NULL;
    json_object_foreach(o, k, v) {
        if (strcmp(k, "ids") != 0 && strcmp(k, "all") != 0) {
            bad_field = arena_strdup(&req->arena, k);
            bad_msg = N_("This field is not known: check its name.");
        }
    }
    if (!bad_field && all && !json_is_boolean(all)) { bad_field = "all"; bad_msg = N_("Send true to mark every notification read."); }
    if (!bad_field && ids && (!json_is_array(ids) || json_array_size(ids) > READ_IDS_MAX)) {
        bad_field = "ids";
        bad_msg = N_("Send the ids as a list of at most 1,000 numbers.");
    }
    size_t n = json_is_array(ids) ? json_array_size(ids) : 0;
    long long *list = n ? arena_array(&req->arena, n, sizeof *list) : NULL;
    for (size_t i = 0; !bad_field && i < n; i++) {
        json_t *x = json_array_get(ids, i);
        if (!json_is_integer(x) || json_integer_value(x) < 1) {
            bad_field = "ids";
            bad_msg = N_("Send the ids as a list of at most 1,000 numbers.");
        } else {
            list[i] = (long long)json_integer_value(x);
        }
    }
    bool every = json_is_true(all);
    if (!bad_field && every == (ids != NULL)) {
        bad_field = ids ? "all" : "ids";
        bad_msg = N_("Send either the ids of the notifications to mark read, or \"all\": true.");
    }
    json_decref(o);
    if (bad_field) {   /* 422 with the one field's problem, as the other write APIs answer */
        api_invalid(res, _(bad_msg), &(struct assist_field_error){ bad_field, bad_msg }, 1);
        return;
    }
    struct err e = ERR_NONE;
    long long marked = 0;
    if (every || n > 0) marked = notify_mark_read(app->store, req->who->user_id, list, every ? 0 : n, &e);
    long long unread = marked < 0 ? -1 : notify_unread_count(app->store, req->who->user_id);
    if (marked < 0 || unread < 0) {
        if (e.code == ERR_OK) err_set(&e, ERR_STORE, NULL, NULL);
        web_fail(req, res, &e);
        return;
    }
    api_begin(res, 200);
    struct jsonw w;
    jsonw_init(&w, &res->body);
    jsonw_obj(&w);
    jsonw_kint(&w, "marked", marked);
    jsonw_kint(&w, "unread", unread);
    jsonw_obj_end(&w);
    buf_putc(&res->body, '\n');
}
