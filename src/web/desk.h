/*
 * desk (web): the Secretariat's desk as tables, described once for the page (/desk) and the
 * API (GET /api/v1/desk).  Private data: no downloads, never cached (Cache-Control: no-store).
 */
#ifndef POAISS_WEB_DESK_H
#define POAISS_WEB_DESK_H

#include "domain/desk.h"
#include "web/table_export.h"

/** The submitted reports waiting for review (lent values; t is the caller's to clean up). */
void desk_waiting_table(struct table *t, const struct desk *d);
/** The returned reports waiting for their State, with the Secretariat's comment. */
void desk_returned_table(struct table *t, const struct desk *d);
/** The progress of d->cycle by region, the last row for all regions (region code null). */
void desk_progress_table(struct table *t, const struct desk *d);

#endif
