/* auth: see auth.h. */
#include "domain/auth.h"
#include "store/store.h"

#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "store/assistance.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/jsonw.h"
#include "util/text.h"

static atomic_int hashes_running;

static const char *const ROLE_NAMES[] = { "public", "focal_point", "partner", "secretariat", "admin" };

const char *role_name(enum role r)
{
    return (unsigned)r < sizeof ROLE_NAMES / sizeof ROLE_NAMES[0] ? ROLE_NAMES[r] : "public";
}

int role_parse(const char *s, enum role *out)
{
    for (int i = 1; i < (int)(sizeof ROLE_NAMES / sizeof ROLE_NAMES[0]); i++)
        if (s && strcmp(s, ROLE_NAMES[i]) == 0) { *out = (enum role)i; return 0; }
    return -1;
}

int auth_init(void)
{
    return sodium_init() < 0 ? -1 : 0;
}

void auth_public(struct principal *p)
{
    memset(p, 0, sizeof *p);
    p->role = ROLE_PUBLIC;
}

void auth_random_secret(char out[AUTH_SECRET_LEN])
{
    unsigned char raw[32];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2base64(out, AUTH_SECRET_LEN, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

void auth_secret_hash(const char *secret, unsigned char out[32])
{
    crypto_generichash(out, 32, (const unsigned char *)secret, strlen(secret), NULL, 0);
}

/* At most AUTH_MAX_HASHES argon2id hashes run at once (64 MiB each); others wait their turn
   for up to AUTH_HASH_WAIT_S seconds, and only then get "busy". */
static pthread_mutex_t hash_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t hash_free = PTHREAD_COND_INITIALIZER;

static bool acquire_hash_slot(void)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += AUTH_HASH_WAIT_S;
    bool ok = true;
    pthread_mutex_lock(&hash_lock);
    while (atomic_load(&hashes_running) >= AUTH_MAX_HASHES && ok)
        ok = pthread_cond_timedwait(&hash_free, &hash_lock, &until) == 0 || atomic_load(&hashes_running) < AUTH_MAX_HASHES;
    if (ok) atomic_fetch_add(&hashes_running, 1);
    pthread_mutex_unlock(&hash_lock);
    return ok;
}

static void release_hash_slot(void)
{
    pthread_mutex_lock(&hash_lock);
    atomic_fetch_sub(&hashes_running, 1);
    pthread_cond_signal(&hash_free);
    pthread_mutex_unlock(&hash_lock);
}

enum auth_result auth_password_hash(const char *password, char *out, size_t outlen)
{
    if (outlen < crypto_pwhash_STRBYTES) return AUTH_ERROR;
    if (!acquire_hash_slot()) return AUTH_BUSY;
    int rc = crypto_pwhash_str(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                               crypto_pwhash_MEMLIMIT_INTERACTIVE);
    release_hash_slot();
    return rc == 0 ? AUTH_OK : AUTH_ERROR;
}

enum auth_result auth_password_check(const char *password, const char *hash)
{
    if (!acquire_hash_slot()) return AUTH_BUSY;
    int rc = crypto_pwhash_str_verify(hash, password, strlen(password));
    release_hash_slot();
    return rc == 0 ? AUTH_OK : AUTH_BAD;
}

static void copy(char *dst, size_t n, const char *src)
{
    snprintf(dst, n, "%s", src ? src : "");
}

static void fill(struct principal *p, const struct store_user *u)
{
    auth_public(p);
    if (role_parse(u->role, &p->role) < 0) p->role = ROLE_PUBLIC;
    p->user_id = u->id;
    copy(p->username, sizeof p->username, u->username);
    copy(p->name, sizeof p->name, u->name);
    copy(p->state_iso3, sizeof p->state_iso3, u->state_iso3);
    copy(p->org, sizeof p->org, u->org);
}

struct login_ctx { struct principal *p; char hash[crypto_pwhash_STRBYTES + 1]; bool disabled; };

static int login_user_cb(const struct store_user *u, void *ctx)
{
    struct login_ctx *l = ctx;
    fill(l->p, u);
    copy(l->hash, sizeof l->hash, u->pw_hash);
    l->disabled = u->disabled;
    return 0;
}

static void audit_login(struct store *s, long long uid, const char *username, const char *action, const char *address)
{
    struct buf d = BUF_INIT;
    struct jsonw w;
    jsonw_init(&w, &d);
    jsonw_obj(&w);
    jsonw_kstr(&w, "address", address);
    jsonw_obj_end(&w);
    store_audit_add(s, uid, username, action, NULL, buf_cstr(&d));
    buf_cleanup(&d);
}

void auth_throttle_key(const char *username, char out[AUTH_THROTTLE_KEY_LEN])
{
    /* Usernames are ASCII and compared case-insensitively (user.username is COLLATE NOCASE, which folds ASCII
       only), so the ASCII lower case is the canonical form: "KENYA" and "kenya" share one counter. */
    size_t n = 0;
    out[n++] = 'u';
    out[n++] = ':';
    for (const char *p = username ? username : ""; *p && n < AUTH_THROTTLE_KEY_LEN - 1; p++)
        out[n++] = (*p >= 'A' && *p <= 'Z') ? (char)(*p | 0x20) : *p;
    out[n] = '\0';
}

/*
 * Reserve a sign-in attempt: in one write transaction, count the recent failures of the account from this address,
 * of the address, and of the account from every address, and when under the limits record this attempt as a failure
 * of all three in advance.  Concurrent guesses are serialised by the transaction, so no more than the limits can be
 * under way or done in a window, whatever their number.  The account's own limit across addresses (AUTH_THROTTLE_ANY)
 * holds only an address that has failed on it in the window: anyone could otherwise keep an account locked (its
 * right password refused) with five guesses every quarter of an hour, while its owner, from an address that has
 * not failed, still signs in.  A sign-in that succeeds then forgets its attempts.  AUTH_OK with the rows recorded
 * for the address (*aid) and the account (*uid).
 */
static enum auth_result reserve_attempt(struct store *s, const char *ukey, const char *pkey, const char *akey, long long now,
                                        long long *aid, long long *uid)
{
    if (store_tx_begin(s) < 0) return AUTH_ERROR;
    long long since = now - AUTH_THROTTLE_WINDOW;
    int np = store_login_failures_count(s, pkey, since);
    int na = store_login_failures_count(s, akey, since);
    int nu = store_login_failures_count(s, ukey, since);
    if (np < 0 || na < 0 || nu < 0) { store_tx_rollback(s); return AUTH_ERROR; }
    if (np >= AUTH_THROTTLE_ACCOUNT || na >= AUTH_THROTTLE_ADDRESS || (np > 0 && nu >= AUTH_THROTTLE_ANY)) {
        store_tx_rollback(s);
        return AUTH_THROTTLED;
    }
    *aid = store_login_failure_add(s, akey, now);
    *uid = store_login_failure_add(s, ukey, now);
    if (*aid < 0 || *uid < 0 || store_login_failure_add(s, pkey, now) < 0) { store_tx_rollback(s); return AUTH_ERROR; }
    return store_tx_commit(s) == 0 ? AUTH_OK : AUTH_ERROR;
}

enum auth_result auth_login(struct store *s, const char *username, const char *password, const char *address,
                            struct principal *out, char cookie[AUTH_SECRET_LEN])
{
    long long now = (long long)time(NULL), aid = 0, uid = 0;
    char ukey[AUTH_THROTTLE_KEY_LEN], akey[96], pkey[AUTH_THROTTLE_KEY_LEN + 96];
    auth_throttle_key(username, ukey);
    snprintf(akey, sizeof akey, "a:%.80s", address ? address : "");
    snprintf(pkey, sizeof pkey, "p:%s|%s", ukey + 2, akey + 2);
    auth_public(out);
    enum auth_result rr = reserve_attempt(s, ukey, pkey, akey, now, &aid, &uid);
    if (rr != AUTH_OK) return rr;

    struct login_ctx l = { .p = out };
    int found = store_user_by_name(s, username, login_user_cb, &l);
    if (found < 0) return AUTH_ERROR;
    /* Hash even when the account does not exist, so timing does not tell accounts apart. */
    static const char DUMMY[] = "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$"
                                "2Hl8HR0b7zTqvUQbXnNo2Sq+q9QbY0yqkY2f/cYf0DY";
    enum auth_result r = auth_password_check(password, found == 0 ? l.hash : DUMMY);
    if (r == AUTH_BUSY) return AUTH_BUSY;   /* the attempt stays counted: a flood of guesses gains nothing */
    if (found != 0 || r != AUTH_OK || l.disabled) {
        if (store_tx_begin(s) == 0) {   /* the failure is counted already (reserve_attempt) */
            audit_login(s, found == 0 ? out->user_id : 0, username, l.disabled ? "login.disabled" : "login.failed", address);
            store_tx_commit(s);
        }
        auth_public(out);
        return AUTH_BAD;
    }
    unsigned char h[32];
    auth_random_secret(cookie);
    auth_random_secret(out->csrf);
    auth_secret_hash(cookie, h);
    if (store_tx_begin(s) < 0) return AUTH_ERROR;
    if (store_session_add(s, h, sizeof h, out->user_id, out->csrf, now, now + AUTH_SESSION_SECONDS) < 0 ||
        store_login_failures_clear(s, pkey) < 0 || store_login_failure_delete(s, aid) < 0 ||
        store_login_failure_delete(s, uid) < 0 ||
        store_sessions_expire(s, now) < 0) {
        store_tx_rollback(s);
        return AUTH_ERROR;
    }
    audit_login(s, out->user_id, out->username, "login", address);
    return store_tx_commit(s) == 0 ? AUTH_OK : AUTH_ERROR;
}

static int session_cb(const struct store_user *u, const char *csrf, void *ctx)
{
    struct principal *p = ctx;
    fill(p, u);
    copy(p->csrf, sizeof p->csrf, csrf);
    return 0;
}

static bool plausible_secret(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n < 20 || n > 80) return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
            return false;
    }
    return true;
}

int auth_session_resolve(struct store *s, const char *cookie, struct principal *out)
{
    auth_public(out);
    if (!plausible_secret(cookie)) return 1;
    unsigned char h[32];
    auth_secret_hash(cookie, h);
    int rc = store_session_get(s, h, sizeof h, (long long)time(NULL), session_cb, out);
    if (rc != 0) auth_public(out);
    return rc == 0 ? 0 : 1;
}

int auth_logout(struct store *s, const char *cookie, const struct principal *who)
{
    if (!plausible_secret(cookie)) return 0;
    unsigned char h[32];
    auth_secret_hash(cookie, h);
    if (store_tx_begin(s) < 0) return -1;
    if (store_session_delete(s, h, sizeof h) < 0) { store_tx_rollback(s); return -1; }
    store_audit_add(s, who->user_id, who->username, "logout", NULL, NULL);
    return store_tx_commit(s);
}

static int token_cb(const struct store_user *u, void *ctx)
{
    fill(ctx, u);
    return 0;
}

int auth_token_resolve(struct store *s, const char *token, struct principal *out)
{
    auth_public(out);
    if (!token || strncmp(token, "poa_", 4) != 0 || !plausible_secret(token + 4)) return 1;
    unsigned char h[32];
    auth_secret_hash(token, h);
    int rc = store_token_get(s, h, sizeof h, (long long)time(NULL), token_cb, out);
    if (rc != 0) { auth_public(out); return 1; }
    out->by_token = true;
    return 0;
}

static bool valid_username(const char *u)
{
    size_t n = u ? strlen(u) : 0;
    if (n < 2 || n > 64) return false;
    for (size_t i = 0; i < n; i++) {
        char c = u[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
              c == '-' || c == '@'))
            return false;
    }
    return true;
}

static int state_exists_cb(const struct store_state *st, void *ctx)
{
    (void)st;
    *(int *)ctx = 1;
    return 0;
}

/*
 * The partner code of a new partner account's organisation: its letters and digits in ASCII lower case, runs of
 * anything else as one '-', at most 24 characters ("Demo donor agency" -> "demo-donor-agency").  A code that could
 * be a State's (three characters or fewer: partners of States are coded by ISO3) or that is empty takes the
 * account's id ("p" and the id when empty), so an account never speaks for a State's partner by accident.
 */
static void partner_code_of(const char *org, long long user_id, char out[40])
{
    size_t n = 0;
    bool dash = false;
    for (const unsigned char *p = (const unsigned char *)org; *p && n < 24; p++) {
        unsigned char c = *p;
        if (c >= 'A' && c <= 'Z') c = (unsigned char)(c + 32);
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            if (dash && n) out[n++] = '-';
            if (n < 24) out[n++] = (char)c;
            dash = false;
        } else {
            dash = true;
        }
    }
    while (n && out[n - 1] == '-') n--;
    out[n] = '\0';
    if (n == 0) snprintf(out, 40, "p%lld", user_id);
    else if (n <= 3) snprintf(out + n, 40 - n, "-%lld", user_id);
}

/*
 * Inside the account's transaction: make a partner account speak for the partner of its organisation text (the
 * partner made, kind 'other', when no account named it before).  A code already held by another organisation (or a
 * State) is not shared: the account's id is added to it.  0, or -1 on a database error.
 */
static int partner_link(struct store *s, long long user_id, const char *org)
{
    char code[40];
    partner_code_of(org, user_id, code);
    struct arena a = ARENA_INIT;
    long long pid = store_partner_by_code(s, code);
    if (pid > 0) {
        struct store_partner p;
        if (store_partner_get(s, &a, pid, &p) != 0) pid = -1;
        else if (strcmp(p.name, org) != 0 || strcmp(p.kind, "other") != 0) {
            size_t n = strlen(code);
            snprintf(code + n, sizeof code - n, "-%lld", user_id);
            pid = 0;
        }
    }
    arena_cleanup(&a);
    if (pid < 0) return -1;
    if (pid == 0) pid = store_partner_ensure(s, code, org, "other", NULL, false);
    if (pid <= 0) return -1;
    return store_partner_set_user(s, user_id, pid);
}

long long auth_user_add(struct store *s, const struct auth_user_new *u, const char *password, const char *actor,
                        long long actor_id, char *err, size_t errlen)
{
    enum role role;
    if (!valid_username(u->username)) {
        snprintf(err, errlen, "username: 2 to 64 letters, digits, '.', '_', '-' or '@'");
        return -1;
    }
    if (role_parse(u->role, &role) < 0) {
        snprintf(err, errlen, "role: one of focal_point, partner, secretariat, admin");
        return -1;
    }
    const char *name = u->name && *u->name ? u->name : u->username;
    if (!utf8_valid_text(name, strlen(name)) || strlen(name) > 128) {
        snprintf(err, errlen, "name: at most 128 characters of text");
        return -1;
    }
    char iso3[4] = "";
    if (role == ROLE_FOCAL_POINT) {
        int found = 0;
        if (!text_code_upper(u->state_iso3, 3, iso3) || store_state_get(s, iso3, "en", state_exists_cb, &found) < 0 ||
            !found) {
            snprintf(err, errlen, "state: a focal point needs the ISO 3166 alpha-3 code of a UN Member or observer State");
            return -1;
        }
    } else if (u->state_iso3 && *u->state_iso3) {
        snprintf(err, errlen, "state: only focal points are bound to a State");
        return -1;
    }
    if (role == ROLE_PARTNER && (!u->org || !*u->org)) {
        snprintf(err, errlen, "org: a partner names its organisation or donor State");
        return -1;
    }
    char perr[200];
    if (auth_password_acceptable(u->username, password, perr, sizeof perr) < 0) {
        snprintf(err, errlen, "password: %s", perr);
        return -1;
    }
    char hash[crypto_pwhash_STRBYTES];
    enum auth_result hr = auth_password_hash(password, hash, sizeof hash);
    if (hr != AUTH_OK) {
        snprintf(err, errlen, hr == AUTH_BUSY ? "busy: try again in a moment" : "cannot hash the password");
        return -1;
    }
    if (store_tx_begin(s) < 0) { snprintf(err, errlen, "database busy"); return -1; }
    long long id = store_user_add(s, u->username, name, u->email, u->role, iso3[0] ? iso3 : NULL,
                                  u->org && *u->org ? u->org : NULL, hash);
    if (id <= 0) {
        store_tx_rollback(s);
        snprintf(err, errlen, id == 0 ? "username: '%s' is taken" : "database error", u->username);
        return -1;
    }
    if (role == ROLE_PARTNER && partner_link(s, id, u->org) < 0) {
        store_tx_rollback(s);
        snprintf(err, errlen, "database error");
        return -1;
    }
    struct buf d = BUF_INIT;
    struct jsonw w;
    jsonw_init(&w, &d);
    jsonw_obj(&w);
    jsonw_kstr(&w, "username", u->username);
    jsonw_kstr(&w, "role", u->role);
    jsonw_kstr(&w, "state", iso3[0] ? iso3 : NULL);
    jsonw_kstr(&w, "org", u->org && *u->org ? u->org : NULL);
    jsonw_obj_end(&w);
    char obj[32];
    snprintf(obj, sizeof obj, "user:%lld", id);
    int rc = store_audit_add(s, actor_id, actor, "user.add", obj, buf_cstr(&d));
    buf_cleanup(&d);
    if (store_tx_end(s, rc >= 0) < 0) {
        snprintf(err, errlen, "database error");
        return -1;
    }
    return id;
}

struct id_ctx { long long id; bool disabled; };

static int id_cb(const struct store_user *u, void *ctx)
{
    struct id_ctx *c = ctx;
    c->id = u->id;
    c->disabled = u->disabled;
    return 0;
}

int auth_token_create(struct store *s, const char *username, const char *label, int days, const char *actor,
                      char token[AUTH_SECRET_LEN + 8], char *err, size_t errlen)
{
    struct id_ctx u = { 0, false };
    if (store_user_by_name(s, username ? username : "", id_cb, &u) != 0 || u.disabled) {
        snprintf(err, errlen, "user: no active account named '%s'", username ? username : "");
        return -1;
    }
    if (days < 0 || days > 3650) { snprintf(err, errlen, "days: 0 (no expiry) to 3650"); return -1; }
    const char *lab = label && *label ? label : "api";
    if (strlen(lab) > 100 || !utf8_valid_text(lab, strlen(lab))) { snprintf(err, errlen, "label: at most 100 characters"); return -1; }
    char secret[AUTH_SECRET_LEN];
    auth_random_secret(secret);
    snprintf(token, AUTH_SECRET_LEN + 8, "poa_%s", secret);
    unsigned char h[32];
    auth_secret_hash(token, h);
    long long now = (long long)time(NULL);
    if (store_tx_begin(s) < 0) { snprintf(err, errlen, "database busy"); return -1; }
    long long id = store_token_add(s, h, sizeof h, u.id, lab, now, days ? now + (long long)days * 86400 : 0);
    char obj[32];
    snprintf(obj, sizeof obj, "token:%lld", id);
    if (id < 0 || store_audit_add(s, u.id, actor, "token.create", obj, NULL) < 0) {
        store_tx_rollback(s);
        snprintf(err, errlen, "database error");
        return -1;
    }
    if (store_tx_commit(s) < 0) { snprintf(err, errlen, "database error"); return -1; }
    return 0;
}
