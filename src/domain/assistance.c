/*
 * assistance: requests, offers and interests: reading them as the asker may see them,
 * checking and writing what a user sends (see assistance.h).  From reports: assist_sync.c;
 * matching: assist_match.c.
 */
#include "domain/assistance.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/assist_internal.h"
#include "domain/assist_stage.h"
#include "domain/audit.h"
#include "domain/authz.h"
#include "domain/cycle.h"
#include "domain/input.h"
#include "domain/notify.h"
#include "domain/refdata.h"
#include "domain/template.h"
#include "store/assistance.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/i18n.h"
#include "util/text.h"

/* ---------------------------------------------------------------- small helpers */

struct assist_strings assist_strings_parse(struct arena *a, const char *json)
{
    struct assist_strings out = { NULL, 0 };
    json_t *v = json ? json_loads(json, 0, NULL) : NULL;
    if (json_is_array(v) && json_array_size(v)) {
        out.v = arena_array(a, json_array_size(v), sizeof *out.v);
        json_t *e;
        size_t i;
        json_array_foreach(v, i, e)
            if (json_is_string(e)) out.v[out.n++] = arena_strdup(a, json_string_value(e));
    }
    json_decref(v);
    return out;
}

/* Request id's row into q (owned by a), or -1 with e: ERR_STORE, or ERR_NOT_FOUND when there is none. */
static int request_row(struct store *s, struct arena *a, long long id, struct store_request *q, struct err *e)
{
    int g = store_request_get(s, a, "en", id, q);
    if (g == 0) return 0;
    return err_set(e, g < 0 ? ERR_STORE : ERR_NOT_FOUND, g < 0 ? NULL : N_("There is no such request for assistance."), NULL);
}

static void request_from_row(struct arena *a, const struct store_request *r, struct assist_request *q)
{
    memset(q, 0, sizeof *q);
    q->id = r->id;
    q->iso3 = r->iso3;
    q->state_name = r->state_name;
    q->category = r->category;
    q->kind = r->kind;
    q->title = r->title;
    q->description = r->description ? r->description : "";
    q->has_cost = r->has_cost;
    q->cost = r->cost;
    q->currency = r->currency;
    q->period_start = r->period_start;
    q->period_end = r->period_end;
    q->paragraphs = assist_strings_parse(a, r->paragraphs);
    q->languages = assist_strings_parse(a, r->languages);
    q->in_plan = r->in_plan;
    if (r->proposal) {
        json_t *p = json_loads(r->proposal, 0, NULL);
        const char *sha = json_string_value(json_object_get(p, "sha256")), *name = json_string_value(json_object_get(p, "name"));
        q->proposal_sha256 = sha ? arena_strdup(a, sha) : NULL;
        q->proposal_name = name ? arena_strdup(a, name) : q->proposal_sha256;
        const char *type = json_string_value(json_object_get(p, "type"));
        q->proposal_type = type ? arena_strdup(a, type) : NULL;
        q->proposal_bytes = json_is_integer(json_object_get(p, "bytes")) ? (long long)json_integer_value(json_object_get(p, "bytes")) : 0;
        json_decref(p);
    }
    q->status = r->status;
    q->stage = r->stage;
    q->stage_since = r->stage_since;
    q->close_reason = r->close_reason;
    q->source = (struct assist_source){ r->report_id, r->question, r->row, r->version };
    q->cycle = r->cycle;
    q->synthetic = r->synthetic;
    q->created_at = r->created_at;
    q->updated_at = r->updated_at;
    q->interests = r->interests;
    q->lang = r->lang;
}

static bool staff(const struct principal *who)
{
    return authz_allowed(who, AUTHZ_ASSIST_ALL, NULL);
}

static void offer_from_row(struct arena *a, const struct principal *who, long long own_partner, const struct store_offer *r,
                           struct assist_offer *o)
{
    memset(o, 0, sizeof *o);
    o->id = r->id;
    o->partner_id = r->partner_id;
    o->partner_code = r->partner_code;
    o->partner_name = r->partner_name;
    o->partner_kind = r->partner_kind;
    o->partner_iso3 = r->partner_iso3;
    o->title = r->title;
    o->description = r->description ? r->description : "";
    o->categories = assist_strings_parse(a, r->categories);
    o->kinds = assist_strings_parse(a, r->kinds);
    o->regions = assist_strings_parse(a, r->regions);
    o->states = assist_strings_parse(a, r->states);
    o->languages = assist_strings_parse(a, r->languages);
    o->has_min = r->has_min;
    o->has_max = r->has_max;
    o->budget_min = r->budget_min;
    o->budget_max = r->budget_max;
    o->currency = r->currency;
    o->period_start = r->period_start;
    o->period_end = r->period_end;
    bool own = own_partner > 0 && own_partner == r->partner_id;
    o->contact = r->contact_public || own || authz_allowed(who, AUTHZ_SIGNED_IN, NULL) ? r->contact : NULL;
    o->contact_public = r->contact_public;
    o->is_call = r->is_call;
    o->deadline = r->deadline;
    o->status = r->status;
    o->source = (struct assist_source){ r->report_id, r->question, r->row, r->version };
    o->synthetic = r->synthetic;
    o->created_at = r->created_at;
    o->updated_at = r->updated_at;
}

long long assist_partner_of(struct store *s, const struct principal *who)
{
    if (who->role != ROLE_PARTNER || who->user_id <= 0) return 0;
    return store_partner_of_user(s, who->user_id);
}

long long assist_partner_by_code(struct store *s, const char *code)
{
    return code && *code ? store_partner_by_code(s, code) : 0;
}

/* May who see an offer of this partner in this status? */
static bool offer_visible(const struct principal *who, long long own_partner, long long partner_id, const char *status)
{
    return strcmp(status, "withdrawn") != 0 || staff(who) || (own_partner > 0 && own_partner == partner_id);
}

/* ---------------------------------------------------------------- reads */

int assist_requests_list(struct store *s, struct arena *a, const struct principal *who, const char *lang,
                         const struct assist_request_filter *f, struct assist_request **out, size_t *n, struct err *e)
{
    (void)who;
    struct store_request_filter sf = {
        .iso3 = f->iso3, .category = f->category, .kind = f->kind, .region = f->region, .status = f->status,
        .cycle = f->cycle, .public_only = f->open_only,
    };
    struct store_request *rows;
    size_t nrows;
    *out = NULL;
    *n = 0;
    if (store_requests_list(s, a, lang, &sf, &rows, &nrows) < 0) return err_set(e, ERR_STORE, NULL, NULL);
    *out = arena_array(a, nrows ? nrows : 1, sizeof **out);
    for (size_t i = 0; i < nrows; i++) {
        if (f->cost_min >= 0 && (!rows[i].has_cost || rows[i].cost < f->cost_min)) continue;
        if (f->cost_max >= 0 && (!rows[i].has_cost || rows[i].cost > f->cost_max)) continue;
        request_from_row(a, &rows[i], &(*out)[(*n)++]);
    }
    return 0;
}

int assist_request_get(struct store *s, struct arena *a, const struct principal *who, const char *lang, long long id,
                       struct assist_request *out, struct err *e)
{
    (void)who;
    struct store_request r;
    int rc = store_request_get(s, a, lang, id, &r);
    if (rc < 0) return err_set(e, ERR_STORE, NULL, NULL);
    if (rc > 0) return err_set(e, ERR_NOT_FOUND, N_("There is no such request for assistance."), NULL);
    request_from_row(a, &r, out);
    return 0;
}

int assist_offers_list(struct store *s, struct arena *a, const struct principal *who, const struct assist_offer_filter *f,
                       struct assist_offer **out, size_t *n, struct err *e)
{
    long long own = assist_partner_of(s, who);
    if (own < 0) return err_set(e, ERR_STORE, NULL, NULL);
    struct store_offer_filter sf = { f->partner_id, f->category, f->kind, f->status, f->open_only };
    struct store_offer *rows;
    size_t nrows;
    *out = NULL;
    *n = 0;
    if (store_offers_list(s, a, &sf, &rows, &nrows) < 0) return err_set(e, ERR_STORE, NULL, NULL);
    *out = arena_array(a, nrows ? nrows : 1, sizeof **out);
    for (size_t i = 0; i < nrows; i++)
        if (offer_visible(who, own, rows[i].partner_id, rows[i].status)) offer_from_row(a, who, own, &rows[i], &(*out)[(*n)++]);
    return 0;
}

int assist_offer_get(struct store *s, struct arena *a, const struct principal *who, long long id, struct assist_offer *out,
                     struct err *e)
{
    long long own = assist_partner_of(s, who);
    if (own < 0) return err_set(e, ERR_STORE, NULL, NULL);
    struct store_offer r;
    int rc = store_offer_get(s, a, id, &r);
    if (rc < 0) return err_set(e, ERR_STORE, NULL, NULL);
    if (rc > 0 || !offer_visible(who, own, r.partner_id, r.status))
        return err_set(e, ERR_NOT_FOUND, N_("There is no such offer of assistance."), NULL);
    offer_from_row(a, who, own, &r, out);
    return 0;
}

/* ---------------------------------------------------------------- checking input */

static const char *const AMOUNT_USD = N_("Enter an amount in US dollars, a number from 0 to 1,000,000,000,000.");

static bool taxonomy_has(const char *list, const char *id)
{
    json_t *o;
    size_t i;
    json_array_foreach(json_object_get(template_taxonomy(), list), i, o)
        if (id && strcmp(json_string_value(json_object_get(o, "id")), id) == 0) return true;
    return false;
}

static bool ok_category(struct store *s, const char *c) { (void)s; return taxonomy_has("categories", c); }
static bool ok_kind(struct store *s, const char *c) { (void)s; return taxonomy_has("kinds", c); }
static bool ok_lang(struct store *s, const char *c)
{
    (void)s;
    return strlen(c) >= 2 && strlen(c) <= 3 && strspn(c, "abcdefghijklmnopqrstuvwxyz") == strlen(c);
}
static bool ok_paragraph(struct store *s, const char *c)
{
    (void)s;
    char sec[8];
    int n, used = 0;
    if (sscanf(c, "PoA %7[IV].%d%n", sec, &n, &used) == 2 && (size_t)used == strlen(c))
        return n > 0 && n < 100 && (!strcmp(sec, "I") || !strcmp(sec, "II") || !strcmp(sec, "III") || !strcmp(sec, "IV"));
    used = 0;
    char letter[2] = "";
    if (sscanf(c, "ITI %d%n", &n, &used) == 1 && n > 0 && n < 100) {
        const char *rest = c + used;
        return !*rest || (rest[0] >= 'a' && rest[0] <= 'z' && !rest[1]) || (sscanf(rest, "%1[a-z]", letter) == 1 && !rest[1]);
    }
    return false;
}
static bool ok_region(struct store *s, const char *c) { return ref_region_check(s, c, NULL) == 0; }
static bool ok_state(struct store *s, const char *c)
{
    char iso3[4];
    return strlen(c) == 3 && ref_state_code(s, c, 3, iso3, NULL) == 0 && strcmp(iso3, c) == 0;
}

/* A month YYYY-MM (day false) or a day YYYY-MM-DD (day true), or absent. */
static const char *date_field(struct arena *a, json_t *in, const char *key, bool day, struct assist_field_errors *errs)
{
    json_t *x = json_object_get(in, key);
    if (!x || json_is_null(x)) return NULL;
    const char *t = json_string_value(x);
    if (!t || (day ? !match_day(t) : (strlen(t) != 7 || !match_month(t)))) {
        input_error(errs, key, day ? N_("Enter a date as YYYY-MM-DD, for example 2027-03-31.") : N_("Enter a month as YYYY-MM, for example 2027-03."));
        return "";
    }
    return arena_strdup(a, t);
}

static const char *currency_field(struct arena *a, json_t *in, const char *cur, struct assist_field_errors *errs)
{
    json_t *x = json_object_get(in, "currency");
    if (!x || json_is_null(x)) return cur ? cur : "USD";
    const char *t = json_string_value(x);
    if (!t || strlen(t) != 3 || strspn(t, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != 3) {
        input_error(errs, "currency", N_("Enter a currency as its three-letter ISO 4217 code, for example USD."));
        return cur;
    }
    return arena_strdup(a, t);
}

static const char *const REQUEST_FIELDS[] = {
    "state", "category", "kind", "title", "description", "estimated_cost", "currency", "period_start", "period_end",
    "paragraphs", "in_plan", "languages", "status", "lang", NULL,
};

/* Apply in to q (a request being made or changed); errors into errs.  creating: title, category, kind required. */
static void request_apply(struct store *s, struct arena *a, json_t *in, bool creating, struct store_request *q,
                          struct assist_field_errors *errs)
{
    input_unknown(in, REQUEST_FIELDS, errs);
    json_t *v;
    if ((v = json_object_get(in, "category")) || creating) {
        const char *c = json_string_value(v);
        if (!ok_category(s, c ? c : "")) input_error(errs, "category", N_("Choose the thematic category of the need."));
        else q->category = arena_strdup(a, c);
    }
    if ((v = json_object_get(in, "kind")) || creating) {
        const char *c = json_string_value(v);
        if (!ok_kind(s, c ? c : "")) input_error(errs, "kind", N_("Choose the kind of assistance sought."));
        else q->kind = arena_strdup(a, c);
    }
    if (json_object_get(in, "title") || creating) {
        const char *t = input_text(in, "title", ASSIST_TITLE_MAX, true, NULL, errs, N_("The title is too long: write at most 200 characters."),
                                   N_("Enter a title for the need."));
        if (t) q->title = arena_strdup(a, t);
    }
    if (json_object_get(in, "description")) {
        const char *t = input_text(in, "description", ASSIST_TEXT_MAX, false, NULL, errs,
                                   N_("The description is too long: write at most 5,000 characters."), NULL);
        q->description = t ? arena_strdup(a, t) : "";
    }
    if (json_object_get(in, "estimated_cost")) input_amount(in, "estimated_cost", AMOUNT_USD, &q->has_cost, &q->cost, errs);
    q->currency = currency_field(a, in, q->currency, errs);
    if (json_object_get(in, "period_start")) q->period_start = date_field(a, in, "period_start", false, errs);
    if (json_object_get(in, "period_end")) q->period_end = date_field(a, in, "period_end", false, errs);
    if (q->period_start && q->period_end && *q->period_start && *q->period_end &&
        match_month(q->period_end) < match_month(q->period_start))
        input_error(errs, "period_end", N_("The period ends before it starts: the end must be the start or later."));
    if (json_object_get(in, "paragraphs")) {
        const char *p = input_codes(a, in, "paragraphs", ok_paragraph, s, errs,
                                    N_("Give the paragraphs as a list such as [\"PoA II.17\", \"ITI 8a\"]."));
        if (p) q->paragraphs = p;
    }
    if (json_object_get(in, "languages")) {
        const char *l = input_codes(a, in, "languages", ok_lang, s, errs, N_("Give the languages as a list of codes such as [\"en\", \"fr\"]."));
        if (l) q->languages = l;
    }
    if ((v = json_object_get(in, "lang"))) {
        const char *l = json_string_value(v);
        if (json_is_null(v)) q->lang = NULL;
        else if (!l || !ok_lang(s, l)) input_error(errs, "lang", N_("Give the language of the title and description as a code such as \"en\" or \"fr\"."));
        else q->lang = arena_strdup(a, l);
    }
    if ((v = json_object_get(in, "in_plan"))) {
        if (json_is_null(v)) q->in_plan = -1;
        else if (json_is_boolean(v)) q->in_plan = json_is_true(v);
        else input_error(errs, "in_plan", N_("Say true or false: is the need in the national action plan or a regional road map?"));
    }
    /* The status follows the procedure (domain/assist_stage.c): an edit may only withdraw the request. */
    if ((v = json_object_get(in, "status"))) {
        const char *st = json_string_value(v);
        if (!st || (strcmp(st, "withdrawn") != 0 && (creating || !q->status || strcmp(st, q->status) != 0)))
            input_error(errs, "status", creating ? N_("A new request is open: leave out its status.")
                                                 : N_("The status follows the procedure: say \"withdrawn\" to withdraw the "
                                                      "request; the Secretariat moves it through its stages."));
    }
}

/* A State code as sent, upper-cased ("ken" is KEN) into out; NULL when absent or not 3 letters' room. */
static const char *state_upper(json_t *in, char out[8])
{
    const char *st = json_string_value(json_object_get(in, "state"));
    if (!st) return NULL;
    size_t i = 0;
    for (; st[i] && i < 7; i++) out[i] = st[i] >= 'a' && st[i] <= 'z' ? (char)(st[i] - 'a' + 'A') : st[i];
    out[i] = '\0';
    return st[i] ? st : out;   /* longer than 7: left as it is, refused as it is */
}

/* The cycle a request filed today belongs to: the one open for reporting (or past its deadline, States still
   reporting), else the latest whose meeting was held, else the newest; 0 when there is none. */
static int filing_cycle(struct store *s, struct arena *a)
{
    struct cycle *v;
    size_t n;
    if (cycle_list(s, a, &v, &n, NULL) < 0 || !n) return 0;
    for (size_t i = 0; i < n; i++)
        if (v[i].year < 2100 && v[i].status == CYCLE_OPEN) return v[i].year;
    for (size_t i = 0; i < n; i++)
        if (v[i].year < 2100 && v[i].status == CYCLE_DEADLINE_PASSED) return v[i].year;
    const struct cycle *c = cycle_last_closed(v, n);
    return c ? c->year : v[0].year;
}

long long assist_request_create(struct store *s, const struct principal *who, json_t *in, struct assist_field_errors *errs,
                                struct err *e)
{
    return assist_request_create_with(s, who, in, NULL, errs, e);
}

long long assist_request_create_with(struct store *s, const struct principal *who, json_t *in, const struct assist_proposal *p,
                                     struct assist_field_errors *errs, struct err *e)
{
    struct arena a = ARENA_INIT;
    long long id = -1;
    errs->n = 0;
    if (!json_is_object(in)) { input_error(errs, "", N_("Send the request as a JSON object.")); input_invalid(errs, e); goto done; }
    char iso3[4] = "", up[8];
    const char *st = state_upper(in, up);
    if (who->role == ROLE_FOCAL_POINT) {
        if (st && strcmp(st, who->state_iso3) != 0) {
            err_set(e, ERR_FORBIDDEN, N_("A focal point files requests for its own State only."), NULL);
            goto done;
        }
        memcpy(iso3, who->state_iso3, 4);
    } else if (st && ok_state(s, st)) {
        memcpy(iso3, st, 3);
    } else if (staff(who)) {
        input_error(errs, "state", N_("Name the requesting State by its ISO 3166 alpha-3 code, for example KEN."));
    }
    if (!authz_allowed(who, AUTHZ_REQUEST_EDIT, iso3[0] ? iso3 : NULL) && !errs->n) {
        err_set(e, ERR_FORBIDDEN, N_("Only a State's focal points and the Secretariat file requests for assistance."), NULL);
        goto done;
    }
    struct store_request q = { .iso3 = iso3, .in_plan = -1, .currency = "USD", .status = "open", .paragraphs = "[]",
                               .languages = "[]", .created_by = who->user_id, .cycle = filing_cycle(s, &a) };
    struct assist_proposal_blob blob;
    request_apply(s, &a, in, true, &q, errs);
    assist_proposal_apply(&a, p, &q, &blob, errs);
    if (!json_object_get(in, "lang") && q.languages) {   /* unsaid: the first language the State works in */
        json_t *l = json_loads(q.languages, 0, NULL);
        const char *first = json_string_value(json_array_get(l, 0));
        q.lang = first ? arena_strdup(&a, first) : NULL;
        json_decref(l);
    }
    if (json_object_get(in, "status") && q.status && strcmp(q.status, "open") != 0)
        input_error(errs, "status", N_("A new request is open."));
    if (!json_object_get(in, "paragraphs") && q.category) q.paragraphs = assist_category_paragraphs(&a, q.category);
    if (errs->n) { input_invalid(errs, e); goto done; }
    if (store_tx_begin(s) < 0) { err_set(e, ERR_BUSY, NULL, NULL); goto done; }
    if (assist_proposal_quota(s, who, &blob, errs) < 0) { store_tx_rollback(s); input_invalid(errs, e); id = -1; goto done; }
    id = assist_proposal_store(s, &blob) < 0 ? -1 : store_request_save(s, &q);
    if (id > 0) {
        json_t *d = json_pack("{s:s, s:s, s:s}", "state", iso3, "category", q.category, "kind", q.kind);
        audit_record(s, who, "request.add", "request", id, d);
        json_decref(d);
    }
    if (store_tx_end(s, id > 0) < 0) {
        err_set(e, ERR_STORE, NULL, NULL);
        id = -1;
    }
done:
    arena_cleanup(&a);
    return id;
}

int assist_request_update(struct store *s, const struct principal *who, long long id, json_t *in,
                          struct assist_field_errors *errs, struct err *e)
{
    return assist_request_update_with(s, who, id, in, NULL, errs, e);
}

int assist_request_update_with(struct store *s, const struct principal *who, long long id, json_t *in,
                               const struct assist_proposal *p, struct assist_field_errors *errs, struct err *e)
{
    struct arena a = ARENA_INIT;
    int rc = -1;
    errs->n = 0;
    if (!json_is_object(in)) { input_error(errs, "", N_("Send the changes as a JSON object.")); input_invalid(errs, e); goto done; }
    if (store_tx_begin(s) < 0) { err_set(e, ERR_BUSY, NULL, NULL); goto done; }
    struct store_request q;
    if (request_row(s, &a, id, &q, e) < 0) { store_tx_rollback(s); goto done; }
    if (!authz_allowed(who, AUTHZ_REQUEST_EDIT, q.iso3)) {
        store_tx_rollback(s);
        err_set(e, ERR_FORBIDDEN, N_("Only the requesting State's focal points and the Secretariat change this request."), NULL);
        goto done;
    }
    char up[8];
    const char *st = state_upper(in, up);
    if (json_object_get(in, "state") && (!st || strcmp(st, q.iso3) != 0))
        input_error(errs, "state", N_("A request stays with its State: file a new one for another State."));
    const char *was = q.status, *old_proposal = q.proposal;
    struct assist_proposal_blob blob;
    request_apply(s, &a, in, false, &q, errs);
    assist_proposal_apply(&a, p, &q, &blob, errs);
    if (!errs->n) assist_proposal_quota(s, who, &blob, errs);
    if (errs->n) { store_tx_rollback(s); input_invalid(errs, e); goto done; }
    if (assist_proposal_store(s, &blob) < 0 || store_request_save(s, &q) < 0 ||
        assist_proposal_forget(s, old_proposal, q.proposal) < 0) {
        store_tx_rollback(s);
        err_set(e, ERR_STORE, NULL, NULL);
        goto done;
    }
    audit_record(s, who, "request.change", "request", id, in);
    const char *to = json_string_value(json_object_get(in, "status"));
    if (to && strcmp(to, "withdrawn") == 0 && strcmp(was, "withdrawn") != 0 &&
        assist_stage_move_as_tx(s, who, id, "closed", "withdrawn", NULL, e) < 0) {
        store_tx_rollback(s);
        goto done;
    }
    if (store_tx_commit(s) < 0) { err_set(e, ERR_STORE, NULL, NULL); goto done; }
    rc = 0;
done:
    arena_cleanup(&a);
    return rc;
}

static const char *const OFFER_FIELDS[] = {
    "title", "categories", "kinds", "regions", "states", "budget_min", "budget_max", "currency", "period_start", "period_end",
    "languages", "description", "contact", "contact_public", "is_call", "deadline", "status", NULL,
};

static void offer_apply(struct store *s, struct arena *a, json_t *in, bool creating, struct store_offer *o,
                        struct assist_field_errors *errs)
{
    input_unknown(in, OFFER_FIELDS, errs);
    json_t *v;
    if (json_object_get(in, "title") || creating) {
        const char *t = input_text(in, "title", ASSIST_TITLE_MAX, true, NULL, errs, N_("The title is too long: write at most 200 characters."),
                                   N_("Enter a title for the offer."));
        if (t) o->title = arena_strdup(a, t);
    }
    if (json_object_get(in, "description")) {
        const char *t = input_text(in, "description", ASSIST_TEXT_MAX, false, NULL, errs,
                                   N_("The description is too long: write at most 5,000 characters."), NULL);
        o->description = t ? arena_strdup(a, t) : "";
    }
    if (json_object_get(in, "contact")) {
        const char *t = input_text(in, "contact", ASSIST_CONTACT_MAX, false, NULL, errs,
                                   N_("The contact is too long: write at most 300 characters."), NULL);
        o->contact = t ? arena_strdup(a, t) : "";
    }
    const char *l;
    if (json_object_get(in, "categories") &&
        (l = input_codes(a, in, "categories", ok_category, s, errs, N_("Give the categories as a list of ids of the taxonomy."))))
        o->categories = l;
    if (json_object_get(in, "kinds") && (l = input_codes(a, in, "kinds", ok_kind, s, errs, N_("Give the kinds as a list of ids of the taxonomy."))))
        o->kinds = l;
    if (json_object_get(in, "regions") &&
        (l = input_codes(a, in, "regions", ok_region, s, errs, N_("Give the regions as a list of M49 codes, for example [\"014\"]."))))
        o->regions = l;
    if (json_object_get(in, "states") &&
        (l = input_codes(a, in, "states", ok_state, s, errs, N_("Give the States as a list of ISO 3166 alpha-3 codes, for example [\"KEN\"]."))))
        o->states = l;
    if (json_object_get(in, "languages") &&
        (l = input_codes(a, in, "languages", ok_lang, s, errs, N_("Give the languages as a list of codes such as [\"en\", \"fr\"]."))))
        o->languages = l;
    if (json_object_get(in, "budget_min")) input_amount(in, "budget_min", AMOUNT_USD, &o->has_min, &o->budget_min, errs);
    if (json_object_get(in, "budget_max")) input_amount(in, "budget_max", AMOUNT_USD, &o->has_max, &o->budget_max, errs);
    if (o->has_min && o->has_max && o->budget_max < o->budget_min)
        input_error(errs, "budget_max", N_("The largest amount is below the smallest: check the budget range."));
    o->currency = currency_field(a, in, o->currency, errs);
    if (json_object_get(in, "period_start")) o->period_start = date_field(a, in, "period_start", false, errs);
    if (json_object_get(in, "period_end")) o->period_end = date_field(a, in, "period_end", false, errs);
    if (o->period_start && o->period_end && *o->period_start && *o->period_end &&
        match_month(o->period_end) < match_month(o->period_start))
        input_error(errs, "period_end", N_("The period ends before it starts: the end must be the start or later."));
    if (json_object_get(in, "deadline")) o->deadline = date_field(a, in, "deadline", true, errs);
    if ((v = json_object_get(in, "contact_public"))) {
        if (json_is_boolean(v)) o->contact_public = json_is_true(v);
        else input_error(errs, "contact_public", N_("Say true or false: may everyone see the contact?"));
    }
    if ((v = json_object_get(in, "is_call"))) {
        if (json_is_boolean(v)) o->is_call = json_is_true(v);
        else input_error(errs, "is_call", N_("Say true or false: is this a call for proposals?"));
    }
    if ((v = json_object_get(in, "status"))) {
        const char *st = json_string_value(v);
        if (!st || (strcmp(st, "open") && strcmp(st, "closed") && strcmp(st, "withdrawn")))
            input_error(errs, "status", N_("The status is one of open, closed or withdrawn."));
        else o->status = arena_strdup(a, st);
    }
}

long long assist_offer_create(struct store *s, const struct principal *who, json_t *in, struct assist_field_errors *errs,
                              struct err *e)
{
    struct arena a = ARENA_INIT;
    long long id = -1;
    errs->n = 0;
    if (!authz_allowed(who, AUTHZ_OFFER_MAKE, NULL)) {
        err_set(e, ERR_FORBIDDEN, N_("Only partners record offers of assistance."), NULL);
        goto done;
    }
    if (!json_is_object(in)) { input_error(errs, "", N_("Send the offer as a JSON object.")); input_invalid(errs, e); goto done; }
    long long partner = assist_partner_of(s, who);
    if (partner < 0) { err_set(e, ERR_STORE, NULL, NULL); goto done; }
    if (partner == 0) { err_set(e, ERR_FORBIDDEN, N_("This account speaks for no partner: ask an administrator."), NULL); goto done; }
    struct store_offer o = { .partner_id = partner, .currency = "USD", .status = "open", .categories = "[]", .kinds = "[]",
                             .regions = "[]", .states = "[]", .languages = "[]", .description = "", .contact = "",
                             .created_by = who->user_id };
    offer_apply(s, &a, in, true, &o, errs);
    if (errs->n) { input_invalid(errs, e); goto done; }
    if (store_tx_begin(s) < 0) { err_set(e, ERR_BUSY, NULL, NULL); goto done; }
    id = store_offer_save(s, &o);
    if (id > 0) audit_record(s, who, "offer.add", "offer", id, NULL);
    if (store_tx_end(s, id > 0) < 0) {
        err_set(e, ERR_STORE, NULL, NULL);
        id = -1;
    }
done:
    arena_cleanup(&a);
    return id;
}

int assist_offer_update(struct store *s, const struct principal *who, long long id, json_t *in,
                        struct assist_field_errors *errs, struct err *e)
{
    struct arena a = ARENA_INIT;
    int rc = -1;
    errs->n = 0;
    if (!json_is_object(in)) { input_error(errs, "", N_("Send the changes as a JSON object.")); input_invalid(errs, e); goto done; }
    long long partner = assist_partner_of(s, who);
    if (partner < 0) { err_set(e, ERR_STORE, NULL, NULL); goto done; }
    if (store_tx_begin(s) < 0) { err_set(e, ERR_BUSY, NULL, NULL); goto done; }
    struct store_offer o;
    int g = store_offer_get(s, &a, id, &o);
    if (g != 0 || !offer_visible(who, partner, o.partner_id, o.status)) {
        store_tx_rollback(s);
        err_set(e, g < 0 ? ERR_STORE : ERR_NOT_FOUND, g < 0 ? NULL : N_("There is no such offer of assistance."), NULL);
        goto done;
    }
    if (!authz_offer_edit(who, o.partner_id, partner) || o.report_id) {
        store_tx_rollback(s);
        err_set(e, ERR_FORBIDDEN, o.report_id ? N_("This offer comes from a national report: it changes with the report.")
                                              : N_("Only the partner who made this offer changes it."), NULL);
        goto done;
    }
    offer_apply(s, &a, in, false, &o, errs);
    if (errs->n) { store_tx_rollback(s); input_invalid(errs, e); goto done; }
    if (store_offer_save(s, &o) < 0) { store_tx_rollback(s); err_set(e, ERR_STORE, NULL, NULL); goto done; }
    audit_record(s, who, "offer.change", "offer", id, in);
    if (store_tx_commit(s) < 0) { err_set(e, ERR_STORE, NULL, NULL); goto done; }
    rc = 0;
done:
    arena_cleanup(&a);
    return rc;
}

/* ---------------------------------------------------------------- interests */

int assist_interest_mark(struct store *s, const struct principal *who, long long request_id, const char *note,
                         long long offer_id, struct err *e)
{
    if (!authz_allowed(who, AUTHZ_OFFER_MAKE, NULL))
        return err_set(e, ERR_FORBIDDEN, N_("Only partners mark interest in a request."), NULL);
    if (note && (text_chars(note) > ASSIST_TEXT_MAX || !utf8_valid_text(note, strlen(note))))
        return err_set(e, ERR_INVALID, N_("The note is too long: write at most 5,000 characters."), "note");
    long long partner = assist_partner_of(s, who);
    if (partner < 0) return err_set(e, ERR_STORE, NULL, NULL);
    if (partner == 0) return err_set(e, ERR_FORBIDDEN, N_("This account speaks for no partner: ask an administrator."), NULL);
    struct arena a = ARENA_INIT;
    int rc = -1;
    if (store_tx_begin(s) < 0) { err_set(e, ERR_BUSY, NULL, NULL); goto done; }
    struct store_request q;
    if (request_row(s, &a, request_id, &q, e) < 0) { store_tx_rollback(s); goto done; }
    if (strcmp(q.status, "open") != 0 && strcmp(q.status, "matched") != 0) {
        store_tx_rollback(s);
        err_set(e, ERR_STATE, N_("This request is no longer open."), NULL);
        goto done;
    }
    /* Once the State has answered, a new mark would silently ask again: the partner withdraws first. */
    struct store_interest *had;
    size_t nhad;
    if (store_interests_list(s, &a, request_id, partner, &had, &nhad) < 0) { store_tx_rollback(s); err_set(e, ERR_STORE, NULL, NULL); goto done; }
    if (nhad && (strcmp(had[0].status, "accepted") == 0 || strcmp(had[0].status, "declined") == 0)) {
        store_tx_rollback(s);
        err_set(e, ERR_STATE, "The State has already answered your interest: withdraw it first to ask again.", NULL);
        goto done;
    }
    if (offer_id) {
        struct store_offer o;
        int g = store_offer_get(s, &a, offer_id, &o);
        if (g != 0 || o.partner_id != partner) {
            store_tx_rollback(s);
            err_set(e, g < 0 ? ERR_STORE : ERR_INVALID, g < 0 ? NULL : N_("Name one of your own offers, or none."), "offer");
            goto done;
        }
    }
    struct store_interest i = { .request_id = request_id, .partner_id = partner, .offer_id = offer_id, .status = "interested",
                                .note = note ? note : "" };
    if (store_interest_set(s, &i, who->user_id) < 0) { store_tx_rollback(s); err_set(e, ERR_STORE, NULL, NULL); goto done; }
    /* The requesting State's focal points are told, in this transaction: of a new interest or a new note, not of the
       same mark again, and once a day at most for one partner and request (marking, withdrawing and marking again
       300 times had put 300 messages in their inbox in 0.7 s). */
    bool fresh = !nhad || strcmp(had[0].status, "interested") != 0 ||
                 strcmp(had[0].note ? had[0].note : "", note ? note : "") != 0;
    struct store_partner pa;
    json_t *np = json_pack("{s:s, s:s, s:s}", "title", q.title ? q.title : "", "partner",
                           store_partner_get(s, &a, partner, &pa) == 0 && pa.name ? pa.name : who->org, "note", note ? note : "");
    int sent = !fresh ? 0
                      : notify_state(s, q.iso3, NOTIFY_INTEREST_MARKED, arena_printf(&a, "/assistance/requests/%lld", request_id), np,
                                     arena_printf(&a, "interest:%lld:%lld:%lld", request_id, partner, (long long)(time(NULL) / 86400)));
    json_decref(np);
    if (sent < 0) { store_tx_rollback(s); err_set(e, ERR_STORE, NULL, NULL); goto done; }
    json_t *d = json_pack("{s:I}", "partner", partner);
    audit_record(s, who, "request.interest", "request", request_id, d);
    json_decref(d);
    if (store_tx_commit(s) < 0) { err_set(e, ERR_STORE, NULL, NULL); goto done; }
    rc = 0;
done:
    arena_cleanup(&a);
    return rc;
}

int assist_interest_withdraw(struct store *s, const struct principal *who, long long request_id, struct err *e)
{
    long long partner = assist_partner_of(s, who);
    if (partner < 0) return err_set(e, ERR_STORE, NULL, NULL);
    if (partner == 0) return err_set(e, ERR_FORBIDDEN, N_("Only partners mark interest in a request."), NULL);
    if (store_tx_begin(s) < 0) return err_set(e, ERR_BUSY, NULL, NULL);
    int rc = store_interest_decide(s, request_id, partner, "withdrawn", who->user_id);
    if (rc != 0) {
        store_tx_rollback(s);
        return err_set(e, rc < 0 ? ERR_STORE : ERR_NOT_FOUND, rc < 0 ? NULL : N_("You have marked no interest in this request."), NULL);
    }
    audit_record(s, who, "request.interest_withdraw", "request", request_id, NULL);
    if (store_tx_commit(s) < 0) return err_set(e, ERR_STORE, NULL, NULL);
    return 0;
}

int assist_interest_decide(struct store *s, const struct principal *who, long long request_id, const char *partner_code,
                           bool accept, struct err *e)
{
    struct arena a = ARENA_INIT;
    int rc = -1;
    if (store_tx_begin(s) < 0) { err_set(e, ERR_BUSY, NULL, NULL); goto done; }
    struct store_request q;
    if (request_row(s, &a, request_id, &q, e) < 0) { store_tx_rollback(s); goto done; }
    if (!authz_allowed(who, AUTHZ_REQUEST_ANSWER, q.iso3)) {
        store_tx_rollback(s);
        err_set(e, ERR_FORBIDDEN, N_("Only the requesting State's focal points accept or decline an interest."), NULL);
        goto done;
    }
    if (strcmp(q.status, "open") != 0 && strcmp(q.status, "matched") != 0) {
        store_tx_rollback(s);
        err_set(e, ERR_STATE, strcmp(q.status, "superseded") == 0
                                  ? N_("This request was superseded by a later report: answer the interests in the request that replaced it.")
                                  : N_("This request is closed or withdrawn: ask the Secretariat to reopen it before you accept or decline an interest."),
                NULL);
        goto done;
    }
    long long partner = store_partner_by_code(s, partner_code);
    if (partner <= 0) {
        store_tx_rollback(s);
        err_set(e, partner < 0 ? ERR_STORE : ERR_NOT_FOUND, partner < 0 ? NULL : N_("No partner has marked interest under this name."), NULL);
        goto done;
    }
    /* The same answer again changes nothing and tells no one; an accepted interest is not declined (the request
       stayed matched with no partner accepted: the partner withdraws it, or the Secretariat moves the request). */
    struct store_interest *had;
    size_t nhad;
    if (store_interests_list(s, &a, request_id, partner, &had, &nhad) < 0) { store_tx_rollback(s); err_set(e, ERR_STORE, NULL, NULL); goto done; }
    if (nhad && strcmp(had[0].status, accept ? "accepted" : "declined") == 0) {
        store_tx_rollback(s);
        rc = 0;
        goto done;
    }
    if (nhad && !accept && strcmp(had[0].status, "accepted") == 0) {
        store_tx_rollback(s);
        err_set(e, ERR_STATE, N_("You accepted this partner's interest: it cannot be declined now. The partner may withdraw it, or ask the Secretariat to move the request."),
                NULL);
        goto done;
    }
    int g = store_interest_decide(s, request_id, partner, accept ? "accepted" : "declined", who->user_id);
    if (g != 0) {
        store_tx_rollback(s);
        err_set(e, g < 0 ? ERR_STORE : ERR_NOT_FOUND, g < 0 ? NULL : N_("This partner has marked no interest in the request."), NULL);
        goto done;
    }
    if (accept) {   /* matched, when the procedure allows it from where the request stands */
        struct err me = ERR_NONE;
        if (assist_stage_move_tx(s, who->user_id, request_id, "matched", NULL, N_("The State accepted a partner's interest."),
                                 &me) < 0 && me.code == ERR_STORE) {
            store_tx_rollback(s);
            err_set(e, ERR_STORE, NULL, NULL);
            goto done;
        }
    }
    /* The partner's accounts are told, in this transaction. */
    json_t *np = json_pack("{s:s, s:{s:s}, s:{s:s}}", "title", q.title ? q.title : "", "state", "state", q.iso3, "answer", "msgid",
                           accept ? N_("Accepted") : N_("Declined"));
    int sent = notify_partner(s, partner, NOTIFY_INTEREST_ANSWERED, arena_printf(&a, "/assistance/requests/%lld", request_id), np,
                              NULL);
    json_decref(np);
    if (sent < 0) { store_tx_rollback(s); err_set(e, ERR_STORE, NULL, NULL); goto done; }
    json_t *d = json_pack("{s:s, s:s}", "partner", partner_code, "answer", accept ? "accepted" : "declined");
    audit_record(s, who, accept ? "request.accept" : "request.decline", "request", request_id, d);
    json_decref(d);
    if (store_tx_commit(s) < 0) { err_set(e, ERR_STORE, NULL, NULL); goto done; }
    rc = 0;
done:
    arena_cleanup(&a);
    return rc;
}

static void interest_from_row(const struct store_interest *r, bool named, struct assist_interest *i)
{
    *i = (struct assist_interest){ r->request_id, named ? r->partner_id : 0, named ? r->offer_id : 0,
                                   named ? r->partner_code : NULL, named ? r->partner_name : NULL, r->status,
                                   named ? r->note : NULL, r->created_at, r->decided_at, r->synthetic };
}

int assist_interests_of_request(struct store *s, struct arena *a, const struct principal *who, long long request_id,
                                struct assist_interest **out, size_t *n, int *count, struct err *e)
{
    struct store_request q;
    if (request_row(s, a, request_id, &q, e) < 0) return -1;
    long long own = assist_partner_of(s, who);
    if (own < 0) return err_set(e, ERR_STORE, NULL, NULL);
    struct store_interest *rows;
    size_t nrows;
    if (store_interests_list(s, a, request_id, 0, &rows, &nrows) < 0) return err_set(e, ERR_STORE, NULL, NULL);
    bool all = staff(who) || authz_allowed(who, AUTHZ_REQUEST_ANSWER, q.iso3);
    *out = arena_array(a, nrows ? nrows : 1, sizeof **out);
    *n = 0;
    *count = 0;
    for (size_t i = 0; i < nrows; i++) {
        if (strcmp(rows[i].status, "withdrawn") != 0) (*count)++;
        bool mine = own > 0 && rows[i].partner_id == own;
        if (all || mine) interest_from_row(&rows[i], true, &(*out)[(*n)++]);
    }
    return 0;
}

int assist_interests_mine(struct store *s, struct arena *a, const struct principal *who, struct assist_interest **out,
                          size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    long long own = assist_partner_of(s, who);
    if (own < 0) return err_set(e, ERR_STORE, NULL, NULL);
    if (own == 0) return 0;
    struct store_interest *rows;
    size_t nrows;
    if (store_interests_list(s, a, 0, own, &rows, &nrows) < 0) return err_set(e, ERR_STORE, NULL, NULL);
    *out = arena_array(a, nrows ? nrows : 1, sizeof **out);
    for (size_t i = 0; i < nrows; i++) interest_from_row(&rows[i], true, &(*out)[(*n)++]);
    return 0;
}

/* ---------------------------------------------------------------- taxonomy */

static const char *label_in(const char *list, const char *id, const char *lang)
{
    json_t *o;
    size_t i;
    json_array_foreach(json_object_get(template_taxonomy(), list), i, o)
        if (id && strcmp(json_string_value(json_object_get(o, "id")), id) == 0)
            return i18n_template_in(lang, json_string_value(json_object_get(o, "name")));
    return id ? id : "";
}

const char *assist_category_label(const char *id, const char *lang) { return label_in("categories", id, lang); }
const char *assist_kind_label(const char *id, const char *lang) { return label_in("kinds", id, lang); }

bool assist_category_known(const char *id) { return taxonomy_has("categories", id); }
bool assist_kind_known(const char *id) { return taxonomy_has("kinds", id); }

const char *assist_category_paragraphs(struct arena *a, const char *category)
{
    json_t *o;
    size_t i;
    json_array_foreach(json_object_get(template_taxonomy(), "categories"), i, o)
        if (strcmp(json_string_value(json_object_get(o, "id")), category) == 0) {
            json_t *p = json_object_get(o, "paragraphs");
            char *d = p ? json_dumps(p, JSON_COMPACT) : NULL;
            const char *out = arena_strdup(a, d ? d : "[]");
            free(d);
            return out;
        }
    return "[]";
}

bool assist_paragraph_valid(const char *id) { return id && ok_paragraph(NULL, id); }
