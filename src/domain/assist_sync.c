/*
 * assist_sync: a published report's needs and offers become requests and offers
 * (assist_sync_report, see assistance.h).  Row i of assist.needs is the request (report,
 * "assist.needs", i): a later version rewrites what the report says of it (category, kind,
 * description, cost, plan, proposal) and keeps what was decided since (stage, title,
 * period, paragraphs, languages changed by hand); rows the version no longer has are closed
 * as withdrawn by the system (domain/assist_stage.c), and a row that comes back is received
 * again.  A report of a later cycle supersedes the open requests (closed with that reason)
 * and offers of the State's earlier reports.  The same for assist.offers, whose partner is
 * the State itself (partner code = its ISO3).
 */
#include "domain/assistance.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/assist_stage.h"
#include "store/assist_stage.h"
#include "store/assistance.h"
#include "store/store.h"
#include "util/arena.h"

#define NEEDS "assist.needs"
#define OFFERS "assist.offers"

/* The template's region options of assist.offers as M49 codes; "global": everywhere (no code). */
static const struct { const char *id, *m49; } REGIONS[] = {
    { "africa", "002" }, { "americas", "019" }, { "asia", "142" }, { "europe", "150" }, { "oceania", "009" },
};

static const char *str(json_t *row, const char *k)
{
    const char *s = json_string_value(json_object_get(row, k));
    return s && *s ? s : NULL;
}

/* A title from a description: its first sentence or line, at most 120 characters (cut at a word). */
static const char *title_of(struct arena *a, const char *description, const char *category)
{
    const char *d = description ? description : "";
    while (*d == ' ' || *d == '\n' || *d == '\t') d++;
    if (!*d) return assist_category_label(category, "en");
    size_t n = strcspn(d, "\n");
    const char *dot = strstr(d, ". ");
    if (dot && (size_t)(dot - d) < n) n = (size_t)(dot - d);
    size_t chars = 0, cut = 0, last_space = 0;
    for (size_t i = 0; i < n; i++) {
        if (((unsigned char)d[i] & 0xC0) != 0x80) {
            if (chars == 120) { cut = last_space ? last_space : i; break; }
            chars++;
        }
        if (d[i] == ' ') last_space = i;
    }
    if (!cut) cut = n;
    while (cut && (d[cut - 1] == ' ' || d[cut - 1] == '.')) cut--;
    return arena_strndup(a, d, cut);
}

static const char *languages_of(const char *lang)
{
    static const char *const L[] = { "[\"ar\"]", "[\"zh\"]", "[\"en\"]", "[\"fr\"]", "[\"ru\"]", "[\"es\"]" };
    static const char *const C[] = { "ar", "zh", "en", "fr", "ru", "es" };
    for (int i = 0; i < 6; i++)
        if (lang && strcmp(lang, C[i]) == 0) return L[i];
    return "[]";
}

/* A move of the publication (the system), inside its transaction. */
static int system_move(struct store *s, long long id, const char *stage, const char *reason, const char *note)
{
    struct err e = ERR_NONE;
    if (assist_stage_move_tx(s, 0, id, stage, reason, note, &e) == 0) return 0;
    return e.code == ERR_STORE ? -1 : 0;   /* a move the table refuses leaves the request where it is */
}

/* A row that a later version had dropped (closed as withdrawn by the system) is published again: received again. */
static int reopen_if_withdrawn_by_sync(struct store *s, struct arena *a, long long id)
{
    struct store_stage_row r;
    if (store_request_stage_read(s, a, id, &r) != 0) return -1;
    if (strcmp(r.stage, "closed") != 0 || !r.close_reason || strcmp(r.close_reason, "withdrawn") != 0 || r.last_user) return 0;
    return system_move(s, id, "received", NULL, N_("A later version of the report has this need again."));
}

static int sync_needs(struct store *s, struct arena *a, long long report_id, const char *iso3, int cycle, int version,
                      const char *lang, json_t *rows, bool synthetic, long long user_id)
{
    size_t n = json_is_array(rows) ? json_array_size(rows) : 0;
    for (size_t i = 0; i < n; i++) {
        json_t *row = json_array_get(rows, i);
        const char *category = str(row, "category"), *kind = str(row, "kind");
        if (!json_is_object(row) || !category) continue;
        long long id = store_request_by_source(s, report_id, NEEDS, (int)i);
        if (id < 0) return -1;
        struct store_request q = { 0 };
        if (id > 0 && store_request_get(s, a, "en", id, &q) != 0) return -1;
        const char *description = str(row, "description"), *proposal = str(row, "proposal");
        if (proposal) description = description ? arena_printf(a, "%s\n\n%s", description, proposal) : proposal;
        if (!id) {
            q = (struct store_request){ .iso3 = iso3, .status = "open", .currency = "USD", .languages = languages_of(lang),
                                        .paragraphs = assist_category_paragraphs(a, category), .created_by = user_id };
        }
        if (!id || (q.category && strcmp(q.category, category) != 0)) q.paragraphs = assist_category_paragraphs(a, category);
        q.category = category;
        q.kind = kind ? kind : "technical";
        if (!id || !q.title || !*q.title) q.title = title_of(a, str(row, "description"), category);   /* a title changed since stays */
        q.description = description ? description : "";
        json_t *cost = json_object_get(row, "estimated_cost_usd");
        q.has_cost = json_is_number(cost) && json_number_value(cost) >= 0;
        q.cost = q.has_cost ? json_number_value(cost) : 0;
        const char *plan = str(row, "in_plan");
        q.in_plan = plan ? strcmp(plan, "yes") == 0 : -1;
        json_t *file = json_object_get(row, "proposal_file");
        char *fd = json_is_object(file) && json_is_string(json_object_get(file, "sha256")) ? json_dumps(file, JSON_COMPACT) : NULL;
        q.proposal = fd ? arena_strdup(a, fd) : NULL;
        free(fd);
        q.report_id = report_id;
        q.question = NEEDS;
        q.row = (int)i;
        q.version = version;
        q.cycle = cycle;
        q.lang = lang;   /* the report's language: the title and description are in it */
        q.synthetic = synthetic;
        if (store_request_save(s, &q) < 0) return -1;
        if (id && reopen_if_withdrawn_by_sync(s, a, id) < 0) return -1;
    }
    long long *gone;
    size_t ngone;
    if (store_requests_from(s, a, report_id, NEEDS, (int)n, &gone, &ngone) < 0) return -1;
    for (size_t i = 0; i < ngone; i++)
        if (system_move(s, gone[i], "closed", "withdrawn", N_("The latest version of the report no longer has this need.")) < 0)
            return -1;
    return 0;
}

static int sync_offers(struct store *s, struct arena *a, long long report_id, const char *iso3, const char *state_name,
                       int version, const char *lang, json_t *rows, bool synthetic, long long user_id)
{
    size_t n = json_is_array(rows) ? json_array_size(rows) : 0;
    long long partner = 0;
    for (size_t i = 0; i < n; i++) {
        json_t *row = json_array_get(rows, i);
        const char *category = str(row, "category"), *kind = str(row, "kind");
        if (!json_is_object(row) || !category) continue;
        if (!partner && (partner = store_partner_ensure(s, iso3, state_name ? state_name : iso3, "state", iso3, false)) < 0) return -1;
        long long id = store_offer_by_source(s, report_id, OFFERS, (int)i);
        if (id < 0) return -1;
        struct store_offer o = { 0 };
        if (id > 0 && store_offer_get(s, a, id, &o) != 0) return -1;
        if (!id) o = (struct store_offer){ .status = "open", .currency = "USD", .languages = languages_of(lang), .states = "[]",
                                           .created_by = user_id, .contact_public = true };
        else if (strcmp(o.status, "withdrawn") == 0) o.status = "open";
        o.partner_id = partner;
        o.title = title_of(a, str(row, "description"), category);
        o.description = str(row, "description") ? str(row, "description") : "";
        o.categories = arena_printf(a, "[\"%s\"]", category);   /* ids of the taxonomy: no quote or backslash in them */
        o.kinds = kind ? arena_printf(a, "[\"%s\"]", kind) : "[]";
        json_t *regions = json_array(), *sel = json_object_get(json_object_get(row, "regions"), "selected"), *e;
        size_t j;
        bool global = false;
        json_array_foreach(sel, j, e)
            for (size_t r = 0; r < sizeof REGIONS / sizeof REGIONS[0]; r++)
                if (json_is_string(e) && strcmp(json_string_value(e), REGIONS[r].id) == 0) json_array_append_new(regions, json_string(REGIONS[r].m49));
        json_array_foreach(sel, j, e) global |= json_is_string(e) && strcmp(json_string_value(e), "global") == 0;
        if (global) json_array_clear(regions);
        char *rd = json_dumps(regions, JSON_COMPACT);
        o.regions = arena_strdup(a, rd);
        free(rd);
        json_decref(regions);
        o.contact = str(row, "contact") ? str(row, "contact") : "";
        o.report_id = report_id;
        o.question = OFFERS;
        o.row = (int)i;
        o.version = version;
        o.synthetic = synthetic;
        if (store_offer_save(s, &o) < 0) return -1;
    }
    return store_offers_withdraw_from(s, report_id, OFFERS, (int)n) < 0 ? -1 : 0;
}

int assist_sync_report(struct store *s, long long report_id, const char *iso3, int cycle, int version, const char *lang,
                       json_t *answers, bool synthetic, long long user_id)
{
    struct arena a = ARENA_INIT;
    const char *name = NULL;
    json_t *needs = json_object_get(answers, NEEDS), *offers = json_object_get(answers, OFFERS);
    const char *any = json_string_value(json_object_get(answers, "assist.needs.any"));
    const char *offer = json_string_value(json_object_get(answers, "assist.offer"));
    if (any && strcmp(any, "yes") != 0) needs = NULL;
    if (offer && strcmp(offer, "yes") != 0) offers = NULL;
    name = store_state_name(s, &a, iso3);
    int rc = sync_needs(s, &a, report_id, iso3, cycle, version, lang, needs, synthetic, user_id);
    if (rc == 0) rc = sync_offers(s, &a, report_id, iso3, name, version, lang, offers, synthetic, user_id);
    long long *old;
    size_t nold = 0;
    if (rc == 0 && store_requests_to_supersede(s, &a, iso3, &old, &nold) < 0) rc = -1;
    for (size_t i = 0; rc == 0 && i < nold; i++)
        rc = system_move(s, old[i], "closed", "superseded", N_("A report of a later cycle superseded it."));
    if (rc == 0 && store_offers_supersede(s, iso3) < 0) rc = -1;
    arena_cleanup(&a);
    return rc;
}

struct all_ctx { struct store *s; long long n; };

static int all_cb(const struct store_published_assist *p, void *ctx)
{
    struct all_ctx *c = ctx;
    json_t *answers = json_loads(p->answers ? p->answers : "{}", 0, NULL);
    int rc = assist_sync_report(c->s, p->report_id, p->iso3, p->cycle, p->version, p->language, answers, p->synthetic, 0);
    json_decref(answers);
    if (rc < 0) return -1;
    c->n++;
    return 0;
}

long long assist_sync_all(struct store *s)
{
    struct all_ctx c = { s, 0 };
    if (store_tx_begin(s) < 0) return -1;
    if (store_published_assist_each(s, all_cb, &c) < 0) {
        store_tx_rollback(s);
        return -1;
    }
    return store_tx_commit(s) < 0 ? -1 : c.n;
}
