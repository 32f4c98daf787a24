/*
 * audit: the audit log (who did what, when).  Each domain operation writes its entry with
 * audit_record inside its own transaction; audit_list reads the log, newest first, for
 * GET /api/v1/audit (the Secretariat and admins: the dispatcher has checked AUTHZ_AUDIT_READ).
 */
#ifndef POAISS_DOMAIN_AUDIT_H
#define POAISS_DOMAIN_AUDIT_H

#include <jansson.h>
#include <stddef.h>

#include "domain/error.h"

struct arena;
struct principal;
struct store;

/** The most entries audit_list gives at once. */
#define AUDIT_LIST_MAX 1000

/** One entry; every string owned by the caller's arena (object and detail may be NULL). */
struct audit_entry {
    long long id;
    const char *at;        /* ISO 8601 UTC */
    const char *actor;     /* a username, "cli" or "system" */
    const char *action;    /* such as "report.submit" */
    const char *object;    /* what it was done to ("report:12", "user:3"), or NULL */
    const char *detail;    /* a JSON object written by the domain, or NULL */
};

/**
 * Append one entry inside the caller's transaction: who (lent) did action (lent, such as
 * "project.add") to the object "kind:id" (kind lent; no object when kind is NULL), with detail
 * (lent, may be NULL) written as compact JSON.  The actor is who's username, or "cli" for the
 * command line (no username).  0, or -1 when the store refused it (the caller's commit fails).
 */
int audit_record(struct store *s, const struct principal *who, const char *action, const char *kind, long long id,
                 json_t *detail);

/**
 * The newest `limit` entries (1 to AUDIT_LIST_MAX), newest first, into out (owned by a).
 * 0, or -1 with e (ERR_INVALID for a limit out of range, ERR_STORE).
 */
int audit_list(struct store *s, struct arena *a, int limit, struct audit_entry **out, size_t *n, struct err *e);

#endif
