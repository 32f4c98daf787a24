/* Unit tests: domain/demo, the synthetic reports of `poaiss demo`. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "domain/changes.h"
#include "domain/cycle.h"
#include "domain/demo.h"
#include "domain/report.h"
#include "domain/setup.h"
#include "domain/template.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/buf.h"
#include "unit.h"

UNIT_DEMO_FIXTURE("demo", 0)

/* ---- the reports, collected */

struct rep { long long id; char iso3[4]; int cycle; char status[16], language[4]; bool synthetic; int version; };
struct reps { struct rep v[4096]; size_t n; };

static int rep_cb(const struct store_report *r, void *ctx)
{
    struct reps *rs = ctx;
    if (rs->n >= sizeof rs->v / sizeof rs->v[0]) return 1;
    struct rep *x = &rs->v[rs->n++];
    x->id = r->id;
    snprintf(x->iso3, sizeof x->iso3, "%s", r->state_iso3);
    x->cycle = r->cycle;
    snprintf(x->status, sizeof x->status, "%s", r->status);
    snprintf(x->language, sizeof x->language, "%s", r->language);
    x->synthetic = r->synthetic;
    x->version = r->version;
    return 0;
}

static struct reps *all_reports(struct store *s)
{
    struct reps *rs = calloc(1, sizeof *rs);
    assert_non_null(rs);
    assert_int_equal(store_reports_each(s, NULL, 0, NULL, false, rep_cb, rs), 0);
    return rs;
}

static int answers_cb(const struct store_answer *a, void *ctx)
{
    json_t *obj = ctx;
    json_t *v = json_loads(a->value, JSON_DECODE_ANY, NULL);
    assert_non_null(v);
    json_object_set_new(obj, a->question, v);
    return 0;
}

static json_t *answers_of(struct store *s, long long id)
{
    json_t *obj = json_object();
    assert_int_equal(store_answers_each(s, id, false, answers_cb, obj), 0);
    return obj;
}

/* ---- tests */

static void test_counts_per_cycle(void **state)
{
    struct store *s = *state;
    /* Every closed or open cycle with a template, about as many reports as on record (120 in 2018). */
    static const struct { int cycle, lo, hi; } WANT[] = {
        { 2010, 90, 100 }, { 2012, 88, 98 }, { 2014, 100, 110 }, { 2016, 108, 118 }, { 2018, 115, 125 },
        { 2020, 100, 110 }, { 2022, 90, 100 }, { 2024, 95, 105 }, { 2026, 85, 95 },
    };
    for (size_t i = 0; i < sizeof WANT / sizeof WANT[0]; i++) {
        struct reps *rs = calloc(1, sizeof *rs);
        assert_int_equal(store_reports_each(s, NULL, WANT[i].cycle, NULL, false, rep_cb, rs), 0);
        if (rs->n < (size_t)WANT[i].lo || rs->n > (size_t)WANT[i].hi)
            fail_msg("%d: %zu reports, want %d..%d", WANT[i].cycle, rs->n, WANT[i].lo, WANT[i].hi);
        free(rs);
    }
    /* No report for cycles without a template.  The States of the demo focal points (once left
       without any report) have published reports for 2022 and 2024 and no other: the cycle the
       demo opens is theirs to start. */
    struct reps *rs = all_reports(s);
    int accounts = 0;
    for (size_t i = 0; i < rs->n; i++) {
        assert_non_null(template_get(rs->v[i].cycle));
        assert_true(rs->v[i].synthetic);
        for (const struct setup_demo_account *a = SETUP_DEMO_ACCOUNTS; a->username; a++) {
            if (!a->state || strcmp(rs->v[i].iso3, a->state) != 0) continue;
            if (rs->v[i].cycle != 2022 && rs->v[i].cycle != 2024) fail_msg("%s has a report for %d", a->state, rs->v[i].cycle);
            assert_string_equal(rs->v[i].status, "published");
            /* France corrected its 2024 report: a second version. */
            assert_int_equal(rs->v[i].version, !strcmp(a->state, "FRA") && rs->v[i].cycle == 2024 ? 2 : 1);
            accounts++;
        }
    }
    assert_int_equal(accounts, 6);     /* Kenya, France, Peru: 2022 and 2024 */
    free(rs);
}

/* What changed from 2022 to 2024 in a demo focal point's State: a few answers, not all of them. */
static void test_account_changes(void **state)
{
    struct store *s = *state;
    static const char *const ACCOUNT_STATES[] = { "KEN", "FRA", "PER" };
    for (size_t k = 0; k < 3; k++) {
        struct arena a = ARENA_INIT;
        struct changes all, changed;
        assert_int_equal(changes_get(s, &a, ACCOUNT_STATES[k], "en", false, &all, NULL), 0);
        assert_int_equal(changes_get(s, &a, ACCOUNT_STATES[k], "en", true, &changed, NULL), 0);
        assert_int_equal(all.ncols, 2);
        assert_int_equal(all.cols[0].cycle, 2022);
        assert_int_equal(all.cols[1].cycle, 2024);
        size_t answered = 0;
        for (size_t i = 0; i < all.nrows; i++) answered += all.rows[i].cells[1].state == CHANGES_ANSWERED;
        if (changed.nchanges < 3 || changed.nchanges * 4 > answered)
            fail_msg("%s: %zu of %zu answers changed from 2022 to 2024", ACCOUNT_STATES[k], changed.nchanges, answered);
        arena_cleanup(&a);
    }
}

struct groups { char iso3[256][4], grp[256][8]; size_t n; };

static int group_cb(const struct store_state *st, void *ctx)
{
    struct groups *g = ctx;
    if (g->n < 256) {
        snprintf(g->iso3[g->n], 4, "%s", st->iso3);
        snprintf(g->grp[g->n], 8, "%s", st->grp ? st->grp : "");
        g->n++;
    }
    return 0;
}

static const char *group_of(const struct groups *g, const char *iso3)
{
    for (size_t i = 0; i < g->n; i++)
        if (!strcmp(g->iso3[i], iso3)) return g->grp[i];
    return "";
}

static void test_patterns(void **state)
{
    struct store *s = *state;
    struct groups *g = calloc(1, sizeof *g);
    assert_int_equal(store_states_each(s, NULL, group_cb, g), 0);
    struct reps *rs = all_reports(s);
    /* Reporting rates by group: WEOG and EEG report more often than the African and Asia-Pacific groups. */
    static const char *const GRP[] = { "WEOG", "EEG", "AFR", "APG" };
    double rate[4];
    for (int k = 0; k < 4; k++) {
        int members = 0, reports = 0;
        for (size_t i = 0; i < g->n; i++) members += !strcmp(g->grp[i], GRP[k]);
        for (size_t i = 0; i < rs->n; i++) reports += !strcmp(group_of(g, rs->v[i].iso3), GRP[k]);
        rate[k] = (double)reports / ((double)template_count() * members);
    }
    assert_true(rate[0] > rate[2] && rate[0] > rate[3] && rate[1] > rate[2] && rate[1] > rate[3]);
    /* Progress over time: more "yes" to the same yes/no/developing questions in 2020 than in 2010, and more again in 2026. */
    int yes[3] = { 0, 0, 0 }, all[3] = { 0, 0, 0 };
    for (size_t i = 0; i < rs->n; i++) {
        int cy = rs->v[i].cycle;
        if (cy != 2010 && cy != 2020 && cy != 2026) continue;
        int k = cy == 2010 ? 0 : cy == 2020 ? 1 : 2;
        const struct template *t = template_get(rs->v[i].cycle);
        json_t *ans = answers_of(s, rs->v[i].id), *v;
        const char *qid;
        json_object_foreach(ans, qid, v) {
            const struct template_question *q = template_question(t, qid);
            if (!q || q->type != ANSWER_YND) continue;
            /* the same questions in each cycle: those asked from 2010 to 2026 */
            if (!template_question(template_get(2010), qid) || !template_question(template_get(2026), qid)) continue;
            all[k]++;
            yes[k] += !strcmp(json_string_value(v), "yes");
        }
        json_decref(ans);
    }
    assert_true(all[0] > 700 && all[1] > 1000 && all[2] > 1000);
    double share[3];
    for (int k = 0; k < 3; k++) share[k] = (double)yes[k] / all[k];
    if (!(share[1] > share[0] + 0.1 && share[2] > share[0] + 0.15 && share[2] > share[1]))
        fail_msg("share of yes: 2010 %.3f, 2020 %.3f, 2026 %.3f", share[0], share[1], share[2]);
    /* A State that reports again carries most of its answers forward. */
    int same = 0, compared = 0;
    for (size_t i = 0; i < rs->n; i++) {
        if (rs->v[i].cycle != 2022) continue;
        for (size_t j = 0; j < rs->n; j++) {
            if (rs->v[j].cycle != 2020 || strcmp(rs->v[j].iso3, rs->v[i].iso3) != 0) continue;
            json_t *a = answers_of(s, rs->v[i].id), *b = answers_of(s, rs->v[j].id), *v;
            const char *qid;
            json_object_foreach(a, qid, v) {
                if (!json_is_string(v) || json_string_length(v) > 10) continue;   /* yes/no/developing, options */
                compared++;
                same += json_equal(v, json_object_get(b, qid));
            }
            json_decref(a);
            json_decref(b);
        }
    }
    assert_true(compared > 1000);
    assert_true(same > compared * 7 / 10);
    /* ... through the maps too: 2014 merged stock.security and stock.inventory (2012) into stock.standards. */
    int merged_yes = 0, merged_kept = 0;
    for (size_t i = 0; i < rs->n; i++) {
        if (rs->v[i].cycle != 2014) continue;
        for (size_t j = 0; j < rs->n; j++) {
            if (rs->v[j].cycle != 2012 || strcmp(rs->v[j].iso3, rs->v[i].iso3) != 0) continue;
            json_t *a = answers_of(s, rs->v[i].id), *b = answers_of(s, rs->v[j].id);
            assert_null(json_object_get(a, "stock.security"));
            const char *old = json_string_value(json_object_get(b, "stock.security"));
            const char *now = json_string_value(json_object_get(a, "stock.standards"));
            if (old && !strcmp(old, "yes") && now) { merged_yes++; merged_kept += !strcmp(now, "yes"); }
            json_decref(a);
            json_decref(b);
        }
    }
    assert_true(merged_yes > 20);
    assert_true(merged_kept > merged_yes * 8 / 10);
    free(rs);
    free(g);
}

static void test_answers_valid(void **state)
{
    struct store *s = *state;
    struct reps *rs = all_reports(s);
    int fr = 0, es = 0, needs = 0, drafts = 0, submitted = 0, returned = 0, published = 0, corrected = 0, answers = 0;
    for (size_t i = 0; i < rs->n; i++) {
        const struct rep *r = &rs->v[i];
        const struct template *t = template_get(r->cycle);
        json_t *ans = answers_of(s, r->id);
        const char *qid;
        json_t *v;
        json_object_foreach(ans, qid, v) {
            const struct template_question *q = template_question(t, qid);
            if (!q) fail_msg("%s %d: %s is not in the template", r->iso3, r->cycle, qid);
            char err[256];
            if (answer_check(q, v, err, sizeof err) != 0) fail_msg("%s %d: %s", r->iso3, r->cycle, err);
            if (!template_applies(q, ans)) fail_msg("%s %d: %s answered but inactive", r->iso3, r->cycle, qid);
            assert_int_not_equal(q->type, ANSWER_FILE);
            answers++;
            if (json_is_string(v) && q->type == ANSWER_TEXT) {
                const char *x = json_string_value(v);
                if (!strcmp(r->language, "fr") && (strstr(x, " les ") || strstr(x, " des "))) fr++;
                if (!strcmp(r->language, "es") && (strstr(x, " los ") || strstr(x, " las "))) es++;
            }
            if (!strcmp(qid, "assist.needs")) {
                needs++;
                json_t *row;
                size_t k;
                json_array_foreach(v, k, row) {
                    assert_non_null(json_string_value(json_object_get(row, "category")));
                    assert_non_null(json_string_value(json_object_get(row, "kind")));
                    assert_true(json_string_length(json_object_get(row, "description")) > 10);
                }
            }
            if (json_is_object(v) && json_is_string(json_object_get(v, "email")))
                assert_non_null(strstr(json_string_value(json_object_get(v, "email")), "@example.org"));
        }
        /* Every report that left the draft stage has its point of contact (the one required question). */
        bool required_ok = true;
        for (size_t k = 0; k < t->nq; k++)
            if (json_is_true(json_object_get(t->q[k].json, "required")) && template_applies(&t->q[k], ans) &&
                !json_object_get(ans, t->q[k].id))
                required_ok = false;
        if (strcmp(r->status, "draft") != 0) assert_true(required_ok);
        drafts += !strcmp(r->status, "draft");
        submitted += !strcmp(r->status, "submitted");
        returned += !strcmp(r->status, "returned");
        published += !strcmp(r->status, "published");
        corrected += r->version == 2;
        if (r->cycle < 2026) assert_string_equal(r->status, "published");
        json_decref(ans);
    }
    free(rs);
    assert_true(answers > 10000);
    assert_true(fr > 20);
    assert_true(es > 20);
    assert_true(needs > 40);
    /* One report of each status at least, for the desk and the focal point's page to show. */
    assert_true(drafts > 0 && submitted > 0 && returned > 0 && corrected > 0);
    assert_true(published > 300);
}

struct versions { int n; int last; json_t *answers; };

static int version_cb(const struct store_version *v, void *ctx)
{
    struct versions *vs = ctx;
    vs->n++;
    vs->last = v->version;
    json_decref(vs->answers);
    vs->answers = json_loads(v->answers, 0, NULL);
    return 0;
}

static void test_published_versions(void **state)
{
    struct store *s = *state;
    struct reps *rs = all_reports(s);
    int checked = 0;
    for (size_t i = 0; i < rs->n; i++) {
        const struct rep *r = &rs->v[i];
        struct versions vs = { 0, 0, NULL };
        assert_int_equal(store_report_versions_each(s, r->id, version_cb, &vs), 0);
        assert_int_equal(vs.n, r->version);
        if (!strcmp(r->status, "published")) {
            assert_true(r->version >= 1);
            assert_int_equal(vs.last, r->version);
            /* The latest version is the working copy, frozen. */
            json_t *ans = answers_of(s, r->id);
            assert_true(json_equal(ans, vs.answers));
            json_decref(ans);
            checked++;
        } else {
            assert_int_equal(r->version, 0);
        }
        json_decref(vs.answers);
    }
    free(rs);
    assert_true(checked > 300);
    /* The public listing shows only what is published. */
    struct reps *pub = calloc(1, sizeof *pub);
    assert_int_equal(store_reports_each(s, NULL, 2026, NULL, true, rep_cb, pub), 0);
    for (size_t i = 0; i < pub->n; i++) assert_true(pub->v[i].version >= 1);
    free(pub);
}

static void test_demo_again_adds_nothing(void **state)
{
    struct store *s = *state;
    struct reps *before = all_reports(s);
    char err[256];
    FILE *devnull = fopen("/dev/null", "w");
    assert_int_equal(setup_demo(s, devnull, err, sizeof err), 0);
    fclose(devnull);
    struct reps *after = all_reports(s);
    assert_int_equal(before->n, after->n);
    free(before);
    free(after);
}

/* A fresh database filled with a given seed: the list of reports and the first ones' answers, as text. */
static char *fill(const char *path, unsigned seed, char *progress, size_t plen)
{
    unit_db_remove(path);
    char err[256];
    struct store *s = store_open(path, true, err, sizeof err);
    assert_non_null(s);
    assert_int_equal(setup_init(s, err, sizeof err), 0);
    FILE *p = fmemopen(progress, plen, "w");
    int n = demo_reports(s, seed, p, err, sizeof err);
    fclose(p);
    if (n < 0) fail_msg("%s", err);
    struct reps *rs = all_reports(s);
    assert_int_equal((int)rs->n, n);
    struct buf b = BUF_INIT;
    for (size_t i = 0; i < rs->n; i++) buf_printf(&b, "%s %d %s %s\n", rs->v[i].iso3, rs->v[i].cycle, rs->v[i].status, rs->v[i].language);
    for (size_t i = 0; i < 5 && i < rs->n; i++) {
        json_t *a = answers_of(s, rs->v[i].id);
        char *js = json_dumps(a, JSON_SORT_KEYS | JSON_COMPACT);
        buf_puts(&b, js);
        free(js);
        json_decref(a);
    }
    free(rs);
    store_close(s);
    unit_db_remove(path);
    return buf_steal(&b, NULL);
}

static void test_deterministic(void **state)
{
    (void)state;
    char path[64], p1[256] = "", p2[256] = "", p3[256] = "";
    snprintf(path, sizeof path, "/tmp/poaiss-demo-seed-%d.db", (int)getpid());
    char *a = fill(path, 7, p1, sizeof p1);
    char *b = fill(path, 7, p2, sizeof p2);
    char *c = fill(path, 8, p3, sizeof p3);
    assert_string_equal(a, b);
    assert_string_equal(p1, p2);
    assert_string_not_equal(a, c);
    /* One progress line per cycle. */
    assert_non_null(strstr(p1, "2020: "));
    assert_non_null(strstr(p1, "2026: "));
    assert_non_null(strstr(p1, " reports\n"));
    free(a);
    free(b);
    free(c);
}

/* ---- dates: in order, in the cycle's window, never after now */

struct dates { char created[24], submitted[24], last_event[24], first_pub[24]; int events; bool ordered; };

static int date_rep_cb(const struct store_report *r, void *ctx)
{
    struct dates *d = ctx;
    snprintf(d->created, sizeof d->created, "%s", r->created_at);
    snprintf(d->submitted, sizeof d->submitted, "%s", r->submitted_at ? r->submitted_at : "");
    return 0;
}

static int date_event_cb(const struct store_event *e, void *ctx)
{
    struct dates *d = ctx;
    if (d->events++ && strcmp(e->at, d->last_event) < 0) d->ordered = false;
    snprintf(d->last_event, sizeof d->last_event, "%s", e->at);
    return 0;
}

static int date_version_cb(const struct store_version *v, void *ctx)
{
    struct dates *d = ctx;
    if (!d->first_pub[0]) snprintf(d->first_pub, sizeof d->first_pub, "%s", v->published_at);
    return 0;
}

static void test_dates(void **state)
{
    struct store *s = *state;
    struct reps *rs = all_reports(s);
    char now[24];
    time_t t = time(NULL);
    strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", gmtime(&t));
    for (size_t i = 0; i < rs->n; i++) {
        struct dates d = { .ordered = true };
        assert_int_equal(store_report_get(s, rs->v[i].id, false, date_rep_cb, &d), 0);
        store_report_events_each(s, rs->v[i].id, date_event_cb, &d);
        store_report_versions_each(s, rs->v[i].id, date_version_cb, &d);
        char from[16], to[16];
        snprintf(from, sizeof from, "%d-10-01", rs->v[i].cycle - 1);
        snprintf(to, sizeof to, "%d-12-31", rs->v[i].cycle + 1);
        assert_true(strcmp(d.created, from) >= 0);         /* started from October before the deadline */
        assert_true(strcmp(d.created, to) <= 0);
        assert_true(d.ordered);                             /* start, submit, publish: in that order */
        assert_true(strcmp(d.last_event, now) <= 0);        /* nothing in the future */
        if (d.submitted[0]) assert_true(strcmp(d.created, d.submitted) <= 0);
        if (d.first_pub[0]) assert_true(strcmp(d.submitted, d.first_pub) <= 0 || rs->v[i].version > 1);
    }
    free(rs);
}

/* ---- scale: benchmark cycles 2100, 2102, ... answered on the real templates */

static void test_scale(void **state)
{
    (void)state;
    char err[256];
    assert_int_equal(template_init(err, sizeof err), 0);
    assert_int_equal(template_count(), 9);                 /* 2010, 2012, ..., 2026 */
    assert_ptr_equal(template_get(TEMPLATE_BENCH_FIRST), template_get(2010));
    assert_ptr_equal(template_get(TEMPLATE_BENCH_FIRST + 2), template_get(2012));
    assert_ptr_equal(template_get(TEMPLATE_BENCH_FIRST + 10), template_get(2020));
    assert_ptr_equal(template_get(TEMPLATE_BENCH_FIRST + 2 * (int)template_count()), template_get(2010));
    assert_null(template_get(TEMPLATE_BENCH_FIRST + 1));
    assert_null(template_get(2034));                        /* a cycle not opened has no template */

    char path[64];
    snprintf(path, sizeof path, "/tmp/poaiss-demo-scale-%d.db", (int)getpid());
    unit_db_remove(path);
    struct store *s = store_open(path, true, err, sizeof err);
    assert_non_null(s);
    assert_int_equal(setup_init(s, err, sizeof err), 0);
    int n = demo_reports_scaled(s, 3, 2, NULL, err, sizeof err);
    if (n < 0) fail_msg("%s", err);
    struct reps *rs = all_reports(s);
    assert_int_equal((int)rs->n, n);
    int real = 0, bench = 0;
    for (size_t i = 0; i < rs->n; i++) {
        if (rs->v[i].cycle >= TEMPLATE_BENCH_FIRST) bench++; else real++;
        assert_true(rs->v[i].synthetic);
    }
    assert_true(real > 300);
    assert_true(bench >= real);                             /* twice as many in all */
    assert_true(bench < real + 200);
    free(rs);
    store_close(s);
    unit_db_remove(path);
}

/* ---- the demo opens the cycle after the last meeting held: on 2026-12-06, 2028 before BMS10 */

static void test_next_cycle(void **state)
{
    struct store *s = *state;
    struct arena a = ARENA_INIT;
    struct cycle c;
    assert_int_equal(cycle_read(s, &a, 2028, &c, NULL), 0);
    assert_int_equal(c.status, CYCLE_OPEN);
    assert_string_equal(c.opens, "2026-12-06");
    assert_string_equal(c.deadline, "2028-03-31");
    assert_string_equal(c.meeting, "BMS10");
    assert_string_equal(c.starts, "2028-06-05");           /* the first Monday of June 2028 */
    assert_string_equal(c.ends, "2028-06-09");
    assert_int_equal(c.template_year, 2026);
    assert_ptr_equal(template_get(2028), template_get(2026));
    assert_int_equal(cycle_read(s, &a, 2026, &c, NULL), 0);
    assert_int_equal(c.status, CYCLE_CLOSED);
    /* The 2026 reports stay, with every status. */
    struct reps *rs = all_reports(s);
    int r26 = 0, r28 = 0;
    for (size_t i = 0; i < rs->n; i++) { r26 += rs->v[i].cycle == 2026; r28 += rs->v[i].cycle == 2028; }
    assert_in_range(r26, 85, 95);
    assert_int_equal(r28, 0);
    free(rs);
    /* Run again: nothing more is opened. */
    char err[256];
    FILE *devnull = fopen("/dev/null", "w");
    assert_int_equal(setup_demo(s, devnull, err, sizeof err), 0);
    fclose(devnull);
    struct cycle *v;
    size_t n;
    assert_int_equal(cycle_list(s, &a, &v, &n, NULL), 0);
    assert_int_equal(v[0].year, 2028);
    arena_cleanup(&a);
}

/* ---- Kenya's focal point starts the 2028 report: pre-filled from Kenya's 2024 report */

static int account_cb(const struct store_user *u, void *ctx)
{
    struct principal *p = ctx;
    p->user_id = u->id;
    snprintf(p->username, sizeof p->username, "%s", u->username);
    snprintf(p->state_iso3, sizeof p->state_iso3, "%s", u->state_iso3 ? u->state_iso3 : "");
    return role_parse(u->role, &p->role) < 0 ? -1 : 0;
}

struct prefilled { int cycle; long long from; };

static int prefilled_cb(const struct store_report *r, void *ctx)
{
    struct prefilled *p = ctx;
    p->cycle = r->cycle;
    p->from = r->prefilled_from;
    return 0;
}

static void test_account_prefill(void **state)
{
    struct store *s = *state;
    struct principal kenya;
    auth_public(&kenya);
    assert_int_equal(store_user_by_name(s, "kenya", account_cb, &kenya), 0);
    assert_string_equal(kenya.state_iso3, "KEN");
    struct reps *rs = calloc(1, sizeof *rs);
    assert_int_equal(store_reports_each(s, "KEN", 2024, NULL, true, rep_cb, rs), 0);
    assert_int_equal(rs->n, 1);
    long long ken2024 = rs->v[0].id;
    free(rs);
    struct report_result r;
    struct err e = ERR_NONE;
    assert_int_equal(report_start(s, &kenya, "KEN", 2028, &r, &e), 0);
    struct prefilled p = { 0, 0 };
    assert_int_equal(store_report_get(s, r.id, false, prefilled_cb, &p), 0);
    assert_int_equal(p.cycle, 2028);
    assert_int_equal(p.from, ken2024);
    /* Most of the 2024 answers are there, carried onto the 2026 template the 2028 cycle uses. */
    json_t *before = answers_of(s, ken2024), *now = answers_of(s, r.id);
    assert_true(json_object_size(now) > json_object_size(before) * 3 / 4);
    json_decref(before);
    json_decref(now);
    report_result_cleanup(&r);
}

int main(void)
{
    setenv("POAISS_TODAY", "2026-12-06", 1);    /* the demo's dates and the cycle it opens follow "today" */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counts_per_cycle), cmocka_unit_test(test_account_changes), cmocka_unit_test(test_patterns),
        cmocka_unit_test(test_answers_valid), cmocka_unit_test(test_published_versions),
        cmocka_unit_test(test_demo_again_adds_nothing), cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_dates), cmocka_unit_test(test_next_cycle), cmocka_unit_test(test_account_prefill),
        cmocka_unit_test(test_scale),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
