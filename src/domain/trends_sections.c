/*
 * trends_sections: the sections of the trends document (domain/trends.h).  Every number and
 * figure comes from the analysis module (domain/analysis.h), the one home of the analysis's
 * computations: the reporting figures (analysis_reporting_get), the answers to the key measures
 * (analysis_question_get), SDG indicator 16.4.2 (analysis_sdg_get) and assistance in numbers
 * (analysis_assist_get).  The document only chooses, orders and words them, so that it and
 * the /analysis pages cannot disagree.  Two figures are the document's own arrangement of the
 * analysis's values (the key measures side by side, and their Yes shares across cycles).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/analysis.h"
#include "domain/trends_internal.h"
#include "util/arena.h"
#include "util/i18n.h"

/* ---- loading ---- */

int trends_ctx_load(struct trends_ctx *cx, struct err *e)
{
    if (cycle_read(cx->s, cx->a, cx->year, &cx->cycle, e) < 0) return -1;
    cycle_names_in(cx->s, cx->a, &cx->cycle, 1, cx->lang);
    if (analysis_reporting_get(cx->s, cx->a, cx->lang, cx->year, &cx->rep, e) < 0) return -1;
    const struct analysis_cycle *cy = &cx->rep.cycles[cx->rep.sel];
    cx->reported = cy->reported;
    cx->states = cy->states;
    cx->synthetic = cx->rep.synthetic;
    return 0;
}

/* ---- helpers ---- */

static const char *pct(struct trends_ctx *cx, double v) { return trends_percent(cx->a, cx->lang, v); }
static const char *num(struct trends_ctx *cx, long long n) { return trends_number(cx->a, cx->lang, n); }

/* Add a chart of the analysis as a figure: a copy whose id is prefixed by its part ("sdg-regions"),
   so that ids stay unique in the document (the analysis's pages each hold one part). */
static void chart_put(struct trends_ctx *cx, const char *part, const struct chart *c)
{
    struct chart *copy = arena_alloc(cx->a, sizeof *copy);
    *copy = *c;
    copy->id = arena_printf(cx->a, "%s-%s", part, c->id);
    cx->synthetic |= c->synthetic;
    trends_chart_add(cx->doc, cx->a, copy);
}

/* Add the analysis's chart with this id, when it has one. */
static void chart_from(struct trends_ctx *cx, const char *part, const struct chart *v, size_t n, const char *id)
{
    const struct chart *c = analysis_chart_find(v, n, id);
    if (c) chart_put(cx, part, c);
}

/* ---- 1. introduction ---- */

int trends_section_intro(struct trends_ctx *cx, struct err *e)
{
    (void)e;
    struct trends_doc *d = cx->doc;
    trends_section_add(d, cx->a, 1, _("Introduction"));
    trends_text_add(d, cx->a, TRENDS_PARA,
                    _("The General Assembly asks the Secretariat for an analysis of trends, challenges and opportunities in the "
                      "implementation of the Programme of Action and the International Tracing Instrument, based on the "
                      "national reports, before each meeting. This document is generated from the reports published in this "
                      "system; every figure can be recomputed from its open data."));
    trends_text_add(d, cx->a, TRENDS_PARA,
                    arena_printf(cx->a, _("For the %d cycle, %s of %s States have published a national report (%s)."), cx->year,
                                 num(cx, cx->reported), num(cx, cx->states), pct(cx, analysis_share(cx->reported, cx->states))));
    if (cx->synthetic)
        trends_text_add(d, cx->a, TRENDS_NOTE,
                        _("Synthetic data: the reports behind this document were generated for a demonstration. They describe "
                          "no real State."));
    return 0;
}

/* ---- 2. reporting ---- */

/* First-time reporters and States that stopped, as the analysis marks them. */
static void reporting_changes(struct trends_ctx *cx)
{
    struct trends_doc *d = cx->doc;
    const struct analysis_reporting *r = &cx->rep;
    trends_section_add(d, cx->a, 2, _("First-time reporters and States that stopped"));
    chart_from(cx, "reporting", r->charts, r->ncharts, "changes");
    if (r->sel == 0) {
        trends_text_add(d, cx->a, TRENDS_NOTE, _("There is no earlier cycle to compare with."));
        return;
    }
    const char **cells = arena_array(cx->a, r->nstates * 3 + 1, sizeof *cells);
    size_t rows = 0;
    for (int pass = 0; pass < 2; pass++)   /* the first reports, then the States that stopped */
        for (size_t i = 0; i < r->nstates; i++) {
            const struct analysis_state *st = &r->states[i];
            if (pass == 0 ? !st->first_time : !st->stopped) continue;
            cells[rows * 3] = st->name;
            cells[rows * 3 + 1] = st->region_name ? st->region_name : "—";
            cells[rows * 3 + 2] = pass == 0 ? _("First report") : _("Reported in the cycle before, not in this one");
            rows++;
        }
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
    const struct analysis_reporting *r = &cx->rep;
    trends_section_add(d, cx->a, 1, _("Reporting"));
    trends_text_add(d, cx->a, TRENDS_PARA,
                    arena_printf(cx->a, _("A State has reported in a cycle when a version of its national report for that cycle "
                                          "has been published. Rates are shares of every State in the reference data. %s States "
                                          "have never published a report since %d."),
                                 num(cx, r->never), r->cycles[0].year));
    trends_section_add(d, cx->a, 2, _("Reporting rates across cycles"));
    chart_from(cx, "reporting", r->charts, r->ncharts, "rate");
    trends_section_add(d, cx->a, 2, arena_printf(cx->a, _("Who reported in %d"), cx->year));
    if (!cx->reported) {
        trends_text_add(d, cx->a, TRENDS_NOTE, _("No State has published a report for this cycle yet."));
    } else {
        chart_from(cx, "reporting", r->charts, r->ncharts, "regions");
        chart_from(cx, "reporting", r->charts, r->ncharts, "subregions");
        chart_from(cx, "reporting", r->charts, r->ncharts, "groups");
        chart_from(cx, "reporting", r->charts, r->ncharts, "map");
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

/* The index of value among the question's values, or -1. */
static int value_index(const struct analysis_question *q, const char *value)
{
    for (size_t i = 0; i < q->nvalues; i++)
        if (strcmp(q->values[i], value) == 0) return (int)i;
    return -1;
}

/* The question's cycle of year, when the cycle asked it; else NULL. */
static const struct analysis_qcycle *qcycle(const struct analysis_question *q, int year)
{
    for (size_t i = 0; i < q->ncycles; i++)
        if (q->cycles[i].year == year) return q->cycles[i].asked_as || q->cycles[i].merged ? &q->cycles[i] : NULL;
    return NULL;
}

static struct chart_series series_new(struct trends_ctx *cx, const char *label, size_t ncat, double **v, int **n, int **of)
{
    *v = arena_array(cx->a, ncat ? ncat : 1, sizeof **v);
    *n = arena_array(cx->a, ncat ? ncat : 1, sizeof **n);
    *of = arena_array(cx->a, ncat ? ncat : 1, sizeof **of);
    for (size_t i = 0; i < ncat; i++) (*v)[i] = NAN;
    return (struct chart_series){ .label = label, .v = *v, .n = *n, .of = *of };
}

/* The measures side by side in the cycle: a stacked bar of Yes, Developing, No and no response each. */
static void measures_cycle(struct trends_ctx *cx, const struct analysis_question *qs, const bool *have)
{
    struct arena *a = cx->a;
    struct chart *c = arena_alloc(a, sizeof *c);
    *c = (struct chart){ .kind = CHART_STACKED, .id = "measures", .unit = "%", .synthetic = cx->synthetic,
                         .title = arena_printf(a, _("Answers of reporting States on key measures, %d"), cx->year) };
    const char **cats = arena_array(a, NMEASURES, sizeof *cats);
    struct chart_series *se = arena_array(a, 4, sizeof *se);
    double *v[4];
    int *n[4], *of[4];
    for (size_t k = 0; k < 4; k++) se[k] = series_new(cx, _(ANSWER_LABELS[k]), NMEASURES, &v[k], &n[k], &of[k]);
    size_t ncat = 0, best = 0;
    for (size_t q = 0; q < NMEASURES; q++) {
        const struct analysis_qcycle *qc = have[q] ? qcycle(&qs[q], cx->year) : NULL;
        if (!qc || !qc->reporting) continue;
        cats[ncat] = _(MEASURES[q].label);
        int answered = 0;
        for (size_t k = 0; k < 3; k++) {
            int vi = value_index(&qs[q], ANSWERS[k]);
            n[k][ncat] = vi < 0 ? 0 : qc->count[vi];
            answered += n[k][ncat];
        }
        n[3][ncat] = qc->reporting - answered;
        for (size_t k = 0; k < 4; k++) { of[k][ncat] = qc->reporting; v[k][ncat] = analysis_share(n[k][ncat], qc->reporting); }
        cx->synthetic |= qs[q].synthetic;
        if (v[0][ncat] > v[0][best]) best = ncat;
        ncat++;
    }
    if (!ncat) {
        trends_text_add(cx->doc, a, TRENDS_NOTE, _("No State has published a report for this cycle yet."));
        return;
    }
    c->categories = cats;
    c->ncat = ncat;
    c->series = se;
    c->nseries = 4;
    c->x_label = _("Measure");
    c->y_label = _("Share of reporting States (%)");
    c->summary = arena_printf(a, _("The measure most often in place is \"%s\": %s of reporting States answered Yes."), cats[best],
                              pct(cx, v[0][best]));
    c->source = _("Published national reports of the cycle; the denominator is the States that reported in it.");
    c->synthetic = cx->synthetic;
    trends_chart_add(cx->doc, a, c);
}

/* The share that answered Yes across the analysed cycles, a line per measure. */
static void measures_trend(struct trends_ctx *cx, const struct analysis_question *qs, const bool *have)
{
    struct arena *a = cx->a;
    const struct analysis_reporting *r = &cx->rep;
    size_t nc = r->sel + 1;   /* up to the document's cycle */
    struct chart *t = arena_alloc(a, sizeof *t);
    *t = (struct chart){ .kind = CHART_LINE, .id = "measures-trend", .unit = "%",
                         .title = _("Share of reporting States that answered Yes, by cycle") };
    const char **tc = arena_array(a, nc, sizeof *tc);
    struct chart_series *ts = arena_array(a, NMEASURES, sizeof *ts);
    size_t nts = 0;
    for (size_t ci = 0; ci < nc; ci++) tc[ci] = arena_printf(a, "%d", r->cycles[ci].year);
    double first_v = NAN, last_v = NAN;
    int first_y = 0;
    for (size_t q = 0; q < NMEASURES; q++) {
        if (!have[q]) continue;
        double *tv;
        int *tn, *tof;
        ts[nts] = series_new(cx, _(MEASURES[q].label), nc, &tv, &tn, &tof);
        int yes = value_index(&qs[q], "yes");
        for (size_t ci = 0; ci < nc; ci++) {
            const struct analysis_qcycle *qc = qcycle(&qs[q], r->cycles[ci].year);
            if (!qc || yes < 0) continue;
            tof[ci] = qc->reporting;
            tn[ci] = qc->count[yes];
            tv[ci] = analysis_share(tn[ci], tof[ci]);
            if (nts == 0 && !isnan(tv[ci])) {
                if (isnan(first_v)) { first_v = tv[ci]; first_y = r->cycles[ci].year; }
                last_v = tv[ci];
            }
        }
        nts++;
    }
    if (!nts) return;
    t->categories = tc;
    t->ncat = nc;
    t->series = ts;
    t->nseries = nts;
    t->x_label = _("Cycle");
    t->y_label = _("Share of reporting States (%)");
    t->summary = !isnan(first_v)
                     ? arena_printf(a, _("The share of reporting States with \"%s\" went from %s in %d to %s in %d."), ts[0].label,
                                    pct(cx, first_v), first_y, pct(cx, last_v), cx->year)
                     : "";
    t->source = _("Published national reports of each cycle; renamed, split and merged questions are followed through the "
                  "templates' maps.");
    t->synthetic = cx->synthetic;
    trends_chart_add(cx->doc, a, t);
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
    struct analysis_question qs[NMEASURES];
    bool have[NMEASURES];
    for (size_t q = 0; q < NMEASURES; q++) {
        struct analysis_qfilter f = { .cycle = cx->year };
        struct err qe = ERR_NONE;
        have[q] = analysis_question_get(cx->s, a, cx->lang, MEASURES[q].qid, &f, &qs[q], &qe) == 0;
        if (!have[q] && qe.code != ERR_NOT_FOUND) { *e = qe; return -1; }   /* not asked in the cycle: left out */
    }
    trends_section_add(d, a, 2, arena_printf(a, _("Key measures in %d"), cx->year));
    measures_cycle(cx, qs, have);
    trends_section_add(d, a, 2, _("Key measures across cycles"));
    measures_trend(cx, qs, have);
    return 0;
}

/* ---- 4. SDG indicator 16.4.2 ---- */

int trends_section_sdg(struct trends_ctx *cx, struct err *e)
{
    struct trends_doc *d = cx->doc;
    trends_section_add(d, cx->a, 1, _("SDG indicator 16.4.2"));
    trends_text_add(d, cx->a, TRENDS_PARA,
                    _("Indicator 16.4.2 of the Sustainable Development Goals is the proportion of seized, found or surrendered "
                      "arms whose illicit origin or context has been traced or established by a competent authority in line "
                      "with international instruments. Its custodian is UNODC."));
    struct analysis_sdg sdg;
    struct err se = ERR_NONE;
    if (analysis_sdg_get(cx->s, cx->a, cx->lang, cx->year, &sdg, &se) < 0) {
        if (se.code != ERR_NOT_FOUND) { *e = se; return -1; }
        trends_text_add(d, cx->a, TRENDS_NOTE, _("The reports of this cycle were not asked for the figures the indicator needs."));
        return 0;
    }
    for (size_t i = 0; i < sdg.ncharts; i++) chart_put(cx, "sdg", &sdg.charts[i]);
    trends_text_add(d, cx->a, TRENDS_NOTE,
                    _("The reports count the weapons seized, found and surrendered and those traced over a reporting period; "
                      "the indicator's definition counts the weapons whose illicit origin was established. A State that gave "
                      "one figure and not the other is left out, and the coverage figure says how many States are counted."));
    return 0;
}

/* ---- 5. assistance ---- */

int trends_section_assistance(struct trends_ctx *cx, struct err *e)
{
    struct trends_doc *d = cx->doc;
    struct arena *a = cx->a;
    trends_section_add(d, a, 1, _("International cooperation and assistance"));
    struct analysis_assist as;
    if (analysis_assist_get(cx->s, a, cx->lang, &as, e) < 0) return -1;
    trends_text_add(d, a, TRENDS_PARA,
                    arena_printf(a, _("On the day this document was made, %s requests for assistance had been filed, %s of "
                                      "them (%s) matched with a partner; %s offers of assistance are open."),
                                 num(cx, as.requests), num(cx, as.matched), pct(cx, analysis_share(as.matched, as.requests)),
                                 num(cx, as.offers)));
    for (size_t i = 0; i < as.ncharts; i++) chart_put(cx, "assistance", &as.charts[i]);
    if (!as.nstages)
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
                                 cx->rep.cycles[0].year));
    if (cx->synthetic)
        trends_text_add(d, a, TRENDS_NOTE,
                        _("Synthetic data: the reports behind this document were generated for a demonstration. They describe "
                          "no real State."));
    return 0;
}
