/*
 * questions: the thematic cross-view (the old "PoA Implementation Kit"): one question of
 * the template across every State and cycle, from published reports; and the list of
 * questions to choose from.  Also as JSON and CSV.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/template.h"
#include "util/jsonw.h"
#include "web/table_export.h"
#include "web/web.h"

#define XV_CYCLES 16

struct row { char iso3[4]; char name[160]; char *value[XV_CYCLES]; };
struct xview { int cycles[XV_CYCLES]; int ncycles; struct row *rows; int nrows, cap; };

static int cycle_index(struct xview *x, int cycle)
{
    for (int i = 0; i < x->ncycles; i++)
        if (x->cycles[i] == cycle) return i;
    return -1;
}

static int collect(const char *iso3, const char *name, int cycle, const char *value, void *ctx)
{
    struct xview *x = ctx;
    int ci = cycle_index(x, cycle);
    if (ci < 0) return 0;
    if (!x->nrows || strcmp(x->rows[x->nrows - 1].iso3, iso3) != 0) {
        if (x->nrows == x->cap) {
            x->cap = x->cap ? x->cap * 2 : 64;
            x->rows = realloc(x->rows, (size_t)x->cap * sizeof *x->rows);
            if (!x->rows) abort();
        }
        struct row *r = &x->rows[x->nrows++];
        memset(r, 0, sizeof *r);
        snprintf(r->iso3, sizeof r->iso3, "%s", iso3);
        snprintf(r->name, sizeof r->name, "%s", name ? name : iso3);
    }
    struct row *r = &x->rows[x->nrows - 1];
    free(r->value[ci]);
    r->value[ci] = strdup(value ? value : "\x01");   /* \x01: reported, no response */
    return 0;
}

static void xview_free(struct xview *x)
{
    for (int i = 0; i < x->nrows; i++)
        for (int c = 0; c < XV_CYCLES; c++) free(x->rows[i].value[c]);
    free(x->rows);
}

/* A short, readable form of an answer (stored JSON) for a table cell: the answer type's short text. */
static void short_answer(struct buf *b, const struct template_question *q, const char *json, bool html)
{
    json_t *v = json_loads(json, JSON_DECODE_ANY, NULL);
    struct buf t = BUF_INIT;
    if (q) answer_text_short(&t, q, v);
    else if (json_is_string(v)) buf_puts(&t, json_string_value(v));
    json_decref(v);
    if (html) html_text(b, buf_cstr(&t)); else buf_append(b, t.data, t.len);
    buf_cleanup(&t);
}

/* Does the stored answer (JSON) equal the filter value: a string answer, or one selected option? */
static bool answer_matches(const char *json, const char *want)
{
    if (!json || json[0] == '\x01' || !want) return false;
    json_t *v = json_loads(json, JSON_DECODE_ANY, NULL);
    bool ok = answer_has_value(v, want);
    json_decref(v);
    return ok;
}

/* Keep only the rows whose answer matches in the given cycle (0: in any cycle). */
static void filter_rows(struct xview *x, const char *answer, int cycle)
{
    if (!answer || !*answer) return;
    int keep = 0;
    for (int i = 0; i < x->nrows; i++) {
        bool ok = false;
        for (int c = 0; c < x->ncycles; c++)
            if ((!cycle || x->cycles[c] == cycle) && answer_matches(x->rows[i].value[c], answer)) ok = true;
        if (ok) x->rows[keep++] = x->rows[i];
        else for (int c = 0; c < XV_CYCLES; c++) free(x->rows[i].value[c]);
    }
    x->nrows = keep;
}

/* Read ?cycle= and ?answer=; 0 ok, else 400 with msg. */
static int read_filters(struct http_request *req, int *cycle, const char **answer, char *msg, size_t msglen)
{
    const char *c = http_query(req, "cycle");
    *cycle = 0;
    *answer = http_query(req, "answer");
    if (c && *c) {
        char *end;
        long v = strtol(c, &end, 10);
        if (*end || v < 1990 || v > 2100) { snprintf(msg, msglen, "cycle: a year such as 2024"); return 400; }
        *cycle = (int)v;
    }
    if (*answer && strlen(*answer) > 100) { snprintf(msg, msglen, "answer: at most 100 characters"); return 400; }
    return 0;
}

static void load(struct app *app, struct xview *x, const char *qid)
{
    memset(x, 0, sizeof *x);
    /* The cycles whose template asks the question (a template since 2010): a column for each. */
    for (int c = 2000; c <= template_latest_cycle() && x->ncycles < XV_CYCLES; c++)
        if (template_question(template_get(c), qid)) x->cycles[x->ncycles++] = c;
    store_question_answers(app->store, qid, i18n_lang(), collect, x);
}

void page_questions(struct app *app, struct http_request *req, struct http_response *res)
{
    (void)app;
    const struct template *t = template_get(template_latest_cycle());
    page_begin(req, res, _("Questions across States"));
    struct buf *b = &res->body;
    HTML_LIT(b, "<h1>");
    html_text(b, _("One question across all States and cycles"));
    HTML_LIT(b, "</h1>\n<p>");
    html_text(b, _("Choose a question of the reporting template to see what every State answered in its published reports, cycle by cycle."));
    HTML_LIT(b, "</p>\n");
    const char *open = "";
    for (size_t i = 0; t && i < t->nq; i++) {
        const struct template_question *q = &t->q[i];
        if (strcmp(open, q->section_id) != 0) {
            if (*open) HTML_LIT(b, "</ul>\n");
            open = q->section_id;
            HTML_LIT(b, "<h2>");
            html_text(b, q->section_id);
            HTML_LIT(b, ". ");
            html_text(b, i18n_template(q->section_title));
            HTML_LIT(b, "</h2>\n<p><a href=\"/sections/");
            html_urlpart(b, q->section_id);
            HTML_LIT(b, "\">");
            html_text(b, _("The whole section across States, one cycle at a time"));
            HTML_LIT(b, "</a></p>\n<ul>");
        }
        HTML_LIT(b, "<li><a href=\"/questions/");
        html_urlpart(b, q->id);
        HTML_LIT(b, "\">");
        html_text(b, q->number ? q->number : "");
        HTML_LIT(b, " ");
        html_text(b, i18n_template(q->text));
        HTML_LIT(b, "</a></li>");
    }
    if (*open) HTML_LIT(b, "</ul>\n");
    page_end(req, res);
}

static const struct template_question *find_question(const char *id)
{
    for (int c = template_latest_cycle(); c >= 2000; c -= 2) {
        const struct template_question *q = template_question(template_get(c), id);
        if (q) return q;
    }
    return NULL;
}

void page_question(struct app *app, struct http_request *req, struct http_response *res)
{
    const char *qid = req->args[0];
    size_t stem_len;
    enum table_format fmt = table_format_split(qid, &stem_len);
    char id[128];
    snprintf(id, sizeof id, "%.*s", (int)(stem_len < sizeof id ? stem_len : sizeof id - 1), qid);
    const struct template_question *q = strlen(qid) < 120 ? find_question(id) : NULL;
    if (!q) { web_error(req, res, 404, _("There is no such question in the reporting templates.")); return; }
    int fcycle;
    const char *fanswer;
    char msg[120];
    if (read_filters(req, &fcycle, &fanswer, msg, sizeof msg)) { web_error(req, res, 400, msg); return; }
    struct xview x;
    load(app, &x, id);
    filter_rows(&x, fanswer, fcycle);
    if (fmt != TABLE_PAGE) {
        struct table_col cols[2 + XV_CYCLES] = { { "state", _("Code"), 0, 0 }, { "name", _("State"), 0, 0 } };
        char years[XV_CYCLES][8];
        for (int c = 0; c < x.ncycles; c++) {
            snprintf(years[c], sizeof years[c], "%d", x.cycles[c]);
            cols[2 + c].id = cols[2 + c].label = years[c];
        }
        struct table t;
        table_init(&t, cols, 2 + (size_t)x.ncycles);
        for (int i = 0; i < x.nrows; i++) {
            table_text(&t, x.rows[i].iso3);
            table_text(&t, x.rows[i].name);
            for (int c = 0; c < x.ncycles; c++) {
                const char *v = x.rows[i].value[c];
                struct buf cell = BUF_INIT;
                if (v && v[0] != '\x01') short_answer(&cell, q, v, false);
                else if (v) buf_puts(&cell, "no response");
                table_text(&t, v ? buf_cstr(&cell) : NULL);   /* empty: no published report for the cycle */
                buf_cleanup(&cell);
            }
        }
        char stem[160];
        snprintf(stem, sizeof stem, "poaiss-question-%s", id);
        table_send(&t, fmt, stem, req, res);
        table_cleanup(&t);
        xview_free(&x);
        return;
    }
    char title[200];
    snprintf(title, sizeof title, "%s %s", q->number ? q->number : "", _("across States"));
    page_begin(req, res, title);
    struct buf *b = &res->body;
    HTML_LIT(b, "<nav aria-label=\"");
    html_text(b, _("Breadcrumb"));
    HTML_LIT(b, "\" class=\"crumbs\"><a href=\"/questions\">");
    html_text(b, _("Questions across States"));
    HTML_LIT(b, "</a></nav>\n<h1>");
    html_text(b, q->number ? q->number : "");
    HTML_LIT(b, " ");
    html_text(b, i18n_template(q->text));
    HTML_LIT(b, "</h1>\n<p class=\"lead\">");
    html_textf(b, _("%d States with at least one published report."), x.nrows);
    HTML_LIT(b, " ");
    html_text(b, _("An empty cell: no published report for that cycle."));
    HTML_LIT(b, "</p>\n");
    char self[160];
    snprintf(self, sizeof self, "/questions/%s", id);
    table_links(b, req, self);
    if (q->type == ANSWER_YN || q->type == ANSWER_YND) {
        /* The answer-value facet: how many States gave each answer, per cycle; each count filters the table. */
        const char *VALUES[3];
        size_t nvalues = answer_values(q, VALUES, 3);
        HTML_LIT(b, "<div class=\"scroll\"><table class=\"list counts\"><caption>");
        html_text(b, _("Answers by cycle"));
        HTML_LIT(b, "</caption><thead><tr><th scope=\"col\">");
        html_text(b, _("Answer"));
        HTML_LIT(b, "</th>");
        for (int c = 0; c < x.ncycles; c++) { HTML_LIT(b, "<th scope=\"col\" class=\"num\">"); html_int(b, x.cycles[c]); HTML_LIT(b, "</th>"); }
        HTML_LIT(b, "</tr></thead><tbody>");
        for (size_t k = 0; k < nvalues; k++) {
            HTML_LIT(b, "<tr><th scope=\"row\">");
            html_text(b, answer_yn_label(VALUES[k]));
            HTML_LIT(b, "</th>");
            for (int c = 0; c < x.ncycles; c++) {
                int n = 0;
                for (int i = 0; i < x.nrows; i++) n += answer_matches(x.rows[i].value[c], VALUES[k]);
                HTML_LIT(b, "<td class=\"num\"><a href=\"/questions/");
                html_urlpart(b, id);
                HTML_LIT(b, "?cycle=");
                html_int(b, x.cycles[c]);
                HTML_LIT(b, "&amp;answer=");
                html_text(b, VALUES[k]);
                HTML_LIT(b, "\">");
                html_int(b, n);
                HTML_LIT(b, "</a></td>");
            }
            HTML_LIT(b, "</tr>");
        }
        HTML_LIT(b, "</tbody></table></div>\n");
    }
    if (fanswer && *fanswer) {
        HTML_LIT(b, "<p class=\"notice\" role=\"status\">");
        html_textf(b, _("Showing the States that answered \"%s\""), fanswer);
        if (fcycle) html_textf(b, " (%d)", fcycle);
        HTML_LIT(b, ". <a href=\"/questions/");
        html_urlpart(b, id);
        HTML_LIT(b, "\">");
        html_text(b, _("Show all"));
        HTML_LIT(b, "</a></p>\n");
    }
    HTML_LIT(b, "<div class=\"scroll\"><table class=\"list xview\"><thead><tr><th scope=\"col\">");
    html_text(b, _("State"));
    HTML_LIT(b, "</th>");
    for (int c = 0; c < x.ncycles; c++) { HTML_LIT(b, "<th scope=\"col\">"); html_int(b, x.cycles[c]); HTML_LIT(b, "</th>"); }
    HTML_LIT(b, "</tr></thead><tbody>\n");
    for (int i = 0; i < x.nrows; i++) {
        HTML_LIT(b, "<tr><th scope=\"row\"><a href=\"/states/");
        html_text(b, x.rows[i].iso3);
        HTML_LIT(b, "\">");
        html_text(b, x.rows[i].name);
        HTML_LIT(b, "</a></th>");
        for (int c = 0; c < x.ncycles; c++) {
            const char *v = x.rows[i].value[c];
            HTML_LIT(b, "<td>");
            if (v && v[0] != '\x01') short_answer(b, q, v, true);
            else if (v) { HTML_LIT(b, "<span class=\"noresp\">"); html_text(b, _("No response")); HTML_LIT(b, "</span>"); }
            HTML_LIT(b, "</td>");
        }
        HTML_LIT(b, "</tr>\n");
    }
    HTML_LIT(b, "</tbody></table></div>\n");
    xview_free(&x);
    page_end(req, res);
}

/* Write a jansson value through our escaping writer. */
static void emit(struct jsonw *w, json_t *v)
{
    const char *k;
    json_t *x;
    size_t i;
    if (json_is_object(v)) {
        jsonw_obj(w);
        json_object_foreach(v, k, x) { jsonw_key(w, k); if (w->depth < JSONW_MAX_DEPTH - 2) emit(w, x); else jsonw_null(w); }
        jsonw_obj_end(w);
    } else if (json_is_array(v)) {
        jsonw_arr(w);
        json_array_foreach(v, i, x) { if (w->depth < JSONW_MAX_DEPTH - 2) emit(w, x); else jsonw_null(w); }
        jsonw_arr_end(w);
    } else if (json_is_string(v)) jsonw_str(w, json_string_value(v));
    else if (json_is_integer(v)) jsonw_int(w, json_integer_value(v));
    else if (json_is_real(v)) jsonw_real(w, json_real_value(v));
    else if (json_is_boolean(v)) jsonw_bool(w, json_is_true(v));
    else jsonw_null(w);
}

/* GET /api/v1/questions/{id}?cycle=&answer=: the cross-view as JSON. */
void api_question(struct app *app, struct http_request *req, struct http_response *res)
{
    const char *id = req->args[0];
    const struct template_question *q = strlen(id) < 120 ? find_question(id) : NULL;
    if (!q) { web_error(req, res, 404, "There is no such question in the reporting templates."); return; }
    int fcycle;
    const char *fanswer;
    char msg[120];
    if (read_filters(req, &fcycle, &fanswer, msg, sizeof msg)) { web_error(req, res, 400, msg); return; }
    struct xview x;
    load(app, &x, id);
    filter_rows(&x, fanswer, fcycle);
    api_begin(res, 200);
    struct jsonw w;
    jsonw_init(&w, &res->body);
    jsonw_obj(&w);
    jsonw_kstr(&w, "question", q->id);
    jsonw_kstr(&w, "number", q->number);
    jsonw_kstr(&w, "text", q->text);
    jsonw_kstr(&w, "type", answer_type_name(q->type));
    jsonw_key(&w, "states");
    jsonw_arr(&w);
    for (int i = 0; i < x.nrows; i++) {
        jsonw_obj(&w);
        jsonw_kstr(&w, "state", x.rows[i].iso3);
        jsonw_kstr(&w, "name", x.rows[i].name);
        jsonw_key(&w, "answers");
        jsonw_obj(&w);
        for (int c = 0; c < x.ncycles; c++) {
            const char *v = x.rows[i].value[c];
            if (!v) continue;   /* no published report for the cycle */
            char y[8];
            snprintf(y, sizeof y, "%d", x.cycles[c]);
            jsonw_key(&w, y);
            if (v[0] == '\x01') { jsonw_null(&w); continue; }   /* reported, no response */
            json_t *j = json_loads(v, JSON_DECODE_ANY, NULL);
            emit(&w, j);
            json_decref(j);
        }
        jsonw_obj_end(&w);
        jsonw_obj_end(&w);
    }
    jsonw_arr_end(&w);
    jsonw_kint(&w, "count", x.nrows);
    jsonw_obj_end(&w);
    buf_putc(&res->body, '\n');
    xview_free(&x);
}
