/*
 * demo_assist: the demo's partners, their offers and their interests (demo_assistance, see
 * demo.h).  Runs after the published reports' requests exist (assist_sync_all).  Four
 * partners: the demo account `donor` (a donor agency), a donor State, a regional organisation
 * and an NGO, plus a trust fund's call for proposals.  Their offers are drawn to fit some
 * open requests well (the category and subregion most asked for, a budget that covers the
 * estimates) and others poorly (another region, a small budget, a period that has ended).
 * Interests in each state (interested, accepted, declined, withdrawn), one of them on a
 * request of Kenya so that the demo focal point has one to answer.  Everything synthetic; made
 * once (a second `poaiss demo` leaves them).
 */
#include "domain/demo.h"

#include <stdio.h>
#include <string.h>

#include "domain/assist_stage.h"
#include "domain/assistance.h"
#include "store/assistance.h"
#include "store/store.h"
#include "util/arena.h"

struct partner_def { const char *code, *name, *kind, *iso3; };

static const struct partner_def PARTNERS[] = {
    { "demo-nor", "Norway (demo donor State)", "state", "NOR" },
    { "demo-au", "African Union Commission (demo)", "organisation", NULL },
    { "demo-ngo", "Armed Violence Reduction Network (demo NGO)", "ngo", NULL },
    { "demo-unscar", "UNSCAR (demo call for proposals)", "fund", NULL },
};

static int user_cb(const struct store_user *u, void *ctx)
{
    *(long long *)ctx = u->id;
    return 0;
}

/* The category and the M49 subregion asked for most by open requests, and a Kenyan request (0 when none). */
struct pick { const char *category, *second, *subregion; long long kenya; double kenya_cost; const char *kenya_category; };

static int pick_targets(struct store *s, struct arena *a, struct pick *p)
{
    struct assist_request *q;
    size_t n;
    struct err e;
    struct principal pub;
    auth_public(&pub);
    struct assist_request_filter f = { .open_only = true, .cost_min = -1, .cost_max = -1 };
    if (assist_requests_list(s, a, &pub, "en", &f, &q, &n, &e) < 0) return -1;
    struct store_state_place *places;
    size_t np;
    if (store_state_places(s, a, &places, &np) < 0) return -1;
    const char *cats[64] = { 0 }, *subs[64] = { 0 };
    int ccount[64] = { 0 }, scount[64] = { 0 };
    for (size_t i = 0; i < n; i++) {
        for (int c = 0; c < 64; c++)
            if (!cats[c] || strcmp(cats[c], q[i].category) == 0) { cats[c] = q[i].category; ccount[c]++; break; }
        for (size_t k = 0; k < np; k++)
            if (strcmp(places[k].iso3, q[i].iso3) == 0 && places[k].subregion)
                for (int c = 0; c < 64; c++)
                    if (!subs[c] || strcmp(subs[c], places[k].subregion) == 0) { subs[c] = places[k].subregion; scount[c]++; break; }
        if (strcmp(q[i].iso3, "KEN") == 0 && !p->kenya) {
            p->kenya = q[i].id;
            p->kenya_cost = q[i].has_cost ? q[i].cost : 0;
            p->kenya_category = q[i].category;
        }
    }
    int best = 0, second = -1, sbest = 0;
    for (int c = 1; c < 64 && cats[c]; c++)
        if (ccount[c] > ccount[best]) best = c;
    for (int c = 0; c < 64 && cats[c]; c++)
        if (c != best && (second < 0 || ccount[c] > ccount[second])) second = c;
    for (int c = 1; c < 64 && subs[c]; c++)
        if (scount[c] > scount[sbest]) sbest = c;
    p->category = cats[best] ? cats[best] : "stockpile";
    p->second = second >= 0 ? cats[second] : "marking_recordkeeping";
    p->subregion = subs[sbest] ? subs[sbest] : "014";
    return 0;
}

static long long add_offer(struct store *s, long long partner, const char *title, const char *categories, const char *kinds,
                           const char *regions, double min, double max, const char *start, const char *end, const char *langs,
                           const char *description, const char *contact, bool contact_public, bool is_call, const char *deadline)
{
    struct store_offer o = {
        .partner_id = partner, .title = title, .categories = categories, .kinds = kinds, .regions = regions, .states = "[]",
        .has_min = min >= 0, .budget_min = min, .has_max = max >= 0, .budget_max = max, .currency = "USD",
        .period_start = start, .period_end = end, .languages = langs, .description = description, .contact = contact,
        .contact_public = contact_public, .is_call = is_call, .deadline = deadline, .status = "open", .synthetic = true,
    };
    return store_offer_save(s, &o);
}

int demo_assistance(struct store *s, FILE *out, char *err, size_t errlen)
{
    struct arena a = ARENA_INIT;
    struct pick p = { 0 };
    int rc = -1;
    long long have = store_partner_by_code(s, PARTNERS[0].code);
    if (have != 0) {   /* made already (or unreadable) */
        arena_cleanup(&a);
        if (have < 0) snprintf(err, errlen, "reading the partners failed");
        return have < 0 ? -1 : 0;
    }
    if (pick_targets(s, &a, &p) < 0) { snprintf(err, errlen, "reading the requests failed"); goto done; }
    if (store_tx_begin(s) < 0) { snprintf(err, errlen, "database busy"); goto done; }
    long long id[5];
    for (size_t i = 0; i < 4; i++)
        if ((id[i] = store_partner_ensure(s, PARTNERS[i].code, PARTNERS[i].name, PARTNERS[i].kind, PARTNERS[i].iso3, true)) < 0) goto fail;
    long long donor_user = 0;
    if (store_user_by_name(s, "donor", user_cb, &donor_user) < 0) goto fail;
    if ((id[4] = store_partner_ensure(s, "demo-donor-agency", "Demo donor agency", "other", NULL, true)) < 0) goto fail;
    if (donor_user && store_partner_set_user(s, donor_user, id[4]) < 0) goto fail;

    const char *cat1 = arena_printf(&a, "[\"%s\"]", p.category), *cat2 = arena_printf(&a, "[\"%s\", \"%s\"]", p.category, p.second);
    const char *sub = arena_printf(&a, "[\"%s\"]", p.subregion);
    long long o[8];
    int k = 0;
    /* fits well: the most asked-for category, where it is asked for most, a budget for real projects */
    if ((o[k++] = add_offer(s, id[4], "Support for stockpile and marking projects", cat2, "[\"financial\", \"equipment\"]", sub,
                            20000, 800000, "2026-01", "2029-12", "[\"en\", \"fr\"]",
                            "Grants and equipment for national projects identified in national reports.", "grants@donor.example.org",
                            false, false, NULL)) < 0) goto fail;
    if ((o[k++] = add_offer(s, id[0], "Bilateral assistance programme", "[]", "[]", "[\"002\"]", 50000, 2000000, "2027-01",
                            "2030-12", "[\"en\"]", "Multi-year programme open to every category of the Programme of Action in Africa.",
                            "poa@norway.example.org", true, false, NULL)) < 0) goto fail;
    if ((o[k++] = add_offer(s, id[1], "Regional training on physical security and stockpile management", cat1,
                            "[\"training\", \"expertise\"]", "[\"002\"]", -1, 150000, "2026-06", "2028-06", "[\"en\", \"fr\", \"ar\"]",
                            "Training of armoury staff and national trainers.", "ssr@au.example.org", true, false, NULL)) < 0) goto fail;
    /* fits poorly: small grants, another continent, a period that has ended */
    if ((o[k++] = add_offer(s, id[2], "Small grants for community projects", "[\"awareness_prevention\", \"collection\"]",
                            "[\"financial\"]", "[\"019\"]", 1000, 25000, "2025-01", "2026-06", "[\"es\", \"en\"]",
                            "Awareness campaigns and voluntary surrender, led by civil society.", "info@avrn.example.org", false, false,
                            NULL)) < 0) goto fail;
    if ((o[k++] = add_offer(s, id[3], "Call for proposals 2027", cat2, "[\"financial\"]", "[]", 50000, 1000000, NULL, NULL,
                            "[\"en\", \"fr\", \"es\"]",
                            "Funds projects that answer needs stated in national reports; priorities for 2027 as listed.",
                            "unscar@example.org", true, true, "2027-04-30")) < 0) goto fail;

    /* interests in each state */
    struct assist_request *q;
    size_t n;
    struct err e;
    struct principal pub;
    auth_public(&pub);
    struct assist_request_filter f = { .category = p.category, .open_only = true, .cost_min = -1, .cost_max = -1 };
    if (assist_requests_list(s, &a, &pub, "en", &f, &q, &n, &e) < 0) goto fail;
    static const char *const STATUS[] = { "accepted", "declined", "interested", "withdrawn" };
    int made = 0;
    for (size_t i = 0; i < n && made < 4; i++) {
        if (strcmp(q[i].iso3, "KEN") == 0) continue;
        struct store_interest in = { .request_id = q[i].id, .partner_id = id[4], .offer_id = o[0], .status = STATUS[made],
                                     .note = "We could fund this from our 2027 budget (demo).", .synthetic = true };
        if (store_interest_set(s, &in, 0) < 0) goto fail;
        if (strcmp(STATUS[made], "accepted") == 0) {
            if (assist_stage_move_at(s, 0, q[i].id, "matched", NULL, "The State accepted a partner's interest (demo).", NULL,
                                     true, &e) < 0)
                goto fail;
        }
        made++;
    }
    if (p.kenya) {   /* Kenya's focal point has an interest to answer */
        struct store_interest in = { .request_id = p.kenya, .partner_id = id[4], .offer_id = o[0], .status = "interested",
                                     .note = "Our agency can support this need (demo).", .synthetic = true };
        if (store_interest_set(s, &in, 0) < 0) goto fail;
        in.partner_id = id[1];
        in.offer_id = o[2];
        in.note = "The AU can include this in its regional programme (demo).";
        if (store_interest_set(s, &in, 0) < 0) goto fail;
    }
    store_audit_add(s, 0, "cli", "demo.assistance", NULL, NULL);
    if (store_tx_commit(s) < 0) { snprintf(err, errlen, "commit failed"); goto done; }
    if (out) fprintf(out, "Demo assistance: %zu partners, %d offers, %d interests (synthetic)\n", sizeof PARTNERS / sizeof PARTNERS[0] + 1,
                     k, made + (p.kenya ? 2 : 0));
    rc = 0;
    goto done;
fail:
    store_tx_rollback(s);
    snprintf(err, errlen, "making the demo's partners and offers failed");
done:
    arena_cleanup(&a);
    return rc;
}
