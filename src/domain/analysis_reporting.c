/*
 * analysis_reporting: who reports (analysis.h).  One read of the published reports of the
 * analysed cycles (store_analysis_reports: the same reports /cycles/{year} lists), then
 * counts per cycle, per area and per State, and the charts: the reporting rate across cycles
 * (world and regions), the rate by region, subregion and regional group in the selected cycle,
 * first-time reporters, States that stopped and late reports across cycles, and the tile map.
 */
#include "domain/analysis_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "store/store.h"
#include "util/arena.h"
#include "util/i18n.h"

/* Per State and cycle: the published report (0: none) and whether it was late. */
struct grid { long long *report; bool *late; size_t ncyc; };

static long long rep_at(const struct grid *g, size_t st, size_t cy) { return g->report[st * g->ncyc + cy]; }

static const char *cycle_href(struct arena *a, int year) { return arena_printf(a, "/cycles/%d", year); }

/* The areas: regions (level 1), subregions (level 2), then the groups, each with counts per cycle. */
static void areas_count(struct arena *a, const struct analysis_ctx *c, const struct grid *g, struct analysis_reporting *out)
{
    size_t max = c->nregions + c->ngroups;
    out->areas = arena_array(a, max ? max : 1, sizeof *out->areas);
    for (int pass = 0; pass < 3; pass++) {
        const struct ref_item *items = pass == 2 ? c->groups : c->regions;
        size_t nitems = pass == 2 ? c->ngroups : c->nregions;
        for (size_t i = 0; i < nitems; i++) {
            if (pass < 2 && items[i].level != pass + 1) continue;
            struct analysis_area *ar = &out->areas[out->nareas++];
            *ar = (struct analysis_area){ pass == 0 ? ANALYSIS_REGION : pass == 1 ? ANALYSIS_SUBREGION : ANALYSIS_GROUP,
                                          items[i].code, items[i].name, analysis_ints(a, c->ncyc), analysis_ints(a, c->ncyc) };
            for (size_t k = 0; k < c->nst; k++) {
                const struct state *st = &c->st[k];
                const char *code = pass == 0 ? st->region.code : pass == 1 ? st->subregion.code : st->group.code;
                if (!code || strcmp(code, items[i].code) != 0) continue;
                for (size_t y = 0; y < c->ncyc; y++) {
                    ar->states[y]++;
                    ar->reported[y] += rep_at(g, k, y) != 0;
                }
            }
            if (!ar->states[0] && c->ncyc) out->nareas--;   /* an area without States (none at this level) */
        }
    }
}

/* The reporting rate across cycles: the world and each region. */
static void chart_rate(struct arena *a, const struct analysis_ctx *c, struct analysis_reporting *r, struct chart *ch)
{
    size_t nreg = 0;
    for (size_t i = 0; i < r->nareas; i++) nreg += r->areas[i].kind == ANALYSIS_REGION;
    struct chart_series *se = arena_array(a, nreg + 1, sizeof *se);
    const char **cats = analysis_strs(a, c->ncyc), **href = analysis_strs(a, c->ncyc);
    double *v = analysis_doubles(a, c->ncyc);
    int *n = analysis_ints(a, c->ncyc), *of = analysis_ints(a, c->ncyc);
    for (size_t y = 0; y < c->ncyc; y++) {
        cats[y] = arena_printf(a, "%d", c->cyc[y].year);
        href[y] = cycle_href(a, c->cyc[y].year);
        n[y] = r->cycles[y].reported;
        of[y] = r->cycles[y].states;
        v[y] = analysis_share(n[y], of[y]);
    }
    se[0] = (struct chart_series){ _("All States"), v, n, of, NULL };
    size_t k = 1;
    for (size_t i = 0; i < r->nareas; i++) {
        const struct analysis_area *ar = &r->areas[i];
        if (ar->kind != ANALYSIS_REGION) continue;
        double *rv = analysis_doubles(a, c->ncyc);
        for (size_t y = 0; y < c->ncyc; y++) rv[y] = analysis_share(ar->reported[y], ar->states[y]);
        se[k++] = (struct chart_series){ ar->name, rv, ar->reported, ar->states, NULL };
    }
    /* The summary: from the first cycle to the newest with reports. */
    size_t last = r->sel;
    const char *summary = "";
    if (c->ncyc > 1 && last > 0)
        summary = analysis_say(a, _("The share of States that published a national report went from %s in %s to %s in %s (%s of %s States)."),
                               analysis_pct(a, v[0]), cats[0], analysis_pct(a, v[last]), cats[last],
                               analysis_num(a, n[last]), analysis_num(a, of[last]));
    else if (c->ncyc)
        summary = analysis_say(a, _("In %s, %s of %s States (%s) published a national report."), cats[last],
                               analysis_num(a, n[last]), analysis_num(a, of[last]), analysis_pct(a, v[last]));
    *ch = (struct chart){ .kind = CHART_LINE, .id = "rate", .title = _("Reporting rate by cycle"), .summary = summary,
                          .unit = "%", .x_label = _("Cycle"), .y_label = _("States that reported (%)"),
                          .categories = cats, .cat_href = href, .ncat = c->ncyc, .series = se, .nseries = k,
                          .source = _("Published national reports (latest version of each), over every State of the reference list."),
                          .synthetic = r->synthetic };
}

/* The rate in the selected cycle by one kind of area. */
static void chart_areas(struct arena *a, struct analysis_reporting *r, enum analysis_area_kind kind, struct chart *ch)
{
    size_t na = 0;
    for (size_t i = 0; i < r->nareas; i++) na += r->areas[i].kind == kind;
    const char **cats = analysis_strs(a, na), **href = analysis_strs(a, na);
    double *v = analysis_doubles(a, na);
    int *n = analysis_ints(a, na), *of = analysis_ints(a, na);
    size_t k = 0, hi = 0, lo = 0;
    int year = r->cycle;
    for (size_t i = 0; i < r->nareas; i++) {
        const struct analysis_area *ar = &r->areas[i];
        if (ar->kind != kind) continue;
        cats[k] = ar->name;
        href[k] = kind == ANALYSIS_REGION ? arena_printf(a, "/cycles/%d#r%s", year, ar->code) : cycle_href(a, year);
        n[k] = ar->reported[r->sel];
        of[k] = ar->states[r->sel];
        v[k] = analysis_share(n[k], of[k]);
        if (v[k] > v[hi]) hi = k;
        if (v[k] < v[lo]) lo = k;
        k++;
    }
    struct chart_series *se = arena_alloc(a, sizeof *se);
    *se = (struct chart_series){ arena_printf(a, "%d", year), v, n, of, NULL };
    static const char *const IDS[] = { "regions", "subregions", "groups" };
    const char *title = kind == ANALYSIS_REGION ? _("Reporting rate by region") : kind == ANALYSIS_SUBREGION
                      ? _("Reporting rate by subregion") : _("Reporting rate by regional group");
    const char *summary = na ? analysis_say(a, _("In %s, %s had the highest reporting rate (%s) and %s the lowest (%s)."),
                                            se->label, cats[hi], analysis_pct(a, v[hi]), cats[lo], analysis_pct(a, v[lo]))
                             : "";
    *ch = (struct chart){ .kind = CHART_BAR, .id = IDS[kind], .title = arena_printf(a, "%s, %d", title, year),
                          .summary = summary, .unit = "%", .x_label = NULL, .y_label = _("States that reported (%)"),
                          .categories = cats, .cat_href = href, .ncat = na, .series = se, .nseries = 1,
                          .source = _("Published national reports (latest version of each), over every State of the area."),
                          .synthetic = r->synthetic };
}

/* First-time reporters, States that stopped and late reports, across cycles. */
static void chart_changes(struct arena *a, const struct analysis_ctx *c, struct analysis_reporting *r, struct chart *ch)
{
    const char **cats = analysis_strs(a, c->ncyc), **href = analysis_strs(a, c->ncyc);
    double *vf = analysis_doubles(a, c->ncyc), *vs = analysis_doubles(a, c->ncyc), *vl = analysis_doubles(a, c->ncyc);
    int *nf = analysis_ints(a, c->ncyc), *ns = analysis_ints(a, c->ncyc), *nl = analysis_ints(a, c->ncyc);
    for (size_t y = 0; y < c->ncyc; y++) {
        cats[y] = arena_printf(a, "%d", c->cyc[y].year);
        href[y] = cycle_href(a, c->cyc[y].year);
        /* The first cycle analysed has no earlier one: nobody is "first" or "stopped" there. */
        vf[y] = y ? nf[y] = r->cycles[y].first_time : NAN;
        vs[y] = y ? ns[y] = r->cycles[y].stopped : NAN;
        vl[y] = nl[y] = r->cycles[y].late;
    }
    struct chart_series *se = arena_array(a, 3, sizeof *se);
    se[0] = (struct chart_series){ _("Reported for the first time"), vf, nf, NULL, NULL };
    se[1] = (struct chart_series){ _("Stopped reporting"), vs, ns, NULL, NULL };
    se[2] = (struct chart_series){ _("Reported after the deadline"), vl, nl, NULL, NULL };
    const struct analysis_cycle *cy = &r->cycles[r->sel];
    const char *summary = r->sel > 0
        ? analysis_say(a, _("In %s, %s States reported for the first time, %s States that had reported in %s did not, and %s reports came after the deadline."),
                       cats[r->sel], analysis_num(a, cy->first_time), analysis_num(a, cy->stopped), cats[r->sel - 1],
                       analysis_num(a, cy->late))
        : analysis_say(a, _("In %s, %s reports came after the deadline."), cats[r->sel], analysis_num(a, cy->late));
    *ch = (struct chart){ .kind = CHART_BAR, .id = "changes", .title = _("First-time reporters, States that stopped and late reports"),
                          .summary = summary, .unit = "", .x_label = _("Cycle"), .y_label = _("States"),
                          .categories = cats, .cat_href = href, .ncat = c->ncyc, .series = se, .nseries = 3,
                          .source = _("A report is late when it was last submitted after the cycle's deadline. A State stopped when it reported in the previous cycle and not in this one."),
                          .synthetic = r->synthetic };
}

/* The tile map of the selected cycle. */
static void chart_map(struct arena *a, const struct analysis_ctx *c, struct analysis_reporting *r, struct chart *ch)
{
    int *value = analysis_ints(a, c->nst);
    const char **href = analysis_strs(a, c->nst);
    for (size_t i = 0; i < r->nstates; i++) {
        const struct analysis_state *st = &r->states[i];
        value[i] = !st->report ? 2 : st->late ? 1 : 0;
        href[i] = st->report ? arena_printf(a, "/reports/%lld", st->report) : arena_printf(a, "/states/%s", st->iso3);
    }
    const char **legend = analysis_strs(a, 3);
    legend[0] = _("Reported by the deadline");
    legend[1] = _("Reported after the deadline");
    legend[2] = _("Not reported");
    analysis_tiles(a, c, value, href, ch);
    const struct analysis_cycle *cy = &r->cycles[r->sel];
    ch->kind = CHART_TILEMAP;
    ch->id = "map";
    ch->title = arena_printf(a, "%s, %d", _("Who reported"), r->cycle);
    ch->summary = analysis_say(a, _("In %s, %s of %s States published a national report, %s of them after the deadline."),
                               arena_printf(a, "%d", r->cycle), analysis_num(a, cy->reported), analysis_num(a, cy->states),
                               analysis_num(a, cy->late));
    ch->legend = legend;
    ch->nlegend = 3;
    ch->unit = "";
    ch->source = _("A square per State, grouped by region; no map data is used.");
    ch->synthetic = r->synthetic;
}

int analysis_reporting_get(struct store *s, struct arena *a, const char *lang, int cycle, struct analysis_reporting *out,
                           struct err *e)
{
    memset(out, 0, sizeof *out);
    struct analysis_ctx c;
    if (analysis_ctx_load(s, a, lang, &c, e) < 0) return -1;
    if (!c.ncyc) return err_set(e, ERR_NOT_FOUND, N_("No reporting cycle can be analysed yet."), NULL);
    if (cycle && analysis_cycle_index(&c, cycle) < 0)
        return err_set(e, ERR_NOT_FOUND, N_("This cycle is not analysed: choose a cycle from 2010 on that has published reports."), NULL);
    const struct store_analysis_report *rep = c.rep;
    size_t nrep = c.nrep;
    struct grid g = { arena_array(a, c.nst * c.ncyc + 1, sizeof(long long)), arena_array(a, c.nst * c.ncyc + 1, sizeof(bool)),
                      c.ncyc };
    out->ncycles = c.ncyc;
    out->cycles = arena_array(a, c.ncyc, sizeof *out->cycles);
    for (size_t y = 0; y < c.ncyc; y++)
        out->cycles[y] = (struct analysis_cycle){ .year = c.cyc[y].year, .deadline = c.cyc[y].deadline, .states = (int)c.nst };
    for (size_t i = 0; i < nrep; i++) {
        int y = analysis_cycle_index(&c, rep[i].cycle), k = analysis_state_index(&c, rep[i].iso3);
        if (y < 0 || k < 0) continue;
        g.report[(size_t)k * c.ncyc + (size_t)y] = rep[i].report_id;
        g.late[(size_t)k * c.ncyc + (size_t)y] = cycle_report_late(&c.cyc[y], rep[i].submitted_at);
        out->synthetic |= rep[i].synthetic;
    }
    /* The cycle: the one asked, else the newest with a published report. */
    out->sel = c.ncyc - 1;
    for (size_t y = 0; y < c.ncyc; y++) {
        int reported = 0;
        for (size_t k = 0; k < c.nst; k++) reported += rep_at(&g, k, y) != 0;
        out->cycles[y].reported = reported;
        if (!cycle && reported) out->sel = y;
    }
    if (cycle) out->sel = (size_t)analysis_cycle_index(&c, cycle);
    out->cycle = c.cyc[out->sel].year;
    out->nstates = c.nst;
    out->states = arena_array(a, c.nst ? c.nst : 1, sizeof *out->states);
    for (size_t k = 0; k < c.nst; k++) {
        const struct state *st = &c.st[k];
        struct analysis_state *as = &out->states[k];
        *as = (struct analysis_state){ st->iso3, st->local_name, st->region.code, st->region.name, st->subregion.code,
                                       st->group.code, rep_at(&g, k, out->sel), g.late[k * c.ncyc + out->sel], false, false, 0 };
        bool before = false;
        for (size_t y = 0; y < c.ncyc; y++) {
            bool now = rep_at(&g, k, y) != 0;
            as->reports += now;
            if (y > 0 && now && !before) out->cycles[y].first_time++;
            if (y > 0 && !now && rep_at(&g, k, y - 1)) out->cycles[y].stopped++;
            if (now && g.late[k * c.ncyc + y]) out->cycles[y].late++;
            if (y == out->sel) {
                as->first_time = y > 0 && now && !before;
                as->stopped = y > 0 && !now && rep_at(&g, k, y - 1);
            }
            before |= now;
        }
        out->never += as->reports == 0;
    }
    areas_count(a, &c, &g, out);
    out->ncharts = 6;
    out->charts = analysis_charts_new(a, out->ncharts);
    chart_rate(a, &c, out, &out->charts[0]);
    chart_areas(a, out, ANALYSIS_REGION, &out->charts[1]);
    chart_areas(a, out, ANALYSIS_SUBREGION, &out->charts[2]);
    chart_areas(a, out, ANALYSIS_GROUP, &out->charts[3]);
    chart_changes(a, &c, out, &out->charts[4]);
    chart_map(a, &c, out, &out->charts[5]);
    return 0;
}
