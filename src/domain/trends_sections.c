/*
 * trends_sections: the sections of the trends document (domain/trends.h), each built from the
 * domain's published-data reads: reporting from state_reporting_list (what /cycles/{year}.json
 * shows), implementation from crossview_get (what /questions/{id}.json shows), assistance from
 * the needs board's lists.  Until the analysis module's reads (domain/analysis_*.c) are here,
 * the figures are computed from those reads directly; they move to the analysis module's charts
 * once it exists, so that the document and the /analysis pages cannot disagree.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/assistance.h"
#include "domain/auth.h"
#include "domain/crossview.h"
#include "domain/template.h"
#include "domain/trends_internal.h"
#include "util/arena.h"
#include "util/i18n.h"

#define TILE_COLS 24                    /* tiles per row of the map */

/* ---- loading ---- */

static int region_cmp(const void *x, const void *y)
{
    return strcmp(((const struct trends_region *)x)->code, ((const struct trends_region *)y)->code);
}

int trends_ctx_load(struct trends_ctx *cx, struct err *e)
{
    struct arena *a = cx->a;
    if (cycle_read(cx->s, a, cx->year, &cx->cycle, e) < 0) return -1;
    cycle_names_in(cx->s, a, &cx->cycle, 1, cx->lang);
    struct cycle *v;
    size_t n;
    if (cycle_list(cx->s, a, &v, &n, e) < 0) return -1;
    cx->years = arena_array(a, n + 1, sizeof *cx->years);
    for (size_t i = n; i-- > 0;) {   /* oldest first */
        int y = v[i].year;
        if (y < cx->year && v[i].template_year && cx->year < TEMPLATE_BENCH_FIRST) cx->years[cx->ncycles++] = y;
    }
    cx->years[cx->ncycles++] = cx->year;
    cx->rep = arena_array(a, cx->ncycles, sizeof *cx->rep);
    cx->nrep = arena_array(a, cx->ncycles, sizeof *cx->nrep);
    for (size_t c = 0; c < cx->ncycles; c++) {
        if (state_reporting_list(cx->s, a, cx->years[c], cx->lang, &cx->rep[c], &cx->nrep[c], e) < 0) return -1;
        for (size_t i = 0; i < cx->nrep[c]; i++) cx->synthetic |= cx->rep[c][i].report && cx->rep[c][i].synthetic;
    }
    const struct state_reporting *cur = cx->rep[cx->ncycles - 1];
    size_t ncur = cx->nrep[cx->ncycles - 1];
    cx->regions = arena_array(a, ncur + 1, sizeof *cx->regions);
    for (size_t i = 0; i < ncur; i++) {
        cx->reported += cur[i].report != 0;
        const char *code = cur[i].st.region.code ? cur[i].st.region.code : "";
        size_t k = 0;
        while (k < cx->nregions && strcmp(cx->regions[k].code, code) != 0) k++;
        if (k == cx->nregions)
            cx->regions[cx->nregions++] = (struct trends_region){ code, cur[i].st.region.name ? cur[i].st.region.name : "—" };
    }
    qsort(cx->regions, cx->nregions, sizeof *cx->regions, region_cmp);
    return 0;
}

/* ---- helpers ---- */

static const char *pct(struct trends_ctx *cx, double v) { return trends_percent(cx->a, cx->lang, v); }
static const char *num(struct trends_ctx *cx, long long n) { return trends_number(cx->a, cx->lang, n); }
static double share(int n, int of) { return of > 0 ? 100.0 * n / of : NAN; }

static struct chart *chart_new(struct trends_ctx *cx, enum chart_kind kind, const char *id, const char *title)
{
    struct chart *c = arena_alloc(cx->a, sizeof *c);
    c->kind = kind;
    c->id = id;
    c->title = title;
    c->unit = "%";
    c->synthetic = cx->synthetic;
    return c;
}

/* A series of ncat values with their counts and denominators, zeroed. */
static struct chart_series series_new(struct trends_ctx *cx, const char *label, size_t ncat, double **v, int **n, int **of)
{
    *v = arena_array(cx->a, ncat ? ncat : 1, sizeof **v);
    *n = arena_array(cx->a, ncat ? ncat : 1, sizeof **n);
    *of = arena_array(cx->a, ncat ? ncat : 1, sizeof **of);
    for (size_t i = 0; i < ncat; i++) (*v)[i] = NAN;
    return (struct chart_series){ label, *v, *n, *of };
}

static const char *year_text(struct trends_ctx *cx, int y) { return arena_printf(cx->a, "%d", y); }

static bool in_region(const struct state_reporting *r, const char *code)
{
    return strcmp(r->st.region.code ? r->st.region.code : "", code) == 0;
}

/* ---- 1. introduction ---- */

int trends_section_intro(struct trends_ctx *cx, struct err *e)
{
    (void)e;
    struct trends_doc *d = cx->doc;
    size_t nstates = cx->nrep[cx->ncycles - 1];
    trends_section_add(d, cx->a, 1, _("Introduction"));
    trends_text_add(d, cx->a, TRENDS_PARA,
                    _("The General Assembly asks the Secretariat for an analysis of trends, challenges and opportunities in the "
                      "implementation of the Programme of Action and the International Tracing Instrument, based on the "
                      "national reports, before each meeting. This document is generated from the reports published in this "
                      "system; every figure can be recomputed from its open data."));
    trends_text_add(d, cx->a, TRENDS_PARA,
                    arena_printf(cx->a, _("For the %d cycle, %s of %s States have published a national report (%s)."), cx->year,
                                 num(cx, cx->reported), num(cx, (long long)nstates),
                                 pct(cx, share(cx->reported, (int)nstates))));
    if (cx->synthetic)
        trends_text_add(d, cx->a, TRENDS_NOTE,
                        _("Synthetic data: the reports behind this document were generated for a demonstration. They describe "
                          "no real State."));
    return 0;
}

/* ---- 2. reporting ---- */

static void reporting_trend(struct trends_ctx *cx)
{
    size_t nc = cx->ncycles, ns = cx->nregions + 1;
    struct chart *c = chart_new(cx, CHART_LINE, "reporting-rate", _("Share of States that published a national report, by cycle"));
    const char **cats = arena_array(cx->a, nc, sizeof *cats);
    struct chart_series *se = arena_array(cx->a, ns, sizeof *se);
    double *v[ns];
    int *n[ns], *of[ns];
    se[0] = series_new(cx, _("All States"), nc, &v[0], &n[0], &of[0]);
    for (size_t r = 0; r < cx->nregions; r++) se[r + 1] = series_new(cx, cx->regions[r].name, nc, &v[r + 1], &n[r + 1], &of[r + 1]);
    for (size_t ci = 0; ci < nc; ci++) {
        cats[ci] = year_text(cx, cx->years[ci]);
        for (size_t i = 0; i < cx->nrep[ci]; i++) {
            const struct state_reporting *x = &cx->rep[ci][i];
            of[0][ci]++;
            n[0][ci] += x->report != 0;
            for (size_t r = 0; r < cx->nregions; r++)
                if (in_region(x, cx->regions[r].code)) { of[r + 1][ci]++; n[r + 1][ci] += x->report != 0; }
        }
        for (size_t k = 0; k < ns; k++) v[k][ci] = share(n[k][ci], of[k][ci]);
    }
    c->categories = cats;
    c->ncat = nc;
    c->series = se;
    c->nseries = ns;
    c->x_label = _("Cycle");
    c->y_label = _("Share of States (%)");
    c->summary = nc > 1 ? arena_printf(cx->a, _("The share of States that published a report went from %s in %d to %s in %d."),
                                       pct(cx, v[0][0]), cx->years[0], pct(cx, v[0][nc - 1]), cx->year)
                        : arena_printf(cx->a, _("%s of States published a report in %d."), pct(cx, v[0][0]), cx->year);
    c->source = _("Published national reports (the latest version of each; drafts never count), over every State of the "
                  "reference data, Member and observer States.");
    trends_chart_add(cx->doc, cx->a, c);
}

static void reporting_regions(struct trends_ctx *cx)
{
    size_t nr = cx->nregions, ci = cx->ncycles - 1;
    struct chart *c = chart_new(cx, CHART_BAR, "reporting-regions",
                                arena_printf(cx->a, _("Share of States that published a report in %d, by region"), cx->year));
    const char **cats = arena_array(cx->a, nr ? nr : 1, sizeof *cats);
    struct chart_series *se = arena_alloc(cx->a, sizeof *se);
    double *v;
    int *n, *of;
    *se = series_new(cx, _("Published a report"), nr, &v, &n, &of);
    size_t hi = 0, lo = 0;
    for (size_t r = 0; r < nr; r++) {
        cats[r] = cx->regions[r].name;
        for (size_t i = 0; i < cx->nrep[ci]; i++)
            if (in_region(&cx->rep[ci][i], cx->regions[r].code)) { of[r]++; n[r] += cx->rep[ci][i].report != 0; }
        v[r] = share(n[r], of[r]);
        if (v[r] > v[hi]) hi = r;
        if (v[r] < v[lo]) lo = r;
    }
    c->categories = cats;
    c->ncat = nr;
    c->series = se;
    c->nseries = 1;
    c->x_label = _("Region");
    c->y_label = _("Share of States (%)");
    c->summary = nr ? arena_printf(cx->a, _("%s reported most (%s of its States) and %s least (%s)."), cats[hi], pct(cx, v[hi]),
                                   cats[lo], pct(cx, v[lo]))
                    : "";
    c->source = _("Published national reports; regions as in the UN M49 standard.");
    trends_chart_add(cx->doc, cx->a, c);
}

/* The map: a square per State, a block of rows per region, TILE_COLS to a row. */
static void reporting_map(struct trends_ctx *cx)
{
    size_t ci = cx->ncycles - 1, n = cx->nrep[ci];
    struct chart *c = chart_new(cx, CHART_TILEMAP, "reporting-map", arena_printf(cx->a, _("Who published a report in %d"), cx->year));
    struct chart_tile *t = arena_array(cx->a, n ? n : 1, sizeof *t);
    const char **legend = arena_array(cx->a, 2, sizeof *legend);
    legend[0] = _("Published a report");
    legend[1] = _("No published report");
    size_t nt = 0;
    int row = 0;
    for (size_t r = 0; r < cx->nregions; r++) {
        int col = 0;
        for (size_t i = 0; i < n; i++) {
            const struct state_reporting *x = &cx->rep[ci][i];
            if (!in_region(x, cx->regions[r].code)) continue;
            if (col == TILE_COLS) { col = 0; row++; }
            t[nt++] = (struct chart_tile){ x->st.iso3, x->st.local_name ? x->st.local_name : x->st.iso3,
                                           x->report ? arena_printf(cx->a, "/reports/%lld", x->report) : NULL, row, col++,
                                           x->report ? 0 : 1 };
        }
        row += 2;   /* a blank row between regions */
    }
    c->tiles = t;
    c->ntiles = nt;
    c->legend = legend;
    c->nlegend = 2;
    c->unit = "";
    c->summary = arena_printf(cx->a, _("%s of %s States published a report; each square is a State, grouped by region."),
                              num(cx, cx->reported), num(cx, (long long)n));
    c->source = _("Published national reports; a square per State, arranged by UN M49 region (no map data is used).");
    trends_chart_add(cx->doc, cx->a, c);
}

/* First-time reporters (no report in an earlier cycle of the trend) and States that stopped (reported in the cycle before). */
static void reporting_changes(struct trends_ctx *cx)
{
    struct trends_doc *d = cx->doc;
    size_t ci = cx->ncycles - 1, n = cx->nrep[ci];
    trends_section_add(d, cx->a, 2, _("First-time reporters and States that stopped"));
    if (ci == 0) {
        trends_text_add(d, cx->a, TRENDS_NOTE, _("There is no earlier cycle to compare with."));
        return;
    }
    const char **cells = arena_array(cx->a, n * 3 + 1, sizeof *cells);
    size_t rows = 0;
    int first = 0, stopped = 0;
    for (size_t i = 0, pass = 0; pass < 2; i = 0, pass++)   /* the first reports, then the States that stopped */
    for (; i < n; i++) {
        const struct state_reporting *x = &cx->rep[ci][i];
        if ((x->report != 0) != (pass == 0)) continue;
        bool before = false, prev = false;
        for (size_t k = 0; k < ci; k++)
            for (size_t j = 0; j < cx->nrep[k]; j++)
                if (cx->rep[k][j].report && strcmp(cx->rep[k][j].st.iso3, x->st.iso3) == 0) {
                    before = true;
                    if (k == ci - 1) prev = true;
                }
        const char *what = NULL;
        if (x->report && !before) { what = _("First report"); first++; }
        else if (!x->report && prev) { what = _("Reported in the cycle before, not in this one"); stopped++; }
        if (!what) continue;
        cells[rows * 3] = x->st.local_name ? x->st.local_name : x->st.iso3;
        cells[rows * 3 + 1] = x->st.region.name ? x->st.region.name : "—";
        cells[rows * 3 + 2] = what;
        rows++;
    }
    trends_text_add(d, cx->a, TRENDS_PARA,
                    arena_printf(cx->a, _("%s States published a report for the first time since %d; %s States that reported in "
                                          "%d did not report in %d."),
                                 num(cx, first), cx->years[0], num(cx, stopped), cx->years[ci - 1], cx->year));
    if (!rows) return;
    struct trends_table *t = arena_alloc(cx->a, sizeof *t);
    const char **head = arena_array(cx->a, 3, sizeof *head);
    head[0] = _("State");
    head[1] = _("Region");
    head[2] = _("Change");
    *t = (struct trends_table){ arena_printf(cx->a, _("States that reported for the first time or stopped in %d"), cx->year), head,
                                cells, 3, rows, 0 };
    trends_table_add(d, cx->a, t);
}

int trends_section_reporting(struct trends_ctx *cx, struct err *e)
{
    (void)e;
    struct trends_doc *d = cx->doc;
    trends_section_add(d, cx->a, 1, _("Reporting"));
    trends_text_add(d, cx->a, TRENDS_PARA,
                    _("A State has reported in a cycle when a version of its national report for that cycle has been "
                      "published. Rates are shares of every State in the reference data."));
    trends_section_add(d, cx->a, 2, _("Reporting rates across cycles"));
    reporting_trend(cx);
    trends_section_add(d, cx->a, 2, arena_printf(cx->a, _("Who reported in %d"), cx->year));
    if (!cx->reported) {
        trends_text_add(d, cx->a, TRENDS_NOTE, _("No State has published a report for this cycle yet."));
    } else {
        reporting_regions(cx);
        reporting_map(cx);
    }
    reporting_changes(cx);
    return 0;
}

/* ---- 3. implementation ---- */

/* The measures the document follows across cycles: yes/no/developing questions asked since 2010. */
static const struct { const char *qid, *label; } MEASURES[] = {
    { "coord.body", N_("National coordination body") },
    { "coord.nap", N_("National action plan") },
    { "manuf.marking", N_("Marking at manufacture") },
    { "transfer.euc", N_("End-user certificates") },
    { "iti.records", N_("Records of weapons (ITI)") },
    { "gender.participation", N_("Participation of women") },
};
enum { NMEASURES = sizeof MEASURES / sizeof MEASURES[0] };
static const char *const ANSWERS[] = { "yes", "developing", "no" };
static const char *const ANSWER_LABELS[] = { N_("Yes"), N_("Developing"), N_("No"), N_("No response") };

static size_t cycle_index(const struct crossview *x, int year)
{
    for (size_t i = 0; i < x->ncycles; i++)
        if (x->cycles[i] == year) return i;
    return (size_t)-1;
}

static int reported_in(const struct crossview *x, size_t ci)
{
    int n = 0;
    for (size_t i = 0; i < x->nrows; i++) n += x->rows[i].cells[ci].reported;
    return n;
}

int trends_section_implementation(struct trends_ctx *cx, struct err *e)
{
    struct trends_doc *d = cx->doc;
    struct arena *a = cx->a;
    trends_section_add(d, a, 1, _("Implementation"));
    trends_text_add(d, a, TRENDS_PARA,
                    _("The share of reporting States that answered Yes, Developing or No to questions on key measures of the "
                      "Programme of Action and the International Tracing Instrument. A question left unanswered is counted "
                      "as no response, never as No."));
    struct crossview xs[NMEASURES];
    bool have[NMEASURES];
    for (size_t q = 0; q < NMEASURES; q++) {
        have[q] = false;
        if (!template_question_any(MEASURES[q].qid)) continue;
        if (crossview_get(cx->s, a, MEASURES[q].qid, cx->lang, NULL, &xs[q], e) < 0) return -1;
        have[q] = true;
    }
    /* The cycle: a stacked bar per measure. */
    trends_section_add(d, a, 2, arena_printf(a, _("Key measures in %d"), cx->year));
    struct chart *c = chart_new(cx, CHART_STACKED, "measures", arena_printf(a, _("Answers of reporting States on key measures, %d"), cx->year));
    const char **cats = arena_array(a, NMEASURES, sizeof *cats);
    struct chart_series *se = arena_array(a, 4, sizeof *se);
    double *v[4];
    int *n[4], *of[4];
    for (size_t k = 0; k < 4; k++) se[k] = series_new(cx, _(ANSWER_LABELS[k]), NMEASURES, &v[k], &n[k], &of[k]);
    size_t ncat = 0, best = 0;
    double best_v = -1;
    for (size_t q = 0; q < NMEASURES; q++) {
        size_t ci = have[q] ? cycle_index(&xs[q], cx->year) : (size_t)-1;
        if (ci == (size_t)-1) continue;
        int rep = reported_in(&xs[q], ci), answered = 0;
        if (!rep) continue;
        cats[ncat] = _(MEASURES[q].label);
        for (size_t k = 0; k < 3; k++) {
            n[k][ncat] = (int)crossview_count(&xs[q], ci, ANSWERS[k]);
            answered += n[k][ncat];
        }
        n[3][ncat] = rep - answered;
        for (size_t k = 0; k < 4; k++) { of[k][ncat] = rep; v[k][ncat] = share(n[k][ncat], rep); }
        if (v[0][ncat] > best_v) { best_v = v[0][ncat]; best = ncat; }
        ncat++;
    }
    if (!ncat) {
        trends_text_add(d, a, TRENDS_NOTE, _("No State has published a report for this cycle yet."));
    } else {
        c->categories = cats;
        c->ncat = ncat;
        c->series = se;
        c->nseries = 4;
        c->x_label = _("Measure");
        c->y_label = _("Share of reporting States (%)");
        c->summary = arena_printf(a, _("The measure most often in place is \"%s\": %s of reporting States answered Yes."), cats[best],
                                  pct(cx, best_v));
        c->source = _("Published national reports of the cycle; the denominator is the States that reported in it.");
        trends_chart_add(d, a, c);
    }
    /* Across cycles: the share that answered Yes, a line per measure. */
    trends_section_add(d, a, 2, _("Key measures across cycles"));
    size_t nc = cx->ncycles;
    struct chart *t = chart_new(cx, CHART_LINE, "measures-trend", _("Share of reporting States that answered Yes, by cycle"));
    const char **tc = arena_array(a, nc, sizeof *tc);
    struct chart_series *ts = arena_array(a, NMEASURES, sizeof *ts);
    size_t nts = 0;
    for (size_t ci = 0; ci < nc; ci++) tc[ci] = year_text(cx, cx->years[ci]);
    double first_v = NAN, last_v = NAN;
    int first_y = 0;
    for (size_t q = 0; q < NMEASURES; q++) {
        if (!have[q]) continue;
        double *tv;
        int *tn, *tof;
        ts[nts] = series_new(cx, _(MEASURES[q].label), nc, &tv, &tn, &tof);
        for (size_t ci = 0; ci < nc; ci++) {
            size_t xi = cycle_index(&xs[q], cx->years[ci]);
            if (xi == (size_t)-1) continue;
            tof[ci] = reported_in(&xs[q], xi);
            tn[ci] = (int)crossview_count(&xs[q], xi, "yes");
            tv[ci] = share(tn[ci], tof[ci]);
            if (nts == 0 && !isnan(tv[ci])) {
                if (isnan(first_v)) { first_v = tv[ci]; first_y = cx->years[ci]; }
                last_v = tv[ci];
            }
        }
        nts++;
    }
    t->categories = tc;
    t->ncat = nc;
    t->series = ts;
    t->nseries = nts;
    t->x_label = _("Cycle");
    t->y_label = _("Share of reporting States (%)");
    t->summary = nts && !isnan(first_v)
                     ? arena_printf(a, _("The share of reporting States with \"%s\" went from %s in %d to %s in %d."), ts[0].label,
                                    pct(cx, first_v), first_y, pct(cx, last_v), cx->year)
                     : "";
    t->source = _("Published national reports of each cycle; renamed, split and merged questions are followed through the "
                  "templates' maps.");
    if (nts) trends_chart_add(d, a, t);
    return 0;
}

/* ---- 4. SDG indicator 16.4.2 ---- */

int trends_section_sdg(struct trends_ctx *cx, struct err *e)
{
    (void)e;
    struct trends_doc *d = cx->doc;
    trends_section_add(d, cx->a, 1, _("SDG indicator 16.4.2"));
    trends_text_add(d, cx->a, TRENDS_PARA,
                    _("Indicator 16.4.2 of the Sustainable Development Goals is the proportion of seized, found or surrendered "
                      "arms whose illicit origin or context has been traced or established by a competent authority in line "
                      "with international instruments. Its custodian is UNODC."));
    trends_text_add(d, cx->a, TRENDS_NOTE,
                    _("This edition does not yet compute the indicator from the reported seizures, finds, surrenders and "
                      "traces."));
    return 0;
}

/* ---- 5. assistance ---- */

struct cat_count { const char *id; int requests, offers; };

static int cat_count_cmp(const void *x, const void *y)
{
    const struct cat_count *a = x, *b = y;
    if (a->requests != b->requests) return b->requests - a->requests;
    if (a->offers != b->offers) return b->offers - a->offers;
    return strcmp(a->id, b->id);
}

int trends_section_assistance(struct trends_ctx *cx, struct err *e)
{
    struct trends_doc *d = cx->doc;
    struct arena *a = cx->a;
    trends_section_add(d, a, 1, _("International cooperation and assistance"));
    struct principal anyone;   /* the public's view: what the needs board shows everyone */
    auth_public(&anyone);
    struct assist_request_filter f = { .cycle = cx->year, .cost_min = -1, .cost_max = -1 };
    struct assist_request *rq;
    size_t nrq;
    if (assist_requests_list(cx->s, a, &anyone, cx->lang, &f, &rq, &nrq, e) < 0) return -1;
    struct assist_offer_filter of = { .open_only = true };
    struct assist_offer *off;
    size_t noff;
    if (assist_offers_list(cx->s, a, &anyone, &of, &off, &noff, e) < 0) return -1;
    /* The categories named by the requests and the open offers, in the order met. */
    const char **ids = arena_array(a, nrq + noff * ASSIST_LIST_MAX + 1, sizeof *ids);
    size_t nids = 0;
#define ADD_ID(x) do { size_t k_ = 0; while (k_ < nids && strcmp(ids[k_], (x)) != 0) k_++; if (k_ == nids) ids[nids++] = (x); } while (0)
    for (size_t i = 0; i < nrq; i++) if (rq[i].category) ADD_ID(rq[i].category);
    for (size_t i = 0; i < noff; i++) for (size_t j = 0; j < off[i].categories.n; j++) ADD_ID(off[i].categories.v[j]);
#undef ADD_ID
    int done = 0;
    for (size_t i = 0; i < nrq; i++) {
        done += rq[i].status && (strcmp(rq[i].status, "matched") == 0 || strcmp(rq[i].status, "closed") == 0);
        cx->synthetic |= rq[i].synthetic;
    }
    trends_text_add(d, a, TRENDS_PARA,
                    arena_printf(a, _("The reports of the %d cycle made %s requests for assistance; %s of them (%s) have been "
                                      "matched with a partner or completed. %s offers of assistance are open."),
                                 cx->year, num(cx, (long long)nrq), num(cx, done), pct(cx, share(done, (int)nrq)),
                                 num(cx, (long long)noff)));
    if (nids) {
        struct chart *c = chart_new(cx, CHART_BAR, "assistance", arena_printf(a, _("Requests of the %d cycle and open offers, by category"), cx->year));
        const char **cats = arena_array(a, nids, sizeof *cats);
        struct chart_series *se = arena_array(a, 2, sizeof *se);
        double *v[2];
        int *n[2], *ofn[2];
        se[0] = series_new(cx, _("Requests"), nids, &v[0], &n[0], &ofn[0]);
        se[1] = series_new(cx, _("Open offers"), nids, &v[1], &n[1], &ofn[1]);
        se[0].n = se[0].of = se[1].n = se[1].of = NULL;
        struct cat_count *cc = arena_array(a, nids, sizeof *cc);
        for (size_t k = 0; k < nids; k++) {
            cc[k].id = ids[k];
            for (size_t i = 0; i < nrq; i++) cc[k].requests += rq[i].category && strcmp(rq[i].category, ids[k]) == 0;
            for (size_t i = 0; i < noff; i++)
                for (size_t j = 0; j < off[i].categories.n; j++) cc[k].offers += strcmp(off[i].categories.v[j], ids[k]) == 0;
        }
        qsort(cc, nids, sizeof *cc, cat_count_cmp);   /* the most requested first */
        size_t top = 0;
        for (size_t k = 0; k < nids; k++) {
            cats[k] = assist_category_label(cc[k].id, cx->lang);
            v[0][k] = cc[k].requests;
            v[1][k] = cc[k].offers;
            if (v[0][k] - v[1][k] > v[0][top] - v[1][top]) top = k;
        }
        c->categories = cats;
        c->ncat = nids;
        c->series = se;
        c->nseries = 2;
        c->unit = "";
        c->x_label = _("Category");
        c->y_label = _("Number");
        c->summary = arena_printf(a, _("The widest gap between needs and offers is in \"%s\": %s requests, %s open offers."), cats[top],
                                  num(cx, llround(v[0][top])), num(cx, llround(v[1][top])));
        c->source = _("Requests for assistance made from published reports of the cycle (or filed by their States), and offers "
                      "of partners open today; an offer may cover several categories.");
        c->synthetic = cx->synthetic;
        trends_chart_add(d, a, c);
    }
    trends_text_add(d, a, TRENDS_NOTE, _("The time requests spend in each stage of the assistance procedure is not yet measured."));
    return 0;
}

/* ---- 6. method and limits ---- */

int trends_section_method(struct trends_ctx *cx, struct err *e)
{
    (void)e;
    struct trends_doc *d = cx->doc;
    struct arena *a = cx->a;
    trends_section_add(d, a, 1, _("Method and limits of the data"));
    trends_text_add(d, a, TRENDS_PARA,
                    _("Only published reports count, in the latest published version of each; drafts, reports waiting for "
                      "review and returned reports never do. A State has reported in a cycle when such a version exists."));
    trends_text_add(d, a, TRENDS_PARA,
                    _("Shares of reporting States are computed over the States that published a report for the cycle; an "
                      "unanswered question is no response, never a No. Reporting rates are computed over every State of the "
                      "reference data."));
    trends_text_add(d, a, TRENDS_PARA,
                    _("The reports are self-assessments by States and are not verified. The questions changed between "
                      "cycles: renamed, split and merged questions are followed through the templates' maps, and a measure "
                      "not asked in a cycle has no value for it."));
    trends_text_add(d, a, TRENDS_PARA,
                    arena_printf(a, _("The trends start in %d, the first cycle with the standardised template held in this "
                                      "system. Figures are rounded to whole percentages; the tables give the counts."),
                                 cx->years[0]));
    if (cx->synthetic)
        trends_text_add(d, a, TRENDS_NOTE,
                        _("Synthetic data: the reports behind this document were generated for a demonstration. They describe "
                          "no real State."));
    return 0;
}
