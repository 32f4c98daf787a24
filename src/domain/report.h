/*
 * report: a national report's life.  A State's focal point starts the report of an open
 * cycle (pre-filled from the State's last published report, question ids carried over
 * through the template's renames, splits and merges), saves answers as it goes (a draft
 * is saved even when invalid), checks it, and submits it.  The Secretariat publishes it
 * or returns it with comments.  Publishing freezes the answers as a new version, never
 * overwritten; a correction reopens the report and publishes the next version.
 *
 * Every answer carries a revision.  A save names the revision it was based on; when
 * someone else changed the answer since, nothing is saved and the conflict lists both
 * values.  Every change is one transaction and goes to the audit log.
 *
 * Who may do what is asked of authz; these functions take the principal and check.
 */
#ifndef POAISS_DOMAIN_REPORT_H
#define POAISS_DOMAIN_REPORT_H

#include <jansson.h>
#include <stdbool.h>

#include "domain/auth.h"
struct store;

struct template;   /* domain/template.h */

enum report_code { REPORT_OK, REPORT_NOT_FOUND, REPORT_FORBIDDEN, REPORT_INVALID, REPORT_CONFLICT, REPORT_STATE, REPORT_ERROR };

struct report_result {
    enum report_code code;
    char message[256];          /* for the user */
    json_t *details;            /* owned: conflicts, or check errors; NULL when none */
    long long id;               /* the report concerned */
};

/** The HTTP status that fits a result code. */
int report_http_status(enum report_code c);
void report_result_cleanup(struct report_result *r);

#define REPORT_MAX_ANSWER_BYTES (64 * 1024)
/** The longest return comment or publication note, in characters. */
#define REPORT_MAX_COMMENT_CHARS 5000

/** Start (or find) the report of iso3 for an open cycle. */
void report_start(struct store *s, const struct principal *who, const char *iso3, int cycle, struct report_result *r);
/**
 * Save changes: a JSON array of {"question": id, "value": any JSON or null to clear,
 * "rev": the revision the editor saw (0 when it was unanswered)}.  All or nothing.
 * On REPORT_OK, details lists each saved answer's new rev and any validation warnings.
 * A file reference ({"sha256": ...}) is accepted only as the answer to a file question or
 * in a file column or member, and only for a file linked to this report.  Skip logic is
 * applied after every save and import: answers to questions whose `when` no longer holds
 * are cleared (listed in details with "dropped": true), so an inactive question's answer
 * is never kept, submitted or published.
 */
void report_save(struct store *s, const struct principal *who, long long id, json_t *changes, struct report_result *r);

/** An uploaded file's bytes (lent), checked by attachment_check, with its hash and sniffed type. */
struct report_blob { const char *sha256, *type; const void *data; size_t len; };
/**
 * report_save, storing the uploaded files in the same transaction (content-addressed,
 * linked to the report) before the answers that refer to them.  Every file reference in
 * the changes must name a file linked to this report with the same size and type;
 * otherwise nothing is saved (REPORT_INVALID, details [{question, message}]).
 */
void report_save_files(struct store *s, const struct principal *who, long long id, json_t *changes,
                       const struct report_blob *blobs, size_t nblobs, struct report_result *r);
/** Store an uploaded file and link it to the report (the API's upload), for those who may edit it. */
void report_attach(struct store *s, const struct principal *who, long long id, const struct report_blob *blob,
                   struct report_result *r);
/**
 * Replace the working answers with answers (an object id -> value, from a JSON or
 * workbook import).  Every answer must be valid: on any error nothing is written and
 * details lists them all.  Unchanged answers keep their revisions.
 */
void report_import(struct store *s, const struct principal *who, long long id, json_t *answers, struct report_result *r);
/**
 * report_import for a workbook upload (the form's and the API's): a workbook carries no
 * file answers, so the report's file answers are kept rather than cleared.
 */
void report_import_workbook(struct store *s, const struct principal *who, long long id, json_t *answers,
                            struct report_result *r);
/** Check the working answers against the template: details = [{question, number, message}]. */
void report_check(struct store *s, const struct principal *who, long long id, struct report_result *r);
void report_submit(struct store *s, const struct principal *who, long long id, struct report_result *r);
void report_publish(struct store *s, const struct principal *who, long long id, const char *note, struct report_result *r);
void report_return(struct store *s, const struct principal *who, long long id, const char *comment, struct report_result *r);
/** Reopen a submitted (withdraw) or published (correction) report as a draft. */
void report_reopen(struct store *s, const struct principal *who, long long id, struct report_result *r);

/**
 * Skip logic, the one rule that removes answers: the ids of answers (an object id -> value)
 * to questions of t whose `when` does not hold given the answers that remain, in template
 * order (a `when` names an earlier question, so a chain goes at once).  Owned array.  Used by
 * every save, import and publication here and by the command-line import (bulk.c).
 */
json_t *report_inactive(const struct template *t, json_t *answers);
/** May who see the working copy (draft) of this State's reports? */
bool report_may_see_draft(const struct principal *who, const char *iso3);
/** The working answers as an object id -> value (owned), with revs in *revs (owned) when revs is not NULL. */
json_t *report_answers(struct store *s, long long id, json_t **revs);
/** Differences between two answer objects: [{question, before, after}] (owned). */
json_t *report_diff(json_t *before, json_t *after);

#endif
