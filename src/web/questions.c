/*
 * questions: the thematic cross-view (the old "PoA Implementation Kit"): one question of
 * the template across every State and cycle, from published reports (domain/crossview.h);
 * and the list of questions to choose from.  The cross-view is described once as a table
 * (questions_table): a row per State, a column per real cycle whose template asks the
 * question.  The page renders it as a State × cycle matrix (newest cycle first, the State
 * column fixed while the rest scrolls); the downloads and the API's "states" are its JSON.
 */
#include <stdio.h>
#include <string.h>

#include "domain/crossview.h"
#include "domain/template.h"
#include "util/arena.h"
#include "util/jsonw.h"
#include "web/table_export.h"
#include "web/web.h"

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

/*
 * The cross-view as a table: state (code), name, then a column per cycle (its year) with the
 * answer's short text, "no response" when the State reported without answering, empty when it
 * has no published report for the cycle.  Column ids and labels are allocated in a.
 */
static void questions_table(struct table *t, struct arena *a, const struct crossview *x)
{
    struct table_col *cols = arena_array(a, 2 + x->ncycles, sizeof *cols);
    cols[0] = (struct table_col){ "state", _("Code"), TABLE_COL_NOHTML | TABLE_COL_LTR, 0 };
    cols[1] = (struct table_col){ "name", _("State"), TABLE_COL_ROWHEAD, 0 };
    for (size_t c = 0; c < x->ncycles; c++) {
        char *y = arena_printf(a, "%d", x->cycles[c]);
        cols[2 + c] = (struct table_col){ y, y, TABLE_COL_LTR, 0 };
    }
    table_init(t, cols, 2 + x->ncycles);
    for (size_t i = 0; i < x->nrows; i++) {
        const struct crossview_row *r = &x->rows[i];
        table_text(t, r->iso3);
        table_text(t, r->name);
        for (size_t c = 0; c < x->ncycles; c++) {
            const struct crossview_cell *cell = &r->cells[c];
            if (!cell->reported) table_empty(t);
            else if (!cell->answer) table_text(t, _("no response"));
            else table_text(t, cell->text);
        }
    }
}

static struct crossview_filter question_filter(const struct http_request *req)
{
    return (struct crossview_filter){ .cycle = web_q(req, "cycle")->set ? (int)web_q(req, "cycle")->n : 0,
                                      .answer = web_q(req, "answer")->s };
}

/* The answer-value facet: how many States gave each answer, per cycle (newest first); each count filters the table. */
static void facet_html(struct buf *b, struct http_request *req, const struct crossview *x)
{
    const char *values[3];
    size_t nvalues = answer_values(x->q, values, 3);
    HTML_LIT(b, "<div class=\"scroll\" role=\"region\" tabindex=\"0\" aria-labelledby=\"cap-counts\"><table class=\"list counts xview\">"
                "<caption id=\"cap-counts\">");
    html_text(b, _("Answers by cycle"));
    HTML_LIT(b, "</caption><thead><tr><th scope=\"col\">");
    html_text(b, _("Answer"));
    HTML_LIT(b, "</th>");
    for (size_t c = x->ncycles; c-- > 0;) { HTML_LIT(b, "<th scope=\"col\" class=\"num\">"); html_int(b, x->cycles[c]); HTML_LIT(b, "</th>"); }
    HTML_LIT(b, "</tr></thead><tbody>");
    for (size_t k = 0; k < nvalues; k++) {
        HTML_LIT(b, "<tr><th scope=\"row\">");
        html_text(b, answer_yn_label(values[k]));
        HTML_LIT(b, "</th>");
        for (size_t c = x->ncycles; c-- > 0;) {
            HTML_LIT(b, "<td class=\"num\"><a href=\"/questions/");
            html_urlpart(b, x->q->id);
            HTML_LIT(b, "?cycle=");
            html_int(b, x->cycles[c]);
            HTML_LIT(b, "&amp;answer=");
            html_text(b, values[k]);
            HTML_LIT(b, "\">");
            html_int(b, (long long)crossview_count(x, c, values[k]));
            HTML_LIT(b, "</a></td>");
        }
        HTML_LIT(b, "</tr>");
    }
    HTML_LIT(b, "</tbody></table></div>\n");
    (void)req;
}

/*
 * The table as a State × cycle matrix: the State (linked to its page) as the row header, fixed
 * while the cycles scroll, newest cycle first so that it is in view on a laptop's screen.
 */
static void matrix_html(struct buf *b, const struct table *t, const struct crossview *x, const char *caption)
{
    HTML_LIT(b, "<div class=\"scroll\" role=\"region\" tabindex=\"0\" aria-labelledby=\"cap-xview\"><table class=\"list xview\">"
                "<caption id=\"cap-xview\" class=\"visually-hidden\">");
    html_text(b, caption);
    HTML_LIT(b, "</caption><thead><tr><th scope=\"col\">");
    html_text(b, t->cols[1].label);
    HTML_LIT(b, "</th>");
    for (size_t c = t->ncols; c-- > 2;) { HTML_LIT(b, "<th scope=\"col\">"); html_text(b, t->cols[c].label); HTML_LIT(b, "</th>"); }
    HTML_LIT(b, "</tr></thead><tbody>\n");
    for (size_t i = 0; i < table_rows(t); i++) {
        const struct table_cell *row = &t->cells[i * t->ncols];
        HTML_LIT(b, "<tr><th scope=\"row\"><a href=\"/states/");
        html_text(b, row[0].text);
        HTML_LIT(b, "\">");
        html_text(b, row[1].text);
        HTML_LIT(b, "</a></th>");
        for (size_t c = t->ncols; c-- > 2;) {
            HTML_LIT(b, "<td>");
            const struct crossview_cell *cell = &x->rows[i].cells[c - 2];
            if (cell->reported && !cell->answer) {
                HTML_LIT(b, "<span class=\"noresp\">");
                html_text(b, _("No response"));
                HTML_LIT(b, "</span>");
            } else if (row[c].kind == TABLE_CELL_TEXT) {
                html_text(b, row[c].text);
            }
            HTML_LIT(b, "</td>");
        }
        HTML_LIT(b, "</tr>\n");
    }
    HTML_LIT(b, "</tbody></table></div>\n");
}

void page_question(struct app *app, struct http_request *req, struct http_response *res)
{
    const char *id = web_arg(req, 0)->s;
    struct crossview_filter f = question_filter(req);
    struct crossview x;
    struct err e = ERR_NONE;
    if (crossview_get(app->store, &req->arena, id, i18n_lang(), &f, &x, &e) < 0) { web_fail(req, res, &e); return; }
    struct table t;
    questions_table(&t, &req->arena, &x);
    enum table_format fmt = (enum table_format)req->fmt;
    if (fmt != TABLE_PAGE) {
        table_send(&t, fmt, arena_printf(&req->arena, "poaiss-question-%s", id), req, res);
        table_cleanup(&t);
        return;
    }
    const struct template_question *q = x.q;
    page_begin(req, res, arena_printf(&req->arena, "%s %s", q->number ? q->number : "", _("across States")));
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
    html_textf(b, _("%d States with at least one published report."), (int)x.nrows);
    HTML_LIT(b, " ");
    html_text(b, _("An empty cell: no published report for that cycle."));
    HTML_LIT(b, "</p>\n");
    table_links(b, req, arena_printf(&req->arena, "/questions/%s", id));
    if (q->type == ANSWER_YN || q->type == ANSWER_YND) facet_html(b, req, &x);
    if (f.answer) {
        HTML_LIT(b, "<p class=\"notice\" role=\"status\">");
        html_textf(b, _("Showing the States that answered \"%s\""), f.answer);
        if (f.cycle) html_textf(b, " (%d)", f.cycle);
        HTML_LIT(b, ". <a href=\"/questions/");
        html_urlpart(b, id);
        HTML_LIT(b, "\">");
        html_text(b, _("Show all"));
        HTML_LIT(b, "</a></p>\n");
    }
    matrix_html(b, &t, &x, arena_printf(&req->arena, "%s %s", q->number ? q->number : q->id, _("across States")));
    table_cleanup(&t);
    page_end(req, res);
}

/* GET /api/v1/questions/{id}?cycle=&answer=: the question, then the rows of the .json download as "states". */
void api_question(struct app *app, struct http_request *req, struct http_response *res)
{
    struct crossview_filter f = question_filter(req);
    struct crossview x;
    struct err e = ERR_NONE;
    if (crossview_get(app->store, &req->arena, web_arg(req, 0)->s, "en", &f, &x, &e) < 0) { web_fail(req, res, &e); return; }
    /* The API speaks English whatever the interface language. */
    const char *lang = i18n_lang();
    i18n_set_lang("en");
    struct table t;
    questions_table(&t, &req->arena, &x);
    i18n_set_lang(lang);
    struct buf rows = BUF_INIT;
    table_write_json(&t, NULL, &rows);
    table_cleanup(&t);
    api_begin(res, 200);
    struct jsonw w;
    jsonw_init(&w, &res->body);
    jsonw_obj(&w);
    jsonw_kstr(&w, "question", x.q->id);
    jsonw_kstr(&w, "number", x.q->number);
    jsonw_kstr(&w, "text", x.q->text);
    jsonw_kstr(&w, "type", answer_type_name(x.q->type));
    jsonw_key(&w, "cycles");
    jsonw_arr(&w);
    for (size_t c = 0; c < x.ncycles; c++) jsonw_int(&w, x.cycles[c]);
    jsonw_arr_end(&w);
    jsonw_key(&w, "states");
    while (rows.len && rows.data[rows.len - 1] == '\n') rows.len--;
    jsonw_raw(&w, rows.data, rows.len);
    jsonw_kint(&w, "count", (long long)x.nrows);
    jsonw_obj_end(&w);
    buf_putc(&res->body, '\n');
    buf_cleanup(&rows);
}
