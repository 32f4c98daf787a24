/*
 * analysis_web: the handlers of the analysis pages (web/analysis.c) and of its API
 * (api/analysis.c), with the JSON of a chart that both the API and downloads share.
 */
#ifndef POAISS_WEB_ANALYSIS_WEB_H
#define POAISS_WEB_ANALYSIS_WEB_H

#include "domain/chart.h"
#include "web/web.h"

struct jsonw;

void page_analysis(struct app *, struct http_request *, struct http_response *);
void page_analysis_reporting(struct app *, struct http_request *, struct http_response *);
void page_analysis_question(struct app *, struct http_request *, struct http_response *);
void page_analysis_sdg(struct app *, struct http_request *, struct http_response *);
void page_analysis_assistance(struct app *, struct http_request *, struct http_response *);
void api_analysis_reporting(struct app *, struct http_request *, struct http_response *);
void api_analysis_question(struct app *, struct http_request *, struct http_response *);
void api_analysis_sdg(struct app *, struct http_request *, struct http_response *);
void api_analysis_assistance(struct app *, struct http_request *, struct http_response *);

/** A chart as a JSON object in w: id, kind, title, summary, unit, categories, series (label, values, counts, denominators), tiles, legend, source, synthetic. */
void chart_write_json(struct jsonw *w, const struct chart *ch);

#endif
