/*
 * web/targets: the pages of voluntary targets (web/targets.c, web/target_form.c), the figure of
 * a target's path (web/target_svg.c), and what the API (api/targets.c) and the State page share
 * with them.  Everything is read and written through domain/target.h.
 */
#ifndef POAISS_WEB_TARGETS_H
#define POAISS_WEB_TARGETS_H

#include "domain/chart.h"
#include "domain/target.h"
#include "web/table_export.h"
#include "web/web.h"

/**
 * The targets as one table (the list, its .csv/.xlsx/.json downloads, the API's list): one row
 * per target with its latest point.  Labels in this thread's language; strings lent from v.
 */
void targets_table(struct table *t, const struct target *v, size_t n);
/** The filters of a list request (state, region, paragraph, status: checked by the route). */
struct target_filter targets_filter(const struct http_request *req);
/** On /states/{ISO3}: the State's targets, each linked, with its latest value.  0, or -1 with e. */
int targets_state_section(struct app *app, struct http_request *req, const char *iso3, struct buf *b, struct err *e);
/** A value in the page's language ("1,250", "12.5"), isolated left to right. */
void targets_html_value(struct buf *b, double v, const char *unit);
/**
 * The figure c as an inline SVG line chart (role="img", <title> and <desc> from the chart's title
 * and summary; each series a line with markers of its own shape, never colour alone), followed
 * by nothing else: the caller writes the data table beside it.
 */
void target_svg(struct buf *b, const struct chart *c);

/* ---- pages (web/targets.c, web/target_form.c) ---- */
void page_targets(struct app *, struct http_request *, struct http_response *);
void page_target(struct app *, struct http_request *, struct http_response *);
void page_target_new(struct app *, struct http_request *, struct http_response *);
void page_target_new_post(struct app *, struct http_request *, struct http_response *);
void page_target_edit(struct app *, struct http_request *, struct http_response *);
void page_target_edit_post(struct app *, struct http_request *, struct http_response *);
void page_target_progress_post(struct app *, struct http_request *, struct http_response *);

/* ---- API (api/targets.c) ---- */
void api_targets(struct app *, struct http_request *, struct http_response *);
void api_targets_post(struct app *, struct http_request *, struct http_response *);
void api_target(struct app *, struct http_request *, struct http_response *);
void api_target_progress_post(struct app *, struct http_request *, struct http_response *);

#endif
