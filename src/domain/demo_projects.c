/*
 * demo_projects: the demo's three projects (demo_projects, see demo.h), after its partners and
 * interests (demo_assist.c).  The State accepts the interests it needs through the domain
 * (assist_interest_decide, as its focal point would), then, each titled as its request:
 *   1. the request the donor agency's interest was accepted on, with the agency and the African
 *      Union, quarterly from 2025-07: the State and the agency report every period, the AU
 *      stopped after three: late;
 *   2. another State's need with the agency, half-yearly from 2025-01, the financial detail
 *      public, one report corrected by a later one;
 *   3. a third State's need with Norway, quarterly from 2026-03, both reporting.
 * Kenya's requests are left alone (the procedure's demo and the tests walk them; the demo focal
 * point starts a project itself from an accepted interest).
 * Their requests move to "implementation" through the procedure (assist_stage_move_at, marked
 * synthetic, dated now).  After the procedure's demo (demo_procedure.c).  Reports carry the dates they would have been posted on.  Everything synthetic;
 * made once (a second `poaiss demo` leaves them).
 */
#include "domain/demo.h"

#include <stdio.h>
#include <string.h>

#include "domain/assist_stage.h"
#include "domain/assistance.h"
#include "store/assistance.h"
#include "store/project.h"
#include "store/store.h"
#include "util/arena.h"

static int user_cb(const struct store_user *u, void *ctx)
{
    *(long long *)ctx = u->id;
    return 0;
}

/* The State's focal point as a principal (the demo account when there is one). */
static void focal_point(struct store *s, const char *iso3, struct principal *p)
{
    auth_public(p);
    p->role = ROLE_FOCAL_POINT;
    snprintf(p->state_iso3, sizeof p->state_iso3, "%s", iso3);
    snprintf(p->username, sizeof p->username, "demo");
    if (strcmp(iso3, "KEN") == 0) store_user_by_name(s, "kenya", user_cb, &p->user_id);
}

/* A partner's interest in a request, accepted by the State (marked first when it has none).  -1 on failure. */
static int accept(struct store *s, struct arena *a, long long request, const char *iso3, long long partner, const char *code)
{
    struct store_interest *v;
    size_t n;
    if (store_interests_list(s, a, request, partner, &v, &n) < 0) return -1;
    if (n && strcmp(v[0].status, "accepted") == 0) return 0;
    if (!n || strcmp(v[0].status, "interested") != 0) {
        struct store_interest in = { .request_id = request, .partner_id = partner, .status = "interested",
                                     .note = "We can take this up (demo).", .synthetic = true };
        if (store_tx_begin(s) < 0) return -1;
        if (store_interest_set(s, &in, 0) < 0) { store_tx_rollback(s); return -1; }
        if (store_tx_commit(s) < 0) return -1;
    }
    struct principal fp;
    focal_point(s, iso3, &fp);
    struct err e = ERR_NONE;
    return assist_interest_decide(s, &fp, request, code, true, &e);
}

struct demo_report { const char *period_end; long long party; const char *activities, *results, *paragraphs; double c, d, sp; };

/* A project with its partners, requests (moved to implementation) and reports, in the caller's transaction.  Its id or -1. */
static long long make(struct store *s, struct arena *a, const struct store_project *p, const long long *partners, size_t np,
                      long long request, const struct demo_report *r, size_t nr)
{
    long long id = store_project_insert(s, p);
    if (id <= 0) return -1;
    for (size_t i = 0; i < np; i++)
        if (store_project_partner_add(s, id, partners[i]) < 0) return -1;
    if (store_project_request_add(s, id, request) < 0) return -1;
    struct err e = ERR_NONE;
    /* moved now: the procedure's demo dates the earlier steps of some requests after these projects began */
    if (assist_stage_move_at(s, 0, request, "implementation", NULL, arena_printf(a, "Project %lld started (demo).", id), NULL, true, &e) < 0 &&
        (e.code == ERR_STORE || e.code == ERR_BUSY))
        return -1;   /* a stage that does not allow the move is left as it is */
    for (size_t i = 0; i < nr; i++) {
        /* posted about ten days after the period ends (YYYY-MM-DD: the next month's tenth) */
        int y, m;
        sscanf(r[i].period_end, "%d-%d", &y, &m);
        if (++m > 12) { m = 1; y++; }
        struct store_progress x = { .project_id = id, .party = r[i].party, .period_end = r[i].period_end,
                                    .activities = r[i].activities, .results = r[i].results,
                                    .paragraphs = r[i].paragraphs ? r[i].paragraphs : "[]",
                                    .has_committed = r[i].c >= 0, .committed = r[i].c, .has_disbursed = r[i].d >= 0,
                                    .disbursed = r[i].d, .has_spent = r[i].sp >= 0, .spent = r[i].sp, .synthetic = true,
                                    .created_at = arena_printf(a, "%04d-%02d-10T10:00:00Z", y, m) };
        if (store_progress_insert(s, &x) < 0) return -1;
    }
    return id;
}

/* The first open request of a report, still received, of another State than those named, its State and title (0: none). */
static long long other_request(struct store *s, struct arena *a, const char *const *not, size_t nnot, const char **iso3,
                               const char **title)
{
    struct principal pub;
    auth_public(&pub);
    struct assist_request *q;
    size_t n;
    struct err e;
    struct assist_request_filter f = { .status = "open", .cost_min = -1, .cost_max = -1 };
    if (assist_requests_list(s, a, &pub, "en", &f, &q, &n, &e) < 0) return -1;
    for (size_t i = 0; i < n; i++) {
        bool taken = false;
        for (size_t k = 0; k < nnot; k++) taken |= not[k] && strcmp(q[i].iso3, not[k]) == 0;
        if (!taken && q[i].source.report > 0 && q[i].stage && strcmp(q[i].stage, "received") == 0) {   /* a need the procedure's demo left alone */
            *iso3 = q[i].iso3;
            *title = q[i].title;
            return q[i].id;
        }
    }
    return 0;
}

int demo_projects(struct store *s, FILE *out, char *err, size_t errlen)
{
    struct arena a = ARENA_INIT;
    int rc = -1;
    struct store_project *have;
    size_t nhave;
    struct store_project_filter none = { 0 };
    if (store_projects_list(s, &a, "en", &none, &have, &nhave) < 0) { snprintf(err, errlen, "reading the projects failed"); goto done; }
    if (nhave) { rc = 0; goto done; }   /* made already */
    long long agency = store_partner_by_code(s, "demo-donor-agency"), au = store_partner_by_code(s, "demo-au"),
              nor = store_partner_by_code(s, "demo-nor");
    if (agency <= 0 || au <= 0 || nor <= 0) { rc = 0; goto done; }   /* no demo partners: nothing to build on */
    /* 1: the request the agency's interest was accepted on */
    struct store_interest *iv;
    size_t ni;
    long long first = 0;
    const char *first_iso3 = NULL, *first_title = NULL;
    if (store_interests_list(s, &a, 0, agency, &iv, &ni) < 0) goto fail_read;
    for (size_t i = 0; i < ni; i++) {
        struct store_request q;
        if (store_request_get(s, &a, "en", iv[i].request_id, &q) != 0) goto fail_read;
        if (strcmp(q.iso3, "KEN") != 0 && strcmp(iv[i].status, "accepted") == 0 && !first) {
            first = q.id;
            first_iso3 = q.iso3;
            first_title = q.title;
        }
    }
    if (!first) { rc = 0; goto done; }
    /* 2 and 3: needs of two other States, still received */
    const char *second_iso3 = NULL, *second_title = NULL, *third_iso3 = NULL, *third_title = NULL;
    const char *not2[] = { "KEN", first_iso3 };
    long long second = other_request(s, &a, not2, 2, &second_iso3, &second_title);
    if (second <= 0) { if (second < 0) goto fail_read; rc = 0; goto done; }
    const char *not3[] = { "KEN", first_iso3, second_iso3 };
    long long third = other_request(s, &a, not3, 3, &third_iso3, &third_title);
    if (third < 0) goto fail_read;
    if (accept(s, &a, first, first_iso3, au, "demo-au") < 0 || accept(s, &a, second, second_iso3, agency, "demo-donor-agency") < 0 ||
        (third && accept(s, &a, third, third_iso3, nor, "demo-nor") < 0)) {
        snprintf(err, errlen, "accepting the demo interests failed");
        goto done;
    }

    if (store_tx_begin(s) < 0) { snprintf(err, errlen, "database busy"); goto done; }
    static const struct demo_report R1[] = {
        { "2025-09-30", 0, "Chose the four armouries and named the national trainers.", "Sites agreed with the police.", "[\"PoA II.17\"]", -1, -1, -1 },
        { "2025-09-30", -1, "Signed the grant agreement; first transfer.", "", NULL, 400000, 100000, 20000 },
        { "2025-09-30", -2, "Planned the regional training.", "", NULL, 80000, 20000, 5000 },
        { "2025-12-31", 0, "First training course: 24 armoury staff.", "Two armouries meet the national standard.", "[\"PoA II.17\", \"PoA II.18\"]", -1, -1, -1 },
        { "2025-12-31", -1, "Procured locks and alarms for two armouries.", "", NULL, 400000, 180000, 120000 },
        { "2025-12-31", -2, "Ran the first training course with the national trainers.", "", NULL, 80000, 40000, 30000 },
        { "2026-03-31", 0, "Second course: 30 staff; record-keeping reviewed.", "Four armouries meet the standard.", "[\"PoA II.17\"]", -1, -1, -1 },
        { "2026-03-31", -1, "Second transfer; equipment installed.", "", NULL, 400000, 260000, 210000 },
        { "2026-03-31", -2, "Second course delivered.", "", NULL, 80000, 60000, 55000 },
        { "2026-06-30", 0, "Inspections of the refurbished armouries.", "No loss reported since the works.", "[\"PoA II.17\"]", -1, -1, -1 },
        { "2026-06-30", -1, "Third transfer.", "", NULL, 400000, 320000, 280000 },
        { "2026-09-30", 0, "Train-the-trainer course for the regions.", "", "[\"PoA II.17\"]", -1, -1, -1 },
        { "2026-09-30", -1, "Fourth transfer; evaluation commissioned.", "", NULL, 400000, 380000, 330000 },
    };
    static const struct demo_report R2[] = {
        { "2025-06-30", -1, "Grant agreed; marking machines ordered.", "", "[\"ITI 8a\"]", 150000, 50000, 40000 },
        { "2025-06-30", 0, "Staff chosen for the marking unit.", "", NULL, -1, -1, -1 },
        { "2025-12-31", -1, "Machines delivered.", "", "[\"ITI 8a\"]", 150000, 100000, 90000 },
        { "2025-12-31", -1, "Machines delivered and installed (correction).", "Marking of new imports has started.", "[\"ITI 8a\"]", 150000, 110000, 95000 },
        { "2025-12-31", 0, "Marking unit trained.", "3,000 firearms marked.", "[\"ITI 8a\", \"ITI 8b\"]", -1, -1, -1 },
        { "2026-06-30", -1, "Last transfer.", "", NULL, 150000, 150000, 140000 },
        { "2026-06-30", 0, "Marking of the police stockpile.", "11,000 firearms marked and recorded.", "[\"ITI 8a\"]", -1, -1, -1 },
    };
    static const struct demo_report R3[] = {
        { "2026-05-31", -3, "Needs assessment with the national commission.", "", NULL, 250000, 50000, 20000 },
        { "2026-05-31", 0, "National commission set up the project team.", "", "[\"PoA II.4\"]", -1, -1, -1 },
        { "2026-08-31", -3, "Equipment ordered.", "", NULL, 250000, 120000, 90000 },
        { "2026-08-31", 0, "Training plan adopted.", "Team of 12 in place.", "[\"PoA II.4\"]", -1, -1, -1 },
    };
    /* party -1: the agency, -2: the AU, -3: Norway (made real ids below) */
    struct demo_report r1[sizeof R1 / sizeof R1[0]], r2[sizeof R2 / sizeof R2[0]], r3[sizeof R3 / sizeof R3[0]];
    struct { struct demo_report *v; const struct demo_report *from; size_t n; } sets[] = {
        { r1, R1, sizeof R1 / sizeof R1[0] }, { r2, R2, sizeof R2 / sizeof R2[0] }, { r3, R3, sizeof R3 / sizeof R3[0] },
    };
    for (size_t k = 0; k < 3; k++)
        for (size_t i = 0; i < sets[k].n; i++) {
            sets[k].v[i] = sets[k].from[i];
            long long p = sets[k].v[i].party;
            sets[k].v[i].party = p == -1 ? agency : p == -2 ? au : p == -3 ? nor : 0;
        }
    struct store_project p1 = { .title = first_title, .iso3 = first_iso3,
                                .description = "Refurbishing four armouries and training their staff (demo).", .has_budget = true,
                                .budget = 480000, .currency = "USD", .period_start = "2025-07", .period_end = "2027-06",
                                .agency = "National Police Service", .schedule = "quarterly", .status = "active",
                                .synthetic = true };
    struct store_project p2 = { .title = second_title, .iso3 = second_iso3,
                                .description = "Marking machines and a national record-keeping unit (demo).", .has_budget = true,
                                .budget = 150000, .currency = "USD", .period_start = "2025-01", .period_end = "2026-12",
                                .agency = "National commission on small arms", .schedule = "half-yearly", .financial_public = true,
                                .status = "active", .synthetic = true };
    struct store_project p3 = { .title = third_title, .iso3 = third_iso3,
                                .description = "Support to the national commission (demo).", .has_budget = true, .budget = 250000,
                                .currency = "EUR", .period_start = "2026-03", .period_end = "2027-08", .agency = "Ministry of the Interior",
                                .schedule = "quarterly", .status = "active", .synthetic = true };
    long long both[2] = { agency, au };
    if (make(s, &a, &p1, both, 2, first, r1, sets[0].n) < 0 || make(s, &a, &p2, &agency, 1, second, r2, sets[1].n) < 0 ||
        (third && make(s, &a, &p3, &nor, 1, third, r3, sets[2].n) < 0)) {
        store_tx_rollback(s);
        snprintf(err, errlen, "making the demo's projects failed");
        goto done;
    }
    store_audit_add(s, 0, "cli", "demo.projects", NULL, NULL);
    if (store_tx_commit(s) < 0) { snprintf(err, errlen, "commit failed"); goto done; }
    if (out) fprintf(out, "Demo projects: %d, with %zu progress reports (synthetic)\n", third ? 3 : 2,
                     sets[0].n + sets[1].n + (third ? sets[2].n : 0));
    rc = 0;
    goto done;
fail_read:
    snprintf(err, errlen, "reading the demo's requests failed");
done:
    arena_cleanup(&a);
    return rc;
}
