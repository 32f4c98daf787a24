/*
 * account_reports: on a focal point's account page, where each report of its State stands —
 * its status tag, the cycle's deadline with the days left or late, what to do next in one
 * sentence, and the button for it; the Secretariat's return comments on top.
 */
#ifndef POAISS_WEB_ACCOUNT_REPORTS_H
#define POAISS_WEB_ACCOUNT_REPORTS_H

#include <stddef.h>

#include "domain/desk.h"
#include "web/web.h"

struct account_reports { struct desk_state_report *v; size_t n; };

/** Read the asker's State's reports before the page is written: 0, or -1 with e. */
int account_reports_read(struct app *app, struct http_request *req, struct account_reports *ar, struct err *e);
/** Write the section "Your State's reports". */
void account_reports_html(struct http_request *req, struct http_response *res, const struct account_reports *ar);

#endif
