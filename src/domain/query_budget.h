/*
 * query_budget: the time budget of a search's or an analysis's read queries (issue 13), for
 * the dispatcher.  The store does the work (store/budget.c: SQLite's progress handler on every
 * read connection, a deadline per thread); this module is the domain's door to it, so that the
 * web layer never names the store.
 */
#ifndef POAISS_DOMAIN_QUERY_BUDGET_H
#define POAISS_DOMAIN_QUERY_BUDGET_H

#include <stdbool.h>

/** Arm this thread's budget: past budget_us microseconds of this thread's processor time from now, read queries are interrupted. <= 0: none. */
void query_budget_begin(long long budget_us);
/** Disarm it; true when it interrupted a query (the answer must then be a 503, never the handler's). */
bool query_budget_end(void);

#endif
