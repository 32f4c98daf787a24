/*
 * table_html: a table described once (table_export.h) rendered as the page's HTML table.
 * The downloads and the API's JSON come from the same struct table, so the page, the CSV,
 * the XLSX and the JSON cannot disagree about the rows.
 */
#include <math.h>
#include <stdio.h>

#include "util/i18n.h"
#include "util/text.h"
#include "web/table_export.h"

static const struct table_cell *cell(const struct table *t, size_t r, size_t c)
{
    size_t i = r * t->ncols + c;
    return i < t->ncells ? &t->cells[i] : NULL;
}

static void cell_value(struct buf *b, const struct table_cell *x)
{
    if (!x || x->kind == TABLE_CELL_EMPTY || (x->kind == TABLE_CELL_TEXT && (!x->text || !*x->text))) {
        HTML_LIT(b, "—");
        return;
    }
    if (x->kind == TABLE_CELL_TEXT && x->user_len) {
        html_textn(b, x->text, x->user_at);
        html_user_textn(b, x->text + x->user_at, x->user_len);
        html_text(b, x->text + x->user_at + x->user_len);
    } else if (x->kind == TABLE_CELL_TEXT) html_text(b, x->text);
    else if (x->kind == TABLE_CELL_BOOL) html_text(b, x->flag ? _("Yes") : _("No"));
    else if (x->num == (double)(long long)x->num) html_int(b, (long long)x->num);
    else html_textf(b, "%g", x->num);
}

void table_html(struct buf *b, const struct table *t, const char *id, const char *caption, bool caption_hidden)
{
    HTML_LIT(b, "<div class=\"scroll\" role=\"region\" tabindex=\"0\" aria-labelledby=\"cap-");
    html_text(b, id);
    HTML_LIT(b, "\"><table class=\"list\">\n<caption id=\"cap-");
    html_text(b, id);
    HTML_LIT(b, "\"");
    if (caption_hidden) HTML_LIT(b, " class=\"visually-hidden\"");
    HTML_LIT(b, ">");
    html_text(b, caption);
    HTML_LIT(b, "</caption>\n<thead><tr>");
    for (size_t c = 0; c < t->ncols; c++) {
        if (t->cols[c].flags & TABLE_COL_NOHTML) continue;
        HTML_LIT(b, "<th scope=\"col\"");
        if (t->cols[c].flags & TABLE_COL_NUM) HTML_LIT(b, " class=\"num\"");
        HTML_LIT(b, ">");
        html_text(b, t->cols[c].label ? t->cols[c].label : t->cols[c].id);
        HTML_LIT(b, "</th>");
    }
    HTML_LIT(b, "</tr></thead>\n<tbody>\n");
    size_t rows = table_rows(t);
    for (size_t r = 0; r < rows; r++) {
        HTML_LIT(b, "<tr>");
        for (size_t c = 0; c < t->ncols; c++) {
            const struct table_col *col = &t->cols[c];
            if (col->flags & TABLE_COL_NOHTML) continue;
            bool head = (col->flags & TABLE_COL_ROWHEAD) != 0;
            if (head) HTML_LIT(b, "<th scope=\"row\"");
            else HTML_LIT(b, "<td");
            if (col->flags & TABLE_COL_NUM) HTML_LIT(b, " class=\"num\"");
            HTML_LIT(b, ">");
            const struct table_cell *x = cell(t, r, c);
            const struct table_cell *href = col->link && col->link <= t->ncols ? cell(t, r, col->link - 1) : NULL;
            bool link = href && href->kind == TABLE_CELL_TEXT && href->text && href->text[0] == '/';
            bool date = (col->flags & TABLE_COL_DATE) && x && x->kind == TABLE_CELL_TEXT && x->text && *x->text;
            bool ltr = (col->flags & TABLE_COL_LTR) != 0 && !date;
            if (link) { HTML_LIT(b, "<a href=\""); html_text(b, href->text); HTML_LIT(b, "\">"); }
            if (ltr) HTML_LIT(b, "<bdi>");
            if (date) {
                i18n_html_date(b, x->text);   /* isolated in <bdi> itself */
            } else if (col->flags & TABLE_COL_TAG) {
                const char *tag = x->kind == TABLE_CELL_BOOL ? (x->flag ? col->label : NULL)
                                : x->kind == TABLE_CELL_TEXT ? x->text : NULL;
                if (tag && *tag) {
                    HTML_LIT(b, "<strong class=\"tag\">");
                    html_text(b, tag);
                    HTML_LIT(b, "</strong>");
                }
            } else if ((col->flags & TABLE_COL_AMOUNT) && x && x->kind == TABLE_CELL_NUMBER) {
                i18n_html_number(b, llround(x->num));
            } else {
                cell_value(b, x);
            }
            if (ltr) HTML_LIT(b, "</bdi>");
            if (link) HTML_LIT(b, "</a>");
            if (head) HTML_LIT(b, "</th>");
            else HTML_LIT(b, "</td>");
        }
        HTML_LIT(b, "</tr>\n");
    }
    HTML_LIT(b, "</tbody></table></div>\n");
}
