/*
 * store/notify: the notification outbox and user.lang (see store/notify.h).
 */
#include "store/notify.h"

#include <string.h>

#include "store/internal.h"
#include "store/rows.h"
#include "util/arena.h"

#define DUP(a, x) arena_strdup((a), (x))

int store_notify_add(struct store *s, const struct store_notify_new *m)
{
    /* One statement for every set of recipients; the WHERE before ON CONFLICT keeps SQLite from
       reading ON as a join constraint.  A NULL dedup never conflicts (NULLs are distinct). */
    static const char SQL[] =
        "INSERT INTO notification (user_id, kind, object, params, dedup, email_state, synthetic) "
        "SELECT u.id, ?1, ?2, ?3, ?4, CASE WHEN ?5 AND coalesce(u.email, '') <> '' THEN 'pending' ELSE 'none' END, ?6 "
        "FROM user u WHERE u.disabled = 0 AND ("
        "  (?7 = 0 AND u.id = ?8) OR (?7 = 1 AND u.role = 'focal_point' AND u.state_iso3 = ?9) "
        "  OR (?7 = 2 AND u.partner_id = ?8) OR (?7 = 3 AND u.role = 'secretariat')) "
        "ON CONFLICT (user_id, dedup) DO NOTHING";
    struct store_conn *c = store_writer(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (!st) return -1;
    store_bind_text(st, 1, m->kind);
    store_bind_text(st, 2, m->object ? m->object : "");
    store_bind_text(st, 3, m->params ? m->params : "{}");
    store_bind_text(st, 4, m->dedup);
    sqlite3_bind_int(st, 5, m->mail);
    sqlite3_bind_int(st, 6, m->synthetic);
    sqlite3_bind_int(st, 7, (int)m->to);
    sqlite3_bind_int64(st, 8, m->id);
    store_bind_text(st, 9, m->iso3 ? m->iso3 : "");
    if (store_step_done(st, "notification add") < 0) return -1;
    return sqlite3_changes(c->db);
}

static void notify_row(sqlite3_stmt *st, struct arena *a, void *elem, void *ctx)
{
    (void)ctx;
    struct store_notify_row *r = elem;
    r->id = sqlite3_column_int64(st, 0);
    r->user_id = sqlite3_column_int64(st, 1);
    r->kind = DUP(a, store_col(st, 2));
    r->object = DUP(a, store_col(st, 3));
    r->params = DUP(a, store_col(st, 4));
    r->created_at = DUP(a, store_col(st, 5));
    r->read_at = DUP(a, store_col(st, 6));
    r->email_state = DUP(a, store_col(st, 7));
    r->synthetic = sqlite3_column_int(st, 8) != 0;
}

int store_notify_list(struct store *s, struct arena *a, long long user_id, bool unread_only, int offset, int limit,
                      struct store_notify_row **out, size_t *n, long long *total)
{
    static const char SQL[] =
        "SELECT id, user_id, kind, object, params, created_at, read_at, email_state, synthetic FROM notification "
        "WHERE user_id = ?1 AND (?2 = 0 OR read_at IS NULL) ORDER BY id DESC LIMIT ?3 OFFSET ?4";
    static const char COUNT[] = "SELECT count(*) FROM notification WHERE user_id = ?1 AND (?2 = 0 OR read_at IS NULL)";
    *total = 0;
    struct store_conn *c = store_reader(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (st) {
        sqlite3_bind_int64(st, 1, user_id);
        sqlite3_bind_int(st, 2, unread_only);
        sqlite3_bind_int(st, 3, limit);
        sqlite3_bind_int(st, 4, offset);
    }
    if (store_rows(st, a, sizeof **out, notify_row, NULL, out, n, "notification list") < 0) return -1;
    st = store_stmt(c, COUNT);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, user_id);
    sqlite3_bind_int(st, 2, unread_only);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) *total = sqlite3_column_int64(st, 0);
    else store_log_error(c->db, "notification count");
    store_done(st);
    return rc == SQLITE_ROW ? 0 : -1;
}

long long store_notify_unread(struct store *s, long long user_id)
{
    static const char SQL[] = "SELECT count(*) FROM notification WHERE user_id = ?1 AND read_at IS NULL";
    struct store_conn *c = store_reader(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, user_id);
    int rc = sqlite3_step(st);
    long long n = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    if (rc != SQLITE_ROW) store_log_error(c->db, "notification unread");
    store_done(st);
    return n;
}

long long store_notify_read(struct store *s, long long user_id, long long id)
{
    static const char SQL[] =
        "UPDATE notification SET read_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') "
        "WHERE user_id = ?1 AND read_at IS NULL AND (?2 = 0 OR id = ?2)";
    struct store_conn *c = store_writer(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, user_id);
    sqlite3_bind_int64(st, 2, id);
    if (store_step_done(st, "notification read") < 0) return -1;
    return sqlite3_changes(c->db);
}

int store_user_lang_get(struct store *s, struct arena *a, long long user_id, const char **lang)
{
    static const char SQL[] = "SELECT lang FROM user WHERE id = ?1";
    *lang = NULL;
    struct store_conn *c = store_reader(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, user_id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) *lang = DUP(a, store_col(st, 0));
    else if (rc != SQLITE_DONE) store_log_error(c->db, "user lang");
    store_done(st);
    return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

int store_user_lang_set(struct store *s, long long user_id, const char *lang, bool only_if_unset)
{
    static const char SQL[] = "UPDATE user SET lang = ?2 WHERE id = ?1 AND (?3 = 0 OR lang IS NULL)";
    struct store_conn *c = store_writer(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, user_id);
    store_bind_text(st, 2, lang);
    sqlite3_bind_int(st, 3, only_if_unset);
    if (store_step_done(st, "user lang set") < 0) return -1;
    return sqlite3_changes(c->db);
}

int store_notify_claim(struct store *s, struct arena *a, long long now, struct store_notify_mail *out)
{
    static const char PICK[] =
        "SELECT n.id, n.user_id, n.kind, n.object, n.params, n.created_at, u.email, u.name, u.lang, u.disabled, n.attempts "
        "FROM notification n JOIN user u ON u.id = n.user_id "
        "WHERE n.email_state = 'pending' AND coalesce(n.next_attempt_at, 0) <= ?1 ORDER BY n.id LIMIT 1";
    static const char CLAIM[] = "UPDATE notification SET email_state = 'sending' WHERE id = ?1 AND email_state = 'pending'";
    struct store_conn *c = store_writer(s);
    sqlite3_stmt *st = c ? store_stmt(c, PICK) : NULL;
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, now);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        out->id = sqlite3_column_int64(st, 0);
        out->user_id = sqlite3_column_int64(st, 1);
        out->kind = DUP(a, store_col(st, 2));
        out->object = DUP(a, store_col(st, 3));
        out->params = DUP(a, store_col(st, 4));
        out->created_at = DUP(a, store_col(st, 5));
        out->email = DUP(a, store_col(st, 6));
        out->name = DUP(a, store_col(st, 7));
        out->lang = DUP(a, store_col(st, 8));
        out->disabled = sqlite3_column_int(st, 9) != 0;
        out->attempts = sqlite3_column_int(st, 10);
    } else if (rc != SQLITE_DONE) {
        store_log_error(c->db, "notification pick");
    }
    store_done(st);
    if (rc != SQLITE_ROW) return rc == SQLITE_DONE ? 1 : -1;
    st = store_stmt(c, CLAIM);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, out->id);
    return store_step_done(st, "notification claim");
}

int store_notify_sent(struct store *s, long long id, const char *state, int attempts, long long next_attempt_at,
                      const char *error)
{
    static const char SQL[] =
        "UPDATE notification SET email_state = ?2, attempts = ?3, next_attempt_at = ?4, last_error = ?5, "
        "  sent_at = CASE WHEN ?2 = 'sent' THEN strftime('%Y-%m-%dT%H:%M:%SZ', 'now') ELSE sent_at END "
        "WHERE id = ?1 AND email_state = 'sending'";
    struct store_conn *c = store_writer(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, id);
    store_bind_text(st, 2, state);
    sqlite3_bind_int(st, 3, attempts);
    if (next_attempt_at > 0) sqlite3_bind_int64(st, 4, next_attempt_at);
    else sqlite3_bind_null(st, 4);
    store_bind_text(st, 5, error);
    if (store_step_done(st, "notification sent") < 0) return -1;
    return sqlite3_changes(c->db) ? 0 : 1;
}

int store_notify_sending_reset(struct store *s, const char *state, const char *error)
{
    static const char SQL[] = "UPDATE notification SET email_state = ?1, last_error = ?2 WHERE email_state = 'sending'";
    struct store_conn *c = store_writer(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (!st) return -1;
    store_bind_text(st, 1, state);
    store_bind_text(st, 2, error);
    if (store_step_done(st, "notification reset") < 0) return -1;
    return sqlite3_changes(c->db);
}

int store_notify_mail_state(struct store *s, struct arena *a, long long id, const char **state, int *attempts,
                            const char **last_error)
{
    static const char SQL[] = "SELECT email_state, attempts, last_error FROM notification WHERE id = ?1";
    struct store_conn *c = store_reader(s);
    sqlite3_stmt *st = c ? store_stmt(c, SQL) : NULL;
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *state = DUP(a, store_col(st, 0));
        *attempts = sqlite3_column_int(st, 1);
        *last_error = DUP(a, store_col(st, 2));
    } else if (rc != SQLITE_DONE) {
        store_log_error(c->db, "notification mail state");
    }
    store_done(st);
    return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}
