/*
 * notify: the notification outbox (migrations/0014_notifications.sql).
 *
 * Every step that concerns someone puts a message in the outbox, in the transaction of the
 * step itself (so a step rolled back leaves no message, and a step done always leaves one).
 * A message is stored as a kind, the path of its object and JSON params, never as text: its
 * subject and body are written when it is shown or e-mailed, from the kind's entry in the
 * message table (notify.c) and in the language of the person reading it (the page's
 * language on a page, user.lang in an e-mail).  The text of a kind is a gettext msgid with
 * named parameters, "%(title)s"; a parameter the message does not name is ignored, a name
 * with no parameter writes nothing, and a parameter's value is never read as a pattern.
 *
 * A param value is written as:
 *   "text"                 as it is (a title, a partner's name, a comment);
 *   12345                  a number written for the language;
 *   {"msgid": "Received"}  a gettext msgid, translated (a stage's name);
 *   {"state": "KEN"}       the State's name in the language;
 *   {"date": "2026-12-06"} the date written for the language.
 *
 * Recipients: notify_user (one account), notify_state (the State's focal points),
 * notify_partner (a partner's accounts), notify_secretariat (the Secretariat's accounts);
 * disabled accounts get nothing.  dedup (NULL: none) keeps at most one message per account
 * and key: a sweep that runs every few minutes says "overdue" once.
 *
 * E-mail: a message is 'pending' for e-mail when it is made while mail is on
 * (notify_mail_enable, `serve --sendmail`) and its recipient has an e-mail address; it is
 * then sent by the delivery of notify_send.h.  Otherwise its email_state stays 'none'.
 *
 * Functions return 0 (or a count), -1 on a database error (logged), and fill e where they take one.
 */
#ifndef POAISS_DOMAIN_NOTIFY_H
#define POAISS_DOMAIN_NOTIFY_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "domain/error.h"

struct store;
struct arena;

/* What a message is about.  The stored key of each is its name in lower case ("stage_moved"). */
enum notify_kind {
    NOTIFY_REQUEST_ACKNOWLEDGED,   /* the Secretariat acknowledged a State's request: params title */
    NOTIFY_STAGE_MOVED,            /* a request moved to another stage: title, stage ({"msgid"}), note */
    NOTIFY_STAGE_OVERDUE,          /* a request stayed in a stage past its target: title, stage, days */
    NOTIFY_INTEREST_MARKED,        /* a partner marked interest in a State's request: title, partner, note */
    NOTIFY_INTEREST_ANSWERED,      /* the State accepted or declined a partner's interest: title, state, answer ({"msgid"}) */
    NOTIFY_BASELINE_OPENED,        /* the Secretariat opened a joint baseline assessment: title, state */
    NOTIFY_BASELINE_UPDATED,       /* a party changed an assessment: title, party */
    NOTIFY_PROJECT_CREATED,        /* a project was recorded: title, state */
    NOTIFY_PROGRESS_DUE,           /* a progress report of a project is due: title, due ({"date"}) */
    NOTIFY_PROGRESS_POSTED,        /* a party posted a progress report: title, party */
    NOTIFY_REPORT_RETURNED,        /* the Secretariat returned a national report: state, cycle, comment */
    NOTIFY_KIND_COUNT
};

/** The stored key of a kind ("stage_moved"); static. */
const char *notify_kind_key(enum notify_kind k);
/** The kind of a stored key; -1 when unknown (a message of a newer version: shown with a generic text). */
int notify_kind_parse(const char *key, enum notify_kind *out);

/*
 * ---- putting messages in the outbox: INSIDE the caller's write transaction (store_tx_begin) ----
 * object: the path of what the message is about ("/assistance/requests/12"), NULL for none.
 * params: a JSON object (lent; NULL for none).  dedup: NULL, or a key (lent) such as
 * "overdue:12:acknowledged".  Each returns how many messages it added (0 when dedup had one
 * already, or no account qualifies), -1 on a database error.
 */
int notify_user(struct store *s, long long user_id, enum notify_kind kind, const char *object, json_t *params,
                const char *dedup);
/** Every enabled focal point of the State iso3. */
int notify_state(struct store *s, const char *iso3, enum notify_kind kind, const char *object, json_t *params,
                 const char *dedup);
/** Every enabled account of a partner (user.partner_id). */
int notify_partner(struct store *s, long long partner_id, enum notify_kind kind, const char *object, json_t *params,
                   const char *dedup);
/** Every enabled Secretariat account (role secretariat). */
int notify_secretariat(struct store *s, enum notify_kind kind, const char *object, json_t *params, const char *dedup);
/**
 * The parties of an assessment or a project: the State iso3's focal points (party 0) and the
 * accounts of each partner in partners[0..n) (lent), except the party skip (0: the State; a
 * partner's id; -1: none skipped, as when the Secretariat acts).
 */
int notify_parties(struct store *s, const char *iso3, const long long *partners, size_t n, long long skip,
                   enum notify_kind kind, const char *object, json_t *params, const char *dedup);

/** Messages made from now on are queued for e-mail (serve --sendmail).  Call before threads start. */
void notify_mail_enable(bool on);
/** Mark the messages of the demo as synthetic (inside the demo's transactions); off again after. */
void notify_synthetic(bool on);

/* ---- reading: the recipient's own messages ---- */

struct notify_item {
    long long id;
    const char *kind;              /* the stored key */
    const char *object;            /* a path, "" for none */
    const char *subject, *body;    /* plain text in the asked language (not escaped) */
    const char *created_at, *read_at;   /* read_at NULL: unread */
    bool synthetic;
};

#define NOTIFY_PAGE_SIZE 50

/**
 * One page (1-based, NOTIFY_PAGE_SIZE a page) of user_id's messages, newest first, written in
 * lang; unread_only keeps the unread ones.  *total: how many in all (with the same filter).
 * Values in a.
 */
int notify_list(struct store *s, struct arena *a, long long user_id, const char *lang, bool unread_only, int page,
                struct notify_item **out, size_t *n, long long *total, struct err *e);
/** How many unread messages user_id has; -1 on error. */
long long notify_unread_count(struct store *s, long long user_id);
/**
 * Mark user_id's messages read: the ids given (others' ids are ignored), or every one when
 * n is 0.  Own transaction.  How many changed, or -1 with e.
 */
long long notify_mark_read(struct store *s, long long user_id, const long long *ids, size_t n, struct err *e);

/* ---- the language of messages (user.lang) ---- */
/** user_id's language of messages ("fr"), or NULL when not chosen yet; in a. */
const char *notify_lang_get(struct store *s, struct arena *a, long long user_id);
/** Set it (one of the six; NULL to unset).  Own transaction.  0, or -1 with e (ERR_INVALID for another code). */
int notify_lang_set(struct store *s, long long user_id, const char *lang, struct err *e);
/** Set it to lang only while it is still unset (at sign-in, from the page's language).  Own transaction. */
int notify_lang_default(struct store *s, long long user_id, const char *lang);

/* ---- writing a message (also for the e-mail) ---- */
/**
 * The subject and body of a message of kind key (a stored key; an unknown key gets a generic
 * text) with params (JSON text, may be NULL or invalid: then no params), in lang.  Both in a.
 * Changes this thread's language while it writes, and puts it back.
 */
void notify_render(struct store *s, struct arena *a, const char *lang, const char *key, const char *params,
                   const char **subject, const char **body);

/* ---- time-based messages: the sweep ---- */
/**
 * A source of time-based messages: inside the sweep's write transaction it finds what is due
 * at now (a stage overdue, a progress report due) and calls notify_* with a dedup key, so
 * that running again adds nothing.  Returns how many messages it added, or -1.
 */
typedef int (*notify_source_fn)(struct store *s, time_t now);
/**
 * Run every source of the table in notify_sweep.c, each in its own transaction (a failing
 * source is rolled back and logged; the others still run).  How many messages were added;
 * -1 when any source failed.
 */
long long notify_sweep(struct store *s, time_t now);
/** The same over the given sources (n of them): for tests. */
long long notify_sweep_sources(struct store *s, time_t now, const notify_source_fn *sources, size_t n);

#endif
