/*
 * web/trends: see trends.h.  The page and the PDF render the same document (domain/trends.c):
 * the same numbered sections, figures and tables.  A figure is drawn as the analysis pages draw
 * theirs (web/chart_svg.c: the SVG and its data table), under the document's own caption.
 */
#include "web/trends.h"

#include <stdio.h>
#include <string.h>

#include "util/arena.h"
#include "web/chart_svg.h"
#include "web/trends_pdf.h"

static void table_out(struct buf *b, const struct trends_table *t, const char *id, const char *caption)
{
    HTML_LIT(b, "<div class=\"scroll\" role=\"region\" tabindex=\"0\" aria-labelledby=\"");
    html_text(b, id);
    HTML_LIT(b, "\"><table class=\"list\"><caption id=\"");
    html_text(b, id);
    HTML_LIT(b, "\">");
    html_text(b, caption);
    HTML_LIT(b, "</caption><thead><tr>");
    for (size_t c = 0; c < t->ncols; c++) {
        bool num = c < 32 && (t->numeric >> c & 1u);
        HTML_LIT(b, "<th scope=\"col\"");
        if (num) HTML_LIT(b, " class=\"num\"");
        HTML_LIT(b, ">");
        html_text(b, t->head[c]);
        HTML_LIT(b, "</th>");
    }
    HTML_LIT(b, "</tr></thead><tbody>");
    for (size_t r = 0; r < t->nrows; r++) {
        HTML_LIT(b, "<tr>");
        for (size_t c = 0; c < t->ncols; c++) {
            bool num = c < 32 && (t->numeric >> c & 1u);
            if (c == 0) HTML_LIT(b, "<th scope=\"row\">");
            else if (num) HTML_LIT(b, "<td class=\"num\">");
            else HTML_LIT(b, "<td>");
            html_text(b, t->cells[r * t->ncols + c]);
            if (c == 0) HTML_LIT(b, "</th>");
            else HTML_LIT(b, "</td>");
        }
        HTML_LIT(b, "</tr>");
    }
    HTML_LIT(b, "</tbody></table></div>\n");
}

static void figure_out(struct buf *b, const struct trends_doc *d, const struct trends_block *blk)
{
    const struct chart *c = blk->chart;
    HTML_LIT(b, "<figure id=\"fig-");
    html_int(b, blk->number);
    HTML_LIT(b, "\" class=\"figure\"><figcaption><strong>");
    html_textf(b, _("Figure %d."), blk->number);
    HTML_LIT(b, "</strong> ");
    html_text(b, c->title);
    HTML_LIT(b, "</figcaption>\n");
    if (c->synthetic || d->synthetic) {   /* every figure of a synthetic document */
        HTML_LIT(b, "<p class=\"notice\" role=\"note\">");
        html_text(b, _("Synthetic data"));
        HTML_LIT(b, "</p>\n");
    }
    HTML_LIT(b, "<p>");
    html_text(b, c->summary);
    HTML_LIT(b, "</p>\n");
    chart_svg(b, c);
    chart_table_html(b, c);
    if (c->source && *c->source) {
        HTML_LIT(b, "<p class=\"source\"><small>");
        html_textf(b, _("Source: %s"), c->source);
        HTML_LIT(b, "</small></p>\n");
    }
    HTML_LIT(b, "</figure>\n");
}

static void contents_out(struct buf *b, const struct trends_doc *d)
{
    HTML_LIT(b, "<nav class=\"toc\" aria-labelledby=\"toc\"><h2 id=\"toc\">");
    html_text(b, _("Contents"));
    HTML_LIT(b, "</h2><ol class=\"numbered\">");
    bool open = false;   /* a nested list of level-2 entries is open */
    for (size_t i = 0; i < d->nsections; i++) {
        const struct trends_section *s = &d->sections[i];
        if (s->level == 1) {
            if (open) HTML_LIT(b, "</ol>");
            if (i) HTML_LIT(b, "</li>");
            open = false;
        } else if (!open) {
            HTML_LIT(b, "<ol>");
            open = true;
        }
        HTML_LIT(b, "<li><a href=\"#");
        html_text(b, s->anchor);
        HTML_LIT(b, "\">");
        html_text(b, s->number);
        HTML_LIT(b, " ");
        html_text(b, s->title);
        HTML_LIT(b, "</a>");
        if (s->level == 2) HTML_LIT(b, "</li>");
    }
    if (open) HTML_LIT(b, "</ol>");
    if (d->nsections) HTML_LIT(b, "</li>");
    HTML_LIT(b, "</ol></nav>\n");
}

void trends_html(struct buf *b, const struct trends_doc *d)
{
    struct arena a = ARENA_INIT;
    contents_out(b, d);
    for (size_t i = 0; i < d->nsections; i++) {
        const struct trends_section *s = &d->sections[i];
        const char *tag = s->level == 1 ? "h2" : "h3";
        buf_printf(b, "<%s id=\"", tag);
        html_text(b, s->anchor);
        HTML_LIT(b, "\">");
        html_text(b, s->number);
        HTML_LIT(b, " ");
        html_text(b, s->title);
        buf_printf(b, "</%s>\n", tag);
        for (size_t k = 0; k < s->nblocks; k++) {
            const struct trends_block *blk = &s->blocks[k];
            switch (blk->kind) {
            case TRENDS_PARA:
                HTML_LIT(b, "<p>");
                html_text(b, blk->text);
                HTML_LIT(b, "</p>\n");
                break;
            case TRENDS_NOTE:
                HTML_LIT(b, "<p class=\"notice\" role=\"note\">");
                html_text(b, blk->text);
                HTML_LIT(b, "</p>\n");
                break;
            case TRENDS_CHART: figure_out(b, d, blk); break;
            case TRENDS_TABLE: {
                char id[32];
                snprintf(id, sizeof id, "table-%d", blk->number);
                table_out(b, blk->table, id, arena_printf(&a, _("Table %d. %s"), blk->number, blk->table->caption));
                break;
            }
            }
        }
    }
    arena_cleanup(&a);
}

void page_trends(struct app *app, struct http_request *req, struct http_response *res)
{
    int year = (int)web_arg(req, 0)->n;
    struct trends_doc d;
    struct err e = ERR_NONE;
    if (trends_build(app->store, &req->arena, year, i18n_lang(), &d, &e) < 0) { web_fail(req, res, &e); return; }
    if (req->fmt == PARAM_FMT_PDF) {
        if (trends_pdf_render(&d, &res->body) < 0) {
            buf_clear(&res->body);
            web_error(req, res, 500, _("The PDF could not be made. Try again; if it fails again, tell the Secretariat."));
            return;
        }
        res->content_type = "application/pdf";
        char disp[96];
        snprintf(disp, sizeof disp, "inline; filename=\"poaiss-trends-%d-%s.pdf\"", year, d.lang);
        http_response_header(res, "Content-Disposition", disp);
        return;
    }
    page_begin(req, res, d.subtitle);
    struct buf *b = &res->body;
    HTML_LIT(b, "<h1>");
    html_text(b, d.title);
    HTML_LIT(b, "</h1>\n<p class=\"lead\">");
    html_text(b, d.subtitle);
    HTML_LIT(b, "</p>\n");
    if (d.synthetic) {
        HTML_LIT(b, "<p class=\"notice\" role=\"note\">");
        html_text(b, _("Synthetic demonstration data: these reports were generated for the demonstration."));
        HTML_LIT(b, "</p>\n");
    }
    HTML_LIT(b, "<p><a href=\"/analysis/trends/");
    html_int(b, year);
    HTML_LIT(b, ".pdf?lang=");
    html_text(b, d.lang);
    HTML_LIT(b, "\">");
    html_text(b, _("The document as PDF (A4)"));
    HTML_LIT(b, "</a> · ");
    struct buf when = BUF_INIT;
    i18n_date(&when, d.made);
    html_textf(b, _("Generated on %s."), buf_cstr(&when));
    buf_cleanup(&when);
    HTML_LIT(b, "</p>\n");
    trends_html(b, &d);
    page_end(req, res);
}
