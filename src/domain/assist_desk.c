/*
 * assist_desk: the Secretariat's read of the procedure (assist_desk_get, assist_stage.h):
 * the requests in each open stage with their days in it against the stage's target, whom
 * each waits for (STAGES in assist_stage.c), and possible duplicates; and the overdue
 * requests for the notification sweep (assist_stage_overdue).
 *
 * A possible duplicate is another request of the same State and category that is open with
 * an overlapping period (or one without a period), or that a project (not cancelled) already
 * answers; the store finds the pairs, this file keeps the first other request of each (one in
 * a project first).
 */
#include "domain/assist_stage.h"

#include <stdlib.h>
#include <string.h>

#include "domain/authz.h"
#include "domain/desk.h"
#include "store/assist_stage.h"
#include "util/arena.h"

static int days_since(const char *iso, time_t now)
{
    int d = desk_days_since(iso, now);
    return d < 0 ? 0 : d;
}

/* Longest over its target first, then longest in its stage, then the oldest id. */
static int by_urgency(const void *x, const void *y)
{
    const struct assist_desk_row *a = x, *b = y;
    if (a->overdue != b->overdue) return a->overdue ? -1 : 1;
    int oa = a->days_in_stage - a->target, ob = b->days_in_stage - b->target;
    if (a->overdue && oa != ob) return ob - oa;
    if (a->days_in_stage != b->days_in_stage) return b->days_in_stage - a->days_in_stage;
    return a->id < b->id ? -1 : a->id > b->id;
}

int assist_desk_get(struct store *s, struct arena *a, const struct principal *who, const char *lang, time_t now,
                    const struct assist_desk_filter *f, struct assist_desk *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    if (!who || !authz_allowed(who, AUTHZ_ASSIST_ALL, NULL))
        return err_set(e, ERR_FORBIDDEN, N_("Only the Secretariat sees the assistance desk."), NULL);
    if (assist_stage_targets(s, a, out->targets, e) < 0) return -1;

    struct store_stage_count *counts;
    size_t nc;
    if (store_stage_counts(s, a, &counts, &nc) < 0) return err_set(e, ERR_STORE, NULL, NULL);
    for (size_t i = 0; i < nc; i++) {
        int st = assist_stage_parse(counts[i].stage);
        if (st >= 0) out->counts[st] = counts[i].n;
    }

    struct store_duplicate *dups;
    size_t nd;
    if (store_request_duplicates(s, a, &dups, &nd) < 0) return err_set(e, ERR_STORE, NULL, NULL);

    /* Every open request, to count the overdue ones; the filter is applied after. */
    struct store_desk_request *rows;
    size_t n;
    const char *stage = f && f->stage >= ASSIST_STAGE_OPEN_N ? assist_stage_id((enum assist_stage)f->stage) : NULL;
    if (store_desk_requests(s, a, lang, stage, NULL, &rows, &n) < 0) return err_set(e, ERR_STORE, NULL, NULL);
    struct store_desk_request *inregion = NULL;
    size_t nin = 0;
    if (f && f->region && store_desk_requests(s, a, lang, stage, f->region, &inregion, &nin) < 0)
        return err_set(e, ERR_STORE, NULL, NULL);

    out->rows = arena_array(a, n ? n : 1, sizeof *out->rows);
    size_t d;
    for (size_t i = 0; i < n; i++) {
        const struct store_desk_request *q = &rows[i];
        int st = assist_stage_parse(q->stage);
        if (st < 0) continue;
        int days = days_since(q->stage_since, now);
        int target = st < ASSIST_STAGE_OPEN_N ? out->targets[st].days : 0;
        bool overdue = target > 0 && days > target;
        if (overdue) out->overdue++;
        if (f && f->stage >= 0 && f->stage != st) continue;
        if (f && f->overdue_only && !overdue) continue;
        if (f && f->region) {
            bool found = false;
            for (size_t k = 0; k < nin && !found; k++) found = inregion[k].id == q->id;
            if (!found) continue;
        }
        struct assist_desk_row *x = &out->rows[out->n++];
        *x = (struct assist_desk_row){
            .id = q->id, .iso3 = q->iso3, .state_name = q->state_name, .region = q->region, .title = q->title,
            .category = q->category, .stage = (enum assist_stage)st, .stage_since = q->stage_since, .days_in_stage = days,
            .target = target, .overdue = overdue, .waiting = assist_stage_waiting((enum assist_stage)st), .synthetic = q->synthetic,
        };
        size_t lo = 0, hi = nd;                        /* at most one each, by request id */
        while (lo < hi) {
            d = lo + (hi - lo) / 2;
            if (dups[d].id < q->id) lo = d + 1; else hi = d;
        }
        if (lo < nd && dups[lo].id == q->id) {
            x->duplicate_of = dups[lo].other;
            x->duplicate_title = dups[lo].other_title;
            x->duplicate_why = dups[lo].in_project ? N_("Another request of this State and category is already in a project")
                                                   : N_("Another open request of this State and category, for the same period");
        }
    }
    qsort(out->rows, out->n, sizeof *out->rows, by_urgency);
    return 0;
}

static int by_overdue(const void *x, const void *y)
{
    const struct assist_overdue *a = x, *b = y;
    int oa = a->days_in_stage - a->target, ob = b->days_in_stage - b->target;
    if (oa != ob) return ob - oa;
    return a->request_id < b->request_id ? -1 : a->request_id > b->request_id;
}

int assist_stage_overdue(struct store *s, struct arena *a, time_t now, struct assist_overdue **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    struct assist_stage_target t[ASSIST_STAGE_OPEN_N];
    struct err e = ERR_NONE;
    if (assist_stage_targets(s, a, t, &e) < 0) return -1;
    struct store_desk_request *rows;
    size_t nr;
    if (store_desk_requests(s, a, "en", NULL, NULL, &rows, &nr) < 0) return -1;
    *out = arena_array(a, nr ? nr : 1, sizeof **out);
    for (size_t i = 0; i < nr; i++) {
        int st = assist_stage_parse(rows[i].stage);
        if (st < 0 || st >= ASSIST_STAGE_OPEN_N) continue;
        int days = days_since(rows[i].stage_since, now);
        if (!t[st].days || days <= t[st].days) continue;
        (*out)[(*n)++] = (struct assist_overdue){ rows[i].id, rows[i].iso3, rows[i].title, rows[i].stage, rows[i].stage_since,
                                                   days, t[st].days };
    }
    qsort(*out, *n, sizeof **out, by_overdue);
    return 0;
}
