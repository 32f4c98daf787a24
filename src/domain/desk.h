/*
 * desk: where reports stand, for the two roles that move them.
 *
 * The Secretariat's desk (desk_get): the reports submitted and waiting for its review, the
 * one waiting longest first, each with its days waiting and whether it is a correction (a
 * report already published, reopened and submitted again); the reports it returned and
 * that wait for their State, with its comment; and a cycle's progress by region.  Only the
 * Secretariat and admins see it (AUTHZ_DESK_READ).
 *
 * A State's own reports (desk_state_reports): every cycle it has a report for, and the
 * current cycle even without one, each with its status tag, the cycle's deadline and the
 * days left (or late).  Only those who may see the State's drafts.
 *
 * Values live in the caller's arena.  Days are whole calendar days (UTC) counted from now.
 */
#ifndef POAISS_DOMAIN_DESK_H
#define POAISS_DOMAIN_DESK_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "domain/error.h"

struct arena;
struct principal;
struct store;

/** A report waiting for someone. */
struct desk_report {
    long long id;
    const char *iso3, *state_name;    /* the name in the asked language */
    int cycle, version;               /* version: the latest published one, 0 when none */
    bool correction;                  /* published before, reopened and submitted (or returned) again */
    bool synthetic;
    const char *since;                /* when it was submitted (waiting) or returned (returned), ISO 8601 */
    int days;                         /* whole days since then */
    const char *comment;              /* returned: what the Secretariat asked (NULL otherwise) */
};

/** A cycle's progress in one region (code "" and name NULL: States in no region). */
struct desk_region {
    const char *code, *name;
    int states, reported, drafts, submitted, not_started;   /* reported = published; drafts include returned ones */
};

struct desk {
    struct desk_report *waiting;  size_t nwaiting;    /* submitted, oldest first */
    struct desk_report *returned; size_t nreturned;   /* returned, waiting for the State, oldest first */
    int current_cycle;            /* the open cycle, or the next planned one (0: none) */
    int cycle;                    /* the cycle of the progress: the asked one, else the current one */
    struct desk_region *regions;  size_t nregions;
    struct desk_region total;     /* code NULL */
};

/**
 * The desk for who (the Secretariat or an admin, else ERR_FORBIDDEN), the progress of cycle
 * (0: the current one; an unknown cycle is ERR_NOT_FOUND).  0, or -1 with e.
 */
int desk_get(struct store *s, struct arena *a, const struct principal *who, int cycle, const char *lang, time_t now,
             struct desk *out, struct err *e);

/** Where one State's report for one cycle stands. */
struct desk_state_report {
    int cycle;
    const char *meeting, *cycle_status, *deadline;   /* deadline: YYYY-MM-DD, or NULL */
    long long id;                 /* 0: not started */
    const char *status;           /* draft, submitted, returned, published; NULL: not started */
    int version;
    /* The tag: not_started, draft, late (not submitted, deadline passed), submitted, returned, published. */
    const char *tag;
    bool has_deadline;
    int days_left;                /* to the deadline; negative: days late */
    bool can_start;               /* not started and the cycle is open */
    const char *returned_at, *comment;   /* returned: the latest return */
};

/**
 * The reports of State iso3 as who may see them (only those who may see its drafts, else
 * ERR_FORBIDDEN), newest cycle first: every cycle with a report, and the current cycle.
 * 0, or -1 with e.
 */
int desk_state_reports(struct store *s, struct arena *a, const struct principal *who, const char *iso3, time_t now,
                       struct desk_state_report **out, size_t *n, struct err *e);

/** Whole days from the date at the start of iso (YYYY-MM-DD…) to now's date (UTC); 0 when iso is unreadable. */
int desk_days_since(const char *iso, time_t now);

#endif
