/* reports: the JSON API for templates and national reports. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "domain/report.h"
#include "domain/template.h"
#include "util/jsonw.h"
#include "web/web.h"

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

/* A report's fields as the asker may know them (report_view decides the status shown). */
static json_t *report_meta(const struct report_view *r)
{
    return json_pack("{s:I, s:s, s:i, s:s, s:i, s:s, s:b, s:s, s:s?, s:b}", "id", (json_int_t)r->id, "state", r->iso3,
                     "cycle", r->cycle, "status", r->shown_status, "version", r->version,
                     "language", r->language, "synthetic", r->synthetic, "updated_at", r->updated_at,
                     "submitted_at", r->submitted_at, "late", r->late);
}

void api_reports(struct app *app, struct http_request *req, struct http_response *res)
{
    /* Declared in the route (Q_REPORTS): a known State, a cycle of the reference data; the status is the domain's to check. */
    const struct http_value *state = web_q(req, "state"), *cycle = web_q(req, "cycle"), *status = web_q(req, "status");
    struct report_filter f = { state->set ? state->s : NULL, cycle->set ? (int)cycle->n : 0, status->set ? status->s : NULL };
    struct report_view *v;
    size_t n;
    struct err e = ERR_NONE;
    if (report_view_list(app->store, &req->arena, req->who, &f, &v, &n, &e) < 0) { web_fail(req, res, &e); return; }
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) json_array_append_new(arr, report_meta(&v[i]));
    json_t *out = json_pack("{s:o, s:I}", "reports", arr, "count", (json_int_t)n);
    send_json(res, 200, out);
    json_decref(out);
}

/* GET /api/v1/reports/{id}: the report, its published versions with their changes, the answers the asker may see
   (the working copy with its revs and events for the State and the Secretariat, else the latest version). */
void api_report(struct app *app, struct http_request *req, struct http_response *res)
{
    struct report_view o;
    if (!web_report_load(app, req, res, &o, false)) return;
    struct report_shown sh;
    struct report_event *ev = NULL;
    size_t nev = 0;
    struct err e = ERR_NONE;
    if (report_view_answers(app->store, &req->arena, &o, 0, o.draft_view, &sh, &e) < 0) { web_fail(req, res, &e); return; }
    if (o.draft_view && report_view_events(app->store, &req->arena, &o, &ev, &nev, &e) < 0) {
        report_shown_cleanup(&sh);
        web_fail(req, res, &e);
        return;
    }
    json_t *out = report_meta(&o);
    json_t *versions = json_array();
    for (int i = 0; i < sh.count; i++) {
        const struct report_version *rv = &sh.versions[i];
        json_t *item = json_pack("{s:i, s:s, s:s?}", "version", rv->version, "published_at", rv->published_at, "note", rv->note);
        if (rv->changes) json_object_set(item, "changes", rv->changes);
        json_array_append_new(versions, item);
    }
    json_object_set_new(out, "versions", versions);
    json_object_set(out, "answers", sh.answers);
    if (o.draft_view) {
        json_object_set_new(out, "revs", sh.revs ? json_incref(sh.revs) : json_object());
        json_t *arr = json_array();
        for (size_t i = 0; i < nev; i++)
            json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:s?}", "at", ev[i].at, "action", ev[i].action, "by",
                                                 ev[i].actor, "comment", ev[i].comment));
        json_object_set_new(out, "events", arr);
    }
    report_shown_cleanup(&sh);
    send_json(res, 200, out);
    json_decref(out);
}

/* A report operation's answer: {"id", "answers"?} on success, else {"error": {status, message, conflicts|errors?}}. */
static void send_result(struct http_request *req, struct http_response *res, const struct report_result *r,
                        const struct err *e, int ok_status)
{
    bool ok = e->code == ERR_OK;
    if (!ok && !r->details) { web_report_fail(req, res, e); return; }
    int status = ok ? ok_status : web_report_status(e);
    json_t *out = ok ? json_pack("{s:I}", "id", (json_int_t)r->id)
                     : json_pack("{s:{s:i, s:s}}", "error", "status", status, "message", web_err_message(req, e));
    if (r->details) json_object_set(ok ? out : json_object_get(out, "error"),
                                    e->code == ERR_CONFLICT ? "conflicts" : ok ? "answers" : "errors", r->details);
    send_json(res, status, out);
    json_decref(out);
}

void api_reports_post(struct app *app, struct http_request *req, struct http_response *res)
{
    json_t *o = api_body_object(req, res, false);
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
    struct err e;
    report_start(app->store, req->who, iso3, (int)json_integer_value(cyc), &r, &e);
    json_decref(o);
    send_result(req, res, &r, &e, 201);
    report_result_cleanup(&r);
}

void api_report_answers(struct app *app, struct http_request *req, struct http_response *res)
{
    long long id = web_arg(req, 0)->n;   /* declared A_REPORT: checked by the dispatcher */
    struct report_view ri;
    if (!web_report_load_editable(app, req, res, &ri)) return;   /* the asker's rights before the body is parsed */
    json_t *o = api_body_object(req, res, false);
    if (!o) return;
    struct report_result r;
    struct err e;
    report_save(app->store, req->who, id, json_object_get(o, "changes"), &r, &e);
    json_decref(o);
    send_result(req, res, &r, &e, 200);
    report_result_cleanup(&r);
}

void api_report_check(struct app *app, struct http_request *req, struct http_response *res)
{
    long long id = web_arg(req, 0)->n;
    struct report_result r;
    struct err e;
    if (report_check(app->store, req->who, id, &r, &e) < 0) { web_report_fail(req, res, &e); report_result_cleanup(&r); return; }
    json_t *out = json_pack("{s:I, s:b, s:O}", "id", (json_int_t)id, "ready", json_array_size(r.details) == 0, "errors", r.details);
    send_json(res, 200, out);
    json_decref(out);
    report_result_cleanup(&r);
}

/* POST /reports/{id}/{action}: submit, publish (note), return (comment), reopen. */
void api_report_action(struct app *app, struct http_request *req, struct http_response *res)
{
    long long id = web_arg(req, 0)->n;
    const char *action = req->args[1];
    json_t *o = NULL;
    struct report_view ri;
    if (strcmp(action, "import") == 0 && !web_report_load_editable(app, req, res, &ri)) return;   /* before the body is parsed */
    if (req->body.len) {
        o = api_body_object(req, res, false);
        if (!o) return;
    }
    const char *text = json_string_value(json_object_get(o, strcmp(action, "publish") == 0 ? "note" : "comment"));
    /* The length of a comment or note (at most 5,000 characters) is the domain's rule. */
    struct report_result r;
    struct err e;
    if (strcmp(action, "submit") == 0) report_submit(app->store, req->who, id, &r, &e);
    else if (strcmp(action, "publish") == 0) report_publish(app->store, req->who, id, text, &r, &e);
    else if (strcmp(action, "return") == 0) report_return(app->store, req->who, id, text, &r, &e);
    else if (strcmp(action, "reopen") == 0) report_reopen(app->store, req->who, id, &r, &e);
    else if (strcmp(action, "import") == 0) report_import(app->store, req->who, id, json_object_get(o, "answers"), &r, &e);
    else { json_decref(o); web_error(req, res, 404, "Actions: submit, publish, return, reopen, import."); return; }
    json_decref(o);
    send_result(req, res, &r, &e, 200);
    report_result_cleanup(&r);
}
