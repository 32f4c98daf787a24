/* analysis_common: what the reads of the analysis share; see analysis_internal.h. */
#include "domain/analysis_internal.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/template.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/i18n.h"

/* How many tiles a row of the map holds. */
#define TILE_COLS 12

/* qsort_r is not C11: sort the index with a small insertion sort keyed through the context (195 States). */
static void sort_index(size_t *ix, size_t n, const void *ctx, int (*cmp)(const void *, const void *, const void *))
{
    for (size_t i = 1; i < n; i++) {
        size_t v = ix[i], j = i;
        while (j > 0 && cmp(&ix[j - 1], &v, ctx) > 0) { ix[j] = ix[j - 1]; j--; }
        ix[j] = v;
    }
}

static int cmp_code(const void *x, const void *y, const void *ctx)
{
    const struct state *st = ctx;
    return strcmp(st[*(const size_t *)x].iso3, st[*(const size_t *)y].iso3);
}

static int cmp_item(const void *x, const void *y)
{
    const struct ref_item *p = x, *q = y;
    if (p->level != q->level) return p->level < q->level ? -1 : 1;
    return strcmp(p->code, q->code);
}

/* Add an area once (counting its States); items has room for every State's areas. */
static void area_add(struct ref_item *items, size_t *n, const struct state_area *ar, int level, const char *parent)
{
    if (!ar->code || !*ar->code) return;
    for (size_t i = 0; i < *n; i++)
        if (items[i].level == level && strcmp(items[i].code, ar->code) == 0) { items[i].count++; return; }
    items[(*n)++] = (struct ref_item){ ar->code, ar->name ? ar->name : ar->code, parent, level, 1 };
}

/*
 * The regions (M49 levels 1 and 2) and the regional groups, from the States themselves (their
 * names in the asked language), by level then code: the order of the M49 codes, the same in every
 * language.  Reading the reference lists instead costs more than the rest of an analysis.
 */
static void areas_from_states(struct arena *a, struct analysis_ctx *c)
{
    c->regions = arena_array(a, 2 * c->nst + 1, sizeof *c->regions);
    c->groups = arena_array(a, c->nst + 1, sizeof *c->groups);
    for (size_t i = 0; i < c->nst; i++) {
        const struct state *st = &c->st[i];
        area_add(c->regions, &c->nregions, &st->region, 1, NULL);
        area_add(c->regions, &c->nregions, &st->subregion, 2, st->region.code);
        area_add(c->groups, &c->ngroups, &st->group, 0, NULL);
    }
    qsort(c->regions, c->nregions, sizeof *c->regions, cmp_item);
    qsort(c->groups, c->ngroups, sizeof *c->groups, cmp_item);
}

int analysis_ctx_load(struct store *s, struct arena *a, const char *lang, struct analysis_ctx *c, struct err *e)
{
    memset(c, 0, sizeof *c);
    struct cycle *v;
    size_t n;
    if (cycle_list(s, a, &v, &n, e) < 0) return -1;
    c->cyc = arena_array(a, n ? n : 1, sizeof *c->cyc);
    int first = 0, last = 0;
    for (size_t i = n; i-- > 0;) {   /* cycle_list is newest first */
        if (v[i].year >= TEMPLATE_BENCH_FIRST || v[i].status == CYCLE_PLANNED || !template_get(v[i].year)) continue;
        if (!first) first = v[i].year;
        last = v[i].year;
    }
    if (first && store_analysis_reports(s, a, first, last, &c->rep, &c->nrep) < 0) return err_set(e, ERR_STORE, NULL, NULL);
    for (size_t i = n; i-- > 0;) {   /* a cycle without a published report yet is not analysed */
        if (v[i].year >= TEMPLATE_BENCH_FIRST || v[i].status == CYCLE_PLANNED || !template_get(v[i].year)) continue;
        bool any = false;
        for (size_t k = 0; k < c->nrep && !any; k++) any = c->rep[k].cycle == v[i].year;
        if (any) c->cyc[c->ncyc++] = v[i];
    }
    if (state_list(s, a, NULL, lang, &c->st, &c->nst, e) < 0) return -1;
    c->by_code = arena_array(a, c->nst ? c->nst : 1, sizeof *c->by_code);
    for (size_t i = 0; i < c->nst; i++) c->by_code[i] = i;
    sort_index(c->by_code, c->nst, c->st, cmp_code);
    areas_from_states(a, c);
    return 0;
}

int analysis_cycles(struct store *s, struct arena *a, int **out, size_t *n, struct err *e)
{
    struct analysis_ctx c;
    *out = NULL;
    *n = 0;
    if (analysis_ctx_load(s, a, "en", &c, e) < 0) return -1;
    *out = analysis_ints(a, c.ncyc);
    for (size_t i = 0; i < c.ncyc; i++) (*out)[i] = c.cyc[i].year;
    *n = c.ncyc;
    return 0;
}

int analysis_cycle_index(const struct analysis_ctx *c, int year)
{
    for (size_t i = 0; i < c->ncyc; i++)
        if (c->cyc[i].year == year) return (int)i;
    return -1;
}

int analysis_state_index(const struct analysis_ctx *c, const char *iso3)
{
    size_t lo = 0, hi = c->nst;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int r = strcmp(c->st[c->by_code[mid]].iso3, iso3);
        if (!r) return (int)c->by_code[mid];
        if (r < 0) lo = mid + 1;
        else hi = mid;
    }
    return -1;
}

static bool same(const char *a, const char *b) { return a && b && strcmp(a, b) == 0; }

bool analysis_state_in(const struct state *st, const char *region, const char *group)
{
    if (region && *region && !same(st->region.code, region) && !same(st->subregion.code, region) &&
        !same(st->intermediate.code, region))
        return false;
    if (group && *group && !same(st->group.code, group)) return false;
    return true;
}

struct chart *analysis_charts_new(struct arena *a, size_t n) { return arena_array(a, n ? n : 1, sizeof(struct chart)); }
int *analysis_ints(struct arena *a, size_t n) { return arena_array(a, n ? n : 1, sizeof(int)); }
double *analysis_doubles(struct arena *a, size_t n) { return arena_array(a, n ? n : 1, sizeof(double)); }
const char **analysis_strs(struct arena *a, size_t n) { return arena_array(a, n ? n : 1, sizeof(const char *)); }

double analysis_share(long long n, long long of) { return of > 0 ? 100.0 * (double)n / (double)of : NAN; }

const char *analysis_num(struct arena *a, long long v)
{
    struct buf b = BUF_INIT;
    i18n_number(&b, v);
    char *s = arena_strdup(a, buf_cstr(&b));
    buf_cleanup(&b);
    return s;
}

const char *analysis_pct(struct arena *a, double pct)
{
    if (isnan(pct)) return "—";
    struct buf b = BUF_INIT;
    i18n_number(&b, lround(pct));
    buf_puts(&b, "\xc2\xa0%");   /* a no-break space keeps the sign with its number */
    char *s = arena_strdup(a, buf_cstr(&b));
    buf_cleanup(&b);
    return s;
}

const char *analysis_say(struct arena *a, const char *fmt, ...)
{
    struct buf b = BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    for (const char *p = fmt; *p; p++) {   /* only %s and %% */
        if (p[0] == '%' && p[1] == 's') { const char *x = va_arg(ap, const char *); buf_puts(&b, x ? x : ""); p++; }
        else if (p[0] == '%' && p[1] == '%') { buf_putc(&b, '%'); p++; }
        else buf_putc(&b, *p);
    }
    va_end(ap);
    char *s = arena_strdup(a, buf_cstr(&b));
    buf_cleanup(&b);
    return s;
}

const char *analysis_synthetic_note(void)
{
    return _("Synthetic data: these figures come from reports generated for the demonstration, not from real national reports.");
}

const struct chart *analysis_chart_find(const struct chart *v, size_t n, const char *id)
{
    for (size_t i = 0; id && i < n; i++)
        if (v[i].id && strcmp(v[i].id, id) == 0) return &v[i];
    return NULL;
}

/* The order of a region code among the M49 tree (display order), or a large number. */
static size_t region_rank(const struct analysis_ctx *c, const char *code)
{
    for (size_t i = 0; code && i < c->nregions; i++)
        if (strcmp(c->regions[i].code, code) == 0) return i;
    return (size_t)-1 / 2;
}

struct tile_key { size_t region, subregion; const char *iso3; size_t index; };

static int cmp_tile(const void *x, const void *y)
{
    const struct tile_key *p = x, *q = y;
    if (p->region != q->region) return p->region < q->region ? -1 : 1;
    if (p->subregion != q->subregion) return p->subregion < q->subregion ? -1 : 1;
    return strcmp(p->iso3, q->iso3);
}

void analysis_tiles(struct arena *a, const struct analysis_ctx *c, const int *value, const char *const *href,
                    struct chart *ch)
{
    struct tile_key *k = arena_array(a, c->nst ? c->nst : 1, sizeof *k);
    for (size_t i = 0; i < c->nst; i++)
        k[i] = (struct tile_key){ region_rank(c, c->st[i].region.code), region_rank(c, c->st[i].subregion.code),
                                  c->st[i].iso3, i };
    qsort(k, c->nst, sizeof *k, cmp_tile);
    struct chart_tile *t = arena_array(a, c->nst ? c->nst : 1, sizeof *t);
    int row = 0, col = 0;
    for (size_t i = 0; i < c->nst; i++) {
        const struct state *st = &c->st[k[i].index];
        if (i > 0 && k[i].region != k[i - 1].region) { row += col > 0; col = 0; }
        t[i] = (struct chart_tile){ st->iso3, st->local_name, href ? href[k[i].index] : NULL, row, col,
                                    value[k[i].index], st->region.name ? st->region.name : "—" };
        if (++col == TILE_COLS) { col = 0; row++; }
    }
    ch->tiles = t;
    ch->ntiles = c->nst;
}
