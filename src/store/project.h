/*
 * store/project: the rows of projects (migrations/0013_projects.sql): a project, its partners,
 * the requests it answers and its progress reports.  Reads copy rows into the caller's arena
 * (through this thread's reader); writes need an open transaction (store_tx_begin).  0 on
 * success, 1 for "not found", -1 on a database error (logged).
 */
#ifndef POAISS_STORE_PROJECT_H
#define POAISS_STORE_PROJECT_H

#include <stdbool.h>
#include <stddef.h>

struct store;
struct arena;

/* A project as stored.  Reads fill every field (strings in the arena); an insert reads them all but id and dates. */
struct store_project {
    long long id;
    const char *title, *iso3, *state_name;  /* state_name: in the asked language (reads only) */
    const char *description;
    bool has_budget;
    double budget;
    const char *currency, *period_start, *period_end, *agency, *schedule;
    bool financial_public;
    const char *status;
    bool synthetic;
    long long created_by;
    const char *created_at, *updated_at, *completed_at;
};

/* Which projects a list holds; zero fields do not filter. */
struct store_project_filter {
    const char *iso3, *status, *category;   /* category: of one of the requests it answers */
    long long partner_id;
};

int store_projects_list(struct store *s, struct arena *a, const char *lang, const struct store_project_filter *f,
                        struct store_project **out, size_t *n);
int store_project_get(struct store *s, struct arena *a, const char *lang, long long id, struct store_project *out);
/** Insert a project (p->id ignored).  Its id, or -1. */
long long store_project_insert(struct store *s, const struct store_project *p);
/** Set a project's status (completed_at set now when completed). */
int store_project_set_status(struct store *s, long long id, const char *status);
/** Link a partner or a request to a project. */
int store_project_partner_add(struct store *s, long long project_id, long long partner_id);
int store_project_request_add(struct store *s, long long project_id, long long request_id);

/* A partner of a project. */
struct store_project_partner { long long id; const char *code, *name, *kind, *iso3; };
int store_project_partners(struct store *s, struct arena *a, long long project_id, struct store_project_partner **out,
                           size_t *n);

/* A request a project answers (its stage: the procedure's). */
struct store_project_request { long long id; const char *title, *category, *kind, *status, *stage; };
int store_project_requests(struct store *s, struct arena *a, long long project_id, struct store_project_request **out,
                           size_t *n);
/** The ids of the projects answering a request, newest first. */
int store_projects_of_request(struct store *s, struct arena *a, long long request_id, long long **out, size_t *n);

/* A progress report as stored: a has_ flag per amount (NULL: not reported). */
struct store_progress {
    long long id, project_id, party;   /* party 0: the requesting State; else a partner id */
    const char *period_end, *activities, *results, *paragraphs;   /* paragraphs: JSON array */
    bool has_committed, has_disbursed, has_spent;
    double committed, disbursed, spent;
    bool synthetic;
    long long created_by;
    const char *created_at;            /* NULL on insert: now */
};
/** The partner that is this State (kind 'state', state_iso3): its id, 0 when none, -1 on error. */
long long store_partner_of_state(struct store *s, const char *iso3);

/** A project's reports, by period then in the order they came. */
int store_progress_list(struct store *s, struct arena *a, long long project_id, struct store_progress **out, size_t *n);
/** Insert a report.  Its id, or -1. */
long long store_progress_insert(struct store *s, const struct store_progress *r);

#endif
