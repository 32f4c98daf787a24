/*
 * api/assistance: requests for assistance, offers, interests and matches as JSON, under
 * /api/v1/assistance/ (README, "Assistance" and "Matching"; openapi.json).
 *
 * Reading is public: requests and offers as domain/assistance decides the asker may see
 * them (an offer's contact only when its partner made it public, or to a signed-in caller).
 * Writing sends JSON objects with the fields of the answers; the domain checks them and
 * decides who may (authz).  A refused field answers 422 with every field's problem:
 * {"error": {"status": 422, "message": "...", "errors": [{"field": "...", "message": "..."}]}}.
 * Reasons of matches are in the request's language (?lang=, the cookie, Accept-Language).
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "domain/assistance.h"
#include "api/api.h"
#include "util/arena.h"
#include "util/jsonw.h"
#include "web/assist_stage_web.h"
#include "web/web.h"

#define MATCHES_DEFAULT 10

/* ---------------------------------------------------------------- writing */

static void strings_json(struct jsonw *w, const char *key, struct assist_strings l)
{
    jsonw_key(w, key);
    jsonw_arr(w);
    for (size_t i = 0; i < l.n; i++) jsonw_str(w, l.v[i]);
    jsonw_arr_end(w);
}

static void amount_json(struct jsonw *w, const char *key, bool has, double v)
{
    jsonw_key(w, key);
    if (has) jsonw_real(w, v);
    else jsonw_null(w);
}

static void source_json(struct jsonw *w, const struct assist_source *src)
{
    jsonw_key(w, "source");
    if (src->report <= 0) { jsonw_null(w); return; }
    jsonw_obj(w);
    jsonw_kint(w, "report", src->report);
    jsonw_kstr(w, "question", src->question);
    jsonw_kint(w, "row", src->row);
    jsonw_obj_end(w);
}

/* A request as the API shows it (the object is left open when open is true, for more members). */
static void request_json(struct jsonw *w, const struct assist_request *q, bool open)
{
    jsonw_obj(w);
    jsonw_kint(w, "id", q->id);
    jsonw_kstr(w, "state", q->iso3);
    jsonw_kstr(w, "state_name", q->state_name);
    jsonw_kstr(w, "category", q->category);
    jsonw_kstr(w, "kind", q->kind);
    jsonw_kstr(w, "title", q->title);
    jsonw_kstr(w, "description", q->description);
    jsonw_kstr(w, "lang", q->lang);
    amount_json(w, "estimated_cost", q->has_cost, q->cost);
    jsonw_kstr(w, "currency", q->currency);
    jsonw_kstr(w, "period_start", q->period_start);
    jsonw_kstr(w, "period_end", q->period_end);
    strings_json(w, "paragraphs", q->paragraphs);
    jsonw_key(w, "in_plan");
    if (q->in_plan < 0) jsonw_null(w);
    else jsonw_bool(w, q->in_plan != 0);
    strings_json(w, "languages", q->languages);
    jsonw_kstr(w, "status", q->status);
    jsonw_kstr(w, "stage", q->stage);   /* the procedure (README, "Procedure"); in full, also its history */
    jsonw_kstr(w, "stage_since", q->stage_since);
    jsonw_key(w, "close_reason");
    jsonw_str(w, q->close_reason);
    source_json(w, &q->source);
    jsonw_key(w, "cycle");
    if (q->cycle) jsonw_int(w, q->cycle);
    else jsonw_null(w);
    jsonw_kint(w, "interests", q->interests);
    jsonw_key(w, "proposal");
    if (q->proposal_sha256) {
        jsonw_obj(w);
        jsonw_kstr(w, "sha256", q->proposal_sha256);
        jsonw_kstr(w, "name", q->proposal_name);
        jsonw_kstr(w, "type", q->proposal_type);
        if (q->proposal_bytes > 0) jsonw_kint(w, "bytes", q->proposal_bytes);
        char url[64];
        snprintf(url, sizeof url, "/assistance/requests/%lld/proposal", q->id);
        jsonw_kstr(w, "url", url);
        jsonw_obj_end(w);
    } else {
        jsonw_null(w);
    }
    jsonw_kbool(w, "synthetic", q->synthetic);
    jsonw_kstr(w, "created_at", q->created_at);
    jsonw_kstr(w, "updated_at", q->updated_at);
    if (!open) jsonw_obj_end(w);
}

static void offer_json(struct jsonw *w, const struct assist_offer *o)
{
    jsonw_obj(w);
    jsonw_kint(w, "id", o->id);
    jsonw_kstr(w, "partner", o->partner_code);
    jsonw_kstr(w, "partner_name", o->partner_name);
    jsonw_kstr(w, "title", o->title);
    strings_json(w, "categories", o->categories);
    strings_json(w, "kinds", o->kinds);
    strings_json(w, "regions", o->regions);
    strings_json(w, "states", o->states);
    amount_json(w, "budget_min", o->has_min, o->budget_min);
    amount_json(w, "budget_max", o->has_max, o->budget_max);
    jsonw_kstr(w, "currency", o->currency);
    jsonw_kstr(w, "period_start", o->period_start);
    jsonw_kstr(w, "period_end", o->period_end);
    strings_json(w, "languages", o->languages);
    jsonw_kstr(w, "description", o->description);
    jsonw_kstr(w, "contact", o->contact);
    jsonw_kbool(w, "contact_public", o->contact_public);
    jsonw_kbool(w, "is_call", o->is_call);
    jsonw_kstr(w, "deadline", o->deadline);
    jsonw_kstr(w, "status", o->status);
    source_json(w, &o->source);
    jsonw_kbool(w, "synthetic", o->synthetic);
    jsonw_kstr(w, "created_at", o->created_at);
    jsonw_kstr(w, "updated_at", o->updated_at);
    jsonw_obj_end(w);
}

static void interest_json(struct jsonw *w, const struct assist_interest *i)
{
    jsonw_obj(w);
    jsonw_kstr(w, "partner", i->partner_code);
    jsonw_kstr(w, "partner_name", i->partner_name);
    jsonw_kstr(w, "status", i->status);
    jsonw_kstr(w, "note", i->note);
    jsonw_key(w, "offer");
    if (i->offer_id > 0) jsonw_int(w, i->offer_id);
    else jsonw_null(w);
    jsonw_kstr(w, "created_at", i->created_at);
    jsonw_kstr(w, "decided_at", i->decided_at);
    jsonw_kbool(w, "synthetic", i->synthetic);
    jsonw_obj_end(w);
}

/* The interests in a request the asker may see, as the member "interested" (and "interests", the count of every
   partner's, with count: a request's own object has it already). */
static int interests_members(struct app *app, struct http_request *req, struct jsonw *w, long long id, bool count_too,
                             struct err *e)
{
    struct assist_interest *v;
    size_t n;
    int count;
    if (assist_interests_of_request(app->store, &req->arena, req->who, id, &v, &n, &count, e) < 0) return -1;
    if (count_too) jsonw_kint(w, "interests", count);
    jsonw_key(w, "interested");
    jsonw_arr(w);
    for (size_t i = 0; i < n; i++) interest_json(w, &v[i]);
    jsonw_arr_end(w);
    return 0;
}

/* Begin a JSON answer in the response body; jsonw_init'ed into w. */
static void begin(struct http_response *res, int status, struct jsonw *w)
{
    api_begin(res, status);
    jsonw_init(w, &res->body);
}

static void end(struct http_response *res) { buf_putc(&res->body, '\n'); }

/* ---------------------------------------------------------------- requests */

static const char *const REQUEST_STATUSES[] = { "open", "matched", "closed", "withdrawn", "superseded", NULL };
static const char *const OFFER_STATUSES[] = { "open", "closed", "withdrawn", "superseded", NULL };

static bool one_of(const char *v, const char *const *list)
{
    for (size_t i = 0; list[i]; i++)
        if (strcmp(v, list[i]) == 0) return true;
    return false;
}

/* Check the category and kind filters; false after answering 400. */
static bool taxonomy_filters(struct http_request *req, struct http_response *res, const char **category, const char **kind)
{
    *category = web_q(req, "category")->s;
    *kind = web_q(req, "kind")->s;
    if (*category && !assist_category_known(*category)) {
        web_error(req, res, 400, _("category: the id of a category of the taxonomy, such as stockpile"));
        return false;
    }
    if (*kind && !assist_kind_known(*kind)) {
        web_error(req, res, 400, _("kind: the id of a kind of assistance of the taxonomy, such as technical"));
        return false;
    }
    return true;
}

void api_assist_requests(struct app *app, struct http_request *req, struct http_response *res)
{
    struct assist_request_filter f = { .cost_min = -1, .cost_max = -1 };
    if (!taxonomy_filters(req, res, &f.category, &f.kind)) return;
    f.iso3 = web_q(req, "state")->s;
    f.region = web_q(req, "region")->s;
    f.status = web_q(req, "status")->s;
    const struct http_value *cy = web_q(req, "cycle"), *lo = web_q(req, "cost_min"), *hi = web_q(req, "cost_max");
    if (cy->set) f.cycle = (int)cy->n;
    if (lo->set) f.cost_min = (double)lo->n;
    if (hi->set) f.cost_max = (double)hi->n;
    if (f.status && !one_of(f.status, REQUEST_STATUSES)) {
        web_error(req, res, 400, _("status: open, matched, closed, withdrawn or superseded"));
        return;
    }
    struct assist_request *v;
    size_t n;
    struct err e = ERR_NONE;
    if (assist_requests_list(app->store, &req->arena, req->who, i18n_lang(), &f, &v, &n, &e) < 0) {
        web_fail(req, res, &e);
        return;
    }
    struct jsonw w;
    begin(res, 200, &w);
    jsonw_obj(&w);
    jsonw_key(&w, "requests");
    jsonw_arr(&w);
    for (size_t i = 0; i < n; i++) request_json(&w, &v[i], false);
    jsonw_arr_end(&w);
    jsonw_kint(&w, "count", (long long)n);
    jsonw_obj_end(&w);
    end(res);
}

/* Answer request id in full (with its procedure and the interests the asker may see), with status. */
void api_assist_request_answer(struct app *app, struct http_request *req, struct http_response *res, long long id, int status)
{
    struct assist_request q;
    struct err e = ERR_NONE;
    if (assist_request_get(app->store, &req->arena, req->who, i18n_lang(), id, &q, &e) < 0) { web_fail(req, res, &e); return; }
    struct jsonw w;
    begin(res, status, &w);
    request_json(&w, &q, true);
    if (assist_stage_json_members(app, req, &w, id, &e) < 0 || interests_members(app, req, &w, id, false, &e) < 0) {
        web_fail(req, res, &e);
        return;
    }
    jsonw_obj_end(&w);
    end(res);
}

void api_assist_request(struct app *app, struct http_request *req, struct http_response *res)
{
    api_assist_request_answer(app, req, res, web_arg(req, 0)->n, 200);
}

static void offer_answer(struct app *app, struct http_request *req, struct http_response *res, long long id, int status);

/* POST (creating) or PATCH a request or an offer: the body to the domain, then the object as it is now (201 with its
   Location when made), or every field's problem. */
static void write_answer(struct app *app, struct http_request *req, struct http_response *res, bool offer, bool creating)
{
    json_t *o = api_body_object(req, res, false);
    if (!o) return;
    struct assist_field_errors errs;
    struct err e = ERR_NONE;
    long long id = creating ? 0 : web_arg(req, 0)->n;
    if (creating) id = offer ? assist_offer_create(app->store, req->who, o, &errs, &e) : assist_request_create(app->store, req->who, o, &errs, &e);
    else if ((offer ? assist_offer_update(app->store, req->who, id, o, &errs, &e) : assist_request_update(app->store, req->who, id, o, &errs, &e)) < 0)
        id = -1;
    if (id < 0) api_fail(req, res, &e, &errs);   /* before o goes: a field's name may be one of its keys */
    json_decref(o);
    if (id < 0) return;
    const char *kind = offer ? "offers" : "requests";
    if (creating) http_response_header(res, "Location", arena_printf(&req->arena, "/api/v1/assistance/%s/%lld", kind, id));
    if (offer) offer_answer(app, req, res, id, creating ? 201 : 200);
    else api_assist_request_answer(app, req, res, id, creating ? 201 : 200);
}

void api_assist_requests_post(struct app *app, struct http_request *req, struct http_response *res)
{
    write_answer(app, req, res, false, true);
}

void api_assist_request_patch(struct app *app, struct http_request *req, struct http_response *res)
{
    write_answer(app, req, res, false, false);
}

/* POST /requests/{id}/proposal?name=: the file's bytes as the body (the type is sniffed from them); DELETE removes it. */
static void proposal_write(struct app *app, struct http_request *req, struct http_response *res, bool put)
{
    long long id = web_arg(req, 0)->n;
    const char *name = http_query(req, "name");
    struct assist_proposal p = { ASSIST_PROPOSAL_REMOVE, NULL, 0, NULL, 0 };
    if (put) p = (struct assist_proposal){ ASSIST_PROPOSAL_PUT, name ? name : "proposal", name ? strlen(name) : 8, req->body.data,
                                           req->body.len };
    struct assist_field_errors errs;
    struct err e = ERR_NONE;
    json_t *none = json_object();
    int rc = assist_request_update_with(app->store, req->who, id, none, &p, &errs, &e);
    json_decref(none);
    if (rc < 0) { api_fail(req, res, &e, &errs); return; }
    api_assist_request_answer(app, req, res, id, 200);
}

void api_assist_request_proposal_post(struct app *app, struct http_request *req, struct http_response *res)
{
    proposal_write(app, req, res, true);
}

void api_assist_request_proposal_delete(struct app *app, struct http_request *req, struct http_response *res)
{
    proposal_write(app, req, res, false);
}

static size_t matches_limit(struct http_request *req)
{
    const struct http_value *k = web_q(req, "limit");
    return k->set ? (size_t)k->n : MATCHES_DEFAULT;
}

static void reasons_json(struct jsonw *w, const struct assist_match *m)
{
    jsonw_kint(w, "score", m->score);
    jsonw_key(w, "reasons");
    jsonw_arr(w);
    for (size_t i = 0; i < m->nreasons; i++) {
        jsonw_obj(w);
        jsonw_kstr(w, "factor", m->reasons[i].factor);
        jsonw_kbool(w, "fits", m->reasons[i].fits);
        jsonw_kstr(w, "text", m->reasons[i].text);
        jsonw_obj_end(w);
    }
    jsonw_arr_end(w);
}

/* Matches of a request (for_request) or of an offer, ranked. */
static void matches_answer(struct app *app, struct http_request *req, struct http_response *res, bool for_request)
{
    long long id = web_arg(req, 0)->n;
    struct assist_match *v;
    size_t n;
    struct err e = ERR_NONE;
    size_t k = matches_limit(req);
    const char *lang = i18n_lang();
    int rc = for_request ? assist_matches_for_request(app->store, &req->arena, req->who, lang, id, k, &v, &n, &e)
                         : assist_matches_for_offer(app->store, &req->arena, req->who, lang, id, k, &v, &n, &e);
    if (rc < 0) { web_fail(req, res, &e); return; }
    struct jsonw w;
    begin(res, 200, &w);
    jsonw_obj(&w);
    jsonw_kstr(&w, "lang", i18n_lang());
    jsonw_key(&w, "matches");
    jsonw_arr(&w);
    for (size_t i = 0; i < n; i++) {
        jsonw_obj(&w);
        jsonw_key(&w, for_request ? "offer" : "request");
        if (for_request) offer_json(&w, &v[i].offer);
        else request_json(&w, &v[i].request, false);
        reasons_json(&w, &v[i]);
        jsonw_obj_end(&w);
    }
    jsonw_arr_end(&w);
    jsonw_obj_end(&w);
    end(res);
}

void api_assist_request_matches(struct app *app, struct http_request *req, struct http_response *res)
{
    matches_answer(app, req, res, true);
}

/* ---------------------------------------------------------------- interests */

/* The interests in the request after a change: {"request", "interests", "interested"}. */
static void interests_answer(struct app *app, struct http_request *req, struct http_response *res, long long id)
{
    struct jsonw w;
    struct err e = ERR_NONE;
    begin(res, 200, &w);
    jsonw_obj(&w);
    jsonw_kint(&w, "request", id);
    if (interests_members(app, req, &w, id, true, &e) < 0) { web_fail(req, res, &e); return; }
    jsonw_obj_end(&w);
    end(res);
}

static void field_add(struct assist_field_errors *errs, const char *field, const char *msg)
{
    if (errs->n < sizeof errs->v / sizeof errs->v[0]) errs->v[errs->n++] = (struct assist_field_error){ field, msg };
}

void api_assist_interest_post(struct app *app, struct http_request *req, struct http_response *res)
{
    long long id = web_arg(req, 0)->n;
    json_t *o = api_body_object(req, res, true);
    if (!o) return;
    struct assist_field_errors errs = { .n = 0 };
    const char *k;
    json_t *v;
    json_object_foreach(o, k, v) {
        if (strcmp(k, "note") != 0 && strcmp(k, "offer") != 0)
            field_add(&errs, arena_strdup(&req->arena, k), N_("This field is not known: check its name."));
    }
    json_t *note = json_object_get(o, "note"), *offer = json_object_get(o, "offer");
    if (note && !json_is_null(note) && !json_is_string(note)) field_add(&errs, "note", N_("Write the note as text."));
    if (offer && !json_is_null(offer) && (!json_is_integer(offer) || json_integer_value(offer) < 1))
        field_add(&errs, "offer", N_("Name one of your own offers by its number, or none."));
    struct err e = ERR_NONE;
    if (errs.n) {
        err_set(&e, ERR_INVALID, errs.v[0].msg, NULL);
        json_decref(o);
        api_fail(req, res, &e, &errs);
        return;
    }
    const char *text = json_is_string(note) ? arena_strdup(&req->arena, json_string_value(note)) : NULL;
    long long offer_id = json_is_integer(offer) ? (long long)json_integer_value(offer) : 0;
    json_decref(o);
    if (assist_interest_mark(app->store, req->who, id, text, offer_id, &e) < 0) { api_fail(req, res, &e, NULL); return; }
    interests_answer(app, req, res, id);
}

void api_assist_interest_delete(struct app *app, struct http_request *req, struct http_response *res)
{
    struct err e = ERR_NONE;
    if (assist_interest_withdraw(app->store, req->who, web_arg(req, 0)->n, &e) < 0) { web_fail(req, res, &e); return; }
    api_begin(res, 204);
}

static void decide(struct app *app, struct http_request *req, struct http_response *res, bool accept)
{
    long long id = web_arg(req, 0)->n;
    struct err e = ERR_NONE;
    if (assist_interest_decide(app->store, req->who, id, web_arg(req, 1)->s, accept, &e) < 0) { web_fail(req, res, &e); return; }
    interests_answer(app, req, res, id);
}

void api_assist_interest_accept(struct app *app, struct http_request *req, struct http_response *res)
{
    decide(app, req, res, true);
}

void api_assist_interest_decline(struct app *app, struct http_request *req, struct http_response *res)
{
    decide(app, req, res, false);
}

/* ---------------------------------------------------------------- offers */

void api_assist_offers(struct app *app, struct http_request *req, struct http_response *res)
{
    struct assist_offer_filter f = { 0 };
    if (!taxonomy_filters(req, res, &f.category, &f.kind)) return;
    f.status = web_q(req, "status")->s;
    if (f.status && !one_of(f.status, OFFER_STATUSES)) {
        web_error(req, res, 400, _("status: open, closed, withdrawn or superseded"));
        return;
    }
    const char *partner = web_q(req, "partner")->s;
    if (partner) {
        f.partner_id = assist_partner_by_code(app->store, partner);
        if (f.partner_id < 0) { struct err e = { ERR_STORE, NULL, NULL }; web_fail(req, res, &e); return; }
        if (f.partner_id == 0) { web_error(req, res, 404, _("No partner has this code.")); return; }
    }
    struct assist_offer *v;
    size_t n;
    struct err e = ERR_NONE;
    if (assist_offers_list(app->store, &req->arena, req->who, &f, &v, &n, &e) < 0) { web_fail(req, res, &e); return; }
    struct jsonw w;
    begin(res, 200, &w);
    jsonw_obj(&w);
    jsonw_key(&w, "offers");
    jsonw_arr(&w);
    for (size_t i = 0; i < n; i++) offer_json(&w, &v[i]);
    jsonw_arr_end(&w);
    jsonw_kint(&w, "count", (long long)n);
    jsonw_obj_end(&w);
    end(res);
}

static void offer_answer(struct app *app, struct http_request *req, struct http_response *res, long long id, int status)
{
    struct assist_offer o;
    struct err e = ERR_NONE;
    if (assist_offer_get(app->store, &req->arena, req->who, id, &o, &e) < 0) { web_fail(req, res, &e); return; }
    struct jsonw w;
    begin(res, status, &w);
    offer_json(&w, &o);
    end(res);
}

void api_assist_offer(struct app *app, struct http_request *req, struct http_response *res)
{
    offer_answer(app, req, res, web_arg(req, 0)->n, 200);
}

void api_assist_offers_post(struct app *app, struct http_request *req, struct http_response *res)
{
    write_answer(app, req, res, true, true);
}

void api_assist_offer_patch(struct app *app, struct http_request *req, struct http_response *res)
{
    write_answer(app, req, res, true, false);
}

void api_assist_offer_matches(struct app *app, struct http_request *req, struct http_response *res)
{
    matches_answer(app, req, res, false);
}
