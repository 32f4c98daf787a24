/*
 * auth: who is asking.  Accounts and roles, argon2id passwords, sessions, API bearer
 * tokens and login throttling.  Whether the asker may do something is decided in
 * authz.h, nowhere else.
 *
 * Secrets (session cookies, tokens) are 32 random bytes, base64url-encoded; only
 * their BLAKE2b hashes are stored, so a copy of the database opens no session.
 */
#ifndef POAISS_DOMAIN_AUTH_H
#define POAISS_DOMAIN_AUTH_H

#include <stdbool.h>
#include <stddef.h>

#include <stdint.h>

struct store;

enum role { ROLE_PUBLIC, ROLE_FOCAL_POINT, ROLE_PARTNER, ROLE_SECRETARIAT, ROLE_ADMIN };

/** The stored name of a role ("focal_point"), or "public". */
const char *role_name(enum role r);
/** Parse a stored role name; -1 when unknown. */
int role_parse(const char *s, enum role *out);

#define AUTH_SECRET_LEN 44          /* base64url of 32 bytes, plus prefix room, plus NUL */
#define AUTH_SESSION_SECONDS (12 * 3600)
#define AUTH_THROTTLE_WINDOW (15 * 60)
#define AUTH_THROTTLE_ACCOUNT 5     /* failures per account from one address per window */
#define AUTH_THROTTLE_ADDRESS 20    /* failures per address per window */
#define AUTH_THROTTLE_ANY 50        /* failures per account from every address per window: past it, an address that
                                       has failed on the account waits (one that has not may still sign in) */
#define AUTH_PASSWORD_MIN 12
#define AUTH_PASSWORD_MAX 1024
#define AUTH_MAX_HASHES 2           /* argon2id runs at once (64 MiB each) */
#define AUTH_HASH_WAIT_S 10         /* how long a sign-in waits for a free slot before "busy" */

struct principal {
    enum role role;
    long long user_id;              /* 0 for the public */
    char username[65];
    char name[129];
    char state_iso3[4];             /* focal points: the State they speak for */
    char org[129];
    char csrf[AUTH_SECRET_LEN];     /* the session's CSRF token; empty without a session */
    bool by_token;                  /* authenticated with a bearer token */
};

/** Initialise libsodium.  Call before starting threads.  -1 on failure. */
int auth_init(void);
/** The anonymous principal. */
void auth_public(struct principal *p);

enum auth_result { AUTH_OK, AUTH_BAD, AUTH_THROTTLED, AUTH_BUSY, AUTH_ERROR, AUTH_INVALID };

/** Hash a password with argon2id.  AUTH_BUSY when too many hashes run already. */
enum auth_result auth_password_hash(const char *password, char *out, size_t outlen);
/** Check a password against a stored hash. */
enum auth_result auth_password_check(const char *password, const char *hash);

/**
 * Log in: check throttling for the account (its canonical name) and the address, counting
 * this attempt in the same write transaction, then the password, then create a session.  On AUTH_OK, cookie receives the session secret for the client.
 */
enum auth_result auth_login(struct store *s, const char *username, const char *password, const char *address,
                            struct principal *out, char cookie[AUTH_SECRET_LEN]);
#define AUTH_THROTTLE_KEY_LEN 96
/** The throttle key of a username: "u:" and its canonical (ASCII lower-case) form, so that every spelling of
 *  one account shares one counter. */
void auth_throttle_key(const char *username, char out[AUTH_THROTTLE_KEY_LEN]);
/** Resolve a session cookie.  0 when valid (out filled), 1 when not. */
int auth_session_resolve(struct store *s, const char *cookie, struct principal *out);
/** End a session. */
int auth_logout(struct store *s, const char *cookie, const struct principal *who);
/** Resolve a bearer token.  0 when valid, 1 when not. */
int auth_token_resolve(struct store *s, const char *token, struct principal *out);

struct auth_user_new {
    const char *username, *name, *email, *role, *state_iso3, *org;
};
/**
 * Validate and add an account with its password, audited as actor.  Returns the new
 * id, or -1 with a message for the user in err.
 */
long long auth_user_add(struct store *s, const struct auth_user_new *u, const char *password, const char *actor,
                        long long actor_id, char *err, size_t errlen);
/** Create an API token for a user; token receives the secret (shown once). -1 with err. */
int auth_token_create(struct store *s, const char *username, const char *label, int days, const char *actor,
                      char token[AUTH_SECRET_LEN + 8], char *err, size_t errlen);
/* ---- managing accounts, passwords, sessions and tokens (auth_manage.c) ----
 * Every change below is one transaction and goes to the audit log.  who is the principal
 * acting (NULL: the command line, audited as "cli").  Whether who may act is asked of authz. */

/**
 * The password rules, decided here only (user add, the API, the password change): 12 to 1024
 * characters counted as Unicode code points (not bytes), valid UTF-8 text; not the username
 * in any case, nor the username or "poaiss" with only digits or punctuation around it; not in
 * the embedded list data/common-passwords.txt (case-insensitive).  0 acceptable, else -1 with
 * a message for the user in err (an English msgid: pages pass it through _()).
 */
int auth_password_acceptable(const char *username, const char *password, char *err, size_t errlen);

/** An API token as listed: never its secret.  Strings lent for the callback only. */
struct auth_token_info {
    long long id, user_id; const char *username, *label; long long created_at, expires_at, revoked_at;
};
/** Each token of user_id (0: every account's), newest first. */
int auth_tokens_each(struct store *s, long long user_id, int (*cb)(const struct auth_token_info *t, void *ctx), void *ctx);
/**
 * Revoke token id: its owner or an admin (who NULL: the command line).  0 revoked (or revoked
 * already), 1 no such token the asker may see, -1 error.  It stops working at once.
 */
int auth_token_revoke(struct store *s, const struct principal *who, long long id);
/**
 * Disable (or enable) account user_id: admins (who NULL: the command line).  Disabling ends
 * its sessions; its tokens stop working while it is disabled (they are not revoked).  An admin
 * may not disable their own account.  0 done, 1 no such account, 2 already so, -1 with err.
 */
int auth_user_set_disabled(struct store *s, const struct principal *who, long long user_id, bool disabled, char *err,
                           size_t errlen);
/** End every session of user_id: admins (who NULL: the command line).  The number ended, or -1. */
int auth_user_sessions_end(struct store *s, const struct principal *who, long long user_id);
/**
 * Change who's own password: current must be right (wrong ones are throttled like sign-ins,
 * AUTH_THROTTLE_ACCOUNT per window, on a counter of their own) and the new one acceptable.  Ends who's other sessions, keeping the one
 * of keep_cookie (NULL: a token, all end).  AUTH_OK; AUTH_BAD wrong current password;
 * AUTH_INVALID (err says why); AUTH_THROTTLED; AUTH_BUSY; AUTH_ERROR.
 */
enum auth_result auth_password_change(struct store *s, const struct principal *who, const char *keep_cookie,
                                      const char *current, const char *password, char *err, size_t errlen);
/** An account as an admin sees it; strings lent for the callback only. */
struct auth_account {
    long long id; const char *username, *name, *role, *state_iso3, *org; bool disabled; int sessions;
};
/** Each account, by username, with its live sessions. */
int auth_accounts_each(struct store *s, int (*cb)(const struct auth_account *a, void *ctx), void *ctx);
/** One account by id: 0 found (cb called), 1 none, -1 error. */
int auth_account_get(struct store *s, long long id, int (*cb)(const struct auth_account *a, void *ctx), void *ctx);
/** Find an account by username (any case): 0 with *id, 1 none, -1 error. */
int auth_user_id(struct store *s, const char *username, long long *id);

/** A fresh random secret, base64url. */
void auth_random_secret(char out[AUTH_SECRET_LEN]);
/** The BLAKE2b hash under which a secret (session cookie, token) is stored. */
void auth_secret_hash(const char *secret, unsigned char out[32]);

#endif
