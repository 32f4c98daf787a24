/*
 * analysis_sdg: SDG indicator 16.4.2 from the national reports (analysis.h).
 *
 * The indicator (custodian: UNODC) is the proportion of seized, found or surrendered arms whose
 * illicit origin or context has been traced or established by a competent authority.  The
 * reports' section 8 asks for its parts: weapons seized, found and surrendered (groups of
 * figures by kind, with a total) and, of these, how many were traced or established.  The
 * indicator's inputs are named here once, by their ids in the newest template, and followed back
 * through the templates' maps (sdg.seized in 2018-2022 became sdg1642.seized in 2024); a cycle
 * whose template does not ask for the traced weapons has no figure.
 *
 * Per State: total = seized + found + surrendered as given (a group's "total" field, else the sum
 * of its kinds); the State counts when it gave the traced figure and a total above zero, and
 * the traced figure does not exceed the total (else it is listed as inconsistent).  A region's or
 * the world's proportion pools the States counted: the sum of traced over the sum of totals.
 */
#include "domain/analysis_internal.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "domain/template.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/i18n.h"

/* The indicator's inputs, by their ids in the newest template. */
enum { SDG_SEIZED, SDG_FOUND, SDG_SURRENDERED, SDG_TRACED, SDG_NPARTS };
static const char *const SDG_IDS[SDG_NPARTS] = { "sdg1642.seized", "sdg1642.found", "sdg1642.surrendered", "sdg1642.traced" };

#define MAX_IDS 8

/* A figure: a number, or a group's total (else the sum of its numbers); -1 when none. */
static long long figure_of(json_t *v)
{
    if (json_is_number(v)) return (long long)llround(json_number_value(v));
    if (!json_is_object(v)) return -1;
    json_t *t = json_object_get(v, "total");
    if (json_is_number(t)) return (long long)llround(json_number_value(t));
    long long sum = -1;
    const char *k;
    json_t *x;
    json_object_foreach(v, k, x) {
        if (!json_is_number(x)) continue;
        sum = (sum < 0 ? 0 : sum) + (long long)llround(json_number_value(x));
    }
    return sum;
}

static long long *part_of(struct analysis_sdg_state *st, int part)
{
    return part == SDG_SEIZED ? &st->seized : part == SDG_FOUND ? &st->found : part == SDG_SURRENDERED ? &st->surrendered
                                                                                                       : &st->traced;
}

static void total_add(struct analysis_sdg_total *t, const struct analysis_sdg_state *st)
{
    t->reporting++;
    long long total = (st->seized > 0 ? st->seized : 0) + (st->found > 0 ? st->found : 0) +
                      (st->surrendered > 0 ? st->surrendered : 0);
    if (st->counted) {
        t->counted++;
        t->total += total;
        t->traced += st->traced;
    } else if (st->traced >= 0 && total > 0 && st->traced > total) {
        t->inconsistent++;
    }
}

static double proportion(const struct analysis_sdg_total *t) { return analysis_share(t->traced, t->total); }

static const char *pct(struct arena *a, const struct analysis_sdg_total *t) { return analysis_pct(a, proportion(t)); }

/* Clamp a count into an int for the chart's numerators. */
static int as_int(long long v) { return v > 2147483647LL ? 2147483647 : (int)v; }

static void charts_build(struct arena *a, struct analysis_sdg *out)
{
    const char *source = _("Custodian agency: UNODC. Here from the national reports on the Programme of Action: small arms and light weapons only, over a reporting period of two years (not the calendar year of UNODC's Illicit Arms Flows Questionnaire); before 2024 the reports asked for seized weapons only, not found or surrendered ones; pooled over the States that gave both figures.");
    out->ncharts = 3;
    out->charts = analysis_charts_new(a, 3);
    /* The world's proportion by cycle. */
    size_t nc = out->ncycles;
    const char **cats = analysis_strs(a, nc), **href = analysis_strs(a, nc);
    double *v = analysis_doubles(a, nc), *cov = analysis_doubles(a, nc);
    int *n = analysis_ints(a, nc), *of = analysis_ints(a, nc), *cn = analysis_ints(a, nc), *cof = analysis_ints(a, nc);
    for (size_t y = 0; y < nc; y++) {
        const struct analysis_sdg_total *t = &out->cycles[y];
        cats[y] = arena_printf(a, "%d", t->year);
        href[y] = arena_printf(a, "/questions/%s?cycle=%d", SDG_IDS[SDG_TRACED], t->year);
        v[y] = proportion(t);
        n[y] = as_int(t->traced);
        of[y] = as_int(t->total);
        cn[y] = t->counted;
        cof[y] = t->reporting;
        cov[y] = analysis_share(t->counted, t->reporting);
    }
    struct chart_series *se = arena_alloc(a, sizeof *se);
    *se = (struct chart_series){ _("Weapons traced or established (%)"), v, n, of, NULL };
    const struct analysis_sdg_total *sel = nc ? &out->cycles[out->sel] : NULL;
    const char *summary = !sel ? _("No cycle has asked for the indicator's figures yet.")
                        : nc > 1 ? analysis_say(a, _("The reported proportion of seized, found or surrendered weapons whose illicit origin was traced or established went from %s in %s to %s in %s (%s of %s weapons, from %s States)."),
                                                pct(a, &out->cycles[0]), cats[0], pct(a, sel), cats[out->sel],
                                                analysis_num(a, sel->traced), analysis_num(a, sel->total), analysis_num(a, sel->counted))
                                 : analysis_say(a, _("In %s, %s of %s seized, found or surrendered weapons (%s) had their illicit origin traced or established, from %s States."),
                                                cats[out->sel], analysis_num(a, sel->traced), analysis_num(a, sel->total), pct(a, sel),
                                                analysis_num(a, sel->counted));
    out->charts[0] = (struct chart){ .kind = CHART_LINE, .id = "trend", .title = _("SDG indicator 16.4.2 by cycle"), .summary = summary,
                                     .unit = "%", .x_label = _("Cycle"), .categories = cats, .cat_href = href, .ncat = nc,
                                     .series = se, .nseries = 1, .source = source, .synthetic = out->synthetic };
    /* By region in the selected cycle. */
    size_t nr = out->nregions;
    const char **rc = analysis_strs(a, nr), **rh = analysis_strs(a, nr);
    double *rv = analysis_doubles(a, nr);
    int *rn = analysis_ints(a, nr), *rof = analysis_ints(a, nr);
    size_t hi = 0, lo = 0;
    bool any = false;
    for (size_t r = 0; r < nr; r++) {
        const struct analysis_sdg_total *t = &out->regions[r];
        rc[r] = t->name;
        rh[r] = arena_printf(a, "/questions/%s?cycle=%d", SDG_IDS[SDG_TRACED], out->cycle);
        rv[r] = proportion(t);
        rn[r] = as_int(t->traced);
        rof[r] = as_int(t->total);
        if (isnan(rv[r])) continue;
        if (!any || rv[r] > rv[hi]) hi = r;
        if (!any || rv[r] < rv[lo]) lo = r;
        any = true;
    }
    struct chart_series *rs = arena_alloc(a, sizeof *rs);
    *rs = (struct chart_series){ arena_printf(a, "%d", out->cycle), rv, rn, rof, NULL };
    out->charts[1] = (struct chart){ .kind = CHART_BAR, .id = "regions", .title = arena_printf(a, "%s, %d", _("SDG indicator 16.4.2 by region"), out->cycle),
                                     .summary = any ? analysis_say(a, _("In %s, the proportion traced or established was highest in %s (%s) and lowest in %s (%s)."),
                                                                   arena_printf(a, "%d", out->cycle), rc[hi], analysis_pct(a, rv[hi]), rc[lo],
                                                                   analysis_pct(a, rv[lo]))
                                                    : _("No State of any region gave both figures in this cycle."),
                                     .unit = "%", .x_label = _("Region"), .categories = rc, .cat_href = rh, .ncat = nr,
                                     .series = rs, .nseries = 1, .source = source, .synthetic = out->synthetic };
    /* Coverage: how many reporting States gave both figures. */
    struct chart_series *cs = arena_alloc(a, sizeof *cs);
    *cs = (struct chart_series){ _("Reporting States that gave both figures (%)"), cov, cn, cof, NULL };
    out->charts[2] = (struct chart){ .kind = CHART_BAR, .id = "coverage", .title = _("Coverage: reporting States that gave both figures"),
                                     .summary = sel ? analysis_say(a, _("In %s, %s of %s reporting States (%s) gave both the weapons seized, found or surrendered and those traced."),
                                                                   cats[out->sel], analysis_num(a, sel->counted), analysis_num(a, sel->reporting),
                                                                   analysis_pct(a, analysis_share(sel->counted, sel->reporting)))
                                                    : "",
                                     .unit = "%", .x_label = _("Cycle"), .categories = cats, .cat_href = href, .ncat = nc,
                                     .series = cs, .nseries = 1, .source = source, .synthetic = out->synthetic };
}

int analysis_sdg_get(struct store *s, struct arena *a, const char *lang, int cycle, struct analysis_sdg *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    struct analysis_ctx c;
    if (analysis_ctx_load(s, a, lang, &c, e) < 0) return -1;
    if (cycle && analysis_cycle_index(&c, cycle) < 0)
        return err_set(e, ERR_NOT_FOUND, N_("This cycle is not analysed: choose a cycle from 2010 on that has published reports."), NULL);
    const struct template *latest = template_get(template_latest_cycle());
    /* Per analysed cycle: the id of each part there (NULL: not asked). */
    const char **ids = analysis_strs(a, c.ncyc * SDG_NPARTS);
    size_t *yix = arena_array(a, c.ncyc ? c.ncyc : 1, sizeof *yix);
    for (size_t y = 0; y < c.ncyc; y++) {
        for (int p = 0; p < SDG_NPARTS; p++) {
            const char *got[MAX_IDS];
            if (template_ids_in(latest, SDG_IDS[p], template_get(c.cyc[y].year), got, MAX_IDS) == 1)
                ids[y * SDG_NPARTS + (size_t)p] = got[0];
        }
        if (!ids[y * SDG_NPARTS + SDG_TRACED] || !ids[y * SDG_NPARTS + SDG_SEIZED]) continue;
        yix[out->ncycles++] = y;
    }
    if (cycle) {
        int y = analysis_cycle_index(&c, cycle);
        if (!ids[(size_t)y * SDG_NPARTS + SDG_TRACED])
            return err_set(e, ERR_NOT_FOUND, N_("The reports of this cycle did not ask for the indicator's figures: choose a cycle from 2018 on."), NULL);
    }
    out->cycles = arena_array(a, out->ncycles ? out->ncycles : 1, sizeof *out->cycles);
    out->sel = out->ncycles ? out->ncycles - 1 : 0;
    for (size_t i = 0; i < out->ncycles; i++) {
        out->cycles[i].year = c.cyc[yix[i]].year;
        if (cycle == out->cycles[i].year) out->sel = i;
    }
    out->cycle = out->ncycles ? out->cycles[out->sel].year : cycle;
    /* Per State and cycle: its figures. */
    size_t nsy = c.nst * (out->ncycles ? out->ncycles : 1);
    struct analysis_sdg_state *grid = arena_array(a, nsy, sizeof *grid);
    for (size_t i = 0; i < nsy; i++) grid[i] = (struct analysis_sdg_state){ .seized = -1, .found = -1, .surrendered = -1, .traced = -1 };
    for (size_t i = 0; i < c.nrep; i++) {
        int y = analysis_cycle_index(&c, c.rep[i].cycle), k = analysis_state_index(&c, c.rep[i].iso3);
        for (size_t j = 0; y >= 0 && k >= 0 && j < out->ncycles; j++)
            if (yix[j] == (size_t)y) {
                struct analysis_sdg_state *g = &grid[(size_t)k * out->ncycles + j];
                g->report = c.rep[i].report_id;
                out->synthetic |= c.rep[i].synthetic;
            }
    }
    /* One read of every id the parts were asked as (SDG_NPARTS parts, two names each at most so far). */
    const char *rid[STORE_ANALYSIS_MAXQ];
    size_t nrid = 0;
    for (size_t j = 0; j < out->ncycles; j++)
        for (int p = 0; p < SDG_NPARTS; p++) {
            const char *id = ids[yix[j] * SDG_NPARTS + (size_t)p];
            size_t k = 0;
            while (id && k < nrid && strcmp(rid[k], id) != 0) k++;
            if (id && k == nrid && nrid < STORE_ANALYSIS_MAXQ) rid[nrid++] = id;
        }
    struct store_analysis_answer *v = NULL;
    size_t n = 0;
    if (out->ncycles && store_analysis_answers(s, a, rid, nrid, out->cycles[0].year, out->cycles[out->ncycles - 1].year, &v, &n) < 0)
        return err_set(e, ERR_STORE, NULL, NULL);
    for (size_t i = 0; i < n; i++) {
        int y = analysis_cycle_index(&c, v[i].cycle), k = analysis_state_index(&c, v[i].iso3);
        for (size_t j = 0; y >= 0 && k >= 0 && j < out->ncycles; j++) {
            if (yix[j] != (size_t)y) continue;
            for (int p = 0; p < SDG_NPARTS; p++) {
                const char *there = ids[yix[j] * SDG_NPARTS + (size_t)p];
                for (size_t q = 0; there && q < nrid; q++) {
                    if (strcmp(rid[q], there) != 0 || !v[i].value[q]) continue;
                    json_t *val = json_loads(v[i].value[q], JSON_DECODE_ANY, NULL);
                    *part_of(&grid[(size_t)k * out->ncycles + j], p) = figure_of(val);
                    json_decref(val);
                }
            }
        }
    }
    /* The totals: per cycle, and per region in the selected cycle. */
    out->regions = arena_array(a, c.nregions ? c.nregions : 1, sizeof *out->regions);
    for (size_t r = 0; r < c.nregions; r++)
        if (c.regions[r].level == 1)
            out->regions[out->nregions++] = (struct analysis_sdg_total){ .code = c.regions[r].code, .name = c.regions[r].name,
                                                                         .year = out->cycle };
    out->states = arena_array(a, c.nst ? c.nst : 1, sizeof *out->states);
    for (size_t j = 0; j < out->ncycles; j++) {
        for (size_t k = 0; k < c.nst; k++) {
            struct analysis_sdg_state *g = &grid[k * out->ncycles + j];
            if (!g->report) continue;
            long long total = (g->seized > 0 ? g->seized : 0) + (g->found > 0 ? g->found : 0) + (g->surrendered > 0 ? g->surrendered : 0);
            g->counted = g->traced >= 0 && total > 0 && g->traced <= total;
            g->iso3 = c.st[k].iso3;
            g->name = c.st[k].local_name;
            g->region = c.st[k].region.code;
            total_add(&out->cycles[j], g);
            if (j != out->sel) continue;
            out->states[out->nstates++] = *g;
            for (size_t r = 0; r < out->nregions; r++)
                if (g->region && strcmp(g->region, out->regions[r].code) == 0) total_add(&out->regions[r], g);
        }
    }
    out->found_asked = out->ncycles && ids[yix[out->sel] * SDG_NPARTS + SDG_FOUND] != NULL;
    charts_build(a, out);
    return 0;
}
