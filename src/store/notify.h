/*
 * store/notify: the rows of the notification outbox and user.lang (migrations/0014_notifications.sql).
 * Writes need an open transaction (store_tx_begin); reads copy rows into the caller's arena.
 * 0 on success (or a count), 1 for "not found", -1 on a database error (logged).
 */
#ifndef POAISS_STORE_NOTIFY_H
#define POAISS_STORE_NOTIFY_H

#include <stdbool.h>
#include <stddef.h>

struct store;
struct arena;

/* Who gets a message: one account, a State's focal points, a partner's accounts, the Secretariat. */
enum store_notify_to { STORE_NOTIFY_USER, STORE_NOTIFY_STATE, STORE_NOTIFY_PARTNER, STORE_NOTIFY_SECRETARIAT };

struct store_notify_new {
    enum store_notify_to to;
    long long id;              /* the user (USER) or the partner (PARTNER) */
    const char *iso3;          /* the State (STATE) */
    const char *kind, *object, *params, *dedup;   /* params: JSON text; dedup may be NULL */
    bool mail;                 /* 'pending' for e-mail when the account has an address */
    bool synthetic;
};
/** Add a message for every enabled account of the set, at most one per (account, dedup).  How many, or -1. */
int store_notify_add(struct store *s, const struct store_notify_new *m);

struct store_notify_row {
    long long id, user_id;
    const char *kind, *object, *params, *created_at, *read_at, *email_state;
    bool synthetic;
};
/** A page of user_id's messages, newest first (unread_only: read_at IS NULL); *total counts them all. */
int store_notify_list(struct store *s, struct arena *a, long long user_id, bool unread_only, int offset, int limit,
                      struct store_notify_row **out, size_t *n, long long *total);
/** How many unread messages user_id has, -1 on error. */
long long store_notify_unread(struct store *s, long long user_id);
/** Mark one message of user_id read (id > 0), or every one (id 0).  How many changed, -1 on error. */
long long store_notify_read(struct store *s, long long user_id, long long id);

/** user.lang of user_id into a (NULL when unset): 0, 1 no such user, -1 error. */
int store_user_lang_get(struct store *s, struct arena *a, long long user_id, const char **lang);
/** Set user.lang (NULL unsets); only_if_unset leaves a chosen one.  How many changed, -1 on error. */
int store_user_lang_set(struct store *s, long long user_id, const char *lang, bool only_if_unset);

/* ---- e-mail delivery ---- */

/* A message claimed for sending, with what the e-mail needs. */
struct store_notify_mail {
    long long id, user_id;
    const char *kind, *object, *params, *created_at;
    const char *email, *name, *lang;     /* the recipient's, as they are now; lang may be NULL */
    bool disabled;
    int attempts;                        /* before this one */
};
/** Claim the oldest message due (pending, next_attempt_at <= now): it becomes 'sending'.  0 claimed, 1 none, -1 error. */
int store_notify_claim(struct store *s, struct arena *a, long long now, struct store_notify_mail *out);
/**
 * Record the end of an attempt of a 'sending' message: state 'sent' (sent_at now), 'pending'
 * (next_attempt_at) or 'failed'; attempts the new count; error NULL or why.
 */
int store_notify_sent(struct store *s, long long id, const char *state, int attempts, long long next_attempt_at,
                      const char *error);
/** Messages left 'sending' (by a process that stopped during a hand-off) become state with error.  How many, -1. */
int store_notify_sending_reset(struct store *s, const char *state, const char *error);
/** A message's e-mail fields (for tests and the CLI): state, attempts, last_error in a.  0, 1 none, -1. */
int store_notify_mail_state(struct store *s, struct arena *a, long long id, const char **state, int *attempts,
                            const char **last_error);

#endif
