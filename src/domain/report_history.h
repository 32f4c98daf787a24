/*
 * report_history: a report's life as its State and the Secretariat see it — every event
 * (started, saved by whom, imported, submitted, returned with its comment, published with
 * its note, reopened) in order, consecutive saves by one person shown as one line with a
 * count; and the Secretariat's latest return comment while the report waits for its State.
 * Only for those who may see the report's draft.  Values live in the caller's arena.
 */
#ifndef POAISS_DOMAIN_REPORT_HISTORY_H
#define POAISS_DOMAIN_REPORT_HISTORY_H

#include <stddef.h>

#include "domain/error.h"

struct arena;
struct principal;
struct store;

struct report_event_line {
    const char *at;           /* ISO 8601 UTC; for collapsed saves, the last one */
    const char *first_at;     /* collapsed saves: the first one (else the same as at) */
    const char *action;       /* start, save, import, submit, return, publish, reopen */
    const char *actor;        /* username, or "cli" */
    const char *comment;      /* return: the comment; publish: the note; else NULL */
    int count;                /* how many events this line stands for (saves collapse) */
};

/**
 * The history of report id for who (ERR_NOT_FOUND when there is no such report or who may
 * not see its draft), oldest first.  0, or -1 with e.
 */
int report_history_get(struct store *s, struct arena *a, const struct principal *who, long long id,
                       struct report_event_line **out, size_t *n, struct err *e);

/**
 * The Secretariat's latest return comment while report id is returned (waiting for its
 * State to resubmit): 1 with *at and *comment (arena), 0 when the report is not returned,
 * -1 with e (as report_history_get).
 */
int report_return_latest(struct store *s, struct arena *a, const struct principal *who, long long id, const char **at,
                         const char **comment, struct err *e);

#endif
