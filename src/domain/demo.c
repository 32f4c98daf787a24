/*
 * demo: see demo.h.  Which States report in which cycle (their profiles, weighted draws), the
 * dates of each report's life (started, submitted, published or returned, corrected), storing
 * the reports, the benchmark cycles of demo_reports_scaled.  The answers are made up in
 * demo_answers.c.
 */
#include "domain/demo.h"
#include "domain/demo_internal.h"

#include <jansson.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "domain/cycle.h"
#include "domain/setup.h"
#include "domain/template.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/mem.h"

/* The cycle whose reports show every status (draft, submitted, returned, published, corrected). */
#define DEMO_STATUS_CYCLE 2026

/* ------------------------------------------------------------------ States */

static bool in_list(const char *iso3, const char *list)
{
    const char *p = strstr(list, iso3);
    return p && strlen(iso3) == 3 && (p == list || p[-1] == ' ') && (p[3] == ' ' || p[3] == 0);
}

static const char FRANCOPHONE[] = "FRA BEL LUX MCO CHE SEN CIV MLI CMR BFA NER TCD TGO BEN GIN GAB COG COD CAF MDG DJI COM BDI HTI MRT MAR TUN DZA";
static const char HISPANOPHONE[] = "ESP ARG BOL CHL COL CRI CUB DOM ECU SLV GTM HND MEX NIC PAN PRY PER URY VEN GNQ";
static const char NOT_DEVELOPING[] = "BGR HRV CZE EST HUN LVA LTU POL ROU SVK SVN RUS JPN KOR SGP ARE QAT SAU KWT BHR BRN CHN";
static const char DONORS[] = "JPN KOR CZE POL EST LVA LTU HUN SVK SVN";
static const char MANUFACTURERS[] =
    "USA RUS CHN DEU ITA BEL AUT CZE BRA TUR ISR KOR SRB HRV BGR ARG ZAF IND PAK FRA GBR CHE SWE FIN NOR ESP PRT POL UKR "
    "BLR JPN CAN MEX COL CHL IRN EGY SGP AUS ROU SVK HUN BIH MNE MKD KAZ IDN PHL THA MYS ARE SAU";


static struct dstate *state_find(struct states *ss, const char *iso3)
{
    for (size_t i = 0; i < ss->n; i++)
        if (strcmp(ss->v[i].iso3, iso3) == 0) return &ss->v[i];
    return NULL;
}

static int state_cb(const struct store_state *st, void *ctx)
{
    struct states *ss = ctx;
    if (!st->iso3 || strlen(st->iso3) != 3) return 0;
    if (ss->n == ss->cap) {
        ss->cap = ss->cap ? ss->cap * 2 : 256;
        ss->v = xrealloc(ss->v, ss->cap * sizeof *ss->v);
    }
    struct dstate *d = &ss->v[ss->n++];
    memset(d, 0, sizeof *d);
    memcpy(d->iso3, st->iso3, 4);
    snprintf(d->grp, sizeof d->grp, "%s", st->grp ? st->grp : "");
    for (int l = 0; l < NLANG; l++) snprintf(d->name[l], sizeof d->name[l], "%s", st->name ? st->name : st->iso3);
    return 0;
}

struct names_ctx { struct states *ss; enum lang l; };

static int name_cb(const struct store_state *st, void *ctx)
{
    struct names_ctx *nc = ctx;
    struct dstate *d = st->iso3 ? state_find(nc->ss, st->iso3) : NULL;
    if (d && st->local_name && *st->local_name) snprintf(d->name[nc->l], sizeof d->name[nc->l], "%s", st->local_name);
    return 0;
}

static int cmp_iso3(const void *a, const void *b)
{
    return strcmp(((const struct dstate *)a)->iso3, ((const struct dstate *)b)->iso3);
}

static double group_capacity(const char *grp)
{
    return !strcmp(grp, "WEOG") ? 0.8 : !strcmp(grp, "EEG") ? 0.7 : !strcmp(grp, "GRULAC") ? 0.6
         : !strcmp(grp, "APG") ? 0.5 : !strcmp(grp, "AFR") ? 0.5 : 0.4;
}

static double group_reporting(const char *grp)
{
    return !strcmp(grp, "WEOG") ? 1.8 : !strcmp(grp, "EEG") ? 1.3 : !strcmp(grp, "GRULAC") ? 0.7
         : !strcmp(grp, "AFR") ? 0.5 : !strcmp(grp, "APG") ? 0.45 : 0.2;
}

static void profile(struct dstate *d, unsigned seed)
{
    struct rng r;
    rng_seed(&r, seed, hash_str(d->iso3), 1);
    d->lang = in_list(d->iso3, FRANCOPHONE) ? FR : in_list(d->iso3, HISPANOPHONE) ? ES : EN;
    bool weog = strcmp(d->grp, "WEOG") == 0;
    d->developing = !weog && !in_list(d->iso3, NOT_DEVELOPING) && d->grp[0];
    d->donor = weog || in_list(d->iso3, DONORS);
    d->manufacturer = in_list(d->iso3, MANUFACTURERS);
    d->needs = d->developing && rng_chance(&r, 0.42);
    d->capacity = clamp(group_capacity(d->grp) + (rng_unit(&r) - 0.5) * 0.26, 0.1, 0.9);
    double u = rng_unit(&r);
    d->diligence = 0.25 + 1.5 * u * u;          /* many occasional reporters, a few keen ones */
    d->size = exp((rng_unit(&r) - 0.4) * 2.5);  /* about 0.37 .. 4.5 */
}

/* ------------------------------------------------------------------ reports */

static int put(struct demo *d, long long id, const char *qid, json_t *v)
{
    char *js = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
    int rc = store_answer_put(d->s, id, qid, js, 0);
    free(js);
    return rc;
}

/* Store the answers in template order. */
static int store_answers(struct demo *d, const struct template *t, long long id, json_t *ans)
{
    for (size_t i = 0; i < t->nq; i++) {
        json_t *v = json_object_get(ans, t->q[i].id);
        if (v && put(d, id, t->q[i].id, v) < 0) return -1;
    }
    return 0;
}

/* A correction after publication: one figure or one answer changes. */
static int correct(struct demo *d, struct gen *g, long long id, json_t *ans)
{
    for (size_t i = 0; i < g->t->nq; i++) {
        const struct template_question *q = &g->t->q[i];
        json_t *v = json_object_get(ans, q->id);
        char err[160];
        json_t *nv = NULL;
        if (q->type == ANSWER_NUMBER && json_is_integer(v) && !strstr(q->id, "answered")) nv = json_integer(json_integer_value(v) + rng_int(&g->r, 1, 25));
        else if (q->type == ANSWER_YND && json_is_string(v) && !strcmp(json_string_value(v), "developing")) nv = json_string("yes");
        if (!nv) continue;
        if (answer_check(q, nv, err, sizeof err) < 0) { json_decref(nv); continue; }
        json_object_set_new(ans, q->id, nv);
        return put(d, id, q->id, nv);
    }
    return 0;
}

static const char *const NOTE[NLANG] = {
    "Corrected figures provided by the national commission.",
    "Chiffres corrigés communiqués par la commission nationale.",
    "Cifras corregidas comunicadas por la comisión nacional.",
};
static const char *const RETURN_COMMENT = "Please complete the section on international cooperation and assistance.";

enum fate { PUBLISHED, CORRECTED, SUBMITTED, RETURNED, DRAFT, NO_REPORT };

/*
 * The States of the demo focal points (setup.c's accounts: Kenya, France, Peru) are left out
 * of the draws and report, published, in the two cycles before the status cycle (2022 and
 * 2024) and no other: their focal points find their State's history, "what changed" and
 * pre-fill (the cycle the demo opens starts from the 2024 report) at once, and the open cycle
 * is theirs to start.  The later report carries most answers forward unchanged
 * (ACCOUNT_KEEP) and revises a few; France corrected its 2024 report (a second version).
 */
#define ACCOUNT_KEEP 0.9
#define ACCOUNT_CORRECTED "FRA"

static enum fate account_fate(const struct dstate *st, int year)
{
    if (year != DEMO_STATUS_CYCLE - 4 && year != DEMO_STATUS_CYCLE - 2) return NO_REPORT;
    return year == DEMO_STATUS_CYCLE - 2 && !strcmp(st->iso3, ACCOUNT_CORRECTED) ? CORRECTED : PUBLISHED;
}

/* ------------------------------------------------------------------ dates */

/* Days since 1970-01-01 of a proleptic Gregorian date, and back (H. Hinnant's algorithms). */
static long days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

/* When things happened to one report: day numbers, all on or before today. */
struct when { long start, submit, decide, reopen, correct, last; long today; };

static long not_after(long day, long today) { return day < today ? day : today; }

static void iso_time(struct rng *r, long day, char out[24])
{
    int y, m, d;
    civil_from_days(day, &y, &m, &d);
    snprintf(out, 24, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d, rng_int(r, 6, 17), rng_int(r, 0, 59), rng_int(r, 0, 59));
}

/*
 * A focal point starts between October and February before the deadline (31 March of the
 * cycle year), submits weeks to months later (a third after the deadline), and the
 * Secretariat publishes or returns within days; a correction comes months after.
 */
static struct when timeline(struct rng *r, int year, enum fate fate, long today)
{
    struct when w = { .today = today };
    w.start = not_after(days_from_civil(year - 1, 10, 1) + rng_int(r, 0, 150), today);
    w.submit = not_after(w.start + rng_int(r, 10, 150), today);
    w.decide = not_after(w.submit + rng_int(r, 2, 25), today);
    w.correct = not_after(w.decide + rng_int(r, 40, 240), today);
    w.reopen = not_after(w.correct - rng_int(r, 5, 20), today);
    if (w.reopen < w.decide) w.reopen = w.decide;
    w.last = fate == DRAFT ? not_after(w.start + rng_int(r, 3, 90), today)
           : fate == SUBMITTED ? w.submit : fate == CORRECTED ? w.correct : w.decide;
    return w;
}

/*
 * One State's report for cycle `year` (a benchmark cycle answers the template t of another
 * year); a demo account's State (st->account) reports as account_fate says.
 */
static int one_report(struct demo *d, struct dstate *st, const struct template *t, int year, int step, bool open, int *count)
{
    struct gen g;
    memset(&g, 0, sizeof g);
    rng_seed(&g.r, d->seed, hash_str(st->iso3), (uint64_t)year);
    g.st = st; g.cycle = t->cycle; g.step = step; g.t = t; g.l = st->lang;

    double u = rng_unit(&g.r);
    /* The open cycle, and 2026 (the cycle closed by the last meeting, still being reviewed: reports
       of a closed cycle can still be submitted, returned and published), show every status. */
    open = open || year == DEMO_STATUS_CYCLE;
    enum fate fate = !open ? (u < 0.06 ? CORRECTED : PUBLISHED)
                   : u < 0.62 ? PUBLISHED : u < 0.67 ? CORRECTED : u < 0.81 ? SUBMITTED : u < 0.85 ? RETURNED : DRAFT;
    if (st->account) {
        fate = account_fate(st, year);
        if (fate == NO_REPORT) return 0;
        if (st->known) g.keep = ACCOUNT_KEEP;
    }
    struct rng dr;
    rng_seed(&dr, d->seed ^ 0xDA7Eu, hash_str(st->iso3), (uint64_t)year);
    struct when w = timeline(&dr, t->cycle, fate, d->today);
    char at_start[24], at_submit[24], at_decide[24], at_reopen[24], at_correct[24], at_last[24];
    iso_time(&dr, w.start, at_start);
    iso_time(&dr, w.submit, at_submit);
    iso_time(&dr, w.decide, at_decide);
    iso_time(&dr, w.reopen, at_reopen);
    iso_time(&dr, w.correct, at_correct);
    iso_time(&dr, w.last, at_last);
    const char *last = fate == DRAFT ? at_last : fate == SUBMITTED ? at_submit : fate == CORRECTED ? at_correct : at_decide;

    long long id = store_report_add(d->s, st->iso3, year, LANG_CODE[st->lang], true, st->last_report);
    if (id < 0) return -1;
    if (id == 0) return 0;      /* this State already has a report for the cycle */

    json_t *prev = st->known ? demo_migrate(st->known, st->known_cycle, t) : json_object();
    json_t *ans = demo_answer_all(&g, d, prev, fate == DRAFT ? 0.3 + 0.6 * rng_unit(&g.r) : 1.0);
    json_decref(prev);
    int rc = store_answers(d, t, id, ans) < 0 || store_report_event_add_at(d->s, id, 0, "start", NULL, at_start) < 0 ? -1 : 0;
    if (rc == 0 && fate != DRAFT) {
        rc = store_report_set_status(d->s, id, "submitted", 0) < 0 ||
             store_report_event_add_at(d->s, id, 0, "submit", NULL, at_submit) < 0 ? -1 : 0;
    }
    if (rc == 0 && fate == RETURNED) {
        rc = store_report_set_status(d->s, id, "returned", 0) < 0 ||
             store_report_event_add_at(d->s, id, d->publisher, "return", RETURN_COMMENT, at_decide) < 0 ? -1 : 0;
    }
    if (rc == 0 && (fate == PUBLISHED || fate == CORRECTED)) {
        rc = store_report_set_status(d->s, id, "published", 1) < 0 ||
             store_report_event_add_at(d->s, id, d->publisher, "publish", NULL, at_decide) < 0 ||
             store_report_version_add_at(d->s, id, 1, d->publisher, NULL, at_decide) < 0 ? -1 : 0;
    }
    if (rc == 0 && fate == CORRECTED) {
        rc = store_report_event_add_at(d->s, id, 0, "reopen", NULL, at_reopen) < 0 || correct(d, &g, id, ans) < 0 ||
             store_report_event_add_at(d->s, id, 0, "submit", NULL, at_reopen) < 0 ||
             store_report_set_status(d->s, id, "published", 2) < 0 ||
             store_report_event_add_at(d->s, id, d->publisher, "publish", NOTE[st->lang], at_correct) < 0 ||
             store_report_version_add_at(d->s, id, 2, d->publisher, NOTE[st->lang], at_correct) < 0 ? -1 : 0;
    }
    if (rc == 0) rc = store_report_dates_set(d->s, id, at_start, last, fate == DRAFT ? NULL : fate == CORRECTED ? at_reopen : at_submit);
    if (rc == 0) {
        json_decref(st->known);
        st->known = ans;
        st->known_cycle = t->cycle;
        st->last_report = id;
        (*count)++;
    } else {
        json_decref(ans);
    }
    return rc;
}

/* ------------------------------------------------------------------ cycles */

struct cycle_row { int year; bool open; };   /* open: the newest cycle, whose reports are still being worked on */
struct cycles { struct cycle_row v[64]; size_t n; };

/* The cycles with a template that have opened (domain/cycle.c decides from the dates); the newest
   of them mixes published, submitted, returned and draft reports, whatever its status today. */
static int cycles_read(struct store *s, struct cycles *cs)
{
    struct arena a = ARENA_INIT;
    struct cycle *v;
    size_t n;
    int rc = cycle_list(s, &a, &v, &n, NULL);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        const struct template *t = template_get(v[i].year);
        if (v[i].status != CYCLE_PLANNED && t && t->cycle == v[i].year && v[i].year < TEMPLATE_BENCH_FIRST && cs->n < 64)
            cs->v[cs->n++] = (struct cycle_row){ v[i].year, false };
    }
    arena_cleanup(&a);
    int newest = -1;
    for (size_t i = 0; i < cs->n; i++)
        if (newest < 0 || cs->v[i].year > cs->v[newest].year) newest = (int)i;
    if (newest >= 0) cs->v[newest].open = true;
    return rc;
}

static int cmp_cycle(const void *a, const void *b)
{
    return ((const struct cycle_row *)a)->year - ((const struct cycle_row *)b)->year;
}

/* About as many reports as on record (the record: 120 States in 2018). */
static int target(int year)
{
    switch (year) {
    case 2010: return 95;
    case 2012: return 93;
    case 2014: return 105;
    case 2016: return 113;
    case 2018: return 120;
    case 2020: return 105;
    case 2022: return 95;
    case 2024: return 100;
    case 2026: return 90;
    default: return 95;
    }
}

struct pick { double key; size_t i; };

static int cmp_pick(const void *a, const void *b)
{
    const struct pick *x = a, *y = b;
    if (x->key != y->key) return x->key < y->key ? 1 : -1;
    return x->i < y->i ? -1 : x->i > y->i;
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

static int user_cb(const struct store_user *u, void *ctx)
{
    *(long long *)ctx = u->id;
    return 0;
}

static int one_cycle(struct demo *d, const struct cycle_row *c, int step, int *count)
{
    const struct template *t = template_get(c->year);
    struct rng r;
    rng_seed(&r, d->seed, 0xC7C1E, (uint64_t)c->year);
    int want = target(t->cycle) + rng_int(&r, -3, 3);
    size_t accounts = 0;       /* the demo accounts' States reporting this cycle count towards it */
    for (size_t i = 0; i < d->ss.n; i++)
        if (d->ss.v[i].account && account_fate(&d->ss.v[i], c->year) != NO_REPORT) accounts++;
    want -= (int)accounts;

    /* Weighted sampling without replacement (Efraimidis-Spirakis): the largest u^(1/w) win. */
    struct pick *p = xcalloc(d->ss.n, sizeof *p);
    size_t np = 0;
    for (size_t i = 0; i < d->ss.n; i++) {
        struct dstate *st = &d->ss.v[i];
        if (st->account) continue;
        double w = group_reporting(st->grp) * st->diligence * (st->reported_prev ? 3.0 : 1.0);
        double u = (double)((rng_next(&r) >> 11) + 1) * 0x1.0p-53;
        p[np++] = (struct pick){ log(u) / w, i };
    }
    qsort(p, np, sizeof *p, cmp_pick);
    size_t n = (size_t)want < np ? (size_t)want : np;
    size_t *chosen = xcalloc(n ? n : 1, sizeof *chosen);
    for (size_t i = 0; i < n; i++) chosen[i] = p[i].i;
    qsort(chosen, n, sizeof *chosen, cmp_size);   /* by ISO code: the States array is sorted */
    free(p);

    int rc = 0, made = 0;
    if (store_tx_begin(d->s) < 0) { free(chosen); return -1; }
    long long last_before = store_bulk_begin(d->s);   /* index the cycle's reports at once, at the end */
    if (last_before < 0) rc = -1;
    for (size_t i = 0; i < n && rc == 0; i++) rc = one_report(d, &d->ss.v[chosen[i]], t, c->year, step, c->open, &made);
    for (size_t i = 0; i < d->ss.n && accounts && rc == 0; i++)
        if (d->ss.v[i].account) rc = one_report(d, &d->ss.v[i], t, c->year, step, c->open, &made);
    if (rc == 0) rc = store_bulk_end(d->s, last_before);
    if (rc == 0) {
        for (size_t i = 0; i < d->ss.n; i++) d->ss.v[i].reported_prev = false;
        for (size_t i = 0; i < n; i++) d->ss.v[chosen[i]].reported_prev = true;
    }
    free(chosen);
    if (rc < 0) { store_bulk_abort(d->s); store_tx_rollback(d->s); return -1; }
    if (store_tx_commit(d->s) < 0) return -1;     /* a failed commit has rolled back */
    *count = made;
    return 0;
}

int demo_reports(struct store *s, unsigned seed, FILE *progress, char *err, size_t errlen)
{
    return demo_reports_scaled(s, seed, 1, progress, err, errlen);
}

/* Forget what each State reported: a new run of benchmark cycles starts afresh. */
static void states_forget(struct demo *d)
{
    for (size_t i = 0; i < d->ss.n; i++) {
        json_decref(d->ss.v[i].known);
        d->ss.v[i].known = NULL;
        d->ss.v[i].known_cycle = 0;
        d->ss.v[i].last_report = 0;
        d->ss.v[i].reported_prev = false;
    }
}

/* Benchmark cycles 2100, 2102, ... until the database holds `want` reports. */
static int bench_cycles(struct demo *d, int want, int *total, FILE *progress, char *err, size_t errlen)
{
    size_t per_run = template_count();
    int from = *total;
    for (size_t i = 0; *total < want; i++) {
        if (i >= TEMPLATE_BENCH_MAX) { snprintf(err, errlen, "the scale needs more than %d benchmark cycles", TEMPLATE_BENCH_MAX); return -1; }
        if (i % per_run == 0) states_forget(d);
        struct cycle_row c = { TEMPLATE_BENCH_FIRST + 2 * (int)i, false };
        char opens[24], deadline[24];
        snprintf(opens, sizeof opens, "%d-01-01", c.year);
        snprintf(deadline, sizeof deadline, "%d-03-31", c.year);
        int made = 0;
        int added = -1;
        if (store_tx_begin(d->s) == 0) {
            added = store_cycle_add(d->s, c.year, opens, deadline);
            if (added < 0) store_tx_rollback(d->s);
            else if (store_tx_commit(d->s) < 0) added = -1;
        }
        if (added < 0 || one_cycle(d, &c, (int)(i % per_run), &made) < 0) {
            snprintf(err, errlen, "storing the synthetic reports of benchmark cycle %d failed", c.year);
            return -1;
        }
        *total += made;
        if (progress && ((i + 1) % (per_run * 10) == 0 || *total >= want)) {
            fprintf(progress, "benchmark cycles %d-%d: %d reports\n", TEMPLATE_BENCH_FIRST, c.year, *total - from);
            fflush(progress);
        }
    }
    return 0;
}

int demo_reports_scaled(struct store *s, unsigned seed, int scale, FILE *progress, char *err, size_t errlen)
{
    if (template_init(err, errlen) < 0) return -1;
    struct demo d;
    memset(&d, 0, sizeof d);
    d.s = s;
    d.seed = seed;
    char today[11];
    cycle_today(today);
    d.today = cycle_date_days(today);
    if (store_states_each(s, NULL, state_cb, &d.ss) < 0 || !d.ss.n) {
        free(d.ss.v);
        snprintf(err, errlen, "the database has no States: initialise it first");
        return -1;
    }
    qsort(d.ss.v, d.ss.n, sizeof *d.ss.v, cmp_iso3);
    for (enum lang l = FR; l < NLANG; l++) {
        struct store_state_filter f = { .lang = LANG_CODE[l] };
        struct names_ctx nc = { &d.ss, l };
        store_states_each(s, &f, name_cb, &nc);
    }
    for (size_t i = 0; i < d.ss.n; i++) {
        profile(&d.ss.v[i], seed);
        for (const struct setup_demo_account *a = SETUP_DEMO_ACCOUNTS; a->username; a++)
            if (a->state && !strcmp(a->state, d.ss.v[i].iso3)) d.ss.v[i].account = true;
    }
    store_user_by_name(s, "unoda", user_cb, &d.publisher);

    struct cycles cs = { .n = 0 };
    if (cycles_read(s, &cs) < 0) {
        free(d.ss.v);
        snprintf(err, errlen, "reading the cycles failed");
        return -1;
    }
    qsort(cs.v, cs.n, sizeof cs.v[0], cmp_cycle);
    int total = 0, rc = 0;
    for (size_t i = 0; i < cs.n && rc == 0; i++) {
        int made = 0;
        rc = one_cycle(&d, &cs.v[i], (int)i, &made);
        if (rc < 0) { snprintf(err, errlen, "storing the synthetic reports of %d failed", cs.v[i].year); break; }
        total += made;
        if (progress) { fprintf(progress, "%d: %d reports\n", cs.v[i].year, made); fflush(progress); }
    }
    if (rc == 0 && scale > 1) {
        store_bulk_cache(s, 512);
        rc = bench_cycles(&d, scale * total, &total, progress, err, errlen);
        store_bulk_cache(s, 0);
    }
    if (rc == 0 && store_tx_begin(s) == 0) {
        char detail[96];
        snprintf(detail, sizeof detail, "{\"reports\": %d, \"seed\": %u, \"scale\": %d, \"synthetic\": true}", total, seed, scale);
        if (store_audit_add(s, 0, "cli", "demo.reports", NULL, detail) < 0) store_tx_rollback(s);
        else store_tx_commit(s);                  /* a failed commit has rolled back */
    }
    for (size_t i = 0; i < d.ss.n; i++) json_decref(d.ss.v[i].known);
    free(d.ss.v);
    return rc < 0 ? -1 : total;
}
