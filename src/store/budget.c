/*
 * budget: a time budget for the read queries of one request (issue 13).  A search or an analysis
 * that the indexes cannot answer quickly must not hold a server thread for seconds: the
 * dispatcher arms a deadline before such a handler runs (store_budget_begin) and disarms it
 * after; every read connection has SQLite's progress handler installed (db.c), which looks at
 * this thread's deadline every STORE_BUDGET_STEPS virtual-machine steps and interrupts the
 * statement once the deadline has passed.  The interrupted statement fails like any database
 * error (the store logs nothing for it, the domain answers ERR_STORE); the dispatcher then sees
 * store_budget_exceeded() and answers 503 "try a narrower query" instead of whatever the
 * handler made of the failure.  The writer never has the handler: a write is never cut short.
 *
 * The deadline is per thread (a request runs on one thread from start to end), so nothing is
 * shared and nothing locked.
 */
#include "store/internal.h"

#include <time.h>

static _Thread_local long long tl_deadline_us;   /* 0: no budget armed on this thread */
static _Thread_local bool tl_exceeded;

static long long now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

void store_budget_begin(long long budget_us)
{
    tl_exceeded = false;
    tl_deadline_us = budget_us <= 0 ? 0 : now_us() + budget_us;
}

bool store_budget_end(void)
{
    bool was = tl_exceeded;
    tl_deadline_us = 0;
    tl_exceeded = false;
    return was;
}

bool store_budget_exceeded(void)
{
    return tl_exceeded;
}

int store_budget_progress(void *unused)
{
    (void)unused;
    if (!tl_deadline_us) return 0;
    if (tl_exceeded || now_us() >= tl_deadline_us) {
        tl_exceeded = true;
        return 1;   /* SQLite stops the statement with SQLITE_INTERRUPT */
    }
    return 0;
}
