/* account: users, sessions, API tokens (api_token.revoked holds the unix time of revocation, 0 while
 * valid), login throttling and the audit log. */
#include <stdio.h>

#include "store/internal.h"

static int step_write(sqlite3_stmt *st, const char *where)
{
    int rc = sqlite3_step(st);
    if (rc != SQLITE_DONE) store_log_error(sqlite3_db_handle(st), where);
    store_done(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

#define USER_COLS "SELECT u.id, u.username, u.name, u.email, u.role, u.state_iso3, u.org, u.pw_hash, u.disabled FROM user u "

static void user_row(sqlite3_stmt *st, int at, struct store_user *u)
{
    u->id = sqlite3_column_int64(st, at);
    u->username = store_col(st, at + 1); u->name = store_col(st, at + 2); u->email = store_col(st, at + 3);
    u->role = store_col(st, at + 4); u->state_iso3 = store_col(st, at + 5); u->org = store_col(st, at + 6);
    u->pw_hash = store_col(st, at + 7); u->disabled = sqlite3_column_int(st, at + 8) != 0;
}

long long store_user_add(struct store *s, const char *username, const char *name, const char *email, const char *role,
                         const char *state_iso3, const char *org, const char *pw_hash)
{
    static const char SQL[] = "INSERT INTO user(username, name, email, role, state_iso3, org, pw_hash) "
                              "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(username) DO NOTHING";
    struct store_conn *c = store_writer(s);
    sqlite3_stmt *st = store_stmt(c, SQL);
    if (!st) return -1;
    store_bind_text(st, 1, username); store_bind_text(st, 2, name); store_bind_text(st, 3, email);
    store_bind_text(st, 4, role); store_bind_text(st, 5, state_iso3); store_bind_text(st, 6, org);
    store_bind_text(st, 7, pw_hash);
    if (step_write(st, __func__) < 0) return -1;
    return sqlite3_changes(c->db) ? sqlite3_last_insert_rowid(c->db) : 0;
}

static int user_one(struct store *s, const char *sql, const char *key, long long id, store_user_cb cb, void *ctx)
{
    struct store_conn *c = store_reader(s);
    sqlite3_stmt *st = c ? store_stmt(c, sql) : NULL;
    if (!st) return -1;
    if (key) store_bind_text(st, 1, key); else sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st), ret = 1;
    if (rc == SQLITE_ROW) {
        struct store_user u;
        user_row(st, 0, &u);
        cb(&u, ctx);
        ret = 0;
    } else if (rc != SQLITE_DONE) {
        store_log_error(c->db, sql);
        ret = -1;
    }
    store_done(st);
    return ret;
}

int store_user_by_name(struct store *s, const char *username, store_user_cb cb, void *ctx)
{
    static const char SQL[] = USER_COLS "WHERE u.username = ?1";
    return user_one(s, SQL, username, 0, cb, ctx);
}

int store_user_by_id(struct store *s, long long id, store_user_cb cb, void *ctx)
{
    static const char SQL[] = USER_COLS "WHERE u.id = ?1";
    return user_one(s, SQL, NULL, id, cb, ctx);
}

int store_users_each(struct store *s, store_user_cb cb, void *ctx)
{
    static const char SQL[] = USER_COLS "ORDER BY u.username";
    struct store_conn *c = store_reader(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (!st) return -1;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct store_user u;
        user_row(st, 0, &u);
        if (cb(&u, ctx)) break;
    }
    store_done(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

int store_session_add(struct store *s, const uint8_t *hash, size_t hlen, long long user_id, const char *csrf,
                      long long now, long long expires)
{
    static const char SQL[] = "INSERT INTO session(token_hash, user_id, csrf, created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)";
    sqlite3_stmt *st = store_stmt(store_writer(s), SQL);
    if (!st) return -1;
    sqlite3_bind_blob(st, 1, hash, (int)hlen, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, user_id);
    store_bind_text(st, 3, csrf);
    sqlite3_bind_int64(st, 4, now);
    sqlite3_bind_int64(st, 5, expires);
    return step_write(st, __func__);
}

int store_session_get(struct store *s, const uint8_t *hash, size_t hlen, long long now,
                      int (*cb)(const struct store_user *u, const char *csrf, void *ctx), void *ctx)
{
    static const char SQL[] = "SELECT u.id, u.username, u.name, u.email, u.role, u.state_iso3, u.org, u.pw_hash, u.disabled, "
                              "x.csrf FROM session x JOIN user u ON u.id = x.user_id "
                              "WHERE x.token_hash = ?1 AND x.expires_at > ?2 AND u.disabled = 0";
    struct store_conn *c = store_reader(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (!st) return -1;
    sqlite3_bind_blob(st, 1, hash, (int)hlen, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, now);
    int ret = 1;
    if (sqlite3_step(st) == SQLITE_ROW) {
        struct store_user u;
        user_row(st, 0, &u);
        cb(&u, store_col(st, 9), ctx);
        ret = 0;
    }
    store_done(st);
    return ret;
}

int store_session_delete(struct store *s, const uint8_t *hash, size_t hlen)
{
    static const char SQL[] = "DELETE FROM session WHERE token_hash = ?1";
    sqlite3_stmt *st = store_stmt(store_writer(s), SQL);
    if (!st) return -1;
    sqlite3_bind_blob(st, 1, hash, (int)hlen, SQLITE_TRANSIENT);
    return step_write(st, __func__);
}

int store_sessions_expire(struct store *s, long long now)
{
    static const char SQL[] = "DELETE FROM session WHERE expires_at <= ?1";
    sqlite3_stmt *st = store_stmt(store_writer(s), SQL);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, now);
    return step_write(st, __func__);
}

long long store_token_add(struct store *s, const uint8_t *hash, size_t hlen, long long user_id, const char *label,
                          long long now, long long expires)
{
    static const char SQL[] = "INSERT INTO api_token(token_hash, user_id, label, created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)";
    struct store_conn *c = store_writer(s);
    sqlite3_stmt *st = store_stmt(c, SQL);
    if (!st) return -1;
    sqlite3_bind_blob(st, 1, hash, (int)hlen, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, user_id);
    store_bind_text(st, 3, label);
    sqlite3_bind_int64(st, 4, now);
    if (expires > 0) sqlite3_bind_int64(st, 5, expires); else sqlite3_bind_null(st, 5);
    if (step_write(st, __func__) < 0) return -1;
    return sqlite3_last_insert_rowid(c->db);
}

int store_token_get(struct store *s, const uint8_t *hash, size_t hlen, long long now, store_user_cb cb, void *ctx)
{
    static const char SQL[] = USER_COLS "JOIN api_token t ON t.user_id = u.id "
                              "WHERE t.token_hash = ?1 AND t.revoked = 0 AND (t.expires_at IS NULL OR t.expires_at > ?2) "
                              "AND u.disabled = 0";
    struct store_conn *c = store_reader(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (!st) return -1;
    sqlite3_bind_blob(st, 1, hash, (int)hlen, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, now);
    int ret = 1;
    if (sqlite3_step(st) == SQLITE_ROW) {
        struct store_user u;
        user_row(st, 0, &u);
        cb(&u, ctx);
        ret = 0;
    }
    store_done(st);
    return ret;
}

#define TOKEN_COLS "SELECT t.id, t.user_id, u.username, t.label, t.created_at, coalesce(t.expires_at, 0), t.revoked " \
                   "FROM api_token t JOIN user u ON u.id = t.user_id "

static int token_rows(sqlite3_stmt *st, int (*cb)(const struct store_token *t, void *ctx), void *ctx)
{
    int rc, n = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct store_token t = { sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1), store_col(st, 2),
                                 store_col(st, 3), sqlite3_column_int64(st, 4), sqlite3_column_int64(st, 5),
                                 sqlite3_column_int64(st, 6) };
        n++;
        if (cb(&t, ctx)) { rc = SQLITE_DONE; break; }
    }
    if (rc != SQLITE_DONE) store_log_error(sqlite3_db_handle(st), __func__);
    store_done(st);
    return rc == SQLITE_DONE ? n : -1;
}

int store_tokens_each(struct store *s, long long user_id, int (*cb)(const struct store_token *t, void *ctx), void *ctx)
{
    static const char SQL[] = TOKEN_COLS "WHERE ?1 = 0 OR t.user_id = ?1 ORDER BY t.id DESC";
    struct store_conn *c = store_reader(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, user_id);
    return token_rows(st, cb, ctx) < 0 ? -1 : 0;
}

int store_token_by_id(struct store *s, long long id, int (*cb)(const struct store_token *t, void *ctx), void *ctx)
{
    static const char SQL[] = TOKEN_COLS "WHERE t.id = ?1";
    sqlite3_stmt *st = store_stmt(store_writer(s), SQL);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, id);
    int n = token_rows(st, cb, ctx);
    return n < 0 ? -1 : n == 0 ? 1 : 0;
}

int store_token_revoke(struct store *s, long long id, long long now)
{
    static const char SQL[] = "UPDATE api_token SET revoked = ?2 WHERE id = ?1 AND revoked = 0";
    sqlite3_stmt *st = store_stmt(store_writer(s), SQL);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, now > 0 ? now : 1);
    return step_write(st, __func__);
}

int store_user_set_disabled(struct store *s, long long id, bool disabled)
{
    static const char SQL[] = "UPDATE user SET disabled = ?2 WHERE id = ?1 AND disabled <> ?2";
    struct store_conn *c = store_writer(s);
    sqlite3_stmt *st = store_stmt(c, SQL);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int(st, 2, disabled ? 1 : 0);
    if (step_write(st, __func__) < 0) return -1;
    return sqlite3_changes(c->db) > 0 ? 1 : 0;
}

int store_user_set_password(struct store *s, long long id, const char *pw_hash)
{
    static const char SQL[] = "UPDATE user SET pw_hash = ?2 WHERE id = ?1";
    sqlite3_stmt *st = store_stmt(store_writer(s), SQL);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, id);
    store_bind_text(st, 2, pw_hash);
    return step_write(st, __func__);
}

int store_sessions_end(struct store *s, long long user_id, const uint8_t *keep, size_t klen)
{
    static const char SQL[] = "DELETE FROM session WHERE user_id = ?1 AND (?2 IS NULL OR token_hash <> ?2)";
    struct store_conn *c = store_writer(s);
    sqlite3_stmt *st = store_stmt(c, SQL);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, user_id);
    if (keep) sqlite3_bind_blob(st, 2, keep, (int)klen, SQLITE_TRANSIENT); else sqlite3_bind_null(st, 2);
    if (step_write(st, __func__) < 0) return -1;
    return sqlite3_changes(c->db);
}

int store_sessions_count(struct store *s, long long user_id, long long now)
{
    static const char SQL[] = "SELECT count(*) FROM session WHERE user_id = ?1 AND expires_at > ?2";
    struct store_conn *c = store_reader(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, user_id);
    sqlite3_bind_int64(st, 2, now);
    int n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
    store_done(st);
    return n;
}

long long store_login_failure_add(struct store *s, const char *key, long long now)
{
    static const char SQL[] = "INSERT INTO login_failure(key, at) VALUES (?1, ?2)";
    struct store_conn *c = store_writer(s);
    sqlite3_stmt *st = store_stmt(c, SQL);
    if (!st) return -1;
    store_bind_text(st, 1, key);
    sqlite3_bind_int64(st, 2, now);
    if (step_write(st, __func__) < 0) return -1;
    return sqlite3_last_insert_rowid(c->db);
}

int store_login_failure_delete(struct store *s, long long id)
{
    static const char SQL[] = "DELETE FROM login_failure WHERE rowid = ?1";
    sqlite3_stmt *st = store_stmt(store_writer(s), SQL);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, id);
    return step_write(st, __func__);
}

int store_login_failures_count(struct store *s, const char *key, long long since)
{
    static const char SQL[] = "SELECT count(*) FROM login_failure WHERE key = ?1 AND at >= ?2";
    struct store_conn *c = store_writer(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (!st) return -1;
    store_bind_text(st, 1, key);
    sqlite3_bind_int64(st, 2, since);
    int n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
    store_done(st);
    return n;
}

int store_login_failures_clear(struct store *s, const char *key)
{
    static const char SQL[] = "DELETE FROM login_failure WHERE key = ?1";
    sqlite3_stmt *st = store_stmt(store_writer(s), SQL);
    if (!st) return -1;
    store_bind_text(st, 1, key);
    return step_write(st, __func__);
}

int store_audit_add(struct store *s, long long user_id, const char *actor, const char *action, const char *object,
                    const char *detail_json)
{
    static const char SQL[] = "INSERT INTO audit_log(user_id, actor, action, object, detail) VALUES (?1, ?2, ?3, ?4, ?5)";
    sqlite3_stmt *st = store_stmt(store_writer(s), SQL);
    if (!st) return -1;
    if (user_id > 0) sqlite3_bind_int64(st, 1, user_id); else sqlite3_bind_null(st, 1);
    store_bind_text(st, 2, actor);
    store_bind_text(st, 3, action);
    store_bind_text(st, 4, object);
    store_bind_text(st, 5, detail_json);
    return step_write(st, __func__);
}

int store_audit_each(struct store *s, int limit, int (*cb)(const struct store_audit *, void *), void *ctx)
{
    static const char SQL[] = "SELECT id, at, actor, action, object, detail FROM audit_log ORDER BY id DESC LIMIT ?1";
    struct store_conn *c = store_reader(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (!st) return -1;
    sqlite3_bind_int(st, 1, limit);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct store_audit a = { sqlite3_column_int64(st, 0), store_col(st, 1), store_col(st, 2), store_col(st, 3),
                                 store_col(st, 4), store_col(st, 5) };
        if (cb(&a, ctx)) break;
    }
    int ret = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;   /* a failed read is an error, not a short list */
    if (ret < 0) store_log_error(c->db, __func__);
    store_done(st);
    return ret;
}
