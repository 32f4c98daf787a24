/*
 * sections: the thematic cross-view of one section of the template (domain/section_view.h):
 * every State that published a report for a cycle, one row each, with its answers to the
 * section's questions side by side, and a count of yes / no / developing / no response under
 * each such question.  "No response" and "not applicable" (skipped by the template's
 * conditions) are shown as what they are, never as No.  The rows are described once as a
 * table (sections_table) for the page, the CSV, XLSX and JSON downloads.
 *
 *   GET /sections/{id}[.csv|.xlsx|.json]?cycle=2024&region=002&group=AFR
 */
#include <stdio.h>
#include <string.h>

#include "domain/refdata.h"
#include "domain/section_view.h"
#include "domain/template.h"
#include "util/arena.h"
#include "web/table_export.h"
#include "web/web.h"

/* The text of a cell as the table holds it: the answer's short text, or what its absence means. */
static const char *cell_label(const struct section_cell *c)
{
    if (c->kind == SECTION_NA) return _("not applicable");
    if (c->kind == SECTION_NONE) return _("no response");
    return c->text;
}

/* The section as a table: state, name, report, then a column per question (its id; labelled by its number). */
static void sections_table(struct table *t, struct arena *a, const struct section_view *v)
{
    struct table_col *cols = arena_array(a, 3 + v->nq, sizeof *cols);
    cols[0] = (struct table_col){ "state", _("Code"), TABLE_COL_NOHTML | TABLE_COL_LTR, 0 };
    cols[1] = (struct table_col){ "name", _("State"), TABLE_COL_ROWHEAD, 0 };
    cols[2] = (struct table_col){ "report", _("Report"), TABLE_COL_NOHTML, 0 };
    for (size_t k = 0; k < v->nq; k++)
        cols[3 + k] = (struct table_col){ v->q[k]->id, v->q[k]->number ? v->q[k]->number : v->q[k]->id, 0, 0 };
    table_init(t, cols, 3 + v->nq);
    for (size_t i = 0; i < v->nrows; i++) {
        const struct section_row *r = &v->rows[i];
        table_text(t, r->iso3);
        table_text(t, r->name);
        table_int(t, r->report);
        for (size_t k = 0; k < v->nq; k++) {
            const struct section_cell *c = &r->cells[k];
            if (c->kind == SECTION_VALUE && c->is_number) table_number(t, c->num);
            else table_text(t, cell_label(c));
        }
    }
}

static void option(struct buf *b, const char *value, const char *label, bool selected)
{
    HTML_LIT(b, "<option value=\"");
    html_text(b, value);
    HTML_LIT(b, "\"");
    if (selected) HTML_LIT(b, " selected");
    HTML_LIT(b, ">");
    html_text(b, label);
    HTML_LIT(b, "</option>");
}

static void cycle_form(struct buf *b, struct arena *a, const struct section_view *v, const struct ref_item *groups,
                       size_t ngroups, const char *grp)
{
    HTML_LIT(b, "<form method=\"get\" class=\"filters\"><div class=\"field\"><label for=\"cycle\">");
    html_text(b, _("Cycle"));
    HTML_LIT(b, "</label><select id=\"cycle\" name=\"cycle\">");
    for (size_t i = 0; i < v->ncycles; i++) {
        const char *y = arena_printf(a, "%d", v->cycles[i]);
        option(b, y, y, v->cycles[i] == v->cycle);
    }
    HTML_LIT(b, "</select></div><div class=\"field\"><label for=\"group\">");
    html_text(b, _("Regional group"));
    HTML_LIT(b, "</label><select id=\"group\" name=\"group\"><option value=\"\">");
    html_text(b, _("All"));
    HTML_LIT(b, "</option>");
    for (size_t i = 0; i < ngroups; i++) option(b, groups[i].code, groups[i].code, grp && strcmp(grp, groups[i].code) == 0);
    HTML_LIT(b, "</select></div><button type=\"submit\">");
    html_text(b, _("Show"));
    HTML_LIT(b, "</button></form>\n");
}

/* The table as the page shows it: the State (linked to its report) fixed while the questions scroll, the counts below. */
static void section_html(struct buf *b, const struct table *t, const struct section_view *v)
{
    HTML_LIT(b, "<div class=\"scroll\" role=\"region\" tabindex=\"0\" aria-labelledby=\"cap-section\">"
                "<table class=\"list section-view\"><caption id=\"cap-section\">");
    html_textf(b, _("Section %s: every published report of %d"), v->id, v->cycle);
    HTML_LIT(b, "</caption><thead><tr><th scope=\"col\">");
    html_text(b, t->cols[1].label);
    HTML_LIT(b, "</th>");
    for (size_t k = 0; k < v->nq; k++) {
        HTML_LIT(b, "<th scope=\"col\"><a href=\"/questions/");
        html_urlpart(b, v->q[k]->id);
        HTML_LIT(b, "\" title=\"");
        html_text(b, i18n_template(v->q[k]->text));
        HTML_LIT(b, "\">");
        html_text(b, t->cols[3 + k].label);
        HTML_LIT(b, "</a></th>");
    }
    HTML_LIT(b, "</tr></thead><tbody>");
    static const char *const CLASS[] = { "a-none", "a-na", "a-yes", "a-no", "a-dev", "a-value" };
    for (size_t i = 0; i < table_rows(t); i++) {
        const struct table_cell *row = &t->cells[i * t->ncols];
        HTML_LIT(b, "<tr><th scope=\"row\"><a href=\"/reports/");
        html_int(b, v->rows[i].report);
        HTML_LIT(b, "\">");
        html_text(b, row[1].text);
        HTML_LIT(b, "</a></th>");
        for (size_t k = 0; k < v->nq; k++) {
            HTML_LIT(b, "<td class=\"");
            html_text(b, CLASS[v->rows[i].cells[k].kind]);
            HTML_LIT(b, "\">");
            html_text(b, cell_label(&v->rows[i].cells[k]));
            HTML_LIT(b, "</td>");
        }
        HTML_LIT(b, "</tr>\n");
    }
    HTML_LIT(b, "</tbody><tfoot>");
    static const char *const WHAT[] = { N_("Yes"), N_("No"), N_("Developing"), N_("no response") };
    for (int w = 0; w < 4; w++) {
        HTML_LIT(b, "<tr><th scope=\"row\">");
        html_text(b, _(WHAT[w]));
        HTML_LIT(b, "</th>");
        for (size_t k = 0; k < v->nq; k++) {
            const struct section_count *c = &v->counts[k];
            bool yn = v->q[k]->type == ANSWER_YN || v->q[k]->type == ANSWER_YND;
            size_t n = w == 0 ? c->yes : w == 1 ? c->no : w == 2 ? c->dev : c->none;
            HTML_LIT(b, "<td class=\"num\">");
            if (yn || w == 3) html_int(b, (long long)n);
            HTML_LIT(b, "</td>");
        }
        HTML_LIT(b, "</tr>");
    }
    HTML_LIT(b, "</tfoot></table></div>\n");
}

void page_section(struct app *app, struct http_request *req, struct http_response *res)
{
    struct arena *a = &req->arena;
    const char *grp = web_q(req, "group")->s;
    struct section_filter f = { .cycle = web_q(req, "cycle")->set ? (int)web_q(req, "cycle")->n : 0,
                                .region = web_q(req, "region")->s, .group = grp };
    struct section_view v;
    struct err e = ERR_NONE;
    if (section_view_get(app->store, a, web_arg(req, 0)->s, i18n_lang(), &f, &v, &e) < 0) { web_fail(req, res, &e); return; }
    struct table t;
    sections_table(&t, a, &v);
    enum table_format fmt = (enum table_format)req->fmt;
    if (fmt != TABLE_PAGE) {
        table_send(&t, fmt, arena_printf(a, "poaiss-section-%s-%d", v.id, v.cycle), req, res);
        table_cleanup(&t);
        return;
    }
    /* The form's list is read before anything is written: a failed read is a 500, not half a page. */
    struct ref_item *groups;
    size_t ngroups;
    if (ref_groups(app->store, a, i18n_lang(), &groups, &ngroups, &e) < 0) { table_cleanup(&t); web_fail(req, res, &e); return; }
    const char *title = i18n_template(v.title);
    page_begin(req, res, arena_printf(a, "%s. %s — %d", v.id, title, v.cycle));
    struct buf *b = &res->body;
    HTML_LIT(b, "<nav aria-label=\"");
    html_text(b, _("Breadcrumb"));
    HTML_LIT(b, "\" class=\"crumbs\"><a href=\"/questions\">");
    html_text(b, _("Questions across States"));
    HTML_LIT(b, "</a></nav>\n<h1>");
    html_text(b, v.id);
    HTML_LIT(b, ". ");
    html_text(b, title);
    HTML_LIT(b, " <small>");
    html_int(b, v.cycle);
    HTML_LIT(b, "</small></h1>\n");
    if (v.synthetic) {
        HTML_LIT(b, "<p class=\"notice\" role=\"note\">");
        html_text(b, _("Synthetic demonstration data: these reports were generated for the demonstration."));
        HTML_LIT(b, "</p>\n");
    }
    HTML_LIT(b, "<p class=\"lead\">");
    html_textf(b, _("%d States have published a report for this cycle."), (int)v.nrows);
    HTML_LIT(b, " ");
    html_text(b, _("\"No response\" is not a No; \"not applicable\" means an earlier answer made the question not apply."));
    HTML_LIT(b, "</p>\n");
    cycle_form(b, a, &v, groups, ngroups, grp);
    table_links(b, req, arena_printf(a, "/sections/%s", v.id));
    section_html(b, &t, &v);
    table_cleanup(&t);
    HTML_LIT(b, "<h2>");
    html_text(b, _("Questions"));
    HTML_LIT(b, "</h2>\n<dl class=\"legend\">");
    for (size_t k = 0; k < v.nq; k++) {
        HTML_LIT(b, "<dt>");
        html_text(b, v.q[k]->number ? v.q[k]->number : "");
        HTML_LIT(b, "</dt><dd><a href=\"/questions/");
        html_urlpart(b, v.q[k]->id);
        HTML_LIT(b, "\">");
        html_text(b, i18n_template(v.q[k]->text));
        HTML_LIT(b, "</a></dd>");
    }
    HTML_LIT(b, "</dl>\n");
    page_end(req, res);
}
