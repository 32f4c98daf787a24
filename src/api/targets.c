/*
 * api/targets: voluntary targets as JSON under /api/v1/targets (README, "API"; openapi.json).
 *
 * The list is the rows of /targets.json (one table description, web/targets.c) under
 * "targets" with "count".  One target adds its path: "points" (recorded and reported, oldest
 * first, each with its source) and "paragraphs" as a list.  Writing sends JSON objects with the
 * fields of the domain (domain/target.h); a refused field answers 422 with every problem, in the
 * shape of the assistance API:
 * {"error": {"status": 422, "message": "...", "errors": [{"field": "...", "message": "..."}]}}.
 */
#include <jansson.h>
#include <math.h>
#include <string.h>

#include "api/api.h"
#include "util/arena.h"
#include "util/jsonw.h"
#include "web/targets.h"

static void begin(struct http_response *res, int status, struct jsonw *w)
{
    api_begin(res, status);
    jsonw_init(w, &res->body);
}

void api_targets(struct app *app, struct http_request *req, struct http_response *res)
{
    struct target_filter f = targets_filter(req);
    struct target *v;
    size_t n;
    struct err e = ERR_NONE;
    if (target_list(app->store, &req->arena, req->who, i18n_lang(), &f, &v, &n, &e) < 0) { web_fail(req, res, &e); return; }
    struct table t;
    targets_table(&t, v, n);
    api_begin(res, 200);
    table_write_json(&t, "targets", &res->body);
    buf_putc(&res->body, '\n');
    table_cleanup(&t);
}

static void number_or_null(struct jsonw *w, const char *key, bool has, double v)
{
    jsonw_key(w, key);
    if (has) jsonw_real(w, v);
    else jsonw_null(w);
}

static void target_answer(struct app *app, struct http_request *req, struct http_response *res, long long id, int status)
{
    struct target t;
    struct err e = ERR_NONE;
    if (target_get(app->store, &req->arena, req->who, i18n_lang(), id, &t, &e) < 0) { web_fail(req, res, &e); return; }
    struct jsonw w;
    begin(res, status, &w);
    jsonw_obj(&w);
    jsonw_kint(&w, "id", t.id);
    jsonw_kstr(&w, "state", t.iso3);
    jsonw_kstr(&w, "region", t.region);
    jsonw_kstr(&w, "place", t.place_name);
    jsonw_kstr(&w, "title", t.title);
    jsonw_key(&w, "paragraphs");
    jsonw_arr(&w);
    for (size_t i = 0; i < t.paragraphs.n; i++) jsonw_str(&w, t.paragraphs.v[i]);
    jsonw_arr_end(&w);
    jsonw_kstr(&w, "indicator", t.indicator);
    jsonw_kstr(&w, "question", t.question);
    jsonw_kstr(&w, "unit", t.unit);
    number_or_null(&w, "baseline_value", t.has_baseline, t.baseline_value);
    jsonw_key(&w, "baseline_year");
    if (t.baseline_year) jsonw_int(&w, t.baseline_year);
    else jsonw_null(&w);
    jsonw_key(&w, "target_value");
    jsonw_real(&w, t.target_value);
    jsonw_kint(&w, "target_year", t.target_year);
    jsonw_kstr(&w, "notes", t.notes);
    jsonw_kstr(&w, "status", target_status_name(t.status));
    jsonw_key(&w, "points");
    jsonw_arr(&w);
    for (size_t i = 0; i < t.npoints; i++) {
        const struct target_point *p = &t.points[i];
        jsonw_obj(&w);
        jsonw_kint(&w, "year", p->year);
        jsonw_kstr(&w, "date", p->date);
        jsonw_key(&w, "value");
        jsonw_real(&w, p->value);
        jsonw_kstr(&w, "note", p->note);
        jsonw_kstr(&w, "source", p->source == TARGET_REPORT ? "report" : "recorded");
        if (p->source == TARGET_REPORT) {
            jsonw_kint(&w, "report", p->report);
            jsonw_kint(&w, "version", p->version);
        }
        jsonw_kbool(&w, "synthetic", p->synthetic);
        jsonw_obj_end(&w);
    }
    jsonw_arr_end(&w);
    jsonw_kbool(&w, "synthetic", t.synthetic);
    jsonw_kstr(&w, "created_at", t.created_at);
    jsonw_kstr(&w, "updated_at", t.updated_at);
    jsonw_obj_end(&w);
    buf_putc(&res->body, '\n');
}

void api_target(struct app *app, struct http_request *req, struct http_response *res)
{
    target_answer(app, req, res, web_arg(req, 0)->n, 200);
}

void api_targets_post(struct app *app, struct http_request *req, struct http_response *res)
{
    json_t *o = api_body_object(req, res, false);
    if (!o) return;
    struct assist_field_errors errs;
    struct err e = ERR_NONE;
    long long id = target_create(app->store, req->who, o, &errs, &e);
    if (id < 0) api_fail(req, res, &e, &errs);   /* before o goes: a field's name may be one of its keys */
    json_decref(o);
    if (id < 0) return;
    http_response_header(res, "Location", arena_printf(&req->arena, "/api/v1/targets/%lld", id));
    target_answer(app, req, res, id, 201);
}

void api_target_progress_post(struct app *app, struct http_request *req, struct http_response *res)
{
    long long id = web_arg(req, 0)->n;
    json_t *o = api_body_object(req, res, false);
    if (!o) return;
    struct assist_field_errors errs;
    struct err e = ERR_NONE;
    long long pid = target_progress_add(app->store, req->who, id, o, &errs, &e);
    if (pid < 0) api_fail(req, res, &e, &errs);
    json_decref(o);
    if (pid < 0) return;
    http_response_header(res, "Location", arena_printf(&req->arena, "/api/v1/targets/%lld", id));
    target_answer(app, req, res, id, 201);
}
