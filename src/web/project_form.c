/*
 * project_form: recording a project, /projects/new.  The usual path starts from an accepted
 * interest on a request's page ("Start a project": ?request=ID&partner=CODE): the request is
 * checked among the State's open requests, the partner filled in, the title taken from the
 * request.  The form is read into the JSON object the domain takes (the API's fields); the
 * domain checks it and decides who may; every problem shows in the error summary, next to its
 * field, the values kept.  Works without JavaScript.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/project_web.h"

struct project_form {
    const char *state, *title, *description, *partners, *budget, *currency, *period_start, *period_end, *agency, *schedule;
    bool financial_public;
    long long *requests;
    size_t nrequests;
};

static const char *or_empty(const char *s) { return s ? s : ""; }

static bool chosen(const struct project_form *v, long long id)
{
    for (size_t i = 0; i < v->nrequests; i++)
        if (v->requests[i] == id) return true;
    return false;
}

/* The form page for the State's open requests; without a State, where to start from. */
static void form_page(struct app *app, struct http_request *req, struct http_response *res, const struct project_form *v,
                      const struct assist_field_errors *errs)
{
    struct assist_request *rq = NULL;
    size_t nrq = 0;
    struct err e = ERR_NONE;
    if (v->state && *v->state) {
        struct assist_request_filter f = { .iso3 = v->state, .open_only = true, .cost_min = -1, .cost_max = -1 };
        if (assist_requests_list(app->store, &req->arena, req->who, i18n_lang(), &f, &rq, &nrq, &e) < 0) { web_fail(req, res, &e); return; }
    }
    const char *heading = _("Record a project");
    bool failed = errs && errs->n;
    if (failed) res->status = 422;
    page_begin(req, res, failed ? arena_printf(&req->arena, "%s%s", _("Error: "), heading) : heading);
    struct buf *b = &res->body;
    HTML_LIT(b, "<nav aria-label=\"");
    html_text(b, _("Breadcrumb"));
    HTML_LIT(b, "\" class=\"crumbs\"><a href=\"/projects\">");
    html_text(b, _("Projects"));
    HTML_LIT(b, "</a></nav>\n");
    assist_error_summary(b, errs);
    HTML_LIT(b, "<h1>");
    html_text(b, heading);
    HTML_LIT(b, "</h1>\n");
    if (!nrq) {
        HTML_LIT(b, "<p>");
        html_text(b, _("A project starts from a request for assistance whose State accepted a partner's interest: open the request and choose \"Start a project\"."));
        HTML_LIT(b, "</p>\n<p><a href=\"/assistance\">");
        html_text(b, _("Requests for assistance"));
        HTML_LIT(b, "</a></p>\n");
        page_end(req, res);
        return;
    }
    HTML_LIT(b, "<p class=\"lead\">");
    html_text(b, rq[0].state_name);
    HTML_LIT(b, "</p>\n<p>");
    html_text(b, _("The project, its partners and the substantive part of its reports are public. Its requests move to implementation."));
    HTML_LIT(b, "</p>\n<form method=\"post\" class=\"stack wide\" novalidate action=\"/projects/new\">\n");
    web_csrf_field(req, res);
    HTML_LIT(b, "<input type=\"hidden\" name=\"state\" value=\"");
    html_text(b, v->state);
    HTML_LIT(b, "\">");
    assist_field_open(b, "requests", _("Requests the project answers"), _("Select all that apply."), errs, true);
    for (size_t i = 0; i < nrq; i++) {
        char id[32];
        snprintf(id, sizeof id, "%lld", rq[i].id);
        assist_checkbox(b, "requests", id, rq[i].title, chosen(v, rq[i].id), i == 0);
    }
    assist_field_close(b, true);
    assist_input(b, "partners", _("Partners"), _("Their codes, separated by commas. Each needs an interest the State accepted."),
                 v->partners, 30, true, errs);
    assist_input(b, "title", _("Title"), _("At most 200 characters."), v->title, 60, false, errs);
    assist_textarea(b, "description", _("Description"), _("What the project does. At most 5,000 characters."), v->description, 5,
                    errs);
    assist_input(b, "budget", _("Budget"), _("A whole number, like 250000. Leave empty if not known."), v->budget, 16, true, errs);
    assist_input(b, "currency", _("Currency"), _("Its three-letter code, like USD or EUR."), v->currency, 4, true, errs);
    assist_input(b, "period_start", _("First month"), _("Year and month, like 2027-03. Reporting periods count from it."),
                 v->period_start, 8, true, errs);
    assist_input(b, "period_end", _("Last month"), _("Year and month, like 2028-12. Leave empty if open-ended."), v->period_end, 8, true, errs);
    assist_input(b, "agency", _("Implementing agency"), NULL, v->agency, 40, false, errs);
    assist_field_open(b, "schedule", _("How often do the parties report?"), NULL, errs, true);
    assist_radio(b, "schedule", "quarterly", _("Quarterly"), v->schedule, true);
    assist_radio(b, "schedule", "half-yearly", _("Half-yearly"), v->schedule, false);
    assist_field_close(b, true);
    assist_field_open(b, "financial_public", _("Financial detail"), NULL, errs, true);
    assist_checkbox(b, "financial_public", "yes", _("Everyone may see the amounts committed, disbursed and spent"), v->financial_public, true);
    assist_field_close(b, true);
    assist_form_end(b, _("Record the project"), "/projects");
    page_end(req, res);
}

void page_project_new(struct app *app, struct http_request *req, struct http_response *res)
{
    struct project_form v = { .schedule = "quarterly", .currency = "USD" };
    const struct http_value *rq = web_q(req, "request");
    if (rq->set) {
        struct assist_request q;
        struct err e = ERR_NONE;
        if (assist_request_get(app->store, &req->arena, req->who, i18n_lang(), rq->n, &q, &e) < 0) { web_fail(req, res, &e); return; }
        v.state = q.iso3;
        v.title = q.title;
        v.requests = arena_alloc(&req->arena, sizeof *v.requests);
        v.requests[0] = q.id;
        v.nrequests = 1;
        v.period_start = q.period_start;
        v.period_end = q.period_end;
        if (q.has_cost) v.budget = arena_printf(&req->arena, "%.0f", q.cost);
    } else if (req->who->role == ROLE_FOCAL_POINT) {
        v.state = req->who->state_iso3;
    }
    v.partners = web_q(req, "partner")->s;
    form_page(app, req, res, &v, NULL);
}

/* "a, b" as a JSON array of the trimmed codes (new reference). */
static json_t *code_list(const char *text)
{
    json_t *out = json_array();
    const char *p = text ? text : "";
    while (*p) {
        size_t n = strcspn(p, ", ");
        if (n) json_array_append_new(out, json_stringn(p, n));
        p += n;
        if (*p) p++;
    }
    return out;
}

void page_project_new_post(struct app *app, struct http_request *req, struct http_response *res)
{
    if (http_form_bad(req)) { web_error(req, res, 400, _("The form could not be read.")); return; }
    struct project_form v = { http_form(req, "state"), http_form(req, "title"), http_form(req, "description"),
                              http_form(req, "partners"), http_form(req, "budget"), http_form(req, "currency"),
                              http_form(req, "period_start"), http_form(req, "period_end"), http_form(req, "agency"),
                              http_form(req, "schedule"), false, NULL, 0 };
    const char *fp = http_form(req, "financial_public");
    v.financial_public = fp && strcmp(fp, "yes") == 0;
    json_t *in = json_object(), *list = assist_form_list(req, "requests"), *ids = json_array(), *x;
    size_t i;
    v.requests = arena_array(&req->arena, json_array_size(list) + 1, sizeof *v.requests);
    json_array_foreach(list, i, x) {
        char *end;
        long long id = strtoll(json_string_value(x), &end, 10);
        json_array_append_new(ids, *end || id <= 0 ? json_string(json_string_value(x)) : json_integer(id));
        if (!*end && id > 0) v.requests[v.nrequests++] = id;
    }
    json_decref(list);
    if (v.state && *v.state) json_object_set_new(in, "state", json_string(v.state));
    json_object_set_new(in, "requests", ids);
    json_object_set_new(in, "partners", code_list(v.partners));
    json_object_set_new(in, "title", json_string(or_empty(v.title)));
    json_object_set_new(in, "description", json_string(or_empty(v.description)));
    assist_form_amount(in, "budget", v.budget);
    if (v.currency && *v.currency) json_object_set_new(in, "currency", json_string(v.currency));
    json_object_set_new(in, "period_start", json_string(or_empty(v.period_start)));
    if (v.period_end && *v.period_end) json_object_set_new(in, "period_end", json_string(v.period_end));
    json_object_set_new(in, "agency", json_string(or_empty(v.agency)));
    if (v.schedule && *v.schedule) json_object_set_new(in, "schedule", json_string(v.schedule));
    json_object_set_new(in, "financial_public", json_boolean(v.financial_public));
    struct assist_field_errors errs = { .n = 0 };
    struct project_moves moves;
    struct err e = ERR_NONE;
    long long id = project_create(app->store, req->who, in, &errs, &moves, &e);
    json_decref(in);
    if (id > 0) {
        http_redirect(res, arena_printf(&req->arena, "/projects/%lld?done=created", id));
        return;
    }
    if (e.code != ERR_INVALID) { web_fail(req, res, &e); return; }
    form_page(app, req, res, &v, &errs);
}
