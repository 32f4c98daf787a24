/*
 * notify_send: e-mail delivery of the outbox through the local sendmail, and the background
 * worker of `serve` that delivers and sweeps.
 *
 * A message is handed to `SENDMAIL -t -oi` (posix_spawn, no shell) on a pipe, as an RFC 5322
 * message in the recipient's language (user.lang, else English): From, To, Subject (RFC 2047
 * encoded UTF-8), Date, Message-ID, MIME-Version, text/plain UTF-8 quoted-printable, with a
 * link to the message's object.  Nothing from a user reaches a header unencoded: the address
 * must be a plain address (else the message fails at once), names and subjects are always
 * encoded words.
 *
 * Each message is claimed before it is handed over ('pending' -> 'sending', in a
 * transaction), then marked 'sent' when sendmail exits with 0; otherwise it goes back to
 * 'pending' with attempts + 1 and a retry after backoff_s, 2 x backoff_s, 4 x ...; after
 * max_attempts it is 'failed' with last_error.  A message found 'sending' when the server
 * starts was being handed over when the process stopped: sendmail may have taken it.  It is
 * marked 'failed' (last_error says why), not sent again: each message is e-mailed at most
 * once, and it still shows on the recipient's page.
 */
#ifndef POAISS_DOMAIN_NOTIFY_SEND_H
#define POAISS_DOMAIN_NOTIFY_SEND_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

struct store;
struct buf;

struct notify_mailer {
    const char *sendmail;      /* the program's path (lent) */
    const char *from;          /* the From address, "poaiss@localhost" (lent) */
    const char *base_url;      /* the site's address for links, without a trailing '/' (lent) */
    int max_attempts;          /* 0: 5 */
    int timeout_s;             /* how long sendmail may take; 0: 30 */
    int backoff_s;             /* the first retry's delay; 0: 60 */
};

/** Check a configuration: a plain From address, an http(s) base URL.  0, or -1 with a message in err. */
int notify_mailer_check(const struct notify_mailer *m, char *err, size_t errlen);
/** True when addr is a plain address that may go into a header (no name, no spaces, no CR or LF). */
bool notify_address_ok(const char *addr);

/** At start: messages left 'sending' become 'failed' (see above).  How many, -1 on error. */
int notify_mail_recover(struct store *s);
/**
 * Deliver the oldest message due at now: 1 when one was handled (sent, put back for a retry,
 * or failed), 0 when none is due, -1 on a database error.
 */
int notify_deliver_one(struct store *s, const struct notify_mailer *m, time_t now);

/**
 * Write the e-mail of a message into b (for delivery and tests): recipient address and name,
 * its language, the message's id, created_at, object, subject and body (already written in
 * that language).
 */
void notify_mail_compose(struct buf *b, const struct notify_mailer *m, const char *to, const char *name,
                         const char *lang, long long id, const char *object, const char *subject, const char *body,
                         time_t now);

/* ---- the worker of serve ---- */
struct notify_worker;
/**
 * Start a thread that delivers due messages every poll_s seconds (when m is not NULL) and
 * sweeps every sweep_s seconds (0: never; the first sweep at start).  m is copied (its
 * strings stay lent).  NULL when the thread could not start.
 */
struct notify_worker *notify_worker_start(struct store *s, const struct notify_mailer *m, int sweep_s, int poll_s);
/** Stop the worker (after the message in hand) and free it.  Before store_close. */
void notify_worker_stop(struct notify_worker *w);

#endif
