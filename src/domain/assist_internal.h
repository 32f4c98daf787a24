/*
 * assist_internal: what the parts of assistance share (not for other modules): the proposal
 * file of a request filed outside a report, checked while its other fields are (assistance.c)
 * and stored in the same transaction (assist_proposal.c).
 */
#ifndef POAISS_DOMAIN_ASSIST_INTERNAL_H
#define POAISS_DOMAIN_ASSIST_INTERNAL_H

#include "domain/assistance.h"
#include "store/assistance.h"

/* The bytes to store with a request's new proposal (sha256 empty: none). */
struct assist_proposal_blob { char sha256[65]; const char *type; const void *data; size_t len; };

/**
 * Apply p to q (a request being made or changed): PUT checks the file and sets q->proposal to
 * its reference (in the arena) and *blob to what to store; REMOVE clears it.  A request read
 * from a report refuses both.  Problems go to errs as field "proposal".
 */
void assist_proposal_apply(struct arena *a, const struct assist_proposal *p, struct store_request *q,
                           struct assist_proposal_blob *blob, struct assist_field_errors *errs);
/** Inside the write transaction: store blob's bytes (nothing when it has none).  0, or -1. */
int assist_proposal_store(struct store *s, const struct assist_proposal_blob *blob);
/**
 * Inside the write transaction, after the request is saved: the proposal it had (was, its reference as stored,
 * or NULL) when now names another file or none: its file is removed when nothing else names it, so that a proposal
 * replaced again and again takes no room outside the account's quota (it used to wait a day for the collector).
 * 0, or -1.
 */
int assist_proposal_forget(struct store *s, const char *was, const char *now);
/**
 * In the write transaction, before assist_proposal_store: does the new proposal file fit in the
 * account's upload quota (domain/quota.h)?  0 yes (or no new file); -1 with a field error on
 * "proposal" in errs.
 */
int assist_proposal_quota(struct store *s, const struct principal *who, const struct assist_proposal_blob *blob,
                          struct assist_field_errors *errs);

#endif
