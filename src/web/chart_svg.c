/* chart_svg: see chart_svg.h.  Coordinates are computed here; the chart holds only numbers and words. */
#include "web/chart_svg.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "http/http.h"
#include "util/arena.h"
#include "util/i18n.h"
#include "util/text.h"

/* Colours with at least 3:1 contrast on white (GOV.UK palette): blue, red, green, purple, brown, grey, pink, dark green. */
static const char *const COLOURS[] = { "#1d70b8", "#d4351c", "#00703c", "#4c2c92", "#6f4b00", "#505a5f", "#912b88", "#005a30" };
#define NCOLOURS (sizeof COLOURS / sizeof COLOURS[0])
/* Marker shapes of lines, in turn. */
enum { MARK_CIRCLE, MARK_SQUARE, MARK_TRIANGLE, MARK_DIAMOND, NMARKS };
/* Dashes of lines, in turn ("" solid). */
static const char *const DASHES[] = { "", "6 3", "2 3", "8 3 2 3" };

#define W 640               /* the viewBox's width */
#define LABEL_W 190         /* the category labels' column (bars) */
#define VALUE_W 70          /* room for a bar's value */
#define INK "#0b0c0c"

struct geo { bool rtl; };

/* x in a left-to-right drawing, mirrored in a right-to-left page. */
static double X(const struct geo *g, double x) { return g->rtl ? W - x : x; }
/* In a right-to-left page the SVG's direction is rtl (set on the element), which itself turns "start" to the right. */
static const char *anchor(const struct geo *g, bool start) { (void)g; return start ? "start" : "end"; }

static void num(struct buf *b, double v) { buf_printf(b, "%.1f", v); }

/* A value as the page's language writes it: whole per cent, else whole or one decimal. */
static void value_text(struct buf *b, double v, const char *unit)
{
    if (isnan(v)) { buf_puts(b, "—"); return; }
    bool pct = unit && strcmp(unit, "%") == 0;
    double r = pct ? round(v) : v;
    if (r == floor(r) || fabs(r) >= 100) i18n_number(b, llround(r));
    else {
        i18n_number(b, (long long)floor(r));
        buf_printf(b, ".%d", (int)llround((r - floor(r)) * 10) % 10);
    }
    if (pct) buf_puts(b, "\xc2\xa0%");
    else if (unit && *unit) { buf_putc(b, ' '); buf_puts(b, unit); }
}

static void value_html(struct buf *b, double v, const char *unit)
{
    struct buf t = BUF_INIT;
    value_text(&t, v, unit);
    html_text(b, buf_cstr(&t));
    buf_cleanup(&t);
}

/* The patterns of the series (bars, tiles): solid, hatched, dotted, cross-hatched, in turn; ids from the chart's. */
static void patterns(struct buf *b, const struct chart *ch, size_t n)
{
    HTML_LIT(b, "<defs>");
    for (size_t k = 0; k < n; k++) {
        const char *c = COLOURS[k % NCOLOURS];
        int kind = (int)(k % 4);
        HTML_LIT(b, "<pattern id=\"p-");
        html_text(b, ch->id);
        buf_printf(b, "-%zu\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\">", k);
        buf_printf(b, "<rect width=\"8\" height=\"8\" fill=\"%s\"/>", kind == 0 ? c : "#ffffff");
        if (kind == 1) buf_printf(b, "<path d=\"M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4\" stroke=\"%s\" stroke-width=\"2.5\"/>", c);
        else if (kind == 2) buf_printf(b, "<circle cx=\"4\" cy=\"4\" r=\"2.6\" fill=\"%s\"/>", c);
        else if (kind == 3) buf_printf(b, "<path d=\"M0,4 h8 M4,0 v8\" stroke=\"%s\" stroke-width=\"2.5\"/>", c);
        HTML_LIT(b, "</pattern>");
    }
    HTML_LIT(b, "</defs>");
}

static void fill_ref(struct buf *b, const struct chart *ch, size_t k)
{
    HTML_LIT(b, "url(#p-");
    html_text(b, ch->id);
    buf_printf(b, "-%zu)", k);
}

static void text_at(struct buf *b, const struct geo *g, double x, double y, bool start, const char *extra, const char *s)
{
    HTML_LIT(b, "<text x=\"");
    num(b, X(g, x));
    HTML_LIT(b, "\" y=\"");
    num(b, y);
    buf_printf(b, "\" text-anchor=\"%s\" font-size=\"12\" fill=\"" INK "\"%s>", anchor(g, start), extra ? extra : "");
    html_text(b, s);
    HTML_LIT(b, "</text>");
}

/* A swatch with its series' pattern and a border, at (x, y) in ltr coordinates. */
static void swatch(struct buf *b, const struct geo *g, const struct chart *ch, size_t k, double x, double y)
{
    HTML_LIT(b, "<rect x=\"");
    num(b, g->rtl ? W - x - 14 : x);
    HTML_LIT(b, "\" y=\"");
    num(b, y);
    buf_printf(b, "\" width=\"14\" height=\"14\" stroke=\"%s\" stroke-width=\"1.5\" fill=\"", COLOURS[k % NCOLOURS]);
    fill_ref(b, ch, k);
    HTML_LIT(b, "\"/>");
}

static double legend_rows(struct buf *b, const struct geo *g, const struct chart *ch, double y, bool markers);

static void svg_open(struct buf *b, const struct geo *g, const struct chart *ch, double h)
{
    HTML_LIT(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart-svg\" role=\"img\" ");
    if (g->rtl) HTML_LIT(b, "direction=\"rtl\" ");
    HTML_LIT(b, "viewBox=\"0 0 ");
    buf_printf(b, "%d %.0f\" aria-labelledby=\"st-", W, ceil(h));
    html_text(b, ch->id);
    HTML_LIT(b, "\" aria-describedby=\"s-");
    html_text(b, ch->id);
    HTML_LIT(b, "\"><title id=\"st-");
    html_text(b, ch->id);
    HTML_LIT(b, "\">");
    html_text(b, ch->title);
    HTML_LIT(b, "</title><rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>");
}

static double synthetic_mark(struct buf *b, const struct geo *g, const struct chart *ch, double y)
{
    if (!ch->synthetic) return y;
    text_at(b, g, 4, y + 12, true, " font-weight=\"bold\"", _("Synthetic data"));
    return y + 20;
}

/* ---- bars (grouped or stacked), horizontal: a row per category ---- */

static double bar_max(const struct chart *ch)
{
    if (ch->unit && strcmp(ch->unit, "%") == 0) return 100;
    double m = 0;
    for (size_t c = 0; c < ch->ncat; c++) {
        double sum = 0;
        for (size_t k = 0; k < ch->nseries; k++) {
            double v = ch->series[k].v[c];
            if (isnan(v)) continue;
            if (ch->kind == CHART_STACKED) sum += v;
            else if (v > m) m = v;
        }
        if (sum > m) m = sum;
    }
    return m > 0 ? m : 1;
}

static void svg_bars(struct buf *b, const struct geo *g, const struct chart *ch)
{
    bool stacked = ch->kind == CHART_STACKED;
    double bar_h = stacked ? 18 : (ch->nseries > 1 ? 12 : 18), row_h = stacked ? 26 : bar_h * (double)ch->nseries + 10;
    double top = ch->synthetic ? 24 : 4, plot_w = W - LABEL_W - VALUE_W - 10, max = bar_max(ch);
    double h = top + row_h * (double)ch->ncat + 10;
    double lh = ch->nseries > 1 ? 22.0 * (double)ch->nseries + 8 : 0;
    svg_open(b, g, ch, h + lh + 20);
    patterns(b, ch, ch->nseries);
    synthetic_mark(b, g, ch, 0);
    /* The axis at zero. */
    HTML_LIT(b, "<line x1=\"");
    num(b, X(g, LABEL_W));
    HTML_LIT(b, "\" x2=\"");
    num(b, X(g, LABEL_W));
    buf_printf(b, "\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"" INK "\"/>", top, h - 6);
    for (size_t c = 0; c < ch->ncat; c++) {
        double y = top + row_h * (double)c + 5;
        text_at(b, g, LABEL_W - 6, y + (stacked ? bar_h : bar_h * (double)ch->nseries) / 2 + 4, false, NULL, ch->categories[c]);
        double x = LABEL_W;
        for (size_t k = 0; k < ch->nseries; k++) {
            double v = ch->series[k].v[c];
            double by = stacked ? y : y + bar_h * (double)k;
            if (isnan(v)) {
                if (!stacked) text_at(b, g, LABEL_W + 4, by + bar_h - 2, true, NULL, "—");
                continue;
            }
            double w = plot_w * (v < 0 ? 0 : v) / max;
            HTML_LIT(b, "<rect x=\"");
            num(b, g->rtl ? W - x - w : x);
            HTML_LIT(b, "\" y=\"");
            num(b, by);
            HTML_LIT(b, "\" width=\"");
            num(b, w);
            HTML_LIT(b, "\" height=\"");
            num(b, bar_h - 1);
            buf_printf(b, "\" stroke=\"%s\" stroke-width=\"1\" fill=\"", COLOURS[k % NCOLOURS]);
            fill_ref(b, ch, k);
            HTML_LIT(b, "\"/>");
            if (!stacked) {
                struct buf t = BUF_INIT;
                value_text(&t, v, ch->unit);
                text_at(b, g, x + w + 4, by + bar_h - 3, true, NULL, buf_cstr(&t));
                buf_cleanup(&t);
            }
            if (stacked) x += w;   /* grouped bars each start at the axis */
        }
    }
    legend_rows(b, g, ch, h + 4, false);
    HTML_LIT(b, "</svg>");
}

/* The legend under a chart: a swatch (or a line with its marker) and the series' label, one per row. */
static void marker(struct buf *b, const struct geo *g, size_t k, double x, double y);

static double legend_rows(struct buf *b, const struct geo *g, const struct chart *ch, double y, bool markers)
{
    if (ch->nseries < 2 && !markers) return y;
    for (size_t k = 0; k < ch->nseries; k++) {
        double ry = y + 22.0 * (double)k;
        if (markers) {
            HTML_LIT(b, "<line x1=\"");
            num(b, X(g, 8));
            HTML_LIT(b, "\" x2=\"");
            num(b, X(g, 36));
            buf_printf(b, "\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"2\"", ry + 7, ry + 7, COLOURS[k % NCOLOURS]);
            if (*DASHES[k % 4]) buf_printf(b, " stroke-dasharray=\"%s\"", DASHES[k % 4]);
            HTML_LIT(b, "/>");
            marker(b, g, k, 22, ry + 7);
        } else {
            swatch(b, g, ch, k, 8, ry);
        }
        text_at(b, g, 44, ry + 12, true, NULL, ch->series[k].label);
    }
    return y + 22.0 * (double)ch->nseries;
}

/* ---- lines: categories (cycles) along x, 0 to max on y ---- */

static void marker(struct buf *b, const struct geo *g, size_t k, double x, double y)
{
    const char *c = COLOURS[k % NCOLOURS];
    double px = X(g, x);
    switch (k % NMARKS) {
    case MARK_CIRCLE: buf_printf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\"/>", px, y, c); break;
    case MARK_SQUARE: buf_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"8\" height=\"8\" fill=\"%s\"/>", px - 4, y - 4, c); break;
    case MARK_TRIANGLE:
        buf_printf(b, "<path d=\"M%.1f,%.1f l5,9 h-10 z\" fill=\"%s\"/>", px, y - 5, c);
        break;
    default:
        buf_printf(b, "<path d=\"M%.1f,%.1f l5,5 l-5,5 l-5,-5 z\" fill=\"#ffffff\" stroke=\"%s\" stroke-width=\"2\"/>", px, y - 5, c);
        break;
    }
}

static void svg_lines(struct buf *b, const struct geo *g, const struct chart *ch)
{
    double left = 56, right = W - 20, top = ch->synthetic ? 28 : 12, bottom = 230;
    double max = bar_max(ch);
    if (!(ch->unit && strcmp(ch->unit, "%") == 0)) {   /* a round top for figures */
        for (size_t k = 0; k < ch->nseries; k++)
            for (size_t c = 0; c < ch->ncat; c++)
                if (!isnan(ch->series[k].v[c]) && ch->series[k].v[c] > max) max = ch->series[k].v[c];
        double p = pow(10, floor(log10(max)));
        max = ceil(max / p) * p;
    }
    double legend_h = 22.0 * (double)ch->nseries + 8;
    svg_open(b, g, ch, bottom + 30 + legend_h);
    synthetic_mark(b, g, ch, 0);
    for (int i = 0; i <= 4; i++) {   /* gridlines with their values */
        double v = max * i / 4, y = bottom - (bottom - top) * i / 4;
        HTML_LIT(b, "<line x1=\"");
        num(b, X(g, left));
        HTML_LIT(b, "\" x2=\"");
        num(b, X(g, right));
        buf_printf(b, "\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>", y, y, i ? "#b1b4b6" : INK);
        struct buf t = BUF_INIT;
        value_text(&t, v, ch->unit);
        text_at(b, g, left - 6, y + 4, false, NULL, buf_cstr(&t));
        buf_cleanup(&t);
    }
    double step = ch->ncat > 1 ? (right - left - 20) / (double)(ch->ncat - 1) : 0;
    for (size_t c = 0; c < ch->ncat; c++) text_at(b, g, left + 10 + step * (double)c - 14, bottom + 18, true, NULL, ch->categories[c]);
    for (size_t k = 0; k < ch->nseries; k++) {
        const struct chart_series *s = &ch->series[k];
        bool pen = false;
        HTML_LIT(b, "<path fill=\"none\" stroke-width=\"2\" stroke=\"");
        html_text(b, COLOURS[k % NCOLOURS]);
        HTML_LIT(b, "\"");
        if (*DASHES[k % 4]) buf_printf(b, " stroke-dasharray=\"%s\"", DASHES[k % 4]);
        HTML_LIT(b, " d=\"");
        for (size_t c = 0; c < ch->ncat; c++) {
            if (isnan(s->v[c])) { pen = false; continue; }
            buf_printf(b, "%c%.1f,%.1f ", pen ? 'L' : 'M', X(g, left + 10 + step * (double)c), bottom - (bottom - top) * s->v[c] / max);
            pen = true;
        }
        HTML_LIT(b, "\"/>");
        for (size_t c = 0; c < ch->ncat; c++)
            if (!isnan(s->v[c])) marker(b, g, k, left + 10 + step * (double)c, bottom - (bottom - top) * s->v[c] / max);
    }
    legend_rows(b, g, ch, bottom + 30, true);
    HTML_LIT(b, "</svg>");
}

/* ---- the tile map: a square per State, a block of rows per region, named at its first row ---- */

#define TILE 30
#define TILE_GAP 3
#define MAP_LABEL 130

static void svg_tiles(struct buf *b, const struct geo *g, const struct chart *ch)
{
    int rows = 0;
    for (size_t i = 0; i < ch->ntiles; i++)
        if (ch->tiles[i].row + 1 > rows) rows = ch->tiles[i].row + 1;
    double top = ch->synthetic ? 24 : 4, h = top + (TILE + TILE_GAP) * rows + 10;
    svg_open(b, g, ch, h + 22.0 * (double)ch->nlegend + 10);
    patterns(b, ch, ch->nlegend);
    synthetic_mark(b, g, ch, 0);
    const char *group = NULL;
    for (size_t i = 0; i < ch->ntiles; i++) {
        const struct chart_tile *t = &ch->tiles[i];
        double x = MAP_LABEL + (TILE + TILE_GAP) * t->col, y = top + (TILE + TILE_GAP) * t->row;
        if (t->group && (!group || strcmp(group, t->group) != 0)) {
            group = t->group;
            text_at(b, g, MAP_LABEL - 8, y + TILE / 2 + 4, false, " font-weight=\"bold\"", t->group);
        }
        int k = t->value >= 0 && (size_t)t->value < ch->nlegend ? t->value : 0;
        bool solid = k % 4 == 0;
        HTML_LIT(b, "<g><title>");
        html_text(b, t->label);
        HTML_LIT(b, ": ");
        html_text(b, ch->nlegend ? ch->legend[k] : "");
        HTML_LIT(b, "</title><rect x=\"");
        num(b, g->rtl ? W - x - TILE : x);
        HTML_LIT(b, "\" y=\"");
        num(b, y);
        buf_printf(b, "\" width=\"%d\" height=\"%d\" stroke=\"%s\" stroke-width=\"1.5\" fill=\"", TILE, TILE, COLOURS[(size_t)k % NCOLOURS]);
        fill_ref(b, ch, (size_t)k);
        HTML_LIT(b, "\"/>");
        /* The code on a white band when the tile is patterned, so it stays legible. */
        if (!solid) {
            HTML_LIT(b, "<rect x=\"");
            num(b, (g->rtl ? W - x - TILE : x) + 2);
            HTML_LIT(b, "\" y=\"");
            num(b, y + TILE / 2 - 6);
            buf_printf(b, "\" width=\"%d\" height=\"12\" fill=\"#ffffff\"/>", TILE - 4);
        }
        HTML_LIT(b, "<text x=\"");
        num(b, X(g, x + TILE / 2.0));
        HTML_LIT(b, "\" y=\"");
        num(b, y + TILE / 2.0 + 4);
        buf_printf(b, "\" text-anchor=\"middle\" font-size=\"9\" fill=\"%s\">", solid ? "#ffffff" : INK);
        html_text(b, t->code);
        HTML_LIT(b, "</text></g>");
    }
    for (size_t k = 0; k < ch->nlegend; k++) {
        double y = h + 22.0 * (double)k;
        swatch(b, g, ch, k, 8, y);
        text_at(b, g, 30, y + 12, true, NULL, ch->legend[k]);
    }
    HTML_LIT(b, "</svg>");
}

void chart_svg(struct buf *b, const struct chart *ch)
{
    struct geo g = { strcmp(i18n_dir(), "rtl") == 0 };
    switch (ch->kind) {
    case CHART_LINE: svg_lines(b, &g, ch); break;
    case CHART_TILEMAP: svg_tiles(b, &g, ch); break;
    default: svg_bars(b, &g, ch); break;
    }
}

/* ---- the data table beside it ---- */

static void cell_link_open(struct buf *b, const char *href)
{
    if (!href) return;
    HTML_LIT(b, "<a href=\"");
    html_text(b, href);
    HTML_LIT(b, "\">");
}

void chart_table_html(struct buf *b, const struct chart *ch)
{
    HTML_LIT(b, "<div class=\"scroll chart-table\" role=\"region\" tabindex=\"0\" aria-labelledby=\"c-");
    html_text(b, ch->id);
    HTML_LIT(b, "\"><table class=\"list\"><caption id=\"c-");
    html_text(b, ch->id);
    HTML_LIT(b, "\">");
    html_textf(b, _("Data: %s"), ch->title);
    HTML_LIT(b, "</caption><thead><tr>");
    if (ch->kind == CHART_TILEMAP) {
        HTML_LIT(b, "<th scope=\"col\">");
        html_text(b, _("State"));
        HTML_LIT(b, "</th><th scope=\"col\">");
        html_text(b, _("Region"));
        HTML_LIT(b, "</th><th scope=\"col\">");
        html_text(b, _("Status"));
        HTML_LIT(b, "</th></tr></thead><tbody>");
        for (size_t i = 0; i < ch->ntiles; i++) {
            const struct chart_tile *t = &ch->tiles[i];
            HTML_LIT(b, "<tr><th scope=\"row\">");
            cell_link_open(b, t->href);
            html_text(b, t->label);
            if (t->href) HTML_LIT(b, "</a>");
            HTML_LIT(b, "</th><td>");
            html_text(b, t->group ? t->group : "");
            HTML_LIT(b, "</td><td>");
            if (t->value >= 0 && (size_t)t->value < ch->nlegend) html_text(b, ch->legend[t->value]);
            HTML_LIT(b, "</td></tr>");
        }
        HTML_LIT(b, "</tbody></table></div>\n");
        return;
    }
    HTML_LIT(b, "<th scope=\"col\">");
    html_text(b, ch->x_label ? ch->x_label : "");
    HTML_LIT(b, "</th>");
    for (size_t k = 0; k < ch->nseries; k++) {
        HTML_LIT(b, "<th scope=\"col\" class=\"num\">");
        html_text(b, ch->series[k].label);
        HTML_LIT(b, "</th>");
    }
    HTML_LIT(b, "</tr></thead><tbody>");
    for (size_t c = 0; c < ch->ncat; c++) {
        HTML_LIT(b, "<tr><th scope=\"row\">");
        cell_link_open(b, ch->cat_href ? ch->cat_href[c] : NULL);
        html_text(b, ch->categories[c]);
        if (ch->cat_href && ch->cat_href[c]) HTML_LIT(b, "</a>");
        HTML_LIT(b, "</th>");
        for (size_t k = 0; k < ch->nseries; k++) {
            const struct chart_series *s = &ch->series[k];
            HTML_LIT(b, "<td class=\"num\">");
            const char *href = s->href ? s->href[c] : NULL;
            cell_link_open(b, isnan(s->v[c]) ? NULL : href);
            value_html(b, s->v[c], ch->unit);
            if (href && !isnan(s->v[c])) HTML_LIT(b, "</a>");
            if (s->n && s->of && !isnan(s->v[c])) {
                HTML_LIT(b, "<br><span class=\"muted\">");
                struct buf t = BUF_INIT, u = BUF_INIT;
                i18n_number(&t, s->n[c]);
                i18n_number(&u, s->of[c]);
                const char *fmt = _("%s of %s");
                const char *at = strstr(fmt, "%s"), *at2 = at ? strstr(at + 2, "%s") : NULL;
                if (at && at2) {
                    html_textn(b, fmt, (size_t)(at - fmt));
                    html_text(b, buf_cstr(&t));
                    html_textn(b, at + 2, (size_t)(at2 - at - 2));
                    html_text(b, buf_cstr(&u));
                    html_text(b, at2 + 2);
                }
                buf_cleanup(&t);
                buf_cleanup(&u);
                HTML_LIT(b, "</span>");
            }
            HTML_LIT(b, "</td>");
        }
        HTML_LIT(b, "</tr>");
    }
    HTML_LIT(b, "</tbody></table></div>\n");
}

static void download_links(struct buf *b, struct http_request *req, const struct chart *ch, const char *path)
{
    static const char *const LABELS[] = { "CSV", "XLSX", "JSON" };
    static const char *const EXT[] = { ".csv", ".xlsx", ".json" };
    HTML_LIT(b, "<p class=\"downloads\">");
    html_text(b, _("Download the numbers:"));
    for (int i = 0; i < 3; i++) {
        if (i) HTML_LIT(b, " · <a href=\"");
        else HTML_LIT(b, " <a href=\"");
        html_text(b, path);
        html_text(b, EXT[i]);
        HTML_LIT(b, "?chart=");
        html_urlpart(b, ch->id);
        for (size_t q = 0; q < req->query.n; q++) {
            if (strcmp(req->query.v[q].name, "chart") == 0 || strcmp(req->query.v[q].name, "lang") == 0) continue;
            HTML_LIT(b, "&amp;");
            html_urlpart(b, req->query.v[q].name);
            HTML_LIT(b, "=");
            html_urlpart(b, req->query.v[q].value);
        }
        HTML_LIT(b, "\" download>");
        html_text(b, LABELS[i]);
        HTML_LIT(b, "</a>");
    }
    HTML_LIT(b, "</p>\n");
}

void chart_figure_html(struct buf *b, struct http_request *req, const struct chart *ch, int level, const char *path)
{
    HTML_LIT(b, "<figure class=\"chart\" id=\"chart-");
    html_text(b, ch->id);
    HTML_LIT(b, "\" aria-labelledby=\"h-");
    html_text(b, ch->id);
    buf_printf(b, "\"><figcaption><h%d id=\"h-", level);
    html_text(b, ch->id);
    HTML_LIT(b, "\">");
    html_text(b, ch->title);
    buf_printf(b, "</h%d>", level);
    if (ch->synthetic) {
        HTML_LIT(b, "<strong class=\"tag\">");
        html_text(b, _("Synthetic data"));
        HTML_LIT(b, "</strong>");
    }
    HTML_LIT(b, "<p class=\"summary\" id=\"s-");
    html_text(b, ch->id);
    HTML_LIT(b, "\">");
    html_text(b, ch->summary ? ch->summary : "");
    HTML_LIT(b, "</p></figcaption>\n<div class=\"chart-body\"><div class=\"chart-draw\">");
    chart_svg(b, ch);
    HTML_LIT(b, "</div>\n");
    if (ch->kind == CHART_TILEMAP) {
        HTML_LIT(b, "<details class=\"chart-data\"><summary>");
        html_text(b, _("The data table, State by State"));
        HTML_LIT(b, "</summary>");
        chart_table_html(b, ch);
        HTML_LIT(b, "</details>");
    } else {
        chart_table_html(b, ch);
    }
    HTML_LIT(b, "</div>\n");
    if (ch->source) {
        HTML_LIT(b, "<p class=\"source\">");
        html_text(b, ch->source);
        HTML_LIT(b, "</p>\n");
    }
    if (path) download_links(b, req, ch, path);
    HTML_LIT(b, "</figure>\n");
}

/* ---- the numbers as one table: a row per value ---- */

void chart_table(struct table *t, struct arena *a, const struct chart *v, size_t n, const char *only)
{
    static const struct table_col tpl[] = {
        { "chart", N_("Chart"), 0, 0 }, { "title", N_("Title"), 0, 0 }, { "category", N_("Category"), 0, 0 },
        { "code", N_("Code"), 0, 0 }, { "series", N_("Series"), 0, 0 }, { "value", N_("Value"), 0, 0 },
        { "count", N_("Count"), 0, 0 }, { "denominator", N_("Out of"), 0, 0 }, { "unit", N_("Unit"), 0, 0 },
        { "url", N_("Address"), 0, 0 }, { "synthetic", N_("Synthetic"), 0, 0 },
    };
    enum { N = sizeof tpl / sizeof tpl[0] };
    static _Thread_local struct table_col cols[N];
    for (size_t i = 0; i < N; i++) { cols[i] = tpl[i]; cols[i].label = _(tpl[i].label); }
    table_init(t, cols, N);
    (void)a;
    for (size_t i = 0; i < n; i++) {
        const struct chart *ch = &v[i];
        if (only && strcmp(only, ch->id) != 0) continue;
        if (ch->kind == CHART_TILEMAP) {
            for (size_t k = 0; k < ch->ntiles; k++) {
                const struct chart_tile *tl = &ch->tiles[k];
                table_text(t, ch->id);
                table_text(t, ch->title);
                table_text(t, tl->label);
                table_text(t, tl->code);
                table_text(t, tl->value >= 0 && (size_t)tl->value < ch->nlegend ? ch->legend[tl->value] : NULL);
                table_int(t, tl->value);
                table_empty(t);
                table_empty(t);
                table_text(t, "");
                table_text(t, tl->href);
                table_bool(t, ch->synthetic);
            }
            continue;
        }
        for (size_t c = 0; c < ch->ncat; c++)
            for (size_t k = 0; k < ch->nseries; k++) {
                const struct chart_series *s = &ch->series[k];
                table_text(t, ch->id);
                table_text(t, ch->title);
                table_text(t, ch->categories[c]);
                table_empty(t);
                table_text(t, s->label);
                if (isnan(s->v[c])) table_empty(t); else table_number(t, s->v[c]);
                if (s->n && !isnan(s->v[c])) table_int(t, s->n[c]); else table_empty(t);
                if (s->of && !isnan(s->v[c])) table_int(t, s->of[c]); else table_empty(t);
                table_text(t, ch->unit ? ch->unit : "");
                const char *href = s->href && s->href[c] ? s->href[c] : ch->cat_href ? ch->cat_href[c] : NULL;
                table_text(t, href);
                table_bool(t, ch->synthetic);
            }
    }
}
