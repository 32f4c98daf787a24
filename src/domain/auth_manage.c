/*
 * auth_manage: what can be taken back (see auth.h, "managing accounts").  The password rules,
 * token listing and revocation, disabling and enabling accounts, ending sessions and changing
 * one's own password.  Each change is one transaction with its audit-log entry; who may act is
 * asked of authz (the command line, who == NULL, may do everything: it holds the database).
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "domain/auth.h"
#include "store/store.h"
#include "domain/authz.h"
#include "util/buf.h"
#include "util/embed.h"
#include "util/i18n.h"
#include "util/jsonw.h"
#include "util/text.h"

/* ---- the password rules ---- */

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c | 0x20) : c;
}

/* Is p (n bytes) equal to word, ignoring ASCII case? */
static bool same_folded(const char *p, size_t n, const char *word)
{
    size_t w = strlen(word);
    if (n != w || w == 0) return false;
    for (size_t i = 0; i < n; i++)
        if (lower(p[i]) != lower(word[i])) return false;
    return true;
}

/* Is password word with nothing but ASCII digits and punctuation before and after it ("kenya2026!", "#poaiss123")? */
static bool word_with_digits(const char *password, const char *word)
{
    const char *b = password, *e = password + strlen(password);
    while (b < e && ((*b >= '0' && *b <= '9') || (*b >= '!' && *b <= '/') || (*b >= ':' && *b <= '@') ||
                     (*b >= '[' && *b <= '`') || (*b >= '{' && *b <= '~') || *b == ' '))
        b++;
    while (e > b && ((e[-1] >= '0' && e[-1] <= '9') || (e[-1] >= '!' && e[-1] <= '/') || (e[-1] >= ':' && e[-1] <= '@') ||
                     (e[-1] >= '[' && e[-1] <= '`') || (e[-1] >= '{' && e[-1] <= '~') || e[-1] == ' '))
        e--;
    return same_folded(b, (size_t)(e - b), word);
}

/* Is the password (ASCII case folded) a line of data/common-passwords.txt? */
static bool common_password(const char *password)
{
    const struct embed_file *f = embed_find("common-passwords.txt");
    if (!f) return false;
    size_t n = strlen(password);
    const char *p = (const char *)f->data, *end = p + f->len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = (size_t)((nl ? nl : end) - p);
        if (len == n && same_folded(p, len, password)) return true;
        p = nl ? nl + 1 : end;
    }
    return false;
}

/* The messages are msgids: the web pages translate them with _(). */
int auth_password_acceptable(const char *username, const char *password, char *err, size_t errlen)
{
    const char *msg = NULL;
    size_t bytes = password ? strlen(password) : 0, chars = password ? text_chars(password) : 0;
    if (!password || !*password) msg = N_("Enter a password.");
    else if (!utf8_valid_text(password, bytes)) msg = N_("The password must be text, without control characters.");
    else if (chars < AUTH_PASSWORD_MIN) msg = N_("The password must be 12 characters or more.");
    else if (chars > AUTH_PASSWORD_MAX) msg = N_("The password must be 1024 characters or fewer.");
    else if (username && same_folded(password, bytes, username)) msg = N_("The password must not be your username.");
    else if ((username && word_with_digits(password, username)) || word_with_digits(password, "poaiss"))
        msg = N_("The password must not be your username or the site's name with a few digits: choose one that is harder to guess.");
    else if (common_password(password))
        msg = N_("This password is too common: choose one that is harder to guess, such as three or four unrelated words.");
    if (!msg) return 0;
    snprintf(err, errlen, "%s", msg);
    return -1;
}

/* ---- audit ---- */

static int audit(struct store *s, const struct principal *who, const char *action, const char *kind, long long id,
                 const char *key, long long value)
{
    char obj[40];
    snprintf(obj, sizeof obj, "%s:%lld", kind, id);
    struct buf d = BUF_INIT;
    if (key) {
        struct jsonw w;
        jsonw_init(&w, &d);
        jsonw_obj(&w);
        jsonw_kint(&w, key, value);
        jsonw_obj_end(&w);
    }
    int rc = store_audit_add(s, who ? who->user_id : 0, who ? who->username : "cli", action, obj, key ? buf_cstr(&d) : NULL);
    buf_cleanup(&d);
    return rc;
}

/* ---- tokens ---- */

struct tokens_ctx { int (*cb)(const struct auth_token_info *t, void *ctx); void *ctx; };

static int token_item(const struct store_token *t, void *ctx)
{
    struct tokens_ctx *c = ctx;
    struct auth_token_info i = { t->id, t->user_id, t->username, t->label, t->created_at, t->expires_at, t->revoked_at };
    return c->cb(&i, c->ctx);
}

int auth_tokens_each(struct store *s, long long user_id, int (*cb)(const struct auth_token_info *t, void *ctx), void *ctx)
{
    struct tokens_ctx c = { cb, ctx };
    return store_tokens_each(s, user_id, token_item, &c);
}

struct one_token { long long owner, revoked; };

static int one_token_cb(const struct store_token *t, void *ctx)
{
    struct one_token *o = ctx;
    o->owner = t->user_id;
    o->revoked = t->revoked_at;
    return 0;
}

int auth_token_revoke(struct store *s, const struct principal *who, long long id)
{
    if (store_tx_begin(s) < 0) return -1;
    struct one_token o = { 0, 0 };
    int rc = store_token_by_id(s, id, one_token_cb, &o);
    if (rc != 0 || (who && !authz_account(who, o.owner))) {   /* another's token: as if it did not exist */
        store_tx_rollback(s);
        return rc < 0 ? -1 : 1;
    }
    if (o.revoked) { store_tx_rollback(s); return 0; }
    if (store_token_revoke(s, id, (long long)time(NULL)) < 0 || audit(s, who, "token.revoke", "token", id, "user", o.owner) < 0) {
        store_tx_rollback(s);
        return -1;
    }
    return store_tx_commit(s);
}

/* ---- accounts ---- */

struct user_ctx { long long id; bool disabled; };

static int user_cb(const struct store_user *u, void *ctx)
{
    struct user_ctx *c = ctx;
    c->id = u->id;
    c->disabled = u->disabled;
    return 0;
}

struct accounts_ctx { struct store *s; int (*cb)(const struct auth_account *a, void *ctx); void *ctx; };

static int account_item(const struct store_user *u, void *ctx)
{
    struct accounts_ctx *c = ctx;
    int n = store_sessions_count(c->s, u->id, (long long)time(NULL));
    struct auth_account a = { u->id, u->username, u->name, u->role, u->state_iso3, u->org, u->disabled, n < 0 ? 0 : n };
    return c->cb(&a, c->ctx);
}

int auth_accounts_each(struct store *s, int (*cb)(const struct auth_account *a, void *ctx), void *ctx)
{
    struct accounts_ctx c = { s, cb, ctx };
    return store_users_each(s, account_item, &c);
}

int auth_account_get(struct store *s, long long id, int (*cb)(const struct auth_account *a, void *ctx), void *ctx)
{
    struct accounts_ctx c = { s, cb, ctx };
    return store_user_by_id(s, id, account_item, &c);
}

int auth_user_id(struct store *s, const char *username, long long *id)
{
    struct user_ctx c = { 0, false };
    int rc = store_user_by_name(s, username ? username : "", user_cb, &c);
    *id = c.id;
    return rc;
}

int auth_user_set_disabled(struct store *s, const struct principal *who, long long user_id, bool disabled, char *err,
                           size_t errlen)
{
    if (who && !authz_allowed(who, AUTHZ_USERS_MANAGE, NULL)) { snprintf(err, errlen, "Only admins disable accounts."); return -1; }
    if (who && disabled && who->user_id == user_id) {
        snprintf(err, errlen, "You cannot disable your own account: ask another admin.");
        return -1;
    }
    struct user_ctx c = { 0, false };
    int found = store_user_by_id(s, user_id, user_cb, &c);
    if (found != 0) { snprintf(err, errlen, found < 0 ? "Database error." : "There is no such account."); return found < 0 ? -1 : 1; }
    if (store_tx_begin(s) < 0) { snprintf(err, errlen, "The database is busy: try again."); return -1; }
    int changed = store_user_set_disabled(s, user_id, disabled);
    int ended = changed == 1 && disabled ? store_sessions_end(s, user_id, NULL, 0) : 0;
    if (changed < 0 || ended < 0 ||
        (changed == 1 && audit(s, who, disabled ? "user.disable" : "user.enable", "user", user_id, "sessions_ended", ended) < 0)) {
        store_tx_rollback(s);
        snprintf(err, errlen, "Database error.");
        return -1;
    }
    if (store_tx_commit(s) < 0) { snprintf(err, errlen, "Database error."); return -1; }
    return changed == 1 ? 0 : 2;
}

int auth_user_sessions_end(struct store *s, const struct principal *who, long long user_id)
{
    if (who && !authz_allowed(who, AUTHZ_USERS_MANAGE, NULL)) return -1;
    if (store_tx_begin(s) < 0) return -1;
    int n = store_sessions_end(s, user_id, NULL, 0);
    if (n < 0 || audit(s, who, "user.sessions_end", "user", user_id, "sessions_ended", n) < 0) {
        store_tx_rollback(s);
        return -1;
    }
    return store_tx_commit(s) == 0 ? n : -1;
}

struct pw_ctx { char hash[crypto_pwhash_STRBYTES + 1]; bool disabled; };

static int pw_cb(const struct store_user *u, void *ctx)
{
    struct pw_ctx *c = ctx;
    snprintf(c->hash, sizeof c->hash, "%s", u->pw_hash ? u->pw_hash : "");
    c->disabled = u->disabled;
    return 0;
}

enum auth_result auth_password_change(struct store *s, const struct principal *who, const char *keep_cookie,
                                      const char *current, const char *password, char *err, size_t errlen)
{
    err[0] = '\0';
    if (!authz_allowed(who, AUTHZ_OWN_ACCOUNT, NULL)) return AUTH_BAD;
    struct pw_ctx c = { "", false };
    if (store_user_by_id(s, who->user_id, pw_cb, &c) != 0 || c.disabled) return AUTH_BAD;
    char ukey[AUTH_THROTTLE_KEY_LEN];
    auth_throttle_key(who->username, ukey);
    ukey[0] = 'p';   /* "p:name": its own counter, so a session left open can neither guess the password nor, by
                        failing on purpose, lock its owner out of signing in */
    long long now = (long long)time(NULL);
    if (store_tx_begin(s) < 0) return AUTH_ERROR;
    int nu = store_login_failures_count(s, ukey, now - AUTH_THROTTLE_WINDOW);
    store_tx_rollback(s);
    if (nu < 0) return AUTH_ERROR;
    if (nu >= AUTH_THROTTLE_ACCOUNT) return AUTH_THROTTLED;
    enum auth_result r = auth_password_check(current ? current : "", c.hash);
    if (r == AUTH_BUSY) return AUTH_BUSY;
    if (r != AUTH_OK) {
        if (store_tx_begin(s) == 0) {
            if (store_login_failure_add(s, ukey, now) < 0 || audit(s, who, "user.password.failed", "user", who->user_id, NULL, 0) < 0)
                store_tx_rollback(s);
            else
                store_tx_commit(s);
        }
        return AUTH_BAD;
    }
    if (auth_password_acceptable(who->username, password, err, errlen) < 0) return AUTH_INVALID;
    if (current && strcmp(current, password) == 0) {
        snprintf(err, errlen, "%s", N_("The new password must be different from the current one."));
        return AUTH_INVALID;
    }
    char hash[crypto_pwhash_STRBYTES];
    r = auth_password_hash(password, hash, sizeof hash);
    if (r != AUTH_OK) return r;
    unsigned char keep[32];
    if (keep_cookie) auth_secret_hash(keep_cookie, keep);
    if (store_tx_begin(s) < 0) return AUTH_ERROR;
    int ended = store_user_set_password(s, who->user_id, hash) < 0 ? -1 : store_sessions_end(s, who->user_id, keep_cookie ? keep : NULL, sizeof keep);
    if (ended < 0 || audit(s, who, "user.password", "user", who->user_id, "sessions_ended", ended) < 0) {
        store_tx_rollback(s);
        return AUTH_ERROR;
    }
    sodium_memzero(hash, sizeof hash);
    return store_tx_commit(s) == 0 ? AUTH_OK : AUTH_ERROR;
}
