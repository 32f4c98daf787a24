/*
 * state_changes: one State across cycles, "what changed" (/states/{ISO3}/changes and
 * /api/v1/states/{ISO3}/changes).  The domain (domain/changes.h) decides what is shown
 * (published reports only) and which answers changed; this file renders its result: a table
 * per section of the newest template, a column per published report (the question column
 * fixed while the cycles scroll), and the API's JSON.
 */
#include <jansson.h>
#include <string.h>

#include "domain/changes.h"
#include "domain/template.h"
#include "util/arena.h"
#include "util/jsonw.h"
#include "web/web.h"

/* /states/ken/changes -> /states/KEN/changes (the code was checked and upper-cased by the route's parameter). */
static bool canonical_path(struct http_request *req, struct http_response *res, bool api)
{
    const char *iso3 = web_arg(req, 0)->s;
    if (strcmp(iso3, req->args[0]) == 0) return true;
    http_redirect(res, arena_printf(&req->arena, "%s/states/%s/changes", api ? "/api/v1" : "", iso3));
    res->status = 301;
    return false;
}

static bool only_changed(const struct http_request *req)
{
    return web_q(req, "changed")->set && web_q(req, "changed")->n == 1;
}

/* ---- the page ---- */

static void noresp(struct buf *b, const char *what)
{
    HTML_LIT(b, "<span class=\"noresp\">");
    html_text(b, what);
    HTML_LIT(b, "</span>");
}

static void cell_html(struct buf *b, const struct changes_cell *cell)
{
    if (cell->changed) HTML_LIT(b, "<td class=\"changed\">");
    else HTML_LIT(b, "<td>");
    if (cell->changed) { HTML_LIT(b, "<strong class=\"change\">"); html_text(b, _("Changed")); HTML_LIT(b, "</strong> "); }
    if (cell->state == CHANGES_NOT_ASKED) {
        noresp(b, _("Not asked in this cycle"));
    } else if (cell->state == CHANGES_NO_RESPONSE) {
        noresp(b, _("No response"));
    } else if (cell->nparts == 1) {
        html_text(b, cell->parts[0].text ? cell->parts[0].text : "");
    } else {   /* asked as several questions in this cycle: each with its number */
        for (size_t i = 0; i < cell->nparts; i++) {
            const struct changes_part *p = &cell->parts[i];
            HTML_LIT(b, "<p>");
            html_text(b, p->number ? p->number : p->id);
            HTML_LIT(b, ": ");
            if (p->text) html_text(b, p->text);
            else noresp(b, _("No response"));
            HTML_LIT(b, "</p>");
        }
    }
    HTML_LIT(b, "</td>");
}

static void table_head(struct buf *b, const struct changes *ch, const struct template_question *q)
{
    HTML_LIT(b, "<div class=\"scroll\" role=\"region\" tabindex=\"0\" aria-labelledby=\"s-");
    html_text(b, q->section_id);
    HTML_LIT(b, "\"><table class=\"list changes\"><caption><h2 id=\"s-");
    html_text(b, q->section_id);
    HTML_LIT(b, "\">");
    html_text(b, q->section_id);
    HTML_LIT(b, ". ");
    html_text(b, q->section_title ? i18n_template(q->section_title) : "");
    HTML_LIT(b, "</h2></caption>\n<thead><tr><th scope=\"col\">");
    html_text(b, _("Question"));
    HTML_LIT(b, "</th>");
    for (size_t c = 0; c < ch->ncols; c++) {
        HTML_LIT(b, "<th scope=\"col\"><a href=\"/reports/");
        html_int(b, ch->cols[c].report);
        HTML_LIT(b, "\">");
        html_int(b, ch->cols[c].cycle);
        HTML_LIT(b, "</a></th>");
    }
    HTML_LIT(b, "</tr></thead>\n<tbody>\n");
}

/* The section tables. */
static void tables_html(struct buf *b, const struct changes *ch)
{
    const char *open = NULL;
    for (size_t i = 0; i < ch->nrows; i++) {
        const struct changes_row *r = &ch->rows[i];
        const struct template_question *q = r->q;
        if (!open || strcmp(open, q->section_id) != 0) {
            if (open) HTML_LIT(b, "</tbody></table></div>\n");
            open = q->section_id;
            table_head(b, ch, q);
        }
        HTML_LIT(b, "<tr><th scope=\"row\">");
        html_text(b, q->number ? q->number : q->id);
        HTML_LIT(b, " ");
        html_text(b, i18n_template(q->text));
        HTML_LIT(b, "</th>");
        for (size_t c = 0; c < ch->ncols; c++) cell_html(b, &r->cells[c]);
        HTML_LIT(b, "</tr>\n");
    }
    if (open) HTML_LIT(b, "</tbody></table></div>\n");
}

void page_state_changes(struct app *app, struct http_request *req, struct http_response *res)
{
    if (!canonical_path(req, res, false)) return;
    const char *iso3 = web_arg(req, 0)->s;
    bool only = only_changed(req);
    struct changes ch;
    struct err e = ERR_NONE;
    if (changes_get(app->store, &req->arena, iso3, i18n_lang(), only, &ch, &e) < 0) { web_fail(req, res, &e); return; }
    const char *title = arena_printf(&req->arena, _("%s: what changed from cycle to cycle"), ch.name);
    page_begin(req, res, title);
    struct buf *b = &res->body;
    HTML_LIT(b, "<nav aria-label=\"");
    html_text(b, _("Breadcrumb"));
    HTML_LIT(b, "\" class=\"crumbs\"><a href=\"/states\">");
    html_text(b, _("States"));
    HTML_LIT(b, "</a> › <a href=\"/states/");
    html_text(b, iso3);
    HTML_LIT(b, "\">");
    html_text(b, ch.name);
    HTML_LIT(b, "</a></nav>\n<h1>");
    html_text(b, title);
    HTML_LIT(b, "</h1>\n");
    if (!ch.ncols) {
        HTML_LIT(b, "<p>");
        html_text(b, _("This State has no published report yet."));
        HTML_LIT(b, "</p>\n");
        page_end(req, res);
        return;
    }
    HTML_LIT(b, "<p class=\"lead\">");
    html_text(b, _("Each question of the current template, with the State's published answer in each cycle (the latest version of each report; drafts are never shown). A question renamed, split or merged between templates is followed through the change."));
    HTML_LIT(b, "</p>\n<ul class=\"legend\"><li><strong class=\"change\">");
    html_text(b, _("Changed"));
    HTML_LIT(b, "</strong> ");
    html_text(b, _("the answer differs from the State's previous published report"));
    HTML_LIT(b, "</li><li><span class=\"noresp\">");
    html_text(b, _("No response"));
    HTML_LIT(b, "</span> ");
    html_text(b, _("the question was asked and left unanswered (it is not a No)"));
    HTML_LIT(b, "</li><li><span class=\"noresp\">");
    html_text(b, _("Not asked in this cycle"));
    HTML_LIT(b, "</span> ");
    html_text(b, _("the template of that cycle did not have the question"));
    HTML_LIT(b, "</li></ul>\n");
    if (ch.synthetic) {
        HTML_LIT(b, "<p class=\"notice\">");
        html_text(b, _("Some of these reports are synthetic demonstration data."));
        HTML_LIT(b, "</p>\n");
    }
    HTML_LIT(b, "<p><a href=\"/states/");
    html_text(b, iso3);
    if (only) {
        HTML_LIT(b, "/changes\">");
        html_text(b, _("Show every question"));
    } else {
        HTML_LIT(b, "/changes?changed=1\">");
        html_text(b, _("Show only the questions whose answer changed"));
    }
    HTML_LIT(b, "</a> · <a href=\"/api/v1/states/");
    html_text(b, iso3);
    if (only) HTML_LIT(b, "/changes?changed=1\">");
    else HTML_LIT(b, "/changes\">");
    html_text(b, _("This page as JSON"));
    HTML_LIT(b, "</a></p>\n<p role=\"status\" class=\"count\">");
    html_textf(b, _("Answers that changed between consecutive published reports: %d"), (int)ch.nchanges);
    HTML_LIT(b, "</p>\n");
    tables_html(b, &ch);
    if (only && !ch.nchanges) {
        HTML_LIT(b, "<p>");
        html_text(b, _("No answer changed."));
        HTML_LIT(b, "</p>\n");
    }
    page_end(req, res);
}

/* ---- the API ---- */

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

static void cell_json(struct jsonw *w, const struct changes_col *col, const struct changes_cell *cell)
{
    static const char *const STATES[] = { "not_asked", "no_response", "answered" };
    jsonw_obj(w);
    jsonw_kint(w, "cycle", col->cycle);
    jsonw_kstr(w, "status", STATES[cell->state]);
    if (cell->state != CHANGES_NOT_ASKED) {
        jsonw_key(w, "asked_as");
        jsonw_arr(w);
        for (size_t i = 0; i < cell->nparts; i++) jsonw_str(w, cell->parts[i].id);
        jsonw_arr_end(w);
    }
    if (cell->state == CHANGES_ANSWERED) {
        json_t *v = json_loads(cell->value, JSON_DECODE_ANY, NULL);
        jsonw_key(w, "value");
        emit(w, v);
        json_decref(v);
    }
    jsonw_kbool(w, "changed", cell->changed);
    jsonw_obj_end(w);
}

void api_state_changes(struct app *app, struct http_request *req, struct http_response *res)
{
    if (!canonical_path(req, res, true)) return;
    struct changes ch;
    struct err e = ERR_NONE;
    if (changes_get(app->store, &req->arena, web_arg(req, 0)->s, "en", only_changed(req), &ch, &e) < 0) {
        web_fail(req, res, &e);
        return;
    }
    api_begin(res, 200);
    struct jsonw w;
    jsonw_init(&w, &res->body);
    jsonw_obj(&w);
    jsonw_kstr(&w, "state", ch.iso3);
    jsonw_kstr(&w, "name", ch.name);
    jsonw_kint(&w, "template", ch.template_cycle);
    jsonw_key(&w, "cycles");
    jsonw_arr(&w);
    for (size_t c = 0; c < ch.ncols; c++) {
        jsonw_obj(&w);
        jsonw_kint(&w, "cycle", ch.cols[c].cycle);
        jsonw_kint(&w, "report", ch.cols[c].report);
        jsonw_kint(&w, "version", ch.cols[c].version);
        jsonw_kstr(&w, "published_at", ch.cols[c].published_at);
        jsonw_kbool(&w, "synthetic", ch.cols[c].synthetic);
        jsonw_obj_end(&w);
    }
    jsonw_arr_end(&w);
    jsonw_key(&w, "questions");
    jsonw_arr(&w);
    for (size_t i = 0; i < ch.nrows; i++) {
        const struct changes_row *r = &ch.rows[i];
        jsonw_obj(&w);
        jsonw_kstr(&w, "question", r->q->id);
        jsonw_kstr(&w, "number", r->q->number);
        jsonw_kstr(&w, "section", r->q->section_id);
        jsonw_kstr(&w, "type", answer_type_name(r->q->type));
        jsonw_kstr(&w, "text", r->q->text);
        jsonw_kbool(&w, "changed", r->changed);
        jsonw_key(&w, "answers");
        jsonw_arr(&w);
        for (size_t c = 0; c < ch.ncols; c++) cell_json(&w, &ch.cols[c], &r->cells[c]);
        jsonw_arr_end(&w);
        jsonw_obj_end(&w);
    }
    jsonw_arr_end(&w);
    jsonw_kint(&w, "changes", (long long)ch.nchanges);
    jsonw_obj_end(&w);
    buf_putc(&res->body, '\n');
}
