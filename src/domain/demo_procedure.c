/*
 * demo_procedure: the demo's requests walked through the procedure (demo_procedure, see
 * demo.h), after demo_assistance.  Open requests of the published reports (not Kenya's,
 * whose focal point answers interests in the demo, and not those already matched) are moved
 * by the demo Secretariat account `unoda` through every stage with notes, each move dated in
 * the past so that "days in stage" reads as in real use: one just received, one acknowledged
 * too long ago (the overdue one: 41 days against a target of 30), one under assessment, one
 * circulated, one matched, one in implementation, one completed, one closed as not
 * feasible; and a second request of the circulated one's State and category filed without a
 * period (the possible duplicate).  Kenya's requests are acknowledged a few days ago.
 * Everything synthetic; made once (a database whose requests have moved already is left).
 */
#include "domain/demo.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "domain/assist_stage.h"
#include "domain/assistance.h"
#include "store/assist_stage.h"
#include "store/assistance.h"
#include "store/store.h"
#include "util/arena.h"

/* One move: the stage, its reason, the days ago it happened, its note. */
struct step { const char *stage, *reason; int days_ago; const char *note; };

#define MAX_STEPS 7
/* Each walk starts with the request received `received` days ago. */
static const struct walk { int received; struct step steps[MAX_STEPS]; } WALKS[] = {
    { 3, { { NULL, NULL, 0, NULL } } },
    { 50, { { "acknowledged", NULL, 41, "Acknowledged; the Secretariat will assess it with the State (demo)." } } },
    { 60, { { "acknowledged", NULL, 55, "Acknowledged (demo)." },
            { "assessment", NULL, 20, "A joint baseline assessment is being planned with the State (demo)." } } },
    { 120, { { "acknowledged", NULL, 110, "Acknowledged (demo)." },
             { "circulated", NULL, 75, "Circulated to the partners of the region (demo)." } } },
    { 240, { { "acknowledged", NULL, 230, "Acknowledged (demo)." },
             { "assessment", NULL, 200, "Needs assessed with the State's national commission (demo)." },
             { "circulated", NULL, 150, "Circulated with the assessment's findings (demo)." },
             { "matched", NULL, 25, "A donor agreed to fund it; the project is being drafted (demo)." } } },
    { 500, { { "acknowledged", NULL, 490, "Acknowledged (demo)." },
             { "circulated", NULL, 460, "Circulated (demo)." },
             { "matched", NULL, 400, "Matched with a regional programme (demo)." },
             { "implementation", NULL, 330, "The project started (demo)." } } },
    { 1100, { { "acknowledged", NULL, 1090, "Acknowledged (demo)." },
              { "circulated", NULL, 1060, "Circulated (demo)." },
              { "matched", NULL, 1000, "Matched (demo)." },
              { "implementation", NULL, 900, "The project started (demo)." },
              { "completed", NULL, 60, "The project's final report was received (demo)." } } },
    { 40, { { "acknowledged", NULL, 35, "Acknowledged (demo)." },
            { "closed", "not_feasible", 12, "The State and the Secretariat agreed that the need cannot be met as stated (demo)." } } },
};
#define NWALKS (sizeof WALKS / sizeof WALKS[0])

static int user_cb(const struct store_user *u, void *ctx)
{
    *(long long *)ctx = u->id;
    return 0;
}

static const char *ago(struct arena *a, time_t now, int days)
{
    time_t t = now - (time_t)days * 86400 - 3600 * 9;   /* in the morning of that day, more or less */
    struct tm tm;
    gmtime_r(&t, &tm);
    char buf[32];
    strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return arena_strdup(a, buf);
}

static int walk(struct store *s, struct arena *a, long long secretariat, long long id, const struct walk *w, time_t now)
{
    struct err e = ERR_NONE;
    if (store_request_stage_backdate(s, id, ago(a, now, w->received)) < 0) return -1;
    for (size_t i = 0; i < MAX_STEPS && w->steps[i].stage; i++) {
        const struct step *x = &w->steps[i];
        if (assist_stage_move_at(s, secretariat, id, x->stage, x->reason, x->note, ago(a, now, x->days_ago), true, &e) < 0)
            return -1;
    }
    return 0;
}

int demo_procedure(struct store *s, FILE *out, char *err, size_t errlen)
{
    struct arena a = ARENA_INIT;
    int rc = -1;
    time_t now = time(NULL);
    struct store_stage_count *counts;
    size_t nc;
    if (store_stage_counts(s, &a, &counts, &nc) < 0) { snprintf(err, errlen, "reading the stages failed"); goto done; }
    for (size_t i = 0; i < nc; i++)
        if (strcmp(counts[i].stage, "acknowledged") == 0 && counts[i].n > 0) { rc = 0; goto done; }   /* walked already */

    long long secretariat = 0;
    if (store_user_by_name(s, "unoda", user_cb, &secretariat) < 0 || !secretariat) {
        snprintf(err, errlen, "the demo Secretariat account is missing");
        goto done;
    }
    struct assist_request *q;
    size_t n;
    struct err e = ERR_NONE;
    struct principal pub;
    auth_public(&pub);
    struct assist_request_filter f = { .status = "open", .cost_min = -1, .cost_max = -1 };
    if (assist_requests_list(s, &a, &pub, "en", &f, &q, &n, &e) < 0) { snprintf(err, errlen, "reading the requests failed"); goto done; }

    if (store_tx_begin(s) < 0) { snprintf(err, errlen, "database busy"); goto done; }
    size_t k = 0, kenya = 0;
    long long circulated = 0;
    const char *used[NWALKS] = { 0 };
    for (size_t i = 0; i < n; i++) {
        if (strcmp(q[i].iso3, "KEN") == 0) {
            if (assist_stage_move_at(s, secretariat, q[i].id, "acknowledged", NULL, "Acknowledged; thank you for the request (demo).",
                                     ago(&a, now, 4), true, &e) < 0)
                goto fail;
            kenya++;
            continue;
        }
        bool seen = false;   /* one request per State */
        for (size_t j = 0; j < k && !seen; j++) seen = strcmp(used[j], q[i].iso3) == 0;
        if (k >= NWALKS || seen) continue;
        if (walk(s, &a, secretariat, q[i].id, &WALKS[k], now) < 0) goto fail;
        used[k] = q[i].iso3;
        if (k == 3) circulated = q[i].id;
        k++;
    }
    /* the possible duplicate: the same State and category, filed again without a period */
    int dup = 0;
    if (circulated) {
        struct store_request r;
        if (store_request_get(s, &a, "en", circulated, &r) != 0) goto fail;
        struct store_request d = { .iso3 = r.iso3, .category = r.category, .kind = r.kind, .in_plan = -1, .currency = r.currency,
                                   .title = arena_printf(&a, "%s (filed again, demo)", r.title), .paragraphs = r.paragraphs,
                                   .languages = r.languages, .description = "The same need, sent again by e-mail to the Secretariat (demo).",
                                   .synthetic = true };
        long long id = store_request_save(s, &d);
        if (id < 0 || store_request_stage_backdate(s, id, ago(&a, now, 6)) < 0) goto fail;
        dup = 1;
    }
    store_audit_add(s, 0, "cli", "demo.procedure", NULL, NULL);
    if (store_tx_commit(s) < 0) { snprintf(err, errlen, "commit failed"); goto done; }
    if (out) fprintf(out, "Demo procedure: %zu requests moved through the stages, %zu of Kenya acknowledged, %d possible duplicate (synthetic)\n",
                     k, kenya, dup);
    rc = 0;
    goto done;
fail:
    store_tx_rollback(s);
    snprintf(err, errlen, "walking the demo's requests through the procedure failed: %s", e.msg ? e.msg : "database error");
done:
    arena_cleanup(&a);
    return rc;
}
