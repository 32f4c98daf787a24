/*
 * api/assist_stage: the procedure of requests for assistance as JSON (README, "Procedure";
 * openapi.json):
 *   POST /api/v1/assistance/requests/{id}/stage {stage, reason, note}: 200 with the request;
 *        422 with errors[] for an unknown stage or reason, a missing reason, a long note;
 *        409 with the reason for a move the procedure does not allow; 403, 404.
 *   the stage members of GET /api/v1/assistance/requests/{id} (assist_stage_json_members);
 *   GET /api/v1/desk/assistance: the Secretariat's desk (the table of web/assist_desk.c);
 *   GET and PUT /api/v1/desk/assistance/targets: the target days of each open stage.
 * The desk and the targets are private: Cache-Control no-store.
 */
#include <jansson.h>
#include <string.h>
#include <time.h>

#include "api/api.h"
#include "util/arena.h"
#include "util/jsonw.h"
#include "web/assist_stage_web.h"

int assist_stage_json_members(struct app *app, struct http_request *req, struct jsonw *w, long long request_id, struct err *e)
{
    struct assist_stage_now now;
    if (assist_stage_get(app->store, &req->arena, req->who, request_id, time(NULL), &now, e) < 0) return -1;
    jsonw_kint(w, "days_in_stage", now.days_in_stage);
    jsonw_key(w, "stages");
    jsonw_arr(w);
    for (size_t i = 0; i < now.nsteps; i++) {
        const struct assist_stage_step *x = &now.steps[i];
        jsonw_obj(w);
        jsonw_kstr(w, "stage", x->stage);
        jsonw_key(w, "reason");
        jsonw_str(w, x->reason);
        jsonw_kstr(w, "note", x->note);
        jsonw_key(w, "by");
        if (x->by_system) jsonw_null(w);
        else jsonw_str(w, x->by_msgid ? _(x->by) : x->by);
        jsonw_kbool(w, "by_system", x->by_system);
        jsonw_kstr(w, "at", x->at);
        jsonw_kbool(w, "synthetic", x->synthetic);
        jsonw_obj_end(w);
    }
    jsonw_arr_end(w);
    return 0;
}

/* A member of the body that must be a string or null when present; false after adding its error. */
static bool text_member(json_t *o, const char *key, const char **out, struct assist_field_error *fe, size_t *n)
{
    json_t *v = json_object_get(o, key);
    *out = NULL;
    if (!v || json_is_null(v)) return true;
    if (json_is_string(v)) { *out = json_string_value(v); return true; }
    fe[(*n)++] = (struct assist_field_error){ key, N_("Write it as text.") };
    return false;
}

void api_assist_stage_post(struct app *app, struct http_request *req, struct http_response *res)
{
    long long id = web_arg(req, 0)->n;
    json_t *o = api_body_object(req, res, false);
    if (!o) return;
    struct assist_field_error fe[8];
    size_t n = 0;
    const char *k;
    json_t *v;
    json_object_foreach(o, k, v) {
        if (strcmp(k, "stage") != 0 && strcmp(k, "reason") != 0 && strcmp(k, "note") != 0 && n < 5)
            fe[n++] = (struct assist_field_error){ arena_strdup(&req->arena, k), N_("This field is not known: check its name.") };
    }
    const char *stage, *reason, *note;
    text_member(o, "stage", &stage, fe, &n);
    text_member(o, "reason", &reason, fe, &n);
    text_member(o, "note", &note, fe, &n);
    if (!n && (!stage || !*stage)) fe[n++] = (struct assist_field_error){ "stage", N_("Choose a stage of the procedure.") };
    struct err e = ERR_NONE;
    int rc = n ? -1 : assist_stage_move(app->store, req->who, id, stage, reason && *reason ? reason : NULL, note, &e);
    if (rc == 0) {
        json_decref(o);
        api_assist_request_answer(app, req, res, id, 200);
        return;
    }
    if (!n && e.code == ERR_INVALID && e.arg) fe[n++] = (struct assist_field_error){ e.arg, e.msg };
    if (n) api_invalid(res, _("Check the move: some fields are not valid."), fe, n);
    else web_fail(req, res, &e);   /* 409 with the reason, 403, 404 */
    json_decref(o);
}

/* ---------------------------------------------------------------- the desk */

static void targets_json(struct jsonw *w, const struct assist_stage_target *t)
{
    jsonw_key(w, "targets");
    jsonw_arr(w);
    for (int i = 0; i < ASSIST_STAGE_OPEN_N; i++) {
        jsonw_obj(w);
        jsonw_kstr(w, "stage", assist_stage_id(t[i].stage));
        jsonw_kint(w, "days", t[i].days);
        jsonw_key(w, "updated_by");
        jsonw_str(w, t[i].updated_by);
        jsonw_key(w, "updated_at");
        jsonw_str(w, t[i].updated_at);
        jsonw_obj_end(w);
    }
    jsonw_arr_end(w);
}

void api_assist_desk(struct app *app, struct http_request *req, struct http_response *res)
{
    struct assist_desk_filter f;
    if (!assist_desk_filter_read(req, res, &f)) return;
    struct assist_desk d;
    struct err e = ERR_NONE;
    if (assist_desk_get(app->store, &req->arena, req->who, i18n_lang(), time(NULL), &f, &d, &e) < 0) {
        web_fail(req, res, &e);
        return;
    }
    api_begin(res, 200);
    http_response_header(res, "Cache-Control", "private, no-store");
    struct jsonw w;
    jsonw_init(&w, &res->body);
    jsonw_obj(&w);
    jsonw_key(&w, "counts");
    jsonw_obj(&w);
    for (int i = 0; i < ASSIST_STAGE_N; i++) jsonw_kint(&w, assist_stage_id((enum assist_stage)i), d.counts[i]);
    jsonw_obj_end(&w);
    jsonw_kint(&w, "overdue", d.overdue);
    targets_json(&w, d.targets);
    jsonw_key(&w, "requests");
    struct table t;
    assist_desk_table(&t, &d);
    table_write_json(&t, NULL, &res->body);
    table_cleanup(&t);
    buf_puts(&res->body, "}\n");
}

static void targets_answer(struct app *app, struct http_request *req, struct http_response *res)
{
    struct assist_stage_target t[ASSIST_STAGE_OPEN_N];
    struct err e = ERR_NONE;
    if (assist_stage_targets(app->store, &req->arena, t, &e) < 0) { web_fail(req, res, &e); return; }
    api_begin(res, 200);
    http_response_header(res, "Cache-Control", "private, no-store");
    struct jsonw w;
    jsonw_init(&w, &res->body);
    jsonw_obj(&w);
    targets_json(&w, t);
    jsonw_obj_end(&w);
    buf_putc(&res->body, '\n');
}

void api_assist_targets(struct app *app, struct http_request *req, struct http_response *res) { targets_answer(app, req, res); }

void api_assist_targets_put(struct app *app, struct http_request *req, struct http_response *res)
{
    json_t *o = api_body_object(req, res, false);
    if (!o) return;
    struct assist_stage_field_error fe[ASSIST_STAGE_N + 1];
    size_t nfe = 0;
    struct err e = ERR_NONE;
    int rc = assist_stage_targets_set(app->store, req->who, o, fe, &nfe, &e);
    if (rc < 0 && e.code == ERR_INVALID) {
        struct assist_field_error v[ASSIST_STAGE_N + 1];
        for (size_t i = 0; i < nfe; i++) v[i] = (struct assist_field_error){ arena_strdup(&req->arena, fe[i].field), fe[i].msg };
        api_invalid(res, web_err_message(req, &e), v, nfe);
    } else if (rc < 0) {
        web_fail(req, res, &e);
    }
    json_decref(o);
    if (rc == 0) targets_answer(app, req, res);
}
