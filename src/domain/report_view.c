/*
 * report_view: the one read of a report's identity for its pages and API (report_view.h):
 * who may see the working copy, and the actions the status allows this asker.  The status
 * rule itself lives in report.c (report_status_allows), used by its transitions too, so
 * what a page offers and what the domain accepts cannot drift apart.
 */
#include "domain/report_view.h"

#include <string.h>

#include "domain/authz.h"
#include "domain/cycle.h"
#include "domain/report.h"
#include "domain/report_history.h"
#include "domain/state.h"
#include "store/store.h"
#include "util/arena.h"

/* The row's values into v, in the arena. */
static void view_from_row(struct arena *a, const struct store_report *r, struct report_view *v)
{
    memset(v, 0, sizeof *v);
    v->id = r->id;
    v->iso3 = arena_strdup(a, r->state_iso3);
    v->status = arena_strdup(a, r->status);
    v->language = arena_strdup(a, r->language ? r->language : "");
    v->cycle = r->cycle;
    v->version = r->version;
    v->synthetic = r->synthetic;
    v->updated_at = arena_strdup(a, r->updated_at ? r->updated_at : "");
    v->submitted_at = r->submitted_at ? arena_strdup(a, r->submitted_at) : NULL;
}

/* Who sees what: the working copy and the actions for draft_view, else the published report only. */
static void view_decide(const struct principal *who, struct report_view *v)
{
    v->draft_view = who && report_may_see_draft(who, v->iso3);
    v->shown_status = v->draft_view ? v->status : "published";
    if (v->draft_view) v->may = report_view_actions(who, v->iso3, v->status);
}

struct load { struct arena *a; struct report_view *out; bool found; };

static int load_cb(const struct store_report *r, void *ctx)
{
    struct load *l = ctx;
    view_from_row(l->a, r, l->out);
    l->found = true;
    return 0;
}

static bool is(const char *status, const char *want)
{
    return status && strcmp(status, want) == 0;
}

struct report_actions report_view_actions(const struct principal *who, const char *iso3, const char *status)
{
    struct report_actions m = { 0 };
    if (!who) return m;
    bool state = authz_allowed(who, AUTHZ_STATE_EDIT, iso3), secretariat = authz_allowed(who, AUTHZ_PUBLISH, iso3);
    m.author = state;
    m.edit = state && report_status_allows(status, REPORT_STEP_EDIT);
    m.submit = state && report_status_allows(status, REPORT_STEP_SUBMIT);
    /* Reopening a submitted report withdraws it; reopening a published one starts a correction. */
    m.withdraw = state && report_status_allows(status, REPORT_STEP_REOPEN) && is(status, "submitted");
    m.reopen = state && report_status_allows(status, REPORT_STEP_REOPEN) && !is(status, "submitted");
    m.publish = secretariat && report_status_allows(status, REPORT_STEP_PUBLISH);
    m.return_ = secretariat && report_status_allows(status, REPORT_STEP_RETURN);
    return m;
}

int report_view_get(struct store *s, struct arena *a, const struct principal *who, long long id, bool need_draft_view,
                    struct report_view *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    struct load l = { a, out, false };
    int rc = store_report_get(s, id, false, load_cb, &l);
    if (rc < 0) return err_set(e, ERR_STORE, NULL, NULL);
    if (rc > 0 || !l.found) return err_set(e, ERR_NOT_FOUND, N_("There is no such report."), NULL);
    view_decide(who, out);
    /* A draft's existence is not disclosed: not found for whoever may not see it. */
    if (!out->draft_view && (need_draft_view || out->version == 0)) {
        memset(out, 0, sizeof *out);
        return err_set(e, ERR_NOT_FOUND, N_("There is no such report."), NULL);
    }
    out->late = cycle_submission_late(s, out->cycle, out->submitted_at);
    if (out->draft_view && is(out->status, "returned") &&
        report_return_latest(s, a, who, out->id, &out->returned_at, &out->return_comment, e) < 0) {
        memset(out, 0, sizeof *out);
        return -1;
    }
    return 0;
}

struct list { struct arena *a; const struct principal *who; const struct cycle *cycles; size_t ncycles;
               struct report_view *v; size_t n, cap; };

static int list_cb(const struct store_report *r, void *ctx)
{
    struct list *l = ctx;
    if (!(r->version > 0 || (l->who && report_may_see_draft(l->who, r->state_iso3))))
        return 0;   /* never show the public an unpublished report */
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        struct report_view *nv = arena_array(l->a, cap, sizeof *nv);
        if (l->n) memcpy(nv, l->v, l->n * sizeof *nv);
        l->v = nv;
        l->cap = cap;
    }
    struct report_view *v = &l->v[l->n++];
    view_from_row(l->a, r, v);
    view_decide(l->who, v);
    v->late = cycle_report_late(cycle_find(l->cycles, l->ncycles, v->cycle), v->submitted_at);
    return 0;
}

int report_view_list(struct store *s, struct arena *a, const struct principal *who, const struct report_filter *f,
                     struct report_view **out, size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    struct cycle *cycles;
    size_t ncycles;
    if (f->status && *f->status && !is(f->status, "draft") && !is(f->status, "submitted") && !is(f->status, "returned") &&
        !is(f->status, "published"))
        return err_set(e, ERR_INVALID, N_("status: draft, submitted, returned or published"), NULL);
    if (cycle_list(s, a, &cycles, &ncycles, e) < 0) return -1;
    bool published = is(f->status, "published");
    struct list l = { a, who, cycles, ncycles, NULL, 0, 0 };
    if (store_reports_each(s, f->iso3 && *f->iso3 ? f->iso3 : NULL, f->cycle,
                           f->status && *f->status && !published ? f->status : NULL, published, list_cb, &l) < 0)
        return err_set(e, ERR_STORE, NULL, NULL);
    *out = l.v;
    *n = l.n;
    return 0;
}

struct events { struct arena *a; struct report_event *v; size_t n, cap; };

static int event_cb(const struct store_event *ev, void *ctx)
{
    struct events *x = ctx;
    if (x->n == x->cap) {
        size_t cap = x->cap ? x->cap * 2 : 16;
        struct report_event *nv = arena_array(x->a, cap, sizeof *nv);
        if (x->n) memcpy(nv, x->v, x->n * sizeof *nv);
        x->v = nv;
        x->cap = cap;
    }
    x->v[x->n++] = (struct report_event){ arena_strdup(x->a, ev->at ? ev->at : ""), arena_strdup(x->a, ev->action ? ev->action : ""),
                                          arena_strdup(x->a, ev->actor ? ev->actor : "cli"),
                                          ev->comment ? arena_strdup(x->a, ev->comment) : NULL };
    return 0;
}

int report_view_events(struct store *s, struct arena *a, const struct report_view *v, struct report_event **out,
                       size_t *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    if (!v->draft_view) return err_set(e, ERR_NOT_FOUND, N_("There is no such report."), NULL);
    struct events x = { a, NULL, 0, 0 };
    if (store_report_events_each(s, v->id, event_cb, &x) < 0) return err_set(e, ERR_STORE, NULL, NULL);
    *out = x.v;
    *n = x.n;
    return 0;
}

struct pick { struct arena *a; int want; json_t *prev; struct report_shown *out; size_t cap; };

static int pick_cb(const struct store_version *v, void *ctx)
{
    struct pick *p = ctx;
    struct report_shown *o = p->out;
    json_t *a = json_loads(v->answers, 0, NULL);
    if (!a) a = json_object();
    if ((size_t)o->count == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 4;
        struct report_version *nv = arena_array(p->a, cap, sizeof *nv);
        if (o->count) memcpy(nv, o->versions, (size_t)o->count * sizeof *nv);
        o->versions = nv;
        p->cap = cap;
    }
    struct report_version *rv = &o->versions[o->count++];
    rv->version = v->version;
    rv->published_at = arena_strdup(p->a, v->published_at ? v->published_at : "");
    rv->note = v->note ? arena_strdup(p->a, v->note) : NULL;
    rv->changes = p->prev ? report_diff(p->prev, a) : NULL;
    if (p->want == 0 || v->version == p->want) {
        json_decref(o->answers);
        json_decref(o->diff);
        o->diff = rv->changes ? json_incref(rv->changes) : NULL;
        o->answers = json_incref(a);
        o->version = v->version;
        o->published_at = rv->published_at;
        o->note = rv->note;
    }
    json_decref(p->prev);
    p->prev = a;
    return 0;
}

int report_view_answers(struct store *s, struct arena *a, const struct report_view *v, int want, bool working,
                        struct report_shown *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    struct pick p = { a, want, NULL, out, 0 };
    int rc = store_report_versions_each(s, v->id, pick_cb, &p);
    if (rc < 0) { json_decref(p.prev); report_shown_cleanup(out); return err_set(e, ERR_STORE, NULL, NULL); }
    if (v->draft_view && (working || !out->count)) {
        /* The working copy; for a correction of a published report, what changed since the published version. */
        json_decref(out->answers);
        json_decref(out->diff);
        out->answers = out->diff = NULL;
        out->version = 0;
        out->published_at = out->note = NULL;
        if (report_answers_read(s, v->id, &out->answers, &out->revs) < 0) { json_decref(p.prev); report_shown_cleanup(out); return err_set(e, ERR_STORE, NULL, NULL); }
        if (p.prev && v->version > 0) {
            out->diff = report_diff(p.prev, out->answers);
            out->since = v->version;
        }
        json_decref(p.prev);
        return 0;
    }
    json_decref(p.prev);
    if (!out->answers) {
        report_shown_cleanup(out);
        return err_set(e, ERR_NOT_FOUND, N_("There is no such version."), NULL);
    }
    return 0;
}

void report_shown_cleanup(struct report_shown *o)
{
    json_decref(o->answers);
    json_decref(o->revs);
    json_decref(o->diff);
    for (int i = 0; o->versions && i < o->count; i++) json_decref(o->versions[i].changes);
    memset(o, 0, sizeof *o);
}

const char *report_view_state_name(struct store *s, struct arena *a, const struct report_view *v, const char *lang)
{
    return state_name_in(s, a, v->iso3, lang);
}
