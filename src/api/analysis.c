/*
 * api/analysis: the analysis of implementation as JSON (domain/analysis.h), in English
 * whatever the interface language, with the same charts the pages draw:
 *
 *   GET /api/v1/analysis/reporting?cycle=
 *   GET /api/v1/analysis/questions/{id}?cycle=&region=&group=
 *   GET /api/v1/analysis/sdg-16-4-2?cycle=
 *   GET /api/v1/analysis/assistance
 *
 * A share or rate is written with its count and denominator, and as 100 * count / denominator
 * unrounded (null when the denominator is 0), so that it can be checked exactly.
 */
#include <math.h>
#include <string.h>

#include "domain/analysis.h"
#include "domain/template.h"
#include "util/arena.h"
#include "util/jsonw.h"
#include "web/analysis_web.h"
#include "web/web.h"

static void real_or_null(struct jsonw *w, const char *key, double v)
{
    jsonw_key(w, key);
    if (isnan(v)) jsonw_null(w);
    else jsonw_real(w, v);
}

static void ints(struct jsonw *w, const char *key, const int *v, size_t n, const double *guard)
{
    jsonw_key(w, key);
    if (!v) { jsonw_null(w); return; }
    jsonw_arr(w);
    for (size_t i = 0; i < n; i++) {
        if (guard && isnan(guard[i])) jsonw_null(w);
        else jsonw_int(w, v[i]);
    }
    jsonw_arr_end(w);
}

void chart_write_json(struct jsonw *w, const struct chart *ch)
{
    static const char *const KINDS[] = { "bar", "stacked", "line", "tilemap" };
    jsonw_obj(w);
    jsonw_kstr(w, "id", ch->id);
    jsonw_kstr(w, "kind", KINDS[ch->kind]);
    jsonw_kstr(w, "title", ch->title);
    jsonw_kstr(w, "summary", ch->summary);
    jsonw_kstr(w, "unit", ch->unit ? ch->unit : "");
    jsonw_kbool(w, "synthetic", ch->synthetic);
    jsonw_kstr(w, "source", ch->source);
    if (ch->kind == CHART_TILEMAP) {
        jsonw_key(w, "legend");
        jsonw_arr(w);
        for (size_t i = 0; i < ch->nlegend; i++) jsonw_str(w, ch->legend[i]);
        jsonw_arr_end(w);
        jsonw_key(w, "tiles");
        jsonw_arr(w);
        for (size_t i = 0; i < ch->ntiles; i++) {
            const struct chart_tile *t = &ch->tiles[i];
            jsonw_obj(w);
            jsonw_kstr(w, "state", t->code);
            jsonw_kstr(w, "name", t->label);
            jsonw_kstr(w, "group", t->group);
            jsonw_kint(w, "row", t->row);
            jsonw_kint(w, "col", t->col);
            jsonw_kint(w, "value", t->value);
            jsonw_kstr(w, "url", t->href);
            jsonw_obj_end(w);
        }
        jsonw_arr_end(w);
        jsonw_obj_end(w);
        return;
    }
    jsonw_key(w, "categories");
    jsonw_arr(w);
    for (size_t c = 0; c < ch->ncat; c++) jsonw_str(w, ch->categories[c]);
    jsonw_arr_end(w);
    jsonw_key(w, "urls");
    jsonw_arr(w);
    for (size_t c = 0; c < ch->ncat; c++) jsonw_str(w, ch->cat_href ? ch->cat_href[c] : NULL);
    jsonw_arr_end(w);
    jsonw_key(w, "series");
    jsonw_arr(w);
    for (size_t k = 0; k < ch->nseries; k++) {
        const struct chart_series *s = &ch->series[k];
        jsonw_obj(w);
        jsonw_kstr(w, "label", s->label);
        jsonw_key(w, "values");
        jsonw_arr(w);
        for (size_t c = 0; c < ch->ncat; c++) {
            if (isnan(s->v[c])) jsonw_null(w);
            else jsonw_real(w, s->v[c]);
        }
        jsonw_arr_end(w);
        ints(w, "counts", s->n, ch->ncat, s->v);
        ints(w, "denominators", s->of, ch->ncat, s->v);
        if (s->href) {
            jsonw_key(w, "urls");
            jsonw_arr(w);
            for (size_t c = 0; c < ch->ncat; c++) jsonw_str(w, s->href[c]);
            jsonw_arr_end(w);
        }
        jsonw_obj_end(w);
    }
    jsonw_arr_end(w);
    jsonw_obj_end(w);
}

static void charts_json(struct jsonw *w, const struct chart *v, size_t n)
{
    jsonw_key(w, "charts");
    jsonw_arr(w);
    for (size_t i = 0; i < n; i++) chart_write_json(w, &v[i]);
    jsonw_arr_end(w);
}

static int cycle_arg(const struct http_request *req) { return web_q(req, "cycle")->set ? (int)web_q(req, "cycle")->n : 0; }

/*
 * The one answer shape of the four endpoints: read the analysis in English (get passes the
 * request's parameters to the domain's read, which fills x, a zeroed result of size bytes in
 * the request's arena), a domain error as its status, else one JSON object of its fields.
 */
struct answer_kind {
    size_t size;
    int (*get)(struct app *app, struct http_request *req, void *x, struct err *e);
    void (*fields)(struct jsonw *w, const void *x);
};

static void answer_write(const struct answer_kind *k, struct app *app, struct http_request *req, struct http_response *res)
{
    void *x = arena_alloc(&req->arena, k->size);
    const char *lang = i18n_lang();
    i18n_set_lang("en");
    struct err e = ERR_NONE;
    int rc = k->get(app, req, x, &e);
    i18n_set_lang(lang);
    if (rc < 0) { web_fail(req, res, &e); return; }
    api_begin(res, 200);
    struct jsonw w;
    jsonw_init(&w, &res->body);
    jsonw_obj(&w);
    k->fields(&w, x);
    jsonw_obj_end(&w);
    buf_putc(&res->body, '\n');
}

static const char *const AREA_KINDS[] = { "region", "subregion", "group" };

static int reporting_get(struct app *app, struct http_request *req, void *x, struct err *e)
{
    return analysis_reporting_get(app->store, &req->arena, "en", cycle_arg(req), x, e);
}

static void reporting_fields(struct jsonw *w, const void *v)
{
    const struct analysis_reporting *r = v;
    jsonw_kint(w, "cycle", r->cycle);
    jsonw_kbool(w, "synthetic", r->synthetic);
    jsonw_key(w, "cycles");
    jsonw_arr(w);
    for (size_t i = 0; i < r->ncycles; i++) {
        const struct analysis_cycle *c = &r->cycles[i];
        jsonw_obj(w);
        jsonw_kint(w, "cycle", c->year);
        jsonw_kstr(w, "deadline", c->deadline);
        jsonw_kint(w, "states", c->states);
        jsonw_kint(w, "reported", c->reported);
        real_or_null(w, "rate", analysis_share(c->reported, c->states));
        jsonw_kint(w, "first_time", c->first_time);
        jsonw_kint(w, "stopped", c->stopped);
        jsonw_kint(w, "late", c->late);
        jsonw_obj_end(w);
    }
    jsonw_arr_end(w);
    jsonw_key(w, "areas");
    jsonw_arr(w);
    for (size_t i = 0; i < r->nareas; i++) {
        const struct analysis_area *ar = &r->areas[i];
        jsonw_obj(w);
        jsonw_kstr(w, "kind", AREA_KINDS[ar->kind]);
        jsonw_kstr(w, "code", ar->code);
        jsonw_kstr(w, "name", ar->name);
        jsonw_key(w, "cycles");
        jsonw_arr(w);
        for (size_t y = 0; y < r->ncycles; y++) {
            jsonw_obj(w);
            jsonw_kint(w, "cycle", r->cycles[y].year);
            jsonw_kint(w, "states", ar->states[y]);
            jsonw_kint(w, "reported", ar->reported[y]);
            real_or_null(w, "rate", analysis_share(ar->reported[y], ar->states[y]));
            jsonw_obj_end(w);
        }
        jsonw_arr_end(w);
        jsonw_obj_end(w);
    }
    jsonw_arr_end(w);
    jsonw_kint(w, "never_reported", r->never);
    jsonw_key(w, "states");
    jsonw_arr(w);
    for (size_t i = 0; i < r->nstates; i++) {
        const struct analysis_state *s = &r->states[i];
        jsonw_obj(w);
        jsonw_kstr(w, "state", s->iso3);
        jsonw_kstr(w, "name", s->name);
        jsonw_kstr(w, "region", s->region);
        jsonw_kstr(w, "subregion", s->subregion);
        jsonw_kstr(w, "group", s->group);
        jsonw_key(w, "report");
        if (s->report) jsonw_int(w, s->report); else jsonw_null(w);
        jsonw_kbool(w, "late", s->late);
        jsonw_kbool(w, "first_time", s->first_time);
        jsonw_kbool(w, "stopped", s->stopped);
        jsonw_kint(w, "reports", s->reports);
        jsonw_obj_end(w);
    }
    jsonw_arr_end(w);
    charts_json(w, r->charts, r->ncharts);
}

static const struct answer_kind REPORTING = { sizeof(struct analysis_reporting), reporting_get, reporting_fields };

void api_analysis_reporting(struct app *app, struct http_request *req, struct http_response *res)
{
    answer_write(&REPORTING, app, req, res);
}

static void answers_json(struct jsonw *w, const struct analysis_question *x, const int *count, int reporting)
{
    jsonw_key(w, "answers");
    jsonw_arr(w);
    for (size_t k = 0; k < x->nvalues; k++) {
        jsonw_obj(w);
        jsonw_kstr(w, "value", x->values[k]);
        jsonw_kint(w, "count", count[k]);
        real_or_null(w, "share", analysis_share(count[k], reporting));
        jsonw_obj_end(w);
    }
    jsonw_arr_end(w);
}

static int question_get(struct app *app, struct http_request *req, void *x, struct err *e)
{
    struct analysis_qfilter f = { cycle_arg(req), web_q(req, "region")->s, web_q(req, "group")->s };
    return analysis_question_get(app->store, &req->arena, "en", web_arg(req, 0)->s, &f, x, e);
}

static void question_fields(struct jsonw *w, const void *v)
{
    const struct analysis_question *x = v;
    jsonw_kstr(w, "question", x->q->id);
    jsonw_kstr(w, "number", x->q->number);
    jsonw_kstr(w, "text", x->q->text);
    jsonw_kstr(w, "type", answer_type_name(x->q->type));
    jsonw_kstr(w, "region", x->region);
    jsonw_kstr(w, "group", x->group);
    jsonw_key(w, "cycle");
    if (x->ncycles) jsonw_int(w, x->cycles[x->sel].year); else jsonw_null(w);
    jsonw_kbool(w, "synthetic", x->synthetic);
    jsonw_key(w, "values");
    jsonw_arr(w);
    for (size_t k = 0; k < x->nvalues; k++) {
        jsonw_obj(w);
        jsonw_kstr(w, "value", x->values[k]);
        jsonw_kstr(w, "label", x->value_labels[k]);
        jsonw_obj_end(w);
    }
    jsonw_arr_end(w);
    jsonw_key(w, "fields");
    jsonw_arr(w);
    for (size_t k = 0; k < x->nfields; k++) jsonw_str(w, x->fields[k]);
    jsonw_arr_end(w);
    jsonw_key(w, "cycles");
    jsonw_arr(w);
    for (size_t y = 0; y < x->ncycles; y++) {
        const struct analysis_qcycle *qc = &x->cycles[y];
        jsonw_obj(w);
        jsonw_kint(w, "cycle", qc->year);
        jsonw_kstr(w, "asked_as", qc->asked_as);
        jsonw_kstr(w, "merged_from", qc->merged);
        jsonw_kint(w, "reporting", qc->reporting);
        if (qc->asked_as) {
            jsonw_kint(w, "answered", qc->answered);
            jsonw_kint(w, "no_response", qc->reporting - qc->answered);
            answers_json(w, x, qc->count, qc->reporting);
            jsonw_key(w, "figures");
            jsonw_arr(w);
            for (size_t k = 0; k < x->nfields; k++) {
                jsonw_obj(w);
                jsonw_kstr(w, "field", x->fields[k]);
                jsonw_key(w, "sum");
                jsonw_real(w, qc->sum[k]);
                jsonw_kint(w, "states", qc->figures[k]);
                jsonw_obj_end(w);
            }
            jsonw_arr_end(w);
        }
        jsonw_obj_end(w);
    }
    jsonw_arr_end(w);
    jsonw_key(w, "regions");
    jsonw_arr(w);
    for (size_t r = 0; r < x->nregions; r++) {
        const struct analysis_qregion *g = &x->regions[r];
        jsonw_obj(w);
        jsonw_kstr(w, "code", g->code);
        jsonw_kstr(w, "name", g->name);
        jsonw_kint(w, "reporting", g->reporting);
        jsonw_kint(w, "answered", g->answered);
        answers_json(w, x, g->count, g->reporting);
        jsonw_obj_end(w);
    }
    jsonw_arr_end(w);
    charts_json(w, x->charts, x->ncharts);
}

static const struct answer_kind QUESTION = { sizeof(struct analysis_question), question_get, question_fields };

void api_analysis_question(struct app *app, struct http_request *req, struct http_response *res)
{
    answer_write(&QUESTION, app, req, res);
}

static void sdg_total_json(struct jsonw *w, const struct analysis_sdg_total *t)
{
    jsonw_obj(w);
    if (t->code) {
        jsonw_kstr(w, "code", t->code);
        jsonw_kstr(w, "name", t->name);
    } else {
        jsonw_kint(w, "cycle", t->year);
    }
    jsonw_kint(w, "weapons", t->total);
    jsonw_kint(w, "traced", t->traced);
    real_or_null(w, "proportion", analysis_share(t->traced, t->total));
    jsonw_kint(w, "states_counted", t->counted);
    jsonw_kint(w, "states_reporting", t->reporting);
    jsonw_kint(w, "states_inconsistent", t->inconsistent);
    jsonw_obj_end(w);
}

static void figure_or_null(struct jsonw *w, const char *key, long long v)
{
    jsonw_key(w, key);
    if (v >= 0) jsonw_int(w, v);
    else jsonw_null(w);
}

static int sdg_get(struct app *app, struct http_request *req, void *x, struct err *e)
{
    return analysis_sdg_get(app->store, &req->arena, "en", cycle_arg(req), x, e);
}

static void sdg_fields(struct jsonw *w, const void *v)
{
    const struct analysis_sdg *x = v;
    jsonw_kstr(w, "indicator", "16.4.2");
    jsonw_kstr(w, "custodian", "UNODC");
    jsonw_kint(w, "cycle", x->cycle);
    jsonw_kbool(w, "synthetic", x->synthetic);
    jsonw_kbool(w, "found_and_surrendered_asked", x->found_asked);
    jsonw_key(w, "cycles");
    jsonw_arr(w);
    for (size_t i = 0; i < x->ncycles; i++) sdg_total_json(w, &x->cycles[i]);
    jsonw_arr_end(w);
    jsonw_key(w, "regions");
    jsonw_arr(w);
    for (size_t i = 0; i < x->nregions; i++) sdg_total_json(w, &x->regions[i]);
    jsonw_arr_end(w);
    jsonw_key(w, "states");
    jsonw_arr(w);
    for (size_t i = 0; i < x->nstates; i++) {
        const struct analysis_sdg_state *s = &x->states[i];
        jsonw_obj(w);
        jsonw_kstr(w, "state", s->iso3);
        jsonw_kstr(w, "name", s->name);
        jsonw_kstr(w, "region", s->region);
        jsonw_kint(w, "report", s->report);
        figure_or_null(w, "seized", s->seized);
        figure_or_null(w, "found", s->found);
        figure_or_null(w, "surrendered", s->surrendered);
        figure_or_null(w, "traced", s->traced);
        jsonw_kbool(w, "counted", s->counted);
        jsonw_obj_end(w);
    }
    jsonw_arr_end(w);
    charts_json(w, x->charts, x->ncharts);
}

static const struct answer_kind SDG = { sizeof(struct analysis_sdg), sdg_get, sdg_fields };

void api_analysis_sdg(struct app *app, struct http_request *req, struct http_response *res)
{
    answer_write(&SDG, app, req, res);
}

static void rows_json(struct jsonw *w, const char *key, const struct analysis_assist_row *v, size_t n)
{
    jsonw_key(w, key);
    jsonw_arr(w);
    for (size_t i = 0; i < n; i++) {
        jsonw_obj(w);
        jsonw_kstr(w, "code", v[i].code);
        jsonw_kstr(w, "name", v[i].name);
        jsonw_kint(w, "needs", v[i].needs);
        jsonw_kint(w, "offers", v[i].offers);
        jsonw_kint(w, "gap", v[i].needs - v[i].offers);
        jsonw_obj_end(w);
    }
    jsonw_arr_end(w);
}

static int assistance_get(struct app *app, struct http_request *req, void *x, struct err *e)
{
    return analysis_assist_get(app->store, &req->arena, "en", x, e);
}

static void assistance_fields(struct jsonw *w, const void *v)
{
    const struct analysis_assist *x = v;
    jsonw_kbool(w, "synthetic", x->synthetic);
    jsonw_kint(w, "requests", x->requests);
    jsonw_kint(w, "matched", x->matched);
    real_or_null(w, "matched_share", analysis_share(x->matched, x->requests));
    jsonw_kint(w, "completed", x->completed);
    real_or_null(w, "completed_share", analysis_share(x->completed, x->requests));
    jsonw_kint(w, "offers", x->offers);
    rows_json(w, "categories", x->categories, x->ncategories);
    rows_json(w, "kinds", x->kinds, x->nkinds);
    rows_json(w, "regions", x->regions, x->nregions);
    jsonw_key(w, "stages");
    jsonw_arr(w);
    for (size_t i = 0; i < x->nstages; i++) {
        jsonw_obj(w);
        jsonw_kstr(w, "stage", x->stages[i].stage);
        jsonw_kint(w, "requests_measured", x->stages[i].stays);
        jsonw_key(w, "median_days");
        jsonw_real(w, x->stages[i].median_days);
        jsonw_obj_end(w);
    }
    jsonw_arr_end(w);
    jsonw_kbool(w, "stages_measured", x->nstages > 0);
    charts_json(w, x->charts, x->ncharts);
}

static const struct answer_kind ASSISTANCE = { sizeof(struct analysis_assist), assistance_get, assistance_fields };

void api_analysis_assistance(struct app *app, struct http_request *req, struct http_response *res)
{
    answer_write(&ASSISTANCE, app, req, res);
}
