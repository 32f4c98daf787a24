/*
 * web/trends: the trends document of a cycle (domain/trends.h) as a page,
 * /analysis/trends/{cycle}, and as its PDF, /analysis/trends/{cycle}.pdf (web/trends_pdf.h).
 */
#ifndef POAISS_WEB_TRENDS_H
#define POAISS_WEB_TRENDS_H

#include "domain/trends.h"
#include "util/buf.h"
#include "web/web.h"

/** The document's body as HTML (contents, numbered sections and figures with their data tables), escaped. */
void trends_html(struct buf *b, const struct trends_doc *d);

/** GET /analysis/trends/{cycle} and /analysis/trends/{cycle}.pdf. */
void page_trends(struct app *app, struct http_request *req, struct http_response *res);

#endif
