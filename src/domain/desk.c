/* desk: see desk.h. */
#include "domain/cycle.h"
#include "domain/desk.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/auth.h"
#include "domain/authz.h"
#include "domain/refdata.h"
#include "domain/report.h"
#include "domain/report_history.h"
#include "store/store.h"
#include "util/arena.h"

/* Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm). */
static long days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* The day number of an ISO 8601 date or time; -1 when unreadable. */
static long day_of(const char *iso)
{
    int y, m, d;
    if (!iso || sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12 || d < 1 || d > 31) return -1;
    return days_from_civil(y, m, d);
}

int desk_days_since(const char *iso, time_t now)
{
    long d = day_of(iso);
    return d < 0 ? 0 : (int)((long)(now / 86400) - d);
}

/* The current cycle as the calendar says (domain/cycle.c); 0 when there is none. */
static int current_cycle(struct store *s, struct arena *a, int *year)
{
    struct cycle *v;
    size_t n;
    if (cycle_list(s, a, &v, &n, NULL) < 0) return -1;
    const struct cycle *c = cycle_current(v, n);
    *year = c ? c->year : 0;
    return 0;
}

int desk_get(struct store *s, struct arena *a, const struct principal *who, int cycle, const char *lang, time_t now,
             struct desk *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    if (!who || !authz_allowed(who, AUTHZ_DESK_READ, NULL))
        return err_set(e, ERR_FORBIDDEN, N_("Only the Secretariat sees the reports waiting for review."), NULL);
    if (current_cycle(s, a, &out->current_cycle) < 0) return err_set(e, ERR_STORE, NULL, NULL);
    out->cycle = cycle ? cycle : out->current_cycle;
    if (cycle) {
        int rc = store_cycle_exists(s, cycle);
        if (rc < 0) return err_set(e, ERR_STORE, NULL, NULL);
        if (rc) return err_set(e, ERR_NOT_FOUND, N_("There is no reporting cycle %s."), arena_printf(a, "%d", cycle));
    }

    struct store_desk_row *rows;
    size_t nrows;
    if (store_desk_list(s, a, lang, &rows, &nrows) < 0) return err_set(e, ERR_STORE, NULL, NULL);
    out->waiting = arena_array(a, nrows ? nrows : 1, sizeof *out->waiting);
    out->returned = arena_array(a, nrows ? nrows : 1, sizeof *out->returned);
    for (size_t i = 0; i < nrows; i++) {
        const struct store_desk_row *r = &rows[i];
        bool returned = strcmp(r->status, "returned") == 0;
        struct desk_report *d = returned ? &out->returned[out->nreturned++] : &out->waiting[out->nwaiting++];
        const char *since = returned && r->returned_at ? r->returned_at : r->submitted_at;
        *d = (struct desk_report){
            .id = r->id, .iso3 = r->iso3, .state_name = r->name, .cycle = r->cycle, .version = r->version,
            .correction = r->version > 0, .synthetic = r->synthetic, .since = since,
            .days = desk_days_since(since, now), .comment = returned ? r->comment : NULL,
        };
    }

    if (out->cycle) {
        struct store_progress_row *p;
        size_t np;
        if (store_cycle_progress_list(s, a, out->cycle, &p, &np) < 0) return err_set(e, ERR_STORE, NULL, NULL);
        out->regions = arena_array(a, np ? np : 1, sizeof *out->regions);
        for (size_t i = 0; i < np; i++) {
            struct desk_region *g = &out->regions[out->nregions++];
            *g = (struct desk_region){
                .code = p[i].region, .name = *p[i].region_name ? ref_name(s, a, "region", p[i].region, lang, p[i].region_name) : NULL, .states = p[i].states,
                .reported = p[i].reported, .drafts = p[i].drafts, .submitted = p[i].submitted,
                .not_started = p[i].states - p[i].reported - p[i].drafts - p[i].submitted,
            };
            out->total.states += g->states;
            out->total.reported += g->reported;
            out->total.drafts += g->drafts;
            out->total.submitted += g->submitted;
            out->total.not_started += g->not_started;
        }
    }
    return 0;
}

static void fill_cycle(struct desk_state_report *d, const struct cycle *c, time_t now)
{
    d->cycle = c->year;
    d->meeting = c->meeting_name ? c->meeting_name : c->meeting;
    d->cycle_status = cycle_status_id(c->status);
    d->deadline = c->deadline && *c->deadline ? c->deadline : NULL;
    long dl = day_of(d->deadline);
    d->has_deadline = dl >= 0;
    d->days_left = d->has_deadline ? (int)(dl - (long)(now / 86400)) : 0;
}

int desk_state_reports(struct store *s, struct arena *a, const struct principal *who, const char *iso3, time_t now,
                       struct desk_state_report **out, size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    if (!who || !iso3 || !report_may_see_draft(who, iso3))
        return err_set(e, ERR_FORBIDDEN, N_("Only the State's points of contact and the Secretariat see where its reports stand."), NULL);
    struct cycle *cyc;
    size_t ncyc;
    struct store_report *reps;
    size_t nreps;
    if (cycle_list(s, a, &cyc, &ncyc, NULL) < 0 ||
        store_reports_list(s, a, iso3, 0, NULL, false, &reps, &nreps) < 0)
        return err_set(e, ERR_STORE, NULL, NULL);
    const struct cycle *cur = cycle_current(cyc, ncyc);
    int current = cur ? cur->year : 0;
    *out = arena_array(a, ncyc ? ncyc : 1, sizeof **out);
    for (size_t i = 0; i < ncyc; i++) {   /* newest first */
        const struct store_report *r = NULL;
        for (size_t k = 0; k < nreps; k++)
            if (reps[k].cycle == cyc[i].year) r = &reps[k];
        if (!r && cyc[i].year != current) continue;
        struct desk_state_report *d = &(*out)[(*n)++];
        memset(d, 0, sizeof *d);
        fill_cycle(d, &cyc[i], now);
        bool late = d->has_deadline && d->days_left < 0;
        if (!r) {
            d->tag = late ? "late" : "not_started";
            d->can_start = cycle_allows_start(cyc[i].status);
            continue;
        }
        d->id = r->id;
        d->status = r->status;
        d->version = r->version;
        if (strcmp(r->status, "draft") == 0) d->tag = late && r->version == 0 ? "late" : "draft";
        else d->tag = r->status;
        if (strcmp(r->status, "returned") == 0 && report_return_latest(s, a, who, r->id, &d->returned_at, &d->comment, e) < 0)
            return -1;
    }
    return 0;
}
