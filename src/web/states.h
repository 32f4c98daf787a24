/*
 * states (web): the table descriptions of the State pages, shared with the API
 * (api/reference.c) so that a list and its JSON cannot disagree.
 */
#ifndef POAISS_WEB_STATES_H
#define POAISS_WEB_STATES_H

#include <stddef.h>

#include "domain/state.h"
#include "web/table_export.h"

/** The list of States as a table (columns iso3, name, status, region ... url); t is initialised here. */
void states_table(struct table *t, const struct state *v, size_t n);
/** A State's reports, a row per cycle (cycle, meeting, status, report, version, synthetic, url). */
void state_reports_table(struct table *t, const struct state_profile *p);

#endif
