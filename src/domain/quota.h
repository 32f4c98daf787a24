/*
 * quota: how much room uploaded files may take, and the collector of files nothing refers to.
 *
 * Uploads are report files (answers of type `file`, domain/attachment.h) and the proposal
 * files of requests for assistance filed outside a report (assist_proposal.c).  Files are
 * stored once by content, so room is counted in distinct files:
 *  - a report holds the files linked to it (uploaded to it, or carried in by pre-fill);
 *  - an account holds the files it linked to any report and the proposals of the requests
 *    it filed.
 * An upload that would take either past its quota is refused (413 through the API, a field
 * error in the forms) with the quota in the message; storing a file the report or account
 * already holds costs nothing.  `serve --quota-report / --quota-account` set the quotas.
 *
 * Unreferenced, exactly: a link of a file to a report is unreferenced when neither the
 * report's working answers nor any of its published versions refer to the file; a file is
 * unreferenced when no link to any report and no request's proposal names it.  Files and
 * links younger than the grace period (a day by default) are kept, so that a file uploaded
 * through the API and not yet saved in an answer is not lost.  The collector runs when
 * `serve` starts, with every sweep of the notification worker (at most once an hour), and as
 * `poaiss gc`.
 */
#ifndef POAISS_DOMAIN_QUOTA_H
#define POAISS_DOMAIN_QUOTA_H

#include <stdbool.h>
#include <time.h>

#include "domain/error.h"

struct store;

#define QUOTA_REPORT_DEFAULT  (50LL * 1000 * 1000)    /* bytes of files a report may hold */
#define QUOTA_ACCOUNT_DEFAULT (200LL * 1000 * 1000)   /* bytes of files an account may hold */
#define QUOTA_GRACE_DEFAULT   (24 * 3600)             /* seconds an unreferenced upload is kept */

/** Set the quotas in bytes (before threads start; <= 0 keeps the default). */
void quota_set(long long report_bytes, long long account_bytes);
/** The quotas in force. */
long long quota_report_bytes(void);
long long quota_account_bytes(void);

/**
 * Inside a write transaction: may user_id add the file sha256 of `bytes` bytes to report_id (0 for
 * a request's proposal: no report quota)?  0 yes; -1 with e ERR_TOO_LARGE and a message naming the
 * quota (its arg in argbuf, argbuf_len bytes, the caller's), or ERR_STORE.
 */
int quota_check(struct store *s, long long report_id, long long user_id, const char *sha256, long long bytes,
                char *argbuf, size_t argbuf_len, struct err *e);

/** What a collection removed. */
struct quota_collected { long long links, files, bytes; };
/** Remove what has been unreferenced (see above) since before now - grace_s, in one transaction.  0 or -1. */
int quota_collect(struct store *s, time_t now, long grace_s, struct quota_collected *r);
/** quota_collect with the default grace, when the last one through here is an hour old (the serve sweep). */
void quota_collect_due(struct store *s, time_t now);

#endif
