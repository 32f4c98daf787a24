/*
 * store/baseline: the rows of joint baseline assessments (migrations/0012_baselines.sql): an
 * assessment of a request, its partners with their agreement to publish, and each side's
 * findings by category.  Reads copy rows into the caller's arena; writes need an open
 * transaction (store_tx_begin).  0 on success, 1 for "not found", -1 on a database error
 * (logged).  Party 0 is the requesting State, any other party a partner's id.
 */
#ifndef POAISS_STORE_BASELINE_H
#define POAISS_STORE_BASELINE_H

#include <stdbool.h>
#include <stddef.h>

struct store;
struct arena;

/* An assessment as stored, with what it needs of its request (reads only). */
struct store_baseline {
    long long id, request_id;
    const char *status, *note, *summary;
    bool state_public, synthetic;
    long long created_by, completed_by;
    const char *created_at, *completed_at, *updated_at;
    /* its request */
    const char *iso3, *state_name, *request_title, *request_status, *request_stage, *request_category;
};

struct store_baseline_partner {
    long long partner_id;
    const char *code, *name, *kind;
    bool agrees_public;
};

struct store_baseline_finding {
    long long party;
    const char *category, *findings, *needs, *capacities, *updated_at;
    long long updated_by;
};

/** An assessment (id), with its request; state names in lang.  0, 1 when none, -1. */
int store_baseline_get(struct store *s, struct arena *a, const char *lang, long long id, struct store_baseline *out);
/** Its partners, by name. */
int store_baseline_partners(struct store *s, struct arena *a, long long id, struct store_baseline_partner **out, size_t *n);
/** Its findings, by category then party. */
int store_baseline_findings(struct store *s, struct arena *a, long long id, struct store_baseline_finding **out, size_t *n);
/** The ids of the assessments of a request, oldest first (array in the arena). */
int store_baselines_of_request(struct store *s, struct arena *a, long long request_id, long long **out, size_t *n);
/** How many assessments of a request are open; -1 on error. */
int store_baselines_open_count(struct store *s, long long request_id);
/** A request's State, coarse status and stage (in the arena).  0, 1 when no such request, -1. */
int store_baseline_request_state(struct store *s, struct arena *a, long long request_id, const char **iso3, const char **status,
                                 const char **stage);

/** Insert an assessment of request_id opened by user_id; its id, or -1. */
long long store_baseline_add(struct store *s, long long request_id, const char *note, long long user_id, bool synthetic);
/** Add a partner to an assessment. */
int store_baseline_partner_add(struct store *s, long long id, long long partner_id);
/**
 * Record one side's findings in a category (insert or replace its three texts); with all
 * three texts empty, remove the row instead.
 */
int store_baseline_finding_set(struct store *s, long long id, long long party, const char *category, const char *findings,
                               const char *needs, const char *capacities, long long user_id);
/** Set whether a party agrees to publish.  1 when the partner takes no part. */
int store_baseline_agree(struct store *s, long long id, long long party, bool agrees);
/** Clear the agreement to publish of every party but keep_party (their agreement was to other findings). */
int store_baseline_agreements_clear(struct store *s, long long id, long long keep_party);
/** Set the summary; complete: also mark the assessment completed by user_id. */
int store_baseline_summary_set(struct store *s, long long id, const char *summary, bool complete, long long user_id);
/** Mark request_id as having a joint baseline assessment (request.assessment). */
int store_request_assessment_mark(struct store *s, long long request_id);

/* A partner one may ask to take part: interested in the request (interest not withdrawn) or not. */
struct store_partner_choice { long long id; const char *code, *name, *kind; bool interested; };
/** Every partner: those interested in request_id first, then the others, each group by name. */
int store_partner_choices(struct store *s, struct arena *a, long long request_id, struct store_partner_choice **out, size_t *n);

#endif
