/*
 * api/baselines: joint baseline assessments as JSON (README, "Baseline assessments";
 * openapi.json).  POST /api/v1/assistance/requests/{id}/baseline opens one (the Secretariat),
 * GET /api/v1/baselines/{id} reads one as the asker may see it (404 to anyone else), PATCH
 * changes it: each field only for who may set it (403 otherwise), every field's problem in
 * a 422 {"error": {"status": 422, "message", "errors": [{"field", "message"}]}}.
 */
#include <jansson.h>
#include <string.h>

#include "domain/baseline.h"
#include "api/api.h"
#include "util/arena.h"
#include "util/jsonw.h"
#include "web/baseline_web.h"

static void begin(struct http_response *res, int status, struct jsonw *w)
{
    api_begin(res, status);
    jsonw_init(w, &res->body);
}

static void end(struct http_response *res) { buf_putc(&res->body, '\n'); }

void api_baseline_json(struct jsonw *w, const struct baseline *b)
{
    jsonw_obj(w);
    jsonw_kint(w, "id", b->id);
    jsonw_key(w, "request");
    jsonw_obj(w);
    jsonw_kint(w, "id", b->request_id);
    jsonw_kstr(w, "title", b->request_title);
    jsonw_kstr(w, "state", b->iso3);
    jsonw_kstr(w, "state_name", b->state_name);
    jsonw_kstr(w, "status", b->request_status);
    jsonw_obj_end(w);
    jsonw_kstr(w, "status", b->status);
    jsonw_kbool(w, "public", b->is_public);
    jsonw_kstr(w, "note", b->note);
    jsonw_kstr(w, "summary", b->summary);
    jsonw_key(w, "parties");
    jsonw_arr(w);
    for (size_t i = 0; i < b->nparties; i++) {
        const struct baseline_party *p = &b->parties[i];
        jsonw_obj(w);
        jsonw_kint(w, "party", p->party);
        jsonw_kstr(w, "code", p->code);
        jsonw_kstr(w, "name", p->name);
        jsonw_kstr(w, "kind", p->kind);
        jsonw_kbool(w, "agrees_public", p->agrees_public);
        jsonw_obj_end(w);
    }
    jsonw_arr_end(w);
    jsonw_key(w, "findings");
    jsonw_arr(w);
    for (size_t i = 0; i < b->nfindings; i++) {
        const struct baseline_finding *f = &b->findings[i];
        jsonw_obj(w);
        jsonw_kint(w, "party", f->party);
        jsonw_kstr(w, "category", f->category);
        jsonw_kstr(w, "findings", f->findings);
        jsonw_kstr(w, "needs", f->needs);
        jsonw_kstr(w, "capacities", f->capacities);
        jsonw_kstr(w, "updated_at", f->updated_at);
        jsonw_obj_end(w);
    }
    jsonw_arr_end(w);
    jsonw_key(w, "may");
    jsonw_obj(w);
    jsonw_key(w, "side");
    if (b->side >= 0) jsonw_int(w, b->side);
    else jsonw_null(w);
    jsonw_kbool(w, "write", b->may_write && strcmp(b->status, "open") == 0);
    jsonw_kbool(w, "agree", b->may_write);
    jsonw_kbool(w, "complete", b->may_complete);
    jsonw_obj_end(w);
    jsonw_kbool(w, "synthetic", b->synthetic);
    jsonw_kstr(w, "created_at", b->created_at);
    jsonw_kstr(w, "completed_at", b->completed_at);
    jsonw_kstr(w, "updated_at", b->updated_at);
    jsonw_obj_end(w);
}

/* 422 with every field's problem (named as the API names them: "findings[2].needs"), or web_fail for other errors. */
static void fail(struct http_request *req, struct http_response *res, const struct err *e, const struct baseline_field_errors *errs)
{
    struct assist_field_errors v = { .n = 0 };
    for (size_t i = 0; e->code == ERR_INVALID && i < errs->n && v.n < sizeof v.v / sizeof v.v[0]; i++)
        v.v[v.n++] = (struct assist_field_error){ errs->v[i].field, errs->v[i].msg };
    api_fail(req, res, e, &v);
}

static void answer(struct app *app, struct http_request *req, struct http_response *res, long long id, int status)
{
    struct baseline b;
    struct err e = ERR_NONE;
    if (baseline_get(app->store, &req->arena, req->who, i18n_lang(), id, &b, &e) < 0) { web_fail(req, res, &e); return; }
    struct jsonw w;
    begin(res, status, &w);
    api_baseline_json(&w, &b);
    end(res);
}

void api_baseline(struct app *app, struct http_request *req, struct http_response *res)
{
    answer(app, req, res, web_arg(req, 0)->n, 200);
}

void api_baseline_post(struct app *app, struct http_request *req, struct http_response *res)
{
    json_t *o = api_body_object(req, res, false);
    if (!o) return;
    struct baseline_field_errors errs = { .n = 0 };
    const char *k;
    json_t *v;
    json_object_foreach(o, k, v) {
        if (strcmp(k, "partners") != 0 && strcmp(k, "note") != 0 && errs.n < sizeof errs.v / sizeof errs.v[0]) {
            snprintf(errs.v[errs.n].field, sizeof errs.v[0].field, "%s", k);
            errs.v[errs.n++].msg = N_("This field is not known: check its name.");
        }
    }
    json_t *note = json_object_get(o, "note");
    struct err e = ERR_NONE;
    if (note && !json_is_null(note) && !json_is_string(note) && errs.n < sizeof errs.v / sizeof errs.v[0]) {
        snprintf(errs.v[errs.n].field, sizeof errs.v[0].field, "note");
        errs.v[errs.n++].msg = N_("Write the note as text.");
    }
    long long id = baseline_open(app->store, req->who, web_arg(req, 0)->n, json_object_get(o, "partners"), json_string_value(note),
                                 &errs, &e);
    json_decref(o);
    if (id < 0) { fail(req, res, &e, &errs); return; }
    http_response_header(res, "Location", arena_printf(&req->arena, "/api/v1/baselines/%lld", id));
    answer(app, req, res, id, 201);
}

void api_baseline_patch(struct app *app, struct http_request *req, struct http_response *res)
{
    long long id = web_arg(req, 0)->n;
    json_t *o = api_body_object(req, res, false);
    if (!o) return;
    struct baseline_field_errors errs;
    struct err e = ERR_NONE;
    int rc = baseline_update(app->store, req->who, id, o, &errs, &e);
    json_decref(o);
    if (rc < 0) { fail(req, res, &e, &errs); return; }
    answer(app, req, res, id, 200);
}
