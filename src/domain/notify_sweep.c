/*
 * notify_sweep: time-based messages.  A sweep asks each source of the table below what is
 * due at a given time (a stage overdue, a progress report due) and puts the messages in the
 * outbox; each source gives its messages dedup keys, so that a sweep every few minutes says
 * each thing once.  `serve` sweeps every --sweep-seconds; `poaiss notify-sweep` sweeps once.
 *
 * Adding a source: write it next to what it watches (a function of type notify_source_fn,
 * declared in that module's header) and add it to SOURCES.  Each source runs in its own
 * write transaction: one that fails is rolled back and logged, and the others still run.
 */
#include <stdio.h>

#include "domain/assist_stage.h"
#include "domain/notify.h"
#include "domain/project.h"
#include "store/store.h"

/* The sources of time-based messages, in the order they run.  NULL ends the table. */
static const notify_source_fn SOURCES[] = {
    assist_stage_notify_overdue,   /* a request longer in its stage than the target: the Secretariat */
    project_notify_due,            /* a progress report due or late: the party that owes it */
    NULL,
};

long long notify_sweep_sources(struct store *s, time_t now, const notify_source_fn *sources, size_t n)
{
    long long added = 0;
    bool failed = false;
    for (size_t i = 0; i < n && sources[i]; i++) {
        if (store_tx_begin(s) < 0) { failed = true; continue; }
        int k = sources[i](s, now);
        if (store_tx_end(s, k >= 0) < 0) {
            fprintf(stderr, "poaiss: notification sweep: source %zu failed; its messages were not added\n", i);
            failed = true;
            continue;
        }
        added += k;
    }
    return failed ? -1 : added;
}

long long notify_sweep(struct store *s, time_t now)
{
    return notify_sweep_sources(s, now, SOURCES, sizeof SOURCES / sizeof SOURCES[0]);
}
