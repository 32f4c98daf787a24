/*
 * baseline: joint baseline assessments (PoA BMS8 outcome, para 90).  The Secretariat opens
 * one for a request still being processed, with the requesting State and one or more
 * partners; each side (party 0: the State, through its focal points; else a partner, through
 * its accounts) records its own findings, needs and capacities by taxonomy category; the
 * Secretariat completes it with a summary, the result attached to the request.
 *
 * Who sees it: its parties and the Secretariat (authz_assist_party_read); everyone once it is
 * public, which it is only while the State and every partner agree.  An agreement covers the
 * findings as they stood: when a side changes its findings, the other sides' agreements are
 * cleared (the side that changes them keeps its own).  Findings change only while the
 * assessment is open; agreement to publish may be given or withdrawn at any time.  To anyone
 * who may not see it an assessment does not exist (ERR_NOT_FOUND), as for one that does not.
 *
 * Every write is one transaction with an audit entry ("baseline.open", "baseline.findings",
 * "baseline.agree", "baseline.summary", "baseline.complete" on object "baseline:ID").
 * Values returned are in the caller's arena.  Functions return 0, or -1 with e.
 */
#ifndef POAISS_DOMAIN_BASELINE_H
#define POAISS_DOMAIN_BASELINE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "domain/auth.h"
#include "domain/error.h"

struct store;
struct arena;

#define BASELINE_TEXT_MAX 5000          /* characters of a note, a finding, a need, a capacity, the summary */
#define BASELINE_PARTNERS_MAX 16        /* partners of one assessment */
#define BASELINE_FINDINGS_MAX 32        /* categories in one change */

/* One party: the State (party 0) or a partner. */
struct baseline_party {
    long long party;                    /* 0: the requesting State; else the partner's id */
    const char *code, *name;            /* the State's ISO3 and name, or the partner's code and name */
    const char *kind;                   /* "state" for the requesting State, else the partner's kind */
    bool agrees_public;
};

/* One side's findings in one category. */
struct baseline_finding {
    long long party;
    const char *category, *findings, *needs, *capacities, *updated_at;
};

struct baseline {
    long long id, request_id;
    const char *iso3, *state_name, *request_title, *request_status, *request_category;
    const char *status;                 /* open, completed */
    const char *note, *summary;
    bool is_public, synthetic;
    const char *created_at, *completed_at, *updated_at;
    struct baseline_party *parties;     /* parties[0] is the State, then the partners by name */
    size_t nparties;
    struct baseline_finding *findings;  /* by category, then party (empty in lists) */
    size_t nfindings;
    /* what the asker may do */
    long long side;                     /* the party the asker speaks for: 0 the State, > 0 a partner, -1 none */
    bool may_write;                     /* record its side's findings (while open) and agree to publish: a party */
    bool may_complete;                  /* write the summary and complete it (while open): the Secretariat */
};

/* A field's problem (the field named as the API names it, "findings[2].needs"; msg: an English msgid). */
struct baseline_field_error { char field[64]; const char *msg; };
struct baseline_field_errors { struct baseline_field_error v[24]; size_t n; };

/**
 * Open an assessment of request_id with the partners named by code in partners (a JSON
 * array of strings) and a note (NULL: none): the Secretariat only (AUTHZ_ASSIST_PROCESS).
 * Refused with ERR_STATE for a request that is closed, completed, withdrawn or superseded,
 * or that has an open assessment already.  The new id, or -1 with e (ERR_INVALID: errs).
 * Problems are added to errs (the caller starts it empty, or with problems of its own it
 * found in the same input: then nothing is opened and every problem is reported at once).
 */
long long baseline_open(struct store *s, const struct principal *who, long long request_id, json_t *partners,
                        const char *note, struct baseline_field_errors *errs, struct err *e);
/** One assessment with its parties and findings, as who may see it (ERR_NOT_FOUND otherwise). */
int baseline_get(struct store *s, struct arena *a, const struct principal *who, const char *lang, long long id,
                 struct baseline *out, struct err *e);
/**
 * Change an assessment with the fields of the API's PATCH (README, "Baseline assessments"):
 * "findings" (a party: its own side), "public" (a party: its own agreement), "summary" and
 * "status": "completed" (the Secretariat).  A field the asker may not set: ERR_FORBIDDEN.
 * All of it in one transaction, or nothing.
 */
int baseline_update(struct store *s, const struct principal *who, long long id, json_t *in,
                    struct baseline_field_errors *errs, struct err *e);
/** The same checks as baseline_update, without changing anything (a form's "check your answers"). */
int baseline_check(struct store *s, const struct principal *who, long long id, json_t *in,
                   struct baseline_field_errors *errs, struct err *e);
/** The assessments of a request the asker may see (parties only, no findings), oldest first. */
int baseline_list_of_request(struct store *s, struct arena *a, const struct principal *who, const char *lang,
                             long long request_id, struct baseline **out, size_t *n, struct err *e);

/* A partner the Secretariat may ask to take part. */
struct baseline_choice { const char *code, *name; bool interested; };
/** Every partner, those who showed interest in request_id first (then by name). */
int baseline_partner_choices(struct store *s, struct arena *a, long long request_id, struct baseline_choice **out, size_t *n,
                             struct err *e);
/** Whether an assessment may be opened for a request in this status and stage (stage NULL: not known). */
bool baseline_request_open(const char *status, const char *stage);

#endif
