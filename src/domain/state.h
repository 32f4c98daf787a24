/*
 * state: the read side for States.  One function per thing shown: the list of States
 * (with filters) and a State's profile (facts, names, organisations, and its report for
 * every cycle).  Each decides once what the asker may see (a draft only for those who may
 * see the State's drafts; the cached public view never holds one) and returns values that
 * live in the caller's arena.  The page, the API and the downloads render these results.
 */
#ifndef POAISS_DOMAIN_STATE_H
#define POAISS_DOMAIN_STATE_H

#include <stdbool.h>
#include <stddef.h>

#include "domain/cycle.h"
#include "domain/error.h"
#include "domain/refdata.h"

struct arena;
struct principal;
struct store;

/** A code and its name in the asked language (code NULL when there is none). */
struct state_area { const char *code, *name; };

struct state {
    const char *iso3, *iso2, *m49;
    const char *name;            /* the English short name */
    const char *local_name;      /* the short name in the asked language */
    const char *official_name;   /* the official name in the asked language (else English), or NULL */
    bool observer;               /* an observer State (not a Member) */
    struct state_area region, subregion, intermediate, group;
};

/** A State's short name in lang (else English), in the arena; iso3 itself when it cannot be read. */
const char *state_name_in(struct store *s, struct arena *a, const char *iso3, const char *lang);

/** Filters of the State list: NULL for any. */
struct state_filter { const char *region, *group, *org, *q; };

/** The States matching f, by name in lang.  0, or -1 with e (ERR_STORE). */
int state_list(struct store *s, struct arena *a, const struct state_filter *f, const char *lang, struct state **out,
               size_t *n, struct err *e);

/** A State's report as the asker may see it in one cycle. */
struct state_report {
    long long id;
    int version;                 /* the latest published version; 0: a draft the asker may see */
    const char *status;          /* the working copy's status (draft, submitted, returned, published) */
    bool synthetic;
    bool late;                   /* submitted after the cycle's deadline (domain/cycle.c) */
};

struct state_cycle {
    int year;
    const char *meeting, *meeting_name;   /* meeting_name in the asked language */
    enum cycle_status status;            /* the cycle's status today */
    const struct state_report *report;   /* NULL when none the asker may see */
};

struct state_profile {
    struct state st;
    struct { const char *lang, *name; } *names;  size_t nnames;
    struct ref_org *orgs;        size_t norgs;   /* the organisations it belongs to, by code */
    struct state_cycle *cycles;  size_t ncycles; /* newest first, every cycle of the reference data */
    bool drafts;                 /* the asker may see the State's drafts */
};

/**
 * The profile of State iso3 (already checked) for who (NULL: the public).  0, or -1 with e
 * (ERR_NOT_FOUND, ERR_STORE).
 */
int state_profile_get(struct store *s, struct arena *a, const struct principal *who, const char *iso3, const char *lang,
                      struct state_profile *out, struct err *e);

/** A State and its published report in one cycle. */
struct state_reporting {
    struct state st;
    long long report;            /* the report's id; 0: none published */
    bool synthetic;              /* the report is synthetic demonstration data */
};

/**
 * Every State (by name in lang, as state_list) with its published report in cycle year (never
 * a draft, whoever asks: the page and its downloads are public).  0, or -1 with e (ERR_STORE).
 */
int state_reporting_list(struct store *s, struct arena *a, int year, const char *lang, struct state_reporting **out,
                         size_t *n, struct err *e);

#endif
