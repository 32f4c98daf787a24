/*
 * chart_svg: a chart of the analysis (domain/chart.h) on a page, readable without JavaScript:
 * the figure (its title, its one-sentence summary, "Synthetic data" when it is), the chart as
 * inline SVG (role="img", named by its title and described by the summary), its data table
 * beside it (an HTML table with a caption, each number linked to the reports behind it), the
 * source sentence and the download links.
 *
 * Colours are never the only carrier of meaning: bars carry a pattern per series and their value
 * written at their end, lines a marker shape and dash per series, tiles their State's code and a
 * pattern per legend entry; every colour has a contrast of at least 3:1 against the white
 * background.  In a right-to-left page (Arabic) the chart is mirrored: labels on the right, bars
 * growing leftwards, time running from right to left.
 *
 * The numbers download as one table per page (chart_table): a row per value with the chart's
 * id, so "/analysis/reporting.csv?chart=rate" is one chart and "/analysis/reporting.csv" all.
 */
#ifndef POAISS_WEB_CHART_SVG_H
#define POAISS_WEB_CHART_SVG_H

#include <stddef.h>

#include "domain/chart.h"
#include "util/buf.h"
#include "web/table_export.h"

struct arena;
struct http_request;

/** The chart as an <svg> element (escaped; ids made from ch->id, unique on the page). */
void chart_svg(struct buf *b, const struct chart *ch);
/** The chart's numbers as an HTML table with a caption, values linked to the reports behind them. */
void chart_table_html(struct buf *b, const struct chart *ch);
/**
 * The whole figure: <figure> with its heading (level 2 or 3), summary, synthetic label, SVG, data
 * table, source and the download links of path for this chart (?chart=id, the request's query kept).
 */
void chart_figure_html(struct buf *b, struct http_request *req, const struct chart *ch, int level, const char *path);
/**
 * Fill t (initialised here; the caller cleans it up) with the numbers of the charts v[0..n) (only
 * the one whose id is only, when only is not NULL): chart, title, category, code, series, value,
 * count, denominator, unit, link.  Strings it makes live in a.
 */
void chart_table(struct table *t, struct arena *a, const struct chart *v, size_t n, const char *only);

#endif
