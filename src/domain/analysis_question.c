/*
 * analysis_question: one question across the analysed cycles (analysis.h).
 *
 * The question is followed through the templates' maps from the newest template that has it:
 * back (template_ids_in: a renamed question had another id, a split one the id it was split
 * from, a merged one the several ids it was merged from) and forward through renames only.  A
 * cycle that asked it as one question counts its answers under that id; a cycle that asked it
 * as several (before a merge) is shown as such, with no share: the answers are not comparable.
 *
 * Counts per cycle read the same published versions as /questions/{id} (store_analysis_answers
 * bounded to the analysed cycles): a State counts in a cycle when it has a published report for
 * it (the denominator), and for a value when its answer has that value (answer_has_value, as the
 * cross-view's filter).  Figures (number questions, number fields of a group) are summed with
 * the count of States that gave one.
 */
#include "domain/analysis_internal.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "domain/template.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/i18n.h"

#define MAX_IDS 16
#define MAX_VALUES 64

/* The template that holds question id in its newest cycle. */
static const struct template *template_of(const char *id)
{
    for (size_t i = template_count(); i-- > 0;)
        if (template_question(template_at(i), id)) return template_at(i);
    return NULL;
}

/*
 * The ids the question had in each analysed cycle's template (see the file's comment) into
 * ids[y * MAX_IDS ...], their number into nids[y]: the maps are walked once, one template at a
 * time, back from the question's home and forward through renames.
 */
static void ids_all(const struct template *home, const char *id, const struct analysis_ctx *c, const char **ids, size_t *nids)
{
    size_t nt = template_count();
    /* Per template (by index): the ids there. */
    const char *per[64][MAX_IDS];
    size_t nper[64] = { 0 };
    size_t h = 0;
    while (h < nt && template_at(h) != home) h++;
    if (h == nt || nt > 64) return;
    per[h][0] = id;
    nper[h] = 1;
    for (size_t i = h; i-- > 0;) {   /* back: the older template's ids that carry over to the newer one's */
        for (size_t k = 0; k < nper[i + 1]; k++) {
            const char *got[MAX_IDS];
            size_t ng = template_ids_in(template_at(i + 1), per[i + 1][k], template_at(i), got, MAX_IDS);
            for (size_t g = 0; g < ng; g++) {
                size_t d = 0;
                while (d < nper[i] && strcmp(per[i][d], got[g]) != 0) d++;
                if (d == nper[i] && nper[i] < MAX_IDS) per[i][nper[i]++] = got[g];
            }
        }
    }
    for (size_t i = h + 1; i < nt; i++) {   /* forward: renames only */
        const char *to[MAX_IDS], *back[MAX_IDS];
        if (nper[i - 1] != 1 || template_carry_over(template_at(i), per[i - 1][0], to, MAX_IDS) != 1 ||
            template_ids_in(template_at(i), to[0], template_at(i - 1), back, MAX_IDS) != 1)
            break;
        per[i][0] = to[0];
        nper[i] = 1;
    }
    for (size_t y = 0; y < c->ncyc; y++) {
        const struct template *t = template_get(c->cyc[y].year);
        for (size_t i = 0; i < nt; i++) {
            if (template_at(i) != t) continue;
            nids[y] = nper[i];
            for (size_t k = 0; k < nper[i]; k++) ids[y * MAX_IDS + k] = per[i][k];
        }
    }
}

static double figure(json_t *v)
{
    if (json_is_number(v)) return json_number_value(v);
    return NAN;
}

/* Count one State's answer into its cycle (and into its region when it is the selected cycle). */
static void count_answer(const struct analysis_question *x, struct analysis_qcycle *qc, json_t *v, const struct template_question *cq,
                         int *region_count, int *region_answered)
{
    if (!v) return;
    qc->answered++;
    if (region_answered) (*region_answered)++;
    for (size_t k = 0; k < x->nvalues; k++)
        if (answer_has_value(v, x->values[k])) {
            qc->count[k]++;
            if (region_count) region_count[k]++;
        }
    for (size_t f = 0; f < x->nfields; f++) {
        double d = cq && cq->type == ANSWER_GROUP ? figure(json_object_get(v, x->fields[f])) : figure(v);
        if (isnan(d)) continue;
        qc->sum[f] += d;
        qc->figures[f]++;
    }
}

static const char *href_answer(struct arena *a, const char *qid, int year, const char *value)
{
    return value ? arena_printf(a, "/questions/%s?cycle=%d&answer=%s", qid, year, value)
                 : arena_printf(a, "/questions/%s?cycle=%d", qid, year);
}

/* Shares across the comparable cycles: stacked for one answer, lines for several (multi). */
static void chart_trend(struct arena *a, struct analysis_question *x, struct chart *ch)
{
    size_t nc = 0;
    for (size_t y = 0; y < x->ncycles; y++) nc += x->cycles[y].asked_as != NULL && x->cycles[y].reporting > 0;
    bool multi = x->q->type == ANSWER_MULTI, plain = !x->nvalues;   /* plain: answered or not */
    size_t ns = plain ? 2 : x->nvalues + !multi;
    const char **cats = analysis_strs(a, nc), **chref = analysis_strs(a, nc);
    struct chart_series *se = arena_array(a, ns, sizeof *se);
    double **V = arena_array(a, ns, sizeof *V);
    int **N = arena_array(a, ns, sizeof *N), **OF = arena_array(a, ns, sizeof *OF);
    const char ***H = arena_array(a, ns, sizeof *H);
    for (size_t k = 0; k < ns; k++) {
        se[k].label = plain && !k ? _("Answered") : k < x->nvalues ? x->value_labels[k] : _("No response");
        se[k].v = V[k] = analysis_doubles(a, nc);
        se[k].n = N[k] = analysis_ints(a, nc);
        se[k].of = OF[k] = analysis_ints(a, nc);
        se[k].href = H[k] = analysis_strs(a, nc);
    }
    size_t c = 0, first = 0, last = 0;
    for (size_t y = 0; y < x->ncycles; y++) {
        const struct analysis_qcycle *qc = &x->cycles[y];
        if (!qc->asked_as || !qc->reporting) continue;
        cats[c] = arena_printf(a, "%d", qc->year);
        chref[c] = href_answer(a, qc->asked_as, qc->year, NULL);
        for (size_t k = 0; k < ns; k++) {
            int n = plain && !k ? qc->answered : k < x->nvalues ? qc->count[k] : qc->reporting - qc->answered;
            N[k][c] = n;
            OF[k][c] = qc->reporting;
            V[k][c] = analysis_share(n, qc->reporting);
            H[k][c] = href_answer(a, qc->asked_as, qc->year, !plain && k < x->nvalues ? x->values[k] : NULL);
        }
        if (!c) first = y;
        last = y;
        c++;
    }
    const char *summary = "";
    if (nc && x->nvalues) {
        const struct analysis_qcycle *f = &x->cycles[first], *l = &x->cycles[last];
        const char *label = x->value_labels[0];
        summary = nc > 1
            ? analysis_say(a, _("The share of reporting States answering \"%s\" went from %s in %s to %s in %s."), label,
                           analysis_pct(a, analysis_share(f->count[0], f->reporting)), arena_printf(a, "%d", f->year),
                           analysis_pct(a, analysis_share(l->count[0], l->reporting)), arena_printf(a, "%d", l->year))
            : analysis_say(a, _("In %s, %s of %s reporting States (%s) answered \"%s\"."), arena_printf(a, "%d", l->year),
                           analysis_num(a, l->count[0]), analysis_num(a, l->reporting),
                           analysis_pct(a, analysis_share(l->count[0], l->reporting)), label);
    }
    *ch = (struct chart){ .kind = multi ? CHART_LINE : CHART_STACKED, .id = "trend",
                          .title = _("Answers of the reporting States by cycle"), .summary = summary, .unit = "%",
                          .x_label = _("Cycle"), .y_label = _("Reporting States (%)"), .categories = cats, .cat_href = chref,
                          .ncat = nc, .series = se, .nseries = ns,
                          .source = _("Share of the States with a published report for the cycle (in the area chosen), those that left the question unanswered included as \"No response\"."),
                          .synthetic = x->synthetic };
}

/* The selected cycle by region. */
static void chart_regions(struct arena *a, struct analysis_question *x, struct chart *ch)
{
    bool multi = x->q->type == ANSWER_MULTI;
    size_t ns = x->nvalues + !multi, nr = x->nregions;
    const struct analysis_qcycle *qc = &x->cycles[x->sel];
    const char **cats = analysis_strs(a, nr), **chref = analysis_strs(a, nr);
    struct chart_series *se = arena_array(a, ns, sizeof *se);
    for (size_t k = 0; k < ns; k++) {
        se[k].label = k < x->nvalues ? x->value_labels[k] : _("No response");
        double *v = analysis_doubles(a, nr);
        int *n = analysis_ints(a, nr), *of = analysis_ints(a, nr);
        for (size_t r = 0; r < nr; r++) {
            const struct analysis_qregion *g = &x->regions[r];
            n[r] = k < x->nvalues ? g->count[k] : g->reporting - g->answered;
            of[r] = g->reporting;
            v[r] = analysis_share(n[r], of[r]);
        }
        se[k].v = v;
        se[k].n = n;
        se[k].of = of;
    }
    size_t hi = 0, lo = 0;
    bool any = false;
    for (size_t r = 0; r < nr; r++) {
        cats[r] = x->regions[r].name;
        chref[r] = qc->asked_as ? href_answer(a, qc->asked_as, qc->year, NULL) : NULL;
        if (!x->nvalues || isnan(se[0].v[r])) continue;
        if (!any || se[0].v[r] > se[0].v[hi]) hi = r;
        if (!any || se[0].v[r] < se[0].v[lo]) lo = r;
        any = true;
    }
    const char *summary = any
        ? analysis_say(a, _("In %s, the share answering \"%s\" was highest in %s (%s) and lowest in %s (%s)."),
                       arena_printf(a, "%d", qc->year), x->value_labels[0], cats[hi], analysis_pct(a, se[0].v[hi]), cats[lo],
                       analysis_pct(a, se[0].v[lo]))
        : "";
    *ch = (struct chart){ .kind = multi ? CHART_BAR : CHART_STACKED, .id = "regions",
                          .title = arena_printf(a, "%s, %d", _("Answers by region"), qc->year), .summary = summary, .unit = "%",
                          .x_label = _("Region"), .y_label = _("Reporting States (%)"), .categories = cats, .cat_href = chref,
                          .ncat = nr, .series = se, .nseries = ns,
                          .source = _("Share of the States of each region with a published report for the cycle."),
                          .synthetic = x->synthetic };
}

/* Figures: the sum across cycles (a number question) or by field in the selected cycle (a group). */
static void chart_figures(struct arena *a, struct analysis_question *x, struct chart *ch)
{
    const char *unit = json_string_value(json_object_get(x->q->json, "unit"));
    if (x->q->type == ANSWER_NUMBER) {
        size_t nc = 0;
        for (size_t y = 0; y < x->ncycles; y++) nc += x->cycles[y].asked_as != NULL && x->cycles[y].reporting > 0;
        const char **cats = analysis_strs(a, nc), **chref = analysis_strs(a, nc);
        double *v = analysis_doubles(a, nc);
        int *n = analysis_ints(a, nc), *of = analysis_ints(a, nc);
        size_t c = 0;
        const struct analysis_qcycle *l = NULL;
        for (size_t y = 0; y < x->ncycles; y++) {
            const struct analysis_qcycle *qc = &x->cycles[y];
            if (!qc->asked_as || !qc->reporting) continue;
            cats[c] = arena_printf(a, "%d", qc->year);
            chref[c] = href_answer(a, qc->asked_as, qc->year, NULL);
            n[c] = qc->figures[0];
            of[c] = qc->reporting;
            v[c] = qc->figures[0] ? qc->sum[0] : NAN;
            l = qc;
            c++;
        }
        struct chart_series *se = arena_alloc(a, sizeof *se);
        *se = (struct chart_series){ _("Sum of the figures given"), v, n, of, NULL };
        *ch = (struct chart){ .kind = CHART_LINE, .id = "figures", .title = _("The figures reported, summed, by cycle"),
                              .summary = l ? analysis_say(a, _("In %s, %s of %s reporting States gave a figure; together they reported %s."),
                                                          arena_printf(a, "%d", l->year), analysis_num(a, l->figures[0]),
                                                          analysis_num(a, l->reporting), analysis_num(a, llround(l->sum[0])))
                                           : "",
                              .unit = unit ? unit : "", .x_label = _("Cycle"), .categories = cats, .cat_href = chref, .ncat = nc,
                              .series = se, .nseries = 1,
                              .source = _("A sum of the figures the reporting States gave: States that gave none are not in it (the counts say how many gave one)."),
                              .synthetic = x->synthetic };
        return;
    }
    const struct analysis_qcycle *qc = &x->cycles[x->sel];
    double *v = analysis_doubles(a, x->nfields);
    int *n = analysis_ints(a, x->nfields), *of = analysis_ints(a, x->nfields);
    size_t best = 0;
    for (size_t f = 0; f < x->nfields; f++) {
        n[f] = qc->figures[f];
        of[f] = qc->reporting;
        v[f] = n[f] ? qc->sum[f] : NAN;
        if (n[f] > n[best]) best = f;
    }
    struct chart_series *se = arena_alloc(a, sizeof *se);
    *se = (struct chart_series){ arena_printf(a, "%d", qc->year), v, n, of, NULL };
    *ch = (struct chart){ .kind = CHART_BAR, .id = "figures", .title = arena_printf(a, "%s, %d", _("The figures reported, summed"), qc->year),
                          .summary = x->nfields ? analysis_say(a, _("In %s, %s of %s reporting States gave a figure for \"%s\"; together they reported %s."),
                                                               arena_printf(a, "%d", qc->year), analysis_num(a, n[best]),
                                                               analysis_num(a, qc->reporting), x->field_labels[best],
                                                               analysis_num(a, llround(qc->sum[best])))
                                                : "",
                          .unit = "", .x_label = _("Figure"), .categories = x->field_labels, .ncat = x->nfields, .series = se,
                          .nseries = 1,
                          .source = _("A sum of the figures the reporting States gave: States that gave none are not in it (the counts say how many gave one)."),
                          .synthetic = x->synthetic };
}

/* Count one report's answer (value: JSON text or NULL) of cycle y by State k. */
static void count_row(struct arena *a, const struct analysis_ctx *c, struct analysis_question *x, const struct analysis_qfilter *f,
                      size_t y, int k, const char *id, const char *value)
{
    const struct state *st = &c->st[k];
    bool in_area = analysis_state_in(st, f->region, f->group);
    bool in_group = analysis_state_in(st, NULL, f->group);
    if (!in_area && !(y == x->sel && in_group)) return;
    json_t *val = value ? json_loads(value, JSON_DECODE_ANY, NULL) : NULL;
    const struct template_question *cq = template_question(template_get(x->cycles[y].year), id);
    if (in_area) count_answer(x, &x->cycles[y], val, cq, NULL, NULL);
    if (y == x->sel && in_group) {   /* the regions of the selected cycle: the group filter only */
        for (size_t r = 0; r < x->nregions; r++) {
            if (!st->region.code || strcmp(st->region.code, x->regions[r].code) != 0) continue;
            struct analysis_qcycle scratch = { .count = analysis_ints(a, x->nvalues), .sum = analysis_doubles(a, x->nfields),
                                               .figures = analysis_ints(a, x->nfields) };
            x->regions[r].reporting++;
            if (val) count_answer(x, &scratch, val, cq, x->regions[r].count, &x->regions[r].answered);
        }
    }
    json_decref(val);
}

/* The answers under every id the question was asked as, STORE_ANALYSIS_MAXQ ids a read. */
static int read_answers(struct store *s, struct arena *a, const struct analysis_ctx *c, struct analysis_question *x,
                        const struct analysis_qfilter *f, struct err *e)
{
    const char *ids[STORE_ANALYSIS_MAXQ];
    size_t y0 = 0;
    while (y0 < x->ncycles) {
        size_t nids = 0, y = y0;
        int first = 0, last = 0;
        for (; y < x->ncycles; y++) {
            const char *id = x->cycles[y].asked_as;
            if (!id) continue;
            size_t k = 0;
            while (k < nids && strcmp(ids[k], id) != 0) k++;
            if (k == nids && nids == STORE_ANALYSIS_MAXQ) break;
            if (k == nids) ids[nids++] = id;
            if (!first) first = x->cycles[y].year;
            last = x->cycles[y].year;
        }
        if (nids) {
            struct store_analysis_answer *v;
            size_t n;
            if (store_analysis_answers(s, a, ids, nids, first, last, &v, &n) < 0) return err_set(e, ERR_STORE, NULL, NULL);
            for (size_t i = 0; i < n; i++) {
                int cy = analysis_cycle_index(c, v[i].cycle), k = analysis_state_index(c, v[i].iso3);
                if (cy < 0 || k < 0 || (size_t)cy < y0 || (size_t)cy >= y || !x->cycles[cy].asked_as) continue;
                for (size_t q = 0; q < nids; q++)
                    if (strcmp(ids[q], x->cycles[cy].asked_as) == 0) count_row(a, c, x, f, (size_t)cy, k, ids[q], v[i].value[q]);
            }
        }
        y0 = y;
    }
    return 0;
}

int analysis_question_get(struct store *s, struct arena *a, const char *lang, const char *id,
                          const struct analysis_qfilter *f, struct analysis_question *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    struct analysis_qfilter none = { 0, NULL, NULL };
    if (!f) f = &none;
    const struct template *home = template_of(id);
    if (!home) return err_set(e, ERR_NOT_FOUND, N_("There is no such question in the reporting templates."), NULL);
    out->q = template_question(home, id);
    out->region = f->region && *f->region ? f->region : NULL;
    out->group = f->group && *f->group ? f->group : NULL;
    struct analysis_ctx c;
    if (analysis_ctx_load(s, a, lang, &c, e) < 0) return -1;
    if (f->cycle && analysis_cycle_index(&c, f->cycle) < 0)
        return err_set(e, ERR_NOT_FOUND, N_("This cycle is not analysed: choose a cycle from 2010 on that has published reports."), NULL);
    /* The values and the figures. */
    const char *vals[MAX_VALUES];
    out->nvalues = answer_values(out->q, vals, MAX_VALUES);
    out->values = analysis_strs(a, out->nvalues);
    out->value_labels = analysis_strs(a, out->nvalues);
    for (size_t k = 0; k < out->nvalues; k++) {
        out->values[k] = vals[k];
        out->value_labels[k] = answer_value_label_local(out->q, vals[k]);
    }
    if (out->q->type == ANSWER_NUMBER) {
        out->nfields = 1;
        out->fields = analysis_strs(a, 1);
        out->field_labels = analysis_strs(a, 1);
        out->fields[0] = out->q->id;
        out->field_labels[0] = i18n_template(out->q->text);
    } else if (out->q->type == ANSWER_GROUP) {
        out->fields = analysis_strs(a, out->q->nmembers);
        out->field_labels = analysis_strs(a, out->q->nmembers);
        for (size_t m = 0; m < out->q->nmembers; m++) {
            if (out->q->members[m].type != ANSWER_NUMBER) continue;
            out->field_labels[out->nfields] = i18n_template(out->q->members[m].label);
            out->fields[out->nfields++] = out->q->members[m].id;
        }
    }
    /* The cycles: how the question was asked in each, and its reporting States in the area. */
    out->ncycles = c.ncyc;
    out->cycles = arena_array(a, c.ncyc ? c.ncyc : 1, sizeof *out->cycles);
    bool any_asked = false;
    const char **all = analysis_strs(a, c.ncyc * MAX_IDS);
    size_t *nall = arena_array(a, c.ncyc ? c.ncyc : 1, sizeof *nall);
    ids_all(home, id, &c, all, nall);
    for (size_t y = 0; y < c.ncyc; y++) {
        struct analysis_qcycle *qc = &out->cycles[y];
        qc->year = c.cyc[y].year;
        qc->count = analysis_ints(a, out->nvalues);
        qc->sum = analysis_doubles(a, out->nfields);
        qc->figures = analysis_ints(a, out->nfields);
        const char **ids = &all[y * MAX_IDS];
        size_t n = nall[y];
        if (n == 1) qc->asked_as = ids[0];
        else if (n > 1) {
            struct buf j = BUF_INIT;
            for (size_t i = 0; i < n; i++) { if (i) buf_puts(&j, ", "); buf_puts(&j, ids[i]); }
            qc->merged = arena_strdup(a, buf_cstr(&j));
            buf_cleanup(&j);
        }
        any_asked |= n > 0;
    }
    for (size_t i = 0; i < c.nrep; i++) {
        int y = analysis_cycle_index(&c, c.rep[i].cycle), k = analysis_state_index(&c, c.rep[i].iso3);
        if (y < 0 || k < 0 || !analysis_state_in(&c.st[k], out->region, out->group)) continue;
        out->cycles[y].reporting++;
        out->synthetic |= c.rep[i].synthetic;
    }
    /* The selected cycle: the one asked, else the newest that asked the question as one. */
    out->sel = c.ncyc ? c.ncyc - 1 : 0;
    bool found = false;
    for (size_t y = c.ncyc; y-- > 0 && !found;)
        if (out->cycles[y].asked_as) { out->sel = y; found = true; }
    if (f->cycle) out->sel = (size_t)analysis_cycle_index(&c, f->cycle);
    /* The regions (level 1) of the selected cycle. */
    out->regions = arena_array(a, c.nregions ? c.nregions : 1, sizeof *out->regions);
    for (size_t r = 0; r < c.nregions; r++) {
        if (c.regions[r].level != 1) continue;
        out->regions[out->nregions++] = (struct analysis_qregion){ c.regions[r].code, c.regions[r].name, 0, 0,
                                                                   analysis_ints(a, out->nvalues) };
    }
    if (any_asked && read_answers(s, a, &c, out, f, e) < 0) return -1;
    struct analysis_place *pl = arena_array(a, c.nregions + 1, sizeof *pl), *gr = arena_array(a, c.ngroups + 1, sizeof *gr);
    for (size_t r = 0; r < c.nregions; r++) pl[r] = (struct analysis_place){ c.regions[r].code, c.regions[r].name, c.regions[r].parent, c.regions[r].level };
    for (size_t g = 0; g < c.ngroups; g++) gr[g] = (struct analysis_place){ c.groups[g].code, c.groups[g].name, NULL, 0 };
    out->places = pl;
    out->nplaces = c.nregions;
    out->groups = gr;
    out->ngroups = c.ngroups;
    if (out->nregions) {
        size_t keep = 0;   /* regions without a reporting State in the cycle say nothing */
        for (size_t r = 0; r < out->nregions; r++)
            if (out->regions[r].reporting) out->regions[keep++] = out->regions[r];
        out->nregions = keep;
    }
    out->charts = analysis_charts_new(a, 2);
    if (answer_type_is_choice(out->q->type)) {
        chart_trend(a, out, &out->charts[out->ncharts++]);
        chart_regions(a, out, &out->charts[out->ncharts++]);
    } else if (out->nfields) {
        chart_figures(a, out, &out->charts[out->ncharts++]);
    } else {
        chart_trend(a, out, &out->charts[out->ncharts++]);   /* answered or not, across cycles */
        out->charts[0].title = _("Reporting States that answered, by cycle");
    }
    return 0;
}
