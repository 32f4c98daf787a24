/*
 * ref_list: reference data read as values.  Each function reads rows through the
 * statements of ref.c and copies them into the caller's arena, so the caller owns what
 * it gets (for as long as the arena lives) instead of borrowing rows inside a callback.
 * 0 on success, -1 on a database error (logged); "not found" is 1 where it can happen.
 */
#include <string.h>

#include "store/internal.h"
#include "util/arena.h"

#define DUP(a, x) arena_strdup((a), (x))

struct grow { struct arena *a; void *v; size_t n, cap, size; };

static void *grow_next(struct grow *g)
{
    if (g->n == g->cap) {
        size_t cap = g->cap ? g->cap * 2 : 16;
        g->v = arena_grow(g->a, g->v, g->n, cap, g->size);
        g->cap = cap;
    }
    return (char *)g->v + g->size * g->n++;
}

static void state_copy(struct arena *a, struct store_state *d, const struct store_state *s)
{
    d->iso3 = DUP(a, s->iso3); d->iso2 = DUP(a, s->iso2); d->numeric = DUP(a, s->numeric);
    d->name = DUP(a, s->name); d->local_name = DUP(a, s->local_name); d->official_name = DUP(a, s->official_name);
    d->status = DUP(a, s->status);
    d->region = DUP(a, s->region); d->region_name = DUP(a, s->region_name);
    d->subregion = DUP(a, s->subregion); d->subregion_name = DUP(a, s->subregion_name);
    d->intermediate = DUP(a, s->intermediate); d->intermediate_name = DUP(a, s->intermediate_name);
    d->grp = DUP(a, s->grp); d->grp_name = DUP(a, s->grp_name);
}

static int state_add(const struct store_state *st, void *ctx)
{
    struct grow *g = ctx;
    state_copy(g->a, grow_next(g), st);
    return 0;
}

int store_states_list(struct store *s, struct arena *a, const struct store_state_filter *f, struct store_state **out,
                      size_t *n)
{
    struct grow g = { a, NULL, 0, 0, sizeof(struct store_state) };
    int rc = store_states_each(s, f, state_add, &g);
    *out = g.v;
    *n = g.n;
    return rc < 0 ? -1 : 0;
}

int store_state_read(struct store *s, struct arena *a, const char *iso3, const char *lang, struct store_state *out)
{
    struct grow g = { a, NULL, 0, 0, sizeof(struct store_state) };
    int rc = store_state_get(s, iso3, lang, state_add, &g);
    if (rc < 0) return -1;
    if (!g.n) return 1;
    *out = *(struct store_state *)g.v;
    return 0;
}

static int name_add(const struct store_name *nm, void *ctx)
{
    struct grow *g = ctx;
    struct store_name *d = grow_next(g);
    d->lang = DUP(g->a, nm->lang);
    d->name = DUP(g->a, nm->name);
    return 0;
}

int store_state_names_list(struct store *s, struct arena *a, const char *iso3, struct store_name **out, size_t *n)
{
    struct grow g = { a, NULL, 0, 0, sizeof(struct store_name) };
    int rc = store_state_names_each(s, iso3, name_add, &g);
    *out = g.v;
    *n = g.n;
    return rc < 0 ? -1 : 0;
}

static int org_add(const struct store_org *o, void *ctx)
{
    struct grow *g = ctx;
    struct store_org *d = grow_next(g);
    d->code = DUP(g->a, o->code); d->name = DUP(g->a, o->name); d->kind = DUP(g->a, o->kind);
    d->url = DUP(g->a, o->url); d->count = o->count;
    return 0;
}

int store_orgs_list(struct store *s, struct arena *a, const char *lang, const char *member_iso3, struct store_org **out,
                    size_t *n)
{
    struct grow g = { a, NULL, 0, 0, sizeof(struct store_org) };
    int rc = store_orgs_each(s, lang, member_iso3, org_add, &g);
    *out = g.v;
    *n = g.n;
    return rc < 0 ? -1 : 0;
}

static int cycle_add(const struct store_cycle *c, void *ctx)
{
    struct grow *g = ctx;
    struct store_cycle *d = grow_next(g);
    d->year = c->year;
    d->meeting = DUP(g->a, c->meeting); d->meeting_name = DUP(g->a, c->meeting_name); d->kind = DUP(g->a, c->kind);
    d->starts = DUP(g->a, c->starts); d->ends = DUP(g->a, c->ends); d->opens = DUP(g->a, c->opens);
    d->deadline = DUP(g->a, c->deadline); d->template_year = c->template_year;
    return 0;
}

int store_cycles_list(struct store *s, struct arena *a, struct store_cycle **out, size_t *n)
{
    struct grow g = { a, NULL, 0, 0, sizeof(struct store_cycle) };
    int rc = store_cycles_each(s, cycle_add, &g);
    *out = g.v;
    *n = g.n;
    return rc < 0 ? -1 : 0;
}

static int report_add(const struct store_report *r, void *ctx)
{
    struct grow *g = ctx;
    struct store_report *d = grow_next(g);
    *d = *r;
    d->state_iso3 = DUP(g->a, r->state_iso3); d->status = DUP(g->a, r->status); d->language = DUP(g->a, r->language);
    d->created_at = DUP(g->a, r->created_at); d->updated_at = DUP(g->a, r->updated_at);
    d->submitted_at = DUP(g->a, r->submitted_at);
    return 0;
}

int store_reports_list(struct store *s, struct arena *a, const char *iso3, int cycle, const char *status,
                       bool published_only, struct store_report **out, size_t *n)
{
    struct grow g = { a, NULL, 0, 0, sizeof(struct store_report) };
    int rc = store_reports_each(s, iso3, cycle, status, published_only, report_add, &g);
    *out = g.v;
    *n = g.n;
    return rc < 0 ? -1 : 0;
}

int store_cycle_exists(struct store *s, int year)
{
    static const char SQL[] = "SELECT 1 FROM cycle WHERE year = ?1";
    struct store_conn *c = store_reader(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (!st) return -1;
    sqlite3_bind_int(st, 1, year);
    int rc = sqlite3_step(st);
    int ret = rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
    if (ret < 0) store_log_error(c->db, __func__);
    store_done(st);
    return ret;
}

static int region_add(const struct store_region *r, void *ctx)
{
    struct grow *g = ctx;
    struct store_region *d = grow_next(g);
    d->code = DUP(g->a, r->code); d->name = DUP(g->a, r->name); d->parent = DUP(g->a, r->parent);
    d->level = r->level; d->count = r->count;
    return 0;
}

int store_regions_list(struct store *s, struct arena *a, const char *lang, struct store_region **out, size_t *n)
{
    struct grow g = { a, NULL, 0, 0, sizeof(struct store_region) };
    int rc = store_regions_each(s, lang, region_add, &g);
    *out = g.v;
    *n = g.n;
    return rc < 0 ? -1 : 0;
}

static int group_add(const struct store_group *r, void *ctx)
{
    struct grow *g = ctx;
    struct store_group *d = grow_next(g);
    d->code = DUP(g->a, r->code); d->name = DUP(g->a, r->name); d->count = r->count;
    return 0;
}

int store_groups_list(struct store *s, struct arena *a, const char *lang, struct store_group **out, size_t *n)
{
    struct grow g = { a, NULL, 0, 0, sizeof(struct store_group) };
    int rc = store_groups_each(s, lang, group_add, &g);
    *out = g.v;
    *n = g.n;
    return rc < 0 ? -1 : 0;
}
