/*
 * web/trends_pdf_chart: a figure of the trends PDF drawn as vector graphics from its struct chart
 * (domain/chart.h): horizontal bars (side by side or stacked, the category names on the start
 * side), lines across cycles (a marker shape per series), and the tile map (a square per State).
 * Colours never carry meaning alone: bars of alternate series are hatched, lines have distinct
 * markers, the map's empty squares are outlined, every value is labelled or in the data table
 * printed under the figure.  Right to left (Arabic), the drawing is mirrored.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "util/i18n.h"
#include "web/trends_pdf_internal.h"

/* Okabe and Ito's palette, safe for colour-blind readers, darkened where text sits next to it. */
static const unsigned PALETTE[] = { 0x0072b2, 0xd55e00, 0x009e73, 0xcc79a7, 0x56b4e9, 0xe69f00, 0x555555 };
#define NPALETTE (sizeof PALETTE / sizeof PALETTE[0])
#define LINE_PLOT_H 170.0
#define AXIS_H 16.0
#define LEGEND_ROW 13.0

static unsigned colour(const struct chart *c, size_t k)
{
    /* The answers of a stacked chart: Yes, Developing, No, No response. */
    if (c->kind == CHART_STACKED) {
        static const unsigned ANS[] = { 0x0b5394, 0x6fa8dc, 0xd55e00, 0xbdbdbd };
        return ANS[k % 4];
    }
    return PALETTE[k % NPALETTE];
}

/* x measured from the box's start side. */
static double mx(const struct pdf *p, double x0, double w, double x)
{
    return p->rtl ? x0 + w - (x - x0) : x;
}

static void rect_at(struct pdf *p, double x0, double w, double x, double y, double rw, double rh)
{
    double left = p->rtl ? x0 + w - (x - x0) - rw : x;
    cairo_rectangle(p->cr, left, y, rw, rh);
}

/* Fill the current path with colour rgb, hatched when hatch. */
static void fill_hatched(cairo_t *cr, unsigned rgb, bool hatch)
{
    pdf_rgb(cr, rgb);
    if (!hatch) { cairo_fill(cr); return; }
    double x1, y1, x2, y2;
    cairo_fill_extents(cr, &x1, &y1, &x2, &y2);
    cairo_save(cr);
    cairo_fill_preserve(cr);
    cairo_clip(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_set_line_width(cr, 1.2);
    for (double d = x1 - (y2 - y1); d < x2; d += 4) {
        cairo_move_to(cr, d, y2);
        cairo_line_to(cr, d + (y2 - y1), y1);
    }
    cairo_stroke(cr);
    cairo_restore(cr);
    cairo_new_path(cr);
}

static void marker(cairo_t *cr, size_t k, double x, double y)
{
    const double r = 2.8;
    switch (k % 4) {
    case 0: cairo_arc(cr, x, y, r, 0, 2 * M_PI); break;
    case 1: cairo_rectangle(cr, x - r, y - r, 2 * r, 2 * r); break;
    case 2: cairo_move_to(cr, x, y - r - 0.6); cairo_line_to(cr, x + r + 0.6, y + r); cairo_line_to(cr, x - r - 0.6, y + r); cairo_close_path(cr); break;
    default: cairo_move_to(cr, x, y - r - 1); cairo_line_to(cr, x + r + 1, y); cairo_line_to(cr, x, y + r + 1); cairo_line_to(cr, x - r - 1, y); cairo_close_path(cr); break;
    }
    cairo_fill(cr);
}

/* Paint the current path as a tile of legend entry v: the last entry ("not reported") outlined, the
   others filled, every other one hatched, so that the entries differ by more than colour. */
static void tile_paint(cairo_t *cr, const struct chart *c, int v)
{
    static const unsigned TILE[] = { 0x0b5394, 0x6fa8dc, 0x009e73, 0xcc79a7 };
    if (c->nlegend > 1 && v == (int)c->nlegend - 1) {
        pdf_rgb(cr, 0x777777);
        cairo_set_line_width(cr, 0.7);
        cairo_stroke(cr);
        return;
    }
    fill_hatched(cr, TILE[(v < 0 ? 0 : v) % 4], v % 2 == 1);
}

/* Whether text on a tile of entry v is white (on a dark fill) or dark. */
static bool tile_dark(const struct chart *c, int v) { return v == 0 && c->nlegend > 1; }

/* ---- legend ---- */

static size_t legend_count(const struct chart *c) { return c->kind == CHART_TILEMAP ? c->nlegend : c->nseries; }
static const char *legend_label(const struct chart *c, size_t k) { return c->kind == CHART_TILEMAP ? c->legend[k] : c->series[k].label; }

static void legend_swatch(struct pdf *p, const struct chart *c, size_t k, double x, double y)
{
    cairo_t *cr = p->cr;
    if (c->kind == CHART_LINE) {
        pdf_rgb(cr, colour(c, k));
        cairo_set_line_width(cr, 1.6);
        cairo_move_to(cr, x, y + 5);
        cairo_line_to(cr, x + 14, y + 5);
        cairo_stroke(cr);
        marker(cr, k, x + 7, y + 5);
    } else if (c->kind == CHART_TILEMAP) {
        cairo_rectangle(cr, x + 2, y, 10, 10);
        tile_paint(cr, c, (int)k);
    } else {
        cairo_rectangle(cr, x + 2, y, 10, 10);
        fill_hatched(cr, colour(c, k), c->kind == CHART_BAR && k % 2 == 1);
    }
}

/* Lay the legend out (draw it too on the second pass) from y; returns its height. */
static double legend(struct pdf *p, const struct chart *c, double x0, double y, double width, bool draw)
{
    size_t n = legend_count(c);
    if (n < 2 && c->kind != CHART_TILEMAP) return 0;
    double cx = 0, rows = 1;
    for (size_t k = 0; k < n; k++) {
        PangoLayout *l = pdf_layout(p, legend_label(c, k), PDF_SMALL, -1, false);
        pango_layout_set_width(l, -1);
        double w = 18 + pdf_layout_width(l) + 12;
        if (cx > 0 && cx + w > width) { cx = 0; rows++; }
        if (draw && p->draw) {
            double sy = y + (rows - 1) * LEGEND_ROW;
            double sx = p->rtl ? x0 + width - cx - 16 : x0 + cx;
            legend_swatch(p, c, k, sx, sy + 1);
            pdf_rgb(p->cr, 0x222222);
            double tx = p->rtl ? x0 + width - cx - 18 - pdf_layout_width(l) : x0 + cx + 18;
            pdf_show(p, l, tx, sy - 1);
        }
        cx += w;
        g_object_unref(l);
    }
    return rows * LEGEND_ROW + 4;
}

/* ---- horizontal bars ---- */

static double label_w(double width) { return width * 0.32; }

static double bar_row_h(struct pdf *p, const struct chart *c, size_t i, double width)
{
    PangoLayout *l = pdf_layout(p, c->categories[i], PDF_SMALL, label_w(width) - 6, true);
    double h = pdf_layout_height(l);
    g_object_unref(l);
    double bars = c->kind == CHART_STACKED ? 13 : (double)c->nseries * 9 + 2;
    return fmax(h, bars) + 6;
}

/* The value axis: its end and the number of steps to it (percentages: 0-100 by 25; counts: whole steps of 1, 2 or 5 x 10^k). */
static double axis_max(const struct chart *c, int *steps)
{
    *steps = 4;
    if (c->unit && strcmp(c->unit, "%") == 0) return 100;
    double m = 0;
    for (size_t k = 0; k < c->nseries; k++)
        for (size_t i = 0; i < c->ncat; i++)
            if (!isnan(c->series[k].v[i])) m = fmax(m, c->series[k].v[i]);
    if (m <= 0) return 4;
    double raw = m / 4, e = pow(10, floor(log10(raw))), f = raw / e;
    double step = fmax(1, (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * e);
    *steps = (int)ceil(m / step);
    return step * *steps;
}

static const char *value_text(struct pdf *p, const struct chart *c, double v)
{
    if (c->unit && strcmp(c->unit, "%") == 0) return trends_percent(&p->a, p->d->lang, v);
    return trends_number(&p->a, p->d->lang, llround(v));
}

/* Vertical gridlines with their labels under the plot; x0, pw: the plot's box. */
static void grid_x(struct pdf *p, const struct chart *c, double bx, double bw, double x0, double pw, double y0, double y1)
{
    int steps;
    double max = axis_max(c, &steps);
    for (int t = 0; t <= steps; t++) {
        double v = max * t / steps, x = mx(p, bx, bw, x0 + pw * t / steps);
        pdf_rgb(p->cr, t ? 0xdddddd : 0x777777);
        cairo_set_line_width(p->cr, t ? 0.4 : 0.8);
        cairo_move_to(p->cr, x, y0);
        cairo_line_to(p->cr, x, y1);
        cairo_stroke(p->cr);
        PangoLayout *l = pdf_layout(p, value_text(p, c, v), PDF_TINY, 40, false);
        pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
        pdf_rgb(p->cr, 0x444444);
        pdf_show(p, l, x - 20, y1 + 2);
        g_object_unref(l);
    }
}

static void bars_draw(struct pdf *p, const struct chart *c, double bx, double y, double width)
{
    cairo_t *cr = p->cr;
    int steps;
    double lw = label_w(width), x0 = bx + lw, pw = width - lw - 30, max = axis_max(c, &steps);
    double total = 0;
    for (size_t i = 0; i < c->ncat; i++) total += bar_row_h(p, c, i, width);
    grid_x(p, c, bx, width, x0, pw, y, y + total);
    double ry = y;
    for (size_t i = 0; i < c->ncat; i++) {
        double rh = bar_row_h(p, c, i, width);
        PangoLayout *l = pdf_layout(p, c->categories[i], PDF_SMALL, lw - 6, true);
        pdf_rgb(cr, 0x222222);
        pdf_show(p, l, p->rtl ? bx + width - lw + 6 : bx, ry + 3);
        g_object_unref(l);
        if (c->kind == CHART_STACKED) {
            double at = 0;
            for (size_t k = 0; k < c->nseries; k++) {
                double v = c->series[k].v[i];
                if (isnan(v) || v <= 0) continue;
                double w = pw * v / max;
                rect_at(p, bx, width, x0 + at, ry + 3, w, 13);
                fill_hatched(cr, colour(c, k), k == 1);
                if (w > 24) {
                    PangoLayout *vl = pdf_layout(p, value_text(p, c, v), PDF_TINY, w, false);
                    pango_layout_set_alignment(vl, PANGO_ALIGN_CENTER);
                    double left = p->rtl ? bx + width - (x0 + at - bx) - w : x0 + at;
                    if (k == 0 || k == 2) cairo_set_source_rgb(cr, 1, 1, 1); else pdf_rgb(cr, 0x111111);
                    pdf_show(p, vl, left, ry + 4.5);
                    g_object_unref(vl);
                }
                at += w;
            }
        } else {
            for (size_t k = 0; k < c->nseries; k++) {
                double v = c->series[k].v[i], by = ry + 3 + (double)k * 9;
                if (isnan(v)) continue;
                double w = pw * v / max;
                rect_at(p, bx, width, x0, by, w, 8);
                fill_hatched(cr, colour(c, k), k % 2 == 1);
                PangoLayout *vl = pdf_layout(p, value_text(p, c, v), PDF_TINY, -1, false);
                pango_layout_set_width(vl, -1);
                double tw = pdf_layout_width(vl);
                pdf_rgb(cr, 0x222222);
                pdf_show(p, vl, p->rtl ? mx(p, bx, width, x0 + w + 3) - tw : x0 + w + 3, by - 0.5);
                g_object_unref(vl);
            }
        }
        ry += rh;
    }
}

/* ---- lines ---- */

static void lines_draw(struct pdf *p, const struct chart *c, double bx, double y, double width)
{
    cairo_t *cr = p->cr;
    int steps;
    double x0 = bx + 46, pw = width - 66, y0 = y + 10, ph = LINE_PLOT_H - 14, max = axis_max(c, &steps);
    /* horizontal gridlines and their labels on the start side */
    for (int t = 0; t <= steps; t++) {
        double gy = y0 + ph - ph * t / steps;
        pdf_rgb(cr, t ? 0xdddddd : 0x777777);
        cairo_set_line_width(cr, t ? 0.4 : 0.8);
        cairo_move_to(cr, mx(p, bx, width, x0), gy);
        cairo_line_to(cr, mx(p, bx, width, x0 + pw), gy);
        cairo_stroke(cr);
        PangoLayout *l = pdf_layout(p, value_text(p, c, max * t / steps), PDF_TINY, 30, true);
        pdf_rgb(cr, 0x444444);
        pdf_show(p, l, p->rtl ? bx + width - 30 : bx, gy - 4.5);
        g_object_unref(l);
    }
    double step = c->ncat > 1 ? pw / (double)(c->ncat - 1) : 0;
    for (size_t i = 0; i < c->ncat; i++) {
        double x = mx(p, bx, width, x0 + (c->ncat > 1 ? step * (double)i : pw / 2));
        PangoLayout *l = pdf_layout(p, c->categories[i], PDF_TINY, 40, false);
        pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
        pdf_rgb(cr, 0x444444);
        pdf_show(p, l, x - 20, y0 + ph + 3);
        g_object_unref(l);
    }
    for (size_t k = 0; k < c->nseries; k++) {
        const double *v = c->series[k].v;
        pdf_rgb(cr, colour(c, k));
        cairo_set_line_width(cr, k == 0 ? 2.0 : 1.2);
        if (k % 2 == 1) { static const double dash[] = { 4, 2 }; cairo_set_dash(cr, dash, 2, 0); }
        bool open = false;
        for (size_t i = 0; i < c->ncat; i++) {
            if (isnan(v[i])) { open = false; continue; }
            double x = mx(p, bx, width, x0 + (c->ncat > 1 ? step * (double)i : pw / 2)), yy = y0 + ph - ph * v[i] / max;
            if (open) cairo_line_to(cr, x, yy); else cairo_move_to(cr, x, yy);
            open = true;
        }
        cairo_stroke(cr);
        cairo_set_dash(cr, NULL, 0, 0);
        for (size_t i = 0; i < c->ncat; i++)
            if (!isnan(v[i])) marker(cr, k, mx(p, bx, width, x0 + (c->ncat > 1 ? step * (double)i : pw / 2)), y0 + ph - ph * v[i] / max);
    }
}

/* ---- tile map ---- */

static int tile_rows(const struct chart *c)
{
    int rows = 0;
    for (size_t i = 0; i < c->ntiles; i++) if (c->tiles[i].row + 1 > rows) rows = c->tiles[i].row + 1;
    return rows;
}

/* The width of the column of region names on the start side, when the tiles name their groups. */
static double tile_label_w(const struct chart *c)
{
    for (size_t i = 0; i < c->ntiles; i++) if (c->tiles[i].group) return 78;
    return 0;
}

static double tile_size(const struct chart *c, double width)
{
    int cols = 1;
    for (size_t i = 0; i < c->ntiles; i++) if (c->tiles[i].col + 1 > cols) cols = c->tiles[i].col + 1;
    return fmin((width - tile_label_w(c)) / cols, 24);
}

static void tiles_draw(struct pdf *p, const struct chart *c, double bx, double y, double width)
{
    cairo_t *cr = p->cr;
    double s = tile_size(c, width), lw = tile_label_w(c);
    const char *group = NULL;
    for (size_t i = 0; i < c->ntiles; i++) {
        const struct chart_tile *t = &c->tiles[i];
        double x = bx + lw + t->col * s, ty = y + t->row * s;
        if (t->group && (!group || strcmp(group, t->group) != 0)) {   /* the region's name, once, by its first row */
            group = t->group;
            pdf_rgb(cr, 0x222222);
            pdf_text_at(p, group, PDF_SMALL, p->rtl ? bx + width - lw + 4 : bx, ty + 2, lw - 6, false);
        }
        rect_at(p, bx, width, x + 1, ty + 1, s - 2, s - 2);
        tile_paint(cr, c, t->value);
        PangoLayout *l = pdf_layout(p, t->code, PDF_TINY, s, false);
        PangoFontDescription *f = pango_font_description_copy(pango_layout_get_font_description(l));
        pango_font_description_set_size(f, (int)(fmin(5.5, s / 4.2) * PANGO_SCALE));
        pango_font_description_set_family(f, "Noto Sans");
        pango_layout_set_font_description(l, f);
        pango_font_description_free(f);
        pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
        if (tile_dark(c, t->value)) cairo_set_source_rgb(cr, 1, 1, 1); else pdf_rgb(cr, 0x222222);
        double left = p->rtl ? bx + width - (x - bx) - s : x;
        pdf_show(p, l, left, ty + s / 2 - pdf_layout_height(l) / 2);
        g_object_unref(l);
    }
}

/* ---- the figure ---- */

static double drawing_height(struct pdf *p, const struct chart *c, double width)
{
    switch (c->kind) {
    case CHART_LINE: return LINE_PLOT_H + AXIS_H;
    case CHART_TILEMAP: return tile_rows(c) * tile_size(c, width);
    default: {
        double h = 0;
        for (size_t i = 0; i < c->ncat; i++) h += bar_row_h(p, c, i, width);
        return h + AXIS_H;
    }
    }
}

double pdf_chart_height(struct pdf *p, const struct chart *c, double width)
{
    return 16 + drawing_height(p, c, width) + 6 + legend(p, c, 0, 0, width, false);
}

void pdf_chart_draw(struct pdf *p, const struct chart *c, double x, double y, double width)
{
    if (!p->draw) return;
    cairo_t *cr = p->cr;
    cairo_save(cr);
    /* The synthetic mark, on the end side above the drawing: on every figure of a synthetic document. */
    if (c->synthetic || p->d->synthetic) {
        PangoLayout *l = pdf_layout(p, _("Synthetic data"), PDF_SMALL, -1, false);
        pango_layout_set_width(l, -1);
        double w = pdf_layout_width(l) + 8, h = pdf_layout_height(l);
        double bx = p->rtl ? x : x + width - w;
        pdf_rgb(cr, 0x9a3412);
        cairo_set_line_width(cr, 0.8);
        cairo_rectangle(cr, bx, y, w, h + 2);
        cairo_stroke(cr);
        pdf_show(p, l, bx + 4, y + 1);
        g_object_unref(l);
    }
    if (c->y_label && c->kind == CHART_LINE) {
        pdf_rgb(cr, 0x444444);
        pdf_text_at(p, c->y_label, PDF_TINY, x, y + 4, width * 0.6, false);
    }
    double dy = y + 16;
    switch (c->kind) {
    case CHART_LINE: lines_draw(p, c, x, dy, width); break;
    case CHART_TILEMAP: tiles_draw(p, c, x, dy, width); break;
    default: bars_draw(p, c, x, dy, width); break;
    }
    legend(p, c, x, dy + drawing_height(p, c, width) + 6, width, true);
    cairo_restore(cr);
    pdf_rgb(cr, 0x111111);
}
