/*
 * chart: a figure of the analysis, described once and rendered everywhere: as SVG on a page
 * (web/chart_svg.c), as vector graphics on a page of the trends PDF (cairo), and as its data
 * table (HTML beside the chart, CSV, XLSX, JSON downloads).  The description holds the
 * numbers and their words, never colours or coordinates: each renderer decides those.
 *
 * A chart has categories (the x axis or the rows of the table: cycles, regions, answers) and
 * one or more series (a value for each category).  A tile map has tiles instead: a square per
 * State placed on a grid by region, its value an index into the legend.
 *
 * Everything is lent: strings and arrays live in the arena of whoever built the chart.
 */
#ifndef POAISS_DOMAIN_CHART_H
#define POAISS_DOMAIN_CHART_H

#include <stdbool.h>
#include <stddef.h>

enum chart_kind {
    CHART_BAR,          /* one bar per category and series, side by side */
    CHART_STACKED,      /* the series stacked in one bar per category (shares: they sum to 100) */
    CHART_LINE,         /* one line per series across the categories (cycles) */
    CHART_TILEMAP,      /* tiles on a grid, coloured and patterned by legend entry */
};

struct chart_series {
    const char *label;          /* in the chart's language */
    const double *v;            /* ncat values; NAN: no data for that category */
    const int *n;               /* ncat counts behind the values (the numerator), or NULL */
    const int *of;              /* ncat denominators ("52 of 97 reporting States"), or NULL */
    const char *const *href;    /* ncat paths of the reports behind each value, or NULL (then cat_href) */
};

struct chart_tile {
    const char *code;           /* ISO3 */
    const char *label;          /* the State's name, for titles and the table */
    const char *href;           /* the reports behind it, or NULL */
    int row, col;               /* grid position */
    int value;                  /* index into legend */
    const char *group;          /* the block it belongs to (its region, named once per block), or NULL */
};

struct chart {
    enum chart_kind kind;
    const char *id;             /* stable, unique on its page: anchors and download names */
    const char *title;          /* "Figure" numbering is the document's, not the chart's */
    const char *summary;        /* one sentence written from the data */
    const char *unit;           /* "%", "USD", "" */
    const char *x_label, *y_label;
    const char *const *categories;      /* ncat labels */
    const char *const *cat_href;        /* ncat paths of the reports behind each category, or NULL */
    size_t ncat;
    const struct chart_series *series;
    size_t nseries;
    const struct chart_tile *tiles;     /* CHART_TILEMAP */
    size_t ntiles;
    const char *const *legend;          /* CHART_TILEMAP: labels of the tile values */
    size_t nlegend;
    const char *source;                 /* a sentence on where the numbers come from and their coverage */
    bool synthetic;                     /* built from synthetic (demo) data: every rendering says so */
};

#endif
