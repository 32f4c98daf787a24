/*
 * error: what a domain operation answers when it cannot do what was asked.
 *
 * A code says which kind of failure it is; the web layer turns the code into an HTTP
 * status (web_fail) and the message into the asker's language.  The message is an
 * English gettext msgid (written with N_() so `make pot` extracts it), never a
 * translated or formatted sentence: the domain knows no language and no HTTP.  It may
 * hold one "%s", replaced by arg when shown (a name, a number already written as text).
 *
 * ERR_STORE means the database could not be read or written: the cause has been logged,
 * the asker sees a 500, and nothing partial is shown or cached.
 */
#ifndef POAISS_DOMAIN_ERROR_H
#define POAISS_DOMAIN_ERROR_H

#ifndef N_
#define N_(s) (s)
#endif

enum err_code {
    ERR_OK = 0,
    ERR_INVALID,        /* the input is malformed or breaks a rule: 400 */
    ERR_NOT_FOUND,      /* no such thing, or not visible to the asker: 404 */
    ERR_FORBIDDEN,      /* the asker may not do this: 403 */
    ERR_CONFLICT,       /* someone else changed it first: 409 */
    ERR_STATE,          /* not allowed in the thing's current state (a published report edited): 409 */
    ERR_TOO_LARGE,      /* over a size limit: 413 */
    ERR_BUSY,           /* try again shortly: 503 */
    ERR_STORE,          /* the database failed (logged): 500 */
};

struct err {
    enum err_code code;
    const char *msg;    /* static English msgid, or NULL for the code's default */
    const char *arg;    /* replaces a "%s" in msg; lent (static or in the request's arena) */
};

#define ERR_NONE ((struct err){ ERR_OK, NULL, NULL })

/** Fill e (may be NULL) and return -1, so a function can `return err_set(e, ...)`. */
int err_set(struct err *e, enum err_code code, const char *msg, const char *arg);
/** The English default message of a code (a msgid). */
const char *err_default_message(enum err_code code);

#endif
