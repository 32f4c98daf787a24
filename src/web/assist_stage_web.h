/*
 * assist_stage_web: the procedure of requests for assistance on the web and in the API
 * (domain/assist_stage.h): the Secretariat's assistance desk (/desk/assistance, its
 * downloads and GET /api/v1/desk/assistance, one table description), the stage targets
 * (form and PUT /api/v1/desk/assistance/targets), a request's stage, history and move forms
 * on its page, and POST /api/v1/assistance/requests/{id}/stage.
 *
 * The desk is private (no-store, never cached).  The request page is cached for the public:
 * its stage section shows no names to the public and forms only to those who may use them.
 */
#ifndef POAISS_WEB_ASSIST_STAGE_WEB_H
#define POAISS_WEB_ASSIST_STAGE_WEB_H

#include "domain/assist_stage.h"
#include "domain/assistance.h"
#include "util/jsonw.h"
#include "web/table_export.h"
#include "web/web.h"

/** The desk's requests as one table (the page, its downloads, the API); values lent from d. */
void assist_desk_table(struct table *t, const struct assist_desk *d);
/** Whom a stage waits for (ASSIST_WAIT_ bits) as codes "secretariat state partners project", space-separated (NULL: none). */
const char *assist_waiting_codes(struct arena *a, unsigned waiting);

/**
 * On a request's page: its stage as a tag, days in the stage, the history as a timeline, and
 * the forms the asker may use (the Secretariat's move, the State's withdrawal).  now: read by
 * assist_stage_get before the page began; errs: the forms' errors after a refused post (NULL:
 * none).
 */
void assist_stage_html(struct http_request *req, struct http_response *res, struct buf *b, long long id,
                       const struct assist_stage_now *now, const struct assist_field_errors *errs);
/** The procedure's members of a request in full in the API (after stage, stage_since, close_reason): days_in_stage, stages. */
int assist_stage_json_members(struct app *app, struct http_request *req, struct jsonw *w, long long request_id, struct err *e);

/** The desk's filters from the query (stage, overdue, region): false after answering 400. */
bool assist_desk_filter_read(struct http_request *req, struct http_response *res, struct assist_desk_filter *f);
/** Answer request id in full as GET /api/v1/assistance/requests/{id} does, with status (api/assistance.c). */
void api_assist_request_answer(struct app *app, struct http_request *req, struct http_response *res, long long id, int status);

/* ---- handlers ---- */
void page_assist_desk(struct app *, struct http_request *, struct http_response *);
void page_assist_targets_post(struct app *, struct http_request *, struct http_response *);
void page_assist_stage_post(struct app *, struct http_request *, struct http_response *);
void api_assist_desk(struct app *, struct http_request *, struct http_response *);
void api_assist_targets(struct app *, struct http_request *, struct http_response *);
void api_assist_targets_put(struct app *, struct http_request *, struct http_response *);
void api_assist_stage_post(struct app *, struct http_request *, struct http_response *);

#endif
