/*
 * target_svg: a line chart of domain/chart.h as inline SVG, for the path to a voluntary target.
 * Minimal on purpose: it reads only the chart description, so it can give way to the analysis
 * pages' renderer (web/chart_svg.c) once that is in main.  Categories are spaced evenly along
 * the x axis; each series is a line through its points that have data (NAN: none), with its own
 * dash pattern and marker shape, so that colour never carries the meaning alone; the legend
 * names them.  Coordinates are computed here; every text is escaped.
 */
#include <math.h>
#include <stdio.h>

#include "web/targets.h"

enum { W = 640, H = 300, L = 64, R = 24, T = 24, B = 56 };

static void num(struct buf *b, double v)
{
    char tmp[32];
    snprintf(tmp, sizeof tmp, "%.1f", v);
    buf_puts(b, tmp);
}

/* The axis label of a value: plain digits, at most two decimals. */
static void tick_text(struct buf *b, double v)
{
    char tmp[40];
    if (fabs(v - round(v)) < 1e-9) snprintf(tmp, sizeof tmp, "%.0f", v);
    else snprintf(tmp, sizeof tmp, "%.2g", v);
    html_text(b, tmp);
}

static void marker(struct buf *b, size_t series, double x, double y)
{
    if (series == 0) {
        HTML_LIT(b, "<circle r=\"4.5\" cx=\"");
        num(b, x);
        HTML_LIT(b, "\" cy=\"");
        num(b, y);
        HTML_LIT(b, "\"/>");
    } else {   /* a square: the planned path */
        HTML_LIT(b, "<rect width=\"9\" height=\"9\" x=\"");
        num(b, x - 4.5);
        HTML_LIT(b, "\" y=\"");
        num(b, y - 4.5);
        HTML_LIT(b, "\"/>");
    }
}

void target_svg(struct buf *b, const struct chart *c)
{
    double lo = INFINITY, hi = -INFINITY;
    for (size_t s = 0; s < c->nseries; s++)
        for (size_t i = 0; i < c->ncat; i++)
            if (!isnan(c->series[s].v[i])) { lo = fmin(lo, c->series[s].v[i]); hi = fmax(hi, c->series[s].v[i]); }
    if (!isfinite(lo)) { lo = 0; hi = 1; }
    if (lo > 0) lo = 0;
    if (hi <= lo) hi = lo + 1;
    double pw = W - L - R, ph = H - T - B;
    HTML_LIT(b, "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 640 300\" width=\"640\" height=\"300\" aria-labelledby=\"");
    html_text(b, c->id);
    HTML_LIT(b, "-t ");
    html_text(b, c->id);
    HTML_LIT(b, "-d\" xmlns=\"http://www.w3.org/2000/svg\"><title id=\"");
    html_text(b, c->id);
    HTML_LIT(b, "-t\">");
    html_text(b, c->title);
    HTML_LIT(b, "</title><desc id=\"");
    html_text(b, c->id);
    HTML_LIT(b, "-d\">");
    html_text(b, c->summary);
    if (c->synthetic) { HTML_LIT(b, " "); html_text(b, _("Synthetic demonstration data.")); }
    HTML_LIT(b, "</desc>");
    /* Axes and four grid lines with their values. */
    HTML_LIT(b, "<g class=\"axis\" stroke=\"#505a5f\" fill=\"none\"><line x1=\"64\" y1=\"24\" x2=\"64\" y2=\"244\"/>"
                "<line x1=\"64\" y1=\"244\" x2=\"616\" y2=\"244\"/></g><g class=\"ticks\" font-size=\"12\" fill=\"#0b0c0c\">");
    for (int k = 0; k <= 4; k++) {
        double v = lo + (hi - lo) * k / 4, y = T + ph - ph * k / 4;
        HTML_LIT(b, "<line stroke=\"#b1b4b6\" x1=\"64\" x2=\"616\" y1=\"");
        num(b, y);
        HTML_LIT(b, "\" y2=\"");
        num(b, y);
        HTML_LIT(b, "\"/><text text-anchor=\"end\" x=\"58\" y=\"");
        num(b, y + 4);
        HTML_LIT(b, "\">");
        tick_text(b, v);
        HTML_LIT(b, "</text>");
    }
    for (size_t i = 0; i < c->ncat; i++) {
        double x = c->ncat > 1 ? L + pw * (double)i / (double)(c->ncat - 1) : L + pw / 2;
        HTML_LIT(b, "<text text-anchor=\"middle\" y=\"262\" x=\"");
        num(b, x);
        HTML_LIT(b, "\">");
        html_text(b, c->categories[i]);
        HTML_LIT(b, "</text>");
    }
    HTML_LIT(b, "</g>");
    static const char *const COLOUR[] = { "#1d70b8", "#505a5f" };
    for (size_t s = 0; s < c->nseries && s < 2; s++) {
        HTML_LIT(b, "<g class=\"series\" fill=\"");
        html_text(b, COLOUR[s]);
        HTML_LIT(b, "\"><polyline fill=\"none\" stroke-width=\"2.5\" stroke=\"");
        html_text(b, COLOUR[s]);
        HTML_LIT(b, "\"");
        if (s) HTML_LIT(b, " stroke-dasharray=\"6 4\"");
        HTML_LIT(b, " points=\"");
        for (size_t i = 0; i < c->ncat; i++) {
            if (isnan(c->series[s].v[i])) continue;
            double x = c->ncat > 1 ? L + pw * (double)i / (double)(c->ncat - 1) : L + pw / 2;
            num(b, x);
            buf_putc(b, ',');
            num(b, T + ph - ph * (c->series[s].v[i] - lo) / (hi - lo));
            buf_putc(b, ' ');
        }
        HTML_LIT(b, "\"/>");
        for (size_t i = 0; i < c->ncat; i++) {
            if (isnan(c->series[s].v[i])) continue;
            double x = c->ncat > 1 ? L + pw * (double)i / (double)(c->ncat - 1) : L + pw / 2;
            marker(b, s, x, T + ph - ph * (c->series[s].v[i] - lo) / (hi - lo));
        }
        /* The legend: the marker, the line, the name. */
        double lx = L + 8 + (double)s * 280;
        HTML_LIT(b, "<line stroke-width=\"2.5\" y1=\"288\" y2=\"288\" stroke=\"");
        html_text(b, COLOUR[s]);
        HTML_LIT(b, "\"");
        if (s) HTML_LIT(b, " stroke-dasharray=\"6 4\"");
        HTML_LIT(b, " x1=\"");
        num(b, lx);
        HTML_LIT(b, "\" x2=\"");
        num(b, lx + 28);
        HTML_LIT(b, "\"/>");
        marker(b, s, lx + 14, 288);
        HTML_LIT(b, "<text font-size=\"12\" fill=\"#0b0c0c\" y=\"292\" x=\"");
        num(b, lx + 36);
        HTML_LIT(b, "\">");
        html_text(b, c->series[s].label);
        HTML_LIT(b, "</text></g>");
    }
    HTML_LIT(b, "</svg>");
}
