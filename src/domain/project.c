/*
 * project: projects and their progress reports: reading them as the asker may see them (the
 * periods, late reports and the budget line computed here, once), checking and writing what a
 * party sends, completing.  See project.h; the pre-fill of the next national report is in
 * project_prefill.c.
 */
#include "domain/project.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/assist_stage.h"
#include "domain/audit.h"
#include "domain/authz.h"
#include "domain/cycle.h"
#include "domain/input.h"
#include "domain/match.h"
#include "domain/notify.h"
#include "store/assistance.h"
#include "store/project.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/text.h"

#define PROJECT_TITLE_MAX ASSIST_TITLE_MAX

/* ---------------------------------------------------------------- dates */

/* "YYYY-MM-DD" of a day number since 1970-01-01, in the arena. */
static const char *day_text(struct arena *a, long days)
{
    time_t t = (time_t)days * 86400;
    struct tm tm;
    gmtime_r(&t, &tm);
    return arena_printf(a, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

static int days_in_month(int y, int m)
{
    static const int D[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    return m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0) ? 29 : D[m - 1];
}

/* The month number (match_month) of now. */
static int month_now(time_t now)
{
    struct tm tm;
    gmtime_r(&now, &tm);
    return (tm.tm_year + 1900) * 12 + tm.tm_mon;
}

/* The end of the day of an ISO 8601 UTC time ("2027-03-04T05:06:07Z") as a time_t; fallback when it is not one. */
static time_t iso_time(const char *iso, time_t fallback)
{
    char d[11];
    if (!iso || strlen(iso) < 10) return fallback;
    memcpy(d, iso, 10);
    d[10] = 0;
    int day = match_day(d);
    return day ? (time_t)day * 86400 + 86399 : fallback;
}

time_t project_now(void)
{
    char today[11];
    cycle_today(today);
    time_t now = time(NULL);
    int day = match_day(today);
    return day ? (time_t)day * 86400 + now % 86400 : now;
}

size_t project_periods(struct arena *a, const char *start, const char *end, const char *schedule, time_t now,
                       const char **starts, const char **ends, size_t max)
{
    int m0 = match_month(start), mend = end && *end ? match_month(end) : 0, mnow = month_now(now);
    if (!m0) return 0;
    int step = schedule && strcmp(schedule, "half-yearly") == 0 ? 6 : 3;
    size_t n = 0;
    for (int ps = m0; n < max && ps <= mnow && (!mend || ps <= mend); ps += step) {
        int pe = ps + step - 1;
        if (mend && pe > mend) pe = mend;
        int y = pe / 12, m = pe % 12 + 1;
        if (starts) starts[n] = arena_printf(a, "%04d-%02d", ps / 12, ps % 12 + 1);
        ends[n++] = arena_printf(a, "%04d-%02d-%02d", y, m, days_in_month(y, m));
    }
    return n;
}

/* ---------------------------------------------------------------- small helpers */

static bool is_active(const char *status) { return status && strcmp(status, "active") == 0; }

/* A request that a project may answer: not closed (open or matched: a completed or closed stage is status closed). */
static bool request_answerable(const char *status)
{
    return status && (strcmp(status, "open") == 0 || strcmp(status, "matched") == 0);
}

/* ---------------------------------------------------------------- reading */

/* Each party's latest figures for periods ending on or before end (NULL: every period), summed. */
static struct project_money money_to(const struct project *p, const struct store_progress *r, size_t n, const char *end)
{
    struct project_money m = { false, 0, 0, 0 };
    for (size_t k = 0; k < p->nparties; k++) {
        bool hc = false, hd = false, hs = false;
        double c = 0, d = 0, sp = 0;
        for (size_t i = 0; i < n; i++) {   /* by period, then as posted: the last one seen is the latest */
            if (r[i].party != p->parties[k].id || (end && strcmp(r[i].period_end, end) > 0)) continue;
            if (r[i].has_committed) { hc = true; c = r[i].committed; }
            if (r[i].has_disbursed) { hd = true; d = r[i].disbursed; }
            if (r[i].has_spent) { hs = true; sp = r[i].spent; }
        }
        m.has |= hc || hd || hs;
        m.committed += c;
        m.disbursed += d;
        m.spent += sp;
    }
    return m;
}

/* The asker's relation to a project: the partner it speaks for is one of the project's. */
static bool partner_in(const struct project *p, long long own)
{
    for (size_t k = 1; own > 0 && k < p->nparties; k++)
        if (p->parties[k].id == own) return true;
    return false;
}

/* Fill p from its row: parties, requests, reports, periods and what the asker may see and do. */
static int fill(struct store *s, struct arena *a, const struct principal *who, long long own, time_t now,
                const struct store_project *row, struct project *p, struct err *e)
{
    memset(p, 0, sizeof *p);
    *p = (struct project){ .id = row->id, .title = row->title, .iso3 = row->iso3, .state_name = row->state_name,
                           .description = row->description ? row->description : "", .has_budget = row->has_budget,
                           .budget = row->budget, .currency = row->currency, .period_start = row->period_start,
                           .period_end = row->period_end, .agency = row->agency ? row->agency : "",
                           .schedule = row->schedule, .status = row->status, .financial_public = row->financial_public,
                           .synthetic = row->synthetic, .created_at = row->created_at, .completed_at = row->completed_at,
                           .my_party = -1 };
    struct store_project_partner *pp;
    struct store_project_request *rq;
    struct store_progress *r;
    size_t npp, nrq, nr;
    if (store_project_partners(s, a, row->id, &pp, &npp) < 0 || store_project_requests(s, a, row->id, &rq, &nrq) < 0 ||
        store_progress_list(s, a, row->id, &r, &nr) < 0)
        return err_set(e, ERR_STORE, NULL, NULL);
    p->parties = arena_array(a, npp + 1, sizeof *p->parties);
    p->parties[0] = (struct project_party){ 0, row->iso3, row->state_name ? row->state_name : row->iso3, "requesting" };
    for (size_t i = 0; i < npp; i++) p->parties[i + 1] = (struct project_party){ pp[i].id, pp[i].code, pp[i].name, pp[i].kind };
    p->nparties = npp + 1;
    p->requests = arena_array(a, nrq ? nrq : 1, sizeof *p->requests);
    p->categories.v = arena_array(a, nrq ? nrq : 1, sizeof *p->categories.v);
    for (size_t i = 0; i < nrq; i++) {
        p->requests[i] = (struct project_request){ rq[i].id, rq[i].title, rq[i].category, rq[i].kind, rq[i].status, rq[i].stage };
        bool seen = false;
        for (size_t k = 0; k < p->categories.n; k++) seen |= strcmp(p->categories.v[k], rq[i].category) == 0;
        if (!seen) p->categories.v[p->categories.n++] = rq[i].category;
    }
    p->nrequests = nrq;

    bool in = partner_in(p, own);
    p->finance_visible = p->financial_public || authz_assist_party_read(who, p->iso3, in);
    if (authz_allowed(who, AUTHZ_STATE_EDIT, p->iso3)) p->my_party = 0;
    else if (in && authz_allowed(who, AUTHZ_OFFER_MAKE, NULL)) p->my_party = own;
    p->party_writes = p->my_party >= 0 && authz_assist_party_write(who, p->iso3, in);
    p->party_completes = p->party_writes || authz_allowed(who, AUTHZ_ASSIST_PROCESS, NULL);
    p->may_report = is_active(p->status) && p->party_writes;
    p->may_complete = is_active(p->status) && p->party_completes;

    p->reports = arena_array(a, nr ? nr : 1, sizeof *p->reports);
    for (size_t i = 0; i < nr; i++) {
        struct project_report *x = &p->reports[i];
        *x = (struct project_report){ .id = r[i].id, .party = r[i].party, .period_end = r[i].period_end,
                                      .activities = r[i].activities, .results = r[i].results,
                                      .paragraphs = assist_strings_parse(a, r[i].paragraphs), .synthetic = r[i].synthetic,
                                      .created_at = r[i].created_at };
        x->party_name = "";
        for (size_t k = 0; k < p->nparties; k++)
            if (p->parties[k].id == r[i].party) x->party_name = p->parties[k].name;
        if (p->finance_visible) {
            x->has_committed = r[i].has_committed;
            x->has_disbursed = r[i].has_disbursed;
            x->has_spent = r[i].has_spent;
            x->committed = r[i].committed;
            x->disbursed = r[i].disbursed;
            x->spent = r[i].spent;
        }
        for (size_t j = i + 1; j < nr; j++)
            x->corrected |= r[j].party == r[i].party && strcmp(r[j].period_end, r[i].period_end) == 0;
        if ((r[i].activities && *r[i].activities) || (r[i].results && *r[i].results)) {
            p->latest_activities = r[i].activities;
            p->latest_results = r[i].results;
        }
    }
    p->nreports = nr;

    /* Periods: up to now while active, up to the day it was completed or cancelled after. */
    time_t until = is_active(p->status) ? now : iso_time(p->completed_at ? p->completed_at : row->updated_at, now);
    const char *starts[PROJECT_PERIODS_MAX], *ends[PROJECT_PERIODS_MAX];
    size_t np = project_periods(a, p->period_start, p->period_end, p->schedule, until, starts, ends, PROJECT_PERIODS_MAX);
    long today = (long)(until / 86400);
    p->periods = arena_array(a, np ? np : 1, sizeof *p->periods);
    for (size_t i = 0; i < np; i++) {
        struct project_period *q = &p->periods[i];
        long end = match_day(ends[i]);
        q->start = starts[i];
        q->end = ends[i];
        q->due = day_text(a, end + PROJECT_LATE_DAYS);
        q->state = arena_array(a, p->nparties, sizeof *q->state);
        for (size_t k = 0; k < p->nparties; k++) {
            bool done = false;
            for (size_t j = 0; j < nr && !done; j++) done = r[j].party == p->parties[k].id && strcmp(r[j].period_end, ends[i]) == 0;
            q->state[k] = done ? PROJECT_REPORTED : today <= end ? PROJECT_NOT_YET
                        : today > end + PROJECT_LATE_DAYS ? PROJECT_LATE : PROJECT_DUE;
            p->late += q->state[k] == PROJECT_LATE;
        }
        if (p->finance_visible) q->line = money_to(p, r, nr, ends[i]);
    }
    p->nperiods = np;
    if (p->finance_visible) {
        p->total = money_to(p, r, nr, NULL);
        p->over_budget = p->has_budget && p->total.has && p->total.committed > p->budget + 0.005;
    }
    return 0;
}

int project_list(struct store *s, struct arena *a, const struct principal *who, const char *lang, time_t now,
                 const struct project_filter *f, struct project **out, size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    long long own = assist_partner_of(s, who);
    if (own < 0) return err_set(e, ERR_STORE, NULL, NULL);
    struct store_project_filter sf = { f->iso3, f->status, f->category, f->partner_id };
    struct store_project *rows;
    size_t nrows;
    if (store_projects_list(s, a, lang, &sf, &rows, &nrows) < 0) return err_set(e, ERR_STORE, NULL, NULL);
    *out = arena_array(a, nrows ? nrows : 1, sizeof **out);
    for (size_t i = 0; i < nrows; i++)
        if (fill(s, a, who, own, now, &rows[i], &(*out)[(*n)++], e) < 0) return -1;
    return 0;
}

int project_get(struct store *s, struct arena *a, const struct principal *who, const char *lang, time_t now, long long id,
                struct project *out, struct err *e)
{
    long long own = assist_partner_of(s, who);
    if (own < 0) return err_set(e, ERR_STORE, NULL, NULL);
    struct store_project row;
    int rc = store_project_get(s, a, lang, id, &row);
    if (rc < 0) return err_set(e, ERR_STORE, NULL, NULL);
    if (rc > 0) return err_set(e, ERR_NOT_FOUND, N_("There is no such project."), NULL);
    return fill(s, a, who, own, now, &row, out, e);
}

int project_list_of_request(struct store *s, struct arena *a, const struct principal *who, const char *lang, time_t now,
                            long long request_id, struct project **out, size_t *n, struct err *e)
{
    long long *ids;
    size_t nids;
    *out = NULL;
    *n = 0;
    if (store_projects_of_request(s, a, request_id, &ids, &nids) < 0) return err_set(e, ERR_STORE, NULL, NULL);
    *out = arena_array(a, nids ? nids : 1, sizeof **out);
    for (size_t i = 0; i < nids; i++)
        if (project_get(s, a, who, lang, now, ids[i], &(*out)[(*n)++], e) < 0) return -1;
    return 0;
}

int project_reports_due(struct store *s, struct arena *a, time_t now, struct project_due **out, size_t *n, struct err *e)
{
    struct principal sys;
    auth_public(&sys);
    struct project *v;
    size_t nv, cap = 0;
    struct project_filter f = { .status = "active" };
    *out = NULL;
    *n = 0;
    if (project_list(s, a, &sys, "en", now, &f, &v, &nv, e) < 0) return -1;
    for (size_t i = 0; i < nv; i++)
        for (size_t j = 0; j < v[i].nperiods; j++)
            for (size_t k = 0; k < v[i].nparties; k++) {
                enum project_due_state st = v[i].periods[j].state[k];
                if (st != PROJECT_DUE && st != PROJECT_LATE) continue;
                if (*n == cap) {
                    *out = arena_grow(a, *out, cap, cap ? cap * 2 : 16, sizeof **out);
                    cap = cap ? cap * 2 : 16;
                }
                (*out)[(*n)++] = (struct project_due){ v[i].id, v[i].parties[k].id, v[i].title, v[i].iso3,
                                                       v[i].parties[k].code, v[i].periods[j].end, v[i].periods[j].due,
                                                       st == PROJECT_LATE };
            }
    return 0;
}

/* ---------------------------------------------------------------- checking input */

static const char *const AMOUNT = N_("Enter an amount in the project's currency, a number from 0 to 1,000,000,000,000.");

/* A month YYYY-MM: NULL when absent (required: an error), "" after an error. */
static const char *month_field(struct arena *a, json_t *in, const char *key, bool required, struct assist_field_errors *errs)
{
    json_t *x = json_object_get(in, key);
    if (!x || json_is_null(x) || (json_is_string(x) && !*json_string_value(x))) {
        if (required) input_error(errs, key, N_("Enter the month the project starts, as YYYY-MM, for example 2027-03."));
        return NULL;
    }
    const char *t = json_string_value(x);
    if (!t || strlen(t) != 7 || !match_month(t)) {
        input_error(errs, key, N_("Enter a month as YYYY-MM, for example 2027-03."));
        return "";
    }
    return arena_strdup(a, t);
}

static bool bool_field(json_t *in, const char *key, bool dflt, const char *msg, struct assist_field_errors *errs)
{
    json_t *x = json_object_get(in, key);
    if (!x || json_is_null(x)) return dflt;
    if (!json_is_boolean(x)) { input_error(errs, key, msg); return dflt; }
    return json_is_true(x);
}

/* ---------------------------------------------------------------- moves of the procedure */

/* Move each request to stage inside the transaction; a move the procedure refuses is noted in moves.  -1: a store error. */
static int move_requests(struct store *s, const long long *ids, size_t n, const char *stage, const char *note,
                         struct project_moves *moves, struct err *e)
{
    for (size_t i = 0; i < n; i++) {
        struct err me = ERR_NONE;
        if (assist_stage_move_tx(s, 0, ids[i], stage, NULL, note, &me) == 0) continue;
        if (me.code == ERR_STORE || me.code == ERR_BUSY) return err_set(e, me.code, me.msg, me.arg);
        if (moves && moves->n < sizeof moves->v / sizeof moves->v[0])
            moves->v[moves->n++] = (struct project_unmoved){ ids[i], me.msg ? me.msg : err_default_message(me.code) };
    }
    return 0;
}

/* ---------------------------------------------------------------- making a project */

static const char *const PROJECT_FIELDS[] = {
    "state", "title", "description", "requests", "partners", "budget", "currency", "period_start", "period_end", "agency",
    "schedule", "financial_public", NULL,
};

/* The project's requests (ids into *ids) and their State (iso3): every one exists, of one State, not closed. */
static void requests_field(struct store *s, struct arena *a, json_t *in, long long **ids, size_t *n, char iso3[4],
                           struct assist_field_errors *errs)
{
    json_t *v = json_object_get(in, "requests"), *x;
    size_t i;
    *n = 0;
    if (!json_is_array(v) || json_array_size(v) == 0 || json_array_size(v) > ASSIST_LIST_MAX) {
        input_error(errs, "requests", N_("Name the requests the project answers, as a list of their numbers such as [12]."));
        return;
    }
    *ids = arena_array(a, json_array_size(v), sizeof **ids);
    json_array_foreach(v, i, x) {
        struct store_request q;
        int g = json_is_integer(x) && json_integer_value(x) > 0 ? store_request_get(s, a, "en", json_integer_value(x), &q) : 1;
        if (g != 0) { input_error(errs, "requests", N_("One of the requests does not exist: check its number.")); return; }
        if (iso3[0] && strcmp(iso3, q.iso3) != 0) {
            input_error(errs, "requests", N_("The requests of one project are all of the same State."));
            return;
        }
        memcpy(iso3, q.iso3, 4);
        if (!request_answerable(q.status)) {
            input_error(errs, "requests", N_("One of the requests is closed: a project answers open or matched requests."));
            return;
        }
        bool dup = false;
        for (size_t k = 0; k < *n; k++) dup |= (*ids)[k] == q.id;
        if (!dup) (*ids)[(*n)++] = q.id;
    }
}

/* The partners (ids into *ids) by their codes. */
static void partners_field(struct store *s, struct arena *a, json_t *in, long long **ids, size_t *n,
                           struct assist_field_errors *errs)
{
    json_t *v = json_object_get(in, "partners"), *x;
    size_t i;
    *n = 0;
    if (!json_is_array(v) || json_array_size(v) == 0 || json_array_size(v) > ASSIST_LIST_MAX) {
        input_error(errs, "partners", N_("Name the partners of the project, as a list of their codes such as [\"demo-nor\"]."));
        return;
    }
    *ids = arena_array(a, json_array_size(v), sizeof **ids);
    json_array_foreach(v, i, x) {
        long long id = json_is_string(x) ? store_partner_by_code(s, json_string_value(x)) : 0;
        if (id <= 0) { input_error(errs, "partners", N_("One of the partners is not known: check its code.")); return; }
        bool dup = false;
        for (size_t k = 0; k < *n; k++) dup |= (*ids)[k] == id;
        if (!dup) (*ids)[(*n)++] = id;
    }
}

/* Has partner an accepted interest in one of the requests?  -1 on a store error. */
static int accepted_in(struct store *s, struct arena *a, long long partner, const long long *req, size_t nreq)
{
    for (size_t i = 0; i < nreq; i++) {
        struct store_interest *v;
        size_t n;
        if (store_interests_list(s, a, req[i], partner, &v, &n) < 0) return -1;
        for (size_t k = 0; k < n; k++)
            if (strcmp(v[k].status, "accepted") == 0) return 1;
    }
    return 0;
}

/* The fields of a project other than its requests and partners, into p. */
static void project_apply(struct arena *a, json_t *in, struct store_project *p, struct assist_field_errors *errs)
{
    p->title = input_text(in, "title", PROJECT_TITLE_MAX, true, "", errs, N_("The title is too long: write at most 200 characters."),
                          N_("Enter a title for the project."));
    p->description = input_text(in, "description", PROJECT_TEXT_MAX, false, "", errs,
                                N_("The description is too long: write at most 5,000 characters."), NULL);
    p->agency = input_text(in, "agency", PROJECT_AGENCY_MAX, false, "", errs,
                           N_("The implementing agency is too long: write at most 300 characters."), NULL);
    input_amount(in, "budget", AMOUNT, &p->has_budget, &p->budget, errs);
    json_t *x = json_object_get(in, "currency");
    p->currency = "USD";
    if (x && !json_is_null(x)) {
        const char *t = json_string_value(x);
        if (!t || strlen(t) != 3 || strspn(t, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != 3)
            input_error(errs, "currency", N_("Enter a currency as its three-letter ISO 4217 code, for example USD."));
        else p->currency = arena_strdup(a, t);
    }
    p->period_start = month_field(a, in, "period_start", true, errs);
    p->period_end = month_field(a, in, "period_end", false, errs);
    if (p->period_start && *p->period_start && p->period_end && *p->period_end &&
        match_month(p->period_end) < match_month(p->period_start))
        input_error(errs, "period_end", N_("The period ends before it starts: the end must be the start or later."));
    if (p->period_start && *p->period_start && p->period_end && *p->period_end &&
        match_month(p->period_end) - match_month(p->period_start) >= PROJECT_PERIODS_MAX * 3)
        input_error(errs, "period_end", N_("The period is too long: a project runs at most 30 years."));
    x = json_object_get(in, "schedule");
    p->schedule = "quarterly";
    if (x && !json_is_null(x)) {
        const char *t = json_string_value(x);
        if (!t || (strcmp(t, "quarterly") != 0 && strcmp(t, "half-yearly") != 0))
            input_error(errs, "schedule", N_("Choose how often the parties report: quarterly or half-yearly."));
        else p->schedule = strcmp(t, "quarterly") == 0 ? "quarterly" : "half-yearly";
    }
    p->financial_public = bool_field(in, "financial_public", false,
                                     N_("Say true or false: may everyone see the financial detail of the reports?"), errs);
}

long long project_create(struct store *s, const struct principal *who, json_t *in, struct assist_field_errors *errs,
                         struct project_moves *moves, struct err *e)
{
    struct arena a = ARENA_INIT;
    long long id = -1;
    errs->n = 0;
    if (moves) moves->n = 0;
    if (!json_is_object(in)) { input_error(errs, "", N_("Send the project as a JSON object.")); input_invalid(errs, e); goto done; }
    bool secretariat = authz_allowed(who, AUTHZ_ASSIST_PROCESS, NULL);
    long long own = assist_partner_of(s, who);
    if (own < 0) { err_set(e, ERR_STORE, NULL, NULL); goto done; }
    /* The route asked authz too (AUTHZ_PROJECT_RECORD); a partner must also speak for an organisation. */
    if (!authz_allowed(who, AUTHZ_PROJECT_RECORD, who->state_iso3[0] ? who->state_iso3 : NULL) ||
        (who->role == ROLE_PARTNER && own <= 0)) {
        err_set(e, ERR_FORBIDDEN, N_("Only the Secretariat, the requesting State and its accepted partners record a project."), NULL);
        goto done;
    }
    input_unknown(in, PROJECT_FIELDS, errs);
    char iso3[4] = "";
    const char *st = json_string_value(json_object_get(in, "state"));
    if (json_object_get(in, "state") && (!st || strlen(st) != 3)) input_error(errs, "state", N_("Name the requesting State by its ISO 3166 alpha-3 code, for example KEN."));
    long long *req = NULL, *par = NULL;
    size_t nreq = 0, npar = 0;
    requests_field(s, &a, in, &req, &nreq, iso3, errs);
    if (st && iso3[0] && strcmp(st, iso3) != 0) input_error(errs, "state", N_("The requests are of another State: name their State, or leave it out."));
    partners_field(s, &a, in, &par, &npar, errs);
    struct store_project p = { .iso3 = iso3, .status = "active", .created_by = who->user_id };
    project_apply(&a, in, &p, errs);
    if (iso3[0] && !secretariat) {
        /* Who may: the State's focal point, or a partner named in it with an accepted interest; then every partner
           named must have an accepted interest (the Secretariat records projects funded in other ways too). */
        bool own_in = false;
        for (size_t i = 0; i < npar; i++) own_in |= par[i] == own;
        if (who->role == ROLE_FOCAL_POINT ? !authz_allowed(who, AUTHZ_STATE_EDIT, iso3) : !own_in) {
            err_set(e, ERR_FORBIDDEN, who->role == ROLE_FOCAL_POINT ? N_("A focal point records projects of its own State only.")
                                                                   : N_("A partner records only projects it takes part in."), NULL);
            goto done;
        }
        for (size_t i = 0; i < npar; i++) {
            int ok = accepted_in(s, &a, par[i], req, nreq);
            if (ok < 0) { err_set(e, ERR_STORE, NULL, NULL); goto done; }
            if (!ok) {
                input_error(errs, "partners", N_("Each partner needs an interest the State accepted in one of the requests: accept it on the request's page first."));
                break;
            }
        }
    }
    if (errs->n) { input_invalid(errs, e); goto done; }
    if (store_tx_begin(s) < 0) { err_set(e, ERR_BUSY, NULL, NULL); goto done; }
    id = store_project_insert(s, &p);
    for (size_t i = 0; id > 0 && i < npar; i++)
        if (store_project_partner_add(s, id, par[i]) < 0) id = -1;
    for (size_t i = 0; id > 0 && i < nreq; i++)
        if (store_project_request_add(s, id, req[i]) < 0) id = -1;
    if (id > 0 && move_requests(s, req, nreq, "implementation", arena_printf(&a, "Project %lld started.", id), moves, e) < 0) {
        store_tx_rollback(s);
        id = -1;
        goto done;
    }
    if (id > 0) {
        json_t *d = json_pack("{s:s, s:o, s:o}", "state", iso3, "requests", json_deep_copy(json_object_get(in, "requests")),
                              "partners", json_deep_copy(json_object_get(in, "partners")));
        audit_record(s, who, "project.add", "project", id, d);
        json_decref(d);
        json_t *tp = json_pack("{s:s, s:{s:s}}", "title", p.title ? p.title : "", "state", "state", iso3);
        if (!tp || notify_parties(s, iso3, par, npar, -1, NOTIFY_PROJECT_CREATED, arena_printf(&a, "/projects/%lld", id), tp, NULL) < 0)
            id = -1;
        json_decref(tp);
    }
    if (store_tx_end(s, id > 0) < 0) {
        err_set(e, ERR_STORE, NULL, NULL);
        id = -1;
    }
done:
    arena_cleanup(&a);
    return id;
}

/* ---------------------------------------------------------------- progress reports */

static const char *const REPORT_FIELDS[] = {
    "period_end", "activities", "results", "paragraphs", "committed", "disbursed", "spent", NULL,
};

/* Read a project for a write: it exists, the asker may complete it (complete) or else post its reports, and only
   then that it is still active.  0, or -1 with e. */
static int load_for_write(struct store *s, struct arena *a, const struct principal *who, long long id, time_t now,
                          bool complete, struct project *p, struct err *e)
{
    if (project_get(s, a, who, "en", now, id, p, e) < 0) return -1;
    /* Rights first, then the status: whoever may not act on it gets 403 whether it is completed or not. */
    if (complete && !p->party_completes)
        return err_set(e, ERR_FORBIDDEN, N_("Only the parties of a project and the Secretariat complete it."), NULL);
    if (!complete && !p->party_writes)
        return err_set(e, ERR_FORBIDDEN, N_("Only the parties of a project post its progress reports: the requesting State and its partners."), NULL);
    if (!is_active(p->status))
        return err_set(e, ERR_STATE, N_("This project is completed: it takes no more reports and cannot be completed again."), NULL);
    return 0;
}

/* A progress report posted by party p->my_party, told to the project's other parties (in the transaction). */
static int tell_report(struct store *s, struct arena *a, const struct project *p)
{
    long long ids[64];
    size_t n = 0;
    const char *by = "";
    for (size_t i = 0; i < p->nparties; i++) {
        if (p->parties[i].id == p->my_party) by = p->parties[i].name ? p->parties[i].name : "";
        if (p->parties[i].id > 0 && n < sizeof ids / sizeof ids[0]) ids[n++] = p->parties[i].id;
    }
    json_t *tp = json_pack("{s:s, s:s}", "title", p->title ? p->title : "", "party", by);
    int k = tp ? notify_parties(s, p->iso3, ids, n, p->my_party, NOTIFY_PROGRESS_POSTED,
                                arena_printf(a, "/projects/%lld#reports", p->id), tp, NULL)
               : -1;
    json_decref(tp);
    return k < 0 ? -1 : 0;
}

long long project_report_add(struct store *s, const struct principal *who, long long project_id, time_t now, json_t *in,
                             struct assist_field_errors *errs, struct err *e)
{
    struct arena a = ARENA_INIT;
    long long id = -1;
    errs->n = 0;
    struct project p;
    if (load_for_write(s, &a, who, project_id, now, false, &p, e) < 0) goto done;
    if (!json_is_object(in)) { input_error(errs, "", N_("Send the report as a JSON object.")); input_invalid(errs, e); goto done; }
    input_unknown(in, REPORT_FIELDS, errs);
    struct store_progress r = { .project_id = project_id, .party = p.my_party, .created_by = who->user_id };
    const char *pe = json_string_value(json_object_get(in, "period_end"));
    bool known = false;
    for (size_t i = 0; pe && i < p.nperiods; i++) known |= strcmp(p.periods[i].end, pe) == 0;
    if (!known)
        input_error(errs, "period_end", p.nperiods ? N_("Choose one of the project's reporting periods that has begun, by its last day (YYYY-MM-DD).")
                                                   : N_("The project's first reporting period has not begun yet."));
    else r.period_end = arena_strdup(&a, pe);
    r.activities = input_text(in, "activities", PROJECT_TEXT_MAX, false, "", errs,
                              N_("The activities are too long: write at most 5,000 characters."), NULL);
    r.results = input_text(in, "results", PROJECT_TEXT_MAX, false, "", errs,
                           N_("The results are too long: write at most 5,000 characters."), NULL);
    r.paragraphs = input_codes(&a, in, "paragraphs", input_paragraph_ok, NULL, errs,
                               N_("Give the paragraphs as a list such as [\"PoA II.17\", \"ITI 8a\"]."));
    input_amount(in, "committed", AMOUNT, &r.has_committed, &r.committed, errs);
    input_amount(in, "disbursed", AMOUNT, &r.has_disbursed, &r.disbursed, errs);
    input_amount(in, "spent", AMOUNT, &r.has_spent, &r.spent, errs);
    if (r.has_disbursed && r.has_committed && r.disbursed > r.committed)
        input_error(errs, "disbursed", N_("More is disbursed than committed: disbursed money must have been committed first."));
    if (r.has_spent && r.has_disbursed && r.spent > r.disbursed)
        input_error(errs, "spent", N_("More is spent than disbursed: money is spent after it is disbursed."));
    if (r.activities && r.results && !*r.activities && !*r.results && !r.has_committed && !r.has_disbursed && !r.has_spent)
        input_error(errs, "activities", N_("Write what was done in the period, its results, or the amounts: a report says something."));
    if (errs->n) { input_invalid(errs, e); goto done; }
    if (store_tx_begin(s) < 0) { err_set(e, ERR_BUSY, NULL, NULL); goto done; }
    id = store_progress_insert(s, &r);
    if (id > 0) {
        json_t *d = json_pack("{s:I, s:s, s:I}", "report", (json_int_t)id, "period_end", r.period_end, "party", (json_int_t)r.party);
        audit_record(s, who, "project.report", "project", project_id, d);
        json_decref(d);
        if (tell_report(s, &a, &p) < 0) id = -1;
    }
    if (store_tx_end(s, id > 0) < 0) {
        err_set(e, ERR_STORE, NULL, NULL);
        id = -1;
    }
done:
    arena_cleanup(&a);
    return id;
}

/* Does another active project than self answer the request?  1, 0, or -1 on a store error. */
static int other_active(struct store *s, struct arena *a, long long request, long long self)
{
    long long *ids;
    size_t n;
    if (store_projects_of_request(s, a, request, &ids, &n) < 0) return -1;
    for (size_t i = 0; i < n; i++) {
        struct store_project row;
        if (ids[i] == self) continue;
        int g = store_project_get(s, a, "en", ids[i], &row);
        if (g < 0) return -1;
        if (g == 0 && is_active(row.status)) return 1;
    }
    return 0;
}

int project_complete(struct store *s, const struct principal *who, long long project_id, const char *note,
                     struct project_moves *moves, struct err *e)
{
    struct arena a = ARENA_INIT;
    int rc = -1;
    if (moves) moves->n = 0;
    struct project p;
    if (load_for_write(s, &a, who, project_id, project_now(), true, &p, e) < 0) goto done;
    if (note && (!utf8_valid_text(note, strlen(note)) || text_chars(note) > ASSIST_STAGE_NOTE_MAX)) {
        err_set(e, ERR_INVALID, N_("The note is too long: write at most 2,000 characters."), "note");
        goto done;
    }
    /* A request that another active project still answers stays in implementation until that one completes too. */
    long long *ids = arena_array(&a, p.nrequests ? p.nrequests : 1, sizeof *ids);
    size_t nids = 0;
    for (size_t i = 0; i < p.nrequests; i++) {
        int other = other_active(s, &a, p.requests[i].id, project_id);
        if (other < 0) { err_set(e, ERR_STORE, NULL, NULL); goto done; }
        if (!other) ids[nids++] = p.requests[i].id;
        else if (moves && moves->n < sizeof moves->v / sizeof moves->v[0])
            moves->v[moves->n++] = (struct project_unmoved){ p.requests[i].id, N_("Another project answering this request is still active: the request completes with the last one.") };
    }
    const char *why = note && *note ? note : arena_printf(&a, "Project %lld completed.", project_id);
    if (store_tx_begin(s) < 0) { err_set(e, ERR_BUSY, NULL, NULL); goto done; }
    int g = store_project_set_status(s, project_id, "completed");
    if (g != 0 || move_requests(s, ids, nids, "completed", why, moves, e) < 0) {
        store_tx_rollback(s);
        if (g != 0) err_set(e, ERR_STORE, NULL, NULL);
        goto done;
    }
    json_t *d = note && *note ? json_pack("{s:s}", "note", note) : NULL;
    audit_record(s, who, "project.complete", "project", project_id, d);
    json_decref(d);
    if (store_tx_commit(s) < 0) { err_set(e, ERR_STORE, NULL, NULL); goto done; }
    rc = 0;
done:
    arena_cleanup(&a);
    return rc;
}

int project_notify_due(struct store *s, time_t now)
{
    struct arena a = ARENA_INIT;
    struct project_due *v;
    size_t n;
    struct err e = ERR_NONE;
    int added = project_reports_due(s, &a, now, &v, &n, &e) < 0 ? -1 : 0;
    for (size_t i = 0; added >= 0 && i < n; i++) {
        json_t *tp = json_pack("{s:s, s:{s:s}}", "title", v[i].title ? v[i].title : "", "due", "date", v[i].due ? v[i].due : "");
        /* once per party and period: "due" when the period ends; the same key keeps a late one from repeating */
        const char *dedup = arena_printf(&a, "progress:%lld:%lld:%s", v[i].project_id, v[i].party, v[i].period_end);
        const char *object = arena_printf(&a, "/projects/%lld", v[i].project_id);
        int k = !tp ? -1 : v[i].party == 0 ? notify_state(s, v[i].iso3, NOTIFY_PROGRESS_DUE, object, tp, dedup)
                                           : notify_partner(s, v[i].party, NOTIFY_PROGRESS_DUE, object, tp, dedup);
        json_decref(tp);
        added = k < 0 ? -1 : added + k;
    }
    arena_cleanup(&a);
    return added;
}
