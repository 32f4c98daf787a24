/*
 * assist_match: matches between requests and offers for the pages and the API (see
 * assistance.h), on a set of profiles (match.h) of every open request and offer.  The set
 * is built once and kept until the database changes (store_data_generation), so rankings
 * follow every change at once and a request's matches cost a scan of the profiles, not a
 * database read of every offer.  Readers hold a reference to the set they use.
 */
#include "domain/assistance.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/cycle.h"
#include "domain/refdata.h"
#include "store/assistance.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/i18n.h"

struct snap {
    struct match_set *m;
    atomic_int refs;
    unsigned long gen;
    bool built;
};

static pthread_mutex_t snap_lock = PTHREAD_MUTEX_INITIALIZER;
static struct snap *current;

static void snap_put(struct snap *sn)
{
    if (sn && atomic_fetch_sub(&sn->refs, 1) == 1) {
        match_set_free(sn->m);
        free(sn);
    }
}

void assist_match_cleanup(void)
{
    pthread_mutex_lock(&snap_lock);
    snap_put(current);
    current = NULL;
    pthread_mutex_unlock(&snap_lock);
}

/* A code's bit: added to the set while it is built (add), only looked up in a shared set. */
static int bit(struct match_set *m, bool add, int table, const char *code)
{
    return add ? match_set_bit(m, table, code) : match_set_lookup(m, table, code);
}

static uint32_t bits_of(struct match_set *m, bool add, int table, struct assist_strings l)
{
    uint32_t b = 0;
    for (size_t i = 0; i < l.n; i++) {
        int x = bit(m, add, table, l.v[i]);
        if (x >= 0 && x < 32) b |= 1u << x;
    }
    return b;
}

static uint64_t place_bit(struct match_set *m, bool add, const char *code)
{
    int b = code ? bit(m, add, MATCH_T_REGION, code) : -1;
    return b >= 0 ? 1ull << b : 0;
}

/* The profile of a request; states: the places of every State by index. */
static void request_profile(struct match_set *m, bool add, const struct assist_request *q, const struct store_state_place *places,
                            size_t nplaces, struct match_request *r)
{
    memset(r, 0, sizeof *r);
    r->id = q->id;
    int c = bit(m, add, MATCH_T_CATEGORY, q->category), k = bit(m, add, MATCH_T_KIND, q->kind);
    r->category = c >= 0 ? 1u << c : 0;
    r->kind = k >= 0 && k < 8 ? (uint8_t)(1u << k) : 0;
    int st = bit(m, add, MATCH_T_STATE, q->iso3);
    r->state = st >= 0 ? (uint16_t)st : 0xffff;
    for (size_t i = 0; i < nplaces; i++)
        if (strcmp(places[i].iso3, q->iso3) == 0) {
            r->continent = place_bit(m, add, places[i].region);
            r->places = r->continent | place_bit(m, add, places[i].subregion) | place_bit(m, add, places[i].intermediate);
        }
    r->cost = q->has_cost ? q->cost : -1;
    r->start = match_month(q->period_start);
    r->end = match_month(q->period_end);
    r->langs = bits_of(m, add, MATCH_T_LANG, q->languages);
    r->from_report = q->source.report > 0;
}

static void offer_profile(struct match_set *m, bool add, const struct assist_offer *o, uint16_t *states, struct match_offer *p)
{
    memset(p, 0, sizeof *p);
    p->id = o->id;
    p->categories = bits_of(m, add, MATCH_T_CATEGORY, o->categories);
    p->kinds = (uint8_t)bits_of(m, add, MATCH_T_KIND, o->kinds);
    for (size_t i = 0; i < o->regions.n; i++) p->places |= place_bit(m, add, o->regions.v[i]);
    for (size_t i = 0; i < o->states.n && i < ASSIST_LIST_MAX; i++) {
        int st = bit(m, add, MATCH_T_STATE, o->states.v[i]);
        if (st >= 0) states[p->nstates++] = (uint16_t)st;
    }
    p->states = states;
    p->budget_min = o->has_min ? o->budget_min : -1;
    p->budget_max = o->has_max ? o->budget_max : -1;
    p->start = match_month(o->period_start);
    p->end = match_month(o->period_end);
    p->deadline = match_day(o->deadline);
    p->langs = bits_of(m, add, MATCH_T_LANG, o->languages);
    p->is_call = o->is_call;
}

/* The six UN languages take the first bits, in a fixed order. */
static void seed_tables(struct match_set *m)
{
    static const char *const LANGS[] = { "ar", "zh", "en", "fr", "ru", "es" };
    for (size_t i = 0; i < 6; i++) match_set_bit(m, MATCH_T_LANG, LANGS[i]);
}

struct match_set *assist_match_set_make(struct store *s, const struct assist_request *reqs, size_t nreq,
                                        const struct assist_offer *offs, size_t noff)
{
    struct arena a = ARENA_INIT;
    struct store_state_place *places;
    size_t nplaces;
    if (store_state_places(s, &a, &places, &nplaces) < 0) {
        arena_cleanup(&a);
        return NULL;
    }
    struct match_set *m = match_set_new();
    seed_tables(m);
    for (size_t i = 0; i < nplaces; i++) match_set_bit(m, MATCH_T_STATE, places[i].iso3);
    for (size_t i = 0; i < nreq; i++) {
        struct match_request r;
        request_profile(m, true, &reqs[i], places, nplaces, &r);
        match_set_add_request(m, &r);
    }
    uint16_t states[ASSIST_LIST_MAX];
    for (size_t i = 0; i < noff; i++) {
        struct match_offer o;
        offer_profile(m, true, &offs[i], states, &o);
        match_set_add_offer(m, &o);
    }
    match_set_index(m);
    arena_cleanup(&a);
    return m;
}

static struct snap *snap_build(struct store *s, unsigned long gen)
{
    struct arena a = ARENA_INIT;
    struct principal pub;
    auth_public(&pub);
    struct assist_request *reqs;
    struct assist_offer *offs;
    size_t nreq, noff;
    struct assist_request_filter rf = { .open_only = true, .cost_min = -1, .cost_max = -1 };
    struct assist_offer_filter of = { .open_only = true };
    struct err e;
    struct snap *sn = NULL;
    struct match_set *m = NULL;
    if (assist_requests_list(s, &a, &pub, "en", &rf, &reqs, &nreq, &e) < 0 || assist_offers_list(s, &a, &pub, &of, &offs, &noff, &e) < 0 ||
        !(m = assist_match_set_make(s, reqs, nreq, offs, noff)) || !(sn = calloc(1, sizeof *sn))) {
        match_set_free(m);
        arena_cleanup(&a);
        return NULL;
    }
    sn->m = m;
    sn->gen = gen;
    atomic_init(&sn->refs, 1);
    arena_cleanup(&a);
    return sn;
}

/* The current set, built again when the database changed; NULL on a database error.  snap_put when done. */
static struct snap *snap_get(struct store *s)
{
    unsigned long gen = store_data_generation(s);
    pthread_mutex_lock(&snap_lock);
    if (!current || current->gen != gen) {
        struct snap *sn = snap_build(s, gen);
        if (!sn) {
            pthread_mutex_unlock(&snap_lock);
            return NULL;
        }
        snap_put(current);
        current = sn;
    }
    atomic_fetch_add(&current->refs, 1);
    struct snap *out = current;
    pthread_mutex_unlock(&snap_lock);
    return out;
}

static int today_day(void)
{
    char t[11];
    cycle_today(t);
    return match_day(t);
}

/* ---------------------------------------------------------------- reasons in words */

static const char *FACTOR_NAMES[MATCH_NFACTORS] = { "category", "kind", "place", "budget", "period", "language", "report" };

static const char *amount(struct arena *a, double v, const char *currency)
{
    struct buf b = BUF_INIT;
    i18n_number(&b, (long long)(v + 0.5));
    if (currency) buf_printf(&b, " %s", currency);
    const char *out = arena_strdup(a, buf_cstr(&b));
    buf_cleanup(&b);
    return out;
}

static const char *range(struct arena *a, const struct assist_offer *o)
{
    if (o->has_min && o->has_max)
        return arena_printf(a, "%s\u2013%s", amount(a, o->budget_min, NULL), amount(a, o->budget_max, o->currency)) ;
    if (o->has_max) return arena_printf(a, _("up to %s"), amount(a, o->budget_max, o->currency));
    return arena_printf(a, _("from %s"), amount(a, o->budget_min, o->currency));
}

static const char *month_text(struct arena *a, const char *ym)
{
    return ym ? arena_strdup(a, ym) : "";
}

/* The regions' names in the language, read once for all the matches of a page. */
struct names { struct ref_item *regions; size_t n; bool read; };

static const char *region_name(struct store *s, struct arena *a, struct names *nm, const char *code, const char *lang)
{
    if (!code) return "";
    if (!nm->read) {
        nm->read = true;
        if (ref_regions(s, a, lang, &nm->regions, &nm->n, NULL) < 0) nm->n = 0;
    }
    for (size_t i = 0; i < nm->n; i++)
        if (strcmp(nm->regions[i].code, code) == 0) return nm->regions[i].name;
    return code;
}

static const char *lang_name(const char *code)
{
    return code ? i18n_autonym(code) : "";
}

/* The reasons of a scored pair, in this thread's language (names in lang). */
static void explain(struct store *s, struct arena *a, struct names *nm, const char *lang, const struct match_set *m,
                    const struct match_result *res,
                    const struct assist_request *q, const struct assist_offer *o, struct assist_match *out)
{
    out->score = res->score;
    out->nreasons = 0;
    for (int f = 0; f < MATCH_NFACTORS; f++) {
        int how = res->f[f].how;
        const char *t = NULL;
        switch (f) {
        case MATCH_CATEGORY:
            t = how == MH_ANY ? _("Takes needs of every category")
                              : arena_printf(a, _("Same category: %s"), assist_category_label(q->category, lang));
            break;
        case MATCH_KIND:
            t = how == MH_ANY ? _("Offers every kind of assistance")
              : how == MH_UNKNOWN ? _("The request names no kind of assistance")
              : how == MH_NAMED ? arena_printf(a, _("Offers this kind of assistance: %s"), assist_kind_label(q->kind, lang))
                                : arena_printf(a, _("Does not offer this kind of assistance: %s"), assist_kind_label(q->kind, lang));
            break;
        case MATCH_PLACE: {
            const char *where = res->place_bit >= 0 ? region_name(s, a, nm, match_set_code(m, MATCH_T_REGION, res->place_bit), lang)
                                                    : q->state_name;
            t = how == MH_ANY ? _("Serves every region")
              : how == MH_NAMED ? arena_printf(a, _("Serves %s"), where)
              : how == MH_CONTINENT ? arena_printf(a, _("Serves the continent: %s"), where)
                                    : arena_printf(a, _("Does not serve %s"), q->state_name);
            break;
        }
        case MATCH_BUDGET:
            t = how == MH_UNKNOWN ? (q->has_cost ? _("The offer gives no budget to compare with the estimate")
                                                 : _("The request gives no estimate to compare with the budget"))
              : how == MH_ABOVE ? arena_printf(a, _("The estimate of %s is above the budget, %s"), amount(a, q->cost, q->currency), range(a, o))
              : how == MH_BELOW ? arena_printf(a, _("The estimate of %s is below the smallest grant, %s"), amount(a, q->cost, q->currency), range(a, o))
                                : arena_printf(a, _("Budget %s covers the estimate of %s"), range(a, o), amount(a, q->cost, q->currency));
            break;
        case MATCH_PERIOD:
            t = how == MH_CLOSED ? arena_printf(a, _("The call closed on %s"), o->deadline)
              : how == MH_OPEN_UNTIL ? arena_printf(a, _("The call is open until %s"), o->deadline)
              : how == MH_ENDS_BEFORE ? arena_printf(a, _("The offer ends (%s) before the request starts (%s)"), month_text(a, o->period_end), month_text(a, q->period_start))
              : how == MH_OTHER ? arena_printf(a, _("The request ends (%s) before the offer starts (%s)"), month_text(a, q->period_end), month_text(a, o->period_start))
              : how == MH_UNKNOWN ? _("A period is not given: check the dates together")
                                  : _("The periods overlap");
            break;
        case MATCH_LANGUAGE:
            t = how == MH_NAMED ? arena_printf(a, _("Works in %s"), lang_name(match_set_code(m, MATCH_T_LANG, res->language_bit)))
              : how == MH_UNKNOWN ? _("A working language is not given")
                                  : _("No working language in common");
            break;
        case MATCH_REPORT:
            if (!o->is_call) continue;
            t = res->f[f].fits ? _("Stated in a national report, as the fund requires")
                               : _("The fund takes only needs stated in a national report");
            break;
        }
        out->reasons[out->nreasons++] = (struct assist_reason){ FACTOR_NAMES[f], res->f[f].fits, t };
    }
}

int assist_matches_for_request(struct store *s, struct arena *a, const struct principal *who, const char *lang,
                               long long id, size_t k, struct assist_match **out, size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    struct assist_request q;
    if (assist_request_get(s, a, who, lang, id, &q, e) < 0) return -1;
    struct snap *sn = snap_get(s);
    if (!sn) return err_set(e, ERR_STORE, NULL, NULL);
    int today = today_day(), rc = 0;
    struct names nm = { NULL, 0, false };
    const struct match_request *r = match_set_request(sn->m, id);
    struct match_request tmp;
    if (!r) {   /* a closed or withdrawn request: ranked all the same, on its own profile */
        struct store_state_place *places;
        size_t nplaces;
        if (store_state_places(s, a, &places, &nplaces) < 0) { rc = err_set(e, ERR_STORE, NULL, NULL); goto done; }
        request_profile(sn->m, false, &q, places, nplaces, &tmp);   /* codes the set does not know match nothing */
        r = &tmp;
    }
    struct match_hit *hits = arena_array(a, k ? k : 1, sizeof *hits);
    size_t nh = match_top_offers(sn->m, r, today, hits, k);
    *out = arena_array(a, nh ? nh : 1, sizeof **out);
    for (size_t i = 0; i < nh; i++) {
        struct assist_match *mt = &(*out)[*n];
        memset(mt, 0, sizeof *mt);
        struct err e2;
        if (assist_offer_get(s, a, who, hits[i].id, &mt->offer, &e2) < 0) {
            if (e2.code == ERR_NOT_FOUND) continue;   /* changed since the set was built */
            rc = err_set(e, e2.code, e2.msg, e2.arg);
            goto done;
        }
        struct match_result res;
        match_score(r, match_set_offer(sn->m, hits[i].id), today, &res);
        explain(s, a, &nm, lang, sn->m, &res, &q, &mt->offer, mt);
        (*n)++;
    }
done:
    snap_put(sn);
    return rc;
}

int assist_matches_for_offer(struct store *s, struct arena *a, const struct principal *who, const char *lang, long long id,
                             size_t k, struct assist_match **out, size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    struct assist_offer o;
    if (assist_offer_get(s, a, who, id, &o, e) < 0) return -1;
    struct snap *sn = snap_get(s);
    if (!sn) return err_set(e, ERR_STORE, NULL, NULL);
    int today = today_day(), rc = 0;
    struct names nm = { NULL, 0, false };
    const struct match_offer *p = match_set_offer(sn->m, id);
    struct match_offer tmp;
    uint16_t states[ASSIST_LIST_MAX];
    if (!p) {
        offer_profile(sn->m, false, &o, states, &tmp);
        p = &tmp;
    }
    struct match_hit *hits = arena_array(a, k ? k : 1, sizeof *hits);
    size_t nh = match_top_requests(sn->m, p, today, hits, k);
    *out = arena_array(a, nh ? nh : 1, sizeof **out);
    for (size_t i = 0; i < nh; i++) {
        struct assist_match *mt = &(*out)[*n];
        memset(mt, 0, sizeof *mt);
        struct err e2;
        if (assist_request_get(s, a, who, lang, hits[i].id, &mt->request, &e2) < 0) {
            if (e2.code == ERR_NOT_FOUND) continue;
            rc = err_set(e, e2.code, e2.msg, e2.arg);
            goto done;
        }
        struct match_result res;
        match_score(match_set_request(sn->m, hits[i].id), p, today, &res);
        explain(s, a, &nm, lang, sn->m, &res, &mt->request, &o, mt);
        (*n)++;
    }
done:
    snap_put(sn);
    return rc;
}
