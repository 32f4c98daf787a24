/*
 * api/cycles: the reporting cycles as JSON.  GET /api/v1/cycles gives every cycle with the
 * status it has today (domain/cycle.c decides); the Secretariat opens a cycle with
 * POST /api/v1/cycles and changes its dates with PATCH /api/v1/cycles/{year}.  A refused
 * change answers 400 with every field's problem at once:
 * {"error": {"status": 400, "message": "...", "fields": [{"field": "deadline", "message": "..."}]}}.
 * A body with a member the request does not take (a misspelt field, "title"; PATCH: a "meeting"
 * that is not an object) is refused before that, as every resource refuses one (input_unknown,
 * api_invalid): 422 {"error": {"status": 422, "message": "...", "errors": [{"field": "bogus" or
 * "meeting.bogus", "message": "..."}]}}, so that nothing sent is silently dropped.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "domain/cycle.h"
#include "domain/input.h"
#include "util/arena.h"
#include "util/jsonw.h"
#include "web/web.h"

/* One cycle as the API shows it (the list's items, and the answer to a change). */
static void cycle_json(struct jsonw *w, const struct cycle *c)
{
    jsonw_obj(w);
    jsonw_kint(w, "year", c->year);
    jsonw_kstr(w, "status", cycle_status_id(c->status));
    jsonw_kstr(w, "opens", c->opens);
    jsonw_kstr(w, "deadline", c->deadline);
    jsonw_key(w, "template");
    if (c->template_year) jsonw_int(w, c->template_year);
    else jsonw_null(w);
    jsonw_key(w, "meeting");
    if (c->meeting) {
        jsonw_obj(w);
        jsonw_kstr(w, "code", c->meeting);
        jsonw_kstr(w, "kind", c->meeting_kind);
        jsonw_kstr(w, "name", c->meeting_name);
        jsonw_kstr(w, "starts", c->starts);
        jsonw_kstr(w, "ends", c->ends);
        jsonw_obj_end(w);
    } else {
        jsonw_null(w);
    }
    jsonw_obj_end(w);
}

void api_cycles(struct app *app, struct http_request *req, struct http_response *res)
{
    struct cycle *v;
    size_t n;
    struct err e = ERR_NONE;
    if (cycle_list(app->store, &req->arena, &v, &n, &e) < 0) { web_fail(req, res, &e); return; }
    const struct cycle *cur = cycle_current(v, n);
    char today[11];
    cycle_today(today);
    api_begin(res, 200);
    struct jsonw w;
    jsonw_init(&w, &res->body);
    jsonw_obj(&w);
    jsonw_kstr(&w, "today", today);
    jsonw_key(&w, "current");
    if (cur) jsonw_int(&w, cur->year);
    else jsonw_null(&w);
    jsonw_key(&w, "cycles");
    jsonw_arr(&w);
    for (size_t i = 0; i < n; i++) cycle_json(&w, &v[i]);
    jsonw_arr_end(&w);
    jsonw_obj_end(&w);
    buf_putc(&res->body, '\n');
}

/* A member as text: a string as it is, a whole number written out ("year": 2028); NULL when absent.
   Anything else is kept as "?" so that the domain reports the field as malformed. */
static const char *text_of(struct http_request *req, json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v)) return NULL;
    if (json_is_string(v)) return arena_strdup(&req->arena, json_string_value(v));
    if (json_is_integer(v)) return arena_printf(&req->arena, "%lld", (long long)json_integer_value(v));
    return "?";
}

/* The members each write takes: POST's meeting is a code or {code, name, starts, ends}; PATCH's {starts, ends}. */
static const char *const POST_FIELDS[] = { "year", "meeting", "opens", "deadline", NULL };
static const char *const POST_MEETING_FIELDS[] = { "code", "name", "starts", "ends", NULL };
static const char *const PATCH_FIELDS[] = { "opens", "deadline", "meeting", NULL };
static const char *const PATCH_MEETING_FIELDS[] = { "starts", "ends", NULL };

/* Does body o hold only the members known (and a meeting object only meeting_known; a meeting that is not an object
   only when code_ok: a code, which the domain checks)?  Else answer 422 naming each other member (one of the meeting
   as "meeting.name") and false.  Call it before o goes: the names are its keys. */
static bool only_known(struct http_request *req, struct http_response *res, json_t *o, const char *const *known,
                       const char *const *meeting_known, bool code_ok)
{
    struct assist_field_errors errs = { .n = 0 };
    input_unknown(o, known, &errs);
    json_t *m = json_object_get(o, "meeting");
    if (json_is_object(m)) {
        size_t from = errs.n;
        input_unknown(m, meeting_known, &errs);
        for (size_t i = from; i < errs.n; i++) errs.v[i].field = arena_printf(&req->arena, "meeting.%s", errs.v[i].field);
    } else if (m && !json_is_null(m) && !code_ok) {
        input_error(&errs, "meeting", N_("Send the meeting's new dates as an object: starts, ends."));
    }
    if (!errs.n) return true;
    struct err e = ERR_NONE;
    input_invalid(&errs, &e);
    api_fail(req, res, &e, &errs);
    return false;
}

/* 400 with a problem per field, in the asker's language. */
static void fields_fail(struct http_request *req, struct http_response *res, const struct err *e,
                        const struct cycle_problems *pb)
{
    api_begin(res, 400);
    struct jsonw w;
    jsonw_init(&w, &res->body);
    jsonw_obj(&w);
    jsonw_key(&w, "error");
    jsonw_obj(&w);
    jsonw_kint(&w, "status", 400);
    jsonw_kstr(&w, "message", web_err_message(req, e));
    jsonw_key(&w, "fields");
    jsonw_arr(&w);
    for (int f = 0; f < CYCLE_NFIELDS; f++) {
        if (!pb->msg[f]) continue;
        struct err fe = { ERR_INVALID, pb->msg[f], pb->arg[f] };
        jsonw_obj(&w);
        jsonw_kstr(&w, "field", CYCLE_FIELD_ID[f]);
        jsonw_kstr(&w, "message", web_err_message(req, &fe));
        jsonw_obj_end(&w);
    }
    jsonw_arr_end(&w);
    jsonw_obj_end(&w);
    jsonw_obj_end(&w);
    buf_putc(&res->body, '\n');
}

static void answer(struct http_request *req, struct http_response *res, int status, const struct cycle *c,
                   const struct err *e, const struct cycle_problems *pb, bool ok)
{
    if (!ok) {
        if (e->code == ERR_INVALID && pb->n) fields_fail(req, res, e, pb);
        else web_fail(req, res, e);
        return;
    }
    api_begin(res, status);
    struct jsonw w;
    jsonw_init(&w, &res->body);
    cycle_json(&w, c);
    buf_putc(&res->body, '\n');
}

void api_cycles_post(struct app *app, struct http_request *req, struct http_response *res)
{
    json_t *o = api_body_object(req, res, false);
    if (!o) return;
    if (!only_known(req, res, o, POST_FIELDS, POST_MEETING_FIELDS, true)) { json_decref(o); return; }
    struct cycle_new in = { text_of(req, o, "year"), NULL, NULL, NULL, NULL, text_of(req, o, "opens"),
                            text_of(req, o, "deadline") };
    json_t *m = json_object_get(o, "meeting");
    if (json_is_object(m)) {
        in.meeting = text_of(req, m, "code");
        in.meeting_name = text_of(req, m, "name");
        in.starts = text_of(req, m, "starts");
        in.ends = text_of(req, m, "ends");
    } else {
        in.meeting = text_of(req, o, "meeting");
    }
    json_decref(o);
    struct cycle c;
    struct cycle_problems pb;
    struct err e = ERR_NONE;
    bool ok = cycle_open(app->store, &req->arena, req->who, &in, true, &c, &pb, &e) == 0;
    if (ok) http_response_header(res, "Location", arena_printf(&req->arena, "/api/v1/cycles/%d", c.year));
    answer(req, res, 201, &c, &e, &pb, ok);
}

void api_cycle_patch(struct app *app, struct http_request *req, struct http_response *res)
{
    int year = (int)web_arg(req, 0)->n;
    json_t *o = api_body_object(req, res, false);
    if (!o) return;
    if (!only_known(req, res, o, PATCH_FIELDS, PATCH_MEETING_FIELDS, false)) { json_decref(o); return; }
    struct cycle_dates in = { text_of(req, o, "opens"), text_of(req, o, "deadline"), NULL, NULL };
    json_t *m = json_object_get(o, "meeting");
    if (json_is_object(m)) {
        in.starts = text_of(req, m, "starts");
        in.ends = text_of(req, m, "ends");
    }
    json_decref(o);
    struct cycle c;
    struct cycle_problems pb;
    struct err e = ERR_NONE;
    bool ok = cycle_change(app->store, &req->arena, req->who, year, &in, true, &c, &pb, &e) == 0;
    answer(req, res, 200, &c, &e, &pb, ok);
}
