/*
 * budget: a time budget for the read queries of one request (issue 13).  A search or an analysis
 * that the indexes cannot answer quickly must not hold a server thread for seconds: the
 * dispatcher arms a budget before such a handler runs (store_budget_begin) and disarms it after;
 * every read connection has SQLite's progress handler installed (db.c), which this thread's
 * budget is checked from every STORE_BUDGET_STEPS virtual-machine steps, and which interrupts the
 * statement once the budget is spent.  The interrupted statement fails like any database error
 * (the domain answers ERR_STORE); the dispatcher then sees store_budget_end() say so and answers
 * 503 "try a narrower query" instead of whatever the handler made of the failure.  The writer
 * never has the handler: a write is never cut short.
 *
 * The budget is processor time of this thread, not time on the clock: on a loaded machine a
 * query that waits for the processor has not done more work, and refusing it would only make a
 * busy server refuse more.  Reading the thread's CPU clock is a system call, too dear for every
 * check, so the checks read the cheap monotonic clock against a wall deadline and only when it
 * has passed read the CPU clock: spent, the statement is interrupted; not yet (the thread was
 * waiting), the wall deadline moves on by what is left.  Wall time is never less than the thread's
 * CPU time, so nothing past its budget goes unnoticed by more than one step of checks.
 *
 * Everything is per thread (a request runs on one thread from start to end): nothing shared,
 * nothing locked.
 */
#include "store/internal.h"

#include <time.h>

static _Thread_local long long tl_budget_ns;     /* 0: no budget armed on this thread */
static _Thread_local long long tl_cpu_start_ns, tl_wall_deadline_ns;
static _Thread_local bool tl_exceeded;

static long long clock_ns(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

void store_budget_begin(long long budget_us)
{
    tl_exceeded = false;
    tl_budget_ns = budget_us <= 0 ? 0 : budget_us * 1000;
    if (!tl_budget_ns) return;
    tl_cpu_start_ns = clock_ns(CLOCK_THREAD_CPUTIME_ID);
    tl_wall_deadline_ns = clock_ns(CLOCK_MONOTONIC) + tl_budget_ns;
}

bool store_budget_end(void)
{
    bool was = tl_exceeded;
    tl_budget_ns = 0;
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
    if (!tl_budget_ns) return 0;
    if (tl_exceeded) return 1;
    long long now = clock_ns(CLOCK_MONOTONIC);
    if (now < tl_wall_deadline_ns) return 0;
    long long spent = clock_ns(CLOCK_THREAD_CPUTIME_ID) - tl_cpu_start_ns;
    if (spent >= tl_budget_ns) {
        tl_exceeded = true;
        return 1;   /* SQLite stops the statement with SQLITE_INTERRUPT */
    }
    tl_wall_deadline_ns = now + (tl_budget_ns - spent);
    return 0;
}
