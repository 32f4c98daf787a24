/* reports: the JSON API for templates and national reports. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/report.h"
#include "domain/cycle.h"
#include "domain/template.h"
#include "util/jsonw.h"
#include "web/web.h"
#include "../store/store.h"   /* TODO rv2: until this page reads through the domain's report_view */

/* Send a jansson value as the answer (our values are built by us; jansson escapes strings). */
static void send_json_cached(struct http_response *res, int status, json_t *v, bool store)
{
    api_begin(res, status);
    if (!store) http_response_header(res, "Cache-Control", "no-store");
    char *s = json_dumps(v, JSON_COMPACT | JSON_ENSURE_ASCII | JSON_ENCODE_ANY);
    /* '<' only occurs inside strings in JSON: escape it, as our own writer does, so no answer reads as markup. */
    for (const char *p = s ? s : "null"; *p; p++) {
        if (*p == '<') buf_puts(&res->body, "\\u003c");
        else buf_putc(&res->body, *p);
    }
    buf_putc(&res->body, '\n');
    free(s);
}

static void send_json(struct http_response *res, int status, json_t *v)
{
    send_json_cached(res, status, v, false);
}

static bool parse_int(const char *s, long long lo, long long hi, long long *out)
{
    if (!s || !*s || strlen(s) > 18) return false;
    char *end;
    long long v = strtoll(s, &end, 10);
    if (*end || v < lo || v > hi) return false;
    *out = v;
    return true;
}

void api_template(struct app *app, struct http_request *req, struct http_response *res)
{
    (void)app;
    long long cycle;
    if (!parse_int(req->args[0], 1990, 2100, &cycle)) { web_error(req, res, 400, "cycle: a year such as 2026"); return; }
    const struct template *t = template_get((int)cycle);
    if (!t) { web_error(req, res, 404, "There is no template for this cycle (templates: 2010, 2012, ..., 2026, every second year)."); return; }
    json_t *out = json_deep_copy(t->root);
    json_object_set(out, "taxonomy", template_taxonomy());
    send_json_cached(res, 200, out, true);   /* templates are public */
    json_decref(out);
}

struct list_ctx { json_t *arr; const struct principal *who; const struct cycle *cycles; size_t ncycles; };

/* late: submitted after the cycle's deadline (domain/cycle.c). */
static json_t *report_meta(const struct store_report *r, bool draft_view, bool late)
{
    return json_pack("{s:I, s:s, s:i, s:s, s:i, s:s, s:b, s:s, s:s?, s:b}", "id", (json_int_t)r->id, "state", r->state_iso3,
                     "cycle", r->cycle, "status", draft_view ? r->status : "published", "version", r->version,
                     "language", r->language, "synthetic", r->synthetic, "updated_at", r->updated_at,
                     "submitted_at", r->submitted_at, "late", late);
}

static int list_cb(const struct store_report *r, void *ctx)
{
    struct list_ctx *c = ctx;
    bool draft = report_may_see_draft(c->who, r->state_iso3);
    if (!draft && r->version == 0) return 0;   /* never show the public an unpublished report */
    bool late = cycle_report_late(cycle_find(c->cycles, c->ncycles, r->cycle), r->submitted_at);
    json_array_append_new(c->arr, report_meta(r, draft, late));
    return 0;
}

void api_reports(struct app *app, struct http_request *req, struct http_response *res)
{
    const char *state = http_query(req, "state"), *cyc = http_query(req, "cycle"), *status = http_query(req, "status");
    char iso3[4] = "";
    long long cycle = 0;
    if (state && *state) {
        int st = web_state_code(app, state, iso3);
        if (st) { web_error(req, res, st == 404 ? 404 : 400, "state: the ISO 3166 alpha-3 code of a State"); return; }
    }
    if (cyc && *cyc && !parse_int(cyc, 1990, 2100, &cycle)) { web_error(req, res, 400, "cycle: a year such as 2026"); return; }
    if (status && *status && strcmp(status, "draft") && strcmp(status, "submitted") && strcmp(status, "returned") &&
        strcmp(status, "published")) {
        web_error(req, res, 400, "status: draft, submitted, returned or published");
        return;
    }
    bool want_published = status && strcmp(status, "published") == 0;
    struct list_ctx c = { json_array(), req->who, NULL, 0 };
    struct cycle *cycles;
    struct err e = ERR_NONE;
    if (cycle_list(app->store, &req->arena, &cycles, &c.ncycles, &e) < 0) { json_decref(c.arr); web_fail(req, res, &e); return; }
    c.cycles = cycles;
    store_reports_each(app->store, iso3[0] ? iso3 : NULL, (int)cycle,
                       status && *status && !want_published ? status : NULL, want_published, list_cb, &c);
    json_t *out = json_pack("{s:o, s:I}", "reports", c.arr, "count", (json_int_t)json_array_size(c.arr));
    send_json(res, 200, out);
    json_decref(out);
}

struct one { bool found; struct store_report r; char iso3[4], status[16], language[4], updated[32], submitted[32]; };

static int one_cb(const struct store_report *r, void *ctx)
{
    struct one *o = ctx;
    o->found = true;
    o->r = *r;
    snprintf(o->iso3, sizeof o->iso3, "%s", r->state_iso3);
    snprintf(o->status, sizeof o->status, "%s", r->status);
    snprintf(o->language, sizeof o->language, "%s", r->language);
    snprintf(o->updated, sizeof o->updated, "%s", r->updated_at ? r->updated_at : "");
    snprintf(o->submitted, sizeof o->submitted, "%s", r->submitted_at ? r->submitted_at : "");
    o->r.state_iso3 = o->iso3; o->r.status = o->status; o->r.language = o->language;
    o->r.updated_at = o->updated; o->r.submitted_at = o->submitted[0] ? o->submitted : NULL;
    return 0;
}

/* Find a report the asker may see; answers 404 for anything else (a draft's existence is not disclosed). */
static bool load_visible(struct app *app, struct http_request *req, struct http_response *res, struct one *o, bool *draft)
{
    long long id;
    if (!parse_int(req->args[0], 1, 1LL << 53, &id)) { web_error(req, res, 400, "A report is named by its number."); return false; }
    memset(o, 0, sizeof *o);
    store_report_get(app->store, id, false, one_cb, o);
    *draft = o->found && report_may_see_draft(req->who, o->iso3);
    if (!o->found || (!*draft && o->r.version == 0)) { web_error(req, res, 404, "There is no such report."); return false; }
    return true;
}

struct versions_ctx { json_t *arr; json_t *prev; json_t *last; };

static int versions_cb(const struct store_version *v, void *ctx)
{
    struct versions_ctx *c = ctx;
    json_t *answers = json_loads(v->answers, 0, NULL);
    if (!answers) answers = json_object();
    json_t *item = json_pack("{s:i, s:s, s:s?}", "version", v->version, "published_at", v->published_at, "note", v->note);
    if (c->prev) json_object_set_new(item, "changes", report_diff(c->prev, answers));
    json_array_append_new(c->arr, item);
    json_decref(c->prev);
    c->prev = answers;
    json_decref(c->last);
    c->last = json_incref(answers);
    return 0;
}

static int events_cb(const struct store_event *e, void *ctx)
{
    json_array_append_new(ctx, json_pack("{s:s, s:s, s:s, s:s?}", "at", e->at, "action", e->action, "by", e->actor,
                                         "comment", e->comment));
    return 0;
}

void api_report(struct app *app, struct http_request *req, struct http_response *res)
{
    struct one o;
    bool draft;
    if (!load_visible(app, req, res, &o, &draft)) return;
    json_t *out = report_meta(&o.r, draft, cycle_submission_late(app->store, o.r.cycle, o.r.submitted_at));
    struct versions_ctx vc = { json_array(), NULL, NULL };
    store_report_versions_each(app->store, o.r.id, versions_cb, &vc);
    json_object_set_new(out, "versions", vc.arr);
    if (draft) {
        json_t *revs = NULL;
        json_object_set_new(out, "answers", report_answers(app->store, o.r.id, &revs));
        json_object_set_new(out, "revs", revs);
        json_t *ev = json_array();
        store_report_events_each(app->store, o.r.id, events_cb, ev);
        json_object_set_new(out, "events", ev);
    } else {
        json_object_set_new(out, "answers", vc.last ? json_incref(vc.last) : json_object());
    }
    json_decref(vc.prev);
    json_decref(vc.last);
    send_json(res, 200, out);
    json_decref(out);
}

/* Parse a JSON object body; answers 415/400 itself. */
static json_t *body_object(struct http_request *req, struct http_response *res)
{
    const char *ct = http_request_header(req, "Content-Type");
    if (!ct || strncmp(ct, "application/json", 16) != 0) { web_error(req, res, 415, "Send application/json."); return NULL; }
    json_error_t e;
    json_t *o = json_loadb(req->body.data ? req->body.data : "", req->body.len, JSON_REJECT_DUPLICATES, &e);
    if (!json_is_object(o)) {
        char msg[300];
        snprintf(msg, sizeof msg, "The body is not a JSON object: %s (line %d, column %d).", o ? "not an object" : e.text, e.line, e.column);
        json_decref(o);
        web_error(req, res, 400, msg);
        return NULL;
    }
    return o;
}

static void send_result(struct http_request *req, struct http_response *res, struct report_result *r, int ok_status)
{
    if (r->code != REPORT_OK && !r->details) { web_error(req, res, report_http_status(r->code), r->message); return; }
    json_t *out = r->code == REPORT_OK ? json_pack("{s:I}", "id", (json_int_t)r->id)
                                       : json_pack("{s:{s:i, s:s}}", "error", "status", report_http_status(r->code), "message", r->message);
    if (r->details) json_object_set(r->code == REPORT_OK ? out : json_object_get(out, "error"),
                                    r->code == REPORT_CONFLICT ? "conflicts" : r->code == REPORT_OK ? "answers" : "errors", r->details);
    send_json(res, r->code == REPORT_OK ? ok_status : report_http_status(r->code), out);
    json_decref(out);
}

void api_reports_post(struct app *app, struct http_request *req, struct http_response *res)
{
    json_t *o = body_object(req, res);
    if (!o) return;
    const char *state = json_string_value(json_object_get(o, "state"));
    json_t *cyc = json_object_get(o, "cycle");
    char iso3[4];
    if (!state || web_state_code(app, state, iso3) != 0 || !json_is_integer(cyc) || json_integer_value(cyc) < 1990 ||
        json_integer_value(cyc) > 2100) {
        json_decref(o);
        web_error(req, res, 422, "Send {\"state\": ISO3, \"cycle\": year} for a known State.");
        return;
    }
    struct report_result r;
    report_start(app->store, req->who, iso3, (int)json_integer_value(cyc), &r);
    json_decref(o);
    send_result(req, res, &r, 201);
    report_result_cleanup(&r);
}

static bool report_id(struct http_request *req, struct http_response *res, long long *id)
{
    if (!parse_int(req->args[0], 1, 1LL << 53, id)) { web_error(req, res, 400, "A report is named by its number."); return false; }
    return true;
}

void api_report_answers(struct app *app, struct http_request *req, struct http_response *res)
{
    long long id;
    if (!report_id(req, res, &id)) return;
    json_t *o = body_object(req, res);
    if (!o) return;
    struct report_result r;
    report_save(app->store, req->who, id, json_object_get(o, "changes"), &r);
    json_decref(o);
    send_result(req, res, &r, 200);
    report_result_cleanup(&r);
}

void api_report_check(struct app *app, struct http_request *req, struct http_response *res)
{
    long long id;
    if (!report_id(req, res, &id)) return;
    struct report_result r;
    report_check(app->store, req->who, id, &r);
    if (r.code != REPORT_OK) { web_error(req, res, report_http_status(r.code), r.message); report_result_cleanup(&r); return; }
    json_t *out = json_pack("{s:I, s:b, s:O}", "id", (json_int_t)id, "ready", json_array_size(r.details) == 0, "errors", r.details);
    send_json(res, 200, out);
    json_decref(out);
    report_result_cleanup(&r);
}

/* POST /reports/{id}/{action}: submit, publish (note), return (comment), reopen. */
void api_report_action(struct app *app, struct http_request *req, struct http_response *res)
{
    long long id;
    if (!report_id(req, res, &id)) return;
    const char *action = req->args[1];
    json_t *o = NULL;
    if (req->body.len) {
        o = body_object(req, res);
        if (!o) return;
    }
    const char *text = json_string_value(json_object_get(o, strcmp(action, "publish") == 0 ? "note" : "comment"));
    /* The length of a comment or note (at most 5,000 characters) is the domain's rule. */
    struct report_result r;
    if (strcmp(action, "submit") == 0) report_submit(app->store, req->who, id, &r);
    else if (strcmp(action, "publish") == 0) report_publish(app->store, req->who, id, text, &r);
    else if (strcmp(action, "return") == 0) report_return(app->store, req->who, id, text, &r);
    else if (strcmp(action, "reopen") == 0) report_reopen(app->store, req->who, id, &r);
    else if (strcmp(action, "import") == 0) report_import(app->store, req->who, id, json_object_get(o, "answers"), &r);
    else { json_decref(o); web_error(req, res, 404, "Actions: submit, publish, return, reopen, import."); return; }
    json_decref(o);
    send_result(req, res, &r, 200);
    report_result_cleanup(&r);
}
