/*
 * report_review: the pages around a report's status changes — the Secretariat's
 * confirmation before it publishes or returns a report, the State's confirmation after it
 * submits, the message on "Edit" of a report that cannot be edited now, a report's history
 * and the Secretariat's return comment shown to the State.
 */
#ifndef POAISS_WEB_REPORT_REVIEW_H
#define POAISS_WEB_REPORT_REVIEW_H

#include <stddef.h>

#include "domain/report_history.h"
#include "web/web.h"

/**
 * Answer the confirmation page of action "publish" or "return" for report ri, with the text
 * typed so far (lent, may be NULL) and an error to show (lent, NULL: none).  The caller sets
 * the status (422 after a refused form).
 */
void report_confirm_page(struct app *app, struct http_request *req, struct http_response *res, const struct report_view *ri,
                         const char *action, const char *text, const char *error);
/** Answer the page shown on "Edit" of a submitted or published report: why it cannot be edited, and the button that reopens it. */
void report_locked_page(struct app *app, struct http_request *req, struct http_response *res, const struct report_view *ri);

/** A report's history, read before the page is written (lines in the request's arena). */
struct report_history_view { struct report_event_line *lines; size_t n; };
/** Read report id's history for the asker: 0, or -1 with e. */
int report_history_read(struct app *app, struct http_request *req, long long id, struct report_history_view *h,
                        struct err *e);
/** Write the history section. */
void report_history_html(struct buf *b, const struct report_history_view *h);
/**
 * Write the notification banner "Returned with comments by the Secretariat on …: <comment>"
 * while report ri is returned, to those who may see its working copy (nothing otherwise).
 */
void report_return_banner(struct buf *b, const struct report_view *ri);

#endif
