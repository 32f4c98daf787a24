/*
 * api/projects: projects and their progress reports as JSON, under /api/v1/projects (README,
 * "Projects"; openapi.json).
 *
 * Reading is public: a project as domain/project decides the asker may see it (the financial
 * detail of its reports only to its parties and the Secretariat, unless the parties made it
 * public).  Writing sends JSON objects; the domain checks them and decides who may.  A refused
 * field answers 422 with every field's problem, as api/assistance.c does:
 * {"error": {"status": 422, "message": "...", "errors": [{"field": "...", "message": "..."}]}}.
 * A move of the procedure that a request's stage does not allow is not an error: the answer
 * lists it in "not_moved" ([{"request": id, "message": "..."}]).
 */
#include <jansson.h>
#include <string.h>
#include <time.h>

#include "api/api.h"
#include "util/arena.h"
#include "util/jsonw.h"
#include "web/project_web.h"

static void begin(struct http_response *res, int status, struct jsonw *w)
{
    api_begin(res, status);
    jsonw_init(w, &res->body);
}

static void end(struct http_response *res) { buf_putc(&res->body, '\n'); }

static void amount(struct jsonw *w, const char *key, bool has, double v)
{
    jsonw_key(w, key);
    if (has) jsonw_real(w, v);
    else jsonw_null(w);
}

static void money(struct jsonw *w, const char *key, const struct project_money *m)
{
    jsonw_key(w, key);
    if (!m->has) { jsonw_null(w); return; }
    jsonw_obj(w);
    amount(w, "committed", true, m->committed);
    amount(w, "disbursed", true, m->disbursed);
    amount(w, "spent", true, m->spent);
    jsonw_obj_end(w);
}

static const char *party_code(const struct project *p, long long party)
{
    for (size_t k = 0; k < p->nparties; k++)
        if (p->parties[k].id == party) return p->parties[k].code;
    return NULL;
}

static const char *const DUE_STATE[] = { "not_yet", "reported", "due", "late" };

/* A project; full: with its periods and reports. */
static void project_json(struct jsonw *w, const struct project *p, bool full, const struct project_moves *moves)
{
    jsonw_obj(w);
    jsonw_kint(w, "id", p->id);
    jsonw_kstr(w, "title", p->title);
    jsonw_kstr(w, "state", p->iso3);
    jsonw_kstr(w, "state_name", p->state_name);
    jsonw_kstr(w, "description", p->description);
    jsonw_kstr(w, "status", p->status);
    amount(w, "budget", p->has_budget, p->budget);
    jsonw_kstr(w, "currency", p->currency);
    jsonw_kstr(w, "period_start", p->period_start);
    jsonw_kstr(w, "period_end", p->period_end);
    jsonw_kstr(w, "agency", p->agency);
    jsonw_kstr(w, "schedule", p->schedule);
    jsonw_kbool(w, "financial_public", p->financial_public);
    jsonw_key(w, "partners");
    jsonw_arr(w);
    for (size_t k = 1; k < p->nparties; k++) {
        jsonw_obj(w);
        jsonw_kstr(w, "code", p->parties[k].code);
        jsonw_kstr(w, "name", p->parties[k].name);
        jsonw_kstr(w, "kind", p->parties[k].kind);
        jsonw_obj_end(w);
    }
    jsonw_arr_end(w);
    jsonw_key(w, "requests");
    jsonw_arr(w);
    for (size_t i = 0; i < p->nrequests; i++) {
        jsonw_obj(w);
        jsonw_kint(w, "id", p->requests[i].id);
        jsonw_kstr(w, "title", p->requests[i].title);
        jsonw_kstr(w, "category", p->requests[i].category);
        jsonw_kstr(w, "kind", p->requests[i].kind);
        jsonw_kstr(w, "status", p->requests[i].status);
        jsonw_kstr(w, "stage", p->requests[i].stage);
        jsonw_obj_end(w);
    }
    jsonw_arr_end(w);
    jsonw_key(w, "categories");
    jsonw_arr(w);
    for (size_t i = 0; i < p->categories.n; i++) jsonw_str(w, p->categories.v[i]);
    jsonw_arr_end(w);
    jsonw_kint(w, "reports_count", (long long)p->nreports);
    jsonw_kstr(w, "latest_activities", p->latest_activities);
    jsonw_kstr(w, "latest_results", p->latest_results);
    jsonw_kint(w, "late", p->late);
    jsonw_kbool(w, "finance_visible", p->finance_visible);
    money(w, "totals", &p->total);
    jsonw_kbool(w, "over_budget", p->over_budget);
    jsonw_kbool(w, "may_report", p->may_report);
    jsonw_kbool(w, "may_complete", p->may_complete);
    jsonw_kbool(w, "synthetic", p->synthetic);
    jsonw_kstr(w, "created_at", p->created_at);
    jsonw_kstr(w, "completed_at", p->completed_at);
    if (full) {
        jsonw_key(w, "periods");
        jsonw_arr(w);
        for (size_t i = 0; i < p->nperiods; i++) {
            const struct project_period *q = &p->periods[i];
            jsonw_obj(w);
            jsonw_kstr(w, "start", q->start);
            jsonw_kstr(w, "end", q->end);
            jsonw_kstr(w, "due", q->due);
            jsonw_key(w, "parties");
            jsonw_obj(w);
            for (size_t k = 0; k < p->nparties; k++) jsonw_kstr(w, p->parties[k].code, DUE_STATE[q->state[k]]);
            jsonw_obj_end(w);
            money(w, "budget_line", &q->line);
            jsonw_obj_end(w);
        }
        jsonw_arr_end(w);
        jsonw_key(w, "reports");
        jsonw_arr(w);
        for (size_t i = 0; i < p->nreports; i++) {
            const struct project_report *r = &p->reports[i];
            jsonw_obj(w);
            jsonw_kint(w, "id", r->id);
            jsonw_kstr(w, "party", party_code(p, r->party));
            jsonw_kstr(w, "party_name", r->party_name);
            jsonw_kstr(w, "period_end", r->period_end);
            jsonw_kstr(w, "activities", r->activities);
            jsonw_kstr(w, "results", r->results);
            jsonw_key(w, "paragraphs");
            jsonw_arr(w);
            for (size_t k = 0; k < r->paragraphs.n; k++) jsonw_str(w, r->paragraphs.v[k]);
            jsonw_arr_end(w);
            if (p->finance_visible) {
                amount(w, "committed", r->has_committed, r->committed);
                amount(w, "disbursed", r->has_disbursed, r->disbursed);
                amount(w, "spent", r->has_spent, r->spent);
            }
            jsonw_kbool(w, "corrected", r->corrected);
            jsonw_kbool(w, "synthetic", r->synthetic);
            jsonw_kstr(w, "created_at", r->created_at);
            jsonw_obj_end(w);
        }
        jsonw_arr_end(w);
    }
    if (moves) {
        jsonw_key(w, "not_moved");
        jsonw_arr(w);
        for (size_t i = 0; i < moves->n; i++) {
            jsonw_obj(w);
            jsonw_kint(w, "request", moves->v[i].request);
            jsonw_kstr(w, "message", _(moves->v[i].why));
            jsonw_obj_end(w);
        }
        jsonw_arr_end(w);
    }
    jsonw_obj_end(w);
}

static const char *const STATUSES[] = { "active", "completed", "cancelled", NULL };

void api_projects(struct app *app, struct http_request *req, struct http_response *res)
{
    struct project_filter f = { .iso3 = web_q(req, "state")->s, .status = web_q(req, "status")->s,
                                .category = web_q(req, "category")->s };
    if (f.status) {
        bool ok = false;
        for (size_t i = 0; STATUSES[i]; i++) ok |= strcmp(STATUSES[i], f.status) == 0;
        if (!ok) { web_error(req, res, 400, _("status: active, completed or cancelled")); return; }
    }
    if (f.category && !assist_category_known(f.category)) {
        web_error(req, res, 400, _("category: the id of a category of the taxonomy, such as stockpile"));
        return;
    }
    const char *partner = web_q(req, "partner")->s;
    if (partner) {
        f.partner_id = assist_partner_by_code(app->store, partner);
        if (f.partner_id < 0) { web_fail(req, res, &(struct err){ ERR_STORE, NULL, NULL }); return; }
        if (f.partner_id == 0) { web_error(req, res, 404, _("No partner has this code.")); return; }
    }
    struct project *v;
    size_t n;
    struct err e = ERR_NONE;
    if (project_list(app->store, &req->arena, req->who, i18n_lang(), project_now(), &f, &v, &n, &e) < 0) { web_fail(req, res, &e); return; }
    struct jsonw w;
    begin(res, 200, &w);
    jsonw_obj(&w);
    jsonw_key(&w, "projects");
    jsonw_arr(&w);
    for (size_t i = 0; i < n; i++) project_json(&w, &v[i], false, NULL);
    jsonw_arr_end(&w);
    jsonw_kint(&w, "count", (long long)n);
    jsonw_obj_end(&w);
    end(res);
}

static void project_answer(struct app *app, struct http_request *req, struct http_response *res, long long id, int status,
                           const struct project_moves *moves)
{
    struct project p;
    struct err e = ERR_NONE;
    if (project_get(app->store, &req->arena, req->who, i18n_lang(), project_now(), id, &p, &e) < 0) { web_fail(req, res, &e); return; }
    struct jsonw w;
    begin(res, status, &w);
    project_json(&w, &p, true, moves);
    end(res);
}

void api_project(struct app *app, struct http_request *req, struct http_response *res)
{
    project_answer(app, req, res, web_arg(req, 0)->n, 200, NULL);
}

void api_projects_post(struct app *app, struct http_request *req, struct http_response *res)
{
    json_t *o = api_body_object(req, res, false);
    if (!o) return;
    struct assist_field_errors errs;
    struct project_moves moves;
    struct err e = ERR_NONE;
    long long id = project_create(app->store, req->who, o, &errs, &moves, &e);
    if (id < 0) api_fail(req, res, &e, &errs);   /* before o goes: a field's name may be one of its keys */
    json_decref(o);
    if (id < 0) return;
    http_response_header(res, "Location", arena_printf(&req->arena, "/api/v1/projects/%lld", id));
    project_answer(app, req, res, id, 201, &moves);
}

void api_project_reports_post(struct app *app, struct http_request *req, struct http_response *res)
{
    long long id = web_arg(req, 0)->n;
    json_t *o = api_body_object(req, res, false);
    if (!o) return;
    struct assist_field_errors errs;
    struct err e = ERR_NONE;
    long long rid = project_report_add(app->store, req->who, id, project_now(), o, &errs, &e);
    if (rid < 0) api_fail(req, res, &e, &errs);
    json_decref(o);
    if (rid < 0) return;
    http_response_header(res, "Location", arena_printf(&req->arena, "/api/v1/projects/%lld", id));
    project_answer(app, req, res, id, 201, NULL);
}

void api_project_complete(struct app *app, struct http_request *req, struct http_response *res)
{
    long long id = web_arg(req, 0)->n;
    json_t *o = api_body_object(req, res, true);
    if (!o) return;
    const char *k;
    json_t *v;
    struct assist_field_errors errs = { .n = 0 };
    json_object_foreach(o, k, v) {
        if (strcmp(k, "note") != 0 && errs.n < sizeof errs.v / sizeof errs.v[0])
            errs.v[errs.n++] = (struct assist_field_error){ arena_strdup(&req->arena, k), N_("This field is not known: check its name.") };
    }
    json_t *note = json_object_get(o, "note");
    if (note && !json_is_null(note) && !json_is_string(note) && errs.n < sizeof errs.v / sizeof errs.v[0])
        errs.v[errs.n++] = (struct assist_field_error){ "note", N_("Write the note as text.") };
    struct err e = ERR_NONE;
    if (errs.n) {
        err_set(&e, ERR_INVALID, errs.v[0].msg, NULL);
        json_decref(o);
        api_fail(req, res, &e, &errs);
        return;
    }
    const char *text = json_is_string(note) ? arena_strdup(&req->arena, json_string_value(note)) : NULL;
    json_decref(o);
    struct project_moves moves;
    if (project_complete(app->store, req->who, id, text, &moves, &e) < 0) { api_fail(req, res, &e, NULL); return; }
    project_answer(app, req, res, id, 200, &moves);
}
