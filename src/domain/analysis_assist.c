/*
 * analysis_assist: assistance in numbers (analysis.h).
 *
 * Needs are the requests for assistance filed (from published reports or outside them; never a
 * superseded one, which a later report replaced), by category and kind of the taxonomy and by
 * the region (M49 level 1) of the requesting State.  Offers are the open offers: an offer counts
 * for each category and kind it names (or every one when it names none) and for each region it
 * covers (a region, subregion or State it names within the region, or anywhere when it names
 * none).  The gap is needs minus offers.  A request is matched once it reached the stage matched
 * (or implementation, or completed) of the procedure, completed at completed.  The days in a
 * stage are measured from a request's move into it to its next move (request_stage), over the
 * requests counted (a superseded one left "received" because a later report replaced it); a stage
 * no request has left yet is not measured.
 */
#include "domain/analysis_internal.h"

#include <jansson.h>
#include <stdbool.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "domain/assist_stage.h"
#include "domain/assistance.h"
#include "domain/template.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/i18n.h"
#include "util/jsonscan.h"

/* The taxonomy's list ("categories" or "kinds") as rows. */
static struct analysis_assist_row *taxonomy_rows(struct arena *a, const char *key, const char *lang, size_t *n)
{
    json_t *list = json_object_get(template_taxonomy(), key);
    *n = json_array_size(list);
    struct analysis_assist_row *v = arena_array(a, *n ? *n : 1, sizeof *v);
    size_t i;
    json_t *o;
    json_array_foreach(list, i, o) {
        const char *id = json_string_value(json_object_get(o, "id"));
        v[i] = (struct analysis_assist_row){ id, strcmp(key, "categories") == 0 ? assist_category_label(id, lang)
                                                                                  : assist_kind_label(id, lang), 0, 0 };
    }
    return v;
}

/* A place (a State's code or a region of any level) and the level-1 region it lies in. */
struct place { const char *code, *region; };

static int cmp_place(const void *x, const void *y) { return strcmp(((const struct place *)x)->code, ((const struct place *)y)->code); }

/* Every place the States name, sorted by code, for region_of. */
static struct place *places_of(struct arena *a, const struct analysis_ctx *c, size_t *n)
{
    struct place *v = arena_array(a, 4 * c->nst + 1, sizeof *v);
    *n = 0;
    for (size_t i = 0; i < c->nst; i++) {
        const struct state *st = &c->st[i];
        if (!st->region.code) continue;
        const char *codes[4] = { st->iso3, st->region.code, st->subregion.code, st->intermediate.code };
        for (int k = 0; k < 4; k++)
            if (codes[k] && *codes[k]) v[(*n)++] = (struct place){ codes[k], st->region.code };
    }
    qsort(v, *n, sizeof *v, cmp_place);
    return v;
}

/* The level-1 region a place lies in, or NULL. */
static const char *region_of(const struct place *v, size_t n, const char *code)
{
    struct place key = { code, NULL };
    const struct place *p = bsearch(&key, v, n, sizeof *v, cmp_place);
    return p ? p->region : NULL;
}

#define MAX_CODES 64

/* Count an offer into the rows it names (every row when it names none): codes is a JSON array. */
static void offer_into(struct analysis_assist_row *rows, size_t nrows, const char *codes)
{
    struct jsonscan_value v[MAX_CODES];
    size_t n = jsonscan_strings(codes, codes ? strlen(codes) : 0, v, MAX_CODES);
    for (size_t k = 0; k < nrows; k++) {
        bool named = n == 0;
        for (size_t i = 0; i < n && !named; i++)
            named = strlen(rows[k].code) == v[i].n && memcmp(rows[k].code, v[i].p, v[i].n) == 0;
        rows[k].offers += named;
    }
}

/* Mark the regions a JSON array of places lies in. */
static size_t places_mark(const struct place *pv, size_t np, const struct analysis_assist *x, const char *codes, bool *seen)
{
    struct jsonscan_value v[MAX_CODES];
    size_t n = jsonscan_strings(codes, codes ? strlen(codes) : 0, v, MAX_CODES);
    char code[16];
    for (size_t i = 0; i < n; i++) {
        if (v[i].n >= sizeof code) continue;
        memcpy(code, v[i].p, v[i].n);
        code[v[i].n] = '\0';
        const char *reg = region_of(pv, np, code);
        for (size_t k = 0; reg && k < x->nregions; k++) seen[k] |= strcmp(x->regions[k].code, reg) == 0;
    }
    return n;
}

/* A stage's place in the procedure (unknown ones last) and its name: domain/assist_stage.c is their home. */
static size_t stage_rank(const char *stage)
{
    int i = assist_stage_parse(stage);
    return i < 0 ? ASSIST_STAGE_N : (size_t)i;
}

static const char *stage_name(const char *stage)
{
    int i = assist_stage_parse(stage);
    return i < 0 ? stage : _(assist_stage_msgid((enum assist_stage)i));
}

static int cmp_stage(const void *x, const void *y)
{
    size_t p = stage_rank(((const struct analysis_assist_stage *)x)->stage), q = stage_rank(((const struct analysis_assist_stage *)y)->stage);
    return p < q ? -1 : p > q;
}

static int cmp_double(const void *x, const void *y)
{
    double p = *(const double *)x, q = *(const double *)y;
    return p < q ? -1 : p > q;
}

static void chart_rows(struct arena *a, const struct analysis_assist *x, const struct analysis_assist_row *rows, size_t n,
                       const char *id, const char *title, const char *param, struct chart *ch)
{
    const char **cats = analysis_strs(a, n), **href = analysis_strs(a, n);
    double *vn = analysis_doubles(a, n), *vo = analysis_doubles(a, n);
    int *nn = analysis_ints(a, n), *no = analysis_ints(a, n);
    size_t gap = 0;
    for (size_t i = 0; i < n; i++) {
        cats[i] = rows[i].name;
        href[i] = arena_printf(a, "/assistance?%s=%s&status=any", param, rows[i].code);
        vn[i] = nn[i] = rows[i].needs;
        vo[i] = no[i] = rows[i].offers;
        if (rows[i].needs - rows[i].offers > rows[gap].needs - rows[gap].offers) gap = i;
    }
    struct chart_series *se = arena_array(a, 2, sizeof *se);
    se[0] = (struct chart_series){ _("Needs (requests)"), vn, nn, NULL, NULL };
    se[1] = (struct chart_series){ _("Open offers"), vo, no, NULL, NULL };
    *ch = (struct chart){ .kind = CHART_BAR, .id = id, .title = title,
                          .summary = n ? analysis_say(a, _("The largest gap between needs and offers is in %s: %s requests against %s open offers."),
                                                      cats[gap], analysis_num(a, rows[gap].needs), analysis_num(a, rows[gap].offers))
                                       : "",
                          .unit = "", .x_label = NULL, .categories = cats, .cat_href = href, .ncat = n, .series = se, .nseries = 2,
                          .source = _("Requests filed, superseded ones aside; offers open today. An offer that names no category, kind or region counts for all."),
                          .synthetic = x->synthetic };
}

int analysis_assist_get(struct store *s, struct arena *a, const char *lang, struct analysis_assist *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    struct analysis_ctx c;
    if (analysis_ctx_load(s, a, lang, &c, e) < 0) return -1;
    struct store_analysis_request *rq;
    struct store_analysis_offer *of;
    struct store_analysis_stay *stays;
    size_t nrq, nof, nstays;
    if (store_analysis_requests(s, a, &rq, &nrq) < 0 || store_analysis_offers(s, a, &of, &nof) < 0 ||
        store_analysis_stage_days(s, a, &stays, &nstays) < 0)
        return err_set(e, ERR_STORE, NULL, NULL);
    out->categories = taxonomy_rows(a, "categories", lang, &out->ncategories);
    out->kinds = taxonomy_rows(a, "kinds", lang, &out->nkinds);
    out->regions = arena_array(a, c.nregions ? c.nregions : 1, sizeof *out->regions);
    for (size_t r = 0; r < c.nregions; r++)
        if (c.regions[r].level == 1)
            out->regions[out->nregions++] = (struct analysis_assist_row){ c.regions[r].code, c.regions[r].name, 0, 0 };
    for (size_t i = 0; i < nrq; i++) {
        const struct store_analysis_request *r = &rq[i];
        out->requests++;
        out->synthetic |= r->synthetic;
        const char *stage = r->stage ? r->stage : "";
        bool matched = strcmp(stage, "matched") == 0 || strcmp(stage, "implementation") == 0 || strcmp(stage, "completed") == 0 ||
                       (r->status && strcmp(r->status, "matched") == 0);
        out->matched += matched;
        out->completed += strcmp(stage, "completed") == 0;
        for (size_t k = 0; k < out->ncategories; k++) out->categories[k].needs += r->category && strcmp(r->category, out->categories[k].code) == 0;
        for (size_t k = 0; k < out->nkinds; k++) out->kinds[k].needs += r->kind && strcmp(r->kind, out->kinds[k].code) == 0;
        int st = analysis_state_index(&c, r->iso3);
        for (size_t k = 0; st >= 0 && k < out->nregions; k++)
            out->regions[k].needs += c.st[st].region.code && strcmp(c.st[st].region.code, out->regions[k].code) == 0;
    }
    /* The offers: each counts for the categories, kinds and regions it names, or all of them when it names none. */
    size_t nplaces;
    struct place *places = places_of(a, &c, &nplaces);
    bool *seen = arena_array(a, out->nregions ? out->nregions : 1, sizeof *seen);
    for (size_t i = 0; i < nof; i++) {
        out->offers++;
        out->synthetic |= of[i].synthetic;
        offer_into(out->categories, out->ncategories, of[i].categories);
        offer_into(out->kinds, out->nkinds, of[i].kinds);
        memset(seen, 0, out->nregions * sizeof *seen);
        size_t named = places_mark(places, nplaces, out, of[i].regions, seen) + places_mark(places, nplaces, out, of[i].states, seen);
        for (size_t k = 0; k < out->nregions; k++) out->regions[k].offers += !named || seen[k];
    }
    /* The medians of the finished stays, stage by stage (the rows come by stage). */
    out->stages = arena_array(a, nstays ? nstays : 1, sizeof *out->stages);
    for (size_t i = 0; i < nstays;) {
        size_t j = i;
        while (j < nstays && strcmp(stays[j].stage, stays[i].stage) == 0) j++;
        double *d = analysis_doubles(a, j - i);
        for (size_t k = i; k < j; k++) d[k - i] = stays[k].days;
        qsort(d, j - i, sizeof *d, cmp_double);
        size_t m = j - i;
        double med = m % 2 ? d[m / 2] : (d[m / 2 - 1] + d[m / 2]) / 2;
        out->stages[out->nstages++] = (struct analysis_assist_stage){ stays[i].stage, stage_name(stays[i].stage), (int)m, med };
        i = j;
    }
    qsort(out->stages, out->nstages, sizeof *out->stages, cmp_stage);   /* in the procedure's order */
    /* The charts. */
    out->ncharts = 4;
    out->charts = analysis_charts_new(a, 4);
    chart_rows(a, out, out->categories, out->ncategories, "categories", _("Needs and offers by category"), "category", &out->charts[0]);
    chart_rows(a, out, out->kinds, out->nkinds, "kinds", _("Needs and offers by kind of assistance"), "kind", &out->charts[1]);
    chart_rows(a, out, out->regions, out->nregions, "regions", _("Needs and offers by region"), "region", &out->charts[2]);
    const char **cats = analysis_strs(a, 2);
    double *v = analysis_doubles(a, 2);
    int *n = analysis_ints(a, 2), *den = analysis_ints(a, 2);
    cats[0] = _("Matched");
    cats[1] = _("Completed");
    n[0] = out->matched;
    n[1] = out->completed;
    den[0] = den[1] = out->requests;
    v[0] = analysis_share(out->matched, out->requests);
    v[1] = analysis_share(out->completed, out->requests);
    struct chart_series *se = arena_alloc(a, sizeof *se);
    *se = (struct chart_series){ _("Requests (%)"), v, n, den, NULL };
    out->charts[3] = (struct chart){ .kind = CHART_BAR, .id = "outcomes", .title = _("Requests matched and completed"),
                                     .summary = analysis_say(a, _("Of %s requests for assistance, %s (%s) found a match and %s (%s) were completed."),
                                                             analysis_num(a, out->requests), analysis_num(a, out->matched),
                                                             analysis_pct(a, v[0]), analysis_num(a, out->completed), analysis_pct(a, v[1])),
                                     .unit = "%", .categories = cats, .ncat = 2, .series = se, .nseries = 1,
                                     .source = _("A request is matched once it reached the stage Matched of the procedure (or a later one), completed at Completed."),
                                     .synthetic = out->synthetic };
    return 0;
}
