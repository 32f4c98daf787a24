/*
 * trends_pdf_internal: the state of one rendering of the trends PDF, shared by the page flow
 * (web/trends_pdf.c) and the figures (web/trends_pdf_chart.c).  Not for other modules.
 *
 * Lengths are PDF points.  The document is laid out twice with the same code: the first pass
 * (draw false) only measures, to learn on which page each section starts; the second draws.
 */
#ifndef POAISS_WEB_TRENDS_PDF_INTERNAL_H
#define POAISS_WEB_TRENDS_PDF_INTERNAL_H

#include <stdbool.h>

#include <cairo.h>
#include <pango/pangocairo.h>

#include "domain/trends.h"
#include "util/arena.h"

#define PDF_W 595.28
#define PDF_H 841.89
#define PDF_MARGIN_X 62.0
#define PDF_TOP 72.0
#define PDF_BOTTOM (PDF_H - 70.0)

enum pdf_font {
    PDF_BODY, PDF_SMALL, PDF_TINY, PDF_CAPTION, PDF_H1, PDF_H2, PDF_TITLE, PDF_SUBTITLE,
    PDF_TH, PDF_TD, PDF_TH_NARROW, PDF_TD_NARROW,   /* tables; narrow: more than five columns */
    PDF_NFONTS
};

struct pdf {
    const struct trends_doc *d;
    struct arena a;             /* the rendering's strings */
    cairo_t *cr;
    PangoContext *pc;
    PangoFontDescription *font[PDF_NFONTS];
    bool draw;                  /* the second pass */
    bool rtl;
    int page;                   /* 1-based; 0 before the first page */
    double y;                   /* where the next block starts */
    int *sec_page;              /* the page of each section (from the first pass) */
    int *fig_page;
    int pages;                  /* total, from the first pass */
    int outline_top;            /* the outline id of the last level-1 section */
};

/** A layout of text in font, width points wide (wrapped), aligned to the start (or the end when end). Owned: g_object_unref. */
PangoLayout *pdf_layout(struct pdf *p, const char *text, enum pdf_font f, double width, bool end);
/** The layout's height in points. */
double pdf_layout_height(PangoLayout *l);
/** The layout's widest line in points. */
double pdf_layout_width(PangoLayout *l);
/** Draw l with its box's top left at x, y (second pass only). */
void pdf_show(struct pdf *p, PangoLayout *l, double x, double y);
/** Draw text in font in a box x, y, width (start-aligned, or end-aligned); returns its height. */
double pdf_text_at(struct pdf *p, const char *text, enum pdf_font f, double x, double y, double width, bool end);
/** Set the colour from 0xRRGGBB. */
void pdf_rgb(cairo_t *cr, unsigned rgb);
/** A number in the document's language (as trends_number) into out. */
void pdf_number(struct pdf *p, long long n, char *out, size_t size);
/** Start a new page (ends the current one). */
void pdf_new_page(struct pdf *p);

/** The height a figure's drawing (with its legend) takes at this width. */
double pdf_chart_height(struct pdf *p, const struct chart *c, double width);
/** Draw the figure's drawing (with its legend and the synthetic mark) in the box x, y, width. */
void pdf_chart_draw(struct pdf *p, const struct chart *c, double x, double y, double width);

#endif
