/*
 * baseline_web: the pages and API of joint baseline assessments (web/baseline.c,
 * web/baseline_open.c, api/baselines.c).  Everything is read through domain/baseline.h.
 */
#ifndef POAISS_WEB_BASELINE_WEB_H
#define POAISS_WEB_BASELINE_WEB_H

#include "domain/assistance.h"
#include "domain/baseline.h"
#include "util/jsonw.h"
#include "web/web.h"

/* ---- the API (api/baselines.c) ---- */
void api_baseline(struct app *, struct http_request *, struct http_response *);
void api_baseline_post(struct app *, struct http_request *, struct http_response *);
void api_baseline_patch(struct app *, struct http_request *, struct http_response *);
/** An assessment as the API shows it. */
void api_baseline_json(struct jsonw *w, const struct baseline *b);

/* ---- pages (web/baseline.c) ---- */
void page_baseline(struct app *, struct http_request *, struct http_response *);
void page_baseline_side(struct app *, struct http_request *, struct http_response *);
void page_baseline_side_post(struct app *, struct http_request *, struct http_response *);
void page_baseline_publish_post(struct app *, struct http_request *, struct http_response *);
void page_baseline_complete_post(struct app *, struct http_request *, struct http_response *);

/* ---- opening one, and the request page's section (web/baseline_open.c) ---- */
void page_baseline_new(struct app *, struct http_request *, struct http_response *);
void page_baseline_new_post(struct app *, struct http_request *, struct http_response *);
/**
 * On /assistance/requests/{id}: the assessments of the request the asker may see (nothing at
 * all when there is none to see, except for the Secretariat), and for the Secretariat the form
 * that opens one while the request is being processed.  0, or -1 with e.
 */
int assist_request_baselines_section(struct app *app, struct http_request *req, struct http_response *res, struct buf *b,
                                     const struct assist_request *q, struct err *e);

#endif
